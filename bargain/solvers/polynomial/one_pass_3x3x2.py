"""The float 3x2x2 and 3x3x2 games, in any order of the players, in one pass.

A three-player game in which every player has two or three strategies and which is neither 2x2x2 nor
3x3x3 (:mod:`~bargain.solvers.polynomial.one_pass`, :mod:`~bargain.solvers.polynomial.one_pass_3x3x3`)
is solved here, when it is *nondegenerate*, with the same answer as the general route
(:func:`~bargain.solvers.polynomial.solver.polynomial_solve` on :meth:`Game.normalised`, then
:func:`~bargain.solvers.completeness.certify`): the same equilibria in the same order, each verified on the
game as given, the index evidence.  Wherever it is unsure it returns None and the general route answers: a
payoff tie at a pure profile, three payoff lines of a player meeting in one point, a root within ``1e-9``
of the edge of the simplex, a nearly double or nearly real root, a polynomial that drops degree, a kernel
that vanishes, a candidate Newton's method does not settle, a strategy off the support that is nearly a
best reply, a failed verification, an eigenvalue of the replicator Jacobian near 0, or an index sum other
than +1.

Supports
--------
The game is laid out as a 3x3x3 game whose missing strategies are padding that no support uses, and the
support shapes are those of :func:`~bargain.solvers.polynomial.one_pass_333_shapes.shapes` for its
strategy counts, and each is solved in plain Python floats (a few hundred flops a game: array calls would
cost more than the arithmetic):

* no mixer: every pure profile, left to the screen;
* two mixers over two strategies each against a pure third: each mixer's probability solves the other's
  linear indifference;
* three mixers over two strategies each: the quadratic of each 2x2x2 subgame (a pair of strategies for each
  player with three) by the scalar closed form of :mod:`~bargain.solvers.polynomial.one_pass`;
* a player mixing over three strategies against two over two each (2,2,3): the quadratic ``det M_c(p)`` of
  :mod:`~bargain.solvers.polynomial.one_pass_333_shapes`, then two kernels (which lose digits where the
  support system is ill-conditioned, so these candidates are polished by Newton's method, as the general
  route polishes its roots);
* two players mixing over three strategies each (3x3x2 only): against the pure third each mixture is the
  kernel of the other's two rows, and against the third's two-strategy mixture ``(t, 1 - t)`` the quartic
  hidden-variable polynomial in ``t`` of
  :func:`~bargain.solvers.polynomial.one_pass_333_shapes.hidden_two` (polished by Newton's method with the
  (2,2,3) candidates);
* a player mixing over three strategies against a two-strategy mixture and a pure third: only where three
  payoff lines meet in one point, which is excluded
  (:func:`~bargain.solvers.polynomial.one_pass_333_shapes.triple_points`); one mixer alone: only at a payoff
  tie, excluded.

Every candidate is then screened in one array pass (strategies off the support strictly worse), verified on
the game as given, and the list certified.

Index
-----
``sign det(-J)`` of the replicator field on the tangent space of the product of simplices at each
equilibrium (Ritzberger 1994), the matrix :func:`~bargain.solvers.completeness.index_sum` uses; its block
triangular form reduces it to the determinant of the support block (:func:`_index_total`).  The indices of
a game whose equilibria are all regular sum to +1 (Gül, Pearce and Stacchetti 1993).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* 1, ch. 2, sec. 6.
Cox, D., Little, J. and O'Shea, D. (2005). *Using Algebraic Geometry*, 2nd ed., ch. 3 (hidden variables).
Ritzberger, K. (1994). The theory of normal form games from the differentiable viewpoint.
*Int. J. Game Theory* 23, 207-236.
Gül, F., Pearce, D. and Stacchetti, E. (1993). A bound on the proportion of pure strategy
equilibria in generic games. *Math. Oper. Res.* 18, 548-552.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

from bargain.model.game import Game
from bargain.solvers.completeness import ZERO, index_passed
from bargain.solvers.polynomial.collector import METHOD
from bargain.solvers.polynomial.one_pass import EDGE, TIE, _bilinear, _first_second, _totally_mixed
from bargain.solvers.polynomial.one_pass_3x3x3 import (
    _CLOSE,
    _OPP1,
    _OPP2,
    _TRIPLE,
    _newton,
    _own_first,
    _root_doubt,
    _screen,
    _verified,
    valid_strategies,
)
from bargain.solvers.polynomial.one_pass_333_shapes import Shape, real_roots, shapes
from bargain.solvers.result import Equilibria

__all__ = ["candidates_small", "one_pass_note", "one_pass_small"]

#: The pairs of strategies of a player with three.
_PAIRS3 = ((0, 1), (0, 2), (1, 2))
_PLAYERS = np.arange(3)
#: An eigenvalue of the replicator Jacobian this near 0 (normalised payoffs) leaves the regularity in doubt:
#: the general route, which judges it at :data:`~bargain.solvers.completeness.ZERO`, answers.
_NEAR_ZERO = 1e3 * ZERO


def one_pass_note(dims: tuple[int, int, int]) -> str:
    """What a solve of one nondegenerate float game of shape ``dims`` by this route says it did.

    Parameters
    ----------
    dims : tuple of int
        Each player's number of strategies (two or three; neither all two nor all three).

    Returns
    -------
    str
        The note, naming the number of support profiles and the degrees of the eliminations.
    """
    count = math.prod(2 ** d - 1 for d in dims)
    degrees = "2 and 4" if sorted(dims) == [2, 3, 3] else "2"
    return (f"{'x'.join(map(str, dims))} in one pass over all {count} support profiles (pure profiles, two "
            f"mixers by closed forms and stacked linear solves, three mixers by univariate eliminations of degree "
            f"{degrees}); the game is nondegenerate, so this is every equilibrium")


def one_pass_small(game: Game) -> Equilibria | None:
    """Every equilibrium of a nondegenerate float three-player game with two or three strategies a player,
    not 2x2x2 or 3x3x3 (3x2x2, 3x3x2 in any order of the players), verified and certified, or None.

    Parameters
    ----------
    game : Game
        A float game.

    Returns
    -------
    Equilibria or None
        The equilibria the general route finds, in its order, each verified on ``game``, with
        :func:`one_pass_note` and the index evidence; None for another shape, or when the game is degenerate
        for this route, a root is in doubt, a candidate fails verification, or the index check does not pass.
    """
    dims = game.shape
    if len(dims) != 3 or set(dims) != {2, 3}:
        return None
    mag = game.payoff_magnitudes
    if not float(np.min(mag)) > 0.0:
        return None
    S = game.payoffs.reshape(3, -1) / mag[:, None]                  # over the largest payoff: no overflow
    spread = np.ptp(S, axis=1)
    if not float(np.min(spread)) > 0.0:
        return None                                                 # a constant player
    P = np.zeros((3, 3, 3, 3))                                      # laid out as a 3x3x3 game, padded
    P[:, :dims[0], :dims[1], :dims[2]] = (S / spread[:, None]).reshape(3, *dims)
    P = P.reshape(3, 27)
    A = _own_first(P)
    found = _screened(A, P, dims)
    if found is None:
        return None
    X, G1, G2, V = found
    # the general route's order: by the size of the support, then by the probabilities, largest first
    keys = (-X.reshape(len(X), 9)).tolist()
    order = sorted(range(len(X)), key=lambda n: (sum(v != 0.0 for v in keys[n]), keys[n]))
    eqs = _verified(game, X[order], A, spread, mag, V[order])
    if eqs is None or _index_total(X.tolist(), G1.tolist(), G2.tolist(), V.tolist(), dims) != 1:
        return None
    evidence = index_passed(len(eqs))
    return Equilibria(game, eqs, METHOD, complete=True,
                      notes=[one_pass_note(dims), evidence.detail]).with_evidence(evidence)


def candidates_small(P: np.ndarray, dims: tuple[int, int, int]) -> np.ndarray | None:
    """Every equilibrium of the nondegenerate game of shape ``dims`` with normalised payoffs ``P``, or None
    where the game is degenerate for this route or a root is in doubt (see the module docstring).

    Parameters
    ----------
    P : ndarray
        Shape ``(3, 27)``: each player's payoffs over their range, laid out as in a 3x3x3 game (flattened in
        ``(s_1, s_2, s_3)`` order) with the strategies a player lacks padded (never read).
    dims : tuple of int
        Each player's number of strategies.

    Returns
    -------
    ndarray or None
        The equilibria, shape ``(k, 3, 3)`` (each player's mixture, 0 on the padding), in no particular order.
    """
    found = _screened(_own_first(P), P, dims)
    return None if found is None else found[0]


def _screened(A: np.ndarray, P: np.ndarray, dims: tuple[int, int, int]
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`candidates_small` (``A``: ``P`` own strategy first) with, at each equilibrium, the derivatives
    of each player's payoffs from their strategies by the opponents' mixtures and the payoffs themselves
    (:func:`_derivatives`)."""
    ties, triples = _degeneracy_tables(dims)
    Pl = P.tolist()
    if min([abs(Pl[i][a] - Pl[i][b]) for i, a, b in ties]) <= TIE:
        return None                                                 # a payoff tie at a pure profile
    for i, (a, b, c, d) in triples:                 # triple_points: three payoff lines through one point
        Q = Pl[i]
        if abs((Q[a[0]] - Q[a[1]]) * (Q[d[0]] - Q[d[1]]) - (Q[b[0]] - Q[b[1]]) * (Q[c[0]] - Q[c[1]])) <= _TRIPLE:
            return None
    sh = shapes(dims)
    pairs, narrow, wide = _two_mixers(sh["pair2"], Pl), _two_each(P, dims), _two_two_three(sh["223"], Pl)
    if pairs is None or narrow is None or wide is None:
        return None
    parts = [_pure(dims), np.array(pairs + narrow).reshape(-1, 3, 3)]
    polish = [np.array(wide).reshape(-1, 3, 3)]      # a player mixing over three: polished by Newton
    if "233" in sh:
        linear, hidden = _three_each(sh["pair3"], Pl), _three_three_two(sh["233"], Pl)
        if linear is None or hidden is None:
            return None
        polish.append(np.array(linear + hidden).reshape(-1, 3, 3))
    X = np.concatenate(polish)
    if len(X):
        X = _newton(A, X)
        if X is None or np.any(np.abs(X[X != 0.0]) <= EDGE):
            return None
        flat = X.reshape(len(X), 9)
        if len(X) > 1 and np.min(np.max(np.abs(flat[:, None] - flat[None]), axis=2) + np.eye(len(X))) < _CLOSE:
            return None                                             # two candidates on one solution
        parts.append(X[np.all(X >= 0.0, axis=(1, 2))])
    X = np.concatenate(parts)
    X = X / X.sum(axis=2, keepdims=True)
    G1, G2, V = _derivatives(A, X)
    ok = _screen(A, X, valid_strategies(dims), V)
    if ok is None:
        return None
    return X[ok], G1[ok], G2[ok], V[ok]


def _derivatives(A: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At each profile of ``X`` (padded, ``(c, 3, 3)``): the derivatives ``dV_i[s] / dx_opp1[a]`` and
    ``dV_i[s] / dx_opp2[b]`` of each player's payoffs from their strategies (``A``: own strategy first), and
    those payoffs ``V`` (:func:`~bargain.solvers.polynomial.one_pass_3x3x3._values`)."""
    G1 = np.einsum("isab,cib->cisa", A, X[:, _OPP2])
    G2 = np.einsum("isab,cia->cisb", A, X[:, _OPP1])
    return G1, G2, np.einsum("cisa,cia->cis", G1, X[:, _OPP1])


@functools.cache
def _degeneracy_tables(dims: tuple[int, int, int]) -> tuple[list[tuple[int, int, int]], list[tuple[int, tuple]]]:
    """Flat indices (padded 3x3x3 layout) of the payoff differences the route checks first: ``(player, a, b)``
    for every two strategies of a player against every pure profile of the others (a tie), and per support of
    the ``"triple"`` shape (:func:`~bargain.solvers.polynomial.one_pass_333_shapes.shapes`) the player and the
    four differences ``(first, second)`` of the 2x2 determinant of
    :func:`~bargain.solvers.polynomial.one_pass_333_shapes.triple_points`, in the order ``D00, D01, D10, D11``."""
    ties = []
    for i in range(3):
        for a, b in itertools.combinations(range(dims[i]), 2):
            for rest in itertools.product(range(dims[_OPP1[i]]), range(dims[_OPP2[i]])):
                prof = [0, 0, 0]
                prof[_OPP1[i]], prof[_OPP2[i]] = rest
                prof[i] = a
                fa = int(np.ravel_multi_index(tuple(prof), (3, 3, 3)))
                prof[i] = b
                ties.append((i, fa, int(np.ravel_multi_index(tuple(prof), (3, 3, 3)))))
    player, first, second = shapes(dims)["triple"].tables[0]
    triples = [(int(p), tuple(zip(f.ravel().tolist(), s_.ravel().tolist(), strict=True)))
               for p, f, s_ in zip(player.ravel(), first[..., 0], second[..., 0], strict=True)]
    return ties, triples


@functools.cache
def _pure(dims: tuple[int, int, int]) -> np.ndarray:
    """The pure profiles of a game of shape ``dims``, padded: shape ``(d_1 d_2 d_3, 3, 3)``."""
    idx = np.indices(dims).reshape(3, -1)
    out = np.zeros((idx.shape[1], 3, 3))
    out[np.arange(idx.shape[1])[:, None], np.arange(3)[None, :], idx.T] = 1.0
    out.setflags(write=False)
    return out


@functools.cache
def _subgame_tables(dims: tuple[int, int, int]) -> tuple[list[tuple[tuple[int, int], ...]], np.ndarray, np.ndarray]:
    """The 2x2x2 subgames of a game of shape ``dims`` (a pair of strategies for each player) and, per subgame,
    the flat indices (in the padded 3x3x3 layout) of each player's first and second strategy against the
    others' pure profiles in the order of :func:`~bargain.solvers.polynomial.one_pass.profile_pairs`: shape
    ``(subgames, 3, 4)`` each."""
    subgames = list(itertools.product(*[((0, 1),) if d == 2 else _PAIRS3 for d in dims]))
    first, second = np.empty((len(subgames), 3, 4), dtype=int), np.empty((len(subgames), 3, 4), dtype=int)
    for n, pairs in enumerate(subgames):
        full = [int(np.ravel_multi_index(tuple(pairs[i][s] for i, s in enumerate(np.unravel_index(f, (2, 2, 2)))),
                                         (3, 3, 3))) for f in range(8)]
        for i, (a, b) in enumerate(_first_second(3)):
            first[n, i], second[n, i] = [full[f] for f in a], [full[f] for f in b]
    return subgames, first, second


def _two_each(P: np.ndarray, dims: tuple[int, int, int]) -> list[list[float]] | None:
    """The candidates on which every player mixes over two strategies: the totally mixed profiles of each
    2x2x2 subgame by the scalar closed form (:func:`~bargain.solvers.polynomial.one_pass._totally_mixed`), as
    flat padded profiles; None where a subgame is degenerate for the closed form."""
    subgames, first, second = _subgame_tables(dims)
    D = (P[_PLAYERS[None, :, None], first] - P[_PLAYERS[None, :, None], second]).tolist()
    out = []
    for pairs, Dn in zip(subgames, D, strict=True):
        found = _totally_mixed([_bilinear(Di) for Di in Dn])
        if found is None:
            return None
        for x in found:
            X = [0.0] * 9
            for i, ((s, t), p) in enumerate(zip(pairs, x, strict=True)):
                X[3 * i + s], X[3 * i + t] = p, 1.0 - p
            out.append(X)
    return out


def _quadratic(c0: float, c1: float, c2: float) -> list[float] | None:
    """The real roots in (0, 1) of ``c0 + c1 p + c2 p^2``; None at doubt, as the stacked shape solvers judge
    it: a drop in degree, two roots or a complex pair near each other or the real segment [0, 1], or a root
    within :data:`EDGE` of 0 or 1."""
    if not abs(c2) > 1e-12 * max(abs(c0), abs(c1), abs(c2)):
        return None
    disc = c1 * c1 - 4.0 * c2 * c0
    if disc < 0.0:
        centre, imag = -c1 / (2.0 * c2), math.sqrt(-disc) / (2.0 * abs(c2))
        return None if imag < _CLOSE and -_CLOSE < centre < 1.0 + _CLOSE else []
    q = -0.5 * (c1 + math.copysign(math.sqrt(disc), c1))
    roots = [q / c2, c0 / q if q != 0.0 else q / c2]
    near = [-_CLOSE < r < 1.0 + _CLOSE for r in roots]
    if any(near) and abs(roots[0] - roots[1]) < _CLOSE:
        return None
    if any(abs(r) <= EDGE or abs(1.0 - r) <= EDGE for r in roots):
        return None
    return [r for r in roots if 0.0 < r < 1.0]


def _unit(y: list[float], scale: float) -> list[float] | None:
    """``y`` scaled to sum 1, or None when its sum is (nearly) 0 against ``scale`` (a kernel that vanishes) or
    an entry is within :data:`EDGE` of 0; ``[]`` when an entry is negative (not a mixture)."""
    total = sum(y)
    if not abs(total) > 1e-9 * scale:
        return None
    y = [v / total for v in y]
    if any(abs(v) <= EDGE for v in y):
        return None
    return y if min(y) > 0.0 else []


def _two_two_three(shape: Shape, P: list[list[float]]) -> list[list[float]] | None:
    """The candidates on which a player ``c`` mixes over three strategies and two others, ``a`` and ``b``, over
    two each (the ``"223"`` ``shape`` of :func:`~bargain.solvers.polynomial.one_pass_333_shapes.shapes`, solved
    as :func:`~bargain.solvers.polynomial.one_pass_333_shapes.two_two_three` solves it, in scalars; ``P``: the
    normalised payoffs as lists), as flat padded profiles; None at doubt."""
    out = []
    for n, (dc, da, db) in enumerate(zip(*shape.differences(P), strict=True)):
        # c's rows r (strategy r + 1 minus strategy 0) over x_b at x_a = (p, 1 - p): e + p f; dc[4 r + 2 a + b]
        (e00, e01), (e10, e11) = e = [dc[2:4], dc[6:8]]
        (f00, f01), (f10, f11) = f = [[dc[4 * r + k] - dc[4 * r + 2 + k] for k in (0, 1)] for r in (0, 1)]
        roots = _quadratic(e00 * e11 - e01 * e10, e00 * f11 + f00 * e11 - e01 * f10 - f01 * e10, f00 * f11 - f01 * f10)
        if roots is None:
            return None
        for p in roots:
            M = [[e[r][k] + p * f[r][k] for k in (0, 1)] for r in (0, 1)]
            row = max(M, key=lambda m: abs(m[0]) + abs(m[1]))
            xb = _unit([row[1], -row[0]], max(abs(v) for m in M for v in m))
            if xb is None:
                return None
            if not xb:
                continue
            xa = [p, 1.0 - p]
            rho_a = [da[g] * xb[0] + da[3 + g] * xb[1] for g in range(3)]      # a's equation in x_c
            rho_b = [db[g] * xa[0] + db[3 + g] * xa[1] for g in range(3)]      # b's equation in x_c
            xc = _unit([rho_a[1] * rho_b[2] - rho_a[2] * rho_b[1], rho_a[2] * rho_b[0] - rho_a[0] * rho_b[2],
                        rho_a[0] * rho_b[1] - rho_a[1] * rho_b[0]], max(map(abs, rho_a)) * max(map(abs, rho_b)))
            if xc is None:
                return None
            if xc:
                out.append(_flat_profile(shape, n, (xa, xb, xc)))
    return out


def _flat_profile(shape: Shape, n: int, mixtures: tuple[list[float], ...]) -> list[float]:
    """The padded profile (flat, 9 cells) on support ``n`` of ``shape``, each role playing its mixture."""
    x = [0.0] * 9
    for cells, y in zip(shape.cell_lists, mixtures, strict=True):
        for cell, v in zip(cells[n], y, strict=True):
            x[cell] = v
    return x


def _two_mixers(shape: Shape, P: list[list[float]]) -> list[list[float]] | None:
    """The candidates on which two players mix over two strategies each against a pure third (the ``"pair2"``
    ``shape``), in scalars: each mixer's probability of their first support strategy solves the other's
    linear indifference (:func:`~bargain.solvers.polynomial.one_pass_333_shapes.linear_mixtures`), as flat
    padded profiles (``P``: the normalised payoffs as lists); None at doubt (a singular indifference or a
    root within :data:`EDGE` of 0 or 1)."""
    out = []
    for n, ((a0, a1), (b0, b1)) in enumerate(zip(*shape.differences(P), strict=True)):
        if a0 == a1 or b0 == b1:
            return None
        y, z = a1 / (a1 - a0), b1 / (b1 - b0)                        # j's from i's rows, i's from j's
        if min(abs(y), abs(1.0 - y), abs(z), abs(1.0 - z)) <= EDGE:
            return None
        if 0.0 < y < 1.0 and 0.0 < z < 1.0:
            out.append(_flat_profile(shape, n, ((z, 1.0 - z), (y, 1.0 - y), (1.0,))))
    return out


def _three_each(shape: Shape, P: list[list[float]]) -> list[list[float]] | None:
    """The candidates on which two players mix over three strategies each against a pure third (the
    ``"pair3"`` ``shape``), in scalars: each mixer's mixture spans the kernel of the other's two rows, their
    cross product (:func:`~bargain.solvers.polynomial.one_pass_333_shapes.linear_mixtures` solves the same
    system), as flat padded profiles; None at doubt (a singular system, a probability within :data:`EDGE` of
    0)."""
    out = []
    for n, (di, dj) in enumerate(zip(*shape.differences(P), strict=True)):
        mixtures = []
        for d in (dj, di):               # i's mixture from j's rows, j's from i's
            y = [d[1] * d[5] - d[2] * d[4], d[2] * d[3] - d[0] * d[5], d[0] * d[4] - d[1] * d[3]]
            total = y[0] + y[1] + y[2]   # the determinant of the rows and the sum
            if not abs(total) > 1e-12:
                return None
            y = [v / total for v in y]
            if min(abs(v) for v in y) <= EDGE:
                return None
            mixtures.append(y)
        if min(mixtures[0]) > 0.0 and min(mixtures[1]) > 0.0:
            out.append(_flat_profile(shape, n, (*mixtures, (1.0,))))
    return out


def _cross(u: list[float], v: list[float]) -> list[float]:
    """The cross product of two 3-vectors (lists)."""
    return [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]


def _three_three_two(shape: Shape, P: list[list[float]]) -> list[list[float]] | None:
    """The candidates on which two players ``a, b`` mix over three strategies each and ``h`` over two (the
    ``"233"`` ``shape``), in scalars: with ``x_h = (t, 1 - t)``, ``x_b`` and ``x_a`` are the cross products of
    ``a``'s and ``b``'s rows (linear in ``t``) and ``h``'s indifference is a quartic in ``t``
    (:func:`~bargain.solvers.polynomial.one_pass_333_shapes.hidden_two` interpolates the same polynomial);
    its roots by :func:`~bargain.solvers.polynomial.one_pass_333_shapes.real_roots`, judged as the 3x3x3
    route judges them.  Flat padded profiles (``P``: the normalised payoffs as lists); None at doubt."""
    out = []
    for n, (da, db, dh) in enumerate(zip(*shape.differences(P), strict=True)):
        # rows (index 6 r + 2 k + e) at x_h = (t, 1 - t): row(t) = lo + t (hi - lo), as (lo, slope) per row
        lines = [[([d[6 * r + 2 * k + 1] for k in range(3)],
                   [d[6 * r + 2 * k] - d[6 * r + 2 * k + 1] for k in range(3)]) for r in (0, 1)] for d in (db, da)]
        kernels = []                     # x_a(t) from b's rows, x_b(t) from a's: coefficients of 1, t, t^2
        for (u0, u1), (v0, v1) in lines:
            mid = [p + q for p, q in zip(_cross(u0, v1), _cross(u1, v0), strict=True)]
            kernels.append((_cross(u0, v0), mid, _cross(u1, v1)))
        xa, xb = kernels
        coef = [0.0] * 5
        for p in range(3):
            for q in range(3):
                w = sum(dh[3 * al + be] * xa[p][al] * xb[q][be] for al in range(3) for be in range(3))
                coef[p + q] += w
        roots, full = real_roots(np.array(coef))
        if _root_doubt(roots[None], full[None], None):
            return None
        for t in roots.real[(roots.imag == 0.0) & (roots.real > 0.0) & (roots.real < 1.0)].tolist():
            at = [[[lo[k] + t * sl[k] for k in range(3)] for lo, sl in rows] for rows in lines]
            ya = _unit(_cross(*at[0]), max(abs(v) for v in db) ** 2)
            yb = _unit(_cross(*at[1]), max(abs(v) for v in da) ** 2)
            if ya is None or yb is None:
                return None
            if ya and yb:
                out.append(_flat_profile(shape, n, (ya, yb, (t, 1.0 - t))))
    return out


def _index_total(X: list, G1: list, G2: list, V: list, dims: tuple[int, int, int]) -> int | None:
    """The sum of the indices ``sign det(-J)`` of the equilibria ``X`` (padded profiles as nested lists; ``G1,
    G2, V`` there by :func:`_derivatives` on the normalised payoffs, as lists), ``J`` the replicator Jacobian
    on the tangent space (Ritzberger 1994); None where an equilibrium may not be regular.

    In coordinates that put each player's strategies off the support last, ``J`` is block triangular: a
    strategy ``s`` off player ``i``'s support contributes the eigenvalue ``v_i(s) - u_i`` (negative at a
    strict equilibrium), and the support block ``J_S`` (coordinates ``x_is``, ``s`` in the support but not
    its first strategy ``r_i``) has a zero diagonal block per player and, for ``j != i``, entries
    ``x_is (dv_is / dy_jt - sum_s' x_is' dv_is' / dy_jt)`` with ``dv_is / dy_jt = W_ij[s, t] - W_ij[s, r_j]``.
    So the index is ``sign det(-J_S)``.  The general route judges regularity by the eigenvalues of ``J``
    (:func:`~bargain.solvers.completeness.index_sum`); here an off-support eigenvalue at most
    :data:`_NEAR_ZERO` is doubt, and so is an eigenvalue of ``J_S`` at most that, computed where the bound
    ``|det J_S| / ||J_S||_F^(D - 1)`` on the smallest does not exclude it."""
    total = 0
    for x, g1, g2, v in zip(X, G1, G2, V, strict=True):
        sup = [[s for s in range(dims[i]) if x[i][s] > 0.0] for i in range(3)]
        for i in range(3):
            if len(sup[i]) < dims[i]:
                u = sum([x[i][s] * v[i][s] for s in sup[i]])
                if any(not u - v[i][s] > _NEAR_ZERO for s in range(dims[i]) if s not in sup[i]):
                    return None
        # per player: the positions of their coordinates in J_S, with the strategy of each
        place, coords = [], 0
        for S in sup:
            place.append([(coords + n, s) for n, s in enumerate(S[1:])])
            coords += len(S) - 1
        if not coords:
            total += 1
            continue
        J = [[0.0] * coords for _ in range(coords)]
        for i in range(3):
            if not place[i]:
                continue
            xi, Si = x[i], sup[i]
            for j, G in ((_OPP1[i], g1), (_OPP2[i], g2)):
                if not place[j]:
                    continue
                W, r = G[i], sup[j][0]
                for m, t in place[j]:
                    mean = sum([xi[q] * (W[q][t] - W[q][r]) for q in Si])      # u_i's derivative
                    for n, s in place[i]:
                        J[n][m] = xi[s] * (W[s][t] - W[s][r] - mean)
        det = -J[0][1] * J[1][0] if len(J) == 2 else _det(J)
        norm = math.sqrt(sum(e * e for row in J for e in row))
        if not abs(det) > _NEAR_ZERO * norm ** (len(J) - 1):       # the bound does not settle it: the eigenvalues
            lam = np.linalg.eigvals(np.array(J))
            if np.any(np.abs(lam) <= _NEAR_ZERO):
                return None
        total += 1 if (det > 0.0) == (len(J) % 2 == 0) else -1       # sign det(-J_S) = (-1)^D sign det J_S
    return total


def _det(M: list[list[float]]) -> float:
    """The determinant of a small square matrix (nested lists) by Gaussian elimination with partial pivoting."""
    M = [row[:] for row in M]
    n, det = len(M), 1.0
    for k in range(n):
        p = max(range(k, n), key=lambda r: abs(M[r][k]))
        if M[p][k] == 0.0:
            return 0.0
        if p != k:
            M[k], M[p] = M[p], M[k]
            det = -det
        det *= M[k][k]
        for r in range(k + 1, n):
            f = M[r][k] / M[k][k]
            if f != 0.0:
                M[r] = [a - f * b for a, b in zip(M[r], M[k], strict=True)]
    return det
