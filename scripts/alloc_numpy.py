#!/usr/bin/env python3
"""NumPy's `a + b*c` allocating its result, next to numfuse's `bench loops` rows (issue 13).

Usage (from the repository root; Python 3 with NumPy 2):

    python3 scripts/alloc_numpy.py                      # 10^7 float32 and float64, 21 samples
    python3 scripts/alloc_numpy.py --size 1000000 --repeats 41 --json numpy-alloc.json

Prints the rows in the columns of `numfuse bench` (case, n, dtype, target, mode, median, min,
max, ratio), so that they can sit next to `./numfuse bench loops --cases alloc`:

- `numpy alloc`: `a + b*c`, as NumPy code is written: a temporary for b*c and a new result;
- `numpy into`: `np.multiply(b, c, out=o); np.add(a, o, out=o)`, writing an existing array
  (numfuse's `into`); the ratios are to it, as in numfuse's table, median and worst;
- `numpy into-temp`: `np.add(a, b*c, out=o)`, an existing result but a temporary for b*c.

`--calls-per-sample 1` times one call per sample (the form of the former
scripts/numpy_alloc.py, folded in here, whose figures are in docs/PERFORMANCE.md).

The timing follows numfuse's bench (Measure.java): inputs uniform in [0, 1) (seeded), a
warm-up of at least --warmup ms and 3 calls, which also sets how many calls a sample times (at
least 5 ms of them, from the fastest call), then --repeats samples taken round-robin over the
rows so that a burst of load hits both alike. The worst sample is the max column.
"""
import argparse
import json
import os
import platform
import time

import numpy as np

MIN_SAMPLE_S = 0.005


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return None


def fmt(s):
    """A duration as numfuse's bench prints it (BenchCommand.time)."""
    if s < 1e-6:
        return f"{s * 1e9:.0f} ns"
    if s < 1e-3:
        return f"{s * 1e6:.2f} us"
    if s < 1:
        return f"{s * 1e3:.3f} ms"
    return f"{s:.3f} s"


def rows_for(n, dtype):
    rng = np.random.default_rng(1)
    a, b, c = (rng.random(n, dtype=dtype) for _ in range(3))
    o = np.empty(n, dtype=dtype)
    last = [None]

    def alloc():
        last[0] = a + b * c

    def into():
        np.multiply(b, c, out=o)
        np.add(a, o, out=o)

    alloc()
    into()
    if not np.array_equal(last[0], o):
        raise SystemExit("alloc_numpy: alloc and into differ")
    def into_temp():
        np.add(a, b * c, out=o)

    return [{"mode": m, "call": f, "dtype": np.dtype(dtype).name, "n": n}
            for m, f in (("alloc", alloc), ("into", into), ("into-temp", into_temp))]


def warm_up(row, warmup_s, calls_per_sample):
    start, calls, fastest = time.perf_counter(), 0, float("inf")
    while calls < 3 or time.perf_counter() - start < warmup_s:
        t0 = time.perf_counter()
        row["call"]()
        fastest = min(fastest, time.perf_counter() - t0)
        calls += 1
    row["batch"] = calls_per_sample or max(1, int(np.ceil(MIN_SAMPLE_S / max(fastest, 1e-9))))


def measure(rows, repeats, warmup_s, calls_per_sample):
    for r in rows:
        warm_up(r, warmup_s, calls_per_sample)
        r["samples"] = []
    for k in range(repeats):
        for i in range(len(rows)):
            r = rows[(i + k) % len(rows)]
            t0 = time.perf_counter()
            for _ in range(r["batch"]):
                r["call"]()
            r["samples"].append((time.perf_counter() - t0) / r["batch"])
    for r in rows:
        s = sorted(r["samples"])
        r["median"], r["min"], r["max"] = float(np.median(s)), s[0], s[-1]
    into = next(r for r in rows if r["mode"] == "into")
    for r in rows:
        if r is not into:
            r["ratio"], r["worst_ratio"] = r["median"] / into["median"], r["max"] / into["max"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, default=10_000_000, help="elements per array (default 10^7)")
    p.add_argument("--dtype", choices=["f32", "f64", "both"], default="both")
    p.add_argument("--repeats", type=int, default=21, help="samples per row (default 21)")
    p.add_argument("--warmup", type=int, default=200, help="warm-up per row in ms (default 200)")
    p.add_argument("--calls-per-sample", type=int, default=0,
                   help="calls timed per sample (default 0: as many as fill 5 ms; 1: each call alone)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = p.parse_args()
    dtypes = {"f32": [np.float32], "f64": [np.float64], "both": [np.float32, np.float64]}[args.dtype]
    load_before = load_average()
    groups = []
    for dt in dtypes:
        rows = rows_for(args.size, dt)
        measure(rows, args.repeats, args.warmup / 1000, args.calls_per_sample)
        groups.append(rows)
    load = f"{load_before} before, {load_average()} after" if load_before else None
    print(f"NumPy {np.__version__} (Python {platform.python_version()}): a + b*c, n={args.size}; {os.cpu_count()} cpus; "
          f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')}")
    print(f"median of {args.repeats} samples per row, with min and max; ratio = median / median of into"
          + (f"; load average {load}" if load else ""))
    head = ["case", "n", "dtype", "target", "mode", "median", "min", "max", "ratio", "worst/worst"]
    cells = []
    for rows in groups:
        for r in rows:
            ratio = "ref" if r["mode"] == "into" else f"{r['ratio']:.2f}x"
            worst = "" if r["mode"] == "into" else f"{r['worst_ratio']:.2f}x"
            cells.append(["a+b*c", str(r["n"]), r["dtype"], "numpy", r["mode"], fmt(r["median"]), fmt(r["min"]), fmt(r["max"]), ratio, worst])
    w = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(head)]
    for line in [head] + cells:
        print("  ".join(c.rjust(w[i]) if i == 1 or i >= 5 else c.ljust(w[i]) for i, c in enumerate(line)).rstrip())
    print("alloc: a + b*c (a temporary for b*c, a new result); into: np.multiply(b, c, out=o); np.add(a, o, out=o);"
          " into-temp: np.add(a, b*c, out=o).")
    if args.json:
        results = [{"case": "a+b*c", "n": r["n"], "dtype": r["dtype"], "target": "numpy", "mode": r["mode"],
                    "median_s": r["median"], "min_s": r["min"], "max_s": r["max"], "samples": len(r["samples"]),
                    "calls_per_sample": r["batch"], **({"ratio": r["ratio"], "worst_ratio": r["worst_ratio"], "ratio_to": "numpy/into"}
                                                       if r["mode"] != "into" else {})}
                   for rows in groups for r in rows]
        with open(args.json, "w") as f:
            json.dump({"command": "scripts/alloc_numpy.py", "numpy": np.__version__, "python": platform.python_version(),
                       "machine": {"cpus": os.cpu_count()}, "load_average": load, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                       "settings": {"repeats": args.repeats, "warmup_ms": args.warmup, "min_sample_ms": MIN_SAMPLE_S * 1000,
                                    "calls_per_sample": args.calls_per_sample},
                       "results": results}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
