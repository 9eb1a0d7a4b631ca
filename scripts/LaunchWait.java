import static org.jocl.CL.*;

import java.util.Arrays;
import org.jocl.*;

/**
 * How the wait for a small kernel sets its launch cost (OpenClWait): a hand-written a+b*c at
 * n = 1000 launched through JOCL and waited for by {@code clFinish}, or by polling its event's
 * status and then calling {@code clFinish} (which returns at once), with no host work between
 * launches or a 3 us pause (about numfuse's host work for the next evaluation). The four ways
 * take turns in one process; prints the median time per launch beyond the pause (21 samples of
 * 200 launches). Run from the repository root after a build (./numfuse devices builds the jars):
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   $J --enable-native-access=ALL-UNNAMED -cp "bench/target/lib/*" scripts/LaunchWait.java [device index]
 */
public class LaunchWait {
    public static void main(String[] args) {
        int index = args.length > 0 ? Integer.parseInt(args[0]) : 0, n = 1000, calls = 200, reps = 21;
        RawCl cl = new RawCl(index);
        cl_command_queue q = cl.queue;
        String src = "__kernel void abc(__global const float* a, __global const float* b, __global const float* c, __global float* o) {"
                + " size_t i = get_global_id(0); o[i] = a[i] + b[i] * c[i]; }";
        cl_kernel k = cl.kernel(src, "abc");
        for (int i = 0; i < 4; i++) clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(cl.buffer(4L * n)));
        long[] global = { n };
        cl_event ev = new cl_event();
        int[] status = new int[1];
        Pointer sp = Pointer.to(status);
        String[] names = { "clFinish", "clFinish, 3 us pause", "poll the event", "poll the event, 3 us pause" };
        double[][] t = new double[names.length][reps];
        for (int r = -3; r < reps; r++) {                     // three rounds of warm-up
            for (int j = 0; j < names.length; j++) {
                boolean poll = j >= 2;
                long pause = j % 2 == 1 ? 3_000 : 0, paused = 0, t0 = System.nanoTime();
                for (int c = 0; c < calls; c++) {
                    if (poll) {
                        clEnqueueNDRangeKernel(q, k, 1, null, global, null, 0, null, ev);
                        do {
                            clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, Sizeof.cl_int, sp, null);
                            Thread.onSpinWait();
                        } while (status[0] > CL_COMPLETE);
                        clFinish(q);
                        clReleaseEvent(ev);
                    } else {
                        clEnqueueNDRangeKernel(q, k, 1, null, global, null, 0, null, null);
                        clFinish(q);
                    }
                    long w0 = System.nanoTime();
                    while (System.nanoTime() - w0 < pause) Thread.onSpinWait();
                    paused += System.nanoTime() - w0;
                }
                if (r >= 0) t[j][r] = ((System.nanoTime() - t0) - paused) / 1e3 / calls;
            }
        }
        System.out.println("a+b*c, n = 1000, waited for by              per launch (median, [min..max] of " + reps + ")");
        for (int j = 0; j < names.length; j++) {
            double[] s = t[j].clone();
            Arrays.sort(s);
            System.out.printf("%-42s %6.1f us  [%.1f..%.1f]%n", names[j], s[reps / 2], s[0], s[reps - 1]);
        }
    }
}
