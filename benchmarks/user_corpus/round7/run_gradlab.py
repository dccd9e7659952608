"""Run gradlab's public API on the round-7 corpus and judge every answer against truth.json
(made beforehand, in a separate process that never imports gradlab, by truth_jax.py).

    /work/main/.venv/bin/python benchmarks/user_corpus/round7/truth_jax.py
    PYTHONPATH=. /work/main/.venv/bin/python benchmarks/user_corpus/round7/run_gradlab.py

Families of rows (each call is a row; an exception is a row, never a stop):
- compare: gl.compare(f, point, timing=False), every default engine, every point (state 0);
  its reference is judged too. Data passed as arguments: gl.compare(lambda w: f(w, *args), p).
- direct-richardson: gl.grad(f, "finite-diff:richardson") (gl.jac for array f) called at every
  point, judged with the estimate of the compare row's Richardson at that point.
For cases whose data changes (states, or argument tuples):
- grad-reused: g = gl.grad(f, engine) (gl.jac for array f) made ONCE at state 0 for each of
  jax, pytensor, sympy, dual, finite-diff:central / richardson / complex-step, numpy; then the
  data is set to each state in turn (the last state usually restores state 0's values) and g
  is called at every point. For arguments: g(x, *args_k) (one reused buffer for "inplace_args").
- hess-reused: h = gl.hess(f, engine) made once (jax, pytensor, sympy, dual, central), called
  at the first point in each state.
- compare-state: gl.compare at every point in every state after the first.
- grad-fresh: gl.grad(f, engine) made anew after the change, at the first point.
- minimize-g-before / minimize-grad-in-loop: for each state, scipy.optimize.minimize(f, x0,
  jac=G, method="BFGS") with G = gl.grad(f) made once before the loop, or gl.grad(f) made in
  the loop; the gradient scipy gets at x0 (its first jac call) is judged.
Writes results.json and summary.md beside this file (after every case).
"""

import argparse
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
import scipy.optimize  # noqa: E402

CS, CENTRAL, RICH = "finite-diff:complex-step", "finite-diff:central", "finite-diff:richardson"
ENGINES = ("jax", "pytensor", "sympy", "dual", CENTRAL, RICH, CS, "numpy")
HESS_ENGINES = ("jax", "pytensor", "sympy", "dual", CENTRAL)
COMMAND = "PYTHONPATH=. /work/main/.venv/bin/python benchmarks/user_corpus/round7/run_gradlab.py"


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout("ran past the runner's time limit")


def from_gradlab(w):
    """A warning that may tell the user something (not numpy's RuntimeWarnings from f)."""
    return "gradlab" in w.filename or not issubclass(w.category, RuntimeWarning)


def copy_point(p):
    return dict(p) if isinstance(p, dict) else np.array(p, dtype=float, copy=True)


class Runner:
    def __init__(self, gl, truth, timeout):
        self.gl, self.truth, self.timeout, self.rows = gl, truth, timeout, []
        self.caught = []
        self.estimates = {}  # (case, key, engine) -> a compare row's error estimate
        # id(gradient object) -> (the object, kept alive so that its id is not reused; what
        # gradlab warned when making it or at its calls so far: it warns once)
        self.told = {}

    def record(self, case, family, engine, key, status, got=None, error=None, exact=False,
               estimate=None, what="d"):
        row = {"case": case.name, "family": family, "engine": engine, "key": key,
               "status": status, "tags": list(case.tags)}
        if family != "compare" and not family.startswith("compare") and self.caught:
            row["warnings"] = sorted({str(w.message)[:200] for w in self.caught})
        if error is not None:
            row["error"] = str(error)[:300]
        evals = self.truth[case.name]["evals"]
        ev = evals.get(key)
        if got is not None and ev and ev["value_match"] and what in ev:
            judge.judge_row(row, got, evals, key, exact, estimate, what)
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

    # ------------------------------------------------------------ families
    def comparison(self, case, family, key, point, args):
        f = (lambda w: case.f(w, *args)) if args else case.f
        cmp = self.guarded(case, family, "(compare)", key, lambda: self.gl.compare(
            f, copy_point(point), timing=False))
        if cmp is None:
            return
        for r in cmp.results:
            self.estimates[case.name, key, r.backend] = r.error_estimate
            self.record(case, family, r.backend, key, r.status, got=r.gradient,
                        error=r.error, exact=bool(r.exact), estimate=r.error_estimate)
        ev = self.truth[case.name]["evals"].get(key)
        if cmp.reference is not None and ev and ev["value_match"]:
            _, e = judge.abs_rel_err(cmp.reference, np.asarray(ev["d"], dtype=float))
            self.rows.append({"case": case.name, "family": family, "engine": "(reference)",
                              "key": key, "tags": list(case.tags),
                              "status": "wrong reference" if e > judge.EXACT_RTOL
                              else "reference ok",
                              "ref_rel_err": e, "error": f"{cmp.reference_source} rel err {e:.2e}"})
        elif cmp.reference is None:
            self.rows.append({"case": case.name, "family": family, "engine": "(reference)",
                              "key": key, "tags": list(case.tags), "status": "no reference",
                              "error": str(cmp.reference_source)[:300]})

    def make(self, case, family, engine, op=None):
        op = op or (self.gl.jac if case.kind == "jac" else self.gl.grad)
        make = (lambda: op(case.f)) if engine == "(default)" else (lambda: op(case.f, engine))
        g = self.guarded(case, family, engine, "setup", make)
        if g is not None:
            self.told[id(g)] = (g, list(self.caught))
        if g is not None and self.caught:
            self.rows.append({"case": case.name, "family": family, "engine": engine,
                              "key": "setup", "status": "warned at setup", "tags": list(case.tags),
                              "warnings": sorted({str(w.message)[:200] for w in self.caught})})
        return g

    def call(self, case, family, engine, key, g, point, args, what="d"):
        got = self.guarded(case, family, engine, key, lambda: g(copy_point(point), *args))
        self.remember_warnings(g)
        if got is not None:
            self.record(case, family, engine, key, "array", got=got, what=what,
                        estimate=self.estimates.get((case.name, key, engine)))

    def remember_warnings(self, g):
        """What this gradient object warned at any earlier call counts as told."""
        earlier = self.told.get(id(g), (g, []))[1]
        self.told[id(g)] = (g, earlier + self.caught)
        self.caught = self.caught + earlier

    def run_case(self, case):
        F.set_state(case, 0)
        args0 = case.call_args(0)
        for i, p in enumerate(case.points):
            self.comparison(case, "compare", f"p{i}/s0", p, args0)
        g = self.make(case, "direct-richardson", RICH)
        if g is not None:
            for i, p in enumerate(case.points):
                self.call(case, "direct-richardson", RICH, f"p{i}/s0", g, p, args0)
        if case.n_states > 1:
            self.changing_data(case)
        F.set_state(case, 0)

    def changing_data(self, case):
        made = {e: self.make(case, "grad-reused", e) for e in ENGINES}
        hess = {}
        if case.kind == "grad":
            hess = {e: self.make(case, "hess-reused", e, self.gl.hess) for e in HESS_ENGINES}
        buffers = None
        if "inplace_args" in case.tags:
            buffers = [np.array(a, dtype=float, copy=True) for a in case.call_args(0)]
        p0 = case.points[0]
        for k in range(case.n_states):
            F.set_state(case, k)
            args = case.call_args(k)
            if buffers is not None:
                for b, a in zip(buffers, args):
                    b[...] = a  # the user's `X[:] = new_data` between calls
                args = tuple(buffers)
            if k > 0:
                for i, p in enumerate(case.points):
                    self.comparison(case, "compare-state", f"p{i}/s{k}", p, args)
            for e, g in made.items():
                if g is not None:
                    for i, p in enumerate(case.points):
                        self.call(case, "grad-reused", e, f"p{i}/s{k}", g, p, args)
            for e, h in hess.items():
                if h is not None:
                    self.call(case, "hess-reused", e, f"p0/s{k}", h, p0, args, what="h")
            if k > 0:
                for e in ENGINES:
                    g = self.make(case, "grad-fresh", e)
                    if g is not None:
                        self.call(case, "grad-fresh", e, f"p0/s{k}", g, p0, args)
        if case.kind == "grad" and not isinstance(p0, dict):
            self.minimize_loop(case, p0, buffers)

    def minimize_loop(self, case, p0, buffers):
        g_before = self.make(case, "minimize-g-before", "(default)")
        for k in range(case.n_states):
            F.set_state(case, k)
            args = case.call_args(k)
            if buffers is not None:
                for b, a in zip(buffers, args):
                    b[...] = a
                args = tuple(buffers)
            for family, make in (("minimize-g-before", lambda: g_before),
                                 ("minimize-grad-in-loop", lambda: self.gl.grad(case.f))):
                self.minimize(case, family, f"p0/s{k}", p0, args, make)

    def minimize(self, case, family, key, p0, args, make):
        seen, used = [], []

        def run():
            jac = make()
            used.append(jac)
            if jac is None:
                raise RuntimeError("no gradient object (gl.grad failed before the loop)")

            def recording(x, *a):
                g = jac(x, *a)
                seen.append(np.array(g, dtype=float, copy=True))
                return g
            scipy.optimize.minimize(case.f, copy_point(p0), args=args, jac=recording,
                                    method="BFGS", options={"maxiter": 2})
            return seen[0]
        got = self.guarded(case, family, "(default)", key, run)
        if used and used[0] is not None:
            self.remember_warnings(used[0])
        if got is not None:
            self.record(case, family, "(default)", key, "array", got=got)


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
    args = ap.parse_args()
    t0 = time.perf_counter()
    with open(os.path.join(HERE, "truth.json")) as fh:
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
