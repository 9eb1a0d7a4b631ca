package io.numfuse.ir;

import java.util.List;
import java.util.Map;

/**
 * What the fusion pass makes of a graph: kernels in execution order, the view that holds the
 * result once they have run, and the nodes to memoise with their values (laziness rule 5).
 */
public record Plan(List<Kernel> kernels, View result, Map<Node, View> memo) {
    public Plan {
        kernels = List.copyOf(kernels);
        memo = java.util.Collections.unmodifiableMap(memo);   // the fusion pass hands over an identity map it no longer uses
    }

    /**
     * Memoises every planned node: call after the kernels have run. A node another evaluation
     * memoised meanwhile (two threads may compute one node) keeps its first value.
     */
    public void memoiseAll() {
        memo.forEach((n, v) -> {
            if (n.result() == null) n.memoise(v);
        });
    }
}
