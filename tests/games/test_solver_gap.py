"""A gap the corrected triangle exposes in ``bargain.solve``: an isolated, fully mixed equilibrium
of a game where one player's payoff does not depend on another's move.

In ``sanctions_triangle`` China pays for its stance before North Korea answers, so China's payoff
does not depend on North Korea's move.  At ``border_trade = 1.3`` (others at their defaults) the
game has no pure equilibrium; by Nash's theorem it has a mixed one, and the batch engine finds it
(US mixes Sanction/Status quo, China Enforce/Optics, North Korea Test/Freeze): it verifies, and
Gambit's logit tracer (McKelvey and Palfrey 1995) converges to it.  ``bargain.solve`` (polynomial
support enumeration) returns no equilibrium and calls the result complete.  The test is a strict
xfail so that it turns red -- to be promoted to a plain test -- once the solver is fixed.
"""

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.batch import solve_batch

MODEL = bg.load_game("sanctions_triangle")


def test_the_equilibrium_exists_and_verifies():
    g = MODEL.game(border_trade=1.3)
    assert not bg.solve(g, method="pure")
    (eq,) = solve_batch(MODEL.payoffs(border_trade=[1.3]), n_players=3).equilibria_at(0)
    assert g.is_nash(eq, tol=1e-9)
    assert all(np.count_nonzero(x > 1e-9) == 2 for x in eq)
    gbt = pytest.importorskip("pygambit")
    logit = gbt.nash.logit_solve(gbt.Game.from_arrays(*g.payoffs))
    limit = [np.array([float(logit.equilibria[0][s]) for s in pl.strategies]) for pl in logit.game.players]
    assert all(np.allclose(a, b, atol=1e-4) for a, b in zip(eq, limit, strict=True))


@pytest.mark.xfail(strict=True, reason="bargain.solve (polynomial) misses this isolated mixed equilibrium")
def test_bargain_solve_finds_it():
    g = MODEL.game(border_trade=1.3)
    assert len(bg.solve(g)) >= 1
