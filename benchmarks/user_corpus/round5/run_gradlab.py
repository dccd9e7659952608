"""Run gradlab's public API on the round-5 corpus and judge every answer against truth.json.

    cd /work/wt/corpus5 && /work/main/.venv/bin/python benchmarks/user_corpus/round5/truth_jax.py
    PYTHONPATH=. /work/main/.venv/bin/python benchmarks/user_corpus/round5/run_gradlab.py \\
        [--skip-survey] [--skip-batch] [--skip-compare] [--skip-api] [--only NAME ...]

Families of rows (each call is a row; an exception is a row, never a stop):
- compare: gl.compare(f, point, derivative=..., timing=False) with every default engine, the
  data bound in a closure (args); then, for cases with data arguments, the user's other
  spelling, gl.compare(f, {"w": w, "A": A2, ...}, wrt=["w"]) with the SECOND data set.
  The comparison's reference is checked too.
- api: g = gl.grad / gl.hess / gl.jac(f, engine) called as g(x, *args) at every point with the
  first data set, then the second (same shapes: a stale cache gives the first data's answer),
  then the first again; plus gl.gradient / gl.hessian / gl.jacobian at the first point.
- batch: g.batch(points) (jax, dual) on the cases marked batch and the survey cases.
- survey: gl.survey(f, explicit_points, derivative=..., progress=False, timing=False): every
  row of to_frame() with status ok is judged; gl.sample(region, 20, seed=...) is checked for
  its count and its bounds.
Writes results.json and summary.md beside this file (with --only, into *_only files; with
--tag T, into results_T.json / summary_T.md). How this round was run on the 2-core machine
(the parts in parallel; PYTENSOR_FLAGS=cxx= keeps PyTensor's C compiles from timing out):

    R=benchmarks/user_corpus/round5; PY=/work/main/.venv/bin/python
    PYTENSOR_FLAGS=cxx= PYTHONPATH=. $PY $R/run_gradlab.py --skip-survey --skip-batch \
        --cases 0:75 --tag seg1      # and --cases 75: --tag seg3, in a second process
    $PY $R/merge_results.py seg1 seg3                       # -> results.json, summary.md
    PYTHONPATH=. $PY $R/run_gradlab.py --survey-only --survey-by-compare --skip-survey \
        --skip-compare --skip-api --skip-batch --tag survey_compare_main   # ~1-2 min
    PYTHONPATH=/work/wt/front $PY $R/run_gradlab.py --survey-only --skip-compare --skip-api \
        --skip-batch --tag survey_wt_front     # gl.survey where it exists
    PYTHONPATH=/work/wt/jax $PY $R/run_gradlab.py --batch-only --skip-compare --skip-api \
        --skip-survey --tag batch_wt_jax       # g.batch where it exists
"""

import argparse
import inspect
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

API_ENGINES = {"gradient": ["jax", "pytensor", "dual"],
               "hessian": ["jax", "pytensor", "dual"], "jacobian": ["jax", "pytensor", "dual"]}
BATCH_ENGINES = ["jax", "dual"]
FACTORY = {"gradient": "grad", "hessian": "hess", "jacobian": "jac"}
REJECTING = ("disagrees", "inaccurate", "unverified")  # statuses that still show a number
ONE_SHOT = {"gradient": "gradient", "hessian": "hessian", "jacobian": "jacobian"}


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout("ran past the runner's time limit")


class Runner:
    def __init__(self, gl, truth, timeout):
        self.gl, self.truth, self.timeout, self.rows = gl, truth, timeout, []
        self.t_call, self.wrt_count = time.perf_counter(), 0
        self.expected = (gl.GradlabError,)

    def record(self, case, family, engine, key, status, got=None, error=None, exact=False,
               estimate=None, other_key=None):
        row = {"case": case.name, "family": family, "engine": engine, "key": key, "status": status,
               "s": round(time.perf_counter() - self.t_call, 3)}
        if error is not None:
            row["error"] = error
        ev = self.truth.get(case.name, {}).get("evals", {}).get(key)
        if got is not None and status in ("ok", "array") and ev and ev["value_match"]:
            t = ev["d"]
            row["rel_err"] = judge.rel_err(got, t)
            row["tol"] = judge.tolerance(engine, exact, estimate, t)
            row["silently_wrong"] = row["rel_err"] > row["tol"]
            if row["silently_wrong"]:
                other = self.truth[case.name]["evals"].get(other_key, {}).get("d") if other_key else None
                row.update(got=np.asarray(got, dtype=float).ravel()[:8].tolist(), truth=t,
                           pattern=judge.pattern(engine, got, t, other),
                           stable_form=self.truth[case.name]["stable_form"])
                row["truth"] = np.asarray(t, dtype=float).ravel()[:8].tolist()
        elif got is not None and status in ("ok", "array"):
            row["unjudged"] = "no usable truth"
        elif got is not None and ev and ev["value_match"] and status in REJECTING:
            e = judge.rel_err(got, ev["d"])
            if e <= judge.tolerance(engine, exact, estimate, ev["d"]):
                row.update(right_but_rejected=True, rel_err_rejected=e)
        self.rows.append(row)
        return row

    def guarded(self, case, family, engine, key, fn):
        """Run fn(); an exception becomes a row (gradlab's own errors are refusals)."""
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(self.timeout)
        self.t_call = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return fn()
        except self.expected as e:
            self.record(case, family, engine, key, "refused", error=f"{type(e).__name__}: {e}")
        except Exception as e:  # a crash is a row, not a stop
            self.record(case, family, engine, key, "exception", error=f"{type(e).__name__}: {e}")
        finally:
            signal.alarm(0)
        return None

    # ------------------------------------------------------------ compare
    def judge_comparison(self, case, key, cmp, family):
        for row in cmp.results:
            got = None if row.gradient is None else row.gradient
            self.record(case, family, row.backend, key, row.status, got=got,
                        error=None if row.error is None else str(row.error), exact=bool(row.exact),
                        estimate=row.error_estimate)
        ev = self.truth.get(case.name, {}).get("evals", {}).get(key)
        if cmp.reference is not None and ev and ev["value_match"]:
            e = judge.rel_err(cmp.reference, ev["d"])
            status = "wrong reference" if e > judge.EXACT_RTOL else "reference ok"
            self.rows.append({"case": case.name, "family": family, "engine": "(reference)",
                              "key": key, "status": status, "ref_rel_err": e,
                              "error": f"{cmp.reference_source} rel err {e:.2e}"})

    def compare(self, case):
        for i, point in enumerate(case.points[: case.compare_points]):
            f = bind(case.f, case.args)
            key = f"p{i}/a0"
            cmp = self.guarded(case, "compare", "(compare)", key, lambda f=f, point=point: self.gl.compare(
                f, copy_point(point), timing=False, derivative=case.derivative))
            if cmp is not None:
                self.judge_comparison(case, key, cmp, "compare")
        self.wrt_count += case.args2 is not None
        if case.args2 is not None and self.wrt_count % self.wrt_every == 0:
            names = list(inspect.signature(case.f).parameters)
            at = {names[0]: copy_point(case.points[0])}
            at.update(zip(names[1:], case.args2))
            cmp = self.guarded(case, "compare-wrt", "(compare)", "p0/a1", lambda: self.gl.compare(
                case.f, at, wrt=[names[0]], timing=False, derivative=case.derivative))
            if cmp is not None:
                self.judge_comparison(case, "p0/a1", cmp, "compare-wrt")

    # ------------------------------------------------------------ gl.grad / hess / jac
    def api(self, case):
        factory = getattr(self.gl, FACTORY[case.derivative])
        sets = [case.args] + ([case.args2] if case.args2 is not None else [])
        calls = [(0, 0)]
        if len(sets) > 1:  # the second data at the same point, then the first again
            calls += [(0, 1), (0, 0)]
        calls += [(1, len(sets) - 1)]
        one = getattr(self.gl, ONE_SHOT[case.derivative])
        for engine in API_ENGINES[case.derivative]:
            g = self.guarded(case, "api", engine, "setup", lambda engine=engine: factory(case.f, engine))
            if g is None:
                continue
            for i, j in calls:
                key, other = f"p{i}/a{j}", (f"p{i}/a{1 - j}" if len(sets) > 1 else None)
                got = self.guarded(case, "api", engine, key,
                                   lambda g=g, i=i, j=j: call_with(g, case.points[i], sets[j]))
                if got is None:
                    break  # refused or crashed: the same refusal again would only cost time
                self.record(case, "api", engine, key, "array", got=got, other_key=other)
            if engine != "jax":
                continue
            f = bind(case.f, case.args)
            got = self.guarded(case, "api-oneshot", engine, "p0/a0",
                               lambda f=f, engine=engine, one=one: one(f, copy_point(case.points[0]), backend=engine))
            if got is not None:
                self.record(case, "api-oneshot", engine, "p0/a0", "array", got=got)

    # ------------------------------------------------------------ g.batch
    def batch(self, case):
        pts, keys = (case.survey, [f"s{k}" for k in range(len(case.survey))]) if case.survey \
            else (case.points, [f"p{k}/a0" for k in range(len(case.points))])
        for engine in BATCH_ENGINES:
            g = self.guarded(case, "batch", engine, "setup",
                             lambda engine=engine: getattr(self.gl, FACTORY[case.derivative])(case.f, engine))
            if g is None:
                continue
            if not hasattr(g, "batch"):
                self.record(case, "batch", engine, "all", "not available",
                            error="g.batch is not available in this gradlab")
                continue
            out = self.guarded(case, "batch", engine, "all",
                               lambda g=g: g.batch([copy_point(p) for p in pts]))
            if out is None:
                continue
            out = np.asarray(out, dtype=float)
            if out.shape[0] != len(pts):
                self.record(case, "batch", engine, "all", "exception",
                            error=f"batch returned shape {out.shape} for {len(pts)} points")
                continue
            for k, key in enumerate(keys):
                self.record(case, "batch", engine, key, "array", got=out[k])

    # ------------------------------------------------------------ gl.compare at survey points
    def survey_compare(self, case):
        """What a survey does, spelled with gl.compare at each point (for a gradlab without
        gl.survey): every row and the reference at every point are judged."""
        for k, point in enumerate(case.survey):
            cmp = self.guarded(case, "survey-compare", "(compare)", f"s{k}",
                               lambda point=point: self.gl.compare(
                                   case.f, copy_point(point), timing=False,
                                   derivative=case.derivative))
            if cmp is not None:
                self.judge_comparison(case, f"s{k}", cmp, "survey-compare")

    # ------------------------------------------------------------ gl.survey / gl.sample
    def survey(self, case):
        seed = 7
        pts = self.guarded(case, "sample", "(sample)", "region",
                           lambda: self.gl.sample(case.region, 20, seed=seed))
        if pts is not None:
            self.rows.append(check_sample(case, pts))
        s = self.guarded(case, "survey", "(survey)", "all", lambda: self.gl.survey(
            case.f, [copy_point(p) for p in case.survey], derivative=case.derivative,
            progress=False, timing=False))
        if s is None:
            return
        frame = self.guarded(case, "survey", "(survey)", "frame", s.to_frame)
        if frame is None:
            return
        cols = {c: pick(frame.columns, c) for c in ("point", "engine", "derivative", "status")}
        if None in cols.values():
            self.record(case, "survey", "(survey)", "frame", "exception",
                        error=f"to_frame() columns {list(frame.columns)} lack {cols}")
            return
        est_col, err_col = pick(frame.columns, "estimate"), pick(frame.columns, "error")
        for _, r in frame.iterrows():
            got = r[cols["derivative"]]
            est = None if est_col is None else r[est_col]
            self.record(case, "survey", str(r[cols["engine"]]), f"s{int(r[cols['point']])}",
                        str(r[cols["status"]]), got=got,
                        error=None if err_col is None or r[err_col] is None else str(r[err_col]),
                        estimate=None if est is None or not np.isfinite(est) else float(est))


COLUMN_NAMES = {"point": ("point_index", "point", "index", "i"),
                "engine": ("engine", "backend"),
                "derivative": ("derivative", "gradient", "value", "result"),
                "status": ("status",), "estimate": ("error_estimate", "error estimate"),
                "error": ("error", "message", "reason")}


def pick(columns, what):
    for name in COLUMN_NAMES[what]:
        if name in columns:
            return name
    return None


def check_sample(case, pts):
    row = {"case": case.name, "family": "sample", "engine": "(sample)", "key": "region"}
    problems = []
    if len(pts) != 20:
        problems.append(f"{len(pts)} points, asked 20")
    for p in pts:
        for name, bounds in case.region.items():
            v = np.asarray(p[name], dtype=float)
            lo, hi = (np.array([b[0] for b in bounds]), np.array([b[1] for b in bounds])) \
                if isinstance(bounds, list) else bounds
            if np.any(v < lo) or np.any(v > hi):
                problems.append(f"{name}={v} outside {bounds}")
    row["status"] = "exception" if problems else "reference ok"
    if problems:
        row["error"] = "; ".join(problems[:3])
    return row


def bind(f, args):
    if not args:
        return f

    def f_at(x):
        return f(x, *args)

    return f_at


def copy_point(p):
    return dict(p) if isinstance(p, dict) else np.array(p, dtype=float, copy=True)


def call_with(g, point, args):
    return g(copy_point(point), *args)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", help="case name (repeatable)")
    for fam in ("survey", "batch", "compare", "api"):
        ap.add_argument(f"--skip-{fam}", action="store_true")
    ap.add_argument("--wrt-every", type=int, default=2,
                    help="the wrt= spelling of compare on every k-th case with data arguments")
    ap.add_argument("--tag", default="", help="suffix of the output files (results_TAG.json)")
    ap.add_argument("--cases", default=None, help="a slice of CASES, e.g. 70:143 (split a run)")
    ap.add_argument("--survey-by-compare", action="store_true",
                    help="also gl.compare at every survey point (works without gl.survey)")
    ap.add_argument("--survey-only", action="store_true", help="only the cases with a survey")
    ap.add_argument("--batch-only", action="store_true", help="only the cases run with g.batch")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per call")
    args = ap.parse_args()
    t0 = time.perf_counter()
    with open(os.path.join(HERE, "truth.json")) as fh:
        truth = json.load(fh)
    import gradlab as gl

    run = Runner(gl, truth, args.timeout)
    run.wrt_every = args.wrt_every
    notes = [f"{fam}: NOT RUN (--skip-{fam}): not available / not counted as a pass"
             for fam in ("survey", "batch", "compare", "api") if getattr(args, f"skip_{fam}")]
    if not args.skip_survey and not hasattr(gl, "survey"):
        notes.append("survey: gl.survey / gl.sample are not available in this gradlab (rows say so)")
    todo = [c for c in F.CASES if (not args.only or c.name in args.only)
            and (not args.survey_only or c.survey) and (not args.batch_only or c.batch or c.survey)]
    if args.cases:
        lo, hi = (int(v) if v else None for v in args.cases.split(":"))
        todo = todo[lo:hi]
    suffix = f"_{args.tag}" if args.tag else ("_only" if args.only else "")
    for n, case in enumerate(todo, 1):
        start, before, spent = time.perf_counter(), len(run.rows), []
        for fam, wanted in (("compare", True), ("api", True), ("batch", case.batch or case.survey),
                            ("survey", bool(case.survey)),
                            ("survey_compare", bool(case.survey) and args.survey_by_compare)):
            if wanted and not getattr(args, f"skip_{fam}", False):
                t = time.perf_counter()
                getattr(run, fam)(case)
                spent.append(f"{fam} {time.perf_counter() - t:.1f}")
        mine = run.rows[before:]
        save(run.rows, todo[:n], notes, time.perf_counter() - t0, suffix)
        bad = [f"{r['family']}/{r['engine']}[{r['key']}]" for r in mine if r.get("silently_wrong")]
        crash = sum(r["status"] == "exception" for r in mine)
        print(f"[{n}/{len(todo)}] {case.name}: {time.perf_counter() - start:.1f} s "
              f"({', '.join(spent)}), {len(mine)} rows"
              + (f", SILENTLY WRONG {bad[:6]}" if bad else "") + (f", {crash} crashes" if crash else ""),
              flush=True)
    print(save(run.rows, todo, notes, time.perf_counter() - t0, suffix))


def save(rows, cases, notes, wall, suffix):
    """results.json and summary.md after every case, so a cut-short run still reports."""
    with open(os.path.join(HERE, f"results{suffix}.json"), "w") as fh:
        json.dump({"wall_s": wall, "cases_done": len(cases), "notes": notes, "rows": rows}, fh,
                  indent=0, default=str)
    summary = judge.summarise(rows, cases, notes, wall)
    with open(os.path.join(HERE, f"summary{suffix}.md"), "w") as fh:
        fh.write(summary)
    return summary


if __name__ == "__main__":
    main()
