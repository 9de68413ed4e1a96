"""The Abreu–Sannikov polygon with irrational vertices, as exact algebraic numbers.

:func:`~bargain.analysis.repeated.abreu_sannikov.spe_payoffs` certifies the SPE polygon exactly
when its vertices are rational.  They need not be: a vertex generated where the polygon's own
edge crosses an incentive constraint that depends on the polygon's own lowest payoffs solves a
system of polynomial equations, and Abreu and Sannikov's example game at δ = 3/10 has
vertices of degree 3.  :func:`spe_payoffs_algebraic` then

1. freezes the combinatorial structure of the float fixed point (which profile, constraint and
   edge generates each vertex) and solves its fixed-point equations to ``digits`` digits
   (mpmath's Newton method);
2. recognises one coordinate ``θ`` by its minimal polynomial (integer relation, PSLQ), checks
   the polynomial irreducible and isolates ``θ`` by a rational interval holding exactly one root
   (sympy), and writes every other coordinate as a rational polynomial in ``θ`` (PSLQ again);
3. applies the Abreu–Sannikov operator once in exact arithmetic in ``Q(θ)``
   (:mod:`._numberfield`: exact equality, exact order by interval refinement).  Only if the
   polygon maps exactly onto itself is it returned, as a certified fixed point (self-generating,
   hence inside the SPE set by APS Theorem 1, and equal to the float limit of the outer
   iteration).

Steps 1-2 are guesses (numerical); step 3 is the proof, so a wrong guess can only fail, never
give a wrong answer.

References
----------
Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games with perfect
monitoring. *Theoretical Economics* 9, 313-338.
Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted repeated games
with imperfect monitoring. *Econometrica* 58, 1041-1063, Theorem 1.
Ferguson, H. R. P., Bailey, D. H. and Arno, S. (1999). Analysis of PSLQ, an integer relation
finding algorithm. *Mathematics of Computation* 68, 351-369.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from bargain.analysis.repeated._geometry import hull
from bargain.analysis.repeated._numberfield import NumberField
from bargain.analysis.repeated._stage import as_game, check_delta, stage
from bargain.analysis.repeated.abreu_sannikov import _canonical, _generate, _profiles, _structured, as_operator
from bargain.analysis.repeated.result import PayoffSet
from bargain.errors import GameError

__all__ = ["spe_payoffs_algebraic", "minimal_polynomial"]


def _high_precision(P: list[tuple[float, float]], st_f: Any, st_q: Any, dq: Fraction, digits: int) -> list[Any] | None:
    """The float polygon's structure, and its fixed point to ``digits`` digits (mpmath), or None."""
    import mpmath

    dl = float(dq)
    data = _profiles(st_f, dl)
    tol = 1e-9 * max(1.0, max(abs(c) for p in P for c in p))
    Q = P
    for _ in range(2):                                   # twice: records then refer to Q's own edges
        w = (min(p[0] for p in Q), min(p[1] for p in Q))
        pts, recs = _generate(Q, w, data, dl, tol)
        Q2, rq = _canonical(pts, recs, 1e-9)
        if len(Q2) != len(Q):
            return None
        Q = Q2
    m = len(Q)
    argmin = (min(range(m), key=lambda r: Q[r][0]), min(range(m), key=lambda r: Q[r][1]))
    with mpmath.workdps(digits + 20):
        def mpf(q: Fraction) -> Any:
            return mpmath.mpf(q.numerator) / q.denominator

        datam = [((mpf(u[0]), mpf(u[1])), (mpf(g[0]), mpf(g[1]))) for u, g in _profiles(st_q, dq)]
        dm = mpf(dq)

        def residual(*xs: Any) -> list[Any]:
            return [a - b for a, b in zip(xs, _structured(list(xs), rq, argmin, datam, dm), strict=True)]

        try:
            sol = mpmath.findroot(residual, [mpmath.mpf(c) for p in Q for c in p])
        except (ValueError, ZeroDivisionError):
            return None
        x = [sol[k] for k in range(2 * m)]
        if max(abs(float(a) - c) for a, c in zip(x, [c for p in Q for c in p], strict=True)) > 1e-6:
            return None
        return x


def minimal_polynomial(x: Any, max_degree: int, digits: int) -> list[int] | None:
    """Ascending integer coefficients of an irreducible polynomial of least degree (2..max_degree) with root ``x``.

    Found by PSLQ at ``digits`` digits (a guess) and checked irreducible with sympy.

    Parameters
    ----------
    x : mpmath.mpf
        The number, to at least ``digits`` digits.
    max_degree : int
        Highest degree tried.
    digits : int
        Working precision.

    Returns
    -------
    list of int or None
        ``[c_0, ..., c_d]``, or None when no relation with coefficients below ``10^12`` is found.

    References
    ----------
    Ferguson, Bailey and Arno (1999).
    """
    import mpmath
    import sympy

    t = sympy.Symbol("t")
    with mpmath.workdps(digits):
        for d in range(2, max_degree + 1):
            c = mpmath.findpoly(x, d, maxcoeff=10**12, maxsteps=200_000)
            if c:
                coeffs = [int(v) for v in reversed(c)]
                if sympy.Poly(list(reversed(coeffs)), t).is_irreducible:
                    return coeffs
    return None


def _field_elements(x: list[Any], digits: int, max_degree: int) -> tuple[NumberField, list[Any], list[int]] | None:
    """Every coordinate as a Fraction or an element of one ``Q(θ)`` (numerical guesses), or None."""
    import mpmath

    with mpmath.workdps(digits + 20):
        return _classify(x, digits, max_degree)


def _classify(x: list[Any], digits: int, max_degree: int) -> tuple[NumberField, list[Any], list[int]] | None:
    import mpmath

    eps = mpmath.mpf(10) ** (-(digits - 5))
    rational: dict[int, Fraction] = {}
    irr = []
    for k, v in enumerate(x):
        q = Fraction(mpmath.nstr(v, digits + 10, strip_zeros=False)).limit_denominator(10**12)
        if abs(v - mpmath.mpf(q.numerator) / q.denominator) < eps:
            rational[k] = q
        else:
            irr.append(k)
    if not irr:
        return None
    for k0 in irr:                       # θ: the first coordinate whose minimal polynomial is recognised
        p = minimal_polynomial(x[k0], max_degree, digits)
        if p is None:
            continue
        found = _in_field(x, irr, rational, k0, p, digits, eps)
        if found is not None:
            return found
    return None


def _in_field(x: list[Any], irr: list[int], rational: dict[int, Fraction], k0: int, p: list[int], digits: int,
              eps: Any) -> tuple[NumberField, list[Any], list[int]] | None:
    """Every coordinate in ``Q(θ)``, ``θ = x[k0]`` a root of ``p``, or None (an integer relation is missing)."""
    import mpmath
    import sympy

    th = x[k0]
    d = len(p) - 1
    t = sympy.Symbol("t")
    lo = Fraction(mpmath.nstr(th - eps, digits + 10, strip_zeros=False))
    hi = Fraction(mpmath.nstr(th + eps, digits + 10, strip_zeros=False))
    if sympy.Poly(list(reversed(p)), t).count_roots(sympy.Rational(lo.numerator, lo.denominator),
                                                    sympy.Rational(hi.numerator, hi.denominator)) != 1:
        return None
    field = NumberField([Fraction(c) for c in p], lo, hi)
    out: list[Any] = [None] * len(x)
    for k, q in rational.items():
        out[k] = q
    with mpmath.workdps(digits):
        for k in irr:
            rel = mpmath.pslq([x[k]] + [th ** j for j in range(d)], maxcoeff=10**15, maxsteps=10**6)
            if not rel or rel[0] == 0:
                return None
            out[k] = field.element([Fraction(-r, rel[0]) for r in rel[1:]])
    return field, out, p


def spe_payoffs_algebraic(game: Any, delta: Any, *, digits: int = 60, max_degree: int = 8,
                          values: Mapping[str, Any] | None = None) -> PayoffSet:
    """The two-player SPE polygon (public correlation) with exact vertices, rational or algebraic.

    Parameters
    ----------
    game : Any
        Two-player stage game with rational payoffs (a Game, or a Model at ``values``).
    delta : Any
        Rational discount factor in (0, 1) (a decimal such as 0.3 is read as 3/10).
    digits : int, default 60
        Working precision of the numerical guesses.
    max_degree : int, default 8
        Highest degree of the number field tried.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    PayoffSet
        ``exact=True`` with Fraction vertices when rational (as :func:`spe_payoffs`), or with
        :class:`~bargain.analysis.repeated._numberfield.Alg` vertices (exact elements of one number
        field; ``float()`` gives their value) when the polygon was certified an exact fixed point in
        that field; otherwise the float polygon, ``exact=False``, with a note.

    Raises
    ------
    GameError
        For games with other than two players or with irrational payoffs.

    References
    ----------
    Abreu and Sannikov (2014); Abreu, Pearce and Stacchetti (1990), Theorem 1.
    """
    from bargain.analysis.repeated.abreu_sannikov import spe_payoffs

    g = as_game(game, values)
    if not g.is_exact:
        raise GameError("exact algebraic vertices need rational payoffs; give the game with integer or fraction "
                        "payoffs")
    d = check_delta(delta)
    dq = Fraction(repr(d)) if isinstance(d, float) else Fraction(d)
    s = spe_payoffs(g, dq)
    if s.exact or s.empty:
        return s
    P = [(float(a), float(b)) for a, b in s.vertices]
    st_q = stage(g, True)
    x = _high_precision(P, stage(g, False), st_q, dq, digits)
    found = None if x is None else _field_elements(x, digits, max_degree)
    if found is None:
        return PayoffSet(s.method, s.delta, s.vertices, False, s.threat, s.iterations, s.gap, True, s.players,
                         (*s.notes, "no exact algebraic form found (degree, precision or structure)"))
    field, coords, p = found
    poly = hull([(coords[2 * r], coords[2 * r + 1]) for r in range(len(coords) // 2)])
    if len(poly) != len(P) or as_operator(poly, st_q, dq) != poly:
        return PayoffSet(s.method, s.delta, s.vertices, False, s.threat, s.iterations, s.gap, True, s.players,
                         (*s.notes, "the algebraic candidate is not an exact fixed point"))
    threat = (min(v[0] for v in poly), min(v[1] for v in poly))
    poly_text = _poly_text(p)
    return PayoffSet(s.method, dq, tuple(poly), True, threat, s.iterations, s.gap, True, s.players,
                     (f"exact algebraic vertices in Q(theta), theta the root of {poly_text} near "
                      f"{float(field.theta()):.12g} (degree {field.degree}); verified an exact fixed point "
                      "of the Abreu-Sannikov operator",))


def _poly_text(p: list[int]) -> str:
    """``-116500 t^3 + 3244140 t^2 - 28896303 t + 83388202`` from ascending coefficients."""
    terms = [(c, k) for k, c in reversed(list(enumerate(p))) if c]
    out = ""
    for n, (c, k) in enumerate(terms):
        mono = "" if k == 0 else ("t" if k == 1 else f"t^{k}")
        mag = abs(c) if (abs(c) != 1 or k == 0) else ""
        out += ("-" if c < 0 else "") if n == 0 else (" - " if c < 0 else " + ")
        out += f"{mag}{' ' if mag != '' and mono else ''}{mono}"
    return out

