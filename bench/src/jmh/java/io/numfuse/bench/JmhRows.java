package io.numfuse.bench;

import io.numfuse.core.DType;
import java.util.List;

/** Picks the row a JMH benchmark runs from the rows the {@code numfuse bench} command builds. */
final class JmhRows {
    private JmhRows() {}

    static Suites.Params params(int n, String dtype, String target) {
        return new Suites.Params(n, BenchCommand.parseDtype(dtype), List.of(target));
    }

    /**
     * {@code row}: numfuse-alloc, numfuse-into, numfuse (the first numfuse row: the laplace step
     * in a scope), numfuse-assign (the laplace step without one), hand (the case's first
     * hand-written loop: java-loop, java-math-loop or stream-triad), unrolled, eager, raw (the
     * raw JOCL kernel, a clFinish after each launch), raw-poll (the same polling its event, as
     * numfuse waits).
     */
    static Row pick(List<Row> rows, String row) {
        for (Row r : rows) {
            boolean match = switch (row) {
                case "numfuse-alloc" -> r.numfuse && "alloc".equals(r.mode);
                case "numfuse-into" -> r.numfuse && "into".equals(r.mode);
                case "numfuse" -> r.numfuse;
                case "numfuse-assign" -> r.numfuse && "assign".equals(r.mode);
                case "raw" -> r.target.startsWith(ResidentSuite.RAW) && !r.target.startsWith(ResidentSuite.RAW_POLL);
                case "raw-poll" -> r.target.startsWith(ResidentSuite.RAW_POLL);
                case "hand" -> r.isBaseline() && !r.target.equals(Suites.EAGER) && r.derivedFrom == null;
                case "unrolled" -> r.target.equals(Suites.JAVA_UNROLLED);
                case "eager" -> r.target.equals(Suites.EAGER);
                default -> throw new IllegalArgumentException("unknown row '" + row + "'");
            };
            if (match && r.derivedFrom == null) {
                r.prepare.accept(1);
                return r;
            }
        }
        throw new IllegalArgumentException("no row '" + row + "' among " + rows.stream().map(Row::label).toList());
    }

    static Suites.Case kase(String suite, String id) {
        for (Suites.Case c : Suites.cases(suite)) if (c.id().equals(id)) return c;
        throw new IllegalArgumentException("no case '" + id + "' in suite " + suite);
    }

    static DType dtype(String s) { return BenchCommand.parseDtype(s); }
}
