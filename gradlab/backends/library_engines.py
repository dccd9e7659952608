"""What the engines wrapping another library (autograd, numdifftools, scipy.differentiate)
share: the operator check, the Compiled for an operator, f at points as float64 arrays, and
the code snippet that calls the library the way its users do."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import BackendError, InputError
from ..problem import Problem
from .base import OPERATORS, Compiled, Engine, Estimate


def check_operator(engine: Engine, operator: str) -> None:
    """InputError for a name that is no operator; BackendError for one the engine lacks."""
    if operator not in OPERATORS:
        raise InputError(f"{engine.name}: operator must be one of {', '.join(OPERATORS)}, not "
                         f"{operator!r}")
    if operator not in engine.operators:
        native = ", ".join(o for o in OPERATORS if o in engine.operators)
        raise BackendError(engine.name, f"computes no {operator} itself (it computes {native})")


def make_compiled(derivative: Callable[..., np.ndarray], operator: str,
                  notes: tuple[str, ...] = (),
                  estimator: Callable[..., Estimate] | None = None) -> Compiled:
    """A Compiled computing ``operator``."""
    return Compiled(derivative, notes, estimator, operator=operator)


def output_values(problem: Problem, x: np.ndarray) -> np.ndarray:
    """f at the flat point ``x`` as a flat float64 array (one value for a scalar f)."""
    with np.errstate(all="ignore"):
        value = problem.call(problem.func, x)
    return np.asarray(value, dtype=np.float64).reshape(-1)


def scalar_value(problem: Problem, x: np.ndarray, engine: str) -> float:
    """f at ``x`` as one float; BackendError naming ``engine`` when f returns several values."""
    values = output_values(problem, x)
    if values.size != 1:
        raise BackendError(engine, f"{problem.label} returns {values.size} values; this "
                           "operator needs a function with one real output")
    return float(values[0])


_DIRECTION_LINES = {
    "hvp": "v = np.ones(x.size)  # the direction (put yours here)\n",
    "jvp": "v = np.ones(x.size)  # the direction (put yours here)\n",
    "vjp": "u = np.ones(np.size(F(x)))  # the weights of f's outputs (put yours here)\n",
}


def library_snippet(problem: Problem, imports: list[str], namespace: str | None,
                    operator: str, call: str, helpers: str = "",
                    direction: np.ndarray | None = None) -> str:
    """The code a user writes: imports, f, ``F`` of one flat vector (then ``helpers``), the
    point ``x`` (and the direction), then ``<operator> = <call>`` printed; ``call`` may be
    several lines, the last one assigning ``<operator>`` itself. ``namespace`` is the library's
    numpy that runs f (``"autograd.numpy"``), imported as ``np``; None: numpy itself.
    ``direction``: the flat v (or u) of a directed operator; None: a placeholder of ones."""
    from .snippet_source import flat_wrapper, function_source, literal, point_comment

    source = function_source(problem, namespace)
    numpy_line = "import numpy as np" if namespace is None else (
        f"import {namespace} as np  # {namespace} stands in for numpy")
    lines = list(dict.fromkeys(imports + [numpy_line] + [
        line for line in source.imports if not line.startswith(("import numpy as np",
                                                                f"import {namespace} as np"))]))
    notes = "".join(f"# {note}\n" for note in source.notes)
    comment = point_comment(problem)
    point = f"x = {literal(problem.x0)}" + (f"  {comment}" if comment else "") + "\n"
    compute = call if "\n" in call else f"{operator} = {call}"
    given = "" if direction is None or operator not in _DIRECTION_LINES else (
        f"{'u' if operator == 'vjp' else 'v'} = np.array("
        f"{np.asarray(direction, dtype=np.float64).reshape(-1).tolist()!r})\n")
    body = point + (given or _DIRECTION_LINES.get(operator, "")) + f"{compute}\nprint({operator})"
    blocks = ["\n".join(lines), source.code.strip("\n"), notes.strip("\n"),
              flat_wrapper(problem, source.name).strip("\n"), helpers.strip("\n"), body]
    return "\n\n\n".join(b for b in blocks if b.strip()) + "\n"
