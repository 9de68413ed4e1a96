"""What the support solver returns: a solution on one support profile with its regime conditions, or the
reason a support has no closed form (:mod:`.supports`, :mod:`.three_binary`, :mod:`.spe`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from bargain.solvers.polynomial.support import Support

__all__ = ["Condition", "SupportSolution", "Unsolved"]


@dataclass(frozen=True)
class Condition:
    """One inequality of a regime: ``num / den > 0`` (``strict``) or ``num / den >= 0``.

    ``num`` and ``den`` are ring elements (linear case), sympy expressions (polynomial case) or
    :class:`~.sampled.SampledExpression` s (three binary mixers, :mod:`.three_binary`).
    ``kind`` is ``"prob"`` (a probability on the support is positive; it binds when it reaches 0),
    ``"br"`` (strategy ``strategy`` of ``player``, off the support, earns no more than the
    support; it binds when it becomes a best response) or ``"real"`` (the discriminant of a
    quadratic defining polynomial is positive; it binds at a fold, where two equilibria meet) or
    ``"branch"`` (a comparison of parameters in the payoffs, ``label``, holds or fails; it binds where
    the payoffs switch, :mod:`.branches`) or ``"move"`` (in a tree, the mover's value of the move a
    subgame-perfect profile takes at a node is at least that of action ``strategy``; it binds where the
    two tie, ``label``, :mod:`.spe`).
    """

    num: Any
    den: Any
    strict: bool
    kind: str
    player: int
    strategy: int
    label: str = ""


@dataclass
class SupportSolution:
    """The equilibrium on one support profile (one branch of it), as quotients in the parameters.

    Attributes
    ----------
    support : tuple of tuples
        Strategy indices each player uses.
    profile : list of lists of (num, den)
        Every player's probability of every strategy as a quotient (0 off the support).
    values : list of (num, den)
        Every player's expected payoff.
    conditions : list of Condition
        The regime's inequalities before simplification.
    method : str
        ``"linear"`` (Cramer's rule, ring elements) or ``"polynomial"`` (Groebner basis and
        radicals, sympy expressions).
    system, unknowns, groebner : polynomial case only: the indifference equations, their unknowns
        and a lexicographic Groebner basis.
    branch : int
        Which solution of a polynomial system (0 for the linear case).
    moves, moves_label : a subgame-perfect profile of a tree only (:mod:`.spe`): the action index at
        every information set, by label, and the profile as text.
    """

    support: Support
    profile: list[list[tuple[Any, Any]]]
    values: list[tuple[Any, Any]]
    conditions: list[Condition]
    method: str
    system: list[sp.Expr] = field(default_factory=list)
    unknowns: tuple[sp.Symbol, ...] = ()
    groebner: list[sp.Expr] | None = None
    branch: int = 0
    moves: dict[str, int] | None = None
    moves_label: str = ""


@dataclass
class Unsolved:
    """A support whose equilibria are not given in closed form, and why."""

    support: Support
    reason: str
    system: list[sp.Expr] = field(default_factory=list)
    unknowns: tuple[sp.Symbol, ...] = ()
    groebner: list[sp.Expr] | None = None
