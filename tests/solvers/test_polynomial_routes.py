"""The polynomial solver's two routes as :func:`bargain.solve` runs them: one verification per equilibrium
on the game as given (``report=``), and the independent route of the completeness check (the players
reordered and every support system eliminated again, or the homotopy where reordering gives the same
game back)."""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.solvers.completeness import certify
from bargain.solvers.polynomial.solver import independent_route, independent_route_name, polynomial_solve
from bargain.solvers.result import transfer


def four_player_game() -> bg.Game:
    """A 2x2x2x2 integer game with payoff ties (irregular equilibria: the index check does not apply)."""
    return bg.Game(np.random.default_rng(2008).integers(-9, 10, size=(5, 4, 2, 2, 2, 2))[4])


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 2, 2)])
@pytest.mark.parametrize("exact", [False, True])
def test_report_verifies_on_the_given_game_as_transfer_does(shape, exact):
    rng = np.random.default_rng(11)
    P = rng.integers(-40, 41, size=(len(shape), *shape)) * np.array([1000, 1, 7, 3][:len(shape)]).reshape(
        (-1,) + (1,) * len(shape))
    game = bg.Game(P) if exact else bg.Game(P.astype(float) + 0.25)
    once = polynomial_solve(game.normalised(), exact=exact, report=game)
    twice = transfer(polynomial_solve(game.normalised(), exact=exact), game)
    assert once.game is game and all(e.game is game for e in once)
    assert len(once) == len(twice) > 0
    for a, b in zip(once, twice, strict=True):
        assert np.allclose(np.concatenate(a.profile), np.concatenate(b.profile))
        assert np.allclose(a.payoffs, b.payoffs)      # in the given game's units, not the normalised ones
        assert a.exact_profile == b.exact_profile and (a.exact_profile is None or exact)
    with pytest.raises(GameError, match="report"):
        polynomial_solve(game.normalised(), report=bg.Game(np.zeros((3, 2, 2, 3))))


def test_solve_result_belongs_to_the_given_game():
    game = bg.Game(np.random.default_rng(3).random((3, 3, 2, 2)) * 1e6)
    res = bg.solve(game)
    assert res.game is game and res.complete
    assert all(e.game is game and max(game.regrets(e.profile)) <= 2 * game.tolerance for e in res)


def test_reordered_elimination_is_the_second_route_and_finds_a_dropped_equilibrium(monkeypatch):
    import bargain.solvers.polynomial.finite as finite

    game = four_player_game()
    # the (2, 2, 2, 2) resultant confirms its 9 solutions and the exact proof makes them all of them
    settled = bg.solve(game)
    assert settled.complete and settled.evidence.kind == "enumeration" and settled.recheck == ()
    # without that proof the count is no proof: that support, and only it, is redone by the second route
    monkeypatch.setattr(finite, "finite_2222", lambda coeffs: False)
    res = bg.solve(game)
    route = independent_route_name(game)
    assert "players reordered" in route and not route.startswith("the homotopy")
    assert not res.complete and res.evidence.kind == "two-routes" and res.evidence.agreed
    assert route in res.evidence.detail and len(res) == len(settled)
    assert res.recheck == (((0, 1), (0, 1), (0, 1), (0, 1)),)
    assert "on the 1 support system not solved by a deterministic computation" in res.evidence.detail
    # a first route that lost the equilibrium on which all four players mix (the resultant's): the second
    # route, redoing only the supports the answer names, finds it again
    mixed = [e for e in res if all(len(s) == 2 for s in e.support)]
    assert mixed
    dropped = res.replace([e for e in res if e is not mixed[0]], complete=True)
    bad = certify(dropped, lambda: independent_route(game, True, None, supports=res.recheck), route)
    assert not bad.complete and not bad.evidence.passed and len(bad) == len(res)
    assert any(route in n and "found 1 equilibrium the solver missed" in n for n in bad.notes)
    back = [e for e in bad if np.allclose(np.concatenate(e.profile), np.concatenate(mixed[0].profile))]
    assert len(back) == 1 and back[0].exact_profile == mixed[0].exact_profile    # exact where rational


def test_symmetric_game_keeps_the_homotopy_as_second_route():
    # reordering the players of a coordination game gives the same game: the same elimination again would
    # be no independent evidence, so the second route is the homotopy (here on the four-player support,
    # whose resultant misses the six solutions where a kernel of its elimination vanishes)
    P = np.zeros((4, 2, 2, 2, 2), dtype=int)
    for k in range(2):
        P[:, k, k, k, k] = 1
    game = bg.Game(P)
    assert independent_route_name(game) == "the homotopy with the players in reverse order"
    res = bg.solve(game)
    assert not res.complete and res.evidence.kind == "two-routes" and res.evidence.agreed and len(res) == 9
    assert "the homotopy with the players in reverse order, on the 1 support system" in res.evidence.detail


def test_second_route_does_not_repeat_a_forced_hidden_block(monkeypatch):
    """A support of sizes (2, 3, 3) leaves the elimination one choice of hidden mixture (the binary mixer's):
    the reordered elimination would hide the same player's mixture again, the same computation, so the second
    route sends it to the homotopy; a (2, 2, 2) support (three choices) is still eliminated, hiding another
    player than the first route did."""
    import bargain.solvers.polynomial.multilinear as multilinear

    game = bg.Game(np.random.default_rng(5).normal(size=(3, 2, 3, 3))).normalised()
    calls = []
    real = multilinear.solve_three_block
    monkeypatch.setattr(multilinear, "solve_three_block", lambda batch: calls.append(batch.sizes) or real(batch))
    first = polynomial_solve(game, closed_form=False)
    assert (2, 3, 3) in calls
    calls.clear()
    second = independent_route(game, False, None)
    assert (3, 3, 2) not in calls and (2, 3, 3) not in calls           # forced: the homotopy instead
    assert {tuple(np.round(np.concatenate(e.profile), 7)) for e in second} == \
        {tuple(np.round(np.concatenate(e.profile), 7)) for e in first}
    calls.clear()
    P = np.zeros((3, 2, 2, 2), dtype=int)          # McKelvey and McLennan's game: two totally mixed equilibria
    P[:, 0, 0, 0], P[:, 1, 1, 0], P[:, 1, 0, 1], P[:, 0, 1, 1] = (9, 8, 12), (9, 8, 2), (3, 4, 6), (3, 4, 6)
    independent_route(bg.Game(P), False, None)
    assert (2, 2, 2) in calls                                          # three choices: still eliminated


def test_hidden_block_comparison_maps_players_back():
    from bargain.solvers.polynomial.multilinear import _same_hidden

    # degrees (1, 2, 2) in the reversed game are (2, 2, 1) in the original: player 0 here is player 2 there,
    # the only block of degree 1 in both
    assert _same_hidden((1, 2, 2), (0, 1, 2), 0, [2, 1, 0])
    # degrees (1, 1, 1): the first route hides original player 0, the reversed one original player 2
    assert not _same_hidden((1, 1, 1), (0, 1, 2), 0, [2, 1, 0])
    # the cyclic order (player k here is player [1, 2, 0][k] there) with two choices of hidden block: degrees
    # (1, 1, 2) here are (2, 1, 1) there, whose first choice is original player 1, the one hidden here too
    assert _same_hidden((1, 1, 2), (0, 1, 2), 0, [1, 2, 0])
    # degrees (2, 1, 1) here are (1, 2, 1) there: original player 0 hidden there, player 2 here
    assert not _same_hidden((2, 1, 1), (0, 1, 2), 1, [1, 2, 0])
