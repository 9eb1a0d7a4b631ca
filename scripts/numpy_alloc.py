"""NumPy's a + b*c over 10^7 elements, allocating its result as NumPy always does: the reference for
numfuse's allocating form (issue 13, part 6; scripts/AllocVsAssign.java is numfuse's side), and the
same expression written into an existing array (np.add(a, b*c, out=o): b*c still allocates its
temporary). One call per sample, the rows taking turns, after 30 untimed calls each; median, 90th
percentile, min and max in ms.

    python3 scripts/numpy_alloc.py [n] [samples] [f32,f64]
"""
import sys
import time

import numpy as np


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    samples = int(sys.argv[2]) if len(sys.argv) > 2 else 61
    dtypes = (sys.argv[3] if len(sys.argv) > 3 else "f32,f64").split(",")
    for d in dtypes:
        t = np.float32 if d == "f32" else np.float64
        rng = np.random.default_rng(1)
        a, b, c = (rng.random(n).astype(t) for _ in range(3))
        o = np.zeros(n, dtype=t)
        keep = [None]

        def alloc():
            keep[0] = a + b * c

        def into():
            np.add(a, b * c, out=o)

        rows = [("alloc", alloc), ("into", into)]
        for _ in range(30):
            for _, f in rows:
                f()
        times = {name: [] for name, _ in rows}
        for k in range(samples):
            for j in range(len(rows)):
                name, f = rows[(j + k) % len(rows)]
                t0 = time.perf_counter()
                f()
                times[name].append(time.perf_counter() - t0)
        for name, _ in rows:
            s = sorted(times[name])
            ms = [x * 1e3 for x in (s[len(s) // 2], s[int(len(s) * 0.9)], s[0], s[-1])]
            print(f"numpy {np.__version__} {np.dtype(t).name} n={n} {name:5s} median {ms[0]:7.2f} ms  p90 {ms[1]:7.2f}  "
                  f"min {ms[2]:7.2f}  max {ms[3]:7.2f}")


if __name__ == "__main__":
    main()
