"""The consensus reference: which gradient is right, which rows agree with it, and why.

Every finite answer is an *opinion*: SymPy's derivative at 50 digits, each exact engine's
gradient, and each numerical row with its error estimate. Exact opinions that agree form a
*camp*; numerical rows precise enough to tell camps apart back the camps they agree with. A camp
is the consensus when it is the only camp or is backed by more numerical rows than any other,
and holds at least two independent engines; its first member (SymPy at 50 digits, else the exact
engines in their declared ``reference_rank`` order) is the reference. Otherwise there is no
reference, and the comparison names the camps. When the reference is SymPy's 50-digit value,
every row is judged against it directly: a float64 exact row further from it than round-off
allows has lost digits here ("inaccurate"), and so has a numerical row off by more than ten
times its estimate.
When the rows alone cannot settle it, one cheap independent check is run (the engines'
declared ``check_rank``: Richardson extrapolation, then dual numbers) within a small budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import backends
from ..errors import BackendError, BackendTimeout, InputError
from ..problem import Problem
from .camps import (
    EXACT_RTOL,
    SYMPY_50,
    Opinion,
    Outcome,
    gradient_scale,
    settle,
    split_off_lossy,
)
from .judging import apply_outcome, camps_text, judge_alone, precision
from .operators import GRADIENT, Derivative
from .results import Row
from .runner import compile_bound, flat_result, within_time_limit

SYMPY_SOURCE = "sympy (exact derivative evaluated with mpmath at 50 digits)"
CHECK_BUDGET_S = 2.0  # seconds for each extra check
REFERENCE_BUDGET_S = 2.0  # seconds for the 50-digit value when nobody asked for SymPy


@dataclass
class Verdict:
    reference: np.ndarray | None
    source: str  # where the reference comes from and who confirmed it, or why there is none
    camps: list[dict[str, Any]]
    summary: str = ""  # the source without the checks run and why SymPy could not help


def consensus(problem: Problem, rows: list[Row], choice: str, time_limit: float | None,
              derivative: Derivative = GRADIENT,
              reference_budget: float | None = None) -> Verdict:
    """Find the reference among ``rows`` (and SymPy at 50 digits), set every row's status.

    The 50-digit value gets ``reference_budget`` seconds (at most ``time_limit``; None: the
    time limit) unless sympy is a row or the chosen reference; past it, it is left out and the
    source says why (compare passes :data:`REFERENCE_BUDGET_S` by default).
    Every value is compared flat: a matrix's distances are Frobenius norms."""
    if choice == "none":
        for row in rows:
            judge_alone(row)
        return Verdict(None, "none", [], "none")
    opinions, delta, reason = _gather(problem, rows, choice, time_limit, derivative,
                                      reference_budget)
    outcome = settle(opinions, delta)
    extras: list[str] = []
    present = {row.backend for row in rows} | {o.name for o in opinions}
    for spec in extra_checks():
        if outcome.backed_numerically or spec in present:
            continue
        if outcome.winner is not None and backends.resolve(spec)[0].exact:
            continue  # confirmed by exact engines; another one adds nothing
        budget = CHECK_BUDGET_S if time_limit is None else min(time_limit, CHECK_BUDGET_S)
        extra = outside_opinion(spec, problem, budget, derivative)
        if extra is not None:
            opinions.append(extra)
            extras.append(spec)
            outcome = settle(opinions, delta)
    split_off_lossy(outcome)
    apply_outcome(outcome, rows, opinions)
    return _verdict(outcome, choice, opinions, extras, reason)


def extra_checks() -> list[str]:
    """The engines run when the rows cannot settle the reference: the first numerical and the
    first exact one in the engines' declared ``check_rank`` order."""
    checks = backends.check_specs()
    numerical = [spec for spec in checks if not backends.resolve(spec)[0].exact][:1]
    exact = [spec for spec in checks if backends.resolve(spec)[0].exact][:1]
    return numerical + exact


def _preference(opinion: Opinion, choice: str) -> float:
    """Where ``opinion`` sorts as the reference: a chosen engine without a declared
    ``reference_rank`` (a numerical one), the high-precision value, then the exact engines by
    their rank; the rest keep their order. A chosen ranked engine keeps its rank, so the
    50-digit value still anchors and can tell when that engine loses digits."""
    rank = None
    if opinion.exact and opinion.name != SYMPY_50:
        try:
            rank = backends.resolve(opinion.name)[0].reference_rank
        except InputError:
            rank = None
    if rank is not None:
        return 2 + rank
    if opinion.name == choice:
        return 0
    return 1 if opinion.name == SYMPY_50 else math.inf


def _gather(problem: Problem, rows: list[Row], choice: str, time_limit: float | None,
            derivative: Derivative, reference_budget: float | None
            ) -> tuple[list[Opinion], float, str]:
    """Opinions in order of preference as the reference, SymPy's round-off, why no SymPy."""
    sympy, delta, reason = _sympy_opinion(problem, rows, time_limit, derivative,
                                          _reference_budget(rows, choice, time_limit,
                                                            reference_budget))
    opinions = [sympy] if sympy is not None else []
    for row in rows:
        opinion = row_opinion(row)
        if opinion is not None:
            opinions.append(opinion)
    if choice not in ("auto", backends.high_precision()) and not any(
            o.name == choice for o in opinions):
        chosen = outside_opinion(choice, problem, time_limit, derivative)
        opinions += [chosen] if chosen is not None else []
    if sympy is None and choice == "auto" and not any(o.exact for o in opinions):
        for spec in backends.check_specs():  # no exact row: the first exact engine to ask
            extra = outside_opinion(spec, problem, time_limit, derivative) \
                if backends.resolve(spec)[0].exact else None
            if extra is not None:
                opinions.append(extra)
                break
    opinions.sort(key=lambda o: _preference(o, choice))  # stable: rows keep their order
    return opinions, delta, reason


def row_opinion(row: Row) -> Opinion | None:
    """A row's opinion: only "ok" rows with a finite gradient (and, numerical, an estimate)."""
    if row.status != "ok" or row.gradient is None:
        return None
    gradient = np.ravel(row.gradient).astype(np.float64)
    if not np.all(np.isfinite(gradient)):
        return None
    if row.exact:
        return Opinion(row.backend, row.backend.partition(":")[0], gradient, True,
                       precision(row), row)
    if row.error_estimate is None or not math.isfinite(row.error_estimate):
        return None
    return Opinion(row.backend, _family(row.backend), gradient, False, row.error_estimate, row,
                   step=row.step)


def _family(spec: str) -> str:
    """The engine a spec belongs to: its variants evaluate f through the same code (the same
    translation of f, the same batches), so they are not independent of each other."""
    return spec.partition(":")[0]


def _reference_budget(rows: list[Row], choice: str, time_limit: float | None,
                      reference_budget: float | None) -> tuple[float | None, bool]:
    """(seconds for the 50-digit value, whether that is its own budget): the time limit when
    the user asked for SymPy (a row, or the chosen reference), else the shorter of the two."""
    engine = backends.high_precision()
    asked = choice == engine or any(row.backend == engine for row in rows)
    if asked or reference_budget is None:
        return time_limit, False
    if time_limit is not None and time_limit <= reference_budget:
        return time_limit, False
    return reference_budget, True


def _sympy_opinion(problem: Problem, rows: list[Row], time_limit: float | None,
                   derivative: Derivative, budget: tuple[float | None, bool]
                   ) -> tuple[Opinion | None, float, str]:
    """(SymPy at 50 digits, its float64 value's distance from it, "") or (None, 0, why not).

    The 50-digit value comes from the engine declaring ``high_precision`` (SymPy), within
    ``budget`` (seconds, and whether they are the reference's own budget rather than the time
    limit)."""
    engine = backends.high_precision()
    if engine is None:
        return None, 0.0, " (no SymPy reference: no high-precision engine is registered)"
    row = next((row for row in rows if row.backend == engine), None)
    if row is not None and row.status in ("failed", "timed out", "unavailable"):
        return None, 0.0, f" (no SymPy reference: {row.error})"

    def precise() -> tuple[np.ndarray, np.ndarray]:
        compiled, _, _ = compile_bound(engine, problem, None, derivative)
        if compiled.reference is None:
            raise BackendError(engine, f"gives no high-precision {derivative.operator}")
        return compiled.reference(problem.x0), compiled.gradient(problem.x0)

    seconds, own = budget
    try:
        with np.errstate(all="ignore"):
            gradient, fast = within_time_limit(precise, seconds, engine)
    except BackendTimeout as err:
        if not own:
            return None, 0.0, f" (no SymPy reference: {err})"
        return None, 0.0, (f" (no SymPy reference: its 50-digit value did not finish within "
                           f"the reference budget of {seconds:g} s, so the engines' consensus "
                           "stands in for it; compare(reference_budget=...) gives it longer)")
    except Exception as err:
        return None, 0.0, f" (no SymPy reference: {err})"
    gradient = np.asarray(gradient, dtype=np.float64).ravel()
    if not np.all(np.isfinite(gradient)):
        return None, 0.0, " (SymPy's value is not finite here)"
    with np.errstate(all="ignore"):
        delta = float(np.linalg.norm(np.ravel(fast) - gradient))
    eps = float(np.finfo(np.float64).eps)
    opinion = Opinion(SYMPY_50, engine, gradient, True, eps)
    return opinion, delta if math.isfinite(delta) else 0.0, ""


def outside_opinion(spec: str, problem: Problem, budget: float | None,
                    derivative: Derivative = GRADIENT) -> Opinion | None:
    """The opinion of an engine that is not among the rows, computed within ``budget`` s."""
    backend, _ = backends.resolve(spec)

    def run() -> Any:
        compiled, _, _ = compile_bound(spec, problem, None, derivative)
        with np.errstate(all="ignore"):
            return compiled.estimate(problem.x0)

    try:
        estimate = within_time_limit(run, budget, spec)
        gradient = flat_result(estimate.gradient, spec, problem, derivative.operator).ravel()
    except Exception:  # noqa: BLE001 - a check that cannot run is no opinion
        return None
    expected = math.prod(problem.result_shape(derivative.operator))
    if gradient.size != expected or not np.all(np.isfinite(gradient)):
        return None
    if backend.exact:
        return Opinion(spec, spec.partition(":")[0], gradient, True, EXACT_RTOL)
    error = estimate.error_estimate
    if error is None or not math.isfinite(error) or any(
            note.startswith("unverified") for note in estimate.notes):
        return None
    return Opinion(spec, _family(spec), gradient, False, float(error))


def _verdict(outcome: Outcome, choice: str, opinions: list[Opinion], extras: list[str],
             reason: str) -> Verdict:
    camps = [{"engines": [o.name for o in c.members],
              "backed_by": [b.name for b in outcome.evidence(c)[0] if b not in c.members],
              "gradient": c.anchor.gradient.tolist(), "consensus": c is outcome.winner,
              "loses_digits": c.anchor in outcome.lossy}
             for c in outcome.camps]
    ran = f"; {', '.join(extras)} run as an independent check" if extras else ""
    winner = outcome.winner
    if winner is None:
        kind = "unconfirmed" if len(outcome.camps) == 1 else "no consensus"
        text = f"none ({outcome.why})" if not outcome.camps else \
            f"none ({kind}: {camps_text(outcome)})"
        return Verdict(None, text + ran + reason, camps, text)
    chosen = winner.anchor
    if choice not in ("auto",):
        wanted = SYMPY_50 if choice == backends.high_precision() else choice
        found = [o for o in winner.members + winner.backers if o.name == wanted]
        if not found:
            lossy = any(o.name == wanted for o in outcome.lossy)
            why = "'s float64 value loses digits here" if lossy else \
                " is not among the engines that agree"
            text = f"none ({choice}{why}: {camps_text(outcome)})"
            return Verdict(None, text + reason, camps, text)
        chosen = found[0]
    if chosen.row is not None and not _usable(chosen):
        text = f"none ({chosen.name} is {chosen.row.status} here: {camps_text(outcome)})"
        return Verdict(None, text + ran + reason, camps, text)
    agreed = [o.name for o in winner.members + outcome.evidence(winner)[0]
              if o is not chosen and _usable(o)]
    confirmed = ", ".join(dict.fromkeys(agreed)) or "no other engine to its precision"
    text = f"{_describe(chosen)}, confirmed by {confirmed}" + _lossy_text(outcome)
    dissent = [o.name for c in outcome.camps if c is not winner and c.anchor not in outcome.lossy
               for o in c.members]
    if dissent:
        text += f"; {', '.join(dissent)} disagree"
    return Verdict(chosen.gradient.copy(), text + ran + reason, camps, text)


def _usable(opinion: Opinion) -> bool:
    """Whether an opinion may be or confirm the reference: never a row judged not ok."""
    return opinion.row is None or opinion.row.status == "ok"


def _lossy_text(outcome: Outcome) -> str:
    """The float64 exact values that agree with the 50-digit one only to a few digits."""
    lossy = [o for o in outcome.lossy if o.exact]
    if not lossy or outcome.winner is None:
        return ""
    anchor = outcome.winner.anchor
    scale = gradient_scale([anchor.norm])
    worst = max(float(np.linalg.norm(o.gradient - anchor.gradient)) for o in lossy) / scale
    names = ", ".join(dict.fromkeys(o.name for o in lossy))
    return f"; {names} agree with it only to {worst:.1e} (their float64 values lose digits here)"


def _describe(opinion: Opinion) -> str:
    if opinion.name == SYMPY_50:
        return SYMPY_SOURCE
    kind = "exact engine" if opinion.exact else "numerical estimate"
    return f"{opinion.name} ({kind}), a float64 value, not a high-precision one"
