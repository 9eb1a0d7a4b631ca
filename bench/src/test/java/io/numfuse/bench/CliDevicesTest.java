package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.runtime.Calibration;
import io.numfuse.runtime.DeviceProfile;
import io.numfuse.runtime.JvmTarget;
import io.numfuse.runtime.OpenClTarget;
import io.numfuse.runtime.ProfileStore;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code numfuse devices [--calibrate] [--json]} over a profile directory and an OpenCL program
 * cache of the test's own (never the user's).
 */
class CliDevicesTest {
    static final String PROGRAM_CACHE_PROPERTY = "numfuse.opencl.cacheDir";
    @TempDir Path home;
    String savedProfiles, savedPrograms;

    @BeforeEach
    void pointTheCachesHere() {
        savedProfiles = System.getProperty(ProfileStore.DIRECTORY_PROPERTY);
        savedPrograms = System.getProperty(PROGRAM_CACHE_PROPERTY);
        System.setProperty(ProfileStore.DIRECTORY_PROPERTY, profiles().toString());
        System.setProperty(PROGRAM_CACHE_PROPERTY, home.resolve("opencl").toString());
    }

    @AfterEach
    void restore() {
        restore(ProfileStore.DIRECTORY_PROPERTY, savedProfiles);
        restore(PROGRAM_CACHE_PROPERTY, savedPrograms);
    }

    private static void restore(String property, String value) {
        if (value == null) System.clearProperty(property);
        else System.setProperty(property, value);
    }

    Path profiles() { return home.resolve("profiles"); }

    /** Stores a synthetic profile (with the identity the store expects) for each target in {@code targets}. */
    void storeSynthetic(List<? extends Target> targets) {
        ProfileStore store = ProfileStore.at(profiles());
        for (Target t : targets) {
            DeviceProfile.Builder b = DeviceProfile.builder(t.name(), Calibration.kind(t)).identity(Calibration.identity(t))
                    .measuredAt(Instant.parse("2026-12-01T10:00:00Z"));
            if (t == JvmTarget.INSTANCE) {   // 6.4 µs a launch, 20 GB/s, 47 and 38 G simple ops, 89 and 49 M exp/log, 0.9 ms a build
                b.launchSeconds(6.4e-6).memoryBytesPerSecond(20e9).rates(new DeviceProfile.Rates(47e9, 38e9, 2.4e9, 0.95e9, 89e6, 49e6)).buildTimes(0.9e-3, 0.9e-3);
            } else {                         // a fast device behind a 10 GB/s link: slower than the JVM's memory, so never for host data
                b.launchSeconds(20e-6).memoryBytesPerSecond(500e9).rates(DeviceProfile.Rates.uniform(1e12, 5e11)).link(10e9, 10e9, 1e-6)
                        .buildTimes(0.25, 0.002);
            }
            store.update(b.build());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> device(Map<String, Object> j, String name) {
        return ((List<Map<String, Object>>) j.get("devices")).stream().filter(d -> d.get("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void storedProfilesAreShownWithTheirTypeAndWhatAutoWouldPrefer() {
        List<Target> profiled = Targets.all().stream().filter(Calibration::supports).toList();
        storeSynthetic(profiled);
        CliTest.Result r = CliTest.run("devices");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), "nothing measured");
        assertTrue(r.out().contains("jvm          JVM   JVM bytecode"), r.out());
        assertTrue(r.out().contains("interpreter  -     reference interpreter"), r.out());
        assertTrue(r.out().contains("profiles (stored in " + profiles()), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("jvm +6\\.4 µs +20 +47G/38G +89M/49M +on the host +0\\.9 +\\(the default\\)")), r.out());
        assertTrue(r.out().contains("interpreter  none: the reference interpreter is never chosen for speed"), r.out());
        for (OpenClTarget cl : Targets.openCl()) {
            assertTrue(r.out().contains(cl.name() + "     " + cl.kind().name()), r.out());
            // per element, the JVM: max(16 / 20e9, 2 / 47e9) = 8e-10 s; the device: 16 / 10e9 + max(16 / 500e9, 2 / 1e12) = 1.632e-9 s
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(cl.name()) && l.matches(".* never; n >= \\S+$")),
                    "a link slower than the JVM's memory: never for data on the host, from some n for data on the device: " + r.out());
        }
        String table = r.out().substring(r.out().indexOf("profiles ("));
        for (String line : table.lines().toList()) assertTrue(line.length() <= 100, "readable in 100 columns: " + line);
        assertFalse(r.out().contains("calibration took"), r.out());
    }

    @Test
    void jsonCarriesTheProfiles() {
        List<Target> profiled = Targets.all().stream().filter(Calibration::supports).toList();
        storeSynthetic(profiled);
        CliTest.Result r = CliTest.run("devices", "--json");
        assertEquals(0, r.status(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) TestJson.parse(r.out().strip());
        assertEquals(profiles().toString(), j.get("profile_directory"));
        assertFalse(j.containsKey("calibration_s"), "nothing measured");
        Map<String, Object> jvm = device(j, "jvm");
        assertEquals("JVM", jvm.get("kind"));
        assertEquals(Boolean.TRUE, jvm.get("auto_default"));
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) jvm.get("profile");
        assertEquals(6.4e-6, ((Number) p.get("launch_s")).doubleValue());
        assertEquals(20e9, ((Number) p.get("memory_bytes_per_s")).doubleValue());
        assertNull(p.get("upload_bytes_per_s"), "infinite: the JVM's data is on the host");
        assertEquals(0.0, ((Number) p.get("transfer_latency_s")).doubleValue());
        assertEquals(Calibration.identity(JvmTarget.INSTANCE), p.get("identity"));
        assertEquals("2026-12-01T10:00:00Z", p.get("measured_at"));
        assertEquals(Map.of(), p.get("corrections"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> rates = (Map<String, Map<String, Object>>) p.get("rates_per_s");
        assertEquals(89e6, ((Number) rates.get("transcendental").get("float32")).doubleValue());
        assertEquals(0.95e9, ((Number) rates.get("division").get("float64")).doubleValue());
        for (String key : List.of("build_s", "cached_build_s", "compute_units", "fp64", "memory_bytes", "shares_host_cores", "download_bytes_per_s")) {
            assertTrue(p.containsKey(key), key);
        }
        Map<String, Object> interp = device(j, "interpreter");
        assertNull(interp.get("profile"));
        assertNull(interp.get("kind"));
        for (OpenClTarget cl : Targets.openCl()) {
            Map<String, Object> d = device(j, cl.name());
            assertEquals(cl.kind().name(), d.get("kind"));
            assertTrue(d.containsKey("reference_crossover_n"));
            assertNull(d.get("reference_crossover_n"), "never");
            assertEquals(10e9, ((Number) ((Map<?, ?>) d.get("profile")).get("upload_bytes_per_s")).doubleValue());
        }
    }

    @Test
    void aMissingProfileIsMeasuredOnFirstUseAndSaysSo() {
        List<Target> devices = Targets.all().stream().filter(t -> Calibration.supports(t) && t != JvmTarget.INSTANCE).toList();
        storeSynthetic(devices);                                     // only the JVM's is missing
        CliTest.Result r = CliTest.run("devices");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().matches("numfuse: calibrating jvm \\(first use; its profile is stored for later runs\\)\\.\\.\\. [0-9.]+ s\\n"), r.err());
        assertTrue(r.out().contains("calibration took "), r.out());
        assertTrue(Files.isRegularFile(profiles().resolve("jvm.properties")));
        CliTest.Result again = CliTest.run("devices");
        assertEquals("", again.err(), "stored: not measured again");
    }

    /** Profiles in a directory that cannot be used (here: under a regular file): the first-use line does not claim to store them. */
    @Test
    void aRefusedDirectoryIsNotSaidToStoreTheProfiles() throws Exception {
        Path file = Files.writeString(home.resolve("a-file"), "x");
        System.setProperty(ProfileStore.DIRECTORY_PROPERTY, file.resolve("profiles").toString());
        CliTest.Result r = CliTest.run("devices");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("(first use; not stored, so measured in each process)"), r.err());
        assertFalse(r.err().contains("stored for later runs"), r.err());
    }

    /** A device whose measurement fails under --calibrate keeps its stored profile, which auto goes on using: the table shows it, not "not measured". */
    @Test
    void aFailedRecalibrationShowsTheProfileKept() throws Exception {
        List<OpenClTarget> devices = Targets.openCl();
        org.junit.jupiter.api.Assumptions.assumeTrue(!devices.isEmpty() && devices.get(0).description().contains("PoCL"),
                "needs PoCL, whose POCL_EXTRA_BUILD_FLAGS makes every build fail here");
        storeSynthetic(Targets.all().stream().filter(Calibration::supports).toList());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-D" + ProfileStore.DIRECTORY_PROPERTY + "=" + profiles(), "-D" + PROGRAM_CACHE_PROPERTY + "=" + home.resolve("opencl"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "devices", "--calibrate");
        pb.environment().put("POCL_EXTRA_BUILD_FLAGS", "-include /nonexistent/numfuse.h");
        pb.environment().put("POCL_CACHE_DIR", home.resolve("pocl").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), "a measurement failed: " + err);
        String name = devices.get(0).name();
        assertTrue(out.contains(name + "     measuring it again failed, its stored profile is kept: "), out);
        assertFalse(out.contains("not measured"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith(name) && l.contains("20 µs")), "the synthetic profile's row: " + out);
    }

    @Test
    void calibrateMeasuresEveryTargetAgainAndSaysHowLongItTook() {
        List<Target> profiled = Targets.all().stream().filter(Calibration::supports).toList();
        storeSynthetic(profiled);
        CliTest.Result r = CliTest.run("devices", "--calibrate", "--json");
        assertEquals(0, r.status(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) TestJson.parse(r.out().strip());
        double seconds = ((Number) j.get("calibration_s")).doubleValue();
        System.out.println("numfuse devices --calibrate: " + seconds + " s for " + profiled.stream().map(Target::name).toList() + "\n" + r.out());
        assertTrue(seconds > 0 && seconds < 60, "took " + seconds + " s");
        String names = String.join(", ", profiled.stream().map(Target::name).toList());
        assertTrue(r.err().startsWith("numfuse: calibrating " + names + "... "), "all together: " + r.err());
        for (Target t : profiled) {
            Map<String, Object> d = device(j, t.name());
            assertEquals(Boolean.TRUE, d.get("calibrated_now"));
            Map<?, ?> p = (Map<?, ?>) d.get("profile");
            assertNotEquals("2026-12-01T10:00:00Z", p.get("measured_at"), "measured again");
            assertTrue(((Number) p.get("launch_s")).doubleValue() > 0);
            assertTrue(((Number) ((Map<?, ?>) ((Map<?, ?>) p.get("rates_per_s")).get("simple")).get("float32")).doubleValue() > 1e6);
        }
        CliTest.Result text = CliTest.run("devices");
        assertEquals("", text.err(), "stored by --calibrate");
        assertTrue(text.out().contains("(the default)"), text.out());
    }
}
