// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_arg(__global const float* b0, __global const float* b1, __global long* b2, const int o0, const int s0_0, const int o1, const int s1_0, const int o2, const int n0, const int n1, const float p0, const long nparts, __global long* part)
{
    long g = get_global_id(0);
    long k = g / nparts;
    long chunk_part = g % nparts;
    long count = 1 * (long)n0 * (long)n1;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i1 = t % n1; t = t / n1;
    long i0 = t;
    float best = 0;
    long pos = -1;
    for (long r = lo; r < hi; r++) {
        float v0 = b0[o0 + i0 * s0_0 + i1];
        float v1 = b1[o1 + i0 * s1_0 + i1];
        float v2 = (v0 * v1);
        float v3 = p0;
        float v4 = (v2 + v3);
        if (pos < 0 || (isnan(v4) ? !isnan(best) : v4 > best)) { best = v4; pos = r - lo; }
        if (++i1 == n1) { i1 = 0; i0++; }
    }
    if (nparts == 1) b2[o2] = pos;
    else { part[2 * g] = pos < 0 ? -1 : lo + pos; part[2 * g + 1] = (long)as_int(best); }
}

__kernel void nf_arg_final(__global long* b2, __global const long* part, const int o2, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    float best = 0;
    long pos = -1;
    for (long p = g * nparts; p < (g + 1) * nparts; p++) {
        if (part[2 * p] < 0) continue;
        float x = as_float((int)part[2 * p + 1]);
        if (pos < 0 || (isnan(x) ? !isnan(best) : x > best)) { best = x; pos = part[2 * p]; }
    }
    b2[o2] = pos;
}
