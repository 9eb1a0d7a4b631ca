package io.numfuse.jvm;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Fusion;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Kernel;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.Plan;
import io.numfuse.ir.Shapes;
import io.numfuse.ir.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A wide expression (a balanced sum of 1,000 arrays, each through a few ops) is cut into kernels
 * whose {@code run} methods stay under HotSpot's 8000-byte limit at ranks 1 to 4, as
 * {@link HugeKernelTest} checks for deep ones: each input costs a method far more bytes than an
 * instruction does, so the JVM's {@link JvmCodegen#LIMITS} bound the inputs too. And the cut
 * does not shatter the tree into a kernel per add.
 */
class WideKernelTest {
    static Node wideSum(int n, int rank, int opsPerLeaf) {
        int[] shape = new int[rank], big = new int[rank];
        for (int d = 0; d < rank; d++) { shape[d] = 2 + d % 2; big[d] = shape[d] + 1; }
        List<Node> level = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Buffer b = Buffer.allocate(DType.FLOAT64, Shapes.size(big));
            for (int e = 0; e < b.length(); e++) b.setDouble(e, (i + e) % 5);
            Node x = Graph.leaf(new View(b, 0, shape, Shapes.cStrides(big)));   // a corner of a larger array: its axes do not merge
            for (int k = 0; k < opsPerLeaf; k++) x = k % 2 == 0 ? Graph.binary(Op.MUL, x, Graph.weak(1.0 + k)) : Graph.unary(Op.ABS, x);
            level.add(x);
        }
        while (level.size() > 1) {
            List<Node> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) next.add(Graph.binary(Op.ADD, level.get(i), level.get(i + 1)));
            if (level.size() % 2 == 1) next.add(level.getLast());
            level = next;
        }
        return level.getFirst();
    }

    @Test
    void aSumOf1000ArraysCompilesToMethodsTheJitAccepts() {
        for (int rank = 1; rank <= 4; rank++) {
            for (int ops : new int[] { 0, 6 }) {
                Plan plan = Fusion.plan(wideSum(1000, rank, ops), null, JvmCodegen.LIMITS);
                int largest = 0, widest = 0;
                for (Kernel k : plan.kernels()) {
                    Map<String, Integer> sizes = ClassFiles.codeLengths(JvmCodegen.generate(k.key()));
                    int run = sizes.get("run([Ljava/lang/Object;[I[I[I[JII)V");
                    assertTrue(run < ClassFiles.HUGE_METHOD, "run() is " + run + " bytes for " + k.inputs().size() + " inputs, rank " + k.shape().length);
                    largest = Math.max(largest, run);
                    widest = Math.max(widest, k.inputs().size());
                }
                System.out.printf("sum of 1000 arrays, rank %d, %d ops each: %d kernels, widest %d inputs, largest run() %d bytes%n",
                        rank, ops, plan.kernels().size(), widest, largest);
                int least = (1000 * (ops + 2) + JvmCodegen.MAX_BODY - 1) / JvmCodegen.MAX_BODY;
                assertTrue(plan.kernels().size() < 400, plan.kernels().size() + " kernels, at least " + least + " needed");
            }
        }
        JvmCodegenTest.check(wideSum(300, 2, 3), "a wide sum");
    }
}
