"""%%gradient in a real Jupyter kernel, run with nbclient (which fails on magic errors)."""

import json
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

SEED_CELL = ("%%gradient q=1 chi=2 delta=3 -o seed -b sympy,jax,dual --no-timing\n"
             "def func(q, chi, delta):\n    return q * chi * delta")


@pytest.fixture
def kernel_env(tmp_path, monkeypatch):
    """A ``python3`` kernelspec that runs this interpreter (so the kernel imports this gradlab)."""
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (gradlab tests)", "language": "python",
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLBACKEND", "Agg")


def run(cells, allow_errors=False):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=allow_errors).execute()
    return nb


def outputs(cell, mime):
    return [o["data"][mime] for o in cell.outputs if mime in o.get("data", {})]


def test_magic_in_a_kernel(kernel_env):
    nb = run([
        "import sys; print(sys.executable)",
        "%load_ext gradlab",
        SEED_CELL,
        "print(seed['jax'].gradient.tolist(), func(1, 2, 3))",
        "%%gradient x=0.5, y=2 -b sympy,dual --no-timing\nsin(x) * exp(x*y)",
    ])
    assert nb.cells[0].outputs[0]["text"].strip() == sys.executable
    seed_cell = nb.cells[2]
    assert any("gradlab-comparison" in html for html in outputs(seed_cell, "text/html"))
    assert any(r"\chi" in latex for latex in outputs(seed_cell, "text/latex"))
    assert nb.cells[3].outputs[0]["text"].strip() == "[6.0, 3.0, 2.0] 6"
    assert any("cos" in latex for latex in outputs(nb.cells[4], "text/latex"))


def test_bad_magic_line_fails_the_notebook(kernel_env):
    with pytest.raises(CellExecutionError, match="UsageError") as info:
        run(["%load_ext gradlab", "%%gradient q=1 chi=two delta=3\n" + SEED_CELL.split("\n", 1)[1]])
    assert "value of chi ('two') is not a number" in str(info.value)


def test_kernel_keeps_working_after_a_usage_error(kernel_env):
    nb = run(["%load_ext gradlab",
              "%%gradient x=1 -b dual\ndef f(x)\n    return x",
              "def f(x):\n    return x * x",
              "%gradient f x=2 -b dual --no-timing -o r\nprint(r['dual'].gradient.tolist())"],
             allow_errors=True)
    shown = "".join(o.get("text", "") for o in nb.cells[1].outputs)  # IPython prints UsageErrors
    assert "UsageError: %gradient: the cell has a syntax error at line 1" in shown
    assert "Traceback" not in shown and "gradlab" not in shown.replace("%gradient", "")
    assert "[4.0]" in "".join(o.get("text", "") for o in nb.cells[3].outputs)
