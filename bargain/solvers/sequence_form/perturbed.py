"""Normal-form perfect and quasi-perfect equilibria of two-player trees: the perturbed sequence form.

A *perturbed* sequence form bounds every realisation plan from below,

    X(ε) = {x : E x = e,  x >= η(ε)},      Y(ε) = {y : F y = f,  y >= θ(ε)},

with ``η(ε), θ(ε) > 0`` for ``ε > 0`` and ``-> 0`` as ``ε -> 0``.  Writing ``x = η + x'`` turns the
Koller-Megiddo-von Stengel LCP of :mod:`.lemke` into the same LCP in ``(x', y')`` whose right-hand
side is a polynomial in ``ε``.  Lemke's algorithm is run with ``ε`` *symbolic*: a basis is feasible
when every basic value, a polynomial in ``ε``, is lexicographically non-negative (non-negative for
all sufficiently small ``ε > 0``), and the ratio test compares polynomials lexicographically (then
the usual lexicographic tie-break).  The end basis therefore gives, for every small ``ε > 0``, an
exact equilibrium ``(x(ε), y(ε))`` of the perturbed game, polynomial in ``ε``; its limit ``ε -> 0``
is the equilibrium reported.  Two perturbations:

* ``"perfect"`` (normal-form perfect): ``η = ε π`` with ``π`` the realisation plan of the uniform
  behaviour strategy.  ``X(ε) = ε π + (1 - ε) X`` is the set of plans of the mixed strategies that
  give every reduced pure strategy ``s`` at least ``ε μ(s) > 0`` (``μ`` the completely mixed
  strategy whose plan is ``π``), a perturbed game of the reduced normal form in Selten's sense, so
  the limit of its equilibria is a normal-form perfect equilibrium (Selten 1975, thm. 7; von
  Stengel, van den Elzen and Talman 2002, who reach such equilibria in the sequence form from a
  completely mixed starting vector).
* ``"quasi-perfect"``: ``η_σ = ε^{|σ|}`` for every non-empty sequence ``σ`` (``|σ|`` the number of
  the player's own moves in it), so that a player's own later trembles are of higher order than
  the earlier ones; Miltersen and Sørensen (2010, lemma 1) show that the limit is a quasi-perfect
  equilibrium (van Damme 1984), hence sequential and normal-form perfect.

The limit behaviour is read from the polynomials, also at information sets a player's own plan
rules out: ``b(h)(a) = lim x(h a)(ε) / x(σ(h))(ε)`` (the ratio of leading coefficients), and the
beliefs at every information set are the limits of the node probabilities under ``(x(ε), y(ε))``
(a consistent assessment by construction).  Every result is verified exactly: Nash on the tree
(:func:`.verify.make_behaviour_equilibrium`), and for ``"quasi-perfect"`` sequentially rational
at every information set given those consistent beliefs.

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in extensive
games. *IJGT* 4, 25-55.  van Damme, E. (1984). A relation between perfect equilibria in extensive
form games and proper equilibria in normal form games. *IJGT* 13, 1-13.  von Stengel, B., van den
Elzen, A. and Talman, D. (2002). Computing normal form perfect equilibria for extensive two-person
games. *Econometrica* 70, 693-715.  Miltersen, P. B. and Sørensen, T. B. (2010). Computing a
quasi-perfect equilibrium of a two-player game. *Economic Theory* 42, 175-192.
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError, VerificationError
from bargain.linalg.exact import poly_mul
from bargain.linalg.tableau import IntegerTableau
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.extensive.nodes import DECISION
from bargain.solvers.registry import register
from bargain.solvers.result import Equilibria, Equilibrium
from bargain.solvers.sequence_form.lemke import DEFAULT_MAX_PIVOTS, _system, integer_payoffs, start_plans
from bargain.solvers.sequence_form.sequences import SequenceForm, sequence_form
from bargain.solvers.sequence_form.verify import make_behaviour_equilibrium

__all__ = ["PERTURBATIONS", "PerturbedRun", "limit_assessment", "perturbation", "perturbed_assessments",
           "perturbed_equilibria", "perturbed_lemke"]

#: The perturbations :func:`perturbed_equilibria` knows, by refinement name.
PERTURBATIONS = ("perfect", "quasi-perfect")

Poly = list[Fraction]          # coefficients of ε^0, ε^1, ...


@dataclasses.dataclass(frozen=True)
class PerturbedRun:
    """One end of a symbolic-ε Lemke path: each player's plan as polynomials in ε, and pivots."""

    plans: tuple[tuple[Poly, ...], tuple[Poly, ...]]
    pivots: int


# --------------------------------------------------------------------------- the perturbation
def perturbation(sf: SequenceForm, player: int, kind: str) -> list[list[int]]:
    """The lower bound ``η(ε)`` of ``player``'s plan as integer polynomial coefficients.

    Returns one list per sequence, ``[c_0, c_1, ..., c_D]`` with ``η_σ = sum_d c_d ε^d``.  For
    ``"perfect"`` the bound is ``ε K π`` (``π`` the plan of uniform behaviour, ``K`` the least
    common denominator of ``π``; scaling ``ε`` by ``K`` changes nothing); for ``"quasi-perfect"``
    it is ``ε^{|σ|}`` and ``0`` for the empty sequence.
    """
    g = sf.game
    s = sf.num_sequences[player]
    if kind == "perfect":
        pi = [Fraction(0)] * s
        pi[0] = Fraction(1)
        for h in sf.player_infosets[player]:          # preorder: σ(h) comes before h's sequences
            k = g.infosets[h].num_actions
            for a in range(k):
                pi[int(sf.infoset_first[h]) + a] = pi[int(sf.infoset_parent[h])] / k
        K = math.lcm(*(q.denominator for q in pi))
        return [[0, int(q * K)] for q in pi]
    if kind == "quasi-perfect":
        depth = [0] * s
        for h in sf.player_infosets[player]:
            for a in range(g.infosets[h].num_actions):
                depth[int(sf.infoset_first[h]) + a] = depth[int(sf.infoset_parent[h])] + 1
        top = max(depth)
        return [[int(d == k and k > 0) for k in range(top + 1)] for d in depth]
    raise GameError(f"unknown perturbation {kind!r}; choose one of {list(PERTURBATIONS)}")


def _pad(rows: list[list[int]], D: int) -> np.ndarray:
    out = np.zeros((len(rows), D + 1), dtype=object)
    out[:] = 0
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


def _lex_sign(vec: Any) -> int:
    for v in vec:
        if v:
            return 1 if v > 0 else -1
    return 0


# --------------------------------------------------------------------------- Lemke, ε symbolic
def perturbed_lemke(sf: SequenceForm, kind: str, S: list[int], T: list[int],
                    max_pivots: int = DEFAULT_MAX_PIVOTS) -> PerturbedRun | None:
    """Lemke's path on the perturbed sequence-form LCP from the pure plans ``S``, ``T``.

    Returns the plans ``x(ε) = η + x'(ε)``, ``y(ε) = θ + y'(ε)`` as polynomial coefficients, or
    None if the path ends on a secondary ray.

    Raises
    ------
    GameError
        If the path is longer than ``max_pivots``.
    """
    m, n = sf.num_sequences
    A, B = integer_payoffs(sf)
    eta, theta = perturbation(sf, 0, kind), perturbation(sf, 1, kind)
    D = max(len(r) for r in eta + theta) - 1
    H, Q = _pad(eta, D), _pad(theta, D)                  # (m, D+1), (n, D+1)
    M, b, basis, free, (ox, oy, ow1, _, z0) = _system(sf, A, B, S, T)
    E, _ = sf.constraints(0, exact=True)
    F, _ = sf.constraints(1, exact=True)
    rE = E.shape[0]
    rows = M.shape[0]
    # right-hand side: b0 + sum_d ε^d b_d after x = η + x', y = θ + y'
    R = np.zeros((rows, D + 1), dtype=object)
    R[:] = 0
    R[:, 0] = b
    R[:m] -= A.dot(Q)
    R[m:m + n] -= B.T.dot(H)
    R[m + n:m + n + rE] -= E.dot(H)
    R[m + n + rE:] -= F.dot(Q)
    nv = M.shape[1]
    Mx = np.concatenate([M, R[:, 1:]], axis=1)            # ε columns ride along as never-entering columns
    eps_cols = list(range(nv, nv + D))
    tab = IntegerTableau(Mx, list(R[:, 0]), basis, free)
    tab.keys = (-1, *eps_cols, *basis)

    def complement(v: int) -> int:
        return v + m + n if v < ow1 else v - (m + n)

    def lex_feasible() -> bool:
        cols = [-1, *eps_cols]
        return all(_lex_sign(tab.T[i, cols]) >= 0 for i in np.flatnonzero(tab.bounded).tolist())

    pivots = 0
    if not lex_feasible():
        ended, pivots = tab.complementary_path(z0, complement, max_pivots, "the perturbed sequence form")
        if not ended:
            return None
    if not lex_feasible():
        raise VerificationError("the perturbed Lemke path ended at a basis that is not feasible for small ε")
    where = {v: r for r, v in enumerate(tab.basis)}
    det = int(tab.det)

    def poly(var: int, low: Any) -> Poly:
        out = [Fraction(int(c)) for c in low]
        if var in where:
            r = where[var]
            vals = [tab.T[r, -1], *(tab.T[r, c] for c in eps_cols)]
            out = [o + Fraction(int(v), det) for o, v in zip(out, vals, strict=True)]
        return out

    x = tuple(poly(ox + j, H[j]) for j in range(m))
    y = tuple(poly(oy + k, Q[k]) for k in range(n))
    return PerturbedRun((x, y), pivots)


# --------------------------------------------------------------------------- limits
def _order(p: Poly) -> int | None:
    return next((d for d, c in enumerate(p) if c != 0), None)


def _limit_ratio(num: Poly, den: Poly) -> Fraction:
    d = _order(den)
    if d is None:
        raise VerificationError("a perturbed plan vanishes at a sequence; the perturbation must keep it positive")
    return (num[d] if d < len(num) else Fraction(0)) / den[d]


def limit_behaviour(sf: SequenceForm, plans: tuple[tuple[Poly, ...], ...]) -> BehaviourProfile:
    """``b(h)(a) = lim x(h a)(ε) / x(σ(h))(ε)`` at every information set (exact)."""
    g = sf.game
    probs: list[Any] = [None] * len(g.infosets)
    for i in range(2):
        x = plans[i]
        for h in sf.player_infosets[i]:
            first, par = int(sf.infoset_first[h]), int(sf.infoset_parent[h])
            probs[h] = tuple(_limit_ratio(x[first + a], x[par]) for a in range(g.infosets[h].num_actions))
    return BehaviourProfile.build(g, probs, exact=True)


def _node_sequences(g: ExtensiveGame, sf: SequenceForm, node: int) -> tuple[list[int], Fraction]:
    """Each player's sequence at ``node`` and the chance probability of reaching it."""
    seq = [-1] * g.n_players
    w = Fraction(1)
    x = node
    while x != 0:
        p = int(g._parent[x])
        k = int(g._edge[x])
        if g._kind[p] == DECISION:
            j = int(g._player[p])
            if seq[j] < 0:
                seq[j] = int(sf.infoset_first[int(g._infoset[p])]) + k
        else:
            w *= Fraction(g.chance_probabilities(p, exact=True)[k])
        x = p
    return [max(s, 0) for s in seq], w


def limit_assessment(sf: SequenceForm, plans: tuple[tuple[Poly, ...], ...]) -> dict[int, tuple[Fraction, ...]]:
    """Beliefs at every information set: limits of the node probabilities under ``(x(ε), y(ε))``.

    Consistent in the sense of Kreps and Wilson (1982): they are limits of Bayes beliefs along a
    sequence of completely mixed profiles converging to the limit behaviour.
    """
    g = sf.game
    out: dict[int, tuple[Fraction, ...]] = {}
    for h in g.infosets:
        reach = []
        for node in h.nodes:
            seq, w = _node_sequences(g, sf, node)
            reach.append([w * c for c in poly_mul(plans[0][seq[0]], plans[1][seq[1]])])
        width = max(len(r) for r in reach)
        total = [sum((r[d] for r in reach if d < len(r)), Fraction(0)) for d in range(width)]
        out[h.index] = tuple(_limit_ratio(r, total) for r in reach)
    return out


def _check_sequential(b: BehaviourProfile, beliefs: dict[int, tuple[Fraction, ...]]) -> None:
    from bargain.solvers.sequential.assessment import rationality_violations

    bad = rationality_violations(b, beliefs, exact=True)
    if bad:
        raise VerificationError("the limit of the perturbed equilibria is not sequentially rational: " + bad[0])


def perturbed_assessments(tree: ExtensiveGame, refinement: str, *, starts: int = 4, seed: int = 0,
                          max_pivots: int = DEFAULT_MAX_PIVOTS,
                          ) -> tuple[list[tuple[Equilibrium, dict[int, tuple[Fraction, ...]]]], list[str]]:
    """The distinct verified limits of :func:`perturbed_lemke` from ``starts`` starting plan pairs,
    each with its limit beliefs (:func:`limit_assessment`), and notes on rays.

    Parameters and exceptions as for :func:`perturbed_equilibria` (which validates the tree).
    """
    if int(starts) < 1:
        raise GameError(f"starts must be at least 1, got {starts}")
    sf = sequence_form(tree)
    method = f"seqform-{refinement}"
    p1, p2 = start_plans(sf, 0, starts, seed), start_plans(sf, 1, starts, seed)
    found: list[tuple[Equilibrium, dict[int, tuple[Fraction, ...]]]] = []
    keys: list[Any] = []
    notes: list[str] = []
    for k in range(starts):
        run = perturbed_lemke(sf, refinement, p1[k % len(p1)], p2[k % len(p2)], max_pivots)
        if run is None:
            notes.append(f"start {k + 1} ended on a secondary ray")
            continue
        b = limit_behaviour(sf, run.plans)
        key = b.exact_probabilities
        if key in keys:
            continue
        keys.append(key)
        limit_plans = [[p[0] for p in run.plans[i]] for i in range(2)]
        eq = make_behaviour_equilibrium(sf, limit_plans, method, exact=True)
        beliefs = limit_assessment(sf, run.plans)
        if refinement == "quasi-perfect":
            _check_sequential(b, beliefs)
        else:
            b.undetermined = eq.behaviour.undetermined      # the reduced normal form says nothing there
        found.append((dataclasses.replace(eq, behaviour=b), beliefs))
    return found, notes


# --------------------------------------------------------------------------- the solver
def perturbed_equilibria(tree: ExtensiveGame, refinement: str = "quasi-perfect", *, starts: int = 4, seed: int = 0,
                         max_pivots: int = DEFAULT_MAX_PIVOTS) -> Equilibria:
    """Normal-form perfect or quasi-perfect equilibria of a two-player tree (exact).

    Parameters
    ----------
    tree: a two-player tree with perfect recall and rational payoffs (float payoffs are taken
        at their exact binary values).
    refinement: ``"perfect"`` (normal-form perfect) or ``"quasi-perfect"``.
    starts: number of starting plan pairs of Lemke's algorithm (as in :mod:`.lemke`); distinct
        starts may end at distinct equilibria.
    seed: seed of the random starting plans.
    max_pivots: cap on the pivots of one path.

    Returns
    -------
    :class:`~bargain.solvers.result.Equilibria` (``complete=False``): each equilibrium's
    ``behaviour`` is the limit behaviour at every information set (for ``"perfect"``, the sets a
    player's own plan rules out are listed in ``behaviour.undetermined``); the consistent limit
    beliefs come with :func:`perturbed_assessments`.

    Raises
    ------
    GameError
        For a tree without two players or perfect recall, or an unknown refinement.
    VerificationError
        If a limit fails its exact check (a bug).

    References
    ----------
    von Stengel, van den Elzen and Talman (2002), Econometrica 70; Miltersen and Sørensen (2010),
    Economic Theory 42; Selten (1975), IJGT 4; van Damme (1984), IJGT 13.
    """
    if refinement not in PERTURBATIONS:
        raise GameError(f"unknown refinement {refinement!r} for the perturbed sequence form; choose one of "
                        f"{list(PERTURBATIONS)}")
    if not isinstance(tree, ExtensiveGame):
        raise GameError(f"{refinement} equilibria are computed on game trees, not on a {type(tree).__name__}")
    if tree.n_players != 2:
        raise GameError(f"{refinement} equilibria by the perturbed sequence form need a two-player tree; this tree has "
                        f"{tree.n_players} players (bargain.sequential_equilibria(tree, '{refinement}') checks the "
                        "Nash equilibria of any tree instead)")
    pairs, notes = perturbed_assessments(tree, refinement, starts=starts, seed=seed, max_pivots=max_pivots)
    what = ("normal-form perfect: limits of equilibria of the perturbed game in which every reduced pure strategy "
            "keeps probability at least ε times a completely mixed strategy" if refinement == "perfect" else
            "quasi-perfect: limits of equilibria of the sequence form perturbed by x(σ) >= ε^|σ| (Miltersen and "
            "Sørensen 2010); behaviour and beliefs at every information set are the limits along that perturbation, "
            "checked to be sequentially rational")
    notes.append(f"{what}; ε symbolic (lexicographic), Lemke's algorithm from {starts} starting plan pair(s): not "
                 "necessarily every such equilibrium")
    return Equilibria(tree, [e for e, _ in pairs], f"seqform-{refinement}", complete=False, notes=notes)


@register("seqform-perfect", players="2", complete=False, exact=True, tree=True, aliases=("perfect-tree",),
          description="two-player trees: a normal-form perfect equilibrium, the limit of the sequence form perturbed "
                      "toward a completely mixed strategy (Lemke, ε symbolic; exact)")
def _perfect(tree: ExtensiveGame, *, exact: bool = True, tol: float | None = None, **options: Any) -> Equilibria:
    return perturbed_equilibria(tree, "perfect", **options)


@register("seqform-quasi-perfect", players="2", complete=False, exact=True, tree=True, aliases=("quasi-perfect",),
          description="two-player trees: a quasi-perfect equilibrium (hence sequential and normal-form perfect), the "
                      "limit of the sequence form perturbed by x(σ) >= ε^|σ| (Lemke, ε symbolic; exact)")
def _quasi_perfect(tree: ExtensiveGame, *, exact: bool = True, tol: float | None = None, **options: Any) -> Equilibria:
    return perturbed_equilibria(tree, "quasi-perfect", **options)
