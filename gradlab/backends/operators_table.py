"""The engine × operator table (native / derived / refused), read from engines' declarations.

``gradlab.backends.operator_table()`` builds it for the registered engines; the README's table
in "Beyond the gradient" is its :meth:`OperatorTable.markdown` (a test checks they agree):
``python -c "import gradlab.backends as b; print(b.operator_table().markdown())"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .base import OPERATORS, Engine

REFUSED = "refused"


def capability(engine: Engine, operator: str) -> str:
    """How ``engine`` computes ``operator``: "native", "derived" or "refused"."""
    return engine.computes(operator) or REFUSED


@dataclass(frozen=True)
class OperatorTable:
    """``rows[engine name][operator]`` is "native", "derived" or "refused"."""

    rows: dict[str, dict[str, str]]

    def __getitem__(self, engine: str) -> dict[str, str]:
        return self.rows[engine]

    def markdown(self) -> str:
        """One row per engine, one column per operator (in :data:`OPERATORS` order)."""
        lines = ["| engine | " + " | ".join(OPERATORS) + " |",
                 "|---|" + "---|" * len(OPERATORS)]
        lines += [f"| `{name}` | " + " | ".join(row[op] for op in OPERATORS) + " |"
                  for name, row in self.rows.items()]
        return "\n".join(lines) + "\n"

    def _repr_markdown_(self) -> str:  # shown as a table in Jupyter
        return self.markdown()


def capabilities(engines: Mapping[str, Engine]) -> OperatorTable:
    """The table for ``engines`` (name -> engine), from their declarations only: no engine
    library is imported."""
    return OperatorTable({name: {op: capability(engine, op) for op in OPERATORS}
                          for name, engine in engines.items()})
