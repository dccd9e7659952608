"""A Moré–Garbow–Hillstrom subset: residual vectors r(x) and their standard starting points.

Moré, Garbow and Hillstrom, "Testing unconstrained optimization software", ACM TOMS 7(1), 1981;
the problem numbers below are the paper's. ``PROBLEMS`` is a list of (name, residuals, x0):
``residuals(x)`` takes one 1-D float array and returns the 1-D array r (length m), written with
plain numpy (``np.array`` of entries, elementwise functions), so every gradlab engine runs it and
``np`` can be swapped for a symbolic stand-in. The Jacobian benchmark differentiates r; the
Hessian benchmark differentiates the least-squares objective ``sum_of_squares(r)(x) = sum r_i²``.
Gulf's published formula has a typo ("mi" is a minus sign); it is written corrected here.
"""

from __future__ import annotations

import numpy as np

BARD_Y = (0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10,
          4.39)
GAUSSIAN_Y = (0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420,
              0.1295, 0.0540, 0.0175, 0.0044, 0.0009)
MEYER_Y = (34780.0, 28610.0, 23650.0, 19630.0, 16370.0, 13720.0, 11540.0, 9744.0, 8261.0, 7030.0,
           6005.0, 5147.0, 4427.0, 3820.0, 3307.0, 2872.0)
KOWALIK_Y = (0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235,
             0.0246)
KOWALIK_U = (4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625)


def rosenbrock(x):  # 1
    return np.array([10.0 * (x[1] - x[0] ** 2), 1.0 - x[0]])


def freudenstein_roth(x):  # 2
    return np.array([-13.0 + x[0] + ((5.0 - x[1]) * x[1] - 2.0) * x[1],
                     -29.0 + x[0] + ((x[1] + 1.0) * x[1] - 14.0) * x[1]])


def powell_badly_scaled(x):  # 3
    return np.array([1e4 * x[0] * x[1] - 1.0, np.exp(-x[0]) + np.exp(-x[1]) - 1.0001])


def brown_badly_scaled(x):  # 4
    return np.array([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2.0])


def beale(x):  # 5
    return np.array([y - x[0] * (1.0 - x[1] ** i) for i, y in ((1, 1.5), (2, 2.25), (3, 2.625))])


def jennrich_sampson(x):  # 6, m = 10
    return np.array([2.0 + 2.0 * i - (np.exp(i * x[0]) + np.exp(i * x[1])) for i in range(1, 11)])


def helical_valley(x):  # 7, theta on the paper's x1 < 0 branch (where x0 and its neighbours lie)
    theta = np.arctan(x[1] / x[0]) / (2.0 * np.pi) + 0.5
    return np.array([10.0 * (x[2] - 10.0 * theta), 10.0 * (np.sqrt(x[0] ** 2 + x[1] ** 2) - 1.0),
                     x[2]])


def bard(x):  # 8
    return np.array([y - (x[0] + u / ((16 - u) * x[1] + min(u, 16 - u) * x[2]))
                     for u, y in enumerate(BARD_Y, start=1)])


def gaussian(x):  # 9
    return np.array([x[0] * np.exp(-0.5 * x[1] * ((8 - i) * 0.5 - x[2]) ** 2) - y
                     for i, y in enumerate(GAUSSIAN_Y, start=1)])


def meyer(x):  # 10
    return np.array([x[0] * np.exp(x[1] / (45.0 + 5.0 * i + x[2])) - y
                     for i, y in enumerate(MEYER_Y, start=1)])


def gulf(x):  # 11, m = 99
    residuals = []
    for i in range(1, 100):
        t = i / 100
        y = 25.0 + (-50.0 * np.log(t)) ** (2.0 / 3.0)
        residuals.append(np.exp(-np.abs(y - x[1]) ** x[2] / x[0]) - t)
    return np.array(residuals)


def box_3d(x):  # 12, m = 10
    return np.array([np.exp(-0.1 * i * x[0]) - np.exp(-0.1 * i * x[1])
                     - x[2] * (np.exp(-0.1 * i) - np.exp(-float(i))) for i in range(1, 11)])


def powell_singular(x):  # 13
    return np.array([x[0] + 10.0 * x[1], np.sqrt(5.0) * (x[2] - x[3]), (x[1] - 2.0 * x[2]) ** 2,
                     np.sqrt(10.0) * (x[0] - x[3]) ** 2])


def wood(x):  # 14
    return np.array([10.0 * (x[1] - x[0] ** 2), 1.0 - x[0], np.sqrt(90.0) * (x[3] - x[2] ** 2),
                     1.0 - x[2], np.sqrt(10.0) * (x[1] + x[3] - 2.0),
                     (x[1] - x[3]) / np.sqrt(10.0)])


def kowalik_osborne(x):  # 15
    return np.array([y - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3])
                     for u, y in zip(KOWALIK_U, KOWALIK_Y, strict=True)])


def brown_dennis(x):  # 16, m = 20
    return np.array([(x[0] + i / 5 * x[1] - np.exp(i / 5)) ** 2
                     + (x[2] + x[3] * np.sin(i / 5) - np.cos(i / 5)) ** 2 for i in range(1, 21)])


def biggs_exp6(x):  # 18, m = 13
    residuals = []
    for i in range(1, 14):
        t = 0.1 * i
        y = np.exp(-t) - 5.0 * np.exp(-10.0 * t) + 3.0 * np.exp(-4.0 * t)
        residuals.append(x[2] * np.exp(-t * x[0]) - x[3] * np.exp(-t * x[1])
                         + x[5] * np.exp(-t * x[4]) - y)
    return np.array(residuals)


def watson(x):  # 20, n = 6, m = 31
    residuals = []
    for i in range(1, 30):
        t = i / 29
        slope = sum((j - 1) * x[j - 1] * t ** (j - 2) for j in range(2, 7))
        value = sum(x[j - 1] * t ** (j - 1) for j in range(1, 7))
        residuals.append(slope - value ** 2 - 1.0)
    return np.array(residuals + [x[0], x[1] - x[0] ** 2 - 1.0])


def extended_rosenbrock(x):  # 21, n = 10
    pairs = [(10.0 * (x[2 * i + 1] - x[2 * i] ** 2), 1.0 - x[2 * i]) for i in range(5)]
    return np.array([r for pair in pairs for r in pair])


def broyden_tridiagonal(x):  # 30, n = 10 (x_0 = x_{n+1} = 0)
    n = 10
    return np.array([(3.0 - 2.0 * x[i]) * x[i] - (x[i - 1] if i > 0 else 0.0)
                     - 2.0 * (x[i + 1] if i < n - 1 else 0.0) + 1.0 for i in range(n)])


PROBLEMS = [
    ("Rosenbrock", rosenbrock, [-1.2, 1.0]),
    ("Freudenstein-Roth", freudenstein_roth, [0.5, -2.0]),
    ("Powell badly scaled", powell_badly_scaled, [0.0, 1.0]),
    ("Brown badly scaled", brown_badly_scaled, [1.0, 1.0]),
    ("Beale", beale, [1.0, 1.0]),
    ("Jennrich-Sampson", jennrich_sampson, [0.3, 0.4]),
    ("Helical valley", helical_valley, [-1.0, 0.0, 0.0]),
    ("Bard", bard, [1.0, 1.0, 1.0]),
    ("Gaussian", gaussian, [0.4, 1.0, 0.0]),
    ("Meyer", meyer, [0.02, 4000.0, 250.0]),
    ("Gulf", gulf, [5.0, 2.5, 0.15]),
    ("Box 3-D", box_3d, [0.0, 10.0, 20.0]),
    ("Powell singular", powell_singular, [3.0, -1.0, 0.0, 1.0]),
    ("Wood", wood, [-3.0, -1.0, -3.0, -1.0]),
    ("Kowalik-Osborne", kowalik_osborne, [0.25, 0.39, 0.415, 0.39]),
    ("Brown-Dennis", brown_dennis, [25.0, 5.0, -5.0, -1.0]),
    ("Biggs EXP6", biggs_exp6, [1.0, 2.0, 1.0, 1.0, 1.0, 1.0]),
    ("Watson", watson, [0.0] * 6),
    ("extended Rosenbrock", extended_rosenbrock, [-1.2, 1.0] * 5),
    ("Broyden tridiagonal", broyden_tridiagonal, [-1.0] * 10),
]


def sum_of_squares(residuals):
    """The least-squares objective of ``residuals``: x -> sum r_i(x)²."""
    def objective(x):
        return np.sum(residuals(x) ** 2)

    objective.__name__ = f"{residuals.__name__}_squares"
    return objective
