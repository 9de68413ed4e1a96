"""will_or_capacity: the signalling game of China's type, checked against the exact signalling
solver, Gambit on an independently built tree, and payoffs computed by hand."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.claims import Evidence
from bargain.model.loader import game_module

woc = game_module("will_or_capacity")

MODEL = bg.load_game("will_or_capacity")
DEFAULTS = {k: Fraction(str(p.default)) for k, p in MODEL.parameters.items()}


def test_a_leaf_by_hand():
    """The unable type showing full enforcement, designated: real enforcement (1 - capture) = 2/5; cut
    = (1 - leak)((1 - russia) 2/5 + reach 3/5) = 0.6 (0.28 + 0.24) = 0.312; collapse 0.5 * 0.312."""
    d = DEFAULTS
    e = 1 - d["capture"]
    cut = (1 - d["illicit_leakage"]) * ((1 - d["russia_substitution"]) * e + d["sanction_reach"] * (1 - e))
    q = d["refugee_risk"] * cut
    china = (d["cooperation_value"] - d["taiwan_linkage"] - d["sanction_trust"]) - d["border_trade"] * e \
        - d["sanction_cost"] * (1 - e) - q * d["collapse_cost"]
    us = -d["sanction_backlash"] - (d["taiwan_linkage"] + d["sanction_trust"]) - q * d["us_collapse_cost"] \
        - (1 - q) * d["icbm_cost"] * (1 - cut) - d["partnership_value"]
    uS, uR = MODEL.tree(exact=True).payoff_arrays(exact=True)
    assert cut == Fraction(312, 1000)
    assert (uS[1, 0, 0], uR[1, 0, 0]) == (china, us)


def test_sequential_equilibria_at_the_defaults_with_beliefs():
    """Three sequential equilibria, all passing the intuitive criterion and D1: separating (beliefs
    0/1 on the path), pooling on optics (beliefs = the prior 2/5, 3/5), and a semi-separating one."""
    found = woc.equilibria()
    kinds = {e.kind: (e, ic, d1) for e, ic, d1 in found}
    assert sorted(kinds) == ["pooling", "semi-separating", "separating"]
    sep, ic, d1 = kinds["separating"]
    assert (sep.message("Unwilling"), sep.message("Unable")) == ("Optics", "Enforce")
    assert (sep.response("Optics"), sep.response("Enforce")) == ("Escalate", "Accommodate")
    assert sep.beliefs[1] == (1, 0) and sep.beliefs[0] == (0, 1) and ic and d1
    pool, ic, d1 = kinds["pooling"]
    assert pool.message("Unwilling") == pool.message("Unable") == "Optics" and pool.response("Optics") == "Accommodate"
    assert pool.beliefs[1] == (Fraction(2, 5), Fraction(3, 5)) and ic and d1
    semi = kinds["semi-separating"][0]
    # the US mixes after optics, so its belief there is exactly mu_try (indifference)
    assert semi.beliefs[1][1] == woc.thresholds()["mu_try"]


def test_floating_point_solve_finds_the_same_equilibria():
    """In floats the semi-separating enumeration used to accept a support whose solution put 1e-16 on
    a message (the verification then failed); the float solve now lists the exact solve's equilibria."""
    exact = bg.solve_signalling(MODEL.tree(exact=True))
    floats = bg.solve_signalling(MODEL.tree())
    assert sorted(e.kind for e in floats) == sorted(e.kind for e in exact)
    for a, b in zip(floats, exact, strict=True):
        np.testing.assert_allclose(np.array(a.sender, dtype=float), np.array(b.sender, dtype=float), atol=1e-9)


def test_bargain_solve_takes_the_signalling_tree():
    """bg.solve on the SignallingGame (a tree subclass) goes to the tree solvers, as for any tree; the
    pure separating outcome is among its equilibria."""
    eqs = bg.solve(MODEL.tree())
    assert eqs.method.startswith("seqform") and len(eqs) >= 3


def test_thresholds_are_the_exact_indifferences():
    t = woc.thresholds()
    assert t["mu_try"] == Fraction(110966, 225681)
    assert t["sanction_cost_star"] == Fraction(1777, 800)
    # mu_try is the lower end of pooling on optics in the exact prior-region analysis
    regions = bg.prior_regions(MODEL.tree(exact=True))
    (optics,) = [r for r in regions if r.messages == ("Optics", "Optics")]
    assert optics.low == t["mu_try"] and optics.high == 1


@pytest.mark.parametrize("mu", [0.2, 0.45, 0.55, 0.9])
@pytest.mark.parametrize("cost", [1.0, 2.0, 2.5, 6.0])
def test_the_region_map_is_the_exact_solver_point_by_point(mu, cost):
    """equilibrium_map over (mu, sanction_cost) in one batch equals solve_signalling at each point."""
    maps = woc.equilibrium_map(prior_unable=np.array([mu]), sanction_cost=np.array([cost]))
    pure = {(e.message("Unwilling"), e.message("Unable"), e.response(e.message("Unwilling")),
             e.response(e.message("Unable")))
            for e, _, _ in woc.equilibria(prior_unable=mu, sanction_cost=cost) if e.kind != "semi-separating"}
    for name, (msgs, resp) in woc.PROFILES.items():
        assert bool(maps[name][0]) == ((*msgs, resp[msgs[0]], resp[msgs[1]]) in pure), name
    t = woc.thresholds()
    assert bool(maps["separating"][0]) == (cost < t["sanction_cost_star"])
    assert bool(maps["pooling on enforcement"][0]) == (cost > t["sanction_cost_star"])
    assert bool(maps["pooling on optics"][0]) == (mu > t["mu_try"])


def _gambit(values: dict) -> set[tuple[str, ...]]:
    """Pure Nash equilibria of the game built directly in Gambit from the exact payoff arrays."""
    gbt = pytest.importorskip("pygambit")
    tree = MODEL.tree(exact=True, **values)
    uS, uR = tree.payoff_arrays(exact=True)
    g = gbt.Game.new_tree(players=["China", "US"])
    g.append_move(g.root, g.players.chance, list(woc.TYPES))
    g.set_chance_probs(g.root.infoset, list(tree.prior_vector(exact=True)))
    us_sets: dict[str, object] = {}
    for i, t in enumerate(woc.TYPES):
        node = g.root.children[t]
        g.append_move(node, "China", list(woc.STANCES))
        for j, m in enumerate(woc.STANCES):
            child = node.children[m]
            if m in us_sets:
                g.append_infoset(child, us_sets[m])
            else:
                g.append_move(child, "US", list(woc.RESPONSES))
                us_sets[m] = child.infoset
            for k, r in enumerate(woc.RESPONSES):
                g.set_outcome(child.children[r], g.add_outcome(f"{t}{m}{r}", [uS[i, j, k], uR[i, j, k]]))
    out = set()
    for eq in gbt.nash.enumpure_solve(g).equilibria:
        beh = eq.as_behavior()
        china = tuple(next(a.label for a in g.root.children[t].infoset.actions if beh[a] == 1) for t in woc.TYPES)
        us = tuple(next(a.label for a in us_sets[m].actions if beh[a] == 1) for m in woc.STANCES)
        out.add(china + us)
    return out


@pytest.mark.slow
def test_thresholds_cross_checked_against_gambit():
    """On either side of mu_try a pure Nash equilibrium pooling on optics with accommodation
    appears in Gambit's list; on either side of sanction_cost_star the separating profile."""
    t = woc.thresholds()
    eps = 1e-3

    def pooling(eqs):
        return any(e[:2] == ("Optics", "Optics") and e[3] == "Accommodate" for e in eqs)

    def separating(eqs):
        return any(e[:2] == ("Optics", "Enforce") and e[2:4] == ("Accommodate", "Escalate") for e in eqs)

    assert not pooling(_gambit({"prior_unable": float(t["mu_try"]) - eps}))
    assert pooling(_gambit({"prior_unable": float(t["mu_try"]) + eps}))
    assert separating(_gambit({"sanction_cost": float(t["sanction_cost_star"]) - eps}))
    assert not separating(_gambit({"sanction_cost": float(t["sanction_cost_star"]) + eps}))


def test_every_parameter_moves_the_signalling_answer_inside_its_bounds():
    """Each parameter, alone over its bounds (others at the defaults), changes which of the
    profiles of PROFILES are sequential equilibria somewhere."""
    for name, prm in MODEL.parameters.items():
        grid = np.linspace(prm.low, prm.high, 401)
        maps = woc.equilibrium_map(**{name: grid})
        sig = np.stack(list(maps.values()), axis=-1)
        assert len({row.tobytes() for row in sig}) > 1, f"{name} never changes the equilibrium set"


def test_claims_hold_at_the_defaults_and_fail_where_they_should():
    ev = Evidence(MODEL, {})
    assert all(bool(c.predicate(ev)) for c in woc.CLAIMS)
    by = {c.id: c for c in woc.CLAIMS}
    t = woc.thresholds()
    below = Evidence(MODEL, {"prior_unable": np.array([float(t["mu_try"]) - 1e-6])})
    assert not by["we_had_to_give_it_a_try"].predicate(below)[0]
    assert by["designations_separate"].predicate(below)[0]        # separation still holds, the try does not
    costly = Evidence(MODEL, {"sanction_cost": np.array([3.0])})
    assert not by["threat_does_not_make_china_enforce"].predicate(costly)[0]


def test_stability_checks_on_the_reduced_normal_form():
    """bargain.testing on the reduced normal form (9 x 8): the equilibria verify, are found again, and
    the pure separating equilibrium holds for sanction_cost in [1, 2.2] and breaks at 1777/800."""
    from bargain.testing import assert_equilibria_equal, assert_equilibrium, assert_stable

    game = MODEL.game()
    eqs = bg.solve(game)
    for eq in eqs:
        assert_equilibrium(game, eq)
    assert_equilibria_equal(eqs, bg.solve(game))
    prof = ("Optics/Enforce", "Accommodate/Escalate/Escalate")     # (Unwilling/Unable), after Enforce/Optics/Lax
    assert_stable(MODEL, prof, over={"sanction_cost": (1.0, 2.2)}, points=5, method="pure")
    with pytest.raises(AssertionError, match=r"breaks at sanction_cost = 2\.22125"):
        assert_stable(MODEL, prof, over={"sanction_cost": (1.0, 3.0)}, points=5, method="pure")
