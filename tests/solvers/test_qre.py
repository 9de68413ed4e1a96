"""The logit QRE path: fixed-point property, turning points, bifurcations, verified limits, Gambit agreement."""

import json

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.solvers.qre import qre_at_lambda, qre_path, refine_equilibrium

# McKelvey and McLennan's 2x2x2 game (Gambit contrib/games/2x2x2.nfg): nine equilibria. Its principal
# logit branch meets another branch near lambda = 0.597, where Gambit's tracer stops and reports a
# profile with regret 0.213 as Nash (gambitproject/gambit issue 492, PR 1023).
_MM = {(0, 0, 0): (9, 8, 12), (1, 1, 0): (9, 8, 2), (1, 0, 1): (3, 4, 6), (0, 1, 1): (3, 4, 6)}


def mckelvey_mclennan() -> bg.Game:
    P = np.zeros((3, 2, 2, 2), dtype=int)
    for prof, pay in _MM.items():
        for i in range(3):
            P[(i, *prof)] = pay[i]
    return bg.Game(P)


def turning_game() -> bg.Game:
    """A seeded 3x3 game whose principal branch folds twice (two turning points, lambda ~ 12.8 and 33.3)."""
    return bg.Game(np.random.default_rng(1).normal(size=(2, 3, 3)))


def _qre_residual(game, profile, lam):
    """Max |x_ik - exp(lam v_ik) / sum_l exp(lam v_il)| over players and strategies."""
    worst = 0.0
    for i in range(game.n_players):
        v = game.deviation_payoffs(profile, i)
        e = np.exp(lam * (v - v.max()))
        worst = max(worst, float(np.max(np.abs(profile[i] - e / e.sum()))))
    return worst


def _gambit_profile(gg, p):
    return [np.array([float(p[s]) for s in player.strategies]) for player in gg.players]


def test_every_path_point_is_a_logit_qre():
    rng = np.random.default_rng(0)
    g = bg.Game(rng.normal(size=(3, 2, 3, 2)) * 5)
    path = qre_path(g, lambda_max=4.0)
    assert path.lam[0] == 0 and path.lam[-1] == pytest.approx(4.0, rel=1e-12) and path.converged
    assert all(np.allclose(p[0], 1 / p.shape[1]) for p in path.profiles)          # starts at the centroid
    assert [p.shape for p in path.profiles] == [(len(path), 2), (len(path), 3), (len(path), 2)]
    for k in range(len(path)):
        assert _qre_residual(g, path.profile(k), path.lam[k]) < 1e-9


@pytest.mark.slow
def test_max_step_samples_densely_on_the_same_curve():
    g = turning_game()
    coarse = qre_path(g, lambda_max=60.0)
    fine = qre_path(g, lambda_max=60.0, max_step=0.05)
    assert len(fine) > 3 * len(coarse)
    assert len(fine.turning_points) == len(coarse.turning_points) == 2
    assert all(np.allclose(a[-1], b[-1], atol=1e-9) for a, b in zip(fine.profiles, coarse.profiles, strict=True))
    z = np.concatenate([fine.lam[:, None] / 10, *(np.log(p) for p in fine.profiles)], axis=1)
    assert np.max(np.linalg.norm(np.diff(z, axis=0), axis=1)) < 0.2   # no big jumps between samples
    with pytest.raises(GameError, match="max_step"):
        qre_path(g, max_step=0)


def test_lambda_is_in_payoff_units_and_scale_free():
    rng = np.random.default_rng(2)
    P = rng.normal(size=(2, 3, 3))
    small = qre_at_lambda(bg.Game(P), [0.5, 2.0])
    big = qre_at_lambda(bg.Game(P * 1000.0), [0.0005, 0.002])
    for a, b in zip(small, big, strict=True):
        assert all(np.allclose(x, y, atol=1e-9) for x, y in zip(a, b, strict=True))


def test_limit_is_verified_nash_and_pure_games():
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])    # Prisoner's Dilemma
    eqs = bg.solve(g, method="qre")
    assert eqs.method == "qre" and not eqs.complete and len(eqs) == 1
    assert eqs[0].support == ((1,), (1,)) and eqs[0].regret <= g.tolerance
    assert bg.qre_path is qre_path and np.allclose(bg.qre_path(g).final[0], [0, 1], atol=1e-8)
    mp = bg.Game.from_matrices([[1, -1], [-1, 1]])                     # the centroid is the equilibrium
    eq = bg.solve(mp, method="qre")[0]
    assert np.allclose(eq.profile[0], 0.5)


def test_turning_points_detected_and_passed():
    g = turning_game()
    path = qre_path(g)
    assert len(path.turning_points) == 2
    assert np.any(np.diff(path.lam) < 0)                      # lambda really goes back between the folds
    k1, k2 = path.turning_points
    assert path.lam[k1] > path.lam[k2]                          # first fold forward, second fold back
    assert any("turning point" in n for n in path.notes) and not path.bifurcations
    d = json.loads(json.dumps(path.to_dict()))
    assert [e["index"] for e in d["turning_points"]] == [k1, k2] and len(d["lambda"]) == len(path)
    assert d["profiles"]["P2"]["S3"] == path.profiles[1][:, 2].tolist()
    for k in range(len(path)):
        assert _qre_residual(g, path.profile(k), path.lam[k]) < 1e-8
    eqs = bg.solve(g, method="qre")
    assert len(eqs) == 1 and eqs[0].regret <= g.tolerance


def test_bifurcation_of_symmetric_coordination_at_lambda_two():
    # x = y = (1/2, 1/2) is a QRE for every lambda; the slope of the logit response there is lambda/2,
    # so the branches (x, x) with x != 1/2 split off (a pitchfork) exactly at lambda = 2.
    g = bg.Game.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    path = qre_path(g, lambda_max=5.0)
    assert len(path.bifurcations) == 1
    k = path.bifurcations[0]
    assert path.lam[k - 1] <= 2.0 <= path.lam[k] and path.lam[k] - path.lam[k - 1] < 1e-2
    assert np.allclose(path.profiles[0], 0.5)


def test_mckelvey_mclennan_bifurcation_and_verified_limit():
    g = mckelvey_mclennan()
    path = qre_path(g)
    assert len(path.bifurcations) == 1
    k = path.bifurcations[0]
    assert 0.595 < path.lam[k] < 0.599
    eqs = bg.solve(g, method="qre")
    assert len(eqs) == 1
    eq = eqs[0]
    assert g.is_nash(eq.profile) and eq.regret <= g.tolerance
    assert np.allclose(eq.profile[0], 0.5) and np.allclose(eq.profile[1], 0.5) and np.allclose(eq.profile[2], [1, 0])
    assert any("bifurcation" in n for n in eqs.notes)


def test_never_reports_an_unconverged_point():
    g = bg.Game.from_matrices([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    eqs = bg.solve(g, method="qre", max_steps=5)
    assert len(eqs) == 0
    assert any("not near its limit" in n for n in eqs.notes) and any("max_steps" in n for n in eqs.notes)
    eqs = bg.solve(g, method="qre", lambda_max=0.2)
    assert len(eqs) == 0 and any("no equilibrium is reported" in n for n in eqs.notes)


def test_refine_equilibrium_rejects_wrong_support():
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    # Cooperating is strictly dominated: no equilibrium mixes over both rows
    assert refine_equilibrium(g, ([0.5, 0.5], [0.5, 0.5]), ((0, 1), (0, 1))) is None
    out = refine_equilibrium(g, ([0.1, 0.9], [0.1, 0.9]), ((1,), (1,)))
    assert np.allclose(out[0], [0, 1])


def test_constant_game_and_bad_inputs():
    g = bg.Game(np.ones((2, 2, 3)))
    path = qre_path(g)
    assert len(path) == 1 and path.converged
    assert len(bg.solve(g, method="qre")) == 1
    g = bg.Game.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(GameError, match="lambda_max must be a positive"):
        qre_path(g, lambda_max=-1)
    with pytest.raises(GameError, match="max_regret must be positive"):
        qre_path(g, max_regret=0)
    with pytest.raises(GameError, match="first_step"):
        qre_path(g, first_step=float("nan"))
    with pytest.raises(GameError, match="targets"):
        qre_path(g, lambda_max=1, targets=[-1])
    with pytest.raises(GameError, match=r"bargain\.Game"):
        qre_path([[1, 0], [0, 1]])
    with pytest.raises(GameError, match="lam is empty"):
        qre_at_lambda(g, [])


# ----------------------------------------------------------------------------- against Gambit
def _random_games(seed, count):
    rng = np.random.default_rng(seed)
    shapes = [(2, 2), (3, 3), (4, 3), (2, 2, 2), (3, 2, 2), (5, 5)]
    return [bg.Game(rng.normal(size=(len(s), *s)) * 10) for s in (shapes[k % len(shapes)] for k in range(count))]


def test_points_at_same_lambda_agree_with_gambit():
    gbt = pytest.importorskip("pygambit")
    lams = [0.05, 0.3, 1.0, 2.5]
    for g in [*_random_games(31, 12), turning_game()]:
        gg = gbt.Game.from_arrays(*g.payoffs)
        theirs = gbt.qre.logit_solve_lambda(gg, lams, use_strategic=True)
        ours = qre_at_lambda(g, lams)
        for mine, th in zip(ours, theirs, strict=True):
            ref = _gambit_profile(gg, th.profile)
            assert all(np.allclose(a, b, atol=1e-7) for a, b in zip(mine, ref, strict=True))
    # beyond both turning points of the folding game as well
    g = turning_game()
    gg = gbt.Game.from_arrays(*g.payoffs)
    (th,) = gbt.qre.logit_solve_lambda(gg, [60.0], use_strategic=True)
    (mine,) = qre_at_lambda(g, [60.0])
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(mine, _gambit_profile(gg, th.profile), strict=True))


def test_limits_agree_with_gambit_where_gambit_verifies():
    gbt = pytest.importorskip("pygambit")
    compared = 0
    for g in [*_random_games(32, 18), turning_game()]:
        gg = gbt.Game.from_arrays(*g.payoffs)
        res = gbt.nash.logit_solve(gg, use_strategic=True)
        ref = [x / x.sum() for x in _gambit_profile(gg, res.equilibria[0])]
        eqs = bg.solve(g, method="qre")
        assert len(eqs) == 1 and eqs[0].regret <= g.tolerance
        if g.regret(ref) <= 1e-6 * np.ptp(g.payoffs):
            assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(eqs[0].profile, ref, strict=True))
            compared += 1
    assert compared >= 15


def test_gambit_reports_a_non_equilibrium_where_we_verify():
    gbt = pytest.importorskip("pygambit")
    g = mckelvey_mclennan()
    gg = gbt.Game.from_arrays(*g.payoffs)
    res = gbt.nash.logit_solve(gg, use_strategic=True)
    ref = [x / x.sum() for x in _gambit_profile(gg, res.equilibria[0])]
    if g.regret(ref) <= 1e-6 * np.ptp(g.payoffs):
        pytest.skip("this pygambit build passes the bifurcation")
    assert g.regret(ref) > 0.1                                   # Gambit's end point is not Nash ...
    assert bg.solve(g, method="qre")[0].regret <= g.tolerance    # ... ours is
