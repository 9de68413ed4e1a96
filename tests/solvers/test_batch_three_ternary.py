"""The batched 3x3x3 route of solve_batch against bargain.solve (point by point) and pygambit."""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.model.scale import normalise_per_player
from bargain.solvers.batch import BatchEquilibria, batch_supported, solve_batch
from bargain.solvers.batch.ternary_resultant import totally_mixed_3x3x3
from bargain.solvers.batch.three_ternary import three_ternary_chunk
from bargain.testing import assert_equilibria_contain, assert_equilibria_equal

SHAPE = (3, 3, 3, 3)


def _same_as_solve(P: np.ndarray, res: BatchEquilibria, points=None) -> None:
    """At every point: bargain.solve's equilibria (to 1e-9), continuum and completeness flags."""
    for b in range(P.shape[0]) if points is None else points:
        ref = bg.solve(bg.Game(P[b]), exact=False)
        assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-9, game=bg.Game(P[b]))
        assert res.complete[b] == bool(ref.complete)
        assert res.continuum[b] == (bool(ref.continua) or any(not c.is_isolated for c in ref.components))


def _totally_mixed(res: BatchEquilibria) -> np.ndarray:
    """Per point, how many equilibria have every probability strictly inside (0, 1)."""
    inner = np.nan_to_num(res.profiles, nan=0.0)
    return np.sum(np.all((inner > 1e-9) & (inner < 1 - 1e-9), axis=-1), axis=-1)


def test_three_ternary_players_are_batched():
    assert batch_supported((3, 3, 3)) and not batch_supported((3, 3, 4)) and not batch_supported((3, 3, 3, 3))


@pytest.mark.slow
@pytest.mark.parametrize(("draw", "n"), [("uniform", 500), ("normal", 500), ("tiny", 250), ("huge", 250),
                                         ("mixed", 250)])
def test_random_points_as_solve(draw, n):
    rng = np.random.default_rng([2312, len(draw)])
    if draw == "uniform":
        P = rng.uniform(size=(n, *SHAPE))
    else:
        P = rng.normal(size=(n, *SHAPE)) * {"normal": 1.0, "tiny": 1e-4, "huge": 1e5, "mixed": 1.0}[draw]
        if draw == "mixed":                          # one scale per player
            P *= np.array([1e-3, 1.0, 1e3])[None, :, None, None, None]
    res = solve_batch(P, n_players=3)
    assert res.fallback.sum() <= n // 50         # continuous payoffs: nearly every point by the batch route
    assert (res.count >= 7).any()                # and some have many equilibria
    _same_as_solve(P, res)


@pytest.mark.slow
def test_small_integer_games_with_ties_as_solve():
    ties = np.random.default_rng(42).integers(0, 5, size=(20, *SHAPE)).astype(float)   # ties: the full solver
    rng = np.random.default_rng(41)
    wide = rng.integers(0, 1000, size=(280, *SHAPE)).astype(float)   # mostly without ties: batched
    P = np.concatenate([ties, wide])
    res = solve_batch(P, n_players=3)
    assert res.fallback[:20].all() and res.fallback[20:].sum() < 90    # a tie in about one game in five
    _same_as_solve(P, res)


@pytest.mark.slow
def test_parametric_sweep_as_solve():
    rng = np.random.default_rng(2313)
    P0, P1 = rng.normal(size=(2, *SHAPE))
    t = np.linspace(-1.5, 1.5, 300)[:, None, None, None, None]
    P = P0 + t * P1
    res = solve_batch(P, n_players=3)
    assert res.fallback.sum() <= 6               # thresholds and uncertified resultants: isolated points
    assert len(set(res.count.tolist())) >= 2     # the equilibrium set changes along the sweep
    _same_as_solve(P, res)


@pytest.mark.slow
def test_points_with_several_totally_mixed_equilibria_as_solve():
    P = np.random.default_rng(98).normal(size=(3000, *SHAPE))
    res = solve_batch(P, n_players=3, fallback=False)
    inner = _totally_mixed(res)
    assert (inner >= 2).sum() >= 5 and (inner >= 1).sum() >= 150
    _same_as_solve(P, res, np.union1d(np.flatnonzero(inner >= 2), np.flatnonzero(inner >= 1)[:30]))


@pytest.mark.slow
def test_every_gambit_equilibrium_is_found():
    gbt = pytest.importorskip("pygambit")
    P = np.random.default_rng(77).integers(0, 1000, size=(40, *SHAPE)).astype(float)
    res = solve_batch(P, n_players=3)
    for b in range(P.shape[0]):
        g = gbt.Game.from_arrays(*[P[b, i] for i in range(3)])
        ref = [tuple(np.array([float(eq[s]) for s in p.strategies]) for p in g.players)
               for eq in gbt.nash.enumpoly_solve(g).equilibria]
        assert_equilibria_contain(res.equilibria_at(b), ref, tol=1e-6, game=bg.Game(P[b]))


def test_degenerate_points_go_to_the_full_solver():
    P = np.random.default_rng(3).normal(size=(4, *SHAPE))
    P[1, 2, 0, 1, 0] = P[1, 2, 0, 1, 2]             # player 3 indifferent against one pure profile: a tie
    P[2, 0] = P[2, 0, :1]                            # player 1's payoffs ignore their own strategy
    fast = solve_batch(P, n_players=3, fallback=False)
    assert fast.fallback.tolist() == [False, True, True, False]
    assert fast.count[1] == fast.count[2] == 0 and not fast.complete[1]
    full = solve_batch(P, n_players=3)
    assert full.fallback.tolist() == [False, True, True, False] and full.continuum[2]
    _same_as_solve(P, full)


def test_chunk_marks_a_continuum_unsure_and_decides_a_lone_tie():
    P = np.random.default_rng(8).normal(size=(3, *SHAPE))
    P[0, 0] = P[0, 0, :1]                            # player 1's payoffs ignore their own strategy
    P[1, 1, 2, 0, 1] = P[1, 1, 2, 2, 1]              # player 2 tied against the others' (3rd, 2nd) strategies
    rows, prof, status, unsure = three_ternary_chunk(normalise_per_player(P, 3)[0])
    assert unsure.tolist() == [True, False, False]  # the tie is decided by the general support loop
    assert set(rows[status > 0].tolist()) >= {1, 2} and prof.shape[1] == 9
    res = solve_batch(P[1:2], n_players=3, fallback=False)
    assert not res.fallback[0]
    _same_as_solve(P[1:2], res)


def test_resultant_recovers_a_planted_totally_mixed_equilibrium():
    """Payoffs shifted so that a chosen interior profile makes every player indifferent: it is found."""
    rng = np.random.default_rng(19)
    P = rng.normal(size=(50, *SHAPE))
    w = rng.dirichlet(np.ones(3), size=(50, 3))                     # (points, player, strategy)
    # subtract from each player's payoff of each own strategy its value against the others' mixtures
    value = [np.einsum("bijk,bj,bk->bi", P[:, 0], w[:, 1], w[:, 2]),
             np.einsum("bijk,bi,bk->bj", P[:, 1], w[:, 0], w[:, 2]),
             np.einsum("bijk,bi,bj->bk", P[:, 2], w[:, 0], w[:, 1])]
    P[:, 0] -= value[0][:, :, None, None]
    P[:, 1] -= value[1][:, None, :, None]
    P[:, 2] -= value[2][:, None, None, :]
    rows, X, unsure = totally_mixed_3x3x3(normalise_per_player(P, 3)[0])
    target = w.reshape(50, 9)
    for b in np.flatnonzero(~unsure):
        assert np.min(np.max(np.abs(X[rows == b] - target[b]), axis=1)) < 1e-9
    assert (~unsure).sum() >= 45


@pytest.mark.slow
def test_near_threshold_points_of_a_sweep_stay_in_the_batch():
    """Points of a sweep next to a threshold: the closed forms call some suspect (the general support loop
    of the restricted 3x3x2 games decides them) and some have a cluster of resultant roots (which lead
    outside the simplex); none needs the full solver, and each has bargain.solve's equilibria."""
    P0, P1 = np.random.default_rng([2026, 3, 3, 3]).normal(size=(2, *SHAPE))
    t = np.linspace(0.0, 2.0, 8192)[[553, 3295, 3296, 3771, 186, 7979, 7980]]
    P = P0 + t[:, None, None, None, None] * P1
    res = solve_batch(P, n_players=3, fallback=False)
    assert not res.fallback.any()
    _same_as_solve(P, res)


def test_clustered_totally_mixed_equilibria_are_all_found_or_handed_on():
    """Games with two to four planted totally mixed equilibria close together (near the centre): an
    eliminant whose rounding turned nearby real roots complex once lost up to five of them here without
    calling the point unsure; the certified count must keep every one (or send the point on)."""
    from tests.solvers.test_polynomial_one_pass_3x3x3 import planted

    rng = np.random.default_rng(1)
    games = []
    for i in range(192):
        points = rng.dirichlet(np.ones(3) * [1.0, 5.0, 30.0][i % 3], size=(int(rng.integers(2, 5)), 3))
        games.append(planted(rng, points * 0.9 + 0.1 / 3))
    P = np.array(games)[[89, 163, 191]]
    _same_as_solve(P, solve_batch(P, n_players=3))


def test_the_eliminant_certifies_most_generic_points_and_agrees_with_the_general_resultant():
    """The fast route certifies a point only with ten distinct polished solutions; on generic points it
    should manage most, and its real candidates equal those of the general route's resultant."""
    from bargain.solvers.batch import ternary_resultant as tr

    U = normalise_per_player(np.random.default_rng(11).normal(size=(200, *SHAPE)), 3)[0]
    rows, X, unsure = tr._certified(U)
    assert (~unsure).mean() >= 0.9
    g_rows, g_X, g_unsure = tr._general(U)
    for b in np.flatnonzero(~unsure & ~g_unsure):
        mine, theirs = X[rows == b], g_X[g_rows == b]
        assert len(mine) == len(theirs)
        for x in theirs:
            assert np.min(np.max(np.abs(mine - x), axis=1)) < 1e-9
