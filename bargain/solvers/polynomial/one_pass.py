"""The float 2x2x2 game in one pass: closed form in scalars, one verification, the index check.

:func:`bargain.solve` on a small three-player game spends most of its time outside the arithmetic:
a batch closed form evaluated on one game (a hundred numpy calls on arrays of one element), an
equilibrium object built and verified per candidate, and the index check through the general
replicator Jacobian.  For a *nondegenerate* float 2x2x2 game (no payoff tie at a pure profile, no
root at the edge of the simplex, no double root) this module does the same work in plain Python
floats and a few array operations, and gives the same answer as the general route
(:func:`~bargain.solvers.polynomial.solver.polynomial_solve` on :meth:`Game.normalised`, then
:func:`~bargain.solvers.completeness.certify`): the same equilibria in the same order, each
verified player by player on the game as given, and the index evidence.  Wherever it is unsure
(a degenerate game, a candidate that fails verification, an irregular equilibrium or an index sum
other than +1) it returns None and the general route answers.  Its verification, index check and answer
assembly (:func:`certified`, :func:`scaled_payoffs`) serve the 2x2x2x2 route
(:mod:`~bargain.solvers.polynomial.one_pass_2x2x2x2`) too.

Algebra
-------
Write ``p, q, r`` for the probabilities of each player's first strategy and
``Delta_i = v_i(first) - v_i(second)``, bilinear in the other two (McKelvey and McLennan 1996,
sec. 6).  The equilibria are the eight pure profiles that are strict best replies, the twelve
cases in which two players mix against a pure third (each mixer's probability solves the other
mixer's linear indifference), and the totally mixed profiles, whose ``r`` solves a quadratic after
``p`` and ``q`` are eliminated.

Index
-----
The index of a regular equilibrium is ``sign det(-J)`` for the replicator field
``f_i = x_i (1 - x_i) Delta_i`` (in the coordinates ``p, q, r``), whose Jacobian at an equilibrium
has ``(1 - 2 x_i) Delta_i`` on the diagonal and ``x_i (1 - x_i) dDelta_i / dx_j`` off it
(Ritzberger 1994); the indices of a game whose equilibria are all regular sum to +1 (Gül, Pearce and
Stacchetti 1993).  Eigenvalues near zero are judged as :func:`~bargain.solvers.completeness.index_sum`
judges them.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* 1, ch. 2, sec. 6.
Ritzberger, K. (1994). The theory of normal form games from the differentiable viewpoint.
*Int. J. Game Theory* 23, 207-236.
Gül, F., Pearce, D. and Stacchetti, E. (1993). A bound on the proportion of pure strategy
equilibria in generic games. *Math. Oper. Res.* 18, 548-552.
"""

from __future__ import annotations

import cmath
import functools
import itertools
import math
from collections.abc import Callable

import numpy as np

from bargain.model.game import Game
from bargain.model.scale import RELATIVE_TOLERANCE
from bargain.solvers.completeness import _index_sign, index_passed
from bargain.solvers.polynomial.closed_2x2x2 import CLOSED_FORM_NOTE
from bargain.solvers.polynomial.collector import METHOD
from bargain.solvers.result import Equilibria, Equilibrium

__all__ = ["certified", "one_pass_2x2x2", "profile_pairs", "scaled_payoffs"]

#: A normalised payoff difference (or denominator) at most this is a tie: the game is degenerate here.
TIE = 1e-12
#: A mixed probability within this of 0 or 1 is a root at the edge of the simplex: degenerate here.
EDGE = 1e-9


def profile_pairs(n: int) -> tuple[tuple[tuple[int, int, tuple[int, ...]], ...], ...]:
    """Per player of an ``n``-player game with two strategies each: for every pure profile ``t`` of the others
    (lexicographic, in player order, 0 = first strategy) the flat indices, in a payoff block flattened in
    ``(s_1, ..., s_n)`` order, of the player's first and second strategy against ``t``, and ``t``."""
    if n not in _PAIRS:
        _PAIRS[n] = tuple(
            tuple((_flat((*t[:i], 0, *t[i:])), _flat((*t[:i], 1, *t[i:])), t)
                  for t in itertools.product((0, 1), repeat=n - 1))
            for i in range(n))
    return _PAIRS[n]


_PAIRS: dict[int, tuple] = {}


@functools.cache
def _first_second(n: int) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """Per player, the flat indices of :func:`profile_pairs` as two tuples: first strategy, second strategy."""
    return tuple((tuple(a for a, _, _ in p), tuple(b for _, b, _ in p)) for p in profile_pairs(n))


def _flat(s: tuple[int, ...]) -> int:
    """The flat index of the pure profile ``s`` (0 = first strategy) in ``(s_1, ..., s_n)`` order."""
    return sum(v << (len(s) - 1 - k) for k, v in enumerate(s))


def scaled_payoffs(game: Game) -> tuple[list[list[float]], list[float], list[float],
                                        list[tuple[float, ...]]] | None:
    """``(S, mag, spread, unit)`` for a float game in which every player has two strategies: each player's
    payoffs over their largest magnitude ``mag`` (flattened in ``(s_1, ..., s_n)`` order; no overflow), their
    range ``spread`` on that scale, and the normalised game's payoff differences ``unit`` (first strategy
    minus second, against the others' pure profiles in the order of :func:`profile_pairs`; each player's
    payoffs spanning [0, 1]).  None for a player whose payoffs are all 0 or constant.

    Parameters
    ----------
    game : Game
        A float game, two strategies a player.

    Returns
    -------
    tuple or None
        ``(S, mag, spread, unit)``, or None for a constant player.
    """
    n = game.n_players
    U = game.payoffs.reshape(n, -1).tolist()
    mag = game.payoff_magnitudes.tolist()
    if min(mag) <= 0.0:
        return None                                        # a player whose payoffs are all 0
    S = [[u / m for u in Ui] for Ui, m in zip(U, mag, strict=True)]   # over the largest payoff: no overflow
    spread = [max(Si) - min(Si) for Si in S]
    if min(spread) <= 0.0:
        return None                                        # a constant player
    index = _first_second(n)
    unit = [tuple([(Si[a] - Si[b]) / w for a, b in zip(*index[i], strict=True)])
            for i, (Si, w) in enumerate(zip(S, spread, strict=True))]
    return S, mag, spread, unit


def _bilinear(D: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """``(a, b, c, e)`` of ``Delta = a + b x + c y + e x y`` (``x, y``: the others' probabilities of their
    first strategy, in player order) from the differences :func:`scaled_payoffs` gives."""
    d00, d01, d10, d11 = D
    return d11, d01 - d11, d10 - d11, d00 - d01 - d10 + d11


def _candidates(D: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float]] | None:
    """Every equilibrium ``(p, q, r)`` of the nondegenerate game with payoff differences ``D``
    (:func:`scaled_payoffs`, normalised payoffs), or None where the game is degenerate for the closed form."""
    if min(abs(d) for Di in D for d in Di) <= TIE:
        return None                                        # a payoff tie at a pure profile
    out: list[tuple[float, float, float]] = []
    for s1 in (0, 1):                                      # pure: each a strict best reply (0 = first)
        for s2 in (0, 1):
            for s3 in (0, 1):
                if (D[0][2 * s2 + s3] > 0) == (s1 == 0) and (D[1][2 * s1 + s3] > 0) == (s2 == 0) \
                        and (D[2][2 * s1 + s2] > 0) == (s3 == 0):
                    out.append((1.0 - s1, 1.0 - s2, 1.0 - s3))
    coef = [_bilinear(Di) for Di in D]
    for pure in range(3):                                  # two mix against a pure third
        i, j = [k for k in range(3) if k != pure]
        for s in (1.0, 0.0):
            # Delta_i(x_j, s) = 0 gives x_j; Delta_j(x_i, s) = 0 gives x_i (arguments in player order)
            xj = _linear_root(coef[i], s, fixed_first=pure < j)
            xi = _linear_root(coef[j], s, fixed_first=pure < i)
            if xj is None or xi is None or _at_edge(xi, xj):
                return None
            if not (0.0 < xi < 1.0 and 0.0 < xj < 1.0):
                continue
            a, b, c, e = coef[pure]
            d = a + b * xi + c * xj + e * xi * xj         # Delta_pure(x_i, x_j), i < j
            if abs(d) <= TIE:
                return None
            if (d > 0) == (s == 1.0):
                x = [s, s, s]
                x[i], x[j] = xi, xj
                out.append((x[0], x[1], x[2]))
    mixed = _totally_mixed(coef)
    if mixed is None:
        return None
    return out + mixed


def _at_edge(x: float, y: float = 0.5) -> bool:
    """Whether a root (or either of two) lies within :data:`EDGE` of 0 or 1 (inside the interval or just
    outside)."""
    return abs(x) <= EDGE or abs(1.0 - x) <= EDGE or abs(y) <= EDGE or abs(1.0 - y) <= EDGE


def _linear_root(c: tuple[float, float, float, float], s: float, fixed_first: bool) -> float | None:
    """The root in the free argument of ``a + b x + c y + e x y = 0`` with the other argument at ``s``
    (``fixed_first``: the fixed one is ``x``); None when the equation is degenerate."""
    a, b, cc, e = c
    if fixed_first:            # x = s fixed, solve for y
        num, den = -(a + b * s), cc + e * s
    else:                      # y = s fixed, solve for x
        num, den = -(a + cc * s), b + e * s
    if abs(den) <= TIE:
        return None if abs(num) <= TIE else math.inf
    return num / den


def _totally_mixed(coef: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float]] | None:
    """The totally mixed equilibria: ``q = -(a1 + c1 r) / (b1 + e1 r)``, ``p = -(a2 + c2 r) / (b2 + e2 r)``
    and player 3's indifference, a quadratic in ``r``; None where it is degenerate."""
    (a1, b1, c1, e1), (a2, b2, c2, e2), (a3, b3, c3, e3) = coef
    # Delta_3(p, q) M1 M2 = a3 M1 M2 + b3 N2 M1 + c3 N1 M2 + e3 N1 N2, with p = N2/M2, q = N1/M1
    n1, m1, n2, m2 = (-a1, -c1), (b1, e1), (-a2, -c2), (b2, e2)

    def mul(u: tuple[float, float], v: tuple[float, float]) -> tuple[float, float, float]:
        return u[0] * v[0], u[0] * v[1] + u[1] * v[0], u[1] * v[1]

    poly = [0.0, 0.0, 0.0]
    for k, (x, y) in ((a3, (m1, m2)), (b3, (n2, m1)), (c3, (n1, m2)), (e3, (n1, n2))):
        for d, v in enumerate(mul(x, y)):
            poly[d] += k * v
    c0, c1_, c2 = poly
    scale = max(abs(c0), abs(c1_), abs(c2))
    if scale <= TIE:
        return None                                        # identically zero: a curve of solutions
    if abs(c2) > TIE * scale:
        disc = c1_ * c1_ - 4 * c2 * c0
        if abs(disc) <= 1e-10 * max(c1_ * c1_, TIE * TIE):
            return None                                    # a double root
        if disc < 0:
            return []
        qq = -0.5 * (c1_ + math.copysign(math.sqrt(disc), c1_))
        roots = [qq / c2, c0 / qq]
    elif abs(c1_) > TIE * scale:
        roots = [-c0 / c1_]
    else:
        return []
    out = []
    for r in roots:
        if _at_edge(r):
            return None
        if not 0.0 < r < 1.0:
            continue
        d1, d2 = m1[0] + m1[1] * r, m2[0] + m2[1] * r
        if abs(d1) <= TIE or abs(d2) <= TIE:
            return None
        q, p = (n1[0] + n1[1] * r) / d1, (n2[0] + n2[1] * r) / d2
        if _at_edge(p, q):
            return None
        if 0.0 < p < 1.0 and 0.0 < q < 1.0:
            out.append((p, q, r))
    return out


def one_pass_2x2x2(game: Game) -> Equilibria | None:
    """Every equilibrium of a nondegenerate float 2x2x2 ``game``, verified and certified, or None.

    Parameters
    ----------
    game : Game
        A 2x2x2 game with float payoffs.

    Returns
    -------
    Equilibria or None
        What ``bargain.solve(game)`` gives by the general route (the same equilibria in the same
        order, the closed-form note and the index evidence); None when the game is degenerate for
        the closed form, a candidate fails verification, or the index check does not pass.
    """
    scaled = scaled_payoffs(game)
    if scaled is None:
        return None
    S, mag, spread, unit = scaled
    found = _candidates(unit)
    if found is None:
        return None
    coef = [_bilinear(Di) for Di in unit]

    def jacobian(x: tuple[float, ...]) -> list[list[float]]:
        J = [[0.0] * 3 for _ in range(3)]
        for i in range(3):
            a, b, c, e = coef[i]
            j1, j2 = [j for j in range(3) if j != i]
            u, v = x[j1], x[j2]
            w = x[i] * (1.0 - x[i])
            J[i][i] = (1.0 - 2.0 * x[i]) * (a + b * u + c * v + e * u * v)
            J[i][j1] = w * (b + e * v)
            J[i][j2] = w * (c + e * u)
        return J

    return certified(game, found, S, mag, spread, jacobian, _values, CLOSED_FORM_NOTE)


def certified(game: Game, found: list[tuple[float, ...]], S: list[list[float]], mag: list[float],
              spread: list[float], jacobian: Callable[[tuple[float, ...]], list[list[float]]],
              values: Callable[[list[list[float]], tuple[float, ...]], list[tuple[float, float]]],
              note: str) -> Equilibria | None:
    """The answer for the candidates ``found`` (each player's probability of their first strategy), in the
    general route's order, each verified on ``game`` and certified by the index check; None when one fails
    verification, is irregular, or the indices do not sum to +1.

    Parameters
    ----------
    game : Game
        The game as given (two strategies a player).
    found : list of tuple of float
        Every equilibrium of the nondegenerate game, each player's probability of their first strategy.
    S, mag, spread : list
        From :func:`scaled_payoffs`.
    jacobian : callable
        ``jacobian(x)``: the replicator Jacobian of the normalised game at ``x`` (see the module docstring).
    values : callable
        ``values(S, x)``: each player's payoffs (over their magnitude) from their first and their second
        strategy against the others at ``x`` (:func:`_values` for 2x2x2 games).
    note : str
        What the route did, the first of the answer's notes.

    Returns
    -------
    Equilibria or None
        The certified answer, or None when the general route must answer.

    References
    ----------
    Ritzberger (1994); Gül, Pearce and Stacchetti (1993) (the index check; see the module docstring).
    """
    found.sort(key=lambda x: (sum(1 if 0.0 < v < 1.0 else 0 for v in x),
                              tuple(-w for v in x for w in (v, 1.0 - v))))
    # verification on the game as given, player by player, against the general route's screen on the
    # normalised game (1e-9 of the player's range; twice the player's tolerance, the gate's, is larger)
    bound = [RELATIVE_TOLERANCE * w * (1 - 1e-9) for w in spread]
    eqs = []
    for x in found:
        pay, regret = _payoffs_and_regret(values(S, x), x, bound, mag)
        if pay is None:
            return None
        eqs.append(Equilibrium(game=game, profile=tuple(np.array([v, 1.0 - v]) for v in x), payoffs=pay,
                               support=tuple((0,) if v == 1.0 else (1,) if v == 0.0 else (0, 1) for v in x),
                               regret=regret, method=METHOD))
    total = 0
    for x in found:
        sign = _jacobian_sign(jacobian(x), x)
        if sign is None:
            return None
        total += sign
    if total != 1:
        return None
    evidence = index_passed(len(eqs))
    return Equilibria(game, eqs, METHOD, complete=True, notes=[note, evidence.detail]).with_evidence(evidence)


def _payoffs_and_regret(V: list[tuple[float, float]], x: tuple[float, ...], bound: list[float],
                        mag: list[float]) -> tuple[np.ndarray | None, float]:
    """Each player's payoff at ``x`` and the largest regret, in the game's units (``V``: each player's payoffs
    from their first and second strategy against the others at ``x``, over their magnitude ``mag``, where the
    regrets are computed and compared with ``bound``), or ``(None, regret)`` when some player's regret is
    above their bound.  A payoff below ``1e-12`` of the player's magnitude is rounding noise and shown as 0,
    as :func:`~bargain.solvers.result.make_equilibrium` shows it."""
    pay, worst = [], 0.0
    for i, (v0, v1) in enumerate(V):
        u = x[i] * v0 + (1.0 - x[i]) * v1
        reg = max(v0, v1) - u
        if not reg <= bound[i]:
            return None, reg
        pay.append(0.0 if abs(u) <= 1e-12 else u * mag[i])
        worst = max(worst, reg * mag[i])
    return np.array(pay), worst


def _values(S: list[list[float]], x: tuple[float, ...]) -> list[tuple[float, float]]:
    """Each player's payoffs (``S``, flattened in ``(s1, s2, s3)`` order) from their first and from their
    second strategy against the others' mixtures at ``x``, in a 2x2x2 game."""
    p, q, r = x
    p_, q_, r_ = 1.0 - p, 1.0 - q, 1.0 - r
    weights = ((q * r, q * r_, q_ * r, q_ * r_), (p * r, p * r_, p_ * r, p_ * r_), (p * q, p * q_, p_ * q, p_ * q_))
    out = []
    for i in range(3):
        own, sx, sy = _STRIDES[i]
        Si, w = S[i], weights[i]
        out.append((Si[0] * w[0] + Si[sy] * w[1] + Si[sx] * w[2] + Si[sx + sy] * w[3],
                    Si[own] * w[0] + Si[own + sy] * w[1] + Si[own + sx] * w[2] + Si[own + sx + sy] * w[3]))
    return out


#: Per player: the flat index stride of their own strategy, and of the two others' (in player order), in a
#: 2x2x2 payoff block flattened in ``(s1, s2, s3)`` order.
_STRIDES = ((4, 2, 1), (2, 4, 1), (1, 4, 2))


def _jacobian_sign(J: list[list[float]], x: tuple[float, ...]) -> int | None:
    """The index ``sign det(-J)`` of the equilibrium ``x`` from the replicator Jacobian ``J`` of the
    normalised game (every player's payoffs spanning [0, 1]), or None when it is not regular: the check of
    :func:`~bargain.solvers.completeness.index_sum`.

    A pure player's row of ``J`` is zero off the diagonal, so the eigenvalues are the pure players'
    diagonal entries and those of the mixing players' block."""
    mixers = [i for i in range(len(x)) if 0.0 < x[i] < 1.0]
    lam = [complex(J[i][i]) for i in range(len(x)) if i not in mixers]
    if len(mixers) == 2:                      # the 2x2 block's eigenvalues
        (p, q), (r, t) = [[J[i][j] for j in mixers] for i in mixers]
        root = cmath.sqrt(((p - t) / 2) ** 2 + q * r)
        lam += [(p + t) / 2 + root, (p + t) / 2 - root]
    elif len(mixers) >= 3:
        lam += list(np.linalg.eigvals(np.array([[J[i][j] for j in mixers] for i in mixers])))
    elif mixers:
        lam.append(complex(J[mixers[0]][mixers[0]]))
    return _index_sign(lam, 1.0)
