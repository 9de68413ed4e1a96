"""Thresholds of a degenerate two-player game as functions of a second parameter, from its extreme equilibria.

:mod:`.vertex_thresholds` closes each numeric threshold of one parameter ``p`` exactly, the others at their
values: an event is where a vertex of a component of equilibria ends -- a condition of its tight system
(a probability numerator, a best-response slack, the determinant) vanishes.  Here a second parameter ``q``
is freed.  The vertices at the event keep their labels near the point, so each is solved again from the
same labels with payoffs that are polynomials in ``(p, q)`` (:func:`~.vertices.solve_vertex`, the traced
payoffs with the other parameters at their values); the binding condition then gives ``F(p, q) = 0``, and
the event follows the irreducible factor of ``F`` through the default point: ``p* = -F_0(q) / F_1(q)`` when
it has degree one in ``p``, the quadratic formula at degree two, else the branch of real roots
(:class:`~.roots.RealRoot`) it starts on.

The formula holds while the event keeps its kind -- the extreme equilibria that end and begin there
(the labels of their vertices) stay the same.  Along the curve that can change only where a condition
of one of the vertices present at the event vanishes together with ``F`` (a root in ``q`` of the
resultant ``Res_p(F, G)``), where the branch meets another (the discriminant) or its leading
coefficient vanishes, or where ``p*`` leaves its bounds.  Those roots cut the range of ``q`` into
pieces; walking outward from the default, the kind is checked exactly on each piece (the extreme
equilibria at ``p*(q)`` minus and plus ``1e-15``, :meth:`~.vertices.VertexRegimes.extreme_labels`),
and the interval ends at the first root where it fails (exact), or is bracketed where the check fails
between two points no such root separates.  Cross-check: at random ``q`` inside the interval the kind
is checked exactly again, and the numeric threshold finder (:func:`bargain.analysis.thresholds.thresholds`
on a small grid around ``p*(q)``) must find the event within ``1e-9`` (or bracket it, where it only
brackets such events); a formula that fails is dropped, with a note.

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed., ch. 3 sec. 6
(resultants: where two curves meet).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.records import Condition
from bargain.analysis.symbolic.report import binding_text
from bargain.analysis.symbolic.roots import RealRoot, exact_value
from bargain.analysis.symbolic.vertex_thresholds import LocatedEvent, located_by_parameter
from bargain.analysis.symbolic.vertices import DIGITS, ParametricPayoffs, VertexRegimes, at, between, solve_vertex
from bargain.errors import GameError, did_you_mean

__all__ = ["CurveEnd", "ThresholdCurve", "numeric_check", "same_kind", "threshold_curves", "vertex_threshold_curves"]

#: The numeric threshold and the formula agree to this, times max(1, |value|).
CHECK = 1e-9
#: Random points of the second parameter where each formula is cross-checked.
SAMPLES = 3
#: Pieces checked outward on each side before the end is left bracketed.
MAX_WALK = 16
#: Half-width of the kind check around the threshold (times max(1, |value|)).
DELTA = Fraction(1, 10**15)


@dataclass
class CurveEnd:
    """One end of the interval of the second parameter on which a threshold formula holds.

    Parameters
    ----------
    value : float
        The end (a bracket's middle when only bracketed).
    exact : sympy.Expr or None
        The end exactly (a rational, a surd or an isolated root), when known.
    bracket : tuple of float or None
        When the end is only bracketed: the formula holds at the first number, not at the second.
    why : str
        What happens there.
    """

    value: float
    exact: sp.Expr | None
    bracket: tuple[float, float] | None
    why: str

    @property
    def text(self) -> str:
        if self.bracket is not None:
            return f"between {self.bracket[0]:.12g} and {self.bracket[1]:.12g}"
        if self.exact is not None and not self.exact.is_Rational:
            return f"{sp.sstr(self.exact)} (= {self.value:.12g})"
        return sp.sstr(self.exact) if self.exact is not None else f"{self.value:.12g}"

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "exact": None if self.exact is None else sp.sstr(self.exact),
                "bracket": None if self.bracket is None else list(self.bracket), "why": self.why}


@dataclass
class ThresholdCurve:
    """``parameter* = f(in_terms_of)``: a threshold as a function of a second parameter, the rest fixed.

    Parameters
    ----------
    parameter : str
        The threshold's parameter ``p``.
    in_terms_of : str
        The parameter ``q`` it is a function of.
    polynomial : sympy.Expr
        ``F(p, q)``, irreducible over Q with integer coefficients: the threshold is a root of it.
    expression : sympy.Expr
        ``p*`` in ``q``: a rational function, a quadratic surd, or a :class:`~.roots.RealRoot` of ``F``.
    value : float
        The threshold at the point (``q`` at ``default``).
    exact : sympy.Expr or None
        The same exactly, when rational or an isolated root.
    default : float
        The value of ``q`` at the point.
    low : CurveEnd
        The lower end of the interval of ``q`` on which the event keeps its kind.
    high : CurveEnd
        Its upper end.
    binding : str
        What happens at the threshold.
    checks : list of tuple
        ``(q, formula, numeric)`` at random points inside the interval; ``numeric`` None where the numeric
        finder only brackets the event there (the bracket holds the formula's value).
    fixed : dict
        The values of the other parameters.
    latex_names : dict
        How each parameter symbol is written in LaTeX.
    """

    parameter: str
    in_terms_of: str
    polynomial: sp.Expr
    expression: sp.Expr
    value: float
    exact: sp.Expr | None
    default: float
    low: CurveEnd
    high: CurveEnd
    binding: str
    checks: list[tuple[float, float, float | None]] = field(default_factory=list)
    fixed: dict[str, float] = field(default_factory=dict)
    latex_names: dict[sp.Symbol, str] = field(default_factory=dict)

    def __call__(self, q: float) -> float:
        """The threshold at ``in_terms_of = q`` (inside the interval)."""
        sym = next(s for s in self.expression.free_symbols | self.polynomial.free_symbols if s.name == self.in_terms_of)
        return float(sp.sympify(self.expression).xreplace({sym: sp.Rational(repr(float(q)))}).evalf(30))

    @property
    def text(self) -> str:
        at_ = f" = {sp.sstr(self.exact)}" if self.exact is not None else ""
        return (f"{self.parameter} = {sp.sstr(self.expression)} for {self.low.text} < {self.in_terms_of} < "
                f"{self.high.text}  ({self.value:.12g}{at_} at {self.in_terms_of} = {self.default:g})")

    @property
    def latex(self) -> str:
        names = self.latex_names
        p = next((names[s] for s in names if s.name == self.parameter), self.parameter)
        q = next((names[s] for s in names if s.name == self.in_terms_of), self.in_terms_of)

        def end(e: CurveEnd) -> str:
            return sp.latex(e.exact) if e.bracket is None and e.exact is not None else f"{e.value:.6g}"
        return (f"{p} = {sp.latex(self.expression, symbol_names=names)}, \\quad {end(self.low)} < {q} < "
                f"{end(self.high)}")

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "in_terms_of": self.in_terms_of,
                "expression": sp.sstr(self.expression), "polynomial": sp.sstr(self.polynomial), "latex": self.latex,
                "value": self.value, "exact": None if self.exact is None else sp.sstr(self.exact),
                "at": self.default, "low": self.low.to_dict(), "high": self.high.to_dict(), "binding": self.binding,
                "checks": [{"at": q, "formula": f, "numeric": n} for q, f, n in self.checks], "fixed": self.fixed}


def _qq(x: Fraction) -> Any:
    return sp.QQ(x.numerator, x.denominator)


def _rational(x: float) -> Fraction:
    return Fraction(repr(float(x)))


class _Curves:
    """The vertices of one parameter's events in ``(p, q)``, and the exact kind check at any ``q``."""

    def __init__(self, model: Any, pp: ParametricPayoffs, vr: VertexRegimes, q: str) -> None:
        self.model, self.pp, self.vr, self.q = model, pp, vr, q
        self.p = vr.parameter
        self.R, (self.A, self.B) = pp.restricted([self.p, q], vr.point)
        self.P, self.Q = self.R.gens
        self.sp, self.sq = vr.symbol, pp.sg.symbols[q]
        self._vertices: dict[tuple, Any] = {}
        self._regimes: dict[Fraction, VertexRegimes] = {}

    def vertex(self, key: tuple) -> Any:
        """The vertex with these labels, in ``Q[p, q]`` (rows picked where the scan met it)."""
        if key not in self._vertices:
            probe = next((s for s, labs in self.vr.probes.items() if any(key in pair for pair in labs)), None)
            M1 = self.vr.B if key[0] == 0 else [list(c) for c in zip(*self.vr.A, strict=True)]
            M2 = self.B if key[0] == 0 else [list(c) for c in zip(*self.A, strict=True)]
            self._vertices[key] = None if probe is None else solve_vertex(
                *key, M2, [[at(x, probe) for x in row] for row in M1], self.R)
        return self._vertices[key]

    def regimes(self, qv: Fraction) -> VertexRegimes:
        """The extreme equilibria along ``p`` at ``q = qv`` (matrices from the bivariate payoffs)."""
        if qv not in self._regimes:
            mats = tuple([[x.evaluate(self.Q, _qq(qv)) for x in row] for row in mat] for mat in (self.A, self.B))
            self._regimes[qv] = VertexRegimes(self.model, self.p, {**self.vr.point, self.q: float(qv)},
                                              payoffs=self.pp, matrices=mats, labels_only=True)
        return self._regimes[qv]


def _branch_value(F: sp.Poly, k: int, qv: Fraction, sp_: sp.Symbol, sq: sp.Symbol) -> Fraction | None:
    """The ``k``-th real root in ``p`` of ``F(p, qv)`` to ``DIGITS`` digits (None when it has fewer)."""
    f = sp.Poly(F.as_expr().xreplace({sq: sp.Rational(qv.numerator, qv.denominator)}), sp_)
    if f.degree() == 1:
        c1, c0 = f.all_coeffs()
        x = -c0 / c1
        return Fraction(int(x.p), int(x.q))
    roots = f.real_roots()
    if k >= len(roots):
        return None
    return Fraction(str(sp.Float(roots[k].evalf(DIGITS), DIGITS)))


def _float_roots(h: sp.Poly, lo: float, hi: float) -> list[float]:
    if h.degree() <= 0:
        return []
    zs = np.roots([float(c) for c in h.all_coeffs()])
    return sorted(z.real for z in zs if abs(z.imag) <= 1e-7 * max(1.0, abs(z)) and lo < z.real < hi)


def _exact_root(h: sp.Poly, near: float) -> sp.Expr:
    """The real root of ``h`` nearest ``near``, exactly."""
    best = None
    for f, _m in h.factor_list()[1]:
        if f.degree() == 1:
            c1, c0 = f.all_coeffs()
            cands = [-c0 / c1]
        elif f.degree() == 2:
            cands = [r for r in sp.solve(f.as_expr(), f.gen) if r.is_real]
        else:
            cands = f.real_roots()
        for r in cands:
            d = abs(float(r) - near)
            if best is None or d < best[0]:
                best = (d, r)
    return best[1]


def same_kind(reg: VertexRegimes, pv: Fraction, kind: tuple) -> bool:
    """Do the extreme equilibria (labels of their vertices) that end and begin at ``pv`` along ``reg``'s parameter
    match ``kind`` (``(ending, beginning)``)?  Exact, at ``pv`` minus and plus ``DELTA`` (relative)."""
    d = DELTA * max(1, abs(pv))
    left, right = reg.extreme_labels(pv - d), reg.extreme_labels(pv + d)
    return (left - right, right - left) == kind


def numeric_check(model: Any, p: str, pv: float, point: Mapping[str, float]) -> tuple[bool, float | None]:
    """The numeric threshold finder on a small grid around ``pv`` at ``point``: ``(True, value)`` when it
    locates a threshold within ``CHECK`` of ``pv``, ``(True, None)`` when it only brackets one around ``pv``,
    else ``(False, distance to the nearest threshold it found)``."""
    from bargain.analysis.thresholds import thresholds

    prm = model.parameters[p]
    w = 1e-3 * (float(prm.high) - float(prm.low))
    grid = np.linspace(max(float(prm.low), pv - w), min(float(prm.high), pv + w), 7)
    evs = thresholds(model, p, grid, fixed={n: x for n, x in point.items() if n != p})
    hit = [e.value for e in evs if not e.method.startswith("not located")
           and abs(e.value - pv) <= CHECK * max(1.0, abs(pv))]
    if hit:
        return True, float(hit[0])
    if any(e.method.startswith("not located") and e.bracket[0] <= pv <= e.bracket[1] for e in evs):
        return True, None
    return False, min((abs(e.value - pv) for e in evs), default=float("inf"))


def _curve(cv: _Curves, le: LocatedEvent, seed: int) -> tuple[ThresholdCurve | None, str]:
    """The event ``le`` as a function of ``cv.q`` (None and why when it has none)."""
    vr, sg, p, q = cv.vr, cv.pp.sg, cv.p, cv.q
    root, before, after = le.change
    kind0 = (before - after, after - before)
    q0 = _rational(vr.point[q])
    factors: list[Any] = []
    for key, c in vr.binding(root, before, after):
        v = cv.vertex(key)
        g = None if v is None else next((d.poly for d in v.conditions
                                          if (d.kind, d.player, d.strategy) == (c.kind, c.player, c.strategy)), None)
        if g is None or g == 0:
            return None, "a vertex at the event is not fixed by its labels in both parameters"
        for f, _m in g.factor_list()[1]:
            uni = sp.Poly(f.as_expr().xreplace({cv.sq: sp.Rational(q0.numerator, q0.denominator)}), cv.sp)
            if uni.degree() > 0 and sp.rem(uni, sp.Poly(root.factor, cv.sp)).is_zero:
                factors.append(f.monic())
    if not factors or any(f != factors[0] for f in factors):
        return None, (f"the conditions that bind together at {q} = {float(q0):g} separate when {q} moves: "
                      "the event splits")
    Fr = factors[0]
    F = sp.Poly(Fr.as_expr(), cv.sp, cv.sq)
    F = sp.Poly(F.as_expr() * sp.ilcm(*[sp.Rational(c).q for c in F.coeffs()]), cv.sp, cv.sq)
    F = sp.Poly(F.as_expr() / sp.igcd(*[int(c) for c in F.coeffs()]), cv.sp, cv.sq)
    Fp = sp.Poly(F.as_expr(), cv.sp)                      # in p, coefficients in Q[q]
    deg = Fp.degree()
    at0 = sp.Poly(F.as_expr().xreplace({cv.sq: sp.Rational(q0.numerator, q0.denominator)}), cv.sp)
    real0 = [float(r) for r in (at0.real_roots() if deg > 1 else [-at0.all_coeffs()[1] / at0.all_coeffs()[0]])]
    k = min(range(len(real0)), key=lambda j: abs(real0[j] - float(root.value)))
    if deg == 1:
        c1, c0 = Fp.all_coeffs()
        expr = sp.factor(-c0 / c1)
    elif deg == 2:
        expr = min(sp.solve(F.as_expr(), cv.sp), key=lambda e: abs(complex(e.xreplace(
            {cv.sq: sp.Rational(q0.numerator, q0.denominator)}).evalf(30)) - float(root.value)))
    else:
        expr = RealRoot(F.as_expr(), cv.sp, k)
    prm_p, prm_q = sg.parameters[p], sg.parameters[q]
    # where the kind may change: the curve meets a condition of a vertex at the event, or loses its branch
    cands: list[tuple[float, sp.Poly, str]] = []
    lo_q, hi_q = float(prm_q.low), float(prm_q.high)

    def add(h: Any, why: str) -> None:
        hp = sp.Poly(h.as_expr() if hasattr(h, "as_expr") else h, cv.sq)
        cands.extend((z, hp, why) for z in _float_roots(hp, lo_q, hi_q))

    add(Fp.LC(), f"the coefficient of {p} in the threshold's polynomial vanishes")
    if deg >= 2:
        add(sp.discriminant(Fp.as_expr(), cv.sp), "two roots of the threshold's polynomial meet")
    for bound in (prm_p.low, prm_p.high):
        if np.isfinite(bound):
            add(F.as_expr().xreplace({cv.sp: sp.Rational(repr(float(bound)))}), f"{p} reaches its bound {bound:g}")
    keys = {k_ for pair in before | after for k_ in pair}
    Fring = cv.R(F.as_expr())
    for key in sorted(keys, key=lambda k_: (k_[0], sorted(k_[1]), sorted(k_[2]))):
        v = cv.vertex(key)
        for c in v.conditions if v is not None else ():
            if c.poly == 0 or c.poly.degree(cv.P) < 0:
                continue
            res = Fring.resultant(c.poly)
            if res != 0:
                text = ("two extreme equilibria merge" if c.kind == "det" else
                        binding_text(sg, Condition(c.poly, 1, True, c.kind, c.player, c.strategy)))
                add(res.as_expr(), text + " on the threshold")
    cands.sort(key=lambda t: t[0])

    def same(qv: Fraction) -> bool:
        pv = _branch_value(F, k, qv, cv.sp, cv.sq)
        if pv is None or not prm_p.low < pv < prm_p.high:
            return False
        return same_kind(cv.regimes(qv), pv, kind0)

    def bisect(good: Fraction, bad: Fraction, why: str) -> CurveEnd:
        for _ in range(30):
            mid = between(min(good, bad), max(good, bad))
            if same(mid):
                good = mid
            else:
                bad = mid
        return CurveEnd(float((good + bad) / 2), None, (float(good), float(bad)), why)

    ends = []
    for side in (-1, 1):
        cut = sorted({round(z, 13): (z, h, why) for z, h, why in cands if side * (z - float(q0)) > 0}.values(),
                     key=lambda t: side * t[0])
        bound = _rational(prm_q.low if side < 0 else prm_q.high)
        end = CurveEnd(float(bound), sp.Rational(bound.numerator, bound.denominator), None,
                       f"{q} reaches its bound")
        for j, (z, h, why) in enumerate(cut):
            if j >= MAX_WALK:
                end = CurveEnd(float(z), None, (float(cut[j - 1][0]), float(bound)),
                               f"not checked beyond {float(cut[j - 1][0]):.12g}")
                break
            nxt = _rational(cut[j + 1][0]) if j + 1 < len(cut) else bound
            mid = between(*sorted((_rational(z), nxt)))
            if not same(mid):
                ex = _exact_root(h, z)
                end = CurveEnd(float(ex), ex, None, why)
                break
        ends.append(end)
    low, high = ends
    rng = np.random.default_rng(seed)
    a = low.bracket[0] if low.bracket else low.value
    b = high.bracket[0] if high.bracket else high.value
    checks = []
    for u in sorted(rng.uniform(0.05, 0.95, SAMPLES)):
        qs = _rational(round(a + (b - a) * u, 6))
        if not same(qs):
            end = bisect(q0, qs, "the extreme equilibria at the threshold change here (no condition of the vertices "
                                 "at the event binds: found by the exact check)")
            return None, f"{p} in terms of {q}: the kind of the event changes inside the interval ({end.text})"
        pv = float(_branch_value(F, k, qs, cv.sp, cv.sq))
        ok, numeric = numeric_check(cv.model, p, pv, {**vr.point, q: float(qs)})
        if not ok:
            return None, (f"{p} in terms of {q} fails the numeric cross-check at {q} = {float(qs):.9g}: formula "
                          f"{pv:.12g}, nearest numeric threshold {numeric:.3g} away")
        checks.append((float(qs), pv, numeric))
    texts = [le.formula.binding]
    return ThresholdCurve(p, q, F.as_expr(), expr, float(root.value), exact_value(root.expr), float(q0), low, high,
                          "; ".join(texts), checks, {n: x for n, x in vr.point.items() if n not in (p, q)},
                          dict(sg.latex_names)), ""


def threshold_curves(model: Any, parameter: str, in_terms_of: str, located: list[LocatedEvent],
                     regimes: VertexRegimes, payoffs: ParametricPayoffs, seed: int = 0,
                     ) -> tuple[list[ThresholdCurve], list[str]]:
    """Each closed threshold of ``parameter`` as a function of ``in_terms_of`` (see the module docstring).

    Parameters
    ----------
    model : Model
        A two-player parametric model.
    parameter, in_terms_of : str
        The threshold's parameter and the one it is written in (distinct).
    located : list of LocatedEvent
        The events of ``parameter`` with their closed forms (:func:`~.vertex_thresholds.locate_events`).
    regimes : VertexRegimes
        The scanner that closed them (along ``parameter``).
    payoffs : ParametricPayoffs
        The model's payoffs as polynomials.
    seed : int
        For the random points of the cross-check.

    Returns
    -------
    curves : list of ThresholdCurve
        One per closed event whose formula passed the checks, in the order of the events.
    notes : list of str
        One per event without a formula in ``in_terms_of``, with the reason.

    Raises
    ------
    GameError
        If the two parameters are the same.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
    Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed., ch. 3 sec. 6.
    """
    if parameter == in_terms_of:
        raise GameError(f"a threshold of {parameter!r} cannot be written in terms of {parameter!r} itself")
    cv = _Curves(model, payoffs, regimes, in_terms_of)
    curves, notes = [], []
    for j, le in enumerate(located):
        if le.formula is None or le.change is None:
            continue
        curve, why = _curve(cv, le, seed + j)
        if curve is None:
            notes.append(f"{parameter} = {le.formula.value:.12g}: no formula in {in_terms_of}: {why}")
        elif all((c.polynomial, c.value) != (curve.polynomial, curve.value) for c in curves):
            curves.append(curve)
    return curves, notes



def vertex_threshold_curves(model: Any, parameter: str | None, in_terms_of: str, at: Mapping[str, float] | None = None,
                            events: Mapping[str, Sequence[Any]] | None = None, seed: int = 0,
                            ) -> tuple[list[ThresholdCurve], list[str]]:
    """Every numeric threshold of a two-player model as a function of ``in_terms_of``, the others at ``at``.

    Parameters
    ----------
    model : Model
        A two-player parametric model.
    parameter : str or None
        Only this parameter's thresholds (None: every parameter with finite bounds but ``in_terms_of``).
    in_terms_of : str
        The parameter the thresholds are written in.
    at : mapping, optional
        Values of the other parameters (default: their defaults).
    events : mapping, optional
        ``{parameter: events}`` already found (:func:`bargain.analysis.thresholds.all_thresholds`).
    seed : int
        For the random points of the cross-check.

    Returns
    -------
    curves : list of ThresholdCurve
        Parameter by parameter, in the order of the events.
    notes : list of str
        One per threshold without a formula in ``in_terms_of``, with the reason.

    Raises
    ------
    GameError
        For an unknown parameter, the same parameter twice, or ``in_terms_of`` fixed in ``at``.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
    """
    pp = ParametricPayoffs(model)
    names = list(pp.sg.parameters)
    if in_terms_of not in names:
        raise GameError(f"no parameter {in_terms_of!r}{did_you_mean(in_terms_of, names)}; parameters are {names}")
    if in_terms_of == parameter:
        raise GameError(f"a threshold of {parameter!r} cannot be written in terms of {parameter!r} itself")
    if in_terms_of in (at or {}):
        raise GameError(f"{in_terms_of!r} is fixed at {at[in_terms_of]!r}: a threshold cannot be written in its terms")
    prm = pp.sg.parameters[in_terms_of]
    if not (np.isfinite(prm.low) and np.isfinite(prm.high) and prm.low < prm.high):
        raise GameError(f"{in_terms_of!r} has no finite range ({prm.low}, {prm.high}) to write thresholds over")
    curves: list[ThresholdCurve] = []
    notes: list[str] = []
    for name, vr, located in located_by_parameter(model, pp, parameter, {**(at or {}), in_terms_of: prm.default}
                                                  if parameter is None else at, events):
        found, missing = threshold_curves(model, name, in_terms_of, located, vr, pp, seed)
        curves += found
        notes += [f"{name} = {le.event.value:.12g} ({le.event.method}): no closed form: {le.reason}"
                  for le in located if le.formula is None] + missing
    return curves, notes
