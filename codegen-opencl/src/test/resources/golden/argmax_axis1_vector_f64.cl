// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

__kernel void nf_arg(__global const double* b0, __global const double* b1, __global long* b2, const int o0, const int s0_0, const int o1, const int o2, const int n0, const int n1, const long nparts, __global long* part)
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
    double best = 0;
    long pos = -1;
    long r = lo;
    double8 vbest = 0;
    long8 vpos = (long8)(-1);
    for (; r + 8 <= hi; r += 8) {
        double8 w0 = vload8(0, b0 + (o0 + i0 * s0_0 + i1));
        double8 w1 = (double8)(b1[o1 + i0]);
        double8 w2 = (w0 - w1);
        double8 x = w2;
        long8 take = select(x > vbest, ~isnan(vbest), isnan(x)) | (vpos < 0);
        vbest = select(vbest, x, take);
        vpos = select(vpos, (long8)(r - lo) + (long8)(0, 1, 2, 3, 4, 5, 6, 7), take);
        i1 += 8;
    }
    { double x = vbest.s0; long p = vpos.s0;
      if (p >= 0 && (pos < 0 || (isnan(x) ? !isnan(best) : x > best) || ((isnan(x) && isnan(best)) || x == best) && p < pos)) { best = x; pos = p; } }
    { double x = vbest.s1; long p = vpos.s1;
      if (p >= 0 && (pos < 0 || (isnan(x) ? !isnan(best) : x > best) || ((isnan(x) && isnan(best)) || x == best) && p < pos)) { best = x; pos = p; } }
    { double x = vbest.s2; long p = vpos.s2;
      if (p >= 0 && (pos < 0 || (isnan(x) ? !isnan(best) : x > best) || ((isnan(x) && isnan(best)) || x == best) && p < pos)) { best = x; pos = p; } }
    { double x = vbest.s3; long p = vpos.s3;
      if (p >= 0 && (pos < 0 || (isnan(x) ? !isnan(best) : x > best) || ((isnan(x) && isnan(best)) || x == best) && p < pos)) { best = x; pos = p; } }
    { double x = vbest.s4; long p = vpos.s4;
      if (p >= 0 && (pos < 0 || (isnan(x) ? !isnan(best) : x > best) || ((isnan(x) && isnan(best)) || x == best) && p < pos)) { best = x; pos = p; } }
    { double x = vbest.s5; long p = vpos.s5;
      if (p >= 0 && (pos < 0 || (isnan(x) ? !isnan(best) : x > best) || ((isnan(x) && isnan(best)) || x == best) && p < pos)) { best = x; pos = p; } }
    { double x = vbest.s6; long p = vpos.s6;
      if (p >= 0 && (pos < 0 || (isnan(x) ? !isnan(best) : x > best) || ((isnan(x) && isnan(best)) || x == best) && p < pos)) { best = x; pos = p; } }
    { double x = vbest.s7; long p = vpos.s7;
      if (p >= 0 && (pos < 0 || (isnan(x) ? !isnan(best) : x > best) || ((isnan(x) && isnan(best)) || x == best) && p < pos)) { best = x; pos = p; } }
    for (; r < hi; r++) {
        double v0 = b0[o0 + i0 * s0_0 + i1];
        double v1 = b1[o1 + i0];
        double v2 = (v0 - v1);
        if (pos < 0 || (isnan(v2) ? !isnan(best) : v2 > best)) { best = v2; pos = r - lo; }
        i1++;
    }
    if (nparts == 1) b2[o2 + i0] = pos;
    else { part[2 * g] = pos < 0 ? -1 : lo + pos; part[2 * g + 1] = as_long(best); }
}

__kernel void nf_arg_final(__global long* b2, __global const long* part, const int o2, const int n0, const long nparts)
{
    long g = get_global_id(0);
    long k = g;
    long i0 = k;
    double best = 0;
    long pos = -1;
    for (long p = g * nparts; p < (g + 1) * nparts; p++) {
        if (part[2 * p] < 0) continue;
        double x = as_double(part[2 * p + 1]);
        if (pos < 0 || (isnan(x) ? !isnan(best) : x > best)) { best = x; pos = part[2 * p]; }
    }
    b2[o2 + i0] = pos;
}
