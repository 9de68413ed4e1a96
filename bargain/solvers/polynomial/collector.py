"""Candidate roots of a support's system, turned into verified equilibria of the original game.

:class:`Collector` keeps what the polynomial solver has found so far: every candidate profile is
lifted from the game reduced by strict dominance to the original game, cleaned, and accepted only
if its regret is at most the tolerance (:func:`bargain.solvers.result.make_equilibrium`).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from bargain.errors import VerificationError
from bargain.model.game import Game
from bargain.solvers.polynomial.support import Support, support_label
from bargain.solvers.regret import RegretChecker, regret_checker
from bargain.solvers.result import SUPPORT_TOLERANCE, Continuum, Equilibrium, make_equilibrium

METHOD = "polynomial"
#: Two profiles closer than this (max abs difference) are the same equilibrium.
SAME = 1e-7
#: Default seed of the random start systems (results are reproducible).
SEED = 20260101
#: The Bezout number of the support shapes whose resultant's count is settled by a finiteness proof.
BEZOUT = {(3, 3, 3): 10, (2, 2, 2, 2): 9}


def finite_label(shape: tuple[int, ...]) -> str:
    """How a support of ``shape`` is settled by its resultant (see :meth:`Collector.recheck`)."""
    return f"the {shape} resultant, its {BEZOUT[shape]} solutions confirmed and the solution set proven finite"


#: A root whose regret is above the tolerance only through probabilities below this is refined by
#: setting them to zero (roots at the tolerance boundary).
REFINE = 1e-7
#: A candidate on a larger support than an equilibrium already found, and closer to it than this, is a near
#: copy of it when every strategy of the larger support is a best response at that equilibrium (within the
#: tolerance): the equilibrium is then a multiple root of the larger support's system, which floating-point
#: root finding places about the square root of the rounding error inside (1e-7 to 1e-6 seen on games with
#: integer payoffs 0..3).  A distinct equilibrium that close (near a parameter where the two meet) leaves
#: some strategy of its support short of the best response at the other by more than the tolerance.
NEAR_EDGE = 1e-5


class SupportSolution:
    """What one support profile contributes: equilibria, continua, and whether it is complete.

    Parameters
    ----------
    equilibria : list of Equilibrium
        The verified equilibria.
    continua : list of Continuum
        Positive-dimensional sets of equilibria found.
    complete : bool
        Whether every equilibrium of the support was found.
    notes : list of str
        Caveats.
    """

    def __init__(self, equilibria: list[Equilibrium], continua: list[Continuum], complete: bool,
                 notes: list[str]) -> None:
        self.equilibria = equilibria
        self.continua = continua
        self.complete = complete
        self.notes = notes

    def __repr__(self) -> str:
        return (f"SupportSolution({len(self.equilibria)} equilibria, {len(self.continua)} continua, "
                f"complete={self.complete})")


class Collector:
    """Turns candidate roots of a reduced game into verified equilibria of the original game.

    ``report`` (default ``game``) is the game the equilibria are verified on and reported for: an
    equivalent game (each player's payoffs mapped by a positive affine map, as :meth:`Game.normalised`
    maps them), checked with twice its :attr:`Game.tolerances`, as
    :func:`~bargain.solvers.result.transfer` checks it.  Candidates are screened on ``game`` with
    ``tol``; each accepted one is verified once, on ``report``.
    """

    def __init__(self, game: Game, reduced: Game, kept: tuple[tuple[int, ...], ...], exact: bool,
                 tol: float, report: Game | None = None) -> None:
        self.game = game
        self.report = game if report is None else report
        self.report_tol: float | np.ndarray = tol if report is None else 2 * report.tolerances
        self.reduced = reduced
        self.kept = kept
        self.exact = exact
        self.tol = tol
        self.vectors: list[np.ndarray] = []
        self.profiles: list[list[np.ndarray]] = []
        self.equilibria: list[Equilibrium] = []
        self.continua: list[Continuum] = []
        self.notes: list[str] = []
        self.complete = True
        #: how many support systems with three or more mixers each deterministic, complete route solved
        self.settled: dict[str, int] = {}
        #: supports (of ``reduced``) whose systems no such route solved: a second route must redo them
        self.unsettled: list[Support] = []
        #: (3, 3, 3) and (2, 2, 2, 2) supports whose resultant confirmed the Bezout number of solutions (10, 9):
        #: settled once the solution set is proven finite (:meth:`recheck` runs the proof, only when the
        #: completeness check asks)
        self.unproven: list[Support] = []
        self.payoffs = reduced.payoffs
        self.exact_payoffs = reduced.exact_payoffs if exact else None
        self._checker: RegretChecker | None = None

    @property
    def checker(self) -> RegretChecker:
        """The regret evaluator of the original game (built on first use, then reused by every candidate)."""
        if self._checker is None:
            self._checker = regret_checker(self.game)
        return self._checker

    @property
    def exact_checker(self) -> RegretChecker:
        """The regret evaluator of ``report`` for exact checks: its payoffs are each player's payoffs in ``game``
        under a positive affine map, exact, so a rational profile has zero regret in one iff in the other, and
        the verification gate (:func:`~bargain.solvers.result.make_equilibrium` on ``report``) reuses it."""
        return regret_checker(self.report)

    # -------------------------------------------------------------- profiles
    def full_profile(self, support: Support, blocks: dict[int, np.ndarray]) -> list[np.ndarray]:
        """Profile of the original game from the mixing players' mixtures on ``support``."""
        out = []
        for i, s in enumerate(self.game.shape):
            v = np.zeros(s)
            idx = [self.kept[i][k] for k in support[i]]
            v[idx] = blocks.get(i, 1.0)
            out.append(v)
        return out

    def exact_profile(self, support: Support, blocks: dict[int, list[Fraction]]) -> tuple[tuple[Fraction, ...], ...]:
        """Exact profile of the original game from the mixing players' rational mixtures on ``support``."""
        out = []
        for i, s in enumerate(self.game.shape):
            v = [Fraction(0)] * s
            for k, idx in enumerate(support[i]):
                v[self.kept[i][idx]] = blocks[i][k] if i in blocks else Fraction(1)
            out.append(tuple(v))
        return tuple(out)

    def verified(self, profile: list[np.ndarray]) -> list[np.ndarray] | None:
        """The cleaned profile if it is an equilibrium of the original game, else None.

        Probabilities at or below the support tolerance are set to zero exactly as
        :func:`~bargain.solvers.result.make_equilibrium` does, so a profile accepted here is accepted
        there.  A root at the tolerance boundary (a pure strategy carrying 1e-9 of rounding mass, as
        in ``my_2-8.efg``) is refined by dropping the probabilities below ``REFINE`` and
        re-checking, instead of being passed on to fail verification.
        """
        flat = np.concatenate(profile)      # one test of every player's vector (each player's is its slice)
        if not np.isfinite(flat).all() or flat.min() < -1e-7:
            return None
        ends = np.cumsum([len(v) for v in profile]).tolist()
        for cut in (SUPPORT_TOLERANCE, REFINE):
            w = np.where(flat <= cut, 0.0, flat)
            clean = [x / x.sum() for x in (w[a:b] for a, b in zip([0, *ends], ends, strict=False))]
            if self.checker.max_regret(clean) <= self.tol * (1 - 1e-9):
                return clean
            if not np.any((flat > SUPPORT_TOLERANCE) & (flat <= REFINE)):
                return None         # the second cut would clean nothing more: the same profile again
        return None

    def label(self, support: Support) -> str:
        """The support in words, e.g. ``(P1: A, B; P2: C; P3: A)``."""
        return support_label(self.game, self.original(support))

    def original(self, support: Support) -> Support:
        """``support`` (strategies of the reduced game) in the strategies of the original game."""
        return tuple(tuple(self.kept[i][k] for k in s) for i, s in enumerate(support))

    def settle(self, how: str, count: int = 1) -> None:
        """Record that ``count`` support systems were solved completely by the deterministic route ``how``."""
        self.settled[how] = self.settled.get(how, 0) + count

    def recheck(self) -> tuple[Support, ...]:
        """The supports (original strategies) a second route must redo: those no deterministic route solved.

        A (3, 3, 3) or (2, 2, 2, 2) support whose resultant confirmed its Bezout number of solutions is settled
        here when its solution set is proven finite (:func:`~bargain.solvers.polynomial.finite.proven_finite`,
        exact), else it is added.
        """
        from bargain.solvers.polynomial.finite import proven_finite, support_system

        for S in self.unproven:
            system = support_system(self, S)
            if proven_finite(system):
                self.settle(finite_label(tuple(c.shape[0] + 1 for c in system)))
            else:
                self.unsettled.append(S)
        self.unproven = []
        return tuple(self.original(s) for s in self.unsettled)

    def known(self, profile: list[np.ndarray]) -> bool:
        """Whether ``profile`` is an equilibrium already found (within :data:`SAME`) or a near copy of one on
        the edge of its support, or one of it (:data:`NEAR_EDGE`)."""
        vec = np.concatenate(profile)
        used = vec > 0
        for v, found in zip(self.vectors, self.profiles, strict=True):
            gap = np.max(np.abs(vec - v))
            if gap <= SAME:
                return True
            if gap <= NEAR_EDGE and np.any(used != (v > 0)):
                wide = v > 0
                if np.all(wide <= used):                 # the new candidate's support is the larger one
                    if _all_best(self.game, found, self._support(used), self.tol):
                        return True
                elif np.all(used <= wide) and _all_best(self.game, profile, self._support(wide), self.tol):
                    return True
        return False

    def _support(self, used: np.ndarray) -> Support:
        """The support profile of a flat mask of strategies (player after player)."""
        ends = np.cumsum(self.game.shape)
        return tuple(tuple(np.flatnonzero(m).tolist()) for m in np.split(used, ends[:-1]))

    def add(self, profile: list[np.ndarray], exact_profile: Any = None,
            algebraic: dict[str, Any] | Callable[[], dict[str, Any] | None] | None = None,
            clean: list[np.ndarray] | None = None) -> bool:
        """Verify and record one candidate; returns whether it was a new equilibrium.

        ``clean`` is ``self.verified(profile)`` when the caller has already computed it;
        ``algebraic`` may be a function, called only when the equilibrium is not rational.
        """
        clean = self.verified(profile) if clean is None else clean
        if clean is None or self.known(clean):
            return False
        eq = None
        if self.exact:
            q = exact_profile if exact_profile is not None else _rationalize(self.game, clean, self.exact_checker)
            if q is not None:
                eq = make_equilibrium(self.report, q, METHOD, exact=True)
        if eq is None:
            if callable(algebraic):
                algebraic = algebraic()
            try:
                eq = make_equilibrium(self.report, clean, METHOD, tol=self.report_tol, algebraic=algebraic)
            except VerificationError:
                # within rounding of the tolerance by this screen's arithmetic, outside it by the gate's:
                # a boundary candidate is not an answer (the completeness checks still see the gap)
                return False
        self.vectors.append(np.concatenate(clean))
        self.profiles.append(clean)
        self.equilibria.append(eq)
        return True

    def add_continuum(self, support: Support, profiles: list[list[np.ndarray]], dimension: int,
                      description: str) -> bool:
        samples: list[Equilibrium] = []
        seen: list[np.ndarray] = []
        for prof in profiles:
            clean = self.verified(prof)
            if clean is None:
                continue
            vec = np.concatenate(clean)
            if any(np.max(np.abs(vec - s)) <= SAME for s in seen):
                continue
            seen.append(vec)
            q = _rationalize(self.game, clean, self.exact_checker) if self.exact else None
            samples.append(make_equilibrium(self.report, q, METHOD, exact=True) if q is not None
                           else make_equilibrium(self.report, clean, METHOD, tol=self.report_tol))
        if len(samples) < 2:
            for s in samples:
                self.add(list(s.profile))
            return False
        # the support the samples actually use (a degenerate system may pin a player to a pure strategy)
        orig_support = tuple(tuple(sorted({k for e in samples for k in e.support[i]}))
                             for i in range(self.game.n_players))
        for other in self.continua:
            if other.support == orig_support and all(
                    _all_best(self.game, e.profile, orig_support, self.tol) for e in samples):
                # the larger set wins: higher dimension first, then more samples
                if (other.dimension, len(other.samples)) >= (dimension, len(samples)):
                    return True
                self.continua.remove(other)
                break
        self.continua.append(Continuum(orig_support, dimension, tuple(samples), description))
        return True

    def finish(self) -> None:
        """Drop continua lying in the closure of a continuum on a larger support."""
        keep = []
        for c in self.continua:
            covered = False
            for other in self.continua:
                if other is c or other.support == c.support:
                    continue
                if all(set(a) <= set(b) for a, b in zip(c.support, other.support, strict=True)) \
                        and all(_all_best(self.game, s.profile, other.support, self.tol) for s in c.samples):
                    covered = True
                    break
            if not covered:
                keep.append(c)
        self.continua = keep


def _all_best(game: Game, profile: tuple[np.ndarray, ...], support: Support, tol: float) -> bool:
    """Whether every strategy of ``support`` is a best response at ``profile``."""
    for i, s in enumerate(support):
        v = game.deviation_payoffs(profile, i)
        if np.any(v[list(s)] < v.max() - tol):
            return False
    return True


def exact_form(game: Game, eq: Equilibrium) -> Equilibrium:
    """``eq`` in exact arithmetic when ``game`` is exact and ``eq`` is (near) a rational equilibrium.

    The float profile is rounded to nearby rationals (denominators up to 1e9), checked exactly on
    integers, and verified exactly by :func:`~bargain.solvers.result.make_equilibrium`; otherwise
    ``eq`` is returned unchanged (an irrational equilibrium, verified in floats).

    Parameters
    ----------
    game : Game
        The game ``eq`` is an equilibrium of.
    eq : Equilibrium
        A verified equilibrium.

    Returns
    -------
    Equilibrium
        The exact equilibrium, or ``eq``.
    """
    if not game.is_exact or eq.exact_profile is not None:
        return eq
    q = _rationalize(game, list(eq.profile))
    return make_equilibrium(game, q, METHOD, exact=True) if q is not None else eq


def _rationalize(game: Game, profile: list[np.ndarray],
                 checker: RegretChecker | None = None) -> tuple[tuple[Fraction, ...], ...] | None:
    """A rational profile near ``profile`` that is an exact equilibrium, or None.

    Each probability is rounded to the nearest rational with denominator at most 10^3, then 10^6, then
    10^9 (:func:`limit_denominator`, ``Fraction.limit_denominator`` on integers); the first rounding
    whose vectors sum to one and that has exactly zero regret (checked on integers) is returned.  A
    rounding equal to the previous bound's is not checked again (the same check failed).
    """
    checker = regret_checker(game) if checker is None else checker
    ratios = [[float(p).as_integer_ratio() for p in v] for v in profile]
    last = None
    for bound in (10**3, 10**6, 10**9):
        q = [[limit_denominator(n, d, bound) for n, d in v] for v in ratios]
        if q == last:
            continue
        last = q
        dens = [lcm(*(b for _, b in v)) for v in q]
        nums = [[a * (d // b) for a, b in v] for v, d in zip(q, dens, strict=True)]
        if all(sum(v) == d for v, d in zip(nums, dens, strict=True)) and checker.exact_nash_integers(nums, dens):
            return tuple(tuple(Fraction(a, b) for a, b in v) for v in q)
    return None


def limit_denominator(n: int, d: int, bound: int) -> tuple[int, int]:
    """``Fraction(n, d).limit_denominator(bound)`` as ``(numerator, denominator)``, on integers.

    The closest rational to ``n / d`` (``d > 0``, the fraction in lowest terms) with denominator at most
    ``bound``: the last convergent or semiconvergent of the continued fraction of ``n / d`` within the
    bound, ties to the smaller denominator, exactly as the standard library computes it.

    Parameters
    ----------
    n, d : int
        The fraction ``n / d`` in lowest terms, ``d > 0`` (``float.as_integer_ratio()``).
    bound : int
        The largest denominator allowed (at least 1).

    Returns
    -------
    tuple of int
        The numerator and (positive) denominator of the approximation, in lowest terms.

    References
    ----------
    Khinchin, A. Ya. (1964). *Continued Fractions*, University of Chicago Press, sec. 6 (best
    approximations are convergents or semiconvergents); CPython's ``fractions.Fraction.limit_denominator``.
    """
    if d <= bound:
        return n, d
    p0, q0, p1, q1 = 0, 1, 1, 0
    a_n, a_d = n, d
    while True:
        a = a_n // a_d
        q2 = q0 + a * q1
        if q2 > bound:
            break
        p0, q0, p1, q1 = p1, q1, p0 + a * p1, q2
        a_n, a_d = a_d, a_n - a * a_d
    k = (bound - q0) // q1
    pb, qb = p0 + k * p1, q0 + k * q1          # the semiconvergent (coprime: its determinant with p1/q1 is 1)
    # |p1/q1 - n/d| <= |pb/qb - n/d|, both sides times d q1 qb > 0
    if abs(p1 * d - n * q1) * qb <= abs(pb * d - n * qb) * q1:
        return p1, q1
    return pb, qb
