package io.numfuse.bench;

import io.numfuse.core.DType;
import io.numfuse.runtime.Calibration;
import io.numfuse.runtime.DeviceProfile;
import io.numfuse.runtime.JvmTarget;
import io.numfuse.runtime.OpClass;
import io.numfuse.runtime.OpenClTarget;
import io.numfuse.runtime.ProfileStore;
import io.numfuse.runtime.ReferenceEstimate;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code numfuse devices}: every target this machine has, its type and its profile (what
 * {@code auto} will choose by). A profile that is not stored yet is measured now, as {@code auto}
 * would on first use, with progress on stderr; {@code --calibrate} measures every one again.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = { "List the targets numfuse can run kernels on, each with its type and its profile (launch cost, bandwidth, "
                + "arithmetic rates, host link, build time), measured on first use and stored in the user's cache.",
                "Settings (as -D in NUMFUSE_JAVA_OPTS): numfuse.profileDir (where profiles are stored)." })
final class DevicesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Option(names = "--calibrate", description = "Measure every target's profile again, all together (about 2 s: 1.8-2.5 s here for the JVM and PoCL, warm caches), and say how long it took.")
    boolean calibrate;

    /** One target's line: its profile (or why it has none) and whether this command measured it. */
    private record Entry(Target target, DeviceProfile profile, String error, boolean calibratedNow) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        ProfileStore store = ProfileStore.standard();
        List<Target> targets = Targets.all();
        Map<Target, Entry> entries = new LinkedHashMap<>();
        List<Target> toMeasure = new ArrayList<>();
        for (Target t : targets) {
            if (!Calibration.supports(t)) entries.put(t, new Entry(t, null, null, false));
            else if (calibrate) toMeasure.add(t);
            else store.stored(t).ifPresentOrElse(p -> entries.put(t, new Entry(t, p, null, false)), () -> toMeasure.add(t));
        }
        double seconds = Double.NaN;
        if (!toMeasure.isEmpty()) {
            String names = toMeasure.stream().map(Target::name).collect(Collectors.joining(", "));
            boolean stored = store.notInUse() == null;   // a refused directory was warned about: "stored for later runs" would be untrue
            err.print("numfuse: calibrating " + names + (calibrate ? "" : !stored ? " (first use; not stored, so measured in each process)"
                    : toMeasure.size() == 1 ? " (first use; its profile is stored for later runs)"
                    : " (first use; their profiles are stored for later runs)") + "...");
            err.flush();
            long t0 = System.nanoTime();
            List<Calibration.Outcome> measured = calibrate ? store.calibrate(toMeasure) : store.profiles(toMeasure);
            seconds = (System.nanoTime() - t0) / 1e9;
            boolean failed = measured.stream().anyMatch(o -> o.error() != null);
            err.println(failed ? " failed" : " " + secs(seconds));
            for (Calibration.Outcome o : measured) {
                String why = o.error() == null ? null : Main.oneLine(o.error().getMessage());
                if (why != null) err.println("numfuse: " + o.target().name() + ": " + why);
                DeviceProfile kept = why == null ? o.profile() : store.stored(o.target()).orElse(null);   // --calibrate keeps the stored one, which auto goes on using
                entries.put(o.target(), new Entry(o.target(), kept, why, why == null));
            }
        }
        List<Entry> list = targets.stream().map(entries::get).toList();
        DeviceProfile jvm = list.stream().filter(e -> e.target() == JvmTarget.INSTANCE).map(Entry::profile).findFirst().orElse(null);
        if (json) {
            out.println(json(list, jvm, store, seconds));
        } else {
            text(out, list, jvm, store);
            String each = list.stream().filter(Entry::calibratedNow).map(e -> e.target().name()).collect(Collectors.joining(" and "));
            if (!Double.isNaN(seconds) && !each.isEmpty()) {
                out.printf("calibration took %s (%s%s)%n", secs(seconds), each, each.contains(" and ") ? " together" : "");
            }
        }
        return list.stream().anyMatch(e -> e.error() != null) ? 1 : 0;
    }

    // ---- text ---------------------------------------------------------------------------------

    private static void text(PrintWriter out, List<Entry> entries, DeviceProfile jvm, ProfileStore store) {
        for (Entry e : entries) {
            Target t = e.target();
            String kind = Calibration.supports(t) ? Calibration.kind(t).name() : "-";
            if (t instanceof OpenClTarget cl && cl.info() != null) {
                OpenClTarget.Info d = cl.info();
                out.printf("%-12s %-5s %s (%s): %d compute units, %d MiB, fp64 %s; %s, driver %s%n", t.name(), kind, d.name(), d.vendor(),
                        d.computeUnits(), d.globalMemory() >> 20, d.fp64() ? "yes" : "no", d.version(), d.driver());
            } else {
                out.printf("%-12s %-5s %s%n", t.name(), kind, t.description());
            }
        }
        String why = Targets.openClUnavailableReason();
        if (why != null) out.println("OpenCL: " + why);
        out.println();
        out.println("profiles (" + (store.notInUse() == null ? "stored in " + store.location() : "not stored: " + store.notInUse())
                + "; --calibrate measures them again):");
        String row = "%-12s %7s %6s  %-13s %-13s %-16s %6s  %s%n";
        out.printf(row, "", "launch", "memory", "simple ops/s", "exp/log ops/s", "host link", "build", "auto prefers it");
        out.printf(row, "", "", "GB/s", "f32/f64", "f32/f64", "GB/s up/down", "ms", "a+b*c f32 (data");
        out.printf(row, "", "", "", "", "", "", "", "on host; device)");
        for (Entry e : entries) {
            DeviceProfile p = e.profile();
            String name = e.target().name();
            if (e.error() != null && p != null) {
                out.printf("%-12s measuring it again failed, its stored profile is kept: %s%n", name, e.error());
            }
            if (e.error() != null && p == null) {
                out.printf("%-12s not measured: %s%n", name, e.error());
            } else if (p == null) {
                out.printf("%-12s none: the reference interpreter is never chosen for speed%n", name);
            } else {
                String link = p.isHost() ? "on the host" : gb(p.uploadBytesPerSecond()) + "/" + gb(p.downloadBytesPerSecond()) + " +" + time(p.transferLatencySeconds());
                out.printf(row, name, time(p.launchSeconds()), gb(p.memoryBytesPerSecond()), pair(p, OpClass.SIMPLE), pair(p, OpClass.TRANSCENDENTAL),
                        link, significant(p.buildSeconds() * 1e3), auto(p, jvm));
            }
        }
        out.println("launch: one run of a compiled, planned kernel; ops/s: elements a second, one op each (G = 10^9,");
        out.println("M = 10^6); link: + the latency of a copy; auto: the n from which the cost model predicts that");
        out.println("a+b*c float32 runs faster there than on the JVM, with its arrays on the host (copied there and");
        out.println("back) and already on the device (launch + copies + n * max(bytes / memory bandwidth, ops / rate)),");
        out.println("from the profiles alone: auto also corrects them by the times it measures");
    }

    /** What {@code auto} would make of {@code p} for the reference kernel: the JVM is the default; a device, from some n or never. */
    private static String auto(DeviceProfile p, DeviceProfile jvm) {
        if (p.isHost()) return "(the default)";
        if (jvm == null) return "?";
        return from(ReferenceEstimate.crossover(p, jvm, ReferenceEstimate.A_PLUS_B_TIMES_C)) + "; "
                + from(ReferenceEstimate.crossover(p, jvm, ReferenceEstimate.A_PLUS_B_TIMES_C_RESIDENT));
    }

    private static String from(OptionalLong n) {
        return n.isEmpty() ? "never" : n.getAsLong() <= 1 ? "always" : "n >= " + count(n.getAsLong());
    }

    private static String pair(DeviceProfile p, OpClass c) {
        return ops(p.rate(c, DType.FLOAT32)) + "/" + (p.fp64() ? ops(p.rate(c, DType.FLOAT64)) : "-");
    }

    /** 55G, 2.4G, 890M, 47M. */
    private static String ops(double perSecond) {
        return perSecond >= 1e9 ? significant(perSecond / 1e9) + "G" : significant(perSecond / 1e6) + "M";
    }

    private static String gb(double bytesPerSecond) { return significant(bytesPerSecond / 1e9); }

    /** 6.4 µs, 120 µs, 1.2 ms. */
    private static String time(double s) {
        return s < 1e-3 ? significant(s * 1e6) + " µs" : s < 1 ? significant(s * 1e3) + " ms" : significant(s) + " s";
    }

    private static String secs(double s) { return String.format(Locale.ROOT, "%.2f s", s); }

    /** 2 significant digits, more for numbers of 100 and more: 0.089, 2.4, 47, 771. */
    static String significant(double x) {
        if (x == 0) return "0";
        if (Math.abs(x) >= 100) return String.format(Locale.ROOT, "%.0f", x);
        return new java.math.BigDecimal(x).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** 850, 12k, 2.1M. */
    private static String count(long n) {
        return n < 10_000 ? String.valueOf(n) : n < 10_000_000 ? significant(n / 1e3) + "k" : significant(n / 1e6) + "M";
    }

    // ---- JSON ---------------------------------------------------------------------------------

    private static String json(List<Entry> entries, DeviceProfile jvm, ProfileStore store, double calibrationSeconds) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("numfuse", Main.VERSION);
        j.put("cpus", Runtime.getRuntime().availableProcessors());
        j.put("profile_directory", store.location().toString());
        j.put("profiles_stored", store.notInUse() == null);
        if (store.notInUse() != null) j.put("profiles_not_stored", store.notInUse());
        if (!Double.isNaN(calibrationSeconds)) j.put("calibration_s", Json.number(calibrationSeconds));
        j.put("reference_kernel", ReferenceEstimate.A_PLUS_B_TIMES_C.name());
        j.put("devices", entries.stream().map(e -> device(e, jvm)).toList());
        String why = Targets.openClUnavailableReason();
        if (why != null) j.put("opencl_unavailable", why);
        return Json.write(j);
    }

    /** One device's object: the target, its OpenCL description, its profile and what auto's model makes of it. */
    private static Map<String, Object> device(Entry e, DeviceProfile jvm) {
        Target t = e.target();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("kind", Calibration.supports(t) ? Calibration.kind(t).name() : null);
        m.put("description", t.description());
        if (t instanceof OpenClTarget cl && cl.info() != null) {
            OpenClTarget.Info d = cl.info();
            m.put("device", d.name());
            m.put("vendor", d.vendor());
            m.put("compute_units", d.computeUnits());
            m.put("global_memory_bytes", d.globalMemory());
            m.put("fp64", d.fp64());
            m.put("version", d.version());
            m.put("driver", d.driver());
        }
        m.put("profile", e.profile() == null ? null : profile(e.profile()));
        if (e.error() != null) m.put("profile_error", e.error());
        m.put("calibrated_now", e.calibratedNow());
        if (e.profile() != null && e.profile().isHost()) m.put("auto_default", true);
        if (e.profile() != null && !e.profile().isHost() && jvm != null) {
            OptionalLong n = ReferenceEstimate.crossover(e.profile(), jvm, ReferenceEstimate.A_PLUS_B_TIMES_C);
            m.put("reference_crossover_n", n.isPresent() ? n.getAsLong() : null);
            OptionalLong r = ReferenceEstimate.crossover(e.profile(), jvm, ReferenceEstimate.A_PLUS_B_TIMES_C_RESIDENT);
            m.put("reference_crossover_n_resident", r.isPresent() ? r.getAsLong() : null);
        }
        return m;
    }

    /** A profile's fields (infinite bandwidths, the JVM's, as null: JSON has no infinity). */
    static Map<String, Object> profile(DeviceProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", p.kind().name());
        m.put("identity", p.identity());
        m.put("launch_s", Json.number(p.launchSeconds()));
        m.put("memory_bytes_per_s", Json.number(p.memoryBytesPerSecond()));
        Map<String, Object> rates = new LinkedHashMap<>();
        for (OpClass c : OpClass.values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("float32", Json.number(p.rate(c, DType.FLOAT32)));
            r.put("float64", Json.number(p.rate(c, DType.FLOAT64)));
            rates.put(c.key(), r);
        }
        m.put("rates_per_s", rates);
        m.put("upload_bytes_per_s", Json.number(p.uploadBytesPerSecond()));
        m.put("download_bytes_per_s", Json.number(p.downloadBytesPerSecond()));
        m.put("transfer_latency_s", Json.number(p.transferLatencySeconds()));
        m.put("build_s", Json.number(p.buildSeconds()));
        m.put("cached_build_s", Json.number(p.cachedBuildSeconds()));
        m.put("compute_units", p.computeUnits());
        m.put("fp64", p.fp64());
        m.put("memory_bytes", p.memoryBytes());
        m.put("shares_host_cores", p.sharesHostCores());
        Map<String, Object> corrections = new LinkedHashMap<>();
        p.corrections().forEach((k, v) -> corrections.put(k, Json.number(v)));
        m.put("corrections", corrections);
        m.put("measured_at", p.measuredAt().toString());
        return m;
    }
}
