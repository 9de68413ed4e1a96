"""Supports whose indifference equations decouple (a player's payoff ignores an opponent) are decided one
mixer at a time, so a game with that structure is answered completely, as its batch answer already was."""

from __future__ import annotations

from fractions import Fraction
from itertools import permutations

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.batch import solve_batch
from bargain.solvers.polynomial.decoupled import _solve_exact, _solve_float
from tests.solvers.test_polynomial_one_pass import assert_agrees_with_enumpoly

RPS = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])


def _cyclic() -> np.ndarray:
    """3x3x3: each player's payoff depends on one opponent only (P1 on P2, P2 on P3, P3 on P1), except a
    bonus that makes P1's payoff depend on P3 too when P3 plays S1.  Its totally mixed support system is
    singular for elimination and homotopy, but P2's and P3's equations are linear in one mixer each."""
    P = np.zeros((3, 3, 3, 3), int)
    for a in range(3):
        for b in range(3):
            for c in range(3):
                P[:, a, b, c] = RPS[a, b], RPS[b, c], RPS[c, a]
    P[0, :, :, 0] += np.array([[2, 0, 1], [0, 1, 0], [1, 0, 0]])
    return P


def _sanctions_draw(seed: int = 2026, count: int = 400, index: int = 14) -> np.ndarray:
    """One uniform draw of sanctions_triangle's parameters (North Korea's payoff ignores the United States;
    the US payoff is the same for two Chinese policies): support systems there are singular.  At the
    second draw tested, one block's only solution is far outside the simplex (about -6400) and nearly
    singular, so its rounding residual is larger than a fixed zero threshold."""
    from bargain.analysis.montecarlo_stream import draw_samples

    model = bg.load_game("sanctions_triangle")
    return np.asarray(model.payoffs(**draw_samples(model, count, seed=seed)), dtype=float)[index]


@pytest.mark.parametrize("exact", [True, False])
def test_cyclic_game_is_complete(exact):
    P = _cyclic()
    res = bg.solve(bg.Game(P.tolist() if exact else P.astype(float)), exact=exact)
    assert res.complete
    assert len(res) == 8
    mixed = [e for e in res if all(np.count_nonzero(np.asarray(p, float)) == 3 for p in e.profile)]
    assert len(mixed) == 1
    if exact:
        assert mixed[0].exact_profile[1] == (Fraction(13, 40), Fraction(2, 5), Fraction(11, 40))
    assert any("one mixer at a time" in note for note in res.notes)


def test_cyclic_game_agrees_with_gambit():
    gbt = pytest.importorskip("pygambit")
    P = _cyclic()
    # the exact answer (the float one lists the continuum's end 1/3 within its tolerance, 1e-9 of the range)
    assert_agrees_with_enumpoly(gbt, P.astype(float), bg.solve(bg.Game(P.tolist()), exact=True))


@pytest.mark.parametrize("draw", [(2026, 400, 14), (7, 3000, 1678)])
def test_sanctions_draw_complete_as_in_batch(draw):
    P = _sanctions_draw(*draw)
    res = bg.solve(bg.Game(P), exact=False)
    batch = solve_batch(P[None], n_players=3)
    assert res.complete and batch.complete[0] and not batch.fallback[0]
    ours = sorted(np.concatenate(e.profile).round(9).tolist() for e in res)
    theirs = sorted(batch.profiles[0, k].round(9).tolist() for k in range(int(batch.count[0])))
    assert ours == theirs


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_relabelled_players_stay_complete(order):
    P = _sanctions_draw()
    Q = np.transpose(P[list(order)], (0, *[1 + k for k in order]))
    res = bg.solve(bg.Game(Q), exact=False)
    assert res.complete
    base = sorted(np.concatenate([e.profile[k] for k in order]).round(8).tolist()
                  for e in bg.solve(bg.Game(P), exact=False))
    assert sorted(np.concatenate(e.profile).round(8).tolist() for e in res) == base


def test_block_solves():
    # inconsistent: x = (1, 0) and x = (0, 1) both forced
    M = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert _solve_float(M, 1e-9) is False
    assert _solve_exact(M.astype(int), 1e-9) is False
    # unique positive solution (1/3, 2/3)
    M = np.array([[2.0, -1.0]])
    assert np.allclose(_solve_float(M, 1e-9), [1 / 3, 2 / 3])
    assert _solve_exact(M.astype(int), 1e-9) == [Fraction(1, 3), Fraction(2, 3)]
    # unique solution with a negative entry: no equilibrium on this support
    M = np.array([[1.0, -2.0, 0.0], [0.0, 1.0, 1.0]])
    assert _solve_float(M, 1e-9) is False
    assert _solve_exact(M.astype(int), 1e-9) is False
    # nearly singular, its only solution about (-6424, 6425): ruled out whatever the rounding residual
    M = np.array([[0.3025742697411282, 0.30262137184719307]])
    assert _solve_float(M, 1e-9) is False
    # not unique: nothing is decided
    M = np.array([[1.0, -1.0, 0.0]])
    assert _solve_float(M, 1e-9) is None
    assert _solve_exact(M.astype(int), 1e-9) is None
