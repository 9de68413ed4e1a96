"""The one-pass float 3x3x3 route of ``bg.solve`` gives the general route's answer, or hands the game on.

The general route is :func:`polynomial_solve` on :meth:`Game.normalised` (reported on the game as given)
and the registry's completeness check; the one-pass route
(:mod:`bargain.solvers.polynomial.one_pass_3x3x3`) must return the same equilibria in the same order,
with the same completeness claim and evidence, on generic games at any payoff scale and on games built
with several totally mixed equilibria -- and None on games it is unsure of (payoff ties, three payoff
lines through one point), which ``bg.solve`` then answers by the general route.  Independent oracles:
Gambit's enumpoly, the planted equilibria, and the general replicator Jacobian for the indices.
"""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.completeness import equilibrium_index
from bargain.solvers.polynomial.one_pass_3x3x3 import ONE_PASS_NOTE_333, candidates_333, one_pass_3x3x3
from bargain.solvers.polynomial.one_pass_333_shapes import hidden_two, real_roots, shapes, two_two_three
from tests.solvers.test_polynomial_one_pass import (
    assert_agrees_with_enumpoly,
    assert_handed_on,
    assert_scale_free,
    general_route,
)
from tests.solvers.test_polynomial_one_pass_2x2x2x2 import assert_route_agrees


def planted(rng: np.random.Generator, points: np.ndarray) -> np.ndarray:
    """Payoffs of a 3x3x3 game in which each profile in ``points`` (shape ``(k, 3, 3)``, interior mixtures)
    makes every player indifferent among their three strategies: each is a totally mixed equilibrium."""
    P = rng.normal(size=(3, 3, 3, 3))
    k = len(points)
    for i in range(3):
        j, l_ = [t for t in range(3) if t != i]
        A = np.array([np.outer(x[j], x[l_]).ravel() for x in points])      # (k, 9): x_j (x) x_l
        own = np.moveaxis(P[i], i, 0)
        for r in (1, 2):                 # own[r] - own[0]: a bilinear form vanishing at every point
            D = np.linalg.svd(A)[2][k:].T @ rng.normal(size=9 - k)
            own[r] = own[0] + D.reshape(3, 3)
        P[i] = np.moveaxis(own, 0, i)
    return P


def games(seed: int, count: int):
    """Uniform, normal at scales 1e-6..1e6 with one player's scaled apart, small-integer games (ties), and
    games built with 2 to 4 totally mixed equilibria."""
    rng = np.random.default_rng(seed)
    for t in range(count):
        kind = t % 4
        if kind == 0:
            P = rng.random((3, 3, 3, 3))
        elif kind == 1:
            P = rng.normal(size=(3, 3, 3, 3)) * 10.0 ** rng.uniform(-6, 6)
            P[t % 3] *= 10.0 ** rng.choice([-5, 5])
        elif kind == 2:
            P = rng.integers(-3, 4, size=(3, 3, 3, 3)).astype(float)
        else:
            P = planted(rng, rng.dirichlet(np.ones(3), size=(2 + t % 3, 3)) * 0.9 + 0.1 / 3)
        yield bg.Game(P)


@pytest.mark.parametrize("seed", [1, 2])
def test_same_answer_as_the_general_route(seed):
    fast_count = interior = 0
    for game in games(seed, 60):
        fast = one_pass_3x3x3(game)
        if not assert_route_agrees(fast, general_route(game), game, ONE_PASS_NOTE_333):
            continue
        fast_count += 1
        interior += sum(all(len(s) == 3 for s in e.support) for e in fast) >= 2
    assert fast_count >= 40              # the generic and planted games (three quarters) take the fast route
    assert interior >= 8                 # most planted games, with two or more totally mixed equilibria


def test_ties_and_degenerate_games_are_handed_on():
    """A tie at a pure profile, a constant player, three payoff lines through one point, all zeros: None, and
    bg.solve answers as the general route does."""
    rng = np.random.default_rng(7)
    tied = rng.random((3, 3, 3, 3))
    tied[1, 0, 2, 1] = tied[1, 0, 0, 1]                       # player 2 indifferent at one pure profile
    constant = rng.random((3, 3, 3, 3))
    constant[2] = 2.0
    triple = rng.random((3, 3, 3, 3))
    # player 1's three strategies against player 2 mixing (0, 1) half and half, player 3 at 0: equal payoffs
    triple[0, :, 0, 0] = [0.2, 0.5, 0.8]
    triple[0, :, 1, 0] = [0.8, 0.5, 0.2]
    assert_handed_on(one_pass_3x3x3, (tied, constant, triple, np.zeros((3, 3, 3, 3))))


def test_against_gambit_enumpoly():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(2026)
    fast = 0
    for _ in range(40):
        P = rng.random((3, 3, 3, 3))
        ours = one_pass_3x3x3(bg.Game(P))
        if ours is None:
            continue
        fast += 1
        assert_agrees_with_enumpoly(gbt, P, ours)
    assert fast >= 36


def test_indices_match_the_general_jacobian():
    """Each equilibrium's index from the general replicator Jacobian sums to +1, over supports of every
    shape."""
    rng = np.random.default_rng(11)
    shapes_seen = set()
    for _ in range(40):
        game = bg.Game(rng.normal(size=(3, 3, 3, 3)))
        fast = one_pass_3x3x3(game)
        if fast is None:
            continue
        indices = [equilibrium_index(game, e.profile) for e in fast]
        assert None not in indices and sum(indices) == 1
        shapes_seen |= {tuple(sorted(len(s) for s in e.support)) for e in fast}
    assert {(1, 1, 1), (1, 2, 2), (2, 2, 2), (2, 2, 3), (2, 3, 3)} <= shapes_seen


def test_planted_totally_mixed_equilibria_are_found():
    """Four planted totally mixed equilibria are all among the candidates (the 10-solution count of the
    resultant loses none)."""
    rng = np.random.default_rng(4)
    seen = 0
    for _ in range(10):
        points = rng.dirichlet(np.ones(3), size=(4, 3)) * 0.9 + 0.1 / 3
        P = planted(rng, points)
        game = bg.Game(P)
        found = candidates_333(game.normalised().payoffs.reshape(3, 27))
        if found is None:
            continue
        seen += 1
        for x in points:
            assert min(np.max(np.abs(y - x)) for y in found) <= 1e-9
    assert seen >= 7


def test_stacked_solvers_take_a_batch_axis():
    """The shape solvers on a stack of games give, game by game, what they give on each game."""
    rng = np.random.default_rng(5)
    P = rng.random((4, 3, 27))
    sh = shapes()
    for name, solver in (("222", hidden_two), ("233", hidden_two)):
        batch = solver(*sh[name].coefficients(P))
        assert batch.shape == (4, len(sh[name].supports), 3 if name == "222" else 5)
        for b in range(4):
            np.testing.assert_allclose(batch[b], solver(*sh[name].coefficients(P[b])), rtol=1e-13)
    batch = two_two_three(sh["223"].coefficients(P)[0])
    roots, full = real_roots(batch)
    assert roots.shape == (4, 27, 2) and full.shape == (4, 27)
    for b in range(4):
        np.testing.assert_allclose(batch[b], two_two_three(sh["223"].coefficients(P[b])[0]), rtol=1e-13)


def test_payoffs_near_the_float_limit():
    rng = np.random.default_rng(3)
    assert_scale_free(one_pass_3x3x3, [rng.normal(size=(3, 3, 3, 3)) for _ in range(6)])
