// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_map(__global const float* b0, __global const float* b1, __global float* b2, const int o0, const int s0_0, const int o1, const int o2, const int s2_0, const int n0, const int n1)
{
    long i0 = get_global_id(1);
    long i1 = get_global_id(0);
    float v0 = b0[o0 + i0 * s0_0 + i1];
    float v1 = b1[o1 + i1];
    float v2 = (v0 - v1);
    b2[o2 + i0 * s2_0 + i1] = v2;
}
