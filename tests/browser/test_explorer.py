"""gl.explore in a real browser: type a new x beside its slider, outside the slider's range,
watch the slider widen and the table follow.

Runs the same notebook in JupyterLab, Notebook 7 and Voila and keeps a screenshot of each in
test-artifacts/.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from browser_harness import (
    jupyterlab_server,
    notebook7_server,
    open_lab_notebook,
    open_notebook7,
    open_voila,
    run_all,
    screenshot,
    slider_value,
    type_variable,
    voila_server,
    wait_idle,
)

import gradlab as gl

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

FUNCTION, START = "sin(x)*exp(x*y)", {"x": 0.5, "y": 2.0}
NEW_X = 7.125  # outside the slider's first range [-0.5, 1.5]: it must widen, not clamp
EXPLORE_CELL = f"import gradlab as gl\ngl.explore({FUNCTION!r}, {START!r})"
TABLE = ".gradlab-comparison"
TABLE_ROWS_JS = """
() => Object.fromEntries([...document.querySelectorAll('.gradlab-comparison tbody tr')]
  .map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()))
  .map(cells => [cells[0], cells]))
"""


@pytest.fixture
def explorer_notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Gradient explorer"),
                nbformat.v4.new_code_cell(EXPLORE_CELL)]
    path = tmp_path / "explorer.ipynb"
    nbformat.write(nb, path)
    return path


def gradient_text(x: float) -> str:
    """How the table writes the exact gradient at (x, y=2): the dual engine's row."""
    values = gl.gradient(FUNCTION, {"x": x, "y": START["y"]}, backend="dual")
    return "[" + ", ".join(f"{v:.10g}" for v in values) + "]"


def table_rows(page: Page) -> dict[str, list[str]]:
    return page.evaluate(TABLE_ROWS_JS)


def move_x_and_check_the_table(page: Page) -> None:
    page.locator(TABLE).first.wait_for(timeout=60_000)
    before = table_rows(page)
    assert before["dual"][1] == gradient_text(START["x"]), before["dual"]
    assert {"sympy", "jax", "finite-diff:central"} <= set(before)
    type_variable(page, "x", NEW_X)
    # the handle moved past the old end of the range (its aria text is rounded for display)
    assert float(slider_value(page, "x")) == pytest.approx(NEW_X, abs=0.05)
    page.wait_for_function(
        "(text) => document.querySelector('.gradlab-comparison').innerText.includes(text)",
        arg=f"x={NEW_X}", timeout=30_000)
    after = table_rows(page)
    assert after["dual"][1] == gradient_text(NEW_X), after["dual"]
    for engine in ("sympy", "jax", "finite-diff:central"):
        assert after[engine][1] != before[engine][1], engine  # every engine's numbers moved
    status = page.locator(".gradlab-explorer").inner_text()
    assert "updated in" in status and "Traceback" not in status


def show_field_tab(page: Page) -> None:
    """Open the gradient-field tab and wait for its PNG to be drawn."""
    page.get_by_role("tab", name="gradient field").click()
    wait_idle(page)
    image = page.locator(".gradlab-explorer .widget-image").last
    image.wait_for(state="visible", timeout=30_000)
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 100", arg=image.element_handle())


FRONT_ENDS = {  # name -> (server, page opener)
    "jupyterlab": (jupyterlab_server, open_lab_notebook),
    "notebook7": (notebook7_server, open_notebook7),
}


@pytest.mark.parametrize("front_end", list(FRONT_ENDS))
def test_explorer_in_a_notebook(browser, explorer_notebook: Path, front_end: str) -> None:
    start = time.monotonic()
    serve, open_page = FRONT_ENDS[front_end]
    with serve(explorer_notebook) as server:
        page = open_page(browser, server)
        run_all(page, timeout_ms=120_000)
        move_x_and_check_the_table(page)
        screenshot(page, f"explorer-{front_end}")
        page.context.close()
    print(f"explorer in {front_end}: {time.monotonic() - start:.1f} s")


def test_explorer_in_voila(browser, explorer_notebook: Path) -> None:
    start = time.monotonic()
    with voila_server(explorer_notebook) as url:
        page = open_voila(browser, url, ready=TABLE)
        move_x_and_check_the_table(page)
        screenshot(page, "explorer-voila")
        show_field_tab(page)
        screenshot(page, "explorer-voila-field")
        page.context.close()
    print(f"explorer in voila: {time.monotonic() - start:.1f} s")
