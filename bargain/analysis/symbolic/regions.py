"""Regimes: the parameter regions where an equilibrium formula holds, as simplified inequalities.

An equilibrium on a support holds where its probabilities are positive and no strategy off the
support is better (:class:`~.supports.Condition`).  Each condition is a quotient ``num / den``;
where the denominators (the determinants of the indifference systems) keep one sign, the region
is a conjunction of polynomial inequalities ``num > 0`` or ``num < 0``, and one equilibrium
formula can hold on several such regions (one per sign pattern of the denominators).

Which regions are non-empty, and which inequalities are redundant, is decided numerically on a
fixed sample of the parameter box (uniform points plus the one-parameter lines through the
defaults, the lines along which :func:`bargain.thresholds` looks): a region no sample reaches is
not listed, and an inequality is dropped when every sample satisfying the others satisfies it too
(the sampling test of redundancy; for linear constraints an LP would decide exactly, Fukuda 2020,
*Polyhedral Computation*, sec. 7).  Factors whose sign is constant on the box are divided out of
each displayed inequality (seen at every sample; :func:`~.algebra.box_sign` proves signs
where the comparative statics need it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from sympy.polys.rings import PolyElement

from bargain.analysis.symbolic.algebra import PolyEval, split_factors
from bargain.analysis.symbolic.sampled import SampledExpression
from bargain.analysis.symbolic.supports import Condition, SupportSolution

__all__ = ["Inequality", "Region", "Samples", "find_regions"]


class Samples:
    """A fixed sample of the parameter box and fast evaluation of formulas on it.

    Parameters
    ----------
    names : sequence of str
        Parameter names, in the order of ``symbols``.
    symbols : sequence of sympy.Symbol
        The ring's generators.
    low, high, defaults : sequences of float
        Bounds (infinite bounds are replaced by ``default -/+ 10 max(1, |default|)`` for sampling)
        and default values.
    n : int
        Number of uniform points (the lines through the defaults add 101 points per parameter).
    seed : int
        Seed of the generator (the sample, hence the output, is reproducible).
    """

    def __init__(self, names: Sequence[str], symbols: Sequence[sp.Symbol], low: Sequence[float],
                 high: Sequence[float], defaults: Sequence[float], n: int = 3000, seed: int = 0) -> None:
        self.names = list(names)
        self.symbols = list(symbols)
        d = np.asarray(defaults, dtype=float)
        span = 10 * np.maximum(1.0, np.abs(d))
        lo = np.where(np.isfinite(low), low, d - span)
        hi = np.where(np.isfinite(high), high, d + span)
        self.low, self.high, self.defaults = lo, hi, d
        self.box_low, self.box_high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
        rng = np.random.default_rng(seed)
        V = len(self.names)
        parts = [d[None, :], lo + (hi - lo) * rng.random((n, V))]
        for v in range(V):
            line = np.repeat(d[None, :], 101, axis=0)
            line[:, v] = np.linspace(lo[v], hi[v], 101)
            parts.append(line)
        self.points = np.concatenate(parts) if V else np.zeros((1, 0))
        self._poly = PolyEval(self.points if V else np.zeros((1, 1)))
        self._cache: dict[Any, np.ndarray] = {}

    @property
    def size(self) -> int:
        return self.points.shape[0]

    def point(self, k: int) -> dict[str, float]:
        """Sample ``k`` as a ``{name: value}`` mapping."""
        return {name: float(self.points[k, v]) for v, name in enumerate(self.names)}

    def sign(self, x: Any) -> int:
        """+1 / -1 when ``x`` keeps one sign on the sample (>= 0 everywhere, > 0 somewhere), else 0.

        Both signs among the first samples already decide 0 without evaluating the rest."""
        head = self.head(x)
        if np.any(head > 0) and np.any(head < 0):
            return 0
        v = self(x)
        if np.all(v >= 0) and np.any(v > 0):
            return 1
        if np.all(v <= 0) and np.any(v < 0):
            return -1
        return 0

    def head(self, x: Any, rows: int = 64) -> np.ndarray:
        """The values of :meth:`__call__` at the first ``rows`` samples only (identical floats)."""
        if isinstance(x, PolyElement) and x not in self._cache:
            return self._poly(x, rows)
        return self(x)[:rows]

    def __call__(self, x: Any) -> np.ndarray:
        """Float values of a ring element, :class:`~.sampled.SampledExpression`, sympy expression or number at
        every sample."""
        key = x if isinstance(x, (PolyElement, SampledExpression)) else sp.sympify(x)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        if isinstance(x, SampledExpression):
            out = x.values(self)
        elif isinstance(x, PolyElement):
            out = self._poly(x)
        elif not key.free_symbols:
            out = np.full(self.size, complex(key).real if key.is_finite else np.nan)
        else:
            f = sp.lambdify(self.symbols, key, modules="numpy")
            with np.errstate(all="ignore"):
                val = np.asarray(f(*[self.points[:, v].astype(complex) for v in range(len(self.names))]))
            val = np.broadcast_to(val, (self.size,))
            out = np.where(np.abs(val.imag) <= 1e-9 * np.maximum(1.0, np.abs(val.real)), val.real, np.nan)
        self._cache[key] = out
        return out


@dataclass
class Inequality:
    """``sign * poly > 0`` (``strict``) or ``>= 0``; ``poly`` a ring element or sympy expression.

    ``condition`` is the equilibrium condition it comes from (None for a denominator's sign).
    """

    poly: Any
    sign: int
    strict: bool
    condition: Condition | None

    def holds(self, samples: Samples, tol: float = 1e-11) -> np.ndarray:
        v = self.sign * samples(self.poly)
        scale = max(1.0, float(np.nanmax(np.abs(v)))) if v.size else 1.0
        with np.errstate(invalid="ignore"):
            return (v > tol * scale) if self.strict else (v >= -tol * scale)

    def margin(self, samples: Samples) -> np.ndarray:
        v = self.sign * samples(self.poly)
        scale = max(1e-300, float(np.nanmax(np.abs(v)))) if v.size else 1.0
        return np.nan_to_num(v / scale, nan=-np.inf)


@dataclass
class Region:
    """One parameter region where an equilibrium formula holds.

    Attributes
    ----------
    inequalities : list of Inequality
        The simplified, non-redundant inequalities (empty: the whole box).
    members : numpy.ndarray
        Indices of the samples inside the region.
    fraction : float
        Share of the uniform sample inside the region (a rough size of the region).
    denominator_signs : tuple of int
        The sign of each denominator on the region.
    """

    inequalities: list[Inequality]
    members: np.ndarray
    fraction: float
    denominator_signs: tuple[int, ...] = ()

    def deepest(self, samples: Samples, k: int) -> np.ndarray:
        """The ``k`` member samples farthest inside the region (largest least relative margin of its
        inequalities; where a formula is checked, away from the boundaries where it degenerates)."""
        if self.inequalities:
            margin = np.min(np.stack([q.margin(samples)[self.members] for q in self.inequalities]), axis=0)
        else:
            margin = np.ones(self.members.size)
        return self.members[np.argsort(-margin, kind="stable")[:k]]


def find_regions(sol: SupportSolution, samples: Samples, n_uniform: int) -> list[Region]:
    """The non-empty regions of ``sol`` on the sample, with their inequalities simplified.

    Parameters
    ----------
    sol : SupportSolution
        The closed-form equilibrium and its conditions.
    samples : Samples
        The sample of the parameter box.
    n_uniform : int
        How many of the samples (after the first, the defaults) are uniform on the box.

    Returns
    -------
    list of Region
        One per sign pattern of the denominators that some sample satisfies.
    """
    conds = sol.conditions
    raw = [Inequality(c.num, 1, c.strict, c) for c in conds]
    dens: list[Any] = []
    for c in conds:
        if not _is_constant(c.den) and all(c.den != d for d in dens):
            dens.append(c.den)
    den_sign = [np.sign(samples(d)) for d in dens]
    cond_den = [np.sign(samples(c.den)) for c in conds]
    ok = np.ones(samples.size, dtype=bool)
    for ineq, s in zip(raw, cond_den, strict=True):
        v = s * samples(ineq.poly)
        scale = max(1.0, float(np.nanmax(np.abs(v))))
        with np.errstate(invalid="ignore"):
            ok &= (v > 1e-11 * scale) if ineq.strict else (v >= -1e-11 * scale)
    for s in den_sign:
        ok &= s != 0
    if not ok.any():
        return []
    patterns = np.stack(den_sign, axis=1).astype(int) if dens else np.zeros((samples.size, 0), dtype=int)
    out = []
    for pat in np.unique(patterns[ok], axis=0):
        members = np.flatnonzero(ok & np.all(patterns == pat, axis=1))
        ineqs = [Inequality(d, int(sg), True, None) for d, sg in zip(dens, pat, strict=True)]
        for c in conds:
            s = 1
            if not _is_constant(c.den):
                s = int(pat[next(k for k, d in enumerate(dens) if d == c.den)])
            elif float(samples(c.den)[0]) < 0:
                s = -1
            ineqs.append(Inequality(c.num, s, c.strict, c))
        # a region where some condition holds only with equality (a strategy exactly as good, on a
        # boundary of the box) is lower-dimensional: no regime
        live = [q for q in ineqs if not _is_zero(q.poly)]
        if live:
            depth = np.min(np.stack([q.margin(samples)[members] for q in live]), axis=0)
            if not np.any(depth > 1e-9):
                continue
        kept = _irredundant(ineqs, samples)
        frac = float(np.mean(np.isin(np.arange(1, 1 + n_uniform), members))) if n_uniform else 0.0
        out.append(Region(kept, members, frac, tuple(int(x) for x in pat)))
    return out


def _is_zero(x: Any) -> bool:
    return x == 0 if isinstance(x, PolyElement) else sp.sympify(x).is_zero is True


def _is_constant(x: Any) -> bool:
    return x.is_ground if isinstance(x, PolyElement) else not sp.sympify(x).free_symbols


def _size(x: Any) -> int:
    return len(x.terms()) if isinstance(x, PolyElement) else sp.count_ops(x)


def _irredundant(ineqs: list[Inequality], samples: Samples) -> list[Inequality]:
    """Drop inequalities true on the whole sample, duplicates, and those implied (on the sample) by the rest."""
    masks = [q.holds(samples) for q in ineqs]
    keep = [k for k, m in enumerate(masks) if not m.all() and not _is_constant(ineqs[k].poly)]
    uniq: list[int] = []
    for k in keep:
        if not any(np.array_equal(masks[k], masks[u]) and _same(ineqs[k], ineqs[u]) for u in uniq):
            uniq.append(k)
    for k in sorted(uniq, key=lambda k: -_size(ineqs[k].poly)):
        others = [u for u in uniq if u != k]
        rest = np.logical_and.reduce([masks[u] for u in others]) if others else np.ones(samples.size, bool)
        if np.all(masks[k][rest]):
            uniq = others
    return [ineqs[k] for k in sorted(uniq)]


def _same(a: Inequality, b: Inequality) -> bool:
    if isinstance(a.poly, PolyElement) and isinstance(b.poly, PolyElement):
        ca, pa = a.poly.primitive()
        cb, pb = b.poly.primitive()
        return (pa == pb and np.sign(float(ca)) * a.sign == np.sign(float(cb)) * b.sign) or \
               (pa == -pb and np.sign(float(ca)) * a.sign == -np.sign(float(cb)) * b.sign)
    return False


def display_factors(q: Inequality, samples: Samples, candidates: Sequence[PolyElement]) -> tuple[int, list[Any]]:
    """The inequality as ``sign * prod(factors) > 0`` with the sign-definite factors divided out.

    Returns
    -------
    tuple
        The overall sign and the remaining factors (each a ring element or expression; even
        powers are dropped as nonnegative).
    """
    if not isinstance(q.poly, PolyElement):
        return q.sign, [q.poly]
    c, facs = split_factors(q.poly, candidates)
    sign = q.sign * (1 if c > 0 else -1)
    kept = []
    for f, e in facs:
        if e % 2 == 0:
            continue
        s = samples.sign(f)
        if s:
            sign *= s
            continue
        kept.append(f)
    return sign, kept
