package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.DType;
import io.numfuse.ir.NumfuseException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Disagreements with NumPy found by scripts/fuzz_cli.py, each pinned to NumPy's answer. */
class NumpyRegressionTest {
    @Test
    void unaryPlusFollowsPythonOnLiteralsAndNumpyOnArrays() {
        // Python: +True == 1 (an int); NumPy: np.positive has no bool loop; other dtypes unchanged
        NDArray t = Num.eval("+True", Map.of());
        assertEquals(DType.INT64, t.dtype());
        assertEquals(1.0, t.item());
        assertEquals(DType.INT64, Num.eval("+False + True", Map.of()).dtype());
        NDArray f = Num.array(1f, -2f);
        assertEquals(DType.FLOAT32, Num.eval("+f", Map.of("f", f)).dtype());
        assertEquals(DType.FLOAT64, Num.eval("+2.5", Map.of()).dtype());
        NDArray b = Num.array(true, false);
        assertThrows(NumfuseException.class, () -> Num.eval("+b", Map.of("b", b)).eval());
    }
}
