"""A generated program: its source text, the point, and functions built from the text."""

from __future__ import annotations

import hashlib
import linecache
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.special


@dataclass(frozen=True)
class Program:
    """``source`` defines ``f(x)``; ``x`` is the point; ``ops`` names the operations used."""

    source: str
    x: np.ndarray
    ops: tuple[str, ...] = ()

    def __repr__(self) -> str:  # what hypothesis prints for a falsifying example
        return f"Program(ops={self.ops})\n{self.text()}"

    def text(self) -> str:
        """The program and its point, ready to paste into a session."""
        return f"{self.source}\nx = np.array({self.x.tolist()!r})\n"

    def function(self, np_module: Any = np, math_module: Any = math,
                 special_module: Any = scipy.special) -> Callable[[Any], Any]:
        """A fresh ``f`` from the source, with ``np``/``math``/``special`` bound as given."""
        namespace = {"np": np_module, "math": math_module, "special": special_module,
                     "__name__": "conformance_program"}
        filename = _filename(self.source)
        exec(compile(self.source, filename, "exec"), namespace)
        return namespace["f"]


def _filename(source: str) -> str:
    """A pseudo file per source text, registered so tracebacks can show the user's line."""
    digest = hashlib.sha1(source.encode()).hexdigest()[:12]
    filename = f"<conformance-{digest}>"
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    return filename


def literal(value: Any) -> str:
    """Source text for a float, an int or a nested list of floats (round-trips exactly)."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, float) and math.isinf(value):
        return "np.inf" if value > 0 else "-np.inf"
    return repr(float(value)) if isinstance(value, (float, np.floating)) else repr(value)
