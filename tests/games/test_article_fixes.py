"""The nine faults a close reading found in the shipped games, each pinned by a test that the earlier
games fail: China pivotal, Russia paid only for trade it takes, North Korea answering every stance,
one timing, Cui's sentence in both halves, parameters that can be told apart, a US cost of
collapse, North Korea weighing the collapse, and enforcement that need not be verified."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import bargain as bg
from bargain.model.loader import game_module

TRIANGLE = bg.load_game("sanctions_triangle")
CRISIS = bg.load_game("sequential_crisis")


def _cell(model: bg.Model, player: str, *names: str, **values: float) -> float:
    g = model.game(**values)
    idx = tuple(g.strategies[i].index(n) for i, n in enumerate(names))
    return float(g.payoffs[(g.players.index(player), *idx)])


def _leaf(tree, name: str) -> np.ndarray:
    return tree.leaf_payoffs[list(tree.leaves).index(tree.find_node(name))]


def test_1_full_chinese_enforcement_makes_north_korea_freeze():
    """'Sanctions can only work if Beijing complies': at the defaults, against US sanctions and full
    Chinese enforcement, North Korea's best answer is to freeze (before: Test was dominant)."""
    freeze = _cell(TRIANGLE, "DPRK", "Sanction", "Enforce", "Freeze")
    test = _cell(TRIANGLE, "DPRK", "Sanction", "Enforce", "Test")
    assert freeze > test
    # and the lifeline at stake makes the difference: with a small one North Korea tests again
    assert _cell(TRIANGLE, "DPRK", "Sanction", "Enforce", "Test", lifeline_value=8) > \
        _cell(TRIANGLE, "DPRK", "Sanction", "Enforce", "Freeze", lifeline_value=8)


def test_2_russia_earns_nothing_it_does_not_replace():
    """With no Russian substitution Russia gains nothing in any equilibrium (before: 3 utils for
    trade it never took, against a freezing North Korea); at the defaults North Korea freezes."""
    model = bg.load_game("russia_channel")
    r = model.players.index("Russia")
    d = model.players.index("DPRK")
    for eq in bg.solve(model.game(russia_substitution=0.1, russia_trade_gain=2.0)):
        assert eq.payoffs[r] <= 1e-12
    for eq in bg.solve(model.game()):
        assert eq.payoffs[d] == pytest.approx(0.0)          # a freeze (a test would pay the deterrent net)


def test_3_north_korea_answers_every_chinese_stance():
    """After Lax North Korea chooses too (before: forced to test); where freezing pays more, it freezes."""
    labels = {h.label for h in CRISIS.reference_tree.infosets}
    for us, china in itertools.product(("Sanction", "Status quo"), ("Enforce", "Optics", "Lax")):
        assert f"DPRK@{us}/{china}/Holds" in labels
    spe = bg.subgame_perfect_equilibria(CRISIS.tree(lifeline_value=16, sanction_reach=0.7, deterrent_value=3))
    for eq in spe:
        assert eq.plan("DPRK")["DPRK@Sanction/Lax/Holds"] == "Freeze"


def test_4_one_timing_the_normal_form_is_the_tree_path():
    """Each cell of the triangle is the expected payoff of the same path of the crisis tree, and
    China's stance is paid for at once: against Freeze, Enforce is no longer free credit."""
    tree = CRISIS.tree()
    for us, china, dprk in itertools.product(("Sanction", "Status quo"), ("Enforce", "Optics", "Lax"),
                                             ("Test", "Freeze")):
        node = tree.find_node(f"{us}/{china}")
        q = tree.chance_probabilities(node)
        collapse = tree.leaf_payoffs[list(tree.leaves).index(tree.children(node)[0])]
        path = q[0] * collapse + q[1] * _leaf(tree, f"{us}/{china}/Holds/{dprk}")
        for i, player in enumerate(("US", "China", "DPRK")):
            assert _cell(TRIANGLE, player, us, china, dprk) == pytest.approx(path[i], abs=1e-12)
    for us in ("Sanction", "Engage", "Status quo"):
        gap_test = _cell(TRIANGLE, "China", us, "Enforce", "Test") - _cell(TRIANGLE, "China", us, "Optics", "Test")
        gap_freeze = _cell(TRIANGLE, "China", us, "Enforce", "Freeze") - _cell(TRIANGLE, "China", us, "Optics",
                                                                                "Freeze")
        assert gap_test == pytest.approx(gap_freeze, abs=1e-12)


def test_5_sanctions_on_chinese_firms_cost_trust_too():
    """Cui names the arms sale and the sanctions on Chinese enterprises in one sentence: even when
    China enforces fully (so no designation bites), US sanctions lower its credit."""
    assert _cell(TRIANGLE, "China", "Sanction", "Enforce", "Freeze") < \
        _cell(TRIANGLE, "China", "Status quo", "Enforce", "Freeze")
    lb = bg.load_game("linkage_bargain")
    assert _cell(lb, "China", "Pressure", "Enforce") < _cell(lb, "China", "Sanctions off", "Enforce")


@pytest.mark.parametrize("name", bg.list_games())
def test_6_no_two_parameters_enter_only_as_a_fixed_combination(name):
    """The payoff Jacobian's columns (one per parameter, by central differences over every payoff)
    are pairwise non-proportional at random points: every parameter can be told apart."""
    model = bg.load_game(name)
    rng = np.random.default_rng(5)
    names = [k for k, p in model.parameters.items() if p.low < p.high]
    for _ in range(3):
        point = {k: rng.uniform(p.low + 0.1 * (p.high - p.low), p.high - 0.1 * (p.high - p.low))
                 for k, p in model.parameters.items() if p.low < p.high}
        cols = []
        for k in names:
            h = 1e-5 * (model.parameters[k].high - model.parameters[k].low)
            cols.append(((model.payoffs(**{**point, k: point[k] + h}) - model.payoffs(**{**point, k: point[k] - h}))
                         / (2 * h)).ravel())
        J = np.array(cols)
        for a, b in itertools.combinations(range(len(names)), 2):
            x, y = J[a], J[b]
            if not (np.any(np.abs(x) > 1e-9) and np.any(np.abs(y) > 1e-9)):
                continue
            cos = abs(x @ y) / (np.linalg.norm(x) * np.linalg.norm(y))
            assert cos < 1 - 1e-6, f"{name}: {names[a]} and {names[b]} enter only as a fixed combination"


def test_7_collapse_costs_the_us():
    """A collapsing regime is no free outcome for the US: its payoff there is below a freeze."""
    tree = CRISIS.tree()
    for us, china in itertools.product(("Sanction", "Status quo"), ("Enforce", "Optics")):
        node = tree.find_node(f"{us}/{china}")
        collapse = tree.leaf_payoffs[list(tree.leaves).index(tree.children(node)[0])]
        assert collapse[0] < _leaf(tree, f"{us}/{china}/Holds/Freeze")[0]


def test_8_north_korea_weighs_the_collapse_a_squeeze_invites():
    """Under a full squeeze even a freezing North Korea carries the collapse risk (before: 0)."""
    p = TRIANGLE.defaults
    cut = (1 - p["russia_substitution"]) * (1 - p["illicit_leakage"])
    q = p["refugee_risk"] * cut
    assert _cell(TRIANGLE, "DPRK", "Sanction", "Enforce", "Freeze") == pytest.approx(-q * p["lifeline_value"])


def test_9_the_bargaining_set_holds_only_what_china_would_carry_out():
    """Enforcement cannot be verified: the grand bargain's full enforcement, which China would not
    carry out on its own at the defaults, is not in the utility possibility set."""
    lb = game_module("linkage_bargain")

    g = lb.model.game()
    gb = g.strategies[0].index("Grand bargain")
    enforce, lax = g.strategies[1].index("Enforce"), g.strategies[1].index("Lax")
    assert g.payoffs[1, gb, lax] > g.payoffs[1, gb, enforce]          # China prefers not to enforce
    ups = lb.utility_possibility_set(3)
    assert not np.any(np.all(np.isclose(ups, g.payoffs[:, gb, enforce]), axis=1))
