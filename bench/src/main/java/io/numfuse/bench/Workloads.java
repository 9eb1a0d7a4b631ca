package io.numfuse.bench;

import io.numfuse.NDArray;
import io.numfuse.Num;
import io.numfuse.core.DType;
import java.util.List;
import java.util.function.Function;

/**
 * What the cases of {@code numfuse bench selection} compute: an expression over random inputs
 * (its result a new array), or a step of a chain that updates its arrays in place (a Jacobi
 * step of Laplace's equation, a Mandelbrot iteration). Each makes its arrays for a size and a
 * dtype; a call runs on the current target.
 */
final class Workloads {
    private Workloads() {}

    /** What a case computes. */
    interface Workload {
        /** The case's name. */
        String name();

        /** The expression in full, where the name abbreviates it (else null). */
        default String expression() { return null; }

        /** Its arrays for about {@code n} elements ({@link #shape}) of {@code dt}. */
        State make(int n, DType dt);

        /** The shape it uses for {@code n} elements: {@code n}, or a square of about n. */
        int[] shape(int n);

        /** True when a call updates its inputs (a step), so that rows must not share them. */
        boolean updates();
    }

    /** A workload's arrays: the inputs whose residency a row sets, and a call over them. */
    abstract static class State {
        final List<NDArray> inputs;

        State(List<NDArray> inputs) { this.inputs = inputs; }

        /** One call on the current target; {@code toHost}: the host reads the result. Returns the result (a step: null). */
        abstract NDArray call(boolean toHost);

        /** The values of the state (a step's arrays), for cross-checking targets. */
        Object values() { throw new UnsupportedOperationException(); }
    }

    static int side(int n) { return Math.max(3, (int) Math.round(Math.sqrt(n))); }

    // ---- expressions: a new result per call -------------------------------------------------------

    /**
     * {@code f} over {@code arity} random arrays in [0, 1), 1-D, or square when {@code square}
     * (for transposed views and axis reductions).
     */
    static Workload expr(String name, int arity, boolean square, Function<NDArray[], NDArray> f) { return expr(name, null, arity, square, f); }

    /** {@link #expr(String, int, boolean, Function)} with the expression in full where the name abbreviates it. */
    static Workload expr(String name, String expression, int arity, boolean square, Function<NDArray[], NDArray> f) {
        return new Workload() {
            @Override public String name() { return name; }
            @Override public String expression() { return expression; }
            @Override public int[] shape(int n) { return square ? new int[] { side(n), side(n) } : new int[] { n }; }
            @Override public boolean updates() { return false; }

            @Override
            public State make(int n, DType dt) {
                NDArray[] in = new NDArray[arity];
                for (int i = 0; i < arity; i++) in[i] = Num.random(i + 1, dt, shape(n));
                return new State(List.of(in)) {
                    @Override
                    NDArray call(boolean toHost) {
                        NDArray r = f.apply(in);
                        if (toHost) Residency.readOnHost(r); else r.eval();
                        return r;
                    }
                };
            }
        };
    }

    /** The values of an expression's result. */
    static Object values(NDArray result) { return result.ndim() == 0 ? (Object) result.item() : result.toDoubleArray(); }

    // ---- chains: a step that updates its arrays ---------------------------------------------------

    /** One Jacobi step of Laplace's equation on a square grid, in a {@link Num#scope()} (DemoCommand.laplaceStep). */
    static final Workload LAPLACE = new Workload() {
        @Override public String name() { return "laplace step"; }
        @Override public int[] shape(int n) { return new int[] { side(n), side(n) }; }
        @Override public boolean updates() { return true; }

        @Override
        public State make(int n, DType dt) {
            // plus 1 everywhere (a constant is harmonic: the same Jacobi steps, every value 1 more):
            // from zero, the heat's front passes through subnormal values, whose arithmetic a CPU
            // does many times slower, and a row's steps got slower the more of them it had run
            // (over 2000x2000, 5.5 ms a step after 7.6 s of steps, 7.8 ms after 15.7 s; plus 1,
            // 2.5-2.9 ms throughout), so that a row that had run longer looked slower
            NDArray grid = Num.on("jvm", () -> DemoCommand.laplaceGrid(side(n)).add(1.0).eval());
            NDArray u = dt == DType.FLOAT64 ? grid : Num.on("jvm", () -> grid.astype(dt).eval());
            return new State(List.of(u)) {
                @Override
                NDArray call(boolean toHost) {
                    DemoCommand.laplaceStep(u);
                    if (toHost) Residency.readOnHost(u);
                    return null;
                }

                @Override Object values() { return u.toDoubleArray(); }
            };
        }
    };

    /**
     * One Mandelbrot iteration on a square grid over [-2, 0.5] x [-1.25, 1.25] (MandelbrotDemo):
     * z = z² + c and count += 1 where |z|² <= 4, the three arrays written in place in a scope. The
     * residency set is that of z and the counts; c is two vectors of one side's length, broadcast.
     */
    static final Workload MANDELBROT = new Workload() {
        @Override public String name() { return "mandelbrot step"; }
        @Override public int[] shape(int n) { return new int[] { side(n), side(n) }; }
        @Override public boolean updates() { return true; }

        @Override
        public State make(int n, DType dt) {
            int s = side(n);
            NDArray cr = Num.arange(s).astype(dt).mul(2.5 / s).add(-2.0).eval().reshape(1, s).broadcastTo(s, s);
            NDArray ci = Num.arange(s).astype(dt).mul(2.5 / s).add(-1.25).eval().reshape(s, 1).broadcastTo(s, s);
            NDArray zr = Num.zeros(dt, s, s), zi = Num.zeros(dt, s, s), count = Num.zeros(DType.INT32, s, s);
            return new State(List.of(zr, zi, count)) {
                @Override
                NDArray call(boolean toHost) {
                    try (var _ = Num.scope()) {
                        NDArray zr2 = zr.mul(zr), zi2 = zi.mul(zi);
                        NDArray inside = zr2.add(zi2).le(4.0);
                        NDArray nzr = Num.where(inside, zr2.sub(zi2).add(cr), zr);
                        NDArray nzi = Num.where(inside, zr.mul(zi).mul(2.0).add(ci), zi);
                        count.assign(count.add(inside.astype(DType.INT32)));
                        zi.assign(nzi);
                        zr.assign(nzr);
                    }
                    if (toHost) for (NDArray a : inputs) Residency.readOnHost(a);
                    return null;
                }

                @Override
                Object values() {
                    double[] all = new double[3 * s * s];
                    for (int i = 0; i < 3; i++) System.arraycopy(inputs.get(i).toDoubleArray(), 0, all, i * s * s, s * s);
                    return all;
                }
            };
        }
    };
}
