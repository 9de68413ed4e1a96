"""Two-player trees: Lemke, vertex enumeration and the LP on the sequence form."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.model.extensive import Chance, Decision, ExtensiveGame, Terminal
from bargain.solvers.result import make_equilibrium
from bargain.solvers.sequence_form import sequence_form

from .oracle import in_equilibrium_set
from .trees import kuhn_poker

F = Fraction


def _move(eq, label: str, action: str):
    b = eq.behaviour
    h = eq.game.infoset(label)
    return b.exact_probabilities[h.index][h.actions.index(action)]


def test_kuhn_poker_value_and_optimal_family_exactly():
    tree = kuhn_poker()
    lp = bg.solve(tree, method="seqform-lp")
    assert lp[0].exact_payoffs == (F(-1, 18), F(1, 18))
    eqs = bg.solve(tree)          # auto: every extreme equilibrium
    assert eqs.method == "seqform-enum" and eqs.complete
    assert len(eqs) == 2 and len(eqs.components) == 1 and eqs.components[0].equilibria == (0, 1)
    # Player 1's optimal family (Kuhn 1950): bet J with alpha in [0, 1/3], bet K with 3 alpha,
    # always check Q, call with Q after check-bet with alpha + 1/3; player 2's strategy is unique.
    alphas = sorted(_move(e, "1J", "Bet") for e in eqs)
    assert alphas == [0, F(1, 3)]
    for e in eqs:
        a = _move(e, "1J", "Bet")
        assert e.exact_payoffs == (F(-1, 18), F(1, 18))
        assert _move(e, "1K", "Bet") == 3 * a and _move(e, "1Q", "Bet") == 0
        assert _move(e, "1Qcb", "Call") == a + F(1, 3) and _move(e, "1Jcb", "Call") == 0
        assert _move(e, "2Qb", "Call") == F(1, 3) and _move(e, "2Jc", "Bet") == F(1, 3)
        assert _move(e, "2Kb", "Call") == 1 and _move(e, "2Kc", "Bet") == 1 and _move(e, "2Jb", "Call") == 0
    lcp = bg.solve(tree, method="seqform-lcp")
    assert len(lcp) >= 1 and all(in_equilibrium_set(eqs, list(e.profile)) for e in lcp)


@pytest.mark.slow
def test_kuhn_poker_holds_gambits_lcp_equilibrium():
    gbt = pytest.importorskip("pygambit")
    import tempfile
    from pathlib import Path

    from bargain.io.efg import read_efg, write_efg

    from .oracle import gambit_behaviour, plans_of

    path = Path(tempfile.mkdtemp()) / "kuhn.efg"
    write_efg(kuhn_poker(), path)
    tree = read_efg(path)
    ggame = gbt.read_efg(str(path))
    eqs = bg.solve(tree)
    for profile in gbt.nash.lcp_solve(ggame, rational=True).equilibria:
        assert in_equilibrium_set(eqs, plans_of(sequence_form(tree), gambit_behaviour(tree, ggame, profile)))


def _degenerate_trees() -> list[ExtensiveGame]:
    # 1. Player 2 indifferent everywhere, player 1's second move unreached when Out.
    t1 = ExtensiveGame(Decision("A", {
        "Out": Terminal(1, 0),
        "In": Decision("B", {"l": Decision("A", {"u": Terminal(1, 0), "d": Terminal(0, 0)}, infoset="a2"),
                             "r": Decision("A", {"u": Terminal(0, 0), "d": Terminal(1, 0)}, infoset="a3")}),
    }), players=("A", "B"))
    # 2. Imperfect information with payoff ties and a chance move: continua of equilibria.
    t2 = ExtensiveGame(Chance({
        "H": (F(1, 2), Decision("A", {"x": Decision("B", {"L": Terminal(1, 1), "R": Terminal(1, 1)}, infoset="b"),
                                      "y": Decision("B", {"L": Terminal(0, 2), "R": Terminal(2, 0)}, infoset="b2")},
                                infoset="aH")),
        "T": (F(1, 2), Decision("A", {"x": Decision("B", {"L": Terminal(1, 1), "R": Terminal(1, 1)}, infoset="b"),
                                      "y": Decision("B", {"L": Terminal(2, 0), "R": Terminal(0, 2)}, infoset="b2")},
                                infoset="aT")),
    }), players=("A", "B"))
    # 3. All payoffs equal: every profile is an equilibrium.
    t3 = ExtensiveGame(Decision("A", {"a": Decision("B", {"c": Terminal(0, 0), "d": Terminal(0, 0)}, infoset="B"),
                                      "b": Decision("B", {"c": Terminal(0, 0), "d": Terminal(0, 0)}, infoset="B")}),
                       players=("A", "B"))
    return [t1, t2, t3]


@pytest.mark.parametrize("k", range(3))
def test_degenerate_trees_hold_every_normal_form_extreme_equilibrium(k):
    tree = _degenerate_trees()[k]
    sf = sequence_form(tree)
    eqs = bg.solve(tree, method="seqform-enum")
    assert eqs.complete and len(eqs) >= 2 and any(not c.is_isolated for c in eqs.components)
    nf = tree.reduced_normal_form()
    for ne in bg.solve(nf, method="enumeration"):
        plans = [np.array([float(v) for v in sf.plan_from_mixed(i, ne.exact_profile[i], exact=True)])
                 for i in range(2)]
        assert in_equilibrium_set(eqs, plans)
    for e in eqs:
        make_equilibrium(nf, tree.mixed_from_behaviour(e.behaviour, exact=True), "check", exact=True)
    for e in bg.solve(tree, method="seqform-lcp", starts=6):
        assert in_equilibrium_set(eqs, list(e.profile))


def test_all_equal_payoffs_span_the_whole_plan_polytopes():
    eqs = bg.solve(_degenerate_trees()[2], method="seqform-enum")
    assert len(eqs) == 4 and len(eqs.components) == 1      # {a, b} x {c, d}, all equilibria
    assert "component c1" in eqs.table()


def test_float_tree_reports_floats_and_verifies():
    tree = ExtensiveGame(Decision("A", {"L": Decision("B", {"l": Terminal(0.3, 0.1), "r": Terminal(0.0, 0.2)}, "b"),
                                        "R": Decision("B", {"l": Terminal(0.1, 0.3), "r": Terminal(0.2, 0.0)}, "b")}),
                         players=("A", "B"))
    for method in ("seqform-enum", "seqform-lcp"):
        eqs = bg.solve(tree, method=method)
        assert len(eqs) == 1 and not eqs[0].is_exact
        # B indifferent: 0.1 p + 0.3 (1 - p) = 0.2 p; A indifferent: 0.3 q = 0.1 q + 0.2 (1 - q)
        np.testing.assert_allclose(eqs[0].behaviour.probabilities[0], [0.75, 0.25], atol=1e-12)
        np.testing.assert_allclose(eqs[0].behaviour.probabilities[1], [0.5, 0.5], atol=1e-12)


def test_bad_requests_raise_one_clear_error():
    tree = kuhn_poker()
    with pytest.raises(GameError, match="zero-sum"):
        bg.solve(_degenerate_trees()[0], method="seqform-lp")
    with pytest.raises(GameError, match="2-player trees"):
        bg.solve(ExtensiveGame(Decision("A", {"x": Terminal(1, 2, 3)}), players=("A", "B", "C")),
                 method="seqform-enum")
    with pytest.raises(GameError, match="starts"):
        bg.solve(tree, method="seqform-lcp", starts=0)


def test_tree_results_print_behaviour_and_path():
    eqs = bg.solve(kuhn_poker(), method="seqform-lp")
    text = eqs.table()
    assert "path: chance at root" in text and "P1 at {JQ, JK}" in text and "-1/18" in text
    d = eqs.to_dict()
    assert d["equilibria"][0]["payoffs"] == {"P1": "-1/18", "P2": "1/18"}
    assert eqs[0].path[0].mover == "chance"
