"""An engine's declarations checked when it is registered: each one that cannot be right is
named in one InputError, before any problem reaches the engine."""

from __future__ import annotations

from ..errors import InputError
from ..problem import OPERATORS
from .base import DTYPES, Engine


def validate(engine: Engine) -> None:
    """Raise InputError naming the first declaration of ``engine`` that cannot be right."""
    problems = _declaration_problems(engine)
    if problems:
        raise InputError(f"engine {engine.name or type(engine).__name__!r}: {problems[0]}")
    if engine.takes_step is None:
        engine.takes_step = "step" in engine.options


def _declaration_problems(engine: Engine) -> list[str]:
    """Every declaration that cannot be right, as sentences."""
    problems = []
    strings = ("options", "variants", "dtypes", "fixed_step_variants")
    for key in strings:
        value = getattr(engine, key)
        if not isinstance(value, tuple) or not all(isinstance(v, str) and v for v in value):
            problems.append(f"{key} must be a tuple of non-empty strings, not {value!r}")
    if problems:
        return problems
    if not isinstance(engine.exact, bool):
        problems.append(f"exact must be True or False, not {engine.exact!r}")
    operators = engine.operators
    if not isinstance(operators, (frozenset, set, tuple)) or not operators:
        problems.append(f"operators must be a non-empty set of {', '.join(OPERATORS)}")
    elif set(operators) - set(OPERATORS):
        unknown = sorted(set(operators) - set(OPERATORS))[0]
        problems.append(f"operators names {unknown!r}, which is not one of "
                        f"{', '.join(OPERATORS)}")
    problems += _step_problems(engine) + _dtype_problems(engine) + _reference_problems(engine)
    if any(":" in v for v in engine.variants) or len(set(engine.variants)) < len(engine.variants):
        problems.append(f"variants must be distinct names without ':', not {engine.variants!r}")
    if not isinstance(engine.namespace, str) or not all(
            part.isidentifier() for part in engine.namespace.split(".")):
        problems.append(f"namespace must be a module name such as 'jax.numpy', not "
                        f"{engine.namespace!r}")
    if set(engine.operators) - {"gradient"} and not _takes_operator(engine):
        problems.append("declares operators beyond the gradient, but compile() takes no "
                        "operator= keyword")
    if engine.samples_grid and type(engine).grid_gradient is Engine.grid_gradient:
        problems.append("samples_grid is declared but grid_gradient() is not implemented")
    return problems


def _takes_operator(engine: Engine) -> bool:
    import inspect

    try:
        parameters = inspect.signature(engine.compile).parameters.values()
    except (TypeError, ValueError):
        return True  # a signature Python cannot read: the first compile will tell
    return any(p.name == "operator" or p.kind == p.VAR_KEYWORD for p in parameters)


def _step_problems(engine: Engine) -> list[str]:
    has_step = "step" in engine.options
    if engine.takes_step is not None and bool(engine.takes_step) != has_step:
        return [f"takes_step={engine.takes_step!r} but 'step' is {'' if has_step else 'not '}"
                f"among its options {engine.options!r}; takes_step follows from options"]
    stray = [v for v in engine.fixed_step_variants if v not in engine.variants]
    if stray:
        return [f"fixed_step_variants names {stray[0]!r}, not one of its variants"]
    return []


def _dtype_problems(engine: Engine) -> list[str]:
    dtypes = engine.dtypes
    unknown = [d for d in dtypes if d not in DTYPES]
    if unknown:
        return [f"dtypes names {unknown[0]!r}; gradlab's precisions are {', '.join(DTYPES)}"]
    if not dtypes or dtypes[0] != "float64":
        return [f"dtypes must start with 'float64' (every engine's own precision), not {dtypes!r}"]
    if len(dtypes) > 1 and "dtype" not in engine.options:
        return [f"dtypes {dtypes!r} needs 'dtype' among its options {engine.options!r}"]
    return []


def _reference_problems(engine: Engine) -> list[str]:
    problems = []
    for key in ("reference_rank", "check_rank"):
        rank = getattr(engine, key)
        if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int)):
            problems.append(f"{key} must be an integer or None, not {rank!r}")
    if engine.reference_rank is not None and not engine.exact:
        problems.append("reference_rank is for exact engines; a numerical one cannot anchor "
                        "the reference")
    if engine.high_precision and not engine.exact:
        problems.append("high_precision is for exact engines")
    if engine.check_variant is not None and engine.check_variant not in engine.variants:
        problems.append(f"check_variant {engine.check_variant!r} is not one of its variants")
    return problems
