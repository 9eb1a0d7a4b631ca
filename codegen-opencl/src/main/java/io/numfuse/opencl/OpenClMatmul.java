package io.numfuse.opencl;

import io.numfuse.core.DType;
import io.numfuse.ir.KernelKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a matmul kernel's key ({@link KernelKey#matmul()}, the space {@code [batch..., m, n, k]})
 * as a tiled OpenCL GEMM, {@code nf_matmul}: a work-group computes a {@value #TILE} x
 * {@value #TILE} tile of one product's output, {@value #TILE} x ({@value #TILE}/{@value #ROWS})
 * work-items each computing {@value #ROWS} outputs of one column (rows {@value #TILE}/{@value #ROWS}
 * apart: on PoCL 8 rows ran 2x faster than 4, 16 no faster than 8); the
 * group walks k in steps of {@value #TILE}, staging a tile of {@code a} and of {@code b} in local
 * memory (zeros past the edges, so any m, n and k work). The third range dimension is the batch
 * index, split into the batch axes. Strides and sizes are arguments as in every program (a unit
 * stride, known from the key, is left out). Float sums use {@code fma}, as the JVM's GEMM: a
 * matmul sums as BLAS does, not compensated; int sums wrap; a bool product is an or of ands.
 */
public final class OpenClMatmul {
    private OpenClMatmul() {}

    /** The side of an output tile (and the step of k). */
    public static final int TILE = 32;
    /** Outputs per work-item (rows of a tile), so a work-group is {@code TILE x TILE/ROWS}. */
    public static final int ROWS = 8;

    /** The global range for a kernel over {@code space}: tiles of n, tiles of m (a work-item per {@link #ROWS} rows), batches. */
    public static long[] globalSize(int[] space) {
        int r = space.length;
        long batches = 1;
        for (int d = 0; d < r - 3; d++) batches *= space[d];
        return new long[] { roundUp(space[r - 2]), roundUp(space[r - 3]) / ROWS, batches };
    }

    /** The work-group size. */
    public static long[] localSize() { return new long[] { TILE, TILE / ROWS, 1 }; }

    private static long roundUp(int x) { return (x + TILE - 1L) / TILE * TILE; }

    static OpenClSource render(KernelKey key) {
        int r = key.rank(), mAxis = r - 3, nAxis = r - 2, kAxis = r - 1;
        List<KernelKey.Access> acc = key.accesses();
        DType t = key.output().dtype();
        String v = OpenClOps.value(t), st = OpenClOps.storage(t);
        List<String> decl = new ArrayList<>();
        List<OpenClSource.Arg> args = new ArrayList<>();
        int outAlias = key.output().alias();
        for (int alias = 0; alias <= 2; alias++) {
            boolean used = false;
            for (KernelKey.Access a : acc) used |= a.alias() == alias;
            if (!used) continue;
            decl.add("__global " + (alias == outAlias ? "" : "const ") + st + "* b" + alias);
            args.add(new OpenClSource.Arg.Buffer(alias, t));
        }
        for (int a = 0; a < 3; a++) {
            decl.add("const int o" + a);
            args.add(new OpenClSource.Arg.Offset(a));
            for (int d = 0; d < r; d++) {
                if (acc.get(a).layout().charAt(d) != 's') continue;
                decl.add("const int s" + a + "_" + d);
                args.add(new OpenClSource.Arg.Stride(a, d));
            }
        }
        for (int d = 0; d < r; d++) {
            decl.add("const int n" + d);
            args.add(new OpenClSource.Arg.Dim(d));
        }
        StringBuilder k = new StringBuilder();
        k.append("// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClMatmul)\n");
        k.append("#pragma OPENCL FP_CONTRACT OFF\n");
        if (t == DType.FLOAT64) k.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        k.append("\n#define TS ").append(TILE).append("\n#define WPT ").append(ROWS).append("\n#define RTS (TS / WPT)\n\n");
        k.append("__kernel __attribute__((reqd_work_group_size(TS, RTS, 1)))\nvoid nf_matmul(").append(String.join(", ", decl)).append(")\n{\n");
        k.append("    const int col = get_local_id(0), row = get_local_id(1);\n");
        k.append("    const int j = get_group_id(0) * TS + col, i0 = get_group_id(1) * TS;\n");
        k.append("    int oa = o0, ob = o1, oc = o2;\n");
        if (r > 3) {
            k.append("    long q = get_global_id(2);\n");
            for (int d = r - 4; d >= 0; d--) {
                k.append("    {\n        const int x = (int) (q % n").append(d).append(");\n        q /= n").append(d).append(";\n");
                for (int a = 0; a < 3; a++) {
                    String term = term(acc.get(a), a, d, "x");
                    if (!term.isEmpty()) k.append("        o").append(a == 0 ? "a" : a == 1 ? "b" : "c").append(" +=").append(term.substring(2)).append(";\n");
                }
                k.append("    }\n");
            }
        }
        k.append("    __local ").append(v).append(" As[TS][TS + 1], Bs[TS][TS + 1];\n");
        k.append("    ").append(v).append(" acc[WPT];\n");
        k.append("    for (int w = 0; w < WPT; w++) acc[w] = 0;\n");
        k.append("    for (int t = 0; t < n").append(kAxis).append("; t += TS) {\n");
        k.append("        for (int w = 0; w < WPT; w++) {\n");
        k.append("            const int rr = row + w * RTS, ia = i0 + rr, ka = t + col, kb = t + rr;\n");
        k.append("            As[rr][col] = ia < n").append(mAxis).append(" && ka < n").append(kAxis).append(" ? (").append(v).append(") b")
                .append(acc.get(0).alias()).append("[oa").append(term(acc.get(0), 0, mAxis, "ia")).append(term(acc.get(0), 0, kAxis, "ka")).append("] : 0;\n");
        k.append("            Bs[rr][col] = kb < n").append(kAxis).append(" && j < n").append(nAxis).append(" ? (").append(v).append(") b")
                .append(acc.get(1).alias()).append("[ob").append(term(acc.get(1), 1, kAxis, "kb")).append(term(acc.get(1), 1, nAxis, "j")).append("] : 0;\n");
        k.append("        }\n");
        k.append("        barrier(CLK_LOCAL_MEM_FENCE);\n");
        k.append("        for (int p = 0; p < TS; p++) {\n");
        k.append("            const ").append(v).append(" bv = Bs[p][col];\n");
        k.append("            for (int w = 0; w < WPT; w++) acc[w] = ").append(multiplyAdd(t, "As[row + w * RTS][p]", "bv", "acc[w]")).append(";\n");
        k.append("        }\n");
        k.append("        barrier(CLK_LOCAL_MEM_FENCE);\n");
        k.append("    }\n");
        k.append("    if (j >= n").append(nAxis).append(") return;\n");
        k.append("    for (int w = 0; w < WPT; w++) {\n");
        k.append("        const int i = i0 + row + w * RTS;\n");
        k.append("        if (i < n").append(mAxis).append(") b").append(outAlias).append("[oc").append(term(acc.get(2), 2, mAxis, "i"))
                .append(term(acc.get(2), 2, nAxis, "j")).append("] = ").append(t == DType.BOOL ? "(uchar) (acc[w] != 0)" : "acc[w]").append(";\n");
        k.append("    }\n}\n");
        return new OpenClSource(k.toString(), "nf_matmul", args, null, List.of(), null, 1);
    }

    /** {@code " + x"} or {@code " + x * s{a}_{d}"} for access {@code a}'s axis {@code d}, nothing where it has stride 0. */
    private static String term(KernelKey.Access access, int a, int d, String x) {
        return switch (access.layout().charAt(d)) {
            case '1' -> " + " + x;
            case 's' -> " + " + x + " * s" + a + "_" + d;
            default -> "";
        };
    }

    /** {@code acc + a*b} in the dtype: fused for floats, wrapping for ints, or-and for bool. */
    private static String multiplyAdd(DType t, String a, String b, String acc) {
        return switch (t) {
            case FLOAT32, FLOAT64 -> "fma(" + a + ", " + b + ", " + acc + ")";
            case INT32 -> "(int) ((uint) " + acc + " + (uint) " + a + " * (uint) " + b + ")";
            case INT64 -> "(long) ((ulong) " + acc + " + (ulong) " + a + " * (ulong) " + b + ")";
            case BOOL -> "(" + acc + " | (" + a + " & " + b + "))";
        };
    }
}
