"""Round 6 of the user corpus: functions that are not complex-analytic at the point, Richardson's
hard cases (badly scaled variables, large |x| with periodic f, kinks and branch points near the
point, saturation, long sums, log-sum-exp of large values, cancelling formulas), everyday
scientific code, and functions reading global data that changes between two comparisons.

Every entry of CASES is a Case:
- f: the user's function, called f(x) with an array point or f(**point) with a dict point.
- points: 1-3 explicit points.
- tags: "nonanalytic" (complex step must be refused or flagged), "cancel" (the user's float
  formula cancels: exact engines differentiate the round-off faithfully; the truth is the
  mathematical derivative, see jax_rewrites.MPMATH / STABLE_FORM), "kink" (a kink or branch
  point within 1e-3 ... 1 of the point).
- states: for functions reading global data, a list of callables that each set one version of
  that data (state 0 is the one in force at import); truth is computed for every state.
The case modules below append to CASES.
"""

import dataclasses
import inspect

import numpy as np

CASES = []


@dataclasses.dataclass
class Case:
    name: str
    f: object
    points: list
    tags: tuple = ()
    states: list | None = None


def add(name, f, points, tags=(), states=None):
    CASES.append(Case(name, f, [pt(f, p) for p in points], tuple(tags), states))
    return f


def pt(f, p):
    """A one-number point becomes a scalar keyword argument, as a user calls f(2.5)."""
    if isinstance(p, dict):
        return dict(p)
    if len(p) == 1:
        return {next(iter(inspect.signature(f).parameters)): float(p[0])}
    return np.array(p, dtype=float)


def set_state(case, k):
    if case.states:
        case.states[k]()


import cases_complex  # noqa: E402,F401
import cases_global  # noqa: E402,F401
import cases_richardson  # noqa: E402,F401
import cases_science  # noqa: E402,F401
