"""Plain text in and out: the comma lists users type (engines, variables) and the tables
gradlab prints (comparison, check, the CLI's engine list)."""

from __future__ import annotations

from collections.abc import Sequence


def text_table(rows: Sequence[Sequence[str]], rule: bool = False) -> str:
    """Columns padded to their widest cell and two spaces apart; the last column (free text)
    is not padded. ``rule``: a line of dashes under the first row (the header)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths)) + "  " + row[-1]
             for row in rows]
    if rule:
        lines.insert(1, "  ".join("-" * width for width in widths) + "  ----")
    return "\n".join(line.rstrip() for line in lines)


def comma_list(text: str) -> list[str]:
    """``"jax, sympy,"`` -> ``["jax", "sympy"]``: the items between commas, blanks dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]
