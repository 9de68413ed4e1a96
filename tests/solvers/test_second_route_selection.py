"""Which support systems the completeness check re-solves by a second route, and why.

The polynomial solver records, per support, whether a deterministic computation that finds every
solution settled it (pure profiles, linear algebra, the univariate elimination, the (3, 3, 3) and
(2, 2, 2, 2) resultants with their 10 and 9 solutions confirmed and the solution set proven finite in
exact arithmetic);
only the others are redone by the independent route, and a game with none left gets "enumeration"
evidence without any second route.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.solvers.polynomial.finite import finite_333
from bargain.solvers.polynomial.solver import independent_route, polynomial_solve
from bargain.solvers.polynomial.support import indifference_coefficients
from bargain.solvers.registry import get_solver

FULL = ((0, 1, 2),) * 3


def coordination(n: int = 3, k: int = 3) -> np.ndarray:
    """``n`` players, ``k`` strategies each: payoff 1 to all when all pick the same strategy, else 0."""
    P = np.zeros((n, *(k,) * n), dtype=int)
    for s in range(k):
        P[(slice(None), *(s,) * n)] = 1
    return P


def full_support_coefficients(P: np.ndarray) -> tuple[np.ndarray, ...]:
    E = bg.Game(P).exact_payoffs
    return tuple(indifference_coefficients(E, FULL, i) for i in range(3))


@pytest.fixture
def second_route_calls(monkeypatch):
    """The supports the registry hands the polynomial solver's independent route, per call (None: all)."""
    info = get_solver("polynomial")
    calls = []

    def spy(game, exact, tol, supports=None):
        calls.append(supports)
        return info.resolve(game, exact, tol, supports=supports)

    import bargain.solvers.registry as registry

    monkeypatch.setitem(registry._REGISTRY, "polynomial", type(info)(**{**info.__dict__, "resolve": spy}))
    return calls


def test_finite_333_proves_the_coordination_system_finite_and_refuses_a_continuum():
    assert finite_333(full_support_coefficients(coordination()))
    # player 3 indifferent everywhere: their equations vanish, the solutions form a surface
    P = coordination()
    P[2] = 0
    assert not finite_333(full_support_coefficients(P))
    # player 3's two equations proportional (payoff k * [players 1 and 2 match] for strategy k): five
    # independent equations, so a curve of solutions; the two eliminated quartics share it
    P = coordination()
    P[2] = (np.arange(3)[:, None] == np.arange(3)[None, :])[:, :, None] * np.arange(3)[None, None, :]
    assert not finite_333(full_support_coefficients(P))
    # a game in general position
    rng = np.random.default_rng(7)
    assert finite_333(full_support_coefficients(rng.integers(-9, 10, size=(3, 3, 3, 3))))


def test_coord333_is_complete_by_enumeration_without_a_second_route(second_route_calls):
    gbt = pytest.importorskip("pygambit")
    P = coordination()
    res = bg.solve(bg.Game(P))
    assert second_route_calls == []
    assert res.complete and res.evidence.kind == "enumeration" and res.evidence.passed
    assert res.evidence.irregular == 6 and res.recheck == ()
    assert "by a deterministic computation that finds all its solutions" in res.evidence.detail
    assert any("3 by univariate elimination, 1 by the (3, 3, 3) resultant with its 10 solutions confirmed" in n
               for n in res.notes)
    # the same 13 equilibria as Gambit's enumpoly: 3 pure, 3 on two strategies each, the centre and the 6
    # profiles in which the three players pick three different strategies
    ours = {tuple(float(p) for x in e.profile for p in x) for e in res}
    theirs = gbt.nash.enumpoly_solve(gbt.Game.from_arrays(*P)).equilibria
    assert len(ours) == len(theirs) == 13
    for eq in theirs:
        v = [float(eq[s]) for p in eq.game.players for s in p.strategies]
        assert any(np.allclose(v, w, atol=1e-6) for w in ours)
    assert any(e.exact_profile == ((Fraction(1, 3),) * 3,) * 3 for e in res)


def test_a_support_not_proven_finite_goes_to_the_second_route(monkeypatch, second_route_calls):
    import bargain.solvers.polynomial.finite as finite

    monkeypatch.setattr(finite, "finite_333", lambda coeffs: False)
    res = bg.solve(bg.Game(coordination()))
    assert res.recheck == (FULL,) and second_route_calls == [(FULL,)]
    assert not res.complete and res.evidence.kind == "two-routes" and res.evidence.agreed and len(res) == 13
    assert "on the 1 support system not solved by a deterministic computation ((P1: S1, S2, S3; " \
           in res.evidence.detail


def test_four_player_support_is_redone_by_the_second_route(second_route_calls):
    # (2, 2, 2, 2): six of the nine solutions lie where a kernel of the elimination vanishes, so the resultant
    # does not confirm 9 and the support goes to the homotopy, then to the second route
    res = bg.solve(bg.Game(coordination(4, 2)))
    four = ((0, 1),) * 4
    assert res.recheck == (four,) and second_route_calls == [(four,)]
    assert not res.complete and res.evidence.kind == "two-routes" and res.evidence.agreed and len(res) == 9


def test_homotopy_supports_are_redone():
    # a 3x3x4 game: its (3, 3, 4) support goes to the resultant-or-homotopy route, never settled
    game = bg.Game(np.random.default_rng(1).integers(-9, 10, size=(3, 3, 3, 4)))
    res = polynomial_solve(game)
    assert res.complete and res.recheck == (((0, 1, 2), (0, 1, 2), (0, 1, 2, 3)),)
    assert any(n.endswith("; 1 left for a second route") for n in res.notes)


def test_independent_route_solves_only_the_supports_it_is_given():
    game = bg.Game(coordination())
    assert independent_route(game, False, None, supports=()) == []
    on_full = independent_route(game, False, None, supports=[FULL])
    # the centre and the six all-different profiles lie on the full support's system; the pure coordination
    # equilibria and the two-strategy ones do not
    assert len(on_full) == 7
    assert not any(e.is_pure and len({int(np.argmax(x)) for x in e.profile}) == 1 for e in on_full)
    assert len(independent_route(game, False, None)) == 13


def test_finiteness_proof_runs_only_when_the_index_check_does_not_apply(monkeypatch):
    import bargain.solvers.polynomial.finite as finite

    calls = []
    real = finite.finite_333
    monkeypatch.setattr(finite, "finite_333", lambda coeffs: calls.append(1) or real(coeffs))
    # a 3x3x3 game in general position: the index check backs the claim, no proof is needed
    game = bg.Game(np.random.default_rng(2).normal(size=(3, 3, 3, 3)))
    res = bg.solve(game)
    assert res.evidence.kind == "index" and calls == []
    assert polynomial_solve(game).recheck == () and calls == [1]      # asked for: the full support is proven
    calls.clear()
    res = bg.solve(bg.Game(coordination()))
    assert res.evidence.kind == "enumeration" and calls == [1]


def test_a_failed_index_check_is_repaired_over_every_support(monkeypatch, second_route_calls):
    """Every support settled deterministically (``recheck == ()``), yet the index sum is off (the first route
    is made to drop a mixed equilibrium): the repair redoes *every* support, not just the ones listed for the
    second route (none), finds the equilibrium and backs the claim by the index sum after the re-solve."""
    rng = np.random.default_rng(0)
    for _ in range(14):                      # game 13 of this stream: three equilibria, two of them mixed
        P = rng.integers(-9, 10, size=(3, 3, 2, 2))
    game = bg.Game(P)
    full = bg.solve(game)
    mixed = [e for e in full if any(len(s) > 1 for s in e.support)]
    assert full.evidence.kind == "index" and len(mixed) == 2

    import bargain.solvers.registry as registry

    info = registry._REGISTRY["polynomial"]

    def dropping(g, **kw):
        res = info.func(g, **kw)
        keep = [e for e in res if not np.allclose(np.concatenate(e.profile), np.concatenate(mixed[0].profile))]
        assert len(keep) == len(res) - 1 and res.recheck == ()
        return res.replace(keep)

    monkeypatch.setitem(registry._REGISTRY, "polynomial", type(info)(**{**info.__dict__, "func": dropping}))
    res = bg.solve(game)
    assert second_route_calls == [None]          # the repair: every support
    assert res.complete and res.evidence.kind == "index" and "after the re-solve" in res.evidence.detail
    assert len(res) == len(full)
