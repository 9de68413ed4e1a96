"""Subgame-perfect thresholds of a game tree in closed form: where two moves at one node tie.

The subgame-perfect equilibrium of a finite tree of perfect information is found by backward
induction (Kuhn 1953; Selten 1965): each mover takes an action of largest continuation value.  As
one parameter moves, the equilibrium changes where, at some decision node ``x``, the continuation
values of two actions ``a`` and ``b`` of the mover ``i`` cross (the numeric
:func:`~bargain.analysis.tree_thresholds.spe_thresholds`).  With the moves below ``x`` held as
in the equilibrium next to the crossing, every continuation value is a polynomial in the
parameters -- the leaf payoffs times the chance probabilities on the way -- so the *gap*
``v_i(b) - v_i(a)`` is a polynomial and the threshold is its root in the parameter, a formula in
the others.  That holds for a switch off the equilibrium path (a move at a node the equilibrium
never reaches, which changes no outcome but changes the strategy profile) as for one on it.

:func:`spe_switch_formulas` finds the pure strategy profiles that are subgame perfect somewhere on
the line through the point (the batched backward induction on the same grid
:func:`bargain.thresholds` uses, refined inside every grid interval where a move changes), traces
each profile's continuation values in the parameters, solves every gap of two actions at a node
for the parameter (degree one or two) and keeps a root when, there, the profile is subgame perfect
and the two actions tie as best at the node, with the gap changing sign.  The switch is *on the
path* when the node is reached by the equilibrium just below or just above the root, as
:func:`bargain.thresholds` says.

References
----------
Kuhn, H. W. (1953). "Extensive games and the problem of information", *Contributions to the Theory
of Games* II, 193-216.
Selten, R. (1965). "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
*Zeitschrift für die gesamte Staatswissenschaft* 121, 301-324.
Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, MIT Press, ch. 6.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.sweep import grid_values
from bargain.analysis.symbolic.algebra import make_ring, to_ring
from bargain.analysis.symbolic.roots import (
    PointEval,
    ThresholdFormula,
    exact_at,
    exact_value,
    real_roots,
    root_expressions,
)
from bargain.analysis.symbolic.trace import SymbolicGame, rationalize
from bargain.model.extensive import ExtensiveModel
from bargain.model.parameters import Values
from bargain.solvers.backward_induction import backward_induction_batch

__all__ = ["SPE_SUPPORT", "node_values", "spe_switch_formulas", "traced_numbers"]

#: The ``support`` of a subgame-perfect switch's :class:`ThresholdFormula` (it is a move, not a support).
SPE_SUPPORT = "subgame-perfect"
#: Points of the finer grid inside a grid interval where a move changes.
FINE = 17


def spe_switch_formulas(sg: SymbolicGame, wanted: list[str], point: dict[str, float],
                        exact_point: dict[sp.Symbol, sp.Expr], candidates: Any, n: int = 201,
                        tol: float = 1e-9) -> list[ThresholdFormula]:
    """Every subgame-perfect switch of a tree model along the lines through ``point``, in closed form.

    Parameters
    ----------
    sg : SymbolicGame
        The traced game; its model must be a perfect-information :class:`ExtensiveModel` (else the
        result is empty).
    wanted : list of str
        The parameters to move (one at a time).
    point : dict
        Float values of every parameter of ``sg`` (the others' values along each line).
    exact_point : dict
        The same values as sympy rationals, by symbol.
    candidates : sequence
        Trial divisors for readable expressions (:func:`~.algebra.pretty`).
    n : int
        Points of the grid across each parameter's bounds (as :func:`bargain.thresholds`).
    tol : float
        Relative slack of "best" and "tie" at a root.

    Returns
    -------
    list of ThresholdFormula
        ``support`` is :data:`SPE_SUPPORT`; ``binding`` names the switch as
        :func:`bargain.thresholds` does (``"DPRK at Expand: Test -> Freeze (off the path)"``).

    References
    ----------
    Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
    of Games* II, 193-216.
    Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit.
    *Zeitschrift für die gesamte Staatswissenschaft* 121, 301-324.
    """
    model = sg.model
    if not isinstance(model, ExtensiveModel) or not model.reference_tree.has_perfect_information:
        return []
    tree = model.reference_tree
    names = list(sg.symbols)
    leaves, chance = traced_numbers(sg)
    full = {k: float(prm.default) for k, prm in model.parameters.items()}
    full.update(point)
    out: list[ThresholdFormula] = []
    for name in wanted:
        v = names.index(name)
        prm = sg.parameters[name]
        if not (np.isfinite(prm.low) and np.isfinite(prm.high)):
            continue                    # no grid across an unbounded range (nor numeric thresholds)
        for choice in _profiles(model, name, full, n):
            vals = node_values(tree, leaves, chance, choice)
            for x in range(tree.num_nodes):
                if tree.node_kind(x) != "decision":
                    continue
                i = tree.node_player(x)
                kids = tree.children(x)
                for a in range(len(kids)):
                    for b in range(a + 1, len(kids)):
                        gap = vals[kids[b]][i] - vals[kids[a]][i]
                        if gap == 0 or gap.degree(v) == 0:
                            continue
                        for root in real_roots(gap, v, PointEval(names, point)):
                            if not prm.low < root < prm.high:
                                continue
                            ev = PointEval(names, {**point, name: root})
                            slope = ev(gap.diff(gap.ring.gens[v]))
                            if slope == 0 or not _tie_is_best(tree, vals, choice, x, (a, b), ev, tol):
                                continue
                            before, after = (a, b) if slope > 0 else (b, a)
                            h = tree.node_infoset(x)
                            near = _profiles_at(model, name, full, root)
                            where = "on the path" if any(_reached(tree, c, x) for c in near) else "off the path"
                            binding = (f"{tree.players[i]} at {tree.node_name(x)}: {h.actions[before]} -> "
                                       f"{h.actions[after]} ({where})")
                            for expr in root_expressions(gap, v, candidates):
                                exact = exact_at(expr, exact_point, sg.symbols[name])
                                if not (exact.is_number and exact.is_finite and exact.is_real):
                                    continue
                                value = float(exact)
                                if abs(value - root) <= 1e-9 * max(1.0, abs(root)):
                                    out.append(ThresholdFormula(name, expr, value, exact_value(exact),
                                                                SPE_SUPPORT, binding, sg.latex_names))
    return out


def traced_numbers(sg: SymbolicGame) -> tuple[dict[int, list[Any]], dict[int, list[Any]]]:
    """Per leaf (node id) its payoffs and per chance node its probabilities, as ring elements in the
    parameters of ``sg`` (parameters the game holds fixed at their model defaults)."""
    model = sg.model
    tree = model.reference_tree
    R = make_ring(list(sg.symbols.values()))
    p = {k: sg.symbols.get(k, sp.Rational(repr(float(prm.default)))) for k, prm in model.parameters.items()}
    pays, probs = model._tree_numbers(Values(p, ()))      # the numbers the tree function returns, in preorder
    ring = {}

    def elem(e: Any, what: str) -> Any:
        key = sp.sympify(e)
        if key not in ring:
            ring[key] = to_ring(R, rationalize(e), what)
        return ring[key]

    leaves = {int(z): [elem(u, f"a payoff at {tree.node_name(int(z))}") for u in pay]
              for z, pay in zip(tree.leaves, pays, strict=True)}
    chance = {int(c): [elem(q, f"a chance probability at {tree.node_name(int(c))}") for q in qs]
              for c, qs in zip(tree.chance_nodes, probs, strict=True)}
    return leaves, chance


def _profiles(model: ExtensiveModel, name: str, point: dict[str, float], n: int) -> list[dict[str, int]]:
    """The distinct pure SPE (first best action at every information set) on the grid of ``name``,
    refined inside each grid interval where a move changes."""
    tree = model.reference_tree
    xs = grid_values(model, name, n)
    labels = [h.label for h in tree.infosets]

    def solve(values: np.ndarray) -> np.ndarray:
        r = backward_induction_batch(model, **{**point, name: values})
        return np.stack([np.broadcast_to(r.actions[h], values.shape) for h in labels], axis=-1)

    acts = solve(xs)
    change = np.flatnonzero(np.any(acts[1:] != acts[:-1], axis=1))
    if change.size:
        fine = np.concatenate([np.linspace(xs[k], xs[k + 1], FINE) for k in change])
        acts = np.concatenate([acts, solve(fine)])
    return [dict(zip(labels, (int(a) for a in row), strict=True)) for row in np.unique(acts, axis=0)]


def _profiles_at(model: ExtensiveModel, name: str, point: dict[str, float], root: float) -> list[dict[str, int]]:
    """The pure SPE just below and just above ``root`` (where the numeric thresholds name the paths)."""
    tree = model.reference_tree
    d = 1e-7 * max(1.0, abs(root))
    r = backward_induction_batch(model, **{**point, name: np.array([root - d, root + d])})
    return [{h.label: int(r.actions[h.label][k]) for h in tree.infosets} for k in range(2)]


def node_values(tree: Any, leaves: dict[int, list[Any]], chance: dict[int, list[Any]],
                 choice: dict[str, int]) -> list[list[Any]]:
    """Every node's payoff vector (ring elements) when each mover takes ``choice`` at their information set."""
    vals: list[list[Any]] = [[] for _ in range(tree.num_nodes)]
    for x in reversed(range(tree.num_nodes)):          # preorder: children after their parent
        kind = tree.node_kind(x)
        kids = tree.children(x)
        if kind == "terminal":
            vals[x] = leaves[x]
        elif kind == "decision":
            vals[x] = vals[kids[choice[tree.node_infoset(x).label]]]
        else:
            qs = chance[x]
            vals[x] = [sum((q * vals[c][i] for q, c in zip(qs, kids, strict=True)), qs[0].ring.zero)
                       for i in range(tree.n_players)]
    return vals


def _tie_is_best(tree: Any, vals: list[list[Any]], choice: dict[str, int], x: int, pair: tuple[int, int],
                 ev: PointEval, tol: float) -> bool:
    """At the point of ``ev``: the profile is subgame perfect (each chosen action best, to ``tol``) and at
    node ``x`` both actions of ``pair`` are best."""
    for y in range(tree.num_nodes):
        if tree.node_kind(y) != "decision":
            continue
        i = tree.node_player(y)
        v = [ev(vals[c][i]) for c in tree.children(y)]
        slack = tol * max(1.0, max(abs(t) for t in v))
        best = max(v)
        if v[choice[tree.node_infoset(y).label]] < best - slack:
            return False
        if y == x and any(v[k] < best - slack for k in pair):
            return False
    return True


def _reached(tree: Any, choice: dict[str, int], x: int) -> bool:
    """Is node ``x`` reached (whatever the chance probabilities on the way) when every mover follows ``choice``?"""
    node = x
    while (up := tree.parent(node)) is not None:
        if tree.node_kind(up) == "decision" and tree.children(up)[choice[tree.node_infoset(up).label]] != node:
            return False
        node = up
    return True
