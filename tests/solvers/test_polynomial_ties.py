"""Degenerate (tied) n-player games: equilibria where two players mix and the others' constraints cut.

Oracles: a game whose equilibrium set on one support is worked out by hand (one mixer's mixture is
fixed by the other's indifference, a pure player's best response cuts the other's segment), and
pygambit's ``enumpoly_solve`` on a few hundred random games with small integer payoffs (many
ties): every equilibrium Gambit lists (regret at most 1e-6) must be among ours or on one of our
continua, and everything we list must verify by Gambit's own regret.
"""

from __future__ import annotations

import multiprocessing
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.completeness import covered
from bargain.solvers.polynomial import polynomial_solve
from bargain.solvers.result import make_equilibrium

gbt = pytest.importorskip("pygambit")


def fixed_mixer_game() -> bg.Game:
    """P1 and P2 mix; P2 is indifferent only at P1 = (1/2, 1/2); P1 is always indifferent when P3
    plays S1; P3 keeps S1 iff 2 P2(S1) - P2(S2) <= 0, i.e. P2(S1) <= 1/3.  On the support
    (S1 S2; S1 S2; S1) the equilibria are P1 = (1/2, 1/2), P2(S1) in [0, 1/3]."""
    P = np.zeros((3, 2, 2, 2), dtype=int)
    P[1, 0, 0, 0], P[1, 1, 0, 0] = 1, -1
    P[2, :, 0, 1], P[2, :, 1, 1] = 2, -1
    P[0, :, :, 1] = 5
    return bg.Game(P)


def test_fixed_mixer_substituted_and_the_cut_segment_enumerated():
    game = fixed_mixer_game()
    res = polynomial_solve(game, exact=True)
    half = (Fraction(1, 2), Fraction(1, 2))
    ends = {(Fraction(1, 3), Fraction(2, 3)), (Fraction(0), Fraction(1))}
    segment = [c for c in res.continua if c.support == ((0, 1), (0, 1), (0,))]
    assert len(segment) == 1 and segment[0].dimension == 1
    got = {e.exact_profile[1] for e in segment[0].samples if e.exact_profile[0] == half}
    assert ends <= got
    # the cut end (P2 = (1/3, 2/3)) is listed as an extreme equilibrium, exactly
    assert any(e.exact_profile == (half, (Fraction(1, 3), Fraction(2, 3)), (Fraction(1), Fraction(0))) for e in res)
    # every point of the segment is an equilibrium, and just past the cut is not
    for y in (Fraction(0), Fraction(1, 6), Fraction(1, 3)):
        make_equilibrium(game, (half, (y, 1 - y), (Fraction(1), Fraction(0))), "check", exact=True)
    past = (Fraction(1, 3) + Fraction(1, 100), Fraction(2, 3) - Fraction(1, 100))
    assert max(game.regrets((half, past, (Fraction(1), Fraction(0))), exact=True)) > 0
    assert not any("extreme points were not computed" in n for n in res.notes)


def _gambit(P: np.ndarray, out) -> None:
    g = gbt.Game.from_arrays(*[np.asarray(P[i], dtype=float) for i in range(P.shape[0])])
    res = gbt.nash.enumpoly_solve(g, use_strategic=True)
    out.put([[[float(e[s]) for s in p.strategies] for p in g.players] for e in res.equilibria])


def gambit_enumpoly(P: np.ndarray, limit: float = 2.0) -> list | None:
    """Gambit's enumpoly in a child process (it can loop on positive-dimensional sets); None on timeout."""
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    proc = ctx.Process(target=_gambit, args=(P, q))
    proc.start()
    try:
        return q.get(timeout=limit)
    except Exception:
        return None
    finally:
        proc.kill()
        proc.join()


def check_against_gambit(P: np.ndarray) -> bool:
    """Assert the Gambit cross-check for one game; False if Gambit did not finish."""
    theirs = gambit_enumpoly(P)
    if theirs is None:
        return False
    game = bg.Game(P)
    res = polynomial_solve(game)
    gg = gbt.Game.from_arrays(*[np.asarray(P[i], dtype=float) for i in range(P.shape[0])])
    for e in res:
        prof = [[float(x) for x in v] for v in e.profile]
        assert float(gg.mixed_strategy_profile(prof).max_regret()) <= 1e-6
    for t in theirs:
        prof = [np.array(v) for v in t]
        if game.regret(prof) > 1e-6:
            continue
        eq = make_equilibrium(game, prof, "gambit", tol=1e-6)
        assert covered(eq, res, same=1e-5), (P.tolist(), t)
    return True


@pytest.mark.parametrize("shape,low,high,seeds", [((2, 2, 2), -1, 2, range(16)), ((3, 3, 2), -3, 4, range(6))])
def test_tied_games_hold_every_gambit_equilibrium(shape, low, high, seeds):
    done = 0
    for seed in seeds:
        P = np.random.default_rng(seed).integers(low, high, size=(len(shape), *shape))
        done += check_against_gambit(P)
    assert done >= len(seeds) // 4


@pytest.mark.slow
@pytest.mark.parametrize("shape,low,high,seeds", [((2, 2, 2), -1, 2, range(16, 96)),
                                                  ((3, 3, 2), -1, 2, range(20)),
                                                  ((3, 3, 2), -3, 4, range(6, 56))])
def test_tied_games_hold_every_gambit_equilibrium_many(shape, low, high, seeds):
    test_tied_games_hold_every_gambit_equilibrium(shape, low, high, seeds)


def test_constraint_curves_meet_where_worked_by_hand():
    """Two pure-player constraints -(s - 1/2)(u - 1/2) and s - u (s, u: the mixers' weights on S2)
    vanish together only at s = u = 1/2; the meeting point is what isolates an equilibrium
    strictly inside the product of two segments."""
    from bargain.solvers.polynomial.low_dim import _curve_meets

    forms = np.array([[[-1, 1], [1, -1]], [[0, -1], [1, 0]]], dtype=float)
    e0, e1 = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    pts = _curve_meets(forms, [e0, e1], [e0, e1])
    assert pts and all(np.allclose(x, [0.5, 0.5]) and np.allclose(y, [0.5, 0.5]) for x, y in pts)


# A tied 3x3x2 game (integers 0..3) on which a univariate-elimination candidate's Newton polish met a
# singular system: the per-system fallback of the batched solve used to return complex arrays, and the
# profile was built with a ComplexWarning.
TIED_332 = [[[[2, 3], [3, 2], [3, 3]], [[1, 2], [2, 0], [0, 0]], [[2, 2], [1, 3], [2, 2]]],
            [[[2, 2], [1, 0], [1, 2]], [[2, 1], [2, 2], [0, 2]], [[0, 3], [3, 3], [1, 0]]],
            [[[2, 1], [1, 2], [0, 1]], [[2, 3], [1, 0], [0, 0]], [[2, 2], [0, 0], [0, 2]]]]


def test_singular_polish_stays_real():
    import warnings

    from bargain.solvers.polynomial.homotopy import _solve

    a = np.stack([np.eye(3), np.zeros((3, 3))])
    x, good = _solve(a, np.ones((2, 3)))
    assert x.dtype == float and good.tolist() == [True, False]
    assert np.allclose(x[0], 1.0) and np.isnan(x[1]).all()
    with warnings.catch_warnings():
        warnings.simplefilter("error", np.exceptions.ComplexWarning)
        res = bg.solve(bg.Game(np.array(TIED_332, dtype=float)))
    assert len(res) == 7 and all(res.game.regret(e.profile) < 1e-6 for e in res)
