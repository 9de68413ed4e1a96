"""The batch engine's dominance-solvable points, against pygambit, bargain.solve and a brute-force
iterated elimination written here (not the engine's bit masks)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bargain import Game, solve
from bargain.solvers.batch import solve_batch
from bargain.testing import assert_equilibria_contain, assert_equilibria_equal


def _iesds(P: np.ndarray) -> list[list[int]]:
    """Strategies surviving iterated elimination of strictly dominated strategies (pure dominators),
    by brute force over the profiles of the others."""
    n = P.shape[0]
    alive = [list(range(s)) for s in P.shape[1:]]
    changed = True
    while changed:
        changed = False
        for i in range(n):
            others = [alive[j] for j in range(n) if j != i]

            def u(k: int, r: tuple[int, ...], i: int = i) -> float:
                return float(P[(i, *r[:i], k, *r[i:])])

            for k in list(alive[i]):
                if any(all(u(kp, r) > u(k, r) for r in itertools.product(*others)) for kp in alive[i] if kp != k):
                    alive[i].remove(k)
                    changed = True
    return alive


def _gambit(P: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.from_arrays(*[P[i] for i in range(P.shape[0])])
    res = gbt.nash.enumpoly_solve(g)
    return [tuple(np.array([float(eq[s]) for s in p.strategies]) for p in g.players) for eq in res.equilibria]


def _biased_games(rng: np.random.Generator, n_games: int, shape: tuple[int, ...]) -> np.ndarray:
    """Generic games in which each player's strategies carry a random bias, so that many (not all)
    are solved by iterated strict dominance, some only after several rounds."""
    n = len(shape)
    P = rng.uniform(0, 10, size=(n_games, n, *shape))
    for i, s in enumerate(shape):
        bias = rng.uniform(0, 12, size=(n_games, s))
        P[:, i] += bias.reshape((n_games, *(s if j == i else 1 for j in range(n))))
    return P


@pytest.mark.parametrize("shape", [(3, 3, 2), (2, 2, 2), (2, 3, 3), (4, 3, 2)])
def test_dominance_solvable_points_match_gambit_and_solve(shape):
    rng = np.random.default_rng(sum(shape) * 5 + 1)
    P = _biased_games(rng, 16, shape)
    res = solve_batch(P, n_players=len(shape))
    solvable = 0
    for b in range(P.shape[0]):
        alive = _iesds(P[b])
        ours = res.equilibria_at(b)
        g = Game(P[b])
        if all(len(a) == 1 for a in alive):
            solvable += 1
            # the unique equilibrium is the surviving pure profile, found without the full solver
            assert not res.fallback[b] and res.count[b] == 1
            for i, a in enumerate(alive):
                assert ours[0][i][a[0]] == 1.0
        assert_equilibria_equal(ours, solve(g, exact=False), tol=1e-7)
        assert_equilibria_contain(ours, _gambit(P[b]), tol=1e-6, game=g)
    assert solvable >= 4          # the path is exercised


def _tie_at_dominated_profile() -> np.ndarray:
    """A 3x3x2 game degenerate by construction, yet solved by iterated strict dominance.

    Player a's strategy 2 is strictly dominated by 0.  Player b's strategies 0 and 1 tie when a plays
    2 (and c plays 0), so b has no strictly dominant strategy at the start; once a's strategy 2 is
    gone, b's strategy 0 beats 1 and 2, then c, then a follow.  Every tie sits at a profile removed
    by the elimination, so the equilibrium - (a1, b0, c1) - is strict and unique.
    """
    P = np.zeros((3, 3, 3, 2))
    P[0] = np.array([[[5, 1], [2, 2], [0, 3]], [[4, 6], [3, 1], [1, 1]], [[1, 0], [0, 0], [-1, 0]]])
    P[1] = np.array([[[6, 6], [1, 1], [0, 0]], [[6, 6], [1, 1], [0, 0]], [[2, 0], [2, 3], [1, 1]]])
    P[2] = np.array([[[0, 1], [0, 0], [2, 0]], [[0, 1], [1, 0], [0, 2]], [[3, 3], [0, 1], [1, 0]]])
    return P


def test_degenerate_game_solved_by_dominance_in_batch():
    P = _tie_at_dominated_profile()
    assert P[1, 2, 0, 0] == P[1, 2, 1, 0]                   # a tie by construction
    assert [len(a) for a in _iesds(P)] == [1, 1, 1]
    # the same game at many scales and shifts per player (equilibria unchanged), plus tiny noise
    rng = np.random.default_rng(4)
    scale = rng.uniform(0.1, 100, size=(40, 3, 1, 1, 1))
    shift = rng.uniform(-50, 50, size=(40, 3, 1, 1, 1))
    batch = P[None] * scale + shift
    res = solve_batch(batch, n_players=3)
    assert not res.fallback.any() and np.all(res.count == 1)
    ref = solve(Game(P), exact=True)
    assert len(ref) == 1
    for b in range(batch.shape[0]):
        assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-9)


@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 3, 2)])
def test_ties_that_survive_elimination_match_the_full_solver(shape):
    """Player a's strategies 0 and 1 are copies (a tie everywhere): neither is eliminated, the point
    is degenerate (a continuum of a's mixtures), and the batch answer equals bargain.solve's - also
    where b and c have strictly dominant strategies, so that only a's tie is left: that interval of
    a's mixtures against pure b and c is computed in batch."""
    rng = np.random.default_rng(9)
    P = rng.uniform(0, 10, size=(5, 3, *shape))
    P[:, 0, 1] = P[:, 0, 0]
    P[0, 1, :, 0] += 20
    P[0, 2, :, :, 0] += 20
    res = solve_batch(P, n_players=3)
    assert not res.fallback[0] and res.continuum[0]
    for b in range(P.shape[0]):
        ref = solve(Game(P[b]), exact=False)
        assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-7)
        assert res.continuum[b] == (bool(ref.continua) or any(not c.is_isolated for c in ref.components))
