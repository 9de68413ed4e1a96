"""Every shipped game: loads, validates, solves at its defaults, batches, and each parameter matters."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.model.extensive import ExtensiveModel
from bargain.solvers.pure import pure_equilibrium_mask

GAMES = bg.list_games()


def test_the_four_games_of_brief_d_are_shipped() -> None:
    assert {"sanctions_triangle", "buffer_state", "linkage_bargain", "russia_channel"} <= set(GAMES)


@pytest.mark.parametrize("name", GAMES)
def test_loads_and_describes_itself(name: str) -> None:
    model = bg.load_game(name)
    assert isinstance(model, bg.Model)
    assert model.name == name
    assert model.title and model.description and model.references
    assert model.parameters, f"{name} has no parameters"
    for prm in model.parameters.values():
        assert prm.meaning and prm.source and prm.unit, f"{name}.{prm.name} lacks meaning, source or unit"
        assert prm.low <= prm.default <= prm.high
    assert name in model.describe()


@pytest.mark.parametrize("name", GAMES)
def test_validates_bad_values(name: str) -> None:
    model = bg.load_game(name)
    first, prm = next(iter(model.parameters.items()))
    with pytest.raises(bg.GameError, match="did you mean"):
        model.game(**{first + "x": prm.default})
    if np.isfinite(prm.high):
        with pytest.raises(bg.GameError, match="outside its bounds"):
            model.game(**{first: prm.high + 1})
    with pytest.raises(bg.GameError, match="NaN"):
        model.payoffs(**{first: [prm.default, np.nan]})
    assert set(model.validate()) == set(model.parameters)


@pytest.mark.parametrize("name", GAMES)
def test_solves_at_defaults(name: str) -> None:
    model = bg.load_game(name)
    game = model.game()
    assert isinstance(game, bg.Game) and game.shape == model.shape and game.players == model.players
    eqs = bg.solve(game)
    assert len(eqs) >= 1
    for eq in eqs:
        assert game.is_nash(eq.profile)


@pytest.mark.slow
@pytest.mark.parametrize("name", GAMES)
def test_batch_of_10000_equals_10000_single_games(name: str) -> None:
    """model.payoffs over 10,000 random points (every parameter at once) equals model.game point by point."""
    model = bg.load_game(name)
    rng = np.random.default_rng(7)
    n = 10_000
    values = {k: rng.uniform(p.low, p.high, n) for k, p in model.parameters.items()
              if np.isfinite(p.low) and np.isfinite(p.high)}
    batch = model.payoffs(**values)
    assert batch.shape == (n, model.n_players, *model.shape)
    singles = np.stack([model.game(**{k: v[j] for k, v in values.items()}).payoffs for j in range(n)])
    np.testing.assert_allclose(batch, singles, rtol=1e-12, atol=1e-12)


def _pure_sets(model: bg.Model, name: str, grid: np.ndarray) -> list[bytes]:
    mask = pure_equilibrium_mask(model.payoffs(**{name: grid}), tol=1e-9, n_players=model.n_players)
    return [m.tobytes() for m in mask]


def _spe_plans(model: bg.Model, name: str, grid: np.ndarray) -> set[tuple[str, ...]]:
    from bargain.solvers.backward_induction import backward_induction_batch

    res = backward_induction_batch(model, **{name: grid})
    labels = [h.label for h in model.reference_tree.infosets]
    return set(zip(*(res.action(h) for h in labels), strict=True))


@pytest.mark.parametrize("name", GAMES)
def test_every_parameter_changes_the_equilibrium_set_inside_its_bounds(name: str) -> None:
    """Scan each parameter over its bounds (others at defaults) in one batch; the pure equilibrium set
    must change somewhere (for a game tree: the pure equilibria of its reduced normal form, or its
    subgame-perfect plans); failing that, the complete equilibrium set at 21 points must."""
    model = bg.load_game(name)
    for pname, prm in model.parameters.items():
        low = prm.low if np.isfinite(prm.low) else prm.default - 100
        high = prm.high if np.isfinite(prm.high) else prm.default + 100
        grid = np.linspace(low, high, 401)
        if len(set(_pure_sets(model, pname, grid))) > 1:
            continue
        if isinstance(model, ExtensiveModel) and len(_spe_plans(model, pname, grid)) > 1:
            continue
        sets = set()
        for v in np.linspace(low, high, 21):
            eqs = bg.solve(model.game(**{pname: v}))
            sets.add(frozenset(tuple(tuple(np.round(x, 6)) for x in eq.profile) for eq in eqs))
        assert len(sets) > 1, f"{name}: parameter {pname!r} never changes the equilibrium set in [{low}, {high}]"


# The two-player games, at their defaults and at two points each where the equilibrium set differs.
GAMBIT_POINTS = [
    ("buffer_state", {}),
    ("buffer_state", {"lifeline_value": 6.675}),
    ("buffer_state", {"collapse_cost": 25.8}),
    ("linkage_bargain", {}),
    ("linkage_bargain", {"icbm_cost": 5}),
    ("linkage_bargain", {"concession_cost": 0.5}),
    ("russia_channel", {}),
    ("russia_channel", {"russia_substitution": 0.445}),
    ("russia_channel", {"china_enforcement": 0.475}),
]


@pytest.mark.parametrize(("name", "values"), GAMBIT_POINTS,
                         ids=[f"{n}-{','.join(f'{k}={v}' for k, v in vals.items()) or 'defaults'}"
                              for n, vals in GAMBIT_POINTS])
def test_matches_gambit(name: str, values: dict[str, float]) -> None:
    """The exact equilibrium set equals Gambit's exact extreme equilibria (rational ``enummixed``)."""
    gbt = pytest.importorskip("pygambit")
    g = bg.load_game(name).game(exact=True, **values)
    res = gbt.nash.enummixed_solve(gbt.Game.from_arrays(*g.exact_payoffs), rational=True)
    theirs = {tuple(tuple(Fraction(str(eq[s])) for s in pl.strategies) for pl in res.game.players)
              for eq in res.equilibria}
    assert theirs, "Gambit found no equilibrium"
    assert {eq.exact_profile for eq in bg.solve(g)} == theirs
