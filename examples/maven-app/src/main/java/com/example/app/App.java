package com.example.app;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;

/** A small numfuse program: a fused expression over a million elements, its sum, and where it ran. */
public final class App {
    private App() {}

    /** {@code sum(a + b*c)} for {@code a = 0, 1, ..., n-1}, {@code b = 2}, {@code c = 0.5}: n(n-1)/2 + n. */
    static double fusedSum(int n) {
        NDArray a = Num.arange(n);                        // int64, promoted to float64 by the float operands
        NDArray b = Num.full(DType.FLOAT64, 2.0, n);
        NDArray c = Num.full(DType.FLOAT64, 0.5, n);
        return a.add(b.mul(c)).sum().item();              // one fused kernel: no temporaries for b*c or a + b*c
    }

    /** Runs {@link #fusedSum} over {@code args[0]} elements (default 10^6) and prints it with the target. */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        double s = fusedSum(n);
        System.out.printf("sum(a + b*c) over %d elements = %.1f (expected %.1f) on target %s%n",
                n, s, (double) n * (n - 1) / 2 + n, Num.target());
    }
}
