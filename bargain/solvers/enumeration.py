"""All equilibria of a two-player game: vertex enumeration of the best-response polytopes.

Shift and scale the payoff matrices ``A`` (row player, ``m x n``) and ``B`` (column player) to be
positive (:func:`~bargain.solvers._polytope.normalise_payoffs`; equilibria are unchanged) and
form the best-response polytopes

    P = {x in R^m : x >= 0, B^T x <= 1},        Q = {y in R^n : A y <= 1, y >= 0}.

Label ``i`` (a row) marks ``x_i = 0`` in ``P`` and ``(A y)_i = 1`` in ``Q``; label ``m + j`` (a
column) marks ``(B^T x)_j = 1`` in ``P`` and ``y_j = 0`` in ``Q``.  A pair ``(x, y) != (0, 0)``
is *completely labelled* when every label ``0..m+n-1`` appears at ``x`` or at ``y``; then
``(x / 1^T x, y / 1^T y)`` is a Nash equilibrium, and the extreme equilibria (vertices of the
equilibrium set's maximal convex pieces) are exactly the completely labelled pairs of vertices
(von Stengel 2002, "Computing equilibria for two-person games", Handbook of Game Theory 3,
thm. 3.6; Avis, Rosenberg, Savani and von Stengel 2010, Econ. Theory 42, sec. 2-3).  This holds
for degenerate games too: there a vertex can have more than ``m`` (or ``n``) labels, and an
equilibrium need not be isolated.

The algorithm:

1. remove strictly dominated strategies, iteratively (no equilibrium uses one, so the
   equilibrium set is unchanged; results are mapped back with zero probabilities);
2. enumerate the vertices of ``P`` with their label sets (:mod:`bargain.solvers._polytope`: Qhull
   on the polar, or batched basis enumeration for small games) -- labels are recomputed from the
   slacks of all inequalities, never read off a triangulated simplex;
3. for a *simple* vertex ``x`` (exactly ``m`` labels) the missing labels fix ``n`` tight
   inequalities of ``Q``; vertices where a row of the support is strictly dominated on the
   best-response columns cannot have a partner and are skipped (:func:`dominated_on`), the other
   square systems are solved with one batched LU per system size, and a feasible solution is
   the only possible partner ``y``;
4. only if some vertex is degenerate (more than ``m`` labels) or its system is singular are the
   vertices of ``Q`` enumerated too, and those vertices of ``P`` are matched with every vertex of
   ``Q`` whose labels complete theirs (boolean broadcast over label rows);
5. in exact mode (rational payoffs) every vertex found is rebuilt exactly from its labels by
   fraction-free elimination (:mod:`bargain.solvers.enum_exact`), its exact label set recomputed,
   and complete labelling re-checked exactly, so no rounding decides an answer.  Payoffs that
   differ by less than float resolution (near-ties such as ``3`` vs ``3 + 10**-13``) can merge
   several exact vertices into one float vertex; such a vertex fails the exact rebuild, and then
   both polytopes are enumerated, merged vertices are split by solving every basis among their
   labels exactly, and all exact vertices are matched on their exact labels;
6. every equilibrium is verified by :func:`~bargain.solvers.result.make_equilibrium`, and the
   extreme equilibria are grouped into maximal Nash subsets and connected components
   (:mod:`bargain.solvers.components`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from bargain.errors import GameError
from bargain.linalg.batched import solve_label_systems
from bargain.linalg.exact import integer_matrix
from bargain.model.game import Game
from bargain.solvers._polytope import (
    LABEL_TOLERANCE,
    _trues,
    normalise_payoffs,
    polytope_vertices,
    unique_rows,
)
from bargain.solvers.components import connected_components, maximal_bicliques
from bargain.solvers.enum_exact import ExactVertex, label_row, rebuild, resolve
from bargain.solvers.progress import Progress, ticker
from bargain.solvers.registry import register
from bargain.solvers.result import Component, Equilibria, make_equilibrium

__all__ = ["enumeration_solve", "strictly_undominated", "extreme_pairs", "describe_nash_subset", "dominated_on",
           "reduced_positive", "oriented_pairs", "equilibria_from_pairs", "exact_extreme_pairs"]

METHOD = "enumeration"
#: Largest number of (vertex of P, vertex of Q) label rows matched in one broadcast.
_MATCH_CHUNK = 4_000_000
#: Percent of a solve reported done after the vertices of P, after all pairs, after the exact rebuild
#: (vertex enumeration by Qhull is the bulk of the work on big games; then each equilibrium's verification).
_AFTER_P, _AFTER_PAIRS, _AFTER_REBUILD = 40, 55, 65


def strictly_undominated(A: np.ndarray, B: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns that survive iterated elimination of strategies strictly dominated by a pure one.

    Row ``a`` is removed when some row ``b`` has ``A[b, s] > A[a, s] + tol`` for every remaining
    column ``s`` (and likewise for columns with ``B``).  Strictly dominated strategies are never
    played in equilibrium, so the equilibrium set is unchanged (Fudenberg and Tirole 1991, sec. 2.1).
    """
    rows, cols = np.arange(A.shape[0]), np.arange(A.shape[1])
    a, b = A, B
    while True:
        dom_r = np.all(a[:, None, :] > a[None, :, :] + tol, axis=2).any(axis=0) if len(rows) > 1 else None
        dom_c = np.all(b.T[:, None, :] > b.T[None, :, :] + tol, axis=2).any(axis=0) if len(cols) > 1 else None
        changed = False
        if dom_r is not None and dom_r.any():
            rows, changed = rows[~dom_r], True
        if dom_c is not None and dom_c.any():
            cols, changed = cols[~dom_c], True
        if not changed:
            return rows, cols
        a, b = A[rows][:, cols], B[rows][:, cols]


#: Largest number of columns for which :func:`dominated_on` tabulates every column subset.
_DOMINANCE_TABLE_MAX_COLUMNS = 12


def dominated_on(A: np.ndarray, S: np.ndarray, R: np.ndarray, margin: float) -> np.ndarray:
    """For each pair of masks ``(S_t, R_t)``: is some row of ``S_t`` beaten by ``margin`` on all of ``R_t``?

    If ``A[i', j] > A[i, j] + margin`` for every ``j`` in ``R`` with ``i`` in ``S``, no ``y >= 0``
    supported on ``R`` has ``(A y)_i = 1 >= (A y)_{i'}``, so a vertex of ``P`` with support ``S``
    and best responses ``R`` has no partner in ``Q``.  With ``A`` in ``[1, 2]`` (so ``1^T y >= 1/2``
    at any partner) a margin of ``64 * tol`` keeps this exclusion clear of the label tolerance.
    Computed from a table over every column subset (bit masks), so only for at most
    :data:`_DOMINANCE_TABLE_MAX_COLUMNS` columns; otherwise nothing is marked.
    """
    n = A.shape[1]
    if n > _DOMINANCE_TABLE_MAX_COLUMNS or len(S) == 0:
        return np.zeros(len(S), dtype=bool)
    bits, subsets = _bit_masks(n)
    beats = (A[None, :, :] > A[:, None, :] + margin).astype(np.int16) @ bits   # [i, i']: columns where i' beats i
    table = ((beats[:, :, None] & subsets) == subsets).any(axis=1)              # [i, R]: row i beaten on R
    # (a product with ones: a reduction along the short last axis costs more)
    return (table.T[R @ bits] & S) @ _trues(len(A))


@functools.lru_cache(maxsize=16)
def _bit_masks(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The bit of each of ``n <= 12`` columns and every subset's mask, as int16 (read-only)."""
    bits = np.int16(1) << np.arange(n, dtype=np.int16)        # n <= 12: masks fit in int16
    subsets = np.arange(1 << n, dtype=np.int16)
    bits.flags.writeable = subsets.flags.writeable = False
    return bits, subsets


@dataclass
class _Pairs:
    """Completely labelled vertex pairs: vertex coordinates, labels and the pairing edges."""

    X: np.ndarray          # (Vx, m) vertices of P (edges index these)
    LX: np.ndarray         # (Vx, m+n) their labels
    Y: np.ndarray          # (Vy, n) vertices of Q (edges index these)
    LY: np.ndarray         # (Vy, m+n) their labels (global numbering)
    edges: list[tuple[int, int]]
    P_all: tuple[np.ndarray, np.ndarray] | None = None   # every vertex of P with labels, if enumerated
    Q_all: tuple[np.ndarray, np.ndarray] | None = None   # every vertex of Q with labels, if enumerated

    def swapped(self) -> _Pairs:
        """The same pairs for the transposed game (players' roles exchanged)."""
        k = self.X.shape[1]      # strategies of this game's row player = columns of the transposed game

        def relabel(L: np.ndarray) -> np.ndarray:
            return np.concatenate([L[:, k:], L[:, :k]], axis=1)

        def side(v: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, np.ndarray] | None:
            return None if v is None else (v[0], relabel(v[1]))

        return _Pairs(self.Y, relabel(self.LY), self.X, relabel(self.LX), sorted((b, a) for a, b in self.edges),
                      side(self.Q_all), side(self.P_all))


def extreme_pairs(A: np.ndarray, B: np.ndarray, tol: float = LABEL_TOLERANCE,
                  vertex_method: str = "auto", tick: Callable[[int], None] | None = None) -> _Pairs:
    """Every completely labelled pair of vertices of ``P`` and ``Q`` for positive matrices ``A``, ``B``.

    ``tick`` (optional) is told ``_AFTER_P`` once the vertices of ``P`` are known (percent of the solve).
    """
    m, n = A.shape
    X, LX = polytope_vertices(B.T, tol, vertex_method)      # labels: x_i = 0 (i < m), (B^T x)_j = 1
    if tick is not None:
        tick(_AFTER_P)
    HQ = np.vstack([A, -np.eye(n)])                          # Q's inequalities in label order
    hq = np.concatenate([np.ones(m), np.zeros(n)])

    # A simple vertex x with support S has exactly |S| best-response columns R, and its partner
    # must satisfy (A y)_i = 1 for i in S and y_j = 0 off R: the k x k system A[S, R] y_R = 1.
    simple = np.flatnonzero((np.count_nonzero(LX, axis=1) == m) & (np.count_nonzero(LX[:, :m], axis=1) < m))
    S_mask, R_mask = ~LX[simple, :m], LX[simple, m:]
    # About half of the vertices have a row of S dominated on R: no partner, no system to solve.
    live = ~dominated_on(A, S_mask, R_mask, 64 * tol)
    Ys = np.zeros((len(simple), n))
    ok = np.ones(len(simple), dtype=bool)
    Ys[live], ok[live] = solve_label_systems(A, S_mask[live], R_mask[live])
    # y >= 0 first (cheap, rejects most vertices), then A y <= 1 on the survivors only.
    cand_rows = np.flatnonzero(live & ok & (Ys.min(axis=1, initial=0.0) >= -tol))
    slack = hq[None, :] - Ys[cand_rows] @ HQ.T
    good_rows = np.all(slack >= -tol, axis=1)
    feasible = cand_rows[good_rows]
    slack = slack[good_rows]
    hard = np.ones(len(X), dtype=bool)
    hard[simple[ok]] = False

    ys = [Ys[feasible]]
    lys = [np.abs(slack) <= tol]
    cand: list[tuple[int, int]] = [(int(k), j) for j, k in enumerate(simple[feasible])]
    q_all = None
    if hard.any():
        Yq, Lraw = polytope_vertices(A, tol, vertex_method)  # labels: y_j = 0 (j < n), (A y)_i = 1
        Lq = np.concatenate([Lraw[:, n:], Lraw[:, :n]], axis=1)
        hx = np.flatnonzero(hard)
        step = max(1, _MATCH_CHUNK // max(1, len(Yq) * (m + n)))
        base = len(ys[0])
        for s in range(0, len(hx), step):
            block = hx[s:s + step]
            full = (LX[block][:, None, :] | Lq[None, :, :]).all(axis=2)
            for a, b in zip(*np.nonzero(full), strict=True):
                cand.append((int(block[a]), base + int(b)))
        ys.append(Yq)
        lys.append(Lq)
        q_all = (Yq, Lq)
    Y = np.concatenate(ys, axis=0) if ys else np.zeros((0, n))
    LY = np.concatenate(lys, axis=0) if lys else np.zeros((0, m + n), dtype=bool)
    # Merge equal vertices of Q (same labels) and keep only those in some pair.
    first, group = unique_rows(LY) if len(LY) else (np.zeros(0, int), np.zeros(0, int))
    used = sorted({int(group[b]) for _, b in cand})
    renum = {g: k for k, g in enumerate(used)}
    edges = sorted({(a, renum[int(group[b])]) for a, b in cand})
    keep = first[used] if used else np.zeros(0, dtype=int)
    return _Pairs(X, LX, Y[keep], LY[keep], edges, (X, LX), q_all)


def _embed(v, kept: np.ndarray, size: int, zero):
    out = [zero] * size
    for k, p in zip(kept, v, strict=True):
        out[int(k)] = p
    return out


def _exact_equilibria(game: Game, rows: np.ndarray, cols: np.ndarray, A: np.ndarray, B: np.ndarray,
                      pairs: _Pairs, vertex_method: str,
                      ) -> tuple[list[tuple[tuple, tuple]], int, bool]:
    """Exact extreme equilibria from the float pairs: ``(pairs of exact strategies, failures, near-ties)``.

    Every vertex in a float pair is rebuilt exactly from its labels (:func:`enum_exact.rebuild`)
    and complete labelling is re-checked on the exact label sets.  Float arithmetic can merge
    exact vertices that are closer than its tolerance (payoffs with near-ties); that shows as a
    float vertex whose labels are not all exactly tight.  If any such vertex is met -- among the
    pairs or among the degenerate vertices of an enumerated polytope -- both polytopes are
    enumerated, every merged vertex is split into its exact vertices (:func:`enum_exact.resolve`),
    and all exact vertices are matched by their exact labels.
    """
    Aq, Bq = game.exact_matrices()
    Aq, Bq = Aq[np.ix_(rows, cols)], Bq[np.ix_(rows, cols)]
    m, n = Aq.shape
    Bi = integer_matrix(Bq)                 # opponent's payoffs for x: rows = x's strategies
    Ati = integer_matrix(Aq.T)              # opponent's payoffs for y: rows = y's strategies

    def q_local(L: np.ndarray) -> np.ndarray:          # Q's global labels -> [y unused, rows best]
        return np.concatenate([L[m:], L[:m]])

    def complete(vx: ExactVertex, vy: ExactVertex) -> bool:
        return len(vx[1] | vy[2]) == m and len(vx[2] | vy[1]) == n

    near = False
    for side, M, own, local in ((pairs.P_all, Bi, m, lambda L: L), (pairs.Q_all, Ati, n, q_local)):
        if side is not None and not near:
            for k in np.flatnonzero(side[1].sum(axis=1) > own):
                if rebuild(M, local(side[1][k]), own) is None:
                    near = True
                    break
    out: list[tuple[tuple, tuple]] = []
    failed = 0
    if not near:
        xs = {a: rebuild(Bi, pairs.LX[a], m) for a in {a for a, _ in pairs.edges}}
        ys = {b: rebuild(Ati, q_local(pairs.LY[b]), n) for b in {b for _, b in pairs.edges}}
        if any(v is None for v in (*xs.values(), *ys.values())):
            near = True
        else:
            seen = set()
            for a, b in pairs.edges:
                if complete(xs[a], ys[b]) and (xs[a][0], ys[b][0]) not in seen:
                    seen.add((xs[a][0], ys[b][0]))
                    out.append((xs[a][0], ys[b][0]))
            return out, 0, False
    # Near-ties: enumerate both polytopes and resolve every float vertex exactly.
    P_all = pairs.P_all or polytope_vertices(B.T, LABEL_TOLERANCE, vertex_method)
    if pairs.Q_all is not None:
        Q_all = pairs.Q_all
    else:
        Yq, Lraw = polytope_vertices(A, LABEL_TOLERANCE, vertex_method)
        Q_all = (Yq, np.concatenate([Lraw[:, n:], Lraw[:, :n]], axis=1))
    ex: list[ExactVertex | None] = []
    ex_rows: list[np.ndarray] = []
    for L in P_all[1]:
        for v in (resolve(Bi, L, m)[0] if L.sum() > m else [rebuild(Bi, L, m)]):
            if v is None:
                failed += 1
                continue
            ex.append(v)
            ex_rows.append(label_row(v, m, n))
    ey: list[ExactVertex] = []
    ey_rows: list[np.ndarray] = []
    for Lg in Q_all[1]:
        L = q_local(Lg)
        for v in (resolve(Ati, L, n)[0] if L.sum() > n else [rebuild(Ati, L, n)]):
            if v is None:
                failed += 1
                continue
            ey.append(v)
            lr = label_row(v, n, m)
            ey_rows.append(np.concatenate([lr[n:], lr[:n]]))
    if ex and ey:
        LXe, LYe = np.array(ex_rows), np.array(ey_rows)
        seen = set()
        step = max(1, _MATCH_CHUNK // (len(LYe) * (m + n)))
        for s in range(0, len(LXe), step):
            full = (LXe[s:s + step, None, :] | LYe[None, :, :]).all(axis=2)
            for a, b in zip(*np.nonzero(full), strict=True):
                key = (ex[s + a][0], ey[b][0])
                if key not in seen and complete(ex[s + a], ey[b]):
                    seen.add(key)
                    out.append(key)
    return out, failed, True


def describe_nash_subset(game: Game, edges: list[tuple[int, int]], component: int, subset: tuple[int, ...]) -> str:
    """One sentence saying which set of profiles a maximal Nash subset is, by equilibrium numbers (1-based).

    The subset is ``conv{x_k} x conv{y_k}`` over its extreme equilibria ``k``; a player whose
    strategy is the same in all of them is "fixed", the other mixes over the listed strategies.
    """
    xs: dict[int, int] = {}
    ys: dict[int, int] = {}
    for k in subset:
        xs.setdefault(edges[k][0], k)
        ys.setdefault(edges[k][1], k)
    nums = ", ".join(f"#{k + 1}" for k in subset)
    parts = []
    for player, reps in ((game.players[0], xs), (game.players[1], ys)):
        if len(reps) == 1:
            parts.append(f"{player} plays its strategy of #{next(iter(reps.values())) + 1}")
        else:
            which = ", ".join(f"#{k + 1}" for k in reps.values())
            parts.append(f"{player} plays any mixture of its strategies in {which}")
    if len(subset) == 2:
        shape = f"a segment of equilibria from #{subset[0] + 1} to #{subset[1] + 1}"
    else:
        shape = f"a polytope of equilibria with extreme points {nums}"
    return f"c{component + 1}: {shape}: {' and '.join(parts)}"


@register(METHOD, players="2", complete=True, exact=True, aliases=("vertex", "enummixed", "vertex-enumeration"),
          description="all extreme equilibria of a two-player game by vertex enumeration of the best-response "
                      "polytopes, grouped into maximal Nash subsets and components (exact with rational payoffs)")
def enumeration_solve(game: Game, *, exact: bool = False, tol: float | None = None,
                         eliminate_dominated: bool = True, vertex_method: str = "auto",
                         progress: Progress | None = None) -> Equilibria:
    """Every extreme Nash equilibrium of a two-player game, with its components.

    Parameters
    ----------
    game: a two-player :class:`~bargain.model.game.Game`.
    exact: rebuild and verify every equilibrium in rational arithmetic (needs an exact game).
    tol: regret tolerance for float verification (default ``game.tolerance``).
    eliminate_dominated: remove strictly dominated pure strategies first (never changes the answer).
    vertex_method: ``"auto"``, ``"hull"`` (Qhull on the polar) or ``"basis"`` (basis enumeration).
    progress: optional ``progress(done, 100)``, the percent of the work done by stage (vertices of
        the first polytope, all pairs, the exact rebuild, then each equilibrium verified in turn).

    On a nondegenerate game the equilibria are finitely many and all are returned.  On a
    degenerate game every *extreme* equilibrium is returned; ``Equilibria.components`` groups them
    into connected sets, each a union of maximal Nash subsets ``conv(X) x conv(Y)`` listed in
    ``Component.nash_subsets`` -- every point of those convex hulls is an equilibrium too.
    """
    if game.n_players != 2:
        raise GameError(f"method {METHOD!r} solves two-player games; this game has {game.n_players} players "
                        "(use method='auto')")
    if vertex_method not in ("auto", "hull", "basis"):
        raise GameError(f"vertex_method must be 'auto', 'hull' or 'basis', not {vertex_method!r}")
    if exact and not game.is_exact:
        raise GameError("exact=True needs rational payoffs: call game.to_exact() or bargain.solve(game, exact=True)")
    t = game.tolerance if tol is None else float(tol)
    tick = ticker(progress, 100)
    A0, B0 = game.matrices()
    rows, cols, A, B = reduced_positive(A0, B0, game.tolerance, eliminate_dominated)
    pairs = oriented_pairs(A, B, vertex_method, tick)
    return equilibria_from_pairs(game, rows, cols, A, B, pairs, exact=exact, tol=t, vertex_method=vertex_method,
                                 tick=tick)


def reduced_positive(A0: np.ndarray, B0: np.ndarray, tol: float, eliminate_dominated: bool = True,
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Steps 1-2 of the algorithm: the undominated rows and columns, and the payoffs there mapped to ``[1, 2]``.

    Parameters
    ----------
    A0, B0 : numpy.ndarray
        The row and column player's float payoff matrices.
    tol : float
        Margin of strict dominance (:func:`strictly_undominated`).
    eliminate_dominated : bool, default True
        Remove strictly dominated strategies first.

    Returns
    -------
    tuple of numpy.ndarray
        ``(rows, cols, A, B)``: the kept strategies' indices and the reduced game's matrices mapped
        to ``[1, 2]`` (:func:`~bargain.solvers._polytope.normalise_payoffs`).

    References
    ----------
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*, MIT Press, sec. 2.1; von Stengel (2002), sec. 3.
    """
    if eliminate_dominated:
        rows, cols = strictly_undominated(A0, B0, tol)
    else:
        rows, cols = np.arange(A0.shape[0]), np.arange(A0.shape[1])
    if len(rows) < A0.shape[0] or len(cols) < A0.shape[1]:
        A0, B0 = A0[rows][:, cols], B0[rows][:, cols]
    return rows, cols, normalise_payoffs(A0), normalise_payoffs(B0)


def oriented_pairs(A: np.ndarray, B: np.ndarray, vertex_method: str = "auto",
                   tick: Callable[[int], None] | None = None) -> _Pairs:
    """:func:`extreme_pairs` enumerating the polytope of lower dimension (the transposed game if needed).

    Parameters
    ----------
    A, B : numpy.ndarray
        Positive payoff matrices (from :func:`reduced_positive`).
    vertex_method : str, default 'auto'
        As for :func:`enumeration_solve`.
    tick : callable, optional
        Progress callback (percent of the solve).

    Returns
    -------
    _Pairs
        The completely labelled vertex pairs, oriented as for ``(A, B)``.

    References
    ----------
    von Stengel (2002), "Computing equilibria for two-person games", sec. 3.
    """
    if A.shape[0] > A.shape[1]:
        return extreme_pairs(B.T, A.T, vertex_method=vertex_method, tick=tick).swapped()
    return extreme_pairs(A, B, vertex_method=vertex_method, tick=tick)


def equilibria_from_pairs(game: Game, rows: np.ndarray, cols: np.ndarray, A: np.ndarray, B: np.ndarray,
                          pairs: _Pairs, *, exact: bool, tol: float, vertex_method: str = "auto",
                          tick: Callable[[int], None] | None = None) -> Equilibria:
    """Steps 5-6 of the algorithm: the verified equilibria of ``game`` from its completely labelled pairs.

    Parameters
    ----------
    game : Game
        The two-player game (exact when ``exact``).
    rows, cols, A, B : numpy.ndarray
        As returned by :func:`reduced_positive`.
    pairs : _Pairs
        As returned by :func:`oriented_pairs` for ``A``, ``B``.
    exact : bool
        Rebuild and verify every equilibrium in rational arithmetic.
    tol : float
        Bound on every player's regret in float verification.
    vertex_method : str, default 'auto'
        Vertex enumeration used if near-ties need both polytopes (exact mode).
    tick : callable, optional
        Progress callback (percent of the solve).

    Returns
    -------
    Equilibria
        The verified extreme equilibria with their components and notes (complete unless a
        vertex could not be rebuilt exactly).

    References
    ----------
    Avis, Rosenberg, Savani and von Stengel (2010), sec. 2-3.
    """
    t = tol
    m0, n0 = game.shape
    if tick is not None:
        tick(_AFTER_PAIRS)
    notes: list[str] = []

    profiles: list[tuple] = []
    edges: list[tuple[int, int]] = []
    failed = 0
    if exact:
        exact_pairs, failed, near = _exact_equilibria(game, rows, cols, A, B, pairs, vertex_method)
        ex_ids: dict[tuple, int] = {}
        ey_ids: dict[tuple, int] = {}
        for xq, yq in exact_pairs:
            edges.append((ex_ids.setdefault(xq, len(ex_ids)), ey_ids.setdefault(yq, len(ey_ids))))
            profiles.append((_embed(xq, rows, m0, Fraction(0)), _embed(yq, cols, n0, Fraction(0))))
        if near:
            notes.append("payoffs with near-ties (closer than floating point resolves): vertices were resolved "
                         "in exact arithmetic")
        if failed:
            notes.append(f"{failed} floating-point vertex/vertices could not be rebuilt in exact arithmetic "
                         "(ill-conditioned payoffs); their equilibria may be missing")
    else:
        m = len(rows)
        edges = list(pairs.edges)
        ia = np.array([a for a, _ in edges], dtype=np.intp)
        ib = np.array([b for _, b in edges], dtype=np.intp)
        # strategies labelled unused are exactly 0 (not 1e-17); each vertex scaled to a mixed strategy
        xs = np.where(pairs.LX[ia, :m], 0.0, pairs.X[ia])
        ys = np.where(pairs.LY[ib, m:], 0.0, pairs.Y[ib])
        xf = np.zeros((len(ia), m0))
        yf = np.zeros((len(ib), n0))
        xf[:, rows] = np.clip(xs / xs.sum(axis=1, keepdims=True), 0.0, None)
        yf[:, cols] = np.clip(ys / ys.sum(axis=1, keepdims=True), 0.0, None)
        profiles = list(zip(xf, yf, strict=True))

    # Deterministic order: descending lexicographic in (x, y), pure first strategies first.
    # (Float keys are rounded so that ties such as 1/3 vs 0.33333333333333337 order as exact ones do.)
    if exact:
        keys = [([-p for p in x], [-p for p in y]) for x, y in profiles]
    else:
        flat = -np.round(np.concatenate([xf, yf], axis=1), 9)
        keys = [tuple(row) for row in flat.tolist()]
    order = sorted(range(len(profiles)), key=keys.__getitem__)
    profiles = [profiles[k] for k in order]
    edges = [edges[k] for k in order]
    comps = connected_components(edges)
    comp_of = {e: ci for ci, members in enumerate(comps) for e in members}
    components = []
    for ci, members in enumerate(comps):
        if len(members) == 1:      # an isolated equilibrium is its own maximal Nash subset
            subsets: tuple[tuple[int, ...], ...] = ((members[0],),)
        else:
            sub = [edges[e] for e in members]
            subsets = tuple(tuple(members[k] for k in bic) for bic in maximal_bicliques(sub))
        components.append(Component(ci, tuple(members), subsets))
    if tick is not None:
        tick(_AFTER_REBUILD)
    eqs = []
    for k, (x, y) in enumerate(profiles):
        eqs.append(make_equilibrium(game, [np.array(x, dtype=object), np.array(y, dtype=object)] if exact else [x, y],
                                    METHOD, exact=exact, tol=t, component=comp_of[k]))
        if tick is not None:
            tick(_AFTER_REBUILD + (100 - _AFTER_REBUILD) * (k + 1) // len(profiles))
    if tick is not None:
        tick(100)
    if any(not c.is_isolated for c in components):
        notes.append("degenerate game: a component with several extreme equilibria is a connected set of "
                     "equilibria; each of its maximal Nash subsets conv(x's) x conv(y's) consists of equilibria")
        notes += [describe_nash_subset(game, edges, c.index, s) for c in components if not c.is_isolated
                  for s in c.nash_subsets]
    if len(rows) < m0 or len(cols) < n0:
        gone = [game.strategies[0][k] for k in sorted(set(range(m0)) - set(rows.tolist()))] + \
               [game.strategies[1][k] for k in sorted(set(range(n0)) - set(cols.tolist()))]
        notes.append(f"strictly dominated strategies removed first (never played in equilibrium): {', '.join(gone)}")
    return Equilibria(game, eqs, METHOD, complete=not failed, components=components, notes=notes)


def exact_extreme_pairs(game: Game) -> tuple[list[tuple[list[Fraction], list[Fraction]]], int]:
    """Steps 1-5 of the algorithm in rational arithmetic: the extreme equilibria as bare strategy pairs.

    What :func:`enumeration_solve` with ``exact=True`` finds, without building an equilibrium
    object, its regret check or the components: for a caller that solves many games and checks
    each pair itself (:mod:`bargain.analysis.symbolic.vertices` reads off the exact best responses).

    Parameters
    ----------
    game : Game
        An exact two-player game (rational payoffs).

    Returns
    -------
    pairs : list of tuple
        ``(x, y)``, lists of Fractions over all strategies, one per extreme equilibrium.
    failed : int
        Float vertices that could not be rebuilt exactly (0: the list is complete).

    References
    ----------
    Avis, Rosenberg, Savani and von Stengel (2010), sec. 2-3; von Stengel (2002), sec. 3.
    """
    if game.n_players != 2 or not game.is_exact:
        raise GameError("exact_extreme_pairs needs an exact two-player game")
    A0, B0 = game.matrices()
    rows, cols, A, B = reduced_positive(A0, B0, game.tolerance)
    pairs = oriented_pairs(A, B)
    found, failed, _ = _exact_equilibria(game, rows, cols, A, B, pairs, "auto")
    m0, n0 = game.shape
    return [(_embed(x, rows, m0, Fraction(0)), _embed(y, cols, n0, Fraction(0))) for x, y in found], failed
