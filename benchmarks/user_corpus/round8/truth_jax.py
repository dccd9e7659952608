"""True derivatives for the round-8 corpus from the hand-written rewrites (jax_rewrites.py).
Runs in its own process and never imports gradlab.

For every case and every point: the rewrite's VALUE is checked against the user's numpy
function first (normwise relative 1e-12; VALUE_RTOL for a user formula that cancels), then
differentiated with jax.grad (jax.jacobian for array-valued f; jax.hessian as well for cases
tagged "hess") in float64 inside `with jax.enable_x64(True):`, or, for the cases in MPMATH,
with mpmath.diff at 50 digits of the mathematical function. A loose check against central
differences of the user's function is printed where they differ by more than 1e-5. Writes
truth.json next to this file.

    /work/main/.venv/bin/python benchmarks/user_corpus/round8/truth_jax.py
"""

import json
import os
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import functions as F  # noqa: E402
import jax  # noqa: E402
import mpmath as mp  # noqa: E402
import numpy as np  # noqa: E402

jax.config.update("jax_platforms", "cpu")
with jax.enable_x64(True):  # the rewrites' constants are made in float64
    import jax_rewrites as J

VALUE_RTOL = 1e-12
FD_FLAG = 1e-5


def call(f, point, v):
    if isinstance(point, dict):
        return f(**{k: v[i] for i, k in enumerate(point)})
    return f(v.reshape(np.shape(point)))


def flat(point):
    if isinstance(point, dict):
        return np.array(list(point.values()), dtype=float)
    return np.asarray(point, dtype=float).ravel().copy()


def rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-300))


def numpy_value(case, point):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(call(case.f, point, flat(point)), dtype=float)


def mp_gradient(fmp, point):
    x0 = flat(point)
    with mp.workdps(50):
        xs = [mp.mpf(float(v)) for v in x0]
        value = fmp(*xs)
        grad = []
        for k in range(len(xs)):
            order = tuple(int(j == k) for j in range(len(xs)))
            grad.append(float(mp.diff(fmp, xs, order) if len(xs) > 1 else mp.diff(fmp, xs[0])))
    return np.asarray(float(value)), np.array(grad)


def jax_derivatives(case, point, hessian):
    jf = J.JAX[case.name]
    with jax.enable_x64(True):
        x = jax.numpy.asarray(flat(point))
        g = lambda v: call(jf, point, v)  # noqa: E731
        value = np.asarray(g(x), dtype=float)
        op = jax.jacobian if case.kind == "jac" else jax.grad
        d = np.asarray(op(g)(x), dtype=float)
        h = np.asarray(jax.hessian(g)(x), dtype=float) if hessian else None
    return value, d, h


def fd_check(case, point, truth):
    x0 = flat(point)
    cols = []
    for k in range(x0.size):
        h = 1e-6 * max(1.0, abs(x0[k]))
        up, dn = x0.copy(), x0.copy()
        up[k] += h
        dn[k] -= h
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cols.append((np.asarray(call(case.f, point, up), dtype=float)
                         - np.asarray(call(case.f, point, dn), dtype=float)) / (2 * h))
    g = np.stack(cols, axis=-1)
    return rel(g.reshape(np.shape(truth)), truth)


def truth_for(case, point):
    if case.name in J.MPMATH:
        value, d = mp_gradient(J.MPMATH[case.name], point)
        source, rtol, h = "mpmath 50 digits", J.VALUE_RTOL[case.name], None
    else:
        value, d, h = jax_derivatives(case, point, "hess" in case.tags)
        source, rtol = "jax float64", VALUE_RTOL
    value_np = numpy_value(case, point)
    r = rel(value_np, value)
    rec = {"d": d.tolist(), "source": source, "value": value.tolist(),
           "value_np": value_np.tolist(), "value_rel_diff": r,
           "value_match": bool(r <= rtol and np.all(np.isfinite(d)))}
    if h is not None:
        rec["h"] = h.tolist()
    if flat(point).size <= 400:
        rec["fd_rel"] = fd_check(case, point, d)
    return rec


def main():
    t0 = time.perf_counter()
    out, bad, flags = {}, [], []
    missing = [c.name for c in F.CASES if c.name not in J.JAX and c.name not in J.MPMATH]
    extra = sorted((set(J.JAX) | set(J.MPMATH)) - {c.name for c in F.CASES})
    for case in F.CASES:
        if case.name in missing:
            continue
        rec = {"tags": list(case.tags), "kind": case.kind, "evals": {}}
        for i, point in enumerate(case.points):
            key = f"p{i}"
            try:
                ev = truth_for(case, point)
            except Exception as e:  # a broken rewrite must not stop the others
                ev = {"error": f"{type(e).__name__}: {e}", "value_match": False}
            rec["evals"][key] = ev
            if not ev["value_match"]:
                bad.append(f"{case.name}[{key}]")
                print(f"MISMATCH {case.name}[{key}]: {ev.get('error') or ev}"[:400])
            elif ev.get("fd_rel", 0) > FD_FLAG:
                flags.append(f"{case.name}[{key}]")
                print(f"fd-sanity {case.name}[{key}]: rel {ev['fd_rel']:.1e}")
        out[case.name] = rec
    with open(os.path.join(HERE, "truth.json"), "w") as fh:
        json.dump(out, fh, indent=0)
    n = sum(len(r["evals"]) for r in out.values())
    print(f"{len(out)} cases, {n} truth points; {len(bad)} value mismatches; {len(flags)} "
          f"fd-sanity flags; rewrites missing: {missing or 'none'}; extra: {extra or 'none'}; "
          f"{time.perf_counter() - t0:.0f} s")
    return 1 if bad or missing else 0


if __name__ == "__main__":
    sys.exit(main())
