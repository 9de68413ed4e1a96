"""The float 2x2x2x2 game in one pass: its 81 support profiles in scalars, one verification, the index check.

For a *nondegenerate* float game of four players with two strategies each this module finds every
equilibrium support by support in plain Python floats (and one small stacked array computation for
the totally mixed profiles), verifies each equilibrium player by player on the game as given, and
certifies the list by the index theorem, as :mod:`bargain.solvers.polynomial.one_pass` does for
2x2x2 games (whose helpers it shares).  Wherever it is unsure (a payoff tie at a pure profile, a root
within ``1e-9`` of the edge of the simplex, a double or nearly double root, a root that Newton's
method does not confirm, a candidate that fails verification, an irregular equilibrium or an index
sum other than +1) it returns None and the general route
(:func:`~bargain.solvers.polynomial.solver.polynomial_solve`, then the completeness check) answers.

Algebra
-------
Write ``x_i`` for player ``i``'s probability of their first strategy and
``Delta_i = v_i(first) - v_i(second)``, multilinear in the other three (McKelvey and McLennan 1996,
sec. 6).  A profile is an equilibrium iff every mixing player has ``Delta_i = 0`` and every pure
player's strategy is a strict best reply (nondegenerate game).  Over the supports:

* no mixer: the 16 pure profiles, by the signs of the payoff differences;
* one mixer: none (its ``Delta`` at the others' pure profile is a payoff difference, never 0);
* two mixers ``i, j`` against pure ``k, l``: ``Delta_i`` is linear in ``x_j`` and ``Delta_j`` in
  ``x_i``, one root each (24 cases);
* three mixers against a pure fourth: the 2x2x2 closed form of the three mixers' game at the fourth's
  strategy (:func:`~bargain.solvers.polynomial.one_pass._totally_mixed`), the fourth checked as a
  strict best reply (8 cases);
* four mixers: the square system ``Delta_1 = ... = Delta_4 = 0``, at most 9 solutions (the
  multihomogeneous Bezout number: the derangements of four players; McKelvey and McLennan 1997).

The totally mixed system
------------------------
Write ``p, q, r, s`` for ``x_1 .. x_4`` and hide ``s``.  ``Delta_1 = A_1(r, s) + B_1(r, s) q`` and
``Delta_2 = A_2(r, s) + B_2(r, s) p`` with ``A, B`` bilinear, so ``q = -A_1 / B_1`` and
``p = -A_2 / B_2``.  Substituted into players 3 and 4 (``Delta_3 = a_3 + b_3 p + c_3 q + e_3 p q``
with coefficients linear in ``s``, ``Delta_4`` likewise with coefficients linear in ``r``) and
multiplied by ``B_1 B_2``:

    F(r, s) = a_3 B_1 B_2 - b_3 A_2 B_1 - c_3 A_1 B_2 + e_3 A_1 A_2    (degree 2 in r, 3 in s),
    G(r, s) = a_4 B_1 B_2 - b_4 A_2 B_1 - c_4 A_1 B_2 + e_4 A_1 A_2    (degree 3 in r, 2 in s).

Their Sylvester resultant in ``r`` (a 5x5 determinant) has degree ``3 * 3 + 2 * 2 = 13`` in ``s``.
Where ``A_1 = B_1 = 0`` for a common ``r`` (and likewise ``A_2 = B_2 = 0``) every term of ``F`` and
``G`` vanishes, so the resultant has the extraneous factors ``Res_r(A_1, B_1)`` and ``Res_r(A_2, B_2)``,
quadratics in ``s``; the quotient

    T(s) = Res_r(F, G) / (Res_r(A_1, B_1) Res_r(A_2, B_2))

has degree 9, the Bezout number (checked in exact arithmetic on random rational games: the resultant
factors as the two quadratics times an irreducible nonic).  ``T`` is evaluated at 16 points of the circle
``|s - 1/2| = 1/2`` (stacked 5x5 determinants) and its coefficients in ``t = 2 s - 1`` read off by a discrete
Fourier transform; its top six coefficients must vanish, which checks the division, and their size
measures the coefficients' error.  Each root's error is bounded to first order by that error over
``|T'|`` (Wilkinson 1963), with a margin of 1000: a complex root that close to the real segment, two
roots that close to each other (a cluster, whose roots float arithmetic cannot separate) or a root that
close to 0 or 1 is doubt, and the game is handed on.  For each simple real root ``s`` in (0, 1): ``r`` is
the root of the quadratic ``F(., s)`` at which ``G`` vanishes, ``q`` and ``p`` as above, then Newton's
method on the four equations.

Index
-----
As in :mod:`~bargain.solvers.polynomial.one_pass`: ``sign det(-J)`` of the replicator field
``f_i = x_i (1 - x_i) Delta_i`` of the normalised game (Ritzberger 1994), summed to +1 (Gül, Pearce and
Stacchetti 1993).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* 1, ch. 2, sec. 6.
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash equilibria.
*J. Economic Theory* 72, 411-425.
Wilkinson, J. H. (1963). *Rounding Errors in Algebraic Processes*, ch. 2 (the sensitivity of polynomial
roots).
Cox, D., Little, J. and O'Shea, D. (2005). *Using Algebraic Geometry*, 2nd ed., ch. 3 (resultants and
hidden variables).
Ritzberger, K. (1994). The theory of normal form games from the differentiable viewpoint.
*Int. J. Game Theory* 23, 207-236.
Gül, F., Pearce, D. and Stacchetti, E. (1993). A bound on the proportion of pure strategy
equilibria in generic games. *Math. Oper. Res.* 18, 548-552.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from bargain.model.game import Game
from bargain.solvers.polynomial.one_pass import (
    EDGE,
    TIE,
    _at_edge,
    _bilinear,
    _first_second,
    _totally_mixed,
    certified,
    profile_pairs,
    scaled_payoffs,
)
from bargain.solvers.result import Equilibria

__all__ = ["ONE_PASS_NOTE", "one_pass_2x2x2x2"]

#: What a solve of one nondegenerate 2x2x2x2 game by this route says it did.
ONE_PASS_NOTE = ("2x2x2x2 in one pass over all 81 support profiles (pure profiles, two mixers linear, three "
                 "mixers by the 2x2x2 closed form, four mixers by a degree-9 resultant); the game is "
                 "nondegenerate, so this is every equilibrium")

#: Points on the circle ``|s - 1/2| = 1/2`` at which the degree-9 resultant is evaluated (then interpolated).
_NODES = 16
_OMEGA = np.exp(2j * np.pi * np.arange(_NODES) / _NODES)
_CENTRE, _RADIUS = 0.5, 0.5
_POWERS = np.array([np.ones(_NODES), _CENTRE + _RADIUS * _OMEGA])
#: The discrete Fourier transform over the nodes: the coefficients of a polynomial of degree < 16 in
#: ``t = (s - 1/2) / radius`` from its values there.
_DFT = np.exp(-2j * np.pi * np.outer(np.arange(_NODES), np.arange(_NODES)) / _NODES) / _NODES
#: The four products of :func:`_four_mixers` (``B1 B2, A2 B1, A1 B2, A1 A2``, of ``A1, B1, A2, B2``), their
#: signs in ``F`` and ``G``, and where the coefficients of ``F`` (rows 0-2) and ``G`` (rows 3-6) go in the
#: 5x5 Sylvester matrix (highest degree first, each row shifted one column right of the last).
_FIRST, _SECOND = [1, 2, 0, 0], [3, 1, 3, 2]
_SIGNS = np.array([[1.0], [-1.0], [-1.0], [1.0]])
#: The pairs of monomial coefficients (constant, linear in the last opponent) of the terms ``1, p, q, p q``.
_TERMS = [0, 2, 1, 3]
_ROWS = np.array([row for row in range(3) for _ in range(3)] + [3 + row for row in range(2) for _ in range(4)])
_COLS = np.array([row + 2 - d for row in range(3) for d in range(3)]
                 + [row + 3 - d for row in range(2) for d in range(4)])
_SOURCE = np.array([d for _ in range(3) for d in range(3)] + [3 + d for _ in range(2) for d in range(4)])
#: The least distance, added to a root's error bound, at which a root of the resultant counts as apart from
#: another root, from the real segment [0, 1] and from its ends.
_CLOSE = 1e-6
#: The margin on the first-order error of a root of the resultant (it underestimates in a cluster of roots).
_MARGIN = 1e3


def one_pass_2x2x2x2(game: Game) -> Equilibria | None:
    """Every equilibrium of a nondegenerate float 2x2x2x2 ``game``, verified and certified, or None.

    Parameters
    ----------
    game : Game
        A 2x2x2x2 game with float payoffs.

    Returns
    -------
    Equilibria or None
        The equilibria the general route finds, in its order, each verified on ``game``, with
        :data:`ONE_PASS_NOTE` and the index evidence; None when the game is degenerate for the closed
        forms, a root is in doubt, a candidate fails verification, or the index check does not pass.
    """
    scaled = scaled_payoffs(game)
    if scaled is None:
        return None
    S, mag, spread, unit = scaled
    M = [_monomials(D) for D in unit]
    found = candidates(unit, M)
    if found is None:
        return None

    def jacobian(x: tuple[float, ...]) -> list[list[float]]:
        J = [[0.0] * 4 for _ in range(4)]
        for i in range(4):
            d, grad = _delta(M[i], x, i)
            w = x[i] * (1.0 - x[i])
            J[i][i] = (1.0 - 2.0 * x[i]) * d
            for j, g in zip(_OTHERS[i], grad, strict=True):
                J[i][j] = w * g
        return J

    return certified(game, found, S, mag, spread, jacobian, _values, ONE_PASS_NOTE)


#: Each player's opponents, in player order.
_OTHERS = tuple(tuple(j for j in range(4) if j != i) for i in range(4))
#: Per player: the flat payoff indices of their first and of their second strategy against the opponents'
#: pure profiles (lexicographic, 0 = first strategy).
_FIRST_SECOND = _first_second(4)
#: ``_RESTRICTED[i][k][s]``: the positions in player ``i``'s payoff differences of the opponents' pure
#: profiles in which opponent ``k`` plays strategy ``s`` (the differences of the game the other two play).
_RESTRICTED = tuple(tuple(tuple(tuple(n for n, (_, _, t) in enumerate(profile_pairs(4)[i])
                                      if k != i and t[_OTHERS[i].index(k)] == s) for s in (0, 1))
                          for k in range(4)) for i in range(4))


def _values(S: list[list[float]], x: tuple[float, ...]) -> list[tuple[float, float]]:
    """Each player's payoffs (``S``, flattened in ``(s1, .., s4)`` order) from their first and from their
    second strategy against the others' mixtures at ``x``."""
    out = []
    for i in range(4):
        j, k, l_ = _OTHERS[i]
        u, v, w = x[j], x[k], x[l_]
        uv, uv_, u_v, u_v_ = u * v, u * (1.0 - v), (1.0 - u) * v, (1.0 - u) * (1.0 - v)
        w_ = 1.0 - w
        W = (uv * w, uv * w_, uv_ * w, uv_ * w_, u_v * w, u_v * w_, u_v_ * w, u_v_ * w_)
        Si = S[i]
        a, b = _FIRST_SECOND[i]
        out.append((Si[a[0]] * W[0] + Si[a[1]] * W[1] + Si[a[2]] * W[2] + Si[a[3]] * W[3] + Si[a[4]] * W[4]
                     + Si[a[5]] * W[5] + Si[a[6]] * W[6] + Si[a[7]] * W[7],
                     Si[b[0]] * W[0] + Si[b[1]] * W[1] + Si[b[2]] * W[2] + Si[b[3]] * W[3] + Si[b[4]] * W[4]
                     + Si[b[5]] * W[5] + Si[b[6]] * W[6] + Si[b[7]] * W[7]))
    return out


def _monomials(D: tuple[float, ...]) -> list[float]:
    """``Delta`` of a player as ``sum m[4a + 2b + c] u^a v^b w^c`` (``u, v, w``: the opponents' probabilities
    of their first strategy, in player order) from its payoff differences ``D`` against the opponents' pure
    profiles (lexicographic, 0 = first strategy; :func:`~bargain.solvers.polynomial.one_pass.scaled_payoffs`)."""
    m = list(D)
    for bit in (4, 2, 1):                # along each opponent: constant D(second), slope D(first) - D(second)
        for k in range(8):
            if not k & bit:
                first, second = m[k], m[k | bit]
                m[k], m[k | bit] = second, first - second
    return m


def _delta(m: list[float], x: tuple[float, ...], i: int) -> tuple[float, tuple[float, float, float]]:
    """Player ``i``'s ``Delta`` at the profile ``x`` and its gradient in the opponents' probabilities."""
    j, k, l_ = _OTHERS[i]
    u, v, w = x[j], x[k], x[l_]
    m0, m1, m2, m3, m4, m5, m6, m7 = m               # exponents (a, b, c) of u, v, w: index 4a + 2b + c
    du = m4 + m5 * w + m6 * v + m7 * v * w
    dv = m2 + m3 * w + m6 * u + m7 * u * w
    dw = m1 + m3 * v + m5 * u + m7 * u * v
    d = m0 + m1 * w + m2 * v + m3 * v * w + u * du
    return d, (du, dv, dw)


def candidates(unit: list[tuple[float, ...]], M: list[list[float]]) -> list[tuple[float, ...]] | None:
    """Every equilibrium (each player's probability of their first strategy) of the nondegenerate 2x2x2x2
    game with normalised payoff differences ``unit``, or None where the game is degenerate for the closed
    forms (see the module docstring).

    Parameters
    ----------
    unit : list of tuple of float
        Each player's payoff differences against the opponents' pure profiles
        (:func:`~bargain.solvers.polynomial.one_pass.scaled_payoffs`).
    M : list of list of float
        The same differences as multilinear polynomials (:func:`_monomials` of each).

    Returns
    -------
    list of tuple of float or None
        The equilibria, or None when the game is degenerate here.
    """
    if min(abs(d) for Di in unit for d in Di) <= TIE:
        return None                                        # a payoff tie at a pure profile
    out: list[tuple[float, ...]] = []
    for x, ranks in _PURE:                                 # pure: each a strict best reply
        if all((unit[i][ranks[i]] > 0) == (x[i] == 1.0) for i in range(4)):
            out.append(x)
    for case in _TWO:                                      # two mixers against two pure players
        found = _two_mixers(unit, *case)
        if found is None:
            return None
        if found:
            out.append(found)
    for pure in range(4):                                  # three mixers against a pure fourth
        mix = [t for t in range(4) if t != pure]
        for sp in (0, 1):                                  # 0 = the pure player's first strategy
            coef = [_bilinear(tuple(unit[i][n] for n in _RESTRICTED[i][pure][sp])) for i in mix]
            mixed = _totally_mixed(coef)
            if mixed is None:
                return None
            for y in mixed:
                x = [1.0 - sp] * 4
                for t, v in zip(mix, y, strict=True):
                    x[t] = v
                ok = _best_replies(M, tuple(x), (pure,))
                if ok is None:
                    return None
                if ok:
                    out.append(tuple(x))
    mixed4 = _four_mixers(M)
    if mixed4 is None:
        return None
    return out + mixed4


def _rank(s: tuple[int, ...], i: int) -> int:
    """The position of the opponents' part of the pure profile ``s`` in player ``i``'s differences."""
    t = [s[j] for j in _OTHERS[i]]
    return 4 * t[0] + 2 * t[1] + t[2]


def _two_case(i: int, j: int, s: tuple[int, ...]) -> tuple:
    """The lookup of :func:`_two_mixers` for players ``i < j`` mixing, the others playing their strategies in
    ``s`` (0 = first)."""
    def at(player: int, si: int, sj: int) -> int:
        t = list(s)
        t[i], t[j] = si, sj
        return _rank(tuple(t), player)

    x = tuple(1.0 - v for v in s)
    pure = tuple((k, at(k, 0, 0), at(k, 0, 1), at(k, 1, 0), at(k, 1, 1)) for k in range(4) if k not in (i, j))
    return x, i, j, (at(i, 0, 0), at(i, 0, 1)), (at(j, 0, 0), at(j, 1, 0)), pure


#: Per pure profile: each player's probabilities of their first strategy and the positions in each player's
#: differences of the opponents' part.
_PURE = tuple((tuple(1.0 - v for v in s), tuple(_rank(s, i) for i in range(4)))
              for s in itertools.product((0, 1), repeat=4))
#: The 24 cases of two mixers against two pure players (:func:`_two_case`).
_TWO = tuple(_two_case(i, j, s) for i in range(4) for j in range(i + 1, 4)
             for s in itertools.product((0, 1), repeat=4) if s[i] == 0 and s[j] == 0)


def _two_mixers(unit: list[tuple[float, ...]], x: tuple[float, ...], i: int, j: int, di: tuple[int, int],
                dj: tuple[int, int], pure: tuple) -> tuple[float, ...] | tuple[()] | None:
    """Players ``i`` and ``j`` mixing against the pure others in ``x``: ``Delta_i`` is linear in ``x_j``
    (``D(first) x_j + D(second) (1 - x_j)``, at the positions ``di``) and ``Delta_j`` in ``x_i`` (``dj``),
    the pure players (each with the positions of ``(s_i, s_j)`` = 00, 01, 10, 11) strict best replies.  The
    profile when it is an equilibrium, ``()`` when it is not, None when a root is at the edge of the
    simplex or a pure player is indifferent (degenerate)."""
    roots = []
    for D, (first, second) in ((unit[i], di), (unit[j], dj)):
        d1, d0 = D[first], D[second]
        if (d1 > 0) == (d0 > 0):
            return ()                                      # no root: both differences are above TIE
        root = d0 / (d0 - d1)
        if _at_edge(root):
            return None
        roots.append(root)
    y = list(x)
    y[j], y[i] = roots
    xi, xj = y[i], y[j]
    for k, p00, p01, p10, p11 in pure:
        D = unit[k]
        d = xi * (xj * D[p00] + (1.0 - xj) * D[p01]) + (1.0 - xi) * (xj * D[p10] + (1.0 - xj) * D[p11])
        if abs(d) <= TIE:
            return None
        if (d > 0) != (x[k] == 1.0):
            return ()
    return tuple(y)


def _best_replies(M: list[list[float]], x: tuple[float, ...], pure: tuple[int, ...]) -> bool | None:
    """Whether each player in ``pure`` plays a strict best reply at ``x``; None at a tie (degenerate)."""
    for k in pure:
        d, _ = _delta(M[k], x, k)
        if abs(d) <= TIE:
            return None
        if (d > 0) != (x[k] == 1.0):
            return False
    return True


def _four_mixers(M: list[list[float]]) -> list[tuple[float, ...]] | None:
    """The totally mixed equilibria from the degree-9 resultant (see the module docstring); None where a root
    is in doubt."""
    m = np.array(M)
    # Delta_1 = A1 + B1 q (opponents q, r, s) and Delta_2 = A2 + B2 p (opponents p, r, s): A1, B1, A2, B2 as
    # [r-degree][s-degree] coefficients, evaluated at the nodes, shape (4, r-degree, node)
    X = m[:2].reshape(4, 2, 2) @ _POWERS
    first, second = X[_FIRST], X[_SECOND]             # the products B1 B2, A2 B1, A1 B2, A1 A2, in r
    P = np.stack([first[:, 0] * second[:, 0], first[:, 0] * second[:, 1] + first[:, 1] * second[:, 0],
                  first[:, 1] * second[:, 1]], axis=1)
    # player 3 (opponents p, q, s): a3, -b3, -c3, e3 linear in s; player 4 (p, q, r): the same linear in r
    W3 = (_SIGNS * m[2].reshape(4, 2)[_TERMS]) @ _POWERS
    K4 = _SIGNS * m[3].reshape(4, 2)[_TERMS]
    H = np.einsum("ke,kdn->edn", K4, P)
    FG = np.zeros((7, _NODES), dtype=complex)          # F's coefficients in r (degree 0..2), then G's (0..3)
    FG[:3] = np.einsum("kn,kdn->dn", W3, P)
    FG[3:6] += H[0]
    FG[4:7] += H[1]
    syl = np.zeros((_NODES, 5, 5), dtype=complex)
    syl[:, _ROWS, _COLS] = FG[_SOURCE].T
    spurious = (X[0, 0] * X[1, 1] - X[0, 1] * X[1, 0]) * (X[2, 0] * X[3, 1] - X[2, 1] * X[3, 0])
    with np.errstate(all="ignore"):
        values = np.linalg.det(syl) / spurious
    if not np.all(np.isfinite(values)):
        return None
    tau = values @ _DFT                                    # coefficients in t = (s - 1/2) / radius
    size = float(np.max(np.abs(tau)))
    if not size > 0.0 or np.max(np.abs(tau[10:])) > 1e-8 * size or np.max(np.abs(tau[:10].imag)) > 1e-8 * size:
        return None                                        # the division was not exact, or T vanishes
    coeffs = tau[:10].real
    top = 9
    while abs(coeffs[top]) <= 1e-13 * size:
        top -= 1
    if top == 0:
        return []
    coeffs = coeffs[:top + 1]
    t = _roots(coeffs)
    # how far each root may be from a root of the exact T: the coefficients' error (their aliased tail, at
    # least a few rounding errors) over |T'| (Wilkinson), with a margin for clustered roots
    eps = max(float(np.max(np.abs(tau[10:]))), 1e-14 * size)
    gaps = np.abs(t[:, None] - t[None, :])
    np.fill_diagonal(gaps, 1.0)
    with np.errstate(all="ignore"):                    # |T'| at each root: the leading coefficient times its gaps
        reach = _MARGIN * _RADIUS * eps * (top + 1) * np.maximum(np.abs(t), 1.0) ** top \
            / (abs(coeffs[top]) * np.prod(gaps, axis=1)) + _CLOSE
    np.fill_diagonal(gaps, np.inf)
    near = []
    for root, far, gap in zip((_CENTRE + _RADIUS * t).tolist(), reach.tolist(),
                              (_RADIUS * gaps.min(axis=1)).tolist(), strict=True):
        if not math.isfinite(far):
            return None
        if not (-far < root.real < 1.0 + far and abs(root.imag) < far):
            continue                                       # a root clearly off the segment [0, 1]
        if root.imag != 0.0 or gap < far:
            return None                                    # a complex root that may be a real pair, or a cluster
        if root.real < far + EDGE or root.real > 1.0 - far - EDGE:
            return None                                    # a root that may be at the edge
        near.append(root.real)
    out: list[tuple[float, ...]] = []
    for sv in near:
        x = _back_substitute(M, sv)
        if x is None:
            return None
        if _at_edge(*x[:2]) or _at_edge(x[2], x[3]):
            return None
        if all(0.0 < v < 1.0 for v in x):
            if any(max(abs(a - b) for a, b in zip(x, y, strict=True)) < _CLOSE for y in out):
                return None                                # two roots polished onto one solution
            out.append(x)
    return out


def _roots(c: np.ndarray) -> np.ndarray:
    """The roots of ``sum c[k] t^k`` (``c[-1] != 0``): the eigenvalues of its companion matrix, as
    :func:`numpy.roots` finds them."""
    n = len(c) - 1
    A = np.eye(n, k=-1)
    A[0] = -c[-2::-1] / c[-1]
    return np.linalg.eigvals(A)


def _lin_r(m: list[float], a: int, s: float) -> tuple[float, float]:
    """The coefficients (constant, slope) in ``r`` of the part of ``Delta`` at the opponents' first exponent
    ``a`` (0 or 4: the term without or with the first opponent's probability), evaluated at ``s``."""
    return m[a] + m[a + 1] * s, m[a + 2] + m[a + 3] * s


def _mul(u: tuple[float, float], v: tuple[float, float]) -> tuple[float, float, float]:
    """The product of two linear polynomials given by (constant, slope): (constant, linear, quadratic)."""
    return u[0] * v[0], u[0] * v[1] + u[1] * v[0], u[1] * v[1]


def _back_substitute(M: list[list[float]], s: float) -> tuple[float, ...] | None:
    """The solution ``(p, q, r, s)`` over the root ``s``: ``r`` the root of ``F(., s)`` at which the four
    equations are nearest to hold (``G`` vanishes), ``q = -A_1 / B_1``, ``p = -A_2 / B_2``, then Newton's
    method on the four equations (the root ``s`` of a cluster of roots of ``T`` may be accurate to only a
    few digits); None when a denominator vanishes or Newton's method does not settle in :data:`_NEWTON`
    steps."""
    A1, B1 = (_lin_r(M[0], a, s) for a in (0, 4))
    A2, B2 = (_lin_r(M[1], a, s) for a in (0, 4))
    best = None
    for r in _quadratic_roots(M, s, A1, B1, A2, B2):
        x = _profile(r, s, A1, B1, A2, B2)
        if x is None:
            return None
        res = abs(_delta(M[3], x, 3)[0])              # players 1-3 hold by construction
        if best is None or res < best[0]:
            best = (res, x)
    if best is None:
        return None
    x = best[1]
    for _ in range(_NEWTON):
        f, J = [], []
        for i in range(4):
            d, grad = _delta(M[i], x, i)
            row = [0.0] * 4
            for j, g in zip(_OTHERS[i], grad, strict=True):
                row[j] = g
            f.append(-d)
            J.append(row)
        try:
            step = np.linalg.solve(np.array(J), np.array(f)).tolist()
        except np.linalg.LinAlgError:
            return None
        x = tuple(a + b for a, b in zip(x, step, strict=True))
        size = max(abs(v) for v in step)
        if size <= 1e-13 * (1.0 + max(abs(v) for v in x)):
            break
    if not size <= 1e-9 or max(abs(_delta(M[i], x, i)[0]) for i in range(4)) > 1e-12:
        return None
    return x


#: Most Newton steps on the four equations from a back-substituted root.
_NEWTON = 6


def _quadratic_roots(M: list[list[float]], s: float, A1: tuple, B1: tuple, A2: tuple, B2: tuple) -> list[float]:
    """The real roots (or the real part of a complex pair) of ``F(., s)``, player 3's equation."""
    m3 = M[2]
    a3, b3, c3, e3 = (m3[k] + m3[k + 1] * s for k in (0, 4, 2, 6))
    BB, AB, BA, AA = _mul(B1, B2), _mul(A2, B1), _mul(A1, B2), _mul(A1, A2)
    f0, f1, f2 = (a3 * BB[d] - b3 * AB[d] - c3 * BA[d] + e3 * AA[d] for d in range(3))
    scale = max(abs(f0), abs(f1), abs(f2))
    if scale <= TIE:
        return []
    if abs(f2) <= TIE * scale:
        return [-f0 / f1] if abs(f1) > TIE * scale else []
    disc = f1 * f1 - 4.0 * f2 * f0
    if disc <= 0.0:
        return [-f1 / (2.0 * f2)]
    qq = -0.5 * (f1 + math.copysign(math.sqrt(disc), f1))
    return [qq / f2, f0 / qq]


def _profile(r: float, s: float, A1: tuple, B1: tuple, A2: tuple, B2: tuple) -> tuple[float, ...] | None:
    """``(p, q, r, s)`` with ``q = -A_1 / B_1`` and ``p = -A_2 / B_2`` at ``r``; None where a denominator
    vanishes."""
    b1, b2 = B1[0] + B1[1] * r, B2[0] + B2[1] * r
    if abs(b1) <= TIE or abs(b2) <= TIE:
        return None
    return -(A2[0] + A2[1] * r) / b2, -(A1[0] + A1[1] * r) / b1, r, s

