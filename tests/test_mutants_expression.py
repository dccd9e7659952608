"""The expression parser's rules, each at its limit and by the message it gives (mutation
testing found these unchecked): the user is told exactly which rule the text broke."""

import ast
import math
import types

import numpy as np
import pytest

import gradlab as gl
from gradlab.expression import parse_expression

ALLOWED_FUNCTIONS = (
    "abs, acos, acosh, arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, asin, asinh, "
    "atan, atan2, atanh, cbrt, cos, cosh, exp, exp2, expm1, fabs, hypot, ln, log, log10, log1p, "
    "log2, max, maximum, min, minimum, pow, power, sign, sin, sinh, sqrt, square, tan, tanh")
KIND_TAIL = " is not allowed in an expression; use numbers, names, + - * / ** and math calls"

REFUSALS = [
    ("x // y", "the operator // is not allowed; use + - * / and ** only"),
    ("x % y", "the operator % is not allowed; use + - * / and ** only"),
    ("x @ y", "the operator @ is not allowed; use + - * / and ** only"),
    ("x << y", "the operator << is not allowed; use + - * / and ** only"),
    ("x >> y", "the operator >> is not allowed; use + - * / and ** only"),
    ("x | y", "the operator | is not allowed; use + - * / and ** only"),
    ("x & y", "the operator & is not allowed; use + - * / and ** only"),
    ("x ^ y", "the operator ^ is not allowed; use + - * / and ** only"),
    ("~x", "only unary + and - are allowed"),
    ("not x", "only unary + and - are allowed"),
    ("x**y**2", "stacked powers such as a**b**c are not allowed; use parentheses"),
    ("x**-2000", "the exponent 2000 is too large (limit 1000)"),
    ("x**1000.5", "the exponent 1000.5 is too large (limit 1000)"),
    ("1.0000001e300*x", "the constant 1.0000001e+300 is too large"),
    ("'a' + x", "only numbers are allowed as constants, not 'a'"),
    ("True + x", "only numbers are allowed as constants, not True"),
    ("sin(*x)", "argument unpacking (*) is not allowed"),
    ("sin(x=1)", "sin() takes no keyword arguments here"),
    ("hypot(x)", "hypot() takes 2 argument(s)"),
    ("sin(x, y)", "sin() takes 1 argument(s)"),
    ("sin + x", "'sin' is a function; call it, e.g. sin(x)"),
    ("_x + 1", "names starting with '_' are not allowed ('_x')"),
    ("eval(x)", f"calling 'eval' is not allowed; allowed functions: {ALLOWED_FUNCTIONS}"),
    ("(lambda: 1)()", "calling 'that expression' is not allowed; allowed functions: "
                      + ALLOWED_FUNCTIONS),
    ("x.real", "attribute access (.)" + KIND_TAIL),
    ("x[0]", "subscripts ([])" + KIND_TAIL),
    ("x < y", "comparisons" + KIND_TAIL),
    ("(yield from x)", "YieldFrom" + KIND_TAIL),
    ("   ", "expression is empty; write a formula such as 'x**2 + y'"),
    ("x +", "expression 'x +' is not valid syntax: invalid syntax"),
]


@pytest.mark.parametrize("text,message", REFUSALS, ids=[text for text, _ in REFUSALS])
def test_expression_refusal_names_the_rule(text, message):
    with pytest.raises(gl.ExpressionError) as info:
        parse_expression(text)
    assert str(info.value) == message


def test_expression_that_is_not_a_string_is_refused_by_type():
    with pytest.raises(gl.ExpressionError) as info:
        parse_expression(3)
    assert str(info.value) == "expression must be a string, not int"


def test_expression_names_every_variable_the_point_lacks():
    with pytest.raises(gl.ExpressionError) as info:
        parse_expression("x*z + w", ("x",))
    assert str(info.value) == ("expression uses z, w, which the point does not give a value; "
                               "add z=... to the point")
    assert parse_expression("x*z", ("z", "x", "unused")).variables == ("z", "x", "unused")


def test_expression_length_limit_is_2000_characters():
    assert parse_expression("x" + " " * 1999).variables == ("x",)
    with pytest.raises(gl.ExpressionError) as info:
        parse_expression("x" + " " * 2000)
    assert str(info.value) == ("expression is 2001 characters long; the limit is 2000. "
                               "Write a Python function instead.")


def test_expression_limits_accept_their_boundary_values():
    assert parse_expression("x**1000 + x**-1000 + 1e300*x").variables == ("x",)


def nested(kind, levels):
    inner = "x"
    for _ in range(levels):
        inner = {"unary": f"-{inner}", "left": f"({inner})+1", "right": f"1+({inner})",
                 "call": f"sin({inner})", "argument": f"hypot(1, {inner})"}[kind]
    return inner


@pytest.mark.parametrize("kind", ["unary", "left", "right", "call", "argument"])
def test_expression_depth_limit_is_40_levels_whatever_nests(kind):
    assert parse_expression(nested(kind, 40)).variables == ("x",)
    with pytest.raises(gl.ExpressionError) as info:
        parse_expression(nested(kind, 41))
    assert str(info.value) == "expression is nested more than 40 levels deep"


def expression_nodes(text):
    """The parts the limit counts, counted independently: every expression node except the
    names of called functions."""
    tree = ast.parse(text, mode="eval").body
    calls = [node.func for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return sum(isinstance(node, ast.expr) and not any(node is c for c in calls)
               for node in ast.walk(tree))


def shallow(parts):
    """A sum of products of sums of x, a few levels deep, with exactly ``parts`` nodes."""
    terms = ["+".join(["x"] * 7) for _ in range(64)]
    groups = ["*".join(f"({t})" for t in terms[i:i + 8]) for i in range(0, 64, 8)]
    text = "+".join(f"({g})" for g in groups)  # 2 * 7 * 64 - 1 = 895 nodes
    extra = parts - expression_nodes(text)
    assert 0 <= extra <= 448
    return text.replace("x", "-x", extra) if extra else text


def test_expression_node_limit_is_1000_parts():
    assert expression_nodes(shallow(1000)) == 1000
    assert parse_expression(shallow(1000)).variables == ("x",)
    with pytest.raises(gl.ExpressionError) as info:
        parse_expression(shallow(1001))
    assert str(info.value) == "expression has more than 1000 parts; write a function"


def test_expression_powers_of_integers_are_floats():
    value = parse_expression("x**y")(2, 3)
    assert value == 8.0 and type(value) is float
    with pytest.raises(OverflowError):  # a float overflows; an int would grow without bound
        parse_expression("x**y")(10, 400)


def test_expression_arithmetic_on_arrays_keeps_them_arrays():
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(parse_expression("x**2 - x*2 + 3")(x), [2.0, 3.0, 6.0])


def test_expression_binary_functions_take_two_arguments():
    f = parse_expression("min(x, y) + minimum(y, x) + pow(x, y) + power(y, x)")
    assert f(2.0, 3.0) == 2.0 + 2.0 + 8.0 + 9.0


def test_expression_bind_sends_math_calls_to_the_namespace_given():
    calls = []

    def sin(v):
        calls.append(v)
        return math.sin(v)

    bound = parse_expression("sin(x)*y").bind(types.SimpleNamespace(sin=sin))
    assert bound(0.5, 2.0) == math.sin(0.5) * 2.0
    assert calls == [0.5]


def test_expression_looks_like_a_function_named_expression():
    f = parse_expression("x + 1")
    assert (f.__name__, f.__qualname__, repr(f)) == ("expression", "expression",
                                                     "Expression('x + 1')")
