"""Every extreme equilibrium of a two-player tree: vertex enumeration of the sequence-form polytopes.

The best-response polyhedra of the sequence form (von Stengel 1996, "Efficient computation of
behavior strategies", GEB 14, sec. 4; Koller, Megiddo and von Stengel 1996, sec. 4) are

    P = {(x, q) : x >= 0,  E x = e,  w2 = F^T q - B^T x >= 0},
    Q = {(y, p) : y >= 0,  F y = f,  w1 = E^T p - A y >= 0},

with ``p, q`` free (the value of each information set).  Both are pointed (``E`` and ``F`` have
full row rank).  Label ``j`` (a sequence of player 1) marks ``x_j = 0`` in ``P`` and ``w1_j = 0``
in ``Q``; label ``m + k`` (a sequence of player 2) marks ``w2_k = 0`` in ``P`` and ``y_k = 0`` in
``Q``.  A pair of points is an equilibrium iff every label appears at one of them
(complementarity), and the equilibrium set is a finite union of products ``X_k x Y_k`` of
polytopes whose vertices come from pairs of vertices of ``P`` and ``Q`` -- the sequence-form
analogue of the bimatrix method (Avis, Rosenberg, Savani and von Stengel 2010, "Enumeration of
Nash equilibria for two-player games", Econ. Theory 42; their component analysis applies
verbatim because the equilibrium condition is again bilinear, so :mod:`bargain.solvers.components`
groups the extreme equilibria into maximal Nash subsets and components).

Only the *lowest* vertices of each polyhedron (the opponent's values equal to their best-response
values) can be part of a completely labelled pair; :mod:`.vertices` enumerates them by a batched
floating-point search over lexicographic bases.  Completely labelled pairs are found by bit-mask
matching of the two vertex lists; every vertex in a pair is rebuilt in rational arithmetic from
its tight inequalities, its labels are recomputed exactly and complete labelling is re-checked
exactly, and every equilibrium is verified on the tree.  The search is in floating point but no
rounding decides an answer: a vertex whose tight set does not rebuild exactly is reported in the
notes and the answer is marked incomplete.
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.linalg.exact import solve_rational
from bargain.model.extensive import ExtensiveGame
from bargain.solvers.completeness import certify_tree
from bargain.solvers.components import connected_components, maximal_bicliques
from bargain.solvers.enumeration import describe_nash_subset
from bargain.solvers.result import Component, Equilibria
from bargain.solvers.sequence_form.lemke import integer_payoffs
from bargain.solvers.sequence_form.sequences import SequenceForm, sequence_form
from bargain.solvers.sequence_form.verify import make_behaviour_equilibrium
from bargain.solvers.sequence_form.vertices import LowestVertices, lowest_vertices

__all__ = ["sequence_form_enumeration", "MAX_BASES", "exact_vertex"]

METHOD = "seqform-enum"
#: Default cap on the bases visited in one polyhedron.
MAX_BASES = 2_000_000
#: Largest number of (vertex, vertex) word comparisons in one broadcast of the matching.
_MATCH_CHUNK = 8_000_000


def _global_labels(v: LowestVertices, own: int, s: int) -> np.ndarray:
    """Tight sets in the global label order: player 1's sequences, then player 2's."""
    return v.tight if own == 0 else np.concatenate([v.tight[:, s:], v.tight[:, :s]], axis=1)


def _words(L: np.ndarray) -> np.ndarray:
    """Boolean label rows packed into uint64 words."""
    pk = np.packbits(L, axis=1)
    pad = (-pk.shape[1]) % 8
    pk = np.concatenate([pk, np.zeros((len(pk), pad), dtype=np.uint8)], axis=1)
    return np.ascontiguousarray(pk).view(np.uint64)


def _matching_pairs(LP: np.ndarray, LQ: np.ndarray) -> list[tuple[int, int]]:
    """All ``(a, b)`` whose label rows cover every label (``LP[a] | LQ[b]`` all true)."""
    if not len(LP) or not len(LQ):
        return []
    full = _words(np.ones((1, LP.shape[1]), dtype=bool))[0]
    WP, WQ = _words(LP), _words(LQ)
    out: list[tuple[int, int]] = []
    step = max(1, _MATCH_CHUNK // (len(WQ) * WP.shape[1]))
    for a0 in range(0, len(WP), step):
        hit = ((WP[a0:a0 + step, None, :] | WQ[None, :, :]) == full).all(axis=2)
        out += [(a0 + int(a), int(b)) for a, b in zip(*np.nonzero(hit), strict=True)]
    return out


def exact_vertex(sf: SequenceForm, own: int, C: np.ndarray, tight: np.ndarray,
                 ) -> tuple[tuple[Fraction, ...], int] | None:
    """Rebuild a vertex of ``own``'s polyhedron exactly from its tight set.

    Solves ``E x = e``, ``x_j = 0`` and ``(F^T q - C^T x)_k = 0`` on the tight set (``C`` exact
    integers) over the rationals; returns the plan and its exact label bit mask (global
    numbering), or None when the tight set does not determine a feasible point."""
    other = 1 - own
    s, t = sf.num_sequences[own], sf.num_sequences[other]
    E, _ = sf.constraints(own, exact=True)
    F, _ = sf.constraints(other, exact=True)
    rE, rF = E.shape[0], F.shape[0]
    rows: list[list[Any]] = [[*E[r], *([0] * rF)] for r in range(rE)]
    rhs: list[Any] = [1] + [0] * (rE - 1)
    for j in np.flatnonzero(tight[:s]).tolist():
        rows.append([0] * (s + rF))
        rows[-1][j] = 1
        rhs.append(0)
    for k in np.flatnonzero(tight[s:]).tolist():
        rows.append([*(-C[:, k]), *F[:, k]])
        rhs.append(0)
    sol = solve_rational(rows, rhs)
    if sol is None:
        return None
    x, q = sol[:s], sol[s:]
    w = [sum(F[r, k] * q[r] for r in range(rF) if F[r, k]) - sum(C[i, k] * x[i] for i in range(s) if x[i])
         for k in range(t)]
    if any(v < 0 for v in x) or any(v < 0 for v in w):
        return None
    m = sf.num_sequences[0]
    own_bits = sum(1 << (j if own == 0 else m + j) for j in range(s) if x[j] == 0)
    opp_bits = sum(1 << (m + k if own == 0 else k) for k in range(t) if w[k] == 0)
    return tuple(x), own_bits | opp_bits


def sequence_form_enumeration(tree: ExtensiveGame, *, exact: bool | None = None, tol: float | None = None,
                              max_bases: int = MAX_BASES, time_limit: float | None = None,
                              sf: SequenceForm | None = None) -> Equilibria:
    """Every extreme equilibrium of a two-player tree, in behaviour strategies, with components.

    Parameters
    ----------
    tree: a two-player tree with perfect recall.
    exact: report exact equilibria (default: when the tree is rational); the enumeration itself
        is always exact (float payoffs are taken at their exact binary values).
    tol: regret tolerance of the float verification.
    max_bases: cap on the bases visited in each polyhedron; past it the answer is marked
        incomplete.
    time_limit: seconds of CPU time (of this process, so that a busy machine gives the same answer)
        after which the search stops and the answer is marked incomplete.
    sf: the sequence form, if already built.

    Returns
    -------
    :class:`~bargain.solvers.result.Equilibria`: the distinct pairs of realisation plans that
    come from completely labelled vertex pairs (every extreme equilibrium, in realisation plans),
    with ``components`` and ``complete=True`` unless the cap was hit.

    Raises
    ------
    GameError
        For a tree without two players or without perfect recall.

    References
    ----------
    von Stengel (1996), GEB 14; Koller, Megiddo and von Stengel (1996), GEB 14; Avis, Rosenberg,
    Savani and von Stengel (2010), Econ. Theory 42; Avis and Fukuda (1992), Discrete Comput. Geom. 8.
    """
    if tree.n_players != 2:
        raise GameError(f"{METHOD} solves two-player trees; this tree has {tree.n_players} players "
                        "(use method='auto', which solves its reduced normal form, or 'agent-qre')")
    sf = sf or sequence_form(tree)
    use_exact = tree.is_exact if exact is None else bool(exact) and tree.is_exact
    A, B = integer_payoffs(sf)
    m, n = sf.num_sequences
    deadline = None if time_limit is None else time.process_time() + float(time_limit)
    VP = lowest_vertices(sf, 0, B, max_bases=max_bases, deadline=deadline)
    VQ = lowest_vertices(sf, 1, A.T, max_bases=max_bases, deadline=deadline) if VP.finished else None
    cand = _matching_pairs(_global_labels(VP, 0, m), _global_labels(VQ, 1, n)) if VQ is not None else []
    full = (1 << (m + n)) - 1
    ex: dict[tuple[int, int], Any] = {}

    def rebuilt(own: int, k: int):
        if (own, k) not in ex:
            v = VP if own == 0 else VQ
            ex[own, k] = exact_vertex(sf, own, B if own == 0 else A.T, v.tight[k])
        return ex[own, k]

    xs: dict[tuple, int] = {}
    ys: dict[tuple, int] = {}
    pairs: set[tuple[int, int]] = set()
    failed = 0
    for a, b in cand:
        u, v = rebuilt(0, a), rebuilt(1, b)
        if u is None or v is None:
            failed += 1
            continue
        if (u[1] | v[1]) == full:
            pairs.add((xs.setdefault(u[0], len(xs)), ys.setdefault(v[0], len(ys))))
    xlist, ylist = list(xs), list(ys)
    # Deterministic order: descending lexicographic in (x, y).
    edges = sorted(pairs, key=lambda e: ([-p for p in xlist[e[0]]], [-p for p in ylist[e[1]]]))
    comps = connected_components(edges)
    comp_of = {e: ci for ci, members in enumerate(comps) for e in members}
    components = []
    for ci, members in enumerate(comps):
        if len(members) == 1:
            subsets: tuple[tuple[int, ...], ...] = ((members[0],),)
        else:
            subsets = tuple(tuple(members[k] for k in bic) for bic in maximal_bicliques([edges[e] for e in members]))
        components.append(Component(ci, tuple(members), subsets))
    eqs = []
    for k, (a, c) in enumerate(edges):
        plans: list[Any] = [list(xlist[a]), list(ylist[c])]
        if not use_exact:
            plans = [np.array([float(v) for v in p]) for p in plans]
        eqs.append(make_behaviour_equilibrium(sf, plans, METHOD, exact=use_exact, tol=tol, component=comp_of[k]))
    nQ, bQ = (len(VQ.plans), VQ.bases) if VQ is not None else (0, 0)
    notes = [f"vertex enumeration of the sequence-form polyhedra: {len(VP.plans)} + {nQ} lowest vertices "
             f"({VP.bases} + {bQ} lexicographic bases), {len(cand)} completely labelled pair(s) checked exactly"]
    complete = VP.finished and VQ is not None and VQ.finished and not failed
    if not (VP.finished and VQ is not None and VQ.finished):
        why = "deadline" if "deadline" in (VP.stopped, VQ.stopped if VQ is not None else "") else "cap"
        limit = f"{time_limit:g} CPU seconds" if why == "deadline" else f"{max_bases} bases per polyhedron"
        notes.append(f"the search stopped at its limit of {limit} before it had visited every basis of the "
                     f"{'first' if not VP.finished else 'second'} polyhedron: some equilibria may be missing "
                     "(raise time_limit / max_bases)")
    if failed:
        notes.append(f"{failed} floating-point vertex pair(s) could not be rebuilt in exact arithmetic "
                     "(ill-conditioned payoffs); their equilibria may be missing")
    if any(not c.is_isolated for c in components):
        notes.append("degenerate tree: a component with several extreme equilibria is a connected set of "
                     "equilibria; each maximal Nash subset conv(x's) x conv(y's) of realisation plans consists of "
                     "equilibria")
        notes += [describe_nash_subset(tree, edges, c.index, s_) for c in components if not c.is_isolated
                  for s_ in c.nash_subsets]
    return certify_tree(Equilibria(tree, eqs, METHOD, complete=complete, components=components, notes=notes),
                        "complete by enumeration: every basis of both sequence-form polyhedra was visited and every "
                        "completely labelled vertex pair checked in exact arithmetic")

