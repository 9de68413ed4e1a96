"""Linkage bargaining: the United States and China trade over a package.

The article's linkage (FPRI, ``games._shared.SOURCE``): Ambassador Cui tied China's cooperation to
"US arms sales to Taiwan and the sanctions against Chinese enterprises".  A *package* is a point
``(arms, sanctions, enforcement)`` of the unit cube:

* ``arms`` -- the share of the Taiwan arms package that goes ahead;
* ``sanctions`` -- the intensity of US Treasury sanctions on Chinese firms;
* ``enforcement`` -- the depth of China's enforcement of the sanctions on North Korea.

North Korea is not at the table and keeps testing (the article's prediction); what a package buys
the US is the share of its lifeline really cut, ``cut = lifeline_cut(enforcement, rho, lambda,
sanction_reach * sanctions)``.  The two sides' utilities of a package (with China's visible
cooperation ``credit``, equal to ``enforcement`` in a verified deal) are

    u_US    = - icbm_cost (1 - cut) + concession_cost * arms - sanction_backlash * sanctions
              + taiwan_linkage * credit * (1 - arms)
    u_China = credit (cooperation_value - taiwan_linkage * arms)
              - sanction_cost * sanctions * (1 - enforcement) - border_trade * enforcement
              - refugee_risk * cut * (refugee_cost + buffer_value)

(the same terms as ``sanctions_triangle``: the arms sale is worth ``concession_cost`` to the US and
damages mutual trust by ``taiwan_linkage``, which returns to both sides when the sale is held and
China cooperates).  :func:`us_utility`, :func:`china_utility`, :func:`package_grid`,
:func:`utility_possibility_set` and :func:`disagreement_point` give the bargaining problem as numpy
expressions (for the Nash, Kalai-Smorodinsky and other solutions in ``bargain.analysis``).

The normal-form :data:`model` is the game without a deal: the US picks one of the four corner
postures (arms sale on or held, sanctions on or off), China one of its three stances (enforce,
optics then ease, lax).  At the defaults its unique equilibrium is (Pressure, Optics) -- the status
quo the article describes, and the disagreement point of the bargaining problem.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bargain import GameError, Model
from bargain.model.parameters import Values

from ._shared import (
    BORDER_TRADE,
    BUFFER_VALUE,
    CONCESSION_COST,
    COOPERATION_VALUE,
    ICBM_COST,
    ILLICIT_LEAKAGE,
    OPTICS_CREDIT,
    OPTICS_SHARE,
    REFUGEE_COST,
    REFUGEE_RISK,
    RUSSIA_SUBSTITUTION,
    SANCTION_BACKLASH,
    SANCTION_COST,
    SANCTION_REACH,
    SOURCE,
    TAIWAN_LINKAGE,
    lifeline_cut,
)

__all__ = ["PARAMETERS", "POSTURES", "STANCES", "china_utility", "disagreement_point", "model", "package_grid",
           "payoffs", "us_utility", "utility_possibility_set"]

PARAMETERS = (BUFFER_VALUE, REFUGEE_RISK, REFUGEE_COST, BORDER_TRADE, COOPERATION_VALUE, TAIWAN_LINKAGE,
              SANCTION_COST, OPTICS_SHARE, OPTICS_CREDIT, RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE, ICBM_COST,
              SANCTION_REACH, SANCTION_BACKLASH, CONCESSION_COST)

#: US postures: name -> (arms, sanctions).
POSTURES = {"Pressure": (1, 1), "Arms hold": (0, 1), "Sanctions off": (1, 0), "Grand bargain": (0, 0)}
#: China's stances: name -> (enforcement, credit); optics earns more credit than it enforces.
STANCES = ("Enforce", "Optics", "Lax")


def _cut(p: Any, arms: Any, sanctions: Any, enforcement: Any) -> Any:
    # share of North Korea's lifeline really cut by China's enforcement and the US designations
    return lifeline_cut(enforcement, p.russia_substitution, p.illicit_leakage, p.sanction_reach * sanctions)


def _us(p: Any, arms: Any, sanctions: Any, enforcement: Any, credit: Any) -> Any:
    cut = _cut(p, arms, sanctions, enforcement)
    return (-p.icbm_cost * (1 - cut)                         # a testing North Korea, less the share cut
            + p.concession_cost * arms                       # the arms sale's value to the US
            - p.sanction_backlash * sanctions                # backlash from sanctioning Chinese firms
            + p.taiwan_linkage * credit * (1 - arms))        # mutual trust regained: sale held, China cooperates


def _china(p: Any, arms: Any, sanctions: Any, enforcement: Any, credit: Any) -> Any:
    cut = _cut(p, arms, sanctions, enforcement)
    return (credit * (p.cooperation_value - p.taiwan_linkage * arms)   # credit, net of the arms sale's damage
            - p.sanction_cost * sanctions * (1 - enforcement)          # designations of the trade left open
            - p.border_trade * enforcement                             # Dandong's lost trade
            - p.refugee_risk * cut * (p.refugee_cost + p.buffer_value))  # collapse: refugees, buffer lost


def payoffs(p: Any) -> dict:
    """Payoff table of the no-deal game (US posture x China stance) at parameter values ``p``."""
    stance = {"Enforce": (1, 1), "Optics": (p.optics_share, p.optics_credit), "Lax": (0, 0)}
    table = {}
    for posture, (arms, sanctions) in POSTURES.items():
        for name in STANCES:
            e, c = stance[name]
            table[(posture, name)] = (_us(p, arms, sanctions, e, c), _china(p, arms, sanctions, e, c))
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


def us_utility(arms: Any, sanctions: Any, enforcement: Any, credit: Any = None, **values: Any) -> np.ndarray:
    """US utility of packages (numpy-broadcasting over packages and parameter arrays).

    ``credit`` (China's visible cooperation) defaults to ``enforcement``; parameters not given take
    their defaults and are validated like ``model.game``.
    """
    a, s, e = _package(arms, sanctions, enforcement)
    return np.asarray(_us(_values(values), a, s, e, e if credit is None else credit), dtype=float)


def china_utility(arms: Any, sanctions: Any, enforcement: Any, credit: Any = None, **values: Any) -> np.ndarray:
    """China's utility of packages (numpy-broadcasting; see :func:`us_utility`)."""
    a, s, e = _package(arms, sanctions, enforcement)
    return np.asarray(_china(_values(values), a, s, e, e if credit is None else credit), dtype=float)


def package_grid(n: int = 21) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every package on an ``n x n x n`` grid of the unit cube, as three flat arrays (arms, sanctions, enforcement)."""
    if int(n) < 2:
        raise GameError(f"package_grid needs n >= 2 points per axis, got {n}")
    t = np.linspace(0.0, 1.0, int(n))
    a, s, e = np.meshgrid(t, t, t, indexing="ij")
    return a.ravel(), s.ravel(), e.ravel()


def utility_possibility_set(n: int = 21, **values: Any) -> np.ndarray:
    """Utilities ``(u_US, u_China)`` of every package of :func:`package_grid`, shape ``(n**3, 2)``.

    The utility possibility set is the image of the unit cube; its Pareto frontier is what the
    bargaining solutions choose from.  Both utilities are affine in each package component, so the
    set is the image of a multilinear map and the grid's vertices include its extreme points.
    Parameter arrays broadcast against the package axis: pass shape ``(k, 1)`` for ``k`` points,
    giving shape ``(k, n**3, 2)``.
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
    return np.stack(np.broadcast_arrays(_us(p, 1, 1, p.optics_share, p.optics_credit),
                                        _china(p, 1, 1, p.optics_share, p.optics_credit)), axis=-1).astype(float)
