// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_arg(__global const long* b0, __global long* b1, const int o0, const int s0_0, const int o1, const int n0, const int n1, const long nparts, __global long* part)
{
    long g = get_global_id(0);
    long k = g / nparts;
    long chunk_part = g % nparts;
    long i1 = k;
    long count = 1 * (long)n0;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i0 = t;
    long best = 0;
    long pos = -1;
    for (long r = lo; r < hi; r++) {
        long v0 = b0[o0 + i0 * s0_0 + i1];
        if (pos < 0 || v0 < best) { best = v0; pos = r - lo; }
        i0++;
    }
    if (nparts == 1) b1[o1 + i1] = pos;
    else { part[2 * g] = pos < 0 ? -1 : lo + pos; part[2 * g + 1] = (long)best; }
}

__kernel void nf_arg_final(__global long* b1, __global const long* part, const int o1, const int n1, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    long i1 = k;
    long best = 0;
    long pos = -1;
    for (long p = g * nparts; p < (g + 1) * nparts; p++) {
        if (part[2 * p] < 0) continue;
        long x = (long)part[2 * p + 1];
        if (pos < 0 || x < best) { best = x; pos = part[2 * p]; }
    }
    b1[o1 + i1] = pos;
}
