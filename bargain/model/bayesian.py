"""Bayesian games: players with private types, drawn by chance from a common prior.

A Bayesian game (Harsanyi 1967-68) gives each player ``i`` a finite set of *types* ``T_i``, a
common prior ``p`` over type profiles, a set of actions ``A_i`` and payoffs
``u_i(t, a)`` that depend on the whole type profile and the action profile.  Harsanyi's
transformation turns it into a game tree: chance draws ``t`` from ``p``; each player then
chooses an action knowing only their own type, so player ``i``'s information sets are their
types.  A (Bayes-Nash) equilibrium of the Bayesian game is a Nash equilibrium of that tree, and
a player's *strategy by type* is their behaviour at those information sets (Osborne and
Rubinstein 1994, sec. 2.6; Fudenberg and Tirole 1991, ch. 6).

:class:`BayesianGame` is that tree (an :class:`~bargain.model.extensive.ExtensiveGame`, so every
tree solver applies) with its type structure kept; :class:`BayesianModel` is the parametric
variant whose prior and payoffs are expressions of named parameters.  :func:`type_partition`
says which types of a player pool (play alike) and which separate.

Writing one::

    import bargain as bg

    g = bg.BayesianGame(
        types={"Firm": ["high", "low"], "Entrant": ["-"]},
        prior={"Firm": {"high": Fraction(1, 3), "low": Fraction(2, 3)}},
        actions={"Firm": ["Build", "Stay"], "Entrant": ["Enter", "Out"]},
        payoffs=lambda t, a: table[t["Firm"]][a["Firm"], a["Entrant"]],
    )

``prior`` is either a joint distribution ``{(t_1, ..., t_n): p}`` over type profiles, or one
distribution per player ``{player: {type: p}}`` (independent types; players with one type may be
left out).  ``payoffs(types, actions)`` receives two dicts ``{player: label}`` and returns one
payoff per player (a sequence in player order, or a dict).

References
----------
Harsanyi, J. C. (1967-68). Games with incomplete information played by "Bayesian" players, I-III.
*Management Science* 14, 159-182, 320-334, 486-502.  Osborne, M. J. and Rubinstein, A. (1994).
*A Course in Game Theory*, sec. 2.6.  Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 6.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.errors import GameError, did_you_mean
from bargain.model.extensive import BehaviourProfile, Chance, Decision, ExtensiveGame, ExtensiveModel, Terminal
from bargain.model.labels import check_labels
from bargain.model.numbers import format_number

__all__ = ["BayesianGame", "BayesianModel", "TypePartition", "type_partition"]

PayoffFunction = Callable[[dict[str, str], dict[str, str]], Any]


# --------------------------------------------------------------------------- pooling / separating
@dataclass(frozen=True)
class TypePartition:
    """How the types of one player behave in a profile.

    Attributes
    ----------
    groups: the types, grouped by identical behaviour (each group a tuple, in type order).
    pooling: the groups of two or more types that play identically.
    separating: types whose actions no other type ever takes (their action reveals them).
    semi_separating: types that share some action with another type without playing identically.
    """

    groups: tuple[tuple[str, ...], ...]
    pooling: tuple[tuple[str, ...], ...]
    separating: tuple[str, ...]
    semi_separating: tuple[str, ...]

    @property
    def kind(self) -> str:
        """``"pooling"`` (one group), ``"separating"`` (every type revealed), or ``"hybrid"``."""
        if len(self.groups) == 1 and len(self.groups[0]) > 1:
            return "pooling"
        if all(len(g) == 1 for g in self.groups) and not self.semi_separating:
            return "separating"
        return "hybrid"

    def describe(self) -> str:
        parts = [f"{', '.join(g)} pool" for g in self.pooling]
        if self.separating:
            parts.append(f"{', '.join(self.separating)} separate")
        if self.semi_separating:
            parts.append(f"{', '.join(self.semi_separating)} semi-separate")
        return f"{self.kind}: " + "; ".join(parts)


def type_partition(strategies: Mapping[str, Sequence[Any]]) -> TypePartition:
    """Group one player's types by their strategy (a probability vector over a common action list).

    Parameters
    ----------
    strategies: ``{type: probabilities over actions}``, every vector over the same actions.

    Returns
    -------
    The :class:`TypePartition`: types with equal vectors pool; a type separates when no other type
    puts positive probability on any action it uses; the rest semi-separate.
    """
    types = list(strategies)
    vecs = {t: tuple(strategies[t]) for t in types}
    groups: list[list[str]] = []
    for t in types:
        for g in groups:
            if vecs[g[0]] == vecs[t]:
                g.append(t)
                break
        else:
            groups.append([t])
    support = {t: {k for k, p in enumerate(vecs[t]) if p != 0} for t in types}
    separating, semi = [], []
    for g in groups:
        if len(g) > 1:
            continue
        t = g[0]
        others = set().union(*(support[s] for s in types if s != t)) if len(types) > 1 else set()
        (semi if support[t] & others else separating).append(t)
    return TypePartition(tuple(tuple(g) for g in groups), tuple(tuple(g) for g in groups if len(g) > 1),
                         tuple(separating), tuple(semi))


# --------------------------------------------------------------------------- reading the spec
def _type_lists(types: Mapping[str, Any], players: Sequence[str]) -> dict[str, tuple[str, ...]]:
    out = {}
    for p in players:
        ts = types.get(p, ("-",))
        ts = tuple(str(t) for t in (ts.keys() if isinstance(ts, Mapping) else ts))
        if not ts or len(set(ts)) != len(ts):
            raise GameError(f"types of {p!r} must be a non-empty list of distinct labels, got {list(ts)}")
        out[p] = ts
    return out


def joint_prior(prior: Any, types: Mapping[str, tuple[str, ...]]) -> dict[tuple[str, ...], Any]:
    """The prior as ``{type profile: probability}`` (profiles in player order), validated.

    Parameters
    ----------
    prior: ``{(t_1, ..., t_n): p}``; or ``{player: {type: p}}`` (independent types, players with a
        single type may be left out); or, when exactly one player has several types, ``{type: p}``.
    types: the type labels of every player, in player order.

    Returns
    -------
    ``{profile: probability}`` with every profile of the product (zeros included).

    Raises
    ------
    GameError
        For an unknown player or type, a negative probability, or probabilities not summing to 1.
    """
    players = list(types)
    informed = [p for p in players if len(types[p]) > 1]
    if not isinstance(prior, Mapping) or not prior:
        raise GameError(f"prior must be a non-empty dict, got {prior!r}")
    keys = list(prior)
    if all(isinstance(k, tuple) for k in keys):
        out = {prof: 0 for prof in itertools.product(*(types[p] for p in players))}
        for k, v in prior.items():
            k = tuple(str(x) for x in k)
            if k not in out:
                raise GameError(f"prior: {k} is not a type profile; profiles list one type per player in the order "
                                f"{players}")
            out[k] = v
    else:
        if all(k in players for k in keys) and all(isinstance(v, Mapping) for v in prior.values()):
            marg = {p: dict(prior[p]) for p in keys}
        elif len(informed) == 1:
            marg = {informed[0]: dict(prior)}
        else:
            raise GameError("prior: give {(t_1, ..., t_n): p} for a joint prior, or {player: {type: p}} for "
                            f"independent types; players are {players}")
        for p, dist in marg.items():
            check_labels([str(t) for t in dist], types[p], f"prior: {p!r}", "type")
        for p in players:
            if p not in marg:
                if len(types[p]) > 1:
                    raise GameError(f"prior: no distribution given for the types of {p!r}")
                marg[p] = {types[p][0]: 1}
        out = {}
        for prof in itertools.product(*(types[p] for p in players)):
            w: Any = 1
            for p, t in zip(players, prof, strict=True):
                w = w * marg[p].get(t, 0)
            out[prof] = w
    for k, v in out.items():
        if np.any(np.asarray(v, dtype=float) < 0):
            raise GameError(f"prior: probability of {k} is {v}; probabilities must be non-negative")
    total = sum(out.values())
    if np.any(np.abs(np.asarray(total, dtype=float) - 1.0) > 1e-9):
        raise GameError(f"prior: probabilities sum to {format_number(total) if np.ndim(total) == 0 else total}, "
                        "not 1; make them add up to one")
    return out


def _payoff_vector(value: Any, players: Sequence[str], where: str) -> tuple[Any, ...]:
    if isinstance(value, Mapping):
        missing = [p for p in players if p not in value]
        if missing:
            raise GameError(f"payoffs at {where}: no payoff for {missing[0]!r}")
        return tuple(value[p] for p in players)
    vals = tuple(value) if isinstance(value, Sequence | np.ndarray) else (value,)
    if len(vals) != len(players):
        raise GameError(f"payoffs at {where}: {len(vals)} numbers given for {len(players)} players {list(players)}")
    return vals


def bayesian_tree(types: Mapping[str, tuple[str, ...]], prior: Mapping[tuple[str, ...], Any],
                  actions: Mapping[str, tuple[str, ...]], payoffs: PayoffFunction) -> Chance:
    """Harsanyi's tree: chance draws the type profile, then each player moves knowing only their type.

    Information set labels are ``"player:type"``.  Profiles of zero prior probability are kept
    (so parametric trees keep their shape).
    """
    players = list(types)

    def subtree(prof: tuple[str, ...], k: int, chosen: tuple[str, ...]) -> Any:
        if k == len(players):
            tmap = dict(zip(players, prof, strict=True))
            amap = dict(zip(players, chosen, strict=True))
            where = f"types {tmap}, actions {amap}"
            return Terminal(_payoff_vector(payoffs(tmap, amap), players, where))
        p = players[k]
        return Decision(p, {a: subtree(prof, k + 1, (*chosen, a)) for a in actions[p]}, infoset=f"{p}:{prof[k]}")

    return Chance({",".join(prof): (w, subtree(prof, 0, ())) for prof, w in prior.items()})


def _action_lists(actions: Mapping[str, Any], players: Sequence[str]) -> dict[str, tuple[str, ...]]:
    out = {}
    for p in players:
        if p not in actions:
            raise GameError(f"actions: none given for {p!r}; give {{player: [action, ...]}} for every player")
        acts = tuple(str(a) for a in actions[p])
        if not acts or len(set(acts)) != len(acts):
            raise GameError(f"actions of {p!r} must be a non-empty list of distinct labels, got {list(acts)}")
        out[p] = acts
    unknown = [p for p in actions if p not in players]
    if unknown:
        raise GameError(f"actions: unknown player {unknown[0]!r}{did_you_mean(str(unknown[0]), players)}")
    return out


def _table_function(table: Mapping[Any, Any]) -> PayoffFunction:
    """``{(type profile, action profile): payoffs}`` as a payoff function."""
    def f(t: dict[str, str], a: dict[str, str]) -> Any:
        key = (tuple(t.values()), tuple(a.values()))
        if key not in table:
            raise GameError(f"payoff table has no entry for types {key[0]} and actions {key[1]}")
        return table[key]
    return f


# --------------------------------------------------------------------------- the game
class BayesianGame(ExtensiveGame):
    """A Bayesian game, built as Harsanyi's tree (an :class:`ExtensiveGame` with a chance move).

    Parameters
    ----------
    types : Mapping[str, Any]
        ``{player: [type, ...]}`` (a dict ``{type: description}`` is read by its keys); the
        players are its keys, in order, unless ``players`` is given (unlisted players have one type).
    prior : Any
        the common prior (see :func:`joint_prior`).
    actions : Mapping[str, Any]
        ``{player: [action, ...]}``, the same for every type of the player.
    payoffs : PayoffFunction | Mapping[Any, Any]
        ``f(types, actions)`` with dicts ``{player: label}``, returning one payoff per player;
        or a table ``{(type profile, action profile): payoffs}``.
    players : Sequence[str] | None, optional
        optional player order.
    title : str, default ''
        a human-readable name.

    Raises
    ------
    GameError
        Naming the problem, for an unknown player or type, a bad prior or a payoff of the wrong length.
    """

    def __init__(self, types: Mapping[str, Any], prior: Any, actions: Mapping[str, Any],
                 payoffs: PayoffFunction | Mapping[Any, Any], *, players: Sequence[str] | None = None,
                 title: str = "") -> None:
        if not isinstance(types, Mapping) or not types:
            raise GameError(f"types must be a dict {{player: [type, ...]}}, got {types!r}")
        order = [str(p) for p in (players if players is not None else types)]
        bad = [p for p in types if p not in order]
        if bad:
            raise GameError(f"types: unknown player {bad[0]!r}{did_you_mean(str(bad[0]), order)}")
        self._types = _type_lists(types, order)
        self._prior = joint_prior(prior, self._types)
        self._actions = _action_lists(actions, order)
        fn = payoffs if callable(payoffs) else _table_function(payoffs)
        super().__init__(bayesian_tree(self._types, self._prior, self._actions, fn), order, title)

    @property
    def types(self) -> dict[str, tuple[str, ...]]:
        """``{player: type labels}``."""
        return dict(self._types)

    @property
    def prior(self) -> dict[tuple[str, ...], Any]:
        """``{type profile: probability}`` over every profile (zeros included)."""
        return dict(self._prior)

    @property
    def type_actions(self) -> dict[str, tuple[str, ...]]:
        return dict(self._actions)

    def type_infoset(self, player: str, type_: str) -> Any:
        """The information set of ``player`` when of type ``type_``."""
        return self.infoset(f"{player}:{type_}")

    def marginal(self, player: str) -> dict[str, Any]:
        """The prior probability of each type of ``player``."""
        i = self.player_index(player)
        out: dict[str, Any] = dict.fromkeys(self._types[self.players[i]], 0)
        for prof, w in self._prior.items():
            out[prof[i]] = out[prof[i]] + w
        return out

    def strategy_by_type(self, behaviour: BehaviourProfile) -> dict[str, dict[str, dict[str, Any]]]:
        """``{player: {type: {action: probability}}}`` of a behaviour profile (exact where it is)."""
        src = behaviour.exact_probabilities if behaviour.is_exact else behaviour.probabilities
        return {p: {t: dict(zip(self._actions[p], (src[self.type_infoset(p, t).index]), strict=True))
                    for t in self._types[p]} for p in self.players}

    def partition(self, behaviour: BehaviourProfile, player: str) -> TypePartition:
        """Which types of ``player`` pool and which separate in ``behaviour``."""
        by_type = self.strategy_by_type(behaviour)[player]
        return type_partition({t: tuple(d.values()) for t, d in by_type.items()})

    def describe_by_type(self, behaviour: BehaviourProfile, digits: int = 6) -> str:
        """One line per player and type, and the pooling/separating pattern of each informed player."""
        lines = []
        for p, by_type in self.strategy_by_type(behaviour).items():
            for t, d in by_type.items():
                used = [(a, q) for a, q in d.items() if q != 0]
                what = used[0][0] if len(used) == 1 else ", ".join(f"{a}={format_number(q, digits)}" for a, q in used)
                lines.append(f"{p} ({t}): {what}")
            if len(self._types[p]) > 1:
                lines.append(f"  {p}: {self.partition(behaviour, p).describe()}")
        return "\n".join(lines)


class BayesianModel(ExtensiveModel):
    """A parametric Bayesian game: prior and payoffs are numpy expressions of named parameters.

    ``model.tree(**values)`` is the :class:`BayesianGame` at those values; ``model.game`` and
    ``model.payoffs`` its reduced normal form (batched over parameter arrays), as for every
    :class:`~bargain.model.extensive.ExtensiveModel`.

    Parameters
    ----------
    name, parameters, title, description, references : str
        as for :class:`~bargain.model.parameters.Model`.
    types, actions : Mapping[str, Any]
        as for :class:`BayesianGame` (they do not depend on the parameters).
    prior : Any
        a prior as for :class:`BayesianGame`, or ``f(p)`` returning one from parameter values.
    payoffs : Callable[[Any, dict[str, str], dict[str, str]], Any]
        ``f(p, types, actions)`` returning one payoff per player.
    players : sequence of str, optional
        The players' names (default as for :class:`BayesianGame`).
    """

    def __init__(self, name: str, parameters: Sequence[Any], *, types: Mapping[str, Any], prior: Any,
                 actions: Mapping[str, Any], payoffs: Callable[[Any, dict[str, str], dict[str, str]], Any],
                 players: Sequence[str] | None = None, title: str = "", description: str = "",
                 references: Sequence[str] = ()) -> None:
        order = [str(p) for p in (players if players is not None else types)]
        self._types = _type_lists(types, order)
        self._actions = _action_lists(actions, order)
        self._prior_spec = prior
        self._payoff_fn = payoffs

        def tree_function(p: Any) -> Any:
            return bayesian_tree(self._types, self._prior_at(p), self._actions,
                                 lambda t, a: self._payoff_fn(p, t, a))

        super().__init__(name, parameters, tree_function, players=order, title=title, description=description,
                         references=references)

    def _prior_at(self, p: Any) -> dict[tuple[str, ...], Any]:
        spec = self._prior_spec(p) if callable(self._prior_spec) else self._prior_spec
        return joint_prior(spec, self._types)

    def tree(self, *, exact: bool = False, **values: Any) -> BayesianGame:
        """The :class:`BayesianGame` at one parameter point (defaults for the others)."""
        super().tree(exact=exact, **values)          # validates values and the tree's shape
        p = self._point(exact, values)
        return BayesianGame(self._types, self._prior_at(p), self._actions, lambda t, a: self._payoff_fn(p, t, a),
                            players=list(self._types), title=self.title)
