"""Engine options are validated up front: a bad value is one clear InputError, never a guess."""

from __future__ import annotations

import numpy as np
import pytest

import gradlab as gl


@pytest.mark.parametrize("engine", ["jax", "pytensor"])
@pytest.mark.parametrize("dtype", ["float16", "int32", np.float32, None])
def test_an_unknown_dtype_is_refused_naming_the_engine_and_the_choices(engine, dtype):
    with pytest.raises(gl.InputError, match=rf"{engine}: dtype must be one of 'float64', "
                                            r"'float32'"):
        gl.gradient(lambda x: x ** 2, {"x": 1.0}, backend=engine, dtype=dtype)


def test_float32_is_accepted_and_computes_in_float32():
    g = gl.gradient(lambda x: x ** 2, {"x": 1.1}, backend="jax", dtype="float32")
    assert g[0] == float(np.float32(2) * np.float32(1.1)) != 2.2
