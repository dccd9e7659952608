"""gradlab's layers call downward only, and no module imports another that imports it back.

Every module's imports are read with ``ast``: top-level ones and the ones inside functions,
relative and absolute. Imports under ``if TYPE_CHECKING:`` are left out (they never run).
An edge goes to the module the import names (``from .x import y`` -> ``x``, or ``x.y`` when
``y`` is a submodule), not to the parent packages Python runs on the way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gradlab"

# Path prefix (relative to the gradlab/ folder) -> layer; the longest matching prefix wins.
# A module may import from its own layer or a lower one. The package root is the facade: it
# may import from any layer and nothing inside gradlab imports it.
LAYERS: dict[str, int] = {
    "errors.py": 0, "version.py": 0, "plain_text.py": 0, "expression.py": 0, "user_code.py": 0,
    "fingerprint.py": 0, "cache.py": 0, "problem.py": 0, "outputs.py": 0, "hints.py": 0,
    "points.py": 0, "watch.py": 0, "parameters.py": 0,
    "backends/": 1, "numerics/": 1,
    "comparison/": 2,
    "frontends/": 3, "__main__.py": 3,
    "__init__.py": 4,
}
LAYER_NAMES = {0: "problem", 1: "engines/numerics", 2: "comparison", 3: "front-ends",
               4: "facade"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str, root: Path) -> int:
    relative = module_file(module, root).relative_to(root).as_posix()
    matches = [prefix for prefix in LAYERS if relative.startswith(prefix)]
    if not matches:
        raise AssertionError(f"{relative} is in no layer; add its path prefix to LAYERS")
    return LAYERS[max(matches, key=len)]


def module_file(module: str, root: Path) -> Path:
    base = root.parent.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def is_module(module: str, root: Path) -> bool:
    return module_file(module, root).is_file()


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def imported_modules(path: Path, root: Path) -> set[str]:
    """The gradlab modules ``path`` imports, anywhere in it (TYPE_CHECKING blocks excepted)."""
    package = root.name
    importer = module_name(path, root)
    here = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
    targets: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
            continue
        if node.level:
            base_parts = here.split(".")[: len(here.split(".")) - (node.level - 1)]
            base = ".".join(base_parts + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            targets.add(sub if is_module(sub, root) else base)
    return {t for t in targets if t == package or t.startswith(package + ".")}


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    return {module_name(path, root): imported_modules(path, root)
            for path in sorted(root.rglob("*.py"))}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node], _ = 1, path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node], _ = 2, path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def upward_imports(graph: dict[str, set[str]], root: Path = PACKAGE) -> list[str]:
    wrong = []
    for importer, targets in sorted(graph.items()):
        for target in sorted(targets):
            low, high = layer_of(importer, root), layer_of(target, root)
            if high > low:
                wrong.append(f"{importer} ({LAYER_NAMES[low]}) imports {target} "
                             f"({LAYER_NAMES[high]})")
    return wrong


def test_no_import_cycle() -> None:
    assert find_cycle(import_graph()) is None


def test_imports_go_to_the_same_layer_or_below() -> None:
    assert upward_imports(import_graph()) == []


def test_every_module_has_a_layer() -> None:
    for module in import_graph():
        layer_of(module, PACKAGE)


# --- the checks themselves catch what they are for ------------------------------------------

def _write(root: Path, files: dict[str, str]) -> Path:
    package = root / "gradlab"
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    return package


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    package = _write(tmp_path, {
        "__init__.py": "",
        "problem.py": "def key():\n    from .cache import problem_key\n",
        "cache.py": "from gradlab import problem\n",
    })
    assert find_cycle(import_graph(package)) in (
        ["gradlab.cache", "gradlab.problem", "gradlab.cache"],
        ["gradlab.problem", "gradlab.cache", "gradlab.problem"])


def test_type_checking_imports_do_not_count(tmp_path: Path) -> None:
    package = _write(tmp_path, {
        "__init__.py": "",
        "problem.py": "from .cache import LRUCache\n",
        "cache.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                     "    from .problem import Problem\n"),
    })
    assert find_cycle(import_graph(package)) is None


def test_an_upward_import_is_named(tmp_path: Path) -> None:
    package = _write(tmp_path, {
        "__init__.py": "",
        "comparison/__init__.py": "",
        "comparison/results.py": "def plot():\n    from ..frontends import plots\n",
        "frontends/__init__.py": "",
        "frontends/plots.py": "",
    })
    assert upward_imports(import_graph(package), package) == [
        "gradlab.comparison.results (comparison) imports gradlab.frontends.plots (front-ends)"]


@pytest.mark.parametrize("source, expected", [
    ("from ..backends.base import Engine\n", {"gradlab.backends.base"}),
    ("from .. import backends, errors\n", {"gradlab.backends", "gradlab.errors"}),
    ("from .. import __version__\n", {"gradlab"}),
    ("import gradlab.problem as p\n", {"gradlab.problem"}),
    ("from . import plots\n", {"gradlab.frontends.plots"}),
])
def test_import_targets(tmp_path: Path, source: str, expected: set[str]) -> None:
    package = _write(tmp_path, {
        "__init__.py": "", "errors.py": "", "problem.py": "", "backends/__init__.py": "",
        "backends/base.py": "", "frontends/__init__.py": "", "frontends/plots.py": "",
        "frontends/cli.py": source,
    })
    assert imported_modules(package / "frontends" / "cli.py", package) == expected
