"""Judging gradlab's answers against truth.json, and the summary of a run (no gradlab import).

SILENTLY WRONG: a row presented as a result (status "ok" in a comparison, or the array that
gl.grad returns) whose normwise relative error against the truth exceeds 1e-8 for exact
engines, or max(1e-5, 10 * error_estimate / |truth|) for numerical ones (a plain array from
gl.grad takes the estimate of the same engine's compare row at that point, else 1e-5). LYING ESTIMATE: a Richardson row with a gradient whose absolute normwise error
exceeds 10 x its own error estimate (whatever its size and status). WRONG REFERENCE:
cmp.reference further than 1e-8 (relative) from the truth.
"""

import collections

import numpy as np

EXACT_RTOL = 1e-8
NUMERIC_RTOL = 1e-5
EXACT_ENGINES = {"sympy", "jax", "pytensor", "dual", "autograd"}


def aligned(got, truth):
    if isinstance(got, dict):
        got = np.concatenate([np.ravel(v) for v in got.values()])
    got = np.asarray(got, dtype=float)
    return got.reshape(truth.shape) if got.size == truth.size else None


def abs_rel_err(got, truth):
    truth = np.asarray(truth, dtype=float)
    try:
        g = aligned(got, truth)
    except (TypeError, ValueError):
        return float("inf"), float("inf")
    if g is None or not np.all(np.isfinite(g)):
        return float("inf"), float("inf")
    dn, tn = float(np.linalg.norm(g - truth)), float(np.linalg.norm(truth))
    return dn, (dn / tn if tn > 0 else dn)


def tolerance(engine, exact, estimate, truth):
    if exact or engine in EXACT_ENGINES:
        return EXACT_RTOL
    tn = float(np.linalg.norm(np.asarray(truth, dtype=float)))
    # a zero gradient is judged on an absolute scale of 1 (rel_err is then the absolute error)
    return max(NUMERIC_RTOL, 10 * (estimate or 0.0) / (tn or 1.0))


def judge_row(row, got, ev, exact, estimate, tags):
    """Adds rel_err / tol / silently_wrong / lying_estimate to row (ev: the truth record)."""
    t = np.asarray(ev["d"], dtype=float)
    ae, re = abs_rel_err(got, t)
    row["rel_err"], row["abs_err"] = re, ae
    row["tol"] = tolerance(row["engine"], exact, estimate, t)
    if estimate is not None:
        row["estimate"] = float(estimate)
    # complex step differentiates the float program as exactly as an exact engine does
    cancel_exact = "cancel" in tags and (exact or row["engine"] in EXACT_ENGINES
                                         or row["engine"].endswith("complex-step"))
    if row["status"] in ("ok", "array") and re > row["tol"]:
        row["silently_wrong"] = not row.get("warnings")  # a warning said so: not silent
        row["wrong_but_warned"] = bool(row.get("warnings"))
        row["cancel_exact"] = cancel_exact
        row["got"] = shown(got, t)
        row["truth"] = t.ravel()[:6].tolist()
    if "richardson" in row["engine"] and estimate is not None and np.isfinite(ae) \
            and ae > 10 * float(estimate):
        row["lying_estimate"] = True
        row["got"] = np.ravel(aligned(got, t))[:6].tolist()
        row["truth"] = t.ravel()[:6].tolist()
    if row["status"] not in ("ok", "array") and np.isfinite(re) and re <= row["tol"]:
        row["right_but_rejected"] = True


def shown(got, truth):
    """The first entries of got, for the summary (whatever its shape or type)."""
    try:
        g = aligned(got, truth)
        return np.ravel(g if g is not None else np.asarray(got, dtype=float))[:6].tolist()
    except (TypeError, ValueError):
        return [float("nan")]


def fmt(v):
    a = np.asarray(v, dtype=float).ravel()
    return "[" + ", ".join(f"{x:.6g}" for x in a[:4]) + (", ..." if a.size > 4 else "") + "]"


def line(r):
    est = f", estimate {r['estimate']:.2e}" if "estimate" in r else ""
    return (f"- `{r['case']}` {r['family']} / **{r['engine']}** [{r['key']}] status {r['status']}: "
            f"got {fmt(r['got'])} vs truth {fmt(r['truth'])} — rel err {r['rel_err']:.2e}, "
            f"abs err {r['abs_err']:.2e}{est}, tol {r['tol']:.1e}")


def summarise(rows, cases, wall, command):
    fams = collections.OrderedDict()
    for r in rows:
        fams.setdefault(r["family"], []).append(r)
    wrong = [r for r in rows if r.get("silently_wrong") and not r.get("cancel_exact")]
    cancel = [r for r in rows if r.get("silently_wrong") and r.get("cancel_exact")]
    lying = [r for r in rows if r.get("lying_estimate")]
    refs = [r for r in rows if r["status"] == "wrong reference"]
    crashes = [r for r in rows if r["status"] == "exception"]
    out = ["# gradlab on the user corpus, round 6", "", f"command: `{command}`", "",
           f"cases: {len(cases)}; rows: {len(rows)}; judged rows: "
           f"{sum('rel_err' in r for r in rows)}; SILENTLY WRONG: {len(wrong)} (+{len(cancel)} "
           f"exact rows differentiating a cancelling user formula faithfully); lying Richardson "
           f"estimates: {len(lying)} ({sum(r['status'] == 'ok' for r in lying)} of them ok); "
           f"wrong references: {len(refs)}; crashes: {len(crashes)}; right answers rejected: "
           f"{sum(bool(r.get('right_but_rejected')) for r in rows)}; wrong but warned: "
           f"{sum(bool(r.get('wrong_but_warned')) for r in rows)}", f"wall time: {wall:.0f} s",
           "", "| family | engine | rows | judged | silently wrong | lying est. | not ok | crashes |",
           "|---|---|---|---|---|---|---|---|"]
    for fam, fr in fams.items():
        for eng in sorted({r["engine"] for r in fr}):
            er = [r for r in fr if r["engine"] == eng]
            out.append(f"| {fam} | {eng} | {len(er)} | {sum('rel_err' in r for r in er)} | "
                       f"{sum(bool(r.get('silently_wrong')) for r in er)} | "
                       f"{sum(bool(r.get('lying_estimate')) for r in er)} | "
                       f"{sum(r['status'] not in ('ok', 'array', 'reference ok') for r in er)} | "
                       f"{sum(r['status'] == 'exception' for r in er)} |")
    for title, sel in (("silently wrong rows", wrong),
                       ("exact engines on a cancelling user formula (faithful to the float "
                        "program; shown apart)", cancel),
                       ("lying Richardson estimates (error > 10 x estimate)", lying)):
        out += ["", f"## {title}", ""] + ([line(r) for r in sel] or ["none"])
    out += ["", "## wrong references", ""]
    out += [f"- `{r['case']}` [{r['key']}] {r['family']}: {r.get('error')}" for r in refs] or ["none"]
    out += ["", "## crashes", ""]
    out += [f"- `{r['case']}` [{r['key']}] {r['family']} / {r['engine']}: {str(r.get('error'))[:200]}"
            for r in crashes] or ["none"]
    out += ["", "## complex step on functions that are not complex-analytic (statuses)", ""]
    cs = collections.Counter((r["family"], r["status"]) for r in rows
                             if r["engine"] == "finite-diff:complex-step"
                             and "nonanalytic" in r.get("tags", ()))
    out += [f"- {fam}: {st} ×{n}" for (fam, st), n in sorted(cs.items())]
    return "\n".join(out) + "\n"
