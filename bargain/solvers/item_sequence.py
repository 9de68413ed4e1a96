"""The read-only sequence protocol shared by the result collections (equilibria, SPE, refinement rows).

A result collection holds its items in one tuple attribute, named by the class attribute
``_items_field``; :class:`ItemSequence` gives it ``len``, iteration and indexing over that tuple,
with a slice returned as a list, as :class:`~bargain.solvers.result.Equilibria` always did.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

__all__ = ["ItemSequence"]

T = TypeVar("T")


class ItemSequence(Sequence[T]):
    """A :class:`~collections.abc.Sequence` over the tuple held in the attribute ``_items_field``."""

    _items_field = "_items"

    def _item_tuple(self) -> tuple[T, ...]:
        return getattr(self, self._items_field)

    def __len__(self) -> int:
        return len(self._item_tuple())

    def __iter__(self) -> Iterator[T]:
        return iter(self._item_tuple())

    def __getitem__(self, index: Any) -> Any:  # type: ignore[override]
        items = self._item_tuple()
        return list(items[index]) if isinstance(index, slice) else items[index]
