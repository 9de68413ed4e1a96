"""The scalar screen of very small games names exactly the pairs the LU solve of every basis finds.

:func:`scalar_screen` decides every basis of ``P`` (and its complement in ``Q``) in Python floats; when it
names pairs they must be those of :func:`simple_pairs` without a screen, with the same vertices (to
rounding), and those the cofactor :func:`screen` names when it names any -- on generic games, games full
of ties (degenerate vertices, singular bases, constant payoffs) and rectangular games.  The scalar check of
the one-pass route (:func:`_verified_scalar`) gives :func:`_verified`'s equilibria, order and arrays.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import bargain as bg
from bargain.solvers import simple_pairs as sp
from bargain.solvers._polytope import normalise_payoffs
from bargain.solvers.enumeration_fast import _prepared, _verified, _verified_scalar
from bargain.solvers.scalar_screen import SCALAR_MAX, _solve_ones, scalar_screen


def _unscreened(A: np.ndarray, B: np.ndarray):
    saved = sp.SCREEN_MIN
    sp.SCREEN_MIN = 10 ** 9
    try:
        return sp.simple_pairs(A, B)
    finally:
        sp.SCREEN_MIN = saved


def _games(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for t in range(count):
        m = int(rng.integers(1, 5))
        n = int(rng.integers(max(m, 2), 8))
        if math.comb(m + n, m) - 1 > SCALAR_MAX:
            continue
        hi = (1, 2, 3, 10, 10_000)[t % 5]
        A = rng.integers(0, hi + 1, size=(m, n)).astype(float)
        B = rng.integers(0, hi + 1, size=(m, n)).astype(float)
        if t % 11 == 0:
            B[:] = 3.0                                 # constant payoffs: every basis of size > 1 singular
        if t % 13 == 0:
            A, B = rng.normal(size=(m, n)), rng.normal(size=(m, n))
        yield normalise_payoffs(A), normalise_payoffs(B)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scalar_screen_names_the_pairs_of_the_full_solve(seed):
    named = in_doubt = 0
    for A, B in _games(seed, 400):
        found = scalar_screen(A, B)
        full = _unscreened(A, B)
        if found is None:
            in_doubt += 1
            continue
        named += 1
        pairs, X, Y = found
        assert full is not None, (A, B)              # nothing named where a vertex is degenerate
        FX, LX, FY, LY = full
        m = A.shape[0]
        assert len(pairs) == len(FX)
        np.testing.assert_allclose(np.array(X).reshape(-1, m), np.where(LX[:, :m], 0.0, FX), rtol=0, atol=1e-12)
        np.testing.assert_allclose(np.array(Y).reshape(-1, A.shape[1]), np.where(LY[:, m:], 0.0, FY), rtol=0,
                                   atol=1e-12)
        cofactor = sp.screen(A, B).pairs
        if cofactor is not None:
            assert cofactor.tolist() == pairs
    assert named > 100 and in_doubt > 30, (named, in_doubt)


@pytest.mark.parametrize("s", [1, 2, 3, 4, 5])
def test_solve_ones_matches_lapack(s):
    rng = np.random.default_rng(s)
    for _ in range(20):
        M = 1.0 + rng.random((s, s))
        det, z = _solve_ones(M.ravel().tolist(), s)
        assert det == pytest.approx(np.linalg.det(M), rel=1e-10)
        np.testing.assert_allclose(z, np.linalg.solve(M, np.ones(s)), rtol=1e-10)
    assert _solve_ones([1.0, 2.0, 2.0, 4.0], 2)[0] == 0.0


def _same_checks(game: bg.Game, hull: bool) -> bool | None:
    """Whether :func:`_verified_scalar` and :func:`_verified` agree on the pairs of ``game`` (None: no pairs)."""
    sc, rows, cols, A1, B1 = _prepared(game)
    k = len(rows)
    if k > len(cols):
        return None
    found = (sp.hull_pairs if hull and math.comb(k + len(cols), k) > 300 else sp.simple_pairs)(A1, B1)
    if found is None:
        return None
    X, LX, Y, LY = found
    xs, ys = np.where(LX[:, :k], 0.0, X), np.where(LY[:, k:], 0.0, Y)
    fast = _verified_scalar(game, sc, rows, cols, xs.tolist(), ys.tolist())
    slow = _verified(game, sc, rows, cols, xs, ys)
    assert (fast is None) == (slow is None)
    if slow is None:
        return None
    for e, f in zip(fast[0], slow[0], strict=True):
        assert e.support == f.support and e.component == f.component
        for x, y in zip(e.profile, f.profile, strict=True):
            np.testing.assert_allclose(x, y, rtol=0, atol=1e-14)
        np.testing.assert_allclose(e.payoffs, f.payoffs, rtol=1e-12, atol=0)
        assert e.regret == pytest.approx(f.regret, rel=1e-6, abs=1e-9 * float(np.ptp(game.payoffs)))
    np.testing.assert_allclose(fast[1], slow[1], rtol=0, atol=1e-14)
    np.testing.assert_allclose(fast[2], slow[2], rtol=1e-9, atol=1e-12 * float(np.ptp(game.payoffs)))
    return True


@pytest.mark.parametrize("seed", [4, 5])
def test_scalar_verification_matches_array_verification(seed):
    rng = np.random.default_rng(seed)
    checked = 0
    for t in range(120):
        m, n = (int(v) for v in rng.integers(1, 6, size=2))
        if m == n == 1:
            continue
        scale = 10.0 ** rng.integers(-6, 7, size=2)
        A = rng.integers(0, (3, 10_000)[t % 2] + 1, size=(m, n)) * scale[0]
        B = rng.integers(0, (3, 10_000)[t % 2] + 1, size=(m, n)) * scale[1]
        checked += bool(_same_checks(bg.Game.from_matrices(A.astype(float), B.astype(float)), hull=False))
    assert checked > 40


def test_scalar_verification_matches_array_verification_up_to_8x8():
    """Games of 6x6 to 8x8 (Qhull's pairs), where the one-pass route checks up to four profiles in Python floats:
    supports of every size, strategies removed by dominance, each player's scale in 1e-6..1e6."""
    rng = np.random.default_rng(8)
    checked = 0
    for t in range(60):
        m, n = (int(v) for v in rng.integers(6, 9, size=2))
        scale = 10.0 ** rng.integers(-6, 7, size=2)
        A, B = rng.random((m, n)) * scale[0], rng.random((m, n)) * scale[1]
        if t % 3 == 0:
            A[0] = A[1] - 0.5 * scale[0]            # a dominated row: the game is checked with it
        checked += bool(_same_checks(bg.Game.from_matrices(A, B), hull=True))
    assert checked > 20


def test_scalar_screen_refuses_degenerate_vertices():
    # The column player is indifferent between her columns: P has a vertex with an extra label.
    A, B = np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([[1.0, 1.0], [2.0, 2.0]])
    assert scalar_screen(A, B) is None
    assert sp.simple_pairs(A, B) is None
    pairs, X, Y = scalar_screen(np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([[1.0, 2.0], [2.0, 1.0]]))
    assert len(pairs) == 1 and np.allclose(X, [[1 / 3, 1 / 3]]) and np.allclose(Y, [[1 / 3, 1 / 3]])
