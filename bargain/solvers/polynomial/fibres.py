"""Solutions of a (3, 3, 3) support system that the resultant cannot see: its special fibres.

:func:`~bargain.solvers.polynomial.resultant.solve_333` hides player 3's mixture ``x_3`` and solves
player 1's two equations ``M_1(x_3) x_2 = 0`` for ``x_2`` (the cross product of the rows of the 2x3
matrix ``M_1``) and player 2's ``M_2(x_3) x_1 = 0`` for ``x_1``.  Where ``M_1`` or ``M_2`` drops rank
those cross products vanish: the resultant has a root there (the spurious points of the
elimination), but the kernel formula says nothing about ``x_1, x_2``.  In a game in general position
no solution lies there; in a degenerate game solutions can.  In the 3x3x3 coordination game (payoff
1 to all when all three match) six of the ten solutions of the full support are the profiles in
which the three players pick three different strategies: over ``x_3 = e_k`` both matrices have rank
one, each such point carries two solutions, and the resultant route finds only the four others.

This module finds the solutions on those fibres directly (a *special fibre* of the projection to
``x_3``, as :func:`~bargain.solvers.polynomial.univariate.solve_three_block` does for one hidden
mixture over two strategies):

1. ``M(x_3) = [a(x_3); b(x_3)]`` has rank at most one exactly where a combination
   ``alpha a(x_3) + beta b(x_3)`` vanishes, i.e. ``(alpha A + beta B) x_3 = 0`` with ``A, B`` the
   3x3 coefficient matrices of the two rows: the (generically three) points are the generalized
   eigenvectors of the pencil ``(A, B)`` (the degree of the 2x3 determinantal locus).
2. With ``x_3`` fixed on such a point, ``x_1 = K_1 u`` and ``x_2 = K_2 w`` range over the kernels of
   ``M_2`` and ``M_1``, and player 3's two equations ``x_1^T C_k x_2 = 0`` are bilinear in ``(u, w)``:
   a point check (both kernels lines), a 2x2 null vector (one line, one plane), or the two
   eigenvalues of a 2x2 pencil (two planes: a bilinear system on ``P^1 x P^1``).

The points are only *candidates*: the caller polishes them with the resultant's candidates by
Newton's method and accepts the support only if exactly the Bezout number (10) of distinct
nonsingular solutions results, so a wrong or missing fibre candidate can only send the support to
the homotopy, never lose an equilibrium.

References
----------
Cox, D., Little, J. and O'Shea, D. (2005). *Using Algebraic Geometry*, 2nd ed., Springer, ch. 3
(hidden-variable resultants and their extraneous factors).  Golub, G. H. and Van Loan, C. F.
(2013). *Matrix Computations*, 4th ed., sec. 7.7 (the generalized eigenvalue problem, QZ).
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

__all__ = ["fibre_candidates_333"]

#: Singular values below this (coefficients and points scaled to O(1)) count as zero.
KERNEL_TOL = 1e-8


def _null(m: np.ndarray) -> np.ndarray:
    """The right singular vector of ``m`` (complex) for its smallest singular value: ``m v ~ 0``."""
    return np.linalg.svd(m)[2][-1].conj()


def _kernel(m: np.ndarray) -> np.ndarray:
    """Orthonormal basis (columns) of the numerical kernel of ``m`` (absolute threshold :data:`KERNEL_TOL`)."""
    _, s, vh = np.linalg.svd(m)
    rank = int(np.sum(s > KERNEL_TOL))
    return vh[rank:].conj().T


def _pencil_vectors(a: np.ndarray, b: np.ndarray) -> list[tuple[complex, complex, np.ndarray]]:
    """``(alpha, beta, v)`` with ``(beta a - alpha b) v = 0`` for every generalized eigenvalue ``(alpha : beta)``
    of the square pencil ``(a, b)`` (``|alpha|^2 + |beta|^2 = 1``), infinite ones included; none when the
    pencil is singular (``det`` is zero for every ``(alpha : beta)``, so the eigenvalues mean nothing)."""
    try:
        w = scipy.linalg.eigvals(a, b, homogeneous_eigvals=True)
    except (ValueError, np.linalg.LinAlgError):
        return []
    scale = max(np.abs(a).max(), np.abs(b).max(), 1e-300)
    out = []
    for alpha, beta in w.T:
        if max(abs(alpha), abs(beta)) < KERNEL_TOL * scale:     # 0/0: a singular pencil
            return []
        norm = np.hypot(abs(alpha), abs(beta))
        alpha, beta = alpha / norm, beta / norm
        out.append((alpha, beta, _null(beta * a - alpha * b)))
    return out


def _on_fibre(x3: np.ndarray, C0: np.ndarray, C1: np.ndarray, C2: np.ndarray) -> list[np.ndarray]:
    """The solutions ``(x_1, x_2, x_3)`` with ``x_3`` fixed (see the module docstring, step 2)."""
    k2 = _kernel(np.einsum("kjz,z->kj", C0, x3))         # x_2 = k2 @ w
    k1 = _kernel(np.einsum("kiz,z->ki", C1, x3))         # x_1 = k1 @ u
    d1, d2 = k1.shape[1], k2.shape[1]
    if d1 > 2 or d2 > 2:
        return []                                        # a plane of x_1 or x_2: not isolated
    g = np.einsum("iu,kij,jw->kuw", k1, C2, k2)          # player 3's equations u^T g_k w
    pairs: list[tuple[np.ndarray, np.ndarray]] = []
    if d1 == 1 and d2 == 1:
        pairs.append((np.ones(1), np.ones(1)))
    elif d1 == 1:
        pairs.append((np.ones(1), _null(g[:, 0, :])))
    elif d2 == 1:
        pairs.append((_null(g[:, :, 0]), np.ones(1)))
    else:
        # (u_0 N_0 + u_1 N_1) w = 0 with N_i = g[:, i, :]: the two eigenvalues of a 2x2 pencil
        for alpha, beta, w in _pencil_vectors(g[:, 0, :], g[:, 1, :]):
            pairs.append((np.array([beta, -alpha]), w))
    return [np.concatenate([k1 @ u, k2 @ w, x3]) for u, w in pairs]


def fibre_candidates_333(C0: np.ndarray, C1: np.ndarray, C2: np.ndarray) -> np.ndarray:
    """Candidate solutions over the points where the elimination of a (3, 3, 3) system degenerates.

    Parameters
    ----------
    C0, C1, C2 : numpy.ndarray
        One system's coefficients, each of shape ``(2, 3, 3)``: player 1's equations
        ``x_2^T C0[k] x_3 = 0``, player 2's ``x_1^T C1[k] x_3 = 0``, player 3's ``x_1^T C2[k] x_2 = 0``
        (scaled to O(1)).

    Returns
    -------
    numpy.ndarray
        Complex candidates of shape ``(K, 9)`` (``x_1, x_2, x_3`` side by side, projective: not
        normalised), to be polished and counted by the caller.

    References
    ----------
    Cox, Little and O'Shea (2005), *Using Algebraic Geometry*, ch. 3; Golub and Van Loan (2013),
    *Matrix Computations*, sec. 7.7.
    """
    points: list[np.ndarray] = []
    for C in (C0, C1):                       # rank drops of M_1(x_3), then of M_2(x_3)
        for _, _, x3 in _pencil_vectors(C[0].astype(complex), C[1].astype(complex)):
            if all(abs(abs(np.vdot(x3, p)) - 1.0) > 1e-9 for p in points):
                points.append(x3)
    out = [c for x3 in points for c in _on_fibre(x3, C0, C1, C2)]
    return np.array(out, dtype=complex).reshape(-1, 9)
