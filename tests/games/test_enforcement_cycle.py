"""enforcement_cycle: the menu normal form against the repeated-game engine (green_porter,
best_trigger), against the Markov chain of the phases, against Gambit, and bargain.testing."""

from __future__ import annotations

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
