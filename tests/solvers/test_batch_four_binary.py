"""The batched 2x2x2x2 route of solve_batch against bargain.solve, point by point."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.batch import BatchEquilibria, batch_supported, solve_batch
from bargain.solvers.batch.four_binary import four_binary_chunk
from bargain.testing import assert_equilibria_equal

SHAPE = (4, 2, 2, 2, 2)


def _same_as_solve(P: np.ndarray, res: BatchEquilibria, points=None) -> None:
    """At every point: bargain.solve's equilibria, continuum and completeness flags."""
    for b in range(P.shape[0]) if points is None else points:
        ref = bg.solve(bg.Game(P[b]), exact=False)
        assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-6, game=bg.Game(P[b]))
        assert res.complete[b] == bool(ref.complete)
        assert res.continuum[b] == (bool(ref.continua) or any(not c.is_isolated for c in ref.components))


def _totally_mixed(res: BatchEquilibria) -> np.ndarray:
    """Per point, how many equilibria have every probability strictly inside (0, 1)."""
    inner = np.nan_to_num(res.profiles, nan=0.0)
    return np.sum(np.all((inner > 1e-9) & (inner < 1 - 1e-9), axis=-1), axis=-1)


def test_four_binary_players_are_batched():
    assert batch_supported((2, 2, 2, 2)) and not batch_supported((2, 2, 2, 3))
    assert not batch_supported((2, 2, 2, 2, 2)) and not batch_supported((3, 3, 4))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_uniform_random_points_as_solve(seed):
    P = np.random.default_rng([23, seed]).normal(size=(250, *SHAPE))
    res = solve_batch(P, n_players=4)
    assert not res.fallback.any()                # continuous payoffs: every point by the batch route
    assert (res.count >= 5).any()                # and some have many equilibria
    _same_as_solve(P, res)


@pytest.mark.slow
def test_parametric_sweep_as_solve():
    rng = np.random.default_rng(2311)
    P0, P1 = rng.normal(size=(2, *SHAPE))
    t = np.linspace(-1.5, 1.5, 300)[:, None, None, None, None, None]
    P = P0 + t * P1
    res = solve_batch(P, n_players=4)
    assert res.fallback.sum() <= 3               # a sweep crosses thresholds only at isolated points
    assert len(set(res.count.tolist())) >= 2     # the equilibrium set changes along the sweep
    _same_as_solve(P, res)


@pytest.mark.slow
def test_points_with_several_totally_mixed_equilibria_as_solve():
    P = np.random.default_rng(97).normal(size=(6000, *SHAPE))
    res = solve_batch(P, n_players=4, fallback=False)
    inner = _totally_mixed(res)
    assert (inner >= 2).sum() >= 100 and (inner >= 3).sum() >= 10
    _same_as_solve(P, res, np.union1d(np.flatnonzero(inner >= 2)[:40], np.flatnonzero(inner >= 3)))


@pytest.mark.slow
def test_one_player_scaled_by_a_million_as_solve():
    P = np.random.default_rng(5).normal(size=(200, *SHAPE))
    P[:, 1] *= 1e6                              # the per-player normalisation makes it the same game
    res = solve_batch(P, n_players=4)
    unscaled = P.copy()
    unscaled[:, 1] /= 1e6
    assert np.array_equal(res.count, solve_batch(unscaled, n_players=4).count)
    _same_as_solve(P, res)


@pytest.mark.slow
def test_small_integer_games_with_ties_as_solve():
    rng = np.random.default_rng(41)
    ties = rng.integers(0, 3, size=(12, *SHAPE)).astype(float)       # ties everywhere: the full solver
    wide = rng.integers(0, 1000, size=(150, *SHAPE)).astype(float)   # mostly without ties: batched
    P = np.concatenate([ties, wide])
    res = solve_batch(P, n_players=4)
    assert res.fallback[:12].all() and not res.fallback[12:].all() and res.fallback[12:].sum() < 30
    _same_as_solve(P, res)


def _cyclic_pennies() -> np.ndarray:
    """Players 1-3 want to match the next player, player 4 to mismatch player 1: one equilibrium, all 1/2."""
    P = np.zeros(SHAPE)
    for s in np.ndindex(2, 2, 2, 2):
        for i in range(3):
            P[(i, *s)] = float(s[i] == s[i + 1])
        P[(3, *s)] = float(s[3] != s[0])
    return P


def test_cyclic_matching_pennies_goes_to_the_full_solver():
    """No payoff ties, but each player's gain depends on one opponent only: the elimination degenerates
    (the resultant vanishes identically), so the point is left to the full solver, whose answer it keeps."""
    P = _cyclic_pennies()[None]
    assert solve_batch(P, n_players=4, fallback=False).fallback[0]
    res = solve_batch(P, n_players=4)
    assert res.count[0] == 1 and np.allclose(res.profiles[0, 0], 0.5, atol=1e-9)
    _same_as_solve(P, res)


def test_degenerate_points_go_to_the_full_solver():
    """A lone tie (player 3 indifferent against one pure profile) is resolved in batch; a player whose
    payoffs ignore their own strategy (indifferent everywhere) leaves the point to the full solver."""
    P = np.random.default_rng(3).normal(size=(4, *SHAPE))
    P[1, 2, 0, 1, 0, 1] = P[1, 2, 0, 1, 1, 1]       # player 3 indifferent against one pure profile: a tie
    P[2, 0] = P[2, 0, :1]                            # player 1's payoffs ignore their own strategy
    fast = solve_batch(P, n_players=4, fallback=False)
    assert fast.fallback.tolist() == [False, False, True, False]
    assert fast.count[2] == 0 and not fast.complete[2] and fast.count[1] > 0
    full = solve_batch(P, n_players=4)
    assert full.fallback.tolist() == [False, False, True, False] and full.continuum[2]
    _same_as_solve(P, full)


def test_chunk_marks_a_tie_unsure_and_keeps_generic_points():
    from bargain.model.scale import normalise_per_player

    P = np.random.default_rng(8).normal(size=(3, *SHAPE))
    P[0, 3, 1, 1, 1, 0] = P[0, 3, 1, 1, 1, 1]       # player 4 tied against the others' second strategies
    rows, prof, status, unsure = four_binary_chunk(normalise_per_player(P, 4)[0])
    assert unsure.tolist() == [True, False, False]
    assert set(rows[status > 0].tolist()) >= {1, 2} and prof.shape[1] == 8


def test_isolated_real_roots_agree_with_companion_matrices_and_refuse_close_pairs():
    from bargain.linalg.batched import isolated_real_roots, real_roots

    rng = np.random.default_rng(12)
    roots = rng.uniform(-1.0, 1.0, (400, 9)).astype(complex)
    roots[:, 7] = roots[:, 6].real + 1j * rng.uniform(0.05, 0.5, 400)       # a complex pair
    roots[:, 8] = np.conj(roots[:, 7])
    roots[200:300, 1] = roots[200:300, 0] + rng.choice([1e-7, 1e-5], 100)   # a close real pair
    roots[300:, 7] = roots[300:, 0] + 1e-6j                                # a pair next to a real root
    roots[300:, 8] = np.conj(roots[300:, 7])
    coef = np.array([np.poly(r)[::-1].real for r in roots])
    rows, t, resolved = isolated_real_roots(coef, -0.5, 0.5)
    inside = np.abs(roots[:, 0].real) < 0.5                                # the cluster is in the interval
    assert resolved[:200].mean() > 0.5 and inside[200:].sum() > 50 and not resolved[200:][inside[200:]].any()
    idx, ref, _, _ = real_roots(coef, -0.5, 0.5)
    keep = resolved[idx]
    assert np.array_equal(np.sort(rows), np.sort(idx[keep]))
    assert np.allclose(np.sort(t), np.sort(ref[keep]), atol=1e-12)


def test_fast_points_pass_the_index_check():
    """Where the batch route answers, every equilibrium it lists is regular and their indices sum to +1
    (Shapley 1974; Gul, Pearce and Stacchetti 1993): none is missing, without comparing with solve."""
    from bargain.solvers.completeness import equilibrium_index

    P = np.random.default_rng(19).normal(size=(80, *SHAPE))
    res = solve_batch(P, n_players=4, fallback=False)
    assert not res.fallback.any()
    for b in range(P.shape[0]):
        idx = [equilibrium_index(bg.Game(P[b]), list(np.split(v, 4))) for v in res.profiles[b, :res.count[b]]]
        assert None not in idx and sum(idx) == 1, b


def test_a_player_with_constant_payoffs_raises_no_numpy_warning():
    P = np.random.default_rng([3, 2, 2, 2, 2]).integers(0, 2, size=(64, 4, 2, 2, 2, 2)).astype(float)
    P[0, 0] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = solve_batch(P, n_players=4)
    assert res.count.shape == (64,)
