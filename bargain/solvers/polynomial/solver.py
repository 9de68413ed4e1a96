"""Every equilibrium of a small n-player game: polynomial support enumeration.

Method
------
For every support profile ``S = (S_1, ..., S_n)`` (Porter-Nudelman-Shoham order, pruned by
conditional strict dominance; :mod:`bargain.solvers.polynomial.support`) the equilibria with exactly
those supports are the solutions of player ``i``'s ``d_i = |S_i| - 1`` indifference equations,
multilinear in the other players' mixtures, that are positive on ``S`` and against which no
strategy outside ``S_i`` is better (McKelvey and McLennan 1996, "Computation of equilibria in
finite games", *Handbook of Computational Economics* I, sec. 6; Gambit's ``enumpoly``).  Strictly
dominated strategies are removed first (iterated strict dominance keeps every equilibrium).  The
system of a support is solved *completely*, by the algebra that fits its size:

* no mixing player: all pure equilibria in one vectorised test (:mod:`bargain.solvers.pure`);
* one or two mixing players: the equations are *linear* (each mixing player's equations involve
  only the other one's mixture).  A unique solution is computed directly (exactly, in rationals,
  for exact games).  A rank-deficient system (a degenerate game) has a polytope of solutions for
  each player: its vertices are found by linear programming and the set is reported as a
  :class:`~bargain.solvers.result.Continuum` (or as an equilibrium if it is one point);
* three mixing players, one of them over two strategies: hidden-variable elimination gives one
  univariate polynomial per support whose degree is the multihomogeneous Bezout number;
  all supports of the same shape are solved in one batched eigenvalue computation
  (:mod:`bargain.solvers.polynomial.univariate`);
* three mixing players each over three strategies: two plane quartics whose 8x8 Sylvester
  resultant is a degree-16 polynomial, accepted only when Newton polishing confirms exactly the
  10 solutions of the Bezout count (:mod:`bargain.solvers.polynomial.resultant`; solutions over the
  points where the elimination degenerates, as in coordination games, are solved on those fibres
  directly: :mod:`bargain.solvers.polynomial.fibres`);
* three mixing players, two over three strategies and one over four: a cubic and a sextic plane
  curve whose 9x9 Sylvester resultant has degree 18, accepted only when Newton polishing confirms
  exactly the 12 solutions of the Bezout count (:func:`~bargain.solvers.polynomial.resultant.solve_334`);
* every other support (three players mixing over three or more strategies and at least two over
  four, four or more mixing players, and any support the fast routes reject): a
  multihomogeneous homotopy with the gamma trick, all paths of all supports whose shapes agree up
  to the order of the players tracked as one numpy array (:mod:`bargain.solvers.polynomial.homotopy`).

Every real root in the product of simplices is polished by Newton's method and *verified* in the
original game (regret at most the tolerance, which also checks the strategies outside the
support) by :func:`~bargain.solvers.result.make_equilibrium`.  For exact games a root whose
probabilities are rational is returned exactly (the rational candidate is verified with zero
exact regret); an irrational equilibrium of a support where each of three players mixes over two
strategies comes with its minimal polynomial and closed form (``Equilibrium.algebraic``).

What is complete
----------------
* Pure equilibria and equilibria in which at most two players mix: always, degenerate games
  included (continua are reported with their vertices as samples).
* Equilibria in which three or more players mix: every equilibrium that is an *isolated* solution
  of its support's indifference equations is found.  The univariate route is exact algebra
  (up to floating-point root finding, then Newton polishing); the homotopy route finds every
  isolated solution with probability one over its random start system (Morgan and Sommese 1987).
  Payoffs in general position (e.g. any random float game) have only isolated solutions.
* Positive-dimensional solution sets with three or more mixing players (degenerate games only)
  are traced and reported as continua when a path ends on them at a real point.  When the
  solver meets such a set only at complex points, or a path fails, the result says so in
  ``notes`` and ``complete`` is False.  Support shapes whose multihomogeneous Bezout number is
  zero (a player mixing over more strategies than the other mixing players together, plus one)
  have no solutions unless the game is degenerate; they are skipped, and a game with payoff ties
  gets a note saying so.

What the completeness check re-solves
-------------------------------------
The answer's :attr:`~bargain.solvers.result.Equilibria.recheck` lists the support profiles that no
deterministic computation finding every solution settled, and only those are redone by the
independent route when the index theorem does not apply (:func:`independent_route`).  Settled are
pure profiles, the linear systems of one or two mixing players, the univariate elimination whose
polynomial does not vanish identically and whose special fibres are points, and the (3, 3, 3) and
(2, 2, 2, 2) resultants when they confirmed 10 (respectively 9) distinct nonsingular solutions and
the solution set is proven finite in exact arithmetic
(:func:`~bargain.solvers.polynomial.finite.proven_finite`; the multihomogeneous Bezout theorem then
makes those every solution).  The (3, 3, 4) and (3, 4, 4) resultants (their counts alone do not
exclude a positive-dimensional set, and no finiteness proof is implemented for them), curves of
solutions, and the homotopy are rechecked.  With nothing left the answer's evidence is ``"enumeration"``.
"""


from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.game import Game
from bargain.solvers.completeness import permute_players, unpermute
from bargain.solvers.polynomial.closed_2x2x2 import CLOSED_FORM_NOTE, Batch2x2x2, closed_form_2x2x2, closed_form_one
from bargain.solvers.polynomial.collector import BEZOUT, METHOD, SEED, Collector, SupportSolution
from bargain.solvers.polynomial.homotopy import one_blas_thread
from bargain.solvers.polynomial.low_dim import linear_support
from bargain.solvers.polynomial.multilinear import algebraic, homotopy_groups, homotopy_route, polynomial_group
from bargain.solvers.polynomial.support import (
    Support,
    mixing_players,
    support_profiles,
)
from bargain.solvers.progress import Progress, ticker
from bargain.solvers.pure import pure_equilibrium_mask
from bargain.solvers.registry import register
from bargain.solvers.result import Equilibria, Equilibrium

__all__ = ["polynomial_solve", "solve_2x2x2_batch", "solve_support", "SupportSolution"]


# ------------------------------------------------------------------ public entry points
def _prepare(game: Game, exact: bool, tol: float | None, report: Game | None = None) -> Collector:
    if not isinstance(game, Game):
        raise GameError(f"the polynomial solver needs a bargain.Game, got {type(game).__name__}")
    t = game.tolerance if tol is None else float(tol)
    if not t > 0:
        raise GameError(f"tol must be a positive number, got {tol!r}")
    if exact and not game.is_exact:
        game = game.to_exact()
    reduced, kept = game.eliminate_dominated(strict=True, tol=t)
    return Collector(game, reduced, kept, exact, t, _report(game, report, exact))


def _report(game: Game, report: Game | None, exact: bool) -> Game | None:
    """The game the equilibria are reported for (exact when the solve is), checked to match ``game``'s shape."""
    if report is None:
        return None
    if not isinstance(report, Game) or report.shape != game.shape:
        raise GameError("report must be a Game equivalent to the one solved (same players and strategies)")
    return report.to_exact() if exact else report


def _solve_supports(col: Collector, supports: list[Support], seed: int, route: str = "auto",
                    tick: Callable[[int], None] | None = None, first_order: list[int] | None = None) -> None:
    """Solve every support profile; ``tick(done)`` is told how many supports are solved so far.  In a second
    route (the players in ``first_order``) a group whose elimination would repeat the first route's goes to
    the homotopy (:func:`~bargain.solvers.polynomial.multilinear.homotopy_route`)."""
    groups: dict[tuple, list[Support]] = defaultdict(list)
    done = 0
    for S in supports:
        mix = mixing_players(S)
        if len(mix) == 0:
            col.add(col.full_profile(S, {}))
        elif len(mix) <= 2:
            linear_support(col, S, mix)
        else:
            groups[(mix, tuple(len(S[i]) for i in mix))].append(S)
            continue
        done += 1
        if tick is not None:
            tick(done)
    homotopy = []
    for (mix, _), sups in groups.items():
        if route == "homotopy" or homotopy_route(col, sups, mix, first_order):
            homotopy.append((sups, mix))
        else:
            polynomial_group(col, sups, mix, seed)
            done += len(sups)
            if tick is not None:
                tick(done)
    if homotopy:
        homotopy_groups(col, homotopy, seed)
    if tick is not None:
        tick(len(supports))


def _reordering(game: Game) -> list[int] | None:
    """A player order in which ``game`` is another game (so its elimination is another computation), or None
    when every order tried gives the same game back (a symmetric game, such as a coordination game)."""
    n = game.n_players
    for order in (list(range(n))[::-1], [*range(1, n), 0]):
        if not np.array_equal(permute_players(game, order).payoffs, game.payoffs):
            return order
    return None


def independent_route_name(game: Game) -> str:
    """What :func:`independent_route` does on ``game``, in words (for the completeness note).

    Parameters
    ----------
    game : Game
        The game.

    Returns
    -------
    str
        The route's description.
    """
    if _reordering(game.to_float().normalised()) is None:
        return "the homotopy with the players in reverse order"
    return ("support enumeration with the players reordered (each support system eliminated in that order; the "
            "homotopy, from another random start, where elimination does not apply)")


def independent_route(game: Game, exact: bool, tol: float | None,
                      supports: Sequence[Support] | None = None) -> list[Equilibrium]:
    """The same game solved another way, equilibria mapped back: the players reordered, and each support
    system on which three or more players mix solved by elimination in that order (another elimination
    order: another hidden variable or resultant, whose special fibres are not the first route's), with
    the homotopy from another random start system where elimination does not apply; no 2x2x2 closed form.

    A game that every order tried maps to itself (symmetric) would repeat the first route's elimination,
    so there every support on which three or more players mix is solved by the homotopy instead
    (:func:`independent_route_name` says which); so is, in any game, a support whose elimination would
    hide the same player's mixture as the first route did (one choice of hidden block, e.g. supports
    of sizes (2, 3, 3)).

    The route searches in floats (its job is to find what the first route missed): each equilibrium
    it returns is verified in ``game`` in floats, also for an exact game; the completeness check
    (:func:`~bargain.solvers.completeness.certify`) makes exact, where they are rational, the few
    it adds to the answer, so equilibria the first route already listed cost no exact arithmetic.

    Parameters
    ----------
    game : Game
        The game.
    exact : bool
        Whether the caller solves in exact arithmetic (the search itself is in floats).
    tol : float or None
        Regret tolerance.
    supports : sequence of support profiles, optional
        Re-solve only these (per player, indices of the strategies of ``game`` used; the first route's
        :attr:`~bargain.solvers.result.Equilibria.recheck`: the supports it did not solve by a
        deterministic computation); default every support, pure profiles included.

    Returns
    -------
    list of Equilibrium
        Equilibria of ``game``, each verified in ``game``.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6 (elimination); Morgan, A. and Sommese, A.
    (1987), *Appl. Math. Comput.* 24 (the homotopy).
    """
    # the solvers work on each player's payoffs mapped onto [0, 1] (as bg.solve calls them), so that
    # one player's payoff scale cannot loosen another's regret test; unpermute re-verifies in ``game``.
    # The search is in floats, so an exact game is mapped in floats (no rational arithmetic).
    if supports is not None and not supports:
        return []
    norm = game.to_float().normalised()
    order = _reordering(norm)
    route = "auto" if order is not None else "homotopy"
    order = list(range(game.n_players))[::-1] if order is None else order
    only = None if supports is None else [tuple(S[p] for p in order) for S in supports]
    with one_blas_thread():
        res = _polynomial_solve(permute_players(norm, order), False, tol, True, SEED + 17, False, route, None, None,
                                first_order=order, only=only)
    return unpermute(res, game, order, METHOD)


@register("polynomial", players="n", complete=True, exact=True, aliases=("enumpoly",),
          description="all equilibria of small n-player games: support enumeration with polynomial "
                      "(univariate elimination / homotopy) solving; complete for isolated equilibria",
          resolve=independent_route,
          resolve_route=independent_route_name, reports=True)
def polynomial_solve(game: Game, *, exact: bool = False, tol: float | None = None, prune: bool = True,
                     seed: int = SEED, closed_form: bool = True, route: str = "auto",
                     progress: Progress | None = None, report: Game | None = None) -> Equilibria:
    """Every Nash equilibrium of ``game`` by polynomial support enumeration (see the module docstring).

    ``exact`` returns rational equilibria exactly where they are rational; ``tol`` is the regret
    tolerance (default ``game.tolerance``); ``prune`` applies conditional dominance; ``seed`` fixes
    the random start systems; ``closed_form`` solves nondegenerate 2x2x2 games by the closed form
    of :mod:`bargain.solvers.polynomial.closed_2x2x2` (same equilibria, less overhead);
    ``route="homotopy"`` solves every support on which three or more players mix by the homotopy
    (the independent route of the completeness check) instead of elimination.

    Parameters
    ----------
    game : Game
        The game (any number of players).
    exact : bool, default False
        Return rational equilibria exactly where they are rational.
    tol : float, optional
        The regret tolerance (default ``game.tolerance``).
    prune : bool, default True
        Skip supports with a conditionally dominated strategy.
    seed : int, default 20260101
        Seed of the random start systems.
    closed_form : bool, default True
        Solve nondegenerate 2x2x2 games by the closed form.
    route : str, default 'auto'
        ``"auto"`` or ``"homotopy"`` (every support with three or more mixers by homotopy).
    progress : callable, optional
        Called as ``progress(done, total)`` with the number of support profiles solved of those
        enumerated (at most about 100 times; the closed-form 2x2x2 route reports nothing).
    report : Game, optional
        An equivalent game (each player's payoffs mapped by a positive affine map; :func:`bargain.solve`
        passes the user's game and solves its :meth:`Game.normalised`): the equilibria are verified
        once, on ``report`` with twice its :attr:`Game.tolerances` (as
        :func:`~bargain.solvers.result.transfer` checks them), and reported for it.

    Returns
    -------
    Equilibria
        Every equilibrium, verified, with any continua and whether the list is complete.

    Raises
    ------
    GameError
        For something that is not a Game, a tolerance that is not positive, or an unknown route.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
    equilibrium. *Games and Economic Behavior* 63(2), 642-662.
    Morgan, A. and Sommese, A. (1987). Computing all solutions to polynomial systems using homotopy
    continuation. *Applied Mathematics and Computation* 24(2), 115-138.
    """
    if route not in ("auto", "homotopy"):
        raise GameError(f"route must be 'auto' or 'homotopy', got {route!r}")
    with one_blas_thread():
        return _polynomial_solve(game, exact, tol, prune, seed, closed_form, route, progress, report)


def _polynomial_solve(game: Game, exact: bool, tol: float | None, prune: bool, seed: int, closed_form: bool,
                      route: str, progress: Progress | None, report: Game | None,
                      first_order: list[int] | None = None, only: list[Support] | None = None) -> Equilibria:
    """The body of :func:`polynomial_solve` (its arguments checked; BLAS on one thread); ``first_order``: this
    is the second route, on the game with its players in that order (:func:`independent_route`), re-solving
    only the supports ``only`` (strategies of ``game``) when they are given."""
    if closed_form and isinstance(game, Game) and game.shape == (2, 2, 2):
        fast = _closed_form_2x2x2(game, exact, tol, report)
        if fast is not None:
            return fast
    col = _prepare(game, exact, tol, report)
    reduced = col.reduced
    supports = None if only is None else _reduced_supports(col, only)
    if supports is None:
        src = reduced.exact_payoffs if col.exact else reduced.payoffs
        mask = pure_equilibrium_mask(src, 0.0 if col.exact else col.tol, n_players=reduced.n_players)
        for prof in np.argwhere(mask):
            full = col.full_profile(tuple((int(k),) for k in prof), {})
            # a pure profile is its own exact form (no rounding to rationals needed)
            col.add(full, tuple(tuple(Fraction(int(p)) for p in v) for v in full) if col.exact else None)
        supports, pruned = support_profiles(reduced.payoffs, col.tol, prune=prune)
    else:
        pruned = 0
    _solve_supports(col, supports, seed, route, ticker(progress, len(supports)), first_order)
    col.finish()
    removed = sum(a - b for a, b in zip(game.shape, reduced.shape, strict=True))
    notes = [f"support enumeration over {len(supports)} mixed support profiles ({pruned} pruned by conditional "
             f"dominance" + (f", {removed} strictly dominated strategies removed first" if removed else "") + ")"]
    if col.complete:
        notes.append("the method finds every equilibrium that is an isolated solution of its support's "
                     "indifference equations (with probability one for the homotopy route), and all equilibria "
                     "where at most two players mix")
        if _has_ties(reduced):
            notes.append("the game has payoff ties (degenerate): continua on which three or more players mix are "
                         "reported when the solver meets them at a real point")
        if col.settled or col.unproven:
            ways = [f"{k} by {how}" for how, k in col.settled.items()]
            if col.unproven:
                ways.append(_unproven_note(col))
            left = f"; {len(col.unsettled)} left for a second route" if col.unsettled else ""
            notes.append("support systems solved by a deterministic computation that finds every solution: all on "
                         "which at most two players mix (linear algebra); of those on which three or more mix, "
                         + ", ".join(ways) + left)
    notes.extend(col.notes)
    eqs = sorted(col.equilibria, key=lambda e: (sum(len(s) for s in e.support),
                                                tuple(-float(p) for x in e.profile for p in x)))
    return Equilibria(col.report, eqs, METHOD, complete=col.complete, continua=col.continua, notes=notes,
                      recheck=col.recheck)


def _unproven_note(col: Collector) -> str:
    """The supports whose resultant confirmed the Bezout number of solutions, by shape, in words."""
    shapes: dict[tuple[int, ...], int] = defaultdict(int)
    for S in col.unproven:
        shapes[tuple(len(s) for s in S if len(s) > 1)] += 1
    parts = [f"{k} by the {shape} resultant with its {BEZOUT[shape]} solutions confirmed"
             for shape, k in shapes.items()]
    return (", ".join(parts) + " (settled once the solution set is proven finite, which the completeness check "
            "does exactly)")


def _reduced_supports(col: Collector, supports: list[Support]) -> list[Support] | None:
    """``supports`` (strategies of the original game) in the strategies of ``col.reduced``, or None when one
    uses a strategy the reduction removed (then every support is solved)."""
    out = []
    for S in supports:
        try:
            out.append(tuple(tuple(col.kept[i].index(k) for k in s) for i, s in enumerate(S)))
        except ValueError:
            return None
    return out


def _closed_form_2x2x2(game: Game, exact: bool, tol: float | None, report: Game | None) -> Equilibria | None:
    t = game.tolerance if tol is None else float(tol)
    if not t > 0:
        raise GameError(f"tol must be a positive number, got {tol!r}")
    # the batch closed form's arithmetic on one game, in Python floats (the same bits, without its numpy calls)
    degenerate, rows = closed_form_one(game.payoffs, t)
    if degenerate:
        return None
    g = game.to_exact() if exact and not game.is_exact else game
    col = Collector(g, g, ((0, 1), (0, 1), (0, 1)), exact, t, _report(g, report, exact))
    full = ((0, 1), (0, 1), (0, 1))
    for x in rows:
        prof = [np.array([v, 1.0 - v]) for v in x]
        mixed = all(0 < v < 1 for v in x)
        col.add(prof, algebraic=(lambda: algebraic(col, full, (0, 1, 2))) if (exact and mixed) else None)
    eqs = sorted(col.equilibria, key=lambda e: (sum(len(s) for s in e.support),
                                                tuple(-float(p) for x in e.profile for p in x)))
    return Equilibria(col.report, eqs, METHOD, complete=True, notes=[CLOSED_FORM_NOTE])


def _has_ties(game: Game) -> bool:
    """Whether some player gets equal payoffs from two strategies against a pure profile of the others."""
    U = game.payoffs
    for i in range(game.n_players):
        m = np.sort(np.moveaxis(U[i], i, 0), axis=0)
        if m.shape[0] > 1 and np.any(np.diff(m, axis=0) <= game.tolerance):
            return True
    return False


def solve_support(game: Game, support: Any, *, exact: bool = False, tol: float | None = None,
                  seed: int = SEED) -> SupportSolution:
    """The equilibria whose supports are *exactly or within* ``support``, found from that support's system.

    ``support`` gives, per player, the strategies (indices or names) used.  Returns the verified
    equilibria (support contained in ``support``; usually exactly it), any continuum, and whether
    the solution is complete.  No dominance pruning is applied.

    Parameters
    ----------
    game : Game
        The game.
    support : sequence of sequence of int or str
        Per player, the strategies (indices or names) used.
    exact : bool, default False
        Return rational equilibria exactly where they are rational.
    tol : float, optional
        The regret tolerance (default ``game.tolerance``).
    seed : int, default 20260101
        Seed of the random start systems.

    Returns
    -------
    SupportSolution
        The verified equilibria with support in ``support``, any continuum, and completeness.

    Raises
    ------
    GameError
        For something that is not a Game, a support of the wrong length or with an empty or unknown
        entry, or a tolerance that is not positive.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
    equilibrium. *Games and Economic Behavior* 63(2), 642-662.
    Morgan, A. and Sommese, A. (1987). Computing all solutions to polynomial systems using homotopy
    continuation. *Applied Mathematics and Computation* 24(2), 115-138.
    """
    if not isinstance(game, Game):
        raise GameError(f"solve_support() needs a bargain.Game, got {type(game).__name__}")
    try:
        items = list(support)
    except TypeError:
        raise GameError("support must be a sequence with one list of strategies per player") from None
    if len(items) != game.n_players:
        raise GameError(f"support has {len(items)} entries but the game has {game.n_players} players: give one "
                        "list of strategies per player")
    sup = []
    for i, s in enumerate(items):
        if isinstance(s, int | str):
            s = [s]
        idx = tuple(sorted({game.strategy_index(i, k) for k in s}))
        if not idx:
            raise GameError(f"support of {game.players[i]} is empty: every player uses at least one strategy")
        sup.append(idx)
    t = game.tolerance if tol is None else float(tol)
    g = game.to_exact() if exact and not game.is_exact else game
    col = Collector(g, g, tuple(tuple(range(s)) for s in g.shape), exact, t)
    _solve_supports(col, [tuple(sup)], seed)
    col.finish()
    return SupportSolution(col.equilibria, col.continua, col.complete, col.notes)


def solve_2x2x2_batch(payoffs: np.ndarray, tol: float | None = None, *, fallback: bool = True) -> Batch2x2x2:
    """Every equilibrium of each game in a batch of 2x2x2 games.

    Nondegenerate games are solved by the vectorised closed form
    (:func:`~bargain.solvers.polynomial.closed_2x2x2.closed_form_2x2x2`); with ``fallback`` the
    degenerate ones are then solved one by one by :func:`polynomial_solve`, which also flags
    continua.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Shape ``(B, 3, 2, 2, 2)`` (or one game ``(3, 2, 2, 2)``): ``payoffs[b, i, s1, s2, s3]`` is
        player ``i``'s payoff in game ``b``.
    tol : float, optional
        Absolute regret tolerance (default ``1e-9`` times each game's payoff range).
    fallback : bool
        Solve degenerate games with the general solver (else they are only flagged).

    Returns
    -------
    Batch2x2x2
        The equilibria of every game, each with regret at most ``tol``.

    Raises
    ------
    GameError
        If ``payoffs`` has the wrong shape or is not finite.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash
    equilibria. *J. Economic Theory* 72, 411-425.
    """
    out = closed_form_2x2x2(payoffs, tol)
    if not fallback or not out.degenerate.any():
        return out
    U = np.asarray(payoffs, dtype=float).reshape(-1, 3, 2, 2, 2)
    rows = [out.first[b, : out.count[b]] for b in range(len(U))]
    count, continuum = out.count.copy(), out.continuum.copy()
    for b in np.flatnonzero(out.degenerate):
        res = polynomial_solve(Game(U[b]), tol=float(out.tol[b]), closed_form=False)
        rows[b] = np.array([[e.profile[i][0] for i in range(3)] for e in res]).reshape(-1, 3)
        count[b] = len(res)
        continuum[b] = bool(res.continua)
    return Batch2x2x2.from_rows(rows, count, out.degenerate, continuum, out.tol)
