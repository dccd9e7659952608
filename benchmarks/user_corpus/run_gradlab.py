"""Run gradlab's comparison on the user corpus and judge every row against the true gradient.

    cd /work/main && .venv/bin/python benchmarks/user_corpus/truth_jax.py \\
        && .venv/bin/python benchmarks/user_corpus/run_gradlab.py [--only NAME ...]
    (add `--corpus benchmarks/user_corpus/round2` to both for the second round)

For every case of functions.py: gl.compare(f, point, timing=False) with all default engines
(an exception is recorded, never stops the run). A row is SILENTLY WRONG when its status is
"ok" and its normwise relative error against truth.json exceeds 1e-8 (exact engines: sympy,
jax, pytensor, dual) or max(1e-5, 10 * error_estimate / |truth|) (numerical engines). The
comparison's reference is WRONG when it differs from the truth by more than 1e-8 relative.
Cases whose jax rewrite disagrees with the numpy function's value are skipped and listed.

Writes results.json and summary.md next to this file (with --only, results are merged into
the existing results.json and the summary is rebuilt from all of them).
"""

import argparse
import collections
import json
import os
import re
import sys
import time
import warnings

from corpus_dir import HERE, corpus_dir  # beside this script

CORPUS = corpus_dir()
sys.path.insert(0, CORPUS)

import functions as F  # noqa: E402
import numpy as np  # noqa: E402

EXACT_RTOL = 1e-8
NUMERIC_RTOL = 1e-5
REFERENCE_RTOL = 1e-8
EXACT_ENGINES = {"sympy", "jax", "pytensor", "dual"}


def rel_err(got, truth):
    got = np.asarray(got, dtype=float)
    truth = np.asarray(truth, dtype=float)
    if got.shape != truth.shape:
        if got.size == truth.size:
            got = got.reshape(truth.shape)
        else:
            return float("inf")
    if not np.all(np.isfinite(got)):
        return float("inf")
    tn = np.linalg.norm(truth.ravel())
    dn = np.linalg.norm((got - truth).ravel())
    return float(dn / tn) if tn > 0 else float(dn)


def cause_of(row):
    """A short, number-free cause for tallying refusals."""
    msg = str(row.error or "").strip()
    msg = re.sub(r"^[\w:.-]+: ", "", msg, count=1)  # drop "engine: "
    msg = re.sub(r"\(at `[^`]*`\)", "", msg)
    msg = re.sub(r"`[^`]*`", "`..`", msg)
    msg = re.sub(r"[-+]?\d[\d.eE+-]*", "#", msg)
    msg = msg.split("\n")[0]
    return (msg[:110] or "(no message)").strip()


def pattern_guess(name, engine, got, truth, rec_truth):
    got = np.asarray(got, dtype=float)
    truth = np.asarray(truth, dtype=float)
    if rec_truth.get("stable_form"):
        return "round-off of the user's cancelling formula (derivative of a float program, not of the math)"
    if got.shape != truth.shape and got.size != truth.size:
        return f"wrong shape {got.shape} vs {truth.shape}"
    got = got.reshape(truth.shape)
    t, g = truth.ravel(), got.ravel()
    tn = np.linalg.norm(t)
    if np.linalg.norm(g) < 1e-12 * max(tn, 1e-300):
        return "zero gradient: the derivative was dropped"
    if np.allclose(g, -t, rtol=1e-6, atol=1e-12 * tn):
        return "sign flipped"
    for k in (2.0, 0.5, 3.0, 1 / 3):
        if np.allclose(g, k * t, rtol=1e-6, atol=1e-12 * tn):
            return f"scaled by {k:g} (term counted {'twice' if k == 2 else 'wrong'})"
    if truth.ndim == 2 and truth.shape[0] == truth.shape[1] and np.allclose(got, truth.T, rtol=1e-6):
        return "transposed"
    if truth.ndim == 2 and np.allclose(got, 0.5 * (truth + truth.T), rtol=1e-6):
        return "symmetrised (f reads only part of the matrix)"
    bad = np.flatnonzero(~np.isclose(g, t, rtol=1e-6, atol=1e-9 * tn))
    zero_bad = bad[np.abs(g[bad]) < 1e-14 * max(tn, 1e-300)]
    if len(bad) and len(zero_bad) == len(bad):
        return f"entries {bad.tolist()} are zero: those derivatives were dropped"
    if len(bad) and len(bad) < g.size:
        return f"entries {bad.tolist()} wrong, the others right"
    e = rel_err(got, truth)
    if engine not in EXACT_ENGINES:
        return f"numerical error {e:.1e} beyond the row's own error estimate"
    if e < 1e-4:
        return f"round-off-sized error {e:.1e} in an exact engine"
    return "every entry wrong"


def run_case(gl, name, f, point, rec_truth):
    out = {"name": name, "rows": [], "exception": None}
    t0 = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cmp = gl.compare(f, point, timing=False)
    except Exception as e:  # one failing function must not stop the run
        out["exception"] = f"{type(e).__name__}: {e}"
        out["seconds"] = time.perf_counter() - t0
        return out
    out["seconds"] = time.perf_counter() - t0
    truth = rec_truth.get("grad") if rec_truth.get("value_match") else None
    tn = float(np.linalg.norm(np.asarray(truth, dtype=float).ravel())) if truth is not None else None
    ref = getattr(cmp, "reference", None)
    out["reference_source"] = str(getattr(cmp, "reference_source", None))
    out["reference"] = None if ref is None else np.asarray(ref, dtype=float).tolist()
    if ref is not None and truth is not None:
        out["reference_rel_err"] = rel_err(ref, truth)
        out["reference_wrong"] = out["reference_rel_err"] > REFERENCE_RTOL
    for row in cmp.results:
        engine = row.backend
        r = {
            "engine": engine,
            "exact": bool(row.exact),
            "status": row.status,
            "error": None if row.error is None else str(row.error),
            "gradient": None if row.gradient is None else np.asarray(row.gradient, dtype=float).tolist(),
            "error_estimate": None if row.error_estimate is None else float(row.error_estimate),
            "gradlab_rel_error": None if row.rel_error is None else float(row.rel_error),
            "notes": list(row.notes or ()),
        }
        if row.status != "ok":
            r["cause"] = cause_of(row)
        if row.status == "ok" and truth is not None and row.gradient is not None:
            e = rel_err(row.gradient, truth)
            exact = engine in EXACT_ENGINES or bool(row.exact)
            if exact:
                tol = EXACT_RTOL
            else:
                est = r["error_estimate"] or 0.0
                tol = max(NUMERIC_RTOL, 10 * est / tn) if tn else NUMERIC_RTOL
            r["rel_err_vs_truth"] = e
            r["tolerance"] = tol
            r["silently_wrong"] = bool(e > tol)
            if r["silently_wrong"]:
                r["pattern"] = pattern_guess(name, engine, row.gradient, truth, rec_truth)
        out["rows"].append(r)
    return out


def fmt(v, n=4):
    a = np.asarray(v, dtype=float).ravel()
    s = ", ".join(f"{x:.{n}g}" for x in a[:6])
    return "[" + s + (", ..." if a.size > 6 else "") + "]"


def summarise(results, truth, wall):
    name = os.path.relpath(CORPUS, HERE)
    lines = ["# gradlab on the user corpus" + ("" if name == "." else f" ({name})"), ""]
    cases = [results[n] for n, _, _ in F.CASES if n in results]
    rows = [(c, r) for c in cases for r in c["rows"]]
    ok = [(c, r) for c, r in rows if r["status"] == "ok"]
    judged = [(c, r) for c, r in ok if "silently_wrong" in r]
    wrong = [(c, r) for c, r in judged if r["silently_wrong"]]
    inherent = [(c, r) for c, r in wrong if truth.get(c["name"], {}).get("stable_form")]
    skipped = [n for n, _, _ in F.CASES if n in results and not truth.get(n, {}).get("value_match")]
    lines += [
        f"functions: {len(cases)}; rows: {len(rows)}; ok rows: {len(ok)} ({len(judged)} judged); "
        f"SILENTLY WRONG: {len(wrong)} ({len(inherent)} of them exact engines differentiating a "
        f"cancelling float formula faithfully); compare() exceptions: {sum(1 for c in cases if c['exception'])}",
        f"cases without a usable truth (rewrite value mismatch): {skipped or 'none'}",
        f"wall time of the last run: {wall:.0f} s",
        "",
        "## per engine",
        "",
        "| engine | rows | ok | silently wrong | refused/flagged |",
        "|---|---|---|---|---|",
    ]
    engines = []
    for _, r in rows:
        if r["engine"] not in engines:
            engines.append(r["engine"])
    for e in engines:
        er = [r for _, r in rows if r["engine"] == e]
        lines.append(
            f"| {e} | {len(er)} | {sum(r['status'] == 'ok' for r in er)} | "
            f"{sum(bool(r.get('silently_wrong')) for r in er)} | {sum(r['status'] != 'ok' for r in er)} |"
        )
    lines += ["", "## silently wrong rows (status ok, wrong gradient)", ""]
    if not wrong:
        lines.append("none")
    for c, r in wrong:
        t = truth[c["name"]]["grad"]
        lines.append(
            f"- `{c['name']}` / **{r['engine']}**: got {fmt(r['gradient'])} vs truth {fmt(t)} "
            f"(rel err {r['rel_err_vs_truth']:.2e}, tol {r['tolerance']:.1e}) — {r['pattern']}"
        )
    lines += ["", "## wrong references", ""]
    wr = [c for c in cases if c.get("reference_wrong")]
    if not wr:
        lines.append("none")
    for c in wr:
        lines.append(
            f"- `{c['name']}`: reference {fmt(c['reference'])} from {c['reference_source']} vs truth "
            f"{fmt(truth[c['name']]['grad'])} (rel err {c['reference_rel_err']:.2e})"
        )
    lines += ["", "## compare() exceptions", ""]
    ex = [c for c in cases if c["exception"]]
    lines += [f"- `{c['name']}`: {c['exception'][:200]}" for c in ex] or ["none"]
    lines += ["", "## refusals and flags (status other than ok) by engine and cause", ""]
    tally = collections.Counter()
    examples = {}
    for c, r in rows:
        if r["status"] != "ok":
            key = (r["engine"], r["status"], r.get("cause", ""))
            tally[key] += 1
            examples.setdefault(key, []).append(c["name"])
    for (e, s, cause), n in sorted(tally.items(), key=lambda kv: (kv[0][0], -kv[1])):
        ex_names = ", ".join(examples[(e, s, cause)][:4])
        lines.append(f"- {e} [{s}] ×{n}: {cause} (e.g. {ex_names})")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=HERE, help="corpus folder (default: this one)")
    ap.add_argument("--only", action="append", help="case name (repeatable); merges into results.json")
    ap.add_argument("--truth", default=os.path.join(CORPUS, "truth.json"))
    ap.add_argument("--results", default=os.path.join(CORPUS, "results.json"))
    ap.add_argument("--summary", default=os.path.join(CORPUS, "summary.md"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    with open(args.truth) as fh:
        truth = json.load(fh)
    import gradlab as gl

    results = {}
    if args.only and os.path.exists(args.results):
        with open(args.results) as fh:
            results = json.load(fh).get("cases", {})
    todo = [(n, f, p) for n, f, p in F.CASES if not args.only or n in args.only]
    if args.only and len(todo) != len(set(args.only)):
        print("unknown names:", sorted(set(args.only) - {n for n, _, _ in todo}))
    for i, (name, f, point) in enumerate(todo, 1):
        if name in getattr(F, "BEFORE", {}):
            F.BEFORE[name]()  # change the data f reads, as a user does between two runs
        if isinstance(point, np.ndarray):
            point = point.copy()  # a function may modify its argument: keep the corpus intact
        rec = run_case(gl, name, f, point, truth.get(name, {}))
        results[name] = rec
        flags = [r["engine"] for r in rec["rows"] if r.get("silently_wrong")]
        refused = sum(r["status"] != "ok" for r in rec["rows"])
        print(f"[{i}/{len(todo)}] {name}: {rec['seconds']:.1f} s, {refused} not ok"
              + (f", SILENTLY WRONG: {flags}" if flags else "")
              + (" REFERENCE WRONG" if rec.get("reference_wrong") else "")
              + (f" EXCEPTION {rec['exception'][:120]}" if rec["exception"] else ""), flush=True)
    wall = time.perf_counter() - t0
    with open(args.results, "w") as fh:
        json.dump({"wall_s": wall, "cases": results}, fh, indent=1)
    summary = summarise(results, truth, wall)
    with open(args.summary, "w") as fh:
        fh.write(summary)
    print(summary)
    print(f"total wall time {wall:.1f} s")


if __name__ == "__main__":
    main()
