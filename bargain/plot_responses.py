"""Best-response figures of small two-player games: the 2x2 square and the 2x3 simplex.

* A 2x2 game: each player's best-response correspondence in the unit square of the two
  probabilities of playing the first strategy; the equilibria are exactly where the two cross
  (Fudenberg and Tirole 1991, sec. 1.2).
* A 2x3 (or 3x2) game: left, the three-strategy player's expected payoff from each of their
  strategies against the two-strategy player's mixture (the upper envelope is the best response);
  right, the three-strategy player's simplex, split by the line on which the two-strategy player is
  indifferent.  The equilibria are marked in both panels.

References
----------
Fudenberg, D. and Tirole, J. (1991). *Game Theory*, MIT Press, sec. 1.2.  Osborne, M. J. (2004).
*An Introduction to Game Theory*, Oxford University Press, ch. 4 (best-response functions of
mixed strategies).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

__all__ = ["plot_responses"]

_TRIANGLE = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3.0) / 2.0]])


def _response_line(d0: float, d1: float) -> list[tuple[float, float]]:
    """The best response (probability of strategy 0) to ``t`` in [0, 1], as a polyline of ``(t, r)``.

    ``d0`` and ``d1`` are the player's payoff advantage of strategy 0 over strategy 1 at ``t = 0``
    and ``t = 1``; the advantage is affine in ``t``.
    """
    def r(d: float) -> float:
        return 1.0 if d > 0 else (0.0 if d < 0 else 0.5)

    if d0 == 0 and d1 == 0:          # indifferent everywhere: the whole interval (drawn as its edges)
        return [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)]
    if d0 * d1 < 0:
        t = d0 / (d0 - d1)
        return [(0.0, r(d0)), (t, r(d0)), (t, r(d1)), (1.0, r(d1))]
    d = d0 if d0 != 0 else d1
    return [(0.0, r(d)), (1.0, r(d))]


def _square(fig: Figure, game: Any, profiles: Sequence[Sequence[np.ndarray]]) -> None:
    A, B = game.payoffs[0], game.payoffs[1]
    ax = fig.subplots()
    row = _response_line(float(A[0, 1] - A[1, 1]), float(A[0, 0] - A[1, 0]))   # row's answer to q
    col = _response_line(float(B[1, 0] - B[1, 1]), float(B[0, 0] - B[0, 1]))   # column's answer to p
    ax.plot([r for _, r in row], [q for q, _ in row], color="C0", linewidth=2.4,
            label=f"{game.players[0]}'s best response")
    ax.plot([p for p, _ in col], [r for _, r in col], color="C1", linewidth=2.0, linestyle="--",
            label=f"{game.players[1]}'s best response")
    for prof in profiles:
        ax.plot(prof[0][0], prof[1][0], "o", color="crimson", markersize=9, zorder=5)
    ax.plot([], [], "o", color="crimson", label="equilibrium")
    ax.set_xlabel(f"P({game.players[0]} plays {game.strategies[0][0]})")
    ax.set_ylabel(f"P({game.players[1]} plays {game.strategies[1][0]})")
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(-0.04, 1.04)
    ax.set_aspect("equal")
    ax.grid(True, alpha=0.25)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)


def _simplex(fig: Figure, game: Any, profiles: Sequence[Sequence[np.ndarray]]) -> None:
    three = 0 if game.shape[0] == 3 else 1
    two = 1 - three
    U = np.moveaxis(game.payoffs, 1 + three, 1)       # axes: player, three's strategy, two's strategy
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1.0]})
    p = np.linspace(0.0, 1.0, 2)
    for k, name in enumerate(game.strategies[three]):
        u = U[three, k, 0] * p + U[three, k, 1] * (1 - p)
        left.plot(p, u, color=f"C{k}", linewidth=2.0, label=name)
    for prof in profiles:
        left.axvline(float(prof[two][0]), color="crimson", linestyle=":", linewidth=1.4)
    left.set_xlabel(f"P({game.players[two]} plays {game.strategies[two][0]})")
    left.set_ylabel(f"{game.players[three]}'s expected payoff")
    left.legend(title=game.players[three], fontsize=8, title_fontsize=8, frameon=False)
    left.grid(True, alpha=0.25)
    # right: the simplex of three's mixtures; c_k = two's advantage of strategy 0 when three plays k
    c = U[two, :, 0] - U[two, :, 1]
    T = _TRIANGLE
    right.fill(T[:, 0], T[:, 1], color="0.93")
    cut = [T[i] + (c[i] / (c[i] - c[j])) * (T[j] - T[i])
           for i, j in ((0, 1), (1, 2), (2, 0)) if c[i] * c[j] < 0]
    region = [T[i] for i in range(3) if c[i] > 0] + cut
    if len(region) >= 3:
        pts = np.array(region)
        centre = pts.mean(axis=0)
        pts = pts[np.argsort(np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0]))]
        right.fill(pts[:, 0], pts[:, 1], color="C1", alpha=0.25,
                   label=f"{game.players[two]} prefers {game.strategies[two][0]}")
    if len(cut) == 2:
        right.plot([cut[0][0], cut[1][0]], [cut[0][1], cut[1][1]], color="C1", linewidth=2.0,
                   label=f"{game.players[two]} indifferent")
    right.plot(*np.vstack([T, T[:1]]).T, color="0.3", linewidth=1.0)
    for k, name in enumerate(game.strategies[three]):
        right.annotate(name, T[k], textcoords="offset points", xytext=(0, -12 if k < 2 else 5), ha="center",
                       fontsize=8)
    for prof in profiles:
        xy = np.asarray(prof[three], dtype=float) @ T
        right.plot(xy[0], xy[1], "o", color="crimson", markersize=8, zorder=5)
    right.plot([], [], "o", color="crimson", label="equilibrium")
    right.set_title(f"{game.players[three]}'s mixtures", fontsize=9)
    right.set_aspect("equal")
    right.axis("off")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), fontsize=7, frameon=False)


def plot_responses(game: Any, profiles: Sequence[Sequence[np.ndarray]] = ()) -> Figure | None:
    """The best-response figure of a 2x2, 2x3 or 3x2 game with ``profiles`` marked (None for other shapes).

    Parameters
    ----------
    game : Game
        A two-player normal-form game.
    profiles : sequence of profiles
        Equilibria to mark (each a tuple of two probability vectors).

    Returns
    -------
    matplotlib.figure.Figure or None
        The figure, or None when the game is not 2x2, 2x3 or 3x2.
    """
    shape = tuple(getattr(game, "shape", ()))
    if shape == (2, 2):
        fig = Figure(figsize=(6.2, 3.8), layout="constrained")
        _square(fig, game, profiles)
    elif shape in ((2, 3), (3, 2)):
        fig = Figure(figsize=(8.4, 3.6), layout="constrained")
        _simplex(fig, game, profiles)
    else:
        return None
    fig.suptitle(f"best responses: {' vs '.join(game.players)}", fontsize=10)
    return fig
