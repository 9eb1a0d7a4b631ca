#!/usr/bin/env python3
"""Differential fuzzer: `numfuse eval` against NumPy 2 evaluating the same expression string.

Usage (from the repository root; needs Python 3.11+ with NumPy 2 and a JDK 25):

    ./numfuse devices                         # builds bench/target/*.jar when sources changed
    python3 scripts/fuzz_cli.py -n 3000       # random cases, a summary of disagreement classes
    python3 scripts/fuzz_cli.py -n 3000 --seed 7 --cli-sample 100 --minimize
    python3 scripts/fuzz_cli.py --expr 'a // b' --input a=int32:2,3 --input b=int32:3

What it does. Each case is a random well-formed expression in numfuse's language over inputs
a, b, c, d (bool/int32/int64/float32/float64; shapes of rank 0-3 that broadcast, sometimes
not; values with 0, -0.0, negatives, NaN, +-inf, INT_MIN/MAX, FLT_MAX, ties for round) using
operators, comparisons, & | ^ ~, unary + - ~, where, the math functions, minimum/maximum,
arctan2, casts, dot, the reductions sum/prod/min/max/mean with and without axis, literals of
each kind (ints incl. hex and beyond int32, floats, True/False) and repeated names. Python with
NumPy evaluates the string (`eval(expr, namespace)`, the functions bound to NumPy's); numfuse
evaluates it through the CLI's own entry point (io.numfuse.bench.Main.run) in ONE JVM for the
whole batch: a small driver is written to and compiled in a temporary directory at run time
(never committed). A sample of cases (--cli-sample) is also run through the real `./numfuse
eval` launcher, which must agree byte for byte with the in-process run.

Before the random cases, ~190 hand-picked expressions (FIXED: precedence, Python scalar rules,
bool/int edge cases, NumPy's power fast paths, empty and 0-d reductions, casts) run over fixed
inputs (--no-fixed leaves them out). An EXPR starting with '-' is also run as `eval --in ...
--out ... -- EXPR`: its semantics are judged on that run, and the literal `eval '-a' ...` must
behave the same (class "CLI reads an EXPR starting with '-' as an option" otherwise).
--minimize shrinks one failing case per class (expression tree and inputs), --json writes the
classes. Exit status 1 when any case fails.

What must agree. When NumPy gives a result: exit 0, same dtype, same shape, bool/int values
exactly, float values NaN for NaN, +-0 equal, otherwise exactly unless the expression holds
an inexact operation (transcendental functions, arctan2, **, float sum/prod/mean/dot). For
those NumPy is evaluated again with each inexact result nudged by +-4 ulp (sums by
+-(n+2)*eps*sum|x|), in four sign patterns, and numfuse must lie within the hull of those
runs widened by 2 ulp (a bool/int result must equal one of the runs). Not judged: elements
whose nudged runs spread over more than 1e4 ulp (a // or % of a rounded value, parity of a
huge exponent), and float sums whose terms are finite but whose sum|x| exceeds the dtype's
range (NumPy's partial sums overflow or not by its order; numfuse's sums are compensated in
double, a documented choice). When NumPy raises:
numfuse exits 2 (not 1, an internal error) with exactly one line on stderr and no --out file.

Skipped (numfuse's documented deviations, README "Semantics in brief"), counted apart:
  * small-dtype:   NumPy would type a result int8/float16 (bool // bool, bool % bool,
                   bool ** bool, sqrt(bool), round(bool), arctan2(bool, bool)...): numfuse
                   has no int8/float16 and refuses with a message naming the cast; the case
                   is skipped only when numfuse does refuse with that message AND a traced
                   NumPy evaluation really makes an int8/int16/uint8/float16 value.
  * float-to-int:  a float -> int cast of NaN, +-inf or an out-of-range value (NumPy leaves
                   the result to the platform; numfuse saturates, NaN -> 0).
  * chained comparisons (a < b < c): never generated (Python's `and` raises on arrays).
  * int-result:    an expression whose whole value is a Python int beyond int64 (NumPy makes
                   an object or uint64 array; numfuse, which has neither, raises OverflowError).
                   Literal arithmetic is otherwise folded exactly, as Python does, and judged.
  * uint64:        a literal in [2**63, 2**64) where NumPy makes a uint64 array of it (alone,
                   as where's operand, a reduction's argument): numfuse has no uint64 and raises
                   NumPy's OverflowError for int64 (a float function of it, tanh(2**63), works).
  * int-size:      literal-only int ** int of more than 60000 bits (Python builds it, slowly;
                   numfuse refuses folded ints beyond 65536 bits at once).
"""

import argparse
import ast
import collections
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMES = "abcd"
DTYPES = ["bool", "int32", "int64", "float32", "float64"]

UNARY_FUNCS = ["sqrt", "exp", "expm1", "log", "log1p", "log10", "log2", "sin", "cos", "tan",
               "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "floor", "ceil", "round",
               "sign", "abs"]
BINARY_FUNCS = ["minimum", "maximum", "arctan2"]
REDUCTIONS = ["sum", "prod", "min", "max", "mean"]
CASTS = ["bool", "int32", "int64", "float32", "float64"]
INEXACT_FUNCS = {"exp", "expm1", "log", "log1p", "log10", "log2", "sin", "cos", "tan", "arcsin",
                 "arccos", "arctan", "sinh", "cosh", "tanh", "arctan2", "power"}
SUM_FUNCS = {"sum", "prod", "mean", "dot"}

# Python precedence levels used by the printer.
PREC = {"cmp": 0, "|": 1, "^": 2, "&": 3, "+": 4, "-": 4, "*": 5, "/": 5, "//": 5, "%": 5,
        "u": 6, "**": 7, "atom": 8}
CMP_OPS = ["<", "<=", ">", ">=", "==", "!="]
ARITH_OPS = ["+", "-", "*", "/", "//", "%", "**"]
LOGIC_OPS = ["&", "|", "^"]

INT_LITERALS = ["0", "1", "2", "3", "5", "7", "10", "100", "255", "0x10", "1_000", "2147483647",
                "2147483648", "4294967296", "9223372036854775807", "65536", "2147483649", "0b101", "0o17",
                "9223372036854775808", "18446744073709551616", "0x1_0000_0000_0000_0001"]
FLOAT_LITERALS = ["0.0", "1.0", "0.5", "2.5", "1e-3", "1e10", "3.", ".25", "1e300", "1e40",
                  "3.4028235e38", "5e-324", "1.5", "0.1", "1e-45", "2.0", "100.0"]


class SkipCase(Exception):
    """The case is a documented numfuse deviation (the reason is the message)."""


# ---------------------------------------------------------------------------------------------
# NumPy side

def _cast(t):
    def f(x):
        a = np.asarray(x)
        if a.dtype.kind == "f" and t in (np.int32, np.int64):
            info = np.iinfo(t)
            with np.errstate(all="ignore"):
                tr = np.trunc(a.astype(np.float64))
            # the range test in float64, where int64's max rounds up to 2**63
            if not np.all(np.isfinite(tr)) or np.any(tr < float(info.min)) or np.any(tr >= float(info.max) + 1.0):
                raise SkipCase("float-to-int cast of NaN/inf/out-of-range")
        return t(x)
    return f


def base_namespace():
    ns = {f: getattr(np, f) for f in UNARY_FUNCS if f not in ("abs", "round")}
    ns.update(abs=np.abs, absolute=np.abs, round=np.round, rint=np.rint, negative=np.negative,
              invert=np.invert, minimum=np.minimum, maximum=np.maximum, arctan2=np.arctan2,
              power=np.power, where=np.where, dot=np.dot, sum=np.sum, prod=np.prod, min=np.min,
              max=np.max, mean=np.mean)
    ns.update({"bool": _cast(np.bool_), "int32": _cast(np.int32), "int64": _cast(np.int64),
               "float32": _cast(np.float32), "float64": _cast(np.float64)})
    ns["__builtins__"] = {}
    return ns


BASE_NS = base_namespace()


def _nudge(r, s, ulps=4):
    """r moved by about s*ulps ulp, keeping its type (a Python float stays a weak Python float)."""
    if s == 0:
        return r
    if isinstance(r, float):
        return r * (1 + s * ulps * 2.0 ** -52)
    a = np.asarray(r)
    if a.dtype.kind != "f" or a.dtype.itemsize < 4:
        return r
    return r * a.dtype.type(1 + s * ulps * float(np.finfo(a.dtype).eps))


def _sum_bound(r, s, x, axis, kind, y=None):
    a = np.asarray(x)
    rr = np.asarray(r)
    if rr.dtype.kind != "f" or rr.dtype.itemsize < 4 or s == 0:
        return r
    eps = float(np.finfo(rr.dtype).eps)
    if kind == "dot":
        b = np.asarray(y)
        n = a.shape[-1]
        bound = np.dot(np.abs(a).astype(np.float64), np.abs(b).astype(np.float64))
    else:
        n = a.size if axis is None or a.ndim == 0 else a.shape[axis]
        ax = None if a.ndim == 0 else axis
        bound = np.sum(np.abs(a).astype(np.float64), axis=ax)
        # all terms finite but sum|x| beyond the dtype: the partial sums may overflow or not,
        # depending on the order: any result is NumPy's order's accident
        overflow = np.all(np.isfinite(a), axis=ax) & (bound > float(np.finfo(rr.dtype).max))
        if kind == "mean":
            bound = bound / max(n, 1)
        if kind == "prod":
            bound = np.abs(rr.astype(np.float64))
            overflow = False
    if kind == "dot":
        overflow = False
    bound = np.where(overflow, np.inf, np.where(np.isfinite(bound), bound * (n + 2) * eps, 0.0))
    out = rr + (s * bound).astype(rr.dtype)
    return out[()] if out.ndim == 0 else out


def perturbed_namespace(pattern):
    """Inexact ops nudged; pattern(site) gives +1/-1 per call site."""
    ns = dict(BASE_NS)

    def P(site, fname, *args, **kw):
        s = pattern(site)
        if fname == "**":
            return _nudge(args[0] ** args[1], s)
        r = BASE_NS[fname](*args, **kw)
        if fname in SUM_FUNCS:
            axis = kw.get("axis", args[1] if len(args) > 1 and fname != "dot" else None)
            return _sum_bound(r, s, args[0], axis, fname, args[1] if fname == "dot" else None)
        return _nudge(r, s)
    ns["__P"] = P
    return ns


class _Perturb(ast.NodeTransformer):
    def __init__(self):
        self.sites = 0

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow):
            self.sites += 1
            return ast.Call(ast.Name("__P", ast.Load()), [ast.Constant(self.sites), ast.Constant("**"),
                                                          node.left, node.right], [])
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        f = node.func.id
        if f in INEXACT_FUNCS or f in SUM_FUNCS:
            self.sites += 1
            return ast.Call(ast.Name("__P", ast.Load()), [ast.Constant(self.sites), ast.Constant(f)] + node.args,
                            node.keywords)
        return node


class _Trace(ast.NodeTransformer):
    """Every operator and call goes through __T, which records the dtypes NumPy produces."""
    OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
           ast.Pow: "**", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.USub: "u-", ast.UAdd: "u+",
           ast.Invert: "u~", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}

    def _call(self, op, args, kw=()):
        return ast.Call(ast.Name("__T", ast.Load()), [ast.Constant(op)] + list(args), list(kw))

    def visit_BinOp(self, node):
        self.generic_visit(node)
        return self._call(self.OPS[type(node.op)], [node.left, node.right])

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        return self._call(self.OPS[type(node.op)], [node.operand])

    def visit_Compare(self, node):
        self.generic_visit(node)
        if len(node.ops) != 1:
            return node
        return self._call(self.OPS[type(node.ops[0])], [node.left, node.comparators[0]])

    def visit_Call(self, node):
        self.generic_visit(node)
        return self._call("f:" + node.func.id, node.args, node.keywords)


_PYOPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
          "//": lambda a, b: a // b, "%": lambda a, b: a % b, "**": lambda a, b: a ** b,
          "&": lambda a, b: a & b, "|": lambda a, b: a | b, "^": lambda a, b: a ^ b,
          "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
          ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
          "u-": lambda a: -a, "u+": lambda a: +a, "u~": lambda a: ~a}


def small_dtype_intermediate(expr, inputs):
    """True when NumPy evaluating expr makes an int8/int16/uint8/float16 value on the way."""
    seen = []

    def T(op, *args, **kw):
        r = BASE_NS[op[2:]](*args, **kw) if op.startswith("f:") else _PYOPS[op](*args)
        dt = getattr(r, "dtype", None)
        if dt is not None and dt in (np.int8, np.int16, np.uint8, np.float16):
            seen.append(op)
        return r
    tree = ast.fix_missing_locations(_Trace().visit(ast.parse(expr, mode="eval")))
    env = dict(BASE_NS)
    env.update(inputs)
    env["__T"] = T
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            eval(compile(tree, "<trace>", "eval"), env)
        except Exception:
            pass
    return bool(seen)


def _huge_int_power(expr):
    """True when expr holds a literal-only int ** int of more than 60000 bits (numfuse's limit is 65536)."""
    def val(x):
        if isinstance(x, ast.Constant):
            return x.value
        if isinstance(x, ast.UnaryOp) and isinstance(x.op, ast.USub):
            v = val(x.operand)
            return None if v is None else -v
        if isinstance(x, ast.BinOp):
            l, r = val(x.left), val(x.right)
            if l is None or r is None:
                return None
            if (isinstance(x.op, ast.Pow) and type(l) in (int, bool) and type(r) in (int, bool) and abs(l) > 1
                    and r * math.log2(abs(l)) > 60000):
                raise OverflowError
            try:
                return eval(compile(ast.Expression(x), "<lit>", "eval"), {"__builtins__": {}})
            except Exception:
                return None
        return None
    try:
        val(ast.parse(expr, mode="eval").body)
        for node in ast.walk(ast.parse(expr, mode="eval")):
            val(node)
    except OverflowError:
        return True
    return False


def np_eval(expr, inputs, ns=None, code=None):
    """('ok', ndarray) or ('error', message); SkipCase propagates."""
    if _huge_int_power(expr):
        raise SkipCase("int-size: a literal int of more than 60000 bits")
    env = dict(ns or BASE_NS)
    env.update(inputs)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            r = eval(code if code is not None else expr, env)
        except SkipCase:
            raise
        except Exception as e:  # NumPy or Python raises: numfuse must refuse too
            return "error", f"{type(e).__name__}: {e}"
    if isinstance(r, complex) or np.asarray(r).dtype.kind == "c":
        return "error", "complex result"
    if isinstance(r, int) and not isinstance(r, bool) and not -2**63 <= r < 2**63:
        raise SkipCase("int-result: the expression is a Python int beyond int64")
    return "ok", np.asarray(r)


def np_reference(expr, inputs):
    """The NumPy result, and for expressions with inexact ops, the perturbed runs."""
    status, val = np_eval(expr, inputs)
    if status != "ok":
        return status, val, []
    tree = ast.parse(expr, mode="eval")
    tr = _Perturb()
    tree = ast.fix_missing_locations(tr.visit(tree))
    if tr.sites == 0:
        return status, val, []
    code = compile(tree, "<perturbed>", "eval")
    runs = []
    for pat in (lambda s: 1, lambda s: -1, lambda s: 1 if s % 2 else -1, lambda s: -1 if s % 2 else 1):
        try:
            st, v = np_eval(expr, inputs, perturbed_namespace(pat), code)
        except SkipCase:
            continue
        if st == "ok" and v.shape == val.shape and v.dtype == val.dtype:
            runs.append(v)
    return status, val, runs


# ---------------------------------------------------------------------------------------------
# comparison

def _ulp(x, dt):
    return np.spacing(np.abs(x).astype(dt)).astype(np.float64)


def compare(ref, runs, got):
    """None when got agrees with NumPy, else a short description."""
    if got.dtype != ref.dtype:
        return f"dtype: numpy {ref.dtype}, numfuse {got.dtype}"
    if got.shape != ref.shape:
        return f"shape: numpy {ref.shape}, numfuse {got.shape}"
    if ref.dtype.kind in "biu":
        if np.array_equal(ref, got):
            return None
        ok = ref == got
        for r in runs:
            ok |= (r == got)
        if np.all(ok):
            return None
        i = np.argwhere(~ok)[0] if ref.ndim else ()
        return f"value: at {tuple(int(k) for k in i)} numpy {ref[tuple(i)]!r}, numfuse {got[tuple(i)]!r}"
    allr = [ref] + runs
    r64 = [r.astype(np.float64) for r in allr]
    g = got.astype(np.float64)
    with np.errstate(all="ignore"):
        nan_ok = np.isnan(g) & np.any([np.isnan(r) for r in r64], axis=0)
        eq = (g == r64[0]) | (np.isnan(g) & np.isnan(r64[0]))
        if runs:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                lo = np.nanmin(r64, axis=0)
                hi = np.nanmax(r64, axis=0)
            w = 2 * np.maximum(_ulp(lo, ref.dtype), _ulp(hi, ref.dtype))
            inside = (g >= lo - w) & (g <= hi + w)
            # where a few ulp in an inexact step move the result by far more than that (a %
            # or // of a rounded value, a cancellation), the element cannot be judged
            spread = (hi - lo) > 1e4 * np.maximum(_ulp(lo, ref.dtype), _ulp(hi, ref.dtype))
            inside |= spread | (np.isfinite(lo) != np.isfinite(hi))
            # an inf that the nudged runs reach only as a huge finite value (overflow by rounding)
            eq |= inside | nan_ok
    if np.all(eq):
        return None
    i = tuple(int(k) for k in np.argwhere(~eq)[0]) if ref.ndim else ()
    a, b = ref[i], got[i]
    ulps = ""
    if np.isfinite(a) and np.isfinite(b):
        ulps = f" ({abs(float(a) - float(b)) / float(np.spacing(np.abs(a))):.3g} ulp)"
    return f"value: at {i} numpy {a!r}, numfuse {b!r}{ulps}"


# ---------------------------------------------------------------------------------------------
# generation

class Node:
    __slots__ = ("kind", "op", "kids", "text", "paren", "axis")

    def __init__(self, kind, op=None, kids=(), text=None, axis=None):
        self.kind, self.op, self.kids, self.text, self.axis = kind, op, list(kids), text, axis
        self.paren = False


def render(n):
    """(source, precedence) with the fewest parentheses Python's grammar needs (and n.paren)."""
    if n.kind in ("name", "lit"):
        s, p = n.text, PREC["atom"]
    elif n.kind == "un":
        s, p = render(n.kids[0])
        if p < PREC["u"]:
            s = f"({s})"
        s, p = n.op + s, PREC["u"]
    elif n.kind == "bin":
        (ls, lp), (rs, rp) = render(n.kids[0]), render(n.kids[1])
        if n.op == "**":
            L = PREC["**"]
            if lp <= L:
                ls = f"({ls})"
            if rp < PREC["u"]:
                rs = f"({rs})"
            s = f"{ls}**{rs}"
        else:
            L = PREC["cmp"] if n.op in CMP_OPS else PREC[n.op]
            if lp < L or (n.op in CMP_OPS and lp == L):
                ls = f"({ls})"
            if rp <= L:
                rs = f"({rs})"
            s = f"{ls} {n.op} {rs}"
        p = L
    else:  # call
        args = [render(k)[0] for k in n.kids]
        if n.axis is not None:
            form, ax = n.axis
            args.append(f"axis={ax}" if form == "kw" else str(ax))
        s, p = f"{n.op}({', '.join(args)})", PREC["atom"]
    if n.paren:
        return f"({s})", PREC["atom"]
    return s, p


def src(n):
    return render(n)[0]


def full_parens(n):
    if n.kind in ("name", "lit"):
        return n.text
    if n.kind == "un":
        return f"({n.op}{full_parens(n.kids[0])})"
    if n.kind == "bin":
        return f"({full_parens(n.kids[0])} {n.op} {full_parens(n.kids[1])})"
    args = [full_parens(k) for k in n.kids]
    if n.axis is not None:
        form, ax = n.axis
        args.append(f"axis={ax}" if form == "kw" else str(ax))
    return f"{n.op}({', '.join(args)})"


def literal_only(n):
    return n.kind == "lit" or (n.kind in ("un", "bin") and all(literal_only(k) for k in n.kids))


def gen_values(rng, dtype, shape):
    n = int(np.prod(shape)) if shape else 1
    out = []
    for _ in range(n):
        r = rng.random()
        if dtype == "bool":
            out.append(rng.random() < 0.5)
        elif dtype in ("int32", "int64"):
            info = np.iinfo(dtype)
            if r < 0.6:
                out.append(rng.randint(-10, 10))
            elif r < 0.75:
                out.append(rng.choice([0, 1, -1, 2]))
            elif r < 0.85:
                out.append(rng.choice([int(info.min), int(info.max), int(info.min) + 1, int(info.max) - 1]))
            else:
                out.append(rng.randint(int(info.min), int(info.max)))
        else:
            big = float(np.finfo(dtype).max)
            if r < 0.55:
                out.append(round(rng.uniform(-10, 10), rng.choice([0, 1, 2, 6])))
            elif r < 0.65:
                out.append(rng.choice([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -1.5]))
            elif r < 0.72:
                out.append(rng.choice([math.nan, math.inf, -math.inf]))
            elif r < 0.8:
                out.append(rng.choice([big, -big, 1e-40 if dtype == "float32" else 1e-310, 3e38, 1e20, -1e20]))
            elif r < 0.9:
                out.append(rng.uniform(-1, 1))
            else:
                out.append(rng.uniform(-1e6, 1e6))
    with np.errstate(all="ignore"):
        return np.array(out, dtype=dtype).reshape(shape)


def gen_inputs(rng):
    rank = rng.choice([0, 1, 1, 2, 2, 2, 3, 3])
    base = [rng.choice([1, 2, 3, 4, 4, 5]) for _ in range(rank)]
    if rank and rng.random() < 0.04:
        base[rng.randrange(rank)] = 0
    inputs = {}
    for name in NAMES[:rng.randint(1, 4)]:
        r = rng.randint(0, rank) if rng.random() < 0.3 else rank
        shape = base[rank - r:]
        shape = [1 if (d and rng.random() < 0.2) else d for d in shape]
        if shape and rng.random() < 0.04:   # does not broadcast (usually)
            shape[rng.randrange(len(shape))] = rng.choice([2, 3, 6, 7])
        inputs[name] = gen_values(rng, rng.choice(DTYPES), tuple(shape))
    return inputs


class Gen:
    def __init__(self, rng, inputs, strict=True):
        self.rng, self.inputs, self.strict = rng, inputs, strict

    def value(self, n):
        try:
            st, v = np_eval(src(n), self.inputs)
        except SkipCase:
            return None
        return v if st == "ok" else None

    def leaf(self):
        rng = self.rng
        r = rng.random()
        if r < 0.65:
            return Node("name", text=rng.choice(list(self.inputs)))
        if r < 0.8:
            return Node("lit", text=rng.choice(INT_LITERALS[:10] if rng.random() < 0.8 else INT_LITERALS))
        if r < 0.95:
            return Node("lit", text=rng.choice(FLOAT_LITERALS[:8] if rng.random() < 0.7 else FLOAT_LITERALS))
        return Node("lit", text=rng.choice(["True", "False"]))

    def node(self, depth, tries=6):
        for attempt in range(tries):
            n = self._node(depth)
            if self.rng.random() < 0.08:
                n.paren = True
            if n.kind == "call" and n.op == "dot" and self.rng.random() < 0.9:
                ranks = [getattr(self.value(k), "ndim", -1) for k in n.kids]
                if ranks not in ([1, 1], [2, 1], [2, 2]):
                    continue   # numfuse's dot covers 1-D.1-D, 2-D.1-D, 2-D.2-D; other ranks now and then
            v = self.value(n) if depth > 0 else None
            if v is not None and v.dtype in (np.float16, np.int8) and self.rng.random() < 0.85:
                continue   # documented deviation: keep only a few
            if depth <= 0 or v is not None or not self.strict or attempt == tries - 1 or self.rng.random() < 0.04:
                return n
        return n

    def _node(self, depth):
        rng = self.rng
        if depth <= 0 or rng.random() < 0.2:
            return self.leaf()
        r = rng.random()
        if r < 0.10:
            return Node("un", op=rng.choice(["-", "-", "~", "+"]), kids=[self.node(depth - 1)])
        if r < 0.38:
            return Node("bin", op=rng.choice(ARITH_OPS), kids=[self.node(depth - 1), self.node(depth - 1)])
        if r < 0.46:
            return Node("bin", op=rng.choice(CMP_OPS), kids=[self.node(depth - 1), self.node(depth - 1)])
        if r < 0.54:
            return Node("bin", op=rng.choice(LOGIC_OPS), kids=[self.node(depth - 1), self.node(depth - 1)])
        if r < 0.68:
            return Node("call", op=rng.choice(UNARY_FUNCS), kids=[self.node(depth - 1)])
        if r < 0.74:
            return Node("call", op=rng.choice(BINARY_FUNCS), kids=[self.node(depth - 1), self.node(depth - 1)])
        if r < 0.81:
            return Node("call", op="where", kids=[self.node(depth - 1) for _ in range(3)])
        if r < 0.86:
            return Node("call", op=rng.choice(CASTS), kids=[self.node(depth - 1)])
        if r < 0.88:
            return Node("call", op="dot", kids=[self.node(depth - 1), self.node(depth - 1)])
        x = self.node(depth - 1)
        axis = None
        if rng.random() < 0.55:
            v = self.value(x)
            rank = v.ndim if v is not None else 1
            ax = rng.randint(-rank, rank - 1) if rank and rng.random() < 0.93 else rng.choice([rank, -rank - 1, 0])
            axis = (rng.choice(["kw", "pos"]), ax)
        return Node("call", op=rng.choice(REDUCTIONS), kids=[x], axis=axis)


# Hand-picked expressions, run before the random ones (inputs: a int32, b float32, c bool,
# d float64, e int64, z 0-d float64, y empty float32).
FIXED = [
    "-2**2", "2**-1", "(-2)**2", "2**3**2", "-a**2", "a**-1", "a**0", "b**0.5", "d**0.5", "z**0.5", "b**-0.5",
    "+True", "-True", "~True", "~False", "True + True", "True / False", "True // True", "7 // -2", "-7 % 3",
    "7.5 // -2", "-7.5 % 2", "1 / 0", "1 // 0", "1 % 0.0", "0 ** -1", "0.0 ** -1", "1e308 * 10", "10.0 ** 400",
    "(-8.0) ** 0.5", "(-8) ** (1/3)", "2 ** 62", "2 ** 63", "9223372036854775807 + 1", "-9223372036854775807 - 1",
    "0x7fffffff + 1", "1_000 * a", "a + 2147483648", "a < 2147483648", "a == -2147483649", "e + 9223372036854775807",
    "a & 1", "a | c", "c ^ True", "~c", "~a", "c & (a > 0)", "a > 0 & c", "a & b", "~b", "-c", "c - c", "+c",
    "c + c", "c * c", "c / c", "c // c", "c % c", "c ** c", "c ** 2", "sqrt(c)", "round(c)", "sign(c)", "abs(c)",
    "floor(c)", "ceil(c)", "floor(a)", "round(a)", "round(b)", "round(2.5)", "round(-0.5)", "abs(a)", "sign(b)",
    "a // 0", "a % 0", "b // 0", "b % 0", "d // 0.0", "a // -1", "e // -1", "a % -1", "-a", "abs(-2147483648 + a * 0)",
    "a * 3000000", "e * e", "a ** 3", "e ** 40", "a ** e", "where(c, a, b)", "where(c, 1, 2)", "where(c, 1, 2.5)",
    "where(b, 1, 0)", "where(d, a, 3000000000)", "where(c, a, 1.5)", "where(True, 1, 2)", "where(c, c, 2)",
    "minimum(b, d)", "maximum(b, 1e40)", "maximum(a, 2147483648)", "minimum(c, True)", "arctan2(a, b)",
    "arctan2(c, c)", "sum(c)", "sum(a)", "sum(b)", "sum(y)", "prod(y)", "max(y)", "min(y, axis=0)", "mean(y)",
    "mean(a)", "mean(b)", "mean(c)", "prod(a)", "prod(c)", "max(c)", "min(d)", "max(d)", "sum(z, axis=0)",
    "sum(z, -1)", "mean(z, axis=0)", "sum(a, axis=1)", "sum(a, axis=-1)", "sum(a, axis=2)", "max(b, 0) + b",
    "sum(3)", "sum(True)", "min(2.5)", "mean(3)", "dot(d, d)", "dot(a, a)", "dot(c, c)", "int32(b)", "int64(d)",
    "float32(a)", "bool(d)", "bool(b) & c", "int32(3000000000)", "float32(1e40)", "int32(2.7)", "int64(-2.7)",
    "float32(d) + b", "b + 1.0", "b + 16777217", "b * 1e-50", "d + b", "a + b", "e + b", "a + e", "a / a",
    "e / 0", "b / 0", "log(0)", "log(-1.0)", "log(a)", "exp(1000.0)", "exp(b)", "expm1(1e-10)", "log1p(-1)",
    "sqrt(-1.0)", "sqrt(a)", "arcsin(2)", "tanh(b)", "cosh(1000)", "log2(8)", "log10(1000)", "log2(a)",
    "a + a * a - a", "a - a - a", "a / a / a", "a // 2 // 2", "a % 5 % 3", "1 - 1.0", "-0.0", "0.0 * -1",
    "e == -9223372036854775808", "e + -9223372036854775808", "9223372036854775808", "-9223372036854775808 ** 1",
    "c ** 2", "c ** 3", "max(c) ** 2", "max(d) ** 0.5", "min(d) ** 0.5", "power(d, 0.5)", "maximum(d, z) ** 0.5",
    "a < b", "c < b", "c == 1", "c == True", "b != b", "d >= z", "(a < b) == c", "(a < 2) & (a > -2)",
    "e + 2**62*4/2", "e == 2**63", "e < 2**63", "e != 2**64", "2**64 < e", "e >= -2**63 - 1", "a == 2**70",
    "a < 2**40", "e + 2**63", "a + 2**31", "c == 2**64", "d + 2**1100", "b + 2**200", "e / 2**64",
    "(2**64 + 1) / 3 + d", "2**64 // 2**60 * e", "-2**63 + e", "e * (2**53 + 1 == 2.0**53)", "2**64 - 2**64 + a",
    "float64(2**64)", "int64(2**63)", "(2**100 + 1) % 7 + a", "~(2**64) + 2**64 + e", "where(c, e, 2**64)",
]


def fixed_inputs():
    with np.errstate(all="ignore"):
        return {
            "a": np.array([[0, 1, -1, 7], [2147483647, -2147483648, 3, -5], [4, -4, 2, 100]], dtype=np.int32),
            "b": np.array([0.0, -0.0, 2.5, -1.5, np.nan, np.inf, -np.inf, 3e38], dtype=np.float32)[:4],
            "c": np.array([True, False, True, False]),
            "d": np.array([0.5, -2.5, np.nan, -np.inf], dtype=np.float64),
            "e": np.array([9223372036854775807, -9223372036854775808, -1, 3], dtype=np.int64),
            "z": np.array(-np.inf),
            "y": np.zeros((0,), dtype=np.float32),
        }


def gen_case(rng):
    inputs = gen_inputs(rng)
    g = Gen(rng, inputs, strict=rng.random() > 0.1)   # one case in ten: anything goes, errors too
    depth = rng.choice([1, 2, 2, 3, 3, 4])
    n = g.node(depth)
    if n.kind in ("name", "lit") and rng.random() < 0.8:
        n = g.node(depth)
    return n, inputs


# ---------------------------------------------------------------------------------------------
# numfuse side

DRIVER = r"""
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

public final class FuzzDriver {
    public static void main(String[] a) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(a[0]), StandardCharsets.UTF_8);
        try (PrintWriter res = new PrintWriter(new OutputStreamWriter(new FileOutputStream(a[1], true), StandardCharsets.UTF_8), true)) {
            for (String line : lines) {
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                String[] args = Arrays.copyOfRange(f, 1, f.length);
                StringWriter out = new StringWriter(), err = new StringWriter();
                int rc;
                try {
                    rc = io.numfuse.bench.Main.run(args, new PrintWriter(out), new PrintWriter(err));
                } catch (Throwable t) {
                    rc = 99;
                    err.write("uncaught " + t);
                }
                String e = err.toString().replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
                res.println(f[0] + "\t" + rc + "\t" + e);
            }
        }
    }
}
"""


def find_java():
    cands = [os.environ.get("JAVA_HOME", ""), "/usr/lib/jvm/temurin-25-jdk-amd64"]
    for c in cands:
        if c and os.path.exists(os.path.join(c, "bin", "javac")):
            out = subprocess.run([os.path.join(c, "bin", "java"), "-version"], capture_output=True, text=True).stderr
            if '"25' in out or '"26' in out or '"27' in out:
                return c
    sys.exit("fuzz_cli: no JDK 25 found (set JAVA_HOME)")


class Numfuse:
    def __init__(self, work):
        self.work = work
        jar = os.path.join(ROOT, "bench/target/numfuse-bench.jar")
        if not os.path.exists(jar):
            subprocess.run([os.path.join(ROOT, "numfuse"), "devices"], check=True, capture_output=True)
        self.cp = jar + ":" + os.path.join(ROOT, "bench/target/lib/*")
        self.jdk = find_java()
        ddir = os.path.join(work, "driver")
        os.makedirs(ddir, exist_ok=True)
        with open(os.path.join(ddir, "FuzzDriver.java"), "w") as f:
            f.write(DRIVER)
        subprocess.run([os.path.join(self.jdk, "bin/javac"), "-cp", self.cp, "-d", ddir,
                        os.path.join(ddir, "FuzzDriver.java")], check=True)
        self.cp_run = self.cp + ":" + ddir

    def run_batch(self, cases):
        """cases: list of (id, args). Returns {id: (rc, stderr)}; a hung case gets rc -1."""
        results = {}
        todo = list(cases)
        while todo:
            man = os.path.join(self.work, "manifest.tsv")
            res = os.path.join(self.work, "results.tsv")
            with open(man, "w") as f:
                for cid, args in todo:
                    f.write("\t".join([str(cid)] + args) + "\n")
            if os.path.exists(res):
                os.remove(res)
            try:
                subprocess.run([os.path.join(self.jdk, "bin/java"), "-Xss8m", "-XX:+UseSerialGC",
                                "-cp", self.cp_run, "FuzzDriver", man, res],
                               timeout=60 + 2 * len(todo), capture_output=True)
            except subprocess.TimeoutExpired:
                pass
            done = set()
            if os.path.exists(res):
                with open(res) as f:
                    for line in f:
                        cid, rc, err = line.rstrip("\n").split("\t", 2)
                        err = err.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
                        results[int(cid)] = (int(rc), err)
                        done.add(int(cid))
            rest = [c for c in todo if c[0] not in done]
            if rest and len(rest) == len(todo) or (rest and rest[0][0] not in done):
                results[rest[0][0]] = (-1, "hung or crashed the JVM")
                rest = rest[1:]
            todo = rest
        return results


# ---------------------------------------------------------------------------------------------
# one case end to end

class Case:
    def __init__(self, cid, expr, inputs, node=None):
        self.cid, self.expr, self.inputs, self.node = cid, expr, inputs, node
        self.dir = None

    def write(self, work):
        self.dir = os.path.join(work, f"c{self.cid}")
        os.makedirs(self.dir, exist_ok=True)
        for k, v in self.inputs.items():
            np.save(os.path.join(self.dir, k + ".npy"), v)
        self.out = os.path.join(self.dir, "out.npy")
        self.out_dd = os.path.join(self.dir, "out_dd.npy")
        for f in (self.out, self.out_dd):
            if os.path.exists(f):
                os.remove(f)

    def args(self, dashdash=False):
        ins = []
        for k in self.inputs:
            ins += ["--in", f"{k}={os.path.join(self.dir, k + '.npy')}"]
        if TARGET:
            ins += ["--target", TARGET]
        if dashdash:
            return ["eval"] + ins + ["--out", self.out_dd, "--", self.expr]
        return ["eval", self.expr] + ins + ["--out", self.out]


TARGET = None   # set from --target: passed to every `numfuse eval`


def reference(case):
    """('skip', reason) | ('error', msg, []) | ('ok', value, runs)"""
    try:
        st, val, runs = np_reference(case.expr, case.inputs)
    except SkipCase as e:
        return ("skip", str(e), [])
    return (st, val, runs)


def judge(case, ref, rc, err, out=None):
    """(verdict, class, detail): verdict in pass/skip/fail."""
    st, val, runs = ref
    if st == "skip":
        return "skip", val, ""
    lines = [l for l in err.splitlines() if l.strip()]
    if rc in (-1, 99):
        return "fail", "crash/hang", err[:200]
    if st == "error":
        if rc == 0:
            return "fail", "numpy raises, numfuse gives a result", val[:120]
        if rc == 1:
            return "fail", "internal error", err.strip()[:200]
        if len(lines) != 1:
            return "fail", "error not one line", err[:200]
        if os.path.exists(out or case.out):
            return "fail", "output written on error", ""
        return "pass", "", ""
    if rc != 0:
        if re.search(r"int8|float16", err) and small_dtype_intermediate(case.expr, case.inputs):
            return "skip", "small-dtype (int8/float16) refused", ""
        m = re.search(r"integer (\d+) out of bounds for int64", err)
        if m and 2**63 <= int(m.group(1)) < 2**64:
            return "skip", "uint64: a literal only uint64 holds, refused", ""
        if rc == 1:
            return "fail", "internal error", err.strip()[:200]
        msg = err.strip().replace("numfuse: error: ", "")
        key = re.sub(r"-?\d+", "N", msg.split(":")[0])[:60]
        return "fail", f"numfuse raises, numpy gives a result [{key}]", f"numpy {val.dtype}{list(val.shape)}; numfuse: {msg[:160]}"
    try:
        got = np.load(out or case.out)
    except Exception as e:
        return "fail", "unreadable output", str(e)
    d = compare(val, runs, got)
    if d is None:
        return "pass", "", ""
    return "fail", d.split(":")[0] + " mismatch", d


def run_cases(nf, work, cases):
    refs = {}
    batch = []
    for c in cases:
        c.write(work)
        refs[c.cid] = reference(c)
        batch.append((c.cid, c.args()))
        if c.expr.lstrip().startswith("-"):
            batch.append((DD + c.cid, c.args(dashdash=True)))
    res = nf.run_batch(batch)
    out = []
    for c in cases:
        rc, err = res.get(c.cid, (-1, "no result"))
        if DD + c.cid in res:
            # judge the semantics on the '--' form; the literal form must behave the same
            rc2, err2 = res[DD + c.cid]
            v = judge(c, refs[c.cid], rc2, err2, c.out_dd)
            if v[0] == "pass" and (rc, err) != (rc2, err2):
                v = ("fail", "CLI reads an EXPR starting with '-' as an option", err.strip())
            out.append((c, refs[c.cid], rc, err, v))
            continue
        out.append((c, refs[c.cid], rc, err, judge(c, refs[c.cid], rc, err)))
    return out


DD = 10 ** 8   # case id offset of the 'eval OPTIONS -- EXPR' variant


# ---------------------------------------------------------------------------------------------
# minimisation: greedy, over the expression tree and the input values

def clone(n):
    m = Node(n.kind, n.op, [clone(k) for k in n.kids], n.text, n.axis)
    m.paren = n.paren
    return m


def size(n):
    return 1 + sum(size(k) for k in n.kids)


def replace_at(root, index, fn):
    """A copy of root with its index-th node (pre-order) replaced by fn(copy of that node)."""
    root = clone(root)
    nodes = list(walk_nodes(root))
    target = nodes[index]
    new = fn(target)
    if target is root:
        return new
    for x in nodes:
        for j, k in enumerate(x.kids):
            if k is target:
                x.kids[j] = new
    return root


def candidates(node, inputs):
    """(node, inputs) variants, each a little smaller."""
    cands = []
    for i, x in enumerate(walk_nodes(node)):
        for j in range(len(x.kids)):
            cands.append((replace_at(node, i, lambda t, j=j: t.kids[j]), inputs))
        if x.kind not in ("name", "lit"):
            for lit in ("1", "1.5", "True"):
                cands.append((replace_at(node, i, lambda t, lit=lit: Node("lit", text=lit)), inputs))
        if x.paren:
            def unparen(t):
                t.paren = False
                return t
            cands.append((replace_at(node, i, unparen), inputs))
        if x.axis is not None:
            def noaxis(t):
                t.axis = None
                return t
            cands.append((replace_at(node, i, noaxis), inputs))
        if x.kind == "name":
            for other in inputs:
                if other < x.text:
                    cands.append((replace_at(node, i, lambda t, o=other: Node("name", text=o)), inputs))
    used = {x.text for x in walk_nodes(node) if x.kind == "name"}
    small = {k: v for k, v in inputs.items() if k in used}
    if len(small) < len(inputs):
        cands.append((clone(node), small))
    for k, v in inputs.items():
        if v.size > 1:
            for sh in (tuple(1 for _ in v.shape), v.shape[1:]):
                m = int(np.prod(sh))
                cands.append((clone(node), {**inputs, k: v.reshape(-1)[:m].reshape(sh)}))
                cands.append((clone(node), {**inputs, k: v.reshape(-1)[-m:].reshape(sh)}))
            for ax in range(v.ndim):
                if v.shape[ax] > 1:
                    for pos in range(v.shape[ax]):
                        cands.append((clone(node), {**inputs, k: np.take(v, [pos], axis=ax)}))
        if v.dtype.kind == "f" and v.size:
            with np.errstate(all="ignore"):
                simple = np.where(np.isfinite(v) & (v != 0), np.round(v), v).astype(v.dtype)
            if not np.array_equal(simple, v, equal_nan=True):
                cands.append((clone(node), {**inputs, k: simple}))
    return cands


def walk_nodes(n):
    yield n
    for k in n.kids:
        yield from walk_nodes(k)


def weight(node, inputs):
    return (size(node) * 1000 + sum(v.size for v in inputs.values()) * 10 + len(src(node))
            + sum(v.ndim for v in inputs.values())
            + sum(int(np.sum(np.isfinite(v) & (v != np.round(v)))) for v in inputs.values() if v.dtype.kind == "f"))


def minimize(nf, work, case, cls, next_id, rounds=30):
    node, inputs = case.node, case.inputs
    for _ in range(rounds):
        cands = [(n, i) for n, i in candidates(node, inputs) if weight(n, i) < weight(node, inputs)]
        if not cands:
            break
        cases = []
        for n, i in cands:
            try:
                if ast.dump(ast.parse(src(n), mode="eval")) != ast.dump(ast.parse(full_parens(n), mode="eval")):
                    continue
            except SyntaxError:
                continue
            cases.append(Case(next_id[0], src(n), i, n))
            next_id[0] += 1
        best = None
        for c, ref, rc, err, (verdict, k, d) in run_cases(nf, work, cases):
            if verdict == "fail" and k == cls:
                if best is None or weight(c.node, c.inputs) < weight(best.node, best.inputs):
                    best = c
        if best is None:
            break
        node, inputs = best.node, best.inputs
    return node, inputs


def describe_inputs(inputs):
    parts = []
    for k, v in inputs.items():
        parts.append(f"{k}=np.array({np.array2string(v, separator=', ', threshold=100)}, dtype=np.{v.dtype})")
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------

def cli_check(results, sample, rng):
    """Runs some cases through the real launcher: rc, stderr and output bytes must match."""
    launcher = os.path.join(ROOT, "numfuse")
    picked = rng.sample(results, min(sample, len(results)))
    bad = []
    for c, ref, rc, err, _ in picked:
        if rc in (-1, 99):
            continue
        inproc = open(c.out, "rb").read() if os.path.exists(c.out) else None
        os.rename(c.out, c.out + ".inproc") if inproc is not None else None
        p = subprocess.run([launcher] + c.args(), capture_output=True, text=True, timeout=120)
        cli = open(c.out, "rb").read() if os.path.exists(c.out) else None
        if p.returncode != rc or p.stderr != err or cli != inproc:
            bad.append(f"{c.expr!r}: in-process rc={rc} err={err.strip()!r} out={inproc is not None}; "
                       f"CLI rc={p.returncode} err={p.stderr.strip()!r} out={cli is not None}"
                       + ("; outputs differ" if cli is not None and inproc is not None and cli != inproc else ""))
        if p.returncode != 0 and (len(p.stderr.strip().splitlines()) != 1 or cli is not None):
            bad.append(f"{c.expr!r}: CLI failure must be one stderr line and no output: {p.stderr!r}")
    return len(picked), bad


def parse_input(spec):
    name, rest = spec.split("=", 1)
    dt, _, rest = rest.partition(":")
    if rest.startswith("["):
        return name, np.array(json.loads(rest.replace("nan", "NaN").replace("inf", "Infinity")), dtype=dt)
    shape = tuple(int(x) for x in rest.split(",") if x) if rest else ()
    return name, gen_values(random.Random(0), dt, shape)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="number of random cases")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=500, help="cases per JVM run")
    ap.add_argument("--cli-sample", type=int, default=100, help="cases re-run through ./numfuse eval")
    ap.add_argument("--minimize", action="store_true", help="shrink one failing case per class")
    ap.add_argument("--show", type=int, default=3, help="examples printed per class")
    ap.add_argument("--expr", help="run this one expression (with --input) instead of random cases")
    ap.add_argument("--input", action="append", default=[],
                    help="NAME=DTYPE:SHAPE (random values) or NAME=DTYPE:[json values]")
    ap.add_argument("--no-fixed", action="store_true", help="skip the hand-picked expressions")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--json", help="write the failures here as JSON")
    ap.add_argument("--target", help="numfuse target for every case (eval --target): jvm, interpreter, opencl:0, ...")
    opt = ap.parse_args()
    global TARGET
    TARGET = opt.target

    work = tempfile.mkdtemp(prefix="numfuse-fuzz-")
    nf = Numfuse(work)
    rng = random.Random(opt.seed)
    next_id = [0]
    if opt.expr:
        inputs = dict(parse_input(s) for s in opt.input)
        results = run_cases(nf, work, [Case(0, opt.expr, inputs)])
        c, ref, rc, err, (verdict, k, d) = results[0]
        print(f"numpy: {ref[0]} {ref[1]!r}")
        print(f"numfuse: rc={rc} {err.strip()}")
        if os.path.exists(c.out):
            print(f"numfuse: {np.load(c.out)!r}")
        print(f"verdict: {verdict} {k} {d}")
        return

    cases = []
    if not opt.no_fixed:
        fin = fixed_inputs()
        for e in FIXED:
            cases.append(Case(next_id[0], e, dict(fin), None))
            next_id[0] += 1
    for _ in range(opt.n):
        node, inputs = gen_case(rng)
        s = src(node)
        assert ast.dump(ast.parse(s, mode="eval")) == ast.dump(ast.parse(full_parens(node), mode="eval")), s
        cases.append(Case(next_id[0], s, inputs, node))
        next_id[0] += 1
    t0 = time.time()
    results = []
    for i in range(0, len(cases), opt.batch):
        results += run_cases(nf, work, cases[i:i + opt.batch])
    counts = collections.Counter(v for *_, (v, k, d) in results)
    fails = collections.defaultdict(list)
    skips = collections.Counter()
    np_errors = 0
    for c, ref, rc, err, (v, k, d) in results:
        if v == "fail":
            fails[k].append((c, d))
        elif v == "skip":
            skips[k] += 1
        if ref[0] == "error":
            np_errors += 1
    print(f"{len(results)} cases in {time.time() - t0:.1f}s: {counts['pass']} pass, {counts['fail']} fail, "
          f"{counts['skip']} skipped (documented deviations); NumPy raised on {np_errors}")
    for k, n in skips.most_common():
        print(f"  skipped: {n:5d}  {k}")
    report = []
    for k, lst in sorted(fails.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== {k}: {len(lst)} cases")
        for c, d in lst[:opt.show]:
            print(f"   {c.expr}\n      {describe_inputs(c.inputs)}\n      {d}")
        entry = {"class": k, "count": len(lst), "examples": [{"expr": c.expr, "detail": d} for c, d in lst[:opt.show]]}
        generated = [c for c, _ in lst if c.node is not None]
        if opt.minimize and generated:
            c0 = min(generated, key=lambda c: weight(c.node, c.inputs))
            n, i = minimize(nf, work, c0, k, next_id)
            mc = Case(next_id[0], src(n), i, n)
            next_id[0] += 1
            (c1, ref, rc, err, (v, kk, d)) = run_cases(nf, work, [mc])[0]
            print(f"   minimised: {mc.expr}\n      {describe_inputs(i)}\n      {d}")
            entry["minimal"] = {"expr": mc.expr, "inputs": describe_inputs(i), "detail": d}
        report.append(entry)
    if opt.cli_sample:
        n, bad = cli_check(results, opt.cli_sample, rng)
        print(f"\nCLI launcher check: {n} cases, {len(bad)} disagreements with the in-process run")
        for b in bad[:10]:
            print("   " + b)
    judged = counts["pass"] + counts["fail"]
    print(f"\npass rate: {counts['pass']}/{judged} = {100.0 * counts['pass'] / max(judged, 1):.2f}% "
          f"(of {len(results)} cases, {counts['skip']} skipped)")
    if opt.json:
        with open(opt.json, "w") as f:
            json.dump(report, f, indent=1)
    if not opt.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("work directory:", work)
    sys.exit(1 if counts["fail"] else 0)


if __name__ == "__main__":
    main()
