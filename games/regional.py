"""Seoul as hostage: the US can sanction, talk or strike; South Korea can veto force; the window closes.

A game tree with four players read from the article (``games._shared.SOURCE``): "There are no
good options in North Korea policy, and increasingly few options altogether."  Beside the
sanctions of ``sequential_crisis`` the US can talk to North Korea ("and eventually recognize it as
a nuclear state, as Arthur Waldron argues it should") or strike its programme; South Korea, whose
capital North Korea can turn into a "sea of fire", can veto the use of force; and North Korea's
nuclear status, once reached, is permanent.  Which US options survive?

Model card
----------
Timing (the package's convention, ``games._shared.TIMING``, with two more US moves and South
Korea).  One period of the window is modelled.
    1. **US**: ``Sanction`` (Treasury sanctions on Chinese firms trading with North Korea; the
       Taiwan arms sale goes ahead, as in ``sequential_crisis``), ``Talk`` (offer to recognise
       North Korea's nuclear status in exchange for a freeze of its tests) or ``Strike`` (a strike
       on the programme, which needs the consent of the ally whose capital is in range).
    2. After ``Strike`` -- **ROK**: ``Consent`` or ``Veto``.  After a veto nothing is done this
       period.  After consent, North Korea retaliates on Seoul (the sea of fire: certain, not a
       choice) and the strike destroys the programme with probability ``strike_success``
       (chance: ``Destroyed`` or ``Survives``).
       After ``Sanction`` -- **China**, having seen it: ``Enforce``, ``Optics`` or ``Lax``
       (``games._shared.stance``); the squeeze may topple the regime (chance, ``refugee_risk *
       cut``), exactly as in ``sequential_crisis``.
    3. **DPRK**, wherever its programme still stands (after each Chinese stance if the regime
       holds, after talks, after a veto, after a strike it survives): ``Test`` (keep working
       toward the deterrent) or ``Freeze`` (after ``Talk``: accept the deal).
    4. **The window** (chance, after every ``Test``): the programme is completed this period with
       probability ``breakout_hazard`` (``Completes``), else the window stays ``Open``.
       Completion is permanent: no later squeeze, deal or strike undoes it.

    Why a chance move per period, and not a discounted continuation value in closed form: the
    closed form ``h / (1 - delta (1 - h))`` would bring in a discount factor that enters only
    through that one expression with the hazard, so the two could not be told apart (every
    parameter here must be identifiable); the per-period chance move keeps one parameter with
    one meaning, the probability the window shuts during the period in which a policy acts.
    The continuation of a period that ends with the window still open is not valued (it would be
    this game again).  That understates the cost of letting the programme run, so it errs
    against talks, the option the model finds surviving.

Who pays what, and when.
    After ``Sanction``: the payoffs of ``sequential_crisis`` (``games._shared.crisis_leaves``,
    arms sale standing, sanctions on Chinese firms ``s = 1``), paid as the shared timing says;
    South Korea pays nothing there.  After ``Talk``: a freeze gives North Korea
    ``recognition_value`` and costs the US ``status_cost`` and South Korea ``rok_status_cost``
    (the status is conceded for good).  After a strike South Korea consents to: the US pays
    ``strike_cost`` (a war on the peninsula, with US troops stationed there) and South Korea
    ``seoul_exposure`` (the sea of fire), whether or not the programme is destroyed; a destroyed
    programme pays North Korea nothing.  Wherever North Korea tests: it gets ``deterrent_value``
    (less the squeeze that stays on it after sanctions, ``lifeline_value * cut``), the US pays
    ``icbm_cost (1 - cut)`` (``cut = 0`` outside the sanctions branch), and, if the window
    completes, the US pays ``status_cost`` and South Korea ``rok_status_cost``.  A freeze
    without a deal pays nothing further.  China pays only in the sanctions branch (it does not
    move elsewhere; its payoff there is 0).

Which sentences each mechanism encodes.
    The veto and its reason: "North Korea's threats of annihilating Seoul by turning it into a
    'sea of fire' ... People here know full well that North Korea can destroy much of the country,
    and that it would not even need nuclear weapons to do so" (``seoul_exposure`` large,
    ``rok_status_cost`` small).  The talk option and its price: "to talk to North Korea (and
    eventually recognize it as a nuclear state, as Arthur Waldron argues it should)".  The window:
    "it has been a question not about if, but about when, North Korea would gain capacity to
    strike continental U.S. territory"; "they are making rapid progress in getting there".  The
    strike's cost to the US: "since U.S. troops are stationed there".  The sanctions branch: every
    sentence of ``sequential_crisis`` (China as the key, optics that ease, the collapse risk,
    Dandong's traders, Cui's sentence, Russia and the illicit economy).

What the model leaves out.
    Japan (and the wider US-China tensions in the South and East China Seas); Russian oil bought
    off the books (part of ``illicit_leakage``); China's reaction to a strike or to talks (it
    moves only after sanctions); a North Korean choice whether to retaliate on Seoul (the
    article treats the sea of fire as given); South Korea's stake in a collapse or in
    reunification; talks that combine with sanctions (the US picks one option per period); the
    periods after this one.

Results (exact, :func:`thresholds`).  At the defaults the unique subgame-perfect path is
``Talk -> Freeze``: the US offers recognition for a freeze and North Korea takes it (recognition,
5, beats testing on, 4).  A strike South Korea consented to would be the US's best option (-9
against -10 for talks; it stays best while ``strike_cost`` is below ``strike_cost_star`` = 4), but
South Korea vetoes it unless ``seoul_exposure`` is below ``seoul_star`` = ``strike_success *
breakout_hazard * rok_status_cost`` = 3/2: Seoul's veto removes the strike.  Sanctions fail as in
``sequential_crisis`` (China shows optics, North Korea tests), and the window removes them: the US
would sanction rather than talk while ``breakout_hazard`` is below ``hazard_star`` = 19139/107750
≈ 0.178.  Of the three options only talks survive: along each parameter alone (others at their
defaults) for ``breakout_hazard`` above 0.178, ``seoul_exposure`` above 3/2 and
``recognition_value`` above ``deterrent_value``; ``bargain claims regional`` gives the region of
every claim along every parameter, and its robustness over the plausible ranges.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from bargain import Parameter
from bargain.analysis.claims import Claim
from bargain.model.extensive import Chance, Decision, ExtensiveModel, Terminal
from bargain.model.parameters import Values

from ._shared import POSTURES, SANCTION_TRUST, SHARED_PARAMETERS, SOURCE, STANCES, crisis_leaves, stance

__all__ = ["CLAIMS", "PARAMETERS", "PLAYERS", "US_MOVES", "model", "subgame_perfect", "thresholds"]

BREAKOUT_HAZARD = Parameter(
    "breakout_hazard", 0.5, (0.0, 1.0), plausible=(0.3, 0.7), unit="probability",
    meaning="per-period probability that North Korea, still testing, completes its deterrent (a nuclear-armed "
            "ICBM); completion is permanent",
    source="\"For some years, it has been a question not about if, but about when, North Korea would gain capacity "
           "to strike continental U.S. territory\"; \"they are making rapid progress in getting there\". Plausible "
           "range: rapid progress, with the ICBM capable of reaching Alaska tested but the full system not yet",
)

STATUS_COST = Parameter(
    "status_cost", 10.0, (0.0, 30.0), plausible=(6.0, 14.0), unit="utils",
    meaning="US cost of a North Korea whose nuclear status is permanent: completed by its programme, or conceded "
            "for a freeze in talks",
    source="Clapper (2016): \"a long-range nuclear-armed missile that's capable of posing a direct threat to the "
           "United States\"; \"talk to North Korea (and eventually recognize it as a nuclear state, as Arthur "
           "Waldron argues it should)\". Plausible range: of the order of the cost of a testing North Korea "
           "(icbm_cost), since the status is that threat made permanent",
)

RECOGNITION_VALUE = Parameter(
    "recognition_value", 5.0, (0.0, 20.0), plausible=(3.0, 8.0), unit="utils",
    meaning="North Korea's value of a deal that recognises its nuclear status in exchange for a freeze of its tests",
    source="\"Their North Korean counterparts certainly know what they want -- to become a full-fledged nuclear "
           "state\"; Waldron's case for recognition. Plausible range: around the value of testing on "
           "(deterrent_value), since recognition gives the status without the last tests",
)

SEOUL_EXPOSURE = Parameter(
    "seoul_exposure", 10.0, (0.0, 40.0), plausible=(6.0, 20.0), unit="utils",
    meaning="South Korea's cost of North Korea's conventional retaliation on Seoul after a strike (the \"sea of "
            "fire\")",
    source="\"North Korea's threats of annihilating Seoul by turning it into a 'sea of fire' ... People here know "
           "full well that North Korea can destroy much of the country, and that it would not even need nuclear "
           "weapons to do so.\" Plausible range: much of the country, at least the US cost of a testing North Korea",
)

ROK_STATUS_COST = Parameter(
    "rok_status_cost", 5.0, (0.0, 40.0), plausible=(2.0, 10.0), unit="utils",
    meaning="South Korea's cost of a North Korea whose nuclear status is permanent (completed, or conceded in talks)",
    source="\"it would not even need nuclear weapons to do so\": Seoul already lives within range, so the bomb "
           "adds less to its exposure than a war would. Plausible range: below seoul_exposure",
)

STRIKE_SUCCESS = Parameter(
    "strike_success", 0.6, (0.0, 1.0), plausible=(0.3, 0.8), unit="probability",
    meaning="probability that a strike destroys North Korea's programme before it is complete",
    source="\"the system has not been flight tested\" (Clapper, 2016): a programme not yet complete can still be "
           "hit; \"when some operations are targeted and shut down, others pop up\". Plausible range: a real chance, "
           "far from certain",
)

STRIKE_COST = Parameter(
    "strike_cost", 3.0, (0.0, 30.0), plausible=(2.0, 8.0), unit="utils",
    meaning="US cost of a strike: a war on the peninsula with US troops stationed there (not counting Seoul's own "
            "losses, which South Korea bears)",
    source="China's interest in a buffer against \"the U.S. ally of South Korea and since U.S. troops are stationed "
           "there\"; after the ICBM test \"America bore the grunt of worry and concern\". Plausible range: below the "
           "cost of a testing North Korea (icbm_cost), as the calls for action imply",
)

#: Shared parameters this game cannot identify: China moves only after ``Sanction``, where the arms
#: sale and the sanctions on Chinese firms both stand, so their trust damages enter only as a sum;
#: ``sanction_trust`` is held at its default and ``taiwan_linkage`` carries the variation.
HELD = (SANCTION_TRUST,)

#: The shared parameters of ``sequential_crisis`` (less those held) and the new ones of this game.
PARAMETERS = (*(prm for prm in SHARED_PARAMETERS if prm.name != "concession_cost" and prm not in HELD),
              BREAKOUT_HAZARD, STATUS_COST, RECOGNITION_VALUE, SEOUL_EXPOSURE, ROK_STATUS_COST, STRIKE_SUCCESS,
              STRIKE_COST)

PLAYERS = ("US", "China", "DPRK", "ROK")

#: The US moves at the root.
US_MOVES = ("Sanction", "Talk", "Strike")


def _tests(p: Any, us: Any, china: Any, dprk: Any, rok: Any) -> Chance:
    """The window after a test: completion (probability ``breakout_hazard``) makes the status permanent,
    costing the US ``status_cost`` and South Korea ``rok_status_cost``; payoffs ``(US, China, DPRK, ROK)``
    before the window."""
    h = p.breakout_hazard
    return Chance({"Completes": (h, Terminal(us - p.status_cost, china, dprk, rok - p.rok_status_cost)),
                   "Open": (1 - h, Terminal(us, china, dprk, rok))})


def _programme(p: Any, us: Any, rok: Any, *, deal: bool = False) -> Decision:
    """North Korea's answer where nothing squeezes it (after talks, a veto or a strike it survives):
    test on, or freeze (with ``deal``: for recognition).  ``us``, ``rok``: what they have paid already."""
    freeze = Terminal(us - p.status_cost, 0, p.recognition_value, rok - p.rok_status_cost) if deal \
        else Terminal(us, 0, 0, rok)
    return Decision("DPRK", {"Test": _tests(p, us - p.icbm_cost, 0, p.deterrent_value, rok), "Freeze": freeze})


def _held(p: Any) -> Values:
    """``p`` with the :data:`HELD` parameters at their defaults (exact when ``p`` is)."""
    held = {prm.name: Fraction(str(prm.default)) if p.exact else prm.default for prm in HELD}
    return Values({**p, **held}, p.batch_shape, p.exact)


def _sanction(p: Any) -> Decision:
    """The sanctions branch: ``sequential_crisis`` under ``Sanction``, with the window after a test."""
    arms, sanctions = POSTURES["Sanction"]
    p = _held(p)
    moves = {}
    for st in STANCES:
        e, c = stance(p, st)
        leaves = crisis_leaves(p, e, c, arms, sanctions)
        q = leaves["collapse"]
        answer = Decision("DPRK", {"Test": _tests(p, *leaves["Test"], 0), "Freeze": Terminal(*leaves["Freeze"], 0)})
        moves[st] = Chance({"Collapse": (q, Terminal(*leaves["Collapse"], 0)), "Holds": (1 - q, answer)})
    return Decision("China", moves)


def _strike(p: Any) -> Decision:
    """The strike branch: South Korea consents (the sea of fire; the programme destroyed or not) or vetoes."""
    us, rok = -p.strike_cost, -p.seoul_exposure
    s = p.strike_success
    consent = Chance({"Destroyed": (s, Terminal(us, 0, 0, rok)), "Survives": (1 - s, _programme(p, us, rok))})
    return Decision("ROK", {"Consent": consent, "Veto": _programme(p, 0, 0)})


def tree(p: Any) -> Decision:
    """The game tree at parameter values ``p``.

    Parameters
    ----------
    p: the parameter values (``p.name``): numbers, arrays for a batch, or Fractions.

    Returns
    -------
    Decision
        The root: the US chooses ``Sanction``, ``Talk`` or ``Strike`` (see the model card).

    References
    ----------
    Kuhn (1953) on extensive games with chance moves.
    """
    return Decision("US", {"Sanction": _sanction(p), "Talk": _programme(p, 0, 0, deal=True), "Strike": _strike(p)})


model = ExtensiveModel(
    "regional", PARAMETERS, tree, players=PLAYERS,
    title="Seoul as hostage: sanction, talk or strike, with South Korea's veto and a closing window",
    description="The US sanctions Chinese firms (China then enforces, shows optics or stays lax), offers North Korea "
                "recognition for a freeze, or strikes its programme if South Korea consents; wherever its programme "
                "stands North Korea tests or freezes, and a test may complete the deterrent for good.  At the "
                "defaults South Korea would veto a strike, sanctions fail behind China's optics, and the US talks.",
    references=(SOURCE, "Selten (1965) on subgame perfection; Kuhn (1953) on extensive games; Schelling (1966) on "
                        "hostages and the diplomacy of violence"),
)


def subgame_perfect(**values: Any) -> Any:
    """The subgame-perfect equilibria of the tree.

    Parameters
    ----------
    values: parameter values (others at their defaults).

    Returns
    -------
    SubgamePerfectEquilibria
        Every pure SPE (backward induction; the tree has perfect information).

    References
    ----------
    Selten (1965) on subgame perfection.
    """
    from bargain import subgame_perfect_equilibria

    return subgame_perfect_equilibria(model.tree(**values))


def _value(g: Any, path: str, player: int) -> Fraction:
    """``player``'s subgame-perfect payoff in the subgame at ``path`` of an exact tree."""
    from bargain.solvers.backward_induction import backward_induction

    return Fraction(backward_induction(g.subgame(g.find_node(path)), exact=True)[0].exact_payoffs[player])


def _root(gain: Any, name: str, values: dict[str, Any]) -> Fraction | None:
    """Where ``gain(tree)``, linear in parameter ``name``, is zero (None if it does not depend on it)."""
    a = gain(model.tree(exact=True, **{**values, name: 0}))
    b = gain(model.tree(exact=True, **{**values, name: 1}))
    return None if a == b else a / (a - b)


def thresholds(**values: Any) -> dict[str, Fraction | None]:
    """Exact thresholds at ``values`` (others at their defaults), each where a subgame-perfect gain
    linear in one parameter changes sign.

    Parameters
    ----------
    values: parameter values (others at their defaults).

    Returns
    -------
    dict
        ``{"hazard_star": breakout_hazard below which the US prefers sanctions to talks,
        "seoul_star": seoul_exposure below which South Korea consents to a strike,
        "strike_cost_star": strike_cost below which a strike South Korea consents to beats talks}``.

    References
    ----------
    Selten (1965): the gains are differences of subgame-perfect values (backward induction).
    """
    vals = dict(values)

    def sanction_over_talk(g: Any) -> Fraction:
        return _value(g, "Sanction", 0) - _value(g, "Talk", 0)

    def consent_over_veto(g: Any) -> Fraction:
        return _value(g, "Strike/Consent", 3) - _value(g, "Strike/Veto", 3)

    def strike_over_talk(g: Any) -> Fraction:
        return _value(g, "Strike/Consent", 0) - _value(g, "Talk", 0)

    return {"hazard_star": _root(sanction_over_talk, "breakout_hazard", vals),
            "seoul_star": _root(consent_over_veto, "seoul_exposure", vals),
            "strike_cost_star": _root(strike_over_talk, "strike_cost", vals)}


_NO_GOOD_OPTIONS = ("There are no good options in North Korea policy, and increasingly few options altogether. "
                    "Whether it be to talk to North Korea (and eventually recognize it as a nuclear state, as Arthur "
                    "Waldron argues it should)")

#: The article's claims this game encodes, as statements about its subgame-perfect equilibrium.
CLAIMS = (
    Claim("headline", "the subgame-perfect path is Talk, Freeze: the US offers recognition and North Korea freezes",
          _NO_GOOD_OPTIONS,
          lambda ev: ev.spe_path(("US@root", "Talk"), ("DPRK@Talk", "Freeze"))),
    Claim("seoul_vetoes", "South Korea would veto a strike",
          "People here know full well that North Korea can destroy much of the country, and that it would not even "
          "need nuclear weapons to do so.",
          lambda ev: ev.spe_action("ROK@Strike") == "Veto"),
    Claim("veto_removes_strike", "were Seoul out of range (no sea of fire), South Korea would consent and the US "
          "would strike",
          "North Korea's threats of annihilating Seoul by turning it into a \"sea of fire\"",
          lambda ev: ev.at(seoul_exposure=0.0).spe_action("US@root") == "Strike"),
    Claim("sanctions_fail", "after US sanctions China shows optics and a standing North Korea tests",
          "Beijing will initially take enough action to make the optics look as if it is working with the "
          "international community ... As time goes by, however, the pressure tends to let up",
          lambda ev: (ev.spe_action("China@Sanction") == "Optics")
          & (ev.spe_action("DPRK@Sanction/Optics/Holds") == "Test")),
    Claim("china_is_pivotal", "if China enforced fully after US sanctions, a standing North Korea would freeze",
          "International sanctions against North Korea can only work if Beijing complies since China is North "
          "Korea's largest trading partner by far.",
          lambda ev: ev.spe_action("DPRK@Sanction/Enforce/Holds") == "Freeze"),
    Claim("window_removes_sanctions", "were the window not closing (no completion this period), the US would "
          "sanction rather than talk",
          "Their North Korean counterparts certainly know what they want -- to become a full-fledged nuclear state "
          "-- and they are making rapid progress in getting there.",
          lambda ev: ev.at(breakout_hazard=0.0).spe_action("US@root") == "Sanction"),
)
