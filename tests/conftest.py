"""Shared fixtures. Tests run with matplotlib's Agg backend (set here, before any test imports
it)."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def seed():
    """The seed question: the gradient of q*chi*delta at (1, 2, 3) is [6, 3, 2]."""
    return "q*chi*delta", {"q": 1, "chi": 2, "delta": 3}
