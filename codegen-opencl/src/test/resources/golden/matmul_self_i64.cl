// numfuse: generated OpenCL C (io.numfuse.opencl.OpenClMatmul)
#pragma OPENCL FP_CONTRACT OFF

#define TS 32
#define WPT 8
#define RTS (TS / WPT)

__kernel __attribute__((reqd_work_group_size(TS, RTS, 1)))
void nf_matmul(__global const long* b0, __global long* b1, const int o0, const int s0_0, const int o1, const int s1_2, const int o2, const int s2_0, const int n0, const int n1, const int n2)
{
    const int col = get_local_id(0), row = get_local_id(1);
    const int j = get_group_id(0) * TS + col, i0 = get_group_id(1) * TS;
    int oa = o0, ob = o1, oc = o2;
    __local long As[TS][TS + 1], Bs[TS][TS + 1];
    long acc[WPT];
    for (int w = 0; w < WPT; w++) acc[w] = 0;
    for (int t = 0; t < n2; t += TS) {
        for (int w = 0; w < WPT; w++) {
            const int rr = row + w * RTS, ia = i0 + rr, ka = t + col, kb = t + rr;
            As[rr][col] = ia < n0 && ka < n2 ? (long) b0[oa + ia * s0_0 + ka] : 0;
            Bs[rr][col] = kb < n2 && j < n1 ? (long) b0[ob + kb * s1_2 + j] : 0;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int p = 0; p < TS; p++) {
            const long bv = Bs[p][col];
            for (int w = 0; w < WPT; w++) acc[w] = (long) ((ulong) acc[w] + (ulong) As[row + w * RTS][p] * (ulong) bv);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (j >= n1) return;
    for (int w = 0; w < WPT; w++) {
        const int i = i0 + row + w * RTS;
        if (i < n0) b1[oc + i * s2_0 + j] = acc[w];
    }
}
