"""The article's claims, as data: every game declares them, they hold at the defaults, and the claims
check (defaults, regions, robustness, credibility) agrees with closed forms and with backward
induction done by hand."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.claims import Claim, Evidence, check_claims, credibility, game_claims
from bargain.model.loader import defining_module, game_module, model_card


@pytest.mark.parametrize("name", bg.list_games())
def test_every_game_declares_claims_that_hold_at_the_defaults(name):
    model = bg.load_game(name)
    claims, tree = game_claims(model)
    assert claims, f"{name} declares no CLAIMS"
    if tree is None:   # a game whose moves are strategies of a repeated game says why it has no tree
        assert getattr(defining_module(model), "NO_TREE", ""), f"{name} has no tree to check subgame perfection against"
    assert len({c.id for c in claims}) == len(claims)
    ev = Evidence(model, {}, tree)
    for c in claims:
        assert c.text and c.quote
        assert bool(c.predicate(ev)), f"{name}: claim {c.id!r} fails at the defaults"


@pytest.mark.parametrize("name", bg.list_games())
def test_every_game_has_a_model_card(name):
    card = model_card(bg.load_game(name))
    for section in ("Model card", "Timing", "Who pays what", "Which sentences", "leaves out"):
        assert section in card, f"{name}: model card lacks {section!r}"
    assert "South Korea" in card and "Japan" in card and "off the books" in card and "talk" in card.lower()


@pytest.mark.slow
def test_the_triangle_headline_region_is_the_closed_form():
    """Along the Taiwan linkage the headline holds up to 139/75 (China's optics-lax indifference), an
    edge found by bisection and made exact by the thresholds machinery."""
    report = check_claims("sanctions_triangle", samples=200, parameters=["taiwan_linkage"], n=41)
    head = next(r for r in report.results if r.claim.id == "headline")
    assert head.at_defaults
    (lo, hi), = head.regions["taiwan_linkage"]
    assert lo == 0.0 and hi == 139 / 75
    assert Fraction(139, 75) in head.exact_edges["taiwan_linkage"].values()
    assert 0 <= head.robustness <= 1
    assert head.stderr == pytest.approx(np.sqrt(head.robustness * (1 - head.robustness) / 200))
    # the equilibrium at the defaults is the path of the tree's subgame-perfect equilibrium
    assert [e["credible"] for e in report.equilibria] == [True]


def test_robustness_is_the_share_of_draws_by_hand():
    """The robustness of 'China is pivotal' (North Korea freezes against full enforcement under US
    sanctions) is the share of plausible draws with deterrent <= lifeline (1 - leakage)(1 - russia)."""
    from bargain.analysis.montecarlo import draw_samples

    model = bg.load_game("sanctions_triangle")
    report = check_claims(model, samples=3000, seed=4, parameters=[])
    pivotal = next(r for r in report.results if r.claim.id == "china_is_pivotal")
    draws = draw_samples(model, 3000, distributions={k: p.plausible_range for k, p in model.parameters.items()},
                         seed=4)
    by_hand = draws["deterrent_value"] < draws["lifeline_value"] * (1 - draws["illicit_leakage"]) * (
        1 - draws["russia_substitution"])
    assert pivotal.robustness == pytest.approx(by_hand.mean())


def test_credibility_marks_the_incredible_threats_of_the_tree():
    """The reduced normal form of the crisis tree has many pure equilibria; exactly one is subgame
    perfect (the one backward induction gives), the others rest on incredible threats."""
    rows = credibility(bg.load_game("sequential_crisis"))
    assert len(rows) > 1
    good = [r for r in rows if r["credible"]]
    assert len(good) == 1 and "Sanction | Optics/Optics" in good[0]["label"]
    assert all("incredible" in r["why"] for r in rows if not r["credible"])


def test_a_normal_form_equilibrium_off_the_tree_path_is_flagged():
    """A toy normal form whose only equilibrium is not the subgame-perfect path of its tree (entry
    deterrence: (Out, Fight) in the normal form is Nash only with the fight threat)."""
    from bargain import Model, Parameter
    from bargain.model.extensive import Decision, ExtensiveModel, Terminal

    prm = Parameter("gain", 1.0, (0.0, 2.0), unit="utils", meaning="entrant's gain", source="textbook")

    def payoffs(p):
        return {("In", "Fight"): (-1, -1), ("In", "Accommodate"): (p.gain, 1),
                ("Out", "Fight"): (0, 2), ("Out", "Accommodate"): (0, 2)}

    model = Model("entry", [prm], payoffs, players=("Entrant", "Incumbent"),
                  strategies=(("In", "Out"), ("Fight", "Accommodate")))
    tree = ExtensiveModel("entry_tree", [prm], lambda p: Decision("Entrant", {
        "In": Decision("Incumbent", {"Fight": Terminal(-1, -1), "Accommodate": Terminal(p.gain, 1)}),
        "Out": Terminal(0, 2)}), players=("Entrant", "Incumbent"))
    rows = {r["label"]: r["credible"] for r in credibility(model, tree) if r["pure"]}
    assert rows["In | Accommodate"] is True
    assert rows["Out | Fight"] is False


def test_claims_need_claims_and_samples():
    from bargain import Model, Parameter

    prm = Parameter("x", 0.0, (0.0, 1.0), unit="u", meaning="m", source="s")
    m = Model("bare", [prm], lambda p: {("A", "A"): (p.x, 0), ("A", "B"): (0, 0), ("B", "A"): (0, 0),
                                         ("B", "B"): (1, 1)}, players=("P", "Q"), strategies=(("A", "B"),) * 2)
    with pytest.raises(bg.GameError, match="declares no CLAIMS"):
        check_claims(m)
    claim = Claim("bb", "B, B is an equilibrium", "none", lambda ev: ev.is_equilibrium("B", "B"))
    with pytest.raises(bg.GameError, match="samples"):
        check_claims(m, [claim], samples=1)
    report = check_claims(m, [claim], samples=50)
    assert report.results[0].at_defaults and report.results[0].robustness == 1.0
    assert report.results[0].regions == {"x": [(0.0, 1.0)]}
    with pytest.raises(bg.GameError, match="no strategy 'C'"):
        Evidence(m).is_equilibrium("B", "C")


def test_game_module_and_card_of_a_user_file(tmp_path):
    path = tmp_path / "toy.py"
    path.write_text('"""Toy card."""\nfrom bargain import Model, Parameter\n'
                    'P = Parameter("x", 0.0, (0.0, 1.0), unit="u", meaning="m", source="s")\n'
                    'model = Model("toy", [P], lambda p: {("A",): (p.x,), ("B",): (0,)}, players=("P",), '
                    'strategies=(("A", "B"),))\n')
    model = bg.load_game(str(path))
    assert defining_module(model).__name__.startswith("_bargain_user_game_toy")
    assert model_card(model) == "Toy card."


def test_claims_of_a_shipped_model_imported_directly():
    """A shipped game's model imported as a module attribute (not through load_game) still finds its claims."""
    russia_channel = game_module("russia_channel")

    claims, tree = game_claims(russia_channel.model)
    assert claims == russia_channel.CLAIMS and tree is russia_channel.model



def test_credibility_of_a_signalling_tree_is_sequential_and_follows_from_the_leaves():
    """will_or_capacity has one subgame (the whole game), so every equilibrium is subgame perfect;
    credibility there means sequential.  After ``Enforce`` the US is better off accommodating
    whichever type it faces (read off the leaves), so a pooling equilibrium that rests on escalating
    after an unseen ``Enforce`` is not credible, and the other three are."""
    model = bg.load_game("will_or_capacity")
    tree = model.tree()
    pays = {tree.node_name(int(z)): tree.leaf_payoffs[k] for k, z in enumerate(tree.leaves)}
    for t in ("Unwilling", "Unable"):
        assert pays[f"{t}/Enforce/Accommodate"][1] > pays[f"{t}/Enforce/Escalate"][1]
    rows = credibility(model)
    assert len(rows) == 5 and all(r["pure"] for r in rows)
    for r in rows:
        _china, us = r["label"].split(" | ")
        escalates_after_enforce = us.split("/")[0] == "Escalate"
        assert r["credible"] is (not escalates_after_enforce), r
        assert ("not sequential" in r["why"]) is escalates_after_enforce
