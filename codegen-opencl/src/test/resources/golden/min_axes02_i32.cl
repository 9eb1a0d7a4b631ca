// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_reduce(__global const int* b0, __global int* b1, const int o0, const int s0_0, const int s0_1, const int o1, const int n0, const int n1, const int n2, const long nparts, __global int* part)
{
    long g = get_global_id(0);
    long k = g / nparts;
    long chunk_part = g % nparts;
    long i1 = k;
    long count = 1 * (long)n0 * (long)n2;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i2 = t % n2; t = t / n2;
    long i0 = t;
    int acc = INT_MAX;
    for (long r = lo; r < hi; r++) {
        int v0 = b0[o0 + i0 * s0_0 + i1 * s0_1 + i2];
        acc = min(acc, v0);
        if (++i2 == n2) { i2 = 0; i0++; }
    }
    if (nparts == 1) b1[o1 + i1] = acc;
    else part[g] = acc;
}

__kernel void nf_final(__global int* b1, __global const int* part, const int o1, const int n1, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    long i1 = k;
    int acc = INT_MAX;
    for (long p = 0; p < nparts; p++) {
        acc = min(acc, part[g * nparts + p]);
    }
    b1[o1 + i1] = acc;
}
