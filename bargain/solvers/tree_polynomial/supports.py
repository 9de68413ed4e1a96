"""Behaviour supports of a game tree and the polynomial system of each one.

A *behaviour support* gives every information set ``h`` the set ``S(h)`` of actions played with
positive probability.  Following Gambit's ``enumpoly`` on trees (McKelvey and McLennan 1996, sec.
6; Turocy's implementation in Gambit 16), a support is *admissible* when an information set has
actions exactly when one of its nodes is reachable using support actions only (chance moves are
always taken): an equilibrium's behaviour at sets its own play never reaches does not enter the
equilibrium conditions on the reached part and is chosen afterwards.  :func:`behaviour_supports`
lists the admissible supports by a depth-first search that decides the reached sets one at a
time (the nodes reached grow below each newly decided set only), so each support is produced once
and unreached sets are never branched on; a support with a
conditionally dominated action is skipped (:mod:`.dominance`: during the search, and again,
pointwise, once the support is complete).

On a support every player's realisation plan (von Stengel 1996) is an *affine* function of
``d_i = sum_h (|S(h)| - 1)`` free sequence probabilities: the last support action at a set gets
``x(σ(h)) - sum`` of the others.  Player ``i``'s expected payoff is multilinear in the players'
plans and *linear* in their own, so its partial derivatives with respect to their own free
variables -- ``d_i`` equations, zero at every equilibrium with that support, because the plan is
optimal in the relative interior of a face of the plan polytope -- are multilinear in the other
players' plans.  With ``y_j = (1, v_j)`` homogeneous coordinates of player ``j``'s free variables
these are exactly the multilinear systems of the normal-form support enumeration
(:class:`~bargain.solvers.polynomial.homotopy.MultilinearBatch`): block sizes ``d_j + 1``, ``d_i``
equations of degree one in every other mixing block.  :func:`support_system` builds their
coefficient tensors from the sparse sequence-form payoffs, in time linear in the reached leaves.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6.  von Stengel, B. (1996). Efficient computation of behavior
strategies. *Games Econ. Behav.* 14.  Koller, Megiddo and von Stengel (1996). Efficient
computation of equilibria for extensive two-person games. *Games Econ. Behav.* 14.
"""

from __future__ import annotations

import functools
import itertools
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.linalg.exact import nullspace
from bargain.model.extensive.nodes import CHANCE, DECISION
from bargain.solvers.sequence_form.sequences import SequenceForm
from bargain.solvers.tree_polynomial.dominance import dominated_actions, leaf_values, pointwise_ready, undominated

__all__ = ["BehaviourSupport", "SupportSystem", "behaviour_supports", "count_supports", "dependent", "linear_solution",
           "mixing_players", "support_system"]

#: A behaviour support: for every information set index, the tuple of its support actions (empty
#: where the set is not reached under the support).
BehaviourSupport = tuple[tuple[int, ...], ...]

_LETTERS = "abcdefghijklmnopqrstuvw"


def _nonempty_subsets(k: int) -> list[tuple[int, ...]]:
    """Nonempty subsets of ``range(k)``, largest first (full support first, as Gambit)."""
    return [c for r in range(k, 0, -1) for c in itertools.combinations(range(k), r)]


class SupportBudgetError(Exception):
    """Raised by :func:`behaviour_supports` when it has examined more complete supports than its budget."""


def behaviour_supports(sf: SequenceForm, *, prune: bool = True,
                       admit: Callable[[BehaviourSupport, np.ndarray], bool] | None = None,
                       budget: int | None = None) -> Iterator[tuple[BehaviourSupport, np.ndarray]]:
    """Every admissible behaviour support of the tree, with its reached nodes.

    Parameters
    ----------
    sf : SequenceForm
        The sequence form of a perfect-recall tree.
    prune : bool
        Skip supports with a conditionally dominated action (:mod:`.dominance`; only when every chance
        probability is positive).
    admit : callable, optional
        ``admit(support, reached)``: a cheaper filter tried first on each complete support (e.g. the
        proper subgames', :func:`.subgames.admitted`); supports it rejects are not yielded.
    budget : int, optional
        Most complete supports to examine, admissible or not; past it :class:`SupportBudgetError` is
        raised (pruning can reject nearly all of an exponential number of supports).

    Yields
    ------
    (support, reached)
        ``support[h]`` the support actions of set ``h`` (empty if unreached); ``reached`` a boolean
        mask of the nodes reachable under the support.

    References
    ----------
    Gambit's ``PossibleNashBehaviorSupports`` (support of a set nonempty iff the set is reachable);
    McKelvey and McLennan (1996), sec. 6.
    """
    listed = _ADMISSIBLE.get(sf) if prune else None
    if listed is not None:            # counted before (auto's choice of method): the same supports, in order
        for support, mask in listed:
            if admit is None or admit(support, mask):
                yield support, mask.copy()
        return
    tree = sf.game
    n_sets = len(tree.infosets)
    choice: dict[int, tuple[int, ...]] = {}
    memo: dict = {}
    prune = prune and all(float(p) > 0 for c in tree.chance_nodes for p in tree.chance_probabilities(c))

    kind, infoset = tree._kind, tree._infoset
    kids = [tree.children(x) for x in range(tree.num_nodes)]

    def expand(x: int, reached: bytearray, frontier: set[int]) -> None:
        """Mark the nodes reached from ``x`` (through chance moves and decided support actions) and put
        the undecided sets met into ``frontier``."""
        stack = [x]
        while stack:
            y = stack.pop()
            reached[y] = 1
            if kind[y] == DECISION:
                g = int(infoset[y])
                if g in choice:
                    stack.extend(kids[y][a] for a in choice[g])
                else:
                    frontier.add(g)
            elif kind[y] == CHANCE:
                stack.extend(kids[y])

    examined = 0

    def rec(reached: bytearray, frontier: set[int]) -> Iterator[tuple[BehaviourSupport, np.ndarray]]:
        nonlocal examined
        if not frontier:
            examined += 1
            if budget is not None and examined > budget:
                raise SupportBudgetError(f"more than {budget} supports examined")
            support = tuple(choice.get(h, ()) for h in range(n_sets))
            mask = np.frombuffer(bytes(reached), dtype=np.uint8).astype(bool)
            if (admit is None or admit(support, mask)) and (not prune or undominated(sf, support, memo)):
                yield support, mask
            return
        h = min(frontier)
        # the bound test while the search is under way only where the pointwise test at the end cannot
        # run (too many choices around h): elsewhere that test is cheaper than pruning early
        bad = dominated_actions(sf, choice, h) if prune and not pointwise_ready(sf, h) else set()
        here = [y for y in tree.infosets[h].nodes if reached[y]]
        for acts in _nonempty_subsets(tree.infosets[h].num_actions):
            if bad.intersection(acts):
                continue
            choice[h] = acts
            more, ahead = bytearray(reached), frontier - {h}      # only what lies below h changes
            for y in here:
                for a in acts:
                    expand(kids[y][a], more, ahead)
            yield from rec(more, ahead)
        del choice[h]

    start, first = bytearray(tree.num_nodes), set()
    expand(0, start, first)
    yield from rec(start, first)


#: :func:`count_supports` examines at most this many times ``limit`` supports (admissible or not).
COUNT_BUDGET_FACTOR = 10


def count_supports(sf: SequenceForm, limit: int) -> int | None:
    """The number of admissible supports, or None if it exceeds ``limit`` or if more than
    ``COUNT_BUDGET_FACTOR * limit`` supports had to be examined to count them (counting stops there)."""
    if sf in _ADMISSIBLE:
        count = len(_ADMISSIBLE[sf])
        return count if count <= limit else None
    found = []
    try:
        for support, mask in behaviour_supports(sf, budget=COUNT_BUDGET_FACTOR * limit):
            found.append((support, mask))
            if len(found) > limit:
                return None
    except SupportBudgetError:
        return None
    _ADMISSIBLE[sf] = found           # the solve that usually follows the count enumerates these again
    return len(found)


#: The admissible supports (with their reached nodes) of a sequence form whose count finished, in the
#: order of :func:`behaviour_supports` with pruning and no filter; kept while the tree lives.
_ADMISSIBLE: weakref.WeakKeyDictionary[SequenceForm, list[tuple[BehaviourSupport, np.ndarray]]] = (
    weakref.WeakKeyDictionary())


@dataclass(frozen=True)
class SupportSystem:
    """The polynomial system of one behaviour support.

    Attributes
    ----------
    support : BehaviourSupport
        The support.
    maps : tuple of numpy.ndarray
        ``maps[i]`` has shape ``(#sequences_i, d_i + 1)``: row ``s`` gives sequence ``s``'s
        probability as ``maps[i][s] @ (1, v_i)`` (zero rows for sequences outside the support).
    degrees : tuple of int
        ``d_i``, each player's number of free variables.
    mixing : tuple of int
        The players with ``d_i > 0``.
    coeffs : tuple of numpy.ndarray
        For each mixing player ``i`` (in order), shape ``(d_i, *[d_j + 1 for mixing j != i])``:
        equation ``k`` is ``sum_a coeffs[k, a] prod_j y_j[a_j] = 0`` with ``y_j = (1, v_j)``.
    exact : bool
        Whether ``maps`` and ``coeffs`` hold Fractions.
    fixed : bool
        Whether the behaviour at some reached sets is fixed (:mod:`.reduction`): then the free
        variables are not one per support action but fewer, and only the other sets' equations remain.
    """

    support: BehaviourSupport
    maps: tuple[np.ndarray, ...]
    degrees: tuple[int, ...]
    mixing: tuple[int, ...]
    coeffs: tuple[np.ndarray, ...]
    exact: bool
    fixed: bool = False

    @property
    def sizes(self) -> tuple[int, ...]:
        """Homogeneous block sizes ``d_j + 1`` of the mixing players."""
        return tuple(self.degrees[j] + 1 for j in self.mixing)

    def plans(self, free: dict[int, Any], *, exact: bool | None = None) -> list[np.ndarray]:
        """Every player's realisation plan (support sequences; zero elsewhere) at the free values
        ``free[i]`` of the mixing players (players with ``d_i = 0`` need none); in Fractions when
        ``exact`` (default: as the system), else in floats."""
        exact = self.exact if exact is None else exact
        out = []
        for i, M in enumerate(self.maps):
            y = np.array([1, *free.get(i, ())], dtype=object if exact else float)
            out.append(M @ y if exact else M.astype(float) @ y)
        return out


def _maps(sf: SequenceForm, support: BehaviourSupport, exact: bool, fixed: dict[int, Any] | None = None
          ) -> tuple[list[np.ndarray], list[int]]:
    """Every player's plan as an affine map of its free variables: one per support action but the last
    at each set, none at the sets in ``fixed`` (their sequences get the parent's row times the fixed
    behaviour ``fixed[h][a]``)."""
    fixed = fixed or {}
    maps, degrees = [], []
    for i in range(sf.game.n_players):
        sets = [h for h in sf.player_infosets[i] if support[h]]
        d = sum(len(support[h]) - 1 for h in sets if h not in fixed)
        M = np.zeros((sf.num_sequences[i], d + 1), dtype=object if exact else float)
        if exact:
            M[:] = Fraction(0)
        M[0, 0] = 1
        var = 1
        for h in sets:      # preorder: the parent sequence's row is final before h is met
            first, par, acts = int(sf.infoset_first[h]), int(sf.infoset_parent[h]), support[h]
            if h in fixed:
                for a in acts:
                    M[first + a] = M[par] * fixed[h][a]
                continue
            last = M[par].copy()
            for a in acts[:-1]:
                M[first + a, var] = 1
                last[var] -= 1
                var += 1
            M[first + acts[-1]] = last
        maps.append(M)
        degrees.append(d)
    return maps, degrees


def mixing_players(sf: SequenceForm, support: BehaviourSupport) -> tuple[int, ...]:
    """The players with free variables on ``support`` (two or more support actions at some set): the
    ``mixing`` of :func:`support_system` without building it.

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    support : BehaviourSupport
        A behaviour support.

    Returns
    -------
    tuple of int
        The mixing players, in order.
    """
    return tuple(i for i, sets in enumerate(sf.player_infosets) if any(len(support[h]) > 1 for h in sets))


def support_system(sf: SequenceForm, support: BehaviourSupport, reached: np.ndarray, *,
                   exact: bool = False, fixed: dict[int, Any] | None = None) -> SupportSystem:
    """The plan parametrisation and indifference equations of ``support`` (see the module docstring).

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    support : BehaviourSupport
        An admissible support (from :func:`behaviour_supports`).
    reached : numpy.ndarray
        Its reached-node mask.
    exact : bool
        Build the tensors in Fractions (needs an exact tree).
    fixed : dict, optional
        ``{set: behaviour row}``: reached sets whose behaviour is fixed (Fractions when ``exact``);
        their sequences get no variables, and each player's equations are the derivatives of its
        payoff along the remaining variables (:mod:`.reduction`).

    Returns
    -------
    SupportSystem
        The system.
    """
    tree = sf.game
    maps, degrees = _maps(sf, support, exact, fixed)
    keep = np.flatnonzero(reached[tree.leaves])
    seqs = sf.leaf_sequences[keep]
    if exact:
        w = np.array([sf.exact_leaf_weight[z] for z in keep], dtype=object)
        pay = np.asarray(tree.exact_leaf_payoffs, dtype=object)[keep]
    else:
        w = sf.leaf_weight[keep]
        pay = np.asarray(tree.leaf_payoffs, dtype=float)[keep]
    mixing = tuple(i for i, d in enumerate(degrees) if d > 0)
    if exact and not fixed:
        ints = _integer_weights(sf)
        if all(ints[i] is not None for i in mixing):        # integers over one denominator per player
            return SupportSystem(support, tuple(maps), tuple(degrees), mixing,
                                 _integer_coeffs(sf, support, keep, seqs, mixing, ints), exact)
    G = {j: maps[j][seqs[:, j]] for j in mixing}
    for j in range(tree.n_players):
        if fixed and j not in mixing:       # a constant plan: 1 on the reached leaves unless behaviour is fixed
            w = w * maps[j][seqs[:, j], 0]
    coeffs = []
    for i in mixing:
        others = [j for j in mixing if j != i]
        c = w * pay[:, i]
        coeffs.append(np.einsum(_spec(len(others)), c, G[i][:, 1:], *[G[j] for j in others]))
    return SupportSystem(support, tuple(maps), tuple(degrees), mixing, tuple(coeffs), exact, bool(fixed))


def _spec(n_others: int) -> str:
    """The einsum contracting the leaves: weights, own derivative columns, the other mixers' rows."""
    return "z,zk" + "".join(",z" + _LETTERS[q] for q in range(n_others)) + "->k" + _LETTERS[:n_others]


@functools.lru_cache(maxsize=8)
def _integer_weights(sf: SequenceForm) -> tuple[tuple[np.ndarray, int] | None, ...]:
    """Per player, ``w(z) u(z)`` at every leaf as int64 numerators over one denominator, or None when
    their absolute sum reaches ``2**62`` (then a sum of them times plan entries in ``{-1, 0, 1}`` could
    overflow)."""
    return tuple((np.array(nums, dtype=np.int64), den) if sum(abs(v) for v in nums) < 2 ** 62 else None
                 for nums, den in leaf_values(sf))  # type: ignore[union-attr]


def _integer_coeffs(sf: SequenceForm, support: BehaviourSupport, keep: np.ndarray, seqs: np.ndarray,
                    mixing: tuple[int, ...], ints: tuple[tuple[np.ndarray, int] | None, ...]
                    ) -> tuple[np.ndarray, ...]:
    """The exact coefficient tensors of a support without fixed behaviour: its plan maps hold only 0 and
    +-1, so each tensor is an integer contraction (int64, no overflow: see :func:`_integer_weights`)
    over the player's denominator, turned into Fractions at the end."""
    maps = _maps(sf, support, False)[0]
    G = {j: maps[j][seqs[:, j]].astype(np.int64) for j in mixing}
    out = []
    for i in mixing:
        nums, den = ints[i]  # type: ignore[misc]
        others = [j for j in mixing if j != i]
        r = np.einsum(_spec(len(others)), nums[keep], G[i][:, 1:], *[G[j] for j in others])
        out.append(np.array([Fraction(int(v), den) for v in r.ravel()], dtype=object).reshape(r.shape))
    return tuple(out)


def linear_solution(system: SupportSystem, exact: bool) -> dict[int, list[Any]] | str | None:
    """Two mixing players: each one's equations are linear in the other's ``y = (1, v)``.  Returns the
    unique ``{player: v}``, ``"degenerate"`` (a null space of dimension two or more meeting ``y_0 = 1``),
    or None (no solution)."""
    free: dict[int, list[Any]] = {}
    for q in range(2):
        j = system.mixing[1 - q]
        C = system.coeffs[q]
        basis = nullspace([list(r) for r in C] if exact else np.asarray(C, dtype=float), C.shape[1], exact, tol=1e-10)
        if not basis or all((v[0] == 0) if exact else abs(v[0]) <= 1e-10 for v in basis):
            return None
        if len(basis) > 1:
            return "degenerate"
        v = basis[0]
        free[j] = [x / v[0] for x in v[1:]]
    return free


def dependent(system: SupportSystem) -> bool:
    """Whether some mixing player's equations are linearly dependent as polynomials (then the solution
    set, if not empty, is positive-dimensional: the homotopy cannot list it)."""
    for c in system.coeffs:
        m = np.asarray(c, dtype=float).reshape(c.shape[0], -1)
        scale = float(np.abs(m).max()) if m.size else 0.0
        if scale == 0.0 or np.linalg.matrix_rank(m, tol=1e-10 * scale * max(m.shape)) < m.shape[0]:
            return True
    return False
