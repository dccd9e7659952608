"""Judging gradlab's answers against the truth, and the summary of a run (no gradlab import).

A row is SILENTLY WRONG when gradlab presents it as a result (status "ok" in a comparison or a
survey, or a plain array returned by gl.grad / gl.hess / gl.jac / g.batch) and its normwise
relative error against the truth exceeds 1e-8 for exact engines or max(1e-5, 10 *
error_estimate / |truth|) for numerical ones.
"""

import collections
import re

import numpy as np

EXACT_RTOL = 1e-8
NUMERIC_RTOL = 1e-5
EXACT_ENGINES = {"sympy", "jax", "pytensor", "dual", "autograd"}


def aligned(got, truth):
    """got as an array of truth's shape (read in C order), or None when sizes differ."""
    if isinstance(got, dict):
        got = np.concatenate([np.ravel(v) for v in got.values()])
    got = np.asarray(got, dtype=float)
    truth = np.asarray(truth, dtype=float)
    return got.reshape(truth.shape) if got.size == truth.size else None


def rel_err(got, truth):
    truth = np.asarray(truth, dtype=float)
    try:
        g = aligned(got, truth)
    except (TypeError, ValueError):
        return float("inf")
    if g is None or not np.all(np.isfinite(g)):
        return float("inf")
    tn = np.linalg.norm(truth.ravel())
    dn = np.linalg.norm((g - truth).ravel())
    return float(dn / tn) if tn > 0 else float(dn)


def tolerance(engine, exact, estimate, truth):
    if exact or engine in EXACT_ENGINES:
        return EXACT_RTOL
    tn = float(np.linalg.norm(np.asarray(truth, dtype=float).ravel()))
    est = estimate or 0.0
    return max(NUMERIC_RTOL, 10 * est / tn) if tn else NUMERIC_RTOL


def pattern(engine, got, truth, other_truth=None):
    """A short guess at what went wrong."""
    truth = np.asarray(truth, dtype=float)
    g = aligned(got, truth)
    if g is None:
        return f"wrong size {np.size(got)} vs {truth.size}"
    t, g = truth.ravel(), g.ravel()
    tn = np.linalg.norm(t)
    close = lambda a, b: np.allclose(a, b, rtol=1e-7, atol=1e-10 * tn)  # noqa: E731
    if other_truth is not None and close(g, np.asarray(other_truth, dtype=float).ravel()):
        return "STALE: the derivative for the other data set (a cache ignored the arguments)"
    if np.linalg.norm(g) < 1e-12 * max(tn, 1e-300):
        return "zero: the derivative was dropped"
    if close(g, -t):
        return "sign flipped"
    for k in (2.0, 0.5, 3.0):
        if close(g, k * t):
            return f"scaled by {k:g}"
    if truth.ndim == 2 and truth.shape[0] == truth.shape[1] and close(g, truth.T.ravel()):
        return "transposed"
    bad = np.flatnonzero(~np.isclose(g, t, rtol=1e-6, atol=1e-9 * tn))
    if 0 < len(bad) < g.size:
        return f"{len(bad)} of {g.size} entries wrong (first {bad.tolist()[:6]})"
    e = rel_err(got, truth)
    if engine not in EXACT_ENGINES:
        return f"numerical error {e:.1e} beyond the row's own error estimate"
    return "round-off-sized error in an exact engine" if e < 1e-4 else "every entry wrong"


def cause_of(message):
    msg = str(message or "").strip()
    msg = re.sub(r"^[\w:.-]+: ", "", msg, count=1)
    msg = re.sub(r"\(at `[^`]*`\)", "", msg)
    msg = re.sub(r"`[^`]*`", "`..`", msg)
    msg = re.sub(r"[-+]?\d[\d.eE+-]*", "#", msg)
    return (msg.split("\n")[0][:100] or "(no message)").strip()


def fmt(v, n=4):
    a = np.asarray(v, dtype=float).ravel()
    return "[" + ", ".join(f"{x:.{n}g}" for x in a[:5]) + (", ..." if a.size > 5 else "") + "]"


def summarise(rows, cases, notes, wall):
    lines = ["# gradlab on the user corpus, round 5", ""]
    fams = collections.OrderedDict()
    for r in rows:
        fams.setdefault(r["family"], []).append(r)
    wrong = [r for r in rows if r.get("silently_wrong")]
    lines += [
        f"cases: {len(cases)}; rows: {len(rows)}; judged result rows: "
        f"{sum('rel_err' in r for r in rows)}; SILENTLY WRONG: {len(wrong)} "
        f"({sum(r.get('stable_form', False) for r in wrong)} of them exact engines differentiating "
        f"a cancelling float formula faithfully); crashes (unexpected exceptions): "
        f"{sum(r['status'] == 'exception' for r in rows)}; wrong references: "
        f"{sum(r['status'] == 'wrong reference' for r in rows)}; right answers rejected: "
        f"{sum(bool(r.get('right_but_rejected')) for r in rows)}",
        f"wall time: {wall:.0f} s", "",
    ]
    lines += [f"- {n}" for n in notes] + ([""] if notes else [])
    lines += ["## per family and engine", "",
              "| family | engine | rows | results (ok / array) | silently wrong | refused/flagged | crashes |",
              "|---|---|---|---|---|---|---|"]
    for fam, fr in fams.items():
        for eng in sorted({r["engine"] for r in fr}):
            er = [r for r in fr if r["engine"] == eng]
            lines.append(
                f"| {fam} | {eng} | {len(er)} | {sum('rel_err' in r for r in er)} | "
                f"{sum(bool(r.get('silently_wrong')) for r in er)} | "
                f"{sum(r['status'] not in ('ok', 'array', 'exception', 'reference ok') for r in er)} | "
                f"{sum(r['status'] == 'exception' for r in er)} |")
    for title, sel in (("silently wrong rows", [r for r in wrong if not r.get("stable_form")]),
                       ("silently wrong rows on a cancelling user formula (exact engines "
                        "differentiate the float program faithfully; a plain array or an ok row "
                        "says nothing of it)", [r for r in wrong if r.get("stable_form")])):
        lines += ["", f"## {title}", ""]
        groups = collections.OrderedDict()
        for r in sel:
            groups.setdefault((r["case"], r["family"], r["engine"]), []).append(r)
        for (case, fam, eng), rs in groups.items():
            r = max(rs, key=lambda x: x["rel_err"])
            keys = ", ".join(x["key"] for x in rs[:6]) + (", ..." if len(rs) > 6 else "")
            lines.append(f"- `{case}` {fam} / **{eng}** ×{len(rs)} [{keys}]: worst [{r['key']}] got "
                         f"{fmt(r['got'])} vs truth {fmt(r['truth'])} (rel err {r['rel_err']:.2e}, "
                         f"tol {r['tol']:.0e}) — {r['pattern']}")
        if not sel:
            lines.append("none")
    lines += ["", "## right answers rejected (status disagrees / inaccurate, yet within "
              "tolerance of the truth; for exact engines the consensus sided with the wrong camp, "
              "for numerical ones the flag is merely conservative)", ""]
    rej = collections.OrderedDict()
    for r in rows:
        if r.get("right_but_rejected"):
            rej.setdefault((r["engine"] not in EXACT_ENGINES, r["case"], r["family"], r["engine"]),
                           []).append(r["key"])
    for numerical in (False, True):
        sel = [(k, v) for k, v in rej.items() if k[0] == numerical]
        lines.append(f"- {'numerical' if numerical else 'EXACT'} engines: {sum(len(v) for _, v in sel)} rows")
        lines += [f"  - `{c}` {f} / {e} ×{len(k)} [{', '.join(k[:6])}]" for (_, c, f, e), k in sel]
    for title, status in (("wrong references", "wrong reference"), ("crashes", "exception")):
        lines += ["", f"## {title}", ""]
        sel = [r for r in rows if r["status"] == status]
        lines += [f"- `{r['case']}` [{r['key']}] {r['family']} / {r['engine']}: "
                  f"{str(r.get('error'))[:160]} | vs truth {r.get('ref_rel_err', float('nan')):.2e}" for r in sel] or ["none"]
    lines += ["", "## refusals and flags by family, engine, status and cause", ""]
    tally, ex = collections.Counter(), {}
    for r in rows:
        if r["status"] not in ("ok", "array", "exception", "wrong reference", "reference ok"):
            k = (r["family"], r["engine"], r["status"], cause_of(r.get("error")))
            tally[k] += 1
            ex.setdefault(k, []).append(r["case"])
    for k, n in sorted(tally.items(), key=lambda kv: (kv[0][0], kv[0][1], -kv[1])):
        lines.append(f"- {k[0]} / {k[1]} [{k[2]}] ×{n}: {k[3]} (e.g. {', '.join(ex[k][:3])})")
    return "\n".join(lines) + "\n"
