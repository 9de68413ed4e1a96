"""Special fibres of the univariate elimination (three mixers, two strategies each) that miss the product of
simplices.

In the 2x2x2 game ``OUTSIDE`` the support where all three mix has no solution: player 1's indifference is
``(2q - 1)(r + 1) = 0``, player 3's ``(2p - 1)(3q - 1) = 0`` and player 2's ``3p(1 - r) + r - 2 = 0``, so
``q = 1/2``, ``p = 1/2`` and ``r = -1``.  With ``p`` hidden, player 3's equations vanish at ``p = 1/2`` (a
special fibre), where player 2's pin ``r = -1``: the fibre misses the simplices.  The elimination used to
stop at ``p = 1/2 +- 1e-8`` (a bounded Brent search on a V-shaped function stops at the square root of the
rounding error), see no fibre there, and hand the support to the homotopy, which met the singular set and
left the answer incomplete.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.batch import solve_batch
from bargain.solvers.polynomial.univariate import _sharpen
from tests.solvers.test_batch_elimination import assert_point_matches_solve

OUTSIDE = [[[[2, 3], [1, 0]], [[0, 2], [3, 1]]], [[[1, 1], [2, 0]], [[1, 1], [2, 3]]],
           [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
def test_a_fibre_outside_the_simplices_leaves_the_answer_complete(order, exact):
    P = np.transpose(np.array(OUTSIDE), (0, *(1 + k for k in order)))[list(order)]
    res = bg.solve(bg.Game(P if exact else P.astype(float)), exact=exact)
    assert res.complete and len(res) == 1
    (eq,) = res
    expected = [np.array(v, float) for v in ([0, 1], [0, 1], [1, 0])]
    assert all(np.array_equal(np.asarray(eq.profile[i], float), expected[k]) for i, k in enumerate(order))


def test_the_batch_and_the_full_solver_agree_there():
    P = np.array([OUTSIDE], float)
    res = solve_batch(P, n_players=3, fallback=False)
    assert not res.fallback[0] and res.complete[0]
    assert_point_matches_solve(P, res, 0)


def test_a_vanishing_row_is_sharpened_to_rounding():
    c0, c1 = np.array([[0.75, -0.3]]), np.array([[-0.25, 0.1]])    # the row vanishes at lam = 3/4
    row = lambda x: c0 * (1 - x) + c1 * x                          # noqa: E731
    lam = _sharpen(row, 0.75 + 3e-8)
    assert abs(lam - 0.75) <= 1e-15
    assert np.abs(row(lam)).max() <= 1e-15
