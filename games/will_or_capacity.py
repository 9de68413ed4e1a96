"""Will or capacity: the US does not know whether China will not enforce or cannot.

A signalling game read from the article (``games._shared.SOURCE``): "Whether due to will or
capacity, China's enforcement of sanctions on North Korea has most often been spotty at best."
China knows which; the US sees only how much China visibly enforces, and then designates Chinese
firms and banks or accommodates.

Model card
----------
Timing (the package's convention, ``games._shared.TIMING``, with the US moving after China).
    0. **Chance** draws China's type: ``Unable`` (willing, but local interests in the border
       region capture enforcement) with probability ``prior_unable`` (the prior μ), else
       ``Unwilling`` (able to enforce, but keeping North Korea afloat).
    1. **China**, knowing its type, sets its visible stance: ``Enforce``, ``Optics`` or ``Lax``
       (``games._shared.stance``: real share and credit (1, 1), (``optics_share``,
       ``optics_credit``), (0, 0)).  An unable China's stance is undone by its border region: it
       really cuts only ``(1 - capture)`` of what it shows.
    2. **US**, having seen the stance but not the type: ``Escalate`` (Treasury designations of
       Chinese firms and banks trading with North Korea) or ``Accommodate``.  Under designations an
       unwilling China closes ``coercion`` of the gap between its stance and full enforcement (it
       can); an unable China cannot.
    3. The squeeze may topple the regime (chance, ``refugee_risk * cut``); a standing North Korea
       keeps testing (it is not a player here: at the article's values it tests against every
       stance short of full enforcement in ``sequential_crisis``).

Who pays what, and when.
    The payoff blocks of ``games._shared`` (``crisis_cell`` with the arms sale standing and
    sanctions ``s = 1`` under ``Escalate``), on the *real* enforcement ``e`` and the *visible*
    credit ``c``.  At once -- China: ``c (cooperation_value - taiwan_linkage - sanction_trust s) -
    border_trade e - sanction_cost s (1 - e)``; US: ``-sanction_backlash s - c (taiwan_linkage +
    sanction_trust s)``, and ``-partnership_value`` if it designates an unable China (the
    partnership of a China that is trying is lost).  On collapse -- China ``-collapse_cost``, US
    ``-us_collapse_cost``.  Since North Korea keeps testing -- US ``-icbm_cost (1 - cut)``, with
    ``cut`` the share of the lifeline really cut (Russian substitution, illicit leakage, and
    designations reaching ``sanction_reach`` of the trade left open).

Which sentences each mechanism encodes.
    The two types: "Whether due to will or capacity"; the unwilling type's reason: "a geopolitical
    interest in keeping North Korea afloat", "the risk of pushing North Korea too hard"; the
    unable type's: "local interests matter a great deal too ... discontent from businesspeople and
    traders in cities such as Dandong".  Escalation: "the U.S. has upped the pressure by targeting
    specific Chinese firms" and "intensify targeted sanctions against financial entities"; its
    cost in trust: Cui's sentence on "the sanctions against Chinese enterprises" and "the spirit
    and consensus of the two leaders' meeting in Mar A Lago".  The updating: Trump's tweet "Trade
    between China and North Korea grew almost 40% in the first quarter. So much for China working
    with us - but we had to give it a try!"

What the model leaves out.
    South Korea as a player (only in ``us_collapse_cost``); Japan; Russian oil bought
    off the books (part of ``illicit_leakage``); the talk option; North Korea's choice (``regional``,
    ``sequential_crisis``); repetition and the trade figures as a noisy signal
    (``enforcement_cycle``); the linkage concession (the arms sale stands).

Results (exact, :func:`thresholds`).  At the article's values (μ = 0.6) three sequential
equilibria exist, all passing the intuitive criterion and D1: the **separating** one (the
unwilling type shows optics and is designated, the unable type enforces visibly and is
accommodated), **pooling on optics** with accommodation (μ above ``mu_try`` = 110966/225681 ≈
0.49), and a semi-separating one.  Designations separate the types while ``sanction_cost`` is
below ``sanction_cost_star`` (= 1777/800 ≈ 2.22 at the defaults, just above the article's 2);
above it, the threat of designations makes
both types enforce (pooling on Enforce).  "We had to give it a try" is Bayesian updating exactly
when μ > ``mu_try`` (at the prior the US would accommodate optics) and play separates: the optics
the US then sees reveal an unwilling China, and it escalates.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from bargain import Parameter
from bargain.analysis.claims import Claim
from bargain.analysis.signalling_regions import pure_equilibrium_mask
from bargain.model.signalling import SignallingModel

from ._shared import (
    BORDER_TRADE,
    COLLAPSE_COST,
    COOPERATION_VALUE,
    ICBM_COST,
    ILLICIT_LEAKAGE,
    OPTICS_CREDIT,
    OPTICS_SHARE,
    REFUGEE_RISK,
    RUSSIA_SUBSTITUTION,
    SANCTION_BACKLASH,
    SANCTION_COST,
    SANCTION_REACH,
    SANCTION_TRUST,
    SOURCE,
    STANCES,
    TAIWAN_LINKAGE,
    US_COLLAPSE_COST,
    crisis_cell,
    stance,
)

__all__ = ["CLAIMS", "PARAMETERS", "PROFILES", "TYPES", "equilibria", "equilibrium_map", "model", "thresholds"]

TYPES = ("Unwilling", "Unable")
RESPONSES = ("Escalate", "Accommodate")

PRIOR_UNABLE = Parameter(
    "prior_unable", 0.6, (0.0, 1.0), plausible=(0.3, 0.8), unit="probability",
    meaning="the US prior that China is willing but unable (its border region captures enforcement), not unwilling",
    source="\"Whether due to will or capacity, China's enforcement of sanctions on North Korea has most often been "
           "spotty at best\"; \"President Trump's first instinct on North Korea earlier this year was to turn to "
           "China, and rightly so\". Plausible range: the article leaves both open; turning to China was right",
)

CAPTURE = Parameter(
    "capture", 0.6, (0.0, 1.0), plausible=(0.4, 0.8), unit="share",
    meaning="share of an unable China's visible enforcement that its border region undoes (trade goes on)",
    source="\"It is important to remember that local interests matter a great deal too. The border region in China "
           "is heavily engaged in trade with North Korea\"; trade \"showed a significant increase in the first half "
           "of 2017 when China claimed it was adhering to the international sanctions framework\". Plausible range: "
           "most of it, since trade grew while China claimed to comply",
)

COERCION = Parameter(
    "coercion", 0.2, (0.0, 1.0), plausible=(0.1, 0.3), unit="share",
    meaning="share of the gap to full enforcement an unwilling China closes once the US designates its firms and "
            "banks (an unable China cannot close it)",
    source="\"The U.S. is trying to get at North Korea's assets and trading ties by targeting them directly ... "
           "Such a strategy may well bring results, but it won't be easy.\" Plausible range: results, not easy",
)

PARTNERSHIP_VALUE = Parameter(
    "partnership_value", 3.0, (0.0, 10.0), plausible=(1.5, 5.0), unit="utils",
    meaning="US loss from designating the firms and banks of a China that is trying but unable: the partnership "
            "is lost",
    source="Amb. Cui Tiankai: the sanctions against Chinese enterprises \"contradict the spirit and consensus of the "
           "two leaders' meeting in Mar A Lago\"; \"President Trump's first instinct ... was to turn to China, and "
           "rightly so\". Plausible range: of the order of China's credit",
)

#: The shared parameters this game uses (no North Korean payoffs, no concession), then its own.
PARAMETERS = (PRIOR_UNABLE, CAPTURE, COERCION, PARTNERSHIP_VALUE, COLLAPSE_COST, REFUGEE_RISK, BORDER_TRADE,
              COOPERATION_VALUE, TAIWAN_LINKAGE, SANCTION_TRUST, SANCTION_COST, OPTICS_SHARE, OPTICS_CREDIT,
              RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE, ICBM_COST, US_COLLAPSE_COST, SANCTION_REACH, SANCTION_BACKLASH)


def real_enforcement(p: Any, type_: str, shown: Any, escalate: bool) -> Any:
    """The share of its trade China really cuts: an unable China keeps ``1 - capture`` of what it
    shows; an unwilling China, designated, closes ``coercion`` of the gap to full enforcement."""
    if type_ == "Unable":
        return (1 - p.capture) * shown
    return shown + p.coercion * (1 - shown) if escalate else shown


def payoffs(p: Any, type_: str, message: str, response: str) -> tuple[Any, Any]:
    """(China, US) at one leaf: the shared crisis blocks on the real enforcement and visible credit."""
    shown, c = stance(p, message)
    s = 1 if response == "Escalate" else 0
    e = real_enforcement(p, type_, shown, bool(s))
    us, china, _ = crisis_cell(p, e, c, 1, s, 1, dprk=False)
    if type_ == "Unable" and s:
        us = us - p.partnership_value
    return china, us


model = SignallingModel(
    "will_or_capacity", PARAMETERS, sender_types=TYPES, messages=STANCES, responses=RESPONSES,
    prior=lambda p: (1 - p.prior_unable, p.prior_unable), payoffs=payoffs, players=("China", "US"),
    title="Will or capacity: China's visible enforcement as a signal, US designations as the response",
    description="China is unwilling or unable (its border region captures enforcement); it shows full enforcement, "
                "optics or laxity; the US, seeing the stance only, designates Chinese firms and banks or "
                "accommodates.  At the defaults the separating equilibrium (optics designated, visible enforcement "
                "accommodated) and pooling on optics both hold; above sanction_cost_star both types enforce.",
    references=(SOURCE, "Spence (1973); Cho and Kreps (1987) on the intuitive criterion; Banks and Sobel (1987) on D1; "
                        "Fudenberg and Tirole (1991), sec. 8.2"),
)

#: The pure profiles of interest: (message of Unwilling, message of Unable), {message: response}.
PROFILES = {
    "separating": (("Optics", "Enforce"), {"Optics": "Escalate", "Enforce": "Accommodate"}),
    "pooling on optics": (("Optics", "Optics"), {"Optics": "Accommodate"}),
    "pooling on enforcement": (("Enforce", "Enforce"), {"Enforce": "Accommodate"}),
    "pooling on lax": (("Lax", "Lax"), {"Lax": "Accommodate"}),
}


def _mask(arrays: tuple[np.ndarray, np.ndarray, np.ndarray], name: str) -> np.ndarray:
    messages, responses = PROFILES[name]
    m = tuple(STANCES.index(x) for x in messages)
    rho = {STANCES.index(k): RESPONSES.index(v) for k, v in responses.items()}
    return pure_equilibrium_mask(*arrays, m, rho)


def equilibrium_map(**values: Any) -> dict[str, np.ndarray]:
    """Where each profile of :data:`PROFILES` is a sequential equilibrium, over a batch of values.

    Parameters
    ----------
    **values: parameter arrays (broadcast together; the rest at their defaults), e.g.
        ``prior_unable=mu[:, None], sanction_cost=cost[None, :]`` for the (μ, sanction_cost) map.

    Returns
    -------
    ``{profile name: boolean array of the batch shape}``.
    """
    arrays = model.payoff_arrays(**values)
    return {name: _mask(arrays, name) for name in PROFILES}


def _linear_root(f: Any, name: str, values: dict[str, Any]) -> Fraction | None:
    """The root in ``name`` of ``f(tree)``, a quantity linear in that parameter (exact)."""
    a, b = f(model.tree(exact=True, **{**values, name: 0})), f(model.tree(exact=True, **{**values, name: 1}))
    return None if a == b else a / (a - b)


def thresholds(**values: Any) -> dict[str, Fraction | None]:
    """The exact thresholds of the game at ``values`` (others at their defaults).

    Returns
    -------
    ``{"mu_try": μ above which the US accommodates optics at the prior (so pooling on optics holds
    and a US that sees optics has "given it a try"), "sanction_cost_star": the designation cost
    above which an unwilling China prefers enforcing and being accommodated to optics and
    designations (separation gives way to pooling on enforcement)}``; None where the quantity does
    not depend on the parameter.
    """
    o, e = STANCES.index("Optics"), STANCES.index("Enforce")
    esc, acc = RESPONSES.index("Escalate"), RESPONSES.index("Accommodate")

    def us_gain(g: Any) -> Any:                         # E[u_US(Optics, Acc) - u_US(Optics, Esc)] at the prior
        _, uR = g.payoff_arrays(exact=True)
        pr = g.prior_vector(exact=True)
        return sum(pr[t] * (uR[t, o, acc] - uR[t, o, esc]) for t in range(2))

    def unwilling_gain(g: Any) -> Any:                  # u_W(Optics, Esc) - u_W(Enforce, Acc)
        uS, _ = g.payoff_arrays(exact=True)
        return uS[0, o, esc] - uS[0, e, acc]

    vals = dict(values)
    return {"mu_try": _linear_root(us_gain, "prior_unable", vals),
            "sanction_cost_star": _linear_root(unwilling_gain, "sanction_cost", vals)}


def equilibria(**values: Any) -> Any:
    """Every sequential equilibrium at ``values`` (exact), with beliefs, each marked by the
    intuitive criterion and D1: ``[(equilibrium, passes_intuitive, passes_d1), ...]``."""
    from bargain import d1, intuitive_criterion, solve_signalling

    return [(e, intuitive_criterion(e).passed, d1(e).passed)
            for e in solve_signalling(model.tree(exact=True, **values))]


def _arrays(ev: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    vals = {k: np.broadcast_to(v, ev.batch_shape) for k, v in ev.values.items()}
    return model.payoff_arrays(**vals) if vals else model.payoff_arrays(prior_unable=np.full(ev.batch_shape, float(
        PRIOR_UNABLE.default)))


def _separates(ev: Any) -> np.ndarray:
    return _mask(_arrays(ev), "separating")


def _tries_then_escalates(ev: Any) -> np.ndarray:
    """At the prior the US would accommodate optics, and play separates, so optics reveal an unwilling China."""
    uS, uR, prior = _arrays(ev)
    o = STANCES.index("Optics")
    gain = (prior * (uR[..., :, o, 1] - uR[..., :, o, 0])).sum(axis=-1)
    return (gain >= 0) & _mask((uS, uR, prior), "separating")


def _no_enforcement_pooling(ev: Any) -> np.ndarray:
    return ~_mask(_arrays(ev), "pooling on enforcement")


def _optics_pooling(ev: Any) -> np.ndarray:
    return _mask(_arrays(ev), "pooling on optics")


CLAIMS = (
    Claim("designations_separate", "a separating equilibrium holds: the unwilling type shows optics and is "
          "designated, the unable type enforces visibly and is accommodated",
          "Whether due to will or capacity, China's enforcement of sanctions on North Korea has most often been spotty "
          "at best.", _separates),
    Claim("we_had_to_give_it_a_try", "at the prior the US would accommodate optics, yet in the separating "
          "equilibrium the optics it sees reveal an unwilling China and it escalates",
          "Trade between China and North Korea grew almost 40% in the first quarter. So much for China working with "
          "us - but we had to give it a try!", _tries_then_escalates),
    Claim("threat_does_not_make_china_enforce", "pooling on full enforcement is not an equilibrium: the threat of "
          "designations does not make an unwilling China enforce",
          "China ... has only reluctantly gone along with sanctions without putting much of an effort into enforcing "
          "them.", _no_enforcement_pooling),
    Claim("optics_can_pool", "pooling on optics with US accommodation is also an equilibrium (nothing is learned)",
          "Beijing will initially take enough action to make the optics look as if it is working with the "
          "international community to squeeze North Korea.", _optics_pooling),
)
