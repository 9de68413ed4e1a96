"""Completely labelled vertex pairs of a small two-player game whose best-response polytopes are simple.

Every basis ``b`` of ``P`` (``m`` of the ``m + n`` labels) is a candidate vertex; when the vertex it
gives is simple (its tight labels are exactly ``b``), its only possible partner in ``Q`` is the solution
of the complementary labels (von Stengel 2002, sec. 3.4).  :func:`simple_pairs` solves the bases by
LU in one stacked call; on games with many bases (:data:`SCREEN_MIN`) the bases are screened first
(:func:`screen`): the cofactors of every square submatrix of ``B`` and ``A``
(:func:`~bargain.linalg.minors.cramer_sums`, five array operations per support size) give every basis's
solution by Cramer's rule.  A basis is dropped only when it is infeasible by far more than Cramer's
rule can err; when every basis is clearly infeasible or clearly a simple vertex (and likewise every
vertex's complement in ``Q``) the completely labelled pairs are known and only they are solved by LU,
else the bases not dropped are.  Either way the vertices, their labels and their partners -- and the
numbers, from the same LU solves -- are those the unscreened solve finds.  On games with too many bases
to solve them all, :func:`hull_pairs` takes the vertices of ``P`` from Qhull instead and solves only their
partners' systems.

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, 1723-1759.
Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010). Enumeration of Nash equilibria
for two-player games. *Economic Theory* 42, 9-37.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np

from bargain.linalg.batched import solve_label_systems, solve_square_systems
from bargain.linalg.minors import cramer_sums, index_pairs
from bargain.solvers._polytope import LABEL_TOLERANCE, _ones, basis_subsets, polytope_vertices
from bargain.solvers.enumeration import dominated_on

__all__ = ["SCREEN_MIN", "Screen", "hull_pairs", "screen", "simple_pairs"]

#: Most bases of ``P`` for which :func:`simple_pairs` solves every complement in ``Q`` in the same call
#: (square games; otherwise only the vertices' complements are solved, in a second call).
_STACKED_MAX = 40
#: Fewest bases of ``P`` for which :func:`simple_pairs` screens the bases by cofactors before solving
#: (:func:`screen`): each LU costs about a microsecond, the screen a few dozen array operations.
SCREEN_MIN = 200
#: Smallest ``|det|`` (payoffs in ``[1, 2]``, submatrices of at most 5 x 5) at which the screen trusts
#: Cramer's rule: the cofactors err by at most about ``1e-12``, a solution in ``[0, 1]`` by ``1e-7``.
_SCREEN_DET = 1e-5
#: A basis is dropped by the screen only when some coordinate or slack is below ``-_SCREEN_MARGIN``.
_SCREEN_MARGIN = 1e-4


@functools.lru_cache(maxsize=128)
def _label_bases(m: int, n: int) -> tuple[np.ndarray, ...]:
    """Every basis of ``P`` but the origin's, its complement (a basis of ``Q``), both as label masks, and the
    right-hand sides ``hP``, ``hQ`` of ``P``'s and ``Q``'s inequalities in label order."""
    basis = basis_subsets(m, n)
    in_basis = np.zeros((len(basis), m + n), dtype=bool)
    in_basis[np.arange(len(basis))[:, None], basis] = True
    complement = np.nonzero(~in_basis)[1].reshape(len(basis), n)
    labels = np.arange(m + n)
    hP, hQ = (labels >= m).astype(float), (labels < m).astype(float)
    # For a square game: rows of [GP; GQ] (stacked) and right-hand sides of every basis and complement.
    both = np.concatenate([basis, complement + (m + n)]) if m == n else basis
    h_both = np.concatenate([hP[basis], hQ[complement]]) if m == n else hP[basis]
    out = (basis, complement, in_basis, ~in_basis, hP, hQ, -np.eye(m), -np.eye(n), both, h_both)
    for a in out:
        a.flags.writeable = False
    return out


@functools.lru_cache(maxsize=64)
def _screen_tables(m: int, n: int) -> tuple[np.ndarray, ...]:
    """For the pairs ``(I, T)`` of :func:`~bargain.linalg.minors.index_pairs` in their order: the basis of
    ``P`` each is (``x_i = 0`` off ``I``, ``(B^T x)_t = 1`` on ``T``; its complement in ``Q`` has
    ``(A y)_i = 1`` on ``I`` and ``y = 0`` off ``T``); for every entry of :func:`~bargain.linalg.minors.cramer_sums`
    (``A``'s, then ``B``'s, sizes in turn) its pair, its sign and its place in the ``(m + n, 2, N)`` array
    of :func:`screen` (``y`` in ``[m:, 0]``, ``x`` in ``[:m, 1]``; labels first, so that the reductions
    over them run along the first axis, several times faster than along a short last one); and the
    mask of that array's entries on each basis's own labels (``[:, 1]``) and its complement's (``[:, 0]``)."""
    where = {tuple(b): k for k, b in enumerate(basis_subsets(m, n).tolist())}
    basis_of, pair_of, sign, at_y, at_x = [], [], [], [], []
    start, count = 0, math.comb(m + n, m) - 1
    own = np.zeros((m + n, 2, count), dtype=bool)
    for rows, cols, _, _, e in index_pairs(m, n):
        for t, (rs, cs) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
            labels = sorted([i for i in range(m) if i not in rs] + [m + c for c in cs])
            basis_of.append(where[tuple(labels)])
            own[labels, 1, start + t] = True
            own[[k for k in range(m + n) if k not in labels], 0, start + t] = True
        ids = start + np.arange(len(rows))
        pair_of.append(np.repeat(ids, rows.shape[1]))
        sign.append(np.tile(e, len(rows)))
        at_y.append(((m + cols) * 2 * count + ids[:, None]).ravel())
        at_x.append((rows * 2 * count + count + ids[:, None]).ravel())
        start += len(rows)
    out = (np.array(basis_of, dtype=np.intp), np.concatenate(pair_of), np.concatenate(sign),
           np.concatenate([np.concatenate(at_y), np.concatenate(at_x)]), own)
    for a in out:
        a.flags.writeable = False
    return out


#: Most columns for which :func:`hull_pairs` solves each partner's ``n`` inequalities of ``Q`` as one ``n x n``
#: system (fewer array operations); larger games solve each support's own system (less arithmetic).
_COMPLEMENT_MAX = 8


@functools.lru_cache(maxsize=64)
def _q_parts(m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``-I_n`` (the rows ``-y_j <= 0`` of ``Q``) and ``Q``'s right-hand sides in label order (``1`` for
    ``(A y)_i <= 1``, then ``0``), read-only; unlike :func:`_label_bases`, without a table of every basis."""
    neg, h = -np.eye(n), (np.arange(m + n) < m).astype(float)
    neg.flags.writeable = h.flags.writeable = False
    return neg, h


class Screen(NamedTuple):
    """What :func:`screen` tells about the bases of ``P`` (indices into
    :func:`~bargain.solvers._polytope.basis_subsets`)."""

    candidates: np.ndarray      # ascending: the bases that may give a vertex (the rest clearly do not)
    maybe_y: np.ndarray         # per basis: its complement's solution may be feasible in Q
    pairs: np.ndarray | None    # ascending: the completely labelled pairs, when every decision is clear


def screen(A: np.ndarray, B: np.ndarray) -> Screen:
    """The bases of ``P`` that may give a vertex, those whose complement may give a point of ``Q``, and the
    completely labelled pairs when no basis is in doubt.

    Every basis's solution comes from the cofactors of ``B`` (``x_I`` with ``B[I, T]^T x_I = 1``) and
    of ``A`` (``y_T`` with ``A[I, T] y_T = 1``) by Cramer's rule (:func:`~bargain.linalg.minors.cramer_sums`).
    Where the determinant is at least :data:`_SCREEN_DET` (Cramer's rule then errs by at most about
    ``1e-7`` on a solution in ``[0, 1]``), a basis is *clearly infeasible* when some coordinate or slack
    is below ``-_SCREEN_MARGIN``, and *clearly a simple vertex* when every coordinate and slack off its
    own labels is above ``_SCREEN_MARGIN``: an LU solve decides the same way with the label tolerance.
    Only the bases in doubt need the LU solve; when none of ``P``'s is in doubt, nor the complement of
    any vertex, the pairs are known: the vertices whose complements are clearly simple vertices of ``Q``.

    Parameters
    ----------
    A, B : numpy.ndarray
        Positive ``m x n`` payoff matrices (entries in ``[1, 2]``), ``m <= n``.

    Returns
    -------
    Screen
        The candidate bases, the complements that may be feasible and the pairs (None if in doubt).

    References
    ----------
    von Stengel (2002), sec. 3.2-3.4; Horn and Johnson (2013), *Matrix Analysis*, sec. 0.3.
    """
    m, n = A.shape
    basis_of, pair_of, sign, at, own = _screen_tables(m, n)
    parts = cramer_sums(A, B)
    det = np.concatenate([d for d, _ in parts], axis=1)
    # W[:, 0] = (A y - 1, -y) for the complements, W[:, 1] = (-x, B^T x - 1) for the bases: feasible where W <= 0
    W = np.zeros((m + n, 2, len(basis_of)))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        W.ravel()[at] = (np.concatenate([S.reshape(2, -1) for _, S in parts], axis=1) * -sign
                         / det.take(pair_of, axis=1)).ravel()
        np.subtract(-A @ W[m:, 0], 1.0, out=W[:m, 0])
        np.subtract(-B.T @ W[:m, 1], 1.0, out=W[m:, 1])
        worst = W.max(axis=0)
        W[own] = -np.inf
        other = W.max(axis=0)                                   # the worst off the basis's own labels
    trusted = np.abs(det) >= _SCREEN_DET
    bad = (worst > _SCREEN_MARGIN) & trusted                    # (a nan solution compares False: in doubt)
    good = (other < -_SCREEN_MARGIN) & trusted
    maybe_y = np.empty(len(basis_of), dtype=bool)
    maybe_y[basis_of] = ~bad[0]
    pairs = None
    if not (~(bad | good)[1] | (good[1] & ~(bad | good)[0])).any():
        pairs = np.sort(basis_of[good[1] & good[0]])
    return Screen(np.sort(basis_of[~bad[1]]), maybe_y, pairs)


def simple_pairs(A: np.ndarray, B: np.ndarray, tol: float = LABEL_TOLERANCE,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Completely labelled vertex pairs of a game whose vertices are all simple; None otherwise.

    Every basis ``b`` (``m`` of the ``m + n`` labels) is solved in ``P`` and its complement in ``Q``, in
    one stacked solve when ``m == n`` and the bases are few.  With :data:`SCREEN_MIN` bases or more they
    are screened first (:func:`screen`): when no decision is in doubt only the pairs it names are solved
    (with the same LU as the unscreened solve, so with the same numbers), else only the bases it keeps.
    A feasible solution of ``b`` in ``P`` whose tight labels are exactly ``b`` is a simple vertex ``x``;
    its only possible partner is then the solution of the complement in ``Q`` -- the system
    :func:`~bargain.solvers.enumeration.extreme_pairs` solves from the labels ``x`` lacks -- and the pair is
    completely labelled when that ``y`` is feasible.

    Parameters
    ----------
    A, B : numpy.ndarray
        Positive ``m x n`` payoff matrices (entries in ``[1, 2]``), ``m <= n``.
    tol : float
        Slack at or below which an inequality is tight.

    Returns
    -------
    tuple of numpy.ndarray or None
        ``(X, LX, Y, LY)``, one row per pair: the vertex ``x`` of ``P`` and its labels (``x_i = 0``
        for ``i < m``, then ``(B^T x)_j = 1``), the vertex ``y`` of ``Q`` and its labels (``(A y)_i = 1``,
        then ``y_j = 0``).  None when a vertex of ``P`` or a partner in ``Q`` is degenerate (tight
        labels other than its basis) or a partner system is singular: then the general route decides.

    References
    ----------
    von Stengel (2002), sec. 3.4; Avis et al. (2010), sec. 3.
    """
    m, n = A.shape
    basis, complement, in_basis, in_complement, hP, hQ, neg_m, neg_n, both, h_both = _label_bases(m, n)
    # P's inequalities in label order (<= hP), then Q's (<= hQ); ||.||_inf of each system from its rows' norms
    if m == n:
        GPQ = np.concatenate([neg_m, B.T, A, neg_n])
        GP, GQ = GPQ[:m + n], GPQ[m + n:]
        row_norm = np.abs(GPQ).sum(axis=1)
    else:
        GP, GQ = np.concatenate([neg_m, B.T]), np.concatenate([A, neg_n])
        row_norm = np.concatenate([np.abs(GP).sum(axis=1), np.abs(GQ).sum(axis=1)])
    found = None
    if len(basis) >= SCREEN_MIN:
        found = screen(A, B)
        if found.pairs is not None:
            pairs = _solved_pairs(GP, GQ, row_norm, found.pairs, tol)
            if pairs is not None:
                return pairs
    stacked = m == n and len(basis) <= _STACKED_MAX and found is None
    if stacked:     # few bases: every complement too, in the same call
        Z, ok = solve_square_systems(GPQ[both], h_both, row_norm[both].max(axis=1))
        X, Y, ok_x, ok_y = Z[:len(basis)], Z[len(basis):], ok[:len(basis)], ok[len(basis):]
    else:           # every basis, or those the screen kept
        rows = basis if found is None else basis[found.candidates]
        X, ok_x = solve_square_systems(GP[rows], hP[rows], row_norm[rows].max(axis=1))
    slack = hP - X @ GP.T
    kept = np.flatnonzero(ok_x & (slack >= -tol).all(axis=1) & (np.abs(X).max(axis=1) > tol))
    vertex = kept if found is None else found.candidates[kept]
    LX = slack[kept] <= tol
    if not (in_basis[vertex] == LX).all():
        return None
    if stacked:
        Y, ok_y = Y[vertex], ok_y[vertex]
    elif found is None:     # the partners of the vertices only
        other = complement[vertex]
        Y, ok_y = solve_square_systems(GQ[other], hQ[other], row_norm[m + n + other].max(axis=1))
    else:                   # ... those the screen did not rule out (the rest are infeasible: y = 0 never is)
        live = found.maybe_y[vertex]
        Y, ok_y = np.zeros((len(vertex), n)), np.ones(len(vertex), dtype=bool)
        other = complement[vertex[live]]
        Y[live], ok_y[live] = solve_square_systems(GQ[other], hQ[other], row_norm[m + n + other].max(axis=1))
    if not ok_y.all():
        return None
    slack = hQ - Y @ GQ.T
    feasible = (slack >= -tol).all(axis=1)
    if found is not None:
        feasible &= found.maybe_y[vertex]
    LY = slack[feasible] <= tol
    pair = kept[feasible]
    if not (in_complement[vertex[feasible]] == LY).all():
        return None
    return X[pair], LX[feasible], Y[feasible], LY


def _solved_pairs(GP: np.ndarray, GQ: np.ndarray, row_norm: np.ndarray, pairs: np.ndarray, tol: float,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """The pairs :func:`screen` named, each basis and its complement solved by LU in one call (None, for the
    full solve to decide, should a system be singular or a label set differ from its basis after all)."""
    m = GP.shape[0] - GQ.shape[1]
    basis, complement, in_basis, in_complement, hP, hQ = _label_bases(m, GQ.shape[1])[:6]
    if len(pairs) == 0:
        return np.zeros((0, m)), np.zeros((0, len(hP)), dtype=bool), np.zeros((0, GQ.shape[1])), \
            np.zeros((0, len(hP)), dtype=bool)
    k = len(pairs)
    if m == GQ.shape[1]:     # square: one call for both sides
        rows = np.concatenate([basis[pairs], complement[pairs] + len(hP)])
        Z, ok = solve_square_systems(np.concatenate([GP, GQ])[rows], np.concatenate([hP, hQ])[rows],
                                     row_norm[rows.T].max(axis=0))
        X, Y = Z[:k], Z[k:]
    else:
        X, ok_x = solve_square_systems(GP[basis[pairs]], hP[basis[pairs]], row_norm[basis[pairs].T].max(axis=0))
        other = complement[pairs]
        Y, ok_y = solve_square_systems(GQ[other], hQ[other], row_norm[len(hP) + other.T].max(axis=0))
        ok = np.concatenate([ok_x, ok_y])
    LX, LY = hP - X @ GP.T <= tol, hQ - Y @ GQ.T <= tol
    if not (ok.all() and (in_basis[pairs] == LX).all() and (in_complement[pairs] == LY).all()):
        return None
    return X, LX, Y, LY


def hull_pairs(A: np.ndarray, B: np.ndarray, tol: float = LABEL_TOLERANCE,
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`simple_pairs` for games with many bases: the vertices of ``P`` by
    :func:`~bargain.solvers._polytope.polytope_vertices` (Qhull on the polar), each simple vertex's only
    possible partner from one stacked solve of the ``n`` inequalities of ``Q`` named by the labels the vertex
    lacks (as :func:`simple_pairs` solves a basis's complement: one ``n x n`` system per vertex, gathered by
    one index, whatever its support size), or on games with more than :data:`_COMPLEMENT_MAX` columns of its
    label system (:func:`~bargain.linalg.batched.solve_label_systems`); None on any doubt.

    This is what :func:`~bargain.solvers.enumeration.extreme_pairs` computes when every vertex of ``P``
    is simple, every label system is regular and every partner is a simple vertex of ``Q`` with exactly
    the complementary labels -- the vertices whose support has a row beaten on their best responses
    (:func:`~bargain.solvers.enumeration.dominated_on`) have no partner and are not solved, as there --
    without its bookkeeping for degenerate games (enumerating ``Q``, merging equal vertices, matching
    label sets), which the caller then runs instead.

    Parameters
    ----------
    A, B : numpy.ndarray
        Positive ``m x n`` payoff matrices (entries in ``[1, 2]``), ``m <= n``.
    tol : float
        Slack at or below which an inequality is tight.

    Returns
    -------
    tuple of numpy.ndarray or None
        ``(X, LX, Y, LY)`` as :func:`simple_pairs` returns them, or None when a vertex of ``P`` or a partner
        in ``Q`` is degenerate or a label system singular.

    References
    ----------
    von Stengel (2002), sec. 3.4; Avis et al. (2010), sec. 3.
    """
    m, n = A.shape
    X, LX = polytope_vertices(B.T, tol)         # labels: x_i = 0 (i < m), (B^T x)_j = 1
    S, R = ~LX[:, :m], LX[:, m:]
    if not ((LX @ _ones(m + n) == m) & (S @ _ones(m) > 0)).all():    # (products: reductions along rows are slower)
        return None                             # a degenerate vertex
    live = np.flatnonzero(~dominated_on(A, S, R, 64 * tol))
    # each partner's system: Q's inequalities in label order ((A y)_i <= 1, then -y_j <= 0) on the labels the
    # vertex lacks -- (A y)_i = 1 on its support, y_j = 0 off its best responses
    neg_n, hQ = _q_parts(m, n)
    GQ = np.concatenate([A, neg_n])
    if n <= _COMPLEMENT_MAX:
        other = np.nonzero(~LX[live])[1].reshape(-1, n)
        Y, ok = solve_square_systems(GQ[other], hQ[other], np.abs(GQ).sum(axis=1)[other].max(axis=1))
    else:       # many vertices: each support's own k x k system (an n x n LU costs (n / k)^3 as much)
        Y, ok = solve_label_systems(A, S[live], R[live])
    if not ok.all():
        return None                             # a singular system: the general route enumerates Q
    slack = hQ - Y @ GQ.T                       # Q's slacks in label order
    feasible = (slack >= -tol).all(axis=1)
    LY = slack[feasible] <= tol
    pair = live[feasible]
    if (LX[pair] == LY).any():
        return None                             # a degenerate partner
    return X[pair], LX[pair], Y[feasible], LY
