"""Shape operations, indexing, joining, matrix products and np.linalg."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from hypothesis import strategies as st

from .builder import Builder, Value

Op = Callable[[Builder, Value], "Value | None"]


def _factorisations(size: int, parts: int) -> list[tuple[int, ...]]:
    return [s for s in itertools.product(range(1, size + 1), repeat=parts)
            if math.prod(s) == size]


def reshape(b: Builder, v: Value) -> Value | None:
    shape = b.choice(_factorisations(v.array.size, b.integer(1, 3)))
    if b.flag() and len(shape) > 0:  # numpy infers one -1 entry
        shape = tuple(-1 if i == b.integer(0, len(shape) - 1) else n
                      for i, n in enumerate(shape))
    form = b.choice(["method", "method *args", "function"])
    if form == "method":
        return b.emit(f"{v.name}.reshape({shape!r})", ".reshape")
    if form == "method *args":
        return b.emit(f"{v.name}.reshape({', '.join(map(str, shape))})", ".reshape")
    return b.emit(f"np.reshape({v.name}, {shape!r})", "np.reshape")


def ravel(b: Builder, v: Value) -> Value | None:
    form = b.choice(["{}.ravel()", "np.ravel({})", "{}.flatten()"])
    return b.emit(form.format(v.name), form.format("v"))


def transpose(b: Builder, v: Value) -> Value | None:
    if v.ndim < 2:
        return None
    axes = tuple(b.draw(st.permutations(range(v.ndim))))
    form = b.choice(["{}.T", "np.transpose({})", "np.transpose({}, {axes})",
                     "{}.transpose({axes})", "{}.transpose({star})"])
    text = form.format(v.name, axes=axes, star=", ".join(map(str, axes)))
    return b.emit(text, form.split("(")[0].replace("{}", "v"))


def swap_or_move(b: Builder, v: Value) -> Value | None:
    if v.ndim < 2:
        return None
    first, second = b.integer(-v.ndim, v.ndim - 1), b.integer(-v.ndim, v.ndim - 1)
    name = b.choice(["np.swapaxes", "np.moveaxis"])
    return b.emit(f"{name}({v.name}, {first}, {second})", name)


def new_axis(b: Builder, v: Value) -> Value | None:
    form = b.choice(["{}[None]", "{}[..., None]", "np.expand_dims({}, {axis})",
                     "{}[:, np.newaxis]"])
    if form == "{}[:, np.newaxis]" and v.ndim == 0:
        return None
    text = form.format(v.name, axis=b.integer(-v.ndim - 1, v.ndim))
    return b.emit(text, form.replace("{}", "v").split("(")[0])


def squeeze(b: Builder, v: Value) -> Value | None:
    if 1 not in v.shape:
        return None
    return b.emit(f"np.squeeze({v.name})" if b.flag() else f"{v.name}.squeeze()", "squeeze")


def index(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        return None
    n = v.shape[0]
    last = v.shape[-1]
    options = [f"[{b.integer(-n, n - 1)}]", f"[{b.integer(0, n - 1)}:]", "[::-1]",
               f"[:{b.integer(1, n)}]", "[::2]",
               f"[np.array([{b.integer(0, n - 1)}, {b.integer(-n, n - 1)}])]",
               f"[..., {b.integer(-last, last - 1)}]"]
    if v.ndim >= 2:
        m = v.shape[1]
        options += [f"[:, {b.integer(-m, m - 1)}]",
                    f"[{b.integer(0, n - 1)}, {b.integer(0, m - 1)}]", "[1:, :-1]", "[::-1, 1:]"]
    text = v.name + b.choice(options)
    return b.emit(text, "indexing")


def mask(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        return None
    return b.emit(f"{v.name}[{b.constant(v.shape)} > 0]", "boolean mask")


def join(b: Builder, v: Value) -> Value | None:
    from .elementwise import operand

    other = operand(b, v.shape)
    pair = b.choice([f"[{v.name}, {other}]", f"({other}, {v.name})", f"[{v.name}, {v.name}]"])
    name = b.choice(["np.concatenate", "np.stack", "np.hstack", "np.vstack"])
    if name in ("np.concatenate", "np.stack"):
        low = -(v.ndim + (name == "np.stack"))
        axis = b.integer(low, -low - 1) if low else 0
        return b.emit(f"{name}({pair}, axis={axis})" if axis or b.flag() else
                      f"{name}({pair})", name)
    return b.emit(f"{name}({pair})", name)


def array_of_elements(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        items = [v.name, f"{v.name} * 2.0", "1.0"]
    else:
        n = v.shape[0]
        items = [f"{v.name}[{b.integer(-n, n - 1)}]" for _ in range(b.integer(1, 3))] + ["0.5"]
    if v.ndim <= 1 and b.flag():  # nested: a 2-D array from rows of numbers
        return b.emit(f"np.array([[{items[0]}, {items[-1]}], [{items[-1]}, {items[0]}]])",
                      "np.array(nested list)")
    return b.emit(f"np.array([{', '.join(items)}])", "np.array(list)")


def flip_roll(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        return None
    if b.flag():
        return b.emit(f"np.flip({v.name}, {b.integer(-v.ndim, v.ndim - 1)})", "np.flip")
    return b.emit(f"np.roll({v.name}, {b.integer(-2, 2)})", "np.roll")


# products ---------------------------------------------------------------------------------
def _right_partner(b: Builder, v: Value) -> str:
    """An operand for ``v @ w``: v itself or v.T when the shapes allow, a value or constant."""
    n = v.shape[-1]
    if v.ndim == 2 and b.flag():
        return f"{v.name}.T" if b.flag() or v.shape[0] != n else v.name
    if v.ndim == 1 and b.flag():
        return v.name
    from .elementwise import operand

    return operand(b, b.choice([(n,), (n, b.integer(1, 3))]))


def _left_partner(b: Builder, v: Value) -> str:
    from .elementwise import operand

    return operand(b, (b.integer(1, 3), v.shape[0]))


PRODUCTS = {
    "@": "{} @ {}", "np.dot": "np.dot({}, {})", "np.matmul": "np.matmul({}, {})",
    ".dot": "{}.dot({})", "np.inner": "np.inner({}, {})", "np.outer": "np.outer({}, {})",
    "np.vdot": "np.vdot({}, {})", "np.tensordot": "np.tensordot({}, {}, axes=1)",
    "np.kron": "np.kron({}, {})",
}


def product(name: str) -> Op:
    template = PRODUCTS[name]

    def op(b: Builder, v: Value) -> Value | None:
        if v.ndim == 0 or v.ndim > 2:
            return None
        if name in ("np.inner", "np.outer", "np.vdot", "np.kron"):
            from .elementwise import operand

            shape = b.choice([v.shape, v.shape[-1:]])
            other = v.name if b.flag() else operand(b, shape)
            return b.emit(template.format(v.name, other), name)
        if b.flag() or v.ndim == 1:
            return b.emit(template.format(v.name, _right_partner(b, v)), name)
        if name == ".dot":
            return b.emit(template.format(f"({_left_partner(b, v)})", v.name), name)
        return b.emit(template.format(_left_partner(b, v), v.name), name)

    return op


def einsum(b: Builder, v: Value) -> Value | None:
    if v.ndim == 1:
        return b.emit(f"np.einsum('i,i->', {v.name}, {v.name})", "np.einsum")
    if v.ndim == 2:
        return b.emit(f"np.einsum('ij,kj->ik', {v.name}, {v.name})", "np.einsum")
    return None


# np.linalg --------------------------------------------------------------------------------
def _square(b: Builder, v: Value) -> Value | None:
    """A well-conditioned square matrix made from ``v``."""
    if v.ndim == 2 and v.shape[0] == v.shape[1]:
        return b.emit(f"{v.name} + {3.0 * v.shape[0]} * np.eye({v.shape[0]})", "domain")
    if v.ndim == 1 and v.shape[0] <= 4:
        return b.emit(f"np.diag({v.name}) + {3.0} * np.eye({v.shape[0]})", "np.diag")
    return None


def linalg(name: str) -> Op:
    def op(b: Builder, v: Value) -> Value | None:
        a = _square(b, v)
        if a is None:
            return None
        n = a.shape[0]
        if name == "solve":
            from .elementwise import operand

            rhs = operand(b, b.choice([(n,), (n, b.integer(1, 2))]))
            return b.emit(f"np.linalg.solve({a.name}, {rhs})", "np.linalg.solve")
        if name == "slogdet":
            return b.emit(f"np.linalg.slogdet({a.name})[1]", "np.linalg.slogdet")
        return b.emit(f"np.linalg.{name}({a.name})", f"np.linalg.{name}")

    return op


def catalogue() -> dict[str, Op]:
    ops: dict[str, Op] = {
        "reshape": reshape, "ravel": ravel, "transpose": transpose, "swapaxes": swap_or_move,
        "new axis": new_axis, "squeeze": squeeze, "indexing": index, "boolean mask": mask,
        "join": join, "np.array": array_of_elements, "flip/roll": flip_roll, "np.einsum": einsum,
    }
    ops |= {name: product(name) for name in PRODUCTS}
    ops |= {f"np.linalg.{name}": linalg(name) for name in ("det", "inv", "solve", "slogdet")}
    return ops
