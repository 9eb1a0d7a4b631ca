// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

void nf_part0(__global const float* b0, __global const float* b1, __global float* b2, const int o0, const int s0_0, const int o1, const int s1_0, const int o2, const int s2_0, const int n0, const int n1, long lo, long hi)
{
    long t = lo;
    long i1 = t % n1; t = t / n1;
    long i0 = t;
    for (long r = lo; r < hi; r++) {
        float v0 = b0[o0 + i0 * s0_0 + i1];
        float v1 = b1[o1 + i0 * s1_0 + i1];
        float v2 = (v0 + v1);
        b2[o2 + i0 * s2_0 + i1] = v2;
        if (++i1 == n1) { i1 = 0; i0++; }
    }
}

void nf_part1(__global const float* b0, __global float* b1, const int o0, const int s0_0, const int o1, const int s1_0, const int n0, const int n1, const float p0, long lo, long hi)
{
    long t = lo;
    long i1 = t % n1; t = t / n1;
    long i0 = t;
    for (long r = lo; r < hi; r++) {
        float v0 = b0[o0 + i0 * s0_0 + i1];
        float v1 = p0;
        float v2 = (v0 * v1);
        b1[o1 + i0 * s1_0 + i1] = v2;
        if (++i1 == n1) { i1 = 0; i0++; }
    }
}

void nf_part2(__global const float* b0, __global float* b1, const int o0, const int s0_0, const int o1, const int s1_0, const int n0, const int n1, long lo, long hi)
{
    long t = lo;
    long i1 = t % n1; t = t / n1;
    long i0 = t;
    for (long r = lo; r < hi; r++) {
        float v0 = b0[o0 + i0 * s0_0 + i1];
        b1[o1 + i0 * s1_0 + i1] = v0;
        if (++i1 == n1) { i1 = 0; i0++; }
    }
}

__kernel void nf_parts(__global const float* b0, __global const float* b1, __global const float* b2, __global const float* b3, __global float* b4, const int q0_o0, const int q0_s0_0, const int q0_o1, const int q0_s1_0, const int q0_o2, const int q0_s2_0, const int q0_n0, const int q0_n1, const int q1_o0, const int q1_s0_0, const int q1_o1, const int q1_s1_0, const int q1_n0, const int q1_n1, const float q1_p0, const int q2_o0, const int q2_s0_0, const int q2_o1, const int q2_s1_0, const int q2_n0, const int q2_n1)
{
    long w = get_global_id(0);
    long c0 = (long)q0_n0 * (long)q0_n1, e0 = (c0 + 4095) / 4096;
    long c1 = (long)q1_n0 * (long)q1_n1, e1 = e0 + (c1 + 4095) / 4096;
    long c2 = (long)q2_n0 * (long)q2_n1, e2 = e1 + (c2 + 4095) / 4096;
    if (w < e0) { long lo = w * 4096; nf_part0(b0, b1, b4, q0_o0, q0_s0_0, q0_o1, q0_s1_0, q0_o2, q0_s2_0, q0_n0, q0_n1, lo, min(lo + 4096, c0)); }
    else if (w < e1) { long lo = (w - e0) * 4096; nf_part1(b2, b4, q1_o0, q1_s0_0, q1_o1, q1_s1_0, q1_n0, q1_n1, q1_p0, lo, min(lo + 4096, c1)); }
    else if (w < e2) { long lo = (w - e1) * 4096; nf_part2(b3, b4, q2_o0, q2_s0_0, q2_o1, q2_s1_0, q2_n0, q2_n1, lo, min(lo + 4096, c2)); }
}
