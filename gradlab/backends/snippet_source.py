"""The pieces every code snippet shares: the function's source, the point, how to call f.

A string expression becomes a ``def f(...)`` written with the target library's functions. A
user's function is shown with its own source (and its helpers'); the module it calls as
``np``/``math`` is imported under that name from the library that must run it.
"""

from __future__ import annotations

import ast
import inspect
import math
import textwrap
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..expression import CONSTANTS, FUNCTIONS, Expression, called_name
from ..problem import Problem, Slot
from .rebind import MATH_TO_NUMPY, is_user_code, referenced_names

# numpy name -> template per library ("{0}", "{1}": the arguments)
_SYMPY = {
    "arcsin": "sp.asin({0})", "arccos": "sp.acos({0})", "arctan": "sp.atan({0})",
    "arcsinh": "sp.asinh({0})", "arccosh": "sp.acosh({0})", "arctanh": "sp.atanh({0})",
    "exp2": "2**{0}", "expm1": "sp.exp({0}) - 1", "log2": "sp.log({0}, 2)",
    "log10": "sp.log({0}, 10)", "log1p": "sp.log(1 + {0})", "abs": "sp.Abs({0})",
    "arctan2": "sp.atan2({0}, {1})", "hypot": "sp.sqrt({0}**2 + {1}**2)",
    "maximum": "sp.Max({0}, {1})", "minimum": "sp.Min({0}, {1})", "square": "{0}**2",
    "power": "{0}**{1}",
}
_PYTENSOR = {"hypot": "pt.sqrt({0}**2 + {1}**2)", "cbrt": "pt.sign({0}) * pt.abs({0})**(1/3)"}
_CONSTANTS = {"np": {"pi": "np.pi", "e": "np.e", "tau": "2 * np.pi"},
              "sp": {"pi": "sp.pi", "e": "sp.E", "tau": "2 * sp.pi"}}


def expression_body(expression: Expression, prefix: str) -> str:
    """The expression as Python code calling ``prefix.<function>`` (np, jnp, pt or sp)."""
    special = {"sp": _SYMPY, "pt": _PYTENSOR}.get(prefix, {})
    constants = _CONSTANTS["sp" if prefix == "sp" else "np"]
    if prefix not in ("np", "sp"):
        constants = {k: v.replace("np.", f"{prefix}.") for k, v in constants.items()}

    class Rewrite(ast.NodeTransformer):
        def visit_Call(self, node: ast.Call) -> ast.AST:
            args = [self.visit(a) for a in node.args]
            name = FUNCTIONS[called_name(node)]
            template = special.get(name, f"{prefix}.{name}(" + ", ".join(
                f"{{{i}}}" for i in range(len(args))) + ")")
            return _fill(template, args)

        def visit_Name(self, node: ast.Name) -> ast.AST:
            if node.id in CONSTANTS and node.id not in expression.variables:
                return ast.parse(constants[node.id], mode="eval").body
            return node

    tree = Rewrite().visit(ast.parse(expression.text, mode="eval").body)
    return ast.unparse(tree)


def _fill(template: str, args: list[ast.AST]) -> ast.AST:
    text = template.format(*(f"_arg{i}" for i in range(len(args))))

    class Put(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            if node.id.startswith("_arg"):
                return args[int(node.id[4:])]
            return node

    return Put().visit(ast.parse(text, mode="eval").body)


def expression_def(expression: Expression, prefix: str) -> str:
    params = ", ".join(expression.variables)
    return f"def f({params}):\n    return {expression_body(expression, prefix)}\n"


@dataclass
class Source:
    """The function part of a snippet: imports it needs, its code, and the name to call."""

    imports: list[str]
    code: str
    name: str
    notes: list[str]
    uses: set[str]  # numpy-level names the code calls (np.sin, math.exp, from numpy import ...)


def function_source(problem: Problem, namespace: str | None, prefix: str = "np") -> Source:
    """f as code: a def for an expression, the user's source otherwise.

    ``namespace`` is the module that stands in for numpy and math in the user's code (an
    engine's declared ``namespace``, e.g. ``"jax.numpy"``); None runs the code as written.
    """
    func = problem.func
    if isinstance(func, Expression):
        uses = {FUNCTIONS[called_name(n)] for n in ast.walk(func.tree) if isinstance(n, ast.Call)}
        return Source([], expression_def(func, prefix), "f", [], uses)
    return _user_source(func, namespace)


def _user_source(func: Callable[..., Any], namespace: str | None) -> Source:
    name = getattr(func, "__name__", "f")
    functions = _user_functions(func)
    if not functions:
        return Source([], "", name, [(f"the source of {name} is not available here: paste your "
                                     f"definition of {name} above")], set())
    codes: list[str] = []
    globals_seen: dict[str, Any] = {}
    uses: set[str] = set()
    for item in functions:
        code = _code_of(item)
        if code is None:
            return Source([], "", name, [(f"the source of {item.__name__} is not available "
                                         "here: paste its definition above")], set())
        codes.append(code)
        for ref in sorted(referenced_names(item.__code__)):
            if ref in item.__globals__:
                globals_seen.setdefault(ref, item.__globals__[ref])
        for ref, cell in zip(item.__code__.co_freevars, item.__closure__ or ()):
            try:  # a closure's variables become definitions, like the globals it reads
                globals_seen.setdefault(ref, cell.cell_contents)
            except ValueError:
                continue
        uses |= _numpy_names(item.__code__)
    if name == "<lambda>":
        name = "f"
    imports, notes = _global_lines(globals_seen, functions, namespace)
    return Source(imports, "\n\n".join(codes[::-1]) + "\n", name, notes, uses)


def _user_functions(func: Any) -> list[types.FunctionType]:
    """func and the user helpers it reaches, func first."""
    if isinstance(func, types.MethodType):
        func = func.__func__
    if not isinstance(func, types.FunctionType):
        return []
    found: list[types.FunctionType] = []

    def visit(item: types.FunctionType) -> None:
        if item in found:
            return
        found.append(item)
        for ref in sorted(referenced_names(item.__code__)):
            value = item.__globals__.get(ref)
            if isinstance(value, types.FunctionType) and is_user_code(value):
                visit(value)

    visit(func)
    return found


def _code_of(func: types.FunctionType) -> str | None:
    try:
        text = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return None
    if func.__name__ != "<lambda>":
        return text.rstrip() + "\n"
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    lambdas = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda)]
    if len(lambdas) != 1:
        return None
    return f"f = {ast.get_source_segment(text, lambdas[0])}\n"


def _numpy_names(code: types.CodeType) -> set[str]:
    names = set()
    for ref in referenced_names(code):
        target = getattr(np, MATH_TO_NUMPY.get(ref, ref), None)
        if isinstance(target, np.ufunc):
            names.add(target.__name__)
        elif callable(target):
            names.add(ref)
    return names


def _global_lines(values: dict[str, Any], functions: list[types.FunctionType],
                  namespace: str | None) -> tuple[list[str], list[str]]:
    """Import lines and constants for the globals the user's code reads."""
    lines, notes = [], []
    library = namespace or "numpy"
    for ref, value in values.items():
        if any(value is function for function in functions):
            continue
        if value is np:
            lines.append(_alias(library, ref, "numpy"))
        elif value is math:
            lines.append("import math" if namespace is None else _alias(library, ref, "math"))
        elif isinstance(value, types.ModuleType):
            lines.append(f"import {value.__name__}" if ref == value.__name__
                         else f"import {value.__name__} as {ref}")
        elif callable(value) and (getattr(np, ref, None) is value or
                                  getattr(math, ref, None) is value):
            origin = "numpy" if getattr(np, ref, None) is value else "math"
            lines.append(f"from {origin if namespace is None else library} import {ref}")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            lines.append(f"{ref} = {value!r}")
        elif not isinstance(value, (types.FunctionType, type)) or not _builtin(value):
            notes.append(f"f also uses {ref}, defined in your code: paste it above")
    return list(dict.fromkeys(lines)), notes


def _alias(library: str, ref: str, original: str) -> str:
    line = f"import {library}" if ref == library else f"import {library} as {ref}"
    if library != original:
        line += f"  # {library} stands in for {original}, so f runs unchanged"
    return line


def _builtin(value: Any) -> bool:
    return getattr(value, "__module__", None) == "builtins"


# --- the point and the call -----------------------------------------------------------------

def literal(value: Any, prefix: str = "np") -> str:
    """A float or an array as code (``1.0``, ``np.array([1.0, 2.0])``)."""
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0 and prefix == "pt":  # PyTensor would make 0.5 a float32 constant
        return f"pt.constant({float(array)!r}, dtype='float64')"
    if array.ndim == 0:
        return repr(float(array))
    return f"{prefix}.array({array.tolist()!r})"


def layout(problem: Problem) -> str:
    """'scalars' (f(q, chi, delta)), 'array' (f(x)) or 'flat' (anything else, via F(v))."""
    variables = problem.variable_slots
    if not _positional(problem):
        return "flat"
    if all(s.shape is None for s in variables):
        return "scalars"
    if len(variables) == 1:
        return "array"
    return "flat"


def _positional(problem: Problem) -> bool:
    func = problem.func
    if isinstance(func, Expression):
        return True
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY,
                                                       p.POSITIONAL_OR_KEYWORD)]
    return [s.name for s in problem.slots] == positional[: len(problem.slots)]


def call_args(problem: Problem, value: Callable[[Slot], str], prefix: str = "np") -> str:
    """The argument list of a call to f: ``value(slot)`` for variables, literals for the rest."""
    positional = _positional(problem)
    parts = []
    for slot in problem.slots:
        text = literal(slot.fixed, prefix) if slot.is_fixed else value(slot)
        parts.append(text if positional else f"{slot.name}={text}")
    return ", ".join(parts)


def flat_slice(slot: Slot, vector: str = "v") -> str:
    """The slot cut out of the flat vector: ``v[0]`` or ``v[0:6].reshape(2, 3)``."""
    if slot.shape is None:
        return f"{vector}[{slot.offset}]"
    part = f"{vector}[{slot.offset}:{slot.offset + slot.size}]"
    if len(slot.shape) == 1:
        return part
    return f"{part}.reshape{slot.shape!r}"


def flat_wrapper(problem: Problem, name: str, prefix: str = "np") -> str:
    """``def F(v)``: f of one flat vector (for recipes that perturb one entry at a time)."""
    kind = layout(problem)
    if kind == "scalars" and not any(s.is_fixed for s in problem.slots):
        return f"def F(v):  # f of one vector\n    return {name}(*v)\n"
    if kind == "array" and len(problem.slots) == 1 and len(problem.slots[0].shape or ()) == 1:
        return f"F = {name}\n"
    args = call_args(problem, flat_slice, prefix)
    return f"def F(v):  # f of one vector\n    return {name}({args})\n"


def point_comment(problem: Problem) -> str:
    return "# the point: " + ", ".join(problem.names) if problem.n <= 8 else ""
