"""Numerical rows that share how they evaluate f are one witness, not several.

Found by a user-corpus function: a batch of perturbed points read ``np.cumsum(x, axis=-2)``
on the wrong axis (the batch axis trails), and the three finite-difference variants, all
evaluating through that batch, outvoted SymPy and JAX.
"""

import numpy as np
import pytest

import gradlab as gl
from gradlab.backends import Compiled, Engine, Estimate


def cumsum_product(x):
    return np.sin(np.sin(np.sin(np.cumsum(x, axis=-2).prod(axis=(0, 1)))))


POINT = np.array([[-1.45, -0.0], [0.0, 1.34], [-0.73, -0.33]])
# d/dx[0,1] of sin^3(prod(cumsum(x, axis=0))): only the (0, 1) entry is nonzero here, by hand:
# cumsum rows are [x00, x01], [x00+x10, x01+x11], [x00+x10+x20, x01+x11+x21]; with x00 + x10
# = -1.45 the product is p = x00 * x01 * (x00+x10) * (x01+x11) * (x00+x10+x20) * (x01+x11+x21)
# and only x01's factor is zero, so df/dx01 = cos(sin(sin 0)) cos(sin 0) cos 0 * dp/dx01.
DP_DX01 = -1.45 * (-1.45) * (0.0 + 1.34) * (-1.45 - 0.73) * (1.34 - 0.33)


@pytest.mark.parametrize("spec", ["finite-diff:central", "finite-diff:richardson",
                                  "finite-diff:forward"])
def test_a_batch_that_reads_an_axis_wrongly_is_not_trusted(spec):
    gradient = gl.gradient(cumsum_product, POINT, spec)
    expected = np.zeros((3, 2))
    expected[0, 1] = DP_DX01
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-7)


class Confident(Engine):
    """Two variants of one numerical engine, both wrong by the same amount, both sure."""

    exact = False
    variants = ("a", "b")

    def compile(self, problem, method="a"):
        def estimate(x):
            return Estimate(np.full(x.size, 7.0), step=1e-6, error_estimate=1e-12, n_evals=1)

        return Compiled(lambda x: estimate(x).gradient, estimator=estimate)


def test_variants_of_one_engine_cannot_outvote_the_exact_engines():
    gl.register_backend("confident", Confident)
    try:
        cmp = gl.compare("x * y", {"x": 1.0, "y": 2.0}, timing=False,
                         backends=["sympy", "jax", "confident:a", "confident:b"])
    finally:
        gl.backends.unregister("confident")
    assert cmp["confident:a"].status != "ok" and cmp["confident:b"].status != "ok"
    # Richardson, run as a check, backs SymPy at 50 digits and jax against the confident rows:
    # numerical rows that contradict each other cannot overrule two exact engines
    np.testing.assert_allclose(cmp.reference, [2.0, 1.0], rtol=1e-15, atol=0)  # (y, x)
    assert cmp.reference_source.startswith("sympy") and "richardson" in cmp.reference_source
