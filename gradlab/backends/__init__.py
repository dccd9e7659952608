"""The engine registry: a plain dict of name -> backend, plus the ``gradlab.backends`` entry points.

Built-in engines are listed as ``"module:Class"`` strings and imported on first use, so
``import gradlab`` loads no engine library.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import InputError
from .base import Backend, Compiled, Estimate

__all__ = ["DEFAULT", "Backend", "Compiled", "Estimate", "available", "get", "names", "register",
           "resolve", "specs", "unregister"]

_REGISTRY: dict[str, Backend | str] = {
    "numpy": "gradlab.backends.numpy_gradient:NumpyGradient",
    "sympy": "gradlab.backends.sympy_symbolic:SympySymbolic",
    "jax": "gradlab.backends.jax_autodiff:JaxAutodiff",
    "pytensor": "gradlab.backends.pytensor_graph:PytensorGraph",
    "finite-diff": "gradlab.backends.finite_diff:FiniteDiff",
    "dual": "gradlab.backends.dual:DualNumbers",
}

# what compare() runs when no engines are named (those available here)
DEFAULT = ("sympy", "jax", "pytensor", "dual", "finite-diff:central",
           "finite-diff:complex-step", "finite-diff:richardson", "numpy")

_entry_points_loaded = False


def register(name: str, backend: Backend | type[Backend] | str) -> None:
    """Add (or replace) an engine. ``backend`` is an instance, a class, or ``"module:attr"``."""
    if not isinstance(name, str) or not name or ":" in name:
        raise InputError(f"a backend name must be a non-empty string without ':', not {name!r}")
    if isinstance(backend, type):
        backend = backend()
    if not isinstance(backend, (Backend, str)):
        raise InputError(
            f"register_backend({name!r}, ...) needs a gradlab.backends.Backend (instance or "
            f"class) or a 'module:attr' string, not {type(backend).__name__}"
        )
    if isinstance(backend, Backend) and not backend.name:
        backend.name = name
    _REGISTRY[name] = backend


def unregister(name: str) -> None:
    """Remove an engine added with :func:`register` (built-in names come back on restart)."""
    _REGISTRY.pop(name, None)


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    import importlib.metadata

    for entry in importlib.metadata.entry_points(group="gradlab.backends"):
        _REGISTRY.setdefault(entry.name, f"{entry.module}:{entry.attr}" if entry.attr
                             else entry.value)


def get(name: str) -> Backend:
    """The backend registered as ``name`` (without a ``:variant``), imported if needed."""
    _load_entry_points()
    if name not in _REGISTRY:
        raise InputError(
            f"unknown backend {name!r}; registered backends: {', '.join(names())}"
        )
    entry = _REGISTRY[name]
    if isinstance(entry, str):
        module, _, attr = entry.partition(":")
        loaded: Any = getattr(importlib.import_module(module), attr) if attr else \
            importlib.import_module(module)
        entry = loaded() if isinstance(loaded, type) else loaded
        if not isinstance(entry, Backend):
            raise InputError(f"backend {name!r} ({_REGISTRY[name]}) is not a gradlab Backend")
        entry.name = entry.name or name
        _REGISTRY[name] = entry
    return entry


def resolve(spec: str) -> tuple[Backend, dict[str, Any]]:
    """``"finite-diff:central"`` -> (the finite-diff backend, {"method": "central"})."""
    if not isinstance(spec, str):
        raise InputError(f"a backend is named by a string, not {type(spec).__name__}")
    name, _, variant = spec.partition(":")
    backend = get(name)
    if not variant:
        return backend, {}
    variants = getattr(backend, "variants", ())
    if variant not in variants:
        raise InputError(
            f"{name} has no variant {variant!r}; choose from: "
            + ", ".join(f"{name}:{v}" for v in variants)
        )
    return backend, {"method": variant}


def names() -> list[str]:
    """Every registered engine name, installed or not."""
    _load_entry_points()
    return list(_REGISTRY)


def specs(engines: list[str] | None = None) -> list[str]:
    """Every spec of ``engines`` (default: all registered), variants spelled out:
    ``finite-diff:central``, ``finite-diff:forward``, ..."""
    result = []
    for name in names() if engines is None else engines:
        variants = getattr(get(name), "variants", ())
        result += [f"{name}:{v}" for v in variants] if variants else [name]
    return result


def available() -> list[str]:
    """Registered engines whose library is importable here."""
    return [name for name in names() if get(name).available()]


def default_specs() -> list[str]:
    """The engines compare() runs by default: every available one, main finite-diff variants."""
    ready = set(available())
    specs = [s for s in DEFAULT if s.partition(":")[0] in ready]
    specs += [n for n in names() if n not in {s.partition(":")[0] for s in DEFAULT} and n in ready]
    return specs
