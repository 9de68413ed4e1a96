"""Alternating-offers bargaining (Rubinstein 1982) and its standard extensions.

Two players alternate proposals; after a rejection the game goes on to the next period with
probability ``1 - p`` (risk of breakdown, Binmore, Rubinstein and Wolinsky 1986, "BRW") and
payoffs are discounted by ``delta_i`` per period; the responder may instead take an outside
option ``o_i``.  Measuring payoffs as gains over the disagreement point ``d`` and writing
``q_i = delta_i (1 - p)`` and ``phi`` for the Pareto frontier (player 2's most for a given gain
of player 1), the unique subgame perfect equilibrium is stationary: player 1 proposes ``x``,
player 2 proposes ``y``, both on the frontier, with

    x_2 = max(o_2, q_2 y_2),      y_1 = max(o_1, q_1 x_1)

(Muthoo, *Bargaining Theory with Applications*, 1999, ch. 3 and 5; an outside option matters
only when it *binds*, i.e. exceeds the discounted continuation value: the outside option
principle of Binmore, Shaked and Sutton 1989).  The first proposal is accepted at once.  For
the unit pie without options this is the closed form ``x_1 = (1 - q_2) / (1 - q_1 q_2)``:
``delta_1 = delta_2 = 0.9`` gives ``10/19``.

* :func:`finite_horizon` -- the ``T``-period game by backward induction; its first proposal
  converges to Rubinstein's as ``T -> infinity``.
* ``rates`` and ``period``: ``delta_i = exp(-r_i * period)``; as ``period -> 0`` the
  equilibrium tends to the asymmetric Nash solution with weights ``1/r_i`` (BRW 1986).
* :func:`n_player_stationary` -- unanimity bargaining over a unit pie with ``n`` players
  proposing in turn: the stationary equilibrium (Herrero 1985; Sutton 1986), where each
  responder is offered exactly their discounted value as next proposer's responder.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.bargaining.feasible import FeasibleSet, Polytope, as_feasible_set
from bargain.analysis.bargaining.frontier import Frontier
from bargain.analysis.bargaining.result import jsonable
from bargain.errors import GameError
from bargain.linalg.exact import frac
from bargain.model.numbers import format_number, is_rational_scalar
from bargain.model.rich import RichDisplay

__all__ = ["AlternatingOffers", "finite_horizon", "n_player_stationary", "nash_weights_limit", "rubinstein"]


@dataclass(frozen=True, eq=False)
class AlternatingOffers(RichDisplay):
    """The stationary subgame perfect equilibrium of alternating-offers bargaining.

    ``agreement`` is the payoff vector agreed at once (player 1's proposal); ``offers[i]`` is
    the proposal player ``i`` makes whenever it is their turn.  ``binding[i]`` says whether
    player ``i``'s outside option binds.  Exact values (Fractions) when all inputs are rational.

    Parameters
    ----------
    players : tuple of str
        The players' names.
    agreement : tuple
        The payoff vector agreed at once (player 1's proposal).
    offers : tuple of tuple
        ``offers[i]`` the proposal player ``i`` makes whenever it is their turn.
    discount : tuple
        The discount factors.
    breakdown : number
        The probability of breakdown after a rejection.
    outside_options : tuple
        The outside options (gains over the disagreement point).
    binding : tuple of bool
        Whether each player's outside option binds.
    disagreement : tuple
        The disagreement point.
    exact : bool
        Whether the values are exact (Fractions).
    notes : tuple of str, default ()
        Caveats.
    """

    players: tuple[str, ...]
    agreement: tuple[Any, ...]
    offers: tuple[tuple[Any, ...], ...]
    discount: tuple[Any, ...]
    breakdown: Any
    outside_options: tuple[Any, ...]
    binding: tuple[bool, ...]
    disagreement: tuple[Any, ...]
    exact: bool
    notes: tuple[str, ...] = ()

    @property
    def shares(self) -> np.ndarray:
        """The agreed payoffs as floats."""
        return np.array([float(v) for v in self.agreement])

    def to_dict(self) -> dict[str, Any]:
        return jsonable({
            "players": list(self.players),
            "agreement": dict(zip(self.players, self.agreement, strict=True)),
            "offers": {p: dict(zip(self.players, o, strict=True)) for p, o in zip(self.players, self.offers,
                                                                                   strict=True)},
            "discount": dict(zip(self.players, self.discount, strict=True)),
            "breakdown": self.breakdown,
            "outside_options": dict(zip(self.players, self.outside_options, strict=True)),
            "binding": dict(zip(self.players, self.binding, strict=True)),
            "disagreement": dict(zip(self.players, self.disagreement, strict=True)),
            "exact": self.exact,
            "notes": list(self.notes),
        })

    def __repr__(self) -> str:
        f = format_number
        lines = ["Alternating offers (stationary SPE): agreement " +
                 ", ".join(f"{p}={f(v)}" for p, v in zip(self.players, self.agreement, strict=True)),
                 "  discount " + ", ".join(f"{p}={f(v)}" for p, v in zip(self.players, self.discount, strict=True))
                 + f"; breakdown probability {f(self.breakdown)}"]
        for p, o in zip(self.players, self.offers, strict=True):
            lines.append(f"  {p} proposes: " + ", ".join(f"{q}={f(v)}" for q, v in zip(self.players, o, strict=True)))
        if any(o != 0 for o in self.outside_options):
            lines.append("  outside options " + ", ".join(
                f"{p}={f(o)}{' (binding)' if b else ''}"
                for p, o, b in zip(self.players, self.outside_options, self.binding, strict=True)))
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


# --------------------------------------------------------------------------- input checks
def _num(x: Any, exact: bool, what: str) -> Any:
    try:
        v = frac(x) if exact else float(x)
    except (TypeError, ValueError):
        raise GameError(f"{what} must be a number, got {x!r}") from None
    if not exact and not np.isfinite(v):
        raise GameError(f"{what} must be finite, got {x!r}")
    return v


def _use_exact(values: Sequence[Any], exact: bool | None) -> bool:
    if exact is not None:
        return bool(exact)
    return all(is_rational_scalar(v) for v in values)


def _discounts(delta: Any, breakdown: Any, exact: bool, n: int) -> tuple[tuple[Any, ...], Any, tuple[Any, ...]]:
    deltas = list(delta) if isinstance(delta, Sequence) and not isinstance(delta, str) else [delta] * n
    if len(deltas) != n:
        raise GameError(f"give {n} discount factors (one per player), got {len(deltas)}")
    ds = tuple(_num(x, exact, "discount factor") for x in deltas)
    p = _num(breakdown, exact, "breakdown probability")
    if not 0 <= p < 1:
        raise GameError(f"breakdown probability {float(p):g} must be in [0, 1)")
    for dlt in ds:
        if not 0 < dlt <= 1 or (dlt == 1 and p == 0):
            raise GameError(f"discount factor {float(dlt):g} is outside (0, 1): give 0 < delta < 1 (delta = 1 is "
                            "allowed only with a positive breakdown probability)")
    q = tuple(dlt * (1 - p) for dlt in ds)
    return ds, p, q


# --------------------------------------------------------------------------- the two-player game
def rubinstein(delta: Any = None, delta2: Any = None, *, breakdown: Any = 0, outside_options: Any = None,
               feasible: Any = None, disagreement: Sequence[Any] | None = None, rates: Sequence[float] | None = None,
               period: float | None = None, players: Sequence[str] | None = None,
               exact: bool | None = None) -> AlternatingOffers:
    """The stationary SPE of two-player alternating offers; player 1 proposes first.

    ``rubinstein(0.9, 0.9)`` splits a unit pie; ``rubinstein(delta1, delta2, feasible=S,
    disagreement=d)`` bargains over any 2-player feasible set (a :class:`Polytope`, a
    :class:`Frontier`, a Game or points) with gains measured from ``d`` (default 0).
    ``rates=(r1, r2), period=dt`` sets ``delta_i = exp(-r_i dt)``.  ``outside_options=(o1, o2)``
    are gains over ``d`` a responder can take instead of rejecting.

    Parameters
    ----------
    delta, delta2 : float or Fraction, optional
        The two players' discount factors per round (``delta2`` defaults to ``delta``); required
        unless ``rates`` and ``period`` are given.
    breakdown : float or Fraction, default 0
        The probability that negotiations break down after a rejection (Binmore, Rubinstein and
        Wolinsky 1986).
    outside_options : sequence of two numbers, optional
        Gains over ``disagreement`` that a responder can take instead of rejecting (default none).
    feasible : Polytope, Frontier, Game or array_like, optional
        The two-player feasible set (default: splitting a unit pie).
    disagreement : sequence of two numbers, optional
        The disagreement point gains are measured from (default zero).
    rates : sequence of two floats, optional
        Discount rates ``r_i``, with ``period``: ``delta_i = exp(-r_i * period)``.
    period : float, optional
        The length of time between offers, with ``rates``.
    players : sequence of str, optional
        The players' names (default the feasible set's, else ``("P1", "P2")``).
    exact : bool, optional
        Exact (Fraction) arithmetic; default when every input is rational.

    Returns
    -------
    AlternatingOffers
        The agreement reached at once, both players' stationary proposals, the discount factors,
        the breakdown probability, which outside options bind, and notes.

    Raises
    ------
    GameError
        For missing or conflicting discount factors or rates, a feasible set without two players,
        malformed outside options or disagreement point, or nothing to gain from agreement.

    References
    ----------
    Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1), 97-109.
    Binmore, K., Rubinstein, A. and Wolinsky, A. (1986). The Nash bargaining solution in economic
    modelling. *RAND Journal of Economics* 17(2), 176-188.
    Shaked, A. and Sutton, J. (1984). Involuntary unemployment as a perfect equilibrium in a
    bargaining model. *Econometrica* 52(6), 1351-1364.
    Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*. Academic Press, ch. 3.
    """
    if rates is not None:
        if period is None or delta is not None:
            raise GameError("give either discount factors or rates=(r1, r2) with period=dt, not both")
        r = [float(x) for x in rates]
        if len(r) != 2 or any(x <= 0 for x in r) or period <= 0:
            raise GameError("rates must be two positive numbers and period a positive length of time")
        delta, delta2 = float(np.exp(-r[0] * period)), float(np.exp(-r[1] * period))
        exact = False
    if delta is None:
        raise GameError("give the discount factors: rubinstein(delta1, delta2)")
    pair = [delta, delta if delta2 is None else delta2]
    opts = [0, 0] if outside_options is None else list(outside_options)
    S = None if feasible is None else as_feasible_set(feasible)
    if S is not None and S.n_players != 2:
        raise GameError(f"alternating offers here is a 2-player game; the feasible set has {S.n_players} players "
                        "(use n_player_stationary for more)")
    d_raw = [0, 0] if disagreement is None else list(disagreement)
    exact_inputs = [*pair, breakdown, *opts, *d_raw]
    use_exact = _use_exact(exact_inputs, exact) and (S is None or S.exact)
    ds, p, q = _discounts(pair, breakdown, use_exact, 2)
    if len(opts) != 2:
        raise GameError("outside_options must be two numbers (one per player)")
    o = tuple(_num(x, use_exact, "outside option") for x in opts)
    if len(d_raw) != 2:
        raise GameError("disagreement must be two numbers")
    d = tuple(_num(x, use_exact, "disagreement payoff") for x in d_raw)
    names = tuple(players) if players is not None else (S.players if S is not None else ("P1", "P2"))
    zero = Fraction(0) if use_exact else 0.0
    phi, a1 = _frontier(S, d, use_exact)
    if a1 <= 0 or phi(zero) <= 0:
        raise GameError("no agreement gives both players more than the disagreement point: nothing to bargain over")
    if any(x < 0 for x in o):
        raise GameError("outside options are gains over the disagreement point and must be >= 0")
    if o[0] >= a1 or o[1] >= phi(min(o[0], a1)):
        raise GameError(f"outside options {[float(x) for x in o]} leave no gains from agreement: every deal gives "
                        "someone less than their option (lower the options)")

    def F(x1: Any) -> Any:
        y1 = max(o[0], q[0] * x1)
        return phi(x1) - max(o[1], q[1] * phi(y1))

    x1 = _root_piecewise(F, _breakpoints(S, d, q, o, phi, a1, use_exact), zero, a1)
    y1 = max(o[0], q[0] * x1)
    x = (d[0] + x1, d[1] + phi(x1))
    y = (d[0] + y1, d[1] + phi(y1))
    binding = (o[0] > q[0] * x1, o[1] > q[1] * phi(y1))
    notes = []
    if any(binding):
        notes.append("a binding outside option: that player gets exactly their option (the outside option principle)")
    return AlternatingOffers(names, x, (x, y), ds, p, o, binding, d, use_exact, tuple(notes))


def _frontier(S: FeasibleSet | None, d: tuple, exact: bool):
    """``phi(g)``: player 2's largest gain when player 1 gains ``g`` (free disposal), and player 1's largest gain."""
    if S is None:
        one = Fraction(1) if exact else 1.0
        return (lambda g: one - g), one
    if isinstance(S, Frontier):
        from bargain.analysis.bargaining.smooth import ideal_frontier

        a = ideal_frontier(S, np.array([float(x) for x in d]))
        return (lambda g: float(S.value(np.array([float(d[0] + g)]))) - float(d[1])), float(a[0] - d[0])
    assert isinstance(S, Polytope)
    verts = [v for v in S.frontier()]
    dd = S.convert(d, "disagreement")
    xs = [v[0] - dd[0] for v in verts]
    ys = [v[1] - dd[1] for v in verts]
    # keep the part with u2 >= d2: the largest g with phi(g) >= 0
    a1 = S.ideal_point(dd)[0] - dd[0]

    def phi(g: Any) -> Any:
        if g <= xs[0]:
            return ys[0]
        for k in range(1, len(xs)):
            if g <= xs[k]:
                t = (g - xs[k - 1]) / (xs[k] - xs[k - 1])
                return ys[k - 1] + t * (ys[k] - ys[k - 1])
        return ys[-1] - (g - xs[-1]) * 10**12   # beyond the frontier: infeasible (steeply negative)

    return phi, a1


def _breakpoints(S: FeasibleSet | None, d: tuple, q: tuple, o: tuple, phi, a1: Any, exact: bool) -> list[Any]:
    """Points between which ``F`` is linear (polytopes, unit pie); None means use a float root finder."""
    if isinstance(S, Frontier):
        return []
    zero = Fraction(0) if exact else 0.0
    pts = {zero, a1, o[0] / q[0]}
    if isinstance(S, Polytope):
        dd = S.convert(d, "disagreement")
        for v in S.frontier():
            g = v[0] - dd[0]
            pts |= {g, g / q[0]}
    # where q2 phi(y1) crosses o2: phi is decreasing; find y1 by bisection on the breakpoints of phi
    cand = sorted(p for p in pts if zero <= p <= a1)
    level = o[1] / q[1]
    ys = sorted({p for p in cand} | {q[0] * p for p in cand})
    for lo, hi in itertools.pairwise(ys):
        flo, fhi = phi(lo) - level, phi(hi) - level
        if flo >= 0 >= fhi and flo != fhi:
            y = lo + flo * (hi - lo) / (flo - fhi)
            pts |= {y, y / q[0]}
    return sorted(p for p in pts if zero <= p <= a1)


def _root_piecewise(F, breaks: list[Any], lo: Any, hi: Any) -> Any:
    """Root of a decreasing function: exact linear interpolation between breakpoints, else Brent."""
    if breaks:
        vals = [F(b) for b in breaks]
        for k in range(len(breaks)):
            if vals[k] == 0:
                return breaks[k]
            if k + 1 < len(breaks) and vals[k] > 0 > vals[k + 1]:
                a, b, fa, fb = breaks[k], breaks[k + 1], vals[k], vals[k + 1]
                return a + fa * (b - a) / (fa - fb)
        if vals and vals[0] < 0:
            return breaks[0]
        return breaks[-1]
    from scipy.optimize import brentq

    flo, fhi = F(lo + 1e-300), F(hi)
    if flo <= 0:
        return lo
    if fhi >= 0:
        return hi
    return brentq(F, float(lo), float(hi), xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)


# --------------------------------------------------------------------------- finite horizon
def finite_horizon(delta1: Any, delta2: Any, horizon: int, *, breakdown: Any = 0,
                   exact: bool | None = None) -> np.ndarray:
    """Player 1's share of a unit pie in the ``T``-period game, for ``T = 1..horizon``, by backward induction.

    In the last period the proposer takes everything (the responder's alternative is the
    disagreement payoff 0).  With ``s_T`` (``r_T``) the first proposer's share when player 1 (2)
    proposes first in a ``T``-period game: ``s_1 = r_1 = 1``, ``s_T = 1 - q_2 r_{T-1}``,
    ``r_T = 1 - q_1 s_{T-1}``.  ``delta1``, ``delta2`` may be arrays (broadcast), giving an array
    of shape ``(horizon, *broadcast shape)``; exact Fractions (object array) for rational scalars.

    Parameters
    ----------
    delta1, delta2 : number or array_like
        The players' discount factors, in (0, 1) (arrays broadcast).
    horizon : int
        The longest game, in periods.
    breakdown : number, default 0
        The probability of breakdown after a rejection, in [0, 1).
    exact : bool, optional
        Exact (Fraction) arithmetic; default when every input is rational.

    Returns
    -------
    ndarray
        Shape ``(horizon, *broadcast shape)``: player 1's share for each ``T``; an object array of
        Fractions when exact.

    Raises
    ------
    GameError
        For a horizon that is not a positive integer, or a discount factor or breakdown
        probability out of range.

    References
    ----------
    Ståhl, I. (1972). *Bargaining Theory*. Stockholm School of Economics.
    Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1), 97-109.
    """
    if int(horizon) != horizon or horizon < 1:
        raise GameError(f"horizon must be a positive whole number of periods, got {horizon!r}")
    if np.ndim(delta1) == 0 and np.ndim(delta2) == 0:
        use_exact = _use_exact([delta1, delta2, breakdown], exact)
        _, _, q = _discounts([delta1, delta2], breakdown, use_exact, 2)
        one = Fraction(1) if use_exact else 1.0
        s, r = one, one
        out = [s]
        for _ in range(int(horizon) - 1):
            s, r = one - q[1] * r, one - q[0] * s
            out.append(s)
        return np.array(out, dtype=object if use_exact else float)
    d1, d2 = np.broadcast_arrays(np.asarray(delta1, dtype=float), np.asarray(delta2, dtype=float))
    p = float(breakdown)
    if not 0 <= p < 1:
        raise GameError(f"breakdown probability {p:g} must be in [0, 1)")
    if np.any((d1 <= 0) | (d1 > 1) | (d2 <= 0) | (d2 > 1)) or (p == 0 and np.any((d1 == 1) | (d2 == 1))):
        raise GameError("discount factors must lie in (0, 1): give 0 < delta < 1")
    q1, q2 = d1 * (1 - p), d2 * (1 - p)
    s, r = np.ones_like(q1), np.ones_like(q1)
    out = np.empty((int(horizon), *q1.shape))
    out[0] = s
    for t in range(1, int(horizon)):
        s, r = 1 - q2 * r, 1 - q1 * s
        out[t] = s
    return out


def nash_weights_limit(rates: Sequence[float]) -> np.ndarray:
    """Nash bargaining weights ``(1/r_i) / sum_j (1/r_j)`` that the alternating-offers equilibrium
    approaches as the time between offers shrinks (BRW 1986).

    Parameters
    ----------
    rates : sequence of float
        The players' discount rates ``r_i`` (positive).

    Returns
    -------
    ndarray
        The weights, summing to one.

    Raises
    ------
    GameError
        For rates that are not positive finite numbers.

    References
    ----------
    Binmore, K., Rubinstein, A. and Wolinsky, A. (1986). The Nash bargaining solution in economic
    modelling. *RAND Journal of Economics* 17(2), 176-188.
    """
    r = np.asarray(rates, dtype=float)
    if r.ndim != 1 or np.any(r <= 0) or not np.all(np.isfinite(r)):
        raise GameError("discount rates must be positive finite numbers, one per player")
    w = 1 / r
    return w / w.sum()


# --------------------------------------------------------------------------- n players
def n_player_stationary(deltas: Sequence[Any], *, exact: bool | None = None,
                        players: Sequence[str] | None = None) -> np.ndarray:
    """Stationary SPE of ``n``-player unanimity bargaining over a unit pie, proposers in turn 1..n.

    Returns the matrix ``V`` with ``V[k, j]`` = player ``j``'s share when player ``k`` proposes
    (row 0 is the agreement).  The stationary conditions ``V[k, j] = delta_j V[k+1, j]``
    (``j != k``, indices mod n) and ``sum_j V[k, j] = 1`` form a linear system.  With a common
    ``delta`` the proposer gets ``(1 - delta) / (1 - delta^n)`` and the ``m``-th responder after
    them ``delta^m`` times that.  (Unanimity games with n >= 3 also have non-stationary
    equilibria supporting any split when ``delta`` is high; Sutton 1986.)

    Parameters
    ----------
    deltas : sequence of numbers
        One discount factor per player, in (0, 1).
    exact : bool, optional
        Exact (Fraction) arithmetic; default when every input is rational.
    players : sequence of str, optional
        The players' names (one per discount factor).

    Returns
    -------
    ndarray
        ``V`` of shape ``(n, n)``: ``V[k, j]`` player ``j``'s share when ``k`` proposes.

    Raises
    ------
    GameError
        For fewer than two players, names of the wrong number, invalid discount factors, or a
        singular system.

    References
    ----------
    Sutton, J. (1986). Non-cooperative bargaining theory: an introduction. *Review of Economic
    Studies* 53(5), 709-724.
    Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*. Academic Press, sec. 3.13.
    """
    n = len(deltas)
    if n < 2:
        raise GameError("n-player bargaining needs at least 2 players")
    if players is not None and len(players) != n:
        raise GameError(f"{len(players)} player names for {n} discount factors")
    use_exact = _use_exact(list(deltas), exact)
    ds, _, _ = _discounts(list(deltas), 0, use_exact, n)
    # The responder j to proposer k must get delta_j * V[k+1, j]; unrolling around the cycle:
    # V[k, j] = delta_j^{m} V[j, j] where m = (j - k) mod n steps until j proposes.
    # Proposer shares a_j = V[j, j] solve sum_j delta_j^{(j-k) mod n} a_j = 1 for each k.
    one = Fraction(1) if use_exact else 1.0
    M = [[ds[j] ** ((j - k) % n) if use_exact else float(ds[j]) ** ((j - k) % n) for j in range(n)]
         for k in range(n)]
    from bargain.linalg.exact import solve_square

    a = solve_square(M, [one] * n, use_exact)
    if a is None:  # pragma: no cover - M is strictly diagonally dominant-like for delta < 1
        raise GameError("the stationary equations are singular")
    V = [[M[k][j] * a[j] for j in range(n)] for k in range(n)]
    return np.array(V, dtype=object if use_exact else float)
