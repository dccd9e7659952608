"""The tutorial notebooks: stored clean, linked, and each runs top to bottom without an error."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from notebook_kernel import install_kernel, kernel_env, run_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXPECTED = [
    "01_quickstart.ipynb", "02_numpy_gradient.ipynb", "03_finite_differences.ipynb",
    "04_symbolic_vs_autodiff.ipynb", "05_speed_and_scaling.ipynb",
    "06_bring_your_own_engine.ipynb", "07_jacobians_and_hessians.ipynb", "08_surveys.ipynb",
]
KERNEL = "gradlab-test-python"


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_every_tutorial_is_there():
    assert [p.name for p in notebook_paths()] == EXPECTED


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert nb.metadata.kernelspec.name == "python3"


def test_quickstart_links_to_every_other_notebook():
    text = "".join(c.source for c in nbformat.read(NOTEBOOKS / EXPECTED[0], as_version=4).cells)
    for name in EXPECTED[1:]:
        assert f"({name})" in text


@pytest.fixture(scope="session")
def kernel(tmp_path_factory):
    """A kernelspec for this interpreter (the venv's), found through JUPYTER_PATH."""
    tmp = tmp_path_factory.mktemp("kernel")
    jupyter_path = install_kernel(sys.executable, tmp / "prefix", KERNEL)
    return KERNEL, kernel_env(jupyter_path, tmp)


@pytest.mark.slow
@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_notebook_runs(path, kernel):
    name, env = kernel
    nb, executable = run_notebook(path, name, env)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    sources = "".join(c.source for c in nb.cells)
    if ".plot()" in sources or "plt.show()" in sources:  # figures must show as images
        assert any("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)
    # the kernel really was this interpreter (not another python3 kernel on the machine)
    assert Path(executable).resolve() == Path(sys.executable).resolve()
