#!/usr/bin/env python3
"""NumPy fixtures for numfuse's layout, creation, join and statistics operations (issue 16).

Writes frontend/src/test/resources/numpy-ops/: cases.tsv, in/<id>_<k>.npy (the inputs) and
expected/<id>.npy (NumPy's result: dtype, shape and values are checked). NumpyOpsTest.java reads
them. Run from the repository root with NumPy 2: python3 scripts/numpy_ops_fixtures.py

cases.tsv: a header line, then per case the tab-separated columns
  id         a unique name
  op         the operation, as NumpyOpsTest names it (NumPy's name: squeeze, expand_dims, ...)
  args       space-separated arguments: an int, a comma-separated int list ("0,2", "" for an empty
             one is not used), "none" (no axis), "true"/"false" (keepdims), a dtype name
  inputs     the input files separated by ';' (empty for eye)
  expected   expected/<id>.npy, or ERROR:<kind>:<NumPy's message> when NumPy raises; kind is the
             numfuse exception expected (value, shape, axis, index, type) and its message must contain NumPy's
  tolerance  exact, or rel:R (|actual - expected| <= R * max(1, |expected|), NaN matches NaN)
"""
import os
import shutil
import warnings

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "frontend", "src", "test",
                    "resources", "numpy-ops")
REL = {np.dtype(np.float64): "rel:1e-12", np.dtype(np.float32): "rel:1e-5"}

rng = np.random.default_rng(16)


def arr(shape, dtype="float64", nan=0.0):
    """Small exact values (multiples of 0.25 in [-4, 4)), some NaN when nan > 0."""
    a = (rng.integers(-16, 16, size=shape) / 4.0)
    if np.dtype(dtype).kind == "b":
        return a > 0
    a = a.astype(dtype)
    if nan > 0:
        a[rng.random(size=shape) < nan] = np.nan
    return a


def tok(v):
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ",".join(str(int(x)) for x in v)
    return str(v)


CASES = []


def case(cid, op, args, inputs, fn, kind=None, tol=None):
    CASES.append((cid, op, args, inputs, fn, kind, tol))


def layout_cases():
    a = arr((2, 1, 3, 1))
    case("squeeze_all", "squeeze", [None], [a], lambda x: np.squeeze(x))
    case("squeeze_axes", "squeeze", [[1, -1]], [a], lambda x: np.squeeze(x, axis=(1, -1)))
    case("squeeze_err", "squeeze", [[0]], [a], lambda x: np.squeeze(x, axis=0), kind="value")
    case("squeeze_dup_err", "squeeze", [[1, 1]], [a], lambda x: np.squeeze(x, axis=(1, 1)), kind="axis")
    case("squeeze_axis_err", "squeeze", [[4]], [a], lambda x: np.squeeze(x, axis=4), kind="axis")
    b = arr((2, 3), "int32")
    case("expand_dims_0", "expand_dims", [[0]], [b], lambda x: np.expand_dims(x, 0))
    case("expand_dims_neg", "expand_dims", [[-1, 1]], [b], lambda x: np.expand_dims(x, (-1, 1)))
    case("expand_dims_err", "expand_dims", [[4]], [b], lambda x: np.expand_dims(x, 4), kind="axis")
    case("expand_dims_rep", "expand_dims", [[1, 1]], [b], lambda x: np.expand_dims(x, (1, 1)), kind="value")
    c = arr((2, 3, 4))
    case("swapaxes", "swapaxes", [0, -1], [c], lambda x: np.swapaxes(x, 0, -1))
    case("swapaxes_err", "swapaxes", [0, 3], [c], lambda x: np.swapaxes(x, 0, 3), kind="axis")
    case("moveaxis_1", "moveaxis", [[0], [-1]], [c], lambda x: np.moveaxis(x, 0, -1))
    case("moveaxis_2", "moveaxis", [[0, 1], [2, 0]], [c], lambda x: np.moveaxis(x, (0, 1), (2, 0)))
    case("moveaxis_err", "moveaxis", [[0, 1], [2]], [c], lambda x: np.moveaxis(x, (0, 1), (2,)), kind="value")
    case("moveaxis_src_err", "moveaxis", [[0, 0], [1, 2]], [c], lambda x: np.moveaxis(x, (0, 0), (1, 2)), kind="value")
    case("moveaxis_dst_err", "moveaxis", [[0, 1], [1, 1]], [c], lambda x: np.moveaxis(x, (0, 1), (1, 1)), kind="value")
    case("moveaxis_axis_err", "moveaxis", [[0], [5]], [c], lambda x: np.moveaxis(x, 0, 5), kind="axis")
    case("flip_rep_err", "flip", [[0, 0]], [c], lambda x: np.flip(x, (0, 0)), kind="value")
    case("flip_axis_err", "flip", [[4]], [c], lambda x: np.flip(x, 4), kind="axis")
    case("flip_all", "flip", [None], [c], lambda x: np.flip(x))
    case("flip_axes", "flip", [[0, 2]], [c], lambda x: np.flip(x, (0, 2)))
    case("flip_i64", "flip", [[-1]], [arr((5,), "int64")], lambda x: np.flip(x, -1))
    case("flatten", "flatten", [], [c], lambda x: x.flatten())
    case("flatten_t", "flatten_t", [], [c], lambda x: x.T.flatten())
    case("ravel", "ravel", [], [c], lambda x: np.ravel(x))
    case("ravel_t", "ravel_t", [], [c], lambda x: np.ravel(x.T))
    case("roll_axis", "roll", [2, 1], [c], lambda x: np.roll(x, 2, axis=1))
    case("roll_neg", "roll", [-5, -1], [c], lambda x: np.roll(x, -5, axis=-1))
    case("roll_flat", "roll", [7, None], [c], lambda x: np.roll(x, 7))
    case("roll_bool", "roll", [1, 0], [arr((4, 2), "bool")], lambda x: np.roll(x, 1, axis=0))
    case("tile_1d", "tile", [[3]], [arr((3,), "int64")], lambda x: np.tile(x, 3))
    case("tile_2d", "tile", [[2, 2]], [b], lambda x: np.tile(x, (2, 2)))
    case("tile_more", "tile", [[2, 1, 2]], [b], lambda x: np.tile(x, (2, 1, 2)))
    case("tile_fewer", "tile", [[2]], [c], lambda x: np.tile(x, 2))
    case("tile_err", "tile", [[2, -1]], [b], lambda x: np.tile(x, (2, -1)), kind="value")
    case("roll_axis_err", "roll", [1, 3], [c], lambda x: np.roll(x, 1, axis=3), kind="axis")
    case("repeat_axis_err", "repeat", [2, 2], [b], lambda x: np.repeat(x, 2, axis=2), kind="axis")
    case("tile_zero", "tile", [[0, 2]], [b], lambda x: np.tile(x, (0, 2)))
    case("repeat_axis", "repeat", [2, 1], [b], lambda x: np.repeat(x, 2, axis=1))
    case("repeat_neg_axis", "repeat", [3, -3], [c], lambda x: np.repeat(x, 3, axis=-3))
    case("repeat_flat", "repeat", [2, None], [b], lambda x: np.repeat(x, 2))
    case("repeat_err", "repeat", [-1, 0], [b], lambda x: np.repeat(x, -1, axis=0), kind="value")
    case("copy", "copy", [], [c], lambda x: x.copy())


def creation_cases():
    for n, m, k, dt in [(3, 3, 0, "float64"), (3, 5, 1, "int32"), (4, 2, -1, "bool"), (0, 3, 0, "float32"),
                        (3, 4, 5, "int64")]:
        case(f"eye_{n}_{m}_{k + 10}_{dt}", "eye", [n, m, k, dt], [], lambda n=n, m=m, k=k, dt=dt: np.eye(n, m, k, dtype=dt))
    b = arr((2, 3), "int32")
    case("zeros_like", "zeros_like", [], [b], lambda x: np.zeros_like(x))
    case("ones_like", "ones_like", [], [arr((2, 2), "float32")], lambda x: np.ones_like(x))
    case("full_like", "full_like", [2.5], [b], lambda x: np.full_like(x, 2.5))


def join_cases():
    a, b, c = arr((2, 3)), arr((2, 2), "int32"), arr((1, 3), "float32")
    case("concat_1", "concatenate", [1], [a, b], lambda x, y: np.concatenate([x, y], axis=1))
    case("concat_0", "concatenate", [0], [a, c, a], lambda x, y, z: np.concatenate([x, y, z], axis=0))
    case("concat_neg", "concatenate", [-1], [b, a], lambda x, y: np.concatenate([x, y], axis=-1))
    case("concat_bool_i32", "concatenate", [0], [arr((2,), "bool"), arr((3,), "int32")],
         lambda x, y: np.concatenate([x, y]))
    case("concat_f32_i64", "concatenate", [0], [arr((2,), "float32"), arr((1,), "int64")],
         lambda x, y: np.concatenate([x, y]))
    case("concat_dim_err", "concatenate", [0], [a, b], lambda x, y: np.concatenate([x, y], axis=0), kind="shape")
    case("concat_rank_err", "concatenate", [0], [a, arr((3,))], lambda x, y: np.concatenate([x, y]), kind="shape")
    case("concat_axis_err", "concatenate", [2], [a, a], lambda x, y: np.concatenate([x, y], axis=2), kind="axis")
    case("concat_0d_err", "concatenate", [0], [np.array(1.0), np.array(2.0)], lambda x, y: np.concatenate([x, y]), kind="value")
    case("stack_0", "stack", [0], [a, a], lambda x, y: np.stack([x, y]))
    case("stack_last", "stack", [-1], [a, arr((2, 3), "int64")],
         lambda x, y: np.stack([x, y], axis=-1))
    case("stack_mid", "stack", [1], [a, a, a], lambda x, y, z: np.stack([x, y, z], axis=1))
    case("stack_err", "stack", [0], [a, b], lambda x, y: np.stack([x, y]), kind="shape")
    case("stack_neg_axis_err", "stack", [-4], [a, a], lambda x, y: np.stack([x, y], axis=-4), kind="axis")
    case("stack_axis_err", "stack", [3], [a, a], lambda x, y: np.stack([x, y], axis=3), kind="axis")


def reduction_cases():
    f = arr((3, 4))
    z = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    n = np.array([[np.nan, 1.0, 0.0], [0.0, 0.0, 0.0]])
    for name, fn in [("any", np.any), ("all", np.all)]:
        for tag, x in [("f", f), ("z", z), ("nan", n), ("b", arr((3, 4), "bool")), ("empty", np.zeros((0, 3)))]:
            case(f"{name}_{tag}", name, [None, False], [x], lambda x, fn=fn: fn(x))
            case(f"{name}_{tag}_ax0", name, [[0], True], [x], lambda x, fn=fn: fn(x, axis=0, keepdims=True))
        case(f"{name}_err", name, [[2], False], [f], lambda x, fn=fn: fn(x, axis=2), kind="axis")
    case("count_nonzero", "count_nonzero", [None, False], [n], lambda x: np.asarray(np.count_nonzero(x), dtype=np.int64))
    case("count_nonzero_ax", "count_nonzero", [[-1], False], [n], lambda x: np.count_nonzero(x, axis=-1).astype(np.int64))
    case("count_nonzero_kd", "count_nonzero", [[0, 1], True], [z], lambda x: np.count_nonzero(x, axis=(0, 1), keepdims=True).astype(np.int64))
    for tag, x in [("f64", arr((3, 5))), ("f32", arr((4, 3), "float32")), ("i32", arr((3, 4), "int32")),
                   ("b", arr((5,), "bool"))]:
        for name, fn in [("var", np.var), ("std", np.std)]:
            case(f"{name}_{tag}", name, [None, False, 0], [x], lambda x, fn=fn: fn(x))
            case(f"{name}_{tag}_ddof1_ax", name, [[0], False, 1], [x], lambda x, fn=fn: fn(x, axis=0, ddof=1))
            case(f"{name}_{tag}_kd", name, [[-1], True, 0], [x], lambda x, fn=fn: fn(x, axis=-1, keepdims=True))
    case("var_ddof_n", "var", [[0], False, 2], [arr((2, 3))], lambda x: np.var(x, axis=0, ddof=2))
    case("var_shift", "var", [None, False, 0], [arr((50,)) + 1e8], lambda x: np.var(x))
    case("var_dup_err", "var", [[0, 0], False, 0], [f], lambda x: np.var(x, axis=(0, 0)), kind="axis")
    case("nansum_dup_err", "nansum", [[1, -1], False], [f], lambda x: np.nansum(x, axis=(1, -1)), kind="axis")
    case("var_err", "var", [[3], False, 0], [f], lambda x: np.var(x, axis=3), kind="axis")
    g = arr((4, 5), nan=0.3)
    g[1, :] = np.nan
    g32 = g.astype(np.float32)
    for name, fn in [("nansum", np.nansum), ("nanmax", np.nanmax), ("nanmin", np.nanmin), ("nanmean", np.nanmean)]:
        for tag, x in [("f64", g), ("f32", g32), ("i64", arr((3, 4), "int64"))]:
            case(f"{name}_{tag}", name, [None, False], [x], lambda x, fn=fn: fn(x))
            case(f"{name}_{tag}_ax1", name, [[1], False], [x], lambda x, fn=fn: fn(x, axis=1))
            case(f"{name}_{tag}_ax0kd", name, [[0], True], [x], lambda x, fn=fn: fn(x, axis=0, keepdims=True))
        case(f"{name}_allnan", name, [None, False], [np.full((2, 2), np.nan)], lambda x, fn=fn: fn(x))


def zero_d_and_empty_cases():
    s, e = np.array(5.0), np.zeros((0, 3))
    case("zd_var_axis_err", "var", [[0], False, 0], [s], lambda x: np.var(x, axis=0), kind="axis")
    case("zd_nansum_ax0", "nansum", [[0], False], [s], lambda x: np.nansum(x, axis=0))
    case("zd_any_ax0", "any", [[0], False], [s], lambda x: np.any(x, axis=0))
    case("zd_count_nonzero_ax0", "count_nonzero", [[0], False], [s], lambda x: np.asarray(np.count_nonzero(x, axis=0), dtype=np.int64))
    case("zd_nanmax", "nanmax", [None, False], [s], lambda x: np.nanmax(x))
    case("zd_var", "var", [None, False, 0], [s], lambda x: np.var(x))
    case("zd_squeeze", "squeeze", [None], [s], lambda x: np.squeeze(x))
    case("zd_flip", "flip", [None], [s], lambda x: np.flip(x))
    case("zd_tile", "tile", [[2]], [s], lambda x: np.tile(x, 2))
    case("zd_repeat", "repeat", [3, None], [s], lambda x: np.repeat(x, 3))
    case("zd_roll", "roll", [1, None], [s], lambda x: np.roll(x, 1))
    case("zd_ravel", "ravel", [], [s], lambda x: np.ravel(x))
    case("zd_flatten", "flatten", [], [s], lambda x: x.flatten())
    case("zd_expand_dims", "expand_dims", [[0]], [s], lambda x: np.expand_dims(x, 0))
    case("zd_stack", "stack", [0], [s, s], lambda x, y: np.stack([x, y]))
    case("empty_var_ax0", "var", [[0], False, 0], [e], lambda x: np.var(x, axis=0))
    case("empty_nanmean_ax0", "nanmean", [[0], False], [e], lambda x: np.nanmean(x, axis=0))
    case("empty_flip", "flip", [[0]], [e], lambda x: np.flip(x, 0))
    case("empty_roll", "roll", [2, 0], [e], lambda x: np.roll(x, 2, axis=0))
    case("empty_concat", "concatenate", [0], [e, arr((2, 3))], lambda x, y: np.concatenate([x, y]))
    case("empty_repeat", "repeat", [2, 1], [e], lambda x: np.repeat(x, 2, axis=1))


def arg_cases():
    """argmax and argmin: first occurrence, the first NaN wins, flattened or along an axis."""
    h = arr((4, 5), nan=0.2)
    h[2, :] = 1.5                      # ties along a row
    t = arr((2, 3, 4))
    for name, fn in [("argmax", np.argmax), ("argmin", np.argmin)]:
        for tag, x in [("f64", h), ("f32", arr((3, 6), "float32")), ("i64", arr((4, 4), "int64")),
                       ("b", arr((3, 4), "bool")), ("f64_3d", t)]:
            case(f"{name}_{tag}", name, [None, False], [x], lambda x, fn=fn: np.asarray(fn(x), dtype=np.int64))
            case(f"{name}_{tag}_ax0", name, [0, False], [x], lambda x, fn=fn: fn(x, axis=0).astype(np.int64))
            case(f"{name}_{tag}_ax1kd", name, [-1, True], [x], lambda x, fn=fn: fn(x, axis=-1, keepdims=True).astype(np.int64))
        case(f"{name}_nan_first", name, [None, False], [np.array([1.0, np.nan, 5.0, np.nan])],
             lambda x, fn=fn: np.asarray(fn(x), dtype=np.int64))
        case(f"{name}_0d", name, [None, False], [np.array(5.0)], lambda x, fn=fn: np.asarray(fn(x), dtype=np.int64))
        case(f"{name}_empty_err", name, [None, False], [np.zeros((0, 3))], lambda x, fn=fn: fn(x), kind="value")
        case(f"{name}_empty_ax0_err", name, [0, False], [np.zeros((0, 3))], lambda x, fn=fn: fn(x, axis=0), kind="value")
        case(f"{name}_empty_ax1", name, [1, False], [np.zeros((0, 3))], lambda x, fn=fn: fn(x, axis=1).astype(np.int64))
        case(f"{name}_axis_err", name, [2, False], [h], lambda x, fn=fn: fn(x, axis=2), kind="axis")

def matmul_cases():
    """matmul: 1-D promotion, broadcast batch axes, dtypes (int32 wraps, bool is an or of ands), empty axes, errors.

    Its own generator, so that the draws of the cases above stay as they were."""
    g = np.random.default_rng(1616)

    def m(shape, dtype="float64"):
        a = g.integers(-16, 16, size=shape) / 4.0
        return (a > 0) if np.dtype(dtype).kind == "b" else a.astype(dtype)

    mm = np.matmul
    for tag, x, y in [("2d", m((3, 4)), m((4, 5))), ("1d_2d", m(4), m((4, 3))), ("2d_1d", m((3, 4)), m(4)),
                      ("1d_1d", m(5), m(5)), ("3d_1d", m((2, 3, 4)), m(4)), ("1d_3d", m(4), m((2, 4, 3))),
                      ("batch_bcast", m((2, 1, 3, 4)), m((5, 4, 2))), ("batch_1", m((1, 3, 4)), m((3, 4, 2))),
                      ("4d", m((2, 3, 5, 7)), m((2, 3, 7, 6))), ("tall", m((70, 33)), m((33, 37))),
                      ("i32", m((3, 4), "int32"), m((4, 2), "int32")), ("i64", m((5, 6), "int64"), m((2, 6, 3), "int64")),
                      ("b", m((4, 6), "bool"), m((6, 3), "bool")), ("b_1d", m(6, "bool"), m(6, "bool")),
                      ("f32", m((9, 17), "float32"), m((17, 11), "float32")),
                      ("i32_f32", m((3, 4), "int32"), m((4, 2), "float32")), ("b_i64", m((3, 4), "bool"), m((4, 2), "int64")),
                      ("k0", m((3, 0)), m((0, 4))), ("m0", m((0, 3)), m((3, 4))), ("batch0", m((0, 2, 3)), m((3, 4))),
                      ("k0_i32", m((2, 0), "int32"), m((0, 3), "int32"))]:
        case(f"matmul_{tag}", "matmul", [], [x, y], mm)
    big = g.integers(-(1 << 20), 1 << 20, size=(3, 8)).astype(np.int32)
    case("matmul_i32_wrap", "matmul", [], [big, g.integers(-(1 << 20), 1 << 20, size=(8, 2)).astype(np.int32)], mm)
    case("matmul_f32_rand", "matmul", [], [g.random((20, 40), dtype=np.float32), g.random((40, 9), dtype=np.float32)], mm,
         tol="rel:1e-5")
    case("matmul_f64_rand", "matmul", [], [g.standard_normal((6, 50)), g.standard_normal((50, 7))], mm, tol="rel:1e-12")
    sq = m((5, 5))
    case("matmul_self", "matmul_self", [], [sq], lambda x: x @ x)
    case("matmul_ta", "matmul_ta", [], [m((4, 3)), m((4, 5))], lambda x, y: x.T @ y)
    case("matmul_tb", "matmul_tb", [], [m((3, 4)), m((5, 4))], lambda x, y: x @ y.T)
    case("matmul_0d_err", "matmul", [], [np.array(2.0), m(3)], mm, kind="value")
    case("matmul_0d_b_err", "matmul", [], [m(3), np.array(2.0)], mm, kind="value")
    case("matmul_core_err", "matmul", [], [m((2, 3)), m((4, 5))], mm, kind="value")
    case("matmul_1d_err", "matmul", [], [m(3), m(4)], mm, kind="value")
    case("matmul_batch_err", "matmul", [], [m((2, 2, 3)), m((3, 3, 4))], mm, kind="shape")


def gather_cases():
    """take, put and one-axis fancy assignment (issue 16): flat and along an axis, negative indices, int32 and int64 indices,
    indices of rank 0 to 2, empty ones, views; put's cyclic values, repeated indices (the last write
    wins) and cast values; NumPy's errors. Its own generator: the draws of the cases above stay."""
    g = np.random.default_rng(1616)

    def garr(shape, dtype="float64"):
        a = g.integers(-16, 16, size=shape) / 4.0
        return a > 0 if np.dtype(dtype).kind == "b" else a.astype(dtype)

    def gind(shape, n, dtype="int64"):
        return g.integers(-n, n, size=shape).astype(dtype)

    def put(x, ind, v):
        y = x.copy()
        np.put(y, ind, v)
        return y

    def put_t(x, ind, v):
        y = x.copy()
        np.put(y.T, ind, v)
        return y

    x3 = garr((3, 4, 5))
    for tag, x in [("f64", x3), ("f32", garr((3, 4, 5), "float32")), ("i32", garr((3, 4, 5), "int32")),
                   ("i64", garr((3, 4, 5), "int64")), ("b", garr((3, 4, 5), "bool"))]:
        case(f"take_{tag}_flat", "take", [None], [x, gind((7,), 60)], lambda x, i: np.take(x, i))
        case(f"take_{tag}_ax1", "take", [1], [x, gind((2, 3), 4, "int32")], lambda x, i: np.take(x, i, axis=1))
    for ax in (0, 2, -1):
        case(f"take_ax{ax}_1d", "take", [ax], [x3, gind((6,), x3.shape[ax])], lambda x, i, ax=ax: np.take(x, i, axis=ax))
    case("take_0d_index", "take", [1], [x3, np.array(-2)], lambda x, i: np.take(x, i, axis=1))
    case("take_empty_indices", "take", [0], [x3, np.zeros(0, np.int64)], lambda x, i: np.take(x, i, axis=0))
    case("take_empty_axis_empty_indices", "take", [0], [np.zeros((0, 3)), np.zeros((0,), np.int32)], lambda x, i: np.take(x, i, axis=0))
    case("take_bool_indices", "take", [None], [x3, np.array([True, False, True])], lambda x, i: np.take(x, i))
    case("take_t", "take_t", [0], [x3, gind((4,), 5)], lambda x, i: np.take(x.T, i, axis=0))
    case("take_twice", "take_twice", [1], [x3, gind((3,), 4)], lambda x, i: np.take(np.take(x, i, axis=1), i, axis=1) * 2 + 1)
    case("take_oob_err", "take", [0], [x3, np.array([1, 3, -4])], lambda x, i: np.take(x, i, axis=0), kind="index")
    case("take_oob_flat_err", "take", [None], [x3, np.array([60])], lambda x, i: np.take(x, i), kind="index")
    case("take_empty_axis_err", "take", [0], [np.zeros((0, 3)), np.array([0])], lambda x, i: np.take(x, i, axis=0), kind="index")
    case("take_float_err", "take", [0], [x3, np.array([1.0])], lambda x, i: np.take(x, i, axis=0), kind="type")
    case("take_axis_err", "take", [3], [x3, np.array([0])], lambda x, i: np.take(x, i, axis=3), kind="axis")
    a6, a23 = garr((6,)), garr((2, 3), "int64")
    case("put_cyclic", "put", [], [a6, np.array([5, 0, -1, 2, 3]), garr((2,))], put)
    case("put_repeated_last_wins", "put", [], [a6, np.array([1, 4, 1, -5, 4]), garr((5,))], put)
    case("put_2d_flat_int32", "put", [], [a23, np.array([5, 0], np.int32), garr((3,), "int64")], put)
    case("put_cast_float_into_int", "put", [], [a23, np.array([1, 2]), np.array([1.75, -2.5])], put)
    case("put_f32_2d_values", "put", [], [garr((4,), "float32"), np.array([3, 0]), garr((2, 2))], put)
    case("put_bool", "put", [], [garr((5,), "bool"), np.array([0, 4]), np.array([True, False])], put)
    case("put_t", "put_t", [], [a23, np.array([0, 1, -1]), garr((3,), "int64")], put_t)
    case("put_empty_values", "put", [], [a6, np.array([9]), np.zeros(0)], put)
    case("put_empty_indices", "put", [], [a6, np.zeros(0, np.int64), garr((2,))], put)
    case("put_oob_err", "put", [], [a6, np.array([1, 10]), garr((2,))], put, kind="index")
    case("put_negative_oob_err", "put", [], [a6, np.array([-7]), np.array([1.0])], put, kind="index")
    case("put_empty_err", "put", [], [np.zeros(0), np.array([0]), garr((1,))], put, kind="index")

    def index_assign(x, ind, v, ax):
        y = x.copy()
        y[(slice(None),) * (ax % x.ndim) + (ind,)] = v
        return y

    b3 = garr((3, 4, 2), "int32")
    case("index_assign_ax1", "index_assign", [1], [b3, np.array([2, -1, 2]), garr((3, 3, 2))],
         lambda x, i, v: index_assign(x, i, v, 1))
    case("index_assign_ax0_broadcast", "index_assign", [0], [garr((4, 3)), np.array([[1], [3]]), garr((3,))],
         lambda x, i, v: index_assign(x, i, v, 0))
    case("index_assign_ax-1_0d", "index_assign", [-1], [garr((2, 5), "float32"), np.array(-2), garr((2,))],
         lambda x, i, v: index_assign(x, i, v, -1))
    case("index_assign_shape_err", "index_assign", [1], [garr((3, 4)), np.array([0, 2]), garr((3,))],
         lambda x, i, v: index_assign(x, i, v, 1), kind="value")
    case("index_assign_oob_err", "index_assign", [1], [garr((3, 4)), np.array([7]), garr((1,))],
         lambda x, i, v: index_assign(x, i, v, 1), kind="index")
def scan_and_mask_cases():
    """cumsum, cumprod and boolean masks (issue 16), with their own generator: the draws of the
    cases above do not change."""
    g = np.random.default_rng(1616)

    def values(shape, dtype="float64"):
        a = g.integers(-8, 8, size=shape) / 4.0
        return a > 0 if np.dtype(dtype).kind == "b" else a.astype(dtype)

    def set_item(x, m, v):
        x = x.copy()
        x[m] = v
        return x

    fl = "rel:1e-5"
    for dt in ["float64", "float32", "int32", "int64", "bool"]:
        tol = fl if dt in ("float32", "float64") else None
        a = values((3, 4, 5), dt)
        for ax in [None, 0, 1, -1]:
            case(f"cumsum_{dt}_{tok(ax)}", "cumsum", [ax, None], [a], lambda x, ax=ax: np.cumsum(x, axis=ax), tol=tol)
            case(f"cumprod_{dt}_{tok(ax)}", "cumprod", [ax, None], [a], lambda x, ax=ax: np.cumprod(x, axis=ax), tol=tol)
    b = values((4, 6))
    b[1, 2] = np.nan
    case("cumsum_nan", "cumsum", [1, None], [b], lambda x: np.cumsum(x, axis=1), tol=fl)
    case("cumsum_long", "cumsum", [None, None], [values((5000,), "float32")], lambda x: np.cumsum(x), tol="rel:1e-4")
    case("cumsum_int_wrap", "cumprod", [None, None], [np.full(70, 3, dtype=np.int64)], lambda x: np.cumprod(x))
    case("cumsum_dtype_f32", "cumsum", [0, "float32"], [values((6, 2), "int64")], lambda x: np.cumsum(x, axis=0, dtype=np.float32))
    case("cumsum_dtype_i32", "cumsum", [None, "int32"], [values((6, 2))], lambda x: np.cumsum(x, dtype=np.int32))
    case("cumsum_0d", "cumsum", [None, None], [np.array(2.5)], lambda x: np.cumsum(x))
    case("cumsum_0d_axis", "cumsum", [0, None], [np.array(3, dtype=np.int32)], lambda x: np.cumsum(x, axis=0))
    case("cumsum_empty", "cumsum", [1, None], [values((2, 0))], lambda x: np.cumsum(x, axis=1))
    case("cumprod_empty_flat", "cumprod", [None, None], [values((0, 3), "int32")], lambda x: np.cumprod(x))
    case("cumsum_axis_err", "cumsum", [2, None], [b], lambda x: np.cumsum(x, axis=2), kind="axis")
    case("cumprod_axis_err", "cumprod", [-3, None], [b], lambda x: np.cumprod(x, axis=-3), kind="axis")
    for dt in ["float32", "int64", "bool"]:
        a = values((3, 4), dt)
        m = values((3, 4), "bool")
        case(f"mask_{dt}", "mask", [], [a, m], lambda x, y: x[y])
        case(f"mask_assign_scalar_{dt}", "mask_assign_scalar", [2], [a, m], lambda x, y: set_item(x, y, 2))
        v = values((int(m.sum()),), dt)
        case(f"mask_assign_{dt}", "mask_assign", [], [a, m, v], lambda x, y, z: set_item(x, y, z))
    a = values((3, 4, 2))
    rows = np.array([True, False, True])
    case("mask_rows", "mask", [], [a, rows], lambda x, y: x[y])
    case("mask_assign_rows", "mask_assign", [], [a, rows, values((4, 2))], lambda x, y, z: set_item(x, y, z))
    case("mask_all_false", "mask", [], [a, np.zeros((3, 4, 2), dtype=bool)], lambda x, y: x[y])
    case("mask_empty", "mask", [], [values((0, 3)), np.zeros((0, 3), dtype=bool)], lambda x, y: x[y])
    case("mask_big", "mask", [], [values((70000,), "float32"), values((70000,), "bool")], lambda x, y: x[y])
    case("mask_shape_err", "mask", [], [values((3,)), np.array([True, False, True, True])], lambda x, y: x[y], kind="index")
    case("mask_axis1_err", "mask", [], [a, np.ones((3, 5), dtype=bool)], lambda x, y: x[y], kind="index")
    case("mask_assign_count_err", "mask_assign", [], [values((4,)), np.array([True, False, True, False]), values((3,))],
         lambda x, y, z: set_item(x, y, z), kind="value")


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    os.makedirs(os.path.join(ROOT, "in"))
    os.makedirs(os.path.join(ROOT, "expected"))
    layout_cases()
    creation_cases()
    join_cases()
    reduction_cases()
    zero_d_and_empty_cases()
    arg_cases()
    gather_cases()
    scan_and_mask_cases()
    matmul_cases()
    lines = ["id\top\targs\tinputs\texpected\ttolerance"]
    for cid, op, args, inputs, fn, kind, tol in CASES:
        files = []
        for k, x in enumerate(inputs):
            name = f"in/{cid}_{k}.npy"
            np.save(os.path.join(ROOT, name), np.asarray(x))
            files.append(name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                r = np.asarray(fn(*[np.asarray(x) for x in inputs]))
                if kind is not None:
                    raise SystemExit(f"{cid}: NumPy did not raise")
            except (ValueError, IndexError, TypeError, np.exceptions.AxisError) as e:
                if kind is None:
                    raise
                expected, tolerance = f"ERROR:{kind}:{str(e).splitlines()[0]}", "exact"
            else:
                expected = f"expected/{cid}.npy"
                np.save(os.path.join(ROOT, expected), r)
                tolerance = tol or ("exact" if op not in ("var", "std", "nanmean", "nansum") else REL.get(r.dtype, "exact"))
        lines.append("\t".join([cid, op, " ".join(tok(a) for a in args), ";".join(files), expected, tolerance]))
    with open(os.path.join(ROOT, "cases.tsv"), "w") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(CASES)} cases written to {os.path.normpath(ROOT)}")


if __name__ == "__main__":
    main()
