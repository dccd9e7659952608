"""Functions written after `from math import *`."""
# ruff: noqa: F403, F405
from math import *


def mstar_gamma_lgamma(x):
    return lgamma(x) + gamma(x / 2)


def mstar_erf_erfc(x, y):
    return erf(x) * erfc(y) + erf(x * y)


def mstar_log_bases(x):
    return log(x, 3) + log10(x) + log2(x)


def mstar_hypot3(x, y, z):
    return hypot(x, y, z)


def mstar_dist(a, b, c, d):
    return dist((a, b), (c, d)) + dist((a,), (d,))


def mstar_fsum_series(x):
    return fsum(x**k / factorial(k) for k in range(12))


def mstar_copysign_fabs(x, y):
    return copysign(x * x, y) + fabs(y) ** 1.5


def mstar_pow_atan(x, y):
    return pow(x, y) + atan(y / x)


def mstar_degrees_radians(x):
    return sin(radians(x)) + degrees(atanh(0.1 * x))


def mstar_asinh_acosh(x):
    return asinh(x) + acosh(1 + x * x)


def mstar_cbrt_exp2(x):
    return cbrt(x) + exp2(x) + expm1(x) / x


def mstar_prod_ldexp(x, y):
    return prod([x, y, x + y]) + ldexp(x, 3)
