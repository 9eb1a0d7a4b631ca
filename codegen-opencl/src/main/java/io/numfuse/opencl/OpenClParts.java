package io.numfuse.opencl;

import io.numfuse.core.DType;
import io.numfuse.ir.KernelKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a parts kernel ({@code Kernel.parts}: a concatenation) as one OpenCL kernel,
 * {@code nf_parts}, launched once over a 1-D range of work-items, each of which computes a
 * contiguous chunk of {@link OpenClCodegen#PART_CHUNK} elements of one part (a part's last chunk
 * may be shorter). Each part is the map of its own key as a function of a range
 * ({@code nf_part0}..., rendered by {@link OpenClCodegen.Renderer}: a part's body and stores are a
 * map kernel's, in a loop that steps the indices); a work-item finds its part from the parts'
 * chunk counts and calls that part's function. One work-item per element, each choosing its part
 * with a branch, was slower on PoCL than a map kernel per part (39 ms against 13-20 ms for two
 * parts of 5*10^6 float32: its work-item loops were not vectorised across the branch); a loop per
 * work-item is an ordinary loop that the compiler vectorises, as a reduction's chunks are. A GPU
 * would rather have one work-item per element (coalesced accesses); none is measured here. The
 * kernel takes each buffer once (numbered as the parts kernel's key numbers them: every part writes
 * the one output) and each part's own offsets, strides, lengths and parameters, renamed
 * {@code q<part>_<name>} and bound from that part ({@link OpenClSource.Arg.OfPart}).
 */
final class OpenClParts {
    private OpenClParts() {}

    static OpenClSource render(KernelKey key, OpenClCodegen.Options options) {
        OpenClOps ops = new OpenClOps();   // helper functions once for all the parts
        int chunk = OpenClCodegen.PART_CHUNK;
        List<String> decl = new ArrayList<>();
        List<OpenClSource.Arg> args = new ArrayList<>();
        List<KernelKey.Access> accesses = key.accesses();
        int outAlias = key.output().alias();
        for (int alias = 0; ; alias++) {
            DType t = null;
            for (KernelKey.Access a : accesses) if (a.alias() == alias) { t = a.dtype(); break; }
            if (t == null) break;
            decl.add("__global " + (alias == outAlias ? "" : "const ") + OpenClOps.storage(t) + "* b" + alias);
            args.add(new OpenClSource.Arg.Buffer(alias, t));
        }
        List<OpenClCodegen.Renderer> renderers = new ArrayList<>();
        boolean errorFlag = false;
        for (KernelKey part : key.parts()) {
            OpenClCodegen.Renderer r = new OpenClCodegen.Renderer(part, options, ops);
            renderers.add(r);
            errorFlag |= r.errorFlag();
        }
        if (errorFlag) {
            decl.add("__global int* err");
            args.add(new OpenClSource.Arg.ErrorFlag());
        }
        StringBuilder functions = new StringBuilder(), ends = new StringBuilder(), dispatch = new StringBuilder();
        int firstInput = 0;
        for (int p = 0; p < renderers.size(); p++) {
            KernelKey part = key.parts().get(p);
            List<String> partDecl = new ArrayList<>();
            List<OpenClSource.Arg> partArgs = new ArrayList<>();
            functions.append(partFunction(renderers.get(p), "nf_part" + p, partDecl, partArgs)).append('\n');
            int[] global = globalAliases(key, part, firstInput);
            firstInput += part.inputs().size();
            List<String> call = new ArrayList<>();
            List<String> dims = new ArrayList<>();
            for (int j = 0; j < partArgs.size(); j++) {
                switch (partArgs.get(j)) {
                    case OpenClSource.Arg.Buffer b -> call.add("b" + global[b.alias()]);
                    case OpenClSource.Arg.ErrorFlag f -> call.add("err");
                    case OpenClSource.Arg.Dim d -> dims.add("(long)" + pass(p, partDecl.get(j), d, decl, args, call));
                    default -> pass(p, partDecl.get(j), partArgs.get(j), decl, args, call);
                }
            }
            String count = dims.isEmpty() ? "1" : String.join(" * ", dims);
            ends.append("    long c").append(p).append(" = ").append(count).append(", e").append(p).append(" = ")
                .append(p == 0 ? "" : "e" + (p - 1) + " + ").append("(c").append(p).append(" + ").append(chunk - 1).append(") / ").append(chunk).append(";\n");
            String lo = (p == 0 ? "w" : "(w - e" + (p - 1) + ")") + " * " + chunk;
            dispatch.append(p == 0 ? "    if" : "    else if").append(" (w < e").append(p).append(") { long lo = ").append(lo).append("; nf_part").append(p)
                .append('(').append(String.join(", ", call)).append(", lo, min(lo + ").append(chunk).append(", c").append(p).append(")); }\n");
        }
        StringBuilder src = new StringBuilder("// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)\n");
        src.append("#pragma OPENCL FP_CONTRACT OFF\n");
        if (OpenClCodegen.needsFp64(key)) src.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        src.append('\n');
        String helpers = ops.helpers();
        if (!helpers.isEmpty()) src.append(helpers).append('\n');
        src.append(functions);
        src.append("__kernel void nf_parts(").append(String.join(", ", decl)).append(")\n{\n");
        src.append("    long w = get_global_id(0);\n");
        src.append(ends).append(dispatch);
        src.append("}\n");
        return new OpenClSource(src.toString(), "nf_parts", args, null, List.of(), null, 1);
    }

    /**
     * The map of a part as {@code void name(<its parameters>, long lo, long hi)}, which computes
     * and stores elements {@code lo} to {@code hi} (exclusive) of its space, C order, in a loop
     * that steps the indices (no division per element); its parameters, as its map kernel's would
     * be, go to {@code decl} and {@code args}.
     */
    private static String partFunction(OpenClCodegen.Renderer r, String name, List<String> decl, List<OpenClSource.Arg> args) {
        decl.addAll(r.mainDecl(args));
        StringBuilder k = new StringBuilder("void ").append(name).append('(').append(String.join(", ", decl)).append(", long lo, long hi)\n{\n");
        List<Integer> all = new ArrayList<>();
        for (int d = 0; d < r.rank(); d++) all.add(d);
        k.append("    long t = lo;\n");
        OpenClCodegen.Renderer.split(k, "t", all, "    ");
        k.append("    for (long r = lo; r < hi; r++) {\n");
        r.renderBody(k, "        ");
        r.renderStores(k, "        ");
        OpenClCodegen.Renderer.step(k, all);
        k.append("    }\n");
        return k.append("}\n").toString();
    }

    /**
     * A scalar parameter of part {@code p}, declared as {@code decl} in its function: declared in
     * the kernel renamed {@code q<p>_<name>}, bound from the part, passed on in {@code call}; its name.
     */
    private static String pass(int p, String partDecl, OpenClSource.Arg arg, List<String> decl, List<OpenClSource.Arg> args, List<String> call) {
        int space = partDecl.lastIndexOf(' ');
        String name = "q" + p + "_" + partDecl.substring(space + 1);
        decl.add(partDecl.substring(0, space + 1) + name);
        args.add(new OpenClSource.Arg.OfPart(p, arg));
        call.add(name);
        return name;
    }

    /** For each buffer number of {@code part}'s key, the parts kernel's number of that buffer. */
    private static int[] globalAliases(KernelKey key, KernelKey part, int firstInput) {
        List<KernelKey.Access> local = part.accesses();
        int[] global = new int[local.size()];
        for (int a = 0; a < local.size(); a++) {
            int g = a < part.inputs().size() ? key.inputs().get(firstInput + a).alias() : key.output().alias();
            global[local.get(a).alias()] = g;
        }
        return global;
    }
}
