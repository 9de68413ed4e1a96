"""The fast paths of exact n-player solves against the computations they replace.

Each route here must give *the same bits* as the code it stands in for: the scalar 2x2x2 closed form
against the batch routine, rational rounding on integers against ``Fraction.limit_denominator``, the
integer exact-regret path of small games against the numpy path, exact normalisation on integers
against the Fraction formula, and the float screen of the three-mixer supports (exact indifference
coefficients computed only where the float ones all vanish) never skipping a support whose exact
coefficients vanish: ties, and rationals closer than a float can tell apart, included.
"""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import product

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.model.scale import normalise_exact
from bargain.solvers.polynomial.closed_2x2x2 import closed_form_2x2x2, closed_form_one
from bargain.solvers.polynomial.collector import _rationalize, limit_denominator
from bargain.solvers.polynomial.support import indifference_coefficients, mixing_players
from bargain.solvers.regret import RegretChecker


def _fractions(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    num = rng.integers(-6, 7, size=shape)
    den = rng.integers(1, 5, size=shape)
    return np.array([Fraction(int(a), int(b)) for a, b in zip(num.flat, den.flat, strict=True)],
                    dtype=object).reshape(shape)


def _payoffs(rng: np.random.Generator, kind: int, shape: tuple[int, ...]) -> np.ndarray:
    full = (len(shape), *shape)
    if kind == 0:
        return rng.integers(0, 2, size=full)               # ties everywhere
    if kind == 1:
        return rng.integers(0, 4, size=full)
    if kind == 2:
        return rng.integers(-9, 10, size=full)
    if kind == 3:
        return _fractions(rng, full)
    if kind == 4:
        return rng.random(full)
    return rng.integers(-3, 4, size=full) * 10.0 ** int(rng.integers(-5, 6))


def test_scalar_closed_form_gives_the_batch_bits_and_flag():
    rng = np.random.default_rng(11)
    checked = degenerate = 0
    for trial in range(1500):
        g = bg.Game(_payoffs(rng, trial % 6, (2, 2, 2)))
        games = [g.normalised(), g] if g.is_exact else [g]
        for h in games:
            for tol in (h.tolerance, 1e-9):
                out = closed_form_2x2x2(h.payoffs[None], tol=tol)
                flag, rows = closed_form_one(h.payoffs, tol)
                ref = out.first[0, : out.count[0]]
                mine = np.array(rows, dtype=float).reshape(-1, 3)
                assert flag == bool(out.degenerate[0])
                assert np.array_equal(ref, mine) and np.array_equal(np.signbit(ref), np.signbit(mine))
                checked += 1
                degenerate += flag
    assert checked > 3000 and 0 < degenerate < checked      # both kinds of game were met


def test_limit_denominator_on_integers_is_the_standard_library():
    rnd = random.Random(5)
    values = [rnd.random() for _ in range(3000)] + [-rnd.random() for _ in range(500)]
    values += [rnd.randint(1, 60) / rnd.randint(1, 60) for _ in range(2000)]
    values += [0.0, 1.0, 0.5, 1.5, -0.5, 2.5, 1 / 3, 2 / 3, 1e-12, 1 - 1e-16, 0.3749999999999999]
    for x in values:
        n, d = x.as_integer_ratio()
        for bound in (1, 2, 3, 7, 10 ** 3, 10 ** 6, 10 ** 9):
            f = Fraction(x).limit_denominator(bound)
            assert limit_denominator(n, d, bound) == (f.numerator, f.denominator)


def _rationalize_fractions(game: bg.Game, profile: list[np.ndarray]) -> tuple | None:
    """The rounding as it was written with Fractions (the reference)."""
    checker = RegretChecker(game)
    for bound in (10 ** 3, 10 ** 6, 10 ** 9):
        q = []
        for v in profile:
            fr = [Fraction(float(p)).limit_denominator(bound) for p in v]
            if sum(fr) != 1:
                break
            q.append(tuple(fr))
        else:
            if checker.exact_nash(q):
                return tuple(q)
    return None


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 2, 2), (2, 2, 2, 2)])
def test_rational_rounding_matches_the_fraction_version(shape):
    rng = np.random.default_rng(sum(shape))
    found = 0
    for trial in range(40):
        g = bg.Game(_payoffs(rng, trial % 4, shape))
        res = bg.solve(g)
        candidates = [list(e.profile) for e in res]
        # perturbed copies: near-rational floats, and floats that round to no equilibrium
        candidates += [[np.clip(x + rng.normal(0, 1e-12, x.shape), 0, None) for x in c] for c in candidates]
        candidates += [[rng.dirichlet(np.ones(s)) for s in shape] for _ in range(3)]
        for c in candidates:
            c = [x / x.sum() for x in c]
            got = _rationalize(g, c)
            assert got == _rationalize_fractions(g, c)
            found += got is not None
    assert found > 0


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 2, 2), (2, 3, 2), (2, 2, 2, 2)])
def test_small_game_integer_terms_match_the_numpy_path(shape):
    rng = np.random.default_rng(3 + sum(shape))
    for trial in range(30):
        g = bg.Game(_payoffs(rng, trial % 4, shape))
        small, big = RegretChecker(g), RegretChecker(g)
        small._integer_mats()
        big._integer_mats()
        assert small._rows is not None
        big._rows = None                                     # force the numpy path
        for _ in range(5):
            prof = []
            for s in shape:
                w = rng.integers(0, 5, size=s)
                w[rng.integers(s)] += 1
                prof.append(tuple(Fraction(int(k), int(w.sum())) for k in w))
            assert list(small._integer_terms(prof)) == list(big._integer_terms(prof))
            assert small.exact_nash(prof) == big.exact_nash(prof)
            assert small.exact_regrets(prof) == big.exact_regrets(prof)


def test_exact_regrets_after_an_accepted_profile_are_those_of_the_profile_asked():
    g = bg.Game([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])         # coordination: two pure equilibria
    checker = RegretChecker(g)
    assert checker.exact_nash([(Fraction(1), Fraction(0)), (Fraction(1), Fraction(0))])
    other = [(Fraction(1), Fraction(0)), (Fraction(0), Fraction(1))]
    regrets, _ = checker.exact_regrets(other)
    assert regrets == [Fraction(1), Fraction(1)]
    assert RegretChecker(g).exact_regrets(other) == checker.exact_regrets(other)


def test_exact_normalisation_on_integers_is_the_fraction_formula():
    rng = np.random.default_rng(2)
    for trial in range(60):
        P = _fractions(rng, (3, 2, 3, 2)) if trial % 2 else rng.integers(-5, 6, size=(3, 2, 3, 2)).astype(object)
        if trial % 5 == 0:
            P[1] = Fraction(7, 3)                               # a constant player
        P = np.vectorize(Fraction, otypes=[object])(P)
        out = normalise_exact(P)
        for i in range(3):
            u = P[i]
            lo, hi = min(u.flat), max(u.flat)
            ref = (u - lo) / (hi - lo) if hi != lo else u * 0
            assert all(type(a) is Fraction and a == b for a, b in zip(out[i].flat, ref.flat, strict=True))


def test_normalised_game_is_kept_and_equals_a_fresh_one():
    g = bg.Game([[[[3, 1], [0, 2]], [[1, 1], [2, 0]]], [[[1, 0], [2, 2]], [[0, 3], [1, 1]]],
                 [[[2, 2], [1, 0]], [[0, 1], [3, 1]]]])
    n = g.normalised()
    assert n is g.normalised() and n.is_exact
    fresh = bg.Game(normalise_exact(g.exact_payoffs), g.players, g.strategies)
    assert n == fresh and np.array_equal(n.payoffs, fresh.payoffs)


def test_exact_profile_of_fractions_is_checked():
    g = bg.Game([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    half = Fraction(1, 2)
    out = g.check_exact_profile([(half, half), [Fraction(1, 3), Fraction(2, 3)]])
    assert [list(v) for v in out] == [[half, half], [Fraction(1, 3), Fraction(2, 3)]]
    assert all(v.dtype == object for v in out)
    with pytest.raises(GameError):
        g.check_exact_profile([(half, half), (Fraction(1, 3), Fraction(1, 3))])     # sums to 2/3
    with pytest.raises(GameError):
        g.check_exact_profile([(half, half), (Fraction(-1, 3), Fraction(4, 3))])    # negative


def _screen_cases(rng: np.random.Generator):
    """Games with ties, and with payoffs closer than a float resolves (equal floats, unequal rationals)."""
    for trial in range(120):
        shape = ((2, 2, 2), (3, 2, 2), (2, 2, 2, 2))[trial % 3]
        P = _payoffs(rng, trial % 4, shape).astype(object)
        P = np.vectorize(Fraction, otypes=[object])(P)
        if trial % 4 < 2:
            # each player's payoff independent of their own strategy: every coefficient vanishes
            for i in range(len(shape)):
                P[i] = np.broadcast_to(np.take(P[i], [0], axis=i), shape)
        if trial % 2:
            # nudge some payoffs by 1e-30: an exact coefficient nonzero where the float one is 0
            mask = rng.random(P.shape) < 0.3
            P[mask] = P[mask] + Fraction(1, 10 ** 30)
        yield bg.Game(P)


def test_float_screen_never_skips_a_support_whose_exact_coefficients_vanish():
    """The screen passes a support to the exact test only when every float coefficient is 0; the exact
    coefficients vanishing must imply that (a coefficient is a difference of two payoffs)."""
    rng = np.random.default_rng(17)
    vanish = passed_but_not_exact = 0
    for g in _screen_cases(rng):
        E, U = g.exact_payoffs, g.payoffs
        subsets = [[s for k in range(1, n + 1) for s in product(range(n), repeat=k) if list(s) == sorted(set(s))]
                   for n in g.shape]
        for S in product(*subsets):
            mix = mixing_players(S)
            if len(mix) < 3:
                continue
            exact_zero = all(not np.any(indifference_coefficients(E, S, i) != 0) for i in mix)
            float_zero = all(not np.any(indifference_coefficients(U, S, i) != 0) for i in mix)
            assert float_zero or not exact_zero
            vanish += exact_zero
            passed_but_not_exact += float_zero and not exact_zero
    assert vanish > 0 and passed_but_not_exact > 0


def test_supports_on_a_tie_are_still_decided_exactly():
    """Every player indifferent everywhere (payoffs independent of the own strategy): every indifference
    coefficient vanishes, so the screen must pass each three-mixer support to the exact cut decision, whose
    equilibria include the boundary of the product of simplices."""
    rng = np.random.default_rng(4)
    base = rng.integers(0, 3, size=(3, 2, 2))
    P = np.empty((3, 2, 2, 2), dtype=object)
    for i in range(3):
        for s in product(range(2), repeat=3):
            others = tuple(s[j] for j in range(3) if j != i)
            P[(i, *s)] = Fraction(int(base[i][others]))
    res = bg.solve(bg.Game(P))
    assert res.complete
    assert any("1 by exact decision of a cut product of simplices" in n for n in res.notes)
    assert res.continua and any(e.exact_profile is not None and any(0 in x for x in e.exact_profile) for e in res)
