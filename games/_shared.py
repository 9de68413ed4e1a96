"""Parameters, timing and payoff building blocks shared by the US-China-DPRK games.

The games in this package read one article closely (:data:`SOURCE`).  Every parameter here rests
on a sentence of that article (quoted in its ``source``); every mechanism (China's cooperation
credit, the cost of a squeeze, the collapse risk, the trust the arms sale and the sanctions on
Chinese firms destroy, Russian substitution, ...) is written once, as a function below, and the
five games build their payoffs from these functions only.

Scale.  Payoffs are in *utils* on one common scale: 10 utils is the US cost of a North Korea that
keeps testing ICBMs (:data:`ICBM_COST`).  The levels are calibrated judgments, not measurements;
the article fixes their ordering (what outweighs what).  Each parameter has bounds (the values that
mean something: thresholds and sweeps range over them) and a narrower *plausible range*, argued in
its ``source``; the claims check (``bargain claims GAME``) reports how often each claim of the
article holds when all parameters are drawn from their plausible ranges at once.

Timing (:data:`TIMING`, the one convention of every game).  The US moves first; China, having
seen the US move, sets its enforcement stance; the squeeze that stance puts on North Korea may
topple the regime (chance); North Korea, if it stands, having seen China's stance, tests or
freezes.  What is paid when:

* **at once, whatever North Korea then does** -- the US pays for its posture (the backlash of
  sanctioning Chinese firms, the cost of holding the Taiwan arms sale); the arms sale and the
  sanctions on Chinese firms damage the mutual trust that China's visible cooperation earns, for
  both sides (:func:`trust`, :func:`trust_damage`); China earns the credit of its visible
  cooperation, gives up the border trade it cuts, and pays for US designations of the trade it
  leaves open (:func:`china_stance`);
* **on collapse** (probability :func:`collapse_probability`, set by the squeeze China and the US
  impose) -- China pays for refugees and turmoil on its border and loses the buffer, the US pays
  for turmoil on the peninsula, North Korea loses its lifeline (:func:`china_collapse`,
  :func:`us_collapse`, :func:`dprk_collapse`);
* **only if North Korea tests** -- the squeeze stays on a testing North Korea (a freeze brings
  relief): North Korea pays ``lifeline_value * cut`` for its deterrent, the US pays the cost of a
  testing North Korea less the share of its lifeline cut (:func:`dprk_test`, :func:`us_test`).  China has paid
  for its stance already: it does not care whether North Korea tests.  A freeze pays nothing
  further.

A normal-form game of the package is the normal form of this timing: each cell is the expected
payoff of the tree's path (:func:`crisis_cell`); ``crisis_tree`` builds the tree itself, which
the games use for subgame perfection.
"""

from __future__ import annotations

from typing import Any

from bargain import Parameter
from bargain.model.extensive import Chance, Decision, Terminal

__all__ = [
    "SOURCE",
    "TIMING",
    "LEFT_OUT",
    "COLLAPSE_COST",
    "REFUGEE_RISK",
    "BORDER_TRADE",
    "TAIWAN_LINKAGE",
    "SANCTION_TRUST",
    "SANCTION_COST",
    "RUSSIA_SUBSTITUTION",
    "ILLICIT_LEAKAGE",
    "DETERRENT_VALUE",
    "ICBM_COST",
    "US_COLLAPSE_COST",
    "LIFELINE_VALUE",
    "COOPERATION_VALUE",
    "OPTICS_SHARE",
    "OPTICS_CREDIT",
    "SANCTION_REACH",
    "SANCTION_BACKLASH",
    "CONCESSION_COST",
    "SHARED_PARAMETERS",
    "STANCES",
    "POSTURES",
    "lifeline_cut",
    "stance",
    "trust_damage",
    "trust",
    "credit",
    "border_loss",
    "designations",
    "collapse_probability",
    "china_collapse",
    "us_collapse",
    "dprk_collapse",
    "dprk_test",
    "us_test",
    "north_korea_tests",
    "tests_at",
    "indicator",
    "lottery",
    "china_stance",
    "us_posture",
    "crisis_leaves",
    "crisis_cell",
    "crisis_tree",
]

#: The article every game in this package rests on.
SOURCE = ("Foreign Policy Research Institute, \"The U.S. Needs China to Act on North Korea. Now, That is "
          "Harder than Usual\" (July 2017)")

#: The one timing convention of every game (see the module docstring), for the model cards.
TIMING = ("The US moves first; China, having seen it, sets its stance; the squeeze may topple the regime "
          "(chance); North Korea, if it stands, having seen China's stance, tests or freezes.  Paid at once, "
          "whatever North Korea does: the US posture's costs, the trust the arms sale and the sanctions on "
          "Chinese firms destroy (both sides), China's credit, lost border trade and the designations of the "
          "trade it leaves open.  Paid on collapse: China's refugees and lost buffer, the US's turmoil, North "
          "Korea's lifeline.  Paid only if North Korea tests (a freeze brings relief): North Korea's squeeze, "
          "the US cost of a testing North Korea.")

#: What the article names and no game models (each card lists the ones that matter to it).
LEFT_OUT = {
    "south_korea": "South Korea as hostage (\"North Korea can destroy much of the country ... would not even need "
                   "nuclear weapons to do so\"): Seoul is not a player; its exposure is folded into the US cost "
                   "of collapse",
    "japan": "Japan (\"U.S. planes have previously trained with Japanese counterparts in the East China Sea\") and "
             "the wider US-China tensions in the South China Sea",
    "russia_oil": "Russian oil bought off the books (Ri Jong Ho): only the share Russia replaces openly is modelled; "
                  "hidden flows are lumped into illicit_leakage",
    "talks": "the option of talking to North Korea, and of recognising it as a nuclear state (Waldron)",
}

# --------------------------------------------------------------------------- China
COLLAPSE_COST = Parameter(
    "collapse_cost", 16.0, (0.0, 40.0), plausible=(10.0, 24.0), unit="utils",
    meaning="China's cost if the regime collapses: a refugee crisis and violent turmoil on its border, and the "
            "loss of North Korea as a buffer against US-allied South Korea (the two enter every game only "
            "together, so they are one parameter)",
    source="\"Should the North Korean regime's stability be threatened, for example, China would risk having a "
           "refugee crisis and potential violent turmoil on its border. Such a scenario would be a nightmare for "
           "the risk-averse Beijing regime\"; \"China has a geopolitical interest in keeping North Korea afloat "
           "since it provides a buffer between itself and the U.S. ally of South Korea\". Plausible range: a "
           "nightmare, above the US cost of a testing North Korea",
)

REFUGEE_RISK = Parameter(
    "refugee_risk", 0.5, (0.0, 1.0), plausible=(0.3, 0.8), unit="probability",
    meaning="probability that cutting North Korea's whole lifeline topples the regime and sends refugees over the "
            "border (scaled by the share actually cut)",
    source="\"it would have to balance any such interests against the risk of pushing North Korea too hard. "
           "Should the North Korean regime's stability be threatened ...\" Plausible range: a real risk Beijing "
           "weighs, not a certainty",
)

BORDER_TRADE = Parameter(
    "border_trade", 2.5, (0.0, 10.0), plausible=(1.0, 4.0), unit="utils",
    meaning="value to China's border region (Dandong traders) of the trade that full enforcement would cut",
    source="\"fully cutting of economic relations with North Korea would risk a great deal of discontent from "
           "businesspeople and traders in cities such as Dandong\"; trade \"grew almost 40% in the first "
           "quarter\" of 2017 (Trump, quoted). Plausible range: local interests that \"matter a great deal\", "
           "below the stakes of collapse",
)

TAIWAN_LINKAGE = Parameter(
    "taiwan_linkage", 1.0, (0.0, 10.0), plausible=(0.5, 3.0), unit="utils",
    meaning="damage to US-China mutual trust from the Taiwan arms sale, per unit of China's visible cooperation: "
            "lost by both sides while the sale stands, restored by holding it",
    source="the $1.4 billion arms sale to Taiwan \"added fuel to the fire\"; Amb. Cui Tiankai: \"US arms sales to "
           "Taiwan and the sanctions against Chinese enterprises have damaged the basis and mutual trust between "
           "the two countries\". Plausible range: a real damage, smaller than the cooperation it damages",
)

SANCTION_TRUST = Parameter(
    "sanction_trust", 0.5, (0.0, 10.0), plausible=(0.0, 1.5), unit="utils",
    meaning="damage to US-China mutual trust from US sanctions on Chinese firms, per unit of China's visible "
            "cooperation (lost by both sides while the sanctions stand)",
    source="Amb. Cui Tiankai names both in one sentence: \"US arms sales to Taiwan and the sanctions against "
           "Chinese enterprises have damaged the basis and mutual trust between the two countries\". Plausible range: "
           "up to the arms sale's damage",
)

SANCTION_COST = Parameter(
    "sanction_cost", 2.0, (0.0, 10.0), plausible=(1.0, 4.0), unit="utils",
    meaning="cost to China of US Treasury sanctions on Chinese firms trading with North Korea, if China leaves "
            "all that trade open (scaled by the share left open)",
    source="\"the U.S. has upped the pressure by targeting specific Chinese firms and individuals with sanctions "
           "for their ties to North Korea\". Plausible range: individual firms, not China's economy",
)

# --------------------------------------------------------------------------- North Korea's lifeline
RUSSIA_SUBSTITUTION = Parameter(
    "russia_substitution", 0.3, (0.0, 1.0), plausible=(0.1, 0.5), unit="share",
    meaning="share of the trade and oil China cuts that Russia replaces (not the trade US designations cut)",
    source="\"a new ferry route opened between North Korea's Rajin Port and Vladivostok\"; \"North Korea "
           "purchases a significant proportion of its oil and fuels from Russia, not just China\" (Ri Jong Ho). "
           "Plausible range: \"significant\", but China remains \"North Korea's largest trading partner by far\"",
)

ILLICIT_LEAKAGE = Parameter(
    "illicit_leakage", 0.4, (0.0, 1.0), plausible=(0.2, 0.6), unit="share",
    meaning="share of every cut (China's and the US designations') that North Korea evades through illicit "
            "channels",
    source="\"illicit activities are part of the backbone of the North Korean economy ... when some operations "
           "are targeted and shut down, others pop up.\" Plausible range: a backbone, yet pressure is \"far from "
           "impossible\"",
)

LIFELINE_VALUE = Parameter(
    "lifeline_value", 12.0, (0.0, 30.0), plausible=(8.0, 16.0), unit="utils",
    meaning="North Korea's loss if its whole external lifeline (trade through China) were really cut; also what "
            "it loses if the regime collapses",
    source="\"International sanctions against North Korea can only work if Beijing complies since China is North "
           "Korea's largest trading partner by far.\" Plausible range: large enough that full Chinese compliance could "
           "work",
)

DETERRENT_VALUE = Parameter(
    "deterrent_value", 4.0, (0.0, 20.0), plausible=(3.0, 5.0), unit="utils",
    meaning="North Korea's value of continuing nuclear and ICBM tests toward a full-fledged nuclear deterrent",
    source="\"Their North Korean counterparts certainly know what they want -- to become a full-fledged nuclear "
           "state -- and they are making rapid progress in getting there.\" Plausible range: what it wants, against a "
           "lifeline it cannot do without",
)

# --------------------------------------------------------------------------- United States
ICBM_COST = Parameter(
    "icbm_cost", 10.0, (0.0, 30.0), plausible=(6.0, 14.0), unit="utils",
    meaning="US cost of a North Korea that keeps testing ICBMs (the scale: 10 utils), reduced by the share of its "
            "lifeline actually cut",
    source="North Korea \"successfully tested an inter-continental ballistic missile capable of reaching Alaska\"; "
           "Clapper (2016): \"a long-range nuclear-armed missile ... capable of posing a direct threat to the "
           "United States\". Plausible range: the scale, give or take the \"heightened sense of urgency\"",
)

US_COLLAPSE_COST = Parameter(
    "us_collapse_cost", 6.0, (0.0, 30.0), plausible=(3.0, 12.0), unit="utils",
    meaning="US cost of a collapse of the regime: turmoil on the peninsula, loose weapons, Seoul within range",
    source="\"People here know full well that North Korea can destroy much of the country, and that it would not "
           "even need nuclear weapons to do so.\" Plausible range: of the order of the cost of a testing North Korea",
)

# --------------------------------------------------------------------------- the US-China relationship
COOPERATION_VALUE = Parameter(
    "cooperation_value", 3.0, (0.0, 10.0), plausible=(2.5, 5.0), unit="utils",
    meaning="China's political value of being seen to cooperate with the US and the sanctions regime (before the "
            "damage to mutual trust)",
    source="\"Even if China would have a political interest in cooperating and complying with international "
           "sanctions\"; Cui Tiankai on \"the spirit and consensus of the two leaders' meeting in Mar A Lago\". "
           "Plausible range: an interest China must \"balance\" against the risks",
)

OPTICS_SHARE = Parameter(
    "optics_share", 0.2, (0.0, 1.0), plausible=(0.1, 0.3), unit="share",
    meaning="share of the sanctioned trade China really cuts when it enforces for optics and then eases",
    source="\"Beijing will initially take enough action to make the optics look as if it is working with the "
           "international community ... As time goes by, however, the pressure tends to let up\". Plausible range: "
           "\"enough action\", with trade still growing",
)

OPTICS_CREDIT = Parameter(
    "optics_credit", 0.6, (0.0, 1.0), plausible=(0.4, 0.8), unit="share",
    meaning="share of full cooperation credit China earns for enforcing for optics (the US sees through the rest)",
    source="\"Trade between China and North Korea grew almost 40% in the first quarter. So much for China working "
           "with us\" (Trump): optics earn credit until the trade figures come out. Plausible range: more credit than "
           "enforcement, short of full credit",
)

SANCTION_REACH = Parameter(
    "sanction_reach", 0.4, (0.0, 1.0), plausible=(0.2, 0.6), unit="share",
    meaning="share of the trade China leaves open that US designations of Chinese firms cut",
    source="\"The U.S. is trying to get at North Korea's assets and trading ties by targeting them directly ... "
           "Such a strategy may well bring results, but it won't be easy.\" Plausible range: results, not easy",
)

SANCTION_BACKLASH = Parameter(
    "sanction_backlash", 0.5, (0.0, 10.0), plausible=(0.25, 1.5), unit="utils",
    meaning="US cost of going it alone against Chinese firms (enforcement effort, retaliation against US firms), "
            "apart from the mutual trust it damages",
    source="\"targeting them directly, rather than going through the international community sanctions "
           "framework ... Such a strategy may well bring results, but it won't be easy.\" Plausible range: a "
           "fraction of what a testing North Korea costs",
)

CONCESSION_COST = Parameter(
    "concession_cost", 2.5, (0.0, 10.0), plausible=(1.5, 4.0), unit="utils",
    meaning="US cost of a linkage concession to Beijing (holding the Taiwan arms sale)",
    source="\"The U.S. decision to approve a $1.4 billion arms sale package to Taiwan added fuel to the fire\": a "
           "decision the US took, and values. Plausible range: of the order of China's credit",
)

#: Every shared parameter, in display order.
SHARED_PARAMETERS = (COLLAPSE_COST, REFUGEE_RISK, BORDER_TRADE, COOPERATION_VALUE, TAIWAN_LINKAGE,
                     SANCTION_TRUST, SANCTION_COST, OPTICS_SHARE, OPTICS_CREDIT, RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE,
                     LIFELINE_VALUE, DETERRENT_VALUE, ICBM_COST, US_COLLAPSE_COST, SANCTION_REACH, SANCTION_BACKLASH,
                     CONCESSION_COST)

#: China's stances, strongest first.
STANCES = ("Enforce", "Optics", "Lax")

#: US postures: name -> (arms sale goes ahead, sanctions on Chinese firms).  Engage holds the arms sale
#: (the linkage concession) and keeps the sanctions.
POSTURES = {"Sanction": (1, 1), "Engage": (0, 1), "Status quo": (1, 0)}


# --------------------------------------------------------------------------- mechanisms, each written once
def lifeline_cut(enforcement: Any, russia_substitution: Any, illicit_leakage: Any,
                 us_reach: Any = 0) -> Any:
    """Share of North Korea's external lifeline really cut (numpy-broadcasting; exact on Fractions).

    ``enforcement`` is the share of its trade China cuts; Russia replaces ``russia_substitution``
    of what China cuts (its oil and the Rajin ferry stand in for Chinese supply); US designations
    of Chinese firms cut a further share ``us_reach`` of the trade China leaves open; illicit
    channels leak ``illicit_leakage`` of every cut:

        cut = (1 - illicit_leakage) * ((1 - russia_substitution) * e + us_reach * (1 - e)).
    """
    e = enforcement
    return (1 - illicit_leakage) * ((1 - russia_substitution) * e + us_reach * (1 - e))


def stance(p: Any, name: str) -> tuple[Any, Any]:
    """China's stance ``name`` as (real enforcement share ``e``, visible cooperation credit ``c``).

    Enforce (1, 1); Optics (``optics_share``, ``optics_credit``): "enough action to make the optics
    look as if it is working ... the pressure tends to let up"; Lax (0, 0).
    """
    return {"Enforce": (1, 1), "Optics": (p.optics_share, p.optics_credit), "Lax": (0, 0)}[name]


def _times(factor: Any, p: Any, name: str) -> Any:
    """``factor * p.<name>``; a literal 0 factor gives 0 without reading the parameter, so a game
    without that parameter (no US sanctions, no concession) can use the same blocks."""
    return 0 if isinstance(factor, int) and factor == 0 else factor * getattr(p, name)


def trust_damage(p: Any, arms: Any, sanctions: Any) -> Any:
    """Mutual trust destroyed per unit of China's visible cooperation: Cui's sentence, both halves.

    ``arms`` is the share of the Taiwan arms sale that goes ahead, ``sanctions`` the intensity of US
    sanctions on Chinese firms: ``taiwan_linkage * arms + sanction_trust * sanctions``.
    """
    return _times(arms, p, "taiwan_linkage") + _times(sanctions, p, "sanction_trust")


def trust(p: Any, arms: Any, sanctions: Any) -> Any:
    """China's value of visible cooperation, net of the trust the arms sale and the sanctions destroy."""
    return p.cooperation_value - trust_damage(p, arms, sanctions)


def credit(c: Any, value: Any) -> Any:
    """The credit of visible cooperation ``c`` (a share of full cooperation) worth ``value`` in full."""
    return c * value


def border_loss(p: Any, e: Any) -> Any:
    """What cutting the share ``e`` of its trade costs China's border region (Dandong)."""
    return p.border_trade * e


def designations(p: Any, e: Any, sanctions: Any) -> Any:
    """What US designations of Chinese firms (intensity ``sanctions``) cost China on the trade it leaves open."""
    return _times(sanctions, p, "sanction_cost") * (1 - e)


def collapse_probability(p: Any, cut: Any) -> Any:
    """Probability that a squeeze cutting the share ``cut`` of the lifeline topples the regime."""
    return p.refugee_risk * cut


def china_collapse(p: Any) -> Any:
    """China's loss on collapse: refugees, turmoil on its border, the buffer gone."""
    return -p.collapse_cost


def us_collapse(p: Any) -> Any:
    """The US loss on collapse: turmoil on the peninsula, loose weapons, Seoul in range."""
    return -p.us_collapse_cost


def dprk_collapse(p: Any) -> Any:
    """North Korea's loss on collapse: its whole lifeline."""
    return -p.lifeline_value


def dprk_test(p: Any, cut: Any) -> Any:
    """A standing North Korea that tests: its deterrent, against the squeeze that stays on it."""
    return p.deterrent_value - p.lifeline_value * cut


def us_test(p: Any, cut: Any) -> Any:
    """The US facing a testing North Korea, less the share of its lifeline really cut."""
    return -p.icbm_cost * (1 - cut)


def tests_at(resolve: Any, cut: Any) -> Any:
    """1 where a standing North Korea tests: the squeeze cuts no more than ``resolve``, the largest
    share of its lifeline it would lose rather than stop (ties test), else 0."""
    return indicator(cut <= resolve)


def indicator(condition: Any) -> Any:
    """1 where ``condition`` holds, else 0: ``1 * condition`` on numbers and arrays.  On a symbolic
    comparison (a sympy relational, when the payoffs are traced in the parameters) it is
    ``Piecewise((1, condition), (0, True))``, which the symbolic solver splits into one branch per
    side of the comparison."""
    if type(condition).__module__.startswith("sympy."):     # a relational, or true/false once decided
        import sympy as sp

        return sp.Piecewise((1, condition), (0, True))
    return 1 * condition


def north_korea_tests(p: Any, cut: Any) -> Any:
    """1 where a standing North Korea tests (its deterrent is worth the squeeze), else 0 (ties test)."""
    return tests_at(p.deterrent_value / p.lifeline_value, cut)


def lottery(q: Any, on_collapse: Any, if_standing: Any) -> Any:
    """Expected payoff of the collapse lottery: ``q`` on collapse, ``1 - q`` if the regime stands."""
    return q * on_collapse + (1 - q) * if_standing


def china_stance(p: Any, e: Any, c: Any, arms: Any, sanctions: Any) -> Any:
    """What China's stance pays at once: credit for visible cooperation (net of the damaged trust),
    lost border trade, and US designations of the trade it leaves open."""
    return credit(c, trust(p, arms, sanctions)) - border_loss(p, e) - designations(p, e, sanctions)


def us_posture(p: Any, c: Any, arms: Any, sanctions: Any) -> Any:
    """What the US posture pays at once: the concession cost if the arms sale is held, the backlash
    of sanctions on Chinese firms, and the mutual trust lost on China's visible cooperation."""
    return -_times(1 - arms, p, "concession_cost") - _times(sanctions, p, "sanction_backlash") \
        - c * trust_damage(p, arms, sanctions)


def crisis_leaves(p: Any, e: Any, c: Any, arms: Any, sanctions: Any, *, dprk: bool = True) -> dict[str, Any]:
    """The outcomes after China's stance ``(e, c)`` against the US posture ``(arms, sanctions)``.

    Returns ``{"collapse": probability, "cut": share cut, "Collapse": payoffs, "Test": payoffs,
    "Freeze": payoffs}``, each payoff a (US, China, DPRK) triple including what was paid at once
    (with ``dprk=False``, for a game where North Korea is not a player, its payoffs are 0).
    """
    cut = lifeline_cut(e, p.russia_substitution, p.illicit_leakage, _times(sanctions, p, "sanction_reach"))
    us_now, china_now = us_posture(p, c, arms, sanctions), china_stance(p, e, c, arms, sanctions)
    zero = 0 * cut
    return {"collapse": collapse_probability(p, cut), "cut": cut,
            "Collapse": (us_now + us_collapse(p), china_now + china_collapse(p), dprk_collapse(p) if dprk else zero),
            "Test": (us_now + us_test(p, cut), china_now, dprk_test(p, cut) if dprk else zero),
            "Freeze": (us_now, china_now, zero)}


def crisis_cell(p: Any, e: Any, c: Any, arms: Any, sanctions: Any, tests: Any, *,
                dprk: bool = True, leaves: dict[str, Any] | None = None) -> tuple[Any, Any, Any]:
    """Expected (US, China, DPRK) payoffs of one path of the crisis tree: the collapse lottery, then
    a test with probability (or indicator) ``tests``, else a freeze (``dprk`` as in
    :func:`crisis_leaves`; ``leaves`` its result, if already computed)."""
    leaves = crisis_leaves(p, e, c, arms, sanctions, dprk=dprk) if leaves is None else leaves
    return tuple(lottery(leaves["collapse"], x, tests * t + (1 - tests) * f)
                 for x, t, f in zip(leaves["Collapse"], leaves["Test"], leaves["Freeze"], strict=True))


def crisis_tree(p: Any, postures: tuple[str, ...]) -> Decision:
    """The crisis as a tree: the US (one of ``postures``, keys of :data:`POSTURES`), then China, then
    the collapse lottery, then North Korea after every Chinese stance."""
    us_moves = {}
    for name in postures:
        arms, sanctions = POSTURES[name]
        china_moves = {}
        for st in STANCES:
            e, c = stance(p, st)
            leaves = crisis_leaves(p, e, c, arms, sanctions)
            q = leaves["collapse"]
            answer = Decision("DPRK", {"Test": Terminal(*leaves["Test"]), "Freeze": Terminal(*leaves["Freeze"])})
            china_moves[st] = Chance({"Collapse": (q, Terminal(*leaves["Collapse"])), "Holds": (1 - q, answer)})
        us_moves[name] = Decision("China", china_moves)
    return Decision("US", us_moves)
