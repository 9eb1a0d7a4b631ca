package io.numfuse.runtime;

import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Plan;
import io.numfuse.ir.View;
import io.numfuse.ir.WriteSnapshot;
import java.util.ArrayList;
import java.util.List;

/** Runs fusion plans on a target and memoises what they computed. */
public final class Executor {
    private Executor() {}

    /** Evaluates {@code root} (into {@code target} when not null) and returns the view holding it. */
    public static View evaluate(Node root, View target, Target on) {
        if (target != null) target.buffer().noteWrite(target);
        Plan plan = Fusion.plan(root, target, on.maxKernelBody());
        run(plan, on);
        return plan.result();
    }

    /**
     * Writes {@code value} into {@code target} (laziness rule 2: what reads the target's buffer
     * first moves to a snapshot, see {@link WriteSnapshot}). The copies that restore the part of
     * the buffer the write leaves alone run with the write's kernels, as one evaluation. A value
     * that can raise part way through ({@link Graph#mayRaise}) is computed aside first.
     */
    public static void write(Node value, View target, Target on) {
        if (Graph.mayRaise(value)) value = Graph.leaf(evaluate(value, null, on));   // an error must leave the target as it was
        WriteSnapshot w = WriteSnapshot.before(target, value);
        boolean wrote = false;
        try {
            Plan plan = Fusion.plan(w.value(), target, on.maxKernelBody());
            List<Kernel> kernels = new ArrayList<>();
            for (View[] copy : w.restore()) kernels.addAll(Fusion.plan(Graph.leaf(copy[0]), copy[1], on.maxKernelBody()).kernels());
            kernels.addAll(plan.kernels());
            on.runAll(kernels);
            wrote = true;
            plan.memoiseAll();
        } finally {
            if (!wrote) w.undo();   // the buffer's old values come back from the snapshot
            w.done();
        }
    }

    public static void run(Plan plan, Target on) {
        on.runAll(plan.kernels());
        plan.memoiseAll();
    }
}
