package io.numfuse.opencl;

import io.numfuse.core.DType;
import io.numfuse.ir.Instr;
import io.numfuse.ir.KernelKey;
import io.numfuse.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link KernelKey} as an OpenCL C program: a pure function of the key (and of
 * whether the device has double precision), so sources can be cached by key and checked
 * against golden files. Sizes, offsets, strides and scalar values are kernel arguments, never
 * part of the source (see {@link OpenClSource.Arg}).
 *
 * <ul>
 *   <li><b>Map</b> ({@code nf_map}): one work-item per element of the iteration space; its
 *       1-D global id is split into one index per axis (C order), each access's element offset
 *       is {@code offset + Σ index·stride} (a unit stride is just the index, a zero stride
 *       nothing), then the body runs and the value is stored.</li>
 *   <li><b>Reduce</b> ({@code nf_reduce} then {@code nf_final}): work-item {@code g} handles
 *       output element {@code g / parts} and the {@code g % parts}-th contiguous chunk of its
 *       reduced elements (in C order over the reduced axes, as the JVM backend walks them),
 *       starting from the reduction's identity. With one part it stores the result itself;
 *       otherwise it writes a partial result, and {@code nf_final} combines each element's
 *       partials in order. A float sum is compensated, as on the JVM: it accumulates in double
 *       (a float32 sum on a device without fp64: in float) with the exact rounding error of
 *       each addition (TwoSum) summed in {@code comp}; a partial result is the pair
 *       {@code (acc, comp)}, and {@code nf_final} adds the pairs with TwoSum too. A float sum,
 *       max or min over the innermost axis of an exact body walks its chunk eight elements at a
 *       time in vector types first ({@link OpenClVectorReduce}).</li>
 *   <li><b>Scan</b> ({@code nf_scan}, then {@code nf_scan_fix} twice): work-efficient, O(n) work in
 *       all. Each line (the scanned axes, in C order, at one index of the others) is cut into
 *       {@code nparts} contiguous chunks; work-item {@code g} computes the body over chunk
 *       {@code g % nparts} of line {@code g / nparts}, scans it sequentially in the output's
 *       dtype (as NumPy's accumulate does), stores it, and writes the chunk's total. With more
 *       than one part, {@code nf_scan_fix} phase 0 (one work-item per line) replaces each line's
 *       totals by their exclusive scan, and phase 1 combines each chunk's offset into its
 *       elements. A float result may differ from a sequential scan by rounding.</li>
 *   <li><b>Arg</b> ({@code nf_arg} then {@code nf_arg_final}: argmax, argmin): as a reduction,
 *       work-item {@code g} computes the body over chunk {@code g % nparts} of line
 *       {@code g / nparts} and keeps the first position of its extreme (a value replaces it
 *       when strictly more extreme, or when it is the first NaN); with one part it stores the
 *       position, else a partial pair (position, value's bits as a long; position -1 for an
 *       empty chunk), and {@code nf_arg_final} combines each line's pairs in order, so an
 *       earlier chunk wins a tie. Over the innermost axis of an exact float body, eight
 *       elements at a time first ({@link OpenClVectorReduce#renderArg}).</li>
 *   <li><b>Parts</b> ({@code nf_parts}: concatenate, {@link OpenClParts}): one launch; each
 *       work-item computes a contiguous chunk of {@link #PART_CHUNK} elements of one part, each
 *       part a map's body and stores in a loop.</li>
 * </ul>
 *
 * <p>Accuracy policy: every program starts with {@code #pragma OPENCL FP_CONTRACT OFF} (no
 * fused {@code a*b+c}, which would round differently from the JVM), no build option relaxes
 * math ({@link #BUILD_OPTIONS}: only {@code -w}, no warnings), and the runtime adds
 * {@code -cl-fp32-correctly-rounded-divide-sqrt} where the device supports it. Float64
 * kernels enable {@code cl_khr_fp64}; a device without it is not given them.
 */
public final class OpenClCodegen {
    private OpenClCodegen() {}

    /**
     * Test hook: false renders every kernel without OpenCL vector types ({@link OpenClVectorMap},
     * {@link OpenClVectorReduce}), each work-item one element at a time, so that tests can compare
     * the two. Drop a device's programs around a change.
     */
    public static volatile boolean vectorTypes = true;

    /**
     * Build options every program gets: none that changes results. {@code -w} (OpenCL's "inhibit
     * all warnings") because some device compilers print their warnings on the process's stderr
     * as well as in the build log: PoCL on x86 without AVX-512 said "7 warnings generated." (its
     * own built-ins' double8 ABI notes) under every {@code numfuse eval} of a float64 reduction.
     * A failed build still reports its errors, in the build log numfuse shows.
     */
    public static final String BUILD_OPTIONS = "-w";

    /** What the renderer needs to know about the device. */
    public record Options(boolean fp64) {
        public static final Options DEFAULT = new Options(true);
    }

    /**
     * The work dimensions of the main kernel: a map kernel of rank 2 or 3 is launched over an
     * N-D range, its global sizes the shape with the innermost axis first (so that it needs no
     * index divisions); everything else over a 1-D range of its work-items.
     */
    public static int workDims(KernelKey key) {
        if (key.matmul()) return 3;   // OpenClMatmul's tiles: columns, rows, batches
        return key.reduce() == null && key.scan() == null && key.arg() == null && key.parts().isEmpty() && key.rank() >= 2 && key.rank() <= 3 ? key.rank() : 1;
    }

    /**
     * The elements of a part of a parts kernel ({@code nf_parts}) one work-item computes, in a
     * loop over a contiguous chunk: a part's last chunk may be shorter. A parts kernel is launched
     * over {@code Σ ceil(part size / PART_CHUNK)} work-items.
     */
    public static final int PART_CHUNK = 4096;

    /** True when the kernel computes or stores float64 values (the device needs {@code cl_khr_fp64}). */
    public static boolean needsFp64(KernelKey key) {
        for (Instr i : key.body()) if (i.type() == DType.FLOAT64) return true;
        for (KernelKey.Access a : key.inputs()) if (a.dtype() == DType.FLOAT64) return true;
        return key.output().dtype() == DType.FLOAT64;
    }

    public static OpenClSource generate(KernelKey key) { return generate(key, Options.DEFAULT); }

    /** The program for {@code key}; throws {@link UnsupportedOperationException} for a float64 kernel without fp64. */
    public static OpenClSource generate(KernelKey key, Options options) {
        if (needsFp64(key) && !options.fp64()) {
            throw new UnsupportedOperationException("a float64 kernel needs a device with cl_khr_fp64");
        }
        if (!key.parts().isEmpty()) return OpenClParts.render(key, options);
        return key.matmul() ? OpenClMatmul.render(key) : new Renderer(key, options).render();
    }

    /** Renders one kernel; {@link OpenClParts} renders each part of a parts kernel with one. */
    static final class Renderer {
        final KernelKey key;
        final int rank;
        final List<Instr> body;
        private final List<KernelKey.Access> accesses = new ArrayList<>();
        final OpenClOps ops;
        final int outAccess;
        final DType out;
        private final DType acc;
        private final boolean compensated;
        private final boolean errorFlag;

        Renderer(KernelKey key, Options options) { this(key, options, new OpenClOps()); }

        /** A renderer whose helper functions go to {@code ops} (shared by the parts of a parts kernel). */
        Renderer(KernelKey key, Options options, OpenClOps ops) {
            this.ops = ops;
            this.key = key;
            this.rank = key.rank();
            this.body = key.body();
            accesses.addAll(key.accesses());
            this.outAccess = key.inputs().size();
            this.out = key.output().dtype();
            boolean floatSum = key.reduce() == Op.SUM && out.isFloat();
            this.acc = key.arg() != null ? DType.INT64 : key.scan() != null ? out : key.reduce() == null ? null : floatSum && options.fp64() ? DType.FLOAT64 : out;
            this.compensated = floatSum;
            boolean err = false;
            for (Instr i : body) {
                if (i instanceof Instr.Binary b && b.op().mayRaise(body.get(b.a()).type())) err = true;
            }
            this.errorFlag = err;
        }

        OpenClSource render() {
            StringBuilder k = new StringBuilder();
            OpenClLines lines = new OpenClLines(this);
            List<OpenClSource.Arg> mainArgs = new ArrayList<>(), finishArgs = new ArrayList<>();
            boolean scan = key.scan() != null, arg = key.arg() != null;
            String main = arg ? "nf_arg" : scan ? "nf_scan" : key.reduce() == null ? "nf_map" : "nf_reduce";
            k.append("__kernel void ").append(main).append("(").append(mainSignature(mainArgs)).append(")\n{\n");
            if (workDims(key) == 1) k.append("    long g = get_global_id(0);\n");
            if (arg) lines.renderArg(k); else if (scan) lines.renderScan(k); else if (key.reduce() == null) renderMap(k); else renderReduce(k);
            k.append("}\n");
            if (arg) lines.renderArgFinal(k, finishArgs); else if (scan) lines.renderScanFix(k, finishArgs); else if (key.reduce() != null) renderFinal(k, finishArgs);
            StringBuilder src = new StringBuilder("// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)\n");
            src.append("#pragma OPENCL FP_CONTRACT OFF\n");
            if (needsFp64(key) || acc == DType.FLOAT64) src.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
            src.append('\n');
            String helpers = ops.helpers();
            if (!helpers.isEmpty()) src.append(helpers).append('\n');
            src.append(k);
            String finish = arg ? "nf_arg_final" : scan ? "nf_scan_fix" : key.reduce() == null ? null : "nf_final";
            return new OpenClSource(src.toString(), main, mainArgs, finish, finishArgs, acc,
                    compensated || arg ? 2 : 1, OpenClVectorMap.applies(key) ? OpenClVectorMap.WIDTH : 1);
        }

        /** True when the kernel may set the error flag (an integer to a negative power). */
        boolean errorFlag() { return errorFlag; }

        /** The iteration space's rank. */
        int rank() { return rank; }

        /** Buffers (one per alias group), the error flag, offsets and strides, dims, parameters. */
        private String mainSignature(List<OpenClSource.Arg> args) { return String.join(", ", mainDecl(args)); }

        List<String> mainDecl(List<OpenClSource.Arg> args) {
            List<String> decl = new ArrayList<>();
            java.util.Set<Integer> written = new java.util.HashSet<>();
            for (int a = outAccess; a < accesses.size(); a++) written.add(accesses.get(a).alias());
            for (int alias = 0; ; alias++) {
                DType t = null;
                for (KernelKey.Access a : accesses) if (a.alias() == alias) { t = a.dtype(); break; }
                if (t == null) break;
                decl.add("__global " + (written.contains(alias) ? "" : "const ") + OpenClOps.storage(t) + "* b" + alias);
                args.add(new OpenClSource.Arg.Buffer(alias, t));
            }
            if (errorFlag) {
                decl.add("__global int* err");
                args.add(new OpenClSource.Arg.ErrorFlag());
            }
            for (int a = 0; a < accesses.size(); a++) geometry(a, decl, args, null);
            for (int d = 0; d < rank; d++) {
                decl.add("const int n" + d);
                args.add(new OpenClSource.Arg.Dim(d));
            }
            for (Instr i : body) {
                if (i instanceof Instr.Param p) {
                    decl.add("const " + OpenClOps.argument(p.type()) + " p" + p.index());
                    args.add(new OpenClSource.Arg.Param(p.index(), p.type()));
                }
            }
            if (key.reduce() != null || key.scan() != null || key.arg() != null) {
                decl.add("const long nparts");
                args.add(new OpenClSource.Arg.Parts());
                decl.add("__global " + OpenClOps.value(acc) + "* part");
                args.add(new OpenClSource.Arg.Partials());
            }
            return decl;
        }

        /** The offset and the non-unit strides of access {@code a} (on axes {@code only} when not null). */
        void geometry(int a, List<String> decl, List<OpenClSource.Arg> args, boolean[] only) {
            decl.add("const int o" + a);
            args.add(new OpenClSource.Arg.Offset(a));
            String layout = accesses.get(a).layout();
            for (int d = 0; d < rank; d++) {
                if (layout.charAt(d) == 's' && (only == null || only[d])) {
                    decl.add("const int s" + a + "_" + d);
                    args.add(new OpenClSource.Arg.Stride(a, d));
                }
            }
        }

        /** {@code o{a} + Σ i{d}·stride}: the element offset of access {@code a} at the current index. */
        String offset(int a) {
            StringBuilder s = new StringBuilder("o").append(a);
            String layout = accesses.get(a).layout();
            for (int d = 0; d < rank; d++) {
                switch (layout.charAt(d)) {
                    case '1' -> s.append(" + i").append(d);
                    case 's' -> s.append(" + i").append(d).append(" * s").append(a).append('_').append(d);
                    default -> { }
                }
            }
            return s.toString();
        }

        /** Each input's element offset at the current indices ({@link #offset}). */
        CharSequence[] inputOffsets() {
            CharSequence[] offsets = new CharSequence[key.inputs().size()];
            for (int a = 0; a < offsets.length; a++) offsets[a] = offset(a);
            return offsets;
        }

        /**
         * Declares {@code lo} and {@code hi}, the bounds of chunk {@code g % nparts} of line
         * {@code g / nparts} (the line: an index of the {@code outer} axes; its elements: the
         * {@code chunked} axes, C order), and the indices of both at {@code lo}.
         */
        static void chunkBounds(StringBuilder k, List<Integer> outer, List<Integer> chunked) {
            k.append("    long k = g / nparts;\n");
            k.append("    long chunk_part = g % nparts;\n");
            split(k, "k", outer, "    ");
            StringBuilder count = new StringBuilder("1");
            for (int d : chunked) count.append(" * (long)n").append(d);
            k.append("    long count = ").append(count).append(";\n");
            k.append("    long chunk = (count + nparts - 1) / nparts;\n");
            k.append("    long lo = chunk_part * chunk;\n");
            k.append("    long hi = min(lo + chunk, count);\n");
            k.append("    long t = lo;\n");
            split(k, "t", chunked, "    ");
        }

        /** Splits {@code var} into the indices of {@code axes} (C order: the last axis varies fastest). */
        static void split(StringBuilder k, String var, List<Integer> axes, String indent) {
            for (int j = axes.size() - 1; j >= 0; j--) {
                int d = axes.get(j);
                if (j == 0) k.append(indent).append("long i").append(d).append(" = ").append(var).append(";\n");
                else k.append(indent).append("long i").append(d).append(" = ").append(var).append(" % n").append(d)
                        .append("; ").append(var).append(" = ").append(var).append(" / n").append(d).append(";\n");
            }
        }

        private void renderMap(StringBuilder k) {
            if (OpenClVectorMap.applies(key)) {
                OpenClVectorMap.render(k, this);
                return;
            }
            if (workDims(key) > 1) {
                // an N-D range: one global id per axis, the innermost axis fastest (no divisions)
                for (int d = 0; d < rank; d++) k.append("    long i").append(d).append(" = get_global_id(").append(rank - 1 - d).append(");\n");
            } else {
                List<Integer> all = new ArrayList<>();
                for (int d = 0; d < rank; d++) all.add(d);
                split(k, "g", all, "    ");
            }
            renderBody(k, "    ");
            renderStores(k, "    ");
        }

        /** Stores the output's value, then each extra's, at the current index. */
        void renderStores(StringBuilder k, String indent) {
            int[] stored = key.storedValues();
            for (int j = 0; j < stored.length; j++) {
                KernelKey.Access a = accesses.get(outAccess + j);
                k.append(indent).append('b').append(a.alias()).append('[').append(offset(outAccess + j)).append("] = ")
                 .append(store(a.dtype(), "v" + stored[j])).append(";\n");
            }
        }

        private void renderReduce(StringBuilder k) {
            List<Integer> kept = new ArrayList<>(), reduced = new ArrayList<>();
            for (int d = 0; d < rank; d++) (key.reduceAxes().get(d) ? reduced : kept).add(d);
            chunkBounds(k, kept, reduced);
            declareAccumulator(k);
            if (OpenClVectorReduce.applies(key)) {
                k.append("    long r = lo;\n");
                OpenClVectorReduce.render(k, key, ops, OpenClOps.value(acc), acc, inputOffsets());
                for (int j = 0; j < OpenClVectorReduce.WIDTH; j++) {   // the lanes into the accumulator, in order
                    if (!compensated) {
                        combine(k, OpenClVectorReduce.lane("vacc", j), null, "    ");
                        continue;
                    }
                    k.append("    {\n");                               // a block: TwoSum declares its temporaries
                    combine(k, OpenClVectorReduce.lane("vacc", j), OpenClVectorReduce.lane("vcomp", j), "        ");
                    k.append("    }\n");
                }
                k.append("    for (; r < hi; r++) {\n");
            } else {
                k.append("    for (long r = lo; r < hi; r++) {\n");
            }
            renderBody(k, "        ");
            combine(k, ops.cast(out, acc, value()), null, "        ");
            step(k, reduced);
            k.append("    }\n");
            k.append("    if (nparts == 1) b").append(key.output().alias()).append('[').append(offset(outAccess)).append("] = ")
             .append(store(out, ops.cast(acc, out, total()))).append(";\n");
            if (compensated) k.append("    else { part[2 * g] = acc; part[2 * g + 1] = comp; }\n");
            else k.append("    else part[g] = acc;\n");
        }

        /** The next index over {@code axes}, C order (nothing for no axes). */
        static void step(StringBuilder k, List<Integer> axes) {
            StringBuilder step = new StringBuilder();
            for (int j = axes.size() - 1; j >= 0; j--) {
                int d = axes.get(j);
                if (j == 0) { step.append("i").append(d).append("++;"); break; }
                step.append("if (++i").append(d).append(" == n").append(d).append(") { i").append(d).append(" = 0; ");
            }
            for (int j = axes.size() - 1; j > 0; j--) step.append(" }");
            if (!axes.isEmpty()) k.append("        ").append(step).append('\n');
        }

        /** {@code acc} at the reduction's identity (and a float sum's compensation at 0). */
        private void declareAccumulator(StringBuilder k) {
            String A = OpenClOps.value(acc);
            k.append("    ").append(A).append(" acc = ").append(OpenClOps.identity(key.reduce(), acc)).append(";\n");
            if (compensated) k.append("    ").append(A).append(" comp = 0;\n");
        }

        /** The accumulated value, with its compensation (alone when not finite: the compensation is then NaN). */
        private String total() { return compensated ? "(isfinite(acc) ? acc + comp : acc)" : "acc"; }

        /**
         * {@code acc = acc (op) x}; for a float sum {@code acc + x} with its exact rounding error
         * (Knuth's TwoSum, which FP_CONTRACT OFF and the strict build options keep as written)
         * added to {@code comp}, and with {@code xComp}, the compensation of a partial result
         * that {@code x} is the sum of, when not null.
         */
        private void combine(StringBuilder k, String x, String xComp, String indent) {
            if (compensated) twoSum(k, OpenClOps.value(acc), "acc", "comp", x, xComp, indent);
            else k.append(indent).append("acc = ").append(ops.apply(key.reduce().combiner(), acc, "acc", x)).append(";\n");
        }

        /**
         * {@code sum = sum + x} in type {@code T} (a scalar or a vector type), its exact rounding
         * error (TwoSum) and {@code xComp} (when not null) added to {@code comp}; declares {@code x},
         * {@code s} and {@code bp}.
         */
        static void twoSum(StringBuilder k, String T, String sum, String comp, String x, String xComp, String indent) {
            k.append(indent).append(T).append(" x = ").append(x).append(";\n");
            k.append(indent).append(T).append(" s = ").append(sum).append(" + x;\n");
            k.append(indent).append(T).append(" bp = s - ").append(sum).append(";\n");
            k.append(indent).append(comp).append(" += ").append(xComp != null ? xComp + " + " : "").append("((").append(sum).append(" - (s - bp)) + (x - bp));\n");
            k.append(indent).append(sum).append(" = s;\n");
        }

        /** {@code nf_final}: combines each output element's partial results in order and stores it. */
        private void renderFinal(StringBuilder k, List<OpenClSource.Arg> args) {
            List<String> decl = new ArrayList<>();
            List<Integer> kept = new ArrayList<>();
            boolean[] keptMask = new boolean[rank];
            for (int d = 0; d < rank; d++) if (!key.reduceAxes().get(d)) { kept.add(d); keptMask[d] = true; }
            int alias = key.output().alias();
            decl.add("__global " + OpenClOps.storage(out) + "* b" + alias);
            args.add(new OpenClSource.Arg.Buffer(alias, out));
            decl.add("__global const " + OpenClOps.value(acc) + "* part");
            args.add(new OpenClSource.Arg.Partials());
            geometry(outAccess, decl, args, keptMask);
            for (int d : kept) {
                decl.add("const int n" + d);
                args.add(new OpenClSource.Arg.Dim(d));
            }
            decl.add("const long nparts");
            args.add(new OpenClSource.Arg.Parts());
            k.append("\n__kernel void nf_final(").append(String.join(", ", decl)).append(")\n{\n");
            k.append("    long g = get_global_id(0);\n");
            k.append("    long k = g;\n");
            split(k, "k", kept, "    ");
            declareAccumulator(k);
            k.append("    for (long p = 0; p < nparts; p++) {\n");
            if (compensated) combine(k, "part[2 * (g * nparts + p)]", "part[2 * (g * nparts + p) + 1]", "        ");
            else combine(k, "part[g * nparts + p]", null, "        ");
            k.append("    }\n");
            k.append("    b").append(alias).append('[').append(offset(outAccess)).append("] = ")
             .append(store(out, ops.cast(acc, out, total()))).append(";\n");
            k.append("}\n");
        }

        String value() { return "v" + (body.size() - 1); }

        static String store(DType t, String x) { return t == DType.BOOL ? "(uchar)(" + x + ")" : x; }

        void renderBody(StringBuilder k, String indent) {
            for (int i = 0; i < body.size(); i++) {
                Instr in = body.get(i);
                String expr = switch (in) {
                    case Instr.Load l -> {
                        KernelKey.Access a = accesses.get(l.input());
                        String load = "b" + a.alias() + "[" + offset(l.input()) + "]";
                        yield a.dtype() == DType.BOOL ? "(int)" + load : load;
                    }
                    case Instr.Gather g -> {   // in bounds: the frontend checked the indices
                        KernelKey.Access a = accesses.get(g.input());
                        String load = "b" + a.alias() + "[" + offset(g.input()) + " + v" + g.offset() + "]";
                        yield a.dtype() == DType.BOOL ? "(int)" + load : load;
                    }
                    case Instr.Param p -> "p" + p.index();
                    case Instr.Index x -> "i" + x.axis();
                    case Instr.Unary u -> ops.apply(u.op(), body.get(u.x()).type(), "v" + u.x());
                    case Instr.Binary b -> ops.apply(b.op(), body.get(b.a()).type(), "v" + b.a(), "v" + b.b());
                    case Instr.Select s -> "(v" + s.cond() + " ? v" + s.a() + " : v" + s.b() + ")";
                    case Instr.Cast c -> ops.cast(body.get(c.x()).type(), c.type(), "v" + c.x());
                };
                k.append(indent).append(OpenClOps.value(in.type())).append(" v").append(i).append(" = ").append(expr).append(";\n");
            }
        }
    }
}
