"""Conditional dominance on a game tree: actions no equilibrium with a given behaviour support plays.

Support enumeration skips every support in which some player uses an action that is *conditionally
dominated* given the others' supports (Porter, Nudelman and Shoham 2008, sec. 3).  Two tests, both
sound when every chance probability is positive (a set the support reaches is then reached with
positive probability):

* :func:`dominated_actions`, during the search, while some sets are undecided: action ``a`` at set
  ``h`` is dropped when another action ``b`` earns more at every node of ``h`` whatever happens next
  (bounds from one backward pass: others on their decided support actions, anything elsewhere);
  the search runs it only at sets where the pointwise test below cannot run (it costs more than it
  saves where the complete support is tested pointwise anyway);
* :func:`undominated`, on a complete support: the same bound test, and then the pointwise one.  A
  player's gain from moving the weight of ``a`` at ``h`` to ``b`` is a multilinear function of the
  behaviour at every set (a sum over the leaves below ``h``), so on the product of the support
  simplices it is positive everywhere as soon as it is non-negative at every pure choice of support
  actions and positive at one: a mixed behaviour with exactly that support puts positive weight on
  every pure choice.  At sets the support does not reach (met only after the deviation) the worst
  action for the deviator is taken.  Weak dominance suffices here, as in the normal-form support
  enumeration (:mod:`bargain.solvers.polynomial.support`), and it removes the many degenerate
  supports of trees with payoff ties whose indifference systems have positive-dimensional solution
  sets and no solution in the support's interior.

The pointwise test enumerates pure choices at the sets on paths through ``h`` and is skipped (the
support kept) where there are more than :data:`MAX_CHOICES` of them.

References
----------
Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games Econ. Behav.* 63, sec. 3.  Myerson, R. B. (1991). *Game Theory*, sec. 2.5
(dominance with every opponent strategy used).
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

from bargain.model.extensive.nodes import DECISION
from bargain.solvers.sequence_form.sequences import SequenceForm

__all__ = ["MAX_CHOICES", "dominated_actions", "leaf_values", "pointwise_ready", "reached_nodes", "undominated"]

#: Largest number of pure choices (at the sets on paths through a set) the pointwise test enumerates.
MAX_CHOICES = 4096

Support = tuple[tuple[int, ...], ...]


def _bounds(sf: SequenceForm, choice: dict[int, tuple[int, ...]], i: int) -> tuple[np.ndarray, np.ndarray]:
    """Per node, the least and the largest payoff of player ``i`` below it when the other players use
    their decided support actions (any action at undecided sets) and ``i`` any action: one backward
    pass over the tree, a level at a time."""
    lay = _paths(sf)
    tree = sf.game
    setmask = np.ones((len(tree.infosets), lay.kids.shape[1]), dtype=bool)
    for h, acts in choice.items():
        if tree.infosets[h].player != i:
            setmask[h] = False
            setmask[h, list(acts)] = True
    allowed = lay.valid.copy()
    other = lay.decision & (lay.owner != i)
    allowed[other] &= setmask[lay.infoset[other]]
    pay = lay.payoff[:, i]
    lo, hi = pay.copy(), pay.copy()
    kids = np.maximum(lay.kids, 0)
    for nodes in lay.levels:
        ok = allowed[nodes]
        lo[nodes] = np.where(ok, lo[kids[nodes]], np.inf).min(axis=1)
        hi[nodes] = np.where(ok, hi[kids[nodes]], -np.inf).max(axis=1)
    return lo, hi


def _worse(sf: SequenceForm, lo: np.ndarray, hi: np.ndarray, h: int, actions: tuple[int, ...] | range
           ) -> bool | set[int]:
    """The actions among ``actions`` at set ``h`` that some other action beats at every node of ``h``."""
    tree = sf.game
    tol = tree.tolerance
    nodes = tree.infosets[h].nodes
    k = tree.infosets[h].num_actions
    out = set()
    for a in actions:
        for b in range(k):
            if b != a and all(hi[tree.children(x)[a]] < lo[tree.children(x)[b]] - tol for x in nodes):
                out.add(a)
                break
    return out


def dominated_actions(sf: SequenceForm, choice: dict[int, tuple[int, ...]], h: int) -> set[int]:
    """Actions at set ``h`` that no equilibrium reaching ``h`` plays, given the supports decided so far.

    Action ``a`` is dropped when some action ``b`` does better at every node ``x`` of ``h`` whatever
    happens next: the best payoff of ``h``'s owner below ``x a`` is below the worst below ``x b``,
    where the other players use their decided support actions (any action at undecided sets) and
    the owner any action.  A support that plays ``a`` at a reached ``h`` then gives the owner a
    strictly profitable deviation (every chance probability positive, so ``h`` is reached with
    positive probability).  The bounds are one backward pass over the tree.

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    choice : dict
        The support actions of the sets decided so far.
    h : int
        An information set.

    Returns
    -------
    set of int
        The dominated actions of ``h``.

    References
    ----------
    Porter, Nudelman and Shoham (2008), GEB 63, sec. 3 (conditional dominance, here on the tree).
    """
    lo, hi = _bounds(sf, choice, sf.game.infosets[h].player)
    return _worse(sf, lo, hi, h, range(sf.game.infosets[h].num_actions))


class _Paths:
    """Per tree: every leaf's ``(set, action)`` steps, the leaves below each set's actions, each
    player's ``w(z) u(z)`` per leaf (integers over one denominator when that is exact in floats), and
    node arrays: padded children, levels (deepest first) and each node's steps as an incidence row."""

    def __init__(self, sf: SequenceForm) -> None:
        tree = sf.game
        parent, edge, kind, infoset = tree._parent, tree._edge, tree._kind, tree._infoset
        self.steps: list[dict[int, int]] = []
        self.below: list[list[list[int]]] = [[[] for _ in range(h.num_actions)] for h in tree.infosets]
        for z, leaf in enumerate(tree.leaves):
            path: dict[int, int] = {}
            cur = int(leaf)
            while cur > 0:
                par = int(parent[cur])
                if kind[par] == DECISION:
                    path[int(infoset[par])] = int(edge[cur])
                cur = par
            self.steps.append(path)
            for h, a in path.items():
                self.below[h][a].append(z)
        values = leaf_values(sf)
        self.exact = values is not None and all(sum(abs(v) for v in nums) < 2 ** 52 for nums, _ in values)
        if values is not None and self.exact:
            self.coef: list[np.ndarray] = [np.array(nums, dtype=float) for nums, _ in values]
        else:
            self.coef = [sf.leaf_weight * np.asarray(tree.leaf_payoffs, dtype=float)[:, i]
                         for i in range(tree.n_players)]
        self.tol = 0.0 if self.exact else tree.tolerance
        # node arrays for the bound pass and for reachability
        n = tree.num_nodes
        width = max((len(tree.children(x)) for x in range(n)), default=0)
        self.kids = np.full((n, max(width, 1)), -1, dtype=np.int64)
        for x in range(n):
            ch = tree.children(x)
            self.kids[x, :len(ch)] = ch
        self.valid = self.kids >= 0
        self.decision = np.asarray(kind) == DECISION
        self.owner = np.asarray(tree._player)
        self.infoset = np.asarray(infoset)
        self.payoff = np.zeros((n, tree.n_players))
        self.payoff[tree.leaves] = np.asarray(tree.leaf_payoffs, dtype=float)
        depth = np.zeros(n, dtype=np.int64)
        for x in range(1, n):
            depth[x] = depth[int(parent[x])] + 1
        inner = np.flatnonzero(self.valid[:, 0])
        self.levels = [inner[depth[inner] == d] for d in range(int(depth.max(initial=0)), -1, -1)]
        self.levels = [lv for lv in self.levels if lv.size]
        # each node's (set, action) steps as columns of one incidence matrix
        self.first = np.concatenate([[0], np.cumsum([h.num_actions for h in tree.infosets])]).astype(np.int64)
        self.steps_of_node = np.zeros((n, int(self.first[-1])), dtype=np.int32)
        for x in range(1, n):
            par = int(parent[x])
            self.steps_of_node[x] = self.steps_of_node[par]
            if kind[par] == DECISION:
                self.steps_of_node[x, self.first[int(infoset[par])] + int(edge[x])] = 1


def reached_nodes(sf: SequenceForm, choice: dict[int, tuple[int, ...]]) -> tuple[np.ndarray, list[int]]:
    """Nodes reachable from the root through chance moves and the actions in ``choice``, and the
    information sets with a reached node that ``choice`` has not decided yet (the frontier).

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    choice : dict
        The support actions of the sets decided so far.

    Returns
    -------
    (numpy.ndarray, list of int)
        The mask of reached nodes and the sorted frontier sets.
    """
    lay = _paths(sf)
    blocked = np.ones(lay.steps_of_node.shape[1], dtype=np.int32)
    undecided = np.ones(len(lay.below), dtype=bool)
    for h, acts in choice.items():
        blocked[lay.first[h] + np.asarray(acts, dtype=np.int64)] = 0
        undecided[h] = False
    reached = lay.steps_of_node @ blocked == 0
    open_sets = np.unique(lay.infoset[reached & lay.decision])
    return reached, open_sets[undecided[open_sets]].tolist()


@functools.lru_cache(maxsize=8)
def leaf_values(sf: SequenceForm) -> tuple[tuple[list[int], int], ...] | None:
    """Per player, ``w(z) u(z)`` (chance weight times payoff) at every leaf as integer numerators over
    one denominator, or None when the tree is not exact.

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.

    Returns
    -------
    tuple of (list of int, int), or None
        ``(numerators, denominator)`` per player.
    """
    tree = sf.game
    if sf.exact_leaf_weight is None or tree.exact_leaf_payoffs is None:
        return None
    out = []
    for i in range(tree.n_players):
        vals = [w * u[i] for w, u in zip(sf.exact_leaf_weight, tree.exact_leaf_payoffs, strict=True)]
        den = math.lcm(*(v.denominator for v in vals)) if vals else 1     # ints have a denominator too
        out.append(([v.numerator * (den // v.denominator) for v in vals], den))
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _paths(sf: SequenceForm) -> _Paths:
    return _Paths(sf)


@functools.lru_cache(maxsize=256)
def _around(sf: SequenceForm, h: int) -> tuple[tuple[int, ...], np.ndarray | None]:
    """The other sets on paths through ``h`` and, when they have at most :data:`MAX_CHOICES` pure
    choices, the payoff of ``h``'s owner from each action of ``h`` at every one of them: an array
    with one axis per set (its actions) and a last axis for ``h``'s actions (None: too many)."""
    tree = sf.game
    paths = _paths(sf)
    k = tree.infosets[h].num_actions
    leaves = [z for a in range(k) for z in paths.below[h][a]]
    sets = tuple(sorted({g for z in leaves for g in paths.steps[z] if g != h}))
    widths = [tree.infosets[g].num_actions for g in sets]
    if math.prod(widths) > MAX_CHOICES:
        return sets, None
    col = {g: c for c, g in enumerate(sets)}
    need = np.full((len(leaves), len(sets)), -1, dtype=np.int64)
    gain = np.zeros((len(leaves), k))
    coef = paths.coef[tree.infosets[h].player]
    for r, z in enumerate(leaves):
        for g, act in paths.steps[z].items():
            if g == h:
                gain[r, act] = coef[z]
            else:
                need[r, col[g]] = act
    picks = np.array(list(itertools.product(*[range(w) for w in widths])), dtype=np.int64).reshape(
        math.prod(widths), len(sets))
    hit = np.all((picks[:, None, :] == need[None, :, :]) | (need[None, :, :] < 0), axis=2)
    return sets, (hit @ gain).reshape(*widths, k)


def pointwise_ready(sf: SequenceForm, h: int) -> bool:
    """Whether the pointwise test can run at set ``h`` (at most :data:`MAX_CHOICES` choices around it).

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    h : int
        An information set.

    Returns
    -------
    bool
        True when :func:`undominated` tests ``h`` pointwise (then the search need not bound-test it).
    """
    return _around(sf, h)[1] is not None


def _pointwise(sf: SequenceForm, support: Support, h: int, memo: dict | None = None) -> bool | None:
    """Whether some support action at ``h`` is weakly dominated, pointwise over pure choices at the
    other sets on paths through ``h`` (support actions where the support reaches, every action
    elsewhere, worst case for the deviator), by another action of ``h``; None when there are more
    than :data:`MAX_CHOICES` choices to try."""
    sets, table = _around(sf, h)
    if table is None:
        return None
    if memo is not None:       # the test reads only the support at h and at the sets around it
        key = (h, support[h], *(support[g] for g in sets))
        if key not in memo:
            memo[key] = _pointwise(sf, support, h)
        return memo[key]
    value = _gains(sf, h)
    outside = []
    for c, g in enumerate(sets):
        if not support[g]:
            outside.append(c)
        elif len(support[g]) < table.shape[c]:
            value = value.take(support[g], axis=c)
    if outside:                # worst case for the deviator at the sets the support does not reach
        value = value.min(axis=tuple(outside))
    k = table.shape[-1]
    value = value.reshape(-1, k * k)
    tol = _paths(sf).tol
    # gain of b over a (entry a k + b) at every pure choice: never negative and somewhere positive; the
    # k x k verdicts are read in Python (a few entries: cheaper than more array operations)
    lo, hi = value.min(axis=0).tolist(), value.max(axis=0).tolist()
    return any(b != a and lo[a * k + b] >= -tol and hi[a * k + b] > tol for a in support[h] for b in range(k))


@functools.lru_cache(maxsize=256)
def _gains(sf: SequenceForm, h: int) -> np.ndarray:
    """``table[..., a, b]``: the gain of action ``b`` over action ``a`` of set ``h`` at every pure choice
    at the sets around it (:func:`_around`)."""
    table = _around(sf, h)[1]
    return table[..., None, :] - table[..., :, None]


def undominated(sf: SequenceForm, support: Support, memo: dict | None = None) -> bool:
    """Whether no support action at a reached set is dominated given the *whole* support.

    First the bound test of :func:`dominated_actions` again (a set decided early was tested with the
    other players' undecided sets at "any action", now against their support actions only), then the
    pointwise weak-dominance test described in the module docstring.

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form (every chance probability positive).
    support : tuple
        A complete admissible behaviour support.
    memo : dict, optional
        Pointwise verdicts by the support's restriction to the sets each test reads (one enumeration's
        cache: supports that agree around a set share its verdict).

    Returns
    -------
    bool
        False when some support action is conditionally dominated (no equilibrium has this support).

    References
    ----------
    Porter, Nudelman and Shoham (2008), GEB 63, sec. 3.
    """
    tree = sf.game
    choice = {h: acts for h, acts in enumerate(support) if acts}
    rest = []
    for h in choice:
        found = _pointwise(sf, support, h, memo)
        if found:
            return False
        if found is None:
            rest.append(h)
    for i in {tree.infosets[h].player for h in rest}:     # too many choices: the bound test only
        lo, hi = _bounds(sf, choice, i)
        if any(_worse(sf, lo, hi, h, support[h]) for h in rest if tree.infosets[h].player == i):
            return False
    return True
