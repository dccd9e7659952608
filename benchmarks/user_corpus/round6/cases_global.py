"""Functions reading global data that the user changes between two comparisons (in place,
by rebinding the global, a scalar, a dict entry, an object's attribute, a closure's list).
Each case lists the setters of its data versions; state 0 is the version at import."""

import sys

import numpy as np
from functions import add

MOD = sys.modules[__name__]
R = np.random.default_rng(66)
A0, A1 = R.normal(size=(8, 3)), R.normal(size=(8, 3)) * 2.0
Y0, Y1 = R.normal(size=8), R.normal(size=8) + 1.0

A_INPLACE = A0.copy()
Y_INPLACE = Y0.copy()
A_REBOUND = A0.copy()
ALPHA = 0.5
CONFIG = {"scale": 2.0, "shift": np.array([0.1, -0.2, 0.3])}
LIST_DATA = [1.0, 2.0, 3.0]
TARGETS = np.array([1.0, -1.0, 0.5])


def lsq_inplace(w):
    r = A_INPLACE @ w - Y_INPLACE
    return 0.5 * np.dot(r, r)


def inplace(k):
    def set_():
        A_INPLACE[:] = (A0, A1)[k]
        Y_INPLACE[:] = (Y0, Y1)[k]
    return set_


add("gd_lsq_inplace", lsq_inplace, [[0.3, -0.1, 0.8], [1.0, 0.5, -0.5]],
    states=[inplace(0), inplace(1)])


def lsq_rebound(w):
    return np.sum(np.tanh(A_REBOUND @ w) ** 2)


def rebind(name, values):
    def make(k):
        def set_():
            setattr(MOD, name, values[k].copy() if hasattr(values[k], "copy") else values[k])
        return set_
    return [make(k) for k in range(len(values))]


add("gd_tanh_rebound", lsq_rebound, [[0.2, 0.4, -0.6]], states=rebind("A_REBOUND", (A0, A1)))
add("gd_scalar_alpha", lambda x: np.sum(np.exp(ALPHA * x)) + ALPHA * x[0] ** 2,
    [[0.3, -0.7], [1.2, 0.1]], states=rebind("ALPHA", (0.5, -1.5)))
add("gd_complex_abs_alpha", lambda x: np.sum(np.abs(x - ALPHA) ** 2 * np.sin(x)),
    [[0.9, -0.4]], tags=("nonanalytic",), states=rebind("ALPHA", (0.5, -1.5)))


def config_model(x):
    return CONFIG["scale"] * np.sum((x - CONFIG["shift"]) ** 3)


def config_state(k):
    def set_():
        CONFIG["scale"] = (2.0, -0.5)[k]
        CONFIG["shift"] = (np.array([0.1, -0.2, 0.3]), np.array([1.0, 2.0, -1.0]))[k]
    return set_


add("gd_dict_config", config_model, [[0.5, 0.5, 0.5]], states=[config_state(0), config_state(1)])


def list_weights(x):
    total = 0.0
    for wk, xk in zip(LIST_DATA, x):
        total = total + wk * np.sin(xk)
    return total


def list_state(k):
    def set_():
        LIST_DATA[:] = ([1.0, 2.0, 3.0], [-4.0, 0.5, 10.0])[k]
    return set_


add("gd_list_weights", list_weights, [[0.2, 1.0, -0.8]], states=[list_state(0), list_state(1)])


class Model:
    def __init__(self):
        self.c = np.array([1.0, 0.0, -1.0])

    def energy(self, x):
        return np.sum(self.c * x ** 2) + np.prod(self.c + x)


MODEL = Model()


def model_state(k):
    def set_():
        MODEL.c = (np.array([1.0, 0.0, -1.0]), np.array([3.0, -2.0, 0.5]))[k]
    return set_


add("gd_object_attr", lambda x: MODEL.energy(x), [[0.4, 1.1, -0.3]],
    states=[model_state(0), model_state(1)])


def make_closure():
    data = [np.array([0.5, 1.5])]

    def f(x):
        return np.sum(np.log1p(np.exp(data[0] * x)))

    def state(k):
        def set_():
            data[0] = (np.array([0.5, 1.5]), np.array([-3.0, 0.25]))[k]
        return set_

    return f, [state(0), state(1)]


_f, _states = make_closure()
add("gd_closure_cell", _f, [[0.7, -1.1]], states=_states)


def target_dist(x):
    return np.sum((x - TARGETS) ** 2 * np.array([1.0, 2.0, 3.0]))


def targets_state(k):
    def set_():
        TARGETS[:] = (np.array([1.0, -1.0, 0.5]), np.array([-2.0, 4.0, 0.0]))[k]
    return set_


add("gd_targets_inplace", target_dist, [[0.0, 0.0, 0.0], [1.0, 2.0, 3.0]],
    states=[targets_state(0), targets_state(1)])
add("gd_max_alpha", lambda x: np.max(x * ALPHA) + np.sum(x ** 2),
    [[0.6, 2.0, -1.0]], tags=("nonanalytic",), states=rebind("ALPHA", (0.5, -1.5)))
