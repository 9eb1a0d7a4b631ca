// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_map(__global const float* b0, __global float* b1, const int o0, const int s0_0, const int s0_1, const int o1, const int s1_0, const int n0, const int n1, const float p0)
{
    long i0 = get_global_id(1);
    long i1 = get_global_id(0);
    float v0 = b0[o0 + i0 * s0_0 + i1 * s0_1];
    float v1 = p0;
    float v2 = (v0 * v1);
    b1[o1 + i0 * s1_0 + i1] = v2;
}
