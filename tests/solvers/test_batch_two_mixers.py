"""Sets on which two players mix over two strategies each while the third plays pure, in batch."""

from __future__ import annotations

import numpy as np

import bargain as bg
from bargain.model.scale import normalise_per_player
from bargain.solvers.batch import solve_batch
from bargain.solvers.batch.two_mixers import two_mixer_sets
from bargain.testing import assert_equilibria_equal


def _planted(seed: int, f: tuple[float, float], g: tuple[float, float], D: list[list[float]]) -> np.ndarray:
    """A 2x2x2 game with random payoffs but against P3's S1: P1's gain from S2 against P2's S1, S2 is ``f``,
    P2's gain from S2 against P1's S1, S2 is ``g``, and P3's gain from S2 at P1's a, P2's b is ``D[a][b]``."""
    P = np.random.default_rng(seed).uniform(0.0, 1.0, size=(3, 2, 2, 2))
    P[0, 0, :, 0], P[0, 1, :, 0] = 0.0, f
    P[1, :, 0, 0], P[1, :, 1, 0] = 0.0, g
    P[2, :, :, 0], P[2, :, :, 1] = 0.0, D
    return P


def _same_as_solve(P: np.ndarray) -> None:
    res = solve_batch(P, n_players=3, fallback=False)
    for b in range(P.shape[0]):
        assert not res.fallback[b]
        ref = bg.solve(bg.Game(P[b]), exact=False)
        assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-8, game=bg.Game(P[b]))
        assert res.complete[b] == bool(ref.complete)
        assert res.continuum[b] == (bool(ref.continua) or any(not c.is_isolated for c in ref.components))


def _ends(P: np.ndarray) -> list[tuple[float, float]]:
    sets, _, _ = two_mixer_sets(normalise_per_player(P[None], 3)[0])
    assert not sets.unsure[0]
    return sorted((round(float(v[1]), 8), round(float(v[3]), 8)) for v in sets.profiles[sets.rows == 0])


def test_a_segment_cut_by_the_pure_players_bilinear_condition():
    """P2 indifferent whatever P1 does, P1 indifferent at P2's (1/2, 1/2); P3 keeps S1 while P1 plays S2 with
    probability at most 1/2 (a condition bilinear in the two mixtures, linear once P2's is fixed)."""
    P = _planted(3, (1.0, -1.0), (0.0, 0.0), [[-1.0, 0.0], [1.0, 0.0]])
    assert _ends(P) == [(0.0, 0.5), (0.5, 0.5)]
    _same_as_solve(P[None])


def test_a_rectangle_when_both_mixers_are_free():
    """Both indifferent whatever the other does, P3's S1 strictly better: every mixture of the two."""
    P = _planted(4, (0.0, 0.0), (0.0, 0.0), [[-1.0, -1.0], [-1.0, -1.0]])
    assert _ends(P) == [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    _same_as_solve(P[None])


def test_a_cut_set_is_left_to_the_full_solver():
    """Both free, and P3's condition bilinear: a set bounded by a hyperbola, whose extreme points neither
    method computes."""
    P = _planted(5, (0.0, 0.0), (0.0, 0.0), [[-1.0, 1.0], [1.0, -1.0]])
    sets, _, _ = two_mixer_sets(normalise_per_player(P[None], 3)[0])
    assert sets.unsure[0]
    assert solve_batch(P[None], n_players=3, fallback=False).fallback[0]


def test_integer_games_agree_with_solve():
    """Small integer payoffs: every point the batch answers equals the full solver's answer, and most
    points with a two-mixer set among them are answered."""
    P = np.random.default_rng([41, 3]).integers(0, 4, size=(150, 3, 2, 2, 2)).astype(float)
    res = solve_batch(P, n_players=3, fallback=False)
    sets, _, _ = two_mixer_sets(normalise_per_player(P, 3)[0])
    with_set = np.zeros(P.shape[0], bool)
    with_set[sets.rows] = True
    assert (with_set & ~res.fallback).sum() > 20
    for b in np.flatnonzero(~res.fallback):
        ref = bg.solve(bg.Game(P[b]), exact=False)
        assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-8, game=bg.Game(P[b]))
        assert res.complete[b] == bool(ref.complete)
        assert res.continuum[b] == (bool(ref.continua) or any(not c.is_isolated for c in ref.components))
