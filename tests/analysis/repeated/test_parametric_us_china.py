"""A repeated US-China enforcement game: when does cooperation sustain itself, and how the Taiwan arms
sale's damage to trust (``taiwan_linkage``) moves the critical discount factor.

Stage game (one period): China chooses Enforce / Optics / Lax (actual enforcement share 1, optics_share,
0; visible credit 1, optics_credit, 0) and the US chooses Reward (a trade reward worth ``reward_value`` to
China, costing the US ``reward_cost``) or Punish (sanctions on Chinese firms).  The arms sale stands, so
China's credit for visible cooperation is ``c (cooperation_value - taiwan_linkage)``; the other terms are
those of the shipped sanctions_triangle with North Korea testing.  At the article's values the stage
equilibrium is (Punish, Optics): China enforces "enough to make the optics look as if", the US sanctions.
Repeated, (Reward, Enforce) is sustained by Nash reversion iff China is patient enough:

    gain  = max(u_C(Reward, Optics), u_C(Reward, Lax)) - u_C(Reward, Enforce)
          = max(3.228 - 0.6 L, 2.5) - (0.14 - L)          (Optics is the best deviation for L < 1.2133),
    loss  = u_C(Reward, Enforce) - u_C(stage equilibrium) = (0.14 - L) - max(-2.216 - 0.6 L, -3.68)
            (the US always punishes; China answers with Optics, or with Lax once L > 2.44),

per period (L = taiwan_linkage), so δ*(L) = gain / (gain + loss) rises with L throughout and no δ < 1
sustains cooperation once L >= 3.82.
"""

import importlib
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.model.loader import game_module
from bargain.model.parameters import Model, Parameter

game_module("sanctions_triangle")                     # registers bargain._games, the folder load_game reads
_shared = importlib.import_module("bargain._games._shared")
BORDER_TRADE = _shared.BORDER_TRADE
COLLAPSE_COST = _shared.COLLAPSE_COST
COOPERATION_VALUE = _shared.COOPERATION_VALUE
ICBM_COST = _shared.ICBM_COST
ILLICIT_LEAKAGE = _shared.ILLICIT_LEAKAGE
OPTICS_CREDIT = _shared.OPTICS_CREDIT
OPTICS_SHARE = _shared.OPTICS_SHARE
REFUGEE_RISK = _shared.REFUGEE_RISK
RUSSIA_SUBSTITUTION = _shared.RUSSIA_SUBSTITUTION
SANCTION_BACKLASH = _shared.SANCTION_BACKLASH
SANCTION_COST = _shared.SANCTION_COST
SANCTION_REACH = _shared.SANCTION_REACH
TAIWAN_LINKAGE = _shared.TAIWAN_LINKAGE

# The closed forms below were worked out at these values (the shipped games' defaults when this test was
# written); the test model pins them, so the shipped games' calibration can move without moving this test.
COOPERATION_VALUE = COOPERATION_VALUE.with_default(3.0)
TAIWAN_LINKAGE = TAIWAN_LINKAGE.with_default(2.0)
BORDER_TRADE = BORDER_TRADE.with_default(2.0)
SANCTION_REACH = SANCTION_REACH.with_default(0.5)
SANCTION_BACKLASH = SANCTION_BACKLASH.with_default(1.0)


def lifeline_cut(e, russia_substitution, illicit_leakage, us_reach=0):
    """The test model's own channel: Russia and the smugglers leak every cut alike."""
    return (1 - russia_substitution) * (1 - illicit_leakage) * (e + us_reach * (1 - e))

rp = bg.repeated

REWARD_VALUE = Parameter("reward_value", 2.5, (0.0, 10.0), unit="utils",
                         meaning="value to China of the US trade reward", source="test model")
REWARD_COST = Parameter("reward_cost", 1.0, (0.0, 10.0), unit="utils", meaning="cost to the US of the reward",
                        source="test model")


def payoffs(p):
    table = {}
    stance = {"Enforce": (1, 1), "Optics": (p.optics_share, p.optics_credit), "Lax": (0, 0)}
    for us in ("Reward", "Punish"):
        s = 1 if us == "Punish" else 0
        for china, (e, c) in stance.items():
            cut = lifeline_cut(e, p.russia_substitution, p.illicit_leakage, p.sanction_reach * s)
            u_china = (c * (p.cooperation_value - p.taiwan_linkage) - p.border_trade * e
                       - p.refugee_risk * cut * p.collapse_cost
                       + (1 - s) * p.reward_value - s * p.sanction_cost * (1 - e))
            u_us = -p.icbm_cost * (1 - cut) - (1 - s) * p.reward_cost - s * p.sanction_backlash
            table[(us, china)] = (u_us, u_china)
    return table


MODEL = Model("us_china_enforcement",
              (COOPERATION_VALUE, TAIWAN_LINKAGE, BORDER_TRADE, OPTICS_SHARE, OPTICS_CREDIT, REFUGEE_RISK,
               COLLAPSE_COST, RUSSIA_SUBSTITUTION, ILLICIT_LEAKAGE, SANCTION_REACH, SANCTION_COST, ICBM_COST,
               SANCTION_BACKLASH, REWARD_VALUE, REWARD_COST),
              payoffs, players=("US", "China"), strategies=(("Reward", "Punish"), ("Enforce", "Optics", "Lax")))


def formula(L):
    gain = max(Fraction("3.228") - Fraction("0.6") * L, Fraction("2.5")) - (Fraction("0.14") - L)
    loss = (Fraction("0.14") - L) - max(Fraction("-2.216") - Fraction("0.6") * L, Fraction("-3.68"))
    return gain / (gain + loss) if loss > 0 else None


def test_stage_equilibrium_is_the_articles():
    eqs = bg.solve(MODEL.game())
    assert len(eqs) == 1 and eqs[0].is_pure
    assert [s[0] for s in eqs[0].support] == [1, 1]               # (Punish, Optics)


def test_exact_critical_delta_at_the_article_values():
    res = rp.grim_trigger(MODEL, ("Reward", "Enforce"), exact=True)
    assert res.exact and res.delta == formula(2) == Fraction(1090, 1479)
    assert res.binding == "China"
    for L in (Fraction(0), Fraction(1, 2), Fraction(7, 2)):
        res = rp.grim_trigger(MODEL, ("Reward", "Enforce"), values={"taiwan_linkage": L}, exact=True)
        assert res.delta == formula(L)


def test_delta_star_rises_with_taiwan_linkage_batched():
    xs = np.linspace(0, 10, 101)
    curve = rp.critical_delta_sweep(MODEL, "taiwan_linkage", xs, target=("Reward", "Enforce"))
    ok = np.isfinite(curve.delta)
    assert np.all(np.diff(curve.delta[ok]) > 0)                      # δ* rises with the arms sale's damage
    expected = [formula(Fraction(repr(float(x)))) for x in xs]
    assert list(ok) == [e is not None for e in expected]
    assert np.allclose(curve.delta[ok], [float(e) for e in expected if e is not None], atol=1e-12)
    assert not ok[xs >= 3.82].any() and ok[xs <= 3.8].all()         # beyond L = 3.82 cooperation never pays
    # the batch agrees with the pointwise exact computation
    for k in (0, 17, 31):
        pt = rp.grim_trigger(MODEL, ("Reward", "Enforce"), values={"taiwan_linkage": float(xs[k])})
        assert pt.delta == pytest.approx(curve.delta[k], abs=1e-12)


def test_delta_threshold_on_taiwan_linkage():
    # at δ = 0.8 cooperation stops where (2.36 + L) / 6.18 = 0.8 (Lax both the deviation and the stage
    # answer, L > 2.44): L = 0.8 * 6.18 - 2.36 = 2.584
    out = rp.delta_threshold(MODEL, "taiwan_linkage", target=("Reward", "Enforce"), delta=0.8)
    assert len(out) == 1
    assert out[0][0] == pytest.approx(2.584, abs=1e-9) and out[0][1] == "stops"


def test_stick_and_carrot_batch_never_worse_than_grim():
    xs = np.linspace(0, 10, 41)
    grim = rp.critical_delta_sweep(MODEL, "taiwan_linkage", xs, target=("Reward", "Enforce"))
    sc = rp.critical_delta_sweep(MODEL, "taiwan_linkage", xs, target=("Reward", "Enforce"), method="stick-carrot")
    both = np.isfinite(grim.delta) & np.isfinite(sc.delta)
    pointwise = [rp.stick_and_carrot(MODEL, ("Reward", "Enforce"), common=True,
                                     values={"taiwan_linkage": float(x)}).delta for x in xs[both][:5]]
    assert np.allclose(sc.delta[both][:5], [float(x) for x in pointwise], atol=1e-12)


@pytest.mark.slow         # matplotlib import and two figures written: seconds on a shared machine
def test_plots(tmp_path):
    from bargain.plot import plot_critical_delta, plot_spe_set, save_figure

    g = MODEL.game(exact=True)
    s = rp.spe_payoffs(g, Fraction(9, 10))
    fig = plot_spe_set([s, rp.jyc_outer(g, 0.9, n_directions=16)], feasible=rp.feasible_ir_set(g),
                       minmax=rp.minmax(g).pure)
    save_figure(fig, tmp_path / "spe.png")
    curve = rp.critical_delta_sweep(MODEL, "taiwan_linkage", target=("Reward", "Enforce"), n=51)
    save_figure(plot_critical_delta(curve, model=MODEL, delta=0.8), tmp_path / "delta.svg")
    assert (tmp_path / "spe.png").stat().st_size > 0 and (tmp_path / "delta.svg").stat().st_size > 0
