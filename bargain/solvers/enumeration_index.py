"""The index of every equilibrium of a two-player game from its profile and payoff gaps, and the index evidence.

:func:`~bargain.solvers.completeness.certify` certifies an enumeration complete when every equilibrium is
regular and the indices sum to +1; its index is ``sign det(-J)`` on the tangent space, ``J`` the replicator
Jacobian, from eigenvalues.  For two players ``J`` is block triangular, so the index comes in closed form
from each unused strategy's payoff gap and the support block (:func:`equilibrium_indices`): pure and 2 x 2
supports directly, 3 x 3 and 4 x 4 supports of small games in Python floats, larger ones (or larger games)
in one stacked array call per support size.  :mod:`~bargain.solvers.enumeration_fast` calls
:func:`index_evidence` on the equilibria it has verified.

References
----------
Ritzberger, K. (1994). The theory of normal form games from the differentiable viewpoint.
*Int. J. Game Theory* 23, 207-236.
Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Math. Programming Study* 1, 175-189.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, 1723-1759.
Hofbauer, J. and Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*, Cambridge University
Press, sec. 10.1.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from bargain.model.game import Game
from bargain.solvers.completeness import MAX_INDEX_DIMENSION, ZERO, Evidence, _index_sign, index_passed
from bargain.solvers.dynamics import tangent_eigenvalues_batch
from bargain.solvers.result import Equilibrium

__all__ = ["equilibrium_indices", "index_evidence"]

#: Most payoff entries per player for which :func:`equilibrium_indices` computes the index of a 3 x 3 or
#: 4 x 4 support in Python floats (:func:`_block_square_3`, :func:`_block_square_4`; one stacked call per
#: support size costs more up to 8x8).
_PYTHON_INDEX_MAX = 64
#: ``p <= 0`` and ``v > 0`` as C-level predicates (:func:`equilibrium_indices` maps them over a profile).
_AT_MOST_ZERO, _ABOVE_ZERO = (0.0).__ge__, (0.0).__lt__
#: Payoff magnitudes outside ``(_TINY, _HUGE)`` are rescaled before the index is computed.
_TINY, _HUGE = 1e-100, 1e100


def equilibrium_indices(game: Game, supports: list[tuple[tuple[int, ...], tuple[int, ...]]], Z: np.ndarray,
                        gap: np.ndarray, ptp: float | None = None, peak: float | None = None) -> list[int | None]:
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
    peak : float, optional
        The largest absolute payoff of the game (computed if not given).

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
    peak = float(np.abs(game.payoffs).max()) if peak is None else peak
    if peak and not _TINY < peak < _HUGE:
        # payoffs near the ends of the float range: the same signs, in units of the largest payoff, so that
        # no difference or product of differences overflows (or underflows to zero)
        game, gap, ptp = Game(game.payoffs / peak), gap / peak, None
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
        elif len(rows) == len(cols) == 4 and small is not None:
            det = _block_square_4(*small, z, m, rows, cols, zero)
            out.append(None if det is None else (sign if det < 0 else -sign))    # det(-J) = -det(P Q) for k = 4
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


def _block_square_4(a: list[list[float]], b: list[list[float]], z: list[float], m: int, rows: tuple[int, ...],
                    cols: tuple[int, ...], zero: float) -> float | None:
    """:func:`_support_block_squares` for one equilibrium on supports of size 4, in Python floats (as
    :func:`_block_square_3`): ``P Q`` is ``3 x 3``; its determinant is trusted when
    ``|det| / ||P Q||_F`` shows every eigenvalue regular, as there, the eigenvalues are computed otherwise,
    and a determinant at rounding level is left to ``certify()``."""
    x, y = [z[i] for i in rows], [z[m + j] for j in cols]
    A = [[a[i][j] for j in cols] for i in rows]
    Bt = [[b[i][j] for i in rows] for j in cols]
    xa = [sum(x[k] * A[k][c] for k in range(4)) for c in range(4)]
    yb = [sum(y[k] * Bt[k][c] for k in range(4)) for c in range(4)]
    P = [[x[r] * ((A[r][c] - xa[c]) - (A[r][3] - xa[3])) for c in range(3)] for r in range(3)]
    Q = [[y[r] * ((Bt[r][c] - yb[c]) - (Bt[r][3] - yb[3])) for c in range(3)] for r in range(3)]
    (p, q, r), (s, t, u), (v, w, o) = pq = [[P[i][0] * Q[0][j] + P[i][1] * Q[1][j] + P[i][2] * Q[2][j]
                                               for j in range(3)] for i in range(3)]
    det = p * (t * o - u * w) - q * (s * o - u * v) + r * (s * w - t * v)
    flat = [p, q, r, s, t, u, v, w, o]
    if abs(det) <= _NOISE * sum(map(abs, flat)) ** 3:
        return None     # det(P Q) at rounding level: left to certify() (as an irregular equilibrium is)
    norm = math.sqrt(sum(e * e for e in flat))
    if math.sqrt(abs(det) / max(norm, 1e-300) ** 2) > zero:
        return det
    mu = np.linalg.eigvals(np.array(pq))
    return float(np.prod(mu).real) if math.sqrt(float(np.abs(mu).min())) > zero else None


def index_evidence(game: Game, eqs: list[Equilibrium], Z: np.ndarray, gap: np.ndarray, ptp: float,
                   peak: float | None = None) -> Evidence | None:
    """:func:`~bargain.solvers.completeness.certify`'s index evidence when it passes (see
    :func:`equilibrium_indices`).

    Parameters
    ----------
    game : Game
        The two-player game as given.
    eqs : list of Equilibrium
        Its verified equilibria, in the order of the rows of ``Z``.
    Z, gap : numpy.ndarray
        ``(E, m + n)``: the profiles and each strategy's payoff minus its player's (game units).
    ptp : float
        The range of all payoffs of the game.
    peak : float, optional
        The largest absolute payoff of the game (computed if not given).

    Returns
    -------
    Evidence or None
        The index evidence; None when some equilibrium is irregular, the indices do not sum to +1 or
        the game is too large for the check (``certify`` then decides).

    References
    ----------
    Ritzberger (1994), sec. 4; von Stengel (2002), sec. 3.6.
    """
    m, n = game.shape
    if m + n - 2 > MAX_INDEX_DIMENSION:
        return None
    indices = equilibrium_indices(game, [e.support for e in eqs], Z, gap, ptp, peak)
    if None in indices or sum(indices) != 1:
        return None
    return index_passed(len(eqs))
