"""Thresholds as events: one per parameter value at which the equilibrium set changes.

:func:`bargain.analysis.thresholds.thresholds` follows every equilibrium branch of a sweep to
where it stops (a *crossing*, :class:`~bargain.analysis.thresholds.Threshold`).  One change of the
equilibrium set usually ends several branches at once - a mixed equilibrium whose probability
reaches 0 turns into a pure one, and both branches report the same value - and a grid point that
falls exactly on a threshold shows the degenerate set *at* that value as a branch of its own.
:func:`to_events` turns crossings into events:

1. crossings at the same value (equal exact values, or floats within ``MERGE_RTOL``) are one
   candidate event;
2. the equilibrium sets just below and just above it (``theta* -/+ delta``, ``delta`` a millionth
   of the range, less than a quarter of the gap to the next candidate) are solved; what is in one
   and not the other *disappears* or *appears* (multisets of supports);
3. where the sets on either side agree although the sets near the two grid points around the
   candidate differ (a branch end misplaced, as happens in degenerate games with continua of
   equilibria), the event is kept with its grid interval and the method says it was not located;
4. a candidate with no change on either side, or at an end of the range (there is no other side),
   is dropped and said so; the reasons kept are those of the crossings whose equilibria appear or
   disappear; "a fold" only where two equilibria meet and vanish together;
5. a bracket (step 3) whose change is the chain of located events inside it (the sets near its two
   ends are the sets before the first and after the last of them) is the same change reported twice:
   it is dropped, with a note naming the values that account for it;
6. a bracket at an end of the range is bisected on the sets to where they change; if every
   equilibrium that differs there has a regret above ``TOLERANCE_ONLY`` (relative to the payoff range)
   on the side where it is counted, the sets differ only because the solver accepts approximate
   equilibria (regret within its tolerance, ``REL_TOL`` = 1e-9 of the range): as a parameter
   approaches an end where a term of the payoffs vanishes (a type's prior weight falling to 0), an
   approximate equilibrium's regret shrinks under that tolerance at some point, where nothing
   changes in the game.  It is dropped with a note saying so.

This is the standard reading of a bifurcation diagram of equilibria (Kuznetsov 2004, *Elements of
Applied Bifurcation Theory*, 3rd ed., ch. 3: an event is a parameter value where the set of
equilibria changes qualitatively; Herings and Peeters 2010, "Homotopy methods to compute
equilibria in game theory", *Economic Theory* 42, sec. 2 on branches of equilibria).

References
----------
Kuznetsov, Y. A. (2004). *Elements of Applied Bifurcation Theory*, 3rd ed., Springer, ch. 3.
Herings, P. J.-J. and Peeters, R. (2010). "Homotopy methods to compute equilibria in game theory",
*Economic Theory* 42(1), 119-156.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.sweep import Sweep, support_label
from bargain.model.numbers import ExactValue, format_number
from bargain.model.rich import RichDisplay

__all__ = ["Event", "Threshold", "Thresholds", "to_events", "cluster_crossings", "crossing_value", "MERGE_RTOL",
           "XTOL"]

#: Crossings closer than this (times max(1, |value|)) are one event.
MERGE_RTOL = 1e-8
#: Probes of the sets on either side sit this fraction of the range away from the event.
PROBE = 1e-6
#: Tolerance on the parameter for the root finders (absolute, times max(1, |theta|)).
XTOL = 1e-13
#: An equilibrium whose regret (relative to its player's payoff range) is above this where the sets change is
#: only approximate: a tenth of the solvers' vertex label tolerance, far above rounding (see ``to_events``).
TOLERANCE_ONLY = 1e-11
#: Preference among the ways a crossing was located (first is best).
METHODS = ("closed form", "root-finding", "turning point", "bisection")


@dataclass
class Event:
    """One change of the equilibrium set at a critical parameter value (moving up the parameter).

    Attributes
    ----------
    parameter : str
        The parameter's name.
    value : float
        The critical value (the correctly rounded exact value when ``exact`` is known).
    exact : Fraction or None
        The value as a Fraction when a crossing proved it exactly in rational arithmetic.
    disappears : tuple of str
        Supports of the equilibria present just below and not just above.
    appears : tuple of str
        Supports of the equilibria present just above and not just below.
    why : tuple of str
        What happens there: ``"P(US:Status quo) reaches 0"``, ``"China:Enforce becomes a best
        response"``, ``"China:Enforce stops being a best response"``, ``"two equilibria meet and
        vanish (a fold)"``, ``"two equilibria are born together (a fold)"``.
    method : str
        How the value was located (the best of its crossings' methods).
    before, after : tuple of str
        The whole equilibrium set just below and just above.
    bracket : tuple of float
        The grid values around it.
    crossings : list
        The branch crossings merged into this event.
    """

    parameter: str
    value: float
    exact: Fraction | None
    disappears: tuple[str, ...]
    appears: tuple[str, ...]
    why: tuple[str, ...]
    method: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    bracket: tuple[float, float]
    crossings: list[Any] = field(default_factory=list, repr=False)

    @property
    def kind(self) -> str:
        """``"appears"``, ``"disappears"`` or ``"replaced"`` (both: one set of equilibria turns into another)."""
        if self.appears and self.disappears:
            return "replaced"
        return "appears" if self.appears else "disappears"

    @property
    def support(self) -> str:
        """The supports involved, those that disappear first."""
        return "; ".join((*self.disappears, *self.appears))

    @property
    def binding(self) -> str:
        """The reasons as one string."""
        return "; ".join(self.why)

    @property
    def best(self) -> Fraction | float:
        """The exact value if known (an :class:`~bargain.model.numbers.ExactValue`, printing ``1/6``), else
        the float."""
        return ExactValue(self.exact) if self.exact is not None else self.value

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the float value and, where known, the exact one as ``"p/q"``."""
        return {"parameter": self.parameter, "value": self.value,
                "exact": None if self.exact is None else format_number(self.exact), "kind": self.kind,
                "disappears": list(self.disappears), "appears": list(self.appears), "why": list(self.why),
                "method": self.method, "before": list(self.before), "after": list(self.after),
                "bracket": list(self.bracket), "crossings": [c.to_dict() for c in self.crossings]}


def cluster_crossings(crossings: Sequence[Any]) -> list[list[Any]]:
    """Crossings grouped by value (sorted; exact equality or within ``MERGE_RTOL``).

    Parameters
    ----------
    crossings : sequence
        Objects with ``value`` (float) and ``exact`` (Fraction or None): branch ends
        (:class:`Threshold`) or a tree's move switches
        (:class:`~bargain.analysis.tree_thresholds.Switch`).

    Returns
    -------
    list of list
        One group per event value, in increasing order.

    References
    ----------
    Harsanyi, J. C. (1973). "Oddness of the number of equilibrium points", *IJGT* 2, 235-250 (the
    equilibrium set changes at isolated values, where several branches may end together).
    """
    groups: list[list[Any]] = []
    for c in sorted(crossings, key=lambda c: c.value):
        if groups:
            last = groups[-1][-1]
            same_exact = c.exact is not None and last.exact is not None and c.exact == last.exact
            close = abs(c.value - last.value) <= MERGE_RTOL * max(1.0, abs(c.value))
            if same_exact or (close and not (c.exact is not None and last.exact is not None)):
                groups[-1].append(c)
                continue
        groups.append([c])
    return groups


def crossing_value(group: Sequence[Any]) -> tuple[float, Fraction | None]:
    """The value of one group of crossings: the exact value most of them proved, else the float of the
    best-located one (``METHODS`` order).

    Parameters
    ----------
    group : sequence
        Crossings with ``value``, ``exact`` and ``method``.

    Returns
    -------
    tuple
        ``(float value, Fraction or None)``.

    References
    ----------
    Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, Prentice-Hall, ch. 4
    (the root-finding that locates a crossing not known in closed form).
    """
    exacts = Counter(c.exact for c in group if c.exact is not None)
    if exacts:
        exact = exacts.most_common(1)[0][0]
        return float(exact), exact
    ranked = sorted(group, key=lambda c: METHODS.index(c.method) if c.method in METHODS else len(METHODS))
    return float(ranked[0].value), None


def _sets(res: Any, players: Sequence[str], strategies: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Per batch point, the sorted supports of its equilibria."""
    out = []
    for b in range(res.count.shape[0]):
        labels = [support_label(res.profiles[b, k], players, strategies) for k in range(int(res.count[b]))]
        out.append(tuple(sorted(labels)))
    return out


def _reasons(group: Sequence[Any], gone: Counter, new: Counter) -> tuple[str, ...]:
    involved = set(gone) | set(new)
    relevant = [c for c in group if c.support in involved or c.becomes in involved] or list(group)
    relevant.sort(key=lambda c: c.kind == "appears")        # what ends first, then what begins
    fold_ok = max(gone.total(), new.total()) >= 2
    out: list[str] = []
    for c in relevant:
        text = c.binding
        if text.startswith("fold"):
            if not fold_ok:
                continue
            text = ("two equilibria are born together (a fold)" if c.kind == "appears"
                    else "two equilibria meet and vanish (a fold)")
        if text not in out:
            out.append(text)
    return tuple(out)


def _bracketed_change(sets_at: Any, a: float, b: float, eps: float,
                      ) -> tuple[float, None, tuple[str, ...], tuple[str, ...]] | None:
    """The sets near the two ends of the grid interval ``(a, b)`` if they differ, else None.

    The ends are taken ``eps`` inside the bracket (a grid point exactly on a threshold shows the
    degenerate set of that point only).  The value returned is the middle of the bracket: the change
    lies inside it, but where exactly is not known (the branch ends were not located).
    """
    eps = min(eps, 0.25 * (b - a))
    s_lo, s_hi = sets_at([a + eps, b - eps])
    return None if s_lo == s_hi else (0.5 * (a + b), None, s_lo, s_hi)


def to_events(model: Any, parameter: str, point: Mapping[str, float], crossings: Sequence[Any],
              low: float, high: float, method: str = "auto") -> tuple[list[Event], list[str]]:
    """Merge branch crossings into events and check each against the sets on either side.

    Parameters
    ----------
    model : Model
        The parametric game.
    parameter : str
        The parameter varied.
    point : mapping
        The values of the other parameters.
    crossings : sequence of Threshold
        Where each branch of the sweep stops (:func:`bargain.analysis.thresholds.thresholds`).
    low, high : float
        The range swept.
    method : str
        Batch solver method for the sets on either side.

    Returns
    -------
    events : list of Event
        Sorted by value.
    dropped : list of str
        One note per candidate that is not an event (at an end of the range, or no change).
    """
    from bargain.solvers.batch import solve_batch

    groups = cluster_crossings(crossings)
    if not groups:
        return [], []
    span = max(high - low, 1e-300)
    values = [crossing_value(g) for g in groups]
    floats = np.array([v for v, _ in values])
    probes, keep, dropped = [], [], []
    for k, (v, exact) in enumerate(values):
        gaps = np.abs(np.delete(floats, k) - v)
        gap = float(gaps[gaps > 0].min()) if np.any(gaps > 0) else np.inf
        delta = min(PROBE * span, 0.25 * gap)
        shown = format_number(exact) if exact is not None else f"{v:.12g}"
        if v - delta < low or v + delta > high:
            dropped.append(f"{parameter} = {shown} is an end of the range: the set changes only at that point, "
                           "not on a side of it")
            continue
        keep.append(k)
        probes += [v - delta, v + delta]
    events: list[Event] = []

    def solved_at(xs: Sequence[float]) -> Any:
        return solve_batch(model.payoffs(**{**point, parameter: np.asarray(xs, dtype=float)}),
                           n_players=model.n_players, method=method, players=model.players,
                           strategies=model.strategies)

    def sets_at(xs: Sequence[float]) -> list[tuple[str, ...]]:
        return _sets(solved_at(xs), model.players, model.strategies)

    sets = sets_at(probes) if keep else []
    searched: set[tuple[float, float]] = set()
    for j, k in enumerate(keep):
        before, after = sets[2 * j], sets[2 * j + 1]
        v, exact = values[k]
        group = groups[k]
        how = sorted({c.method for c in group}, key=lambda m: METHODS.index(m) if m in METHODS else 9)[0]
        if before == after:
            # the branch ends were misplaced (degenerate games): look for the change in the bracket itself
            found = None
            if group[0].bracket not in searched and group[0].before != group[0].after:
                searched.add(group[0].bracket)
                found = _bracketed_change(sets_at, *group[0].bracket, PROBE * span)
            if found is None:
                shown = format_number(exact) if exact is not None else f"{v:.12g}"
                dropped.append(f"{parameter} = {shown}: the same equilibria on both sides (a degenerate point)")
                continue
            lo_b, hi_b = group[0].bracket
            v, exact, before, after, how = *found, f"not located: between {lo_b:.6g} and {hi_b:.6g}"
        gone, new = Counter(before) - Counter(after), Counter(after) - Counter(before)
        events.append(Event(
            parameter=parameter, value=v, exact=exact, disappears=tuple(sorted(gone.elements())),
            appears=tuple(sorted(new.elements())), why=_reasons(group, gone, new), method=how,
            before=before, after=after, bracket=group[0].bracket, crossings=list(group)))
    events.sort(key=lambda e: e.value)
    events = _without_repeats(events, dropped)
    ends = [e for e in events if e.method.startswith("not located") and (e.bracket[0] <= low or e.bracket[1] >= high)]
    for e in ends:
        flip = _tolerance_only(model, point, parameter, solved_at, e, PROBE * span)
        if flip is not None:
            events.remove(e)
            dropped.append(f"{parameter}: the sets solved between {e.bracket[0]:.6g} and {e.bracket[1]:.6g} differ "
                           f"only at {flip[0]:.9g}, by approximate equilibria (regret {flip[1]:.2g} of the payoff "
                           "range, within the solver's tolerance; nothing changes in the game there)")
    return events, dropped


def _without_repeats(events: list[Event], dropped: list[str]) -> list[Event]:
    """The events without a bracket whose change is the chain of located events inside it (a note for each)."""
    located = [e for e in events if not e.method.startswith("not located")]
    out = []
    for e in events:
        if e.method.startswith("not located"):
            lo, hi = e.bracket
            inside = [f for f in located if lo < f.value < hi]
            cur = e.before
            for f in inside:
                cur = f.after if cur == f.before else None
            if inside and cur == e.after:
                shown = ", ".join(format_number(f.exact) if f.exact is not None else f"{f.value:.12g}" for f in inside)
                dropped.append(f"{e.parameter}: the change between {lo:.6g} and {hi:.6g} is the one located at {shown}")
                continue
        out.append(e)
    return out


def _tolerance_only(model: Any, point: Mapping[str, float], parameter: str, solved_at: Any, event: Event,
                    width: float) -> tuple[float, float] | None:
    """Where a bracket's sets change, if only approximate equilibria differ there: ``(value, least regret)``.

    The bracket (its ends ``width`` inside) is bisected on the solved sets down to ``1e-6 * width``; at
    the two points around the change, every equilibrium counted on one side only must have a regret above
    ``TOLERANCE_ONLY`` of its player's payoff range for the change to be the solver's tolerance.
    """
    from bargain.model.game import contract

    lo, hi = event.bracket[0] + width, event.bracket[1] - width
    res = solved_at([lo, hi])
    s_lo, s_hi = _sets(res, model.players, model.strategies)
    if s_lo == s_hi:
        return None
    while hi - lo > 1e-6 * width:
        mid = 0.5 * (lo + hi)
        if _sets(solved_at([mid]), model.players, model.strategies)[0] == s_lo:
            lo = mid
        else:
            hi = mid
    res = solved_at([lo, hi])
    sets = _sets(res, model.players, model.strategies)
    gone, new = Counter(sets[0]) - Counter(sets[1]), Counter(sets[1]) - Counter(sets[0])
    cuts = np.cumsum([len(x) for x in model.strategies])[:-1]
    least = np.inf
    for b, (x, only) in enumerate(((lo, gone), (hi, new))):
        U = model.payoffs(**{**point, parameter: x})
        for k in range(int(res.count[b])):
            prof = np.split(res.profiles[b, k], cuts)
            if support_label(res.profiles[b, k], model.players, model.strategies) not in only:
                continue
            regret = max(float(dev.max() - dev @ prof[i]) / max(float(np.ptp(U[i])), 1e-300)
                         for i, dev in enumerate(contract(U[i], tuple(prof), [i]) for i in range(len(prof))))
            least = min(least, regret)
    return (0.5 * (lo + hi), least) if np.isfinite(least) and least > TOLERANCE_ONLY else None


@dataclass
class Threshold:
    """Where one branch of the sweep stops: a *crossing* (several crossings make one :class:`Event`).

    Attributes
    ----------
    parameter: the parameter's name.
    value: the critical value.
    kind: ``"appears"``, ``"disappears"`` (moving up the parameter) or ``"support change"``.
    support: the support of the equilibrium that changes (its label, e.g. ``US:Press | ...``).
    becomes: what it turns into on the other side (a support label, or ``"none"``).
    binding: what happens there, e.g. ``"P(China:Enforce) reaches 0"``,
        ``"US:Engage becomes a best response"``, ``"fold: meets another equilibrium"``.
    method: ``"closed form"``, ``"root-finding"`` (Brent), ``"turning point"`` (a fold located as the
        extremum of the parameter along the branch) or ``"bisection"`` (a fold, if that fails).
    bracket: the two grid values between which it lies.
    before, after: the whole equilibrium set (support labels) at those two grid values.
    exact: the threshold as a ``Fraction`` when it is rational and the binding condition holds
        exactly there in the model's exact game (pure equilibria, and any two-player support;
        needs a model that evaluates exactly, ``Model.game(exact=True)``), else None.
    """

    parameter: str
    value: float
    kind: str
    support: str
    becomes: str
    binding: str
    method: str
    bracket: tuple[float, float]
    before: str
    after: str
    exact: Fraction | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}
        out["exact"] = None if self.exact is None else format_number(self.exact)
        return out


@dataclass
class Thresholds(RichDisplay, Sequence[Event]):
    """The events of one parameter (sorted by value), with the crossings and the sweep they came from.

    Iterating gives :class:`~bargain.analysis.threshold_events.Event` objects, one per value at
    which the equilibrium set changes; ``crossings`` holds the raw branch ends (or, for a tree's
    subgame-perfect equilibrium, the :class:`~bargain.analysis.tree_thresholds.Switch` of each
    move); ``dropped`` says which candidate values were not events (an end of the range, no change
    on either side); ``notes`` carries other caveats (ties, the equilibrium concept).
    ``concept`` is ``"nash"`` (the Nash equilibria of the normal form, followed along ``sweep``)
    or ``"subgame-perfect"`` (a tree's backward-induction equilibrium; no sweep); ``grid`` is the
    grid of parameter values that bracketed the events.
    """

    model: str
    parameter: str
    fixed: dict[str, float]
    items: list[Event]
    sweep: Sweep | None = field(default=None, repr=False)
    crossings: list[Any] = field(default_factory=list, repr=False)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    grid: np.ndarray | None = field(default=None, repr=False)
    concept: str = "nash"

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i):  # type: ignore[override]
        return self.items[i]

    def __iter__(self):
        return iter(self.items)

    @property
    def values(self) -> list[Fraction | float]:
        """The critical values, one per event: a ``Fraction`` where it is known exactly, else a float."""
        return [e.best for e in self.items]

    def table(self, digits: int = 12) -> str:
        """One line per event: value (exact where known), what disappears and appears, and why."""
        notes = [f"note: {d}" for d in (*self.dropped, *self.notes)]
        if not self.items:
            xs = self.sweep.axes[0] if self.sweep is not None else self.grid
            assert xs is not None
            return "\n".join([f"{self.model}: no threshold of {self.parameter} in [{xs[0]:g}, {xs[-1]:g}] "
                              f"(grid of {len(xs)} points)", *notes])
        header = ["value", "exact", "disappears", "appears", "why", "method"]
        rows = [[f"{t.value:.{digits}g}", format_number(t.exact) if t.exact is not None else "",
                 "; ".join(t.disappears) or "-", "; ".join(t.appears) or "-", t.binding, t.method]
                for t in self.items]
        widths = [max(len(h), *(len(r[c]) for r in rows)) for c, h in enumerate(header)]
        lines = [f"thresholds of {self.parameter} in {self.model}"]
        lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        lines += ["  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)) for r in rows]
        lines += notes
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``values`` (floats), ``exact_values`` (``"p/q"`` or None), one record per event."""
        return {"model": self.model, "parameter": self.parameter, "fixed": dict(self.fixed),
                "values": [e.value for e in self.items],
                "exact_values": [None if e.exact is None else format_number(e.exact) for e in self.items],
                "thresholds": [t.to_dict() for t in self.items], "dropped": list(self.dropped),
                "notes": list(self.notes), "concept": self.concept}
