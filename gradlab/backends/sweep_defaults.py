"""The methods ``gl.step_sweep`` sweeps when the user names none, by their short names.

Each is an engine spec with options and the order of its truncation error in the step (the
slope of error against step the sweep's plot draws). Any other engine that takes a step can be
swept by its spec; its order is then unknown unless listed here.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class SweepMethod(NamedTuple):
    spec: str
    options: dict[str, Any]
    order: int | None  # truncation error O(h**order); None: not known


STEP_SWEEP: dict[str, SweepMethod] = {
    "forward": SweepMethod("finite-diff:forward", {}, 1),
    "central": SweepMethod("finite-diff:central", {}, 2),
    "complex-step": SweepMethod("finite-diff:complex-step", {}, 2),
    "richardson": SweepMethod("finite-diff:richardson", {}, 8),
    "numpy edge_order=1": SweepMethod("numpy", {"edge_order": 1, "position": "edge"}, 1),
    "numpy edge_order=2": SweepMethod("numpy", {"edge_order": 2, "position": "edge"}, 2),
}
