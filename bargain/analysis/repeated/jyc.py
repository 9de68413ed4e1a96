"""Outer and inner hyperplane approximations of the SPE payoff set (Judd, Yeltekin and Conklin 2003).

Both approximate the set ``V`` of pure-strategy SPE payoffs with public correlation by its
support function in a fixed set of directions ``h_1..h_L``.  One step of the APS operator ``B``
(see :mod:`.abreu_sannikov`) is computed direction by direction: for each action profile ``a``,
maximise ``h_l . ((1 - δ) u(a) + δ x)`` over continuations ``x`` in the current set that satisfy
``a``'s incentive constraints (harshest punishment: the set's lowest payoff for each player).

* **Outer**: start from a half-space polytope containing ``V`` (the hull of the stage payoffs) and
  replace each offset by the maximum above; every iterate contains ``B`` of the previous one, so
  (``B`` being monotone) every iterate contains ``V``.
* **Inner**: start from the stage game's pure Nash payoffs (a self-generating set) and add, in each
  direction, the point of ``B(W)`` that maximises it; every iterate is inside ``B(W) ⊆ V``.

For two players the maximisations are exact polygon clippings; for more players (outer only)
they are linear programs (scipy's HiGHS).

References
----------
Judd, K. L., Yeltekin, S. and Conklin, J. (2003). Computing supergame equilibria.
*Econometrica* 71, 1239-1254.
Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted repeated games
with imperfect monitoring. *Econometrica* 58, 1041-1063.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np

from bargain.analysis.repeated._geometry import clip, hull
from bargain.analysis.repeated._stage import Stage, as_game, check_delta, stage
from bargain.analysis.repeated.result import PayoffSet
from bargain.errors import GameError

__all__ = ["jyc_outer", "jyc_inner", "directions"]


def directions(n: int, count: int = 32) -> np.ndarray:
    """Unit directions: ``count`` evenly spaced angles for two players; the nonzero vectors of
    ``{-1, 0, 1}^n`` (normalised) for more."""
    if n == 2:
        t = 2 * np.pi * np.arange(count) / count
        return np.stack([np.cos(t), np.sin(t)], axis=1)
    H = np.array([v for v in itertools.product((-1, 0, 1), repeat=n) if any(v)], dtype=float)
    return H / np.linalg.norm(H, axis=1, keepdims=True)


def _arrays(st: Stage, delta: float) -> tuple[np.ndarray, np.ndarray]:
    n = st.n
    U = np.stack([np.asarray(st.u[i], dtype=float).ravel() for i in range(n)], axis=1)
    D = np.stack([np.asarray(st.d[i], dtype=float).ravel() for i in range(n)], axis=1)
    return U, (1 - delta) / delta * (D - U)


def _polygon(H: np.ndarray, c: np.ndarray, box: float) -> list[tuple[float, float]]:
    poly: list[tuple[float, float]] = [(-box, -box), (box, -box), (box, box), (-box, box)]
    for h, ck in zip(H, c, strict=True):
        poly = clip(poly, (float(h[0]), float(h[1])), float(ck))
        if not poly:
            break
    return hull(poly, 1e-13) if poly else poly


def _generated(W: list[tuple[float, float]], U: np.ndarray, G: np.ndarray, delta: float,
               w: np.ndarray) -> list[np.ndarray]:
    """For each profile, the vertices of ``(1-δ) u(a) + δ (W ∩ incentive quadrant)`` (possibly empty)."""
    out = []
    for u, g in zip(U, G, strict=True):
        T = w + g
        Wa = clip(clip(W, (-1.0, 0.0), -float(T[0])), (0.0, -1.0), -float(T[1])) if len(W) >= 3 else [
            p for p in W if p[0] >= T[0] - 1e-12 and p[1] >= T[1] - 1e-12]
        out.append((1 - delta) * u + delta * np.array(Wa, dtype=float).reshape(-1, 2))
    return out


def jyc_outer(game: Any, delta: Any, *, n_directions: int = 32, tol: float = 1e-10, max_iter: int = 5000,
              values: Mapping[str, Any] | None = None) -> PayoffSet:
    """Outer hyperplane approximation of the SPE payoff set (any number of players).

    Parameters
    ----------
    game : Any
        Stage game (a Game, or a Model at ``values``).
    delta : Any
        Discount factor in (0, 1).
    n_directions : int, default 32
        Number of directions for two players (more directions: a tighter outer set).
    tol : float, default 1e-10
        Stop when no offset moves by more than ``tol`` times the payoff scale.
    max_iter : int
        The most iterations of the set operator before it stops with a note.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    PayoffSet
        ``method="jyc-outer"``; a superset of the SPE payoffs (for more than two players the
        vertices are not ordered).  Empty when the iteration finds no incentive-compatible point.

    References
    ----------
    Judd, Yeltekin and Conklin (2003), sec. 4.
    """
    g = as_game(game, values)
    dl = float(check_delta(delta))
    st = stage(g, False)
    U, G = _arrays(st, dl)
    H = directions(g.n_players, n_directions)
    c = (U @ H.T).max(axis=0)
    scale = max(1.0, float(np.abs(U).max()))
    it, gap = 0, float("inf")
    while it < max_iter:
        it += 1
        if g.n_players == 2:
            W = _polygon(H, c, 4 * scale)
            w = np.array([min(p[0] for p in W), min(p[1] for p in W)]) if W else None
            Z = [z for z in _generated(W, U, G, dl, w) if len(z)] if W else []
            if not Z:
                return PayoffSet("jyc-outer", delta, (), False, (), it, 0.0, True, g.players,
                                 ("no incentive-compatible payoff: no pure-strategy SPE",))
            c_new = np.max(np.vstack(Z) @ H.T, axis=0)
        else:
            c_new = _outer_lp(H, c, U, G, dl)
            if c_new is None:
                return PayoffSet("jyc-outer", delta, (), False, (), it, 0.0, True, g.players,
                                 ("no incentive-compatible payoff: no pure-strategy SPE",))
        gap = float(np.max(np.abs(c_new - c)))
        c = c_new
        if gap <= tol * scale:
            break
    verts = _polygon(H, c, 4 * scale) if g.n_players == 2 else _vertices_nd(H, c)
    threat = tuple(min(v[i] for v in verts) for i in range(g.n_players)) if verts else ()
    return PayoffSet("jyc-outer", delta, tuple(tuple(v) for v in verts), False, threat, it, gap, True, g.players,
                     (f"{len(H)} directions",))


def _outer_lp(H: np.ndarray, c: np.ndarray, U: np.ndarray, G: np.ndarray, dl: float) -> np.ndarray | None:
    """n-player step: ``max_a max_x h.((1-δ)u + δx)`` s.t. ``Hx <= c``, ``x >= w + g(a)``, by HiGHS."""
    from scipy.optimize import linprog

    n = U.shape[1]
    w = np.empty(n)
    for i in range(n):
        r = linprog(np.eye(n)[i], A_ub=H, b_ub=c, bounds=[(None, None)] * n, method="highs")
        if r.status != 0:
            return None
        w[i] = r.fun
    best = np.full(len(H), -np.inf)
    for u, g in zip(U, G, strict=True):
        bounds = [(float(w[i] + g[i]), None) for i in range(n)]
        for li, h in enumerate(H):
            r = linprog(-h, A_ub=H, b_ub=c, bounds=bounds, method="highs")
            if r.status == 0:
                best[li] = max(best[li], (1 - dl) * float(h @ u) - dl * r.fun)
    return None if not np.all(np.isfinite(best)) else best


def _vertices_nd(H: np.ndarray, c: np.ndarray) -> list[tuple[float, ...]]:
    """Vertices of ``{x : Hx <= c}`` (bounded) by scipy's half-space intersection from a Chebyshev centre."""
    from scipy.optimize import linprog
    from scipy.spatial import HalfspaceIntersection

    n = H.shape[1]
    norms = np.linalg.norm(H, axis=1)
    r = linprog(np.r_[np.zeros(n), -1.0], A_ub=np.c_[H, norms], b_ub=c, bounds=[(None, None)] * n + [(0, None)],
                method="highs")
    if r.status != 0 or r.x[-1] <= 1e-12:
        return []      # flat (lower-dimensional) set: report no vertices rather than a wrong polytope
    hs = HalfspaceIntersection(np.c_[H, -c], r.x[:n])
    return [tuple(float(x) for x in v) for v in np.unique(np.round(hs.intersections, 12), axis=0)]


def jyc_inner(game: Any, delta: Any, *, n_directions: int = 32, tol: float = 1e-10, max_iter: int = 5000,
              values: Mapping[str, Any] | None = None) -> PayoffSet:
    """Inner hyperplane approximation of the two-player SPE payoff set.

    Each step replaces the set by the convex hull of the points of ``B(W)`` farthest in each
    direction, so every iterate lies inside ``B`` of the previous one.  Started from the hull of the
    stage payoffs, the iteration settles on a set ``W* ⊆ B(W*)``: self-generating, hence inside the
    SPE payoff set (APS 1990, Theorem 1).  Self-generation is checked at the end.

    Parameters
    ----------
    game : Any
        Two-player stage game (a Game, or a Model at ``values``).
    delta : Any
        Discount factor in (0, 1).
    n_directions : int, default 32
        Directions in which each step keeps the farthest generated point.
    tol : float, default 1e-10
        Stop when the support in no direction moves by more than ``tol`` times the payoff scale.
    max_iter : int
        The most iterations of the set operator before it stops with a note.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    PayoffSet
        ``method="jyc-inner"``; its notes say whether the limit was verified self-generating.

    Raises
    ------
    GameError
        For games with other than two players.

    References
    ----------
    Judd, Yeltekin and Conklin (2003), sec. 5.
    """
    g = as_game(game, values)
    if g.n_players != 2:
        raise GameError("jyc_inner is implemented for two players; use jyc_outer for more")
    dl = float(check_delta(delta))
    st = stage(g, False)
    U, G = _arrays(st, dl)
    H = directions(2, n_directions)
    scale = max(1.0, float(np.abs(U).max()))
    W = hull([tuple(u) for u in U], 1e-13)
    support = np.max(np.array(W) @ H.T, axis=0)
    it, gap = 0, float("inf")
    while it < max_iter:
        it += 1
        w = np.array([min(p[0] for p in W), min(p[1] for p in W)])
        Z = [z for z in _generated(W, U, G, dl, w) if len(z)]
        if not Z:
            return PayoffSet("jyc-inner", delta, (), False, (), it, 0.0, True, g.players,
                             ("no incentive-compatible payoff: no pure-strategy SPE",))
        Z = np.vstack(Z)
        W = hull([tuple(p) for p in Z[np.argmax(Z @ H.T, axis=0)]], 1e-13)
        new_support = np.max(np.array(W) @ H.T, axis=0)
        gap = float(np.max(np.abs(new_support - support)))
        support = new_support
        if gap <= tol * scale:
            break
    w = np.array([min(p[0] for p in W), min(p[1] for p in W)])
    B = hull([tuple(p) for z in _generated(W, U, G, dl, w) for p in z], 1e-13)
    from bargain.analysis.repeated._geometry import distances

    slack = float(distances(np.array(B).reshape(-1, 2), np.array(W)).max()) if B else float("inf")
    note = ("self-generating (every vertex generated, within " + f"{slack:.1e})" if slack <= 1e-8 * scale
            else f"NOT verified self-generating (a vertex is {slack:.3g} outside B(W))")
    return PayoffSet("jyc-inner", delta, tuple(tuple(float(x) for x in p) for p in W), False, tuple(w), it, gap,
                     True, g.players, (f"{len(H)} directions", note))
