"""Parametric game trees traced symbolically: the reduced normal form as expressions, checked against the numeric
and the exact reduced normal forms, a tree worked by hand, the shipped trees' regimes, and the refusals."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from click.testing import CliRunner

import bargain as bg
from bargain import Parameter
from bargain.analysis.thresholds import all_thresholds
from bargain.cli import cli
from bargain.model.extensive import Chance, Decision, ExtensiveModel, Terminal
from tests.analysis.symbolic.regime_checks import (
    assert_regimes_verified_and_printed,
    equilibria_in_their_regimes,
    random_points,
)

#: The shipped games that are parametric trees with arithmetic tree functions.
TREES = ("buffer_state", "russia_channel")


def _at(sg, point) -> np.ndarray:
    sub = {sg.symbols[n]: v for n, v in point.items()}
    return np.vectorize(lambda e: float(e.xreplace(sub)), otypes=[float])(sg.payoffs)


@pytest.mark.parametrize("name", TREES)
def test_traced_payoffs_equal_the_numeric_normal_form(name):
    """At the defaults and 3 random points the expressions give model.game(**values).payoffs to 1e-12."""
    model = bg.load_game(name)
    sg = bg.symbolic.symbolic_game(model)
    assert sg.players == model.players and sg.strategies == model.strategies
    assert sg.payoffs.shape == (model.n_players, *model.shape)
    for point in random_points(model, 3, seed=19):
        num = model.game(**point).payoffs
        assert np.max(np.abs(_at(sg, point) - num)) <= 1e-12 * max(1.0, float(np.max(np.abs(num))))


@pytest.mark.parametrize("name", TREES)
def test_traced_payoffs_equal_the_exact_tree_at_rational_points(name):
    """At rational points the expressions equal, exactly, the reduced normal form the exact tree computes on its
    own (leaf weights and 0/1 map of ExtensiveGame, not the parametric model's batch path)."""
    model = bg.load_game(name)
    sg = bg.symbolic.symbolic_game(model)
    rng = np.random.default_rng(5)
    for _ in range(2):
        point = {n: Fraction(p.low) + (Fraction(p.high) - Fraction(p.low)) * Fraction(int(rng.integers(1, 16)), 16)
                 for n, p in model.parameters.items()}
        exact = model.tree(exact=True, **point).reduced_normal_form(exact=True).exact_payoffs
        sub = {sg.symbols[n]: sp.Rational(v.numerator, v.denominator) for n, v in point.items()}
        for idx, e in np.ndenumerate(sg.payoffs):
            got = e.xreplace(sub)
            assert got.is_Rational and Fraction(int(got.p), int(got.q)) == exact[idx], idx


# --------------------------------------------------------------------------- a tree worked by hand
def _gamble() -> ExtensiveModel:
    """A takes ``s`` (Safe) or gambles (Risky); the gamble wins ``a`` with probability ``q`` (B gets 1), else B,
    seeing it lost, punishes (A pays ``c``, B pays 1) or forgives (both 0).  By hand, with B's plans
    (Punish, Forgive): U_A(Risky, Punish) = q a - (1 - q) c, U_A(Risky, Forgive) = q a,
    U_B(Risky, Punish) = 2 q - 1, U_B(Risky, Forgive) = q; Safe pays (s, 0)."""
    prms = [Parameter("s", 1.0, (0.1, 2.0)), Parameter("a", 2.0, (0.1, 4.0)), Parameter("c", 1.0, (0.1, 4.0)),
            Parameter("q", 0.5, (0.05, 0.95))]

    def tree(p):
        lost = Decision("B", {"Punish": Terminal(-p.c, -1), "Forgive": Terminal(0, 0)})
        return Decision("A", {"Safe": Terminal(p.s, 0),
                              "Risky": Chance({"Win": (p.q, Terminal(p.a, 1)), "Lose": (1 - p.q, lost)})})

    return ExtensiveModel("gamble", prms, tree, players=("A", "B"))


def test_a_tree_worked_by_hand():
    model = _gamble()
    sg = bg.symbolic.symbolic_game(model)
    s, a, c, q = (sg.symbols[n] for n in "sacq")
    assert model.strategies == (("Safe", "Risky"), ("Punish", "Forgive"))
    by_hand = [[[s, s], [q * a - (1 - q) * c, q * a]], [[0, 0], [2 * q - 1, q]]]
    for idx, e in np.ndenumerate(sg.payoffs):
        want = by_hand[idx[0]][idx[1]][idx[2]]
        assert sp.expand(e - want) == 0, (idx, e)
    sol = bg.symbolic.formulas(model)
    assert not sol.unverified
    f = next(f for f in sol if f.label == "A:Risky | B:Forgive")
    rels = [rel.relation for reg in f.regimes for rel in reg.inequalities]
    assert len(f.regimes) == 1
    rng = np.random.default_rng(3)
    for _ in range(40):                          # the regime is q a >= s (B forgives: 1 - q > 0), by hand
        pt = {s: 0.1 + 1.9 * rng.random(), a: 0.1 + 3.9 * rng.random(), c: 0.1 + 3.9 * rng.random(),
              q: 0.05 + 0.9 * rng.random()}
        assert all(bool(r.xreplace(pt)) for r in rels) == (pt[q] * pt[a] >= pt[s])


def test_chance_probabilities_must_sum_to_one_identically():
    def tree(p):
        return Chance({"x": (p.q, Terminal(1, 0)), "y": (p.q, Terminal(0, 1))})   # sums to 1 only at q = 1/2

    model = ExtensiveModel("halves", [Parameter("q", 0.5, (0.0, 1.0))], tree, players=("A", "B"))
    with pytest.raises(bg.GameError, match="do not sum to 1 identically"):
        bg.symbolic.symbolic_game(model)


# --------------------------------------------------------------------------- the shipped trees
@pytest.fixture(scope="module", params=TREES)
def shipped(request):
    model = bg.load_game(request.param)
    return model, bg.symbolic.formulas(model)


def test_every_regime_is_verified_and_printed_as_inequalities(shipped):
    _, sol = shipped
    assert not sol.unsolved
    assert_regimes_verified_and_printed(sol)


def test_every_numeric_equilibrium_at_random_points_has_its_regime(shipped):
    """At random points of the box every equilibrium bg.solve finds is reproduced by a verified formula on its
    support whose regime inequalities hold there -- every one whose mixers' supports have equal sizes.  A tree's
    reduced normal form is degenerate for all parameter values (plans differing only off the path pay the same),
    so it also has continua of equilibria, e.g. North Korea mixing two plans that answer Hold back alike while
    Russia holds back; bg.solve reports their vertices, on supports of unequal sizes, which the symbolic support
    solver skips (see bargain.analysis.symbolic.supports)."""
    model, sol = shipped

    def unequal_or_one_mixer(eq):
        return len({len(s) for s in eq.support if len(s) > 1}) > 1 or sum(len(s) > 1 for s in eq.support) == 1

    assert equilibria_in_their_regimes(model, sol, random_points(model, 5, seed=11), unequal_or_one_mixer) >= 6


def test_russia_channel_freeze_regime_by_hand():
    """North Korea freezes after both Russian moves, Russia holding back, iff the cut outweighs the deterrent:
    china_enforcement * lifeline_value >= deterrent_value (Russia's expansion then costs it its isolation)."""
    sol = bg.symbolic.formulas("russia_channel")
    f = next(f for f in sol if f.label == "DPRK:Freeze/Freeze | Russia:Hold back")
    syms = sol.game.symbols
    rels = [q.relation for reg in f.regimes for q in reg.inequalities]
    model = bg.load_game("russia_channel")
    for point in random_points(model, 30, seed=2):
        sub = {syms[n]: v for n, v in point.items()}
        holds = all(bool(r.xreplace(sub)) for r in rels)
        assert holds == (point["china_enforcement"] * point["lifeline_value"] >= point["deterrent_value"])


def test_cli_solve_buffer_state_symbolic():
    res = CliRunner().invoke(cli, ["solve", "buffer_state", "--symbolic", "-q"])
    assert res.exit_code == 0, res.output
    assert "China:Optics | DPRK:Provoke/Provoke/Provoke" in res.stdout and "regime" in res.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", TREES)
def test_every_subgame_perfect_threshold_has_a_closed_form(name):
    """Every threshold bg.thresholds reports for a tree (subgame-perfect switches, on the path and off it) equals a
    closed form evaluated at the defaults, to 1e-12, exactly where the numeric one is a proven fraction, and names
    the same switch."""
    model = bg.load_game(name)
    sol = bg.symbolic.formulas(model)
    symbolic = bg.symbolic.thresholds(sol)
    numeric = all_thresholds(model)
    off_path = 0
    for pname, thr in numeric.items():
        for t in thr:
            close = [s for s in symbolic if s.parameter == pname and abs(s.value - t.value) <= 1e-12 * max(1, t.value)]
            assert close, (pname, t.value, t.binding)
            if t.exact is not None:
                assert any(s.exact is not None and sp.Rational(s.exact) == sp.Rational(t.exact.numerator,
                                                                                        t.exact.denominator)
                           for s in close)
            spe = [s for s in close if s.support == "subgame-perfect"]
            assert spe and all(s.binding in t.binding for s in spe), (pname, t.binding)
            off_path += all("off the path" in s.binding for s in spe)
    assert off_path == {"buffer_state": 5, "russia_channel": 3}[name]


def test_russia_channel_off_path_switch_by_hand():
    """After Russia expands (off the path at the defaults), North Korea tests iff its deterrent is worth the cut
    left: deterrent_value >= china_enforcement (1 - russia_substitution) lifeline_value.  So the switch in
    china_enforcement is deterrent_value / (lifeline_value (1 - russia_substitution)), 10/21 at the defaults."""
    sol = bg.symbolic.formulas("russia_channel")
    syms = sol.game.symbols
    d, e, lv, r = (syms[n] for n in ("deterrent_value", "china_enforcement", "lifeline_value", "russia_substitution"))
    got = [t for t in bg.symbolic.thresholds(sol, "china_enforcement") if "at Expand" in t.binding]
    assert len(got) == 1 and "off the path" in got[0].binding
    assert sp.simplify(got[0].expression - d / (lv * (1 - r))) == 0 and got[0].exact == sp.Rational(10, 21)
    moved = [t for t in bg.symbolic.thresholds(sol, "china_enforcement", at={"russia_substitution": 0.2})
             if "at Expand" in t.binding]
    assert len(moved) == 1 and sp.simplify(moved[0].expression - d / (lv * (1 - r))) == 0
    defaults = {n: p.default for n, p in sol.game.parameters.items()}
    want = defaults["deterrent_value"] / (defaults["lifeline_value"] * 0.8)
    assert abs(moved[0].value - want) <= 1e-12
    assert e not in moved[0].expression.free_symbols
