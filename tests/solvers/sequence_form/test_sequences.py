"""The sequence form itself: sizes, constraints, payoffs and the plan <-> behaviour maps."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from bargain.errors import GameError
from bargain.model.extensive import Decision, ExtensiveGame, Terminal
from bargain.solvers.sequence_form import sequence_form

from .trees import kuhn_poker


def _random_behaviour(tree, rng):
    probs = []
    for h in tree.infosets:
        w = [Fraction(int(k), 10) for k in rng.integers(1, 10, size=h.num_actions)]
        probs.append(tuple(v / sum(w) for v in w))
    return tree.behaviour({h.label: p for h, p in zip(tree.infosets, probs, strict=True)})


def test_kuhn_sizes_and_constraints():
    sf = sequence_form(kuhn_poker())
    assert sf.num_sequences == (13, 13)            # 1 + 6 sets x 2 actions, for each player
    E, e = sf.constraints(0)
    assert E.shape == (7, 13) and list(e) == [1] + [0] * 6
    assert sf.sequence_label(0, 0) == "∅"


def test_expected_payoff_is_the_multilinear_form_of_the_plans():
    """U(x, y) = x^T A y equals the payoff the tree computes for the same behaviour (exactly)."""
    tree = kuhn_poker()
    sf = sequence_form(tree)
    rng = np.random.default_rng(3)
    A, B = sf.payoff_matrices(exact=True)
    for _ in range(5):
        b = _random_behaviour(tree, rng)
        x, y = (sf.plan_from_behaviour(b, i, exact=True) for i in range(2))
        Eq, _ = sf.constraints(0, exact=True)
        assert list(Eq.dot(x)) == [1] + [0] * 6                       # a realisation plan
        assert (x @ A @ y, x @ B @ y) == tuple(b.payoffs(exact=True))
        back = sf.behaviour_from_plans([x, y], exact=True)
        assert back.exact_probabilities == b.exact_probabilities
        # and the reduced-normal-form mixed strategy of Kuhn's map has the same plan
        mixed = tree.mixed_from_behaviour(b, exact=True)
        assert list(sf.plan_from_mixed(0, mixed[0], exact=True)) == list(x)


def test_sparse_float_matrices_match_exact():
    sf = sequence_form(kuhn_poker())
    A, B = sf.payoff_matrices()
    Aq, Bq = sf.payoff_matrices(exact=True)
    np.testing.assert_allclose(A.toarray(), Aq.astype(float))
    np.testing.assert_allclose(B.toarray(), -Aq.astype(float))     # zero-sum
    assert (Bq == -Aq).all()
    assert A.nnz == 30 and len(sf.payoff_tensor()) == 30         # one entry per leaf here


def test_unreached_sets_are_undetermined_and_bad_input_is_refused():
    tree = kuhn_poker()
    sf = sequence_form(tree)
    x = np.zeros(13, dtype=object)
    x[:] = Fraction(0)
    x[0] = Fraction(1)
    for h in sf.player_infosets[0]:
        if sf.infoset_parent[h] == 0:
            x[sf.infoset_first[h]] = Fraction(1)           # always check; never reach a "check, bet" set
    y = sf.plan_from_behaviour(_random_behaviour(tree, np.random.default_rng(0)), 1, exact=True)
    b = sf.behaviour_from_plans([x, y], exact=True)
    assert len(b.undetermined) == 0 or all(tree.infosets[h].player == 0 for h in b.undetermined)
    x2 = x.copy()
    x2[0] = Fraction(2)
    with pytest.raises(GameError, match="realisation plan"):
        sf.behaviour_from_plans([x2, y], exact=True)
    forgetful = ExtensiveGame(Decision("A", {"l": Decision("A", {"a": Terminal(1), "b": Terminal(0)}, infoset="s"),
                                             "r": Decision("A", {"a": Terminal(0), "b": Terminal(1)}, infoset="s")},
                                       infoset="t"), players=("A",))
    with pytest.raises(GameError, match="perfect recall"):
        sequence_form(forgetful)
