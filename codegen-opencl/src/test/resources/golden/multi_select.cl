// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

int nf_toint_f32_i32(float x) { return isnan(x) ? 0 : convert_int_sat_rtz(x); }

__kernel void nf_map(__global const float* b0, __global const float* b1, __global float* b2, __global float* b3, __global uchar* b4, __global int* b5, const int o0, const int o1, const int o2, const int o3, const int o4, const int o5, const int n0)
{
    long g = get_global_id(0);
    long i0 = g;
    float v0 = b0[o0 + i0];
    float v1 = b1[o1 + i0];
    float v2 = (v0 * v1);
    int v3 = (v0 > v1);
    float v4 = (v0 - v1);
    int v5 = nf_toint_f32_i32(v2);
    float v6 = (v3 ? v2 : v4);
    b2[o2 + i0] = v6;
    b3[o3 + i0] = v2;
    b4[o4 + i0] = (uchar)(v3);
    b5[o5 + i0] = v5;
}
