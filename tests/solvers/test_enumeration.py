"""Two-player vertex enumeration: textbook games with known equilibria, degenerate games and their
components, exact vs float modes, the polytope machinery, and bad input."""

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.linalg.batched import solve_label_systems, solve_square_systems
from bargain.linalg.exact import solve_exact
from bargain.solvers._polytope import (
    _facet_equations,
    _has_equal_rows,
    basis_enumeration,
    normalise_payoffs,
    polar_hull_vertices,
)
from bargain.solvers.components import connected_components, maximal_bicliques
from bargain.solvers.enum_exact import exact_vertex
from bargain.solvers.enumeration import dominated_on, enumeration_solve, strictly_undominated


def exact_set(eqs):
    return {tuple(tuple(x) for x in e.exact_profile) for e in eqs}


def float_set(eqs, digits=9):
    return {tuple(np.round(np.concatenate(e.profile), digits)) for e in eqs}


def q(*xs):
    return tuple(Fraction(x) for x in xs)


# ----------------------------------------------------------------------------- textbook games
def test_auto_uses_enumeration_and_aliases():
    g = bg.Game.from_matrices([[1, -1], [-1, 1]])
    assert bg.solve(g).method == "enumeration"
    for alias in ("vertex", "enummixed", "vertex-enumeration"):
        assert bg.solve(g, method=alias).method == "enumeration"
    info = bg.available_solvers()["enumeration"]
    assert info.complete and info.exact and info.players == "2"


def test_matching_pennies():
    eqs = bg.solve(bg.Game.from_matrices([[1, -1], [-1, 1]]))
    assert exact_set(eqs) == {(q("1/2", "1/2"), q("1/2", "1/2"))}
    assert eqs.complete and eqs[0].regret == 0 and eqs[0].formatted_profile() == (("1/2", "1/2"), ("1/2", "1/2"))


def test_battle_of_the_sexes_three_equilibria():
    eqs = bg.solve(bg.Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    assert exact_set(eqs) == {(q(1, 0), q(1, 0)), (q(0, 1), q(0, 1)), (q("2/3", "1/3"), q("1/3", "2/3"))}
    assert len(eqs.components) == 3 and all(c.is_isolated for c in eqs.components)
    # deterministic order: descending lexicographic in the row player's strategy
    assert [e.exact_profile[0] for e in eqs] == [q(1, 0), q("2/3", "1/3"), q(0, 1)]
    assert [e.component for e in eqs] == [0, 1, 2]


def test_rock_paper_scissors():
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    eqs = bg.solve(bg.Game.from_matrices(A))
    third = q("1/3", "1/3", "1/3")
    assert exact_set(eqs) == {(third, third)}
    feqs = bg.solve(bg.Game.from_matrices(np.array(A, dtype=float)))
    assert len(feqs) == 1 and np.allclose(feqs[0].profile[0], 1 / 3) and not feqs[0].is_exact


def test_von_stengel_nondegenerate_3x2():
    # von Stengel (2002), "Computing equilibria for two-person games", fig. 3.1: three equilibria.
    A = [[3, 3], [2, 5], [0, 6]]
    B = [[3, 2], [2, 6], [3, 1]]
    eqs = bg.solve(bg.Game.from_matrices(A, B))
    assert exact_set(eqs) == {(q(1, 0, 0), q(1, 0)), (q("4/5", "1/5", 0), q("2/3", "1/3")),
                              (q(0, "1/3", "2/3"), q("1/3", "2/3"))}
    assert [str(p) for p in eqs[1].exact_payoffs] == ["3", "14/5"]


def test_von_stengel_degenerate_game_has_a_segment():
    # Same A, but x = (1, 0, 0) now has two best responses: a segment of equilibria
    # {(1,0,0)} x conv{(1,0), (2/3,1/3)} plus an isolated mixed equilibrium (von Stengel 2002, sec. 3.5).
    A = [[3, 3], [2, 5], [0, 6]]
    B = [[3, 3], [2, 6], [3, 1]]
    eqs = bg.solve(bg.Game.from_matrices(A, B))
    assert exact_set(eqs) == {(q(1, 0, 0), q(1, 0)), (q(1, 0, 0), q("2/3", "1/3")),
                              (q(0, "1/3", "2/3"), q("1/3", "2/3"))}
    assert len(eqs.components) == 2
    seg = next(c for c in eqs.components if not c.is_isolated)
    assert len(seg.equilibria) == 2 and seg.nash_subsets == (seg.equilibria,)
    assert eqs[seg.equilibria[0]].component == eqs[seg.equilibria[1]].component == seg.index
    # every point of the segment is an equilibrium
    g = eqs.game
    y0, y1 = (eqs[k].profile[1] for k in seg.equilibria)
    for t in np.linspace(0, 1, 7):
        assert g.is_nash([eqs[seg.equilibria[0]].profile[0], (1 - t) * y0 + t * y1])
    text = eqs.table()
    assert "segment of equilibria from #1 to #2" in text and "P1 plays its strategy of #1" in text


def test_near_tie_is_resolved_exactly_but_is_a_tie_in_float_mode():
    # B[0][1] = 3 + 1e-13 breaks the tie of the degenerate game above: exactly, x = (1,0,0) now has
    # the single best response S2, and only the mixed equilibrium survives (Gambit agrees).  Float
    # arithmetic cannot see a 1e-13 difference: float mode reports the segment, within tolerance.
    eps = Fraction(1, 10**13)
    A = [[3, 3], [2, 5], [0, 6]]
    B = [[3, 3 + eps], [2, 6], [3, 1]]
    g = bg.Game.from_matrices(A, B)
    eqs = bg.solve(g)
    assert exact_set(eqs) == {(q(0, "1/3", "2/3"), q("1/3", "2/3"))}
    assert any("near-ties" in n for n in eqs.notes)
    floats = bg.solve(g.to_float())
    assert len(floats) == 3 and len(floats.components) == 2


def test_component_with_two_maximal_nash_subsets():
    # (S1,S1), (S1,S2), (S2,S1) are equilibria; (S2,S2) is not: two segments meeting at (S1,S1).
    g = bg.Game.from_matrices([[1, 1], [1, 0]], [[1, 1], [1, 0]])
    eqs = bg.solve(g)
    assert exact_set(eqs) == {(q(1, 0), q(1, 0)), (q(1, 0), q(0, 1)), (q(0, 1), q(1, 0))}
    assert len(eqs.components) == 1
    comp = eqs.components[0]
    assert comp.equilibria == (0, 1, 2)
    assert sorted(comp.nash_subsets) == [(0, 1), (0, 2)]
    # the convex hull of all three is NOT a Nash subset: the midpoint of #2 and #3 is not an equilibrium
    assert not g.is_nash([[0.5, 0.5], [0.5, 0.5]])
    d = eqs.to_dict()
    assert d["components"][0]["nash_subsets"] == [[0, 1], [0, 2]]


def test_constant_game_every_pure_profile_one_component():
    g = bg.Game.from_matrices(np.zeros((3, 2), dtype=int), np.zeros((3, 2), dtype=int))
    for eqs in (bg.solve(g), bg.solve(g.to_float())):
        assert len(eqs) == 6 and len(eqs.components) == 1
        assert eqs.components[0].nash_subsets == (tuple(range(6)),)
        assert all(e.is_pure for e in eqs)
        assert any("polytope of equilibria with extreme points #1, #2, #3, #4, #5, #6" in n
                   and "P1 plays any mixture" in n for n in eqs.notes)


def test_prisoners_dilemma_dominated_strategies_removed_and_mapped_back():
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D")))
    eqs = bg.solve(g)
    assert exact_set(eqs) == {(q(0, 1), q(0, 1))}
    assert any("dominated" in n and "C" in n for n in eqs.notes)
    assert exact_set(enumeration_solve(g, exact=True, eliminate_dominated=False)) == exact_set(eqs)


def test_one_strategy_for_a_player():
    g = bg.Game.from_matrices([[5, 5, 1]], [[3, 3, 2]])
    eqs = bg.solve(g)
    assert exact_set(eqs) == {(q(1), q(1, 0, 0)), (q(1), q(0, 1, 0))}
    assert len(eqs.components) == 1 and not eqs.components[0].is_isolated
    g = bg.Game.from_matrices([[1], [3], [3]], [[0], [0], [1]])
    assert exact_set(bg.solve(g)) == {(q(0, 1, 0), q(1)), (q(0, 0, 1), q(1))}


def test_inexact_decimal_payoffs_with_ties_in_float_mode():
    # 0.1 + 0.2 != 0.3 in binary: a solver without tolerances sees no tie here, or returns
    # probabilities like -1e-17 and rejects a valid equilibrium.  The float answer must equal the
    # exact answer of the same decimal game scaled to integers (a continuum here).
    a = 0.1 + 0.2
    A = np.array([[a, 0.3, 0.1], [0.3, a, 0.2], [0.0, 0.1, 0.3]])
    B = np.array([[0.2, 0.2, 0.1], [0.1, 0.3, 0.3], [0.3, 0.1, 0.1]])
    exact = bg.Game.from_matrices(np.rint(A * 10).astype(int), np.rint(B * 10).astype(int))
    floats = bg.solve(bg.Game.from_matrices(A, B))
    want = {tuple(np.round([float(p) for x in e.exact_profile for p in x], 9)) for e in bg.solve(exact)}
    assert float_set(floats) == want
    assert len(floats.components) == len(bg.solve(exact).components)


def test_scaled_decimal_degenerate_games_float_equals_exact():
    rng = np.random.default_rng(7)
    for _ in range(25):
        m, n = rng.integers(2, 5, size=2)
        A, B = rng.integers(0, 3, size=(2, m, n))
        exact = bg.solve(bg.Game.from_matrices(A, B))
        floats = bg.solve(bg.Game.from_matrices(A * 0.1, B * 0.7))
        assert float_set(floats) == {tuple(np.round([float(p) for x in e.exact_profile for p in x], 9))
                                     for e in exact}
        assert [c.equilibria for c in floats.components] == [c.equilibria for c in exact.components]


def test_float_and_exact_modes_agree_and_exact_flag():
    A = [[Fraction(1, 3), 2, 0], [1, Fraction(1, 2), 3]]
    B = [[2, 0, Fraction(5, 7)], [0, 3, 1]]
    g = bg.Game.from_matrices(A, B)
    ex = bg.solve(g)
    fl = bg.solve(g, exact=False)
    assert all(e.is_exact for e in ex) and not any(e.is_exact for e in fl)
    assert float_set(fl) == {tuple(np.round([float(p) for x in e.exact_profile for p in x], 9)) for e in ex}
    # float payoffs with exact=True are read by their decimal repr
    gf = bg.Game.from_matrices([[0.5, 0.0], [0.0, 0.25]], [[0.25, 0.0], [0.0, 0.5]])
    assert exact_set(bg.solve(gf, exact=True)) == {(q(1, 0), q(1, 0)), (q(0, 1), q(0, 1)),
                                                   (q("2/3", "1/3"), q("1/3", "2/3"))}


def test_hull_and_basis_vertex_methods_agree_on_degenerate_games():
    rng = np.random.default_rng(3)
    for _ in range(20):
        A, B = rng.integers(0, 3, size=(2, 5, 5))
        g = bg.Game.from_matrices(A, B)
        a = enumeration_solve(g, exact=True, vertex_method="hull")
        b = enumeration_solve(g, exact=True, vertex_method="basis")
        assert exact_set(a) == exact_set(b)


def test_equilibria_json_and_named_strategies():
    g = bg.Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("US", "China"),
                              strategies=(("Press", "Engage"), ("Enforce", "Lax")))
    eqs = bg.solve(g)
    d = eqs.to_dict()
    assert d["method"] == "enumeration" and d["complete"] is True
    assert d["equilibria"][1]["exact_profile"]["US"] == {"Press": "2/3", "Engage": "1/3"}
    assert eqs[1].probability("China", "Lax") == pytest.approx(2 / 3)


# ----------------------------------------------------------------------------- bad input
def test_bad_inputs_raise_game_error():
    three = bg.Game(np.zeros((3, 2, 2, 2)))
    with pytest.raises(GameError, match="2-player"):
        bg.solve(three, method="enumeration")
    with pytest.raises(GameError, match="two-player"):
        enumeration_solve(three)
    g = bg.Game.from_matrices([[1.5, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(GameError, match="to_exact"):
        enumeration_solve(g, exact=True)
    with pytest.raises(GameError, match="vertex_method"):
        enumeration_solve(g, vertex_method="qhull")
    with pytest.raises(GameError, match="did you mean"):
        bg.solve(g, method="enumeratoin")


# ----------------------------------------------------------------------------- building blocks
def test_polytope_vertices_of_a_known_polytope():
    # P = {x >= 0, x1 + 2 x2 <= 1, 2 x1 + x2 <= 1}: vertices (1/2,0), (0,1/2), (1/3,1/3).
    C = np.array([[1.0, 2.0], [2.0, 1.0]])
    for method in (basis_enumeration, polar_hull_vertices):
        X, L = method(C)
        got = {tuple(np.round(x, 12)) for x in X}
        assert got == {(0.5, 0.0), (0.0, 0.5), (round(1 / 3, 12), round(1 / 3, 12))}
        row = {tuple(np.round(x, 12)): tuple(lab) for x, lab in zip(X, L, strict=True)}
        assert row[(0.5, 0.0)] == (False, True, False, True)


def test_polar_hull_labels_degenerate_vertex_completely():
    # Three inequalities tight at (1/3, 1/3): x1 + 2x2 <= 1, 2x1 + x2 <= 1, 1.5x1 + 1.5x2 <= 1.
    C = np.array([[1.0, 2.0], [2.0, 1.0], [1.5, 1.5]])
    for method in (basis_enumeration, polar_hull_vertices):
        X, L = method(C)
        assert len(X) == 3
        k = int(np.argmin(np.abs(X - 1 / 3).sum(axis=1)))
        assert L[k].tolist() == [False, False, True, True, True]


def test_polar_hull_with_repeated_inequalities_equals_basis_enumeration():
    """Equal payoff columns give the polar hull a repeated point, which it must drop (the check for one runs
    before the points are de-duplicated); the vertices and labels are those of basis enumeration."""
    rng = np.random.default_rng(4)
    for repeat in (False, True):
        C = 1.0 + rng.random((6, 4))
        if repeat:
            C[3] = C[0]
            C[5] = C[0]
        assert _has_equal_rows(C) == repeat
        H, LH = polar_hull_vertices(C)
        X, LX = basis_enumeration(C)
        key = {tuple(lab): x for x, lab in zip(X, LX.tolist(), strict=True)}
        assert len(H) == len(X) and set(map(tuple, LH.tolist())) == set(key)
        for h, lab in zip(H, LH.tolist(), strict=True):
            np.testing.assert_allclose(h, key[tuple(lab)], atol=1e-12)


def test_facet_equations_are_those_of_convex_hull():
    """Qhull called without the volume and area gives ConvexHull's facet equations, row for row; a flat point set
    raises as ConvexHull does."""
    from scipy.spatial import ConvexHull, QhullError

    rng = np.random.default_rng(8)
    for d in (2, 5, 8):
        pts = rng.normal(size=(3 * d, d))
        np.testing.assert_array_equal(_facet_equations(pts), ConvexHull(pts, qhull_options="Qt Q0").equations)
    with pytest.raises(QhullError):
        _facet_equations(np.c_[rng.random((10, 2)), np.zeros(10)])


def test_solve_batch_flags_singular_systems():
    G = np.array([[[1.0, 2.0], [2.0, 4.0]], [[1.0, 0.0], [0.0, 2.0]]])
    Z, ok = solve_square_systems(G, np.array([[1.0, 1.0], [1.0, 1.0]]))
    assert ok.tolist() == [False, True] and np.allclose(Z[1], [1.0, 0.5])


@pytest.mark.parametrize("count", [400, 100, 12])
def test_solve_label_systems_matches_solve_batch_one_system_at_a_time(count):
    """Many systems (one LU call per size), few (one call, padded to the largest size) and a handful with
    an exact zero pivot among them: each solution and singularity flag is the single system's."""
    rng = np.random.default_rng(7)
    M = rng.integers(1, 4, size=(6, 5)).astype(float)       # small integers: many singular subsystems
    M[3] = M[1]                                               # exactly equal rows
    M[:, 4] = M[:, 0] * (1 + 1e-14)                           # nearly equal columns (condition ~1e14)
    S = np.zeros((count, 6), dtype=bool)
    R = np.zeros((count, 5), dtype=bool)
    for t in range(count):
        k = int(rng.integers(1, 6))
        S[t, rng.choice(6, k, replace=False)] = True
        R[t, rng.choice(5, k, replace=False)] = True
    Z, ok = solve_label_systems(M, S, R)
    assert 0 < ok.sum() < count
    for t in range(count):
        s, r = np.flatnonzero(S[t]), np.flatnonzero(R[t])
        z1, ok1 = solve_square_systems(M[np.ix_(s, r)][None], np.ones((1, len(s))))
        assert ok[t] == ok1[0], t
        expect = np.zeros(5)
        expect[r] = z1[0]
        assert np.allclose(Z[t], expect, rtol=1e-9, atol=1e-12), t
        if ok[t]:
            assert np.allclose(M[np.ix_(s, r)] @ Z[t, r], 1.0)
    Z0, ok0 = solve_label_systems(M, S[:0], R[:0])
    assert Z0.shape == (0, 5) and ok0.shape == (0,)


def test_verification_gate_rejects_malformed_float_profiles():
    from bargain.errors import VerificationError
    from bargain.solvers.result import make_equilibrium

    g = bg.Game.from_matrices(np.array([[1, 0], [0, 1]]), np.array([[1, 0], [0, 1]])).to_float()
    assert make_equilibrium(g, [[1.0, -1e-17], [1.0, 0.0]], "t").profile[0].tolist() == [1.0, 0.0]
    bad = ([[1, 0, 0], [1, 0]], [[np.nan, 1], [1, 0]], [[np.inf, 0], [1, 0]], [[2, -1], [1, 0]],
           [[0.5, 0.4], [1, 0]], [[], [1, 0]], [[1, 0], [0.5, 0.5]])
    for profile in bad:
        with pytest.raises(VerificationError), np.errstate(invalid="ignore"):
            make_equilibrium(g, profile, "t")


def test_dominated_on_matches_brute_force_and_never_drops_a_partner():
    rng = np.random.default_rng(11)
    A = normalise_payoffs(rng.integers(0, 4, size=(5, 6)).astype(float))   # ties: margins matter
    S = np.zeros((300, 5), dtype=bool)
    R = np.zeros((300, 6), dtype=bool)
    for t in range(300):
        k = int(rng.integers(1, 6))
        S[t, rng.choice(5, k, replace=False)] = True
        R[t, rng.choice(6, k, replace=False)] = True
    got = dominated_on(A, S, R, 1e-9)
    for t in range(300):
        rows, cols = np.flatnonzero(S[t]), np.flatnonzero(R[t])
        expect = any(np.all(A[j, cols] > A[i, cols] + 1e-9) for i in rows for j in range(5))
        assert got[t] == expect, t
    assert 0 < got.sum() < 300
    # No marked pair has a partner: y >= 0 on R with (A y)_S = 1 and A y <= 1.
    Z, ok = solve_label_systems(A, S, R)
    partner = ok & (Z.min(axis=1) >= -1e-10) & np.all(Z @ A.T <= 1 + 1e-10, axis=1)
    assert partner.any() and not np.any(partner & got)
    assert not dominated_on(np.ones((3, 20)), S[:2, :3], np.ones((2, 20), dtype=bool), 0.0).any()  # too wide: off


def test_normalise_payoffs_range():
    M = normalise_payoffs(np.array([[-3.0, 5.0], [1.0, 2.0]]))
    assert M.min() == 1.0 and M.max() == 2.0
    assert np.all(normalise_payoffs(np.full((2, 2), 7.0)) == 1.0)


def test_solve_exact_overdetermined_and_inconsistent():
    # x + y = 3, x - y = 1, 2x = 4 (consistent) -> (2, 1); add x = 5 -> inconsistent
    rows = [[1, 1, 3], [1, -1, 1], [2, 0, 4]]
    assert solve_exact(rows, 2) == [Fraction(2), Fraction(1)]
    assert solve_exact([*rows, [1, 0, 5]], 2) is None
    assert solve_exact([[1, 1, 1], [2, 2, 2]], 2) is None      # not unique


def test_exact_vertex_rejects_wrong_labels():
    # Opponent payoffs of BoS column player: B = [[1, 0], [0, 2]]; x = (2/3, 1/3) equalises them.
    B = [[1, 0], [0, 2]]
    p, zeros, best = exact_vertex(B, [0, 1], [0, 1])
    assert p == (Fraction(2, 3), Fraction(1, 3)) and zeros == frozenset() and best == frozenset({0, 1})
    assert exact_vertex(B, [0], [1]) is None                    # column 1 is not a best response to row 0


def test_strictly_undominated_iterates():
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    B = np.array([[3.0, 5.0], [0.0, 1.0]])
    rows, cols = strictly_undominated(A, B, 1e-9)
    assert rows.tolist() == [1] and cols.tolist() == [1]


def test_components_and_bicliques():
    edges = [(0, 0), (0, 1), (1, 0), (2, 2)]
    assert connected_components(edges) == [[0, 1, 2], [3]]
    assert maximal_bicliques(edges) == [(0, 1), (0, 2), (3,)]
    # a 2x2 biclique is one maximal subset
    assert maximal_bicliques([(0, 0), (0, 1), (1, 0), (1, 1)]) == [(0, 1, 2, 3)]
