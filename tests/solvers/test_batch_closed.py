"""The closed-form two-player kernel of the batch engine against Gambit, nashpy and bargain.solve."""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.batch import solve_batch
from bargain.solvers.batch.closed import two_player_candidates
from bargain.testing import assert_equilibria_equal


def _enummixed(A: np.ndarray, B: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.from_arrays(A, B)
    res = gbt.nash.enummixed_solve(g, rational=False)
    return [tuple(np.array([float(eq[s]) for s in p.strategies]) for p in g.players) for eq in res.equilibria]


@pytest.mark.parametrize("shape", [(4, 4), (3, 4), (2, 6), (4, 2)])
def test_closed_forms_match_gambit_on_generic_games(shape):
    rng = np.random.default_rng(sum(shape) * 31)
    P = rng.normal(size=(20, 2, *shape))
    res = solve_batch(P, n_players=2, fallback=False)
    assert not res.fallback.any()                         # continuous payoffs: never suspect
    for b in range(P.shape[0]):
        assert_equilibria_equal(res.equilibria_at(b), _enummixed(P[b, 0], P[b, 1]), tol=1e-7,
                                game=bg.Game(P[b]))


def test_closed_forms_agree_with_solve_on_degenerate_sweeps():
    # payoffs affine in t with small integer coefficients: many points have payoff ties, continua
    # and unequal supports; the suspect ones must reach the general method and the full solver.
    rng = np.random.default_rng(7)
    for shape in ((3, 3), (2, 3), (4, 4)):
        P0 = rng.integers(0, 3, size=(2, *shape)).astype(float)
        P1 = rng.integers(-2, 3, size=(2, *shape)).astype(float)
        t = np.linspace(0, 1, 41)
        P = P0 + t[:, None, None, None] * P1
        res = solve_batch(P, n_players=2)
        for b in range(t.size):
            g = bg.Game(P[b])
            assert_equilibria_equal(res.equilibria_at(b), bg.solve(g, exact=False), tol=1e-7, game=g)


def test_suspect_flags_ties_and_unequal_supports():
    A = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.4], [0.3, 0.2, 0.9]])
    B = np.array([[0.0, 1.0, 0.2], [1.0, 0.0, 0.7], [0.6, 0.1, 0.4]])
    generic = two_player_candidates(A[None], B.T[None])[3]
    assert not generic[0]
    tie = B.copy()
    tie[0, 2] = tie[0, 0]                                 # column player's payoffs tie against row 0
    assert two_player_candidates(A[None], tie.T[None])[3][0]
    # x = (1/2, 1/2) on rows 0, 1 makes columns 0, 1, 2 all pay 1/2: a 2-vs-3 consistent system
    three = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 0.5], [0.2, 0.3, 0.1]])
    assert two_player_candidates(A[None], three.T[None])[3][0]


def test_matching_pennies_and_pure_coordination_by_hand():
    mp = np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    rows, x, y, suspect = two_player_candidates(mp[0][None], mp[1].T[None])
    assert not suspect[0] and rows.tolist() == [0]
    assert np.allclose(x, 0.5) and np.allclose(y, 0.5)
    # coordination [[2, 0], [0, 1]] both: pure (1,1), (2,2) and the mix (1/3, 2/3)
    co = np.array([[[1.0, 0.0], [0.0, 0.5]], [[1.0, 0.0], [0.0, 0.5]]])
    rows, x, y, _ = two_player_candidates(co[0][None], co[1].T[None])
    got = sorted(np.round(np.concatenate([x, y], axis=1), 9).tolist())
    assert got == sorted([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0],
                          np.round([1 / 3, 2 / 3, 1 / 3, 2 / 3], 9).tolist()])


def test_elementwise_det_matches_lapack():
    from bargain.linalg.batched import det

    rng = np.random.default_rng(11)
    for n in range(1, 7):
        M = rng.normal(size=(50, 3, n, n))
        assert np.allclose(det(M), np.linalg.det(M), rtol=1e-10, atol=1e-12)


def test_mixed_closed_forms_match_the_polynomial_2x2x2_closed_form():
    """The supports where the binary player mixes: against the 2x2x2 closed form of the polynomial
    solver (written independently: bilinear indifference functions, one quadratic in r)."""
    from bargain.model.scale import normalise_per_player
    from bargain.solvers.batch.common import Candidates
    from bargain.solvers.batch.mixed_closed import mixed_candidates
    from bargain.solvers.batch.supports import verify_candidates
    from bargain.solvers.polynomial.closed_2x2x2 import closed_form_2x2x2

    rng = np.random.default_rng(8)
    U = normalise_per_player(rng.normal(size=(300, 3, 2, 2, 2)), 3)[0]
    rows, x, y, z, suspect = mixed_candidates(U)
    assert not suspect.any()
    c = Candidates()
    c.add(rows, x, y, z)
    rows, x, y, z, status = verify_candidates(U, c)
    ref = closed_form_2x2x2(U)
    found = 0
    for b in range(U.shape[0]):
        ours = np.concatenate([x, y, z], axis=1)[(rows == b) & (status > 0)]
        theirs = ref.equilibria(b)
        theirs = theirs[(theirs[:, 4] > 1e-9) & (theirs[:, 4] < 1 - 1e-9)]          # c mixes
        assert len(ours) == len(theirs)
        for p in theirs:
            assert np.abs(ours - p).max(axis=1).min() <= 1e-9
        found += len(ours)
    assert found > 50


def test_mixed_closed_forms_flag_a_binary_player_indifferent_everywhere():
    # c's payoff does not depend on its strategy: c mixes freely, a continuum - never decided in closed form
    from bargain.solvers.batch.mixed_closed import mixed_candidates

    rng = np.random.default_rng(9)
    U = rng.random((4, 3, 2, 3, 2))
    U[:, 2, :, :, 1] = U[:, 2, :, :, 0]
    assert mixed_candidates(U)[4].all()


@pytest.mark.parametrize("shape", [(3, 3, 2), (3, 2, 2), (2, 3, 2)])
def test_mixed_closed_forms_up_to_3x3x2_give_the_full_solvers_sets(shape):
    """Supports (3, 3), (3, 2), (2, 3) with the binary player mixing (a quartic, two quadratics) and the
    over-determined (3, 1): every point decided in closed form, and bargain.solve's set there."""
    from bargain.model.scale import normalise_per_player
    from bargain.solvers.batch.mixed_closed import mixed_candidates

    rng = np.random.default_rng(sum(shape) * 13)
    P = rng.normal(size=(25, 3, *shape))
    res = solve_batch(P, n_players=3, fallback=False)
    assert not res.fallback.any()
    assert not mixed_candidates(normalise_per_player(P, 3)[0])[4].any()     # the last player is binary
    for b in range(P.shape[0]):
        assert_equilibria_equal(res.equilibria_at(b), bg.solve(bg.Game(P[b]), exact=False), tol=1e-7,
                                game=bg.Game(P[b]))
