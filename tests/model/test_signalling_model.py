"""SignallingModel: a parametric signalling game whose tree is a SignallingGame."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg

BEER = bg.Parameter("beer_taste", 1.0, (0.0, 3.0), unit="utils", meaning="taste of beer for the strong type",
                    source="Cho and Kreps (1987)")
MU = bg.Parameter("weak", 0.1, (0.0, 1.0), unit="probability", meaning="prior of the weak type", source="Cho-Kreps")


def _payoffs(p, t, m, r):
    """Beer-quiche (Cho and Kreps 1987): the sender likes its breakfast (1) and no duel (2)."""
    taste = p.beer_taste if (t, m) == ("strong", "beer") else (1 if (t, m) == ("weak", "quiche") else 0)
    duel = r == "duel"
    return taste + 2 * (not duel), (1 if (duel and t == "weak") or (not duel and t == "strong") else 0)


def _model():
    return bg.SignallingModel("beer_quiche", [BEER, MU], sender_types=("strong", "weak"), messages=("beer", "quiche"),
                              responses=("duel", "no duel"), prior=lambda p: (1 - p.weak, p.weak), payoffs=_payoffs,
                              players=("Sender", "Receiver"), title="beer-quiche")


def test_tree_is_the_signalling_game_built_by_hand():
    model = _model()
    tree = model.tree(exact=True)
    assert isinstance(tree, bg.SignallingGame)
    one = type("P", (), {"beer_taste": 1})()
    by_hand = bg.SignallingGame(("strong", "weak"), (Fraction(9, 10), Fraction(1, 10)), ("beer", "quiche"),
                                ("duel", "no duel"), lambda t, m, r: _payoffs(one, t, m, r))
    for a, b in zip(tree.payoff_arrays(exact=True), by_hand.payoff_arrays(exact=True), strict=True):
        assert (a == b).all()
    eqs = bg.solve_signalling(tree)
    # both pooling equilibria of beer-quiche; only the beer one passes the intuitive criterion
    assert sorted(e.message("strong") for e in eqs if e.kind == "pooling") == ["beer", "quiche"]
    assert [e.message("weak") for e in eqs if e.kind == "pooling" and bg.intuitive_criterion(e)] == ["beer"]


def test_batch_equals_single_trees_and_bad_values_raise():
    model = _model()
    grid = np.linspace(0, 1, 7)
    batch = model.payoffs(weak=grid, beer_taste=3 * grid)
    for k, x in enumerate(grid):
        np.testing.assert_allclose(batch[k], model.tree(weak=x, beer_taste=3 * x).reduced_normal_form().payoffs)
    with pytest.raises(bg.GameError, match="outside its bounds"):
        model.tree(weak=2)


def test_batched_pure_equilibrium_mask_equals_the_exact_solver_on_random_games():
    """pure_equilibrium_mask over a batch of random integer 2-type, 3-message, 2-response games
    marks exactly the pure equilibria solve_signalling finds, game by game."""
    import itertools

    from bargain.analysis.signalling_regions import pure_equilibrium_mask

    rng = np.random.default_rng(3)
    n = 40
    uS = rng.integers(-3, 4, (n, 2, 3, 2))
    uR = rng.integers(-3, 4, (n, 2, 3, 2))
    w = rng.integers(1, 5, (n, 1))
    prior = np.concatenate([w, 5 - w], axis=1) / 5
    checked = 0
    for k in range(n):
        g = bg.SignallingGame(("a", "b"), [Fraction(int(w[k, 0]), 5), Fraction(5 - int(w[k, 0]), 5)],
                              ("x", "y", "z"), ("r", "s"),
                              lambda t, m, r, k=k: (int(uS[k, "ab".index(t), "xyz".index(m), "rs".index(r)]),
                                                    int(uR[k, "ab".index(t), "xyz".index(m), "rs".index(r)])))
        found = {(tuple(e.message(t) for t in "ab"), tuple(e.response(m) for m in sorted({e.message(t) for t in "ab"})))
                 for e in bg.solve_signalling(g, semi_separating=False)
                 if all(sum(1 for p in s if p) == 1 for s in e.sender) and all("+" not in e.response(m)
                                                                                for m in {e.message(t) for t in "ab"})}
        for s in itertools.product(range(3), repeat=2):
            sent = sorted(set(s))
            for rho in itertools.product(range(2), repeat=len(sent)):
                mask = pure_equilibrium_mask(uS[k], uR[k], prior[k], s, dict(zip(sent, rho, strict=True)))
                key = (tuple("xyz"[m] for m in s), tuple("rs"[r] for r in rho))
                assert bool(mask) == (key in found), (k, key)
                checked += int(bool(mask))
    assert checked > 20
    batch = pure_equilibrium_mask(uS, uR, prior, (0, 1), {0: 0, 1: 1})
    assert batch.shape == (n,)


def test_a_prior_with_an_unknown_type_names_it_and_the_nearest_type():
    with pytest.raises(bg.GameError, match=r"prior has no type 'strnog' \(did you mean 'strong'\?\); its types are "
                                           r"\['strong', 'weak'\]"):
        bg.SignallingGame(("strong", "weak"), {"strnog": Fraction(9, 10), "weak": Fraction(1, 10)},
                          ("beer", "quiche"), ("duel", "no duel"), lambda t, m, r: (0, 0))
