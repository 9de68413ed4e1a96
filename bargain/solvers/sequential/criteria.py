"""Equilibrium refinements for signalling games: the intuitive criterion and D1.

Let ``u*(t)`` be type ``t``'s equilibrium payoff and ``m`` a message no type sends.  For a set
of types ``Θ``, ``BR(m, Θ)`` is the set of the receiver's best responses to beliefs supported on
``Θ`` (pure responses suffice for the maxima and minima below, since a mixed best response to a
belief mixes pure ones).

* **Intuitive criterion** (Cho and Kreps 1987): ``m`` is *equilibrium-dominated* for ``t`` when
  ``u*(t) > max_{r ∈ BR(m, T)} u_S(t, m, r)``; let ``J`` be those types.  The equilibrium fails
  if some type ``t ∉ J`` has ``u*(t) < min_{r ∈ BR(m, T \\ J)} u_S(t, m, r)``: once the receiver
  stops believing in the types that could never gain, ``t`` gains by sending ``m`` whatever the
  response.
* **D1** (Cho and Kreps 1987, sec. IV; Banks and Sobel 1987): with ``MBR`` the mixed best
  responses to beliefs on ``T``, ``D⁰_t = {α ∈ MBR : u_S(t, m, α) ≥ u*(t)}`` and
  ``D_t = {... > u*(t)}``.  Type ``t`` is deleted at ``m`` when ``D⁰_t ⊆ D_{t'}`` for some other
  type ``t'`` (``t'`` gains whenever ``t`` would weakly gain).  The equilibrium passes when its
  response to every unsent ``m`` is a best response to some belief on the types not deleted.

``MBR`` is a union of faces ``Δ(R')`` of the simplex of responses (``R'`` the responses that are
simultaneously best for some belief); each inclusion is decided face by face from the vertices
of ``{α ∈ Δ(R') : u_S(t, m, α) ≥ u*(t)}``, exactly.

References
----------
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria. *QJE* 102, 179-221.
Banks, J. S. and Sobel, J. (1987). Equilibrium selection in signaling games. *Econometrica* 55,
647-661.  Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 11.2.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from bargain.errors import GameError
from bargain.model.numbers import format_number
from bargain.solvers.sequential.polytope import vertices
from bargain.solvers.sequential.signalling import SignallingEquilibrium, best_response_beliefs

__all__ = ["CriterionResult", "d1", "intuitive_criterion", "refine"]


@dataclass(frozen=True)
class CriterionResult:
    """Whether an equilibrium passes a test, and why not (one sentence per failing message)."""

    criterion: str
    passed: bool
    reasons: tuple[str, ...] = ()
    deleted: dict[str, tuple[str, ...]] | None = None

    def __bool__(self) -> bool:
        return self.passed


def _br_pure(eq: SignallingEquilibrium, m: int, types: Sequence[int]) -> list[int]:
    g = eq.game
    _, uR = g.payoff_arrays(exact=eq.exact)
    return [r for r in range(len(g.responses)) if g.response_mask[m, r]
            and best_response_beliefs(uR, m, [r], types, exact=eq.exact, want_vertices=False)]


def intuitive_criterion(eq: SignallingEquilibrium) -> CriterionResult:
    """The Cho–Kreps intuitive criterion (see the module docstring).

    Parameters
    ----------
    eq : SignallingEquilibrium
        a sequential equilibrium of a signalling game.

    Returns
    -------
    CriterionResult
        :class:`CriterionResult`, with the equilibrium-dominated types of each failing message.

    References
    ----------
    Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria. *QJE* 102, 179-221.
    Banks, J. S. and Sobel, J. (1987). Equilibrium selection in signaling games. *Econometrica* 55,
    647-661.  Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 11.2.
    """
    g = eq.game
    uS, _ = g.payoff_arrays(exact=eq.exact)
    T = len(g.sender_types)
    reasons, deleted = [], {}
    for m, on in enumerate(eq.on_path):
        if on:
            continue
        br_all = _br_pure(eq, m, range(T))
        J = [t for t in range(T) if eq.sender_payoffs[t] > max(uS[t, m, r] for r in br_all)]
        rest = [t for t in range(T) if t not in J]
        deleted[g.messages[m]] = tuple(g.sender_types[t] for t in J)
        if not J or not rest:
            continue
        br_rest = _br_pure(eq, m, rest)
        for t in rest:
            worst = min(uS[t, m, r] for r in br_rest)
            if eq.sender_payoffs[t] < worst:
                reasons.append(f"after {g.messages[m]}: it is equilibrium-dominated for "
                               f"{', '.join(g.sender_types[j] for j in J)}; with beliefs on "
                               f"{', '.join(g.sender_types[j] for j in rest)} every best response gives "
                               f"{g.sender_types[t]} at least {format_number(worst)} > its equilibrium "
                               f"{format_number(eq.sender_payoffs[t])}")
                break
    return CriterionResult("intuitive", not reasons, tuple(reasons), deleted)


def _faces(eq: SignallingEquilibrium, m: int) -> list[tuple[int, ...]]:
    """Maximal sets of responses that are simultaneously best for some belief (faces of MBR)."""
    g = eq.game
    _, uR = g.payoff_arrays(exact=eq.exact)
    avail = [r for r in range(len(g.responses)) if g.response_mask[m, r]]
    T = list(range(len(g.sender_types)))
    ok = [c for k in range(len(avail), 0, -1) for c in itertools.combinations(avail, k)
          if best_response_beliefs(uR, m, list(c), T, exact=eq.exact, want_vertices=False)]
    return [c for c in ok if not any(set(c) < set(d) for d in ok)]


def _weak_within_strict(eq: SignallingEquilibrium, m: int, t: int, t2: int, faces: list[tuple[int, ...]]) -> bool:
    """``D⁰_t ⊆ D_{t2}`` at message ``m``, face by face."""
    uS, _ = eq.game.payoff_arrays(exact=eq.exact)
    one = Fraction(1) if eq.exact else 1.0
    for F in faces:
        n = len(F)
        row = [-uS[t, m, r] for r in F]                       # u_t(α) >= u*(t)
        verts = vertices([[one] * n], [one], [row], [-eq.sender_payoffs[t]], n, exact=eq.exact)
        if verts is None:
            raise GameError("D1: too many responses at one message to decide the inclusions exactly")
        for v in verts:
            if sum(a * uS[t2, m, r] for a, r in zip(v, F, strict=True)) <= eq.sender_payoffs[t2]:
                return False
    return True


def _strict_nonempty(eq: SignallingEquilibrium, m: int, t: int, faces: list[tuple[int, ...]]) -> bool:
    uS, _ = eq.game.payoff_arrays(exact=eq.exact)
    return any(uS[t, m, r] > eq.sender_payoffs[t] for F in faces for r in F)


def _deterred(eq: SignallingEquilibrium, m: int, types: Sequence[int]) -> bool:
    """Some (mixed) best response to a belief on ``types`` after ``m`` leaves no type better off."""
    g = eq.game
    uS, uR = g.payoff_arrays(exact=eq.exact)
    one = Fraction(1) if eq.exact else 1.0
    avail = [r for r in range(len(g.responses)) if g.response_mask[m, r]]
    for k in range(len(avail), 0, -1):
        for F in itertools.combinations(avail, k):
            if not best_response_beliefs(uR, m, list(F), types, exact=eq.exact, want_vertices=False):
                continue
            rows = [[uS[t, m, r] for r in F] for t in range(len(g.sender_types))]
            verts = vertices([[one] * k], [one], rows, list(eq.sender_payoffs), k, exact=eq.exact)
            if verts:
                return True
    return False


def d1(eq: SignallingEquilibrium) -> CriterionResult:
    """The D1 criterion (see the module docstring).

    Parameters
    ----------
    eq : SignallingEquilibrium
        a sequential equilibrium of a signalling game.

    Returns
    -------
    CriterionResult
        :class:`CriterionResult`, with the types deleted at each unsent message.

    References
    ----------
    Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria. *QJE* 102, 179-221.
    Banks, J. S. and Sobel, J. (1987). Equilibrium selection in signaling games. *Econometrica* 55,
    647-661.  Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 11.2.
    """
    g = eq.game
    T = len(g.sender_types)
    reasons, deleted = [], {}
    for m, on in enumerate(eq.on_path):
        if on:
            continue
        faces = _faces(eq, m)
        gainers = [t2 for t2 in range(T) if _strict_nonempty(eq, m, t2, faces)]
        gone = [t for t in range(T)
                if any(t2 != t and _weak_within_strict(eq, m, t, t2, faces) for t2 in gainers)]
        if len(gone) == T:
            gone = []                                          # nothing left to believe in: no restriction
        deleted[g.messages[m]] = tuple(g.sender_types[t] for t in gone)
        rest = [t for t in range(T) if t not in gone]
        if not _deterred(eq, m, rest):
            reasons.append(f"after {g.messages[m]}: D1 deletes {', '.join(g.sender_types[t] for t in gone)}, and "
                           f"every best response to beliefs on {', '.join(g.sender_types[t] for t in rest)} "
                           "gives some type more than its equilibrium payoff")
    return CriterionResult("D1", not reasons, tuple(reasons), deleted)


def refine(equilibria: Sequence[SignallingEquilibrium], criterion: str) -> list[SignallingEquilibrium]:
    """The equilibria passing ``criterion`` (``"intuitive"`` or ``"d1"``)."""
    tests = {"intuitive": intuitive_criterion, "d1": d1}
    if criterion not in tests:
        raise GameError(f"unknown criterion {criterion!r}; choose one of {list(tests)}")
    return [e for e in equilibria if tests[criterion](e).passed]

