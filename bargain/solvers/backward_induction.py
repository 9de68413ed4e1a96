"""Backward induction: every pure subgame-perfect equilibrium of a perfect-information tree.

In a finite game of perfect information (chance moves allowed) a pure behaviour profile is
subgame perfect iff at every decision node the mover picks an action that maximises their
continuation value, given the equilibrium continuation in every subtree (Kuhn 1953; Zermelo
1913; Osborne and Rubinstein 1994, ch. 6).  With ties there are several such profiles,
and a tie low in the tree can change what the players above prefer, so the set is not a simple
product of the optimal actions at each node.

This module enumerates them all.  Working from the leaves up, each node keeps its subtree's SPE
grouped by the value vector they give (a node's SPE are the combinations of its children's SPE
together with, at a decision node, a maximising action given the children's values); the
number of SPE is counted exactly with integers even when only the first ``limit`` are listed.
Without ties each node has one group with one entry and the work is linear in the number of
nodes.  Every profile returned is verified by the one-shot deviation check of
:func:`~bargain.solvers.spe_result.verify_subgame_perfect`.

Mixtures over tied actions can also be subgame perfect; they are not listed (the pure SPE are
the vertices from which such mixtures are formed, node by node).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.extensive.nodes import CHANCE, TERMINAL, paused_gc
from bargain.solvers.spe_result import SubgamePerfectEquilibria, make_spe

__all__ = ["DEFAULT_LIMIT", "MAX_COMBINATIONS", "BatchBackwardInduction", "backward_induction",
           "backward_induction_batch"]

#: How many SPE are listed by default (all are counted).
DEFAULT_LIMIT = 1000
#: Largest number of combinations of child value groups examined at one node.
MAX_COMBINATIONS = 1_000_000


class _Group:
    """SPE of one subtree that share a value vector: how many, and (up to a limit) which."""

    __slots__ = ("count", "entries", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.count = 0
        # entry: (action index or -1, tuple of (group index, entry index) per child)
        self.entries: list[tuple[int, tuple[tuple[int, int], ...]]] = []


def backward_induction(tree: ExtensiveGame, *, exact: bool | None = None, tol: float | None = None,
                       limit: int = DEFAULT_LIMIT) -> SubgamePerfectEquilibria:
    """All pure subgame-perfect equilibria of a perfect-information tree.

    ``exact=None`` uses exact rational arithmetic when the tree is exact; with floats, actions
    within ``tol`` (default ``tree.tolerance``) of the best are ties.  At most ``limit`` SPE are
    listed (``result.count`` is the exact total; ``result.complete`` says whether all are listed).
    Raises :class:`GameError` for a tree with imperfect information (use
    :func:`bargain.solvers.spe.subgame_perfect_equilibria`).
    """
    if not isinstance(tree, ExtensiveGame):
        raise GameError(f"backward_induction() needs a bargain.ExtensiveGame, got {type(tree).__name__}")
    if not tree.has_perfect_information:
        h = next(h for h in tree.infosets if len(h.nodes) > 1)
        raise GameError(f"backward induction needs perfect information, but information set {h.label!r} has "
                        f"{len(h.nodes)} nodes; use bargain.subgame_perfect_equilibria(tree), which solves "
                        "subgames with imperfect information by their normal forms")
    if int(limit) < 1:
        raise GameError(f"limit must be at least 1, got {limit}")
    use_exact = tree.is_exact if exact is None else bool(exact)
    if use_exact and not tree.is_exact:
        raise GameError("exact=True needs an exact tree (int or Fraction payoffs and probabilities)")
    t = 0 if use_exact else (tree.tolerance if tol is None else float(tol))
    with paused_gc():
        return _backward_induction(tree, use_exact, t, int(limit))


def _backward_induction(tree: ExtensiveGame, use_exact: bool, t: Any, limit: int) -> SubgamePerfectEquilibria:
    groups = _solve(tree, use_exact, t, limit)
    total = sum(g.count for g in groups[0])
    method = "backward-induction"
    eqs = []
    for gi, g in enumerate(groups[0]):
        for ei in range(len(g.entries)):
            if len(eqs) >= limit:
                break
            actions = _reconstruct(tree, groups, gi, ei)
            b = BehaviourProfile.pure(tree, [actions[h.nodes[0]] for h in tree.infosets])
            eqs.append(make_spe(tree, b, method, exact=use_exact, tol=None if use_exact else t))
    notes = ["pure-strategy SPE; with ties, mixtures over tied actions may also be subgame perfect"] \
        if total > 1 else []
    return SubgamePerfectEquilibria(tree, eqs, method, complete=len(eqs) == total, notes=notes, count=total)


def _solve(tree: ExtensiveGame, exact: bool, tol: Any, limit: int) -> list[list[_Group]]:
    """Value groups of every node, from the leaves up."""
    pay = tree.exact_leaf_payoffs if exact else tree.leaf_payoffs
    rows = [tuple(r) for r in (pay.tolist() if not exact else pay)]
    leaf_of = {int(z): k for k, z in enumerate(tree.leaves)}
    kind, player = tree._kind, tree._player
    groups: list[list[_Group]] = [[] for _ in range(tree.num_nodes)]
    for x in range(tree.num_nodes - 1, -1, -1):
        if kind[x] == TERMINAL:
            g = _Group(rows[leaf_of[x]])
            g.count = 1
            g.entries.append((-1, ()))
            groups[x] = [g]
            continue
        kids = tree.children(x)
        kid_groups = [groups[c] for c in kids]
        n_comb = 1
        for k in kid_groups:
            n_comb *= len(k)
        if n_comb > MAX_COMBINATIONS:
            raise GameError(f"node {tree.node_name(x)!r}: {n_comb} combinations of continuation values (limit "
                            f"{MAX_COMBINATIONS}); the tree has too many ties to enumerate its SPE")
        out: dict[Any, _Group] = {}
        if kind[x] == CHANCE:
            probs = tree.chance_probabilities(x, exact=exact)
        else:
            i = int(player[x])
        for combo in itertools.product(*(range(len(k)) for k in kid_groups)):
            chosen = [kg[c] for kg, c in zip(kid_groups, combo, strict=True)]
            mult = 1
            for g in chosen:
                mult *= g.count
            if kind[x] == CHANCE:
                value = tuple(sum(p * g.value[k] for p, g in zip(probs, chosen, strict=True))
                              for k in range(tree.n_players))
                options = [(-1, value)]
            else:
                best = max(g.value[i] for g in chosen)
                options = [(a, g.value) for a, g in enumerate(chosen) if g.value[i] >= best - tol]
            for a, value in options:
                grp = out.get(value)
                if grp is None:
                    grp = out[value] = _Group(value)
                grp.count += mult
                room = limit - len(grp.entries)
                if room > 0:
                    refs = itertools.product(*([(c, e) for e in range(len(g.entries))]
                                               for c, g in zip(combo, chosen, strict=True)))
                    for ref in itertools.islice(refs, room):
                        grp.entries.append((a, ref))
        groups[x] = list(out.values())
    return groups


def _reconstruct(tree: ExtensiveGame, groups: list[list[_Group]], gi: int, ei: int) -> dict[int, int]:
    """The action at every decision node in entry ``ei`` of the root's group ``gi``."""
    actions: dict[int, int] = {}
    stack = [(0, gi, ei)]
    while stack:
        x, g, e = stack.pop()
        a, refs = groups[x][g].entries[e]
        if a >= 0:
            actions[x] = a
        for c, (cg, ce) in zip(tree.children(x), refs, strict=True):
            if tree._kind[c] != TERMINAL:
                stack.append((c, cg, ce))
    return actions


@dataclass(frozen=True)
class BatchBackwardInduction:
    """Backward induction over a batch of parameter values of a perfect-information tree model.

    ``actions[label]`` is an int array (batch shape) of the action index taken at that
    information set; ``payoffs`` has shape ``batch_shape + (n_players,)``; ``ties`` is True where
    some mover was indifferent (within the tolerance) between optimal actions, so the SPE listed
    (first optimal action) is one of several there; :func:`backward_induction` at that point lists
    them all.  ``tied[label]`` is that flag for one information set.  With ``node_values=True``,
    ``values[x]`` is the subgame-perfect payoff vector of the subtree at node ``x``
    (``batch_shape + (n_players,)``): what a mover compares across their actions.
    """

    tree: ExtensiveGame
    actions: dict[str, np.ndarray]
    payoffs: np.ndarray
    ties: np.ndarray
    tied: dict[str, np.ndarray] = field(default_factory=dict)
    values: dict[int, np.ndarray] | None = None

    def action(self, infoset: str) -> np.ndarray:
        """The action labels taken at ``infoset`` across the batch (a string array)."""
        h = self.tree.infoset(infoset)
        return np.asarray(h.actions, dtype=object)[self.actions[h.label]]


def backward_induction_batch(model: Any, *, tol: float = 1e-9, node_values: bool = False,
                             **values: Any) -> BatchBackwardInduction:
    """The (first) pure SPE of a perfect-information tree model at a whole batch of parameter values.

    Vectorised over the batch: one pass from the leaves up over the reference tree's nodes, each
    an array operation over every parameter point (the loop is over nodes, never over values).
    ``tol`` is relative to the range of each point's leaf payoffs.  Points with ties are flagged.
    ``node_values=True`` keeps every node's subgame-perfect value (``result.values``).
    """
    from bargain.model.extensive import ExtensiveModel

    if not isinstance(model, ExtensiveModel):
        raise GameError(f"backward_induction_batch() needs a tree model (bargain.model.extensive.ExtensiveModel), "
                        f"got {type(model).__name__}; for one tree use backward_induction(tree)")
    tree = model.reference_tree
    if not tree.has_perfect_information:
        raise GameError("backward_induction_batch() needs a perfect-information tree")
    u, chance = model.leaf_values(**values)
    batch = u.shape[:-2]
    span = np.ptp(u, axis=(-2, -1)) if u.shape[-2] else np.zeros(batch)
    t = tol * np.where(span > 0, span, 1.0)
    leaf_of = {int(z): k for k, z in enumerate(tree.leaves)}
    chance_of = {c: k for k, c in enumerate(tree.chance_nodes)}
    vals: dict[int, np.ndarray] = {}
    actions: dict[str, np.ndarray] = {}
    ties = np.zeros(batch, dtype=bool)
    tied: dict[str, np.ndarray] = {}
    with paused_gc():
        for x in range(tree.num_nodes - 1, -1, -1):
            kind = tree.node_kind(x)
            if kind == "terminal":
                vals[x] = u[..., leaf_of[x], :]
                continue
            kids = np.stack([vals[c] if node_values else vals.pop(c) for c in tree.children(x)], axis=-2)
            if kind == "chance":
                vals[x] = np.einsum("...k,...kn->...n", chance[chance_of[x]], kids)
                continue
            i = tree.node_player(x)
            mine = kids[..., i]
            pick = np.argmax(mine, axis=-1)
            best = np.take_along_axis(mine, pick[..., None], axis=-1)
            h = tree.node_infoset(x)
            tied[h.label] = np.count_nonzero(mine >= best - t[..., None], axis=-1) > 1
            ties |= tied[h.label]
            actions[h.label] = pick
            vals[x] = np.take_along_axis(kids, pick[..., None, None], axis=-2)[..., 0, :]
    order = [h.label for h in tree.infosets]
    return BatchBackwardInduction(tree, {k: actions[k] for k in order}, vals[0], ties, {k: tied[k] for k in order},
                                  vals if node_values else None)
