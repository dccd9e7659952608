"""The code a user would write for the derivative operators beyond the gradient (jacobian,
hessian, hvp, jvp, vjp) with JAX, SymPy and PyTensor, runnable as shown.

Every snippet works on ``F``, f of one flat vector (the point ``x``), and prints the flat
result as gradlab computes it (base.OPERATORS): the Jacobian as an (m, n) matrix of f's
outputs (flattened) by the n input values, the Hessian (n, n), the products as vectors. A
directed operator's snippet writes the comparison's own direction (``v``, or ``u`` for vjp).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError
from ..problem import Problem
from .base import DIRECTED, OPERATORS
from .snippet_source import flat_wrapper, function_source, literal, point_comment
from .snippets import join_blocks, note_lines, sympy_source

OTHER_OPERATORS = tuple(op for op in OPERATORS if op != "gradient")
ARRAY_OPERATORS = ("jacobian", "jvp", "vjp")  # f may return an array: its outputs flattened


def check_snippet_request(operator: str, direction: Any, problem: Problem) -> None:
    """InputError unless ``operator`` is one of OTHER_OPERATORS with a direction of the right
    size exactly when it is directed (hvp and jvp: n values; vjp: f's m values)."""
    if operator not in OTHER_OPERATORS:
        raise InputError(f"no operator snippet named {operator!r}; choose from "
                         + ", ".join(OTHER_OPERATORS))
    if operator not in DIRECTED:
        if direction is not None:
            raise InputError(f"the {operator} takes no direction")
        return
    if direction is None:
        raise InputError(f"the {operator} snippet needs the direction it multiplies "
                         "(direction=)")
    size = problem.m if operator == "vjp" else problem.n
    if np.size(direction) != size:
        raise InputError(f"the {operator}'s direction has {np.size(direction)} values, not "
                         f"{size}")


def point_lines(problem: Problem, operator: str, direction: Any, prefix: str = "np") -> str:
    """``x = ...`` (and ``v = ...`` or ``u = ...`` for a directed operator)."""
    comment = point_comment(problem)
    lines = f"x = {literal(problem.x0, prefix)}" + (f"  {comment}" if comment else "") + "\n"
    if operator in DIRECTED:
        flat = np.asarray(direction, dtype=np.float64).reshape(-1)
        name, what = ("u", "weights of f's outputs, flat") if operator == "vjp" else \
            ("v", "the direction, flat like the point")
        lines += f"{name} = {prefix}.array({flat.tolist()!r})  # {what}\n"
    return lines


# --- JAX --------------------------------------------------------------------------------------

_JAX = {
    "jacobian": "jacobian = jax.{mode}(G)(x).reshape(-1, x.size)  # {why}\n",
    "hessian": "hessian = jax.hessian(F)(x)  # forward over reverse mode\n",
    "hvp": "_, hvp = jax.jvp(jax.grad(F), (x,), (v,))  # forward mode over the gradient\n",
    "jvp": "_, jvp = jax.jvp(G, (x,), (v,))  # forward mode: one pass\n",
    "vjp": "_, pullback = jax.vjp(G, x)\n(vjp,) = pullback(u)  # reverse mode: one pass\n",
}


def jax_operator_snippet(problem: Problem, namespace: str, operator: str,
                         direction: Any = None) -> str:
    """jax.jacfwd / jacrev, jax.hessian, jax.jvp, jax.vjp; hvp as jax.jvp of jax.grad."""
    check_snippet_request(operator, direction, problem)
    source = function_source(problem, namespace, "jnp")
    imports = ["import jax", "import jax.numpy as jnp"] + [
        i for i in source.imports if i != "import jax.numpy as jnp"]
    x64 = 'jax.config.update("jax_enable_x64", True)  # float64 (jax defaults to float32)'
    flat = flat_wrapper(problem, source.name, "jnp")
    if operator in ARRAY_OPERATORS:
        flat += "\n\ndef G(v):  # f's outputs as one flat vector\n    return jnp.ravel(F(v))\n"
    forward = problem.n <= problem.m
    body = _JAX[operator].format(
        mode="jacfwd" if forward else "jacrev",
        why=("forward mode: one pass per input" if forward
             else "reverse mode: one pass per output"))
    return join_blocks(imports, x64, source.code, note_lines(source), flat,
                       point_lines(problem, operator, direction, "jnp") + body
                       + f"print({operator}.tolist())\n")


# --- SymPy ------------------------------------------------------------------------------------

_SYMPY_MATRIX = {
    "jacobian": "derivative = outputs.jacobian(xs)  # symbolic: one row per output\n",
    "hessian": "derivative = sp.hessian(outputs[0], xs)  # symbolic\n",
    "hvp": "derivative = sp.hessian(outputs[0], xs)  # symbolic\n",
    "jvp": "derivative = outputs.jacobian(xs)  # symbolic: one row per output\n",
    "vjp": "derivative = outputs.jacobian(xs)  # symbolic: one row per output\n",
}
_SYMPY_RESULT = {
    "jacobian": "jacobian = at_point\n", "hessian": "hessian = at_point\n",
    "hvp": "hvp = at_point @ v\n", "jvp": "jvp = at_point @ v\n", "vjp": "vjp = u @ at_point\n",
}


def sympy_operator_snippet(problem: Problem, namespace: str, operator: str,
                           direction: Any = None) -> str:
    """Matrix.jacobian or sympy.hessian of symbols, evaluated at the point with lambdify."""
    check_snippet_request(operator, direction, problem)
    source = sympy_source(problem, namespace)
    # numpy under its own name: f's code may import sympy (or numpy) as np
    imports = ["import numpy", "import sympy as sp"] + [
        i for i in source.imports if i != "import sympy as sp"]
    names = " ".join(problem.names) if _plain_names(problem) else f"x0:{problem.n}"
    names += "," if problem.n == 1 else ""  # a tuple of one symbol
    build = (f'xs = sp.symbols("{names}", real=True)\n'
             + "symbols = numpy.array(xs, dtype=object)\n"
             + "outputs = sp.Matrix(numpy.ravel(numpy.asarray(F(symbols), dtype=object)))\n"
             + _SYMPY_MATRIX[operator]
             + "at = sp.lambdify([xs], derivative)  # evaluates it with numpy's floats\n"
             + point_lines(problem, operator, direction, "numpy")
             + "at_point = numpy.asarray(at(x), dtype=float)\n" + _SYMPY_RESULT[operator]
             + f"print({operator}.tolist())\n")
    return join_blocks(list(dict.fromkeys(imports)), source.code, note_lines(source),
                       flat_wrapper(problem, source.name), build)


def _plain_names(problem: Problem) -> bool:
    return all(name.isidentifier() for name in problem.names)


# --- PyTensor ---------------------------------------------------------------------------------

_PYTENSOR = {
    "jacobian": "derivative = pytensor.gradient.jacobian(outputs, xs, vectorize=True)\n",
    "hessian": "derivative = pytensor.gradient.hessian(cost, xs)\n",
    "hvp": "derivative = pytensor.gradient.pushforward(pytensor.grad(cost, xs), xs, vs)\n",
    "jvp": "derivative = pytensor.gradient.pushforward(outputs, xs, vs)  # forward mode\n",
    "vjp": "derivative = pytensor.gradient.pullback(outputs, xs, us)  # reverse mode\n",
}


def pytensor_operator_snippet(problem: Problem, namespace: str, operator: str,
                              direction: Any = None, mode: str = "CVM") -> str:
    """A symbolic graph, pytensor.gradient's jacobian / hessian / pushforward / pullback and
    pytensor.function(..., mode=...)."""
    check_snippet_request(operator, direction, problem)
    source = function_source(problem, namespace, "pt")
    # numpy under its own name: f's code imports pytensor.tensor as np
    imports = ["import numpy", "import pytensor", "import pytensor.tensor as pt"] + [
        i for i in source.imports if i != "import pytensor.tensor as pt"]
    build = f'xs = pt.tensor("x", dtype="float64", shape=({problem.n},))\n'
    if operator in ARRAY_OPERATORS:
        build += "outputs = pt.flatten(F(xs))  # f's outputs as one flat vector\n"
    else:
        build += "cost = F(xs)\n"
    inputs = ["xs"]
    if operator in DIRECTED:
        name, size = ("us", problem.m) if operator == "vjp" else ("vs", problem.n)
        build += f'{name} = pt.tensor("{name[0]}", dtype="float64", shape=({size},))\n'
        inputs.append(name)
    values = ["x"] + (["u" if operator == "vjp" else "v"] if operator in DIRECTED else [])
    build += (_PYTENSOR[operator]
              + f"compiled = pytensor.function([{', '.join(inputs)}], derivative, "
              f'mode="{mode}")\n'
              + point_lines(problem, operator, direction, "numpy")
              + f"{operator} = compiled({', '.join(values)})\n"
              + f"print({operator}.tolist())\n")
    return join_blocks(list(dict.fromkeys(imports)), source.code, note_lines(source),
                       flat_wrapper(problem, source.name, "pt"), build)
