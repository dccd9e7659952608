"""The graph of each derivative operator of the pytensor engine.

gradient: ``pytensor.grad``; jacobian: ``pytensor.gradient.jacobian`` (vectorised: one batched
pull-back instead of a scan over the outputs); hessian: the vectorised Jacobian of the gradient;
jvp: ``pushforward``; vjp: ``pullback``; hvp: the push-forward of the gradient. Where PyTensor
cannot differentiate an operation (twice, for the Hessian and hvp) the engine refuses, naming it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import BackendError
from ..problem import Problem
from .base import scalar_output

ENGINE = "pytensor"
SCALAR_OPERATORS = ("gradient", "hessian", "hvp")  # operators of a scalar function
DIRECTED = {"hvp": "v", "jvp": "v", "vjp": "u"}  # operators that take a direction, its name
# PyTensor's operations without a derivative, by the numpy function gradlab maps onto them
NUMPY_NAMES = {"ProdWithoutZeros": "np.prod"}


def derivative_graph(operator: str, traced: Any, x: Any, problem: Problem,
                     vectorize: bool = True) -> tuple[list[Any], Any]:
    """The inputs ([x] or [x, direction]) and the output of ``operator``'s graph."""
    import pytensor.tensor as pt

    output = pt.as_tensor_variable(traced)
    if operator in SCALAR_OPERATORS:
        output = scalar_output(output, ENGINE, problem)
    else:
        output = _sized(output.ravel(), problem)
    direction = None
    if operator in DIRECTED:
        size = problem.n if DIRECTED[operator] == "v" else output.type.shape[0]
        direction = pt.tensor(DIRECTED[operator], dtype=x.dtype, shape=(size,))
    with _refusing(operator):
        result = _BUILDERS[operator](output, x, direction, vectorize)
    return ([x] if direction is None else [x, direction]), result


def _gradient(cost: Any, x: Any, _: Any, __: bool) -> Any:
    from pytensor.gradient import grad

    return grad(cost, x, disconnected_inputs="ignore")


def _jacobian(output: Any, x: Any, _: Any, vectorize: bool) -> Any:
    from pytensor.gradient import jacobian

    matrix = jacobian(output, x, disconnected_inputs="ignore", vectorize=vectorize)
    return matrix.reshape((output.shape[0], x.shape[0]))


def _hessian(cost: Any, x: Any, _: Any, vectorize: bool) -> Any:
    gradient = _gradient(cost, x, None, vectorize)
    with _refusing("hessian", second=True):
        return _jacobian(gradient, x, None, vectorize)


def _hvp(cost: Any, x: Any, v: Any, vectorize: bool) -> Any:
    gradient = _gradient(cost, x, None, vectorize)
    with _refusing("hvp", second=True):
        return _jvp(gradient, x, v, vectorize)


def _jvp(output: Any, x: Any, v: Any, _: bool) -> Any:
    from pytensor.gradient import pushforward

    return pushforward(output, x, v, disconnected_outputs="ignore")


def _vjp(output: Any, x: Any, u: Any, _: bool) -> Any:
    from pytensor.gradient import pullback

    return pullback(output, x, u, disconnected_inputs="ignore")


_BUILDERS: dict[str, Callable[[Any, Any, Any, bool], Any]] = {
    "gradient": _gradient, "jacobian": _jacobian, "hessian": _hessian, "hvp": _hvp,
    "jvp": _jvp, "vjp": _vjp}


def _sized(output: Any, problem: Problem) -> Any:
    """The flat output with its size known to the graph: the trace's static size, checked
    against the float64 call's; or the float64 call's, which the compiled graph then checks."""
    import pytensor.tensor as pt

    m, expected = output.type.shape[0], problem.m
    if m is None:
        return pt.specify_shape(output, (expected,))
    if m != expected:
        raise BackendError(ENGINE, f"the graph of {problem.label} has {m} outputs; its "
                           f"float64 call has {expected}")
    return output


@contextlib.contextmanager
def _refusing(operator: str, second: bool = False) -> Iterator[None]:
    """PyTensor's "no derivative for this Op" errors as a BackendError naming the Op."""
    try:
        yield
    except Exception as err:
        refused = cannot_differentiate(err, operator, second)
        if refused is None:
            raise
        raise refused from None


def cannot_differentiate(err: BaseException, operator: str, second: bool = False
                         ) -> BackendError | None:
    """A BackendError naming the operation PyTensor has no derivative for, or None when ``err``
    is something else."""
    from pytensor.gradient import NullTypeGradError
    from pytensor.graph.utils import MethodNotDefined

    text = str(err)
    if isinstance(err, NullTypeGradError):
        match = re.search(r"of the (\S+) op is not implemented", text)
        op = match.group(1) if match else "an operation"
    elif isinstance(err, MethodNotDefined):
        op = str(err.args[-1]) if err.args else "an operation"
    elif isinstance(err, NotImplementedError) and ("pullback" in text or "grad" in text.lower()):
        match = re.search(r"not implemented for (\S+)", text)
        op = match.group(1) if match else text.split(".")[0]
    else:
        return None
    twice = " a second time" if second else ""
    known = NUMPY_NAMES.get(op.split("{")[0])
    what = f"{known} (its {op} operation)" if known else op
    return BackendError(ENGINE, f"PyTensor cannot differentiate {what}{twice}, which the "
                        f"{operator} needs; gradlab does not approximate it")
