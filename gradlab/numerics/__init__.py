"""The numerics gradlab's numerical engines share, and the checks exact engines borrow.

- ``evaluator``: f at many points, batched when f allows it (checked) and it is cheaper, else
  a loop of calls on one reused buffer (``columns``: the points; ``batch_plan``: the measured
  choice and the memory budgets of a batch; ``call_path``: f's arguments bound once to the
  loop's buffer).
- ``namespaces``: the numpy stand-ins f runs in for batches and for complex step.
- ``steps``: default steps, the user's step checked, steps rounded to what x + h - x spans.
- ``differences``: central, forward and scipy's forward differences with error estimates.
- ``extrapolation``: Richardson extrapolation and its widened step.
- ``complex_difference``: complex step and its check that f is complex-analytic.
- ``stencil``: numpy.gradient on samples along coordinate lines and on grids.
- ``agreement``: the one check of a gradient against central differences.
- ``shared``: within one comparison, central differences made once for the central row and
  the checks that use the same points.
- ``resolution``: whether a formula's steps resolve f at all (else its error is unbounded).
- ``array_evaluator``: f with an array output (rows of m values) at many points, batched.
- ``jacobian``: Jacobians and J v by central, forward, complex-step and Richardson differences.
- ``second_differences``: Hessians and H v by second differences (central, Richardson).
- ``stencil_operators``: numpy.gradient for the Jacobian and, applied twice, the Hessian.

Every formula returns an ``Estimate``: the derivative (gradient, matrix or product), step,
error estimate (truncation plus round-off; Frobenius norm for a matrix) and the number of
evaluations of f.
"""

from .agreement import (
    CHECKABLE,
    UNVERIFIED,
    Agreement,
    against_central,
    disagree,
    wide_step_disagreements,
)
from .complex_difference import complex_step
from .differences import central, central_gradient, forward, scipy_fprime
from .evaluator import Evaluator, complex_evaluator
from .extrapolation import richardson
from .stencil import field, sample_lines
from .steps import CS_STEP, EPS, check_step, relative_steps

__all__ = ["CHECKABLE", "CS_STEP", "EPS", "UNVERIFIED", "Agreement", "Evaluator",
           "against_central", "central", "disagree", "central_gradient", "check_step",
           "complex_evaluator", "complex_step", "field", "forward", "relative_steps",
           "richardson", "sample_lines", "scipy_fprime", "wide_step_disagreements"]
