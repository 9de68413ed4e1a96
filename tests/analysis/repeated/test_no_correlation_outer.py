"""The outer bound without public correlation: it contains the exact inner set and every verified
simple penal code's punishment values, lies inside the Abreu-Sannikov polygon (with correlation),
and its gap to the inner set shrinks as the grid refines."""

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.repeated._geometry import distances, polygon_area
from bargain.errors import GameError
from tests.examples import AS_A, AS_B

rp = bg.repeated



def bracket_holds(g, delta, outer):
    """inner (exact, certified points) ⊆ outer ⊆ Abreu-Sannikov polygon, and the outer threat is below
    the values of a verified simple penal code (actual SPE punishments without correlation)."""
    inner = rp.spe_payoffs_no_correlation(g, delta)
    s = rp.spe_payoffs(g, delta)
    if not inner.empty:                    # no pure stage equilibrium: the inner set has nothing to grow from
        assert distances(outer.array, inner.array).max() <= 1e-9
    assert distances(s.array, outer.array).max() <= 1e-9
    pc = rp.lowest_spe_payoffs(g, delta)
    if pc.upper is not None:
        assert all(t <= float(v) + 1e-9 for t, v in zip(outer.threat, pc.upper, strict=True))
    return inner, s


def test_abreu_sannikov_example_without_correlation_is_almost_a_point():
    # with correlation the δ = 3/10 polygon has area about 125; without it the set shrinks to
    # (within the grid) the stage equilibrium (M, M) = (10, 4), and the bracket closes as the grid refines
    g = bg.Game.from_matrices(AS_A, AS_B)
    delta = Fraction(3, 10)
    gaps = []
    for grid in (50, 150):
        outer = rp.spe_payoffs_no_correlation_outer(g, delta, grid=grid)
        inner, s = bracket_holds(g, delta, outer)
        assert not outer.public_correlation and outer.method == "no-correlation-outer"
        assert float(polygon_area(outer.vertices)) < 0.01 * float(polygon_area(s.vertices))
        gaps.append(outer.gap)
    assert (10, 4) in inner.vertices
    assert gaps[1] < 0.5 * gaps[0] and gaps[1] < 0.25


def test_prisoners_dilemma_bracket_tightens():
    # PD (3,0,5,1) at δ = 1/2: the inner set holds (3, 3) and (1, 1); the outer bound closes in on it
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    delta = Fraction(1, 2)
    o1 = rp.spe_payoffs_no_correlation_outer(g, delta, grid=40)
    o2 = rp.spe_payoffs_no_correlation_outer(g, delta, grid=160)
    bracket_holds(g, delta, o1)
    bracket_holds(g, delta, o2)
    assert o2.gap < 0.5 * o1.gap and o2.gap < 0.05
    assert np.allclose(o2.threat, (1, 1))                 # minmax = Nash: no harsher punishment


@pytest.mark.slow
def test_random_games_bracket():
    rng = np.random.default_rng(3)
    checked = 0
    for k in range(16):
        m = 2 if k % 2 == 0 else 3
        A, B = rng.integers(-5, 6, size=(m, m)), rng.integers(-5, 6, size=(m, m))
        delta = Fraction(int(rng.integers(3, 10)), 10)
        g = bg.Game.from_matrices(A, B)
        outer = rp.spe_payoffs_no_correlation_outer(g, delta, grid=60)
        if outer.empty:
            assert rp.spe_payoffs_no_correlation(g, delta).empty
            assert rp.lowest_spe_payoffs(g, delta).upper is None
            continue
        bracket_holds(g, delta, outer)
        checked += 1
    assert checked >= 10


def test_bad_input():
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(GameError):
        rp.spe_payoffs_no_correlation_outer(g, Fraction(1, 2), grid=1)
    with pytest.raises(GameError):
        rp.spe_payoffs_no_correlation_outer(bg.Game(np.zeros((3, 2, 2, 2))), Fraction(1, 2))
    assert rp.spe_payoffs_no_correlation_outer(bg.Game.from_matrices([[1, -1], [-1, 1]]), Fraction(1, 2)).empty


def test_penal_code_punishments_seed_the_inner_set():
    # at δ = 2/5 the Abreu-Sannikov game has no harsher pure-equilibrium punishment than the stage
    # equilibrium (10, 4); a verified simple penal code holds the players to 29/5 and 6/5, and the
    # exact inner set grows from those punishments (so its lowest payoffs are at most theirs)
    g = bg.Game.from_matrices(AS_A, AS_B)
    delta = Fraction(2, 5)
    pc = rp.lowest_spe_payoffs(g, delta)
    assert pc.upper == (Fraction(29, 5), Fraction(6, 5))
    nc = rp.spe_payoffs_no_correlation(g, delta)
    assert nc.exact and all(t <= v for t, v in zip(nc.threat, pc.upper, strict=True))
    outer = rp.spe_payoffs_no_correlation_outer(g, delta, grid=100)
    assert all(t <= float(v) for t, v in zip(outer.threat, pc.upper, strict=True))
