"""Optional libraries (the peer-library engines autograd, numdifftools, scipy.differentiate;
pytensor; dask.distributed for surveys on a cluster) are optional for a
user (``pip install 'gradlab[all]'``), so their tests skip where a library is missing, saying
which one. ``make test`` installs them all: under ``CI=true`` a missing one is a failure, so a
broken install cannot pass by skipping these tests."""

import pytest
from browser_harness import on_ci


def require(*modules: str) -> None:
    for module in modules:
        try:
            pytest.importorskip(module, reason=f"{module} is not installed here; "
                                "pip install 'gradlab[all]' installs it")
        except pytest.skip.Exception:
            if on_ci():
                pytest.fail(f"CI=true and {module} is not installed (make test installs it)",
                            pytrace=False)
            raise
