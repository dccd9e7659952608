"""Idioms: math.* on scalars taken from arrays, `from numpy import ...`, helpers, closures,
classes with __call__, data in globals, dicts and dataclasses, loops with accumulators."""

import dataclasses
import functools
import math
from math import atan2, log
from math import exp as mexp

import numpy as np
from functions import add
from numpy import cosh, hypot, sqrt, tanh

SEM = ("sem",)
X4 = [0.8, -0.4, 1.3, 2.2]
X4B = [1.5, 0.6, -0.9, 0.35]

add("id_math_on_items", lambda x: math.exp(x[0]) * math.atan2(x[1], x[2]) + math.log(x[3]),
    [X4, [1.5, 0.6, -0.9, 0.35]], SEM)
add("id_math_float_item", lambda x: math.sqrt(float(x[3])) * math.cos(x[0].item() * 2),
    [X4], SEM)
add("id_from_math_import", lambda x: atan2(x[0], x[1]) * mexp(-x[2] ** 2) + log(1 + x[3] ** 2),
    [X4, X4B], SEM)
add("id_from_numpy_import", lambda x: np.sum(tanh(x) * cosh(x / 2)) + sqrt(hypot(x[0], x[1])),
    [X4, X4B], SEM)


def _energy_term(a, b, k=2.0):
    return k * (a - b) ** 2 + np.log1p(a ** 2)


def chain_energy(x):
    return sum(_energy_term(x[i], x[i + 1], k=1.0 + i) for i in range(len(x) - 1))


add("id_helper_kwargs", chain_energy, [X4, X4B], SEM)


def make_model(scale, power):
    offset = np.array([0.1, -0.2, 0.3, 0.0])

    def model(x):
        return scale * np.sum(np.abs(x - offset) ** power)
    return model


add("id_closure_factory", make_model(1.7, 2.5), [X4], SEM)


class Potential:
    def __init__(self, depth, width):
        self.depth, self.width = depth, width
        self.centres = np.array([0.0, 1.0, -1.0, 2.0])

    def well(self, r):
        return -self.depth * np.exp(-(r / self.width) ** 2)

    def __call__(self, x):
        return np.sum(self.well(x - self.centres)) + 0.1 * x @ x


add("id_class_call", Potential(2.0, 0.8), [X4, X4B], SEM)


@dataclasses.dataclass
class Spring:
    k: float
    rest: float


SPRINGS = [Spring(2.0, 1.0), Spring(0.5, 1.5), Spring(3.0, 0.8)]


def springs_energy(x):
    e = 0.0
    for i, s in enumerate(SPRINGS):
        e = e + 0.5 * s.k * (abs(x[i + 1] - x[i]) - s.rest) ** 2
    return e


add("id_dataclass_list", springs_energy, [[0.0, 1.2, 2.5, 3.1]], SEM)
PARAMS = {"a": 1.3, "b": np.array([0.5, -0.25, 1.0, 2.0]), "c": 4}


def dict_model(x):
    return PARAMS["a"] * np.sum(PARAMS["b"] * x ** 2) + np.prod(x[: PARAMS["c"] - 1])


add("id_dict_params", dict_model, [X4], SEM)
GRID = np.linspace(0.0, 2.0, 9)
OBS = np.sin(1.3 * GRID) * np.exp(-0.4 * GRID)


def misfit(theta):
    pred = np.sin(theta[0] * GRID) * np.exp(-theta[1] * GRID)
    return np.mean((pred - OBS) ** 2)


add("id_global_data_misfit", misfit, [[1.1, 0.5], [1.4, 0.2]], SEM)


def accum_loop(x):
    total, prod = 0.0, 1.0
    for i, xi in enumerate(x):
        prod *= 1 + 0.1 * xi
        total += prod * (i + 1)
        if i % 2 == 1:
            total -= xi ** 2
    return total


add("id_loop_accumulators", accum_loop, [X4, X4B], SEM)


def horner(c, t=0.7):
    acc = 0.0
    for ci in reversed(list(c)):
        acc = acc * t + ci
    return acc


add("id_horner_list_reversed", lambda c: horner(c) * horner(c, t=-1.3), [X4], SEM)
add("id_partial", functools.partial(lambda x, w: np.sum(w * np.sin(x) ** 2),
                                    w=np.array([1.0, 2.0, 3.0, 4.0])), [X4], SEM)


def while_newton_sqrt(x):
    # a user's fixed-point loop (fixed count, so every engine runs the same iterations)
    y, n = x[0], 0
    while n < 6:
        y = 0.5 * (y + x[1] / y)
        n += 1
    return y * x[2]


add("id_while_loop", while_newton_sqrt, [[1.0, 2.0, 3.0]], SEM)


def list_comp(x):
    terms = [xi * np.exp(-0.5 * i) for i, xi in enumerate(x)]
    return max(terms) + min(terms) + sum(t ** 2 for t in terms)


add("id_list_comprehension_max", list_comp, [X4, X4B], SEM)


def tuple_unpack(p):
    a, b, c = p
    r = np.array([a + b, b * c, c - a])
    return r @ r


add("id_tuple_unpack", tuple_unpack, [[0.5, 1.5, -2.0]], SEM)
add("id_ternary_branch", lambda x: x[0] ** 2 if x[1] > 0 else np.sin(x[0]) * x[1],
    [[0.7, 1.2], [0.7, -1.2]], SEM)
