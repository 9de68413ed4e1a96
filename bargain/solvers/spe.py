"""Subgame-perfect equilibria of game trees with imperfect information, by folding back subgames.

Selten's (1965) construction: a behaviour profile is subgame perfect iff it is a Nash equilibrium
of every subgame.  Working from the innermost subgames out, each subgame's equilibria are found
with the normal-form solvers (:func:`bargain.solve` on the reduced normal form of the subgame in
which every inner subgame has been replaced by the payoffs of one of its equilibria), turned into
behaviour strategies by Kuhn's map, and every combination of inner equilibria is folded into the
next subgame up (Osborne and Rubinstein 1994, ch. 6 for the perfect-information
case; Fudenberg and Tirole 1991, sec. 3.5).  The set found is every SPE whose restriction to each
subgame is one of the equilibria the normal-form solver lists for it, so it is complete when each
subgame's normal form has finitely many equilibria and the solver is complete (support/vertex
enumeration for two players, polynomial enumeration for more).  When a subgame has a continuum of
equilibria, its extreme equilibria are combined and a note says so.

Where a player's own equilibrium plan rules out one of their information sets that starts no
subgame, any behaviour there is part of an SPE with the same outcome: such sets are reported in
:attr:`~bargain.solvers.spe_result.SubgamePerfectEquilibrium.free` with a uniform placeholder.

Perfect-information trees go to :func:`~bargain.solvers.backward_induction.backward_induction`
with ``method="auto"``; ``method="subgames"`` forces the fold-back (the two agree on pure SPE).
Every profile returned passes :func:`~bargain.solvers.spe_result.verify_subgame_perfect`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError, did_you_mean
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.game import Game
from bargain.solvers.backward_induction import DEFAULT_LIMIT, backward_induction
from bargain.solvers.spe_result import SubgamePerfectEquilibria, make_spe

__all__ = ["subgame_perfect_equilibria", "SPE_METHODS"]

SPE_METHODS = ("auto", "backward-induction", "subgames")


@dataclass(frozen=True)
class _Local:
    """One equilibrium of a (folded) subgame: behaviour by information-set label, values."""

    probs: dict[str, tuple[Any, ...]]
    free: frozenset[str]
    value: tuple[Any, ...]
    exact: bool


def subgame_perfect_equilibria(tree: ExtensiveGame, method: str = "auto", *, exact: bool | None = None,
                               tol: float | None = None, limit: int = DEFAULT_LIMIT,
                               normal_form_method: str = "auto") -> SubgamePerfectEquilibria:
    """The subgame-perfect equilibria of ``tree``.

    ``method``: ``"auto"`` (backward induction for perfect information, else fold-back of
    subgames), ``"backward-induction"`` or ``"subgames"``.  ``normal_form_method`` is the
    :func:`bargain.solve` method used inside each subgame with two or more movers.  ``exact=None``
    uses rational arithmetic when the tree is exact.  At most ``limit`` SPE are listed.

    Parameters
    ----------
    tree : ExtensiveGame
        The game tree.
    method : str, default 'auto'
        ``"auto"``, ``"backward-induction"`` or ``"subgames"``.
    exact : bool, optional
        Rational arithmetic (default when the tree is exact).
    tol : float, optional
        The regret bound of float verification (default the tree's tolerance).
    limit : int, default 1000
        The most SPE listed.
    normal_form_method : str, default 'auto'
        The :func:`bargain.solve` method inside each subgame with two or more movers.

    Returns
    -------
    SubgamePerfectEquilibria
        The SPE as behaviour profiles with their payoffs and paths, and notes (e.g. when ``limit``
        cut the list).

    Raises
    ------
    GameError
        For something that is not an ExtensiveGame, an unknown method, ``limit < 1``, or
        ``exact=True`` on a tree that is not exact.

    References
    ----------
    Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit.
    *Zeitschrift für die gesamte Staatswissenschaft* 121, 301-324.
    Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*. MIT Press, ch. 6.
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, ch. 3.
    """
    if not isinstance(tree, ExtensiveGame):
        raise GameError(f"subgame_perfect_equilibria() needs a bargain.ExtensiveGame, got {type(tree).__name__}; "
                        "build one with bargain.ExtensiveGame(root, players)")
    if method not in SPE_METHODS:
        raise GameError(f"unknown SPE method {method!r}{did_you_mean(str(method), SPE_METHODS)}; "
                        f"methods are {list(SPE_METHODS)}")
    if int(limit) < 1:
        raise GameError(f"limit must be at least 1, got {limit}")
    if method == "backward-induction" or (method == "auto" and tree.has_perfect_information):
        return backward_induction(tree, exact=exact, tol=tol, limit=limit)
    tree.check_perfect_recall("subgame-perfect equilibrium")
    use_exact = tree.is_exact if exact is None else bool(exact)
    if use_exact and not tree.is_exact:
        raise GameError("exact=True needs an exact tree (int or Fraction payoffs and probabilities)")
    return _fold_back(tree, use_exact, tol, int(limit), normal_form_method)


def _nesting(tree: ExtensiveGame) -> dict[int, list[int]]:
    """For every subgame root, the subgame roots directly inside it."""
    roots = tree.subgame_roots()
    kids: dict[int, list[int]] = {r: [] for r in roots}
    stack: list[int] = []
    for r in roots:
        while stack and not (stack[-1] < r < tree.subtree_end(stack[-1])):
            stack.pop()
        if stack:
            kids[stack[-1]].append(r)
        stack.append(r)
    return kids


def _fold_back(tree: ExtensiveGame, exact: bool, tol: float | None, limit: int,
               nf_method: str) -> SubgamePerfectEquilibria:
    kids = _nesting(tree)
    notes: list[str] = []
    caveats: list[str] = []           # notes that make the list incomplete
    complete = True
    sols: dict[int, list[_Local]] = {}
    for r in reversed(tree.subgame_roots()):
        out: list[_Local] = []
        inner = kids[r]
        for combo in itertools.product(*(sols[c] for c in inner)):
            if len(out) >= limit:
                complete = False
                break
            folded = tree.subgame(r, {c: s.value for c, s in zip(inner, combo, strict=True)})
            for loc in _solve_folded(tree, r, folded, exact, tol, nf_method, notes, caveats):
                probs: dict[str, tuple[Any, ...]] = {}
                free: set[str] = set(loc.free)
                for s in combo:
                    probs.update(s.probs)
                    free |= s.free
                probs.update(loc.probs)
                out.append(_Local(probs, frozenset(free), loc.value,
                                  loc.exact and all(s.exact for s in combo)))
                if len(out) >= limit:
                    break
        for c in inner:
            del sols[c]
        sols[r] = out
    method = "subgames"
    eqs = []
    for s in sols[0]:
        probs = [s.probs[h.label] for h in tree.infosets]
        b = BehaviourProfile.build(tree, probs, exact=s.exact)
        spe_exact = exact and s.exact and b.is_exact
        eqs.append(make_spe(tree, b, method, exact=spe_exact, tol=tol, free=sorted(s.free)))
    if not complete:
        caveats.append(f"more than {limit} SPE: the first {limit} are listed (raise limit= for more)")
    return SubgamePerfectEquilibria(tree, eqs, method, complete=complete and not caveats,
                                    notes=tuple(dict.fromkeys(caveats + notes)))


def _solve_folded(tree: ExtensiveGame, root: int, folded: ExtensiveGame, exact: bool, tol: float | None,
                  nf_method: str, notes: list[str], caveats: list[str]) -> list[_Local]:
    """The equilibria of one subgame whose inner subgames are folded into payoffs."""
    where = tree.node_name(root)
    if not folded.infosets:                      # only chance moves left
        b = BehaviourProfile.build(folded, [], exact=True)
        use = exact and folded.is_exact
        return [_Local({}, frozenset(), tuple(b.payoffs(exact=use)), use)]
    folded.check_perfect_recall(f"the subgame at {where!r}")
    use_exact = exact and folded.is_exact
    nf = folded.reduced_normal_form(exact=use_exact)
    active = sorted({h.player for h in folded.infosets})
    labels = {h.index: h.label for h in folded.infosets}
    if len(active) == 1:
        return _single_mover(folded, nf, active[0], use_exact, tol, labels, where, notes)
    sub = Game((nf.exact_payoffs if use_exact else nf.payoffs)[active].reshape(
        len(active), *(nf.shape[i] for i in active)),
        players=[nf.players[i] for i in active], strategies=[nf.strategies[i] for i in active])
    from bargain.solvers.registry import solve

    # exact arithmetic where the method has an exact mode (exact=None on an exact game); a method without one
    # (e.g. 'qre', which 'auto' picks for a large subgame of three or more movers) answers in floats
    eqs = solve(sub, nf_method, exact=None if use_exact else False, tol=tol)
    if not eqs.complete:
        caveats.append(f"the normal-form method {eqs.method!r} is not guaranteed complete (subgame at {where!r})")
    if any(not c.is_isolated for c in eqs.components) or eqs.continua:
        caveats.append(f"the subgame at {where!r} has a continuum of equilibria; its extreme equilibria are combined")
    out = []
    for eq in eqs:
        q = eq.is_exact
        src = eq.exact_profile if q else eq.profile
        full: list[Any] = []
        k = 0
        for i in range(folded.n_players):
            if i in active:
                full.append(np.array(src[k], dtype=object if q else float))
                k += 1
            else:
                full.append(np.array([Fraction(1)] if q else [1.0], dtype=object if q else float))
        b = folded.behaviour_from_mixed(full, exact=q)
        src_b = b.exact_probabilities if q else b.probabilities
        assert src_b is not None
        value = tuple(b.payoffs(exact=q))
        out.append(_Local({labels[h]: tuple(src_b[h]) for h in labels},
                          frozenset(labels[h] for h in b.undetermined), value, q))
    return out


def _single_mover(folded: ExtensiveGame, nf: Game, i: int, exact: bool, tol: float | None,
                  labels: dict[int, str], where: str, notes: list[str]) -> list[_Local]:
    """One player moves: their optimal plans (each a pure equilibrium of the subgame)."""
    u = (nf.exact_payoffs if exact else nf.payoffs)[i].reshape(-1)
    best = max(u)
    t = 0 if exact else (folded.tolerance if tol is None else tol)
    winners = [s for s, v in enumerate(u) if v >= best - t]
    if len(winners) > 1:
        notes_text = (f"pure SPE listed; at the subgame at {where!r} {folded.players[i]} is indifferent between "
                      "plans, and mixtures of them are subgame perfect too")
        if notes_text not in notes:
            notes.append(notes_text)
    plans = folded.reduced_strategies(i)
    out = []
    for s in winners:
        plan = plans[s]
        probs: dict[str, tuple[Any, ...]] = {}
        free = set()
        for h in folded.infosets:
            if h.index in plan:
                probs[labels[h.index]] = tuple(Fraction(int(k == plan[h.index])) for k in range(h.num_actions))
            else:
                probs[labels[h.index]] = tuple(Fraction(1, h.num_actions) for _ in range(h.num_actions))
                free.add(labels[h.index])
        b = BehaviourProfile.build(folded, [probs[labels[h.index]] for h in folded.infosets], exact=True)
        out.append(_Local(probs, frozenset(free), tuple(b.payoffs(exact=exact)), exact))
    return out
