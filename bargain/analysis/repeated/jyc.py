"""Outer and inner hyperplane approximations of the SPE payoff set (Judd, Yeltekin and Conklin 2003).

Both approximate the set ``V`` of pure-strategy SPE payoffs with public correlation by its
support function in a fixed set of directions ``h_1..h_L``.  One step of the APS operator ``B``
(see :mod:`.abreu_sannikov`) is computed direction by direction: for each action profile ``a``,
maximise ``h_l . ((1 - δ) u(a) + δ x)`` over continuations ``x`` in the current set that satisfy
``a``'s incentive constraints (harshest punishment: the set's lowest payoff for each player).

* **Outer**: start from a half-space polytope containing ``V`` (the hull of the stage payoffs) and
  replace each offset by the maximum above; every iterate contains ``B`` of the previous one, so
  (``B`` being monotone) every iterate contains ``V``.  When no profile can open an SPE path at
  all (:func:`.punishments.box_bounds`) both approximations are empty at once.
* **Inner**: start from the hull of the stage payoffs and replace the set, in each direction, by
  the point of ``B(W)`` that maximises it; the limit ``W*`` is checked to satisfy ``W* ⊆ B(W*)``
  (self-generating, hence inside ``V``).

For two players the maximisations are polygon clippings; for more players they are vertex
enumerations of polytopes and linear programs (scipy's Qhull and HiGHS, :mod:`.jyc_nd`).

References
----------
Judd, K. L., Yeltekin, S. and Conklin, J. (2003). Computing supergame equilibria.
*Econometrica* 71, 1239-1254.
Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted repeated games
with imperfect monitoring. *Econometrica* 58, 1041-1063.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from bargain.analysis.repeated._geometry import clip, hull
from bargain.analysis.repeated._polytope import vertices
from bargain.analysis.repeated._stage import Stage, as_game, check_delta, stage
from bargain.analysis.repeated.jyc_nd import generation_slack, grid_directions, inner_nd, outer_nd
from bargain.analysis.repeated.punishments import box_bounds
from bargain.analysis.repeated.result import PayoffSet

__all__ = ["jyc_outer", "jyc_inner", "directions"]


def directions(n: int, count: int = 32) -> np.ndarray:
    """Unit directions: ``count`` evenly spaced angles for two players; for more, at least ``count``
    primitive integer vectors of a cube ``{-k..k}^n``, normalised (:func:`.jyc_nd.grid_directions`)."""
    if n == 2:
        t = 2 * np.pi * np.arange(count) / count
        return np.stack([np.cos(t), np.sin(t)], axis=1)
    return grid_directions(n, count)


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
    empty = PayoffSet("jyc-outer", delta, (), False, (), 0, 0.0, True, g.players,
                      ("no incentive-compatible payoff: no pure-strategy SPE",))
    if box_bounds(st, dl) is None:
        return empty
    if g.n_players > 2:
        c, it, gap = outer_nd(H, U, G, dl, tol, max_iter)
        if c is None:
            return empty
        V = vertices(H, c)
        verts = [tuple(float(x) for x in v) for v in V] if V is not None else []
        threat = tuple(float(x) for x in V.min(axis=0)) if V is not None else ()
        return PayoffSet("jyc-outer", delta, tuple(verts), False, threat, it, gap, True, g.players,
                         (f"{len(H)} directions",) + (() if V is not None else ("flat set: vertices not listed",)))
    c = (U @ H.T).max(axis=0)
    scale = max(1.0, float(np.abs(U).max()))
    it, gap = 0, float("inf")
    while it < max_iter:
        it += 1
        W = _polygon(H, c, 4 * scale)
        w = np.array([min(p[0] for p in W), min(p[1] for p in W)]) if W else None
        Z = [z for z in _generated(W, U, G, dl, w) if len(z)] if W else []
        if not Z:
            return empty
        c_new = np.max(np.vstack(Z) @ H.T, axis=0)
        gap = float(np.max(np.abs(c_new - c)))
        c = c_new
        if gap <= tol * scale:
            break
    verts = _polygon(H, c, 4 * scale)
    threat = tuple(min(v[i] for v in verts) for i in range(2)) if verts else ()
    return PayoffSet("jyc-outer", delta, tuple(tuple(v) for v in verts), False, threat, it, gap, True, g.players,
                     (f"{len(H)} directions",))


def jyc_inner(game: Any, delta: Any, *, n_directions: int = 32, tol: float = 1e-10, max_iter: int = 5000,
              values: Mapping[str, Any] | None = None) -> PayoffSet:
    """Inner hyperplane approximation of the SPE payoff set (any number of players).

    Each step replaces the set by the convex hull of the points of ``B(W)`` farthest in each
    direction, so every iterate lies inside ``B`` of the previous one.  Started from the hull of the
    stage payoffs, the iteration settles on a set ``W* ⊆ B(W*)``: self-generating, hence inside the
    SPE payoff set (APS 1990, Theorem 1).  Self-generation is checked at the end.

    Parameters
    ----------
    game : Any
        Stage game (a Game, or a Model at ``values``).
    delta : Any
        Discount factor in (0, 1).
    n_directions : int, default 32
        Directions in which each step keeps the farthest generated point (for three or more
        players, at least this many: see :func:`directions`).
    tol : float, default 1e-10
        Stop when the support in no direction moves by more than ``tol`` times the payoff scale.
    max_iter : int
        The most iterations of the set operator before it stops with a note.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    PayoffSet
        ``method="jyc-inner"``; its notes say whether the limit was verified self-generating
        (every vertex generated by the set itself, within a stated tolerance).

    References
    ----------
    Judd, Yeltekin and Conklin (2003), sec. 5; Abreu, Pearce and Stacchetti (1990), Theorem 1.
    """
    g = as_game(game, values)
    dl = float(check_delta(delta))
    st = stage(g, False)
    U, G = _arrays(st, dl)
    H = directions(g.n_players, n_directions)
    scale = max(1.0, float(np.abs(U).max()))
    if box_bounds(st, dl) is None:
        return PayoffSet("jyc-inner", delta, (), False, (), 0, 0.0, True, g.players,
                         ("no incentive-compatible payoff: no pure-strategy SPE",))
    if g.n_players > 2:
        return _inner_nd(g.players, delta, H, U, G, dl, tol, max_iter, scale)
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


def _inner_nd(players: tuple[str, ...], delta: Any, H: np.ndarray, U: np.ndarray, G: np.ndarray, dl: float,
              tol: float, max_iter: int, scale: float) -> PayoffSet:
    """:func:`jyc_inner` for three or more players (:func:`.jyc_nd.inner_nd`), with its self-generation check."""
    P, it, gap = inner_nd(H, U, G, dl, tol, max_iter)
    if P is None:
        return PayoffSet("jyc-inner", delta, (), False, (), it, 0.0, True, players,
                         ("no incentive-compatible payoff: no pure-strategy SPE",))
    slack = generation_slack(P, U, G, dl)
    note = (f"self-generating (every vertex generated, within {slack:.1e})" if slack <= 1e-8 * scale
            else f"NOT verified self-generating (a vertex is {slack:.3g} outside B(W))")
    return PayoffSet("jyc-inner", delta, tuple(tuple(float(x) for x in p) for p in P), False,
                     tuple(float(x) for x in P.min(axis=0)), it, gap, True, players, (f"{len(H)} directions", note))
