"""The Binder environment (binder/): pinned, complete, and it really runs the quickstart.

The slow test builds it the way repo2docker does: a fresh virtual environment, ``pip install -r
binder/requirements.txt``, then ``binder/postBuild`` in (a copy of) the repository root with
that environment first on PATH; then it executes notebooks/01_quickstart.ipynb with a kernel
running that environment's Python.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from notebook_kernel import install_kernel, kernel_env, run_notebook
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


def pinned() -> dict[str, Requirement]:
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    reqs = [Requirement(line) for line in (s.split("#")[0].strip() for s in lines) if line]
    return {canonicalize_name(r.name): r for r in reqs}


def gradlab_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = list(project["dependencies"])
    for requirement in map(Requirement, extras["all"]):  # gradlab[jax,...]: those extras too
        if canonicalize_name(requirement.name) == "gradlab":
            wanted += [r for extra in sorted(requirement.extras) for r in extras[extra]]
        else:
            wanted.append(str(requirement))
    return [Requirement(r) for r in wanted]


def test_requirements_are_exact_pins():
    for name, req in pinned().items():
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{name} is not pinned with =="


def test_requirements_cover_gradlab_and_its_extras():
    pins = pinned()
    for req in gradlab_requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"binder/requirements.txt lacks {req.name}"
        version = next(iter(pins[name].specifier)).version
        assert req.specifier.contains(version), f"{name}=={version} does not satisfy {req}"
    for name in ("jupyterlab", "ipykernel", "jaxlib"):
        assert name in pins


def test_postbuild_installs_the_package():
    script = BINDER / "postBuild"
    text = script.read_text()
    assert text.startswith("#!/bin/bash\n")
    assert "set -e" in text.splitlines()
    assert "pip install --no-deps ." in text
    assert os.access(script, os.X_OK)
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"


def _repository_copy(dest: Path) -> Path:
    """The working tree's files (tracked and untracked, not ignored), as repo2docker sees them."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout.split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    return dest


def _run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: int = 900) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n" \
                                 f"{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.slow
def test_binder_environment_runs_the_quickstart(tmp_path):
    repo = _repository_copy(tmp_path / "repo")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MPLBACKEND")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    _run([str(python), "-m", "pip", "install", "-q", "-r",
          str(repo / "binder" / "requirements.txt")], env, repo)
    _run([str(repo / "binder" / "postBuild")], env, repo)

    where = _run([str(python), "-c", "import gradlab, jax, pytensor; print(gradlab.__file__)"],
                 env, tmp_path)
    assert Path(where.strip()).is_relative_to(venv), where  # installed, not the source tree

    tmp = tmp_path / "jupyter"
    jupyter_path = install_kernel(python, tmp / "prefix", "binder-python")
    kenv = kernel_env(jupyter_path, tmp)
    kenv["PATH"], kenv["VIRTUAL_ENV"] = env["PATH"], env["VIRTUAL_ENV"]
    nb, executable = run_notebook(repo / "notebooks" / "01_quickstart.ipynb", "binder-python",
                                  kenv)
    assert Path(executable).parent == venv / "bin"
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "error"]
