"""True Jacobians, Hessians, JVPs, VJPs and HVPs for the round-4 corpus, from the
hand-written jax.numpy rewrites.

Runs in its own process and never imports gradlab. For every case in functions.py it
differentiates the matching rewrite in jax_rewrites.py in float64 (jax.jacfwd, jax.hessian,
jax.jvp, jax.vjp, jvp of grad), cross-checks the rewrite's value against the user's numpy
function at the point (normwise relative 1e-12) and, as a loose independent sanity check,
compares the truth with finite differences of the user's numpy function (4th-order central
differences for first derivatives, mixed central differences for Hessians). Writes
truth.json next to this file.

    cd /work/main && .venv/bin/python benchmarks/user_corpus/round4/truth_ops_jax.py [--only NAME]
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import functions as F  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

with jax.enable_x64(True):  # the rewrites' constant arrays are made in float64
    import jax_rewrites as J

VALUE_RTOL = 1e-12
FD_FLAG = 1e-4


def as_vector_function(f, point, lib):
    """f as a function of one array (the point's own shape; tuple and dict points become a
    vector of their members, a float point a 0-d array) and the start array."""
    if isinstance(point, tuple):
        return (lambda v: f(*[v[k] for k in range(len(point))])), np.array(point, dtype=float)
    if isinstance(point, dict):
        keys = list(point)
        return (lambda v: f(**{k: v[i] for i, k in enumerate(keys)})), \
            np.array([point[k] for k in keys], dtype=float)
    x0 = np.array(point, dtype=float)
    if lib is np:
        return (lambda v: f(np.array(v, dtype=float, copy=True) if np.ndim(v) else float(v))), x0
    return f, x0


def numpy_value(f, point):
    g, x0 = as_vector_function(f, point, np)
    return np.asarray(g(x0.copy()), dtype=float)


def jax_truth(jf, point, derivative, direction):
    g, x0 = as_vector_function(jf, point, jnp)
    x = jnp.asarray(x0)
    value = np.asarray(g(x), dtype=float)
    d = None if direction is None else jnp.asarray(np.asarray(direction, dtype=float))
    if derivative == "jacobian":
        out = jax.jacfwd(g)(x)
    elif derivative == "hessian":
        out = jax.hessian(g)(x)
    elif derivative == "hvp":
        out = jax.jvp(jax.grad(g), (x,), (d,))[1]
    elif derivative == "jvp":
        out = jax.jvp(g, (x,), (d,))[1]
    elif derivative == "vjp":
        out = jax.vjp(g, x)[1](d)[0]
    else:
        raise ValueError(derivative)
    return np.asarray(out, dtype=float), value


def _steps(x):
    return np.where(x != 0, 1e-3 * np.abs(x), 1e-4)


def fd_jacobian(g, x0):
    flat = x0.ravel()
    h = _steps(flat)
    cols = []
    for k in range(flat.size):
        vals = []
        for s in (-2, -1, 1, 2):
            y = flat.copy()
            y[k] += s * h[k]
            vals.append(np.asarray(g(y.reshape(x0.shape)), dtype=float).ravel())
        cols.append((vals[0] - 8 * vals[1] + 8 * vals[2] - vals[3]) / (12 * h[k]))
    return np.stack(cols, axis=1)  # (output size, input size)


def fd_hessian(g, x0):
    flat = x0.ravel()
    n = flat.size
    h = _steps(flat)
    H = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            acc = 0.0
            for si, sj, w in ((1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)):
                y = flat.copy()
                y[i] += si * h[i]
                y[j] += sj * h[j]
                acc += w * float(g(y.reshape(x0.shape)))
            H[i, j] = H[j, i] = acc / (4 * h[i] * h[j])
    return H


def fd_sanity(f, point, derivative, direction, truth):
    g, x0 = as_vector_function(f, point, np)
    d = None if direction is None else np.asarray(direction, dtype=float).ravel()
    if derivative in ("hessian", "hvp"):
        H = fd_hessian(g, x0)
        approx = H if derivative == "hessian" else H @ d
    else:
        Jm = fd_jacobian(g, x0)
        if derivative == "jacobian":
            approx = Jm
        else:
            approx = Jm @ d if derivative == "jvp" else d @ Jm
    t = np.asarray(truth, dtype=float).ravel()
    return float(np.linalg.norm(approx.ravel() - t) / max(np.linalg.norm(t), 1e-300))


def truth_for(name, f, point, derivative, direction):
    with jax.enable_x64(True):
        truth, value_jax = jax_truth(J.JAX[name], point, derivative, direction)
    value_np = numpy_value(f, point)
    if value_np.shape != value_jax.shape:
        rel = float("inf")
    else:
        scale = max(np.linalg.norm(value_np.ravel()), 1e-300)
        rel = float(np.linalg.norm((value_np - value_jax).ravel()) / scale)
    finite = bool(np.all(np.isfinite(truth)))
    return {
        "derivative": derivative,
        "direction": None if direction is None else np.asarray(direction, dtype=float).tolist(),
        "truth": truth.tolist(),
        "truth_shape": list(truth.shape),
        "value_shape": list(value_np.shape),
        "value_rel_diff": rel,
        "value_match": bool(rel <= VALUE_RTOL) and finite,
        "fd_sanity_rel": fd_sanity(f, point, derivative, direction, truth),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", help="case name (repeatable); merges into truth.json")
    ap.add_argument("--out", default=os.path.join(HERE, "truth.json"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    out = {}
    if args.only and os.path.exists(args.out):
        with open(args.out) as fh:
            out = json.load(fh)
    names = [c[0] for c in F.CASES]
    missing = [n for n in names if n not in J.JAX]
    extra = [n for n in J.JAX if n not in names]
    bad = []
    for name, f, point, derivative, direction in F.CASES:
        if (args.only and name not in args.only) or name not in J.JAX:
            continue
        t_case = time.perf_counter()
        try:
            rec = truth_for(name, f, point, derivative, direction)
        except Exception as e:  # a broken rewrite must not stop the others
            rec = {"error": f"{type(e).__name__}: {e}", "value_match": False}
        rec["seconds"] = time.perf_counter() - t_case
        out[name] = rec
        if rec.get("fd_sanity_rel", 0) > FD_FLAG:
            print(f"fd-sanity disagrees {name}: rel {rec['fd_sanity_rel']:.2e} (check the rewrite)")
        if not rec["value_match"]:
            bad.append(name)
            print(f"MISMATCH {name}: {rec.get('error') or rec['value_rel_diff']}")
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)
    print(f"{len(out)} truths written to {args.out}; {len(bad)} value mismatches; "
          f"rewrites missing: {missing or 'none'}; rewrites without a case: {extra or 'none'}")
    print(f"wall time {time.perf_counter() - t0:.1f} s")
    return 1 if (bad or missing) else 0


if __name__ == "__main__":
    sys.exit(main())
