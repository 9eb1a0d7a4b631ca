// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

__kernel void nf_scan(__global const float* b0, __global const float* b1, __global float* b2, const int o0, const int s0_0, const int s0_1, const int o1, const int s1_0, const int s1_1, const int o2, const int s2_0, const int s2_1, const int n0, const int n1, const int n2, const float p0, const long nparts, __global float* part)
{
    long g = get_global_id(0);
    long k = g / nparts;
    long chunk_part = g % nparts;
    long i2 = k % n2; k = k / n2;
    long i0 = k;
    long count = 1 * (long)n1;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i1 = t;
    float acc = ((float)0);
    for (long r = lo; r < hi; r++) {
        float v0 = b0[o0 + i0 * s0_0 + i1 * s0_1 + i2];
        float v1 = b1[o1 + i0 * s1_0 + i1 * s1_1 + i2];
        float v2 = (v0 * v1);
        float v3 = p0;
        float v4 = (v2 + v3);
        acc = r == lo ? v4 : (acc + v4);
        b2[o2 + i0 * s2_0 + i1 * s2_1 + i2] = acc;
        i1++;
    }
    if (nparts > 1) part[g] = acc;
}

__kernel void nf_scan_fix(__global float* b2, __global float* part, const int o2, const int s2_0, const int s2_1, const int n0, const int n1, const int n2, const long nparts, const int phase)
{
    long g = get_global_id(0);
    if (phase == 0) {
        float run = ((float)0);
        for (long p = g * nparts; p < (g + 1) * nparts; p++) {
            float x = part[p];
            part[p] = run;
            run = (run + x);
        }
        return;
    }
    if (g % nparts == 0) return;
    long k = g / nparts;
    long chunk_part = g % nparts;
    long i2 = k % n2; k = k / n2;
    long i0 = k;
    long count = 1 * (long)n1;
    long chunk = (count + nparts - 1) / nparts;
    long lo = chunk_part * chunk;
    long hi = min(lo + chunk, count);
    long t = lo;
    long i1 = t;
    float off = part[g];
    for (long r = lo; r < hi; r++) {
        b2[o2 + i0 * s2_0 + i1 * s2_1 + i2] = (off + b2[o2 + i0 * s2_0 + i1 * s2_1 + i2]);
        i1++;
    }
}
