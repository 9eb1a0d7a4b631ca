import static org.jocl.CL.*;

import java.util.Arrays;
import org.jocl.*;

/**
 * What host work between two launches costs a device loop: the raw Jacobi loop of
 * {@code numfuse bench resident} (500x500 float64, one launch and a clFinish per step) with a
 * busy pause of 0, 3, 10 and 30 µs between clFinish and the next launch, as numfuse's host
 * work for the next step makes one. Prints, per pause, the time of a step and of its
 * clEnqueueNDRangeKernel (median of 21 samples of 100 steps, the pauses taken round-robin).
 * On PoCL the launch after a pause costs more: the device's threads have gone to sleep and
 * must be woken. Run from the repository root after a build (./numfuse devices builds the jars):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   $J --enable-native-access=ALL-UNNAMED -cp "bench/target/lib/*" scripts/LaunchGap.java [device index]
 */
public class LaunchGap {
    public static void main(String[] args) {
        int index = args.length > 0 ? Integer.parseInt(args[0]) : 0, n = 500, steps = 100, reps = 21;
        long[] pauses = { 0, 3_000, 10_000, 30_000 };
        setExceptionsEnabled(true);
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(count[0], platforms, null);
        java.util.List<cl_device_id> devices = new java.util.ArrayList<>();
        for (cl_platform_id p : platforms) {
            int[] k = new int[1];
            clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, k);
            cl_device_id[] ids = new cl_device_id[k[0]];
            clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, k[0], ids, null);
            devices.addAll(Arrays.asList(ids));
        }
        cl_device_id dev = devices.get(index);
        cl_context ctx = clCreateContext(null, 1, new cl_device_id[] { dev }, null, null, null);
        @SuppressWarnings("deprecation") cl_command_queue q = clCreateCommandQueue(ctx, dev, 0, null);
        String src = "#pragma OPENCL FP_CONTRACT OFF\n#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n"
                + "__kernel void jacobi(__global const double* u, __global double* v, int n, double dx2, double dy2, double den) {\n"
                + "  size_t i = (get_global_id(1) + 1) * (size_t) n + get_global_id(0) + 1;\n"
                + "  v[i] = ((u[i - n] + u[i + n]) * dy2 + (u[i - 1] + u[i + 1]) * dx2) / den;\n}\n";
        cl_program p = clCreateProgramWithSource(ctx, 1, new String[] { src }, null, null);
        clBuildProgram(p, 0, null, "", null, null);
        cl_kernel k = clCreateKernel(p, "jacobi", null);
        double dx = 1.0 / (n - 1), dx2 = dx * dx;
        cl_mem[] g = { clCreateBuffer(ctx, CL_MEM_READ_WRITE, 8L * n * n, null, null), clCreateBuffer(ctx, CL_MEM_READ_WRITE, 8L * n * n, null, null) };
        clSetKernelArg(k, 2, Sizeof.cl_int, Pointer.to(new int[] { n }));
        clSetKernelArg(k, 3, Sizeof.cl_double, Pointer.to(new double[] { dx2 }));
        clSetKernelArg(k, 4, Sizeof.cl_double, Pointer.to(new double[] { dx2 }));
        clSetKernelArg(k, 5, Sizeof.cl_double, Pointer.to(new double[] { 4 * dx2 }));
        long[] global = { n - 2, n - 2 };
        double[][] step = new double[pauses.length][reps], launch = new double[pauses.length][reps];
        for (int r = -3; r < reps; r++) {                     // three rounds of warm-up
            for (int j = 0; j < pauses.length; j++) {
                long enqueue = 0, t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    clSetKernelArg(k, 0, Sizeof.cl_mem, Pointer.to(g[s & 1]));
                    clSetKernelArg(k, 1, Sizeof.cl_mem, Pointer.to(g[1 - (s & 1)]));
                    long e0 = System.nanoTime();
                    clEnqueueNDRangeKernel(q, k, 2, null, global, null, 0, null, null);
                    enqueue += System.nanoTime() - e0;
                    clFinish(q);
                    for (long w0 = System.nanoTime(); System.nanoTime() - w0 < pauses[j];) Thread.onSpinWait();
                }
                if (r < 0) continue;
                step[j][r] = ((System.nanoTime() - t0) / 1e3 - pauses[j] / 1e3 * steps) / steps;
                launch[j][r] = enqueue / 1e3 / steps;
            }
        }
        System.out.println("pause before each launch   step without the pause   clEnqueueNDRangeKernel");
        for (int j = 0; j < pauses.length; j++) {
            System.out.printf("%6.0f us %27.1f us %22.1f us%n", pauses[j] / 1e3, median(step[j]), median(launch[j]));
        }
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
