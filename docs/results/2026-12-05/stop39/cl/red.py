import sys, time, numpy as np, pyopencl as cl
ctx = cl.Context(cl.get_platforms()[0].get_devices())
q = cl.CommandQueue(ctx)
n = 1_000_000
a = np.random.rand(n).astype(np.float32)
mf = cl.mem_flags
ab = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=a)
src = open(sys.argv[1]).read()
prg = cl.Program(ctx, src).build(options="-cl-std=CL1.2")
for nparts in [int(x) for x in sys.argv[2].split(",")]:
    part = cl.Buffer(ctx, mf.READ_WRITE, 16 * nparts)
    out = cl.Buffer(ctx, mf.READ_WRITE, 4)
    k = prg.nf_reduce
    k.set_args(ab, out, np.int32(0), np.int32(0), np.int32(n), np.int64(nparts), part)
    ts = []
    for i in range(200):
        t0 = time.perf_counter()
        cl.enqueue_nd_range_kernel(q, k, (nparts,), None)
        q.finish()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    p = np.empty(2 * nparts); cl.enqueue_copy(q, p, part); q.finish()
    print(f"{sys.argv[1]} nparts={nparts}: median {ts[len(ts)//2]*1e6:.1f} us min {ts[0]*1e6:.1f}; sum {p[0::2].sum()+p[1::2].sum():.6f} vs {a.astype(np.float64).sum():.6f}")
