// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

__kernel void nf_reduce(__global const float* b0, __global const float* b1, __global const double* b2, __global double* b3, const int o0, const int s0_0, const int o1, const int s1_0, const int o2, const int o3, const int n0, const int n1, const float p0, const long nparts, __global double* part)
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
    double acc = ((double)0);
    double comp = 0;
    long r = lo;
    double8 vacc = 0, vcomp = 0;
    for (; r + 8 <= hi; r += 8) {
        float8 w0 = vload8(0, b0 + (o0 + i0 * s0_0 + i1));
        float8 w1 = vload8(0, b1 + (o1 + i0 * s1_0 + i1));
        float8 w2 = (w0 * w1);
        float8 w3 = (-w2);
        float8 w4 = (float8)(p0);
        float8 w5 = (w3 / w4);
        double8 w6 = convert_double8(w5);
        double8 w7 = (double8)(b2[o2 + i0]);
        double8 w8 = (w6 + w7);
        double8 x = w8;
        double8 s = vacc + x;
        double8 bp = s - vacc;
        vcomp += ((vacc - (s - bp)) + (x - bp));
        vacc = s;
        i1 += 8;
    }
    {
        double x = vacc.s0;
        double s = acc + x;
        double bp = s - acc;
        comp += vcomp.s0 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        double x = vacc.s1;
        double s = acc + x;
        double bp = s - acc;
        comp += vcomp.s1 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        double x = vacc.s2;
        double s = acc + x;
        double bp = s - acc;
        comp += vcomp.s2 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        double x = vacc.s3;
        double s = acc + x;
        double bp = s - acc;
        comp += vcomp.s3 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        double x = vacc.s4;
        double s = acc + x;
        double bp = s - acc;
        comp += vcomp.s4 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        double x = vacc.s5;
        double s = acc + x;
        double bp = s - acc;
        comp += vcomp.s5 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        double x = vacc.s6;
        double s = acc + x;
        double bp = s - acc;
        comp += vcomp.s6 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        double x = vacc.s7;
        double s = acc + x;
        double bp = s - acc;
        comp += vcomp.s7 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    for (; r < hi; r++) {
        float v0 = b0[o0 + i0 * s0_0 + i1];
        float v1 = b1[o1 + i0 * s1_0 + i1];
        float v2 = (v0 * v1);
        float v3 = (-v2);
        float v4 = p0;
        float v5 = (v3 / v4);
        double v6 = ((double)(v5));
        double v7 = b2[o2 + i0];
        double v8 = (v6 + v7);
        double x = v8;
        double s = acc + x;
        double bp = s - acc;
        comp += ((acc - (s - bp)) + (x - bp));
        acc = s;
        i1++;
    }
    if (nparts == 1) b3[o3 + i0] = (isfinite(acc) ? acc + comp : acc);
    else { part[2 * g] = acc; part[2 * g + 1] = comp; }
}

__kernel void nf_final(__global double* b3, __global const double* part, const int o3, const int n0, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    long i0 = k;
    double acc = ((double)0);
    double comp = 0;
    for (long p = 0; p < nparts; p++) {
        double x = part[2 * (g * nparts + p)];
        double s = acc + x;
        double bp = s - acc;
        comp += part[2 * (g * nparts + p) + 1] + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    b3[o3 + i0] = (isfinite(acc) ? acc + comp : acc);
}
