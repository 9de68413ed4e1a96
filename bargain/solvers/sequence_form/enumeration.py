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

Vertices are enumerated exactly by a search over *lexicographically feasible bases*: from a
feasible basis (a pure plan of one player and the other's best-response values), every pivot
with the lexicographic ratio test leads to a neighbouring basis of the symbolically perturbed,
simple polyhedron, whose graph is connected; so the search visits a basis of every vertex (the
principle of Avis and Fukuda's reverse search, 1992, here as a plain graph search over bases).
All arithmetic is in integers (:mod:`bargain.linalg.tableau`), and each vertex's labels are read off exactly.
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.linalg.tableau import IntegerTableau
from bargain.model.extensive import ExtensiveGame
from bargain.solvers.components import connected_components, maximal_bicliques
from bargain.solvers.enumeration import describe_nash_subset
from bargain.solvers.result import Component, Equilibria
from bargain.solvers.sequence_form.lemke import integer_payoffs, start_plans
from bargain.solvers.sequence_form.sequences import SequenceForm, sequence_form
from bargain.solvers.sequence_form.verify import make_behaviour_equilibrium

__all__ = ["polyhedron_vertices", "sequence_form_enumeration", "MAX_BASES"]

METHOD = "seqform-enum"
#: Default cap on the bases visited in one polyhedron.
MAX_BASES = 200_000


class _Vertex:
    """A vertex of ``P`` (or ``Q``): the player's plan and the label bit mask."""

    __slots__ = ("labels", "plan")

    def __init__(self, plan: tuple[Fraction, ...], labels: int) -> None:
        self.plan = plan
        self.labels = labels


def _polyhedron(sf: SequenceForm, own: int, C: np.ndarray):
    """``M z = b`` for the polyhedron of player ``own`` (``C``: the opponent's payoffs, rows =
    ``own``'s sequences); variables: plan (s), values of the opponent's sets (r), slacks (t)."""
    other = 1 - own
    s, t = sf.num_sequences[own], sf.num_sequences[other]
    E, _ = sf.constraints(own, exact=True)
    F, _ = sf.constraints(other, exact=True)
    rE, rF = E.shape[0], F.shape[0]
    M = np.zeros((rE + t, s + rF + t), dtype=object)
    M[:rE, :s] = E
    M[rE:, :s] = C.T                                  # w - F^T q + C^T x = 0
    M[rE:, s:s + rF] = -F.T
    M[rE:, s + rF:] = np.eye(t, dtype=np.int64).astype(object)
    b = [1] + [0] * (rE + t - 1)
    return M, b, (s, rF, t)


def polyhedron_vertices(sf: SequenceForm, own: int, C: np.ndarray, max_bases: int = MAX_BASES,
                        deadline: float | None = None) -> tuple[list[_Vertex], int, bool]:
    """Every vertex of player ``own``'s polyhedron with its labels, the bases visited, and
    whether the search finished (False when ``max_bases`` was reached or the ``deadline``, a
    ``time.monotonic()`` value, passed).

    Labels are numbered globally: player 1's sequences ``0..m-1``, player 2's ``m..m+n-1``; a
    vertex of ``P`` (``own = 0``) has label ``j`` when ``x_j = 0`` and ``m + k`` when ``w2_k = 0``;
    a vertex of ``Q`` has ``j`` when ``w1_j = 0`` and ``m + k`` when ``y_k = 0``.
    """
    M, b, (s, r, t) = _polyhedron(sf, own, C)
    m = sf.num_sequences[0]
    plan = start_plans(sf, own, 1)[0]
    xbar = [0] * s
    # the realisation plan of the pure plan: x(h a) = x(σ(h)) for the chosen a
    xbar[0] = 1
    for h, seq in zip(sf.player_infosets[own], plan[1:], strict=True):
        xbar[seq] = xbar[int(sf.infoset_parent[h])]
    c = [sum(C[i, k] * xbar[i] for i in range(s) if xbar[i]) for k in range(t)]
    _, tight = sf.best_response(1 - own, c)
    tight_set = set(tight)
    basis = plan + list(range(s, s + r)) + [s + r + k for k in range(t) if k not in tight_set]
    tab0 = IntegerTableau(M, b, basis, free=range(s, s + r))
    plan_vars = list(range(s))
    slack_vars = [s + r + k for k in range(t)]
    bounded = plan_vars + slack_vars
    label_of = {v: j for j, v in enumerate(plan_vars)} if own == 0 else {v: m + j for j, v in enumerate(plan_vars)}
    label_of.update({v: m + k for k, v in enumerate(slack_vars)} if own == 0 else
                    {v: k for k, v in enumerate(slack_vars)})
    all_bounded = set(bounded)
    seen = {frozenset(tab0.basis)}
    stack = [tab0]
    found: dict[int, _Vertex] = {}
    finished = True
    while stack:
        tab = stack.pop()
        basic = set(tab.basis)
        zero = (all_bounded - basic) | (tab.zero_basic() & all_bounded)
        labels = sum(1 << label_of[v] for v in zero)
        if labels not in found:   # a vertex is determined by its tight inequalities (its labels)
            found[labels] = _Vertex(tuple(tab.values(plan_vars)), labels)
        for e in bounded:
            if e in basic:
                continue
            row = tab.lex_min_ratio(e)
            if row is None:
                continue
            key = frozenset(basic - {tab.basis[row]} | {e})
            if key in seen:
                continue
            if len(seen) >= max_bases or (deadline is not None and time.monotonic() > deadline):
                finished = False
                stack = []
                break
            seen.add(key)
            nxt = tab.copy()
            nxt.pivot(row, e)
            stack.append(nxt)
    return list(found.values()), len(seen), finished


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
    time_limit: seconds after which the search stops and the answer is marked incomplete.
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
                        "(use method='seqform-poly')")
    sf = sf or sequence_form(tree)
    use_exact = tree.is_exact if exact is None else bool(exact) and tree.is_exact
    A, B = integer_payoffs(sf)
    m, n = sf.num_sequences
    deadline = None if time_limit is None else time.monotonic() + float(time_limit)
    VP, basesP, okP = polyhedron_vertices(sf, 0, B, max_bases, deadline)
    VQ, basesQ, okQ = polyhedron_vertices(sf, 1, A.T, max_bases, deadline) if okP else ([], 0, False)
    full = (1 << (m + n)) - 1
    xs: dict[tuple, int] = {}
    ys: dict[tuple, int] = {}
    pairs: set[tuple[int, int]] = set()
    by_labels: dict[int, list[_Vertex]] = {}
    for v in VQ:
        by_labels.setdefault(v.labels, []).append(v)
    for u in VP:
        need = full & ~u.labels
        for lab, group in by_labels.items():
            if lab & need == need:
                for v in group:
                    pairs.add((xs.setdefault(u.plan, len(xs)), ys.setdefault(v.plan, len(ys))))
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
    notes = [f"vertex enumeration of the sequence-form polyhedra: {len(VP)} + {len(VQ)} vertices "
             f"({basesP} + {basesQ} lexicographic bases)"]
    complete = okP and okQ
    if not complete:
        notes.append(f"the search stopped at its cap ({max_bases} bases per polyhedron"
                     f"{'' if time_limit is None else f' or {time_limit:g} s'}): some equilibria may be missing "
                     "(raise max_bases / time_limit)")
    if any(not c.is_isolated for c in components):
        notes.append("degenerate tree: a component with several extreme equilibria is a connected set of "
                     "equilibria; each maximal Nash subset conv(x's) x conv(y's) of realisation plans consists of "
                     "equilibria")
        notes += [describe_nash_subset(tree, edges, c.index, s_) for c in components if not c.is_isolated
                  for s_ in c.nash_subsets]
    return Equilibria(tree, eqs, METHOD, complete=complete, components=components, notes=notes)

