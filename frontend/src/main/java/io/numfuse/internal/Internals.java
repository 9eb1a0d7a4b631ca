package io.numfuse.internal;

import io.numfuse.NDArray;
import io.numfuse.ir.Node;
import java.util.function.Function;

/**
 * What numfuse's own tools (the CLI and its benchmarks, tests outside package {@code io.numfuse})
 * need from an array beyond the API: the graph node behind it. Not part of the API: module
 * {@code io.numfuse} does not export this package, and what it returns may change in any release.
 */
public final class Internals {
    private Internals() {}

    private static volatile Function<NDArray, Node> nodes;

    /**
     * Called once, by {@link NDArray}'s initialisation, with its way to the node.
     *
     * @param f the node of an array
     * @throws IllegalStateException when called a second time
     */
    public static synchronized void install(Function<NDArray, Node> f) {
        if (nodes != null) throw new IllegalStateException("numfuse: Internals.install is NDArray's, and called once");
        nodes = f;
    }

    /**
     * The graph node behind {@code a}'s values now.
     *
     * @param a an array
     * @return its node (an internal representation)
     */
    public static Node node(NDArray a) { return nodes.apply(a); }
}
