"""How gradient cost grows with the number of variables, per engine, under a time budget."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..backends import defaults
from ..errors import GradlabError, InputError
from ..problem import make_problem
from .executors import TaskFailure, run_tasks
from .timing import format_seconds, time_call

DEFAULT_BACKENDS = defaults.SCALING


def rosenbrock(x: Any) -> Any:
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def quadratic(x: Any) -> Any:
    weights = np.arange(1, x.shape[0] + 1) / x.shape[0]
    return 0.5 * np.sum(weights * x**2)


def logsumexp(x: Any) -> Any:
    return np.log(np.sum(np.exp(x)))


FAMILIES: dict[str, Callable[[int], tuple[Callable[..., Any], np.ndarray]]] = {
    "rosenbrock": lambda n: (rosenbrock, np.linspace(-1.2, 1.0, n)),
    "quadratic": lambda n: (quadratic, np.linspace(-1.0, 1.0, n)),
    "logsumexp": lambda n: (logsumexp, np.sin(np.arange(n, dtype=float))),
}


@dataclass
class ScalingResult:
    family: str
    sizes: list[int]
    budget_s: float
    records: list[dict[str, Any]] = field(default_factory=list)
    cut_off: dict[str, int] = field(default_factory=dict)  # engine -> first size not run

    def to_frame(self) -> Any:
        import pandas as pd

        columns = ["backend", "n", "status", "setup_s", "call_s", "f_call_s", "ratio", "error"]
        return pd.DataFrame(self.records, columns=columns)

    def _series(self, backend: str, key: str) -> tuple[np.ndarray, np.ndarray]:
        rows = [r for r in self.records if r["backend"] == backend and r["status"] == "ok"]
        return np.array([r["n"] for r in rows]), np.array([r[key] for r in rows])

    @property
    def backends(self) -> list[str]:
        return list(dict.fromkeys(r["backend"] for r in self.records))

    def plot(self, axes: Sequence[Any] | None = None) -> Any:
        """Time per gradient and gradient/function time ratio vs n, log-log, cut-offs marked."""
        from .drawing import new_axes

        if axes is None:
            fig, (time_ax, ratio_ax) = new_axes(None, figsize=(11, 4.5), ncols=2)
        else:
            time_ax, ratio_ax = axes
            fig = time_ax.figure
        for backend in self.backends:
            n, t = self._series(backend, "call_s")
            (line,) = time_ax.loglog(n, t, "o-", label=backend, ms=4)
            n, r = self._series(backend, "ratio")
            ratio_ax.loglog(n, r, "o-", label=backend, ms=4, color=line.get_color())
            if backend in self.cut_off and len(t):
                for ax, y in ((time_ax, t[-1]), (ratio_ax, r[-1])):
                    ax.plot(n[-1], y, "x", color=line.get_color(), ms=10, mew=2)
                    ax.annotate(f"cut off (n={self.cut_off[backend]})", (n[-1], y),
                                textcoords="offset points", xytext=(4, 4), fontsize=7,
                                color=line.get_color())
        n_f, t_f = self._f_series()
        time_ax.loglog(n_f, t_f, "k:", label="f itself")
        time_ax.set_xlabel("n (variables)")
        time_ax.set_ylabel("seconds per gradient")
        time_ax.set_title(f"{self.family}: time per gradient (budget {self.budget_s:g} s)",
                          fontsize=10)
        ratio_ax.axhline(1.0, color="0.6", lw=0.8)
        ratio_ax.set_xlabel("n (variables)")
        ratio_ax.set_ylabel("gradient time / function time")
        ratio_ax.set_title("cost of a gradient in function evaluations", fontsize=10)
        for ax in (time_ax, ratio_ax):
            ax.grid(alpha=0.3, which="both")
            ax.legend(fontsize=8)
        return fig

    def _f_series(self) -> tuple[np.ndarray, np.ndarray]:
        seen: dict[int, float] = {}
        for r in self.records:
            if r.get("f_call_s"):
                seen.setdefault(r["n"], r["f_call_s"])
        n = np.array(sorted(seen))
        return n, np.array([seen[k] for k in n])

    def __str__(self) -> str:
        lines = [f"Scaling of {self.family} (budget {self.budget_s:g} s per engine and size)",
                 f"{'engine':<22} {'n':>8} {'setup':>10} {'per call':>10} {'grad/f':>8}"]
        for r in self.records:
            ratio = f"{r['ratio']:.3g}" if r["ratio"] else r["status"]
            lines.append(f"{r['backend']:<22} {r['n']:>8} {format_seconds(r['setup_s']):>10} "
                         f"{format_seconds(r['call_s']):>10} {ratio:>8}")
        for backend, n in self.cut_off.items():
            lines.append(f"{backend}: cut off after n={n} (over budget; larger n not run)")
        return "\n".join(lines)

    __repr__ = __str__


def scaling(family: str | Callable[[int], tuple[Any, Any]], sizes: Sequence[int],
            backends: Sequence[str] | None = None, budget_s: float = 1.0, *,
            setup_budget_s: float = 20.0, progress: bool = True,
            executor: Any = None) -> ScalingResult:
    """Time per gradient and gradient/function ratio for growing n, per engine.

    ``family``: "rosenbrock", "quadratic", "logsumexp", or a callable ``n -> (f, x0)``.
    Each engine gets ``budget_s`` per size to time its calls: one whose single call takes more
    than a fifth of it, or whose setup (trace/compile + first call, timed separately) takes more
    than ``setup_budget_s``, is not run at larger sizes (marked "cut off"). ``executor`` (a
    ``concurrent.futures.Executor`` or a ``distributed.Client``) runs each engine's series as
    one task; give each worker a core of its own, or the timings measure the contention.
    """
    make, name = _family(family)
    ns = sorted({int(n) for n in sizes})
    if not ns or ns[0] < 1:
        raise InputError("sizes must be positive integers, e.g. [10, 100, 1000]")
    specs = list(backends) if backends is not None else _default_backends()
    result = ScalingResult(name, ns, float(budget_s))
    if executor is not None:
        source = family if isinstance(family, str) else make
        series = run_tasks(_engine_series, [(spec, source, ns, budget_s, setup_budget_s)
                                            for spec in specs], executor, progress, name)
        _merge(result, specs, ns, series)
        return result
    bar = _progress(len(ns) * len(specs), progress, name)
    try:
        for n in ns:
            f, x0 = make(n)
            problem = make_problem(f, np.asarray(x0, dtype=float))
            f_time = _time_f(problem, budget_s)
            for spec in specs:
                if spec not in result.cut_off:
                    record = _measure(spec, problem, n, f_time, budget_s, setup_budget_s)
                    result.records.append(record)
                    if record["status"] == "over budget":
                        result.cut_off[spec] = n
                bar.update(1)
    finally:
        bar.close()
    return result


def _engine_series(spec: str, family: Any, ns: list[int], budget_s: float,
                   setup_budget_s: float) -> list[dict[str, Any]]:
    """One engine at every size, in a worker, until it goes over budget."""
    make, _ = _family(family)
    records = []
    for n in ns:
        f, x0 = make(n)
        problem = make_problem(f, np.asarray(x0, dtype=float))
        records.append(_measure(spec, problem, n, _time_f(problem, budget_s), budget_s,
                                setup_budget_s))
        if records[-1]["status"] == "over budget":
            break
    return records


def _merge(result: ScalingResult, specs: list[str], ns: list[int], series: list[Any]) -> None:
    """Each engine's series into the records, by size then engine as a serial run lists them;
    a series whose task failed is one "failed" record at the first size."""
    by_engine = {}
    for spec, records in zip(specs, series):
        if isinstance(records, TaskFailure):
            records = [{"backend": spec, "n": ns[0], "status": "failed", "setup_s": None,
                        "call_s": None, "f_call_s": None, "ratio": None,
                        "error": f"its task failed: {records.reason}"}]
        by_engine[spec] = records
        if records[-1]["status"] == "over budget":
            result.cut_off[spec] = records[-1]["n"]
    result.records = [record for n in ns for spec in specs for record in by_engine[spec]
                      if record["n"] == n]


def _time_f(problem: Any, budget_s: float) -> float:
    return time_call(lambda: problem.call(problem.func, problem.x0),
                     min(0.05, budget_s / 10)).median_s


def _family(family: Any) -> tuple[Callable[[int], tuple[Any, Any]], str]:
    if isinstance(family, str):
        if family not in FAMILIES:
            raise InputError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)} "
                             "or pass a function n -> (f, x0)")
        return FAMILIES[family], family
    if callable(family):
        return family, getattr(family, "__name__", "family")
    raise InputError("family must be a name or a function n -> (f, x0)")


def _default_backends() -> list[str]:
    from .. import backends

    ready = set(backends.available())
    return [s for s in DEFAULT_BACKENDS if s.partition(":")[0] in ready]


def _measure(spec: str, problem: Any, n: int, f_time: float, budget_s: float,
             setup_budget_s: float) -> dict[str, Any]:
    from .compare import compile_for

    record: dict[str, Any] = {"backend": spec, "n": n, "status": "ok", "setup_s": None,
                              "call_s": None, "f_call_s": f_time, "ratio": None, "error": None}
    try:
        start = time.perf_counter()
        compiled, compile_s, cached = compile_for(spec, problem)
        compiled.gradient(problem.x0)
        setup = time.perf_counter() - start
        record["setup_s"] = compile_s + setup if cached else setup
        single = time.perf_counter()
        compiled.gradient(problem.x0)
        single = time.perf_counter() - single
        if single > budget_s / 5 or record["setup_s"] > setup_budget_s:
            record.update(status="over budget", call_s=single, ratio=single / f_time)
            return record
        timing = time_call(lambda: compiled.gradient(problem.x0),
                           min(budget_s, max(0.02, 20 * single)))
        record.update(call_s=timing.median_s, ratio=timing.median_s / f_time)
    except (GradlabError, MemoryError) as err:
        record.update(status="failed", error=str(err))
    return record


def _progress(total: int, enabled: bool, name: str) -> Any:
    if enabled:
        try:
            from tqdm.auto import tqdm

            return tqdm(total=total, desc=f"scaling {name}", leave=False)
        except ImportError:
            pass

    class _Silent:
        def update(self, _: int) -> None:
            pass

        def close(self) -> None:
            pass

    return _Silent()
