"""Closed forms of the numeric thresholds of a degenerate two-player game, from its extreme equilibria.

:func:`bargain.analysis.thresholds.thresholds` locates where the equilibrium set of a model changes
along one parameter; in a degenerate game (a signalling game's ex-ante normal form, say) what changes
is a vertex of a component of equilibria, and some changes are only bracketed between two grid
points (``method="not located: ..."``).  Here each numeric event gets its exact value: the extreme
equilibria are followed as formulas in the parameter (:class:`~.vertices.VertexRegimes`: each vertex
solved from its tight constraints, the others at their values exactly), and the event is the root of
the condition that binds -- a probability reaching 0, an unused strategy becoming a best response, or
two vertices merging.

* An event with a value is matched by an exact root where the set of extreme equilibria changes,
  within ``1e-12 * max(1, |value|)``;
* a bracketed event (not located) is located at the exact roots inside its bracket where the
  equilibrium sets the numeric route solves (:func:`bargain.solvers.batch.solve_batch`) differ on
  the two sides; exactly one is expected.

An event without such a root is kept, with the reason (never dropped).

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010). Enumeration of Nash equilibria for
two-player games. *Economic Theory* 42(1), 9-37 (extreme equilibria and components).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.symbolic.records import Condition
from bargain.analysis.symbolic.report import binding_text
from bargain.analysis.symbolic.roots import ThresholdFormula, exact_value
from bargain.analysis.symbolic.vertices import ParametricPayoffs, Root, VertexRegimes
from bargain.analysis.threshold_events import PROBE
from bargain.errors import GameError, did_you_mean

__all__ = ["LocatedEvent", "locate_events", "located_by_parameter", "vertex_threshold_formulas"]

#: A numeric value and its closed form agree to this, times max(1, |value|).
MATCH = 1e-12
#: Half-width of the interval solved around an event with a value (times max(1, |value|)).
WINDOW = 1e-6
#: A numeric value farther than ``MATCH`` from the nearest exact change, but within ``NEAR``, is checked: the
#: exact extreme equilibria at the closed form minus and plus ``CONFIRM`` (relative) must differ.
NEAR = 1e-9
CONFIRM = 1e-13


@dataclass
class LocatedEvent:
    """One numeric event with its closed form, or why it has none.

    Attributes
    ----------
    event : Event
        The numeric event (:class:`bargain.analysis.threshold_events.Event`).
    formula : ThresholdFormula or None
        The exact threshold (None when it was not closed).
    reason : str
        Empty when closed; otherwise why not.
    candidates : int
        For a bracketed event: the exact roots in the bracket where the numeric sets change.
    offset : float
        For an event with a value: the distance from it to the closed form.  Above ``MATCH`` (relative)
        only when the exact extreme equilibria were shown to change within ``CONFIRM`` of the closed form
        (the numeric value is off by that much; ``reason`` says so).
    change : tuple or None
        With a closed form: ``(root, before, after)``, the exact root and the extreme equilibria (labels of
        their vertices) just below and just above it.
    """

    event: Any
    formula: ThresholdFormula | None
    reason: str = ""
    candidates: int = 0
    offset: float = 0.0
    change: tuple | None = None

    @property
    def located(self) -> bool:
        """Was the event only bracketed by the numeric finder?"""
        return not self.event.method.startswith("not located")


def _fraction(x: float) -> Fraction:
    return Fraction(repr(float(x)))


def _windows(events: Sequence[Any], span: float) -> list[tuple[Fraction, Fraction, list[Fraction]]]:
    """The intervals solved, each with the points solved first: a small interval around each value (points
    just below and above it), each bracket whole (points just inside its ends, where the numeric route
    saw the sets differ, and its middle); overlapping intervals merged."""
    spans = []
    for e in events:
        if e.method.startswith("not located"):
            a, b = _fraction(e.bracket[0]), _fraction(e.bracket[1])
            eps = min(_fraction(PROBE * span), (b - a) / 4)
            spans.append((a, b, [a + eps, b - eps]))
        else:
            v, h = _fraction(e.value), _fraction(WINDOW * max(1.0, abs(e.value)))
            spans.append((v - h, v + h, [v - h / 2, v + h / 2]))
    spans.sort(key=lambda s: s[:2])
    merged: list[tuple[Fraction, Fraction, list[Fraction]]] = []
    for a, b, seeds in spans:
        if merged and a <= merged[-1][1]:
            lo, hi, old = merged[-1]
            merged[-1] = (lo, max(hi, b), old + seeds)
        else:
            merged.append((a, b, seeds))
    return merged


def _numeric_changes(model: Any, parameter: str, point: Mapping[str, float],
                     probes: Sequence[tuple[float, float]]) -> list[bool]:
    """For each ``(r, delta)``: do the equilibrium sets the numeric route solves differ at ``r - delta`` and
    ``r + delta``?  (One batch for all.)"""
    from bargain.analysis.threshold_events import _sets
    from bargain.solvers.batch import solve_batch

    if not probes:
        return []
    xs = np.array([r + s * d for r, d in probes for s in (-1, 1)])
    res = solve_batch(model.payoffs(**{**point, parameter: xs}), n_players=model.n_players, method="auto",
                      players=model.players, strategies=model.strategies)
    sets = _sets(res, model.players, model.strategies)
    return [sets[2 * k] != sets[2 * k + 1] for k in range(len(probes))]


def locate_events(model: Any, parameter: str, events: Sequence[Any], at: Mapping[str, float] | None = None,
                  regimes: VertexRegimes | None = None) -> list[LocatedEvent]:
    """The closed form of every numeric event of one parameter (see the module docstring).

    Parameters
    ----------
    model : Model
        A two-player model whose payoffs are polynomials in ``parameter``.
    parameter : str
        The parameter moved.
    events : sequence of Event
        Its numeric events (:func:`bargain.analysis.thresholds.thresholds`), found at ``at``.
    at : mapping, optional
        Values of the other parameters (default: their defaults).
    regimes : VertexRegimes, optional
        A scanner already built for this parameter and point.

    Returns
    -------
    list of LocatedEvent
        One per event, in the order given.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
    """
    vr = regimes if regimes is not None else VertexRegimes(model, parameter, at)
    sg = vr.sg
    changes: list[tuple[Root, frozenset, frozenset]] = []
    failures: list[tuple[Fraction, Fraction, str]] = []
    prm = sg.parameters[parameter]
    for lo, hi, seeds in _windows(events, prm.high - prm.low):
        try:
            changes += vr.scan(lo, hi, seeds)
        except GameError as exc:
            failures.append((lo, hi, str(exc)))
    brackets = {}
    for e in events:
        if e.method.startswith("not located"):
            a, b = e.bracket
            inside = [c for c in changes if a < float(c[0]) < b]
            probes = []
            for k, c in enumerate(inside):
                r = float(c[0])
                gaps = [abs(r - float(d[0])) for j, d in enumerate(inside) if j != k] + [r - a, b - r]
                probes.append((r, min(PROBE * (prm.high - prm.low), 0.25 * min(gaps))))
            brackets[id(e)] = (inside, probes)
    flat = [p for inside, probes in brackets.values() for p in probes]
    verdict = dict(zip(flat, _numeric_changes(model, parameter, vr.point, flat), strict=True))
    out = []
    for e in events:
        failed = next((why for lo, hi, why in failures if lo <= _fraction(e.value) <= hi), None)
        if failed is not None:
            out.append(LocatedEvent(e, None, failed))
            continue
        if e.method.startswith("not located"):
            a, b = e.bracket
            inside, probes = brackets[id(e)]
            found = [c for c, p in zip(inside, probes, strict=True) if verdict[p]]
            if len(found) == 1:
                out.append(LocatedEvent(e, _formula(vr, found[0], e), candidates=1, change=found[0]))
                continue
            if not inside:
                solved = sorted(q for q in vr.probes if a < q < b)
                why = (f"the extreme equilibria do not change in the bracket ({a:.6g}, {b:.6g}): they are the same at "
                       f"all {len(solved)} points solved exactly there, from {float(solved[0]):.9g} to "
                       f"{float(solved[-1]):.9g}; the change the numeric sets show is not confirmed")
            else:
                why = (f"{len(found)} exact roots in the bracket ({a:.6g}, {b:.6g}) where the numeric sets change "
                       f"({len(inside)} where the extreme equilibria change)")
            out.append(LocatedEvent(e, None, why, candidates=len(found)))
            continue
        scale = max(1.0, abs(e.value))
        near = min(changes, key=lambda c: abs(float(c[0]) - e.value), default=None)
        gap = abs(float(near[0]) - e.value) if near is not None else float("inf")
        if gap <= MATCH * scale:
            out.append(LocatedEvent(e, _formula(vr, near, e), offset=gap, change=near))
        elif gap <= NEAR * scale and _exact_change(vr, near[0], CONFIRM * scale):
            out.append(LocatedEvent(e, _formula(vr, near, e), offset=gap, change=near, reason=(
                f"the numeric value is off by {gap:.3g}: the exact extreme equilibria change between the closed form "
                f"minus and plus {CONFIRM * scale:.3g}")))
        else:
            out.append(LocatedEvent(e, None, "no exact root where the extreme equilibria change lies within "
                                             f"{MATCH:g} of the numeric value (nearest at a distance of {gap:.3g})"))
    return out


def _exact_change(vr: VertexRegimes, root: Root, delta: float) -> bool:
    """Do the exact extreme equilibria differ at ``root - delta`` and ``root + delta`` (rationals)?"""
    d = _fraction(delta)
    return vr.extreme_labels(root.approx - d) != vr.extreme_labels(root.approx + d)


def _formula(vr: VertexRegimes, change: tuple[Root, frozenset, frozenset], event: Any) -> ThresholdFormula:
    """The exact root as a threshold record, with what binds there."""
    root, before, after = change
    sg = vr.sg
    texts: list[str] = []
    for _key, c in vr.binding(root, before, after):
        text = ("two extreme equilibria merge (a vertex's tight constraints become dependent)" if c.kind == "det"
                else binding_text(sg, Condition(c.poly, 1, True, c.kind, c.player, c.strategy)))
        if text not in texts:
            texts.append(text)
    expr = root.expr
    return ThresholdFormula(vr.parameter, expr, float(root.value), exact_value(expr), event.support,
                            "; ".join(texts) or event.binding, sg.latex_names)


def vertex_threshold_formulas(model: Any, parameter: str | None = None, at: Mapping[str, float] | None = None,
                              events: Mapping[str, Sequence[Any]] | None = None,
                              ) -> tuple[list[ThresholdFormula], list[str]]:
    """Every numeric threshold of a two-player model in closed form, and a note for each one not closed.

    Parameters
    ----------
    model : Model
        A two-player parametric model.
    parameter : str, optional
        Only this parameter (default: every parameter with finite bounds).
    at : mapping, optional
        Values of the other parameters (default: their defaults).
    events : mapping, optional
        ``{parameter: events}`` already found (:func:`bargain.analysis.thresholds.all_thresholds`).

    Returns
    -------
    formulas : list of ThresholdFormula
        Sorted by parameter, then value; each value is exact (a rational, a quadratic surd or an
        isolated real root), the other parameters at ``at``.
    notes : list of str
        One per event without a closed form, with the reason.

    Raises
    ------
    GameError
        For an unknown parameter, a model that is not a two-player game, or payoffs that are not
        polynomials in the parameter.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
    """
    formulas: list[ThresholdFormula] = []
    notes: list[str] = []
    pp = ParametricPayoffs(model)
    for name, _vr, located in located_by_parameter(model, pp, parameter, at, events):
        for le in located:
            if le.formula is None:
                notes.append(f"{name} = {le.event.value:.12g} ({le.event.method}): no closed form: {le.reason}")
            elif all(f.parameter != name or f.expression != le.formula.expression for f in formulas):
                formulas.append(le.formula)
    order = list(pp.sg.parameters)
    formulas.sort(key=lambda f: (order.index(f.parameter), f.value))
    return formulas, notes


def located_by_parameter(model: Any, pp: ParametricPayoffs, parameter: str | None = None,
                         at: Mapping[str, float] | None = None, events: Mapping[str, Sequence[Any]] | None = None,
                         ) -> Iterator[tuple[str, VertexRegimes, list[LocatedEvent]]]:
    """For each parameter (or only ``parameter``) with numeric events: its scanner and its located events.

    Parameters
    ----------
    model : Model
        A two-player parametric model.
    pp : ParametricPayoffs
        Its payoffs as polynomials.
    parameter : str, optional
        Only this parameter (default: every parameter with finite bounds not in ``at``).
    at : mapping, optional
        Values of the other parameters (default: their defaults).
    events : mapping, optional
        ``{parameter: events}`` already found.

    Returns
    -------
    iterator of (str, VertexRegimes, list of LocatedEvent)
        In the order of the model's parameters.

    Raises
    ------
    GameError
        For an unknown parameter.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
    """
    from bargain.analysis.thresholds import thresholds

    sg = pp.sg
    names = [k for k, p in sg.parameters.items() if np.isfinite(p.low) and np.isfinite(p.high) and p.low < p.high
             and k not in (at or {})]
    if parameter is not None:
        if parameter not in sg.parameters:
            raise GameError(f"no parameter {parameter!r}{did_you_mean(parameter, list(sg.parameters))}")
        names = [parameter]
    for name in names:
        evs = list(events[name]) if events is not None and name in events else list(
            thresholds(model, name, fixed=dict(at or {})))
        if not evs:
            continue
        vr = VertexRegimes(model, name, at, payoffs=pp)
        yield name, vr, locate_events(model, name, evs, at, vr)
