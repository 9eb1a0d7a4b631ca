import sys, time, numpy as np, pyopencl as cl
ctx = cl.Context(cl.get_platforms()[0].get_devices())
q = cl.CommandQueue(ctx)
n = 1_000_000
a = np.random.rand(n).astype(np.float32)
mf = cl.mem_flags
ab = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=a)
prg = cl.Program(ctx, open('full.cl').read()).build()
out = cl.Buffer(ctx, mf.READ_WRITE, 4)
for mode in ["main", "main+final", "main+final+alloc"]:
  for nparts in [4096, 256, 32]:
    part = cl.Buffer(ctx, mf.READ_WRITE, 16 * nparts)
    ts = []
    for i in range(300):
        t0 = time.perf_counter()
        if mode.endswith("alloc"): part = cl.Buffer(ctx, mf.READ_WRITE, 16 * nparts)
        prg.nf_reduce(q, (nparts,), None, ab, out, np.int32(0), np.int32(0), np.int32(n), np.int64(nparts), part)
        if "final" in mode: prg.nf_final(q, (1,), None, out, part, np.int32(0), np.int64(nparts))
        q.finish()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    r = np.empty(1, np.float32); cl.enqueue_copy(q, r, out); q.finish()
    print(f"{mode} nparts={nparts}: median {ts[len(ts)//2]*1e6:.1f} us min {ts[0]*1e6:.1f}  {r[0]:.2f} vs {a.astype(np.float64).sum():.2f}")
