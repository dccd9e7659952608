"""The one point parser both front-ends use (gradlab.frontends.point_text), and the one check
that a function returned a single value (gradlab.problem.check_one_output)."""

import numpy as np
import pytest

from gradlab.errors import BackendError, InputError
from gradlab.frontends.cli import UsageError
from gradlab.frontends.cli import parse_point as cli_point
from gradlab.frontends.magic_input import CellError, split_line
from gradlab.frontends.magic_input import parse_point as magic_point
from gradlab.frontends.point_text import (
    NotANumber,
    PointError,
    parse_number,
    parse_pairs,
    point_items,
    words,
)
from gradlab.problem import check_one_output


@pytest.mark.parametrize("text, value", [
    ("0.5", 0.5), ("-3e-2", -0.03), (" 2 ", 2.0),
    ("[1, 2,3]", [1.0, 2.0, 3.0]), ("[[1, 2], [3, 4e0]]", [[1.0, 2.0], [3.0, 4.0]]),
])
def test_numbers_and_lists_are_read_token_by_token(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["[1,,2]", "[]", "[[1], []]", "1+1", "[True]", "[1, 2",
                                  "[1] 2", "__import__('os')", '["a"]'])
def test_anything_else_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_words_and_items_split_outside_brackets():
    assert words("x=[1, 2]  -b jax") == ["x=[1, 2]", "-b", "jax"]
    assert point_items("x=1,y=[1, 2],") == ["x=1", "y=[1, 2]"]
    with pytest.raises(PointError, match="empty entry"):
        point_items("x=1,,y=2")


def test_pairs_are_checked_once():
    assert parse_pairs(["a=1", "b=[1, 2]"]) == {"a": 1.0, "b": [1.0, 2.0]}
    held = np.array([0.25, -4.0])
    assert parse_pairs(["c=held"], {"held": held})["c"] is held
    for items, message in ((["x=1", "x=2"], "x is given twice"), (["1x=2"], "not a variable"),
                           (["x="], "x= has no value"), (["x=held"], "not a number")):
        with pytest.raises(PointError, match=message):
            parse_pairs(items)
    with pytest.raises(NotANumber) as raised:
        parse_pairs(["x=[1, y]"])
    assert (raised.value.name, raised.value.text) == ("x", "[1, y]")


@pytest.mark.parametrize("text", ["x=0.5, y=[1, 2]", "x = 0.5 y=[1,2]", "x=0.5,y=[1, 2]"])
def test_the_magic_and_the_cli_read_a_point_alike(text):
    from_cli = cli_point(text)
    from_magic = magic_point(split_line(text)[0], {})
    assert from_cli == {"x": 0.5, "y": [1.0, 2.0]}
    assert from_magic.keys() == from_cli.keys() and from_magic["x"] == 0.5
    np.testing.assert_array_equal(from_magic["y"], np.array([1.0, 2.0]))
    assert from_magic["y"].dtype == np.float64


def test_each_front_end_says_it_its_way():
    with pytest.raises(UsageError, match=r"--at: x is given twice"):
        cli_point("x=1,x=2")
    with pytest.raises(CellError, match=r"^x is given twice"):
        magic_point(["x=1", "x=2"], {})
    with pytest.raises(CellError, match="empty entry"):
        split_line("x=1,,y=2")


@pytest.mark.parametrize("shape", [(), (1,), (1, 1)])
def test_one_value_in_any_number_of_unit_dimensions(shape):
    check_one_output(shape, "f()")
    check_one_output(shape, "f()", "dual")


@pytest.mark.parametrize("shape", [(2,), (1, 3), (0,), (None,)])
def test_more_values_or_an_unknown_size_is_refused(shape):
    with pytest.raises(InputError, match=r"f\(\) returns an array of shape"):
        check_one_output(shape, "f()")
    with pytest.raises(BackendError, match=r"^jax: f\(\) returns an array of shape"):
        check_one_output(shape, "f()", "jax")
