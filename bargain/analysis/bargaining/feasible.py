"""Feasible sets of bargaining problems.

A bargaining problem (Nash 1950) is a pair ``(S, d)``: ``S`` a convex, compact set of payoff
vectors the players can agree on, ``d`` the payoffs if they do not agree.  Two kinds of ``S``:

* :class:`Polytope` -- the convex hull of finitely many payoff vectors.  For a game these are the
  payoffs of its pure profiles, and a point of the hull is the expected payoff of a *lottery*
  over outcomes (a correlated agreement; Luce and Raiffa 1957, sec. 6.2).  Rational vertices are
  kept as ``Fraction`` and the hull's facets are computed exactly, so solutions on it are exact.
* :class:`~bargain.analysis.bargaining.frontier.Frontier` -- a smooth Pareto frontier
  ``u_n = f(u_1, ..., u_{n-1})`` (decreasing and concave) over a box, with free disposal below it.
  Solutions on it are numerical (to ~1e-12).

Faces of a polytope are found from its facets (the faces are the intersections of facets;
Ziegler, *Lectures on Polytopes*, 1995, ch. 2); facets come from Qhull (Barber, Dobkin and
Huhdanpaa 1996) and are then recomputed and checked in exact arithmetic, with an exact
brute-force fallback if the floating-point hull was wrong.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.linalg.exact import frac, independent_columns, linprog, nullspace, rank
from bargain.model.game import Game
from bargain.model.numbers import is_exact_input
from bargain.solvers.components import intersection_closure

__all__ = ["FeasibleSet", "Polytope", "as_feasible_set", "player_names"]


class FeasibleSet:
    """Base class: a convex feasible set in payoff space for ``n_players`` players."""

    players: tuple[str, ...]
    exact: bool

    @property
    def n_players(self) -> int:
        return len(self.players)


def player_names(players: Sequence[str] | None, n: int) -> tuple[str, ...]:
    if players is None:
        return tuple(f"P{i + 1}" for i in range(n))
    names = tuple(str(p) for p in players)
    if len(names) != n or len(set(names)) != n:
        raise GameError(f"players must be {n} distinct names (one per payoff coordinate), got {list(names)}")
    return names


# =========================================================================== polytope
class Polytope(FeasibleSet):
    """The convex hull of payoff vectors (lotteries over outcomes).

    Parameters
    ----------
    points : Any
        array-like of shape ``(m, n)``: ``m`` outcomes, ``n`` players' payoffs.  Ints and
        Fractions give an exact polytope; floats a float one (``exact=True`` converts floats by
        their decimal repr).
    players : Sequence[str] | None, optional
        player names.
    labels : Sequence[str] | None, optional
        one name per outcome (for lotteries); default ``o1..om``.
    exact : bool, optional
        Exact (Fraction) arithmetic; default when every input is rational.

    Raises
    ------
    GameError
        For points that are not a finite numeric ``(m, n)`` array with ``n >= 2``, player
        names that are not distinct, or labels of the wrong number.
    """

    def __init__(self, points: Any, players: Sequence[str] | None = None, labels: Sequence[str] | None = None,
                 exact: bool | None = None) -> None:
        try:
            arr = np.array(points, dtype=object if _has_fraction(points) else None)
        except (TypeError, ValueError) as exc:
            raise GameError(f"feasible points could not be read as an (m, n) array ({exc})") from None
        if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
            raise GameError(f"the feasible set is empty or malformed: points have shape {arr.shape}; give an "
                            "(m, n) array with m >= 1 outcomes and one column per player")
        if arr.shape[1] < 2:
            raise GameError("a bargaining problem needs at least 2 players (columns); got 1")
        rational = is_exact_input(arr)
        self.exact = rational if exact is None else bool(exact)
        try:
            flt = np.array([[float(x) for x in row] for row in arr], dtype=float)
        except (TypeError, ValueError):
            raise GameError("feasible points must be numbers (ints, floats or Fractions)") from None
        if not np.all(np.isfinite(flt)):
            raise GameError("feasible points contain NaN or infinity; give finite payoffs")
        self.players = player_names(players, arr.shape[1])
        m = arr.shape[0]
        if labels is None:
            labels = [f"o{k + 1}" for k in range(m)]
        labels = [str(x) for x in labels]
        if len(labels) != m:
            raise GameError(f"{len(labels)} labels for {m} points: give one label per point")
        self.labels: tuple[str, ...] = tuple(labels)
        self.points = flt                       # (m, n) floats
        self.points.flags.writeable = False
        if self.exact:
            self.exact_points: tuple[tuple[Fraction, ...], ...] | None = tuple(
                tuple(frac(x) for x in row) for row in arr)
        else:
            self.exact_points = None
        scale = max(1.0, float(np.abs(flt).max()))
        self.tol = 1e-9 * scale
        # unique points (index into points) in first-appearance order
        seen: dict[tuple, int] = {}
        src = self.exact_points if self.exact else [tuple(r) for r in flt]
        self._unique: list[int] = []
        for k, row in enumerate(src):
            key = tuple(row) if self.exact else tuple(np.round(np.asarray(row) / self.tol).astype(np.int64))
            if key not in seen:
                seen[key] = k
                self._unique.append(k)
        self._faces: list[frozenset[int]] | None = None
        self._hrep: tuple[list, list] | None = None
        self._build()

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_game(cls, game: Game, exact: bool | None = None) -> Polytope:
        """The convex hull of ``game``'s pure payoff vectors; labels are the profiles' strategy names."""
        if not isinstance(game, Game):
            raise GameError(f"from_game() needs a bargain.Game, got {type(game).__name__}")
        src = game.exact_payoffs if (game.is_exact and exact is not False) else game.payoffs
        pts = np.moveaxis(src, 0, -1).reshape(-1, game.n_players)
        labels = ["/".join(game.strategies[i][k] for i, k in enumerate(prof))
                  for prof in itertools.product(*(range(s) for s in game.shape))]
        return cls(pts, players=game.players, labels=labels, exact=exact)

    @classmethod
    def from_inequalities(cls, A: Any, b: Any, players: Sequence[str] | None = None,
                          exact: bool | None = None) -> Polytope:
        """The polytope ``{u : A u <= b}`` (must be bounded and non-empty), by vertex enumeration.

        Every vertex is the solution of ``n`` of the inequalities held with equality (a basic
        solution; Ziegler 1995, sec. 1.1): all ``n``-subsets are solved (exactly for rational
        data) and the feasible solutions kept.  Meant for the small systems of bargaining (a
        few players, tens of constraints).
        """
        try:
            a_arr, b_arr = np.array(A, dtype=object), np.array(b, dtype=object).ravel()
        except (TypeError, ValueError):
            raise GameError("inequalities must be a matrix A and a vector b (A u <= b)") from None
        if a_arr.ndim != 2 or a_arr.shape[0] != b_arr.shape[0] or a_arr.shape[0] == 0:
            raise GameError(f"A has shape {a_arr.shape} and b has {b_arr.shape[0]} entries: give one row of A per "
                            "entry of b")
        n = a_arr.shape[1]
        use_exact = (is_exact_input(a_arr) and is_exact_input(b_arr)) if exact is None else bool(exact)
        conv = frac if use_exact else float
        try:
            rows = [[conv(x) for x in r] for r in a_arr]
            rhs = [conv(x) for x in b_arr]
        except (TypeError, ValueError):
            raise GameError("inequalities must contain numbers") from None
        from bargain.linalg.exact import solve_square

        scale = max([1.0, *(abs(float(x)) for x in rhs), *(abs(float(x)) for r in rows for x in r)])
        tol = 1e-9 * scale
        verts: list[tuple] = []
        for combo in itertools.combinations(range(len(rows)), n):
            u = solve_square([rows[k] for k in combo], [rhs[k] for k in combo], use_exact)
            if u is None:
                continue
            if all(sum(r[i] * u[i] for i in range(n)) <= bk + (0 if use_exact else tol)
                   for r, bk in zip(rows, rhs, strict=True)):
                verts.append(tuple(u))
        if not verts:
            raise GameError("the inequalities A u <= b define an empty (or unbounded, vertex-free) set: check the "
                            "signs and bounds")
        # bounded iff the recession cone {r : A r <= 0} is {0}: no coordinate of r can move
        for i in range(n):
            c = [conv(0)] * n
            for sign in (1, -1):
                c[i] = conv(sign)
                r = linprog(c, rows, [conv(0)] * len(rows), (), (), list(range(n)), exact=use_exact)
                if not r.ok or (r.value != 0 if use_exact else abs(r.value) > tol):
                    raise GameError("the set A u <= b is unbounded: add bounds on every player's payoff")
        uniq = list(dict.fromkeys(verts)) if use_exact else verts
        pts = np.array(uniq, dtype=object) if use_exact else np.array(uniq, dtype=float)
        return cls(pts, players=players, exact=use_exact)

    # ------------------------------------------------------------------ helpers
    def value(self, k: int) -> tuple:
        """Point ``k`` as a tuple (Fractions when exact)."""
        return self.exact_points[k] if self.exact_points is not None else tuple(self.points[k])

    def _vals(self, idx: Sequence[int]) -> list[tuple]:
        return [self.value(k) for k in idx]

    def _zero(self) -> Any:
        return Fraction(0) if self.exact else 0.0

    def _leq(self, a: Any, b: Any) -> bool:
        return a <= b if self.exact else a <= b + self.tol

    def _eq(self, a: Any, b: Any) -> bool:
        return a == b if self.exact else abs(a - b) <= self.tol

    def convert(self, values: Any, what: str = "point") -> tuple:
        """A length-n vector in this set's arithmetic (Fractions when exact)."""
        try:
            seq = list(values)
        except TypeError:
            raise GameError(f"{what} must be a sequence of {self.n_players} numbers, got {values!r}") from None
        if len(seq) != self.n_players:
            raise GameError(f"{what} has {len(seq)} entries but there are {self.n_players} players: give one "
                            "number per player")
        try:
            if self.exact:
                return tuple(frac(x) for x in seq)
            out = tuple(float(x) for x in seq)
        except (TypeError, ValueError):
            raise GameError(f"{what} must contain numbers, got {seq!r}") from None
        if not all(np.isfinite(out)):
            raise GameError(f"{what} contains NaN or infinity: {seq!r}")
        return out

    # ------------------------------------------------------------------ hull
    def _build(self) -> None:
        uniq = self._unique
        n = self.n_players
        vals = self._vals(uniq)
        p0 = vals[0]
        diffs = [[v[i] - p0[i] for i in range(n)] for v in vals[1:]]
        self.dimension = rank(diffs, self.exact) if diffs else 0
        # equalities of the affine hull: e . u = e . p0
        eqs = nullspace(diffs, n, self.exact) if diffs else nullspace([], n, self.exact)
        self._equalities = [(e, sum((e[i] * p0[i] for i in range(n)), self._zero())) for e in eqs]
        k = self.dimension
        if k == 0:
            self._facets: list[tuple[list, Any, frozenset[int]]] = []
            self._faces = [frozenset([uniq[0]])]
            return
        # coordinates J in which the affine hull projects bijectively
        J = independent_columns(diffs, self.exact)
        proj = [[v[j] for j in J] for v in vals]
        facets_local = self._hull(proj, k)
        facets = []
        for a_loc, b, members in facets_local:
            a = [self._zero()] * n
            for jj, j in enumerate(J):
                a[j] = a_loc[jj]
            facets.append((a, b, frozenset(uniq[t] for t in members)))
        self._facets = facets
        self._faces = self._face_lattice()

    def _hull(self, proj: list[list], k: int) -> list[tuple[list, Any, list[int]]]:
        """Facets ``(a, b, member indices)`` with ``a . x <= b`` of the hull of ``proj`` in R^k."""
        m = len(proj)
        if k == 1:
            xs = [p[0] for p in proj]
            lo, hi = min(xs), max(xs)
            one = Fraction(1) if self.exact else 1.0
            return [([-one], -lo, [t for t in range(m) if self._eq(xs[t], lo)]),
                    ([one], hi, [t for t in range(m) if self._eq(xs[t], hi)])]
        cand: list[list[int]]
        cand = _chain_edges(proj, self.exact, self.tol) if k == 2 else self._qhull_simplices(proj)
        facets = self._exact_facets(proj, cand, k)
        if facets is None:  # the float hull was inconsistent with exact arithmetic: brute force
            facets = self._exact_facets(proj, [list(c) for c in itertools.combinations(range(m), k)], k,
                                        skip_bad=True)
        return facets or []

    def _qhull_simplices(self, proj: list[list]) -> list[list[int]]:
        from scipy.spatial import ConvexHull, QhullError

        try:
            hull = ConvexHull(np.array([[float(x) for x in p] for p in proj]))
        except QhullError:
            return [list(c) for c in itertools.combinations(range(len(proj)), len(proj[0]))]
        return [list(s) for s in hull.simplices]

    def _exact_facets(self, proj: list[list], candidates: list[list[int]], k: int,
                      skip_bad: bool = False) -> list[tuple[list, Any, list[int]]] | None:
        out: dict[tuple, tuple[list, Any, list[int]]] = {}
        m = len(proj)
        P = None
        for cand in candidates:
            base = proj[cand[0]]
            rows = [[proj[t][i] - base[i] for i in range(k)] for t in cand[1:]]
            ns = nullspace(rows, k, self.exact)
            if len(ns) != 1:
                if skip_bad:
                    continue
                return None
            a = ns[0]
            b = sum((a[i] * base[i] for i in range(k)), self._zero())
            if self.exact:
                side = [sum((a[i] * p[i] for i in range(k)), Fraction(0)) - b for p in proj]
                up, down = max(side), min(side)
            else:
                if P is None:
                    P = np.array(proj, dtype=float)
                side = P @ np.asarray(a, dtype=float) - float(b)
                up, down = float(side.max()), float(side.min())
            if self._leq(up, 0):
                pass
            elif self._leq(-down, 0):
                a, b, side = [-x for x in a], -b, [-x for x in side]
            else:
                if skip_bad:
                    continue
                return None
            if self.exact:
                members = [t for t in range(m) if side[t] == 0]
            else:
                members = np.flatnonzero(np.abs(np.asarray(side)) <= self.tol).tolist()
            if len(members) > k and rank([[proj[t][i] - base[i] for i in range(k)] for t in members],
                                         self.exact) != k - 1:
                continue
            a, b = _normalise(a, b, self.exact)
            key = tuple(members)
            out.setdefault(key, (a, b, members))
        return list(out.values())

    def _face_lattice(self) -> list[frozenset[int]]:
        facets = [f[2] for f in self._facets]
        whole = frozenset(self._unique)
        if self.dimension == 2:   # a polygon: its faces are the edges and the vertices where two edges meet
            count: dict[int, int] = {}
            for f in facets:
                for t in f:
                    count[t] = count.get(t, 0) + 1
            verts = [frozenset([t]) for t, c in count.items() if c >= 2]
            return sorted({whole, *facets, *verts}, key=lambda s: (-len(s), sorted(s)))
        faces = {whole, *intersection_closure(facets)}
        return sorted(faces, key=lambda s: (-len(s), sorted(s)))

    # ------------------------------------------------------------------ queries
    @property
    def faces(self) -> list[frozenset[int]]:
        """Every face (including the whole set), as the set of point indices lying on it."""
        return list(self._faces or [])

    @property
    def facets(self) -> list[tuple[tuple, Any]]:
        """Facet inequalities ``(a, b)`` meaning ``a . u <= b`` (within the affine hull)."""
        return [(tuple(a), b) for a, b, _ in self._facets]

    @property
    def equalities(self) -> list[tuple[tuple, Any]]:
        """Equations ``(e, c)`` meaning ``e . u = c`` of the affine hull (none if full-dimensional)."""
        return [(tuple(e), c) for e, c in self._equalities]

    @property
    def vertices(self) -> list[int]:
        """Indices of the points that are vertices (0-dimensional faces)."""
        if self.dimension == 0:
            return [self._unique[0]]
        return sorted(next(iter(f)) for f in self._faces if len(f) == 1)

    def face_dimension(self, face: frozenset[int]) -> int:
        idx = sorted(face)
        vals = self._vals(idx)
        return rank([[v[i] - vals[0][i] for i in range(self.n_players)] for v in vals[1:]], self.exact) \
            if len(idx) > 1 else 0

    def contains_float(self, u: Sequence[Any], tol: float | None = None) -> bool:
        """Floating-point membership test (vectorised over the facets; a quick pre-check)."""
        if not hasattr(self, "_float_h"):
            A = np.array([[float(x) for x in a] for a, _, _ in self._facets]).reshape(-1, self.n_players)
            b = np.array([float(b) for _, b, _ in self._facets])
            E = np.array([[float(x) for x in e] for e, _ in self._equalities]).reshape(-1, self.n_players)
            c = np.array([float(c) for _, c in self._equalities])
            object.__setattr__(self, "_float_h", (A, b, E, c))
        A, b, E, c = self._float_h
        uu = np.array([float(x) for x in u])
        t = 1e-9 * max(1.0, float(np.abs(self.points).max())) if tol is None else tol
        return bool(np.all(A @ uu <= b + t) and np.all(np.abs(E @ uu - c) <= t))

    def contains(self, u: Sequence[Any]) -> bool:
        """Whether ``u`` lies in the polytope (exactly, or within the tolerance for floats)."""
        u = self.convert(u)
        n = self.n_players
        for e, c in self._equalities:
            if not self._eq(sum((e[i] * u[i] for i in range(n)), self._zero()), c):
                return False
        return all(self._leq(sum((a[i] * u[i] for i in range(n)), self._zero()), b) for a, b, _ in self._facets)

    def lp(self, c: Sequence[Any], A_ub: Sequence[Sequence[Any]] = (), b_ub: Sequence[Any] = (),
           A_eq: Sequence[Sequence[Any]] = (), b_eq: Sequence[Any] = (), extra: int = 0,
           free_extra: bool = True):
        """Maximise a linear function of ``(lambda, z)`` with ``lambda`` a lottery over the unique points.

        Rows of ``A_*`` have ``len(unique) + extra`` entries; the lottery constraint ``sum lambda
        = 1`` is added.  Returns the :class:`~bargain.linalg.exact.LPResult`.
        """
        m = len(self._unique)
        one = Fraction(1) if self.exact else 1.0
        zero = self._zero()
        A_eq = [*A_eq, [one] * m + [zero] * extra]
        b_eq = [*b_eq, one]
        free = list(range(m, m + extra)) if free_extra else []
        return linprog(c, A_ub, b_ub, A_eq, b_eq, free, exact=self.exact)

    def payoff_rows(self) -> list[list[Any]]:
        """``rows[i][k]`` = player i's payoff at unique point k."""
        vals = self._vals(self._unique)
        return [[v[i] for v in vals] for i in range(self.n_players)]

    def lottery(self, u: Sequence[Any], face: frozenset[int] | None = None) -> dict[str, Any]:
        """A lottery over outcomes (label -> probability) whose expected payoff is ``u``.

        A basic solution of ``sum_k lambda_k v_k = u``: at most ``dim + 1`` outcomes.  Raises
        :class:`GameError` if ``u`` is not in the polytope.
        """
        u = self.convert(u)
        idx = sorted(face) if face is not None else list(self._unique)
        vals = self._vals(idx)
        n = self.n_players
        one = Fraction(1) if self.exact else 1.0
        A_eq = [[v[i] for v in vals] for i in range(n)] + [[one] * len(idx)]
        b_eq = [*u, one]
        res = linprog([self._zero()] * len(idx), (), (), A_eq, b_eq, (), exact=self.exact)
        if not res.ok:
            raise GameError(f"the point {[float(x) for x in u]} is not in the feasible set: no lottery over the "
                            "outcomes gives it")
        out: dict[str, Any] = {}
        for k, lam in zip(idx, res.x, strict=True):
            if (lam != 0) if self.exact else (lam > 1e-12):
                label = self.labels[k]
                out[label] = out.get(label, self._zero()) + lam
        if not self.exact:
            total = sum(out.values())
            out = {k: float(v) / total for k, v in out.items()}
        return out

    def improvement(self, d: Sequence[Any], weights: Sequence[Any] | None = None):
        """LP: the largest ``t`` with some ``u`` in the set, ``u >= d + t * w``; returns ``(t, lambda)``."""
        d = self.convert(d, "disagreement point")
        n, m = self.n_players, len(self._unique)
        w = self.convert(weights, "weights") if weights is not None else tuple([Fraction(1) if self.exact
                                                                             else 1.0] * n)
        rows = self.payoff_rows()
        zero = self._zero()
        # -(sum_k v_ik lambda_k) + t w_i <= -d_i
        A_ub = [[-x for x in rows[i]] + [w[i]] for i in range(n)]
        b_ub = [-d[i] for i in range(n)]
        c = [zero] * m + [Fraction(1) if self.exact else 1.0]
        res = self.lp(c, A_ub, b_ub, extra=1)
        if res.status == "infeasible":
            return None
        return res.x[m], res.x[:m]

    def pareto_optimal(self, u: Sequence[Any]) -> bool:
        """Whether no point of the set gives every player at least ``u`` and someone more."""
        u = self.convert(u)
        if not self.contains(u):
            return False
        n, m = self.n_players, len(self._unique)
        rows = self.payoff_rows()
        zero = self._zero()
        one = Fraction(1) if self.exact else 1.0
        # max sum s  s.t.  sum v_ik lambda_k - s_i >= u_i, s >= 0
        A_ub = [[-x for x in rows[i]] + [one if j == i else zero for j in range(n)] for i in range(n)]
        res = self.lp([zero] * m + [one] * n, A_ub, [-x for x in u], extra=n, free_extra=False)
        return bool(res.ok and ((res.value == 0) if self.exact else res.value <= self.tol * 10))

    def pareto_faces(self) -> list[frozenset[int]]:
        """The maximal faces of Pareto optimal points (each given by the point indices on it)."""
        good = []
        for f in self._faces:
            vals = self._vals(sorted(f))
            n = self.n_players
            centre = tuple(sum((v[i] for v in vals), self._zero()) / len(vals) for i in range(n))
            if self.pareto_optimal(centre):
                good.append(f)
        return [f for f in good if not any(f < g for g in good)]

    def frontier(self) -> list[tuple]:
        """Two players: the Pareto frontier's vertices, ordered by increasing payoff of player 1."""
        if self.n_players != 2:
            raise GameError("frontier() lists a polyline for 2 players; use pareto_faces() for more players")
        pts = {self.value(k) for f in self.pareto_faces() for k in f}
        return sorted(pts, key=lambda p: (p[0], -p[1]))

    def ideal_point(self, d: Sequence[Any]) -> tuple:
        """Each player's best payoff among points that give everyone at least ``d`` (Kalai–Smorodinsky 1975)."""
        d = self.convert(d, "disagreement point")
        rows = self.payoff_rows()
        n = self.n_players
        out = []
        for i in range(n):
            res = self.lp(list(rows[i]), [[-x for x in rows[j]] for j in range(n)], [-x for x in d])
            if not res.ok:
                raise GameError("no feasible point gives every player at least the disagreement point: nothing to "
                                "bargain over; lower the disagreement point below the Pareto frontier")
            out.append(res.value)
        return tuple(out)

    def transform(self, scale: Sequence[Any], shift: Sequence[Any]) -> Polytope:
        """The image under ``u_i -> scale_i * u_i + shift_i`` (positive scales), same labels."""
        sc, sh = self.convert(scale, "scale"), self.convert(shift, "shift")
        pts = [[sc[i] * v[i] + sh[i] for i in range(self.n_players)] for v in self._vals(range(len(self.labels)))]
        return Polytope(np.array(pts, dtype=object) if self.exact else np.array(pts, dtype=float),
                        self.players, self.labels, exact=self.exact)

    def __repr__(self) -> str:
        kind = "exact" if self.exact else "float"
        return (f"<Polytope {len(self._unique)} points, {len(self.vertices)} vertices, dimension {self.dimension}, "
                f"players={list(self.players)} ({kind})>")


def _has_fraction(points: Any) -> bool:
    try:
        return any(isinstance(x, Fraction) for row in points for x in row)
    except TypeError:
        return False


def _normalise(a: list, b: Any, exact: bool) -> tuple[list, Any]:
    s = max(abs(x) for x in a)
    if exact:
        return [x / s for x in a], b / s
    return [float(x) / float(s) for x in a], float(b) / float(s)


def _chain_edges(proj: list[list], exact: bool, tol: float) -> list[list[int]]:
    """Edges of the 2-D convex hull by Andrew's monotone chain (exact with Fractions)."""
    order = sorted(range(len(proj)), key=lambda t: (proj[t][0], proj[t][1]))

    def cross(o: int, a: int, b: int) -> Any:
        po, pa, pb = proj[o], proj[a], proj[b]
        return (pa[0] - po[0]) * (pb[1] - po[1]) - (pa[1] - po[1]) * (pb[0] - po[0])

    def half(seq: list[int]) -> list[int]:
        h: list[int] = []
        for t in seq:
            while len(h) >= 2 and (cross(h[-2], h[-1], t) <= 0 if exact else cross(h[-2], h[-1], t) <= tol * tol):
                h.pop()
            h.append(t)
        return h

    lower, upper = half(order), half(order[::-1])
    ring = lower[:-1] + upper[:-1]
    if len(ring) < 2:
        return []
    return [[ring[i], ring[(i + 1) % len(ring)]] for i in range(len(ring))]


# =========================================================================== smooth frontier


def as_feasible_set(obj: Any, players: Sequence[str] | None = None) -> FeasibleSet:
    """A :class:`FeasibleSet` from a set, a :class:`Game`, or an ``(m, n)`` array of points.

    Parameters
    ----------
    obj : FeasibleSet, Game or array_like
        A feasible set (returned as is), a game (the convex hull of its pure payoffs) or an
        ``(m, n)`` array of payoff vectors.
    players : sequence of str, optional
        The players' names, for an array.

    Returns
    -------
    FeasibleSet
        The set.

    Raises
    ------
    GameError
        For an empty or malformed set.
    """
    if isinstance(obj, FeasibleSet):
        return obj
    if isinstance(obj, Game):
        return Polytope.from_game(obj)
    if obj is None:
        raise GameError("the feasible set is empty: give a Game, a Polytope, a Frontier or an (m, n) array")
    return Polytope(obj, players=players)
