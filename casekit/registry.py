"""One registry, written once: named things registered by a decorator and found by name.

>>> shapes = Registry("shape")
>>> @shapes.register("square")
... def square(): ...
>>> shapes.get("sqare")
Traceback (most recent call last):
KeyError: "unknown shape 'sqare' (did you mean 'square'?); shapes: square"
"""

from __future__ import annotations

import difflib
from typing import Callable, Generic, Iterator, TypeVar

T = TypeVar("T")


def nearest(name: str, choices) -> str:
    """" (did you mean 'x'?)" for the closest of ``choices``, or ""."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Registry(Generic[T]):
    """Names to items, in registration order; a name is registered once."""

    def __init__(self, what: str):
        self.what = what
        self._items: dict[str, T] = {}

    def register(self, name: str, item: T | None = None) -> Callable[[T], T] | T:
        """``registry.register("id", item)``, or as a decorator ``@registry.register("id")``."""
        def add(obj: T) -> T:
            if name in self._items:
                raise ValueError(f"{self.what} {name!r} registered twice")
            self._items[name] = obj
            return obj
        return add if item is None else add(item)

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(f"unknown {self.what} {name!r}{nearest(name, self._items)}; "
                           f"{self.what}s: {', '.join(sorted(self._items))}") from None

    def copy(self) -> "Registry[T]":
        """A registry with the same items, to register into without touching this one."""
        other: Registry[T] = Registry(self.what)
        other._items = dict(self._items)
        return other

    def names(self) -> list[str]:
        return list(self._items)

    def items(self):
        return self._items.items()

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, name: str) -> T:
        return self.get(name)
