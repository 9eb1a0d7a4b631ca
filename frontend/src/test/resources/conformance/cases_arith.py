"""Cases on dtypes and integer/float arithmetic: promo, weak, truediv, floordiv, pow, wrap,
logic, cmparith. Each function adds one category to the suite (see generate.py)."""
import itertools

import numpy as np

SHORT = {"bool": np.bool_, "i32": np.int32, "i64": np.int64, "f32": np.float32,
         "f64": np.float64}
I32_MIN, I32_MAX = -2**31, 2**31 - 1
I64_MIN, I64_MAX = -2**63, 2**63 - 1

# Operand values chosen so that a wrong promotion shows in the values, not only the dtype:
# 16777217 is not a float32, 5e9 is not an int32, 2^53+1 is not a float64, 0.1f is not 0.1.
PROMO_A = {
    "bool": [True, False, True, True, False, False, True, False, True, False, True, True],
    "i32": [0, 1, -1, 7, -7, 16777217, -16777217, 123456789, -99, 100, 5, -3],
    "i64": [0, 1, -1, 7, -7, 5_000_000_000, -5_000_000_000, 9007199254740993, 123, 100, 5, -3],
    "f32": [0.0, 0.1, -0.5, 1.5, 2.5, -7.25, 16777216.0, 1e-3, -3.0, 100.0, 5.0, 1 / 3],
    "f64": [0.0, 0.1, -0.5, 1.5, 2.5, -7.25, 9007199254740992.0, 1e-300, -3.0, 100.0, 5.0,
            1 / 3],
}
# Same index, telling pairs: A i32 16777217 vs B f32 16777216 (equal only if compared in
# float32), A i64 2^53+1 vs B f64 2^53 (equal in NumPy: int64 -> float64 first), A f32 2^24 vs
# B i32 2^24+1, A f32 0.1f vs B f64 0.1.
PROMO_B = {
    "bool": [True, True, False, True, True, False, True, True, False, True, False, True],
    "i32": [3, -2, 5, 0, 2, -1, 16777217, 1000, 7, -100, 5, 4],
    "i64": [3, -2, 5, 0, 2, -1, 16777217, 1000, 7, -100, 5, 4_000_000_000],
    "f32": [3.0, 0.1, 0.1, 0.0, 2.0, 16777216.0, 16777217.0, -1e3, 7.5, -0.25, 5.0, 0.3],
    "f64": [3.0, 0.1, 0.1, 0.0, 2.0, 1.0, 16777216.0, 9007199254740992.0, 7.5, -0.25, 5.0,
            0.3],
}


def promo(s):
    """Every ordered pair of the 5 dtypes under + - * / < ==, and every unordered pair under
    // % maximum where. bool-bool -, //, % are left out (TypeError / int8 in NumPy)."""
    for t, vals in PROMO_A.items():
        s.array(f"promo_a_{t}", vals, SHORT[t], (3, 4))
    for t, vals in PROMO_B.items():
        s.array(f"promo_b_{t}", vals, SHORT[t], (3, 4))
    s.array("promo_cond", [True, False, False, True, True, False, True, False, True, True,
                           False, False], np.bool_, (3, 4))
    ops = [("add", "a + b"), ("sub", "a - b"), ("mul", "a * b"), ("div", "a / b"),
           ("lt", "a < b"), ("eq", "a == b")]
    for ta, tb in itertools.product(SHORT, SHORT):
        for op, expr in ops:
            if ta == tb == "bool" and op == "sub":
                continue
            s.case(f"promo_{ta}_{tb}_{op}", expr, a=f"promo_a_{ta}", b=f"promo_b_{tb}")
    uops = [("floordiv", "a // b"), ("mod", "a % b"), ("maximum", "maximum(a, b)"),
            ("where", "where(c, a, b)")]
    for ta, tb in itertools.combinations_with_replacement(SHORT, 2):
        for op, expr in uops:
            if ta == tb == "bool" and op in ("floordiv", "mod"):
                continue
            inputs = dict(a=f"promo_a_{ta}", b=f"promo_b_{tb}")
            if op == "where":
                inputs["c"] = "promo_cond"
            s.case(f"promo_{ta}_{tb}_{op}", expr, **inputs)


def weak(s):
    """Python literals are weak (NEP 50): they take the array's dtype when their kind allows."""
    lits = {"bool": "True", "int": "3", "float": "2.5"}
    for t in SHORT:
        for kind, lit in lits.items():
            a = f"promo_a_{t}"
            s.case(f"weak_{t}_{kind}_add", f"a + {lit}", a=a)
            s.case(f"weak_{t}_{kind}_rmul", f"{lit} * a", a=a)
            s.case(f"weak_{t}_{kind}_lt", f"a < {lit}", a=a)
            s.case(f"weak_{t}_{kind}_where", f"where(c, a, {lit})", a=a, c="promo_cond")
            if not (t == "bool" and kind == "bool"):
                s.case(f"weak_{t}_{kind}_rsub", f"{lit} - a", a=a)
    s.array("weak_f32_tenth", [0.1, 0.2, 0.3, 1.0, -0.1, 0.7], np.float32)
    s.array("weak_i32_near_max", [I32_MAX, I32_MAX - 5, 0, -1, I32_MIN, 12345], np.int32)
    s.array("weak_i64_big", [2**53 + 1, -2**53 - 1, 3, I64_MAX, 0, -7], np.int64)
    special = [
        # a float literal is rounded to float32 before a float32 operation
        ("weak_f32_tenth_add", "a + 0.1", "weak_f32_tenth"),
        ("weak_f32_tenth_eq", "a == 0.1", "weak_f32_tenth"),
        ("weak_f32_tenth_mul_1e_3", "a * 1e-3", "weak_f32_tenth"),
        ("weak_f32_int_literal_rounds", "a + 16777217", "weak_f32_tenth"),
        ("weak_f32_literal_overflows", "a * 1e39", "weak_f32_tenth"),
        ("weak_i32_literal_wraps", "a + 2147483647", "weak_i32_near_max"),
        ("weak_i32_min_literal", "a + -2147483648", "weak_i32_near_max"),
        ("weak_i32_float_literal", "a + 1.5", "weak_i32_near_max"),
        ("weak_i32_float_mul", "a * 2.0", "weak_i32_near_max"),
        ("weak_i64_float_literal", "a + 1.0", "weak_i64_big"),
        ("weak_i64_big_literal", "a - 9000000000000000000", "weak_i64_big"),
        ("weak_bool_big_int_literal", "a + 3000000000", "promo_a_bool"),
        ("weak_i32_folded_literals", "a * (2 + 3)", "promo_a_i32"),
        ("weak_f32_folded_literals", "a * (0.5 - 1)", "promo_a_f32"),
        ("weak_i32_maximum", "maximum(a, 1)", "promo_a_i32"),
        ("weak_f32_minimum", "minimum(a, 0.5)", "promo_a_f32"),
        ("weak_f32_arctan2", "arctan2(a, 1.5)", "promo_a_f32"),
        ("weak_f32_sqrt_mul", "sqrt(abs(a)) * 2.0", "promo_a_f32"),
        ("weak_i32_floordiv", "a // 2", "promo_a_i32"),
        ("weak_i32_rfloordiv", "100 // a", "promo_a_i32"),
        ("weak_f32_truediv", "a / 3", "promo_a_f32"),
        ("weak_i32_truediv", "a / 3", "promo_a_i32"),
        ("weak_bool_truediv", "a / 2", "promo_a_bool"),
        ("weak_bool_bool_and", "a & True", "promo_a_bool"),
    ]
    for cid, expr, a in special:
        s.case(cid, expr, a=a)
    for cid, expr in [("weak_where_both_int", "where(c, 1, 2)"),
                      ("weak_where_int_float", "where(c, 1, 2.5)"),
                      ("weak_where_both_bool", "where(c, True, False)"),
                      ("weak_where_bool_int", "where(c, True, 7)")]:
        s.case(cid, expr, c="promo_cond")
    s.array("weak_cond6", [True, False, True, False, False, True], np.bool_)
    s.case("weak_where_f32_float_literal", "where(c, a, 2.0)", a="weak_f32_tenth",
           c="weak_cond6")
    s.case("weak_where_i32_int_literal", "where(c, 1, a)", a="weak_i32_near_max",
           c="weak_cond6")


def truediv(s):
    """Integer / integer is float64 (each side converted to float64 first)."""
    s.array("div_i32_a", [7, -7, 7, -7, 0, 1, -1, 0, 2**31 - 1, -2**31, 10, 3], np.int32,
            (3, 4))
    s.array("div_i32_b", [2, 2, -2, -2, 5, 0, 0, 0, 3, -1, 4, 3], np.int32, (3, 4))
    s.array("div_i64_a", [7, -7, 2**53 + 1, -2**62, 0, 1, -1, 0, I64_MAX, I64_MIN, 10, 3],
            np.int64, (3, 4))
    s.array("div_i64_b", [2, 2, 3, 7, 5, 0, 0, 0, 2, -1, 4, 3], np.int64, (3, 4))
    for ta, tb in [("i32", "i32"), ("i64", "i64"), ("i32", "i64"), ("i64", "i32")]:
        s.case(f"truediv_{ta}_{tb}", "a / b", a=f"div_{ta}_a", b=f"div_{tb}_b")
    s.case("truediv_i32_by_literal", "a / 4", a="div_i32_a")
    s.case("truediv_literal_by_i32", "1 / b", b="div_i32_b")
    s.case("truediv_bool_bool", "a / b", a="promo_a_bool", b="promo_cond")
    s.case("truediv_bool_i32", "a / b", a="promo_a_bool", b="div_i32_b")
    s.case("truediv_i32_f32", "a / b", a="div_i32_a", b="promo_b_f32")
    s.case("truediv_i64_self", "a / a", a="div_i64_a")


def floordiv(s):
    """// and % follow Python's sign rules (NumPy's npy_divmod); int by zero gives 0."""
    signs = [7, -7, 7, -7, 6, -6, 0, 0, 1, -1, 13, -13, 2, -5, 100, 0]
    divs = [2, 2, -2, -2, 3, 3, 5, -5, 0, 0, 4, -4, 7, 3, -7, 0]
    fsigns = [7.5, -7.5, 7.5, -7.5, 6.0, -6.0, 0.0, -0.0, 1.0, -1.0, 1e30, -0.1, 5.0, -5.0,
              0.3, 2.5]
    fdivs = [2.0, 2.0, -2.0, -2.0, 3.0, 3.0, 5.0, -5.0, 0.0, 0.0, 0.1, 0.1, np.inf, np.inf,
             -0.1, -0.5]
    for t in ("i32", "i64"):
        s.array(f"fd_{t}_a", signs, SHORT[t], (4, 4))
        s.array(f"fd_{t}_b", divs, SHORT[t], (4, 4))
    for t in ("f32", "f64"):
        s.array(f"fd_{t}_a", fsigns, SHORT[t], (4, 4))
        s.array(f"fd_{t}_b", fdivs, SHORT[t], (4, 4))
    for t in SHORT:
        if t == "bool":
            continue
        s.case(f"floordiv_{t}", "a // b", a=f"fd_{t}_a", b=f"fd_{t}_b")
        s.case(f"floordiv_{t}_mod", "a % b", a=f"fd_{t}_a", b=f"fd_{t}_b")
        s.case(f"floordiv_{t}_by_neg_literal", "a // -3", a=f"fd_{t}_a")
        s.case(f"floordiv_{t}_mod_neg_literal", "a % -3", a=f"fd_{t}_a")
        s.case(f"floordiv_{t}_literal_mod", "-7 % b", b=f"fd_{t}_b")
        s.case(f"floordiv_{t}_by_zero", "a // 0", a=f"fd_{t}_a")
        s.case(f"floordiv_{t}_mod_zero", "a % 0", a=f"fd_{t}_a")
        s.case(f"floordiv_{t}_identity", "(a // b) * b + a % b", a=f"fd_{t}_a", b=f"fd_{t}_b")
    s.case("floordiv_i32_f64", "a // b", a="fd_i32_a", b="fd_f64_b")
    s.case("floordiv_f32_i64_mod", "a % b", a="fd_f32_a", b="fd_i64_b")
    s.case("floordiv_i64_by_float_literal", "a // 0.5", a="fd_i64_a")
    s.case("floordiv_f32_mod_float_literal", "a % 0.75", a="fd_f32_a")
    s.case("floordiv_bool_i32", "a // b", a="promo_a_bool", b="div_i32_b")


def pow_(s):
    """** with int (non-negative exponents), float and mixed operands."""
    s.array("pow_i32_base", [0, 1, -1, 2, -2, 3, 7, -3, 10, 2, 5, 0], np.int32, (3, 4))
    s.array("pow_i32_exp", [0, 5, 3, 10, 3, 4, 2, 5, 9, 31, 0, 0], np.int32, (3, 4))
    s.array("pow_i64_base", [0, 1, -1, 2, -2, 3, 7, -3, 10, 2, 3, 0], np.int64, (3, 4))
    s.array("pow_i64_exp", [0, 5, 3, 40, 3, 4, 20, 5, 18, 63, 41, 0], np.int64, (3, 4))
    s.array("pow_f64_base", [0.5, 2.0, 10.0, 1.5, 0.1, 3.7, 100.0, 1e-3, 7.0, 2.5, 1.01, 9.0],
            np.float64, (3, 4))
    s.array("pow_f64_exp", [2.0, 0.5, -1.0, 3.3, -2.5, 1.7, 0.25, 2.0, -0.5, 10.0, 100.0, 1.0],
            np.float64, (3, 4))
    s.array("pow_f32_base", [0.5, 2.0, 10.0, 1.5, 0.1, 3.7, 100.0, 1e-3, 7.0, 2.5, 1.01, 9.0],
            np.float32, (3, 4))
    s.array("pow_f32_exp", [2.0, 0.5, -1.0, 3.3, -2.5, 1.7, 0.25, 2.0, -0.5, 10.0, 100.0, 1.0],
            np.float32, (3, 4))
    s.array("pow_neg_base", [-2.0, -2.0, -0.5, -8.0, -1.0, -3.0], np.float64)
    s.array("pow_int_exps", [2.0, 3.0, -1.0, 0.5, 1e10, 1.0 / 3], np.float64)
    s.array("pow_special_x", [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 2.0], np.float64,
            (8, 1))
    s.array("pow_special_y", [0.0, -1.0, 2.0, np.inf, -np.inf, np.nan, 0.5], np.float64,
            (1, 7))
    s.case("pow_i32_i32", "a ** b", a="pow_i32_base", b="pow_i32_exp")
    s.case("pow_i64_i64", "a ** b", a="pow_i64_base", b="pow_i64_exp")
    s.case("pow_i32_i64", "a ** b", a="pow_i32_base", b="pow_i64_exp")
    s.case("pow_i32_square", "a ** 2", a="pow_i32_base")
    s.case("pow_i32_zero", "a ** 0", a="pow_i32_base")
    s.case("pow_literal_base_i32", "2 ** b", b="pow_i32_exp")
    s.case("pow_bool_int", "a ** 3", a="promo_a_bool")
    s.case("pow_i32_bool", "a ** b", a="pow_i32_base", b=("promo_b_bool", "::-1, :"))
    s.case("pow_f64_f64", "a ** b", a="pow_f64_base", b="pow_f64_exp")
    s.case("pow_f32_f32", "a ** b", a="pow_f32_base", b="pow_f32_exp")
    s.case("pow_f32_f64", "a ** b", a="pow_f32_base", b="pow_f64_exp")
    s.case("pow_f32_literal_half", "a ** 1.5", a="pow_f32_base")
    s.case("pow_f32_int_literal", "a ** 3", a="pow_f32_base")
    s.case("pow_f64_square", "a ** 2", a="pow_f64_base")
    s.case("pow_f64_literal_base", "1.5 ** b", b="pow_f64_exp")
    s.case("pow_i32_float_exp", "a ** b", a="pow_i32_base", b="pow_f64_exp")
    s.case("pow_i32_float_literal", "a ** 0.5", a=("pow_i32_base", "1:, 1:"))
    s.case("pow_f32_i32", "a ** b", a="pow_f32_base", b="pow_i32_exp")
    s.case("pow_f64_i64", "a ** b", a="pow_f64_base", b="pow_i64_exp")
    s.case("pow_neg_base_int_exps", "a ** b", a="pow_neg_base", b="pow_int_exps")
    s.case("pow_special_values", "a ** b", a="pow_special_x", b="pow_special_y")
    s.array("pow_small_exp", [0, 1, 2, 1, 2, 1, 1, 2, 1, 2, 0, 1], np.int32, (3, 4))
    s.case("pow_right_assoc", "a ** b ** 2", a="pow_i32_base", b="pow_small_exp")
    s.case("pow_unary_minus_binds_looser", "-a ** 2", a="pow_i32_base")


def wrap(s):
    """int32/int64 arithmetic wraps around (two's complement), as NumPy arrays do."""
    s.array("wrap_i32", [I32_MAX, I32_MIN, I32_MAX - 1, I32_MIN + 1, 65536, -65536, 46341, 0],
            np.int32)
    s.array("wrap_i32_b", [1, 1, 2, -2, 65536, 65536, 46341, I32_MIN], np.int32)
    s.array("wrap_i64", [I64_MAX, I64_MIN, I64_MAX - 1, I64_MIN + 1, 2**32, -2**32,
                         3037000500, 0], np.int64)
    s.array("wrap_i64_b", [1, 1, 2, -2, 2**32, 2**32, 3037000500, I64_MIN], np.int64)
    for t in ("i32", "i64"):
        s.case(f"wrap_{t}_add", "a + b", a=f"wrap_{t}", b=f"wrap_{t}_b")
        s.case(f"wrap_{t}_sub", "a - b", a=f"wrap_{t}", b=f"wrap_{t}_b")
        s.case(f"wrap_{t}_mul", "a * b", a=f"wrap_{t}", b=f"wrap_{t}_b")
        s.case(f"wrap_{t}_add_one", "a + 1", a=f"wrap_{t}")
        s.case(f"wrap_{t}_sub_one", "a - 1", a=f"wrap_{t}")
        s.case(f"wrap_{t}_double", "a * 2", a=f"wrap_{t}")
        s.case(f"wrap_{t}_negate", "-a", a=f"wrap_{t}")
        s.case(f"wrap_{t}_abs", "abs(a)", a=f"wrap_{t}")
        s.case(f"wrap_{t}_floordiv_minus_one", "a // -1", a=f"wrap_{t}")
        s.case(f"wrap_{t}_mod_minus_one", "a % -1", a=f"wrap_{t}")
        s.case(f"wrap_{t}_square", "a * a", a=f"wrap_{t}")
    s.case("wrap_i32_plus_i64_no_wrap", "a + b", a="wrap_i32", b=("wrap_i32_b", "::-1"))
    s.case("wrap_i32_pow", "a ** 3", a="wrap_i32")
    s.case("wrap_i32_sum_no_wrap", "sum(a)", a="wrap_i32")
    s.case("wrap_i64_sum_modular", "sum(a)", a="wrap_i64")
    s.case("wrap_i64_sum_of_doubled", "sum(a * 2)", a="wrap_i64")


def logic(s):
    """& | ^ ~ are logical on bool and bitwise (two's complement) on ints."""
    s.array("logic_p", [True, True, False, False, True, False], np.bool_)
    s.array("logic_q", [True, False, True, False, False, True], np.bool_)
    s.array("logic_r", [False, True, True, True, False, False], np.bool_)
    s.array("logic_i32", [0, 1, -1, 255, -256, 12345, I32_MIN, I32_MAX], np.int32)
    s.array("logic_i32_b", [3, 6, 15, -1, 7, 4096, -1, I32_MIN], np.int32)
    s.array("logic_bool8", [True, False, True, True, False, False, True, False], np.bool_)
    s.array("logic_i64", [0, 1, -1, 2**40 + 255, -2**40, 12345, I64_MIN, I64_MAX], np.int64)
    for op, sym in (("and", "&"), ("or", "|"), ("xor", "^")):
        s.case(f"logic_bool_{op}", f"a {sym} b", a="logic_p", b="logic_q")
        s.case(f"logic_i32_{op}", f"a {sym} b", a="logic_i32", b="logic_i32_b")
        s.case(f"logic_i32_i64_{op}", f"a {sym} b", a="logic_i32", b="logic_i64")
        s.case(f"logic_bool_i32_{op}", f"a {sym} b", a="logic_bool8", b="logic_i32")
        s.case(f"logic_bool_{op}_true", f"a {sym} True", a="logic_p")
        s.case(f"logic_i32_{op}_literal", f"a {sym} 255", a="logic_i32")
    s.case("logic_bool_not", "~a", a="logic_p")
    s.case("logic_i32_invert", "~a", a="logic_i32")
    s.case("logic_i64_invert", "~a", a="logic_i64")
    s.case("logic_bool_de_morgan", "~(a & b) == (~a | ~b)", a="logic_p", b="logic_q")
    s.case("logic_bool_mixed", "(a & ~b) | (b ^ c)", a="logic_p", b="logic_q", c="logic_r")
    s.case("logic_i32_mask", "~(a ^ b) & 15", a="logic_i32", b="logic_i32_b")
    s.case("logic_i64_or_neg_literal", "a | -256", a="logic_i64")
    s.case("logic_bool_int_literal", "a & 1", a="logic_p")


def cmparith(s):
    """Comparisons give bool, which arithmetic then promotes; chains are elementwise ands."""
    s.array("ca_x", [-2.0, -0.5, 0.0, 0.5, 1.0, 2.5, 3.0, -1.0], np.float64)
    s.array("ca_y", [1.0, -1.0, 0.0, 0.5, 2.0, 2.0, -3.0, 4.0], np.float64)
    s.array("ca_z", [0.0, 2.0, 1.0, 0.5, 1.5, 3.0, -4.0, 5.0], np.float64)
    s.array("ca_i32", [5, -3, 0, 7, 2, -8, 1, 4], np.int32)
    s.array("ca_f32", [0.1, -2.5, 3.0, 0.5, 1e-3, -7.0, 2.0, 0.3], np.float32)
    s.case("cmparith_mask_mul_f64", "(a > 0) * b", a="ca_x", b="ca_y")
    s.case("cmparith_mask_mul_i32", "(a > 0) * b", a="ca_x", b="ca_i32")
    s.case("cmparith_mask_mul_f32", "(a > 0) * b", a="ca_x", b="ca_f32")
    s.case("cmparith_bool_plus_bool", "(a > 0) + (b > 0)", a="ca_x", b="ca_y")
    s.case("cmparith_bool_times_bool", "(a > 0) * (b > 0)", a="ca_x", b="ca_y")
    s.case("cmparith_bool_plus_int_literal", "(a > b) + 1", a="ca_x", b="ca_y")
    s.case("cmparith_bool_times_float_literal", "(a >= b) * 1.5", a="ca_x", b="ca_y")
    s.case("cmparith_bool_minus_int", "(a == b) - 1", a="ca_x", b="ca_y")
    s.case("cmparith_bool_div", "(a != b) / 2", a="ca_x", b="ca_y")
    s.case("cmparith_count", "sum(a > b)", a="ca_x", b="ca_y")
    s.case("cmparith_fraction", "mean(a <= b)", a="ca_x", b="ca_y")
    s.case("cmparith_sign_like", "(a > 0) * 1 - (a < 0) * 1", a="ca_x")
    s.case("cmparith_where_sign", "where(a > 0, 1, -1) * b", a="ca_i32", b="ca_y")
    s.case("cmparith_or_mask_mul", "((a < 0) | (b < 0)) * a", a="ca_x", b="ca_y")
    s.case("cmparith_compare_bools", "(a > 0) < (b > 0)", a="ca_x", b="ca_y")
    s.case("cmparith_bool_eq_int", "(a > 0) == 1", a="ca_x")
    s.case("cmparith_chain_lt", "a < b < c", a="ca_x", b="ca_y", c="ca_z")
    s.case("cmparith_chain_literals", "0.0 <= a < 2.5", a="ca_x")
    s.case("cmparith_chain_mixed", "a < b > c", a="ca_x", b="ca_y", c="ca_z")
    s.case("cmparith_chain_eq", "a == b == c", a="ca_x", b="ca_y", c="ca_z")
    s.case("cmparith_chain_int", "-4 < a <= 5", a="ca_i32")
    s.case("cmparith_chain_times", "(a < b < c) * 2.0", a="ca_x", b="ca_y", c="ca_z")
