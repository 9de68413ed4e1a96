"""The Russia channel: North Korea's outside option.

However hard China enforces, Russia can replace part of what China cuts, and illicit channels leak
part of the rest (FPRI article, ``games._shared.SOURCE``: the Rajin-Vladivostok ferry, Russian oil
bought off the books, "as Russia grows increasingly isolated ... it will strive to expand its trade
partners").  Two players choose at once, with China's enforcement a parameter:

* **DPRK**: ``Test`` or ``Freeze`` (a freeze brings sanctions relief: no squeeze);
* **Russia**: ``Expand`` (open its trade and oil to North Korea) or ``Hold back``.

With ``e = china_enforcement``, Russia replacing ``russia_substitution`` of the trade China cuts
only if it expands, and illicit channels leaking ``illicit_leakage``:

    cut(Expand) = e (1 - russia_substitution)(1 - illicit_leakage),   cut(Hold back) = e (1 - illicit_leakage)
    DPRK:   Test -> deterrent_value - lifeline_value * cut(Russia),   Freeze -> 0
    Russia: Expand -> russia_trade_gain * e - russia_isolation_cost * [Test],   Hold back -> 0

(Russia's gain is the trade China's enforcement leaves to capture.)  At the defaults China
enforces fully, and still the unique equilibrium is (Test, Expand): Russia fills the gap, and the
squeeze that would make North Korea freeze (``lifeline_value * e * (1 - illicit_leakage)`` above
the deterrent value) never comes.
"""

from __future__ import annotations

from bargain import Model, Parameter

from ._shared import DETERRENT_VALUE, ILLICIT_LEAKAGE, LIFELINE_VALUE, RUSSIA_SUBSTITUTION, SOURCE

__all__ = ["CHINA_ENFORCEMENT", "PARAMETERS", "RUSSIA_ISOLATION_COST", "RUSSIA_TRADE_GAIN", "model", "payoffs"]

CHINA_ENFORCEMENT = Parameter(
    "china_enforcement", 1.0, (0.0, 1.0), unit="share",
    meaning="share of its trade with North Korea that China cuts (1: China does all the US asks)",
    source="\"International sanctions against North Korea can only work if Beijing complies\" -- the game asks "
           "what full compliance would achieve",
)

RUSSIA_TRADE_GAIN = Parameter(
    "russia_trade_gain", 3.0, (0.0, 10.0), unit="utils",
    meaning="Russia's value of capturing all the North Korean trade China cuts",
    source="\"As Russia grows increasingly isolated within the international community, it will strive to expand "
           "its trade partners, and North Korea needs the same thing.\"",
)

RUSSIA_ISOLATION_COST = Parameter(
    "russia_isolation_cost", 1.5, (0.0, 10.0), unit="utils",
    meaning="Russia's cost of being seen to prop up a North Korea that keeps testing",
    source="\"The U.S. could attempt to work with Russia on the North Korean issue ... But as of now, the trend "
           "appears to be going in the opposite direction.\"",
)

PARAMETERS = (CHINA_ENFORCEMENT, RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE, LIFELINE_VALUE, DETERRENT_VALUE,
              RUSSIA_TRADE_GAIN, RUSSIA_ISOLATION_COST)

DPRK = ("Test", "Freeze")
RUSSIA = ("Expand", "Hold back")


def payoffs(p) -> dict:
    """Payoff table of the Russia-channel game at parameter values ``p`` (broadcasting over a batch)."""
    e = p.china_enforcement
    leak = 1 - p.illicit_leakage
    # share of the lifeline a test-triggered squeeze really cuts, with and without Russia filling the gap
    cut = {"Expand": e * (1 - p.russia_substitution) * leak, "Hold back": e * leak}
    table = {}
    for russia in RUSSIA:
        expand = 1 if russia == "Expand" else 0
        for dprk in DPRK:
            test = 1 if dprk == "Test" else 0
            # North Korea: the deterrent's value against the squeeze that follows a test (a freeze brings relief)
            u_dprk = test * (p.deterrent_value - p.lifeline_value * cut[russia])
            # Russia: the trade China's enforcement leaves to capture, less the cost of propping up a tester
            u_russia = expand * (p.russia_trade_gain * e - p.russia_isolation_cost * test)
            table[(dprk, russia)] = (u_dprk, u_russia)
    return table


model = Model(
    "russia_channel", PARAMETERS, payoffs,
    players=("DPRK", "Russia"), strategies=(DPRK, RUSSIA),
    title="The Russia channel: North Korea's outside option",
    description="North Korea tests or freezes; Russia expands its trade or holds back.  Even with full Chinese "
                "enforcement, at the defaults Russia expands and North Korea keeps testing.",
    references=(SOURCE,),
)
