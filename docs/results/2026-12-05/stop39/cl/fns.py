import numpy as np, pyopencl as cl, sys
ctx = cl.Context(cl.get_platforms()[0].get_devices()); q = cl.CommandQueue(ctx)
un = ['sqrt','exp','exp2','expm1','log','log1p','log10','log2','sin','cos','tan','asin','acos','atan','sinh','cosh','tanh','asinh','acosh','atanh','floor','ceil','rint','fabs']
bi = ['atan2','hypot']
rng = np.random.default_rng(7)
for T, dt in [('float', np.float32), ('double', np.float64)]:
    tiny = np.finfo(dt).tiny
    specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, tiny, -tiny, tiny / 3, -tiny / 7, tiny * 0.5, 1e-30, 88.7, 709.0, -745.0, 1e10, 1e30, 0.5, 1.0, -1.0, 2.0, 1e6, 3e7], dtype=dt)
    xs = np.concatenate([specials, (rng.random(4096).astype(dt) - 0.5) * dt(20), (rng.random(4096).astype(dt) - 0.5) * dt(2e4), rng.standard_normal(4096).astype(dt) * np.exp2(rng.integers(-140 if dt == np.float32 else -1070, 0, 4096)).astype(dt)])
    ys = np.roll(xs, 5)
    n = len(xs) // 8 * 8; xs = xs[:n]; ys = ys[:n]
    src = "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n"
    for f in un:
        src += f"__kernel void s_{f}(__global const {T}* a, __global const {T}* b, __global {T}* o) {{ long g = get_global_id(0); o[g] = {f}(a[g]); }}\n"
        src += f"__kernel void v_{f}(__global const {T}* a, __global const {T}* b, __global {T}* o) {{ long g = get_global_id(0); vstore8({f}(vload8(g, a)), g, o); }}\n"
    for f in bi:
        src += f"__kernel void s_{f}(__global const {T}* a, __global const {T}* b, __global {T}* o) {{ long g = get_global_id(0); o[g] = {f}(a[g], b[g]); }}\n"
        src += f"__kernel void v_{f}(__global const {T}* a, __global const {T}* b, __global {T}* o) {{ long g = get_global_id(0); vstore8({f}(vload8(g, a), vload8(g, b)), g, o); }}\n"
    prg = cl.Program(ctx, src).build()
    mf = cl.mem_flags
    ab = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=xs); bb = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=ys)
    for f in un + bi:
        out = {}
        for kind, gs in [('s', n), ('v', n // 8)]:
            ob = cl.Buffer(ctx, mf.WRITE_ONLY, xs.nbytes)
            getattr(prg, f"{kind}_{f}")(q, (gs,), None, ab, bb, ob); q.finish()
            o = np.empty_like(xs); cl.enqueue_copy(q, o, ob); q.finish(); out[kind] = o
        s, v = out['s'], out['v']
        both_nan = np.isnan(s) & np.isnan(v)
        diff = ~both_nan & (s != v)
        ulp = np.where(diff, np.abs(s.astype(np.float64) - v.astype(np.float64)) / np.spacing(np.maximum(np.abs(s), np.abs(v)).astype(dt)).astype(np.float64), 0)
        ulp = np.nan_to_num(ulp, nan=1e9, posinf=1e9)
        bad = ulp > 4
        if bad.any():
            i = np.argmax(ulp)
            print(T, f, "vector vs scalar: %d differ by > 4 ulp, worst x=%r y=%r scalar %r vector %r" % (bad.sum(), xs[i], ys[i], s[i], v[i]))
        else:
            print(T, f, "ok (max %.1f ulp apart, %d differ)" % (ulp.max(), diff.sum()))
