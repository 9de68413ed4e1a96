"""Every square subsystem of two small matrices at once: determinants and Cramer's rule, size by size.

For matrices ``A``, ``B`` (``m x n``) and every pair of index sets ``I`` (rows) and ``T`` (columns) of one
size ``s``, :func:`cramer_sums` gives ``det A[I, T]``, ``det B[I, T]`` and the numerators of Cramer's
rule for ``A[I, T] z = 1`` and ``B[I, T]^T w = 1``, for ``s = 1 .. min(m, n)``.  With the minors
``M[r, k] = det K[I - I_r, T - T_k]`` and cofactors ``C[r, k] = (-1)^(r + k) M[r, k]``, ``z_k = sum_r C[r, k]
/ det`` and ``w_r = sum_k C[r, k] / det``; each size's determinants come from the previous size's minors by
Laplace expansion, so the whole family costs five array operations per size whatever the number of
pairs.  On small matrices that is far cheaper than one LU factorisation per submatrix -- these are the
vertices of a best-response polytope on all its bases (von Stengel 2002, sec. 3.2).

Laplace expansion is not backward stable: its absolute error is about ``s! 2^s`` units of rounding for
entries in ``[1, 2]``, so callers use these values only where ``|det|`` is well away from zero, and
re-solve what they keep with a pivoted factorisation.

References
----------
Horn, R. A. and Johnson, C. R. (2013). *Matrix Analysis*, 2nd ed., Cambridge University Press,
sec. 0.3 (Laplace expansion, cofactors, Cramer's rule).
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, 1723-1759.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np

__all__ = ["cramer_sums", "index_pairs"]


@functools.lru_cache(maxsize=64)
def index_pairs(m: int, n: int) -> tuple[tuple[np.ndarray, ...], ...]:
    """For each size ``s = 1 .. min(m, n)``: every pair ``(I, T)`` of ``s`` rows and ``s`` columns, in
    lexicographic order of ``(I, T)``, with the positions :func:`cramer_sums` gathers from.

    Parameters
    ----------
    m, n : int
        The matrices' shape.

    Returns
    -------
    tuple
        One ``(rows, cols, sub, first, sign)`` per size: ``rows`` and ``cols`` of shape ``(N_s, s)``;
        ``sub`` of shape ``(2, N_s, s, s)``, where the minors ``(I - I_r, T - T_k)`` sit among the previous
        size's determinants of ``A`` then ``B`` (``A``'s transposed, ``[k, r]``); ``first`` of shape
        ``(2, N_s, s)``, the entries of ``A``'s first column and ``B``'s first row in ``A.ravel()``
        followed by ``B.ravel()``; ``sign`` the vector ``((-1)^k)_k``.
    """
    out = []
    previous: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {((), ()): 0}
    for s in range(1, min(m, n) + 1):
        pairs = list(itertools.product(itertools.combinations(range(m), s), itertools.combinations(range(n), s)))
        rows = np.array([r for r, _ in pairs], dtype=np.intp).reshape(-1, s)
        cols = np.array([c for _, c in pairs], dtype=np.intp).reshape(-1, s)
        sub = np.array([[[previous[(rs[:r] + rs[r + 1:], cs[:k] + cs[k + 1:])] for k in range(s)] for r in range(s)]
                        for rs, cs in pairs], dtype=np.intp).reshape(-1, s, s)
        sub = np.stack([sub.transpose(0, 2, 1), sub + len(previous)])
        first = np.stack([rows * n + cols[:, :1], rows[:, :1] * n + cols + m * n])
        parts = (rows, cols, sub, first, np.where(np.arange(s) % 2, -1.0, 1.0))
        for a in parts:
            a.flags.writeable = False
        out.append(parts)
        previous = {p: k for k, p in enumerate(pairs)}
    return tuple(out)


def cramer_sums(A: np.ndarray, B: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Determinants of every square submatrix of ``A`` and ``B``, and the numerators of Cramer's rule up to sign.

    For each size ``s`` and pair ``(I, T)`` of :func:`index_pairs`, with ``e = ((-1)^k)_k``: the solution of
    ``A[I, T] z = 1`` is ``z_k = e_k S_A[k] / det A[I, T]`` and that of ``B[I, T]^T w = 1`` is
    ``w_r = e_r S_B[r] / det B[I, T]``, where ``S`` are the returned sums of minors with signs ``e`` along
    the other index.  ``A``'s determinants are expanded along the first column (its minors are kept
    transposed), ``B``'s along the first row.

    Parameters
    ----------
    A, B : numpy.ndarray
        Two ``m x n`` float matrices.

    Returns
    -------
    list of tuple of numpy.ndarray
        For ``s = 1 .. min(m, n)``: ``det`` of shape ``(2, N_s)`` (``A``'s, then ``B``'s) and the sums ``S``
        of shape ``(2, N_s, s)``.

    References
    ----------
    Horn and Johnson (2013), sec. 0.3.
    """
    m, n = A.shape
    flat = np.concatenate([A.ravel(), B.ravel()])
    det = np.ones(2)
    out = []
    for _, _, sub, first, sign in index_pairs(m, n):
        minors = det.take(sub)                  # (take: several times faster than fancy indexing)
        det = (flat.take(first) * minors[:, :, 0, :]) @ sign     # (einsum's setup costs more than two calls)
        out.append((det, minors @ sign))
        det = det.ravel()
    return out
