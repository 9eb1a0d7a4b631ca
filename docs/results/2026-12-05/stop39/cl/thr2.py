import numpy as np, pyopencl as cl
ctx = cl.Context(cl.get_platforms()[0].get_devices()); q = cl.CommandQueue(ctx)
prg = cl.Program(ctx, "__kernel void v(__global const float* a, __global float* o) { long g = get_global_id(0); vstore8(sin(vload8(g, a)), g, o); }\n__kernel void s(__global const float* a, __global float* o) { long g = get_global_id(0); o[g] = sin(a[g]); }").build()
def run(vecs):
    xs = np.array(vecs, dtype=np.float32).ravel()
    mf = cl.mem_flags
    ab = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=xs); ob = cl.Buffer(ctx, mf.WRITE_ONLY, xs.nbytes); sb = cl.Buffer(ctx, mf.WRITE_ONLY, xs.nbytes)
    prg.v(q, (len(xs) // 8,), None, ab, ob); prg.s(q, (len(xs),), None, ab, sb)
    o = np.empty_like(xs); s = np.empty_like(xs); cl.enqueue_copy(q, o, ob); cl.enqueue_copy(q, s, sb); q.finish()
    return o.reshape(-1, 8), s.reshape(-1, 8)
tests = {
 'tiny alone': [1e-40, .5, .5, .5, .5, .5, .5, .5],
 'tiny + 1e4': [1e-40, 1e4, .5, .5, .5, .5, .5, .5],
 'tiny + 1e5': [1e-40, 1e5, .5, .5, .5, .5, .5, .5],
 'tiny + 1e6': [1e-40, 1e6, .5, .5, .5, .5, .5, .5],
 'tiny + inf': [1e-40, np.inf, .5, .5, .5, .5, .5, .5],
 'tiny + nan': [1e-40, np.nan, .5, .5, .5, .5, .5, .5],
 '1e-30 + 1e6': [1e-30, 1e6, .5, .5, .5, .5, .5, .5],
 '1e-20 + 1e6': [1e-20, 1e6, .5, .5, .5, .5, .5, .5],
 '1e-10 + 1e6': [1e-10, 1e6, .5, .5, .5, .5, .5, .5],
 '1e-5 + 1e6': [1e-5, 1e6, .5, .5, .5, .5, .5, .5],
 '0.01 + 1e6': [0.01, 1e6, .5, .5, .5, .5, .5, .5],
}
for name, v in tests.items():
    o, s = run([v])
    d = np.where((o[0] != s[0]) & ~(np.isnan(o[0]) & np.isnan(s[0])))[0]
    print(f"{name:14s}", "ok" if len(d) == 0 else f"lanes {list(d)} differ: vector {o[0][d]} scalar {s[0][d]}")
