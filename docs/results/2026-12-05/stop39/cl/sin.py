import time, numpy as np, pyopencl as cl
ctx = cl.Context(cl.get_platforms()[0].get_devices()); q = cl.CommandQueue(ctx)
n = 1 << 20
for dt, T in [(np.float32, 'float'), (np.float64, 'double')]:
    a = np.random.rand(n).astype(dt); b = np.random.rand(n).astype(dt)
    mf = cl.mem_flags
    ab = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=a); bb = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=b)
    ob = cl.Buffer(ctx, mf.WRITE_ONLY, a.nbytes)
    src = f"""
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL FP_CONTRACT OFF
__kernel void s1(__global const {T}* a, __global const {T}* b, __global {T}* o) {{ long g = get_global_id(0); o[g] = sin(a[g]) + cos(b[g]); }}
__kernel void s8(__global const {T}* a, __global const {T}* b, __global {T}* o) {{ long g = get_global_id(0); vstore8(sin(vload8(g, a)) + cos(vload8(g, b)), g, o); }}
"""
    prg = cl.Program(ctx, src).build()
    r = {}
    for name, gs in [('s1', n), ('s8', n // 8)]:
        k = getattr(prg, name)
        ts = []
        for i in range(30):
            t0 = time.perf_counter(); k(q, (gs,), None, ab, bb, ob); q.finish(); ts.append(time.perf_counter() - t0)
        ts.sort(); o = np.empty_like(a); cl.enqueue_copy(q, o, ob); q.finish(); r[name] = o
        print(T, name, f"median {ts[15]*1e3:.2f} ms ({ts[15]/n*1e9:.2f} ns/elem)")
    ref = np.sin(a.astype(np.float64)) + np.cos(b.astype(np.float64))
    for name in r: print("   ", name, "max ulp-ish err", np.max(np.abs(r[name] - ref) / np.spacing(np.abs(ref).astype(dt))), "bitwise equal to s1:", np.array_equal(r[name], r['s1']))
