"""The vectorised pure-equilibrium mask over a batch of games: the layout of the payoff array is given,
not guessed, so a batch whose length happens to equal the number of axes after it is not misread."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bargain.solvers.pure import pure_equilibrium_mask


def _by_definition(P: np.ndarray) -> np.ndarray:
    """Pure equilibria of one game ``(n, s_1, ..., s_n)`` by checking every unilateral deviation."""
    n, shape = P.shape[0], P.shape[1:]
    out = np.zeros(shape, dtype=bool)
    for prof in itertools.product(*(range(s) for s in shape)):
        out[prof] = all(P[(i, *prof)] >= P[(i, *prof[:i], k, *prof[i + 1:])]
                        for i in range(n) for k in range(shape[i]))
    return out


@pytest.mark.parametrize("batch, shape", [((5,), (2, 3, 2, 2)), ((4,), (3, 2, 2)), ((3, 2), (2, 2)),
                                          ((2,), (2, 2))])
def test_a_batch_as_long_as_the_axes_after_it_is_not_taken_for_the_player_axis(batch, shape):
    rng = np.random.default_rng(7)
    n = len(shape)
    P = rng.integers(0, 3, (*batch, n, *shape)).astype(float)      # small integers: many ties and pure equilibria
    mask = pure_equilibrium_mask(P, n_players=n)
    assert mask.shape == (*batch, *shape)
    for idx in np.ndindex(*batch):
        assert np.array_equal(mask[idx], _by_definition(P[idx]))


def test_an_ambiguous_shape_without_n_players_raises_instead_of_guessing():
    P = np.zeros((5, 4, 2, 3, 2, 2))          # 5 four-player games, or 5 players?  Both read the shape
    with pytest.raises(ValueError, match="pass n_players"):
        pure_equilibrium_mask(P)
    with pytest.raises(ValueError, match="no \\(3, s_1"):
        pure_equilibrium_mask(P, n_players=3)
