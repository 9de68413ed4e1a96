"""Three mixing players, one of whom mixes over two strategies: a univariate polynomial per support.

Let the blocks (mixing players) be ``a``, ``b`` and a *hidden* block ``h`` with ``|S_h| = 2``, and
write ``y_h = (1 - lam, lam)``.  Player ``a``'s indifference equations are linear in ``y_b`` with
coefficients linear in ``lam``: ``M_a(lam) y_b = 0`` (``d_a x s_b``); likewise
``M_b(lam) y_a = 0`` (``d_b x s_a``); player ``h`` has one equation ``y_a^T C_h y_b = 0``.  A
support system with a nonzero multihomogeneous Bezout number has ``|d_a - d_b| <= 1``:

* ``d_a = d_b = d``: ``M_a`` and ``M_b`` are ``d x (d + 1)``, so ``y_b(lam)`` and ``y_a(lam)`` are
  their kernels, given by signed maximal minors (degree ``d`` in ``lam``; Cramer's rule), and the
  solutions are the roots of ``p(lam) = y_a(lam)^T C_h y_b(lam)``, of degree ``2 d``;
* ``d_a = d_b + 1``: ``M_a`` is square and the solutions are the roots of ``det M_a(lam)``
  (degree ``d_a``), with ``y_b`` its kernel and ``y_a`` the kernel of ``[M_b; (C_h y_b)^T]``.

In both cases the degree equals the system's multihomogeneous Bezout number, so a generic system
has no spurious roots.  The polynomial's coefficients come from its values at ``deg + 1`` points
on the circle through ``lam = 0`` and ``lam = 1`` by a discrete Fourier transform (perfectly
conditioned interpolation), and its roots are the eigenvalues of the companion matrix; every
support of the same shape is handled in one batched numpy call (hidden-variable elimination;
Cox, Little and O'Shea, *Using Algebraic Geometry*, 2nd ed., ch. 3 and 7).  A polynomial that
vanishes identically, or a kernel that is not one-dimensional, marks the support *degenerate*.
"""

from __future__ import annotations

import numpy as np

from bargain.solvers.polynomial.homotopy import MultilinearBatch

__all__ = ["UnivariateResult", "solve_three_block", "hidden_block", "block_coefficients", "curve_points"]


class UnivariateResult:
    """Real candidate roots: ``system[k]`` is the system index of candidate ``k``, ``blocks[j]``
    (shape ``(K, s_j)``) its mixtures normalised to sum one; ``degenerate`` flags systems whose
    univariate reduction failed (identically zero polynomial or rank-deficient kernel)."""

    def __init__(self, system: np.ndarray, blocks: list[np.ndarray], degenerate: np.ndarray,
                 lam: np.ndarray, hidden: int, vanishing: np.ndarray | None = None) -> None:
        self.vanishing = np.zeros_like(degenerate) if vanishing is None else vanishing
        self.system = system
        self.blocks = blocks
        self.degenerate = degenerate
        self.lam = lam
        self.hidden = hidden


def hidden_block(degrees: tuple[int, ...]) -> tuple[int, int, int] | None:
    """``(h, a, b)`` with ``d_h = 1`` and ``d_a >= d_b``, ``d_a - d_b <= 1``; None if none exists."""
    if len(degrees) != 3:
        return None
    for h in range(3):
        if degrees[h] != 1:
            continue
        a, b = (j for j in range(3) if j != h)
        if degrees[a] < degrees[b]:
            a, b = b, a
        if degrees[a] - degrees[b] <= 1:
            return h, a, b
    return None


def block_coefficients(batch: MultilinearBatch, i: int, order: tuple[int, ...]) -> np.ndarray:
    """Block ``i``'s coefficients with the other blocks' axes in ``order`` (shape ``(B, d_i, ...)``)."""
    others = [j for j in range(len(batch.sizes)) if j != i]
    perm = [0, 1] + [2 + others.index(j) for j in order]
    return np.transpose(batch.coeffs[i], perm)


def _minor_kernel(m: np.ndarray) -> np.ndarray:
    """Kernel of ``(..., d, d + 1)`` matrices by signed maximal minors (Cramer's rule)."""
    d = m.shape[-2]
    if d == 0:
        return np.ones((*m.shape[:-2], 1), dtype=m.dtype)
    cols = []
    for beta in range(d + 1):
        sub = np.delete(m, beta, axis=-1)
        cols.append(((-1) ** beta) * np.linalg.det(sub))
    return np.stack(cols, axis=-1)


def _null_vector(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Right singular vector of the smallest singular value, and the ratio s_min2 / s_max
    (second smallest, for a square or wide matrix: small means the kernel is not one-dimensional)."""
    _, s, vh = np.linalg.svd(m)
    vec = vh[..., -1, :]
    k = m.shape[-1]
    # singular values padded to k for wide matrices: the kernel dimension is k - rank
    full = np.zeros((*m.shape[:-2], k))
    full[..., :s.shape[-1]] = s
    second = full[..., -2] / np.maximum(full[..., 0], 1e-300)
    return vec, second


def solve_three_block(batch: MultilinearBatch, imag_tol: float = 1e-6) -> UnivariateResult:
    """Real solutions with ``lam`` in ``[0, 1]`` (up to rounding) of every system in ``batch``."""
    deg = batch.degrees
    hab = hidden_block(deg)
    if hab is None:
        raise ValueError(f"no univariate reduction for block degrees {deg}")
    h, a, b = hab
    B = batch.batch
    Ca = block_coefficients(batch, a, (b, h))            # (B, d_a, s_b, 2)
    Cb = block_coefficients(batch, b, (a, h))            # (B, d_b, s_a, 2)
    Ch = block_coefficients(batch, h, (a, b))[:, 0]      # (B, s_a, s_b)
    # scale so the coefficients are O(1)
    for arr in (Ca, Cb, Ch):
        s = np.abs(arr).reshape(B, -1).max(axis=1)
        s[s == 0] = 1.0
        arr /= s.reshape((B,) + (1,) * (arr.ndim - 1))
    da, db = deg[a], deg[b]
    square = da == db + 1
    degree = da if square else 2 * da

    def mats(lam: np.ndarray):
        """M_a(lam), M_b(lam) for lam of shape (B, N) -> (B, N, d, s)."""
        lam_ = lam[:, :, None, None]
        Ma = Ca[:, None, ..., 0] * (1 - lam_) + Ca[:, None, ..., 1] * lam_
        Mb = Cb[:, None, ..., 0] * (1 - lam_) + Cb[:, None, ..., 1] * lam_
        return Ma, Mb

    N = degree + 1
    mu = np.exp(2j * np.pi * np.arange(N) / N)
    lam_nodes = np.broadcast_to(0.5 + 0.5 * mu, (B, N))
    Ma, Mb = mats(lam_nodes)
    if square:
        vals = np.linalg.det(Ma)
    else:
        yb = _minor_kernel(Ma)                     # (B, N, s_b)
        ya = _minor_kernel(Mb)                     # (B, N, s_a)
        vals = np.einsum("bnx,bxy,bny->bn", ya, Ch, yb)
    # q(mu) = sum_j coef[j] mu^j at the N-th roots of unity: coef is the DFT of the values / N.
    coef = np.fft.fft(vals, axis=1) / N
    size = np.abs(coef).max(axis=1)
    degenerate = size < 1e-11
    vanishing = degenerate & (not square)      # p(lam) = 0 identically: a curve of solutions
    # companion matrices of the monic polynomials (leading coefficient kept away from zero)
    lead = coef[:, -1].copy()
    tiny = np.abs(lead) < 1e-13 * np.maximum(size, 1e-300)
    lead[tiny] = 1e-13 * np.maximum(size[tiny], 1e-300)
    lead[degenerate] = 1.0
    with np.errstate(all="ignore"):
        monic = coef[:, :-1] / lead[:, None]
    monic[~np.isfinite(monic)] = 0.0
    comp = np.zeros((B, degree, degree), dtype=complex)
    if degree > 1:
        comp[:, 1:, :-1] = np.eye(degree - 1)
    comp[:, :, -1] = -monic
    roots_mu = np.linalg.eigvals(comp)             # (B, degree)
    lam = 0.5 + 0.5 * roots_mu
    real = (np.abs(lam.imag) <= imag_tol) & (lam.real >= -1e-7) & (lam.real <= 1 + 1e-7) & ~degenerate[:, None]
    sys_idx, root_idx = np.nonzero(real)
    lr = lam.real[sys_idx, root_idx]
    K = lr.size
    if K == 0:
        empty = [np.zeros((0, s)) for s in batch.sizes]
        return UnivariateResult(sys_idx, empty, degenerate, lr, h, vanishing)
    lam_c = lr[:, None, None]
    Ma = Ca[sys_idx, ..., 0] * (1 - lam_c) + Ca[sys_idx, ..., 1] * lam_c     # (K, d_a, s_b)
    Mb = Cb[sys_idx, ..., 0] * (1 - lam_c) + Cb[sys_idx, ..., 1] * lam_c     # (K, d_b, s_a)
    if square:
        yb, second_b = _null_vector(Ma)
        rows = np.concatenate([Mb, np.einsum("kxy,ky->kx", Ch[sys_idx], yb)[:, None, :]], axis=1)
        ya, second_a = _null_vector(rows)
    else:
        yb, second_b = _null_vector(Ma)
        ya, second_a = _null_vector(Mb)
    bad = (second_a < 1e-9) | (second_b < 1e-9)
    if bad.any():
        degenerate[np.unique(sys_idx[bad])] = True
    yh = np.stack([1 - lr, lr], axis=1)
    blocks: list[np.ndarray] = [np.empty(0)] * 3
    blocks[a], blocks[b], blocks[h] = ya, yb, yh
    sums = [blk.sum(axis=1) for blk in blocks]
    keep = np.ones(K, dtype=bool)
    for s in sums:
        keep &= np.abs(s) > 1e-12
    keep &= ~degenerate[sys_idx]
    for blk, s in zip(blocks, sums, strict=True):      # only points in the product of simplices
        with np.errstate(all="ignore"):
            keep &= np.all(blk / np.where(np.abs(s) > 1e-12, s, 1.0)[:, None] >= -1e-7, axis=1)
    normed = [blk[keep] / s[keep, None] for blk, s in zip(blocks, sums, strict=True)]
    return UnivariateResult(sys_idx[keep], normed, degenerate, lr[keep], h, vanishing)


def curve_points(batch: MultilinearBatch, system: int, lam: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Points ``(y_a(lam), y_b(lam), y_h(lam))`` of a system whose polynomial vanishes identically.

    When ``d_a = d_b`` and ``p(lam) = 0`` for every ``lam``, the solution set is the curve traced by
    the kernels of ``M_a(lam)`` and ``M_b(lam)``.  Returns the blocks normalised to sum one (in
    block order) and a mask of the ``lam`` where they are defined.
    """
    h, a, b = hidden_block(batch.degrees)  # type: ignore[misc]
    Ca = block_coefficients(batch, a, (b, h))[system]
    Cb = block_coefficients(batch, b, (a, h))[system]
    lam_ = lam[:, None, None]
    Ma = Ca[..., 0] * (1 - lam_) + Ca[..., 1] * lam_
    Mb = Cb[..., 0] * (1 - lam_) + Cb[..., 1] * lam_
    yb = _minor_kernel(Ma)
    ya = _minor_kernel(Mb)
    yh = np.stack([1 - lam, lam], axis=1)
    blocks: list[np.ndarray] = [np.empty(0)] * 3
    blocks[a], blocks[b], blocks[h] = ya, yb, yh
    ok = np.ones(lam.size, dtype=bool)
    out = []
    for blk in blocks:
        s = blk.sum(axis=1)
        good = np.abs(s) > 1e-12 * np.maximum(np.abs(blk).max(axis=1), 1e-300)
        ok &= good
        out.append(blk / np.where(good, s, 1.0)[:, None])
    return out, ok
