"""Camps of opinions: which engines agree, and which camp the numerical rows back.

Every finite answer is an *opinion*. Exact opinions that agree within what their precision, SymPy's
own float64 round-off and the numerical rows' resolution allow form a *camp*; numerical rows
precise enough to tell camps apart back the camps they agree with; ``settle`` picks the winning
camp. With SymPy's 50-digit value as the winner's anchor, ``split_off_lossy`` keeps in its camp
only the opinions within their own precision of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .results import TRUSTED, Row

SYMPY_50 = "sympy (50 digits)"
# A float64 exact engine is within this (normwise, relative) of the 50-digit value unless its
# formula loses digits at the point: on the smooth set (tests/smooth_functions.py) the worst
# honest error is 1.8e-16, so 1e-10 flags a row only once about 6 of its 16 digits are lost.
EXACT_RTOL = 1e-10
ROUNDOFF_FLOOR = EXACT_RTOL  # a numerical row may be this much (relative) off besides its estimate
LOW_PRECISION_RTOL = TRUSTED  # exact engines computing in float32
SAFETY = 10.0  # a numerical row's error may be this many times its estimate before it is wrong


@dataclass(eq=False)
class Opinion:
    """One engine's finite gradient, and how far from the truth it may be."""

    name: str
    family: str  # opinions of one family are not independent of each other
    gradient: np.ndarray
    exact: bool
    estimate: float = 0.0  # numerical: its error estimate; exact: relative precision
    row: Row | None = None  # None: computed for the reference only
    tolerance: float = 0.0  # set by settle()
    step: float | None = None  # numerical: its step; rows on one step difference one sample set

    @property
    def norm(self) -> float:
        return float(np.linalg.norm(self.gradient))


@dataclass(eq=False)
class Camp:
    members: list[Opinion]  # exact opinions that agree (numerical ones when no exact agrees)
    backers: list[Opinion] = field(default_factory=list)  # precise numerical rows agreeing

    @property
    def anchor(self) -> Opinion:
        return self.members[0]


@dataclass
class Outcome:
    camps: list[Camp]
    winner: Camp | None
    why: str = ""
    # the winner's opinions too far from its 50-digit value: exact ones that lose digits here,
    # numerical ones off by more than their estimate allows
    lossy: list[Opinion] = field(default_factory=list)

    def evidence(self, camp: Camp) -> tuple[list[Opinion], set[str]]:
        """(numerical opinions that back only this camp, families of its engines and them)."""
        only = [b for b in camp.backers if sum(b in c.backers for c in self.camps) == 1]
        numerical = only + [m for m in camp.members if not m.exact]
        return numerical, {m.family for m in camp.members} | {b.family for b in only}

    def independent(self, camp: Camp) -> int:
        """How many independent engines back ``camp``: at most one per family, and numerical
        rows on the same step (numpy.gradient, central differences) count once between them."""
        numerical, _ = self.evidence(camp)
        return _most_independent([m for m in camp.members if m.exact] + numerical)

    @property
    def backed_numerically(self) -> bool:
        return self.winner is not None and bool(self.evidence(self.winner)[0])


def settle(opinions: list[Opinion], delta: float = 0.0) -> Outcome:
    """Group the opinions into camps and pick the consensus, if there is one.

    ``delta`` is SymPy's own float64 round-off here (its float64 value against 50 digits): exact
    float64 engines may differ from each other by that much, plus ``EXACT_RTOL``, and by as much
    as the numerical rows cannot resolve (at most ``TRUSTED``).
    """
    exact = [o for o in opinions if o.exact]
    numerical = sorted((o for o in opinions if not o.exact), key=lambda o: o.estimate)
    scale = gradient_scale([o.norm for o in exact] or [o.norm for o in numerical])
    precise = [o for o in numerical if o.estimate <= TRUSTED * scale]
    resolution = SAFETY * precise[0].estimate if precise else math.inf
    for o in exact:
        o.tolerance = max(o.estimate * o.norm + 10 * delta, min(TRUSTED * scale, resolution))
    for o in numerical:
        o.tolerance = SAFETY * o.estimate
    camps: list[Camp] = []
    for o in exact:
        _join(camps, o)
    alone: list[Camp] = []
    for o in precise:
        backed = [c for c in camps if agree(o, c.anchor)]
        for camp in backed:
            camp.backers.append(o)
        if not backed and o.estimate <= TRUSTED * gradient_scale([o.norm]):
            _join(alone, o)  # a camp of its own only where it is precise on its own scale
    camps += alone
    return _pick(Outcome(camps, None))


def _pick(outcome: Outcome) -> Outcome:
    camps = outcome.camps
    if not camps:
        outcome.why = "no engine gave a finite gradient here"
        return outcome
    if len(camps) == 1:
        if outcome.independent(camps[0]) >= 2:
            outcome.winner = camps[0]
        else:
            outcome.why = "nothing independent of it gave a precise enough answer to confirm it"
        return outcome
    anchored = _high_precision_against_numerical_only(outcome)
    if anchored is not None:
        outcome.winner = anchored
        return outcome
    # the numerical rows arbitrate: the camp most of their engines back (alone) wins, not a
    # majority of exact engines, which may share a wrong translation of f; the variants of one
    # engine (finite-diff:central, :richardson) vote once, as they evaluate f the same way, and
    # so do rows on one step (numpy.gradient and central differences share their samples)
    votes = sorted(((_most_independent(outcome.evidence(c)[0]), c) for c in camps),
                   key=lambda v: -v[0])
    (most, best), (runner_up, _) = votes[0], votes[1]
    if most > runner_up and outcome.independent(best) >= 2:
        outcome.winner = best
    elif most == 0:
        outcome.why = "no numerical row is precise enough to tell them apart"
    elif most == runner_up:
        outcome.why = "as many numerical rows back one camp as another"
    else:
        outcome.why = "the camp the numerical rows back has no second, independent engine"
    return outcome


def _high_precision_against_numerical_only(outcome: Outcome) -> Camp | None:
    """The 50-digit value's camp when a second exact engine confirms it, a numerical row
    backs it, and every rival camp holds numerical rows only: the numerical rows then contradict
    each other beyond their estimates, so they cannot overrule it."""
    anchored = next((c for c in outcome.camps if c.anchor.name == SYMPY_50), None)
    if anchored is None or not outcome.evidence(anchored)[0]:
        return None
    if len({m.family for m in anchored.members if m.exact}) < 2:
        return None
    rivals = [c for c in outcome.camps if c is not anchored]
    return anchored if all(not any(m.exact for m in c.members) for c in rivals) else None


def _most_independent(opinions: list[Opinion]) -> int:
    """The largest number of these opinions that are pairwise independent: of different
    families and, numerical, on different steps (a handful of opinions: searched exhaustively)."""
    families: dict[str, list[Opinion]] = {}
    for o in opinions:
        families.setdefault(o.family, []).append(o)
    groups = list(families.values())

    def best(index: int, steps: tuple[float, ...]) -> int:
        if index == len(groups):
            return 0
        most = best(index + 1, steps)  # this family left out
        for o in groups[index]:
            if o.step is not None and any(math.isclose(o.step, s, rel_tol=1e-12)
                                          for s in steps):
                continue
            taken = steps + ((o.step,) if o.step is not None else ())
            most = max(most, 1 + best(index + 1, taken))
        return most

    return best(0, ())


def split_off_lossy(outcome: Outcome) -> None:
    """With the 50-digit value as the reference, its camp keeps only the opinions within their
    own precision of it; the rest (float64 formulas that lose digits here) form their own camps
    of opinions that agree within round-off. The numerical rows chose the winning camp; they
    must not merge a float64 value into it that is far from the 50-digit value."""
    winner = outcome.winner
    if winner is None or winner.anchor.name != SYMPY_50:
        return
    anchor = winner.anchor
    scale = gradient_scale([anchor.norm])
    lossy = [o for o in winner.members + winner.backers if not within_precision(o, anchor, scale)]
    if not lossy:
        return
    winner.members = [o for o in winner.members if o not in lossy]
    winner.backers = [o for o in winner.backers if o not in lossy]
    outcome.lossy = lossy
    apart: list[Camp] = []
    for opinion in (o for o in lossy if o.exact):
        camp = next((c for c in apart if _within_roundoff(opinion, c.anchor)), None)
        if camp is None:
            apart.append(Camp([opinion]))
        else:
            camp.members.append(opinion)
    outcome.camps += apart


def within_precision(opinion: Opinion, anchor: Opinion, scale: float) -> bool:
    """Whether ``opinion`` is as close to the 50-digit ``anchor`` as its precision allows: an
    exact one within its relative precision, a numerical one within ``SAFETY`` times its
    estimate plus a round-off floor."""
    gap = float(np.linalg.norm(opinion.gradient - anchor.gradient))
    if opinion.exact:
        return gap <= opinion.estimate * scale
    return gap <= SAFETY * opinion.estimate + ROUNDOFF_FLOOR * scale


def _within_roundoff(a: Opinion, b: Opinion) -> bool:
    gap = float(np.linalg.norm(a.gradient - b.gradient))
    return gap <= a.estimate * a.norm + b.estimate * b.norm


def agree(a: Opinion, b: Opinion) -> bool:
    return bool(np.linalg.norm(a.gradient - b.gradient) <= a.tolerance + b.tolerance)


def _join(camps: list[Camp], opinion: Opinion) -> None:
    for camp in camps:
        if agree(opinion, camp.anchor):
            camp.members.append(opinion)
            return
    camps.append(Camp([opinion]))


def gradient_scale(norms: list[float]) -> float:
    """The gradient's size that relative accuracy is judged on; a zero gradient is judged on an
    absolute scale of 1 (it is not exempt)."""
    largest = max(norms, default=0.0)
    return largest if largest > 0 and math.isfinite(largest) else 1.0
