"""Run notebooks in a Jupyter kernel of a chosen Python, with nbclient (errors raise).

nbclient raises ``CellExecutionError`` on any cell error, magic ``UsageError`` included.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT_S = 300


def install_kernel(python: str | os.PathLike[str], prefix: Path, name: str) -> Path:
    """Install a kernelspec running ``python`` under ``prefix``; returns the JUPYTER_PATH dir."""
    subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(prefix),
                    "--name", name, "--display-name", name], check=True, capture_output=True)
    return prefix / "share" / "jupyter"


def kernel_env(jupyter_path: Path, tmp: Path) -> dict[str, str]:
    """The kernel's environment: the test's, minus its matplotlib backend, with private dirs."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["JUPYTER_PATH"] = str(jupyter_path)
    env["IPYTHONDIR"] = str(tmp / "ipython")
    env["MPLCONFIGDIR"] = str(tmp / "mpl")
    return env


PROBE = "import sys as _sys; print(_sys.executable)"


def run_notebook(path: Path, kernel_name: str, env: dict[str, str], cwd: Path | None = None
                 ) -> tuple[nbformat.NotebookNode, str]:
    """Execute ``path`` top to bottom; raises on the first failing cell.

    Returns the executed notebook and the kernel's ``sys.executable`` (from a probe cell run
    after the notebook's own cells, then removed).
    """
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(cwd or path.parent)}})
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = env["JUPYTER_PATH"]  # where the kernelspec is looked up
    try:
        client.execute(env=env)
    finally:
        if previous is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = previous
    probe = nb.cells.pop()
    executable = "".join(o.get("text", "") for o in probe.outputs).strip()
    return nb, executable
