package io.numfuse.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.numfuse.core.DType;
import org.junit.jupiter.api.Test;

class NpyArrayTest {

    @Test
    void acceptsEachDtypeWithItsArrayClass() {
        assertEquals(6, new NpyArray(DType.BOOL, new int[] {2, 3}, new byte[6]).size());
        assertEquals(1, new NpyArray(DType.INT32, new int[] {}, new int[1]).size());
        assertEquals(0, new NpyArray(DType.INT64, new int[] {2, 0}, new long[0]).size());
        assertEquals(3, new NpyArray(DType.FLOAT32, new int[] {3}, new float[3]).ndim() + 2);
        assertEquals(24, new NpyArray(DType.FLOAT64, new int[] {2, 3, 4}, new double[24]).size());
    }

    @Test
    void rejectsDataOfTheWrongClass() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NpyArray(DType.FLOAT64, new int[] {2}, new float[2]));
        assertEquals("data of a float64 array must be a double[], not a float[]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(DType.BOOL, new int[] {2}, new boolean[2]));
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(DType.INT32, new int[] {2}, new Integer[2]));
        assertThrows(NullPointerException.class, () -> new NpyArray(DType.INT32, new int[] {0}, null));
        assertThrows(NullPointerException.class, () -> new NpyArray(null, new int[] {0}, new int[0]));
        assertThrows(NullPointerException.class, () -> new NpyArray(DType.INT32, null, new int[0]));
    }

    @Test
    void rejectsALengthThatDoesNotMatchTheShape() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NpyArray(DType.INT32, new int[] {3, 4}, new int[11]));
        assertEquals("shape (3, 4) needs 12 elements but data has 11", e.getMessage());
        // A 0-d array holds exactly one element.
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(DType.INT32, new int[] {}, new int[0]));
    }

    @Test
    void rejectsNegativeDimensionsAndShapesThatOverflow() {
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(DType.INT32, new int[] {-1}, new int[0]));
        // 65536 * 65536 wraps to 0 in int arithmetic; it must not pass for an empty array.
        assertThrows(IllegalArgumentException.class,
                () -> new NpyArray(DType.INT32, new int[] {65536, 65536}, new int[0]));
    }

    @Test
    void rejectsBoolBytesOtherThanZeroAndOne() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NpyArray(DType.BOOL, new int[] {3}, new byte[] {0, 1, 2}));
        assertEquals("bool data must be 0 or 1, found 2 at index 2", e.getMessage());
    }

    @Test
    void shapeIsCopiedInAndOut() {
        int[] shape = {2, 3};
        NpyArray a = new NpyArray(DType.INT32, shape, new int[6]);
        shape[0] = 99;
        assertArrayEquals(new int[] {2, 3}, a.shape());
        a.shape()[1] = 99;
        assertArrayEquals(new int[] {2, 3}, a.shape());
    }

    @Test
    void equalityAndHashLookAtContents() {
        NpyArray a = new NpyArray(DType.FLOAT64, new int[] {2}, new double[] {1, Double.NaN});
        NpyArray b = new NpyArray(DType.FLOAT64, new int[] {2}, new double[] {1, Double.NaN});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new NpyArray(DType.FLOAT64, new int[] {1, 2}, new double[] {1, Double.NaN}));
        assertNotEquals(a, new NpyArray(DType.FLOAT64, new int[] {2}, new double[] {1, 2}));
        assertNotEquals(new NpyArray(DType.FLOAT64, new int[] {}, new double[] {0.0}),
                new NpyArray(DType.FLOAT64, new int[] {}, new double[] {-0.0}));
        assertNotEquals(new NpyArray(DType.INT32, new int[] {}, new int[1]),
                new NpyArray(DType.FLOAT32, new int[] {}, new float[1]));
        for (DType t : DType.values()) {
            NpyArray x = TestArrays.ramp(t, 2, 3);
            assertEquals(x, TestArrays.ramp(t, 2, 3));
            assertEquals(x.hashCode(), TestArrays.ramp(t, 2, 3).hashCode());
        }
    }

    @Test
    void toStringShowsTypeShapeAndFirstElements() {
        assertEquals("NpyArray[float64 (3,) [1.0, 2.0, 3.0]]",
                new NpyArray(DType.FLOAT64, new int[] {3}, new double[] {1, 2, 3}).toString());
        assertEquals("NpyArray[bool () [True]]", new NpyArray(DType.BOOL, new int[] {}, new byte[] {1}).toString());
        assertEquals("NpyArray[int32 (2, 5) [0, 1, 2, 3, 4, 5, 6, 7, ... 10 elements]]",
                TestArrays.ramp(DType.INT32, 2, 5).toString());
    }
}
