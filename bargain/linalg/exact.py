"""Exact (``Fraction``) linear algebra and linear programming, the package's only copy.

* :func:`solve_exact` / :func:`solve_rational`: the unique solution of a (possibly overdetermined)
  rational system by fraction-free Gaussian elimination (Bareiss 1968, "Sylvester's identity and
  multistep integer-preserving Gaussian elimination", *Math. Comp.* 22): every intermediate entry
  is a minor of the integer matrix, so integers stay as small as determinants allow;
* :func:`rank`, :func:`nullspace`, :func:`solve_square`: reduced row echelon form, exact for
  Fractions (with a float branch for float data);
* :func:`linprog`: a dense two-phase simplex method with Bland's rule (Dantzig 1963; Chvátal,
  *Linear Programming*, 1983, ch. 2-3) in exact rational arithmetic, so a problem with rational
  data has its *exact* optimum (rational Kalai–Smorodinsky, egalitarian and utilitarian solutions
  and lotteries); float problems go to HiGHS (``scipy.optimize.linprog``).

The problems are small (payoff space has one dimension per player; support systems one row per
strategy), so dense elimination is fast enough.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.model.numbers import to_fraction

__all__ = ["LPResult", "frac", "independent_columns", "integer_matrix", "linprog", "nullspace", "poly_mul", "rank",
           "solve_exact",
           "solve_rational", "solve_square"]

Num = Any  # Fraction or float


def frac(x: Any) -> Fraction:
    """``x`` as a Fraction with Python-int parts (numpy integers first become ints; floats by decimal repr).

    Parameters
    ----------
    x : int, Fraction, float or numpy scalar
        A finite number.

    Returns
    -------
    fractions.Fraction
        ``x`` exactly (a float by its shortest decimal repr, as :func:`bargain.model.numbers.to_fraction`).
    """
    if isinstance(x, np.integer):
        return Fraction(int(x))
    f = to_fraction(x)
    if type(f.numerator) is not int or type(f.denominator) is not int:
        return Fraction(int(f.numerator), int(f.denominator))
    return f


# --------------------------------------------------------------------------- unique solutions
def poly_mul(p: Sequence[Num], q: Sequence[Num]) -> list[Num]:
    """The product of two polynomials given by their coefficients (lowest degree first), exactly.

    Parameters
    ----------
    p, q : sequence of int or Fraction
        Coefficients, lowest degree first (neither empty).

    Returns
    -------
    list
        The ``len(p) + len(q) - 1`` coefficients of ``p q`` (ints for ints, Fractions once a Fraction
        takes part).
    """
    out = [p[0] * 0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return out


def integer_matrix(M: Any) -> list[list[int]]:
    """A rational matrix times the lcm of its denominators.

    Parameters
    ----------
    M : array-like
        A 2-D matrix of ints or Fractions.

    Returns
    -------
    list of list of int
        The integer matrix (rows of ``M`` scaled by one common positive factor, so the signs and
        ratios of its entries, hence best responses, are those of ``M``).
    """
    entries = [Fraction(x) for x in np.asarray(M, dtype=object).flat]
    scale = math.lcm(*(q.denominator for q in entries)) if entries else 1
    ints = [q.numerator * (scale // q.denominator) for q in entries]
    cols = np.shape(M)[1]
    return [ints[r * cols:(r + 1) * cols] for r in range(len(ints) // cols)]


def solve_exact(rows: Sequence[Sequence[int]], ncols: int) -> list[Fraction] | None:
    """The unique solution of the integer system ``[coefficients | rhs]`` (one list per equation).

    Fraction-free (Bareiss) forward elimination with row exchanges, then Fraction back
    substitution.

    Parameters
    ----------
    rows : sequence of sequences of int
        Each equation as its ``ncols`` coefficients followed by its right-hand side.
    ncols : int
        Number of unknowns.

    Returns
    -------
    list of Fraction or None
        The solution, or None when the system is inconsistent or its solution is not unique.

    References
    ----------
    Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving Gaussian
    elimination. *Math. Comp.* 22, 565-578.
    """
    M = [list(r) for r in rows]
    nr = len(M)
    if nr < ncols:
        return None
    prev = 1
    for c in range(ncols):
        piv = next((i for i in range(c, nr) if M[i][c] != 0), None)
        if piv is None:
            return None
        if piv != c:
            M[c], M[piv] = M[piv], M[c]
        p, row_c = M[c][c], M[c]
        for i in range(c + 1, nr):
            row_i = M[i]
            f = row_i[c]
            for k in range(c + 1, ncols + 1):
                row_i[k] = (p * row_i[k] - f * row_c[k]) // prev
            row_i[c] = 0
        prev = p
    if any(M[i][ncols] != 0 for i in range(ncols, nr)):
        return None
    sol: list[Fraction] = [Fraction(0)] * ncols
    for c in range(ncols - 1, -1, -1):
        acc = Fraction(M[c][ncols]) - sum((M[c][k] * sol[k] for k in range(c + 1, ncols)), Fraction(0))
        sol[c] = acc / M[c][c]
    return sol


def solve_rational(a: Sequence[Sequence[Any]], b: Sequence[Any]) -> list[Fraction] | None:
    """The unique solution of ``a x = b`` over the rationals, or None.

    Each equation is scaled to integers and the system is solved by :func:`solve_exact`.

    Parameters
    ----------
    a : sequence of sequences
        At least as many rows as columns; ints, Fractions or floats (by decimal repr).
    b : sequence
        The right-hand side, one entry per row of ``a``.

    Returns
    -------
    list of Fraction or None
        The solution; None if the system is inconsistent or not of full column rank.
    """
    if not a:
        return None
    rows = []
    for row, rhs in zip(a, b, strict=True):
        q = [to_fraction(x) for x in (*row, rhs)]
        scale = math.lcm(*(x.denominator for x in q))
        rows.append([x.numerator * (scale // x.denominator) for x in q])
    return solve_exact(rows, len(a[0]))


# --------------------------------------------------------------------------- Gaussian elimination
def _rref(rows: list[list[Num]], exact: bool, tol: float = 1e-12) -> tuple[list[list[Num]], list[int]]:
    """Reduced row echelon form of a copy of ``rows`` and its pivot columns (``exact``: integer entries
    become Fractions first, so that no division leaves the rationals)."""
    m = [[Fraction(int(x)) if isinstance(x, (int, np.integer)) else x for x in r] for r in rows] if exact \
        else [list(r) for r in rows]
    if not m:
        return m, []
    ncols = len(m[0])
    pivots: list[int] = []
    r = 0
    for c in range(ncols):
        if r >= len(m):
            break
        if exact:
            piv = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
        else:
            col = [abs(m[i][c]) for i in range(r, len(m))]
            k = int(np.argmax(col))
            piv = r + k if col[k] > tol else None
        if piv is None:
            continue
        m[r], m[piv] = m[piv], m[r]
        p = m[r][c]
        m[r] = [x / p for x in m[r]]
        for i in range(len(m)):
            if i != r and m[i][c] != 0:
                f = m[i][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
        pivots.append(c)
        r += 1
    return m, pivots


def independent_columns(rows: Sequence[Sequence[Num]], exact: bool) -> list[int]:
    """A maximal set of linearly independent columns, chosen greedily from the left.

    Parameters
    ----------
    rows : sequence of sequences of numbers
        The matrix, by rows (Fractions when ``exact``).
    exact : bool
        Exact rank tests (Fractions) or float ones (:func:`rank`).

    Returns
    -------
    list of int
        The chosen column indices, increasing: each column that raises the rank of those before it.
    """
    cols: list[int] = []
    r = 0
    for j in range(len(rows[0])):
        trial = [*cols, j]
        if rank([[row[c] for c in trial] for row in rows], exact) > r:
            cols.append(j)
            r += 1
    return cols


def rank(rows: Sequence[Sequence[Num]], exact: bool, tol: float = 1e-12) -> int:
    """Rank of a matrix given as rows (exact for Fractions, relative tolerance for floats)."""
    rows = [list(r) for r in rows]
    if not rows or not rows[0]:
        return 0
    if not exact:
        a = np.asarray(rows, dtype=float)
        scale = max(1.0, float(np.abs(a).max()))
        return int(np.linalg.matrix_rank(a, tol=tol * scale * max(a.shape)))
    return len(_rref(rows, True)[1])


def nullspace(rows: Sequence[Sequence[Num]], ncols: int, exact: bool, tol: float = 1e-12) -> list[list[Num]]:
    """A basis of ``{x : rows @ x = 0}`` (exact rational basis for Fraction input)."""
    if not len(rows):
        one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
        return [[one if j == i else zero for j in range(ncols)] for i in range(ncols)]
    if not exact:       # rows may be an array: converted once, no lists
        a = np.asarray(rows, dtype=float)
        _, s, vt = np.linalg.svd(a)
        scale = max(1.0, float(s.max()) if s.size else 1.0)
        r = int(np.sum(s > tol * scale * max(a.shape)))
        return [list(v) for v in vt[r:]]
    m, pivots = _rref([list(r) for r in rows], True)
    free = [c for c in range(ncols) if c not in pivots]
    basis = []
    for f in free:
        v = [Fraction(0)] * ncols
        v[f] = Fraction(1)
        for r, pc in enumerate(pivots):
            v[pc] = -m[r][f]
        basis.append(v)
    return basis


def solve_square(a: Sequence[Sequence[Num]], b: Sequence[Num], exact: bool) -> list[Num] | None:
    """Solution of a square system ``a x = b`` or None if singular."""
    n = len(a)
    if not exact:
        try:
            return list(np.linalg.solve(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))
        except np.linalg.LinAlgError:
            return None
    if any(len(row) != n for row in a):
        return None
    return solve_rational(a, b)


# --------------------------------------------------------------------------- linear programming
@dataclass(frozen=True)
class LPResult:
    """Outcome of :func:`linprog`: ``status`` is "optimal", "infeasible" or "unbounded"."""

    status: str
    x: list[Num] | None = None
    value: Num | None = None

    @property
    def ok(self) -> bool:
        return self.status == "optimal"


def linprog(
    c: Sequence[Num],
    A_ub: Sequence[Sequence[Num]] = (),
    b_ub: Sequence[Num] = (),
    A_eq: Sequence[Sequence[Num]] = (),
    b_eq: Sequence[Num] = (),
    free: Sequence[int] = (),
    *,
    exact: bool,
) -> LPResult:
    """Maximise ``c @ x`` subject to ``A_ub x <= b_ub``, ``A_eq x = b_eq``, ``x >= 0`` except ``free``.

    Exact: a two-phase dense simplex method with Bland's anti-cycling rule in Fractions, returning
    a basic optimal solution (so a lottery has at most ``rows`` outcomes in its support).
    Float: HiGHS through :func:`scipy.optimize.linprog`.
    """
    nv = len(c)
    if not exact:
        return _linprog_float(c, A_ub, b_ub, A_eq, b_eq, free, nv)
    return _linprog_exact(c, A_ub, b_ub, A_eq, b_eq, free, nv)


def _linprog_float(c, A_ub, b_ub, A_eq, b_eq, free, nv) -> LPResult:
    from scipy.optimize import linprog as sp_linprog

    bounds = [(None, None) if j in set(free) else (0, None) for j in range(nv)]
    res = sp_linprog(
        -np.asarray(c, dtype=float),
        A_ub=np.asarray(A_ub, dtype=float) if len(A_ub) else None,
        b_ub=np.asarray(b_ub, dtype=float) if len(b_ub) else None,
        A_eq=np.asarray(A_eq, dtype=float) if len(A_eq) else None,
        b_eq=np.asarray(b_eq, dtype=float) if len(b_eq) else None,
        bounds=bounds, method="highs",
    )
    if res.status == 2:
        return LPResult("infeasible")
    if res.status == 3:
        return LPResult("unbounded")
    if res.status != 0:  # pragma: no cover - numerical trouble in HiGHS
        raise RuntimeError(f"HiGHS failed: {res.message}")
    return LPResult("optimal", list(res.x), float(-res.fun))


def _linprog_exact(c, A_ub, b_ub, A_eq, b_eq, free, nv) -> LPResult:
    F = Fraction
    free = sorted(set(free))
    # Columns: x (nv), x_minus for free variables, slacks for <= rows, artificials for every row.
    rows: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    n_ub, n_eq = len(A_ub), len(A_eq)
    n_free = len(free)
    n_cols = nv + n_free + n_ub
    for k, (row, b) in enumerate([*zip(A_ub, b_ub, strict=True), *zip(A_eq, b_eq, strict=True)]):
        r = [F(x) for x in row] + [-F(row[j]) for j in free] + [F(0)] * n_ub
        if k < n_ub:
            r[nv + n_free + k] = F(1)
        b = F(b)
        if b < 0:
            r, b = [-x for x in r], -b
        rows.append(r)
        rhs.append(b)
    m = n_ub + n_eq
    # Phase 1: artificial variables a_i, minimise their sum.
    tab = [r + [F(1) if i == k else F(0) for k in range(m)] + [b] for i, (r, b) in enumerate(zip(rows, rhs,
                                                                                              strict=True))]
    basis = [n_cols + i for i in range(m)]
    total = n_cols + m
    # objective row for phase 1: maximise -sum(a)  -> reduced costs
    obj = [F(0)] * (total + 1)
    for i in range(m):
        for j in range(total + 1):
            obj[j] += tab[i][j]
    for i in range(m):
        obj[n_cols + i] = F(0)
    # obj[j] = sum of column j over rows (for non-artificials); entering if obj[j] > 0
    if not _simplex(tab, basis, obj, allowed=set(range(n_cols))):
        raise RuntimeError("phase 1 of the exact simplex cannot be unbounded")  # pragma: no cover
    if obj[total] != 0:
        return LPResult("infeasible")
    # Drive artificials out of the basis where possible.
    for i in range(m):
        if basis[i] >= n_cols:
            j = next((j for j in range(n_cols) if tab[i][j] != 0), None)
            if j is not None:
                _pivot(tab, basis, obj, i, j)
    keep = [i for i in range(m) if basis[i] < n_cols]
    tab = [[*tab[i][:n_cols], tab[i][total]] for i in keep]
    basis = [basis[i] for i in keep]
    # Phase 2 objective: maximise c' x' (x' = x, -x_free, slacks 0).
    cfull = [F(x) for x in c] + [-F(c[j]) for j in free] + [F(0)] * n_ub
    obj = [F(0)] * (n_cols + 1)
    for j in range(n_cols):
        obj[j] = cfull[j]
    for i, bvar in enumerate(basis):
        cb = cfull[bvar]
        if cb != 0:
            for j in range(n_cols + 1):
                obj[j] -= cb * tab[i][j]
    # obj[j] = reduced cost (c_j - c_B B^-1 A_j); obj[-1] = -value
    if not _simplex(tab, basis, obj, allowed=set(range(n_cols))):
        return LPResult("unbounded")
    xs = [F(0)] * n_cols
    for i, bvar in enumerate(basis):
        xs[bvar] = tab[i][-1]
    x = xs[:nv]
    for k, j in enumerate(free):
        x[j] = x[j] - xs[nv + k]
    value = sum((F(ci) * xi for ci, xi in zip(c, x, strict=True)), F(0))
    return LPResult("optimal", x, value)


def _pivot(tab: list[list[Fraction]], basis: list[int], obj: list[Fraction], r: int, c: int) -> None:
    p = tab[r][c]
    row = [x / p for x in tab[r]]
    tab[r] = row
    for i in range(len(tab)):
        if i != r:
            f = tab[i][c]
            if f != 0:
                tab[i] = [a - f * b for a, b in zip(tab[i], row, strict=True)]
    f = obj[c]
    if f != 0:
        obj[:] = [a - f * b for a, b in zip(obj, row, strict=True)]
    basis[r] = c


def _simplex(tab: list[list[Fraction]], basis: list[int], obj: list[Fraction], allowed: set[int]) -> bool:
    """Maximise with reduced costs ``obj`` (enter while some ``obj[j] > 0``); False if unbounded."""
    order = sorted(allowed)
    while True:
        enter = next((j for j in order if obj[j] > 0), None)
        if enter is None:
            return True
        best = None
        for i, row in enumerate(tab):
            a = row[enter]
            if a > 0:
                ratio = row[-1] / a
                if best is None or ratio < best[0] or (ratio == best[0] and basis[i] < basis[best[1]]):
                    best = (ratio, i)
        if best is None:
            return False
        _pivot(tab, basis, obj, best[1], enter)
