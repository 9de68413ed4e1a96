"""The sequential crisis: the article's story at the defaults, every parameter matters, and the
model's batch of reduced normal forms equals the trees' reduced normal forms point by point."""

from __future__ import annotations

import importlib
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.model.loader import game_module
from bargain.solvers.backward_induction import backward_induction

F = Fraction


@pytest.fixture(scope="module")
def model():
    return bg.load_game("sequential_crisis")


def test_shape_and_shared_parameters(model):
    game_module("sanctions_triangle")
    _shared = importlib.import_module("bargain._games._shared")

    assert model.players == ("US", "China", "DPRK") and model.shape == (2, 9, 64)
    assert model.strategies[0] == ("Sanction", "Status quo")
    assert "Optics/Lax" in model.strategies[1] and "Test/Test/Test/Test/Test/Test" in model.strategies[2]
    for name, prm in model.parameters.items():
        assert getattr(_shared, name.upper()) is prm          # the very objects of the triangle
    tree = model.tree()
    assert tree.has_perfect_information and len(tree.chance_nodes) == 6


def test_defaults_tell_the_article_story(model):
    """US sanctions Chinese firms; China enforces for optics and eases; North Korea keeps testing,
    and would freeze if China enforced fully."""
    tree = model.tree(exact=True)
    eqs = bg.subgame_perfect_equilibria(tree)
    assert eqs.complete and len(eqs) == 1
    (spe,) = eqs
    assert spe.plan("US") == {"US@root": "Sanction"}
    assert spe.plan("China") == {"China@Sanction": "Optics", "China@Status quo": "Optics"}
    assert spe.plan("DPRK")["DPRK@Sanction/Optics/Holds"] == "Test"
    assert spe.plan("DPRK")["DPRK@Sanction/Enforce/Holds"] == "Freeze"
    assert [str(s) for s in spe.path] == ["US at root: Sanction", "China at Sanction: Optics",
                                          "chance at Sanction/Optics: Collapse (69/500), Holds (431/500)",
                                          "DPRK at Sanction/Optics/Holds: Test"]
    # By hand: cut = (1 - 0.4)((1 - 0.3) 0.2 + 0.4 * 0.8) = 69/250, collapse q = 0.5 cut
    cut = F(69, 250)
    q = cut / 2
    us_now = -F(1, 2) - F(3, 5) * (1 + F(1, 2))
    china_now = F(3, 5) * (3 - 1 - F(1, 2)) - F(5, 2) * F(1, 5) - 2 * F(4, 5)
    us = q * (us_now - 6) + (1 - q) * (us_now - 10 * (1 - cut))
    china = china_now - q * 16
    dprk = -q * 12 + (1 - q) * (4 - 12 * cut)
    assert spe.exact_payoffs == (us, china, dprk)
    nfe = spe.normal_form_equilibrium()
    assert model.game(exact=True).is_nash(nfe.exact_profile, exact=True)


# parameter -> (a value inside its bounds, information set whose SPE action changes, new action)
THRESHOLDS = {
    "collapse_cost": (16.7, "China@Status quo", "Lax"),
    "refugee_risk": (0.5225, "China@Status quo", "Lax"),
    "border_trade": (2.65, "China@Status quo", "Lax"),
    "cooperation_value": (2.95, "China@Status quo", "Lax"),
    "taiwan_linkage": (1.05, "China@Status quo", "Lax"),
    "sanction_trust": (1.375, "China@Sanction", "Lax"),
    "sanction_cost": (3.2, "China@Sanction", "Enforce"),
    "optics_share": (0.205, "China@Status quo", "Lax"),
    "optics_credit": (0.585, "China@Status quo", "Lax"),
    "russia_substitution": (0.27, "China@Status quo", "Lax"),
    "illicit_leakage": (0.3725, "China@Status quo", "Lax"),
    "lifeline_value": (14.55, "DPRK@Sanction/Optics/Holds", "Freeze"),
    "deterrent_value": (3.3, "DPRK@Sanction/Optics/Holds", "Freeze"),
    "icbm_cost": (5.4, "US@root", "Status quo"),
    "us_collapse_cost": (18.075, "US@root", "Status quo"),
    "sanction_reach": (0.52, "DPRK@Sanction/Optics/Holds", "Freeze"),
    "sanction_backlash": (1.675, "US@root", "Status quo"),
}


def test_every_parameter_is_covered(model):
    assert set(THRESHOLDS) == set(model.parameters)


@pytest.mark.parametrize("name", sorted(THRESHOLDS))
def test_each_parameter_changes_the_spe_inside_its_bounds(model, name):
    value, infoset, action = THRESHOLDS[name]
    prm = model.parameters[name]
    assert prm.low < value < prm.high
    base = backward_induction(model.tree())
    moved = backward_induction(model.tree(**{name: value}))
    assert len(base) == 1 and len(moved) == 1
    assert base[0].behaviour.action(infoset) != action
    assert moved[0].behaviour.action(infoset) == action


def test_batch_equals_tree_reduced_normal_forms(model):
    rng = np.random.default_rng(3)
    n = 40
    values = {k: rng.uniform(p.low, p.high, n) for k, p in model.parameters.items()}
    batch = model.payoffs(**values)
    assert batch.shape == (n, 3, 2, 9, 64)
    for j in range(0, n, 7):
        point = {k: v[j] for k, v in values.items()}
        np.testing.assert_allclose(batch[j], model.tree(**point).reduced_normal_form().payoffs, atol=1e-12)
    exact = model.game(exact=True, collapse_cost=7.5)
    np.testing.assert_allclose(exact.payoffs, model.game(collapse_cost=7.5).payoffs, atol=1e-12)


def test_bad_values_name_the_parameter(model):
    with pytest.raises(bg.GameError, match=r"parameter 'refugee_risk' = 1\.2 .*\[0, 1\]"):
        model.tree(refugee_risk=1.2)
    with pytest.raises(bg.GameError, match=r"did you mean 'collapse_cost'"):
        model.tree(colapse_cost=3)


def test_batched_backward_induction_matches_pointwise_and_the_closed_form_threshold(model):
    from bargain.solvers.backward_induction import backward_induction_batch

    # China leaves Optics for Lax after Sanction when the Taiwan linkage passes 139/75
    # (Optics - Lax = 0.6 (2.5 - t) - 0.1 - 16 * 0.018, the collapse risk of optics over lax times its cost)
    grid = np.linspace(0, 10, 3001)
    res = backward_induction_batch(model, taiwan_linkage=grid)
    lax = res.action("China@Sanction") == "Lax"
    assert not lax[grid < 139 / 75 - 0.01].any() and lax[grid > 139 / 75 + 0.01].all()
    assert res.payoffs.shape == (3001, 3)
    # random points of the whole parameter space, against the tree solved one point at a time
    rng = np.random.default_rng(11)
    values = {k: rng.uniform(p.low, p.high, 25) for k, p in model.parameters.items()}
    res = backward_induction_batch(model, **values)
    for j in range(25):
        eqs = backward_induction(model.tree(**{k: v[j] for k, v in values.items()}))
        assert len(eqs) == 1 or res.ties[j]
        if len(eqs) == 1:
            for h in model.reference_tree.infosets:
                assert eqs[0].behaviour.action(h.label) == res.action(h.label)[j]
            np.testing.assert_allclose(res.payoffs[j], eqs[0].payoffs, atol=1e-12)


def test_batched_backward_induction_flags_ties_and_bad_inputs(model):
    from bargain.solvers.backward_induction import backward_induction_batch

    # with no deterrent and an empty lifeline North Korea is indifferent between Test and Freeze
    res = backward_induction_batch(model, deterrent_value=[0.0, 4.0], lifeline_value=0.0)
    assert res.ties.tolist() == [True, False]
    with pytest.raises(bg.GameError, match="needs a tree model"):
        backward_induction_batch(bg.load_game("sanctions_triangle"))
