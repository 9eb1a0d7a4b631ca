// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

double nf_max_f64(double a, double b) {
    if (isnan(a)) return a;
    if (isnan(b)) return b;
    if (a == 0 && b == 0) return signbit(a) ? b : a;
    return a > b ? a : b;
}

__kernel void nf_reduce(__global const double* b0, __global double* b1, const int o0, const int s0_0, const int o1, const int n0, const int n1, const long nparts, __global double* part)
{
    long g = get_global_id(0);
    long k = g / nparts;
    long chunk_part = g % nparts;
    long i1 = k;
    long count = 1 * (long)n0;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i0 = t;
    double acc = ((double)-INFINITY);
    for (long r = lo; r < hi; r++) {
        double v0 = b0[o0 + i0 * s0_0 + i1];
        acc = nf_max_f64(acc, v0);
        i0++;
    }
    if (nparts == 1) b1[o1 + i1] = acc;
    else part[g] = acc;
}

__kernel void nf_final(__global double* b1, __global const double* part, const int o1, const int n1, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    long i1 = k;
    double acc = ((double)-INFINITY);
    for (long p = 0; p < nparts; p++) {
        acc = nf_max_f64(acc, part[g * nparts + p]);
    }
    b1[o1 + i1] = acc;
}
