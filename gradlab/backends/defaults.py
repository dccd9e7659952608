"""The engines gradlab uses when the user names none: the one table of user-facing defaults.

Everything else outside ``gradlab.backends`` asks the engines what they can do (their declared
capabilities, :class:`gradlab.backends.Engine`); only these defaults name engines.
"""

from __future__ import annotations

from typing import Any, NamedTuple

GRADIENT = "jax"  # gl.grad, gl.gradient and gl.plot_field's backend=
COMPARE = ("sympy", "jax", "pytensor", "dual", "finite-diff:central",
           "finite-diff:complex-step", "finite-diff:richardson", "numpy")  # gl.compare, gl.check
# other libraries' differentiation, for users comparing libraries: compare, check, the magic and
# the explorer run them only when named (backends=[...], --backends), never by default
NAMED_ONLY = ("autograd", "numdifftools", "scipy-differentiate")
SCALING = ("jax", "pytensor", "dual", "finite-diff:central", "sympy")  # gl.scaling
FIELD = "dual"  # the explorer's gradient field when no exact engine is switched on
EXAMPLES = ("jax", "sympy", "finite-diff:central")  # engines named in help texts and messages
STEP_EXAMPLE = "finite-diff:central"  # an engine taking step=, named in messages


class SweepMethod(NamedTuple):
    """A method gl.step_sweep sweeps by default: an engine spec, its options, and the order of
    its truncation error in the step (the slope the sweep's plot draws; None: not known)."""

    spec: str
    options: dict[str, Any]
    order: int | None  # truncation error O(h**order); None: not known


STEP_SWEEP: dict[str, SweepMethod] = {
    "forward": SweepMethod("finite-diff:forward", {}, 1),
    "central": SweepMethod("finite-diff:central", {}, 2),
    "complex-step": SweepMethod("finite-diff:complex-step", {}, 2),
    "richardson": SweepMethod("finite-diff:richardson", {}, 8),
    "numpy edge_order=1": SweepMethod("numpy", {"edge_order": 1, "position": "edge"}, 1),
    "numpy edge_order=2": SweepMethod("numpy", {"edge_order": 2, "position": "edge"}, 2),
}
