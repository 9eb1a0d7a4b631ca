// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

__kernel void nf_map(__global const double* b0, __global const double* b1, __global double* b2, const int o0, const int o1, const int o2, const int n0)
{
    long g = get_global_id(0);
    long i0 = g * 8;
    int done = 0;
    if (i0 + 8 <= n0) {
        int slow = 0;
        double8 w0 = vload8(0, b0 + (o0 + i0));
        double8 w1 = sin(w0);
        double8 w2 = vload8(0, b1 + (o1 + i0));
        double8 w3 = (w1 * w2);
        if (!slow) {
            vstore8(w3, 0, b2 + (o2 + i0));
            done = 1;
        }
    }
    if (!done) {
        for (long e = min(i0 + 8, (long)n0); i0 < e; i0++) {
            double v0 = b0[o0 + i0];
            double v1 = sin(v0);
            double v2 = b1[o1 + i0];
            double v3 = (v1 * v2);
            b2[o2 + i0] = v3;
        }
    }
}
