package io.numfuse.runtime;

import io.numfuse.core.DType;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one target costs, as {@link Calibration} measured it (or a test wrote it down): the
 * figures a cost model needs to predict a kernel's time there. Plain values, so that tests can
 * describe devices this machine lacks (a fast GPU behind a slow link, a device without fp64);
 * {@link #builder} and the {@code with...} methods derive one from another.
 *
 * @param target the target's name, as {@code --target} takes it: {@code jvm}, {@code opencl:0}
 * @param kind what runs the kernels ({@link Kind})
 * @param identity what must be unchanged for a stored profile to be used again: for a device its
 *     name, vendor, platform, device and driver versions; for the JVM the JDK, the threads, the
 *     processor and whether the Vector API is present; and numfuse's and the calibration's version
 * @param launchSeconds the fixed cost of one run of a kernel already compiled and planned, over
 *     data already where it runs: launching and waiting for it (seconds; planning an evaluation is
 *     the same work on every target, and not part of a kernel's run as the scheduler times it)
 * @param memoryBytesPerSecond streaming memory bandwidth: bytes read and written by a large
 *     element-wise kernel over its time less {@link #launchSeconds} (bytes per second)
 * @param rates arithmetic rates per op class and float type, compute-bound, in cache (elements
 *     per second for one op per element; 0 where the device cannot run that type)
 * @param uploadBytesPerSecond host-to-device copy bandwidth (bytes per second; infinite for the
 *     JVM, whose data is already on the host)
 * @param downloadBytesPerSecond device-to-host copy bandwidth (bytes per second; infinite for the JVM)
 * @param transferLatencySeconds the fixed cost of one copy between host and device (seconds; 0 for the JVM)
 * @param buildSeconds what a kernel new to this target costs before it runs: code generation and
 *     compilation (and, for OpenCL, storing the program in the disk cache) (seconds)
 * @param cachedBuildSeconds what a kernel new to this process costs when an earlier process
 *     compiled it: loading the program binary from the disk cache (seconds); equal to
 *     {@link #buildSeconds} where there is no disk cache (the JVM, a cache turned off)
 * @param computeUnits the parallel units kernels use: the JVM backend's threads, an OpenCL
 *     device's compute units
 * @param fp64 whether the target runs float64 kernels (a device without {@code cl_khr_fp64}
 *     hands them to the JVM)
 * @param memoryBytes memory for data: the JVM's maximum heap, a device's global memory (bytes)
 * @param sharesHostCores true when the target computes on the host's cores (the JVM, an OpenCL
 *     CPU device): such targets do not add up when run side by side
 * @param corrections extra per-target numbers a cost model keeps with the profile (corrections
 *     learnt from measured launches); stored as is, in key order
 * @param measuredAt when the profile was measured
 */
public record DeviceProfile(
        String target,
        Kind kind,
        String identity,
        double launchSeconds,
        double memoryBytesPerSecond,
        Rates rates,
        double uploadBytesPerSecond,
        double downloadBytesPerSecond,
        double transferLatencySeconds,
        double buildSeconds,
        double cachedBuildSeconds,
        int computeUnits,
        boolean fp64,
        long memoryBytes,
        boolean sharesHostCores,
        Map<String, Double> corrections,
        Instant measuredAt) {

    /** What runs a target's kernels: the JVM itself, or an OpenCL device of type CPU, GPU or accelerator. */
    public enum Kind { JVM, CPU, GPU, ACCELERATOR }

    /**
     * Arithmetic rates in elements per second, one op of the class per element, by op class and
     * float type. A rate of 0 means the target does not run that type (float64 without fp64).
     */
    public record Rates(double simple32, double simple64, double division32, double division64,
                        double transcendental32, double transcendental64) {
        public Rates {
            for (double r : new double[] { simple32, simple64, division32, division64, transcendental32, transcendental64 }) {
                if (!(r >= 0) || Double.isInfinite(r)) throw new IllegalArgumentException("a rate must be finite and at least 0: " + r);
            }
        }

        /** The same rates for every class: {@code float32} for float32, {@code float64} for float64. */
        public static Rates uniform(double float32, double float64) {
            return new Rates(float32, float64, float32, float64, float32, float64);
        }

        /** The rate of {@code c} in {@code t} (float32 or float64; integer types count as float64's width, bool as float32's). */
        public double of(OpClass c, DType t) {
            boolean wide = t.itemSize() == 8;
            return switch (c) {
                case SIMPLE -> wide ? simple64 : simple32;
                case DIVISION -> wide ? division64 : division32;
                case TRANSCENDENTAL -> wide ? transcendental64 : transcendental32;
            };
        }

        /** These rates with the one of {@code c} in {@code t}'s width replaced by {@code rate}. */
        public Rates with(OpClass c, DType t, double rate) {
            boolean wide = t.itemSize() == 8;
            return switch (c) {
                case SIMPLE -> wide ? new Rates(simple32, rate, division32, division64, transcendental32, transcendental64)
                        : new Rates(rate, simple64, division32, division64, transcendental32, transcendental64);
                case DIVISION -> wide ? new Rates(simple32, simple64, division32, rate, transcendental32, transcendental64)
                        : new Rates(simple32, simple64, rate, division64, transcendental32, transcendental64);
                case TRANSCENDENTAL -> wide ? new Rates(simple32, simple64, division32, division64, transcendental32, rate)
                        : new Rates(simple32, simple64, division32, division64, rate, transcendental64);
            };
        }

        /**
         * These rates times {@code factor}.
         *
         * @param factor the factor, above 0
         * @return the scaled rates
         */
        public Rates times(double factor) {
            return new Rates(simple32 * factor, simple64 * factor, division32 * factor, division64 * factor,
                    transcendental32 * factor, transcendental64 * factor);
        }

        /** These rates without float64 (a device without fp64). */
        public Rates withoutFloat64() { return new Rates(simple32, 0, division32, 0, transcendental32, 0); }
    }

    public DeviceProfile {
        if (target == null || target.isBlank()) throw new IllegalArgumentException("a profile needs a target name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(measuredAt, "measuredAt");
        requireTime("launchSeconds", launchSeconds);
        requireRate("memoryBytesPerSecond", memoryBytesPerSecond, false);
        requireRate("uploadBytesPerSecond", uploadBytesPerSecond, true);
        requireRate("downloadBytesPerSecond", downloadBytesPerSecond, true);
        requireTime("transferLatencySeconds", transferLatencySeconds);
        requireTime("buildSeconds", buildSeconds);
        requireTime("cachedBuildSeconds", cachedBuildSeconds);
        if (computeUnits < 1) throw new IllegalArgumentException("computeUnits must be at least 1: " + computeUnits);
        if (memoryBytes < 0) throw new IllegalArgumentException("memoryBytes must be at least 0: " + memoryBytes);
        TreeMap<String, Double> sorted = new TreeMap<>();
        for (var e : Objects.requireNonNull(corrections, "corrections").entrySet()) {
            sorted.put(Objects.requireNonNull(e.getKey(), "a correction's name"), Objects.requireNonNull(e.getValue(), "a correction's value"));
        }
        corrections = Collections.unmodifiableMap(sorted);
    }

    private static void requireTime(String what, double s) {
        if (!(s >= 0) || Double.isInfinite(s)) throw new IllegalArgumentException(what + " must be finite and at least 0: " + s);
    }

    private static void requireRate(String what, double r, boolean infiniteAllowed) {
        if (!(r > 0) || !infiniteAllowed && Double.isInfinite(r)) {
            throw new IllegalArgumentException(what + " must be more than 0" + (infiniteAllowed ? "" : " and finite") + ": " + r);
        }
    }

    /** The arithmetic rate of {@code c} in {@code t} (elements per second; 0: not run here). */
    public double rate(OpClass c, DType t) { return rates.of(c, t); }

    /** True for the JVM, whose data is already on the host (no copies, no transfer cost). */
    public boolean isHost() { return kind == Kind.JVM; }

    /** This profile with another host-device link: copy bandwidths (bytes per second) and latency (seconds). */
    public DeviceProfile withLink(double uploadBytesPerSecond, double downloadBytesPerSecond, double transferLatencySeconds) {
        return toBuilder().link(uploadBytesPerSecond, downloadBytesPerSecond, transferLatencySeconds).build();
    }

    /** This profile with other arithmetic rates. */
    public DeviceProfile withRates(Rates rates) { return toBuilder().rates(rates).build(); }

    /** This profile with other build times (seconds: from source, and from the disk cache). */
    public DeviceProfile withBuild(double buildSeconds, double cachedBuildSeconds) {
        return toBuilder().buildTimes(buildSeconds, cachedBuildSeconds).build();
    }

    /** This profile without float64: fp64 false, float64 rates 0. */
    public DeviceProfile withoutFp64() { return toBuilder().fp64(false).rates(rates.withoutFloat64()).build(); }

    /** This profile with {@code corrections} in place of its own. */
    public DeviceProfile withCorrections(Map<String, Double> corrections) { return toBuilder().corrections(corrections).build(); }

    /** A builder holding this profile's values. */
    public Builder toBuilder() { return new Builder(this); }

    /**
     * A builder for a profile of {@code target}, starting from a nominal device of that kind (for
     * tests: set what the test is about). The nominal values: launch 10 µs, memory 10 GB/s,
     * every rate 10^9 elements/s, a link of 10 GB/s each way and 10 µs (none for the JVM: infinite
     * and 0), build 0.1 s (and from the disk cache 0.01 s), 4 compute units, fp64, 1 GiB, sharing
     * the host's cores for the JVM and CPU kinds, no corrections, measured at the epoch, identity
     * {@code "synthetic"}.
     */
    public static Builder builder(String target, Kind kind) { return new Builder(target, kind); }

    /** Builds a {@link DeviceProfile}; see {@link DeviceProfile#builder}. */
    public static final class Builder {
        private String target, identity = "synthetic";
        private Kind kind;
        private double launch = 10e-6, memory = 10e9, up, down, latency, build = 0.1, cachedBuild = 0.01;
        private Rates rates = Rates.uniform(1e9, 1e9);
        private int computeUnits = 4;
        private boolean fp64 = true, sharesHostCores;
        private long memoryBytes = 1L << 30;
        private Map<String, Double> corrections = Map.of();
        private Instant measuredAt = Instant.EPOCH;

        private Builder(String target, Kind kind) {
            this.target = target;
            this.kind = kind;
            boolean host = kind == Kind.JVM;
            up = down = host ? Double.POSITIVE_INFINITY : 10e9;
            latency = host ? 0 : 10e-6;
            sharesHostCores = host || kind == Kind.CPU;
        }

        private Builder(DeviceProfile p) {
            target = p.target;
            kind = p.kind;
            identity = p.identity;
            launch = p.launchSeconds;
            memory = p.memoryBytesPerSecond;
            rates = p.rates;
            up = p.uploadBytesPerSecond;
            down = p.downloadBytesPerSecond;
            latency = p.transferLatencySeconds;
            build = p.buildSeconds;
            cachedBuild = p.cachedBuildSeconds;
            computeUnits = p.computeUnits;
            fp64 = p.fp64;
            memoryBytes = p.memoryBytes;
            sharesHostCores = p.sharesHostCores;
            corrections = p.corrections;
            measuredAt = p.measuredAt;
        }

        public Builder target(String target) { this.target = target; return this; }
        public Builder kind(Kind kind) { this.kind = kind; return this; }
        public Builder identity(String identity) { this.identity = identity; return this; }
        public Builder launchSeconds(double s) { this.launch = s; return this; }
        public Builder memoryBytesPerSecond(double b) { this.memory = b; return this; }
        public Builder rates(Rates rates) { this.rates = rates; return this; }
        public Builder rate(OpClass c, DType t, double rate) { this.rates = rates.with(c, t, rate); return this; }

        public Builder link(double uploadBytesPerSecond, double downloadBytesPerSecond, double transferLatencySeconds) {
            this.up = uploadBytesPerSecond;
            this.down = downloadBytesPerSecond;
            this.latency = transferLatencySeconds;
            return this;
        }

        public Builder buildTimes(double buildSeconds, double cachedBuildSeconds) {
            this.build = buildSeconds;
            this.cachedBuild = cachedBuildSeconds;
            return this;
        }

        public Builder computeUnits(int n) { this.computeUnits = n; return this; }
        public Builder fp64(boolean fp64) { this.fp64 = fp64; return this; }
        public Builder memoryBytes(long bytes) { this.memoryBytes = bytes; return this; }
        public Builder sharesHostCores(boolean shares) { this.sharesHostCores = shares; return this; }
        public Builder corrections(Map<String, Double> corrections) { this.corrections = corrections; return this; }
        public Builder measuredAt(Instant at) { this.measuredAt = at; return this; }

        public DeviceProfile build() {
            return new DeviceProfile(target, kind, identity, launch, memory, rates, up, down, latency, build, cachedBuild,
                    computeUnits, fp64, memoryBytes, sharesHostCores, corrections, measuredAt);
        }
    }
}
