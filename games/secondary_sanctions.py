"""Secondary sanctions: a US threat to designate major Chinese banks, and the timing of the Taiwan sale.

A game tree read from the article (``games._shared.SOURCE``): the US "could ... intensify
targeted sanctions against financial entities dealing with North Korea"; designating a major
Chinese bank is costly to the US itself, and a threat made in public and not carried out costs it
credibility at home and abroad.  When is the threat credible, and does tying the Taiwan arms sale
to it help or hurt?

Model card
----------
Timing (the package's convention, ``games._shared.TIMING``: the US first, then China; North
Korea, not a player here, keeps testing, as it does against every stance short of full
enforcement in ``sequential_crisis``).
    1. **US**: ``Sale first`` (approve the arms sale now, then threaten to designate major Chinese
       banks unless China enforces fully), ``Linked`` (threaten, and hold the sale if China
       complies; it goes ahead if China defies) or ``No threat`` (approve the sale; the sanctions
       on individual Chinese firms stay, as in every branch).
    2. **China**, having seen the US move: ``Enforce`` (comply: share 1, full credit) or
       ``Optics`` (share ``optics_share``, credit ``optics_credit``: defy behind the optics).
    3. **US**, after ``Optics`` under a threat: ``Designate`` (the banks) or ``Back down``.
    4. The squeeze may topple the regime (chance, ``refugee_risk * cut``).

Who pays what, and when.
    The shared blocks (``games._shared``) with the sanctions on Chinese firms standing (``s = 1``)
    and the arms sale ``arms`` = 0 only when ``Linked`` and China enforces.  At once -- China:
    ``c (cooperation_value - taiwan_linkage arms - sanction_trust) - border_trade e -
    sanction_cost (1 - e)``, and ``bank_cost (1 - e)`` if its banks are designated; US:
    ``-concession_cost (1 - arms) - c (taiwan_linkage arms + sanction_trust)`` (the backlash of the
    firm sanctions is paid in every branch, so it is left out),
    ``-bank_blowback`` if it designates the banks, ``-audience_cost`` if it backs down from its
    threat.  Designated banks cut a further ``bank_reach`` of the trade the firm designations miss.
    On collapse -- China ``-collapse_cost``, US ``-us_collapse_cost``.  Since North Korea keeps
    testing -- US ``-icbm_cost (1 - cut)``.

Which sentences each mechanism encodes.
    The threat: "intensify targeted sanctions against financial entities dealing with North
    Korea"; its cost to the US: "Such a strategy may well bring results, but it won't be easy";
    backing down: the US "should take actions that can actually achieve their desired impact, and
    resist the pressure to do 'something' just for the sake of it" (an empty threat is that
    something).  The sale: "The U.S. decision to approve a $1.4 billion arms sale package to Taiwan
    added fuel to the fire"; Cui: "US arms sales to Taiwan and the sanctions against Chinese
    enterprises have damaged the basis and mutual trust".  China's reasons not to comply are those of
    ``sequential_crisis`` (collapse risk, Dandong's traders, Russia, illicit channels).

What the model leaves out.
    South Korea as a player (only in ``us_collapse_cost``); Japan; Russian oil bought
    off the books (part of ``illicit_leakage``); the talk option (``regional``); North Korea's
    choice; China's counter-retaliation beyond lost trust; repetition (``enforcement_cycle``).

Results (exact, :func:`thresholds`).  Designating the banks after defiance is subgame perfect iff
``audience_cost`` is at least ``audience_star`` (96796/78125 ≈ 1.24 at the defaults, above the
article's 1): the bank blowback exceeds what the extra cut is worth to the US.  The sale's timing
does not move that threshold -- once China defies, the sale goes
ahead either way -- but linking it changes what compliance buys China (the trust the sale would
destroy) and costs the US ``concession_cost`` when China complies.  At the defaults the threat is
not credible, China defies behind optics under either timing, and the US does best not to
threaten.  With a credible threat China complies under either timing once ``bank_cost`` exceeds
``bank_cost_star`` (163/500), and the US approves the sale first (linking would only cost it the
concession); below that, only the linked threat makes China comply, and the US links iff the
concession is worth less than the compliance it buys (at the defaults it is not: it does not
threaten at all).  Along one parameter at a time (``bargain claims secondary_sanctions``), the US
links the sale once ``taiwan_linkage`` exceeds about 2.46 or ``concession_cost`` falls below
about 1.63: linking helps when the sale's damage to trust is large or holding it is cheap.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from bargain import Parameter
from bargain.analysis.claims import Claim
from bargain.model.extensive import Chance, Decision, ExtensiveModel, Terminal

from ._shared import (
    BORDER_TRADE,
    COLLAPSE_COST,
    CONCESSION_COST,
    COOPERATION_VALUE,
    ICBM_COST,
    ILLICIT_LEAKAGE,
    OPTICS_CREDIT,
    OPTICS_SHARE,
    REFUGEE_RISK,
    RUSSIA_SUBSTITUTION,
    SANCTION_COST,
    SANCTION_REACH,
    SANCTION_TRUST,
    SOURCE,
    TAIWAN_LINKAGE,
    US_COLLAPSE_COST,
    china_collapse,
    china_stance,
    collapse_probability,
    lifeline_cut,
    stance,
    trust_damage,
    us_collapse,
    us_test,
)

__all__ = ["CLAIMS", "PARAMETERS", "US_MOVES", "leaf", "model", "subgame_perfect", "thresholds"]

BANK_REACH = Parameter(
    "bank_reach", 0.3, (0.0, 1.0), plausible=(0.15, 0.5), unit="share",
    meaning="share of the trade the firm designations miss that designating major Chinese banks also cuts",
    source="\"to intensify targeted sanctions against financial entities dealing with North Korea\"; \"Putting "
           "North Korea under international financial pressure is far from impossible, but the question is how hard "
           "such pressure can actually be.\" Plausible range: illicit channels route around the banks too",
)

BANK_BLOWBACK = Parameter(
    "bank_blowback", 2.0, (0.0, 10.0), plausible=(1.0, 4.0), unit="utils",
    meaning="US cost of designating major Chinese banks (its own financial system and firms, retaliation), apart "
            "from the trust it damages",
    source="\"Such a strategy may well bring results, but it won't be easy\"; designating banks, not individual "
           "firms, reaches into the US-China financial relationship. Plausible range: several times the backlash of "
           "firm designations (sanction_backlash)",
)

BANK_COST = Parameter(
    "bank_cost", 1.5, (0.0, 10.0), plausible=(0.5, 4.0), unit="utils",
    meaning="cost to China of US designations of its major banks, if it leaves all the sanctioned trade open "
            "(scaled by the share left open)",
    source="\"intensify targeted sanctions against financial entities dealing with North Korea\". Plausible range: "
           "of the order of the cost of the firm designations (sanction_cost)",
)

AUDIENCE_COST = Parameter(
    "audience_cost", 1.0, (0.0, 10.0), plausible=(0.5, 3.0), unit="utils",
    meaning="US cost of backing down from a public threat to designate the banks (lost credibility at home and "
            "with Beijing)",
    source="US policymakers \"should take actions that can actually achieve their desired impact, and resist the "
           "pressure to do 'something' just for the sake of it\"; \"policymakers want to do something, as "
           "policymakers always do\". Plausible range: real but below the cost of a testing North Korea (Fearon 1994)",
)

PARAMETERS = (BANK_REACH, BANK_BLOWBACK, BANK_COST, AUDIENCE_COST, COLLAPSE_COST, REFUGEE_RISK, BORDER_TRADE,
              COOPERATION_VALUE, TAIWAN_LINKAGE, SANCTION_TRUST, SANCTION_COST, OPTICS_SHARE, OPTICS_CREDIT,
              RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE, ICBM_COST, US_COLLAPSE_COST, SANCTION_REACH, CONCESSION_COST)

PLAYERS = ("US", "China")

#: The US moves at the root.
US_MOVES = ("Sale first", "Linked", "No threat")


def leaf(p: Any, stance_name: str, arms: Any, banks: bool, backed_down: bool) -> Chance:
    """The collapse lottery after China's stance, with the arms sale ``arms`` (0 or 1), the banks
    designated or not, and the audience cost if the US backed down (shared blocks, sanctions on
    firms standing)."""
    e, c = stance(p, stance_name)
    reach = p.sanction_reach + (p.bank_reach * (1 - p.sanction_reach) if banks else 0)
    cut = lifeline_cut(e, p.russia_substitution, p.illicit_leakage, reach)
    china = china_stance(p, e, c, arms, 1) - (p.bank_cost * (1 - e) if banks else 0)
    us = -(1 - arms) * p.concession_cost - c * trust_damage(p, arms, 1) - (p.bank_blowback if banks else 0) \
        - (p.audience_cost if backed_down else 0)
    q = collapse_probability(p, cut)
    return Chance({"Collapse": (q, Terminal(us + us_collapse(p), china + china_collapse(p))),
                   "Holds": (1 - q, Terminal(us + us_test(p, cut), china))})


def tree(p: Any) -> Decision:
    """The game tree at parameter values ``p``."""
    moves = {}
    for us_move in US_MOVES:
        held = us_move == "Linked"
        comply = leaf(p, "Enforce", 0 if held else 1, False, False)
        if us_move == "No threat":
            defy: Any = leaf(p, "Optics", 1, False, False)
        else:
            defy = Decision("US", {"Designate": leaf(p, "Optics", 1, True, False),
                                   "Back down": leaf(p, "Optics", 1, False, True)})
        moves[us_move] = Decision("China", {"Enforce": comply, "Optics": defy})
    return Decision("US", moves)


model = ExtensiveModel(
    "secondary_sanctions", PARAMETERS, tree, players=PLAYERS,
    title="Secondary sanctions: a threat to designate Chinese banks, and the Taiwan sale before or linked",
    description="The US approves the Taiwan sale and threatens to designate major Chinese banks, or threatens and "
                "holds the sale if China complies, or does not threaten; China enforces or defies behind optics; "
                "after defiance the US designates the banks or backs down.  At the defaults the threat is not "
                "credible and the US does not make it.",
    references=(SOURCE, "Selten (1965) on subgame perfection; Schelling (1966) on compellence; Fearon (1994) on "
                        "audience costs"),
)


def subgame_perfect(**values: Any) -> Any:
    """The subgame-perfect equilibria of the tree at ``values`` (others at their defaults)."""
    from bargain import subgame_perfect_equilibria

    return subgame_perfect_equilibria(model.tree(**values))


def _value(g: Any, path: str) -> tuple[Fraction, Fraction]:
    """Expected (US, China) payoffs of the chance node at ``path`` of an exact tree."""
    node = g.find_node(path)
    out = [Fraction(0), Fraction(0)]
    for q, kid in zip(g.chance_probabilities(node, exact=True), g.children(node), strict=True):
        pay = g.exact_leaf_payoffs[list(g.leaves).index(kid)]
        out = [o + q * Fraction(x) for o, x in zip(out, pay, strict=True)]
    return out[0], out[1]


def _root(f: Any, name: str, values: dict[str, Any]) -> Fraction | None:
    a, b = f(model.tree(exact=True, **{**values, name: 0})), f(model.tree(exact=True, **{**values, name: 1}))
    return None if a == b else a / (a - b)


def thresholds(**values: Any) -> dict[str, Fraction | None]:
    """Exact thresholds at ``values`` (others at their defaults), each where a quantity linear in one
    parameter changes sign.

    Returns
    -------
    ``{"audience_star": audience cost above which designating after defiance is subgame perfect,
    "bank_cost_star": bank cost above which China, facing a credible threat and the sale approved
    first, complies; "bank_cost_star_linked": the same with the sale linked}``.
    """
    def designate_gain(g: Any) -> Any:
        return _value(g, "Sale first/Optics/Designate")[0] - _value(g, "Sale first/Optics/Back down")[0]

    def comply_gain(first: str) -> Any:
        return lambda g: _value(g, f"{first}/Enforce")[1] - _value(g, f"{first}/Optics/Designate")[1]

    return {"audience_star": _root(designate_gain, "audience_cost", dict(values)),
            "bank_cost_star": _root(comply_gain("Sale first"), "bank_cost", dict(values)),
            "bank_cost_star_linked": _root(comply_gain("Linked"), "bank_cost", dict(values))}


def _credible(ev: Any) -> Any:
    return ev.spe_action("US@Sale first/Optics") == "Designate"


CLAIMS = (
    Claim("threat_not_credible", "after China defies behind optics, the US would back down rather than designate "
          "the banks (subgame perfection)",
          "Such a strategy may well bring results, but it won't be easy.", lambda ev: ~_credible(ev)),
    Claim("china_defies", "on the subgame-perfect path China shows optics, not full enforcement",
          "China ... has only reluctantly gone along with sanctions without putting much of an effort into enforcing "
          "them.",
          lambda ev: ev.spe_action(f"China@{US_MOVES[0]}") == "Optics"),
    Claim("no_empty_threat", "the US does best not to threaten: an empty threat would cost it the audience cost",
          "resist the pressure to do 'something' just for the sake of it",
          lambda ev: ev.spe_path(("US@root", "No threat"), ("China@No threat", "Optics"))),
    Claim("no_linkage", "the US does not hold the Taiwan sale to buy compliance (it does not link)",
          "The U.S. decision to approve a $1.4 billion arms sale package to Taiwan added fuel to the fire",
          lambda ev: ev.spe_action("US@root") != "Linked"),
)
