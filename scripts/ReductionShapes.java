import io.numfuse.ir.Buffer;
import io.numfuse.core.DType;
import io.numfuse.ir.Graph;
import io.numfuse.ir.Node;
import io.numfuse.ir.Op;
import io.numfuse.ir.View;
import io.numfuse.runtime.Executor;
import io.numfuse.runtime.JvmTarget;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Times float sums of several shapes on the JVM backend, the paths a sum can take: a range of
 * one input (sum(a)), of a product (dot), blocks of values (a*2+1, sin), short rows (the last
 * axis of (10^6, 3)), outer axes ((10^6, 3), (3, 10^6), (1000, 10^4) over axis 0), long rows
 * ((1000, 10^4) over axis 1) and a small array. One case per JVM (a kernel class shared by
 * shapes of one layout would mix their profiles), 1.5 s of warm-up, then the median and the
 * minimum of 15 calls. Run from the repository root after a build (./numfuse devices builds
 * the jars), for example against the jars of an older commit copied aside:
 *
 *   J=$(. scripts/java25.sh && echo $JAVA_HOME)/bin/java
 *   for c in "sum(a) 1e7" "dot(a,b) 1e7" ...; do
 *     $J --add-modules jdk.incubator.vector -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" scripts/ReductionShapes.java f32 "$c"
 *   done
 *
 * With no case name it runs them all in one JVM.
 */
public class ReductionShapes {
    static Buffer random(DType t, int n, long seed) {
        Buffer b = Buffer.allocate(t, n);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) b.setDouble(i, r.nextDouble());
        return b;
    }

    public static void main(String[] args) {
        DType t = args.length > 0 && args[0].equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
        int n = 10_000_000;
        Buffer a = random(t, n, 1), b = random(t, n, 2), m = random(t, 3_000_000, 3);
        Map<String, Supplier<Node>> cases = new LinkedHashMap<>();
        cases.put("sum(a) 1e7", () -> Graph.reduce(Op.SUM, Graph.leaf(View.contiguous(a, n)), null, false));
        cases.put("dot(a,b) 1e7", () -> Graph.reduce(Op.SUM, Graph.binary(Op.MUL, Graph.leaf(View.contiguous(a, n)), Graph.leaf(View.contiguous(b, n))), null, false));
        cases.put("sum(a*2+1) 1e7", () -> Graph.reduce(Op.SUM, Graph.binary(Op.ADD, Graph.binary(Op.MUL, Graph.leaf(View.contiguous(a, n)), Graph.weak(2.0)), Graph.weak(1.0)), null, false));
        cases.put("sum(sin(a)) 1e6", () -> Graph.reduce(Op.SUM, Graph.unary(Op.SIN, Graph.leaf(View.contiguous(m, 3_000_000).slice(0, 0, 1_000_000, 1))), null, false));
        cases.put("(1e6,3) axis1", () -> Graph.reduce(Op.SUM, Graph.leaf(View.contiguous(m, 1_000_000, 3)), new int[] { 1 }, false));
        cases.put("(1e6,3) axis0", () -> Graph.reduce(Op.SUM, Graph.leaf(View.contiguous(m, 1_000_000, 3)), new int[] { 0 }, false));
        cases.put("(3,1e6) axis0", () -> Graph.reduce(Op.SUM, Graph.leaf(View.contiguous(m, 3, 1_000_000)), new int[] { 0 }, false));
        cases.put("(1000,1e4) axis1", () -> Graph.reduce(Op.SUM, Graph.leaf(View.contiguous(a, 1000, 10_000)), new int[] { 1 }, false));
        cases.put("(1000,1e4) axis0", () -> Graph.reduce(Op.SUM, Graph.leaf(View.contiguous(a, 1000, 10_000)), new int[] { 0 }, false));
        cases.put("sum(a) 1e3", () -> Graph.reduce(Op.SUM, Graph.leaf(View.contiguous(a, n).slice(0, 0, 1000, 1)), null, false));
        if (args.length > 1) cases.keySet().retainAll(java.util.List.of(args[1]));
        for (var e : cases.entrySet()) {   // warm up
            long end = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < end) Executor.evaluate(e.getValue().get(), null, JvmTarget.INSTANCE);
        }
        int reps = 15;
        Map<String, long[]> times = new LinkedHashMap<>();
        for (String k : cases.keySet()) times.put(k, new long[reps]);
        for (int r = 0; r < reps; r++) {
            for (var e : cases.entrySet()) {
                int inner = e.getKey().endsWith("1e3") ? 1000 : 1;   // a small sum: per call, over 1000 calls
                long t0 = System.nanoTime();
                for (int i = 0; i < inner; i++) Executor.evaluate(e.getValue().get(), null, JvmTarget.INSTANCE);
                times.get(e.getKey())[r] = (System.nanoTime() - t0) / inner;
            }
        }
        for (var e : times.entrySet()) {
            long[] v = e.getValue();
            Arrays.sort(v);
            System.out.printf("%-18s %s median %9.3f us  min %9.3f us%n", e.getKey(), t.numpyName(), v[v.length / 2] / 1e3, v[0] / 1e3);
        }
    }
}
