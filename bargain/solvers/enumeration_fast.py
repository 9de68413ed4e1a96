"""Float vertex enumeration of a two-player game in one pass: the answer of :func:`registry.solve`, built once.

:func:`bargain.solve` with ``method="enumeration"`` on a float game runs
:func:`~bargain.solvers.enumeration.enumeration_solve` on :meth:`Game.normalised`, verifies every
equilibrium there, and verifies each again on the game as given (:func:`~bargain.solvers.result.transfer`).
On small games that bookkeeping -- two games, two verifications and two :class:`Equilibrium` objects per
equilibrium, one small numpy call per system size -- costs more than the arithmetic.  This module gives
the same answer in one pass:

1. each player's payoffs mapped onto ``[0, 1]`` (:func:`~bargain.model.scale.normalise_per_player`, as
   :meth:`Game.normalised` does), strictly dominated strategies removed and the rest mapped to ``[1, 2]``
   (:func:`~bargain.solvers.enumeration.reduced_positive`);
2. on a game with at most :data:`~bargain.solvers.scalar_screen.SCALAR_MAX` bases (4x4), the pairs decided
   basis by basis in Python floats (:func:`~bargain.solvers.scalar_screen.scalar_screen`) when no basis is
   in doubt; else, on a game with at most :data:`SIMPLE_PAIRS_MAX` bases, the vertices of the smaller best-response
   polytope ``P`` by basis enumeration, and each vertex's partner in ``Q`` from *one* stacked solve:
   the ``n`` inequalities of ``Q`` named by the labels the vertex lacks (von Stengel 2002, sec. 3.4;
   :mod:`~bargain.solvers.simple_pairs`, which screens the bases of larger games by cofactors first);
   on larger games the vertices of ``P`` from Qhull and their partners from one stacked solve of their
   label systems (:func:`~bargain.solvers.simple_pairs.hull_pairs`); if a vertex is degenerate or a
   system singular, :func:`~bargain.solvers.enumeration.extreme_pairs` runs instead;
3. when the completely labelled pairs form a matching (every equilibrium isolated), every candidate is
   checked as ``enumeration_solve`` and ``transfer`` check it -- on the normalised game against its
   tolerance, then on the game as given against twice each player's own tolerance -- but for all
   candidates at once (regrets ``max(A y) - x A y`` of the stacked profiles), and each
   :class:`~bargain.solvers.result.Equilibrium` is built once.  Otherwise (degenerate games: components,
   Nash subsets) the pairs already found are handed to the general route;
4. the completeness claim is certified from the same arrays: every equilibrium's index (the sign of
   ``det(-J)``, ``J`` the replicator Jacobian on the tangent space, as
   :mod:`~bargain.solvers.completeness` defines it) from the unused strategies' payoff gaps and the
   support blocks in closed form (:func:`~bargain.solvers.enumeration_index.equilibrium_indices`); when
   every equilibrium is regular and
   the indices sum to +1 the result carries that evidence, otherwise
   :func:`~bargain.solvers.completeness.certify` decides as on the general route.

Step 1's dominance runs in Python floats on games with at most 36 payoffs per player, step 3 on games
with at most 16, or 64 when there are at most four profiles (a profile then costs less than the stacked
arrays' fixed calls), and step 4 on supports up to 4x4 of games up to 8x8: on games this small a numpy call
costs more than its arithmetic.  The Qhull route runs with one BLAS thread past 8x8
(products over thousands of vertices otherwise wake threads that spin).  The equilibria, their
order, components, notes, completeness claim and evidence are those of the general route.

References
----------
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
ch. 45, 1723-1759.
Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010). Enumeration of Nash equilibria
for two-player games. *Economic Theory* 42, 9-37.
Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Math. Programming Study* 1, 175-189.
Ritzberger, K. (1994). The theory of normal form games from the differentiable viewpoint.
*Int. J. Game Theory* 23, 207-236.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import operator
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from bargain.model.game import Game
from bargain.model.scale import RELATIVE_TOLERANCE, ROUNDING_ALLOWANCE
from bargain.solvers._polytope import normalise_payoffs
from bargain.solvers.enumeration import (
    METHOD,
    equilibria_from_pairs,
    oriented_pairs,
    strictly_undominated,
)
from bargain.solvers.enumeration_index import equilibrium_indices, index_evidence
from bargain.solvers.polynomial.homotopy import one_blas_thread
from bargain.solvers.registry import register_one_pass
from bargain.solvers.result import SUPPORT_TOLERANCE, Component, Equilibria, Equilibrium, transfer
from bargain.solvers.scalar_screen import SCALAR_MAX, scalar_screen
from bargain.solvers.simple_pairs import hull_pairs, simple_pairs

__all__ = ["equilibrium_indices", "one_pass_enumeration", "simple_pairs"]


#: Most bases of ``P`` for which :func:`one_pass_enumeration` uses :func:`simple_pairs`; larger games use
#: :func:`~bargain.solvers.enumeration.extreme_pairs` (Qhull above ``BASIS_ENUMERATION_MAX`` bases).
SIMPLE_PAIRS_MAX = 300


@register_one_pass(METHOD)
def one_pass_enumeration(game: Game) -> Equilibria:
    """``transfer(enumeration_solve(game.normalised()), game)`` for a float two-player game, in one pass.

    Parameters
    ----------
    game : Game
        A two-player game with float payoffs.

    Returns
    -------
    Equilibria
        The verified equilibria of ``game`` with their components and notes, as the general route
        gives them; certified (index evidence and its note) when every equilibrium is regular and the
        indices sum to +1, else left for :func:`registry.certify_result`.

    Raises
    ------
    VerificationError
        If a profile is not an equilibrium (a solver bug; raised by the general route).

    References
    ----------
    von Stengel (2002); Avis et al. (2010).
    """
    sc, rows, cols, A, B = _prepared(game)
    m, n = A.shape
    found = named = None
    if m == n == 1:     # solved by dominance: the one pure profile (P's and Q's only vertex pair)
        named = [0], [[1.0]], [[1.0]]
    elif math.comb(m + n, min(m, n)) <= SIMPLE_PAIRS_MAX:
        if math.comb(m + n, m) - 1 <= SCALAR_MAX:     # a few dozen bases: decided in Python floats
            named = scalar_screen(A, B) if m <= n else scalar_screen(B.T, A.T)
        if named is None:
            found = simple_pairs(A, B) if m <= n else simple_pairs(B.T, A.T)
    if named is not None:
        _, X, Y = named
        xs, ys = (X, Y) if m <= n else (Y, X)
    elif found is not None:
        xs, ys = _unused_zeroed(found, m, n)
    if named is not None or found is not None:
        return _finished(game, sc, rows, cols, A, B, _checked(game, sc, rows, cols, xs, ys))
    # Qhull and products of thousands of vertices: split over BLAS threads they wait on them (on 12x12
    # games the threads' spinning doubled the CPU time of a solve); up to 8x8 the products are too small
    # to be split, and setting the limit would cost more than a tenth of the solve
    with one_blas_thread() if m * n > _ONE_THREAD_MIN else contextlib.nullcontext():
        found = hull_pairs(A, B) if m <= n else hull_pairs(B.T, A.T)
        if found is None:       # a degenerate vertex or a singular system: the general route's pairs
            return _from_extreme_pairs(game, sc, rows, cols, A, B)
        xs, ys = _unused_zeroed(found, m, n)
        return _finished(game, sc, rows, cols, A, B, _checked(game, sc, rows, cols, xs, ys))


def _checked(game: Game, sc: _Scales, rows: np.ndarray, cols: np.ndarray, xs: np.ndarray | list[list[float]],
             ys: np.ndarray | list[list[float]]) -> tuple[list[Equilibrium], np.ndarray, np.ndarray] | None:
    """:func:`_verified` of the profiles ``(xs, ys)``, in Python floats (:func:`_verified_scalar`) on games of
    at most :data:`_PYTHON_CHECK_ALWAYS` payoffs a player, or of :data:`_PYTHON_CHECK_MAX` with at most
    :data:`_PYTHON_CHECK_PROFILES` profiles (each profile costs 20-40 microseconds there; the stacked
    arrays, about 100-150 whatever their number)."""
    size = game.payoffs[0].size
    if size <= _PYTHON_CHECK_ALWAYS or (size <= _PYTHON_CHECK_MAX and len(xs) <= _PYTHON_CHECK_PROFILES):
        if isinstance(xs, np.ndarray):
            xs, ys = xs.tolist(), ys.tolist()
        return _verified_scalar(game, sc, rows, cols, xs, ys)
    m, n = len(rows), len(cols)
    return _verified(game, sc, rows, cols, np.asarray(xs, dtype=float).reshape(-1, m),
                     np.asarray(ys, dtype=float).reshape(-1, n))


def _unused_zeroed(found: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], m: int, n: int,
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The profiles ``(xs, ys)`` of the pairs ``(X, LX, Y, LY)`` of :func:`simple_pairs` or :func:`hull_pairs` (of
    the transposed game when ``m > n``), zero where a strategy is unused (label ``x_i = 0`` in ``P``, ``y_j = 0``
    in ``Q``)."""
    X, LX, Y, LY = found
    if m <= n:
        return np.where(LX[:, :m], 0.0, X), np.where(LY[:, m:], 0.0, Y)
    return np.where(LY[:, n:], 0.0, Y), np.where(LX[:, :n], 0.0, X)     # the transposed game's P holds y


def _from_extreme_pairs(game: Game, sc: _Scales, rows: np.ndarray, cols: np.ndarray, A: np.ndarray,
                        B: np.ndarray) -> Equilibria:
    """:func:`one_pass_enumeration` from :func:`~bargain.solvers.enumeration.oriented_pairs` (games with many
    bases, or a degenerate vertex): the general route when the pairs do not form a matching."""
    m = A.shape[0]
    pairs = oriented_pairs(A, B)
    both = pairs.P_all is not None and pairs.Q_all is not None    # a degenerate vertex: both enumerated
    if both or len({a for a, _ in pairs.edges}) < len(pairs.edges) \
            or len({b for _, b in pairs.edges}) < len(pairs.edges):
        general = equilibria_from_pairs(game.normalised(), rows, cols, A, B, pairs, exact=False, tol=sc.tol_n)
        return transfer(general, game)
    ia = np.array([a for a, _ in pairs.edges], dtype=np.intp)
    ib = np.array([b for _, b in pairs.edges], dtype=np.intp)
    xs = np.where(pairs.LX[ia, :m], 0.0, pairs.X[ia])
    ys = np.where(pairs.LY[ib, m:], 0.0, pairs.Y[ib])
    return _finished(game, sc, rows, cols, A, B, _verified(game, sc, rows, cols, xs, ys))


def _finished(game: Game, sc: _Scales, rows: np.ndarray, cols: np.ndarray, A: np.ndarray, B: np.ndarray,
              checked: tuple[list[Equilibrium], np.ndarray, np.ndarray] | None) -> Equilibria:
    """The certified result from the checked equilibria of the reduced game ``(A, B)``'s vertex pairs
    (:func:`_verified`; step 4 of :func:`one_pass_enumeration`)."""
    tol_n = sc.tol_n
    if checked is None:     # a check failed: let the general route say which (it raises)
        pairs = oriented_pairs(A, B)
        return transfer(equilibria_from_pairs(game.normalised(), rows, cols, A, B, pairs, exact=False, tol=tol_n),
                        game)
    m0, n0 = game.shape
    notes = []
    if len(rows) < m0 or len(cols) < n0:
        gone = [game.strategies[0][k] for k in sorted(set(range(m0)) - set(rows.tolist()))] + \
               [game.strategies[1][k] for k in sorted(set(range(n0)) - set(cols.tolist()))]
        notes.append(f"strictly dominated strategies removed first (never played in equilibrium): {', '.join(gone)}")
    eqs, Z, gap = checked
    components = [Component(k, (k,), ((k,),)) for k in range(len(eqs))]
    evidence = index_evidence(game, eqs, Z, gap, sc.ptp, max(sc.magnitude))
    if evidence is None:    # irregular equilibria or an index sum other than +1: certify() decides
        return Equilibria(game, eqs, METHOD, complete=True, components=components, notes=notes)
    # what certify() returns for this evidence (Equilibria.with_evidence), built once
    return Equilibria(game, eqs, METHOD, complete=True, components=components, notes=[*notes, evidence.detail],
                      evidence=evidence)


#: Most payoff entries per player for which :func:`_prepared` removes dominated strategies in plain Python
#: (on 7x7 games the stacked comparisons of :func:`~bargain.solvers.enumeration.strictly_undominated` cost as
#: little; the index has its own limit, :data:`~bargain.solvers.enumeration_index._PYTHON_INDEX_MAX`).
_PYTHON_DOMINANCE_MAX = 36
#: Most payoff entries per player for which :func:`_prepared` normalises the payoffs in plain Python.
_PYTHON_NORMALISE_MAX = 16
#: Largest payoff magnitude below which :func:`_verified` computes the payoff gaps without guarding against
#: overflow (a gap is at most twice the magnitude).
_NO_OVERFLOW = 1e300
#: Most payoff entries per player for which :func:`_verified_scalar` sums over every strategy.
_DENSE_PRODUCTS_MAX = 25
#: Most payoff entries per player for which :func:`_checked` verifies in plain Python; and, for larger
#: games, most entries and most profiles.
_PYTHON_CHECK_ALWAYS, _PYTHON_CHECK_MAX, _PYTHON_CHECK_PROFILES = 16, 64, 4
#: Most strategy pairs of the reduced game for which the Qhull route keeps BLAS's own threading (products
#: of a few hundred vertices: BLAS does not split them).
_ONE_THREAD_MIN = 64


class _Scales(NamedTuple):
    """Each player's payoff scales (Python floats, as :func:`~bargain.model.scale.normalise_per_player` and
    :func:`~bargain.model.scale.player_tolerances` compute them) and the game's tolerances."""

    magnitude: list[float]      # largest absolute payoff
    unit: list[float]           # the magnitude, or 1 where it is 0 (what payoffs are divided by)
    spread: list[float]         # payoff range over the magnitude
    tolerance: list[float]      # regret tolerance (Game.tolerances)
    tol_n: float                # the normalised game's tolerance
    ptp: float                  # range of all payoffs of both players


def _prepared(game: Game) -> tuple[_Scales, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``normalise_per_player`` and ``reduced_positive`` of a two-player float game with few array calls.

    The same numbers as those functions (the same float operations in the same order): each
    player's payoffs divided by their largest absolute payoff and mapped onto ``[0, 1]``; the
    normalised game's tolerance; strategies strictly dominated by a pure one removed (iterated, as
    :func:`~bargain.solvers.enumeration.strictly_undominated` removes them, in plain Python on
    small games); the rest mapped to ``[1, 2]``.

    Returns
    -------
    tuple
        ``(scales, rows, cols, A, B)``: the players' scales and tolerances, the kept strategies and the
        reduced positive matrices.
    """
    m0, n0 = game.shape
    flat = game.payoffs.reshape(2, -1)
    if m0 * n0 <= _PYTHON_DOMINANCE_MAX:     # Python floats: the same operations, one by one
        his, los = [max(p) for p in flat.tolist()], [min(p) for p in flat.tolist()]
    else:
        his, los = flat.max(axis=1).tolist(), flat.min(axis=1).tolist()
    mags, scales, lows, spreads, tols = [], [], [], [], []
    for hi, lo in zip(his, los, strict=True):
        mag = max(abs(hi), abs(lo))
        scale = mag if mag > 0 else 1.0
        mags.append(mag)
        scales.append(scale)
        lows.append(lo / scale)
        spreads.append(hi / scale - lo / scale)
        tols.append(mag * (RELATIVE_TOLERANCE * spreads[-1] + ROUNDING_ALLOWANCE) if mag > 0 else RELATIVE_TOLERANCE)
    # Every player's normalised payoffs span exactly [0, 1] (all 0 if constant): magnitude = range = 1 (or 0).
    tol_n = RELATIVE_TOLERANCE + ROUNDING_ALLOWANCE if max(spreads) > 0 else RELATIVE_TOLERANCE
    sc = _Scales(mags, scales, spreads, tols, tol_n, max(his) - min(los))
    # (v / scale - low) / spread elementwise, as normalise_per_player computes it (IEEE operations: the
    # same numbers in Python floats and in arrays); a constant player's payoffs all 0
    norm = lists = None
    if m0 * n0 <= _PYTHON_NORMALISE_MAX:
        lists = [[[(v / scale - low) / d for v in p[i * n0:(i + 1) * n0]] if d > 0 else [0.0] * n0
                  for i in range(m0)] for p, scale, low, d in zip(flat.tolist(), scales, lows, spreads, strict=True)]
    else:
        norm = (flat / np.array(scales)[:, None] - np.array(lows)[:, None]) / \
            np.array([d if d > 0 else 1.0 for d in spreads])[:, None]
        for i, d in enumerate(spreads):
            if d <= 0:
                norm[i] = 0.0
        norm = norm.reshape(2, m0, n0)
    if m0 * n0 <= _PYTHON_DOMINANCE_MAX:
        lists = norm.tolist() if lists is None else lists
        rows, cols = _undominated_scalar(*lists, tol_n)
    else:
        rows, cols = strictly_undominated(norm[0], norm[1], tol_n)
    if len(rows) == m0 and len(cols) == n0:
        # normalise_payoffs of payoffs spanning exactly [0, 1] (or all 0): 1 + M, the same numbers
        both = 1.0 + (norm if norm is not None else np.array(lists))
        return sc, rows, cols, both[0], both[1]
    if lists is not None:     # normalise_payoffs in Python floats (its array calls cost more on small games)
        r, c = rows.tolist(), cols.tolist()
        A, B = (np.array([[1.0 + (v - lo) / (hi - lo) for v in row] for row in M]) if hi - lo > 0
                else np.ones((len(r), len(c)))
                for M, lo, hi in ((M, min(map(min, M)), max(map(max, M)))
                                  for M in ([[P[i][j] for j in c] for i in r] for P in lists)))
        return sc, rows, cols, A, B
    kept = norm[:, rows][:, :, cols]
    return sc, rows, cols, normalise_payoffs(kept[0]), normalise_payoffs(kept[1])


def _undominated_scalar(a: list[list[float]], b: list[list[float]], tol: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~bargain.solvers.enumeration.strictly_undominated` of the payoff matrices ``a``, ``b`` (lists of rows)
    in plain Python floats (the same comparisons, for small games where each numpy call costs more than them)."""
    m0, n0 = len(a), len(a[0])
    r, c = list(range(m0)), list(range(n0))
    ar, bc = a, [list(col) for col in zip(*b, strict=True)]      # the kept rows of A, the kept columns of B
    while True:
        dr = [r[k] for k in _dominated_rows(ar, tol)] if len(r) > 1 else []
        dc = [c[k] for k in _dominated_rows(bc, tol)] if len(c) > 1 else []
        if not dr and not dc:
            break
        r, c = [i for i in r if i not in dr], [j for j in c if j not in dc]
        ar, bc = [[a[i][j] for j in c] for i in r], [[b[i][j] for i in r] for j in c]
    return np.array(r, dtype=np.intp), np.array(c, dtype=np.intp)


def _dominated_rows(M: list[list[float]], tol: float) -> list[int]:
    """The rows of ``M`` below some other row by more than ``tol > 0`` in every column: only a row below every
    column's maximum by that much can be, and only those are compared with the others (a row holding some
    column's maximum is not: ``v + tol >= v``)."""
    top = list(map(max, zip(*M, strict=True)))
    out = []
    lt = operator.lt
    for j, row in enumerate(M):
        if not all(map(lt, row, top)):      # the row holds a column's maximum
            continue
        lifted = [v + tol for v in row]
        if all(map(lt, lifted, top)) and any(all(map(operator.gt, other, lifted)) for other in M):
            out.append(j)
    return out


@functools.lru_cache(maxsize=128)
def _blocks(m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(m + n, 2)`` indicator of the two players' strategies in a concatenated profile, and each
    player's allowance on the sum of their probabilities (``1e-7`` per strategy, as in
    :func:`~bargain.solvers.result.make_equilibrium`)."""
    out = np.zeros((m + n, 2))
    out[:m, 0] = out[m:, 1] = 1.0
    allowance = 1e-7 * np.array([m, n], dtype=float)
    out.flags.writeable = allowance.flags.writeable = False
    return out, allowance


def _verified_scalar(game: Game, sc: _Scales, rows: np.ndarray, cols: np.ndarray, xs: list[list[float]],
                     ys: list[list[float]]) -> tuple[list[Equilibrium], np.ndarray, np.ndarray] | None:
    """:func:`_verified` in Python floats, for a small game and a few profiles: the same checks, cleaning,
    order and outputs (the sums in another order: the numbers may differ from its matrix products in the
    last bits).  Past :data:`_DENSE_PRODUCTS_MAX` payoffs a player, the payoffs of the pure strategies are sums
    over the other player's support only (the terms off it are zeros; on smaller games picking the support
    costs more than they do)."""
    m0, n0 = game.shape
    a, b = game.payoffs.tolist()
    bt = list(zip(*b, strict=True))                 # the columns of B
    mul, kept = operator.mul, SUPPORT_TOLERANCE.__lt__
    dense = m0 * n0 <= _DENSE_PRODUCTS_MAX
    r, c = rows.tolist(), cols.tolist()
    Z = []
    for x, y in zip(xs, ys, strict=True):
        sx, sy = sum(x), sum(y)
        if len(r) == m0 and len(c) == n0:
            Z.append([max(v / sx, 0.0) for v in x] + [max(v / sy, 0.0) for v in y])
            continue
        z = [0.0] * (m0 + n0)
        for i, v in zip(r, x, strict=True):
            z[i] = max(v / sx, 0.0)
        for j, v in zip(c, y, strict=True):
            z[m0 + j] = max(v / sy, 0.0)
        Z.append(z)
    if len(Z) > 1:  # descending lexicographic in (x, y), keys rounded as np.round(Z, 9) rounds them
        Z.sort(key=lambda z: [-(round(v * 1e9) / 1e9) for v in z])
    u0, u1 = sc.unit
    bound = [min(sc.tol_n * d if d > 0 else math.inf, 2 * t / u)
             for d, t, u in zip(sc.spread, sc.tolerance, sc.unit, strict=True)]
    eqs, gaps = [], []
    for e, z in enumerate(Z):
        zx, zy = z[:m0], z[m0:]
        if not (abs(sum(zx) - 1.0) <= 1e-7 * m0 and abs(sum(zy) - 1.0) <= 1e-7 * n0):
            return None                               # not two probability vectors (nan, a zero vertex)
        # entries at or below SUPPORT_TOLERANCE dropped, the rest rescaled to sum 1
        sx, sy = sum(filter(kept, zx)), sum(filter(kept, zy))
        x = [v / sx if v > SUPPORT_TOLERANCE else 0.0 for v in zx]
        y = [v / sy if v > SUPPORT_TOLERANCE else 0.0 for v in zy]
        si, sj = list(itertools.compress(range(m0), x)), list(itertools.compress(range(n0), y))
        if dense:
            row = [sum(map(mul, p, y)) / u0 for p in a]                         # (A y) / unit
            col = [sum(map(mul, q, x)) / u1 for q in bt]                        # (x B) / unit
            p0, p1 = sum(map(mul, x, row)), sum(map(mul, y, col))
        else:       # over the supports only
            xv, yv = [x[i] for i in si], [y[j] for j in sj]
            row = [sum(map(mul, p, yv)) / u0 for p in map(_getter(sj), a)]
            col = [sum(map(mul, q, xv)) / u1 for q in map(_getter(si), bt)]
            p0, p1 = sum(map(mul, xv, _getter(si)(row))), sum(map(mul, yv, _getter(sj)(col)))
        r0, r1 = max(row) - p0, max(col) - p1
        if not (r0 <= bound[0] and r1 <= bound[1]):
            return None
        gaps.append([(v - p0) * u0 for v in row] + [(v - p1) * u1 for v in col])
        pay = [p0 * u0, p1 * u1]
        pay = [0.0 if abs(v) <= 1e-12 * mag else v for v, mag in zip(pay, sc.magnitude, strict=True)]
        Z[e] = x + y
        eqs.append(Equilibrium(game=game, profile=(np.array(x), np.array(y)), payoffs=np.array(pay),
                               support=(tuple(si), tuple(sj)), regret=max(r0 * u0, r1 * u1), method=METHOD,
                               component=e))
    return eqs, np.array(Z).reshape(-1, m0 + n0), np.array(gaps).reshape(-1, m0 + n0)


def _getter(positions: list[int]) -> Callable[[Sequence[float]], tuple[float, ...]]:
    """A function picking the entries ``positions`` (at least one) of a sequence, as a tuple."""
    if len(positions) >= 2:
        return operator.itemgetter(*positions)
    k = positions[0]
    return lambda row: (row[k],)


def _verified(game: Game, sc: _Scales, rows: np.ndarray, cols: np.ndarray, xs: np.ndarray, ys: np.ndarray,
              ) -> tuple[list[Equilibrium], np.ndarray, np.ndarray] | None:
    """The equilibria from the vertex pairs ``(xs, ys)``, in the general route's order; None if a check fails.

    The profiles ``z = (x, y)`` are stacked: each is cleaned as
    :func:`~bargain.solvers.result.make_equilibrium` cleans it, and the regrets of all of them come
    from one product ``z M`` with ``M = [[0, B], [A^T, 0]]`` (each player's payoffs divided by their
    largest absolute payoff, as there).  They are checked against both bounds of the general route:
    ``tol_n`` on the normalised game (where player ``i``'s regret is theirs here divided by their
    range, ``spread[i]`` in these units) and twice each player's tolerance on ``game``
    (:func:`~bargain.solvers.result.transfer`).  Also returned: the stacked profiles ``Z`` and each
    strategy's payoff minus its player's (in the game's units), for :func:`_index_evidence`.
    """
    m0, n0 = game.shape
    x, y = xs / xs.sum(axis=1, keepdims=True), ys / ys.sum(axis=1, keepdims=True)
    if len(rows) == m0 and len(cols) == n0:
        Z = np.concatenate([x, y], axis=1)
    else:
        Z = np.zeros((len(xs), m0 + n0))
        Z[:, rows] = x
        Z[:, m0 + cols] = y
    np.maximum(Z, 0.0, out=Z)
    if len(Z) > 1:  # descending lexicographic in (x, y), keys rounded as the general route rounds them
        Z = Z[np.lexsort(-np.round(Z, 9).T[::-1])]
    ind, allowance = _blocks(m0, n0)
    if not (np.abs(Z @ ind - 1.0) <= allowance).all():
        return None                                   # not two probability vectors (nan, a zero vertex)
    Z[Z <= SUPPORT_TOLERANCE] = 0.0
    Z /= (Z @ ind) @ ind.T
    unit = sc.unit
    M = np.zeros((m0 + n0, m0 + n0))
    M[m0:, :m0] = game.payoffs[0].T / unit[0]
    M[:m0, m0:] = game.payoffs[1] / unit[1]
    dev = Z @ M                                       # [A y, x B] of every profile
    pay = (Z * dev) @ ind
    reg = np.maximum.reduceat(dev, [0, m0], axis=1) - pay
    # tol_n on the normalised game (regret there = regret here / spread) and twice the tolerance on the game
    bound = [min(sc.tol_n * d if d > 0 else math.inf, 2 * t / u)
             for d, t, u in zip(sc.spread, sc.tolerance, unit, strict=True)]
    if not (reg <= bound).all():
        return None
    if max(sc.magnitude) < _NO_OVERFLOW:               # |v_r - u| <= 2 |largest payoff|: no overflow
        gap = (dev - pay @ ind.T) * (ind @ unit)      # v_r - u, each player's in the game's units
    else:
        with np.errstate(over="ignore"):              # near the float limit a gap may be +-inf (signed)
            gap = (dev - pay @ ind.T) * (ind @ unit)
    pay *= unit
    pay[np.abs(pay) <= [1e-12 * v for v in sc.magnitude]] = 0.0
    regret = (reg * unit).max(axis=1).tolist()
    used = (Z > 0.0).tolist()
    # each equilibrium's arrays are rows of fresh arrays (views: no two share memory, nothing else holds them)
    xs, ys, pays = list(Z[:, :m0].copy()), list(Z[:, m0:].copy()), list(pay)
    rm, rn = range(m0), range(n0)
    return [Equilibrium(game=game, profile=(xs[e], ys[e]), payoffs=pays[e],
                        support=(tuple(itertools.compress(rm, u[:m0])), tuple(itertools.compress(rn, u[m0:]))),
                        regret=regret[e], method=METHOD, component=e)
            for e, u in enumerate(used)], Z, gap
