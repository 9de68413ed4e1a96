"""Trees too large for support enumeration: their subgame-perfect equilibria in closed form, each regime the moves'
gaps at every node; checked by hand on a small tree, against numeric backward induction at random points of the
box, and through every threshold bg.thresholds reports."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from click.testing import CliRunner

import bargain as bg
from bargain import Parameter
from bargain.analysis.symbolic import solve as symbolic_solve
from bargain.analysis.symbolic.spe import METHOD
from bargain.analysis.thresholds import all_thresholds
from bargain.cli import cli
from bargain.model.extensive import Decision, ExtensiveModel, Terminal
from bargain.solvers.backward_induction import backward_induction_batch
from tests.analysis.symbolic.regime_checks import assert_regimes_verified_and_printed, random_points

#: The shipped trees whose reduced normal forms have more support profiles than support enumeration takes.
LARGE = ("secondary_sanctions", "sequential_crisis", "regional")


def _entry() -> ExtensiveModel:
    """An entrant stays out (0, m) or enters; the incumbent then fights (-f, w) or shares (s, s).  By hand: the
    incumbent shares iff s >= w; the entrant enters iff its value of the incumbent's answer is >= 0."""
    prms = [Parameter("m", 3.0, (1.0, 5.0)), Parameter("f", 1.0, (0.1, 2.0)), Parameter("w", 0.5, (-1.0, 2.0)),
            Parameter("s", 1.0, (-1.0, 2.0))]

    def tree(p):
        return Decision("Entrant", {"Out": Terminal(0, p.m),
                                    "In": Decision("Incumbent", {"Fight": Terminal(-p.f, p.w),
                                                                 "Share": Terminal(p.s, p.s)})})

    return ExtensiveModel("entry", prms, tree, players=("Entrant", "Incumbent"))


def test_a_small_tree_by_hand(monkeypatch):
    """With the support limit lowered, the entry game takes the subgame-perfect route: three profiles, each
    regime exactly the hand-derived conditions."""
    monkeypatch.setattr(symbolic_solve, "MAX_SUPPORT_PROFILES", 1)
    sol = bg.symbolic.formulas(_entry())
    assert "subgame-perfect" in sol.notes[0] and not sol.unverified
    m, f, w, s = (sol.game.symbols[n] for n in "mfws")
    by_label = {g.label: g for g in sol}
    assert set(by_label) == {"Entrant:In | Incumbent:Share", "Entrant:Out | Incumbent:Fight",
                             "Entrant:Out | Incumbent:Share"}
    assert all(g.solution.method == METHOD and len(g.regimes) == 1 and g.verified for g in sol)
    assert sp.expand(by_label["Entrant:In | Incumbent:Share"].payoffs[0] - s) == 0
    assert sp.expand(by_label["Entrant:Out | Incumbent:Fight"].payoffs[1] - m) == 0
    hand = {"Entrant:In | Incumbent:Share": lambda p: p[s] >= p[w] and p[s] >= 0,
            "Entrant:Out | Incumbent:Fight": lambda p: p[w] >= p[s],           # -f < 0: out is then best
            "Entrant:Out | Incumbent:Share": lambda p: p[s] >= p[w] and p[s] <= 0}
    rng = np.random.default_rng(5)
    for _ in range(60):
        p = {m: 1 + 4 * rng.random(), f: 0.1 + 1.9 * rng.random(), w: -1 + 3 * rng.random(), s: -1 + 3 * rng.random()}
        for label, g in by_label.items():
            holds = all(bool(q.relation.xreplace(p)) for q in g.regimes[0].inequalities)
            assert holds == hand[label](p), (label, p)


def test_a_large_normal_form_is_still_refused():
    """A plain normal form past the limit has no subgame-perfect route: refused with the count, at once."""
    prm = bg.Parameter("a", 1.0, (0.0, 2.0))
    names = tuple(f"s{k}" for k in range(13))
    model = bg.Model("big", [prm], lambda p: {(r, c): (p.a if r == c else 0, 1 if r == c else 0)
                                              for r in names for c in names},
                     players=("Row", "Column"), strategies=(names, names))
    with pytest.raises(bg.GameError, match="support profiles"):
        bg.symbolic.formulas(model)


@pytest.fixture(scope="module", params=LARGE)
def large(request):
    model = bg.load_game(request.param)
    return model, bg.symbolic.formulas(model)


def test_every_profile_is_verified_and_printed(large):
    _, sol = large
    assert not sol.unsolved
    assert_regimes_verified_and_printed(sol)
    assert "subgame-perfect" in sol.notes[0] and "incredible threats" in sol.notes[0]
    labels = [f.label for f in sol]
    assert len(set(labels)) == len(labels)
    assert all(f.solution.method == METHOD and len(f.regimes) == 1 for f in sol)


def test_backward_induction_at_random_points_lands_in_its_profiles_regime(large):
    """Independent of the built-in check: numeric backward induction at random points of the box (ties aside)
    takes the moves of a formula whose regime holds there and whose payoffs equal the numeric ones."""
    model, sol = large
    tree = model.reference_tree
    by_moves = {tuple(sorted(f.solution.moves.items())): f for f in sol}
    checked = 0
    for point in random_points(model, 40, seed=11):
        r = backward_induction_batch(model, **{k: np.array([v]) for k, v in point.items()})
        if bool(r.ties[0]):
            continue
        moves = tuple(sorted((h.label, int(r.actions[h.label][0])) for h in tree.infosets))
        f = by_moves[moves]
        sub = {sol.game.symbols[n]: sp.Rational(repr(v)) for n, v in point.items() if n in sol.game.symbols}
        assert all(bool(q.relation.xreplace(sub)) for q in f.regimes[0].inequalities), f.label
        want = r.payoffs[0]
        got = [float(e.xreplace(sub)) for e in f.payoffs]
        assert np.allclose(got, want, rtol=0, atol=1e-9)
        checked += 1
    assert checked >= 30


@pytest.mark.slow
def test_every_threshold_of_the_large_trees_has_a_closed_form(large):
    """Every threshold bg.thresholds reports at the defaults equals a closed form to 1e-12, exactly where the
    numeric one is a proven fraction."""
    model, sol = large
    symbolic = bg.symbolic.thresholds(sol)
    numeric = all_thresholds(model)
    assert sum(len(t) for t in numeric.values()) >= 30
    for pname, thr in numeric.items():
        for t in thr:
            close = [s for s in symbolic if s.parameter == pname and abs(s.value - t.value) <= 1e-12 * max(1, t.value)]
            assert close, (pname, t.value, t.binding)
            if t.exact is not None:
                assert any(s.exact is not None and s.exact.is_Rational
                           and s.exact == sp.Rational(t.exact.numerator, t.exact.denominator) for s in close)


def test_cli_solve_symbolic_on_a_large_tree():
    res = CliRunner().invoke(cli, ["solve", "secondary_sanctions", "--symbolic", "-q"])
    assert res.exit_code == 0, res.output
    assert "subgame-perfect" in res.stdout and "as good as" in res.stdout and "US at root" in res.stdout
