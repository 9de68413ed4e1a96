"""Lemke's algorithm on the sequence-form LCP of a two-player tree (exact, lexicographic).

With realisation plans ``x`` (player 1, ``E x = e``) and ``y`` (player 2, ``F y = f``) and the
sequence-form payoff matrices ``A, B``, a pair ``(x, y)`` is a Nash equilibrium iff there are
free vectors ``p, q`` (the players' values at their information sets) with

    w1 = E^T p - A y >= 0,   x >= 0,   x^T w1 = 0,
    w2 = F^T q - B^T x >= 0, y >= 0,   y^T w2 = 0,
    E x = e,  F y = f

(Koller, Megiddo and von Stengel 1996, "Efficient computation of equilibria for extensive
two-person games", GEB 14, thm. 4.1).  Lemke's algorithm (Lemke 1965) adds an artificial variable
``z0`` with a covering vector ``d`` to the inequalities, ``w = ... + d z0``, and follows a path of
almost-complementary bases from a ray on which ``z0`` is large down to ``z0 = 0``.  The start is
chosen, as in the tracing-procedure variant of von Stengel, van den Elzen and Talman (2002,
"Computing normal form perfect equilibria for extensive two-person games", Econometrica 70),
at a pair of pure plans ``(x̄, ȳ)``: ``d`` is 1 on every sequence outside them and 0 on theirs, so
that on the starting ray ``x = x̄``, ``y = ȳ`` and every other sequence is made unattractive by
``z0``; as ``z0`` falls the players switch to better sequences until none is left.  Different
starting plans are different covering vectors and may end at different equilibria.

Payoffs are first lowered so that every leaf pays at most -1 (this changes no equilibrium and
keeps the players' values negative, the setting of Koller, Megiddo and von Stengel's proof that no
secondary ray occurs), then scaled to integers.  Pivoting is exact (integer pivoting) with the
lexicographic ratio test (:mod:`bargain.linalg.tableau`), so degenerate trees cannot make it cycle, and every end
point is verified on the tree (:func:`.verify.make_behaviour_equilibrium`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.linalg.tableau import IntegerTableau
from bargain.model.extensive import ExtensiveGame
from bargain.solvers.result import Equilibria, Equilibrium
from bargain.solvers.sequence_form.sequences import SequenceForm, sequence_form
from bargain.solvers.sequence_form.verify import make_behaviour_equilibrium

__all__ = ["LemkeRun", "lemke_sequence_form", "sequence_form_lcp", "start_plans", "integer_payoffs"]

METHOD = "seqform-lcp"
#: Default cap on the pivots of one path.
DEFAULT_MAX_PIVOTS = 50_000


class LemkeRun:
    """The end of one Lemke path: exact plans ``(x, y)``, pivots, and whether it ended on a ray."""

    def __init__(self, plans: tuple[list[Fraction], list[Fraction]] | None, pivots: int, ray: bool) -> None:
        self.plans = plans
        self.pivots = pivots
        self.ray = ray


def integer_payoffs(sf: SequenceForm) -> tuple[np.ndarray, np.ndarray]:
    """Sequence-form matrices with every leaf lowered to pay at most -1, each scaled to integers.

    Exact Fractions are used (float trees by the exact value of each float).  Returns two object
    arrays of Python ints; zero where no leaf has that pair of sequences.
    """
    g = sf.game
    if g.is_exact:
        pay, w = g.exact_leaf_payoffs, sf.exact_leaf_weight
    else:
        pay = np.vectorize(Fraction, otypes=[object])(g.leaf_payoffs)
        w = [Fraction(float(v)) for v in sf.leaf_weight]
    m, n = sf.num_sequences
    out = []
    for k in range(2):
        shift = max(pay[:, k]) + 1
        M = np.full((m, n), Fraction(0), dtype=object)
        for z, (i, j) in enumerate(sf.leaf_sequences.tolist()):
            M[i, j] += (pay[z, k] - shift) * w[z]
        den = math.lcm(*(q.denominator for q in M.flat)) if M.size else 1
        out.append(np.array([int(q * den) for q in M.flat], dtype=object).reshape(m, n))
    return out[0], out[1]


def start_plans(sf: SequenceForm, player: int, count: int, seed: int = 0) -> list[list[int]]:
    """``count`` distinct pure plans of ``player`` as sequence lists (∅ and one action per set):
    first actions everywhere, last actions everywhere, then seeded random choices."""
    g = sf.game
    sets = sf.player_infosets[player]
    rng = np.random.default_rng(seed + 7919 * player)
    out: list[list[int]] = []
    tries = 0
    while len(out) < count and tries < 4 * count + 4:
        k = len(out) if tries < 2 else 2
        choice = [0 if k == 0 else (g.infosets[h].num_actions - 1 if k == 1 else
                                    int(rng.integers(g.infosets[h].num_actions))) for h in sets]
        plan = [0] + [int(sf.infoset_first[h]) + a for h, a in zip(sets, choice, strict=True)]
        tries += 1
        if plan not in out:
            out.append(plan)
    return out


def _system(sf: SequenceForm, A: np.ndarray, B: np.ndarray, S: Sequence[int], T: Sequence[int]):
    """The LCP as ``M z = b`` with variables ``x, y, w1, w2, p, q, z0`` (in that order)."""
    m, n = sf.num_sequences
    E, _ = sf.constraints(0, exact=True)
    F, _ = sf.constraints(1, exact=True)
    rE, rF = E.shape[0], F.shape[0]
    nv = 2 * m + 2 * n + rE + rF + 1
    ox, oy, ow1, ow2, op, oq, z0 = 0, m, m + n, 2 * m + n, 2 * m + 2 * n, 2 * m + 2 * n + rE, nv - 1
    rows = m + n + rE + rF
    M = np.zeros((rows, nv), dtype=object)
    b = [0] * rows
    inS, inT = set(S), set(T)
    M[:m, ow1:ow1 + m] = np.eye(m, dtype=np.int64).astype(object)
    M[:m, op:op + rE] = -E.T
    M[:m, oy:oy + n] = A
    M[:m, z0] = [0 if j in inS else -1 for j in range(m)]
    M[m:m + n, ow2:ow2 + n] = np.eye(n, dtype=np.int64).astype(object)
    M[m:m + n, oq:oq + rF] = -F.T
    M[m:m + n, ox:ox + m] = B.T
    M[m:m + n, z0] = [0 if k in inT else -1 for k in range(n)]
    M[m + n:m + n + rE, ox:ox + m] = E
    M[m + n + rE:, oy:oy + n] = F
    b[m + n] = 1
    b[m + n + rE] = 1
    basis = ([ox + j for j in S] + [oy + k for k in T] + [ow1 + j for j in range(m) if j not in inS]
             + [ow2 + k for k in range(n) if k not in inT] + list(range(op, op + rE + rF)))
    free = range(op, op + rE + rF)
    return M, b, basis, free, (ox, oy, ow1, ow2, z0)


def lemke_path(sf: SequenceForm, A: np.ndarray, B: np.ndarray, S: Sequence[int], T: Sequence[int],
               max_pivots: int = DEFAULT_MAX_PIVOTS) -> LemkeRun:
    """Follow Lemke's path from the pure plans with sequences ``S`` (player 1) and ``T`` (player 2).

    ``A, B`` are integer matrices from :func:`integer_payoffs`.  Returns the exact plans at the
    end (or ``ray=True`` if the path ends on a secondary ray).

    Raises
    ------
    GameError
        If the path is longer than ``max_pivots``.
    """
    m, n = sf.num_sequences
    M, b, basis, free, (ox, oy, ow1, _, z0) = _system(sf, A, B, S, T)
    tab = IntegerTableau(M, b, basis, free)

    def complement(v: int) -> int:
        if v < ow1:
            return v + m + n
        return v - (m + n)

    pivots = 0
    if not tab.feasible():
        ended, pivots = tab.complementary_path(z0, complement, max_pivots, "the sequence form")
        if not ended:
            return LemkeRun(None, pivots, ray=True)
    x = tab.values(range(ox, ox + m))
    y = tab.values(range(oy, oy + n))
    return LemkeRun((x, y), pivots, ray=False)


def sequence_form_lcp(tree: ExtensiveGame, *, exact: bool | None = None, tol: float | None = None,
                      starts: int = 4, seed: int = 0, max_pivots: int = DEFAULT_MAX_PIVOTS,
                      sf: SequenceForm | None = None) -> Equilibria:
    """Equilibria of a two-player tree found by Lemke's algorithm from several starting plans.

    Parameters
    ----------
    tree: a two-player tree with perfect recall.
    exact: report exact (Fraction) equilibria; default: when the tree is rational.  Pivoting is
        exact either way.
    tol: regret tolerance of the float verification (default ``tree.tolerance``).
    starts: number of starting plan pairs (covering vectors); the first is every player's first
        action everywhere, the second their last, the others seeded random pure plans.
    seed: seed of the random starting plans.
    max_pivots: cap on the pivots of one path.
    sf: the sequence form, if already built.

    Returns
    -------
    :class:`~bargain.solvers.result.Equilibria` in behaviour strategies (``complete=False``).

    Raises
    ------
    GameError
        For a tree that does not have two players or lacks perfect recall.

    References
    ----------
    Koller, Megiddo and von Stengel (1996), GEB 14; Lemke (1965), Management Science 11; von
    Stengel, van den Elzen and Talman (2002), Econometrica 70.
    """
    if tree.n_players != 2:
        raise GameError(f"{METHOD} solves two-player trees; this tree has {tree.n_players} players "
                        "(use method='auto', which solves its reduced normal form, or 'agent-qre')")
    if int(starts) < 1:
        raise GameError(f"starts must be at least 1, got {starts}")
    sf = sf or sequence_form(tree)
    use_exact = tree.is_exact if exact is None else bool(exact)
    use_exact = use_exact and tree.is_exact     # float trees are pivoted exactly, reported in floats
    A, B = integer_payoffs(sf)
    plans1, plans2 = start_plans(sf, 0, starts, seed), start_plans(sf, 1, starts, seed)
    found: list[Equilibrium] = []
    keys: list[Any] = []
    notes: list[str] = []
    for k in range(starts):
        S, T = plans1[k % len(plans1)], plans2[k % len(plans2)]
        run = lemke_path(sf, A, B, S, T, max_pivots)
        if run.plans is None:
            notes.append(f"start {k + 1} ended on a secondary ray after {run.pivots} pivots")
            continue
        key = tuple(map(tuple, run.plans))
        if key in keys:
            continue
        keys.append(key)
        plans = run.plans if use_exact else [np.array([float(v) for v in x]) for x in run.plans]
        found.append(make_behaviour_equilibrium(sf, plans, METHOD, exact=use_exact, tol=tol))
    notes.append(f"Lemke's algorithm on the sequence form from {starts} starting plan pair(s); it need not find "
                 "every equilibrium (use 'seqform-enum' for all)")
    return Equilibria(tree, found, METHOD, complete=False, notes=notes)


def lemke_sequence_form(tree: ExtensiveGame, S: Sequence[int] | None = None, T: Sequence[int] | None = None,
                        ) -> tuple[list[Fraction], list[Fraction]] | None:
    """One exact equilibrium ``(x, y)`` as realisation plans from the starting sequences ``S, T``
    (default: first actions everywhere); None if the path ends on a ray."""
    sf = sequence_form(tree)
    A, B = integer_payoffs(sf)
    S = list(S) if S is not None else start_plans(sf, 0, 1)[0]
    T = list(T) if T is not None else start_plans(sf, 1, 1)[0]
    return lemke_path(sf, A, B, S, T).plans

