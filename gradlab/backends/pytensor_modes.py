"""Which compile mode the pytensor engine uses for a graph, and which graphs it refuses.

PyTensor's modes trade setup against calls. Measured on a loaded 2-core machine
(``benchmarks/perf/row_pytensor_call.py``, ``row_pytensor_loop.py``): the C virtual machine
(``CVM``) with PyTensor's graph rewrites costs 0.05-0.5 s for a vectorised gradient but ~15 ms
per operation of the derivative graph (seconds to minutes for the graphs a Python loop over the
elements of x builds), and calls in a few µs; the Numba linker calls ~1 µs faster at seed size,
is several times slower than CVM at n = 10^4, compiles 0.5-7 s cold, and is compiled with
fastmath (reassociation, approximate functions: not an exact engine's numbers, and changing
``pytensor.config.numba__fastmath`` is the user's call); Python's VM without rewrites
(:data:`LIGHT`) sets up in ~0.4 ms per operation and calls in ~60 µs per operation. So gradlab
compiles with CVM unless CVM's rewrites are estimated to take longer than
:attr:`Costs.setup_budget_s`, and then with the light mode; a graph whose gradient alone would
take longer than :attr:`Costs.setup_limit_s`, or whose depth would make ``pytensor.grad``
recurse past Python's recursion limit, is refused with the reason and the fix (vectorise).
A ``mode=`` the user gives is used as given.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import BackendError

CVM = "CVM"
LIGHT = "light"  # Python's VM, no graph rewrites, no C compilation


@dataclass(frozen=True)
class GraphSize:
    """The number of operations in a graph and its longest chain of operations."""

    nodes: int
    depth: int


@dataclass(frozen=True)
class Costs:
    """Seconds per operation of a graph (measured; see the module's docstring)."""

    cvm_setup_fixed_s: float = 0.1  # CVM's setup of a small graph, warm C cache
    cvm_setup_per_node_s: float = 0.015  # PyTensor's rewrites, per derivative-graph operation
    grad_per_node_s: float = 0.004  # pytensor.grad + light setup, per operation of f's graph
    setup_budget_s: float = 2.0  # CVM's setup estimated above this: compile light
    setup_limit_s: float = 10.0  # the gradient's setup estimated above this: refuse
    frames_per_level: int = 3  # Python frames pytensor.grad uses per level of the graph
    frames_spare: int = 200  # frames left for what runs around and inside pytensor.grad


MEASURED = Costs()


def graph_size(outputs: Iterable[Any], inputs: Iterable[Any] = ()) -> GraphSize:
    """Operations between ``inputs`` and ``outputs`` and the longest chain of them, counted
    without recursion (the graphs counted here are the ones too deep for it)."""
    from pytensor.graph.traversal import toposort

    level: dict[Any, int] = {}
    nodes = depth = 0
    for apply in toposort(list(outputs), blockers=list(inputs)):
        here = 1 + max((level.get(i, 0) for i in apply.inputs), default=0)
        for out in apply.outputs:
            level[out] = here
        nodes, depth = nodes + 1, max(depth, here)
    return GraphSize(nodes, depth)


def choose_mode(derivative_nodes: int, costs: Costs = MEASURED) -> str:
    """``CVM`` when its rewrites fit the setup budget, else :data:`LIGHT`."""
    cvm_setup = costs.cvm_setup_fixed_s + costs.cvm_setup_per_node_s * derivative_nodes
    return CVM if cvm_setup <= costs.setup_budget_s else LIGHT


def refusal(size: GraphSize, label: str, costs: Costs = MEASURED,
            frames_free: int | None = None) -> BackendError | None:
    """A BackendError saying why f's graph (of ``size``) is not differentiated, or None.

    ``frames_free``: the Python frames left before the recursion limit (default: measured
    here)."""
    if frames_free is None:
        frames_free = sys.getrecursionlimit() - _frames_in_use()
    levels = (frames_free - costs.frames_spare) // costs.frames_per_level
    estimate = costs.grad_per_node_s * size.nodes
    if size.depth > levels:
        why = (f"its chain of {size.depth} operations is deeper than pytensor.grad can recurse "
               f"(about {max(levels, 0)} under Python's recursion limit "
               f"{sys.getrecursionlimit()})")
    elif estimate > costs.setup_limit_s:
        why = (f"PyTensor's gradient of it would take about {estimate:.0f} s to build and "
               f"compile (limit {costs.setup_limit_s:g} s)")
    else:
        return None
    return BackendError("pytensor", f"the graph of {label} has {size.nodes} operations, most "
                        f"likely from a Python loop over the elements of x; {why}. Write the "
                        "loop with array operations (x[1:], x[:-1], np.sum, ...) or use the jax "
                        "engine")


def light_mode() -> Any:
    """Python's VM without graph rewrites or C compilation: quick to set up, slow to call."""
    from pytensor.compile.mode import Mode
    from pytensor.link.vm import VMLinker

    # allow_gc=False and lazy=True skip the VM's storage planning, quadratic in graph size
    linker = VMLinker(use_cloop=False, c_thunks=False, allow_gc=False, lazy=True)
    return Mode(linker=linker, optimizer="merge")


def _frames_in_use() -> int:
    frame: Any = sys._getframe()
    count = 0
    while frame is not None:
        frame, count = frame.f_back, count + 1
    return count
