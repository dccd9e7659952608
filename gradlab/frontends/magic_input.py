"""What the ``%%gradient`` magic reads: the point on its line and the function in its cell.

The point is parsed strictly (numbers, bracketed lists of numbers, or the name of a value in
the notebook), never evaluated. The cell is the user's own code in their own kernel: a def
cell runs in the notebook namespace; an expression cell becomes a function of the point's
variables whose globals are numpy's math names plus the notebook namespace.
"""

from __future__ import annotations

import ast
import builtins
import math
import re
import types
from collections.abc import Callable
from typing import Any

import numpy as np

from ..expression import CONSTANTS, FUNCTIONS
from .point_text import PointError, join_equals, parse_pairs, point_items, words

_PAIR_START = re.compile(r"[^\W\d]\w*=")


class CellError(ValueError):
    """The magic's input is not usable; the message says which input and what to do."""


# -- the line ------------------------------------------------------------------------------

def split_line(line: str) -> tuple[list[str], list[str]]:
    """(point items "name=value", the other words) of a magic line.

    Words are separated by spaces at bracket depth 0; ``x = 1`` is read as ``x=1`` and commas
    between pairs (``x=0.5, y=2``) are separators.
    """
    pairs: list[str] = []
    other: list[str] = []
    for word in words(join_equals(line)):
        if other and other[-1] == "--region":
            other.append(word)  # x=-2:2,y=-1:3 looks like a pair: it is the option's value
            continue
        if _continues_region(other, word):
            other[-1] += word
            continue
        if not word.strip(","):
            continue  # a lone comma between pairs
        if _PAIR_START.match(word):
            try:
                pairs.extend(point_items(word))
            except PointError as err:
                raise CellError(str(err)) from None
        elif pairs and word.startswith("[") and pairs[-1].endswith("="):
            pairs[-1] += word
        else:
            other.append(word)
    return pairs, _join_lists(other)


def _continues_region(other: list[str], word: str) -> bool:
    """``--region x=-2:2, y=-1:3``: a comma at the end of the ranges (or at the start of the
    next word) continues them."""
    return len(other) >= 2 and other[-2] == "--region" and (
        other[-1].endswith(",") or word.startswith(","))


def _join_lists(words: list[str]) -> list[str]:
    """``-b jax, sympy`` -> ``-b jax,sympy``: a word ending in a comma continues."""
    joined: list[str] = []
    for word in words:
        after_comma = joined and joined[-1].endswith(",") and not word.startswith("-")
        before_comma = joined and word.startswith(",") and not joined[-1].startswith("-")
        if after_comma or before_comma:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def parse_point(pairs: list[str], namespace: dict[str, Any]) -> dict[str, Any]:
    """{name: value} from "name=value" items; values are numbers, [lists] or notebook names."""
    try:
        return parse_pairs(pairs, namespace, array=True)
    except PointError as err:
        raise CellError(str(err)) from None


# -- the cell ------------------------------------------------------------------------------

def parse_cell(source: str) -> ast.Module:
    if not source.strip():
        raise CellError(
            "the cell is empty; write a function below %%gradient (def f(x, y): ...) or an "
            "expression (sin(x) * exp(x*y))"
        )
    try:
        return ast.parse(source)
    except SyntaxError as err:
        line = (err.text or "").strip()
        where = f" at line {err.lineno}" + (f" (`{line}`)" if line else "")
        raise CellError(f"the cell has a syntax error{where}: {err.msg}; fix it and run the "
                        "cell again") from None


def is_expression(tree: ast.Module) -> bool:
    return len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)


def last_function(tree: ast.Module) -> str | None:
    """The name of the last function the cell defines at top level (def or name = lambda)."""
    found = None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found = node.name
        elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)
              and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            found = node.targets[0].id
    return found


def math_names() -> dict[str, Any]:
    """numpy's own functions under their expression names (sin, exp, atan2, ...), pi and e."""
    names: dict[str, Any] = {name: getattr(np, target) for name, target in FUNCTIONS.items()}
    names |= dict(CONSTANTS)
    names |= {"np": np, "numpy": np, "math": math}
    return names


def expression_function(tree: ast.Module, variables: list[str], namespace: dict[str, Any],
                        filename: str) -> Callable[..., Any]:
    """A real Python function ``f(*variables)`` returning the cell's expression.

    Its globals are numpy's math names and the notebook namespace, so each engine rebinds the
    numpy functions in it like in any function the user writes.
    """
    body = tree.body[0]
    assert isinstance(body, ast.Expr)
    scope = {**math_names(), **namespace}
    _check_names(body.value, variables, scope)
    module = ast.parse(f"def expression({', '.join(variables)}):\n    return None")
    function = module.body[0]
    assert isinstance(function, ast.FunctionDef)
    function.body[0] = ast.Return(body.value)
    ast.fix_missing_locations(module)
    code = compile(module, filename, "exec")
    scope.setdefault("__builtins__", builtins)
    local: dict[str, Any] = {}
    exec(code, scope, local)  # noqa: S102 -- the user's own expression; this only defines f
    func = local["expression"]
    assert isinstance(func, types.FunctionType)
    vars(func)["__gradlab_label__"] = repr(ast.unparse(body.value))  # tables show the expression
    return func


def _check_names(node: ast.expr, variables: list[str], scope: dict[str, Any]) -> None:
    bound = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Store)}  # walrus / comprehension targets
    bound |= {a.arg for n in ast.walk(node) if isinstance(n, ast.Lambda)
              for a in n.args.args}
    used = [n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)]
    unknown = [n for n in dict.fromkeys(used)
               if n not in variables and n not in scope and n not in bound
               and not hasattr(builtins, n)]
    if unknown:
        name = unknown[0]
        raise CellError(
            f"the expression uses {name!r}, which has no value; add {name}=... to the "
            f"%%gradient line (to differentiate by it) or define {name} in the notebook"
        )
    unused = [v for v in variables if v not in used]
    if unused:
        raise CellError(
            f"the line gives {unused[0]}=..., but the expression does not use {unused[0]!r}; "
            "remove it from the line or use it in the expression"
        )


# -- re-running a cell ---------------------------------------------------------------------

class FunctionMemo:
    """Keeps the function objects of a cell that is run again unchanged.

    Running a def cell again makes new function objects with the same code. Handing the engines
    the previous, equivalent objects (same code, globals, defaults, no closure) lets gradlab
    reuse the gradients it compiled for them instead of tracing and compiling again.
    """

    def __init__(self) -> None:
        self._seen: dict[Any, types.FunctionType] = {}

    def same(self, key: Any, func: Any) -> Any:
        """The function kept under ``key`` when it is equivalent to ``func``, else ``func``."""
        old = self._seen.get(key)
        if old is not None and equivalent(old, func):
            return old
        if isinstance(func, types.FunctionType):
            self._seen[key] = func
        return func

    def keep_cell_functions(self, tree: ast.Module, namespace: dict[str, Any],
                            filename: str) -> None:
        """Put back the previous objects of the functions this cell (re)defined."""
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            func = namespace.get(node.name)
            if isinstance(func, types.FunctionType) and func.__code__.co_filename == filename:
                namespace[node.name] = self.same(("def", node.name), func)


def equivalent(old: Any, new: Any) -> bool:
    """True when calling ``old`` always does what calling ``new`` does."""
    if not (isinstance(old, types.FunctionType) and isinstance(new, types.FunctionType)):
        return False
    if old.__code__ != new.__code__ or old.__closure__ or new.__closure__:
        return False
    if old.__dict__ or new.__dict__ or old.__qualname__ != new.__qualname__:
        return False
    if not _same_values(old.__defaults__ or (), new.__defaults__ or ()):
        return False
    if not _same_values(tuple((old.__kwdefaults__ or {}).items()),
                        tuple((new.__kwdefaults__ or {}).items())):
        return False
    if old.__globals__ is new.__globals__:
        return True
    from ..backends.rebind import referenced_names

    missing = object()
    return all(old.__globals__.get(n, missing) is new.__globals__.get(n, missing)
               for n in referenced_names(old.__code__))


def _same_values(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x is y:
            continue
        if isinstance(x, tuple) and isinstance(y, tuple):
            if not _same_values(x, y):
                return False
            continue
        plain = (int, float, complex, str, bytes, bool, type(None))
        if not (type(x) is type(y) and isinstance(x, plain) and x == y):
            return False
    return True
