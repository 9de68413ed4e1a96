"""Signalling games, exactly: beer-quiche (Cho and Kreps 1987), Spence's job market with two types
(Spence 1973; the Riley outcome under D1), and two-type limit pricing (Milgrom and Roberts 1982).
Every expected value below is worked out by hand in the comments."""

from __future__ import annotations

from fractions import Fraction as F  # noqa: N817

import numpy as np
import pytest

import bargain as bg


def beer_quiche(p_weak=F(1, 10)) -> bg.SignallingGame:
    # sender: +1 for the preferred breakfast (strong: beer, weak: quiche), +2 if not challenged;
    # receiver: +1 for duelling a weak sender or not duelling a strong one
    return bg.SignallingGame(
        ["weak", "strong"], {"weak": p_weak, "strong": 1 - p_weak}, ["beer", "quiche"], ["duel", "not"],
        lambda t, m, r: (int((t == "strong") == (m == "beer")) + 2 * (r == "not"), int((r == "duel") == (t == "weak"))),
        title="beer-quiche")


def spence(prior_high=F(1, 2)) -> bg.SignallingGame:
    # productivity 1 (L) or 2 (H); education e in {0,1,2,3} costs 3/4 e (L) or 1/4 e (H); the firm pays a
    # wage w in {1, 3/2, 2} and loses (w - productivity)^2, so it pays the grid wage nearest E[productivity]
    theta, cost = {"L": 1, "H": 2}, {"L": F(3, 4), "H": F(1, 4)}
    return bg.SignallingGame(
        ["L", "H"], {"L": 1 - prior_high, "H": prior_high}, ["e0", "e1", "e2", "e3"], ["1", "3/2", "2"],
        lambda t, m, r: (F(r) - cost[t] * int(m[1]), -(F(r) - theta[t]) ** 2), title="Spence")


def limit_pricing(p_high_cost=F(1, 3)) -> bg.SignallingGame:
    # first-period profit of each price, then monopoly (Out) or duopoly (In) profit; the entrant gains 2
    # against a high-cost incumbent and loses 2 against a low-cost one
    first = {("H", "high"): 6, ("H", "low"): 1, ("L", "high"): 6, ("L", "low"): 8}
    second = {("H", "Out"): 6, ("H", "In"): 0, ("L", "Out"): 8, ("L", "In"): 4}
    return bg.SignallingGame(
        ["H", "L"], {"H": p_high_cost, "L": 1 - p_high_cost}, ["high", "low"], ["In", "Out"],
        lambda t, m, r: (first[(t, m)] + second[(t, r)], 0 if r == "Out" else (2 if t == "H" else -2)),
        players=("Incumbent", "Entrant"), title="limit pricing")


def _is_nash(eq) -> bool:
    g = eq.game
    nf = g.reduced_normal_form(exact=True)
    return nf.regret(g.mixed_from_behaviour(eq.behaviour(), exact=True), exact=True) == 0


# --------------------------------------------------------------------------- beer-quiche
def test_beer_quiche_both_pooling_equilibria_and_the_intuitive_criterion():
    eqs = bg.solve_signalling(beer_quiche())
    assert {(e.kind, e.message("weak"), e.message("strong")) for e in eqs} == \
        {("pooling", "beer", "beer"), ("pooling", "quiche", "quiche")}
    beer = next(e for e in eqs if e.message("weak") == "beer")
    quiche = next(e for e in eqs if e.message("weak") == "quiche")
    # pooling on beer: not challenged at the prior (9/10 strong); a quiche eater is challenged, which needs
    # mu(weak | quiche) >= 1/2 (duel pays mu(weak), not pays 1 - mu(weak))
    assert beer.response("beer") == "not" and beer.response("quiche") == "duel"
    assert beer.beliefs[0] == (F(1, 10), F(9, 10))
    assert beer.belief_range("quiche", "weak") == (F(1, 2), F(1))
    assert beer.sender_payoffs == (F(2), F(3)) and beer.receiver_payoff == F(9, 10)
    assert quiche.belief_range("beer", "weak") == (F(1, 2), F(1))
    assert quiche.sender_payoffs == (F(3), F(2))
    assert all(_is_nash(e) for e in eqs)
    # beer is equilibrium-dominated for the weak type in the quiche equilibrium (2 + 1 < 3 ... at most 2):
    # beliefs then put the beer drinker at strong, who is not challenged and gets 3 > 2
    ic = bg.intuitive_criterion(quiche)
    assert not ic and ic.deleted == {"beer": ("weak",)}
    assert bg.intuitive_criterion(beer) and bg.d1(beer) and not bg.d1(quiche)


def test_beer_quiche_outcomes_are_gambits_nash_outcomes(tmp_path):
    gbt = pytest.importorskip("pygambit")

    g = beer_quiche()
    bg.write_game(g, tmp_path / "bq.efg")
    gg = gbt.read_efg(str(tmp_path / "bq.efg"))
    outcomes = set()
    for eq in gbt.nash.enummixed_solve(gg, rational=True).equilibria:
        beh = eq.as_behavior()
        sender = [h for h in gg.players["Sender"].infosets]
        outcomes.add(tuple(max(h.actions, key=lambda a: beh[a]).label for h in sender))
    ours = {(e.message("weak"), e.message("strong")) for e in bg.solve_signalling(g)}
    assert outcomes == ours == {("beer", "beer"), ("quiche", "quiche")}


# --------------------------------------------------------------------------- Spence
def test_spence_separating_and_pooling_and_riley_under_d1():
    eqs = bg.solve_signalling(spence(), semi_separating=False)
    kinds = {(e.kind, e.message("L"), e.message("H")) for e in eqs}
    # separating: L at e0 (wage 1); H at e_k with wage 2 needs L not to mimic, 2 - 3/4 k <= 1, so k >= 2;
    # pooling at prior 1/2: E[productivity] = 3/2, only at e0 (pooling at e1 needs wage 2, i.e. prior >= 3/4)
    assert kinds == {("separating", "e0", "e2"), ("separating", "e0", "e3"), ("pooling", "e0", "e0")}
    pool = next(e for e in eqs if e.kind == "pooling")
    assert pool.response("e0") == "3/2" and pool.sender_payoffs == (F(3, 2), F(3, 2))
    # off the path at e1 the wage must deter H (w - 1/4 <= 3/2): wage 1 or 3/2, i.e. mu(H | e1) <= 3/4
    assert pool.sustaining["e1"] == ("1", "3/2") and pool.belief_range("e1", "H") == (0, F(3, 4))
    riley = [e for e in eqs if bg.d1(e)]
    assert [(e.message("L"), e.message("H")) for e in riley] == [("e0", "e2")]       # the least-cost separation
    assert riley[0].sender_payoffs == (F(1), F(3, 2))
    # the intuitive criterion already removes the pooling one and the wasteful separation here
    assert {(e.message("L"), e.message("H")) for e in eqs if bg.intuitive_criterion(e)} == {("e0", "e2")}
    assert all(_is_nash(e) for e in eqs)


def test_spence_pooling_and_separating_by_prior_region():
    regions = {(r.kind, r.messages, r.responses[:2]): (r.low, r.high) for r in bg.prior_regions(spence())}
    # mu = P(H).  Pooling at e0 pays the wage nearest 1 + mu: 1 up to 1/4, 3/2 on [1/4, 3/4], 2 from 3/4
    assert regions[("pooling", ("e0", "e0"), ("1", "-"))] == (0, F(1, 4))
    assert regions[("pooling", ("e0", "e0"), ("3/2", "-"))] == (F(1, 4), F(3, 4))
    assert regions[("pooling", ("e0", "e0"), ("2", "-"))] == (F(3, 4), 1)
    # pooling at e1 needs wage 2 (else L drops to e0): from mu = 3/4 on
    assert regions[("pooling", ("e1", "e1"), ("-", "2"))] == (F(3, 4), 1)
    # separation does not depend on the prior
    assert regions[("separating", ("e0", "e2"), ("1", "-"))] == (0, 1)
    th = bg.prior_thresholds(spence())
    assert sorted({float(m) for m, _ in th}) == [0.25, 0.75]
    assert any(m == F(3, 4) and "pooling (L -> e1, H -> e1" in what and "holds from here up" in what
               for m, what in th)
    # the regions agree with solving at a prior inside each one
    for mu, expected in ((F(1, 8), "1"), (F(1, 2), "3/2"), (F(7, 8), "2")):
        pools = [e for e in bg.solve_signalling(spence(mu), semi_separating=False)
                 if e.kind == "pooling" and e.message("L") == "e0"]
        assert [e.response("e0") for e in pools] == [expected]


# --------------------------------------------------------------------------- limit pricing
def test_limit_pricing_beliefs_off_the_path():
    eqs = bg.solve_signalling(limit_pricing())
    assert {(e.message("H"), e.message("L")) for e in eqs} == {("low", "low"), ("high", "high")}
    limit = next(e for e in eqs if e.message("H") == "low")
    # both types price low and the entrant stays out (P(H) = 1/3 < 1/2); a high price is off the path and
    # must bring entry, or H would take 6 + 6 = 12 > 7: the entrant enters iff mu(H | high) >= 1/2
    assert limit.kind == "pooling" and limit.response("low") == "Out" and limit.response("high") == "In"
    assert not limit.on_path[0] and limit.belief_range("high", "H") == (F(1, 2), F(1))
    assert limit.sender_payoffs == (F(7), F(16))
    high = next(e for e in eqs if e.message("H") == "high")
    assert high.belief_range("low", "H") == (F(1, 2), F(1))
    # a low price is equilibrium-dominated for H (at most 1 + 6 = 7 < 12); then the entrant stays out after
    # low and L gets 16 > 14: pooling on the high price fails the intuitive criterion
    assert bg.intuitive_criterion(limit) and not bg.intuitive_criterion(high)
    # no separating equilibrium: H would mimic the low price (7 > 6)
    assert not eqs.of_kind("separating")
    # the tree route finds the same outcomes and the same off-path belief interval
    tree_route = bg.sequential_equilibria(limit_pricing())
    pooled_low = [a for a in tree_route if a.behaviour.action("Incumbent:H") == "low" and a.behaviour.is_pure]
    assert len(pooled_low) == 1
    assert pooled_low[0].belief_range("Entrant:high", "H/high") == (F(1, 2), F(1))
    # limit pricing deters entry only while P(H) <= 1/2 (mu below is P(L), the second type)
    th = bg.prior_thresholds(limit_pricing())
    assert any(m == F(1, 2) and "H -> low, L -> low" in what for m, what in th)


def test_semi_separating_by_indifference():
    # beer-quiche with prior weak = 2/3: strong drinks beer; weak drinks beer with probability q making the
    # receiver indifferent after beer, (2/3) q / ((2/3) q + 1/3) = 1/2, so q = 1/2; quiche reveals weak (duel);
    # weak is indifferent when beer pays 2 (1 - d) = quiche's 1, so the receiver duels after beer with d = 1/2
    eqs = bg.solve_signalling(beer_quiche(F(2, 3)))
    semi = eqs.of_kind("semi-separating")
    assert len(semi) == 1
    e = semi[0]
    assert e.sender[0] == (F(1, 2), F(1, 2)) and e.sender[1] == (F(1), F(0))
    assert e.beliefs[0] == (F(1, 2), F(1, 2)) and e.beliefs[1] == (F(1), F(0))
    assert e.receiver[0] == (F(1, 2), F(1, 2)) and e.receiver[1] == (F(1), F(0))
    assert _is_nash(e)
    assert np.isclose(float(e.sender_payoffs[1]), 2.0)
