"""The one-pass float route of ``bg.solve`` on two-player games gives the general route's answer.

The general route is :func:`enumeration_solve` on :meth:`Game.normalised`, :func:`transfer` back to the
game and :func:`certify_result`; the one-pass route (:mod:`bargain.solvers.enumeration_fast`) must
return the same equilibria in the same order, with the same components, notes, completeness claim and
evidence -- on generic games and on games full of ties (degenerate games, which it hands to the
general route's component and Nash-subset code).  Independent oracles: quantecon's vertex
enumeration on generic games and the replicator Jacobian's block formula on random profiles.
"""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.solvers import dynamics
from bargain.solvers.enumeration import enumeration_solve
from bargain.solvers.enumeration_fast import one_pass_enumeration, simple_pairs
from bargain.solvers.registry import certify_result, get_solver
from bargain.solvers.result import transfer


def general_route(game: bg.Game) -> bg.Equilibria:
    """What ``bg.solve(game, method='enumeration', exact=False)`` returned before the one-pass route."""
    found = transfer(enumeration_solve(game.normalised(), exact=False), game)
    return certify_result(get_solver("enumeration"), game, found, False, None)


def assert_same(fast: bg.Equilibria, slow: bg.Equilibria) -> None:
    assert len(fast) == len(slow)
    for e, f in zip(fast, slow, strict=True):
        for x, y in zip(e.profile, f.profile, strict=True):
            np.testing.assert_allclose(x, y, rtol=0, atol=1e-12)
        assert e.support == f.support
        assert e.component == f.component
        np.testing.assert_allclose(e.payoffs, f.payoffs, rtol=1e-12, atol=0)
    assert fast.components == slow.components
    assert fast.notes == slow.notes
    assert fast.complete == slow.complete
    assert fast.evidence == slow.evidence


def random_games(seed: int, count: int):
    """Random games of shapes 2x2 to 6x6 (and 1xn): generic (0..10000) and tied (0..2, 0..3) payoffs."""
    rng = np.random.default_rng(seed)
    for t in range(count):
        m, n = (int(v) for v in rng.integers(1, 7, size=2))
        if m == n == 1:
            continue
        hi = (2, 3, 10, 10_000)[t % 4]
        A = rng.integers(0, hi + 1, size=(m, n)).astype(float)
        B = rng.integers(0, hi + 1, size=(m, n)).astype(float)
        if t % 5 == 0:
            A = A * 1e6 - 3.0          # a player with large payoffs: tolerances are per player
        if t % 7 == 0:
            B[:, 0] = B[:, -1]         # equal payoff columns: degenerate vertices
        yield bg.Game.from_matrices(A, B)


@pytest.mark.parametrize("seed", [1, 2])
def test_one_pass_route_equals_general_route(seed):
    degenerate = 0
    for game in random_games(seed, 160):
        fast = certify_result(get_solver("enumeration"), game, one_pass_enumeration(game), False, None)
        slow = general_route(game)
        assert_same(fast, slow)
        degenerate += slow.components_nonisolated()
        assert bg.solve(game, exact=False).notes[1:] == slow.notes      # the registry takes the one-pass route
    assert degenerate > 0       # the tied games did exercise the degenerate hand-over


def test_simple_pairs_refuses_degenerate_polytope():
    # The column player is indifferent between her columns: P has a vertex with an extra label.
    A = np.array([[1.0, 2.0], [2.0, 1.0]])
    B = np.array([[1.0, 1.0], [2.0, 2.0]])
    assert simple_pairs(A, B) is None
    found = simple_pairs(np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([[1.0, 2.0], [2.0, 1.0]]))
    assert found is not None and len(found[0]) == 1        # matching pennies: one mixed equilibrium


@pytest.mark.slow                     # quantecon's numba compilation takes seconds
def test_one_pass_route_agrees_with_quantecon():
    qgt = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(23)
    for size in (2, 3, 4, 5, 6):
        A = rng.integers(0, 10_001, size=(size, size)).astype(float)
        B = rng.integers(0, 10_001, size=(size, size)).astype(float)
        ours = bg.solve(bg.Game.from_matrices(A, B), exact=False)
        theirs = qgt.vertex_enumeration(qgt.NormalFormGame((qgt.Player(A), qgt.Player(B.T))))
        assert len(ours) == len(theirs)
        for x, y in theirs:
            assert any(np.allclose(e.profile[0], x, atol=1e-9) and np.allclose(e.profile[1], y, atol=1e-9)
                       for e in ours)


def test_bimatrix_jacobian_matches_block_formula():
    """The bimatrix Jacobian against the replicator field's derivative by central differences."""
    rng = np.random.default_rng(5)
    A, B = rng.random((3, 4)), rng.random((3, 4))
    game = bg.Game.from_matrices(A, B)
    x, y = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(4))
    J = dynamics._jacobians(game, (x[None, :], y[None, :]))[0]

    def field(z):
        xx, yy = z[:3], z[3:]
        v, w = A @ yy, xx @ B
        return np.concatenate([xx * (v - xx @ v), yy * (w - yy @ w)])

    z, h = np.concatenate([x, y]), 1e-6
    numeric = np.column_stack([(field(z + h * e) - field(z - h * e)) / (2 * h) for e in np.eye(7)])
    np.testing.assert_allclose(J, numeric, atol=1e-8)


def test_options_and_tol_take_the_general_route():
    """With solver options or an explicit tol, bg.solve runs enumeration_solve itself; the answers agree."""
    rng = np.random.default_rng(11)
    game = bg.Game.from_matrices(rng.integers(0, 100, size=(4, 5)).astype(float),
                                 rng.integers(0, 100, size=(4, 5)).astype(float))
    fast = bg.solve(game, exact=False)
    for other in (bg.solve(game, exact=False, tol=1e-6), bg.solve(game, exact=False, vertex_method="hull")):
        assert len(other) == len(fast)
        for e, f in zip(fast, other, strict=True):
            for x, y in zip(e.profile, f.profile, strict=True):
                np.testing.assert_allclose(x, y, atol=1e-12)
        assert other.evidence == fast.evidence
