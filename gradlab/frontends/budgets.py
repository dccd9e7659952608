"""A comparison's time budgets as options of the %%gradient magic and the command line.

``--time-limit`` (seconds per engine before its row says "timed out"), ``--timing-budget``
(seconds shared by the engines' per-call timings) and ``--reference-budget`` (seconds for the
SymPy reference nobody asked for): ``gradlab.compare``'s ``time_limit``, ``timing_budget`` and
``reference_budget``. An option left out keeps compare's default.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any


def seconds(text: str) -> float | None:
    """A positive number of seconds, or None for "none"."""
    if text.strip().lower() == "none":
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (or none)"
                                         ) from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text!r}: give a positive number of seconds")
    return value


def shared_seconds(text: str) -> float:
    """The timing budget: seconds, 0 or more (0: every engine timed from its one call)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds, 0 or more")
    return value


BUDGETS = (
    ("--time-limit", "time_limit", seconds,
     "seconds each engine may take before its row says 'timed out' (default 20; none: no "
     "limit)"),
    ("--timing-budget", "timing_budget", shared_seconds,
     "seconds shared by the engines' per-call timings; an engine slower than its share is "
     "timed from its one call (default 1; 0: every engine)"),
    ("--reference-budget", "reference_budget", seconds,
     "seconds for the SymPy reference when SymPy is not compared (default 2; none: no "
     "limit)"),
)


def add_budget_arguments(add_argument: Callable[..., Any]) -> None:
    """Declare the three options through ``add_argument`` (argparse's, or a wrapper)."""
    for flag, _, convert, help_text in BUDGETS:
        add_argument(flag, type=convert, default=argparse.SUPPRESS, metavar="SECONDS",
                     help=help_text)


def budget_options(args: argparse.Namespace) -> dict[str, Any]:
    """compare's keyword arguments for the budget options given (none given: empty)."""
    given = vars(args)
    return {name: given[name] for _, name, _, _ in BUDGETS if name in given}
