"""True gradients for the round-6 corpus from the hand-written rewrites (jax_rewrites.py).
Runs in its own process and never imports gradlab.

For every case, every data version (state) and every point: the rewrite's VALUE is checked
against the user's numpy function first (normwise relative 1e-12; the looser VALUE_RTOL for a
user formula that cancels), then differentiated with jax.grad in float64 (inside
`with jax.enable_x64(True):`), or, for the cases in MPMATH, with mpmath.diff at 50 digits of
the mathematical function. A loose sanity check against central differences of the user's
function is printed where they differ by more than 1e-5. Writes truth.json next to this file.

    cd /work/wt/corpus6 && /work/main/.venv/bin/python benchmarks/user_corpus/round6/truth_jax.py
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


def numpy_value(case, point):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(call(case.f, point, flat(point)))


def mp_gradient(fmp, point):
    x0 = flat(point)
    with mp.workdps(50):
        xs = [mp.mpf(float(v)) for v in x0]
        value = fmp(*xs)
        grad = []
        for k in range(len(xs)):
            order = tuple(int(j == k) for j in range(len(xs)))
            grad.append(float(mp.diff(fmp, xs, order) if len(xs) > 1 else mp.diff(fmp, xs[0])))
    return float(value), np.array(grad)


def jax_gradient(jf, point):
    with jax.enable_x64(True):
        x = jax.numpy.asarray(flat(point))
        value = float(call(jf, point, x))
        d = np.asarray(jax.grad(lambda v: call(jf, point, v))(x), dtype=float)
    return value, d


def fd_check(case, point, truth):
    x0 = flat(point)
    g = np.empty_like(x0)
    for k in range(x0.size):
        h = 1e-6 * max(1.0, abs(x0[k]))
        up, dn = x0.copy(), x0.copy()
        up[k] += h
        dn[k] -= h
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g[k] = (float(call(case.f, point, up)) - float(call(case.f, point, dn))) / (2 * h)
    return float(np.linalg.norm(g - truth) / max(np.linalg.norm(truth), 1e-300))


def truth_for(case, point):
    if case.name in J.MPMATH:
        value, d = mp_gradient(J.MPMATH[case.name], point)
        source, rtol = "mpmath 50 digits", J.VALUE_RTOL[case.name]
        jvalue, _ = jax_gradient(J.JAX[case.name], point)
        if abs(jvalue - value) > 1e-12 * abs(value):
            raise ValueError(f"JAX's stable rewrite {jvalue!r} vs mpmath {value!r}")
    else:
        value, d = jax_gradient(J.JAX[case.name], point)
        source, rtol = "jax float64", VALUE_RTOL
    value_np = numpy_value(case, point)
    rel = abs(value_np - value) / max(abs(value), 1e-300)
    rec = {"d": d.tolist(), "source": source, "value": value, "value_np": value_np,
           "value_rel_diff": rel, "value_match": bool(rel <= rtol and np.all(np.isfinite(d)))}
    if x_size(point) <= 400:
        rec["fd_rel"] = fd_check(case, point, d)
    return rec


def x_size(point):
    return len(point) if isinstance(point, dict) else int(np.size(point))


def main():
    t0 = time.perf_counter()
    out, bad, flags = {}, [], []
    missing = [c.name for c in F.CASES if c.name not in J.JAX]
    for case in F.CASES:
        if case.name in missing:
            continue
        rec = {"tags": list(case.tags), "evals": {}}
        for k in range(len(case.states or [None])):
            F.set_state(case, k)
            for i, point in enumerate(case.points):
                key = f"p{i}/s{k}"
                try:
                    ev = truth_for(case, point)
                except Exception as e:  # a broken rewrite must not stop the others
                    ev = {"error": f"{type(e).__name__}: {e}", "value_match": False}
                rec["evals"][key] = ev
                if not ev["value_match"]:
                    bad.append(f"{case.name}[{key}]")
                    print(f"MISMATCH {case.name}[{key}]: {ev.get('error') or ev}")
                elif ev.get("fd_rel", 0) > FD_FLAG:
                    flags.append(f"{case.name}[{key}]")
                    print(f"fd-sanity {case.name}[{key}]: rel {ev['fd_rel']:.1e}")
        F.set_state(case, 0)
        out[case.name] = rec
    with open(os.path.join(HERE, "truth.json"), "w") as fh:
        json.dump(out, fh, indent=0)
    n = sum(len(r["evals"]) for r in out.values())
    print(f"{len(out)} cases, {n} truth gradients; {len(bad)} value mismatches; {len(flags)} "
          f"fd-sanity flags; rewrites missing: {missing or 'none'}; "
          f"{time.perf_counter() - t0:.0f} s")
    return 1 if bad or missing else 0


if __name__ == "__main__":
    sys.exit(main())
