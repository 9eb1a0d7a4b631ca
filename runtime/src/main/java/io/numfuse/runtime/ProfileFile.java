package io.numfuse.runtime;

import io.numfuse.core.DType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A {@link DeviceProfile} as a file: {@link Properties} text (no dependency, readable, and
 * escaped by the JDK), keys in order, with a format version. A file of another format version is
 * {@link Other}; one that does not parse, or lacks a field, is {@link Corrupt}. Doubles are
 * written as {@link Double#toString} writes them, so that they read back exactly (infinity as
 * {@code Infinity}).
 */
final class ProfileFile {
    private ProfileFile() {}

    /** The format version; a file of another is measured again. */
    static final int FORMAT = 1;

    /** What a file held. */
    sealed interface Read permits Profile, Other, Corrupt {}

    /** A profile of this format. */
    record Profile(DeviceProfile profile) implements Read {}

    /** A file of another format version (older or newer numfuse). */
    record Other(String format) implements Read {}

    /** A file that is not a profile: why. */
    record Corrupt(String why) implements Read {}

    static byte[] encode(DeviceProfile p) {
        Properties props = new Properties();
        props.setProperty("format", String.valueOf(FORMAT));
        props.setProperty("target", p.target());
        props.setProperty("kind", p.kind().name());
        props.setProperty("identity", p.identity());
        props.setProperty("launch_s", number(p.launchSeconds()));
        props.setProperty("memory_bytes_per_s", number(p.memoryBytesPerSecond()));
        for (OpClass c : OpClass.values()) {
            for (DType t : new DType[] { DType.FLOAT32, DType.FLOAT64 }) props.setProperty(rateKey(c, t), number(p.rate(c, t)));
        }
        props.setProperty("upload_bytes_per_s", number(p.uploadBytesPerSecond()));
        props.setProperty("download_bytes_per_s", number(p.downloadBytesPerSecond()));
        props.setProperty("transfer_latency_s", number(p.transferLatencySeconds()));
        props.setProperty("build_s", number(p.buildSeconds()));
        props.setProperty("cached_build_s", number(p.cachedBuildSeconds()));
        props.setProperty("compute_units", String.valueOf(p.computeUnits()));
        props.setProperty("fp64", String.valueOf(p.fp64()));
        props.setProperty("memory_bytes", String.valueOf(p.memoryBytes()));
        props.setProperty("shares_host_cores", String.valueOf(p.sharesHostCores()));
        props.setProperty("measured_at", p.measuredAt().toString());
        p.corrections().forEach((k, v) -> props.setProperty("correction." + k, number(v)));
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        try {
            props.store(w, null);   // ISO 8859-1, every other character escaped: the file is ASCII
        } catch (IOException e) {
            throw new IllegalStateException("a ByteArrayOutputStream does not fail", e);
        }
        // Properties.store writes in hash order after a date comment: the entries sorted instead, one per line
        List<String> lines = new ArrayList<>(w.toString(StandardCharsets.ISO_8859_1).lines().filter(l -> !l.startsWith("#")).sorted().toList());
        lines.addFirst("# numfuse device profile (delete this file, or run 'numfuse devices --calibrate', to measure it again)");
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String number(double d) { return Double.toString(d); }

    private static String rateKey(OpClass c, DType t) { return "rate." + c.key() + "." + t.numpyName(); }

    static Read decode(byte[] bytes) {
        Properties props = new Properties();
        try {
            props.load(new ByteArrayInputStream(bytes));
        } catch (IOException | IllegalArgumentException e) {   // a malformed \\u escape
            return new Corrupt("not a properties file (" + e.getMessage() + ")");
        }
        String format = props.getProperty("format");
        if (format == null) return new Corrupt("no format version");
        if (!format.strip().equals(String.valueOf(FORMAT))) return new Other(format.strip());
        try {
            Fields f = new Fields(props);
            DeviceProfile.Rates rates = new DeviceProfile.Rates(
                    f.number(rateKey(OpClass.SIMPLE, DType.FLOAT32)), f.number(rateKey(OpClass.SIMPLE, DType.FLOAT64)),
                    f.number(rateKey(OpClass.DIVISION, DType.FLOAT32)), f.number(rateKey(OpClass.DIVISION, DType.FLOAT64)),
                    f.number(rateKey(OpClass.TRANSCENDENTAL, DType.FLOAT32)), f.number(rateKey(OpClass.TRANSCENDENTAL, DType.FLOAT64)));
            Map<String, Double> corrections = new TreeMap<>();
            for (String k : props.stringPropertyNames()) {
                if (k.startsWith("correction.")) corrections.put(k.substring("correction.".length()), f.number(k));
            }
            return new Profile(new DeviceProfile(f.text("target"), DeviceProfile.Kind.valueOf(f.text("kind")), f.text("identity"),
                    f.number("launch_s"), f.number("memory_bytes_per_s"), rates, f.number("upload_bytes_per_s"),
                    f.number("download_bytes_per_s"), f.number("transfer_latency_s"), f.number("build_s"), f.number("cached_build_s"),
                    Integer.parseInt(f.text("compute_units")), f.bool("fp64"), Long.parseLong(f.text("memory_bytes")),
                    f.bool("shares_host_cores"), corrections, Instant.parse(f.text("measured_at"))));
        } catch (IllegalArgumentException | DateTimeParseException e) {   // a missing field, a bad number, kind or date, a value out of range
            return new Corrupt(e.getMessage());
        }
    }

    /** Required fields of a properties file: missing or malformed ones are an {@link IllegalArgumentException} that names them. */
    private record Fields(Properties props) {
        String text(String key) {
            String v = props.getProperty(key);
            if (v == null) throw new IllegalArgumentException("no " + key);
            return v.strip();
        }

        double number(String key) {
            String v = text(key);
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is not a number: " + v);
            }
        }

        boolean bool(String key) {
            String v = text(key);
            if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException(key + " is not true or false: " + v);
            return v.equals("true");
        }
    }
}
