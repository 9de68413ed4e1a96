"""The sanctions triangle: the United States, China and North Korea in one normal-form game.

The flagship game of the package, read from the FPRI article (``games._shared.SOURCE``).  Three
players choose at once:

* **US**: ``Sanction`` (Treasury sanctions on Chinese firms trading with North Korea),
  ``Engage`` (engage Beijing with a linkage concession: hold the Taiwan arms sale), or
  ``Status quo``.
* **China**: ``Enforce`` (cut the trade the sanctions cover), ``Optics`` ("initially take enough
  action to make the optics look as if it is working with the international community", then
  ease up), or ``Lax``.
* **DPRK**: ``Test`` (continue ICBM and nuclear tests) or ``Freeze``.

Sanctions pressure is the price of testing: new sanctions follow a test, and a freeze brings
relief, so the squeeze on North Korea (and China's cost of squeezing) arises only when it tests.
China's stance ``k`` has an *actual* enforcement share ``e_k`` (1, ``optics_share``, 0) and a
*visible* cooperation credit ``c_k`` (1, ``optics_credit``, 0).  The share of North Korea's
lifeline really cut is ``cut = (1 - rho)(1 - lambda)(e_k + h [Sanction] (1 - e_k))``
(:func:`games._shared.lifeline_cut`; ``h`` the reach of US designations).  Then

    u_DPRK = [Test] (deterrent_value - lifeline_value * cut)
    u_China = - [Test] (border_trade * e_k + refugee_risk * cut * (refugee_cost + buffer_value))
              + c_k (cooperation_value - taiwan_linkage [not Engage])
              - [Sanction] sanction_cost (1 - e_k)
    u_US = - [Test] icbm_cost (1 - cut) - [Sanction] sanction_backlash
           + [Engage] (taiwan_linkage c_k - concession_cost)

(the linkage term: the arms sale damages mutual trust by ``taiwan_linkage``; a US concession
restores it for both sides in proportion to China's visible cooperation).  At the defaults the
unique equilibrium is (Sanction, Optics, Test): the US targets Chinese firms, China enforces for
optics and eases, and North Korea keeps testing -- the article's prediction.
"""

from __future__ import annotations

from bargain import Model

from ._shared import (
    BORDER_TRADE,
    BUFFER_VALUE,
    CONCESSION_COST,
    COOPERATION_VALUE,
    DETERRENT_VALUE,
    ICBM_COST,
    ILLICIT_LEAKAGE,
    LIFELINE_VALUE,
    OPTICS_CREDIT,
    OPTICS_SHARE,
    REFUGEE_COST,
    REFUGEE_RISK,
    RUSSIA_SUBSTITUTION,
    SANCTION_BACKLASH,
    SANCTION_COST,
    SANCTION_REACH,
    SOURCE,
    TAIWAN_LINKAGE,
    lifeline_cut,
)

__all__ = ["model", "payoffs", "PARAMETERS"]

#: All parameters in display order: China, North Korea's lifeline, the United States.
PARAMETERS = (BUFFER_VALUE, REFUGEE_RISK, REFUGEE_COST, BORDER_TRADE, COOPERATION_VALUE, TAIWAN_LINKAGE,
              SANCTION_COST, OPTICS_SHARE, OPTICS_CREDIT, RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE, LIFELINE_VALUE,
              DETERRENT_VALUE, ICBM_COST, SANCTION_REACH, SANCTION_BACKLASH, CONCESSION_COST)

US = ("Sanction", "Engage", "Status quo")
CHINA = ("Enforce", "Optics", "Lax")
DPRK = ("Test", "Freeze")


def payoffs(p) -> dict:
    """Payoff table of the triangle at parameter values ``p`` (arrays broadcast over a batch)."""
    table = {}
    # China's stances: (actual enforcement share e, visible cooperation credit c)
    stance = {"Enforce": (1, 1), "Optics": (p.optics_share, p.optics_credit), "Lax": (0, 0)}
    for us in US:
        sanction = 1 if us == "Sanction" else 0
        engage = 1 if us == "Engage" else 0
        for china in CHINA:
            e, c = stance[china]
            # share of North Korea's lifeline really cut (after Russia and illicit channels)
            cut = lifeline_cut(e, p.russia_substitution, p.illicit_leakage, p.sanction_reach * sanction)
            # China, whatever North Korea does: credit for visible cooperation (trust net of the arms sale,
            # restored by a US linkage concession), and US designations of the trade it leaves open
            trust = p.cooperation_value - p.taiwan_linkage * (1 - engage)
            china_base = c * trust - sanction * p.sanction_cost * (1 - e)
            # the US, whatever North Korea does: backlash from sanctioning Chinese firms; the concession's
            # cost, and the mutual trust it restores if China cooperates visibly
            us_base = -sanction * p.sanction_backlash + engage * (p.taiwan_linkage * c - p.concession_cost)
            for dprk in DPRK:
                test = 1 if dprk == "Test" else 0
                # North Korea: the deterrent's value against the squeeze that follows a test
                u_dprk = test * (p.deterrent_value - p.lifeline_value * cut)
                # China: when the squeeze is on, lost border trade, and the risk that the squeeze topples the
                # regime (a refugee crisis on the border and the loss of the buffer)
                china_squeeze = test * (p.border_trade * e
                                        + p.refugee_risk * cut * (p.refugee_cost + p.buffer_value))
                # the US: a testing North Korea costs icbm_cost, less the share of its lifeline really cut
                u_us = us_base - test * p.icbm_cost * (1 - cut)
                table[(us, china, dprk)] = (u_us, china_base - china_squeeze, u_dprk)
    return table


model = Model(
    "sanctions_triangle", PARAMETERS, payoffs,
    players=("US", "China", "DPRK"), strategies=(US, CHINA, DPRK),
    title="The sanctions triangle: US, China and North Korea",
    description="The US chooses sanctions on Chinese firms, a linkage concession or the status quo; China enforces, "
                "enforces for optics then eases, or stays lax; North Korea tests or freezes.  At the defaults "
                "China does not enforce and North Korea keeps testing.",
    references=(SOURCE,),
)
