"""The result of a bargaining solution: agreed payoffs, disagreement point and the lottery."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.model.numbers import format_number
from bargain.model.rich import RichDisplay

__all__ = ["BargainingSolution", "jsonable"]


def jsonable(x: Any) -> Any:
    """Fractions as ``"p/q"`` strings, numpy numbers as Python numbers (NaN/inf as None), containers
    recursively."""
    if isinstance(x, Fraction):
        return format_number(x)
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return [jsonable(v) for v in x.tolist()]
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, float | np.floating):
        return float(x) if np.isfinite(x) else None        # strict JSON has no NaN or infinity
    return x


@dataclass(frozen=True, eq=False)
class BargainingSolution(RichDisplay):
    """An agreement chosen by a bargaining solution.

    Parameters
    ----------
    solution : str
        ``"nash"``, ``"kalai-smorodinsky"``, ``"egalitarian"`` or ``"utilitarian"``.
    players : tuple[str, ...]
        player names.
    payoffs : np.ndarray
        agreed payoffs (floats); ``exact_payoffs`` the same as Fractions when exact.
    disagreement : np.ndarray
        the disagreement point (floats); ``exact_disagreement`` as Fractions.
    weights : tuple[Any, ...] | None, optional
        bargaining weights (Nash) or utility weights (utilitarian, egalitarian), or None.
    lottery : dict[str, Any] | None, optional
        outcome label -> probability of a lottery achieving ``payoffs`` (polytopes), or None.
    ideal : tuple[Any, ...] | None, optional
        the ideal (utopia) point, for Kalai–Smorodinsky.
    rule : str, default 'explicit'
        how the disagreement point was chosen.
    notes : tuple[str, ...], default ()
        caveats (e.g. an irrational answer given in floating point).
    exact_payoffs : tuple of Fraction, optional
        The payoffs as Fractions when exact.
    exact_disagreement : tuple of Fraction, optional
        The disagreement point as Fractions when exact.
    feasible : FeasibleSet, optional
        The feasible set bargained over.
    """

    solution: str
    players: tuple[str, ...]
    payoffs: np.ndarray
    disagreement: np.ndarray
    exact_payoffs: tuple[Fraction, ...] | None = None
    exact_disagreement: tuple[Fraction, ...] | None = None
    weights: tuple[Any, ...] | None = None
    lottery: dict[str, Any] | None = None
    ideal: tuple[Any, ...] | None = None
    rule: str = "explicit"
    notes: tuple[str, ...] = ()
    feasible: Any = field(default=None, repr=False)

    @property
    def is_exact(self) -> bool:
        return self.exact_payoffs is not None

    @property
    def gains(self) -> np.ndarray:
        """Each player's gain over the disagreement point."""
        return self.payoffs - self.disagreement

    def payoff(self, player: int | str) -> float:
        i = self.players.index(player) if isinstance(player, str) else int(player)
        return float(self.payoffs[i])

    def _fmt(self, exact: Any, flt: np.ndarray) -> list[str]:
        src = exact if exact is not None else flt
        return [format_number(v) for v in src]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (exact values as ``"p/q"``; floats alongside)."""
        return jsonable(self._dict())

    def _dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "solution": self.solution,
            "players": list(self.players),
            "payoffs": {p: float(v) for p, v in zip(self.players, self.payoffs, strict=True)},
            "disagreement": {p: float(v) for p, v in zip(self.players, self.disagreement, strict=True)},
            "disagreement_rule": self.rule,
            "exact": self.is_exact,
        }
        if self.exact_payoffs is not None:
            out["exact_payoffs"] = dict(zip(self.players, jsonable(self.exact_payoffs), strict=True))
        if self.exact_disagreement is not None:
            out["exact_disagreement"] = dict(zip(self.players, jsonable(self.exact_disagreement), strict=True))
        if self.weights is not None:
            out["weights"] = dict(zip(self.players, jsonable(self.weights), strict=True))
        if self.lottery is not None:
            out["lottery"] = jsonable(self.lottery)
        if self.ideal is not None:
            out["ideal"] = dict(zip(self.players, jsonable(self.ideal), strict=True))
        out["notes"] = list(self.notes)
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def __repr__(self) -> str:
        names = {"nash": "Nash", "kalai-smorodinsky": "Kalai-Smorodinsky", "egalitarian": "egalitarian",
                 "utilitarian": "utilitarian"}
        title = names.get(self.solution, self.solution) + " solution"
        pays = ", ".join(f"{p}={v}" for p, v in zip(self.players, self._fmt(self.exact_payoffs, self.payoffs),
                                                       strict=True))
        dis = ", ".join(f"{p}={v}" for p, v in zip(self.players,
                                                   self._fmt(self.exact_disagreement, self.disagreement),
                                                   strict=True))
        lines = [f"{title}: {pays}", f"  disagreement ({self.rule}): {dis}"]
        if self.weights is not None:
            lines.append("  weights: " + ", ".join(f"{p}={format_number(w)}"
                                                   for p, w in zip(self.players, self.weights, strict=True)))
        if self.ideal is not None:
            lines.append("  ideal point: " + ", ".join(f"{p}={format_number(v)}"
                                                       for p, v in zip(self.players, self.ideal, strict=True)))
        if self.lottery:
            lines.append("  lottery: " + " + ".join(f"{format_number(q)} x {k}" for k, q in self.lottery.items()))
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)
