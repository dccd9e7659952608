"""Run gradlab's comparison for Jacobians, Hessians, JVPs, VJPs and HVPs on the round-4
corpus and judge every row against the truth from truth_ops_jax.py.

    cd /work/main && .venv/bin/python benchmarks/user_corpus/round4/truth_ops_jax.py \\
        && .venv/bin/python benchmarks/user_corpus/round4/run_ops_gradlab.py [--only NAME ...]

For every case of functions.py: gl.compare(f, point, derivative=..., direction=...,
timing=False) with all default engines (an exception is recorded, never stops the run; a
case running past --case-timeout seconds is recorded as an exception too). A row is
SILENTLY WRONG when its status is "ok" and its normwise relative error against truth.json
exceeds 1e-8 (exact engines: sympy, jax, pytensor, dual, autograd) or
max(1e-5, 10 * error_estimate / |truth|) (numerical engines). The comparison's reference is
WRONG when it differs from the truth by more than 1e-8 relative. Cases whose jax rewrite
disagrees with the numpy function's value are skipped and listed.

Writes results.json and summary.md next to this file (with --only, results are merged into
the existing results.json and the summary is rebuilt from all of them).
"""

import argparse
import collections
import json
import os
import re
import signal
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import functions as F  # noqa: E402
import numpy as np  # noqa: E402

EXACT_RTOL = 1e-8
NUMERIC_RTOL = 1e-5
REFERENCE_RTOL = 1e-8
EXACT_ENGINES = {"sympy", "jax", "pytensor", "dual", "autograd"}


class CaseTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise CaseTimeout("the comparison ran past the case timeout")


def aligned(got, truth):
    """got as an array of truth's shape (a flat row is read in truth's C order), or None
    when the sizes differ."""
    got = np.asarray(got, dtype=float)
    truth = np.asarray(truth, dtype=float)
    if got.size != truth.size:
        return None
    return got.reshape(truth.shape)


def rel_err(got, truth):
    truth = np.asarray(truth, dtype=float)
    got = aligned(got, truth)
    if got is None or not np.all(np.isfinite(got)):
        return float("inf")
    tn = np.linalg.norm(truth.ravel())
    dn = np.linalg.norm((got - truth).ravel())
    return float(dn / tn) if tn > 0 else float(dn)


def cause_of(row):
    """A short, number-free cause for tallying refusals."""
    msg = str(getattr(row, "error", None) or "").strip()
    msg = re.sub(r"^[\w:.-]+: ", "", msg, count=1)  # drop "engine: "
    msg = re.sub(r"\(at `[^`]*`\)", "", msg)
    msg = re.sub(r"`[^`]*`", "`..`", msg)
    msg = re.sub(r"[-+]?\d[\d.eE+-]*", "#", msg)
    msg = msg.split("\n")[0]
    return (msg[:110] or "(no message)").strip()


def matrix_view(a, derivative):
    """A 2-D view of a Jacobian (output size x input size) or a Hessian (n x n), else None."""
    a = np.asarray(a, dtype=float)
    if derivative == "hessian":
        n = int(round(np.sqrt(a.size)))
        return a.reshape(n, n) if n * n == a.size else None
    return None


def pattern_guess(engine, got, truth, rec_truth):
    truth = np.asarray(truth, dtype=float)
    derivative = rec_truth["derivative"]
    g_al = aligned(got, truth)
    if g_al is None:
        return f"wrong size {np.asarray(got).size} vs {truth.size} (shape {list(truth.shape)})"
    t, g = truth.ravel(), g_al.ravel()
    tn = np.linalg.norm(t)
    close = lambda a, b: np.allclose(a, b, rtol=1e-6, atol=1e-9 * tn)  # noqa: E731
    if np.linalg.norm(g) < 1e-12 * max(tn, 1e-300):
        return "zero: the derivative was dropped"
    if close(g, -t):
        return "sign flipped"
    for k in (2.0, 0.5, 3.0, 1 / 3):
        if close(g, k * t):
            return f"scaled by {k:g}"
    if derivative == "jacobian":
        out_size = int(np.prod(rec_truth["value_shape"]))
        Jt = t.reshape(out_size, -1)
        if close(g, Jt.T.ravel()):
            return "transposed Jacobian (input x output order)"
    H = matrix_view(truth, derivative)
    if H is not None:
        if close(g, 0.5 * (H + H.T).ravel()):
            return "symmetrised"
        if close(np.diag(g.reshape(H.shape)), np.diag(H)) and not close(g, t):
            return "diagonal right, off-diagonal entries wrong"
    bad = np.flatnonzero(~np.isclose(g, t, rtol=1e-6, atol=1e-9 * tn))
    if len(bad) and len(bad) < g.size:
        return f"entries {bad.tolist()[:12]} wrong, the others right"
    e = rel_err(got, truth)
    if engine not in EXACT_ENGINES:
        return f"numerical error {e:.1e} beyond the row's own error estimate"
    if e < 1e-4:
        return f"round-off-sized error {e:.1e} in an exact engine"
    return "every entry wrong"


def compare_case(gl, f, point, derivative, direction, timeout):
    kwargs = {"derivative": derivative, "timing": False}
    if direction is not None:
        kwargs["direction"] = np.array(direction, dtype=float)
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(timeout)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return gl.compare(f, point, **kwargs)
    finally:
        signal.alarm(0)


def rows_of(cmp):
    rows = getattr(cmp, "results", None)
    return list(rows) if rows is not None else list(cmp)


def judge_row(row, truth, tn):
    engine = row.backend
    value = getattr(row, "gradient", None)
    est = getattr(row, "error_estimate", None)
    r = {
        "engine": engine,
        "exact": bool(getattr(row, "exact", False)),
        "status": row.status,
        "error": None if getattr(row, "error", None) is None else str(row.error),
        "value": None if value is None else np.asarray(value, dtype=float).tolist(),
        "value_shape": None if value is None else list(np.shape(value)),
        "error_estimate": None if est is None else float(est),
        "notes": [str(n) for n in (getattr(row, "notes", None) or ())],
    }
    if row.status != "ok":
        r["cause"] = cause_of(row)
    if row.status == "ok" and truth is not None and value is not None:
        e = rel_err(value, truth)
        if engine in EXACT_ENGINES or r["exact"]:
            tol = EXACT_RTOL
        else:
            tol = max(NUMERIC_RTOL, 10 * (r["error_estimate"] or 0.0) / tn) if tn else NUMERIC_RTOL
        r["rel_err_vs_truth"] = e
        r["tolerance"] = tol
        r["silently_wrong"] = bool(e > tol)
    return r


def run_case(gl, name, f, point, derivative, direction, rec_truth, timeout):
    out = {"name": name, "derivative": derivative, "rows": [], "exception": None}
    t0 = time.perf_counter()
    try:
        cmp = compare_case(gl, f, point, derivative, direction, timeout)
    except Exception as e:  # one failing function must not stop the run
        out["exception"] = f"{type(e).__name__}: {e}"
        out["seconds"] = time.perf_counter() - t0
        return out
    out["seconds"] = time.perf_counter() - t0
    truth = rec_truth.get("truth") if rec_truth.get("value_match") else None
    tn = float(np.linalg.norm(np.asarray(truth, dtype=float).ravel())) if truth is not None else None
    ref = getattr(cmp, "reference", None)
    out["reference_source"] = str(getattr(cmp, "reference_source", None))
    out["reference"] = None if ref is None else np.asarray(ref, dtype=float).tolist()
    if ref is not None and truth is not None:
        out["reference_rel_err"] = rel_err(ref, truth)
        out["reference_wrong"] = out["reference_rel_err"] > REFERENCE_RTOL
    for row in rows_of(cmp):
        r = judge_row(row, truth, tn)
        if r.get("silently_wrong"):
            r["pattern"] = pattern_guess(r["engine"], r["value"], truth, rec_truth)
        out["rows"].append(r)
    return out


def fmt(v, n=4):
    a = np.asarray(v, dtype=float).ravel()
    s = ", ".join(f"{x:.{n}g}" for x in a[:6])
    return "[" + s + (", ..." if a.size > 6 else "") + "]"


def _table(rows, key, keys):
    lines = [f"| {key} | rows | ok | silently wrong | refused/flagged |", "|---|---|---|---|---|"]
    for k in keys:
        er = [r for r in rows if r[0] == k]
        lines.append(
            f"| {k} | {len(er)} | {sum(r[1]['status'] == 'ok' for r in er)} | "
            f"{sum(bool(r[1].get('silently_wrong')) for r in er)} | "
            f"{sum(r[1]['status'] != 'ok' for r in er)} |")
    return lines


def summarise(results, truth, wall):
    lines = ["# gradlab on the user corpus (round4: jacobian, hessian, hvp, jvp, vjp)", ""]
    cases = [results[c[0]] for c in F.CASES if c[0] in results]
    rows = [(c, r) for c in cases for r in c["rows"]]
    ok = [(c, r) for c, r in rows if r["status"] == "ok"]
    judged = [(c, r) for c, r in ok if "silently_wrong" in r]
    wrong = [(c, r) for c, r in judged if r["silently_wrong"]]
    skipped = [c[0] for c in F.CASES if c[0] in results and not truth.get(c[0], {}).get("value_match")]
    lines += [
        f"cases: {len(cases)}; rows: {len(rows)}; ok rows: {len(ok)} ({len(judged)} judged); "
        f"SILENTLY WRONG: {len(wrong)}; wrong references: "
        f"{sum(1 for c in cases if c.get('reference_wrong'))}; "
        f"compare() exceptions: {sum(1 for c in cases if c['exception'])}",
        f"cases without a usable truth (rewrite value mismatch): {skipped or 'none'}",
        f"wall time of the last run: {wall:.0f} s",
        "",
        "## per engine",
        "",
    ]
    engines = list(dict.fromkeys(r["engine"] for _, r in rows))
    lines += _table([(r["engine"], r) for _, r in rows], "engine", engines)
    lines += ["", "## per operator", ""]
    ops = list(dict.fromkeys(c["derivative"] for c in cases))
    lines += _table([(c["derivative"], r) for c, r in rows], "operator", ops)
    lines += ["", "## silently wrong rows (status ok, wrong value)", ""]
    if not wrong:
        lines.append("none")
    for c, r in wrong:
        t = truth[c["name"]]["truth"]
        lines.append(
            f"- `{c['name']}` ({c['derivative']}) / **{r['engine']}**: got {fmt(r['value'])} "
            f"(shape {r['value_shape']}) vs truth {fmt(t)} (shape {truth[c['name']]['truth_shape']}) "
            f"(rel err {r['rel_err_vs_truth']:.2e}, tol {r['tolerance']:.1e}) — {r['pattern']}")
    lines += ["", "## wrong references", ""]
    wr = [c for c in cases if c.get("reference_wrong")]
    lines += [
        f"- `{c['name']}` ({c['derivative']}): reference {fmt(c['reference'])} from "
        f"{c['reference_source']} vs truth {fmt(truth[c['name']]['truth'])} "
        f"(rel err {c['reference_rel_err']:.2e})" for c in wr] or ["none"]
    lines += ["", "## compare() exceptions", ""]
    ex = [c for c in cases if c["exception"]]
    lines += [f"- `{c['name']}` ({c['derivative']}): {c['exception'][:200]}" for c in ex] or ["none"]
    lines += ["", "## refusals and flags (status other than ok) by engine and cause", ""]
    tally = collections.Counter()
    examples = {}
    for c, r in rows:
        if r["status"] != "ok":
            key = (r["engine"], r["status"], r.get("cause", ""))
            tally[key] += 1
            examples.setdefault(key, []).append(c["name"])
    for (e, s, cause), n in sorted(tally.items(), key=lambda kv: (kv[0][0], -kv[1])):
        lines.append(f"- {e} [{s}] ×{n}: {cause} (e.g. {', '.join(examples[(e, s, cause)][:4])})")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", help="case name (repeatable); merges into results.json")
    ap.add_argument("--truth", default=os.path.join(HERE, "truth.json"))
    ap.add_argument("--results", default=os.path.join(HERE, "results.json"))
    ap.add_argument("--summary", default=os.path.join(HERE, "summary.md"))
    ap.add_argument("--case-timeout", type=int, default=90, help="seconds per case")
    args = ap.parse_args()

    t0 = time.perf_counter()
    with open(args.truth) as fh:
        truth = json.load(fh)
    import gradlab as gl

    results = {}
    if args.only and os.path.exists(args.results):
        with open(args.results) as fh:
            results = json.load(fh).get("cases", {})
    todo = [c for c in F.CASES if not args.only or c[0] in args.only]
    if args.only and len(todo) != len(set(args.only)):
        print("unknown names:", sorted(set(args.only) - {c[0] for c in todo}))
    try:
        run_all(gl, todo, truth, results, args)
    except KeyboardInterrupt:  # keep what has been judged so far
        print("interrupted: writing the cases judged so far")
    wall = time.perf_counter() - t0
    write_outputs(results, truth, wall, args)
    print(f"total wall time {wall:.1f} s")


def write_outputs(results, truth, wall, args):
    with open(args.results, "w") as fh:
        json.dump({"wall_s": wall, "cases": results}, fh, indent=1)
    summary = summarise(results, truth, wall)
    with open(args.summary, "w") as fh:
        fh.write(summary)
    return summary


def run_all(gl, todo, truth, results, args):
    t0 = time.perf_counter()
    for i, (name, f, point, derivative, direction) in enumerate(todo, 1):
        if isinstance(point, np.ndarray):
            point = point.copy()  # a function may modify its argument: keep the corpus intact
        rec = run_case(gl, name, f, point, derivative, direction, truth.get(name, {}),
                       args.case_timeout)
        results[name] = rec
        flags = [r["engine"] for r in rec["rows"] if r.get("silently_wrong")]
        refused = sum(r["status"] != "ok" for r in rec["rows"])
        print(f"[{i}/{len(todo)}] {name} ({derivative}): {rec['seconds']:.1f} s, {refused} not ok"
              + (f", SILENTLY WRONG: {flags}" if flags else "")
              + (" REFERENCE WRONG" if rec.get("reference_wrong") else "")
              + (f" EXCEPTION {rec['exception'][:120]}" if rec["exception"] else ""), flush=True)
        if i % 10 == 0:  # a long run leaves its partial results behind
            write_outputs(results, truth, time.perf_counter() - t0, args)


if __name__ == "__main__":
    main()
