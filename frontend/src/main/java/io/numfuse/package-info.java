/**
 * numfuse: lazy NumPy-style arrays for Java, fused into kernels that run on the JVM or on
 * OpenCL devices.
 *
 * <p>Array operations do not compute: they build an expression graph. When a value is needed,
 * the graph is cut into <em>fused kernels</em> ({@code a + b*c} becomes one loop with no
 * intermediate arrays; {@code a + a} loads {@code a} once) and each kernel runs on a target. The
 * semantics are NumPy's: broadcasting, type promotion with weak scalars (NEP 50), slicing views,
 * reductions and their dtypes, NaN propagation, integer wrap-around.
 *
 * <h2>An example</h2>
 * <pre>{@code
 * import io.numfuse.*;
 * import io.numfuse.core.DType;
 * import java.util.Map;
 *
 * NDArray a = Num.array(1.0, 2.0, 3.0);
 * NDArray b = Num.arange(3);                      // int64 [0, 1, 2], lazy
 * NDArray c = Num.full(DType.FLOAT64, 0.5, 3);
 * NDArray r = a.add(b.mul(c));                    // a + b*c: nothing computed yet
 * r.eval();                                       // one fused kernel runs now (optional)
 * double[] values = r.toDoubleArray();            // [1.0, 2.5, 4.0]
 * double total = r.sum().item();                  // 7.5
 *
 * NDArray s = Num.eval("a + b*c", Map.of("a", a, "b", b, "c", c));   // the same, numexpr-style
 *
 * NDArray u = Num.zeros(DType.FLOAT64, 100, 100);
 * u.slice("0, :").assign(1.0);                    // u[0, :] = 1, through a view
 * for (int k = 0; k < 50; k++) {
 *     try (var scope = Num.scope()) {             // optional: frees each step's storage at once
 *         u.slice("1:-1, 1:-1").assign(           // right side computed first, as NumPy
 *             u.slice("0:-2, 1:-1").add(u.slice("2:, 1:-1"))
 *              .add(u.slice("1:-1, 0:-2")).add(u.slice("1:-1, 2:")).mul(0.25));
 *     }
 * }
 * System.out.println(Num.explain(u.sum()));      // the kernels numfuse would run, and where
 * }</pre>
 *
 * <h2>Laziness</h2>
 * <ol>
 * <li>An operation returns a new, lazy {@link NDArray} at once; its values are computed when
 *     they are observed ({@code getDouble}, {@code item}, {@code toDoubleArray} and the other
 *     {@code to*Array} methods, {@code toString}, {@code toNpy}) or on {@link NDArray#eval()},
 *     and then kept: observing the array again computes nothing. Observing one element computes
 *     the whole array. Shapes, dtypes and type errors are known at once, when the operation is
 *     built.</li>
 * <li>A write ({@link NDArray#assign(NDArray)}, {@link NDArray#set(double, int...)}) never
 *     changes an array defined before it: the pending expressions that read the written memory
 *     are given a snapshot of it first (the old storage, handed over rather than copied where
 *     possible; for an element set on the host, only the element's old value, the array copied
 *     if one of those expressions is ever evaluated). A write of a whole array that numfuse made (not one from {@link Num#wrap})
 *     waits, as an expression does, until the array is observed, so that a loop of such writes
 *     fuses into few kernels.</li>
 * <li>Views ({@link NDArray#slice}, {@link NDArray#transpose()}, {@link NDArray#broadcastTo},
 *     and {@link NDArray#reshape} when the layout allows) share memory, as NumPy's do, lazy or
 *     not: every view of an array sees writes to it. An assignment whose right side reads its own target is computed before it is
 *     stored, as in NumPy.</li>
 * <li>A chain of more than 256 pending operations is evaluated as it is built, so that a loop of
 *     any length runs in bounded memory and stack.</li>
 * </ol>
 * {@link Num#scope()} is optional: it promises that the lazy expressions built inside it are not
 * used after it closes, and in exchange the storage of each step's snapshots is reused at once.
 *
 * <h2>Targets</h2>
 * A target is where kernels run: {@code jvm} (bytecode generated for each kernel, multithreaded,
 * vectorised with the Vector API), {@code opencl:N} (OpenCL device N, through JOCL; {@code gpu},
 * {@code cpu} or {@code accelerator} name the first device of that kind), {@code interpreter}
 * (the slow reference every backend is tested against), and {@code auto}, the default, which
 * places each kernel where a cost model, measured on each device and corrected by the times it
 * sees, predicts it runs fastest. The target is chosen by {@link Num#useTarget} (every thread),
 * {@link Num#useTargetOnThisThread}, {@link Num#on(String, java.util.function.Supplier)} (a block
 * on this thread), {@link NDArray#eval(String)} (one evaluation), or the environment variable
 * {@code NUMFUSE_TARGET}. Every target computes the same semantics, so where kernels run changes
 * how fast a program runs, not what it computes.
 *
 * <h2>Threads</h2>
 * numfuse may be called from any number of threads, on shared or private arrays, and gives what
 * NumPy gives under the GIL: each call is atomic with respect to the others on the same arrays (a
 * reader sees the values before a concurrent write or after it, never a mix), sequences of calls
 * are not, an array forced by several threads at once is computed once, and work on different
 * arrays runs in parallel. {@code Num.useTarget} is global; {@code Num.on}, {@code Num.withThreads}
 * (a cap on the JVM threads that kernels are split across) and {@code Num.scope} belong to the
 * calling thread.
 *
 * <h2>Errors</h2>
 * Errors about the input are unchecked {@link io.numfuse.core.NumfuseException}s with a one-line
 * message that names the input and the fix: {@link io.numfuse.core.ShapeMismatchException},
 * {@link io.numfuse.core.TypeException}, {@link io.numfuse.core.ValueException},
 * {@link io.numfuse.core.IndexException}, {@link io.numfuse.core.AxisException},
 * {@link io.numfuse.expr.ExpressionSyntaxException} and {@link io.numfuse.npy.NpyFormatException}.
 *
 * <h2>Running</h2>
 * Start the JVM with {@code --add-modules jdk.incubator.vector} (without it transcendental
 * functions and float sums fall back to slower scalar code) and, for OpenCL,
 * {@code --enable-native-access=ALL-UNNAMED}.
 */
package io.numfuse;
