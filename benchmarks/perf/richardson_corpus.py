"""The held-out set for Richardson's accuracy: the user corpus (rounds 1-3) with its true
gradients from independent jax.numpy rewrites (truth.json), never used to tune the step rules.

A case is kept when its truth exists, the rewrite's value matches the user's function at the
point, the truth is of the float program (not a "stable form" of a cancelling formula, whose
float derivative differs from the math), and f returns one number.

Where JAX's derivative of the rewrite itself cancels, its truth is replaced by a 50-digit
mpmath derivative (``CANCELLING_TRUTH``): expm1(x) / x at x = 1e-6 differentiates to
(x e^x - expm1(x)) / x**2, two numbers near 1e-6 that differ by 5e-13, so JAX's float64 value
is off by 3.9e-10, while f itself is exact to an ulp (numdifftools and gradlab both agree with
the 50-digit value to 2e-14).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CORPUS = Path(__file__).resolve().parent.parent / "user_corpus"
ROUNDS = (CORPUS, CORPUS / "round2", CORPUS / "round3")


@dataclass
class Case:
    name: str
    problem: object  # gradlab.problem.Problem
    flat: Callable[[np.ndarray], float]  # f of the flat vector of variables
    truth: np.ndarray


def _load(folder: Path, index: int):
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(f"corpus_functions_{index}",
                                                      folder / "functions.py")
        module = importlib.util.module_from_spec(spec)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module


def held_out_cases() -> Iterator[Case]:
    """Every usable case, in corpus order; a case's data-changing hook (BEFORE) runs just
    before it is yielded, so consume each case before asking for the next."""
    from gradlab.problem import make_problem

    for index, folder in enumerate(ROUNDS):
        module = _load(folder, index)
        truth = json.loads((folder / "truth.json").read_text())
        before = getattr(module, "BEFORE", {})
        for name, f, point in module.CASES:
            if name in before:
                before[name]()
            record = truth.get(name, {})
            if not record.get("value_match") or record.get("stable_form") or "grad" not in record:
                continue
            if isinstance(point, np.ndarray):
                point = point.copy()
            try:
                problem = make_problem(f, point)
                if problem.outputs != "scalar":
                    continue
                value = float(problem.evaluate())
            except Exception:  # noqa: BLE001 - a case gradlab refuses is not a Richardson case
                continue
            if not np.isfinite(value):
                continue
            label = f"{folder.name}/{name}"
            truth_of = CANCELLING_TRUTH.get(label)
            gradient = (truth_of(float(np.ravel(problem.x0)[0])) if truth_of else
                        np.ravel(np.asarray(record["grad"], dtype=float)))
            yield Case(label, problem, lambda x, p=problem: p.call(p.func, x), gradient)


def _expm1_over_x(point: float) -> np.ndarray:
    import mpmath

    with mpmath.workdps(50):
        return np.array([float(mpmath.diff(lambda x: mpmath.expm1(x) / x, mpmath.mpf(point)))])


CANCELLING_TRUTH = {"user_corpus/expm1_over_x_small": _expm1_over_x}


def normwise(g: np.ndarray, truth: np.ndarray) -> float:
    """||g - truth|| / ||truth|| (absolute when the truth is zero)."""
    g = np.ravel(np.asarray(g, dtype=float))
    if g.shape != truth.shape or not np.all(np.isfinite(g)):
        return float("inf")
    scale = float(np.linalg.norm(truth))
    return float(np.linalg.norm(g - truth) / (scale if scale > 0 else 1.0))
