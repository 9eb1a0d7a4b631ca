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
    for (long r = lo; r < hi; r++) {
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

