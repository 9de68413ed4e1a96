"""Payoff ties resolved in batch: one player mixing over tied best replies against pure others."""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.model.scale import normalise_per_player
from bargain.solvers.batch import solve_batch
from bargain.solvers.batch.ties import MATCH, TieSets, indifferent_slice, matched, one_mixer_sets
from bargain.testing import assert_equilibria_equal


def _planted(seed: int = 5) -> np.ndarray:
    """A 2x2x2 game with generic payoffs but for one tie: P1 indifferent against (S1, S1), where P2 keeps
    S1 for P1's probability of S2 up to 2/3 and P3 keeps S1 always: an interval of equilibria."""
    P = np.random.default_rng(seed).uniform(0.0, 1.0, size=(3, 2, 2, 2))
    P[0, :, 0, 0] = 2.0                                  # P1 tied, and both strategies best
    P[1, 0, 0, 0], P[1, 0, 1, 0] = 1.0, -1.0             # P2 against P1's S1: S1 better by 2
    P[1, 1, 0, 0], P[1, 1, 1, 0] = 0.0, 1.0              # against P1's S2: S2 better by 1
    P[2, :, 0, 0] = 1.0 + P[2, :, 0, 1]                  # P3: S1 better by 1 against both
    return P


def _same_as_solve(P: np.ndarray, res, points) -> None:
    for b in points:
        ref = bg.solve(bg.Game(P[b]), exact=False)
        assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-7, game=bg.Game(P[b]))
        assert res.complete[b] == bool(ref.complete)
        assert res.continuum[b] == (bool(ref.continua) or any(not c.is_isolated for c in ref.components))


def test_a_planted_interval_is_computed_in_batch():
    P = _planted()
    sets = one_mixer_sets(normalise_per_player(P[None], 3)[0])
    assert sets.tied[0] and sets.continuum[0] and not sets.unsure[0]
    ends = sets.profiles[sets.rows == 0]
    assert np.allclose(sorted(ends[:, 1]), [0.0, 2.0 / 3.0], atol=1e-15)
    res = solve_batch(P[None], n_players=3, fallback=False)
    assert not res.fallback[0] and res.continuum[0]
    _same_as_solve(P[None], res, [0])


def test_a_planted_polygon_is_computed_in_batch():
    """P1's three strategies tie against (S1, S1); P2 keeps S1 while P1 plays S3 with probability at most
    1/2, P3 keeps S1 while P1 plays S2 with probability at most 1/2: a quadrilateral of P1's mixtures."""
    P = np.random.default_rng(7).uniform(0.0, 1.0, size=(3, 3, 3, 2))
    P[0, :, 0, 0] = 2.0
    P[1, :, 1, 0] = P[1, :, 0, 0] - np.array([1.0, 1.0, -1.0])           # P2's gain over S2 per P1 strategy
    P[1, :, 2, 0] = P[1, :, 0, 0] - 1.0
    P[2, :, 0, 1] = P[2, :, 0, 0] - np.array([1.0, -1.0, 1.0])           # P3's gain over S2
    sets = one_mixer_sets(normalise_per_player(P[None], 3)[0])
    assert sets.continuum[0] and not sets.unsure[0]
    corners = sets.profiles[sets.rows == 0][:, :3]
    expected = [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.5, 0.0, 0.5], [0.0, 0.5, 0.5]]
    assert sorted(map(tuple, np.round(corners, 12))) == sorted(map(tuple, expected))
    res = solve_batch(P[None], n_players=3, fallback=False)
    assert not res.fallback[0] and res.continuum[0]
    _same_as_solve(P[None], res, [0])


def test_a_near_tie_is_left_to_the_full_solver():
    P = _planted()
    P[0, 1, 0, 0] += 1e-9                                # within MARGIN of the tie, but not exact
    sets = one_mixer_sets(normalise_per_player(P[None], 3)[0])
    assert sets.unsure[0]
    assert solve_batch(P[None], n_players=3, fallback=False).fallback[0]


def test_a_tie_against_a_non_best_reply_profile_carries_nothing():
    P = _planted()
    P[2, :, 0, 0] = P[2, :, 0, 1] - 1.0                  # P3 now leaves S1 against (S1, S1) at any mixture
    sets = one_mixer_sets(normalise_per_player(P[None], 3)[0])
    assert sets.tied[0] and not sets.continuum[0] and not np.any(sets.rows == 0)


def test_matched_candidates_are_extreme_points():
    sets = TieSets(np.array([0, 0, 1]), np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]), np.ones(2, bool),
                   np.ones(2, bool), np.zeros(2, bool))
    got = matched(np.array([0, 1, 1, 0]), np.array([[0.5, 0.5 + MATCH / 2], [0.5, 0.5], [0.0, 1.0], [0.2, 0.8]]),
                  sets)
    assert got.tolist() == [True, False, True, False]


def test_indifference_on_an_interior_slice_is_found():
    """P2's gain from S1 over S2 against P1's S2 is -3 times that against P1's S1, whatever P3 plays: it
    vanishes wherever P1 plays (3/4, 1/4)."""
    P = np.random.default_rng(2).uniform(size=(2, 3, 2, 2, 2))
    gain = P[1, 1, 0, 0, :] - P[1, 1, 0, 1, :]
    P[1, 1, 1, 1, :] = P[1, 1, 1, 0, :] + 3.0 * gain
    found = indifferent_slice(normalise_per_player(P, 3)[0])
    assert found.tolist() == [False, True]


@pytest.mark.parametrize(("shape", "high", "n"), [((2, 2, 2), 3, 160), ((3, 3, 2), 3, 60), ((2, 2, 2, 2), 2, 40),
                                                  ((3, 3, 3), 9, 40), ((3, 3, 2), 999, 60)])
def test_integer_games_agree_with_solve(shape, high, n):
    """Small integer payoffs tie everywhere: every point the batch answers (many of them with an interval
    of one player's mixtures) equals bargain.solve's answer there."""
    P = np.random.default_rng([31, high, *shape]).integers(0, high + 1, size=(n, len(shape), *shape)).astype(float)
    res = solve_batch(P, n_players=len(shape), fallback=False)
    answered = np.flatnonzero(~res.fallback)
    if shape == (2, 2, 2):
        assert answered.size > n // 3 and res.continuum[answered].sum() > n // 4
    _same_as_solve(P, res, answered)


#: 3x3x2 integer games (the ``batch`` benchmark's tied row) at which the first pass is unsure but no player has
#: tied best replies against a pure profile of the others: no one-mixer set, every other support re-solved.
UNTIED = [[[[[4, 9], [0, 8], [5, 4]], [[9, 3], [4, 6], [4, 3]], [[1, 0], [3, 2], [4, 6]]],
           [[[8, 8], [1, 0], [0, 7]], [[0, 8], [2, 2], [0, 2]], [[9, 8], [8, 9], [5, 8]]],
           [[[4, 8], [0, 7], [1, 7]], [[2, 5], [4, 8], [5, 9]], [[4, 9], [1, 2], [9, 6]]]],
          [[[[8, 0], [6, 0], [8, 1]], [[3, 1], [3, 0], [1, 8]], [[0, 4], [7, 3], [3, 2]]],
           [[[3, 7], [8, 9], [9, 5]], [[6, 1], [5, 2], [1, 6]], [[5, 6], [8, 8], [3, 2]]],
           [[[5, 7], [1, 0], [4, 6]], [[2, 6], [2, 5], [7, 1]], [[6, 2], [6, 0], [9, 6]]]]]


def test_points_without_a_one_mixer_tie_go_through_the_second_pass():
    P = np.array(UNTIED, float)
    assert not one_mixer_sets(normalise_per_player(P, 3)[0]).tied.any()
    res = solve_batch(P, n_players=3, fallback=False)
    assert not res.fallback.any()
    _same_as_solve(P, res, range(len(P)))
