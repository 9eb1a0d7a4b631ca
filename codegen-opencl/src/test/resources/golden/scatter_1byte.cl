/* numfuse: mask compaction and put, elements of 1 bytes moved as uchar */
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

__kernel void nf_mask_compact(__global const uchar* a, const int ao, __global const uchar* m, const int mo, const int rows,
                              const int chunk, const int inner, __global const int* counts, __global uchar* out)
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

__kernel void nf_put(__global uchar* a, __global const int* pos, __global const uchar* v, __global const int* src)
{
    const int t = get_global_id(0);
    a[pos[t]] = v[src[t]];
}
