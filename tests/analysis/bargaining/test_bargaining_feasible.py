"""Feasible sets: exact hulls in 2 and 3 dimensions, lower-dimensional sets, frontiers, bad input."""

from __future__ import annotations

import itertools
from fractions import Fraction as Fr

import numpy as np
import pytest
from scipy.spatial import ConvexHull

from bargain import Game, GameError
from bargain.analysis.bargaining import Frontier, Polytope, as_feasible_set
from bargain.linalg.exact import linprog


def test_square_hull_exact():
    S = Polytope([[0, 0], [2, 0], [0, 2], [2, 2], [1, 1], [1, 0]])
    assert S.exact and S.dimension == 2
    assert sorted(S.vertices) == [0, 1, 2, 3]
    assert len(S.facets) == 4
    assert S.contains([1, 0]) and S.contains([Fr(1, 3), 2]) and not S.contains([Fr(201, 100), 1])
    assert S.pareto_faces() == [frozenset({3})]
    assert S.frontier() == [(2, 2)]
    assert S.ideal_point([0, 0]) == (2, 2)


def test_cube_and_simplex_faces_in_3d():
    cube = Polytope(list(itertools.product([0, 1], repeat=3)))
    assert cube.dimension == 3 and len(cube.facets) == 6 and len(cube.vertices) == 8
    dims = [cube.face_dimension(f) for f in cube.faces]
    assert sorted(dims).count(1) == 12 and dims.count(2) == 6 and dims.count(0) == 8
    simplex = Polytope([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert len(simplex.faces) == 1 + 4 + 6 + 4
    # compare facet count with Qhull on random integer points (coplanar facets merged)
    rng = np.random.default_rng(0)
    pts = rng.integers(-5, 6, size=(15, 3))
    P = Polytope(pts)
    hull = ConvexHull(pts)
    assert sorted(P.vertices) == sorted(hull.vertices.tolist())
    eq = {tuple(np.round(e / np.abs(e[:3]).max(), 9)) for e in hull.equations}
    assert len(P.facets) == len(eq)


def test_lower_dimensional_sets():
    seg = Polytope([[0, 3], [3, 0], [1, 2]])               # a segment in R^2
    assert seg.dimension == 1 and len(seg.equalities) == 1
    assert seg.contains([2, 1]) and not seg.contains([1, 1])
    plane = Polytope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [Fr(1, 3), Fr(1, 3), Fr(1, 3)]])  # a triangle in R^3
    assert plane.dimension == 2 and len(plane.facets) == 3
    assert plane.contains([Fr(1, 2), Fr(1, 2), 0]) and not plane.contains([Fr(1, 2), Fr(1, 2), Fr(1, 2)])
    point = Polytope([[1, 1], [1, 1]])
    assert point.dimension == 0 and point.vertices == [0]
    zero_sum = Polytope.from_game(Game.from_matrices([[1, -2], [3, 0]]))
    assert zero_sum.dimension == 1


def test_from_game_labels_and_lottery():
    g = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"),
                           strategies=(("C", "D"), ("C", "D")))
    S = Polytope.from_game(g)
    assert S.labels == ("C/C", "C/D", "D/C", "D/D") and S.players == ("US", "China")
    lot = S.lottery([Fr(5, 2), Fr(5, 2)])
    assert sum(lot.values()) == 1
    assert sum(q * np.array(S.exact_points[S.labels.index(k)]) for k, q in lot.items()).tolist() == [Fr(5, 2), Fr(5, 2)]
    with pytest.raises(GameError, match="not in the feasible set"):
        S.lottery([5, 5])
    assert as_feasible_set(g).labels == S.labels


def test_from_inequalities():
    P = Polytope.from_inequalities([[1, 2], [2, 1], [-1, 0], [0, -1]], [4, 4, 0, 0], players=("A", "B"))
    assert P.exact and sorted(P.value(k) for k in P.vertices) == [(0, 0), (0, 2), (Fr(4, 3), Fr(4, 3)), (2, 0)]
    cube = Polytope.from_inequalities(np.vstack([np.eye(3), -np.eye(3)]).astype(int), [1, 1, 1, 0, 0, 0])
    assert len(cube.vertices) == 8 and cube.ideal_point([0, 0, 0]) == (1, 1, 1)
    fl = Polytope.from_inequalities([[1.0, 1.0], [-1.0, 0.0], [0.0, -1.0]], [1.5, 0, 0])
    assert not fl.exact and len(fl.vertices) == 3
    with pytest.raises(GameError, match="unbounded"):
        Polytope.from_inequalities([[-1, 0], [0, -1]], [0, 0])
    with pytest.raises(GameError, match="empty"):
        Polytope.from_inequalities([[1, 1], [-1, 0], [0, -1]], [-1, 0, 0])
    with pytest.raises(GameError, match="one row of A per"):
        Polytope.from_inequalities([[1, 1]], [1, 2])


def test_float_set_and_transform():
    S = Polytope(np.array([[0.0, 0.0], [1.5, 0.0], [0.0, 0.5]]))
    assert not S.exact and S.contains([0.75, 0.25]) and not S.contains([0.75, 0.26])
    T = S.transform((2, 4), (1, 1))
    assert T.contains([2.5, 2.0])
    assert "Polytope 3 points" in repr(S)


def test_exact_lp_matches_highs():
    rng = np.random.default_rng(5)
    for _ in range(20):
        A = rng.integers(-4, 5, size=(3, 5))
        b = rng.integers(0, 6, size=3)
        c = rng.integers(-3, 4, size=5)
        ex = linprog(list(c), A.tolist(), b.tolist(), [[1] * 5], [3], exact=True)
        fl = linprog(list(c), A.tolist(), b.tolist(), [[1] * 5], [3], exact=False)
        assert ex.status == fl.status
        if ex.ok:
            assert float(ex.value) == pytest.approx(fl.value, abs=1e-9)
            assert all(x >= 0 for x in ex.x) and sum(ex.x) == 3


@pytest.mark.parametrize("points, match", [
    ([], "empty"),
    ([[1, 2, 3]][:0], "empty"),
    ([[1, "a"], [2, 3]], "numbers"),
    ([[1, np.inf], [2, 3]], "NaN or infinity"),
])
def test_bad_points(points, match):
    with pytest.raises(GameError, match=match):
        Polytope(points)


def test_bad_labels_players_and_frontiers():
    with pytest.raises(GameError, match="one label per point"):
        Polytope([[0, 1], [1, 0]], labels=["a"])
    with pytest.raises(GameError, match="distinct names"):
        Polytope([[0, 1], [1, 0]], players=["A", "A"])
    with pytest.raises(GameError, match="not finite"):
        Frontier(lambda x: np.sqrt(0.5 - x), (0, 1))
    with pytest.raises(GameError, match="function"):
        Frontier(3.0, (0, 1))
    with pytest.raises(GameError, match="empty"):
        as_feasible_set(None)
