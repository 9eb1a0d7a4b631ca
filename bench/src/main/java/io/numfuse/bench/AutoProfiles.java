package io.numfuse.bench;

import io.numfuse.runtime.AutoTarget;
import io.numfuse.runtime.Calibration;
import io.numfuse.runtime.ProfileStore;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Before {@code auto} is benchmarked: every target it may choose has a device profile, so that
 * the cost model chooses among all of them from the first call (without one, auto leaves a
 * device out until it is calibrated).
 */
final class AutoProfiles {
    private AutoProfiles() {}

    /**
     * Calibrates the targets that have no stored profile ({@link AutoTarget#calibrateNow}), saying
     * on stderr which and how long it took; returns that line. With {@code numfuse.calibration=off}
     * (the tests' setting) nothing is measured: auto uses the stored profiles, or the JVM alone.
     */
    static String ensure(PrintWriter err) { return ensure(err, "bench"); }

    /** {@link #ensure}, its lines starting with {@code command + ":"}. */
    static String ensure(PrintWriter err, String command) {
        String line;
        if ("off".equals(System.getProperty("numfuse.calibration"))) {
            line = "calibration off (numfuse.calibration=off): auto uses the stored profiles, or the JVM alone";
        } else {
            List<String> missing = new ArrayList<>();
            ProfileStore store = ProfileStore.standard();
            for (Target t : Targets.all()) if (Calibration.supports(t) && store.stored(t).isEmpty()) missing.add(t.name());
            if (!missing.isEmpty()) {
                err.println(command + ": calibrating " + String.join(", ", missing) + " for auto (profiles stored in " + ProfileStore.directory() + ")...");
                err.flush();
            }
            long t0 = System.nanoTime();
            AutoTarget.calibrateNow();
            double s = (System.nanoTime() - t0) / 1e9;
            line = missing.isEmpty() ? "profiles stored in " + ProfileStore.directory() + "; no calibration needed"
                    : String.format(Locale.ROOT, "calibrated %s in %.1f s", String.join(", ", missing), s);
        }
        err.println(command + ": auto: " + line);
        err.flush();
        return line;
    }
}
