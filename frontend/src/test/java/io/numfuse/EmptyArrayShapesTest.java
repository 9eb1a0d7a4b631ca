package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.numfuse.core.DType;
import io.numfuse.ir.Shapes;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An empty array may have dimensions whose product, without its 0, would pass numfuse's size
 * limit, as NumPy allows: {@code (2147483647, 0)} holds no elements. Shapes.size refused such
 * shapes as "too large" when a partial product passed the limit, so a .npy file NumPy writes
 * for {@code np.empty((2**31 - 1, 0))} was read and then could not be wrapped (found by the
 * .npy fuzzer).
 */
class EmptyArrayShapesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2147483647,0", "0,2147483647,2", "65536,65536,0", "2147483639,0,2147483639"})
    void anEmptyArrayWithHugeDimensionsWrapsAndComputes(String dims) {
        int[] shape = java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        assertEquals(0, Shapes.size(shape));
        NDArray x = Num.wrap(DType.FLOAT64, new double[0], shape);
        for (String target : new String[] {"jvm", "interpreter"}) {
            NDArray y = Num.on(target, () -> Num.eval("x * 2 + 1", Map.of("x", x)).eval());
            assertArrayEquals(shape, y.shape());
            assertEquals(0, y.toDoubleArray().length);
        }
    }
}
