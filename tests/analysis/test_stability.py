"""Stability of equilibria: strictness, robustness radius, regularity, index, dynamics, THP, ESS."""

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis import stability as st
from bargain.errors import GameError

PD = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
BOS = bg.Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
BOS_MIXED = ([2 / 3, 1 / 3], [1 / 3, 2 / 3])
PENNIES = bg.Game.from_matrices([[1, -1], [-1, 1]])


def test_prisoners_dilemma_defection_is_strict_with_exact_radius():
    eq = (1, 1)
    assert st.is_strict(PD, eq)
    r, method, upper = st.robustness_radius(PD, eq)
    assert r == Fraction(1, 2) and upper == r and "exact" in method
    rep = st.stability(PD, eq)
    assert rep.index == 1 and rep.regular and rep.asymptotically_stable and rep.perfect
    assert np.all(rep.eigenvalues.real < 0)


def test_pure_radius_is_tight():
    """A perturbation of exactly the radius in the worst direction makes a deviation tie; beyond it, wins."""
    rng = np.random.default_rng(3)
    A, B = rng.integers(0, 20, (2, 3, 3))
    A[0, 0], B[0, 0] = 30, 30          # (0, 0) is a strict equilibrium
    g = bg.Game.from_matrices(A.astype(float), B.astype(float))
    r, _, _ = st.robustness_radius(g, (0, 0))
    gaps = [A[0, 0] - A[k, 0] for k in (1, 2)] + [B[0, 0] - B[0, k] for k in (1, 2)]
    assert r == pytest.approx(min(gaps) / 2)
    k = int(np.argmin(gaps))
    P = g.payoffs.copy()
    eps = 1.01 * r
    if k < 2:
        P[0, 0, 0] -= eps
        P[0, k + 1, 0] += eps
    else:
        P[1, 0, 0] -= eps
        P[1, 0, k - 1] += eps
    assert not bg.Game(P).is_nash(((1, 0, 0), (1, 0, 0)))


def test_battle_of_sexes_indices_sum_to_one():
    pures = [(0, 0), (1, 1)]
    assert all(st.index(BOS, e) == 1 for e in pures)
    assert st.index(BOS, BOS_MIXED) == -1
    rep = st.stability(BOS, BOS_MIXED)
    assert not rep.strict and rep.regular and not rep.asymptotically_stable
    assert rep.perfect   # completely mixed equilibria of 2x2 games are perfect


def test_matching_pennies_center():
    rep = st.stability(PENNIES, ([0.5, 0.5], [0.5, 0.5]))
    assert rep.index == 1 and rep.regular and not rep.asymptotically_stable
    assert np.allclose(rep.eigenvalues.real, 0, atol=1e-12)
    assert np.all(np.abs(rep.eigenvalues.imag) > 0.1)


def test_mixed_radius_first_order_and_upper_bound():
    g = BOS.to_float()
    r, method, upper = st.robustness_radius(g, BOS_MIXED)
    assert 0 < r < 1 and upper is not None and "first-order" in method
    # In BoS the mixed equilibrium persists until a payoff gap closes; first order is close to the truth.
    assert r <= upper * 1.5 and upper <= 1.0


def test_weakly_dominated_equilibrium_is_not_perfect():
    g = bg.Game.from_matrices([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    assert g.is_nash((1, 1))
    assert st.is_perfect(g, (0, 0))
    assert not st.is_perfect(g, (1, 1))
    assert st.stability(g, (1, 1)).robustness_radius == 0


@pytest.mark.parametrize(
    ("A", "x", "expected"),
    [
        ([[-1, 2], [0, 1]], [0.5, 0.5], True),                         # Hawk-Dove mixed ESS
        ([[1, 0], [0, 1]], [1, 0], True),                              # strict symmetric equilibrium
        ([[1, 0], [0, 1]], [0.5, 0.5], False),                         # mixed coordination: not ESS
        ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [1 / 3] * 3, False),    # RPS: neutral, not ESS
        ([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], [1 / 3] * 3, True),     # RPS, win > loss: ESS
        ([[0, -2, 1], [1, 0, -2], [-2, 1, 0]], [1 / 3] * 3, False),    # RPS, loss > win
        ([[1, 1], [1, 0]], [1, 0], True),                              # alternative best reply, x.Ay > y.Ay
        ([[1, 1], [1, 1]], [1, 0], False),                             # neutral alternative
    ],
)
def test_ess(A, x, expected):
    A = np.array(A, dtype=float)
    g = bg.Game.from_matrices(A, A.T)
    assert g.is_nash((x, x))
    assert st.is_ess(g, (x, x)) is expected


def test_bad_inputs():
    with pytest.raises(GameError, match="not an equilibrium"):
        st.stability(PD, (0, 0))
    with pytest.raises(GameError, match="symmetric"):
        st.is_ess(BOS, (0, 0))
    with pytest.raises(GameError, match="two-player"):
        st.is_perfect(bg.Game(np.zeros((3, 2, 2, 2))), (0, 0, 0))


@pytest.mark.parametrize("seed", range(12))
def test_indices_of_a_generic_game_sum_to_one(seed):
    """Shapley (1974): in a nondegenerate bimatrix game the equilibrium indices sum to +1."""
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 5, size=2)
    g = bg.Game.from_matrices(rng.normal(size=(m, n)), rng.normal(size=(m, n)))
    eqs = bg.solve(g)
    assert eqs.complete
    indices = [st.index(g, e) for e in eqs]
    assert None not in indices
    assert sum(indices) == 1
    for e in eqs:
        rep = st.stability(g, e)
        assert rep.asymptotically_stable == rep.strict
        if rep.strict:   # strict equilibria: every tangent eigenvalue negative
            assert np.all(rep.eigenvalues.real < 0)
