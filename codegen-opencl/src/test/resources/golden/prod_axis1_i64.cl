// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_reduce(__global const long* b0, __global long* b1, const int o0, const int s0_0, const int o1, const int n0, const int n1, const long nparts, __global long* part)
{
    long g = get_global_id(0);
    long k = g / nparts;
    long chunk_part = g % nparts;
    long i0 = k;
    long count = 1 * (long)n1;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i1 = t;
    long acc = 1;
    for (long r = lo; r < hi; r++) {
        long v0 = b0[o0 + i0 * s0_0 + i1];
        acc = as_long((ulong)(acc) * (ulong)(v0));
        i1++;
    }
    if (nparts == 1) b1[o1 + i0] = acc;
    else part[g] = acc;
}

__kernel void nf_final(__global long* b1, __global const long* part, const int o1, const int n0, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    long i0 = k;
    long acc = 1;
    for (long p = 0; p < nparts; p++) {
        acc = as_long((ulong)(acc) * (ulong)(part[g * nparts + p]));
    }
    b1[o1 + i0] = acc;
}
