"""The exact finiteness proofs behind settling a support by its resultant's count (``polynomial.finite``).

A count of nonsingular solutions equal to the Bezout number proves a support's solutions complete
only when the solution set is finite; these tests build systems whose solution sets contain a curve
(or a surface) alongside isolated points, with every equation nonzero, and check that the proof
refuses them, while systems in general position and the coordination games are proven finite.
"""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.polynomial.finite import finite_333, finite_2222, proven_finite
from bargain.solvers.polynomial.solver import polynomial_solve
from bargain.solvers.polynomial.support import indifference_coefficients

FULL3 = ((0, 1, 2),) * 3
FULL4 = ((0, 1),) * 4


def system(P: np.ndarray, support) -> tuple[np.ndarray, ...]:
    E = bg.Game(P).exact_payoffs
    return tuple(indifference_coefficients(E, support, i) for i in range(len(support)))


def coordination(n: int, k: int) -> np.ndarray:
    P = np.zeros((n, *(k,) * n), dtype=int)
    for s in range(k):
        P[(slice(None), *(s,) * n)] = 1
    return P


def curve_2222(seed: int) -> np.ndarray:
    """A 2x2x2x2 integer game whose full support system contains the curve ``x1 = x3 = x4 = (1/2, 1/2)``,
    ``x2`` free: player 1's equation vanishes there for every ``x2``, player 2's holds, and players 3's and
    4's vanish for every ``x2``.  Every payoff but four is random."""
    P = np.random.default_rng(seed).integers(-9, 10, size=(4, 2, 2, 2, 2))
    for b in range(2):
        P[0][1, b, 1, 1] -= (P[0][1, b] - P[0][0, b]).sum()
        P[2][1, b, 1, 1] -= (P[2][:, b, 1, :] - P[2][:, b, 0, :]).sum()
        P[3][1, b, 1, 1] -= (P[3][:, b, :, 1] - P[3][:, b, :, 0]).sum()
    P[1][1, 1, 1, 1] -= (P[1][:, 1] - P[1][:, 0]).sum()
    return P


def curve_333(seed: int) -> np.ndarray:
    """A 3x3x3 integer game whose full support system contains the line ``x1 = x2 = (1/3, 1/3, 1/3)``,
    ``x3`` on ``x3[0] = x3[1]``: players 1's and 2's equations vanish there, player 3's hold."""
    P = np.random.default_rng(seed).integers(-9, 10, size=(3, 3, 3, 3))
    for k in (1, 2):
        d = P[0][k] - P[0][0]
        P[0][k, 2, 0] -= (d[:, 0] + d[:, 1]).sum()
        P[0][k, 2, 2] -= (P[0][k] - P[0][0])[:, 2].sum()
        e = P[1][:, k] - P[1][:, 0]
        P[1][2, k, 0] -= (e[:, 0] + e[:, 1]).sum()
        P[1][2, k, 2] -= (P[1][:, k] - P[1][:, 0])[:, 2].sum()
        P[2][2, 2, k] -= (P[2][:, :, k] - P[2][:, :, 0]).sum()
    return P


def test_general_position_and_coordination_systems_are_proven_finite():
    rng = np.random.default_rng(3)
    for _ in range(4):
        assert finite_2222(system(rng.integers(-9, 10, size=(4, 2, 2, 2, 2)), FULL4))
    # 3 totally mixed solutions and 6 where two players pick one strategy and two the other: 9, finite
    assert finite_2222(system(coordination(4, 2), FULL4))
    assert proven_finite(system(coordination(4, 2), FULL4)) and proven_finite(system(coordination(3, 3), FULL3))
    # a shape with no proof is never proven
    assert not proven_finite(system(np.random.default_rng(1).integers(-9, 10, size=(3, 2, 2, 2)), ((0, 1),) * 3))


@pytest.mark.parametrize("seed", range(4))
def test_a_hidden_curve_is_not_proven_finite(seed):
    P = curve_2222(seed)
    game = bg.Game(P)
    half = np.array([0.5, 0.5])
    for x2 in ([0.3, 0.7], [0.9, 0.1]):              # the curve is made of equilibria
        assert game.regret([half, np.array(x2), half, half]) < 1e-12
    coeffs = system(P, FULL4)
    assert all(np.any(c != 0) for c in coeffs)        # no equation vanishes: the curve is hidden
    assert not finite_2222(coeffs) and not proven_finite(coeffs)
    # and the solver never counts that support as settled
    assert FULL4 in polynomial_solve(game).recheck
    P = curve_333(seed)
    third = np.full(3, 1 / 3)
    assert bg.Game(P).regret([third, third, np.array([0.3, 0.3, 0.4])]) < 1e-12
    # the two eliminated quartics share a component, so their Sylvester matrix on every line is singular; a
    # row reduction of its integers in floats called it regular (the proof now ranks it in rationals)
    assert not finite_333(system(P, FULL3))


def test_a_counted_four_player_support_not_proven_finite_is_redone(monkeypatch):
    import bargain.solvers.polynomial.finite as finite

    game = bg.Game(np.random.default_rng(2032).integers(-9, 10, size=(4, 2, 2, 2, 2)))
    assert polynomial_solve(game).recheck == ()
    monkeypatch.setattr(finite, "finite_2222", lambda coeffs: False)
    assert polynomial_solve(game).recheck == (FULL4,)
