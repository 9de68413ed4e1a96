"""The sequential crisis: the article's story at the defaults, every parameter matters, and the
model's batch of reduced normal forms equals the trees' reduced normal forms point by point."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.backward_induction import backward_induction

F = Fraction


@pytest.fixture(scope="module")
def model():
    return bg.load_game("sequential_crisis")


def test_shape_and_shared_parameters(model):
    from games import _shared

    assert model.players == ("US", "China", "DPRK") and model.shape == (2, 9, 16)
    assert model.strategies[0] == ("Sanction", "Status quo")
    assert "Optics/Lax" in model.strategies[1] and "Test/Test/Test/Test" in model.strategies[2]
    for name, prm in model.parameters.items():
        assert getattr(_shared, name.upper()) == prm          # same name, default, bounds, source
    tree = model.tree()
    assert tree.has_perfect_information and len(tree.chance_nodes) == 6


def test_defaults_tell_the_article_story(model):
    """US sanctions Chinese firms; China enforces for optics and eases (no squeeze, after either
    US move); North Korea keeps testing, even after a real squeeze that leaves it standing."""
    tree = model.tree(exact=True)
    eqs = bg.subgame_perfect_equilibria(tree)
    assert eqs.complete and len(eqs) == 1
    (spe,) = eqs
    assert spe.plan("US") == {"US@root": "Sanction"}
    assert spe.plan("China") == {"China@Sanction": "Optics", "China@Status quo": "Lax"}
    assert set(spe.plan("DPRK").values()) == {"Test"}
    assert [str(s) for s in spe.path] == ["US at root: Sanction", "China at Sanction: Optics",
                                          "chance at Sanction/Optics: Wobble (63/500), Holds (437/500)",
                                          "DPRK at Sanction/Optics/Holds: Test"]
    # By hand: cut = (1 - 0.3)(1 - 0.4)(0.2 + 0.5 * 0.8) = 0.252, wobble = 0.5 * 0.252 = 0.126
    cut, wob = F(252, 1000), F(126, 1000)
    us = -1 - (1 - wob) * 10 * (1 - cut)
    china = F(6, 10) * (3 - 2) - 2 * F(8, 10) - 2 * F(2, 10) - wob * (10 + 6)
    dprk = (1 - wob) * (4 - 8 * cut) - wob * 8
    assert spe.exact_payoffs == (us, china, dprk)
    # the SPE is a Nash equilibrium of the model's (reduced normal form) game
    nfe = spe.normal_form_equilibrium()
    assert model.game(exact=True).is_nash(nfe.exact_profile, exact=True)


# parameter -> (a value inside its bounds, information set whose SPE action changes, new action)
THRESHOLDS = {
    "buffer_value": (19.0, "China@Sanction", "Lax"),
    "refugee_risk": (0.1, "China@Sanction", "Enforce"),
    "refugee_cost": (24.0, "China@Sanction", "Lax"),
    "border_trade": (0.5, "China@Sanction", "Enforce"),
    "cooperation_value": (2.0, "China@Sanction", "Lax"),
    "taiwan_linkage": (1.0, "China@Status quo", "Optics"),
    "sanction_cost": (0.5, "China@Sanction", "Lax"),
    "optics_share": (0.05, "China@Status quo", "Optics"),
    "optics_credit": (0.3, "China@Sanction", "Lax"),
    "russia_substitution": (0.1, "DPRK@Sanction/Enforce/Holds", "Freeze"),
    "illicit_leakage": (0.2, "DPRK@Sanction/Enforce/Holds", "Freeze"),
    "lifeline_value": (10.0, "DPRK@Sanction/Enforce/Holds", "Freeze"),
    "deterrent_value": (2.0, "DPRK@Sanction/Optics/Holds", "Freeze"),
    "icbm_cost": (2.0, "US@root", "Status quo"),
    "sanction_reach": (0.1, "US@root", "Status quo"),
    "sanction_backlash": (4.0, "US@root", "Status quo"),
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
    assert batch.shape == (n, 3, 2, 9, 16)
    for j in range(0, n, 7):
        point = {k: v[j] for k, v in values.items()}
        np.testing.assert_allclose(batch[j], model.tree(**point).reduced_normal_form().payoffs, atol=1e-12)
    exact = model.game(exact=True, buffer_value=7.5)
    np.testing.assert_allclose(exact.payoffs, model.game(buffer_value=7.5).payoffs, atol=1e-12)


def test_bad_values_name_the_parameter(model):
    with pytest.raises(bg.GameError, match=r"parameter 'refugee_risk' = 1\.2 .*\[0, 1\]"):
        model.tree(refugee_risk=1.2)
    with pytest.raises(bg.GameError, match=r"did you mean 'buffer_value'"):
        model.tree(bufer_value=3)


def test_batched_backward_induction_matches_pointwise_and_the_closed_form_threshold(model):
    from bargain.solvers.backward_induction import backward_induction_batch

    # China leaves Optics for Lax after Sanction when (refugee_cost + buffer_value) * 0.5 * 0.042 > 0.6
    # (Optics - Lax = 0.6 - 0.021 (refugee_cost + buffer_value)): buffer_value > 0.6 / 0.021 - 10.
    grid = np.linspace(0, 30, 3001)
    res = backward_induction_batch(model, buffer_value=grid)
    lax = res.action("China@Sanction") == "Lax"
    assert not lax[grid < 0.6 / 0.021 - 10 - 0.01].any() and lax[grid > 0.6 / 0.021 - 10 + 0.01].all()
    assert res.payoffs.shape == (3001, 3) and not res.ties.any()
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
