"""Issue linkage: several issues bargained as one package.

Linking issues lets each side concede where it cares less and gain where it cares more
(Sebenius 1983, "Negotiation arithmetic"; Raiffa 1982, *The Art and Science of Negotiation*,
ch. 10-13).  A *package* fixes a level of every issue; each side's utility of a package is a
numpy expression (vectorised over packages).  The feasible set is the convex hull of the
packages' utility vectors (agreements may be lotteries, or gradual levels), and any bargaining
solution picks a point of its Pareto frontier; the disagreement point is what the sides get with
no deal (typically the equilibrium of the non-cooperative game).

* :func:`link_issues` -- the Pareto frontier of package deals and the bargained package, and
  for comparison the bargain over each issue *alone* (the others held at the status quo): the
  difference is the gain from linkage.
* :func:`required_concession` -- the least a *giver* must concede on one issue for the
  *receiver* to accept a package that fixes another issue (e.g. what the US must give up on the
  Taiwan arms sale for China to enforce sanctions on North Korea), vectorised over parameter
  arrays.  Receiver acceptance is the participation constraint ``u_R(package) >= d_R``; among
  packages meeting it the giver picks the best for itself.  When the receiver's utility is
  affine in the concession issue (checked), the boundary level is solved exactly in closed form
  per grid point of the remaining issues; otherwise a fine grid is searched.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain.analysis.bargaining.feasible import Polytope
from bargain.analysis.bargaining.result import BargainingSolution, jsonable
from bargain.analysis.bargaining.solutions import bargain as solve_bargain
from bargain.errors import GameError

__all__ = ["Issue", "LinkageResult", "PackageDeal", "link_issues", "required_concession"]


@dataclass(frozen=True)
class Issue:
    """One issue on the table: a name, the levels a package may set it to, and what it means.

    Parameters
    ----------
    name : str
        The issue's name (a Python identifier: the utility function's keyword).
    levels : tuple of float, default (0.0, 0.5, 1.0)
        The levels a package may set it to.
    meaning : str, default ''
        What the levels mean.

    Raises
    ------
    GameError
        For a name that is not an identifier, or levels that are not finite numbers.
    """

    name: str
    levels: tuple[float, ...] = (0.0, 0.5, 1.0)
    meaning: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise GameError(f"issue name {self.name!r} must be a Python identifier (it is a keyword argument)")
        try:
            lv = tuple(float(x) for x in np.ravel(self.levels))
        except (TypeError, ValueError):
            raise GameError(f"levels of issue {self.name!r} must be numbers") from None
        if not lv or not all(np.isfinite(lv)):
            raise GameError(f"issue {self.name!r} needs at least one finite level")
        object.__setattr__(self, "levels", lv)


@dataclass(frozen=True)
class PackageDeal:
    """A package: the level of each issue, and each side's utility of it.

    Parameters
    ----------
    levels : mapping of str to float
        The level of each issue.
    payoffs : tuple of float
        Each side's utility of the package.
    """

    levels: Mapping[str, float]
    payoffs: tuple[float, ...]

    def label(self) -> str:
        return ", ".join(f"{k}={v:g}" for k, v in self.levels.items())


@dataclass(frozen=True, eq=False)
class LinkageResult:
    """The linked bargain: frontier packages, the solution, the expected package, issue-by-issue bargains.

    ``best_pure`` is the single package (no lottery) with the largest Nash product over the
    disagreement point.  ``package`` is the probability-weighted mean level of each issue in the
    solution's lottery;
    ``package_payoffs`` its utilities (equal to the solution's payoffs when the lottery mixes
    packages that differ in one issue over which utilities are affine, so the mean package itself
    is a deterministic deal achieving the solution: ``deterministic``).

    Parameters
    ----------
    players : tuple of str
        The players' names.
    issues : tuple of Issue
        The issues linked.
    solution : BargainingSolution
        The bargain over all packages.
    frontier : tuple of PackageDeal
        The Pareto optimal packages.
    package : dict of str to float
        The probability-weighted mean level of each issue in the solution's lottery.
    package_payoffs : tuple of float
        The utilities of that mean package.
    deterministic : bool
        Whether the mean package itself achieves the solution.
    separate : dict of str to BargainingSolution or None
        Each issue bargained alone (with ``status_quo``), None where no deal is possible.
    best_pure : PackageDeal, optional
        The single package with the largest Nash product.
    """

    players: tuple[str, ...]
    issues: tuple[Issue, ...]
    solution: BargainingSolution
    frontier: tuple[PackageDeal, ...]
    package: dict[str, float]
    package_payoffs: tuple[float, ...]
    deterministic: bool
    separate: dict[str, BargainingSolution | None] = field(default_factory=dict)
    best_pure: PackageDeal | None = None

    @property
    def linkage_gain(self) -> dict[str, float]:
        """Nash-product gain of the linked bargain over each issue bargained alone (``-inf``: alone, no deal)."""
        out = {}
        linked = float(np.sum(np.log(np.maximum(self.solution.gains, 1e-300))))
        for name, sol in self.separate.items():
            out[name] = float("inf") if sol is None else linked - float(np.sum(np.log(np.maximum(sol.gains,
                                                                                                  1e-300))))
        return out

    def to_dict(self) -> dict[str, Any]:
        return jsonable({
            "players": list(self.players),
            "issues": [{"name": i.name, "levels": list(i.levels), "meaning": i.meaning} for i in self.issues],
            "solution": self.solution.to_dict(),
            "package": self.package,
            "package_payoffs": dict(zip(self.players, self.package_payoffs, strict=True)),
            "deterministic": self.deterministic,
            "best_pure": None if self.best_pure is None else {"package": dict(self.best_pure.levels),
                                                              "payoffs": list(self.best_pure.payoffs)},
            "frontier": [{"package": dict(p.levels), "payoffs": list(p.payoffs)} for p in self.frontier],
            "separate": {k: (None if v is None else v.to_dict()) for k, v in self.separate.items()},
        })

    def __repr__(self) -> str:
        pk = ", ".join(f"{k}={v:.4g}" for k, v in self.package.items())
        lines = [f"Linked bargain over {', '.join(i.name for i in self.issues)}: package {pk}"
                 + ("" if self.deterministic else " (as a lottery)"),
                 "  " + repr(self.solution).replace("\n", "\n  "),
                 f"  Pareto frontier: {len(self.frontier)} packages"]
        if self.best_pure is not None and not self.deterministic:
            lines.append(f"  best single package: {self.best_pure.label()} -> "
                         + ", ".join(f"{p}={v:.4g}" for p, v in zip(self.players, self.best_pure.payoffs,
                                                                     strict=True)))
        for name, sol in self.separate.items():
            alone = "no gain possible" if sol is None else ", ".join(
                f"{p}={v:.4g}" for p, v in zip(self.players, sol.payoffs, strict=True))
            lines.append(f"  {name} alone: {alone}")
        return "\n".join(lines)


def _grid(issues: Sequence[Issue]) -> dict[str, np.ndarray]:
    combos = np.array(list(itertools.product(*(i.levels for i in issues))), dtype=float)
    return {iss.name: combos[:, k] for k, iss in enumerate(issues)}


def _evaluate(utility: Callable[..., Any], packages: Mapping[str, np.ndarray], n: int | None) -> np.ndarray:
    size = len(next(iter(packages.values())))
    try:
        out = np.asarray(utility(**packages), dtype=float)
    except TypeError as exc:
        raise GameError(f"the utility function must accept the issues as keyword arguments "
                        f"({', '.join(packages)}): {exc}") from None
    if out.ndim == 1 and size != out.shape[0]:
        raise GameError(f"the utility function returned shape {out.shape}; expected (n_players, {size})")
    if out.ndim != 2 or out.shape[1] != size or (n is not None and out.shape[0] != n):
        raise GameError(f"the utility function returned shape {out.shape}; expected (n_players, {size}): one row "
                        "of utilities per player, one column per package")
    if not np.all(np.isfinite(out)):
        raise GameError("the utility function gave a non-finite utility; check the formulas")
    return out


def link_issues(issues: Sequence[Issue], utility: Callable[..., Any], disagreement: Sequence[float],
                *, players: Sequence[str] | None = None, solution: str = "nash",
                weights: Sequence[float] | None = None, status_quo: Mapping[str, float] | None = None
                ) -> LinkageResult:
    """Bargain over packages of ``issues``.

    ``utility(**levels)`` gets one float array per issue (all packages at once) and returns an
    array of shape ``(n_players, n_packages)``.  ``disagreement`` is the no-deal utility vector.
    With ``status_quo`` (a level per issue) each issue is also bargained alone, the others held
    at the status quo, for the gain from linkage.

    Parameters
    ----------
    issues : sequence of Issue
        The issues (distinct names).
    utility : callable
        ``utility(**levels)`` -> array ``(n_players, n_packages)``, given one float array per issue.
    disagreement : sequence of float
        The no-deal utility vector.
    players : sequence of str, optional
        The players' names.
    solution : str, default 'nash'
        ``"nash"``, ``"kalai-smorodinsky"``, ``"egalitarian"`` or ``"utilitarian"``.
    weights : sequence of float, optional
        Bargaining or utility weights (default equal).
    status_quo : mapping of str to float, optional
        A level per issue: each issue is then also bargained alone, the others held there.

    Returns
    -------
    LinkageResult
        The frontier packages, the solution, the mean package and the issue-by-issue bargains.

    Raises
    ------
    GameError
        For no issues or repeated names, a utility function of the wrong shape or with
        non-finite values, or a status quo missing an issue.

    References
    ----------
    Sebenius, J. K. (1983). Negotiation arithmetic: adding and subtracting issues and parties.
    *International Organization* 37(2), 281-316.
    Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard University Press.
    Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
    """
    issues = tuple(issues)
    if not issues:
        raise GameError("give at least one Issue to bargain over")
    names = [i.name for i in issues]
    if len(set(names)) != len(names):
        raise GameError(f"issue names {names} must be unique")
    packages = _grid(issues)
    U = _evaluate(utility, packages, None)
    n = U.shape[0]
    labels = [", ".join(f"{k}={packages[k][j]:g}" for k in names) for j in range(U.shape[1])]
    S = Polytope(U.T, players=players, labels=labels)
    sol = solve_bargain(S, solution, disagreement, weights)
    # the expected package of the lottery
    index = {lab: j for j, lab in enumerate(labels)}
    lot = {k: float(v) for k, v in (sol.lottery or {}).items()}
    package = {k: float(sum(q * packages[k][index[lab]] for lab, q in lot.items())) for k in names}
    mean_pay = _evaluate(utility, {k: np.array([v]) for k, v in package.items()}, n)[:, 0]
    deterministic = bool(np.allclose(mean_pay, sol.payoffs, atol=1e-9 * max(1.0, float(np.abs(U).max()))))
    frontier = []
    for face in S.pareto_faces():
        for j in sorted(face):
            frontier.append(PackageDeal({k: float(packages[k][j]) for k in names}, tuple(float(x) for x in U[:, j])))
    frontier.sort(key=lambda p: p.payoffs)
    dd = np.array([float(x) for x in sol.disagreement])
    gains = U - dd[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(np.all(gains > 0, axis=0), np.log(np.where(gains > 0, gains, 1.0)).sum(axis=0), -np.inf)
    j = int(np.argmax(logs))
    best_pure = PackageDeal({k: float(packages[k][j]) for k in names}, tuple(float(x) for x in U[:, j])) \
        if np.isfinite(logs[j]) else None
    separate: dict[str, BargainingSolution | None] = {}
    if status_quo is not None:
        missing = [k for k in names if k not in status_quo]
        if missing:
            raise GameError(f"status_quo must give a level for every issue; missing {missing}")
        for iss in issues:
            sub = {k: np.full(len(iss.levels), float(status_quo[k])) for k in names}
            sub[iss.name] = np.array(iss.levels)
            Ui = _evaluate(utility, sub, n)
            Si = Polytope(Ui.T, players=players, labels=[f"{iss.name}={x:g}" for x in iss.levels])
            try:
                separate[iss.name] = solve_bargain(Si, solution, disagreement, weights)
            except GameError:
                separate[iss.name] = None      # that issue alone leaves no mutually beneficial deal
    return LinkageResult(S.players, issues, sol, tuple(frontier), package, tuple(float(x) for x in mean_pay),
                         deterministic, separate, best_pure)


def required_concession(
    giver: Callable[..., Any],
    receiver: Callable[..., Any],
    receiver_disagreement: Callable[..., Any],
    *,
    concession: str,
    fixed: Mapping[str, float],
    free: Mapping[str, Sequence[float]] | None = None,
    concede_towards: float = 0.0,
    start: float = 1.0,
    parameters: Mapping[str, Any] | None = None,
    resolution: int = 2001,
) -> dict[str, np.ndarray]:
    """The least concession on issue ``concession`` that makes the receiver accept a package fixing ``fixed``.

    ``giver(**levels, **parameters)`` and ``receiver(...)`` are utilities of packages (numpy,
    broadcasting); ``receiver_disagreement(**parameters)`` is the receiver's no-deal utility.
    The concession issue moves from ``start`` (no concession) towards ``concede_towards``; the
    concession is ``|level - start|`` as a share of ``|concede_towards - start|``.  ``free``
    issues (e.g. sanctions) take the level best for the giver.  ``parameters`` are arrays that
    broadcast together (e.g. a 2-D grid of buffer value and refugee risk).

    Returns a dict of arrays over the parameter grid: ``concession`` (share conceded; NaN where
    even a full concession is not enough), ``level`` (of the concession issue), ``giver_payoff``
    and ``receiver_payoff`` of the chosen package, and ``free:<name>`` levels.

    Parameters
    ----------
    giver, receiver : callable
        Utilities of packages, ``f(**levels, **parameters)`` (numpy, broadcasting).
    receiver_disagreement : callable
        The receiver's no-deal utility, ``f(**parameters)``.
    concession : str
        The issue conceded.
    fixed : mapping of str to float
        The levels of the issues the package fixes.
    free : mapping of str to sequence of float, optional
        Issues that take the level best for the giver, with the levels allowed.
    concede_towards : float, default 0.0
        The level of a full concession.
    start : float, default 1.0
        The level of no concession.
    parameters : mapping of str to array_like, optional
        Parameter arrays that broadcast together (a grid).
    resolution : int, default 2001
        Levels tried between ``start`` and ``concede_towards``.

    Returns
    -------
    dict of str to ndarray
        Over the parameter grid: ``concession`` (share conceded; NaN where even a full concession
        is not enough), ``level``, ``giver_payoff``, ``receiver_payoff`` and ``free:<name>``.

    Raises
    ------
    GameError
        For parameters that do not broadcast, equal ``start`` and ``concede_towards``, or a
        concession issue that is also fixed or free.

    References
    ----------
    Sebenius, J. K. (1983). Negotiation arithmetic: adding and subtracting issues and parties.
    *International Organization* 37(2), 281-316.
    Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard University Press.
    """
    params = {k: np.asarray(v, dtype=float) for k, v in (parameters or {}).items()}
    try:
        shape = np.broadcast_shapes(*(v.shape for v in params.values())) if params else ()
    except ValueError:
        raise GameError("parameter arrays do not broadcast together; give arrays of one shape or an open grid "
                        "(e.g. shapes (100, 1) and (1, 50))") from None
    if start == concede_towards:
        raise GameError("start and concede_towards must differ: they are the ends of the concession scale")
    free = dict(free or {})
    if concession in fixed or concession in free:
        raise GameError(f"issue {concession!r} cannot be both the concession and a fixed or free issue")
    pb = {k: np.broadcast_to(v, shape)[..., None] for k, v in params.items()}    # (..., 1) for the package axis
    combos = list(itertools.product(*free.values())) if free else [()]
    free_names = list(free)
    d_r = np.broadcast_to(np.asarray(receiver_disagreement(**params), dtype=float), shape)[..., None]

    def levels(c: np.ndarray, combo: Sequence[float]) -> dict[str, Any]:
        out = {k: float(v) for k, v in fixed.items()}
        out.update({k: float(v) for k, v in zip(free_names, combo, strict=True)})
        out[concession] = c
        return out

    # Is the receiver's utility affine in the concession level?  (check at 0, 1/2, 1 of the scale)
    ends = np.array([start, (start + concede_towards) / 2, concede_towards], dtype=float)
    best_giver = np.full(shape, -np.inf)
    best = {"level": np.full(shape, np.nan), "receiver_payoff": np.full(shape, np.nan)}
    best_free = {k: np.full(shape, np.nan) for k in free_names}
    for combo in combos:
        r3 = np.broadcast_to(np.asarray(receiver(**levels(ends, combo), **pb), dtype=float), (*shape, 3))
        affine = np.allclose(r3[..., 1], (r3[..., 0] + r3[..., 2]) / 2, atol=1e-12 * (1 + np.abs(r3).max()))
        if affine:
            # receiver(t) = r0 + t (r1 - r0) along the scale t in [0, 1]; accept iff >= d_r
            r0, r1 = r3[..., 0], r3[..., 2]
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.where(r0 >= d_r[..., 0], 0.0, (d_r[..., 0] - r0) / (r1 - r0))
            t = np.where((t >= 0) & (t <= 1) & ~((r0 < d_r[..., 0]) & (r1 <= r0)), t, np.nan)
        else:
            grid = np.linspace(0.0, 1.0, int(resolution))
            lv = start + grid * (concede_towards - start)
            rv = np.broadcast_to(np.asarray(receiver(**levels(lv, combo), **pb), dtype=float), (*shape, len(grid)))
            ok = rv >= d_r
            first = np.argmax(ok, axis=-1)
            t = np.where(ok.any(axis=-1), grid[first], np.nan)
        lvl = start + t * (concede_towards - start)
        lvl_arg = np.where(np.isnan(lvl), start, lvl)[..., None]
        g = np.asarray(giver(**levels(lvl_arg, combo), **pb), dtype=float)[..., 0]
        r = np.asarray(receiver(**levels(lvl_arg, combo), **pb), dtype=float)[..., 0]
        g = np.where(np.isnan(t), -np.inf, np.broadcast_to(g, shape))
        better = g > best_giver
        best_giver = np.where(better, g, best_giver)
        best["level"] = np.where(better, lvl, best["level"])
        best["receiver_payoff"] = np.where(better, np.broadcast_to(r, shape), best["receiver_payoff"])
        for k, v in zip(free_names, combo, strict=True):
            best_free[k] = np.where(better, v, best_free[k])
    share = np.abs(best["level"] - start) / abs(concede_towards - start)
    out = {"concession": share, "level": best["level"],
           "giver_payoff": np.where(np.isfinite(best_giver), best_giver, np.nan),
           "receiver_payoff": best["receiver_payoff"]}
    out.update({f"free:{k}": v for k, v in best_free.items()})
    return out
