#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
__kernel void nf_reduce(__global const float* b0, __global float* b1, const int o0, const int o1, const int n0, const long nparts, __global double* part)
{
    long g = get_global_id(0);
    long chunk_part = g % nparts;
    long count = 1 * (long)n0;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long i0 = lo;
    double acc = 0, comp = 0, acc1 = 0, comp1 = 0, acc2 = 0, comp2 = 0, acc3 = 0, comp3 = 0;
    long r = lo;
    for (; r + 4 <= hi; r += 4) {
        { double x = b0[o0 + i0]; double s = acc + x; double bp = s - acc; comp += ((acc - (s - bp)) + (x - bp)); acc = s; } i0++;
        { double x = b0[o0 + i0]; double s = acc1 + x; double bp = s - acc1; comp1 += ((acc1 - (s - bp)) + (x - bp)); acc1 = s; } i0++;
        { double x = b0[o0 + i0]; double s = acc2 + x; double bp = s - acc2; comp2 += ((acc2 - (s - bp)) + (x - bp)); acc2 = s; } i0++;
        { double x = b0[o0 + i0]; double s = acc3 + x; double bp = s - acc3; comp3 += ((acc3 - (s - bp)) + (x - bp)); acc3 = s; } i0++;
    }
    for (; r < hi; r++) { double x = b0[o0 + i0]; double s = acc + x; double bp = s - acc; comp += ((acc - (s - bp)) + (x - bp)); acc = s; i0++; }
    { double x = acc1; double s = acc + x; double bp = s - acc; comp += comp1 + ((acc - (s - bp)) + (x - bp)); acc = s; }
    { double x = acc2; double s = acc + x; double bp = s - acc; comp += comp2 + ((acc - (s - bp)) + (x - bp)); acc = s; }
    { double x = acc3; double s = acc + x; double bp = s - acc; comp += comp3 + ((acc - (s - bp)) + (x - bp)); acc = s; }
    part[2 * g] = acc; part[2 * g + 1] = comp;
}
