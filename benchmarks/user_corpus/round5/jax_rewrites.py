"""Hand-written jax.numpy rewrites of every function in round5/functions.py.

Written from the mathematics of each user function, independently of gradlab. Each rewrite
takes the same arguments as the user's function (the point, then the data arguments; or the
keys of a dict point). Where the user's formula cancels in float64 (listed in STABLE_FORM,
with the value tolerance the cancellation needs), the rewrite uses a stable form, so the
truth is the derivative of the mathematical function, not of its round-off.
Module-level data is taken from functions.py (the same arrays the user's code reads).
"""

import functions as F
import jax
import jax.numpy as jnp

JAX = {}
STABLE_FORM = {
    "survey_one_minus_cos": 1e-4,
    "survey_expit_large": 1e-12,
}


def jx(*names):
    def deco(f):
        for name in names:
            JAX[name] = f
        return f

    return deco


def sigmoid(z):
    return 1.0 / (1.0 + jnp.exp(-z))


def log1pexp(z):
    """log(1 + e^z) without overflow."""
    return jnp.maximum(z, 0.0) + jnp.log1p(jnp.exp(-jnp.abs(z)))


def lse(z):
    m = jax.lax.stop_gradient(jnp.max(z))
    return m + jnp.log(jnp.sum(jnp.exp(z - m)))


def l2(v):
    return jnp.sqrt(jnp.sum(v * v))


# ---------------------------------------------------------------- A
@jx("lsq_args_n200", "hess_lsq_args")
def lsq(w, A, y):
    r = jnp.matmul(A, w) - y
    return 0.5 * jnp.sum(r * r)


@jx("ridge_lam_arg")
def ridge(w, A, y, lam):
    r = jnp.matmul(A, w) - y
    return jnp.sum(r * r) + lam * jnp.sum(w * w)


@jx("logistic_nll_args", "hess_logistic_args")
def logistic_nll(w, X, t):
    return jnp.sum(log1pexp(-t * jnp.matmul(X, w)))


@jx("logistic_logaddexp_args")
def logistic_logaddexp(w, X, yb):
    z = jnp.matmul(X, w)
    return jnp.sum(log1pexp(z) - yb * z)


@jx("poisson_glm_args", "hess_poisson_args")
def poisson_glm(w, X, k):
    eta = jnp.matmul(X, w)
    return jnp.sum(jnp.exp(eta) - k * eta)


@jx("softmax_xent_args")
def softmax_xent(theta, X, Y):
    W = theta.reshape(X.shape[1], Y.shape[1])
    logits = jnp.matmul(X, W)
    lses = jnp.stack([lse(row) for row in logits])
    return jnp.mean(lses - jnp.sum(Y * logits, axis=1))


@jx("huber_args")
def huber(w, A, y, delta):
    r = jnp.matmul(A, w) - y
    a = jnp.abs(r)
    quad = 0.5 * r * r
    lin = delta * (a - 0.5 * delta)
    return jnp.sum(jnp.where(a <= delta, quad, lin))


@jx("pinball_args")
def pinball(w, X, y, tau):
    r = y - jnp.matmul(X, w)
    return jnp.sum(jnp.where(r >= 0, tau * r, (tau - 1) * r))


@jx("wls_args")
def wls(w, A, y, wts):
    r = jnp.matmul(A, w) - y
    return jnp.sum(wts * r**2)


@jx("gauss_loglik_n2000", "hess_gauss_loglik_args")
def gauss_loglik(theta, data):
    mu, ls = theta[0], theta[1]
    n = data.shape[0]
    return n * ls + 0.5 * jnp.sum((data - mu) ** 2) * jnp.exp(-2 * ls) + 0.5 * n * jnp.log(2 * jnp.pi)


@jx("student_t_args")
def student_t(theta, data, nu):
    mu, ls = theta[0], theta[1]
    z = (data - mu) * jnp.exp(-ls)
    return jnp.sum(0.5 * (nu + 1) * jnp.log1p(z * z / nu)) + data.shape[0] * ls


@jx("mixture2_args")
def mixture2(theta, x):
    lp = -log1pexp(-theta[0])
    lq = -log1pexp(theta[0])
    mu1, mu2, s1, s2 = theta[1], theta[2], theta[3], theta[4]
    l1 = lp - s1 - 0.5 * ((x - mu1) * jnp.exp(-s1)) ** 2
    l2 = lq - s2 - 0.5 * ((x - mu2) * jnp.exp(-s2)) ** 2
    m = jnp.maximum(l1, l2)
    return -jnp.sum(m + jnp.log(jnp.exp(l1 - m) + jnp.exp(l2 - m)))


@jx("quad_form_n500", "hess_nonsym_quad_args")
def quad_form(x, Q, b):
    return 0.5 * jnp.dot(x, jnp.matmul(Q, x)) - jnp.dot(b, x)


@jx("kernel_obj_n300", "hess_kernel_args")
def kernel_obj(a, K, y):
    return jnp.dot(a, jnp.matmul(K, a)) - 2 * jnp.dot(a, y)


@jx("mlp_mse_args")
def mlp_mse(theta, X, y):
    d, h = X.shape[1], 8
    W1 = theta[: d * h].reshape(d, h)
    b1 = theta[d * h: d * h + h]
    w2 = theta[d * h + h: d * h + 2 * h]
    pred = jnp.matmul(jnp.tanh(jnp.matmul(X, W1) + b1), w2) + theta[-1]
    return jnp.mean((pred - y) ** 2)


@jx("smooth_lasso_args")
def smooth_lasso(w, A, y):
    r = jnp.matmul(A, w) - y
    return jnp.sum(r * r) + 0.1 * jnp.sum(jnp.sqrt(w * w + 1e-6))


@jx("tv_denoise_n1000")
def tv_denoise(u, y, lam):
    du = u[1:] - u[:-1]
    return 0.5 * jnp.sum((u - y) ** 2) + lam * jnp.sum(jnp.sqrt(du * du + 1e-4))


@jx("laplace_smooth_n2000")
def laplace_smooth(u, y, alpha):
    d2 = u[2:] - 2 * u[1:-1] + u[:-2]
    return jnp.sum((u - y) ** 2) + alpha * jnp.sum(d2 * d2)


@jx("graph_energy_index_args")
def graph_energy(x, I, J, wt):
    return jnp.sum(wt * (x[I] - x[J]) ** 2) + 0.01 * jnp.sum(x**4)


@jx("spring_net_args")
def spring_net(p, I, J, L0):
    P = p.reshape(-1, 2)
    d = P[I] - P[J]
    return jnp.sum((jnp.sqrt(d[:, 0] ** 2 + d[:, 1] ** 2) - L0) ** 2)


@jx("log_barrier_args")
def log_barrier(x, A, b):
    return -jnp.sum(jnp.log(b - jnp.matmul(A, x))) + 0.5 * jnp.dot(x, x)


@jx("entropy_reg_args")
def entropy_reg(p, c, eps):
    return jnp.dot(c, p) + eps * jnp.sum(p * jnp.log(p))


@jx("scipy_logsumexp_args")
def lse_glm(w, X, y):
    z = jnp.matmul(X, w)
    return lse(z) - jnp.dot(y, z)


@jx("matfact_mask_args")
def matfact(uv, R, mask, r):
    m, n = R.shape
    U = uv[: m * r].reshape(m, r)
    V = uv[m * r:].reshape(n, r)
    E = (R - jnp.matmul(U, V.T)) * mask
    return jnp.sum(E * E) + 0.01 * jnp.sum(uv * uv)


@jx("cauchy_loss_args")
def cauchy(w, A, y, c):
    r = jnp.matmul(A, w) - y
    return jnp.sum(jnp.log1p((r / c) ** 2))


@jx("pair_loop_args")
def pair_loop(x, sig):
    P = x.reshape(-1, 3)
    D2 = jnp.sum((P[:, None, :] - P[None, :, :]) ** 2, axis=2)
    iu = jnp.triu_indices(P.shape[0], 1)
    return jnp.sum(jnp.exp(-D2[iu] / sig**2))


@jx("loop_line_fit_args")
def line_fit(w, xs, ys):
    pred = w[0] + w[1] * xs + w[2] * xs**2
    return jnp.mean((pred - ys) ** 2)


@jx("vander_fit_args")
def vander_fit(c, x, y):
    V = jnp.stack([x**k for k in range(c.shape[0])], axis=1)
    return jnp.sum((jnp.matmul(V, c) - y) ** 2)


@jx("sinus_fit_args")
def sinus_fit(p, t, y):
    return jnp.sum((p[0] * jnp.sin(p[1] * t + p[2]) + p[3] - y) ** 2)


@jx("decay_fit_args")
def decay_fit(p, t, y):
    return jnp.sum((p[0] * jnp.exp(-p[1] * t) + p[2] - y) ** 2)


@jx("michaelis_args")
def mm_fit(p, S, v):
    return jnp.sum((p[0] * S / (p[1] + S) - v) ** 2)


@jx("rff_ridge_args")
def rff(w, X, Om, y):
    Phi = jnp.cos(jnp.matmul(X, Om)) / jnp.sqrt(Om.shape[1])
    return jnp.mean((jnp.matmul(Phi, w) - y) ** 2) + 1e-3 * jnp.dot(w, w)


@jx("cosine_loss_n500")
def cosine_loss(x, yv):
    return 1 - jnp.dot(x, yv) / (l2(x) * l2(yv))


@jx("kl_softmax_args")
def kl_softmax(z, p):
    logq = z - lse(z)
    return jnp.sum(p * (jnp.log(p) - logq))


@jx("norm_Ax_args")
def norm_ax(x, A):
    return l2(jnp.matmul(A, x))


@jx("slogdet_diag_args")
def slogdet_diag(x, B):
    L = jnp.linalg.cholesky(B + jnp.diag(jnp.exp(x)))
    return 2 * jnp.sum(jnp.log(jnp.diag(L))) + 0.1 * jnp.sum(x * x)


@jx("solve_quad_args")
def solve_quad(x, A):
    return jnp.dot(x, jnp.linalg.solve(A, x))


@jx("attention_args")
def attention(q, K, V):
    s = jnp.matmul(K, q) / jnp.sqrt(q.shape[0])
    a = jnp.exp(s - lse(s))
    return jnp.sum(jnp.tanh(jnp.matmul(a, V)))


@jx("sq_hinge_args")
def sq_hinge(w, X, y):
    m = 1 - y * jnp.matmul(X, w)
    return jnp.sum(jnp.where(m > 0, m * m, 0.0)) + 0.5 * jnp.dot(w, w)


@jx("elastic_abs_args")
def elastic(w, A, y):
    r = jnp.matmul(A, w) - y
    return jnp.sum(r * r) + 0.3 * jnp.sum(jnp.abs(w)) + 0.1 * jnp.sum(w * w)


@jx("exp_fit_math_lists")
def exp_fit(p, ts, ys):
    t, y = jnp.asarray(ts), jnp.asarray(ys)
    return jnp.sum((p[0] * jnp.exp(-p[1] * t) - y) ** 2)


@jx("nonsym_quad_args")
def nonsym_quad(x, M):
    return jnp.dot(x, jnp.matmul(M, x))


@jx("expit_nll_args")
def expit_nll(w, X, y):
    z = jnp.matmul(X, w)
    return jnp.sum(y * log1pexp(-z) + (1 - y) * log1pexp(z))


@jx("negbin_gammaln_args")
def negbin(theta, k):
    r = jnp.exp(theta[0])
    logp = -log1pexp(-theta[1])
    log1mp = -log1pexp(theta[1])
    g = jax.scipy.special.gammaln
    return -jnp.sum(g(k + r) - g(r) - g(k + 1) + r * logp + k * log1mp)


@jx("python_float_args")
def scaled_sines(x, scale, shift):
    return scale * jnp.sum(jnp.sin(x + shift)) + jnp.sum(x * x) / scale


@jx("dict_data_arg")
def dict_arg(x, params):
    return params["a"] * jnp.sum(jnp.exp(params["b"] * x)) + jnp.dot(jnp.asarray(params["c"]), x)


# ---------------------------------------------------------------- B
@jx("rosen_n2000", "hess_rosen_n20", "survey_rosen_n5")
def rosen(x):
    a, b = x[:-1], x[1:]
    return jnp.sum(100.0 * (b - a * a) ** 2 + (1 - a) ** 2)


@jx("rastrigin_n1000")
def rastrigin(x):
    return 10 * x.shape[0] + jnp.sum(x * x - 10 * jnp.cos(2 * jnp.pi * x))


@jx("styblinski_n1500")
def styb(x):
    return 0.5 * jnp.sum(x**4 - 16 * x**2 + 5 * x)


@jx("zakharov_n500")
def zakharov(x):
    s = jnp.sum(0.5 * jnp.arange(1, x.shape[0] + 1) * x)
    return jnp.sum(x * x) + s**2 + s**4


@jx("ackley_n1000")
def ackley(x):
    n = x.shape[0]
    return (-20 * jnp.exp(-0.2 * jnp.sqrt(jnp.sum(x * x) / n))
            - jnp.exp(jnp.sum(jnp.cos(2 * jnp.pi * x)) / n) + 20 + jnp.e)


@jx("chained_exp_n1000")
def chained_exp(x):
    return jnp.sum(jnp.exp(x[:-1] - x[1:])) + 0.5 * jnp.sum(x * x)


@jx("cumsum_energy_n800")
def cumsum_energy(x):
    n = x.shape[0]
    L = jnp.tril(jnp.ones((n, n)))
    return jnp.sum(jnp.matmul(L, x) ** 2)


@jx("roll_ring_n1000")
def roll_ring(x):
    prev = jnp.concatenate([x[-1:], x[:-1]])
    return jnp.sum((x - prev) ** 2 * jnp.cos(x))


@jx("logsumexp_n2000")
def lse_large(x):
    return lse(3 * x) / 3


@jx("prod_n100")
def prod_near_one(x):
    return jnp.exp(jnp.sum(jnp.log(1 + 0.01 * x)))


@jx("norm_mix_n1500")
def norm_mix(x):
    return l2(x) + 0.1 * jnp.sum(x**4) ** 0.25


@jx("loop_math_sin_n100")
def loop_quartic(x):
    i = jnp.arange(x.shape[0])
    return jnp.sum((x - i / 50) ** 4 + jnp.sin(x))


@jx("loop_while_n80")
def loop_while(x):
    a, b = x[:-1], x[1:]
    return jnp.sum((b - a * a) ** 2 + 0.01 * (1 - a) ** 2)


@jx("sort_weighted_n500")
def sort_weighted(x):
    return jnp.dot(jnp.sort(x), jnp.asarray(F.SORT_W)) + 0.1 * jnp.sum(x * x)


@jx("max_plus_quad_n1000")
def max_plus_quad(x):
    return jnp.max(x) + 0.5 * jnp.sum(x * x)


@jx("global_mask_n1200")
def masked_sum(x):
    m = jnp.asarray(F.MASK)
    return jnp.sum(jnp.where(m, x * x, jnp.sin(x)))


@jx("where_expm1_n1000")
def where_piece(x):
    return jnp.sum(jnp.where(x > 0, x * x, jnp.expm1(x)))


@jx("global_data_n600")
def globals_data(x):
    return jnp.sum(F.DATA_C * (x - F.DATA_B) ** 2) + lse(-x * x)


@jx("outer_sq_n100")
def outer_sq(x):
    return jnp.sum(x * x) ** 2


@jx("neighbour_n2000")
def neighbour(x):
    return jnp.sum(x[1:] * x[:-1]) + jnp.sum(x * x) + jnp.sum(jnp.exp(-x))


@jx("double_loop_n30")
def double_loop(x):
    return jnp.dot(x, jnp.matmul(F.A_LOOP, x)) + jnp.sum(x**4)


@jx("matrix_point_20x10")
def matrix_param(X):
    return jnp.sum(jnp.tanh(jnp.matmul(X, X.T))) + jnp.sum(X * X)


@jx("sigmoid_n1000")
def dot_sigmoid(x):
    return jnp.sum(sigmoid(x) * jnp.linspace(-1, 1, x.shape[0]))


# ---------------------------------------------------------------- C
@jx("hess_quartic_coupled")
def quartic_coupled(x):
    return jnp.sum(x**4) + jnp.sum(x) ** 2 * jnp.sum(jnp.cos(x))


@jx("hess_slogdet")
def logdet_diag_sq(x):
    L = jnp.linalg.cholesky(F.A_SPD6 + jnp.diag(x * x))
    return -2 * jnp.sum(jnp.log(jnp.diag(L)))


@jx("hess_dict_params")
def three_params(a, b, c):
    return jnp.exp(a * b) + jnp.sin(c) * a * a + jnp.log1p(b * b)


@jx("hess_mlp_args")
def mlp_small(theta, X, y):
    W1 = theta[:6].reshape(2, 3)
    hid = jnp.tanh(jnp.matmul(X, W1) + theta[6:9])
    return jnp.mean((jnp.matmul(hid, theta[9:12]) + theta[12] - y) ** 2)


@jx("hess_softplus_n50")
def softplus_sum(x):
    return jnp.sum(log1pexp(x) * F.C_SOFT)


@jx("hess_norm_cubed")
def norm_cubed(x):
    return jnp.sum(x * x) ** 1.5


@jx("hess_loop_math")
def hess_loop(x):
    i = jnp.arange(x.shape[0] - 1)
    return jnp.sum(jnp.exp(0.1 * i) * (x[:-1] * x[1:]) ** 2 + jnp.cos(x[:-1]))


@jx("hess_trig_dict")
def trig_xy(x, y):
    return jnp.sin(x * y) + jnp.cos(x + y * y)


@jx("hess_entropy_n20")
def entropy_p(p):
    return jnp.sum(p * jnp.log(p)) - jnp.log(jnp.sum(p))


@jx("hess_rational")
def rational_sum(x):
    return jnp.sum(1 - 1 / (1 + x * x))


@jx("hess_where_n15")
def where_cubic(x):
    return jnp.sum(jnp.where(x > 0, x**3, -(x**2)))


@jx("hess_tanh_chain_n25")
def tanh_chain(x):
    return jnp.sum(jnp.tanh(jnp.tanh(x) * jnp.flip(x))) + x[0] * x[-1]


@jx("hess_log_expit_args")
def log_expit(w, X):
    return -jnp.sum(log1pexp(-jnp.matmul(X, w)))


@jx("hess_lj_loop")
def lj(x):
    P = x.reshape(-1, 2)
    e = 0.0
    for i in range(P.shape[0]):
        for j in range(i):
            r2 = jnp.sum((P[i] - P[j]) ** 2)
            e = e + r2**-6 - 2 * r2**-3
    return e


# ---------------------------------------------------------------- D
@jx("jac_resid_args")
def resid(w, A, y):
    return jnp.matmul(A, w) - y


@jx("jac_decay_resid_args")
def decay_resid(p, t, y):
    return p[0] * jnp.exp(-p[1] * t) + p[2] - y


@jx("jac_lotka")
def lotka(z):
    a, b, c, d = F.LV
    return jnp.stack([a * z[0] - b * z[0] * z[1], d * z[0] * z[1] - c * z[1]])


@jx("jac_polar")
def polar(rt):
    return rt[0] * jnp.stack([jnp.cos(rt[1]), jnp.sin(rt[1])])


@jx("jac_spherical_math")
def spherical(v):
    r, th, ph = v[0], v[1], v[2]
    return jnp.stack([r * jnp.sin(th) * jnp.cos(ph), r * jnp.sin(th) * jnp.sin(ph), r * jnp.cos(th)])


@jx("jac_softmax_n30")
def softmax_vec(z):
    return jnp.exp(z - lse(z))


@jx("jac_cumsum_n50")
def cumsum_sq(x):
    n = x.shape[0]
    return jnp.matmul(jnp.tril(jnp.ones((n, n))), x * x)


@jx("jac_tanh_layer_args")
def tanh_layer(x, M):
    return jnp.tanh(jnp.matmul(M, x))


@jx("jac_lorenz_defaults")
def lorenz(s):
    x, y, z = s[0], s[1], s[2]
    return jnp.stack([10.0 * (y - x), x * (28.0 - z) - y, x * y - (8 / 3) * z])


@jx("jac_normalize_n20")
def normalize(x):
    return x / l2(x)


@jx("jac_stack")
def stacked(v):
    a, b, c = v[0], v[1], v[2]
    return jnp.stack([a * b, jnp.exp(c) * a, jnp.sin(b) + c * c, a / (1 + b * b)])


@jx("jac_concat_n10")
def concat(x):
    return jnp.concatenate([x * x, jnp.sin(x[:3]), jnp.sum(x)[None]])


@jx("jac_heat_roll_n100")
def heat(u):
    up = jnp.concatenate([u[-1:], u[:-1]])
    dn = jnp.concatenate([u[1:], u[:1]])
    return 0.5 * (up - 2 * u + dn) - u**3


@jx("jac_arm2")
def arm2(q):
    return jnp.stack([jnp.cos(q[0]) + 0.7 * jnp.cos(q[0] + q[1]),
                      jnp.sin(q[0]) + 0.7 * jnp.sin(q[0] + q[1])])


@jx("jac_loop_list_n30")
def loop_rhs(x):
    left = jnp.concatenate([jnp.zeros(1), x[:-1]])
    return x * left + jnp.cos(0.1 * jnp.arange(x.shape[0])) * x * x


@jx("jac_solve_args")
def solve_exp(x, A):
    return jnp.linalg.solve(A, jnp.exp(x))


@jx("jac_outer_matrix_n8")
def outer_self(x):
    return x[:, None] * jnp.sin(x)[None, :]


@jx("jac_mlp_layer_args")
def mlp_layer(x, W, b):
    return jnp.tanh(jnp.matmul(W, x) + b)


@jx("jac_dict_params")
def polar_dict(r, t):
    return jnp.stack([r * jnp.cos(t), r * jnp.sin(t), r * t])


@jx("jac_expit_args")
def sig_out(w, X):
    return sigmoid(jnp.matmul(X, w))


@jx("jac_cumsum_tanh_n300")
def large_jac(x):
    n = x.shape[0]
    return jnp.tanh(x) * jnp.matmul(jnp.tril(jnp.ones((n, n))), x) / n


# ---------------------------------------------------------------- E
@jx("survey_himmelblau")
def himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


@jx("survey_abs_kinks")
def abs_kinks(x, y):
    return jnp.abs(x) + jnp.abs(x - y) + 0.5 * x * y


@jx("survey_builtin_max")
def builtin_max(x, y):
    return jnp.where(x >= y, x, y) ** 2 + x


@jx("survey_where_branch")
def where_branch(x, y):
    return jnp.where(x > y, x * y, x + y * y)


@jx("survey_hypot_large")
def hypot_large(x, y):
    return jnp.sqrt(x * x + y * y) * y


@jx("survey_sin_large_arg")
def sin_large(x, y):
    return jnp.sin(x) * y + jnp.cos(y * 1e-3 * x)


@jx("survey_one_minus_cos")
def one_minus_cos(x, y):
    return 2 * jnp.sin(x / 2) ** 2 / (x * x) * y


@jx("survey_abs_complex_step")
def abs_cs(x, y):
    return x * jnp.abs(y) + y**3


@jx("survey_expit_large")
def expit_large(x, y):
    return sigmoid(x) + y * jnp.log1p(jnp.exp(-x))


@jx("survey_rosen2d")
def rosen2d(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


@jx("survey_branin")
def branin(x, y):
    b, c, t = 5.1 / (4 * jnp.pi**2), 5 / jnp.pi, 1 / (8 * jnp.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * jnp.cos(x) + 10


@jx("survey_beale")
def beale(x, y):
    return ((1.5 - x * (1 - y)) ** 2 + (2.25 - x * (1 - y * y)) ** 2
            + (2.625 - x * (1 - y**3)) ** 2)


@jx("survey_goldstein_price")
def goldstein(x, y):
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y)
    return a * b


@jx("survey_atan2_branch_cut")
def atan2_cut(x, y):
    return jnp.sqrt(x * x + y * y) + jnp.arctan2(y, x)


@jx("survey_floor_steps")
def floor_steps(x, y):
    return jax.lax.stop_gradient(jnp.floor(x)) * y + x * x


@jx("survey_math_module")
def math_module(x, y):
    return jnp.exp(x) * jnp.cos(y) + jnp.log1p(x * x)


@jx("survey_log_barrier_disk")
def barrier_disk(x, y):
    return -jnp.log1p(-(x * x + y * y))


@jx("survey_python_if")
def python_if(x, y):
    return jnp.where(x > 0, x * x * y, -x * y**3)


@jx("survey_clip_minimum")
def clip_min(x, y):
    return jnp.where(jnp.abs(x) < 1, x, jnp.sign(x)) * y + jnp.where(x <= y, x, y)


@jx("survey_large_quartic")
def large_quartic(x, y):
    return (x * y) ** 4 + x * y


@jx("survey_tiny_harmonic")
def tiny_harmonic(x, y):
    return 1 / (1 / x + 1 / y)


@jx("survey_erf_times")
def erf_times(x, y):
    erf = jax.scipy.special.erf
    return erf(x) * y + erf(x * y)


@jx("survey_relu_net")
def relu_net(x, y):
    return jnp.where(2 * x - y > 0, 2 * x - y, 0.0) + 3 * jnp.where(x + y - 1 > 0, x + y - 1, 0.0)


@jx("survey_sqrt_near_zero")
def sqrt_near_zero(x, y):
    return jnp.sqrt(x * x + y * y + 1e-12)


@jx("survey_sign_times_square")
def sign_sq(x, y):
    return x * jnp.abs(x) + y * jnp.abs(y)


@jx("survey_mod_sawtooth")
def mod_saw(x, y):
    return (x - jax.lax.stop_gradient(jnp.floor(x))) * y + jnp.sin(x)


@jx("survey_exp_log_roundtrip")
def exp_log(x, y):
    return x * y + jnp.log(x) ** 2


@jx("survey_gauss_bump3")
def gauss_bump3(x, y, z):
    return jnp.exp(-((x - 1) ** 2 + (y - 2) ** 2) / 0.5) * jnp.cos(z) + jnp.exp(-z) * jnp.log1p(x)


@jx("survey_hessian_kinked")
def hessian_kinked(x, y):
    return jnp.abs(x) ** 3 + jnp.where(x >= y, x, y) ** 2 + jnp.sin(x * y)


@jx("survey_logsumexp_n4")
def lse4(x):
    return lse(x) + 0.1 * jnp.sum(x * x)


@jx("survey_abs_prod_n6")
def abs_prod(x):
    return jnp.sum(jnp.abs(x - 0.5)) + jnp.prod(x)
