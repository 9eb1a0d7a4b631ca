package io.numfuse.opencl;

/**
 * The OpenCL program of boolean-mask compaction ({@code a[m]}) and of {@code put}, one per
 * element size: these kernels only move elements, so they move them as bits ({@code uchar},
 * {@code uint}, {@code ulong}), and a float64 array needs no {@code cl_khr_fp64}. The mask is a
 * bool buffer ({@code uchar}, 0 or 1).
 *
 * <ul>
 *   <li>{@code nf_mask_count} (a work-item per chunk of {@code chunk} rows): the true elements of
 *       its chunk of the mask, into {@code counts[g]}.</li>
 *   <li>{@code nf_mask_offsets} (one work-item): the counts replaced by their exclusive scan (each
 *       chunk's first output row), the total into {@code counts[parts]}: the host reads that one
 *       int to size the result.</li>
 *   <li>{@code nf_mask_compact} (a work-item per chunk): the chunk's selected rows, each
 *       {@code inner} elements, copied in order from its first output row on. Rows of one
 *       element are copied without a branch on the mask (every element stored, the position
 *       moved on by the mask's 0 or 1; a random mask mispredicts a branch half the time), the
 *       stores stopping at the next chunk's first row (a branch taken until the chunk's last
 *       selected element: predicted).</li>
 *   <li>{@code nf_put} (a work-item per written element): {@code a[pos[t]] = v[src[t]]}, buffer
 *       offsets resolved on the host, each position at most once (the host keeps the last write
 *       of a repeated index), so work-items never race.</li>
 * </ul>
 */
public final class OpenClScatter {
    private OpenClScatter() {}

    /** The program for elements of {@code itemBytes} bytes (1, 4 or 8). */
    public static String source(int itemBytes) {
        String t = switch (itemBytes) {
            case 1 -> "uchar";
            case 4 -> "uint";
            case 8 -> "ulong";
            default -> throw new IllegalArgumentException("no element of " + itemBytes + " bytes");
        };
        return """
                /* numfuse: mask compaction and put, elements of %d bytes moved as %s */
                __kernel void nf_mask_count(__global const uchar* m, const int mo, const int rows, const int chunk, __global int* counts)
                {
                    const int g = get_global_id(0);
                    const long lo = (long)g * chunk, hi = min(lo + chunk, (long)rows);
                    int c = 0;
                    for (long r = lo; r < hi; r++) c += m[mo + r];   /* a bool is 0 or 1 */
                    counts[g] = c;
                }

                __kernel void nf_mask_offsets(__global int* counts, const int parts)
                {
                    int run = 0;
                    for (int p = 0; p < parts; p++) {
                        const int c = counts[p];
                        counts[p] = run;
                        run += c;
                    }
                    counts[parts] = run;
                }

                __kernel void nf_mask_compact(__global const T* a, const int ao, __global const uchar* m, const int mo, const int rows,
                                              const int chunk, const int inner, __global const int* counts, __global T* out)
                {
                    const int g = get_global_id(0);
                    const long lo = (long)g * chunk, hi = min(lo + chunk, (long)rows);
                    long j = (long)counts[g] * inner;
                    if (inner == 1) {   // branch-free: every element stored, the position moved on when selected
                        const long end = counts[g + 1];
                        for (long r = lo; r < hi; r++) {
                            if (j < end) out[j] = a[ao + r];
                            j += m[mo + r];
                        }
                        return;
                    }
                    for (long r = lo; r < hi; r++) {
                        if (!m[mo + r]) continue;
                        for (long i = 0; i < inner; i++) out[j + i] = a[ao + r * inner + i];
                        j += inner;
                    }
                }

                __kernel void nf_put(__global T* a, __global const int* pos, __global const T* v, __global const int* src)
                {
                    const int t = get_global_id(0);
                    a[pos[t]] = v[src[t]];
                }
                """.formatted(itemBytes, t).replace("T*", t + "*");
    }
}
