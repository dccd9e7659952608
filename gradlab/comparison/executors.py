"""Running many independent tasks here, on a concurrent.futures executor or a Dask client.

gradlab never starts a scheduler or a pool: the user hands one in (or None: here, one task
after another). Tasks stream back as they complete (``as_completed``); each result is stored
at its task's position, so the outcome does not depend on which worker finished first. A
task that fails (its worker lost, or a crash) is submitted once more, then its failure is
kept with the reason. Progress: a ``tqdm.auto`` bar driven by completed tasks, when tqdm is
installed.
"""

from __future__ import annotations

import math
import pickle
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import InputError

TASKS_PER_WORKER = 4  # enough tasks to balance the load, few enough that overhead stays small
MAX_CHUNK = 64


class PointJob(Protocol):
    """What runs at each point, in a worker; sent there pickled (cloudpickle on Dask)."""

    def run(self, index: int, point: Any) -> Any: ...


@dataclass(frozen=True)
class TaskFailure:
    """A task that failed twice: why."""

    reason: str


def run_chunk(job: PointJob, chunk: Sequence[tuple[int, Any]]) -> list[Any]:
    """One task: the job at each (index, point) of the chunk, in order."""
    job = resident(job)
    return [job.run(index, point) for index, point in chunk]


def new_token() -> str:
    """A job's identity across processes: every copy of it unpickled in a worker bears it."""
    return uuid.uuid4().hex


_resident: OrderedDict[str, Any] = OrderedDict()
_resident_lock = threading.Lock()
RESIDENT_JOBS = 8


def resident(job: Any) -> Any:
    """The first copy of ``job`` this process received (by its ``token``), so that every task
    of a survey calls the same f object: the compile cache keys engines that run f at call
    time by the identity of what f reads (its globals, closures), and a fresh unpickled copy
    per task would compile again."""
    token = getattr(job, "token", None)
    if token is None:
        return job
    with _resident_lock:
        kept = _resident.setdefault(token, job)
        _resident.move_to_end(token)
        while len(_resident) > RESIDENT_JOBS:
            _resident.popitem(last=False)
    return kept


def run_points(job: PointJob, points: Sequence[Any], indices: Sequence[int], executor: Any,
               progress: bool, chunk_size: int | None, store: Callable[[int, Any], None],
               fail: Callable[[int, str], None], desc: str = "survey") -> None:
    """``job.run`` at each point of ``indices``, in chunks: ``store(index, record)`` for each
    point done, ``fail(index, reason)`` for each point whose task failed twice."""
    pool = make_pool(executor, job)
    size = chunk_size or (1 if isinstance(pool, SerialPool) else
                          chunk_size_for(len(indices), pool.workers))
    if size < 1:
        raise InputError(f"chunk_size must be a positive whole number, not {size!r}")
    chunks = [[(i, points[i]) for i in indices[start:start + size]]
              for start in range(0, len(indices), size)]

    def done(chunk: list[tuple[int, Any]], outcome: Any) -> None:
        if isinstance(outcome, TaskFailure):
            for index, _ in chunk:
                fail(index, outcome.reason)
            return
        for (index, _), record in zip(chunk, outcome):
            store(index, record)

    _stream(pool, [(run_chunk, (job, chunk), chunk) for chunk in chunks], done,
            _progress_bar(len(indices), progress, desc), weight=len)


def run_tasks(fn: Callable[..., Any], arguments: Sequence[tuple[Any, ...]], executor: Any,
              progress: bool = False, desc: str = "tasks") -> list[Any]:
    """``[fn(*args) for args in arguments]`` on the executor, in order; a task that failed
    twice is a TaskFailure in its place."""
    pool = make_pool(executor, fn)
    results: list[Any] = [None] * len(arguments)

    def done(position: int, outcome: Any) -> None:
        results[position] = outcome

    _stream(pool, [(fn, args, i) for i, args in enumerate(arguments)], done,
            _progress_bar(len(arguments), progress, desc), weight=lambda _: 1)
    return results


def _stream(pool: Any, tasks: list[tuple[Callable[..., Any], tuple[Any, ...], Any]],
            done: Callable[[Any, Any], None], bar: Any, weight: Callable[[Any], int]) -> None:
    """Submit every task, then take them as they complete; a failed one is submitted again
    once, then handed to ``done`` as a TaskFailure."""
    tries: dict[Any, tuple[Callable[..., Any], tuple[Any, ...], Any, int]] = {}

    def submit(fn: Callable[..., Any], args: tuple[Any, ...], tag: Any, attempt: int) -> None:
        try:
            tries[pool.submit(fn, *args)] = (fn, args, tag, attempt)
        except Exception as err:  # e.g. a process pool broken by a lost worker
            done(tag, TaskFailure(_reason(err)))
            bar.update(weight(tag))

    try:
        for fn, args, tag in tasks:
            submit(fn, args, tag, 0)
        for future in pool.completed():
            fn, args, tag, attempt = tries.pop(future)
            try:
                outcome = future.result()
            except Exception as err:
                if attempt == 0:
                    submit(fn, args, tag, 1)
                    continue
                outcome = TaskFailure(_reason(err))
            done(tag, outcome)
            bar.update(weight(tag))
    finally:
        bar.close()


def _reason(err: BaseException) -> str:
    text = str(err)
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def chunk_size_for(n: int, workers: int) -> int:
    """About TASKS_PER_WORKER tasks per worker, at most MAX_CHUNK points each."""
    return max(1, min(MAX_CHUNK, math.ceil(n / (TASKS_PER_WORKER * max(workers, 1)))))


def is_dask_client(executor: Any) -> bool:
    """A distributed.Client, recognised without importing Dask."""
    return type(executor).__module__.split(".")[0] == "distributed" and \
        hasattr(executor, "submit")


def make_pool(executor: Any, payload: Any) -> Any:
    """A pool for ``executor``; for a process pool, ``payload`` is checked to pickle."""
    if executor is None:
        return SerialPool()
    if is_dask_client(executor):
        return DaskPool(executor)
    if isinstance(executor, Executor):
        if isinstance(executor, ProcessPoolExecutor):
            _check_picklable(payload)
        return FuturesPool(executor)
    raise InputError(f"executor must be None, a concurrent.futures.Executor or a "
                     f"distributed.Client, not {type(executor).__name__}")


def _check_picklable(payload: Any) -> None:
    try:
        pickle.dumps(payload)
    except Exception as err:
        raise InputError(
            f"f cannot be pickled ({type(err).__name__}: {err}), so a ProcessPoolExecutor "
            "cannot send it to its processes. Define f (and what it uses) at the top level of "
            "a module, or use a distributed.Client (Dask sends closures, lambdas and notebook "
            "functions with cloudpickle) or a ThreadPoolExecutor") from None


class SerialPool:
    """Runs each task here, one after another, as the results are taken."""

    workers = 1

    def __init__(self) -> None:
        self._queue: list[tuple[Future, Callable[..., Any], tuple[Any, ...]]] = []

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        future: Future = Future()
        self._queue.append((future, fn, args))
        return future

    def completed(self) -> Iterator[Future]:
        while self._queue:
            future, fn, args = self._queue.pop(0)
            try:
                future.set_result(fn(*args))
            except Exception as err:
                future.set_exception(err)
            yield future


class FuturesPool:
    def __init__(self, executor: Executor):
        self.executor = executor
        self.workers = int(getattr(executor, "_max_workers", 1) or 1)
        self._pending: set[Future] = set()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        future = self.executor.submit(fn, *args)
        self._pending.add(future)
        return future

    def completed(self) -> Iterator[Future]:
        while self._pending:
            done, _ = wait(self._pending, return_when=FIRST_COMPLETED)
            for future in done:
                self._pending.discard(future)
                yield future


class DaskPool:
    """Tasks on a Dask client. A survey's job (f and what it captures, maybe large data) is
    scattered to every worker once, not sent with each task; it is scattered again if its
    copies were lost with their workers."""

    def __init__(self, client: Any):
        from distributed import as_completed

        self.client = client
        self.workers = max(1, sum(client.nthreads().values()))
        self._completed = as_completed()
        self._scattered: tuple[Any, Any] | None = None  # (job, its future on the cluster)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        if fn is run_chunk:
            args = (self._on_workers(args[0]), *args[1:])
        future = self.client.submit(fn, *args, pure=False)
        self._completed.add(future)
        return future

    def _on_workers(self, job: Any) -> Any:
        if self._scattered is None or self._scattered[0] is not job or \
                self._scattered[1].status != "finished":
            self._scattered = (job, self.client.scatter(job, broadcast=True, hash=False))
        return self._scattered[1]

    def completed(self) -> Iterator[Any]:
        yield from self._completed


def _progress_bar(total: int, enabled: bool, desc: str) -> Any:
    if enabled:
        try:
            from tqdm.auto import tqdm

            return tqdm(total=total, desc=desc, unit="point" if desc == "survey" else "task")
        except ImportError:
            pass
    return _Silent()


class _Silent:
    def update(self, _: int) -> None:
        pass

    def close(self) -> None:
        pass
