"""The batch solver against pygambit, brute-force verification and bargain.solve."""

from __future__ import annotations

import numpy as np
import pytest

from bargain import Game
from bargain.errors import GameError
from bargain.solvers.batch import BatchEquilibria, batch_supported, solve_batch
from bargain.testing import assert_equilibria_contain, assert_equilibria_equal


def _flat(eq_list):
    return [np.concatenate(e) for e in eq_list]


def _gambit(P: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.from_arrays(*[P[i] for i in range(P.shape[0])])
    res = gbt.nash.enummixed_solve(g, rational=False) if P.shape[0] == 2 else gbt.nash.enumpoly_solve(g)
    return [tuple(np.array([float(eq[s]) for s in p.strategies]) for p in g.players) for eq in res.equilibria]


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 4), (2, 2, 2), (3, 3, 2), (2, 3, 3)])
def test_matches_gambit_on_random_games(shape):
    rng = np.random.default_rng(sum(shape) * 7 + len(shape))
    n = len(shape)
    P = rng.integers(0, 1000, size=(25, n, *shape)).astype(float)
    res = solve_batch(P, n_players=n, fallback=False)
    checked = 0
    for b in range(P.shape[0]):
        if res.fallback[b]:
            continue
        ours = res.equilibria_at(b)
        ref = _gambit(P[b])
        g = Game(P[b])
        if n == 2:   # enummixed is complete on nondegenerate games: the same set
            assert_equilibria_equal(ours, ref, tol=1e-6, game=g)
        else:
            assert_equilibria_contain(ours, ref, tol=1e-6, game=g)
        for prof in res.equilibria_at(b):    # every extra one (enumpoly misses some) verifies
            assert g.is_nash(prof)
        checked += 1
    assert checked >= 15


def test_every_point_verified_and_payoffs_consistent():
    rng = np.random.default_rng(3)
    P = rng.normal(size=(200, 3, 3, 3, 2))
    res = solve_batch(P, n_players=3, fallback=False)
    assert not res.fallback.any()          # generic continuous payoffs: never unsure
    for b in range(0, 200, 7):
        g = Game(P[b])
        for k, prof in enumerate(res.equilibria_at(b)):
            assert g.regret(prof) <= g.tolerance
            assert np.allclose(res.payoffs[b, k], g.expected_payoffs(prof))
    # the number of equilibria of a generic game is odd (Wilson 1971)
    assert np.all(res.count % 2 == 1)


def _same_as_full_solver(P: np.ndarray, res: BatchEquilibria, tol: float = 1e-6) -> None:
    from bargain import solve

    for b in range(P.shape[0]):
        ref = solve(Game(P[b]), exact=False)
        assert_equilibria_equal(res.equilibria_at(b), ref, tol=tol)
        assert res.continuum[b] == (bool(ref.continua) or any(not c.is_isolated for c in ref.components))


def test_degenerate_points_solved_in_batch_as_the_full_solver():
    """Integer payoffs make ties: continua of equilibria, whose extreme points the batch method enumerates."""
    rng = np.random.default_rng(11)
    P = rng.integers(0, 12, size=(30, 2, 3, 3)).astype(float)
    res = solve_batch(P, n_players=2)
    assert res.continuum.any() and not res.fallback.any()
    _same_as_full_solver(P, res)


@pytest.mark.parametrize("shape", [(2, 2), (2, 5), (4, 4), (4, 8), (8, 3)])
def test_degenerate_points_of_every_covered_shape(shape):
    rng = np.random.default_rng(sum(shape))
    P = rng.integers(0, 4, size=(12, 2, *shape)).astype(float)
    P[:, :, 0, 0] = 5.0                          # no constant player (those go to the full solver)
    res = solve_batch(P, n_players=2)
    assert res.continuum.any()
    _same_as_full_solver(P, res)


def test_same_sets_as_full_solver_with_fallback():
    rng = np.random.default_rng(11)
    # 5x5 integer games: degenerate points beyond the batch vertex enumeration go to the full solver
    P = rng.integers(0, 6, size=(12, 2, 5, 5)).astype(float)
    res = solve_batch(P, n_players=2)
    assert res.fallback.any() and not res.fallback.all()
    _same_as_full_solver(P, res)


def test_known_games():
    # Battle of the Sexes: two pure equilibria and (2/3, 1/3), (1/3, 2/3)
    bos = np.array([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], float)
    res = solve_batch(bos[None], n_players=2)
    assert res.count[0] == 3 and not res.fallback[0]
    mixed = next(p for p in _flat(res.equilibria_at(0)) if np.all(p > 0))
    assert np.allclose(mixed, [2 / 3, 1 / 3, 1 / 3, 2 / 3], atol=1e-12)
    # matching pennies: unique (1/2, 1/2)
    mp = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], float)
    assert np.allclose(_flat(solve_batch(mp[None], n_players=2).equilibria_at(0))[0], 0.5)


def test_three_player_closed_form():
    # 2x2x2 game with a unique, totally mixed equilibrium: each player matches the next one
    # (a cyclic matching-pennies game, Jordan 1993); the equilibrium is (1/2, 1/2) for all.
    P = np.zeros((3, 2, 2, 2))
    for a in range(2):
        for b in range(2):
            for c in range(2):
                P[0, a, b, c] = 1.0 if a == b else 0.0
                P[1, a, b, c] = 1.0 if b != c else 0.0
                P[2, a, b, c] = 1.0 if c == a else 0.0
    res = solve_batch(P[None], n_players=3)
    eqs = _flat(res.equilibria_at(0))
    assert len(eqs) == 1 and np.allclose(eqs[0], 0.5, atol=1e-10)


def test_batch_shapes_and_dict():
    rng = np.random.default_rng(5)
    P = rng.random((4, 5, 2, 2, 2))
    res = solve_batch(P, n_players=2)
    assert isinstance(res, BatchEquilibria)
    assert res.count.shape == (4, 5) and res.profiles.shape[:2] == (4, 5) and res.profiles.shape[-1] == 4
    d = res.to_dict()
    assert d["shape"] == [2, 2] and len(d["count"]) == 4
    assert res.strategy(1).shape[-1] == 2


def test_unsupported_shape_uses_full_solver():
    assert not batch_supported((3, 3, 4)) and batch_supported((3, 3, 3))
    assert batch_supported((3, 3, 2)) and batch_supported((4, 4))
    rng = np.random.default_rng(2)
    P = rng.random((2, 3, 1, 3, 3))      # 1x3x3: no binary player
    res = solve_batch(P, n_players=3)
    assert res.fallback.all()
    for b in range(2):
        for prof in res.equilibria_at(b):
            assert Game(P[b]).is_nash(prof)


def test_bad_input():
    with pytest.raises(GameError, match="finite"):
        solve_batch(np.full((2, 2, 2, 2), np.nan), n_players=2)
    with pytest.raises(GameError, match="do not end"):
        solve_batch(np.zeros((2, 3, 2, 2)), n_players=2)


@pytest.mark.parametrize("name, n_points", [
    # once an xfail: bargain.solve missed an isolated equilibrium where all three players mix (the solver gap
    # of tests/games/test_solver_gap.py, since fixed)
    pytest.param("sanctions_triangle", 250, marks=pytest.mark.slow),
    ("buffer_state", 80), ("russia_channel", 80), ("linkage_bargain", 40)])
def test_shipped_games_same_sets_as_solve_at_random_points(name, n_points):
    """At random parameter points of the shipped games: the same equilibrium set as bargain.solve."""
    import bargain as bg

    if name not in bg.list_games():
        pytest.skip(f"{name} not shipped yet")
    m = bg.load_game(name)
    rng = np.random.default_rng(17)
    vals = {k: rng.uniform(p.low, p.high, n_points) for k, p in m.parameters.items()
            if np.isfinite(p.low) and np.isfinite(p.high)}
    P = m.payoffs(**vals)
    res = solve_batch(P, n_players=m.n_players, players=m.players, strategies=m.strategies)
    from bargain import solve

    for b in range(n_points):
        ref = solve(Game(P[b]), exact=False)
        assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-7)
        assert res.continuum[b] == (bool(ref.continua) or any(not c.is_isolated for c in ref.components))


@pytest.mark.parametrize("shape, games", [((5, 6), 8), ((6, 5), 6), ((5, 4, 2), 3)])
def test_support_loop_beyond_the_closed_forms_matches_gambit(shape, games):
    """Sides over the closed forms' limit go through the general support loop for every point (its
    pruning of support pairs is array-wide); a point the method is sure of must give gambit's set."""
    rng = np.random.default_rng(sum(shape) * 11)
    n = len(shape)
    P = rng.integers(0, 1000, size=(games, n, *shape)).astype(float)
    res = solve_batch(P, n_players=n, fallback=False)
    assert res.fallback.sum() <= games // 3
    for b in np.flatnonzero(~res.fallback):
        ref, g = _gambit(P[b]), Game(P[b])
        if n == 2:
            assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-6, game=g)
        else:
            assert_equilibria_contain(res.equilibria_at(b), ref, tol=1e-6, game=g)
        assert all(g.is_nash(prof) for prof in res.equilibria_at(b))


def test_chunk_sent_to_vertex_enumeration_by_its_probe_still_solves_generic_points():
    """A batch mostly of structurally degenerate points goes to vertex enumeration whole: the
    generic points among them must still get bargain.solve's (nondegenerate, isolated) equilibria."""
    import bargain as bg

    m = bg.load_game("russia_channel")
    lo, hi = m.parameters["china_enforcement"].bounds
    P = np.concatenate([m.payoffs(china_enforcement=np.linspace(lo, hi, 70)),
                        np.random.default_rng(1).normal(size=(30, 2, 4, 2))])
    res = solve_batch(P, n_players=2)
    assert res.continuum[:70].all() and not res.continuum[70:].any() and not res.fallback.any()
    _same_as_full_solver(P[60:], BatchEquilibria(res.shape, res.profiles[60:], res.payoffs[60:],
                                                 res.supports[60:], res.count[60:], res.fallback[60:],
                                                 res.continuum[60:], res.complete[60:], res.method))
