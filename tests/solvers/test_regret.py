"""The shared regret checker: exact regrets and payoffs on integers against the game's own Fraction
contraction (:meth:`Game.regrets`, :meth:`Game.expected_payoffs`), and the gate that uses it."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import VerificationError
from bargain.solvers.regret import RegretChecker, regret_checker
from bargain.solvers.result import make_equilibrium


def _random_profile(rng: np.random.Generator, shape: tuple[int, ...]) -> list[tuple[Fraction, ...]]:
    out = []
    for s in shape:
        w = rng.integers(0, 7, size=s)
        w[rng.integers(s)] += 1
        out.append(tuple(Fraction(int(k), int(w.sum())) for k in w))
    return out


@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 2, 2), (3, 2, 2), (2, 2, 2, 2)])
@pytest.mark.parametrize("big", [False, True])
def test_exact_regrets_and_payoffs_match_fraction_arithmetic(shape, big):
    rng = np.random.default_rng(len(shape) + sum(shape))
    P = rng.integers(-20, 21, size=(len(shape), *shape)).astype(object)
    P = P * (10 ** 30 if big else 1) + Fraction(1, 3)      # 10^30: past int64, the Python-integer path
    game = bg.Game(P)
    checker = RegretChecker(game)
    for _ in range(5):
        prof = _random_profile(rng, shape)
        regrets, pays = checker.exact_regrets(prof)
        assert regrets == list(game.regrets(prof, exact=True))
        assert pays == list(game.expected_payoffs(prof, exact=True))
        assert checker.exact_nash(prof) == all(r == 0 for r in regrets)


def test_the_gate_uses_one_checker_per_game_and_rejects_an_exact_non_equilibrium():
    game = bg.Game(np.array([[[3, 0], [0, 1]], [[1, 0], [0, 3]]]))      # battle of the sexes
    assert regret_checker(game) is regret_checker(game)
    eq = make_equilibrium(game, [(Fraction(3, 4), Fraction(1, 4)), (Fraction(1, 4), Fraction(3, 4))], "x",
                          exact=True)
    assert eq.exact_payoffs == (Fraction(3, 4), Fraction(3, 4)) and eq.regret == 0
    with pytest.raises(VerificationError, match="exact regrets"):
        make_equilibrium(game, [(Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 4), Fraction(3, 4))], "x", exact=True)
