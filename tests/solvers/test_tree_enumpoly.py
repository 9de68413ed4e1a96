"""Behaviour-support enumeration on n-player trees (``tree-enumpoly``).

Oracles: pygambit 16.7's ``enumpoly_solve`` on the tree (Gambit's published 3- and 4-player trees,
copied into ``tests/data/gambit_trees``), the reduced normal form's complete polynomial solver (its
extreme equilibria mapped to realisation plans), Selten's horse (equilibria known in closed form),
and a horse variant whose isolated mixed equilibrium is solved by hand below.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.io.efg import read_efg
from bargain.model.extensive import BehaviourProfile, Chance, Decision, ExtensiveGame, Terminal
from bargain.solvers.sequence_form import sequence_form
from bargain.solvers.sequence_form.methods import choose_tree_method
from bargain.solvers.sequence_form.verify import behaviour_regret
from bargain.solvers.tree_polynomial import tree_enumpoly_solve
from bargain.solvers.tree_polynomial.supports import behaviour_supports

from .sequence_form.oracle import gambit_behaviour, plans_of

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit_trees"
FAST = ["2x2x2", "e05", "e06", "e08", "g1", "g2", "g3", "my_3-4"]


def horse(aa: tuple[int, int, int] = (1, 1, 1)) -> ExtensiveGame:
    """Selten's horse (Fudenberg and Tirole 1991, fig. 8.5): player 1 goes Across or Down; after
    Across player 2 goes across (payoffs ``aa``) or down; player 3, not knowing who went down,
    chooses Left or Right."""
    def p3(left: tuple[int, int, int], right: tuple[int, int, int]) -> Decision:
        return Decision("P3", {"L": Terminal(*left), "R": Terminal(*right)}, infoset="3")

    p2 = Decision("P2", {"a": Terminal(*aa), "d": p3((4, 4, 0), (1, 1, 1))}, infoset="2")
    return ExtensiveGame(Decision("P1", {"A": p2, "D": p3((3, 3, 2), (0, 0, 0))}, infoset="1"),
                         players=("P1", "P2", "P3"), title="Selten's horse")


def _behaviour(eq) -> list[list[Fraction]]:
    return [list(row) for row in eq.behaviour.exact_probabilities]


def test_selten_horse_extreme_equilibria_by_hand():
    # Nash equilibria (by hand): {(A, q, R): q in [0, 1]} with q = P(d), and {(D, q, L): q <= 2/3}
    # (after D player 2 is not reached; player 1 gets 3 from D and (1 - q) 1 + q 4 from A, so q <= 2/3).
    # Two segments: their four end points are the extreme equilibria, and nothing else is listed.
    res = tree_enumpoly_solve(horse(), exact=True)
    found = {tuple(tuple(r) for r in _behaviour(e)) for e in res}
    one, zero = Fraction(1), Fraction(0)
    A, D, a, d, L, R = (one, zero), (zero, one), (one, zero), (zero, one), (one, zero), (zero, one)
    two_thirds = (Fraction(1, 3), Fraction(2, 3))
    assert found == {(A, a, R), (A, d, R), (D, a, L), (D, two_thirds, L)}
    assert all(e.is_exact and e.regret == 0 for e in res)
    assert res.complete
    assert any("convex combination" in n for n in res.notes)


def test_horse_variant_isolated_mixed_equilibrium_by_hand():
    # With payoffs (0, 2, 1) after (A, a): P2 indifferent => 1 + 3p = 2, p = P(L) = 1/3; P1 indifferent
    # => 3p = 2 beta, beta = P(d) = 1/2; P3 indifferent => 2 (1 - alpha) = alpha beta, alpha = P(A) = 4/5.
    res = tree_enumpoly_solve(horse((0, 2, 1)), exact=True)
    want = [[Fraction(4, 5), Fraction(1, 5)], [Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 3), Fraction(2, 3)]]
    mixed = [e for e in res if e.is_exact and _behaviour(e) == want]
    assert len(mixed) == 1
    # u1 = 3p = 1; u2 = (1/5)(3p) + (4/5)[(1/2) 2 + (1/2)(4p + (1 - p))] = 1/5 + 8/5 = 9/5;
    # u3 = (1/5)(2p) + (4/5)[(1/2) 1 + (1/2)(1 - p)] = 2/15 + 2/5 + 4/15 = 4/5
    assert mixed[0].exact_payoffs == (Fraction(1), Fraction(9, 5), Fraction(4, 5))


@pytest.mark.parametrize("name", FAST)
def test_holds_every_equilibrium_gambit_enumpoly_finds(name):
    path = DATA / f"{name}.efg"
    tree = read_efg(path)
    res = tree_enumpoly_solve(tree, exact=tree.is_exact)
    assert _holds_gambits(path, tree, res, 1e-9 * max(1.0, float(np.ptp(tree.leaf_payoffs)))) >= 1


def _holds_gambits(path: Path, tree: ExtensiveGame, res, tol: float) -> int:
    """Assert that every equilibrium pygambit's ``enumpoly`` finds on the tree at ``path`` is among
    ``res`` (realisation plans within 1e-6) and that every one of ``res`` is an equilibrium (regret
    recomputed on the tree: zero if exact, else at most ``tol``); returns Gambit's count."""
    gbt = pytest.importorskip("pygambit")
    sf = sequence_form(tree)
    ours = [np.concatenate([np.asarray(p, dtype=float) for p in e.profile]) for e in res]
    ggame = gbt.read_efg(str(path))
    theirs = gbt.nash.enumpoly_solve(ggame, use_strategic=False).equilibria
    for profile in theirs:
        plans = np.concatenate(plans_of(sf, gambit_behaviour(tree, ggame, profile)))
        assert any(np.abs(plans - x).max() < 1e-6 for x in ours), (path.name, profile)
    for e in res:     # extra ones are equilibria too: regret recomputed here, on the tree
        regret, _ = behaviour_regret(tree, e.behaviour, exact=e.is_exact)
        assert regret <= (0 if e.is_exact else tol)
    return len(theirs)


@pytest.mark.slow
def test_two_stage_game_holds_gambits_24_equilibria():
    path = DATA / "2s2x2x2.efg"
    tree = read_efg(path)
    res = tree_enumpoly_solve(tree, exact=True)
    assert _holds_gambits(path, tree, res, 1e-9) == 24
    # complete: supports reaching the second stage are solved with its (isolated) equilibria fixed
    # there, so no system is left to the homotopy, and the off-path sets cut by player 3's bilinear
    # deviation conditions are listed by a point in each connected component; every listed profile is
    # an equilibrium (recomputed on the tree)
    assert res.complete and res.evidence.kind == "enumeration"
    assert any("connected component" in c.description for c in res.continua)


@pytest.mark.slow
def test_unanimous_jury_holds_gambits_equilibria_and_is_complete_by_enumeration():
    # jury_un (255 nodes): the full support's homotopy paths fail (spurious families where a juror
    # never convicts), and the saturated Groebner basis is {1}; the faces where two jurors are free
    # because the third always acquits are cut by the third's deviation conditions, homogeneous in
    # each free juror's behaviour, so the slices through "never convict" meet every component
    path = DATA / "jury_un.efg"
    tree = read_efg(path)
    res = tree_enumpoly_solve(tree, exact=True)
    # the full support's homotopy failed, and the exact Groebner basis {1} settles it: every system is
    # settled by an exact or deterministic computation (its equilibria are not regular: no index check)
    assert res.complete and res.evidence.kind == "enumeration"
    assert _holds_gambits(path, tree, res, 1e-9) >= 20


def test_plane_points_meet_a_component_inside_the_box():
    # u w >= 1/5 and (1 - u)(1 - w) >= 1/5 on [0, 1]^2: a lens around (1/2, 1/2) touching no edge of
    # the box; the curves cross where u + w = 1 and u (1 - u) = 1/5, u = (1 -+ 5^(-1/2)) / 2
    # (irrational: floating point), and nothing else is listed
    from bargain.solvers.tree_polynomial.bilinear import plane_points

    one = Fraction(1)
    conds = [(Fraction(1, 5), 0 * one, 0 * one, -one), (Fraction(-4, 5), one, one, -one)]
    pts = plane_points(conds, (0 * one, one, 0 * one, one), exact=True)
    r = 5 ** -0.5
    assert sorted((round(float(u), 9), round(float(w), 9)) for u, w, _ in pts) == \
        sorted({(round((1 - r) / 2, 9), round((1 + r) / 2, 9)), (round((1 + r) / 2, 9), round((1 - r) / 2, 9))})
    assert not any(ok for _, _, ok in pts)
    # with u w >= 1/4 instead the lens shrinks to its rational point (1/2, 1/2), listed exactly
    pts = plane_points([(Fraction(1, 4), 0 * one, 0 * one, -one), (Fraction(-3, 4), one, one, -one)],
                       (0 * one, one, 0 * one, one), exact=True)
    assert [(u, w, ok) for u, w, ok in pts] == [(Fraction(1, 2), Fraction(1, 2), True)]


def test_mixed_behaviour_off_the_path_is_listed():
    """e05: one solution leaves player 2's behaviour free at a set the play does not reach (player 2's
    own plan does).  The behaviours that keep it an equilibrium are a segment whose end points are
    pure and the mixture 1/2; the reduced normal form's complete solver lists the three extreme
    equilibria, and the tree route now lists the same three and says complete (it once pinned the
    free set to pure choices and missed the mixture)."""
    tree = read_efg(DATA / "e05.efg")
    res = tree_enumpoly_solve(tree, exact=True)
    assert res.complete
    assert any(Fraction(1, 2) in row for e in res for row in _behaviour(e))
    assert _plans(tree, res) == _plans(tree, bg.solve(tree.reduced_normal_form(), "polynomial", exact=True))
    # the segment is described: its two end points, player 2's probability of L in [1/2, 1]
    (seg,) = res.continua
    assert seg.dimension == 1 and sorted(e.behaviour.exact_probabilities[1][1] for e in seg.samples) == \
        [Fraction(1, 2), Fraction(1)]
    assert "spanned by" in str(res)


def _plans(tree: ExtensiveGame, eqs) -> set[tuple[float, ...]]:
    """Realisation plans of tree or reduced-normal-form equilibria, rounded to 6 places, as a set."""
    sf = sequence_form(tree)
    out = set()
    for e in eqs:
        if e.behaviour is not None:
            plans = [np.asarray(p, dtype=float) for p in e.profile]
        else:
            plans = [np.asarray(sf.plan_from_mixed(i, e.profile[i]), dtype=float) for i in range(tree.n_players)]
        out.add(tuple(np.round(np.concatenate(plans), 6) + 0.0))
    return out


@pytest.mark.parametrize("name", ["2x2x2", "g3", "g2", "e05", "e06", "my_3-4"])
def test_complete_claim_is_backed_by_the_reduced_normal_form(name):
    # the tree answer claims completeness (g3: see below), and the reduced normal form's complete solver finds no
    # equilibrium whose realisation plans are not among ours (g3, g2 and my_3-4 have whole faces of
    # solutions, e05 and e06 behaviour free off the path: complete only since those are enumerated);
    # where that solver is complete too, both list the same extreme equilibria.  g3's four-player system is
    # eliminated twice (two orders) and the two agree, which is no proof; its completeness rests on the
    # index sum on the agent normal form, and the reduced normal form's answer must be the same
    tree = read_efg(DATA / f"{name}.efg")
    res = tree_enumpoly_solve(tree, exact=True)
    assert res.complete
    assert name != "g3" or res.evidence.kind == "index"
    nf = bg.solve(tree.reduced_normal_form(), "polynomial", exact=True)
    assert len(nf) >= 1
    ours, theirs = _plans(tree, res), _plans(tree, nf)
    assert theirs <= ours
    if nf.complete:
        assert ours == theirs
    for e in res:      # recomputed here, on the tree (g3 has an irrational equilibrium, in floats)
        regret, _ = behaviour_regret(tree, e.behaviour, exact=e.is_exact)
        assert regret <= (0 if e.is_exact else 1e-9)


@pytest.mark.parametrize("name", ["e05", "e06", "my_3-4"])
def test_floating_point_run_lists_the_same_extreme_equilibria(name):
    # vertices of free behaviour found in floating point (with a payoff tolerance) verify and agree
    # with the exact run
    tree = read_efg(DATA / f"{name}.efg")
    exact, rough = tree_enumpoly_solve(tree, exact=True), tree_enumpoly_solve(tree, exact=False)
    assert exact.complete and rough.complete
    assert _plans(tree, exact) == _plans(tree, rough)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["condjury"])
def test_jury_tree_is_complete_and_agrees_with_gambit_and_the_reduced_normal_form(name):
    # Gambit's condorcet jury (3 players, 255 nodes): one- and two-mixer supports with whole faces of
    # solutions, enumerated as polytopes; the answer is complete and equals both oracles' lists
    gbt = pytest.importorskip("pygambit")
    path = DATA / f"{name}.efg"
    tree = read_efg(path)
    sf = sequence_form(tree)
    res = tree_enumpoly_solve(tree, exact=True)
    assert res.complete
    ours = _plans(tree, res)
    assert ours == _plans(tree, bg.solve(tree.reduced_normal_form(), "polynomial", exact=True))
    ggame = gbt.read_efg(str(path))
    theirs = gbt.nash.enumpoly_solve(ggame, use_strategic=False).equilibria
    assert len(theirs) == len(ours)
    for profile in theirs:
        plans = np.concatenate(plans_of(sf, gambit_behaviour(tree, ggame, profile)))
        assert any(np.abs(plans - np.array(x)).max() < 1e-6 for x in ours)


def test_plurality_vote_is_complete_and_agrees_with_the_reduced_normal_form():
    # e08 (a 3x3x3 vote as a tree): the degenerate supports (payoff ties everywhere) whose systems have
    # positive-dimensional solution sets all hold a weakly dominated action given the others' supports,
    # so they are skipped; what is left is complete, equals the complete normal-form solver's list
    # (Gambit's enumpoly lists 5 of these 6) and every listed profile verifies on the tree
    tree = read_efg(DATA / "e08.efg")
    res = tree_enumpoly_solve(tree, exact=True)
    assert res.complete
    nf = bg.solve(tree.reduced_normal_form(), "polynomial", exact=True)
    assert nf.complete and _plans(tree, nf) == _plans(tree, res)
    assert all(e.is_exact and behaviour_regret(tree, e.behaviour, exact=True)[0] == 0 for e in res)


@pytest.mark.parametrize("name", ["e08", "2x2x2", "e06", "g3", "my_3-4"])
def test_pruning_keeps_the_support_of_every_gambit_equilibrium(name):
    # conditional dominance may only drop supports on which no equilibrium lives: the exact behaviour
    # support of each equilibrium Gambit's enumpoly finds (support actions at the sets its play
    # reaches) is among the supports enumerated
    gbt = pytest.importorskip("pygambit")
    path = DATA / f"{name}.efg"
    tree = read_efg(path)
    sf = sequence_form(tree)
    kept = {s for s, _ in behaviour_supports(sf)}
    ggame = gbt.read_efg(str(path))
    for profile in gbt.nash.enumpoly_solve(ggame, use_strategic=False).equilibria:
        plans = plans_of(sf, gambit_behaviour(tree, ggame, profile))
        support = []
        for h, info in enumerate(tree.infosets):
            x = plans[info.player]
            first, par = int(sf.infoset_first[h]), int(sf.infoset_parent[h])
            reached = x[par] > 1e-9 and _reached_by_others(tree, sf, plans, h)
            support.append(tuple(a for a in range(info.num_actions) if reached and x[first + a] > 1e-9))
        assert tuple(support) in kept, (name, support)


def _reached_by_others(tree: ExtensiveGame, sf, plans, h: int) -> bool:
    """Whether some node of set ``h`` has positive probability under ``plans`` (every player's part)."""
    reach = np.ones(len(sf.leaf_sequences))
    for i in range(tree.n_players):
        reach = reach * np.asarray(plans[i], dtype=float)[sf.leaf_sequences[:, i]]
    below = [z for z, leaf in enumerate(tree.leaves)
             if any(int(x) in tree.infosets[h].nodes for x in _ancestors(tree, int(leaf)))]
    return bool(np.any(reach[below] * sf.leaf_weight[below] > 0))


def _ancestors(tree: ExtensiveGame, node: int) -> list[int]:
    out = []
    while node > 0:
        node = int(tree._parent[node])
        out.append(node)
    return out


def test_supports_are_admissible_and_distinct():
    tree = horse()
    sf = sequence_form(tree)
    sups = [s for s, _ in behaviour_supports(sf, prune=False)]
    assert len(sups) == len(set(sups))
    # P2's set is reached iff A is in P1's support, P3's iff D is or (A, d) are: P1 {A} gives
    # 1 (P2 {a}, P3 unreached) + 3 + 3; P1 {D} gives 3 (P2 unreached); P1 {A, D} gives 3 * 3.
    assert len(sups) == 7 + 3 + 9
    for s in sups:
        assert bool(s[2]) == (1 in s[0] or (0 in s[0] and 1 in s[1]))
        assert bool(s[1]) == (0 in s[0])


@pytest.mark.parametrize("name", ["e08", "2s2x2x2", "condjury"])
def test_reached_nodes_grown_below_decided_sets_match_the_path_test(name):
    # the search grows the reached nodes below each newly decided set; the reference marks a node
    # reached when every decision step on its path is a support action (one incidence product)
    from bargain.solvers.tree_polynomial.dominance import reached_nodes

    sf = sequence_form(read_efg(DATA / f"{name}.efg"))
    count = 0
    for s, reached in behaviour_supports(sf, prune=False):
        ref, frontier = reached_nodes(sf, {h: acts for h, acts in enumerate(s) if acts})
        assert not frontier and np.array_equal(reached, ref)
        count += 1
        if count == 400:
            break
    assert count >= 27


def test_auto_and_cli_use_it_on_three_player_trees():
    from click.testing import CliRunner

    from bargain.cli import cli

    tree = read_efg(DATA / "g1.efg")
    name, why = choose_tree_method(tree)
    assert name == "tree-enumpoly" and "admissible supports" in why
    eqs = bg.solve(tree)
    assert eqs.method == "tree-enumpoly" and len(eqs) == 1
    assert any(n.startswith("auto:") for n in eqs.notes)
    out = CliRunner().invoke(cli, ["solve", str(DATA / "g1.efg"), "--method", "tree-enumpoly", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert "tree-enumpoly" in out.output


def test_auto_leaves_trees_with_too_many_supports_to_the_normal_form():
    from bargain.solvers.sequence_form.methods import AUTO_MAX_SUPPORTS
    from bargain.solvers.tree_polynomial.supports import count_supports

    tree = bg.load_game("sequential_crisis").tree()       # 3 players, 9 information sets
    assert tree.n_players == 3
    assert count_supports(sequence_form(tree), AUTO_MAX_SUPPORTS) is None
    name, why = choose_tree_method(tree)
    assert name == "normal-form" and f"more than {AUTO_MAX_SUPPORTS}" in why


def test_auto_falls_back_to_a_small_reduced_normal_form_when_the_tree_answer_is_not_complete():
    tree = read_efg(DATA / "e08.efg")
    assert not tree_enumpoly_solve(tree, exact=True, max_supports=3).complete
    eqs = bg.solve(tree, max_supports=3)
    assert eqs.complete and eqs.method == "polynomial" and len(eqs) == 6
    assert any("reduced normal form is small (3x3x3)" in n for n in eqs.notes)


def test_bad_input_is_one_clear_error():
    with pytest.raises(GameError, match="game trees"):
        tree_enumpoly_solve(bg.Game.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
    with pytest.raises(GameError, match="tol"):
        tree_enumpoly_solve(horse(), tol=-1.0)


def test_auto_answers_e05_on_the_tree_with_the_off_path_mixture():
    """e05 through ``auto`` and the CLI: the tree route is complete, and its equilibria are behaviour
    equilibria of the tree with their paths (the CLI's tree table once crashed on normal-form
    equilibria), the off-path mixture 1/2 among them."""
    import json

    from click.testing import CliRunner

    from bargain.cli import cli

    tree = read_efg(DATA / "e05.efg")
    res = bg.solve(tree)
    assert res.complete and res.game is tree and len(res) == 3 and res.method == "tree-enumpoly"
    assert all(e.behaviour is not None and e.path for e in res)
    assert any(Fraction(1, 2) in p for e in res for p in e.behaviour.probabilities)
    out = CliRunner().invoke(cli, ["solve", str(DATA / "e05.efg"), "-f", "json", "-q"])
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.stdout)["equilibria"]) == 3


def test_extension_polytope_of_an_unreached_set_by_hand():
    # Selten's horse with player 1 at D and player 3 at L: player 2's set is not reached but player 2's
    # own plan reaches it, so q = P(d) is free.  Player 1 gets 3 from D and (1 - q) 1 + q 4 from A:
    # the equilibria are q in [0, 2/3], a segment with vertices q = 0 and q = 2/3.
    from bargain.solvers.tree_polynomial.extension import extension_vertices

    tree = horse()
    sf = sequence_form(tree)
    one, zero = Fraction(1), Fraction(0)
    base = [np.array([one, zero, one], dtype=object), np.array([one, zero, zero], dtype=object),
            np.array([one, one, zero], dtype=object)]                 # (∅, A, D), (∅, a, d), (∅, L, R)
    free = [np.zeros(3, dtype=bool), np.array([False, True, True]), np.zeros(3, dtype=bool)]
    found, why, checked, curved, _ = extension_vertices(sf, base, free, exact=True, tol=1e-9)
    assert why is None and checked and not curved
    assert sorted(tuple(plans[1]) for plans in found) == [(one, Fraction(1, 3), Fraction(2, 3)), (one, one, zero)]
    # with player 3 at R instead, player 1 earns 0 at D and 1 at A whatever q is: no equilibrium at all
    base[2] = np.array([one, zero, one], dtype=object)
    assert extension_vertices(sf, base, free, exact=True, tol=1e-9).vertices == []


def test_subgame_filter_keeps_the_supports_of_the_subgames_equilibria():
    # 2s2x2x2's second stage is a proper subgame (a 2x2x2 game, one set per player): solved first, it
    # admits exactly the supports on which it has equilibria; the reduced normal form's complete
    # solver on that subgame is the oracle (each player's strategies are the actions of its one set)
    from bargain.solvers.tree_polynomial.solver import _alive
    from bargain.solvers.tree_polynomial.subgames import subgame_filters

    tree = read_efg(DATA / "2s2x2x2.efg")
    (f,) = subgame_filters(tree, lambda sub: _alive(sub, True, tree.tolerance, 0, 10_000))
    sub = tree.subgame(f.root)
    assert len(f.sets) == 3 and all(len(sub.infosets[h].nodes) >= 1 for h in range(3))
    nf = bg.solve(sub.reduced_normal_form(), "polynomial", exact=True)
    assert nf.complete and len(nf) == 9
    supports = {tuple(tuple(int(k) for k in np.flatnonzero(np.asarray(x, dtype=float) > 1e-12)) for x in e.profile)
                for e in nf}
    assert supports <= set(f.alive)


def test_sets_with_no_other_set_on_their_paths():
    # chance picks which of three players moves; each chooses L or R once and nothing else happens
    # below, so the pointwise dominance test at each set has no other set to range over (a shipped
    # model with such a set once crashed it).  By hand: each player takes the action that pays it
    # more, R for player 1 (2 > 1), L for players 2 and 3; the equilibrium is unique and pure.
    def move(who: str, left: tuple[int, int, int], right: tuple[int, int, int]) -> Decision:
        return Decision(who, {"L": Terminal(*left), "R": Terminal(*right)}, infoset=who)

    tree = ExtensiveGame(Chance({"1": (Fraction(1, 3), move("P1", (1, 0, 0), (2, 0, 0))),
                                 "2": (Fraction(1, 3), move("P2", (0, 3, 0), (0, 1, 0))),
                                 "3": (Fraction(1, 3), move("P3", (0, 0, 5), (0, 0, 4)))}),
                         players=("P1", "P2", "P3"))
    res = tree_enumpoly_solve(tree, exact=True)
    assert res.complete and len(res) == 1
    one, zero = Fraction(1), Fraction(0)
    assert _behaviour(res[0]) == [[zero, one], [one, zero], [one, zero]]


def test_fixed_subgame_behaviour_solves_the_whole_support_system():
    # 2s2x2x2: in stage one players 1 and 3 mix and player 2 plays U; the second stage (a subgame)
    # plays its equilibrium (1/2, 1/2), (1/2, 1/2), (1, 0).  With that fixed, two linear equations
    # are left; their solution x1(U1) = 12/43, x3(U3) = 2/11 must also solve the *whole* support
    # system (stage-two indifference included: checked here equation by equation, exactly) and have
    # zero exact regret on the tree.  Leaving out the weight of player 2's fixed stage-two mixing
    # gives (6/37, 1/10) instead, where player 3 gains 93/370.
    from bargain.solvers.tree_polynomial.reduction import reduced_systems
    from bargain.solvers.tree_polynomial.supports import linear_solution, support_system

    tree = read_efg(DATA / "2s2x2x2.efg")
    sf = sequence_form(tree)
    target = ((0, 1), (0,), (0, 1), (0, 1), (0, 1), (0,))
    support, reached = next((s, r) for s, r in behaviour_supports(sf) if s == target)
    half, one, zero = Fraction(1, 2), Fraction(1), Fraction(0)
    rows = {3: [half, half], 4: [half, half], 5: [one, zero]}
    ((rough, build),) = reduced_systems(sf, support, reached, [({h: [float(v) for v in r] for h, r in rows.items()},
                                                                rows)], True, 12.0)
    assert rough.fixed and rough.mixing == (0, 2) and rough.sizes == (2, 2)
    exact = build()
    free = linear_solution(exact, exact=True)
    assert free == {0: [Fraction(12, 43)], 2: [Fraction(2, 11)]}
    plans = exact.plans(free)
    # the whole system (no behaviour fixed) at the same point: every equation vanishes exactly
    whole = support_system(sf, support, reached, exact=True)
    assert whole.mixing == (0, 1, 2)
    ys = {}
    for j in whole.mixing:
        seqs = [int(sf.infoset_first[h]) + a for h in sf.player_infosets[j] for a in support[h][:-1]]
        ys[j] = np.array([one, *[plans[j][s] for s in seqs]], dtype=object)
    for q, i in enumerate(whole.mixing):
        others = [j for j in whole.mixing if j != i]
        for row in whole.coeffs[q]:
            total = row
            for j in reversed(others):
                total = total @ ys[j]
            assert total == 0
    probs = [[p / plans[tree.infosets[h].player][int(sf.infoset_parent[h])] for p in
              plans[tree.infosets[h].player][int(sf.infoset_first[h]):int(sf.infoset_first[h]) + 2]]
             for h in range(len(tree.infosets))]
    regret, _ = behaviour_regret(tree, BehaviourProfile.build(tree, probs, exact=True), exact=True)
    assert regret == 0


@pytest.mark.parametrize("name", ["2x2x2", "g3", "jury_un"])
def test_integer_support_systems_equal_the_fraction_ones(name, monkeypatch):
    # exact support systems are contracted in int64 over one denominator per player; with that route
    # switched off they are contracted in Fractions: the tensors must be equal entry by entry
    from bargain.solvers.tree_polynomial import supports as mod

    tree = read_efg(DATA / f"{name}.efg")
    sf = sequence_form(tree)
    pairs = [(s, r) for s, r in behaviour_supports(sf, prune=False)][:60]
    fast = [mod.support_system(sf, s, r, exact=True) for s, r in pairs]
    monkeypatch.setattr(mod, "_integer_weights", lambda sf: (None,) * tree.n_players)
    for (s, r), a in zip(pairs, fast, strict=True):
        b = mod.support_system(sf, s, r, exact=True)
        assert a.mixing == b.mixing and len(a.coeffs) == len(b.coeffs)
        for x, y in zip(a.coeffs, b.coeffs, strict=True):
            assert x.shape == y.shape and list(x.ravel()) == list(y.ravel())


@pytest.mark.slow
def test_degenerate_systems_with_a_fixed_subgame_fall_back_to_the_whole_system(monkeypatch):
    # stage one: P1 L/R, P2 l/r, P3 x/y, none seeing the others; (L, l, x) leads to a subgame where
    # P1 and P2 play matching pennies (value 0) and P3 takes U (1, dominant); every other outcome pays
    # (0, 0, 1).  With the subgame fixed at its equilibrium every player's stage-one equations vanish
    # identically (a face), so those supports are solved as whole systems: the answer must be the
    # one found with no behaviour fixed at all (and every listed profile verifies on the tree).
    from bargain.solvers.tree_polynomial import reduction, solver

    def stage_two() -> Decision:
        def p3(a: int, b: int) -> Decision:
            return Decision("P3", {"U": Terminal(a, b, 1), "D": Terminal(a, b, 0)}, infoset="3b")

        def p2(match: bool) -> Decision:
            return Decision("P2", {"U": p3(1, -1) if match else p3(-1, 1), "D": p3(-1, 1) if match else p3(1, -1)},
                            infoset="2b")
        return Decision("P1", {"U": p2(True), "D": p2(False)}, infoset="1b")

    def p3(first) -> Decision:
        return Decision("P3", {"x": first, "y": Terminal(0, 0, 1)}, infoset="3a")

    def p2(first) -> Decision:
        return Decision("P2", {"l": p3(first), "r": p3(Terminal(0, 0, 1))}, infoset="2a")

    tree = ExtensiveGame(Decision("P1", {"L": p2(stage_two()), "R": p2(Terminal(0, 0, 1))}, infoset="1a"),
                         players=("P1", "P2", "P3"))
    calls = []
    original = solver.reduced_systems

    def spy(*args):
        out = original(*args)
        calls.append(out is None)
        return out

    monkeypatch.setattr(solver, "reduced_systems", spy)
    fixed = tree_enumpoly_solve(tree, exact=True)
    assert any(calls)                                   # some reduced system was degenerate
    monkeypatch.setattr(reduction, "MAX_FIXINGS", 0)    # no behaviour fixed anywhere
    whole = tree_enumpoly_solve(tree, exact=True)

    def keys(res):
        return sorted(tuple(tuple(row) for row in e.behaviour.exact_probabilities) for e in res)

    assert keys(fixed) == keys(whole) and fixed.complete == whole.complete
    for e in fixed:
        assert behaviour_regret(tree, e.behaviour, exact=True)[0] == 0


@pytest.mark.parametrize("name", ["2x2x2", "g3", "e08"])
def test_mixing_players_without_building_the_system(name):
    from bargain.solvers.tree_polynomial.supports import mixing_players, support_system

    sf = sequence_form(read_efg(DATA / f"{name}.efg"))
    for support, reached in behaviour_supports(sf, prune=False):
        assert mixing_players(sf, support) == support_system(sf, support, reached).mixing


@pytest.mark.parametrize("name", ["2x2x2", "2s2x2x2"])
def test_exact_runs_solve_two_mixing_players_in_fractions_only(name, monkeypatch):
    # no floating-point solve first; the answer is the one the floating-point run gives, made exact
    from bargain.solvers.tree_polynomial import solver

    calls = []
    original = solver.linear_solution

    def spy(system, exact):
        calls.append((exact, system.exact))
        return original(system, exact)

    monkeypatch.setattr(solver, "linear_solution", spy)
    tree = read_efg(DATA / f"{name}.efg")
    exact = tree_enumpoly_solve(tree, exact=True)
    assert calls and all(calls[k] == (True, True) for k in range(len(calls)))
    rough = tree_enumpoly_solve(tree)
    assert len(exact) == len(rough) and _plans(tree, exact) == _plans(tree, rough)
    assert exact.complete and rough.complete
    # only equilibria on supports where three players mix can be irrational (float profiles)
    assert sum(e.exact_profile is None for e in exact) == {"2x2x2": 0, "2s2x2x2": 3}[name]


def test_exact_candidates_with_nothing_free_are_verified_as_behaviour(monkeypatch):
    # every set is reached on the simultaneous-move 2x2x2 tree: each exact candidate's rows go to the gate
    # as they are (no realisation plans rebuilt from them); the answer is unchanged
    from bargain.solvers.tree_polynomial import solver

    calls = []
    original = solver.behaviour_equilibrium

    def spy(sf, b, method, **kw):
        calls.append(b)
        return original(sf, b, method, **kw)

    monkeypatch.setattr(solver, "behaviour_equilibrium", spy)
    monkeypatch.setattr(solver, "make_behaviour_equilibrium", None)     # must not be needed
    res = tree_enumpoly_solve(read_efg(DATA / "2x2x2.efg"), exact=True)
    assert len(res) == 9 and res.complete and len(calls) >= 9
    assert all(e.exact_profile is not None and e.behaviour.exact_probabilities is not None for e in res)
