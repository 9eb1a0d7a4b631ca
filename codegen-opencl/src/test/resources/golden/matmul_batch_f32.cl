// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClMatmul)
#pragma OPENCL FP_CONTRACT OFF

#define TS 32
#define WPT 8
#define RTS (TS / WPT)

__kernel __attribute__((reqd_work_group_size(TS, RTS, 1)))
void nf_matmul(__global const float* b0, __global const float* b1, __global float* b2, const int o0, const int s0_0, const int s0_2, const int o1, const int s1_1, const int s1_4, const int o2, const int s2_0, const int s2_1, const int s2_2, const int n0, const int n1, const int n2, const int n3, const int n4)
{
    const int col = get_local_id(0), row = get_local_id(1);
    const int j = get_group_id(0) * TS + col, i0 = get_group_id(1) * TS;
    int oa = o0, ob = o1, oc = o2;
    long q = get_global_id(2);
    {
        const int x = (int) (q % n1);
        q /= n1;
        ob += x * s1_1;
        oc += x * s2_1;
    }
    {
        const int x = (int) (q % n0);
        q /= n0;
        oa += x * s0_0;
        oc += x * s2_0;
    }
    __local float As[TS][TS + 1], Bs[TS][TS + 1];
    float acc[WPT];
    for (int w = 0; w < WPT; w++) acc[w] = 0;
    for (int t = 0; t < n4; t += TS) {
        for (int w = 0; w < WPT; w++) {
            const int rr = row + w * RTS, ia = i0 + rr, ka = t + col, kb = t + rr;
            As[rr][col] = ia < n2 && ka < n4 ? (float) b0[oa + ia * s0_2 + ka] : 0;
            Bs[rr][col] = kb < n4 && j < n3 ? (float) b1[ob + kb * s1_4 + j] : 0;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int p = 0; p < TS; p++) {
            const float bv = Bs[p][col];
            for (int w = 0; w < WPT; w++) acc[w] = fma(As[row + w * RTS][p], bv, acc[w]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (j >= n3) return;
    for (int w = 0; w < WPT; w++) {
        const int i = i0 + row + w * RTS;
        if (i < n2) b2[oc + i * s2_2 + j] = acc[w];
    }
}
