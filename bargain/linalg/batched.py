"""Batched small float linear algebra, the package's only copy.

Every function works on a stack of small systems at once (leading axis = the systems):

* determinants of stacks of matrices up to 5 x 5 written out as elementwise arithmetic
  (:func:`det`, :func:`det_entries`): LAPACK's per-matrix call costs more than the arithmetic;
* guarded square solves, :func:`solve_square_systems` / :func:`solve_label_systems` (a condition
  estimate from one extra right-hand side; Hager 1984), for the batch engine's indifference
  systems and for best-response polytopes alike;
* regularised least squares (:func:`lstsq`);
* Chebyshev interpolation of univariate polynomials and their real roots in [0, 1] (companion
  matrices, Newton-polished): :func:`cheb_nodes`, :func:`fit_poly`, :func:`real_roots`; the real roots
  that a Bernstein subdivision isolates, without eigenvalues: :func:`isolated_real_roots`;
* the indifference matrices of support enumeration (:func:`indiff_matrix`, :func:`rhs_last`).

References
----------
Hager, W. W. (1984). Condition estimates. *SIAM J. Sci. Stat. Comput.* 5(2), 311-316.
Trefethen, L. N. (2013). *Approximation Theory and Approximation Practice*, SIAM, ch. 2-4 and 18
(Chebyshev interpolation; roots from companion matrices).
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

__all__ = ["SINGULAR_CONDITION", "ZERO", "cheb_nodes", "det", "det_entries", "fit_poly", "indiff_matrix",
           "isolated_real_roots", "lstsq", "real_roots", "rhs_last", "sign_definite", "solve_label_systems",
           "solve_square_systems"]

#: Absolute threshold (payoffs scaled to [0, 1]) below which a determinant or polynomial is zero.
ZERO = 1e-11
#: Condition number above which a square system counts as singular (:func:`solve_square_systems`).
SINGULAR_CONDITION = 1e11


def det_entries(M: list[list[np.ndarray]]) -> np.ndarray:
    """Determinant of a small matrix whose entries are arrays (elementwise over them).

    Explicit formulas up to 3 x 3, Laplace expansion along the first row beyond (meant for
    ``n <= 5``: the cost grows like ``n!``).

    Parameters
    ----------
    M : list of lists of ndarray
        ``M[i][j]`` the (i, j) entries, all of one broadcastable shape.

    Returns
    -------
    ndarray
        The determinants.
    """
    n = len(M)
    if n == 1:
        return M[0][0]
    if n == 2:
        return M[0][0] * M[1][1] - M[0][1] * M[1][0]
    if n == 3:
        return (M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1])
                - M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0])
                + M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]))
    out = M[0][0] * det_entries([row[1:] for row in M[1:]])
    for j in range(1, n):
        term = M[0][j] * det_entries([[row[c] for c in range(n) if c != j] for row in M[1:]])
        out = out + term if j % 2 == 0 else out - term
    return out


def det(M: np.ndarray) -> np.ndarray:
    """Determinants of a stack of square matrices ``(..., n, n)``.

    Elementwise formulas (:func:`det_entries`) for ``n <= 5``, which for stacks of thousands of
    small matrices are several times faster than LAPACK's LU per matrix; ``numpy.linalg.det`` beyond.

    Parameters
    ----------
    M : ndarray, shape (..., n, n)

    Returns
    -------
    ndarray, shape (...)
    """
    n = M.shape[-1]
    if n > 5 or M.size == 0:
        return np.linalg.det(M)
    # One copy makes every entry a contiguous array: the elementwise formulas then run 2-5x faster
    # than on strided views (stacks of 24,000 4 x 4 matrices: 11.9 -> 2.5 ms).
    Mt = np.ascontiguousarray(np.moveaxis(M, (-2, -1), (0, 1)))
    return np.asarray(det_entries([[Mt[i, j] for j in range(n)] for i in range(n)]), dtype=float)


def cheb_nodes(k: int) -> np.ndarray:
    """``k`` Chebyshev nodes on [0, 1] (well-conditioned interpolation)."""
    if k == 1:
        return np.array([0.5])
    j = np.arange(k)
    return 0.5 - 0.5 * np.cos((2 * j + 1) * np.pi / (2 * k))


def fit_poly(nodes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Monomial coefficients (lowest first) of the interpolant of ``values[..., k]`` at ``nodes``."""
    V = np.vander(nodes, len(nodes), increasing=True)
    return values @ np.linalg.inv(V).T


@functools.lru_cache(maxsize=32)
def _to_bernstein(d: int, lo: float, hi: float) -> np.ndarray:
    """``(d + 1, d + 1)``: monomial coefficients (lowest first) in ``t`` to Bernstein coefficients of
    degree ``d`` on ``[lo, hi]`` (substitute ``t = lo + (hi - lo) s``, then ``s^k = sum_{i >= k}
    C(i, k) / C(d, k) B_{i, d}(s)``)."""
    h = hi - lo
    T = np.zeros((d + 1, d + 1))
    for j in range(d + 1):
        for k in range(j + 1):
            T[j, k] = math.comb(j, k) * lo ** (j - k) * h ** k
    Bm = np.zeros((d + 1, d + 1))
    for k in range(d + 1):
        for i in range(k, d + 1):
            Bm[k, i] = math.comb(i, k) / math.comb(d, k)
    out = T @ Bm
    out.flags.writeable = False
    return out


def sign_definite(coef: np.ndarray, lo: float, hi: float, rel: float = 1e-8) -> np.ndarray:
    """Per row: is the polynomial bounded away from zero on ``[lo, hi]`` (a certificate of no root)?

    True where all the Bernstein coefficients on ``[lo, hi]`` of the polynomial (coefficients
    lowest first) exceed ``rel`` times its largest coefficient in size, with one sign: by the convex
    hull property the polynomial lies between its least and greatest Bernstein coefficients there,
    so it has no root in the interval and no pair of roots (real or complex) close to it - those make
    it nearly vanish.  A polynomial whose coefficients are all below :data:`ZERO` is never certified.

    Parameters
    ----------
    coef : ndarray, shape (B, d + 1)
        Monomial coefficients, lowest first.
    lo, hi : float
        The interval.
    rel : float, default 1e-8
        Margin, relative to the largest absolute coefficient (far above the rounding of the
        conversion).

    Returns
    -------
    ndarray of bool, shape (B,)

    References
    ----------
    Farouki, R. T. and Rajan, V. T. (1987). On the numerical condition of polynomials in Bernstein
    form. *Computer Aided Geometric Design* 4(3), 191-216.
    """
    b = coef @ _to_bernstein(coef.shape[1] - 1, float(lo), float(hi))
    scale = np.max(np.abs(coef), axis=1)
    m = (rel * scale)[:, None]
    return (scale >= ZERO) & ((b > m).all(axis=1) | (b < -m).all(axis=1))


def real_roots(coef: np.ndarray, lo: float = -1e-7, hi: float = 1 + 1e-7) -> tuple[np.ndarray, np.ndarray,
                                                                                      np.ndarray, np.ndarray]:
    """Real roots in ``[lo, hi]`` of a batch of polynomials (coefficients lowest first).

    Returns ``(rows, roots, identically_zero, double)``: the batch row of each root, the roots,
    and per batch row whether the polynomial vanishes identically or has a (near) double root in
    the interval (both signs of degeneracy).
    """
    B, k = coef.shape
    scale = np.max(np.abs(coef), axis=1)
    zero = scale < ZERO
    rows_out: list[np.ndarray] = []
    roots_out: list[np.ndarray] = []
    double = np.zeros(B, bool)
    nz = np.abs(coef) > 1e-11 * scale[:, None]
    deg = np.where(nz.any(axis=1), k - 1 - np.argmax(nz[:, ::-1], axis=1), 0)
    deg[zero] = 0
    for d in range(1, k):
        rows = np.flatnonzero(deg == d)
        if rows.size == 0:
            continue
        c = coef[rows, :d + 1] / coef[rows, d:d + 1]
        if d == 1:
            r = (-c[:, 0])[:, None].astype(complex)
        else:
            comp = np.zeros((rows.size, d, d))
            comp[:, 1:, :-1] = np.eye(d - 1)
            comp[:, :, -1] = -c[:, :d]
            r = np.linalg.eigvals(comp)
        re = r.real
        ok = (np.abs(r.imag) <= 1e-6) & (re >= lo) & (re <= hi)
        # Newton polish on the polynomial itself.
        for _ in range(3):
            pv = np.zeros_like(re)
            dv = np.zeros_like(re)
            for j in range(d, -1, -1):
                dv = dv * re + pv
                pv = pv * re + c[:, j:j + 1]
            step = np.where(np.abs(dv) > 1e-300, pv / np.where(dv == 0, 1, dv), 0.0)
            re = np.where(ok, re - step, re)
        ok &= (re >= lo) & (re <= hi)
        # Near-double roots (tangency) in the interval: a degenerate point.
        near = (np.abs(r.imag) <= 1e-4) & (r.real >= lo - 1e-4) & (r.real <= hi + 1e-4)
        if d >= 2:
            dist = np.abs(r[:, :, None] - r[:, None, :]) + np.eye(d)[None] * 1e9
            close = ((dist < 1e-5) & near[:, :, None] & near[:, None, :]).any(axis=(1, 2))
            double[rows] |= close
        rr, cc = np.nonzero(ok)
        rows_out.append(rows[rr])
        roots_out.append(re[rr, cc])
    if rows_out:
        return np.concatenate(rows_out), np.concatenate(roots_out), zero, double
    return np.zeros(0, int), np.zeros(0), zero, double


@functools.lru_cache(maxsize=8)
def _pieces_to_bernstein(d: int, lo: float, hi: float, pieces: int) -> np.ndarray:
    """``(d + 1, pieces * (d + 1))``: monomial coefficients to the Bernstein coefficients on each of
    ``pieces`` equal pieces of ``[lo, hi]``, piece after piece."""
    cuts = np.linspace(lo, hi, pieces + 1)
    out = np.concatenate([_to_bernstein(d, float(a), float(b)) for a, b in itertools.pairwise(cuts)], axis=1)
    out.flags.writeable = False
    return out


def isolated_real_roots(coef: np.ndarray, lo: float, hi: float, pieces: int = 32, pad: float = 1e-4,
                        rel: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Real roots in ``[lo, hi]`` of the polynomials whose roots there a Bernstein subdivision isolates.

    ``[lo - pad, hi + pad]`` is cut into ``pieces`` equal pieces and each polynomial's Bernstein
    coefficients on each piece are computed (one matrix product for the whole batch).  A polynomial is
    *resolved* when on every piece all its coefficients exceed ``rel`` times its largest monomial
    coefficient in size and change sign at most once: by the rule of signs for the Bernstein basis the
    piece then holds no real root or exactly one, simple (their number is at most the sign changes and
    of the same parity); a pair of roots (real or complex) close together well inside a piece shows as
    more sign changes (Krandick and Mehlhorn 2006, the two-circle theorem), and one near a piece's end
    makes the end coefficient, the polynomial's value there, small.  The root of a piece
    with one sign change is found by bisection then Newton's method inside the bracket.  Two roots in
    neighbouring pieces closer than ``10 pad`` leave the polynomial unresolved, as does one outside its
    bracket; unresolved polynomials are for :func:`real_roots` (companion matrices), which also
    decides the near-double roots these tests refuse.

    Parameters
    ----------
    coef : ndarray, shape (B, d + 1)
        Monomial coefficients, lowest first.
    lo, hi : float
        The root interval.
    pieces : int, default 32
        Number of pieces of the padded interval.
    pad : float, default 1e-4
        How far beyond the interval roots are isolated too (a root just outside it is not returned).
    rel : float, default 1e-8
        Coefficients smaller than this times the largest absolute monomial coefficient have no
        reliable sign.

    Returns
    -------
    rows, roots, resolved
        The batch row of each root in ``[lo, hi]`` of a resolved polynomial, the roots, and per row
        whether the polynomial is resolved.

    References
    ----------
    Farouki, R. T. and Rajan, V. T. (1987). On the numerical condition of polynomials in Bernstein
    form. *Computer Aided Geometric Design* 4(3), 191-216.
    Krandick, W. and Mehlhorn, K. (2006). New bounds for the Descartes method. *Journal of Symbolic
    Computation* 41(1), 49-66.
    """
    B, k = coef.shape
    d = k - 1
    a, h = lo - pad, (hi - lo + 2 * pad) / pieces
    bern = (coef @ _pieces_to_bernstein(d, float(a), float(hi + pad), pieces)).reshape(B, pieces, k)
    scale = np.max(np.abs(coef), axis=1)
    sure = np.all(np.abs(bern) > (rel * scale)[:, None, None], axis=2)
    changes = np.count_nonzero(np.signbit(bern[:, :, 1:]) != np.signbit(bern[:, :, :-1]), axis=2)
    resolved = (scale >= ZERO) & np.all(sure & (changes <= 1), axis=1)
    rows, piece = np.nonzero(resolved[:, None] & (changes == 1))
    c = coef[rows]
    left = a + piece * h
    width = np.full(rows.size, h)
    negative_left = np.signbit(bern[rows, piece, 0])

    def value(t: np.ndarray) -> np.ndarray:
        out = c[:, d].copy()
        for j in range(d - 1, -1, -1):
            out = out * t + c[:, j]
        return out

    for _ in range(8):                                         # bracket of width h / 256
        width *= 0.5
        mid = left + width
        left = np.where(np.signbit(value(mid)) == negative_left, mid, left)
    t = left + 0.5 * width
    for _ in range(3):
        pv, dv = c[:, d].copy(), np.zeros(rows.size)
        for j in range(d - 1, -1, -1):
            dv = dv * t + pv
            pv = pv * t + c[:, j]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = t - np.where(dv != 0, pv / np.where(dv == 0, 1.0, dv), 0.0)
    lost = ~((t >= left - width) & (t <= left + 2 * width))    # Newton left its bracket
    near = np.zeros(rows.size, bool)
    near[1:] = (rows[1:] == rows[:-1]) & (t[1:] - t[:-1] < 10 * pad)
    resolved[rows[lost | near]] = False
    keep = resolved[rows] & (t >= lo) & (t <= hi)
    return rows[keep], t[keep], resolved


def lstsq(M: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched least squares ``min |M w - rhs|`` by regularised normal equations; returns (w, residual)."""
    Mt = np.swapaxes(M, 1, 2)
    N = Mt @ M
    N = N + 1e-13 * (np.trace(N, axis1=1, axis2=2)[:, None, None] + 1.0) * np.eye(N.shape[1])
    w = np.linalg.solve(N, (Mt @ rhs[..., None]))[..., 0]
    res = np.linalg.norm((M @ w[..., None])[..., 0] - rhs, axis=1)
    return w, res


def indiff_matrix(R: np.ndarray, Si: tuple[int, ...], Sj: tuple[int, ...]) -> np.ndarray:
    """``[[R_IJ, -1], [1^T, 0]]``: rows of the own-payoff matrix ``R`` (own strategies x other's)."""
    B = R.shape[0]
    m, k = len(Si), len(Sj)
    M = np.zeros((B, m + 1, k + 1))
    M[:, :m, :k] = R[:, Si][:, :, Sj]
    M[:, :m, k] = -1.0
    M[:, m, :k] = 1.0
    return M


def rhs_last(B: int, size: int) -> np.ndarray:
    e = np.zeros((B, size))
    e[:, -1] = 1.0
    return e


@functools.lru_cache(maxsize=64)
def _probe(d: int) -> np.ndarray:
    """A fixed pseudo-random right-hand side with entries of both signs (condition estimation)."""
    r = np.random.default_rng(20261128).uniform(0.5, 1.5, size=d) * np.where(np.arange(d) % 2, 1.0, -1.0)
    r.flags.writeable = False
    return r


@functools.lru_cache(maxsize=64)
def _ones_and_probe(d: int) -> np.ndarray:
    """Columns ``1`` and ``r / max|r|`` (the probe of :func:`solve_square_systems`, scaled), shape ``(d, 2)``."""
    r = _probe(d)
    out = np.stack([np.ones(d), r / np.abs(r).max()], axis=1)
    out.flags.writeable = False
    return out


def solve_square_systems(G: np.ndarray, h: np.ndarray, norms: np.ndarray | None = None,
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Solve a stack of square systems ``G[t] z = h[t]``; singular ones are flagged, not raised.

    Returns ``(Z, ok)``: ``Z[t]`` is the solution where ``ok[t]``, zeros elsewhere.  Each system is
    solved for ``h[t]`` and for a fixed random right-hand side ``r`` with one LU: a (numerically)
    singular matrix cannot map ``r`` back from a moderate vector, so ``||G|| ||G^{-1} r|| / ||r||``
    (a lower estimate of the condition number, as in Hager 1984 / LAPACK ``gecon``) above
    :data:`SINGULAR_CONDITION` flags the system.  A flagged system is never trusted, so a
    consistent singular system cannot return an arbitrary point of its solution set as if it were
    the unique one.  An exactly singular matrix (zero pivot) is caught and flagged the same way.
    ``norms`` (optional) are the ``||G[t]||_inf`` when the caller knows them (rows drawn from a
    fixed set whose norms are computed once), else they are computed here.
    """
    N, d = G.shape[0], G.shape[-1]
    if N == 0:
        return np.zeros((N, d)), np.zeros(0, dtype=bool)
    r = _ones_and_probe(d)[:, 1]       # the probe scaled to max |r| = 1
    rhs = np.empty((N, d, 2))
    rhs[:, :, 0] = h
    rhs[:, :, 1] = r
    solvable = None                 # every matrix, unless one has an exact zero pivot
    try:
        sol = np.linalg.solve(G, rhs)
    except np.linalg.LinAlgError:   # some matrix has an exact zero pivot (common in degenerate games)
        sol = np.zeros((N, d, 2))
        solvable = np.linalg.slogdet(G)[0] != 0
        try:
            sol[solvable] = np.linalg.solve(G[solvable], rhs[solvable])
        except np.linalg.LinAlgError:
            for t in np.flatnonzero(solvable):
                try:
                    sol[t] = np.linalg.solve(G[t], rhs[t])
                except np.linalg.LinAlgError:
                    solvable[t] = False
    norm_g = np.abs(G).sum(axis=2).max(axis=1) if norms is None else norms
    growth = np.abs(sol[:, :, 1]).max(axis=1)
    # (a nan or infinite growth fails the comparison)
    ok = (norm_g * growth < SINGULAR_CONDITION) & np.isfinite(sol[:, :, 0]).all(axis=1)
    if solvable is not None:
        ok &= solvable
    return np.where(ok[:, None], sol[:, :, 0], 0.0), ok


def solve_label_systems(M: np.ndarray, S: np.ndarray, R: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``M[S_t, R_t] z_t = 1`` for many square index sets at once; singular ones are flagged.

    ``S`` and ``R`` are boolean masks of shape ``(N, rows of M)`` and ``(N, columns of M)`` with
    ``S[t].sum() == R[t].sum() >= 1``.  Returns ``(Z, ok)`` with ``Z`` of shape ``(N, columns)``:
    ``Z[t]`` is zero off ``R_t`` and solves the system where ``ok[t]``.  The test for singularity
    is that of :func:`solve_square_systems` (``||G|| ||G^{-1} r|| / ||r||`` with the same fixed probe
    ``r`` of each system's size), but systems share LU calls and every check is done once over all of
    them: up to :data:`_PAD_MAX_SYSTEMS` systems in one call, each padded to the largest size ``K`` as
    the block-diagonal ``[[M[S_t, R_t], 0], [0, I]]`` with right-hand sides ``(1, 0)`` and ``(r, 0)``
    (partial pivoting never leaves the first block, whose rows below are zero in its columns, so the
    padding changes neither the solution nor the estimate); more systems in one call per size, where
    the calls cost less than the padding's arithmetic.
    """
    if len(S) > _PAD_MAX_SYSTEMS:
        return _grouped_label_systems(M, S, R)
    return _padded_label_systems(M, S, R, np.count_nonzero(S, axis=1))


#: Most systems :func:`solve_label_systems` pads to one size for a single LU call.
_PAD_MAX_SYSTEMS = 128


def _padded_label_systems(M: np.ndarray, S: np.ndarray, R: np.ndarray, k_all: np.ndarray,
                          ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`solve_label_systems` in one LU call, every system padded to the largest size (``k_all``: the sizes)."""
    N, ncols = R.shape
    Z = np.zeros((N, ncols))
    if N == 0:
        return Z, np.zeros(N, dtype=bool)
    nrows = M.shape[0]
    K = int(k_all.max())
    pad = np.arange(K) >= k_all[:, None]                      # (N, K): the padding of each system
    # each system's rows and columns of [[M, 0], [0, I_K]]: its own in ascending order (np.nonzero lists
    # them so, system by system), then those of I_K at the padded positions
    t, i = np.nonzero(S)
    place = np.arange(len(t)) - (np.cumsum(k_all) - k_all)[t]
    rows = np.broadcast_to(nrows + np.arange(K), (N, K)).copy()
    rows[t, place] = i
    cols = np.broadcast_to(ncols + np.arange(K), (N, K)).copy()
    cols[t, place] = np.nonzero(R)[1]
    ext = np.zeros((nrows + K, ncols + K))
    ext[:nrows, :ncols] = M
    ext[nrows:, ncols:] = np.eye(K)
    G = ext[rows[:, :, None], cols[:, None, :]]
    rhs = _padded_ones_and_probes(K)[k_all]                   # (N, K, 2)
    try:
        sol = np.linalg.solve(G, rhs)
        ok = np.ones(N, dtype=bool)
    except np.linalg.LinAlgError:   # an exact zero pivot: let solve_square_systems sort it out
        sol = np.zeros((N, K, 2))
        sol[:, :, 0], ok = solve_square_systems(G, rhs[:, :, 0])
    growth = np.abs(sol[:, :, 1]).max(axis=1)
    # ||G||_inf: the largest row sum of |M| over R_t among the rows in S_t.
    norm_g = ((R @ np.abs(M).T) * S).max(axis=1)
    z = sol[:, :, 0]
    ok &= np.isfinite(growth) & (norm_g * growth < SINGULAR_CONDITION) & np.isfinite(z).all(axis=1)
    used = ~pad & ok[:, None]
    Z[np.nonzero(used)[0], cols[used]] = z[used]
    return Z, ok


def _grouped_label_systems(M: np.ndarray, S: np.ndarray, R: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`solve_label_systems` with one LU call per system size (many systems: the calls cost less than
    padding every system to the largest size would)."""
    N, ncols = R.shape
    k_all = np.count_nonzero(S, axis=1)
    Z = np.zeros((N, ncols))
    ok = np.zeros(N, dtype=bool)
    if N == 0:
        return Z, ok
    order = np.argsort(k_all, kind="stable")
    k_of = k_all[order]
    S_flat = np.nonzero(S[order])[1]
    R_flat = np.nonzero(R[order])[1]
    z = np.zeros(len(R_flat))
    probe = np.zeros(len(R_flat))       # G^{-1} (r / max|r|), entry by entry
    ok_s = np.ones(N, dtype=bool)
    ks, counts = np.unique(k_of, return_counts=True)
    v0 = f0 = 0
    for k, cnt in zip(ks.tolist(), counts.tolist(), strict=True):
        f1 = f0 + k * cnt
        G = M[S_flat[f0:f1].reshape(cnt, k)[:, :, None], R_flat[f0:f1].reshape(cnt, k)[:, None, :]]
        try:
            sol = np.linalg.solve(G, _ones_and_probe(k))      # (k, 2) right-hand side, broadcast
            z[f0:f1] = sol[:, :, 0].ravel()
            probe[f0:f1] = sol[:, :, 1].ravel()
        except np.linalg.LinAlgError:   # an exact zero pivot: let solve_square_systems sort the group out
            Zg, ok_s[v0:v0 + cnt] = solve_square_systems(G, np.ones((cnt, k)))
            z[f0:f1] = Zg.ravel()
        v0, f0 = v0 + cnt, f1
    starts = np.concatenate([[0], np.cumsum(k_of)[:-1]])
    rows = np.repeat(np.arange(N), k_of)
    growth = np.maximum.reduceat(np.abs(probe), starts)
    # ||G||_inf: the largest row sum of |M| over R_t among the rows in S_t.
    norm_g = ((R @ np.abs(M).T) * S).max(axis=1)[order]
    ok_s &= np.isfinite(growth) & (norm_g * growth < SINGULAR_CONDITION) & np.isfinite(np.add.reduceat(z, starts))
    Z[order[rows], R_flat] = z
    ok[order] = ok_s
    Z[~ok] = 0.0
    return Z, ok


@functools.lru_cache(maxsize=64)
def _padded_ones_and_probes(K: int) -> np.ndarray:
    """``(K + 1, K, 2)``: entry ``k`` holds :func:`_ones_and_probe` ``(k)`` in its first ``k`` rows, zeros below."""
    out = np.zeros((K + 1, K, 2))
    for k in range(1, K + 1):
        out[k, :k] = _ones_and_probe(k)
    out.flags.writeable = False
    return out
