"""SPE payoffs without public correlation: an outer bound on a grid, to bracket the set.

Without a public randomisation device the pure-strategy SPE payoffs ``V`` of a two-player game
are the largest fixed point of the APS operator *without* convexification,

    B(W) = union over profiles a of { (1 - δ) u(a) + δ x :  x in W,  x_i >= w_i + (1 - δ)/δ (d_i(a) - u_i(a)) },

``w_i`` the lowest payoff of player ``i`` in ``W``; ``V`` need not be convex, and the
Abreu–Sannikov polygon (with correlation) is only its outer hull's outer bound.
:func:`spe_payoffs_no_correlation_outer` runs ``B`` on unions of grid cells (closed boxes): a
cell stays when the image of some kept cell under some profile, whose box can meet the
incentive constraints against the kept cells' lowest corner, overlaps it.  Starting from the
cells that meet the Abreu–Sannikov polygon (which contains ``V``) and intersecting each iterate
with the last, every iterate contains ``V`` (``B`` is monotone and every relaxation above only
keeps more), so the limit is an outer bound of ``V`` itself, holes included.  Its convex hull,
cut by the polygon, bounds the hull of ``V`` from outside; the exact inner set of
:mod:`.no_correlation` bounds it from inside, and the Hausdorff distance between the two is
reported: the true hull of ``V`` is bracketed within it.  Refining the grid tightens the outer
bound.

References
----------
Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted repeated games
with imperfect monitoring. *Econometrica* 58, 1041-1063 (the operator ``B``, Theorems 1-2).
Judd, K. L., Yeltekin, S. and Conklin, J. (2003). Computing supergame equilibria.
*Econometrica* 71, 1239-1254 (outer approximation by monotone iteration from a superset).
Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games with perfect
monitoring. *Theoretical Economics* 9, 313-338, sec. 6 (without public randomisation).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from bargain.analysis.repeated._geometry import clip, distances, hausdorff, hull, polygon_area
from bargain.analysis.repeated._stage import as_game, check_delta, stage
from bargain.analysis.repeated.result import PayoffSet
from bargain.errors import GameError

__all__ = ["spe_payoffs_no_correlation_outer", "outer_cells"]


def outer_cells(U: np.ndarray, G: np.ndarray, delta: float, poly: np.ndarray, grid: int, max_iter: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Iterate the operator on grid cells over the bounding box of ``poly``.

    Parameters
    ----------
    U, G : numpy.ndarray
        Per profile ``(P, 2)``: stage payoffs and scaled deviation gains ``(1 - δ)/δ (d - u)``.
    delta : float
        Discount factor.
    poly : numpy.ndarray
        A convex polygon ``(m, 2)`` known to contain the SPE payoffs (counter-clockwise).
    grid : int
        Cells per axis.
    max_iter : int
        The most iterations.

    Returns
    -------
    tuple
        ``(kept, lo, h, iterations)``: a boolean ``(grid, grid)`` mask of kept cells, the box's lower
        corner and the cell sides; cell ``(i, j)`` is ``[lo + (i, j) h, lo + (i + 1, j + 1) h]``.

    References
    ----------
    Abreu, Pearce and Stacchetti (1990); Judd, Yeltekin and Conklin (2003), sec. 4.
    """
    scale = max(1.0, float(np.abs(U).max()))
    pad = 1e-9 * scale
    lo = poly.min(axis=0) - pad
    h = (poly.max(axis=0) + pad - lo) / grid
    idx = np.stack(np.meshgrid(np.arange(grid), np.arange(grid), indexing="ij"), axis=-1).reshape(-1, 2)
    centres = lo + (idx + 0.5) * h
    kept = (distances(poly, centres) <= 0.5 * float(np.hypot(*h)) * (1 + 1e-9) + pad).reshape(grid, grid)
    eps = 1e-12 * scale
    it = 0
    while it < max_iter and kept.any():
        it += 1
        cells = np.argwhere(kept)
        low = lo + cells * h
        high = low + h
        w = low.min(axis=0)
        new = np.zeros_like(kept)
        for u, g in zip(U, G, strict=True):
            ok = np.all(high >= w + g - eps, axis=1)
            if not ok.any():
                continue
            a = np.floor(((1 - delta) * u + delta * low[ok] - eps - lo) / h).astype(int)
            b = np.floor(((1 - delta) * u + delta * high[ok] + eps - lo) / h).astype(int)
            inside = np.all((b >= 0) & (a <= grid - 1), axis=1)
            a, b = np.clip(a[inside], 0, grid - 1), np.clip(b[inside], 0, grid - 1)
            for di in (0, 1):             # an image box is smaller than a cell: at most 2 x 2 cells
                for dj in (0, 1):
                    i = np.minimum(a[:, 0] + di, b[:, 0])
                    j = np.minimum(a[:, 1] + dj, b[:, 1])
                    new[i, j] = True
        nxt = kept & new
        if (nxt == kept).all():
            break
        kept = nxt
    return kept, lo, h, it


def _cut(S: np.ndarray, low: np.ndarray, high: np.ndarray) -> list[tuple[float, float]]:
    """The hull of the cells ``[low_k, high_k]`` cut by the polygon ``S`` (both contain the set).

    A flat ``S`` (a segment or a point) is cut directly: the part of the segment inside some cell.
    """
    if len(S) == 1:
        return [tuple(float(x) for x in S[0])]
    if len(S) == 2:
        p, e = S[0], S[1] - S[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            t1, t2 = (low - p) / e, (high - p) / e                  # Liang-Barsky slab crossings
        flat = np.isclose(e, 0)
        t_lo = np.where(flat, -np.inf, np.minimum(t1, t2)).max(axis=1)
        t_hi = np.where(flat, np.inf, np.maximum(t1, t2)).min(axis=1)
        ok = t_lo <= t_hi + 1e-12
        a, b = max(0.0, float(t_lo[ok].min())), min(1.0, float(t_hi[ok].max()))
        return [tuple(float(x) for x in p + a * e), tuple(float(x) for x in p + b * e)]
    corners = np.concatenate([low, high, np.c_[low[:, 0], high[:, 1]], np.c_[high[:, 0], low[:, 1]]])
    poly = hull([tuple(p) for p in corners], 1e-13)
    for k in range(len(S)):
        p, q = S[k], S[(k + 1) % len(S)]
        normal = (float(q[1] - p[1]), float(p[0] - q[0]))
        poly = clip(poly, normal, normal[0] * p[0] + normal[1] * p[1])
    return poly


def spe_payoffs_no_correlation_outer(game: Any, delta: Any, *, grid: int = 200, max_iter: int = 10_000,
                                     values: Mapping[str, Any] | None = None) -> PayoffSet:
    """An outer bound on the pure-strategy SPE payoffs without public correlation (two players).

    Parameters
    ----------
    game : Any
        Two-player stage game (a Game, or a Model at ``values``).
    delta : Any
        Discount factor in (0, 1).
    grid : int, default 200
        Cells per axis over the Abreu–Sannikov polygon's bounding box (finer: tighter).
    max_iter : int, default 10000
        The most iterations of the operator.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    PayoffSet
        ``method="no-correlation-outer"``, ``public_correlation=False``: the convex hull of the kept
        cells cut by the Abreu–Sannikov polygon (floats), containing every SPE payoff without
        correlation.  ``threat`` is a lower bound on each player's lowest such payoff; ``gap`` the
        Hausdorff distance to the exact inner set of
        :func:`~bargain.analysis.repeated.no_correlation.spe_payoffs_no_correlation`, so the hull of
        the true set lies between the two within ``gap``.  Empty when no pure SPE exists.

    Raises
    ------
    GameError
        For games with other than two players, or ``grid < 2``.

    References
    ----------
    Abreu, Pearce and Stacchetti (1990); Judd, Yeltekin and Conklin (2003); Abreu and Sannikov (2014).
    """
    from bargain.analysis.repeated.abreu_sannikov import spe_payoffs
    from bargain.analysis.repeated.no_correlation import spe_payoffs_no_correlation

    g = as_game(game, values)
    if g.n_players != 2:
        raise GameError("spe_payoffs_no_correlation_outer is for two-player games")
    if not isinstance(grid, int) or grid < 2:
        raise GameError(f"grid must be an integer of at least 2 cells per axis, got {grid!r}")
    dq = check_delta(delta)
    dl = float(dq)
    st = stage(g, False)
    s = spe_payoffs(g, dq, exact=False)
    if s.empty:
        return PayoffSet("no-correlation-outer", dq, (), False, (), 0, 0.0, False, g.players,
                         ("no pure-strategy SPE even with public correlation",))
    U = np.stack([st.u[i].reshape(-1) for i in range(2)], axis=1)
    G = (1 - dl) / dl * (np.stack([st.d[i].reshape(-1) for i in range(2)], axis=1) - U)
    S = s.array
    kept, lo, h, it = outer_cells(U, G, dl, S, grid, max_iter)
    if not kept.any():
        return PayoffSet("no-correlation-outer", dq, (), False, (), it, 0.0, False, g.players,
                         ("no pure-strategy SPE without public correlation",))
    cells = np.argwhere(kept)
    poly = _cut(S, lo + cells * h, lo + (cells + 1) * h)
    threat = tuple(max(float(lo[i] + cells[:, i].min() * h[i]), float(s.threat[i])) for i in range(2))
    inner = spe_payoffs_no_correlation(g, dq, exact=False)
    P = np.array(poly, dtype=float).reshape(-1, 2)
    gap = hausdorff(P, inner.array) if not inner.empty else float("inf")
    union_area = float(kept.sum() * h[0] * h[1])
    notes = (f"{int(kept.sum())} of {grid * grid} cells kept after {it} iterations (their union, "
             f"area {union_area:.4g}, contains the set, holes included)",
             f"hull area {float(polygon_area(poly)) if len(poly) >= 3 else 0.0:.4g}; "
             f"Abreu-Sannikov polygon area {float(polygon_area([tuple(p) for p in S])) if len(S) >= 3 else 0.0:.4g}",
             f"Hausdorff distance to the exact inner set: {gap:.3g}")
    return PayoffSet("no-correlation-outer", dq, tuple(tuple(float(x) for x in p) for p in poly), False, threat,
                     it, gap, False, g.players, notes)
