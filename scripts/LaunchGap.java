import static org.jocl.CL.*;

import java.util.Arrays;
import org.jocl.*;

/**
 * What host work between two launches costs a device loop: the raw Jacobi loop of
 * {@code numfuse bench resident} (500x500 float64, one launch and a clFinish per step) with
 * some arithmetic on the host between clFinish and the next launch (none, and about 3, 8 and
 * 16 µs of it, as numfuse's host work for the next step is), or a busy pause of as long that
 * only polls the clock. Prints, per case, the host work's own time and what a step costs
 * beyond it (median of 21 samples of 100 steps, the cases taken round-robin). Run from the
 * repository root after a build (./numfuse devices builds the jars):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   $J --enable-native-access=ALL-UNNAMED -cp "bench/target/lib/*" scripts/LaunchGap.java [device index]
 */
public class LaunchGap {
    public static void main(String[] args) {
        int index = args.length > 0 ? Integer.parseInt(args[0]) : 0, n = 500, steps = 100, reps = 21;
        int[] work = { 0, 2_000, 5_000, 10_000 };          // iterations of a dependent multiply-add chain
        long[] pauses = new long[work.length];
        RawCl cl = new RawCl(index);
        cl_command_queue q = cl.queue;
        String src = "#pragma OPENCL FP_CONTRACT OFF\n#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n"
                + "__kernel void jacobi(__global const double* u, __global double* v, int n, double dx2, double dy2, double den) {\n"
                + "  size_t i = (get_global_id(1) + 1) * (size_t) n + get_global_id(0) + 1;\n"
                + "  v[i] = ((u[i - n] + u[i + n]) * dy2 + (u[i - 1] + u[i + 1]) * dx2) / den;\n}\n";
        cl_kernel k = cl.kernel(src, "jacobi");
        double dx = 1.0 / (n - 1), dx2 = dx * dx;
        cl_mem[] g = { cl.buffer(8L * n * n), cl.buffer(8L * n * n) };
        clSetKernelArg(k, 2, Sizeof.cl_int, Pointer.to(new int[] { n }));
        clSetKernelArg(k, 3, Sizeof.cl_double, Pointer.to(new double[] { dx2 }));
        clSetKernelArg(k, 4, Sizeof.cl_double, Pointer.to(new double[] { dx2 }));
        clSetKernelArg(k, 5, Sizeof.cl_double, Pointer.to(new double[] { 4 * dx2 }));
        long[] global = { n - 2, n - 2 };
        for (int i = 0; i < 5_000; i++) for (int w : work) work(w);      // compile it
        for (int j = 0; j < work.length; j++) {                           // its time alone sets the pause of the same length
            long t0 = System.nanoTime();
            for (int i = 0; i < 1_000; i++) work(work[j]);
            pauses[j] = (System.nanoTime() - t0) / 1_000;
        }
        double[][] step = new double[2 * work.length][reps], host = new double[2 * work.length][reps];
        for (int r = -3; r < reps; r++) {                     // three rounds of warm-up
            for (int j = 0; j < 2 * work.length; j++) {
                long between = 0, t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    clSetKernelArg(k, 0, Sizeof.cl_mem, Pointer.to(g[s & 1]));
                    clSetKernelArg(k, 1, Sizeof.cl_mem, Pointer.to(g[1 - (s & 1)]));
                    clEnqueueNDRangeKernel(q, k, 2, null, global, null, 0, null, null);
                    clFinish(q);
                    long w0 = System.nanoTime();
                    if (j < work.length) work(work[j]);
                    else while (System.nanoTime() - w0 < pauses[j - work.length]) Thread.onSpinWait();
                    between += System.nanoTime() - w0;
                }
                if (r < 0) continue;
                step[j][r] = ((System.nanoTime() - t0) - between) / 1e3 / steps;
                host[j][r] = between / 1e3 / steps;
            }
        }
        System.out.println("between clFinish and the next launch      host time   step beyond it");
        for (int j = 0; j < 2 * work.length; j++) {
            String what = j < work.length ? "arithmetic" : "a pause polling the clock";
            System.out.printf("%-40s %6.1f us %11.1f us%n", what, median(host[j]), median(step[j]));
        }
    }

    static double sink;

    /** A dependent chain of multiply-adds: host work that touches no memory. */
    private static void work(int iterations) {
        double x = 1;
        for (int i = 0; i < iterations; i++) x = x * 1.0000001 + 1e-9;
        sink += x;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
