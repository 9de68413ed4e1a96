"""secondary_sanctions: credibility of a threat to designate Chinese banks, by hand, by backward
induction over a batch, and by Gambit's logit limit on the written tree."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.claims import Evidence
from bargain.model.loader import game_module
from bargain.solvers.backward_induction import backward_induction_batch

ss = game_module("secondary_sanctions")

MODEL = bg.load_game("secondary_sanctions")
D = {k: Fraction(str(p.default)) for k, p in MODEL.parameters.items()}


def _designate_gain_by_hand(d: dict) -> Fraction:
    """US gain from designating the banks over backing down after optics, without the audience cost:
    the extra cut's value against the blowback, both under the collapse lottery."""
    e = d["optics_share"]

    def us(reach: Fraction) -> Fraction:
        cut = (1 - d["illicit_leakage"]) * ((1 - d["russia_substitution"]) * e + reach * (1 - e))
        q = d["refugee_risk"] * cut
        return -q * d["us_collapse_cost"] - (1 - q) * d["icbm_cost"] * (1 - cut)

    banks = d["sanction_reach"] + d["bank_reach"] * (1 - d["sanction_reach"])
    return us(banks) - us(d["sanction_reach"]) - d["bank_blowback"]


def test_audience_threshold_by_hand():
    t = ss.thresholds()
    assert t["audience_star"] == -_designate_gain_by_hand(D) == Fraction(96796, 78125)
    assert t["bank_cost_star"] == Fraction(163, 500)


def test_spe_paths_on_either_side_of_the_thresholds():
    """Backward induction over a batch of audience costs: the US designates after defiance exactly
    from audience_star on; then (bank_cost above its threshold) it threatens with the sale first and
    China complies."""
    t = ss.thresholds()
    a = np.array([float(t["audience_star"]) - 1e-6, float(t["audience_star"]) + 1e-6, 5.0])
    res = backward_induction_batch(MODEL, audience_cost=a)
    assert list(res.action("US@Sale first/Optics")) == ["Back down", "Designate", "Designate"]
    assert list(res.action("US@root")) == ["No threat", "Sale first", "Sale first"]
    assert list(res.action("China@Sale first")) == ["Optics", "Enforce", "Enforce"]
    # with a credible threat and cheap bank designations only the linked threat buys compliance,
    # and the US links once the concession is cheap enough
    b = float(t["bank_cost_star"])
    low = backward_induction_batch(MODEL, audience_cost=np.array([2.0, 2.0]), bank_cost=np.array([b - 0.01, b - 0.01]),
                                   concession_cost=np.array([2.5, 0.2]))
    assert list(low.action("China@Sale first")) == ["Optics", "Optics"]
    assert list(low.action("China@Linked")) == ["Enforce", "Enforce"]
    assert list(low.action("US@root")) == ["No threat", "Linked"]


@pytest.mark.slow
def test_credibility_threshold_against_gambit_logit_limit(tmp_path):
    """Gambit's limiting logit QRE of the written tree (a sequential equilibrium) has the US
    designate after defiance just above audience_star and back down just below."""
    gbt = pytest.importorskip("pygambit")
    t = float(ss.thresholds()["audience_star"])
    for a, designate in ((t - 0.05, False), (t + 0.05, True)):
        path = tmp_path / f"ss{a}.efg"
        bg.write_game(MODEL.tree(audience_cost=a), path)
        g = gbt.read_efg(str(path))
        beh = gbt.nash.logit_solve(g).equilibria[0]
        node = g.root.children["Sale first"].children["Optics"]
        p = float(beh[node.infoset.actions["Designate"]])
        assert (p > 0.99) if designate else (p < 0.01)


def test_every_parameter_moves_the_subgame_perfect_plan():
    """Each parameter alone over its bounds changes the subgame-perfect plan, the others at the
    defaults or (for China's side of a threat, which matters only once it is credible) with a
    credible threat (audience_cost = 2)."""
    labels = [h.label for h in MODEL.reference_tree.infosets]
    for name, prm in MODEL.parameters.items():
        grid = np.linspace(prm.low, prm.high, 401)
        moved = []
        for base in ({}, {"audience_cost": 2.0}):
            vals = {**{k: np.full_like(grid, v) for k, v in base.items()}, name: grid}
            res = backward_induction_batch(MODEL, **vals)
            moved.append(len(set(zip(*(res.action(h) for h in labels), strict=True))) > 1)
        assert any(moved), f"{name} never changes the subgame-perfect plan"


def test_claims_at_the_defaults_and_beyond():
    ev = Evidence(MODEL, {})
    assert all(bool(c.predicate(ev)) for c in ss.CLAIMS)
    by = {c.id: c for c in ss.CLAIMS}
    loud = Evidence(MODEL, {"audience_cost": np.array([3.0])})
    assert not by["threat_not_credible"].predicate(loud)[0]
    assert not by["china_defies"].predicate(loud)[0]


def test_stability_checks_on_the_reduced_normal_form():
    """bargain.testing on the reduced normal form: its pure equilibria verify and are found again.
    The normal form of the subgame-perfect equilibrium stays a Nash equilibrium across audience_star
    (backing down is off its path), which is why credibility is read from the tree: there the plan
    changes at audience_star."""
    from bargain.testing import assert_equilibria_equal, assert_equilibrium, assert_stable

    game = MODEL.game()
    eqs = bg.solve(game, method="pure")
    for eq in eqs:
        assert_equilibrium(game, eq)
    assert_equilibria_equal(eqs, bg.solve(game, method="pure"))
    spe = ss.subgame_perfect()[0].normal_form_equilibrium()
    assert_stable(MODEL, spe, over={"audience_cost": (0.0, 3.0)}, points=5, method="pure")
    assert ss.subgame_perfect(audience_cost=3.0)[0].normal_form_equilibrium().support != spe.support
    # with a credible threat China's compliance is on the path, and it breaks at bank_cost_star = 163/500
    with pytest.raises(AssertionError, match=r"breaks at bank_cost = 0\.32(59999|6)"):
        assert_stable(MODEL, ss.subgame_perfect(audience_cost=3.0)[0].normal_form_equilibrium(),
                      over={"bank_cost": (0.0, 10.0)}, at={"audience_cost": 3.0}, points=5, method="pure")
