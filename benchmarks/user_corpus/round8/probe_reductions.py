"""A quick probe (not part of the judged run): gl.grad(f, engine) against gl.grad(f,
"finite-diff:richardson") on 60 numpy reductions / shape functions whose result is broadcast
back, so that an engine mapping a reduction to an unreduced array still returns a gradient.

    PYTHONPATH=. /work/main/.venv/bin/python benchmarks/user_corpus/round8/probe_reductions.py
"""
import warnings

import numpy as np
import scipy.special as sps

import gradlab as gl

warnings.simplefilter("ignore")
x = np.array([0.5, -1.0, 1.5, 2.0, 0.3, -0.7, 1.1, 0.9])
W = np.arange(1.0, 9.0)


def M(x):
    return x.reshape(2, 4)


probes = {
 "nanprod": lambda x: np.sum(np.nanprod(x[:4]) * W),
 "nanstd": lambda x: np.sum(np.nanstd(x) * W * x),
 "nanvar": lambda x: np.sum(np.nanvar(x) * W),
 "nanmin": lambda x: np.sum(np.nanmin(x * W) * W),
 "nanmedian": lambda x: np.sum(np.nanmedian(x) * W * x),
 "nancumsum": lambda x: np.sum(np.nancumsum(x) * W),
 "nanargmax_pick": lambda x: np.sum(x[np.nanargmax(x)] * W),
 "amax": lambda x: np.sum(np.amax(x * W) * W),
 "ptp": lambda x: np.sum(np.ptp(x) * W * x),
 "median": lambda x: np.sum(np.median(x) * W * x),
 "percentile": lambda x: np.sum(np.percentile(x, 30) * W * x),
 "quantile": lambda x: np.sum(np.quantile(x, 0.7) * W * x),
 "average": lambda x: np.sum(np.average(x, weights=W) * W * x),
 "prod": lambda x: np.sum(np.prod(x[:4]) * W),
 "cumprod": lambda x: np.sum(np.cumprod(x[:5]) * W[:5]),
 "trace": lambda x: np.sum(np.trace(M(x)[:, :2]) * W * x),
 "linalg_norm_nokw": lambda x: np.sum(np.linalg.norm(x) * W * x),
 "vdot": lambda x: np.sum(np.vdot(x, W) * x),
 "inner2d": lambda x: np.sum(np.inner(M(x), M(x)) * np.array([[1.0, 2.0], [3.0, 4.0]])),
 "outer_flat": lambda x: np.sum(np.outer(M(x), x[:2]) * 1.5),
 "dot_2d_1d": lambda x: np.sum(np.dot(M(x), W[:4]) * np.array([1.0, -1.0])),
 "matmul_T": lambda x: np.sum(M(x).T @ M(x) * np.arange(16.0).reshape(4, 4)),
 "count_mean_axis_none": lambda x: np.sum(np.mean(M(x)) * W * x),
 "std_axis_none_ddof": lambda x: np.sum(np.std(M(x), ddof=1) * W * x),
 "sum_axis_tuple_all": lambda x: np.sum(np.sum(M(x) ** 2, axis=(0, 1)) * W * x),
 "max_keepdims_none": lambda x: np.sum(np.max(M(x), keepdims=True) * M(x)),
 "min_keepdims_none": lambda x: np.sum(np.min(M(x) * W.reshape(2, 4), keepdims=True) * M(x)),
 "logsumexp_none_keep": lambda x: np.sum(sps.logsumexp(M(x), keepdims=True) * M(x)),
 "softmax_none": lambda x: np.sum(sps.softmax(x) * W),
 "diff_n0": lambda x: np.sum(np.diff(x, n=0) ** 2 * W),
 "sort_desc": lambda x: np.sum(-np.sort(-x) * W),
 "flip_axis_none_2d": lambda x: np.sum(np.flip(M(x)) * W.reshape(2, 4)),
 "roll_axis_none_2d": lambda x: np.sum(np.roll(M(x), 3) * W.reshape(2, 4)),
 "rot90": lambda x: np.sum(np.rot90(M(x)) * np.arange(8.0).reshape(4, 2)),
 "fliplr": lambda x: np.sum(np.fliplr(M(x)) * W.reshape(2, 4)),
 "ravel_F": lambda x: np.sum(M(x).ravel(order="F") * W),
 "reshape_F": lambda x: np.sum(x.reshape(4, 2, order="F") * np.arange(8.0).reshape(4, 2)),
 "flatten_F": lambda x: np.sum(M(x).flatten("F") * W),
 "transpose_axes": lambda x: np.sum(np.transpose(x.reshape(2, 2, 2), (2, 0, 1)) * W.reshape(2, 2, 2)),
 "cumsum_axis_none_2d": lambda x: np.sum(np.cumsum(M(x)) * W),
 "mean_dtype": lambda x: np.sum(np.mean(x, dtype=np.float64) * W * x),
 "interp": lambda x: np.sum(np.interp(0.3, [0.0, 1.0], x[:2]) * W),
 "convolve": lambda x: np.sum(np.convolve(x[:4], x[4:]) * np.arange(7.0)),
 "correlate": lambda x: np.sum(np.correlate(x[:4], x[4:], "full") * np.arange(7.0)),
 "trapezoid": lambda x: np.sum(np.trapezoid(x ** 2) * W),
 "ediff1d": lambda x: np.sum(np.ediff1d(x) ** 2 * W[:7]),
 "gradient_np": lambda x: np.sum(np.gradient(x) * W),
 "heaviside_mix": lambda x: np.sum(np.sign(x) * x ** 2 * W),
 "round_mix": lambda x: np.sum(x ** 2 * np.round(W / 3)),
 "copysign": lambda x: np.sum(np.copysign(x ** 2, W - 4.5)),
 "fmin_fmax": lambda x: np.sum(np.fmin(x, 0.4) * np.fmax(x, -0.5) * W),
 "logaddexp2": lambda x: np.sum(np.logaddexp2(x, -x) * W),
 "exp2_log2_log10": lambda x: np.sum(np.exp2(x) + np.log2(x ** 2 + 1) * np.log10(x ** 2 + 2)),
 "arcsinh_arccosh": lambda x: np.sum(np.arcsinh(x) * np.arccosh(x ** 2 + 1.5)),
 "deg2rad": lambda x: np.sum(np.sin(np.deg2rad(x * 50)) * np.radians(x)),
 "reciprocal": lambda x: np.sum(np.reciprocal(x + 3.0) * W),
 "float_power": lambda x: np.sum(np.float_power(x ** 2 + 1, 1.3)),
 "polyval_poly1d": lambda x: np.sum(np.poly1d(x[:3])(W)),
 "vander": lambda x: np.sum(np.vander(x[:3], 4) * np.arange(12.0).reshape(3, 4)),
 "meshgrid": lambda x: np.sum(np.meshgrid(x[:2], x[2:5])[0] * np.meshgrid(x[:2], x[2:5])[1] * np.arange(6.0).reshape(3, 2)),
}
wrong = []
for name, f in probes.items():
    try:
        r = gl.grad(f, "finite-diff:richardson")(x.copy())
    except Exception as e:
        print(name, "richardson", type(e).__name__, str(e)[:80])
        continue
    for eng in ("pytensor", "jax", "dual", "sympy"):
        try:
            g = np.asarray(gl.grad(f, eng)(x.copy()), dtype=float)
            e = np.linalg.norm(g - r) / max(np.linalg.norm(r), 1e-300)
            if not np.all(np.isfinite(g)) or e > 1e-6:
                wrong.append((name, eng, e))
                print("WRONG?", name, eng, f"{e:.1e}", flush=True)
        except Exception:
            pass
print("suspects:", wrong)
