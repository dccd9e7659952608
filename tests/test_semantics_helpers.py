"""The implement-or-refuse helpers every engine uses for numpy's keyword arguments."""

from __future__ import annotations

import numpy as np
import pytest

from gradlab.backends.semantics import check_arguments, normalize_axes
from gradlab.errors import BackendError


@pytest.mark.parametrize("dtype", [None, float, np.float64, "float64", np.dtype("float64"),
                                   "double", "f8"])
def test_a_float64_dtype_in_any_spelling_is_neutral(dtype):
    check_arguments("dual", "np.sum", {"dtype": dtype})


@pytest.mark.parametrize("argument, value", [("dtype", "float32"), ("dtype", np.dtype("int64")),
                                             ("out", np.zeros(2)), ("where", False),
                                             ("keepdims", True), ("ddof", 1)])
def test_a_non_neutral_argument_is_refused_by_name(argument, value):
    with pytest.raises(BackendError, match=rf"^dual: np\.sum\({argument}="):
        check_arguments("dual", "np.sum", {argument: value})


def test_a_supported_argument_is_left_to_the_mapping():
    check_arguments("dual", "np.sum", {"keepdims": True, "axis": 1}, supported=("keepdims", "axis"))


@pytest.mark.parametrize("axis, expected", [(None, (0, 1, 2)), (-1, (2,)), ((2, 0), (0, 2)),
                                            (1, (1,))])
def test_axes_are_normalized_like_numpy(axis, expected):
    assert normalize_axes(axis, 3, "dual", "np.sum") == expected


def test_an_axis_out_of_range_is_refused_naming_it():
    with pytest.raises(BackendError, match=r"np\.sum\(axis=3\)"):
        normalize_axes(3, 3, "dual", "np.sum")
