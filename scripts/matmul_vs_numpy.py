#!/usr/bin/env python3
"""matmul of two n x n matrices, float32 and float64 (issue 16): NumPy (its BLAS, OpenBLAS here),
numfuse on the JVM and on OpenCL devices, and a hand-written blocked Java loop (2 threads), side by
side, in GFLOP/s (2 n^3 flops over the median time). NumPy is not a build dependency: this script
times NumPy itself and runs scripts/MatmulVsLoop.java for the rest. Run from the repository root
after ./numfuse devices has built the jars:

    python3 scripts/matmul_vs_numpy.py [--n 1024] [--reps 11] [--targets jvm,opencl:0]
"""
import argparse
import os
import subprocess
import time

import numpy as np


def java():
    home = subprocess.run(["bash", "-c", ". scripts/java25.sh && echo $JAVA_HOME"], capture_output=True, text=True, check=True)
    return os.path.join(home.stdout.strip(), "bin", "java")


def numpy_rows(n, reps):
    rows = []
    for dt in (np.float32, np.float64):
        rng = np.random.default_rng(1)
        a, b = rng.random((n, n)).astype(dt), rng.random((n, n)).astype(dt)
        for _ in range(3):
            a @ b
        s = []
        for _ in range(reps):
            t0 = time.perf_counter()
            a @ b
            s.append(time.perf_counter() - t0)
        s.sort()
        med = s[reps // 2]
        rows.append(("numpy", np.dtype(dt).name, n, med, s[0], s[-1], 2.0 * n ** 3 / med / 1e9))
    return rows


def java_rows(n, reps, targets):
    cmd = [java(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Dnumfuse.calibration=off",
           "-cp", "bench/target/numfuse-bench.jar:bench/target/lib/*", "scripts/MatmulVsLoop.java", str(n), str(reps), targets]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    rows = []
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            f = line.split()
            rows.append((f[1], f[2], int(f[3]), float(f[4]), float(f[5]), float(f[6]), float(f[7])))
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1024)
    p.add_argument("--reps", type=int, default=11)
    p.add_argument("--targets", default="jvm,opencl:0")
    args = p.parse_args()
    print("uptime before:", open("/proc/loadavg").read().strip())
    rows = numpy_rows(args.n, args.reps) + java_rows(args.n, args.reps, args.targets)
    print("uptime after: ", open("/proc/loadavg").read().strip())
    print(f"{'case':28} {'dtype':8} {'n':>5} {'median s':>10} {'min s':>9} {'max s':>9} {'GFLOP/s':>8} {'x numpy':>8}")
    best = {r[1]: r[6] for r in rows if r[0] == "numpy"}
    for case, dt, n, med, lo, hi, gf in sorted(rows, key=lambda r: (r[1], -r[6])):
        print(f"{case:28} {dt:8} {n:5d} {med:10.4f} {lo:9.4f} {hi:9.4f} {gf:8.1f} {gf / best[dt]:8.2f}")


if __name__ == "__main__":
    main()
