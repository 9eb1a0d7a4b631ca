package io.numfuse.fuzz;

import io.numfuse.Num;
import io.numfuse.NDArray;
import io.numfuse.expr.ExprParser;
import org.junit.jupiter.api.Test;

class TmpStackTest {
    @Test
    void deep() throws Exception {
        String[] sources = {
            "a" + "+a*1.5".repeat(ExprParser.MAX_HEIGHT / 2 - 1),
            "a" + " - b".repeat(ExprParser.MAX_HEIGHT - 1),
            "-(".repeat(ExprParser.MAX_NESTING / 2) + "a" + ")".repeat(ExprParser.MAX_NESTING / 2),
            "sqrt(".repeat(ExprParser.MAX_NESTING) + "a" + ")".repeat(ExprParser.MAX_NESTING),
            "a" + " < b".repeat(ExprParser.MAX_HEIGHT / 2 - 1),
            "2" + "**a".repeat(ExprParser.MAX_NESTING - 1),
            "sum(" .repeat(ExprParser.MAX_NESTING / 2) + "a" + ")".repeat(ExprParser.MAX_NESTING / 2),
        };
        for (long stack : new long[] {512 << 10}) {
            for (String target : new String[] {"jvm", "interpreter"}) {
                for (String s : sources) {
                    Throwable[] t = new Throwable[1];
                    Thread th = new Thread(null, () -> {
                        try {
                            FuzzArrays in = FuzzArrays.fresh();
                            NDArray r = Num.eval(s, in.arrays());
                            r.eval(target);
                            r.toNpy();
                        } catch (Throwable e) { t[0] = e; if (e instanceof StackOverflowError) { java.util.Map<String,Integer> c = new java.util.TreeMap<>(); for (var f : e.getStackTrace()) c.merge(f.getClassName().replaceAll(".*\\.","") + "." + f.getMethodName(), 1, Integer::sum); System.out.println("SOE " + c); } }
                    }, "s", stack);
                    th.start(); th.join();
                    System.out.println("STACK " + (stack >> 10) + "k " + target + " " + s.substring(0, 12) + " -> " + (t[0] == null ? "ok" : t[0].getClass().getSimpleName() + ": " + String.valueOf(t[0].getMessage()).substring(0, Math.min(80, String.valueOf(t[0].getMessage()).length()))));
                }
            }
        }
    }
}
