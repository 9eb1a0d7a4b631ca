package io.numfuse.ir;

import io.numfuse.core.DType;
import java.util.List;

/**
 * One fused loop: an iteration space, the views it reads (each already mapped onto the
 * iteration space: broadcast axes have stride 0), an SSA body whose last instruction is the
 * value, scalar parameters, and where the value goes. A map kernel stores the value at each
 * index of {@link #output()}; a reduce kernel combines values with {@link #reduce()} over the
 * axes marked in {@link #reduceAxes()} ({@link #output()} then has stride 0 on them).
 * The parameters are raw values: {@code Double.doubleToRawLongBits} for float parameters, the
 * value itself for bool and int ones.
 *
 * <p>A map kernel may store more values than its last instruction's: each of its
 * {@link #extras()} stores an earlier instruction's value into a view of its own over the same
 * iteration space (the coordinates and the count of a Mandelbrot step, computed together, their
 * shared history once). Backends take the views in the order inputs, output, extras.
 *
 * <p>A scan kernel ({@link #scan()} not null) is a map kernel whose stored values are then
 * scanned in place: its output is a new C-contiguous buffer over the whole iteration space, and
 * each element of it ends up as the combination (the scan op's combiner) of the values before
 * it, itself included, along the scanned axes (taken together in C order). Backends may compute
 * the values and scan them in any grouping: float results differ from a sequential scan's by
 * rounding only.
 *
 * <p>An arg kernel ({@link #arg()} not null: argmax, argmin) computes its body's values as a
 * map kernel would and reduces them to the position of the extreme along its reduced axes,
 * stored as int64 into {@link #output()} (stride 0 on those axes): NumPy's rule, the first
 * occurrence, and the first NaN when the line has one.
 *
 * <p>A parts kernel ({@link #parts()} not null: concatenate) is map kernels run as one, each
 * over its own iteration space, storing into its own part of {@link #output()}; see
 * {@link #parts(View, List)}.
 */
public final class Kernel {
    private final int[] shape;
    private final List<View> inputs;
    private final List<Instr> body;
    private final long[] params;
    private final View output;
    private final Op reduce;
    private final boolean[] reduceAxes;
    private final List<Store> extras;
    /** A matmul kernel ({@link #matmul}): backends may run it as a GEMM. */
    private final boolean matmul;
    /** {@link #outputs()}, made once: the backends and the scheduler ask for it on every run. */
    private final List<View> outputs;
    /** {@link #key()}, made on first use: the scheduler, the model and the backend all ask for it on every evaluation. */
    private KernelKey key;

    /** {@link #scan()}: no scan. */
    private Scan scan;

    /**
     * A scan: {@code op} (sum or prod) combined along axes {@code from} to {@code to} (exclusive)
     * of the iteration space, taken together in C order; {@code from == to} scans the one element
     * of a 0-d space.
     */
    public record Scan(Op op, int from, int to) {}

    /**
     * A scan kernel: the map of {@code body} into {@code output} (a new C-contiguous buffer over
     * the whole of {@code shape}), then {@code scan} in place.
     */
    public static Kernel scan(int[] shape, List<View> inputs, List<Instr> body, long[] params, View output, Scan scan) {
        if (output.size() > 0 && !output.isCContiguous()) throw new IllegalArgumentException("a scan's output is C-contiguous");
        Kernel k = new Kernel(shape, inputs, body, params, output, null, null);
        k.scan = scan;
        return k;
    }

    /** {@link #arg()}: not an arg kernel. */
    private Arg arg;

    /**
     * An arg-reduction: the first position of the largest ({@code op} MAX: argmax) or least (MIN:
     * argmin) value along axes {@code from} to {@code to} (exclusive) of the iteration space, taken
     * together in C order (all of them: the flattened array); a NaN is more extreme than any
     * number, so the first NaN wins.
     */
    public record Arg(Op op, int from, int to) {
        public Arg {
            if (op != Op.MAX && op != Op.MIN) throw new IllegalArgumentException("no arg-reduction of " + op);
        }

        /** True for argmax, false for argmin. */
        public boolean max() { return op == Op.MAX; }
    }

    /**
     * An arg kernel: the values of {@code body} over {@code shape}, reduced by {@code arg} into
     * {@code output} (int64, over the iteration space with stride 0 on the reduced axes).
     */
    public static Kernel arg(int[] shape, List<View> inputs, List<Instr> body, long[] params, View output, Arg arg) {
        if (output.dtype() != DType.INT64) throw new IllegalArgumentException("an arg kernel's output is int64");
        for (int d = arg.from(); d < arg.to(); d++) {
            if (shape[d] > 1 && output.stride(d) != 0) throw new IllegalArgumentException("an arg kernel's output has stride 0 on its reduced axes");
        }
        Kernel k = new Kernel(shape, inputs, body, params, output, null, null);
        k.arg = arg;
        return k;
    }

    /** The arg-reduction of an arg kernel, or null. */
    public Arg arg() { return arg; }

    /** True for an arg kernel. */
    public boolean isArg() { return arg != null; }

    /** An arg kernel's iteration space as (outer, length, inner), as {@link #scanLines()} for a scan. */
    public long[] argLines() { return lines(arg.from(), arg.to()); }

    /** {@link #parts()}: not a parts kernel. */
    private List<Kernel> parts;

    /**
     * A parts kernel (a concatenation): {@code parts}, map kernels that each store one value into
     * a part of {@code output} (their parts disjoint, covering it), run as one kernel: one launch,
     * in which their elements may run in any order. No part reads {@code output}'s buffer.
     * Its iteration space is {@code output}'s; its inputs are the parts' one after the other, its
     * body and parameters theirs one after the other, renumbered ({@link #body()} is what the
     * parts compute, for the cost model: backends run the parts).
     */
    public static Kernel parts(View output, List<Kernel> parts) {
        if (parts.size() < 2) throw new IllegalArgumentException("a parts kernel has two parts or more");
        List<View> inputs = new java.util.ArrayList<>();
        List<Instr> body = new java.util.ArrayList<>();
        long[] params = new long[parts.stream().mapToInt(p -> p.params().length).sum()];
        long elements = 0;
        int par = 0;
        for (Kernel p : parts) {
            if (p.isReduction() || p.isScan() || p.isArg() || p.isParts() || !p.extras().isEmpty() || p.output().buffer() != output.buffer()) {
                throw new IllegalArgumentException("not a part of a parts kernel over " + output + ": " + p);
            }
            for (View v : p.inputs()) if (v.buffer() == output.buffer()) throw new IllegalArgumentException("a part reads the parts kernel's output");
            int in = inputs.size(), at = body.size();
            for (Instr i : p.body()) body.add(shifted(i, in, at, par));
            System.arraycopy(p.params(), 0, params, par, p.params().length);
            par += p.params().length;
            inputs.addAll(p.inputs());
            elements += p.size();
        }
        if (elements != output.size()) throw new IllegalArgumentException("the parts do not cover " + output);
        Kernel k = new Kernel(output.shape(), inputs, body, params, output, null, null);
        k.parts = List.copyOf(parts);
        return k;
    }

    /**
     * This kernel with every view over a buffer that {@code moves} maps moved to the buffer it
     * maps to, with the same offset, shape and strides ({@link BufferReuse}); this kernel when
     * none of its views is.
     */
    Kernel withBuffers(java.util.Map<Buffer, Buffer> moves) {
        boolean any = false;
        for (View v : inputs) any |= moves.containsKey(v.buffer());
        for (View v : outputs) any |= moves.containsKey(v.buffer());
        if (!any) return this;
        if (parts != null) return parts(moved(output, moves), parts.stream().map(p -> p.withBuffers(moves)).toList());
        Kernel k = new Kernel(shape, inputs.stream().map(v -> moved(v, moves)).toList(), body, params, moved(output, moves), reduce, reduceAxes,
                extras.stream().map(e -> new Store(e.value(), moved(e.view(), moves))).toList(), matmul);
        k.scan = scan;
        k.arg = arg;
        return k;
    }

    /** {@code v} over the buffer {@code moves} maps its buffer to, or {@code v}. */
    static View moved(View v, java.util.Map<Buffer, Buffer> moves) {
        Buffer b = moves.get(v.buffer());
        return b == null ? v : new View(b, v.offset(), v.shape(), v.strides());
    }

    /** {@code i} in a body placed after {@code in} inputs, {@code at} instructions and {@code par} parameters of other parts. */
    private static Instr shifted(Instr i, int in, int at, int par) {
        return switch (i) {
            case Instr.Load l -> new Instr.Load(l.input() + in, l.type());
            case Instr.Gather g -> new Instr.Gather(g.input() + in, g.type(), g.offset() + at);
            case Instr.Param p -> new Instr.Param(p.index() + par, p.type());
            case Instr.Index x -> x;
            case Instr.Unary u -> new Instr.Unary(u.op(), u.type(), u.x() + at);
            case Instr.Binary b -> new Instr.Binary(b.op(), b.type(), b.a() + at, b.b() + at);
            case Instr.Select s -> new Instr.Select(s.type(), s.cond() + at, s.a() + at, s.b() + at);
            case Instr.Cast c -> new Instr.Cast(c.type(), c.x() + at);
        };
    }

    /** The parts of a parts kernel, in order, or null. */
    public List<Kernel> parts() { return parts; }

    /** True for a parts kernel. */
    public boolean isParts() { return parts != null; }

    /** The scan of a scan kernel, or null. */
    public Scan scan() { return scan; }

    /** True for a scan kernel. */
    public boolean isScan() { return scan != null; }

    /**
     * A scan kernel's output as (outer, length, inner): the elements before, along, and after
     * the scanned axes, so that element {@code (o, j, i)} is at {@code output().offset() + (o *
     * length + j) * inner + i}.
     */
    public long[] scanLines() { return lines(scan.from(), scan.to()); }

    private long[] lines(int from, int to) {
        long outer = 1, len = 1, inner = 1;
        for (int d = 0; d < shape.length; d++) {
            if (d < from) outer *= shape[d]; else if (d < to) len *= shape[d]; else inner *= shape[d];
        }
        return new long[] { outer, len, inner };
    }

    /** A further value a map kernel stores: instruction {@code value}'s, into {@code view} (over the iteration space). */
    public record Store(int value, View view) {}

    /** A kernel storing one value: a map ({@code reduce} and {@code reduceAxes} null) or a reduction. */
    public Kernel(int[] shape, List<View> inputs, List<Instr> body, long[] params, View output, Op reduce, boolean[] reduceAxes) {
        this(shape, inputs, body, params, output, reduce, reduceAxes, List.of());
    }

    /** A kernel that also stores {@code extras} (a map kernel only: a reduction stores one value). */
    public Kernel(int[] shape, List<View> inputs, List<Instr> body, long[] params, View output, Op reduce, boolean[] reduceAxes,
                  List<Store> extras) {
        this(shape, inputs, body, params, output, reduce, reduceAxes, extras, false);
    }

    private Kernel(int[] shape, List<View> inputs, List<Instr> body, long[] params, View output, Op reduce, boolean[] reduceAxes,
                   List<Store> extras, boolean matmul) {
        this.shape = shape;
        this.matmul = matmul;
        this.extras = List.copyOf(extras);
        if (reduce != null && !this.extras.isEmpty()) throw new IllegalArgumentException("a reduction stores one value");
        for (Store e : this.extras) {
            if (e.value() < 0 || e.value() >= body.size()) throw new IllegalArgumentException("no instruction " + e.value());
        }
        this.inputs = List.copyOf(inputs);
        this.body = List.copyOf(body);
        if (this.body.isEmpty()) throw new IllegalArgumentException("empty kernel body");
        this.params = params;
        this.output = output;
        this.reduce = reduce;
        this.reduceAxes = reduceAxes;
        List<View> all = new java.util.ArrayList<>(1 + this.extras.size());
        all.add(output);
        for (Store e : this.extras) all.add(e.view());
        this.outputs = List.copyOf(all);
    }

    /**
     * A matmul kernel: over the space {@code [batch..., m, n, k]}, input 0 ({@code a}, whose values
     * do not depend on the n index: usually a stride 0 there) times input 1 ({@code b}, whose
     * values do not depend on the m index), summed over the last axis into {@code out} (stride 0
     * on it). It is an ordinary sum reduction (a target that knows no
     * better, the interpreter, runs it as one: the reference triple loop), marked so that a
     * target may run it as a GEMM instead: blocked, in its own order, float sums not compensated
     * (as BLAS's). {@link MatmulShape} reads its geometry.
     */
    public static Kernel matmul(int[] space, View a, View b, View out) {
        int r = space.length;
        if (r < 3 || out.stride(r - 1) != 0 && space[r - 1] > 1) throw new IllegalArgumentException("not a matmul space: " + java.util.Arrays.toString(space));
        DType t = out.dtype();
        List<Instr> body = List.of(new Instr.Load(0, a.dtype()), new Instr.Load(1, b.dtype()), new Instr.Binary(Op.MUL, t, 0, 1));
        boolean[] axes = new boolean[r];
        axes[r - 1] = true;
        return new Kernel(space, List.of(a, b), body, new long[0], out, Op.SUM, axes, List.of(), true);
    }

    /** True for a {@link #matmul} kernel. */
    public boolean isMatmul() { return matmul; }

    /** The iteration space: one length per axis (not a copy: callers must not change it). */
    public int[] shape() { return shape; }

    /** The views the body loads, each over the iteration space (stride 0 on its broadcast axes), by {@link Instr.Load#input()}. */
    public List<View> inputs() { return inputs; }

    /** The SSA instructions, operands first; the last is the value stored or reduced. */
    public List<Instr> body() { return body; }

    /** The raw scalar parameters, by {@link Instr.Param#index()} (not a copy). */
    public long[] params() { return params; }

    /** Where the value goes, over the iteration space (stride 0 on reduced axes). */
    public View output() { return output; }

    /** The reduction's combining op, or null for a map kernel. */
    public Op reduce() { return reduce; }

    /** The axes a reduction combines over (null for a map kernel; not a copy). */
    public boolean[] reduceAxes() { return reduceAxes; }

    /** True for a reduce kernel. */
    public boolean isReduction() { return reduce != null; }

    /** The further values this map kernel stores (none for most kernels). */
    public List<Store> extras() { return extras; }

    /** Every view the kernel writes: its output, then its extras'. */
    public List<View> outputs() { return outputs; }

    /**
     * True when this kernel gives every element of {@code o}'s buffer (one of its outputs) a value
     * whole, whatever the buffer held: a map over all of a C-contiguous buffer, or a reduction
     * whose kept elements cover it (each starts from the identity). A device copy of such a buffer
     * need not be uploaded first, nor a newer one copied back.
     */
    public boolean overwritesAll(View o) {
        if (isReduction() || isArg()) {
            boolean[] reduced = isArg() ? new boolean[shape.length] : reduceAxes;
            if (isArg()) for (int d = arg.from(); d < arg.to(); d++) reduced[d] = true;
            int kept = 0;
            for (boolean r : reduced) if (!r) kept++;
            int[] keptShape = new int[kept], strides = new int[kept];
            for (int d = 0, j = 0; d < shape.length; d++) {
                if (reduced[d]) continue;
                keptShape[j] = shape[d];
                strides[j++] = o.stride(d);
            }
            o = new View(o.buffer(), o.offset(), keptShape, strides);
        }
        return o.coversBuffer();
    }

    /** The instruction whose value the kernel stores or reduces. */
    public Instr value() { return body.get(body.size() - 1); }

    /** Elements in the iteration space. */
    public int size() { return Shapes.size(shape); }

    /** The canonical form of this kernel, for caches. */
    public KernelKey key() {
        KernelKey k = key;
        if (k == null) key = k = KernelKey.of(this).canonical();   // a race makes an equal key: harmless
        return k;
    }

    /** Parameter {@code p} as a double (for float parameters). */
    public double doubleParam(int p) { return Double.longBitsToDouble(params[p]); }

    @Override
    public String toString() {
        return "Kernel[shape=" + java.util.Arrays.toString(shape) + ", inputs=" + inputs + ", body=" + body + ", params="
                + java.util.Arrays.toString(params) + ", output=" + output + ", reduce=" + reduce + ", reduceAxes="
                + java.util.Arrays.toString(reduceAxes) + (extras.isEmpty() ? "" : ", extras=" + extras) + (scan == null ? "" : ", scan=" + scan)
                + (arg == null ? "" : ", arg=" + arg) + (matmul ? ", matmul" : "") + (parts == null ? "" : ", parts=" + parts) + "]";
    }
}
