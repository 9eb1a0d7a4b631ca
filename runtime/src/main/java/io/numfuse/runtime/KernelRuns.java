package io.numfuse.runtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where kernels actually ran, counted per target over this JVM: a kernel that a device could not
 * run (it failed, or lacks float64) counts on the JVM, and a device's failure is counted too. A
 * result that names a target can thus say whether that target computed it ({@code numfuse bench}
 * and {@code demo} rows carry {@code ran_on}), instead of reporting the JVM's figure as the
 * device's.
 */
public final class KernelRuns {
    private KernelRuns() {}

    /** The counter of evaluations that fell back from a device, named {@code FELL_BACK + device}. */
    public static final String FELL_BACK = "fell back:";

    private static final ConcurrentHashMap<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    static void ran(String target, long kernels) { COUNTS.computeIfAbsent(target, t -> new LongAdder()).add(kernels); }

    static void fellBack(String device) { ran(FELL_BACK + device, 1); }

    /** The counts so far, by target name ({@code jvm}, {@code opencl:0}, ... and {@code fell back:opencl:0}). */
    public static Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        COUNTS.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** The counts added since {@code before} (a {@link #snapshot}), without the targets that ran nothing. */
    public static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> m = new TreeMap<>();
        snapshot().forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) m.put(k, d);
        });
        return m;
    }
}
