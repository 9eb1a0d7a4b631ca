import static org.jocl.CL.*;
import org.jocl.*;
import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.Arrays;
/**
 * The raw launch cost of a process, and how numfuse's work before it changes it: a hand-written
 * a+b*c kernel at n = 1000 launched and finished through JOCL (its own context and queue), median
 * of 31 samples of 200 launches, after nothing ({@code none}) or after 20,000 numfuse evaluations
 * on a target ({@code jvm}, {@code opencl:0}; {@code -Devals=N} for another count, and
 * {@code -DsleepMs=T} to wait before the raw launches). On this machine the figure is bimodal
 * from process to process, so run it several times:
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   for i in $(seq 10); do for m in none jvm opencl:0; do
 *     $J --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *        -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/LaunchModes.java $m; done; done
 */
public class LaunchModes {
    public static void main(String[] args) {
        int n = 1000, reps = 31, calls = 200;
        String mode = args[0];
        if (!mode.equals("none")) {
            Num.useTarget(mode);
            NDArray a = Num.random(1, DType.FLOAT32, n).eval(), b = Num.random(2, DType.FLOAT32, n).eval();
            NDArray o = Num.zeros(DType.FLOAT32, n);
            for (int i = 0; i < Integer.getInteger("evals", 20000); i++) o.assign(a.add(b.mul(2.0)));
        }
        try { Thread.sleep(Long.getLong("sleepMs", 0)); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        cl_platform_id[] ps = new cl_platform_id[1]; clGetPlatformIDs(1, ps, null);
        cl_device_id[] ds = new cl_device_id[1]; clGetDeviceIDs(ps[0], CL_DEVICE_TYPE_ALL, 1, ds, null);
        cl_context ctx = clCreateContext(null, 1, ds, null, null, null);
        @SuppressWarnings("deprecation") cl_command_queue q = clCreateCommandQueue(ctx, ds[0], 0, null);
        String src = "__kernel void abc(__global const float* a, __global const float* b, __global const float* c, __global float* o) { size_t i = get_global_id(0); o[i] = a[i] + b[i] * c[i]; }";
        cl_program p = clCreateProgramWithSource(ctx, 1, new String[] { src }, null, null); clBuildProgram(p, 0, null, "", null, null);
        cl_kernel k = clCreateKernel(p, "abc", null);
        for (int i = 0; i < 4; i++) { cl_mem m = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 4L * n, null, null); clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m)); }
        double[] t = new double[reps];
        for (int r = -5; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int c = 0; c < calls; c++) { clEnqueueNDRangeKernel(q, k, 1, null, new long[] { n }, null, 0, null, null); clFinish(q); }
            if (r >= 0) t[r] = (System.nanoTime() - t0) / 1e3 / calls;
        }
        Arrays.sort(t);
        System.out.printf("%-10s raw launch + finish %.1f us%n", mode, t[reps / 2]);
    }
}
