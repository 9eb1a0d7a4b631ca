package io.numfuse.runtime;

import io.numfuse.ir.Fusion;
import io.numfuse.ir.Node;
import io.numfuse.ir.Plan;
import io.numfuse.ir.View;

/** Runs fusion plans on a target and memoises what they computed. */
public final class Executor {
    private Executor() {}

    /** Evaluates {@code root} (into {@code target} when not null) and returns the view holding it. */
    public static View evaluate(Node root, View target, Target on) {
        Plan plan = Fusion.plan(root, target, on.maxKernelBody());
        run(plan, on);
        return plan.result();
    }

    public static void run(Plan plan, Target on) {
        on.runAll(plan.kernels());
        plan.memoiseAll();
    }
}
