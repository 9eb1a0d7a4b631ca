#!/usr/bin/env python3
"""Writes the fixture of numfuse's repr test: NumPy's own repr of each case, to be matched exactly.

    python3 scripts/repr_fixtures.py        (NumPy 2.x, default print options)

Output, rewritten from scratch (deterministic: fixed-seed generators):
    frontend/src/test/resources/repr/in/<id>.npy   the input array (C order, its dtype)
    frontend/src/test/resources/repr/cases.txt     per case a header line, then NumPy's repr:

        === <id> in/<id>.npy [VIEW]
        array([1. , 2.5])

The environment variables REPR_RANDOM (default 40) and REPR_SEED (default 6) set the number and
generator of the random float cases; a larger run checks numfuse against NumPy more widely (the
committed fixture is the default).

VIEW (optional) is applied to the loaded array before printing, by NumPy here and by numfuse in
the test: T (transpose) or NumPy basic slicing ("1:, ::-1", "0") as NDArray.slice takes it. The
repr runs until the next '=== ' line; its lines never start with '=== '.
The harness is frontend/src/test/java/io/numfuse/ReprTest.java.
"""
import os
import re
import shutil
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "frontend", "src", "test",
                    "resources", "repr")
VIEW = re.compile(r"T|[-0-9:, ]+")
F32, F64, I32, I64, B = np.float32, np.float64, np.int32, np.int64, np.bool_
cases = []


def case(cid, values, dtype, shape=None, view=None):
    """One case: the array of `values` as `dtype` (reshaped to `shape`), printed through `view`."""
    arr = np.array(values, dtype=dtype)
    if shape is not None:
        arr = arr.reshape(shape)
    assert arr.dtype in (F32, F64, I32, I64, B), arr.dtype
    assert re.fullmatch(r"[a-z0-9_]+", cid) and cid not in (c[0] for c in cases), cid
    shown = arr
    if view is not None:
        assert VIEW.fullmatch(view), view
        shown = arr.T if view == "T" else eval(f"arr[{view}]", {"arr": arr})
    text = repr(shown)
    assert not any(line.startswith("=== ") for line in text.split("\n"))
    cases.append((cid, arr, view, text))


def scalar_cases():
    case("f64_0d", 3.5, F64)
    case("f64_0d_neg_zero", -0.0, F64)
    case("f64_0d_small", 1e-5, F64)
    case("f64_0d_large", 1e9, F64)
    case("f64_0d_nan", np.nan, F64)
    case("f64_0d_neg_inf", -np.inf, F64)
    case("f32_0d", 3.5, F32)
    case("f32_0d_tenth", 0.1, F32)
    case("i64_0d", -7, I64)
    case("i32_0d", 42, I32)
    case("bool_0d_true", True, B)
    case("bool_0d_false", False, B)


def float_cases():
    case("f64_issue_example", [1.0, 2.5, 3.0, 4.0], F64, (2, 2))
    case("f64_whole", [1.0, 2.0, 3.0], F64)
    case("f64_decimal_alignment", [0.5, 100.25, -3.0], F64)
    case("f64_tenths", [0.1, 0.2, 0.3, 0.1 + 0.2], F64)
    case("f64_thirds", [1 / 3, 2 / 3, 1.0], F64)
    case("f64_negative", [-1.5, 2.25, -3.125, 0.0], F64)
    case("f64_neg_zero", [0.0, -0.0, 1.0], F64)
    case("f64_eight_digits", [0.123456789123, 1.0], F64)
    case("f64_round_up_to_one", [0.999999999, 0.5], F64)
    case("f64_tie_half_even", [1 / 512, 1.0], F64)
    case("f64_large_positional", [99999999.99, 1.0e5], F64)
    case("f64_small_sci", [1e-5, 1.0], F64)
    case("f64_small_alone", [1e-5, 2e-5], F64)
    case("f64_limit_small", [1e-4, 0.1], F64)
    case("f64_large_sci", [1e9, 1.0], F64)
    case("f64_limit_large", [1e8, 2e8], F64)
    case("f64_ratio_1000", [1000.0, 1.0], F64)
    case("f64_ratio_1001", [1001.0, 1.0], F64)
    case("f64_mixed_magnitudes", [1e-3, 12345.678, -0.5, 7.0], F64)
    case("f64_three_digit_exponent", [1e100, -1e-100, 1.0], F64)
    case("f64_sci_zeros", [0.0, 1e-5, -0.0], F64)
    case("f64_nan_inf", [np.nan, 1.0, np.inf, -np.inf], F64)
    case("f64_only_nonfinite", [np.nan, np.inf], F64)
    case("f64_only_nonfinite_neg", [np.nan, np.inf, -np.inf], F64)
    case("f64_nan_sci", [np.nan, 1.5, 1e10], F64)
    case("f64_subnormal_alone", [5e-324], F64)
    case("f64_subnormals", [5e-324, 1e-323, 1.5e-323, 2.5e-323], F64)
    case("f64_extremes", [5e-324, 1e308, -2.2250738585072014e-308], F64)
    case("f32_extremes", [1e-45, 3.4028235e38, 3e-45], F32)
    case("f32_subnormal_alone", [1e-45, 3e-45], F32)
    case("f64_inf_wide", [np.inf, 123456.5, 0.25], F64)
    case("f64_random", np.random.default_rng(1).normal(size=6), F64)
    case("f64_random_wrap", np.random.default_rng(2).normal(size=20), F64)
    case("f64_arange_wrap", np.arange(30.0) * 1.5, F64)
    case("f64_2d_wide_rows", np.random.default_rng(3).uniform(-10, 10, 36), F64, (3, 12))
    case("f64_2d_sci", [[1e-7, 2.0], [3e5, -4.5]], F64)
    case("f64_3d", np.arange(24.0) / 4, F64, (2, 3, 4))
    case("f64_4d", np.arange(120.0) - 60, F64, (2, 3, 4, 5))
    case("f64_unit_dims", [2.5], F64, (1, 1, 1))
    case("f64_column", [1.0, 22.5, 333.25], F64, (3, 1))
    case("f32_tenths", [0.1, 0.2, 1 / 3], F32)
    case("f32_tenth_alone", [0.1], F32)
    case("f32_cutoff_1e6", [1e6, 1.0], F32)
    case("f32_below_cutoff", [999999.0, 123456.0], F32)
    case("f32_large_alone", [16777216.0], F32)
    case("f32_limit_small", [1e-4, 1e-2], F32)
    case("f32_small_sci", [1e-5, 0.1], F32)
    case("f32_nan_inf", [np.nan, -np.inf, 0.5], F32)
    case("f32_random_2d", np.random.default_rng(4).normal(size=12), F32, (3, 4))
    case("f32_min_digits", [0.1, 1.23456789e-5], F32)


def int_bool_cases():
    case("i64_small", [1, 2, 3], I64)
    case("i64_padding", [-5, 10, 100000], I64)
    case("i64_extremes", [2**62, -(2**62), 0], I64)
    case("i64_2d", [[1, -22, 333], [4444, 5, -6]], I64)
    case("i64_3d", np.arange(24), I64, (2, 3, 4))
    case("i64_wrap", np.arange(40) * 1000, I64)
    case("i32_small", [1, 2, 3], I32)
    case("i32_2d", [[-1, 20], [300, -4000]], I32)
    case("i32_wrap", np.arange(-30, 30) * 7, I32)
    case("bool_1d", [True, False], B)
    case("bool_all_false", [False, False, False], B)
    case("bool_2d", [[True, False, True], [False, True, True]], B)
    case("bool_wrap", np.arange(20) % 3 == 0, B)


def empty_cases():
    case("empty_f64_1d", [], F64)
    case("empty_f64_0x3", np.zeros((0, 3)), F64)
    case("empty_f64_3x0", np.zeros((3, 0)), F64)
    case("empty_f64_2x0x3", np.zeros((2, 0, 3)), F64)
    case("empty_f32_1d", [], F32)
    case("empty_i64_1d", [], I64)
    case("empty_i32_0x2", np.zeros((0, 2)), I32)
    case("empty_bool_1d", [], B)


def summary_cases():
    rng = np.random.default_rng(5)
    case("big_f64_arange", np.arange(2000.0), F64)
    case("big_f64_linspace", np.linspace(0, 1, 1001), F64)
    case("big_f64_exactly_1000", np.arange(1000.0) / 8, F64)
    case("big_f64_2d", rng.normal(size=2500), F64, (50, 50))
    case("big_f64_2x600", rng.uniform(0, 1, 1200), F64, (2, 600))
    case("big_f64_3d", rng.normal(size=2000), F64, (10, 10, 20))
    case("big_f64_4d", np.arange(4096.0), F64, (8, 8, 8, 8))
    case("big_f64_wide_rows", rng.normal(size=3000) * 1e5, F64, (3, 1000))
    case("big_f32_1d", np.arange(3000) / 7, F32)
    case("big_f32_2d", rng.normal(size=1600), F32, (40, 40))
    case("big_i64_1d", np.arange(2000), I64)
    case("big_i64_2d", np.arange(1600) * 37, I64, (40, 40))
    case("big_i32_1d", np.arange(2000) - 1000, I32)
    case("big_i32_3d", np.arange(1331), I32, (11, 11, 11))
    case("big_bool_1d", np.arange(2000) % 2 == 0, B)
    case("big_bool_2d", np.arange(1600) % 3 == 0, B, (40, 40))
    case("big_nan_edges", np.concatenate([[np.nan, 1.0], np.arange(2000.0), [np.inf, -1.5]]), F64)
    case("big_shown_only", np.concatenate([[0.5] * 3, [1e-9] * 1000, [2.5] * 3]), F64)


def view_cases():
    case("view_transpose_2d", [[1.0, 2.5, 3.0], [4.0, 5.0, 6.75]], F64, view="T")
    case("view_transpose_3d", np.arange(24), I64, (2, 3, 4), view="T")
    case("view_step", np.arange(10.0) * 0.5, F64, view="::2")
    case("view_reversed_2d", np.arange(12.0).reshape(3, 4) / 3, F64, view="1:, ::-1")
    case("view_index", np.arange(24.0), F64, (2, 3, 4), view="1")
    case("view_changes_format", [1e-5, 1.0, 2.0], F64, view="1:")
    case("view_big_step", np.arange(3000.0), F64, view="::2")
    case("view_f32_column", np.arange(12) / 3, F32, (3, 4), view=":, 1")
    case("view_bool_transpose", [[True, False], [False, False], [True, True]], B, view="T")


def random_values(rng, dtype, n):
    """n values of one random style: mixed magnitudes, few digits, whole numbers, or non-finite mixed in."""
    style = rng.integers(4)
    lo = int(rng.integers(-9, 10))
    hi = lo + int(rng.integers(0, 5))
    v = rng.choice([-1.0, 1.0], n) * rng.uniform(1, 10, n) * 10.0 ** rng.integers(lo, hi + 1, n)
    if style == 1:
        v = np.round(v, rng.integers(0, 4))
    elif style == 2:
        v = np.round(v)
    elif style == 3:
        v[rng.integers(n, size=max(1, n // 4))] = rng.choice([np.nan, np.inf, -np.inf, -0.0, 0.0])
    return np.array(v, dtype=dtype)


def random_cases(count, seed):
    """`count` random float arrays (both float types, 1-d or 2-d), drawn from generator `seed`."""
    rng = np.random.default_rng(seed)
    for i in range(count):
        dtype = (F32, F64)[i % 2]
        n = int(rng.integers(1, 25))
        with np.errstate(over="ignore"):
            v = random_values(rng, dtype, n)
        shape = (n // 4, 4) if n % 4 == 0 and rng.integers(2) else None
        case(f"random_{seed}_{i}", v, dtype, shape)


def write():
    shutil.rmtree(ROOT, ignore_errors=True)
    os.makedirs(os.path.join(ROOT, "in"))
    with open(os.path.join(ROOT, "cases.txt"), "w", encoding="utf-8", newline="\n") as out:
        for cid, arr, view, text in cases:
            with open(os.path.join(ROOT, "in", cid + ".npy"), "wb") as f:
                np.save(f, np.array(arr, order="C"), allow_pickle=False)
            out.write(f"=== {cid} in/{cid}.npy" + ("" if view is None else f" {view}") + "\n")
            out.write(text + "\n")


def main():
    if int(np.__version__.split(".")[0]) < 2:
        sys.exit("NumPy 2.x is the reference (shape= on summarised arrays, float32's 1e6 cutoff)")
    for section in (scalar_cases, float_cases, int_bool_cases, empty_cases, summary_cases,
                    view_cases):
        section()
    random_cases(int(os.environ.get("REPR_RANDOM", "40")), int(os.environ.get("REPR_SEED", "6")))
    write()
    print(f"{len(cases)} cases written to {os.path.normpath(ROOT)}")


if __name__ == "__main__":
    main()
