"""Replicator dynamics (field, Jacobian, tangent eigenvalues, integration) and fictitious play."""

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.solvers import dynamics as dyn

COORD = ([[2, 0], [0, 1]], [[2, 0], [0, 1]])
PENNIES = ([[1, -1], [-1, 1]],)
# Shapley (1964): fictitious play cycles with ever longer runs; the unique equilibrium is uniform.
SHAPLEY = ([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 1, 0], [0, 0, 1], [1, 0, 0]])


def _random_game(rng, shape):
    return bg.Game(rng.normal(size=(len(shape), *shape)))


def test_deviation_payoffs_match_game_and_batch():
    rng = np.random.default_rng(1)
    g = _random_game(rng, (2, 3, 4))
    batch = [rng.dirichlet(np.ones(s), size=(5, 7)) for s in g.shape]
    v = dyn.deviation_payoffs(g, batch)
    assert [x.shape for x in v] == [(5, 7, 2), (5, 7, 3), (5, 7, 4)]
    for a, b in [(0, 0), (4, 6), (2, 3)]:
        prof = [x[a, b] for x in batch]
        for i in range(3):
            assert np.allclose(v[i][a, b], g.deviation_payoffs(prof, i))


def test_replicator_field_is_tangent_and_zero_at_equilibria():
    rng = np.random.default_rng(2)
    g = _random_game(rng, (3, 2, 2))
    batch = [rng.dirichlet(np.ones(s), size=100) for s in g.shape]
    for f in dyn.replicator_field(g, batch):
        assert np.allclose(f.sum(axis=-1), 0.0, atol=1e-12)
    pennies = bg.Game.from_matrices(*PENNIES)
    assert all(np.allclose(f, 0) for f in dyn.replicator_field(pennies, [[0.5, 0.5], [0.5, 0.5]]))
    # 2x2 coordination: at (x, y) the field of player 1 is x(1-x)(3y-1) on strategy 1
    x, y = 0.3, 0.6
    f = dyn.replicator_field(bg.Game.from_matrices(*COORD), [[x, 1 - x], [y, 1 - y]])
    assert f[0][0] == pytest.approx(x * (1 - x) * (3 * y - 1))


def test_jacobian_matches_finite_differences_n_players():
    rng = np.random.default_rng(3)
    for shape in [(2, 2), (3, 4), (2, 3, 2), (2, 2, 2, 2)]:
        g = _random_game(rng, shape)
        x = [rng.dirichlet(np.ones(s)) for s in shape]
        J = dyn.replicator_jacobian(g, x)
        z = np.concatenate(x)
        off = np.cumsum([0, *shape])

        def field(z, off=off, g=g, shape=shape):
            parts = [z[off[i]: off[i + 1]][None, :] for i in range(len(shape))]   # a batch of one: off-simplex ok
            return np.concatenate([f[0] for f in dyn.replicator_field(g, parts)])

        h = 1e-6
        Jn = np.column_stack([(field(z + h * e) - field(z - h * e)) / (2 * h) for e in np.eye(len(z))])
        assert np.abs(J - Jn).max() < 1e-7


def test_tangent_eigenvalues_classify_rest_points():
    coord = bg.Game.from_matrices(*COORD)
    # strict equilibria are stable: eigenvalues -(payoff loss) = -2, -2 at (S1, S1) and -1, -1 at (S2, S2)
    assert np.allclose(sorted(dyn.tangent_eigenvalues(coord, [0, 0]).real), [-2, -2])
    assert np.allclose(sorted(dyn.tangent_eigenvalues(coord, [1, 1]).real), [-1, -1])
    # the mixed equilibrium (1/3, 2/3) is a saddle: eigenvalues +-sqrt(2/9 * 2/9 * 9) = +-2/3
    ev = dyn.tangent_eigenvalues(coord, [[1 / 3, 2 / 3], [1 / 3, 2 / 3]])
    assert np.allclose(sorted(ev.real), [-2 / 3, 2 / 3])
    # matching pennies: a centre, purely imaginary eigenvalues +-i
    ev = dyn.tangent_eigenvalues(bg.Game.from_matrices(*PENNIES), [[0.5, 0.5], [0.5, 0.5]])
    assert np.allclose(ev.real, 0) and np.allclose(sorted(np.abs(ev.imag)), [1, 1])
    assert len(dyn.tangent_eigenvalues(bg.Game(np.zeros((3, 2, 3, 4))), [0, 0, 0])) == 1 + 2 + 3


def test_replicator_trajectory_converges_and_stays_on_simplex():
    coord = bg.Game.from_matrices(*COORD)
    tr = dyn.replicator_trajectory(coord, [[0.4, 0.6], [0.5, 0.5]], t_max=40, num=81)
    assert tr.t.shape == (81,) and tr.profiles[0].shape == (81, 2)
    assert np.allclose(tr.final[0], [1, 0], atol=1e-6) and np.allclose(tr.final[1], [1, 0], atol=1e-6)
    tr = dyn.replicator_trajectory(coord, [[0.2, 0.8], [0.2, 0.8]], t_max=40)
    assert np.allclose(tr.final[0], [0, 1], atol=1e-6)
    # matching pennies conserves KL divergence from the centre: the orbit neither spirals in nor out
    pennies = bg.Game.from_matrices(*PENNIES)
    tr = dyn.replicator_trajectory(pennies, [[0.8, 0.2], [0.5, 0.5]], t_max=30, num=301)

    def kl(p):
        return np.sum(0.5 * np.log(0.5 / p[0]) + 0.5 * np.log(0.5 / p[1]), axis=-1)

    h = kl(tr.profiles[0]) + kl(tr.profiles[1])
    assert np.ptp(h) < 1e-5
    assert all(np.allclose(p.sum(axis=1), 1) for p in tr.profiles)


def test_fictitious_play_zero_sum_and_coordination():
    pennies = bg.Game.from_matrices(*PENNIES)
    fp = dyn.fictitious_play(pennies, rounds=4000)
    assert fp.frequencies[0].shape == (4000, 2) and fp.actions.shape == (4000, 2)
    assert np.allclose(fp.final[0], [0.5, 0.5], atol=0.02) and np.allclose(fp.final[1], [0.5, 0.5], atol=0.02)
    # rock-paper-scissors (zero-sum): frequencies -> uniform (Robinson 1951)
    rps = bg.Game.from_matrices([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    fp = dyn.fictitious_play(rps, rounds=5000)
    assert np.allclose(fp.final[0], 1 / 3, atol=0.03)
    coord = bg.Game.from_matrices(*COORD)
    fp = dyn.fictitious_play(coord, rounds=50, start=["S2", "S1"])
    assert np.array_equal(fp.actions[-1], [0, 0])
    assert np.allclose(fp.final[0][0], 1, atol=0.05)


def test_fictitious_play_potential_game_three_players():
    # a 3-player common-interest (hence potential) game: all players get phi(a)
    rng = np.random.default_rng(4)
    phi = rng.normal(size=(2, 3, 2))
    g = bg.Game(np.stack([phi, phi, phi]))
    fp = dyn.fictitious_play(g, rounds=300)
    last = tuple(fp.actions[-1])
    assert g.is_nash(g.pure_profile(last))           # settles on a pure equilibrium
    assert all(tuple(a) == last for a in fp.actions[-50:])


def test_shapley_example_cycles():
    g = bg.Game.from_matrices(*SHAPLEY)
    fp = dyn.fictitious_play(g, rounds=6000)
    late = fp.frequencies[0][3000:]
    # the empirical frequencies stay far from the unique equilibrium (1/3, 1/3, 1/3)
    assert np.abs(late - 1 / 3).max(axis=1).min() > 0.1
    # ... and keep moving (a cycle, not convergence to another point)
    assert np.ptp(late[:, 0]) > 0.1


def test_bad_inputs():
    g = bg.Game.from_matrices(*COORD)
    with pytest.raises(GameError, match="rounds must be a positive"):
        dyn.fictitious_play(g, rounds=0)
    with pytest.raises(GameError, match="start must give one pure strategy per player"):
        dyn.fictitious_play(g, start=[0])
    with pytest.raises(GameError, match="t_max"):
        dyn.replicator_trajectory(g, [0, 0], t_max=-1)
    with pytest.raises(GameError, match="sums to"):
        dyn.replicator_jacobian(g, [[0.5, 0.6], [1, 0]])
    with pytest.raises(GameError, match="last axis"):
        dyn.replicator_field(g, [np.ones((4, 3)) / 3, np.ones((4, 2)) / 2])


@pytest.mark.slow
def test_replicator_batch_basins_of_coordination_game():
    # 2x2 coordination (2,0;0,1): dx/dt = x(1-x)(3y-1), dy/dt = y(1-y)(3x-1), so the quadrant x, y > 1/3
    # is forward invariant and flows to (S1, S1), the quadrant x, y < 1/3 to (S2, S2)
    coord = bg.Game.from_matrices(*COORD)
    grid = np.linspace(0.02, 0.98, 25)
    X, Y = np.meshgrid(grid, grid, indexing="ij")
    x0 = np.stack([X.ravel(), 1 - X.ravel()], axis=1)
    y0 = np.stack([Y.ravel(), 1 - Y.ravel()], axis=1)
    fx, fy = dyn.replicator_batch(coord, [x0, y0], t_max=60, steps=3000)
    to_s1 = (fx[:, 0] > 0.99) & (fy[:, 0] > 0.99)
    to_s2 = (fx[:, 1] > 0.99) & (fy[:, 1] > 0.99)
    assert np.all(to_s1 | to_s2)
    x, y = X.ravel(), Y.ravel()
    assert np.all(to_s1[(x > 1 / 3) & (y > 1 / 3)]) and np.all(to_s2[(x < 1 / 3) & (y < 1 / 3)])
    # the batch agrees with the adaptive integrator, start by start, on a spread of the grid
    for k in range(0, len(x), 53):
        tr = dyn.replicator_trajectory(coord, [x0[k], y0[k]], t_max=5)
        bx, by = dyn.replicator_batch(coord, [x0[k:k + 1], y0[k:k + 1]], t_max=5, steps=500)
        assert np.allclose(bx[0], tr.final[0], atol=1e-6) and np.allclose(by[0], tr.final[1], atol=1e-6)


def test_replicator_batch_records_trajectory_and_checks_inputs():
    rng = np.random.default_rng(8)
    g = _random_game(rng, (2, 3, 2))
    starts = [rng.dirichlet(np.ones(s), size=10) for s in g.shape]
    traj = dyn.replicator_batch(g, starts, t_max=2, steps=100, record_every=10)
    assert [t.shape for t in traj] == [(11, 10, 2), (11, 10, 3), (11, 10, 2)]
    assert np.allclose(traj[1][0], starts[1]) and all(np.allclose(t.sum(axis=-1), 1) for t in traj)
    with pytest.raises(GameError, match="same number of starting rows"):
        dyn.replicator_batch(g, [starts[0], starts[1][:3], starts[2]])
    with pytest.raises(GameError, match="summing to 1"):
        dyn.replicator_batch(g, [starts[0] * 2, starts[1], starts[2]])
    with pytest.raises(GameError, match=r"shape \(B, 3\)"):
        dyn.replicator_batch(g, [starts[0], starts[0], starts[2]])


@pytest.mark.parametrize("shape", [(2, 2), (3, 4), (2, 2, 2), (3, 2, 2), (2, 2, 2, 2)])
def test_batched_tangent_eigenvalues_equal_a_finite_difference_jacobian_at_each_profile(shape):
    """One stacked eigenvalue problem gives, profile by profile, the eigenvalues of the replicator
    field's Jacobian computed by central differences (on the tangent space of the simplices)."""
    from bargain.solvers.dynamics import _tangent_basis, replicator_field, tangent_eigenvalues_batch

    rng = np.random.default_rng(sum(shape))
    game = bg.Game(rng.normal(size=(len(shape), *shape)))
    profiles = [[rng.dirichlet(np.ones(s)) for s in shape] for _ in range(4)]
    batch = tangent_eigenvalues_batch(game, profiles)
    V = _tangent_basis(tuple(shape))
    offsets = np.concatenate([[0], np.cumsum(shape)])
    h = 1e-6
    for prof, lam in zip(profiles, batch, strict=True):
        x0 = np.concatenate(prof)
        cols = []
        for d in V.T:
            f = [np.concatenate(replicator_field(game, dyn._Raw((x0 + sgn * h * d)[offsets[i]:offsets[i + 1]]
                                                                 for i in range(len(shape))))) for sgn in (1, -1)]
            cols.append((f[0] - f[1]) / (2 * h))
        fd = np.linalg.eigvals(V.T @ np.column_stack(cols))
        assert np.allclose(np.sort_complex(lam), np.sort_complex(fd), atol=1e-5)
        assert np.allclose(np.sort_complex(lam), np.sort_complex(dyn.tangent_eigenvalues(game, prof)))
