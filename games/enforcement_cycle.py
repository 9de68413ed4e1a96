"""Enforce and ease: US-China cooperation under imperfect monitoring, as a repeated game.

A repeated game read from the article (``games._shared.SOURCE``): China's enforcement is hidden;
the US sees trade figures ("Trade between China and North Korea grew almost 40% in the first
quarter. So much for China working with us"), which illicit channels blur.  Can any deal above
optics enforce itself, and is "optics then ease" a punishment cycle of the Green-Porter kind?

Model card
----------
Timing.  Each round is one stage game (the package's timing ``games._shared.TIMING``, with the US and
China moving at once because China's move is hidden); the strategies below are chosen once, for
the whole repeated game.

Stage game.
    **US**: ``Reward`` (cooperation credit: China is treated as a partner, no designations, and is
    praised in any round the trade figures come out low) or ``Punish`` (designations of Chinese
    firms, no credit).  **China**: ``Enforce`` (cut the sanctioned trade, share 1) or ``Ease`` (share
    0: the optics are over).  North Korea keeps testing (it is not a player; in
    ``sequential_crisis`` it tests against every stance short of full enforcement).
Signal.
    Designations are public.  Under ``Reward`` the US sees the trade figures: ``High trade`` with
    probability ``π(e) = signal_noise + (1 - 2 signal_noise)(1 - illicit_leakage)(1 - e)``, else
    ``Low trade`` (:func:`high_trade`; illicit channels keep easing out of the figures;
    ``signal_noise`` is everything else that moves them, Russian oil bought off the books among
    it).  ``illicit_leakage`` and ``us_collapse_cost`` are held at the package defaults
    (:data:`FIXED`): alone, neither changes the equilibrium set at δ = 0.9, though both move δ*.
Repeated strategies (the normal form, :data:`model`).
    **US**: ``Reward-trigger`` (reward while trade is low; on high trade designate for ``T``
    periods, then reward again) or ``Always punish``.  **China**: ``Enforce-trigger`` (enforce while
    rewarded; after a trigger, ease for ``T`` periods) or ``Ease`` (for ever).  ``T`` is the
    shortest punishment that deters both deviations at ``delta`` (:func:`punishment_length`; for
    ever if none does).  Each cell is the normalised discounted value of the path the two
    strategies produce (Green and Porter 1984: ``V = n + (1 - δ)(u(a) - n) / (1 - δ + δ π(a) x)``,
    ``x = 1 - δ^T``, ``π(a)`` the probability of a trigger under ``a``, ``n`` the value of
    (Ease, Punish)), checked in the tests against ``bargain.analysis.repeated.green_porter`` on
    the stage game and against the Markov chain of the phases.

Who pays what, and when (stage payoffs, the blocks of ``games._shared``; the arms sale stands).
    China: ``c (cooperation_value - taiwan_linkage) + c reward_value (1 - π(e)) - border_trade e -
    sanction_cost s (1 - e)`` with credit ``c = 1`` under Reward and 0 under Punish (``s = 1``).
    The two values of cooperation enter apart: ``cooperation_value`` (the shared parameter, China's
    own value of being a partner, net of the arms sale's damage to trust) is paid in every
    rewarded round, whatever the figures; ``reward_value`` is the US's praise and standing, paid
    only when the figures are good, so easing risks it at once (:func:`reward`).  The first raises
    the cooperative phase only; the second also lowers China's gain from easing, by
    ``reward_value (π(0) - π(1))``.  US: ``-sanction_backlash s - c taiwan_linkage`` (Cui's lost
    trust, both sides; praise costs the US nothing).  The squeeze may topple the regime:
    probability ``refugee_risk * cut`` (China ``-collapse_cost``, US ``-us_collapse_cost``), else
    the US pays ``-icbm_cost (1 - cut)``.  The hazard of enforcement rises with the cumulative cut:
    in the k-th straight round of enforcement it is ``h (1 + hazard_growth (k - 1))`` in odds
    (saturating at 1); the stage game uses its discounted average over a cooperative phase (mean
    ``1 / π`` rounds), ``k - 1`` averaging ``z / (1 - z)`` with ``z = δ (1 - π)``.
Hand algebra (what the tests check).
    With ``g`` China's stage gain from easing, ``Δπ = π(0) - π(1)`` and ``u``, ``n`` China's
    payoffs in the cooperative and the punishment phase, easing does not pay iff
    ``g (1 - δ) <= δ x (Δπ (u - n) - g π(1))``.  The best trigger punishes for ever (``x = 1``) only
    at the edge, so ``δ* = g / (g (1 - π(1)) + Δπ (u - n))`` (with ``hazard_growth = 0``, where
    ``g``, ``u`` do not depend on δ; else its fixed point), cooperation needs ``Δπ (u - n) > g
    π(1)`` at any δ, and since ``taiwan_linkage`` lowers ``u`` one for one and leaves ``g`` alone,
    ``taiwan_linkage`` has a closed-form edge at every δ (Green and Porter 1984; Mailath and
    Samuelson 2006, sec. 7.2).

Which sentences each mechanism encodes.
    The hidden stance and its easing: "Beijing will initially take enough action to make the
    optics look as if it is working ... As time goes by, however, the pressure tends to let up".
    The noisy signal: Trump's tweet; "the foundation of North Korea's economy rests on unofficial
    and often illicit trading channels".  The reward: "the spirit and consensus of the two
    leaders' meeting in Mar A Lago"; the punishment: "targeting specific Chinese firms and
    individuals with sanctions".  The linkage: "US arms sales to Taiwan and the sanctions against
    Chinese enterprises have damaged the basis and mutual trust" (``taiwan_linkage``).  The rising
    hazard: "the risk of pushing North Korea too hard".

What the model leaves out.
    Collapse as an absorbing state (its hazard is a per-round expected cost); strategies outside
    the four (the US's best trigger set among richer signals, mixed punishments, renegotiation);
    South Korea (Seoul as hostage) and Japan; North Korea's choice; the option of talking to North
    Korea; Russian oil sold off the books only as signal noise, not as a lifeline of its own; the
    linkage concession (``secondary_sanctions``).

Results (:func:`cycle`, :func:`thresholds`).  At the defaults (δ = 0.9) no deal above optics
enforces itself: the unique equilibrium is (Always punish, Ease), the stage equilibrium every
round, a stationary outcome and not a cycle; China's gain from easing behind good figures (the
border trade and the collapse risk it saves, less the praise it puts at risk) outweighs what a
noisy punishment can take from it.  Cooperation needs δ ≥ ``delta_star`` ≈ 0.931, and at δ = 0.9 a
linkage below ``taiwan_linkage_at_delta`` ≈ 0.758; beyond ``taiwan_linkage_star`` ≈ 1.265 no δ in
the bounds sustains it.  Where it is sustained the equilibrium path is a Green-Porter cycle:
enforcement for ``1 / signal_noise`` = 10 rounds on average, then designations and easing for ``T``
rounds (32 at δ = 0.97: 76% of the rounds are spent in punishment) after a high-trade figure nobody
caused.  Its easing follows the designations rather than preceding them, so "optics then ease"
reads as such a cycle only for a patient pair; at the article's values it is the stage equilibrium.
The headline sits close to its edges at the defaults: one parameter at a time (others at the
defaults), it fails for ``reward_value`` above about 2.97 (δ* falls below 0.9), ``cooperation_value``
above 3.24, ``sanction_cost`` above 2.24, ``border_trade`` below 2.33, ``collapse_cost`` below 14.95,
``refugee_risk`` below 0.465 or ``hazard_growth`` below 0.034 (``bargain claims enforcement_cycle``);
over the plausible ranges, all drawn at once, it holds in about 0.82 of draws.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from bargain import Model, Parameter
from bargain.analysis.claims import Claim

from ._shared import (
    BORDER_TRADE,
    COLLAPSE_COST,
    COOPERATION_VALUE,
    ICBM_COST,
    ILLICIT_LEAKAGE,
    REFUGEE_RISK,
    RUSSIA_SUBSTITUTION,
    SANCTION_BACKLASH,
    SANCTION_COST,
    SANCTION_REACH,
    SOURCE,
    TAIWAN_LINKAGE,
    US_COLLAPSE_COST,
    border_loss,
    china_collapse,
    collapse_probability,
    credit,
    designations,
    lifeline_cut,
    lottery,
    trust,
    trust_damage,
    us_collapse,
    us_test,
)

__all__ = ["CLAIMS", "PARAMETERS", "PUNISHMENT", "STAGE", "SYMBOLIC", "SYMBOLIC_REASON", "cycle", "high_trade", "model",
           "payoffs_given", "punishment_length", "reward", "stage_payoffs", "thresholds", "trigger_probabilities"]

DELTA = Parameter(
    "delta", 0.9, (0.05, 0.99), plausible=(0.8, 0.97), unit="discount factor per round",
    meaning="weight China and the US put on the next round of sanctions enforcement (one round: the months "
            "between a new sanctions resolution and the next trade figures)",
    source="\"Usually, after new international sanctions are adopted ... As time goes by, however, the pressure "
           "tends to let up\"; Cui Tiankai on \"the spirit and consensus of the two leaders' meeting in Mar A Lago\". "
           "Plausible range: a relationship both sides expect to last, rounds of a few months",
)

SIGNAL_NOISE = Parameter(
    "signal_noise", 0.1, (0.0, 0.5), plausible=(0.05, 0.25), unit="probability",
    meaning="probability that the trade figures show high trade whatever China does (and low trade though China "
            "eases): everything but China's stance that moves the Dandong figures",
    source="\"Trade between China and North Korea grew almost 40% in the first quarter. So much for China working "
           "with us\" (Trump); \"North Korea purchases a significant proportion of its oil and fuels from Russia\" "
           "(Ri Jong Ho), partly off the books. Plausible range: figures that mean something, but not always",
)

HAZARD_GROWTH = Parameter(
    "hazard_growth", 0.05, (0.0, 1.0), plausible=(0.0, 0.15), unit="odds per round",
    meaning="growth of the odds of collapse with each further round of full enforcement (the cumulative cut)",
    source="\"it would have to balance any such interests against the risk of pushing North Korea too hard. "
           "Should the North Korean regime's stability be threatened ...\" Plausible range: a squeeze that bites "
           "harder the longer it lasts, slowly",
)

REWARD_VALUE = Parameter(
    "reward_value", 2.75, (0.0, 10.0), plausible=(1.5, 4.5), unit="utils per round",
    meaning="what the US's praise and standing are worth to China in a rewarded round whose trade figures come "
            "out low (paid on the figures, unlike China's own cooperation_value, which a rewarded round pays "
            "whatever they show)",
    source="\"President Trump's first instinct on North Korea earlier this year was to turn to China\", and then, on "
           "the figures: \"Trade between China and North Korea grew almost 40% in the first quarter. So much for "
           "China working with us\" (Trump): credit given, and withdrawn on what the trade figures show. Plausible "
           "range: of the order of China's own cooperation value, short of the stakes of collapse",
)

PARAMETERS = (DELTA, SIGNAL_NOISE, REWARD_VALUE, HAZARD_GROWTH, BORDER_TRADE, TAIWAN_LINKAGE, COOPERATION_VALUE,
              SANCTION_COST, SANCTION_REACH, SANCTION_BACKLASH, COLLAPSE_COST, REFUGEE_RISK, RUSSIA_SUBSTITUTION,
              ICBM_COST)

#: Shared parameters held at the package's defaults: moved alone along their bounds (the others at
#: the defaults, delta = 0.9) neither changes this game's equilibrium set, so by the package's test of a
#: live parameter they are not parameters here.  They do move delta* where the deal is sustained
#: (at delta = 0.95 both can make or break it): a limitation the model card states.
FIXED = {ILLICIT_LEAKAGE.name: ILLICIT_LEAKAGE.default, US_COLLAPSE_COST.name: US_COLLAPSE_COST.default}

#: The stage game: (US action, China action) -> (credit c, sanctions s) and (real share e).
STAGE = (("Reward", "Punish"), ("Enforce", "Ease"))

US_STRATEGIES = ("Reward-trigger", "Always punish")
CHINA_STRATEGIES = ("Enforce-trigger", "Ease")


def _is_scalar(*xs: Any) -> bool:
    return all(np.ndim(x) == 0 for x in xs)


class _WithFixed:
    """Parameter values ``p`` with :data:`FIXED` filled in."""

    def __init__(self, p: Any) -> None:
        inner = p._p if isinstance(p, _WithFixed) else p
        try:                                   # the model's parameter values, or a plain namespace
            given = object.__getattribute__(inner, "_data")
        except AttributeError:
            given = vars(inner)
        exact = _is_scalar(inner.delta) and not isinstance(inner.delta, float | np.floating)
        self._p = inner
        self._fixed = {k: Fraction(str(v)) if exact else v for k, v in FIXED.items() if k not in given}

    def __getattr__(self, name: str) -> Any:
        fixed = self.__dict__["_fixed"]
        return fixed[name] if name in fixed else getattr(self.__dict__["_p"], name)


def high_trade(p: Any, e: Any) -> Any:
    """Probability that the trade figures show high trade when China cuts the share ``e`` of its trade.

    ``signal_noise + (1 - 2 signal_noise)(1 - illicit_leakage)(1 - e)``: what China leaves open shows
    in the figures except the share that goes through illicit channels; everything else that moves
    the figures flips them with probability ``signal_noise``.
    """
    p = _WithFixed(p)
    return p.signal_noise + (1 - 2 * p.signal_noise) * (1 - p.illicit_leakage) * (1 - e)


def trigger_probabilities(p: Any) -> dict[str, Any]:
    """Probability of a trigger (high trade, or designations) under each stage profile."""
    return {"Reward/Enforce": high_trade(p, 1), "Reward/Ease": high_trade(p, 0), "Punish/Enforce": 1,
            "Punish/Ease": 1}


def reward(p: Any, c: Any, e: Any) -> Any:
    """China's expected reward: ``reward_value`` in a round the US credits (``c = 1``) and the figures
    show low trade, so ``c * reward_value * (1 - high_trade(e))``."""
    return c * p.reward_value * (1 - high_trade(p, e))


def _hazard(base: Any, multiplier: Any) -> Any:
    """Odds ``base / (1 - base)`` scaled by ``multiplier``, back to a probability (saturates at 1)."""
    return base * multiplier / (1 + base * (multiplier - 1))


def stage_payoffs(p: Any) -> dict[str, tuple[Any, Any]]:
    """(US, China) stage payoffs of the four profiles ``"US action/China action"``, enforcement's
    hazard averaged over a cooperative phase (see the model card)."""
    p = _WithFixed(p)
    pi = trigger_probabilities(p)["Reward/Enforce"]
    z = p.delta * (1 - pi)
    growth = 1 + p.hazard_growth * z / (1 - z)
    out = {}
    for us in STAGE[0]:
        s, c = (1, 0) if us == "Punish" else (0, 1)
        for ch in STAGE[1]:
            e = 1 if ch == "Enforce" else 0
            cut = lifeline_cut(e, p.russia_substitution, p.illicit_leakage, s * p.sanction_reach)
            q = collapse_probability(p, cut)
            if ch == "Enforce":
                q = _hazard(q, growth)
            china = credit(c, trust(p, 1, 0)) + reward(p, c, e) - border_loss(p, e) - designations(p, e, s)
            us_now = -s * p.sanction_backlash - c * trust_damage(p, 1, 0)
            out[f"{us}/{ch}"] = (us_now + lottery(q, us_collapse(p), us_test(p, cut)),
                                 china + lottery(q, china_collapse(p), 0))
    return out


def _required_x(p: Any, u: dict, pi: dict) -> Any:
    """The least ``x = 1 - δ^T`` deterring both one-shot deviations from (Reward, Enforce) (> 1: none)."""
    d, pc, n = p.delta, pi["Reward/Enforce"], u["Punish/Ease"]
    req = []
    for i, dev, q in ((0, "Punish/Enforce", 1), (1, "Reward/Ease", pi["Reward/Ease"])):
        g = u[dev][i] - u["Reward/Enforce"][i]
        den = d * ((q - pc) * (u["Reward/Enforce"][i] - n[i]) - g * pc)
        if _is_scalar(g, den):
            req.append(0 if g <= 0 else (g * (1 - d) / den if den > 0 else math.inf))
        else:
            g, den = np.asarray(g, float), np.asarray(den, float)
            with np.errstate(divide="ignore", invalid="ignore"):
                req.append(np.where(g <= 0, 0.0, np.where(den > 0, g * (1 - d) / den, np.inf)))
    return max(req) if _is_scalar(*req) else np.maximum(*req)


def punishment_length(p: Any) -> Any:
    """Shortest punishment ``T`` (rounds) deterring both deviations at ``delta``; ``inf`` if none does."""
    u, pi = stage_payoffs(p), trigger_probabilities(p)
    x = _required_x(p, u, pi)
    if _is_scalar(x, p.delta):
        if x >= 1:
            return math.inf
        return 1 if x <= 0 else max(1, math.ceil(math.log(1 - float(x)) / math.log(float(p.delta)) - 1e-12))
    x, d = np.asarray(x, float), np.asarray(p.delta, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.maximum(1, np.ceil(np.log(np.clip(1 - x, 1e-300, 1)) / np.log(d) - 1e-12))
    return np.where(x >= 1, np.inf, t)


def _x(p: Any, length: Any) -> Any:
    if _is_scalar(length, p.delta):
        return 1 if length == math.inf else 1 - p.delta ** int(length)
    return np.where(np.isinf(length), 1.0, 1 - np.asarray(p.delta, float) ** np.where(np.isinf(length), 1, length))


def payoffs(p: Any) -> dict:
    """Normal form over the four repeated strategies: each cell the Green-Porter value of its path."""
    return payoffs_given(p, _x(p, punishment_length(p)))


def payoffs_given(p: Any, x: Any) -> dict:
    """:func:`payoffs` with the punishment's share of the future ``x = 1 - δ^T`` given (1: for ever)."""
    u, pi = stage_payoffs(p), trigger_probabilities(p)
    d, n = p.delta, u["Punish/Ease"]
    paths = {("Reward-trigger", "Enforce-trigger"): "Reward/Enforce", ("Reward-trigger", "Ease"): "Reward/Ease",
             ("Always punish", "Enforce-trigger"): "Punish/Enforce", ("Always punish", "Ease"): "Punish/Ease"}
    return {cell: tuple(n[i] + (1 - d) * (u[a][i] - n[i]) / (1 - d + d * pi[a] * x) for i in range(2))
            for cell, a in paths.items()}


model = Model(
    "enforcement_cycle", PARAMETERS, payoffs, players=("US", "China"), strategies=(US_STRATEGIES, CHINA_STRATEGIES),
    title="Enforce and ease: US-China cooperation under imperfect monitoring (a repeated game)",
    description="China's enforcement is hidden and the US sees noisy trade figures; the US rewards cooperation or "
                "designates Chinese firms, round after round.  The normal form is over four repeated strategies "
                "(trigger strategies and the stage equilibrium for ever).  At the defaults no deal above optics "
                "enforces itself; with patience enough the path is a Green-Porter cycle of enforcement and "
                "punishment.",
    references=(SOURCE, "Green and Porter (1984) on trigger strategies under imperfect monitoring; Abreu, Pearce and "
                        "Stacchetti (1986, 1990) on optimal punishments and imperfect public monitoring; Tirole "
                        "(1988), sec. 6.7.1; Mailath and Samuelson (2006), ch. 7"),
)


#: The punishment's share of the future, ``x = 1 - δ^T``, as a parameter of its own (default: its value at the
#: defaults, where no trigger deters, T is infinite and x = 1).
PUNISHMENT = Parameter(
    "punishment", 1.0, (0.0, 1.0), unit="share of the future",
    meaning="x = 1 - delta^T: the share of the discounted future a trigger's punishment of T rounds takes (T = "
            "punishment_length, the least T deterring both deviations; 1 = for ever)",
    source="Green and Porter (1984): the punishment phase's length, here held as a number",
)

#: Why :data:`model` cannot be traced in its parameters, for the symbolic solver.
SYMBOLIC_REASON = ("punishment_length is an integer, the ceiling of a logarithm of the parameters (math.ceil of "
                   "log(1 - x) / log(delta)), and x = 1 - delta^T is a power with that integer exponent: not an "
                   "expression in the parameters")

#: :data:`model` with ``x = 1 - δ^T`` a parameter (:data:`PUNISHMENT`): every other payoff is traced in the
#: parameters, so the symbolic solver solves this one, with the punishment a free symbol.
SYMBOLIC = Model(
    "enforcement_cycle_given_punishment", (*PARAMETERS, PUNISHMENT), lambda p: payoffs_given(p, p.punishment),
    players=("US", "China"), strategies=(US_STRATEGIES, CHINA_STRATEGIES),
    title="Enforce and ease, the punishment's share of the future given",
    description="enforcement_cycle with x = 1 - delta^T a parameter instead of the least deterring T.",
    references=(SOURCE,),
)


def _sustained(p: Any) -> Any:
    return np.isfinite(np.asarray(punishment_length(p), float))


def cycle(**values: Any) -> dict[str, Any]:
    """The best trigger equilibrium at ``values`` (others at their defaults), or None where none exists.

    Returns
    -------
    ``{"sustained", "length" (T, punishment rounds), "cooperation" (mean rounds of a cooperative
    phase, 1/π), "cycle" (mean rounds of a cycle), "punishment_share" (long-run share of rounds in
    punishment), "value" ((US, China) at the start of a cooperative phase)}``.
    """
    p = _point(values)
    t = punishment_length(p)
    if t == math.inf:
        return {"sustained": False, "length": None, "cooperation": None, "cycle": None, "punishment_share": None,
                "value": None}
    pc = float(trigger_probabilities(p)["Reward/Enforce"])
    coop = math.inf if pc == 0 else 1 / pc
    v = payoffs(p)[("Reward-trigger", "Enforce-trigger")]
    return {"sustained": True, "length": int(t), "cooperation": coop, "cycle": coop + t,
            "punishment_share": t * pc / (1 + t * pc), "value": tuple(float(a) for a in v)}


def _point(values: dict[str, Any]) -> Any:
    from types import SimpleNamespace

    vals = {k: prm.default for k, prm in model.parameters.items()}
    for k, v in values.items():
        model.parameter(k)
        vals[k] = v
    return SimpleNamespace(**vals)


def _bisect(f: Any, lo: float, hi: float, steps: int = 60) -> float:
    flo = f(lo)
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        if f(mid) == flo:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def thresholds(**values: Any) -> dict[str, float | None]:
    """Where cooperation starts or stops, at ``values`` (others at their defaults).

    Returns
    -------
    ``{"delta_star": least δ sustaining (Reward-trigger, Enforce-trigger) (None if no δ in the
    bounds does), "taiwan_linkage_star": the linkage above which no δ in the bounds sustains it,
    "taiwan_linkage_at_delta": the linkage above which it fails at the given δ}``.
    """
    lo_d, hi_d = DELTA.low, DELTA.high
    grid = np.linspace(lo_d, hi_d, 2000)

    def ok_at(d: float, **extra: Any) -> bool:
        return bool(_sustained(_point({**values, **extra, "delta": d})))

    ok = _sustained(_point({**values, "delta": grid}))
    delta_star = None
    if ok.any():
        k = int(np.argmax(ok))
        delta_star = float(grid[0]) if k == 0 else _bisect(lambda d: ok_at(d), float(grid[k - 1]), float(grid[k]))

    def any_delta(t: float) -> bool:
        return bool(_sustained(_point({**values, "taiwan_linkage": t, "delta": grid})).any())

    def at_delta(t: float) -> bool:
        return bool(_sustained(_point({**values, "taiwan_linkage": t})))

    out: dict[str, float | None] = {"delta_star": delta_star}
    for key, f in (("taiwan_linkage_star", any_delta), ("taiwan_linkage_at_delta", at_delta)):
        lo, hi = TAIWAN_LINKAGE.low, TAIWAN_LINKAGE.high
        out[key] = None if not f(lo) or f(hi) else _bisect(f, lo, hi)
    return out


def _cooperation(ev: Any) -> np.ndarray:
    return ev.is_equilibrium("Reward-trigger", "Enforce-trigger")


#: Why this game has no TREE to check subgame perfection against: its strategies are whole
#: strategies of the repeated game, chosen once and simultaneously; perfection within the repeated
#: game is what the trigger construction itself checks (each phase is a best response, Green and Porter 1984).
NO_TREE = "the strategies are repeated-game strategies chosen at once; the trigger construction checks perfection"

CLAIMS = (
    Claim("no_self_enforcing_deal", "no deal above optics enforces itself: (Reward-trigger, Enforce-trigger) is not "
          "an equilibrium", "As time goes by, however, the pressure tends to let up, and whatever prohibitions it "
          "might have enforced on trade with North Korea it tends to ease up.", lambda ev: ~_cooperation(ev)),
    Claim("optics_and_designations", "the unique equilibrium is the stage equilibrium for ever: the US designates, "
          "China shows optics", "the U.S. has upped the pressure by targeting specific Chinese firms and "
          "individuals with sanctions for their ties to North Korea",
          lambda ev: ev.unique("Always punish", "Ease")),
    Claim("patience_would_help", "with a patient enough China and US (delta = 0.99) the Green-Porter cycle of "
          "enforcement and punishment is an equilibrium", "So much for China working with us - but we had to give "
          "it a try!", lambda ev: ev.at(delta=np.full(ev.batch_shape, 0.99)).is_equilibrium(
              "Reward-trigger", "Enforce-trigger")),
    Claim("linkage_kills_the_deal", "without the arms sale's damage to trust (taiwan_linkage = 0) the cycle would be "
          "an equilibrium at the same delta", "US arms sales to Taiwan and the sanctions against Chinese enterprises "
          "have damaged the basis and mutual trust between the two countries (Cui Tiankai)",
          lambda ev: ev.at(taiwan_linkage=np.zeros(ev.batch_shape)).is_equilibrium(
              "Reward-trigger", "Enforce-trigger")),
)
