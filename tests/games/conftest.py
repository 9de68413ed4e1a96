"""Shared helpers for the game tests: the equilibrium set of a game, as comparable data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import bargain as bg
from bargain.solvers.registry import choose_method, get_solver

EquilibriumSet = frozenset[tuple[tuple[float, ...], ...]]


def equilibrium_set(game: bg.Game, digits: int = 6) -> EquilibriumSet:
    """Every equilibrium of ``game`` (rounded profiles) by the complete method ``auto`` picks."""
    eqs = bg.solve(game)
    assert get_solver(choose_method(game)).complete and eqs.complete, eqs.method
    return frozenset(tuple(tuple(round(float(x), digits) for x in s) for s in eq.profile) for eq in eqs)


def pure_profiles(game: bg.Game) -> set[tuple[str, ...]]:
    """The pure equilibria of ``game`` as tuples of strategy names."""
    return {tuple(game.strategies[i][s[0]] for i, s in enumerate(eq.support)) for eq in bg.solve(game, method="pure")}


def threshold_holds(model: bg.Model, name: str, value: float, expected_pure: set[tuple[str, ...]]) -> None:
    """``value`` lies inside the bounds of ``name``, moves the equilibrium set away from the defaults',
    and leaves exactly ``expected_pure`` as the pure equilibria."""
    prm = model.parameter(name)
    assert prm.low <= value <= prm.high and value != prm.default
    moved = model.game(**{name: value})
    assert equilibrium_set(moved) != equilibrium_set(model.game())
    assert pure_profiles(moved) == expected_pure


def spe_threshold_holds(model: bg.Model, name: str, value: float, infoset: str, action: str) -> None:
    """``value`` lies inside the bounds of ``name`` and turns the subgame-perfect move at ``infoset``
    (unique SPE, by backward induction) from something else at the defaults into ``action``."""
    from bargain.solvers.backward_induction import backward_induction

    prm = model.parameters[name]
    assert prm.low < value < prm.high
    base, = backward_induction(model.tree())
    moved, = backward_induction(model.tree(**{name: value}))
    assert base.behaviour.action(infoset) != action
    assert moved.behaviour.action(infoset) == action


@pytest.fixture
def eqset() -> Callable[[bg.Game], EquilibriumSet]:
    return equilibrium_set


@pytest.fixture
def pure() -> Callable[[bg.Game], set[tuple[str, ...]]]:
    return pure_profiles


@pytest.fixture
def assert_threshold() -> Callable[..., None]:
    return threshold_holds


@pytest.fixture
def assert_spe_threshold() -> Callable[..., None]:
    return spe_threshold_holds
