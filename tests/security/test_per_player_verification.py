"""Issue items 6 and 7: verification is player by player, and payoffs near the float limit never
produce a wrong answer.

The property: Nash equilibria do not change when one player's payoffs are multiplied by a positive
number, so scaling each player's payoffs independently over 1e-6..1e12 must give the same
equilibria, each with every player's regret within 1e-9 of *their own* payoff range (checked here
with numpy, not with bargain's verifier).  Under a single tolerance scaled to the whole game, a
player with huge payoffs hid the others' regrets.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bargain as bg
from bargain.errors import VerificationError
from bargain.io.nfg import parse_nfg
from bargain.solvers.result import make_equilibrium


def _regrets(payoffs: np.ndarray, profile: tuple[np.ndarray, ...]) -> np.ndarray:
    """Each player's regret, by explicit contraction over every pure profile (independent of bargain)."""
    n = payoffs.shape[0]
    out = []
    for i in range(n):
        u = np.moveaxis(payoffs[i], i, 0)
        others = [profile[j] for j in range(n) if j != i]
        v = u
        for x in reversed(others):
            v = v @ x
        out.append(float(v.max() - v @ profile[i]))
    return np.array(out)


def _assert_verified(game: bg.Game, eqs: bg.Equilibria, rel: float = 1e-8) -> None:
    mag = np.abs(game.payoffs).reshape(game.n_players, -1).max(axis=1)
    u = game.payoffs / mag.reshape((-1,) + (1,) * game.n_players)        # no overflow near 1e308
    spread = np.array([np.ptp(u[i]) for i in range(game.n_players)])
    for eq in eqs:
        r = _regrets(u, eq.profile)
        assert np.all(r <= rel * spread + 1e-12), (r * mag, spread * mag)


def _profiles(eqs: bg.Equilibria) -> list[tuple[float, ...]]:
    return sorted(tuple(np.round(np.concatenate(e.profile), 6)) for e in eqs)


def test_huge_player_does_not_hide_the_others_regret() -> None:
    """The issue's 3x3x2 case: P1 near 1e14, P2 and P3 in 0..999."""
    rng = np.random.default_rng(14)
    U = np.empty((3, 3, 3, 2))
    U[0] = rng.integers(0, 1000, (3, 3, 2)) * 1e11 + 1e14
    U[1:] = rng.integers(0, 1000, (2, 3, 3, 2))
    big = bg.solve(bg.Game(U))
    small = bg.solve(bg.Game(np.concatenate([U[:1] / 1e11, U[1:]])))
    _assert_verified(bg.Game(U), big)
    assert _profiles(big) == _profiles(small)
    assert all(np.all(np.abs(e.payoffs[1:]) > 0) for e in big)        # u(P2), u(P3) are not shown as 0


def test_verifier_rejects_a_small_players_regret() -> None:
    g = bg.Game.from_matrices([[1e12, 0], [0, 1e12]], [[1, 0], [1, 0]])   # column strategy 1 strictly dominant
    with pytest.raises(VerificationError, match=r"P2's regret 0\.5"):
        make_equilibrium(g, [np.array([0.5, 0.5]), np.array([0.5, 0.5])], "test")
    assert not g.is_nash([np.array([0.5, 0.5]), np.array([0.5, 0.5])])
    assert list(g.tolerances) == pytest.approx([1e-9 * 1e12 + 64 * 2.22e-16 * 1e12, 1e-9 + 64 * 2.22e-16], rel=1e-2)


def test_qre_reports_no_false_equilibrium() -> None:
    text = 'NFG 1 R "s" { "P1" "P2" } { 2 2 } "" 1000000000000 1 0 1 0 0 1000000000000 0'
    g = parse_nfg(text).game
    eqs = bg.solve(g, method="qre")
    _assert_verified(g, eqs)
    for eq in eqs:                      # only the pure equilibrium (1, 1) exists
        assert eq.profile[1][0] == pytest.approx(1.0)


@pytest.mark.parametrize("big", [1e308, 1.7e308, 1e300])
def test_payoffs_near_the_float_limit(big: float) -> None:
    g = bg.Game.from_matrices([[big, -big], [-big, big]], [[-big, big], [big, -big]])
    for method in ("auto", "enumeration", "lemke-howson", "polynomial"):
        eqs = bg.solve(g, method=method)
        assert len(eqs) == 1, method
        assert np.allclose(np.concatenate(eqs[0].profile), 0.5)
    assert np.all(np.isfinite(g.tolerances))
    three = bg.Game(np.stack([np.where(np.indices((2, 2, 2)).sum(0) % 2, big, -big)] * 3))
    eqs = bg.solve(three)
    assert len(eqs) >= 1
    _assert_verified(three, eqs)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(2, 2), (3, 3), (2, 4), (2, 2, 2), (3, 2, 2)]),
       exponents=st.lists(st.floats(-6, 12), min_size=3, max_size=3))
def test_scaling_each_player_independently_keeps_the_equilibria(seed: int, shape: tuple[int, ...],
                                                                 exponents: list[float]) -> None:
    rng = np.random.default_rng(seed)
    n = len(shape)
    base = rng.integers(-9, 10, (n, *shape)).astype(float)
    scales = 10.0 ** np.array(exponents[:n])
    scaled = base * scales.reshape((n,) + (1,) * n)
    ref = bg.solve(bg.Game(base))
    got = bg.solve(bg.Game(scaled))
    _assert_verified(bg.Game(scaled), got)
    assert _profiles(got) == _profiles(ref)
    assert got.complete == ref.complete


def test_the_second_route_of_the_completeness_check_keeps_per_player_tolerances() -> None:
    """The independent route (players reversed, homotopy) solved the raw game and mapped its answers back
    under a tolerance taken from their own largest regret: with P1 near 1e14 it listed 31 pure
    "equilibria" in which P2 or P3 forgo up to 900 of a 0..999 range.  Every answer must now verify
    player by player (checked here with numpy), and agree with the main route."""
    from bargain.solvers.polynomial.solver import independent_route

    rng = np.random.default_rng(14)
    U = np.empty((3, 3, 3, 2))
    U[0] = rng.integers(0, 1000, (3, 3, 2)) * 1e11 + 1e14
    U[1:] = rng.integers(0, 1000, (2, 3, 3, 2))
    game = bg.Game(U)
    second = independent_route(game, False, None)
    _assert_verified(game, second)
    assert _profiles(second) == _profiles(bg.solve(game))


@pytest.mark.parametrize("n", [2, 4, 5, 8])
@pytest.mark.parametrize("big", [1e-300, 1e307, 1.7e308])
def test_two_player_index_at_the_ends_of_the_float_range(n: int, big: float) -> None:
    # the index evidence of 4x4 games at 1e307 raised LinAlgError (an overflowed support block), and
    # products of payoff differences warned of overflow: the same equilibria and the same evidence as
    # the game at unit scale, with no warning
    import warnings

    rng = np.random.default_rng(n)
    for _ in range(4):
        A, B = rng.uniform(-1, 1, (2, n, n))
        ref = bg.solve(bg.Game.from_matrices(A, B))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            got = bg.solve(bg.Game.from_matrices(A * big, B * big))
        assert len(got) == len(ref) and got.complete == ref.complete
        assert got.evidence == ref.evidence
        for e, f in zip(got, ref, strict=True):
            assert np.allclose(np.concatenate(e.profile), np.concatenate(f.profile), atol=1e-9)
