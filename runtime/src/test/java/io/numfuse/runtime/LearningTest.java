package io.numfuse.runtime;

import static io.numfuse.runtime.CostModelTest.abc;
import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import org.junit.jupiter.api.Test;

/**
 * What a kernel's runs teach the model (`Learning`): its correction per target and size, from
 * the low end of its latest runs (accidents only slow a run), after the JIT had time to compile
 * it, and a wrong calibration corrected within a few runs.
 */
class LearningTest {
    @Test
    void learningCorrectsAWrongCalibrationWithinAFewRuns() {
        Learning l = new Learning(0);
        for (int i = 0; i < 8; i++) l.observe("opencl:1", null, "memory32", 1.0, 8.0);
        double f = l.factor("opencl:1", null, "memory32");
        assertTrue(f > 6 && f < 8.01, "after 8 runs the factor is close to 8: " + f);
        assertEquals(1.0, l.factor("opencl:1", null, "transcendental32"), "other classes untouched");
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 8)).kernels().get(0).key();
        for (int i = 0; i < Learning.WARM_UP; i++) l.observe("jvm", key, "memory32", 1.0, 30.0);   // compiling, warming up: not learnt
        assertEquals(1.0, l.factor("jvm", key, "memory32"));
        for (int i = 0; i < 8; i++) l.observe("jvm", key, "memory32", 1.0, 2.0);
        assertEquals(2.0, l.factor("jvm", key, "memory32"), 0.1);
        int explored = 0;
        for (int i = 0; i < 40; i++) if (l.explore("opencl:1", key)) explored++;
        assertEquals(10, explored, "an untried target is measured one evaluation in four");
        for (int i = 0; i < Learning.TRUSTED; i++) l.observe("opencl:1", key, "memory32", 1.0, 1.0);
        int again = 0;
        for (int i = 0; i < 160; i++) if (l.explore("opencl:1", key)) again++;
        assertEquals(160 / Learning.RETRY, again, "once it is measured, one in RETRY");
        l.observe("jvm", null, "division64", 1.0, 1e9);               // an absurd measurement is ignored
        assertEquals(1.0, l.factor("jvm", null, "division64"));
    }

    @Test
    void onlyALessonThatMovesACorrectionByNewsCounts() {
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 8)).kernels().get(0).key();
        for (int i = 0; i < Learning.WARM_UP; i++) l.observe("jvm", key, 8, "map.memory32", 1.0, 2.0, false);   // warming up: not learnt
        long before = l.lessons();
        assertTrue(l.observe("jvm", key, 8, "map.memory32", 1.0, 0.5, false), "a kernel's first correction is news");
        assertEquals(before + 1, l.lessons());
        for (int i = 0; i < 7; i++) l.observe("jvm", key, 8, "map.memory32", 1.0, 0.5, false);
        long steady = l.lessons();
        for (int i = 0; i < 40; i++) {
            assertFalse(l.observe("jvm", key, 8, "map.memory32", 1.0, 0.5 * (1 + 0.04 * (i % 2)), false), "runs within 4% of it: no news");
        }
        assertEquals(steady, l.lessons(), "what rests on the lessons (SmallWork's crossovers) stays");
        boolean moved = false;
        for (int i = 0; i < 8 && !moved; i++) moved = l.observe("jvm", key, 8, "map.memory32", 1.0, 1.5, false);
        assertTrue(moved, "runs three times as slow for good move it");
        assertTrue(l.lessons() > steady);
        assertEquals(1.5, l.factor("jvm", key, 8, "map.memory32"), 0.2);
        moved = l.observe("jvm", key, 8, "map.memory32", 1.0, 0.5, false);
        assertTrue(moved, "a run far faster than the correction starts its history afresh: news at once");
    }

    /**
     * The pace of learning hears of a kernel only when its correction moved by a quarter: a
     * kernel whose runs spread 0.46-1.14 times their prediction (a resident a+b*c over 10^6 on
     * PoCL) moves its correction by 5% at most lessons, and with each such lesson news its kept
     * decision learnt from one run in four, each lesson 50-90 us after the streaming kernel.
     */
    @Test
    void onlyACorrectionMovedByAQuarterIsNewsForThePaceOfLearning() {
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 8)).kernels().get(0).key();
        for (int i = 0; i < Learning.WARM_UP; i++) l.observe("opencl:1", key, 8, "map.memory32", 1.0, 2.0, false);
        long before = l.paceNews();
        l.observe("opencl:1", key, 8, "map.memory32", 1.0, 0.6, false);
        assertEquals(before + 1, l.paceNews(), "a kernel's first correction is news for the pace");
        double[] spread = { 0.72, 1.08, 0.53, 1.11, 0.89, 0.90, 1.14, 0.62, 0.71, 0.95, 0.58, 1.02 };
        long lessons = l.lessons(), news = l.paceNews();
        for (int round = 0; round < 4; round++) for (double r : spread) l.observe("opencl:1", key, 8, "map.memory32", 1.0, r, false);
        assertTrue(l.lessons() - lessons >= 3, "the correction moved by 5% now and then: " + (l.lessons() - lessons) + " lessons");
        assertTrue(l.paceNews() - news <= 1, "but never by a quarter from where it settled: " + (l.paceNews() - news) + " for the pace");
        news = l.paceNews();
        for (int i = 0; i < 8; i++) l.observe("opencl:1", key, 8, "map.memory32", 1.0, 2.0, false);
        assertTrue(l.paceNews() > news, "a kernel about three times as slow for good is news for the pace");
    }

    @Test
    void theJvmsRunsAreNotLearntUntilTheJitHadTimeToCompileTheKernel() {
        Learning l = new Learning();
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 8)).kernels().get(0).key();
        for (int i = 0; i < 20; i++) l.observe("jvm", key, "map.memory32", 1.0, 15.0);   // interpreted code, just after its first run
        assertEquals(1.0, l.factor("jvm", key, "map.memory32"), "nothing learnt in the JIT's first " + Learning.JIT_SETTLE_NANOS / 1e6 + " ms");
        for (int i = 0; i < 20; i++) l.observe("opencl:1", key, "map.memory32", 1.0, 3.0);
        assertEquals(3.0, l.factor("opencl:1", key, "map.memory32"), 1e-9, "a device has no JIT: learnt after its warm-up runs");
    }

    @Test
    void aRunFarFasterThanTheCorrectionSaysStartsTheKernelsHistoryAfresh() {
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 8)).kernels().get(0).key();
        for (int i = 0; i < Learning.WARM_UP + 5; i++) l.observe("jvm", key, "map.memory32", 1.0, 12.0);   // slowed by accidents
        assertEquals(12.0, l.factor("jvm", key, "map.memory32"), 1e-9);
        l.observe("jvm", key, "map.memory32", 1.0, 1.1);
        assertEquals(1.1, l.factor("jvm", key, "map.memory32"), 1e-9, "one fast run is believed at once");
        l.observe("jvm", key, "map.memory32", 1.0, 1.5);
        l.observe("jvm", key, "map.memory32", 1.0, 9.0);
        assertEquals(1.1, l.factor("jvm", key, "map.memory32"), 1e-9, "a slow one is not: the fastest of the few runs since");
        l.observe("jvm", key, "map.memory32", 1.0, 1.3);
        assertEquals(1.3, l.factor("jvm", key, "map.memory32"), 1e-9, "from four runs: the second fastest");
    }

    /**
     * A resident Mandelbrot step's first lesson on PoCL was 5.6 times its prediction (a busy first
     * second); standing alone, it kept the step on the JVM at several times PoCL's time.
     */
    @Test
    void aKernelsFirstSlowLessonDoesNotStandAlone() {
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = warmedUp(l, "opencl:1", DType.FLOAT32, "map.memory32");
        l.observe("opencl:1", key, "map.memory32", 1.0, 5.6);
        assertEquals(1.0, l.factor("opencl:1", key, "map.memory32"), 1e-9, "one slow run: the profile still prices it");
        l.observe("opencl:1", key, "map.memory32", 1.0, 1.05);
        assertEquals(1.05, l.factor("opencl:1", key, "map.memory32"), 1e-9, "the faster of the two");

        io.numfuse.ir.KernelKey slow = warmedUp(l, "opencl:1", DType.FLOAT64, "map.memory64");
        l.observe("opencl:1", slow, "map.memory64", 1.0, 3.0);
        l.observe("opencl:1", slow, "map.memory64", 1.0, 3.2);
        assertEquals(3.0, l.factor("opencl:1", slow, "map.memory64"), 1e-9, "two slow runs: the kernel is slower than its profile");

        io.numfuse.ir.KernelKey fast = warmedUp(l, "opencl:1", DType.INT32, "map.memory32");
        l.observe("opencl:1", fast, "map.memory32", 1.0, 0.5);
        assertEquals(0.5, l.factor("opencl:1", fast, "map.memory32"), 1e-9, "a fast first run stands: accidents only slow a run");
    }

    /**
     * The runs of a JVM a+b*c over 10^5 float32 auto learnt from in one bench run (their ratios,
     * in order): a quarter of them slowed 3-120 times by accidents. The median of the last five
     * made the kernel 3.28 and then 4.21 times its usual correction (about 0.45).
     */
    @Test
    void frequentSlowAccidentsDoNotMoveTheCorrection() {
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = warmedUp(l, "jvm", DType.FLOAT32, "map.memory32");
        double[] runs = { 0.52, 0.62, 1.24, 0.56, 0.40, 0.42, 0.65, 0.54, 53.1, 0.40, 0.48, 0.40, 0.42, 0.41, 0.62, 0.71,
                          0.52, 9.68, 0.69, 3.84, 0.43, 0.47, 0.47, 5.75, 0.40, 3.28, 33.7, 1.03, 0.43, 41.2, 0.53, 1.54 };
        double most = 0;
        for (double r : runs) {
            l.observe("jvm", key, "map.memory32", 1.0, r);
            most = Math.max(most, l.factor("jvm", key, "map.memory32"));
        }
        assertTrue(most < 0.6, "the correction stayed near the usual runs' 0.4-0.6, at most " + most);
    }

    @Test
    void aKernelThatBecameSlowerForGoodIsFollowed() {
        Learning l = new Learning(0);
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(DType.FLOAT32, 8)).kernels().get(0).key();
        for (int i = 0; i < Learning.WARM_UP + 8; i++) l.observe("jvm", key, "map.memory32", 1.0, 1.0);
        for (int i = 0; i < Learning.RATIOS - 1; i++) l.observe("jvm", key, "map.memory32", 1.0, 3.0);
        assertEquals(3.0, l.factor("jvm", key, "map.memory32"), 1e-9, "seven slow runs of eight: the kernel is slower now");
    }

    /** The key of a+b*c over 8 elements of {@code dt}, its warm-up runs on {@code target} seen (they teach nothing). */
    private static io.numfuse.ir.KernelKey warmedUp(Learning l, String target, DType dt, String cls) {
        io.numfuse.ir.KernelKey key = Fusion.plan(abc(dt, 8)).kernels().get(0).key();
        for (int i = 0; i < Learning.WARM_UP; i++) l.observe(target, key, cls, 1.0, 1.0);
        return key;
    }
}
