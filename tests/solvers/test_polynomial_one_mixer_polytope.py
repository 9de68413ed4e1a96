"""A tied 3x3x3 game where one player mixes over a polytope whose relaxed float vertices fail verification.

Before the fix the single-mixer support fell into the two-mixer cut-set code and raised ValueError.
"""

import numpy as np

import bargain as bg


def _tied_games() -> np.ndarray:
    return np.random.default_rng(41).integers(0, 3, size=(20, 3, 3, 3, 3))[[4, 7, 10]]


def test_float_solve_of_a_tied_one_mixer_polytope_answers_and_keeps_every_exact_equilibrium() -> None:
    for payoffs in _tied_games():
        floating = bg.solve(bg.Game(payoffs.astype(float)))
        exact = bg.solve(bg.Game(payoffs))
        for eq in floating:
            assert bg.Game(payoffs.astype(float)).regret(eq.profile) <= 1e-8   # verified to 1e-9 of the range
        for eq in exact:
            target = np.concatenate([np.asarray(x, float) for x in eq.profile])
            assert any(np.max(np.abs(np.concatenate(f.profile) - target)) <= 1e-7 for f in floating) or \
                any(not c.is_isolated for c in floating.components) or floating.continua


def test_the_undecided_polytope_is_not_claimed_complete() -> None:
    floating = bg.solve(bg.Game(_tied_games()[0].astype(float)))
    note = [n for n in floating.notes if "polytope of equilibria whose vertices did not all verify" in n]
    assert note and not floating.complete
