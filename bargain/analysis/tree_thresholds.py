"""Thresholds of a game tree's subgame-perfect equilibrium: where a mover's best move switches.

In a finite tree of perfect information (chance moves allowed) the subgame-perfect equilibrium is
found by backward induction (Kuhn 1953; Selten 1965): at every decision node the mover takes an
action of largest continuation value.  As one parameter moves, that equilibrium changes exactly
where, at some node, the continuation values of two actions cross: the *gap*
``g(theta) = v_i(beta; theta) - v_i(alpha; theta)`` of the mover ``i`` between the action
``alpha`` taken below the threshold and the action ``beta`` taken above it changes sign.  The
equilibrium is not the reduced normal form's Nash set (which keeps incredible threats), and the
tree is never turned into that normal form (a 2 x 9 x 64 form has more strategies than the batch
route's support codes hold).

:func:`spe_thresholds`

1. solves the whole grid at once with
   :func:`~bargain.solvers.backward_induction.backward_induction_batch` (one array operation per
   node) and finds the grid intervals where the move at some information set changes (a finer
   grid inside an interval separates several switches of one node);
2. locates each switch: where the gap is affine in the parameter on the interval (a payoff or a
   chance probability entering linearly), in closed form in rational arithmetic,
   ``theta* = theta_0 - g(theta_0) (theta_1 - theta_0) / (g(theta_1) - g(theta_0))``, confirmed
   exactly on the Fraction tree at ``theta*`` (the two actions tie there and none is better);
   else by Brent's method on the gap (``scipy.optimize.brentq``, tolerance 1e-13; a gap that jumps
   because a move lower in the tree switches is located at that jump), and proven exactly when the
   root is a fraction of small denominator at which the two actions tie exactly;
3. merges switches at one value into one :class:`~bargain.analysis.threshold_events.Event` (a
   switch below can make a mover above switch at the same value), names the subgame-perfect paths
   just below and just above it (every SPE there, ties included), and drops values at an end of
   the range, with a note.

Where a mover is indifferent over a stretch of the grid (several SPE there), a note says so.  A tree
with imperfect information is refused: its subgames may have mixed equilibria, and
:func:`bargain.analysis.thresholds.thresholds` then works on the reduced normal form, with a note.

References
----------
Kuhn, H. W. (1953). "Extensive games and the problem of information", *Contributions to the Theory
of Games* II, 193-216.
Selten, R. (1965). "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
*Zeitschrift für die gesamte Staatswissenschaft* 121, 301-324.
Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, MIT Press, ch. 6.
Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, Prentice-Hall, ch. 4.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.sweep import grid_values
from bargain.analysis.threshold_events import PROBE, XTOL, Event, Thresholds, cluster_crossings, crossing_value
from bargain.errors import GameError, did_you_mean
from bargain.model.numbers import format_number, to_fraction
from bargain.solvers.backward_induction import BatchBackwardInduction, backward_induction, backward_induction_batch
from bargain.solvers.spe_result import node_values

__all__ = ["CONCEPTS", "Switch", "choose_concept", "spe_label", "spe_thresholds"]

#: Points of the finer grid that separates several switches of one move inside a grid interval.
FINE = 17
#: Largest denominator tried when proving a root found by Brent's method exactly.
MAX_DENOMINATOR = 10**6


@dataclass
class Switch:
    """Where the subgame-perfect move at one decision node switches (a *crossing* of a tree).

    Attributes
    ----------
    parameter : str
        The parameter moved.
    value : float
        Where the move switches (the correctly rounded ``exact`` when known).
    exact : Fraction or None
        The value, proven in rational arithmetic (the two actions tie exactly there).
    player, node, infoset : str
        The mover, the node's path name and its information set's label.
    before, after : str
        The action taken just below and just above the value.
    method : str
        ``"closed form"`` (an affine gap, solved exactly) or ``"root-finding"`` (Brent's method).
    bracket : tuple of float
        The grid values around it.
    on_path : bool
        Whether the node is reached on the subgame-perfect path just below or just above.
    """

    parameter: str
    value: float
    exact: Fraction | None
    player: str
    node: str
    infoset: str
    before: str
    after: str
    method: str
    bracket: tuple[float, float]
    on_path: bool = False

    @property
    def binding(self) -> str:
        """What happens, in words: ``"ROK at Strike: Veto -> Consent (off the path)"``."""
        return f"{self.player} at {self.node}: {self.before} -> {self.after} " \
               f"({'on the path' if self.on_path else 'off the path'})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, the exact value as ``"p/q"``."""
        out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}
        out["exact"] = None if self.exact is None else format_number(self.exact)
        out["binding"] = self.binding
        return out


def spe_label(eq: Any) -> str:
    """The moves on a subgame-perfect path, in order: ``"US:Talk, DPRK:Freeze"`` (chance skipped)."""
    steps = [f"{s.mover}:{'/'.join(s.choices)}" for s in eq.path if s.mover != "chance"]
    return ", ".join(steps) if steps else "(no moves)"


class _Tree:
    """The tree model at the other parameters' values, solved by backward induction at any values
    of ``parameter`` (floats: batched; Fractions: one exact tree)."""

    def __init__(self, model: Any, parameter: str, point: Mapping[str, float]) -> None:
        self.model, self.parameter = model, parameter
        self.point = {k: float(v) for k, v in point.items()}
        self.tree = model.reference_tree

    def solve(self, xs: Any) -> BatchBackwardInduction:
        return backward_induction_batch(self.model, node_values=True,
                                        **{**self.point, self.parameter: np.asarray(xs, dtype=float)})

    def gap(self, xs: Any, x: int, a: int, b: int) -> np.ndarray:
        """``v_i(b) - v_i(a)`` of the mover ``i`` at node ``x``, at every value in ``xs``."""
        r = self.solve(xs)
        assert r.values is not None
        i = self.tree.node_player(x)
        kids = self.tree.children(x)
        return r.values[kids[b]][..., i] - r.values[kids[a]][..., i]

    def exact_values(self, theta: Fraction, x: int) -> list[Fraction] | None:
        """The mover's exact continuation value of every action at node ``x`` (None if the model
        cannot be evaluated in rational arithmetic)."""
        try:
            g = self.model.tree(exact=True, **{**self.point, self.parameter: theta})
        except (GameError, TypeError, ValueError, ArithmeticError):
            return None
        if not g.is_exact:
            return None
        eq = backward_induction(g, exact=True, limit=1)[0]
        vals = node_values(g, eq.behaviour, exact=True)
        i = g.node_player(x)
        return [Fraction(vals[c][i]) for c in g.children(x)]

    def exact_tie(self, theta: Fraction, x: int, a: int, b: int) -> Fraction | None:
        """``theta`` if actions ``a`` and ``b`` are both best, exactly, at node ``x`` there; else None."""
        v = self.exact_values(theta, x)
        if v is None or v[a] != v[b] or v[a] != max(v):
            return None
        return theta

    def spe_at(self, theta: float) -> Any:
        """Every pure SPE (floats, ties within the tree's tolerance) at one value."""
        return backward_induction(self.model.tree(**{**self.point, self.parameter: float(theta)}))


def _brackets(ev: _Tree, label: str, lo: float, hi: float, depth: int = 0) -> list[tuple[float, float, int, int]]:
    """Sub-intervals of ``[lo, hi]`` in each of which the move at ``label`` switches once, as
    ``(lo, hi, action before, action after)``: a finer grid, refined twice where it sees several."""
    fine = np.linspace(lo, hi, FINE)
    acts = ev.solve(fine).actions[label]
    changes = np.flatnonzero(acts[1:] != acts[:-1])
    out: list[tuple[float, float, int, int]] = []
    for k in changes:
        if len(changes) > 1 and depth < 2:
            out += _brackets(ev, label, float(fine[k]), float(fine[k + 1]), depth + 1)
        else:
            out.append((float(fine[k]), float(fine[k + 1]), int(acts[k]), int(acts[k + 1])))
    return out


def _locate(ev: _Tree, x: int, a: int, b: int, lo: float, hi: float) -> tuple[float, Fraction | None, str]:
    """Where the mover at node ``x`` switches from action ``a`` (at ``lo``) to ``b`` (at ``hi``)."""
    from scipy.optimize import brentq

    pts = lo + (hi - lo) * np.array([0.0, 1 / 3, 2 / 3, 1.0])
    g = ev.gap(pts, x, a, b)
    scale = max(1.0, float(np.max(np.abs(g))))
    affine = (abs(g[1] - (2 * g[0] + g[3]) / 3) <= 1e-12 * scale and abs(g[2] - (g[0] + 2 * g[3]) / 3)
              <= 1e-12 * scale)
    if affine and g[0] != g[3]:
        qa, qb = to_fraction(lo), to_fraction(hi)
        va, vb = ev.exact_values(qa, x), ev.exact_values(qb, x)
        if va is not None and vb is not None and (vb[b] - vb[a]) != (va[b] - va[a]):
            ga, gb = va[b] - va[a], vb[b] - vb[a]
            star = qa - ga * (qb - qa) / (gb - ga)
            if qa <= star <= qb and ev.exact_tie(star, x, a, b) is not None:
                return float(star), star, "closed form"
    if g[0] >= 0:
        root = lo
    elif g[3] <= 0:
        root = hi
    else:
        root = float(brentq(lambda t: float(ev.gap([t], x, a, b)[0]), lo, hi,
                            xtol=XTOL * max(1.0, abs(lo), abs(hi)), rtol=4 * np.finfo(float).eps))
    frac = Fraction(root).limit_denominator(MAX_DENOMINATOR)
    if abs(float(frac) - root) <= 1e-9 * max(1.0, abs(root)) and ev.exact_tie(frac, x, a, b) is not None:
        return float(frac), frac, "root-finding"
    return root, None, "root-finding"


def _check_request(model: Any, parameter: str, values: Any, n: int,
                   fixed: Mapping[str, float] | None) -> tuple[np.ndarray, dict[str, float]]:
    from bargain.model.extensive import ExtensiveModel

    if not isinstance(model, ExtensiveModel):
        raise GameError(f"subgame-perfect thresholds need a game tree (an ExtensiveModel), got {type(model).__name__}"
                        "; use concept='nash' for the thresholds of its Nash equilibria")
    tree = model.reference_tree
    if not tree.has_perfect_information:
        h = next(h for h in tree.infosets if len(h.nodes) > 1)
        raise GameError(f"subgame-perfect thresholds need perfect information, but information set {h.label!r} of "
                        f"{model.name!r} has {len(h.nodes)} nodes (its subgames may have mixed equilibria); use "
                        "concept='nash' for the thresholds of the reduced normal form's Nash equilibria")
    prm = model.parameter(parameter)
    fixed = dict(fixed or {})
    if parameter in fixed:
        raise GameError(f"parameter {parameter!r} is both varied and fixed; drop it from fixed")
    xs = grid_values(model, parameter, n) if values is None else np.unique(np.asarray(values, dtype=float).ravel())
    if xs.size < 2:
        raise GameError(f"thresholds need at least 2 values of {parameter!r}, got {xs.size}")
    prm.check(xs)
    point = {k: float(v) for k, v in model.validate(**fixed).items() if k != parameter}
    return xs, point


def spe_thresholds(model: Any, parameter: str, values: Any = None, *, n: int = 201,
                   fixed: Mapping[str, float] | None = None) -> Thresholds:
    """Every value of ``parameter`` at which the subgame-perfect equilibrium of a tree model changes.

    Parameters
    ----------
    model : ExtensiveModel
        A parametric game tree with perfect information.
    parameter : str
        The parameter to move.
    values : array_like, optional
        The grid that brackets the switches (default ``n`` points across the parameter's bounds).
    n : int, default 201
        Grid points when ``values`` is not given.
    fixed : mapping of str to float, optional
        Values of the other parameters (the rest take their defaults).

    Returns
    -------
    Thresholds
        One :class:`~bargain.analysis.threshold_events.Event` per value at which some mover's
        subgame-perfect move switches: ``why`` names each switch (player, node, from, to, on or off
        the path), ``disappears``/``appears`` the paths that end and begin there (or, for a switch
        off the path, the moves), ``before``/``after`` every SPE path just below and above;
        ``crossings`` holds the :class:`Switch` objects; ``notes`` names stretches with ties.

    Raises
    ------
    GameError
        For a model that is not a perfect-information tree, an unknown parameter, values outside its
        bounds, or a parameter both varied and fixed.

    References
    ----------
    Kuhn, H. W. (1953). "Extensive games and the problem of information", *Contributions to the
    Theory of Games* II, 193-216.
    Selten, R. (1965). "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
    *Zeitschrift für die gesamte Staatswissenschaft* 121, 301-324.
    Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, Prentice-Hall, ch. 4.
    """
    xs, point = _check_request(model, parameter, values, n, fixed)
    ev = _Tree(model, parameter, point)
    tree = ev.tree
    grid = ev.solve(xs)
    switches: list[Switch] = []
    for h in tree.infosets:
        acts = grid.actions[h.label]
        x = h.nodes[0]
        for k in np.flatnonzero(acts[1:] != acts[:-1]):
            for lo, hi, a, b in _brackets(ev, h.label, float(xs[k]), float(xs[k + 1])):
                value, exact, how = _locate(ev, x, a, b, lo, hi)
                switches.append(Switch(parameter, value, exact, tree.players[h.player], tree.node_name(x), h.label,
                                       h.actions[a], h.actions[b], how, (float(xs[k]), float(xs[k + 1]))))
    events, dropped = _events(ev, switches, float(xs[0]), float(xs[-1]))
    return Thresholds(model=model.name, parameter=parameter, fixed=dict(point), items=events,
                      crossings=list(switches), dropped=dropped, notes=_tie_notes(ev, grid, xs), grid=xs,
                      concept="subgame-perfect")


def _events(ev: _Tree, switches: Sequence[Switch], low: float, high: float) -> tuple[list[Event], list[str]]:
    """Switches merged by value into events, each checked by solving the tree just below and above."""
    groups = cluster_crossings(switches)
    values = [crossing_value(g) for g in groups]
    floats = np.array([v for v, _ in values])
    span = max(high - low, 1e-300)
    events: list[Event] = []
    dropped: list[str] = []
    name = ev.parameter
    for k, (group, (v, exact)) in enumerate(zip(groups, values, strict=True)):
        gaps = np.abs(np.delete(floats, k) - v)
        delta = min(PROBE * span, 0.25 * float(gaps[gaps > 0].min())) if np.any(gaps > 0) else PROBE * span
        shown = format_number(exact) if exact is not None else f"{v:.12g}"
        if v - delta < low or v + delta > high:
            dropped.append(f"{name} = {shown} is an end of the range: the subgame-perfect move changes only at that "
                           "point, not on a side of it")
            continue
        moves = ev.solve([v - delta, v + delta]).actions
        below, above = ev.spe_at(v - delta), ev.spe_at(v + delta)
        real = []
        for s in group:
            h = ev.tree.infoset(s.infoset)
            if moves[s.infoset][0] != moves[s.infoset][1]:
                s.before, s.after = h.actions[int(moves[s.infoset][0])], h.actions[int(moves[s.infoset][1])]
                reached = {st.node for eq in (*below, *above) for st in eq.path}
                s.on_path = s.node in reached
                real.append(s)
        if not real:
            dropped.append(f"{name} = {shown}: the same subgame-perfect moves on both sides (a degenerate point)")
            continue
        real.sort(key=lambda s: -ev.tree.find_node(s.node))      # the deepest first: causes before effects
        before = tuple(sorted({spe_label(e) for e in below}))      # paths; SPE that differ off the path share one
        after = tuple(sorted({spe_label(e) for e in above}))
        gone = tuple(p for p in before if p not in after)
        new = tuple(p for p in after if p not in before)
        if not gone and not new:               # the path stays: the switches are off it
            gone = tuple(f"{s.player}@{s.node}:{s.before}" for s in real)
            new = tuple(f"{s.player}@{s.node}:{s.after}" for s in real)
        how = "closed form" if exact is not None and any(s.method == "closed form" for s in group) else \
            "root-finding"
        why = tuple(dict.fromkeys(s.binding for s in real))
        events.append(Event(parameter=name, value=v, exact=exact, disappears=gone, appears=new, why=why, method=how,
                            before=before, after=after, bracket=real[0].bracket, crossings=list(group)))
    return events, dropped


def _tie_notes(ev: _Tree, grid: BatchBackwardInduction, xs: np.ndarray) -> list[str]:
    """One note per stretch of two or more grid points on which a mover is indifferent (several SPE)."""
    notes = []
    for h in ev.tree.infosets:
        tied = grid.tied[h.label]
        k = 0
        while k < len(xs):
            if not tied[k]:
                k += 1
                continue
            j = k
            while j + 1 < len(xs) and tied[j + 1]:
                j += 1
            if j > k:
                mid = 0.5 * (xs[k] + xs[j])
                acts = sorted({eq.behaviour.action(h.label) for eq in ev.spe_at(mid)})
                x = h.nodes[0]
                notes.append(f"{ev.tree.players[h.player]} at {ev.tree.node_name(x)} is indifferent between "
                             f"{' and '.join(acts)} for {ev.parameter} in [{xs[k]:.6g}, {xs[j]:.6g}] (grid points): "
                             "several subgame-perfect equilibria there")
            k = j + 1
    return notes


#: The equilibrium concepts :func:`bargain.analysis.thresholds.thresholds` follows.
CONCEPTS = ("auto", "nash", "subgame-perfect", "spe")


def choose_concept(model: Any, concept: str = "auto") -> tuple[str, str | None]:
    """The equilibrium concept :func:`bargain.analysis.thresholds.thresholds` follows for ``model``,
    and a note when ``"auto"`` falls back to Nash on a tree.

    Parameters
    ----------
    model : Model
        The parametric game.
    concept : str, default 'auto'
        One of :data:`CONCEPTS`.

    Returns
    -------
    tuple
        ``("subgame-perfect" or "nash", note or None)``.

    Raises
    ------
    GameError
        For an unknown concept.

    References
    ----------
    Selten, R. (1965). "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
    *Zeitschrift für die gesamte Staatswissenschaft* 121, 301-324 (subgame perfection).
    """
    from bargain.model.extensive import ExtensiveModel

    if concept not in CONCEPTS:

        raise GameError(f"unknown equilibrium concept {concept!r}{did_you_mean(str(concept), CONCEPTS)}; "
                        f"choose from {list(CONCEPTS)}")
    if concept in ("subgame-perfect", "spe"):
        return "subgame-perfect", None
    if concept == "nash" or not isinstance(model, ExtensiveModel):
        return "nash", None
    if model.reference_tree.has_perfect_information:
        return "subgame-perfect", None
    return "nash", (f"{model.name!r} is a tree with imperfect information, whose subgames may have mixed "
                    "equilibria: these are thresholds of the Nash equilibria of its reduced normal form, not of "
                    "its subgame-perfect equilibria")
