"""Vertex pairs of small games: the cofactor screen keeps every basis the LU solve needs.

:func:`screen` drops a basis of ``P`` (or its complement in ``Q``) only when Cramer's rule shows it
clearly infeasible, and names the pairs only when no decision is in doubt; :func:`simple_pairs` with
the screen must then return exactly what it returns when it solves every basis by LU -- on generic
games, on games full of ties (degenerate vertices, singular bases, constant payoffs), on rectangular
games and on games with a dominated strategy.
:func:`cramer_sums` is checked against LAPACK's determinants and solves.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from bargain.linalg.minors import cramer_sums, index_pairs
from bargain.solvers import simple_pairs as sp
from bargain.solvers._polytope import normalise_payoffs


@pytest.mark.parametrize("shape", [(1, 4), (3, 3), (4, 5), (2, 6)])
def test_cramer_sums_match_lapack(shape):
    rng = np.random.default_rng(sum(shape))
    A, B = 1.0 + rng.random(shape), 1.0 + rng.random(shape)
    checked = 0
    for (rows, cols, _, _, e), (det, S) in zip(index_pairs(*shape), cramer_sums(A, B), strict=True):
        for t in range(len(rows)):
            ix = np.ix_(rows[t], cols[t])
            np.testing.assert_allclose(det[:, t], [np.linalg.det(A[ix]), np.linalg.det(B[ix])], rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(e * S[0, t] / det[0, t], np.linalg.solve(A[ix], np.ones(len(rows[t]))),
                                       rtol=1e-8, atol=1e-10)
            np.testing.assert_allclose(e * S[1, t] / det[1, t], np.linalg.solve(B[ix].T, np.ones(len(rows[t]))),
                                       rtol=1e-8, atol=1e-10)
            checked += 1
    assert checked == sum(math.comb(shape[0], s) * math.comb(shape[1], s) for s in range(1, min(shape) + 1))


def _unscreened(A: np.ndarray, B: np.ndarray):
    saved = sp.SCREEN_MIN
    sp.SCREEN_MIN = 10 ** 9
    try:
        return sp.simple_pairs(A, B)
    finally:
        sp.SCREEN_MIN = saved


def _screened(A: np.ndarray, B: np.ndarray):
    saved = sp.SCREEN_MIN
    sp.SCREEN_MIN = 0
    try:
        return sp.simple_pairs(A, B)
    finally:
        sp.SCREEN_MIN = saved


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("seed", [1, 2])
def test_screen_changes_nothing(seed):
    """Screened and unscreened simple_pairs agree bit for bit, and the screen does drop bases."""
    rng = np.random.default_rng(seed)
    outcomes = {"pairs": 0, "refused": 0}
    dropped = named = in_doubt = 0
    for t in range(250):
        m = int(rng.integers(1, 6))
        n = int(rng.integers(max(m, 2), 8))
        if math.comb(m + n, m) > 400:
            continue
        hi = (1, 2, 3, 10, 10_000)[t % 5]
        A = rng.integers(0, hi + 1, size=(m, n)).astype(float)
        B = rng.integers(0, hi + 1, size=(m, n)).astype(float)
        if t % 7 == 0:
            A[0] = A[-1] - 1.0 if m > 1 else A[0]      # a dominated row
        if t % 11 == 0:
            B[:] = 3.0                                 # constant payoffs: every basis of size > 1 singular
        A, B = normalise_payoffs(A), normalise_payoffs(B)
        fast, slow = _screened(A, B), _unscreened(A, B)
        assert _same(fast, slow), (t, m, n, hi)
        outcomes["refused" if fast is None else "pairs"] += 1
        found = sp.screen(A, B)
        dropped += len(found.candidates) < math.comb(m + n, m) - 1
        if found.pairs is None:
            in_doubt += 1
        else:       # named pairs: exactly the pairs of the full solve
            named += 1
            assert slow is not None and len(found.pairs) == len(slow[0])
    assert min(outcomes.values()) > 20, outcomes    # both the degenerate refusal and the pairs were exercised
    assert dropped > 50 and named > 50 and in_doubt > 20, (dropped, named, in_doubt)


def test_screen_keeps_the_equilibria_of_a_coordination_game():
    """A perturbed 5x5 coordination game has an equilibrium on every square support (31 of them): the
    screen must keep every one of those bases and their partners."""
    rng = np.random.default_rng(9)
    A = normalise_payoffs(10 * np.eye(5) + rng.random((5, 5)))
    B = normalise_payoffs(10 * np.eye(5) + rng.random((5, 5)))
    found = _screened(A, B)
    assert found is not None and len(found[0]) == 31
    assert _same(found, _unscreened(A, B))
