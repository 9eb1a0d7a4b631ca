// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_reduce(__global const float* b0, __global float* b1, const int o0, const int o1, const int n0, const long nparts, __global float* part)
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
    float acc = ((float)0);
    float comp = 0;
    long r = lo;
    float8 vacc = 0, vcomp = 0;
    for (; r + 8 <= hi; r += 8) {
        float8 w0 = vload8(0, b0 + (o0 + i0));
        float8 x = w0;
        float8 s = vacc + x;
        float8 bp = s - vacc;
        vcomp += ((vacc - (s - bp)) + (x - bp));
        vacc = s;
        i0 += 8;
    }
    {
        float x = vacc.s0;
        float s = acc + x;
        float bp = s - acc;
        comp += vcomp.s0 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        float x = vacc.s1;
        float s = acc + x;
        float bp = s - acc;
        comp += vcomp.s1 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        float x = vacc.s2;
        float s = acc + x;
        float bp = s - acc;
        comp += vcomp.s2 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        float x = vacc.s3;
        float s = acc + x;
        float bp = s - acc;
        comp += vcomp.s3 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        float x = vacc.s4;
        float s = acc + x;
        float bp = s - acc;
        comp += vcomp.s4 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        float x = vacc.s5;
        float s = acc + x;
        float bp = s - acc;
        comp += vcomp.s5 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        float x = vacc.s6;
        float s = acc + x;
        float bp = s - acc;
        comp += vcomp.s6 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    {
        float x = vacc.s7;
        float s = acc + x;
        float bp = s - acc;
        comp += vcomp.s7 + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    for (; r < hi; r++) {
        float v0 = b0[o0 + i0];
        float x = v0;
        float s = acc + x;
        float bp = s - acc;
        comp += ((acc - (s - bp)) + (x - bp));
        acc = s;
        i0++;
    }
    if (nparts == 1) b1[o1] = (isfinite(acc) ? acc + comp : acc);
    else { part[2 * g] = acc; part[2 * g + 1] = comp; }
}

__kernel void nf_final(__global float* b1, __global const float* part, const int o1, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    float acc = ((float)0);
    float comp = 0;
    for (long p = 0; p < nparts; p++) {
        float x = part[2 * (g * nparts + p)];
        float s = acc + x;
        float bp = s - acc;
        comp += part[2 * (g * nparts + p) + 1] + ((acc - (s - bp)) + (x - bp));
        acc = s;
    }
    b1[o1] = (isfinite(acc) ? acc + comp : acc);
}
