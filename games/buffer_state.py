"""The buffer state: China and North Korea alone.

China keeps North Korea afloat as a buffer, but a North Korea that provokes costs China the
political credit of cooperating with the sanctions regime; squeezing it risks collapse and refugees
on the border (FPRI article, ``games._shared.SOURCE``).  Two players choose at once:

* **China**: ``Squeeze`` (a posture: cut a share ``squeeze_intensity`` of the trade if North Korea
  provokes, relent if it restrains) or ``Sustain`` (keep it afloat whatever it does).
* **DPRK**: ``Provoke`` (keep testing) or ``Restrain``.

With ``cut = lifeline_cut(squeeze_intensity, russia_substitution, illicit_leakage)`` the share of
North Korea's lifeline a squeeze really cuts,

    (Squeeze, Provoke):  China  cooperation_value - border_trade * s
                                - refugee_risk * cut * (refugee_cost + buffer_value)
                         DPRK   deterrent_value - lifeline_value * cut
    (Squeeze, Restrain): China  cooperation_value    (a squeeze that worked, without a squeeze)
                         DPRK   0
    (Sustain, Provoke):  China  0                    DPRK  deterrent_value
    (Sustain, Restrain): China  0                    DPRK  0

The collapse probability ``refugee_risk * cut`` rises with the squeeze.  At the defaults the unique
equilibrium is (Sustain, Provoke): the refugee and buffer risk outweighs China's credit for a
squeeze, and North Korea keeps testing.  With cheaper collapse (lower refugee cost or buffer value,
or a lifeline Russia props up) China squeezes; with a lifeline that bites, a second, coercive
equilibrium (Squeeze, Restrain) appears, and a mixed one between them.
"""

from __future__ import annotations

from bargain import Model, Parameter

from ._shared import (
    BORDER_TRADE,
    BUFFER_VALUE,
    COOPERATION_VALUE,
    DETERRENT_VALUE,
    ILLICIT_LEAKAGE,
    LIFELINE_VALUE,
    REFUGEE_COST,
    REFUGEE_RISK,
    RUSSIA_SUBSTITUTION,
    SOURCE,
    lifeline_cut,
)

__all__ = ["PARAMETERS", "SQUEEZE_INTENSITY", "model", "payoffs"]

SQUEEZE_INTENSITY = Parameter(
    "squeeze_intensity", 0.6, (0.0, 1.0), unit="share",
    meaning="share of its trade with North Korea China would cut in a squeeze",
    source="\"fully cutting of economic relations with North Korea would risk a great deal of discontent\"; "
           "China's enforcement \"has most often been spotty at best\" -- a squeeze stops short of a full cut",
)

PARAMETERS = (BUFFER_VALUE, REFUGEE_RISK, REFUGEE_COST, BORDER_TRADE, COOPERATION_VALUE, SQUEEZE_INTENSITY,
              RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE, LIFELINE_VALUE, DETERRENT_VALUE)

CHINA = ("Squeeze", "Sustain")
DPRK = ("Provoke", "Restrain")


def payoffs(p) -> dict:
    """Payoff table of the buffer-state game at parameter values ``p`` (broadcasting over a batch)."""
    s = p.squeeze_intensity
    # share of North Korea's lifeline a squeeze really cuts, after Russia and illicit channels
    cut = lifeline_cut(s, p.russia_substitution, p.illicit_leakage)
    # China squeezing a provoking regime: credit for disciplining it, lost border trade, and the risk that
    # the squeeze topples the regime (refugees on the border, the buffer lost)
    china_squeeze = (p.cooperation_value - p.border_trade * s
                     - p.refugee_risk * cut * (p.refugee_cost + p.buffer_value))
    return {
        ("Squeeze", "Provoke"): (china_squeeze, p.deterrent_value - p.lifeline_value * cut),
        # a restrained North Korea is not squeezed: China keeps the credit at no cost
        ("Squeeze", "Restrain"): (p.cooperation_value, 0),
        # sustained, North Korea provokes for free; China neither gains credit nor pays
        ("Sustain", "Provoke"): (0, p.deterrent_value),
        ("Sustain", "Restrain"): (0, 0),
    }


model = Model(
    "buffer_state", PARAMETERS, payoffs,
    players=("China", "DPRK"), strategies=(CHINA, DPRK),
    title="The buffer state: China and North Korea",
    description="China squeezes or sustains North Korea; North Korea provokes or restrains.  The collapse risk "
                "rises with the squeeze; at the defaults China sustains and North Korea provokes.",
    references=(SOURCE,),
)
