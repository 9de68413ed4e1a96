"""Reduced strategies (plans) of a game tree and its reduced normal form.

A player's reduced strategies are *plans*: they name an action only at the information sets the
plan itself does not rule out; payoffs are expected over chance.

References
----------
Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, sec. 6.1 and ch. 11.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.extensive.nodes import CHANCE, MAX_NORMAL_FORM_CELLS, MAX_REDUCED_STRATEGIES
from bargain.model.game import Game

__all__ = ["ReducedForm"]


class ReducedForm:
    """The reduced strategies and reduced normal form of an :class:`~bargain.model.extensive.ExtensiveGame`
    (a mixin: it reads the tree arrays the game builds)."""

    def reduced_strategies(self, player: int | str) -> tuple[dict[int, int], ...]:
        """The player's reduced pure strategies (plans): dicts ``{infoset index: action index}``.

        A plan assigns an action exactly at the information sets it does not itself rule out: an
        information set is assigned when one of its nodes is reached by a path whose earlier
        moves of this player all follow the plan (Osborne and Rubinstein 1994, sec. 6.1).  Plans
        are in lexicographic order of actions (first action first).  A player with no move has
        one empty plan.
        """
        i = self.player_index(player)
        if i not in self._plans:
            self._plans[i] = self._enumerate_plans(i)
        return self._plans[i]

    def _count_plans(self, i: int) -> int:
        """The number of plans of player ``i`` under perfect recall (forest product formula)."""
        own = [h for h in self._infosets if h.player == i]
        parent_key: dict[int, tuple[int, int] | None] = {}
        for h in own:
            hist = self._own_history(h.nodes[0], i)
            parent_key[h.index] = hist[-1] if hist else None
        kids: dict[tuple[int, int] | None, list[int]] = {}
        for h in own:
            kids.setdefault(parent_key[h.index], []).append(h.index)
        count: dict[int, int] = {}
        for h in reversed(own):
            count[h.index] = sum(int(np.prod([count[j] for j in kids.get((h.index, a), [])], dtype=object))
                                 for a in range(h.num_actions))
        return int(np.prod([count[j] for j in kids.get(None, [])], dtype=object))

    def _enumerate_plans(self, i: int) -> tuple[dict[int, int], ...]:
        own_nodes = [x for h in self._infosets if h.player == i for x in h.nodes]
        own_nodes.sort()
        if self.has_perfect_recall:
            total = self._count_plans(i)
        else:
            total = int(np.prod([h.num_actions for h in self._infosets if h.player == i], dtype=object))
        if total > MAX_REDUCED_STRATEGIES:
            raise GameError(f"{self._players[i]} has {total} reduced strategies (limit {MAX_REDUCED_STRATEGIES}): the "
                            "reduced normal form of this tree is too large; use subgame-perfect solving "
                            "(bargain.solvers.spe) or backward induction, which work on the tree")
        prereq = [(x, int(self._infoset[x]), self._own_history(x, i)) for x in own_nodes]
        plans: list[dict[int, int]] = []
        stack: list[dict[int, int]] = [{}]
        while stack:
            assign = stack.pop()
            cand = next((k for _, k, pre in prereq
                         if k not in assign and all(assign.get(j) == a for j, a in pre)), None)
            if cand is None:
                plans.append(assign)
                if len(plans) > MAX_REDUCED_STRATEGIES:
                    raise GameError(f"{self._players[i]} has more than {MAX_REDUCED_STRATEGIES} reduced strategies")
                continue
            for a in range(self._infosets[cand].num_actions - 1, -1, -1):
                stack.append({**assign, cand: a})
        return tuple(plans)

    def plan_label(self, player: int | str, plan: Mapping[int, int]) -> str:
        """A plan as text: the actions at the player's information sets in order, ``*`` where the
        plan rules the set out (``Pass/Take/*``); a single action when the player has one set."""
        i = self.player_index(player)
        own = [h for h in self._infosets if h.player == i]
        if not own:
            return "(no move)"
        parts = [h.actions[plan[h.index]] if h.index in plan else "*" for h in own]
        return "/".join(parts)

    def strategy_labels(self) -> tuple[tuple[str, ...], ...]:
        """The labels of every player's reduced strategies (the reduced normal form's strategy names)."""
        return tuple(tuple(self.plan_label(i, p) for p in self.reduced_strategies(i)) for i in range(self.n_players))

    # ----------------------------------------------------------------- reduced normal form
    def _consistency(self, i: int) -> np.ndarray:
        """``C[s, z]``: whether plan ``s`` of player ``i`` takes every move of ``i`` on the path to leaf ``z``."""
        plans = self.reduced_strategies(i)
        leaf_hist = [self._own_history(int(z), i) for z in self._leaves]
        C = np.zeros((len(plans), len(leaf_hist)), dtype=bool)
        for s, plan in enumerate(plans):
            for z, hist in enumerate(leaf_hist):
                C[s, z] = all(plan.get(k) == a for k, a in hist)
        return C

    def normal_form_map(self) -> np.ndarray:
        """The 0/1 matrix ``M[profile, leaf]``: which leaves a reduced pure profile can reach.

        Profiles are flattened in C order over ``(s_1, ..., s_n)``.  The reduced normal form is
        linear in the leaf payoffs: ``U[k, profile] = sum_z M[profile, z] w(z) u_k(z)``, where
        ``w(z)`` is the product of the chance probabilities on the path to ``z``.
        """
        Cs = [self._consistency(i) for i in range(self.n_players)]
        shape = tuple(c.shape[0] for c in Cs)
        Z = len(self._leaves)
        cells = int(np.prod(shape, dtype=object)) * Z
        if cells > MAX_NORMAL_FORM_CELLS:
            raise GameError(f"the reduced normal form would need {cells} profile-leaf cells (limit "
                            f"{MAX_NORMAL_FORM_CELLS}, strategies {shape}); solve the tree by subgame perfection "
                            "(bargain.solvers.spe) instead")
        M = np.ones((*shape, Z), dtype=bool)
        for i, C in enumerate(Cs):
            idx = [None] * self.n_players
            idx[i] = slice(None)
            M &= C[(*idx, slice(None))]
        return M.reshape(-1, Z)

    def leaf_weights(self, *, exact: bool = False) -> np.ndarray:
        """``w(z)``: product of the chance probabilities on the path to each leaf."""
        w = np.empty(len(self._leaves), dtype=object if exact else float)
        for z, leaf in enumerate(self._leaves):
            acc: Any = Fraction(1) if exact else 1.0
            cur = int(leaf)
            while cur > 0:
                par = int(self._parent[cur])
                if self._kind[par] == CHANCE:
                    probs = self.chance_probabilities(par, exact=exact)
                    acc = acc * probs[int(self._edge[cur])]
                cur = par
            w[z] = acc
        return w

    def reduced_normal_form(self, *, exact: bool | None = None) -> Game:
        """The reduced strategic form: plans as strategies, payoffs expected over chance.

        ``exact=None`` keeps the tree's arithmetic (exact for rational trees).  Strategy labels
        come from :meth:`plan_label`; strategy ``k`` of player ``i`` is ``reduced_strategies(i)[k]``.
        """
        use_exact = self._exact if exact is None else bool(exact)
        if use_exact and not self._exact:
            raise GameError("exact=True needs an exact tree (int or Fraction payoffs and probabilities)")
        if use_exact not in self._nf_cache:
            M = self.normal_form_map()
            w = self.leaf_weights(exact=use_exact)
            if use_exact:
                flat = _exact_matmul(M, self._leaf_payoffs_exact * w[:, None])
            else:
                flat = M.astype(float) @ (self._leaf_payoffs_float * w[:, None])
            shape = tuple(len(self.reduced_strategies(i)) for i in range(self.n_players))
            pay = np.moveaxis(flat, -1, 0).reshape(self.n_players, *shape)
            self._nf_cache[use_exact] = Game(pay, self._players, self.strategy_labels())
        return self._nf_cache[use_exact]



def _exact_matmul(M: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``M @ v`` for a 0/1 matrix ``M`` and Fractions ``v``: scaled to integers by the common
    denominator so the product runs in int64 when it cannot overflow."""
    den = 1
    for x in v.flat:
        den = den * x.denominator // math.gcd(den, x.denominator)
    ints = np.array([[int(x * den) for x in row] for row in v], dtype=object).reshape(v.shape)
    biggest = max((abs(int(x)) for x in ints.flat), default=0)
    if biggest * max(M.shape[1], 1) < 2**62:
        prod = (M.astype(np.int64) @ ints.astype(np.int64)).astype(object)
    else:
        prod = M.astype(object) @ ints if M.size else np.zeros((M.shape[0], v.shape[1]), dtype=object)
    out = np.empty(prod.shape, dtype=object)
    for idx, x in np.ndenumerate(prod):
        out[idx] = Fraction(int(x), den)
    return out

