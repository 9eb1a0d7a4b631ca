// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClCodegen)
#pragma OPENCL FP_CONTRACT OFF

float nf_fdiv_f32(float a, float b) {
    if (b == 0) return a / b;
    float mod = fmod(a, b);
    float div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0))) div = div - 1;
    if (div == 0) return copysign((float)0, a / b);
    float fl = floor(div);
    if (div - fl > (float)0.5) fl = fl + 1;
    return fl;
}
float nf_mod_f32(float a, float b) {
    float mod = fmod(a, b);
    if (b == 0) return mod;
    if (mod != 0) { if ((b < 0) != (mod < 0)) mod = mod + b; }
    else mod = copysign((float)0, b);
    return mod;
}
float nf_min_f32(float a, float b) {
    if (isnan(a)) return a;
    if (isnan(b)) return b;
    if (a == 0 && b == 0) return signbit(a) ? a : b;
    return a < b ? a : b;
}

__kernel void nf_map(__global const float* b0, __global const float* b1, __global float* b2, const int o0, const int o1, const int o2, const int n0)
{
    long g = get_global_id(0);
    long i0 = g;
    float v0 = b0[o0 + i0];
    float v1 = b1[o1 + i0];
    float v2 = nf_fdiv_f32(v0, v1);
    float v3 = nf_mod_f32(v0, v1);
    float v4 = nf_min_f32(v2, v3);
    b2[o2 + i0] = v4;
}
