package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.ir.Op;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Synthetic profiles as tests of the cost model will write them (a fast GPU behind a slow link,
 * a slow CPU device, a device without fp64, a slow compiler), and the reference estimate over them.
 */
class DeviceProfileTest {
    static final ReferenceEstimate.Work ABC = ReferenceEstimate.A_PLUS_B_TIMES_C;

    /** A JVM of 2 cores: 20 GB/s, 10^10 simple float32 ops a second, 2 µs a launch. */
    static final DeviceProfile JVM = DeviceProfile.builder("jvm", DeviceProfile.Kind.JVM).launchSeconds(2e-6).memoryBytesPerSecond(20e9)
            .rates(DeviceProfile.Rates.uniform(1e10, 5e9)).build();

    @Test
    void derivedProfilesChangeOnlyWhatTheySay() {
        DeviceProfile gpu = DeviceProfile.builder("opencl:1", DeviceProfile.Kind.GPU).memoryBytesPerSecond(2e12)
                .rates(DeviceProfile.Rates.uniform(5e12, 2.5e12)).build();
        DeviceProfile slowLink = gpu.withLink(1e9, 1e9, 50e-6);
        assertEquals(new DeviceProfile(gpu.target(), gpu.kind(), gpu.identity(), gpu.launchSeconds(), gpu.memoryBytesPerSecond(), gpu.rates(),
                1e9, 1e9, 50e-6, gpu.buildSeconds(), gpu.cachedBuildSeconds(), gpu.computeUnits(), gpu.fp64(), gpu.memoryBytes(),
                gpu.sharesHostCores(), gpu.corrections(), gpu.measuredAt()), slowLink);
        assertFalse(gpu.sharesHostCores(), "a GPU has cores of its own");
        assertTrue(JVM.isHost() && JVM.sharesHostCores() && JVM.uploadBytesPerSecond() == Double.POSITIVE_INFINITY);
        DeviceProfile noFp64 = gpu.withoutFp64();
        assertFalse(noFp64.fp64());
        assertEquals(0, noFp64.rate(OpClass.TRANSCENDENTAL, DType.FLOAT64));
        assertEquals(5e12, noFp64.rate(OpClass.TRANSCENDENTAL, DType.FLOAT32));
        assertEquals(30.0, gpu.withBuild(30, 1).buildSeconds());
        assertEquals(7e9, gpu.toBuilder().rate(OpClass.DIVISION, DType.FLOAT64, 7e9).build().rate(OpClass.DIVISION, DType.FLOAT64));
        assertEquals(Map.of("x", 2.0), gpu.withCorrections(Map.of("x", 2.0)).corrections());
    }

    @Test
    void impossibleFiguresAreRefused() {
        DeviceProfile.Builder b = JVM.toBuilder();
        assertThrows(IllegalArgumentException.class, () -> b.launchSeconds(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> JVM.toBuilder().memoryBytesPerSecond(0).build());
        assertThrows(IllegalArgumentException.class, () -> JVM.toBuilder().memoryBytesPerSecond(Double.POSITIVE_INFINITY).build());
        assertThrows(IllegalArgumentException.class, () -> JVM.toBuilder().link(-1, 1, 0).build());
        assertThrows(IllegalArgumentException.class, () -> JVM.toBuilder().computeUnits(0).build());
        assertThrows(IllegalArgumentException.class, () -> DeviceProfile.Rates.uniform(-1, 1));
        assertThrows(UnsupportedOperationException.class, () -> JVM.withCorrections(Map.of("a", 1.0)).corrections().put("b", 2.0));
    }

    @Test
    void everyOpHasAClass() {
        for (Op op : Op.values()) assertNotNull(OpClass.of(op), op.name());
        assertEquals(OpClass.SIMPLE, OpClass.of(Op.WHERE));
        assertEquals(OpClass.DIVISION, OpClass.of(Op.SQRT));
        assertEquals(OpClass.TRANSCENDENTAL, OpClass.of(Op.POW));
    }

    @Test
    void theReferenceEstimateIsLaunchTransfersAndTheSlowerOfMemoryAndArithmetic() {
        DeviceProfile d = DeviceProfile.builder("opencl:0", DeviceProfile.Kind.GPU).launchSeconds(10e-6).memoryBytesPerSecond(100e9)
                .rates(DeviceProfile.Rates.uniform(1e9, 1e9)).link(10e9, 5e9, 20e-6).build();
        long n = 1_000_000;
        double expected = 10e-6 + 4 * 20e-6 + n * (12.0 / 10e9 + 4.0 / 5e9) + n * Math.max(16.0 / 100e9, 2.0 / 1e9);
        assertEquals(expected, ReferenceEstimate.predictSeconds(d, ABC, n), 1e-15);
        assertEquals(2e-6 + n * Math.max(16.0 / 20e9, 2.0 / 1e10), ReferenceEstimate.predictSeconds(JVM, ABC, n), 1e-15, "the JVM copies nothing");
    }

    @Test
    void crossoversOfSyntheticDevices() {
        // a fast GPU behind a fast link beats the JVM from some thousands of elements on
        DeviceProfile gpu = DeviceProfile.builder("opencl:1", DeviceProfile.Kind.GPU).launchSeconds(8e-6).memoryBytesPerSecond(2e12)
                .rates(DeviceProfile.Rates.uniform(5e12, 2.5e12)).link(25e9, 25e9, 5e-6).build();
        OptionalLong n = ReferenceEstimate.crossover(gpu, JVM, ABC);
        assertTrue(n.isPresent() && n.getAsLong() > 1000 && n.getAsLong() < 1_000_000, n.toString());
        assertTrue(ReferenceEstimate.predictSeconds(gpu, ABC, n.getAsLong()) < ReferenceEstimate.predictSeconds(JVM, ABC, n.getAsLong()));
        assertTrue(ReferenceEstimate.predictSeconds(gpu, ABC, n.getAsLong() - 1) >= ReferenceEstimate.predictSeconds(JVM, ABC, n.getAsLong() - 1));
        // behind a slow link, with the data on the host, never (copying 16 bytes an element costs more than the JVM's work)
        assertEquals(OptionalLong.empty(), ReferenceEstimate.crossover(gpu.withLink(1e9, 1e9, 20e-6), JVM, ABC));
        // but with the data already on it, it does
        ReferenceEstimate.Work resident = new ReferenceEstimate.Work("a+b*c resident", DType.FLOAT32, 3, 1, 2, 0, 0, false);
        assertTrue(ReferenceEstimate.crossover(gpu.withLink(1e9, 1e9, 20e-6), JVM, resident).isPresent());
        // a slow CPU device: never
        DeviceProfile slowCpu = DeviceProfile.builder("opencl:2", DeviceProfile.Kind.CPU).memoryBytesPerSecond(5e9)
                .rates(DeviceProfile.Rates.uniform(1e9, 5e8)).build();
        assertEquals(OptionalLong.empty(), ReferenceEstimate.crossover(slowCpu, JVM, resident));
        // float64 on a device without fp64: never
        ReferenceEstimate.Work f64 = new ReferenceEstimate.Work("a+b*c float64", DType.FLOAT64, 3, 1, 2, 0, 0, false);
        assertTrue(ReferenceEstimate.crossover(gpu, JVM, f64).isPresent());
        assertEquals(OptionalLong.empty(), ReferenceEstimate.crossover(gpu.withoutFp64(), JVM, f64));
        // a device cheaper per element and per launch: from the first element
        assertEquals(OptionalLong.of(0), ReferenceEstimate.crossover(gpu.toBuilder().launchSeconds(1e-7).build(), JVM, resident));
    }
}
