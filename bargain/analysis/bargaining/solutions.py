"""Cooperative bargaining solutions: Nash, Kalai–Smorodinsky, egalitarian, utilitarian.

For a bargaining problem ``(S, d)`` (``S`` convex and compact, some ``u`` in ``S`` with
``u > d``):

* **Nash** (Nash 1950; asymmetric: Kalai 1977, Roth 1979 ch. 1): the maximiser of the Nash
  product ``prod_i (u_i - d_i)^{w_i}`` over ``u`` in ``S``, ``u >= d``.  On a polytope the
  maximiser lies in the relative interior of one face; on a face whose affine hull is a hyperplane
  ``a . u_R = c`` in the coordinates ``R`` that vary on it (the others are constant there) the
  Lagrange conditions give the closed form ``u_i = d_i + (w_i / W_R) (c - a . d_R) / a_i``
  (``W_R = sum_{i in R} w_i``), rational for rational data.  Other faces (possible from three
  players on) are solved by Newton's method and reported as floats.  Every
  face is tried; the answer is certified by the first-order condition: with
  ``g_i = w_i / (u_i - d_i)``, ``g . v <= g . u`` for every vertex ``v`` (the hyperplane normal to
  the gradient supports ``S``), which for a concave objective proves global optimality.
* **Kalai–Smorodinsky** (1975): the largest point ``d + t (a - d)`` on the segment to the ideal
  point ``a_i = max {u_i : u in S, u >= d}``.
* **Egalitarian** (Kalai 1977): the largest point ``d + t w`` (equal gains when ``w = 1``).
* **Utilitarian**: a maximiser of ``sum_i w_i u_i`` over ``u >= d`` (ties broken by the largest
  smallest gain).

Without free disposal the point on the ray can be only weakly Pareto optimal; the KS and
egalitarian answers are then the Pareto optimal point dominating it with the largest total
payoff (the lexicographic extension of Imai 1983 / Chun and Peters 1989 in the 2-player case).
On a polytope all four are exact linear programs or closed forms; on a smooth
:class:`~bargain.analysis.bargaining.frontier.Frontier` they are root-finding problems solved to
~1e-12 (see :mod:`bargain.analysis.bargaining.smooth`).

Axioms (Nash 1950; Kalai and Smorodinsky 1975; Roth 1979): Nash and KS are Pareto optimal,
symmetric and invariant to positive affine rescaling of each player's utility; Nash satisfies
independence of irrelevant alternatives, KS individual monotonicity; the egalitarian solution is
monotone but not scale invariant.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.bargaining.disagreement import DisagreementPoint, disagreement_point
from bargain.analysis.bargaining.feasible import FeasibleSet, Polytope, as_feasible_set
from bargain.analysis.bargaining.frontier import Frontier
from bargain.analysis.bargaining.result import BargainingSolution
from bargain.errors import GameError, VerificationError
from bargain.linalg.exact import linprog, nullspace
from bargain.model.game import Game

__all__ = ["SOLUTIONS", "bargain", "egalitarian", "kalai_smorodinsky", "nash_solution", "utilitarian"]

SOLUTIONS = ("nash", "kalai-smorodinsky", "egalitarian", "utilitarian")


# --------------------------------------------------------------------------- problem set-up
class _Problem:
    """A feasible set with a checked disagreement point and weights, in the set's arithmetic."""

    def __init__(self, problem: Any, disagreement: Any, weights: Any, what: str) -> None:
        rule = "explicit"
        if isinstance(problem, Game):
            spec = "equilibrium" if disagreement is None else disagreement
            dp = disagreement_point(problem, spec)
            self.S: FeasibleSet = Polytope.from_game(problem)
            d_raw: Any = dp.values
            rule = dp.rule
        else:
            self.S = as_feasible_set(problem)
            if isinstance(disagreement, DisagreementPoint):
                d_raw, rule = disagreement.values, disagreement.rule
            elif isinstance(disagreement, str):
                raise GameError(f"disagreement rule {disagreement!r} needs a Game; for a feasible set give the "
                                "disagreement payoffs as numbers")
            elif disagreement is None:
                d_raw, rule = [0] * self.S.n_players, "default: zero"
            else:
                d_raw = disagreement
        self.rule = rule
        S = self.S
        n = S.n_players
        self.exact = bool(S.exact)
        self.d = self.vector(d_raw, "disagreement point")
        if weights is None:
            self.w = tuple([Fraction(1) if self.exact else 1.0] * n)
            self.weighted = False
        else:
            self.w = self.vector(weights, "weights")
            if any(x <= 0 for x in self.w):
                raise GameError(f"{what} weights must be positive, got {[float(x) for x in self.w]}: give one "
                                "positive number per player")
            self.weighted = True
        self.notes: list[str] = []
        self._check_improvement()

    def vector(self, values: Any, what: str) -> tuple:
        if isinstance(self.S, Polytope):
            return self.S.convert(values, what)
        try:
            seq = [float(x) for x in values]
        except (TypeError, ValueError):
            raise GameError(f"{what} must be {self.S.n_players} numbers, got {values!r}") from None
        if len(seq) != self.S.n_players or not all(np.isfinite(seq)):
            raise GameError(f"{what} must be {self.S.n_players} finite numbers (one per player), got {values!r}")
        return tuple(seq)

    def _check_improvement(self) -> None:
        S, d = self.S, self.d
        if isinstance(S, Polytope):
            res = S.improvement(d)
            if res is None or res[0] <= (0 if self.exact else S.tol):
                raise GameError(_no_gain_message(S, d))
            if not S.contains(d):
                self.notes.append("the disagreement point is not itself a feasible outcome; the solution uses the "
                                  "feasible points that give every player at least it (free disposal)")
        else:
            from bargain.analysis.bargaining.smooth import has_strict_gain

            if not has_strict_gain(S, np.array(d)):
                raise GameError(_no_gain_message(S, d))

    def result(self, solution: str, u: Sequence[Any], *, lottery: dict | None = None, ideal: Any = None,
               weights: bool = False, exact: bool | None = None) -> BargainingSolution:
        is_exact = self.exact if exact is None else exact
        pays = np.array([float(x) for x in u])
        return BargainingSolution(
            solution=solution, players=self.S.players, payoffs=pays,
            disagreement=np.array([float(x) for x in self.d]),
            exact_payoffs=tuple(u) if is_exact else None,
            exact_disagreement=tuple(self.d) if self.exact else None,
            weights=tuple(self.w) if (weights or self.weighted) else None,
            lottery=lottery, ideal=tuple(ideal) if ideal is not None else None,
            rule=self.rule, notes=tuple(self.notes), feasible=self.S)


def _no_gain_message(S: FeasibleSet, d: Sequence[Any]) -> str:
    shown = ", ".join(f"{p}={float(x):g}" for p, x in zip(S.players, d, strict=True))
    return (f"no feasible point gives every player strictly more than the disagreement point ({shown}): there is "
            "nothing to bargain over; lower the disagreement point (it must lie below the Pareto frontier) or "
            "enlarge the feasible set")


# --------------------------------------------------------------------------- Nash
def nash_solution(problem: Any, disagreement: Any = None, weights: Sequence[Any] | None = None
                  ) -> BargainingSolution:
    """The (asymmetric, with ``weights``) Nash bargaining solution of ``problem``.

    ``problem`` is a :class:`Game` (its pure payoffs' convex hull; ``disagreement`` a rule or
    numbers, default the unique equilibrium), a :class:`Polytope`, a :class:`Frontier`, or an
    ``(m, n)`` array of payoff vectors (``disagreement`` numbers, default zero).

    Parameters
    ----------
    problem : Game, Polytope, Frontier or array_like
        The bargaining problem: a :class:`Game` (the convex hull of its pure payoffs), a
        :class:`Polytope`, a :class:`Frontier`, or an ``(m, n)`` array of payoff vectors.
    disagreement : str or sequence of numbers, optional
        The disagreement point: for a Game a rule name or numbers (default its unique equilibrium's
        payoffs); otherwise numbers (default zero).
    weights : sequence of numbers, optional
        One positive weight per player (default equal weights).

    Returns
    -------
    BargainingSolution
        The agreed payoffs (exact Fractions where the data are rational), the disagreement point,
        the weights and any notes.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
    Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person bargaining.
    *International Journal of Game Theory* 6(3), 129-133.
    Roth, A. E. (1979). *Axiomatic Models of Bargaining*. Springer, ch. 1.
    """
    pb = _Problem(problem, disagreement, weights, "Nash bargaining")
    if isinstance(pb.S, Frontier):
        from bargain.analysis.bargaining.smooth import nash_frontier

        return pb.result("nash", nash_frontier(pb.S, np.array(pb.d), np.array(pb.w)), weights=True)
    S: Polytope = pb.S  # type: ignore[assignment]
    u, face, exact = _nash_polytope(S, pb.d, pb.w)
    _certify_nash(S, u, pb.d, pb.w, exact)
    if not exact and S.exact:
        pb.notes.append("the Nash point is irrational here (it lies on a face of dimension below n-1, where the "
                        "first-order condition is a polynomial equation); given in floating point")
    lottery = S.lottery(u, face) if exact else _float_lottery(S, u, face)
    return pb.result("nash", u, lottery=lottery, weights=True, exact=exact and S.exact)


def _nash_polytope(S: Polytope, d: tuple, w: tuple) -> tuple[tuple, frozenset[int], bool]:
    n = S.n_players
    best: tuple[float, tuple, frozenset[int], bool] | None = None
    for face in S.faces:
        idx = sorted(face)
        pts = S._vals(idx)
        if any(all(p[i] <= d[i] for p in pts) for i in range(n)):
            continue
        p0 = pts[0]
        # coordinates that vary on the face; the others are constant and drop out of the problem
        R = [i for i in range(n) if any(p[i] != p0[i] for p in pts[1:])] if S.exact else \
            [i for i in range(n) if any(abs(p[i] - p0[i]) > S.tol for p in pts[1:])]
        diffs = [[p[i] - p0[i] for i in R] for p in pts[1:]]
        normals = nullspace(diffs, len(R), S.exact) if R else []
        cand: tuple | None
        exact_here = S.exact
        if not R:
            cand = tuple(p0)
        elif not normals:
            continue        # the face spans its coordinates: the product is unbounded on its affine hull
        elif len(normals) == 1:
            # Lagrange: u_i = d_i + (w_i / W_R) (c - a . d) / a_i on the hyperplane a . u_R = c
            a = normals[0]
            WR = sum((w[i] for i in R), S._zero())
            c = sum((a[j] * p0[i] for j, i in enumerate(R)), S._zero())
            s = c - sum((a[j] * d[i] for j, i in enumerate(R)), S._zero())
            if any(x == 0 for x in a) or not all((s / x > 0) for x in a):
                continue
            vals = list(p0)
            for j, i in enumerate(R):
                vals[i] = d[i] + w[i] * s / (WR * a[j])
            cand = tuple(vals)
        else:
            cand = _nash_on_affine(S, idx, d, w)
            exact_here = False
            if cand is None:
                continue
        if not all((cand[i] > d[i]) for i in range(n)):
            continue
        if not S.contains_float(cand) or (exact_here and not S.contains(cand)):
            continue
        val = sum(float(w[i]) * math.log(float(cand[i] - d[i])) for i in range(n))
        if best is None or val > best[0] + 1e-13 * (1 + abs(val)):
            best = (val, cand, face, exact_here)
    if best is None:  # pragma: no cover - impossible when a strictly improving point exists
        raise VerificationError("no face of the feasible set contains the Nash point")
    return best[1], best[2], best[3]


def _nash_on_affine(S: Polytope, idx: list[int], d: tuple, w: tuple) -> tuple | None:
    """Maximise ``sum w_i log(u_i - d_i)`` on the affine hull of a face by damped Newton (floats)."""
    P = S.points[idx]
    dd = np.array([float(x) for x in d])
    ww = np.array([float(x) for x in w])
    p0 = P[0]
    # orthonormal basis of the face's directions
    if len(P) == 1:
        return None
    _, s_, vt = np.linalg.svd(P[1:] - p0)
    r = int(np.sum(s_ > 1e-12 * max(1.0, s_.max())))
    B = vt[:r].T                                           # n x r
    # start: the point of the face with the largest smallest gain (an LP over the face's points)
    m = len(idx)
    c = np.zeros(m + 1)
    c[-1] = 1.0
    A_ub = np.hstack([-P.T, np.ones((S.n_players, 1))])
    res = linprog(list(c), A_ub.tolist(), list(-dd), [[1.0] * m + [0.0]], [1.0], [m], exact=False)
    if not res.ok or res.x[-1] <= 0:
        return None
    u = np.asarray(res.x[:m]) @ P
    t = B.T @ (u - p0)

    def f(t: np.ndarray) -> float:
        g = p0 + B @ t - dd
        return float(ww @ np.log(g)) if np.all(g > 0) else -np.inf

    for _ in range(200):
        g = p0 + B @ t - dd
        grad = B.T @ (ww / g)
        H = -(B.T * (ww / g**2)) @ B
        try:
            step = -np.linalg.solve(H, grad)
        except np.linalg.LinAlgError:
            return None
        f0, alpha, gnorm = f(t), 1.0, float(np.linalg.norm(grad))
        while alpha > 1e-12:
            trial = t + alpha * step
            ft = f(trial)
            # accept an ascent step, or (near the optimum, where f is flat to rounding) one that
            # shrinks the gradient: Newton's quadratic convergence needs the full step there
            if ft > f0 or (np.isfinite(ft) and _grad_norm(p0, B, dd, ww, trial) < gnorm):
                break
            alpha /= 2
        t = t + alpha * step
        if np.linalg.norm(t) > 1e12:
            return None
        if np.linalg.norm(alpha * step) <= 1e-15 * (1 + np.linalg.norm(t)):
            break
    u = p0 + B @ t
    return tuple(float(x) for x in u)


def _grad_norm(p0: np.ndarray, B: np.ndarray, d: np.ndarray, w: np.ndarray, t: np.ndarray) -> float:
    g = p0 + B @ t - d
    return float(np.linalg.norm(B.T @ (w / g))) if np.all(g > 0) else np.inf


def _certify_nash(S: Polytope, u: tuple, d: tuple, w: tuple, exact: bool) -> None:
    """First-order optimality: the hyperplane orthogonal to the Nash product's gradient supports S."""
    n = S.n_players
    if exact:
        g = [w[i] / (u[i] - d[i]) for i in range(n)]
        top = sum((g[i] * u[i] for i in range(n)), Fraction(0))
        worst = max(sum((g[i] * v[i] for i in range(n)), Fraction(0)) for v in S._vals(S.vertices))
        if worst > top:
            raise VerificationError(f"Nash point {u} fails the supporting-hyperplane test")
        return
    uu = np.array([float(x) for x in u])
    g = np.array([float(w[i]) for i in range(n)]) / (uu - np.array([float(x) for x in d]))
    if np.max(S.points @ g) > g @ uu + 1e-7 * max(1.0, float(np.abs(g @ uu))):
        raise VerificationError(f"Nash point {uu} fails the supporting-hyperplane test")


def _float_lottery(S: Polytope, u: tuple, face: frozenset[int]) -> dict[str, float]:
    idx = sorted(face)
    P = S.points[idx]
    n, m = S.n_players, len(idx)
    uu = np.array([float(x) for x in u])
    # least-violation lottery: min sum |V lambda - u| (an LP), robust to rounding of u
    A_eq = np.hstack([P.T, -np.eye(n), np.eye(n)])
    A_eq = np.vstack([A_eq, np.r_[np.ones(m), np.zeros(2 * n)]])
    b_eq = np.r_[uu, 1.0]
    c = np.r_[np.zeros(m), -np.ones(2 * n)]
    res = linprog(list(c), (), (), A_eq.tolist(), list(b_eq), (), exact=False)
    lam = np.clip(np.asarray(res.x[:m]), 0, None)
    lam = lam / lam.sum()
    out: dict[str, float] = {}
    for k, q in zip(idx, lam, strict=True):
        if q > 1e-12:
            out[S.labels[k]] = out.get(S.labels[k], 0.0) + float(q)
    return out


# --------------------------------------------------------------------------- ray solutions
def kalai_smorodinsky(problem: Any, disagreement: Any = None) -> BargainingSolution:
    """The Kalai–Smorodinsky solution: the furthest feasible point towards the ideal point.

    Parameters
    ----------
    problem : Game, Polytope, Frontier or array_like
        The bargaining problem: a :class:`Game` (the convex hull of its pure payoffs), a
        :class:`Polytope`, a :class:`Frontier`, or an ``(m, n)`` array of payoff vectors.
    disagreement : str or sequence of numbers, optional
        The disagreement point: for a Game a rule name or numbers (default its unique equilibrium's
        payoffs); otherwise numbers (default zero).

    Returns
    -------
    BargainingSolution
        The agreed payoffs (exact Fractions where the data are rational), the disagreement point,
        the weights and any notes.  ``ideal`` holds the ideal (utopia) point.

    References
    ----------
    Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
    *Econometrica* 43(3), 513-518.
    Thomson, W. (1994). Cooperative models of bargaining. *Handbook of Game Theory* 2, ch. 35,
    1237-1284.
    """
    pb = _Problem(problem, disagreement, None, "Kalai-Smorodinsky")
    if isinstance(pb.S, Frontier):
        from bargain.analysis.bargaining.smooth import ideal_frontier, ray_frontier

        a = ideal_frontier(pb.S, np.array(pb.d))
        u = ray_frontier(pb.S, np.array(pb.d), a - np.array(pb.d))
        return pb.result("kalai-smorodinsky", u, ideal=a)
    S: Polytope = pb.S  # type: ignore[assignment]
    a = S.ideal_point(pb.d)
    direction = tuple(a[i] - pb.d[i] for i in range(S.n_players))
    u, lottery = _ray_polytope(S, pb, direction)
    return pb.result("kalai-smorodinsky", u, lottery=lottery, ideal=a)


def egalitarian(problem: Any, disagreement: Any = None, weights: Sequence[Any] | None = None) -> BargainingSolution:
    """The egalitarian solution: the furthest feasible point with equal gains (gains proportional to ``weights``).

    Parameters
    ----------
    problem : Game, Polytope, Frontier or array_like
        The bargaining problem: a :class:`Game` (the convex hull of its pure payoffs), a
        :class:`Polytope`, a :class:`Frontier`, or an ``(m, n)`` array of payoff vectors.
    disagreement : str or sequence of numbers, optional
        The disagreement point: for a Game a rule name or numbers (default its unique equilibrium's
        payoffs); otherwise numbers (default zero).
    weights : sequence of numbers, optional
        The direction of the gains, one positive number per player (default equal gains).

    Returns
    -------
    BargainingSolution
        The agreed payoffs (exact Fractions where the data are rational), the disagreement point,
        the weights and any notes.

    References
    ----------
    Kalai, E. (1977). Proportional solutions to bargaining situations: interpersonal utility
    comparisons. *Econometrica* 45(7), 1623-1630.
    Thomson, W. (1994). Cooperative models of bargaining. *Handbook of Game Theory* 2, ch. 35,
    1237-1284.
    """
    pb = _Problem(problem, disagreement, weights, "egalitarian")
    if isinstance(pb.S, Frontier):
        from bargain.analysis.bargaining.smooth import ray_frontier

        return pb.result("egalitarian", ray_frontier(pb.S, np.array(pb.d), np.array(pb.w)))
    u, lottery = _ray_polytope(pb.S, pb, pb.w)  # type: ignore[arg-type]
    return pb.result("egalitarian", u, lottery=lottery)


def _ray_polytope(S: Polytope, pb: _Problem, direction: Sequence[Any]) -> tuple[tuple, dict[str, Any]]:
    n = S.n_players
    t, _ = S.improvement(pb.d, direction)  # type: ignore[misc]
    p = tuple(pb.d[i] + t * direction[i] for i in range(n))
    rows = S.payoff_rows()
    total = [sum(col) for col in zip(*rows, strict=True)]
    res = S.lp(total, [[-x for x in rows[i]] for i in range(n)], [-x for x in p])
    u = _point(S, res.x)
    same = all(S._eq(u[i], p[i]) for i in range(n))
    if not same:
        pb.notes.append("the point on the ray is only weakly Pareto optimal; the solution is the Pareto optimal point "
                        "dominating it with the largest total payoff")
    return u, _lottery_from(S, res.x)


def _point(S: Polytope, lam: Sequence[Any]) -> tuple:
    rows = S.payoff_rows()
    zero = S._zero()
    u = tuple(sum((r[k] * lam[k] for k in range(len(lam))), zero) for r in rows)
    return u if S.exact else tuple(float(x) for x in u)


def _lottery_from(S: Polytope, lam: Sequence[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, q in zip(S._unique, lam, strict=True):
        if (q != 0) if S.exact else (q > 1e-12):
            out[S.labels[k]] = out.get(S.labels[k], S._zero()) + q
    if not S.exact:
        total = sum(out.values())
        out = {k: float(v) / total for k, v in out.items()}
    return out


# --------------------------------------------------------------------------- utilitarian
def utilitarian(problem: Any, disagreement: Any = None, weights: Sequence[Any] | None = None) -> BargainingSolution:
    """A maximiser of ``sum_i w_i u_i`` among points giving everyone at least ``d``.

    When several points maximise the sum, the one with the largest smallest gain is returned.

    Parameters
    ----------
    problem : Game, Polytope, Frontier or array_like
        The bargaining problem: a :class:`Game` (the convex hull of its pure payoffs), a
        :class:`Polytope`, a :class:`Frontier`, or an ``(m, n)`` array of payoff vectors.
    disagreement : str or sequence of numbers, optional
        The disagreement point: for a Game a rule name or numbers (default its unique equilibrium's
        payoffs); otherwise numbers (default zero).
    weights : sequence of numbers, optional
        The utility weights ``w_i`` of the sum (default all one).

    Returns
    -------
    BargainingSolution
        The agreed payoffs (exact Fractions where the data are rational), the disagreement point,
        the weights and any notes.

    References
    ----------
    Thomson, W. (1994). Cooperative models of bargaining. *Handbook of Game Theory* 2, ch. 35,
    1237-1284.
    """
    pb = _Problem(problem, disagreement, weights, "utilitarian")
    if isinstance(pb.S, Frontier):
        from bargain.analysis.bargaining.smooth import utilitarian_frontier

        return pb.result("utilitarian", utilitarian_frontier(pb.S, np.array(pb.d), np.array(pb.w)))
    S: Polytope = pb.S  # type: ignore[assignment]
    n = S.n_players
    m = len(S._unique)
    rows = S.payoff_rows()
    zero = S._zero()
    one = Fraction(1) if S.exact else 1.0
    obj = [sum((pb.w[i] * rows[i][k] for i in range(n)), zero) for k in range(m)]
    ge_d = [[-x for x in rows[i]] for i in range(n)]
    res = S.lp(obj, ge_d, [-x for x in pb.d])
    best = res.value
    # tie-break: max s with u >= d + s, sum w u = best (within tolerance for floats)
    A_ub = [[*[-x for x in rows[i]], one] for i in range(n)]
    res2 = S.lp([zero] * m + [one], A_ub, [-x for x in pb.d], [[*obj, zero]], [best], extra=1)
    lam = res2.x[:m] if res2.ok else res.x
    u = _point(S, lam)
    return pb.result("utilitarian", u, lottery=_lottery_from(S, lam))


# --------------------------------------------------------------------------- dispatch
def bargain(problem: Any, solution: str = "nash", disagreement: Any = None,
            weights: Sequence[Any] | None = None) -> BargainingSolution:
    """Solve a bargaining problem by name: ``"nash"``, ``"kalai-smorodinsky"`` (``"ks"``),
    ``"egalitarian"`` or ``"utilitarian"``.

    Parameters
    ----------
    problem : Game, Polytope, Frontier or array_like
        The bargaining problem: a :class:`Game` (the convex hull of its pure payoffs), a
        :class:`Polytope`, a :class:`Frontier`, or an ``(m, n)`` array of payoff vectors.
    solution : str, default 'nash'
        ``"nash"``, ``"kalai-smorodinsky"`` (or ``"ks"``), ``"egalitarian"`` or ``"utilitarian"``.
    disagreement : str or sequence of numbers, optional
        The disagreement point: for a Game a rule name or numbers (default its unique equilibrium's
        payoffs); otherwise numbers (default zero).
    weights : sequence of numbers, optional
        One positive weight per player (default equal weights).

    Returns
    -------
    BargainingSolution
        The agreed payoffs (exact Fractions where the data are rational), the disagreement point,
        the weights and any notes.

    Raises
    ------
    GameError
        For an unknown solution name.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
    Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
    *Econometrica* 43(3), 513-518.
    Kalai, E. (1977). Proportional solutions to bargaining situations: interpersonal utility
    comparisons. *Econometrica* 45(7), 1623-1630.
    Thomson, W. (1994). Cooperative models of bargaining. *Handbook of Game Theory* 2, ch. 35,
    1237-1284.
    """
    key = solution.strip().lower().replace("_", "-")
    key = {"ks": "kalai-smorodinsky", "kalai": "kalai-smorodinsky", "nbs": "nash"}.get(key, key)
    if key == "nash":
        return nash_solution(problem, disagreement, weights)
    if key == "kalai-smorodinsky":
        if weights is not None:
            raise GameError("the Kalai-Smorodinsky solution takes no weights; drop weights=")
        return kalai_smorodinsky(problem, disagreement)
    if key == "egalitarian":
        return egalitarian(problem, disagreement, weights)
    if key == "utilitarian":
        return utilitarian(problem, disagreement, weights)
    from bargain.errors import did_you_mean

    raise GameError(f"unknown bargaining solution {solution!r}{did_you_mean(key, SOLUTIONS)}; choose one of "
                    f"{', '.join(SOLUTIONS)}")

