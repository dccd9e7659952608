"""True gradients, Hessians and Jacobians for the round-5 corpus, from the hand-written
jax.numpy rewrites (jax_rewrites.py). Runs in its own process and never imports gradlab.

For every case of functions.py and every evaluation the runner makes — each point with each
data set (args, then args2), and each survey point — it differentiates the rewrite in float64
(jax.grad / jax.hessian / jax.jacfwd, inside `with jax.enable_x64(True):`), checks the
rewrite's VALUE against the user's numpy function (normwise relative 1e-12, or the looser
tolerance in STABLE_FORM) and, for first derivatives of small inputs, compares the truth with
central differences of the user's numpy function as a loose sanity check.
Writes truth.json next to this file.

    cd /work/wt/corpus5 && /work/main/.venv/bin/python \\
        benchmarks/user_corpus/round5/truth_jax.py [--only NAME ...]
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
import numpy as np  # noqa: E402

jax.config.update("jax_platforms", "cpu")

with jax.enable_x64(True):  # the rewrites' constants are made in float64
    import jax_rewrites as J

VALUE_RTOL = 1e-12
FD_FLAG = 1e-5
FD_MAX_SIZE = 60


def evaluations(case):
    """(key, point, args) for every evaluation the runner judges."""
    sets = [case.args] + ([case.args2] if case.args2 is not None else [])
    out = [(f"p{i}/a{j}", p, a) for i, p in enumerate(case.points) for j, a in enumerate(sets)]
    out += [(f"s{i}", p, ()) for i, p in enumerate(case.survey or [])]
    return out


def as_vector(f, point, args):
    """f as a function of one flat array, and the flat start point."""
    if isinstance(point, dict):
        keys = list(point)
        return (lambda v: f(**{k: v[i] for i, k in enumerate(keys)}, **{})), \
            np.array([point[k] for k in keys], dtype=float)
    p = np.asarray(point, dtype=float)
    return (lambda v: f(v.reshape(p.shape), *args)), p.ravel().copy()


def numpy_value(f, point, args):
    if isinstance(point, dict):
        return np.asarray(f(**point), dtype=float)
    return np.asarray(f(np.array(point, dtype=float, copy=True), *args), dtype=float)


def fd_check(f, point, args, truth, derivative):
    """Normwise relative difference between central differences of the numpy function and
    the truth (first derivatives only)."""
    g, x0 = as_vector(lambda *a, **k: np.asarray(f(*a, **k), dtype=float), point, args)
    cols = []
    for k in range(x0.size):
        h = 1e-6 * max(1.0, abs(x0[k]))
        up, dn = x0.copy(), x0.copy()
        up[k] += h
        dn[k] -= h
        cols.append((np.asarray(g(up)) - np.asarray(g(dn))) / (2 * h))
    fd = np.stack(cols, axis=-1).ravel()
    t = np.asarray(truth, dtype=float).ravel()
    return float(np.linalg.norm(fd - t) / max(np.linalg.norm(t), 1e-300))


def jax_derivative(jf, point, args, derivative):
    g, x0 = as_vector(jf, point, args)
    x = jax.numpy.asarray(x0)
    value = np.asarray(g(x), dtype=float)
    if derivative == "gradient":
        d = np.asarray(jax.grad(g)(x), dtype=float)
        if not isinstance(point, dict):
            d = d.reshape(np.shape(point))
    elif derivative == "hessian":
        d = np.asarray(jax.hessian(g)(x), dtype=float)
    else:
        d = np.asarray(jax.jacfwd(g)(x), dtype=float)
        d = d.reshape(value.shape + ((x0.size,) if isinstance(point, dict) else np.shape(point)))
    return value, d


def truth_for(case, point, args, jf):
    with jax.enable_x64(True):
        value_jax, d = jax_derivative(jf, point, args, case.derivative)
    value_np = numpy_value(case.f, point, args)
    scale = max(np.linalg.norm(value_np.ravel()), np.linalg.norm(value_jax.ravel()), 1e-300)
    rel = float(np.linalg.norm((value_np - value_jax).ravel()) / scale)
    rtol = J.STABLE_FORM.get(case.name, VALUE_RTOL)
    rec = {
        "d": d.tolist(),
        "value_np": value_np.ravel()[:4].tolist(),
        "value_rel_diff": rel,
        "value_match": bool(rel <= rtol) and bool(np.all(np.isfinite(d))),
    }
    size = np.size(point) if not isinstance(point, dict) else len(point)
    if case.derivative != "hessian" and size <= FD_MAX_SIZE:
        rec["fd_rel"] = fd_check(case.f, point, args, d, case.derivative)
    return rec


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
    names = [c.name for c in F.CASES]
    missing = [n for n in names if n not in J.JAX]
    extra = [n for n in J.JAX if n not in names]
    bad, fd_flags = [], []
    for case in F.CASES:
        if (args.only and case.name not in args.only) or case.name not in J.JAX:
            continue
        rec = {"derivative": case.derivative, "stable_form": case.name in J.STABLE_FORM, "evals": {}}
        for key, point, data in evaluations(case):
            try:
                ev = truth_for(case, point, data, J.JAX[case.name])
            except Exception as e:  # a broken rewrite must not stop the others
                ev = {"error": f"{type(e).__name__}: {e}", "value_match": False}
            rec["evals"][key] = ev
            if not ev["value_match"]:
                bad.append(f"{case.name}[{key}]")
                print(f"MISMATCH {case.name}[{key}]: {ev.get('error') or ev['value_rel_diff']}")
            if ev.get("fd_rel", 0) > FD_FLAG:
                fd_flags.append(f"{case.name}[{key}]")
                print(f"fd-sanity {case.name}[{key}]: rel {ev['fd_rel']:.1e}")
        out[case.name] = rec
    with open(args.out, "w") as fh:
        json.dump(out, fh)
    print(f"{len(out)} cases written to {args.out}; {len(bad)} value mismatches; "
          f"{len(fd_flags)} fd-sanity flags; rewrites missing: {missing or 'none'}; "
          f"rewrites without a case: {extra or 'none'}; wall {time.perf_counter() - t0:.0f} s")
    return 1 if (bad or missing) else 0


if __name__ == "__main__":
    sys.exit(main())
