"""Finite differences' round-off estimates at a zero of f (gradlab/numerics/rounding.py).

gammaln(exp(x)) is 0 at x = 0 but is computed from exp(x) ~ 1: its absolute rounding there is
about eps |f'|, not eps |f| = 0. Every error estimate must still bound the error it makes.
Truth, by hand: with y = e^x, d/dx gammaln(y) = y digamma(y) and d2/dx2 = y digamma(y) +
y**2 trigamma(y); at x = 0 (y = 1): -gamma and -gamma + pi**2 / 6.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special

import gradlab as gl
from gradlab.numerics.rounding import variation

EULER_GAMMA = 0.57721566490153286061
FIRST = -EULER_GAMMA
SECOND = -EULER_GAMMA + math.pi**2 / 6


def gammaln_of_exp(x):
    return scipy.special.gammaln(np.exp(x))


def row(derivative: str, backend: str, **options):
    return gl.compare(gammaln_of_exp, 0.0, derivative=derivative, backends=[backend],
                      reference="none", timing=False, **options).results[0]


@pytest.mark.parametrize("derivative, backend, truth, options", [
    ("hessian", "finite-diff:central", SECOND, {}),
    ("hvp", "finite-diff:central", SECOND, {"direction": np.array(1.0)}),
    ("gradient", "finite-diff:central", FIRST, {}),
    ("gradient", "finite-diff:forward", FIRST, {}),
    ("jacobian", "finite-diff:central", FIRST, {}),
    ("jacobian", "finite-diff:forward", FIRST, {}),
])
def test_estimate_bounds_the_error_at_a_zero_of_f(derivative, backend, truth, options) -> None:
    found = row(derivative, backend, **options)
    assert found.status == "ok", found.error
    error = abs(float(np.ravel(found.gradient)[0]) - truth)
    assert error <= found.error_estimate, (error, found.error_estimate)


def test_central_hessian_stays_accurate_at_a_zero_of_f() -> None:
    """The floor is ulps of f's variation, not a blanket: ~2e-7 here, far under 0.1 %."""
    found = row("hessian", "finite-diff:central")
    assert found.error_estimate <= 1e-6 * abs(SECOND)


def test_variation_by_hand() -> None:
    x = np.array([0.5, -3.0])
    np.testing.assert_allclose(variation(x, np.array([2.0, -1.0])),
                               math.hypot(2.0 * 1.0, 1.0 * 3.0), rtol=1e-15, atol=0)
    jacobian = np.array([[1.0, -2.0], [0.5, 4.0]])  # (direction, output)
    np.testing.assert_allclose(variation(x, jacobian),
                               [math.hypot(1.0, 1.5), math.hypot(2.0, 12.0)], rtol=1e-15, atol=0)
    direction = np.array([[0.5], [-0.25]])  # one direction v; scale max(1, 3) / 0.5
    np.testing.assert_allclose(variation(x, np.array([-2.0]), direction), 12.0,
                               rtol=1e-15, atol=0)
