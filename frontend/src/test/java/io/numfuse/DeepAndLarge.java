package io.numfuse;

import static org.junit.jupiter.api.Assertions.fail;

import io.numfuse.runtime.KernelRuns;
import io.numfuse.runtime.Targets;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Support of the deep-and-large probes (issue 11): the targets they run on, the sizes of the two
 * profiles, the user thread they run on, and the kinds of failure they report. The short profile
 * (the default) is what CI runs, about a minute on a 2-core machine; the long one
 * ({@code -Dnumfuse.deep=long}) is what {@link DeepAndLargeLongRun} runs, with the sizes of the
 * issue and more tries (docs/RELIABILITY.md, "Deep and large"). Any size can be set alone with
 * {@code -Dnumfuse.deep.<name>=<n>}.
 */
final class DeepAndLarge {
    private DeepAndLarge() {}

    /** True under {@code -Dnumfuse.deep=long}. */
    static final boolean LONG = "long".equals(System.getProperty("numfuse.deep"));

    /** A size: {@code -Dnumfuse.deep.<name>} if set, else the short or the long profile's. */
    static int size(String name, int shortProfile, int longProfile) {
        return Integer.getInteger("numfuse.deep." + name, LONG ? longProfile : shortProfile);
    }

    /** The stack of the thread every probe runs on: what a user's thread may have, not the tests' -Xss8m. */
    static final int USER_STACK = 512 * 1024;

    /** A probe found a wrong value (or a wrong error, or none where one was due). */
    static final class WrongAnswer extends AssertionError {
        WrongAnswer(String message) { super(message); }
    }

    /** A probe found that an array lost values it should have kept (an operand of a refused operation, a write's target). */
    static final class DataLost extends AssertionError {
        DataLost(String message) { super(message); }
    }

    /** A probe did not finish in its time. */
    static final class Hang extends AssertionError {
        Hang(String message) { super(message); }
    }

    /** Work that may throw anything. */
    @FunctionalInterface
    interface Work { void run() throws Exception; }

    /**
     * The targets: the interpreter, the JVM and the first OpenCL device. Without OpenCL the
     * device is left out, unless CI=true or NUMFUSE_REQUIRE_OPENCL=1, where that is a failure.
     */
    static List<String> targets() {
        List<String> t = new ArrayList<>(List.of("interpreter", "jvm"));
        if (!Targets.openCl().isEmpty()) {
            t.add("opencl:0");
        } else if ("true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("NUMFUSE_REQUIRE_OPENCL"))) {
            fail("no OpenCL device: " + Targets.openClUnavailableReason() + " (CI=true or NUMFUSE_REQUIRE_OPENCL=1: OpenCL is required)");
        }
        return t;
    }

    /**
     * Runs {@code work} on a new thread with a {@link #USER_STACK} stack, pinned to {@code target},
     * and rethrows what it threw; a thread still running after {@code seconds} is a {@link Hang}.
     * A device target must run the work itself: an evaluation that fell back to the JVM is a
     * {@link WrongAnswer} (the device was given a kernel it cannot run).
     */
    static void onUserThread(String target, int seconds, Work work) { onThread(target, USER_STACK, seconds, work); }

    /** {@link #onUserThread} on a thread with a stack of {@code stackBytes}. */
    static void onThread(String target, int stackBytes, int seconds, Work work) {
        Throwable[] thrown = new Throwable[1];
        Map<String, Long> before = KernelRuns.snapshot();
        Thread t = new Thread(null, () -> {
            try {
                Num.on(target, () -> {
                    try {
                        work.run();
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "deep-and-large " + target, stackBytes);
        t.setDaemon(true);   // a hung probe must not keep the JVM alive
        t.start();
        try {
            t.join(TimeUnit.SECONDS.toMillis(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) throw new Hang("still running after " + seconds + " s on " + target);
        if (thrown[0] instanceof Error e) throw e;
        if (thrown[0] instanceof RuntimeException e) throw e;
        Long fellBack = KernelRuns.since(before).get(KernelRuns.FELL_BACK + target);
        if (fellBack != null) throw new WrongAnswer(target + " fell back to the JVM " + fellBack + " times");
    }

    /** Fails unless {@code ref}'s referent is collected: what a chain left behind must not stay reachable. */
    static void assertCollected(WeakReference<?> ref, String what) {
        for (int i = 0; i < 10 && ref.get() != null; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ref.get() != null) throw new WrongAnswer(what + " is still reachable: memory grows with the chain");
    }

    static void check(boolean ok, String message) {
        if (!ok) throw new WrongAnswer(message);
    }

    static void checkKept(boolean ok, String message) {
        if (!ok) throw new DataLost(message);
    }
}
