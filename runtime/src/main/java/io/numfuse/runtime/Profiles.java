package io.numfuse.runtime;

import io.numfuse.ir.NumfuseLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The profiles the scheduler prices targets with, looked up once per process: the stored
 * profile of each target ({@link ProfileStore}), or, when there is none yet, none: the target is
 * calibrated in the background ({@link Background}) and {@code auto} leaves it out until then
 * (the JVM, which needs no profile to be chosen alone, is priced with nominal figures meanwhile).
 * Corrections the model learns are saved with the profiles now and then.
 */
final class Profiles {
    private Profiles() {}

    private static final Map<String, DeviceProfile> KNOWN = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> LOOKED_UP = new ConcurrentHashMap<>();
    private static volatile long lastSaved = System.nanoTime();

    /** Test hook: profiles given by a test, used instead of the store (null: the store). */
    static volatile Map<String, DeviceProfile> forTests;

    /**
     * What a target without a stored profile gets ({@code numfuse.calibration}): {@code background}
     * (the default: calibrated in the background, auto leaves it out meanwhile), {@code now}
     * (calibrated at once, on first use), {@code off} (never: auto leaves it out; the tests' setting,
     * so that their results do not depend on this machine's measurements).
     */
    static final String CALIBRATION = calibration(System.getProperty("numfuse.calibration"));

    /** {@code numfuse.calibration}'s value {@code s}: one of the three, else (with a warning) the default, {@code background}. */
    static String calibration(String s) {
        String v = s == null ? "background" : s.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("background") || v.equals("now") || v.equals("off")) return v;
        NumfuseLog.warning("-Dnumfuse.calibration=" + s + " is not background, now or off; using background");
        return "background";
    }

    /** Why auto has no device to weigh yet, for explain: being calibrated, or never under {@code numfuse.calibration=off}. */
    static String uncalibratedReason() {
        return CALIBRATION.equals("off") ? "no device profile (numfuse.calibration=off: none is measured)" : "no device calibrated yet (calibrating in the background)";
    }

    /**
     * The profile of {@code t}, or null while it has none (it is then being calibrated); a
     * device's with the launch its runs taught, once they taught one ({@link Launches}).
     */
    static DeviceProfile of(Target t) { return withLearntLaunch(unlearnt(t, forTests)); }

    /** Per device, its profile with the launch its runs taught, and what that was made from. */
    private record Learnt(DeviceProfile from, double launch, DeviceProfile profile) {}

    private static final Map<String, Learnt> LEARNT = new ConcurrentHashMap<>();

    /** Devices whose learnt launch moved since their profile was last saved. */
    private static final java.util.Set<String> LAUNCH_UNSAVED = ConcurrentHashMap.newKeySet();

    private static DeviceProfile withLearntLaunch(DeviceProfile p) {
        if (p == null || p.isHost()) return p;
        double launch = Placement.LEARNING.launches.launch(p.target());
        if (Double.isNaN(launch)) return p;
        Learnt l = LEARNT.get(p.target());
        if (l != null && l.from() == p && l.launch() == launch) return l.profile();   // made once per move, not per decision
        DeviceProfile learnt = p.toBuilder().launchSeconds(launch).build();
        LEARNT.put(p.target(), new Learnt(p, launch, learnt));
        return learnt;
    }

    /** The launch {@code device}'s profile says, given the launch in use ({@code inUse}: the profile's, or the one learnt). */
    static double calibratedLaunch(String device, double inUse) {
        Learnt l = LEARNT.get(device);
        return l != null && l.profile().launchSeconds() == inUse ? l.from().launchSeconds() : inUse;
    }

    /** {@code device}'s learnt launch moved: what rests on its price is worked out again, and the profile saved with it. */
    static void launchMoved(String device) {
        LAUNCH_UNSAVED.add(device);
        SmallWork.changed();
    }

    /** The profile of {@code t} as stored or measured ({@code test}: the profiles a test gave, or null). */
    private static DeviceProfile unlearnt(Target t, Map<String, DeviceProfile> test) {
        if (test != null) return test.get(t.name());
        DeviceProfile p = KNOWN.get(t.name());
        if (p != null || !Calibration.supports(t)) return p;
        if (LOOKED_UP.putIfAbsent(t.name(), Boolean.TRUE) == null) {
            p = stored(t);
            if (p != null) return p;
            List<Target> missing = new ArrayList<>(List.of(t));      // measured together: one calibration's time for them all
            for (Target o : Targets.all()) {
                if (Calibration.supports(o) && LOOKED_UP.putIfAbsent(o.name(), Boolean.TRUE) == null && stored(o) == null) missing.add(o);
            }
            switch (CALIBRATION) {
                case "off" -> { }
                case "now" -> {
                    ProfileStore store = ProfileStore.standard();
                    System.err.println("numfuse: calibrating " + names(missing) + " for auto (first use; " + (store.notInUse() == null
                            ? "profiles are stored in " + store.location() : "not stored, so measured in each process") + ")");
                    knownOrWarn(() -> ProfileStore.standard().profiles(missing));
                }
                default -> Background.calibrate(missing);
            }
        }
        return KNOWN.get(t.name());
    }

    /** The stored profile of {@code t}, made known; null when there is none (or the store cannot be read: calibrate). */
    private static DeviceProfile stored(Target t) {
        try {
            DeviceProfile p = ProfileStore.standard().stored(t).orElse(null);
            if (p != null) known(p);
            return p;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String names(List<Target> ts) { return String.join(", ", ts.stream().map(Target::name).toList()); }

    /** Makes the profiles {@code measure} gives known; a target that failed is warned about once, and auto leaves it out. */
    static void knownOrWarn(java.util.function.Supplier<List<Calibration.Outcome>> measure) {
        List<Calibration.Outcome> out;
        try {
            out = measure.get();
        } catch (RuntimeException e) {
            NumfuseLog.warning("calibrating failed (" + firstLine(e) + "); auto leaves the devices without a profile out");
            return;
        }
        for (Calibration.Outcome o : out) {
            if (o.profile() != null) known(o.profile());
            else NumfuseLog.warning("calibrating " + o.target().name() + " failed (" + firstLine(o.error()) + "); auto leaves it out");
        }
    }

    private static String firstLine(RuntimeException e) { return String.valueOf(e.getMessage()).lines().findFirst().orElse(""); }

    /** Records a profile measured or read: the scheduler uses it from now on. */
    static void known(DeviceProfile p) {
        KNOWN.put(p.target(), p);
        Placement.LEARNING.seed(p);
        SmallWork.changed();
    }

    /** Figures for the JVM before it is calibrated: 20 GB/s, 10^9 simple ops a second, 10^8 transcendental ones, 5 µs a launch. */
    static DeviceProfile nominalJvm() {
        return DeviceProfile.builder("jvm", DeviceProfile.Kind.JVM).launchSeconds(5e-6).memoryBytesPerSecond(20e9)
                .rates(new DeviceProfile.Rates(1e10, 5e9, 2e9, 1e9, 1e8, 5e7)).build();
    }

    /**
     * {@code p} as this thread runs it: the JVM's under a cap of {@link JvmTarget#withThreads}
     * below its calibrated threads computes at that share of its rates (its memory bandwidth
     * kept: one thread of a capped task still streams); anything else is {@code p}.
     */
    static DeviceProfile onThisThread(DeviceProfile p) {
        int threads = WorkerPool.threads();
        if (p == null || !p.isHost() || threads >= p.computeUnits()) return p;
        return p.toBuilder().computeUnits(threads).rates(p.rates().times((double) threads / p.computeUnits())).build();
    }

    /** The profiles of {@code candidates} by name, for the cost model. */
    static CostModel.Profiles byName(List<Target> candidates, List<DeviceProfile> profiles) {
        Map<String, DeviceProfile> m = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            DeviceProfile p = profiles.get(i);
            m.put(candidates.get(i).name(), p != null ? p : i == 0 ? nominalJvm() : null);
        }
        for (OpenClTarget d : OpenClTarget.all()) {   // a buffer may have to come back from a device auto does not use
            if (!m.containsKey(d.name())) {
                DeviceProfile p = of(d);
                if (p != null) m.put(d.name(), p);
            }
        }
        m.values().removeIf(java.util.Objects::isNull);
        Map<String, Double> storage = new HashMap<>();
        for (String t : m.keySet()) storage.put(t, Placement.LEARNING.storageSecondsPerByte(t));
        return new CostModel.Profiles(m, Placement.LEARNING::linkFactor, storage, Profiles::spareFor);
    }

    /** Whether a new result {@code b} on {@code target} would take spare storage now. */
    private static boolean spareFor(String target, io.numfuse.ir.Buffer b) {
        if (b == null || b.length() == 0) return false;
        if (target.equals("jvm")) return io.numfuse.ir.Buffer.hostSpareFor(b);
        for (OpenClTarget d : OpenClTarget.all()) if (d.name().equals(target)) return DeviceCopies.INSTANCE.hasSpareFor(b, d.device());
        return false;
    }

    /** After learning: at most once a minute, the corrections go into the stored profiles (in the background). */
    static void learned(List<Target> candidates, List<DeviceProfile> profiles) {
        long now = System.nanoTime();
        if (now - lastSaved < 60_000_000_000L || forTests != null) return;
        lastSaved = now;
        for (int i = 0; i < candidates.size(); i++) {
            DeviceProfile p = profiles.get(i);
            if (p == null) continue;
            Map<String, Double> c = Placement.LEARNING.classCorrections(p.target());
            boolean launch = LAUNCH_UNSAVED.remove(p.target());   // p carries it (of)
            if (launch || !c.isEmpty() && !c.equals(p.corrections())) Background.save(p.withCorrections(c.isEmpty() ? p.corrections() : c));
        }
    }
}
