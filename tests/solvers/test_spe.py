"""Subgame-perfect equilibria: backward induction (all SPE with ties) and the fold-back of subgames.

Hand-solved textbook trees (entry deterrence, centipede, Selten's horse and its perfect-information
relative, a tie that gives two SPE, one-card poker after an entry decision), cross-checks between
the two methods on random perfect-information trees with ties, every SPE checked as a Nash
equilibrium of the reduced normal form, and a 12-level tree against an independent vectorised
backward induction.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError, VerificationError
from bargain.model.extensive import Chance, Decision, ExtensiveGame, Terminal
from bargain.solvers.backward_induction import backward_induction
from bargain.solvers.spe import subgame_perfect_equilibria
from bargain.solvers.spe_result import verify_subgame_perfect

F = Fraction


def entry_game() -> ExtensiveGame:
    return ExtensiveGame(
        Decision("Entrant", {
            "Out": Terminal(0, 2),
            "In": Decision("Incumbent", {"Fight": Terminal(-1, -1), "Accommodate": Terminal(1, 1)}),
        }),
        players=("Entrant", "Incumbent"))


def centipede(legs: int = 6) -> ExtensiveGame:
    """Rosenthal's (1981) centipede: taking at leg k gives the mover k + 2 and the other k;
    if everyone passes, the last mover gets ``legs`` and the other ``legs + 3``."""
    def leg(k: int):
        mover = "AB"[k % 2]
        take = (k + 2, k) if mover == "A" else (k, k + 2)
        if k < legs - 1:
            return Decision(mover, {"Take": Terminal(*take), "Pass": leg(k + 1)})
        last = (legs, legs + 3) if mover == "A" else (legs + 3, legs)
        return Decision(mover, {"Take": Terminal(*take), "Pass": Terminal(*last)})
    return ExtensiveGame(leg(0), players=("A", "B"))


HORSE_PAYOFFS = {"DL": (3, 3, 2), "DR": (0, 0, 0), "Cc": (1, 1, 1), "CdL": (4, 4, 0), "CdR": (0, 0, 1)}


def horse(perfect_information: bool) -> ExtensiveGame:
    """Selten's (1975) horse; with ``perfect_information`` player 3 sees whether player 1 went Down."""
    h = HORSE_PAYOFFS
    p3 = None if perfect_information else "3?"
    return ExtensiveGame(Decision("P1", {
        "C": Decision("P2", {"c": Terminal(*h["Cc"]),
                             "d": Decision("P3", {"L": Terminal(*h["CdL"]), "R": Terminal(*h["CdR"])}, infoset=p3)}),
        "D": Decision("P3", {"L": Terminal(*h["DL"]), "R": Terminal(*h["DR"])}, infoset=p3),
    }), players=("P1", "P2", "P3"))


# --------------------------------------------------------------------------- perfect information
def test_entry_deterrence_unique_spe_and_non_credible_threat():
    g = entry_game()
    eqs = subgame_perfect_equilibria(g)
    assert eqs.method == "backward-induction" and eqs.complete and len(eqs) == 1 and eqs.count == 1
    (spe,) = eqs
    assert spe.plan("Entrant") == {"Entrant@root": "In"} and spe.plan("Incumbent") == {"Incumbent@In": "Accommodate"}
    assert spe.exact_payoffs == (1, 1) and spe.is_exact and spe.regret == 0
    assert [str(s) for s in spe.path] == ["Entrant at root: In", "Incumbent at In: Accommodate"]
    assert spe.outcome == {"In/Accommodate": 1}
    # (Out, Fight) is a Nash equilibrium of the reduced normal form, but not subgame perfect
    nash = {tuple(s[0] for s in e.support) for e in bg.solve(g.reduced_normal_form(), method="pure")}
    assert nash == {(0, 0), (1, 1)}
    threat = g.behaviour({"Entrant@root": "Out", "Incumbent@In": "Fight"})
    with pytest.raises(VerificationError, match="mover at 'In' gains 2"):
        verify_subgame_perfect(g, threat, "test", exact=True)
    nfe = spe.normal_form_equilibrium()
    assert nfe.exact_profile == ((0, 1), (0, 1))


@pytest.mark.parametrize("legs", [2, 3, 6, 9])
def test_centipede_everyone_takes(legs):
    g = centipede(legs)
    (spe,) = backward_induction(g)
    assert all(a == "Take" for i in range(2) for a in spe.plan(i).values())
    assert len(spe.path) == 1 and spe.exact_payoffs == (2, 0)


def test_selten_horse_perfect_information_relative():
    g = horse(perfect_information=True)
    (spe,) = subgame_perfect_equilibria(g)
    assert spe.plan("P1") == {"P1@root": "D"} and spe.plan("P2") == {"P2@C": "c"}
    assert spe.plan("P3") == {"P3@C/d": "R", "P3@D": "L"}
    assert spe.exact_payoffs == (3, 3, 2)


def test_ties_give_every_spe_not_an_arbitrary_one():
    # B is indifferent after L; that changes what A prefers: two SPE with different outcomes.
    g = ExtensiveGame(Decision("A", {"L": Decision("B", {"x": Terminal(1, 0), "y": Terminal(2, 0)}),
                                     "R": Terminal(F(3, 2), 1)}), players=("A", "B"))
    eqs = backward_induction(g)
    assert eqs.complete and len(eqs) == 2
    found = {(e.action_at("root"), e.action_at("L")) for e in eqs}
    assert found == {("R", "x"), ("L", "y")}
    assert {e.exact_payoffs for e in eqs} == {(F(3, 2), 1), (2, 0)}
    assert any("mixtures over tied actions" in n for n in eqs.notes)


def test_all_ties_are_counted_exactly_and_listing_is_limited():
    # Depth-3 binary tree with every leaf equal: every action at each of the 7 nodes is optimal.
    def grow(d):
        return Terminal(0, 0) if d == 0 else Decision("AB"[d % 2], {"l": grow(d - 1), "r": grow(d - 1)})
    g = ExtensiveGame(grow(3), players=("A", "B"))
    eqs = backward_induction(g, limit=10)
    assert eqs.count == 2 ** 7 and len(eqs) == 10 and not eqs.complete
    assert "128 in all, first 10 listed" in eqs.table()
    full = backward_induction(g, limit=1000)
    assert len(full) == 128 and full.complete
    assert len({tuple(np.argmax(v) for v in e.behaviour.probabilities) for e in full}) == 128


def test_chance_in_perfect_information_exact():
    # US presses; the regime wobbles with probability 1/3; DPRK then picks. Press is worth
    # 1/3 * 3 + 2/3 * 0 = 1 to the US against waiting's 1/2.
    g = ExtensiveGame(Decision("US", {
        "Press": Chance({"Wobble": (F(1, 3), Decision("DPRK", {"Talk": Terminal(3, 1), "Test": Terminal(-1, 0)})),
                         "Hold": (F(2, 3), Decision("DPRK", {"Talk": Terminal(2, -1), "Test": Terminal(0, 2)}))}),
        "Wait": Terminal(F(1, 2), 1),
    }), players=("US", "DPRK"))
    (spe,) = backward_induction(g)
    assert spe.action_at("root") == "Press" and spe.action_at("Press/Wobble") == "Talk"
    assert spe.action_at("Press/Hold") == "Test"
    assert spe.exact_payoffs == (1, F(1, 3) + F(4, 3))
    assert spe.outcome == {"Press/Wobble/Talk": F(1, 3), "Press/Hold/Test": F(2, 3)}
    assert "chance at Press: Wobble (1/3), Hold (2/3)" in [str(s) for s in spe.path]


def _random_pi_tree(seed: int, n_players: int = 2, depth: int = 4, levels: int = 3) -> ExtensiveGame:
    rng = np.random.default_rng(seed)

    def grow(d):
        if d == 0 or (d < depth and rng.random() < 0.2):
            return Terminal(*(int(v) for v in rng.integers(0, levels, n_players)))
        if rng.random() < 0.2:
            w = rng.integers(1, 4, 2)
            return Chance({"h": (F(int(w[0]), int(w.sum())), grow(d - 1)),
                           "t": (F(int(w[1]), int(w.sum())), grow(d - 1))})
        k = int(rng.integers(2, 4))
        return Decision(f"P{int(rng.integers(n_players)) + 1}", {f"a{j}": grow(d - 1) for j in range(k)})
    return ExtensiveGame(grow(depth), players=[f"P{k + 1}" for k in range(n_players)])


@pytest.mark.parametrize("seed", [*range(14), pytest.param(14, marks=pytest.mark.slow)])
def test_backward_induction_agrees_with_subgame_fold_back_and_normal_form(seed):
    g = _random_pi_tree(seed, n_players=2 + seed % 2, levels=4)
    bi = backward_induction(g, limit=5000)
    fb = subgame_perfect_equilibria(g, "subgames", limit=5000)
    assert bi.complete and fb.complete
    key = lambda e: tuple(tuple(v) for v in e.behaviour.exact_probabilities)  # noqa: E731
    assert {key(e) for e in bi} == {key(e) for e in fb}
    assert len(bi) == bi.count
    if np.prod([len(g.reduced_strategies(i)) for i in range(g.n_players)]) <= 2_000:
        nf = g.reduced_normal_form().to_float()
        pure_nash = {tuple(s[0] for s in e.support) for e in bg.solve(nf, method="pure")}
        for e in bi[:20]:
            nfe = e.normal_form_equilibrium()          # verified Nash in the reduced normal form
            assert nfe.is_pure and tuple(s[0] for s in nfe.support) in pure_nash


def test_float_tree_ties_within_tolerance():
    g = ExtensiveGame(Decision("A", {"x": Terminal(0.1 + 0.2, 0.0), "y": Terminal(0.3, 1.0)}), players=("A", "B"))
    eqs = backward_induction(g)
    assert len(eqs) == 2 and not eqs[0].is_exact
    strict = backward_induction(g, tol=0.0)
    assert len(strict) == 1 and strict[0].action_at("root") == "x"


def test_twelve_level_tree_matches_vectorised_backward_induction():
    depth, n = 12, 2
    rng = np.random.default_rng(7)
    leaves = rng.random((2 ** depth, n))

    def grow(d, idx):
        if d == depth:
            return Terminal(*leaves[idx])
        return Decision(f"P{d % n + 1}", {"a": grow(d + 1, 2 * idx), "b": grow(d + 1, 2 * idx + 1)})
    g = ExtensiveGame(grow(0, 0), players=("P1", "P2"))
    assert g.num_nodes == 2 ** (depth + 1) - 1
    (spe,) = backward_induction(g)
    # independent backward induction, level by level on the array of leaf payoffs
    vals = leaves
    choice = {}
    for d in range(depth - 1, -1, -1):
        pairs = vals.reshape(-1, 2, n)
        pick = np.argmax(pairs[:, :, d % n], axis=1)
        choice[d] = pick
        vals = pairs[np.arange(len(pairs)), pick]
    assert np.allclose(spe.payoffs, vals[0])
    for x in range(0, g.num_nodes, 97):
        if g.node_kind(x) != "decision":
            continue
        path = g.node_path(x)
        idx = int("".join("0" if a == "a" else "1" for a in path), 2) if path else 0
        assert spe.action_at(x) == "ab"[choice[len(path)][idx]]


# --------------------------------------------------------------------------- imperfect information
def test_entry_then_simultaneous_battle():
    """After In the firms move simultaneously; the subgame has equilibria (A, a), (F, f) and a
    continuum {E mixes A with prob p in [0, 1/3], I plays f}; Out is best against the (F, f) ones."""
    g = ExtensiveGame(Decision("E", {"Out": Terminal(0, 3), "In": Decision("E", {
        "A": Decision("I", {"a": Terminal(3, 1), "f": Terminal(-1, -1)}, infoset="I?"),
        "F": Decision("I", {"a": Terminal(1, -1), "f": Terminal(-1, 0)}, infoset="I?")})}), players=("E", "I"))
    assert g.subgame_roots() == (0, 2)
    eqs = subgame_perfect_equilibria(g)
    assert eqs.method == "subgames"
    got = {(e.action_at("root"), e.behaviour.exact_probabilities[1], e.behaviour.exact_probabilities[2]) for e in eqs}
    assert got == {("In", (1, 0), (1, 0)), ("Out", (0, 1), (0, 1)), ("Out", (F(1, 3), F(2, 3)), (0, 1))}
    assert not eqs.complete and any("continuum" in n for n in eqs.notes)
    for e in eqs:
        assert e.is_exact and e.regret == 0
        e.normal_form_equilibrium()


def test_poker_subgame_mixed_value_decides_entry():
    """The entrant decides whether to play one-card poker (value 1/3 to the bettor, whose
    equilibrium bluffs with the low card 1/3 of the time and the caller calls 2/3) or take 1/4."""
    def after(card_wins: bool) -> Decision:
        s = 1 if card_wins else -1
        return Decision("Bettor", {"Check": Terminal(s, -s), "Bet": Decision(
            "Caller", {"Call": Terminal(2 * s, -2 * s), "Fold": Terminal(1, -1)}, infoset="call?")})
    poker = Chance({"High": (F(1, 2), after(True)), "Low": (F(1, 2), after(False))})
    g = ExtensiveGame(Decision("Bettor", {"Play": poker, "Quit": Terminal(F(1, 4), F(-1, 4))}),
                      players=("Bettor", "Caller"))
    (spe,) = subgame_perfect_equilibria(g)
    assert spe.action_at("root") == "Play" and spe.exact_payoffs == (F(1, 3), F(-1, 3))
    b = spe.behaviour
    assert b.exact_probabilities[g.infoset("Bettor@Play/High").index] == (0, 1)
    assert b.exact_probabilities[g.infoset("Bettor@Play/Low").index] == (F(2, 3), F(1, 3))
    assert b.exact_probabilities[g.infoset("call?").index] == (F(2, 3), F(1, 3))
    quit_better = ExtensiveGame(Decision("Bettor", {"Play": poker, "Quit": Terminal(F(1, 2), F(-1, 2))}),
                                players=("Bettor", "Caller"))
    (spe2,) = subgame_perfect_equilibria(quit_better)
    assert spe2.action_at("root") == "Quit"
    # the poker subgame is still solved: the caller's plan off the path is the same mixture
    assert spe2.behaviour.exact_probabilities[quit_better.infoset("call?").index] == (F(2, 3), F(1, 3))


def test_selten_horse_spe_are_its_two_nash_components():
    g = horse(perfect_information=False)
    assert g.subgame_roots() == (0,)
    eqs = subgame_perfect_equilibria(g)
    assert len(eqs) >= 2
    comps = set()
    for e in eqs:
        p1c = e.behaviour.probabilities[g.infoset("P1@root").index][0]
        p2c = e.behaviour.probabilities[g.infoset("P2@C").index][0]
        p3l = e.behaviour.probabilities[g.infoset("3?").index][0]
        if p1c < 1e-9:           # D, P3 plays L, P2 plays c with probability at least 1/3
            assert p3l == pytest.approx(1) and p2c >= 1 / 3 - 1e-9
            comps.add("D")
        else:                    # C, P2 plays c, P3 plays R with probability at least 3/4
            assert p1c == pytest.approx(1) and p2c == pytest.approx(1) and 1 - p3l >= 0.75 - 1e-9
            comps.add("C")
    assert comps == {"C", "D"}


def test_own_plan_rules_out_a_set_that_starts_no_subgame():
    # P2 does not see P1's first move; after L, P1 moves again without seeing P2.  P1 prefers R,
    # so their set after L is ruled out by their own plan: any action there is subgame perfect.
    def late(x, y):
        return Decision("P1", {"x": Terminal(*x), "y": Terminal(*y)}, infoset="P1 late")
    g = ExtensiveGame(Decision("P1", {
        "L": Decision("P2", {"l": late((1, 0), (0, 0)), "r": late((0, 2), (2, 2))}, infoset="P2?"),
        "R": Decision("P2", {"l": Terminal(3, 1), "r": Terminal(3, 0)}, infoset="P2?"),
    }), players=("P1", "P2"))
    assert g.has_perfect_recall and g.subgame_roots() == (0,)
    (spe,) = subgame_perfect_equilibria(g)
    assert spe.action_at("root") == "R" and spe.plan("P2") == {"P2?": "l"}
    assert spe.free == ("P1 late",)
    assert "any action: ruled out by their own plan" in spe.describe()


def test_results_print_and_serialise():
    eqs = subgame_perfect_equilibria(entry_game())
    text = eqs.table()
    assert "1 subgame-perfect equilibrium" in text and "Incumbent at In: Accommodate" in text
    d = eqs.to_dict()
    assert d["equilibria"][0]["payoffs"] == {"Entrant": "1", "Incumbent": "1"}
    assert d["equilibria"][0]["path"][0] == {"node": "root", "mover": "Entrant", "choices": {"In": "1"}}
    assert '"method": "backward-induction"' in eqs.to_json()


def test_bad_inputs():
    g = horse(perfect_information=False)
    with pytest.raises(GameError, match=r"needs perfect information.*'3\?' has 2 nodes.*subgame_perfect_equilibria"):
        backward_induction(g)
    with pytest.raises(GameError, match=r"unknown SPE method 'subgame' \(did you mean 'subgames'\?\)"):
        subgame_perfect_equilibria(g, "subgame")
    with pytest.raises(GameError, match="limit must be at least 1"):
        subgame_perfect_equilibria(entry_game(), limit=0)
    with pytest.raises(GameError, match=r"needs a bargain\.ExtensiveGame, got Game"):
        subgame_perfect_equilibria(bg.Game.from_matrices([[1]], [[1]]))
    forgetful = ExtensiveGame(Decision("A", {
        "L": Decision("B", {"l": Decision("A", {"x": Terminal(1, 0), "y": Terminal(0, 1)}, infoset="A2"),
                            "r": Terminal(0, 0)}),
        "R": Decision("A", {"x": Terminal(0, 1), "y": Terminal(1, 0)}, infoset="A2")}), players=("A", "B"))
    with pytest.raises(GameError, match="needs perfect recall"):
        subgame_perfect_equilibria(forgetful)
    float_tree = ExtensiveGame(Decision("A", {"x": Terminal(0.5, 0.0)}), players=("A", "B"))
    with pytest.raises(GameError, match="exact=True needs an exact tree"):
        backward_induction(float_tree, exact=True)


def test_subgame_too_large_for_support_enumeration_goes_to_qre_in_floats(monkeypatch):
    """An exact tree whose subgame 'auto' sends to the logit QRE path (which has no exact mode) gets
    a float answer that says it is not complete, not an error (Gambit's chain store, cs.efg, did)."""
    from bargain.solvers import registry

    monkeypatch.setattr(registry, "AUTO_POLYNOMIAL_MAX_SUPPORTS", 0)
    monkeypatch.setattr(registry, "_CHOICES", {})
    g = horse(perfect_information=False)
    assert g.is_exact
    eqs = subgame_perfect_equilibria(g)
    assert len(eqs) >= 1 and not eqs.complete
    assert any("'qre' is not guaranteed complete" in n for n in eqs.notes)
    for e in eqs:
        assert e.regret <= g.tolerance
