// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

__kernel void nf_map(__global const double* b0, __global const double* b1, __global double* b2, __global double* b3, __global double* b4, const int o0, const int s0_0, const int o1, const int o2, const int s2_0, const int s2_1, const int o3, const int s3_0, const int o4, const int s4_1, const int n0, const int n1)
{
    long i0 = get_global_id(1);
    long i1 = get_global_id(0);
    double v0 = b0[o0 + i0 * s0_0 + i1];
    double v1 = b1[o1 + i0];
    double v2 = (v0 + v1);
    b2[o2 + i0 * s2_0 + i1 * s2_1] = v2;
    b3[o3 + i0 * s3_0 + i1] = v1;
    b4[o4 + i0 + i1 * s4_1] = v0;
}
