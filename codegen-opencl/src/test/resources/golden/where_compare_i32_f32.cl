// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_map(__global const int* b0, __global const float* b1, __global float* b2, const int o0, const int o1, const int o2, const int n0, const int p0)
{
    long g = get_global_id(0);
    long i0 = g;
    int v0 = b0[o0 + i0];
    int v1 = p0;
    int v2 = (v0 < v1);
    float v3 = b1[o1 + i0];
    float v4 = (-v3);
    float v5 = (v2 ? v3 : v4);
    b2[o2 + i0] = v5;
}
