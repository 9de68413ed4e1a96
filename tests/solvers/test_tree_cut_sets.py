"""Free behaviour cut by conditions bilinear in two players' free behaviour (issue 16: my_2-8).

Oracle: the set written out by hand and checked point by point on the tree in exact arithmetic.
In Myerson's exercise 2.8 (``my_2-8.efg``, Gambit's contrib games: three voters choose A, B or C;
two alike win, and when all differ player 1 picks at a set that knows only her own vote) player 1
votes A, player 3 votes A and player 2, never pivotal, mixes B (probability ``w``) and C.  Player
1's behaviour ``(u, v, 1 - u - v)`` at the unreached set ``(1,2)`` deters player 3: voting C pays
``w (4u + 8(1 - u - v)) + 8(1 - w) <= 4`` exactly when ``w (u + 2v) >= 1`` (voting B then pays less
too).  So the equilibria with that part fixed are ``S = {u, v >= 0, u + v <= 1, 0 <= w <= 1,
w (u + 2v) >= 1}``: three-dimensional, bounded by the hyperbolic surface ``w (u + 2v) = 1``, with the
arcs ``(0, s/2, 1/s)`` and ``(2 - s, s - 1, 1/s)``, ``1 <= s <= 2``, of extreme points (no finite
list), and connected: every condition falls as ``w`` grows, so each point joins the slice ``w = 1``
by a segment.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from pathlib import Path

import pytest

from bargain.io.efg import read_efg
from bargain.solvers.sequence_form.verify import behaviour_regret
from bargain.solvers.tree_polynomial import tree_enumpoly_solve
from bargain.solvers.tree_polynomial.extension import _monotone

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit_trees"
SUPPORT = ((0,), (1, 2), (0,), (), (), ())
F = Fraction


def _profile(tree, u: F, v: F, w: F):
    third = (F(1, 3),) * 3
    rows = [(F(1), F(0), F(0)), (F(0), w, 1 - w), (F(1), F(0), F(0)), (u, v, 1 - u - v), third, third]
    return tree.behaviour({h.label: list(r) for h, r in zip(tree.infosets, rows, strict=True)})


@pytest.mark.slow
def test_my_2_8_is_complete_with_its_curved_set_described_exactly() -> None:
    tree = read_efg(DATA / "my_2-8.efg")
    res = tree_enumpoly_solve(tree, exact=True)
    assert res.complete and res.evidence.kind == "enumeration" and len(res) == 19
    cut = [c for c in res.continua if c.support == SUPPORT]
    assert len(cut) == 1 and "not a polytope" in cut[0].description and cut[0].dimension == 3
    # the set is printed by its defining conditions: w (u + 2v) >= 1 with u, v at (1,2) and w at (2,1)
    assert "x(A@(1,2))*x(B@(2,1)) + 2*x(B@(1,2))*x(B@(2,1)) >= 1" in cut[0].description
    assert "x(A@(1,2)) + x(B@(1,2)) <= 1" in cut[0].description
    for eq in cut[0].samples:       # the listed points lie in S
        b = eq.behaviour.exact_probabilities
        assert b[1][1] * (b[3][0] + 2 * b[3][1]) >= 1
    # S exactly: on a grid (boundary points w (u + 2v) = 1 among them) a profile is an equilibrium iff in S
    grid = [F(k, 3) for k in range(4)]
    inside = 0
    for u, v, w in product(grid, grid, grid):
        if u + v > 1:
            continue
        regret, _ = behaviour_regret(tree, _profile(tree, u, v, w), exact=True)
        assert (regret == 0) == (w * (u + 2 * v) >= 1), (u, v, w)
        inside += regret == 0
    assert inside >= 5
    for s in (F(1), F(5, 4), F(3, 2), F(2)):      # the two arcs of extreme points, and just below them
        for u, v in ((F(0), s / 2), (2 - s, s - 1)):
            assert behaviour_regret(tree, _profile(tree, u, v, 1 / s), exact=True)[0] == 0
            assert behaviour_regret(tree, _profile(tree, u, v, 1 / s - F(1, 100)), exact=True)[0] > 0


def test_monotone_conditions_are_recognised_and_two_components_are_not() -> None:
    # u w >= 1/2 on [0, 1]^2 (the condition falls as w grows): connected, joined to the slice w = 1
    blocks = [[{0: F(0)}, {0: F(1)}], [{1: F(0)}, {1: F(1)}]]
    assert _monotone(blocks, [0, 1], [{(): F(1, 2), (0, 1): F(-1)}], 2, True)
    # (u - 1/2)(w - 1/2) >= 0: two components (both above or both below a half); no vertex is preferred
    split = {(): F(-1, 4), (0,): F(1, 2), (1,): F(1, 2), (0, 1): F(-1)}
    assert not _monotone(blocks, [0, 1], [split], 2, True)
    assert not _monotone(blocks, [0, 1], [split], 2, False)
