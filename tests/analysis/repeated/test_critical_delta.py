"""Critical discount factors: grim trigger, stick and carrot, optimal penal codes, against hand-derived values."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain as bg
from bargain.errors import GameError

rp = bg.repeated


def prisoners_dilemma(T, R, P, S):
    return bg.Game.from_matrices([[R, S], [T, P]], [[R, T], [S, P]],
                                 strategies=(("C", "D"), ("C", "D")))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.fractions(min_value=-20, max_value=20, max_denominator=12), min_size=4, max_size=4, unique=True))
def test_pd_grim_trigger_is_textbook_formula(xs):
    S, P, R, T = sorted(xs)                     # T > R > P > S
    res = rp.grim_trigger(prisoners_dilemma(T, R, P, S), ("C", "C"))
    assert res.exact and isinstance(res.delta, Fraction)
    assert res.delta == (T - R) / (T - P)      # Friedman (1971); Fudenberg and Tirole (1991), sec. 5.1.2
    assert res.sustains(res.delta) and not res.sustains(res.delta - Fraction(1, 10**9))


def test_pd_paths_by_hand():
    g = prisoners_dilemma(5, 3, 1, 0)
    # alternating (C,D) -> (D,C): h(δ) = -(1 - δ^2) + 4δ - δ^2 = 4δ - 1 for the exploited player
    assert rp.grim_trigger(g, [("C", "D"), ("D", "C")]).delta == Fraction(1, 4)
    # public lottery 1/2 (C,D) + 1/2 (D,C): value 5/2, gain 1 at (C,D): δ >= 1 / (1 + 5/2 - 1)
    assert rp.grim_trigger(g, {("C", "D"): Fraction(1, 2), ("D", "C"): Fraction(1, 2)}).delta == Fraction(2, 5)
    # mutual defection needs no threat; exploitation of P1 for ever is never sustained
    assert rp.grim_trigger(g, ("D", "D")).delta == 0
    assert rp.grim_trigger(g, ("C", "D")).delta is None


def test_bad_targets_raise_game_errors():
    g = prisoners_dilemma(5, 3, 1, 0)
    with pytest.raises(GameError):
        rp.grim_trigger(g, ("C",))
    with pytest.raises(GameError):
        rp.grim_trigger(g, ("C", "X"))
    with pytest.raises(GameError):
        rp.grim_trigger(g, {("C", "C"): 0.5})
    with pytest.raises(GameError):
        rp.grim_trigger(g, ("C", "C"), punishment=("C", "C"))
    with pytest.raises(GameError):
        rp.spe_payoffs(g, 1.0)


def cournot(step=24):
    """Linear Cournot duopoly P = max(0, 1 - Q), zero cost, outputs k/step for k = 0..step/2."""
    q = [Fraction(k, step) for k in range(step // 2 + 1)]
    A = np.array([[qi * max(Fraction(0), 1 - qi - qj) for qj in q] for qi in q], dtype=object)
    return bg.Game.from_matrices(A, A.T), q


def test_cournot_grim_and_stick_and_carrot_match_abreu_1986():
    g, q = cournot()
    mono = q.index(Fraction(1, 4))                    # joint-monopoly output 1/4 each
    nash = q.index(Fraction(1, 3))
    grim = rp.grim_trigger(g, (mono, mono), punishment=(nash, nash))
    # deviation gain 9/64 - 1/8 = 1/64, loss per period 1/8 - 1/9 = 1/72: δ* = 9/17
    assert grim.delta == Fraction(9, 17)
    sc = rp.stick_and_carrot(g, (mono, mono), sticks="diagonal", common=True)
    # Abreu (1986): the optimal symmetric punishment (x, x) makes both constraints bind,
    # (3x - 1)^2 / 4 = 1/64, x = 5/12, and sustains monopoly for δ >= (1/64) / (1/8 - 5/72) = 9/32
    assert sc.delta == Fraction(9, 32)
    assert "(S11, S11)" in sc.punishment[0]                       # the stick is x = 10/24 = 5/12
    # player-specific sticks and the harshest punishments can only do better
    free = rp.stick_and_carrot(g, (mono, mono))
    assert free.delta <= sc.delta
    opc = rp.optimal_penal_code(g, (mono, mono), tol=1e-5)
    assert opc.delta <= float(free.delta) + 1e-5


def test_optimal_penal_code_in_pd_is_nash_reversion():
    g = prisoners_dilemma(5, 3, 1, 0)              # minmax = Nash payoff: no harsher punishment exists
    opc = rp.optimal_penal_code(g, ("C", "C"), tol=1e-8)
    assert abs(opc.delta - 0.5) < 1e-7
    assert opc.bracket[0] <= 0.5 <= opc.bracket[1] + 1e-12


def test_three_player_grim_trigger():
    # 3-player public-good game: contribute (1) costs 2, each contribution gives 1 to everyone.
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a in np.ndindex(2, 2, 2):
        total = sum(a)
        for i in range(3):
            u[(i, *a)] = 3 * total - 4 * a[i]      # 3 per contribution to each, own contribution costs 4
    g = bg.Game(u)
    res = rp.grim_trigger(g, (1, 1, 1))
    # u(all contribute) = 5, deviation 6, Nash (nobody) 0: δ* = 1 / 6
    assert res.delta == Fraction(1, 6)
