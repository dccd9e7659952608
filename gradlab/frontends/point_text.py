"""The point as a user types it, for the ``%%gradient`` magic and the command line.

``x=0.5 y=[1, 2]`` or ``x=0.5,y=[[1,2],[3,4]]``: words are split outside brackets, values are
numbers or bracketed lists of numbers read token by token (never evaluated), or, in a
notebook, the name of a value defined there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

NAME = re.compile(r"[^\W\d]\w*\Z")  # a Python identifier, Unicode letters included
_NUMBER_TOKEN = re.compile(r"\s*(\[|\]|,|[^\[\],\s]+)")
_SPACED_EQUALS = re.compile(r"(?<![-\w])([^\W\d]\w*)\s*=\s*")


class PointError(ValueError):
    """The point as typed cannot be read; the message says what to fix."""


class NotANumber(PointError):
    """A value that is neither a number, a bracketed list of numbers, nor a known name."""

    def __init__(self, name: str, text: str):
        self.name, self.text = name, text
        super().__init__(
            f"the value of {name} ({text!r}) is not a number; write a number such as "
            f"{name}=0.5 or a list of numbers such as {name}=[1, 2, 3]")


def join_equals(text: str) -> str:
    """``x = 1`` -> ``x=1`` (an option such as ``--dtype=x`` is left alone)."""
    return _SPACED_EQUALS.sub(r"\1=", text)


def check_brackets(text: str) -> None:
    depth = 0
    for char in text:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            raise PointError(f"{text!r} has an unmatched ']'")
    if depth:
        raise PointError(f"{text!r} has an unmatched '['")


def words(text: str) -> list[str]:
    """The words of ``text``: split at spaces outside brackets."""
    return [word for word in _split_outside_brackets(text, str.isspace) if word]


def split_top_level(text: str) -> list[str]:
    """``text`` split at commas outside brackets, each part stripped (empty parts kept)."""
    return [part.strip() for part in _split_outside_brackets(text, ",".__eq__)]


def point_items(word: str) -> list[str]:
    """The comma-separated items of one word (``x=1,y=[1,2]``); a comma at either end of the
    word separates it from the next, an empty item between two commas is a mistake."""
    items = split_top_level(word)
    while items and not items[0]:
        items.pop(0)
    while items and not items[-1]:
        items.pop()
    if not all(items):
        raise PointError(f"{word!r} has an empty entry; check the commas")
    return items


def _split_outside_brackets(text: str, is_separator: Any) -> list[str]:
    parts, current, depth = [], "", 0
    for char in text:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth <= 0 and is_separator(char):
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def parse_pairs(items: list[str], namespace: Mapping[str, Any] | None = None, *,
                array: bool = False) -> dict[str, Any]:
    """{name: value} from "name=value" items. With a ``namespace``, a value may name one of
    its entries (a notebook's array). Lists of numbers come back as nested lists, or with
    ``array`` as float64 arrays."""
    point: dict[str, Any] = {}
    for item in items:
        name, _, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not NAME.match(name):
            raise PointError(f"{name!r} is not a variable name")
        if name in point:
            raise PointError(f"{name} is given twice; give each variable once")
        if not text:
            raise PointError(f"{name}= has no value; write {name}=1.5 or {name}=[1, 2, 3]")
        value = parse_value(name, text, namespace)
        point[name] = np.asarray(value, dtype=np.float64) if array and isinstance(value, list) \
            else value
    return point


def parse_value(name: str, text: str, namespace: Mapping[str, Any] | None = None) -> Any:
    """A number (float), a bracketed list of numbers (nested lists of floats), or, with a
    ``namespace``, the value a name stands for there."""
    if namespace is not None and NAME.match(text):
        if text in namespace:
            return namespace[text]
        raise PointError(
            f"the value of {name} ({text!r}) is not a number and no variable {text!r} is "
            f"defined; write a number such as {name}=0.5, a list such as {name}=[1, 2], or "
            "the name of an array defined in the notebook")
    try:
        return parse_number(text)
    except ValueError:
        raise NotANumber(name, text) from None


def parse_number(text: str) -> float | list[Any]:
    """``0.5`` -> 0.5; ``[[1, 2], [3, 4]]`` -> nested lists of floats, none empty."""
    text = text.strip()
    if not text.startswith("["):
        return float(text)
    tokens = _NUMBER_TOKEN.findall(text)
    if "".join(tokens) != re.sub(r"\s+", "", text):
        raise ValueError(text)
    value, rest = _list_from(tokens)
    if rest:
        raise ValueError(text)
    return value


def _list_from(tokens: list[str]) -> tuple[list[Any], list[str]]:
    if not tokens or tokens[0] != "[":
        raise ValueError("expected [")
    items: list[Any] = []
    item: list[Any] | float
    tokens = tokens[1:]
    while tokens and tokens[0] != "]":
        if tokens[0] == "[":
            item, tokens = _list_from(tokens)
        else:
            item, tokens = float(tokens[0]), tokens[1:]
        items.append(item)
        if tokens and tokens[0] == ",":
            tokens = tokens[1:]
        elif tokens and tokens[0] != "]":
            raise ValueError("expected , or ]")
    if not tokens:
        raise ValueError("missing ]")
    if not items:
        raise ValueError("an empty list")
    return items, tokens[1:]


DIRECTED = {"hessian": "hvp", "jacobian": "jvp"}  # the product along a direction, per matrix


def direction_refusal(derivative: str) -> str:
    """Why --direction does not go with ``derivative``, and what to write instead."""
    product = DIRECTED.get(derivative)
    hint = f"; for the {derivative} times v write --derivative {product} --direction ..." \
        if product else "; add --derivative hvp, jvp or vjp"
    return f"--direction is for hvp, jvp and vjp, not the {derivative}{hint}"


def parse_direction(text: str, namespace: Mapping[str, Any] | None = None) -> np.ndarray:
    """``--direction``: ``1,0,2`` or ``[1, 0, 2]`` (or, with a ``namespace``, the name of an
    array there) -> a flat float64 vector, in the order of the flat point (or output)."""
    text = text.strip().strip("'\"")
    if namespace is not None and NAME.match(text):
        if text not in namespace:
            raise PointError(f"--direction {text!r}: no variable {text!r} is defined; give "
                             "numbers separated by commas, e.g. --direction 1,0")
        value = namespace[text]
    else:
        spelled = text if text.startswith("[") else f"[{text}]"
        try:
            value = parse_number(spelled)
        except ValueError:
            raise PointError(f"--direction {text!r} is not a list of numbers; write e.g. "
                             "--direction 1,0 (a negative first entry: --direction=-1,0)"
                             ) from None
    try:
        vector = np.asarray(value, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise PointError(f"--direction {text!r} holds something that is not a number") from None
    if vector.size == 0:
        raise PointError("--direction is empty; give the vector's entries, e.g. 1,0")
    return vector


# -- a region: each variable's range -----------------------------------------------------------

Range = tuple[float, float]
REGION_EXAMPLE = "x=-2:2,y=-1:3"


def parse_region(text: str) -> dict[str, Range | list[Range]]:
    """``x=-2:2,y=-1:3`` -> {"x": (-2.0, 2.0), "y": (-1.0, 3.0)}; a vector variable gives
    one range per entry in brackets: ``v=[-1:1,0:2]`` -> {"v": [(-1, 1), (0, 2)]}.

    Each mistake raises ``PointError`` naming the part of ``text`` that is wrong."""
    check_brackets(text)
    parts = point_items(join_equals(text.strip()))
    if not parts:
        raise PointError(f"no ranges given; give each variable's, e.g. {REGION_EXAMPLE}")
    region: dict[str, Range | list[Range]] = {}
    for part in parts:
        name, equals, ranges = (piece.strip() for piece in part.partition("="))
        if not equals:
            raise PointError(f"{part!r} is not name=LOW:HIGH; write e.g. x=-2:2")
        if not NAME.match(name):
            raise PointError(f"{name!r} (in {part!r}) is not a variable name")
        if name in region:
            raise PointError(f"{name} is given twice; give each variable's range once")
        region[name] = _ranges(name, ranges)
    return region


def _ranges(name: str, text: str) -> Range | list[Range]:
    if not text:
        raise PointError(f"{name}= has no range; write {name}=LOW:HIGH, e.g. {name}=-2:2")
    if not text.startswith("["):
        return _range(name, text)
    if not text.endswith("]"):
        raise PointError(f"{name}={text}: a vector's ranges go inside one pair of brackets, "
                         f"e.g. {name}=[-1:1,0:2]")
    entries = split_top_level(text[1:-1])
    if entries == [""]:
        raise PointError(f"{name}=[] gives no ranges; write one per entry, e.g. {name}=[-1:1,0:2]")
    if not all(entries):
        raise PointError(f"{name}={text} has an empty entry; check the commas")
    return [_range(f"{name}[{i}]", entry) for i, entry in enumerate(entries)]


def _range(name: str, text: str) -> Range:
    bounds = [bound.strip() for bound in text.split(":")]
    if len(bounds) != 2 or not all(bounds):
        raise PointError(f"{name}={text} is not a range; write {name}=LOW:HIGH, e.g. "
                         f"{name}=-2:2")
    low, high = (_bound(name, which, bound) for which, bound in zip(("low", "high"), bounds))
    if not low < high:
        raise PointError(f"{name}={text}: the low end ({bounds[0]}) must be below the high end "
                         f"({bounds[1]})")
    return low, high


def _bound(name: str, which: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise PointError(f"{name}: the {which} end {text!r} is not a number") from None
    if not np.isfinite(value):
        raise PointError(f"{name}: the {which} end {text!r} is not finite; give a number")
    return value
