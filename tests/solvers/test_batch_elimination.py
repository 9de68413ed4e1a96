"""Tied three-player points: the full solver's elimination run in batch decides which points it settles."""

from __future__ import annotations

import numpy as np

import bargain as bg
from bargain.model.scale import normalise_per_player
from bargain.solvers.batch import solve_batch
from bargain.solvers.batch.elimination import _coefficients, elimination_degenerate
from bargain.solvers.batch.ties import indifferent_slice
from bargain.solvers.polynomial.homotopy import MultilinearBatch
from bargain.solvers.polynomial.univariate import solve_three_block
from bargain.testing import assert_equilibria_equal

#: A 2x2x2 integer game whose totally mixed system the full solver's elimination cannot solve (it leaves it
#: to a second route and calls its answer not guaranteed complete).
DEGENERATE = [[[[3, 1], [2, 1]], [[1, 2], [2, 2]]], [[[3, 0], [0, 2]], [[1, 1], [1, 1]]],
              [[[2, 1], [0, 1]], [[3, 2], [3, 2]]]]
#: A 2x2x2 integer game with a player indifferent on an interior slice whose totally mixed system the
#: elimination solves: the full solver calls its answer complete.
SETTLED = [[[[1, 3], [2, 3]], [[3, 0], [1, 3]]], [[[0, 1], [3, 1]], [[3, 1], [2, 1]]],
           [[[0, 3], [1, 3]], [[3, 1], [2, 3]]]]


def assert_answered_in_batch(P: np.ndarray, seed: int, offset: float) -> None:
    """The one three-player game ``P[0]``, and a copy with each player's payoffs under a random positive affine
    map (scales 1e-3..1e3, offsets about ``offset``), are answered in batch, as ``bg.solve`` answers them."""
    rng = np.random.default_rng(seed)
    mapped = P * rng.uniform(1e-3, 1e3, size=(1, 3, 1, 1, 1)) + rng.normal(size=(1, 3, 1, 1, 1)) * offset
    for Q in (P, mapped):
        res = solve_batch(Q, n_players=3, fallback=False)
        assert not res.fallback[0]
        assert_point_matches_solve(Q, res, 0)


def assert_point_matches_solve(P: np.ndarray, res, b: int) -> None:
    """Point ``b`` of the batch answer ``res`` is ``bg.solve``'s answer for ``P[b]`` (floats): the same equilibria
    (to 1e-8), the same complete flag and the same continuum flag."""
    ref = bg.solve(bg.Game(P[b]), exact=False)
    assert_equilibria_equal(res.equilibria_at(b), ref, tol=1e-8, game=bg.Game(P[b]))
    assert res.complete[b] == bool(ref.complete)
    assert res.continuum[b] == (bool(ref.continua) or any(not c.is_isolated for c in ref.components))


def test_the_elimination_flags_what_the_full_solver_leaves_to_a_second_route():
    P = np.array([DEGENERATE, SETTLED], float)
    U = normalise_per_player(P, 3)[0]
    assert elimination_degenerate(U).tolist() == [True, False]
    assert indifferent_slice(U).tolist() == [True, True]          # the coarser test flagged both
    assert not bg.solve(bg.Game(P[0]), exact=False).complete
    res = solve_batch(P, n_players=3, fallback=False)
    assert res.fallback.tolist() == [True, False]
    assert_point_matches_solve(P, res, 1)


def test_generic_games_are_not_flagged():
    P = np.random.default_rng(4).normal(size=(50, 3, 3, 3, 2))
    assert not elimination_degenerate(normalise_per_player(P, 3)[0]).any()


def test_rescaling_a_player_keeps_the_verdict():
    rng = np.random.default_rng(9)
    P = np.array([DEGENERATE, SETTLED], float)
    P = P * rng.uniform(0.1, 10.0, size=(2, 3, 1, 1, 1)) + rng.uniform(-5.0, 5.0, size=(2, 3, 1, 1, 1))
    assert elimination_degenerate(normalise_per_player(P, 3)[0]).tolist() == [True, False]


#: A 2x2x2 integer game where P1's S2 weakly dominates S1 (never worse, better somewhere): the full solver
#: prunes every support on which all three mix (the others then use every profile, so S1 earns less), and the
#: elimination of that support, degenerate here, is never run.
WEAKLY_PRUNED = [[[[2, 2], [3, 0]], [[3, 2], [3, 2]]], [[[2, 2], [0, 3]], [[3, 3], [2, 2]]],
                 [[[3, 2], [0, 0]], [[0, 0], [3, 3]]]]


def test_a_support_the_full_solver_prunes_by_weak_dominance_does_not_send_the_point_to_it():
    P = np.array([WEAKLY_PRUNED], float)
    U = normalise_per_player(P, 3)[0]

    full = ((0, 1),) * 3
    coeffs = tuple(_coefficients(U, full, i) for i in range(3))
    assert solve_three_block(MultilinearBatch((2, 2, 2), coeffs)).degenerate.all()    # degenerate, yet pruned
    assert not elimination_degenerate(U)[0]
    assert_answered_in_batch(P, seed=5, offset=10)
    assert solve_batch(P, n_players=3, fallback=False).complete[0]


#: A 3x3x2 integer game the first pass is sure of, whose support (P1: S1, S3; P2: S2, S3; P3: S1, S2) the full
#: solver's elimination cannot solve (a special fibre it cannot resolve): it calls its answer incomplete.
FIBRE = [[[[8, 7], [8, 6], [2, 2]], [[6, 4], [9, 2], [8, 4]], [[4, 8], [7, 5], [5, 5]]],
         [[[3, 3], [7, 4], [8, 5]], [[9, 1], [8, 8], [4, 9]], [[6, 9], [9, 7], [5, 7]]],
         [[[4, 8], [9, 9], [1, 1]], [[0, 5], [9, 8], [4, 8]], [[5, 2], [2, 6], [9, 7]]]]
#: A 3x3x2 integer game where P1's three strategies tie against (S2, S1) on a polygon with a vertex on three
#: lines; the full solver's relaxed enumeration splits it, one copy fails verification, and the set is left
#: undecided (not complete).
SPLIT = [[[[5, 4], [1, 9], [4, 2]], [[6, 0], [1, 5], [3, 2]], [[1, 4], [1, 3], [2, 8]]],
         [[[3, 3], [3, 9], [5, 9]], [[5, 8], [4, 1], [6, 8]], [[8, 8], [9, 6], [7, 4]]],
         [[[6, 9], [3, 9], [0, 4]], [[0, 4], [3, 0], [2, 1]], [[7, 4], [6, 9], [7, 9]]]]


#: Another: P1's polygon against (S3, S2) has a vertex on a side and two conditions; relaxed on one of them it
#: breaks the other by the tolerance, fails verification, and the set is left undecided.
RELAXED_OFF = [[[[3, 2], [0, 3], [2, 0]], [[2, 1], [1, 0], [0, 0]], [[2, 0], [3, 1], [3, 0]]],
               [[[0, 2], [2, 3], [0, 1]], [[1, 3], [0, 2], [3, 1]], [[1, 2], [2, 1], [3, 3]]],
               [[[0, 3], [2, 0], [0, 3]], [[3, 2], [3, 2], [3, 0]], [[0, 3], [0, 3], [1, 3]]]]
#: A 3x3x2 integer game with two isolated equilibria, one irregular; depending on the platform's rounding the
#: full solver's float route lists that one exactly (complete by enumeration) or a rounding away (an end of a
#: one-mixer interval of length zero, relaxed), where it is regular, and its index check fails (not complete).
IRREGULAR = [[[[1, 4], [0, 8], [8, 5]], [[6, 5], [4, 5], [6, 6]], [[4, 1], [6, 7], [0, 3]]],
             [[[4, 4], [2, 4], [0, 0]], [[2, 6], [9, 8], [3, 1]], [[2, 0], [0, 3], [5, 4]]],
             [[[3, 5], [8, 2], [9, 4]], [[4, 4], [6, 6], [4, 6]], [[5, 7], [8, 4], [1, 7]]]]


def test_points_the_full_solver_calls_incomplete_are_left_to_it():
    P = np.array([FIBRE, SPLIT, RELAXED_OFF, IRREGULAR], float)
    full = [bg.solve(bg.Game(P[b]), exact=False).complete for b in range(4)]
    assert full[:3] == [False] * 3
    res = solve_batch(P, n_players=3, fallback=False)
    assert res.fallback.tolist() == [True] * 4
    res = solve_batch(P, n_players=3)
    assert res.complete.tolist() == full


#: A 3x3x2 integer game with an irregular equilibrium on which all three mix (two roots of its system meet):
#: computed to about eight digits, it comes out as two near copies, and the point goes to the full solver.
CLUSTER = [[[[3, 2], [0, 0], [3, 2]], [[1, 1], [3, 0], [3, 2]], [[1, 2], [1, 0], [0, 1]]],
           [[[0, 2], [0, 0], [1, 0]], [[2, 1], [3, 1], [1, 3]], [[2, 0], [1, 1], [0, 3]]],
           [[[1, 0], [2, 0], [2, 2]], [[3, 1], [0, 2], [1, 3]], [[3, 0], [3, 3], [1, 2]]]]


def test_near_copies_of_an_irregular_equilibrium_are_left_to_the_full_solver():
    P = np.array([CLUSTER], float)
    assert solve_batch(P, n_players=3, fallback=False).fallback[0]
    assert_point_matches_solve(P, solve_batch(P, n_players=3), 0)
