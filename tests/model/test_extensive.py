"""ExtensiveGame: building, validation, perfect recall, subgames, the reduced normal form and Kuhn's map.

Cross-checked against pygambit on trees built both ways: random trees written natively with
pygambit's ``Game.new_tree`` / ``append_move`` / ``append_infoset`` / ``set_chance_probs`` are
converted to bargain trees, and bargain trees are rebuilt in pygambit; the reduced normal forms,
subgame roots, Nash equilibria and Kuhn's behaviour strategies must agree after matching labels.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.model.extensive import (
    Chance,
    Decision,
    ExtensiveGame,
    ExtensiveModel,
    Terminal,
)

try:                                   # the reference library is test-only; the tests that need it say so
    import pygambit as gbt
except ImportError:  # pragma: no cover
    gbt = None
needs_gambit = pytest.mark.skipif(gbt is None, reason="pygambit is not installed")

F = Fraction


# --------------------------------------------------------------------------- textbook trees
def entry_game() -> ExtensiveGame:
    return ExtensiveGame(
        Decision("Entrant", {
            "Out": Terminal(0, 2),
            "In": Decision("Incumbent", {"Fight": Terminal(-1, -1), "Accommodate": Terminal(1, 1)}),
        }),
        players=("Entrant", "Incumbent"), title="entry deterrence")


def centipede() -> ExtensiveGame:
    return ExtensiveGame(
        Decision("A", {"Take": Terminal(1, 0), "Pass": Decision("B", {
            "Take": Terminal(0, 2), "Pass": Decision("A", {"Take": Terminal(3, 1), "Pass": Terminal(2, 4)})})}),
        players=("A", "B"))


def poker() -> ExtensiveGame:
    """A one-card poker in the style of Kuhn: chance deals High/Low with 1/2; the bettor sees the
    card and Bets or Checks; the caller, who does not see it, Calls or Folds."""
    def after(card_wins: bool) -> Decision:
        s = 1 if card_wins else -1
        return Decision("Bettor", {
            "Check": Terminal(s, -s),
            "Bet": Decision("Caller", {"Call": Terminal(2 * s, -2 * s), "Fold": Terminal(1, -1)}, infoset="call?"),
        })
    return ExtensiveGame(Chance({"High": (F(1, 2), after(True)), "Low": (F(1, 2), after(False))}),
                         players=("Bettor", "Caller"))


# --------------------------------------------------------------------------- pygambit helpers
def to_gambit(tree: ExtensiveGame):
    """Rebuild a bargain tree in pygambit (append_move / append_infoset / set_chance_probs)."""
    g = gbt.Game.new_tree(players=list(tree.players))
    first: dict[int, object] = {}          # bargain infoset index -> gambit infoset
    pending = [(0, g.root)]
    count = 0
    while pending:
        x, node = pending.pop()
        kind = tree.node_kind(x)
        if kind == "terminal":
            count += 1
            z = list(tree.leaves).index(x)
            pay = tree.exact_leaf_payoffs[z] if tree.is_exact else tree.leaf_payoffs[z]
            g.set_outcome(node, g.add_outcome(f"z{count}", [gbt.Rational(p) if tree.is_exact else float(p)
                                                            for p in pay]))
            continue
        labels = [tree.action_label(c) for c in tree.children(x)]
        if kind == "chance":
            g.append_move(node, g.players.chance, labels)
            probs = tree.chance_probabilities(x, exact=tree.is_exact)
            g.set_chance_probs(node.infoset, [gbt.Rational(p) if tree.is_exact else float(p) for p in probs])
        else:
            h = tree.node_infoset(x)
            if h.index in first:
                g.append_infoset(node, first[h.index])
            else:
                g.append_move(node, tree.players[h.player], labels)
                first[h.index] = node.infoset
        for c, lab in zip(tree.children(x), labels, strict=True):
            pending.append((c, node.children[lab]))
    return g, first


def from_gambit(g) -> ExtensiveGame:
    """Read a pygambit tree into a bargain tree (information sets named ``player#k``)."""
    players = [p.label for p in g.players]
    names = {}
    for p in g.players:
        for k, h in enumerate(p.infosets):
            names[h] = f"{p.label}#{k}"

    def conv(node):
        if node.is_terminal:
            out = node.outcome
            return Terminal([F(out[p]) if out is not None else 0 for p in g.players])
        acts = list(node.infoset.actions)
        kids = list(node.children)
        if node.player.is_chance:
            return Chance({a.label: (F(a.prob), conv(c)) for a, c in zip(acts, kids, strict=True)})
        return Decision(node.player.label, {a.label: conv(c) for a, c in zip(acts, kids, strict=True)},
                        infoset=names[node.infoset])
    return ExtensiveGame(conv(g.root), players)


def gambit_plan_index(tree: ExtensiveGame, player: int, gambit_player, strategy_label: str,
                      infoset_of) -> int:
    """Index of bargain's plan matching a gambit reduced-strategy label (one digit or * per set)."""
    plan = {}
    sets = list(gambit_player.infosets)
    if not sets:                      # a player without a move has one empty plan
        return 0
    for h, ch in zip(sets, strategy_label, strict=True):
        if ch != "*":
            plan[infoset_of(h)] = int(ch) - 1
    plans = tree.reduced_strategies(player)
    return plans.index(plan)


def random_gambit_tree(seed: int, n_players: int = 2, depth: int = 4):
    """A random tree built natively in pygambit, with chance moves and simultaneous moves
    (an information set over all children of a node), so perfect recall holds."""
    rng = np.random.default_rng(seed)
    g = gbt.Game.new_tree(players=[f"P{k + 1}" for k in range(n_players)])
    counter = [0]

    def leaf(node):
        counter[0] += 1
        g.set_outcome(node, g.add_outcome(f"o{counter[0]}", [int(v) for v in rng.integers(-4, 5, n_players)]))

    def grow(node, d):
        if d <= 0 or (d < depth and rng.random() < 0.2):
            leaf(node)
            return
        r = rng.random()
        k = int(rng.integers(2, 4))
        if r < 0.2:
            g.append_move(node, g.players.chance, [f"c{j}" for j in range(k)])
            w = rng.integers(1, 5, k)
            g.set_chance_probs(node.infoset, [gbt.Rational(int(v), int(w.sum())) for v in w])
            for c in list(node.children):
                grow(c, d - 1)
        elif r < 0.55 and n_players >= 2 and d >= 2:
            x, y = rng.choice(n_players, 2, replace=False)
            g.append_move(node, f"P{x + 1}", [f"a{j}" for j in range(k)])
            kids = list(node.children)
            g.append_move(kids, f"P{y + 1}", [f"b{j}" for j in range(2)])
            for c in kids:
                for gc in list(c.children):
                    grow(gc, d - 2)
        else:
            pl = int(rng.integers(n_players))
            g.append_move(node, f"P{pl + 1}", [f"a{j}" for j in range(k)])
            for c in list(node.children):
                grow(c, d - 1)

    grow(g.root, depth)
    return g


def gambit_reduced_form(g, tree: ExtensiveGame) -> np.ndarray:
    """Gambit's reduced strategic form, re-ordered to bargain's strategy order."""
    arrays = g.to_arrays(dtype=F)
    infoset_of = {}
    for p in g.players:
        for k, h in enumerate(p.infosets):
            infoset_of[h] = tree.infoset(f"{p.label}#{k}").index
    perms = []
    for i, p in enumerate(g.players):
        perms.append([gambit_plan_index(tree, i, p, s.label, infoset_of.__getitem__) for s in p.strategies])
    shape = tuple(len(tree.reduced_strategies(i)) for i in range(tree.n_players))
    out = np.empty((tree.n_players, *shape), dtype=object)
    for i in range(tree.n_players):
        for idx in np.ndindex(*arrays[i].shape):
            out[(i, *(perms[j][k] for j, k in enumerate(idx)))] = F(arrays[i][idx])
    return out, perms


def _seeds(count: int, n_players: int, depth: int, max_profiles: int, start: int) -> list[int]:
    """Seeds of random trees whose reduced normal form has at most ``max_profiles`` profiles
    (gambit's enummixed takes minutes on degenerate 12x72 forms)."""
    out, seed = [], start
    while gbt is not None and len(out) < count:
        tree = from_gambit(random_gambit_tree(seed, n_players=n_players, depth=depth))
        if np.prod([len(tree.reduced_strategies(i)) for i in range(n_players)]) <= max_profiles:
            out.append(seed)
        seed += 1
    return out


def _small_two_player_seeds(count: int) -> list[int]:
    return _seeds(count, 2, 3, 40, 100)


# --------------------------------------------------------------------------- building
def test_builder_forms_and_node_names():
    g = entry_game()
    assert g.players == ("Entrant", "Incumbent") and g.num_nodes == 5 and len(g.leaves) == 3
    assert g.has_perfect_information and g.has_perfect_recall and g.is_exact
    assert g.node_name(0) == "root" and g.find_node("In/Fight") == 3 and g.node_kind(g.find_node("In")) == "decision"
    same = ExtensiveGame(Decision("Entrant", {"Out": Terminal([0, 2]), "In": Decision("Incumbent", [
        ("Fight", Terminal({"Incumbent": -1, "Entrant": -1})), ("Accommodate", Terminal((1, 1)))])}),
        players=("Entrant", "Incumbent"))
    assert np.array_equal(same.leaf_payoffs, g.leaf_payoffs)
    assert [h.label for h in g.infosets] == ["Entrant@root", "Incumbent@In"]
    text = g.describe()
    assert "In: Incumbent moves" in text and "Fight: Entrant=-1, Incumbent=-1" in text
    assert "perfect information" in repr(g)


def test_float_tree_is_not_exact_and_float_probabilities_are_checked():
    g = ExtensiveGame(Chance({"a": (0.3, Terminal(1.5)), "b": (0.7, Terminal(0))}), players=("Solo",))
    assert not g.is_exact
    assert g.reduced_normal_form().payoffs[0, 0] == pytest.approx(0.45)
    with pytest.raises(GameError, match=r"chance node 'root'.*sum to 0\.9"):
        ExtensiveGame(Chance({"a": (0.3, Terminal(1)), "b": (0.6, Terminal(0))}), players=("Solo",))


@pytest.mark.parametrize(("build", "message"), [
    (lambda: ExtensiveGame(Decision("Entrnt", {"x": Terminal(0, 0)}), ("Entrant", "I")),
     r"decision node 'root' belongs to unknown player 'Entrnt' \(did you mean 'Entrant'\?\)"),
    (lambda: ExtensiveGame(Decision("A", {"x": Terminal(0, 0), "y": Terminal(1)}), ("A", "B")),
     r"terminal node 'y' has 1 payoff\(s\) but there are 2 players"),
    (lambda: ExtensiveGame(Decision("A", {"x": Terminal(0, float("nan"))}), ("A", "B")),
     r"terminal node 'x': payoff of B is nan"),
    (lambda: ExtensiveGame(Decision("A", {"x": Terminal(0, "lots")}), ("A", "B")),
     r"terminal node 'x': payoff of B is 'lots', not a number"),
    (lambda: ExtensiveGame(Decision("A", {"x": Terminal({"A": 1, "C": 2})}), ("A", "B")),
     r"terminal node 'x' gives a payoff to unknown player 'C'"),
    (lambda: ExtensiveGame(Decision("A", {"x": Chance({"u": (F(1, 2), Terminal(0, 0)),
                                                      "v": (F(1, 3), Terminal(0, 0))})}), ("A", "B")),
     r"chance node 'x': probabilities \{'u': '1/2', 'v': '1/3'\} sum to 5/6, not 1"),
    (lambda: ExtensiveGame(Chance({"u": (F(3, 2), Terminal(0)), "v": (F(-1, 2), Terminal(0))}), ("A",)),
     r"chance node 'root': probability of 'v' is -0\.5"),
    (lambda: ExtensiveGame(Chance({"u": Terminal(0)}), ("A",)),
     r"chance node 'root': each outcome must be \(probability, subtree\)"),
    (lambda: ExtensiveGame(Decision("A", {}), ("A",)), r"decision node 'root' of 'A' has no actions"),
    (lambda: ExtensiveGame(Decision("A", [("x", Terminal(0)), ("x", Terminal(1))]), ("A",)),
     r"node 'root' has duplicate action labels \['x'\]"),
    (lambda: ExtensiveGame(Decision("A", {"x": 3}), ("A",)), r"node 'x' is int 3"),
    (lambda: ExtensiveGame(Decision("A", {"L": Decision("A", {"u": Terminal(0, 0)}, infoset="h"),
                                          "R": Decision("B", {"u": Terminal(0, 0)}, infoset="h")}), ("A", "B")),
     r"information set 'h' has node 'L' of A and node 'R' of B"),
    (lambda: ExtensiveGame(Decision("A", {"L": Decision("B", {"u": Terminal(0, 0), "d": Terminal(0, 0)}, infoset="h"),
                                          "R": Decision("B", {"d": Terminal(0, 0), "u": Terminal(0, 0)}, infoset="h")}),
                           ("A", "B")),
     r"information set 'h': node 'L' has actions \['u', 'd'\] but node 'R' has \['d', 'u'\]"),
    (lambda: ExtensiveGame(Terminal(0, 0), ("A", "A")), r"duplicate names"),
])
def test_bad_trees_name_the_node(build, message):
    with pytest.raises(GameError, match=message):
        build()


def test_perfect_recall_violations_are_reported():
    # A forgets their own first move: both of A's second nodes are in one information set.
    forgetful = ExtensiveGame(Decision("A", {
        "L": Decision("B", {"l": Decision("A", {"x": Terminal(1, 0), "y": Terminal(0, 1)}, infoset="A2"),
                            "r": Terminal(0, 0)}),
        "R": Decision("A", {"x": Terminal(0, 1), "y": Terminal(1, 0)}, infoset="A2"),
    }), players=("A", "B"))
    assert not forgetful.has_perfect_recall
    (msg,) = forgetful.perfect_recall_violations
    assert "'A2' of A" in msg and "L at 'A@root'" in msg and "R at 'A@root'" in msg and "forgets" in msg
    with pytest.raises(GameError, match=r"needs perfect recall.*'A2'"):
        forgetful.behaviour_from_mixed([[1, 0, 0, 0], [1, 0]])
    # The reduced normal form does not need perfect recall.
    assert forgetful.reduced_normal_form().shape == (4, 2)
    if gbt is not None:
        g, _ = to_gambit(forgetful)
        assert not g.is_perfect_recall
    # The absent-minded driver (Piccione and Rubinstein 1997): one set holds a node and its successor.
    driver = ExtensiveGame(Decision("D", {"Exit": Terminal(0), "Continue": Decision("D", {
        "Exit": Terminal(4), "Continue": Terminal(1)}, infoset="junction")}, infoset="junction"), players=("D",))
    assert "absent-minded" in driver.perfect_recall_violations[0]
    assert driver.strategy_labels() == (("Exit", "Continue"),)
    assert driver.reduced_normal_form().payoffs.tolist() == [[0.0, 1.0]]


@needs_gambit
def test_subgame_roots_match_gambit():
    for seed in range(12):
        g = random_gambit_tree(seed, n_players=3, depth=4)
        tree = from_gambit(g)
        gambit_roots = {tuple(_gambit_path(n)) for n in g.nodes if not n.is_terminal and n.is_subgame_root}
        ours = {tree.node_path(x) for x in tree.subgame_roots()}
        assert ours == gambit_roots, seed
    assert poker().subgame_roots() == (0,)
    assert entry_game().subgame_roots() == (0, 2)


def _gambit_path(node) -> list[str]:
    out = []
    while node.parent is not None:
        out.append(node.prior_action.label)
        node = node.parent
    return out[::-1]


# --------------------------------------------------------------------------- reduced normal form
def test_entry_game_reduced_normal_form():
    nf = entry_game().reduced_normal_form()
    assert nf.strategies == (("Out", "In"), ("Fight", "Accommodate"))
    assert nf.exact_payoffs[0].tolist() == [[0, 0], [-1, 1]]
    assert nf.exact_payoffs[1].tolist() == [[2, 2], [-1, 1]]


def test_centipede_plans_are_reduced():
    g = centipede()
    labels = g.strategy_labels()
    assert labels == (("Take/*", "Pass/Take", "Pass/Pass"), ("Take", "Pass"))
    nf = g.reduced_normal_form()
    assert nf.exact_payoffs[0].tolist() == [[1, 1], [0, 3], [0, 2]]
    assert nf.exact_payoffs[1].tolist() == [[0, 0], [2, 1], [2, 4]]
    if gbt is not None:
        gg, _ = to_gambit(g)
        assert [s.label for s in gg.players["A"].strategies] == ["1*", "21", "22"]


def test_poker_expected_over_chance():
    nf = poker().reduced_normal_form()
    # Bettor's plans: (High: Check/Bet) x (Low: Check/Bet); Caller: Call/Fold
    assert nf.strategies[0] == ("Check/Check", "Check/Bet", "Bet/Check", "Bet/Bet")
    # Bet/Bet vs Call: 1/2 * 2 + 1/2 * (-2) = 0; Bet/Check vs Fold: 1/2 * 1 + 1/2 * (-1) = 0;
    # Bet/Bet vs Fold: 1; Check/Bet vs Call: 1/2 * 1 + 1/2 * (-2) = -1/2
    A = nf.exact_payoffs[0]
    assert A[3, 0] == 0 and A[2, 1] == 0 and A[3, 1] == 1 and A[1, 0] == F(-1, 2)
    assert nf.is_zero_sum()


@pytest.mark.parametrize(("seed", "n_players"), [(s, 2) for s in _seeds(10, 2, 4, 3000, 0)]
                         + [(s, 3) for s in _seeds(10, 3, 4, 3000, 0)])
def test_reduced_normal_form_matches_gambit_on_random_trees(seed, n_players):
    g = random_gambit_tree(seed, n_players=n_players, depth=4)
    tree = from_gambit(g)
    assert tree.has_perfect_recall == g.is_perfect_recall
    theirs, _ = gambit_reduced_form(g, tree)
    ours = tree.reduced_normal_form().exact_payoffs
    assert ours.shape == theirs.shape
    assert np.all(ours == theirs)


@needs_gambit
@pytest.mark.parametrize("tree", [entry_game(), centipede(), poker()], ids=["entry", "centipede", "poker"])
def test_reduced_normal_form_matches_gambit_on_trees_rebuilt_there(tree):
    g, first = to_gambit(tree)
    arrays = g.to_arrays(dtype=F)
    back = {h: k for k, h in first.items()}
    ours = tree.reduced_normal_form().exact_payoffs
    perms = [[gambit_plan_index(tree, i, p, s.label, back.__getitem__) for s in p.strategies]
             for i, p in enumerate(g.players)]
    for i in range(tree.n_players):
        for idx in np.ndindex(*arrays[i].shape):
            assert ours[(i, *(perms[j][k] for j, k in enumerate(idx)))] == F(arrays[i][idx])


@pytest.mark.parametrize("seed", _small_two_player_seeds(8))
def test_nash_equilibria_of_reduced_form_match_gambit(seed):
    g = random_gambit_tree(seed, n_players=2, depth=3)
    tree = from_gambit(g)
    _, perms = gambit_reduced_form(g, tree)
    nf = tree.reduced_normal_form()
    theirs = set()
    for eq in gbt.nash.enumpure_solve(g).equilibria:
        prof = []
        for i, p in enumerate(g.players):
            probs = [F(eq[s]) for s in p.strategies]
            prof.append(perms[i][probs.index(1)])
        theirs.add(tuple(prof))
    ours = {tuple(s[0] for s in e.support) for e in bg.solve(nf, method="pure")}
    assert ours == theirs
    # all extreme mixed equilibria (vertex enumeration) agree as sets
    ref = set()
    for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria:
        prof = []
        for i, p in enumerate(g.players):
            v = [F(0)] * len(perms[i])
            for k, s in enumerate(p.strategies):
                v[perms[i][k]] = F(eq[s])
            prof.append(tuple(v))
        ref.add(tuple(prof))
    found = {tuple(tuple(x) for x in e.exact_profile) for e in bg.solve(nf, method="enumeration")}
    assert found == ref


def test_reduced_normal_form_too_large_is_a_game_error():
    def grow(d):
        if d == 0:
            return Terminal(0, 0)
        return Decision("AB"[d % 2], {"l": grow(d - 1), "r": grow(d - 1)})
    with pytest.raises(GameError, match=r"reduced strategies.*too large.*subgame-perfect"):
        ExtensiveGame(grow(12), players=("A", "B")).reduced_normal_form()


# --------------------------------------------------------------------------- behaviour strategies and Kuhn
def test_behaviour_spec_and_payoffs():
    g = poker()
    b = g.behaviour({"Bettor@High": "Bet", "Bettor@Low": {"Bet": F(1, 3), "Check": F(2, 3)}, "call?": [F(1, 2)] * 2})
    assert b.is_exact and not b.is_pure
    # High: Bet; Call (1/2): 2, Fold: 1 -> 3/2.  Low: Check 2/3 -> -1; Bet 1/3 -> 1/2 * -2 + 1/2 * 1 = -1/2
    assert b.payoffs(exact=True)[0] == F(1, 2) * F(3, 2) + F(1, 2) * (F(2, 3) * -1 + F(1, 3) * F(-1, 2))
    assert b.action("Bettor@High") == "Bet"
    with pytest.raises(GameError, match="no behaviour given at information set 'call\\?'"):
        g.behaviour({"Bettor@High": "Bet", "Bettor@Low": "Bet"})
    with pytest.raises(GameError, match=r"no information set 'cal\?'.*did you mean 'call\?'"):
        g.behaviour({"cal?": "Call"}, default="uniform")
    with pytest.raises(GameError, match="has no action 'Raise'"):
        g.behaviour({"call?": "Raise"}, default="uniform")
    with pytest.raises(GameError, match="non-negative and sum to 1"):
        g.behaviour({"call?": [0.5, 0.6]}, default="uniform")
    with pytest.raises(GameError, match="mixes at information set 'call\\?'"):
        g.behaviour(default="uniform").action("call?")


@needs_gambit
@pytest.mark.parametrize("seed", range(10))
def test_kuhn_maps_preserve_payoffs_and_match_gambit(seed):
    g = random_gambit_tree(200 + seed, n_players=2, depth=4)
    tree = from_gambit(g)
    nf = tree.reduced_normal_form(exact=False)
    rng = np.random.default_rng(seed)
    mixed = tuple(rng.dirichlet(np.ones(s)) for s in nf.shape)
    b = tree.behaviour_from_mixed(mixed)
    assert np.allclose(b.payoffs(), nf.expected_payoffs(mixed))
    back = tree.mixed_from_behaviour(b)
    assert np.allclose(nf.expected_payoffs(back), nf.expected_payoffs(mixed))
    again = tree.behaviour_from_mixed(back)
    for h in tree.infosets:
        assert np.allclose(again.probabilities[h.index], b.probabilities[h.index])
    # gambit's own Kuhn map, on the information sets the profile reaches
    _, perms = gambit_reduced_form(g, tree)
    gp = g.mixed_strategy_profile(rational=False)
    for i, p in enumerate(g.players):
        for k, s in enumerate(p.strategies):
            gp[s] = float(mixed[i][perms[i][k]])
    gb = gp.as_behavior()
    compared = 0
    for p in g.players:
        for k, h in enumerate(p.infosets):
            ours = b.probabilities[tree.infoset(f"{p.label}#{k}").index]
            if gb.infoset_prob(h) > 1e-12:
                assert np.allclose(ours, [gb[a] for a in h.actions]), (seed, h)
                compared += 1
    assert compared >= 1


def test_kuhn_exact_and_undetermined_sets():
    g = centipede()
    # A plays Take/* for sure: their second set is never reached by their own plan.
    b = g.behaviour_from_mixed([[1, 0, 0], [F(1, 2), F(1, 2)]], exact=True)
    assert b.is_exact and b.undetermined == frozenset({g.infoset("A@Pass/Pass").index})
    assert b.exact_probabilities[g.infoset("B@Pass").index] == (F(1, 2), F(1, 2))
    m = g.mixed_from_behaviour(g.behaviour({"A@root": [F(1, 4), F(3, 4)], "A@Pass/Pass": "Pass", "B@Pass": "Take"}))
    assert list(m[0]) == [F(1, 4), 0, F(3, 4)] and list(m[1]) == [1, 0]


# --------------------------------------------------------------------------- parametric trees
def _crisis_like(p):
    return Decision("US", {
        "Press": Chance({"Wobble": (p.q, Terminal(p.a, 1)), "Hold": (1 - p.q, Terminal(0, 2 * p.a))}),
        "Wait": Decision("China", {"Help": Terminal(1, p.a), "Shirk": Terminal(-p.a, 0)}),
    })


def _model() -> ExtensiveModel:
    return ExtensiveModel("toy", [bg.Parameter("q", 0.25, (0.0, 1.0)), bg.Parameter("a", 2.0, (-5.0, 5.0))],
                          _crisis_like, players=("US", "China"), title="toy tree")


def test_extensive_model_batch_equals_pointwise_and_tree():
    m = _model()
    assert m.strategies == (("Press", "Wait"), ("Help", "Shirk"))
    q = np.linspace(0, 1, 7)
    a = np.linspace(-5, 5, 5)[:, None]
    batch = m.payoffs(q=q, a=a)
    assert batch.shape == (5, 7, 2, 2, 2)
    for i in range(5):
        for j in range(7):
            tree = m.tree(q=q[j], a=a[i, 0])
            assert np.allclose(batch[i, j], tree.reduced_normal_form().payoffs)
            assert np.allclose(batch[i, j], m.game(q=q[j], a=a[i, 0]).payoffs)
    exact = m.game(exact=True, q=0.1)
    assert exact.is_exact and exact.exact_payoffs[0, 0, 0] == F(1, 10) * 2


def test_extensive_model_bad_values_and_shapes():
    m = _model()
    with pytest.raises(GameError, match=r"parameter 'q' = 1\.5 .*outside its bounds"):
        m.tree(q=1.5)

    def shape_shifter(p):
        if float(np.max(p.q)) > 0.5:
            return Terminal(0, 0)
        return _crisis_like(p)
    bad = ExtensiveModel("shifty", [bg.Parameter("q", 0.25, (0.0, 1.0)), bg.Parameter("a", 2.0, (-5.0, 5.0))],
                         shape_shifter, players=("US", "China"))
    with pytest.raises(GameError, match="tree's shape changes"):
        bad.payoffs(q=np.array([0.1, 0.9]))

    def bad_probs(p):
        return Chance({"x": (p.q, Terminal(0, 0)), "y": (p.q, Terminal(1, 1))})
    with pytest.raises(GameError, match=r"sum to 1|add up to one"):
        ExtensiveModel("probs", [bg.Parameter("q", 0.25, (0.0, 1.0))], bad_probs, players=("A", "B"))


def test_subgames_fold_into_payoffs_and_bad_lookups():
    g = entry_game()
    sub = g.subgame(g.find_node("In"))
    assert sub.players == g.players and sub.num_nodes == 3 and sub.infosets[0].label == "Incumbent@In"
    folded = g.subgame(0, {g.find_node("In"): (1, 1)})
    assert folded.num_nodes == 3 and folded.exact_leaf_payoffs.tolist() == [[0, 2], [1, 1]]
    with pytest.raises(GameError, match=r"node 'Out' does not start a subgame"):
        g.subgame(g.find_node("Out"))
    with pytest.raises(GameError, match=r"node 'In' has no action 'Fite' \(did you mean 'Fight'\?\)"):
        g.find_node("In/Fite")
    with pytest.raises(GameError, match=r"unknown player 'Entrnt'"):
        g.player_infosets("Entrnt")
    assert g.find_node("root") == 0 and g.find_node(("In", "Accommodate")) == 4


def test_exact_tree_from_model():
    tree = _model().tree(exact=True, q=0.1)
    assert tree.is_exact and tree.chance_probabilities(tree.find_node("Press"), exact=True) == (F(1, 10), F(9, 10))
