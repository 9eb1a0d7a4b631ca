#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
__kernel void nf_reduce(__global const float* b0, __global float* b1, const int o0, const int o1, const int n0, const long nparts, __global double* part)
{
    long g = get_global_id(0);
    long chunk_part = g % nparts;
    long count = 1 * (long)n0;
    long chunk = ((count + nparts - 1) / nparts + 7) & ~7L;
    long lo = min(chunk_part * chunk, count);
    long hi = min(lo + chunk, count);
    double8 acc = 0, comp = 0;
    long r = lo;
    for (; r + 8 <= hi; r += 8) {
        double8 x = convert_double8(vload8(0, b0 + o0 + r));
        double8 s = acc + x; double8 bp = s - acc; comp += ((acc - (s - bp)) + (x - bp)); acc = s;
    }
    double a = 0, c = 0;
    for (; r < hi; r++) { double x = b0[o0 + r]; double s = a + x; double bp = s - a; c += ((a - (s - bp)) + (x - bp)); a = s; }
    double av[8]; double cv[8]; vstore8(acc, 0, av); vstore8(comp, 0, cv);
    for (int j = 0; j < 8; j++) { double x = av[j]; double s = a + x; double bp = s - a; c += cv[j] + ((a - (s - bp)) + (x - bp)); a = s; }
    part[2 * g] = a; part[2 * g + 1] = c;
}
