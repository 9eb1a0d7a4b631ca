package io.numfuse.opencl;

import io.numfuse.core.DType;
import io.numfuse.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels that cut each line of their iteration space (the scanned axes, at one index of the
 * others) into chunks, one per work-item, rendered for a {@link OpenClCodegen.Renderer}: scans
 * ({@code nf_scan}, then {@code nf_scan_fix}) and arg-reductions ({@code nf_arg}, then
 * {@code nf_arg_final}); see {@link OpenClCodegen} for what each computes.
 */
final class OpenClLines {
    private final OpenClCodegen.Renderer r;

    OpenClLines(OpenClCodegen.Renderer r) { this.r = r; }

    /** The axes a scan runs along ({@code inside}), or the others. */
    private List<Integer> scanAxes(boolean inside) {
        int from = r.key.arg() != null ? r.key.arg().from() : r.key.scan().from(), to = r.key.arg() != null ? r.key.arg().to() : r.key.scan().to();
        List<Integer> axes = new ArrayList<>();
        for (int d = 0; d < r.rank; d++) if ((d >= from && d < to) == inside) axes.add(d);
        return axes;
    }

    /** {@link OpenClCodegen.Renderer#chunkBounds} over the scanned axes. */
    private void chunkBounds(StringBuilder k) { OpenClCodegen.Renderer.chunkBounds(k, scanAxes(false), scanAxes(true)); }

    /** {@code nf_scan}: one chunk computed, scanned in place from the identity, and its total written. */
    void renderScan(StringBuilder k) {
        chunkBounds(k);
        String T = OpenClOps.value(r.out);
        k.append("    ").append(T).append(" acc = ").append(OpenClOps.identity(r.key.scan().op(), r.out)).append(";\n");
        k.append("    for (long r = lo; r < hi; r++) {\n");
        r.renderBody(k, "        ");
        // the first element as it is (a sum from 0 would turn -0.0 into 0.0)
        k.append("        acc = r == lo ? ").append(r.value()).append(" : ").append(r.ops.apply(r.key.scan().op().combiner(), r.out, "acc", r.value())).append(";\n");
        k.append("        b").append(r.key.output().alias()).append('[').append(r.offset(r.outAccess)).append("] = ").append(OpenClCodegen.Renderer.store(r.out, "acc")).append(";\n");
        OpenClCodegen.Renderer.step(k, scanAxes(true));
        k.append("    }\n");
        k.append("    if (nparts > 1) part[g] = acc;\n");
    }

    /**
     * {@code nf_scan_fix}: phase 0, one work-item per line, turns the line's chunk totals into
     * their exclusive scan (each chunk's offset); phase 1, one work-item per chunk, combines
     * the offset into every element of its chunk (but the first chunk's, whose offset is the identity).
     */
    void renderScanFix(StringBuilder k, List<OpenClSource.Arg> args) {
        List<String> decl = new ArrayList<>();
        int alias = r.key.output().alias();
        decl.add("__global " + OpenClOps.storage(r.out) + "* b" + alias);
        args.add(new OpenClSource.Arg.Buffer(alias, r.out));
        decl.add("__global " + OpenClOps.value(r.out) + "* part");
        args.add(new OpenClSource.Arg.Partials());
        r.geometry(r.outAccess, decl, args, null);
        for (int d = 0; d < r.rank; d++) {
            decl.add("const int n" + d);
            args.add(new OpenClSource.Arg.Dim(d));
        }
        decl.add("const long nparts");
        args.add(new OpenClSource.Arg.Parts());
        decl.add("const int phase");
        args.add(new OpenClSource.Arg.Phase());
        String T = OpenClOps.value(r.out);
        Op op = r.key.scan().op().combiner();
        k.append("\n__kernel void nf_scan_fix(").append(String.join(", ", decl)).append(")\n{\n");
        k.append("    long g = get_global_id(0);\n");
        k.append("    if (phase == 0) {\n");
        k.append("        ").append(T).append(" run = ").append(OpenClOps.identity(r.key.scan().op(), r.out)).append(";\n");
        k.append("        for (long p = g * nparts; p < (g + 1) * nparts; p++) {\n");
        k.append("            ").append(T).append(" x = part[p];\n");
        k.append("            part[p] = run;\n");
        k.append("            run = ").append(r.ops.apply(op, r.out, "run", "x")).append(";\n");
        k.append("        }\n");
        k.append("        return;\n");
        k.append("    }\n");
        k.append("    if (g % nparts == 0) return;\n");
        chunkBounds(k);
        k.append("    ").append(T).append(" off = part[g];\n");
        k.append("    for (long r = lo; r < hi; r++) {\n");
        String at = "b" + alias + "[" + r.offset(r.outAccess) + "]";
        k.append("        ").append(at).append(" = ").append(OpenClCodegen.Renderer.store(r.out, r.ops.apply(op, r.out, "off", at))).append(";\n");
        OpenClCodegen.Renderer.step(k, scanAxes(true));
        k.append("    }\n");
        k.append("}\n");
    }

    /** {@code nf_arg}: one chunk of a line computed, the first position of its extreme kept, stored (one part) or written as a pair. */
    void renderArg(StringBuilder k) {
        chunkBounds(k);
        DType v = r.body.get(r.body.size() - 1).type();
        k.append("    ").append(OpenClOps.value(v)).append(" best = 0;\n");
        k.append("    long pos = -1;\n");
        if (OpenClVectorReduce.appliesToArg(r.key)) {
            k.append("    long r = lo;\n");
            OpenClVectorReduce.renderArg(k, r.key, r.ops, r.inputOffsets(), (x, best) -> argBetter(v, x, best));
            k.append("    for (; r < hi; r++) {\n");
        } else {
            k.append("    for (long r = lo; r < hi; r++) {\n");
        }
        r.renderBody(k, "        ");
        k.append("        if (pos < 0 || ").append(argBetter(v, r.value(), "best")).append(") { best = ").append(r.value()).append("; pos = r - lo; }\n");
        OpenClCodegen.Renderer.step(k, scanAxes(true));
        k.append("    }\n");
        k.append("    if (nparts == 1) b").append(r.key.output().alias()).append('[').append(r.offset(r.outAccess)).append("] = pos;\n");
        k.append("    else { part[2 * g] = pos < 0 ? -1 : lo + pos; part[2 * g + 1] = ").append(argBits(v, "best")).append("; }\n");
    }

    /** {@code nf_arg_final}: each line's pairs combined in order (an earlier chunk wins a tie), the position stored. */
    void renderArgFinal(StringBuilder k, List<OpenClSource.Arg> args) {
        List<String> decl = new ArrayList<>();
        List<Integer> kept = scanAxes(false);
        boolean[] keptMask = new boolean[r.rank];
        for (int d : kept) keptMask[d] = true;
        int alias = r.key.output().alias();
        decl.add("__global long* b" + alias);
        args.add(new OpenClSource.Arg.Buffer(alias, r.out));
        decl.add("__global const long* part");
        args.add(new OpenClSource.Arg.Partials());
        r.geometry(r.outAccess, decl, args, keptMask);
        for (int d : kept) {
            decl.add("const int n" + d);
            args.add(new OpenClSource.Arg.Dim(d));
        }
        decl.add("const long nparts");
        args.add(new OpenClSource.Arg.Parts());
        DType v = r.body.get(r.body.size() - 1).type();
        String T = OpenClOps.value(v);
        k.append("\n__kernel void nf_arg_final(").append(String.join(", ", decl)).append(")\n{\n");
        k.append("    long g = get_global_id(0);\n");
        k.append("    long k = g;\n");
        OpenClCodegen.Renderer.split(k, "k", kept, "    ");
        k.append("    ").append(T).append(" best = 0;\n");
        k.append("    long pos = -1;\n");
        k.append("    for (long p = g * nparts; p < (g + 1) * nparts; p++) {\n");
        k.append("        if (part[2 * p] < 0) continue;\n");
        k.append("        ").append(T).append(" x = ").append(argValue(v, "part[2 * p + 1]")).append(";\n");
        k.append("        if (pos < 0 || ").append(argBetter(v, "x", "best")).append(") { best = x; pos = part[2 * p]; }\n");
        k.append("    }\n");
        k.append("    b").append(alias).append('[').append(r.offset(r.outAccess)).append("] = pos;\n");
        k.append("}\n");
    }

    /** True when {@code x} replaces {@code best}: strictly more extreme, or the first NaN. */
    private String argBetter(DType t, String x, String best) {
        String cmp = x + (r.key.arg().max() ? " > " : " < ") + best;
        return t.isFloat() ? "(isnan(" + x + ") ? !isnan(" + best + ") : " + cmp + ")" : cmp;
    }

    /** A value of type {@code t} as the bits of a long (a partial pair's second half), and back. */
    private static String argBits(DType t, String x) {
        return switch (t) {
            case FLOAT32 -> "(long)as_int(" + x + ")";
            case FLOAT64 -> "as_long(" + x + ")";
            default -> "(long)" + x;
        };
    }

    private static String argValue(DType t, String bits) {
        return switch (t) {
            case FLOAT32 -> "as_float((int)" + bits + ")";
            case FLOAT64 -> "as_double(" + bits + ")";
            default -> "(" + OpenClOps.value(t) + ")" + bits;
        };
    }
}
