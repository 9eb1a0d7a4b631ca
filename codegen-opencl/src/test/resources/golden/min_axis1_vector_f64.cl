// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

double nf_min_f64(double a, double b) {
    if (isnan(a)) return a;
    if (isnan(b)) return b;
    if (a == 0 && b == 0) return signbit(a) ? a : b;
    return a < b ? a : b;
}

__kernel void nf_reduce(__global const double* b0, __global double* b1, const int o0, const int s0_0, const int o1, const int n0, const int n1, const double p0, const long nparts, __global double* part)
{
    long g = get_global_id(0);
    long k = g / nparts;
    long chunk_part = g % nparts;
    long i0 = k;
    long count = 1 * (long)n1;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i1 = t;
    double acc = ((double)INFINITY);
    long r = lo;
    double8 vacc = (double8)((double)INFINITY);
    for (; r + 8 <= hi; r += 8) {
        double8 w0 = vload8(0, b0 + (o0 + i0 * s0_0 + i1));
        double8 w1 = (double8)(p0);
        double8 w2 = (w0 * w1);
        double8 x = w2;
        double8 m = select(x, vacc, vacc < x);
        m = select(m, select(x, vacc, signbit(vacc)), vacc == 0 & x == 0);
        vacc = select(m, vacc, isnan(vacc));
        i1 += 8;
    }
    acc = nf_min_f64(acc, vacc.s0);
    acc = nf_min_f64(acc, vacc.s1);
    acc = nf_min_f64(acc, vacc.s2);
    acc = nf_min_f64(acc, vacc.s3);
    acc = nf_min_f64(acc, vacc.s4);
    acc = nf_min_f64(acc, vacc.s5);
    acc = nf_min_f64(acc, vacc.s6);
    acc = nf_min_f64(acc, vacc.s7);
    for (; r < hi; r++) {
        double v0 = b0[o0 + i0 * s0_0 + i1];
        double v1 = p0;
        double v2 = (v0 * v1);
        acc = nf_min_f64(acc, v2);
        i1++;
    }
    if (nparts == 1) b1[o1 + i0] = acc;
    else part[g] = acc;
}

__kernel void nf_final(__global double* b1, __global const double* part, const int o1, const int n0, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    long i0 = k;
    double acc = ((double)INFINITY);
    for (long p = 0; p < nparts; p++) {
        acc = nf_min_f64(acc, part[g * nparts + p]);
    }
    b1[o1 + i0] = acc;
}
