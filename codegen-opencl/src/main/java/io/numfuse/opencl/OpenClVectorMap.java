package io.numfuse.opencl;

import io.numfuse.ir.Instr;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Op;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A map kernel whose work-items compute {@value #WIDTH} consecutive elements of the innermost
 * axis each, in OpenCL vector types ({@code vload8}, the built-ins on {@code float8} or
 * {@code double8}, {@code vstore8}), the axis' last few elements in a scalar loop. PoCL vectorises
 * a map across its work-items by itself, but not through a call to {@code sin} or {@code exp}:
 * {@code sin(a)+cos(b)} over 2^20 float32 took 18.6 ms a launch there, 1.85 ms in vector types
 * (float64: 14.5 and 3.3 ms), with equal results bit for bit
 * ({@code docs/results/2026-12-05/stop39/cl/sin.py}).
 *
 * <p>For a map of rank 1 to 3 with one float output, unit-strided along the innermost axis,
 * whose body is float loads (unit-strided or constant along that axis), scalars, the float ops
 * whose OpenCL built-in takes vectors as it takes scalars (arithmetic, rounding, square roots,
 * exponentials, logarithms, trigonometric and hyperbolic functions, {@code atan2}, {@code hypot})
 * and float casts, with at least one transcendental op (other maps PoCL vectorises well alone).
 * Its global size along the innermost axis is that axis over {@value #WIDTH}, rounded up
 * ({@link OpenClSource#vectorWidth}).
 */
final class OpenClVectorMap {
    private OpenClVectorMap() {}

    /** Elements of the innermost axis a work-item computes. */
    static final int WIDTH = OpenClVectorReduce.WIDTH;

    private static final Set<Op> UNARY = EnumSet.of(Op.NEG, Op.ABS, Op.SQUARE, Op.RECIPROCAL, Op.SQRT, Op.EXP, Op.EXP2, Op.EXPM1, Op.LOG,
            Op.LOG1P, Op.LOG10, Op.LOG2, Op.SIN, Op.COS, Op.TAN, Op.ARCSIN, Op.ARCCOS, Op.ARCTAN, Op.SINH, Op.COSH, Op.TANH, Op.ARCSINH,
            Op.ARCCOSH, Op.ARCTANH, Op.FLOOR, Op.CEIL, Op.ROUND);
    private static final Set<Op> BINARY = EnumSet.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.ARCTAN2, Op.HYPOT);

    /** True when {@code key} is such a map (see the class). */
    static boolean applies(KernelKey key) {
        int rank = key.rank(), d = rank - 1;
        if (!OpenClCodegen.vectorTypes || key.reduce() != null || key.scan() != null || key.arg() != null || !key.parts().isEmpty() || key.matmul() || !key.extras().isEmpty()) return false;
        if (rank < 1 || rank > 3 || !key.output().dtype().isFloat() || key.output().layout().charAt(d) != '1') return false;
        List<Instr> body = key.body();
        if (body.getLast().type() != key.output().dtype() || !OpenClVectorReduce.vectorBody(key, UNARY, BINARY)) return false;
        boolean transcendental = false;
        for (Instr in : body) {
            Op op = in instanceof Instr.Unary u ? u.op() : in instanceof Instr.Binary b ? b.op() : null;
            transcendental |= op != null && op.costClass() == io.numfuse.ir.CostClass.TRANSCENDENTAL;
        }
        return transcendental;
    }

    /**
     * {@code nf_map}'s body: the indices (the innermost one {@value #WIDTH} times the work-item's),
     * then {@value #WIDTH} elements in vector types when the axis has them, else the rest one by one.
     */
    static void render(StringBuilder k, OpenClCodegen.Renderer r) {
        int rank = r.rank, d = rank - 1;
        if (rank == 1) {
            k.append("    long i0 = g * ").append(WIDTH).append(";\n");
        } else {
            for (int a = 0; a < d; a++) k.append("    long i").append(a).append(" = get_global_id(").append(rank - 1 - a).append(");\n");
            k.append("    long i").append(d).append(" = get_global_id(0) * ").append(WIDTH).append(";\n");
        }
        // the vector loop unless an element needs the scalar built-ins (OpenClVectorReduce#renderBody's guard), then the rest one by one
        k.append("    int done = 0;\n");
        k.append("    if (i").append(d).append(" + ").append(WIDTH).append(" <= n").append(d).append(") {\n");
        k.append("        int slow = 0;\n");
        OpenClVectorReduce.renderBody(k, r.key, r.ops, r.inputOffsets(), true);
        KernelKey.Access out = r.key.output();
        k.append("        if (!slow) {\n");
        k.append("            vstore").append(WIDTH).append("(w").append(r.key.storedValues()[0]).append(", 0, b").append(out.alias())
         .append(" + (").append(r.offset(r.outAccess)).append("));\n");
        k.append("            done = 1;\n");
        k.append("        }\n");
        k.append("    }\n");
        k.append("    if (!done) {\n");
        k.append("        for (long e = min(i").append(d).append(" + ").append(WIDTH).append(", (long)n").append(d).append("); i").append(d).append(" < e; i").append(d).append("++) {\n");
        r.renderBody(k, "            ");
        r.renderStores(k, "            ");
        k.append("        }\n");
        k.append("    }\n");
    }
}
