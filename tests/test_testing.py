"""bargain.testing: the assertions fail when they should, with messages that name the problem."""

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.testing import (
    assert_equilibria_contain,
    assert_equilibria_equal,
    assert_equilibrium,
    assert_not_equilibrium,
    assert_stable,
    assert_unique_equilibrium,
)

PD = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Col"),
                           strategies=(("C", "D"), ("C", "D")))

# Chicken with a parameter: (Swerve, Straight) is an equilibrium while the crash cost exceeds 1.
crash = bg.Parameter("crash", 3.0, (0.0, 10.0), unit="utils", meaning="cost of a crash", source="test")


def chicken_payoffs(p):
    return {("Swerve", "Swerve"): (0, 0), ("Swerve", "Straight"): (-1, 1),
            ("Straight", "Swerve"): (1, -1), ("Straight", "Straight"): (-p.crash, -p.crash)}


CHICKEN = bg.Model("chicken", [crash], chicken_payoffs, players=("A", "B"),
                   strategies=(("Swerve", "Straight"), ("Swerve", "Straight")))


def test_assert_equilibrium_passes_and_fails_with_the_deviation_named():
    assert_equilibrium(PD, (1, 1))
    with pytest.raises(AssertionError, match=r"Row gains 2 .*switching to D"):
        assert_equilibrium(PD, (0, 0))
    assert_not_equilibrium(PD, (0, 0))
    with pytest.raises(AssertionError, match="is an equilibrium"):
        assert_not_equilibrium(PD, (1, 1))


def test_assert_equilibria_equal_lists_missing_and_extra():
    a = [([1, 0], [0, 1]), ([0, 1], [1, 0])]
    assert_equilibria_equal(a, list(reversed(a)), game=PD)
    with pytest.raises(AssertionError, match="missing"):
        assert_equilibria_equal(a[:1], a, game=PD)
    with pytest.raises(AssertionError, match="unexpected"):
        assert_equilibria_equal(a, a[:1], game=PD)
    assert_equilibria_contain(a, a[:1], game=PD)
    with pytest.raises(AssertionError, match="not found"):
        assert_equilibria_contain(a[:1], a, game=PD)


def test_assert_unique_equilibrium():
    assert_unique_equilibrium(PD, expected=(1, 1))
    with pytest.raises(AssertionError, match=r"found [23]"):
        assert_unique_equilibrium(CHICKEN.game(), method="pure")


def test_assert_stable_passes_inside_and_names_the_break():
    assert_stable(CHICKEN, ("Swerve", "Straight"), over={"crash": (2.0, 10.0)}, method="pure")
    with pytest.raises(AssertionError, match=r"breaks at crash = 1(\.0+)?\b") as info:
        assert_stable(CHICKEN, ("Swerve", "Straight"), over={"crash": (0.0, 10.0)}, method="pure")
    assert "Straight" in str(info.value)


def test_assert_stable_rejects_bad_input():
    with pytest.raises(GameError, match="not an equilibrium"):
        assert_stable(CHICKEN, ("Swerve", "Swerve"), over={"crash": (2.0, 4.0)}, method="pure")
    with pytest.raises(GameError, match="inside its bounds"):
        assert_stable(CHICKEN, ("Swerve", "Straight"), over={"crash": (2.0, 40.0)}, method="pure")
    with pytest.raises(GameError, match="no parameter"):
        assert_stable(CHICKEN, ("Swerve", "Straight"), over={"crsh": (2.0, 4.0)}, method="pure")


def test_payoff_batch_consistency_sanity():
    vals = np.linspace(0, 10, 5)
    batch = CHICKEN.payoffs(crash=vals)
    assert batch.shape == (5, 2, 2, 2)
