"""Round 5 of the user corpus: data passed as arguments, large sizes, Hessians and Jacobians,
surveys over regions and batches of points.

Functions written the way gradlab's users write them. Every entry of CASES is a Case:
- f: the user's function. With `args`, f is called f(x, *args) (the data passed as
  ARGUMENTS, as scipy.optimize does) and `args2` is new data of the same shapes: a gradient
  object called again with args2 must give the gradient for args2 (a stale cache gives the
  old one).
- points: 2-4 points (an array for f(x, ...), or a dict of scalar parameters).
- derivative: "gradient", "hessian" or "jacobian" (with respect to the point only).
- survey: an explicit list of points in `region` (drawn here, stored, so the truth process
  evaluates exactly the same points); kinks, branches, large |x|, cancellation inside.
- batch: run g.batch(points) too.
Points are drawn from generators seeded by the case's name, so both processes (gradlab's
runner and the JAX truth) see identical arrays.
"""

import dataclasses
import math
import zlib
from math import cos, exp, log, sin

import numpy as np
import scipy.special
from numpy import exp as np_exp
from numpy.linalg import norm, slogdet, solve
from scipy.special import erf, expit, gammaln, logsumexp


@dataclasses.dataclass
class Case:
    name: str
    f: object
    points: list
    derivative: str = "gradient"
    args: tuple = ()
    args2: tuple | None = None
    region: dict | None = None
    survey: list | None = None
    batch: bool = False
    compare_points: int = 1


CASES = []


def gen(name, salt=0):
    return np.random.default_rng(zlib.crc32(name.encode()) + salt)


def add(name, f, points, **kw):
    CASES.append(Case(name, f, points, **kw))
    return f


def vec_points(name, n, k=3, scale=1.0, loc=0.0):
    r = gen(name, 1)
    return [loc + scale * r.normal(size=n) for _ in range(k)]


def box_points(name, region, k=20):
    """k explicit points uniform in region {name: (low, high)}, as dicts."""
    r = gen(name, 2)
    return [{v: float(r.uniform(lo, hi)) for v, (lo, hi) in region.items()} for _ in range(k)]


# ---------------------------------------------------------------- A: data as arguments
def lsq_data(seed, m, n):
    r = np.random.default_rng(seed)
    return r.normal(size=(m, n)) / np.sqrt(n), r.normal(size=m)


def lsq(w, A, y):
    r = A @ w - y
    return 0.5 * np.dot(r, r)


add("lsq_args_n200", lsq, vec_points("lsq", 200), args=lsq_data(1, 300, 200),
    args2=lsq_data(2, 300, 200))


def ridge(w, A, y, lam):
    return np.sum((A.dot(w) - y) ** 2) + lam * np.sum(w**2)


add("ridge_lam_arg", ridge, vec_points("ridge", 80), args=lsq_data(3, 120, 80) + (0.3,),
    args2=lsq_data(4, 120, 80) + (2.5,))


def logistic_data(seed, m, n, zero_one=False):
    r = np.random.default_rng(seed)
    X = r.normal(size=(m, n)) / np.sqrt(n)
    t = np.sign(r.normal(size=m))
    return X, ((t + 1) / 2 if zero_one else t)


def logistic_nll(w, X, t):
    z = X @ w
    return np.sum(np.log1p(np.exp(-t * z)))


add("logistic_nll_args", logistic_nll, vec_points("logit", 50), args=logistic_data(5, 400, 50),
    args2=logistic_data(6, 400, 50), compare_points=2)


def logistic_logaddexp(w, X, yb):
    z = X @ w
    return np.sum(np.logaddexp(0.0, z) - yb * z)


add("logistic_logaddexp_args", logistic_logaddexp, vec_points("logaddexp", 60),
    args=logistic_data(7, 500, 60, True), args2=logistic_data(8, 500, 60, True))


def poisson_data(seed, m, n):
    r = np.random.default_rng(seed)
    X = 0.3 * r.normal(size=(m, n)) / np.sqrt(n)
    return X, r.poisson(2.0, size=m).astype(float)


def poisson_glm(w, X, k):
    eta = X @ w
    return np.sum(np.exp(eta) - k * eta)


add("poisson_glm_args", poisson_glm, vec_points("poisson", 100), args=poisson_data(9, 300, 100),
    args2=poisson_data(10, 300, 100))


def softmax_data(seed, m, d, c):
    r = np.random.default_rng(seed)
    X = r.normal(size=(m, d))
    Y = np.eye(c)[r.integers(0, c, size=m)]
    return X, Y


def softmax_xent(theta, X, Y):
    W = theta.reshape(X.shape[1], Y.shape[1])
    logits = X @ W
    m = np.max(logits, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(logits - m), axis=1)) + m[:, 0]
    return np.mean(lse - np.sum(Y * logits, axis=1))


add("softmax_xent_args", softmax_xent, vec_points("softmax", 30), args=softmax_data(11, 200, 10, 3),
    args2=softmax_data(12, 200, 10, 3))


def huber(w, A, y, delta):
    r = A @ w - y
    a = np.abs(r)
    return np.sum(np.where(a <= delta, 0.5 * r**2, delta * (a - 0.5 * delta)))


add("huber_args", huber, vec_points("huber", 100), args=lsq_data(13, 150, 100) + (0.7,),
    args2=lsq_data(14, 150, 100) + (1.3,))


def pinball(w, X, y, tau):
    r = y - X @ w
    return np.sum(np.maximum(tau * r, (tau - 1) * r))


add("pinball_args", pinball, vec_points("pinball", 50), args=lsq_data(15, 200, 50) + (0.3,),
    args2=lsq_data(16, 200, 50) + (0.8,))


def wls(w, A, y, wts):
    r = A @ w - y
    return np.sum(wts * r * r)


add("wls_args", wls, vec_points("wls", 150),
    args=lsq_data(17, 200, 150) + (np.linspace(0.5, 2.0, 200),),
    args2=lsq_data(18, 200, 150) + (np.linspace(3.0, 0.1, 200),))


def gauss_loglik(theta, data):
    mu, log_sigma = theta[0], theta[1]
    sigma = np.exp(log_sigma)
    n = len(data)
    return n * log_sigma + 0.5 * np.sum((data - mu) ** 2) / sigma**2 + 0.5 * n * np.log(2 * np.pi)


def normal_data(seed, n, mu, s):
    return (np.random.default_rng(seed).normal(mu, s, size=n),)


add("gauss_loglik_n2000", gauss_loglik, [np.array([0.5, 0.1]), np.array([-1.0, 0.7]),
                                         np.array([2.0, -0.3])],
    args=normal_data(19, 2000, 1.0, 2.0), args2=normal_data(20, 2000, -3.0, 0.5),
    compare_points=2)


def student_t_nll(theta, data, nu):
    mu, s = theta[0], np.exp(theta[1])
    z = (data - mu) / s
    return np.sum(0.5 * (nu + 1) * np.log1p(z**2 / nu) + np.log(s))


add("student_t_args", student_t_nll, [np.array([0.2, 0.3]), np.array([-0.4, -0.2])],
    args=normal_data(21, 1000, 0.0, 1.5) + (4.0,), args2=normal_data(22, 1000, 2.0, 0.7) + (2.5,))


def mixture2_nll(theta, x):
    logit_pi, mu1, mu2, ls1, ls2 = theta
    log_pi = -np.logaddexp(0.0, -logit_pi)
    log_1mpi = -np.logaddexp(0.0, logit_pi)
    l1 = log_pi - ls1 - 0.5 * ((x - mu1) / np.exp(ls1)) ** 2
    l2 = log_1mpi - ls2 - 0.5 * ((x - mu2) / np.exp(ls2)) ** 2
    return -np.sum(np.logaddexp(l1, l2))


def mix_data(seed):
    r = np.random.default_rng(seed)
    return (np.concatenate([r.normal(-1, 0.5, 600), r.normal(2, 1.0, 400)]),)


add("mixture2_args", mixture2_nll, [np.array([0.3, -0.8, 1.5, -0.5, 0.1]),
                                    np.array([-0.2, -1.2, 2.5, -0.9, 0.3])],
    args=mix_data(23), args2=mix_data(24))


def quad_form(x, Q, b):
    return 0.5 * x @ Q @ x - b @ x


def quad_data(seed, n, sym=True):
    r = np.random.default_rng(seed)
    M = r.normal(size=(n, n)) / np.sqrt(n)
    Q = M @ M.T + np.eye(n) if sym else M + 2 * np.eye(n)
    return Q, r.normal(size=n)


add("quad_form_n500", quad_form, vec_points("quad500", 500, 2), args=quad_data(25, 500),
    args2=quad_data(26, 500))


def kernel_obj(alpha, K, y):
    return alpha @ K @ alpha - 2 * alpha @ y


def kernel_data(seed, n):
    r = np.random.default_rng(seed)
    x = np.sort(r.uniform(-3, 3, n))
    K = np.exp(-0.5 * (x[:, None] - x[None, :]) ** 2) + 1e-3 * np.eye(n)
    return K, np.sin(x)


add("kernel_obj_n300", kernel_obj, vec_points("kernel", 300, 2), args=kernel_data(27, 300),
    args2=kernel_data(28, 300))


def mlp_mse(theta, X, y):
    d, h = X.shape[1], 8
    W1 = theta[: d * h].reshape(d, h)
    b1 = theta[d * h: d * h + h]
    w2 = theta[d * h + h: d * h + 2 * h]
    b2 = theta[-1]
    hidden = np.tanh(X @ W1 + b1)
    pred = hidden @ w2 + b2
    return np.mean((pred - y) ** 2)


def mlp_data(seed, m=200, d=4):
    r = np.random.default_rng(seed)
    X = r.normal(size=(m, d))
    return X, np.sin(X[:, 0]) + X[:, 1] * X[:, 2]


add("mlp_mse_args", mlp_mse, vec_points("mlp", 4 * 8 + 8 + 8 + 1, scale=0.5),
    args=mlp_data(29), args2=mlp_data(30), compare_points=2)


def smooth_lasso(w, A, y):
    return np.sum((A @ w - y) ** 2) + 0.1 * np.sum(np.sqrt(w**2 + 1e-6))


add("smooth_lasso_args", smooth_lasso, vec_points("slasso", 120), args=lsq_data(31, 100, 120),
    args2=lsq_data(32, 100, 120))


def tv_denoise(u, y, lam):
    du = np.diff(u)
    return 0.5 * np.sum((u - y) ** 2) + lam * np.sum(np.sqrt(du**2 + 1e-4))


def signal_data(seed, n, lam):
    r = np.random.default_rng(seed)
    return (np.sign(np.sin(np.linspace(0, 12, n))) + 0.3 * r.normal(size=n), lam)


add("tv_denoise_n1000", tv_denoise, vec_points("tv", 1000, 2), args=signal_data(33, 1000, 0.5),
    args2=signal_data(34, 1000, 2.0))


def laplace_smooth(u, y, alpha):
    d2 = np.diff(u, n=2)
    return np.sum((u - y) ** 2) + alpha * np.sum(d2**2)


add("laplace_smooth_n2000", laplace_smooth, vec_points("lap", 2000, 2),
    args=signal_data(35, 2000, 3.0), args2=signal_data(36, 2000, 0.2))


def graph_data(seed, nodes, edges):
    r = np.random.default_rng(seed)
    I = r.integers(0, nodes, edges)
    J = (I + 1 + r.integers(0, nodes - 1, edges)) % nodes
    return I, J, r.uniform(0.5, 2.0, edges)


def graph_energy(x, I, J, wt):
    return np.sum(wt * (x[I] - x[J]) ** 2) + 0.01 * np.sum(x**4)


add("graph_energy_index_args", graph_energy, vec_points("graph", 100),
    args=graph_data(37, 100, 300), args2=graph_data(38, 100, 300))


def spring_net(p, I, J, L0):
    P = p.reshape(-1, 2)
    d = P[I] - P[J]
    L = np.sqrt(np.sum(d * d, axis=1))
    return np.sum((L - L0) ** 2)


def spring_data(seed):
    I, J, _ = graph_data(seed, 20, 40)
    return I, J, np.random.default_rng(seed + 100).uniform(0.5, 1.5, 40)


add("spring_net_args", spring_net, vec_points("spring", 40, scale=2.0),
    args=spring_data(39), args2=spring_data(40))


def log_barrier(x, A, b):
    return -np.sum(np.log(b - A @ x)) + 0.5 * x @ x


def barrier_data(seed, m, n):
    r = np.random.default_rng(seed)
    A = r.normal(size=(m, n)) / np.sqrt(n)
    return A, 5.0 + np.abs(r.normal(size=m))


add("log_barrier_args", log_barrier, vec_points("barrier", 60, scale=0.3),
    args=barrier_data(41, 150, 60), args2=barrier_data(42, 150, 60))


def entropy_reg(p, c, eps):
    return c @ p + eps * np.sum(p * np.log(p))


add("entropy_reg_args", entropy_reg, [np.linspace(0.1, 2.0, 200), np.linspace(3.0, 0.05, 200)],
    args=(np.cos(np.arange(200.0)), 0.1), args2=(np.sin(np.arange(200.0)), 1.7))


def lse_glm(w, X, y):
    z = X @ w
    return logsumexp(z) - y @ z


add("scipy_logsumexp_args", lse_glm, vec_points("lseglm", 40), args=logistic_data(43, 300, 40),
    args2=logistic_data(44, 300, 40))


def matfact(uv, R, mask, r):
    m, n = R.shape
    U = uv[: m * r].reshape(m, r)
    V = uv[m * r:].reshape(n, r)
    E = (R - U @ V.T) * mask
    return np.sum(E**2) + 0.01 * np.sum(uv**2)


def mf_data(seed):
    g = np.random.default_rng(seed)
    return g.normal(size=(30, 20)), (g.uniform(size=(30, 20)) < 0.4).astype(float), 3


add("matfact_mask_args", matfact, vec_points("mf", 150, scale=0.5), args=mf_data(45),
    args2=mf_data(46))


def cauchy_loss(w, A, y, c):
    r = A @ w - y
    return np.sum(np.log(1 + (r / c) ** 2))


add("cauchy_loss_args", cauchy_loss, vec_points("cauchy", 70), args=lsq_data(47, 90, 70) + (0.5,),
    args2=lsq_data(48, 90, 70) + (3.0,))


def pair_loop(x, sig):
    pos = x.reshape(-1, 3)
    e = 0.0
    for i in range(len(pos)):
        for j in range(i + 1, len(pos)):
            d2 = np.sum((pos[i] - pos[j]) ** 2)
            e = e + np.exp(-d2 / sig**2)
    return e


add("pair_loop_args", pair_loop, vec_points("pairloop", 24), args=(1.2,), args2=(0.6,))


def loop_line_fit(w, xs, ys):
    total = 0.0
    for i in range(len(xs)):
        pred = w[0] + w[1] * xs[i] + w[2] * xs[i] ** 2
        total += (pred - ys[i]) ** 2
    return total / len(xs)


def line_data(seed, n=60):
    r = np.random.default_rng(seed)
    xs = np.linspace(-1, 1, n)
    return xs, 1 + 2 * xs - xs**2 + 0.1 * r.normal(size=n)


add("loop_line_fit_args", loop_line_fit, vec_points("loopfit", 3, 3), args=line_data(49),
    args2=line_data(50))


def vander_fit(c, x, y):
    V = np.vander(x, len(c), increasing=True)
    return np.sum((V @ c - y) ** 2)


add("vander_fit_args", vander_fit, vec_points("vander", 6), args=line_data(51, 80),
    args2=line_data(52, 80))


def sinus_fit(p, t, y):
    amp, omega, phi, c = p
    return np.sum((amp * np.sin(omega * t + phi) + c - y) ** 2)


def sinus_data(seed):
    r = np.random.default_rng(seed)
    t = np.linspace(0, 10, 500)
    return t, 1.5 * np.sin(1.3 * t + 0.4) + 0.2 + 0.1 * r.normal(size=500)


add("sinus_fit_args", sinus_fit, [np.array([1.0, 1.2, 0.3, 0.0]), np.array([2.0, 0.9, -1.0, 0.5])],
    args=sinus_data(53), args2=sinus_data(54))


def decay_fit(p, t, y):
    a, k, c = p
    return np.sum((a * np.exp(-k * t) + c - y) ** 2)


add("decay_fit_args", decay_fit, [np.array([2.0, 0.5, 0.1]), np.array([1.0, 1.5, -0.2])],
    args=(np.linspace(0, 5, 50), 2.5 * np.exp(-0.8 * np.linspace(0, 5, 50))),
    args2=(np.linspace(0, 3, 50), 0.5 * np.exp(-2.0 * np.linspace(0, 3, 50)) + 1))


def mm_fit(p, S, v):
    vmax, km = p
    return np.sum((vmax * S / (km + S) - v) ** 2)


add("michaelis_args", mm_fit, [np.array([0.6, 1.2]), np.array([1.0, 0.3])],
    args=(np.array([0.2, 0.5, 1.0, 2.0, 4.0, 8.0]), np.array([0.09, 0.19, 0.29, 0.41, 0.5, 0.56])),
    args2=(np.array([0.1, 0.3, 0.9, 2.7, 8.1, 20.0]), np.array([0.9, 2.0, 3.5, 5.0, 6.1, 6.4])))


def rff_ridge(w, X, Om, y):
    Phi = np.cos(X @ Om) / np.sqrt(Om.shape[1])
    return np.mean((Phi @ w - y) ** 2) + 1e-3 * w @ w


def rff_data(seed):
    r = np.random.default_rng(seed)
    X = r.normal(size=(250, 3))
    return X, r.normal(size=(3, 100)), np.tanh(X[:, 0] - X[:, 2])


add("rff_ridge_args", rff_ridge, vec_points("rff", 100), args=rff_data(55), args2=rff_data(56))


def cosine_loss(x, yv):
    return 1 - np.dot(x, yv) / (norm(x) * norm(yv))


add("cosine_loss_n500", cosine_loss, vec_points("cosine", 500),
    args=(np.random.default_rng(57).normal(size=500),),
    args2=(np.random.default_rng(58).normal(size=500),))


def kl_softmax(logits, p):
    q = np.exp(logits - np.max(logits))
    q = q / q.sum()
    return np.sum(p * (np.log(p) - np.log(q)))


def prob_data(seed, n):
    e = np.random.default_rng(seed).uniform(0.1, 1.0, n)
    return (e / e.sum(),)


add("kl_softmax_args", kl_softmax, vec_points("kl", 200), args=prob_data(59, 200),
    args2=prob_data(60, 200))


def norm_Ax(x, A):
    return np.linalg.norm(A @ x)


add("norm_Ax_args", norm_Ax, vec_points("normax", 100), args=(lsq_data(61, 80, 100)[0],),
    args2=(lsq_data(62, 80, 100)[0],))


def slogdet_diag(x, B):
    sign, ld = slogdet(B + np.diag(np.exp(x)))
    return ld + 0.1 * np.sum(x**2)


add("slogdet_diag_args", slogdet_diag, vec_points("slogdet", 20), args=(quad_data(63, 20)[0],),
    args2=(quad_data(64, 20)[0],))


def solve_quad(x, A):
    return x @ solve(A, x)


add("solve_quad_args", solve_quad, vec_points("solveq", 100), args=(quad_data(65, 100)[0],),
    args2=(quad_data(66, 100, sym=False)[0],))


def attention(q, K, V):
    s = K @ q / np.sqrt(len(q))
    a = np.exp(s - s.max())
    a /= a.sum()
    return np.sum(np.tanh(a @ V))


def attn_data(seed):
    r = np.random.default_rng(seed)
    return r.normal(size=(50, 16)), r.normal(size=(50, 8))


add("attention_args", attention, vec_points("attn", 16), args=attn_data(67), args2=attn_data(68))


def sq_hinge(w, X, y):
    return np.sum(np.maximum(0, 1 - y * (X @ w)) ** 2) + 0.5 * w @ w


add("sq_hinge_args", sq_hinge, vec_points("sqhinge", 50), args=logistic_data(69, 300, 50),
    args2=logistic_data(70, 300, 50))


def elastic_abs(w, A, y):
    return np.sum((A @ w - y) ** 2) + 0.3 * np.sum(np.abs(w)) + 0.1 * np.sum(w * w)


add("elastic_abs_args", elastic_abs, vec_points("elastic", 90), args=lsq_data(71, 60, 90),
    args2=lsq_data(72, 60, 90))


def exp_fit_math(p, ts, ys):
    s = 0.0
    for t, y in zip(ts, ys):
        s += (p[0] * math.exp(-p[1] * t) - y) ** 2
    return s


add("exp_fit_math_lists", exp_fit_math, [np.array([2.0, 0.7]), np.array([1.0, 0.2])],
    args=([0.1 * i for i in range(40)], [2.5 * math.exp(-0.8 * 0.1 * i) for i in range(40)]),
    args2=([0.2 * i for i in range(40)], [1.0 + 0.01 * i for i in range(40)]))


def weighted_norm2(x, M):
    return x @ M @ x


add("nonsym_quad_args", weighted_norm2, vec_points("nonsym", 300, 2),
    args=(quad_data(73, 300, sym=False)[0],), args2=(quad_data(74, 300, sym=False)[0],))


def expit_nll(w, X, y):
    z = X @ w
    return -np.sum(y * np.log(expit(z)) + (1 - y) * np.log(expit(-z)))


add("expit_nll_args", expit_nll, vec_points("expit", 30), args=logistic_data(75, 400, 30, True),
    args2=logistic_data(76, 400, 30, True))


def negbin_nll(theta, k):
    r = np.exp(theta[0])
    p = 1 / (1 + np.exp(-theta[1]))
    return -np.sum(gammaln(k + r) - gammaln(r) - gammaln(k + 1) + r * np.log(p) + k * np.log(1 - p))


add("negbin_gammaln_args", negbin_nll, [np.array([0.5, 0.2]), np.array([1.5, -0.7])],
    args=(np.random.default_rng(77).poisson(3.0, 300).astype(float),),
    args2=(np.random.default_rng(78).poisson(9.0, 300).astype(float),))


def scaled_sines(x, scale, shift):
    return scale * np.sum(np.sin(x + shift)) + np.sum(x**2) / scale


add("python_float_args", scaled_sines, vec_points("pyfloat", 60), args=(2.0, 0.5),
    args2=(-3.0, 1.7))


def weighted_exp_dict_args(x, params):
    return params["a"] * np.sum(np.exp(params["b"] * x)) + params["c"] @ x


add("dict_data_arg", weighted_exp_dict_args, vec_points("dictarg", 50, scale=0.5),
    args=({"a": 1.0, "b": 0.3, "c": np.linspace(-1, 1, 50)},),
    args2=({"a": 2.0, "b": -0.7, "c": np.linspace(2, 0, 50)},))


# ---------------------------------------------------------------- B: large sizes, no args
def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


add("rosen_n2000", rosen, vec_points("rosen2000", 2000, 2, scale=0.5), compare_points=1)


def rastrigin(x):
    return 10 * len(x) + np.sum(x**2 - 10 * np.cos(2 * np.pi * x))


add("rastrigin_n1000", rastrigin, vec_points("rastrigin", 1000, 2, scale=2.0))


def styblinski_tang(x):
    return 0.5 * np.sum(x**4 - 16 * x**2 + 5 * x)


add("styblinski_n1500", styblinski_tang, vec_points("styb", 1500, 2, scale=2.0))


def zakharov(x):
    i = np.arange(1, len(x) + 1)
    s = np.sum(0.5 * i * x)
    return np.sum(x**2) + s**2 + s**4


add("zakharov_n500", zakharov, vec_points("zak", 500, 2, scale=0.01))


def ackley(x):
    n = len(x)
    return (-20 * np.exp(-0.2 * np.sqrt(np.sum(x**2) / n))
            - np.exp(np.sum(np.cos(2 * np.pi * x)) / n) + 20 + np.e)


add("ackley_n1000", ackley, vec_points("ackley", 1000, 2))


def chained_exp(x):
    return np.sum(np.exp(x[:-1] - x[1:])) + np.sum(x**2) / 2


add("chained_exp_n1000", chained_exp, vec_points("chexp", 1000, 2, scale=0.5))


def cumsum_energy(x):
    return np.sum(np.cumsum(x) ** 2)


add("cumsum_energy_n800", cumsum_energy, vec_points("cumsum", 800, 2, scale=0.1))


def roll_ring(x):
    return np.sum((x - np.roll(x, 1)) ** 2 * np.cos(x))


add("roll_ring_n1000", roll_ring, vec_points("roll", 1000, 2))


def lse_large(x):
    return scipy.special.logsumexp(3 * x) / 3


add("logsumexp_n2000", lse_large, vec_points("lse2000", 2000, 2), batch=True)


def prod_near_one(x):
    return np.prod(1 + 0.01 * x)


add("prod_n100", prod_near_one, vec_points("prod", 100, 3), batch=True)


def norm_mix(x):
    return norm(x) + 0.1 * norm(x, ord=4)


add("norm_mix_n1500", norm_mix, vec_points("normmix", 1500, 2))


def loop_quartic(x):
    s = 0.0
    for i in range(len(x)):
        s += (x[i] - i / 50) ** 4 + math.sin(x[i])
    return s


add("loop_math_sin_n100", loop_quartic, vec_points("loopq", 100, 2), batch=True)


def loop_while(x):
    s, i = 0.0, 0
    while i < len(x) - 1:
        s = s + (x[i + 1] - x[i] ** 2) ** 2 + 0.01 * (1 - x[i]) ** 2
        i += 1
    return s


add("loop_while_n80", loop_while, vec_points("loopw", 80, 2, scale=0.5))


SORT_W = np.linspace(0.0, 2.0, 500)


def sort_weighted(x):
    return np.sort(x) @ SORT_W + 0.1 * np.sum(x**2)


add("sort_weighted_n500", sort_weighted, vec_points("sortw", 500, 2))


def max_plus_quad(x):
    return np.max(x) + 0.5 * np.sum(x**2)


add("max_plus_quad_n1000", max_plus_quad, vec_points("maxq", 1000, 2), batch=True)


MASK = np.arange(1200) % 3 == 0


def masked_sum(x):
    return np.sum(x[MASK] ** 2) + np.sum(np.sin(x[~MASK]))


add("global_mask_n1200", masked_sum, vec_points("mask", 1200, 2))


def where_piece(x):
    return np.sum(np.where(x > 0, x**2, np.expm1(x)))


add("where_expm1_n1000", where_piece, vec_points("where", 1000, 2), batch=True)


DATA_B = np.random.default_rng(501).normal(size=600)
DATA_C = np.abs(np.random.default_rng(502).normal(size=600)) + 0.5


def globals_data(x):
    return np.sum(DATA_C * (x - DATA_B) ** 2) + np.log(np.sum(np.exp(-x**2)))


add("global_data_n600", globals_data, vec_points("globals", 600, 2))


def outer_sq(x):
    return np.sum(np.outer(x, x) ** 2)


add("outer_sq_n100", outer_sq, vec_points("outer", 100, 2), batch=True)


def neighbour_products(x):
    return np.sum(x[1:] * x[:-1]) + np.sum(x**2) + np.sum(np_exp(-x))


add("neighbour_n2000", neighbour_products, vec_points("neigh", 2000, 2))


A_LOOP = np.random.default_rng(503).normal(size=(30, 30))


def double_loop(x):
    s = 0.0
    n = len(x)
    for i in range(n):
        for j in range(n):
            s += A_LOOP[i, j] * x[i] * x[j]
    return s + sum(xi**4 for xi in x)


add("double_loop_n30", double_loop, vec_points("dloop", 30, 2))


def matrix_param(X):
    return np.sum(np.tanh(X @ X.T)) + np.trace(X.T @ X)


add("matrix_point_20x10", matrix_param,
    [gen("matpt", k).normal(size=(20, 10)) * 0.3 for k in range(2)], batch=True)


def dot_sigmoid(x):
    return np.sum(1.0 / (1.0 + np.exp(-x)) * np.linspace(-1, 1, len(x)))


add("sigmoid_n1000", dot_sigmoid, vec_points("sigm", 1000, 2, scale=3.0), batch=True)


# ---------------------------------------------------------------- C: Hessians
add("hess_lsq_args", lsq, vec_points("hlsq", 30, 2), derivative="hessian",
    args=lsq_data(101, 40, 30), args2=lsq_data(102, 40, 30), compare_points=1)
add("hess_logistic_args", logistic_nll, vec_points("hlogit", 10, 2), derivative="hessian",
    args=logistic_data(103, 100, 10), args2=logistic_data(104, 100, 10))
add("hess_rosen_n20", rosen, vec_points("hrosen", 20, 2, scale=0.5), derivative="hessian")
add("hess_poisson_args", poisson_glm, vec_points("hpois", 8, 2), derivative="hessian",
    args=poisson_data(105, 60, 8), args2=poisson_data(106, 60, 8))


def quartic_coupled(x):
    return np.sum(x**4) + np.sum(x) ** 2 * np.sum(np.cos(x))


add("hess_quartic_coupled", quartic_coupled, vec_points("hquart", 12, 2), derivative="hessian")

A_SPD6 = quad_data(107, 6)[0]


def logdet_diag_sq(x):
    return -slogdet(A_SPD6 + np.diag(x**2))[1]


add("hess_slogdet", logdet_diag_sq, vec_points("hslog", 6, 2), derivative="hessian")
add("hess_gauss_loglik_args", gauss_loglik, [np.array([0.3, 0.2]), np.array([-1.0, -0.5])],
    derivative="hessian", args=normal_data(108, 500, 1.0, 2.0), args2=normal_data(109, 500, 0.0, 0.3))


def three_params(a, b, c):
    return np.exp(a * b) + np.sin(c) * a**2 + np.log(1 + b**2)


add("hess_dict_params", three_params, [{"a": 0.3, "b": -0.7, "c": 1.1}, {"a": -1.2, "b": 0.4, "c": 2.5}],
    derivative="hessian")


def mlp_small(theta, X, y):
    W1 = theta[:6].reshape(2, 3)
    b1 = theta[6:9]
    w2 = theta[9:12]
    hid = np.tanh(X @ W1 + b1)
    return np.mean((hid @ w2 + theta[12] - y) ** 2)


def mlp_small_data(seed):
    r = np.random.default_rng(seed)
    X = r.normal(size=(40, 2))
    return X, X[:, 0] * X[:, 1]


add("hess_mlp_args", mlp_small, vec_points("hmlp", 13, 2, scale=0.7), derivative="hessian",
    args=mlp_small_data(110), args2=mlp_small_data(111))

C_SOFT = np.linspace(0.5, 1.5, 50)


def softplus_sum(x):
    return np.sum(np.log1p(np.exp(x)) * C_SOFT)


add("hess_softplus_n50", softplus_sum, vec_points("hsoft", 50, 2), derivative="hessian")


def norm_cubed(x):
    return np.linalg.norm(x) ** 3


add("hess_norm_cubed", norm_cubed, vec_points("hnorm", 10, 2), derivative="hessian")


def hess_loop_fn(x):
    s = 0.0
    for i in range(len(x) - 1):
        s += math.exp(0.1 * i) * (x[i] * x[i + 1]) ** 2 + cos(x[i])
    return s


add("hess_loop_math", hess_loop_fn, vec_points("hloop", 10, 2), derivative="hessian")


def trig_xy(x, y):
    return np.sin(x * y) + np.cos(x + y**2)


add("hess_trig_dict", trig_xy, [{"x": 0.4, "y": 1.3}, {"x": -2.0, "y": 0.2}], derivative="hessian")


def entropy_p(p):
    return np.sum(p * np.log(p)) - np.log(np.sum(p))


add("hess_entropy_n20", entropy_p, [np.linspace(0.1, 1.0, 20), np.linspace(2.0, 0.3, 20)],
    derivative="hessian")
add("hess_nonsym_quad_args", quad_form, vec_points("hquad", 40, 2), derivative="hessian",
    args=quad_data(112, 40, sym=False), args2=quad_data(113, 40, sym=False))


def rational_sum(x):
    return np.sum(x**2 / (1 + x**2))


add("hess_rational", rational_sum, vec_points("hrat", 5, 2), derivative="hessian")
add("hess_kernel_args", kernel_obj, vec_points("hkern", 30, 2), derivative="hessian",
    args=kernel_data(114, 30), args2=kernel_data(115, 30))


def where_cubic(x):
    return np.sum(np.where(x > 0, x**3, -x**2))


add("hess_where_n15", where_cubic, vec_points("hwhere", 15, 2), derivative="hessian")


def tanh_chain(x):
    return np.sum(np.tanh(np.tanh(x) * x[::-1])) + x[0] * x[-1]


add("hess_tanh_chain_n25", tanh_chain, vec_points("htanh", 25, 2), derivative="hessian")


def log_expit(w, X):
    return np.sum(np.log(expit(X @ w)))


add("hess_log_expit_args", log_expit, vec_points("hexpit", 6, 2), derivative="hessian",
    args=(logistic_data(116, 50, 6)[0],), args2=(logistic_data(117, 50, 6)[0],))


def lennard_jones_like(x):
    P = x.reshape(-1, 2)
    e = 0.0
    for i in range(len(P)):
        for j in range(i):
            r2 = np.sum((P[i] - P[j]) ** 2)
            e += 1 / r2**6 - 2 / r2**3
    return e


add("hess_lj_loop", lennard_jones_like,
    [np.array([0.0, 0.0, 1.1, 0.1, 0.5, 1.0, -0.6, 0.9]),
     np.array([0.1, -0.2, 1.0, 0.0, 0.4, 0.95, 1.3, 1.2])], derivative="hessian")


# ---------------------------------------------------------------- D: Jacobians
def resid(w, A, y):
    return A @ w - y


add("jac_resid_args", resid, vec_points("jres", 40, 2), derivative="jacobian",
    args=lsq_data(201, 60, 40), args2=lsq_data(202, 60, 40))


def decay_resid(p, t, y):
    return p[0] * np.exp(-p[1] * t) + p[2] - y


add("jac_decay_resid_args", decay_resid, [np.array([2.0, 0.5, 0.1]), np.array([1.0, 1.5, -0.2])],
    derivative="jacobian", args=(np.linspace(0, 5, 30), np.exp(-np.linspace(0, 5, 30))),
    args2=(np.linspace(1, 2, 30), np.linspace(0, 1, 30)))

LV = (1.1, 0.4, 0.4, 0.1)


def lotka(z):
    a, b, c, d = LV
    x, y = z
    return np.array([a * x - b * x * y, d * x * y - c * y])


add("jac_lotka", lotka, [np.array([10.0, 5.0]), np.array([0.5, 2.0])], derivative="jacobian")


def polar(rt):
    return np.array([rt[0] * np.cos(rt[1]), rt[0] * np.sin(rt[1])])


add("jac_polar", polar, [np.array([2.0, 0.7]), np.array([0.5, -2.5])], derivative="jacobian")


def spherical(v):
    r, th, ph = v
    return np.array([r * sin(th) * cos(ph), r * sin(th) * sin(ph), r * cos(th)])


add("jac_spherical_math", spherical, [np.array([1.5, 0.6, 1.2]), np.array([0.3, 2.0, -0.5])],
    derivative="jacobian")


def softmax_vec(z):
    e = np.exp(z - z.max())
    return e / e.sum()


add("jac_softmax_n30", softmax_vec, vec_points("jsoft", 30, 2), derivative="jacobian")


def cumsum_sq(x):
    return np.cumsum(x**2)


add("jac_cumsum_n50", cumsum_sq, vec_points("jcum", 50, 2), derivative="jacobian")


def tanh_layer(x, M):
    return np.tanh(M @ x)


add("jac_tanh_layer_args", tanh_layer, vec_points("jtanh", 50, 2), derivative="jacobian",
    args=(lsq_data(203, 40, 50)[0],), args2=(lsq_data(204, 40, 50)[0],))


def lorenz(s, sigma=10.0, rho=28.0, beta=8 / 3):
    x, y, z = s
    return np.array([sigma * (y - x), x * (rho - z) - y, x * y - beta * z])


add("jac_lorenz_defaults", lorenz, [np.array([1.0, 2.0, 3.0]), np.array([-5.0, 7.0, 20.0])],
    derivative="jacobian")


def normalize(x):
    return x / np.linalg.norm(x)


add("jac_normalize_n20", normalize, vec_points("jnorm", 20, 2), derivative="jacobian")


def stacked(v):
    a, b, c = v[0], v[1], v[2]
    return np.stack([a * b, np.exp(c) * a, np.sin(b) + c**2, a / (1 + b**2)])


add("jac_stack", stacked, [np.array([0.5, 1.5, -0.3]), np.array([2.0, -1.0, 0.8])],
    derivative="jacobian")


def concat(x):
    return np.concatenate([x**2, np.sin(x[:3]), [np.sum(x)]])


add("jac_concat_n10", concat, vec_points("jcat", 10, 2), derivative="jacobian")


def heat_rhs(u, alpha=0.5):
    return alpha * (np.roll(u, 1) - 2 * u + np.roll(u, -1)) - u**3


add("jac_heat_roll_n100", heat_rhs, vec_points("jheat", 100, 2), derivative="jacobian")


def arm2(q):
    l1, l2 = 1.0, 0.7
    return np.array([l1 * np.cos(q[0]) + l2 * np.cos(q[0] + q[1]),
                     l1 * np.sin(q[0]) + l2 * np.sin(q[0] + q[1])])


add("jac_arm2", arm2, [np.array([0.3, 1.1]), np.array([-1.0, 2.5])], derivative="jacobian")


def loop_rhs(x):
    out = []
    for i in range(len(x)):
        left = x[i - 1] if i > 0 else 0.0
        out.append(x[i] * left + math.cos(0.1 * i) * x[i] ** 2)
    return np.array(out)


add("jac_loop_list_n30", loop_rhs, vec_points("jloop", 30, 2), derivative="jacobian")


def solve_exp(x, A):
    return solve(A, np.exp(x))


add("jac_solve_args", solve_exp, vec_points("jsolve", 20, 2), derivative="jacobian",
    args=(quad_data(205, 20, sym=False)[0],), args2=(quad_data(206, 20)[0],))


def outer_self(x):
    return np.outer(x, np.sin(x))


add("jac_outer_matrix_n8", outer_self, vec_points("jouter", 8, 2), derivative="jacobian")


def mlp_layer(x, W, b):
    return np.tanh(W @ x + b)


add("jac_mlp_layer_args", mlp_layer, vec_points("jmlp", 12, 2), derivative="jacobian",
    args=(lsq_data(207, 7, 12)[0], np.linspace(-1, 1, 7)),
    args2=(lsq_data(208, 7, 12)[0], np.linspace(1, 0, 7)))


def polar_dict(r, t):
    return np.array([r * np.cos(t), r * np.sin(t), r * t])


add("jac_dict_params", polar_dict, [{"r": 1.5, "t": 0.4}, {"r": 0.2, "t": -3.0}],
    derivative="jacobian")


def sigmoid_outputs(w, X):
    return expit(X @ w)


add("jac_expit_args", sigmoid_outputs, vec_points("jexpit", 5, 2), derivative="jacobian",
    args=(logistic_data(209, 100, 5)[0],), args2=(logistic_data(210, 100, 5)[0],))


def large_jac(x):
    return np.tanh(x) * np.cumsum(x) / len(x)


add("jac_cumsum_tanh_n300", large_jac, vec_points("jbig", 300, 2), derivative="jacobian")


# ---------------------------------------------------------------- E: surveys over regions
def surveyed(region, k=20, derivative="gradient", compare_points=1):
    """Register f with 20 explicit points in region; gl.compare runs at the first ones."""
    def deco(f):
        name = "survey_" + f.__name__
        pts = box_points(name, region, k)
        add(name, f, pts[:2], derivative=derivative, region=region, survey=pts,
            compare_points=compare_points)
        return f

    return deco


@surveyed({"x": (-5, 5), "y": (-5, 5)})
def himmelblau(x, y):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


@surveyed({"x": (-2, 2), "y": (-2, 2)})
def abs_kinks(x, y):
    return abs(x) + abs(x - y) + 0.5 * x * y


@surveyed({"x": (-2, 2), "y": (-2, 2)})
def builtin_max(x, y):
    return max(x, y) ** 2 + x


@surveyed({"x": (-2, 2), "y": (-2, 2)})
def where_branch(x, y):
    return np.where(x > y, x * y, x + y**2)


@surveyed({"x": (1e7, 1e8), "y": (0.5, 2.0)})
def hypot_large(x, y):
    return np.sqrt(x**2 + y**2) * y


@surveyed({"x": (1e5, 1e6), "y": (-1, 1)})
def sin_large_arg(x, y):
    return np.sin(x) * y + np.cos(y * 1e-3 * x)


@surveyed({"x": (1e-5, 1e-3), "y": (0.5, 2.0)})
def one_minus_cos(x, y):
    return (1 - np.cos(x)) / x**2 * y


@surveyed({"x": (-2, 2), "y": (-2, 2)})
def abs_complex_step(x, y):
    return x * np.abs(y) + y**3


@surveyed({"x": (60, 120), "y": (-1, 1)})
def expit_large(x, y):
    return np.exp(x) / (1 + np.exp(x)) + y * np.log1p(np.exp(-x))


@surveyed({"x": (-2, 2), "y": (-1, 3)})
def rosen2d(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


@surveyed({"x": (-5, 10), "y": (0, 15)})
def branin(x, y):
    b, c, t = 5.1 / (4 * np.pi**2), 5 / np.pi, 1 / (8 * np.pi)
    return (y - b * x**2 + c * x - 6) ** 2 + 10 * (1 - t) * np.cos(x) + 10


@surveyed({"x": (-4.5, 4.5), "y": (-4.5, 4.5)})
def beale(x, y):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


@surveyed({"x": (-2, 2), "y": (-2, 2)})
def goldstein_price(x, y):
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)
    return a * b


@surveyed({"x": (-2, -0.5), "y": (-1, 1)})
def atan2_branch_cut(x, y):
    return np.hypot(x, y) + np.arctan2(y, x)


@surveyed({"x": (-3, 3), "y": (-1, 1)})
def floor_steps(x, y):
    return np.floor(x) * y + x**2


@surveyed({"x": (-1, 1), "y": (-3, 3)})
def math_module(x, y):
    return math.exp(x) * math.cos(y) + math.log1p(x**2)


@surveyed({"x": (-0.6, 0.6), "y": (-0.6, 0.6)})
def log_barrier_disk(x, y):
    return -np.log(1 - x**2 - y**2)


@surveyed({"x": (-2, 2), "y": (-2, 2)})
def python_if(x, y):
    if x > 0:
        return x**2 * y
    return -x * y**3


@surveyed({"x": (-2, 2), "y": (-2, 2)})
def clip_minimum(x, y):
    return np.clip(x, -1, 1) * y + np.minimum(x, y)


@surveyed({"x": (100, 1000), "y": (100, 1000)})
def large_quartic(x, y):
    return x**4 * y**4 + x * y


@surveyed({"x": (1e-8, 1e-6), "y": (1e-8, 1e-6)})
def tiny_harmonic(x, y):
    return x * y / (x + y)


@surveyed({"x": (-2, 2), "y": (-1, 1)})
def erf_times(x, y):
    return erf(x) * y + erf(x * y)


@surveyed({"x": (-2, 2), "y": (-2, 2)})
def relu_net(x, y):
    return np.maximum(0, 2 * x - y) + np.maximum(0, x + y - 1) * 3


@surveyed({"x": (-1e-3, 1e-3), "y": (-1e-3, 1e-3)})
def sqrt_near_zero(x, y):
    return np.sqrt(x**2 + y**2 + 1e-12)


@surveyed({"x": (-2, 2), "y": (-2, 2)})
def sign_times_square(x, y):
    return np.sign(x) * x**2 + y * np.abs(y)


@surveyed({"x": (-3, 3), "y": (0.5, 2)})
def mod_sawtooth(x, y):
    return np.mod(x, 1.0) * y + np.sin(x)


@surveyed({"x": (1e-3, 1e3), "y": (-1, 1)})
def exp_log_roundtrip(x, y):
    return np.exp(np.log(x)) * y + np.log(x) ** 2


@surveyed({"x": (0, 3), "y": (0, 3), "z": (0, 3)})
def gauss_bump3(x, y, z):
    return np.exp(-((x - 1) ** 2 + (y - 2) ** 2) / 0.5) * np.cos(z) + exp(-z) * log(1 + x)


@surveyed({"x": (-1, 1), "y": (-1, 1)}, derivative="hessian")
def hessian_kinked(x, y):
    return np.abs(x) ** 3 + np.maximum(x, y) ** 2 + sin(x * y)


def vector_survey(name, f, n, low, high, k=20, batch=True):
    r = gen(name, 3)
    pts = [r.uniform(low, high, n) for _ in range(k)]
    add(name, f, pts[:2], region={"x": [(low, high)] * n}, survey=pts, batch=batch)


vector_survey("survey_rosen_n5", rosen, 5, -2.0, 2.0)


def lse4(x):
    return logsumexp(x) + 0.1 * np.sum(x**2)


vector_survey("survey_logsumexp_n4", lse4, 4, -30.0, 30.0)


def abs_sum_vec(x):
    return np.sum(np.abs(x - 0.5)) + np.prod(x)


vector_survey("survey_abs_prod_n6", abs_sum_vec, 6, -1.0, 2.0)
