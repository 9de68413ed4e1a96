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
