import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import io.numfuse.expr.Ast;
import io.numfuse.expr.ExprParser;
import java.util.*;
import java.util.concurrent.*;

public class Scale {
    static final String EXPR = System.getProperty("expr", "sin(a)*cos(b) + sqrt(abs(c))");
    static final int N = Integer.getInteger("n", 10000);
    static final String TARGET = System.getProperty("target", "jvm");
    static final boolean HAND = Boolean.getBoolean("hand");

    static double batch(double[] a, double[] b, double[] c, Ast ast) {
        double[] out = new double[N];
        if (HAND) {
            for (int i = 0; i < N; i++) out[i] = Math.sin(a[i]) * Math.cos(b[i]) + Math.sqrt(Math.abs(c[i]));
            return out[0];
        }
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
        int batches = Integer.getInteger("batches", 1000);
        Ast ast = ExprParser.parse(EXPR);
        Random r = new Random(1);
        double[][] data = new double[3 * 8][N];
        for (double[] d : data) for (int i = 0; i < N; i++) d[i] = r.nextGaussian();
        Map<Integer,List<Double>> res = new TreeMap<>();
        int rounds = Integer.getInteger("rounds", 15);
        for (int round = 0; round < rounds; round++) {
            for (int threads : java.util.Arrays.stream(System.getProperty("threads", "1,2").split(",")).mapToInt(Integer::parseInt).toArray()) {
                ExecutorService ex = Executors.newFixedThreadPool(threads);
                long t0 = System.nanoTime();
                List<Future<Double>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    final int tt = t;
                    fs.add(ex.submit(() -> {
                        double s = 0;
                        for (int k = 0; k < batches / threads; k++) {
                            int j = (k + tt * 4) % 8;
                            s += batch(data[3 * j], data[3 * j + 1], data[3 * j + 2], ast);
                        }
                        return s;
                    }));
                }
                for (Future<Double> f : fs) f.get();
                long dt = System.nanoTime() - t0;
                ex.shutdown();
                if (round >= 3) res.computeIfAbsent(threads, k -> new ArrayList<>()).add(dt / 1e3 / batches);
            }
        }
        for (var e : res.entrySet()) { List<Double> l = e.getValue(); Collections.sort(l); System.out.printf("%s threads %d: median %.1f us/batch (%.1f-%.1f)%n", HAND ? "hand" : TARGET, e.getKey(), l.get(l.size()/2), l.get(0), l.get(l.size()-1)); }
        System.exit(0);
    }
}
