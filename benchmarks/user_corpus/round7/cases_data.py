"""Functions reading data the user changes after making `g = gl.grad(f, engine)`: a rebound
global, an array changed in place (whole, one element, `*=`), a dict entry, a list item, an
object's / class's / own module's attribute, a closure variable (nonlocal, mutable cell), a
helper redefined, a mutated default argument, a global flag or function choice. Each case
lists the setters of its data versions (state 0 is the version at import; the last state may
restore state 0's values in new objects). Cases with `args` take their data as arguments."""

import dataclasses
import functools
import math
import sys

import mydata
import numpy as np
import pandas as pd
from functions import add
from scipy.special import expit

MOD = sys.modules[__name__]
R = np.random.default_rng(7)


def rebind(**versions):
    """Setters that rebind module globals (arrays copied, as np.loadtxt gives a new one)."""
    n = len(next(iter(versions.values())))

    def make(k):
        def set_():
            for name, vals in versions.items():
                v = vals[k]
                setattr(MOD, name, v.copy() if isinstance(v, np.ndarray) else v)
        return set_
    return [make(k) for k in range(n)]


def inplace(target, versions):
    def make(k):
        def set_():
            target[...] = versions[k]
        return set_
    return [make(k) for k in range(len(versions))]


# ---------------------------------------------------------------- rebound globals
ALPHA = 2.0


def bump_loss(x):
    return np.sum(np.exp(-ALPHA * x ** 2)) + ALPHA * x[0] * x[1]


add("dc_alpha_rebound", bump_loss, [[0.3, -0.5], [1.1, 0.4]],
    states=rebind(ALPHA=[2.0, -0.7, 2.0]))

A_LOAD = R.normal(size=(8, 3))
Y_LOAD = R.normal(size=8)
A_NEXT, Y_NEXT = R.normal(size=(12, 3)) * 1.5, R.normal(size=12) + 2.0


def mse(w):
    r = A_LOAD @ w - Y_LOAD
    return r @ r / len(Y_LOAD)


add("dc_loadtxt_new_shape", mse, [[0.2, -0.4, 1.0], [1.5, 0.0, -0.3]],
    states=rebind(A_LOAD=[A_LOAD, A_NEXT, A_LOAD], Y_LOAD=[Y_LOAD, Y_NEXT, Y_LOAD]))

SCALE = 3.0
add("dc_lambda_scale", lambda x: np.sum(SCALE * x ** 2) + np.sin(SCALE * x[0]),
    [[0.5, -1.0, 2.0]], states=rebind(SCALE=[3.0, 0.25, 3.0]))

TEMP = 300.0


def arrhenius(Ea, A):
    return A * math.exp(-Ea / (8.314 * TEMP))


add("dc_math_global_temp", arrhenius, [{"Ea": 5e4, "A": 2.0}],
    states=rebind(TEMP=[300.0, 450.0, 300.0]))

N_TERMS = 3


def series(x):
    s = 0.0
    for k in range(1, N_TERMS + 1):
        s = s + x ** k / k
    return s


add("dc_loop_count", series, [[0.4], [-0.8]], states=rebind(N_TERMS=[3, 6, 3]))

USE_L1 = False
X_REG = R.normal(size=(6, 3))
Y_REG = R.normal(size=6)


def regularised(w):
    fit = np.sum((X_REG @ w - Y_REG) ** 2)
    if USE_L1:
        return fit + 0.5 * np.sum(np.abs(w))
    return fit + 0.5 * np.sum(w ** 2)


add("dc_flag_branch", regularised, [[0.6, -0.3, 1.2]], tags=("nonanalytic",),
    states=rebind(USE_L1=[False, True, False]))

ACT = "tanh"
ACTIVATIONS = {"tanh": np.tanh, "sigmoid": expit, "softplus": np.logaddexp}


def neuron(w):
    z = w[0] * 0.7 + w[1] * -1.2 + w[2]
    if ACT == "softplus":
        return ACTIVATIONS[ACT](0.0, z) ** 2
    return ACTIVATIONS[ACT](z) ** 2


add("dc_string_choice", neuron, [[0.5, 0.1, -0.2]], states=rebind(ACT=["tanh", "sigmoid", "tanh"]))

LINK = np.exp
add("dc_function_global", lambda b: np.sum(LINK(b * np.array([0.5, 1.0, 1.5]))),
    [[0.3], [-0.5]], states=rebind(LINK=[np.exp, np.log1p, np.exp]))

COUNTS = np.array([3, 1, 4, 1, 5])


def poisson_nll(lam):
    return -np.sum(COUNTS * np.log(lam) - lam)


add("dc_int_counts_rebound", poisson_nll, [[1.0, 2.0, 3.0, 0.5, 4.0]],
    states=rebind(COUNTS=[COUNTS, np.array([2, 7, 1, 8, 2]), COUNTS]))

RETURNS = R.normal(size=(30, 3)) * 0.01
RETURNS_B = R.normal(size=(45, 3)) * 0.02 + 0.001


def portfolio_var(w):
    cov = np.cov(RETURNS, rowvar=False)
    return w @ cov @ w * 252


add("dc_cov_new_data", portfolio_var, [[0.5, 0.3, 0.2]],
    states=rebind(RETURNS=[RETURNS, RETURNS_B, RETURNS]))

X_LOG = R.normal(size=(10, 2))
T_LOG = (R.random(10) > 0.5).astype(float)
X_LOG_B = R.normal(size=(10, 2)) * 3.0
T_LOG_B = 1.0 - T_LOG


def logistic_nll(w):
    p = expit(X_LOG @ w)
    return -np.sum(T_LOG * np.log(p) + (1 - T_LOG) * np.log(1 - p))


add("dc_expit_logistic", logistic_nll, [[0.3, -0.8]],
    states=rebind(X_LOG=[X_LOG, X_LOG_B, X_LOG], T_LOG=[T_LOG, T_LOG_B, T_LOG]))

# ---------------------------------------------------------------- arrays changed in place
B_MAT = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, -0.4], [0.0, -0.4, 3.0]])
B_ALT = np.array([[1.0, -2.0, 0.3], [0.7, 4.0, 1.0], [0.2, 0.1, -1.5]])
T_VEC = np.array([1.0, -1.0, 0.5])
LAM = 0.1


def ridge(w):
    return np.sum((B_MAT @ w - T_VEC) ** 2) + LAM * w @ w


add("dc_inplace_whole", ridge, [[0.2, 0.3, -0.1], [1.0, -2.0, 0.5]],
    states=inplace(B_MAT, [B_MAT.copy(), B_ALT, B_MAT.copy()]))

Q_MAT = np.array([[4.0, 1.0], [1.0, 3.0]])
Q_ALT = np.array([[4.0, 5.0], [1.0, 3.0]])
add("dc_inplace_element", lambda x: 0.5 * x @ Q_MAT @ x - np.sum(np.log(x)),
    [[0.7, 1.3]], states=inplace(Q_MAT, [Q_MAT.copy(), Q_ALT, Q_MAT.copy()]))

G_VEC = np.array([1.0, 2.0, 3.0])


def _times(k):
    def set_():
        if k == 1:
            np.multiply(G_VEC, 2, out=G_VEC)
        else:
            G_VEC[:] = [1.0, 2.0, 3.0]
    return set_


add("dc_inplace_times", lambda x: np.sum(G_VEC * np.cos(x)) + np.dot(G_VEC, x) ** 2,
    [[0.1, 0.2, 0.3]], states=[_times(0), _times(1), _times(0)])

PRICES = np.array([100.0, 101.5, 99.8, 102.3, 103.1, 101.9])


def weighted_return(w):
    r = np.diff(np.log(PRICES))
    return np.sum(w * r) ** 2 + np.sum(w ** 2) * np.std(r)


add("dc_inplace_row_update", weighted_return, [[0.2, 0.1, 0.3, 0.25, 0.15]],
    states=inplace(PRICES, [PRICES.copy(), np.array([100.0, 98.0, 97.5, 99.0, 104.0, 110.0]),
                            PRICES.copy()]))

M_FILL = np.ones((3, 3))


def fill_state(k):
    def set_():
        if k == 1:
            M_FILL.fill(0.5)
            M_FILL[np.diag_indices(3)] = 2.0
        else:
            M_FILL.fill(1.0)
    return set_


add("dc_fill_diag", lambda x: np.log(1.0 + x @ M_FILL @ x), [[0.3, 0.5, -0.2]],
    states=[fill_state(0), fill_state(1), fill_state(0)])

W1 = np.array([[0.5, -0.3], [0.8, 0.1], [-0.2, 0.4]])
B1 = np.array([0.1, -0.1, 0.05])
LAYERS = [W1, B1]


def mlp(x):
    h = np.tanh(LAYERS[0] @ x + LAYERS[1])
    return np.sum(h ** 2) + h[0] * h[2]


def layers_state(k):
    def set_():
        LAYERS[0][:] = (W1_0, W1_0 * -2.0 + 0.3, W1_0)[k]
        LAYERS[1][:] = (B1_0, B1_0 + 1.0, B1_0)[k]
    return set_


W1_0, B1_0 = W1.copy(), B1.copy()
add("dc_list_of_arrays_inplace", mlp, [[0.9, -0.6]], states=[layers_state(k) for k in range(3)])

# ---------------------------------------------------------------- containers and objects
PARAMS = {"k": 2.0, "x0": np.array([0.5, -0.5])}


def params_state(k):
    def set_():
        PARAMS["k"] = (2.0, 9.0, 2.0)[k]
        PARAMS["x0"] = (np.array([0.5, -0.5]), np.array([-1.0, 3.0]), np.array([0.5, -0.5]))[k]
    return set_


def spring_energy(x):
    d = x - PARAMS["x0"]
    return 0.5 * PARAMS["k"] * np.sum(d ** 2) + np.prod(d)


add("dc_dict_entry", spring_energy, [[1.0, 2.0], [-0.3, 0.4]],
    states=[params_state(k) for k in range(3)])

COEFS = [1.0, -2.0, 0.5]


def poly(x):
    return COEFS[0] + COEFS[1] * x + COEFS[2] * x ** 2 + np.sin(COEFS[1] * x)


def coefs_state(k):
    def set_():
        COEFS[1] = (-2.0, 3.5, -2.0)[k]
    return set_


add("dc_list_item", poly, [[0.7], [2.0]], states=[coefs_state(k) for k in range(3)])

DATA = {"X": R.normal(size=(5, 2)), "y": R.normal(size=5)}
DATA0 = {k: v.copy() for k, v in DATA.items()}


def nested_state(k):
    def set_():
        if k == 1:
            DATA["X"] = DATA0["X"] * -1.5 + 0.2
            DATA["y"][:] = DATA0["y"] + 3.0
        else:
            DATA["X"] = DATA0["X"].copy()
            DATA["y"][:] = DATA0["y"]
    return set_


add("dc_nested_dict_arrays", lambda w: np.sum((DATA["X"] @ w - DATA["y"]) ** 2),
    [[0.4, -0.9]], states=[nested_state(k) for k in range(3)])


class Oscillator:
    def __init__(self, omega, damping):
        self.omega = omega
        self.damping = damping

    def energy(self, x):
        q, p = x[0], x[1]
        return 0.5 * p ** 2 + 0.5 * self.omega ** 2 * q ** 2 + self.damping * q * p


OSC = Oscillator(1.5, 0.1)


def osc_state(k):
    def set_():
        OSC.omega = (1.5, 4.0, 1.5)[k]
        OSC.damping = (0.1, -0.7, 0.1)[k]
    return set_


add("dc_object_attribute", lambda x: OSC.energy(x), [[0.3, -1.2]],
    states=[osc_state(k) for k in range(3)])
add("dc_bound_method", OSC.energy, [[1.1, 0.4]], states=[osc_state(k) for k in range(3)])


class Spring:
    k = 3.0
    rest = 1.0

    @classmethod
    def potential(cls, x):
        return 0.5 * cls.k * (np.sqrt(x[0] ** 2 + x[1] ** 2) - cls.rest) ** 2


def spring_state(k):
    def set_():
        Spring.k = (3.0, 7.0, 3.0)[k]
        Spring.rest = (1.0, 0.2, 1.0)[k]
    return set_


add("dc_class_attribute", lambda x: Spring.potential(x) + x[0] * Spring.k,
    [[0.8, 0.9]], states=[spring_state(k) for k in range(3)])


@dataclasses.dataclass
class Optim:
    lr: float = 0.1
    decay: float = 0.01


@dataclasses.dataclass
class Config:
    opt: Optim
    scale: float = 1.0


CFG = Config(Optim())


def cfg_state(k):
    def set_():
        CFG.opt.lr = (0.1, 2.5, 0.1)[k]
        CFG.scale = (1.0, -3.0, 1.0)[k]
    return set_


add("dc_nested_dataclass",
    lambda w: CFG.scale * np.sum(w ** 3) * CFG.opt.lr + CFG.opt.decay * np.sum(w ** 2),
    [[0.5, 1.5, -1.0]], states=[cfg_state(k) for k in range(3)])


def module_state(k):
    def set_():
        mydata.K = (2.0, 5.0, 2.0)[k]
        mydata.WEIGHTS[:] = ([1.0, 0.5, 2.0], [-1.0, 4.0, 0.1], [1.0, 0.5, 2.0])[k]
    return set_


add("dc_own_module_attr", lambda x: np.sum(mydata.WEIGHTS * np.sin(mydata.scale(x))),
    [[0.2, 0.4, 0.6]], states=[module_state(k) for k in range(3)])
add("dc_own_module_const", lambda x, y: mydata.K * x ** 2 * y + np.exp(-mydata.K * y),
    [{"x": 1.2, "y": 0.3}], states=[module_state(k) for k in range(3)])

OPS = {"f": np.sin, "g": np.exp}


def ops_state(k):
    def set_():
        OPS["f"] = (np.sin, np.cos, np.sin)[k]
    return set_


add("dc_function_in_dict", lambda x: np.sum(OPS["f"](x) * OPS["g"](0.1 * x)),
    [[0.4, 1.3]], states=[ops_state(k) for k in range(3)])

FRAME = pd.DataFrame({"t": np.linspace(0.0, 1.0, 6), "y": np.array([1.0, 1.4, 2.1, 2.9, 4.2, 5.8])})
FRAME_Y0 = FRAME["y"].to_numpy().copy()


def frame_state(k):
    def set_():
        FRAME["y"] = (FRAME_Y0, FRAME_Y0[::-1] * 2.0, FRAME_Y0)[k]
    return set_


def exp_fit(p):
    t, y = FRAME["t"].to_numpy(), FRAME["y"].to_numpy()
    return np.sum((p[0] * np.exp(p[1] * t) - y) ** 2)


add("dc_pandas_column", exp_fit, [[1.0, 1.5]], states=[frame_state(k) for k in range(3)])

# ---------------------------------------------------------------- closures, helpers, defaults


def make_gain_model():
    gain = 1.0

    def model(x):
        return gain * np.sum(np.tanh(x)) + gain ** 2 * x[0]

    def set_gain(v):
        nonlocal gain
        gain = v

    return model, set_gain, lambda: gain


GAIN_MODEL, SET_GAIN, GET_GAIN = make_gain_model()
add("dc_closure_nonlocal", GAIN_MODEL, [[0.3, -0.8, 1.5]],
    states=[lambda v=v: SET_GAIN(v) for v in (1.0, -2.5, 1.0)])


def make_cell_model():
    box = [np.array([1.0, 2.0])]

    def model(x):
        return np.sum(np.log1p(box[0] * x ** 2))

    return model, box


CELL_MODEL, CELL_BOX = make_cell_model()


def cell_state(k):
    def set_():
        CELL_BOX[0] = (np.array([1.0, 2.0]), np.array([10.0, 0.1]), np.array([1.0, 2.0]))[k]
    return set_


add("dc_closure_mutable_cell", CELL_MODEL, [[0.5, 1.5]], states=[cell_state(k) for k in range(3)])


def _helper_versions():
    def helper(z):
        return np.sin(z) + 0.5 * z

    first = helper

    def helper(z):  # the user re-runs the cell with a new body
        return np.cos(z) * 2.0 - z ** 2

    return [first, helper]


HELPERS = _helper_versions()
helper = HELPERS[0]
HELPER_VERSION = 0


def uses_helper(x):
    return np.sum(helper(x) * x)


def helper_state(k):
    def set_():
        MOD.helper = HELPERS[(0, 1, 0)[k]]
        MOD.HELPER_VERSION = (0, 1, 0)[k]
    return set_


add("dc_helper_redefined", uses_helper, [[0.3, 1.1, -0.7]],
    states=[helper_state(k) for k in range(3)])

DEFAULT_W = np.array([1.0, 1.0])


def weighted_norm(x, w=DEFAULT_W):
    return np.sqrt(np.sum(w * x ** 2) + 1.0)


add("dc_default_array_mutated", weighted_norm, [[0.6, -1.4]],
    states=inplace(DEFAULT_W, [np.array([1.0, 1.0]), np.array([5.0, 0.2]), np.array([1.0, 1.0])]))

OPTS = {"p": 2.0, "eps": 1e-3}


def soft_pnorm(x, opts=OPTS):
    return np.sum((x ** 2 + opts["eps"]) ** (opts["p"] / 2))


def opts_state(k):
    def set_():
        OPTS["p"] = (2.0, 3.0, 2.0)[k]
    return set_


add("dc_default_dict_mutated", soft_pnorm, [[0.5, -1.0, 2.0]],
    states=[opts_state(k) for k in range(3)])

C_PART = np.array([0.5, 2.0, -1.0])


def model_c(x, c):
    return np.sum(c * x ** 2) + np.prod(np.cos(c * x))


add("dc_partial_inplace", functools.partial(model_c, c=C_PART), [[0.4, 0.2, 0.9]],
    states=inplace(C_PART, [C_PART.copy(), np.array([-3.0, 0.1, 4.0]), C_PART.copy()]))

# ---------------------------------------------------------------- Jacobians over changing data
T_OBS = np.linspace(0.0, 2.0, 5)
Y_OBS = np.array([2.0, 1.3, 0.9, 0.6, 0.4])


def residuals(p):
    return p[0] * np.exp(-p[1] * T_OBS) - Y_OBS


add("dc_jac_residuals", residuals, [[2.0, 0.8], [1.0, 0.1]], kind="jac",
    states=rebind(T_OBS=[T_OBS, np.linspace(1.0, 5.0, 5), T_OBS]))

K_MAT = np.array([[2.0, -1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, -1.0, 2.0]])


def forces(x):
    return -K_MAT @ x + 0.3 * np.sin(x) ** 2


add("dc_jac_inplace_element", forces, [[0.1, -0.4, 0.8]], kind="jac",
    states=[lambda: K_MAT.__setitem__((0, 1), -1.0), lambda: K_MAT.__setitem__((0, 1), 5.0),
            lambda: K_MAT.__setitem__((0, 1), -1.0)])

# ---------------------------------------------------------------- data passed as arguments


def lsq_args(w, A, y):
    r = A @ w - y
    return 0.5 * np.dot(r, r) + 0.01 * np.sum(w ** 4)


A_ARG = [R.normal(size=(7, 3)), R.normal(size=(7, 3)) * 2.0 - 1.0, R.normal(size=(11, 3))]
Y_ARG = [R.normal(size=7), R.normal(size=7) + 5.0, R.normal(size=11)]
add("da_lsq_args", lsq_args, [[0.2, -0.5, 0.9], [1.0, 1.0, 1.0]],
    args=[(A_ARG[0], Y_ARG[0]), (A_ARG[1], Y_ARG[1]), (A_ARG[2], Y_ARG[2]),
          (A_ARG[0], Y_ARG[0])])


def gauss_nll(theta, data):
    mu, log_sigma = theta[0], theta[1]
    s = np.exp(log_sigma)
    return np.sum(0.5 * ((data - mu) / s) ** 2 + log_sigma)


SAMPLES = [R.normal(1.0, 2.0, size=20), R.normal(-3.0, 0.5, size=35), R.normal(1.0, 2.0, size=20)]
add("da_gauss_nll_lengths", gauss_nll, [[0.5, 0.3]], args=[(s,) for s in SAMPLES])


def scaled_exp(x, alpha, beta):
    return np.sum(np.exp(alpha * x)) + beta * x[0] * x[-1]


add("da_float_args", scaled_exp, [[0.1, -0.3, 0.5]],
    args=[(0.5, 2.0), (-1.5, 0.0), (2.0, -4.0), (0.5, 2.0)])


def logreg_args(w, X, t):
    z = X @ w
    return np.sum(np.logaddexp(0.0, z) - t * z)


XA = [R.normal(size=(9, 2)), R.normal(size=(9, 2)) * 4.0]
TA = [(R.random(9) > 0.4).astype(float), (R.random(9) > 0.6).astype(float)]
add("da_logreg_inplace_buffer", logreg_args, [[0.3, -0.6]],
    args=[(XA[0], TA[0]), (XA[1], TA[1]), (XA[0], TA[0])], tags=("inplace_args",))


def quad_int_args(x, n):
    s = 0.0
    for k in range(n):
        s = s + np.sin((k + 1) * x[0]) * x[1] ** k
    return s


add("da_int_arg_loop", quad_int_args, [[0.7, 0.5]], args=[(3,), (6,), (3,)])
