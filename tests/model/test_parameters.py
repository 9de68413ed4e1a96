"""Parameter and Model: validation, broadcasting, exact evaluation, subclassing."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain import GameError, Model, Parameter
from bargain.model.parameters import Values

COST = Parameter("cost", 1.0, (0.0, 4.0), unit="utils", meaning="cost of a fight", source="Osborne 2004, ex. 18.1")
VALUE = Parameter("value", 2.0, (0.5, 6.0), unit="utils", meaning="value of the prize", source="ibid.")


def hawk_dove(p: Values) -> dict:
    """Hawk-Dove: V the prize, C the cost of a fight (Maynard Smith and Price 1973)."""
    h = (p.value - p.cost) / 2
    return {("Hawk", "Hawk"): (h, h),
            ("Hawk", "Dove"): (p.value, 0),
            ("Dove", "Hawk"): (0, p.value),
            ("Dove", "Dove"): (p.value / 2, p.value / 2)}


@pytest.fixture
def model() -> Model:
    return Model("hawk_dove", [COST, VALUE], hawk_dove, players=("Row", "Column"),
                 strategies=(("Hawk", "Dove"), ("Hawk", "Dove")), title="Hawk-Dove",
                 references=("Maynard Smith and Price 1973",))


# ----------------------------------------------------------------------------- Parameter
def test_parameter_fields_and_describe() -> None:
    assert COST.bounds == (0.0, 4.0) and COST.low == 0.0 and COST.high == 4.0
    assert COST.describe() == "cost = 1 utils in [0, 4]: cost of a fight"


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(name="2x", default=0, bounds=(0, 1)), "identifier"),
    (dict(name="exact", default=0, bounds=(0, 1)), "reserved"),
    (dict(name="batch_shape", default=0, bounds=(0, 1)), "reserved"),
    (dict(name="values", default=0, bounds=(0, 1)), "reserved"),
    (dict(name="a", default=2, bounds=(0, 1)), "outside its bounds"),
    (dict(name="a", default=0, bounds=(1, 0)), "low <= high"),
    (dict(name="a", default=float("nan"), bounds=(0, 1)), "outside its bounds"),
    (dict(name="a", default="x", bounds=(0, 1)), "must be a number"),
    (dict(name="a", default=0, bounds=(0,)), "pair"),
])
def test_bad_parameter_definitions(kwargs: dict, fragment: str) -> None:
    with pytest.raises(GameError, match=fragment):
        Parameter(**kwargs)


def test_parameter_check_names_bounds_and_index() -> None:
    assert COST.check([0, 4]).tolist() == [0.0, 4.0]
    with pytest.raises(GameError, match=r"'cost' = 4.5 is outside its bounds.*\[0, 4\]"):
        COST.check(4.5)
    with pytest.raises(GameError, match=r"index \(1,\)"):
        COST.check([1, -1])
    with pytest.raises(GameError, match="NaN"):
        COST.check(np.nan)
    with pytest.raises(GameError, match="must be a number"):
        COST.check("high")


def test_infinite_bounds_allowed() -> None:
    p = Parameter("x", 0.0, (-np.inf, np.inf))
    assert p.check(1e300) == 1e300
    with pytest.raises(GameError):
        p.check(np.nan)


# ----------------------------------------------------------------------------- Model
def test_metadata(model: Model) -> None:
    assert list(model.parameters) == ["cost", "value"]
    assert model.defaults == {"cost": 1.0, "value": 2.0}
    assert model.players == ("Row", "Column") and model.shape == (2, 2) and model.n_players == 2
    assert model.title == "Hawk-Dove" and model.references == ("Maynard Smith and Price 1973",)
    assert "value = 2 utils" in model.describe()
    assert "hawk_dove" in repr(model)
    model.parameters.clear()          # a copy: the model is unchanged
    assert len(model.parameters) == 2


def test_game_at_defaults_and_values(model: Model) -> None:
    g = model.game()
    assert isinstance(g, bg.Game) and not g.is_exact
    np.testing.assert_allclose(g.payoffs[0], [[0.5, 2.0], [0.0, 1.0]])
    np.testing.assert_allclose(g.payoffs[1], [[0.5, 0.0], [2.0, 1.0]])
    g = model.game(cost=3, value=1)
    np.testing.assert_allclose(g.payoffs[0], [[-1.0, 1.0], [0.0, 0.5]])
    assert g.strategies == (("Hawk", "Dove"), ("Hawk", "Dove"))


def test_game_exact_gives_rational_payoffs(model: Model) -> None:
    g = model.game(cost=0.3, exact=True)
    assert g.is_exact
    assert g.exact_payoffs[0, 0, 0] == Fraction(17, 20)       # (2 - 3/10) / 2, not a binary float
    assert g.exact_payoffs[0, 1, 1] == 1


def test_exact_needs_rational_operations() -> None:
    def with_exp(p: Values) -> np.ndarray:
        return np.exp(p.cost) * np.ones((2, 2, 2))
    m = Model("e", [COST], with_exp, players=("A", "B"), strategies=(("a", "b"), ("a", "b")))
    assert m.game().payoffs[0, 0, 0] == pytest.approx(np.e)
    with pytest.raises(GameError, match="cannot be evaluated exactly"):
        m.game(exact=True)


def test_exact_rejects_float_constants() -> None:
    """A float constant would make an 'exact' game inexact: refuse, and say how to fix it."""
    m = Model("f", [COST], lambda p: {(0, 0): (0.1 * p.cost + 0.2, 0), (0, 1): (0, 0), (1, 0): (0, 0), (1, 1): (0, 0)},
              players=("A", "B"), strategies=(("a", "b"),) * 2)
    assert m.game().payoffs[0, 0, 0] == pytest.approx(0.3)
    with pytest.raises(GameError, match=r"came out as float.*not a rational.*ints or Fractions"):
        m.game(exact=True)


def test_unknown_and_out_of_bounds_values(model: Model) -> None:
    with pytest.raises(GameError, match=r"no parameter 'cots' \(did you mean 'cost'\?\)"):
        model.game(cots=1)
    with pytest.raises(GameError, match=r"'value' = 9.0 at index \(1,\) is outside its bounds \[0.5, 6\]"):
        model.payoffs(value=[1, 9])
    with pytest.raises(GameError, match="NaN"):
        model.game(cost=float("nan"))
    with pytest.raises(GameError, match=r"use model\.payoffs"):
        model.game(cost=[1, 2])
    with pytest.raises(GameError, match="do not broadcast"):
        model.payoffs(cost=np.zeros(3), value=np.ones(4))
    with pytest.raises(GameError, match="no parameter"):
        model.parameter("prize")


def test_payoffs_broadcast_shapes(model: Model) -> None:
    assert model.payoffs().shape == (2, 2, 2)
    assert model.payoffs(cost=np.linspace(0, 4, 7)).shape == (7, 2, 2, 2)
    grid = model.payoffs(cost=np.linspace(0, 4, 5)[:, None], value=np.linspace(1, 6, 3)[None, :])
    assert grid.shape == (5, 3, 2, 2, 2)
    assert model.batch_shape(cost=np.zeros((5, 1)), value=np.ones(3)) == (5, 3)
    np.testing.assert_allclose(grid[4, 2], model.game(cost=4, value=6).payoffs)


def test_payoffs_batch_equals_single_games(model: Model) -> None:
    rng = np.random.default_rng(0)
    cost = rng.uniform(0, 4, 50)
    value = rng.uniform(0.5, 6, 50)
    batch = model.payoffs(cost=cost, value=value)
    singles = np.stack([model.game(cost=c, value=v).payoffs for c, v in zip(cost, value, strict=True)])
    np.testing.assert_array_equal(batch, singles)
    batch[0] = 0.0                    # a fresh writable array, not a view of model state
    assert model.payoffs(cost=cost, value=value)[0, 0, 0, 1] == value[0]


def test_with_defaults_returns_new_model(model: Model) -> None:
    m2 = model.with_defaults(cost=3)
    assert m2.defaults["cost"] == 3 and model.defaults["cost"] == 1
    np.testing.assert_allclose(m2.game().payoffs, model.game(cost=3).payoffs)
    with pytest.raises(GameError, match="outside its bounds"):
        model.with_defaults(cost=10)
    with pytest.raises(GameError, match="did you mean"):
        model.with_defaults(costs=1)


def test_values_mapping_is_read_only() -> None:
    v = Values({"a": 1.0}, (3,))
    assert v.a == 1.0 and v["a"] == 1.0 and list(v) == ["a"] and len(v) == 1 and v.batch_shape == (3,)
    with pytest.raises(AttributeError, match="did you mean 'a'"):
        _ = v.aa
    with pytest.raises(AttributeError):
        v.a = 2.0


def test_array_payoff_function_broadcasts() -> None:
    """A payoff function may return an array broadcastable to batch + (n, s...)."""
    def matching_pennies(p: Values) -> np.ndarray:
        a = np.array([[1.0, -1.0], [-1.0, 1.0]])
        u = np.stack([a, -a])                                  # (2, 2, 2)
        return np.asarray(p.cost)[..., None, None, None] * u   # scale by a parameter
    m = Model("mp", [COST], matching_pennies, players=("A", "B"), strategies=(("H", "T"), ("H", "T")))
    out = m.payoffs(cost=[1.0, 2.0])
    assert out.shape == (2, 2, 2, 2) and out[1, 0, 0, 0] == 2.0
    const = Model("c", [COST], lambda p: np.ones((2, 2, 2)), players=("A", "B"), strategies=(("H", "T"),) * 2)
    assert const.payoffs(cost=np.zeros(4)).shape == (4, 2, 2, 2)
    wrong = Model("w", [COST], lambda p: np.ones((3, 2)), players=("A", "B"), strategies=(("H", "T"),) * 2)
    with pytest.raises(GameError, match="does not broadcast"):
        wrong.payoffs()


def test_subclass_overriding_compute() -> None:
    class Coordination(Model):
        def __init__(self) -> None:
            super().__init__("coord", [COST], players=("A", "B"), strategies=(("x", "y"), ("x", "y")))

        def compute(self, p: Values) -> dict:
            return {(0, 0): (1, 1), (0, 1): (-p.cost, 0), (1, 0): (0, -p.cost), (1, 1): (2, 2)}
    m = Coordination()
    assert m.game(cost=2).payoffs[0, 0, 1] == -2.0
    assert m.with_defaults(cost=3).game().payoffs[0, 0, 1] == -3.0
    assert isinstance(m.with_defaults(cost=3), Coordination)
    assert len(bg.solve(m.game(), method="pure")) == 2


@pytest.mark.parametrize("table, fragment", [
    ({("Hawk", "Hawk"): (1, 1)}, "no entry for profile"),
    ({("Hawk", "Hawk", "Dove"): (1, 1)}, "tuple of 2"),
    ({("Hawk", "Hwak"): (1, 1)}, "did you mean 'Hawk'"),
    ({("Hawk", "Hawk"): (1,)}, "give one per player"),
    ({("Hawk", "Hawk"): (1, 1), (0, 0): (1, 1)}, "appears twice"),
    ({("Hawk", 7): (1, 1)}, "bad entry"),
])
def test_bad_payoff_tables(table: dict, fragment: str) -> None:
    m = Model("t", [COST], lambda p: table, players=("A", "B"), strategies=(("Hawk", "Dove"),) * 2)
    with pytest.raises(GameError, match=fragment):
        m.payoffs()


def test_non_finite_payoff_is_reported() -> None:
    m = Model("nf", [COST], lambda p: {(0, 0): (1 / p.cost, 0), (0, 1): (0, 0), (1, 0): (0, 0), (1, 1): (0, 0)},
              players=("A", "B"), strategies=(("a", "b"),) * 2)
    with np.errstate(divide="ignore"), pytest.raises(GameError, match=r"non-finite payoff inf for player A"):
        m.payoffs(cost=[1.0, 0.0])


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(parameters=[COST, COST]), "duplicate parameter"),
    (dict(parameters=["cost"]), "Parameter objects"),
    (dict(payoff_function=None), "needs a payoff_function"),
    (dict(strategies=(("a", "b"),)), "one list of strategy names per player"),
    (dict(strategies=(("a", "a"), ("b",))), "non-empty and unique"),
    (dict(players=("A", "A")), "players must be non-empty and unique"),
])
def test_bad_model_definitions(kwargs: dict, fragment: str) -> None:
    base = dict(name="m", parameters=[COST], payoff_function=hawk_dove, players=("A", "B"),
                strategies=(("a", "b"), ("c", "d")))
    base.update(kwargs)
    name = base.pop("name")
    params = base.pop("parameters")
    func = base.pop("payoff_function")
    with pytest.raises(GameError, match=fragment):
        Model(name, params, func, **base)


def test_public_exports() -> None:
    assert bg.Parameter is Parameter and bg.Model is Model
