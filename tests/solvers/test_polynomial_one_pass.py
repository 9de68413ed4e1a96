"""The one-pass float 2x2x2 route of ``bg.solve`` gives the general route's answer, or hands the game on.

The general route is :func:`polynomial_solve` on :meth:`Game.normalised` (reported on the game as given)
and :func:`certify`; the one-pass route (:mod:`bargain.solvers.polynomial.one_pass`) must return the
same equilibria in the same order, with the same notes, completeness claim and evidence, on generic
games at any payoff scale -- and None on games it is unsure of (payoff ties, roots at the edge of the
simplex), which ``bg.solve`` then answers by the general route.  Independent oracles: Gambit's
enumpoly on generic games, and the general replicator Jacobian (:func:`equilibrium_index`) for the
indices.
"""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.completeness import _index_sign, equilibrium_index
from bargain.solvers.polynomial.one_pass import _candidates, one_pass_2x2x2
from bargain.solvers.polynomial.solver import polynomial_solve
from bargain.solvers.registry import certify_result, get_solver


def general_route(game: bg.Game) -> bg.Equilibria:
    """What ``bg.solve(game, method="polynomial")`` returned for a float 2x2x2 game before the one-pass route:
    the solver on the normalised game, reported on ``game``, certified as the registry certifies it (with its
    second route where the index check does not apply)."""
    return certify_result(get_solver("polynomial"), game, polynomial_solve(game.normalised(), report=game),
                          False, None)


def assert_same(fast: bg.Equilibria, slow: bg.Equilibria) -> None:
    assert len(fast) == len(slow)
    for e, f in zip(fast, slow, strict=True):
        for x, y in zip(e.profile, f.profile, strict=True):
            np.testing.assert_allclose(x, y, rtol=0, atol=1e-11)
        assert e.support == f.support
        np.testing.assert_allclose(e.payoffs, f.payoffs, rtol=1e-10, atol=0)
        assert e.regret <= float(np.max(e.game.tolerances))
    assert fast.notes == slow.notes
    assert fast.complete and slow.complete
    assert fast.evidence == slow.evidence


def assert_scale_free(route, arrays) -> None:
    """Each payoff array ``P`` and ``P * 1e307`` (its range overflows a float): ``route`` hands both on or
    answers both, with the index evidence and the same equilibria, and nothing overflows (the checks run
    on payoffs over the largest magnitude).  Shared by the one-pass routes' tests."""
    for P in arrays:
        small, huge = route(bg.Game(P)), route(bg.Game(P * 1e307))
        assert (small is None) == (huge is None)
        if small is None:
            continue
        assert huge.evidence.kind == "index" and len(huge) == len(small)
        for e, f in zip(huge, small, strict=True):
            assert e.support == f.support
            np.testing.assert_allclose(np.concatenate(e.profile), np.concatenate(f.profile), atol=1e-12)


def assert_handed_on(route, arrays) -> None:
    """``route`` returns None on each of these (degenerate) games, and ``bg.solve`` answers as the general
    route does: the same number of equilibria and continua, the same completeness and evidence."""
    for P in arrays:
        game = bg.Game(P)
        assert route(game) is None
        ours, general = bg.solve(game, method="polynomial"), general_route(game)
        assert len(ours) == len(general) and len(ours.continua) == len(general.continua)
        assert ours.complete == general.complete and ours.evidence == general.evidence


def assert_agrees_with_enumpoly(gbt, P: np.ndarray, ours: bg.Equilibria) -> None:
    """Every equilibrium Gambit's ``enumpoly_solve`` finds in the game of payoffs ``P`` is one of ``ours`` (to
    1e-6), and each of ours is an equilibrium by Gambit's own regret (it misses some)."""
    g = gbt.Game.from_arrays(*[P[i] for i in range(P.shape[0])])
    theirs = [np.array([float(eq[s]) for p in g.players for s in p.strategies])
              for eq in gbt.nash.enumpoly_solve(g).equilibria]
    vecs = [np.concatenate(e.profile) for e in ours]
    for t in theirs:
        assert min(np.max(np.abs(t - v)) for v in vecs) <= 1e-6
    for e in ours:
        profile = g.mixed_strategy_profile([[float(x) for x in v] for v in e.profile])
        assert float(profile.max_regret()) <= 1e-9


def games(seed: int, count: int):
    """Uniform, normal at scales 1e-6..1e6 (one player's scaled apart), small-integer (tied) games, and
    players whose payoffs are 1e-295 and 1e300 (the index check runs on the normalised game, where no
    player's scale makes another's eigenvalues look zero)."""
    rng = np.random.default_rng(seed)
    for t in range(count):
        kind = t % 4
        if kind == 0:
            P = rng.random((3, 2, 2, 2))
        elif kind == 1:
            P = rng.normal(size=(3, 2, 2, 2)) * 10.0 ** rng.uniform(-6, 6)
            P[t % 3] *= 1e5
        elif kind == 2:
            P = rng.integers(-3, 4, size=(3, 2, 2, 2)).astype(float)
        else:
            P = rng.uniform(-1, 1, size=(3, 2, 2, 2))
            P[t % 3] *= 1e-295
            P[(t + 1) % 3] *= 1e300
        yield bg.Game(P)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_answer_as_the_general_route(seed):
    fast_count = 0
    for game in games(seed, 300):
        fast = one_pass_2x2x2(game)
        if fast is None:
            continue
        fast_count += 1
        assert_same(fast, general_route(game))
        assert_same(bg.solve(game, method="polynomial"), fast)
    assert fast_count >= 200             # the generic games (three quarters of them) take the fast route


def test_ties_are_handed_to_the_general_route():
    """A tie at a pure profile, a constant player, and a game with a continuum: None, and bg.solve answers
    them as the general route does (the same equilibria, continua, claim and evidence)."""
    rng = np.random.default_rng(7)
    tied = rng.random((3, 2, 2, 2))
    tied[0, 0, 1, 1] = tied[0, 1, 1, 1]                       # player 1 indifferent at one pure profile
    constant = rng.random((3, 2, 2, 2))
    constant[2] = 5.0
    zero = np.zeros((3, 2, 2, 2))
    for P in (tied, constant, zero):
        game = bg.Game(P)
        assert one_pass_2x2x2(game) is None
        ours, general = bg.solve(game, method="polynomial"), general_route(game)
        assert len(ours) == len(general) and len(ours.continua) == len(general.continua)
        for e, f in zip(ours, general, strict=True):
            np.testing.assert_allclose(np.concatenate(e.profile), np.concatenate(f.profile), atol=1e-12)
        assert ours.complete == general.complete and ours.evidence == general.evidence


def test_mixed_root_at_the_edge_is_handed_on():
    """Players 1 and 2 mixing against player 3's first strategy, where player 1's indifference puts
    ``q = -D10 / (D00 - D10)`` within 1e-10 of 1: a root at the edge of the simplex (an equilibrium that is
    about to change support), so the closed form hands the game on; moved inside, it answers."""
    rng = np.random.default_rng(5)
    others = [tuple(rng.uniform(0.2, 1.0, 4) * rng.choice([-1, 1], 4)) for _ in range(2)]
    eps = 1e-10
    at_edge = [(eps / (1 - eps), 0.5, -1.0, 0.7), *others]
    inside = [(0.3, 0.5, -1.0, 0.7), *others]
    assert _candidates(at_edge) is None
    assert _candidates(inside) is not None


def test_payoffs_near_the_float_limit():
    rng = np.random.default_rng(3)
    assert_scale_free(one_pass_2x2x2, [rng.normal(size=(3, 2, 2, 2)) for _ in range(20)])


def test_against_gambit_enumpoly():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(2026)
    for _ in range(40):
        P = rng.random((3, 2, 2, 2))
        ours = one_pass_2x2x2(bg.Game(P))
        assert ours is not None
        assert_agrees_with_enumpoly(gbt, P, ours)


def test_indices_match_the_general_jacobian():
    """Each equilibrium's index from the block formula equals the general replicator Jacobian's."""
    rng = np.random.default_rng(11)
    seen_mixed = 0
    for _ in range(200):
        game = bg.Game(rng.normal(size=(3, 2, 2, 2)))
        fast = one_pass_2x2x2(game)
        if fast is None:
            continue
        indices = [equilibrium_index(game, e.profile) for e in fast]
        assert None not in indices and sum(indices) == 1
        seen_mixed += sum(len(s) == 2 for e in fast for s in e.support)
    assert seen_mixed > 50


def test_index_sign_counts_instead_of_multiplying():
    """sign det(-J) from many small eigenvalues: a product would underflow to 0 and give -1."""
    lam = np.full(400, -1e-3)                 # det(-J) = 1e-1200 > 0
    assert _index_sign(lam, 1e-6) == 1
    lam[0] = 1e-3
    assert _index_sign(lam, 1e-6) == -1
    pair = np.array([1e-3 + 2e-3j, 1e-3 - 2e-3j, -5e-3])
    assert _index_sign(pair, 1.0) == 1        # the pair's product |lambda|^2 > 0, times 5e-3 > 0
    assert _index_sign(np.array([1e-12, -1.0]), 1.0) is None
