// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

__kernel void nf_reduce(__global const float* b0, __global float* b1, const int o0, const int o1, const int n0, const long nparts, __global double* part)
{
    long g = get_global_id(0);
    long k = g / nparts;
    long chunk_part = g % nparts;
    long count = 1 * (long)n0;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i0 = t;
    double acc = ((double)0);
    double comp = 0;
    long r = lo;
    double8 vacc = 0, vcomp = 0;
    for (; r + 8 <= hi; r += 8) {
        float8 w0 = vload8(0, b0 + (o0 + i0));
        double8 x = convert_double8(w0);
        double8 s = vacc + x;
        double8 bp = s - vacc;
        vcomp += ((vacc - (s - bp)) + (x - bp));
        vacc = s;
        i0 += 8;
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
        float v0 = b0[o0 + i0];
        double x = ((double)(v0));
        double s = acc + x;
        double bp = s - acc;
        comp += ((acc - (s - bp)) + (x - bp));
        acc = s;
        i0++;
    }
    if (nparts == 1) b1[o1] = ((float)((isfinite(acc) ? acc + comp : acc)));
    else { part[2 * g] = acc; part[2 * g + 1] = comp; }
}

__kernel void nf_final(__global float* b1, __global const double* part, const int o1, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    double acc = ((double)0);
    double comp = 0;
    for (long p = 0; p < nparts; p++) {
        double x = part[2 * (g * nparts + p)];
        double s = acc + x;
        double bp = s - acc;
        comp += part[2 * (g * nparts + p) + 1] + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    b1[o1] = ((float)((isfinite(acc) ? acc + comp : acc)));
}
