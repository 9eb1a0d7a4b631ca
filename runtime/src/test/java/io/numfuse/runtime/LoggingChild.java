package io.numfuse.runtime;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;

/** {@link LoggingTest}'s child: evaluates sin(a) + a over 1000 float64 on the JVM target. */
final class LoggingChild {
    private LoggingChild() {}

    public static void main(String[] args) {
        Node a = Graph.leaf(View.contiguous(Buffer.allocate(DType.FLOAT64, 1000), 1000));
        Scheduler.run(Fusion.plan(Graph.binary(Op.ADD, Graph.unary(Op.SIN, a), a)).kernels(), JvmTarget.INSTANCE, true);
    }
}
