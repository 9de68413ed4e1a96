"""The one-pass float route of ``bg.solve`` for 3x2x2 and 3x3x2 games (any order of the players) gives the
general route's answer, or hands the game on.

The general route is :func:`polynomial_solve` on :meth:`Game.normalised` (reported on the game as given)
and the registry's completeness check; the one-pass route (:mod:`bargain.solvers.polynomial.one_pass_3x3x2`)
must return the same equilibria in the same order, with the same completeness claim and evidence, on generic
games at any payoff scale and on games built with several totally mixed equilibria -- and None on games it
is unsure of (payoff ties, three payoff lines through one point), which ``bg.solve`` then answers by the
general route.  Independent oracles: Gambit's enumpoly, the planted equilibria, relabelled games, and the
general replicator Jacobian for the indices.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.completeness import equilibrium_index
from bargain.solvers.polynomial.one_pass_3x3x2 import _det, _quadratic, candidates_small, one_pass_note, one_pass_small
from bargain.solvers.polynomial.one_pass_333_shapes import shapes
from tests.solvers.test_polynomial_one_pass import (
    assert_agrees_with_enumpoly,
    assert_handed_on,
    assert_scale_free,
    general_route,
)
from tests.solvers.test_polynomial_one_pass_2x2x2x2 import assert_route_agrees

SHAPES = [(3, 2, 2), (2, 3, 2), (2, 2, 3), (3, 3, 2), (3, 2, 3), (2, 3, 3)]


def planted(rng: np.random.Generator, dims: tuple[int, ...], points: list[tuple[np.ndarray, ...]]) -> np.ndarray:
    """Payoffs of a game of shape ``dims`` in which each profile in ``points`` (interior mixtures) makes every
    player indifferent among all their strategies: each is a totally mixed equilibrium."""
    P = rng.normal(size=(3, *dims))
    k = len(points)
    for i in range(3):
        j, l_ = [t for t in range(3) if t != i]
        A = np.array([np.outer(x[j], x[l_]).ravel() for x in points])       # (k, d_j d_l): x_j (x) x_l
        own = np.moveaxis(P[i], i, 0).copy()
        for r in range(1, dims[i]):      # own[r] - own[0]: a bilinear form vanishing at every point
            D = np.linalg.svd(A)[2][k:].T @ rng.normal(size=dims[j] * dims[l_] - k)
            own[r] = own[0] + D.reshape(dims[j], dims[l_])
        P[i] = np.moveaxis(own, 0, i)
    return P


def games(dims: tuple[int, ...], seed: int, count: int):
    """Uniform, normal at scales 1e-6..1e6 per player, small-integer games (ties), and games built with two
    totally mixed equilibria."""
    rng = np.random.default_rng(seed)
    for t in range(count):
        kind = t % 4
        if kind == 0:
            P = rng.random((3, *dims))
        elif kind == 1:
            P = rng.normal(size=(3, *dims)) * 10.0 ** rng.uniform(-6, 6, size=(3, 1, 1, 1))
        elif kind == 2:
            P = rng.integers(-3, 4, size=(3, *dims)).astype(float)
        else:
            points = [tuple(rng.dirichlet(np.ones(d)) * 0.9 + 0.1 / d for d in dims) for _ in range(2)]
            P = planted(rng, dims, points)
        yield bg.Game(P)


@pytest.mark.parametrize("dims", SHAPES)
def test_same_answer_as_the_general_route(dims):
    fast_count = interior = 0
    for game in games(dims, sum(dims) * 7 + dims[0], 48):
        fast = one_pass_small(game)
        if not assert_route_agrees(fast, general_route(game), game, one_pass_note(dims)):
            continue
        fast_count += 1
        interior += sum(all(len(s) == d for s, d in zip(e.support, dims, strict=True)) for e in fast) >= 2
    assert fast_count >= 30              # the generic and planted games (three quarters) take the fast route
    assert interior >= 5                 # most planted games, with two totally mixed equilibria


def test_bg_solve_takes_the_route():
    """``bg.solve`` (auto) answers a generic 3x3x2 game by this route, with the auto note first."""
    game = bg.Game(np.random.default_rng(0).random((3, 3, 3, 2)))
    ours = bg.solve(game)
    assert ours.notes[1] == one_pass_note((3, 3, 2)) and ours.complete and ours.evidence.kind == "index"


@pytest.mark.parametrize("dims", [(3, 2, 2), (3, 3, 2)])
def test_relabelled_players_and_strategies_give_the_permuted_answer(dims):
    rng = np.random.default_rng(sum(dims))
    checked = 0
    for _ in range(12):
        P = rng.normal(size=(3, *dims))
        base = one_pass_small(bg.Game(P))
        if base is None:
            continue
        for perm in itertools.permutations(range(3)):
            flips = [rng.permutation(dims[p]) for p in perm]     # the new player n is old player perm[n]
            Q = np.transpose(P[list(perm)], (0, *(1 + p for p in perm)))
            Q = Q[(slice(None), *np.ix_(*flips))]
            moved = one_pass_small(bg.Game(Q))
            assert moved is not None and len(moved) == len(base)
            relabelled = [np.concatenate([e.profile[p][f] for p, f in zip(perm, flips, strict=True)]) for e in base]
            expected = sorted(tuple(np.round(v, 9)) for v in relabelled)
            got = sorted(tuple(np.round(np.concatenate(e.profile), 9)) for e in moved)
            np.testing.assert_allclose(np.array(got), np.array(expected), atol=2e-9)
            checked += 1
    assert checked >= 6 * 8


def test_ties_and_degenerate_games_are_handed_on():
    """A tie at a pure profile, a constant player, three payoff lines through one point, all zeros: None, and
    bg.solve answers as the general route does."""
    rng = np.random.default_rng(7)
    tied = rng.random((3, 3, 2, 2))
    tied[1, 0, 1, 1] = tied[1, 0, 0, 1]                       # player 2 indifferent at one pure profile
    constant = rng.random((3, 3, 3, 2))
    constant[2] = 2.0
    triple = rng.random((3, 3, 2, 2))
    # player 1's three strategies against player 2 mixing half and half, player 3 at 0: equal payoffs
    triple[0, :, 0, 0] = [0.2, 0.5, 0.8]
    triple[0, :, 1, 0] = [0.8, 0.5, 0.2]
    assert_handed_on(one_pass_small, (tied, constant, triple, np.zeros((3, 2, 3, 2))))


def test_other_shapes_are_not_taken():
    for dims in ((2, 2, 2), (3, 3, 3), (4, 2, 2), (2, 2), (2, 2, 2, 3), (1, 3, 2)):
        assert one_pass_small(bg.Game(np.random.default_rng(1).random((len(dims), *dims)))) is None


def test_against_gambit_enumpoly():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(2026)
    fast = 0
    for dims in ((3, 2, 2), (2, 3, 3)):
        for _ in range(20):
            P = rng.random((3, *dims))
            ours = one_pass_small(bg.Game(P))
            if ours is None:
                continue
            fast += 1
            assert_agrees_with_enumpoly(gbt, P, ours)
    assert fast >= 36


@pytest.mark.parametrize("dims", [(3, 2, 2), (3, 3, 2)])
def test_indices_match_the_general_jacobian(dims):
    """Each equilibrium's index from the general replicator Jacobian sums to +1, over supports of every shape."""
    rng = np.random.default_rng(11)
    shapes_seen = set()
    for _ in range(60):
        game = bg.Game(rng.normal(size=(3, *dims)))
        fast = one_pass_small(game)
        if fast is None:
            continue
        indices = [equilibrium_index(game, e.profile) for e in fast]
        assert None not in indices and sum(indices) == 1
        shapes_seen |= {tuple(len(s) for s in e.support) for e in fast}
    wanted = {(1, 1, 1), (1, 2, 2), (2, 1, 2), (2, 2, 1), (2, 2, 2), (3, 2, 2)}
    if dims == (3, 3, 2):
        wanted |= {(3, 3, 1), (3, 3, 2), (2, 3, 2)}
    assert wanted <= shapes_seen


def test_planted_totally_mixed_equilibria_are_found():
    rng = np.random.default_rng(4)
    seen = 0
    for dims in ((3, 2, 2), (2, 3, 3)):
        for _ in range(8):
            points = [tuple(rng.dirichlet(np.ones(d)) * 0.9 + 0.1 / d for d in dims) for _ in range(2)]
            game = bg.Game(planted(rng, dims, points))
            P = np.zeros((3, 3, 3, 3))
            P[:, :dims[0], :dims[1], :dims[2]] = game.normalised().payoffs
            found = candidates_small(P.reshape(3, 27), dims)
            if found is None:
                continue
            seen += 1
            for x in points:
                flat = np.zeros((3, 3))
                for i, xi in enumerate(x):
                    flat[i, :dims[i]] = xi
                assert min(np.max(np.abs(y - flat)) for y in found) <= 1e-9
    assert seen >= 12


def test_scalar_helpers():
    """The determinant against numpy's, and the quadratic's doubt: a double root, a drop in degree, a root at
    the edge, a complex pair near [0, 1]."""
    rng = np.random.default_rng(3)
    for n in (1, 3, 4, 5):
        M = rng.normal(size=(n, n))
        assert _det(M.tolist()) == pytest.approx(np.linalg.det(M), rel=1e-12)
    assert _det([[0.0, 1.0], [0.0, 2.0]]) == 0.0
    assert _quadratic(0.25, -1.0, 1.0) is None                  # (p - 1/2)^2
    assert _quadratic(0.3, -1.0, 1e-14) is None                 # not of full degree
    assert _quadratic(0.0, -1.0, 2.0) is None                   # a root at 0
    assert _quadratic(0.25 + 1e-14, -1.0, 1.0) is None          # a complex pair next to 1/2
    assert _quadratic(2.0, -3.0, 1.0) is None                   # roots 1 and 2: one at the edge
    assert _quadratic(0.03, -0.4, 1.0) == pytest.approx([0.3, 0.1])
    assert _quadratic(1.0, 0.0, 1.0) == []                      # far from the real segment


def test_payoffs_near_the_float_limit():
    rng = np.random.default_rng(3)
    arrays = [rng.normal(size=(3, *dims)) for dims in ((3, 2, 2), (2, 3, 3)) for _ in range(4)]
    assert_scale_free(one_pass_small, arrays)


def test_shapes_of_smaller_games_and_their_scalar_differences():
    """shapes(dims) has only supports within each player's strategies, counted as the support profiles are;
    Shape.differences gives, in floats, what Shape.coefficients gives as arrays."""
    rng = np.random.default_rng(9)
    P = rng.random((3, 27))
    for dims in SHAPES:
        sh = shapes(dims)
        mixed_two = sum(len(s.supports) for name, s in sh.items() if name in ("pair2", "pair3"))
        pure_third = {(i, j): dims[3 - i - j] for i, j in ((0, 1), (0, 2), (1, 2))}
        assert mixed_two == sum(k * (3 if dims[i] == 3 else 1) * (3 if dims[j] == 3 else 1)
                                + k * (dims[i] == dims[j] == 3) for (i, j), k in pure_third.items())
        for shape in sh.values():
            assert all(max(S[p]) < dims[p] for S in shape.supports for p in range(3))
            for flat, array in zip(shape.differences(P.tolist()), shape.coefficients(P), strict=True):
                np.testing.assert_array_equal(np.array(flat), array.reshape(len(shape.supports), -1))
