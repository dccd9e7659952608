"""gradlab: every way to get the partial derivatives of your Python function, side by side.

>>> import gradlab as gl
>>> gl.gradient("q*chi*delta", {"q": 1, "chi": 2, "delta": 3}, backend="dual")
array([6., 3., 2.])

``import gradlab`` loads no engine: jax, pytensor, sympy and matplotlib load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import backends
from .comparison.compare import compare
from .comparison.gradients import (
    grad,
    gradient,
    hess,
    hessian,
    hvp,
    jac,
    jacobian,
    jvp,
    vjp,
)
from .comparison.results import Comparison, Row
from .errors import (
    BackendError,
    BackendTimeout,
    BackendUnavailable,
    ExpressionError,
    GradlabError,
    InputError,
)
from .expression import parse_expression
from .version import __version__ as __version__

register_backend = backends.register

__all__ = [
    "gradient", "grad", "jacobian", "hessian", "hvp", "jvp", "vjp", "jac", "hess",
    "compare", "backends", "register_backend", "parse_expression",
    "Comparison", "Row", "GradlabError", "InputError", "ExpressionError", "BackendError",
    "BackendUnavailable", "BackendTimeout",
]

_LAZY = {  # name -> module holding it, imported on first access (they import matplotlib)
    "plot_comparison": "frontends.plots", "step_sweep": "comparison.step_sweep",
    "scaling": "comparison.scaling", "plot_field": "frontends.plots", "check": "comparison.check",
    "explore": "frontends.explorer", "sample": "points", "Points": "points",
    "survey": "comparison.survey", "Survey": "comparison.survey",
}

if TYPE_CHECKING:  # what type checkers see of the names above (`X as X`: re-exported)
    from IPython.core.interactiveshell import InteractiveShell

    from .comparison.check import check as check
    from .comparison.scaling import scaling as scaling
    from .comparison.step_sweep import step_sweep as step_sweep
    from .comparison.survey import Survey as Survey
    from .comparison.survey import survey as survey
    from .frontends.explorer import explore as explore
    from .frontends.plots import plot_comparison as plot_comparison
    from .frontends.plots import plot_field as plot_field
    from .points import Points as Points
    from .points import sample as sample


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'gradlab' has no attribute {name!r}")


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """``%load_ext gradlab``: registers the ``%%gradient`` magic."""
    from .frontends.magic import load_ipython_extension as load

    load(ipython)
