"""Imperfect public monitoring (Green-Porter triggers, APS bounds), finitely repeated games, minmax values."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError

rp = bg.repeated


def noisy_pd(gain, p, q):
    """PD with cooperation payoff 2, temptation 2 + gain, sucker -1, Nash 0, and a two-signal monitor:
    'low' with probability p under (C,C), q after a unilateral defection, 1/2 under (D,D)."""
    g = bg.Game.from_matrices([[2, -1], [2 + gain, 0]], [[2, 2 + gain], [-1, 0]],
                              strategies=(("C", "D"), ("C", "D")))
    sig = np.zeros((2, 2, 2))
    sig[0, 0] = [1 - p, p]
    sig[1, 0] = sig[0, 1] = [1 - q, q]
    sig[1, 1] = [0.5, 0.5]
    return g, sig


def best_length(gain, p, q, delta=0.9):
    g, sig = noisy_pd(gain, p, q)
    pol = rp.best_trigger(g, ("C", "C"), sig, delta=delta, triggers=[["low"]], signal_names=["high", "low"])
    return None if pol is None else (pol.length if pol.length is not None else 10**6)


def test_green_porter_value_and_phases_by_hand():
    g, sig = noisy_pd(0.5, 0.1, 0.5)
    pol = rp.green_porter(g, ("C", "C"), sig, delta=0.9, trigger=["low"], length=3, signal_names=["high", "low"])
    x = 1 - 0.9 ** 3
    assert pol.value[0] == pytest.approx(0.1 * 2 / (0.1 + 0.9 * 0.1 * x))          # n = 0
    assert pol.expected_cooperation == pytest.approx(10.0)
    assert pol.expected_cycle == pytest.approx(13.0)
    assert pol.punishment_share == pytest.approx(3 * 0.1 / (1 + 3 * 0.1))
    # incentive: gain <= δ (q - p) x (u - n) / (1 - δ + δ p x) at the critical δ, with equality
    d = pol.critical_delta
    xd = 1 - d ** 3
    rhs = d * 0.4 * xd * 2 / (1 - d + d * 0.1 * xd)
    assert rhs == pytest.approx(0.5, rel=1e-9)
    assert pol.incentive_compatible


def test_green_porter_comparative_statics_in_sign():
    # Tirole (1988, sec. 6.7.1): the shortest deterring punishment rises with the temptation,
    # with the noise p (informativeness q - p held fixed), and falls as the signal gets more informative.
    # By hand: T is the least integer with x = 1 - δ^T >= (1 - δ) g / (δ (q - p)(u - n) - δ p g).
    gains = [best_length(gn, 0.1, 0.3) for gn in (0.05, 0.15, 0.25, 0.35)]
    assert all(a <= b for a, b in itertools.pairwise(gains)) and gains[0] < gains[-1]
    noise = [best_length(1.0, p, p + 0.2) for p in (0.02, 0.1, 0.2)]      # T = 4, 5, 8 by hand
    assert noise == [4, 5, 8]
    assert best_length(1.0, 0.3, 0.5) is None                              # too noisy: no trigger deters
    info = [best_length(1.0, 0.1, q) for q in (0.3, 0.4, 0.6)]               # T = 5, 3, 2 by hand
    assert info == [5, 3, 2]
    # and the critical δ of a fixed policy rises with the temptation
    g1, s1 = noisy_pd(0.2, 0.1, 0.5)
    g2, s2 = noisy_pd(0.6, 0.1, 0.5)
    d1 = rp.green_porter(g1, (0, 0), s1, delta=0.9, trigger=[1], length=2).critical_delta
    d2 = rp.green_porter(g2, (0, 0), s2, delta=0.9, trigger=[1], length=2).critical_delta
    assert d1 < d2


def test_signal_validation():
    g, sig = noisy_pd(0.5, 0.1, 0.5)
    with pytest.raises(GameError):
        rp.green_porter(g, (0, 0), sig[..., :1], delta=0.9, trigger=[0])
    with pytest.raises(GameError):
        rp.green_porter(g, (0, 0), sig, delta=0.9, trigger=[0, 1])


def test_sse_bounds_bang_bang_formula():
    # APS (1986): the best strongly symmetric payoff is u(C,C) - p * gain / (q - p) (the cost of the
    # punishments that occur on the path), independent of δ once cooperation is sustainable.
    g, sig = noisy_pd(0.5, 0.1, 0.5)
    for d in (0.6, 0.9):
        b = rp.sse_bounds(g, sig, d)
        assert b.high == pytest.approx(2 - 0.1 * 0.5 / 0.4, abs=1e-8)
        assert b.low == pytest.approx(0.0, abs=1e-8) and b.best_action == "C"
    low_delta = rp.sse_bounds(g, sig, 0.3)
    assert low_delta.high == pytest.approx(0.0, abs=1e-8)


def test_sse_three_actions():
    # a symmetric 3-action game (low/medium/high effort); with a perfectly informative signal the SSE
    # bound equals the best symmetric payoff sustainable by grim trigger with the symmetric Nash (low).
    u = np.array([[0, 3, 4], [-1, 2, 5], [-2, 1, 4]], dtype=float)   # u(own, other)
    g = bg.Game.from_matrices(u, u.T)
    sig = np.zeros((3, 3, 9))
    for a in range(3):
        for b in range(3):
            sig[a, b, 3 * a + b] = 1.0
    b = rp.sse_bounds(g, sig, 0.5)
    assert b.high == pytest.approx(4.0) and b.best_action == "S3"
    assert rp.grim_trigger(g, (2, 2), exact=True).delta == Fraction(1, 5)      # gain 1, loss 4 per period


def test_finite_unique_nash_backward_induction():
    pd = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    f = rp.finite_spe(pd, 6)
    assert f.payoffs == ((6, 6),) and f.unique_nash_outcome


def test_benoit_krishna_construction():
    # PD with a third action: stage equilibria (D,D) worth 1, (P,P) worth 0 and a mixed one worth -4/5.
    A = [[3, 0, -2], [5, 1, -2], [-2, -2, 0]]
    g = bg.Game.from_matrices(A, [list(r) for r in zip(*A, strict=True)])
    plan = rp.benoit_krishna(g, (0, 0))
    # gain from defecting on (C,C) is 2; the reward (D,D) beats the worst equilibrium by 1 + 4/5 per period
    assert plan.feasible and plan.reward_periods == 2
    assert plan.average_payoff(100, ((3, 3), (1, 1))) == (Fraction(296, 100), Fraction(296, 100))
    f = rp.finite_spe(g, 3)
    assert (5, 5) in f.payoffs                    # (C,C) once, then (D,D) twice
    assert max(sum(v) for v in f.payoffs) > 6     # more than repeating any stage equilibrium
    assert not rp.benoit_krishna(bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]]), (0, 0)).feasible


def test_minmax_pure_and_mixed():
    mp = bg.Game.from_matrices([[1, -1], [-1, 1]])
    mm = rp.minmax(mp)
    assert mm.pure == (1, 1) and mm.mixed == (0, 0)
    with pytest.raises(GameError):
        rp.feasible_ir_set(mp, kind="correlated")
