package io.numfuse.runtime;

import io.numfuse.ir.DType;
import java.util.OptionalLong;

/**
 * A first-order estimate of a kernel's time on a target from its {@link DeviceProfile}, used by
 * {@code numfuse devices} to show what the profiles imply (where a device starts to beat the
 * JVM) until the scheduler's cost model replaces it:
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
    }

    /** The reference kernel: {@code a + b*c} in float32 over three arrays on the host, the result read on the host. */
    public static final Work A_PLUS_B_TIMES_C = new Work("a+b*c float32, data on the host", DType.FLOAT32, 3, 1, 2, 0, 0, true);

    /** The predicted time (seconds) of {@code w} over {@code n} elements on the target {@code p} describes. */
    public static double predictSeconds(DeviceProfile p, Work w, long n) {
        return fixedSeconds(p, w) + n * perElementSeconds(p, w);
    }

    private static double fixedSeconds(DeviceProfile p, Work w) {
        boolean copies = w.dataOnHost() && !p.isHost();
        return p.launchSeconds() + (copies ? (w.inputs() + w.outputs()) * p.transferLatencySeconds() : 0);
    }

    private static double perElementSeconds(DeviceProfile p, Work w) {
        int size = w.dtype().itemSize();
        double in = (double) w.inputs() * size, out = (double) w.outputs() * size;
        double memory = (in + out) / p.memoryBytesPerSecond(), compute = 0;
        for (OpClass c : OpClass.values()) {
            if (w.ops(c) == 0) continue;
            double rate = p.rate(c, w.dtype());
            compute += rate > 0 ? w.ops(c) / rate : Double.POSITIVE_INFINITY;
        }
        double copies = w.dataOnHost() && !p.isHost() ? in / p.uploadBytesPerSecond() + out / p.downloadBytesPerSecond() : 0;
        return copies + Math.max(memory, compute);
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
