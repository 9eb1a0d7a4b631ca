package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.runtime.AutoTarget;
import io.numfuse.runtime.KernelRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The first call of a new expression (issue 12: under {@code auto} it never waits for an OpenCL
 * build). For a few expressions whose kernels this process has never built, with the OpenCL
 * program disk cache pointed at an empty directory, each target's first call is timed: the JVM
 * (which compiles its kernel), {@code auto}, and each device (which builds its program). The
 * inputs are resident on a device, where the cost model would like the device: auto's first call
 * runs on the JVM while the program builds in the background, and so should take what the JVM's
 * takes. After the build, auto's next call of the same expression shows where it runs then.
 */
final class FirstCall {
    private FirstCall() {}

    static final int EXPRESSIONS = 3;
    /** Elements of the inputs: enough that the model prefers the device holding them, small enough that a call is quick. */
    static final int SIZE = 100_000;
    static final String CASE = "first-call ";

    /**
     * Expressions no process has built: each nonce is a different chain of operations, from a
     * random start in each process (all of 21 bits: chains of 42 operations), so that the
     * driver's own cache of programs (PoCL's, which numfuse's empty one does not empty) has none
     * of them either: from a fixed start, every run after the first found its programs in PoCL's
     * cache.
     */
    private static final AtomicLong NONCE = new AtomicLong((1L << 20) + new java.util.SplittableRandom().nextLong((1L << 20) - 1024));

    /**
     * A chain over a, b, c whose structure spells {@code nonce} in binary (two operations that do
     * not commute per bit), so that no two nonces share a kernel.
     */
    static NDArray expression(long nonce, NDArray a, NDArray b, NDArray c) {
        NDArray x = a;
        for (long bits = nonce; bits > 0; bits >>= 1) x = (bits & 1) == 1 ? x.mul(b).add(c) : x.sub(c).mul(b);
        return x;
    }

    /** Whether the selection suite's filters ({@code --cases}, {@code --dtype}, {@code --residency}) keep the first calls (float32, on a device). */
    static boolean selected(String only, DType dtype, Residency where) {
        return Suites.caseSelected(only, CASE.strip())
                && (dtype == null || dtype == DType.FLOAT32) && (where == null || where.onDevice());
    }

    /**
     * The rows (one per target and expression, already measured: one sample, the first call) for
     * {@code targets} that include a device; none otherwise. {@code device}: where the inputs live.
     */
    static List<Row> measure(List<String> targets, Residency device, int n, DType dt, PrintWriter progress) {
        List<Row> rows = new ArrayList<>();
        if (device == null || targets.stream().noneMatch(t -> t.startsWith("opencl"))) return rows;
        Path dir;
        try {
            dir = Files.createTempDirectory("numfuse-first-call");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for an empty OpenCL program cache", e);
        }
        String property = "numfuse.opencl.cacheDir", saved = System.getProperty(property);
        System.setProperty(property, dir.toString());   // read on each use: the builds below find nothing on disk
        try {
            NDArray[] in = Num.on("jvm", () -> new NDArray[] { Num.random(1, dt, n), Num.random(2, dt, n), Num.random(3, dt, n) });
            Runnable resident = device.before(List.of(in));
            for (int k = 1; k <= EXPRESSIONS; k++) {
                progress.printf("bench: first call of new expression %d of %d on %s%n", k, EXPRESSIONS, String.join(", ", targets));
                progress.flush();
                for (String t : targets) {
                    long nonce = NONCE.getAndIncrement();
                    Row r = new Row(CASE + k, n, dt.numpyName(), t);
                    r.numfuse = true;
                    r.residency = device.where();
                    r.expr = "a chain of " + (63 - Long.numberOfLeadingZeros(nonce) + 1) * 2 + " operations (nonce " + nonce + ")";
                    resident.run();
                    double first = timeOnce(r, t, () -> expression(nonce, in[0], in[1], in[2]).eval());
                    r.samples = new double[] { first };
                    r.firstCallS = first;
                    r.batch = 1;
                    if (t.startsWith("auto")) {
                        r.chosen = String.join("+", r.ranOnTargets());
                        AutoTarget.awaitBackgroundWork();   // the program it asked for is built now
                        resident.run();
                        Row next = new Row(r.caseName, n, r.dtype, t);
                        double second = timeOnce(next, t, () -> expression(nonce, in[0], in[1], in[2]).eval());
                        r.extra.put("next_call_s", second);
                        r.extra.put("next_ran_on", String.join("+", next.ranOnTargets()));
                    }
                    AutoTarget.awaitBackgroundWork();       // nothing builds while the next target is timed
                    rows.add(r);
                }
            }
        } finally {
            AutoTarget.awaitBackgroundWork();   // the last binaries written before their directory goes
            if (saved == null) System.clearProperty(property); else System.setProperty(property, saved);
            deleteTree(dir);
        }
        return rows;
    }

    /** The first calls as a table: per expression, each target's first call, where auto's ran, and auto's next call. */
    static void print(PrintWriter out, List<Row> rows) {
        if (rows.isEmpty()) return;
        Row any = rows.get(0);
        out.println();
        ResultTable.wrap(out, String.format("first call of a new expression (n=%d %s, inputs on %s, never built: numfuse's program cache empty, the driver's without it):", any.n, any.dtype, any.residency));
        List<String> targets = rows.stream().map(r -> r.target).distinct().toList();
        StringBuilder head = new StringBuilder(String.format("%-13s", "case"));
        for (String t : targets) head.append(String.format(" %10s", t));
        head.append("  auto ran on  auto/jvm  auto's next call");
        out.println(head);
        for (String c : rows.stream().map(r -> r.caseName).distinct().toList()) {
            StringBuilder line = new StringBuilder(String.format("%-13s", c));
            Row auto = null, jvm = null;
            for (String t : targets) {
                Row r = rows.stream().filter(x -> x.caseName.equals(c) && x.target.equals(t)).findFirst().orElseThrow();
                line.append(String.format(" %10s", SelectionTable.time(r.firstCallS)));
                if (t.startsWith("auto")) auto = r;
                if (t.equals("jvm")) jvm = r;
            }
            if (auto != null) {
                line.append(String.format("  %-11s", auto.chosen));
                line.append(String.format(Locale.ROOT, "  %8s", jvm == null ? "" : String.format(Locale.ROOT, "%.2f", auto.firstCallS / jvm.firstCallS)));
                Object next = auto.extra.get("next_call_s");
                if (next != null) line.append("  ").append(SelectionTable.time((Double) next)).append(" on ").append(auto.extra.get("next_ran_on"));
            }
            out.println(line.toString().stripTrailing());
        }
        ResultTable.wrap(out, "each target's first call of an expression never built (auto: it does not wait for the device's build, "
                + "which runs in the background; its next call, after the build, shows where it runs then).");
        out.flush();
    }

    /** One call on {@code target}, timed, with where its kernels ran counted into {@code r}. */
    private static double timeOnce(Row r, String target, Runnable call) {
        Map<String, Long> before = KernelRuns.snapshot();
        long t0 = System.nanoTime();
        Num.on(target, call);
        double s = (System.nanoTime() - t0) / 1e9;
        r.ran(KernelRuns.since(before));
        return s;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless (a file that went while it was walked:
            // a CI run's first-call rows once failed with an internal error here)
        }
    }
}
