"""What a function reads, checked cheaply before each call of ``g = gl.grad(f)``.

``g`` prepares f's derivative once (a JAX trace, a PyTensor graph, a copy of f for finite
differences) with the data f reads at that time. When the user then rebinds a global
(``ALPHA = -1.5``), changes an array in place (``A[0] = 10``), a dict entry, an attribute or a
closure's variable, ``g`` must answer for the new data. A full content key (``fingerprint``)
costs more than a compiled gradient's call, so the key's walk records, once, every place f
reads from (``DataWatch``), and ``g`` checks them before each call: names, cells and container
items by identity, arrays by their bytes. Beyond ``CONTENT_BUDGET`` bytes in all, an array is
checked by identity and ``SAMPLED`` of its values, in 16 runs spread over it (a new array, or a
change of all of it or of more than a sixteenth, is seen; a change of a few values may not be;
past ``SAMPLED_ARRAYS`` such arrays, by identity only), a container by identity only:
``large`` names them, so ``g`` can tell the user.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np

# names in f's code (np.load, open, pd.read_csv, os.environ...) of readers of what no Python
# object holds: a gradient function then compares f's value at its point before each call too
OUTSIDE_READERS = frozenset({
    "open", "load", "loadtxt", "genfromtxt", "fromfile", "memmap", "read", "read_text",
    "read_bytes", "read_csv", "read_table", "read_excel", "read_parquet", "read_json",
    "read_pickle", "read_hdf", "read_feather", "environ", "getenv", "urlopen",
    "globals"})  # globals()["A"]: a name the code does not spell
CONTENT_BUDGET = 1 << 20  # bytes of arrays compared before each call (about 55 us here)
ITEM_BYTES = 64  # a container's item costs about as much to compare as this many array bytes
SAMPLED = 4096  # values of a larger array compared before each call (6 us here)
RUN = 256  # consecutive values per run of a sample
SAMPLED_ARRAYS = 4  # larger arrays sampled at most (f may read a long list of them): by identity
_MISSING = object()


class IgnoredReads:
    """The reads of a key's walk that nobody watches (a comparison's cache key)."""

    def name(self, mapping: Any, name: str) -> None:
        pass

    def cell(self, cell: Any) -> None:
        pass

    def attribute(self, owner: Any, name: str) -> None:
        pass

    def items(self, container: Any) -> None:
        pass

    def namespace(self, mapping: Any) -> None:
        pass

    def code_names(self, names: Sequence[str]) -> None:
        pass

    def array(self, array: np.ndarray) -> None:
        pass

    def content(self, value: Any, key: Callable[[], Hashable]) -> None:
        pass

    def array_like(self, value: Any, key: Callable[[], Hashable]) -> None:
        pass


class DataWatch(IgnoredReads):
    """The places a function read its data from, and what it found there."""

    def __init__(self, budget: int = CONTENT_BUDGET) -> None:
        self.reads: list[tuple[Callable[[], Any], Any]] = []  # (read again, what it gave)
        self.containers: list[tuple[Any, Any]] = []  # (container, a shallow copy)
        # (array, shape, dtype, what reads its bytes (all of them, or a sample's), those bytes)
        self.arrays: list[tuple[np.ndarray, tuple[int, ...], np.dtype, Callable[[], bytes],
                                bytes]] = []
        self.sampled = 0  # arrays beyond the budget read by a sample
        self.contents: list[tuple[Callable[[], Hashable], Hashable]] = []  # (key of, key)
        self.namespaces: list[list[Any]] = []  # [a module's dict, a copy, its own names' copy]
        self.large: list[str] = []  # arrays and containers not compared whole
        self.outside = False  # f's code names a reader of files or the environment
        self.budget = budget

    def code_names(self, names: Sequence[str]) -> None:
        self.outside = self.outside or not OUTSIDE_READERS.isdisjoint(names)

    def value(self, value_now: Callable[[], Any]) -> None:
        """Watch f's value itself (``value_now()``, f at its point): for a function that
        reads what no Python object holds (``outside``). Not where it fails now."""
        try:
            then = _value_bytes(value_now)
        except Exception:  # noqa: BLE001 - nothing to compare with
            return
        self.contents.append((functools.partial(_value_bytes, value_now), then))

    def name(self, mapping: Any, name: str) -> None:
        self._read(functools.partial(mapping.get, name, _MISSING))

    def cell(self, cell: Any) -> None:
        try:
            self._read(functools.partial(_cell_contents, cell))
        except ValueError:  # an empty cell (not assigned yet): nothing read from it
            pass

    def attribute(self, owner: Any, name: str) -> None:
        self._read(functools.partial(getattr, owner, name, _MISSING))

    def items(self, container: Any) -> None:
        cost = len(container) * ITEM_BYTES
        if cost > self.budget:
            self.large.append(f"a {type(container).__name__} of {len(container)} items")
            return
        self.budget -= cost
        self.containers.append((container, copy.copy(container)))

    def namespace(self, mapping: Any) -> None:
        """A module's names, compared as one dict; names of Python's own (``__...``), which
        change as a module is used (``__warningregistry__``), do not count."""
        self.namespaces.append([mapping, dict(mapping), _own_names(mapping)])

    def array(self, array: np.ndarray) -> None:
        if array.nbytes > self.budget:  # a change of all of it, or of a large part, shows
            size = f"an array of shape {array.shape} ({array.nbytes / 1e6:.1f} MB"
            if self.sampled == SAMPLED_ARRAYS:
                self.large.append(f"{size}, by identity)")
                return
            self.sampled += 1
            read = _sampler(array)
            self.large.append(f"{size}, {min(array.size, SAMPLED)} of its values compared)")
        else:
            self.budget -= array.nbytes
            read = array.tobytes
        self.arrays.append((array, array.shape, array.dtype, read, read()))

    def content(self, value: Any, key: Callable[[], Hashable]) -> None:
        self.contents.append((key, key()))

    def array_like(self, value: Any, key: Callable[[], Hashable]) -> None:
        """A pandas table or series (anything with ``to_numpy``): its numbers' bytes, column
        labels and index (a few microseconds), where they are one numeric array within the
        budget; else its whole content key (``key``, slower)."""
        try:
            data = np.asarray(value.to_numpy())
        except Exception:  # noqa: BLE001 - not a pandas-like object: its content key
            data = None
        if data is None or data.dtype.kind not in "biufc" or data.nbytes > self.budget:
            self.content(value, key)
            return
        self.budget -= data.nbytes
        self.content(value, functools.partial(_labelled_numbers, value))

    def changed(self) -> bool:
        """Whether anything the function read is not what it was when recorded: names and
        cells by identity, containers item by item (identity first, then ``==``), arrays by
        their bytes."""
        try:
            for read, value in self.reads:
                if read() is not value:
                    return True
            for container, then in self.containers:
                if container != then:
                    return True
            for array, shape, dtype, read, data in self.arrays:
                if array.shape != shape or array.dtype != dtype or read() != data:
                    return True
            for key, then in self.contents:
                if key() != then:
                    return True
            for entry in self.namespaces:
                if entry[0] != entry[1]:
                    if _own_names(entry[0]) != entry[2]:
                        return True
                    entry[1] = dict(entry[0])  # only Python's own names changed
        except Exception:  # noqa: BLE001 - a cell emptied, items whose == raises: changed
            return True
        return False

    def unchanged(self) -> DataWatch:
        """This watch without what changed since it was recorded: recorded before f first
        runs, what f changes itself (a call counter, a list it appends to) is its own state,
        not data the user changes."""
        kept = DataWatch(0)
        kept.large = self.large
        kept.reads = [entry for entry in self.reads if _holds(_same_read, entry)]
        kept.containers = [entry for entry in self.containers if _holds(_same_items, entry)]
        kept.arrays = [entry for entry in self.arrays if _holds(_same_array, entry)]
        kept.contents = [entry for entry in self.contents if _holds(_same_content, entry)]
        kept.namespaces = [entry for entry in self.namespaces
                           if _holds(_same_namespace, tuple(entry))]
        return kept

    def _read(self, read: Callable[[], Any]) -> None:
        self.reads.append((read, read()))


# one entry of each kind, as ``changed`` checks them all inline (its loop runs before each call)
def _same_read(read: Callable[[], Any], value: Any) -> bool:
    return read() is value


def _same_items(container: Any, then: Any) -> bool:
    return bool(container == then)


def _same_array(array: np.ndarray, shape: tuple[int, ...], dtype: np.dtype,
                read: Callable[[], bytes], data: bytes) -> bool:
    return array.shape == shape and array.dtype == dtype and read() == data


def _sampler(array: np.ndarray) -> Callable[[], bytes]:
    """What reads ``array``'s sampled values (``_sample``'s runs) as bytes: one strided view of
    the runs, made once, where the array is contiguous (2 us a read), else a gather."""
    where = _sample(array.size)
    starts = where[::RUN]
    if array.flags.c_contiguous and where.size % RUN == 0 and starts.size > 1:
        step = int(starts[1] - starts[0])
        flat = array.reshape(-1)
        runs = np.lib.stride_tricks.as_strided(flat, (starts.size, RUN),
                                               (step * flat.itemsize, flat.itemsize),
                                               writeable=False)
        return runs.tobytes
    return functools.partial(_gathered, array, where)


def _gathered(array: np.ndarray, where: np.ndarray) -> bytes:
    return np.take(array, where).tobytes()


def _sample(size: int) -> np.ndarray:
    """``SAMPLED`` flat indices of an array of ``size`` values, the same at every check: runs
    of ``RUN`` consecutive values spread over it, the first and the last among them (runs:
    a few cache lines each, where scattered values would miss the cache one by one)."""
    if size <= SAMPLED:
        return np.arange(size)
    step = max(RUN, (size - RUN) // (SAMPLED // RUN - 1))
    starts = np.arange(0, size - RUN + 1, step)[: SAMPLED // RUN]
    return (starts[:, None] + np.arange(RUN)).ravel()


def _same_content(key: Callable[[], Hashable], then: Hashable) -> bool:
    return bool(key() == then)


def _same_namespace(mapping: Any, _: Any, own: dict[str, Any]) -> bool:
    return _own_names(mapping) == own


def _own_names(mapping: Any) -> dict[str, Any]:
    return {name: value for name, value in mapping.items() if not name.startswith("__")}


def _holds(same: Callable[..., bool], entry: tuple[Any, ...]) -> bool:
    try:
        return same(*entry)
    except Exception:  # noqa: BLE001 - as in ``changed``: not what it was
        return False


def _labelled_numbers(value: Any) -> tuple[Any, ...]:
    """A table's numbers, its column labels and its index (the object itself: compared by
    identity first, and a different index makes the comparison raise, which counts as changed)."""
    columns = getattr(value, "columns", None)
    return (value.to_numpy().tobytes(), None if columns is None else tuple(columns),
            getattr(value, "index", None))


def _value_bytes(value_now: Callable[[], Any]) -> bytes:
    return np.asarray(value_now(), dtype=np.float64).tobytes()


def _cell_contents(cell: Any) -> Any:
    return cell.cell_contents
