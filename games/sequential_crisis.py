"""The sequential crisis: the US acts, China responds, the regime may wobble, North Korea answers.

The actors of ``sanctions_triangle`` (same parameters, from ``games._shared``) in a game tree
read from the same article (``games._shared.SOURCE``):

1. **US**: ``Sanction`` (Treasury sanctions on Chinese firms trading with North Korea) or
   ``Status quo`` (resist "the pressure to do 'something' just for the sake of it").
2. **China**, having seen the US move: ``Enforce`` (cut the sanctioned trade), ``Optics``
   ("initially take enough action to make the optics look as if it is working with the
   international community", then ease: enforcement share ``optics_share``, credit
   ``optics_credit``) or ``Lax``.
3. **Chance**: the squeeze topples the regime (``Wobble``) with probability
   ``refugee_risk * cut``, where ``cut`` is the share of North Korea's lifeline really cut after
   Russian substitution and illicit leakage (:func:`games._shared.lifeline_cut`; US designations
   reach ``sanction_reach`` of the trade China leaves open).  A wobbling regime is in turmoil: it
   stops testing to get relief, loses its whole lifeline, and China pays for the refugee crisis
   and the lost buffer.
4. **DPRK**, if the regime holds after a Chinese ``Enforce`` or ``Optics``: ``Test`` (keep
   testing, paying the squeeze ``lifeline_value * cut``) or ``Freeze``.  After ``Lax`` the
   pressure is off and it keeps testing.

Leaf payoffs (``e, c`` China's enforcement share and visible cooperation credit: Enforce (1, 1),
Optics (``optics_share``, ``optics_credit``), Lax (0, 0); ``s = [Sanction]``):

    China  = c (cooperation_value - taiwan_linkage) - s sanction_cost (1 - e) - border_trade e
             - [Wobble] (refugee_cost + buffer_value)
    US     = - s sanction_backlash - [Test] icbm_cost (1 - cut)
    DPRK   = [Test] (deterrent_value - lifeline_value cut) - [Wobble] lifeline_value

At the defaults the unique subgame-perfect equilibrium is the article's story: the US sanctions
Chinese firms, China enforces for optics and eases (it does not squeeze: the refugee and buffer
risk outweighs the sanctions it avoids), and North Korea keeps testing -- and would keep testing
even after a real squeeze that leaves the regime standing.

``model.tree(**values)`` is the :class:`~bargain.ExtensiveGame`; ``model.game(**values)`` its
reduced normal form (2 x 9 x 16); ``model.payoffs(**arrays)`` a batch of reduced normal forms in
one array operation; :func:`subgame_perfect` solves the tree.
"""

from __future__ import annotations

from typing import Any

from bargain.model.extensive import Chance, Decision, ExtensiveModel, Terminal

from ._shared import (
    BORDER_TRADE,
    BUFFER_VALUE,
    COOPERATION_VALUE,
    DETERRENT_VALUE,
    ICBM_COST,
    ILLICIT_LEAKAGE,
    LIFELINE_VALUE,
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

__all__ = ["model", "tree", "subgame_perfect", "PARAMETERS"]

#: The parameters, in the order of ``sanctions_triangle`` (without its Engage-only concession cost).
PARAMETERS = (BUFFER_VALUE, REFUGEE_RISK, REFUGEE_COST, BORDER_TRADE, COOPERATION_VALUE, TAIWAN_LINKAGE,
              SANCTION_COST, OPTICS_SHARE, OPTICS_CREDIT, RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE, LIFELINE_VALUE,
              DETERRENT_VALUE, ICBM_COST, SANCTION_REACH, SANCTION_BACKLASH)

PLAYERS = ("US", "China", "DPRK")


def tree(p: Any) -> Decision:
    """The game tree at parameter values ``p`` (numbers, arrays for a batch, or Fractions)."""
    us_moves = {}
    for us in ("Sanction", "Status quo"):
        s = 1 if us == "Sanction" else 0
        china_moves = {}
        # China's stances: (actual enforcement share e, visible cooperation credit c)
        for stance, (e, c) in (("Enforce", (1, 1)), ("Optics", (p.optics_share, p.optics_credit)), ("Lax", (0, 0))):
            # share of North Korea's lifeline really cut (after Russia and illicit channels)
            cut = lifeline_cut(e, p.russia_substitution, p.illicit_leakage, p.sanction_reach * s)
            # the chance that the squeeze topples the regime
            wobble = p.refugee_risk * cut
            # China: credit for visible cooperation (net of the damage of the Taiwan arms sale), US designations
            # of the trade it leaves open, and the border trade it gives up
            china_base = (c * (p.cooperation_value - p.taiwan_linkage)
                                  - s * p.sanction_cost * (1 - e) - p.border_trade * e)
            # the US: backlash in Beijing from sanctioning Chinese firms
            us_base = -s * p.sanction_backlash
            # a wobbling regime: refugees and a lost buffer for China, the whole lifeline lost for North Korea,
            # no more tests for the US to fear
            turmoil = Terminal(us_base, china_base - (p.refugee_cost + p.buffer_value), -p.lifeline_value)
            # North Korea keeps testing: the deterrent, against the squeeze; the US faces the tests, less the cut
            test = Terminal(us_base - p.icbm_cost * (1 - cut), china_base, p.deterrent_value - p.lifeline_value * cut)
            freeze = Terminal(us_base, china_base, 0)
            # after Lax there is no Chinese pressure to answer and the tests go on
            holds = test if stance == "Lax" else Decision("DPRK", {"Test": test, "Freeze": freeze})
            china_moves[stance] = Chance({"Wobble": (wobble, turmoil), "Holds": (1 - wobble, holds)})
        us_moves[us] = Decision("China", china_moves)
    return Decision("US", us_moves)


model = ExtensiveModel(
    "sequential_crisis", PARAMETERS, tree, players=PLAYERS,
    title="The sequential crisis: US, China, a wobbling regime and North Korea",
    description="The US sanctions Chinese firms or keeps the status quo; China, having seen it, enforces, enforces "
                "for optics then eases, or stays lax; the squeeze may topple the regime; a standing regime keeps "
                "testing or freezes.  At the defaults China does not squeeze and North Korea keeps testing.",
    references=(SOURCE, "Selten (1965) on subgame perfection; Kuhn (1953) on extensive games"),
)


def subgame_perfect(**values: Any) -> Any:
    """The subgame-perfect equilibria of the tree at ``values`` (others at their defaults)."""
    from bargain import subgame_perfect_equilibria

    return subgame_perfect_equilibria(model.tree(**values))
