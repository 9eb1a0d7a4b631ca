package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Float sums on the JVM backend are accurate: a float32 sum of 10^7 values is within 1e-6 of the float64 sum. */
class JvmReductionAccuracyTest {
    @Test
    void aFloat32SumOfTenMillionValuesIsWithinOnePpmOfTheExactSum() {
        int n = 10_000_000;
        Buffer b = Buffer.allocate(DType.FLOAT32, n);
        SplittableRandom r = new SplittableRandom(42);
        double f64 = 0;
        for (int i = 0; i < n; i++) {
            float v = (float) r.nextDouble(0, 1);
            b.setDouble(i, v);
            f64 += v;
        }
        Node x = Graph.leaf(View.contiguous(b, n));
        View total = io.numfuse.runtime.Executor.evaluate(Graph.reduce(Op.SUM, x, null, false), null, JvmTarget.INSTANCE);
        double got = total.buffer().getDouble(total.offset());
        assertEquals(DType.FLOAT32, total.dtype());
        assertTrue(Math.abs(got - f64) <= 1e-6 * Math.abs(f64), "float32 sum " + got + " vs float64 sum " + f64);
        // and over an axis, through per-thread partials
        View m = View.contiguous(b, 1000, 10_000);
        View cols = io.numfuse.runtime.Executor.evaluate(Graph.reduce(Op.SUM, Graph.leaf(m), new int[] { 0 }, false), null, JvmTarget.INSTANCE);
        double colsTotal = 0;
        for (int j = 0; j < 10_000; j++) colsTotal += cols.buffer().getDouble(j);
        assertTrue(Math.abs(colsTotal - f64) <= 1e-5 * Math.abs(f64), "column sums add up to " + colsTotal + " vs " + f64);
    }
}
