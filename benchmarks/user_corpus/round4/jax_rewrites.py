"""Hand-written jax.numpy rewrites of every function in round4/functions.py.

Written from the mathematics of each user function, independently of gradlab. Each rewrite
takes the same arguments as the user's function (an array, the members of a tuple point,
or the keys of a dict point). numpy/scipy semantics an engine could share with a mapping
(polyval, cross, var, norm with keepdims, vander, lstsq, cholesky, eigvalsh, logsumexp
with b=, xlogy, slogdet, roll, cumsum/cumprod, diff) are spelled out with elementary
operations or closed forms.
"""

import math

import functions as F
import jax.numpy as jnp
import numpy as np

JAX = {}


def jx(*names):
    def deco(f):
        for name in names:
            JAX[name] = f
        return f

    return deco


def c(a):
    return jnp.asarray(np.asarray(a, dtype=float))


T_DATA, Y_DECAY, X_PEAK, Y_PEAK = map(c, (F.T_DATA, F.Y_DECAY, F.X_PEAK, F.Y_PEAK))
S_MM, V_MM, W1, B1, W2, B2 = map(c, (F.S_MM, F.V_MM, F.W1, F.B1, F.W2, F.B2))
A_SPD, A_NONSYM, B_VEC = map(c, (F.A_SPD, F.A_NONSYM, F.B_VEC))
X_LOGIT, Y_LOGIT, COUNTS, X_POIS, DATA_N = map(c, (F.X_LOGIT, F.Y_LOGIT, F.COUNTS, F.X_POIS, F.DATA_N))
J_COUPLE, CHARGES, PROBES, X_DESIGN = map(c, (F.J_COUPLE, F.CHARGES, F.PROBES, F.X_DESIGN))
COV_INV, MU3 = c(F.COV_INV), c(F.MU3)


def sigmoid(z):
    return 1.0 / (1.0 + jnp.exp(-z))


def softplus(z):
    return jnp.log(1.0 + jnp.exp(z))


def l2(v):
    return jnp.sqrt(jnp.sum(v * v))


def cross(a, b):
    return jnp.stack([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
                      a[0] * b[1] - a[1] * b[0]])


def inv2(M):
    det = M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]
    return jnp.array([[M[1, 1], -M[0, 1]], [-M[1, 0], M[0, 0]]]) / det


def det3(M):
    return (M[0, 0] * (M[1, 1] * M[2, 2] - M[1, 2] * M[2, 1])
            - M[0, 1] * (M[1, 0] * M[2, 2] - M[1, 2] * M[2, 0])
            + M[0, 2] * (M[1, 0] * M[2, 1] - M[1, 1] * M[2, 0]))


def inv3(M):
    cof = jnp.array([
        [M[1, 1] * M[2, 2] - M[1, 2] * M[2, 1], -(M[1, 0] * M[2, 2] - M[1, 2] * M[2, 0]),
         M[1, 0] * M[2, 1] - M[1, 1] * M[2, 0]],
        [-(M[0, 1] * M[2, 2] - M[0, 2] * M[2, 1]), M[0, 0] * M[2, 2] - M[0, 2] * M[2, 0],
         -(M[0, 0] * M[2, 1] - M[0, 1] * M[2, 0])],
        [M[0, 1] * M[1, 2] - M[0, 2] * M[1, 1], -(M[0, 0] * M[1, 2] - M[0, 2] * M[1, 0]),
         M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]],
    ])
    return cof.T / det3(M)


def gammaln(x):
    """log Gamma for x > 0: shift up to x >= 8, then Stirling's series (error < 1e-15)."""
    shift = 0.0
    for _ in range(8):
        shift = shift + jnp.log(x)
        x = x + 1.0
    s = ((x - 0.5) * jnp.log(x) - x + 0.5 * math.log(2 * math.pi) + 1 / (12 * x)
         - 1 / (360 * x**3) + 1 / (1260 * x**5) - 1 / (1680 * x**7) + 1 / (1188 * x**9))
    return s - shift


# ---------------------------------------------------------------- A. transforms, kinematics
jx("polar_to_cartesian")(lambda p: jnp.stack([p[0] * jnp.cos(p[1]), p[0] * jnp.sin(p[1])]))


@jx("spherical_to_cartesian", "spherical_to_cartesian_jvp")
def _(q):
    r, t, p = q[0], q[1], q[2]
    return jnp.stack([r * jnp.sin(t) * jnp.cos(p), r * jnp.sin(t) * jnp.sin(p), r * jnp.cos(t)])


@jx("cartesian_to_spherical")
def _(v):
    r = l2(v)
    return jnp.stack([r, jnp.arccos(v[2] / r), jnp.arctan2(v[1], v[0])])


jx("cylindrical")(lambda r, phi, z: jnp.stack([r * jnp.cos(phi), r * jnp.sin(phi), z]))


@jx("two_link_arm")
def _(t1, t2):
    return jnp.stack([jnp.cos(t1) + 0.7 * jnp.cos(t1 + t2), jnp.sin(t1) + 0.7 * jnp.sin(t1 + t2)])


@jx("three_link_arm_cumsum", "three_link_arm_vjp")
def _(a):
    phi = jnp.stack([a[0], a[0] + a[1], a[0] + a[1] + a[2]])
    L = c([1.0, 0.8, 0.5])
    return jnp.stack([L @ jnp.cos(phi), L @ jnp.sin(phi)])


@jx("projectile_position")
def _(p):
    t = c(np.linspace(0.2, 1.0, 5))
    return jnp.concatenate([p[0] * jnp.cos(p[1]) * t, p[0] * jnp.sin(p[1]) * t - 4.905 * t**2])


@jx("rotate_point")
def _(p):
    th = p[0]
    return p[3] * jnp.stack([jnp.cos(th) * p[1] - jnp.sin(th) * p[2],
                             jnp.sin(th) * p[1] + jnp.cos(th) * p[2]])


@jx("quaternion_to_matrix")
def _(q):
    w, x, y, z = q / l2(q)
    return jnp.stack([
        jnp.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)]),
        jnp.stack([2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)]),
        jnp.stack([2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]),
    ])


jx("pinhole_projection")(lambda P: jnp.stack([800 * P[0] / P[2] + 320, 800 * P[1] / P[2] + 240]))


@jx("orbital_position")
def _(el):
    a, e, inc, raan, argp, M = el
    E = M
    for _ in range(8):
        E = E - (E - e * jnp.sin(E) - M) / (1 - e * jnp.cos(E))
    nu = 2 * jnp.arctan2(jnp.sqrt(1 + e) * jnp.sin(E / 2), jnp.sqrt(1 - e) * jnp.cos(E / 2))
    r = a * (1 - e * jnp.cos(E))
    u = argp + nu
    return r * jnp.stack([
        jnp.cos(raan) * jnp.cos(u) - jnp.sin(raan) * jnp.sin(u) * jnp.cos(inc),
        jnp.sin(raan) * jnp.cos(u) + jnp.cos(raan) * jnp.sin(u) * jnp.cos(inc),
        jnp.sin(u) * jnp.sin(inc),
    ])


jx("cross_product_pair")(lambda x: cross(x[:3], x[3:]))
jx("cross_with_field")(lambda v: 1.7 * cross(v, c([0.0, 0.3, 1.0])))


# ---------------------------------------------------------------- B. ODE right-hand sides
@jx("lorenz_rhs", "lorenz_rhs_vjp")
def _(s):
    x, y, z = s
    return jnp.stack([F.SIGMA * (y - x), x * (F.RHO - z) - y, x * y - F.BETA * z])


@jx("lotka_volterra", "lotka_volterra_jvp")
def _(z):
    return jnp.stack([1.1 * z[0] - 0.4 * z[0] * z[1], 0.1 * z[0] * z[1] - 0.4 * z[1]])


jx("van_der_pol")(lambda y: jnp.stack([y[1], 2.0 * (1 - y[0] ** 2) * y[1] - y[0]]))


@jx("double_pendulum_rhs")
def _(s):
    t1, t2, w1, w2 = s
    g, d = 9.81, t1 - t2
    den = 3 - jnp.cos(2 * d)
    a1 = (-3 * g * jnp.sin(t1) - g * jnp.sin(t1 - 2 * t2)
          - 2 * jnp.sin(d) * (w2**2 + w1**2 * jnp.cos(d))) / den
    a2 = 2 * jnp.sin(d) * (2 * w1**2 + 2 * g * jnp.cos(t1) + w2**2 * jnp.cos(d)) / den
    return jnp.stack([w1, w2, a1, a2])


@jx("robertson_kinetics")
def _(y):
    return jnp.stack([-0.04 * y[0] + 1e4 * y[1] * y[2],
                      0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] ** 2, 3e7 * y[1] ** 2])


@jx("sir_model")
def _(u):
    S, I, R = u
    inf = 0.3 * S * I / (S + I + R)
    return jnp.stack([-inf, inf - 0.1 * I, 0.1 * I])


def pendulum(y):
    return jnp.stack([y[1], -9.81 * jnp.sin(y[0]) - 0.2 * y[1]])


@jx("rk4_step")
def _(y):
    h = 0.1
    k1 = pendulum(y)
    k2 = pendulum(y + h / 2 * k1)
    k3 = pendulum(y + h / 2 * k2)
    k4 = pendulum(y + h * k3)
    return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


@jx("euler_ten_steps")
def _(y):
    for _ in range(10):
        y = y + 0.05 * jnp.stack([-0.5 * y[0] + y[1] * y[2], -y[1] + 0.3 * y[0], -0.2 * y[2] ** 2])
    return y


@jx("heat_rhs_dirichlet")
def _(u):
    p = jnp.concatenate([jnp.zeros(1), u, jnp.zeros(1)])
    return (p[2:] - 2 * p[1:-1] + p[:-2]) * 49.0 + u**3


jx("fisher_kpp_rhs")(lambda u: u[2:] - 2 * u[1:-1] + u[:-2] + 0.5 * u[1:-1] * (1 - u[1:-1]))


@jx("predator_prey_competition")
def _(z):
    x0, x1 = z[0], z[1]
    return jnp.stack([x0 * (1 - x0 - 1.09 * x1), 0.72 * x1 * (1 - x1),
                      z[2] * jnp.exp(-x0), z[3] * jnp.exp(-x1)])


# ---------------------------------------------------------------- C. residuals
jx("exp_decay_residuals", "exp_decay_residuals_vjp")(lambda p: p[0] * jnp.exp(-p[1] * T_DATA) - Y_DECAY)
jx("gaussian_peak_residuals", "gaussian_peak_residuals_vjp")(
    lambda th: (th[0] * jnp.exp(-((X_PEAK - th[1]) ** 2) / (2 * th[2] ** 2)) - Y_PEAK) * 100.0)
jx("polyval_residuals")(lambda c_: c_[0] * T_DATA**2 + c_[1] * T_DATA + c_[2] - Y_DECAY)
jx("michaelis_menten_residuals")(lambda p: V_MM - p[0] * S_MM / (p[1] + S_MM))
jx("rosenbrock_residuals")(lambda x: jnp.stack([10 * (x[1] - x[0] ** 2), 1 - x[0]]))
jx("powell_singular_residuals")(lambda x: jnp.stack([
    x[0] + 10 * x[1], math.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2,
    math.sqrt(10) * (x[0] - x[3]) ** 2]))


@jx("circle_fit_residuals")
def _(cc):
    pts = c([[1.1, 0.5], [0.3, 1.2], [-0.4, 0.6], [0.0, -0.3], [0.9, -0.2]])
    return jnp.sqrt((pts[:, 0] - cc[0]) ** 2 + (pts[:, 1] - cc[1]) ** 2) - cc[2] - 0.5


@jx("weighted_residuals_design")
def _(b):
    t = c(np.linspace(0.0, 1.0, 7))
    return jnp.sqrt(1.0 + t) * (b[0] * t**2 + b[1] * t + b[2] - jnp.sin(t))


jx("sinusoid_residuals")(lambda p: p[0] * jnp.sin(p[1] * T_DATA + p[2]) + p[3] - jnp.cos(T_DATA))


# ---------------------------------------------------------------- D. softmax, layers
@jx("softmax_naive", "softmax_naive_vjp", "softmax_stable")
def _(z):
    e = jnp.exp(z)
    return e / jnp.sum(e)


jx("log_softmax_lse")(lambda z: z - jnp.log(jnp.sum(jnp.exp(z))))
jx("scipy_softmax")(lambda z: jnp.exp(2 * z) / jnp.sum(jnp.exp(2 * z)))
jx("softmax_rows")(lambda Z: jnp.exp(Z) / jnp.sum(jnp.exp(Z), axis=1)[:, None])
jx("normalize")(lambda x: x / l2(x))


@jx("layer_norm")
def _(x):
    d = x - jnp.sum(x) / 5
    return d / jnp.sqrt(jnp.sum(d * d) / 5 + 1e-5)


jx("normalize_rows")(lambda X: X / jnp.sqrt(jnp.sum(X * X, axis=1))[:, None])
jx("dense_tanh")(lambda x: jnp.tanh(W1 @ x + B1))
jx("mlp_two_layers", "mlp_two_layers_vjp")(lambda x: sigmoid(W2 @ jnp.tanh(W1 @ x + B1) + B2))
jx("mlp_softplus")(lambda x: W2 @ softplus(W1 @ x + B1) + B2)
jx("class_mlp_forward")(lambda x: W2 @ jnp.tanh(W1 @ x + B1) + B2)
jx("class_dense_layer")(lambda x: jnp.sin(W1 @ x + B1))
jx("linear_layer_weights")(lambda W: jnp.tanh(W @ c([1.0, -0.5, 2.0])))
jx("gelu_tanh")(lambda x: 0.5 * x * (1 + jnp.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))))


@jx("attention_weights")
def _(q):
    K = c([[1.0, 0.2, -0.3], [0.4, -1.0, 0.5], [0.0, 0.7, 0.9], [-0.6, 0.1, 0.3]])
    V = c([[1.0, 0.0], [0.5, 1.5], [-1.0, 0.3], [0.2, -0.8]])
    e = jnp.exp(K @ q / math.sqrt(3))
    return (e / jnp.sum(e)) @ V


jx("logistic_predictions")(lambda w: sigmoid(X_LOGIT @ w[:3] + w[3]))


# ---------------------------------------------------------------- E. force fields
@jx("gravity_forces_3bodies")
def _(flat):
    pos = flat.reshape(3, 2)
    m = [1.0, 2.0, 0.5]
    rows = []
    for i in range(3):
        f = jnp.zeros(2)
        for j in range(3):
            if i != j:
                d = pos[j] - pos[i]
                f = f + m[i] * m[j] * d / jnp.sum(d * d) ** 1.5
        rows.append(f)
    return jnp.concatenate(rows)


@jx("spring_chain_forces")
def _(x):
    e = 4.0 * (x[1:] - x[:-1] - 1.0)
    return jnp.stack([e[0], e[1] - e[0], e[2] - e[1], -e[2]])


@jx("coulomb_field_at_probes")
def _(s):
    return jnp.concatenate([(p - s) / jnp.sum((p - s) ** 2) ** 1.5 for p in PROBES])


@jx("lennard_jones_forces")
def _(flat):
    pos = flat.reshape(3, 2)
    f = [jnp.zeros(2) for _ in range(3)]
    for i in range(3):
        for j in range(i + 1, 3):
            rij = pos[i] - pos[j]
            r2 = jnp.sum(rij * rij)
            mag = 24 * (2 / r2**6 - 1 / r2**3) / r2
            f[i] = f[i] + mag * rij
            f[j] = f[j] - mag * rij
    return jnp.concatenate(f)


@jx("dipole_field")
def _(r):
    rn = l2(r)
    return (3 * r[2] / rn * r / rn - c([0.0, 0.0, 1.0])) / rn**3


@jx("drag_gravity_rhs")
def _(s):
    sp = jnp.sqrt(s[2] ** 2 + s[3] ** 2)
    return jnp.stack([s[2], s[3], -0.1 * sp * s[2], -9.81 - 0.1 * sp * s[3]])


# ---------------------------------------------------------------- F. linear algebra
@jx("solve_stiffness", "solve_stiffness_vjp")
def _(k):
    K = jnp.array([[k[0] + k[1], -k[1], 0.0], [-k[1], k[1] + k[2], -k[2]], [0.0, -k[2], k[2]]])
    return inv3(K) @ c([0.0, 0.0, 1.0])


jx("inverse_2x2")(lambda a: inv2(a.reshape(2, 2)))


@jx("inv_times_vector")
def _(p):
    M = jnp.array([[2.0 + p[0], p[1]], [p[1], 1.0 + p[0] ** 2]])
    return inv2(M) @ c([1.0, -1.0])


jx("gram_matrix")(lambda X: jnp.einsum("ki,kj->ij", X, X))
jx("outer_product", "outer_product_jvp")(lambda x: x[:, None] * x[None, :])


@jx("eigvalsh_2x2")
def _(p):
    mean = (p[0] + p[2]) / 2
    rad = jnp.sqrt(((p[0] - p[2]) / 2) ** 2 + p[1] ** 2)
    return jnp.stack([mean - rad, mean + rad])


@jx("cholesky_2x2")
def _(p):
    l11 = jnp.sqrt(p[0])
    l21 = p[1] / l11
    l22 = jnp.sqrt(p[2] - l21**2)
    return jnp.array([[l11, 0.0], [l21, l22]])


@jx("lstsq_line_fit")
def _(y):
    t = c(np.arange(7.0))
    tm = jnp.mean(t)
    slope = jnp.sum((t - tm) * (y - jnp.mean(y))) / jnp.sum((t - tm) ** 2)
    return jnp.stack([jnp.mean(y) - slope * tm, slope])


jx("solve_shifted_system")(lambda x: inv3(A_SPD[:3, :3] + jnp.diag(x**2)) @ jnp.exp(x))


@jx("gram_schmidt_2")
def _(v):
    a, b = v[:2], v[2:]
    e1 = a / l2(a)
    u = b - jnp.sum(b * e1) * e1
    return jnp.concatenate([e1, u / l2(u)])


@jx("complex_square_parts")
def _(p):
    x, y, u, w = p  # z = x + iy, w = u + iw
    zr, zi = x * x - y * y, 2 * x * y
    qr = zr * u - zi * w + jnp.exp(x) * jnp.cos(y)
    qi = zr * w + zi * u + jnp.exp(x) * jnp.sin(y)
    return jnp.stack([qr, qi])


# ---------------------------------------------------------------- G. structure
jx("cumsum_squares")(lambda x: jnp.stack([jnp.sum(x[: k + 1] ** 2) for k in range(4)]))
jx("cumprod_growth")(lambda r: 100.0 * jnp.stack([jnp.prod(r[: k + 1]) for k in range(4)]))
jx("stack_expressions")(lambda x: jnp.stack(
    [x[0] * x[1], jnp.sin(x[2]), x[0] ** 2 + x[2], jnp.exp(x[1] - x[0])]))
jx("concatenate_pieces")(lambda x: jnp.concatenate([x**2, jnp.exp(x[:2]), jnp.sum(x)[None]]))
jx("closure_model")(lambda x: A_NONSYM @ jnp.sin(x) + 0.5 * x[::-1])
jx("closure_roll_ode")(lambda y: -0.7 * y + jnp.concatenate([y[-1:], y[:-1]]) * y)


@jx("dataclass_multi_exp")
def _(a):
    t = c(np.linspace(0.0, 1.0, 4))
    return a[0] * jnp.exp(-0.5 * t) + a[1] * jnp.exp(-1.5 * t) + a[2] * jnp.exp(-3.0 * t)


jx("vander_features")(lambda x: jnp.stack([x**2, x, jnp.ones(3)], axis=1).reshape(-1))
jx("where_constant_mask")(lambda x: jnp.stack([jnp.exp(x[0]), x[1] ** 3, jnp.exp(x[2])]))
jx("math_scalar_pair")(lambda x, y: jnp.stack(
    [jnp.exp(x) * y, jnp.sin(x * y), jnp.sqrt(x + y), jnp.log(y) / x]))


@jx("einsum_bilinear")
def _(x):
    T = c(np.arange(18.0).reshape(2, 3, 3) / 10)
    return jnp.stack([x @ T[0] @ x, x @ T[1] @ x])


jx("list_comprehension_array")(lambda x: jnp.concatenate([x**2 * jnp.exp(-x), jnp.prod(x)[None]]))
jx("matrix_square_minus")(lambda X: jnp.einsum("ik,kj->ij", X, X) - 2 * X.T)


# ---------------------------------------------------------------- H. test functions
jx("rosenbrock_2d")(lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2)
jx("rosenbrock_nd", "rosenbrock_nd_hvp", "rosenbrock_loop")(
    lambda x: jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))
jx("himmelblau")(lambda p: (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2)
jx("beale")(lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2
            + (2.625 - x + x * y**3) ** 2)
jx("styblinski_tang")(lambda x: 0.5 * jnp.sum(x**4 - 16 * x**2 + 5 * x))
jx("rastrigin")(lambda x: 30 + jnp.sum(x**2 - 10 * jnp.cos(2 * math.pi * x)))
jx("ackley")(lambda x: -20 * jnp.exp(-0.2 * jnp.sqrt(jnp.sum(x**2) / 3))
             - jnp.exp(jnp.sum(jnp.cos(2 * math.pi * x)) / 3) + 20 + math.e)
jx("matyas_math")(lambda x, y: 0.26 * (x * x + y * y) - 0.48 * x * y + jnp.sin(x) * jnp.cos(y))
jx("booth_dict_point")(lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2 + x**3 * y)

# ---------------------------------------------------------------- I. quadratic forms, norms
jx("quadratic_form_spd", "quadratic_form_spd_hvp")(lambda x: 0.5 * x @ A_SPD @ x - B_VEC @ x)
jx("quadratic_form_nonsymmetric")(lambda x: x @ A_NONSYM @ x)
jx("mahalanobis_sq")(lambda x: (x - MU3) @ COV_INV @ (x - MU3))
jx("euclidean_norm")(l2)
jx("norm_cubed_plus_dot")(lambda x: jnp.sum(x * x) ** 1.5 + jnp.sum(x * x))


@jx("p3_norm")
def _(x):
    sign = c(np.sign(F.CASES_BY_NAME["p3_norm"]))  # |x| = sign * x away from zero
    return jnp.sum((sign * x) ** 3) ** (1 / 3)


jx("logsumexp_scipy", "logsumexp_naive")(lambda x: jnp.log(jnp.sum(jnp.exp(x))))
jx("logsumexp_weighted_b")(lambda x: jnp.log(c([0.5, 1.0, 2.0]) @ jnp.exp(2 * x)))


@jx("softmax_entropy")
def _(z):
    lse = jnp.log(jnp.sum(jnp.exp(z)))
    p = jnp.exp(z - lse)
    return -jnp.sum(p * (z - lse))


jx("softplus_sum")(lambda x: jnp.sum(softplus(x)))


@jx("frobenius_quartic", "frobenius_quartic_hvp")
def _(X):
    G = X.T @ X
    return jnp.sum(G * G.T)


jx("det_3x3")(det3)
jx("logdet_spd")(lambda p: jnp.log((2.0 + p[0]) * (1.5 + p[2] ** 2) - p[1] ** 2))
jx("trace_inverse")(lambda p: jnp.trace(inv3(A_SPD[:3, :3] + jnp.diag(p**2))))

# ---------------------------------------------------------------- J. likelihoods, losses
jx("logistic_nll", "logistic_nll_hvp")(
    lambda w: jnp.sum(softplus(X_LOGIT @ w) - Y_LOGIT * (X_LOGIT @ w)))


@jx("logistic_nll_expit")
def _(w):
    p = sigmoid(X_LOGIT @ w)
    return -jnp.sum(Y_LOGIT * jnp.log(p) + (1 - Y_LOGIT) * jnp.log(1 - p)) / 15 + 0.01 * w @ w


@jx("gaussian_nll_logsigma")
def _(th):
    z = (DATA_N - th[0]) * jnp.exp(-th[1])
    return jnp.sum(0.5 * z**2) + 20 * th[1] + 10 * math.log(2 * math.pi)


@jx("poisson_regression_nll")
def _(b):
    eta = X_POIS @ b
    const = float(sum(math.lgamma(k + 1) for k in F.COUNTS))
    return jnp.sum(jnp.exp(eta) - COUNTS * eta) + const


@jx("gamma_nll")
def _(p):
    a, b = p
    x = jnp.abs(DATA_N) + 0.1
    return -jnp.sum(a * jnp.log(b) - gammaln(a) + (a - 1) * jnp.log(x) - b * x)


@jx("student_t_nll")
def _(th):
    mu, ls, lnu = th
    s, nu = jnp.exp(ls), jnp.exp(lnu)
    z = (DATA_N - mu) / s
    ll = (gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * jnp.log(nu * math.pi) - ls
          - (nu + 1) / 2 * jnp.log(1 + z**2 / nu))
    return -jnp.sum(ll)


@jx("dirichlet_logpdf")
def _(a):
    x = c([0.2, 0.5, 0.3])
    return gammaln(jnp.sum(a)) - gammaln(a[0]) - gammaln(a[1]) - gammaln(a[2]) + (a - 1) @ jnp.log(x)


@jx("mvn_logpdf_solve")
def _(x):
    S = A_SPD[:3, :3]
    d = x - MU3
    return -0.5 * d @ inv3(S) @ d - 0.5 * jnp.log(det3(S))


@jx("ridge_loss")
def _(w):
    X = X_LOGIT[:10]
    y = X @ c([1.0, -2.0, 0.5]) + 0.1
    return jnp.sum((X @ w - y) ** 2) + 0.3 * jnp.sum(w**2)


jx("pseudo_huber")(lambda r: jnp.sum(jnp.sqrt(1 + r**2) - 1))
jx("log_cosh_loss")(lambda x: jnp.sum(jnp.log(jnp.cosh(x - c([0.1, 0.2, 0.3])))))
jx("free_energy_xlogx")(lambda p: jnp.sum(p * jnp.log(p)) + 0.5 * p @ c([1.0, 2.0, -0.5]))
jx("mlp_output_loss")(lambda x: 0.5 * jnp.sum((W2 @ jnp.tanh(W1 @ x + B1) + B2 - c([0.5, -0.5])) ** 2))


@jx("mlp_loss_in_weights", "mlp_loss_in_weights_hvp")
def _(W):
    h = jnp.tanh(W1 @ c([0.4, -0.1, 0.8]) + B1)
    z = W @ h
    return jnp.log(jnp.sum(jnp.exp(z))) - z[0]


def _phi_cdf(z):
    # standard normal CDF from erf in jax.lax (float64)
    from jax.scipy.special import erf
    return 0.5 * (1 + erf(z / math.sqrt(2)))


@jx("erf_probit_nll")
def _(w):
    p = _phi_cdf(X_LOGIT @ w[:3] + w[3])
    return -jnp.sum(Y_LOGIT * jnp.log(p) + (1 - Y_LOGIT) * jnp.log(1 - p))


# ---------------------------------------------------------------- K. energies
@jx("lennard_jones_energy", "lennard_jones_energy_hvp")
def _(flat):
    pos = flat.reshape(3, 2)
    E = 0.0
    for i in range(3):
        for j in range(i + 1, 3):
            r2 = jnp.sum((pos[i] - pos[j]) ** 2)
            E = E + 4 * (r2**-6 - r2**-3)
    return E


@jx("spring_network_energy")
def _(flat):
    pos = flat.reshape(3, 2)
    E = 0.0
    for (i, j), L in zip([(0, 1), (1, 2), (0, 2)], [1.0, 1.0, 1.8]):
        E = E + 5.0 * (l2(pos[i] - pos[j]) - L) ** 2
    return E


jx("morse_potential")(lambda r: 4.0 * (1 - jnp.exp(-1.5 * (r - 1.1))) ** 2)


@jx("gravitational_potential")
def _(flat):
    x = flat.reshape(3, 3)
    m = [1.0, 0.5, 2.0]
    return -(m[1] * m[0] / l2(x[1] - x[0]) + m[2] * m[0] / l2(x[2] - x[0])
             + m[2] * m[1] / l2(x[2] - x[1]))


jx("hamiltonian_helpers")(lambda z: 0.75 * jnp.sum(z[2:] ** 2) + 1.5 * jnp.sum(z[:2] ** 2)
                          + 0.1 * jnp.sum(z[:2] ** 4))
jx("chain_sin_coupling")(lambda x: jnp.sum(jnp.sin(x[:-1] * x[1:])))


@jx("while_fixed_count")
def _(x):
    y = jnp.ones_like(x)
    for _ in range(4):
        y = 0.5 * (y + x / y)
    return jnp.sum(y**2 * x)


jx("ising_continuous")(lambda s: -0.5 * s @ J_COUPLE @ s + jnp.sum(jnp.log(jnp.cosh(s))))


@jx("coulomb_energy_probe")
def _(x):
    return sum(q[0] / l2(x - jnp.stack([1.0, q[1], q[2]])) for q in CHARGES)


@jx("brachistochrone_time")
def _(yi):
    y = jnp.concatenate([jnp.ones(1), yi, jnp.zeros(1)])
    ds = jnp.sqrt(0.0625 + (y[1:] - y[:-1]) ** 2)
    v = jnp.sqrt(19.62 * (1.0 - (y[:-1] + y[1:]) / 2) + 0.5)
    return jnp.sum(ds / v)


@jx("bending_energy")
def _(flat):
    P = flat.reshape(4, 2)
    e = P[1:] - P[:-1]
    return sum(1 - jnp.sum(e[k] * e[k + 1]) / (l2(e[k]) * l2(e[k + 1])) for k in range(2))


@jx("bond_angle_energy")
def _(flat):
    a, b = flat[:3], flat[3:]
    th = jnp.arccos(jnp.sum(a * b) / (l2(a) * l2(b)))
    return 2.5 * (th - 0.6) ** 2


jx("prod_volume")(lambda x: x[0] * x[1] * x[2] + (x[0] * x[1]) ** 2)


@jx("class_potential_call")
def _(x):
    x0 = c([0.5, -0.5, 1.0])
    d = x - x0
    return 2.0 * jnp.sum(d**2) + jnp.exp(jnp.sum(d * x0))


jx("closure_energy_hvp")(lambda u: 1.5 * jnp.sum((u[1:] - u[:-1]) ** 2) + 0.25 * jnp.sum(u**4))

# ---------------------------------------------------------------- L. math, helpers, loops
jx("math_exp_log_mix")(lambda x, y, z: jnp.exp(x * y) + jnp.log(z) * x + jnp.sqrt(y * z))
jx("math_atan2_hypot")(lambda x, y: jnp.arctan2(y, x) ** 2 + jnp.sqrt(x * x + y * y)
                       + jnp.cos(x) * jnp.sin(y))
jx("math_tanh_pow")(lambda a, b: jnp.tanh(a * b) + a**3 * b + jnp.exp(-b))
jx("scalar_float_point")(lambda x: jnp.sin(x) ** 2 + x**4 / 3)


@jx("polyval_of_sum")
def _(x):
    t = jnp.sum(jnp.sin(x))
    return 0.5 * t**3 - t**2 + 2.0 * t + 0.3


@jx("cumsum_then_square")
def _(x):
    fwd = jnp.stack([x[0], x[0] + x[1], x[0] + x[1] + x[2], x[0] + x[1] + x[2] + x[3]])
    bwd = jnp.stack([x[3], x[3] + x[2], x[3] + x[2] + x[1], x[3] + x[2] + x[1] + x[0]])
    return jnp.sum(fwd**2) + jnp.sum(bwd**3)


@jx("helpers_calling_helpers")
def _(x):
    z = W1 @ x + B1
    h = z * sigmoid(z)
    return 0.5 * jnp.sum(h * h)


jx("exp_sin_dot")(lambda x: jnp.exp(jnp.sin(x) @ c([1.0, -0.5, 2.0])))


@jx("fixed_loop_recurrence")
def _(p):
    x = 0.5
    for _ in range(6):
        x = p[0] * x * (1 - x) + 0.1 * p[1]
    return x


jx("total_variation_smooth")(lambda u: jnp.sum(jnp.sqrt((u[1:] - u[:-1]) ** 2 + 0.01))
                             + 0.5 * jnp.sum((u - 0.4) ** 2))
jx("partial_applied")(lambda x: c([1.0, 0.3, 2.0]) @ jnp.cosh(x) + x[0] * x[1] * x[2])
jx("arcsin_arctan_mix")(lambda x: jnp.sum(jnp.arcsin(x) * jnp.arctan(x)) + jnp.sinh(x[0] * x[2]))
jx("matrix_point_log_energy")(lambda X: jnp.sum(jnp.log(1 + jnp.sum(X * X, axis=1)))
                              + jnp.sum(X[:, 0] * X[:, 1]))
jx("sqrt_of_quadratic")(lambda x: jnp.sqrt(1.0 + x @ COV_INV @ x))
jx("harmonic_chain_periodic")(lambda u: 0.5 * jnp.sum((u - jnp.concatenate([u[-1:], u[:-1]])) ** 2)
                              + jnp.sum(1 - jnp.cos(u)))

# ---------------------------------------------------------------- M. shapes and habits
jx("rhs_zeros_like_assign")(lambda y: jnp.stack([y[1], -jnp.sin(y[0]) - 0.1 * y[1] ** 3]))
jx("empty_filled_in_loop")(lambda x: jnp.stack([x[0] * jnp.exp(-x[1]), x[1] * jnp.exp(-x[2]),
                                                x[2] * jnp.exp(-x[0])]))
jx("returns_python_list")(lambda p: jnp.stack([p[0] * p[1], jnp.cos(p[0]) + p[1] ** 2, jnp.sqrt(p[1])]))
jx("returns_tuple")(lambda a, b: jnp.stack([a * jnp.exp(b), a**2 - b]))
jx("jacobian_of_scalar_energy")(lambda x: jnp.sum(x**3) + x[0] * x[2])
jx("jvp_of_scalar")(lambda x: jnp.log(1 + jnp.sum(x**2)))
jx("vjp_of_scalar")(lambda x: jnp.exp(x[0]) * jnp.cos(x[1]))
jx("curve_of_float")(lambda t: jnp.stack([jnp.cos(t), jnp.sin(2 * t), t**2]))
JAX["inverse_2x2_vjp"] = JAX["inverse_2x2"]
JAX["cylindrical_jvp"] = JAX["cylindrical"]
jx("logsumexp_rows")(lambda Z: jnp.log(jnp.sum(jnp.exp(Z), axis=1)))
jx("column_sums_of_squares")(lambda X: jnp.stack([jnp.sum(X[:, 0] ** 2), jnp.sum(X[:, 1] ** 2)]))
jx("float_of_sum")(lambda x: jnp.sum(c([1.0, 2.0, 0.5]) * x**2) + x[0] * x[1])
jx("math_on_array_elements")(lambda x: jnp.sqrt(x[0] ** 2 + x[1] ** 2) + jnp.exp(x[2]) * jnp.cos(x[0]))
jx("method_calls_dot")(lambda x: x @ A_NONSYM @ x + jnp.sum(x) ** 3 + jnp.sum(x**2) / 3)
JAX["rosenbrock_20d"] = JAX["rosenbrock_nd"]
jx("badly_scaled")(lambda x: 1e4 * jnp.exp(x[0]) + 1e-4 * jnp.exp(3 * x[1]) + x[0] * x[1])
jx("large_offset_energy")(lambda x: 1e6 + 0.5 * jnp.sum(c([1.0, 2.0, 3.0]) * x**2)
                          + jnp.sin(x[0] * x[1]))
jx("large_offset_vector")(lambda x: 1e6 + jnp.stack([jnp.sin(x[0]) * x[2], x[1] ** 2, jnp.exp(x[2])]))
jx("tiny_scale_point")(lambda x: jnp.sum(jnp.sin(1e4 * x)) + jnp.sum(x * x))
jx("large_scale_point")(lambda x: jnp.sum(jnp.log(x)) + jnp.sqrt(x[0] * x[1]))
jx("tiny_scale_jvp")(lambda x: jnp.stack([jnp.sin(1e4 * x[0]) * x[1], jnp.cos(1e4 * x[1])]))
jx("hstack_with_list")(lambda x: jnp.concatenate([x**2, jnp.sum(x)[None]]))
jx("append_scalar")(lambda x: jnp.concatenate([jnp.sin(x), (x[0] * x[1])[None]]))
jx("r_concatenation")(lambda x: jnp.concatenate([2 * x, jnp.prod(x)[None]]))
jx("concatenate_list_in_energy")(lambda x: jnp.sum(x**4) + (x[0] * x[1]) ** 2)
jx("array_with_constants")(lambda x: jnp.stack([x[0], 1.0 + 0 * x[0], x[1] ** 2, 0 * x[0]]))
