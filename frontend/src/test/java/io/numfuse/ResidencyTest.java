package io.numfuse;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.DType;
import io.numfuse.runtime.OpenClTarget;
import io.numfuse.runtime.Targets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Residency through the user API: on an OpenCL target, arrays stay on the device between
 * evaluations and come back once when observed (element reads, to*Array, toString, toNpy).
 */
class ResidencyTest {
    @BeforeEach
    void device() {
        if (Targets.openCl().isEmpty()) {
            String why = "no OpenCL device: " + Targets.openClUnavailableReason();
            if ("true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("NUMFUSE_REQUIRE_OPENCL"))) fail(why);
            Assumptions.assumeTrue(false, why);
        }
        Num.useTarget("opencl:0");
    }

    @AfterEach
    void back() { Num.useTarget("auto"); }

    static NDArray laplace(int n, int iterations) {
        double dx = 1.0 / (n - 1), dx2 = dx * dx, dy2 = dx2;
        NDArray x = Num.arange(n).mul(dx);
        NDArray u = Num.zeros(DType.FLOAT64, n, n);
        u.slice("0, :").assign(x.mul(x.rsub(1.0)).mul(4.0));
        for (int k = 0; k < iterations; k++) {
            u.slice("1:-1, 1:-1").assign(
                    u.slice("0:-2, 1:-1").add(u.slice("2:, 1:-1")).mul(dy2)
                     .add(u.slice("1:-1, 0:-2").add(u.slice("1:-1, 2:")).mul(dx2))
                     .div(2 * (dx2 + dy2)));
        }
        return u;
    }

    @Test
    void aFailedWriteLeavesTheTargetUnchanged() { LazinessTest.aFailedWriteLeavesTheTargetUnchanged(); }

    @Test
    void laplaceOnTheDeviceUploadsOnceAndCopiesBackOnce() {
        Num.useTarget("jvm");
        double[] want = laplace(100, 100).toDoubleArray();
        Num.useTarget("opencl:0");
        var before = OpenClTarget.transfers();
        NDArray u = laplace(100, 100);
        var moved = OpenClTarget.transfers().since(before);
        assertEquals(1, moved.uploads(), moved.toString());
        assertEquals(0, moved.downloads(), moved.toString());
        double total = u.sum().item();
        assertEquals(1, OpenClTarget.transfers().since(before).downloads(), "only the sum comes back");
        double[] got = u.toDoubleArray();
        assertEquals(2, OpenClTarget.transfers().since(before).downloads(), "then u, once");
        u.toDoubleArray();
        u.getDouble(3, 4);
        assertEquals(2, OpenClTarget.transfers().since(before).downloads(), "and not again");
        assertEquals(0, OpenClTarget.transfers().since(before).uploads() - 1);
        double s = 0;
        for (int i = 0; i < got.length; i++) {
            assertEquals(want[i], got[i], 1e-12, "element " + i);
            s += got[i];
        }
        assertEquals(s, total, 1e-9);
    }

    @Test
    void everyObservationSeesTheDeviceValues() {
        NDArray a = Num.array(1.5, -2.0, 3.25, 4.0);
        NDArray y = a.mul(2).eval();
        assertEquals("array([ 3. , -4. ,  6.5,  8. ])", y.toString());
        NDArray z = a.add(1).eval();
        assertEquals(-1.0, z.getDouble(1));
        NDArray w = a.sub(1).eval();
        assertArrayEquals(new double[] { 0.5, -3.0, 2.25, 3.0 }, (double[]) w.toNpy().data());
        NDArray v = a.neg().eval();
        assertEquals(-1.5, v.slice("0:1").item());
        // an assignment after a device evaluation keeps what a pending array read (the snapshot)
        NDArray pending = y.add(100);
        y.slice("::2").assign(0.0);
        assertArrayEquals(new double[] { 103, 96, 106.5, 108 }, pending.toDoubleArray());
        assertArrayEquals(new double[] { 0, -4, 0, 8 }, y.toDoubleArray());
        // and the JVM sees the device's values
        NDArray onDevice = a.mul(a).eval();
        Num.useTarget("jvm");
        assertArrayEquals(new double[] { 3.25, 5, 11.5625, 17 }, onDevice.add(1).toDoubleArray());
    }
}
