"""Judging gradlab's answers against truth.json, and the summary of a run (no gradlab import).

SILENTLY WRONG: a row presented as a result (status "ok" in a comparison, or the array that a
gl.grad / gl.jac / gl.hess object returns) whose normwise relative error against the truth
exceeds 1e-8 for exact engines, or max(1e-5, 10 x error estimate / |truth|) for numerical ones
(an array from a gl.grad / gl.jac / gl.hess object takes the estimate of the same engine's
compare row at that point, else 1e-5 for first derivatives and 1e-4 for a numerical Hessian),
and no gradlab warning came with it. LYING ESTIMATE: a Richardson row whose absolute normwise
error exceeds 10 x its own error estimate. WRONG REFERENCE: cmp.reference further than 1e-8
(relative) from the truth.
"""

import collections
import re

import numpy as np

EXACT_RTOL = 1e-8
NUMERIC_RTOL = 1e-5
NUMERIC_HESS_RTOL = 1e-4
EXACT_ENGINES = {"sympy", "jax", "pytensor", "dual", "autograd"}
OK = ("ok", "array")


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


def tolerance(engine, exact, estimate, truth, what):
    if exact or engine in EXACT_ENGINES:
        return EXACT_RTOL
    if estimate is None or not np.isfinite(estimate):
        return NUMERIC_HESS_RTOL if what in ("h", "hvp") else NUMERIC_RTOL
    tn = float(np.linalg.norm(np.asarray(truth, dtype=float)))
    # a zero derivative is judged on an absolute scale of 1 (rel_err is then the absolute error)
    return max(NUMERIC_RTOL, 10 * estimate / (tn or 1.0))


def judge_row(row, got, ev, exact, estimate, what="d"):
    """Adds rel_err / tol / silently_wrong / lying_estimate to row. ev: the truth record of the
    point; what: "d" (gradient or Jacobian), "h" (Hessian), "jvp", "vjp" or "hvp"."""
    t = np.asarray(ev[what], dtype=float)
    ae, re = abs_rel_err(got, t)
    row["rel_err"], row["abs_err"] = re, ae
    row["tol"] = tolerance(row["engine"], exact, estimate, t, what)
    if estimate is not None:
        row["estimate"] = float(estimate)
    cancel_exact = "cancel" in row["tags"] and (exact or row["engine"] in EXACT_ENGINES
                                                or row["engine"].endswith("complex-step"))
    if row["status"] in OK and re > row["tol"]:
        row["silently_wrong"] = not row.get("warnings")  # a warning said so: not silent
        row["wrong_but_warned"] = bool(row.get("warnings"))
        row["cancel_exact"] = cancel_exact
        row["got"] = shown(got, t)
        row["truth"] = t.ravel()[:6].tolist()
    if "richardson" in row["engine"] and estimate is not None and np.isfinite(ae) \
            and ae > 10 * float(estimate):
        row["lying_estimate"] = True
        row["got"] = shown(got, t)
        row["truth"] = t.ravel()[:6].tolist()
    if row["status"] not in OK and np.isfinite(re) and re <= row["tol"]:
        row["right_but_rejected"] = True


def shown(got, truth):
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
            f"got {fmt(r['got'])} vs truth {fmt(r['truth'])} — rel err {r['rel_err']:.2e}"
            f"{est}, tol {r['tol']:.1e}")


def distribution(rows, label):
    errs = np.array([r["rel_err"] for r in rows if "rel_err" in r])
    if errs.size == 0:
        return f"- {label}: no judged rows"
    fin = errs[np.isfinite(errs)]
    worst = sorted((r for r in rows if "rel_err" in r), key=lambda r: -r["rel_err"])[:8]
    return (f"- {label}: {errs.size} rows, max {np.max(errs):.2e}, median {np.median(errs):.2e}, "
            f"above 1e-12: {int(np.sum(errs > 1e-12))}, above 1e-8: {int(np.sum(errs > 1e-8))}, "
            f"above 1e-5: {int(np.sum(errs > 1e-5))}, non-finite: {errs.size - fin.size}; worst: "
            + "; ".join(f"{r['case']}[{r['key']}] {r['rel_err']:.1e}" for r in worst))


def message_class(r):
    """A refusal's or failure's message with numbers, quotes and source lines folded, so that
    equal causes count together."""
    msg = str(r.get("error") or "")
    msg = re.sub(r"`[^`]*`", "`…`", msg)
    msg = re.sub(r"[-+]?\d[\d.e+-]*", "N", msg)
    return f"{r['status']}: {msg[:150]}"


def summarise(rows, cases, wall, command, main_commit):
    fams = collections.OrderedDict()
    for r in rows:
        fams.setdefault(r["family"], []).append(r)
    wrong = [r for r in rows if r.get("silently_wrong") and not r.get("cancel_exact")]
    cancel = [r for r in rows if r.get("silently_wrong") and r.get("cancel_exact")]
    lying = [r for r in rows if r.get("lying_estimate") and r["family"].startswith("compare")]
    lying_direct = [r for r in rows if r.get("lying_estimate")
                    and not r["family"].startswith("compare")]
    refs = [r for r in rows if r["status"] == "wrong reference"]
    crashes = [r for r in rows if r["status"] == "exception"]
    out = ["# gradlab on the user corpus, round 8", "", f"command: `{command}`",
           f"code under test: {main_commit}", "",
           f"cases: {len(cases)}; rows: {len(rows)}; judged rows: "
           f"{sum('rel_err' in r for r in rows)}; SILENTLY WRONG: {len(wrong)} (+{len(cancel)} "
           f"exact rows differentiating a cancelling user formula faithfully); lying Richardson "
           f"estimates in compare rows: {len(lying)} ({sum(r['status'] == 'ok' for r in lying)} "
           f"of them ok; +{len(lying_direct)} gl.grad/gl.jac/gl.hess arrays judged with their "
           f"compare row's estimate); wrong references: {len(refs)}; crashes: {len(crashes)}; "
           f"right answers rejected: {sum(bool(r.get('right_but_rejected')) for r in rows)}; "
           f"wrong but warned: {sum(bool(r.get('wrong_but_warned')) for r in rows)}",
           f"wall time: {wall:.0f} s", "",
           "| family | engine | rows | judged | silently wrong | lying est. | not ok | crashes |",
           "|---|---|---|---|---|---|---|---|"]
    for fam, fr in fams.items():
        for eng in sorted({r["engine"] for r in fr}):
            er = [r for r in fr if r["engine"] == eng]
            out.append(f"| {fam} | {eng} | {len(er)} | {sum('rel_err' in r for r in er)} | "
                       f"{sum(bool(r.get('silently_wrong')) for r in er)} | "
                       f"{sum(bool(r.get('lying_estimate')) for r in er)} | "
                       f"{sum(r['status'] not in ('ok', 'array', 'reference ok') for r in er)} | "
                       f"{sum(r['status'] == 'exception' for r in er)} |")
    rich_direct = [r for r in rows if r["family"] == "direct" and r["engine"].endswith("richardson")]
    rich_cmp = [r for r in rows if r["family"] == "compare" and r["engine"].endswith("richardson")]
    rich_tag = [r for r in rich_direct if "rich" in r["tags"]]
    out += ["", "## Richardson: normwise relative error distribution", "",
            distribution(rich_tag, "gl.grad(f, 'finite-diff:richardson'), hard cases (tag rich)"),
            distribution([r for r in rich_tag if "cancel" not in r["tags"]],
                         "same, without the cancelling formulas"),
            distribution(rich_direct, "gl.grad / gl.jac(f, 'finite-diff:richardson'), every case"),
            distribution(rich_cmp, "gl.compare's Richardson rows, every case"),
            distribution([r for r in rows if r["family"] == "hess-direct"
                          and r["engine"].endswith("richardson")],
                         "gl.hess(f, 'finite-diff:richardson')")]
    for title, sel in (("silently wrong rows", wrong),
                       ("exact engines on a cancelling user formula (faithful to the float "
                        "program; shown apart)", cancel),
                       ("lying Richardson estimates in gl.compare rows (error > 10 x estimate)",
                        lying),
                       ("gl.grad / gl.jac / gl.hess Richardson arrays whose error exceeds 10 x "
                        "the estimate of the compare row", lying_direct),
                       ("wrong, but gradlab warned", [r for r in rows if r.get("wrong_but_warned")])):
        out += ["", f"## {title}", ""] + ([line(r) for r in sel] or ["none"])
    out += ["", "## wrong references", ""]
    out += [f"- `{r['case']}` [{r['key']}] {r['family']}: {r.get('error')}" for r in refs] or ["none"]
    out += ["", "## crashes (an exception that is not a gradlab error)", ""]
    out += [f"- `{r['case']}` [{r['key']}] {r['family']} / {r['engine']}: {str(r.get('error'))[:200]}"
            for r in crashes] or ["none"]
    warned = {(r["case"], r["engine"], w) for r in rows if r.get("warnings")
              for w in r["warnings"]}
    out += ["", "## warnings gradlab gave (case, engine: message; distinct, first 40)", ""]
    out += [f"- `{c}` {e}: {w}" for c, e, w in sorted(warned)][:40] or ["none"]
    out += ["", "## refusals and other non-ok rows, by message (count, engines, first cases)", ""]
    groups = collections.defaultdict(list)
    for r in rows:
        if r["status"] not in ("ok", "array", "reference ok", "wrong reference", "warned at setup"):
            groups[message_class(r)].append(r)
    for msg, rs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        engines = sorted({r["engine"] for r in rs})
        names = sorted({r["case"] for r in rs})
        out.append(f"- {len(rs)} × {msg} — engines: {', '.join(engines)[:120]}; cases: "
                   f"{', '.join(names[:6])}{' …' if len(names) > 6 else ''}")
    return "\n".join(out) + "\n"
