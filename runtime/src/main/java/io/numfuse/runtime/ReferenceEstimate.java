package io.numfuse.runtime;

import io.numfuse.core.DType;
import io.numfuse.ir.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@link CostModel}'s prediction for a kernel described by a few numbers instead of a plan,
 * used by {@code numfuse devices} to show what the profiles imply (where a device starts to beat
 * the JVM). It is the scheduler's own formula ({@link CostModel#predict}), without the
 * corrections learned since the profile was measured:
 *
 * <pre>
 *   time(n) = launch + transfers(n) + n * max(bytes per element / bandwidth, Σ ops per element / rate)
 *   transfers(n) = (inputs + outputs) * latency + n * (input bytes / upload + output bytes / download)
 * </pre>
 *
 * where transfers count only on a device and only when the data starts (and must end) on the host.
 */
public final class ReferenceEstimate {
    private ReferenceEstimate() {}

    /**
     * An element-wise kernel as the estimate sees it: its element type, how many arrays it reads
     * and writes, its ops per element by class, and whether its data is on the host (its inputs
     * copied to a device, its output copied back) or already where it runs.
     */
    public record Work(String name, DType dtype, int inputs, int outputs, int simpleOps, int divisionOps,
                       int transcendentalOps, boolean dataOnHost) {
        int ops(OpClass c) {
            return switch (c) {
                case SIMPLE -> simpleOps;
                case DIVISION -> divisionOps;
                case TRANSCENDENTAL -> transcendentalOps;
            };
        }

        /** The {@link KernelWork} of this kernel over {@code n} elements (its buffers stand for arrays of n elements). */
        KernelWork over(long n) {
            boolean wide = dtype.itemSize() == 8;
            double[] ops = new double[OpClass.values().length * 2];
            for (OpClass c : OpClass.values()) ops[KernelWork.slot(c, wide)] = ops(c);
            long bytes = n * dtype.itemSize();
            List<Buffer> read = new ArrayList<>(inputs);
            long[] inputBytes = new long[inputs];
            for (int i = 0; i < inputs; i++) {
                read.add(Buffer.allocate(dtype, 1));   // only an identity: the model reads sizes from inputBytes
                inputBytes[i] = bytes;
            }
            return new KernelWork(n, (double) inputs * bytes, (double) outputs * bytes, ops, dtype == DType.FLOAT64,
                    read, Buffer.allocate(dtype, 1), inputBytes, false);
        }
    }

    /** The reference kernel: {@code a + b*c} in float32 over three arrays on the host, the result read on the host. */
    public static final Work A_PLUS_B_TIMES_C = new Work("a+b*c float32, data on the host", DType.FLOAT32, 3, 1, 2, 0, 0, true);

    /** The same kernel with its arrays already on the device, its result left there. */
    public static final Work A_PLUS_B_TIMES_C_RESIDENT = new Work("a+b*c float32, data on the device", DType.FLOAT32, 3, 1, 2, 0, 0, false);

    /** The predicted time (seconds) of {@code w} over {@code n} elements on the target {@code p} describes. */
    public static double predictSeconds(DeviceProfile p, Work w, long n) {
        String home = w.dataOnHost() ? "jvm" : p.target();
        CostModel.Locations at = CostModel.Locations.allAt(home);
        return CostModel.predict(w.over(n), new CostModel.Candidate(p.target(), p, true), new CostModel.Profiles(Map.of(p.target(), p)),
                at, 1.0, w.dataOnHost()).seconds();
    }

    /** The part of the prediction that does not grow with n (the model is linear in n). */
    private static double fixedSeconds(DeviceProfile p, Work w) { return predictSeconds(p, w, 0); }

    private static double perElementSeconds(DeviceProfile p, Work w) {
        long n = 1L << 20;
        return (predictSeconds(p, w, n) - fixedSeconds(p, w)) / n;
    }

    /**
     * The smallest n at which {@code device} is predicted to run {@code w} faster than
     * {@code host} (0 when it always is), or empty when it never is. Both predictions are linear
     * in n, so this is where the lines cross.
     */
    public static OptionalLong crossover(DeviceProfile device, DeviceProfile host, Work w) {
        double a = fixedSeconds(device, w) - fixedSeconds(host, w);
        double b = perElementSeconds(host, w) - perElementSeconds(device, w);
        if (a < 0 && b >= 0) return OptionalLong.of(0);
        if (!(b > 0)) return OptionalLong.empty();   // the device's every element costs as much or more (or is impossible)
        double n = Math.floor(a / b) + 1;
        return n < 0x1p62 ? OptionalLong.of((long) n) : OptionalLong.empty();
    }
}
