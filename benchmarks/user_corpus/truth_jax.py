"""True gradients for the user corpus, from the hand-written jax.numpy rewrites.

Runs in its own process and never imports gradlab. For every case in functions.py it
differentiates the matching rewrite in jax_rewrites.py with jax.grad in float64, and
cross-checks the rewrite's value against the user's numpy function at the point (relative
1e-12, or the looser tolerance listed in STABLE_FORM). Writes truth.json next to this file.

    cd /work/main && .venv/bin/python benchmarks/user_corpus/truth_jax.py [--only NAME]
"""

import argparse
import json
import os
import sys
import time

from corpus_dir import HERE, corpus_dir  # beside this script

CORPUS = corpus_dir()
sys.path.insert(0, CORPUS)

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)  # this process only: it computes the truth
jax.config.update("jax_platforms", "cpu")

import functions as F  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import jax_rewrites as J  # noqa: E402
import numpy as np  # noqa: E402

VALUE_RTOL = 1e-12


def _log(a, b=None):
    return np.log(a) if b is None else np.log(a) / np.log(b)


# how Python itself reads a string expression, with numpy functions (our own text only)
NP_NS = {"__builtins__": {}, "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": _log,
         "sqrt": np.sqrt, "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "atan2": np.arctan2,
         "atan": np.arctan, "hypot": np.hypot, "abs": np.abs, "pi": np.pi}


def numpy_callable(f):
    if isinstance(f, str):
        code = compile(f, "<expression>", "eval")
        return lambda **kw: eval(code, dict(NP_NS), kw)  # noqa: S307 - the corpus's own text
    return f


def call(f, point):
    f = numpy_callable(f)
    if isinstance(point, dict):
        return f(**point)
    if isinstance(point, tuple):
        return f(*point)
    return f(np.array(point, dtype=float, copy=True))  # f may modify its argument


def fd_sanity(f, point, grad):
    """Loose independent check of the truth: 4th-order central differences on the user's
    numpy function (relative step 1e-3). Returns the normwise relative difference."""
    f = numpy_callable(f)
    if isinstance(point, dict):
        keys = list(point)
        x0 = np.array([float(point[k]) for k in keys])
        F_ = lambda x: float(np.real(f(**dict(zip(keys, x)))))  # noqa: E731
    elif isinstance(point, tuple):
        x0 = np.array([float(v) for v in point])
        F_ = lambda x: float(np.real(f(*x)))  # noqa: E731
    else:
        x0 = np.asarray(point, dtype=np.float64)
        F_ = lambda x: float(np.real(f(np.array(x, copy=True))))  # noqa: E731
    flat = x0.ravel()
    g = np.empty(flat.size)
    for k in range(flat.size):
        h = 1e-3 * abs(flat[k]) if flat[k] != 0 else 1e-4
        vals = []
        for s in (-2, -1, 1, 2):
            y = flat.copy()
            y[k] += s * h
            vals.append(F_(y.reshape(x0.shape)))
        g[k] = (vals[0] - 8 * vals[1] + 8 * vals[2] - vals[3]) / (12 * h)
    t = np.asarray(grad, dtype=float).ravel()
    return float(np.linalg.norm(g - t) / max(np.linalg.norm(t), 1e-300))


def truth_for(name, f, point, jf):
    if isinstance(point, dict):
        keys = list(point)
        vals = [jnp.asarray(float(point[k]), dtype=jnp.float64) for k in keys]
        g = jax.grad(lambda *a: jf(**dict(zip(keys, a))), argnums=tuple(range(len(keys))))(*vals)
        grad = [float(v) for v in g]
        value_jax = float(jf(**dict(zip(keys, vals))))
    elif isinstance(point, tuple):
        vals = [jnp.asarray(float(v), dtype=jnp.float64) for v in point]
        g = jax.grad(jf, argnums=tuple(range(len(vals))))(*vals)
        grad = [float(v) for v in g]
        value_jax = float(jf(*vals))
    else:
        x = jnp.asarray(np.asarray(point, dtype=np.float64))
        grad = np.asarray(jax.grad(jf)(x), dtype=np.float64).tolist()
        value_jax = float(jf(x))
    value_np = float(np.real(call(f, point)))
    rtol = J.STABLE_FORM.get(name, VALUE_RTOL)
    scale = max(abs(value_np), abs(value_jax), 1e-300)
    rel = abs(value_np - value_jax) / scale
    finite = bool(np.all(np.isfinite(np.asarray(grad, dtype=float))))
    fd_rel = fd_sanity(f, point, grad)
    return {
        "grad": grad,
        "value_np": value_np,
        "value_jax": value_jax,
        "value_rel_diff": rel,
        "value_rtol": rtol,
        "value_match": bool(rel <= rtol) and finite,
        "stable_form": name in J.STABLE_FORM,
        "fd_sanity_rel": fd_rel,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=HERE, help="corpus folder (default: this one)")
    ap.add_argument("--only", action="append", help="case name (repeatable); merges into truth.json")
    ap.add_argument("--out", default=os.path.join(CORPUS, "truth.json"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    out = {}
    if args.only and os.path.exists(args.out):
        with open(args.out) as fh:
            out = json.load(fh)
    names = [n for n, _, _ in F.CASES]
    missing = [n for n in names if n not in J.JAX]
    extra = [n for n in J.JAX if n not in names]
    bad = []
    for name, f, point in F.CASES:
        if args.only and name not in args.only:
            continue
        if name not in J.JAX:
            continue
        if name in getattr(F, "BEFORE", {}):
            F.BEFORE[name]()
        try:
            rec = truth_for(name, f, point, J.JAX[name])
        except Exception as e:  # a broken rewrite must not stop the others
            rec = {"error": f"{type(e).__name__}: {e}", "value_match": False}
        out[name] = rec
        if rec.get("fd_sanity_rel", 0) > 1e-5:
            print(f"fd-sanity disagrees {name}: rel {rec['fd_sanity_rel']:.2e} (cancellation or round-off in f, or a wrong rewrite: check)")
        if not rec["value_match"]:
            bad.append(name)
            print(f"MISMATCH {name}: {rec.get('error') or (rec['value_np'], rec['value_jax'], rec['value_rel_diff'])}")
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)
    print(f"{len(out)} truths written to {args.out}; {len(bad)} value mismatches; "
          f"rewrites missing: {missing or 'none'}; rewrites without a case: {extra or 'none'}")
    print(f"wall time {time.perf_counter() - t0:.1f} s")
    return 1 if (bad or missing) else 0


if __name__ == "__main__":
    sys.exit(main())
