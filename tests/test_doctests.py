"""The examples in gradlab's docstrings run, and print what they show.

Every module of gradlab whose source holds an example (``>>>``) is imported and its examples
run with ``doctest``: an example added anywhere runs here without being listed. Only those
modules are imported, so the front-ends (IPython, ipywidgets) load only if they hold one.
"""

import doctest
import importlib
from pathlib import Path

import pytest

import gradlab

PACKAGE = Path(gradlab.__file__).parent


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if ">>>" in path.read_text(encoding="utf-8"):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = _modules_with_examples()


def test_the_package_docstring_is_among_them():
    assert "gradlab" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name, capsys):
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    report = capsys.readouterr().out
    assert attempted > 0, f"{name} holds '>>>' but doctest found no example in it"
    assert failed == 0, report
