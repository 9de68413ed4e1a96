"""Drawing a game tree: nodes, information sets, chance probabilities and an equilibrium's moves.

:func:`plot_tree` (also ``bargain.plot.tree``) lays a tree out top-down in the usual textbook
style (Osborne and Rubinstein 1994, ch. 6 and 11): the root at the top, each leaf in its own
column in preorder, every other node centred over its children.  Decision nodes are coloured by
player, chance nodes are hollow, and the nodes of one information set are joined by a dashed
line.  Edges carry the action label, and chance edges their probability.  Given an equilibrium
(any result with a ``behaviour`` profile, or a
:class:`~bargain.model.extensive.BehaviourProfile`), the moves it plays with positive probability
are drawn dark (with the probability where it mixes) and the path of play thick; given beliefs
(an assessment's), each node of a set with several nodes carries its belief ``μ``.  Like the rest
of :mod:`bargain.plot` it builds a :class:`matplotlib.figure.Figure` without pyplot.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bargain.errors import GameError
from bargain.model.numbers import format_number

__all__ = ["plot_tree", "MAX_DRAWN_NODES"]

#: Largest tree drawn (a drawing of more nodes is unreadable).
MAX_DRAWN_NODES = 2_000
_PATH_COLOUR = "black"


def _layout(tree: Any) -> tuple[np.ndarray, np.ndarray]:
    n = tree.num_nodes
    depth = np.zeros(n)
    xpos = np.zeros(n)
    for x in range(1, n):                               # preorder: parents first
        depth[x] = depth[tree.parent(x)] + 1
    col = {int(z): k for k, z in enumerate(tree.leaves)}
    for x in range(n - 1, -1, -1):
        kids = tree.children(x)
        xpos[x] = col[x] if not kids else float(np.mean([xpos[c] for c in kids]))
    return xpos, -depth


def _behaviour_of(equilibrium: Any) -> Any:
    if equilibrium is None:
        return None
    b = getattr(equilibrium, "behaviour", equilibrium)
    if callable(b) and not hasattr(b, "probabilities"):     # a signalling equilibrium's behaviour() method
        b = b()
    if b is None or not hasattr(b, "probabilities"):
        raise GameError("equilibrium= must be an equilibrium of this tree (with a behaviour profile) or a "
                        "BehaviourProfile")
    return b


def _beliefs_of(game: Any, beliefs: Any, equilibrium: Any) -> dict[int, Any]:
    """``{node: belief}`` at the nodes of multi-node information sets, from an assessment or a dict."""
    if beliefs is None:
        return {}
    if beliefs is True:
        beliefs = equilibrium
    src = getattr(beliefs, "beliefs", beliefs)
    if not isinstance(src, dict):
        raise GameError("beliefs= must be an assessment (bargain.assess or sequential_equilibria) or a dict "
                        "{information set label: {node name: belief}}")
    out: dict[int, Any] = {}
    for label, mu in src.items():
        h = game.infoset(label)
        if mu is None or len(h.nodes) < 2:
            continue
        names = {game.node_name(x): x for x in h.nodes}
        for name, v in mu.items():
            if name not in names:
                raise GameError(f"beliefs at {label!r}: no node {name!r} in that information set; its nodes are "
                                f"{list(names)}")
            out[names[name]] = v
    return out


def plot_tree(game: Any, equilibrium: Any = None, *, beliefs: Any = None, title: str | None = None,
              payoff_digits: int = 3, figsize: tuple[float, float] | None = None) -> Figure:
    """Draw ``game`` (an :class:`~bargain.model.extensive.ExtensiveGame`), optionally with an equilibrium.

    Parameters
    ----------
    game: the tree.
    equilibrium: an :class:`~bargain.solvers.result.Equilibrium` of the tree, a subgame-perfect
        equilibrium, or a :class:`~bargain.model.extensive.BehaviourProfile`; its moves are
        highlighted and its path of play drawn thick.  An assessment (from :func:`bargain.assess`
        or :func:`bargain.sequential_equilibria`) is drawn by its behaviour.
    beliefs: beliefs to write beside the nodes of every information set with several nodes
        (``μ=...``, in the mover's colour): an assessment, a dict ``{information set label: {node
        name: belief}}``, or True for the beliefs of the assessment given as ``equilibrium``.
    title: the figure title (default: the tree's title).
    payoff_digits: significant digits of the leaf payoffs.
    figsize: the figure size in inches (default: from the number of leaves and the depth).

    Returns
    -------
    The :class:`matplotlib.figure.Figure`.

    Raises
    ------
    GameError
        For something that is not a tree, a tree of more than :data:`MAX_DRAWN_NODES` nodes, or an
        equilibrium of another tree.

    References
    ----------
    Osborne and Rubinstein (1994), *A Course in Game Theory*, figures of ch. 6 and 11.
    """
    from bargain.model.extensive import ExtensiveGame

    if not isinstance(game, ExtensiveGame):
        raise GameError(f"plot.tree draws a bargain.ExtensiveGame, got {type(game).__name__}")
    if game.num_nodes > MAX_DRAWN_NODES:
        raise GameError(f"the tree has {game.num_nodes} nodes; plot.tree draws at most {MAX_DRAWN_NODES} "
                        "(print tree.describe() instead)")
    b = _behaviour_of(equilibrium)
    if b is not None and b.game is not game and b.game.num_nodes != game.num_nodes:
        raise GameError("the equilibrium belongs to another tree")
    mu = _beliefs_of(game, beliefs, equilibrium)
    xpos, ypos = _layout(game)
    leaves = [int(z) for z in game.leaves]
    depth = int(-ypos.min()) if len(ypos) else 0
    w = figsize or (min(24.0, max(6.0, 0.75 * len(leaves))), min(16.0, max(3.5, 1.3 * depth + 2.0)))
    fig = Figure(figsize=w)
    ax = fig.add_subplot()
    reach = b.reach_probabilities() if b is not None else None
    colours = {i: f"C{i}" for i in range(game.n_players)}
    for x in range(game.num_nodes):
        kind = game.node_kind(x)
        if kind == "terminal":
            continue
        kids = game.children(x)
        if kind == "chance":
            probs = game.chance_probabilities(x, exact=game.is_exact)
        else:
            h = game.node_infoset(x)
            probs = (b.exact_probabilities if b is not None and b.is_exact else
                     b.probabilities if b is not None else None)
            probs = probs[h.index] if probs is not None else None
        for k, c in enumerate(kids):
            p = probs[k] if probs is not None else None
            played = p is not None and p != 0
            on_path = reach is not None and reach[c] > 0
            colour = _PATH_COLOUR if on_path else ("0.35" if played and b is not None else "0.8")
            lw = 3.2 if on_path else (1.6 if played and b is not None else 1.0)
            ax.plot([xpos[x], xpos[c]], [ypos[x], ypos[c]], color=colour, lw=lw, zorder=1,
                    solid_capstyle="round")
            label = game.action_label(c)
            if kind == "chance":
                label += f"\n{format_number(p)}"
            elif b is not None and played and probs is not None and len([q for q in probs if q != 0]) > 1:
                label += f" ({format_number(p, 3)})"
            mx, my = (xpos[x] + xpos[c]) / 2, (ypos[x] + ypos[c]) / 2
            ax.text(mx, my, label, fontsize=8, ha="center", va="center", zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
    for x in range(game.num_nodes):
        kind = game.node_kind(x)
        if kind == "decision":
            i = game.node_player(x)
            ax.scatter([xpos[x]], [ypos[x]], s=110, color=colours[i], edgecolor="k", zorder=4)
        elif kind == "chance":
            ax.scatter([xpos[x]], [ypos[x]], s=110, facecolor="white", edgecolor="k", zorder=4)
        else:
            pay = game.exact_leaf_payoffs if game.is_exact else game.leaf_payoffs
            z = leaves.index(x)
            txt = "\n".join(format_number(v, payoff_digits) for v in pay[z])
            ax.text(xpos[x], ypos[x] - 0.12, txt, fontsize=7.5, ha="center", va="top", zorder=3)
            ax.scatter([xpos[x]], [ypos[x]], s=12, color="k", zorder=4)
    for h in game.infosets:
        if len(h.nodes) < 2:
            continue
        pts = sorted((xpos[x], ypos[x]) for x in h.nodes)
        ax.plot([p[0] for p in pts], [p[1] for p in pts], ls=(0, (4, 3)), color=colours[h.player], lw=1.4,
                zorder=2)
        ax.text(pts[-1][0] + 0.25, pts[-1][1] + 0.12, h.label, fontsize=7, color=colours[h.player], zorder=3)
        for x in h.nodes:
            if x in mu:
                ax.text(xpos[x] - 0.12, ypos[x] + 0.1, f"μ={format_number(mu[x], 3)}", fontsize=7.5, ha="right",
                        va="bottom", color=colours[h.player], fontweight="bold", zorder=5,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    handles = [Line2D([], [], marker="o", ls="", color=colours[i], markeredgecolor="k", label=p)
               for i, p in enumerate(game.players)]
    if game.chance_nodes:
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="k", label="chance"))
    if any(len(h.nodes) > 1 for h in game.infosets):
        handles.append(Line2D([], [], ls=(0, (4, 3)), color="0.3", label="information set"))
    if mu:
        handles.append(Line2D([], [], ls="", marker="$\\mu$", color="0.3", label="belief at a node of its set"))
    if b is not None:
        handles.append(Line2D([], [], color=_PATH_COLOUR, lw=3.2, label="path of play"))
        handles.append(Line2D([], [], color="0.35", lw=1.6, label="equilibrium move off the path"))
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title(title if title is not None else (game.title or "game tree") +
                 ("" if b is None else ": equilibrium moves highlighted"))
    ax.set_xlim(min(xpos) - 0.7, max(xpos) + 0.9)
    ax.set_ylim(ypos.min() - 0.25 - 0.18 * game.n_players, 0.4)
    ax.axis("off")
    ax.text(1.0, 0.0, "leaf payoffs, top to bottom: " + ", ".join(game.players), transform=ax.transAxes,
            fontsize=7.5, ha="right", va="bottom", color="0.3")
    fig.tight_layout()
    return fig
