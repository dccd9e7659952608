"""The code a user would write to get the gradient with each library, runnable as shown.

Every snippet defines f (a ``def`` for a string expression, the user's own source for a
function), sets up the point, computes the gradient the library's idiomatic way and prints it.
"""

from __future__ import annotations

import ast
import functools
from typing import Any

import numpy as np

from ..expression import Expression, called_name
from ..problem import Problem
from .dual_rules import BINARY_RULES, UNARY_RULES
from .snippet_source import (
    Source,
    call_args,
    flat_wrapper,
    function_source,
    layout,
    literal,
    point_comment,
)

# --- finite differences and numpy.gradient ---------------------------------------------------

_STEP = "h = {base} * np.maximum(1.0, np.abs(x))  # a step per variable\n"
_FD = {
    "central": _STEP.format(base="np.finfo(float).eps ** (1 / 3)") + (
        "E = np.eye(x.size)\n"
        "grad = np.array([(F(x + h[k] * E[k]) - F(x - h[k] * E[k])) / (2 * h[k])\n"
        "                 for k in range(x.size)])\n"),
    "forward": _STEP.format(base="np.sqrt(np.finfo(float).eps)") + (
        "E = np.eye(x.size)\n"
        "grad = np.array([(F(x + h[k] * E[k]) - F(x)) / h[k] for k in range(x.size)])\n"),
    "complex-step": (
        "h = 1e-20  # nothing is subtracted, so no round-off: the step can be tiny\n"
        "E = np.eye(x.size)\n"
        "grad = np.array([F(x + 1j * h * E[k]).imag / h for k in range(x.size)])\n"),
    "richardson": _STEP.format(base="2.5 * np.finfo(float).eps ** (1 / 9)") + (
        "E = np.eye(x.size)\n\n\n"
        "def central(h):\n"
        "    return np.array([(F(x + h[k] * E[k]) - F(x - h[k] * E[k])) / (2 * h[k])\n"
        "                     for k in range(x.size)])\n\n\n"
        "s = np.arange(5, 0, -1) / 5  # central differences at h, 4h/5, 3h/5, 2h/5, h/5\n"
        "D = np.array([central(h * sj) for sj in s])\n"
        "# Richardson: weights that cancel the h**2, h**4, h**6, h**8 error terms\n"
        "w = np.linalg.solve(s[None, :] ** (2 * np.arange(5)[:, None]), np.eye(5)[0])\n"
        "grad = w @ D\n"),
    "scipy": (
        "from scipy.optimize import approx_fprime\n\n"
        "grad = approx_fprime(x, F)  # forward differences, step sqrt(machine epsilon)\n"),
}


def _numeric_setup(problem: Problem, namespace: str | None) -> tuple[str, Source]:
    source = function_source(problem, namespace)
    imports = ["import numpy as np"] + [i for i in source.imports if i != "import numpy as np"]
    head = join_blocks(imports, source.code, note_lines(source),
                       flat_wrapper(problem, source.name))
    comment = point_comment(problem)
    head += f"\n\nx = {literal(problem.x0)}" + (f"  {comment}" if comment else "") + "\n"
    return head, source


def finite_diff_snippet(problem: Problem, method: str = "central",
                        step: float | None = None) -> str:
    """Finite differences by hand (or scipy's approx_fprime) on f of one flat vector; ``step``:
    the user's step instead of the variant's own rule."""
    if method not in _FD:
        raise ValueError(f"no finite-difference recipe named {method!r}")
    # complex step needs math's functions to take complex numbers: numpy's stand in for them
    head, _ = _numeric_setup(problem, "numpy" if method == "complex-step" else None)
    recipe = _FD[method]
    if step is not None and method == "scipy":
        recipe = recipe.replace("approx_fprime(x, F)", f"approx_fprime(x, F, {float(step)!r})")
    elif step is not None and method == "complex-step":
        recipe = recipe.replace("h = 1e-20", f"h = {float(step)!r}")
    elif step is not None:  # the recipe's first line is its step rule
        recipe = f"h = np.full(x.size, {float(step)!r})  # your step\n" + recipe.split("\n", 1)[1]
    return head + recipe + "print(grad)\n"


def numpy_snippet(problem: Problem, step: float | None = None, edge_order: int = 2,
                  position: str = "center") -> str:
    """numpy.gradient of samples of f along the coordinate line through the point."""
    head = _numeric_setup(problem, None)[0]
    if step is not None:
        steps = f"h = np.full(x.size, {float(step)!r})\n"
    else:
        base = "np.finfo(float).eps ** (1 / 3)" if position == "center" else \
            f"np.finfo(float).eps ** (1 / {2 + edge_order})"
        steps = _STEP.format(base=base)
    offsets, where = ("range(-2, 3)", 2) if position == "center" else ("range(5)", 0)
    return head + steps + (
        "E = np.eye(x.size)\n"
        "grad = np.empty(x.size)\n"
        "for k in range(x.size):  # sample f on the line through x along variable k\n"
        f"    samples = [F(x + s * h[k] * E[k]) for s in {offsets}]\n"
        f"    grad[k] = np.gradient(samples, h[k], edge_order={edge_order})[{where}]"
        f"  # x is sample {where}\n"
        "print(grad)\n")


# --- JAX, PyTensor, SymPy --------------------------------------------------------------------

def jax_snippet(problem: Problem, namespace: str) -> str:
    """jax.jit(jax.grad(f)) in 64-bit mode; ``namespace`` stands in for numpy (jax.numpy)."""
    source = function_source(problem, namespace, "jnp")
    head = join_blocks(["import jax", "import jax.numpy as jnp"]
                 + [i for i in source.imports if i != "import jax.numpy as jnp"],
                 'jax.config.update("jax_enable_x64", True)  # float64 (jax defaults to float32)',
                 source.code, note_lines(source))
    kind, name = layout(problem), source.name
    positions = [i for i, s in enumerate(problem.slots) if not s.is_fixed]
    args = call_args(problem, lambda s: literal(problem.point()[s.name], "jnp"), "jnp")
    if kind == "scalars":
        argnums = "(" + ", ".join(map(str, positions)) + ("," if len(positions) == 1 else "") + ")"
        body = (f"grad_f = jax.jit(jax.grad({name}, argnums={argnums}))"
                f"  # d/d{', d/d'.join(problem.names)}\n"
                f"print(jnp.stack(grad_f({args})))\n")
    elif kind == "array":
        body = (f"grad_f = jax.jit(jax.grad({name}, argnums={positions[0]}))\n"
                f"print(grad_f({args}))\n")
    else:
        body = (flat_wrapper(problem, name, "jnp") + "\n\ngrad_F = jax.jit(jax.grad(F))\n"
                f"print(grad_F({literal(problem.x0, 'jnp')}))\n")
    return head + "\n\n" + body


def pytensor_snippet(problem: Problem, namespace: str, mode: str = "CVM") -> str:
    """A symbolic graph, pytensor.grad, and pytensor.function(..., mode=...)."""
    source = function_source(problem, namespace, "pt")
    head = join_blocks(["import pytensor", "import pytensor.tensor as pt"]
                 + [i for i in source.imports if i != "import pytensor.tensor as pt"],
                 source.code, note_lines(source))
    kind, name = layout(problem), source.name
    variables = problem.variable_slots
    if kind == "flat":
        inputs = ["v"]
        build = 'v = pt.dvector("v")\ncost = F(v)\n'
        values = repr(problem.x0.tolist())
        head += "\n" + flat_wrapper(problem, name, "pt")
    else:
        inputs = [s.name for s in variables]
        build = "".join(_pt_input(s) for s in variables)
        build += f"cost = {name}({call_args(problem, lambda s: s.name, 'pt')})\n"
        values = ", ".join(_plain(problem.point()[s.name]) for s in variables)
    wrt = inputs[0] if len(inputs) == 1 and kind != "scalars" else f"[{', '.join(inputs)}]"
    grad = f"pytensor.grad(cost, {wrt})"
    if kind == "scalars":
        grad = f"pt.stack({grad})"
    mode_note = "  # C virtual machine: quick to compile" if mode == "CVM" else ""
    return head + "\n\n" + build + (
        f"grad = {grad}\n"
        f"grad_f = pytensor.function([{', '.join(inputs)}], grad, mode=\"{mode}\"){mode_note}\n"
        f"print(grad_f({values}))\n")


def _pt_input(slot: Any) -> str:
    if slot.shape is None:
        return f'{slot.name} = pt.dscalar("{slot.name}")\n'
    return f'{slot.name} = pt.tensor("{slot.name}", dtype="float64", shape={slot.shape!r})\n'


def _plain(value: Any) -> str:
    array = np.asarray(value, dtype=np.float64)
    return repr(float(array)) if array.ndim == 0 else repr(array.tolist())


def sympy_snippet(problem: Problem, namespace: str) -> str:
    """Symbols, sympy.diff, and the derivatives evaluated at the point."""
    kind = layout(problem)
    source = sympy_source(problem, namespace)
    imports = ["import sympy as sp"] + [i for i in source.imports if i != "import sympy as sp"]
    name = source.name
    if kind == "scalars":
        symbols = [s.name for s in problem.variable_slots]
        names = ", ".join(symbols)
        build = (f'{names} = '
                 f'sp.symbols("{" ".join(symbols)}", real=True)\n'
                 f"expr = {name}({call_args(problem, lambda s: s.name)})\n"
                 f"variables = [{names}]\n")
    else:
        imports.insert(0, "import numpy as np")
        vector = problem.variable_slots[0].name if kind == "array" else "v"
        shape = (problem.variable_slots[0].shape or ()) if kind == "array" else (problem.n,)
        reshape = f".reshape{shape!r}" if len(shape) > 1 else ""
        build = (f'{vector} = np.array(sp.symbols("{vector}0:{problem.n}", real=True)){reshape}'
                 "  # an array of symbols\n")
        call = call_args(problem, lambda s: s.name) if kind == "array" else None
        build += f"expr = {name}({call})\n" if call else "expr = F(v)\n"
        build += f"variables = list({vector}.ravel())\n"
        if kind == "flat":
            build = flat_wrapper(problem, name) + "\n\n" + build
    head = join_blocks(list(dict.fromkeys(imports)), source.code, note_lines(source))
    values = ", ".join(repr(float(v)) for v in problem.x0)
    show = ("for s, g in zip(variables, grad):\n    print(f\"df/d{s} =\", g)\n"
            if problem.n <= 6 else "")
    return head + "\n\n" + build + (
        "grad = [sp.diff(expr, s) for s in variables]\n" + show +
        f"point = dict(zip(variables, [{values}]))\n"
        "print([float(g.evalf(subs=point)) for g in grad])\n")


def sympy_source(problem: Problem, namespace: str) -> Source:
    """f as code for SymPy symbols: sympy stands in for numpy where it can; otherwise the code
    as written, with a note where numpy's functions would meet symbols."""
    source = function_source(problem, namespace, "sp")
    if not problem.is_expression and not _sympy_can_stand_in(source, layout(problem)):
        source = function_source(problem, None)
    if not problem.is_expression and source.uses - _OBJECT_SAFE - _sympy_names(source):
        source.notes.append("numpy's functions do not accept SymPy symbols: where f calls "
                            "np.<name>, write sp.<name> instead")
    return source


# numpy functions that work on arrays of SymPy symbols (they only add, multiply, ...)
_OBJECT_SAFE = {"add", "subtract", "multiply", "divide", "power", "negative", "positive",
                "absolute", "square", "sum", "prod", "array", "asarray", "dot", "mean",
                "reshape", "ravel", "concatenate", "stack", "zeros", "ones", "arange"}


def _sympy_names(source: Source) -> set[str]:
    """Names f uses through a module that sympy stands in for."""
    if any(line.startswith("import sympy as") for line in source.imports):
        return source.uses
    return set()


def _sympy_can_stand_in(source: Source, kind: str) -> bool:
    """True when every numpy function f uses has a sympy namesake (so sympy can be 'np')."""
    import sympy

    return kind == "scalars" and all(hasattr(sympy, n) for n in source.uses)


# --- dual numbers -----------------------------------------------------------------------------

_DUAL_CLASS = '''\
class Dual:
    """A value v and its derivatives d along every variable at once."""

    def __init__(self, v, d):
        self.v, self.d = v, np.asarray(d, dtype=float)

    def __add__(self, o):
        o = lift(o)
        return Dual(self.v + o.v, self.d + o.d)

    def __mul__(self, o):
        o = lift(o)
        return Dual(self.v * o.v, self.d * o.v + self.v * o.d)

    def __pow__(self, o):
        if isinstance(o, Dual):
            return (o * self.log()).exp()
        return Dual(self.v**o, o * self.v ** (o - 1) * self.d)

    __radd__, __rmul__ = __add__, __mul__
    def __neg__(self): return self * -1
    def __sub__(self, o): return self + -o
    def __rsub__(self, o): return -self + o
    def __truediv__(self, o): return self * lift(o) ** -1
    def __rtruediv__(self, o): return o * self**-1
    def __rpow__(self, o): return (self * np.log(o)).exp()
'''

_DUAL_EXTRA = {
    "absolute": "    def __abs__(self): return self * np.sign(self.v)\n",
    "square": "    def square(self): return self * self\n",
}
_BINARY_METHODS = ("arctan2", "hypot")  # numpy calls dual.arctan2(other) for these
_COMPARE = ("    def __lt__(self, o): return self.v < lift(o).v\n"
            "    def __gt__(self, o): return self.v > lift(o).v\n"
            "    def __le__(self, o): return self.v <= lift(o).v\n"
            "    def __ge__(self, o): return self.v >= lift(o).v\n")
_ALIASES = {"abs": "absolute", "fabs": "absolute", "power": None}


def dual_class(uses: set[str]) -> str:
    """The Dual class with a method for each numpy function in ``uses`` (plus exp and log)."""
    needed = {_ALIASES.get(n, n) for n in uses} | {"exp", "log"}
    lines = [_DUAL_CLASS, "    # np.sin(dual) calls dual.sin(): one method per function f uses\n"]
    lines += [_dual_method(name) for name in _printable_rules() if name in needed]
    lines += [_dual_binary_method(name) for name in _BINARY_METHODS if name in needed]
    lines += [code for name, code in _DUAL_EXTRA.items() if name in needed]
    if needed & {"maximum", "minimum", "sign", "absolute"}:
        lines.append(_COMPARE)
    lines.append("\n\ndef lift(o):  # a constant is a dual number with derivative 0\n"
                 "    return o if isinstance(o, Dual) else Dual(o, 0.0)\n")
    return "".join(lines)


def _dual_method(name: str) -> str:
    """The Dual method numpy calls for ``np.<name>(dual)``, with the engine's own rule."""
    rule = UNARY_RULES[name]
    derivative = rule if rule.isidentifier() else f"({rule})"
    return (f"    def {name}(self):\n        x, y = self.v, np.{name}(self.v)\n"
            f"        return Dual(y, {derivative} * self.d)\n")


def _dual_binary_method(name: str) -> str:
    """The Dual method numpy calls for ``np.<name>(dual, other)``, with the engine's rule."""
    da, db = BINARY_RULES[name]
    return (f"    def {name}(self, o):\n        o = lift(o)\n"
            f"        a, b, y = self.v, o.v, np.{name}(self.v, o.v)\n"
            f"        return Dual(y, ({da}) * self.d + ({db}) * o.d)\n")


@functools.cache
def _printable_rules() -> tuple[str, ...]:
    """The unary rules a snippet can print: numpy functions whose rule needs numpy only."""
    return tuple(name for name, rule in UNARY_RULES.items()
                 if hasattr(np, name) and name not in _DUAL_EXTRA
                 and {n.id for n in ast.walk(ast.parse(rule)) if isinstance(n, ast.Name)}
                 <= {"np", "x", "y"})


def dual_snippet(problem: Problem, namespace: str) -> str:
    """Forward-mode autodiff by hand: seed each variable with a unit derivative vector."""
    source = function_source(problem, namespace)
    imports = ["import numpy as np"] + [i for i in source.imports if i != "import numpy as np"]
    head = join_blocks(imports, dual_class(source.uses | expression_calls(problem)), source.code,
                 note_lines(source))
    kind, name = layout(problem), source.name
    values = repr(problem.x0.tolist())
    seeds = f"[Dual(v, e) for v, e in zip({values}, np.eye({problem.n}))]"
    if kind == "scalars":
        names = [s.name for s in problem.variable_slots]
        build = (f"{', '.join(names)}{',' if len(names) == 1 else ''} = {seeds}"
                 "  # seed: d/d(itself) = 1\n"
                 f"fx = {name}({call_args(problem, lambda s: s.name)})\n")
    else:
        vector = problem.variable_slots[0].name if kind == "array" else "v"
        shape = (problem.variable_slots[0].shape or ()) if kind == "array" else (problem.n,)
        reshape = f".reshape{shape!r}" if len(shape) > 1 else ""
        build = f"{vector} = np.array({seeds}){reshape}  # seed: d/d(itself) = 1\n"
        if kind == "array":
            build += f"fx = {name}({call_args(problem, lambda s: s.name)})\n"
        else:
            build = flat_wrapper(problem, name) + "\n\n" + build + "fx = F(v)\n"
    return head + "\n\n" + build + "print(fx.d)  # the gradient\n"


def expression_calls(problem: Problem) -> set[str]:
    if not isinstance(problem.func, Expression):
        return set()
    return {called_name(n) for n in ast.walk(problem.func.tree) if isinstance(n, ast.Call)}


# --- assembly ---------------------------------------------------------------------------------

def note_lines(source: Source) -> str:
    return "".join(f"# {note}\n" for note in source.notes)


def join_blocks(imports: list[str], *blocks: str) -> str:
    """Imports, then constants f reads (``K = 3.0``), then the blocks, 2 blank lines apart."""
    lines = list(dict.fromkeys(imports))
    constants = [line for line in lines if " = " in line and not line.startswith("import")]
    heads = ["\n".join(line for line in lines if line not in constants), "\n".join(constants)]
    parts = heads + [b.strip("\n") for b in blocks if b.strip()]
    return "\n\n\n".join(p for p in parts if p) + "\n"

