package io.numfuse.runtime;

import io.numfuse.core.DType;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.MatmulShape;
import io.numfuse.ir.NumfuseLog;
import io.numfuse.jvm.GemmF32;
import io.numfuse.jvm.GemmF64;
import io.numfuse.jvm.GemmInts;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How the JVM backend runs a {@link Kernel#matmul matmul} kernel: as GEMMs ({@link GemmF32},
 * {@link GemmF64}, {@link GemmInts}), one per batch, split across {@link WorkerPool}'s threads
 * when the work is large: by batches when there are enough of them, else by blocks of rows (or
 * of columns, for a wide product of few rows).
 *
 * <p>The float GEMMs' Vector API micro-kernel runs 15-40x slower than plain code until C2 has
 * compiled it (see {@link VectorWarmup}), so matmuls run the scalar micro-kernel until a
 * background thread, started by the first float matmul, has warmed the vector one and seen it
 * beat the scalar one. {@code numfuse.jvm.vectors} {@code always} or {@code never} fixes the choice.
 */
final class JvmMatmul {
    private JvmMatmul() {}

    /** Multiply-adds below which a matmul runs on the calling thread (about a 64x64x32 product). */
    static final double PARALLEL_WORK = 1 << 17;

    private static final AtomicBoolean WARMING = new AtomicBoolean();
    private static final java.util.concurrent.CountDownLatch WARMED = new java.util.concurrent.CountDownLatch(1);
    private static volatile boolean warm;

    /** Waits (at most {@code seconds}) for the warm-up when one was started; returns whether one was. */
    static boolean awaitWarmUp(long seconds) throws InterruptedException {
        if (!WARMING.get()) return false;
        WARMED.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        return true;
    }

    static void run(Kernel k) {
        MatmulShape g = MatmulShape.of(k);
        long batches = g.batches();
        if (batches == 0 || g.m() == 0 || g.n() == 0) return;
        Object a = k.inputs().get(0).buffer().array(), b = k.inputs().get(1).buffer().array(), c = k.output().buffer().array();
        DType t = k.output().dtype();
        boolean vector = t.isFloat() && vectorReady();
        int threads = WorkerPool.threads();
        if (threads < 2 || g.multiplyAdds() < PARALLEL_WORK) {
            for (long i = 0; i < batches; i++) one(t, vector, g, a, b, c, i, 0, g.m(), 0, g.n());
            return;
        }
        if (batches >= threads) {
            WorkerPool.split((int) batches, threads, (from, to) -> {
                for (int i = from; i < to; i++) one(t, vector, g, a, b, c, i, 0, g.m(), 0, g.n());
            });
            return;
        }
        boolean rows = g.m() >= g.n() || g.m() >= 4 * threads * GemmF32.MR;
        int unit = rows ? GemmF32.MR : GemmF32.NR, length = rows ? g.m() : g.n(), blocks = (length + unit - 1) / unit;
        int parts = Math.min(threads, blocks);
        for (long i = 0; i < batches; i++) {
            long batch = i;
            WorkerPool.split(blocks, parts, (from, to) -> {
                int lo = from * unit, hi = Math.min(length, to * unit);
                if (rows) one(t, vector, g, a, b, c, batch, lo, hi, 0, g.n()); else one(t, vector, g, a, b, c, batch, 0, g.m(), lo, hi);
            });
        }
    }

    /** Rows {@code [r0, r1)} and columns {@code [c0, c1)} of product {@code batch}. */
    private static void one(DType t, boolean vector, MatmulShape g, Object a, Object b, Object c, long batch, int r0, int r1, int c0, int c1) {
        int[] bs = g.batchShape();
        MatmulShape.Matrix ma = g.a(), mb = g.b(), mc = g.out();
        int ao = ma.offsetAt(bs, batch) + r0 * ma.stride0(), bo = mb.offsetAt(bs, batch) + c0 * mb.stride1();
        int co = mc.offsetAt(bs, batch) + r0 * mc.stride0() + c0 * mc.stride1();
        int m = r1 - r0, n = c1 - c0, k = g.k();
        int ars = ma.stride0(), aks = ma.stride1(), bks = mb.stride0(), bcs = mb.stride1(), crs = mc.stride0(), ccs = mc.stride1();
        switch (t) {
            case FLOAT32 -> GemmF32.gemm(vector, (float[]) a, ao, ars, aks, (float[]) b, bo, bks, bcs, (float[]) c, co, crs, ccs, m, n, k);
            case FLOAT64 -> GemmF64.gemm(vector, (double[]) a, ao, ars, aks, (double[]) b, bo, bks, bcs, (double[]) c, co, crs, ccs, m, n, k);
            case INT32 -> GemmInts.gemm((int[]) a, ao, ars, aks, (int[]) b, bo, bks, bcs, (int[]) c, co, crs, ccs, m, n, k);
            case INT64 -> GemmInts.gemm((long[]) a, ao, ars, aks, (long[]) b, bo, bks, bcs, (long[]) c, co, crs, ccs, m, n, k);
            case BOOL -> GemmInts.gemm((byte[]) a, ao, ars, aks, (byte[]) b, bo, bks, bcs, (byte[]) c, co, crs, ccs, m, n, k);
        }
    }

    /** True once the vector micro-kernels are compiled (starting their warm-up on the first call). */
    static boolean vectorReady() {
        String mode = System.getProperty("numfuse.jvm.vectors", "auto");
        if (mode.equals("always")) return true;
        if (mode.equals("never")) return false;
        if (!warm && WARMING.compareAndSet(false, true)) {
            Thread th = new Thread(JvmMatmul::warmUp, "numfuse-gemm-warmup");
            th.setDaemon(true);
            th.setPriority(Thread.MIN_PRIORITY);
            th.start();
        }
        return warm;
    }

    /**
     * Runs both micro-kernels of both float types on a small product, round after round, until
     * the vector ones have been faster three rounds in a row (at most 30 s; else matmuls stay on
     * the scalar kernels, which are correct too).
     */
    private static void warmUp() {
        int m = 48, n = 64, k = 256;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        double[] ad = new double[m * k], bd = new double[k * n], cd = new double[m * n];
        java.util.Arrays.fill(a, 1f);
        java.util.Arrays.fill(b, 1f);
        long deadline = System.nanoTime() + 30_000_000_000L;
        int faster = 0;
        while (faster < 3 && System.nanoTime() < deadline) {
            long s0 = System.nanoTime();
            GemmF32.gemm(false, a, 0, k, 1, b, 0, n, 1, c, 0, n, 1, m, n, k);
            GemmF64.gemm(false, ad, 0, k, 1, bd, 0, n, 1, cd, 0, n, 1, m, n, k);
            long s1 = System.nanoTime();
            GemmF32.gemm(true, a, 0, k, 1, b, 0, n, 1, c, 0, n, 1, m, n, k);
            GemmF64.gemm(true, ad, 0, k, 1, bd, 0, n, 1, cd, 0, n, 1, m, n, k);
            long s2 = System.nanoTime();
            faster = s2 - s1 < s1 - s0 ? faster + 1 : 0;
        }
        warm = faster >= 3;
        WARMED.countDown();
        NumfuseLog.debug(() -> "jvm: the GEMM's vector micro-kernels are " + (warm ? "warm" : "not faster; matmuls keep the scalar ones"));
    }
}
