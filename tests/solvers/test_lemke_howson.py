"""Lemke–Howson: known equilibria, degenerate games, exact arithmetic, nashpy agreement, iteration cap."""

import warnings
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.solvers.lemke_howson import lemke_howson_path
from bargain.testing import assert_equilibria_contain

F = Fraction

# von Stengel (2002), Handbook of Game Theory 3, ch. 45, fig. 2: three equilibria, two reachable
# by Lemke–Howson from the artificial equilibrium.
VS_A = [[3, 3], [2, 5], [0, 6]]
VS_B = [[3, 2], [2, 6], [3, 1]]


def test_von_stengel_example_exact():
    g = bg.Game.from_matrices(VS_A, VS_B)
    eqs = bg.solve(g, method="lemke-howson")
    assert eqs.method == "lemke-howson" and not eqs.complete
    profiles = {eq.exact_profile for eq in eqs}
    assert profiles == {((F(1), F(0), F(0)), (F(1), F(0))),
                        ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))}
    assert all(eq.is_exact and eq.regret == 0 for eq in eqs)
    # which labels lead where (von Stengel's fig. 3): dropping label 1 (x_2) ends at the mixed one
    assert lemke_howson_path(g, 1, exact=True).profile[0].tolist() == [F(0), F(1, 3), F(2, 3)]
    assert lemke_howson_path(g, 0, exact=True).profile[0].tolist() == [F(1), F(0), F(0)]


def test_alias_labels_option_and_float_mode():
    g = bg.Game.from_matrices(VS_A, VS_B)
    eqs = bg.solve(g, method="lh", exact=False, labels=[1])
    assert len(eqs) == 1 and not eqs[0].is_exact
    assert np.allclose(eqs[0].profile[0], [0, 1 / 3, 2 / 3]) and eqs[0].regret <= g.tolerance


def test_degenerate_games_terminate_with_verified_equilibria():
    games = [
        (np.zeros((3, 3), int), np.zeros((3, 3), int)),                  # every profile is an equilibrium
        ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),            # a continuum through (row 1)
        (np.eye(4, dtype=int), np.eye(4, dtype=int)),                     # ties in every ratio test
        ([[1, 1, 1], [1, 1, 1]], [[0, 1, 1], [1, 0, 1]]),
    ]
    for A, B in games:
        g = bg.Game.from_matrices(A, B)
        for exact in (True, False):
            eqs = bg.solve(g, method="lemke-howson", exact=exact)
            assert len(eqs) >= 1
            for eq in eqs:
                assert g.is_nash(eq.profile)
    eye = bg.solve(bg.Game.from_matrices(np.eye(4, dtype=int), np.eye(4, dtype=int)), method="lh")
    assert len(eye) == 4 and all(eq.is_pure for eq in eye)


def test_exact_and_float_paths_agree_on_random_integer_games():
    rng = np.random.default_rng(11)
    for _ in range(25):
        m, n = (int(k) for k in rng.integers(2, 6, size=2))
        g = bg.Game.from_matrices(rng.integers(-4, 5, (m, n)), rng.integers(-4, 5, (m, n)))
        for label in range(m + n):
            ex = lemke_howson_path(g, label, exact=True)
            fl = lemke_howson_path(g, label, exact=False)
            assert ex.pivots == fl.pivots
            for xe, xf in zip(ex.profile, fl.profile, strict=True):
                assert np.allclose(np.array(xe, dtype=float), xf, atol=1e-12)
            assert g.regret(ex.profile, exact=True) == 0


def test_agrees_with_nashpy_on_random_nondegenerate_games():
    nash = pytest.importorskip("nashpy")
    rng = np.random.default_rng(5)
    compared = 0
    for _ in range(25):
        m, n = (int(k) for k in rng.integers(2, 6, size=2))
        A, B = rng.normal(size=(m, n)), rng.normal(size=(m, n))
        g = bg.Game.from_matrices(A, B)
        for label in range(m + n):
            ours = lemke_howson_path(g, label)
            assert g.regret(ours.profile) <= g.tolerance
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                x, y = nash.Game(A, B).lemke_howson(initial_dropped_label=label)
            # nashpy 0.0.43 sometimes returns a non-equilibrium on non-square games: compare only its valid answers
            if len(x) == m and len(y) == n and g.regret((x, y)) <= 1e-8:
                assert np.allclose(ours.profile[0], x, atol=1e-8) and np.allclose(ours.profile[1], y, atol=1e-8)
                compared += 1
    assert compared > 100


def test_every_result_verified_on_random_games():
    rng = np.random.default_rng(3)
    for _ in range(20):
        m, n = (int(k) for k in rng.integers(1, 8, size=2))
        g = bg.Game.from_matrices(rng.normal(size=(m, n)) * 100, rng.normal(size=(m, n)) * 1e-2)
        eqs = bg.solve(g, method="lemke-howson")
        assert 1 <= len(eqs) <= m + n
        assert all(eq.regret <= g.tolerance for eq in eqs)


def test_iteration_cap_is_reported_not_looped():
    g = bg.Game.from_matrices(VS_A, VS_B)
    with pytest.raises(GameError, match="did not end within 1 pivots"):
        lemke_howson_path(g, 1, max_pivots=1)
    eqs = bg.solve(g, method="lemke-howson", max_pivots=1)
    assert len(eqs) == 0 and any("did not end" in n for n in eqs.notes)


def test_bad_inputs():
    g = bg.Game.from_matrices(VS_A, VS_B)
    with pytest.raises(GameError, match="missing label 5 out of range"):
        lemke_howson_path(g, 5)
    with pytest.raises(GameError, match="labels is empty"):
        bg.solve(g, method="lemke-howson", labels=[])
    with pytest.raises(GameError, match="2-player"):
        bg.solve(bg.Game(np.zeros((3, 2, 2, 2))), method="lemke-howson")


def test_from_equilibria_finds_the_third_equilibrium():
    g = bg.Game.from_matrices(VS_A, VS_B)
    eqs = bg.solve(g, method="lemke-howson", from_equilibria=True, verbose=True)
    assert {eq.exact_profile for eq in eqs} == {
        ((F(1), F(0), F(0)), (F(1), F(0))),
        ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        ((F(4, 5), F(1, 5), F(0)), (F(2, 3), F(1, 3))),       # reachable only from the other two
    }
    assert any("of equilibrium" in n for n in eqs.notes)
    quiet = bg.solve(g, method="lemke-howson", from_equilibria=True)
    assert not any("dropping label" in n for n in quiet.notes)     # pivot labels only when asked


def test_from_equilibria_finds_only_true_equilibria_vs_gambit():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(21)
    more = 0
    for _ in range(15):
        m, n = (int(k) for k in rng.integers(2, 5, size=2))
        A, B = rng.normal(size=(m, n)), rng.normal(size=(m, n))
        g = bg.Game.from_matrices(A, B)
        gg = gbt.Game.from_arrays(A, B)
        every = [[np.array([float(p[s]) for s in pl.strategies]) for pl in gg.players]
                 for p in gbt.nash.enummixed_solve(gg, rational=False).equilibria]
        plain = bg.solve(g, method="lemke-howson")
        full = bg.solve(g, method="lemke-howson", from_equilibria=True)
        assert len(plain) <= len(full) <= len(every)
        assert_equilibria_contain(every, full, tol=1e-8, game=g)
        more += len(full) > len(plain)
    assert more >= 1


def test_fraction_payoffs_scale_invariance_exact():
    # Dividing payoffs by constants and shifting them changes no equilibrium; the integer tableau
    # must clear the denominators exactly.
    A = np.array([[F(a, 3) + F(1, 7) for a in row] for row in VS_A], dtype=object)
    B = np.array([[F(b, 11) - 5 for b in row] for row in VS_B], dtype=object)
    scaled = bg.solve(bg.Game.from_matrices(A, B), method="lemke-howson", from_equilibria=True)
    plain = bg.solve(bg.Game.from_matrices(VS_A, VS_B), method="lemke-howson", from_equilibria=True)
    assert {eq.exact_profile for eq in scaled} == {eq.exact_profile for eq in plain}
    assert all(eq.is_exact and eq.regret == 0 for eq in scaled)
