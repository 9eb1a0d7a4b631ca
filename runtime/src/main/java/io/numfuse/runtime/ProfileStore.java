package io.numfuse.runtime;

import io.numfuse.ir.NumfuseLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The device profiles of this user, one file per target ({@code jvm.properties},
 * {@code opencl-0.properties}: {@link ProfileFile}) in {@code $XDG_CACHE_HOME/numfuse/profiles}
 * or {@code ~/.cache/numfuse/profiles} ({@code numfuse.profileDir} moves it). A profile is
 * measured ({@link Calibration}) on first use and stored; it is used again while its identity
 * (device, driver, JDK, threads, numfuse and calibration versions: {@link Calibration#identity})
 * and the file's format version are unchanged, and measured again otherwise.
 *
 * <p>The directory gets the program cache's trust rules ({@link ProgramCacheDirectory}): made
 * owner-only, refused (one warning, profiles then kept in memory only) when others can write it
 * or its parent; only a regular file of this user, of at most 64 KiB, is read. A file that is
 * not a profile (corrupt, truncated, a FIFO), or whose figures cannot be the target's
 * ({@link #implausible}), is ignored with one warning and measured again.
 * Files are replaced whole (a temporary file, then an atomic rename), so a reader in another
 * process sees an old profile or a new one. Threads and processes that need one target's
 * profile at once measure it once: the others wait (threads on a lock, processes on a file lock
 * next to the profile, for at most a minute) and then read it.
 */
public final class ProfileStore {
    /** The system property that moves the directory. */
    public static final String DIRECTORY_PROPERTY = "numfuse.profileDir";
    /** A profile file is about 1 KiB; anything much larger is not one. */
    static final int MAX_FILE_BYTES = 64 << 10;
    static final Pattern TEMP_NAME = Pattern.compile("profile[0-9]*\\.tmp");
    /** How long a process waits for another one calibrating the same target before it measures the target itself. */
    static final long LOCK_WAIT_MILLIS = 60_000;

    private static final ConcurrentHashMap<Path, ProfileStore> STANDARD = new ConcurrentHashMap<>();

    private final Path dir;
    private final Function<Target, DeviceProfile> calibrator;
    /** Measures several targets together ({@link Calibration#calibrate(List)}). */
    private final Function<List<Target>, List<Calibration.Outcome>> together;
    private final Function<Target, String> identity;
    /** Profiles read or measured by this process, by target name. */
    private final ConcurrentHashMap<String, DeviceProfile> known = new ConcurrentHashMap<>();
    private final AtomicBoolean refusalWarned = new AtomicBoolean(), corruptWarned = new AtomicBoolean(), writeWarned = new AtomicBoolean();
    /** Why the directory is not used ("" when it is), decided on first use. */
    private volatile String refusal;

    ProfileStore(Path dir, Function<Target, DeviceProfile> calibrator, Function<Target, String> identity) {
        this(dir, calibrator, ts -> ts.stream().map(t -> one(calibrator, t)).toList(), identity);
    }

    private ProfileStore(Path dir, Function<Target, DeviceProfile> calibrator, Function<List<Target>, List<Calibration.Outcome>> together,
            Function<Target, String> identity) {
        this.dir = dir.toAbsolutePath();
        this.calibrator = calibrator;
        this.together = together;
        this.identity = identity;
    }

    private static Calibration.Outcome one(Function<Target, DeviceProfile> calibrator, Target t) {
        try {
            return new Calibration.Outcome(t, calibrator.apply(t), null);
        } catch (RuntimeException e) {
            return new Calibration.Outcome(t, null, e);
        }
    }

    /** A store of profiles in {@code dir}, measured by {@link Calibration}. */
    public static ProfileStore at(Path dir) {
        return new ProfileStore(dir, Calibration::calibrate, ts -> Calibration.calibrate(ts), Calibration::identity);
    }

    /** The store of this process's settings: {@link #directory()}, one store per directory. */
    public static ProfileStore standard() { return STANDARD.computeIfAbsent(directory(), ProfileStore::at); }

    /** {@code numfuse.profileDir} if set, else {@code $XDG_CACHE_HOME/numfuse/profiles} or {@code ~/.cache/numfuse/profiles}. */
    public static Path directory() {
        String p = System.getProperty(DIRECTORY_PROPERTY);
        return (p == null || p.isBlank() ? ProgramCacheDirectory.cacheHome().resolve("profiles") : Path.of(p)).toAbsolutePath();
    }

    /** This store's directory. */
    public Path location() { return dir; }

    /** Why this store keeps its profiles in memory only (its directory is refused), or null when it stores them. */
    public String notInUse() {
        String r = refusal();
        return r.isEmpty() ? null : r;
    }

    /**
     * The profile of {@code t}: the one this process has, else the stored one, else one measured
     * now (and stored). Throws {@link IllegalArgumentException} for a target without profiles
     * (the interpreter: {@link Calibration#supports}) and what calibration throws when the device
     * fails meanwhile.
     */
    public DeviceProfile profile(Target t) {
        String id = identityOf(t);
        DeviceProfile p = known.get(t.name());
        if (p != null && p.identity().equals(id)) return p;
        p = read(t, id);
        if (p != null) return remember(p);
        return underLock(t, () -> {
            DeviceProfile q = read(t, id);                 // another thread or process may have measured it meanwhile
            return remember(q != null ? q : measureAndStore(t));
        });
    }

    /**
     * Measures the profile of {@code t} again and stores it, whatever is stored (its corrections
     * start anew: they corrected the old figures).
     */
    public DeviceProfile calibrate(Target t) {
        identityOf(t);
        return underLock(t, () -> remember(measureAndStore(t)));
    }

    /**
     * Measures the profiles of {@code targets} again, together ({@link Calibration#calibrate(List)}:
     * a few seconds in all instead of a few per target), and stores each one measured; a target
     * whose measurement failed keeps its stored profile. Holds every target's lock meanwhile
     * (taken in the order of their names, so that two processes never wait for each other).
     */
    public List<Calibration.Outcome> calibrate(List<Target> targets) {
        return measureTogether(targets, false);
    }

    /**
     * The profiles of {@code targets}: those this process has or the directory holds, and the
     * others measured now, together, and stored.
     */
    public List<Calibration.Outcome> profiles(List<Target> targets) {
        return measureTogether(targets, true);
    }

    private List<Calibration.Outcome> measureTogether(List<Target> targets, boolean storedFirst) {
        Map<Target, String> ids = new LinkedHashMap<>();
        for (Target t : targets) ids.put(t, identityOf(t));
        Map<Target, Calibration.Outcome> done = new HashMap<>();
        if (storedFirst) for (Target t : ids.keySet()) stored(t).ifPresent(p -> done.put(t, new Calibration.Outcome(t, p, null)));
        List<Target> locked = ids.keySet().stream().filter(t -> !done.containsKey(t)).sorted(Comparator.comparing(Target::name)).toList();
        Supplier<Void> measure = () -> {
            List<Target> missing = new ArrayList<>();
            for (Target t : locked) {
                DeviceProfile q = storedFirst ? read(t, ids.get(t)) : null;      // another process may have measured it meanwhile
                if (q != null) done.put(t, new Calibration.Outcome(t, remember(q), null)); else missing.add(t);
            }
            for (Calibration.Outcome o : together.apply(missing)) {
                if (o.profile() != null) {
                    write(o.profile());
                    remember(o.profile());
                }
                done.put(o.target(), o);
            }
            return null;
        };
        for (Target t : locked.reversed()) {                                 // the first name's lock is taken first
            Supplier<Void> inner = measure;
            measure = () -> underLock(t, inner);
        }
        measure.get();
        return ids.keySet().stream().map(done::get).toList();
    }

    /** The profile of {@code t} this process has or the directory holds, without measuring: empty when there is none for the current identity. */
    public Optional<DeviceProfile> stored(Target t) {
        String id = identityOf(t);
        DeviceProfile p = known.get(t.name());
        if (p != null && p.identity().equals(id)) return Optional.of(p);
        return Optional.ofNullable(read(t, id)).map(this::remember);
    }

    /** Stores {@code p} in place of its target's profile (for the cost model's corrections). With several writers, the last one's stays. */
    public void update(DeviceProfile p) {
        Objects.requireNonNull(p, "profile");
        underLock(p.target(), () -> {
            write(p);
            return remember(p);
        });
    }

    // ---- reading and writing -------------------------------------------------------------------

    private String identityOf(Target t) {
        if (!Calibration.supports(t)) throw new IllegalArgumentException(t.name() + " has no profile: only the JVM and OpenCL devices are calibrated");
        return identity.apply(t);
    }

    private DeviceProfile remember(DeviceProfile p) {
        known.put(p.target(), p);
        return p;
    }

    private DeviceProfile measureAndStore(Target t) {
        DeviceProfile p = calibrator.apply(t);
        write(p);
        return p;
    }

    /** The file of the target named {@code target}: its name with anything but letters, digits, '.', '_' and '-' as '-'. */
    Path file(String target) { return dir.resolve(target.replaceAll("[^A-Za-z0-9._-]", "-") + ".properties"); }

    /** The stored profile of {@code t} when it is one of this format, for {@code t}, with identity {@code id}; else null. */
    private DeviceProfile read(Target t, String id) {
        if (!refusal().isEmpty()) return null;
        Path f = file(t.name());
        ProgramCacheDirectory.Lookup found = ProgramCacheDirectory.readTrusted(f, MAX_FILE_BYTES, "a profile");
        if (found == ProgramCacheDirectory.Lookup.ABSENT) return null;
        if (found.refused() != null) {
            warnCorrupt(f, found.refused());
            return null;
        }
        return switch (ProfileFile.decode(found.binary())) {
            case ProfileFile.Profile(DeviceProfile p) when !p.target().equals(t.name()) || !p.identity().equals(id) -> null;   // another device, driver, JDK...
            case ProfileFile.Profile(DeviceProfile p) -> {
                String why = implausible(p, t);
                if (why == null) yield p;
                warnCorrupt(f, why);
                yield null;
            }
            case ProfileFile.Other _ -> null;                                                                                   // another format version
            case ProfileFile.Corrupt(String why) -> {
                warnCorrupt(f, why);
                yield null;
            }
        };
    }

    /** The longest launch, copy latency or build a stored profile may claim (seconds). */
    static final double MAX_SECONDS = 3600;

    /**
     * Why a stored profile of {@code t}, of the right identity, cannot be what calibration measured
     * (null when it can): a kind that is not {@code t}'s, a JVM that runs nothing at some type (a
     * rate of 0), a rate or bandwidth below one a second (ops / rate overflowed to infinity), a
     * time over an hour, float64 on a device without it. The cost model would trust it: a JVM rate
     * of 0 priced every float64 plan at infinity.
     */
    static String implausible(DeviceProfile p, Target t) {
        if (p.kind() != Calibration.kind(t)) return "kind " + p.kind() + ", but " + t.name() + " is " + Calibration.kind(t);
        DeviceProfile.Rates r = p.rates();
        for (double rate : new double[] { r.simple32(), r.simple64(), r.division32(), r.division64(), r.transcendental32(), r.transcendental64() }) {
            if (rate == 0 && p.isHost()) return "a rate of 0 on the JVM, which runs every type";
            if (rate != 0 && rate < 1) return "a rate below one a second: " + rate;
        }
        if (p.memoryBytesPerSecond() < 1 || p.uploadBytesPerSecond() < 1 || p.downloadBytesPerSecond() < 1) return "a bandwidth below one byte a second";
        for (double s : new double[] { p.launchSeconds(), p.transferLatencySeconds(), p.buildSeconds(), p.cachedBuildSeconds() }) {
            if (s > MAX_SECONDS) return "a time over an hour: " + s + " s";
        }
        if (p.fp64() && t instanceof OpenClTarget d && !d.info().fp64()) return "fp64 on a device without it";
        return null;
    }

    private void write(DeviceProfile p) {
        if (!refusal().isEmpty()) return;
        Path f = file(p.target());
        try {
            ProgramCacheDirectory.writeAtomically(f, ProfileFile.encode(p), "profile");
            ProgramCacheDirectory.removeAbandonedTemps(dir, TEMP_NAME);
        } catch (IOException e) {
            if (writeWarned.compareAndSet(false, true)) {
                NumfuseLog.warning("the device profile " + f + " could not be written (" + ProgramCacheDirectory.reason(e)
                        + "); it is measured again next time (this warning is shown once)");
            }
        }
    }

    private void warnCorrupt(Path f, String why) {
        if (corruptWarned.compareAndSet(false, true)) {
            NumfuseLog.warning("ignoring the device profile " + f + " (" + why + "); it is measured again (this warning is shown once)");
        }
    }

    /** Why the directory is not used, "" when it is: decided (the directory made, its owner and permissions checked) and warned about once. */
    private String refusal() {
        String r = refusal;
        if (r == null) {
            synchronized (this) {
                if (refusal == null) {
                    String why = OpenClProgramCache.refusal(dir, true);
                    refusal = why == null ? "" : why;
                    if (why != null && refusalWarned.compareAndSet(false, true)) {
                        NumfuseLog.warning("not storing device profiles: " + why
                                + "; each process measures them again (this warning is shown once)");
                    }
                }
                r = refusal;
            }
        }
        return r;
    }

    // ---- one measurement at a time per target ----------------------------------------------------

    private <T> T underLock(Target t, Supplier<T> action) { return underLock(t.name(), action); }

    /**
     * Runs {@code action} holding this JVM's lock on the target's file and, when the directory is
     * used, a file lock on {@code <file>.lock} (waited for at most {@link #LOCK_WAIT_MILLIS}; a
     * lock that cannot be had, on a file system without locks, is done without).
     */
    private <T> T underLock(String target, Supplier<T> action) {
        Path f = file(target), lockFile = f.resolveSibling(f.getFileName() + ".lock");
        return refusal().isEmpty() ? FileLocks.holding(lockFile, LOCK_WAIT_MILLIS, action) : FileLocks.inThisJvm(lockFile, action);
    }
}
