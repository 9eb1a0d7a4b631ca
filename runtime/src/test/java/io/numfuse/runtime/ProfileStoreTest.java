package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile store over a directory of the test's own, with a calibrator that counts its calls
 * and returns a synthetic profile at once: stored and read back exactly, measured again when the
 * identity or format changes or the file is not a profile, refused directories, threads and
 * processes at once.
 */
class ProfileStoreTest {
    @TempDir Path home;

    /** Counts measurements; each returns a synthetic profile with the identity the store asks for, and a launch figure of its number. */
    static final class FakeCalibrator implements Function<Target, DeviceProfile> {
        final AtomicInteger calls = new AtomicInteger();
        final Function<Target, String> identity;
        volatile long sleepMillis;

        FakeCalibrator(Function<Target, String> identity) { this.identity = identity; }

        @Override
        public DeviceProfile apply(Target t) {
            int n = calls.incrementAndGet();
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return DeviceProfile.builder(t.name(), Calibration.kind(t)).identity(identity.apply(t)).launchSeconds(n * 1e-6)
                    .measuredAt(Instant.parse("2026-12-01T10:15:30.123456789Z")).build();
        }
    }

    Path dir() { return home.resolve("numfuse").resolve("profiles"); }

    ProfileStore store(FakeCalibrator c) { return new ProfileStore(dir(), c, c.identity); }

    static FakeCalibrator calibrator(String identity) { return new FakeCalibrator(t -> identity + " " + t.name()); }

    static final Target JVM = JvmTarget.INSTANCE;

    @Test
    void aProfileIsMeasuredOnceStoredAndReadBackExactly() throws Exception {
        FakeCalibrator c = calibrator("id");
        DeviceProfile p = store(c).profile(JVM);
        assertEquals(1, c.calls.get());
        DeviceProfile again = store(c).profile(JVM);          // another store (another process) over the same directory
        assertEquals(1, c.calls.get(), "read, not measured");
        assertEquals(p, again);
        assertTrue(Files.isRegularFile(dir().resolve("jvm.properties")));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir()), "made owner-only");
        String text = Files.readString(dir().resolve("jvm.properties"));
        assertTrue(text.contains("format=1\n") && text.contains("identity=id jvm\n"), text);
    }

    @Test
    void severalTargetsAreMeasuredTogetherAndAFailureKeepsTheOthers() {
        Target device = OpenClTests.first();
        FakeCalibrator c = calibrator("id");
        Function<Target, DeviceProfile> failing = t -> {
            if (t == device) throw new io.numfuse.core.NumfuseException(t.name() + " failed during its calibration");
            return c.apply(t);
        };
        ProfileStore store = new ProfileStore(dir(), failing, c.identity);
        List<Calibration.Outcome> out = store.calibrate(List.of(device, JVM));
        assertEquals(List.of(device, JVM), out.stream().map(Calibration.Outcome::target).toList(), "in the order asked");
        assertNotNull(out.get(0).error());
        assertNull(out.get(0).profile());
        assertNotNull(out.get(1).profile());
        assertTrue(Files.isRegularFile(dir().resolve("jvm.properties")), "the JVM's profile is stored");
        assertFalse(Files.exists(store.file(device.name())), "no profile for the device that failed");
        // profiles(): stored ones are read, the missing one measured (and stored) now
        FakeCalibrator fresh = calibrator("id");
        List<Calibration.Outcome> again = store(fresh).profiles(List.of(JVM, device));
        assertEquals(out.get(1).profile(), again.get(0).profile(), "read, not measured");
        assertEquals(1, fresh.calls.get(), "only the device was measured");
        assertTrue(Files.isRegularFile(store.file(device.name())));
    }

    @Test
    void everyFieldRoundTripsIncludingInfinityAndCorrections() {
        FakeCalibrator c = calibrator("id");
        ProfileStore s = store(c);
        DeviceProfile p = s.profile(JVM).toBuilder().memoryBytesPerSecond(1.234567890123e10).link(Double.POSITIVE_INFINITY, 3e9, 0)
                .rates(new DeviceProfile.Rates(1.5e9, 0.7e9, 3e8, 1e8, 2e7, 1e7)).buildTimes(0.25, 0.0125).computeUnits(7).fp64(false)
                .memoryBytes(123456789012L).sharesHostCores(false).corrections(Map.of("map/float32", 1.25, "reduce=x y", 0.8))
                .identity("id jvm\nwith a new line, ü and a \\ backslash").build();
        s.update(p);
        assertEquals(p, ProfileFile.decode(ProfileFile.encode(p)) instanceof ProfileFile.Profile(DeviceProfile q) ? q : null);
        FakeCalibrator other = new FakeCalibrator(t -> "id jvm\nwith a new line, ü and a \\ backslash");
        assertEquals(p, new ProfileStore(dir(), other, other.identity).profile(JVM), "another process reads what update wrote");
        assertEquals(0, other.calls.get());
    }

    @Test
    void updatePersistsCorrectionsAndCalibrateMeasuresAgain() {
        FakeCalibrator c = calibrator("id");
        ProfileStore s = store(c);
        s.update(s.profile(JVM).withCorrections(Map.of("map", 1.5)));
        assertEquals(Map.of("map", 1.5), store(c).profile(JVM).corrections());
        DeviceProfile fresh = s.calibrate(JVM);
        assertEquals(2, c.calls.get(), "--calibrate measures whatever is stored");
        assertEquals(Map.of(), fresh.corrections(), "corrections start anew with new figures");
        assertEquals(fresh, store(c).profile(JVM));
    }

    @Test
    void aChangedIdentityOrFormatIsMeasuredAgainWithoutAWarning() throws Exception {
        FakeCalibrator before = calibrator("driver 1");
        store(before).profile(JVM);
        FakeCalibrator after = calibrator("driver 2");
        String err = ProgramCacheTests.stderrOf(() -> {
            DeviceProfile p = store(after).profile(JVM);
            assertEquals("driver 2 jvm", p.identity());
        });
        assertEquals(1, after.calls.get(), "a new driver: measured again");
        assertEquals("", err);
        store(after).profile(JVM);
        assertEquals(1, after.calls.get(), "and stored");
        Path f = dir().resolve("jvm.properties");
        Files.writeString(f, Files.readString(f).replace("format=1", "format=2"));
        FakeCalibrator newer = calibrator("driver 2");
        assertEquals("", ProgramCacheTests.stderrOf(() -> store(newer).profile(JVM)));
        assertEquals(1, newer.calls.get(), "another format version: measured again");
        assertTrue(Files.readString(f).contains("format=1"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void filesThatAreNotProfilesAreIgnoredWithOneWarningAndReplaced() throws Exception {
        FakeCalibrator c = calibrator("id");
        store(c).profile(JVM);
        Path f = dir().resolve("jvm.properties");
        String good = Files.readString(f);
        List<String> broken = List.of("", "garbage \\uZZZZ", good.substring(0, good.length() / 2), good.replace("fp64=true", "fp64=maybe"),
                good.replaceAll("launch_s=.*", "launch_s=NaN"), good.replaceAll("kind=.*", "kind=TOASTER"),
                // profiles that parse but cannot be this target's measurement: the model would trust them (a JVM rate of 0 crashed auto)
                good.replaceAll("kind=.*", "kind=GPU"), good.replaceAll("rate.simple.float64=.*", "rate.simple.float64=0"),
                good.replaceAll("rate.simple.float64=.*", "rate.simple.float64=1e-320"), good.replaceAll("launch_s=.*", "launch_s=1e300"),
                good.replaceAll("memory_bytes_per_s=.*", "memory_bytes_per_s=1e-300"));
        for (String text : broken) {
            Files.writeString(f, text, StandardCharsets.ISO_8859_1);
            ProfileStore s = store(c);
            int calls = c.calls.get();
            String err = ProgramCacheTests.stderrOf(() -> {
                s.profile(JVM);
                s.stored(JVM);
            });
            assertEquals(calls + 1, c.calls.get(), "measured again: " + text);
            assertEquals(1, ProgramCacheTests.warnings(err), err);
            assertTrue(err.contains("ignoring the device profile " + f), err);
            assertEquals(good.replaceAll("launch_s=.*", ""), Files.readString(f).replaceAll("launch_s=.*", ""), "replaced by a profile");
        }
        // a FIFO is refused unread (and one as the lock file is not opened), and one store warns once however many files it ignores
        Files.delete(f);
        assertEquals(0, new ProcessBuilder("mkfifo", f.toString()).start().waitFor());
        Path lock = dir().resolve("jvm.properties.lock");
        Files.delete(lock);
        assertEquals(0, new ProcessBuilder("mkfifo", lock.toString()).start().waitFor());
        ProfileStore s = store(c);
        String err = ProgramCacheTests.stderrOf(() -> {
            s.profile(JVM);
            Files.writeString(f, "broken");
            s.calibrate(JVM);
            Files.writeString(f, "broken");
            store(c).stored(JVM);
        });
        assertEquals(2, ProgramCacheTests.warnings(err), "one per store: " + err);
        assertTrue(err.contains("(not a regular file)"), err);
    }

    @Test
    void aDirectoryOthersCanWriteIsRefusedWithOneWarning() throws Exception {
        Files.createDirectories(dir());
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        FakeCalibrator c = calibrator("id");
        ProfileStore s = store(c);
        String err = ProgramCacheTests.stderrOf(() -> {
            s.profile(JVM);
            s.profile(JVM);
            s.update(s.profile(JVM).withCorrections(Map.of("a", 2.0)));
            s.stored(JVM);
        });
        assertEquals(1, ProgramCacheTests.warnings(err), err);
        assertTrue(err.contains("not storing device profiles: " + dir().toRealPath() + " can be written by other users"), err);
        assertEquals(1, c.calls.get(), "kept in memory for this process");
        assertEquals(Map.of("a", 2.0), s.profile(JVM).corrections());
        try (var files = Files.list(dir())) {
            assertEquals(List.of(), files.toList(), "nothing written there");
        }
        assertNotNull(s.notInUse());
    }

    @Test
    void theStandardStoreFollowsTheProperty() {
        String saved = System.getProperty(ProfileStore.DIRECTORY_PROPERTY);
        try {
            System.setProperty(ProfileStore.DIRECTORY_PROPERTY, dir().toString());
            assertEquals(dir(), ProfileStore.standard().location());
            assertSame(ProfileStore.standard(), ProfileStore.standard());
        } finally {
            if (saved == null) System.clearProperty(ProfileStore.DIRECTORY_PROPERTY); else System.setProperty(ProfileStore.DIRECTORY_PROPERTY, saved);
        }
        assertTrue(ProfileStore.directory().endsWith(Path.of("numfuse", "profiles")) || saved != null);
    }

    @Test
    void theInterpreterHasNoProfile() {
        FakeCalibrator c = calibrator("id");
        assertThrows(IllegalArgumentException.class, () -> store(c).profile(InterpreterTarget.INSTANCE));
        assertEquals(0, c.calls.get());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void threadsAndStoresThatNeedOneProfileAtOnceMeasureItOnce() throws Exception {
        FakeCalibrator c = calibrator("id");
        c.sleepMillis = 200;
        ProfileStore one = store(c), two = store(c);   // two stores of one directory: as two processes would be
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DeviceProfile>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ProfileStore s = i % 2 == 0 ? one : two;
                got.add(pool.submit(() -> {
                    go.await();
                    return s.profile(JVM);
                }));
            }
            go.countDown();
            DeviceProfile first = got.getFirst().get();
            for (Future<DeviceProfile> f : got) assertEquals(first, f.get());
            assertEquals(1, c.calls.get(), "measured once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void concurrentUpdatesFromThreadsAndAnotherProcessLeaveAProfileAlways() throws Exception {
        FakeCalibrator c = calibrator("id");
        ProfileStore s = store(c);
        DeviceProfile base = s.profile(JVM);
        Path f = dir().resolve("jvm.properties");
        // another JVM updates the same file meanwhile
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ProfileStoreChild.class.getName(), dir().toString(), "200")
                .redirectErrorStream(true).start();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < 3; th++) {
                int id = th;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) s.update(base.withCorrections(Map.of("thread " + id, (double) i)));
                    return null;
                }));
            }
            done.add(pool.submit(() -> {   // a reader that must always find a whole profile
                while (child.isAlive() || done.stream().limit(3).anyMatch(x -> !x.isDone())) {
                    byte[] bytes = Files.readAllBytes(f);
                    assertInstanceOf(ProfileFile.Profile.class, ProfileFile.decode(bytes), new String(bytes, StandardCharsets.ISO_8859_1));
                }
                return null;
            }));
            for (Future<?> d : done) d.get();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), out);
        } finally {
            pool.shutdownNow();
            child.destroy();
        }
        DeviceProfile last = store(c).profile(JVM);
        assertEquals(1, last.corrections().size(), "one writer's whole profile: " + last.corrections());
        assertEquals(1, c.calls.get());
        try (var files = Files.list(dir())) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "no temporary file left");
        }
    }
}
