"""Tests of the n-player all-equilibria solver (polynomial support enumeration) and the 2x2x2 batch.

Cross-checks against pygambit (enumpoly, and gnm from random perturbations), against closed forms
worked by hand, and on published games (Nau, Gomez Canovas and Hansen 2004, with a continuum).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.solvers.polynomial import polynomial_solve, solve_2x2x2_batch, solve_support
from bargain.solvers.polynomial.homotopy import MultilinearBatch, bezout_number, evaluate, track_paths, track_paths_many
from bargain.solvers.polynomial.resultant import solve_333, solve_334, solve_344, solve_2222
from bargain.solvers.polynomial.univariate import solve_three_block
from bargain.solvers.registry import choose_method, get_solver
from bargain.testing import assert_equilibria_contain, assert_equilibria_equal

gbt = pytest.importorskip("pygambit")


# ----------------------------------------------------------------------------- helpers
def gambit_game(P: np.ndarray):
    return gbt.Game.from_arrays(*[np.asarray(P[i], dtype=float) for i in range(P.shape[0])])


def gambit_profiles(result) -> list[tuple[np.ndarray, ...]]:
    return [tuple(np.array([float(e[s]) for s in p.strategies]) for p in e.game.players) for e in result.equilibria]


def enumpoly(P: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    return gambit_profiles(gbt.nash.enumpoly_solve(gambit_game(P)))


def gambit_max_regret(P: np.ndarray, profile) -> float:
    """Gambit's own regret of a mixed profile: a check of our verification that shares no code with it."""
    g = gambit_game(P)
    return float(g.mixed_strategy_profile([[float(x) for x in v] for v in profile]).max_regret())


def gnm_all(P: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """Equilibria found by Gambit's global Newton method (it follows its path through several).

    (Custom perturbation profiles can make pygambit 16.7's gnm loop for minutes on 4x4x4 games,
    so the default perturbation is used.)"""
    return gambit_profiles(gbt.nash.gnm_solve(gambit_game(P)))


def vectors(eqs) -> list[np.ndarray]:
    return [np.concatenate(e.profile) for e in eqs]


def from_gambit_outcomes(outcomes, shape) -> np.ndarray:
    """Payoff array from a Gambit .nfg outcome list (player 1's strategy varies fastest)."""
    n = len(shape)
    P = np.zeros((n, *shape), dtype=int)
    for idx, o in enumerate(outcomes):
        a, r = [], idx
        for s in shape:
            a.append(r % s)
            r //= s
        for i in range(n):
            P[(i, *a)] = o[i]
    return P


def assert_distinct_and_verified(game: bg.Game, eqs) -> None:
    vs = vectors(eqs)
    for i, v in enumerate(vs):
        assert game.regret(eqs[i].profile) <= game.tolerance
        for w in vs[:i]:
            assert np.max(np.abs(v - w)) > 1e-7, "duplicate equilibrium"


# ----------------------------------------------------------------------------- registry
def test_registered_with_alias_and_auto_choice():
    info = get_solver("enumpoly")
    assert info.name == "polynomial" and info.players == "n" and info.complete and info.exact
    g = bg.Game(np.random.default_rng(0).random((3, 2, 3, 2)))
    assert choose_method(g) == "polynomial"
    res = bg.solve(g)
    assert res.method == "polynomial" and res.complete
    assert any("complete" in n for n in res.notes)


# ----------------------------------------------------------------------------- building blocks
@pytest.mark.parametrize(("degrees", "count"), [((1, 1, 1), 2), ((2, 2, 2), 10), ((3, 3, 3), 56),
                                                ((1, 1, 1, 1), 9), ((1, 1, 3), 0), ((2, 2, 1), 4)])
def test_bezout_numbers_match_mckelvey_mclennan(degrees, count):
    assert bezout_number(degrees) == count


def test_homotopy_finds_all_solutions_of_random_systems():
    rng = np.random.default_rng(3)
    for sizes in [(3, 3, 3), (2, 2, 2, 2)]:
        m = len(sizes)
        coeffs = tuple(rng.standard_normal((4, sizes[i] - 1, *[sizes[j] for j in range(m) if j != i]))
                       for i in range(m))
        res = track_paths(MultilinearBatch(sizes, coeffs))
        assert res.ok.all() and res.regular.all()
        offs = np.cumsum((0, *sizes))
        for b in range(4):
            ys = res.y[b]
            blocks = [ys[:, offs[j]:offs[j + 1]] for j in range(m)]
            vals = evaluate(tuple(np.repeat(c[b:b + 1], len(ys), axis=0) for c in coeffs), blocks)
            assert np.abs(vals).max() < 1e-9
            normed = np.concatenate([bl / bl[:, :1] for bl in blocks], axis=1)
            d = np.abs(normed[:, None] - normed[None]).max(axis=2) + np.eye(len(ys))
            assert d.min() > 1e-6, "two paths ended at the same solution"


def test_permuted_shapes_tracked_together_give_each_batch_its_own_solutions():
    # (2, 3, 3), (3, 2, 3) and (3, 3, 2) batches are merged into one array in one block order;
    # every endpoint must come back in its own batch's block order and solve its own system.
    rng = np.random.default_rng(11)
    batches = []
    for sizes in [(2, 3, 3), (3, 2, 3), (3, 3, 2), (2, 2, 2)]:
        m = len(sizes)
        coeffs = tuple(rng.standard_normal((2, sizes[i] - 1, *[sizes[j] for j in range(m) if j != i]))
                       for i in range(m))
        batches.append(MultilinearBatch(sizes, coeffs))
    for batch, res in zip(batches, track_paths_many(batches), strict=True):
        alone = track_paths(batch)
        assert res.y.shape == alone.y.shape and res.paths == bezout_number(batch.degrees)
        assert res.ok.all() and res.regular.all()
        offs = np.cumsum((0, *batch.sizes))
        for b in range(batch.batch):
            blocks = [res.y[b][:, offs[j]:offs[j + 1]] for j in range(len(batch.sizes))]
            vals = evaluate(tuple(np.repeat(c[b:b + 1], res.paths, axis=0) for c in batch.coeffs), blocks)
            assert np.abs(vals).max() < 1e-9
            # same solution set as tracking the batch on its own (projective points: normalise)
            mine = np.concatenate([bl / bl.sum(axis=1, keepdims=True) for bl in blocks], axis=1)
            ref = alone.y[b]
            ref = np.concatenate([ref[:, offs[j]:offs[j + 1]] / ref[:, offs[j]:offs[j + 1]].sum(axis=1, keepdims=True)
                                  for j in range(len(batch.sizes))], axis=1)
            d = np.abs(mine[:, None] - ref[None]).max(axis=2)
            assert d.min(axis=1).max() < 1e-6 and d.min(axis=0).max() < 1e-6


def test_univariate_route_agrees_with_homotopy():
    rng = np.random.default_rng(4)
    for sizes in [(2, 2, 2), (3, 3, 2), (4, 3, 2), (2, 4, 4)]:
        coeffs = tuple(rng.standard_normal((40, sizes[i] - 1, *[sizes[j] for j in range(3) if j != i]))
                       for i in range(3))
        batch = MultilinearBatch(sizes, coeffs)
        uni = solve_three_block(batch)
        hom = track_paths(batch)
        offs = np.cumsum((0, *sizes))
        n_real = 0
        for b in range(40):
            for y in hom.y[b]:
                xs = [y[offs[j]:offs[j + 1]] / y[offs[j]:offs[j + 1]].sum() for j in range(3)]
                if all(np.abs(x.imag).max() < 1e-8 and x.real.min() > 1e-6 for x in xs):
                    n_real += 1
                    sel = np.flatnonzero(uni.system == b)
                    assert any(all(np.abs(uni.blocks[j][k] - xs[j].real).max() < 1e-6 for j in range(3))
                               for k in sel)
        assert n_real > 0


@pytest.mark.parametrize("pencil", [False, True])
def test_resultant_route_for_three_by_three_supports_agrees_with_homotopy(pencil):
    rng = np.random.default_rng(6)
    sizes = (3, 3, 3)
    coeffs = tuple(rng.standard_normal((60, 2, 3, 3)) for _ in range(3))
    batch = MultilinearBatch(sizes, coeffs)
    system, blocks, fallback = solve_333(batch, pencil=pencil)
    assert fallback.mean() < 0.2          # the count check rarely rejects a random system
    hom = track_paths(batch)
    n_real = 0
    for b in np.flatnonzero(~fallback):
        sel = np.flatnonzero(system == b)
        found = 0
        for y in hom.y[b]:
            xs = [y[3 * j:3 * j + 3] / y[3 * j:3 * j + 3].sum() for j in range(3)]
            if all(np.abs(x.imag).max() < 1e-8 and x.real.min() > 1e-7 for x in xs):
                found += 1
                assert any(all(np.abs(blocks[j][k] - xs[j].real).max() < 1e-7 for j in range(3)) for k in sel)
        assert found == len(sel)
        n_real += found
    assert n_real > 0


@pytest.mark.parametrize("pencil", [False, True])
def test_resultant_route_for_three_three_four_supports_agrees_with_homotopy(pencil):
    rng = np.random.default_rng(8)
    sizes = (3, 3, 4)
    coeffs = tuple(rng.random((50, sizes[i] - 1, *[sizes[j] for j in range(3) if j != i])) - 0.5 for i in range(3))
    batch = MultilinearBatch(sizes, coeffs)
    system, blocks, fallback = solve_334(batch, pencil=pencil)
    assert fallback.mean() < (0.1 if pencil else 0.25)     # the count check rarely rejects a random system
    hom = track_paths(batch)
    offs = np.cumsum((0, *sizes))
    n_real = 0
    for b in np.flatnonzero(~fallback):
        sel = np.flatnonzero(system == b)
        found = 0
        for y in hom.y[b]:
            xs = [y[offs[j]:offs[j + 1]] / y[offs[j]:offs[j + 1]].sum() for j in range(3)]
            if all(np.abs(x.imag).max() < 1e-8 and x.real.min() > 1e-7 for x in xs):
                found += 1
                assert any(all(np.abs(blocks[j][k] - xs[j].real).max() < 1e-7 for j in range(3)) for k in sel)
        assert found == len(sel)
        n_real += found
    assert n_real > 0
    with pytest.raises(ValueError):
        solve_334(MultilinearBatch((3, 3, 3), tuple(c[:, :, :3] for c in coeffs)))


def test_resultant_route_for_three_four_four_supports_agrees_with_homotopy():
    rng = np.random.default_rng(9)
    sizes = (3, 4, 4)
    coeffs = tuple(rng.random((12, sizes[i] - 1, *[sizes[j] for j in range(3) if j != i])) - 0.5 for i in range(3))
    batch = MultilinearBatch(sizes, coeffs)
    system, blocks, fallback = solve_344(batch)
    assert fallback.mean() < 0.25         # the count check rarely rejects a random system
    hom = track_paths(batch)
    offs = np.cumsum((0, *sizes))
    for b in np.flatnonzero(~fallback):
        sel = np.flatnonzero(system == b)
        found = 0
        for y in hom.y[b]:
            xs = [y[offs[j]:offs[j + 1]] / y[offs[j]:offs[j + 1]].sum() for j in range(3)]
            if all(np.abs(x.imag).max() < 1e-8 and x.real.min() > 1e-7 for x in xs):
                found += 1
                assert any(all(np.abs(blocks[j][k] - xs[j].real).max() < 1e-7 for j in range(3)) for k in sel)
        assert found == len(sel)
    with pytest.raises(ValueError):
        solve_344(MultilinearBatch((3, 3, 3), tuple(c[:, :2, :3, :3] for c in coeffs)))


def test_resultant_route_for_four_players_mixing_two_strategies_agrees_with_homotopy():
    rng = np.random.default_rng(12)
    sizes = (2, 2, 2, 2)
    coeffs = tuple(rng.standard_normal((60, 1, 2, 2, 2)) for _ in range(4))
    batch = MultilinearBatch(sizes, coeffs)
    system, blocks, fallback = solve_2222(batch)
    assert fallback.mean() < 0.2
    hom = track_paths(batch)
    n_real = 0
    for b in np.flatnonzero(~fallback):
        sel = np.flatnonzero(system == b)
        found = 0
        for y in hom.y[b]:
            xs = [y[2 * j:2 * j + 2] / y[2 * j:2 * j + 2].sum() for j in range(4)]
            if all(np.abs(x.imag).max() < 1e-8 and x.real.min() > 1e-7 for x in xs):
                found += 1
                assert any(all(np.abs(blocks[j][k] - xs[j].real).max() < 1e-7 for j in range(4)) for k in sel)
        assert found == len(sel)
        n_real += found
    assert n_real > 0


# ----------------------------------------------------------------------------- against Gambit
@pytest.mark.parametrize(("shape", "games"), [((2, 2, 2), 80), ((2, 2, 3), 40), ((2, 3, 3), 12), ((3, 3, 3), 6),
                                              ((3, 3, 4), 4), pytest.param((3, 4, 4), 2, marks=pytest.mark.slow),
                                              ((2, 2, 2, 2), 10)])
def test_contains_everything_gambit_enumpoly_finds(shape, games):
    rng = np.random.default_rng(sum(shape) * 1000 + len(shape))
    for _ in range(games):
        P = rng.random((len(shape), *shape))
        game = bg.Game(P)
        res = polynomial_solve(game)
        assert res.complete and not res.continua
        assert_distinct_and_verified(game, res)
        # enumpoly accepts regret up to 1e-4 x payoff range: what it lists with regret below 1e-6 we must have
        theirs = [v for v in enumpoly(P) if game.regret(v) <= 1e-6]
        assert_equilibria_contain(res, theirs, tol=1e-5)
        # and what we list beyond Gambit is an equilibrium by Gambit's own regret computation
        assert all(gambit_max_regret(P, e.profile) <= 1e-8 for e in res)
        assert len(res) % 2 == 1, "a generic game has an odd number of equilibria (Wilson 1971)"


@pytest.mark.parametrize(("shape", "games"), [((3, 3, 3), 6), ((4, 4, 4), 1)])
def test_contains_everything_gnm_finds(shape, games):
    rng = np.random.default_rng(99 + sum(shape))
    for _ in range(games):
        P = rng.random((len(shape), *shape))
        game = bg.Game(P)
        res = polynomial_solve(game)
        assert res.complete
        assert_distinct_and_verified(game, res)
        found = gnm_all(P)
        assert found
        assert_equilibria_contain(res, [v for v in found if game.regret(v) < 1e-6], tol=1e-4)


# ----------------------------------------------------------------------------- published / hand-made games
def test_nau_2004_game_three_pure_and_continua():
    """Nau, Gomez Canovas and Hansen (2004), Int. J. Game Theory 32: 3 pure equilibria, 2 partly mixed
    ones and a continuum of completely mixed equilibria (Gambit catalog nau2004/2x2x2.nfg)."""
    P = from_gambit_outcomes([(0, 0, 2), (3, 0, 0), (0, 3, 0), (0, 0, 0), (1, 1, 0), (0, 0, 0), (0, 0, 0), (0, 0, 3)],
                             (2, 2, 2))
    game = bg.Game(P)
    res = bg.solve(game)
    assert res.method == "polynomial"
    assert len(res.pure) == 3
    assert all(e.is_exact for e in res)
    quarter = [e for e in res if not e.is_pure]
    assert len(quarter) == 2 and all(e.exact_profile[2] == (Fraction(1, 4), Fraction(3, 4)) for e in quarter)
    full = [c for c in res.continua if c.support == ((0, 1), (0, 1), (0, 1))]
    assert len(full) == 1 and full[0].dimension == 1 and len(full[0].samples) >= 5
    for s in full[0].samples:
        assert game.regret(s.profile) <= game.tolerance
    # the two partly mixed equilibria are the ends of segments where P3 mixes with r in [1/4, 1]
    seg = [c for c in res.continua if c.support[2] == (0, 1) and len(c.support[0]) == 1]
    assert len(seg) == 2
    for c in seg:
        r = sorted(s.profile[2][0] for s in c.samples)
        assert r[0] == pytest.approx(0.25) and r[-1] == pytest.approx(1.0)
    # every equilibrium Gambit finds is ours or lies on one of our continua
    theirs = enumpoly(P.astype(float))
    assert all(game.regret(prof) <= 1e-6 for prof in theirs)
    supports = {c.support for c in res.continua}
    isolated = [prof for prof in theirs if tuple(tuple(np.flatnonzero(x > 1e-9)) for x in prof) not in supports]
    assert_equilibria_contain(res, isolated, tol=1e-5)


NINE = np.array([[[[-1, 6], [1, -2]], [[0, -5], [-5, 1]]], [[[-8, 8], [3, 3]], [[8, -2], [-8, 5]]],
                 [[[-3, 8], [3, 1]], [[5, -4], [-2, 4]]]])


def test_game_with_nine_equilibria_the_mckelvey_mclennan_maximum():
    """A 2x2x2 game attaining McKelvey and McLennan's (1997) maximum of 9 equilibria (found by a
    seeded search over integer games; Gambit's enumpoly confirms all 9)."""
    game = bg.Game(NINE)
    res = bg.solve(game)
    assert len(res) == 9 and res.complete
    assert len(res.pure) == 4
    assert sum(1 for e in res if all(len(s) == 2 for s in e.support)) == 1
    assert_equilibria_equal(res, enumpoly(NINE.astype(float)), tol=1e-5)
    # rational ones are exact; the totally mixed one is irrational and comes with its quadratic
    mixed = next(e for e in res if all(len(s) == 2 for s in e.support))
    assert not mixed.is_exact and mixed.algebraic is not None
    assert sum(e.is_exact for e in res) == 8


def test_irrational_equilibrium_matches_hand_algebra():
    """The totally mixed equilibrium of NINE is irrational: its probability r is a root of the
    reported integer quadratic, which the quadratic formula solves independently here."""
    game = bg.Game(NINE)
    mixed = next(e for e in bg.solve(game) if all(len(s) == 2 for s in e.support))
    alg = mixed.algebraic
    # parse a*r^2 + b*r + c and check that r = P(P3 plays S2) is a root, and equals the closed form
    a, b, c = (int(t.split("*")[0]) for t in alg["minimal_polynomial"].replace(" ", "").split("+"))
    r = mixed.profile[2][1]
    assert a * r * r + b * r + c == pytest.approx(0.0, abs=1e-9)
    roots = [(-b + s * math.sqrt(b * b - 4 * a * c)) / (2 * a) for s in (1, -1)]
    assert min(abs(r - x) for x in roots) < 1e-12
    assert math.isqrt(b * b - 4 * a * c) ** 2 != b * b - 4 * a * c   # irrational
    assert "sqrt" in alg["closed_form"]


def test_exact_rational_three_player_equilibrium():
    """A 3x3x3 game whose totally mixed equilibrium is uniform: payoffs built so every player is
    indifferent when the others mix uniformly (cyclic matching game); exact regret is zero."""
    rng = np.random.default_rng(11)
    P = rng.integers(-5, 6, (3, 3, 3, 3))
    for i in range(3):
        # make each strategy earn the same against uniform opponents: subtract row means
        m = np.moveaxis(P[i], i, 0).reshape(3, -1)
        m = 9 * m - m.sum(axis=1, keepdims=True)
        P[i] = np.moveaxis(m.reshape(3, 3, 3), 0, i)
    game = bg.Game(P)
    res = bg.solve(game)
    third = Fraction(1, 3)
    uniform = [e for e in res if e.is_exact and all(x == (third,) * 3 for x in e.exact_profile)]
    assert len(uniform) == 1
    assert all(r == 0 for r in game.regrets(uniform[0].exact_profile, exact=True))


def test_four_player_game_against_gambit():
    rng = np.random.default_rng(44)
    P = rng.integers(-20, 21, (4, 2, 2, 2, 2))
    game = bg.Game(P)
    res = bg.solve(game)
    assert res.method == "polynomial" and res.complete
    assert_equilibria_contain(res, enumpoly(P.astype(float)), tol=1e-5)


# ----------------------------------------------------------------------------- degenerate games
def test_one_player_indifferent_gives_a_segment():
    """P3's payoff is constant: for P1 = P2 = S1 (a strict pure equilibrium of the first two players),
    P3 may mix in any way: a continuum of dimension 1 with the whole interval [0, 1]."""
    P = np.zeros((3, 2, 2, 2), dtype=int)
    P[0, 0] = 2
    P[1, :, 0] = 2
    game = bg.Game(P)
    res = bg.solve(game)
    segs = [c for c in res.continua if c.support == ((0,), (0,), (0, 1))]
    assert len(segs) == 1
    r = sorted(s.profile[2][0] for s in segs[0].samples)
    assert r[0] == 0.0 and r[-1] == 1.0
    assert "any probability in [0, 1]" in segs[0].description


def test_solve_support_single_profile_and_bad_input():
    game = bg.Game(NINE)
    sol = solve_support(game, [(0, 1), (0, 1), (0, 1)])
    assert len(sol.equilibria) == 1 and sol.complete
    sol2 = solve_support(game, [["S1"], ["S1", "S2"], ["S1", "S2"]])
    assert len(sol2.equilibria) == 1
    with pytest.raises(GameError, match="one list of strategies per player"):
        solve_support(game, [(0, 1), (0, 1)])
    with pytest.raises(GameError, match="empty"):
        solve_support(game, [(0, 1), (), (0,)])
    with pytest.raises(GameError, match="no strategy"):
        solve_support(game, [("X",), (0,), (0,)])
    with pytest.raises(GameError, match="tol"):
        polynomial_solve(game, tol=-1.0)


# ----------------------------------------------------------------------------- 2x2x2 batch
def test_batch_2x2x2_matches_general_solver_and_gambit():
    rng = np.random.default_rng(8)
    P = rng.random((60, 3, 2, 2, 2))
    out = solve_2x2x2_batch(P)
    assert out.profiles.shape[1:] == (max(out.count), 6) and not out.degenerate.any()
    for b in range(60):
        ours = [(e[0:2], e[2:4], e[4:6]) for e in out.equilibria(b)]   # (K, 6) rows, one player after another
        assert_equilibria_equal(ours, polynomial_solve(bg.Game(P[b])), tol=1e-9)
        assert_equilibria_contain(ours, enumpoly(P[b]), tol=1e-5)
        assert np.all(np.isnan(out.profiles[b, out.count[b]:]))


def test_batch_2x2x2_degenerate_integer_games_fall_back():
    rng = np.random.default_rng(9)
    P = rng.integers(-2, 3, (12, 3, 2, 2, 2)).astype(float)
    out = solve_2x2x2_batch(P)
    assert out.degenerate.any()
    for b in range(12):
        res = polynomial_solve(bg.Game(P[b]))
        assert out.count[b] == len(res)
        assert out.continuum[b] == bool(res.continua)
    nine = solve_2x2x2_batch(NINE)
    assert nine.count[0] == 9
    # the general route (closed form off) agrees with the closed-form route of polynomial_solve
    for b in range(12):
        a = vectors(polynomial_solve(bg.Game(P[b] + rng.random((3, 2, 2, 2)) * 1e-3)))
        c = vectors(polynomial_solve(bg.Game(P[b] + rng.random((3, 2, 2, 2)) * 0), closed_form=False))
        assert len(c) == out.count[b] and len(a) % 2 == 1


def test_batch_2x2x2_bad_input():
    with pytest.raises(GameError, match="shape"):
        solve_2x2x2_batch(np.zeros((4, 3, 2, 2)))
    bad = np.zeros((2, 3, 2, 2, 2))
    bad[1, 0, 0, 0, 0] = np.nan
    with pytest.raises(GameError, match="finite"):
        solve_2x2x2_batch(bad)
