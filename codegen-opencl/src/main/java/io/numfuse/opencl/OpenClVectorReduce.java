package io.numfuse.opencl;

import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Op;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The vector loop of a float reduction ({@code nf_reduce}): a work-item's chunk of the reduced
 * axis taken {@value #WIDTH} elements at a time in OpenCL vector types ({@code vload8}; a sum's
 * {@code double8} accumulator with its TwoSum compensation, or a max/min's), its lanes then
 * combined into the scalar accumulator, whose loop finishes the chunk. A CPU device's compiler
 * (PoCL) vectorises no work-item's loop of its own accord: the scalar loop summed 10^6 float32 in
 * 615 µs here, this one in 200 µs (about the memory's speed), the same kernel otherwise.
 *
 * <p>Only for what it computes exactly as the scalar loop does, element for element: a float
 * {@link Op#SUM}, {@link Op#MAX} or {@link Op#MIN} over the innermost axis alone, each load
 * unit-strided or constant along it, a body of float loads, parameters, {@code + - * /},
 * negation and casts between float types (IEEE operations, the same rounding in a vector lane as
 * in a scalar). The elements reach the accumulator in another order (each lane takes every
 * eighth): a compensated sum's result stays within its bound, and a max or min is the same
 * whatever the order (NaN wins, and +0 over -0 for max, -0 for min, as the scalar helper's).
 */
final class OpenClVectorReduce {
    private OpenClVectorReduce() {}

    /** Elements a vector iteration takes. */
    static final int WIDTH = 8;

    /** True when {@code key}'s reduction gets the vector loop. */
    static boolean applies(KernelKey key) {
        int rank = key.rank(), d = rank - 1;
        if (!OpenClCodegen.vectorTypes || !(key.reduce() == Op.SUM || key.reduce() == Op.MAX || key.reduce() == Op.MIN) || !key.output().dtype().isFloat() || !key.extras().isEmpty() || rank == 0) return false;
        for (int a = 0; a < rank; a++) if (key.reduceAxes().get(a) != (a == d)) return false;
        return exactBody(key);
    }

    /** True when {@code key}'s argmax or argmin gets the vector loop: over the innermost axis alone, of a float body {@link #applies} would take. */
    static boolean appliesToArg(KernelKey key) {
        int rank = key.rank();
        return OpenClCodegen.vectorTypes && key.arg() != null && rank > 0 && key.arg().from() == rank - 1 && key.arg().to() == rank && key.body().getLast().type().isFloat() && exactBody(key);
    }

    /** The ops of a body whose elements a vector lane computes as a scalar loop does, in the same order: {@code -x} and {@code + - * /}. */
    private static final Set<Op> EXACT_UNARY = EnumSet.of(Op.NEG), EXACT_BINARY = EnumSet.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV);

    private static boolean exactBody(KernelKey key) { return vectorBody(key, EXACT_UNARY, EXACT_BINARY); }

    /**
     * True when every instruction of {@code key}'s body has a vector form ({@link #renderBody}):
     * float loads unit-strided or constant along the innermost axis, float scalars, the float ops of
     * {@code unary} and {@code binary} on operands of their own type, and casts between float types.
     */
    static boolean vectorBody(KernelKey key, Set<Op> unary, Set<Op> binary) {
        int d = key.rank() - 1;
        List<Instr> body = key.body();
        for (Instr in : body) {
            boolean ok = switch (in) {
                case Instr.Load l -> l.type().isFloat() && key.inputs().get(l.input()).layout().charAt(d) != 's';
                case Instr.Param p -> p.type().isFloat();
                case Instr.Unary u -> unary.contains(u.op()) && u.type().isFloat() && body.get(u.x()).type() == u.type();
                case Instr.Binary b -> binary.contains(b.op()) && b.type().isFloat() && body.get(b.a()).type() == b.type() && body.get(b.b()).type() == b.type();
                case Instr.Cast c -> c.type().isFloat() && body.get(c.x()).type().isFloat();
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }

    /**
     * The vector loop over {@code r} from the chunk's start while {@value #WIDTH} elements are
     * left, advancing index {@code i<d>} with it, into the lanes {@code vacc} (a sum's with their
     * compensations {@code vcomp}); the caller combines the lanes into its accumulator.
     */
    static void render(StringBuilder k, KernelKey key, OpenClOps ops, String accType, DType acc, CharSequence[] offsets) {
        List<Instr> body = key.body();
        int d = key.rank() - 1;
        String AV = accType + WIDTH;
        if (key.reduce() == Op.SUM) k.append("    ").append(AV).append(" vacc = 0, vcomp = 0;\n");
        else k.append("    ").append(AV).append(" vacc = (").append(AV).append(")").append(OpenClOps.identity(key.reduce(), acc)).append(";\n");
        k.append("    for (; r + ").append(WIDTH).append(" <= hi; r += ").append(WIDTH).append(") {\n");
        renderBody(k, key, ops, offsets);
        String last = "w" + (body.size() - 1);
        String x = body.getLast().type() == acc ? last : "convert_" + AV + "(" + last + ")";
        if (key.reduce() == Op.SUM) {
            OpenClCodegen.Renderer.twoSum(k, AV, "vacc", "vcomp", x, null, "        ");
        } else {
            // OpenClOps's max/min helper lane by lane: the comparison (x where it is false: a NaN x too), a tie of zeros by
            // sign, and the accumulator where it is NaN
            boolean max = key.reduce() == Op.MAX;
            k.append("        ").append(AV).append(" x = ").append(x).append(";\n");
            k.append("        ").append(AV).append(" m = select(x, vacc, vacc ").append(max ? '>' : '<').append(" x);\n");
            k.append("        m = select(m, select(").append(max ? "vacc, x" : "x, vacc").append(", signbit(vacc)), vacc == 0 & x == 0);\n");
            k.append("        vacc = select(m, vacc, isnan(vacc));\n");
        }
        k.append("        i").append(d).append(" += ").append(WIDTH).append(";\n");
        k.append("    }\n");
    }

    /** Lane {@code j} of a vector: {@code v.s<j>} (in hexadecimal, as OpenCL names them). */
    static String lane(String v, int j) { return v + ".s" + Integer.toHexString(j); }

    /**
     * The body's values at {@value #WIDTH} elements from the current index, {@code w<i>} (indented
     * eight spaces): a unit-strided load is a {@code vload8}, a load constant along the axis and a
     * parameter are spread over the lanes, an op is its OpenCL built-in on vectors.
     */
    static void renderBody(StringBuilder k, KernelKey key, OpenClOps ops, CharSequence[] offsets) { renderBody(k, key, ops, offsets, false); }

    /**
     * {@link #renderBody(StringBuilder, KernelKey, OpenClOps, CharSequence[])}; {@code guard}: a
     * float32 sine, cosine or tangent whose argument has a lane of 2^19 or more sets {@code slow}
     * (the caller computes those elements one by one instead). PoCL's float32 {@code sin},
     * {@code cos} and {@code tan} on vectors give garbage in the lanes below 0.01 when another lane
     * is 10^7 or more (sin(1e-5) came out 0.0102 beside 1e7 or infinity; 3e6 was still right), where
     * the scalar built-ins are right (docs/results/2026-12-05/stop39/cl/thr4.py).
     */
    static void renderBody(StringBuilder k, KernelKey key, OpenClOps ops, CharSequence[] offsets, boolean guard) {
        List<Instr> body = key.body();
        int d = key.rank() - 1;
        for (int i = 0; i < body.size(); i++) {
            Instr in = body.get(i);
            String T = OpenClOps.value(in.type()) + WIDTH;
            String e = switch (in) {
                case Instr.Load l -> {
                    KernelKey.Access a = key.inputs().get(l.input());
                    yield a.layout().charAt(d) == '1'
                            ? "vload" + WIDTH + "(0, b" + a.alias() + " + (" + offsets[l.input()] + "))"
                            : "(" + T + ")(b" + a.alias() + "[" + offsets[l.input()] + "])";   // the same value all along the axis
                }
                case Instr.Param p -> "(" + T + ")(p" + p.index() + ")";
                case Instr.Unary u -> ops.apply(u.op(), u.type(), "w" + u.x());
                case Instr.Binary b -> ops.apply(b.op(), b.type(), "w" + b.a(), "w" + b.b());
                case Instr.Cast c -> body.get(c.x()).type() == c.type() ? "w" + c.x() : "convert_" + T + "(w" + c.x() + ")";
                default -> throw new IllegalStateException("not vectorised: " + in);
            };
            if (guard && in instanceof Instr.Unary u && u.type() == io.numfuse.core.DType.FLOAT32 && (u.op() == Op.SIN || u.op() == Op.COS || u.op() == Op.TAN)) {
                k.append("        slow |= any(fabs(w").append(u.x()).append(") >= (").append(T).append(")0x1p19f);\n");
            }
            k.append("        ").append(T).append(" w").append(i).append(" = ").append(e).append(";\n");
        }
    }

    /**
     * An argmax's or argmin's vector loop: each lane keeps its best value and its position (from
     * the chunk's start), replaced as the scalar loop's, by a strictly better value or a first
     * NaN; then each lane's candidate goes to {@code best} and {@code pos}, a lane's replacing
     * them when {@code better} (the scalar loop's test of a value against {@code best}), or as
     * good (both NaN, or equal) at an earlier position: the first position of the extreme, as in order.
     */
    static void renderArg(StringBuilder k, KernelKey key, OpenClOps ops, CharSequence[] offsets, java.util.function.BinaryOperator<String> better) {
        int d = key.rank() - 1;
        DType v = key.body().getLast().type();
        String T = OpenClOps.value(v), TV = T + WIDTH, M = (v == DType.FLOAT64 ? "long" : "int") + WIDTH;
        char cmp = key.arg().max() ? '>' : '<';
        StringBuilder lanes = new StringBuilder();
        for (int j = 0; j < WIDTH; j++) lanes.append(j == 0 ? "" : ", ").append(j);
        // positions from the chunk's start in lanes as wide as the values' (a chunk is shorter than 2^31): no conversions
        k.append("    ").append(TV).append(" vbest = 0;\n");
        k.append("    ").append(M).append(" vpos = (").append(M).append(")(-1);\n");
        k.append("    for (; r + ").append(WIDTH).append(" <= hi; r += ").append(WIDTH).append(") {\n");
        renderBody(k, key, ops, offsets);
        k.append("        ").append(TV).append(" x = w").append(key.body().size() - 1).append(";\n");
        k.append("        ").append(M).append(" take = select(x ").append(cmp).append(" vbest, ~isnan(vbest), isnan(x)) | (vpos < 0);\n");
        k.append("        vbest = select(vbest, x, take);\n");
        k.append("        vpos = select(vpos, (").append(M).append(")(r - lo) + (").append(M).append(")(").append(lanes).append("), take);\n");
        k.append("        i").append(d).append(" += ").append(WIDTH).append(";\n");
        k.append("    }\n");
        for (int j = 0; j < WIDTH; j++) {
            k.append("    { ").append(T).append(" x = ").append(lane("vbest", j)).append("; long p = ").append(lane("vpos", j)).append(";\n");
            k.append("      if (p >= 0 && (pos < 0 || ").append(better.apply("x", "best"))
             .append(" || ((isnan(x) && isnan(best)) || x == best) && p < pos)) { best = x; pos = p; } }\n");
        }
    }
}
