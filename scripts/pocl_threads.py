"""PoCL's worker threads with and without POCL_AFFINITY (README, "PoCL's threads").

Times a kernel of 16 multiply-adds over 2^21 float32 on the first OpenCL device, launched back
to back (or with a pause of ARGV[1] seconds after each launch), and prints the median of each
block of 50 launches. Debian's python3-pyopencl:

    /usr/bin/python3 scripts/pocl_threads.py                    # unpinned
    POCL_AFFINITY=1 /usr/bin/python3 scripts/pocl_threads.py    # each thread pinned to a core
"""
import pyopencl as cl, numpy as np, time, sys
ctx = cl.create_some_context(interactive=False); q = cl.CommandQueue(ctx)
body = "".join("v = v*0.999f + 0.001f;" for _ in range(16))
p = cl.Program(ctx, "__kernel void k(__global const float* a, __global float* o){ long i=get_global_id(0); float v=a[i]; %s o[i]=v; }" % body).build()
n = 1<<21; a = np.ones(n, np.float32)
A = cl.Buffer(ctx, cl.mem_flags.READ_WRITE|cl.mem_flags.COPY_HOST_PTR, hostbuf=a); O = cl.Buffer(ctx, cl.mem_flags.READ_WRITE, a.nbytes)
gap = float(sys.argv[1]) if len(sys.argv)>1 else 0
meds=[]
for b in range(12):
    ts=[]
    for r in range(50):
        t=time.perf_counter(); p.k(q,(n,),None,A,O); q.finish(); ts.append(time.perf_counter()-t)
        if gap: time.sleep(gap)
    ts.sort(); meds.append("%.2f" % (ts[25]*1e3))
print(" ".join(meds))
