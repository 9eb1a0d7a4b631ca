// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

int nf_recip_i32(int x) { return x == 0 ? INT_MIN : (x == 1 || x == -1) ? x : 0; }
int nf_shl_i32(int a, int b) { return (uint)b < 32 ? as_int((uint)a << b) : 0; }
int nf_shr_i32(int a, int b) { return (uint)b < 32 ? a >> b : (a < 0 ? -1 : 0); }

__kernel void nf_map(__global const int* b0, __global const int* b1, __global int* b2, const int o0, const int o1, const int o2, const int n0)
{
    long g = get_global_id(0);
    long i0 = g;
    int v0 = b0[o0 + i0];
    int v1 = nf_recip_i32(v0);
    int v2 = b1[o1 + i0];
    int v3 = nf_shl_i32(v1, v2);
    int v4 = as_int((uint)(v0) * (uint)(v0));
    int v5 = nf_shr_i32(v4, v2);
    int v6 = (v3 ^ v5);
    b2[o2 + i0] = v6;
}
