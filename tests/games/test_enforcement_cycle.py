"""enforcement_cycle: the menu normal form against the repeated-game engine (green_porter,
best_trigger), against the Markov chain of the phases, against Gambit, against the Green-Porter
hand algebra (exact, with the hazard held flat), and bargain.testing; each claim of the article
the game encodes is a test of its own."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.claims import Evidence
from bargain.analysis.repeated import best_trigger, green_porter
from bargain.model.loader import game_module

ec = game_module("enforcement_cycle")

MODEL = bg.load_game("enforcement_cycle")
SIGNALS = ("Low trade", "High trade", "Designations")


def _stage_game(values: dict) -> tuple[bg.Game, np.ndarray]:
    """The stage game (US x China) and its public signal, built from the module's stage payoffs."""
    p = ec._point(values)
    u = ec.stage_payoffs(p)
    pi = ec.trigger_probabilities(p)
    pay = np.zeros((2, 2, 2))
    sig = np.zeros((2, 2, 3))
    for a, us in enumerate(ec.STAGE[0]):
        for b, ch in enumerate(ec.STAGE[1]):
            pay[:, a, b] = [float(x) for x in u[f"{us}/{ch}"]]
            h = float(pi[f"{us}/{ch}"])
            sig[a, b] = [0, 0, 1] if us == "Punish" else [1 - h, h, 0]
    return bg.Game(pay, players=("US", "China"), strategies=ec.STAGE), sig


def _markov_value(u_path: float, n: float, pi: float, delta: float, T: int) -> float:
    """Normalised value of: u_path each round until a trigger (probability pi), then n for T rounds,
    then again -- by solving the linear system of the T + 1 phase states (an independent oracle)."""
    k = T + 1
    A, b = np.eye(k), np.zeros(k)
    A[0, 0] -= delta * (1 - pi)
    A[0, 1 % k if T else 0] -= delta * pi
    b[0] = (1 - delta) * u_path
    for j in range(1, k):
        A[j, (j + 1) % k] -= delta
        b[j] = (1 - delta) * n
    return float(np.linalg.solve(A, b)[0])


@pytest.mark.parametrize("values", [{"delta": 0.97}, {"delta": 0.95, "signal_noise": 0.05},
                                    {"delta": 0.9, "taiwan_linkage": 0.3}])
def test_cells_are_the_engine_values_and_the_markov_chain(values):
    game, sig = _stage_game(values)
    p = ec._point(values)
    T = ec.punishment_length(p)
    assert np.isfinite(T)
    pol = best_trigger(game, ("Reward", "Enforce"), sig, delta=values["delta"],
                       triggers=[("High trade", "Designations")], signal_names=SIGNALS)
    assert pol is not None and pol.length == T                       # the engine finds the same shortest T
    cells = MODEL.payoffs(**values)
    pi = ec.trigger_probabilities(p)
    n = game.payoffs[:, 1, 1]
    for a in range(2):
        for b in range(2):
            prof = (ec.STAGE[0][a], ec.STAGE[1][b])
            gp = green_porter(game, prof, sig, delta=values["delta"], trigger=("High trade", "Designations"),
                              length=int(T), signal_names=SIGNALS, punishment=("Punish", "Ease"))
            np.testing.assert_allclose(cells[:, a, b], gp.value, rtol=1e-10)
            for i in range(2):
                mk = _markov_value(game.payoffs[i, a, b], n[i], float(pi[f"{prof[0]}/{prof[1]}"]), values["delta"],
                                   int(T))
                assert cells[i, a, b] == pytest.approx(mk, rel=1e-9)


@pytest.mark.slow
def test_delta_star_against_the_engine_and_gambit():
    """Just below delta_star no trigger strategy is an equilibrium (best_trigger: None) and Gambit's
    equilibria of the menu game are (Always punish, Ease) alone; just above, the cycle is one."""
    gbt = pytest.importorskip("pygambit")
    d = ec.thresholds()["delta_star"]
    assert 0.9 < d < 0.95
    for delta, coop in ((d - 1e-4, False), (d + 1e-4, True)):
        game, sig = _stage_game({"delta": delta})
        # the stage game depends on delta (the hazard's phase average), so ask the engine at that delta
        pol = best_trigger(game, ("Reward", "Enforce"), sig, delta=delta, signal_names=SIGNALS)
        assert (pol is not None) == coop
        g = MODEL.game(delta=delta)
        res = gbt.nash.enumpure_solve(gbt.Game.from_arrays(*g.payoffs))
        pure = {tuple(names[list(pl.strategies).index(max(pl.strategies, key=lambda s, e=eq: float(e[s])))]
                      for pl, names in zip(res.game.players, g.strategies, strict=True))
                for eq in res.equilibria}
        assert (("Reward-trigger", "Enforce-trigger") in pure) == coop
        assert ("Always punish", "Ease") in pure


def test_taiwan_linkage_thresholds():
    t = ec.thresholds()
    lo, hi = t["taiwan_linkage_at_delta"], t["taiwan_linkage_star"]
    assert 0 < lo < hi < ec.TAIWAN_LINKAGE.high
    assert ec.cycle(taiwan_linkage=lo - 1e-3)["sustained"] and not ec.cycle(taiwan_linkage=lo + 1e-3)["sustained"]
    grid = np.linspace(0.05, 0.99, 400)
    assert ec.cycle(taiwan_linkage=hi - 1e-3, delta=0.99)["sustained"] or any(
        ec.cycle(taiwan_linkage=hi - 1e-3, delta=float(x))["sustained"] for x in grid)
    assert not any(ec.cycle(taiwan_linkage=hi + 1e-3, delta=float(x))["sustained"] for x in grid)


def test_cycle_lengths_move_as_green_porter_says():
    """Noise lengthens nothing in the cooperative phase's odds but shortens it (1/noise); a harder
    deviation to detect needs a longer punishment."""
    a, b = ec.cycle(delta=0.97, signal_noise=0.05), ec.cycle(delta=0.97, signal_noise=0.1)
    assert a["cooperation"] == pytest.approx(20) and b["cooperation"] == pytest.approx(10)
    assert a["length"] <= b["length"]
    assert b["punishment_share"] == pytest.approx(b["length"] * 0.1 / (1 + b["length"] * 0.1))


# ------------------------------------------------------------------ hand algebra (hazard_growth = 0)
def _hand(delta: Fraction = Fraction(9, 10), **over: Fraction) -> dict[str, Fraction]:
    """China's stage payoffs and signal at the defaults, written out from the model card by hand
    (not from the module): cooperation u = (V - tau) + R (1 - pi1) - B - rho cut_E K_C, deviation
    (Reward, Ease) (V - tau) + R (1 - pi0), punishment n = -S - rho cut_P K_C."""
    v = {"V": Fraction(3), "tau": Fraction(1), "R": Fraction(11, 4), "B": Fraction(5, 2), "S": Fraction(2),
         "rho": Fraction(1, 2), "K": Fraction(16), "noise": Fraction(1, 10), "leak": Fraction(2, 5),
         "russia": Fraction(3, 10), "reach": Fraction(2, 5), **over}
    pi1 = v["noise"]
    pi0 = v["noise"] + (1 - 2 * v["noise"]) * (1 - v["leak"])
    u = v["V"] - v["tau"] + v["R"] * (1 - pi1) - v["B"] - v["rho"] * (1 - v["leak"]) * (1 - v["russia"]) * v["K"]
    dev = v["V"] - v["tau"] + v["R"] * (1 - pi0)
    n = -v["S"] - v["rho"] * (1 - v["leak"]) * v["reach"] * v["K"]
    g, dpi = dev - u, pi0 - pi1
    # the US: designating an enforcing China saves tau and costs beta (the cut is the same, designations
    # are seen for sure); its collapse lotteries with (Reward, Enforce) and with (Punish, Ease)
    icbm, kus = Fraction(10), Fraction(6)
    cut_e, cut_p = (1 - v["leak"]) * (1 - v["russia"]), (1 - v["leak"]) * v["reach"]
    lot = {c: v["rho"] * c * -kus + (1 - v["rho"] * c) * -icbm * (1 - c) for c in (cut_e, cut_p)}
    beta, d_us = Fraction(1, 2), lot[cut_e] - lot[cut_p]
    k = pi1 + (1 - delta) / delta
    return {"pi1": pi1, "dpi": dpi, "u": u, "n": n, "g": g,
            "delta_star": g / (g * (1 - pi1) + dpi * (u - n)),
            # the linkage at which China's constraint binds with x = 1 at delta (u falls one for one with tau)
            "tau_at": v["tau"] + (dpi * (u - n) - g * k) / dpi,
            # the US's: (tau - beta) k <= (1 - pi1)(beta - tau + d_us), linear in tau
            "us_tau_at": (beta * k + (1 - pi1) * (beta + d_us)) / (k + 1 - pi1)}


def test_flat_hazard_delta_star_is_the_green_porter_closed_form():
    """With hazard_growth = 0 the stage game does not depend on delta and
    delta* = g / (g (1 - pi1) + dpi (u - n)) = 11350/13257 exactly; the module's stage payoffs are
    these numbers exactly, the engine's critical delta for T = infinity is this delta*, and the
    module's bisection finds it."""
    h = _hand()
    assert (h["g"], h["u"], h["n"]) == (Fraction(227, 50), Fraction(-277, 200), Fraction(-98, 25))
    assert h["delta_star"] == Fraction(11350, 13257)
    exact = {k: Fraction(str(v)) for k, v in MODEL.defaults.items()}
    p = ec._point({**exact, "hazard_growth": Fraction(0), "delta": Fraction(9, 10)})
    u = ec.stage_payoffs(p)
    assert u["Reward/Enforce"][1] == h["u"] and u["Punish/Ease"][1] == h["n"]
    assert u["Reward/Ease"][1] - u["Reward/Enforce"][1] == h["g"]
    game, sig = _stage_game({"hazard_growth": 0.0, "delta": 0.9})
    grim = green_porter(game, ("Reward", "Enforce"), sig, delta=0.9, trigger=("High trade", "Designations"),
                        signal_names=SIGNALS, punishment=("Punish", "Ease"))
    assert grim.critical_delta == pytest.approx(float(h["delta_star"]), abs=1e-9)
    assert ec.thresholds(hazard_growth=0.0)["delta_star"] == pytest.approx(float(h["delta_star"]), abs=1e-9)


def test_flat_hazard_linkage_edges_are_closed_forms():
    """tau lowers China's cooperative payoff one for one and leaves its gain from easing alone, so
    its edge at delta is linear: 3 + 99/40 - 5/2 - 84/25 + 98/25 - (227/50)(1/10 + 1/9)/(12/25) at
    0.9.  The US's own constraint (designating an enforcing China saves it tau) gives a second
    linear edge; at 0.99, the top of delta's bounds, the US's binds first (1.8953 < 2.4936), so
    beyond it no delta sustains the deal."""
    t = ec.thresholds(hazard_growth=0.0)
    at9, at99 = _hand(), _hand(Fraction(99, 100))
    assert at9["tau_at"] < at9["us_tau_at"] and at99["us_tau_at"] < at99["tau_at"]
    assert t["taiwan_linkage_at_delta"] == pytest.approx(float(at9["tau_at"]), abs=1e-9)
    assert t["taiwan_linkage_star"] == pytest.approx(float(at99["us_tau_at"]), abs=1e-9)
    assert at9["tau_at"] == Fraction(16613, 10800)


def test_reward_and_cooperation_value_are_two_parameters():
    """Moving one util from China's own cooperation value to the US's praise keeps their old sum
    but not the game: the praise is paid only on low figures, so it lowers the gain from easing
    by dpi per util (hand algebra) and delta* moves."""
    base, moved = _hand(), _hand(V=Fraction(2), R=Fraction(15, 4))
    assert moved["g"] - base["g"] == -base["dpi"]
    assert moved["u"] - base["u"] == -base["pi1"]
    assert moved["delta_star"] != base["delta_star"]
    a = ec.thresholds(hazard_growth=0.0)["delta_star"]
    b = ec.thresholds(hazard_growth=0.0, cooperation_value=2.0, reward_value=3.75)["delta_star"]
    assert b == pytest.approx(float(moved["delta_star"]), abs=1e-9) and abs(a - b) > 0.01


# ------------------------------------------------------------------ the article's claims, one by one
def _menu_equilibria(values: dict) -> set[tuple[str, str]]:
    """The pure profiles among Gambit's (enummixed) extreme equilibria of the menu game."""
    gbt = pytest.importorskip("pygambit")
    g = MODEL.game(**values)
    res = gbt.nash.enummixed_solve(gbt.Game.from_arrays(*g.payoffs), rational=False)
    out = set()
    for eq in res.equilibria:
        probs = [[float(eq[s]) for s in pl.strategies] for pl in res.game.players]
        if all(max(pr) == pytest.approx(1.0) for pr in probs):
            out.add(tuple(names[int(np.argmax(pr))] for pr, names in zip(probs, g.strategies, strict=True)))
    return out


def test_claim_no_self_enforcing_deal_and_optics_and_designations():
    """At the defaults (delta = 0.9) the engine finds no trigger policy at all (any T, either
    trigger set), China's constraint fails even with punishment for ever, and Gambit's only
    equilibrium of the menu game is (Always punish, Ease)."""
    game, sig = _stage_game({"delta": 0.9})
    assert best_trigger(game, ("Reward", "Enforce"), sig, delta=0.9, signal_names=SIGNALS) is None
    u, n = game.payoffs[1, 0, 0], game.payoffs[1, 1, 1]
    g, pi1, pi0 = game.payoffs[1, 0, 1] - u, sig[0, 0, 1], sig[0, 1, 1]
    assert g * (1 - 0.9) > 0.9 * ((pi0 - pi1) * (u - n) - g * pi1)
    assert _menu_equilibria({}) == {("Always punish", "Ease")}
    assert len(bg.solve(MODEL.game())) == 1


def test_claim_patience_would_help():
    """At delta = 0.99 the cycle is an equilibrium: the engine's shortest T is the module's, and
    Gambit finds (Reward-trigger, Enforce-trigger) beside the stage equilibrium."""
    game, sig = _stage_game({"delta": 0.99})
    pol = best_trigger(game, ("Reward", "Enforce"), sig, delta=0.99, triggers=[("High trade", "Designations")],
                       signal_names=SIGNALS)
    assert pol is not None and pol.length == ec.cycle(delta=0.99)["length"]
    assert _menu_equilibria({"delta": 0.99}) >= {("Reward-trigger", "Enforce-trigger"), ("Always punish", "Ease")}


def test_claim_linkage_kills_the_deal():
    """Without the arms sale's damage (taiwan_linkage = 0) the cycle is an equilibrium at delta = 0.9,
    by the engine and by Gambit."""
    game, sig = _stage_game({"delta": 0.9, "taiwan_linkage": 0.0})
    assert best_trigger(game, ("Reward", "Enforce"), sig, delta=0.9, signal_names=SIGNALS) is not None
    assert ("Reward-trigger", "Enforce-trigger") in _menu_equilibria({"taiwan_linkage": 0.0})


def test_claims_at_the_defaults_and_beyond():
    ev = Evidence(MODEL, {})
    assert all(bool(np.all(c.predicate(ev))) for c in ec.CLAIMS)
    by = {c.id: c for c in ec.CLAIMS}
    patient = Evidence(MODEL, {"delta": np.array([0.98])})
    assert not by["no_self_enforcing_deal"].predicate(patient)[0]


def test_stability_breaks_at_delta_star():
    from bargain.testing import assert_equilibria_equal, assert_equilibrium, assert_stable

    game = MODEL.game()
    eqs = bg.solve(game)
    for eq in eqs:
        assert_equilibrium(game, eq)
    assert_equilibria_equal(eqs, bg.solve(game))
    assert_stable(MODEL, ("Always punish", "Ease"), over={"delta": (0.05, 0.99)}, points=9)
    d = ec.thresholds()["delta_star"]
    with pytest.raises(AssertionError, match=rf"breaks at delta = {str(d)[:5]}"):
        assert_stable(MODEL, ("Reward-trigger", "Enforce-trigger"), at={"delta": 0.98}, over={"delta": (0.8, 0.98)},
                      points=9)


def test_the_readme_sentence_quotes_the_code():
    """The README's one sentence on this game quotes delta*, both linkage edges and T at 0.97 as the
    module computes them (to the digits shown)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = text.index("`enforcement_cycle` is a repeated game")
    sentence = " ".join(text[start:text.index("\n\n", start)].split())
    t = ec.thresholds()
    assert f"δ* ≈ {t['delta_star']:.3f}" in sentence
    assert f"below ≈ {t['taiwan_linkage_at_delta']:.3f}" in sentence
    assert f"exceeds ≈ {t['taiwan_linkage_star']:.3f}" in sentence
    assert f"(T = {ec.cycle(delta=0.97)['length']} at δ = 0.97)" in sentence
