"""Stacked solvers for the support shapes of a 3x3x3 game: every support of one shape in one array pass.

A support profile of a three-player game with three strategies each assigns every player a nonempty
set of strategies; the 343 of them fall into a few shapes, and this module solves all supports of a
shape (of one game, or of a batch of games: every solver accepts leading batch axes) with the same
array operations.  The coefficients are *difference tensors*: row ``r`` of player ``i`` on a support
is ``u_i(S_i[r + 1], .) - u_i(S_i[0], .)`` over two other players' support strategies (:func:`rows`),
gathered from a game's payoffs (flattened to ``(player, 27)``) by the index tables built here once.
A game in which a player has two strategies is laid out the same way, padded, with the supports of its
strategy counts (:func:`shapes` takes them).

Two mixers against a pure third
    The mixers' supports must have equal sizes in a nondegenerate game; player ``i``'s indifference is
    linear in player ``j``'s mixture (:func:`linear_mixtures`), one stacked linear solve per size.
    With unequal sizes a solution needs three of a player's payoff lines over a two-strategy mixture of
    the other to meet in one point; :func:`triple_points` gives the determinants that exclude it.

Three mixers, one of them over two strategies ``h`` and the other two over ``m`` each (2,2,2 and 2,3,3)
    Hide ``t``, player ``h``'s probability of their first support strategy.  Player ``a``'s ``m - 1``
    equations are linear in ``x_b`` with coefficients linear in ``t``: ``M_a(t) x_b = 0``, so ``x_b`` is
    the kernel of the ``(m - 1) x m`` matrix ``M_a(t)`` (its signed maximal minors, of degree ``m - 1``
    in ``t``), and ``x_a`` likewise from ``M_b(t)``.  Player ``h``'s equation ``x_a^T C x_b = 0`` is then a
    univariate polynomial of degree ``2 (m - 1)`` in ``t`` (:func:`hidden_two`, which interpolates it at
    Chebyshev points): the hidden-variable
    resultant (Cox, Little and O'Shea 2005, ch. 3, sec. 5).  Its degree is the multihomogeneous Bezout
    number of the support system, 2 for (2,2,2) and 4 for (2,3,3) (McKelvey and McLennan 1997), so no
    root is spurious unless a kernel vanishes (which is checked).

Two mixers over two strategies ``a, b`` and one over three ``c`` (2,2,3)
    Player ``c``'s two equations are bilinear in ``x_a = (p, 1 - p)`` and ``x_b``: ``M_c(p) x_b = 0`` with
    ``M_c(p)`` a 2x2 matrix linear in ``p``, so ``det M_c(p) = 0``, a quadratic (the Bezout number 2), and
    ``x_b`` spans the kernel.  Players ``a`` and ``b``'s equations are then each one linear form in
    ``x_c``, which is their cross product (:func:`two_two_three`).

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* 1, ch. 2, sec. 6.
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash equilibria.
*J. Economic Theory* 72, 411-425.
Cox, D., Little, J. and O'Shea, D. (2005). *Using Algebraic Geometry*, 2nd ed., ch. 3 (resultants and
hidden variables).
"""

from __future__ import annotations

import functools
import itertools

import numpy as np

__all__ = ["SUPPORTS", "Shape", "cross", "hidden_two", "kernels_at", "linear_mixtures", "real_roots", "rows", "shapes",
           "triple_points", "two_two_three"]

#: The nonempty strategy sets of a player with three strategies, singletons first.
SUPPORTS = ((0,), (1,), (2,), (0, 1), (0, 2), (1, 2), (0, 1, 2))


def _flat(profile: tuple[int, int, int]) -> int:
    """The index of a pure profile in a 3x3x3 payoff block flattened in ``(s_1, s_2, s_3)`` order."""
    return 9 * profile[0] + 3 * profile[1] + profile[2]


def rows(supports: list[tuple[tuple[int, ...], ...]], i: list[int], u: list[int], v: list[int]
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Index tables of the difference tensors of player ``i[n]`` on ``supports[n]`` over the support strategies
    of players ``u[n]`` and ``v[n]`` (all supports with the same sizes in these roles).

    Parameters
    ----------
    supports : list of tuple
        Support profiles (each player's strategies).
    i, u, v : list of int
        Per support: the player whose rows are wanted and the two other players, in the order of the axes.

    Returns
    -------
    tuple of ndarray
        ``(player, first, second)``: with ``P`` the payoffs flattened to ``(3, 27)``, row ``r`` of support
        ``n`` at ``(alpha, beta)`` is ``P[player[n], first[n, r, alpha, beta]] - P[player[n], second[n, r,
        alpha, beta]]``: player ``i`` playing ``S_i[r + 1]`` (``first``) or ``S_i[0]`` (``second``), ``u``
        playing ``S_u[alpha]`` and ``v`` playing ``S_v[beta]``.
    """
    first, second = [], []
    for S, a, b, c in zip(supports, i, u, v, strict=True):
        block_first, block_second = [], []
        for own in S[a][1:]:
            f, s = [], []
            for x in S[b]:
                fr, sr = [], []
                for y in S[c]:
                    prof = [0, 0, 0]
                    prof[b], prof[c] = x, y
                    prof[a] = own
                    fr.append(_flat(tuple(prof)))
                    prof[a] = S[a][0]
                    sr.append(_flat(tuple(prof)))
                f.append(fr)
                s.append(sr)
            block_first.append(f)
            block_second.append(s)
        first.append(block_first)
        second.append(block_second)
    return np.array(i)[:, None, None, None], np.array(first), np.array(second)


class Shape:
    """The supports of one shape with the index tables of their coefficients (see the module docstring).

    Attributes
    ----------
    supports : list of tuple
        The support profiles, in a fixed order.
    roles : list of tuple of int
        Per support, the players in the roles of the shape's solver.
    tables : tuple
        Per coefficient tensor of the solver, the :func:`rows` tables.
    cells : tuple of ndarray
        Per role, the cells (``3 * player + strategy``) of the role's support strategies, per support.
    cell_lists : tuple of list
        :attr:`cells` as nested lists (for scalar solvers).
    """

    def __init__(self, supports: list[tuple[tuple[int, ...], ...]], roles: list[tuple[int, ...]],
                 tensors: tuple[tuple[int, int, int], ...]) -> None:
        self.supports = supports
        self.roles = roles
        self.tables = tuple(rows(supports, *([r[k] for r in roles] for k in t)) for t in tensors)
        #: per role, the cells ``3 * player + strategy`` of that player's support strategies in a profile
        self.cells = tuple(np.array([[3 * r[k] + t for t in S[r[k]]] for S, r in zip(supports, roles, strict=True)])
                           for k in range(len(roles[0])))
        #: :attr:`cells` as nested lists, for scalar solvers
        self.cell_lists = tuple(c.tolist() for c in self.cells)
        self._pairs = tuple([(int(pl), list(zip(f.ravel().tolist(), s.ravel().tolist(), strict=True)))
                             for pl, f, s in zip(player.ravel(), first, second, strict=True)]
                            for player, first, second in self.tables)

    def profiles(self, index: np.ndarray, mixtures: tuple[np.ndarray, ...]) -> np.ndarray:
        """Full profiles ``(k, 3, 3)`` on the supports ``index``, each role's player playing ``mixtures[role]``
        (shape ``(k, |S|)``) on their support."""
        X = np.zeros((len(index), 9))
        rows_ = np.arange(len(index))[:, None]
        for cells, y in zip(self.cells, mixtures, strict=True):
            X[rows_, cells[index]] = y
        return X.reshape(-1, 3, 3)

    def differences(self, P: list[list[float]]) -> tuple[list[list[float]], ...]:
        """:meth:`coefficients` of one game in plain floats, for scalar solvers: ``P`` the payoffs as lists
        (``3`` of ``27``); per tensor, per support, the entries flattened in ``(rows, |S_u|, |S_v|)`` order."""
        return tuple([[P[pl][f] - P[pl][s] for f, s in pairs] for pl, pairs in table] for table in self._pairs)

    def coefficients(self, P: np.ndarray) -> tuple[np.ndarray, ...]:
        """The difference tensors of the payoffs ``P`` (shape ``(..., 3, 27)``: leading batch axes allowed),
        each of shape ``(..., supports, rows, |S_u|, |S_v|)``."""
        out = []
        for player, first, second in self.tables:
            out.append(P[..., player, first] - P[..., player, second])
        return tuple(out)


def _sized(m: int, n: int) -> list[tuple[int, ...]]:
    """The strategy sets of size ``m`` of a player with ``n`` strategies (of :data:`SUPPORTS`)."""
    return [S for S in SUPPORTS if len(S) == m and S[-1] < n]


@functools.cache
def shapes(dims: tuple[int, int, int] = (3, 3, 3)) -> dict[str, Shape]:
    """The shapes of the supports on which two or three players mix, with their index tables, for a game
    in which the players have ``dims`` strategies (at most three each; the payoffs are laid out as in a
    3x3x3 game, padded, so a player's missing strategies are never part of a support).

    Parameters
    ----------
    dims : tuple of int
        Each player's number of strategies (2 or 3).

    Returns
    -------
    dict
        ``"pair2"``/``"pair3"``: two mixers over two/three strategies each against a pure third (roles
        ``(i, j)``, tensors: ``i``'s rows over ``(j, pure)`` and ``j``'s rows over ``(i, pure)``);
        ``"triple"``: a player ``i`` against the two-strategy mixtures of ``j`` with the third pure (for
        :func:`triple_points`; tensor: ``i``'s payoffs as rows of the support ``{s, t}`` over ``(j, k)``,
        see there); ``"222"``, ``"233"``: roles ``(a, b, h)`` for :func:`hidden_two`; ``"223"``: roles
        ``(a, b, c)`` for :func:`two_two_three`.  A shape with no support in a game of these ``dims`` is
        left out.
    """
    out: dict[str, Shape] = {}
    for m, name in ((2, "pair2"), (3, "pair3")):
        sup, roles = [], []
        for i, j in ((0, 1), (0, 2), (1, 2)):
            k = 3 - i - j
            for t in range(dims[k]):
                for Si in _sized(m, dims[i]):
                    for Sj in _sized(m, dims[j]):
                        S = [(), (), ()]
                        S[i], S[j], S[k] = Si, Sj, (t,)
                        sup.append(tuple(S))
                        roles.append((i, j, k))
        if sup:
            out[name] = Shape(sup, roles, ((0, 1, 2), (1, 0, 2)))
    sup, roles = [], []
    for i in (i for i in range(3) if dims[i] == 3):
        for j in (j for j in range(3) if j != i):
            k = 3 - i - j
            for t in range(dims[k]):
                for Sj in _sized(2, dims[j]):
                    S = [(), (), ()]
                    S[i], S[j], S[k] = (0, 1, 2), Sj, (t,)
                    sup.append(tuple(S))
                    roles.append((i, j, k))
    if sup:
        out["triple"] = Shape(sup, roles, ((0, 1, 2),))
    for name, sizes in (("222", (2, 2, 2)), ("233", (3, 3, 2)), ("223", (2, 2, 3))):
        sup, roles = [], []
        for perm in sorted(set(itertools.permutations(range(3)))):
            a, b, h = perm
            if a > b or (sizes[0] == sizes[2] and perm != (0, 1, 2)):
                continue
            for Sa, Sb, Sh in itertools.product(*[_sized(n, dims[p]) for n, p in zip(sizes, perm, strict=True)]):
                S = [(), (), ()]
                S[a], S[b], S[h] = Sa, Sb, Sh
                sup.append(tuple(S))
                roles.append(perm)
        if not sup:
            continue
        if name == "223":      # c's rows over (a, b); a's row over (b, c); b's row over (a, c)
            out[name] = Shape(sup, roles, ((2, 0, 1), (0, 1, 2), (1, 0, 2)))
        else:                  # a's rows over (b, h); b's rows over (a, h); h's row over (a, b)
            out[name] = Shape(sup, roles, ((0, 1, 2), (1, 0, 2), (2, 0, 1)))
    return out


def linear_mixtures(Di: np.ndarray) -> np.ndarray:
    """Player ``j``'s mixtures on their support that make player ``i`` indifferent on theirs, the third
    player pure: the solutions ``y`` of ``Di[..., r, :, 0] @ y = 0`` (every row ``r``) with ``sum y = 1``.

    Parameters
    ----------
    Di : ndarray
        Player ``i``'s rows over ``(j, pure)``, shape ``(..., m - 1, m, 1)`` (``m`` = 2 or 3).

    Returns
    -------
    ndarray
        ``y`` of shape ``(..., m)``; not finite where the system is singular.
    """
    D = Di[..., 0]
    m = D.shape[-1]
    if m == 2:
        d0, d1 = D[..., 0, 0], D[..., 0, 1]
        with np.errstate(all="ignore"):
            y0 = d1 / (d1 - d0)
        return np.stack([y0, 1.0 - y0], axis=-1)
    M = np.concatenate([D, np.ones((*D.shape[:-2], 1, m))], axis=-2)
    rhs = np.zeros(M.shape[:-1])
    rhs[..., -1] = 1.0
    det = np.linalg.det(M)
    safe = np.abs(det) > 1e-12
    M[~safe] = np.eye(m)
    y = np.linalg.solve(M, rhs[..., None])[..., 0]
    y[~safe] = np.nan
    return y


def triple_points(T: np.ndarray) -> np.ndarray:
    """Whether three payoff lines of a player meet in one point: ``det [row_0 - row_s, ...]`` over a
    two-strategy mixture of another player, the third pure (0 exactly where they do).

    Parameters
    ----------
    T : ndarray
        The ``"triple"`` tensor of :func:`shapes`: the player's rows (strategies 1, 2 minus strategy 0) over
        the other's two strategies, shape ``(..., 2, 2, 1)``.

    Returns
    -------
    ndarray
        The 2x2 determinants, shape ``(...)``: three lines ``u_s(y) = y T_s0 + (1 - y) T_s1`` meet in a point
        iff the differences from line 0 vanish at one ``y``, iff this determinant is 0.
    """
    D = T[..., 0]
    return D[..., 0, 0] * D[..., 1, 1] - D[..., 0, 1] * D[..., 1, 0]


def _times(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The product of polynomials with coefficients (lowest first) on the last axis."""
    n = u.shape[-1] + v.shape[-1] - 1
    out = np.zeros((*np.broadcast_shapes(u.shape[:-1], v.shape[:-1]), n))
    for d in range(u.shape[-1]):
        out[..., d:d + v.shape[-1]] += u[..., d:d + 1] * v
    return out


def _kernel(M: np.ndarray) -> np.ndarray:
    """The kernels of ``(m - 1) x m`` matrices (last two axes) as their signed maximal minors (``m`` = 2, 3):
    shape ``(..., m)``, 0 where a matrix loses rank."""
    if M.shape[-2] == 1:
        return np.stack([M[..., 0, 1], -M[..., 0, 0]], axis=-1)
    return cross(M[..., 0, :], M[..., 1, :])


def cross(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The cross product of 3-vectors on the last axis (:func:`numpy.cross` without its axis handling)."""
    u0, u1, u2 = u[..., 0], u[..., 1], u[..., 2]
    v0, v1, v2 = v[..., 0], v[..., 1], v[..., 2]
    return np.stack([u1 * v2 - u2 * v1, u2 * v0 - u0 * v2, u0 * v1 - u1 * v0], axis=-1)


def kernels_at(Da: np.ndarray, Db: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The unnormalised mixtures ``x_a(t)``, ``x_b(t)`` of :func:`hidden_two` (the kernels of ``M_b(t)`` and
    ``M_a(t)``) at ``x_h = (t, 1 - t)``.

    Parameters
    ----------
    Da, Db : ndarray
        As for :func:`hidden_two`, shape ``(..., m - 1, m, 2)``.
    t : ndarray
        Shape ``(..., K)``: ``K`` values of ``t`` per support.

    Returns
    -------
    tuple of ndarray
        ``x_a`` and ``x_b``, each of shape ``(..., K, m)``.
    """
    xh = np.stack([t, 1.0 - t], axis=-1)
    Ma = np.einsum("...rbh,...kh->...krb", Da, xh)
    Mb = np.einsum("...rah,...kh->...kra", Db, xh)
    return _kernel(Mb), _kernel(Ma)


def _chebyshev(degree: int) -> tuple[np.ndarray, np.ndarray]:
    """The Chebyshev extreme points ``s_k = cos(pi k / degree)`` and the inverse of their Vandermonde matrix
    (coefficients in ``s`` of the interpolating polynomial from its values)."""
    s = np.cos(np.pi * np.arange(degree + 1) / degree)
    return s, np.linalg.inv(np.vander(s, degree + 1, increasing=True))


_NODES = {d: _chebyshev(d) for d in (2, 4)}


def hidden_two(Da: np.ndarray, Db: np.ndarray, Dh: np.ndarray) -> np.ndarray:
    """The hidden-variable polynomial of a support on which ``h`` mixes over two strategies and ``a, b`` over
    ``m`` each (see the module docstring), in ``s = 2 t - 1``.

    It has degree ``2 (m - 1)``; its coefficients are interpolated from its values at the Chebyshev extreme
    points of ``s`` in [-1, 1] (``x_a``, ``x_b`` there by :func:`kernels_at`).

    Parameters
    ----------
    Da, Db : ndarray
        ``a``'s rows over ``(b, h)`` and ``b``'s over ``(a, h)``, shape ``(..., m - 1, m, 2)``.
    Dh : ndarray
        ``h``'s row over ``(a, b)``, shape ``(..., 1, m, m)``.

    Returns
    -------
    ndarray
        The coefficients in ``s`` (lowest first), shape ``(..., 2 m - 1)``.
    """
    s, inverse = _NODES[2 * (Da.shape[-2] - 1)]
    t = np.broadcast_to((s + 1.0) / 2.0, (*Da.shape[:-3], len(s)))
    xa, xb = kernels_at(Da, Db, t)
    values = np.einsum("...ab,...ka,...kb->...k", Dh[..., 0, :, :], xa, xb)
    return values @ inverse.T


def two_two_three(Dc: np.ndarray) -> np.ndarray:
    """The quadratic ``det M_c(p)`` of a (2,2,3) support (see the module docstring).

    Parameters
    ----------
    Dc : ndarray
        ``c``'s rows over ``(a, b)``, shape ``(..., 2, 2, 2)``.

    Returns
    -------
    ndarray
        Its coefficients in ``p`` (lowest first), shape ``(..., 3)``.
    """
    M = np.stack([Dc[..., 1, :], Dc[..., 0, :] - Dc[..., 1, :]], axis=-1)     # (.., r, b, degree in p)
    return _times(M[..., 0, 0, :], M[..., 1, 1, :]) - _times(M[..., 0, 1, :], M[..., 1, 0, :])


def real_roots(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The roots of real polynomials (coefficients lowest first on the last axis) by batched companion
    eigenvalues, or the quadratic formula for quadratics (real arithmetic, so a real root has imaginary part
    exactly 0), and whether each polynomial is of full degree (a leading coefficient above ``1e-12`` of the
    largest).

    Parameters
    ----------
    coef : ndarray
        Shape ``(..., degree + 1)``.

    Returns
    -------
    tuple of ndarray
        The roots ``(..., degree)`` (complex) and the mask of full-degree polynomials ``(...)``.
    """
    deg = coef.shape[-1] - 1
    size = np.abs(coef).max(axis=-1)
    lead = coef[..., -1]
    full = np.abs(lead) > 1e-12 * size
    if deg == 2:                     # the quadratic formula in its stable form
        c, b = coef[..., 0], coef[..., 1]
        a = np.where(full, lead, 1.0)
        disc = b * b - 4.0 * a * c
        root = np.sqrt(np.abs(disc))
        with np.errstate(all="ignore"):
            q = -0.5 * (b + np.where(b >= 0.0, root, -root))
            real = np.stack([q / a, np.where(q != 0.0, c / q, q / a)], axis=-1)
            pair = (-b / (2.0 * a))[..., None] + np.multiply.outer(root / (2.0 * a), [1j, -1j])
        return np.where((disc >= 0.0)[..., None], real, pair), full
    with np.errstate(all="ignore"):
        monic = coef[..., :-1] / np.where(full, lead, 1.0)[..., None]
    comp = np.zeros((*coef.shape[:-1], deg, deg))
    if deg > 1:
        comp[..., 1:, :-1] = np.eye(deg - 1)
    comp[..., :, -1] = -monic
    return np.linalg.eigvals(comp), full
