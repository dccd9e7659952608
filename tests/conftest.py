"""Shared fixtures. Tests run with matplotlib's Agg backend (set here, before any test imports
it)."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def seed():
    """The seed question: the gradient of q*chi*delta at (1, 2, 3) is [6, 3, 2]."""
    return "q*chi*delta", {"q": 1, "chi": 2, "delta": 3}


@pytest.fixture(scope="session")
def ipython_shell():
    """The process's one in-process IPython shell, whichever test asked for it first.

    ``start_ipython()`` returns None once a shell exists, so every test takes it from here.
    """
    from IPython import get_ipython
    from IPython.testing.globalipapp import start_ipython

    return start_ipython() or get_ipython()
