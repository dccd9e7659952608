"""The exceptions gradlab raises: one clear message each (which input, what is wrong, what to do).
"""

from __future__ import annotations


class GradlabError(Exception):
    """Base class of every error gradlab raises on purpose."""


class InputError(GradlabError, ValueError):
    """The function, the point or an option given to gradlab is not usable as it stands."""


class ExpressionError(InputError):
    """A string expression uses something the restricted parser does not allow."""


class BackendError(GradlabError):
    """An engine could not differentiate the function; the message names engine and cause."""

    def __init__(self, backend: str, cause: str, construct: str | None = None):
        self.backend = backend
        self.cause = cause
        self.construct = construct
        where = f" (at `{construct}`)" if construct else ""
        super().__init__(f"{backend}: {cause}{where}")


class BackendUnavailable(BackendError):
    """The engine's package is not installed here."""

    def __init__(self, backend: str, package: str, extra: str | None):
        how = f"pip install 'gradlab[{extra}]'" if extra else f"pip install {package}"
        super().__init__(backend,
                         f"needs the package '{package}', which is not installed; run {how}")
        self.package = package
        self.extra = extra


class BackendTimeout(BackendError):
    """An engine ran past its time budget."""
