"""Behaviour left free by a support solution: the polytope of choices that keep it an equilibrium.

A solution of a support system fixes the realisation plans on the part of the tree the support
reaches.  Two kinds of sequence are still free:

* sequences at information sets the support does not reach -- the behaviour there earns its owner
  nothing (the play never gets there) but can deter the *other* players' deviations that would
  get there;
* on a degenerate support whose mixing player ``i`` is indifferent on a whole face (the
  indifference equations vanish identically), ``i``'s support sequences at the reached sets.

Write ``z`` for the free sequence probabilities.  Each player's realisation plan is affine in its
own part of ``z`` (von Stengel 1996: plans are the points of ``{x >= 0 : E x = e}``, linear
constraints), and the profile is an equilibrium exactly when no player ``k`` gains by a pure plan
``p``: ``u_k(p, x_-k) <= u_k(x)``.  When no leaf that the profile or a deviation can reach with
positive probability carries free sequences of two different players (checked leaf by leaf), both
sides are affine in ``z``, so the equilibria with the given fixed part form a polytope (a product
of sequence-form polytopes cut by one half-space per player and pure plan).  Its vertices are the
extreme equilibria of that piece of the equilibrium set, and every point of it is an equilibrium
(the piece is convex in realisation plans, so it lies in one connected component).  They are
enumerated exactly (:func:`bargain.solvers.sequential.polytope.vertices`: every square system of
the equalities and tight inequalities, Schrijver 1986, sec. 8.5) in Fractions when the tree and
the fixed part are rational.

Where a leaf couples free sequences of two players the condition is bilinear, and where a player
has too many plans or the polytope too many candidate vertices the enumeration is not attempted:
:func:`extension_vertices` then returns the reason as a string and the caller marks its answer not
complete.

References
----------
von Stengel, B. (1996). Efficient computation of behavior strategies. *Games Econ. Behav.* 14.
Koller, D., Megiddo, N. and von Stengel, B. (1996). Efficient computation of equilibria for
extensive two-person games. *Games Econ. Behav.* 14.  Schrijver, A. (1986). *Theory of Linear and
Integer Programming*, sec. 8.5.  McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria
in finite games. *Handbook of Computational Economics* I, sec. 6 (behaviour off the path).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.solvers.sequence_form.sequences import SequenceForm
from bargain.solvers.sequential.polytope import vertices

__all__ = ["MAX_PLANS", "extension_vertices"]

#: Largest number of pure plans of one player whose deviations are written out as inequalities.
MAX_PLANS = 20_000


def _affine_plans(sf: SequenceForm, base: list[np.ndarray], free: list[np.ndarray], exact: bool
                  ) -> tuple[list[np.ndarray], int]:
    """Every player's plan as an affine map of ``z``: ``X[k] @ (1, z)``, shape ``(#seq_k, 1 + nz)``.

    A free sequence whose parent sequence is fixed at zero is fixed at zero (its owner never gets
    there), so it gets no variable.
    """
    tree = sf.game
    fixed = [np.array(~np.asarray(f, dtype=bool)) for f in free]
    for k in range(tree.n_players):
        for h in sf.player_infosets[k]:        # preorder: the parent is settled before h
            par, first = int(sf.infoset_parent[h]), int(sf.infoset_first[h])
            if fixed[k][par] and base[k][par] == 0:
                fixed[k][first:first + tree.infosets[h].num_actions] = True
    index = [np.cumsum(~fx) for fx in fixed]
    offsets = np.cumsum([0] + [int((~fx).sum()) for fx in fixed])
    nz = int(offsets[-1])
    zero = Fraction(0) if exact else 0.0
    X = []
    for k in range(tree.n_players):
        M = np.full((sf.num_sequences[k], 1 + nz), zero, dtype=object if exact else float)
        for s in range(sf.num_sequences[k]):
            if fixed[k][s]:
                M[s, 0] = (Fraction(base[k][s]) if exact else float(base[k][s])) if base[k][s] != 0 else zero
            else:
                M[s, offsets[k] + int(index[k][s])] = 1
        X.append(M)
    return X, nz


def _equalities(sf: SequenceForm, X: list[np.ndarray]) -> tuple[list[list[Any]], list[Any]]:
    """``sum_a x(h a) = x(σ(h))`` for every set with a free sequence, as rows over ``z``."""
    tree = sf.game
    rows, rhs = [], []
    for k in range(tree.n_players):
        M = X[k]
        for h in sf.player_infosets[k]:
            first, par = int(sf.infoset_first[h]), int(sf.infoset_parent[h])
            r = M[first:first + tree.infosets[h].num_actions].sum(axis=0) - M[par]
            if any(v != 0 for v in r[1:]):
                rows.append(list(r[1:]))
                rhs.append(-r[0])
    return rows, rhs


def _leaf_terms(sf: SequenceForm, X: list[np.ndarray], exact: bool) -> tuple[list[np.ndarray], np.ndarray,
                                                                             np.ndarray, np.ndarray, np.ndarray]:
    """Per player, the affine rows of its plan at each leaf; which are variable, which fixed at zero;
    the leaf weights and payoffs."""
    tree = sf.game
    seqs = sf.leaf_sequences
    rows = [X[k][seqs[:, k]] for k in range(tree.n_players)]
    var = np.stack([np.array([any(v != 0 for v in r[1:]) for r in R], dtype=bool) for R in rows], axis=1)
    zero = np.stack([np.array([R[z, 0] == 0 for z in range(len(R))], dtype=bool) for R in rows], axis=1) & ~var
    if exact:
        w = np.array(sf.exact_leaf_weight, dtype=object)
        pay = np.asarray(tree.exact_leaf_payoffs, dtype=object)
    else:
        w = np.asarray(sf.leaf_weight, dtype=float)
        pay = np.asarray(tree.leaf_payoffs, dtype=float)
    return rows, var, zero, w, pay


def _affine_payoff(rows: list[np.ndarray], var: np.ndarray, zero: np.ndarray, coef: np.ndarray,
                   players: list[int], exact: bool) -> tuple[np.ndarray, np.ndarray] | None:
    """``sum_z coef_z prod_{j in players} x_j(z)`` per leaf, affine in the free variables.

    Returns the per-leaf affine rows (zero where a factor is fixed at zero) and the mask of live
    leaves, or None when some live leaf multiplies variables of two players (bilinear)."""
    live = (coef != 0) & ~zero[:, players].any(axis=1)
    if (var[:, players][live].sum(axis=1) > 1).any():
        return None
    L, width = len(coef), rows[0].shape[1]
    out = np.zeros((L, width), dtype=object if exact else float)
    if exact:
        out[:] = Fraction(0)
    for z in np.flatnonzero(live):
        const = coef[z]
        vrow = None
        for j in players:
            r = rows[j][z]
            if var[z, j]:
                vrow = r
            else:
                const = const * r[0]
        if vrow is None:
            out[z, 0] = const
        else:
            out[z] = vrow * const
    return out, live


def extension_vertices(sf: SequenceForm, base: list[np.ndarray], free: list[np.ndarray], *, exact: bool,
                       tol: float) -> list[list[np.ndarray]] | str:
    """Every vertex of the polytope of equilibria that agree with ``base`` on the fixed sequences.

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    base : list of numpy.ndarray
        One realisation-plan vector per player; its entries at fixed sequences are kept (those at
        free ones are ignored).  Fractions when ``exact``.
    free : list of numpy.ndarray
        One boolean mask per player: the sequences left free.  Free sequences must be whole
        information sets' sequences or, at a set, a subset whose complement is fixed at zero.
    exact : bool
        Rational arithmetic (needs an exact tree and Fraction ``base``).
    tol : float
        Payoff tolerance in floating point (exact runs use none).

    Returns
    -------
    list or str
        The vertices, each a list of realisation plans (one per player); an empty list when no
        choice of the free sequences gives an equilibrium; or, when the polytope could not be
        enumerated, the reason (a sentence).

    References
    ----------
    von Stengel (1996), GEB 14; Schrijver (1986), sec. 8.5.
    """
    tree = sf.game
    X, nz = _affine_plans(sf, base, free, exact)
    rows, var, zero, w, pay = _leaf_terms(sf, X, exact)
    slack = 0 if exact else tol
    A_ub: list[list[Any]] = []
    b_ub: list[Any] = []
    seen: set[tuple[Any, ...]] = set()
    for k in range(tree.n_players):
        coef = w * pay[:, k]
        others = [j for j in range(tree.n_players) if j != k]
        value = _affine_payoff(rows, var, zero, coef, list(range(tree.n_players)), exact)
        dev = _affine_payoff(rows, var, zero, coef, others, exact)
        if value is None or dev is None:
            return (f"free behaviour of two players meets at one leaf, so {tree.players[k]}'s equilibrium "
                    "condition is bilinear in it")
        U = value[0].sum(axis=0)
        A = np.zeros((sf.num_sequences[k], nz + 1), dtype=object if exact else float)
        if exact:
            A[:] = Fraction(0)
        np.add.at(A, sf.leaf_sequences[:, k], dev[0])
        if nz == 0 or (not np.any(A[:, 1:] != 0) and not np.any(U[1:] != 0)):
            if sf.best_response(k, list(A[:, 0]))[0] > U[0] + slack:
                return []
            continue
        try:
            if tree._count_plans(k) > MAX_PLANS:
                raise GameError("too many plans")
            plans = tree.reduced_strategies(k)
        except GameError:
            return f"{tree.players[k]} has more than {MAX_PLANS} pure plans to write the deviation conditions with"
        for plan in plans:
            seq = [0] + [int(sf.infoset_first[h]) + a for h, a in plan.items()]
            r = A[seq].sum(axis=0) - U
            if not any(v != 0 for v in r[1:]):
                if r[0] > slack:
                    return []
                continue
            key = tuple(r) if exact else tuple(np.round(np.asarray(r, dtype=float), 12))
            if key not in seen:
                seen.add(key)
                A_ub.append(list(r[1:]))
                b_ub.append(slack - r[0])
    if nz == 0:
        return [[M[:, 0].copy() for M in X]]
    A_eq, b_eq = _equalities(sf, X)
    found = vertices(A_eq, b_eq, A_ub, b_ub, nz, exact=exact)
    if found is None:
        return (f"the polytope of free behaviour has {nz} variables and {len(A_ub)} deviation inequalities, too "
                "many candidate vertices to try")
    out = []
    for z in found:
        y = np.array([Fraction(1) if exact else 1.0, *z], dtype=object if exact else float)
        out.append([M @ y for M in X])
    return out
