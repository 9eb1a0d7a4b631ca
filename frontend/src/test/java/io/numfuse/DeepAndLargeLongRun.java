package io.numfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The long run of the deep-and-large probes: every probe on every target, {@code tries} times
 * with a new seed each, each try judged clean, wrong ({@link DeepAndLarge.WrongAnswer}), crash or
 * hang (any other throwable, or {@link DeepAndLarge.Hang}), or data lost
 * ({@link DeepAndLarge.DataLost}); the table goes to stdout and to
 * {@code frontend/target/deep-and-large.md}. Not part of the suite (its name matches no include):
 * run it by name, with the long profile, as docs/RELIABILITY.md says.
 */
class DeepAndLargeLongRun {
    /** One probe: a name, the targets it runs on, and what one try does. */
    record Probe(String name, List<String> targets, int tries, Try body) {}

    @FunctionalInterface
    interface Try { void run(String target, long seed) throws Exception; }

    static int tries(String name, int shortProfile, int longProfile) { return DeepAndLarge.size("tries." + name, shortProfile, longProfile); }

    static List<Probe> probes() {
        List<String> all = DeepAndLarge.targets();
        List<String> compiled = all.stream().filter(t -> !t.equals("interpreter")).toList();
        List<Probe> p = new ArrayList<>();
        p.add(new Probe("chain: x = x + 1", all, tries("chain", 1, 5), (t, s) -> DeepChainTest.lazyIncrement(t, s, DeepChainTest.steps(t, DeepChainTest.Cost.LAZY))));
        p.add(new Probe("chain: alternating int64 ops", all, tries("chain", 1, 5), (t, s) -> DeepChainTest.alternatingOps(t, s, DeepChainTest.steps(t, DeepChainTest.Cost.LAZY))));
        p.add(new Probe("chain: a reduction every k steps", all, tries("buildChain", 1, 2), (t, s) -> DeepChainTest.withReductions(t, s, DeepChainTest.steps(t, DeepChainTest.Cost.BUILD))));
        p.add(new Probe("chain: through views (x.T, x[::-1])", all, tries("chain", 1, 5), (t, s) -> DeepChainTest.throughViews(t, s, DeepChainTest.steps(t, DeepChainTest.Cost.LAZY))));
        p.add(new Probe("chain: x = (x + x) * 0.5", all, tries("chain", 1, 5), (t, s) -> DeepChainTest.sharedNodes(t, s, DeepChainTest.steps(t, DeepChainTest.Cost.LAZY))));
        p.add(new Probe("in place: a.assign(a + 1)", all, tries("chain", 1, 5), (t, s) -> DeepChainTest.inPlace(t, s, DeepChainTest.steps(t, DeepChainTest.Cost.LAUNCH), false)));
        p.add(new Probe("in place, in Num.scope()", all, tries("chain", 1, 5), (t, s) -> DeepChainTest.inPlace(t, s, DeepChainTest.steps(t, DeepChainTest.Cost.LAUNCH), true)));
        p.add(new Probe("in place: a[1:] = a[:-1] + 1", all, tries("chain", 1, 5), (t, s) -> DeepChainTest.shiftingWrites(t, s, DeepChainTest.steps(t, DeepChainTest.Cost.LAUNCH), s % 2 == 0)));
        int w = WideExpressionTest.inputs();
        p.add(new Probe("wide: a sum of " + w + " arrays, a chain", all, tries("wide", 1, 20), (t, s) -> WideExpressionTest.sumAsChain(t, s, w)));
        p.add(new Probe("wide: a sum of " + w + " arrays, one tree", all, tries("wide", 1, 20), (t, s) -> WideExpressionTest.sumAsTree(t, s, w)));
        p.add(new Probe("wide: Num.eval with " + w + " names", all, tries("wide", 1, 20), (t, s) -> WideExpressionTest.sumByEval(t, s, w)));
        p.add(new Probe("wide: Num.eval with 5000 names in groups", all, tries("wide", 1, 20), (t, s) -> WideExpressionTest.sumByEval(t, s, 5000)));
        p.add(new Probe("wide: a tree of mixed ops over " + w + " arrays", all, tries("wide", 1, 20), (t, s) -> WideExpressionTest.mixedTree(t, s, w)));
        p.add(new Probe("large: every refusal past 2^31 - 9 elements", all, tries("large", 1, 3), HugeArrayTest::refusesWhatNoBufferHolds));
        // the interpreter reduces about 10^7 elements a second: each reduction past 2^31 takes it minutes
        boolean slowOracle = DeepAndLarge.LONG && !"false".equals(System.getProperty("numfuse.deep.interpreterHuge"));
        p.add(new Probe("large: reductions of an outer product past 2^31", slowOracle ? all : compiled, tries("large", 1, 2), HugeArrayTest::reducesAHugeOuterProduct));
        p.add(new Probe("large: a dot past 2^31 products", compiled, tries("large", 1, 2), HugeArrayTest::dotsPastTheLimit));
        for (var d : new io.numfuse.core.DType[] { io.numfuse.core.DType.BOOL, io.numfuse.core.DType.INT32, io.numfuse.core.DType.FLOAT64 }) {
            p.add(new Probe("large: views near the end of a " + d.numpyName() + " array", all, tries("large", 1, 2), (t, s) -> HugeArrayTest.indexesNearTheEnd(t, s, d)));
        }
        p.add(new Probe("0-d and empty: a random op, vs the interpreter and NumPy", all, tries("empty", 100, 3000), (t, s) -> EmptyAndZeroDProperties.probe(s, t)));
        return p;
    }

    /** Outcomes of one probe on one target. */
    static final class Tally {
        int tries, clean, wrong, crash, lost;
        long nanos;
        final List<String> notes = new ArrayList<>();
    }

    @Test
    void everyProbeOnEveryTarget() throws IOException {
        Map<String, Tally> table = new LinkedHashMap<>();
        long seed0 = Long.getLong("numfuse.deep.seed", 20261201L);
        for (Probe p : probes()) {
            for (String t : p.targets()) {
                Tally tally = table.computeIfAbsent(p.name() + " | " + t, k -> new Tally());
                for (int i = 0; i < p.tries(); i++) {
                    long seed = seed0 + 7919L * i;   // the same seeds on every target
                    long t0 = System.nanoTime();
                    try {
                        DeepAndLarge.onUserThread(t, 1800, () -> p.body().run(t, seed));
                        tally.clean++;
                    } catch (DeepAndLarge.DataLost e) {
                        tally.lost++;
                        tally.notes.add(e.getMessage());
                    } catch (DeepAndLarge.Hang e) {
                        tally.crash++;
                        tally.notes.add(e.getMessage());
                    } catch (AssertionError e) {
                        tally.wrong++;
                        tally.notes.add(e.getMessage());
                    } catch (Throwable e) {
                        tally.crash++;
                        tally.notes.add(e.toString());
                    }
                    tally.tries++;
                    tally.nanos += System.nanoTime() - t0;
                    System.out.printf("%s on %s, seed %d: %.1f s%n", p.name(), t, seed, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        StringBuilder md = new StringBuilder("Deep and large, " + (DeepAndLarge.LONG ? "long" : "short") + " profile, " + LocalDate.now() + "\n\n");
        md.append("| probe | target | tries | clean | wrong | crash/hang | data lost | seconds |\n|---|---|---|---|---|---|---|---|\n");
        int bad = 0;
        for (var e : table.entrySet()) {
            Tally t = e.getValue();
            md.append("| ").append(e.getKey()).append(" | ").append(t.tries).append(" | ").append(t.clean).append(" | ").append(t.wrong)
              .append(" | ").append(t.crash).append(" | ").append(t.lost).append(" | ").append(String.format("%.0f", t.nanos / 1e9)).append(" |\n");
            bad += t.tries - t.clean;
        }
        for (var e : table.entrySet()) for (String n : e.getValue().notes) md.append("\n- ").append(e.getKey()).append(": ").append(n.lines().findFirst().orElse(""));
        System.out.println(md);
        Files.writeString(Path.of("target", "deep-and-large.md"), md);
        assertEquals(0, bad, "tries that were not clean (see the table)");
    }
}
