"""Prove the browser harness: a slider drives an HTML widget in JupyterLab and in Voila."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from browser_harness import (
    html_output,
    jupyterlab_server,
    open_lab_notebook,
    open_voila,
    run_all,
    screenshot,
    set_slider,
    slider_value,
    voila_server,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator

pytestmark = pytest.mark.browser

SQUARE_CELL = """\
import ipywidgets as widgets
slider = widgets.IntSlider(description='n', value=3, min=0, max=20)
out = widgets.HTML()
def show(change=None):
    out.value = f'square = {slider.value * slider.value}'
slider.observe(show, names='value')
show()
widgets.VBox([slider, out])
"""


@pytest.fixture
def square_notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# square"), nbformat.v4.new_code_cell(SQUARE_CELL)]
    path = tmp_path / "square.ipynb"
    nbformat.write(nb, path)
    return path


def expect_text(locator: Locator, text: str) -> None:
    from playwright.sync_api import expect

    expect(locator).to_have_text(text, timeout=10_000)


def test_slider_updates_html_in_jupyterlab(browser: Browser, square_notebook: Path) -> None:
    start = time.monotonic()
    with jupyterlab_server(square_notebook) as lab:
        page = open_lab_notebook(browser, lab)
        run_all(page)
        expect_text(html_output(page), "square = 9")
        set_slider(page, "n", 7)
        assert slider_value(page, "n") == 7
        expect_text(html_output(page), "square = 49")
        screenshot(page, "harness-jupyterlab")
        page.context.close()
    print(f"jupyterlab test: {time.monotonic() - start:.1f} s")


def test_slider_updates_html_in_voila(browser: Browser, square_notebook: Path) -> None:
    start = time.monotonic()
    with voila_server(square_notebook) as url:
        page = open_voila(browser, url)
        expect_text(html_output(page), "square = 9")
        set_slider(page, "n", 12)
        assert slider_value(page, "n") == 12
        expect_text(html_output(page), "square = 144")
        screenshot(page, "harness-voila")
        page.context.close()
    print(f"voila test: {time.monotonic() - start:.1f} s")
