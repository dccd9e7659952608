"""The README's engine × operator table is the one generated from the engines' declarations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gradlab import backends
from gradlab.backends import OPERATORS, Engine
from gradlab.backends.operators_table import capabilities

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- operator-table: begin -->", "<!-- operator-table: end -->"
HOW_TO = ('regenerate it with: python -c "import gradlab.backends as b; '
          'print(b.operator_table().markdown())"')


def readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(re.escape(BEGIN) + r"\n(.*?)" + re.escape(END), text, re.S)
    assert found, f"README.md has no operator table between {BEGIN} and {END}"
    return found.group(1)


def gradlab_engines() -> list[str]:
    """The engines gradlab ships (not plug-ins installed here, nor ones a test registered)."""
    return [name for name in backends.names()
            if type(backends.get(name)).__module__.startswith("gradlab.backends.")]


def test_readme_table_is_the_generated_one():
    generated = backends.operator_table(gradlab_engines()).markdown()
    assert readme_table() == generated, f"README's operator table is stale; {HOW_TO}\n{generated}"


def test_readme_table_is_under_beyond_the_gradient():
    text = README.read_text(encoding="utf-8")
    assert text.index("## Beyond the gradient") < text.index(BEGIN)


def test_every_registered_engine_and_operator_is_a_cell():
    table = backends.operator_table()
    assert list(table.rows) == backends.names()
    for row in table.rows.values():
        assert list(row) == list(OPERATORS)
        assert set(row.values()) <= {"native", "derived", "refused"}
        assert row["gradient"] == "native"  # every engine computes the gradient itself


class ForwardOnly(Engine):
    """Declares the gradient and jvp only (no compile: the table reads declarations)."""

    operators = frozenset({"gradient", "jvp"})


class WithHessian(Engine):
    operators = frozenset({"gradient", "jacobian", "hessian"})


@pytest.mark.parametrize("engine, expected", [
    # jvp native -> jacobian by columns; nothing gives a Hessian or an hvp
    (ForwardOnly(), {"gradient": "native", "jacobian": "derived", "hessian": "refused",
                     "hvp": "refused", "jvp": "native", "vjp": "refused"}),
    # native Jacobian -> J v and u^T J; native Hessian -> H v
    (WithHessian(), {"gradient": "native", "jacobian": "native", "hessian": "native",
                     "hvp": "derived", "jvp": "derived", "vjp": "derived"}),
    (Engine(), {"gradient": "native", "jacobian": "refused", "hessian": "refused",
                "hvp": "refused", "jvp": "refused", "vjp": "refused"}),
])
def test_cells_follow_the_declarations(engine, expected):
    assert capabilities({"toy": engine})["toy"] == expected


def test_markdown_rows():
    table = capabilities({"fwd": ForwardOnly()})
    assert table.markdown().splitlines() == [
        "| engine | gradient | jacobian | hessian | hvp | jvp | vjp |",
        "|---|---|---|---|---|---|---|",
        "| `fwd` | native | derived | refused | refused | native | refused |",
    ]
    assert table._repr_markdown_() == table.markdown()
