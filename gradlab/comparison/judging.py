"""Each row's status once the consensus is settled (``reference``): ok, inaccurate, disagrees
or unverified, with the reason in words.

Against a consensus, an exact row may differ from the reference by round-off and the
numerical estimates' tolerance, and from SymPy's 50-digit value by float64 round-off; a
numerical row by ten times its own estimate. Without one, a numerical row is judged on its
own estimate.
"""

from __future__ import annotations

import numpy as np

from .camps import (
    EXACT_RTOL,
    LOW_PRECISION_RTOL,
    ROUNDOFF_FLOOR,
    SAFETY,
    SYMPY_50,
    Opinion,
    Outcome,
    gradient_scale,
)
from .results import TRUSTED, UNVERIFIED_NOTE, Row, _vector

__all__ = ["UNBOUNDED", "apply_outcome", "camps_text", "judge_alone", "precision"]


def precision(row: Row) -> float:
    """How close (relative) an exact row computing in float64, or in less, can be to the truth."""
    return EXACT_RTOL if row.eps <= 2 * np.finfo(np.float64).eps else LOW_PRECISION_RTOL


UNBOUNDED = ("nothing bounds its error: its steps do not resolve f at this point (f changes "
             "across a feature narrower than them, or jumps)")


def judge_alone(row: Row) -> None:
    """No reference: a numerical row is judged on its own error estimate and gradient."""
    if row.exact or row.status != "ok" or row.gradient is None:
        return
    if row.error_estimate is None:
        row.flag("unverified", "it gives no error estimate and there is no reference to "
                 "check it against")
        return
    scale = gradient_scale([float(np.linalg.norm(row.gradient))])
    if not np.isfinite(row.error_estimate):
        row.flag_inaccurate(UNBOUNDED)
    elif row.error_estimate > TRUSTED * scale:
        row.flag_inaccurate(f"its own error estimate is {row.error_estimate / scale:.1e} of "
                            f"the gradient's norm ({scale:.3g})")


def apply_outcome(outcome: Outcome, rows: list[Row], opinions: list[Opinion]) -> None:
    """Every row's status from the settled ``outcome``: against the consensus where there is
    one; else disputed rows disagree, a lone camp's rows are unverified, the rest judged alone."""
    if outcome.winner is not None:
        anchor = outcome.winner.anchor
        scale = gradient_scale([anchor.norm])
        own = {id(o.row): o for o in opinions if o.row is not None}
        for row in rows:
            _judge(row, anchor, scale, own.get(id(row)))
        return
    camps = outcome.camps
    disputed = {id(o.row) for c in camps for o in c.members + outcome.evidence(c)[0]
                } if len(camps) > 1 else set()
    alone = {id(o.row) for o in camps[0].members + camps[0].backers} if len(camps) == 1 else set()
    camp_text = camps_text(outcome)
    for row in rows:
        if id(row) in disputed:
            row.flag("disagrees", f"engines disagree and no consensus exists: {camp_text}")
        elif id(row) in alone:
            row.flag("unverified", f"no independent engine confirms it ({outcome.why})")
        else:
            judge_alone(row)


def _judge(row: Row, anchor: Opinion, scale: float, own: Opinion | None) -> None:
    """A row against the consensus ``anchor``: ok, inaccurate or disagrees."""
    if row.gradient is None or row.status not in ("ok", "unverified"):
        return
    gradient = np.ravel(row.gradient)
    if not np.all(np.isfinite(gradient)):
        return
    gap = float(np.linalg.norm(gradient - anchor.gradient))
    reference = f"the reference {_vector(anchor.gradient)} ({anchor.name})"
    if row.exact:
        allowed = anchor.tolerance + (own.tolerance if own is not None else anchor.tolerance)
        if gap > allowed:
            row.flag("disagrees", f"gives {_vector(gradient)}, but {reference} is confirmed by "
                     f"independent engines: off by {gap:.2e} ({gap / scale:.1e} relative), "
                     f"beyond the tolerance {allowed:.1e} that round-off and the numerical "
                     "error estimates allow")
            return
        rtol = precision(row)
        if anchor.name == SYMPY_50 and gap > rtol * scale:
            kind = "float64" if rtol == EXACT_RTOL else "low-precision"
            row.flag("inaccurate", f"the {kind} derivative loses digits at this point "
                     f"(cancellation in f's formula): it is {gap / scale:.1e} (relative) from "
                     f"the 50-digit value {_vector(anchor.gradient)}, where {kind} round-off "
                     f"allows {rtol:.0e}")
            return
    else:
        estimate = row.error_estimate
        if estimate is None and gap > TRUSTED * scale:
            row.flag_inaccurate(f"it is off from {reference} by {gap / scale:.1e} of its norm "
                                "and gives no error estimate")
            return
        if estimate is not None and estimate > TRUSTED * scale:
            row.flag_inaccurate(UNBOUNDED if not np.isfinite(estimate) else
                                f"its own error estimate {estimate:.1e} is "
                                f"{estimate / scale:.1e} of the reference's norm ({scale:.3g})")
            return
        floor = ROUNDOFF_FLOOR * scale if anchor.name == SYMPY_50 else anchor.tolerance
        if estimate is not None and gap > SAFETY * estimate + floor:
            row.flag_inaccurate(f"it is off from {reference} by {gap:.1e}, more than "
                                f"{SAFETY:g} times its error estimate {estimate:.1e}")
            return
    if row.status == "unverified":  # confirmed by the consensus after all
        why = (row.error or "").partition(": ")[2]
        row.notes = tuple(n for n in row.notes if not n.startswith(UNVERIFIED_NOTE)) + (
            f"checked against the consensus reference instead: {why}",)
    row.status, row.error = "ok", None


def camps_text(outcome: Outcome) -> str:
    """Each camp's engines and the gradient they give, for a row's or the reference's text."""
    parts = []
    for camp in outcome.camps:
        names = [o.name for o in camp.members + outcome.evidence(camp)[0]]
        parts.append(f"{', '.join(dict.fromkeys(names))} give {_vector(camp.anchor.gradient)}")
    why = f" ({outcome.why})" if outcome.why else ""
    return "; ".join(parts) + why
