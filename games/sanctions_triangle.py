"""The sanctions triangle: the United States, China and North Korea in one normal-form game.

The flagship game of the package, read from the FPRI article (``games._shared.SOURCE``).

Model card
----------
Players and strategies.
    **US**: ``Sanction`` (Treasury sanctions on Chinese firms trading with North Korea; the Taiwan
    arms sale goes ahead), ``Engage`` (a linkage concession: hold the arms sale, keep the
    sanctions) or ``Status quo`` (the sale goes ahead, no sanctions).  **China**: ``Enforce``
    (cut the sanctioned trade: share 1, full credit), ``Optics`` ("initially take enough action to
    make the optics look as if it is working ... the pressure tends to let up": share
    ``optics_share``, credit ``optics_credit``) or ``Lax`` (0, 0).  **DPRK**: ``Test`` or ``Freeze``.

Timing (the convention of every game in the package, ``games._shared.TIMING``).
    The US moves first, China second having seen it, then the squeeze may topple the regime
    (chance, probability ``refugee_risk * cut``), then North Korea, if the regime stands.  This
    normal form is that timing with North Korea not seeing China's stance when it decides (optics
    are meant to look like enforcement): each cell is the expected payoff of the tree's path
    (``games._shared.crisis_cell``).  :data:`TREE` is the same timing with every move seen; an
    equilibrium of this normal form that is not the path of :data:`TREE`'s subgame-perfect
    equilibrium rests on an incredible threat (``bargain claims sanctions_triangle`` marks it).

Who pays what, and when (``cut`` = share of North Korea's lifeline really cut, after Russian
substitution and illicit leakage, with US designations reaching ``sanction_reach`` of the trade
China leaves open; ``c`` China's visible credit, ``e`` its real enforcement; ``arms``, ``s`` the
US posture's arms sale and sanctions).
    At once -- US: ``-concession_cost [arms held] - sanction_backlash s - c (taiwan_linkage arms +
    sanction_trust s)``; China: ``c (cooperation_value - taiwan_linkage arms - sanction_trust s) -
    border_trade e - sanction_cost s (1 - e)``.  On collapse -- US ``-us_collapse_cost``, China
    ``-collapse_cost``, DPRK ``-lifeline_value``.  If North Korea tests -- DPRK ``deterrent_value -
    lifeline_value cut``, US ``-icbm_cost (1 - cut)``.  A freeze pays nothing further.

Which sentences each mechanism encodes.
    China as the key ("sanctions ... can only work if Beijing complies since China is North Korea's
    largest trading partner by far"): ``lifeline_value`` large enough that full enforcement makes
    North Korea freeze.  The optics ("Beijing will initially take enough action to make the optics
    look as if it is working ... the pressure tends to let up"): the ``Optics`` stance.  The
    collapse risk ("the risk of pushing North Korea too hard ... a refugee crisis and potential
    violent turmoil on its border"; the buffer): ``refugee_risk``, ``collapse_cost``.  Dandong's
    traders: ``border_trade``.  Cui's sentence ("US arms sales to Taiwan and the sanctions against
    Chinese enterprises have damaged the basis and mutual trust"): ``taiwan_linkage`` and
    ``sanction_trust``, lost by both sides.  Treasury designations ("targeting specific Chinese
    firms"): ``sanction_reach``, ``sanction_cost``, ``sanction_backlash``.  Russia and the illicit
    economy: ``russia_substitution``, ``illicit_leakage``.  What North Korea wants ("to become a
    full-fledged nuclear state"): ``deterrent_value``.  Seoul under the guns: ``us_collapse_cost``.

What the model leaves out.
    South Korea as a player (it is the hostage of "sea of fire"; its exposure is only in
    ``us_collapse_cost``); Japan and the South China Sea; Russian oil bought off the books (only
    open substitution is modelled, hidden flows are part of ``illicit_leakage``); the option of
    talking to North Korea or recognising it as a nuclear state; repeated play (optics then easing
    is one stance, not a sequence); China's own dislike of a nuclear North Korea (it has paid for
    its stance before North Korea answers and does not care whether it tests).

At the defaults the unique equilibrium is (Sanction, Optics, Test): the US targets Chinese firms,
China enforces for optics and eases, North Korea keeps testing; if China enforced fully, North
Korea would freeze.  The outcome is fragile: ``bargain claims sanctions_triangle`` gives the share
of draws over the parameter ranges where it holds, and where along each parameter it breaks.
"""

from __future__ import annotations

from bargain import Model
from bargain.analysis.claims import Claim
from bargain.model.extensive import ExtensiveModel

from ._shared import (
    POSTURES,
    SHARED_PARAMETERS,
    SOURCE,
    STANCES,
    crisis_cell,
    crisis_leaves,
    crisis_tree,
    stance,
)

__all__ = ["CLAIMS", "PARAMETERS", "TREE", "model", "payoffs"]

#: All parameters in display order: China, North Korea's lifeline, the United States.
PARAMETERS = SHARED_PARAMETERS

US = tuple(POSTURES)
CHINA = STANCES
DPRK = ("Test", "Freeze")


def payoffs(p) -> dict:
    """Payoff table of the triangle at parameter values ``p`` (arrays broadcast over a batch)."""
    table = {}
    for us, (arms, sanctions) in POSTURES.items():
        for china in CHINA:
            e, c = stance(p, china)
            leaves = crisis_leaves(p, e, c, arms, sanctions)
            for dprk in DPRK:
                table[(us, china, dprk)] = crisis_cell(p, e, c, arms, sanctions, 1 if dprk == "Test" else 0,
                                                       leaves=leaves)
    return table


model = Model(
    "sanctions_triangle", PARAMETERS, payoffs,
    players=("US", "China", "DPRK"), strategies=(US, CHINA, DPRK),
    title="The sanctions triangle: US, China and North Korea",
    description="The US chooses sanctions on Chinese firms, a linkage concession or the status quo; China enforces, "
                "enforces for optics then eases, or stays lax; the squeeze may topple the regime; North Korea tests "
                "or freezes.  At the defaults China does not enforce and North Korea keeps testing, though full "
                "enforcement would make it freeze.",
    references=(SOURCE,),
)

#: The same timing and payoffs with every move seen: the tree whose subgame-perfect equilibrium
#: tells which equilibria of :data:`model` rest on incredible threats.
TREE = ExtensiveModel(
    "sanctions_triangle_tree", PARAMETERS, lambda p: crisis_tree(p, US), players=("US", "China", "DPRK"),
    title="The sanctions triangle as a tree (every move seen)",
    references=(SOURCE, "Selten (1965) on subgame perfection"),
)

_HEADLINE = ("Usually, after new international sanctions are adopted following a North Korean nuclear or missile "
             "test, Beijing will initially take enough action to make the optics look as if it is working with the "
             "international community to squeeze North Korea. As time goes by, however, the pressure tends to let up")

#: The article's claims this game encodes, as statements about its equilibria.
CLAIMS = (
    Claim("headline", "the unique equilibrium is (Sanction, Optics, Test): the US sanctions Chinese firms, China "
          "enforces for optics and eases, North Korea keeps testing", _HEADLINE,
          lambda ev: ev.unique("Sanction", "Optics", "Test")),
    Claim("headline_is_subgame_perfect", "with every move seen, the subgame-perfect path is Sanction, Optics, Test",
          _HEADLINE,
          lambda ev: ev.spe_path(("US@root", "Sanction"), ("China@Sanction", "Optics"),
                                 ("DPRK@Sanction/Optics/Holds", "Test"))),
    Claim("china_does_not_enforce", "China plays Enforce in no equilibrium",
          "China ... has only reluctantly gone along with sanctions without putting much of an effort into enforcing "
          "them.",
          lambda ev: ~(ev.equilibria.strategy(1)[..., 0] > 1e-9).any(axis=-1)),
    Claim("china_is_pivotal", "if China enforced fully (against US sanctions on its firms), North Korea would freeze",
          "International sanctions against North Korea can only work if Beijing complies since China is North "
          "Korea's largest trading partner by far.",
          lambda ev: ev.best_response("DPRK", "Freeze", {"US": "Sanction", "China": "Enforce"})),
    Claim("north_korea_keeps_testing", "North Korea tests in every equilibrium",
          "Their North Korean counterparts certainly know what they want -- to become a full-fledged nuclear state "
          "-- and they are making rapid progress in getting there.",
          lambda ev: ~(ev.equilibria.strategy(2)[..., 1] > 1e-9).any(axis=-1)),
    Claim("arms_hold_alone_does_not_buy_enforcement", "holding the Taiwan arms sale (Engage) alone does not make "
          "China enforce", "US arms sales to Taiwan and the sanctions against Chinese enterprises have damaged the "
          "basis and mutual trust between the two countries (Cui Tiankai)",
          lambda ev: ~ev.best_response("China", "Enforce", {"US": "Engage", "DPRK": "Test"})),
)
