"""Polynomial arithmetic for the symbolic solver: a ring of the parameters, determinants, cheap
factoring, fast numeric evaluation and a sign certificate on a box.

Equilibrium formulas are quotients of determinants of payoff expressions.  Sympy's expression
trees (``sympy.cancel``, ``sympy.factor``) take seconds per formula in a dozen parameters, so the
solver works in the sparse polynomial ring ``Q[theta]`` (``sympy.polys.rings``), where products
and sums are cheap, and keeps numerators and denominators apart (fraction-free, as in Bareiss
1968, "Sylvester's identity and multistep integer-preserving Gaussian elimination", Math. Comp.
22).  Full multivariate factorisation (Wang 1978) is the expensive step; :func:`split_factors`
only divides out *candidate* factors (the irreducible factors of the game's payoff differences,
which are small) and factors what is left when it is small.  Most candidates are ruled out, and the
power of the others bounded, without dividing, by evaluation modulo a prime at a zero of each
candidate (:mod:`.modular`); the divisions left are sparse, with the remainder's terms in a heap
(Monagan and Pearce 2007, "Polynomial division using dynamic arrays, heaps, and packed exponent
vectors", CASC).

:func:`box_sign` proves a polynomial's sign on a box of parameter values: substituting
``theta = (a + b t) / (1 + t)`` maps ``t in [0, inf)`` onto ``[a, b]`` (``theta = a + t`` for
``[a, inf)``); after multiplying by ``(1 + t)^deg`` a polynomial whose coefficients all have one
sign has that sign on the whole box (the coefficient test behind Polya's theorem and Bernstein
bounds: Garloff 1986, "Convergent bounds for the range of multivariate polynomials", LNCS 212).
It is sufficient, not necessary: ``None`` means "not proven", never "changes sign".
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from functools import lru_cache
from operator import add, neg, sub
from typing import Any

import numpy as np
import sympy as sp
from sympy.polys.rings import PolyElement, PolyRing, ring

from bargain.analysis.symbolic.modular import multiplicity_bounds, zero_of
from bargain.errors import GameError

__all__ = ["Candidates", "PolyEval", "as_expr", "box_sign", "cancel_factors", "coefficients_in", "det",
           "exact_quotient", "isolate", "make_ring", "normalize", "pretty", "primitive", "quotient",
           "split_by_variable", "split_factors", "to_ring"]

#: Left-over cofactors with at most this many terms are factored completely by sympy.
FACTOR_MAX_TERMS = 4


def make_ring(symbols: Sequence[sp.Symbol]) -> PolyRing:
    """The polynomial ring ``Q[symbols]`` (a ring in one dummy variable when there are no parameters)."""
    gens = list(symbols) or [sp.Dummy("none")]
    R, *_ = ring(gens, sp.QQ)
    return R


def to_ring(R: PolyRing, expr: sp.Expr, what: str) -> PolyElement:
    """``expr`` as an element of ``R``; GameError if it is not a polynomial in the parameters."""
    try:
        return R.from_expr(expr) if expr != 0 else R.zero
    except (ValueError, sp.PolynomialError, sp.CoercionFailed):
        raise GameError(f"{what} = {expr} is not a polynomial in the parameters; symbolic analysis needs "
                        "payoffs built from + - * and constants (multiply a player's payoffs through by a "
                        "positive denominator, or use the numeric tools)") from None


def det(rows: list[list[Any]]) -> Any:
    """Determinant of a small square matrix of ring elements by cofactor expansion (division-free)."""
    n = len(rows)
    if n == 1:
        return rows[0][0]
    if n == 2:
        return rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
    total = rows[0][0] * 0
    for c in range(n):
        if rows[0][c] == 0:
            continue
        minor = [r[:c] + r[c + 1:] for r in rows[1:]]
        term = rows[0][c] * det(minor)
        total = total + term if c % 2 == 0 else total - term
    return total


def exact_quotient(p: PolyElement, f: PolyElement) -> PolyElement | None:
    """``p / f`` when ``f`` divides ``p`` exactly, else None.

    Sparse division in lex order that stops at the first leading term ``f`` does not divide (that
    term would stay in the remainder).  The remainder's monomials wait in a heap, so each step finds
    the leading term in ``O(log n)`` rather than by a scan of the remainder (heap division:
    Johnson 1974, "Sparse polynomial arithmetic", ACM SIGSAM Bulletin 8(3); Monagan and Pearce
    2007, "Polynomial division using dynamic arrays, heaps, and packed exponent vectors", CASC).

    Parameters
    ----------
    p, f : PolyElement
        Elements of one ring, ``f`` nonzero.

    Returns
    -------
    PolyElement or None
        The exact quotient, or None when ``f`` does not divide ``p``.

    References
    ----------
    Monagan, M. and Pearce, R. (2007). Polynomial division using dynamic arrays, heaps, and packed
    exponent vectors. *Computer Algebra in Scientific Computing*, LNCS 4770, 295-315.
    """
    lm_f = max(f)                   # the lex-leading monomial, whatever the ring's order
    inv = 1 / f[lm_f]
    tail = [(m, -c * inv) for m, c in f.items() if m != lm_f]
    rem = dict(p)
    heap = [tuple(map(neg, m)) for m in rem]      # a min-heap of negated monomials: lex-largest first
    heapq.heapify(heap)
    pop, push = heapq.heappop, heapq.heappush
    q: dict[tuple[int, ...], Any] = {}
    while heap:
        m = tuple(map(neg, pop(heap)))
        c = rem.pop(m, None)
        if c is None:               # a stale entry: the monomial cancelled (or was already taken)
            continue
        monom = tuple(map(sub, m, lm_f))
        if min(monom) < 0:
            return None
        cq = c * inv
        q[monom] = cq
        for mf, cf in tail:         # rem -= cq * x^monom * f (the leading term is cancelled by construction)
            mm = tuple(map(add, monom, mf))
            v = rem.get(mm)
            if v is None:
                rem[mm] = c * cf
                push(heap, tuple(map(neg, mm)))
            else:
                v = v + c * cf
                if v:
                    rem[mm] = v
                else:
                    del rem[mm]
    return p.new(q)


def split_by_variable(p: PolyElement, v: int) -> tuple[PolyElement, PolyElement]:
    """``p = x_v * q1 + q0`` for ``p`` of degree at most one in generator ``v``: ``(q1, q0)``."""
    q1, q0 = {}, {}
    for monom, c in p.items():      # the coefficients are already in the ring's domain: no conversion
        if monom[v]:
            q1[(*monom[:v], monom[v] - 1, *monom[v + 1:])] = c
        else:
            q0[monom] = c
    return p.new(q1), p.new(q0)


def coefficients_in(p: PolyElement, v: int) -> dict[int, PolyElement]:
    """``p = sum_e c_e x_v^e``: the coefficient polynomials ``{e: c_e}`` (free of ``x_v``)."""
    parts: dict[int, dict] = {}
    for monom, c in p.items():
        parts.setdefault(monom[v], {})[(*monom[:v], 0, *monom[v + 1:])] = c
    return {e: p.new(d) for e, d in parts.items()}


def cancel_factors(num: PolyElement, den: PolyElement, candidates: Sequence[PolyElement]
                   ) -> tuple[Any, list[tuple[PolyElement, int]], list[tuple[PolyElement, int]]]:
    """``num / den = c * prod(fn) / prod(fd)`` with common factors cancelled (factor lists, no gcd)."""
    cn, fn = split_factors(num, candidates)
    cd, fd = split_factors(den, candidates)
    dn = dict(fn)
    dd = dict(fd)
    for f in list(dn):
        if f in dd:
            m = min(dn[f], dd[f])
            dn[f] -= m
            dd[f] -= m
    return cn / cd, [(f, e) for f, e in dn.items() if e], [(f, e) for f, e in dd.items() if e]


def split_factors(p: PolyElement, candidates: Sequence[PolyElement]) -> tuple[Any, list[tuple[PolyElement, int]]]:
    """``p = c * prod f_k^e_k``: the rational content ``c`` and factors found by trial division.

    Parameters
    ----------
    p : PolyElement
        A nonzero polynomial.
    candidates : sequence of PolyElement
        Monic-normalised irreducible polynomials to divide out first.

    Returns
    -------
    tuple
        The constant ``c`` and the list of ``(factor, exponent)``.
    """
    cache = getattr(candidates, "cache", None)
    if cache is not None and p in cache:
        return cache[p]
    c, q = primitive(p)
    if q.LC < 0:
        c, q = -c, -q
    out: list[tuple[PolyElement, int]] = []
    qdeg = q.degrees()
    fdegs = getattr(candidates, "degrees", None) or [f.degrees() for f in candidates]
    zeros = getattr(candidates, "zeros", None) or [zero_of(f) for f in candidates]
    fits = [not any(a > b for a, b in zip(fd, qdeg, strict=True)) for fd in fdegs]
    # q (or its derivative) at a zero of a candidate, modulo a prime, bounds the candidate's power in q
    # without dividing (for good: what does not divide q divides none of its quotients below)
    bounds = multiplicity_bounds(q, [z if ok else None for z, ok in zip(zeros, fits, strict=True)])
    for f, ok, bound in zip(candidates, fits, bounds, strict=True):
        if q.is_ground:
            break
        if not ok or bound == 0:
            continue
        e = 0
        while bound is None or e < bound:
            quo = exact_quotient(q, f)
            if quo is None or quo == 0:
                break
            q, e = quo, e + 1
        if e:
            out.append((f, e))
    if not q.is_ground:
        if len(q.terms()) <= FACTOR_MAX_TERMS:
            k, facs = q.factor_list()
            c = c * k
            out += [(f, e) for f, e in facs]
        else:
            out.append((q, 1))
    else:
        c = c * q.LC
    if cache is not None:
        cache[p] = (c, out)
    return c, out


class Candidates(list):
    """Trial divisors for :func:`split_factors`, with their degrees, a cache of factorisations and one
    of readable expressions (:func:`pretty`: the same regime polynomials recur across formulas)."""

    def __init__(self, polys: Sequence[PolyElement]) -> None:
        super().__init__(polys)
        self.degrees = [f.degrees() for f in polys]
        self.zeros = [zero_of(f) for f in polys]
        self.cache: dict[PolyElement, Any] = {}
        self.exprs: dict[tuple[str, PolyElement, int], sp.Expr] = {}


def primitive(p: PolyElement) -> tuple[Any, PolyElement]:
    """``p.primitive()`` (content ``gcd(numerators) / lcm(denominators)`` and ``p`` divided by it),
    with the content computed on Python integers over ``QQ`` (sympy folds one rational gcd per term).

    Parameters
    ----------
    p : PolyElement
        A polynomial.

    Returns
    -------
    tuple
        The content and the primitive part, as :meth:`PolyElement.primitive` gives them.
    """
    K = p.ring.domain
    if not p or K != sp.QQ:
        return p.primitive()
    coeffs = list(p.values())
    cont = K(math.gcd(*(int(c.numerator) for c in coeffs)), math.lcm(*(int(c.denominator) for c in coeffs)))
    return cont, p.quo_ground(cont)


def normalize(f: PolyElement) -> tuple[Any, PolyElement]:
    """``f = c * g`` with ``g`` primitive and a positive leading coefficient."""
    c, g = primitive(f)
    if g.LC < 0:
        c, g = -c, -g
    return c, g


class PolyEval:
    """Vectorised float evaluation of ring elements at many parameter points.

    Parameters
    ----------
    points : numpy.ndarray
        Shape ``(N, V)``: one row per point, one column per generator of the ring.
    """

    def __init__(self, points: np.ndarray) -> None:
        self.points = np.asarray(points, dtype=float)
        self._powers: dict[tuple[int, int], np.ndarray] = {}

    def _pow(self, v: int, e: int) -> np.ndarray:
        key = (v, e)
        hit = self._powers.get(key)
        if hit is None:
            hit = self.points[:, v] ** e
            self._powers[key] = hit
        return hit

    def __call__(self, p: PolyElement, rows: int | None = None) -> np.ndarray:
        """``p`` at every point, or at the first ``rows`` points (the same floats as the full evaluation's
        first ``rows`` entries: the same elementwise operations on the same powers)."""
        n = self.points.shape[0] if rows is None else min(rows, self.points.shape[0])
        if rows is not None:
            return self._blocks(p, n)
        out = np.zeros(n)
        for monom, coeff in p.terms():
            term = np.full(n, float(coeff))
            for v, e in enumerate(monom):
                if e:
                    term = term * self._pow(v, e)[:n]
            out += term
        return out


    def _blocks(self, p: PolyElement, n: int) -> np.ndarray:
        """``p`` at the first ``n`` points, a block of terms per numpy operation: each term is its
        coefficient times the powers of the variables in their order (times 1.0 for an absent one,
        which changes no float), and the terms are added one after another to the running sum (a
        sum along the first axis of an array is sequential), as :meth:`__call__` does term by term.
        Worth it for few points, where a term-by-term loop is all overhead."""
        out = np.zeros(n)
        terms = p.terms()
        for start in range(0, len(terms), 512):
            block = terms[start:start + 512]
            exps = np.array([m for m, _ in block], dtype=np.intp).reshape(len(block), -1)
            vals = np.repeat(np.array([float(c) for _, c in block])[:, None], n, axis=1)
            for v in range(exps.shape[1]):
                col = exps[:, v]
                top = int(col.max())
                if top == 0:
                    continue
                table = np.ones((top + 1, n))
                for e in range(1, top + 1):
                    table[e] = self._pow(v, e)[:n]
                vals *= table[col]
            vals[0] += out
            out = np.add.reduce(vals, axis=0)
        return out


def box_sign(p: PolyElement, low: Sequence[float], high: Sequence[float]) -> int | None:
    """``+1`` / ``-1`` when ``p >= 0`` / ``p <= 0`` is proven on the box (and ``p`` is not 0), ``0``
    when ``p`` is identically zero, ``None`` when not proven (see the module docstring).

    Parameters
    ----------
    p : PolyElement
        The polynomial.
    low, high : sequences of float
        Bounds of each generator (``-inf``/``inf`` allowed; a generator unbounded below is not
        substituted and its monomials must have even exponents to be proven).

    Returns
    -------
    int or None
    """
    if p == 0:
        return 0
    R = p.ring
    if len(p.terms()) > 400:
        return None
    T, *t = ring([f"t{v}" for v in range(R.ngens)], sp.QQ)
    degs = [p.degree(g) for g in R.gens]
    images = []     # (numerator of theta_v in t, its denominator factor 1 + t_v or 1)
    for v, (lo, hi, d) in enumerate(zip(low, high, degs, strict=True)):
        if d <= 0:
            images.append((None, None))
        elif np.isfinite(lo) and np.isfinite(hi):
            images.append((T(sp.Rational(repr(float(lo)))) + T(sp.Rational(repr(float(hi)))) * t[v], 1 + t[v]))
        elif np.isfinite(lo):
            images.append((T(sp.Rational(repr(float(lo)))) + t[v], T.one))
        elif np.isfinite(hi):
            images.append((T(sp.Rational(repr(float(hi)))) - t[v], T.one))
        else:
            return None
    powers: dict[tuple[int, int, int], Any] = {}

    def pw(v: int, which: int, e: int) -> Any:
        key = (v, which, e)
        if key not in powers:
            powers[key] = images[v][which] ** e
        return powers[key]

    total = T.zero
    for monom, coeff in p.terms():
        term = T(coeff)
        for v, e in enumerate(monom):
            if degs[v] > 0:
                term = term * pw(v, 0, e) * pw(v, 1, degs[v] - e)
        total += term
    coeffs = [c for _, c in total.terms()]
    if coeffs and all(c >= 0 for c in coeffs):
        return 1
    if coeffs and all(c <= 0 for c in coeffs):
        return -1
    return None


def _oriented(f: PolyElement) -> tuple[int, PolyElement]:
    """``f = s * g`` with ``g``'s constant term positive when it has one (``1 - x`` rather than ``x - 1``)."""
    const = f.coeff(1) if not f.is_ground else f.LC
    return (-1, -f) if const < 0 else (1, f)


def pretty(p: PolyElement, candidates: Sequence[PolyElement], depth: int = 0) -> sp.Expr:
    """``p`` as a readable sympy expression: factored where the candidates divide it, and long sums
    grouped by the parameter that occurs in most of their terms (``theta * q1 + q0``, recursively).

    Parameters
    ----------
    p : PolyElement
        The polynomial.
    candidates : sequence of PolyElement
        Trial divisors (see :func:`split_factors`).
    depth : int
        Recursion depth (grouping stops after a few levels).

    Returns
    -------
    sympy.Expr
        An expression equal to ``p``.
    """
    if p == 0 or p.is_ground:
        return sp.Rational(p.LC) if p != 0 else sp.Integer(0)
    exprs = getattr(candidates, "exprs", None)
    key = ("pretty", p, depth)
    if exprs is not None and key in exprs:
        return exprs[key]
    c, facs = split_factors(p, candidates)
    out = _product(c, facs, candidates, depth)
    if exprs is not None:
        exprs[key] = out
    return out


@lru_cache(maxsize=65536)
def _monomial(symbols: tuple[sp.Symbol, ...], monom: tuple[int, ...]) -> sp.Expr:
    """``prod x_v^e_v`` as sympy builds it (its factors in canonical order)."""
    return sp.Mul(*[sp.Pow(x, e) for x, e in zip(symbols, monom, strict=True) if e])


def as_expr(f: PolyElement) -> sp.Expr:
    """``f.as_expr()``, the same expression built faster: each monomial's product is built once and
    cached, and a term is its coefficient put in front of it (where ``Mul.flatten`` puts it), so only
    the sum is flattened by sympy.

    Parameters
    ----------
    f : PolyElement
        A polynomial.

    Returns
    -------
    sympy.Expr
        An expression structurally equal to ``f.as_expr()``.
    """
    symbols = tuple(f.ring.symbols)
    to_sympy = f.ring.domain.to_sympy
    terms = []
    for monom, coeff in f.items():
        c = to_sympy(coeff)
        mon = _monomial(symbols, monom)
        if mon is sp.S.One:
            terms.append(c)
        elif c is sp.S.One:
            terms.append(mon)
        else:
            terms.append(sp.Mul._from_args((c, *(mon.args if mon.is_Mul else (mon,))), True))
    return sp.Add(*terms)


def _grouped(f: PolyElement, candidates: Sequence[PolyElement], depth: int) -> sp.Expr:
    """:func:`_grouping` cached in ``candidates`` when it has a cache (building sympy sums is slow)."""
    exprs = getattr(candidates, "exprs", None)
    if exprs is None:
        return _grouping(f, candidates, depth)
    key = ("grouped", f, depth)
    if key not in exprs:
        exprs[key] = _grouping(f, candidates, depth)
    return exprs[key]


def _grouping(f: PolyElement, candidates: Sequence[PolyElement], depth: int) -> sp.Expr:
    terms = f.terms()
    if len(terms) <= 3 or depth >= 2:
        return as_expr(f)
    R = f.ring
    counts = [sum(1 for m, _ in terms if m[v] == 1) for v in range(R.ngens)]
    degs = [f.degree(g) for g in R.gens]
    best = max((v for v in range(R.ngens) if degs[v] == 1), key=lambda v: counts[v], default=None)
    if best is None or counts[best] < 2:
        return as_expr(f)
    q1, q0 = split_by_variable(f, best)   # f = x * q1 + q0, q0 free of x (degree 1 in x)
    return R.symbols[best] * pretty(q1, candidates, depth + 1) + pretty(q0, candidates, depth + 1)


def _product(c: Any, factors: list[tuple[PolyElement, int]], candidates: Sequence[PolyElement],
             depth: int = 0) -> sp.Expr:
    """``c * prod f^e`` with each factor oriented (``1 - x``) and the overall sign kept outside."""
    sign = 1
    parts = []
    for f, e in factors:
        s, g = _oriented(f)
        sign *= s ** e
        parts.append(_grouped(g, candidates, depth) ** e)
    return sp.Rational(c) * sign * sp.Mul(*parts)


def quotient(num: PolyElement, den: PolyElement, candidates: Sequence[PolyElement]) -> sp.Expr:
    """``num / den`` as a readable sympy expression, common factors cancelled (see :func:`pretty`)."""
    if num == 0:
        return sp.Integer(0)
    c, fn, fd = cancel_factors(num, den, candidates)
    return _product(c, fn, candidates) / _product(1, fd, candidates)


def isolate(p: PolyElement, sign: int, candidates: Sequence[PolyElement],
            definite: Any) -> tuple[sp.Expr, str, sp.Expr] | None:
    """``sign * p > 0`` solved for one parameter: ``(theta, ">" or "<", bound)``, or None.

    The parameter is one in which ``p`` is of degree one, ``p = q1 theta + q0``, whose coefficient
    ``q1`` has a constant sign (``definite(q1)`` returns +1 or -1, else 0); the simplest such ``q1``
    is chosen.
    """
    R = p.ring
    degs = p.degrees()
    sizes = [0] * R.ngens          # the number of terms of each q1, counted in one pass
    for monom in p.itermonoms():
        for v, e in enumerate(monom):
            if e:
                sizes[v] += 1
    # the simplest q1 first (the first parameter among equals): the first one of constant sign is chosen
    for v in sorted((v for v in range(R.ngens) if degs[v] == 1), key=lambda v: sizes[v]):
        q1, q0 = split_by_variable(p, v)
        s = definite(q1)
        if s in (1, -1):
            break
    else:
        return None
    bound = quotient(-q0, q1, candidates)
    rel = ">" if sign * s > 0 else "<"
    return R.symbols[v], rel, bound
