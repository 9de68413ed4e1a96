"""Parametric games: named parameters and a model that builds a game (or a batch of games) from them.

A *parametric game* is a map ``theta -> u(theta)`` from a vector of named real parameters to the
payoff tensor of a finite normal-form game (the object a comparative-statics or sensitivity
analysis varies; see Fudenberg and Tirole 1991, sec. 1.2 and 12.1).  :class:`Parameter` describes
one coordinate of ``theta`` (default, bounds, unit, meaning and the source it rests on);
:class:`Model` holds the parameters and the payoff map, and evaluates it

* at one point, :meth:`Model.game` -> a :class:`~bargain.model.game.Game`, or
* at a whole batch of points in one array operation, :meth:`Model.payoffs` -> an array of shape
  ``batch_shape + (n, s_1, ..., s_n)``, where ``batch_shape`` is the numpy broadcast of the
  shapes of the values given (unspecified parameters take their defaults).

Writing a model
---------------
The payoff map is a plain Python function of one argument ``p`` (a :class:`Values` mapping:
``p.name`` or ``p["name"]`` is the value of parameter ``name``, a float array broadcast to the
batch shape).  It returns either

* a **payoff table**: a dict mapping each pure profile (a tuple of strategy names or indices, one
  per player) to a tuple of ``n`` payoffs (numbers or arrays broadcastable to the batch shape), or
* an **array** broadcastable to ``batch_shape + (n, s_1, ..., s_n)``.

Use only numpy arithmetic (``+ - * /``, ``np.where``, ``np.maximum`` ...) so one call evaluates
the whole batch.  Example::

    from bargain import Model, Parameter

    cost = Parameter("cost", 1.0, (0.0, 4.0), unit="utils", meaning="cost of fighting",
                     source="Osborne (2004), Example 18.1")

    def payoffs(p):
        return {("Hawk", "Hawk"): ((2 - p.cost) / 2, (2 - p.cost) / 2),
                ("Hawk", "Dove"): (2, 0),
                ("Dove", "Hawk"): (0, 2),
                ("Dove", "Dove"): (1, 1)}

    model = Model("hawk_dove", [cost], payoffs, players=("Row", "Column"),
                  strategies=(("Hawk", "Dove"), ("Hawk", "Dove")))
    model.game(cost=3)                                  # one Game
    model.payoffs(cost=np.linspace(0, 4, 10_000))       # shape (10000, 2, 2, 2)

A model whose payoffs come from elsewhere (e.g. the reduced normal form of a game tree whose leaf
payoffs and chance probabilities are parameters) can instead subclass :class:`Model` and override
:meth:`Model.compute`, which receives the same ``p`` and returns the same kinds of object.

With ``exact=True``, :meth:`Model.game` evaluates the payoff map on ``fractions.Fraction`` values
(read by their decimal repr: 0.1 -> 1/10) so a payoff map made of ``+ - * /`` gives an exact game
with rational equilibria.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from bargain.errors import GameError, did_you_mean
from bargain.model.game import Game
from bargain.model.numbers import format_number, is_rational_scalar, to_fraction
from bargain.model.values import Values

__all__ = ["Model", "Parameter", "PayoffFunction", "Values"]

#: Names a parameter may not take: keyword arguments of Model methods, and attributes of
#: :class:`Values` that ``p.name`` would otherwise shadow.
RESERVED_NAMES = frozenset({"exact", "self", "batch_shape", "keys", "items", "values", "get"})


class _InexactError(Exception):
    """The payoff function cannot run on Fractions (it used a float-only operation)."""


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:50] + "..."


def _raising_frame(exc: BaseException) -> str:
    """``file, line N`` of the innermost frame of ``exc`` outside numpy and the standard library."""
    import sysconfig
    import traceback

    skip = (str(Path(np.__file__).parent), sysconfig.get_paths()["stdlib"], __file__)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(skip)]
    if not frames:
        return ""
    f = frames[-1]
    return f"{f.filename}, line {f.lineno}"


@dataclass(frozen=True)
class Parameter:
    """One named real parameter of a model.

    Parameters
    ----------
    name : str
        a Python identifier (used as a keyword argument: ``model.game(name=value)``).
    default : float
        the value the model takes when none is given; inside the bounds.
    bounds : tuple[float, float]
        ``(low, high)``, the closed interval of meaningful values (``low <= high``; either may
        be infinite).
    unit : str, default ''
        unit of the value (``"probability"``, ``"utils"``, ``"USD bn"`` ...).
    meaning : str, default ''
        one line saying what the number is.
    source : str, default ''
        the sentence or public figure the parameter (and its default) rests on.
    plausible : tuple[float, float] | None, optional
        optional ``(low, high)`` inside the bounds: the range the source makes plausible
        (stated in ``source``), over which uncertainty analyses draw; the bounds when omitted.

    Raises
    ------
    GameError
        For a name that is not an identifier or is reserved, bounds that are not an ordered pair, a
        default outside the bounds, or a plausible range outside them.
    """

    name: str
    default: float
    bounds: tuple[float, float]
    unit: str = ""
    meaning: str = ""
    source: str = ""
    plausible: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier() or self.name.startswith("_"):
            raise GameError(f"parameter name {self.name!r} must be a Python identifier not starting with '_' "
                            "(it is used as a keyword argument)")
        if self.name in RESERVED_NAMES:
            raise GameError(f"parameter name {self.name!r} is reserved; choose another name")
        try:
            low, high = (float(b) for b in self.bounds)
        except (TypeError, ValueError):
            raise GameError(f"bounds of parameter {self.name!r} must be a pair (low, high) of numbers, "
                            f"got {self.bounds!r}") from None
        if math.isnan(low) or math.isnan(high) or low > high:
            raise GameError(f"bounds of parameter {self.name!r} are ({low}, {high}); they must satisfy low <= high")
        try:
            default = float(self.default)
        except (TypeError, ValueError):
            raise GameError(f"default of parameter {self.name!r} must be a number, got {self.default!r}") from None
        if not math.isfinite(default) or not low <= default <= high:
            raise GameError(f"default {self.default!r} of parameter {self.name!r} is outside its bounds "
                            f"[{low:g}, {high:g}]")
        object.__setattr__(self, "bounds", (low, high))
        if self.plausible is not None:
            try:
                p_lo, p_hi = (float(b) for b in self.plausible)
            except (TypeError, ValueError):
                raise GameError(f"plausible range of parameter {self.name!r} must be a pair (low, high) of numbers, "
                                f"got {self.plausible!r}") from None
            if not low <= p_lo <= p_hi <= high:
                raise GameError(f"plausible range [{p_lo:g}, {p_hi:g}] of parameter {self.name!r} must lie inside "
                                f"its bounds [{low:g}, {high:g}]")
            object.__setattr__(self, "plausible", (p_lo, p_hi))

    @property
    def plausible_range(self) -> tuple[float, float]:
        """The plausible range if one is stated, else the bounds."""
        return self.plausible if self.plausible is not None else self.bounds

    @property
    def low(self) -> float:
        return self.bounds[0]

    @property
    def high(self) -> float:
        return self.bounds[1]

    def with_default(self, default: float) -> Parameter:
        """A copy with another default (checked against the bounds)."""
        self.check(default)
        return replace(self, default=default)

    def check(self, value: Any) -> np.ndarray:
        """``value`` as a float array after checking it is finite and within the bounds.

        Raises :class:`GameError` naming the parameter, its bounds and the first bad value.
        """
        if isinstance(value, complex | np.complexfloating) or (
                isinstance(value, np.ndarray) and value.dtype.kind == "c"):
            raise GameError(f"parameter {self.name!r} must be a real number, got the complex value {value!r}")
        try:
            arr = np.asarray(value, dtype=float)
        except OverflowError:
            raise GameError(f"parameter {self.name!r} = {format_number(value)[:40]} is beyond the floating-point "
                            f"range; give a value in [{self.low:g}, {self.high:g}]") from None
        except (TypeError, ValueError):
            raise GameError(f"parameter {self.name!r} must be a number or an array of numbers, "
                            f"got {value!r}") from None
        if arr.ndim == 0 and self.low <= float(arr) <= self.high:   # fast path for one value (NaN fails)
            if is_rational_scalar(value) and not to_fraction(self.low) <= value <= to_fraction(self.high):
                # the float rounded into the bounds but the exact value is outside (1 + 1e-17, -1e-400)
                raise GameError(f"parameter {self.name!r} = {format_number(value)[:60]} is outside its bounds "
                                f"[{self.low:g}, {self.high:g}] (exactly, though it rounds to {float(arr)!r}); give "
                                f"a value in [{self.low:g}, {self.high:g}] ({self.meaning or 'no description'})")
            return arr
        bad = np.isnan(arr) | (arr < self.low) | (arr > self.high)
        if np.any(bad):
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            at = f" at index {where}" if where else ""
            what = "NaN (not a number)" if np.isnan(arr[where]) else f"outside its bounds [{self.low:g}, {self.high:g}]"
            raise GameError(f"parameter {self.name!r} = {float(arr[where])!r}{at} is {what}; give a value in "
                            f"[{self.low:g}, {self.high:g}] ({self.meaning or 'no description'})")
        return arr

    def describe(self) -> str:
        """One line: ``name = default unit in [low, high]: meaning``."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.name} = {format_number(self.default)}{unit} in [{self.low:g}, {self.high:g}]: {self.meaning}"


#: A payoff function: ``f(p: Values) -> payoff table (dict) or array``.
PayoffFunction = Callable[[Values], Any]


@dataclass(frozen=True)
class _Meta:
    title: str = ""
    description: str = ""
    references: tuple[str, ...] = field(default=())


class Model:
    """A game whose payoffs are a function of named parameters.

    The model is immutable; :meth:`with_defaults` returns a copy with other defaults.

    Parameters
    ----------
    name : str
        short identifier of the model (e.g. ``"sanctions_triangle"``).
    parameters : Sequence[Parameter]
        the :class:`Parameter` objects, in display order (names must be unique).
    payoff_function : PayoffFunction | None, optional
        ``f(p) -> table or array`` (see the module docstring); may be omitted by a
        subclass that overrides :meth:`compute`.
    players : Sequence[str]
        player names, one per player.
    strategies : Sequence[Sequence[str]]
        one sequence of strategy names per player.
    title, description : str, default ''
        human-readable metadata.
    references : Sequence[str], default ()
        citations the payoffs rest on.

    Raises
    ------
    GameError
        For parameters that are not :class:`Parameter` objects or share a name, a missing payoff
        function, or players and strategy names that are empty, repeated or of the wrong number.
    """

    def __init__(
        self,
        name: str,
        parameters: Sequence[Parameter],
        payoff_function: PayoffFunction | None = None,
        *,
        players: Sequence[str],
        strategies: Sequence[Sequence[str]],
        title: str = "",
        description: str = "",
        references: Sequence[str] = (),
    ) -> None:
        params = list(parameters)
        for prm in params:
            if not isinstance(prm, Parameter):
                raise GameError(f"model {name!r}: parameters must be Parameter objects, got {prm!r}")
        names = [prm.name for prm in params]
        dupes = sorted({x for x in names if names.count(x) > 1})
        if dupes:
            raise GameError(f"model {name!r} has duplicate parameter names {dupes}: each must be unique")
        if payoff_function is None and type(self).compute is Model.compute:
            raise GameError(f"model {name!r} needs a payoff_function (or a subclass overriding compute())")
        players = tuple(str(x) for x in players)
        if not players or len(set(players)) != len(players):
            raise GameError(f"model {name!r}: players must be non-empty and unique, got {players}")
        if isinstance(strategies, str) or len(strategies) != len(players):
            raise GameError(f"model {name!r}: give one list of strategy names per player ({len(players)} lists)")
        strategies = tuple(tuple(str(s) for s in strats) for strats in strategies)
        for pl, strats in zip(players, strategies, strict=True):
            if not strats or len(set(strats)) != len(strats):
                raise GameError(f"model {name!r}: strategies of {pl} must be non-empty and unique, got {strats}")
        self._name = str(name)
        self._parameters = {prm.name: prm for prm in params}
        self._function = payoff_function
        self._players = players
        self._strategies = strategies
        self._meta = _Meta(str(title), str(description), tuple(str(r) for r in references))

    # ----------------------------------------------------------------- metadata
    @property
    def name(self) -> str:
        return self._name

    @property
    def title(self) -> str:
        return self._meta.title or self._name

    @property
    def description(self) -> str:
        return self._meta.description

    @property
    def references(self) -> tuple[str, ...]:
        return self._meta.references

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return self._strategies

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return tuple(len(s) for s in self._strategies)

    @property
    def parameters(self) -> dict[str, Parameter]:
        """Ordered mapping name -> :class:`Parameter` (a copy; the model is immutable)."""
        return dict(self._parameters)

    @property
    def defaults(self) -> dict[str, float]:
        """Ordered mapping name -> default value."""
        return {k: prm.default for k, prm in self._parameters.items()}

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; GameError with a suggestion if there is none."""
        if name not in self._parameters:
            raise GameError(self._unknown(name))
        return self._parameters[name]

    def _unknown(self, name: str) -> str:
        return (f"model {self._name!r} has no parameter {name!r}{did_you_mean(name, self._parameters)}; "
                f"its parameters are {list(self._parameters)}")

    # ----------------------------------------------------------------- values
    def validate(self, **values: Any) -> dict[str, np.ndarray]:
        """Every parameter's value as a float array, after checking names, NaNs and bounds.

        Unspecified parameters take their defaults.  Raises :class:`GameError` for an unknown name
        (with the nearest valid names) or a value outside the bounds (naming the bounds).
        """
        for key in values:
            if key not in self._parameters:
                raise GameError(self._unknown(key))
        return {k: prm.check(values.get(k, prm.default)) for k, prm in self._parameters.items()}

    def batch_shape(self, **values: Any) -> tuple[int, ...]:
        """The broadcast shape of the given values (what :meth:`payoffs` puts before ``(n, s...)``)."""
        checked = self.validate(**values)
        return self._broadcast_shape(checked)

    def _broadcast_shape(self, checked: Mapping[str, np.ndarray]) -> tuple[int, ...]:
        try:
            return tuple(np.broadcast_shapes(*(v.shape for v in checked.values())))
        except ValueError:
            shapes = {k: v.shape for k, v in checked.items() if v.shape}
            raise GameError(f"parameter arrays have shapes {shapes} that do not broadcast together; give arrays "
                            "of one shape (or shapes numpy can broadcast, e.g. (100, 1) and (1, 50))") from None

    def with_defaults(self, **overrides: Any) -> Model:
        """A copy of this model whose defaults are replaced by ``overrides`` (checked against the bounds)."""
        for key in overrides:
            if key not in self._parameters:
                raise GameError(self._unknown(key))
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        new._parameters = {k: (prm.with_default(float(overrides[k])) if k in overrides else prm)
                           for k, prm in self._parameters.items()}
        return new

    # ----------------------------------------------------------------- evaluation
    def compute(self, p: Values) -> Any:
        """The payoffs at values ``p``: a payoff table (dict) or an array (see module docstring).

        Subclasses may override this instead of passing a payoff function.
        """
        assert self._function is not None
        return self._function(p)

    def payoffs(self, **values: Any) -> np.ndarray:
        """Float payoff tensors for a batch of parameter values, in one array operation.

        Each value may be a scalar or an array; all are broadcast together to ``batch_shape`` and
        unspecified parameters take their defaults.  Returns a new array of shape
        ``batch_shape + (n, s_1, ..., s_n)``; ``out[b]`` equals ``self.game(**values at b).payoffs``.
        """
        checked = self.validate(**values)
        return self._evaluate(checked, self._broadcast_shape(checked))

    def _evaluate(self, checked: Mapping[str, np.ndarray], batch: tuple[int, ...]) -> np.ndarray:
        if batch:
            data = {k: np.broadcast_to(v, batch) for k, v in checked.items()}
        else:   # one point: plain floats make the payoff function's arithmetic fast
            data = {k: float(v) for k, v in checked.items()}
        out = self._assemble(self._compute(Values(data, batch)), batch, exact=False)
        if not np.all(np.isfinite(out)):
            where = tuple(int(i) for i in np.argwhere(~np.isfinite(out))[0])
            b, rest = where[:len(batch)], where[len(batch):]
            raise GameError(f"model {self._name!r} gives a non-finite payoff {out[where]} for player "
                            f"{self._players[rest[0]]} at profile {self._profile_names(rest[1:])}"
                            + (f" (batch index {b})" if b else "")
                            + "; check the parameter values or the payoff formula")
        return out

    def game(self, *, exact: bool = False, **values: Any) -> Game:
        """The :class:`Game` at one parameter point (unspecified parameters take their defaults).

        With ``exact=True`` the payoff function is evaluated on Fractions, giving a game with
        rational payoffs (and rational equilibria from the two-player solvers); that needs a
        payoff function built from ``+ - * /`` only.
        """
        checked = self.validate(**values)
        for k, v in checked.items():
            if v.size != 1:
                raise GameError(f"game() takes one value per parameter but {k!r} has shape {v.shape}; "
                                "use model.payoffs(...) for a batch of values")
        if not exact:
            return Game(self._evaluate({k: v.reshape(()) for k, v in checked.items()}, ()),
                        self._players, self._strategies)
        fracs = {k: to_fraction(values.get(k, prm.default)) for k, prm in self._parameters.items()}
        try:
            out = self._assemble(self._compute(Values(fracs, (), exact=True), exact=True), (), exact=True)
        except _InexactError as exc:
            raise GameError(f"model {self._name!r} cannot be evaluated exactly ({exc}): its payoff function "
                            "uses operations other than + - * /; use exact=False") from None
        return Game(out, self._players, self._strategies)

    def _compute(self, p: Values, *, exact: bool = False) -> Any:
        """:meth:`compute`, with any exception of the payoff function turned into one GameError naming
        the file and line where it was raised (a bug in the model, not in bargain)."""
        try:
            return self.compute(p)
        except GameError:
            raise
        except (TypeError, AttributeError) as exc:
            if exact:
                raise _InexactError(str(exc)) from None
            raise GameError(self._failure(exc)) from None
        except Exception as exc:
            raise GameError(self._failure(exc)) from None

    def _failure(self, exc: BaseException) -> str:
        where = _raising_frame(exc)
        text = " ".join(str(exc).split())[:200]
        return (f"model {self._name!r}: the payoff function raised {type(exc).__name__}: {text}"
                f"{f' ({where})' if where else ''}; fix the payoff function")

    # ----------------------------------------------------------------- helpers
    def _profile_names(self, prof: Sequence[int]) -> tuple[str, ...]:
        return tuple(self._strategies[i][k] for i, k in enumerate(prof))

    def _profile_key(self, key: Any) -> tuple[int, ...]:
        if not isinstance(key, tuple) or len(key) != self.n_players:
            raise GameError(f"model {self._name!r}: payoff table key {key!r} must be a tuple of "
                            f"{self.n_players} strategy names or indices")
        idx = []
        for i, k in enumerate(key):
            strats = self._strategies[i]
            if isinstance(k, str):
                if k not in strats:
                    raise GameError(f"model {self._name!r}: payoff table key {key!r} names strategy {k!r} that "
                                    f"{self._players[i]} does not have{did_you_mean(k, strats)}; "
                                    f"strategies are {list(strats)}")
                idx.append(strats.index(k))
            elif isinstance(k, int | np.integer) and 0 <= int(k) < len(strats):
                idx.append(int(k))
            else:
                raise GameError(f"model {self._name!r}: payoff table key {key!r} has a bad entry {k!r}")
        return tuple(idx)

    def _not_a_number(self, val: Any, player: int, idx: tuple[int, ...]) -> str:
        return (f"model {self._name!r}: the payoff of {self._players[player]} at {self._profile_names(idx)} is "
                f"{type(val).__name__} {_brief(val)}, not a real number; the payoff function must return numbers")

    def _check_real(self, val: Any, player: int, idx: tuple[int, ...]) -> None:
        if isinstance(val, str | bytes | complex | np.complexfloating) or (
                isinstance(val, np.ndarray) and val.dtype.kind in "cUSO"):
            raise GameError(self._not_a_number(val, player, idx))

    def _exact_entry(self, val: Any, player: int, idx: tuple[int, ...]) -> Any:
        val = val.item() if isinstance(val, np.ndarray) else val
        if not is_rational_scalar(val):
            raise GameError(f"model {self._name!r}: with exact=True the payoff of {self._players[player]} at "
                            f"{self._profile_names(idx)} came out as {type(val).__name__} {val!r}, not a rational: "
                            "write constants in the payoff function as ints or Fractions (e.g. 1/2 as p.x / 2, "
                            "not 0.5 * p.x), or use exact=False")
        return to_fraction(val)

    def _assemble(self, result: Any, batch: tuple[int, ...], exact: bool) -> np.ndarray:
        """Turn a payoff table or array into an array of shape ``batch + (n, s_1, ..., s_n)``."""
        full = (*batch, self.n_players, *self.shape)
        if isinstance(result, Mapping):
            out = np.empty(full, dtype=object) if exact else np.empty(full, dtype=float)
            seen = np.zeros(self.shape, dtype=bool)
            for key, entry in result.items():
                idx = self._profile_key(key)
                if seen[idx]:
                    raise GameError(f"model {self._name!r}: profile {self._profile_names(idx)} appears twice in "
                                    "the payoff table")
                seen[idx] = True
                entry = tuple(entry)
                if len(entry) != self.n_players:
                    raise GameError(f"model {self._name!r}: profile {self._profile_names(idx)} has {len(entry)} "
                                    f"payoffs; give one per player ({self.n_players})")
                for i, val in enumerate(entry):
                    if exact:
                        out[(i, *idx)] = self._exact_entry(val, i, idx)
                    else:
                        self._check_real(val, i, idx)
                        try:
                            out[(..., i, *idx)] = val
                        except (TypeError, ValueError, OverflowError):
                            raise GameError(self._not_a_number(val, i, idx)) from None
            if not seen.all():
                missing = self._profile_names(tuple(int(x) for x in np.argwhere(~seen)[0]))
                raise GameError(f"model {self._name!r}: the payoff table has no entry for profile {missing}; "
                                "give payoffs for every pure profile")
            return out
        try:
            complex_result = not exact and np.iscomplexobj(result)
        except (TypeError, ValueError):
            complex_result = False
        if complex_result:
            raise GameError(f"model {self._name!r}: the payoff function returned complex payoffs; payoffs must be real")
        try:
            arr = np.asarray(result, dtype=object if exact else float)
        except (TypeError, ValueError, OverflowError):
            raise GameError(f"model {self._name!r}: the payoff function returned {type(result).__name__} "
                            f"{_brief(result)}, not a payoff table or an array of numbers") from None
        try:
            return np.array(np.broadcast_to(arr, full))
        except ValueError:
            raise GameError(f"model {self._name!r}: payoff array has shape {arr.shape}, which does not "
                            f"broadcast to {full} (batch shape + (n_players, strategies...))") from None

    # ----------------------------------------------------------------- display
    def describe(self) -> str:
        """A text summary: title, players and strategies, and one line per parameter."""
        lines = [f"{self.title} ({self._name})"]
        if self.description:
            lines.append(self.description)
        for pl, strats in zip(self._players, self._strategies, strict=True):
            lines.append(f"  {pl}: {', '.join(strats)}")
        lines.append("parameters:")
        lines += [f"  {prm.describe()}" for prm in self._parameters.values()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        dims = "x".join(str(s) for s in self.shape)
        return f"<Model {self._name!r} {dims} players={list(self._players)} parameters={list(self._parameters)}>"
