// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_scan(__global const int* b0, __global long* b1, const int o0, const int s0_0, const int o1, const int s1_0, const int n0, const int n1, const long nparts, __global long* part)
{
    long g = get_global_id(0);
    long k = g / nparts;
    long chunk_part = g % nparts;
    long count = 1 * (long)n0 * (long)n1;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i1 = t % n1; t = t / n1;
    long i0 = t;
    long acc = 1;
    for (long r = lo; r < hi; r++) {
        int v0 = b0[o0 + i0 * s0_0 + i1];
        long v1 = ((long)(v0));
        acc = r == lo ? v1 : as_long((ulong)(acc) * (ulong)(v1));
        b1[o1 + i0 * s1_0 + i1] = acc;
        if (++i1 == n1) { i1 = 0; i0++; }
    }
    if (nparts > 1) part[g] = acc;
}

__kernel void nf_scan_fix(__global long* b1, __global long* part, const int o1, const int s1_0, const int n0, const int n1, const long nparts, const int phase)
{
    long g = get_global_id(0);
    if (phase == 0) {
        long run = 1;
        for (long p = g * nparts; p < (g + 1) * nparts; p++) {
            long x = part[p];
            part[p] = run;
            run = as_long((ulong)(run) * (ulong)(x));
        }
        return;
    }
    if (g % nparts == 0) return;
    long k = g / nparts;
    long chunk_part = g % nparts;
    long count = 1 * (long)n0 * (long)n1;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i1 = t % n1; t = t / n1;
    long i0 = t;
    long off = part[g];
    for (long r = lo; r < hi; r++) {
        b1[o1 + i0 * s1_0 + i1] = as_long((ulong)(off) * (ulong)(b1[o1 + i0 * s1_0 + i1]));
        if (++i1 == n1) { i1 = 0; i0++; }
    }
}
