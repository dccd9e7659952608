"""Smooth test functions for the operators, written once for numpy and jax.numpy (``xp``).

Scalar functions (Hessians, hvp) and array functions (Jacobians, jvp), each ``case(xp, x)``
with a point where it is smooth; truth is jax.hessian / jax.jacfwd of the jax.numpy version.
"""

import numpy as np

SCALAR = {
    "trig_exp": lambda xp, x: xp.sin(x[0]) * xp.exp(x[0] * x[1]),
    "polynomial": lambda xp, x: x[0] ** 3 * x[1] - 2 * x[0] * x[1] ** 2 + x[1] ** 4,
    "rosenbrock": lambda xp, x: xp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2),
    "log_sum_exp": lambda xp, x: xp.log(xp.sum(xp.exp(x))),
    "quadratic_form": lambda xp, x: x @ (xp.arange(1.0, x.size ** 2 + 1).reshape(x.size, x.size)
                                         / x.size ** 2) @ x,
    "hyperbolic": lambda xp, x: xp.tanh(x[0]) * xp.sinh(x[1]) + xp.sqrt(x[0] ** 2 + x[1] ** 2),
    "rational": lambda xp, x: x[0] / (1 + x[1] ** 2) + x[1] / (2 + x[0] ** 2),
    "logs": lambda xp, x: xp.sum(xp.log1p(x ** 2)) * xp.cos(x[0]),
    "norm": lambda xp, x: xp.sqrt(xp.sum(x ** 2) + 1.0),
    "products": lambda xp, x: xp.prod(xp.cos(x / 3)) + xp.sum(x) ** 3 / 10,
    "gaussian": lambda xp, x: xp.exp(-xp.sum((x - 0.5) ** 2)),
    "large_values": lambda xp, x: 1e4 * xp.exp(x[0]) * x[1] ** 2,
    "small_values": lambda xp, x: 1e-4 * xp.sin(3 * x[0]) * xp.cos(2 * x[1]),
    "arctan": lambda xp, x: xp.arctan(x[0] * x[1]) + xp.arctan2(x[0], 2.0 + x[1] ** 2),
    "power": lambda xp, x: xp.sum(xp.abs(x) ** 2.5),
    "softplus": lambda xp, x: xp.sum(xp.logaddexp(0.0, 2 * x)),
}

ARRAY = {
    "polar": lambda xp, x: xp.stack([x[0] * xp.cos(x[1]), x[0] * xp.sin(x[1])]),
    "mixed": lambda xp, x: xp.stack([xp.sin(x[0]) * x[1], xp.exp(x[0] * x[1]), x[2] ** 3 * x[0]]),
    "elementwise": lambda xp, x: xp.tanh(x) * x[::-1],
    "matrix": lambda xp, x: xp.outer(x, xp.sin(x)),
    "softmax": lambda xp, x: xp.exp(x) / xp.sum(xp.exp(x)),
    "residuals": lambda xp, x: xp.stack([10 * (x[1] - x[0] ** 2), 1 - x[0], x[2] * x[0]]),
}


def points(n, count, seed=0, low=0.3, high=1.7):
    """``count`` points with n entries, entries of both signs, sizes in [low, high]."""
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, (count, n)) * rng.choice([-1.0, 1.0], (count, n))
