"""A bounded (LRU) cache of compiled gradients, keyed by what the function really is.

The key (``Problem.cache_key`` with ``options_key``) holds the function's code and the contents
of everything it reaches (helpers, closures, globals it reads, ``self``; see ``fingerprint.py``),
so redefining a function or a helper, or changing data it reads, recompiles, and re-running
cells for hours keeps at most ``maxsize`` compiled gradients alive.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from .fingerprint import content_key

_MISSING = object()


class LRUCache:
    def __init__(self, maxsize: int = 128):
        self.maxsize = maxsize
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_or_build(self, key: Any, build: Callable[[], Any],
                     valid: Callable[[Any], bool] | None = None) -> tuple[Any, bool]:
        """(value, was_cached). ``build`` runs outside the lock, and so does ``valid``: a held
        value it rejects is built again."""
        with self._lock:
            held = self._data.get(key, _MISSING)
        if held is not _MISSING and (valid is None or valid(held)):
            with self._lock:
                self.hits += 1
                if key in self._data:
                    self._data.move_to_end(key)
            return held, True
        with self._lock:
            self.misses += 1
        value = build()
        self.store(key, value)
        return value, False

    def lookup(self, key: Any) -> Any:
        """The value held for ``key`` (a hit), or None (a miss)."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
            self.misses += 1
            return None

    def store(self, key: Any, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


compiled_cache = LRUCache()


def options_key(spec: str, options: dict[str, Any]) -> tuple[Any, ...]:
    return (spec,) + tuple(sorted((k, content_key(v)) for k, v in options.items()))
