"""The parameter values a payoff function receives: ``p.name`` or ``p["name"]``, read-only.

:class:`Values` is what :class:`~bargain.model.parameters.Model` hands a payoff function (and a
tree function of :class:`~bargain.model.extensive.ExtensiveModel`): scalars for one game, arrays
of one common shape for a batch, Fractions for an exact game.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bargain.errors import did_you_mean

__all__ = ["Values"]


class Values(Mapping[str, Any]):
    """Read-only parameter values handed to a payoff function: ``p.name`` or ``p["name"]``."""

    __slots__ = ("_batch_shape", "_data", "_exact")

    def __init__(self, data: Mapping[str, Any], batch_shape: tuple[int, ...] = (), exact: bool = False) -> None:
        object.__setattr__(self, "_data", dict(data))
        object.__setattr__(self, "_batch_shape", tuple(batch_shape))
        object.__setattr__(self, "_exact", bool(exact))

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The common shape of every value (``()`` for a single game)."""
        return self._batch_shape

    @property
    def exact(self) -> bool:
        """True when the values are Fractions (``model.game(exact=True)``)."""
        return self._exact

    def __getattr__(self, name: str) -> Any:
        data = object.__getattribute__(self, "_data")
        if name in data:
            return data[name]
        raise AttributeError(f"no parameter {name!r}{did_you_mean(name, data)}; parameters are {sorted(data)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("parameter values are read-only")

    def __getitem__(self, name: str) -> Any:
        try:
            return self._data[name]
        except KeyError:
            raise KeyError(f"no parameter {name!r}{did_you_mean(name, self._data)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Values({self._data!r})"
