"""Closed forms of textbook games against the results derived by hand (see ``textbook.py`` for sources)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import bargain as bg


def _sym(sol, name):
    return sol.game.symbols[name]


def _same(a, b) -> bool:
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


def _regime_predicate(formula, regime=0):
    """The regime's displayed inequalities as a function of a parameter point (sympy relations)."""
    rels = [q.relation for q in formula.regimes[regime].inequalities]
    syms = formula.game.symbols

    def holds(**values):
        sub = {syms[k]: v for k, v in values.items()}
        return all(bool(r.xreplace(sub)) for r in rels)
    return holds


def _check_regime(formula, truth, names, bounds, n=300, seed=1, regime=0):
    """The displayed inequalities agree with the hand-derived predicate at random points (off the boundary)."""
    rng = np.random.default_rng(seed)
    holds = _regime_predicate(formula, regime)
    for _ in range(n):
        point = {k: float(rng.uniform(*b)) for k, b in zip(names, bounds, strict=True)}
        assert holds(**point) == truth(**point), (formula.label, point)


@pytest.fixture(scope="module")
def inspection(textbook):
    return bg.symbolic.formulas(textbook.inspection())


def test_inspection_game_tsebelis(inspection):
    sol = inspection
    g, S, k, h = (_sym(sol, n) for n in "gSkh")
    mixed = sol.find("Inspector:Inspect+Not | Violator:Violate+Comply")
    assert _same(mixed.probability("Inspector", "Inspect"), g / (g + S))
    assert _same(mixed.probability("Violator", "Violate"), k / h)
    # the violator's rate does not depend on the sanction: derivative exactly zero, decided symbolically
    stat = [s for s in bg.symbolic.comparative_statics(sol, mixed, "S") if s.quantity == "P(Violator:Violate)"]
    assert stat and all(s.sign == "0" and s.how == "symbolic" for s in stat)
    # raising the sanction lowers inspection
    stat = [s for s in bg.symbolic.comparative_statics(sol, mixed, "S") if s.quantity == "P(Inspector:Inspect)"]
    assert stat and all(s.sign == "-" for s in stat)
    _check_regime(mixed, lambda g, S, k, h: k < h, "gSkh", [(0.1, 10)] * 4)
    pure = sol.find("Inspector:Not | Violator:Violate")
    _check_regime(pure, lambda g, S, k, h: k > h, "gSkh", [(0.1, 10)] * 4)
    assert {f.label for f in sol} == {mixed.label, pure.label}
    assert mixed.verified and not sol.unverified


def test_inspection_threshold_is_k_equals_h(inspection):
    thr = bg.symbolic.thresholds(inspection, "k")
    assert thr and all(_same(t.expression, _sym(inspection, "h")) for t in thr)
    assert {t.exact for t in thr} == {sp.Integer(3)}     # h = 3 at the defaults


def test_matching_pennies_with_a_parameter(textbook):
    sol = bg.symbolic.formulas(textbook.matching_pennies())
    a = _sym(sol, "a")
    assert len(sol) == 1
    f = sol[0]
    assert _same(f.probability("Row", "H"), 1 / (1 + a))
    assert _same(f.probability("Column", "H"), 1 / (1 + a))
    assert _same(f.payoff("Row"), a / (1 + a))
    assert f.regimes[0].inequalities == []            # an equilibrium for every a in the bounds


def test_hawk_dove_v_over_c(textbook):
    sol = bg.symbolic.formulas(textbook.hawk_dove())
    V, C = _sym(sol, "V"), _sym(sol, "C")
    mixed = sol.find("Row:Hawk+Dove | Column:Hawk+Dove")
    assert _same(mixed.probability("Row", "Hawk"), V / C)
    assert _same(mixed.payoff("Row"), V * (C - V) / (2 * C))
    box = [(0.5, 10), (0.5, 10)]
    _check_regime(mixed, lambda V, C: V < C, "VC", box)
    _check_regime(sol.find("Row:Hawk | Column:Hawk"), lambda V, C: V > C, "VC", box)
    _check_regime(sol.find("Row:Hawk | Column:Dove"), lambda V, C: V < C, "VC", box)
    assert len(sol) == 4


def test_battle_of_the_sexes_three_equilibria_and_their_regimes(textbook):
    sol = bg.symbolic.formulas(textbook.battle_of_sexes())
    a, b = _sym(sol, "a"), _sym(sol, "b")
    mixed = sol.find("Row:Opera+Fight | Column:Opera+Fight")
    assert _same(mixed.probability("Row", "Opera"), b / (1 + b))
    assert _same(mixed.probability("Column", "Opera"), 1 / (1 + a))
    box = [(-2, 4), (-2, 4)]
    _check_regime(mixed, lambda a, b: a > 0 and b > 0, "ab", box)
    _check_regime(sol.find("Row:Opera | Column:Opera"), lambda a, b: a > 0, "ab", box)
    _check_regime(sol.find("Row:Fight | Column:Fight"), lambda a, b: b > 0, "ab", box)
    _check_regime(sol.find("Row:Fight | Column:Opera"), lambda a, b: a < 0 and b < 0, "ab", box)
    assert len(sol) == 4


def test_chicken_with_a_parameter(textbook):
    sol = bg.symbolic.formulas(textbook.chicken())
    c = _sym(sol, "c")
    mixed = sol.find("Row:Swerve+Dare | Column:Swerve+Dare")
    assert _same(mixed.probability("Row", "Dare"), 1 / c)
    _check_regime(mixed, lambda c: c > 1, "c", [(0.5, 5)])
    _check_regime(sol.find("Row:Dare | Column:Dare"), lambda c: c < 1, "c", [(0.5, 5)])
    thr = bg.symbolic.thresholds(sol, "c")
    assert {t.exact for t in thr} == {sp.Integer(1)}


def test_two_by_two_by_two_defining_quadratic(textbook):
    sol = bg.symbolic.formulas(textbook.three_player())
    t = _sym(sol, "t")
    mixed = [f for f in sol if all(len(s) == 2 for s in f.support)]
    assert len(mixed) == 2                            # two totally mixed equilibria, from one quadratic
    for f in mixed:
        z = f.solution.unknowns[-1]                   # P3's probability of A
        last = f.solution.groebner[-1]
        assert sp.Poly(last, z).degree() == 2
        assert _same(sp.Poly(last, z).monic().as_expr(), z**2 - z + t)
        x, y, zz = (f.probability(i, 0) for i in range(3))
        assert _same(x, 1 - zz) and _same(y, zz)
        assert _same(zz**2 - zz + t, 0)
        _check_regime(f, lambda t: 0 < t < 0.25, "t", [(0.0, 1.0)])
    roots = sorted(float(f.probability(2, 0).subs(t, sp.Rational(1, 5))) for f in mixed)
    assert np.allclose(roots, [(1 - np.sqrt(1 / 5)) / 2, (1 + np.sqrt(1 / 5)) / 2], atol=1e-14)


def test_fold_threshold_of_the_quadratic(textbook):
    sol = bg.symbolic.formulas(textbook.three_player())
    folds = [t for t in bg.symbolic.thresholds(sol, "t") if t.binding.startswith("fold")]
    assert folds and {t.exact for t in folds} == {sp.Rational(1, 4)}


@pytest.mark.slow
def test_comparative_statics_of_the_triangle():
    """In the triangle's mixed equilibrium where the US mixes Sanction and Status quo and North Korea mixes
    (China plays Optics), the US mix keeps North Korea indifferent: a more valued deterrent needs more
    sanctions to offset it, a bigger lifeline fewer, and China's credit does not enter at all."""
    model = bg.load_game("sanctions_triangle")
    free = ("deterrent_value", "lifeline_value", "cooperation_value")
    # the other parameters held at their defaults: the three that matter stay symbols, and the trace is
    # seconds, not the minutes the whole 18-parameter box takes
    sol = bg.symbolic.formulas(model, fixed={k: p.default for k, p in model.parameters.items() if k not in free})
    mixed = sol.find("US:Sanction+Status quo | China:Optics | DPRK:Test+Freeze")
    signs = {(s.quantity, s.parameter): (s.sign, s.how) for s in bg.symbolic.comparative_statics(sol, mixed)}
    assert signs[("P(US:Sanction)", "deterrent_value")][0] == "+"
    assert signs[("P(US:Sanction)", "lifeline_value")][0] == "-"
    assert signs[("P(US:Sanction)", "cooperation_value")] == ("0", "symbolic")

    # the numeric oracle: a finite difference of the numeric solver's equilibrium
    def p_sanction(**v):
        eq = next(e for e in bg.solve(sol.game.model.game(**v)) if len(e.support[0]) == 2 and len(e.support[2]) == 2)
        return eq.profile[0][0]
    d = sol.game.parameters["deterrent_value"].default
    mix_point = {"lifeline_value": 14.55}
    assert p_sanction(**mix_point, deterrent_value=d + 0.01) > p_sanction(**mix_point, deterrent_value=d)
