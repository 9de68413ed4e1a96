"""The sequential crisis: the US acts, China responds, the regime may fall, North Korea answers.

The actors of ``sanctions_triangle`` (the same parameters and payoff blocks, from
``games._shared``) in a game tree read from the same article (``games._shared.SOURCE``).

Model card
----------
Timing (the convention of every game in the package, ``games._shared.TIMING``).
    1. **US**: ``Sanction`` (Treasury sanctions on Chinese firms trading with North Korea) or
       ``Status quo`` (resist "the pressure to do 'something' just for the sake of it").  The
       Taiwan arms sale goes ahead in both (``sanctions_triangle`` adds the concession).
    2. **China**, having seen the US move: ``Enforce`` (share 1, full credit), ``Optics``
       ("initially take enough action to make the optics look as if it is working", then ease:
       share ``optics_share``, credit ``optics_credit``) or ``Lax``.
    3. **Chance**: the squeeze topples the regime (``Collapse``) with probability
       ``refugee_risk * cut``, ``cut`` the share of North Korea's lifeline really cut after Russian
       substitution and illicit leakage (US designations reach ``sanction_reach`` of the trade
       China leaves open).
    4. **DPRK**, if the regime ``Holds``, having seen China's stance -- after every stance,
       ``Lax`` included: ``Test`` or ``Freeze``.

Who pays what, and when.
    At once -- US: ``-sanction_backlash s - c (taiwan_linkage + sanction_trust s)`` (the mutual
    trust the arms sale and the sanctions destroy, on China's visible cooperation ``c``); China:
    ``c (cooperation_value - taiwan_linkage - sanction_trust s) - border_trade e - sanction_cost
    s (1 - e)``.  On collapse -- US ``-us_collapse_cost``, China ``-collapse_cost`` (refugees,
    turmoil, the buffer), DPRK ``-lifeline_value``.  If North Korea tests -- DPRK
    ``deterrent_value - lifeline_value cut``, US ``-icbm_cost (1 - cut)``; a freeze brings relief
    and pays nothing further.  China has paid for its stance before North Korea answers.

Which sentences each mechanism encodes.
    As in ``sanctions_triangle``: China as the key ("sanctions ... can only work if Beijing
    complies"), the optics that ease ("the pressure tends to let up"), the collapse risk ("the
    risk of pushing North Korea too hard ... a refugee crisis"), Dandong's traders, Cui's sentence
    on the arms sale and the sanctions on Chinese enterprises, the Treasury designations, Russia
    and the illicit economy, and North Korea's goal ("a full-fledged nuclear state").

What the model leaves out.
    The linkage concession (``sanctions_triangle``, ``linkage_bargain``); South Korea as a player
    (only in ``us_collapse_cost``); Japan; Russian oil off the books (part of
    ``illicit_leakage``); talking to North Korea; repetition (optics, then easing, is one move).

At the defaults the unique subgame-perfect equilibrium is the article's story: the US sanctions
Chinese firms, China enforces for optics and eases, North Korea keeps testing -- and would freeze
if China enforced fully.  The reduced normal form (``model.game()``, 2 x 9 x 64) has other
equilibria, which rest on incredible threats (``bargain claims sequential_crisis``).

``model.tree(**values)`` is the :class:`~bargain.ExtensiveGame`; ``model.game(**values)`` its
reduced normal form; ``model.payoffs(**arrays)`` a batch of reduced normal forms in one array
operation; :func:`subgame_perfect` solves the tree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bargain.analysis.claims import Claim
from bargain.model.extensive import ExtensiveModel

from ._shared import SHARED_PARAMETERS, SOURCE, crisis_tree

__all__ = ["CLAIMS", "PARAMETERS", "PLAYERS", "model", "subgame_perfect"]

#: The parameters of ``sanctions_triangle`` without its Engage-only concession cost.
PARAMETERS = tuple(prm for prm in SHARED_PARAMETERS if prm.name != "concession_cost")

PLAYERS = ("US", "China", "DPRK")

#: The US moves of this tree (keys of ``games._shared.POSTURES``).
US_MOVES = ("Sanction", "Status quo")


def tree(p: Any) -> Any:
    """The game tree at parameter values ``p`` (numbers, arrays for a batch, or Fractions)."""
    return crisis_tree(p, US_MOVES)


model = ExtensiveModel(
    "sequential_crisis", PARAMETERS, tree, players=PLAYERS,
    title="The sequential crisis: US, China, a wobbling regime and North Korea",
    description="The US sanctions Chinese firms or keeps the status quo; China, having seen it, enforces, enforces "
                "for optics then eases, or stays lax; the squeeze may topple the regime; a standing regime, having "
                "seen China's stance, keeps testing or freezes.  At the defaults China does not squeeze and North "
                "Korea keeps testing, though it would freeze under full enforcement.",
    references=(SOURCE, "Selten (1965) on subgame perfection; Kuhn (1953) on extensive games"),
)


def subgame_perfect(**values: Any) -> Any:
    """The subgame-perfect equilibria of the tree at ``values`` (others at their defaults)."""
    from bargain import subgame_perfect_equilibria

    return subgame_perfect_equilibria(model.tree(**values))


def _tests_on_path(ev: Any) -> Any:
    """Where a standing North Korea tests on the subgame-perfect path (whatever the US and China chose)."""
    us = ev.spe_action("US@root")
    out = np.zeros(ev.batch_shape, dtype=bool)
    for u in US_MOVES:
        china = ev.spe_action(f"China@{u}")
        for c in ("Enforce", "Optics", "Lax"):
            here = (us == u) & (china == c)
            out |= here & (ev.spe_action(f"DPRK@{u}/{c}/Holds") == "Test")
    return out


_HEADLINE = ("Usually, after new international sanctions are adopted following a North Korean nuclear or missile "
             "test, Beijing will initially take enough action to make the optics look as if it is working with the "
             "international community to squeeze North Korea. As time goes by, however, the pressure tends to let up")

#: The article's claims this game encodes, as statements about its subgame-perfect equilibrium.
CLAIMS = (
    Claim("headline", "the subgame-perfect path is Sanction, Optics, Test", _HEADLINE,
          lambda ev: ev.spe_path(("US@root", "Sanction"), ("China@Sanction", "Optics"),
                                 ("DPRK@Sanction/Optics/Holds", "Test"))),
    Claim("china_does_not_enforce", "after US sanctions on its firms China does not enforce fully",
          "China ... has only reluctantly gone along with sanctions without putting much of an effort into enforcing "
          "them.",
          lambda ev: ev.spe_action("China@Sanction") != "Enforce"),
    Claim("china_is_pivotal", "if China enforced fully after US sanctions, a standing North Korea would freeze",
          "International sanctions against North Korea can only work if Beijing complies since China is North "
          "Korea's largest trading partner by far.",
          lambda ev: ev.spe_action("DPRK@Sanction/Enforce/Holds") == "Freeze"),
    Claim("north_korea_keeps_testing", "on the subgame-perfect path a standing North Korea tests",
          "they are making rapid progress in getting there.",
          lambda ev: _tests_on_path(ev)),
    Claim("lax_is_answered", "after a lax China, North Korea decides too, and tests",
          "China's enforcement of sanctions on North Korea has most often been spotty at best.",
          lambda ev: ev.spe_action("DPRK@Status quo/Lax/Holds") == "Test"),
)
