"""Thresholds of a degenerate two-player game as formulas in every parameter, where the algebra stays small.

The route of :mod:`.vertex_curves` with every parameter free: the smallest vertex that ends at the event
(fewest strategies used) is solved from its labels with the traced payoffs as polynomials in all the
parameters (:func:`~.vertices.solve_vertex`, fraction-free), and its binding condition's irreducible factor
through the point gives ``F(theta) = 0``, solved for the threshold's parameter (degree one: a rational
function; two: the quadratic formula; more: a :class:`~.roots.RealRoot`).  A vertex using more than
``MAX_USED`` strategies is not tried (its determinants in hundreds of terms grow past seconds).

No region is computed: the formula is checked at random points around the point (each parameter with finite
bounds moved by up to ``SPREAD`` of its range), where the event must keep its kind (the extreme equilibria
that end and begin there, exactly) and the numeric threshold finder must find it within ``1e-9`` (or bracket
it); the spread is halved (at most twice) where the kind changes.  A formula that fails is dropped, with a note.

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving Gaussian elimination.
*Mathematics of Computation* 22, 565-578.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.roots import RealRoot, ThresholdFormula, exact_value
from bargain.analysis.symbolic.vertex_curves import numeric_check, same_kind
from bargain.analysis.symbolic.vertex_thresholds import LocatedEvent, located_by_parameter
from bargain.analysis.symbolic.vertices import ParametricPayoffs, VertexRegimes, at, solve_vertex

__all__ = ["general_threshold", "vertex_threshold_formulas_general"]

#: Vertices using more strategies than this are not solved in every parameter.
MAX_USED = 5
#: Random points of the cross-check.
SAMPLES = 3
#: Each parameter is moved by up to this share of its range around the point at the random points.
SPREAD = 0.05


def _qq(x: float) -> sp.Rational:
    f = Fraction(repr(float(x)))
    return sp.Rational(f.numerator, f.denominator)


def general_threshold(model: Any, pp: ParametricPayoffs, vr: VertexRegimes, le: LocatedEvent, seed: int = 0,
                      ) -> tuple[ThresholdFormula | None, str]:
    """One closed event of ``vr``'s parameter as a formula in every parameter (see the module docstring).

    Parameters
    ----------
    model : Model
        A two-player parametric model.
    pp : ParametricPayoffs
        Its payoffs as polynomials in every parameter.
    vr : VertexRegimes
        The scanner that closed the event (along its parameter).
    le : LocatedEvent
        The event, with its closed form and exact change.
    seed : int
        For the random points of the cross-check.

    Returns
    -------
    formula : ThresholdFormula or None
        The threshold in every parameter, its value at the point (None when not found or not confirmed).
    why : str
        Why there is none (empty otherwise).

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
    """
    sg, p = pp.sg, vr.parameter
    root, before, after = le.change
    binding = sorted(vr.binding(root, before, after), key=lambda kc: -len(kc[0][1]))
    if not binding:
        return None, "no condition binds"
    key, c = binding[0]
    M1 = vr.B if key[0] == 0 else [list(r) for r in zip(*vr.A, strict=True)]
    used = len(M1) - len(key[1])
    if used > MAX_USED:
        return None, f"the smallest vertex at the event uses {used} strategies (more than {MAX_USED}): too large"
    probe = next(s for s, labs in vr.probes.items() if any(key in pair for pair in labs))
    M2 = pp.polys[1] if key[0] == 0 else [list(r) for r in zip(*pp.polys[0], strict=True)]
    v = solve_vertex(*key, M2, [[at(x, probe) for x in row] for row in M1], pp.ring)
    g = None if v is None else next((d.poly for d in v.conditions
                                     if (d.kind, d.player, d.strategy) == (c.kind, c.player, c.strategy)), None)
    if g is None or g == 0:
        return None, "the vertex is not fixed by its labels in every parameter"
    sym = sg.symbols[p]
    point = {sg.symbols[n]: _qq(x) for n, x in vr.point.items() if n != p}
    F = None
    for f, _m in g.factor_list()[1]:
        uni = sp.Poly(f.as_expr().xreplace(point), sym)
        if uni.degree() > 0 and sp.rem(uni, sp.Poly(root.factor, sym)).is_zero:
            F = f
            break
    if F is None:
        return None, "no factor of the binding condition passes through the point"
    Fp = sp.Poly(F.as_expr(), sym)
    if Fp.degree() == 1:
        c1, c0 = Fp.all_coeffs()
        expr = -c0 / c1
    elif Fp.degree() == 2:
        expr = min(sp.solve(F.as_expr(), sym),
                   key=lambda e: abs(complex(e.xreplace(point).evalf(30)) - float(root.value)))
    else:
        uni = sp.Poly(F.as_expr().xreplace(point), sym)
        reals = [float(r) for r in uni.real_roots()]
        expr = RealRoot(F.as_expr(), sym, min(range(len(reals)), key=lambda j: abs(reals[j] - float(root.value))))
    if abs(complex(sp.sympify(expr).xreplace(point).evalf(30)) - float(root.value)) > 1e-12 * max(1, abs(root.value)):
        return None, "the formula does not give the threshold at the point"
    kind = (before - after, after - before)
    rng = np.random.default_rng(seed)
    spread = SPREAD
    free = [n for n, prm in sg.parameters.items() if n != p and np.isfinite(prm.low) and np.isfinite(prm.high)]
    checked = 0
    for _attempt in range(3):
        checked = 0
        for _ in range(SAMPLES):
            sample = dict(vr.point)
            for n in free:
                prm = sg.parameters[n]
                x = vr.point[n] + rng.uniform(-spread, spread) * (prm.high - prm.low)
                sample[n] = round(float(np.clip(x, prm.low, prm.high)), 6)
            pv = sp.sympify(expr).xreplace({sg.symbols[n]: _qq(x) for n, x in sample.items() if n != p})
            pv_exact = Fraction(str(sp.Float(pv.evalf(40), 40)))
            if not sg.parameters[p].low < pv_exact < sg.parameters[p].high or not same_kind(
                    VertexRegimes(model, p, sample, payoffs=pp, labels_only=True), pv_exact, kind):
                break
            ok, numeric = numeric_check(model, p, float(pv_exact), sample)
            if not ok:
                return None, (f"fails the numeric cross-check at a random point: formula {float(pv_exact):.12g}, "
                              f"nearest numeric threshold {numeric:.3g} away")
            checked += 1
        if checked == SAMPLES:
            break
        spread /= 2
    if checked < SAMPLES:
        return None, f"the event changes kind within {spread * 2:.2%} of the ranges around the point"
    text = (f"{le.formula.binding} (checked at {SAMPLES} random points with each parameter within {spread:.3g} of its "
            "range of the point)")
    return ThresholdFormula(p, expr, float(root.value), exact_value(root.expr), le.formula.support, text,
                            sg.latex_names), ""


def vertex_threshold_formulas_general(model: Any, parameter: str | None = None,
                                      at_: Mapping[str, float] | None = None,
                                      events: Mapping[str, Sequence[Any]] | None = None,
                                      ) -> tuple[list[ThresholdFormula], list[str]]:
    """Every closed numeric threshold of a two-player model as a formula in every parameter, where it is small.

    Parameters
    ----------
    model : Model
        A two-player parametric model.
    parameter : str, optional
        Only this parameter (default: every parameter with finite bounds).
    at_ : mapping, optional
        Values of the other parameters (default: their defaults).
    events : mapping, optional
        ``{parameter: events}`` already found.

    Returns
    -------
    formulas : list of ThresholdFormula
        In the order of the parameters and events.
    notes : list of str
        One per threshold without such a formula, with the reason.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
    """
    pp = ParametricPayoffs(model)
    found: list[ThresholdFormula] = []
    notes: list[str] = []
    for name, vr, located in located_by_parameter(model, pp, parameter, at_, events):
        for j, le in enumerate(located):
            if le.formula is None or le.change is None:
                notes.append(f"{name} = {le.event.value:.12g} ({le.event.method}): no closed form: {le.reason}")
                continue
            f, why = general_threshold(model, pp, vr, le, seed=j)
            if f is None:
                notes.append(f"{name} = {le.formula.value:.12g}: no formula in every parameter: {why}")
            else:
                found.append(f)
    return found, notes
