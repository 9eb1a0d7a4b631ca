// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

long nf_pow_i64(long a, long b, __global int* err) {
    if (b < 0) { *err = 1; return 0; }
    ulong r = 1, base = (ulong)a, e = (ulong)b;
    while (e != 0) {
        if ((e & 1) != 0) r = r * base;
        base = base * base;
        e = e >> 1;
    }
    return as_long(r);
}

void nf_part0(__global const long* b0, __global long* b1, const int o0, const int o1, const int n0, long lo, long hi)
{
    long t = lo;
    long i0 = t;
    for (long r = lo; r < hi; r++) {
        long v0 = b0[o0 + i0];
        b1[o1 + i0] = v0;
        i0++;
    }
}

void nf_part1(__global const long* b0, __global const long* b1, __global long* b2, __global int* err, const int o0, const int o1, const int o2, const int n0, long lo, long hi)
{
    long t = lo;
    long i0 = t;
    for (long r = lo; r < hi; r++) {
        long v0 = b0[o0 + i0];
        long v1 = b1[o1 + i0];
        long v2 = nf_pow_i64(v0, v1, err);
        b2[o2 + i0] = v2;
        i0++;
    }
}

__kernel void nf_parts(__global const long* b0, __global const long* b1, __global long* b2, __global int* err, const int q0_o0, const int q0_o1, const int q0_n0, const int q1_o0, const int q1_o1, const int q1_o2, const int q1_n0)
{
    long w = get_global_id(0);
    long c0 = (long)q0_n0, e0 = (c0 + 4095) / 4096;
    long c1 = (long)q1_n0, e1 = e0 + (c1 + 4095) / 4096;
    if (w < e0) { long lo = w * 4096; nf_part0(b0, b2, q0_o0, q0_o1, q0_n0, lo, min(lo + 4096, c0)); }
    else if (w < e1) { long lo = (w - e0) * 4096; nf_part1(b0, b1, b2, err, q1_o0, q1_o1, q1_o2, q1_n0, lo, min(lo + 4096, c1)); }
}
