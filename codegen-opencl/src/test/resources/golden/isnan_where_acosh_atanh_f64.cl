// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

__kernel void nf_map(__global const double* b0, __global double* b1, const int o0, const int o1, const int n0)
{
    long g = get_global_id(0);
    long i0 = g;
    double v0 = b0[o0 + i0];
    int v1 = isnan(v0);
    int v2 = isfinite(v0);
    double v3 = atanh(v0);
    int v4 = isinf(v3);
    int v5 = (v2 & v4);
    int v6 = (v1 | v5);
    double v7 = acosh(v0);
    double v8 = (v0 * v0);
    double v9 = (v6 ? v7 : v8);
    b1[o1 + i0] = v9;
}
