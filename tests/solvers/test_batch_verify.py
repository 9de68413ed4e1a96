"""The batch engine's one-pass verification of candidates (bargain.solvers.batch.supports.verify_candidates)."""

from __future__ import annotations

import numpy as np

from bargain.solvers.batch.common import Candidates
from bargain.solvers.batch.supports import MARGIN, verify_candidates


def _two_player(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    U = np.zeros((1, 3, *A.shape, 1))
    U[0, 0, :, :, 0], U[0, 1, :, :, 0] = A, B
    return U


def test_statuses_of_two_player_candidates():
    # matching pennies plus a third row for the row player that ties with the mixture's value
    A = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    B = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])
    U = np.concatenate([_two_player(A, B)] * 5)
    c = Candidates()
    x = np.array([[0.5, 0.5, 0.0],                 # the equilibrium, but row 2 ties: too close to call
                  [1.0, 0.0, 0.0],                 # pure, not an equilibrium
                  [0.5 + 2e-8, 0.5 - 2e-8, 0.0],   # within MARGIN of the equilibrium: still a tie
                  [np.nan, 0.5, 0.5],              # garbage is rejected, not propagated
                  [1.2, -0.2, 0.0]])               # a clearly negative probability
    y = np.array([[0.5, 0.5], [1.0, 0.0], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])
    c.add(np.arange(5), x, y, np.ones((5, 1)))
    rows, xo, _, _, status = verify_candidates(U, c)
    assert rows.tolist() == [0, 1, 2, 3, 4]
    assert status.tolist() == [-1, 0, -1, 0, 0]
    np.testing.assert_allclose(xo[0], [0.5, 0.5, 0.0])
    # without the tying row the equilibrium is robust and its mixtures come back scaled to sum 1
    U2 = _two_player(A[:2], B[:2])
    c2 = Candidates()
    c2.add(np.array([0]), np.array([[0.5 + 1e-12, 0.5]]), np.array([[0.5, 0.5]]), np.ones((1, 1)))
    _, xo, _, _, status = verify_candidates(U2, c2)
    assert status.tolist() == [1]
    assert abs(xo[0].sum() - 1.0) < 1e-15


def test_three_player_regret_and_near_zero_probability():
    rng = np.random.default_rng(3)
    U = rng.random((2, 3, 2, 2, 2))
    # game 0: a pure profile that is a strict equilibrium (each player's strategy 0 pays 1, others 0)
    U[0] = 0.0
    U[0, 0, 0, :, :] = 1.0
    U[0, 1, :, 0, :] = 1.0
    U[0, 2, :, :, 0] = 1.0
    c = Candidates()
    e0 = np.array([[1.0, 0.0]])
    c.add(np.array([0]), e0, e0, e0)
    c.add(np.array([0]), np.array([[1.0 - MARGIN / 10, MARGIN / 10]]), e0, e0)   # a probability next to 0
    c.add(np.array([0]), np.array([[0.0, 1.0]]), e0, e0)                         # a deviates profitably
    _, _, _, _, status = verify_candidates(U, c)
    assert status.tolist() == [1, -1, 0]


def test_no_candidates_keep_their_shapes():
    U = np.zeros((2, 3, 3, 4, 2))
    rows, x, y, z, status = verify_candidates(U, Candidates())
    assert rows.shape == (0,) and status.shape == (0,)
    assert x.shape == (0, 3) and y.shape == (0, 4) and z.shape == (0, 2)


def test_two_player_chunk_suspect_everywhere_goes_to_vertex_enumeration():
    # every point has payoff ties (suspect for the closed forms), so no closed-form candidate survives:
    # all the equilibria come from vertex enumeration, and they must be the full solver's
    import bargain as bg
    from bargain.solvers.batch import solve_batch
    from bargain.testing import assert_equilibria_equal

    t = np.linspace(0.0, 1.0, 5)[:, None, None]
    A = np.array([[1.0, 0.0, 2.0], [1.0, 0.0, 0.0]]) + t * np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
    B = np.array([[2.0, 2.0, 0.0], [0.0, 1.0, 1.0]]) + t * np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    P = np.stack([A, B], axis=1)
    res = solve_batch(P, n_players=2)
    for b in range(P.shape[0]):
        g = bg.Game(P[b])
        assert_equilibria_equal(res.equilibria_at(b), bg.solve(g, exact=False), tol=1e-7, game=g)


def _real_roots_where_uncertified(coef: np.ndarray):
    from bargain.linalg.batched import real_roots, sign_definite

    live = np.flatnonzero(~sign_definite(coef, -1e-7 - 1e-4, 1 + 1e-7 + 1e-4))
    rows, roots, zero, double = real_roots(coef[live])
    z, d = np.zeros(len(coef), bool), np.zeros(len(coef), bool)
    z[live], d[live] = zero, double
    return live[rows], roots, z, d, live.size


def test_sign_definite_skips_exactly_the_quartics_without_roots_or_near_double_roots():
    # real_roots on the uncertified quartics only must give what it gives on all of them: the
    # certificate never drops a root in [0, 1], a near-double root (flagged) or a vanishing quartic
    from bargain.linalg.batched import real_roots

    rng = np.random.default_rng(12)
    n = 20000
    r = rng.uniform(-0.01, 1.01, n)
    eps = 10.0 ** rng.uniform(-14, -6, n) * rng.choice([-1.0, 1.0], n)    # (t - r)^2 + eps: (near-)double
    q = np.stack([r ** 2 + eps, -2 * r, np.ones(n)], axis=1)
    p = np.stack([rng.normal(size=n), rng.normal(size=n), np.ones(n)], axis=1)
    near_double = np.zeros((n, 5))
    for i in range(3):
        for j in range(3):
            near_double[:, i + j] += q[:, i] * p[:, j]
    near_double *= 10.0 ** rng.uniform(-3, 3, (n, 1))
    for coef in (rng.normal(size=(n, 5)), near_double, rng.integers(-2, 3, size=(n, 5)).astype(float),
                 1e-12 * rng.normal(size=(50, 5))):
        want = real_roots(coef)
        *got, _ = _real_roots_where_uncertified(coef)
        for g, w in zip(got, want, strict=True):
            np.testing.assert_array_equal(g, w)
    assert _real_roots_where_uncertified(np.array([[1.0, 0.0, 1.0, 0.0, 0.0], [0.5, -1.0, 0.0, 0.0, 0.0]]))[4] == 1


def test_candidates_c_leaves_are_exactly_ones_verification_rejects():
    from bargain.model.scale import normalise_per_player
    from bargain.solvers.batch.closed import two_player_candidates
    from bargain.solvers.batch.supports import _c_stays

    rng = np.random.default_rng(8)
    U = normalise_per_player(rng.normal(size=(400, 3, 3, 2, 2)), 3)[0]
    dropped = 0
    for k in (0, 1):
        rows, x, y, _ = two_player_candidates(U[:, 0, :, :, k], np.swapaxes(U[:, 1, :, :, k], 1, 2))
        z = np.zeros((rows.size, 2))
        z[:, k] = 1.0
        c = Candidates()
        c.add(rows, x, y, z)
        status = verify_candidates(U, c)[4]
        stays = _c_stays(U, rows, x, y, k)
        assert (status[~stays] == 0).all()
        dropped += int((~stays).sum())
    assert dropped > 100
