// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

int nf_mod_i32(int a, int b) {
    if (b == 0 || b == -1) return 0;
    int r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r = r + b;
    return r;
}

__kernel void nf_map(__global const int* b0, __global const float* b1, __global float* b2, const int o0, const int o1, const int s1_0, const int o2, const int s2_0, const int n0, const int n1, const int p0, const int p1, const long p2, const long p3, const long p4, const float p5, const float p6)
{
    long i0 = get_global_id(1);
    long i1 = get_global_id(0);
    int v0 = b0[o0 + i1];
    int v1 = p0;
    int v2 = as_int((uint)(v0) + (uint)(v1));
    int v3 = p1;
    int v4 = nf_mod_i32(v2, v3);
    long v5 = ((long)(v4));
    long v6 = p2;
    int v7 = (v5 < v6);
    long v8 = p3;
    long v9 = as_long((ulong)(v5) + (ulong)(v8));
    long v10 = (v7 ? v9 : v5);
    long v11 = p4;
    long v12 = as_long((ulong)(v10) * (ulong)(v11));
    float v13 = b1[o1 + i0 * s1_0 + v12];
    float v14 = p5;
    float v15 = (v13 * v14);
    float v16 = p6;
    float v17 = (v15 + v16);
    b2[o2 + i0 * s2_0 + i1] = v17;
}
