// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

int nf_fdiv_i32(int a, int b) {
    if (b == 0) return 0;
    if (b == -1) return as_int((uint)0 - (uint)a);
    int q = a / b;
    if (q * b != a && ((a < 0) != (b < 0))) q = q - 1;
    return q;
}
int nf_mod_i32(int a, int b) {
    if (b == 0 || b == -1) return 0;
    int r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r = r + b;
    return r;
}

__kernel void nf_map(__global const int* b0, __global const int* b1, __global int* b2, const int o0, const int o1, const int o2, const int n0)
{
    long g = get_global_id(0);
    long i0 = g;
    int v0 = b0[o0 + i0];
    int v1 = b1[o1 + i0];
    int v2 = nf_fdiv_i32(v0, v1);
    int v3 = nf_mod_i32(v0, v1);
    int v4 = as_int((uint)(v2) + (uint)(v3));
    b2[o2 + i0] = v4;
}
