"""Linkage bargaining: the United States and China trade over a package.

The article's linkage (FPRI, ``games._shared.SOURCE``): Ambassador Cui tied China's cooperation to
"US arms sales to Taiwan and the sanctions against Chinese enterprises".  A *package* is a point
``(arms, sanctions, enforcement)`` of the unit cube: the share of the Taiwan arms package that goes
ahead, the intensity of US sanctions on Chinese firms, the depth of China's enforcement.

Model card
----------
Timing (the convention of every game in the package, ``games._shared.TIMING``).
    The US sets its posture (arms sale, sanctions); China, having seen it, sets its enforcement;
    the squeeze may topple the regime (chance); North Korea, if it stands, tests or freezes -- it
    is not at the table, and answers by backward induction: it tests iff ``cut <= resolve``
    (``resolve`` is ``deterrent_value / lifeline_value``; with North Korea not a player only the
    ratio matters, so it is one parameter here).  The normal-form :data:`model` is the game without a deal: the US picks
    one of four corner postures, China one of its three stances (enforce, optics then ease, lax),
    at once; :data:`TREE` is the same game with China seeing the US posture, for subgame
    perfection.

Who pays what, and when (``games._shared.crisis_cell``; ``cut = lifeline_cut(enforcement, rho,
lambda, sanction_reach * sanctions)``, ``c`` China's visible credit).
    At once -- US: ``-concession_cost (1 - arms) - sanction_backlash sanctions - c (taiwan_linkage
    arms + sanction_trust sanctions)``; China: ``c (cooperation_value - taiwan_linkage arms -
    sanction_trust sanctions) - border_trade enforcement - sanction_cost sanctions (1 -
    enforcement)``.  On collapse (probability ``refugee_risk cut``) -- US ``-us_collapse_cost``,
    China ``-collapse_cost``.  If North Korea tests -- US ``-icbm_cost (1 - cut)``.

Enforcement cannot be verified.  The article denies that China's enforcement can be checked
("trade ... grew almost 40% in the first quarter ... So much for China working with us"; "the
foundation of North Korea's economy rests on unofficial and often illicit trading channels"), so a
package's enforcement is what China would carry out on its own: its credit is what it really
enforces, and since its utility is affine in its enforcement, it carries out all (1) or nothing
(0) -- whichever pays it more against the package's arms and sanctions (:func:`carried_out`).  A
package is *self-enforcing* when its enforcement is that choice (:func:`self_enforcing`); the
bargaining set (:func:`utility_possibility_set`) holds only what self-enforcing packages yield.
``us_utility``/``china_utility`` take ``verified=True`` for the counterfactual of a verifiable
deal (credit equal to the enforcement promised).

Which sentences each mechanism encodes.
    Cui's sentence (both halves): ``taiwan_linkage``, ``sanction_trust``; the arms sale's value
    ("The U.S. decision to approve a $1.4 billion arms sale package"): ``concession_cost``; the
    Treasury designations: ``sanction_reach``, ``sanction_cost``, ``sanction_backlash``; the
    collapse risk, Dandong, Russia and the illicit economy, North Korea's goal and China as the key,
    as in ``sanctions_triangle``.

What the model leaves out.
    The option of talking to North Korea (it is not at the table); South Korea as hostage (only in
    ``us_collapse_cost``) and Japan; Russian oil bought off the books (part of
    ``illicit_leakage``); partial or time-limited verification, and any enforcement between none
    and all in a deal (China's utility being affine in it).

:func:`us_utility`, :func:`china_utility`, :func:`package_grid`, :func:`utility_possibility_set`
and :func:`disagreement_point` give the bargaining problem as numpy expressions (for the Nash,
Kalai-Smorodinsky and other solutions in ``bargain.analysis``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bargain import GameError, Model, Parameter
from bargain.analysis.claims import Claim
from bargain.model.extensive import Decision, ExtensiveModel, Terminal
from bargain.model.parameters import Values

from ._shared import SHARED_PARAMETERS, SOURCE, crisis_cell, lifeline_cut, stance, tests_at

RESOLVE = Parameter(
    "resolve", 1 / 3, (0.0, 1.0), plausible=(0.2, 0.5), unit="share",
    meaning="the largest share of its lifeline North Korea would lose rather than stop testing (deterrent_value / "
            "lifeline_value in the games where North Korea is a player: here only the ratio matters)",
    source="\"Their North Korean counterparts certainly know what they want -- to become a full-fledged nuclear "
           "state\"; \"sanctions ... can only work if Beijing complies\". Plausible range: above what optics cut, "
           "below what full enforcement cuts",
)

__all__ = ["CLAIMS", "PARAMETERS", "POSTURES", "RESOLVE", "STANCES", "TREE", "carried_out", "china_utility",
           "disagreement_point", "model", "package_grid", "payoffs", "self_enforcing", "us_utility",
           "utility_possibility_set"]

PARAMETERS = (*(prm for prm in SHARED_PARAMETERS if prm.name not in ("deterrent_value", "lifeline_value")), RESOLVE)

#: US postures: name -> (arms, sanctions).
POSTURES = {"Pressure": (1, 1), "Arms hold": (0, 1), "Sanctions off": (1, 0), "Grand bargain": (0, 0)}
#: China's stances: name -> (enforcement, credit); optics earns more credit than it enforces.
STANCES = ("Enforce", "Optics", "Lax")


def _outcome(p: Any, arms: Any, sanctions: Any, enforcement: Any, credit: Any) -> tuple[Any, Any]:
    """(US, China) expected utilities of a package: the crisis path, North Korea answering by backward induction."""
    cut = lifeline_cut(enforcement, p.russia_substitution, p.illicit_leakage, p.sanction_reach * sanctions)
    us, china, _ = crisis_cell(p, enforcement, credit, arms, sanctions, tests_at(p.resolve, cut), dprk=False)
    return us, china


def payoffs(p: Any) -> dict:
    """Payoff table of the no-deal game (US posture x China stance) at parameter values ``p``."""
    table = {}
    for posture, (arms, sanctions) in POSTURES.items():
        for name in STANCES:
            e, c = stance(p, name)
            table[(posture, name)] = _outcome(p, arms, sanctions, e, c)
    return table


model = Model(
    "linkage_bargain", PARAMETERS, payoffs,
    players=("US", "China"), strategies=(tuple(POSTURES), STANCES),
    title="Linkage bargaining: Taiwan arms, sanctions on Chinese firms, and China's enforcement",
    description="The US sets the Taiwan arms sale and sanctions on Chinese firms; China sets its enforcement.  "
                "Without a deal the equilibrium is the status quo (Pressure, Optics); the package utilities give "
                "the bargaining problem.",
    references=(SOURCE, "Nash (1950), The Bargaining Problem, Econometrica 18",
                "Sebenius (1983), Negotiation arithmetic: adding and subtracting issues and parties, IO 37"),
)


def _tree(p: Any) -> Any:
    """The no-deal game with China seeing the US posture (for subgame perfection)."""
    us_moves = {}
    for posture, (arms, sanctions) in POSTURES.items():
        china = {}
        for name in STANCES:
            e, c = stance(p, name)
            china[name] = Terminal(*_outcome(p, arms, sanctions, e, c))
        us_moves[posture] = Decision("China", china)
    return Decision("US", us_moves)


#: The same game with China seeing the US posture first: the tree for subgame perfection.
TREE = ExtensiveModel("linkage_bargain_tree", PARAMETERS, _tree, players=("US", "China"),
                      title="Linkage bargaining as a tree (China sees the US posture)",
                      references=(SOURCE, "Selten (1965) on subgame perfection"))


def _values(values: dict[str, Any]) -> Any:
    """Validated parameter values (defaults for the rest) as a Values mapping of float arrays."""
    return Values(model.validate(**values))


def _package(arms: Any, sanctions: Any, enforcement: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    out = []
    for label, x in (("arms", arms), ("sanctions", sanctions), ("enforcement", enforcement)):
        arr = np.asarray(x, dtype=float)
        if np.any(np.isnan(arr)) or np.any(arr < 0) or np.any(arr > 1):
            raise GameError(f"package component {label!r} must lie in [0, 1]; got values outside it")
        out.append(arr)
    return out[0], out[1], out[2]


def carried_out(arms: Any, sanctions: Any, enforcement: Any = None, **values: Any) -> np.ndarray:
    """The enforcement China carries out on its own against ``(arms, sanctions)``: 1 where full
    enforcement (with the credit it really earns) pays China more than none, 0 where less; where
    China is indifferent, the promised ``enforcement`` (0 if none is given)."""
    a, s, e = _package(arms, sanctions, 0 if enforcement is None else enforcement)
    p = _values(values)
    gain = np.asarray(_outcome(p, a, s, 1, 1)[1] - _outcome(p, a, s, 0, 0)[1], dtype=float)
    return np.where(gain > 1e-12, 1.0, np.where(gain < -1e-12, 0.0, e))


def self_enforcing(arms: Any, sanctions: Any, enforcement: Any, **values: Any) -> np.ndarray:
    """Where a package's enforcement is what China would carry out on its own (the incentive constraint)."""
    return np.asarray(carried_out(arms, sanctions, enforcement, **values) == np.asarray(enforcement, dtype=float))


def _utility(side: int, arms: Any, sanctions: Any, enforcement: Any, credit: Any, verified: bool,
             values: dict[str, Any]) -> np.ndarray:
    a, s, e = _package(arms, sanctions, enforcement)
    if not verified:
        e = carried_out(a, s, e, **values)
    c = e if credit is None else credit
    return np.asarray(_outcome(_values(values), a, s, e, c)[side], dtype=float)


def us_utility(arms: Any, sanctions: Any, enforcement: Any, credit: Any = None, *, verified: bool = False,
               **values: Any) -> np.ndarray:
    """US utility of packages (numpy-broadcasting over packages and parameter arrays).

    Unless ``verified``, the enforcement is what China carries out on its own
    (:func:`carried_out`); ``credit`` (China's visible cooperation) defaults to the enforcement.
    Parameters not given take their defaults and are validated like ``model.game``.
    """
    return _utility(0, arms, sanctions, enforcement, credit, verified, values)


def china_utility(arms: Any, sanctions: Any, enforcement: Any, credit: Any = None, *, verified: bool = False,
                  **values: Any) -> np.ndarray:
    """China's utility of packages (numpy-broadcasting; see :func:`us_utility`)."""
    return _utility(1, arms, sanctions, enforcement, credit, verified, values)


def package_grid(n: int = 21) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every package on an ``n x n x n`` grid of the unit cube, as three flat arrays (arms, sanctions, enforcement)."""
    if int(n) < 2:
        raise GameError(f"package_grid needs n >= 2 points per axis, got {n}")
    t = np.linspace(0.0, 1.0, int(n))
    a, s, e = np.meshgrid(t, t, t, indexing="ij")
    return a.ravel(), s.ravel(), e.ravel()


def utility_possibility_set(n: int = 21, **values: Any) -> np.ndarray:
    """Utilities ``(u_US, u_China)`` of every package of :func:`package_grid`, shape ``(n**3, 2)``.

    Each package yields what China would carry out on its own (:func:`carried_out`): the set holds
    only outcomes of self-enforcing packages (the incentive constraint), and its Pareto frontier is
    what the bargaining solutions choose from.  Parameter arrays broadcast against the package axis:
    pass shape ``(k, 1)`` for ``k`` points, giving shape ``(k, n**3, 2)``.
    """
    a, s, e = package_grid(n)
    # a parameter may move one side's utility only: broadcast both to the common batch shape
    return np.stack(np.broadcast_arrays(us_utility(a, s, e, **values), china_utility(a, s, e, **values)), axis=-1)


def disagreement_point(**values: Any) -> np.ndarray:
    """Utilities ``(u_US, u_China)`` if talks fail: the no-deal status quo (Pressure, Optics).

    The arms sale goes ahead, the US sanctions Chinese firms, and China enforces for optics (real
    share ``optics_share``, credit ``optics_credit``) -- the equilibrium of :data:`model` at the
    defaults and the present state the article describes.  Broadcasts over parameter arrays.
    """
    p = _values(values)
    return np.stack(np.broadcast_arrays(*_outcome(p, 1, 1, p.optics_share, p.optics_credit)), axis=-1).astype(float)


def _surplus(ev: Any) -> np.ndarray:
    """Where some self-enforcing package gives both sides more than the no-deal point."""
    vals = {k: np.asarray(v)[..., None] for k, v in ev.values.items()}
    ups = utility_possibility_set(3, **vals)
    d = disagreement_point(**vals)
    return np.broadcast_to(np.any(np.all(ups > d + 1e-12, axis=-1), axis=-1), ev.batch_shape)


#: The article's claims this game encodes.
CLAIMS = (
    Claim("no_deal_is_the_status_quo", "without a deal the unique equilibrium is (Pressure, Optics): the arms sale "
          "goes ahead, the US sanctions Chinese firms, China enforces for optics",
          "The U.S. decision to approve a $1.4 billion arms sale package to Taiwan added fuel to the fire; in the "
          "past few weeks, the U.S. has upped the pressure by targeting specific Chinese firms",
          lambda ev: ev.unique("Pressure", "Optics")),
    Claim("no_deal_is_subgame_perfect",
          "with China seeing the US posture, the subgame-perfect path is Pressure, Optics",
          "US arms sales to Taiwan and the sanctions against Chinese enterprises have damaged the basis and mutual "
          "trust between the two countries (Cui Tiankai)",
          lambda ev: ev.spe_path(("US@root", "Pressure"), ("China@Pressure", "Optics"))),
    Claim("arms_hold_alone_does_not_buy_enforcement", "holding the Taiwan arms sale alone (sanctions kept) does not "
          "make China enforce", "Chinese action and compliance in pressuring North Korea are even less likely due "
          "to other geopolitical tensions with the U.S. in the region.",
          lambda ev: ~ev.best_response("China", "Enforce", {"US": "Arms hold"})),
    Claim("linkage_creates_a_surplus", "some package China would carry out on its own leaves both sides better off "
          "than no deal", "Such a strategy may well bring results, but it won't be easy.",
          _surplus),
)
