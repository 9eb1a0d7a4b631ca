import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import java.util.*;

public class Alloc {
    static final String EXPR = System.getProperty("expr", "a + b*c");
    static final int N = Integer.getInteger("n", 10000);
    static final String TARGET = System.getProperty("target", "jvm");
    static final boolean REUSE = Boolean.getBoolean("reuse");
    static double[] shared = new double[N];

    static double batch(double[] a, double[] b, double[] c, Ast ast) {
        double[] out = REUSE ? shared : new double[N];
        return Num.withThreads(1, () -> Num.on(TARGET, () -> {
            Map<String, NDArray> in = new HashMap<>();
            in.put("a", Num.wrap(DType.FLOAT64, a, N));
            in.put("b", Num.wrap(DType.FLOAT64, b, N));
            in.put("c", Num.wrap(DType.FLOAT64, c, N));
            NDArray o = Num.wrap(DType.FLOAT64, out, N);
            o.assign(Num.eval(EXPR, ast, in));
            return o.getDouble(0);
        }));
    }

    public static void main(String[] args) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Ast ast = ExprParser.parse(EXPR);
        Random r = new Random(1);
        double[][] d = new double[3][N];
        for (double[] x : d) for (int i = 0; i < N; i++) x[i] = r.nextGaussian();
        for (int round = 0; round < 6; round++) {
            int k = 20000;
            long a0 = mx.getCurrentThreadAllocatedBytes(), t0 = System.nanoTime();
            for (int i = 0; i < k; i++) batch(d[0], d[1], d[2], ast);
            long a1 = mx.getCurrentThreadAllocatedBytes(), t1 = System.nanoTime();
            System.out.printf("%s %s: %.0f bytes/batch, %.2f us/batch%n", TARGET, REUSE ? "reuse" : "new-out", (a1 - a0) / (double) k, (t1 - t0) / 1e3 / k);
        }
        System.exit(0);
    }
}
