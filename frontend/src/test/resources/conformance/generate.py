#!/usr/bin/env python3
"""Generates numfuse's NumPy conformance suite: cases.tsv plus .npy fixtures in in/ and expected/.

    python3 generate.py        (NumPy 2.x: NEP 50 weak-scalar promotion is the reference)

Deterministic: every section draws from its own fixed-seed generator and the output directories
are rewritten from scratch, so re-running reproduces the same files byte for byte (transcendental
results may differ in the last bits on a CPU where NumPy picks other SIMD kernels; the
tolerances absorb that). The harness is frontend/src/test/java/io/numfuse/conformance/
NumpyConformanceTest.java.

Manifest cases.tsv: a header line, then one tab-separated line per case:
    id          stable name; the prefix up to the first '_' is the category below
    expr        the expression, in numfuse's language (= Python syntax, NumPy functions)
    inputs      name=in/file.npy or name=in/file.npy[VIEW], separated by ';'. VIEW is NumPy
                basic slicing ("1:-1, ::2", "::-1", "2" drops an axis) or T (transpose).
    expected    expected/<id>.npy (np.save of np.asarray(result): dtype and shape are checked),
                or ERROR:shape | ERROR:value | ERROR:axis | ERROR:type when NumPy raises
    tolerance   exact | ulp:N | sum:R   (- for errors); the rule is in conflib.py's doc:
                exact for bool/int results and correctly rounded float ops; ulp:N (N=4 per
                single transcendental or float **) ; sum:R for float sum/prod/mean, checked as
                |actual-expected| <= R*S with S from expected/<id>.abs.npy. NaN matches NaN, +0 == -0.

Cases per category (the generator checks these numbers):
    promo       207  every ordered dtype pair: + - * / < ==; every unordered pair: // % maximum where
    weak        104  bool/int/float literals with each dtype (incl. where(c, f32, 2.0) -> float32)
    truediv      10  int / int -> float64, by zero
    floordiv     37  // and % with negative operands, ints and floats, by zero
    pow          23  ** with ints (non-negative exponents), floats, mixed, special values
    wrap         27  int32/int64 wrap-around in + - * ** and -/abs of INT_MIN
    logic        26  & | ^ ~ on bool (logical) and ints (bitwise)
    cmparith     22  comparisons used in arithmetic, chained comparisons
    nonfinite    61  NaN/inf through arithmetic, comparisons, minimum/maximum, min/max, sign, round
    round        25  half-even rounding, floor, ceil (floats, ints, bool)
    math        119  every function on its domain, edge values (+-0, +-inf, nan, subnormals), int
    bcast        34  (3,1)x(1,4), (4,)x(3,4), 0-d arrays, 3-D, size-0 axes
    reduce      110  sum prod min max mean: all/axis 0,1,2,-1; result dtypes; empty arrays
    view         31  basic slices, integer indices, transposes of inputs
    error        23  NumPy raises: shape, value (negative int power, literal overflow, empty), axis,
                     type (a float shifted)
    deep         28  5-15 operations mixing all of the above, repeated names
    shift        24  << and >>: counts outside the bit width, promotion, weak counts, folding
    clip         21  np.clip: three-way promotion, NaN bounds, lo > hi, int bounds beyond the dtype
    func         25  square, reciprocal (NumPy's integer rule), isnan/isinf/isfinite on every dtype
    total       957
"""
import os
import re
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the test resources
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import cases_arith  # noqa: E402
import cases_float  # noqa: E402
import cases_ops  # noqa: E402
import cases_shape  # noqa: E402
from conflib import Suite  # noqa: E402

SECTIONS = [
    cases_arith.promo, cases_arith.weak, cases_arith.truediv, cases_arith.floordiv,
    cases_arith.pow_, cases_arith.wrap, cases_arith.logic, cases_arith.cmparith,
    cases_float.nonfinite, cases_float.round_, cases_float.math,
    cases_shape.bcast, cases_shape.reduce, cases_shape.view, cases_shape.error,
    cases_shape.deep, cases_ops.shift, cases_ops.clip, cases_ops.func,
]
MAX_BYTES = 2 * 1024 * 1024


def documented_counts():
    block = __doc__.split("Cases per category")[1]
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^\s+([a-z]+)\s+(\d+)", block, re.M)}


def main():
    if int(np.__version__.split(".")[0]) < 2:
        sys.exit("needs NumPy 2 (NEP 50 promotion)")
    suite = Suite(HERE)
    for section in SECTIONS:
        section(suite)
    suite.write()

    counts = dict(suite.counts, total=len(suite.cases))
    size = sum(os.path.getsize(os.path.join(HERE, d, f))
               for d in ("in", "expected") for f in os.listdir(os.path.join(HERE, d)))
    size += os.path.getsize(os.path.join(HERE, "cases.tsv"))
    for cat, n in counts.items():
        print(f"{cat:10s} {n:4d}")
    print(f"fixtures: {len(suite.inputs)} inputs, {len(suite.outputs)} outputs, {size} bytes")
    if counts != documented_counts():
        sys.exit("the counts in generate.py's doc are out of date: update them")
    if len(suite.cases) < 350 or size > MAX_BYTES:
        sys.exit("too few cases or fixtures too large")


if __name__ == "__main__":
    main()
