"""Round 8 of the user corpus: functions written the way users write them (numpy semantics of
the arguments they pass, np.linalg, scipy.special, idioms), Richardson's hard cases, and
Jacobians / Hessians of vector functions.

Every entry of CASES is a Case:
- f: the user's function, called f(x) with an array point or f(**point) with a dict point.
- points: 1-3 explicit points (a one-number point becomes a scalar keyword argument).
- kind: "grad" (scalar f) or "jac" (f returns an array: its Jacobian).
- tags: "sem" (numpy semantics / idioms), "rich" (a hard case for finite differences),
  "cancel" (the user's float formula cancels: the truth is the mathematical derivative by
  mpmath at 50 digits, see jax_rewrites.MPMATH), "hess" (the Hessian is judged too: gl.hess
  and gl.compare(derivative="hessian")), "jh" (Jacobians and Hessians).
The case modules below append to CASES. Nothing here imports gradlab.
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
    kind: str = "grad"


def add(name, f, points, tags=(), kind="grad"):
    if any(c.name == name for c in CASES):
        raise ValueError(f"duplicate case {name}")
    CASES.append(Case(name, f, [pt(f, p) for p in points], tuple(tags), kind))
    return f


def pt(f, p):
    """A one-number point becomes a scalar keyword argument, as a user calls f(2.5)."""
    if isinstance(p, dict):
        return {k: float(v) for k, v in p.items()}
    a = np.array(p, dtype=float)
    if a.ndim == 1 and a.size == 1:
        return {next(iter(inspect.signature(f).parameters)): float(a[0])}
    return a


import cases_idioms  # noqa: E402,F401
import cases_jh  # noqa: E402,F401
import cases_linalg  # noqa: E402,F401
import cases_rich  # noqa: E402,F401
import cases_semantics  # noqa: E402,F401
import cases_semantics2  # noqa: E402,F401
