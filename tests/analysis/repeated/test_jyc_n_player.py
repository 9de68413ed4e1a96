"""JYC outer and inner approximations for three players: the inner set certified self-generating,
inside the outer set and inside the feasible individually rational set (built here with scipy from
the stage payoffs and the minmax worked by hand), reaching that set where the whole of it is an SPE
payoff set, and the outer-inner gap shrinking as the directions refine."""

from fractions import Fraction

import numpy as np
import pytest
from scipy.spatial import ConvexHull, HalfspaceIntersection

import bargain as bg
from bargain.analysis.repeated._polytope import hausdorff_nd, hull_distance
from bargain.analysis.repeated.jyc import directions

rp = bg.repeated


def public_good():
    """Contribute (1) costs 4 and gives 3 to everyone; Nash (nobody) = pure minmax = 0 for each."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a in np.ndindex(2, 2, 2):
        for i in range(3):
            u[(i, *a)] = 3 * sum(a) - 4 * a[i]
    return bg.Game(u), u


def feasible_ir(u, minmax):
    """Vertices of conv(stage payoffs) ∩ {x >= minmax}, by scipy directly."""
    n = u.shape[0]
    pts = u.reshape(n, -1).T.astype(float)
    h = ConvexHull(pts)
    hs = np.r_[h.equations, np.c_[-np.eye(n), np.asarray(minmax, float)]]
    inside = pts.mean(axis=0)
    return HalfspaceIntersection(hs, inside).intersections


def inside(P, Q, tol=1e-7):
    """Every point of P lies in the convex hull of Q (within tol)."""
    return max(hull_distance(Q, p) for p in P) <= tol


@pytest.mark.slow
def test_inner_reaches_the_feasible_ir_set_at_half():
    # at δ = 1/2 every feasible payoff above the minmax (0, 0, 0) is an SPE payoff with public
    # correlation: the certified inner set must reach the whole feasible IR set, whose 11 vertices
    # include (5, 5, 5) (all contribute) and (2, 2, 6) (two contribute)
    g, u = public_good()
    fir = feasible_ir(u, (0, 0, 0))
    assert len(np.unique(np.round(fir, 9), axis=0)) == 11
    inner = rp.jyc_inner(g, Fraction(1, 2), n_directions=98, tol=1e-9)
    outer = rp.jyc_outer(g, Fraction(1, 2), n_directions=26, tol=1e-9)
    assert "self-generating" in inner.notes[1] and "NOT" not in inner.notes[1]
    assert inside(inner.array, fir) and inside(inner.array, outer.array)
    assert hausdorff_nd(inner.array, fir) <= 1e-6
    assert np.allclose(inner.threat, 0, atol=1e-6) and np.allclose(outer.threat, 0, atol=1e-6)


@pytest.mark.slow
def test_gap_shrinks_as_directions_refine():
    g, u = public_good()
    fir = feasible_ir(u, (0, 0, 0))
    gaps = []
    for count in (26, 98):
        inner = rp.jyc_inner(g, Fraction(3, 10), n_directions=count, tol=1e-9)
        outer = rp.jyc_outer(g, Fraction(3, 10), n_directions=count, tol=1e-9)
        assert len(directions(3, count)) == count
        assert "self-generating" in inner.notes[1] and "NOT" not in inner.notes[1]
        assert inside(inner.array, outer.array) and inside(inner.array, fir)
        gaps.append(hausdorff_nd(outer.array, inner.array))
    assert gaps[1] < 0.6 * gaps[0]


def test_directions_are_nested():
    small, large = directions(3, 26), directions(3, 98)
    assert all(np.isclose(large, h).all(axis=1).any() for h in small)
    assert np.allclose(np.linalg.norm(large, axis=1), 1)


def test_no_pure_spe_gives_empty_sets():
    # three-player matching pennies: player 3 is a dummy, 1 and 2 play matching pennies
    u = np.zeros((3, 2, 2, 2))
    for a in np.ndindex(2, 2, 2):
        u[0][a] = 1 if a[0] == a[1] else -1
        u[1][a] = -u[0][a]
    g = bg.Game(u)
    assert rp.jyc_outer(g, 0.9).empty and rp.jyc_inner(g, 0.9).empty
