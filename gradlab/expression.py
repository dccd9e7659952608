"""Restricted parser for string expressions such as ``"q*chi*delta"`` or ``"sin(x) * exp(x*y)"``.

The text is parsed with :mod:`ast`, checked against a whitelist (numbers, variable names,
arithmetic operators and math functions) and then *interpreted* node by node: it is never
handed to ``eval``, ``compile``, ``sympify`` or ``parse_expr``, so typed text cannot run code.
The interpreter looks every function up in a numpy-like namespace, which lets each engine
evaluate the same expression on its own values (floats, tracers, symbols, dual numbers).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from typing import Any, cast

import numpy as np

from .errors import ExpressionError

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_NODES = 1000
MAX_EXPONENT = 1000.0
MAX_CONSTANT = 1e300

# expression name -> name in the numpy namespace
FUNCTIONS: dict[str, str] = {
    name: name
    for name in (
        "sin cos tan arcsin arccos arctan sinh cosh tanh arcsinh arccosh arctanh exp exp2 "
        "expm1 log log2 log10 log1p sqrt cbrt abs sign arctan2 hypot maximum minimum "
        "square power"
    ).split()
}
FUNCTIONS |= {
    "asin": "arcsin", "acos": "arccos", "atan": "arctan", "asinh": "arcsinh",
    "acosh": "arccosh", "atanh": "arctanh", "atan2": "arctan2", "ln": "log",
    "fabs": "abs", "pow": "power", "max": "maximum", "min": "minimum",
}
CONSTANTS: dict[str, float] = {"pi": np.pi, "e": np.e, "tau": 2 * np.pi}

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos}


class Expression:
    """A parsed, checked expression; call it with its variables' values in order."""

    def __init__(self, text: str, tree: ast.expr, variables: tuple[str, ...]):
        self.text = text
        self.tree = tree
        self.variables = variables
        self.__name__ = "expression"
        self.__qualname__ = "expression"

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def __call__(self, *values: Any) -> Any:
        return self.evaluate(dict(zip(self.variables, values)), np)

    def bind(self, numpy_namespace: Any) -> Callable[..., Any]:
        """The expression as a function whose math calls go to ``numpy_namespace``."""

        def bound(*values: Any) -> Any:
            return self.evaluate(dict(zip(self.variables, values)), numpy_namespace)

        return bound

    def evaluate(self, env: Mapping[str, Any], npns: Any) -> Any:
        return _Interpreter(env, npns).visit(self.tree)


class _Interpreter(ast.NodeVisitor):
    def __init__(self, env: Mapping[str, Any], npns: Any):
        self.env = env
        self.npns = npns

    def visit_Constant(self, node: ast.Constant) -> Any:
        return node.value

    def visit_Name(self, node: ast.Name) -> Any:
        if node.id in self.env:
            return self.env[node.id]
        return CONSTANTS[node.id]

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.visit(node.left), self.visit(node.right)
        if isinstance(node.op, ast.Pow) and isinstance(left, int) and isinstance(right, int):
            left = float(left)  # float powers overflow at once instead of building huge ints
        return _BINARY[type(node.op)](left, right)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Any:
        return _UNARY[type(node.op)](self.visit(node.operand))

    def visit_Call(self, node: ast.Call) -> Any:
        function = getattr(self.npns, FUNCTIONS[called_name(node)])
        return function(*(self.visit(arg) for arg in node.args))


def called_name(call: ast.Call) -> str:
    """The name of the function a call in a parsed expression calls, as written (``sin``)."""
    return cast(ast.Name, call.func).id  # the checker admits calls of plain names only


def parse_expression(text: str, variables: tuple[str, ...] | None = None) -> Expression:
    """Parse and check ``text``; ``variables`` fixes their order (default: first appearance).

    >>> f = parse_expression("sin(x) * y")
    >>> f.variables
    ('x', 'y')
    >>> float(f(0.5, 2.0))
    0.958851077208406
    >>> parse_expression("x.real")
    Traceback (most recent call last):
    gradlab.errors.ExpressionError: attribute access (.) is not allowed in an expression; ...
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expression must be a string, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}. "
            "Write a Python function instead."
        )
    stripped = text.strip()
    if not stripped:
        raise ExpressionError("expression is empty; write a formula such as 'x**2 + y'")
    try:
        tree = ast.parse(stripped, mode="eval").body
    except SyntaxError as err:
        raise ExpressionError(f"expression {stripped!r} is not valid syntax: {err.msg}") from None
    except (ValueError, MemoryError, RecursionError):
        raise ExpressionError("expression could not be parsed (too deep or malformed)") from None
    found = _Checker().check(tree)
    if variables is None:
        variables = tuple(found)
    else:
        unknown = [name for name in found if name not in variables]
        if unknown:
            raise ExpressionError(
                f"expression uses {', '.join(unknown)}, which the point does not give a value; "
                f"add {unknown[0]}=... to the point"
            )
    return Expression(stripped, tree, tuple(variables))


class _Checker:
    """Walks the tree once, refusing anything that is not plain arithmetic."""

    def __init__(self) -> None:
        self.names: dict[str, None] = {}
        self.count = 0

    def check(self, tree: ast.expr) -> list[str]:
        self._visit(tree, 0)
        return list(self.names)

    def _visit(self, node: ast.AST, depth: int) -> None:
        self.count += 1
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep")
        if self.count > MAX_NODES:
            raise ExpressionError(f"expression has more than {MAX_NODES} parts; write a function")
        handler = getattr(self, "_" + type(node).__name__, None)
        if handler is None:
            raise ExpressionError(_refusal(node))
        handler(node, depth)

    def _Constant(self, node: ast.Constant, depth: int) -> None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ExpressionError(f"only numbers are allowed as constants, not {value!r:.40}")
        if abs(value) > MAX_CONSTANT:
            raise ExpressionError(f"the constant {value!r:.40} is too large")

    def _Name(self, node: ast.Name, depth: int) -> None:
        name = node.id
        if name.startswith("_"):
            raise ExpressionError(f"names starting with '_' are not allowed ({name!r})")
        if name in FUNCTIONS and name not in CONSTANTS:
            raise ExpressionError(f"{name!r} is a function; call it, e.g. {name}(x)")
        if name not in CONSTANTS:
            self.names.setdefault(name)

    def _BinOp(self, node: ast.BinOp, depth: int) -> None:
        if type(node.op) not in _BINARY:
            symbol = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
                      ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^"}
            raise ExpressionError(
                f"the operator {symbol.get(type(node.op), '?')} is not allowed; "
                "use + - * / and ** only"
            )
        if isinstance(node.op, ast.Pow):
            _check_exponent(node)
        self._visit(node.left, depth + 1)
        self._visit(node.right, depth + 1)

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> None:
        if type(node.op) not in _UNARY:
            raise ExpressionError("only unary + and - are allowed")
        self._visit(node.operand, depth + 1)

    def _Call(self, node: ast.Call, depth: int) -> None:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            called = node.func.id if isinstance(node.func, ast.Name) else "that expression"
            raise ExpressionError(
                f"calling {called!r} is not allowed; allowed functions: "
                + ", ".join(sorted(FUNCTIONS))
            )
        if node.keywords:
            raise ExpressionError(f"{node.func.id}() takes no keyword arguments here")
        arity = 2 if FUNCTIONS[node.func.id] in {"arctan2", "hypot", "maximum", "minimum",
                                                 "power"} else 1
        if len(node.args) != arity:
            raise ExpressionError(f"{node.func.id}() takes {arity} argument(s)")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise ExpressionError("argument unpacking (*) is not allowed")
            self._visit(arg, depth + 1)


def _check_exponent(node: ast.BinOp) -> None:
    """Refuse towers such as 9**9**9 before anything evaluates them."""
    exponent = node.right
    if isinstance(exponent, ast.UnaryOp) and isinstance(exponent.operand, ast.Constant):
        exponent = exponent.operand
    if isinstance(exponent, ast.Constant):
        if isinstance(exponent.value, (int, float)) and abs(exponent.value) > MAX_EXPONENT:
            raise ExpressionError(
                f"the exponent {exponent.value!r:.40} is too large (limit {MAX_EXPONENT:g})"
            )
    if isinstance(exponent, ast.BinOp) and isinstance(exponent.op, ast.Pow):
        raise ExpressionError("stacked powers such as a**b**c are not allowed; use parentheses")


_KINDS = {
    ast.Attribute: "attribute access (.)", ast.Subscript: "subscripts ([])",
    ast.Lambda: "lambda", ast.ListComp: "comprehensions", ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions", ast.GeneratorExp: "comprehensions",
    ast.NamedExpr: "the walrus operator (:=)", ast.JoinedStr: "f-strings",
    ast.Compare: "comparisons", ast.BoolOp: "and/or", ast.IfExp: "if/else",
    ast.List: "lists", ast.Tuple: "tuples", ast.Dict: "dicts", ast.Set: "sets",
    ast.Starred: "argument unpacking (*)", ast.Await: "await", ast.Yield: "yield",
}


def _refusal(node: ast.AST) -> str:
    kind = _KINDS.get(type(node), type(node).__name__)
    return f"{kind} is not allowed in an expression; use numbers, names, + - * / ** and math calls"
