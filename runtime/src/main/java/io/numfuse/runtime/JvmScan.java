package io.numfuse.runtime;

import io.numfuse.core.DType;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Op;
import io.numfuse.jvm.JvmKernel;

/**
 * A scan kernel on the JVM ({@link Kernel#scan}): its generated map code computes the
 * producer's values into the output block by block (a few tens of thousands of elements, so
 * that a block is still in cache when it is scanned), and a hand-written typed loop scans each
 * block in place. The loops are plain Java, not generated: a scan's inner loop depends only on
 * the output's dtype and the op, which this class spells out once, and C2 compiles them as well
 * as a hand loop (a 1-D running sum is bound by the latency of its additions either way).
 *
 * <p>In parallel on {@link WorkerPool}'s threads. When the scanned axes do not include the
 * first axis, the lines are independent: each thread computes and scans whole rows of the
 * first axis. When they do (a long 1-D scan, or a scan down the first axis), the rows are cut
 * in one part per thread, scanned in two passes: each part is computed and scanned from its own
 * start, the parts' last rows are combined in order into each part's offset, and each part but
 * the first then combines its offset into all of its elements. A float result may therefore
 * differ from a sequential scan by rounding (the offset is added to a partial sum, not to the
 * running one); ints wrap and are exact.
 */
final class JvmScan {
    private JvmScan() {}

    /** Elements computed and scanned at once, per thread. */
    private static final int BLOCK = 1 << 14;
    /** A scan over fewer elements runs on the calling thread. */
    private static final int PARALLEL = 1 << 16;

    /** Runs scan kernel {@code k}, whose map code is {@code code}, over the bound arrays (the output's at slot {@code inputs}). */
    static void run(Kernel k, JvmKernel code, Object[] arrays, int[] offsets, int[] strides) {
        int[] shape = k.shape();
        int rows = shape.length == 0 ? 1 : shape[0];
        long size = k.size(), rowSize = size / rows;
        long[] lines = k.scanLines();
        int inner = (int) lines[2], len = (int) lines[1];
        int slot = k.inputs().size();
        Lines out = new Lines(arrays[slot], offsets[slot], k.output().dtype(), k.scan().op(), inner);
        int threads = size >= PARALLEL ? Math.min(WorkerPool.threads(), rows) : 1;
        int blockRows = (int) Math.max(1, BLOCK / Math.max(1, rowSize));
        Compute compute = (from, to) -> code.run(arrays, offsets, strides, shape, k.params(), from, to);
        if (k.scan().from() > 0 || k.scan().to() == 0) {   // whole lines in each row of the first axis (or lines of one element)
            long linesPerRow = lines[0] / rows;
            WorkerPool.split(rows, threads, (from, to) -> {
                for (int r = from; r < to; r += blockRows) {
                    int end = Math.min(to, r + blockRows);
                    compute.rows(r, end);
                    for (long o = r * linesPerRow; o < end * linesPerRow; o++) out.scan(o * len, 0, len);
                }
            });
            return;
        }
        int rowLen = (int) (rowSize / inner);    // positions along the scanned axes per row of the first axis
        int[] bounds = new int[threads + 1];
        for (int p = 0; p <= threads; p++) bounds[p] = (int) ((long) rows * p / threads);
        WorkerPool.splitIndexed(rows, threads, (p, from, to) -> {
            for (int r = from; r < to; r += blockRows) {
                int end = Math.min(to, r + blockRows);
                compute.rows(r, end);
                out.scan(0, r == from ? r * rowLen : r * rowLen - 1, end * rowLen);
            }
        });
        if (threads == 1) return;
        Object[] offsetRows = new Object[threads];   // the combination of every part before p, one row
        for (int p = 1; p < threads; p++) {
            offsetRows[p] = out.row(bounds[p] * rowLen - 1);
            if (p > 1) out.combineInto(offsetRows[p - 1], offsetRows[p]);
        }
        WorkerPool.splitIndexed(rows, threads, (p, from, to) -> {
            if (p > 0) out.offsetBy(offsetRows[p], from * rowLen, to * rowLen);
        });
    }

    private interface Compute { void rows(int from, int to); }

    /**
     * The output seen as lines of {@code inner}-element rows: position {@code j} (counted from a
     * line's start {@code at}) is the row at {@code offset + (at + j) * inner}.
     */
    private record Lines(Object array, int offset, DType dtype, Op op, int inner) {
        boolean prod() { return op == Op.PROD; }

        /** Rows {@code from + 1} to {@code to - 1} of the line at {@code at} each combined with the row before. */
        void scan(long at, int from, int to) {
            int inner = this.inner, o = offset + (int) (at * inner);
            if (inner == 1) { scan1(o, from, to); return; }
            boolean prod = prod();
            for (int j = from + 1; j < to; j++) {
                int cur = o + j * inner, prev = cur - inner;
                switch (array) {
                    case float[] a -> { if (prod) for (int i = 0; i < inner; i++) a[cur + i] *= a[prev + i]; else for (int i = 0; i < inner; i++) a[cur + i] += a[prev + i]; }
                    case double[] a -> { if (prod) for (int i = 0; i < inner; i++) a[cur + i] *= a[prev + i]; else for (int i = 0; i < inner; i++) a[cur + i] += a[prev + i]; }
                    case long[] a -> { if (prod) for (int i = 0; i < inner; i++) a[cur + i] *= a[prev + i]; else for (int i = 0; i < inner; i++) a[cur + i] += a[prev + i]; }
                    case int[] a -> { if (prod) for (int i = 0; i < inner; i++) a[cur + i] *= a[prev + i]; else for (int i = 0; i < inner; i++) a[cur + i] += a[prev + i]; }
                    default -> throw new IllegalStateException("no scan of " + dtype);
                }
            }
        }

        /** The 1-D case (one element per row): elements {@code j + 1} to {@code to - 1} after {@code o}, one tight loop per type. */
        private void scan1(int o, int j, int to) {
            boolean prod = prod();
            switch (array) {
                case float[] a -> {
                    float acc = a[o + j];
                    if (prod) for (int i = o + j + 1; i < o + to; i++) a[i] = acc *= a[i]; else for (int i = o + j + 1; i < o + to; i++) a[i] = acc += a[i];
                }
                case double[] a -> {
                    double acc = a[o + j];
                    if (prod) for (int i = o + j + 1; i < o + to; i++) a[i] = acc *= a[i]; else for (int i = o + j + 1; i < o + to; i++) a[i] = acc += a[i];
                }
                case long[] a -> {
                    long acc = a[o + j];
                    if (prod) for (int i = o + j + 1; i < o + to; i++) a[i] = acc *= a[i]; else for (int i = o + j + 1; i < o + to; i++) a[i] = acc += a[i];
                }
                case int[] a -> {
                    int acc = a[o + j];
                    if (prod) for (int i = o + j + 1; i < o + to; i++) a[i] = acc *= a[i]; else for (int i = o + j + 1; i < o + to; i++) a[i] = acc += a[i];
                }
                default -> throw new IllegalStateException("no scan of " + dtype);
            }
        }

        /** A copy of row {@code j} (from the start of the output). */
        Object row(int j) {
            int from = offset + j * inner;
            return switch (array) {
                case float[] a -> java.util.Arrays.copyOfRange(a, from, from + inner);
                case double[] a -> java.util.Arrays.copyOfRange(a, from, from + inner);
                case long[] a -> java.util.Arrays.copyOfRange(a, from, from + inner);
                case int[] a -> java.util.Arrays.copyOfRange(a, from, from + inner);
                default -> throw new IllegalStateException("no scan of " + dtype);
            };
        }

        /** {@code into[i] = before[i] (op) into[i]}: two rows. */
        void combineInto(Object before, Object into) {
            boolean prod = prod();
            switch (into) {
                case float[] b -> { float[] a = (float[]) before; for (int i = 0; i < inner; i++) b[i] = prod ? a[i] * b[i] : a[i] + b[i]; }
                case double[] b -> { double[] a = (double[]) before; for (int i = 0; i < inner; i++) b[i] = prod ? a[i] * b[i] : a[i] + b[i]; }
                case long[] b -> { long[] a = (long[]) before; for (int i = 0; i < inner; i++) b[i] = prod ? a[i] * b[i] : a[i] + b[i]; }
                case int[] b -> { int[] a = (int[]) before; for (int i = 0; i < inner; i++) b[i] = prod ? a[i] * b[i] : a[i] + b[i]; }
                default -> throw new IllegalStateException("no scan of " + dtype);
            }
        }

        /** Rows {@code from} to {@code to - 1} (from the start of the output) each combined with {@code row} on the left. */
        void offsetBy(Object row, int from, int to) {
            boolean prod = prod();
            int lo = offset + from * inner, hi = offset + to * inner, n = inner;
            switch (array) {
                case float[] a -> {
                    float[] r = (float[]) row;
                    if (n == 1) { float c = r[0]; if (prod) for (int i = lo; i < hi; i++) a[i] = c * a[i]; else for (int i = lo; i < hi; i++) a[i] = c + a[i]; }
                    else for (int i = lo; i < hi; i++) a[i] = prod ? r[(i - lo) % n] * a[i] : r[(i - lo) % n] + a[i];
                }
                case double[] a -> {
                    double[] r = (double[]) row;
                    if (n == 1) { double c = r[0]; if (prod) for (int i = lo; i < hi; i++) a[i] = c * a[i]; else for (int i = lo; i < hi; i++) a[i] = c + a[i]; }
                    else for (int i = lo; i < hi; i++) a[i] = prod ? r[(i - lo) % n] * a[i] : r[(i - lo) % n] + a[i];
                }
                case long[] a -> {
                    long[] r = (long[]) row;
                    if (n == 1) { long c = r[0]; if (prod) for (int i = lo; i < hi; i++) a[i] = c * a[i]; else for (int i = lo; i < hi; i++) a[i] = c + a[i]; }
                    else for (int i = lo; i < hi; i++) a[i] = prod ? r[(i - lo) % n] * a[i] : r[(i - lo) % n] + a[i];
                }
                case int[] a -> {
                    int[] r = (int[]) row;
                    if (n == 1) { int c = r[0]; if (prod) for (int i = lo; i < hi; i++) a[i] = c * a[i]; else for (int i = lo; i < hi; i++) a[i] = c + a[i]; }
                    else for (int i = lo; i < hi; i++) a[i] = prod ? r[(i - lo) % n] * a[i] : r[(i - lo) % n] + a[i];
                }
                default -> throw new IllegalStateException("no scan of " + dtype);
            }
        }
    }
}
