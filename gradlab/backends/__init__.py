"""The engine registry: a plain dict of name -> engine, plus the ``gradlab.backends`` entry points.

Built-in engines are listed as ``"module:Class"`` strings and imported on first use, so
``import gradlab`` loads no engine library. To write an engine, subclass :class:`Engine` (see
its docstring); an autodiff engine follows the user's ``np.sin`` with :mod:`.rebind`.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable
from typing import Any

from ..errors import InputError
from . import defaults
from .base import DTYPES, OPERATORS, Backend, Compiled, Engine, Estimate
from .declarations import validate
from .operators_table import OperatorTable, capabilities
from .rebind import Namespace, rebind, translation_for

__all__ = ["DEFAULT", "DTYPES", "OPERATORS", "Backend", "Compiled", "Engine", "Estimate",
           "Namespace", "available", "check_specs", "dtype_specs", "get", "high_precision",
           "names", "operator_table", "rebind", "register", "resolve", "specs", "step_specs",
           "translation_for", "unregister"]

_REGISTRY: dict[str, Engine | str] = {
    "numpy": "gradlab.backends.numpy_gradient:NumpyGradient",
    "sympy": "gradlab.backends.sympy_symbolic:SympySymbolic",
    "jax": "gradlab.backends.jax_autodiff:JaxAutodiff",
    "pytensor": "gradlab.backends.pytensor_graph:PytensorGraph",
    "finite-diff": "gradlab.backends.finite_diff:FiniteDiff",
    "dual": "gradlab.backends.dual:DualNumbers",
    "autograd": "gradlab.backends.autograd_autodiff:AutogradAutodiff",
    "numdifftools": "gradlab.backends.numdifftools_richardson:NumdifftoolsRichardson",
    "scipy-differentiate": "gradlab.backends.scipy_differentiate:ScipyDifferentiate",
}

DEFAULT = defaults.COMPARE  # what compare() runs when no engines are named (those available)

_entry_points_loaded = False


def register(name: str, backend: Engine | type[Engine] | str) -> None:
    """Add (or replace) an engine. ``backend`` is an instance, a class, or ``"module:attr"``.

    An engine's declarations are checked here (a ``"module:attr"`` one when first used): a
    declaration that cannot be right is an InputError naming it.
    """
    if not isinstance(name, str) or not name or ":" in name:
        raise InputError(f"a backend name must be a non-empty string without ':', not {name!r}")
    if isinstance(backend, type) and issubclass(backend, Engine):
        backend = backend()
    if not isinstance(backend, (Engine, str)):
        raise InputError(
            f"register_backend({name!r}, ...) needs a gradlab.backends.Engine (instance or "
            f"class) or a 'module:attr' string, not {type(backend).__name__}"
        )
    if isinstance(backend, Engine):
        backend.name = backend.name or name
        validate(backend)
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
        if entry.name in _REGISTRY:
            warnings.warn(f"the gradlab.backends entry point {entry.name} = {entry.value} is "
                          f"ignored: {entry.name!r} is already an engine; register it under "
                          "another name", UserWarning, stacklevel=3)
            continue
        _REGISTRY[entry.name] = f"{entry.module}:{entry.attr}" if entry.attr else entry.value


def get(name: str) -> Engine:
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
        if not isinstance(entry, Engine):
            raise InputError(f"backend {name!r} ({_REGISTRY[name]}) is not a gradlab Engine")
        entry.name = entry.name or name
        validate(entry)
        _REGISTRY[name] = entry
    return entry


def resolve(spec: str) -> tuple[Engine, dict[str, Any]]:
    """``"finite-diff:central"`` -> (the finite-diff backend, {"method": "central"})."""
    if not isinstance(spec, str):
        raise InputError(f"a backend is named by a string, not {type(spec).__name__}")
    name, _, variant = spec.partition(":")
    backend = get(name)
    if not variant:
        return backend, {}
    variants = backend.variants
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
        variants = get(name).variants
        result += [f"{name}:{v}" for v in variants] if variants else [name]
    return result


def operator_table(engines: Iterable[str] | None = None) -> OperatorTable:
    """Engine × operator: "native", "derived" or "refused", from each registered engine's (or
    each named engine's) declared capabilities; ``.markdown()`` renders it."""
    chosen = names() if engines is None else list(engines)
    return capabilities({name: get(name) for name in chosen})


def available() -> list[str]:
    """Registered engines whose library is importable here."""
    return [name for name in names() if get(name).available()]


def default_specs() -> list[str]:
    """The engines compare() runs by default: every available one, main finite-diff variants,
    except other libraries' differentiation (``defaults.NAMED_ONLY``: run when named)."""
    ready = set(available()) - set(defaults.NAMED_ONLY)
    specs = [s for s in DEFAULT if s.partition(":")[0] in ready]
    specs += [n for n in names() if n not in {s.partition(":")[0] for s in DEFAULT} and n in ready]
    return specs


def step_specs(chosen: Iterable[str]) -> list[str]:
    """The specs among ``chosen`` whose step a step control (the explorer's slider) sets."""
    result = []
    for spec in chosen:
        engine, variant = resolve(spec)
        if engine.steps_with_control(variant.get("method")):
            result.append(spec)
    return result


def dtype_specs(chosen: Iterable[str], dtype: str) -> list[str]:
    """The specs among ``chosen`` whose ``dtype=`` option takes ``dtype`` besides float64."""
    engines = {spec: resolve(spec)[0] for spec in chosen}
    return [spec for spec, engine in engines.items()
            if "dtype" in engine.options and engine.takes_dtype(dtype)]


def by_reference_rank(chosen: Iterable[str]) -> list[str]:
    """The exact engines' specs among ``chosen``, preferred reference first (unranked last)."""
    exact = [spec for spec in chosen if resolve(spec)[0].exact]
    return sorted(exact, key=lambda spec: _rank(resolve(spec)[0].reference_rank))


def check_specs() -> list[str]:
    """The available engines gradlab may run itself as an independent opinion, in order."""
    ranked = [get(name) for name in available() if get(name).check_rank is not None]
    ranked.sort(key=lambda engine: _rank(engine.check_rank))
    return [engine.spec_of(engine.check_variant) for engine in ranked]


def high_precision() -> str | None:
    """The registered engine giving a high-precision gradient (``Compiled.reference``)."""
    return next((name for name in names() if get(name).high_precision), None)


def _rank(rank: int | None) -> float:
    return float("inf") if rank is None else rank
