"""Data changes at the edges of what a gradient object can notice: an array above 1 MB changed
in place, a DataFrame changed with .loc, a list that grows, a dict that gains a key, a function
attribute, a class attribute inherited by a subclass's instance, a property, a tuple of arrays,
a 0-d array, a closure over an object, np.interp's table, a view of a base array, a namespace
chain, a memo cache that f fills itself, and data f reads from a file at each call."""

import atexit
import os
import sys
import tempfile
import types

import numpy as np
import pandas as pd
from functions import add

MOD = sys.modules[__name__]
R = np.random.default_rng(707)
EDGE = ("edge",)


def setters(*fns):
    return list(fns)


# ---------------------------------------------------------------- an array above 1 MB, in place
BIG = R.normal(size=(60000, 3))  # 1.4 MB of measurements
BIG0 = BIG.copy()


def big_model(w):
    m, s = BIG.mean(axis=0), BIG.std(axis=0)
    return np.sum(m * w ** 2) + np.sum(s * np.sin(w))


add("eg_big_array_inplace", big_model, [[0.4, -0.8, 1.5]], EDGE,
    states=setters(lambda: BIG.__setitem__(Ellipsis, BIG0),
                   lambda: np.add(BIG0 * 2.0, 1.0, out=BIG),
                   lambda: BIG.__setitem__(Ellipsis, BIG0)))

# ---------------------------------------------------------------- pandas .loc in place
DF = pd.DataFrame({"x": [0.0, 0.5, 1.0, 1.5], "y": [1.0, 2.0, 2.5, 4.0]})


def df_state(v):
    def set_():
        DF.loc[2, "y"] = v
    return set_


def line_fit(p):
    return np.sum((p[0] + p[1] * DF["x"].to_numpy() - DF["y"].to_numpy()) ** 2)


add("eg_pandas_loc_inplace", line_fit, [[0.8, 2.0]], EDGE,
    states=setters(df_state(2.5), df_state(-7.0), df_state(2.5)))

# ---------------------------------------------------------------- containers that change size
OBS = [1.0, 2.0, 3.0]


def obs_state(vals):
    def set_():
        OBS[:] = vals[:3]
        for v in vals[3:]:
            OBS.append(v)  # the user appends new observations
    return set_


def list_loglik(mu):
    return sum((o - mu) ** 2 for o in OBS)


add("eg_list_append", list_loglik, [[0.7], [2.5]], EDGE,
    states=setters(obs_state([1.0, 2.0, 3.0]), obs_state([1.0, 2.0, 3.0, 10.0, 20.0]),
                   obs_state([1.0, 2.0, 3.0])))

TERMS = {"a": 1.0, "b": 2.0}


def terms_state(extra):
    def set_():
        TERMS.pop("c", None)
        if extra:
            TERMS["c"] = 5.0
    return set_


def dict_sum(x):
    total = 0.0
    for i, (_name, c) in enumerate(sorted(TERMS.items())):
        total = total + c * np.sin(x[i % 2]) ** (i + 1)
    return total


add("eg_dict_new_key", dict_sum, [[0.6, 1.1]], EDGE,
    states=setters(terms_state(False), terms_state(True), terms_state(False)))

# ---------------------------------------------------------------- attributes in odd places


def spring(x):
    return 0.5 * spring.k * x ** 2 + spring.k * np.cos(x)


spring.k = 2.0
add("eg_function_attribute", spring, [[0.9]], EDGE,
    states=setters(*(lambda v=v: setattr(spring, "k", v) for v in (2.0, -3.0, 2.0))))


class Base:
    k = 1.0


class Child(Base):
    def energy(self, x):
        return self.k * np.sum(x ** 3) + np.exp(self.k * x[0])


CHILD = Child()
add("eg_inherited_class_attr", lambda x: CHILD.energy(x), [[0.3, 0.8]], EDGE,
    states=setters(*(lambda v=v: setattr(Base, "k", v) for v in (1.0, 4.0, 1.0))))


class Material:
    def __init__(self):
        self._young = 2.0

    @property
    def stiffness(self):
        return self._young * 1.5


MAT = Material()
add("eg_property", lambda x: MAT.stiffness * np.sum(x ** 2) + np.sin(MAT.stiffness * x[1]),
    [[0.4, -0.2]], EDGE,
    states=setters(*(lambda v=v: setattr(MAT, "_young", v) for v in (2.0, 0.3, 2.0))))

PAIR = (np.array([1.0, 2.0]), np.array([0.5, -0.5]))


def pair_state(k):
    def set_():
        PAIR[0][:] = ([1.0, 2.0], [-4.0, 0.1], [1.0, 2.0])[k]
    return set_


add("eg_tuple_of_arrays", lambda x: np.sum(PAIR[0] * np.exp(PAIR[1] * x)), [[0.3, 1.2]], EDGE,
    states=[pair_state(k) for k in range(3)])

RATE = np.array(0.5)
add("eg_zero_d_array", lambda t: np.exp(-RATE * t) * t, [[1.5], [4.0]], EDGE,
    states=setters(*(lambda v=v: RATE.__setitem__(Ellipsis, v) for v in (0.5, 2.0, 0.5))))


def make_obj_closure():
    cfg = types.SimpleNamespace(gain=1.0)

    def f(x):
        return cfg.gain * np.sum(np.tanh(x) ** 2) + cfg.gain * x[0]

    return f, cfg


OBJ_CLOSURE, OBJ_CFG = make_obj_closure()
add("eg_closure_over_object", OBJ_CLOSURE, [[0.5, -1.0]], EDGE,
    states=setters(*(lambda v=v: setattr(OBJ_CFG, "gain", v) for v in (1.0, -2.0, 1.0))))

NS = types.SimpleNamespace(model=types.SimpleNamespace(params=types.SimpleNamespace(c=1.0)))
add("eg_namespace_chain", lambda x: NS.model.params.c * np.sum(x ** 2 * np.arange(1.0, 3.0)),
    [[0.7, -0.4]], EDGE,
    states=setters(*(lambda v=v: setattr(NS.model.params, "c", v) for v in (1.0, 6.0, 1.0))))

XP = np.array([0.0, 1.0, 2.0, 3.0])
FP = np.array([0.0, 1.0, 0.5, 2.0])
add("eg_interp_table_inplace", lambda x: np.sum(np.interp(x, XP, FP) ** 2), [[0.3, 1.6, 2.4]],
    EDGE, states=setters(lambda: FP.__setitem__(slice(None), [0.0, 1.0, 0.5, 2.0]),
                         lambda: FP.__setitem__(slice(None), [3.0, -1.0, 4.0, 0.0]),
                         lambda: FP.__setitem__(slice(None), [0.0, 1.0, 0.5, 2.0])))

BASE = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
VIEW = BASE[1:4]  # the function reads a view; the user edits the base array
add("eg_view_of_base", lambda x: np.sum(VIEW * x ** 2) + np.prod(VIEW) * x[0], [[0.5, 1.0, -0.5]],
    EDGE, states=setters(lambda: BASE.__setitem__(2, 3.0), lambda: BASE.__setitem__(2, -9.0),
                         lambda: BASE.__setitem__(2, 3.0)))

# ---------------------------------------------------------------- a memo f fills itself
RAW = np.array([1.0, 2.0, 2.0])
_NORM = {}


def normalised_energy(x):
    if "n" not in _NORM:
        _NORM["n"] = np.sum(RAW ** 2)  # computed once, as users cache an expensive constant
    return np.sum(x ** 2 * np.cos(x)) / _NORM["n"]


def raw_state(vals):
    def set_():
        RAW[:] = vals
        _NORM.clear()  # the user clears the cache after changing the data
    return set_


add("eg_memo_cleared", normalised_energy, [[0.5, 1.0]], EDGE,
    states=setters(raw_state([1.0, 2.0, 2.0]), raw_state([3.0, 4.0, 12.0]),
                   raw_state([1.0, 2.0, 2.0])))

# ---------------------------------------------------------------- data read from a file each call
DATA_FILE = os.path.join(tempfile.gettempdir(), f"gradlab_round7_{os.getpid()}.npy")
atexit.register(lambda: os.path.exists(DATA_FILE) and os.remove(DATA_FILE))


def file_state(vals):
    def set_():
        np.save(DATA_FILE, np.array(vals))
    return set_


file_state([1.0, -1.0, 0.5])()


def file_model(w):
    c = np.load(DATA_FILE)
    return np.sum(c * w ** 2) + np.dot(c, w)


add("eg_file_read_each_call", file_model, [[0.2, 0.4, -0.6]], EDGE,
    states=setters(file_state([1.0, -1.0, 0.5]), file_state([4.0, 2.0, -3.0]),
                   file_state([1.0, -1.0, 0.5])))
