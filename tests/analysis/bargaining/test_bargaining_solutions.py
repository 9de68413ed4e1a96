"""Bargaining solutions: textbook values, exactness, lotteries and the axioms (Nash 1950; Kalai and
Smorodinsky 1975; Roth 1979)."""

from __future__ import annotations

import json
from fractions import Fraction as Fr

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Game, GameError
from bargain.analysis.bargaining import (
    Frontier,
    Polytope,
    bargain,
    egalitarian,
    kalai_smorodinsky,
    nash_solution,
    utilitarian,
)

# ---------------------------------------------------------------- textbook values


def test_unit_split_sqrt_nash_is_two_thirds():
    """u1 = x, u2 = sqrt(1 - x), d = 0: maximise x sqrt(1-x) -> x = 2/3 (Osborne-Rubinstein 1990, 2.3)."""
    fr = Frontier(lambda x: np.sqrt(1 - x), (0, 1))
    sol = nash_solution(fr)
    assert sol.payoffs[0] == pytest.approx(2 / 3, abs=1e-10)
    assert sol.payoffs[1] == pytest.approx(np.sqrt(1 / 3), abs=1e-10)
    ks = kalai_smorodinsky(fr)               # ideal (1, 1): x = sqrt(1 - x) -> golden ratio conjugate
    golden = (np.sqrt(5) - 1) / 2
    assert ks.payoffs == pytest.approx([golden, golden], abs=1e-12)
    ut = utilitarian(fr)                      # 1 - 1/(2 sqrt(1-x)) = 0 -> x = 3/4
    assert ut.payoffs == pytest.approx([0.75, 0.5], abs=1e-10)


def test_smooth_three_player_nash_closed_forms():
    fr = Frontier(lambda x, y: 1 - x**2 - y**2, [(0, 1), (0, 1)])
    assert nash_solution(fr).payoffs == pytest.approx([0.5, 0.5, 0.5], abs=1e-10)
    # weights (2, 1, 1): g = x^2 = 2 y^2 and 1 = 2x^2 + y^2 -> x^2 = 2/5, y^2 = 1/5
    w = nash_solution(fr, weights=[2, 1, 1]).payoffs
    assert w == pytest.approx([np.sqrt(0.4), np.sqrt(0.2), 0.4], abs=1e-10)
    assert kalai_smorodinsky(fr).payoffs == pytest.approx([0.5, 0.5, 0.5], abs=1e-12)
    # egalitarian from d = (0, 0, -1): (t, t, t - 1) with t - 1 = 1 - 2 t^2 -> t = (sqrt(17) - 1) / 4
    t = (np.sqrt(17) - 1) / 4
    assert egalitarian(fr, disagreement=[0, 0, -1]).payoffs == pytest.approx([t, t, t - 1], abs=1e-12)


def test_smooth_gradient_option_agrees():
    fr = Frontier(lambda x: np.sqrt(1 - x), (0, 1), gradient=lambda x: [-0.5 / np.sqrt(1 - x)])
    assert nash_solution(fr).payoffs[0] == pytest.approx(2 / 3, abs=1e-12)


def test_ks_monotonicity_example_where_nash_fails():
    """Kalai and Smorodinsky (1975): T extends S for player 2, KS gives player 2 more, Nash less."""
    S = Polytope([[0, 0], [1, 0], [0, 1], [Fr(3, 4), Fr(3, 4)]])
    T = Polytope([[0, 0], [1, 0], [0, 1], [1, Fr(7, 10)]])
    assert nash_solution(S).exact_payoffs == (Fr(3, 4), Fr(3, 4))
    assert nash_solution(T).exact_payoffs == (1, Fr(7, 10))
    assert kalai_smorodinsky(S).exact_payoffs == (Fr(3, 4), Fr(3, 4))
    assert kalai_smorodinsky(T).exact_payoffs == (Fr(10, 13), Fr(10, 13))
    # ideal points are equal (1, 1), and T's frontier lies weakly above S's
    assert kalai_smorodinsky(T).ideal == kalai_smorodinsky(S).ideal == (1, 1)
    assert nash_solution(T).payoffs[1] < nash_solution(S).payoffs[1]          # Nash violates monotonicity
    assert kalai_smorodinsky(T).payoffs[1] > kalai_smorodinsky(S).payoffs[1]  # KS does not


def test_exact_closed_form_on_a_facet_and_lottery():
    S = Polytope([[0, 0], [4, 0], [0, 2]])
    sol = nash_solution(S)
    assert sol.exact_payoffs == (2, 1)
    assert sol.lottery == {"o2": Fr(1, 2), "o3": Fr(1, 2)}
    asym = nash_solution(S, weights=[Fr(1, 3), Fr(2, 3)])
    assert asym.exact_payoffs == (Fr(4, 3), Fr(4, 3))           # u1 = 4 w1, u2 = 2 w2
    assert egalitarian(S).exact_payoffs == (Fr(4, 3), Fr(4, 3))
    assert kalai_smorodinsky(S).exact_payoffs == (2, 1)
    assert utilitarian(S).exact_payoffs == (4, 0)


def test_three_player_simplex_exact():
    P = Polytope([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert nash_solution(P).exact_payoffs == (Fr(1, 3),) * 3
    assert nash_solution(P, weights=[1, 2, 3]).exact_payoffs == (Fr(1, 6), Fr(1, 3), Fr(1, 2))
    ut = utilitarian(P)
    assert ut.exact_payoffs == (Fr(1, 3),) * 3                # ties broken by the largest smallest gain
    assert sum(ut.lottery.values()) == 1


def test_three_player_nash_on_an_edge_is_float_and_certified():
    """On a 1-D face in R^3 the first-order condition is a quadratic: irrational in general."""
    P = Polytope([[0, 0, 0], [3, 0, 1], [0, 2, 1], [0, 0, 1]])
    sol = nash_solution(P, disagreement=[0, 0, 0])
    # optimum on the edge (3,0,1)-(0,2,1): u3 = 1, maximise u1 u2 with u1/3 + u2/2 = 1
    assert sol.payoffs == pytest.approx([1.5, 1.0, 1.0], abs=1e-12)
    assert sol.is_exact      # u3 = 1 makes the edge problem 2-dimensional: rational here
    # a genuinely irrational case: maximise u1 u2 u3 on the segment (2,0,1)-(0,1,2) (plus the origin)
    P2 = Polytope([[0, 0, 0], [2, 0, 1], [0, 1, 2]])
    sol2 = nash_solution(P2)
    t = 1 / np.sqrt(3)        # u = (2 - 2t, t, 1 + t): -1/(1-t) + 1/t + 1/(1+t) = 0 -> 1 - 3t^2 = 0
    assert not sol2.is_exact and any("irrational" in n for n in sol2.notes)
    u = sol2.payoffs
    assert u == pytest.approx([2 - 2 * t, t, 1 + t], abs=1e-12)
    assert sum(sol2.lottery.values()) == pytest.approx(1)
    mix = sum(q * P2.points[P2.labels.index(k)] for k, q in sol2.lottery.items())
    assert mix == pytest.approx(u, abs=1e-9)


def test_game_input_uses_equilibrium_disagreement():
    pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"),
                            strategies=(("C", "D"), ("C", "D")))
    sol = nash_solution(pd)                   # d = (1, 1), the unique equilibrium
    assert sol.exact_disagreement == (1, 1)
    assert sol.exact_payoffs == (3, 3)
    assert sol.lottery == {"C/C": 1}
    assert "equilibrium" in sol.rule
    text = repr(sol)
    assert "Nash solution: US=3, China=3" in text
    data = json.loads(sol.to_json())
    assert data["exact_payoffs"] == {"US": "3", "China": "3"}
    assert data["lottery"] == {"C/C": "1"}


def test_constant_sum_game_has_nothing_to_bargain():
    mp = Game.from_matrices([[1, -1], [-1, 1]])
    with pytest.raises(GameError, match="nothing to bargain"):
        nash_solution(mp)


@pytest.mark.parametrize("bad, match", [
    (dict(problem=[], disagreement=None), "empty"),
    (dict(problem=[[0, 0], [1, 0], [0, 1]], disagreement=[1, 1]), "nothing to bargain"),
    (dict(problem=[[0, 0], [1, 0], [0, 1]], disagreement=[0, 0, 0]), "3 entries"),
    (dict(problem=[[0, 0], [1, 0], [0, 1]], disagreement="minmax"), "needs a Game"),
    (dict(problem=[[0, np.nan], [1, 0]], disagreement=None), "NaN"),
    (dict(problem=[[0], [1]], disagreement=None), "at least 2 players"),
])
def test_bad_inputs(bad, match):
    with pytest.raises(GameError, match=match):
        nash_solution(bad["problem"], bad["disagreement"])


def test_bad_weights_and_names():
    S = [[0, 0], [1, 0], [0, 1]]
    with pytest.raises(GameError, match="weights must be positive"):
        nash_solution(S, weights=[1, 0])
    with pytest.raises(GameError, match="weights must be positive"):
        utilitarian(S, weights=[-1, 1])
    with pytest.raises(GameError, match="unknown bargaining solution 'kallai'"):
        bargain(S, "kallai")
    with pytest.raises(GameError, match="non-increasing"):
        Frontier(lambda x: x, (0, 1))
    with pytest.raises(GameError, match="concave"):
        Frontier(lambda x: (1 - x) ** 2, (0, 1))
    with pytest.raises(GameError, match="low < high"):
        Frontier(lambda x: 1 - x, (1, 0))


def test_disagreement_outside_the_set_is_noted():
    sol = nash_solution([[1, 0], [0, 1]], disagreement=[-1, -1])
    assert sol.exact_payoffs == (Fr(1, 2), Fr(1, 2))
    assert any("not itself a feasible outcome" in n for n in sol.notes)


def test_float_polytope_matches_exact():
    pts = [[0, 0], [3, 1], [1, 3], [Fr(5, 2), Fr(5, 2)]]
    ex = nash_solution(pts, disagreement=[Fr(1, 2), 0])
    fl = nash_solution(np.array(pts, dtype=float), disagreement=[0.5, 0.0])
    assert fl.exact_payoffs is None
    assert fl.payoffs == pytest.approx([float(x) for x in ex.exact_payoffs], abs=1e-12)
    for fn in (kalai_smorodinsky, egalitarian, utilitarian):
        assert fn(np.array(pts, dtype=float), [0.5, 0]).payoffs == pytest.approx(
            fn(pts, [Fr(1, 2), 0]).payoffs, abs=1e-12)


def test_weak_pareto_ray_point_is_refined():
    # the ray from d=0 with equal gains exits through the vertical edge at (1, 1), which is dominated by (1, 2)
    S = Polytope([[0, 0], [1, 0], [1, 2], [0, Fr(1, 2)]])
    eg = egalitarian(S)
    assert eg.exact_payoffs == (1, 2)
    assert S.pareto_optimal(eg.exact_payoffs)
    assert any("weakly Pareto" in n for n in eg.notes)


# ---------------------------------------------------------------- axioms (property tests)
coord = st.integers(min_value=-6, max_value=6)


def _rank(rows: list[np.ndarray]) -> int:
    return int(np.linalg.matrix_rank(np.array(rows))) if rows else 0


def _full_dimensional(points: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """``points``, plus (where they span less than the whole payoff space) the first point moved one
    step along each unit axis that adds a missing direction: every drawn problem is a valid one."""
    n = len(points[0])
    base = np.array(points[0])
    diffs = [np.array(p) - base for p in points[1:]]
    out = list(points)
    for e in np.eye(n, dtype=int):
        if _rank([*diffs, e]) > _rank(diffs):
            diffs.append(e)
            out.append(tuple(int(x) for x in base + e))
    return out


def _poly(n):
    """Point sets whose convex hull is full-dimensional (n + 1 to 7 drawn points, plus repairs)."""
    return st.lists(st.tuples(*[coord] * n), min_size=n + 1, max_size=7).map(_full_dimensional)


def _check_lottery(S, sol):
    total = [sum(q * S.exact_points[S.labels.index(k)][i] for k, q in sol.lottery.items())
             for i in range(S.n_players)]
    assert sum(sol.lottery.values()) == 1
    assert tuple(total) == sol.exact_payoffs


def _problem(points, n):
    """A full-dimensional polytope and a disagreement point strictly below every point of it."""
    S = Polytope(points)
    assert S.dimension == n, points          # guaranteed by the _poly strategy
    # d: the componentwise minimum of the points, pushed a little down
    d = tuple(min(p[i] for p in points) - 1 for i in range(n))
    return S, d


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(points=_poly(2), scale=st.tuples(st.integers(1, 5), st.integers(1, 5)),
       shift=st.tuples(st.integers(-3, 3), st.integers(-3, 3)))
def test_axioms_two_players(points, scale, shift):
    S, d = _problem(points, 2)
    for fn in (nash_solution, kalai_smorodinsky, egalitarian, utilitarian):
        sol = fn(S, d)
        assert sol.is_exact
        assert S.pareto_optimal(sol.exact_payoffs), fn.__name__           # Pareto optimality
        assert all(u >= di for u, di in zip(sol.exact_payoffs, d, strict=True))
        _check_lottery(S, sol)
    # scale invariance: Nash and KS commute with positive affine maps
    T = S.transform(scale, shift)
    dT = tuple(scale[i] * d[i] + shift[i] for i in range(2))
    for fn in (nash_solution, kalai_smorodinsky):
        a, b = fn(S, d).exact_payoffs, fn(T, dT).exact_payoffs
        assert b == tuple(scale[i] * a[i] + shift[i] for i in range(2)), fn.__name__
    # symmetry: symmetrise the set and the disagreement point
    sym = Polytope([*points, *[(p[1], p[0]) for p in points]])
    m = min(d)
    for fn in (nash_solution, kalai_smorodinsky, egalitarian):
        u = fn(sym, (m, m)).exact_payoffs
        assert u[0] == u[1], fn.__name__
    # IIA: remove alternatives but keep the Nash point -> the Nash point is unchanged
    nash = nash_solution(S, d)
    keep = [p for k, p in enumerate(points) if k % 2 == 0]
    sub = Polytope([*keep, nash.exact_payoffs, d])
    assert nash_solution(sub, d).exact_payoffs == nash.exact_payoffs


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(points=_poly(3), scale=st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)))
def test_axioms_three_players(points, scale):
    S, d = _problem(points, 3)
    for fn in (nash_solution, kalai_smorodinsky, egalitarian, utilitarian):
        sol = fn(S, d)
        if sol.is_exact:
            assert S.pareto_optimal(sol.exact_payoffs), fn.__name__
            _check_lottery(S, sol)
        else:       # an irrational Nash point on an edge: check in floats
            assert fn is nash_solution
            u = sol.payoffs
            g = 1 / (u - np.array([float(x) for x in d]))
            assert np.max(S.points @ g) <= g @ u + 1e-9
    T = S.transform(scale, (0, 0, 0))
    dT = tuple(scale[i] * d[i] for i in range(3))
    for fn in (nash_solution, kalai_smorodinsky):
        a, b = fn(S, d), fn(T, dT)
        assert b.payoffs == pytest.approx(np.array(scale) * a.payoffs, abs=1e-10)


@settings(max_examples=40, deadline=None)
@given(points=_poly(2), extra=st.lists(st.tuples(coord, coord), min_size=1, max_size=3))
def test_ks_individual_monotonicity(points, extra):
    """Kalai–Smorodinsky (1975): enlarging S for player 2 without changing player 1's ideal payoff
    never lowers player 2's KS payoff."""
    S, d = _problem(points, 2)
    a1 = S.ideal_point(d)[0]
    T = Polytope([*points, *[(min(x, a1), y) for x, y in extra]])
    assert T.ideal_point(d)[0] == a1          # the construction keeps player 1's ideal payoff
    assert kalai_smorodinsky(T, d).exact_payoffs[1] >= kalai_smorodinsky(S, d).exact_payoffs[1]


def test_egalitarian_is_not_scale_invariant():
    S = Polytope([[0, 0], [4, 0], [0, 2]])
    a = egalitarian(S).exact_payoffs
    b = egalitarian(S.transform((2, 1), (0, 0))).exact_payoffs
    assert b != (2 * a[0], a[1])


def test_nash_float_accuracy_on_sampled_frontier_vs_smooth():
    """A fine polygonal approximation of a smooth frontier gives nearly the smooth answer."""
    x = np.linspace(0, 1, 3001)           # chords of length ~3e-4: the answer moves by less than that
    pts = np.c_[x, np.sqrt(1 - x)]
    sol = nash_solution(np.vstack([pts, [[0, 0]]]))
    assert sol.payoffs[0] == pytest.approx(2 / 3, abs=3e-4)
    assert len(sol.lottery) <= 2


@pytest.mark.parametrize("n", [2, 3])
def test_nash_against_generic_optimiser(n):
    """Independent check: maximise sum log(V^T lambda - d) over lotteries with SLSQP (scipy)."""
    from scipy.optimize import minimize

    rng = np.random.default_rng(42 + n)
    for _ in range(8):
        V = rng.uniform(0, 10, size=(7, n))
        d = V.min(axis=0) + rng.uniform(0, 1, size=n)
        try:
            ours = nash_solution(V, d)
        except GameError:
            continue

        def neg(lam, V=V, d=d):
            g = lam @ V - d
            return np.inf if np.any(g <= 0) else -np.sum(np.log(g))

        start = np.full(len(V), 1 / len(V))
        best = None
        for x0 in [start, *rng.dirichlet(np.ones(len(V)), 5)]:
            if not np.isfinite(neg(x0)):
                continue
            res = minimize(neg, x0, method="SLSQP", bounds=[(0, 1)] * len(V),
                           constraints=[{"type": "eq", "fun": lambda lam: lam.sum() - 1}],
                           options={"ftol": 1e-14, "maxiter": 500})
            if res.success and np.isfinite(res.fun) and (best is None or res.fun < best.fun):
                best = res
        if best is None:
            continue
        ours_val = np.sum(np.log(ours.payoffs - d))
        assert ours_val >= -best.fun - 1e-9                  # never worse than the generic optimiser
        assert ours_val == pytest.approx(-best.fun, abs=1e-6)
