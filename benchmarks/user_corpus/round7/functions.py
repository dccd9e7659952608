"""Round 7 of the user corpus: functions written the way students and scientists write them,
with reusable gradient objects over data the user changes, Richardson's hard cases and
everyday scientific code.

Every entry of CASES is a Case:
- f: the user's function, called f(x) with an array point or f(**point) with a dict point
  (f(x, *args) when the case passes its data as arguments).
- points: 1-3 explicit points.
- states: for functions reading data the user changes, the setters of each data version
  (state 0 is the one in force at import); truth is computed for every state and point.
- args: for functions taking their data as arguments, one tuple of arguments per state.
- kind: "grad" (scalar f) or "jac" (f returns an array: its Jacobian).
- tags: "rich" (a hard case for finite differences), "cancel" (the user's float formula cancels:
  the truth is the mathematical derivative by mpmath at 50 digits, see jax_rewrites.MPMATH),
  "nonanalytic" (complex step must refuse or flag it).
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
    args: list | None = None
    kind: str = "grad"

    @property
    def n_states(self):
        return len(self.states or self.args or [None])

    def call_args(self, k):
        return tuple(self.args[k]) if self.args else ()


def add(name, f, points, tags=(), states=None, args=None, kind="grad"):
    if any(c.name == name for c in CASES):
        raise ValueError(f"duplicate case {name}")
    CASES.append(Case(name, f, [pt(f, p) for p in points], tuple(tags), states, args, kind))
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


import cases_data  # noqa: E402,F401
import cases_edges  # noqa: E402,F401
import cases_edges2  # noqa: E402,F401
import cases_everyday  # noqa: E402,F401
import cases_rich  # noqa: E402,F401
