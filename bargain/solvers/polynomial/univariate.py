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
Cox, Little and O'Shea, *Using Algebraic Geometry*, 2nd ed., ch. 3 and 7).

*Special fibres.*  Elimination solves ``a``'s equations for ``y_b`` (and ``b``'s for ``y_a``).  At a
``lam*`` where ``M_a(lam*)`` drops rank (for 2x2x2: ``a``'s indifference holds whatever ``b`` does),
the kernel formula gives ``y_b = 0`` and the root of ``p`` carries no information about ``y_b``,
which is then fixed by ``h``'s equation instead.  Such roots are detected by an *absolute* rank
test (each equation scaled to O(1)), ``lam*`` is sharpened, and the fibre is solved on its own
(:func:`_fibre`).  Which player plays ``a`` depends on the order of the players, so missing these
points made the answer depend on that order (McKelvey and McLennan's 2x2x2 example lost its
equilibrium ((1/2, 1/2), (2/5, 3/5), (1/4, 3/4))).  A polynomial that vanishes identically, or a
fibre that is positive-dimensional, marks the support *degenerate*.
"""

from __future__ import annotations

import numpy as np

from bargain.solvers.polynomial.homotopy import MultilinearBatch

#: Second smallest singular value (rows scaled to O(1)) below which a kernel is not a line.
RANK_TOL = 1e-7
#: Singular values below this count as zero when a special fibre's kernels are computed.
FIBRE_TOL = 1e-9

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
    """Right singular vector of the smallest singular value, and the *absolute* second smallest
    singular value (padded with zeros for a wide matrix; the rows of ``m`` are scaled to O(1), so a
    small value means the kernel is not one-dimensional, including when ``m`` vanishes)."""
    _, s, vh = np.linalg.svd(m)
    vec = vh[..., -1, :]
    k = m.shape[-1]
    full = np.zeros((*m.shape[:-2], k))
    full[..., :s.shape[-1]] = s
    return vec, full[..., -2]


def _kernel(m: np.ndarray, tol: float) -> np.ndarray:
    """Orthonormal basis (columns) of the numerical kernel of one matrix (absolute threshold ``tol``)."""
    _, s, vh = np.linalg.svd(m)
    rank = int(np.sum(s > tol))
    return vh[rank:].T


def _sharpen(mat, lam: float, width: float = 1e-4) -> float:
    """The ``lam`` near ``lam`` where the smallest nonzero-padded singular value of ``mat(lam)``
    is least: a root of the univariate polynomial at which a kernel jumps in dimension is only
    accurate to the square root of the rounding error, and the fibre is solved at the sharpened point.

    ``mat`` is affine in ``lam``.  With one row (a player with two strategies) the kernel jumps where
    the row vanishes: the least-squares zero of the row, in closed form, to rounding (a bounded Brent
    search stops at the square root of the rounding error on that V-shaped function).  Otherwise the
    second singular value is minimised by a bounded Brent search (Brent 1973, *Algorithms for
    Minimization without Derivatives*, ch. 5).
    """
    m0, m1 = np.asarray(mat(0.0)), np.asarray(mat(1.0))
    if m0.shape[0] == 1:
        step = (m1 - m0).ravel()
        norm = float(step @ step)
        if norm > 0.0:
            best = -float(m0.ravel() @ step) / norm
            if abs(best - lam) <= width:
                return best
    from scipy.optimize import minimize_scalar

    def second(x: float) -> float:
        m = mat(x)
        s = np.linalg.svd(m, compute_uv=False)
        full = np.zeros(m.shape[-1])
        full[:s.size] = s
        return float(full[-2])

    res = minimize_scalar(second, bounds=(lam - width, lam + width), method="bounded",
                          options={"xatol": 1e-15})
    return float(res.x) if res.fun <= second(lam) else lam


def _fibre(ma: np.ndarray, mb: np.ndarray, ch: np.ndarray,
           tol: float) -> tuple[np.ndarray, np.ndarray] | tuple[()] | None:
    """The isolated solution ``(y_a, y_b)`` on a special fibre ``lam = lam*`` of an equal-degree system.

    With ``lam`` fixed the system is ``M_a y_b = 0``, ``M_b y_a = 0``, ``y_a^T C_h y_b = 0`` and the
    two sums.  Writing ``y_a = K_a alpha``, ``y_b = K_b beta`` over the kernels, it has
    ``dim K_a + dim K_b - 2`` unknowns and one equation: when one kernel is a line and the other a
    plane the solution is a single point (the player whose kernel is a plane is pinned down by
    ``h``'s indifference instead of by their own equations).  When the line's one point has a
    probability below ``-1e-7``, no point of the fibre lies in the product of simplices, whatever the
    plane does: returns ``()``.  Returns None when the fibre is positive-dimensional or the point is
    not determined (the caller then treats the support as degenerate).
    """
    ka, kb = _kernel(mb, tol), _kernel(ma, tol)
    if {ka.shape[1], kb.shape[1]} != {1, 2}:
        return None
    swap = ka.shape[1] == 2
    line, plane, g = (kb, ka, ch.T) if swap else (ka, kb, ch)
    total = line[:, 0].sum()
    if abs(total) < 1e-12:
        return None
    y_line = line[:, 0] / total
    if y_line.min() < -1e-7:
        return ()
    a = np.vstack([y_line @ g @ plane, plane.sum(axis=0)])
    if abs(np.linalg.det(a)) < 1e-12:
        return None
    y_plane = plane @ np.linalg.solve(a, np.array([0.0, 1.0]))
    return (y_plane, y_line) if swap else (y_line, y_plane)


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
    # scale each equation so its coefficients are O(1): rank tests below are then absolute
    for arr in (Ca, Cb):
        s = np.abs(arr).max(axis=(2, 3), keepdims=True)
        s[s == 0] = 1.0
        arr /= s
    s = np.abs(Ch).reshape(B, -1).max(axis=1)
    s[s == 0] = 1.0
    Ch /= s[:, None, None]
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
    bad = (second_a < RANK_TOL) | (second_b < RANK_TOL)
    outside = np.zeros(K, dtype=bool)
    for k in np.flatnonzero(bad):
        # a special fibre: a kernel is not a line there, so y_a(lam), y_b(lam) miss the solution
        j = int(sys_idx[k])
        sol = None
        if not square:
            coeffs = Cb[j] if second_a[k] < RANK_TOL else Ca[j]
            lam_k = _sharpen(lambda x, c=coeffs: c[..., 0] * (1 - x) + c[..., 1] * x, float(lr[k]))
            ma_k = Ca[j, ..., 0] * (1 - lam_k) + Ca[j, ..., 1] * lam_k
            mb_k = Cb[j, ..., 0] * (1 - lam_k) + Cb[j, ..., 1] * lam_k
            sol = _fibre(ma_k, mb_k, Ch[j], FIBRE_TOL)
        if sol is None:
            degenerate[j] = True
            continue
        if not sol:                                     # the fibre misses the product of simplices
            outside[k] = True
            continue
        ya[k], yb[k] = sol
        lr[k] = lam_k
    yh = np.stack([1 - lr, lr], axis=1)
    blocks: list[np.ndarray] = [np.empty(0)] * 3
    blocks[a], blocks[b], blocks[h] = ya, yb, yh
    sums = [blk.sum(axis=1) for blk in blocks]
    keep = ~outside
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
