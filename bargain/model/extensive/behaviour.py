"""Behaviour strategies and Kuhn's map between mixed and behaviour strategies.

With perfect recall every mixed strategy has a realisation-equivalent behaviour strategy and vice
versa.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
of Games* II, 193-216.  Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, ch. 11.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from bargain.errors import GameError
from bargain.model.extensive.nodes import CHANCE, InformationSet, is_exact_number
from bargain.model.labels import check_labels
from bargain.model.numbers import format_number, to_fraction

if TYPE_CHECKING:
    from bargain.model.extensive.game import ExtensiveGame

__all__ = ["BehaviourMethods", "BehaviourProfile"]


class BehaviourMethods:
    """Behaviour strategies of an :class:`~bargain.model.extensive.ExtensiveGame` (a mixin)."""

    def behaviour(self, spec: Mapping[str, Any] | None = None, *, default: str = "error") -> BehaviourProfile:
        """A behaviour profile from ``{infoset label: action label | probabilities | {action: p}}``.

        Information sets left out take the uniform distribution with ``default="uniform"``;
        with ``default="error"`` (the default) every information set must be given.
        """
        spec = dict(spec or {})
        for key in spec:
            self.infoset(key)          # raises with a suggestion for an unknown label
        probs = []
        exact_ok = True
        for h in self._infosets:
            if h.label not in spec:
                if default != "uniform":
                    raise GameError(f"no behaviour given at information set {h.label!r} of "
                                    f"{self._players[h.player]}; give every information set "
                                    "(or default='uniform')")
                probs.append(tuple(Fraction(1, h.num_actions) for _ in h.actions))
                continue
            val = spec[h.label]
            if isinstance(val, str):
                check_labels([val], h.actions, f"information set {h.label!r}", "action")
                probs.append(tuple(Fraction(int(a == val)) for a in h.actions))
                continue
            if isinstance(val, Mapping):
                check_labels(val, h.actions, f"information set {h.label!r}", "action")
                val = [val.get(a, 0) for a in h.actions]
            vals = list(np.asarray(val, dtype=object).ravel())
            if len(vals) != h.num_actions:
                raise GameError(f"information set {h.label!r} has {h.num_actions} actions {list(h.actions)} but "
                                f"{len(vals)} probabilities were given")
            exact_ok = exact_ok and all(is_exact_number(x) for x in vals)
            probs.append(tuple(vals))
        return BehaviourProfile.build(self, probs, exact=exact_ok)

    def pure_behaviour(self, plans: Sequence[Mapping[int, int]]) -> BehaviourProfile:
        """The behaviour profile playing each player's plan (first action where a plan is silent)."""
        return BehaviourProfile.pure(self, [plans[h.player].get(h.index, 0) for h in self._infosets])

    def _sequence_matrix(self, i: int) -> tuple[np.ndarray, list[InformationSet]]:
        """``Q[s, col]``: plan ``s`` reaches the player's set ``h`` and picks action ``a`` there
        (one column per ``(h, a)`` of player ``i``)."""
        own = [h for h in self._infosets if h.player == i]
        plans = self.reduced_strategies(i)
        cols = [(h, a) for h in own for a in range(h.num_actions)]
        pre = {h.index: self._own_history(h.nodes[0], i) for h in own}
        Q = np.zeros((len(plans), len(cols)), dtype=bool)
        for s, plan in enumerate(plans):
            for c, (h, a) in enumerate(cols):
                Q[s, c] = plan.get(h.index) == a and all(plan.get(k) == b for k, b in pre[h.index])
        return Q, own

    def behaviour_from_mixed(self, profile: Sequence[Any], *, exact: bool = False) -> BehaviourProfile:
        """Kuhn's map: the behaviour profile realisation-equivalent to a mixed profile.

        ``profile`` is a mixed profile of :meth:`reduced_normal_form` (one vector per player).
        At a set ``h`` of player ``i``, ``b(h)(a)`` is the probability of the plans that reach ``h``
        and choose ``a`` there, divided by the probability of the plans that reach ``h`` (Kuhn 1953;
        Osborne and Rubinstein 1994, ch. 11).  Where player ``i``'s own mixture never
        reaches ``h`` the ratio is undefined and the uniform distribution is used; those sets are
        listed in the result's ``undetermined``.
        Needs perfect recall.
        """
        self.check_perfect_recall("Kuhn's map from mixed to behaviour strategies")
        game = self.reduced_normal_form(exact=exact) if exact else self.reduced_normal_form(exact=False)
        prof = game.check_exact_profile(profile) if exact else game.check_profile(profile)
        probs: dict[int, tuple[Any, ...]] = {}
        undetermined = set()
        for i in range(self.n_players):
            Q, own = self._sequence_matrix(i)
            x = np.asarray(prof[i], dtype=object if exact else float)
            real = x @ Q.astype(object if exact else float) if Q.size else np.zeros(0)
            c = 0
            for h in own:
                r = real[c:c + h.num_actions]
                c += h.num_actions
                tot = sum(r)
                if (tot == 0) if exact else (tot <= 1e-15):
                    undetermined.add(h.index)
                    probs[h.index] = tuple((Fraction(1, h.num_actions) if exact else 1.0 / h.num_actions)
                                           for _ in range(h.num_actions))
                else:
                    probs[h.index] = tuple(v / tot for v in r)
        b = BehaviourProfile.build(self, [probs[h.index] for h in self._infosets], exact=exact)
        b.undetermined = frozenset(undetermined)
        return b

    def mixed_from_behaviour(self, behaviour: BehaviourProfile, *, exact: bool | None = None) -> tuple[np.ndarray, ...]:
        """A mixed profile of the reduced normal form realisation-equivalent to ``behaviour``.

        Plan ``s`` gets probability ``prod_{h assigned by s} b(h)(s(h))`` (Kuhn 1953).  Float
        arrays, or object arrays of Fractions when ``exact`` (default: when ``behaviour`` is exact).
        """
        use_exact = behaviour.is_exact if exact is None else exact
        src = behaviour.exact_probabilities if use_exact else behaviour.probabilities
        if src is None:
            raise GameError("exact=True needs an exact behaviour profile")
        out = []
        for i in range(self.n_players):
            x = []
            for plan in self.reduced_strategies(i):
                p: Any = Fraction(1) if use_exact else 1.0
                for k, a in plan.items():
                    p = p * src[k][a]
                x.append(p)
            out.append(np.array(x, dtype=object if use_exact else float))
        return tuple(out)



# --------------------------------------------------------------------------- behaviour profiles
class BehaviourProfile:
    """A behaviour profile: one probability vector over actions at every information set.

    ``probabilities[k]`` is the float vector at ``game.infosets[k]``; ``exact_probabilities`` the
    Fractions when every probability is rational.  Built by :meth:`ExtensiveGame.behaviour`,
    :meth:`ExtensiveGame.pure_behaviour` or :meth:`ExtensiveGame.behaviour_from_mixed`.

    Parameters
    ----------
    game : ExtensiveGame
        The tree.
    probabilities : tuple of ndarray
        ``probabilities[k]`` the float vector over the actions at ``game.infosets[k]``.
    exact_probabilities : tuple of tuple of Fraction, or None
        The same as Fractions when every probability is rational.
    undetermined : frozenset of int, default frozenset()
        Information sets reached with probability zero, where the profile says nothing.
    """

    __slots__ = ("exact_probabilities", "game", "probabilities", "undetermined")

    def __init__(self, game: ExtensiveGame, probabilities: tuple[np.ndarray, ...],
                 exact_probabilities: tuple[tuple[Fraction, ...], ...] | None,
                 undetermined: frozenset[int] = frozenset()) -> None:
        self.game = game
        self.probabilities = probabilities
        self.exact_probabilities = exact_probabilities
        #: indices of information sets the profile's own mixture never reaches (from Kuhn's map):
        #: the behaviour there is a placeholder (uniform).
        self.undetermined = undetermined

    @classmethod
    def build(cls, game: ExtensiveGame, probs: Sequence[Sequence[Any]], *, exact: bool) -> BehaviourProfile:
        """Validate per-information-set probability vectors (non-negative, summing to 1)."""
        flt = []
        exq: list[tuple[Fraction, ...]] | None = [] if exact else None
        for h, vals in zip(game.infosets, probs, strict=True):
            try:
                v = np.array([float(x) for x in vals], dtype=float)
            except (TypeError, ValueError):
                raise GameError(f"behaviour at information set {h.label!r} is not a vector of numbers: {vals!r}") \
                    from None
            if not np.all(np.isfinite(v)) or np.any(v < -1e-12) or abs(v.sum() - 1) > 1e-9 * len(v):
                raise GameError(f"behaviour at information set {h.label!r} is {v.tolist()}: probabilities must be "
                                "non-negative and sum to 1")
            v = np.clip(v, 0.0, None)
            v = v / v.sum()
            v.flags.writeable = False
            flt.append(v)
            if exq is not None:
                q = tuple(to_fraction(x) for x in vals)
                if sum(q) != 1 or any(t < 0 for t in q):
                    exq = None
                else:
                    exq.append(q)
        return cls(game, tuple(flt), tuple(exq) if exq is not None else None)

    @classmethod
    def pure(cls, game: ExtensiveGame, actions: Sequence[int]) -> BehaviourProfile:
        """The pure profile taking action ``actions[k]`` (an index) at information set ``k``."""
        one, zero = Fraction(1), Fraction(0)
        flt, exq = [], []
        for h, a in zip(game.infosets, actions, strict=True):
            if not 0 <= a < h.num_actions:
                raise GameError(f"information set {h.label!r} has no action number {a}")
            v = np.zeros(h.num_actions)
            v[a] = 1.0
            v.flags.writeable = False
            flt.append(v)
            exq.append(tuple(one if k == a else zero for k in range(h.num_actions)))
        return cls(game, tuple(flt), tuple(exq))

    @property
    def is_exact(self) -> bool:
        return self.exact_probabilities is not None

    @property
    def is_pure(self) -> bool:
        return all(np.count_nonzero(v) == 1 for v in self.probabilities)

    def action_probabilities(self, infoset: str | int) -> dict[str, float]:
        h = self.game.infoset(infoset)
        return dict(zip(h.actions, (float(x) for x in self.probabilities[h.index]), strict=True))

    def action(self, infoset: str | int) -> str:
        """The action taken at a set where the behaviour is pure (GameError if it mixes)."""
        h = self.game.infoset(infoset)
        v = self.probabilities[h.index]
        if np.count_nonzero(v) != 1:
            raise GameError(f"the behaviour mixes at information set {h.label!r}: {self.action_probabilities(h.index)}")
        return h.actions[int(np.argmax(v))]

    def plans(self) -> tuple[dict[int, int], ...]:
        """Each player's pure plan restricted to the sets it reaches (needs a pure profile)."""
        if not self.is_pure:
            raise GameError("plans() needs a pure behaviour profile")
        g = self.game
        out: list[dict[int, int]] = [{} for _ in range(g.n_players)]
        for i in range(g.n_players):
            plan = {h.index: int(np.argmax(self.probabilities[h.index])) for h in g.infosets if h.player == i}
            reach = g.reduced_strategies(i)
            match = [p for p in reach if all(plan[k] == a for k, a in p.items())]
            out[i] = match[0]
        return tuple(out)

    def reach_probabilities(self, *, exact: bool = False, root: int = 0) -> np.ndarray:
        """Probability of reaching each node of ``root``'s subtree from ``root`` (0 outside it)."""
        g = self.game
        if exact and (self.exact_probabilities is None or not g.is_exact):
            raise GameError("exact reach probabilities need an exact tree and an exact behaviour profile")
        src = self.exact_probabilities if exact else self.probabilities
        reach = np.zeros(g.num_nodes, dtype=object if exact else float)
        reach[root] = Fraction(1) if exact else 1.0
        end = g.subtree_end(root)
        kind, parent, edge, infoset = g._kind, g._parent, g._edge, g._infoset
        for x in range(root + 1, end):
            par = int(parent[x])
            if kind[par] == CHANCE:
                p = g.chance_probabilities(par, exact=exact)[int(edge[x])]
            else:
                p = src[int(infoset[par])][int(edge[x])]
            reach[x] = reach[par] * p
        return reach

    def payoffs(self, *, exact: bool = False, root: int = 0) -> np.ndarray:
        """Expected payoff of each player (in the subgame at ``root``)."""
        g = self.game
        reach = self.reach_probabilities(exact=exact, root=root)
        pay = g.exact_leaf_payoffs if exact else g.leaf_payoffs
        r = reach[g.leaves]
        return r @ pay

    def describe(self, digits: int = 6) -> str:
        """One line per information set: who moves where, and what they do."""
        g = self.game
        lines = []
        for h in g.infosets:
            src = self.exact_probabilities[h.index] if self.exact_probabilities is not None \
                else self.probabilities[h.index]
            used = [(a, p) for a, p in zip(h.actions, src, strict=True) if p != 0]
            what = used[0][0] if len(used) == 1 else ", ".join(f"{a}={format_number(p, digits)}" for a, p in used)
            names = [g.node_name(x) for x in h.nodes]
            where = names[0] if len(names) == 1 else "{" + ", ".join(names) + "}"
            lines.append(f"{g.players[h.player]} at {where}: {what}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        out: dict[str, Any] = {}
        for h in g.infosets:
            src = self.exact_probabilities[h.index] if self.exact_probabilities is not None \
                else self.probabilities[h.index]
            out[h.label] = {"player": g.players[h.player], "nodes": [g.node_name(x) for x in h.nodes],
                            "probabilities": {a: (format_number(p) if self.is_exact else float(p))
                                              for a, p in zip(h.actions, src, strict=True)}}
        return out

    def __repr__(self) -> str:
        return "BehaviourProfile(" + "; ".join(self.describe().splitlines()) + ")"


