"""Cases on shapes and composition: bcast, reduce, view, error, deep."""
import numpy as np

from conflib import after


def ints(rng, shape, lo=-9, hi=10, dtype=np.int32):
    return rng.integers(lo, hi, size=shape).astype(dtype)


def floats(rng, shape, lo=-5.0, hi=5.0, dtype=np.float64):
    return rng.uniform(lo, hi, size=shape).astype(dtype)


def bcast(s):
    """Broadcasting: (3,1) with (1,4), (4,) with (3,4), 0-d arrays (strong, unlike literals),
    3-D, size-1 and size-0 axes."""
    r = s.rng("bcast")
    s.array("bc_col_f64", floats(r, (3, 1)), np.float64)
    s.array("bc_row_f64", floats(r, (1, 4)), np.float64)
    s.array("bc_col_i32", ints(r, (3, 1)), np.int32)
    s.array("bc_row_i64", ints(r, (1, 4)), np.int64)
    s.array("bc_col_f32", floats(r, (3, 1)), np.float32)
    s.array("bc_row_bool", r.integers(0, 2, (1, 4)), np.bool_)
    s.array("bc_vec4_f64", floats(r, (4,)), np.float64)
    s.array("bc_vec4_i32", ints(r, (4,)), np.int32)
    s.array("bc_mat34_f64", floats(r, (3, 4)), np.float64)
    s.array("bc_mat34_f32", floats(r, (3, 4)), np.float32)
    s.array("bc_mat34_i32", ints(r, (3, 4)), np.int32)
    s.array("bc_mat34_bool", r.integers(0, 2, (3, 4)), np.bool_)
    s.array("bc_s_f64", 2.5, np.float64)
    s.array("bc_s_i64", -3, np.int64)
    s.array("bc_s_i32", 7, np.int32)
    s.array("bc_s_bool", True, np.bool_)
    s.array("bc_s_f32", 0.1, np.float32)
    s.array("bc_one", [4.0], np.float64)
    s.array("bc_cube", floats(r, (2, 3, 4)), np.float64)
    s.array("bc_cube_i32", ints(r, (2, 3, 4)), np.int32)
    s.array("bc_2x1x4", floats(r, (2, 1, 4)), np.float64)
    s.array("bc_2x3x1", floats(r, (2, 3, 1)), np.float64)
    s.array("bc_1x3x1", ints(r, (1, 3, 1)), np.int64)
    s.array("bc_empty", [], np.float64)
    s.array("bc_empty_0x4", np.zeros((0, 4)), np.float64)
    s.array("bc_empty_1x0", np.zeros((1, 0)), np.float64)

    s.case("bcast_col_row_add", "a + b", a="bc_col_f64", b="bc_row_f64")
    s.case("bcast_col_row_mul_mixed", "a * b", a="bc_col_i32", b="bc_row_i64")
    s.case("bcast_col_row_f32_bool", "a - b", a="bc_col_f32", b="bc_row_bool")
    s.case("bcast_col_row_compare", "a < b", a="bc_col_f64", b="bc_row_f64")
    s.case("bcast_col_row_minimum", "minimum(a, b)", a="bc_col_i32", b="bc_row_f64")
    s.case("bcast_col_row_arctan2", "arctan2(a, b)", a="bc_col_f64", b="bc_row_f64")
    s.case("bcast_col_row_floordiv", "a // b", a="bc_col_i32", b="bc_row_i64")
    s.case("bcast_vec_mat_add", "a + b", a="bc_vec4_f64", b="bc_mat34_f64")
    s.case("bcast_mat_vec_sub", "a - b", a="bc_mat34_i32", b="bc_vec4_i32")
    s.case("bcast_vec_mat_mixed", "a * b", a="bc_vec4_i32", b="bc_mat34_f32")
    s.case("bcast_vec_col", "a + b", a="bc_vec4_f64", b="bc_col_f64")
    s.case("bcast_where_three_shapes", "where(c, a, b)", c="bc_row_bool", a="bc_col_f64",
           b="bc_s_f64")
    s.case("bcast_where_mat_vec", "where(c, a, b)", c="bc_mat34_bool", a="bc_vec4_i32",
           b="bc_col_i32")
    # 0-d arrays are strong: a 0-d float64 makes a float32 array float64, a literal does not
    s.case("bcast_scalar_f64_with_f32", "a + s", a="bc_mat34_f32", s="bc_s_f64")
    s.case("bcast_scalar_i64_with_i32", "a * s", a="bc_mat34_i32", s="bc_s_i64")
    s.case("bcast_scalar_i32_with_f32", "a + s", a="bc_mat34_f32", s="bc_s_i32")
    s.case("bcast_scalar_bool_with_i32", "a + s", a="bc_mat34_i32", s="bc_s_bool")
    s.case("bcast_scalar_f32_with_i64", "s * a", a="bc_row_i64", s="bc_s_f32")
    s.case("bcast_scalar_scalar", "s * t + 1", s="bc_s_f64", t="bc_s_i32")
    s.case("bcast_scalar_scalar_f32", "s / t", s="bc_s_f32", t="bc_s_i32")
    s.case("bcast_scalar_compare", "a > s", a="bc_cube", s="bc_s_f64")
    s.case("bcast_scalar_sin", "sin(s) * a", s="bc_s_f64", a="bc_vec4_f64", **after(1))
    s.case("bcast_one_elem", "a + b", a="bc_one", b="bc_vec4_f64")
    s.case("bcast_cube_mat", "a + b", a="bc_cube", b="bc_mat34_f64")
    s.case("bcast_cube_vec", "a * b", a="bc_cube_i32", b="bc_vec4_i32")
    s.case("bcast_cube_col", "a - b", a="bc_cube", b="bc_col_f64")
    s.case("bcast_2x1x4_3x1", "a * b", a="bc_2x1x4", b="bc_col_i32")
    s.case("bcast_2x3x1_1x4", "a + b", a="bc_2x3x1", b="bc_row_f64")
    s.case("bcast_2x1x4_1x3x1", "a - b", a="bc_2x1x4", b="bc_1x3x1")
    s.case("bcast_cube_scalar_where", "where(a > 0, a, s)", a="bc_cube", s="bc_s_i32")
    s.case("bcast_empty_with_one", "a + b", a="bc_empty", b="bc_one")
    s.case("bcast_empty_rows", "a * b", a="bc_empty_0x4", b="bc_vec4_f64")
    s.case("bcast_empty_cols", "a + b", a="bc_col_f64", b="bc_empty_1x0")
    s.case("bcast_empty_scalar", "a * s", a="bc_empty", s="bc_s_i64")


def reduce(s):
    """sum prod min max mean over all, axis 0/1/2/-1; result dtypes; empty arrays."""
    r = s.rng("reduce")
    arrays = {
        "bool": r.integers(0, 2, (3, 4)).astype(np.bool_),
        "i32": ints(r, (3, 4)),
        "i64": ints(r, (3, 4), -1000, 1000, np.int64),
        "f32": floats(r, (3, 4), dtype=np.float32),
        "f64": floats(r, (3, 4)),
    }
    for t, arr in arrays.items():
        s.array(f"red_{t}", arr, arr.dtype)
    for t in arrays:
        for fn in ("sum", "prod", "min", "max", "mean"):
            s.case(f"reduce_{t}_{fn}", f"{fn}(a)", a=f"red_{t}")
            s.case(f"reduce_{t}_{fn}_axis0", f"{fn}(a, axis=0)", a=f"red_{t}")
            s.case(f"reduce_{t}_{fn}_axis1", f"{fn}(a, axis=1)", a=f"red_{t}")
    s.array("red_cube", floats(r, (2, 3, 4)), np.float64)
    s.array("red_cube_i32", ints(r, (2, 3, 4)), np.int32)
    for ax in ("0", "1", "2", "-1", "-3"):
        name = ax.replace("-", "m")
        s.case(f"reduce_cube_sum_axis{name}", f"sum(a, axis={ax})", a="red_cube")
        s.case(f"reduce_cube_i32_max_axis{name}", f"max(a, axis={ax})", a="red_cube_i32")
    s.case("reduce_cube_mean_axis2", "mean(a, axis=2)", a="red_cube")
    s.case("reduce_cube_prod_axis1", "prod(a, axis=1)", a="red_cube_i32")
    s.case("reduce_cube_min", "min(a)", a="red_cube")
    s.case("reduce_vec_sum_axis_m1", "sum(a, axis=-1)", a="bc_vec4_f64")
    s.case("reduce_scalar_sum", "sum(s)", s="bc_s_f64")
    s.case("reduce_scalar_max", "max(s)", s="bc_s_i32")
    s.case("reduce_i32_big_sum", "sum(a)", a="weak_i32_near_max")
    s.case("reduce_i32_big_prod", "prod(a, axis=0)", a=("weak_i32_near_max", "::5"))
    s.case("reduce_i32_mean_exact", "mean(a)", a="promo_a_i32")

    s.array("red_empty_f64", [], np.float64)
    s.array("red_empty_i32", [], np.int32)
    s.array("red_empty_bool", [], np.bool_)
    s.array("red_empty_0x3", np.zeros((0, 3)), np.float32)
    s.case("reduce_empty_sum_f64", "sum(a)", a="red_empty_f64")
    s.case("reduce_empty_sum_i32", "sum(a)", a="red_empty_i32")
    s.case("reduce_empty_sum_bool", "sum(a)", a="red_empty_bool")
    s.case("reduce_empty_prod_f64", "prod(a)", a="red_empty_f64")
    s.case("reduce_empty_prod_i32", "prod(a)", a="red_empty_i32")
    s.case("reduce_empty_mean_nan", "mean(a)", a="red_empty_f64")
    s.case("reduce_empty_sum_axis0", "sum(a, axis=0)", a="red_empty_0x3")
    s.case("reduce_empty_sum_axis1", "sum(a, axis=1)", a="red_empty_0x3")
    s.case("reduce_empty_max_axis1", "max(a, axis=1)", a="red_empty_0x3")
    s.case("reduce_empty_mean_axis0", "mean(a, axis=0)", a="red_empty_0x3")

    s.case("reduce_center", "a - mean(a, axis=0)", a="red_f64")
    s.case("reduce_range", "max(a, axis=1) - min(a, axis=1)", a="red_i32")
    s.case("reduce_of_product", "sum(a * b, axis=1)", a="red_f64", b="red_i32")
    s.case("reduce_nested", "max(sum(a, axis=2), axis=0)", a="red_cube_i32")
    s.case("reduce_count_axis", "sum(a > 0, axis=0)", a="red_f64")
    s.case("reduce_f32_mean_keeps", "mean(a, axis=1) * 2.0", a="red_f32")


def view(s):
    """Inputs seen through NumPy basic slicing or a transpose before evaluation."""
    r = s.rng("view")
    s.array("view_5x6", floats(r, (5, 6)), np.float64)
    s.array("view_5x6_i32", ints(r, (5, 6)), np.int32)
    s.array("view_vec10", np.arange(10) * 1.5 - 4, np.float64)
    s.array("view_cube", ints(r, (2, 3, 4), -50, 50, np.int64), np.int64)
    s.array("view_3x4_bool", r.integers(0, 2, (3, 4)), np.bool_)
    s.array("view_4x3", floats(r, (4, 3)), np.float64)
    s.array("view_3x3", floats(r, (3, 3)), np.float64)
    s.array("view_4x5", floats(r, (4, 5), dtype=np.float32), np.float32)
    s.array("view_vec5", floats(r, (5,)), np.float64)

    s.case("view_inner_every_other", "a * 2.0", a=("view_5x6", "1:-1, ::2"))
    s.case("view_inner_plus_square", "a + b", a=("view_5x6", "1:-1, ::2"), b="view_3x3")
    s.case("view_reversed", "a - b", a=("view_vec10", "::-1"), b="view_vec10")
    s.case("view_two_views_same_file", "a * b", a=("view_vec10", "::2"), b=("view_vec10", "1::2"))
    s.case("view_transpose", "a + b", a=("view_5x6_i32", "1:4, :4"), b=("view_4x3", "T"))
    s.case("view_transpose_3d", "a * 2", a=("view_cube", "T"))
    s.case("view_transpose_1d", "a + 1", a=("view_vec10", "T"))
    s.case("view_transpose_sum", "sum(a, axis=0)", a=("view_4x3", "T"))
    s.case("view_int_index_row", "a + b", a=("view_4x5", "2"), b="view_vec5")
    s.case("view_int_index_col", "a * b", a=("view_5x6", ":, 1"), b="view_vec5")
    s.case("view_negative_index", "a - 1", a=("view_5x6_i32", "-1"))
    s.case("view_index_to_scalar", "a * b", a=("view_vec10", "3"), b="view_vec5")
    s.case("view_index_2d_to_scalar", "a + b", a=("view_5x6", "4, -2"), b=("view_5x6", "0"))
    s.case("view_cube_index", "a + b", a=("view_cube", "1"), b=("view_cube", "0, ::-1"))
    s.case("view_cube_mixed", "a * 3", a=("view_cube", ":, ::-1, 1:3"))
    s.case("view_cube_steps", "-a", a=("view_cube", "::2, ::-1, 1"))
    s.case("view_negative_step_bounds", "a + 0.5", a=("view_vec10", "8:1:-2"))
    s.case("view_negative_start_stop", "a * a", a=("view_vec10", "-1:-8:-3"))
    s.case("view_step_beyond_length", "a + 1.0", a=("view_vec10", "::20"))
    s.case("view_clamped_bounds", "a - 1.0", a=("view_vec10", "-100:3"))
    s.case("view_clamped_stop", "a * 0.5", a=("view_vec10", "7:100"))
    s.case("view_empty_slice", "a + 1.0", a=("view_vec10", "5:2"))
    s.case("view_empty_sum", "sum(a)", a=("view_5x6_i32", "3:3"))
    s.case("view_keeps_size1_axis", "a + b", a=("view_5x6", "0:3, 0:1"), b=("view_4x5", "1:2, 1:5"))
    s.case("view_bool_mask_slice", "where(c, a, 0.0)", c=("view_3x4_bool", ":, ::-1"),
           a=("view_5x6", "1:4, 2:"))
    s.case("view_bool_logic", "a & b", a=("view_3x4_bool", "::-1"), b="view_3x4_bool")
    s.case("view_reduce_axis1", "max(a, axis=1)", a=("view_5x6_i32", "::-2, 1:"))
    s.case("view_mean_of_view", "mean(a, axis=0)", a=("view_5x6", "::2, ::3"))
    s.case("view_transpose_broadcast", "a * b", a=("view_4x3", "T"), b=("view_vec10", "1:5"))
    s.case("view_repeated_name", "a * a - a", a=("view_cube", "1, 1:, ::2"))
    s.case("view_sqrt_slice", "sqrt(abs(a))", a=("view_4x5", "::3, ::-2"))


def error(s):
    """Cases NumPy raises on: numfuse must raise the matching NumfuseException subclass."""
    s.error("error_shape_3_4", "a + b", "shape", a="bc_vec4_f64", b=("view_vec10", ":3"))
    s.error("error_shape_2x3_3x2", "a * b", "shape", a=("view_5x6", ":2, :3"),
            b=("view_5x6", ":3, :2"))
    s.error("error_shape_cube_2x4", "a - b", "shape", a="bc_cube", b=("view_4x5", ":2, :4"))
    s.error("error_shape_where_cond", "where(c, a, b)", "shape", c="view_3x4_bool",
            a="bc_mat34_f64", b="view_4x3")
    s.error("error_shape_empty", "a + b", "shape", a="bc_empty", b="bc_vec4_f64")
    s.error("error_shape_in_reduction", "sum(a + b, axis=0) * 2", "shape", a="bc_mat34_f64",
            b="view_4x3")
    s.error("error_value_int_neg_power", "a ** b", "value", a="pow_i32_base", b="promo_b_i32")
    s.error("error_value_int_neg_literal_power", "a ** -1", "value", a="promo_a_i64")
    s.error("error_value_neg_power_in_where", "where(c, a, a ** -2)", "value",
            a="promo_a_i32", c="promo_cond")
    s.error("error_value_i32_literal_overflow", "a + 3000000000", "value", a="promo_a_i32")
    s.error("error_value_i32_negative_literal", "a * -2147483649", "value", a="promo_a_i32")
    s.error("error_value_i64_literal_overflow", "a - 9223372036854775808", "value",
            a="promo_a_i64")
    s.error("error_value_min_empty", "min(a)", "value", a="red_empty_f64")
    s.error("error_value_max_empty_axis", "max(a, axis=0)", "value", a="red_empty_0x3")
    s.error("error_axis_sum_2d", "sum(a, axis=2)", "axis", a="red_f64")
    s.error("error_axis_mean_negative", "mean(a, axis=-3)", "axis", a="red_i32")
    s.error("error_axis_max_1d", "max(a, axis=1)", "axis", a="bc_vec4_f64")
    s.error("error_axis_scalar", "sum(s, axis=1)", "axis", s="bc_s_f64")


def deep(s):
    """Deep-ish expressions (5-15 operations) mixing everything, with repeated names."""
    r = s.rng("deep")
    s.array("deep_a", floats(r, (3, 4), -3, 3), np.float64)
    s.array("deep_b", floats(r, (3, 4), -3, 3), np.float64)
    s.array("deep_c", floats(r, (4,), 0.5, 2), np.float64)
    s.array("deep_pos", floats(r, (3, 4), 0.1, 4), np.float64)
    s.array("deep_f32", floats(r, (3, 4), -3, 3, np.float32), np.float32)
    s.array("deep_f32_pos", floats(r, (3, 4), 0.1, 4, np.float32), np.float32)
    s.array("deep_i32", ints(r, (3, 4), -20, 20), np.int32)
    s.array("deep_i64", ints(r, (3, 1), -1000, 1000, np.int64), np.int64)
    s.array("deep_m", r.integers(0, 2, (3, 4)), np.bool_)
    cases = [
        ("deep_add_self", "a + a", dict(a="deep_a")),
        ("deep_mul_add_self", "a * b + a", dict(a="deep_a", b="deep_b")),
        ("deep_where_max_minus", "where(a > b, a, b) - a", dict(a="deep_a", b="deep_b")),
        ("deep_poly", "((a * 2.0 - 1) * a + 3) * a - 0.5", dict(a="deep_a")),
        ("deep_diff_of_squares", "(a - b) * (a + b) / (abs(c) + 1.0)",
         dict(a="deep_a", b="deep_b", c="deep_c")),
        ("deep_hypot", "sqrt(a * a + b * b) + minimum(a, b) * 0.5",
         dict(a="deep_a", b="deep_b")),
        ("deep_clip_nan", "maximum(minimum(a, 1.0), -1.0) * 0.5 + where(b != b, 0.0, b)",
         dict(a="deep_a", b=("nf_f64_vals", "2:6"))),
        ("deep_mixed_dtypes", "(i + f) * 2 - j // 3 + (i > 0)",
         dict(i="deep_i32", f="deep_f32", j="deep_i64")),
        ("deep_int_mix", "((a % 7) * (b // 3) - abs(a)) ** 2 + (a > b) * 100",
         dict(a="deep_i32", b="deep_i64")),
        ("deep_bool_logic", "((a > 0) & ~m | (b < -1)) ^ (a * b > 1)",
         dict(a="deep_a", b="deep_b", m="deep_m")),
        ("deep_bitwise", "~(a & 7) ^ (b | 3) + a % 5",
         dict(a="deep_i32", b="deep_i64")),
        ("deep_floor_round", "floor(a * 2.5) // 2 + round(b * 10) % 3 - ceil(a - b)",
         dict(a="deep_a", b="deep_b")),
        ("deep_where_nested", "where(m, where(a > 0, a, -a), where(b > 0, b * 2, 0.0)) + 1",
         dict(a="deep_a", b="deep_b", m="deep_m")),
        ("deep_exp_decay", "exp(-abs(a)) * (b * b + 1.0) + 0.5",
         dict(a="deep_a", b="deep_b"), after(2)),
        ("deep_softplus", "log1p(exp(a)) + 0.0", dict(a="deep_a"), after(1, 2)),
        ("deep_trig_identity", "sin(a) ** 2 + cos(a) ** 2 + sqrt(p)",
         dict(a="deep_a", p="deep_pos"), after(3, 4)),
        ("deep_sigmoid_like", "tanh(a * 0.5) * 0.5 + 0.5 + 0.25 * (a > 1)",
         dict(a=("deep_a", ":, 1:")), after(4)),
        ("deep_log_ratio", "log(p * 2.0 + 1.0) / log2(q + 2.0)",
         dict(p="deep_pos", q=("deep_pos", "::-1")), after(1, 2)),
        ("deep_f32_chain", "sqrt(p) * 2.0 + exp(-p) * 0.5 + abs(a) * 3",
         dict(p="deep_f32_pos", a="deep_f32"), after(3)),
        ("deep_weighted_mean", "sum(a * c, axis=1) / sum(c + 0 * a, axis=1)",
         dict(a="deep_a", c="deep_c")),
        ("deep_normalize", "(a - mean(a, axis=0)) / (max(a, axis=0) - min(a, axis=0))",
         dict(a="deep_a")),
        ("deep_sum_exp", "sum(exp(a - max(a)), axis=-1) * 2.0", dict(a="deep_a")),
        ("deep_mean_f32", "mean(a * a, axis=0) + 1", dict(a="deep_f32")),
        ("deep_where_reduce", "sum(where(m, a, 0.0), axis=0) + max(b, axis=0)",
         dict(a="deep_a", b="deep_b", m="deep_m")),
        ("deep_cube_mix", "max(where(a > 0, a, 0.0) * b, axis=0) - min(b, axis=0)",
         dict(a="bc_cube", b=("bc_cube", "::-1"))),
        ("deep_many_names", "a * b - c + a / (abs(b) + 1) * c - b + a",
         dict(a="deep_a", b="deep_b", c="deep_c")),
        ("deep_chain_compare", "(a < b < 2.0) * a + (b <= a) * b",
         dict(a="deep_a", b="deep_b")),
        ("deep_arctan2_norm", "arctan2(a, b) / 3.141592653589793 + 1.0",
         dict(a="deep_pos", b="deep_b"), after(2)),
    ]
    for cid, expr, inputs, *tol in cases:
        s.case(cid, expr, **inputs, **(tol[0] if tol else {}))
