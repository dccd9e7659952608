"""The engines gradlab uses when the user names none: the one table of user-facing defaults.

Everything else outside ``gradlab.backends`` asks the engines what they can do (their declared
capabilities, :class:`gradlab.backends.Engine`); only these defaults name engines.
"""

from __future__ import annotations

GRADIENT = "jax"  # gl.grad, gl.gradient and gl.plot_field's backend=
COMPARE = ("sympy", "jax", "pytensor", "dual", "finite-diff:central",
           "finite-diff:complex-step", "finite-diff:richardson", "numpy")  # gl.compare, gl.check
SCALING = ("jax", "pytensor", "dual", "finite-diff:central", "sympy")  # gl.scaling
FIELD = "dual"  # the explorer's gradient field when no exact engine is switched on
EXAMPLES = ("jax", "sympy", "finite-diff:central")  # engines named in help texts and messages
STEP_EXAMPLE = "finite-diff:central"  # an engine taking step=, named in messages
