"""The Russia channel: North Korea's outside option.

However hard China enforces, Russia can replace part of what China cuts, and illicit channels leak
part of the rest (FPRI article, ``games._shared.SOURCE``).

Model card
----------
Timing (the convention of every game in the package, ``games._shared.TIMING``: North Korea
answers last, having seen every earlier move).
    China has enforced the share ``china_enforcement`` of its trade (a parameter: the game asks
    what Chinese compliance would achieve).  1. **Russia**: ``Expand`` (open its trade and oil to
    North Korea) or ``Hold back``.  2. **DPRK**, having seen Russia's move: ``Test`` or
    ``Freeze``.  The normal form (``model.game()``) is the tree's reduced normal form (North
    Korea's plans answer each Russian move).

Who pays what, and when.
    At once -- Russia, if it expands: ``-russia_isolation_cost`` (being seen to prop up North
    Korea against the sanctions regime).  If North Korea tests (the squeeze stays on; a freeze
    brings relief and closes the gap) -- North Korea gets ``deterrent_value - lifeline_value *
    cut``, with ``cut = china_enforcement * (1 - russia_substitution)`` if Russia expands and
    ``china_enforcement`` if it holds back;
    Russia, if it expanded, earns ``russia_trade_gain * china_enforcement * russia_substitution``,
    the trade it really takes over.  A freeze pays nothing further.

Which sentences each mechanism encodes.
    The ferry and the oil ("a new ferry route opened between North Korea's Rajin Port and
    Vladivostok"; "North Korea purchases a significant proportion of its oil and fuels from Russia,
    not just China"): ``russia_substitution``.  The illicit economy ("when some operations are
    targeted and shut down, others pop up") is folded into ``china_enforcement``, the share of the
    lifeline China's enforcement really cuts: here the two would enter only as one product.
    Russia's motive ("As Russia grows increasingly isolated ... it will strive to expand its trade
    partners"): ``russia_trade_gain``.  Its
    restraint ("The U.S. could attempt to work with Russia ... the trend appears to be going in the
    opposite direction"): ``russia_isolation_cost``.  China as the key: ``china_enforcement``,
    ``lifeline_value``.

What the model leaves out.
    The US and China as players (China's enforcement is given); the collapse risk of the squeeze
    (the regime stands here); Russian oil bought off the books, which the article says hides how
    much Russia supplies (only open substitution is modelled; the hidden part is in the
    leakage folded into ``china_enforcement``); South Korea, Japan; talks with North Korea.

At the defaults China enforces fully (cutting 60% of the lifeline past the smugglers) and North
Korea freezes: Russia would not fill the gap (it
replaces too little to pay for its isolation), and even with Russia expanding the squeeze outweighs
the deterrent.  Russia saves the tester only where it replaces much, and China enforces enough to
leave it a trade worth taking.
"""

from __future__ import annotations

from typing import Any

from bargain import Parameter
from bargain.analysis.claims import Claim
from bargain.model.extensive import Decision, ExtensiveModel, Terminal

from ._shared import DETERRENT_VALUE, LIFELINE_VALUE, RUSSIA_SUBSTITUTION, SOURCE, dprk_test, lifeline_cut

__all__ = ["CHINA_ENFORCEMENT", "CLAIMS", "PARAMETERS", "RUSSIA_ISOLATION_COST", "RUSSIA_TRADE_GAIN", "model",
           "russia_trade", "tree"]

CHINA_ENFORCEMENT = Parameter(
    "china_enforcement", 0.6, (0.0, 1.0), plausible=(0.4, 0.8), unit="share",
    meaning="share of North Korea's lifeline that China's enforcement really cuts, past the illicit channels "
            "(0.6: China does all the US asks and the smugglers leak 40%)",
    source="\"International sanctions against North Korea can only work if Beijing complies\" -- the game asks "
           "what compliance would achieve; \"illicit activities are part of the backbone of the North Korean "
           "economy\". Plausible range: full compliance, less a backbone of smuggling",
)

RUSSIA_TRADE_GAIN = Parameter(
    "russia_trade_gain", 5.0, (0.0, 20.0), plausible=(2.0, 10.0), unit="utils",
    meaning="Russia's value of capturing all the North Korean trade China cuts (scaled by the share it replaces)",
    source="\"As Russia grows increasingly isolated within the international community, it will strive to expand "
           "its trade partners, and North Korea needs the same thing.\" Plausible range: a real motive, of the order "
           "of China's own credit",
)

RUSSIA_ISOLATION_COST = Parameter(
    "russia_isolation_cost", 1.0, (0.0, 10.0), plausible=(0.5, 3.0), unit="utils",
    meaning="Russia's cost of being seen to prop up North Korea against the sanctions regime",
    source="\"The U.S. could attempt to work with Russia on the North Korean issue ... But as of now, the trend "
           "appears to be going in the opposite direction.\" Plausible range: small -- Russia is already isolated",
)

PARAMETERS = (CHINA_ENFORCEMENT, RUSSIA_SUBSTITUTION, LIFELINE_VALUE, DETERRENT_VALUE, RUSSIA_TRADE_GAIN,
              RUSSIA_ISOLATION_COST)


def russia_trade(p: Any, expand: Any, test: Any) -> Any:
    """Russia's payoff: the isolation cost of expanding, paid at once, and the trade it really takes
    over (gain x the share of the lifeline China's enforcement cuts past the smugglers x the share
    Russia replaces), earned only while the squeeze is on."""
    taken = lifeline_cut(p.china_enforcement, 0, 0) * p.russia_substitution
    return expand * (test * p.russia_trade_gain * taken - p.russia_isolation_cost)


def tree(p: Any) -> Decision:
    """The game tree at parameter values ``p`` (numbers, arrays for a batch, or Fractions)."""
    moves = {}
    for russia, rho in (("Expand", p.russia_substitution), ("Hold back", 0)):
        expand = 1 if russia == "Expand" else 0
        cut = lifeline_cut(p.china_enforcement, rho, 0)
        moves[russia] = Decision("DPRK", {"Test": Terminal(dprk_test(p, cut), russia_trade(p, expand, 1)),
                                          "Freeze": Terminal(0 * p.deterrent_value, russia_trade(p, expand, 0))})
    return Decision("Russia", moves)


model = ExtensiveModel(
    "russia_channel", PARAMETERS, tree, players=("DPRK", "Russia"),
    title="The Russia channel: North Korea's outside option",
    description="Russia expands its trade with North Korea or holds back; North Korea, having seen it, tests or "
                "freezes.  With full Chinese enforcement at the defaults Russia holds back and North Korea freezes; "
                "Russia saves the tester only when it replaces much of what China cuts.",
    references=(SOURCE, "Selten (1965) on subgame perfection"),
)

def _saves(ev: Any) -> Any:
    """Where Russia expands and North Korea then tests (subgame-perfect)."""
    return (ev.spe_action("Russia@root") == "Expand") & (ev.spe_action("DPRK@Expand") == "Test")


#: The article's claims this game encodes.
CLAIMS = (
    Claim("full_enforcement_works", "with full Chinese enforcement North Korea freezes (subgame-perfect path)",
          "International sanctions against North Korea can only work if Beijing complies",
          lambda ev: ((ev.spe_action("Russia@root") == "Expand") & (ev.spe_action("DPRK@Expand") == "Freeze"))
          | ((ev.spe_action("Russia@root") == "Hold back") & (ev.spe_action("DPRK@Hold back") == "Freeze"))),
    Claim("russia_can_save_the_tester", "if Russia replaced half of what China cuts, it would expand and North Korea "
          "would keep testing",
          "North Korea purchases a significant proportion of its oil and fuels from Russia, not just China; "
          "Russia has hinted at expanding its ties with North Korea",
          lambda ev: _saves(ev.at(russia_substitution=0.5))),
)
