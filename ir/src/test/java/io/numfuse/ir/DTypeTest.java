package io.numfuse.ir;

import static io.numfuse.core.DType.*;

import io.numfuse.core.DType;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DTypeTest {
    @Test
    void strongPromotionFollowsNumpy() {
        assertEquals(INT64, promote(INT32, INT64));
        assertEquals(FLOAT64, promote(INT32, FLOAT32));
        assertEquals(FLOAT64, promote(INT64, FLOAT32));
        assertEquals(FLOAT32, promote(BOOL, FLOAT32));
        assertEquals(INT32, promote(BOOL, INT32));
        assertEquals(FLOAT64, promote(FLOAT32, FLOAT64));
        for (DType a : values()) for (DType b : values()) assertEquals(promote(a, b), promote(b, a));
    }

    @Test
    void weakScalarsTakeTheArrayTypeWhenTheirKindAllows() {
        assertEquals(FLOAT32, promote(FLOAT32, false, FLOAT64, true));   // f32 * 2.0
        assertEquals(INT32, promote(INT32, false, INT64, true));         // i32 + 1
        assertEquals(FLOAT64, promote(INT32, false, FLOAT64, true));     // i32 + 1.0
        assertEquals(INT64, promote(BOOL, false, INT64, true));          // bool + 1
        assertEquals(INT32, promote(BOOL, true, INT32, false));          // True + i32
        assertEquals(FLOAT64, promote(INT64, true, FLOAT64, true));      // 1 + 2.0
    }
}
