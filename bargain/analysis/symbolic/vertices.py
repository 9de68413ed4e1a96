"""Extreme equilibria of a two-player game as formulas in one parameter, fixed by their tight constraints.

In a degenerate bimatrix game the equilibria come in components, and what changes at a threshold is
a *vertex* of a component: an extreme equilibrium ``(x, y)`` is a pair of vertices of the
best-response polytopes (Mangasarian 1964; von Stengel 2002), and each vertex is fixed by its set of
tight constraints -- its *labels*: the strategies it leaves unused and the opponent's pure best
responses.  For the vertex ``x`` of player 1 with unused set ``Z`` and best-response set ``J`` of
player 2 (``B``: player 2's payoffs)::

    x_i = 0  (i in Z),      sum_i B[i, j] x_i - v = 0  (j in J),      sum_i x_i = 1,

a linear system in ``(x, v)`` of rank ``m + 1`` (more equations than unknowns when the game is
degenerate there).  With one parameter ``theta`` free and the others rational, the entries are
polynomials in ``Q[theta]``; ``m + 1`` rows independent at a point are solved by Cramer's rule, the
determinant and every numerator from one fraction-free elimination (Bareiss 1968), so ``x_i = N_i / D``
and ``v = N_v / D`` with polynomials, and the other tight rows must vanish identically.  The vertex keeps its labels
exactly while no other constraint becomes tight: it ends where a probability ``N_i`` reaches 0, the
slack ``N_v - sum_i B[i, j] N_i`` of a strategy ``j`` outside ``J`` reaches 0 (``j`` becomes a best
response), or ``D`` vanishes (its tight constraints become dependent: two vertices merge).  Those
roots are exact: rational, a quadratic surd, or an isolated real root (``CRootOf``).

:func:`VertexRegimes.scan` finds, on an interval of the parameter, the set of extreme equilibria
(by the labels of their two vertices) on every piece between such roots: it solves each piece at
an interior rational point with the exact vertex enumeration
(:func:`bargain.solvers.enumeration.exact_extreme_pairs`, each pair checked exactly against the best
responses its labels record), adds the nearest roots on either side of
that point of every extreme equilibrium found, and repeats on the pieces not yet solved.  A root
where the set differs on its two sides is an event.

References
----------
Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. *Journal of the Society for
Industrial and Applied Mathematics* 12(4), 778-780.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, sec. 3-4 (best-response polytopes, labels, degenerate games).
Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving Gaussian elimination.
*Mathematics of Computation* 22, 565-578.
Collins, G. E. and Akritas, A. G. (1976). Polynomial real root isolation using Descartes' rule of
signs. *SYMSAC 1976*, 272-275 (the isolation behind sympy's ``CRootOf``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
from sympy.polys.rings import PolyElement, ring

from bargain.analysis.symbolic.algebra import make_ring, to_ring
from bargain.analysis.symbolic.trace import symbolic_game
from bargain.errors import GameError
from bargain.linalg.exact import independent_columns
from bargain.model.game import Game

__all__ = ["ParametricPayoffs", "Root", "Vertex", "VertexCondition", "VertexRegimes", "at", "between", "solve_vertex"]

#: Digits of the decimal values roots are compared and ordered by (distinct roots closer than this are merged).
DIGITS = 40
#: At most this many points are solved exactly per interval scanned.
MAX_PROBES = 400


@dataclass(frozen=True)
class VertexCondition:
    """One constraint of a vertex that is not tight: ``poly(theta) != 0`` keeps the vertex's labels.

    ``kind`` is ``"prob"`` (``player`` uses ``strategy``; it binds when the probability reaches 0),
    ``"br"`` (``strategy`` of ``player`` is not a best response; it binds when it becomes one) or
    ``"det"`` (the tight constraints are independent; it binds where two vertices merge).
    """

    poly: PolyElement
    kind: str
    player: int
    strategy: int


@dataclass
class Vertex:
    """One vertex of a best-response polytope, as quotients of polynomials in the parameter.

    Attributes
    ----------
    player : int
        Whose mixed strategy it is (0 or 1).
    unused : frozenset of int
        The player's strategies it leaves unused.
    best : frozenset of int
        The opponent's pure best responses to it.
    numerators : list of PolyElement
        ``N_i``: the probability of strategy ``i`` is ``N_i / den``.
    value : PolyElement
        ``N_v``: the opponent's best-response payoff is ``N_v / den``.
    den : PolyElement
        The determinant ``D`` of the tight system.
    conditions : list of VertexCondition
        What keeps its labels (every root of one is where it may end).
    """

    player: int
    unused: frozenset[int]
    best: frozenset[int]
    numerators: list[PolyElement]
    value: PolyElement
    den: PolyElement
    conditions: list[VertexCondition] = field(default_factory=list)

    def probabilities(self) -> list[sp.Expr]:
        """The mixed strategy as sympy expressions in the parameter."""
        d = self.den.as_expr()
        return [sp.cancel(n.as_expr() / d) for n in self.numerators]


@dataclass(frozen=True)
class Root:
    """A real root of an irreducible factor ``factor`` (monic, over Q) of a condition: ``expr`` exactly,
    ``value`` its decimal value to ``DIGITS`` digits, ``approx`` the same as a Fraction (what roots are
    ordered and compared by)."""

    factor: sp.Expr
    index: int
    expr: sp.Expr
    value: sp.Float
    approx: Fraction

    def __float__(self) -> float:
        return float(self.value)


def _frac(c: Any) -> Fraction:
    return Fraction(int(c.numerator), int(c.denominator))


def _dense(p: PolyElement) -> list[Fraction]:
    """The coefficients of a one-variable polynomial, highest degree first."""
    d = max((m[0] for m in p.monoms()), default=0)
    out = [Fraction(0)] * (d + 1)
    for (k,), c in p.terms():
        out[d - k] = _frac(c)
    return out


def _horner(coeffs: list[Fraction], q: Fraction) -> Fraction:
    acc = Fraction(0)
    for c in coeffs:
        acc = acc * q + c
    return acc


def _integer_form(coeffs: list[Fraction]) -> tuple[int, list[int]]:
    """``(L, c)``: the polynomial with coefficients ``coeffs`` (highest degree first) is ``sum c_k t^k / L``,
    ``c`` integers."""
    den = math.lcm(*(c.denominator for c in coeffs))
    return den, [int(c * den) for c in coeffs]


def _at_integer(form: tuple[int, list[int]], a: int, powers: list[int]) -> Fraction:
    """The polynomial ``form`` (:func:`_integer_form`) at ``a / b``, ``powers[k] = b^k``: Horner's rule on
    ``b^d p(a / b) = sum_k c_k a^k b^(d - k)`` in integers, one reduction at the end."""
    den, ints = form
    acc = 0
    for k, c in enumerate(ints):
        acc = acc * a + c * powers[k]
    return Fraction(acc, den * powers[len(ints) - 1])


def at(p: PolyElement, q: Fraction) -> Fraction:
    """``p(q)`` exactly for a polynomial of the one-variable ring."""
    return _horner(_dense(p), q)


def _cramer(rows: list[list[PolyElement]]) -> tuple[list[PolyElement], PolyElement]:
    """The solution of a square system ``[M | b]`` over ``Q[theta]`` (nonsingular) as ``(N, D)``: ``x_i = N_i / D``.

    One fraction-free elimination of the augmented matrix (Bareiss 1968), whose last pivot is ``D = det M``
    (up to sign), then fraction-free back substitution ``N_i = (D b'_i - sum_{j > i} M'_ij N_j) / M'_ii``, each
    division exact since ``N_i = D x_i`` is Cramer's numerator (up to the same sign): what ``len(b) + 1``
    determinants give, from one elimination.
    """
    a = [list(r) for r in rows]
    n = len(a)
    prev = a[0][0].ring.one
    for k in range(n - 1):
        if a[k][k] == 0:
            swap = next((r for r in range(k + 1, n) if a[r][k] != 0), None)
            if swap is None:
                raise ZeroDivisionError("singular system")
            a[k], a[swap] = a[swap], a[k]
        for i in range(k + 1, n):
            for j in range(k + 1, n + 1):
                a[i][j] = (a[i][j] * a[k][k] - a[i][k] * a[k][j]).exquo(prev)
        prev = a[k][k]
    den = a[n - 1][n - 1]
    if den == 0:
        raise ZeroDivisionError("singular system")
    nums: list[PolyElement] = [den] * n
    for i in range(n - 1, -1, -1):
        acc = den * a[i][n]
        for j in range(i + 1, n):
            acc -= a[i][j] * nums[j]
        nums[i] = acc.exquo(a[i][i])
    return nums, den


def solve_vertex(player: int, unused: frozenset[int], best: frozenset[int], M: list[list[PolyElement]],
                 M_q: list[list[Fraction]], R: Any) -> Vertex | None:
    """The vertex with these labels as polynomials (None: the labels do not fix one).

    The unused strategies are eliminated first (their probabilities are 0), so the system solved has
    one unknown per strategy used and one for the opponent's value: a few rows, not ``m + 1``.

    Parameters
    ----------
    player : int
        Whose vertex (0 or 1).
    unused, best : frozenset of int
        Its labels: the strategies it leaves unused, the opponent's best responses.
    M : list of lists of PolyElement
        The opponent's payoffs (rows: this player's strategies) in the ring ``R`` (any number of variables).
    M_q : list of lists of Fraction
        The same at a point where the vertex exists, which picks the independent rows.
    R : PolyRing
        The ring of ``M``.

    Returns
    -------
    Vertex or None
        Its probabilities, value and conditions as elements of ``R``.

    References
    ----------
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3, ch. 45.
    """
    m, n = len(M), len(M[0])
    S = [i for i in range(m) if i not in unused]
    rows = [[R.one] * len(S) + [R.zero, R.one]]                    # sum x = 1
    rows += [[M[i][j] for i in S] + [-R.one, R.zero] for j in sorted(best)]
    one, zero = Fraction(1), Fraction(0)
    at_q = [[one] * len(S) + [zero]] + [[M_q[i][j] for i in S] + [-one] for j in sorted(best)]
    chosen = independent_columns([list(c) for c in zip(*at_q, strict=True)], exact=True)
    if len(chosen) != len(S) + 1:
        return None
    sq = [rows[k] for k in chosen]
    nums, den = _cramer(sq)
    for k, r in enumerate(rows):                                  # the other tight rows hold identically
        if k not in chosen and sum((a * b for a, b in zip(r[:-1], nums, strict=True)), R.zero) != r[-1] * den:
            return None
    probs = [R.zero] * m
    for i, p in zip(S, nums, strict=False):
        probs[i] = p
    value = nums[-1]
    opp = 1 - player
    conds = [VertexCondition(den, "det", player, -1)]
    conds += [VertexCondition(probs[i], "prob", player, i) for i in S]
    conds += [VertexCondition(value - sum((M[i][j] * probs[i] for i in S), R.zero), "br", opp, j)
              for j in range(n) if j not in best]
    return Vertex(player, unused, best, probs, value, den, conds)


class ParametricPayoffs:
    """A two-player model's traced payoffs as polynomials in all its parameters, converted once.

    Parameters
    ----------
    model : Model
        A two-player parametric model.

    Raises
    ------
    GameError
        For a model without two players, or payoffs that are not polynomials in the parameters.
    """

    def __init__(self, model: Any) -> None:
        sg = symbolic_game(model)
        if sg.n_players != 2:
            raise GameError(f"vertex thresholds need a two-player game; {sg.name!r} has {sg.n_players} players")
        self.model, self.sg = model, sg
        self.ring = make_ring(list(sg.symbols.values()))
        self.polys = [[[to_ring(self.ring, sg.payoffs[i, r, c], f"payoff {i} at ({r}, {c})")
                        for c in range(sg.shape[1])] for r in range(sg.shape[0])] for i in (0, 1)]

    def restricted(self, names: Sequence[str], point: Mapping[str, float]) -> tuple[Any, list]:
        """Both players' payoff matrices as polynomials in the parameters ``names`` alone, the others at ``point``
        (read exactly by their decimal repr), and their ring ``Q[names]``."""
        R, *_ = ring([self.sg.symbols[n] for n in names], sp.QQ)
        syms = list(self.sg.symbols)
        keep = [syms.index(n) for n in names]
        vals = {k: sp.QQ(Fraction(repr(float(point[n]))).numerator, Fraction(repr(float(point[n]))).denominator)
                for k, n in enumerate(syms) if n not in names}

        def convert(p: PolyElement) -> PolyElement:
            out: dict[tuple[int, ...], Any] = {}
            for monom, c in p.terms():
                for k, e in enumerate(monom):
                    if e and k in vals:
                        c *= vals[k] ** e
                key = tuple(monom[k] for k in keep)
                out[key] = out.get(key, R.domain.zero) + c
            return R.from_dict({k: c for k, c in out.items() if c})

        return R, [[[convert(p) for p in row] for row in mat] for mat in self.polys]

    def along(self, parameter: str, point: Mapping[str, float], R: Any) -> list[list[list[PolyElement]]]:
        """Both players' payoff matrices in ``R`` (one variable: ``parameter``), the others at ``point`` exactly.

        Each payoff is a polynomial in ``parameter`` of degree at most ``d`` (read off the traced payoffs), so it
        is the interpolant of the model's exact games at ``d + 1`` rational points (Lagrange); a further point
        checks it.  (Substituting the other parameters into the traced polynomials costs more: a signalling
        game's ex-ante payoffs have hundreds of terms.)
        """
        v = list(self.sg.symbols).index(parameter)
        d = max(p.degree(self.ring.gens[v]) for mat in self.polys for row in mat for p in row)
        prm = self.sg.parameters[parameter]
        low, high = Fraction(repr(float(prm.low))), Fraction(repr(float(prm.high)))
        xs = [low + (high - low) * (k + 1) / (d + 3) for k in range(d + 2)]
        games = [self.model.game(exact=True, **{**point, parameter: x}).exact_payoffs for x in xs]
        if any(U is None for U in games):
            raise GameError(f"{self.sg.name!r} has no exact game along {parameter}")
        basis = []                                   # the Lagrange basis polynomials on xs[:d + 1], in R
        for k in range(d + 1):
            num, den = R.one, Fraction(1)
            for j in range(d + 1):
                if j != k:
                    num *= R.gens[0] - R.domain.convert(sp.Rational(xs[j].numerator, xs[j].denominator))
                    den *= xs[k] - xs[j]
            basis.append(num * R.domain.convert(sp.Rational(1) / sp.Rational(den.numerator, den.denominator)))
        out = []
        for i in (0, 1):
            rows = []
            for r in range(self.sg.shape[0]):
                row = []
                for c in range(self.sg.shape[1]):
                    p = R.zero
                    for k in range(d + 1):
                        val = Fraction(games[k][i][r][c])
                        if val:
                            p += basis[k] * R.domain.convert(sp.Rational(val.numerator, val.denominator))
                    if at(p, xs[-1]) != Fraction(games[-1][i][r][c]):
                        raise GameError(f"{self.sg.name!r}: the payoff of player {i} at ({r}, {c}) is not a polynomial "
                                        f"of degree {d} in {parameter}")
                    row.append(p)
                rows.append(row)
            out.append(rows)
        return out


class VertexRegimes:
    """The extreme equilibria of a two-player model along one parameter, the others fixed (exactly).

    Parameters
    ----------
    model : Model
        A two-player parametric model whose payoffs trace to polynomials in the parameter.
    parameter : str
        The parameter moved.
    point : mapping, optional
        Values of the other parameters (default: their defaults), read exactly by their decimal repr.
    payoffs : ParametricPayoffs, optional
        The model's payoffs as polynomials, when already at hand (shared by the parameters).
    matrices : tuple, optional
        Both players' payoffs as polynomials in the parameter alone at ``point`` (:meth:`ParametricPayoffs.along`),
        when already at hand.
    labels_only : bool
        Only the labels of the extreme equilibria are wanted (:meth:`extreme_labels`): the vertices are not
        solved as polynomials (no roots, no :meth:`scan`).

    Raises
    ------
    GameError
        For a model without two players, or payoffs that are not polynomials in the parameter.
    """

    def __init__(self, model: Any, parameter: str, point: Mapping[str, float] | None = None,
                 payoffs: ParametricPayoffs | None = None, matrices: tuple | None = None,
                 labels_only: bool = False) -> None:
        pp = payoffs if payoffs is not None else ParametricPayoffs(model)
        sg = pp.sg
        self.model, self.sg, self.parameter, self.labels_only = model, sg, parameter, labels_only
        self.point = {k: float(prm.default) for k, prm in sg.parameters.items()}
        self.point.update(point or {})
        self.symbol = sg.symbols[parameter]
        self.ring, _ = ring([self.symbol], sp.QQ)
        self.A, self.B = ([[self.ring.from_dict(dict(p.items())) for p in row] for row in mat] for mat in matrices) \
            if matrices is not None else pp.along(parameter, self.point, self.ring)
        self._forms = [[[_integer_form(_dense(p)) for p in row] for row in mat] for mat in (self.A, self.B)]
        self.vertices: dict[tuple[int, frozenset[int], frozenset[int]], Vertex | None] = {}
        self._roots: dict[PolyElement, list[Root]] = {}
        self._floats: dict[PolyElement, list[float]] = {}
        self.probes: dict[Fraction, frozenset] = {}

    # ------------------------------------------------------------------ exact extreme equilibria at a point
    def extreme_labels(self, q: Fraction) -> frozenset:
        """The extreme equilibria at ``parameter = q``, each as the labels of its two vertices."""
        hit = self.probes.get(q)
        if hit is not None:
            return hit
        from bargain.solvers.enumeration import exact_extreme_pairs

        powers = [1]
        for _ in range(max(len(f[1]) for mat in self._forms for row in mat for f in row)):
            powers.append(powers[-1] * q.denominator)
        A0, B0 = ([[_at_integer(f, q.numerator, powers) for f in row] for row in mat] for mat in self._forms)
        arr = np.empty((2, len(A0), len(A0[0])), dtype=object)
        arr[0], arr[1] = A0, B0
        game = Game(arr, self.sg.players, self.sg.strategies)
        out = set()
        At = [list(c) for c in zip(*A0, strict=True)]
        Bf, Atf = np.array(B0, dtype=float), np.array(At, dtype=float)
        keys: dict[tuple, tuple] = {}
        pairs, failed = exact_extreme_pairs(game)
        if failed:
            raise GameError(f"{failed} vertices at {self.parameter} = {q} could not be rebuilt exactly")
        for x, y in pairs:
            kx = keys.get((0, tuple(x))) or keys.setdefault((0, tuple(x)), self._labels(0, x, B0, Bf, q))
            ky = keys.get((1, tuple(y))) or keys.setdefault((1, tuple(y)), self._labels(1, y, At, Atf, q))
            # the exact check of the pair: each player uses only best responses to the other (from the labels)
            if not (set(range(len(A0[0]))) - ky[1] <= kx[2] and set(range(len(A0))) - kx[1] <= ky[2]):
                raise GameError(f"a vertex pair at {self.parameter} = {q} is not an equilibrium")
            out.add((kx, ky))
        res = frozenset(out)
        self.probes[q] = res
        return res

    def _labels(self, player: int, x: Sequence[Fraction], M: list[list[Fraction]], Mf: np.ndarray,
                q: Fraction) -> tuple:
        """The labels of a vertex (``M``: the opponent's payoffs, rows this player's strategies; ``Mf`` in
        floats, which rule out the strategies far from a best response), solved once."""
        used = [i for i, p in enumerate(x) if p]
        approx = np.array([float(p) for p in x]) @ Mf
        near = approx.max() - 1e-9 * max(1.0, float(np.abs(approx).max()))
        pay = {j: sum((M[i][j] * x[i] for i in used), Fraction(0)) for j, a in enumerate(approx) if a >= near}
        top = max(pay.values())
        key = (player, frozenset(i for i, p in enumerate(x) if p == 0),
               frozenset(j for j, p in pay.items() if p == top))
        if key not in self.vertices and not self.labels_only:
            self.vertices[key] = self._solve(*key, M)
        return key

    def _solve(self, player: int, unused: frozenset[int], best: frozenset[int],
               M_q: list[list[Fraction]]) -> Vertex | None:
        """The vertex with these labels as polynomials in the parameter (:func:`solve_vertex`)."""
        M = self.B if player == 0 else [list(c) for c in zip(*self.A, strict=True)]
        return solve_vertex(player, unused, best, M, M_q, self.ring)

    # ------------------------------------------------------------------ exact roots
    def roots(self, p: PolyElement, lo: Fraction, hi: Fraction) -> list[Root]:
        """The real roots of ``p`` in ``(lo, hi)``, exactly, in increasing order.

        A root of degree one is computed directly; a polynomial of higher degree is factored and its
        roots isolated (sympy's ``real_roots``) only when its float roots (``numpy.roots``) come near the
        interval.
        """
        hit = self._roots.get(p)                      # every real root, once known (a constant has none)
        if hit is not None:
            return [r for r in hit if lo < r.approx < hi]
        degree = p.degree() if p else -1
        if degree <= 0:
            self._roots[p] = []
            return []
        if degree == 1:
            co = dict(p.terms())
            x = -_frac(co.get((0,), 0)) / _frac(co[(1,)])
            r = sp.Rational(x.numerator, x.denominator)
            self._roots[p] = [Root(self.symbol - r, 0, r, sp.Float(r, DIGITS), x)]
            return self._roots[p] if lo < x < hi else []
        width = float(hi - lo)
        near = self._floats.get(p)
        if near is None:
            coeffs = [0.0] * (degree + 1)
            for (k,), c in p.terms():
                coeffs[degree - k] = float(_frac(c))
            near = self._floats[p] = [z.real for z in np.roots(coeffs) if abs(z.imag) <= 1e-6 * max(1.0, abs(z))]
        if not any(float(lo) - width <= z <= float(hi) + width for z in near):
            return []
        hit = []
        _, factors = sp.Poly(p.as_expr(), self.symbol).factor_list()
        for f, _mult in factors:
            f = f.monic()
            for k, r in enumerate(f.real_roots()):
                val = sp.Float(r.evalf(DIGITS), DIGITS)
                hit.append(Root(f.as_expr(), k, r, val, Fraction(str(val))))
        hit.sort(key=lambda r: r.approx)
        self._roots[p] = hit
        return [r for r in hit if lo < r.approx < hi]

    def nearest(self, key: tuple, q: Fraction, lo: Fraction, hi: Fraction) -> list[Root]:
        """The nearest root below and above ``q`` (inside ``(lo, hi)``) of any condition of a vertex."""
        v = self.vertices.get(key)
        if v is None:
            return []
        below = above = None
        for c in v.conditions:
            for r in self.roots(c.poly, lo, hi):
                x = r.approx
                if x < q and (below is None or x > below.approx):
                    below = r
                elif x > q and (above is None or x < above.approx):
                    above = r
        return [r for r in (below, above) if r is not None]

    # ------------------------------------------------------------------ the pieces of an interval
    def scan(self, lo: Fraction, hi: Fraction,
             seeds: Sequence[Fraction] = ()) -> list[tuple[Root, frozenset, frozenset]]:
        """Every root in ``(lo, hi)`` where the set of extreme equilibria changes, with the sets on either side.

        Parameters
        ----------
        lo, hi : Fraction
            The interval (open).
        seeds : sequence of Fraction
            Points inside it to solve first (default: its middle).

        Returns
        -------
        list of (Root, frozenset, frozenset)
            In increasing order: the root, the extreme equilibria (labels of their vertices) just
            below it and just above it.

        Raises
        ------
        GameError
            If the scan needs more than ``MAX_PROBES`` points.
        """
        cuts: dict[tuple, Root] = {}
        seen: set[Fraction] = set()
        todo = [s for s in seeds if lo < s < hi] or [(lo + hi) / 2]
        while todo:
            for q in todo:
                seen.add(q)
                for pair in self.extreme_labels(q):
                    for key in pair:
                        for r in self.nearest(key, q, lo, hi):
                            cuts.setdefault((r.factor, r.index), r)
            if len(seen) > MAX_PROBES:
                raise GameError(f"the scan of {self.parameter} in ({float(lo):.6g}, {float(hi):.6g}) needs more than "
                                f"{MAX_PROBES} exact solutions")
            ordered = sorted(cuts.values(), key=lambda r: r.approx)
            ends = [lo, *(r.approx for r in ordered), hi]
            todo = []
            for a, b in itertools.pairwise(ends):
                if not any(a < s < b for s in seen):
                    todo.append(between(a, b))
        ordered = sorted(cuts.values(), key=lambda r: r.approx)
        pieces = sorted(seen)
        out = []
        for r in ordered:
            left = max((s for s in pieces if s < r.approx), default=None)
            right = min((s for s in pieces if s > r.approx), default=None)
            if left is None or right is None:
                continue
            sl, sr = self.probes[left], self.probes[right]
            if sl != sr:
                out.append((r, sl, sr))
        return out

    def binding(self, root: Root, before: frozenset, after: frozenset) -> list[tuple[tuple, VertexCondition]]:
        """The conditions of the vertices that end at ``root`` (on either side) that vanish there, each with the
        labels of its vertex."""
        # the vertices found on one side only; if every vertex is on both sides, those of the pairs that change
        ends = {k for pair in before for k in pair} ^ {k for pair in after for k in pair}
        keys = ends or {k for pair in (before ^ after) for k in pair}
        out = []
        for key in sorted(keys, key=lambda k: (k[0], sorted(k[1]), sorted(k[2]))):
            v = self.vertices.get(key)
            for c in v.conditions if v is not None else ():
                lo, hi = root.approx - Fraction(1, 10**20), root.approx + Fraction(1, 10**20)
                if any((r.factor, r.index) == (root.factor, root.index) for r in self.roots(c.poly, lo, hi)):
                    out.append((key, c))
        return out


def between(a: Fraction, b: Fraction) -> Fraction:
    """A simple rational strictly between ``a < b``: their middle, with as few digits as it takes."""
    mid, width = (a + b) / 2, b - a
    den = 1
    while True:
        cand = mid.limit_denominator(den)
        if abs(cand - mid) < width / 4:
            return cand
        den *= 10
