// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_map(__global const float* b0, __global const float* b1, __global const float* b2, __global float* b3, const int o0, const int o1, const int o2, const int o3, const int n0)
{
    long g = get_global_id(0);
    long i0 = g;
    float v0 = b0[o0 + i0];
    float v1 = b1[o1 + i0];
    float v2 = b2[o2 + i0];
    float v3 = (v1 * v2);
    float v4 = (v0 + v3);
    b3[o3 + i0] = v4;
}
