"""Results of the repeated-game algorithms: small frozen records that print plainly.

Numbers are ``fractions.Fraction`` when they were computed exactly (rational payoffs and a
rational discount factor), floats otherwise; :func:`bargain.model.numbers.format_number` prints
both.  Every record has ``to_dict()`` for JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.model.numbers import format_number

__all__ = ["CriticalDelta", "PayoffSet", "MinmaxValues", "FolkCheck", "FiniteSPE", "EndgamePlan", "TriggerPolicy",
           "SSEBounds", "DeltaCurve", "PenalCode"]


def _num(x: Any) -> Any:
    """JSON form of a number: a Fraction as ``"p/q"`` (exact), a float as a float."""
    if x is None:
        return None
    if isinstance(x, Fraction):
        return format_number(x)
    return float(x)


def _fmt(x: Any) -> str:
    return "none" if x is None else format_number(x)


@dataclass(frozen=True)
class CriticalDelta:
    """The least discount factor at which a target path is a subgame-perfect outcome.

    Parameters
    ----------
    method : str
        ``"grim trigger"``, ``"stick and carrot"`` or ``"optimal penal code"``.
    target : str
        the target path, in strategy names.
    delta : Any
        the critical δ* (the path is sustained for every δ in ``[delta, 1)``); ``None`` when no
        δ < 1 sustains it.  A Fraction when exact.
    exact : bool
        True when ``delta`` is exact.
    per_player : tuple[Any, ...]
        each player's own threshold (the largest is ``delta``).
    punishment : tuple[str, ...]
        how each player's deviation is punished, in words.
    binding : str | None, optional
        the player whose constraint binds at δ*.
    bracket : tuple[Any, Any] | None, optional
        for bisection results, the interval ``(lo, hi)`` known to contain δ*.
    players : tuple of str
        The players' names.
    notes : tuple of str, default ()
        Caveats about the result.
    """

    method: str
    target: str
    delta: Any
    exact: bool
    per_player: tuple[Any, ...]
    players: tuple[str, ...]
    punishment: tuple[str, ...]
    binding: str | None = None
    bracket: tuple[Any, Any] | None = None
    notes: tuple[str, ...] = ()

    @property
    def sustainable(self) -> bool:
        return self.delta is not None

    def sustains(self, delta: Any) -> bool:
        """True when the path is sustained at discount factor ``delta``."""
        return self.delta is not None and self.delta <= delta < 1

    def __repr__(self) -> str:
        return (f"CriticalDelta({self.method}, target={self.target}, delta*={_fmt(self.delta)}"
                f"{'' if self.exact else ' (float)'}, binding={self.binding})")

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "target": self.target, "delta": _num(self.delta), "exact": self.exact,
                "per_player": {p: _num(x) for p, x in zip(self.players, self.per_player, strict=True)},
                "punishment": list(self.punishment), "binding": self.binding,
                "bracket": None if self.bracket is None else [_num(x) for x in self.bracket],
                "notes": list(self.notes)}


@dataclass(frozen=True)
class PayoffSet:
    """A set of subgame-perfect payoffs (a convex polygon for two players) or an approximation of it.

    Parameters
    ----------
    method : str
        ``"abreu-sannikov"``, ``"jyc-outer"``, ``"jyc-inner"`` or ``"no-correlation-inner"``.
    delta : Any
        the discount factor.
    vertices : tuple[tuple[Any, ...], ...]
        counter-clockwise extreme points (Fractions when ``exact``).
    exact : bool
        True when the polygon was verified in exact arithmetic (rational, or in a number field for
        :func:`~bargain.analysis.repeated.algebraic.spe_payoffs_algebraic`) to be a fixed point of
        the Abreu–Sannikov operator (hence self-generating, hence inside the SPE payoff set).
    threat : tuple[Any, ...]
        each player's lowest payoff in the set (the harshest punishment).
    iterations : int
        operator applications used.
    gap : float
        Hausdorff distance from the last outer iterate (an upper bound on the error of an
        outer method; for an inner method, the last step's change).
    public_correlation : bool, default True
        whether a public randomisation device is available.
    players : tuple of str
        The players' names.
    notes : tuple of str, default ()
        Caveats about the result.
    """

    method: str
    delta: Any
    vertices: tuple[tuple[Any, ...], ...]
    exact: bool
    threat: tuple[Any, ...]
    iterations: int
    gap: float
    public_correlation: bool = True
    players: tuple[str, ...] = ("P1", "P2")
    notes: tuple[str, ...] = ()

    @property
    def array(self) -> np.ndarray:
        """The vertices as a float array ``(m, n)`` (``n`` players)."""
        return np.array([[float(x) for x in v] for v in self.vertices], dtype=float).reshape(-1, len(self.players))

    @property
    def n_vertices(self) -> int:
        return len(self.vertices)

    @property
    def empty(self) -> bool:
        return not self.vertices

    def contains(self, point: Any, tol: float = 1e-9) -> bool:
        """True when ``point`` lies in the polygon (within ``tol``)."""
        from bargain.analysis.repeated._geometry import contains_float

        return contains_float(self.array, np.asarray(point, dtype=float), tol)

    def __repr__(self) -> str:
        verts = ", ".join("(" + ", ".join(format_number(x, 5) for x in v) + ")" for v in self.vertices[:8])
        more = "" if len(self.vertices) <= 8 else f", ... {len(self.vertices) - 8} more"
        return (f"PayoffSet({self.method}, delta={_fmt(self.delta)}, {len(self.vertices)} vertices"
                f"{' exact' if self.exact else ''}: {verts}{more})")

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "delta": _num(self.delta), "exact": self.exact,
                "vertices": [[_num(x) for x in v] for v in self.vertices],
                "threat": {p: _num(x) for p, x in zip(self.players, self.threat, strict=False)},
                "iterations": self.iterations, "gap": self.gap, "public_correlation": self.public_correlation,
                "notes": list(self.notes)}


@dataclass(frozen=True)
class MinmaxValues:
    """Each player's minmax value: the least payoff the others can hold them to.

    ``pure``: the others use pure actions; ``mixed``: the others mix (independently for two
    players; for more players the mixed value shown is the correlated punishment, a lower bound).
    ``punisher_pure``: the others' pure profile attaining each pure minmax.

    Parameters
    ----------
    players : tuple of str
        The players' names.
    pure : tuple
        Each player's pure minmax value.
    mixed : tuple
        Each player's mixed minmax value (correlated punishment for three or more players).
    punisher_pure : tuple of str
        The others' pure profile attaining each pure minmax.
    exact : bool
        Whether the values are exact (Fractions).
    """

    players: tuple[str, ...]
    pure: tuple[Any, ...]
    mixed: tuple[Any, ...]
    punisher_pure: tuple[str, ...]
    exact: bool

    def __repr__(self) -> str:
        body = ", ".join(f"{p}: pure {_fmt(a)}, mixed {_fmt(b)}"
                         for p, a, b in zip(self.players, self.pure, self.mixed, strict=True))
        return f"MinmaxValues({body})"

    def to_dict(self) -> dict[str, Any]:
        return {"players": list(self.players), "pure": [_num(x) for x in self.pure],
                "mixed": [_num(x) for x in self.mixed], "punisher_pure": list(self.punisher_pure),
                "exact": self.exact}


@dataclass(frozen=True)
class FolkCheck:
    """How close the SPE payoff set comes to the feasible, individually rational set as δ → 1.

    ``distances[k]`` is the Hausdorff distance between the SPE set at ``deltas[k]`` and the target
    set (feasible payoffs at least the pure minmax); ``reached`` is the first δ at which it is at
    most ``tol`` (None if none of the grid reaches it).

    Parameters
    ----------
    deltas : tuple
        The discount factors tried, increasing.
    distances : tuple of float
        The Hausdorff distance to the target set at each.
    target : tuple of tuple
        The vertices of the feasible, individually rational set.
    reached : number or None
        The first δ within ``tol`` (None if no δ of the grid is).
    tol : float
        The distance that counts as reached.
    """

    deltas: tuple[Any, ...]
    distances: tuple[float, ...]
    target: tuple[tuple[Any, ...], ...]
    reached: Any
    tol: float

    def __repr__(self) -> str:
        pairs = ", ".join(f"{_fmt(d)}: {x:.3g}" for d, x in zip(self.deltas, self.distances, strict=True))
        return f"FolkCheck(reached at delta={_fmt(self.reached)}; distance by delta {pairs})"

    def to_dict(self) -> dict[str, Any]:
        return {"deltas": [_num(d) for d in self.deltas], "distances": list(self.distances),
                "target": [[_num(x) for x in v] for v in self.target], "reached": _num(self.reached),
                "tol": self.tol}


@dataclass(frozen=True)
class FiniteSPE:
    """Pure-action subgame-perfect payoffs of a finitely repeated game.

    ``payoffs``: every SPE payoff vector (total discounted payoffs over the horizon; with
    ``delta=1`` the undiscounted sum) whose on-path play is pure before the last period and any
    stage Nash equilibrium in the last; ``stage_nash``: the stage equilibria's payoffs;
    ``unique_nash_outcome``: True when the only SPE is repetition of the stage equilibrium.

    Parameters
    ----------
    horizon : int
        The number of periods.
    delta : number
        The discount factor (1 for undiscounted sums).
    payoffs : tuple of tuple
        Every SPE payoff vector found.
    stage_nash : tuple of tuple
        The stage equilibria's payoffs.
    exact : bool
        Whether the payoffs are exact (Fractions).
    truncated : bool, default False
        Whether the list was cut at a size limit.
    """

    horizon: int
    delta: Any
    payoffs: tuple[tuple[Any, ...], ...]
    stage_nash: tuple[tuple[Any, ...], ...]
    exact: bool
    truncated: bool = False

    @property
    def unique_nash_outcome(self) -> bool:
        return len(self.stage_nash) == 1 and len(self.payoffs) == 1

    def best(self, player: int) -> tuple[Any, ...]:
        """The SPE payoff vector best for ``player``."""
        return max(self.payoffs, key=lambda v: v[player])

    def __repr__(self) -> str:
        return (f"FiniteSPE(horizon={self.horizon}, delta={_fmt(self.delta)}, {len(self.payoffs)} SPE payoff "
                f"vectors{' (truncated)' if self.truncated else ''}, {len(self.stage_nash)} stage equilibria)")

    def to_dict(self) -> dict[str, Any]:
        return {"horizon": self.horizon, "delta": _num(self.delta), "exact": self.exact,
                "payoffs": [[_num(x) for x in v] for v in self.payoffs],
                "stage_nash": [[_num(x) for x in v] for v in self.stage_nash], "truncated": self.truncated}


@dataclass(frozen=True)
class EndgamePlan:
    """A Benoit–Krishna construction: a non-equilibrium target early, stage equilibria at the end.

    Play ``target`` in periods ``1 .. T - reward_periods`` and the stage equilibrium ``reward`` in
    the last ``reward_periods``; after a deviation by player ``i``, play ``punishments[i]`` (the
    stage equilibrium worst for ``i``) to the end.  ``feasible`` is False when no such plan
    sustains the target (some player gains by deviating and no equilibrium pair separates them).

    Parameters
    ----------
    target : str
        The target profile, in strategy names.
    reward : str or None
        The stage equilibrium of the end phase (None when infeasible).
    punishments : tuple of str
        Per player, the stage equilibrium played to the end after their deviation.
    reward_periods : int or None
        The length ``k`` of the end phase (None when infeasible).
    feasible : bool
        Whether such a plan sustains the target.
    delta : number
        The discount factor (1 for undiscounted sums).
    """

    target: str
    reward: str | None
    punishments: tuple[str, ...]
    reward_periods: int | None
    feasible: bool
    delta: Any

    def average_payoff(self, horizon: int, stage_payoffs: tuple[tuple[Any, ...], tuple[Any, ...]]) -> tuple[Any, ...]:
        """Undiscounted average payoff over ``horizon`` periods given (target, reward) stage payoffs."""
        if not self.feasible or self.reward_periods is None or horizon < self.reward_periods:
            raise ValueError("the plan needs a horizon at least as long as its reward phase")
        t, r = stage_payoffs
        k = self.reward_periods
        return tuple(Fraction((horizon - k) * a + k * b) / horizon if isinstance(a + b, int | Fraction)
                     else ((horizon - k) * a + k * b) / horizon for a, b in zip(t, r, strict=True))

    def __repr__(self) -> str:
        if not self.feasible:
            return f"EndgamePlan(target={self.target}: not sustainable by stage-equilibrium endgames)"
        return (f"EndgamePlan(target={self.target} until the last {self.reward_periods} period(s), then "
                f"{self.reward}; deviators punished by {', '.join(self.punishments)})")

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "reward": self.reward, "punishments": list(self.punishments),
                "reward_periods": self.reward_periods, "feasible": self.feasible, "delta": _num(self.delta)}


@dataclass(frozen=True)
class TriggerPolicy:
    """A Green–Porter trigger strategy under imperfect public monitoring.

    Cooperate until a signal in ``trigger`` is seen, then play the stage equilibrium for
    ``length`` periods (``None``: forever), then cooperate again.

    Parameters
    ----------
    length : int | None
        the punishment length T (None for an infinite punishment).
    trigger : tuple[str, ...]
        the signals that start a punishment.
    value : tuple[float, ...]
        each player's normalised discounted payoff at the start of a cooperative phase.
    p_trigger : float
        probability a punishment starts in a cooperative period (on the path).
    expected_cooperation : float
        mean length of a cooperative phase, ``1 / p_trigger`` periods.
    expected_cycle : float
        mean length of a cooperation-punishment cycle.
    punishment_share : float
        long-run share of periods in punishment.
    critical_delta : float | None
        the least δ at which this (trigger, length) is an equilibrium (float).
    incentive_compatible : bool
        Whether the policy is an equilibrium at ``delta``.
    delta : float
        The discount factor.
    """

    length: int | None
    trigger: tuple[str, ...]
    value: tuple[float, ...]
    p_trigger: float
    expected_cooperation: float
    expected_cycle: float
    punishment_share: float
    critical_delta: float | None
    delta: float
    incentive_compatible: bool

    def __repr__(self) -> str:
        t = "infinite" if self.length is None else str(self.length)
        vals = ", ".join(f"{v:.4g}" for v in self.value)
        return (f"TriggerPolicy(T={t}, trigger={list(self.trigger)}, value=({vals}), "
                f"cooperation ~{self.expected_cooperation:.3g} periods, punishment share {self.punishment_share:.3g}, "
                f"delta*={_fmt(self.critical_delta)})")

    def to_dict(self) -> dict[str, Any]:
        return {"length": self.length, "trigger": list(self.trigger), "value": list(self.value),
                "p_trigger": self.p_trigger, "expected_cooperation": self.expected_cooperation,
                "expected_cycle": self.expected_cycle, "punishment_share": self.punishment_share,
                "critical_delta": self.critical_delta, "delta": self.delta,
                "incentive_compatible": self.incentive_compatible}


@dataclass(frozen=True)
class SSEBounds:
    """Strongly symmetric equilibrium payoffs under imperfect public monitoring: ``[low, high]``.

    ``best_action`` and ``worst_action`` are the symmetric actions played at the first period of
    the best and worst equilibria; ``continuation`` the bang-bang continuation values by signal.

    Parameters
    ----------
    delta : float
        The discount factor.
    low, high : float or None
        The least and greatest strongly symmetric equilibrium payoff (None when there is none).
    best_action, worst_action : str or None
        The symmetric first-period actions of the best and worst equilibria.
    iterations : int
        The iterations of the set operator used.
    continuation_high, continuation_low : tuple of float, default ()
        The bang-bang continuation values by signal of the best and worst equilibria.
    """

    delta: float
    low: float | None
    high: float | None
    best_action: str | None
    worst_action: str | None
    iterations: int
    continuation_high: tuple[float, ...] = ()
    continuation_low: tuple[float, ...] = ()

    @property
    def empty(self) -> bool:
        return self.high is None

    def __repr__(self) -> str:
        if self.empty:
            return f"SSEBounds(delta={_fmt(self.delta)}: no pure strongly symmetric equilibrium)"
        return (f"SSEBounds(delta={_fmt(self.delta)}: [{self.low:.6g}, {self.high:.6g}], best starts with "
                f"{self.best_action}, worst with {self.worst_action})")

    def to_dict(self) -> dict[str, Any]:
        return {"delta": self.delta, "low": self.low, "high": self.high, "best_action": self.best_action,
                "worst_action": self.worst_action, "iterations": self.iterations,
                "continuation_high": list(self.continuation_high), "continuation_low": list(self.continuation_low)}


@dataclass(frozen=True)
class DeltaCurve:
    """δ* of one target along a parameter: ``delta[k]`` at ``values[k]`` (NaN: not sustainable).

    ``per_player`` has shape ``(N, n_players)``; ``punishment`` names the stage equilibrium used.

    Parameters
    ----------
    model : str
        The model's name.
    parameter : str
        The parameter varied.
    values : ndarray
        Its values, shape ``(N,)``.
    delta : ndarray
        δ* at each value, shape ``(N,)`` (NaN: not sustainable).
    per_player : ndarray
        Each player's own threshold, shape ``(N, n_players)``.
    target : str
        The target profile, in strategy names.
    method : str
        ``"grim"`` or ``"stick-carrot"``.
    fixed : dict of str to float
        The values of the other parameters.
    """

    model: str
    parameter: str
    values: np.ndarray
    delta: np.ndarray
    per_player: np.ndarray
    target: str
    method: str
    fixed: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        ok = np.isfinite(self.delta)
        rng = (f"{np.nanmin(self.delta):.4g}..{np.nanmax(self.delta):.4g}" if ok.any() else "never sustained")
        return (f"DeltaCurve({self.method} for {self.target} in {self.model}, {self.parameter} "
                f"{self.values[0]:.4g}..{self.values[-1]:.4g} ({len(self.values)} points): delta* {rng})")

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "parameter": self.parameter, "values": self.values.tolist(),
                "delta": [None if not np.isfinite(x) else float(x) for x in self.delta], "target": self.target,
                "method": self.method, "fixed": dict(self.fixed)}


@dataclass(frozen=True)
class PenalCode:
    """Each player's lowest pure-strategy SPE payoff, bracketed, and a simple penal code attaining the top.

    ``lower[i] <= v_i^-(δ) <= upper[i]``: ``lower`` is a certified bound (no SPE gives player ``i``
    less), ``upper`` the values of a simple penal code verified to be subgame perfect, each player's
    punishment path described in ``paths``.  When the two agree the code is optimal (Abreu 1988).

    Parameters
    ----------
    delta : number
        The discount factor.
    lower : tuple
        Certified lower bounds on each player's lowest SPE payoff (empty when no pure SPE exists).
    upper : tuple or None
        The verified code's punishment values (None when no code of the searched family exists).
    paths : tuple of str
        Each player's punishment path, in words.
    codes : tuple or None
        Each player's path as ``(stick profile, stick length, carrot profile)`` (indices).
    exact : bool
        Whether the numbers are exact (Fractions).
    players : tuple of str
        The players' names.
    iterations : int
        Steps of the fixed-point iteration on the punishment values.
    notes : tuple of str, default ()
        Caveats about the result.
    """

    delta: Any
    lower: tuple[Any, ...]
    upper: tuple[Any, ...] | None
    paths: tuple[str, ...]
    codes: tuple[tuple[tuple[int, ...], int, tuple[int, ...]], ...] | None
    exact: bool
    players: tuple[str, ...]
    iterations: int
    notes: tuple[str, ...] = ()

    @property
    def optimal(self) -> bool:
        """True when the verified code's values meet the lower bounds: they are the lowest SPE payoffs."""
        return self.upper is not None and tuple(self.upper) == tuple(self.lower)

    def __repr__(self) -> str:
        up = "none" if self.upper is None else ", ".join(_fmt(x) for x in self.upper)
        return (f"PenalCode(delta={_fmt(self.delta)}, lower=({', '.join(_fmt(x) for x in self.lower)}), "
                f"upper=({up}){' optimal' if self.optimal else ''})")

    def to_dict(self) -> dict[str, Any]:
        return {"delta": _num(self.delta), "lower": [_num(x) for x in self.lower],
                "upper": None if self.upper is None else [_num(x) for x in self.upper],
                "paths": list(self.paths), "optimal": self.optimal, "exact": self.exact,
                "iterations": self.iterations, "notes": list(self.notes)}
