// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_map(__global const float* b0, __global const float* b1, __global float* b2, const int o0, const int o1, const int o2, const int n0)
{
    long g = get_global_id(0);
    long i0 = g * 8;
    int done = 0;
    if (i0 + 8 <= n0) {
        int slow = 0;
        float8 w0 = vload8(0, b0 + (o0 + i0));
        float8 w1 = asinh(w0);
        float8 w2 = vload8(0, b1 + (o1 + i0));
        float8 w3 = ((float)1 / w2);
        float8 w4 = exp2(w3);
        float8 w5 = hypot(w1, w4);
        if (!slow) {
            vstore8(w5, 0, b2 + (o2 + i0));
            done = 1;
        }
    }
    if (!done) {
        for (long e = min(i0 + 8, (long)n0); i0 < e; i0++) {
            float v0 = b0[o0 + i0];
            float v1 = asinh(v0);
            float v2 = b1[o1 + i0];
            float v3 = ((float)1 / v2);
            float v4 = exp2(v3);
            float v5 = hypot(v1, v4);
            b2[o2 + i0] = v5;
        }
    }
}
