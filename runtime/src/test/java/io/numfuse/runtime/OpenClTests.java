package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.numfuse.ir.View;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared by the OpenCL tests: the devices to test. Without OpenCL the tests are skipped with
 * the reason; in CI ({@code CI=true}) or with {@code NUMFUSE_REQUIRE_OPENCL=1} a missing device
 * fails them instead.
 */
final class OpenClTests {
    private OpenClTests() {}

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("NUMFUSE_REQUIRE_OPENCL"));
    }

    /** Every OpenCL device of this machine (at least one, or the test is skipped / fails). */
    static List<OpenClTarget> devices() {
        List<OpenClTarget> all = OpenClTarget.all();
        if (all.isEmpty()) {
            String why = "no OpenCL device: " + OpenClPlatform.unavailableReason();
            if (required()) fail(why + " (CI=true or NUMFUSE_REQUIRE_OPENCL=1: OpenCL is required)");
            Assumptions.assumeTrue(false, why + " (set NUMFUSE_REQUIRE_OPENCL=1 to make this a failure)");
        }
        return all;
    }

    static OpenClTarget first() { return devices().get(0); }

    /** The float64 values of a result (a C-contiguous view from its offset). */
    static double[] doubles(View v) {
        double[] r = new double[v.size()];
        for (int i = 0; i < r.length; i++) r[i] = v.buffer().getDouble(v.offset() + i);
        return r;
    }

    /** Every value of {@code got} within 1e-12 of {@code want}'s (relative, absolute below 1). */
    static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])), what + ", element " + i);
        }
    }
}
