"""Cases on float semantics: nonfinite (NaN/inf), round (half-even, floor, ceil) and math
(every function on its domain, out of domain, and at edge values)."""
import numpy as np

NAN, INF = np.nan, np.inf
F = {"f32": np.float32, "f64": np.float64}
SPECIALS = [NAN, INF, -INF, 0.0, -0.0, 1.0, -2.5]


def nonfinite(s):
    """NaN and +-inf through arithmetic, comparisons, minimum/maximum, reductions, sign..."""
    for t, dt in F.items():
        s.array(f"nf_{t}_x", SPECIALS, dt, (7, 1))
        s.array(f"nf_{t}_y", SPECIALS, dt, (1, 7))
    grid = [("add", "a + b"), ("sub", "a - b"), ("mul", "a * b"), ("div", "a / b"),
            ("minimum", "minimum(a, b)"), ("maximum", "maximum(a, b)")]
    for t in F:
        for op, expr in grid:
            s.case(f"nonfinite_{t}_{op}", expr, a=f"nf_{t}_x", b=f"nf_{t}_y")
    for op, expr in [("floordiv", "a // b"), ("mod", "a % b"), ("lt", "a < b"),
                     ("le", "a <= b"), ("eq", "a == b"), ("ne", "a != b"), ("ge", "a >= b")]:
        s.case(f"nonfinite_f64_{op}", expr, a="nf_f64_x", b="nf_f64_y")
    s.case("nonfinite_f32_mod", "a % b", a="nf_f32_x", b="nf_f32_y")
    s.case("nonfinite_f32_ne", "a != b", a="nf_f32_x", b="nf_f32_y")
    s.case("nonfinite_f64_f32_eq", "a == b", a="nf_f64_x", b="nf_f32_y")

    vals = [NAN, INF, -INF, 0.0, -0.0, 1.5, -2.5, 1e30]
    for t, dt in F.items():
        s.array(f"nf_{t}_vals", vals, dt)
        for fn in ("sign", "floor", "ceil", "round", "abs"):
            s.case(f"nonfinite_{t}_{fn}", f"{fn}(a)", a=f"nf_{t}_vals")
        s.case(f"nonfinite_{t}_negate", "-a", a=f"nf_{t}_vals")
        s.case(f"nonfinite_{t}_self_eq", "a == a", a=f"nf_{t}_vals")
        s.case(f"nonfinite_{t}_replace_nan", "where(a != a, 0.0, a)", a=f"nf_{t}_vals")
        s.case(f"nonfinite_{t}_gt_literal", "a > 1e20", a=f"nf_{t}_vals")
    s.case("nonfinite_f64_overflow", "a * 1e300", a="nf_f64_vals")
    s.case("nonfinite_f32_overflow", "a * 1e10", a="nf_f32_vals")
    s.case("nonfinite_f64_int_mix", "a + b", a="nf_f64_vals", b=("logic_i32", "::-1"))
    s.case("nonfinite_mask_mul", "(a > 0) * b", a=("promo_a_f64", "0"), b=("nf_f64_vals", ":4"))

    rows = [[1.0, 2.0, 3.0, 4.0], [1.0, NAN, -1.0, 0.0], [INF, 5.0, -INF, 2.0],
            [-INF, -INF, -INF, -INF], [NAN, NAN, 0.0, 1.0]]
    for t, dt in F.items():
        s.array(f"nf_{t}_rows", rows, dt)
        for red in ("min", "max"):
            s.case(f"nonfinite_{t}_{red}_axis1", f"{red}(a, axis=1)", a=f"nf_{t}_rows")
            s.case(f"nonfinite_{t}_{red}_axis0", f"{red}(a, axis=0)", a=f"nf_{t}_rows")
            s.case(f"nonfinite_{t}_{red}_all", f"{red}(a)", a=f"nf_{t}_rows")
        s.case(f"nonfinite_{t}_sum_axis1", "sum(a, axis=1)", a=f"nf_{t}_rows")
    s.case("nonfinite_f64_mean_axis1", "mean(a, axis=1)", a="nf_f64_rows")
    s.case("nonfinite_f64_prod_axis0", "prod(a, axis=0)", a="nf_f64_rows")
    s.case("nonfinite_max_without_nan_row", "max(a, axis=1)", a=("nf_f64_rows", "2:4"))


ROUND_F64 = [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.49999999999999994,
             -0.49999999999999994, 4503599627370495.5, 4503599627370497.0, 1e300, -0.3,
             2.4999999999999996, 0.0, -0.0, 5e-324, -7.5]
ROUND_F32 = [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.49999997, -0.49999997, 8388607.5,
             8388609.0, 1e30, -0.3, 2.4999998, 0.0, -0.0, 1e-45, -7.5]


def round_(s):
    """np.round rounds half to even; floor/ceil; on ints NumPy 2.4 keeps the integer dtype."""
    s.array("round_f64", ROUND_F64, np.float64, (3, 6))
    s.array("round_f32", ROUND_F32, np.float32, (3, 6))
    for t in F:
        for fn in ("round", "floor", "ceil"):
            s.case(f"round_{t}_{fn}", f"{fn}(a)", a=f"round_{t}")
        s.case(f"round_{t}_scaled", "round(a * 10) / 10", a=f"round_{t}")
        s.case(f"round_{t}_halves", "round(a + 0.5)", a=f"round_{t}")
        s.case(f"round_{t}_floor_neg", "floor(-a)", a=f"round_{t}")
    s.array("round_halves", [x + 0.5 for x in range(-6, 6)], np.float64, (3, 4))
    s.case("round_half_even_run", "round(a)", a="round_halves")
    s.case("round_half_even_f32", "round(a)", a=("round_f32", "0"))
    s.case("round_minus_floor", "a - floor(a)", a="round_halves")
    s.case("round_ceil_vs_floor", "ceil(a) - floor(a)", a="round_f64")
    for t in ("i32", "i64"):
        for fn in ("round", "floor", "ceil"):
            s.case(f"round_{t}_{fn}", f"{fn}(a)", a=f"promo_a_{t}")
    s.case("round_bool_floor", "floor(a)", a="promo_a_bool")
    s.case("round_bool_ceil", "ceil(a)", a="promo_a_bool")
    s.case("round_i32_div_then_round", "round(a / 2)", a="promo_a_i32")


def edge(t, *vals):
    """Edge values; symbolic: 'tiny' (least subnormal), 'minnorm', 'max', 'sub' (a
    subnormal), 'big' (1e300 or 1e30)."""
    fi = np.finfo(F[t])
    sym = {"tiny": fi.smallest_subnormal, "minnorm": fi.smallest_normal, "max": fi.max,
           "sub": 1e-310 if t == "f64" else 1e-40, "big": 1e300 if t == "f64" else 1e30}
    return [sym[v] if isinstance(v, str) else v for v in vals]


Z = [0.0, -0.0, INF, -INF, NAN, "tiny", "sub"]
# function -> (domain sampler(rng, n), extra edge values for f64, for f32)
MATH = {
    "sqrt": (lambda r, n: r.uniform(0, 100, n), [-1.0, "minnorm", "max", 4.0, 2.0],
             [-1.0, "minnorm", "max", 4.0, 2.0]),
    "exp": (lambda r, n: r.uniform(-20, 20, n), [700.0, 1000.0, -1000.0, -740.0, 1.0],
            [80.0, 100.0, -120.0, -100.0, 1.0]),
    "expm1": (lambda r, n: r.uniform(-5, 5, n), [1e-10, -1e-10, 800.0, -800.0, 1.0],
              [1e-10, -1e-10, 100.0, -100.0, 1.0]),
    "log": (lambda r, n: 10 ** r.uniform(-5, 5, n), [-1.0, 1.0, "max", "minnorm", np.e],
            [-1.0, 1.0, "max", "minnorm", np.e]),
    "log1p": (lambda r, n: r.uniform(-0.99, 10, n), [-1.0, -2.0, "big", -0.5, 1e-20],
              [-1.0, -2.0, "big", -0.5, 1e-20]),
    "log10": (lambda r, n: 10 ** r.uniform(-5, 5, n), [-1.0, 1.0, 10.0, 1000.0, "max"],
              [-1.0, 1.0, 10.0, 1000.0, "max"]),
    "log2": (lambda r, n: 2 ** r.uniform(-10, 10, n), [-1.0, 1.0, 8.0, 0.125, "max"],
             [-1.0, 1.0, 8.0, 0.125, "max"]),
    "sin": (lambda r, n: r.uniform(-10, 10, n), [1e6, -1e6, np.pi, np.pi / 2, 1e-300],
            [1e4, -1e4, np.pi, np.pi / 2, 1e-30]),
    "cos": (lambda r, n: r.uniform(-10, 10, n), [1e6, -1e6, np.pi, np.pi / 2, 1e-300],
            [1e4, -1e4, np.pi, np.pi / 2, 1e-30]),
    "tan": (lambda r, n: r.uniform(-1.5, 1.5, n), [1e6, -1e6, np.pi, 1.0, 1e-300],
            [1e4, -1e4, np.pi, 1.0, 1e-30]),
    "arcsin": (lambda r, n: r.uniform(-1, 1, n), [1.0, -1.0, 2.0, -2.0, 1.0000000000000002],
               [1.0, -1.0, 2.0, -2.0, 1.0000001]),
    "arccos": (lambda r, n: r.uniform(-1, 1, n), [1.0, -1.0, 2.0, -2.0, 1.0000000000000002],
               [1.0, -1.0, 2.0, -2.0, 1.0000001]),
    "arctan": (lambda r, n: r.uniform(-50, 50, n), ["big", -1.0, 1.0, 1e-300, "max"],
               ["big", -1.0, 1.0, 1e-30, "max"]),
    "sinh": (lambda r, n: r.uniform(-10, 10, n), [1000.0, -1000.0, 1e-300, 20.0, -1.0],
             [100.0, -100.0, 1e-30, 20.0, -1.0]),
    "cosh": (lambda r, n: r.uniform(-10, 10, n), [1000.0, -1000.0, 1e-300, 20.0, -1.0],
             [100.0, -100.0, 1e-30, 20.0, -1.0]),
    "tanh": (lambda r, n: r.uniform(-5, 5, n), [30.0, -30.0, 1e-300, 0.5, -19.0],
             [30.0, -30.0, 1e-30, 0.5, -9.0]),
    "exp2": (lambda r, n: r.uniform(-30, 30, n), [1024.0, -1074.0, -1075.0, 1023.5, 0.5],
             [128.0, -149.0, -150.0, 127.5, 0.5]),
    "arcsinh": (lambda r, n: r.uniform(-10, 10, n), ["big", -1e300, 1e-300, 0.5, -2.0],
                ["big", -1e30, 1e-30, 0.5, -2.0]),
    "arccosh": (lambda r, n: 1 + 10 ** r.uniform(-6, 3, n), [1.0, 0.5, -1.0, "big",
                1.0000000000000002], [1.0, 0.5, -1.0, "big", 1.0000001]),
    "arctanh": (lambda r, n: r.uniform(-1, 1, n), [1.0, -1.0, 2.0, 0.5, 0.9999999999999999],
                [1.0, -1.0, 2.0, 0.5, 0.99999994]),
}


def math(s):
    """Every math function: float64/float32 on a sensible domain, and at edge values: +-0,
    +-inf, nan, subnormals and out-of-domain points (log(-1), sqrt(-1), arcsin(2) -> nan)."""
    for fn, (sample, e64, e32) in MATH.items():
        rng = s.rng("math_" + fn)
        dom = sample(rng, 16)
        for t, dt in F.items():
            s.array(f"math_{fn}_{t}", dom, dt, (4, 4))
            extra = e64 if t == "f64" else e32
            s.array(f"math_{fn}_{t}_edge", edge(t, *Z, *extra), dt)
            s.case(f"math_{fn}_{t}", f"{fn}(a)", a=f"math_{fn}_{t}")
            s.case(f"math_{fn}_{t}_edge", f"{fn}(a)", a=f"math_{fn}_{t}_edge")
    s.array("math_small_i32", [0, 1, 2, 3, 5, 7, 10, 100, -1, -3], np.int32)
    s.array("math_small_i64", [0, 1, 2, 3, 5, 7, 10, 100, -1, -3], np.int64)
    for fn in ("sqrt", "exp", "log", "log2", "sin", "arctan", "tanh"):
        s.case(f"math_{fn}_i32", f"{fn}(a)", a="math_small_i32")
    for fn in ("expm1", "log10", "cos", "cosh", "exp2", "arcsinh"):
        s.case(f"math_{fn}_i64", f"{fn}(a)", a="math_small_i64")
    s.case("math_arccosh_i32", "arccosh(a)", a="math_small_i32")
    s.case("math_arctanh_i32", "arctanh(a)", a="math_small_i32")

    # arctan2(y, x): all quadrants, signed zeros and infinities
    y = [0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, 2.5]
    x = [0.0, -0.0, 1.0, -1.0, INF, -INF, NAN]
    for t, dt in F.items():
        s.array(f"math_arctan2_{t}_y", y, dt, (8, 1))
        s.array(f"math_arctan2_{t}_x", x, dt, (1, 7))
        s.case(f"math_arctan2_{t}_edge", "arctan2(a, b)", a=f"math_arctan2_{t}_y",
               b=f"math_arctan2_{t}_x")
        s.case(f"math_arctan2_{t}", "arctan2(a, b)", a=f"math_sin_{t}",
               b=(f"math_cos_{t}", "::-1, :"))
        s.case(f"math_hypot_{t}_edge", "hypot(a, b)", a=f"math_arctan2_{t}_y",
               b=f"math_arctan2_{t}_x")
        s.case(f"math_hypot_{t}", "hypot(a, b)", a=f"math_sin_{t}", b=(f"math_exp_{t}", "::-1, :"))
    s.case("math_arctan2_i32", "arctan2(a, b)", a="math_small_i32", b=("math_small_i32", "::-1"))
    s.case("math_hypot_i32", "hypot(a, b)", a="math_small_i32", b=("math_small_i32", "::-1"))
    s.case("math_hypot_f32_literal", "hypot(a, 2)", a=f"math_sin_f32")
    s.case("math_arctan2_f32_i32", "arctan2(a, b)", a=("math_sin_f32", "0"),
           b=("math_small_i32", ":4"))

    for t in F:
        for fn in ("floor", "ceil", "sign", "abs"):
            s.case(f"math_{fn}_{t}", f"{fn}(a)", a=f"math_sin_{t}")
        s.case(f"math_minimum_{t}", "minimum(a, b)", a=f"math_sin_{t}", b=f"math_cos_{t}")
        s.case(f"math_maximum_{t}", "maximum(a, b)", a=f"math_sin_{t}", b=f"math_cos_{t}")
