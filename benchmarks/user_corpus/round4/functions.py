"""Round 4 of the user corpus: the operators beyond the gradient.

Functions written the way gradlab's users write them, each registered with the derivative
they ask for: the Jacobian, JVP or VJP of vector-valued functions (residuals of least squares,
ODE right-hand sides, coordinate transforms, softmax and normalisations, force fields,
kinematics, neural-net layers, linear solves and inverses of matrices built from the
variables, cumsum/stack/concatenate, closures and classes), and the Hessian or HVP of scalar
functions (energies, log-likelihoods, Rosenbrock variants, quadratic forms, norms,
logsumexp, helpers calling helpers, fixed-count loops).

Every entry of CASES is (name, f, point, derivative, direction). Points are smooth (no
kinks, ties or zero norms). A direction left out is drawn from a generator seeded by the
case's name: shaped like the point for jvp/hvp, like f's value for vjp.
"""

import dataclasses
import functools
import math
import zlib
from math import atan2, cos, exp, log, sin, sqrt

import numpy as np
import scipy.special
from numpy import arctan2, concatenate, cumsum, linspace, stack
from numpy.linalg import inv, norm, slogdet, solve
from scipy.special import expit, gammaln, logsumexp, softmax, xlogy

CASES = []
NEEDS_DIRECTION = {"jvp", "hvp", "vjp"}


def _call(f, point):
    if isinstance(point, tuple):
        return f(*point)
    if isinstance(point, dict):
        return f(**point)
    return f(np.array(point, dtype=float, copy=True))


def _default_direction(name, f, point, derivative):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    if derivative == "vjp":
        shape = np.shape(_call(f, point))
    elif isinstance(point, (tuple, dict)):
        shape = (len(point),)
    else:
        shape = np.shape(point)
    return np.round(rng.normal(size=shape), 3)


def add(name, f, point, derivative, direction=None):
    if derivative in NEEDS_DIRECTION and direction is None:
        direction = _default_direction(name, f, point, derivative)
    CASES.append((name, f, point, derivative, direction))
    return f


def case(point, derivative, direction=None, name=None):
    def deco(f):
        add(name or f.__name__, f, point, derivative, direction)
        return f

    return deco


rng = np.random.default_rng(4044)
T_DATA = np.linspace(0.0, 3.0, 10)
Y_DECAY = 2.5 * np.exp(-0.8 * T_DATA) + 0.02 * rng.normal(size=10)
X_PEAK = np.linspace(-2.0, 2.0, 9)
Y_PEAK = 1.7 * np.exp(-((X_PEAK - 0.3) ** 2) / (2 * 0.6**2)) + 0.01 * rng.normal(size=9)
S_MM = np.array([0.2, 0.5, 1.0, 2.0, 4.0, 8.0])
V_MM = np.array([0.09, 0.19, 0.29, 0.41, 0.50, 0.56])
W1 = rng.normal(scale=0.6, size=(5, 3))
B1 = rng.normal(scale=0.1, size=5)
W2 = rng.normal(scale=0.6, size=(2, 5))
B2 = np.array([0.05, -0.1])
A_SPD = np.array([[4.0, 1.0, 0.5, 0.0], [1.0, 3.0, 0.2, 0.3], [0.5, 0.2, 2.5, 0.4],
                  [0.0, 0.3, 0.4, 2.0]])
A_NONSYM = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0], [0.4, 0.0, 2.0]])
B_VEC = np.array([1.0, -2.0, 0.5, 0.3])
X_LOGIT = rng.normal(size=(15, 3))
Y_LOGIT = (X_LOGIT @ np.array([1.2, -0.7, 0.4]) + 0.5 * rng.normal(size=15) > 0).astype(float)
COUNTS = np.array([2.0, 0.0, 5.0, 3.0, 1.0, 7.0, 4.0, 2.0])
X_POIS = np.column_stack([np.ones(8), np.linspace(-1.0, 1.0, 8)])
DATA_N = rng.normal(1.5, 0.8, size=20)
J_COUPLE = 0.3 * np.array([[0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0]], float)
CHARGES = np.array([[1.0, 0.0, 0.0], [-0.5, 1.2, 0.3], [0.2, -0.8, 1.0]])
PROBES = np.array([[2.0, 0.5, 0.1], [-1.0, 2.0, 0.4], [0.3, -1.5, 2.2]])
SIGMA, RHO, BETA = 10.0, 28.0, 8.0 / 3.0
X_DESIGN = np.vander(np.linspace(0.0, 1.0, 7), 3)
COV_INV = np.array([[2.0, 0.3, 0.0], [0.3, 1.5, -0.2], [0.0, -0.2, 1.0]])
MU3 = np.array([0.5, -0.2, 1.0])
POLY_C = np.array([0.5, -1.0, 2.0, 0.3])
DT = 0.05

# ======================================================================================
# A. coordinate transforms and kinematics (jacobian / jvp / vjp)
# ======================================================================================


@case(np.array([1.5, 0.7]), "jacobian")
def polar_to_cartesian(p):
    r, th = p
    return np.array([r * np.cos(th), r * np.sin(th)])


@case(np.array([2.0, 0.8, 1.3]), "jacobian")
def spherical_to_cartesian(q):
    r, theta, phi = q[0], q[1], q[2]
    x = r * np.sin(theta) * np.cos(phi)
    y = r * np.sin(theta) * np.sin(phi)
    z = r * np.cos(theta)
    return np.array([x, y, z])


add("spherical_to_cartesian_jvp", spherical_to_cartesian, np.array([2.0, 0.8, 1.3]), "jvp")


@case(np.array([1.0, -0.5, 0.8]), "jacobian")
def cartesian_to_spherical(v):
    x, y, z = v
    r = np.sqrt(x**2 + y**2 + z**2)
    theta = np.arccos(z / r)
    phi = arctan2(y, x)
    return np.array([r, theta, phi])


@case((1.2, 0.4, -0.7), "vjp")
def cylindrical(r, phi, z):
    return np.array([r * cos(phi), r * sin(phi), z])


@case((0.8, 1.1), "jacobian")
def two_link_arm(theta1, theta2):
    l1, l2 = 1.0, 0.7
    x = l1 * math.cos(theta1) + l2 * math.cos(theta1 + theta2)
    y = l1 * math.sin(theta1) + l2 * math.sin(theta1 + theta2)
    return np.array([x, y])


@case(np.array([0.3, 0.5, -0.4]), "jacobian")
def three_link_arm_cumsum(angles):
    lengths = np.array([1.0, 0.8, 0.5])
    phi = np.cumsum(angles)
    return np.array([np.sum(lengths * np.cos(phi)), np.sum(lengths * np.sin(phi))])


add("three_link_arm_vjp", three_link_arm_cumsum, np.array([0.3, 0.5, -0.4]), "vjp")


@case(np.array([12.0, 0.6]), "jvp")
def projectile_position(params):
    v0, angle = params
    g, t = 9.81, np.linspace(0.2, 1.0, 5)
    x = v0 * np.cos(angle) * t
    y = v0 * np.sin(angle) * t - 0.5 * g * t**2
    return np.concatenate([x, y])


@case(np.array([0.4, 1.5, -0.3, 0.8]), "vjp")
def rotate_point(p):
    theta = p[0]
    R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    return R @ p[1:3] * p[3]


@case(np.array([0.9, 0.2, -0.3, 0.4]), "jacobian")
def quaternion_to_matrix(q):
    w, x, y, z = q / np.linalg.norm(q)
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


@case(np.array([0.4, -0.3, 5.0]), "jacobian")
def pinhole_projection(P):
    f, cx, cy = 800.0, 320.0, 240.0
    return np.array([f * P[0] / P[2] + cx, f * P[1] / P[2] + cy])


@case(np.array([1.2, 0.3, 0.9, 0.5, 0.8, 0.2]), "jacobian")
def orbital_position(el):
    a, e, inc, raan, argp, M = el
    E = M
    for _ in range(8):  # Newton on Kepler's equation, fixed count
        E = E - (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
    nu = 2 * np.arctan2(np.sqrt(1 + e) * np.sin(E / 2), np.sqrt(1 - e) * np.cos(E / 2))
    r = a * (1 - e * np.cos(E))
    u = argp + nu
    return r * np.array([
        np.cos(raan) * np.cos(u) - np.sin(raan) * np.sin(u) * np.cos(inc),
        np.sin(raan) * np.cos(u) + np.cos(raan) * np.sin(u) * np.cos(inc),
        np.sin(u) * np.sin(inc),
    ])


@case(np.array([0.7, -0.2, 1.1, 0.4, 0.3, -0.6]), "jvp")
def cross_product_pair(x):
    return np.cross(x[:3], x[3:])


@case(np.array([0.2, 1.3, -0.4]), "jacobian")
def cross_with_field(v):
    B = np.array([0.0, 0.3, 1.0])
    q_over_m = 1.7
    return q_over_m * np.cross(v, B)


# ======================================================================================
# B. ODE right-hand sides and integrators
# ======================================================================================


@case(np.array([1.0, 1.5, 20.0]), "jacobian")
def lorenz_rhs(s):
    x, y, z = s
    return np.array([SIGMA * (y - x), x * (RHO - z) - y, x * y - BETA * z])


add("lorenz_rhs_vjp", lorenz_rhs, np.array([1.0, 1.5, 20.0]), "vjp")


@case(np.array([10.0, 5.0]), "jacobian")
def lotka_volterra(z):
    prey, pred = z
    a, b, c, d = 1.1, 0.4, 0.4, 0.1
    return np.array([a * prey - b * prey * pred, d * prey * pred - c * pred])


add("lotka_volterra_jvp", lotka_volterra, np.array([10.0, 5.0]), "jvp")


@case(np.array([1.5, -0.4]), "jacobian")
def van_der_pol(y, mu=2.0):
    return np.array([y[1], mu * (1 - y[0] ** 2) * y[1] - y[0]])


@case(np.array([0.3, 0.5, 0.1, -0.2]), "jacobian")
def double_pendulum_rhs(s):
    th1, th2, w1, w2 = s
    g, L = 9.81, 1.0
    d = th1 - th2
    den = 3 - np.cos(2 * d)
    a1 = (-3 * g * np.sin(th1) - g * np.sin(th1 - 2 * th2)
          - 2 * np.sin(d) * (w2**2 * L + w1**2 * L * np.cos(d))) / (L * den)
    a2 = 2 * np.sin(d) * (2 * w1**2 * L + 2 * g * np.cos(th1) + w2**2 * L * np.cos(d)) / (L * den)
    return np.array([w1, w2, a1, a2])


@case(np.array([0.9, 3e-5, 0.1]), "jacobian")
def robertson_kinetics(y):
    k1, k2, k3 = 0.04, 3e7, 1e4
    return np.array([
        -k1 * y[0] + k3 * y[1] * y[2],
        k1 * y[0] - k3 * y[1] * y[2] - k2 * y[1] ** 2,
        k2 * y[1] ** 2,
    ])


@case(np.array([0.95, 0.04, 0.01]), "vjp")
def sir_model(u):
    S, I, R = u
    beta, gamma = 0.3, 0.1
    N = S + I + R
    return np.array([-beta * S * I / N, beta * S * I / N - gamma * I, gamma * I])


def pendulum(state):
    theta, omega = state
    return np.array([omega, -9.81 * np.sin(theta) - 0.2 * omega])


@case(np.array([0.6, -0.3]), "jacobian")
def rk4_step(y):
    h = 0.1
    k1 = pendulum(y)
    k2 = pendulum(y + h / 2 * k1)
    k3 = pendulum(y + h / 2 * k2)
    k4 = pendulum(y + h * k3)
    return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


@case(np.array([1.0, 0.0, 0.5]), "jvp")
def euler_ten_steps(y0):
    y = y0.copy()
    for _ in range(10):
        dy = np.array([-0.5 * y[0] + y[1] * y[2], -y[1] + 0.3 * y[0], -0.2 * y[2] ** 2])
        y = y + DT * dy
    return y


@case(np.array([0.1, 0.3, 0.6, 0.8, 0.5, 0.2]), "jacobian")
def heat_rhs_dirichlet(u):
    dx = 1.0 / (len(u) + 1)
    padded = np.concatenate([[0.0], u, [0.0]])
    return (padded[2:] - 2 * padded[1:-1] + padded[:-2]) / dx**2 + u**3


@case(np.array([0.2, 0.5, 0.9, 0.4, 0.1]), "vjp")
def fisher_kpp_rhs(u):
    lap = np.diff(u, 2)
    interior = lap + 0.5 * u[1:-1] * (1 - u[1:-1])
    return interior


@case(np.array([0.5, 1.0, 0.3, -0.2]), "jacobian")
def predator_prey_competition(z):
    x = z[:2]
    r = np.array([1.0, 0.72])
    A = np.array([[1.0, 1.09], [0.0, 1.0]])
    return np.concatenate([r * x * (1 - A @ x), z[2:] * np.exp(-z[:2])])


# ======================================================================================
# C. least-squares residuals
# ======================================================================================


@case(np.array([2.3, 0.7]), "jacobian")
def exp_decay_residuals(p):
    a, k = p
    return a * np.exp(-k * T_DATA) - Y_DECAY


add("exp_decay_residuals_vjp", exp_decay_residuals, np.array([2.3, 0.7]), "vjp")


@case(np.array([1.5, 0.2, 0.7]), "jacobian")
def gaussian_peak_residuals(theta):
    amp, mu, sig = theta
    model = amp * np.exp(-((X_PEAK - mu) ** 2) / (2 * sig**2))
    return (model - Y_PEAK) / 0.01


add("gaussian_peak_residuals_vjp", gaussian_peak_residuals, np.array([1.5, 0.2, 0.7]), "vjp")


@case(np.array([0.3, -1.0, 2.0]), "jacobian")
def polyval_residuals(c):
    return np.polyval(c, T_DATA) - Y_DECAY


@case(np.array([0.7, 1.8]), "jvp")
def michaelis_menten_residuals(p):
    vmax, km = p[0], p[1]
    return V_MM - vmax * S_MM / (km + S_MM)


@case(np.array([-1.2, 1.0]), "jacobian")
def rosenbrock_residuals(x):
    return np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]])


@case(np.array([3.0, -1.0, 0.5, 1.0]), "jvp")
def powell_singular_residuals(x):
    return np.array([
        x[0] + 10 * x[1],
        np.sqrt(5) * (x[2] - x[3]),
        (x[1] - 2 * x[2]) ** 2,
        np.sqrt(10) * (x[0] - x[3]) ** 2,
    ])


@case(np.array([0.4, 0.6, 0.25]), "jacobian")
def circle_fit_residuals(c):
    pts = np.array([[1.1, 0.5], [0.3, 1.2], [-0.4, 0.6], [0.0, -0.3], [0.9, -0.2]])
    d = np.sqrt((pts[:, 0] - c[0]) ** 2 + (pts[:, 1] - c[1]) ** 2)
    return d - c[2] - 0.5


@case(np.array([0.5, 1.2, -0.3]), "vjp")
def weighted_residuals_design(beta):
    w = np.sqrt(np.linspace(1.0, 2.0, 7))
    y = np.sin(np.linspace(0.0, 1.0, 7))
    return w * (X_DESIGN @ beta - y)


@case(np.array([1.0, 0.5, 2.0, 0.1]), "jacobian")
def sinusoid_residuals(p):
    A, w, phase, off = p
    t = T_DATA
    return A * np.sin(w * t + phase) + off - np.cos(t)


# ======================================================================================
# D. softmax, normalisation, neural-net layers
# ======================================================================================


@case(np.array([0.5, -1.0, 2.0, 0.3]), "jacobian")
def softmax_naive(z):
    e = np.exp(z)
    return e / np.sum(e)


add("softmax_naive_vjp", softmax_naive, np.array([0.5, -1.0, 2.0, 0.3]), "vjp")


@case(np.array([1.5, 0.2, -0.7, 2.4, 0.9]), "jacobian")
def softmax_stable(z):
    z = z - np.max(z)
    return np.exp(z) / np.exp(z).sum()


@case(np.array([0.3, -0.8, 1.6]), "jacobian")
def log_softmax_lse(z):
    return z - logsumexp(z)


@case(np.array([0.1, 0.9, -0.4, 0.6]), "jvp")
def scipy_softmax(z):
    return softmax(2.0 * z)


@case(np.array([[0.2, 1.0, -0.5], [0.7, -0.3, 0.4]]), "vjp")
def softmax_rows(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


@case(np.array([3.0, -4.0, 1.5, 2.0]), "jacobian")
def normalize(x):
    return x / np.linalg.norm(x)


@case(np.array([0.5, 2.0, -1.0, 1.3, 0.1]), "jacobian")
def layer_norm(x, eps=1e-5):
    mu = x.mean()
    var = x.var()
    return (x - mu) / np.sqrt(var + eps)


@case(np.array([[1.0, 2.0], [0.5, -1.5], [2.5, 0.3]]), "jvp")
def normalize_rows(X):
    return X / norm(X, axis=1, keepdims=True)


@case(np.array([0.3, -1.2, 0.8]), "jacobian")
def dense_tanh(x):
    return np.tanh(W1 @ x + B1)


@case(np.array([0.5, 0.1, -0.9]), "jacobian")
def mlp_two_layers(x):
    h = np.tanh(W1 @ x + B1)
    return expit(W2 @ h + B2)


add("mlp_two_layers_vjp", mlp_two_layers, np.array([0.5, 0.1, -0.9]), "vjp")


@case(np.array([0.2, 0.4, -0.1]), "jvp")
def mlp_softplus(x):
    h = np.logaddexp(0.0, W1 @ x + B1)
    return W2 @ h + B2


class Dense:
    def __init__(self, W, b, activation=np.tanh):
        self.W = W
        self.b = b
        self.activation = activation

    def __call__(self, x):
        return self.activation(self.W @ x + self.b)


class MLP:
    def __init__(self):
        self.layers = [Dense(W1, B1), Dense(W2, B2, activation=lambda z: z)]

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


_net = MLP()
add("class_mlp_forward", _net.forward, np.array([0.6, -0.2, 0.3]), "vjp")
add("class_dense_layer", Dense(W1, B1, activation=np.sin), np.array([0.1, 0.2, 0.3]), "jacobian")


@case(np.array([[0.5, -0.2, 0.1], [0.3, 0.8, -0.6]]), "jacobian")
def linear_layer_weights(W):
    x = np.array([1.0, -0.5, 2.0])
    return np.tanh(W @ x)


@case(np.array([0.4, -0.3, 1.1, 0.2]), "jacobian")
def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


@case(np.array([0.7, -0.4, 1.2]), "vjp")
def attention_weights(q):
    K = np.array([[1.0, 0.2, -0.3], [0.4, -1.0, 0.5], [0.0, 0.7, 0.9], [-0.6, 0.1, 0.3]])
    V = np.array([[1.0, 0.0], [0.5, 1.5], [-1.0, 0.3], [0.2, -0.8]])
    scores = K @ q / np.sqrt(3)
    w = np.exp(scores - scores.max())
    w = w / w.sum()
    return w @ V


@case(np.array([0.2, -0.5, 1.0, 0.4]), "jvp")
def logistic_predictions(w):
    X = np.column_stack([X_LOGIT, np.ones(15)])
    return scipy.special.expit(X @ w)


# ======================================================================================
# E. physics force fields
# ======================================================================================


@case(np.array([0.0, 0.0, 1.1, 0.1, 0.4, 0.9]), "jacobian")
def gravity_forces_3bodies(flat):
    pos = flat.reshape(3, 2)
    m = np.array([1.0, 2.0, 0.5])
    F = np.zeros_like(pos)
    for i in range(3):
        for j in range(3):
            if i != j:
                d = pos[j] - pos[i]
                F[i] = F[i] + m[i] * m[j] * d / np.linalg.norm(d) ** 3
    return F.ravel()


@case(np.array([0.0, 1.1, 2.3, 3.2]), "jacobian")
def spring_chain_forces(x):
    k, L0 = 4.0, 1.0
    ext = np.diff(x) - L0
    f = np.zeros(4)
    f[:-1] += k * ext
    f[1:] -= k * ext
    return f


@case(np.array([0.3, -0.2, 0.5]), "jvp")
def coulomb_field_at_probes(src):
    E = []
    for p in PROBES:
        r = p - src
        E.append(r / np.linalg.norm(r) ** 3)
    return np.stack(E).ravel()


@case(np.array([0.0, 0.0, 1.2, 0.1, 0.5, 1.0]), "vjp")
def lennard_jones_forces(flat):
    pos = flat.reshape(-1, 2)
    n = len(pos)
    forces = np.zeros((n, 2))
    for i in range(n):
        for j in range(i + 1, n):
            rij = pos[i] - pos[j]
            r2 = rij @ rij
            inv6 = 1.0 / r2**3
            fmag = 24 * (2 * inv6**2 - inv6) / r2
            forces[i] += fmag * rij
            forces[j] -= fmag * rij
    return forces.ravel()


@case(np.array([0.5, 0.3, 0.8]), "jacobian")
def dipole_field(r):
    p = np.array([0.0, 0.0, 1.0])
    rn = np.linalg.norm(r)
    rhat = r / rn
    return (3 * np.dot(p, rhat) * rhat - p) / rn**3


@case(np.array([1.0, 0.2, 0.0, 0.9]), "jacobian")
def drag_gravity_rhs(s):
    x, y, vx, vy = s
    c = 0.1
    speed = np.hypot(vx, vy)
    return np.array([vx, vy, -c * speed * vx, -9.81 - c * speed * vy])


# ======================================================================================
# F. linear algebra of matrices built from the variables
# ======================================================================================


@case(np.array([1.0, 0.5, 2.0]), "jacobian")
def solve_stiffness(k):
    K = np.array([[k[0] + k[1], -k[1], 0.0], [-k[1], k[1] + k[2], -k[2]], [0.0, -k[2], k[2]]])
    f = np.array([0.0, 0.0, 1.0])
    return np.linalg.solve(K, f)


add("solve_stiffness_vjp", solve_stiffness, np.array([1.0, 0.5, 2.0]), "vjp")


@case(np.array([2.0, 0.3, -0.4, 1.5]), "jacobian")
def inverse_2x2(a):
    M = a.reshape(2, 2)
    return np.linalg.inv(M)


@case(np.array([0.8, 0.3]), "jvp")
def inv_times_vector(p):
    M = np.array([[2.0 + p[0], p[1]], [p[1], 1.0 + p[0] ** 2]])
    return inv(M) @ np.array([1.0, -1.0])


@case(np.array([[3.0, 0.5], [0.5, 2.0], [1.0, -1.0]]), "jacobian")
def gram_matrix(X):
    return X.T @ X


@case(np.array([0.4, -0.2, 1.0]), "jacobian")
def outer_product(x):
    return np.outer(x, x)


add("outer_product_jvp", outer_product, np.array([0.4, -0.2, 1.0]), "jvp")


@case(np.array([1.0, 0.2, 0.3]), "jacobian")
def eigvalsh_2x2(p):
    M = np.array([[p[0], p[1]], [p[1], p[2]]])
    return np.linalg.eigvalsh(M)


@case(np.array([4.0, 1.0, 3.0]), "jacobian")
def cholesky_2x2(p):
    M = np.array([[p[0], p[1]], [p[1], p[2]]])
    return np.linalg.cholesky(M)


@case(np.array([0.3, 1.1, 0.9, 2.0, 1.4, 2.6, 3.1]), "jacobian")
def lstsq_line_fit(y):
    t = np.arange(7.0)
    A = np.column_stack([np.ones(7), t])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    return coef


@case(np.array([0.5, 1.0, -0.3]), "vjp")
def solve_shifted_system(x):
    A = A_SPD[:3, :3] + np.diag(x**2)
    return solve(A, np.exp(x))


@case(np.array([1.0, 0.4, -0.2, 0.7]), "jvp")
def gram_schmidt_2(v):
    a, b = v[:2], v[2:]
    e1 = a / np.linalg.norm(a)
    u = b - (b @ e1) * e1
    e2 = u / np.linalg.norm(u)
    return np.concatenate([e1, e2])


@case(np.array([0.2, 0.5, -0.1, 0.8]), "jacobian")
def complex_square_parts(p):
    z = p[0] + 1j * p[1]
    w = p[2] + 1j * p[3]
    q = z**2 * w + np.exp(z)
    return np.array([q.real, q.imag])


# ======================================================================================
# G. cumsum, stack, concatenate, closures, dataclasses
# ======================================================================================


@case(np.array([0.5, -0.3, 1.2, 0.8]), "jacobian")
def cumsum_squares(x):
    return cumsum(x**2)


@case(np.array([1.1, 0.9, 1.3, 0.8]), "vjp")
def cumprod_growth(r):
    return np.cumprod(r) * 100.0


@case(np.array([0.3, 1.2, -0.7]), "jacobian")
def stack_expressions(x):
    return stack([x[0] * x[1], np.sin(x[2]), x[0] ** 2 + x[2], np.exp(x[1] - x[0])])


@case(np.array([0.4, 0.9, -0.2]), "jvp")
def concatenate_pieces(x):
    return concatenate([x**2, np.exp(x[:2]), [x.sum()]])


def make_model(A):
    def model(x):
        return A @ np.sin(x) + 0.5 * x[::-1]
    return model


add("closure_model", make_model(A_NONSYM), np.array([0.2, 0.7, -0.4]), "jacobian")


def make_ode(k):
    return lambda y: -k * y + np.roll(y, 1) * y


add("closure_roll_ode", make_ode(0.7), np.array([1.0, 0.5, 0.2, 0.8]), "jvp")


@dataclasses.dataclass
class Decay:
    rates: np.ndarray = dataclasses.field(default_factory=lambda: np.array([0.5, 1.5, 3.0]))

    def curve(self, amps):
        t = linspace(0.0, 1.0, 4)
        return np.sum(amps[:, None] * np.exp(-self.rates[:, None] * t[None, :]), axis=0)


add("dataclass_multi_exp", Decay().curve, np.array([1.0, 0.5, 0.2]), "vjp")


@case(np.array([0.6, 0.2, 0.9]), "jacobian")
def vander_features(x):
    return np.vander(x, 3).ravel()


@case(np.array([0.5, 1.5, -0.5]), "jvp")
def where_constant_mask(x):
    mask = np.array([True, False, True])
    return np.where(mask, np.exp(x), x**3)


@case((0.7, 1.9), "jacobian")
def math_scalar_pair(x, y):
    return np.array([exp(x) * y, sin(x * y), sqrt(x + y), log(y) / x])


@case(np.array([0.8, 0.4, 1.1]), "jacobian")
def einsum_bilinear(x):
    T = np.arange(18.0).reshape(2, 3, 3) / 10
    return np.einsum("kij,i,j->k", T, x, x)


@case(np.array([0.2, 0.5, 0.9, 1.4]), "vjp")
def list_comprehension_array(x):
    return np.array([xi**2 * np.exp(-xi) for xi in x] + [np.prod(x)])


@case(np.array([[0.3, 1.0], [-0.5, 0.7]]), "jvp")
def matrix_square_minus(X):
    return X @ X - 2 * X.T


# ======================================================================================
# H. scalar: Rosenbrock family and test functions (hessian / hvp)
# ======================================================================================


@case((-1.2, 1.0), "hessian")
def rosenbrock_2d(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


@case(np.array([-1.2, 1.0, 0.8, 1.1, 0.5]), "hessian")
def rosenbrock_nd(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


add("rosenbrock_nd_hvp", rosenbrock_nd, np.array([-1.2, 1.0, 0.8, 1.1, 0.5]), "hvp")


@case(np.array([0.5, 0.8, 1.2, 0.3]), "hessian")
def rosenbrock_loop(x):
    total = 0.0
    for i in range(len(x) - 1):
        total += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return total


@case(np.array([1.0, 1.5]), "hessian")
def himmelblau(p):
    x, y = p
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


@case((1.5, 0.2), "hessian")
def beale(x, y):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


@case(np.array([0.3, -0.6, 1.1]), "hvp")
def styblinski_tang(x):
    return 0.5 * np.sum(x**4 - 16 * x**2 + 5 * x)


@case(np.array([0.3, -0.2, 0.45]), "hessian")
def rastrigin(x):
    return 10 * len(x) + np.sum(x**2 - 10 * np.cos(2 * np.pi * x))


@case(np.array([0.5, -0.4, 0.3]), "hessian")
def ackley(x):
    n = len(x)
    s1 = np.sqrt(np.sum(x**2) / n)
    s2 = np.sum(np.cos(2 * np.pi * x)) / n
    return -20 * np.exp(-0.2 * s1) - np.exp(s2) + 20 + np.e


@case((0.7, -0.3), "hessian")
def matyas_math(x, y):
    return 0.26 * (x * x + y * y) - 0.48 * x * y + math.sin(x) * math.cos(y)


@case({"x": 0.4, "y": 1.3}, "hessian")
def booth_dict_point(x, y):
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2 + x**3 * y


# ======================================================================================
# I. scalar: quadratic forms, norms, logsumexp
# ======================================================================================


@case(np.array([0.5, -1.0, 0.3, 2.0]), "hessian")
def quadratic_form_spd(x):
    return 0.5 * x @ A_SPD @ x - B_VEC @ x


add("quadratic_form_spd_hvp", quadratic_form_spd, np.array([0.5, -1.0, 0.3, 2.0]), "hvp")


@case(np.array([0.2, 0.7, -0.5]), "hessian")
def quadratic_form_nonsymmetric(x):
    return x @ A_NONSYM @ x


@case(np.array([1.0, 0.5, -0.3]), "hessian")
def mahalanobis_sq(x):
    d = x - MU3
    return d.T @ COV_INV @ d


@case(np.array([0.3, -0.4, 1.2, 0.8]), "hessian")
def euclidean_norm(x):
    return np.linalg.norm(x)


@case(np.array([0.3, -0.4, 1.2]), "hvp")
def norm_cubed_plus_dot(x):
    return norm(x) ** 3 + np.dot(x, x)


@case(np.array([0.6, 1.2, -0.8]), "hvp")
def p3_norm(x):
    return np.sum(np.abs(x) ** 3) ** (1 / 3)


@case(np.array([0.5, -1.0, 2.0, 0.1]), "hessian")
def logsumexp_scipy(x):
    return logsumexp(x)


@case(np.array([0.5, -1.0, 2.0, 0.1]), "hvp")
def logsumexp_naive(x):
    return np.log(np.sum(np.exp(x)))


@case(np.array([1.0, 0.3, -0.5]), "hessian")
def logsumexp_weighted_b(x):
    return logsumexp(2 * x, b=np.array([0.5, 1.0, 2.0]))


@case(np.array([0.2, -0.4, 0.9]), "hessian")
def softmax_entropy(z):
    p = np.exp(z) / np.sum(np.exp(z))
    return -np.sum(p * np.log(p))


@case(np.array([0.5, -1.5, 2.0]), "hessian")
def softplus_sum(x):
    return np.sum(np.logaddexp(0.0, x))


@case(np.array([[1.0, 0.3], [-0.2, 0.8]]), "hessian")
def frobenius_quartic(X):
    G = X.T @ X
    return np.trace(G @ G)


add("frobenius_quartic_hvp", frobenius_quartic, np.array([[1.0, 0.3], [-0.2, 0.8]]), "hvp")


@case(np.array([[2.0, 0.3, 0.1], [0.2, 1.5, -0.4], [0.0, 0.5, 1.2]]), "hessian")
def det_3x3(M):
    return np.linalg.det(M)


@case(np.array([1.0, 0.4, 0.2]), "hessian")
def logdet_spd(p):
    M = np.array([[2.0 + p[0], p[1]], [p[1], 1.5 + p[2] ** 2]])
    sign, ld = slogdet(M)
    return ld


@case(np.array([0.5, 0.2, 0.8]), "hvp")
def trace_inverse(p):
    M = A_SPD[:3, :3] + np.diag(p) @ np.diag(p)
    return np.trace(np.linalg.inv(M))


# ======================================================================================
# J. scalar: log-likelihoods and losses
# ======================================================================================


@case(np.array([0.4, -0.3, 0.2]), "hessian")
def logistic_nll(w):
    z = X_LOGIT @ w
    return np.sum(np.logaddexp(0, z) - Y_LOGIT * z)


add("logistic_nll_hvp", logistic_nll, np.array([0.4, -0.3, 0.2]), "hvp")


@case(np.array([0.2, -0.4, 0.7]), "hessian")
def logistic_nll_expit(w):
    p = expit(X_LOGIT @ w)
    return -np.mean(Y_LOGIT * np.log(p) + (1 - Y_LOGIT) * np.log(1 - p)) + 0.01 * w @ w


@case(np.array([1.2, -0.3]), "hessian")
def gaussian_nll_logsigma(theta):
    mu, log_sigma = theta
    sigma = np.exp(log_sigma)
    return np.sum(0.5 * ((DATA_N - mu) / sigma) ** 2 + log_sigma + 0.5 * np.log(2 * np.pi))


@case(np.array([0.8, 0.5]), "hvp")
def poisson_regression_nll(beta):
    eta = X_POIS @ beta
    return np.sum(np.exp(eta) - COUNTS * eta + gammaln(COUNTS + 1))


@case(np.array([2.0, 1.3]), "hessian")
def gamma_nll(p):
    shape, rate = p
    x = np.abs(DATA_N) + 0.1
    ll = shape * np.log(rate) - gammaln(shape) + (shape - 1) * np.log(x) - rate * x
    return -np.sum(ll)


@case(np.array([1.4, 0.2, 1.1]), "hvp")
def student_t_nll(theta):
    mu, log_s, log_nu = theta
    s, nu = np.exp(log_s), np.exp(log_nu)
    z = (DATA_N - mu) / s
    ll = (gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * np.log(nu * np.pi) - log_s
          - (nu + 1) / 2 * np.log1p(z**2 / nu))
    return -ll.sum()


@case(np.array([0.5, 1.0, 1.5]), "hessian")
def dirichlet_logpdf(alpha):
    x = np.array([0.2, 0.5, 0.3])
    return gammaln(alpha.sum()) - np.sum(gammaln(alpha)) + np.sum((alpha - 1) * np.log(x))


@case(np.array([0.9, 0.1, -0.2]), "hessian")
def mvn_logpdf_solve(x):
    S = A_SPD[:3, :3]
    d = x - MU3
    return -0.5 * d @ np.linalg.solve(S, d) - 0.5 * np.linalg.slogdet(S)[1]


@case(np.array([0.9, -1.8, 0.6]), "hessian")
def ridge_loss(w):
    Xd = X_LOGIT[:10]
    y = Xd @ np.array([1.0, -2.0, 0.5]) + 0.1
    return np.sum((Xd @ w - y) ** 2) + 0.3 * np.sum(w**2)


@case(np.array([0.3, 2.0, -1.5, 0.1]), "hessian")
def pseudo_huber(r):
    delta = 1.0
    return np.sum(delta**2 * (np.sqrt(1 + (r / delta) ** 2) - 1))


@case(np.array([0.4, -0.7, 1.3]), "hessian")
def log_cosh_loss(x):
    return np.sum(np.log(np.cosh(x - np.array([0.1, 0.2, 0.3]))))


@case(np.array([0.2, 0.5, 0.3]), "hessian")
def free_energy_xlogx(p):
    return np.sum(xlogy(p, p)) + 0.5 * np.sum(p * np.array([1.0, 2.0, -0.5]))


@case(np.array([0.3, -0.2, 0.6]), "hvp")
def mlp_output_loss(x):
    h = np.tanh(W1 @ x + B1)
    out = W2 @ h + B2
    return 0.5 * np.sum((out - np.array([0.5, -0.5])) ** 2)


@case(W2.copy(), "hessian")
def mlp_loss_in_weights(W):
    x = np.array([0.4, -0.1, 0.8])
    h = np.tanh(W1 @ x + B1)
    logits = W @ h
    return logsumexp(logits) - logits[0]


add("mlp_loss_in_weights_hvp", mlp_loss_in_weights, W2.copy(), "hvp")


@case(np.array([0.3, -0.2, 0.5, 0.1]), "hessian")
def erf_probit_nll(w):
    X = np.column_stack([X_LOGIT, np.ones(15)])
    p = 0.5 * (1 + scipy.special.erf(X @ w / np.sqrt(2)))
    return -np.sum(Y_LOGIT * np.log(p) + (1 - Y_LOGIT) * np.log1p(-p))


# ======================================================================================
# K. scalar: energies in physics
# ======================================================================================


@case(np.array([0.0, 0.0, 1.1, 0.1, 0.5, 1.0]), "hessian")
def lennard_jones_energy(flat):
    pos = flat.reshape(-1, 2)
    E = 0.0
    for i in range(len(pos)):
        for j in range(i + 1, len(pos)):
            r = np.linalg.norm(pos[i] - pos[j])
            E += 4 * (r**-12 - r**-6)
    return E


add("lennard_jones_energy_hvp", lennard_jones_energy, np.array([0.0, 0.0, 1.1, 0.1, 0.5, 1.0]),
    "hvp")


@case(np.array([0.0, 0.1, 1.2, -0.1, 2.1, 0.3]), "hvp")
def spring_network_energy(flat):
    pos = flat.reshape(3, 2)
    bonds = [(0, 1), (1, 2), (0, 2)]
    rest = [1.0, 1.0, 1.8]
    E = 0.0
    for (i, j), L in zip(bonds, rest):
        E += 0.5 * 10.0 * (np.linalg.norm(pos[i] - pos[j]) - L) ** 2
    return E


@case((1.3,), "hessian")
def morse_potential(r):
    D, a, re = 4.0, 1.5, 1.1
    return D * (1 - np.exp(-a * (r - re))) ** 2


@case(np.array([0.0, 0.0, 0.0, 1.0, 0.2, 0.1, 0.3, 1.1, -0.4]), "hessian")
def gravitational_potential(flat):
    x = flat.reshape(3, 3)
    m = [1.0, 0.5, 2.0]
    U = 0.0
    for i in range(3):
        for j in range(i):
            U -= m[i] * m[j] / np.sqrt(np.sum((x[i] - x[j]) ** 2))
    return U


def kinetic(v, m=1.5):
    return 0.5 * m * np.dot(v, v)


def potential(q):
    return 0.5 * 3.0 * np.sum(q**2) + 0.1 * np.sum(q**4)


def hamiltonian(z):
    q, p = np.split(z, 2)
    return kinetic(p) + potential(q)


add("hamiltonian_helpers", hamiltonian, np.array([0.3, -0.2, 0.5, 1.0]), "hessian")


@case(np.array([0.3, 0.7, 1.2, 0.4]), "hessian")
def chain_sin_coupling(x):
    s = 0.0
    for i in range(len(x) - 1):
        s += np.sin(x[i] * x[i + 1])
    return s


@case(np.array([0.9, 1.1, 0.8]), "hvp")
def while_fixed_count(x):
    y = np.ones_like(x)
    k = 0
    while k < 4:
        y = 0.5 * (y + x / y)  # Heron's square root, a fixed number of steps
        k += 1
    return np.sum(y**2 * x)


@case(np.array([0.1, 0.6, -0.3, 0.9]), "hvp")
def ising_continuous(s):
    return -0.5 * s @ J_COUPLE @ s + np.sum(np.log(np.cosh(s)))


@case(np.array([0.2, 0.4, -0.1]), "hessian")
def coulomb_energy_probe(x):
    U = 0.0
    for q in CHARGES:
        U = U + q[0] / np.linalg.norm(x - np.array([1.0, q[1], q[2]]))
    return U


@case(np.array([0.6, 0.4, 0.25]), "hvp")
def brachistochrone_time(y_inner):
    y = np.concatenate([[1.0], y_inner, [0.0]])
    dx = 0.25
    ds = np.sqrt(dx**2 + np.diff(y) ** 2)
    v = np.sqrt(2 * 9.81 * (1.0 - (y[:-1] + y[1:]) / 2) + 0.5)
    return np.sum(ds / v)


@case(np.array([0.0, 0.0, 1.0, 0.2, 1.8, 0.9, 2.4, 1.6]), "hvp")
def bending_energy(flat):
    P = flat.reshape(-1, 2)
    e = np.diff(P, axis=0)
    E = 0.0
    for k in range(len(e) - 1):
        c = e[k] @ e[k + 1] / (np.linalg.norm(e[k]) * np.linalg.norm(e[k + 1]))
        E += 1 - c
    return E


@case(np.array([0.1, 0.2, 1.1, 0.0, 0.4, 0.9]), "hessian")
def bond_angle_energy(flat):
    a, b = flat[:3], flat[3:]
    cos_t = np.dot(a, b) / (norm(a) * norm(b))
    theta = np.arccos(cos_t)
    return 0.5 * 5.0 * (theta - 0.6) ** 2


@case(np.array([1.2, 0.8, 1.5]), "hessian")
def prod_volume(x):
    return np.prod(x) + np.prod(x[:2]) ** 2


class Potential:
    def __init__(self, k, x0):
        self.k = k
        self.x0 = x0

    def __call__(self, x):
        d = x - self.x0
        return self.k * np.sum(d**2) + np.exp(np.sum(d * self.x0))


add("class_potential_call", Potential(2.0, np.array([0.5, -0.5, 1.0])),
    np.array([0.4, 0.1, 0.9]), "hessian")


def make_energy(stiffness):
    def energy(u):
        return 0.5 * stiffness * np.sum(np.diff(u) ** 2) + 0.25 * np.sum(u**4)
    return energy


add("closure_energy_hvp", make_energy(3.0), np.array([0.2, 0.5, 0.1, -0.3]), "hvp")


# ======================================================================================
# L. scalar: math module, from-imports, helpers, loops
# ======================================================================================


@case((0.5, 1.2, 2.0), "hessian")
def math_exp_log_mix(x, y, z):
    return math.exp(x * y) + math.log(z) * x + math.sqrt(y * z)


@case((1.2, 0.7), "hessian")
def math_atan2_hypot(x, y):
    return atan2(y, x) ** 2 + math.hypot(x, y) + cos(x) * sin(y)


@case((0.8, 1.5), "hvp")
def math_tanh_pow(a, b):
    return math.tanh(a * b) + math.pow(a, 3) * b + math.exp(-b)


@case(0.7, "hessian")
def scalar_float_point(x):
    return math.sin(x) ** 2 + x**4 / 3


@case(np.array([0.8, -0.3, 0.5]), "hessian")
def polyval_of_sum(x):
    t = np.sum(np.sin(x))
    return np.polyval(POLY_C, t)


@case(np.array([0.5, 1.0, -0.5, 0.2]), "hessian")
def cumsum_then_square(x):
    return np.sum(np.cumsum(x) ** 2) + np.sum(np.cumsum(x[::-1]) ** 3)


def _activation(z):
    return z * expit(z)


def _layer(x):
    return _activation(W1 @ x + B1)


def _head(h):
    return np.sum(h**2) / 2


@case(np.array([0.3, -0.5, 0.2]), "hessian")
def helpers_calling_helpers(x):
    return _head(_layer(x))


@case(np.array([0.4, 0.2, -0.1]), "hvp")
def exp_sin_dot(x):
    w = np.array([1.0, -0.5, 2.0])
    return np.exp(np.sin(x) @ w)


@case(np.array([1.3, 0.4]), "hessian")
def fixed_loop_recurrence(p):
    a, b = p
    x = 0.5
    for _ in range(6):
        x = a * x * (1 - x) + 0.1 * b
    return x


@case(np.array([0.3, 0.6, 0.9, 0.2, 0.5]), "hessian")
def total_variation_smooth(u):
    eps = 0.01
    return np.sum(np.sqrt(np.diff(u) ** 2 + eps)) + 0.5 * np.sum((u - 0.4) ** 2)


@case(np.array([0.7, 1.4, 0.2]), "hvp")
def partial_applied(x):
    return functools.partial(_weighted_cosh, w=np.array([1.0, 0.3, 2.0]))(x)


def _weighted_cosh(x, w):
    return np.sum(w * np.cosh(x)) + x[0] * x[1] * x[2]


@case(np.array([0.5, 0.25, 0.6]), "hessian")
def arcsin_arctan_mix(x):
    return np.sum(np.arcsin(x) * np.arctan(x)) + np.sinh(x[0] * x[2])


@case(np.array([[0.5, 0.2], [0.1, 0.9], [0.3, -0.4]]), "hvp")
def matrix_point_log_energy(X):
    return np.sum(np.log1p(np.sum(X**2, axis=1))) + np.sum(X[:, 0] * X[:, 1])


@case(np.array([1.0, 2.0, 0.5]), "hessian")
def sqrt_of_quadratic(x):
    return np.sqrt(1.0 + x @ COV_INV @ x)


@case(np.array([0.3, 0.1, -0.2, 0.4]), "hvp")
def harmonic_chain_periodic(u):
    return 0.5 * np.sum((u - np.roll(u, 1)) ** 2) + np.sum(1 - np.cos(u))


# ======================================================================================
# M. shapes and habits at the edges: outputs filled by item assignment, lists and tuples
#    returned, scalar outputs for first-order operators, float points, matrix directions,
#    float() and math.* on array elements, wide scales, many variables
# ======================================================================================


@case(np.array([0.4, -0.9]), "jacobian")
def rhs_zeros_like_assign(y):
    dydt = np.zeros_like(y)
    dydt[0] = y[1]
    dydt[1] = -np.sin(y[0]) - 0.1 * y[1] ** 3
    return dydt


@case(np.array([0.5, 1.5, 0.8]), "jvp")
def empty_filled_in_loop(x):
    out = np.empty(3)
    for i in range(3):
        out[i] = x[i] * np.exp(-x[(i + 1) % 3])
    return out


@case(np.array([0.3, 0.8]), "jacobian")
def returns_python_list(p):
    return [p[0] * p[1], np.cos(p[0]) + p[1] ** 2, np.sqrt(p[1])]


@case((0.6, 1.4), "vjp", direction=np.array([0.5, -1.0]))
def returns_tuple(a, b):
    return a * np.exp(b), a**2 - b


@case(np.array([0.7, -0.4, 1.1]), "jacobian")
def jacobian_of_scalar_energy(x):
    return np.sum(x**3) + x[0] * x[2]


@case(np.array([0.2, 0.9, -0.5]), "jvp")
def jvp_of_scalar(x):
    return np.log(1 + np.sum(x**2))


@case(np.array([1.2, -0.3]), "vjp", direction=np.array(1.7))
def vjp_of_scalar(x):
    return np.exp(x[0]) * np.cos(x[1])


@case(0.7, "jacobian")
def curve_of_float(t):
    return np.array([np.cos(t), np.sin(2 * t), t**2])


add("inverse_2x2_vjp", inverse_2x2, np.array([2.0, 0.3, -0.4, 1.5]), "vjp")
add("cylindrical_jvp", cylindrical, (1.2, 0.4, -0.7), "jvp")


@case(np.array([[0.5, 1.0, -0.2], [1.5, 0.3, 0.7]]), "jacobian")
def logsumexp_rows(Z):
    return logsumexp(Z, axis=1)


@case(np.array([[1.0, 2.0], [0.5, -0.5], [0.3, 0.9]]), "jacobian")
def column_sums_of_squares(X):
    return np.sum(X**2, axis=0)


@case(np.array([0.4, 1.3, -0.6]), "hessian")
def float_of_sum(x):
    w = np.array([1.0, 2.0, 0.5])
    return float(np.sum(w * x**2)) + x[0] * x[1]


@case(np.array([0.6, -0.8, 0.3]), "hessian")
def math_on_array_elements(x):
    return math.sqrt(x[0] ** 2 + x[1] ** 2) + math.exp(x[2]) * math.cos(x[0])


@case(np.array([0.5, -0.2, 0.9]), "hessian")
def method_calls_dot(x):
    return x.dot(A_NONSYM).dot(x) + x.sum() ** 3 + (x**2).mean()


ROS20 = 1.0 + 0.1 * np.sin(np.arange(20.0))


@case(ROS20.copy(), "hessian")
def rosenbrock_20d(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


@case(np.array([0.3, -0.2]), "hessian")
def badly_scaled(x):
    return 1e4 * np.exp(x[0]) + 1e-4 * np.exp(3 * x[1]) + x[0] * x[1]


@case(np.array([0.3, 0.7, -0.4]), "hessian")
def large_offset_energy(x):
    return 1e6 + 0.5 * np.sum(np.array([1.0, 2.0, 3.0]) * x**2) + np.sin(x[0] * x[1])


@case(np.array([0.3, 0.7, -0.4]), "jacobian")
def large_offset_vector(x):
    return 1e6 + np.array([np.sin(x[0]) * x[2], x[1] ** 2, np.exp(x[2])])


@case(np.array([1e-4, 3e-4]), "hessian")
def tiny_scale_point(x):
    return np.sum(np.sin(1e4 * x)) + x @ x


@case(np.array([2.0e5, 5.0e4, 1.3e5]), "hessian")
def large_scale_point(x):
    return np.sum(np.log(x)) + np.sqrt(x[0] * x[1])


@case(np.array([1e-4, 3e-4]), "jvp", direction=np.array([1.0, -2.0]))
def tiny_scale_jvp(x):
    return np.array([np.sin(1e4 * x[0]) * x[1], np.cos(1e4 * x[1])])


@case(np.array([0.5, -0.7, 1.2]), "jacobian")
def hstack_with_list(x):
    return np.hstack([x**2, [x.sum()]])


@case(np.array([0.3, 0.9, -0.4]), "jvp")
def append_scalar(x):
    return np.append(np.sin(x), x[0] * x[1])


@case(np.array([0.6, 1.1, 0.8]), "jacobian")
def r_concatenation(x):
    return np.r_[x * 2, x.prod()]


@case(np.array([0.4, -0.6, 0.9]), "hessian")
def concatenate_list_in_energy(x):
    v = np.concatenate([x**2, [x[0] * x[1]]])
    return np.sum(v**2)


@case(np.array([0.8, 1.3]), "vjp")
def array_with_constants(x):
    return np.array([x[0], 1.0, x[1] ** 2, 0.0])


CASES_BY_NAME = {n: p for n, _, p, _, _ in CASES}
