// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

long nf_shr_i64(long a, long b) { return (ulong)b < 64 ? a >> b : (a < 0 ? -1 : 0); }

__kernel void nf_map(__global const long* b0, __global const long* b1, __global long* b2, const int o0, const int o1, const int o2, const int n0)
{
    long g = get_global_id(0);
    long i0 = g;
    long v0 = b0[o0 + i0];
    long v1 = b1[o1 + i0];
    long v2 = nf_shr_i64(v0, v1);
    b2[o2 + i0] = v2;
}
