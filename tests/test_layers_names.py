"""Outside gradlab/backends/ no code names an engine: it asks the engines what they can do.

The only exception is the table of user-facing defaults, gradlab/backends/defaults.py (inside
backends/). A hit is a string literal that is an engine's name or spec (``"jax"``,
``"finite-diff:central"``), starts with one (``"finite-diff:..."``), or is a comma list of them
(``"jax,sympy"``); the names come from the registry, so a plug-in's name would count too.
Prose in docstrings and messages is not code and is not searched.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gradlab import backends

PACKAGE = Path(backends.__file__).resolve().parent.parent
# (file, literal): why it is not an engine name
ALLOWED = {
    ("frontends/magic_input.py", "numpy"): "the module name a user writes in an expression cell",
}


def engine_words() -> set[str]:
    return set(backends.names()) | set(backends.specs())


def is_engine_literal(text: str, words: set[str]) -> bool:
    text = text.strip()
    if text in words or any(text.startswith(f"{name}:") for name in backends.names()):
        return True
    pieces = [piece.strip() for piece in text.split(",")]
    return len(pieces) > 1 and all(pieces) and all(" " not in p for p in pieces) and any(
        piece in words for piece in pieces)


def hits_in(source: str, words: set[str]) -> list[tuple[int, str]]:
    """(line, literal) for every string literal in ``source`` that names an engine."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                is_engine_literal(node.value, words):
            found.append((node.lineno, node.value))
    return found


def outside_backends() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if "backends" not in path.relative_to(PACKAGE).parts)


def test_no_engine_name_outside_backends():
    words = engine_words()
    hits = []
    for path in outside_backends():
        relative = path.relative_to(PACKAGE).as_posix()
        for line, literal in hits_in(path.read_text(), words):
            if (relative, literal) not in ALLOWED:
                hits.append(f"gradlab/{relative}:{line}: {literal!r}")
    assert not hits, "engine names outside gradlab/backends/ (ask the engine, or put a " \
        "user-facing default in gradlab/backends/defaults.py):\n" + "\n".join(hits)


@pytest.mark.parametrize("planted", [
    'STEP_ENGINES = ("finite-diff:central", "numpy")',
    'if backend.partition(":")[0] == "numpy":\n    pass',
    'EXAMPLE = "jax,sympy"',
    'PREFERRED = ["dual"]',
])
def test_a_planted_name_is_found(planted):
    assert hits_in(planted, engine_words())


@pytest.mark.parametrize("innocent", [
    '"""numpy.gradient differentiates sampled data; SymPy at 50 digits."""',
    'import numpy as np\nLABEL = "sympy (50 digits)"',
    'KIND = "exact engine"',
])
def test_prose_and_modules_are_not_hits(innocent):
    assert not hits_in(innocent, engine_words())
