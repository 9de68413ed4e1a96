"""Thresholds: closed forms by hand, and consistency with the equilibrium sets on either side."""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.sweep import equilibrium_set_labels
from bargain.analysis.thresholds import all_thresholds, thresholds
from bargain.solvers.batch import solve_batch
from bargain.testing import assert_equilibria_equal
from tests.examples import affine_model, battle_of_sexes, chicken, coercion_game, inspection_game


def test_coercion_threshold_is_s_over_d_minus_one():
    m = coercion_game()
    # The coercive equilibrium (Threaten, Concede) exists iff sanction > stake (1 + expectation).
    for sanction, stake in [(3.0, 1.0), (2.7, 0.9), (4.4, 1.3)]:
        th = thresholds(m, "expectation", n=101, fixed={"sanction": sanction, "stake": stake})
        assert len(th.values) == 1
        assert th.values[0] == pytest.approx(sanction / stake - 1.0, abs=1e-10)
        # one event: the coercive equilibrium and the mixed one meet and vanish together
        (ev,) = th
        assert ev.kind == "disappears" and ev.appears == ()
        assert ev.disappears == ("Sender:Threaten | Target:Concede",
                                 "Sender:Threaten+Acquiesce | Target:Concede+Resist")
        assert ev.why[0] == "Target:Resist becomes a best response"
    th = thresholds(m, "sanction", n=57)
    from fractions import Fraction

    # the two branch ends - the pure equilibrium appearing (closed form) and the mixed one
    # (root-finding) - are verified exactly at 3/2 in rational arithmetic, and are one event
    assert th.values == [Fraction(3, 2)]                              # stake 1 x (1 + 0.5)
    assert [c.exact for c in th.crossings] == [Fraction(3, 2), Fraction(3, 2)]
    assert {c.method for c in th.crossings} == {"closed form", "root-finding"}
    assert th[0].method == "closed form" and th[0].kind == "appears"
    assert th.to_dict()["thresholds"][0]["exact"] == "3/2" and th.to_dict()["exact_values"] == ["3/2"]


def test_chicken_and_known_threshold_free_games():
    th = thresholds(chicken(), "crash", n=40)
    # Below crash = 1 Straight is dominant; above it, two pure equilibria and a mixed one.
    assert th.values == pytest.approx([1.0], abs=1e-12)
    (ev,) = th
    assert ev.disappears == ("Row:Straight | Column:Straight",)
    assert ev.appears == ("Row:Straight | Column:Swerve", "Row:Swerve | Column:Straight",
                          "Row:Swerve+Straight | Column:Swerve+Straight") and ev.kind == "replaced"
    assert len(thresholds(inspection_game(), "penalty", n=30)) == 0
    assert len(thresholds(battle_of_sexes(), "a", values=np.linspace(1.1, 5, 30))) == 0
    assert "no threshold" in thresholds(inspection_game(), "penalty", n=5).table()


@pytest.mark.parametrize("shape, seed",
                         [((3, 3), 7), ((2, 2, 2), 2), pytest.param((3, 3, 2), 1, marks=pytest.mark.slow)])
def test_equilibrium_set_changes_exactly_there(shape, seed):
    m = affine_model(shape, n_params=1, seed=seed)
    th = thresholds(m, "t0", n=120)
    assert len(th) >= 1
    players, strategies = m.players, m.strategies
    n = len(shape)
    for v in th.values:
        if not 1e-6 < v < 1 - 1e-6:
            continue
        eps = 1e-7      # closer than this the solvers' own tolerances decide
        res = solve_batch(m.payoffs(t0=np.array([v - eps, v + eps])), n_players=n)
        lab = equilibrium_set_labels(res, players, strategies)
        assert lab[0] != lab[1], v
    # between consecutive thresholds the set does not change
    vals = np.concatenate([[0.0], th.values, [1.0]])
    mids = 0.5 * (vals[:-1] + vals[1:])
    quarter = 0.75 * vals[:-1] + 0.25 * vals[1:]
    a = equilibrium_set_labels(solve_batch(m.payoffs(t0=mids), n_players=n), players, strategies)
    b = equilibrium_set_labels(solve_batch(m.payoffs(t0=quarter), n_players=n), players, strategies)
    assert list(a) == list(b)


def test_all_thresholds_and_dict():
    out = all_thresholds(coercion_game(), n=41)
    assert set(out) == {"sanction", "stake", "expectation", "threat_cost", "weakness"}
    assert out["expectation"].values == pytest.approx([2.0], abs=1e-10)
    d = out["expectation"].to_dict()
    assert d["parameter"] == "expectation" and d["thresholds"][0]["bracket"][0] <= 2.0


def test_triangle_thresholds_exact_and_batch_agrees_next_to_them():
    """At and right next to each threshold (where tolerances decide), the batch solver still gives
    bargain.solve's equilibrium set; the rational thresholds of the affine triangle are exact."""
    import bargain as bg
    from bargain import Game, solve

    if "sanctions_triangle" not in bg.list_games():
        pytest.skip("sanctions_triangle not shipped yet")
    m = bg.load_game("sanctions_triangle")
    th = thresholds(m, "taiwan_linkage", n=101)
    assert len(th.values) >= 2
    exact = [t for t in th if t.exact is not None]
    assert exact and all(abs(float(t.exact) - t.value) < 1e-12 for t in exact)
    assert all(t.exact.denominator <= 100 for t in exact)
    for v in th.values:
        # the triangle's payoffs are affine with rational coefficients: thresholds are simple fractions
        frac = __import__("fractions").Fraction(v).limit_denominator(1000)
        assert abs(float(frac) - v) < 1e-10
        pts = np.clip(v + np.array([-1e-6, -1e-9, 0.0, 1e-9, 1e-6]), 0.0, 10.0)
        P = m.payoffs(taiwan_linkage=pts)
        res = solve_batch(P, n_players=3)
        for b in range(len(pts)):
            assert_equilibria_equal(res.equilibria_at(b), solve(Game(P[b]), exact=False), tol=1e-7)


def test_fold_is_located_at_the_turning_point():
    """Two mixed equilibria born together (a fold): the threshold sits where the count jumps."""
    m = affine_model((3, 3, 2), n_params=1, seed=1)
    th = thresholds(m, "t0", values=np.linspace(0.19, 0.2, 11))
    (ev,) = th                                   # the two branch ends are one event
    assert ev.why == ("two equilibria are born together (a fold)",) and ev.kind == "appears"
    folds = ev.crossings
    assert len(folds) == 2 and folds[0].method == "turning point" and len(ev.appears) == 2
    v = ev.value
    assert abs(folds[1].value - v) < 1e-12
    counts = solve_batch(m.payoffs(t0=np.array([v - 1e-8, v + 1e-8])), n_players=3).count
    assert counts[1] == counts[0] + 2


def test_a_prior_that_is_a_parameter_has_thresholds_and_a_signalling_game_points_to_prior_thresholds():
    """Entry against an incumbent of high cost (prior p) or low: low builds (5 > 3, 3 > 2), high stays
    (Build is dominated), so the entrant's Enter pays p * 1 + (1 - p) * (-1): it enters iff p > 1/2."""
    from fractions import Fraction as F  # noqa: N817

    table = {("high", "Build", "Enter"): (0, -1), ("high", "Build", "Out"): (2, 0), ("high", "Stay", "Enter"): (2, 1),
             ("high", "Stay", "Out"): (3, 0), ("low", "Build", "Enter"): (3, -1), ("low", "Build", "Out"): (5, 0),
             ("low", "Stay", "Enter"): (2, 1), ("low", "Stay", "Out"): (3, 0)}
    p = bg.Parameter("p_high", default=0.3, bounds=(0.0, 1.0), meaning="prior that the cost is high")
    m = bg.BayesianModel("entry", [p], types={"Inc": ["high", "low"], "Ent": ["-"]},
                         prior=lambda v: {"Inc": {"high": v.p_high, "low": 1 - v.p_high}},
                         actions={"Inc": ["Build", "Stay"], "Ent": ["Enter", "Out"]},
                         payoffs=lambda v, t, a: table[(t["Inc"], a["Inc"], a["Ent"])])
    th = bg.thresholds(m, "p_high")
    inner = [t for t in th if 0 < t.value < 1]
    assert inner and all(abs(t.value - 0.5) < 1e-12 for t in inner)
    (ev,) = inner                         # one event: the entrant's equilibrium flips from Out to Enter
    assert ev.kind == "replaced" and len(ev.disappears) == len(ev.appears) == 1
    sg = bg.SignallingGame(["weak", "strong"], {"weak": F(1, 10), "strong": F(9, 10)}, ["beer", "quiche"],
                           ["duel", "not"], lambda t, m, r: (((t == "strong") == (m == "beer")) + 2 * (r == "not"),
                                                             int((r == "duel") == (t == "weak"))))
    with pytest.raises(bg.GameError, match="prior_thresholds"):
        bg.thresholds(sg, "prior")
    assert bg.prior_thresholds(sg)          # the entry point for a signalling game's prior


@pytest.mark.slow
def test_will_or_capacity_reports_each_change_once_and_not_the_solvers_tolerance():
    """capture: the grid brackets (0.08, 0.085) and (0.825, 0.83) each hold one located event, 113/1368 and
    243/293 (proven in rational arithmetic), and the sets near the brackets' ends are the sets on either side of
    it: one event each, a note each.  prior_unable: in (0.995, 1) the sets solved differ near 1 - 1.5e-5, where
    the approximate equilibria the solver accepts (the US's regret grows as (1 - prior)^2) cross its tolerance:
    no event; the exact extreme equilibria do not change there (tests/analysis/symbolic/test_signalling.py)."""
    from fractions import Fraction

    model = bg.load_game("will_or_capacity")
    th = thresholds(model, "capture")
    located = [e for e in th if not e.method.startswith("not located")]
    for e in th:
        if e.method.startswith("not located"):
            assert not any(e.bracket[0] < f.value < e.bracket[1] for f in located), e
    assert {Fraction(113, 1368), Fraction(243, 293)} <= {e.exact for e in located}
    assert sum("is the one located at" in d for d in th.dropped) == 2
    th = thresholds(model, "prior_unable")
    assert [e.exact for e in th] == [Fraction(110966, 225681), Fraction(30389, 41739)]
    (note,) = [d for d in th.dropped if "approximate equilibria" in d]
    assert "between 0.995 and 1 differ only at 0.99998" in note
