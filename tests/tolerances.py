"""How close each engine must come to an independent truth (hand-derived or jax in float64).

Exact engines are held to a few ulps componentwise with atol=0. Numerical engines are held
normwise to their method's real limit on smooth functions, measured on tests/smooth_functions.py
(worst case over the set, this machine): central and numpy.gradient 6e-11 (h = eps^(1/3),
error ~ eps^(2/3) = 4e-11), forward and approx_fprime 3.3e-8 (h = sqrt(eps)), Richardson
1.2e-13, complex step 1.8e-16.
"""

import numpy as np

EXACT_RTOL = 1e-13
NUMERICAL_RTOL = {  # engine -> normwise relative tolerance, about 3x the worst measured error
    "finite-diff:central": 2e-10, "numpy": 2e-10,
    "finite-diff:forward": 1e-7, "finite-diff:scipy": 1e-7,
    "finite-diff:richardson": 1e-12, "finite-diff:complex-step": 2e-15,
}


def relative_error(got, want) -> float:
    """Normwise relative error of ``got`` against ``want`` (absolute when ``want`` is 0)."""
    want = np.asarray(want, dtype=float).ravel()
    diff = np.linalg.norm(np.asarray(got, dtype=float).ravel() - want)
    scale = np.linalg.norm(want)
    return float(diff / scale) if scale else float(diff)


def assert_gradient(got, want, engine: str) -> None:
    """``got`` equals the true ``want`` to ``engine``'s accuracy (never np.allclose's atol)."""
    if engine in NUMERICAL_RTOL:
        error = relative_error(got, want)
        assert error <= NUMERICAL_RTOL[engine], (engine, error, got, want)
    else:
        np.testing.assert_allclose(np.asarray(got, dtype=float), want, rtol=EXACT_RTOL, atol=0,
                                   err_msg=engine)
