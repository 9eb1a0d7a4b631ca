"""Machinery shared by the NumPy conformance generator (see generate.py for the format).

The reference semantics is Python's eval of the expression with NumPy functions in scope. We do
not call eval itself but interpret the parsed expression node by node with the very same Python
operators and NumPy functions, which lets us (1) refuse anything outside numfuse's expression
language, (2) check every intermediate dtype (no int8/float16 sneaking in), (3) evaluate chained
comparisons elementwise (`a < b < c` means `(a < b) & (b < c)`; Python's `and` cannot be applied
to arrays), (4) re-evaluate with perturbed transcendental results and other summation orders, to
prove each case's tolerance is robust, and (5) compute the error scale of `sum:R` cases.

Tolerance rule (the harness NumpyConformanceTest.java applies the same one):
  exact   - results of bool/int dtype, and float expressions built only from correctly rounded
            operations (+ - * / sqrt, comparisons, where, abs, negation, minimum/maximum, clip,
            floor, ceil, round, sign, square, reciprocal, // and % as NumPy's npy_divmod computes
            them, casts) and no float
            sum/prod/mean: every element must be equal.
  ulp:N   - a transcendental function or float ** is involved: |actual - expected| <= N units in
            the last place of the result dtype. N = 4 for a single such op on exact inputs; a
            larger N is given with its reason next to the case. The generator checks that
            perturbing every transcendental/** result by up to 4 ulp keeps the result within N.
  sum:R   - a float sum/prod/mean is involved (summation order is free): |actual - expected| <=
            R * S, where S (per element) is the running error bound of the expression: it is
            evaluated on magnitudes, inputs and literals by their absolute values, + and - adding
            magnitudes, * multiplying them, x/y giving Sx/|y| + |x|*Sy/y^2, sum/mean/prod of
            magnitudes, min/max/where/abs passing them on, other operations restarting at
            |result| (for a plain sum, S is the sum of the absolute values of the terms). S is
            stored next to the expected file as <expected stem>.abs.npy (float64, same shape).
            R = 1e-14 when everything is float64 (the worst-case bound of a sequential float64
            sum of 60 terms is 59 * 2^-53 = 6.6e-15), R = 1e-5 when float32 is involved (the
            same bound is 59 * 2^-24 = 3.5e-6, plus NumPy's own pairwise-sum error).
  Everywhere: NaN matches NaN (any payload), +0.0 equals -0.0, an infinity must match exactly.
"""
import ast
import io
import operator
import os
import re
import tokenize
import warnings
import zlib

import numpy as np

DTYPES = {np.dtype(t) for t in (np.bool_, np.int32, np.int64, np.float32, np.float64)}
TRANSCENDENTAL = {"exp", "exp2", "expm1", "log", "log1p", "log10", "log2", "sin", "cos", "tan",
                  "arcsin", "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "arcsinh",
                  "arccosh", "arctanh", "hypot"}
ELEMENTWISE = TRANSCENDENTAL | {"sqrt", "floor", "ceil", "round", "sign", "abs", "minimum",
                                "maximum", "where", "square", "reciprocal", "isnan", "isinf",
                                "isfinite", "clip"}
REDUCTIONS = {"sum", "prod", "min", "max", "mean"}
FUNCS = {name: getattr(np, name) for name in ELEMENTWISE | REDUCTIONS}
BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
          ast.Pow: operator.pow, ast.BitAnd: operator.and_, ast.BitOr: operator.or_,
          ast.BitXor: operator.xor, ast.LShift: operator.lshift, ast.RShift: operator.rshift}
CMPOPS = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
          ast.GtE: operator.ge, ast.Eq: operator.eq, ast.NotEq: operator.ne}
NUMBER = re.compile(r"[0-9]+|[0-9]+\.[0-9]+(e[-+]?[0-9]+)?|[0-9]+e[-+]?[0-9]+")
VIEW = re.compile(r"T|[-0-9:, ]+")
ID = re.compile(r"[a-z][a-z0-9_]*")
TRIALS = 12


def after(ops, transcendentals=1):
    """Tolerance for transcendental results followed by `ops` correctly rounded, non-cancelling
    operations: each 4-ulp error can double in ulps when the result lies in a binade where
    ulps are half as large, and each later rounding adds up to 1 ulp of difference."""
    n = 8 * transcendentals + ops
    return dict(tol=f"ulp:{n}", why=f"{transcendentals} transcendental op(s) x 8 ulp + {ops} "
                f"later roundings (conflib.after)")


class LanguageError(Exception):
    """The generator wrote an expression numfuse's language does not have."""


def check_language(expr):
    """Rejects anything outside numfuse's expression language; returns the parsed body."""
    for tok in tokenize.generate_tokens(io.StringIO(expr).readline):
        if tok.type == tokenize.NUMBER and not NUMBER.fullmatch(tok.string):
            raise LanguageError(f"literal {tok.string!r} in {expr!r}")
    return ast.parse(expr, mode="eval").body


def axis_of(node):
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant) and type(node.operand.value) is int):
        return -node.operand.value
    raise LanguageError("axis must be an integer literal")


class Evaluator:
    """Interprets one expression. Returns (value, scale): scale is the running error bound
    (see the module doc), a float64 array broadcast like value. With a rng it perturbs:
    transcendental/float-** results move by up to 4 ulp, float sums/means/prods use another
    summation order."""

    def __init__(self, env, rng=None, wide=False):
        self.env = env
        self.rng = rng
        self.wide = wide  # allow float128 (the accuracy check computes in it)
        self.flags = set()  # "transcendental", "float_reduction", "float32"

    def run(self, expr):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.ev(check_language(expr))

    def note(self, v):
        if isinstance(v, (np.ndarray, np.generic)):
            if v.dtype not in DTYPES and not self.wide:
                raise LanguageError(f"intermediate dtype {v.dtype} is not supported by numfuse")
            if v.dtype == np.float32:
                self.flags.add("float32")
        return v

    def ev(self, node):
        v, s = self._ev(node)
        return self.note(v), s

    def _ev(self, node):
        if isinstance(node, ast.Name):
            if node.id not in self.env:
                raise LanguageError(f"unknown name {node.id}")
            v = self.env[node.id]
            return v, mag(v)
        if isinstance(node, ast.Constant):
            if type(node.value) not in (bool, int, float):
                raise LanguageError(f"literal {node.value!r}")
            return node.value, abs(float(node.value))
        if isinstance(node, ast.UnaryOp):
            v, s = self.ev(node.operand)
            if isinstance(node.op, ast.USub):
                return -v, s
            if isinstance(node.op, ast.Invert):
                r = ~v
                return r, mag(r)
            raise LanguageError(f"unary {type(node.op).__name__}")
        if isinstance(node, ast.BinOp):
            if type(node.op) not in BINOPS:
                raise LanguageError(f"operator {type(node.op).__name__}")
            (a, sa), (b, sb) = self.ev(node.left), self.ev(node.right)
            r = BINOPS[type(node.op)](a, b)
            if isinstance(node.op, (ast.Add, ast.Sub)):
                return r, sa + sb
            if isinstance(node.op, ast.Mult):
                return r, sa * sb
            if isinstance(node.op, ast.Div):
                bb = np.abs(np.asarray(b, dtype=np.float64))
                return r, sa / bb + np.abs(np.asarray(a, dtype=np.float64)) * sb / (bb * bb)
            if isinstance(node.op, ast.Pow) and is_float(r):
                self.flags.add("transcendental")
                r = self.nudge(r)
            return r, mag(r)
        if isinstance(node, ast.Compare):
            left, _ = self.ev(node.left)
            result = None
            for op, right_node in zip(node.ops, node.comparators):
                right, _ = self.ev(right_node)
                part = self.note(CMPOPS[type(op)](left, right))
                result = part if result is None else self.note(result & part)
                left = right
            return result, mag(result)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise LanguageError(f"syntax {type(node).__name__}")

    def call(self, node):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCS:
            raise LanguageError("unknown function")
        name = node.func.id
        args = [self.ev(a) for a in node.args]
        vals = [a[0] for a in args]
        kw = {}
        for k in node.keywords:
            if name not in REDUCTIONS or k.arg != "axis":
                raise LanguageError(f"keyword {k.arg} of {name}")
            kw["axis"] = axis_of(k.value)
        if name in REDUCTIONS:
            if len(vals) != 1:
                raise LanguageError(f"{name} takes one array")
            x, sx = vals[0], args[0][1]
            axis = kw.get("axis")
            r = FUNCS[name](x, **kw)
            if name in ("min", "max"):
                return r, np.max(np.broadcast_to(sx, np.shape(x)), axis=axis)
            if is_float(r):
                self.flags.add("float_reduction")
                r = self.other_order(name, x, axis, r)
            sx = np.broadcast_to(sx, np.shape(x))
            if name == "sum":
                return r, np.sum(sx, axis=axis)
            if name == "mean":
                n = np.size(x) if axis is None else np.shape(x)[axis]
                return r, np.sum(sx, axis=axis) / max(n, 1)
            return r, np.prod(sx, axis=axis)
        if kw:
            raise LanguageError(f"{name} takes no keywords")
        r = FUNCS[name](*vals)
        if name in TRANSCENDENTAL:
            self.flags.add("transcendental")
            r = self.nudge(r)
        scales = [a[1] for a in args]
        if name == "abs":
            return r, scales[0]
        if name == "where":
            return r, np.where(vals[0], scales[1], scales[2])
        if name in ("minimum", "maximum"):
            return r, np.maximum(scales[0], scales[1])
        return r, mag(r)

    # -- perturbations -------------------------------------------------------------------
    def nudge(self, v, ulps=4):
        """Moves every finite nonzero float element by a random -ulps..ulps units."""
        if self.rng is None or not is_float(v):
            return v
        arr = np.asarray(v)
        k = self.rng.integers(-ulps, ulps + 1, size=arr.shape)
        k = np.where(np.isfinite(arr) & (arr != 0), k, 0)
        out = arr.copy()
        toward = np.where(k > 0, np.inf, -np.inf).astype(arr.dtype)
        for step in range(ulps):
            out = np.where(np.abs(k) > step, np.nextafter(out, toward), out)
        return out[()] if isinstance(v, np.generic) else out.astype(arr.dtype)

    def other_order(self, name, x, axis, r):
        """The same float reduction summed in another order (or wider), as numfuse may."""
        if self.rng is None:
            return r
        mode = ["pairwise", "forward", "reverse", "wide"][self.rng.integers(4)]
        x = np.asarray(x)
        if mode == "pairwise" or x.size == 0:
            return r
        acc = np.asarray(r).dtype
        x2 = x.reshape(-1) if axis is None else x
        ax = 0 if axis is None else axis % x.ndim
        x2 = x2.astype(acc)
        if mode == "reverse":
            x2 = np.flip(x2, ax)
        if mode == "wide":
            wide = np.float64 if acc == np.float32 else np.longdouble
            red = np.prod if name == "prod" else np.sum
            out = red(x2.astype(wide), axis=ax).astype(acc)
        else:
            cum = np.cumprod if name == "prod" else np.cumsum
            out = np.take(cum(x2, axis=ax, dtype=acc), -1, axis=ax)
        if name == "mean":
            out = np.asarray(out / x2.shape[ax], dtype=acc)
        out = np.asarray(out, dtype=acc)
        return out[()] if np.ndim(r) == 0 else out


def is_float(v):
    return isinstance(v, (np.ndarray, np.generic)) and v.dtype.kind == "f"


def mag(v):
    return np.abs(np.asarray(v).astype(np.float64))


# -- comparison, shared in spirit with the Java harness -------------------------------------
def ordered(x, dtype):
    """Maps a float to an integer so that adjacent floats differ by one; +0 and -0 map to 0."""
    if dtype == np.float32:
        bits = int(np.array(x, np.float32).view(np.int32))
        return bits if bits >= 0 else -(bits & 0x7FFFFFFF)
    bits = int(np.array(x, np.float64).view(np.int64))
    return bits if bits >= 0 else -(bits & 0x7FFFFFFFFFFFFFFF)


def max_ulps(expected, actual):
    e, a = np.asarray(expected).reshape(-1), np.asarray(actual).reshape(-1)
    fin = np.isfinite(e) & np.isfinite(a)
    return max([abs(ordered(x, e.dtype) - ordered(y, e.dtype))
                for x, y in zip(e[fin], a[fin])], default=0)


def compare(expected, actual, tol, scale=None):
    """None if actual passes against expected under tol, else a description of the failure."""
    expected, actual = np.asarray(expected), np.asarray(actual)
    if expected.dtype != actual.dtype:
        return f"dtype {actual.dtype} != {expected.dtype}"
    if expected.shape != actual.shape:
        return f"shape {actual.shape} != {expected.shape}"
    e, a = expected.reshape(-1), actual.reshape(-1)
    s = None if scale is None else np.asarray(scale).reshape(-1)
    for i in range(e.size):
        ev, av = e[i], a[i]
        if expected.dtype.kind != "f":
            ok = ev == av
        elif np.isnan(ev) or np.isnan(av):
            ok = np.isnan(ev) and np.isnan(av)
        elif np.isinf(ev) or np.isinf(av):
            ok = ev == av
        elif tol == "exact":
            ok = ev == av
        elif tol.startswith("ulp:"):
            ok = abs(ordered(ev, e.dtype) - ordered(av, e.dtype)) <= int(tol[4:])
        else:
            ok = abs(float(av) - float(ev)) <= float(tol[4:]) * s[i]
        if not ok:
            idx = np.unravel_index(i, expected.shape) if expected.shape else ()
            return f"at {idx}: {av!r} != expected {ev!r} ({tol})"
    return None


# -- the suite ------------------------------------------------------------------------------
class Suite:
    """Collects inputs and cases, evaluates them with NumPy and writes the fixture directory."""

    def __init__(self, root):
        self.root = root
        self.inputs = {}  # name -> array
        self.cases = []  # (id, expr, inputs-field, expected-field, tolerance)
        self.outputs = {}  # relative path -> array
        self.counts = {}

    @staticmethod
    def rng(section):
        return np.random.default_rng(zlib.crc32(section.encode()))

    def array(self, name, values, dtype, shape=None):
        """Registers an input array in/<name>.npy; returns name. Same name, same data only."""
        arr = np.array(values, dtype=dtype)
        if shape is not None:
            arr = arr.reshape(shape)
        assert ID.fullmatch(name), name
        assert arr.dtype in DTYPES and arr.ndim <= 3 and arr.size <= 60, (name, arr.shape)
        if name in self.inputs:
            old = self.inputs[name]
            assert old.dtype == arr.dtype and np.array_equal(old, arr, equal_nan=True), name
        self.inputs[name] = np.array(arr, order="C")
        return name

    def bind(self, inputs):
        env, fields = {}, []
        for var, spec in inputs.items():
            name, view = (spec, None) if isinstance(spec, str) else spec
            arr = self.inputs[name]
            if view is None:
                fields.append(f"{var}=in/{name}.npy")
            else:
                assert VIEW.fullmatch(view), view
                arr = arr.T if view == "T" else np.asarray(eval(f"arr[{view}]", {"arr": arr}))
                fields.append(f"{var}=in/{name}.npy[{view}]")
            env[var] = arr
        return env, ";".join(fields)

    def add(self, cid, expr, expected, tol, fields):
        assert ID.fullmatch(cid), cid
        assert cid not in {c[0] for c in self.cases}, f"duplicate id {cid}"
        same = [c[0] for c in self.cases if c[1] == expr and c[2] == fields]
        assert not same, f"{cid} repeats case {same}"
        assert "\t" not in expr and "\n" not in expr
        self.cases.append((cid, expr, fields, expected, tol))
        cat = cid.split("_")[0]
        self.counts[cat] = self.counts.get(cat, 0) + 1

    def case(self, cid, expr, tol=None, why=None, **inputs):
        """A case whose result NumPy computes; tol None picks the tolerance by the rule. A
        ulp:N with N > 4 needs its reason in why (it stays in the generator's source)."""
        if tol is not None and tol.startswith("ulp:") and int(tol[4:]) > 4:
            assert why, f"{cid}: say why {tol}"
        env, fields = self.bind(inputs)
        ev = Evaluator(env)
        result, bound = ev.run(expr)
        names = {n.id for n in ast.walk(ast.parse(expr, mode="eval")) if isinstance(n, ast.Name)}
        assert set(env) <= names, f"{cid}: unused input"
        result = np.asarray(result)
        assert result.dtype in DTYPES and result.ndim <= 3 and result.size <= 64, (cid, result)
        auto = self.auto_tolerance(result, ev.flags)
        if tol is None:
            tol = auto
        elif auto.split(":")[0] != tol.split(":")[0]:
            raise AssertionError(f"{cid}: tolerance {tol} but the rule says {auto}")
        scale = None
        if tol.startswith("sum:"):
            scale = np.asarray(np.broadcast_to(bound, result.shape), dtype=np.float64)
            bad = np.isfinite(result) & ~np.isfinite(scale)
            assert not bad.any(), f"{cid}: error scale is not finite"
        if ev.flags & {"transcendental", "float_reduction"}:
            self.robustness(cid, expr, env, result, tol, scale)
        if tol.startswith("ulp:") and "transcendental" in ev.flags:
            self.accuracy(cid, expr, env, result, tol)
        rel = f"expected/{cid}.npy"
        self.outputs[rel] = result
        if scale is not None:
            self.outputs[f"expected/{cid}.abs.npy"] = scale
        self.add(cid, expr, rel, tol, fields)

    def error(self, cid, expr, kind, **inputs):
        """A case where NumPy raises; kind is shape, value, axis or type."""
        env, fields = self.bind(inputs)
        try:
            Evaluator(env).run(expr)
        except LanguageError:
            raise
        except np.exceptions.AxisError:
            got = "axis"
        except ValueError as e:
            got = "shape" if "broadcast" in str(e) else "value"
        except OverflowError:
            got = "value"
        except TypeError:
            got = "type"
        else:
            raise AssertionError(f"{cid}: NumPy does not raise for {expr}")
        assert got == kind, f"{cid}: NumPy raises {got}, not {kind}"
        self.add(cid, expr, f"ERROR:{kind}", "-", fields)

    @staticmethod
    def auto_tolerance(result, flags):
        if result.dtype.kind != "f":
            return "exact"
        if "float_reduction" in flags:
            return "sum:1e-5" if "float32" in flags else "sum:1e-14"
        if "transcendental" in flags:
            return "ulp:4"
        return "exact"

    def robustness(self, cid, expr, env, result, tol, scale):
        """Re-evaluates with every transcendental result moved by up to 4 ulp and other
        summation orders: the case must still pass, else it is ill-conditioned."""
        rng = self.rng(cid)
        for _ in range(TRIALS):
            other, _s = Evaluator(env, rng).run(expr)
            why = compare(result, other, tol, scale)
            if why:
                worst = max_ulps(result, other) if tol.startswith("ulp:") else "?"
                raise AssertionError(f"{cid}: {expr} is not robust under {tol} "
                                     f"(a perturbed result is {worst} ulp away): {why}")

    def accuracy(self, cid, expr, env, result, tol):
        """NumPy's own result must be within tol of the value computed in higher precision;
        else NumPy is not accurate enough there to serve as reference."""
        if result.dtype == np.float64:
            wide = np.longdouble
            env2 = {k: (v.astype(wide) if v.dtype.kind == "f" else v) for k, v in env.items()}
        else:
            env2 = {k: (v.astype(np.float64) if v.dtype.kind == "f" else v)
                    for k, v in env.items()}
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            precise = np.asarray(Evaluator(env2, wide=True).run(expr)[0]).astype(result.dtype)
        why = compare(precise, result, tol)
        if why:
            raise AssertionError(f"{cid}: NumPy is inaccurate for {expr}: {why}")

    # -- output -----------------------------------------------------------------------------
    def write(self):
        for sub in ("in", "expected"):
            d = os.path.join(self.root, sub)
            os.makedirs(d, exist_ok=True)
            for f in os.listdir(d):
                if f.endswith(".npy"):
                    os.remove(os.path.join(d, f))
        for name, arr in self.inputs.items():
            save(os.path.join(self.root, "in", name + ".npy"), arr)
        for rel, arr in self.outputs.items():
            save(os.path.join(self.root, rel), arr)
        with open(os.path.join(self.root, "cases.tsv"), "w", newline="\n") as f:
            f.write("id\texpr\tinputs\texpected\ttolerance\n")
            for row in self.cases:
                f.write("\t".join(row) + "\n")


def save(path, arr):
    with open(path, "wb") as f:
        np.save(f, np.array(arr, order="C"), allow_pickle=False)
