"""Critical parameter values: where the equilibrium set of a parametric game changes.

Between thresholds every regular equilibrium moves smoothly on a fixed support (the implicit
function theorem, see :mod:`bargain.analysis.derivatives`).  It stops being an equilibrium on
that support exactly where one of its inequalities becomes tight:

* a probability on its support reaches 0 (``x_i(k) = 0``, the support shrinks), or
* a strategy off its support becomes a best response (``v_i(k; x_{-i}) = v_i``, the support
  grows or another equilibrium branches off), or
* it meets another equilibrium and both vanish (a *fold*: the Jacobian of the indifference
  system is singular and the solution stops being real).

(See Harsanyi 1973 and, for the bifurcations of equilibrium branches, Kohlberg and Mertens 1986;
Herings and Peeters 2010 survey path-following of equilibria.)  :func:`thresholds` first locates
each change between two points of a 1-D sweep (a branch that ends or starts, or whose support
changes), then solves for the exact parameter value: it follows the equilibrium with Newton's
method on its indifference system (each solution polished to rounding, so that the binding
inequality is a smooth function of the parameter and not a staircase of warm starts left
unchanged within Newton's tolerance) and finds the zero of the binding inequality with Brent's
method (``scipy.optimize.brentq``, tolerance 1e-13), after a bisection that keeps the
equilibrium real; a fold is located as the turning point of the branch (the extremum of the
parameter along it, see :func:`_refine_fold`).  Where the payoffs are affine
in the parameter and the equilibrium is pure, the binding inequality is affine too and the
threshold is given in closed form, ``theta* = theta_0 - g(theta_0) / g'``.

The branch ends found this way (*crossings*, :class:`Threshold`) are then merged into *events*,
one per value at which the equilibrium set really changes, each checked against the sets solved
just below and just above it (:mod:`bargain.analysis.threshold_events`): duplicates reported by
several branches become one row, and a value at an end of the range or with the same set on both
sides is dropped, with a note.

Two changes closer together than the grid spacing can hide each other (an equilibrium pair that
appears and vanishes between grid points): use a finer grid (``n``) to resolve them.

**Priors.**  In a :class:`~bargain.model.bayesian.BayesianModel` whose prior is an expression of
a parameter (``prior=lambda p: {"Firm": {"high": p.mu, "low": 1 - p.mu}}``), :func:`thresholds`
treats the prior like any parameter and finds where the *Bayes-Nash* equilibria change, batched
over the grid (the reduced normal form is linear in the prior, so pure thresholds come out in
closed form).  A fixed :class:`~bargain.model.signalling.SignallingGame` has no parameters: for
the priors at which its pure *sequential* equilibria appear or break (beliefs off the path
included, which the Nash sweep does not see) the entry point is
:func:`bargain.analysis.signalling_regions.prior_thresholds` (and ``prior_regions``), exact and in
closed form, because each equilibrium condition there is linear in the prior.

References
----------
Harsanyi, J. C. (1973). "Oddness of the number of equilibrium points", *IJGT* 2, 235-250.
Kohlberg, E. and Mertens, J.-F. (1986). "On the strategic stability of equilibria",
*Econometrica* 54(5), 1003-1037.
Herings, P. J.-J. and Peeters, R. (2010). "Homotopy methods to compute equilibria in game
theory", *Economic Theory* 42(1), 119-156.
Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, Prentice-Hall, ch. 4.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.derivatives import margins, newton_support, pack, unpack
from bargain.analysis.sweep import support_label, sweep
from bargain.analysis.threshold_events import XTOL, Event, Threshold, Thresholds, to_events
from bargain.analysis.tree_thresholds import CONCEPTS, choose_concept, spe_thresholds
from bargain.errors import GameError
from bargain.linalg.exact import solve_rational
from bargain.model.game import contract

__all__ = ["CONCEPTS", "XTOL", "Event", "Threshold", "Thresholds", "thresholds", "all_thresholds", "choose_concept"]



class _Follower:
    """Follows one equilibrium on a fixed support as the parameter moves (warm-started Newton)."""

    def __init__(self, payoffs: Callable[[float], np.ndarray], support, theta0: float, w0: np.ndarray) -> None:
        self.payoffs = payoffs
        self.support = support
        self.known: list[tuple[float, np.ndarray]] = [(theta0, w0)]

    def solve(self, theta: float) -> tuple[np.ndarray | None, np.ndarray]:
        U = self.payoffs(theta)
        t0, w0 = min(self.known, key=lambda kw: abs(kw[0] - theta))
        w = newton_support(U, self.support, w0, polish=True)
        if w is None and abs(theta - t0) > 0:
            # continuation in a few steps from the nearest known point
            w = w0
            for s in np.linspace(0, 1, 6)[1:]:
                w = newton_support(self.payoffs(t0 + s * (theta - t0)), self.support, w, polish=True)
                if w is None:
                    break
        if w is not None:
            self.known.append((theta, w))
        return w, U

    def margin(self, theta: float) -> tuple[float, str]:
        w, U = self.solve(theta)
        if w is None:
            return float("nan"), "fold"
        return margins(U, self.support, w, self.ignore)

    ignore: frozenset[str] = frozenset()

    def ties(self, a: float, b: float) -> frozenset[str]:
        """Deviations tied with the equilibrium (slack 0 to rounding) at both ``a`` and ``b``.

        In a degenerate game (a player with payoff-equivalent plans, as in a reduced normal form)
        such a tie holds all along and is not where the equilibrium breaks.
        """
        out: set[str] | None = None
        for t in (a, b):
            w, U = self.solve(t)
            if w is None:
                return frozenset()
            prof, vals = unpack(w, self.support, U.shape[1:])
            scale = max(float(np.ptp(U)), 1e-300)
            here = {f"br:{i}:{k}" for i, s in enumerate(self.support)
                    for k, d in enumerate(contract(U[i], prof, [i])) if k not in s
                    and abs(float(vals[i] - d)) <= 1e-12 * scale}
            out = here if out is None else out & here
        return frozenset(out or ())


def _describe(what: str, players: Sequence[str], strategies: Sequence[Sequence[str]], appearing: bool = False) -> str:
    """What binds, said moving up the parameter (an appearing equilibrium is seen from above)."""
    if what == "fold":
        return "fold: meets another equilibrium and both vanish"
    kind, i, k = what.split(":")
    p, s = players[int(i)], strategies[int(i)][int(k)]
    if kind == "prob":
        return f"P({p}:{s}) rises from 0" if appearing else f"P({p}:{s}) reaches 0"
    return f"{p}:{s} stops being a best response" if appearing else f"{p}:{s} becomes a best response"


def _is_affine(payoffs: Callable[[float], np.ndarray], a: float, b: float) -> bool:
    Ua, Ub = payoffs(a), payoffs(b)
    scale = max(float(np.max(np.abs(Ua))), float(np.max(np.abs(Ub))), 1.0)
    for f in (1 / 3, 0.5, 0.8):
        Um = payoffs(a + f * (b - a))
        if np.max(np.abs(Um - ((1 - f) * Ua + f * Ub))) > 1e-12 * scale:
            return False
    return True


def _locate(follower: _Follower, anchor: float, far: float, pure: bool,
            affine: bool) -> tuple[float, str, str]:
    """The parameter value between ``anchor`` (equilibrium holds) and ``far`` where it stops."""
    scale = max(1.0, abs(anchor), abs(far))
    follower.ignore = follower.ties(anchor, far)
    m0, what0 = follower.margin(anchor)
    if np.isfinite(m0) and abs(m0) <= 1e-12:
        # the grid point itself is the threshold
        return anchor, what0, "closed form" if (pure and affine) else "root-finding"
    m_far, what_far = follower.margin(far)
    if np.isfinite(m_far) and abs(m_far) <= 1e-12:
        # the far grid point is the threshold itself (its margin is 0 up to rounding, of either sign)
        return far, what_far, "closed form" if (pure and affine) else "root-finding"
    if pure and affine and np.isfinite(m_far) and m_far < 0:
        # Every slack of a pure profile is affine in theta: solve the binding one exactly.
        _, U = follower.solve(anchor)
        _, U2 = follower.solve(far)
        best, best_what = np.inf, what_far
        for cand in _slack_lines(U, U2, follower.support, anchor, far):
            root, what = cand
            if what in follower.ignore:
                continue
            if min(anchor, far) - 1e-12 * scale <= root <= max(anchor, far) + 1e-12 * scale \
                    and abs(root - anchor) < abs(best - anchor):
                best, best_what = root, what
        if np.isfinite(best):
            return float(best), best_what, "closed form"
    # Bisection keeping the equilibrium real and valid at lo.
    lo, hi = _bisect_valid(follower, anchor, far, 1e-7 * scale)
    m_hi, what_hi = follower.margin(hi)
    if not (np.isfinite(m_hi) and m_hi <= 0):
        # No solution at hi (or Newton jumped to the partner branch): a fold.
        lo, hi = _bisect_valid(follower, lo, hi, 1e-12 * scale)
        m_hi, _ = follower.margin(hi)
        if not (np.isfinite(m_hi) and m_hi <= 0):
            refined = _refine_fold(follower, lo, hi)
            if refined is not None:
                return refined, "fold", "turning point"
            return 0.5 * (lo + hi), "fold", "bisection"
    from scipy.optimize import brentq

    m_lo, _ = follower.margin(lo)
    if m_lo <= 0:
        return lo, what_hi, "root-finding"

    def f(t: float) -> float:
        m, _ = follower.margin(t)
        return m if np.isfinite(m) else -1.0

    root = brentq(f, lo, hi, xtol=XTOL * scale, rtol=4 * np.finfo(float).eps)
    _, what = follower.margin(hi)
    return float(root), what, "root-finding"


def _bisect_valid(follower: _Follower, lo: float, hi: float, width: float) -> tuple[float, float]:
    """Bisect ``[lo, hi]`` down to ``width``, keeping the followed equilibrium valid (margin > 0) at ``lo``."""
    while abs(hi - lo) > width:
        mid = 0.5 * (lo + hi)
        m, _ = follower.margin(mid)
        if np.isfinite(m) and m > 0:
            lo = mid
        else:
            hi = mid
    return lo, hi


def _refine_fold(follower: _Follower, lo: float, hi: float) -> float | None:
    """The exact turning point of a branch that exists at ``lo`` and not at ``hi``.

    At a fold the branch turns back in the parameter, so it cannot be followed in ``theta``; but it
    can be followed in the state coordinate ``s = w_c`` that moves fastest there (``c`` = largest
    entry of the Jacobian's null vector), with ``theta`` as an unknown: ``F(w, theta) = 0`` with
    ``w_c = s`` fixed is a regular square system through the fold (the switch of parameter of
    Keller 1977, "Numerical solution of bifurcation and nonlinear eigenvalue problems").  The fold
    is the extremum of the smooth function ``theta(s)``: the vertex of a parabola through three
    points, refined twice with shrinking spacing.
    """
    from bargain.analysis.derivatives import support_jacobian, support_residual

    known = [kw for kw in follower.known if kw[0] == lo]
    if not known:
        return None
    w0 = known[-1][1]
    U0 = follower.payoffs(lo)
    J = support_jacobian(U0, follower.support, w0)
    _, _, vt = np.linalg.svd(J)
    c = int(np.argmax(np.abs(vt[-1])))
    free = [k for k in range(w0.size) if k != c]
    h = 1e-6 * max(1.0, abs(lo))
    start = {"u": np.concatenate([w0[free], [lo]])}

    def theta_of(s_val: float) -> float:
        u = start["u"].copy()
        for _ in range(30):
            w = w0.copy()
            w[free] = u[:-1]
            w[c] = s_val
            U = follower.payoffs(u[-1])
            F = support_residual(U, follower.support, w)
            if np.max(np.abs(F)) <= 1e-14 * max(float(np.ptp(U)), 1e-300):
                return float(u[-1])
            Jw = support_jacobian(U, follower.support, w)
            dU = (follower.payoffs(u[-1] + h) - follower.payoffs(u[-1] - h)) / (2 * h)
            dF = support_residual(dU, follower.support, w) - support_residual(np.zeros_like(dU), follower.support, w)
            try:
                u = u - np.linalg.solve(np.column_stack([Jw[:, free], dF]), F)
            except np.linalg.LinAlgError:
                return float("nan")
        return float("nan")

    s_mid = float(w0[c])
    vertex = None
    for delta in (1e-3, 1e-5, 1e-7):
        pts = np.array([s_mid - delta, s_mid, s_mid + delta])
        th = np.array([theta_of(x) for x in pts])
        if not np.all(np.isfinite(th)):
            break
        curv = th[0] - 2 * th[1] + th[2]
        if curv == 0:
            break
        s_mid = float(pts[1] - 0.5 * delta * (th[2] - th[0]) / curv)
        vertex = theta_of(s_mid)
        if not np.isfinite(vertex):
            vertex = None
            break
    if vertex is None:
        return None
    scale = max(1.0, abs(lo))
    # the fold lies beyond lo, towards hi, and not farther than the bisection bracket allows
    if not (min(lo, hi) - 1e-9 * scale <= vertex <= max(lo, hi) + 1e-9 * scale):
        return None
    return vertex


def _slack_lines(U0: np.ndarray, U1: np.ndarray, support, t0: float, t1: float) -> list[tuple[float, str]]:
    """Roots of the affine slacks ``u_i(a) - u_i(k, a_{-i})`` of a pure profile ``a``."""
    a = tuple(s[0] for s in support)
    out = []
    for i in range(U0.shape[0]):
        for k in range(U0.shape[1 + i]):
            if k == a[i]:
                continue
            dev = list(a)
            dev[i] = k
            g0 = U0[(i, *a)] - U0[(i, *dev)]
            g1 = U1[(i, *a)] - U1[(i, *dev)]
            if g1 != g0:
                out.append((t0 - g0 * (t1 - t0) / (g1 - g0), f"br:{i}:{k}"))
    return out


def thresholds(
    model: Any,
    parameter: str,
    values: Any = None,
    *,
    n: int = 201,
    fixed: Mapping[str, float] | None = None,
    method: str = "auto",
    concept: str = "auto",
) -> Thresholds:
    """Every critical value of ``parameter`` (within its bounds, or within ``values``) at which
    the equilibrium set of ``model`` changes, each to about 1e-12 (see the module docstring).

    For a game tree of perfect information (an :class:`~bargain.model.extensive.ExtensiveModel`)
    the equilibrium followed is, by default, its subgame-perfect equilibrium:
    :func:`bargain.analysis.tree_thresholds.spe_thresholds` finds where a mover's best move
    switches, on the tree itself (no reduced normal form).  ``concept="nash"`` asks for the Nash
    equilibria of the reduced normal form instead.  A tree with imperfect information (subgames
    that may have mixed equilibria) gets the Nash thresholds, with a note saying so.

    ``values`` (or ``n`` points across the bounds) is the grid that brackets the changes;
    ``fixed`` sets other parameters (the rest take their defaults).  A prior that is a parameter
    of a :class:`~bargain.model.bayesian.BayesianModel` works like any other (Bayes-Nash
    thresholds); for a fixed :class:`~bargain.model.signalling.SignallingGame` use
    :func:`bargain.analysis.signalling_regions.prior_thresholds` (see the module docstring).

    Parameters
    ----------
    model : Model
        A :class:`bargain.Model` (a game with named parameters).
    parameter : str
        The parameter to move.
    values : array_like, optional
        The grid that brackets the changes (default ``n`` points across the parameter's bounds).
    n : int, default 201
        Grid points when ``values`` is not given.
    fixed : mapping of str to float, optional
        Values of the other parameters (the rest take their defaults).
    method : str, default 'auto'
        The full solver (a :func:`bargain.solve` method) for the points the batch engine leaves to it.
    concept : str, default 'auto'
        ``"auto"`` (subgame-perfect for a perfect-information tree, else Nash), ``"nash"`` or
        ``"subgame-perfect"`` (alias ``"spe"``).

    Returns
    -------
    Thresholds
        The critical values in increasing order, each with what changes there (an equilibrium
        appears, disappears or changes support; for a tree, a move that switches) and how it was
        located.

    Raises
    ------
    GameError
        For something that is not a model with parameters (a SignallingGame is pointed to
        ``prior_thresholds``), an unknown parameter or concept, or ``concept="subgame-perfect"``
        for a model that is not a perfect-information tree.

    References
    ----------
    Harsanyi, J. C. (1973). "Oddness of the number of equilibrium points", *IJGT* 2, 235-250.
    Kohlberg, E. and Mertens, J.-F. (1986). "On the strategic stability of equilibria",
    *Econometrica* 54(5), 1003-1037.
    Herings, P. J.-J. and Peeters, R. (2010). "Homotopy methods to compute equilibria in game
    theory", *Economic Theory* 42(1), 119-156.
    Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, Prentice-Hall, ch. 4.
    """
    if not hasattr(model, "parameters"):
        from bargain.model.signalling import SignallingGame

        if isinstance(model, SignallingGame):
            raise GameError("thresholds() takes a model with named parameters, and the prior of a SignallingGame is "
                            "not one: bargain.prior_thresholds(game) gives the priors where its pure sequential "
                            "equilibria appear or break (exact, closed form); or build a BayesianModel whose prior is "
                            "a parameter for its Bayes-Nash thresholds")
        raise GameError(f"thresholds() takes a model with named parameters (bargain.load_game(name), a Model or a "
                        f"BayesianModel), not a {type(model).__name__}")
    chosen, note = choose_concept(model, concept)
    if chosen == "subgame-perfect":
        return spe_thresholds(model, parameter, values, n=n, fixed=fixed)
    s = sweep(model, parameter, values, n=n, fixed=fixed, method=method)
    xs = s.axes[0]
    point = dict(s.fixed)

    prm = model.parameter(parameter)

    def payoffs(t: float) -> np.ndarray:
        # Newton and finite-difference steps may poke just past a bound (2 + 1e-6): evaluate at the bound
        return model.payoffs(**{**point, parameter: min(max(t, prm.low), prm.high)})

    labels = s.signatures()
    players, strategies = s.players, s.strategies
    shape = tuple(len(x) for x in strategies)
    cuts = np.cumsum(shape)[:-1]
    items: list[Threshold] = []
    affine_cache: dict[int, bool] = {}
    assert s.tracks is not None
    for b in range(s.n_branches):
        tr = s.tracks[b]
        alive = ~np.isnan(tr[:, 0])
        for i in range(len(xs) - 1):
            a, c = alive[i], alive[i + 1]
            if not (a or c):
                continue
            sup_a = tuple(tr[i] > 1e-9) if a else None
            sup_c = tuple(tr[i + 1] > 1e-9) if c else None
            if a and c and sup_a == sup_c:
                continue
            side = i if a else i + 1
            other = i + 1 if a else i
            prof_vec = tr[side]
            prof = tuple(np.split(prof_vec, cuts))
            support = tuple(tuple(int(k) for k in np.flatnonzero(x > 1e-9)) for x in prof)
            U = payoffs(float(xs[side]))
            vals = [float(np.dot(contract(U[j], prof, [j]), prof[j])) for j in range(len(shape))]
            follower = _Follower(payoffs, support, float(xs[side]), pack(prof, vals, support))
            if i not in affine_cache:
                affine_cache[i] = _is_affine(payoffs, float(xs[i]), float(xs[i + 1]))
            pure = all(len(x) == 1 for x in support)
            value, what, how = _locate(follower, float(xs[side]), float(xs[other]), pure, affine_cache[i])
            kind = "support change" if (a and c) else ("disappears" if a else "appears")
            here = support_label(prof_vec, players, strategies)
            there = support_label(tr[other], players, strategies) if (a and c) else "none"
            exact = _exact_threshold(model, point, parameter, value, support, what)
            if exact is not None:
                value = float(exact)       # proven exactly: report the correctly rounded value
            items.append(Threshold(
                parameter=parameter, value=value, kind=kind, support=here, becomes=there,
                binding=_describe(what, players, strategies, appearing=not a), method=how,
                bracket=(float(xs[i]), float(xs[i + 1])), before=str(labels[i]), after=str(labels[i + 1]),
                exact=exact,
            ))
    items.sort(key=lambda t: (t.value, t.kind, t.support))
    events, dropped = to_events(model, parameter, point, items, float(xs[0]), float(xs[-1]), method)
    return Thresholds(model=model.name, parameter=parameter, fixed={k: v for k, v in point.items()},
                      items=events, sweep=s, crossings=items, dropped=dropped, notes=[note] if note else [],
                      grid=xs)


def _exact_threshold(model: Any, point: Mapping[str, float], parameter: str, value: float, support,
                     what: str) -> Fraction | None:
    """The threshold as a Fraction, if the binding condition holds *exactly* there.

    The float value is rationalised (denominator up to 10^6); the model's exact game at that value
    (``Model.game(exact=True)``) gives rational payoffs; the equilibrium on ``support`` is solved
    exactly - trivially for a pure profile, by Gaussian elimination over the rationals for a
    two-player support (its indifference system is linear) - and the binding probability or
    payoff difference must be exactly 0.  Otherwise (an irrational threshold, a model that cannot
    be evaluated exactly, a mixed three-player support) None.
    """
    if what == "fold" or ":" not in what:
        return None
    kind, i_s, k_s = what.split(":")
    i, k = int(i_s), int(k_s)
    if sum(len(sup) > 1 for sup in support) not in (0, 2):
        return None
    frac = Fraction(value).limit_denominator(10**6)
    try:
        g = model.game(exact=True, **{**point, parameter: frac})
    except (GameError, TypeError, ValueError, ArithmeticError):
        return None
    U = g.exact_payoffs
    if U is None:
        return None
    prof = _exact_support_solution(U, support)
    if prof is None:
        return None
    if kind == "prob":
        return frac if prof[i][k] == 0 else None
    dev = [Fraction(0)] * U.shape[1 + i]
    for idx in np.ndindex(*U.shape[1:]):
        weight = Fraction(1)
        for j, a in enumerate(idx):
            if j != i:
                weight *= prof[j][a]
        if weight:
            dev[idx[i]] += weight * U[(i, *idx)]
    value_i = sum(prof[i][a] * dev[a] for a in range(len(dev)))
    return frac if dev[k] == value_i else None


def _exact_support_solution(U: np.ndarray, support) -> list[list[Fraction]] | None:
    """Exact equilibrium on ``support`` of a game with Fraction payoffs: pure, or two players mix.

    With two mixing players and the others pure, fixing the pure strategies leaves a two-player
    game whose indifference conditions are linear (solved over the rationals).
    """
    shape = U.shape[1:]
    if all(len(sup) == 1 for sup in support):
        return [[Fraction(int(a == sup[0])) for a in range(s)] for sup, s in zip(support, shape, strict=True)]
    mixing = [i for i, sup in enumerate(support) if len(sup) > 1]
    if len(support) > 2:
        if len(mixing) != 2:
            return None
        idx = tuple(slice(None) if i in mixing else sup[0] for i, sup in enumerate(support))
        sub = np.empty((2, shape[mixing[0]], shape[mixing[1]]), dtype=object)
        sub[0], sub[1] = U[mixing[0]][idx], U[mixing[1]][idx]
        pair = _exact_support_solution(sub, (support[mixing[0]], support[mixing[1]]))
        if pair is None:
            return None
        full = [[Fraction(int(a == sup[0])) for a in range(s)] for sup, s in zip(support, shape, strict=True)]
        full[mixing[0]], full[mixing[1]] = pair
        return full
    # two players: x on S0 from player 1's indifference, y on S1 from player 0's
    out = []
    for me, other in ((1, 0), (0, 1)):
        S_me, S_other = support[me], support[other]
        # unknowns: probabilities of `other` on S_other, and v_me
        rows = []
        for a in S_me:
            row = [U[(me, a, b)] if me == 0 else U[(me, b, a)] for b in S_other] + [Fraction(-1)]
            rows.append([*row, Fraction(0)])
        rows.append([Fraction(1)] * len(S_other) + [Fraction(0), Fraction(1)])
        sol = solve_rational([r[:-1] for r in rows], [r[-1] for r in rows])
        if sol is None:
            return None
        vec = [Fraction(0)] * shape[other]
        for b, pr in zip(S_other, sol[:len(S_other)], strict=True):
            vec[b] = pr
        out.append((other, vec))
    out.sort()
    return [vec for _, vec in out]


def all_thresholds(model: Any, *, n: int = 201, fixed: Mapping[str, float] | None = None,
                   method: str = "auto", concept: str = "auto") -> dict[str, Thresholds]:
    """:func:`thresholds` for every parameter with finite bounds (the others at their defaults).

    Parameters
    ----------
    model : Model
        The parametric game.
    n : int, default 201
        Grid points per parameter.
    fixed : mapping of str to float, optional
        Values of parameters that are not varied (the rest take their defaults).
    method : str, default 'auto'
        The full solver for the points the batch engine leaves to it (Nash route).
    concept : str, default 'auto'
        The equilibrium concept (see :func:`thresholds`).

    Returns
    -------
    dict
        ``{parameter: Thresholds}``.

    References
    ----------
    See :func:`thresholds`.
    """
    fixed = dict(fixed or {})
    out = {}
    for name, prm in model.parameters.items():
        if name in fixed or not (np.isfinite(prm.low) and np.isfinite(prm.high)) or prm.low == prm.high:
            continue
        out[name] = thresholds(model, name, n=n, fixed=fixed, method=method, concept=concept)
    return out
