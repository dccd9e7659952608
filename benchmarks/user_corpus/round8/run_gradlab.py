"""Run gradlab's public API on the round-8 corpus and judge every answer against truth.json
(made beforehand, in a separate process that never imports gradlab, by truth_jax.py).

    /work/main/.venv/bin/python benchmarks/user_corpus/round8/truth_jax.py
    PYTHONPATH=. /work/main/.venv/bin/python benchmarks/user_corpus/round8/run_gradlab.py

Families of rows (each call is a row; an exception is a row, never a stop):
- compare: gl.compare(f, point, timing=False), every default engine, every point (the gradient
  of a scalar f, the Jacobian of an array f); its reference is judged too.
- compare-hessian: gl.compare(f, point, derivative="hessian", timing=False) for cases tagged
  "hess"; rows and reference judged against jax.hessian of the rewrite.
- direct: g = gl.grad(f, engine) (gl.jac for an array f) for each of ENGINES, called at every
  point; a numerical engine's array is judged with the estimate of its compare row there.
- hess-direct: h = gl.hess(f, engine) for HESS_ENGINES on the "hess" cases, every point.
- compare-jvp / compare-vjp (array f) and compare-hvp ("hess" cases), array points only:
  gl.compare(f, point, derivative=..., direction=w) with a fixed seeded direction w; the truth is
  J w, w^T J or H w from the truth's Jacobian / Hessian.
- jvp-direct / vjp-direct / hvp-direct: gl.jvp / gl.vjp / gl.hvp(f, point, w, backend=engine)
  for DIRECTIONAL_ENGINES, judged with the estimate of the same engine's compare row.
Writes results.json and summary.md beside this file (after every case).
"""

import argparse
import functools
import json
import os
import signal
import subprocess
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import functions as F  # noqa: E402
import judge  # noqa: E402
import numpy as np  # noqa: E402

RICH = "finite-diff:richardson"
ENGINES = ("jax", "pytensor", "sympy", "dual", "finite-diff:central", "finite-diff:forward", RICH,
           "finite-diff:complex-step", "finite-diff:scipy", "numpy")
HESS_ENGINES = ("jax", "pytensor", "sympy", "dual", "finite-diff:central", RICH, "numpy")
DIRECTIONAL_ENGINES = ("jax", "pytensor", "sympy", "dual", "finite-diff:central", RICH)
COMMAND = "PYTHONPATH=. /work/main/.venv/bin/python benchmarks/user_corpus/round8/run_gradlab.py"


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout("ran past the runner's time limit")


def from_gradlab(w):
    """A warning that may tell the user something (not numpy's RuntimeWarnings from f)."""
    return "gradlab" in w.filename or not issubclass(w.category, RuntimeWarning)


def call_at(g, point):
    return g(**point) if isinstance(point, dict) else g(point)


def copy_point(p):
    return dict(p) if isinstance(p, dict) else np.array(p, dtype=float, copy=True)


class Runner:
    def __init__(self, gl, truth, timeout):
        self.gl, self.truth, self.timeout, self.rows = gl, truth, timeout, []
        self.caught = []
        self.estimates = {}  # (case, key, engine, what) -> a compare row's error estimate

    def record(self, case, family, engine, key, status, got=None, error=None, exact=False,
               estimate=None, what="d"):
        row = {"case": case.name, "family": family, "engine": engine, "key": key,
               "status": status, "tags": list(case.tags)}
        if not family.startswith("compare") and self.caught:
            row["warnings"] = sorted({str(w.message)[:200] for w in self.caught})
        if error is not None:
            row["error"] = str(error)[:300]
        ev = self.truth[case.name]["evals"].get(key)
        if got is not None and ev and ev["value_match"] and what in ev:
            judge.judge_row(row, got, ev, exact, estimate, what)
        self.rows.append(row)
        return row

    def guarded(self, case, family, engine, key, fn):
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(self.timeout)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                out = fn()
            self.caught = [w for w in caught if from_gradlab(w)]
            return out
        except self.gl.GradlabError as e:
            self.caught = []
            self.record(case, family, engine, key, "refused", error=f"{type(e).__name__}: {e}")
        except Exception as e:  # a crash is a row, not a stop
            self.caught = []
            self.record(case, family, engine, key, "exception", error=f"{type(e).__name__}: {e}")
        finally:
            signal.alarm(0)
        return None

    def comparison(self, case, family, key, point, what, direction=None):
        options = {"derivative": "hessian"} if what == "h" else {}
        if direction is not None:
            options = {"derivative": what, "direction": direction}
        cmp = self.guarded(case, family, "(compare)", key, lambda: self.gl.compare(
            case.f, copy_point(point), timing=False, **options))
        if cmp is None:
            return
        for r in cmp.results:
            self.estimates[case.name, key, r.backend, what] = r.error_estimate
            self.record(case, family, r.backend, key, r.status, got=r.gradient,
                        error=r.error, exact=bool(r.exact), estimate=r.error_estimate, what=what)
        self.judge_reference(case, family, key, cmp, what)

    def judge_reference(self, case, family, key, cmp, what):
        ev = self.truth[case.name]["evals"].get(key)
        row = {"case": case.name, "family": family, "engine": "(reference)", "key": key,
               "tags": list(case.tags)}
        if cmp.reference is None:
            row.update(status="no reference", error=str(cmp.reference_source)[:300])
        elif ev and ev["value_match"] and what in ev:
            _, e = judge.abs_rel_err(cmp.reference, np.asarray(ev[what], dtype=float))
            row.update(status="wrong reference" if e > judge.EXACT_RTOL else "reference ok",
                       ref_rel_err=e, error=f"{cmp.reference_source} rel err {e:.2e}")
        else:
            return
        self.rows.append(row)

    def direct(self, case, family, engine, op, what):
        g = self.guarded(case, family, engine, "setup", lambda: op(case.f, engine))
        if g is None:
            return
        told = list(self.caught)  # what gradlab said when making it counts for every call
        for i, p in enumerate(case.points):
            key = f"p{i}"
            point = copy_point(p)
            got = self.guarded(case, family, engine, key, functools.partial(call_at, g, point))
            told += self.caught
            self.caught = told
            if got is not None:
                self.record(case, family, engine, key, "array", got=got, what=what,
                            estimate=self.estimates.get((case.name, key, engine, what)))

    def directional(self, case, what, i, point):
        """Truth of J w, w^T J or H w at point i (added to its truth record) and the direction."""
        ev = self.truth[case.name]["evals"].get(f"p{i}")
        if not ev or not ev["value_match"]:
            return None
        n = np.size(point)
        out_shape = np.shape(ev["value"])
        if what == "hvp":
            w = direction(point.shape, i)
            ev[what] = (np.asarray(ev["h"]).reshape(n, n) @ w.ravel()).tolist()
        elif what == "jvp":
            w = direction(point.shape, i)
            jac = np.asarray(ev["d"]).reshape(-1, n)
            ev[what] = (jac @ w.ravel()).reshape(out_shape).tolist()
        else:
            w = direction(out_shape, i)
            jac = np.asarray(ev["d"]).reshape(-1, n)
            ev[what] = (w.ravel() @ jac).reshape(point.shape).tolist()
        return w

    def directional_family(self, case, what):
        one_shot = {"jvp": self.gl.jvp, "vjp": self.gl.vjp, "hvp": self.gl.hvp}[what]
        for i, p in enumerate(case.points):
            if isinstance(p, dict):
                continue
            w = self.directional(case, what, i, p)
            if w is None:
                continue
            key = f"p{i}"
            self.comparison(case, f"compare-{what}", key, p, what, direction=w.copy())
            for e in DIRECTIONAL_ENGINES:
                got = self.guarded(case, f"{what}-direct", e, key, functools.partial(
                    one_shot, case.f, copy_point(p), w.copy(), backend=e))
                if got is not None:
                    self.record(case, f"{what}-direct", e, key, "array", got=got, what=what,
                                estimate=self.estimates.get((case.name, key, e, what)))

    def run_case(self, case):
        for i, p in enumerate(case.points):
            self.comparison(case, "compare", f"p{i}", p, "d")
        hess = "hess" in case.tags
        if hess:
            for i, p in enumerate(case.points):
                self.comparison(case, "compare-hessian", f"p{i}", p, "h")
        op = self.gl.jac if case.kind == "jac" else self.gl.grad
        for e in ENGINES:
            self.direct(case, "direct", e, op, "d")
        if hess:
            for e in HESS_ENGINES:
                self.direct(case, "hess-direct", e, self.gl.hess, "h")
            self.directional_family(case, "hvp")
        if case.kind == "jac":
            self.directional_family(case, "jvp")
            self.directional_family(case, "vjp")


def direction(shape, i):
    """A fixed, seeded unit direction of the given shape (the i-th point's)."""
    w = np.random.default_rng(80 + i).normal(size=shape)
    return w / np.linalg.norm(w)


def main_commit():
    """The commit under test: this checkout's HEAD, and main's commit merged into it."""
    def git(*a):
        return subprocess.run(["git", *a], capture_output=True, text=True,
                              cwd=HERE).stdout.strip()
    try:
        return f"HEAD {git('log', '-1', '--format=%h')} (main {git('rev-parse', '--short', 'main')})"
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", help="case name (repeatable)")
    ap.add_argument("--timeout", type=int, default=60, help="seconds per call")
    ap.add_argument("--truth", default=os.path.join(HERE, "truth.json"),
                    help="truth file (a planted wrong truth checks that the judge sees it)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    with open(args.truth) as fh:
        truth = json.load(fh)
    import gradlab as gl

    run = Runner(gl, truth, args.timeout)
    todo = [c for c in F.CASES if not args.only or c.name in args.only]
    suffix = "_only" if args.only else ""
    commit = main_commit()
    for n, case in enumerate(todo, 1):
        start, before = time.perf_counter(), len(run.rows)
        run.run_case(case)
        mine = run.rows[before:]
        save(run.rows, todo[:n], time.perf_counter() - t0, suffix, commit)
        bad = [f"{r['family']}/{r['engine']}[{r['key']}]" for r in mine if r.get("silently_wrong")]
        lie = [f"{r['family']}[{r['key']}]" for r in mine if r.get("lying_estimate")]
        crash = sum(r["status"] == "exception" for r in mine)
        print(f"[{n}/{len(todo)}] {case.name}: {time.perf_counter() - start:.1f} s, "
              f"{len(mine)} rows" + (f", SILENTLY WRONG {bad[:6]}" if bad else "")
              + (f", LYING {lie[:3]}" if lie else "") + (f", {crash} crashes" if crash else ""),
              flush=True)
    print(save(run.rows, todo, time.perf_counter() - t0, suffix, commit))


def save(rows, cases, wall, suffix, commit):
    with open(os.path.join(HERE, f"results{suffix}.json"), "w") as fh:
        json.dump({"wall_s": wall, "cases_done": len(cases), "main_commit": commit,
                   "rows": rows}, fh, indent=0, default=str)
    summary = judge.summarise(rows, cases, wall, COMMAND, commit)
    with open(os.path.join(HERE, f"summary{suffix}.md"), "w") as fh:
        fh.write(summary)
    return summary


if __name__ == "__main__":
    main()
