"""A floor for f's rounding from the size of its variation, not of f itself.

The round-off parts of the error estimates take f's rounding as ulps of |f|. At a zero of f
that says nothing: gammaln(exp(x)) near x = 0 is near 0, but it is computed from exp(x) ~ 1,
whose rounding moves f by about eps |f'|. The steps already take x's scale as
max(1, |x_i|); an ulp of that scale in each input, independently, moves f by about
sqrt(sum_i (df/dx_i max(1, |x_i|))**2), the floor used here (in the same ulps as |f|; the
plain sum overstates nearly linear functions of many inputs, whose Hessian is then small).
"""

from __future__ import annotations

import numpy as np


def variation(x: np.ndarray, derivative: np.ndarray,
              directions: np.ndarray | None = None) -> np.ndarray:
    """sqrt(sum_k (d f / d_k scale_k)**2) over the directions k (axis 0 of ``derivative``, one
    entry per output after it): scale_k = max(1, |x_k|) along the axes, max(1, max |x|) / max |v_k|
    along directions v_k (so that the move is one ulp of x's scale)."""
    derivative = np.abs(np.nan_to_num(np.asarray(derivative, dtype=float), posinf=0, neginf=0))
    big = max(1.0, float(np.max(np.abs(x), initial=0.0)))
    scale = (np.maximum(1.0, np.abs(x)) if directions is None
             else big / np.maximum(np.max(np.abs(directions), axis=0), np.finfo(float).tiny))
    scale = np.broadcast_to(scale, derivative.shape[:1])
    return np.sqrt(np.tensordot(scale**2, derivative**2, axes=1))
