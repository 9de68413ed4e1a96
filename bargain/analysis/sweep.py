"""Parameter sweeps: every equilibrium at every point of a 1-D or 2-D grid, followed as branches.

A sweep evaluates the model's payoffs for the whole grid in one array operation
(:meth:`bargain.Model.payoffs`), solves all the games at once with
:func:`bargain.solvers.batch.solve_batch`, and, for a 1-D sweep, *tracks* the equilibria: the
equilibrium at one grid point is matched to the one at the next that continues it, so that each
branch of the equilibrium correspondence ``theta -> E(theta)`` becomes one line (an array with NaN
where the branch does not exist).  Matching is a minimum-cost assignment (Kuhn 1955, the
Hungarian method; :func:`scipy.optimize.linear_sum_assignment`) between the equilibria at
``theta_{k+1}`` and the linear prediction ``2 x(theta_k) - x(theta_{k-1})`` of each live branch,
so crossing branches are told apart by their slopes.  Generic equilibria move continuously with
the parameters and appear or vanish in pairs or at boundaries (Harsanyi 1973; the structure
theorem of Kohlberg and Mertens 1986), which is what makes this well defined between thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.rich import RichDisplay
from bargain.solvers.batch import BatchEquilibria, solve_batch

__all__ = ["Sweep", "sweep", "grid_values", "track", "support_label", "support_codes", "set_label",
           "equilibrium_set_labels", "outcome_values"]

#: Largest profile distance (max-norm) a branch may jump between neighbouring grid points.
MAX_JUMP = 0.25


@dataclass
class Sweep(RichDisplay):
    """The equilibria of a model over a grid of one or two parameters.

    Attributes
    ----------
    model: the model's name.
    parameters: the swept parameter names (one or two).
    axes: the values of each swept parameter (the grid is their outer product, ``indexing="ij"``).
    fixed: values of every other parameter.
    players, strategies: names from the model.
    result: the :class:`~bargain.solvers.batch.BatchEquilibria` at every grid point
        (``result.count.shape == grid_shape``).
    branches: 1-D sweeps only: ``(N, K)`` branch number of each equilibrium slot (-1 for empty).
    tracks: 1-D only: ``(n_branches, N, sum(shape))`` the profile along each branch, NaN where the
        branch does not exist; ``track_payoffs`` the same for payoffs ``(n_branches, N, n)``.
    """

    model: str
    parameters: tuple[str, ...]
    axes: tuple[np.ndarray, ...]
    fixed: dict[str, float]
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    result: BatchEquilibria
    branches: np.ndarray | None = None
    tracks: np.ndarray | None = None
    track_payoffs: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def grid_shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    @property
    def values(self) -> np.ndarray:
        """The swept values: ``(N,)`` for 1-D, ``(Nx, Ny, 2)`` for 2-D."""
        if len(self.axes) == 1:
            return self.axes[0]
        return np.stack(np.meshgrid(*self.axes, indexing="ij"), axis=-1)

    @property
    def n_branches(self) -> int:
        return 0 if self.tracks is None else int(self.tracks.shape[0])

    def column(self, player: int | str, strategy: int | str) -> int:
        """Index in a profile vector of ``player``'s ``strategy`` (names or indices)."""
        i = _index(self.players, player, "player")
        k = _index(self.strategies[i], strategy, f"strategy of {self.players[i]}")
        return int(sum(len(s) for s in self.strategies[:i]) + k)

    def probability(self, player: int | str, strategy: int | str, *, tracked: bool = True) -> np.ndarray:
        """The probability that ``player`` plays ``strategy``.

        ``tracked=True`` (1-D): ``(n_branches, N)`` along each branch; otherwise
        ``grid_shape + (K,)`` per equilibrium slot (NaN padding).
        """
        c = self.column(player, strategy)
        if tracked:
            if self.tracks is None:
                raise GameError("tracked values exist only for 1-D sweeps; use tracked=False")
            return self.tracks[..., c]
        return self.result.profiles[..., c]

    def branch_labels(self) -> list[str]:
        """A name for each branch: the support it has inside its interval (``US:Press | China:Optics+Lax``).

        A branch is born or dies where the game is degenerate (a threshold), and there its profile
        often sits on a face of the interior support (``China:Optics`` at the end point of a branch
        on which China mixes Optics and Lax).  The label is therefore the support held on the most
        interior grid points of the branch (its end points left out when it has three or more), the
        generic support of that piece of the equilibrium correspondence (Harsanyi 1973); ties go to
        the support met first.
        """
        if self.tracks is None:
            return []
        out = []
        for b in range(self.n_branches):
            alive = np.flatnonzero(~np.isnan(self.tracks[b, :, 0]))
            inner = alive[1:-1] if len(alive) >= 3 else alive
            labels = [support_label(self.tracks[b, k], self.players, self.strategies) for k in inner]
            counts: dict[str, int] = {}
            for lab in labels:
                counts[lab] = counts.get(lab, 0) + 1
            out.append(max(counts, key=lambda lab: counts[lab]))     # first of the most frequent (dicts keep order)
        return out

    def branch_extent(self) -> list[tuple[float, float]]:
        """The parameter interval (first and last grid value) on which each branch exists."""
        if self.tracks is None:
            return []
        xs = self.axes[0]
        out = []
        for b in range(self.n_branches):
            alive = np.flatnonzero(~np.isnan(self.tracks[b, :, 0]))
            out.append((float(xs[alive[0]]), float(xs[alive[-1]])))
        return out

    def signatures(self) -> np.ndarray:
        """``grid_shape`` array of strings: the supports of all equilibria at each point, joined by ``; ``."""
        return equilibrium_set_labels(self.result, self.players, self.strategies)

    def __repr__(self) -> str:
        """A summary (what was swept, the branches and where they live), never the arrays."""
        return self._text_table()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "model": self.model,
            "parameters": list(self.parameters),
            "axes": [a.tolist() for a in self.axes],
            "fixed": dict(self.fixed),
            "players": list(self.players),
            "strategies": [list(s) for s in self.strategies],
            "result": self.result.to_dict(),
            "notes": list(self.notes),
        }
        if self.tracks is not None:
            from bargain.solvers.batch import nan_to_none

            out["branches"] = {
                "labels": self.branch_labels(),
                "profiles": nan_to_none(self.tracks),
                "payoffs": nan_to_none(self.track_payoffs),
            }
        return out


def _index(names: Sequence[str], key: int | str, what: str) -> int:
    if isinstance(key, str):
        if key not in names:
            from bargain.errors import did_you_mean

            raise GameError(f"unknown {what} {key!r}{did_you_mean(key, names)}; choose from {list(names)}")
        return list(names).index(key)
    k = int(key)
    if not 0 <= k < len(names):
        raise GameError(f"{what} index {k} out of range 0..{len(names) - 1}")
    return k


def support_label(profile: np.ndarray, players: Sequence[str], strategies: Sequence[Sequence[str]],
                  tol: float = 1e-9) -> str:
    """``"US:Press | China:Enforce+Lax | DPRK:Test"``: who uses what in one profile vector."""
    parts, o = [], 0
    for p, strats in zip(players, strategies, strict=True):
        used = [s for k, s in enumerate(strats) if profile[o + k] > tol]
        parts.append(f"{p}:{'+'.join(used)}")
        o += len(strats)
    return " | ".join(parts)


def support_codes(res: BatchEquilibria) -> np.ndarray:
    """``(N, K)`` per point, the supports of its equilibria as bit masks (bit ``k``: strategy ``k`` of
    the profile vector is used), largest first, ``-1`` in empty slots."""
    flat_prof = res.profiles.reshape((-1, *res.profiles.shape[-2:]))
    if flat_prof.shape[-1] > 62:
        raise GameError(f"support codes take at most 62 strategies in all, got {flat_prof.shape[-1]}")
    counts = res.count.reshape(-1)
    weights = (1 << np.arange(flat_prof.shape[-1], dtype=np.int64))
    codes = np.where(np.arange(flat_prof.shape[1])[None, :] < counts[:, None], (flat_prof > 1e-9) @ weights, -1)
    return -np.sort(-codes, axis=1)


def set_label(codes: Sequence[int], players: Sequence[str], strategies: Sequence[Sequence[str]]) -> str:
    """The label of one equilibrium set given by its support codes (see :func:`support_codes`)."""
    size = sum(len(s) for s in strategies)
    sup = [support_label(((int(c) >> np.arange(size)) & 1).astype(float), players, strategies)
           for c in codes if c >= 0]
    return "; ".join(sup) if sup else "none"


def equilibrium_set_labels(res: BatchEquilibria, players: Sequence[str],
                           strategies: Sequence[Sequence[str]]) -> np.ndarray:
    """Per point, the sorted supports of all its equilibria joined by ``"; "`` (``"none"`` if empty)."""
    # Encode each support as an integer bit mask to label the grid without a loop over points.
    uniq, inverse = np.unique(support_codes(res), axis=0, return_inverse=True)
    names = [set_label(row, players, strategies) for row in uniq]
    return np.array(names, dtype=object)[inverse.reshape(-1)].reshape(res.count.shape)


def grid_values(model: Any, name: str, n: int) -> np.ndarray:
    """``n`` evenly spaced values of parameter ``name`` across its bounds."""
    prm = model.parameter(name) if hasattr(model, "parameter") else model.parameters[name]
    lo, hi = prm.bounds
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise GameError(f"parameter {name!r} has unbounded range [{lo}, {hi}]: give the values to sweep explicitly")
    if int(n) < 2:
        raise GameError(f"a sweep needs at least 2 points, got n={n}")
    return np.linspace(lo, hi, int(n))


def _normalise_request(model: Any, parameters: Any, values: Any, n: Any) -> tuple[tuple[str, ...],
                                                                                    tuple[np.ndarray, ...]]:
    if isinstance(parameters, Mapping):
        names = tuple(parameters)
        given = [parameters[k] for k in names]
    else:
        names = (parameters,) if isinstance(parameters, str) else tuple(parameters)
        if values is None:
            given = [None] * len(names)
        elif len(names) == 1:
            given = [values]
        else:
            given = list(values)
    if not 1 <= len(names) <= 2:
        raise GameError(f"a sweep varies one or two parameters, got {len(names)}: {list(names)}")
    if len(set(names)) != len(names):
        raise GameError(f"parameter {names[0]!r} is given twice; sweep two different parameters")
    ns = n if isinstance(n, Sequence) else (n,) * len(names)
    axes = []
    for name, vals, k in zip(names, given, ns, strict=True):
        if name not in model.parameters:
            from bargain.errors import did_you_mean

            raise GameError(f"model {model.name!r} has no parameter {name!r}{did_you_mean(name, model.parameters)}; "
                            f"its parameters are {list(model.parameters)}")
        arr = grid_values(model, name, k) if vals is None else np.asarray(vals, dtype=float).ravel()
        if arr.size == 0:
            raise GameError(f"no values given for parameter {name!r}")
        model.parameters[name].check(arr)
        axes.append(arr)
    return names, tuple(axes)


def sweep(
    model: Any,
    parameters: str | Sequence[str] | Mapping[str, Any],
    values: Any = None,
    *,
    n: int | Sequence[int] = 101,
    fixed: Mapping[str, float] | None = None,
    method: str = "auto",
    track_branches: bool = True,
    progress: bool = False,
) -> Sweep:
    """All equilibria of ``model`` over a grid of one or two parameters.

    Parameters
    ----------
    model : Any
        a :class:`bargain.Model`.
    parameters : str | Sequence[str] | Mapping[str, Any]
        a parameter name, two names, or a mapping ``{name: values}``.
    values : Any, optional
        the values of a single swept parameter (default: ``n`` points across its bounds).
    n : int | Sequence[int], default 101
        number of grid points per swept parameter when values are not given.
    fixed : Mapping[str, float] | None, optional
        values of other parameters (the rest take their defaults).
    method : str, default 'auto'
        full solver for points the batch method leaves to it (see :func:`solve_batch`).
    track_branches : bool, default True
        follow equilibria along a 1-D sweep (see :func:`track`).
    progress : bool, default False
        show a tqdm progress bar.

    Returns
    -------
    Sweep
        The equilibria at every grid point (profiles, payoffs, counts and whether each point's set
        is complete), with the branches followed along a one-parameter sweep.

    Raises
    ------
    GameError
        For a parameter both swept and fixed, an unknown parameter, or values outside its bounds.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, 87-142.
    Harsanyi, J. C. (1973). Oddness of the number of equilibrium points. *IJGT* 2, 235-250.
    Kohlberg, E. and Mertens, J.-F. (1986). On the strategic stability of equilibria.
    *Econometrica* 54(5), 1003-1037.

    Examples
    --------
    >>> s = sweep(model, "refugee_risk", n=201)               # doctest: +SKIP
    >>> s.probability("China", "Enforce")                     # (n_branches, 201) # doctest: +SKIP
    """
    names, axes = _normalise_request(model, parameters, values, n)
    fixed = dict(fixed or {})
    clash = [k for k in fixed if k in names]
    if clash:
        raise GameError(f"parameter(s) {clash} are both swept and fixed; drop them from fixed")
    grid = {names[0]: axes[0]} if len(axes) == 1 else {names[0]: axes[0][:, None], names[1]: axes[1][None, :]}
    P = model.payoffs(**fixed, **grid)
    gshape = tuple(len(a) for a in axes)
    P = np.broadcast_to(P, gshape + P.shape[len(P.shape) - model.n_players - 1:])
    res = _solve_with_progress(P, model, method, progress)
    checked = model.validate(**fixed)
    out = Sweep(
        model=model.name, parameters=names, axes=axes,
        fixed={k: float(v) for k, v in checked.items() if k not in names},
        players=tuple(model.players), strategies=tuple(tuple(s) for s in model.strategies), result=res,
    )
    if res.continuum.any():
        out.notes.append(f"{int(res.continuum.sum())} grid point(s) have a continuum of equilibria; "
                         "the profiles there are its extreme or sample points")
    if not res.complete.all():
        out.notes.append(f"{int((~res.complete).sum())} grid point(s) were solved by a method that is not "
                         "complete: equilibria may be missing there")
    if len(axes) == 1 and track_branches:
        out.branches, out.tracks, out.track_payoffs = track(res)
    return out


def _solve_with_progress(P: np.ndarray, model: Any, method: str, progress: bool) -> BatchEquilibria:
    n = model.n_players
    total = int(np.prod(P.shape[:P.ndim - n - 1]))
    if not progress:
        return solve_batch(P, n_players=n, method=method, players=model.players, strategies=model.strategies)
    from bargain.solvers.progress import progress_bar

    with progress_bar(total, f"sweep {model.name}", "pt") as bar:
        return solve_batch(P, n_players=n, method=method, players=model.players, strategies=model.strategies,
                           progress=bar.update)


def track(res: BatchEquilibria, max_jump: float = MAX_JUMP) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Follow the equilibria of a 1-D batch as continuous branches.

    Two equilibria at neighbouring points continue one branch if they have the same support, or
    else if their distance (max-norm, from the branch's linear prediction) is at most
    ``max_jump``; the assignment minimises the total distance.
    Returns ``(branches, tracks, track_payoffs)``: the branch number of every slot ``(N, K)``
    (-1 where empty), and per branch the profiles ``(n_branches, N, S)`` and payoffs
    ``(n_branches, N, n)`` with NaN where the branch does not exist.
    """
    from scipy.optimize import linear_sum_assignment

    prof, pay, count = res.profiles, res.payoffs, res.count
    if prof.ndim != 3:
        raise GameError("track() needs a 1-D batch (one swept parameter)")
    N, K, S = prof.shape
    branches = np.full((N, K), -1, int)
    # Support codes; a row whose supports are those of the previous row (all distinct) continues
    # every branch by support - decided for whole runs of rows at once.
    slots = np.arange(K)[None, :] < count[:, None]
    codes = np.where(slots, (np.nan_to_num(prof, nan=0.0) > 1e-9) @ (1 << np.arange(S, dtype=np.int64)), -1)
    scodes = np.sort(codes, axis=1)
    distinct = np.all((np.diff(scodes, axis=1) != 0) | (scodes[:, 1:] < 0), axis=1) if K > 1 else np.ones(N, bool)
    simple = np.zeros(N, bool)
    simple[1:] = np.all(scodes[1:] == scodes[:-1], axis=1) & distinct[1:] & distinct[:-1] & (count[1:] > 0)
    events = np.flatnonzero(~simple)
    nb = 0
    for n_ev, i in enumerate(events):
        cur = prof[i, :count[i]]
        if i > 0 and len(cur) and count[i - 1]:
            live = branches[i - 1, :count[i - 1]]
            here = prof[i - 1, :count[i - 1]]
            pred = here.copy()
            if i > 1:
                for a, bnum in enumerate(live):
                    hit = np.flatnonzero(branches[i - 2] == bnum)
                    if hit.size:
                        pred[a] = 2 * here[a] - prof[i - 2, hit[0]]
            cost = np.minimum(np.abs(pred[:, None, :] - cur[None, :, :]).max(axis=2),
                              np.abs(here[:, None, :] - cur[None, :, :]).max(axis=2))
            # Same support at neighbouring points: the same branch however far it moved.
            same = np.all((here[:, None, :] > 1e-9) == (cur[None, :, :] > 1e-9), axis=2)
            r, c = linear_sum_assignment(cost - 10.0 * same)
            for a, e in zip(r, c, strict=True):
                if cost[a, e] <= max_jump or same[a, e]:
                    branches[i, e] = live[a]
        for e in range(len(cur)):
            if branches[i, e] < 0:
                branches[i, e] = nb
                nb += 1
        # the run of rows after this event continues each branch by its support code
        stop = events[n_ev + 1] if n_ev + 1 < len(events) else N
        if stop > i + 1:
            order = np.argsort(codes[i])
            ref_codes, ref_br = codes[i][order], branches[i][order]
            run = codes[i + 1:stop]
            idx = np.clip(np.searchsorted(ref_codes, run), 0, K - 1)
            branches[i + 1:stop] = np.where(run >= 0, ref_br[idx], -1)
    tracks = np.full((nb, N, prof.shape[2]), np.nan)
    tpay = np.full((nb, N, pay.shape[2]), np.nan)
    ii, ee = np.nonzero(branches >= 0)
    tracks[branches[ii, ee], ii] = prof[ii, ee]
    tpay[branches[ii, ee], ii] = pay[ii, ee]
    return branches, tracks, tpay


def outcome_values(res: BatchEquilibria, players: Sequence[str], strategies: Sequence[Sequence[str]],
                   outcome: Any) -> np.ndarray:
    """An outcome of every equilibrium slot: ``batch_shape + (K,)`` (NaN padding).

    ``outcome`` is ``(player, strategy)`` for the probability that the player plays the strategy,
    ``("payoff", player)`` for a player's expected payoff, or a callable ``f(profiles, payoffs)``
    receiving the arrays ``(..., S)`` and ``(..., n)`` and returning ``(...)``.
    """
    if callable(outcome):
        return np.asarray(outcome(res.profiles, res.payoffs), dtype=float)
    if not (isinstance(outcome, Sequence) and len(outcome) == 2):
        raise GameError(f"outcome {outcome!r} must be (player, strategy), ('payoff', player) or a function")
    who, what = outcome
    if who == "payoff":
        return res.payoffs[..., _index(players, what, "player")]
    i = _index(players, who, "player")
    k = _index(strategies[i], what, f"strategy of {players[i]}")
    return res.profiles[..., int(sum(len(s) for s in strategies[:i]) + k)]
