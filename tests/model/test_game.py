"""The Game model: construction, validation, payoffs of profiles, structure and dominance."""

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError

PD = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def test_shape_labels_and_defaults():
    g = bg.Game(np.zeros((3, 2, 3, 4)))
    assert g.n_players == 3 and g.shape == (2, 3, 4) and g.num_profiles == 24
    assert g.players == ("P1", "P2", "P3")
    assert g.strategies[2] == ("S1", "S2", "S3", "S4")
    assert not g.is_exact


def test_from_matrices_and_zero_sum_default():
    g = bg.Game.from_matrices([[1, -1], [-1, 1]])
    assert g.is_zero_sum() and g.is_constant_sum()
    assert np.array_equal(g.payoffs[1], -g.payoffs[0])


def test_exact_inputs_kept_exact():
    g = bg.Game.from_matrices([[Fraction(1, 3), 0], [0, 1]], [[1, 0], [0, Fraction(2, 7)]])
    assert g.is_exact
    assert g.exact_payoffs[0, 0, 0] == Fraction(1, 3)
    assert g.payoffs.dtype == float
    assert bg.Game.from_matrices(*PD).is_exact          # ints are exact
    assert not bg.Game.from_matrices([[0.5, 0]], [[0, 1.0]]).is_exact
    assert bg.Game.from_matrices([[0.1, 0]], [[0, 1.0]]).to_exact().exact_payoffs[0, 0, 0] == Fraction(1, 10)


def test_immutable():
    g = bg.Game.from_matrices(*PD)
    with pytest.raises(ValueError):
        g.payoffs[0, 0, 0] = 9
    with pytest.raises(AttributeError):
        g._payoffs = None


@pytest.mark.parametrize(
    ("payoffs", "match"),
    [
        ([1, 2, 3], "shape"),
        (np.zeros((3, 2, 2)), "3 player"),
        (np.zeros((2, 0, 2)), "empty strategy set"),
        ([[[1, np.nan], [0, 1]], [[1, 0], [0, 1]]], "finite"),
        ([[[1, np.inf], [0, 1]], [[1, 0], [0, 1]]], "finite"),
        ([[[1, "x"], [0, 1]], [[1, 0], [0, 1]]], "not a number"),
        ([[[1, 2], [0]], [[1, 0], [0, 1]]], "ragged|shape|read"),
    ],
)
def test_bad_payoffs_raise_game_error(payoffs, match):
    with pytest.raises(GameError, match=match):
        bg.Game(payoffs)


def test_bad_labels():
    with pytest.raises(GameError, match="players has 3 names"):
        bg.Game(np.zeros((2, 2, 2)), players=("a", "b", "c"))
    with pytest.raises(GameError, match="strategies of a has 3 names"):
        bg.Game(np.zeros((2, 2, 2)), players=("a", "b"), strategies=(("x", "y", "z"), ("u", "v")))
    with pytest.raises(GameError, match="duplicate"):
        bg.Game(np.zeros((2, 2, 2)), players=("a", "a"))
    with pytest.raises(GameError, match="shape"):
        bg.Game.from_matrices([[1, 2]], [[1], [2]])


@pytest.mark.parametrize(
    ("profile", "match"),
    [
        (([1.0, 0.0],), "2 players"),
        (([0.5, 0.6], [1, 0]), "sums to"),
        (([1.5, -0.5], [1, 0]), "negative"),
        (([1.0], [1, 0]), "entries"),
        (([np.nan, 1.0], [1, 0]), "non-finite"),
        (("ab", [1, 0]), "no strategy"),
    ],
)
def test_bad_profiles(profile, match):
    g = bg.Game.from_matrices(*PD)
    with pytest.raises(GameError, match=match):
        g.check_profile(profile)


def test_payoffs_of_profiles_and_regret():
    g = bg.Game.from_matrices(*PD)
    x = ([0.5, 0.5], [0.25, 0.75])
    A, B = g.matrices()
    assert np.allclose(g.expected_payoffs(x), [np.array(x[0]) @ A @ x[1], np.array(x[0]) @ B @ x[1]])
    assert np.allclose(g.deviation_payoffs(x, 0), A @ x[1])
    assert g.regret((1, 1)) == 0 and g.is_nash((1, 1))
    assert g.regret((0, 0)) == pytest.approx(2.0)
    assert g.best_responses(x, "P1") == (1,)
    q = g.expected_payoffs(([Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 3), Fraction(2, 3)]), exact=True)
    assert q[0] == Fraction(1, 2) * (1 + Fraction(2, 3) * 0) + Fraction(1, 2) * (Fraction(5, 3) + Fraction(2, 3))


def test_three_player_deviation_matches_brute_force():
    rng = np.random.default_rng(0)
    g = bg.Game(rng.normal(size=(3, 2, 3, 4)))
    prof = tuple(rng.dirichlet(np.ones(s)) for s in g.shape)
    for i in range(3):
        brute = np.zeros(g.shape[i])
        for idx in np.ndindex(*g.shape):
            w = np.prod([prof[j][idx[j]] for j in range(3) if j != i])
            brute[idx[i]] += w * g.payoffs[(i, *idx)]
        assert np.allclose(g.deviation_payoffs(prof, i), brute)


def test_symmetry():
    assert bg.Game.from_matrices(*PD).is_symmetric()
    assert not bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 0], [5, 1]]).is_symmetric()
    # 3-player symmetric: payoff depends on own action and the number of others playing 1
    u = np.zeros((3, 2, 2, 2))
    for a in np.ndindex(2, 2, 2):
        for i in range(3):
            others = sum(a) - a[i]
            u[(i, *a)] = 2 * a[i] - others + 3 * a[i] * others
    assert bg.Game(u).is_symmetric()
    u[0, 1, 0, 0] += 1
    assert not bg.Game(u).is_symmetric()


def test_dominance_strict_weak_mixed_and_iterated():
    g = bg.Game.from_matrices(*PD)
    assert g.dominated_strategies(0) == (0,)
    reduced, kept = g.eliminate_dominated()
    assert reduced.shape == (1, 1) and kept == ((1,), (1,))
    # strategy 2 of the row player is dominated only by a mixture of strategies 0 and 1
    m = bg.Game.from_matrices([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    assert m.dominated_strategies(0) == ()
    assert m.dominated_strategies(0, mixed=True) == (2,)
    w = bg.Game.from_matrices([[1, 1], [1, 0]], [[0, 0], [0, 0]])
    assert w.dominated_strategies(0) == ()
    assert w.dominated_strategies(0, strict=False) == (1,)


def test_restrict_and_permute_keep_labels():
    g = bg.Game.from_matrices(*PD, strategies=(("C", "D"), ("c", "d")))
    sub = g.restrict([["D"], [0, 1]])
    assert sub.shape == (1, 2) and sub.strategies[0] == ("D",)
    p = g.permute([[1, 0], [1, 0]])
    assert p.strategies == (("D", "C"), ("d", "c"))
    assert p.exact_payoffs[0, 0, 0] == 1


def test_equality_and_hash():
    a, b = bg.Game.from_matrices(*PD), bg.Game.from_matrices(*PD)
    assert a == b and hash(a) == hash(b)
    assert a != bg.Game.from_matrices([[3, 0], [5, 2]], [[3, 5], [0, 1]])
