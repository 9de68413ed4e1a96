"""The one-pass float 2x2x2x2 route of ``bg.solve`` gives the general route's answer, or hands the game on.

The general route is :func:`polynomial_solve` on :meth:`Game.normalised` (reported on the game as given)
and the registry's completeness check; the one-pass route
(:mod:`bargain.solvers.polynomial.one_pass_2x2x2x2`) must return the same equilibria in the same order,
with the same completeness claim and evidence (its notes say what it did, then the evidence sentence the
general route ends with), on generic games at any payoff scale and on games built with several totally
mixed equilibria -- and None on games it is unsure of (payoff ties, roots at the edge of the simplex),
which ``bg.solve`` then answers by the general route.  Independent oracles: Gambit's enumpoly, the planted
equilibria, and the general replicator Jacobian (:func:`equilibrium_index`) for the indices.
"""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.completeness import equilibrium_index
from bargain.solvers.polynomial.one_pass import scaled_payoffs
from bargain.solvers.polynomial.one_pass_2x2x2x2 import (
    ONE_PASS_NOTE,
    _four_mixers,
    _monomials,
    candidates,
    one_pass_2x2x2x2,
)
from tests.solvers.test_polynomial_one_pass import assert_agrees_with_enumpoly, assert_scale_free, general_route


def assert_same(fast: bg.Equilibria, slow: bg.Equilibria) -> None:
    assert len(fast) == len(slow)
    for e, f in zip(fast, slow, strict=True):
        for x, y in zip(e.profile, f.profile, strict=True):
            np.testing.assert_allclose(x, y, rtol=0, atol=1e-9)
        assert e.support == f.support
        # a payoff near 0 is compared on its player's scale (its relative error is rounding there)
        np.testing.assert_allclose(e.payoffs, f.payoffs, rtol=1e-9, atol=1e-12 * float(np.max(np.abs(e.game.payoffs))))
        assert e.regret <= float(np.max(e.game.tolerances))
    assert fast.notes[-1] == slow.notes[-1]
    assert fast.complete and slow.complete
    assert fast.evidence == slow.evidence


def assert_route_agrees(fast: bg.Equilibria | None, slow: bg.Equilibria, game: bg.Game, note: str) -> bool:
    """A one-pass route's answer ``fast`` (None: handed on) against the general route's ``slow``: handed on,
    ``bg.solve`` answers as the general route does; else the same equilibria, note and evidence, and
    ``bg.solve`` gives the route's answer.  Returns whether the route answered."""
    if fast is None:
        ours = bg.solve(game, method="polynomial")        # handed on: the general route's answer
        assert len(ours) == len(slow) and ours.evidence == slow.evidence
        return False
    assert list(fast.notes) == [note, fast.evidence.detail]
    assert_same(fast, slow)
    assert_same(bg.solve(game, method="polynomial"), fast)
    return True


def planted(rng: np.random.Generator, points: np.ndarray) -> np.ndarray:
    """Payoffs of a 2x2x2x2 game whose four payoff differences all vanish at each interior profile in
    ``points`` (rows: each player's probability of their first strategy), so each is a totally mixed
    equilibrium; otherwise random (each player's differences a random combination of those vanishing there)."""
    P = rng.normal(size=(4, 2, 2, 2, 2))
    k = len(points)
    for i in range(4):
        others = [j for j in range(4) if j != i]
        A = np.array([[u ** a * v ** b * w ** c for a in (0, 1) for b in (0, 1) for c in (0, 1)]
                      for u, v, w in points[:, others]])
        m = np.linalg.svd(A)[2][k:].T @ rng.normal(size=8 - k)     # Delta_i's monomial coefficients
        # Delta_i at the opponents' pure profiles (0 = first strategy: probability 1)
        D = np.array([sum(m[4 * a + 2 * b + c] * (1 - t0) ** a * (1 - t1) ** b * (1 - t2) ** c
                          for a in (0, 1) for b in (0, 1) for c in (0, 1))
                      for t0 in (0, 1) for t1 in (0, 1) for t2 in (0, 1)]).reshape(2, 2, 2)
        own = np.moveaxis(P[i], i, 0)
        own[0] = own[1] + D
        P[i] = np.moveaxis(own, 0, i)
    return P


def games(seed: int, count: int):
    """Uniform, normal at scales 1e-6..1e6 with one player's scaled apart, small-integer games (ties), and
    games built with 2 to 4 totally mixed equilibria."""
    rng = np.random.default_rng(seed)
    for t in range(count):
        kind = t % 4
        if kind == 0:
            P = rng.random((4, 2, 2, 2, 2))
        elif kind == 1:
            P = rng.normal(size=(4, 2, 2, 2, 2)) * 10.0 ** rng.uniform(-6, 6)
            P[t % 4] *= 10.0 ** rng.choice([-5, 5])
        elif kind == 2:
            P = rng.integers(-3, 4, size=(4, 2, 2, 2, 2)).astype(float)
        else:
            P = planted(rng, rng.uniform(0.05, 0.95, size=(2 + t % 3, 4)))
        yield bg.Game(P)


@pytest.mark.parametrize("seed", [1, 2])
def test_same_answer_as_the_general_route(seed):
    fast_count = interior = 0
    for game in games(seed, 120):
        fast = one_pass_2x2x2x2(game)
        if not assert_route_agrees(fast, general_route(game), game, ONE_PASS_NOTE):
            continue
        fast_count += 1
        interior += sum(all(len(s) == 2 for s in e.support) for e in fast) >= 2
    assert fast_count >= 85              # the generic and planted games (three quarters) take the fast route
    assert interior >= 25                # most planted games, with two or more totally mixed equilibria


def test_planted_totally_mixed_equilibria_are_found():
    """Seven planted totally mixed equilibria (as many as the differences' 8 coefficients allow) among the
    resultant's solutions: the elimination to degree 9 loses none.  With 7 to 9 roots in [0, 1] some are
    clustered too closely for float arithmetic to separate, and those games are handed on."""
    rng = np.random.default_rng(4)
    seen = 0
    for _ in range(20):
        points = rng.uniform(0.05, 0.95, size=(7, 4))
        scaled = scaled_payoffs(bg.Game(planted(rng, points)))
        found = _four_mixers([_monomials(D) for D in scaled[3]])
        if found is None:
            continue                     # a root in doubt: handed on
        seen += 1
        assert 7 <= len(found) <= 9
        for x in points:
            assert min(np.max(np.abs(np.array(y) - x)) for y in found) <= 1e-9
    assert seen >= 10


def test_ties_and_edges_are_handed_on():
    """A tie at a pure profile, a constant player, a two-mixer root within 1e-10 of the edge, and a game whose
    differences vanish identically: None, and bg.solve answers as the general route does."""
    rng = np.random.default_rng(7)
    tied = rng.random((4, 2, 2, 2, 2))
    tied[1, 0, 0, 1, 1] = tied[1, 0, 1, 1, 1]                  # player 2 indifferent at one pure profile
    constant = rng.random((4, 2, 2, 2, 2))
    constant[3] = 2.0
    edge = rng.random((4, 2, 2, 2, 2))
    # player 1 against (q, first, first): Delta_1 = D(first) q + D(second) (1 - q) = 0 at q = 1e-10
    d_second = 1e-10 * 0.5 / (1 - 1e-10)
    edge[0, :, 1, 0, 0] = [0.5 + d_second, 0.5]
    edge[0, :, 0, 0, 0] = [0.2, 0.7]
    for P in (tied, constant, edge, np.zeros((4, 2, 2, 2, 2))):
        game = bg.Game(P)
        assert one_pass_2x2x2x2(game) is None
        ours, general = bg.solve(game, method="polynomial"), general_route(game)
        assert len(ours) == len(general) and len(ours.continua) == len(general.continua)
        assert ours.complete == general.complete and ours.evidence == general.evidence


def test_against_gambit_enumpoly():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(2026)
    for _ in range(40):
        P = rng.random((4, 2, 2, 2, 2))
        ours = one_pass_2x2x2x2(bg.Game(P))
        assert ours is not None
        assert_agrees_with_enumpoly(gbt, P, ours)


def test_indices_match_the_general_jacobian():
    """Each equilibrium's index from the blocks of the replicator Jacobian equals the general one's."""
    rng = np.random.default_rng(11)
    mixers = set()
    for _ in range(60):
        game = bg.Game(rng.normal(size=(4, 2, 2, 2, 2)))
        fast = one_pass_2x2x2x2(game)
        if fast is None:
            continue
        indices = [equilibrium_index(game, e.profile) for e in fast]
        assert None not in indices and sum(indices) == 1
        mixers |= {sum(len(s) == 2 for s in e.support) for e in fast}
    assert {0, 2, 3, 4} <= mixers


def test_payoffs_near_the_float_limit():
    rng = np.random.default_rng(3)
    assert_scale_free(one_pass_2x2x2x2, [rng.normal(size=(4, 2, 2, 2, 2)) for _ in range(10)])


def test_candidates_of_a_degenerate_totally_mixed_system():
    """Every player's difference zero wherever one player mixes half and half: a curve of totally mixed
    solutions, which the resultant cannot list (it vanishes identically): None."""
    # each Delta_i = (x_k - 1/2) g with k player i's first opponent: vanishes where x_k = 1/2
    delta = tuple((0.5 if t[0] == 0 else -0.5) * (1.0 + 0.1 * (t[1] + 2 * t[2])) for t in np.ndindex(2, 2, 2))
    unit = [delta] * 4
    assert candidates(unit, [_monomials(D) for D in unit]) is None
