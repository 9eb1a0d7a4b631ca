// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

int nf_toint_f64_i32(double x) { return isnan(x) ? 0 : convert_int_sat_rtz(x); }

__kernel void nf_map(__global const uchar* b0, __global const double* b1, __global const long* b2, __global float* b3, const int o0, const int o1, const int o2, const int o3, const int n0)
{
    long g = get_global_id(0);
    long i0 = g;
    int v0 = (int)b0[o0 + i0];
    double v1 = b1[o1 + i0];
    int v2 = nf_toint_f64_i32(v1);
    long v3 = ((long)(v2));
    long v4 = b2[o2 + i0];
    long v5 = as_long((ulong)(v3) + (ulong)(v4));
    float v6 = ((float)(v5));
    float v7 = ((float)(v1));
    float v8 = (v0 ? v6 : v7);
    b3[o3 + i0] = v8;
}
