"""Evidence that a list of equilibria is complete: the index sum, and a re-solve by another route.

A complete method may still miss an equilibrium through a bug or a numerical accident (a
special fibre of an elimination, a homotopy path that jumps).  This module checks the answer
against a theorem rather than against the method itself.

Index theorem
-------------
The *index* of a regular equilibrium ``x`` is ``sign det(-J_R)``, where ``J_R`` is the Jacobian of
the multi-population replicator field ``f_ik = x_ik (v_i(k; x_-i) - u_i(x))`` restricted to the
tangent space of the product of simplices (Ritzberger 1994).  At an equilibrium the unused
strategies contribute the eigenvalues ``v_i(k) - u_i < 0`` and the support contributes the
Jacobian of the indifference system; both are nonzero exactly when the equilibrium is regular
(quasi-strict, nonsingular support Jacobian; van Damme 1991, def. 2.5.1).  When *every*
equilibrium of a game is regular there are finitely many and their indices sum to ``+1``
(Shapley 1974 for two players; Gül, Pearce and Stacchetti 1993, "A bound on the proportion of
pure strategy equilibria in generic games", *Math. Oper. Res.* 18, for ``n`` players).  A list of
regular equilibria whose indices do not sum to ``+1`` is therefore missing some.

The check is *necessary*, not sufficient: a missing pair of equilibria of opposite index leaves
the sum at ``+1``.  :func:`certify` therefore also re-solves by an independent route when the sum
is off, and reports the result as incomplete, naming the failed check, if the sum is still off.
Where the index theorem does not apply, only an exact enumeration (every support system solved by a
deterministic computation that finds all its solutions) backs the word "complete"; an independent
route that agrees with the solver is recorded, and the result is called *not guaranteed complete*.

References
----------
Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Math. Programming Study* 1, 175-189.
Ritzberger, K. (1994). The theory of normal form games from the differentiable viewpoint.
*Int. J. Game Theory* 23, 207-236.
Gül, F., Pearce, D. and Stacchetti, E. (1993). A bound on the proportion of pure strategy
equilibria in generic games. *Math. Oper. Res.* 18, 548-552.
van Damme, E. (1991). *Stability and Perfection of Nash Equilibria*, 2nd ed., Springer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.model.game import Game
from bargain.solvers.dynamics import tangent_eigenvalues, tangent_eigenvalues_batch
from bargain.solvers.result import Equilibria, Equilibrium

__all__ = ["Evidence", "equilibrium_index", "index_passed", "index_sum", "certify", "certify_tree", "covered", "merge",
           "permute_players", "uncertified"]

#: Largest number of tangent dimensions (sum of s_i - 1) for which the index check is run.
MAX_INDEX_DIMENSION = 400
#: An eigenvalue below this times the payoff range counts as zero (the equilibrium is not regular).
ZERO = 1e-9


@dataclass(frozen=True)
class Evidence:
    """Why a result is (or is not) called complete.

    Attributes
    ----------
    kind : str
        ``"index"`` (every equilibrium regular, indices sum to +1), ``"enumeration"`` (an
        exhaustive enumeration whose every support system was solved completely), ``"two-routes"``
        (neither applies; an independent route was run: it found nothing more, or it found equilibria
        the solver missed, see ``detail``), or ``"none"``.  Only the first two back the word "complete".
    passed : bool
        Whether the evidence supports calling the result complete (never for ``"two-routes"``).
    index_sum : int or None
        Sum of the indices when every equilibrium is regular, else None.
    irregular : int
        How many listed equilibria are not regular (the index check then does not apply).
    detail : str
        One sentence for people, e.g. ``"indices of 9 regular equilibria sum to +1"``.
    agreed : bool
        For ``"two-routes"``: whether the independent route found nothing outside the result (the
        routes agree; still no proof of completeness).
    """

    kind: str
    passed: bool
    index_sum: int | None
    irregular: int
    detail: str
    agreed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "passed": self.passed, "index_sum": self.index_sum,
                "irregular": self.irregular, "detail": self.detail, "agreed": self.agreed}


def equilibrium_index(game: Game, profile: Sequence[np.ndarray]) -> int | None:
    """Index (+1 or -1) of the equilibrium ``profile`` of ``game``, or None if it is not regular.

    Parameters
    ----------
    game : Game
        The game.
    profile : sequence of arrays
        An equilibrium (one probability vector per player).

    Returns
    -------
    int or None
        ``sign det(-J_R)`` on the tangent space; None when an eigenvalue of ``J_R`` is zero up to
        ``ZERO`` times the payoff range (a non-quasi-strict or singular equilibrium).  Both are taken
        on :meth:`Game.normalised`, every player's payoffs mapped onto [0, 1]: such a map multiplies
        the player's rows of ``J_R`` by a positive number, which changes neither the sign nor which
        eigenvalues vanish, and no player's large payoffs then make another's eigenvalues look zero.

    References
    ----------
    Ritzberger (1994), sec. 4; van Damme (1991), def. 2.5.1.
    """
    unit = game.normalised()
    return _index_sign(tangent_eigenvalues(unit, profile), _scale(unit))


def _scale(game: Game) -> float:
    return max(float(np.ptp(game.payoffs)), 1e-300)


def _index_sign(lam: Sequence[complex] | np.ndarray, scale: float) -> int | None:
    """``sign det(-J)`` from the eigenvalues ``lam`` of the real matrix ``J``; None when one is zero up to
    ``ZERO * scale``.

    The complex eigenvalues of a real matrix come in conjugate pairs (exactly so from LAPACK), each pair
    contributing ``|lambda|^2 > 0``, so the sign is ``(-1)`` to the number of positive real eigenvalues:
    counted, never multiplied, so that no product of many small eigenvalues underflows to zero.
    """
    bound = ZERO * scale
    positive = 0
    for v in lam:
        if abs(v) <= bound:
            return None
        if v.imag == 0 and v.real > 0:
            positive += 1
    return -1 if positive % 2 else 1


def index_sum(game: Game, equilibria: Sequence[Equilibrium]) -> tuple[int | None, int]:
    """``(sum of indices, number of irregular equilibria)``; the sum is None if any is irregular.

    Parameters
    ----------
    game : Game
        The game.
    equilibria : sequence of Equilibrium
        The equilibria found.

    Returns
    -------
    tuple
        The index sum (None when the check does not apply) and the count of irregular ones (each
        judged on the normalised game, as :func:`equilibrium_index` judges it).
    """
    total, irregular = 0, 0
    unit = game.normalised()
    scale = _scale(unit)
    for lam in tangent_eigenvalues_batch(unit, [eq.profile for eq in equilibria]):
        k = _index_sign(lam, scale)
        if k is None:
            irregular += 1
        else:
            total += k
    return (None if irregular else total), irregular


def _dimension(game: Game) -> int:
    return sum(s - 1 for s in game.shape)


def index_evidence(result: Equilibria) -> Evidence | None:
    """Evidence from the index theorem for ``result``, or None when the check does not apply.

    Parameters
    ----------
    result : Equilibria
        A solver's answer.

    Returns
    -------
    Evidence or None
        None if the game is too large for the check, or some equilibrium is irregular or lies
        on a continuum (the theorem then says nothing).
    """
    game = result.game
    if _dimension(game) > MAX_INDEX_DIMENSION or result.continua or result.components_nonisolated():
        return None
    total, irregular = index_sum(game, list(result))
    if total is None:
        return Evidence("none", False, None, irregular,
                        f"index check not applicable: {irregular} of {len(result)} equilibria are not regular")
    n = len(result)
    if total == 1:
        return index_passed(n)
    return Evidence("index", False, total, 0,
                    f"index check failed: the indices of the {n} regular equilibria sum to {total:+d}, not +1, "
                    "so some equilibria are missing")


def index_passed(n: int) -> Evidence:
    """The evidence that the indices of ``n`` regular equilibria sum to +1 (the check passed).

    Parameters
    ----------
    n : int
        How many equilibria (all regular) were checked.

    Returns
    -------
    Evidence
        Kind ``"index"``, passed, with its sentence.
    """
    return Evidence("index", True, 1, 0, f"the indices of the {n} regular equilibri{'um' if n == 1 else 'a'} "
                                         "sum to +1 (Shapley; Gül-Pearce-Stacchetti)")


def permute_players(game: Game, order: Sequence[int]) -> Game:
    """The same game with its players listed in ``order`` (new player ``k`` is old ``order[k]``).

    Parameters
    ----------
    game : Game
        The game.
    order : sequence of int
        A permutation of ``range(game.n_players)``.

    Returns
    -------
    Game
        The reordered game (exact if ``game`` is).
    """
    order = list(order)
    src = game.exact_payoffs if game.is_exact else game.payoffs
    axes = (0, *[1 + p for p in order])
    return Game(np.transpose(src[order], axes), tuple(game.players[p] for p in order),
                tuple(game.strategies[p] for p in order))


def unpermute(result: Equilibria, game: Game, order: Sequence[int], method: str) -> list[Equilibrium]:
    """Equilibria of ``permute_players(game, order)`` mapped back to ``game``, each re-verified there.

    A float profile must meet every player's own tolerance in ``game`` (:attr:`Game.tolerances`);
    one that does not is dropped, so the second route can add only verified equilibria.  (A
    tolerance taken from the profile's own largest regret let a player with payoffs near 1e14 hide
    regrets of 800 of players whose payoffs are below 1000.)
    """
    from bargain.errors import VerificationError
    from bargain.solvers.result import make_equilibrium

    inv = np.argsort(order)
    out = []
    for eq in result:
        try:
            if eq.exact_profile is not None and game.is_exact:
                out.append(make_equilibrium(game, [eq.exact_profile[k] for k in inv], method, exact=True))
            else:
                out.append(make_equilibrium(game, [eq.profile[k] for k in inv], method))
        except VerificationError:
            continue
    return out


def merge(first: Sequence[Equilibrium], second: Sequence[Equilibrium], same: float = 1e-7) -> list[Equilibrium]:
    """``first`` plus the equilibria of ``second`` that are not (within ``same``) already in it."""
    vecs = [np.concatenate(e.profile) for e in first]
    out = list(first)
    for e in second:
        v = np.concatenate(e.profile)
        if not any(np.max(np.abs(v - w)) <= same for w in vecs):
            vecs.append(v)
            out.append(e)
    return out


def covered(eq: Equilibrium, result: Equilibria, same: float = 1e-6) -> bool:
    """Whether ``eq`` is in ``result``: within ``same`` of a listed equilibrium, or on a reported continuum.

    An equilibrium counts as on a continuum when its support lies within the continuum's support
    (the continuum is a set of equilibria on that support; its samples are not all of it).

    Parameters
    ----------
    eq : Equilibrium
        A verified equilibrium of ``result.game``.
    result : Equilibria
        A solver's answer.
    same : float
        Largest difference of two probabilities that still counts as the same profile.

    Returns
    -------
    bool
        True when ``result`` accounts for ``eq``.
    """
    if _listed(eq, result, same):
        return True
    return any(all(set(a) <= set(b) for a, b in zip(eq.support, c.support, strict=True)) for c in result.continua)


def _listed(eq: Equilibrium, result: Equilibria, same: float = 1e-6) -> bool:
    """Whether ``eq`` is within ``same`` of an equilibrium listed in ``result`` (any profile shape)."""
    v = np.concatenate([np.asarray(x, dtype=float) for x in eq.profile])
    return any(np.max(np.abs(v - np.concatenate([np.asarray(x, dtype=float) for x in e.profile]))) <= same
               for e in result)


def _exact_new(game: Game, equilibria: Sequence[Equilibrium]) -> list[Equilibrium]:
    """The equilibria an independent route adds, made exact where they are rational in an exact game.

    The independent route searches and verifies in floats, so that the equilibria the answer
    already lists cost no exact arithmetic; only the ones it adds are converted
    (:func:`bargain.solvers.polynomial.collector.exact_form`: rounded to rationals, verified exactly).
    """
    if not game.is_exact:
        return list(equilibria)
    from bargain.solvers.polynomial.collector import exact_form

    return [exact_form(game, e) for e in equilibria]


def _route_on(result: Equilibria, route: str, shown: int = 3) -> str:
    """``route`` in words, naming the supports it redoes when the solver named them (``result.recheck``:
    those it did not solve by a deterministic computation); the first ``shown`` are listed."""
    if not result.recheck:
        return route
    from bargain.solvers.polynomial.support import support_label

    k = len(result.recheck)
    labels = ", ".join(support_label(result.game, S) for S in result.recheck[:shown])
    more = f" and {k - shown} more" if k > shown else ""
    return (f"{route}, on the {k} support system{'s' if k > 1 else ''} not solved by a deterministic computation "
            f"({labels}{more})")


def _second_route(result: Equilibria, resolve: Callable[[], Sequence[Equilibrium]], route: str, irregular: int,
                  why: str) -> Equilibria:
    """Re-solve by an independent route where the index theorem cannot check the answer (see :func:`certify`)."""
    new = _exact_new(result.game, [e for e in resolve() if not covered(e, result)])
    # the route names the support systems no deterministic computation solved, when the solver named them
    unnamed = "" if result.recheck else ("; the solver does not name the support systems a deterministic "
                                         "computation solved")
    return _two_routes(result, new, route, f"every support system was solved, and {route} finds no other "
                       f"equilibrium", why + unnamed, irregular)


#: Why agreeing routes are not a proof, for the note (both may miss the same equilibrium).
NOT_A_PROOF = ("neither the index check nor exact enumeration applies, and two routes that agree can still miss "
               "the same equilibrium")


def _two_routes(result: Equilibria, new: Sequence[Equilibrium], route: str, checked: str, why: str,
                irregular: int = 0) -> Equilibria:
    """``result`` judged by the equilibria ``new`` that an independent ``route`` found outside it.

    Either way the result is not called complete: only the index check or an exact enumeration backs that
    word.  With nothing new the note says what agreed (``checked``) and why that is all (``why``: the
    index check and exact enumeration do not apply); otherwise the new equilibria are merged in and the
    note says the solver missed them.
    """
    if not new:
        n = len(result)
        detail = (f"not guaranteed complete: two independent routes agree on the {n} "
                  f"equilibri{'um' if n == 1 else 'a'} listed ({checked}), but {NOT_A_PROOF} ({why})")
        return result.replace(complete=False, notes=[*result.notes, detail]).with_evidence(
            Evidence("two-routes", False, None, irregular, detail, agreed=True))
    k = len(new)
    detail = (f"not complete: {route} found {k} equilibri{'um' if k == 1 else 'a'} the solver missed "
              f"(now listed); {why}")
    return result.replace(merge(list(result), new), complete=False, notes=[*result.notes, detail]).with_evidence(
        Evidence("two-routes", False, None, irregular, detail))


def uncertified(result: Equilibria) -> Equilibria:
    """``result`` (which does not claim completeness) carrying the evidence that says so.

    Parameters
    ----------
    result : Equilibria
        An answer whose method does not guarantee completeness.

    Returns
    -------
    Equilibria
        A copy with ``Evidence("none", ...)``.
    """
    return result.with_evidence(Evidence("none", False, None, 0, "the method does not guarantee completeness"))


def certify(result: Equilibria, resolve: Callable[[], Sequence[Equilibrium]] | None = None,
            route: str | Callable[[], str] = "another route",
            repair: Callable[[], Sequence[Equilibrium]] | None = None) -> Equilibria:
    """``result`` with its ``complete`` flag backed by evidence (``result.evidence``).

    If every equilibrium is regular and the indices sum to +1 the result stays complete.  If the
    sum is off, ``resolve()`` (an independent route) is run, its equilibria are merged in and the
    sum is checked again; if it is still off, the result is marked incomplete with a note naming
    the failed check.  When the check does not apply (irregular equilibria, continua, or a game
    too large) and ``resolve`` is given, the independent route is run and the result is marked *not
    guaranteed complete* with ``"two-routes"`` evidence: when the route finds no equilibrium outside
    the result (:func:`covered`) the note says that two routes agree and why that is no proof; else the
    new equilibria are merged in and the note says the solver missed them.  Without ``resolve`` (exact
    two-player vertex enumeration) the solver's own claim is recorded as ``"enumeration"``; so it is
    when the solver says that nothing needs a second route (``result.recheck == ()``: it solved every
    support system by a deterministic computation that finds all its solutions).  When ``result.recheck``
    names supports, ``resolve`` is expected to redo only those, and the note names them.

    Parameters
    ----------
    result : Equilibria
        A solver's answer that claims to be complete.
    resolve : callable, optional
        Returns the equilibria found by an independent route (same game, verified; in an exact game
        the ones it adds are made exact here where they are rational).
    route : str or callable
        What ``resolve`` does, for the note (or a function returning it, called only if ``resolve`` runs).
    repair : callable, optional
        The independent route over *every* support, run when the index sum is off (a failed check
        says something was missed, so the repair redoes even what a deterministic computation
        settled); default ``resolve``.

    Returns
    -------
    Equilibria
        A new result object carrying ``evidence``.
    """
    if not result.complete:
        return uncertified(result)
    ev = index_evidence(result)
    if ev is None or ev.kind == "none":
        irregular = ev.irregular if ev is not None else 0
        why = ev.detail if ev is not None else "index check not applicable (continua or a large game)"
        if resolve is None or result.recheck == ():
            how = "" if resolve is None else " by a deterministic computation that finds all its solutions"
            detail = f"complete by enumeration: every support system was solved{how}; {why}"
            return result.replace(notes=[*result.notes, detail]).with_evidence(
                Evidence("enumeration", True, None, irregular, detail))
        return _second_route(result, resolve, _route_on(result, route() if callable(route) else route), irregular,
                             why)
    if ev.passed:
        return result.replace(notes=[*result.notes, ev.detail]).with_evidence(ev)
    notes = [ev.detail]
    eqs = list(result)
    redo = repair if repair is not None else resolve
    if redo is not None:
        route = route() if callable(route) else route
        extra = merge(eqs, redo())
        extra = eqs + _exact_new(result.game, extra[len(eqs):])
        found = len(extra) - len(eqs)
        notes.append(f"re-solved by {route}: {found} more equilibri{'um' if found == 1 else 'a'}")
        eqs = extra
        again = index_evidence(result.replace(eqs))
        if again is not None and again.passed:
            return result.replace(eqs, notes=[*result.notes, *notes]).with_evidence(
                Evidence("index", True, 1, 0, again.detail + f" after the re-solve by {route}"))
        if again is not None:
            ev = again
    notes.append("not complete: " + ev.detail)
    return result.replace(eqs, complete=False, notes=[*result.notes, *notes]).with_evidence(ev)


def certify_tree(result: Equilibria, detail: str, recheck: Callable[[], Sequence[Equilibrium]] | None = None,
                 route: str = "") -> Equilibria:
    """``result`` (equilibria of a game tree) with its ``complete`` flag backed by evidence.

    The index theorem is stated for normal-form games in general position; on a tree most
    equilibria are irregular in the reduced normal form (behaviour off the path is free), so tree
    solvers back their claim otherwise.  Without ``recheck`` the claim rests on an exhaustive
    enumeration whose every system was solved by a finite, deterministic computation (vertex
    enumeration, linear algebra, eigenvalues, an exact Gröbner basis): ``"enumeration"``.  With
    ``recheck`` (the parts solved by a probability-one method, redone independently) the result is
    not guaranteed complete (``"two-routes"``): the note says whether the two routes agree, and an
    equilibrium only the second route found is merged in.

    Parameters
    ----------
    result : Equilibria
        A tree solver's answer.
    detail : str
        Why the solver calls it complete (one sentence, for the evidence).
    recheck : callable, optional
        Returns the verified equilibria found by the independent route.
    route : str
        What ``recheck`` does, for the note.

    Returns
    -------
    Equilibria
        A new result object carrying ``evidence``.
    """
    if not result.complete:
        return uncertified(result)
    if recheck is None:
        return result.replace(notes=[*result.notes, detail]).with_evidence(
            Evidence("enumeration", True, None, 0, detail))
    new = [e for e in recheck() if not _listed(e, result)]
    solved = detail.removeprefix("complete: ")
    return _two_routes(result, new, route, f"{solved}; {route} finds no other equilibrium",
                       "some support systems were solved by a method that finds every isolated solution only with "
                       "probability one, or by an elimination whose count is not proven to be every solution")
