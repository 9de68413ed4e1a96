"""Completely labelled vertex pairs of a small two-player game whose best-response polytopes are simple.

Every basis ``b`` of ``P`` (``m`` of the ``m + n`` labels) is a candidate vertex; when the vertex it
gives is simple (its tight labels are exactly ``b``), its only possible partner in ``Q`` is the solution
of the complementary labels (von Stengel 2002, sec. 3.4).  :func:`simple_pairs` solves the bases by
LU in one stacked call; on games with many bases (:data:`SCREEN_MIN`) the bases are screened first:
the cofactors of every square submatrix of ``B`` and ``A`` (:func:`~bargain.linalg.minors.square_minors`,
a few array operations per support size) give every basis's solution by Cramer's rule, and only the
bases whose solution is not clearly infeasible -- or whose determinant is too small for Cramer's rule to
be trusted -- are solved by LU, as they were before.  A basis is dropped only when it is infeasible
by far more than Cramer's rule can err, so the vertices, their labels and their partners are those
the unscreened solve finds.

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

import numpy as np

from bargain.linalg.batched import solve_square_systems
from bargain.linalg.minors import cramer_sums, index_pairs
from bargain.solvers._polytope import LABEL_TOLERANCE, _trues, basis_subsets

__all__ = ["SCREEN_MIN", "screened_bases", "simple_pairs"]

#: Most bases of ``P`` for which :func:`simple_pairs` solves every complement in ``Q`` in the same call
#: (square games; otherwise only the vertices' complements are solved, in a second call).
_STACKED_MAX = 40
#: Fewest bases of ``P`` for which :func:`simple_pairs` screens the bases by cofactors before solving
#: (:func:`screened_bases`): each LU costs about a microsecond, the screen a few dozen array operations.
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
    of :func:`screened_bases` (``y`` in ``[m:, 0]``, ``x`` in ``[:m, 1]``; labels first, so that the
    reductions over them run along the first axis, several times faster than along a short last one)."""
    where = {tuple(b): k for k, b in enumerate(basis_subsets(m, n).tolist())}
    basis_of, pair_of, sign, at_y, at_x = [], [], [], [], []
    start, count = 0, math.comb(m + n, m) - 1
    for rows, cols, _, _, e in index_pairs(m, n):
        for rs, cs in zip(rows.tolist(), cols.tolist(), strict=True):
            basis_of.append(where[tuple(sorted([i for i in range(m) if i not in rs] + [m + t for t in cs]))])
        ids = start + np.arange(len(rows))
        pair_of.append(np.repeat(ids, rows.shape[1]))
        sign.append(np.tile(e, len(rows)))
        at_y.append(((m + cols) * 2 * count + ids[:, None]).ravel())
        at_x.append((rows * 2 * count + count + ids[:, None]).ravel())
        start += len(rows)
    out = (np.array(basis_of, dtype=np.intp), np.concatenate(pair_of), np.concatenate(sign),
           np.concatenate([np.concatenate(at_y), np.concatenate(at_x)]))
    for a in out:
        a.flags.writeable = False
    return out


def screened_bases(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bases of ``P`` that may give a vertex, and for every basis whether its complement may give a point of ``Q``.

    Every basis's solution comes from the cofactors of ``B`` (``x_I`` with ``B[I, T]^T x_I = 1``) and
    of ``A`` (``y_T`` with ``A[I, T] y_T = 1``) by Cramer's rule (:func:`~bargain.linalg.minors.cramer_sums`).
    A basis is ruled out only when its determinant is at least :data:`_SCREEN_DET` and some coordinate
    or slack is below ``-_SCREEN_MARGIN``: then the LU solution is infeasible too (a feasible solution
    lies in ``[0, 1]``, where Cramer's rule errs by at most about ``1e-7``).

    Parameters
    ----------
    A, B : numpy.ndarray
        Positive ``m x n`` payoff matrices (entries in ``[1, 2]``), ``m <= n``.

    Returns
    -------
    tuple of numpy.ndarray
        The candidate bases of ``P`` (indices into :func:`~bargain.solvers._polytope.basis_subsets`,
        ascending) and a boolean per basis: its complement's solution may be feasible in ``Q``.

    References
    ----------
    von Stengel (2002), sec. 3.2-3.4; Horn and Johnson (2013), *Matrix Analysis*, sec. 0.3.
    """
    m, n = A.shape
    basis_of, pair_of, sign, at = _screen_tables(m, n)
    parts = cramer_sums(A, B)
    det = np.concatenate([d for d, _ in parts], axis=1)
    # W[:, 0] = (A y - 1, -y) for the complements, W[:, 1] = (-x, B^T x - 1) for the bases: feasible where W <= 0
    W = np.zeros((m + n, 2, len(basis_of)))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        W.ravel()[at] = (np.concatenate([S.reshape(2, -1) for _, S in parts], axis=1) * -sign
                         / det.take(pair_of, axis=1)).ravel()
        np.subtract(-A @ W[m:, 0], 1.0, out=W[:m, 0])
        np.subtract(-B.T @ W[:m, 1], 1.0, out=W[m:, 1])
        out = (W.max(axis=0) > _SCREEN_MARGIN) & (np.abs(det) >= _SCREEN_DET)     # (nan compares False: kept)
    maybe_y = np.empty(len(basis_of), dtype=bool)
    maybe_y[basis_of] = ~out[0]
    return np.sort(basis_of[~out[1]]), maybe_y


def simple_pairs(A: np.ndarray, B: np.ndarray, tol: float = LABEL_TOLERANCE,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Completely labelled vertex pairs of a game whose vertices are all simple; None otherwise.

    Every basis ``b`` (``m`` of the ``m + n`` labels) is solved in ``P`` and its complement in ``Q``, in
    one stacked solve when ``m == n`` and the bases are few; with :data:`SCREEN_MIN` bases or more only
    those :func:`screened_bases` keeps.  A feasible solution of ``b`` in ``P`` whose tight labels are
    exactly ``b`` is a simple vertex ``x``; its only possible partner is then the solution of the
    complement in ``Q`` -- the system :func:`~bargain.solvers.enumeration.extreme_pairs` solves from
    the labels ``x`` lacks -- and the pair is completely labelled when that ``y`` is feasible.

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
    stacked = m == n and len(basis) <= _STACKED_MAX
    maybe_y = None
    # (per-system maxima over the label axis first, and "all"/"any" per row as boolean products with ones:
    # reductions along a short last axis cost several times as much)
    if stacked:     # few bases: every complement too, in the same call
        Z, ok = solve_square_systems(GPQ[both], h_both, row_norm[both.T].max(axis=0))
        X, Y, ok_x, ok_y = Z[:len(basis)], Z[len(basis):], ok[:len(basis)], ok[len(basis):]
        cand = None
    else:
        cand, maybe_y = screened_bases(A, B) if len(basis) >= SCREEN_MIN else (np.arange(len(basis)), None)
        X, ok_x = solve_square_systems(GP[basis[cand]], hP[basis[cand]], row_norm[basis.T[:, cand]].max(axis=0))
    ones = _trues(m + n)
    slack = hP - X @ GP.T
    kept = np.flatnonzero(ok_x & ~(~(slack >= -tol) @ ones) & ((np.abs(X) > tol) @ ones[:m]))
    vertex = kept if cand is None else cand[kept]
    X, LX = X[kept], slack[kept] <= tol
    if not (in_basis[vertex] == LX).all():
        return None
    if stacked:
        Y, ok_y = Y[vertex], ok_y[vertex]
        live = np.ones(len(vertex), dtype=bool)
    else:           # the partners of the vertices only (those the screen did not rule out)
        live = np.ones(len(vertex), dtype=bool) if maybe_y is None else maybe_y[vertex]
        Y, ok_y = np.zeros((len(vertex), n)), np.ones(len(vertex), dtype=bool)
        other = complement[vertex[live]]
        Y[live], ok_y[live] = solve_square_systems(GQ[other], hQ[other], row_norm[m + n + other.T].max(axis=0))
    if not ok_y.all():
        return None
    slack = hQ - Y @ GQ.T
    feasible = live & ~(~(slack >= -tol) @ ones)
    LY = slack[feasible] <= tol
    pair = vertex[feasible]
    if not (in_complement[pair] == LY).all():
        return None
    return X[feasible], LX[feasible], Y[feasible], LY
