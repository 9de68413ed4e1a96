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

    At a set with free sequences every free action but the last gets a variable and the last one
    the rest of the parent's probability, as in :func:`.supports.support_system` (so the sequence-form
    equalities hold identically and ``z`` has no equality constraints).  A set below a sequence
    fixed at zero stays at zero (its owner never gets there) and gets no variable.
    """
    tree = sf.game
    zero = Fraction(0) if exact else 0.0
    plan: list[list[tuple[int, int, int, list[int]]]] = []  # per player: (first, width, parent, free actions)
    nz = 0
    for k in range(tree.n_players):
        mask = np.asarray(free[k], dtype=bool)
        dead = np.zeros(sf.num_sequences[k], dtype=bool)    # fixed at zero, or below such a sequence
        dead[1:] = ~mask[1:] & np.array([v == 0 for v in base[k][1:]], dtype=bool)
        sets = []
        for h in sf.player_infosets[k]:                     # preorder: the parent is settled first
            first, par = int(sf.infoset_first[h]), int(sf.infoset_parent[h])
            width = tree.infosets[h].num_actions
            if dead[par]:
                dead[first:first + width] = True
                continue
            acts = [a for a in range(width) if mask[first + a]]
            if acts:
                sets.append((first, width, par, acts))
                nz += len(acts) - 1
        plan.append(sets)
    X = []
    var = 1
    for k in range(tree.n_players):
        M = np.full((sf.num_sequences[k], 1 + nz), zero, dtype=object if exact else float)
        M[0, 0] = 1
        for s in range(1, sf.num_sequences[k]):
            if not free[k][s] and base[k][s] != 0:
                M[s, 0] = Fraction(base[k][s]) if exact else float(base[k][s])
        for first, width, par, acts in plan[k]:
            rest = M[par] - M[first:first + width].sum(axis=0)
            for a in acts[:-1]:
                M[first + a, var] = 1
                rest[var] -= 1
                var += 1
            M[first + acts[-1]] = rest
        X.append(M)
    return X, nz


Poly = dict[tuple[int, ...], Any]


def _poly(row: np.ndarray) -> Poly:
    """An affine row ``(c_0, c_1, ...)`` as a polynomial ``{monomial: coefficient}``."""
    return {(() if v == 0 else (v - 1,)): c for v, c in enumerate(row) if c != 0}


def _times(p: Poly, q: Poly) -> Poly:
    """The product of two polynomials in disjoint variables."""
    out: Poly = {}
    for m, a in p.items():
        for n, b in q.items():
            key = tuple(sorted(m + n))
            out[key] = out.get(key, 0) + a * b
    return out


def _payoffs(sf: SequenceForm, X: list[np.ndarray], k: int, deviating: bool, exact: bool
             ) -> list[Poly] | Poly:
    """Player ``k``'s payoff as a polynomial in ``z``: per own sequence with ``deviating`` (what each
    sequence earns against the others' plans), else at the profile itself."""
    tree = sf.game
    seqs = sf.leaf_sequences
    if exact:
        w = sf.exact_leaf_weight
        pay = tree.exact_leaf_payoffs
    else:
        w = sf.leaf_weight
        pay = np.asarray(tree.leaf_payoffs, dtype=float)
    players = [j for j in range(tree.n_players) if j != k or not deviating]
    cache: dict[tuple[int, int], Poly] = {}
    per_seq: list[Poly] = [{} for _ in range(sf.num_sequences[k])]
    for z in range(len(seqs)):
        c = w[z] * pay[z][k]
        if c == 0:
            continue
        term: Poly = {(): c}
        for j in players:
            key = (j, int(seqs[z, j]))
            if key not in cache:
                cache[key] = _poly(X[j][key[1]])
            term = _times(term, cache[key])
            if not term:
                break
        into = per_seq[int(seqs[z, k])]
        for m, v in term.items():
            into[m] = into.get(m, 0) + v
    if deviating:
        return per_seq
    total: Poly = {}
    for p in per_seq:
        for m, v in p.items():
            total[m] = total.get(m, 0) + v
    return total


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
    slack = 0 if exact else tol
    eps = 0 if exact else 1e-12 * max(1.0, float(np.abs(np.asarray(tree.leaf_payoffs, dtype=float)).max()))
    A_ub: list[list[Any]] = []
    b_ub: list[Any] = []
    for M in X:                  # the last free action of a set: the rest of its parent's probability
        for r in M:
            nonzero = [v for v in r[1:] if v != 0]
            if nonzero and not (r[0] == 0 and len(nonzero) == 1 and nonzero[0] == 1):
                A_ub.append(list(-r[1:]))
                b_ub.append(r[0])
    seen: set[tuple[Any, ...]] = set()
    for k in range(tree.n_players):
        dev = _payoffs(sf, X, k, True, exact)
        value = _payoffs(sf, X, k, False, exact)
        monos = sorted({(), *(m for p in dev for m in p), *value, *((v,) for v in range(nz))},
                       key=lambda m: (len(m), m))
        col = {m: c for c, m in enumerate(monos)}
        A = np.zeros((sf.num_sequences[k], len(monos)), dtype=object if exact else float)
        if exact:
            A[:] = Fraction(0)
        for s, p in enumerate(dev):
            for m, v in p.items():
                A[s, col[m]] += v
        U = np.zeros(len(monos), dtype=object if exact else float)
        for m, v in value.items():
            U[col[m]] += v
        lin = [col[(v,)] for v in range(nz)]
        if not np.any(A[:, 1:] != 0) and not np.any(U[1:] != 0):
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
            if any(abs(r[c]) > eps for c in range(1 + nz, len(monos))):
                return (f"{tree.players[k]}'s deviation condition is bilinear in the free behaviour of two other "
                        "players (their free information sets follow one another)")
            row = [r[c] for c in lin]
            if not any(v != 0 for v in row):
                if r[0] > slack:
                    return []
                continue
            key = (*row, r[0]) if exact else tuple(np.round(np.asarray([*row, r[0]], dtype=float), 12))
            if key not in seen:
                seen.add(key)
                A_ub.append(row)
                b_ub.append(slack - r[0])
    if nz == 0:
        return [[M[:, 0].copy() for M in X]]
    found = vertices([], [], A_ub, b_ub, nz, exact=exact)
    if found is None:
        return (f"the polytope of free behaviour has {nz} variables and {len(A_ub)} inequalities, too many "
                "candidate vertices to try")
    out = []
    for z in found:
        y = np.array([Fraction(1) if exact else 1.0, *z], dtype=object if exact else float)
        out.append([M @ y for M in X])
    return out
