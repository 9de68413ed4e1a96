"""Cross-checks of two-player enumeration against Gambit, nashpy and quantecon on seeded random games.

* Gambit's exact ``enummixed`` (rational) is the oracle for *every* game, generic and degenerate:
  on degenerate games it lists the extreme equilibria, as we do.  Our exact answer must be the same
  set of rationals, and our float answer the same set within 1e-9.
* nashpy (support and vertex enumeration) and quantecon (vertex enumeration) assume
  nondegenerate games, so they are used on generic games (payoffs 0..10000) only.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.testing import assert_equilibria_contain, assert_equilibria_equal

pygambit = pytest.importorskip("pygambit")

SIZES_DEFAULT = (2, 7)     # strategy counts drawn from [2, 7)
GENERIC_HI, DEGENERATE_HI = 10_000, 2


def random_games(seed: int, count: int, sizes: tuple[int, int], hi: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        m, n = rng.integers(*sizes, size=2)
        out.append((rng.integers(0, hi + 1, size=(m, n)), rng.integers(0, hi + 1, size=(m, n))))
    return out


def gambit_extreme_equilibria(A: np.ndarray, B: np.ndarray) -> set[tuple[tuple[Fraction, ...], ...]]:
    g = pygambit.Game.from_arrays([[int(v) for v in r] for r in A], [[int(v) for v in r] for r in B])
    res = pygambit.nash.enummixed_solve(g, rational=True)
    return {tuple(tuple(Fraction(str(e[s])) for s in p.strategies) for p in g.players) for e in res.equilibria}


def ours_exact(A, B) -> set[tuple[tuple[Fraction, ...], ...]]:
    eqs = bg.solve(bg.Game.from_matrices(A, B), method="enumeration")
    assert eqs.method == "enumeration" and all(e.is_exact and e.regret == 0 for e in eqs)
    return {tuple(tuple(x) for x in e.exact_profile) for e in eqs}


def ours_float(A, B) -> bg.Equilibria:
    eqs = bg.solve(bg.Game.from_matrices(np.asarray(A, dtype=float), np.asarray(B, dtype=float)),
                   method="enumeration")
    assert not any(e.is_exact for e in eqs)
    return eqs


def as_float(exact_set) -> list[tuple[np.ndarray, ...]]:
    return [tuple(np.array([float(v) for v in x]) for x in prof) for prof in exact_set]


def check_against_gambit(games) -> None:
    for A, B in games:
        want = gambit_extreme_equilibria(A, B)
        assert ours_exact(A, B) == want, (A.tolist(), B.tolist())
        assert_equilibria_equal(ours_float(A, B), as_float(want))


@pytest.mark.slow
def test_gambit_generic_games():
    check_against_gambit(random_games(101, 100, SIZES_DEFAULT, GENERIC_HI))


@pytest.mark.slow
def test_gambit_degenerate_games():
    check_against_gambit(random_games(202, 100, SIZES_DEFAULT, DEGENERATE_HI))


def test_gambit_degenerate_games_with_a_single_strategy_and_ties():
    rng = np.random.default_rng(303)
    games = []
    for _ in range(30):
        m, n = rng.integers(1, 5, size=2)
        games.append((rng.integers(0, 2, size=(m, n)), rng.integers(0, 2, size=(m, n))))
    check_against_gambit(games)


def test_gambit_exact_games_with_near_ties():
    # Integer payoffs 0..2 plus 0, 1 or 2 times 1e-12: float arithmetic sees ties that are not there,
    # so exact mode must split merged float vertices into the exact ones.
    rng = np.random.default_rng(808)
    eps = Fraction(1, 10**12)
    for _ in range(25):
        m, n = rng.integers(2, 5, size=2)
        A, B = (np.array([[Fraction(int(v)) + eps * int(rng.integers(0, 3)) for v in row]
                          for row in rng.integers(0, 3, size=(m, n))], dtype=object) for _ in range(2))
        g = pygambit.Game.from_arrays(A.tolist(), B.tolist())
        res = pygambit.nash.enummixed_solve(g, rational=True)
        want = {tuple(tuple(Fraction(str(e[s])) for s in p.strategies) for p in g.players) for e in res.equilibria}
        assert ours_exact(A, B) == want, (A.tolist(), B.tolist())


@pytest.mark.slow
def test_gambit_larger_games():
    check_against_gambit(random_games(404, 6, (7, 9), GENERIC_HI))
    check_against_gambit(random_games(505, 5, (7, 8), DEGENERATE_HI))


def test_nashpy_support_and_vertex_enumeration_generic():
    nash = pytest.importorskip("nashpy")
    for A, B in random_games(606, 25, (2, 5), GENERIC_HI):
        g = nash.Game(A.astype(float), B.astype(float))
        ours = ours_float(A, B)
        # nashpy's support enumeration drops equilibria whose solve returns a -1e-17 probability
        # (see the test below), so it can only be a lower bound; its vertex enumeration is exact here.
        assert_equilibria_contain(ours, list(g.support_enumeration()))
        assert_equilibria_equal(ours, list(g.vertex_enumeration()))


def test_equilibrium_that_sloppy_support_enumeration_can_miss():
    # A generic game (found by the sweep above) whose mixed equilibrium nashpy's support enumeration
    # rejected under some numpy/BLAS builds, because a probability came back as -3.9e-17 (whether it
    # does depends on the floating-point library). Gambit, nashpy's vertex enumeration and we all
    # list three equilibria; nashpy's support enumeration can only be a subset of them.
    nash = pytest.importorskip("nashpy")
    A = np.array([[4520, 7315, 6989, 269], [531, 4360, 5308, 965], [4054, 445, 230, 3334], [5683, 6916, 7849, 1734]])
    B = np.array([[2066, 8360, 4563, 5429], [8145, 2952, 5309, 3727], [3959, 3653, 3127, 5114],
                  [698, 5331, 5945, 9484]])
    want = gambit_extreme_equilibria(A, B)
    assert len(want) == 3 and ours_exact(A, B) == want
    assert_equilibria_equal(ours_float(A, B), as_float(want))
    mixed = (Fraction(4153, 7084), Fraction(0), Fraction(0), Fraction(2931, 7084))
    assert any(prof[0] == mixed for prof in want)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        support = list(nash.Game(A.astype(float), B.astype(float)).support_enumeration())
    assert 2 <= len(support) <= 3
    assert_equilibria_contain(ours_float(A, B), support)


@pytest.mark.slow
def test_quantecon_vertex_enumeration_generic():
    qe = pytest.importorskip("quantecon.game_theory")
    for A, B in random_games(707, 60, (2, 9), GENERIC_HI):
        game = qe.NormalFormGame((qe.Player(A.astype(float)), qe.Player(B.T.astype(float))))
        assert_equilibria_equal(ours_float(A, B), list(qe.vertex_enumeration(game)))


def test_quantecon_larger_generic_games_and_rectangular_ones():
    qe = pytest.importorskip("quantecon.game_theory")
    games = random_games(909, 4, (10, 13), GENERIC_HI) + random_games(910, 6, (3, 12), GENERIC_HI)
    for A, B in games:
        game = qe.NormalFormGame((qe.Player(A.astype(float)), qe.Player(B.T.astype(float))))
        assert_equilibria_equal(ours_float(A, B), list(qe.vertex_enumeration(game)))


def test_nashpy_misses_equilibria_of_a_degenerate_game_that_we_find():
    # The degenerate game of von Stengel (2002): support enumeration on equal-size supports cannot
    # see the segment's endpoint with supports of sizes 1 and 2; Gambit and we list it.
    nash = pytest.importorskip("nashpy")
    A = np.array([[3, 3], [2, 5], [0, 6]])
    B = np.array([[3, 3], [2, 6], [3, 1]])
    want = gambit_extreme_equilibria(A, B)
    assert ours_exact(A, B) == want and len(want) == 3
    found = [np.concatenate(e) for e in nash.Game(A, B).support_enumeration()]
    assert len(found) < len(want)
