"""More places data can hide from a gradient object: a global looked up by string, a
getattr on the user's module, a method replaced on the class, a global read two helpers down,
an lru_cache'd helper the user clears, an array deep inside objects and containers, a class
attribute array, a closure over an array, a Jacobian whose data changes length, a large array
inside a dict, a pandas Series changed with .iloc, and noise drawn from a global seed."""

import functools
import sys
import types

import mydata
import numpy as np
import pandas as pd
from functions import add

MOD = sys.modules[__name__]
EDGE = ("edge",)


def values(setter, vals):
    return [lambda v=v: setter(v) for v in vals]


GAIN2 = 1.5
add("eh_globals_by_string", lambda x: globals()["GAIN2"] * np.sum(x ** 2) + np.sin(x[0]),
    [[0.4, 0.9]], EDGE, states=values(lambda v: setattr(MOD, "GAIN2", v), (1.5, -4.0, 1.5)))


def getattr_module(x):
    return getattr(mydata, "K") * np.sum(np.exp(0.3 * x))  # noqa: B009 -- as users write it


def set_k(v):
    mydata.K = v


add("eh_getattr_module", getattr_module, [[0.2, -0.7]], EDGE, states=values(set_k, (2.0, 7.0, 2.0)))


class Model2:
    def __init__(self):
        self.c = 2.0

    def energy(self, x):
        return self.c * np.sum(x ** 2)


def energy_v1(self, x):
    return self.c * np.sum(x ** 2)


def energy_v2(self, x):  # the user patches the method on the class
    return self.c * np.sum(np.cos(x)) + x[0] ** 3


MODEL2 = Model2()
METHOD_VERSION = 0


def patch(k):
    Model2.energy = (energy_v1, energy_v2)[k]
    MOD.METHOD_VERSION = k


add("eh_method_patched_on_class", lambda x: MODEL2.energy(x), [[0.5, 1.2]], EDGE,
    states=values(patch, (0, 1, 0)))

DEPTH_K = 3.0


def inner(z):
    return DEPTH_K * z ** 2


def middle(z):
    return inner(z) + np.sin(z)


add("eh_global_two_helpers_down", lambda x: np.sum(middle(x)), [[0.3, -0.6, 1.1]], EDGE,
    states=values(lambda v: setattr(MOD, "DEPTH_K", v), (3.0, -0.5, 3.0)))

COEF_SRC = [1.0, 2.0, 3.0]


@functools.lru_cache(maxsize=None)  # noqa: UP033 -- as users write it
def coeffs():
    return np.array(COEF_SRC)


def cached_model(x):
    return np.sum(coeffs() * x ** 2)


def set_coefs(vals):
    COEF_SRC[:] = vals
    coeffs.cache_clear()  # the user clears the cache after changing the source


add("eh_lru_cache_cleared", cached_model, [[0.7, -0.2, 0.4]], EDGE,
    states=values(set_coefs, ([1.0, 2.0, 3.0], [-5.0, 0.5, 9.0], [1.0, 2.0, 3.0])))

DEEP = types.SimpleNamespace(store={"layers": [types.SimpleNamespace(w=np.array([0.5, -1.0]))]})
add("eh_deep_nesting_inplace",
    lambda x: np.sum(np.tanh(DEEP.store["layers"][0].w * x)) + DEEP.store["layers"][0].w @ x,
    [[1.0, 0.3]], EDGE,
    states=values(lambda v: DEEP.store["layers"][0].w.__setitem__(slice(None), v),
                  ([0.5, -1.0], [3.0, 2.0], [0.5, -1.0])))


class Table:
    values = np.array([1.0, 2.0, 3.0])


add("eh_class_array_inplace", lambda x: np.sum(Table.values * x ** 3), [[0.5, 1.0, -0.4]], EDGE,
    states=values(lambda v: Table.values.__setitem__(1, v), (2.0, -8.0, 2.0)))


def make_closure_array():
    a = np.array([1.0, 0.5])

    def f(x):
        return np.log(1.0 + np.sum(a * x ** 2))

    return f, a


CLOSURE_F, CLOSURE_A = make_closure_array()
add("eh_closure_array_inplace", CLOSURE_F, [[0.8, -1.3]], EDGE,
    states=values(lambda v: CLOSURE_A.__setitem__(slice(None), v), ([1.0, 0.5], [7.0, 0.01],
                                                                      [1.0, 0.5])))

T_DATA = np.linspace(0.0, 2.0, 5)
Y_DATA = np.exp(-0.7 * T_DATA) * 2.0


def decay_residuals(p):
    return p[0] * np.exp(-p[1] * T_DATA) - Y_DATA


def set_data(n):
    MOD.T_DATA = np.linspace(0.0, 2.0, n)
    MOD.Y_DATA = np.exp(-0.7 * MOD.T_DATA) * 2.0 + 0.1 * np.sin(7.0 * MOD.T_DATA)


add("eh_jac_new_length", decay_residuals, [[1.8, 0.6]], EDGE, kind="jac",
    states=values(set_data, (5, 9, 5)))

STORE = {"X": np.random.default_rng(3).normal(size=(50000, 3))}  # 1.2 MB in a dict
STORE_X0 = STORE["X"].copy()
add("eh_big_array_in_dict", lambda w: np.sum(STORE["X"].mean(axis=0) * np.exp(w)), [[0.1, 0.2, -0.3]],
    EDGE, states=values(lambda v: np.add(STORE_X0 * v, v, out=STORE["X"]), (1.0, 3.0, 1.0)))

SERIES = pd.Series([1.0, 2.0, 3.0])
add("eh_pandas_series_iloc", lambda x: np.sum(SERIES.to_numpy() * np.sin(x)), [[0.3, 0.6, 0.9]],
    EDGE, states=values(lambda v: SERIES.__setitem__(1, v), (2.0, -6.0, 2.0)))

SEED = 1


def noisy_model(x):
    rng = np.random.default_rng(SEED)
    noise = rng.normal(size=x.shape)
    return np.sum((x - noise) ** 2)


add("eh_seeded_noise", noisy_model, [[0.1, 0.2, 0.3]], EDGE,
    states=values(lambda v: setattr(MOD, "SEED", v), (1, 2, 1)))
