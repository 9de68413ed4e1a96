"""bg.plot.tree: what the drawing contains (nodes, information sets, probabilities, the path)."""

from __future__ import annotations

import pytest

import bargain as bg
from bargain.errors import GameError
from tests.solvers.sequence_form.trees import kuhn_poker


def _texts(fig):
    return {t.get_text() for t in fig.axes[0].texts}


def test_tree_plot_shows_information_sets_chance_and_the_equilibrium():
    tree = kuhn_poker()
    eq = bg.solve(tree, method="seqform-lp")[0]
    fig = bg.plot.tree(tree, equilibrium=eq)
    ax = fig.axes[0]
    texts = _texts(fig)
    assert "JQ\n1/6" in texts                                    # chance probability on its edge
    assert {"1J", "2Kb"} <= texts                                # information sets labelled
    dashed = [ln for ln in ax.lines if ln.get_linestyle() not in ("-", "None")]
    assert len(dashed) == 12                                     # one dashed line per two-node information set
    thick = [ln for ln in ax.lines if ln.get_linewidth() > 3]
    reached = sum(1 for x in range(1, tree.num_nodes) if eq.behaviour.reach_probabilities()[x] > 0)
    assert len(thick) == reached                                 # every edge on the path of play is drawn thick
    assert any("(1/3)" in t for t in texts)                      # a mixed move shows its probability


def test_tree_plot_refuses_what_it_cannot_draw():
    with pytest.raises(GameError, match="ExtensiveGame"):
        bg.plot.tree(bg.Game.from_matrices([[1]], [[1]]))
    with pytest.raises(GameError, match="behaviour"):
        bg.plot.tree(kuhn_poker(), equilibrium=object())


def test_tree_shows_beliefs_from_an_assessment():
    from bargain.model.extensive import Decision, Terminal

    horse = bg.ExtensiveGame(
        Decision("1", {"C": Decision("2", {"c": Terminal(1, 1, 1),
                                           "d": Decision("3", {"L": Terminal(4, 4, 0), "R": Terminal(1, 1, 1)},
                                                         infoset="I3")}),
                       "D": Decision("3", {"L": Terminal(3, 3, 2), "R": Terminal(0, 0, 0)}, infoset="I3")}),
        players=("1", "2", "3"))
    a = next(a for a in bg.sequential_equilibria(horse)
             if a.behaviour.is_pure and a.behaviour.action("2@C") == "c")
    mu = a.beliefs["I3"]
    fig = bg.plot.tree(horse, a, beliefs=True)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert f"μ={mu['D']}" in texts and f"μ={mu['C/d']}" in texts
    assert "belief at a node of its set" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    fig = bg.plot.tree(horse, beliefs={"I3": {"D": 0, "C/d": 1}})
    assert {"μ=0", "μ=1"} <= {t.get_text() for t in fig.axes[0].texts}
    with pytest.raises(bg.GameError, match="no node 'X'"):
        bg.plot.tree(horse, beliefs={"I3": {"X": 1}})
    with pytest.raises(bg.GameError, match="beliefs= must be"):
        bg.plot.tree(horse, beliefs=[0.5, 0.5])


def test_tree_draws_a_signalling_equilibrium():
    """A signalling equilibrium gives its behaviour by a method; the plot takes the equilibrium itself."""
    game = bg.load_game("will_or_capacity").tree(exact=True)
    sep = next(e for e in bg.solve_signalling(game) if e.kind == "separating")
    fig = bg.plot.tree(game, sep)
    thick = [ln for ln in fig.axes[0].lines if ln.get_linewidth() > 3]
    reached = sum(1 for x in range(1, game.num_nodes) if sep.behaviour().reach_probabilities()[x] > 0)
    assert len(thick) == reached == 6            # two types, each its message and the US's response (pure)
