"""Float vertex enumeration of a two-player game in one pass: the answer of :func:`registry.solve`, built once.

:func:`bargain.solve` with ``method="enumeration"`` on a float game runs
:func:`~bargain.solvers.enumeration.enumeration_solve` on :meth:`Game.normalised`, verifies every
equilibrium there, and verifies each again on the game as given (:func:`~bargain.solvers.result.transfer`).
On small games that bookkeeping -- two games, two verifications and two :class:`Equilibrium` objects per
equilibrium, one small numpy call per system size -- costs more than the arithmetic.  This module gives
the same answer in one pass:

1. each player's payoffs mapped onto ``[0, 1]`` (:func:`~bargain.model.scale.normalise_per_player`, as
   :meth:`Game.normalised` does), strictly dominated strategies removed and the rest mapped to ``[1, 2]``
   (:func:`~bargain.solvers.enumeration.reduced_positive`);
2. on a game with at most :data:`~bargain.solvers.scalar_screen.SCALAR_MAX` bases (4x4), the pairs decided
   basis by basis in Python floats (:func:`~bargain.solvers.scalar_screen.scalar_screen`) when no basis is
   in doubt; else, on a game with at most :data:`SIMPLE_PAIRS_MAX` bases, the vertices of the smaller best-response
   polytope ``P`` by basis enumeration, and each vertex's partner in ``Q`` from *one* stacked solve:
   the ``n`` inequalities of ``Q`` named by the labels the vertex lacks (von Stengel 2002, sec. 3.4;
   :mod:`~bargain.solvers.simple_pairs`, which screens the bases of larger games by cofactors first);
   on larger games the vertices of ``P`` from Qhull and their partners from one stacked solve of their
   label systems (:func:`~bargain.solvers.simple_pairs.hull_pairs`); if a vertex is degenerate or a
   system singular, :func:`~bargain.solvers.enumeration.extreme_pairs` runs instead;
3. when the completely labelled pairs form a matching (every equilibrium isolated), every candidate is
   checked as ``enumeration_solve`` and ``transfer`` check it -- on the normalised game against its
   tolerance, then on the game as given against twice each player's own tolerance -- but for all
   candidates at once (regrets ``max(A y) - x A y`` of the stacked profiles), and each
   :class:`~bargain.solvers.result.Equilibrium` is built once.  Otherwise (degenerate games: components,
   Nash subsets) the pairs already found are handed to the general route;
4. the completeness claim is certified from the same arrays: every equilibrium's index (the sign of
   ``det(-J)``, ``J`` the replicator Jacobian on the tangent space, as
   :mod:`~bargain.solvers.completeness` defines it) from the unused strategies' payoff gaps and the
   support blocks in closed form (:func:`equilibrium_indices`); when every equilibrium is regular and
   the indices sum to +1 the result carries that evidence, otherwise
   :func:`~bargain.solvers.completeness.certify` decides as on the general route.

Steps 1, 3 and 4 run in Python floats on games with at most 49 payoffs per player (the scales, the
dominance check, the regrets, the index of supports up to 3x3): on games this small a numpy call costs
more than its arithmetic.  The Qhull route runs with one BLAS thread (products over thousands of vertices
otherwise wake threads that spin).  The equilibria, their
order, components, notes, completeness claim and evidence are those of the general route.

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, 1723-1759.
Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010). Enumeration of Nash equilibria
for two-player games. *Economic Theory* 42, 9-37.
Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Math. Programming Study* 1, 175-189.
Ritzberger, K. (1994). The theory of normal form games from the differentiable viewpoint.
*Int. J. Game Theory* 23, 207-236.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import operator
from typing import NamedTuple

import numpy as np

from bargain.model.game import Game
from bargain.model.scale import RELATIVE_TOLERANCE, ROUNDING_ALLOWANCE
from bargain.solvers.completeness import MAX_INDEX_DIMENSION, ZERO, Evidence, _index_sign, index_passed
from bargain.solvers.dynamics import tangent_eigenvalues_batch
from bargain.solvers.enumeration import (
    METHOD,
    equilibria_from_pairs,
    oriented_pairs,
    reduced_positive,
)
from bargain.solvers.polynomial.homotopy import one_blas_thread
from bargain.solvers.registry import register_one_pass
from bargain.solvers.result import SUPPORT_TOLERANCE, Component, Equilibria, Equilibrium, transfer
from bargain.solvers.scalar_screen import SCALAR_MAX, scalar_screen
from bargain.solvers.simple_pairs import hull_pairs, simple_pairs

__all__ = ["equilibrium_indices", "one_pass_enumeration", "simple_pairs"]


#: Most bases of ``P`` for which :func:`one_pass_enumeration` uses :func:`simple_pairs`; larger games use
#: :func:`~bargain.solvers.enumeration.extreme_pairs` (Qhull above ``BASIS_ENUMERATION_MAX`` bases).
SIMPLE_PAIRS_MAX = 300


@register_one_pass(METHOD)
def one_pass_enumeration(game: Game) -> Equilibria:
    """``transfer(enumeration_solve(game.normalised()), game)`` for a float two-player game, in one pass.

    Parameters
    ----------
    game : Game
        A two-player game with float payoffs.

    Returns
    -------
    Equilibria
        The verified equilibria of ``game`` with their components and notes, as the general route
        gives them; certified (index evidence and its note) when every equilibrium is regular and the
        indices sum to +1, else left for :func:`registry.certify_result`.

    Raises
    ------
    VerificationError
        If a profile is not an equilibrium (a solver bug; raised by the general route).

    References
    ----------
    von Stengel (2002); Avis et al. (2010).
    """
    sc, rows, cols, A, B = _prepared(game)
    m, n = A.shape
    found = named = None
    if m == n == 1:     # solved by dominance: the one pure profile (P's and Q's only vertex pair)
        named = [0], [[1.0]], [[1.0]]
    elif math.comb(m + n, min(m, n)) <= SIMPLE_PAIRS_MAX:
        if math.comb(m + n, m) - 1 <= SCALAR_MAX:     # a few dozen bases: decided in Python floats
            named = scalar_screen(A, B) if m <= n else scalar_screen(B.T, A.T)
        if named is None:
            found = simple_pairs(A, B) if m <= n else simple_pairs(B.T, A.T)
    if named is not None:
        _, X, Y = named
        xs, ys = (X, Y) if m <= n else (Y, X)
    elif found is not None:
        xs, ys = _unused_zeroed(found, m, n)
        xs, ys = xs.tolist(), ys.tolist()
    if named is not None or found is not None:
        if game.payoffs[0].size <= _PYTHON_DOMINANCE_MAX:     # a small game: checked in Python floats
            return _finished(game, sc, rows, cols, A, B, _verified_scalar(game, sc, rows, cols, xs, ys))
        xs, ys = np.array(xs).reshape(-1, m), np.array(ys).reshape(-1, n)
        return _finished(game, sc, rows, cols, A, B, _verified(game, sc, rows, cols, xs, ys))
    # Qhull and products of thousands of vertices: split over BLAS threads they wait on them (on 12x12
    # games the threads' spinning doubled the CPU time of a solve); up to 8x8 the products are too small
    # to be split, and setting the limit would cost more than a tenth of the solve
    with one_blas_thread() if m * n > _ONE_THREAD_MIN else contextlib.nullcontext():
        found = hull_pairs(A, B) if m <= n else hull_pairs(B.T, A.T)
        if found is None:       # a degenerate vertex or a singular system: the general route's pairs
            return _from_extreme_pairs(game, sc, rows, cols, A, B)
        xs, ys = _unused_zeroed(found, m, n)
        return _finished(game, sc, rows, cols, A, B, _verified(game, sc, rows, cols, xs, ys))


def _unused_zeroed(found: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], m: int, n: int,
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The profiles ``(xs, ys)`` of the pairs ``(X, LX, Y, LY)`` of :func:`simple_pairs` or :func:`hull_pairs` (of
    the transposed game when ``m > n``), zero where a strategy is unused (label ``x_i = 0`` in ``P``, ``y_j = 0``
    in ``Q``)."""
    X, LX, Y, LY = found
    if m <= n:
        return np.where(LX[:, :m], 0.0, X), np.where(LY[:, m:], 0.0, Y)
    return np.where(LY[:, n:], 0.0, Y), np.where(LX[:, :n], 0.0, X)     # the transposed game's P holds y


def _from_extreme_pairs(game: Game, sc: _Scales, rows: np.ndarray, cols: np.ndarray, A: np.ndarray,
                        B: np.ndarray) -> Equilibria:
    """:func:`one_pass_enumeration` from :func:`~bargain.solvers.enumeration.oriented_pairs` (games with many
    bases, or a degenerate vertex): the general route when the pairs do not form a matching."""
    m = A.shape[0]
    pairs = oriented_pairs(A, B)
    both = pairs.P_all is not None and pairs.Q_all is not None    # a degenerate vertex: both enumerated
    if both or len({a for a, _ in pairs.edges}) < len(pairs.edges) \
            or len({b for _, b in pairs.edges}) < len(pairs.edges):
        general = equilibria_from_pairs(game.normalised(), rows, cols, A, B, pairs, exact=False, tol=sc.tol_n)
        return transfer(general, game)
    ia = np.array([a for a, _ in pairs.edges], dtype=np.intp)
    ib = np.array([b for _, b in pairs.edges], dtype=np.intp)
    xs = np.where(pairs.LX[ia, :m], 0.0, pairs.X[ia])
    ys = np.where(pairs.LY[ib, m:], 0.0, pairs.Y[ib])
    return _finished(game, sc, rows, cols, A, B, _verified(game, sc, rows, cols, xs, ys))


def _finished(game: Game, sc: _Scales, rows: np.ndarray, cols: np.ndarray, A: np.ndarray, B: np.ndarray,
              checked: tuple[list[Equilibrium], np.ndarray, np.ndarray] | None) -> Equilibria:
    """The certified result from the checked equilibria of the reduced game ``(A, B)``'s vertex pairs
    (:func:`_verified`; step 4 of :func:`one_pass_enumeration`)."""
    tol_n = sc.tol_n
    if checked is None:     # a check failed: let the general route say which (it raises)
        pairs = oriented_pairs(A, B)
        return transfer(equilibria_from_pairs(game.normalised(), rows, cols, A, B, pairs, exact=False, tol=tol_n),
                        game)
    m0, n0 = game.shape
    notes = []
    if len(rows) < m0 or len(cols) < n0:
        gone = [game.strategies[0][k] for k in sorted(set(range(m0)) - set(rows.tolist()))] + \
               [game.strategies[1][k] for k in sorted(set(range(n0)) - set(cols.tolist()))]
        notes.append(f"strictly dominated strategies removed first (never played in equilibrium): {', '.join(gone)}")
    eqs, Z, gap = checked
    components = [Component(k, (k,), ((k,),)) for k in range(len(eqs))]
    evidence = _index_evidence(game, eqs, Z, gap, sc.ptp)
    if evidence is None:    # irregular equilibria or an index sum other than +1: certify() decides
        return Equilibria(game, eqs, METHOD, complete=True, components=components, notes=notes)
    # what certify() returns for this evidence (Equilibria.with_evidence), built once
    return Equilibria(game, eqs, METHOD, complete=True, components=components, notes=[*notes, evidence.detail],
                      evidence=evidence)


#: Most payoff entries per player for which :func:`_prepared` removes dominated strategies, and
#: :func:`one_pass_enumeration` checks the equilibria and their indices, in plain Python.
_PYTHON_DOMINANCE_MAX = 49
#: Most payoff entries per player for which :func:`equilibrium_indices` computes the index of a 3 x 3
#: support in Python floats (:func:`_block_square_3`; one stacked call costs more up to 8x8).
_PYTHON_INDEX_MAX = 64
#: ``p <= 0`` and ``v > 0`` as C-level predicates (:func:`equilibrium_indices` maps them over a profile).
_AT_MOST_ZERO, _ABOVE_ZERO = (0.0).__ge__, (0.0).__lt__
#: Most strategy pairs of the reduced game for which the Qhull route keeps BLAS's own threading (products
#: of a few hundred vertices: BLAS does not split them).
_ONE_THREAD_MIN = 64


class _Scales(NamedTuple):
    """Each player's payoff scales (Python floats, as :func:`~bargain.model.scale.normalise_per_player` and
    :func:`~bargain.model.scale.player_tolerances` compute them) and the game's tolerances."""

    magnitude: list[float]      # largest absolute payoff
    unit: list[float]           # the magnitude, or 1 where it is 0 (what payoffs are divided by)
    spread: list[float]         # payoff range over the magnitude
    tolerance: list[float]      # regret tolerance (Game.tolerances)
    tol_n: float                # the normalised game's tolerance
    ptp: float                  # range of all payoffs of both players


def _prepared(game: Game) -> tuple[_Scales, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``normalise_per_player`` and ``reduced_positive`` of a two-player float game with few array calls.

    The same numbers as those functions (the same float operations in the same order): each
    player's payoffs divided by their largest absolute payoff and mapped onto ``[0, 1]``; the
    normalised game's tolerance; strategies strictly dominated by a pure one removed (iterated, as
    :func:`~bargain.solvers.enumeration.strictly_undominated` removes them, in plain Python on
    small games); the rest mapped to ``[1, 2]``.

    Returns
    -------
    tuple
        ``(scales, rows, cols, A, B)``: the players' scales and tolerances, the kept strategies and the
        reduced positive matrices.
    """
    m0, n0 = game.shape
    small = m0 * n0 <= _PYTHON_DOMINANCE_MAX
    if small:               # Python floats: the same operations, one by one
        flat = game.payoffs.reshape(2, -1).tolist()
        his, los = [max(p) for p in flat], [min(p) for p in flat]
    else:
        flat = game.payoffs.reshape(2, -1)
        his, los = flat.max(axis=1).tolist(), flat.min(axis=1).tolist()
    mags, scales, lows, spreads, tols = [], [], [], [], []
    for hi, lo in zip(his, los, strict=True):
        mag = max(abs(hi), abs(lo))
        scale = mag if mag > 0 else 1.0
        mags.append(mag)
        scales.append(scale)
        lows.append(lo / scale)
        spreads.append(hi / scale - lo / scale)
        tols.append(mag * (RELATIVE_TOLERANCE * spreads[-1] + ROUNDING_ALLOWANCE) if mag > 0 else RELATIVE_TOLERANCE)
    # Every player's normalised payoffs span exactly [0, 1] (all 0 if constant): magnitude = range = 1 (or 0).
    tol_n = RELATIVE_TOLERANCE + ROUNDING_ALLOWANCE if max(spreads) > 0 else RELATIVE_TOLERANCE
    sc = _Scales(mags, scales, spreads, tols, tol_n, max(his) - min(los))
    if not small:
        norm = (flat / np.array(scales)[:, None] - np.array(lows)[:, None]) / \
            np.array([d if d > 0 else 1.0 for d in spreads])[:, None]
        for i, d in enumerate(spreads):
            if d <= 0:
                norm[i] = 0.0
        norm = norm.reshape(2, m0, n0)
        rows, cols, A, B = reduced_positive(norm[0], norm[1], tol_n)
        return sc, rows, cols, A, B
    a, b = ([[(v / scale - low) / d for v in p[i * n0:(i + 1) * n0]] if d > 0 else [0.0] * n0 for i in range(m0)]
            for p, scale, low, d in zip(flat, scales, lows, spreads, strict=True))
    r, c = list(range(m0)), list(range(n0))
    ar, bc = a, [list(col) for col in zip(*b, strict=True)]      # the kept rows of A, the kept columns of B
    while True:
        dr = [r[k] for k in _dominated_rows(ar, tol_n)] if len(r) > 1 else []
        dc = [c[k] for k in _dominated_rows(bc, tol_n)] if len(c) > 1 else []
        if not dr and not dc:
            break
        r, c = [i for i in r if i not in dr], [j for j in c if j not in dc]
        ar, bc = [[a[i][j] for j in c] for i in r], [[b[i][j] for i in r] for j in c]
    rows, cols = np.array(r, dtype=np.intp), np.array(c, dtype=np.intp)
    if len(r) < m0 or len(c) < n0:
        a, b = ([[M[i][j] for j in c] for i in r] for M in (a, b))
    # normalise_payoffs: 1 + (M - min M) / (max M - min M), or ones (1 + M exactly for [0, 1] payoffs)
    A, B = (np.array([[1.0 + (v - lo) / (hi - lo) for v in row] for row in M]) if hi - lo > 0
            else np.ones((len(r), len(c)))
            for M, lo, hi in ((M, min(map(min, M)), max(map(max, M))) for M in (a, b)))
    return sc, rows, cols, A, B


def _dominated_rows(M: list[list[float]], tol: float) -> list[int]:
    """The rows of ``M`` below some other row by more than ``tol > 0`` in every column: only a row below every
    column's maximum by that much can be, and only those are compared with the others."""
    top = list(map(max, zip(*M, strict=True)))
    out = []
    for j, row in enumerate(M):
        lifted = [v + tol for v in row]
        if all(map(operator.lt, lifted, top)) and any(all(map(operator.gt, other, lifted)) for other in M):
            out.append(j)
    return out


def equilibrium_indices(game: Game, supports: list[tuple[tuple[int, ...], tuple[int, ...]]], Z: np.ndarray,
                        gap: np.ndarray, ptp: float | None = None) -> list[int | None]:
    """Index (+1 or -1) of each verified equilibrium of a two-player game; None where it is not regular.

    The index is ``sign det(-J)`` on the tangent space, ``J`` the replicator Jacobian, as
    :func:`~bargain.solvers.completeness.equilibrium_index` computes it from eigenvalues.  For two
    players ``J`` is block triangular: each unused strategy ``r`` contributes the eigenvalue
    ``gap[r] = v_r - u`` (its payoff minus its player's), and the supports the eigenvalues of
    ``[[0, P], [Q, 0]]`` -- none for a pure equilibrium; for supports ``{i1, i2} x {j1, j2}`` the pair
    ``+-sqrt(p q)`` with ``p = x_i1 x_i2 (A_i1j1 - A_i2j1 - A_i1j2 + A_i2j2)`` and
    ``q = y_j1 y_j2 (B_i1j1 - B_i1j2 - B_i2j1 + B_i2j2)`` (differentiate ``x_i1' = x_i1 x_i2 (v_i1 - v_i2)``
    along the support), so that ``det(-J)`` there is ``-p q``; for larger supports the square roots
    of the eigenvalues of the ``(k - 1) x (k - 1)`` product ``P Q``, one stacked call per support size
    (:func:`_support_block_squares`).  An eigenvalue within ``ZERO`` times the payoff range of zero
    makes the equilibrium irregular, as there.
    On nondegenerate games this is Shapley's index, ``(-1)^(k+1) sign(det A_IJ det B_IJ)`` for positive
    payoffs and supports ``I x J`` of size ``k`` (von Stengel 2002, sec. 3.6); the tests check both.

    Parameters
    ----------
    game : Game
        The two-player game as given.
    supports : list of tuple
        Each equilibrium's supports ``(rows, columns)``, in the order of the rows of ``Z``.
    Z : numpy.ndarray
        ``(E, m + n)``: the profiles ``(x, y)``, zero off the support.
    gap : numpy.ndarray
        ``(E, m + n)``: each strategy's payoff minus its player's, in the game's units.
    ptp : float, optional
        The range of all payoffs of the game (computed if not given).

    Returns
    -------
    list of int or None
        One index per equilibrium.

    References
    ----------
    Ritzberger (1994), sec. 4; Shapley (1974); von Stengel (2002), sec. 3.6; Hofbauer, J. and
    Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*, Cambridge University Press,
    sec. 10.1.
    """
    m = game.shape[0]
    scale = max(float(np.ptp(game.payoffs)) if ptp is None else ptp, 1e-300)
    zero = ZERO * scale
    A, B = game.payoffs[0], game.payoffs[1]
    small = game.payoffs.tolist() if A.size <= _PYTHON_INDEX_MAX and len(supports) <= 8 else None
    out: list[int | None] = []
    larger: dict[int, list[tuple[int, int]]] = {}
    for e, (z, g, (rows, cols)) in enumerate(zip(Z.tolist(), gap.tolist(), supports, strict=True)):
        off = list(itertools.compress(g, map(_AT_MOST_ZERO, z)))     # eigenvalues v_r - u of unused strategies
        if any(map(zero.__ge__, map(abs, off))):                     # |v_r - u| <= zero: irregular
            out.append(None)
            continue
        sign = -1 if sum(map(_ABOVE_ZERO, off)) % 2 else 1             # each v_r - u > 0 flips det(-J)
        if len(rows) == len(cols) == 1:
            out.append(sign)
        elif len(rows) == len(cols) == 2:
            (i1, i2), (j1, j2) = rows, cols
            pq = (z[i1] * z[i2] * float(A[i1, j1] - A[i2, j1] - A[i1, j2] + A[i2, j2])
                  * z[m + j1] * z[m + j2] * float(B[i1, j1] - B[i1, j2] - B[i2, j1] + B[i2, j2]))
            out.append(None if math.sqrt(abs(pq)) <= zero else (sign if pq < 0 else -sign))
        elif len(rows) == len(cols) == 3 and small is not None:       # a small game: in Python floats
            det = _block_square_3(*small, z, m, rows, cols, zero)
            out.append(None if det is None else (sign if det > 0 else -sign))    # det(-J) = det(P Q) for k = 3
        elif len(rows) == len(cols):
            larger.setdefault(len(rows), []).append((e, sign))
            out.append(None)
        else:           # unequal supports (not in a nondegenerate game): the eigenvalues of J itself
            lam = tangent_eigenvalues_batch(game, [(Z[e, :m], Z[e, m:])])[0]
            out.append(_index_sign(lam, scale))
    for k, group in larger.items():
        dets = _support_block_squares(game, Z, supports, [e for e, _ in group], k, zero)
        for (e, sign), det in zip(group, dets, strict=True):
            if det is not None:                                   # regular
                det *= (-1) ** (k - 1)                            # det(-J) on the support
                out[e] = sign if det > 0 else -sign
    return out


def _support_block_squares(game: Game, Z: np.ndarray, supports: list[tuple[tuple[int, ...], tuple[int, ...]]],
                           which: list[int], k: int, zero: float) -> list[float | None]:
    """``det(P Q)`` for equilibria ``which`` (supports of size ``k`` each) where every eigenvalue ``mu`` of ``P Q``
    has ``sqrt|mu| > zero`` (the support block is regular), else None: one stacked call; for ``k = 3``
    (``P Q`` is ``2 x 2``) from its trace and determinant.

    In the coordinates ``x_I = x*_I + E s``, ``y_J = y*_J + E t`` with ``E = [I; -1^T]`` (``k x (k - 1)``)
    the replicator field's linear part on the supports is ``s' = P t``, ``t' = Q s`` with
    ``P = diag(x_1..k-1) (A_IJ - 1 x^T A_IJ)[:k-1] E`` and ``Q = diag(y_1..k-1) (B_IJ^T - 1 y^T B_IJ^T)[:k-1] E``;
    the eigenvalues of ``[[0, P], [Q, 0]]`` are the square roots of those of ``P Q``, and its
    determinant is ``(-1)^(k-1) det(P Q)``.  For ``k >= 4`` the eigenvalues are computed only where
    ``|det(P Q)| / ||P Q||_F^(k - 2)``, a lower bound on ``min |mu|`` (every ``|mu| <= ||P Q||_F``), does
    not already show the block regular.
    """
    m = game.shape[0]
    rs = np.array([supports[e][0] for e in which], dtype=np.intp)
    cs = np.array([supports[e][1] for e in which], dtype=np.intp)
    w = np.asarray(which, dtype=np.intp)[:, None]
    x, y = Z[w, rs], Z[w, m + cs]
    A = game.payoffs[0][rs[:, :, None], cs[:, None, :]]                 # A_IJ
    Bt = game.payoffs[1][rs[:, :, None], cs[:, None, :]].transpose(0, 2, 1)   # B_IJ^T
    # the products with E = [I; -1^T]: each column but the last minus the last
    P = x[:, :k - 1, None] * (A[:, :k - 1, :] - x[:, None, :] @ A)
    Q = y[:, :k - 1, None] * (Bt[:, :k - 1, :] - y[:, None, :] @ Bt)
    PQ = (P[:, :, :k - 1] - P[:, :, k - 1:]) @ (Q[:, :, :k - 1] - Q[:, :, k - 1:])
    out: list[float | None] = []
    if k == 3:
        return [_regular_det_2x2(a, b, c, d, zero) for (a, b), (c, d) in PQ.tolist()]
    dets = np.linalg.det(PQ).tolist()
    norms = np.sqrt(np.einsum("gij,gij->g", PQ, PQ)).tolist()
    for g, (det, norm) in enumerate(zip(dets, norms, strict=True)):
        if math.sqrt(abs(det) / max(norm, 1e-300) ** (k - 2)) > zero:
            out.append(det)
            continue
        mu = np.linalg.eigvals(PQ[g])
        out.append(float(np.prod(mu).real) if math.sqrt(float(np.abs(mu).min())) > zero else None)
    return out


#: ``|det(P Q)|`` at or below this times the squared size of ``P Q`` is rounding noise (:func:`_block_square_3`).
_NOISE = 1e-12


def _regular_det_2x2(a: float, b: float, c: float, d: float, zero: float) -> float | None:
    """``det [[a, b], [c, d]]`` when both eigenvalues ``mu`` have ``sqrt|mu| > zero``, else None: from the trace
    ``t`` and determinant, ``mu = (t +- sqrt(t^2 - 4 det)) / 2``; a complex pair has ``|mu| = sqrt(det)``."""
    t, det = a + d, a * d - b * c
    disc = t * t - 4.0 * det
    if disc < 0:
        smallest = math.sqrt(det)
    else:
        large = (abs(t) + math.sqrt(disc)) / 2.0      # the smaller root as det / larger (no cancellation)
        smallest = abs(det) / large if large > 0 else 0.0
    return det if math.sqrt(smallest) > zero else None


def _block_square_3(a: list[list[float]], b: list[list[float]], z: list[float], m: int, rows: tuple[int, ...],
                    cols: tuple[int, ...], zero: float) -> float | None:
    """:func:`_support_block_squares` for one equilibrium on supports of size 3, in Python floats (``a``, ``b``
    the payoff matrices as lists, ``z`` the profile): ``P Q`` is ``2 x 2``, with
    ``P[r][c] = x_r ((A_rc - (x^T A)_c) - (A_r3 - (x^T A)_3))`` on the supports and ``Q`` alike from ``y`` and
    ``B^T`` (the products with ``E = [I; -1^T]`` written out)."""
    x, y = [z[i] for i in rows], [z[m + j] for j in cols]
    A = [[a[i][j] for j in cols] for i in rows]
    Bt = [[b[i][j] for i in rows] for j in cols]
    xa = [sum(x[k] * A[k][c] for k in range(3)) for c in range(3)]
    yb = [sum(y[k] * Bt[k][c] for k in range(3)) for c in range(3)]
    P = [[x[r] * ((A[r][c] - xa[c]) - (A[r][2] - xa[2])) for c in range(2)] for r in range(2)]
    Q = [[y[r] * ((Bt[r][c] - yb[c]) - (Bt[r][2] - yb[2])) for c in range(2)] for r in range(2)]
    pq = (P[0][0] * Q[0][0] + P[0][1] * Q[1][0], P[0][0] * Q[0][1] + P[0][1] * Q[1][1],
          P[1][0] * Q[0][0] + P[1][1] * Q[1][0], P[1][0] * Q[0][1] + P[1][1] * Q[1][1])
    det = _regular_det_2x2(*pq, zero)
    if det is not None and abs(det) <= _NOISE * sum(map(abs, pq)) ** 2:
        return None     # det(P Q) at rounding level: left to certify() (as an irregular equilibrium is)
    return det


def _index_evidence(game: Game, eqs: list[Equilibrium], Z: np.ndarray, gap: np.ndarray, ptp: float,
                    ) -> Evidence | None:
    """:func:`~bargain.solvers.completeness.certify`'s index evidence when it passes (see
    :func:`equilibrium_indices`); None when some equilibrium is irregular, the indices do not sum to
    +1 or the game is too large for the check (``certify`` then decides)."""
    m, n = game.shape
    if m + n - 2 > MAX_INDEX_DIMENSION:
        return None
    indices = equilibrium_indices(game, [e.support for e in eqs], Z, gap, ptp)
    if None in indices or sum(indices) != 1:
        return None
    return index_passed(len(eqs))


@functools.lru_cache(maxsize=128)
def _blocks(m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(m + n, 2)`` indicator of the two players' strategies in a concatenated profile, and each
    player's allowance on the sum of their probabilities (``1e-7`` per strategy, as in
    :func:`~bargain.solvers.result.make_equilibrium`)."""
    out = np.zeros((m + n, 2))
    out[:m, 0] = out[m:, 1] = 1.0
    allowance = 1e-7 * np.array([m, n], dtype=float)
    out.flags.writeable = allowance.flags.writeable = False
    return out, allowance


def _verified_scalar(game: Game, sc: _Scales, rows: np.ndarray, cols: np.ndarray, xs: list[list[float]],
                     ys: list[list[float]]) -> tuple[list[Equilibrium], np.ndarray, np.ndarray] | None:
    """:func:`_verified` in Python floats, for a small game and a few profiles: the same checks, cleaning,
    order and outputs (the sums in another order: the numbers may differ from its matrix products in the
    last bits)."""
    m0, n0 = game.shape
    a, b = game.payoffs.tolist()
    bt = list(zip(*b, strict=True))                 # the columns of B
    mul = operator.mul
    r, c = rows.tolist(), cols.tolist()
    Z = []
    for x, y in zip(xs, ys, strict=True):
        sx, sy = sum(x), sum(y)
        z = [0.0] * (m0 + n0)
        for i, v in zip(r, x, strict=True):
            z[i] = max(v / sx, 0.0)
        for j, v in zip(c, y, strict=True):
            z[m0 + j] = max(v / sy, 0.0)
        Z.append(z)
    if len(Z) > 1:  # descending lexicographic in (x, y), keys rounded as np.round(Z, 9) rounds them
        Z.sort(key=lambda z: [-(round(v * 1e9) / 1e9) for v in z])
    u0, u1 = sc.unit
    bound = [min(sc.tol_n * d if d > 0 else math.inf, 2 * t / u)
             for d, t, u in zip(sc.spread, sc.tolerance, sc.unit, strict=True)]
    eqs, gaps = [], []
    for e, z in enumerate(Z):
        sx, sy = sum(z[:m0]), sum(z[m0:])
        if not (abs(sx - 1.0) <= 1e-7 * m0 and abs(sy - 1.0) <= 1e-7 * n0):
            return None                               # not two probability vectors (nan, a zero vertex)
        x = [v if v > SUPPORT_TOLERANCE else 0.0 for v in z[:m0]]
        y = [v if v > SUPPORT_TOLERANCE else 0.0 for v in z[m0:]]
        sx, sy = sum(x), sum(y)
        x, y = [v / sx for v in x], [v / sy for v in y]
        row = [sum(map(mul, ai, y)) / u0 for ai in a]         # (A y) / unit
        col = [sum(map(mul, bj, x)) / u1 for bj in bt]        # (x B) / unit
        p0, p1 = sum(map(mul, x, row)), sum(map(mul, y, col))
        r0, r1 = max(row) - p0, max(col) - p1
        if not (r0 <= bound[0] and r1 <= bound[1]):
            return None
        gaps.append([(v - p0) * u0 for v in row] + [(v - p1) * u1 for v in col])
        pay = [p0 * u0, p1 * u1]
        pay = [0.0 if abs(v) <= 1e-12 * mag else v for v, mag in zip(pay, sc.magnitude, strict=True)]
        Z[e] = x + y
        eqs.append(Equilibrium(game=game, profile=(np.array(x), np.array(y)), payoffs=np.array(pay),
                               support=(tuple(i for i in range(m0) if x[i] > 0.0),
                                        tuple(j for j in range(n0) if y[j] > 0.0)),
                               regret=max(r0 * u0, r1 * u1), method=METHOD, component=e))
    return eqs, np.array(Z).reshape(-1, m0 + n0), np.array(gaps).reshape(-1, m0 + n0)


def _verified(game: Game, sc: _Scales, rows: np.ndarray, cols: np.ndarray, xs: np.ndarray, ys: np.ndarray,
              ) -> tuple[list[Equilibrium], np.ndarray, np.ndarray] | None:
    """The equilibria from the vertex pairs ``(xs, ys)``, in the general route's order; None if a check fails.

    The profiles ``z = (x, y)`` are stacked: each is cleaned as
    :func:`~bargain.solvers.result.make_equilibrium` cleans it, and the regrets of all of them come
    from one product ``z M`` with ``M = [[0, B], [A^T, 0]]`` (each player's payoffs divided by their
    largest absolute payoff, as there).  They are checked against both bounds of the general route:
    ``tol_n`` on the normalised game (where player ``i``'s regret is theirs here divided by their
    range, ``spread[i]`` in these units) and twice each player's tolerance on ``game``
    (:func:`~bargain.solvers.result.transfer`).  Also returned: the stacked profiles ``Z`` and each
    strategy's payoff minus its player's (in the game's units), for :func:`_index_evidence`.
    """
    m0, n0 = game.shape
    x, y = xs / xs.sum(axis=1, keepdims=True), ys / ys.sum(axis=1, keepdims=True)
    if len(rows) == m0 and len(cols) == n0:
        Z = np.concatenate([x, y], axis=1)
    else:
        Z = np.zeros((len(xs), m0 + n0))
        Z[:, rows] = x
        Z[:, m0 + cols] = y
    np.maximum(Z, 0.0, out=Z)
    if len(Z) > 1:  # descending lexicographic in (x, y), keys rounded as the general route rounds them
        Z = Z[np.lexsort(-np.round(Z, 9).T[::-1])]
    ind, allowance = _blocks(m0, n0)
    if not (np.abs(Z @ ind - 1.0) <= allowance).all():
        return None                                   # not two probability vectors (nan, a zero vertex)
    Z[Z <= SUPPORT_TOLERANCE] = 0.0
    Z /= (Z @ ind) @ ind.T
    unit = sc.unit
    M = np.zeros((m0 + n0, m0 + n0))
    M[m0:, :m0] = game.payoffs[0].T / unit[0]
    M[:m0, m0:] = game.payoffs[1] / unit[1]
    dev = Z @ M                                       # [A y, x B] of every profile
    pay = (Z * dev) @ ind
    reg = np.maximum.reduceat(dev, [0, m0], axis=1) - pay
    # tol_n on the normalised game (regret there = regret here / spread) and twice the tolerance on the game
    bound = [min(sc.tol_n * d if d > 0 else math.inf, 2 * t / u)
             for d, t, u in zip(sc.spread, sc.tolerance, unit, strict=True)]
    if not (reg <= bound).all():
        return None
    gap = (dev - pay @ ind.T) * (ind @ unit)          # v_r - u, each player's in the game's units
    pay *= unit
    pay[np.abs(pay) <= [1e-12 * v for v in sc.magnitude]] = 0.0
    regret = (reg * unit).max(axis=1).tolist()
    used = (Z > 0.0).tolist()
    return [Equilibrium(game=game, profile=(Z[e, :m0].copy(), Z[e, m0:].copy()), payoffs=pay[e].copy(),
                        support=(tuple(k for k in range(m0) if used[e][k]),
                                 tuple(k - m0 for k in range(m0, m0 + n0) if used[e][k])),
                        regret=regret[e], method=METHOD, component=e)
            for e in range(len(Z))], Z, gap
