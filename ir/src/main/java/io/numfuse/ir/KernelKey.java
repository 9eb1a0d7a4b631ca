package io.numfuse.ir;

import io.numfuse.core.DType;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical form of a {@link Kernel}, the key of every kernel cache. It keeps what
 * generated code depends on — the body (ops, dtypes, which loads are shared), the rank, each
 * access's dtype and layout class, which accesses share a buffer, the reduction — and drops
 * what it does not: buffer identities, sizes, offsets, stride values and scalar values.
 * Its parts: the rank, the body, each input's access, the output's access (over the iteration
 * space: stride 0 on reduced axes), the reduction (null for a map kernel) with its axes, and a
 * multi-output map kernel's further stores, each an instruction and an access. Access numbers
 * run over inputs, then the output, then the extras.
 *
 * <p>A parts kernel's key ({@link Kernel#parts}) is its parts' keys, with its inputs' accesses
 * (each over its part's space) and its output's numbered across all of them, so that which
 * buffers the parts share is part of the key; the parts' sizes are not.
 */
public final class KernelKey {
    private final int rank;
    private final List<Instr> body;
    private final List<Access> inputs;
    private final Access output;
    private final Op reduce;
    private final List<Boolean> reduceAxes;
    private final List<Extra> extras;
    /** A scan kernel's scan, else null. */
    private final Kernel.Scan scan;
    /** An arg kernel's arg-reduction, else null. */
    private final Kernel.Arg arg;
    /** A matmul kernel's key ({@link Kernel#isMatmul()}): its code is a GEMM's. */
    private final boolean matmul;
    /** A parts kernel's parts' keys, else empty. */
    private final List<KernelKey> parts;
    /**
     * The hash, computed once: a key is looked up in several caches per evaluation (the JVM's
     * compiled kernels, auto's decisions), and hashing its body each time cost as much as a
     * small kernel's run.
     */
    private final int hash;

    /** A further store of a multi-output map kernel: instruction {@code value}'s value through {@code access}. */
    public record Extra(int value, Access access) {}

    /** The key of a kernel storing one value ({@code reduce} null and {@code reduceAxes} empty for a map). */
    public KernelKey(int rank, List<Instr> body, List<Access> inputs, Access output, Op reduce, List<Boolean> reduceAxes) {
        this(rank, body, inputs, output, reduce, reduceAxes, List.of());
    }

    /** The key of a multi-output map kernel, with its further stores. */
    public KernelKey(int rank, List<Instr> body, List<Access> inputs, Access output, Op reduce, List<Boolean> reduceAxes, List<Extra> extras) {
        this(rank, body, inputs, output, reduce, reduceAxes, extras, false);
    }

    /** The key of a kernel, a {@link Kernel#isMatmul() matmul} one or not. */
    public KernelKey(int rank, List<Instr> body, List<Access> inputs, Access output, Op reduce, List<Boolean> reduceAxes, List<Extra> extras,
                     boolean matmul) {
        this(rank, body, inputs, output, reduce, reduceAxes, extras, matmul, null, null);
    }

    /** The key of a scan kernel (a map kernel whose output is then scanned: {@link Kernel#scan}). */
    public KernelKey(int rank, List<Instr> body, List<Access> inputs, Access output, Kernel.Scan scan) {
        this(rank, body, inputs, output, null, List.of(), List.of(), false, scan, null);
    }

    /** The key of an arg kernel (its body's values reduced to the position of their extreme: {@link Kernel#arg}). */
    public KernelKey(int rank, List<Instr> body, List<Access> inputs, Access output, Kernel.Arg arg) {
        this(rank, body, inputs, output, null, List.of(), List.of(), false, null, arg);
    }

    /** The key of a parts kernel ({@link Kernel#parts}): its inputs' and output's accesses numbered across its parts, and the parts' keys. */
    public KernelKey(int rank, List<Instr> body, List<Access> inputs, Access output, List<KernelKey> parts) {
        this(rank, body, inputs, output, null, List.of(), List.of(), false, null, null, List.copyOf(parts));
    }

    private KernelKey(int rank, List<Instr> body, List<Access> inputs, Access output, Op reduce, List<Boolean> reduceAxes, List<Extra> extras,
                      boolean matmul, Kernel.Scan scan, Kernel.Arg arg) {
        this(rank, body, inputs, output, reduce, reduceAxes, extras, matmul, scan, arg, List.of());
    }

    private KernelKey(int rank, List<Instr> body, List<Access> inputs, Access output, Op reduce, List<Boolean> reduceAxes, List<Extra> extras,
                      boolean matmul, Kernel.Scan scan, Kernel.Arg arg, List<KernelKey> parts) {
        this.parts = parts;
        this.scan = scan;
        this.arg = arg;
        this.rank = rank;
        this.matmul = matmul;
        this.extras = extras;
        this.body = body;
        this.inputs = inputs;
        this.output = output;
        this.reduce = reduce;
        this.reduceAxes = reduceAxes;
        this.hash = java.util.Objects.hash(rank, body, inputs, output, reduce, reduceAxes, extras, matmul, scan, arg, parts);
    }

    /** Axes of the iteration space. */
    public int rank() { return rank; }

    /** The kernel's body, as {@link Kernel#body()}. */
    public List<Instr> body() { return body; }

    /** How each input is read, in {@link Kernel#inputs()}'s order. */
    public List<Access> inputs() { return inputs; }

    /** How the output is written. */
    public Access output() { return output; }

    /** The reduction's combining op, or null for a map kernel. */
    public Op reduce() { return reduce; }

    /** The axes a reduction combines over (empty for a map kernel). */
    public List<Boolean> reduceAxes() { return reduceAxes; }

    /** A scan kernel's scan, or null. */
    public Kernel.Scan scan() { return scan; }

    /** An arg kernel's arg-reduction, or null. */
    public Kernel.Arg arg() { return arg; }

    /** A parts kernel's parts' keys, in order (empty for any other kernel). */
    public List<KernelKey> parts() { return parts; }

    /** True for the key of a {@link Kernel#isMatmul() matmul} kernel. */
    public boolean matmul() { return matmul; }

    /** The further stores of a multi-output map kernel (usually none). */
    public List<Extra> extras() { return extras; }

    /** Every access in the order backends number them: inputs, the output, the extras'. */
    public List<Access> accesses() {
        List<Access> all = new java.util.ArrayList<>(inputs.size() + 1 + extras.size());
        all.addAll(inputs);
        all.add(output);
        for (Extra e : extras) all.add(e.access());
        return all;
    }

    /** The instruction each output stores, in access order: the last instruction's for the output, then the extras'. */
    public int[] storedValues() {
        int[] v = new int[1 + extras.size()];
        v[0] = body.size() - 1;
        for (int j = 0; j < extras.size(); j++) v[j + 1] = extras.get(j).value();
        return v;
    }

    @Override public int hashCode() { return hash; }

    /**
     * The canonical key equal to this one: the first of them made (while it is remembered). A
     * key is looked up in several maps per evaluation (auto's kept decisions and loops, what the
     * model learnt of each kernel, the compiled kernels), each lookup comparing it with the stored
     * key's body, instruction by instruction; after a kernel that streamed megabytes those stored
     * keys are out of the caches, and a resident a+b*c over 10^6 float32 on PoCL paid for each
     * comparison. With canonical keys one comparison per kernel and evaluation finds the stored
     * key (here), and every other lookup ends at {@code ==}. At most {@link #CANONICAL_MAX} are
     * remembered (a program that makes ever new kernels starts afresh: equal keys still compare
     * equal, only more slowly).
     */
    public KernelKey canonical() {
        KernelKey c = CANONICAL.get(this);
        if (c != null) return c;
        if (CANONICAL.size() >= CANONICAL_MAX) CANONICAL.clear();
        c = CANONICAL.putIfAbsent(this, this);
        return c == null ? this : c;
    }

    /** How many canonical keys are remembered at most. */
    static final int CANONICAL_MAX = 1 << 14;

    private static final java.util.concurrent.ConcurrentHashMap<KernelKey, KernelKey> CANONICAL = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof KernelKey k && k.hash == hash && k.rank == rank && k.matmul == matmul && k.reduce == reduce && k.output.equals(output)
                && k.inputs.equals(inputs) && k.reduceAxes.equals(reduceAxes) && k.extras.equals(extras) && java.util.Objects.equals(k.scan, scan) && java.util.Objects.equals(k.arg, arg) && k.parts.equals(parts) && k.body.equals(body);
    }

    /**
     * How one access walks memory. {@code layout} has one letter per iteration axis: {@code 0}
     * (stride 0: broadcast or reduced), {@code 1} (unit stride), {@code s} (any other stride);
     * {@code alias} numbers the distinct buffers, so accesses with the same number read or
     * write the same buffer.
     */
    public record Access(DType dtype, String layout, int alias) {}

    public static KernelKey of(Kernel k) {
        if (k.isParts()) return ofParts(k);
        int[] space = k.shape();
        List<View> views = k.inputs();
        Buffer[] buffers = new Buffer[views.size() + 1 + k.extras().size()];
        Access[] in = new Access[views.size()];
        for (int i = 0; i < in.length; i++) in[i] = access(views.get(i), buffers, space);
        Access out = access(k.output(), buffers, space);
        List<Extra> extras = List.of();
        if (!k.extras().isEmpty()) {
            Extra[] e = new Extra[k.extras().size()];
            for (int j = 0; j < e.length; j++) e[j] = new Extra(k.extras().get(j).value(), access(k.extras().get(j).view(), buffers, space));
            extras = List.of(e);
        }
        if (k.isScan()) return new KernelKey(space.length, k.body(), Arrays.asList(in), out, k.scan());
        if (k.isArg()) return new KernelKey(space.length, k.body(), Arrays.asList(in), out, k.arg());
        return new KernelKey(space.length, k.body(), Arrays.asList(in), out, k.reduce(), axes(k.reduceAxes()), extras, k.isMatmul());
    }

    /** A parts kernel's key: each input's access over its part's space, buffers numbered across the parts. */
    private static KernelKey ofParts(Kernel k) {
        Buffer[] buffers = new Buffer[k.inputs().size() + 1];
        List<Access> in = new java.util.ArrayList<>(k.inputs().size());
        List<KernelKey> parts = new java.util.ArrayList<>(k.parts().size());
        for (Kernel p : k.parts()) {
            for (View v : p.inputs()) in.add(access(v, buffers, p.shape()));
            parts.add(p.key());
        }
        return new KernelKey(k.shape().length, k.body(), List.copyOf(in), access(k.output(), buffers, k.shape()), parts);
    }

    private static Access access(View v, Buffer[] buffers, int[] space) {
        int alias = 0;
        while (buffers[alias] != null && buffers[alias] != v.buffer()) alias++;
        buffers[alias] = v.buffer();
        return new Access(v.dtype(), layout(v, space), alias);
    }

    /** Layout strings by rank and code (base 3, first axis first), made once each: keys are built on every evaluation. */
    private static final String[][] LAYOUTS = new String[8][];
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static final List<Boolean>[] AXES = new List[1 << 9];

    /** The class of each axis of {@code v} over {@code space}: {@code 0} broadcast or length 1, {@code 1} unit stride, {@code s} other. */
    private static String layout(View v, int[] space) {
        if (space.length >= LAYOUTS.length) {   // spelled out: a base-3 code overflows an int from rank 20 on
            char[] c = new char[space.length];
            for (int i = 0; i < c.length; i++) c[i] = "01s".charAt(axisClass(v, space, i));
            return new String(c);
        }
        int code = 0;
        for (int i = 0; i < space.length; i++) code = code * 3 + axisClass(v, space, i);
        return layout(space.length, code);
    }

    private static int axisClass(View v, int[] space, int i) {
        int s = space[i] == 1 ? 0 : v.stride(i);
        return s == 0 ? 0 : s == 1 ? 1 : 2;
    }

    private static String layout(int rank, int code) {
        String[] byCode = LAYOUTS[rank];
        if (byCode == null) LAYOUTS[rank] = byCode = new String[(int) Math.pow(3, rank)];
        String s = byCode[code];
        if (s == null) byCode[code] = s = spell(rank, code);   // a race makes an equal string: harmless
        return s;
    }

    private static String spell(int rank, int code) {
        char[] c = new char[rank];
        for (int i = rank - 1; i >= 0; i--, code /= 3) c[i] = "01s".charAt(code % 3);
        return new String(c);
    }

    private static List<Boolean> axes(boolean[] reduced) {
        if (reduced == null) return List.of();
        if (reduced.length > 8) return toList(reduced);
        int code = 1;   // a leading 1 marks the rank
        for (boolean b : reduced) code = code * 2 + (b ? 1 : 0);
        List<Boolean> l = AXES[code];
        if (l == null) AXES[code] = l = toList(reduced);   // as for layouts, a race is harmless
        return l;
    }

    private static List<Boolean> toList(boolean[] reduced) {
        Boolean[] b = new Boolean[reduced.length];
        for (int i = 0; i < b.length; i++) b[i] = reduced[i];
        return List.of(b);
    }

    /** A short, stable hex digest, for names of generated classes and explain output. */
    public String digest() {
        return String.format("%08x", hashCode());
    }

    @Override
    public String toString() {
        return "KernelKey[rank=" + rank + ", body=" + body + ", inputs=" + inputs + ", output=" + output
                + (reduce != null ? ", reduce=" + reduce + Arrays.toString(reduceAxes.toArray()) : "")
                + (extras.isEmpty() ? "" : ", extras=" + extras) + (scan == null ? "" : ", scan=" + scan) + (arg == null ? "" : ", arg=" + arg) + (matmul ? ", matmul" : "") + (parts.isEmpty() ? "" : ", parts=" + parts) + "]";
    }
}
