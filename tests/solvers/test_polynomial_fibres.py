"""Special fibres of the 3x3x3 resultant: solutions over points where the elimination degenerates.

Oracles: the 3x3x3 coordination game, whose full-support system is worked out by hand (the uniform
profile, three sign patterns of it, and the six profiles in which the players pick three different
strategies: ten solutions, the Bezout number); and the homotopy route on degenerate 3x3x3 and 3x3x2
games (coordination games with random cells and weights, sparse 0/1 payoffs, payoffs in {0, 1, 2}),
whose answer must be the same set as the elimination's.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.completeness import covered
from bargain.solvers.polynomial import multilinear, polynomial_solve, resultant
from bargain.solvers.polynomial.fibres import fibre_candidates_333
from bargain.solvers.polynomial.homotopy import MultilinearBatch
from bargain.solvers.polynomial.support import indifference_coefficients

FULL = ((0, 1, 2),) * 3


def coordination(weights: np.ndarray | None = None) -> np.ndarray:
    """Everyone gets ``weights[k]`` (default 1) when all three play strategy ``k``, else 0."""
    P = np.zeros((3, 3, 3, 3))
    for k in range(3):
        P[:, k, k, k] = 1.0 if weights is None else weights[k]
    return P


def full_batch(P: np.ndarray) -> MultilinearBatch:
    return MultilinearBatch((3, 3, 3), tuple(indifference_coefficients(P, FULL, i)[None] for i in range(3)))


def normalised(y: np.ndarray) -> np.ndarray:
    return np.concatenate([y[3 * j:3 * j + 3] / y[3 * j:3 * j + 3].sum() for j in range(3)])


def test_fibre_candidates_of_the_coordination_game_are_the_six_mismatched_profiles():
    batch = full_batch(coordination())
    cand = fibre_candidates_333(*(c[0] for c in batch.coeffs))
    got = {tuple(np.round(normalised(y).real, 12) + 0.0) for y in cand}
    want = {tuple(np.concatenate([np.eye(3)[p] for p in perm]))
            for perm in itertools.permutations(range(3))}
    assert got == want
    for y in cand:               # each is a solution of the full support's system
        x = [y[3 * j:3 * j + 3] for j in range(3)]
        for i, c in enumerate(batch.coeffs):
            others = [x[j] for j in range(3) if j != i]
            assert np.abs(np.einsum("kab,a,b->k", c[0], *others)).max() < 1e-12


def test_coordination_full_support_is_accepted_by_the_resultant_with_its_fibres(monkeypatch):
    calls = []
    monkeypatch.setattr(resultant, "fibre_candidates_333",
                        lambda *a: calls.append(1) or fibre_candidates_333(*a))
    system, blocks, fallback = resultant.solve_333(full_batch(coordination()))
    assert not fallback[0] and calls == [1]
    got = {tuple(np.round(np.concatenate([b[k] for b in blocks]), 9) + 0.0) for k in range(len(system))}
    # the real solutions in the product of simplices: the uniform profile and the six mismatched ones
    assert len(got) == 7 and tuple(np.full(9, round(1 / 3, 9))) in got


def test_coordination_game_needs_no_homotopy(monkeypatch):
    def no_homotopy(*args, **kwargs):
        raise AssertionError("the homotopy was called")

    monkeypatch.setattr(multilinear, "track_paths", no_homotopy)
    res = polynomial_solve(bg.Game(coordination().astype(int)), exact=True)
    assert res.complete and len(res) == 13 and not res.continua
    third = (Fraction(1, 3),) * 3
    assert any(e.exact_profile == (third, third, third) for e in res)
    halves = [e for e in res if len(set(e.exact_profile)) == 1 and sorted(e.exact_profile[0]) == [0, 0.5, 0.5]]
    assert len(halves) == 3


def degenerate_games(rng: np.random.Generator, shape: tuple[int, ...], n: int) -> list[np.ndarray]:
    """Coordination games on random cells with random weights, sparse 0/1 and {0, 1, 2} payoffs."""
    out = []
    for _ in range(n):
        P = np.zeros((3, *shape))
        perms = [rng.permutation(s) for s in shape]
        for k in range(min(shape)):
            P[(slice(None), *[p[k] for p in perms])] = rng.integers(1, 4, size=3)
        out.append(P)
        out.append((rng.random((3, *shape)) < 0.3).astype(float))
        out.append(rng.integers(0, 3, size=(3, *shape)).astype(float))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("shape", [(3, 3, 3), (3, 3, 2)])
def test_degenerate_games_have_the_same_equilibria_by_elimination_and_by_homotopy(shape, monkeypatch):
    calls = []
    monkeypatch.setattr(resultant, "fibre_candidates_333",
                        lambda *a: calls.append(1) or fibre_candidates_333(*a))
    rng = np.random.default_rng([13, *shape])
    for P in degenerate_games(rng, shape, 4):
        game = bg.Game(P)
        elim, hom = polynomial_solve(game), polynomial_solve(game, route="homotopy")
        assert all(covered(e, hom) for e in elim) and all(covered(e, elim) for e in hom)
        if not elim.continua and not hom.continua:
            assert len(elim) == len(hom) and elim.complete == hom.complete
    if shape == (3, 3, 3):
        assert calls                  # some full support went through its special fibres
