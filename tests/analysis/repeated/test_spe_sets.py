"""SPE payoff sets: Abreu-Sannikov polygons against the paper's example, hand-derived sets,
JYC approximations and quantecon's RepeatedGame."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.repeated._geometry import distances, hausdorff
from tests.examples import AS_A, AS_B, AS_VERTICES

rp = bg.repeated



def same_polygon(P, Q, tol):
    return len(P) == len(Q) and hausdorff(np.asarray(P, float), np.asarray(Q, float)) <= tol


def test_abreu_sannikov_example():
    g = bg.Game.from_matrices(AS_A, AS_B)
    s = rp.spe_payoffs(g, Fraction(3, 10))
    assert s.n_vertices == 6                       # |E| <= 3|A| = 27; the paper's figure has 6
    assert same_polygon(s.array, AS_VERTICES, 1e-7)
    # the worst payoffs (the optimal penal codes' values): 1.1257 for player 1, 0 for player 2
    assert abs(float(s.threat[0]) - 1.1256824) < 1e-6 and abs(float(s.threat[1])) < 1e-12


def test_pd_at_high_delta_is_the_feasible_ir_set_exactly():
    # PD (9,9), (1,10), (10,1), (3,3) at δ = 9/10: every feasible payoff above the minmax (3, 3) is an SPE
    # payoff.  By hand: the edge from (9,9) to (10,1) meets u2 = 3 at u1 = 9 + 6/8 = 39/4.
    g = bg.Game.from_matrices([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    s = rp.spe_payoffs(g, Fraction(9, 10))
    assert s.exact
    assert set(s.vertices) == {(3, 3), (Fraction(39, 4), 3), (9, 9), (3, Fraction(39, 4))}
    assert set(s.vertices) == set(rp.feasible_ir_set(g))


def test_pd_below_grim_threshold_only_nash():
    # PD (3,0,5,1): δ* = 1/2 for (C,C) even with the harshest punishment (minmax = Nash); at δ = 2/5 the
    # set shrinks to the points no better than ... and (C,C)'s payoff (3,3) is not in it.
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    lo = rp.spe_payoffs(g, Fraction(2, 5))
    hi = rp.spe_payoffs(g, Fraction(1, 2))
    assert not lo.contains((3, 3)) and hi.contains((3, 3))
    assert lo.contains((1, 1)) and hi.exact


def test_no_pure_spe_in_matching_pennies():
    g = bg.Game.from_matrices([[1, -1], [-1, 1]])
    s = rp.spe_payoffs(g, Fraction(9, 10))
    assert s.empty and "no pure-strategy" in s.notes[0]


def test_exact_polygon_is_a_fixed_point_of_the_operator():
    from bargain.analysis.repeated._stage import stage
    from bargain.analysis.repeated.abreu_sannikov import as_operator

    g = bg.Game.from_matrices(AS_A, AS_B)
    s = rp.spe_payoffs(g, Fraction(3, 5))
    assert s.exact and s.n_vertices == 7
    assert as_operator(list(s.vertices), stage(g, True), Fraction(3, 5)) == list(s.vertices)


@pytest.mark.parametrize("delta", [Fraction(3, 10), Fraction(3, 5), Fraction(9, 10)])
def test_jyc_inner_inside_as_inside_jyc_outer(delta):
    g = bg.Game.from_matrices(AS_A, AS_B)
    s = rp.spe_payoffs(g, delta)
    gaps = []
    for L in (8, 32, 64):
        outer = rp.jyc_outer(g, delta, n_directions=L)
        inner = rp.jyc_inner(g, delta, n_directions=L)
        assert np.all(distances(outer.array, s.array) <= 1e-7)
        assert np.all(distances(s.array, inner.array) <= 1e-7)
        assert "self-generating" in inner.notes[1] and "NOT" not in inner.notes[1]
        gaps.append(hausdorff(outer.array, s.array))
    assert gaps[0] > gaps[1] > gaps[2]


def test_no_correlation_inner_set_lies_inside():
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    nc = rp.spe_payoffs_no_correlation(g, Fraction(1, 2))
    s = rp.spe_payoffs(g, Fraction(1, 2))
    assert nc.exact and not nc.public_correlation
    assert np.all(distances(s.array, nc.array) == 0)
    assert (3, 3) in nc.vertices and (1, 1) in nc.vertices


def test_folk_theorem_check_pd():
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    fc = rp.folk_theorem_check(g, (Fraction(1, 4), Fraction(1, 2), Fraction(9, 10)))
    assert fc.distances[0] > 0 and fc.distances[2] <= 1e-9
    assert fc.reached == Fraction(1, 2)           # the whole feasible IR set is reached at δ = 1/2


# ----------------------------------------------------------------------------- against quantecon
qe = pytest.importorskip("quantecon.game_theory")


def qe_hull(A, B, delta, **options):
    rg = qe.RepeatedGame(qe.NormalFormGame(np.stack([np.asarray(A, float), np.asarray(B, float)], axis=-1)), delta)
    h = rg.equilibrium_payoffs(options=options or None)
    return h.points[h.vertices]


@pytest.mark.slow          # the first call compiles quantecon's numba kernels (tens of seconds)
def test_pd_against_quantecon():
    A, B = [[9, 1], [10, 3]], [[9, 10], [1, 3]]
    s = rp.spe_payoffs(bg.Game.from_matrices(A, B), Fraction(9, 10))
    assert same_polygon(s.array, qe_hull(A, B, 0.9), 1e-9)


def random_games(n, seed=20240518):
    rng = np.random.default_rng(seed)
    for k in range(n):
        m = 2 if k % 2 == 0 else 3
        A = rng.integers(-5, 6, size=(m, m))
        B = rng.integers(-5, 6, size=(m, m))
        delta = Fraction(int(rng.integers(3, 10)), 10)
        yield A, B, delta


@pytest.mark.slow
def test_random_games_against_quantecon():
    """50 seeded 2x2 and 3x3 games: ours inside every quantecon iterate (outer sets), its limit equal to
    ours, our JYC inner set inside ours, and the distance to their iterates shrinking as they iterate."""
    from scipy.spatial import QhullError

    checked = degenerate = 0
    for A, B, delta in random_games(50):
        g = bg.Game.from_matrices(A, B)
        s = rp.spe_payoffs(g, delta)
        try:
            final = qe_hull(A, B, float(delta))
        except ValueError:                      # quantecon: no pure-action SPE
            assert s.empty
            continue
        except QhullError:                      # quantecon cannot hull a point or a segment
            assert s.n_vertices <= 2
            degenerate += 1
            continue
        assert same_polygon(s.array, final, 1e-6) or hausdorff(s.array, final) <= 1e-6
        dists = []
        for it in (1, 2, 4, 8, 16):
            try:
                outer = qe_hull(A, B, float(delta), max_iter=it)
            except (ValueError, QhullError):
                break
            assert np.all(distances(outer, s.array) <= 1e-7)          # our polygon inside their outer iterate
            dists.append(hausdorff(outer, s.array))
        assert all(x >= y - 1e-9 for x, y in itertools.pairwise(dists))
        inner = rp.jyc_inner(g, delta, n_directions=32)
        if not inner.empty:
            assert np.all(distances(s.array, inner.array) <= 1e-7)
        checked += 1
    assert checked >= 25, (checked, degenerate)
