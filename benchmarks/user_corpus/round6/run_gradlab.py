"""Run gradlab's public API on the round-6 corpus and judge every answer against truth.json
(made beforehand, in a separate process, by truth_jax.py).

    cd /work/wt/corpus6 && /work/main/.venv/bin/python benchmarks/user_corpus/round6/truth_jax.py
    PYTHONPATH=. /work/main/.venv/bin/python benchmarks/user_corpus/round6/run_gradlab.py

Families of rows (each call is a row; an exception is a row, never a stop):
- compare: gl.compare(f, point, timing=False) with every default engine, at every point; the
  comparison's reference is judged too.
- direct: gl.grad(f, "finite-diff:richardson") and gl.grad(f, "finite-diff:complex-step")
  called at every point (a plain array: judged with the error estimate of the same engine's
  row in the comparison at that point).
- order-cs-central / order-central-cs: backends=["finite-diff:complex-step",
  "finite-diff:central"] and the reverse, at the first point.
- step-1e-4 (every case), step-0.01 and step-0.1 (cases not complex-analytic): options=
  {"finite-diff:central": {"step": h}} with central, complex step and Richardson.
- cs-alone: backends=["finite-diff:complex-step"] alone (cases not complex-analytic).
- global-*: for functions reading global data, the data is CHANGED after the compare family
  and gl.compare is called again (every default engine, then the two engine orders), then the
  first data is restored and compared once more; a gl.grad object made before the change
  (jax, dual, pytensor, richardson, complex-step) is called after it.
Writes results.json and summary.md beside this file (after every case).
"""

import argparse
import json
import os
import signal
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import functions as F  # noqa: E402
import judge  # noqa: E402
import numpy as np  # noqa: E402

CS, CENTRAL, RICH = "finite-diff:complex-step", "finite-diff:central", "finite-diff:richardson"
COMMAND = "PYTHONPATH=. /work/main/.venv/bin/python benchmarks/user_corpus/round6/run_gradlab.py"


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout("ran past the runner's time limit")


def from_gradlab(w):
    """A warning gradlab gives the user (not numpy's overflow warnings from f itself)."""
    return "gradlab" in w.filename or w.category.__module__.startswith("gradlab") \
        or any(s in str(w.message) for s in ("gradlab", "finite-diff", "estimate"))


def copy_point(p):
    return dict(p) if isinstance(p, dict) else np.array(p, dtype=float, copy=True)


class Runner:
    def __init__(self, gl, truth, timeout):
        self.gl, self.truth, self.timeout, self.rows = gl, truth, timeout, []
        self.caught = []
        self.estimates = {}  # (case, key, engine) -> the compare row's error estimate

    def record(self, case, family, engine, key, status, got=None, error=None, exact=False,
               estimate=None):
        row = {"case": case.name, "family": family, "engine": engine, "key": key,
               "status": status, "tags": list(case.tags)}
        if family in ("direct", "global-api") and self.caught:  # what gradlab warned of
            row["warnings"] = sorted({str(w.message)[:200] for w in self.caught})
        if error is not None:
            row["error"] = str(error)[:300]
        ev = self.truth[case.name]["evals"].get(key)
        if got is not None and ev and ev["value_match"]:
            judge.judge_row(row, got, ev, exact, estimate, case.tags)
        self.rows.append(row)
        return row

    def guarded(self, case, family, engine, key, fn):
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(self.timeout)
        try:
            with warnings.catch_warnings(record=True) as self.caught:
                warnings.simplefilter("always")
                return fn()
        except self.gl.GradlabError as e:
            self.record(case, family, engine, key, "refused", error=f"{type(e).__name__}: {e}")
        except Exception as e:  # a crash is a row, not a stop
            self.record(case, family, engine, key, "exception", error=f"{type(e).__name__}: {e}")
        finally:
            signal.alarm(0)
        return None

    def comparison(self, case, family, key, point, **kw):
        cmp = self.guarded(case, family, "(compare)", key, lambda: self.gl.compare(
            case.f, copy_point(point), timing=False, **kw))
        if cmp is None:
            return
        for r in cmp.results:
            if family == "compare":
                self.estimates[case.name, key, r.backend] = r.error_estimate
            self.record(case, family, r.backend, key, r.status, got=r.gradient,
                        error=r.error, exact=bool(r.exact), estimate=r.error_estimate)
        ev = self.truth[case.name]["evals"].get(key)
        if cmp.reference is not None and ev and ev["value_match"] and not kw.get("backends"):
            _, e = judge.abs_rel_err(cmp.reference, np.asarray(ev["d"], dtype=float))
            self.rows.append({"case": case.name, "family": family, "engine": "(reference)",
                              "key": key, "tags": list(case.tags),
                              "status": "wrong reference" if e > judge.EXACT_RTOL else "reference ok",
                              "ref_rel_err": e, "error": f"{cmp.reference_source} rel err {e:.2e}"})

    def direct(self, case, family, engine, key, point, g=None):
        if g is None:
            g = self.guarded(case, family, engine, key, lambda: self.gl.grad(case.f, engine))
            if g is None:
                return None
        got = self.guarded(case, family, engine, key, lambda: g(copy_point(point)))
        self.caught = [w for w in self.caught if from_gradlab(w)]
        if got is not None:  # a plain array: judged with its compare row's estimate
            self.record(case, family, engine, key, "array", got=got,
                        estimate=self.estimates.get((case.name, key, engine)))
        return g

    def run_case(self, case):
        F.set_state(case, 0)
        for i, p in enumerate(case.points):
            key = f"p{i}/s0"
            self.comparison(case, "compare", key, p)
            for engine in (RICH, CS):
                self.direct(case, "direct", engine, key, p)
        p0, k0 = case.points[0], "p0/s0"
        self.comparison(case, "order-cs-central", k0, p0, backends=[CS, CENTRAL])
        self.comparison(case, "order-central-cs", k0, p0, backends=[CENTRAL, CS])
        steps = (1e-4, 1e-2, 1e-1) if "nonanalytic" in case.tags else (1e-4,)
        if "nonanalytic" in case.tags:
            self.comparison(case, "cs-alone", k0, p0, backends=[CS])
        for h in steps:
            self.comparison(case, f"step-{h:g}", k0, p0, backends=[CENTRAL, CS, RICH],
                            options={CENTRAL: {"step": h}})
        if case.states:
            self.global_data(case)

    def global_data(self, case):
        p0 = case.points[0]
        made = {e: self.guarded(case, "global-api", e, "setup", lambda e=e: self.gl.grad(case.f, e))
                for e in ("jax", "dual", "pytensor", RICH, CS)}
        for e, g in made.items():
            if g is not None:
                self.direct(case, "global-api", e, "p0/s0", p0, g)
        F.set_state(case, 1)
        for i, p in enumerate(case.points):
            self.comparison(case, "global-changed", f"p{i}/s1", p)
        self.comparison(case, "global-changed-cs-central", "p0/s1", p0, backends=[CS, CENTRAL])
        self.comparison(case, "global-changed-central-cs", "p0/s1", p0, backends=[CENTRAL, CS])
        for e, g in made.items():
            if g is not None:
                self.direct(case, "global-api", e, "p0/s1", p0, g)
        F.set_state(case, 0)
        self.comparison(case, "global-restored", "p0/s0", p0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", help="case name (repeatable)")
    ap.add_argument("--timeout", type=int, default=90, help="seconds per call")
    args = ap.parse_args()
    t0 = time.perf_counter()
    with open(os.path.join(HERE, "truth.json")) as fh:
        truth = json.load(fh)
    import gradlab as gl

    run = Runner(gl, truth, args.timeout)
    todo = [c for c in F.CASES if not args.only or c.name in args.only]
    suffix = "_only" if args.only else ""
    for n, case in enumerate(todo, 1):
        start, before = time.perf_counter(), len(run.rows)
        run.run_case(case)
        mine = run.rows[before:]
        save(run.rows, todo[:n], time.perf_counter() - t0, suffix)
        bad = [f"{r['family']}/{r['engine']}[{r['key']}]" for r in mine if r.get("silently_wrong")]
        lie = [f"{r['family']}[{r['key']}]" for r in mine if r.get("lying_estimate")]
        crash = sum(r["status"] == "exception" for r in mine)
        print(f"[{n}/{len(todo)}] {case.name}: {time.perf_counter() - start:.1f} s, {len(mine)} rows"
              + (f", SILENTLY WRONG {bad[:5]}" if bad else "") + (f", LYING {lie[:3]}" if lie else "")
              + (f", {crash} crashes" if crash else ""), flush=True)
    print(save(run.rows, todo, time.perf_counter() - t0, suffix))


def save(rows, cases, wall, suffix):
    with open(os.path.join(HERE, f"results{suffix}.json"), "w") as fh:
        json.dump({"wall_s": wall, "cases_done": len(cases), "rows": rows}, fh, indent=0,
                  default=str)
    summary = judge.summarise(rows, cases, wall, COMMAND)
    with open(os.path.join(HERE, f"summary{suffix}.md"), "w") as fh:
        fh.write(summary)
    return summary


if __name__ == "__main__":
    main()
