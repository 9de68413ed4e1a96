"""Parameters and formulas shared by the US-China-DPRK games.

The games in this package read one article closely (:data:`SOURCE`).
Every parameter here rests on a sentence of that article (quoted in its ``source``), and the
defaults reproduce the article's argument: China does not enforce sanctions in earnest and North
Korea keeps testing.  ``sanctions_triangle`` (normal form) and ``sequential_crisis`` (the same
actors in a game tree) import these definitions so a name means the same thing, with the same
default and bounds, in both.

Scale.  Payoffs are in *utils* on one common scale: 10 utils is the US cost of a North Korea that
keeps testing ICBMs (:data:`ICBM_COST`).  The levels are calibrated judgments, not measurements;
the article fixes their ordering (what outweighs what), and the sensitivity tools show how far
each may move before the predicted equilibrium changes.  Probabilities and shares are in [0, 1].

The economic channel (used by every game).  When China enforces a share ``e`` of the sanctions on
its trade with North Korea (and US secondary sanctions cut a further share of the trade China
leaves open), Russia replaces a share ``russia_substitution`` of the lost trade and illicit
channels leak a share ``illicit_leakage`` of the rest, so the share of North Korea's lifeline
that is really cut is :func:`lifeline_cut`.
"""

from __future__ import annotations

from typing import Any

from bargain import Parameter

__all__ = [
    "SOURCE",
    "BUFFER_VALUE",
    "REFUGEE_RISK",
    "REFUGEE_COST",
    "BORDER_TRADE",
    "TAIWAN_LINKAGE",
    "SANCTION_COST",
    "RUSSIA_SUBSTITUTION",
    "ILLICIT_LEAKAGE",
    "DETERRENT_VALUE",
    "ICBM_COST",
    "LIFELINE_VALUE",
    "COOPERATION_VALUE",
    "OPTICS_SHARE",
    "OPTICS_CREDIT",
    "SANCTION_REACH",
    "SANCTION_BACKLASH",
    "CONCESSION_COST",
    "SHARED_PARAMETERS",
    "lifeline_cut",
]

#: The article every game in this package rests on.
SOURCE = ("Foreign Policy Research Institute, \"The U.S. Needs China to Act on North Korea. Now, That is "
          "Harder than Usual\" (July 2017)")

# --------------------------------------------------------------------------- China
BUFFER_VALUE = Parameter(
    "buffer_value", 6.0, (0.0, 30.0), unit="utils",
    meaning="China's value of North Korea as a buffer against US-allied South Korea (lost if the regime collapses)",
    source="\"China has a geopolitical interest in keeping North Korea afloat since it provides a buffer between "
           "itself and the U.S. ally of South Korea and since U.S. troops are stationed there.\"",
)

REFUGEE_RISK = Parameter(
    "refugee_risk", 0.5, (0.0, 1.0), unit="probability",
    meaning="probability that cutting North Korea's lifeline completely topples the regime and sends refugees "
            "over the border (scaled by the share actually cut)",
    source="\"it would have to balance any such interests against the risk of pushing North Korea too hard. "
           "Should the North Korean regime's stability be threatened ...\"",
)

REFUGEE_COST = Parameter(
    "refugee_cost", 10.0, (0.0, 30.0), unit="utils",
    meaning="China's cost of a refugee crisis and violent turmoil on its border if the regime collapses",
    source="\"China would risk having a refugee crisis and potential violent turmoil on its border. Such a scenario "
           "would be a nightmare for the risk-averse Beijing regime.\"",
)

BORDER_TRADE = Parameter(
    "border_trade", 2.0, (0.0, 10.0), unit="utils",
    meaning="value to China's border region (Dandong traders) of the trade that full enforcement would cut",
    source="\"fully cutting of economic relations with North Korea would risk a great deal of discontent from "
           "businesspeople and traders in cities such as Dandong\"; trade \"grew almost 40% in the first "
           "quarter\" of 2017 (Trump, quoted)",
)

TAIWAN_LINKAGE = Parameter(
    "taiwan_linkage", 2.0, (0.0, 10.0), unit="utils",
    meaning="damage to US-China trust from the Taiwan arms sale: what China's cooperation loses while the sale "
            "stands (restored by a US linkage concession)",
    source="the $1.4 billion arms sale to Taiwan; Amb. Cui Tiankai: \"US arms sales to Taiwan and the sanctions "
           "against Chinese enterprises have damaged the basis and mutual trust between the two countries\"",
)

SANCTION_COST = Parameter(
    "sanction_cost", 2.0, (0.0, 10.0), unit="utils",
    meaning="cost to China of US Treasury sanctions on Chinese firms trading with North Korea, if China leaves "
            "all that trade open (scaled by the share left open)",
    source="\"the U.S. has upped the pressure by targeting specific Chinese firms and individuals with sanctions "
           "for their ties to North Korea\"",
)

# --------------------------------------------------------------------------- North Korea's lifeline
RUSSIA_SUBSTITUTION = Parameter(
    "russia_substitution", 0.3, (0.0, 1.0), unit="share",
    meaning="share of the trade and oil China cuts that Russia replaces",
    source="\"a new ferry route opened between North Korea's Rajin Port and Vladivostok\"; \"North Korea "
           "purchases a significant proportion of its oil and fuels from Russia, not just China\" (Ri Jong Ho)",
)

ILLICIT_LEAKAGE = Parameter(
    "illicit_leakage", 0.4, (0.0, 1.0), unit="share",
    meaning="share of the remaining cut that North Korea evades through illicit channels",
    source="\"illicit activities are part of the backbone of the North Korean economy ... when some operations "
           "are targeted and shut down, others pop up.\"",
)

LIFELINE_VALUE = Parameter(
    "lifeline_value", 8.0, (0.0, 20.0), unit="utils",
    meaning="North Korea's loss if its whole external lifeline (trade through China) were really cut",
    source="\"International sanctions against North Korea can only work if Beijing complies since China is North "
           "Korea's largest trading partner by far.\"",
)

DETERRENT_VALUE = Parameter(
    "deterrent_value", 4.0, (0.0, 20.0), unit="utils",
    meaning="North Korea's value of continuing nuclear and ICBM tests toward a full-fledged nuclear deterrent",
    source="\"Their North Korean counterparts certainly know what they want -- to become a full-fledged nuclear "
           "state -- and they are making rapid progress in getting there.\"",
)

# --------------------------------------------------------------------------- United States
ICBM_COST = Parameter(
    "icbm_cost", 10.0, (0.0, 30.0), unit="utils",
    meaning="US cost of a North Korea that keeps testing ICBMs (the scale: 10 utils), reduced by the share of its "
            "lifeline actually cut",
    source="North Korea \"successfully tested an inter-continental ballistic missile capable of reaching Alaska\"; "
           "Clapper (2016): \"a long-range nuclear-armed missile ... capable of posing a direct threat to the "
           "United States\"",
)

# --------------------------------------------------------------------------- the US-China relationship
COOPERATION_VALUE = Parameter(
    "cooperation_value", 3.0, (0.0, 10.0), unit="utils",
    meaning="China's political value of being seen to cooperate with the US and the sanctions regime",
    source="\"Even if China would have a political interest in cooperating and complying with international "
           "sanctions\"; Cui Tiankai on \"the spirit and consensus of the two leaders' meeting in Mar A Lago\"",
)

OPTICS_SHARE = Parameter(
    "optics_share", 0.2, (0.0, 1.0), unit="share",
    meaning="share of the sanctioned trade China really cuts when it enforces for optics and then eases",
    source="\"Beijing will initially take enough action to make the optics look as if it is working with the "
           "international community ... As time goes by, however, the pressure tends to let up\"",
)

OPTICS_CREDIT = Parameter(
    "optics_credit", 0.6, (0.0, 1.0), unit="share",
    meaning="share of full cooperation credit China earns for enforcing for optics (the US sees through the rest)",
    source="\"Trade between China and North Korea grew almost 40% in the first quarter. So much for China working "
           "with us\" (Trump): optics earn credit until the trade figures come out",
)

SANCTION_REACH = Parameter(
    "sanction_reach", 0.5, (0.0, 1.0), unit="share",
    meaning="share of the trade China leaves open that US designations of Chinese firms cut",
    source="\"The U.S. is trying to get at North Korea's assets and trading ties by targeting them directly ... "
           "Such a strategy may well bring results, but it won't be easy.\"",
)

SANCTION_BACKLASH = Parameter(
    "sanction_backlash", 1.0, (0.0, 10.0), unit="utils",
    meaning="US cost of sanctioning Chinese firms: damage to relations with Beijing",
    source="Cui Tiankai: \"the sanctions against Chinese enterprises have damaged the basis and mutual trust "
           "between the two countries\"",
)

CONCESSION_COST = Parameter(
    "concession_cost", 2.5, (0.0, 10.0), unit="utils",
    meaning="US cost of a linkage concession to Beijing (holding the Taiwan arms sale)",
    source="\"The U.S. decision to approve a $1.4 billion arms sale package to Taiwan added fuel to the fire\"",
)

#: Every shared parameter, in display order.
SHARED_PARAMETERS = (BUFFER_VALUE, REFUGEE_RISK, REFUGEE_COST, BORDER_TRADE, COOPERATION_VALUE, TAIWAN_LINKAGE,
                     SANCTION_COST, OPTICS_SHARE, OPTICS_CREDIT, RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE, LIFELINE_VALUE,
                     DETERRENT_VALUE, ICBM_COST, SANCTION_REACH, SANCTION_BACKLASH, CONCESSION_COST)


def lifeline_cut(enforcement: Any, russia_substitution: Any, illicit_leakage: Any,
                 us_reach: Any = 0) -> Any:
    """Share of North Korea's external lifeline really cut (numpy-broadcasting; exact on Fractions).

    ``enforcement`` is the share of its trade China cuts; US secondary sanctions cut a further share
    ``us_reach`` of the trade China leaves open.  Russia replaces ``russia_substitution`` of what is
    cut and illicit channels leak ``illicit_leakage`` of the rest:

        cut = (1 - russia_substitution) * (1 - illicit_leakage) * (e + us_reach * (1 - e)).
    """
    e = enforcement
    return (1 - russia_substitution) * (1 - illicit_leakage) * (e + us_reach * (1 - e))
