"""An operator that an engine computes in some variants or settings but not in the one asked."""

from __future__ import annotations

from ..errors import BackendError
from .base import OperatorUnsupported


class SettingUnsupported(OperatorUnsupported):
    """The engine computes ``operator``, but not with this variant or option: the comparison's
    row says "not supported", with the reason."""

    def __init__(self, spec: str, operator: str, reason: str):
        BackendError.__init__(self, spec, reason)  # not the engine-wide message
        self.operator = operator
