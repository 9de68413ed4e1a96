"""An equilibrium on the edge of a larger support, where that support's system has a multiple root, is listed
once: by the full solver (exact and float) and by the batch.

Floating-point root finding places such a root about the square root of the rounding error inside the larger
support (1e-7 to 1e-6 here).  It passes verification, so without the near-copy rule it was listed beside the
edge equilibrium, and in exact games its rational rounding was the edge equilibrium itself, listed twice.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.batch.common import copies
from bargain.solvers.polynomial.collector import NEAR_EDGE
from bargain.solvers.polynomial.solver import _prepare
from tests.solvers.test_batch_elimination import assert_answered_in_batch

#: 2x2x2: P1 plays S2, P2 S1 and P3 mixes over [1/3, 1] (a segment); the support where all three mix has a
#: double root at its end (p, q) = (0, 0), r = 1/3 (P1's, P2's and P3's indifferences reduce to
#: p = q and -3 q^2 = 0 there).
SEGMENT_END = [[[[0, 3], [2, 2]], [[2, 2], [0, 0]]], [[[1, 0], [3, 2]], [[2, 1], [0, 2]]],
               [[[0, 2], [0, 3]], [[1, 1], [3, 1]]]]
#: 3x3x2 with nine equilibria, one of them, ((1, 0, 0), (0, 1, 0), (2/3, 1/3)), the edge of a larger support.
NINE = [[[[2, 3], [2, 3], [0, 2]], [[3, 0], [3, 1], [3, 0]], [[3, 1], [0, 3], [1, 3]]],
        [[[2, 1], [1, 3], [0, 1]], [[3, 0], [3, 1], [0, 0]], [[1, 3], [0, 2], [2, 1]]],
        [[[0, 3], [1, 1], [2, 0]], [[2, 0], [3, 0], [0, 0]], [[3, 3], [1, 3], [2, 2]]]]
#: 3x2x3 with eight equilibria; the batch's tie sets met ((0, 0, 1), (0.6, 0.4), (1, 0, 0)) also 8e-9 away.
EIGHT = [[[[1, 2, 1], [0, 1, 1]], [[0, 0, 3], [3, 2, 2]], [[2, 1, 3], [0, 1, 2]]],
         [[[1, 0, 0], [3, 0, 3]], [[2, 0, 0], [2, 0, 1]], [[0, 1, 2], [0, 3, 0]]],
         [[[1, 0, 1], [3, 1, 2]], [[2, 2, 3], [2, 1, 1]], [[1, 1, 1], [3, 0, 3]]]]


def _distinct(eqs) -> None:
    vecs = [np.concatenate([np.asarray(p, float) for p in e.profile]) for e in eqs]
    for u, v in itertools.combinations(vecs, 2):
        assert np.max(np.abs(u - v)) > NEAR_EDGE


@pytest.mark.parametrize(("payoffs", "count"), [(SEGMENT_END, 3), (NINE, 9), (EIGHT, 8)],
                         ids=["segment-end", "nine", "eight"])
@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float"])
def test_the_full_solver_lists_an_edge_equilibrium_once(payoffs, count, exact):
    P = np.array(payoffs)
    res = bg.solve(bg.Game(P if exact else P.astype(float)), exact=exact)
    assert len(res) == count and res.complete
    _distinct(res)


def test_the_segment_end_is_an_end_of_the_reported_segment():
    res = bg.solve(bg.Game(np.array(SEGMENT_END)))
    (segment,) = res.continua
    ends = [np.asarray(e.profile[2], float) for e in segment.samples]
    for end in ([1.0, 0.0], [1 / 3, 2 / 3]):
        assert any(np.allclose(e, end, atol=1e-12) for e in ends)
    assert segment.support == ((1,), (0,), (0, 1))


@pytest.mark.parametrize("payoffs", [SEGMENT_END, NINE, EIGHT], ids=["segment-end", "nine", "eight"])
def test_the_batch_lists_what_the_full_solver_lists(payoffs):
    assert_answered_in_batch(np.array([payoffs], float), seed=3, offset=50)


def test_copies_compares_every_pair_of_a_point_and_separates_points():
    edge = [0.0, 0.0, 1.0, 0.6, 0.4]
    inside = [0.0, 8e-9, 1.0 - 8e-9, 0.6, 0.4]            # within SAME of edge
    rounded = [0.0, 5e-7, 1.0 - 5e-7, 0.6000004, 0.3999996]  # beyond SAME: kept
    twin = [0.0, 0.5, 0.5, 0.6, 0.4]
    PT = np.array([inside, twin, rounded, edge]).T       # the copies are not neighbours
    assert copies(np.zeros(4, int), PT).tolist() == [False, False, False, True]
    assert copies(np.arange(4), PT).tolist() == [False] * 4       # different points never merge


def test_a_distinct_equilibrium_near_an_edge_is_not_a_near_copy():
    """Only a candidate at whose twin every strategy of its support is a best response is merged: near a
    parameter where two equilibria meet, the one on the larger support is kept."""
    col = _prepare(bg.Game(np.array(SEGMENT_END, float)), exact=False, tol=None)
    edge = [np.array([0.0, 1.0]), np.array([1.0, 0.0]), np.array([1 / 3, 2 / 3])]
    assert col.add(edge)
    root = [np.array([9e-7, 1 - 9e-7]), np.array([1 - 9e-7, 9e-7]), np.array([1 / 3 + 6e-7, 2 / 3 - 6e-7])]
    assert col.known(root)                      # the double root of the support where all three mix
    # ((1, 0), (0, 1), (0, 1)) is an equilibrium at which P1's S2 earns 2 less: a point 5e-6 away that uses S2
    # is not its copy
    col.add([np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.array([0.0, 1.0])])
    assert not col.known([np.array([1 - 5e-6, 5e-6]), np.array([0.0, 1.0]), np.array([0.0, 1.0])])
