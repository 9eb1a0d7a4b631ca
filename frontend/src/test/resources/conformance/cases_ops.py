"""Cases on the ops issue 12 added: shift (<< and >>), clip, and func (square, reciprocal and
the tests isnan, isinf, isfinite). The transcendental ones (exp2, arcsinh, arccosh, arctanh,
hypot) are in cases_float.math with the other functions."""
import numpy as np

NAN, INF = np.nan, np.inf
I32_MIN, I32_MAX = -2**31, 2**31 - 1
I64_MIN, I64_MAX = -2**63, 2**63 - 1


def shift(s):
    """<< and >> on int32/int64: NumPy's rule for counts below 0 or from the bit width up (every
    bit shifted out: 0, or -1 for a negative >>), promotion, weak counts, Python's folding of two
    ints, and the precedence between + and &."""
    s.array("shift_i32", [1, -1, 5, -8, 2**30, I32_MIN, 7, I32_MAX, 3, -3], np.int32)
    s.array("shift_n32", [0, 1, 31, 32, 33, -1, -32, 1, 100, 2], np.int32)
    s.array("shift_i64", [1, -1, 5, -8, 2**62, I64_MIN, 7, I64_MAX, 3, -3], np.int64)
    s.array("shift_n64", [0, 1, 63, 64, 65, -1, -64, 1, 100, 2], np.int64)
    s.array("shift_bool", [True, False, True, True, False, True, False, False, True, True], np.bool_)
    s.array("func_f64_shift", [1.0, 2.0], np.float64)
    for t in ("i32", "i64"):
        n = "shift_n32" if t == "i32" else "shift_n64"
        s.case(f"shift_{t}_left", "a << b", a=f"shift_{t}", b=n)
        s.case(f"shift_{t}_right", "a >> b", a=f"shift_{t}", b=n)
        s.case(f"shift_{t}_left_literal", "a << 3", a=f"shift_{t}")
        s.case(f"shift_{t}_right_literal", "a >> 1", a=f"shift_{t}")
        s.case(f"shift_{t}_literal_base", "1 << b", b=n)
        s.case(f"shift_{t}_right_negative_literal", "-1024 >> b", b=n)
        s.case(f"shift_{t}_count_width", "a << 40", a=f"shift_{t}")
        s.case(f"shift_{t}_count_negative", "a >> -1", a=f"shift_{t}")
    s.case("shift_i32_i64", "a << b", a="shift_i32", b="shift_n64")
    s.case("shift_i64_i32", "a >> b", a="shift_i64", b="shift_n32")
    s.case("shift_bool_literal", "a << 2", a="shift_bool")
    s.case("shift_bool_i32", "a >> b", a="shift_bool", b="shift_n32")
    s.case("shift_folded", "a + (1 << 40) - (-8 >> 1)", a="shift_i64")
    s.case("shift_folded_big", "a + ((1 << 100) >> 98)", a="shift_i32")
    s.case("shift_precedence", "a << 1 + 1 & 255", a="shift_i32")
    s.case("shift_then_compare", "(a >> 2) < (a << 1)", a="shift_i32")
    s.error("error_type_shift_float", "a << 1", "type", a="func_f64_shift")
    s.error("error_type_shift_float_count", "a >> 1.5", "type", a="shift_i32")
    s.error("error_value_shift_count_overflow", "a << 2**40", "value", a="shift_i32")


CLIP_X = [-3.0, -0.5, 0.0, -0.0, 0.5, 2.0, 7.5, NAN, INF, -INF, 1e30, -1e-30]


def clip(s):
    """np.clip: the promotion of three operands, NaN in any of them, lo > hi (hi everywhere),
    array bounds, and Python int bounds beyond an int array's range (NumPy leaves that side open)."""
    for t, dt in (("f32", np.float32), ("f64", np.float64)):
        s.array(f"clip_{t}", CLIP_X, dt, (3, 4))
        s.array(f"clip_{t}_lo", [NAN, 0.0, -1.0, 1.0], dt)
        s.case(f"clip_{t}", "clip(a, -1, 2.5)", a=f"clip_{t}")
        s.case(f"clip_{t}_inverted", "clip(a, 3, -3)", a=f"clip_{t}")
        s.case(f"clip_{t}_nan_lo", "clip(a, b, 1)", a=f"clip_{t}", b=f"clip_{t}_lo")
        s.case(f"clip_{t}_nan_hi", "clip(a, -1, b)", a=f"clip_{t}", b=f"clip_{t}_lo")
        s.case(f"clip_{t}_array_bounds", "clip(a, b - 2, b + 2)", a=f"clip_{t}", b=f"clip_{t}_lo")
    s.case("clip_f32_f64_bounds", "clip(a, b, 1)", a="clip_f32", b="clip_f64_lo")
    s.array("clip_i32", [-5, -1, 0, 3, 7, 100, I32_MIN, I32_MAX], np.int32)
    s.array("clip_i64", [-5, -1, 0, 3, 7, 100, I64_MIN, I64_MAX], np.int64)
    s.array("clip_bool", [True, False, True, False, False, True, True, False], np.bool_)
    s.case("clip_i32", "clip(a, 0, 10)", a="clip_i32")
    s.case("clip_i32_float_bound", "clip(a, 0.5, 10)", a="clip_i32")
    s.case("clip_i32_wide_bounds", "clip(a, -2**40, 2**40)", a="clip_i32")
    s.case("clip_i32_wide_lo", "clip(a, -2**31 - 1, 5)", a="clip_i32")
    s.case("clip_i64_wide_bounds", "clip(a, -2**70, 2**70)", a="clip_i64")
    s.case("clip_i64", "clip(a, -3, 3)", a="clip_i64")
    s.case("clip_i32_i64_bounds", "clip(a, b, 50)", a="clip_i32", b="clip_i64")
    s.case("clip_bool_int_bounds", "clip(a, 0, 1)", a="clip_bool")
    s.case("clip_bool_bool_bounds", "clip(a, False, True)", a="clip_bool")
    s.case("clip_scalar", "clip(2.5, a, 1)", a="clip_f32")
    s.error("error_value_clip_lo_beyond_int32", "clip(a, 2**40, 3)", "value", a="clip_i32")
    s.error("error_value_clip_hi_below_int32", "clip(a, 0, -2**40)", "value", a="clip_i32")


def func(s):
    """square and reciprocal (on ints NumPy's rules: square wraps, reciprocal is 1.0/x converted
    back, the minimum for 0 on x86-64), and isnan/isinf/isfinite on every dtype."""
    s.array("func_i32", [0, 1, 2, -1, -2, 3, -3, I32_MIN, I32_MAX, 46341], np.int32)
    s.array("func_i64", [0, 1, 2, -1, -2, 3, -3, I64_MIN, I64_MAX, 3037000500], np.int64)
    for t, dt in (("f32", np.float32), ("f64", np.float64)):
        s.array(f"func_{t}", [0.0, -0.0, INF, -INF, NAN, 2.0, 3.0, -7.5, 1e-40, 1e20], dt)
    for t in ("i32", "i64", "f32", "f64"):
        s.case(f"func_{t}_square", "square(a)", a=f"func_{t}")
        s.case(f"func_{t}_reciprocal", "reciprocal(a)", a=f"func_{t}")
    for t in ("f32", "f64"):
        for fn in ("isnan", "isinf", "isfinite"):
            s.case(f"func_{t}_{fn}", f"{fn}(a)", a=f"func_{t}")
        s.case(f"func_{t}_replace_nonfinite", "where(isfinite(a), a, 0)", a=f"func_{t}")
        s.case(f"func_{t}_isnan_of_result", "isnan(a * 0)", a=f"func_{t}")
    for t in ("i32", "i64"):
        s.case(f"func_{t}_isnan", "isnan(a)", a=f"func_{t}")
        s.case(f"func_{t}_isfinite", "isfinite(a)", a=f"func_{t}")
    s.case("func_bool_isinf", "isinf(a)", a="shift_bool")
    s.case("func_square_literal_mix", "square(a) - a * a", a="func_f64")
    s.case("func_reciprocal_f32_literal", "reciprocal(a) * 2", a="func_f32")
