"""Lowest SPE payoffs and optimal penal codes for three players, against values worked by hand, an
independent one-shot deviation check of every returned code, and the Abreu-Sannikov threat point."""

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError

rp = bg.repeated


def public_good():
    """Contribute (1) costs 4 and gives 3 to everyone; nobody contributing is the Nash equilibrium and
    each player's pure minmax (0)."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a in np.ndindex(2, 2, 2):
        for i in range(3):
            u[(i, *a)] = 3 * sum(a) - 4 * a[i]
    return bg.Game(u, strategies=(("N", "C"),) * 3)


def hitting(h=2, c=1):
    """Hitting costs the hitter c and every other player h; (N, N, N) is the unique Nash (0), the
    minmax is -2h (both others hit)."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a in np.ndindex(2, 2, 2):
        for i in range(3):
            u[(i, *a)] = -h * (sum(a) - a[i]) - c * a[i]
    return bg.Game(u, strategies=(("N", "H"),) * 3)


def public_good_with_hitting():
    """Contribute (C), shirk (S) or hit (H): 3 to everyone per contributor, contributing costs 4,
    hitting costs the hitter 1 and every other player 2.  Nash: all shirk (0); minmax -4."""
    u = np.zeros((3, 3, 3, 3), dtype=int)
    for a in np.ndindex(3, 3, 3):
        contributors = sum(x == 0 for x in a)
        for i in range(3):
            hits = sum(a[j] == 2 for j in range(3) if j != i)
            u[(i, *a)] = 3 * contributors - 4 * (a[i] == 0) - 2 * hits - (a[i] == 2)
    return bg.Game(u, strategies=(("C", "S", "H"),) * 3)


def code_is_subgame_perfect(game, delta, codes, w):
    """One-shot deviation test of 'stick for T periods, then carrot for ever' against values w, from the
    raw payoff array (not the module's caps)."""
    u = game.exact_payoffs
    n = game.n_players
    for stick, T, carrot in codes:
        for s in range(T + 1):                      # s stick periods left (s = 0: the carrot phase)
            prof = stick if s else carrot
            for j in range(n):
                value = (1 - delta ** s) * u[(j, *stick)] + delta ** s * u[(j, *carrot)]
                best = max(u[(j, *prof[:j], b, *prof[j + 1:])] for b in range(game.shape[j]))
                if value < (1 - delta) * best + delta * w[j]:
                    return False
    # the code's values are the values of its own paths
    return all((1 - delta ** T) * u[(i, *stick)] + delta ** T * u[(i, *carrot)] == w[i]
               for i, (stick, T, carrot) in enumerate(codes))


@pytest.mark.parametrize("delta", [Fraction(1, 10), Fraction(1, 2), Fraction(9, 10)])
def test_penal_code_is_nash_reversion_when_minmax_is_nash(delta):
    g = public_good()
    pc = rp.lowest_spe_payoffs(g, delta)
    assert pc.optimal and pc.exact and pc.upper == (0, 0, 0)
    assert code_is_subgame_perfect(g, delta, pc.codes, pc.upper)


def test_public_good_critical_delta_equals_grim_trigger():
    # all contribute: 5 each; a deviator gets 6, then 0 for ever (Nash = minmax): δ* = 1 / (1 + 5) = 1/6
    g = public_good()
    opc = rp.optimal_penal_code(g, ("C", "C", "C"))
    assert opc.exact and opc.delta == Fraction(1, 6) and opc.bracket == (Fraction(1, 6), Fraction(1, 6))
    assert opc.delta == rp.grim_trigger(g, ("C", "C", "C")).delta


def test_hitting_game_lowest_payoffs_by_hand():
    g = hitting()
    # δ < 1/5: a hitter's one-period gain (1-δ)/δ * 1 exceeds the whole payoff range 0 - (-4) it could be
    # rewarded with, so no SPE ever hits: v^- = Nash = 0
    low = rp.lowest_spe_payoffs(g, Fraction(1, 10))
    assert low.optimal and low.upper == (0, 0, 0)
    # δ = 1/2: (N, H, H) for ever holds P1 to the minmax -4 and the hitters' constraint binds,
    # -3 >= (1/2)(-2) + (1/2)(-4): v^- = -4 < Nash
    for delta in (Fraction(1, 3), Fraction(1, 2)):
        pc = rp.lowest_spe_payoffs(g, delta)
        assert pc.optimal and pc.upper == (-4, -4, -4), delta
        assert code_is_subgame_perfect(g, delta, pc.codes, pc.upper)
    # in between the bracket need not close, but it always holds a verified code above the bound
    for delta in (Fraction(1, 4), Fraction(2, 5)):
        pc = rp.lowest_spe_payoffs(g, delta)
        assert all(lo <= up for lo, up in zip(pc.lower, pc.upper, strict=True))
        assert code_is_subgame_perfect(g, delta, pc.codes, pc.upper)


def test_harsher_than_nash_punishment_lowers_critical_delta():
    # Grim trigger: 5 on the path, 6 by deviating, 0 after: δ* = 1/6.  The harshest punishment is the
    # minmax -4 (both others hit), so δ* >= 1 / (1 + 5 + 4) = 1/10; at δ = 1/10 P1's punishment
    # "(C, H, H) once, then (C, C, C)" is worth (9/10)(-5) + (1/10)5 = -4 and the hitters' constraint
    # 0.5 >= (9/10)1 + (1/10)(-4) binds: δ* = 1/10 exactly.
    g = public_good_with_hitting()
    assert rp.grim_trigger(g, ("C", "C", "C")).delta == Fraction(1, 6)
    opc = rp.optimal_penal_code(g, ("C", "C", "C"))
    assert opc.exact and opc.delta == Fraction(1, 10) and opc.bracket == (Fraction(1, 10), Fraction(1, 10))
    pc = rp.lowest_spe_payoffs(g, Fraction(1, 10))
    assert pc.optimal and pc.upper == (-4, -4, -4)
    assert code_is_subgame_perfect(g, Fraction(1, 10), pc.codes, pc.upper)


def test_two_player_brackets_hold_the_abreu_sannikov_threat_point():
    # with public correlation the lowest SPE payoffs can only be lower than without, and the certified
    # bound holds for both: lower <= threat(AS polygon) <= upper (a verified code without correlation)
    rng = np.random.default_rng(5)
    checked = optimal = 0
    for k in range(30):
        m = 2 if k % 2 == 0 else 3
        A, B = rng.integers(-5, 6, size=(m, m)), rng.integers(-5, 6, size=(m, m))
        delta = Fraction(int(rng.integers(3, 10)), 10)
        g = bg.Game.from_matrices(A, B)
        s = rp.spe_payoffs(g, delta)
        pc = rp.lowest_spe_payoffs(g, delta)
        if s.empty:
            assert pc.upper is None
            continue
        assert all(lo <= t for lo, t in zip(pc.lower, s.threat, strict=True))
        if pc.upper is not None:
            assert all(t <= up for t, up in zip(s.threat, pc.upper, strict=True))
            assert code_is_subgame_perfect(g, delta, pc.codes, pc.upper)
            optimal += pc.optimal
        checked += 1
    assert checked >= 25 and optimal >= 10


def test_bad_input():
    with pytest.raises(GameError):
        rp.lowest_spe_payoffs(public_good(), 1)
    with pytest.raises(GameError):
        rp.lowest_spe_payoffs(public_good(), Fraction(1, 2), max_stick=-1)
    assert rp.lowest_spe_payoffs(bg.Game.from_matrices([[1, -1], [-1, 1]]), Fraction(1, 2)).upper is None
