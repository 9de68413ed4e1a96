"""The float 3x3x3 game in one pass: its 343 support profiles in a few stacked array passes, one verification.

For a *nondegenerate* float game of three players with three strategies each this module finds every
equilibrium by support shape (:mod:`~bargain.solvers.polynomial.one_pass_333_shapes`: all supports of a
shape in one array pass), polishes the mixed candidates together by Newton's method, screens them as
equilibria, verifies each on the game as given and certifies the list by the index theorem, as
:mod:`~bargain.solvers.polynomial.one_pass` does for 2x2x2 games.  Wherever it is unsure it returns
None and the general route (:func:`~bargain.solvers.polynomial.solver.polynomial_solve`, then the
completeness check) answers: a payoff tie at a pure profile, three payoff lines of a player meeting in
one point (an equilibrium on supports of unequal sizes), a root within ``1e-9`` of the edge of the
simplex, a nearly real complex root or two nearly equal roots, a polynomial that drops degree or
vanishes, a kernel that vanishes, a candidate that Newton's method does not settle, a strategy off the
support that is nearly a best reply, a failed verification, an irregular equilibrium or an index sum
other than +1.

Supports
--------
* no mixer: the 27 pure profiles;
* one mixer: none (indifference against a pure profile is a payoff tie);
* two mixers: equal support sizes, a stacked linear solve each (90 supports);
* three mixers: (2,2,2), (2,3,3) and (2,2,3) by univariate polynomials of degree 2, 4 and 2 (63
  supports, see :mod:`~bargain.solvers.polynomial.one_pass_333_shapes`), and (3,3,3) by the degree-16
  resultant of :func:`~bargain.solvers.polynomial.resultant.solve_333`, whose 10 solutions (McKelvey and
  McLennan 1997) are counted.

Index
-----
``sign det(-J)`` of the replicator field at each equilibrium
(:func:`~bargain.solvers.completeness.index_sum`, Ritzberger 1994), summed to +1 (Gül, Pearce and
Stacchetti 1993).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* 1, ch. 2, sec. 6.
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash equilibria.
*J. Economic Theory* 72, 411-425.
Ritzberger, K. (1994). The theory of normal form games from the differentiable viewpoint.
*Int. J. Game Theory* 23, 207-236.
Gül, F., Pearce, D. and Stacchetti, E. (1993). A bound on the proportion of pure strategy
equilibria in generic games. *Math. Oper. Res.* 18, 548-552.
"""

from __future__ import annotations

import functools

import numpy as np

from bargain.model.game import Game
from bargain.solvers.completeness import index_passed, index_sum
from bargain.solvers.polynomial.collector import METHOD
from bargain.solvers.polynomial.homotopy import MultilinearBatch
from bargain.solvers.polynomial.one_pass import EDGE, TIE
from bargain.solvers.polynomial.one_pass_333_shapes import (
    cross,
    hidden_two,
    kernels_at,
    linear_mixtures,
    real_roots,
    shapes,
    triple_points,
    two_two_three,
)
from bargain.solvers.polynomial.resultant import solve_333
from bargain.solvers.polynomial.support import indifference_coefficients
from bargain.solvers.result import Equilibria, Equilibrium

__all__ = ["ONE_PASS_NOTE_333", "candidates_333", "one_pass_3x3x3", "valid_strategies"]

#: What a solve of one nondegenerate 3x3x3 game by this route says it did.
ONE_PASS_NOTE_333 = ("3x3x3 in one pass over all 343 support profiles (pure profiles, two mixers by stacked "
                     "linear solves, three mixers by univariate eliminations of degree 2 and 4 and, where all "
                     "three mix over three strategies, a resultant with its 10 solutions counted); the game is "
                     "nondegenerate, so this is every equilibrium")

#: Each player's opponents, in player order.
_OPP1, _OPP2 = np.array([1, 0, 0]), np.array([2, 2, 1])
#: A 2x2 determinant of a player's payoff lines at most this (normalised payoffs) is three lines meeting in
#: a point: an equilibrium on supports of unequal sizes may exist there.
_TRIPLE = 1e-9
#: Roots of a support's polynomial this close to each other, or this close to the real axis, are doubt.
_CLOSE = 1e-6
#: The support on which every player mixes over all three strategies.
_FULL = ((0, 1, 2),) * 3
#: Newton steps on the mixed candidates.
_NEWTON = 3


def one_pass_3x3x3(game: Game) -> Equilibria | None:
    """Every equilibrium of a nondegenerate float 3x3x3 ``game``, verified and certified, or None.

    Parameters
    ----------
    game : Game
        A 3x3x3 game with float payoffs.

    Returns
    -------
    Equilibria or None
        The equilibria the general route finds, in its order, each verified on ``game``, with
        :data:`ONE_PASS_NOTE_333` and the index evidence; None when the game is degenerate for this route, a
        root is in doubt, a candidate fails verification, or the index check does not pass.
    """
    mag = game.payoff_magnitudes
    if not float(np.min(mag)) > 0.0:
        return None
    S = game.payoffs.reshape(3, 27) / mag[:, None]                  # over the largest payoff: no overflow
    spread = S.max(axis=1) - S.min(axis=1)
    if not float(np.min(spread)) > 0.0:
        return None                                                 # a constant player
    P = S / spread[:, None]
    found = candidates_333(P)
    if found is None:
        return None
    # the general route's order: by the size of the support, then by the probabilities, largest first
    order = sorted(range(len(found)), key=lambda n: (int(np.count_nonzero(found[n])), tuple((-found[n]).ravel())))
    eqs = _verified(game, found[order], _own_first(P), spread, mag)
    if eqs is None:
        return None
    total, irregular = index_sum(game, eqs)
    if irregular or total != 1:
        return None
    evidence = index_passed(len(eqs))
    return Equilibria(game, eqs, METHOD, complete=True,
                      notes=[ONE_PASS_NOTE_333, evidence.detail]).with_evidence(evidence)


def candidates_333(P: np.ndarray) -> np.ndarray | None:
    """Every equilibrium of the nondegenerate 3x3x3 game with normalised payoffs ``P``, or None where the
    game is degenerate for this route or a root is in doubt (see the module docstring).

    Parameters
    ----------
    P : ndarray
        Shape ``(3, 27)``: each player's payoffs (flattened in ``(s_1, s_2, s_3)`` order) over their range.

    Returns
    -------
    ndarray or None
        The equilibria, shape ``(k, 3, 3)`` (each player's mixture), in no particular order.
    """
    A = _own_first(P)
    gaps = np.diff(np.sort(A, axis=1), axis=1)
    if float(np.min(gaps)) <= TIE:
        return None                                                 # a payoff tie at a pure profile
    sh = shapes()
    (T,) = sh["triple"].coefficients(P)
    if float(np.min(np.abs(triple_points(T)))) <= _TRIPLE:
        return None
    pure = np.zeros((27, 3, 3))
    idx = np.indices((3, 3, 3)).reshape(3, 27)
    pure[np.arange(27)[:, None], np.arange(3)[None, :], idx.T] = 1.0
    mixed = [c for c in (_pairs(P, sh), _hidden(P, sh), _two_two_three(P, sh), _all_three(P)) if c is not None]
    if len(mixed) < 4:
        return None
    X = np.concatenate(mixed)
    if len(X):
        X = _newton(A, X)
        if X is None:
            return None
        if np.any(np.abs(X[X != 0.0]) <= EDGE):
            return None
        X = X[np.all(X >= 0.0, axis=(1, 2))]
        flat = X.reshape(len(X), 9)
        if len(X) > 1 and np.min(np.max(np.abs(flat[:, None] - flat[None]), axis=2)
                                 + np.eye(len(X)) * 1.0) < _CLOSE:
            return None                                             # two candidates on one solution
    X = np.concatenate([pure, X])
    ok = _screen(A, X)
    if ok is None:
        return None
    return X[ok]


def _own_first(P: np.ndarray) -> np.ndarray:
    """Each player's payoffs (``P``: shape ``(3, 27)``) with their own strategy first, then the opponents'
    in player order: shape ``(player, own, opp1, opp2)``."""
    return P[_PLAYER_AXIS, _OWN_FIRST]


#: The gather of :func:`_own_first`: for player ``i``, the flat index of ``(own, opp1, opp2)`` in a 3x3x3 block.
_OWN_FIRST = np.stack([np.moveaxis(np.arange(27).reshape(3, 3, 3), i, 0) for i in range(3)])
_PLAYER_AXIS = np.arange(3)[:, None, None, None]


def _verified(game: Game, X: np.ndarray, A: np.ndarray, spread: np.ndarray, mag: np.ndarray,
              V: np.ndarray | None = None) -> list[Equilibrium] | None:
    """The profiles ``X`` as equilibria of ``game``, each player's regret checked against their tolerance
    (:attr:`Game.tolerances`) on their payoffs over their magnitude (``A``: over their range ``spread``
    too), as :func:`~bargain.solvers.result.make_equilibrium` checks it; None when one fails.  A game with
    fewer than three strategies for a player is laid out as a 3x3x3 game, padded (:func:`_screen`).  ``V``:
    :func:`_values` at ``X`` if the caller has them (``X`` then sums to 1 already)."""
    dims = game.shape
    if V is None:
        X = X / X.sum(axis=2, keepdims=True)
        V = _values(A, X)
    V = V * spread[None, :, None]                                    # over each player's magnitude
    pay = np.einsum("cis,cis->ci", V, X)
    if dims != (3, 3, 3):
        V[:, ~valid_strategies(dims)] = -np.inf                     # strategies a player lacks
    regret = (V.max(axis=2) - pay) * mag
    if not np.all(regret <= game.tolerances):
        return None
    pay = pay * mag
    pay[np.abs(pay) <= 1e-12 * mag] = 0.0                           # rounding noise shown as 0
    on = (X > 0.0).tolist()
    worst = regret.max(axis=1).tolist()
    return [Equilibrium(game=game, profile=tuple(v[:d] for v, d in zip(x, dims, strict=True)), payoffs=p,
                        support=tuple(tuple(s for s in range(d) if w[s]) for w, d in zip(o, dims, strict=True)),
                        regret=r, method=METHOD) for x, o, p, r in zip(X, on, pay, worst, strict=True)]


@functools.cache
def valid_strategies(dims: tuple[int, int, int]) -> np.ndarray:
    """Which strategies of the padded 3x3x3 layout a player of a game of shape ``dims`` has: shape ``(3, 3)``.

    Parameters
    ----------
    dims : tuple of int
        Each player's number of strategies (at most three).

    Returns
    -------
    ndarray
        Boolean, ``[i, s]`` true where player ``i`` has strategy ``s`` (read-only).
    """
    out = np.arange(3)[None, :] < np.array(dims)[:, None]
    out.setflags(write=False)
    return out


def _values(A: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Each player's payoff from each strategy against the others' mixtures in ``X`` (shape ``(c, 3, 3)``)."""
    return np.einsum("isab,cia,cib->cis", A, X[:, _OPP1], X[:, _OPP2])


def _screen(A: np.ndarray, X: np.ndarray, valid: np.ndarray | None = None, V: np.ndarray | None = None
            ) -> np.ndarray | None:
    """Which profiles ``X`` are equilibria (every strategy off a player's support strictly worse than the
    support's by more than :data:`TIE`); None when one is within :data:`TIE` (a tie: degenerate).  For a
    game laid out as a 3x3x3 game with padding, ``valid`` (shape ``(3, 3)``) marks the strategies each
    player has; the others are not compared.  ``V``: :func:`_values` at ``X`` if the caller has them."""
    V = _values(A, X) if V is None else V
    on = X > 0.0
    best = np.max(np.where(on, V, -np.inf), axis=2, keepdims=True)
    gap = np.where(on if valid is None else on | ~valid, np.inf, best - V)
    if np.any(np.abs(gap) <= TIE):
        return None
    return np.all(gap > 0.0, axis=(1, 2))


def _inside(y: np.ndarray) -> tuple[np.ndarray, bool]:
    """Which rows of mixtures ``y`` (last axis) are strictly positive, and whether one is in doubt (within
    :data:`EDGE` of the edge, or not finite)."""
    doubt = bool(np.any(~np.isfinite(y)) or np.any(np.abs(y) <= EDGE))
    return np.all(y > 0.0, axis=-1), doubt


def _pairs(P: np.ndarray, sh: dict) -> np.ndarray | None:
    """The candidates on which two players mix against a pure third (:func:`linear_mixtures`); None at doubt."""
    out = []
    for name in ("pair2", "pair3"):
        shape = sh[name]
        Di, Dj = shape.coefficients(P)
        yj, yi = linear_mixtures(Di), linear_mixtures(Dj)
        okj, dj = _inside(yj)
        oki, di = _inside(yi)
        if dj or di:
            return None
        keep = np.flatnonzero(okj & oki)
        X = shape.profiles(keep, (yi[keep], yj[keep], np.ones((len(keep), 1))))
        out.append(X)
    return np.concatenate(out)


def _root_doubt(roots: np.ndarray, full: np.ndarray, coef: np.ndarray) -> bool:
    """Whether the roots of a stack of polynomials leave doubt: a polynomial that vanishes or drops degree, a
    complex root near the real segment [0, 1], two roots near each other, or a root near 0 or 1."""
    if not np.all(full) or not np.all(np.isfinite(roots)):
        return True
    near = (roots.real > -_CLOSE) & (roots.real < 1.0 + _CLOSE)
    if np.any(near & (roots.imag != 0.0) & (np.abs(roots.imag) < _CLOSE)):
        return True
    if np.any(near & ((np.abs(roots) <= EDGE) | (np.abs(1.0 - roots) <= EDGE))):
        return True
    if roots.shape[-1] > 1:
        d = np.abs(roots[..., :, None] - roots[..., None, :]) + np.eye(roots.shape[-1])
        if np.any((d < _CLOSE) & near[..., :, None]):
            return True
    return False


def _scaled_to_one(y: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, bool]:
    """Unnormalised mixtures ``y`` (``(n, m)``) scaled to sum 1, and whether a sum is (nearly) 0 against
    ``scale``, the size of the entries' ingredients (a kernel that vanishes: a spurious root)."""
    total = y.sum(axis=1)
    with np.errstate(all="ignore"):
        return y / total[:, None], bool(np.any(~(np.abs(total) > 1e-9 * scale)))


def _hidden(P: np.ndarray, sh: dict) -> np.ndarray | None:
    """The candidates on the (2,2,2) and (2,3,3) supports (:func:`hidden_two`); None at doubt."""
    out = []
    for name in ("222", "233"):
        shape = sh[name]
        Da, Db, Dh = shape.coefficients(P)
        poly = hidden_two(Da, Db, Dh)                             # in s = 2 t - 1
        roots, full = real_roots(poly)
        roots = (roots + 1.0) / 2.0
        if _root_doubt(roots, full, poly):
            return None
        s_idx, r_idx = np.nonzero((roots.imag == 0.0) & (roots.real > 0.0) & (roots.real < 1.0))
        t = roots.real[s_idx, r_idx]
        xa, xb = kernels_at(Da[s_idx], Db[s_idx], t[:, None])
        m = Da.shape[-2]
        xa, bad_a = _scaled_to_one(xa[:, 0], np.abs(Db[s_idx]).max(axis=(1, 2, 3)) ** (m - 1))
        xb, bad_b = _scaled_to_one(xb[:, 0], np.abs(Da[s_idx]).max(axis=(1, 2, 3)) ** (m - 1))
        if bad_a or bad_b:
            return None
        ok = np.ones(len(t), dtype=bool)
        for y in (xa, xb):
            inside, doubt = _inside(y)
            if doubt:
                return None
            ok &= inside
        t = t[ok]
        X = shape.profiles(s_idx[ok], (xa[ok], xb[ok], np.stack([t, 1.0 - t], axis=1)))
        out.append(X)
    return np.concatenate(out)


def _two_two_three(P: np.ndarray, sh: dict) -> np.ndarray | None:
    """The candidates on the (2,2,3) supports (:func:`two_two_three`); None at doubt."""
    shape = sh["223"]
    Dc, Da, Db = shape.coefficients(P)
    poly = two_two_three(Dc)
    roots, full = real_roots(poly)
    if _root_doubt(roots, full, poly):
        return None
    s_idx, r_idx = np.nonzero((roots.imag == 0.0) & (roots.real > 0.0) & (roots.real < 1.0))
    p = roots.real[s_idx, r_idx]
    xa = np.stack([p, 1.0 - p], axis=1)
    M = np.einsum("nrab,na->nrb", Dc[s_idx], xa)                     # c's equations in x_b at p
    row = M[np.arange(len(p)), np.argmax(np.abs(M).sum(axis=2), axis=1)]
    xb, bad_b = _scaled_to_one(np.stack([row[:, 1], -row[:, 0]], axis=1), np.abs(M).max(axis=(1, 2)))
    rho_a = np.einsum("nbc,nb->nc", Da[s_idx, 0], xb)                # a's equation in x_c
    rho_b = np.einsum("nac,na->nc", Db[s_idx, 0], xa)                # b's equation in x_c
    xc, bad_c = _scaled_to_one(cross(rho_a, rho_b), np.abs(rho_a).max(axis=1) * np.abs(rho_b).max(axis=1))
    if bad_b or bad_c:
        return None
    ok = np.ones(len(p), dtype=bool)
    for y in (xb, xc):
        inside, doubt = _inside(y)
        if doubt:
            return None
        ok &= inside
    X = shape.profiles(s_idx[ok], (xa[ok], xb[ok], xc[ok]))
    return X


def _all_three(P: np.ndarray) -> np.ndarray | None:
    """The totally mixed candidates (:func:`~bargain.solvers.polynomial.resultant.solve_333`, its 10 solutions
    counted, retried with its matrix-pencil roots); None when it does not confirm them or a root is at the
    edge."""
    U = P.reshape(3, 3, 3, 3)
    coeffs = tuple(indifference_coefficients(U, _FULL, i)[None] for i in range(3))
    batch = MultilinearBatch((3, 3, 3), coeffs)
    _, blocks, fallback = solve_333(batch)
    if fallback[0]:                  # the better conditioned matrix-pencil roots, as the general route retries
        _, blocks, fallback = solve_333(batch, pencil=True)
        if fallback[0]:
            return None
    X = np.stack(blocks, axis=1)
    if np.any(np.abs(X) <= EDGE):
        return None
    return X[np.all(X > 0.0, axis=(1, 2))]


def _newton(A: np.ndarray, X: np.ndarray) -> np.ndarray | None:
    """Newton's method on every candidate's support system at once (each player's indifference on their
    support and sum one, the strategies off it fixed at 0), in the nine coordinates of a profile; None when
    a candidate does not settle."""
    c = len(X)
    on = X != 0.0
    first = np.argmax(on, axis=2)                                      # (c, 3): each support's first strategy
    rows_ = np.arange(c)[:, None]
    players = np.arange(3)[None, :]
    is_first = np.zeros((c, 3, 3), dtype=bool)
    is_first[rows_, players, first] = True
    eq_row = on & ~is_first
    fixed = np.zeros((c, 3, 3, 3, 3))                 # the rows of the sums and of the strategies off the support
    for i in range(3):
        fixed[:, i, :, i, :] = np.where(is_first[:, i, :, None], on[:, i, None, :], 0.0)
        for s in range(3):
            fixed[:, i, s, i, s] += ~on[:, i, s]
    step_no = 0
    while True:
        X1, X2 = X[:, _OPP1], X[:, _OPP2]
        V = np.einsum("isab,cia,cib->cis", A, X1, X2)
        F = np.where(eq_row, V - V[rows_, players, first][..., None], X)
        F = np.where(is_first, np.sum(np.where(on, X, 0.0), axis=2, keepdims=True) - 1.0, F)
        if step_no == _NEWTON:
            break
        G1 = np.einsum("isab,cib->cisa", A, X2)                       # dV_i[s] / dx_opp1[a]
        G2 = np.einsum("isab,cia->cisb", A, X1)                       # dV_i[s] / dx_opp2[b]
        G1 = np.where(eq_row[..., None], G1 - G1[rows_, players, first][:, :, None], 0.0)
        G2 = np.where(eq_row[..., None], G2 - G2[rows_, players, first][:, :, None], 0.0)
        J = fixed.copy()
        for i in range(3):
            J[:, i, :, _OPP1[i], :] = G1[:, i]
            J[:, i, :, _OPP2[i], :] = G2[:, i]
        try:
            d = np.linalg.solve(J.reshape(c, 9, 9), -F.reshape(c, 9, 1)).reshape(c, 3, 3)
        except np.linalg.LinAlgError:
            return None
        X = X + d
        step_no = _NEWTON if float(np.max(np.abs(d))) <= 1e-14 else step_no + 1   # settled: evaluate once more
    if not (float(np.max(np.abs(F))) <= 1e-12 and float(np.max(np.abs(d))) <= 1e-9):
        return None
    return X

