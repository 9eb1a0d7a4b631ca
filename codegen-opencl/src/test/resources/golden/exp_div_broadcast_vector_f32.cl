// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_map(__global const float* b0, __global const float* b1, __global float* b2, const int o0, const int s0_0, const int o1, const int o2, const int s2_0, const int n0, const int n1, const float p0)
{
    long i0 = get_global_id(1);
    long i1 = get_global_id(0) * 8;
    int done = 0;
    if (i1 + 8 <= n1) {
        int slow = 0;
        float8 w0 = vload8(0, b0 + (o0 + i0 * s0_0 + i1));
        float8 w1 = exp(w0);
        float8 w2 = vload8(0, b1 + (o1 + i1));
        float8 w3 = (float8)(p0);
        float8 w4 = (w2 + w3);
        float8 w5 = (w1 / w4);
        if (!slow) {
            vstore8(w5, 0, b2 + (o2 + i0 * s2_0 + i1));
            done = 1;
        }
    }
    if (!done) {
        for (long e = min(i1 + 8, (long)n1); i1 < e; i1++) {
            float v0 = b0[o0 + i0 * s0_0 + i1];
            float v1 = exp(v0);
            float v2 = b1[o1 + i1];
            float v3 = p0;
            float v4 = (v2 + v3);
            float v5 = (v1 / v4);
            b2[o2 + i0 * s2_0 + i1] = v5;
        }
    }
}
