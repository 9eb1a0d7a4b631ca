package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.core.NumfuseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's fault probe (docs/RELIABILITY.md): many evaluations of two-kernel chains on a device,
 * each with a fault injected at random (a failed build, allocation, launch or execution, a launch
 * failing mid-chain, the device lost between kernels, or none). Each must give the interpreter's
 * values or one clear error (a {@link NumfuseException} of one line); after the faults are
 * cleared the device works again, and no device memory object or program is left behind. The
 * CI profile is short; the long run is {@code -Dnumfuse.faults.tries=20000}.
 */
class OpenClFaultStressTest {
    static final int TRIES = Integer.getInteger("numfuse.faults.tries", 300);

    @AfterEach
    void clear() {
        OpenClDevice.fault = OpenClDevice.Fault.NONE;
        OpenClSession.failLaunch.set(0);
        OpenClSession.loseDevice.set(0);
        DeviceMemory.failAllocations.set(0);
    }

    @Test
    void randomFaultsGiveTheRightValuesOrOneClearErrorAndLeakNothing() {
        OpenClTarget t = OpenClFaultInjectionTest.freshTarget();
        OpenClFaultInjectionTest.Held held = OpenClFaultInjectionTest.Held.now(t);
        SplittableRandom rnd = new SplittableRandom(11);
        int clean = 0, errors = 0, wrong = 0, crashed = 0;
        Executor.evaluate(OpenClFaultInjectionTest.graph(20), null, t);   // built: a build fault hits new kernels only
        var runs = KernelRuns.snapshot();
        String[] kinds = { "none", "build", "allocate", "launch", "execution", "mid-chain launch", "lost between kernels", "one allocation" };
        for (int i = 0; i < TRIES; i++) {
            int kind = rnd.nextInt(kinds.length);
            long nonce = rnd.nextLong();
            java.util.function.Supplier<io.numfuse.ir.Node> graph = kind == 1 ? () -> unique(nonce) : () -> OpenClFaultInjectionTest.graph((int) (nonce & 7));
            long[] want = OpenClFaultInjectionTest.values(Executor.evaluate(graph.get(), null, InterpreterTarget.INSTANCE));
            switch (kind) {
                case 1 -> OpenClDevice.fault = OpenClDevice.Fault.BUILD;
                case 2 -> OpenClDevice.fault = OpenClDevice.Fault.ALLOCATE;
                case 3 -> OpenClDevice.fault = OpenClDevice.Fault.LAUNCH;
                case 4 -> OpenClDevice.fault = OpenClDevice.Fault.EXECUTION;
                case 5 -> OpenClSession.failLaunch.set(2);
                case 6 -> OpenClSession.loseDevice.set(2);
                case 7 -> DeviceMemory.failAllocations.set(1);
                default -> { }
            }
            try {
                long[] got = OpenClFaultInjectionTest.values(Executor.evaluate(graph.get(), null, t));
                if (java.util.Arrays.equals(want, got)) clean++; else wrong++;
            } catch (NumfuseException e) {
                if (e.getMessage() != null && !e.getMessage().isBlank()) errors++; else crashed++;
            } catch (Throwable e) {
                crashed++;
            } finally {
                clear();
            }
            if (i % 16 == 15) t.releaseCopies();
        }
        t.releaseCopies();
        var ran = KernelRuns.since(runs);
        long onDevice = ran.getOrDefault(t.name(), 0L), fellBack = ran.getOrDefault(KernelRuns.FELL_BACK + t.name(), 0L);
        int leaked = OpenClFaultInjectionTest.liveDeviceObjects() - held.memObjects();
        t.dropProgramsFromMemory();
        int programs = OpenClProgramCache.livePrograms.get() - held.programs();
        System.out.printf("fault probe: %d evaluations with random faults (%d kernels ran on the device, %d evaluations fell back): "
                + "%d right, %d one-line errors, %d wrong, %d crashed, %d device objects and %d programs leaked%n",
                TRIES, onDevice, fellBack, clean, errors, wrong, crashed, leaked, programs);
        assertTrue(onDevice > TRIES / 2 && fellBack > TRIES / 4, "the faults and the device were both exercised: " + ran);
        assertEquals(0, wrong, "wrong results");
        assertEquals(0, crashed, "crashes");
        assertEquals(0, leaked, "device memory objects leaked");
        assertEquals(0, programs, "programs leaked");
        OpenClFaultInjectionTest.recovers(t, 20, held, false);
    }

    /** An int64 chain whose ops spell {@code nonce}: a kernel of its own (constants are parameters and would share one). */
    static io.numfuse.ir.Node unique(long nonce) {
        io.numfuse.ir.Node x = OpenClFaultInjectionTest.graph(1);
        for (int bit = 0; bit < 20; bit++) {
            io.numfuse.ir.Op op = (nonce >> bit & 1) == 0 ? io.numfuse.ir.Op.ADD : io.numfuse.ir.Op.XOR;
            x = io.numfuse.ir.Graph.binary(op, x, io.numfuse.ir.Graph.scalar(io.numfuse.core.DType.INT64, (long) bit));
        }
        return x;
    }
}
