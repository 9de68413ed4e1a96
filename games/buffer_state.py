"""The buffer state: China and North Korea alone.

China keeps North Korea afloat as a buffer; squeezing it earns China the credit of cooperating
with the sanctions regime, costs its border trade, and risks collapse and refugees on its border
(FPRI article, ``games._shared.SOURCE``).

Model card
----------
Timing (the convention of every game in the package, ``games._shared.TIMING``; no US move here).
    1. **China**: ``Squeeze`` (cut the share ``squeeze_intensity`` of its trade, at once, for full
       credit), ``Optics`` (cut ``optics_share`` for the credit ``optics_credit``) or ``Sustain``
       (keep North Korea afloat).
    2. **Chance**, after a squeeze or optics: the regime collapses with probability
       ``refugee_risk * cut``, ``cut = lifeline_cut(e, russia_substitution, 0)``.
    3. **DPRK**, if the regime stands, having seen China's move: ``Provoke`` (keep testing) or
       ``Restrain``.

    The normal form (``model.game()``) is the tree's reduced normal form: North Korea's strategies
    are plans, its answer to each Chinese move.  Its equilibria that are not subgame perfect rest
    on incredible threats (``bargain claims buffer_state`` marks them).

Who pays what, and when.
    At once -- China: ``c * cooperation_value`` (the credit of its visible cooperation ``c``).  On
    collapse -- China ``-collapse_cost``, North Korea ``-lifeline_value``.  If North Korea provokes
    -- it gets ``deterrent_value - lifeline_value * cut`` (the squeeze stays on a provoking regime;
    ``cut = 0`` if China sustains).  Restraint brings relief and pays nothing.  Dandong's border
    trade is left out here: without US designations it would enter only with the collapse cost,
    both per unit of trade cut, and could not be told apart from it (``sanctions_triangle`` does).

Which sentences each mechanism encodes.
    The buffer and the refugees ("a geopolitical interest in keeping North Korea afloat since it
    provides a buffer"; "a refugee crisis and potential violent turmoil on its border"):
    ``collapse_cost`` and ``refugee_risk``.  The credit ("a political interest in cooperating and
    complying with international sanctions"): ``cooperation_value``.  The optics ("enough action to
    make the optics look as if it is working"): ``optics_share``, ``optics_credit``.  A squeeze
    short of a full cut ("spotty at best"): ``squeeze_intensity``.  Russia and the illicit economy
    blunt the squeeze (``russia_substitution``: without US designations the two leaks would enter
    only as one product, so the smugglers' share is folded into it here).  China as the
    key ("can only work if Beijing complies"): a squeeze makes North Korea restrain itself at the
    defaults.

What the model leaves out.
    The United States (and with it the Taiwan arms sale and the sanctions on Chinese firms: the
    credit here is the full ``cooperation_value``); Dandong's traders (see above); South Korea and
    Japan; Russian oil off the books; talks with North Korea; China's own dislike of a nuclear North
    Korea.

At the defaults the unique subgame-perfect equilibrium has China enforce for optics and North Korea
provoke -- although a real squeeze would make it restrain itself: the squeeze's collapse risk
outweighs its extra credit.
"""

from __future__ import annotations

from typing import Any

from bargain import Parameter
from bargain.analysis.claims import Claim
from bargain.model.extensive import Chance, Decision, ExtensiveModel, Terminal

from ._shared import (
    COLLAPSE_COST,
    COOPERATION_VALUE,
    DETERRENT_VALUE,
    LIFELINE_VALUE,
    OPTICS_CREDIT,
    OPTICS_SHARE,
    REFUGEE_RISK,
    RUSSIA_SUBSTITUTION,
    SOURCE,
    china_collapse,
    collapse_probability,
    credit,
    dprk_collapse,
    dprk_test,
    lifeline_cut,
)

__all__ = ["CLAIMS", "PARAMETERS", "SQUEEZE_INTENSITY", "model", "tree"]

SQUEEZE_INTENSITY = Parameter(
    "squeeze_intensity", 0.85, (0.0, 1.0), plausible=(0.6, 1.0), unit="share",
    meaning="share of its trade with North Korea China would cut in a squeeze",
    source="\"fully cutting of economic relations with North Korea would risk a great deal of discontent\"; "
           "China's enforcement \"has most often been spotty at best\" -- a squeeze stops short of a full cut. "
           "Plausible range: most of the trade, up to all of it",
)

PARAMETERS = (COLLAPSE_COST, REFUGEE_RISK, COOPERATION_VALUE, SQUEEZE_INTENSITY, OPTICS_SHARE, OPTICS_CREDIT,
              RUSSIA_SUBSTITUTION, LIFELINE_VALUE, DETERRENT_VALUE)

#: China's moves: name -> (enforcement share, visible credit) at parameter values ``p``.
CHINA = ("Squeeze", "Optics", "Sustain")


def tree(p: Any) -> Decision:
    """The game tree at parameter values ``p`` (numbers, arrays for a batch, or Fractions)."""
    moves = {}
    for name, (e, c) in (("Squeeze", (p.squeeze_intensity, 1)), ("Optics", (p.optics_share, p.optics_credit))):
        cut = lifeline_cut(e, p.russia_substitution, 0)
        now = credit(c, p.cooperation_value)
        answer = Decision("DPRK", {"Provoke": Terminal(now, dprk_test(p, cut)), "Restrain": Terminal(now, 0)})
        q = collapse_probability(p, cut)
        moves[name] = Chance({"Collapse": (q, Terminal(now + china_collapse(p), dprk_collapse(p))),
                              "Holds": (1 - q, answer)})
    moves["Sustain"] = Decision("DPRK", {"Provoke": Terminal(0, dprk_test(p, 0)), "Restrain": Terminal(0, 0)})
    return Decision("China", moves)


model = ExtensiveModel(
    "buffer_state", PARAMETERS, tree, players=("China", "DPRK"),
    title="The buffer state: China and North Korea",
    description="China squeezes North Korea, squeezes for optics, or sustains it; a squeeze may topple the regime; "
                "a standing North Korea, having seen China's move, provokes or restrains.  At the defaults China "
                "enforces for optics and North Korea provokes, though a real squeeze would make it restrain itself.",
    references=(SOURCE, "Selten (1965) on subgame perfection"),
)

def _provokes_on_path(ev: Any) -> Any:
    """Where a standing North Korea provokes after China's subgame-perfect move."""
    china = ev.spe_action("China@root")
    out = (china == "Sustain") & (ev.spe_action("DPRK@Sustain") == "Provoke")
    for move in ("Squeeze", "Optics"):
        out = out | ((china == move) & (ev.spe_action(f"DPRK@{move}/Holds") == "Provoke"))
    return out


#: The article's claims this game encodes.
CLAIMS = (
    Claim("china_does_not_squeeze", "China does not squeeze North Korea in earnest (subgame-perfect)",
          "China has a geopolitical interest in keeping North Korea afloat since it provides a buffer between itself "
          "and the U.S. ally of South Korea",
          lambda ev: ev.spe_action("China@root") != "Squeeze"),
    Claim("north_korea_provokes", "North Korea keeps provoking on the subgame-perfect path",
          "they are making rapid progress in getting there.",
          lambda ev: _provokes_on_path(ev)),
    Claim("squeeze_would_work", "a squeeze would make a standing North Korea restrain itself",
          "International sanctions against North Korea can only work if Beijing complies",
          lambda ev: ev.spe_action("DPRK@Squeeze/Holds") == "Restrain"),
)
