"""Bayesian games in the *bargain* JSON game format: type-dependent payoff tables, plain data.

A file looks like::

    {
      "format": "bargain.game", "version": 1, "type": "bayesian",
      "title": "Entry with a privately known cost",
      "players": ["Incumbent", "Entrant"],
      "types": {"Incumbent": ["high", "low"]},
      "prior": {"Incumbent": {"high": "1/3", "low": "2/3"}},
      "actions": {"Incumbent": ["Build", "Stay"], "Entrant": ["Enter", "Out"]},
      "payoffs": [
        {"types": ["high", "-"], "actions": ["Build", "Enter"], "payoffs": [0, -1]},
        ...
      ]
    }

* ``types``: ``{player: [type, ...]}``; a player left out has the single type ``"-"``.
* ``prior``: independent types ``{player: {type: p}}`` (players with one type may be left out),
  or a joint prior as a list ``[{"types": [t_1, ..., t_n], "p": p}, ...]`` (profiles left out have
  probability 0).
* ``payoffs``: one entry per pair (type profile, action profile), each listing one type and one
  action per player in player order (or as ``{player: label}`` objects) and one payoff per player.
  Every pair must be given exactly once.

Numbers are JSON numbers or exact strings (``"3/4"``); with the default ``"arithmetic": "exact"``
``0.1`` means ``1/10``.  The game read is a :class:`~bargain.model.bayesian.BayesianGame`
(Harsanyi's tree); :func:`format_bayesian_game` writes one back.  Nothing is executed.

References
----------
Harsanyi, J. C. (1967-68). Games with incomplete information played by "Bayesian" players.
*Management Science* 14.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from bargain.errors import GameError, did_you_mean
from bargain.model.bayesian import BayesianGame

__all__ = ["BAYESIAN_KEYS", "format_bayesian_game", "parse_bayesian_doc"]

BAYESIAN_KEYS = ("$schema", "format", "version", "type", "title", "description", "arithmetic", "players", "types",
                 "prior", "actions", "payoffs")


def _labels(x: Any, what: str, source: str) -> list[str]:
    if not isinstance(x, list) or not x or not all(isinstance(v, str) and v for v in x) or len(set(x)) != len(x):
        raise GameError(f"{source}: {what} must be a non-empty list of distinct names (strings)")
    return list(x)


def _profile(entry: Any, players: Sequence[str], labels: dict[str, list[str]], what: str, where: str,
             source: str) -> tuple[str, ...]:
    if isinstance(entry, dict):
        missing = [p for p in players if p not in entry]
        extra = [p for p in entry if p not in players]
        if extra:
            raise GameError(f"{source}: {where}: unknown player {extra[0]!r}{did_you_mean(str(extra[0]), players)}")
        if missing:
            if what == "types" and all(len(labels[p]) == 1 for p in missing):
                entry = {**entry, **{p: labels[p][0] for p in missing}}
            else:
                raise GameError(f"{source}: {where}: no {what[:-1]} given for {missing[0]!r}")
        entry = [entry[p] for p in players]
    if not isinstance(entry, list) or len(entry) != len(players):
        raise GameError(f"{source}: {where}: \"{what}\" must list one {what[:-1]} per player ({len(players)}), "
                        f"got {json.dumps(entry, default=str)}")
    for p, v in zip(players, entry, strict=True):
        if v not in labels[p]:
            raise GameError(f"{source}: {where}: {p!r} has no {what[:-1]} {v!r}{did_you_mean(str(v), labels[p])}; "
                            f"its {what} are {labels[p]}")
    return tuple(entry)


def parse_bayesian_doc(doc: dict[str, Any], source: str, number: Callable[[Any, str, bool, str], Any]) -> BayesianGame:
    """The :class:`~bargain.model.bayesian.BayesianGame` of a parsed JSON document (``"type": "bayesian"``).

    Parameters
    ----------
    doc: the decoded JSON object (its ``format`` and ``version`` already checked by
        :func:`bargain.io.jsonfmt.parse_json_game`, which calls this).
    source: the file's name, for messages.
    number: the reader of one number, ``number(value, where, exact, source)``.

    Raises
    ------
    GameError
        Naming the key and the entry, for anything malformed or missing.
    """
    _number = number
    for key in doc:
        if key not in BAYESIAN_KEYS:
            raise GameError(f"{source}: unknown key {key!r}{did_you_mean(key, BAYESIAN_KEYS)}; a Bayesian game file "
                            f"has {', '.join(BAYESIAN_KEYS[1:])}")
    arithmetic = doc.get("arithmetic", "exact")
    if arithmetic not in ("exact", "float"):
        raise GameError(f"{source}: \"arithmetic\" must be \"exact\" or \"float\", not {arithmetic!r}")
    exact = arithmetic == "exact"
    for key in ("title", "description"):
        if not isinstance(doc.get(key, ""), str):
            raise GameError(f"{source}: {key!r} must be a string")
    for key in ("players", "actions", "prior", "payoffs"):
        if key not in doc:
            raise GameError(f"{source}: missing key {key!r}; a Bayesian game file needs players, types, prior, "
                            "actions and payoffs")
    players = _labels(doc["players"], "\"players\"", source)
    raw_types = doc.get("types", {})
    if not isinstance(raw_types, dict):
        raise GameError(f"{source}: \"types\" must be an object {{player: [type, ...]}}")
    for p in raw_types:
        if p not in players:
            raise GameError(f"{source}: \"types\": unknown player {p!r}{did_you_mean(str(p), players)}")
    types = {p: _labels(raw_types[p], f"the types of {p!r}", source) if p in raw_types else ["-"] for p in players}
    actions_raw = doc["actions"]
    if not isinstance(actions_raw, dict):
        raise GameError(f"{source}: \"actions\" must be an object {{player: [action, ...]}}")
    for p in actions_raw:
        if p not in players:
            raise GameError(f"{source}: \"actions\": unknown player {p!r}{did_you_mean(str(p), players)}")
    missing = [p for p in players if p not in actions_raw]
    if missing:
        raise GameError(f"{source}: \"actions\": none given for {missing[0]!r}")
    actions = {p: _labels(actions_raw[p], f"the actions of {p!r}", source) for p in players}
    prior = _prior(doc["prior"], players, types, exact, source, _number)
    entries = doc["payoffs"]
    if not isinstance(entries, list):
        raise GameError(f"{source}: \"payoffs\" must be a list of {{\"types\", \"actions\", \"payoffs\"}} entries")
    table: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[Any, ...]] = {}
    for k, e in enumerate(entries):
        where = f"payoffs[{k}]"
        if not isinstance(e, dict) or set(e) != {"types", "actions", "payoffs"}:
            raise GameError(f"{source}: {where} must be an object with exactly the keys types, actions and payoffs")
        t = _profile(e["types"], players, types, "types", where, source)
        a = _profile(e["actions"], players, actions, "actions", where, source)
        u = e["payoffs"]
        if not isinstance(u, list) or len(u) != len(players):
            raise GameError(f"{source}: {where}: \"payoffs\" must list {len(players)} numbers, one per player")
        if (t, a) in table:
            raise GameError(f"{source}: {where} repeats types {list(t)} and actions {list(a)}")
        table[(t, a)] = tuple(_number(v, f"{where}[{i}]", exact, source) for i, v in enumerate(u))
    for t in itertools.product(*(types[p] for p in players)):
        for a in itertools.product(*(actions[p] for p in players)):
            if (t, a) not in table:
                raise GameError(f"{source}: \"payoffs\" has no entry for types {list(t)} and actions {list(a)}; give "
                                "one entry per pair of type profile and action profile")
    return BayesianGame(types, prior, actions, table, players=players, title=doc.get("title", ""))


def _prior(raw: Any, players: list[str], types: dict[str, list[str]], exact: bool, source: str, number: Any) -> Any:
    def num(v: Any, where: str) -> Any:
        x = number(v, where, exact, source)
        if x < 0:
            raise GameError(f"{source}: {where} is {v}; probabilities must be non-negative")
        return x

    if isinstance(raw, list):
        out: dict[tuple[str, ...], Any] = {}
        for k, e in enumerate(raw):
            where = f"prior[{k}]"
            if not isinstance(e, dict) or set(e) != {"types", "p"}:
                raise GameError(f"{source}: {where} must be an object {{\"types\": [...], \"p\": probability}}")
            t = _profile(e["types"], players, types, "types", where, source)
            if t in out:
                raise GameError(f"{source}: {where} repeats the type profile {list(t)}")
            out[t] = num(e["p"], where)
        total = sum(out.values())
        if total != 1 if exact else abs(total - 1) > 1e-9:
            raise GameError(f"{source}: \"prior\" sums to {total}, not 1; make the probabilities add up to one")
        return out
    if not isinstance(raw, dict):
        raise GameError(f"{source}: \"prior\" must be {{player: {{type: p}}}} or a list of {{\"types\", \"p\"}}")
    marg = {}
    for p, dist in raw.items():
        if p not in players:
            raise GameError(f"{source}: \"prior\": unknown player {p!r}{did_you_mean(str(p), players)}")
        if not isinstance(dist, dict):
            raise GameError(f"{source}: \"prior\" of {p!r} must be an object {{type: probability}}")
        marg[p] = {t: num(v, f"prior of {p!r}, type {t!r}") for t, v in dist.items()}
    return marg


def _value(x: Any) -> Any:
    if isinstance(x, Fraction):
        return int(x) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    if isinstance(x, int):
        return x
    return float(x)


def format_bayesian_game(game: BayesianGame, title: str = "", description: str = "") -> str:
    """The JSON text of a :class:`~bargain.model.bayesian.BayesianGame` (the joint prior as a list).

    Payoffs are read off Harsanyi's tree, so a written game reads back to the same tree.
    """
    if not isinstance(game, BayesianGame):
        raise GameError(f"only a BayesianGame is written in the Bayesian JSON format, not {type(game).__name__}")
    players = list(game.players)
    types, acts = game.types, game.type_actions
    exact = game.is_exact
    pay = game.exact_leaf_payoffs if exact else game.leaf_payoffs
    leaf_index = {int(z): k for k, z in enumerate(game.leaves)}
    rows = []
    for t in itertools.product(*(types[p] for p in players)):
        node = game.find_node([",".join(t)])
        for a in itertools.product(*(acts[p] for p in players)):
            x = node
            for label in a:
                x = game.children(x)[game.node_infoset(x).actions.index(label)]
            rows.append({"types": list(t), "actions": list(a), "payoffs": [_value(v) for v in pay[leaf_index[x]]]})
    doc: dict[str, Any] = {"format": "bargain.game", "version": 1, "type": "bayesian"}     # as in jsonfmt
    if title or game.title:
        doc["title"] = title or game.title
    if description:
        doc["description"] = description
    doc["arithmetic"] = "exact" if exact else "float"
    doc.update({"players": players, "types": {p: list(types[p]) for p in players if len(types[p]) > 1},
                "prior": [{"types": list(t), "p": _value(p)} for t, p in game.prior.items()],
                "actions": {p: list(acts[p]) for p in players}})
    lines = ",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in rows)
    head = json.dumps(doc, indent=2, ensure_ascii=False)
    return head[:-2] + ',\n  "payoffs": [\n' + lines + "\n  ]\n}\n"
