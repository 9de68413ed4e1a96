"""The fast method of :mod:`bargain.solvers.batch`: every support profile solved for a whole batch.

The games are normalised three-player games ``U`` of shape ``(B, 3, sa, sb, sc)`` with ``sc`` in
{1, 2} (a two-player game gets a dummy third player).  For each support profile the indifference
system is solved for all games at once (see the module docstring of
:mod:`bargain.solvers.batch` for the algebra), after pruning by iterated strict dominance and
conditional dominance; candidates are verified in one vectorised pass.  Points where any step is
unsure are reported, never guessed: the caller re-solves them with the full solver.
"""

from __future__ import annotations

import numpy as np

from bargain.model.dominance import ConditionalDominance
from bargain.solvers.batch.closed import BLOCK, closed_form_supported, two_player_candidates
from bargain.solvers.batch.common import MARGIN, REL_TOL, Candidates, candidate_statuses
from bargain.solvers.batch.mixed_closed import CLOSED_SIZES, MAX_CLOSED_SIDE, mixed_candidates
from bargain.solvers.batch.systems import mixed_offbyone, mixed_overdetermined, mixed_square, pure_candidates
from bargain.solvers.polynomial.support import subsets

__all__ = ["MARGIN", "REL_TOL", "fast_chunk", "tied_chunk", "verify_candidates"]

#: Points of a chunk (evenly spread) on which iterated dominance is tried first (see :func:`fast_chunk`).
PROBE = 64
#: Share of the probe that dominance must solve outright for it to run on the whole chunk.
DOMINANCE_WORTH = 0.4
#: Candidates verified per pass (bounds the working arrays; each pass costs a few hundred array calls).
VERIFY_BLOCK = 16 * BLOCK


def _undominated(U: np.ndarray, cond: ConditionalDominance) -> list[np.ndarray]:
    """Per game, the strategies that survive iterated elimination of strictly dominated strategies.

    A strategy beaten by another pure strategy by more than ``MARGIN`` against every surviving
    profile of the others is never used in an equilibrium, and removing it keeps every equilibrium
    (Fudenberg and Tirole 1991, sec. 2.1).  Vectorised over the batch; returns one ``(B, s_i)``
    mask per player.  Supports using a dead strategy are skipped for that game.  ``cond`` (strict,
    margin ``MARGIN``) supplies the packed relation "``k'`` does not beat ``k`` at profile ``r``".
    """
    B, n = U.shape[0], U.shape[1]
    shape = U.shape[2:]
    alive = [np.ones((B, s), bool) for s in shape]
    # packed[i][b, k', k]: bit r set when u_i(k', r) - u_i(k, r) <= MARGIN, i.e. k' does NOT beat k
    # at the others' profile r (r = flat index over the others' strategies); k never beats itself.
    packed = [cond.not_beating(i) if shape[i] >= 2 else None for i in range(n)]
    todo = np.arange(B)                       # games whose alive sets changed in the last round
    for _ in range(sum(shape)):
        changed = np.zeros(B, bool)
        for i in range(n):
            w = packed[i]
            if w is None or todo.size == 0:
                continue
            others = [alive[j][todo] for j in range(n) if j != i]
            opp = others[0]
            for o in others[1:]:
                opp = (opp[:, :, None] & o[:, None, :]).reshape(todo.size, -1)
            opp_bits = opp @ (1 << np.arange(opp.shape[1], dtype=np.int64))
            wt = w if todo.size == B else w[todo]
            ai = alive[i][todo]
            dead = np.zeros_like(ai)
            for kp in range(shape[i]):
                beats = (wt[:, kp, :] & opp_bits[:, None]) == 0          # k' = kp beats k everywhere alive
                dead |= beats & ai[:, kp:kp + 1]
            dead &= ai
            hit = dead.any(axis=1)
            if hit.any():
                alive[i][todo[hit]] &= ~dead[hit]
                changed[todo[hit]] = True
        todo = np.flatnonzero(changed)
        if todo.size == 0:
            break
    return alive


def fast_chunk(U: np.ndarray, suspect_unsure: bool = False) -> tuple[Candidates, np.ndarray]:
    """Candidates for a chunk of normalised 3-player games ``U`` (B, 3, sa, sb, sc), ``sc`` in {1, 2}.

    Returns the candidates and a per-point ``unsure`` mask.  With ``suspect_unsure`` (two-player
    games, whose unsure points the caller solves by batched vertex enumeration) the points the
    closed forms call suspect are reported unsure at once instead of going through the general
    support loop, which costs more there.  In three-player games (``sc = 2``)
    the chunk is first reduced by iterated elimination of strictly dominated strategies (needed by
    the support loop anyway): at a point where one strategy of every player survives, that pure
    profile is the point's only equilibrium (strictly dominated strategies are played in no
    equilibrium, and a profile left alone by the elimination is an equilibrium: Fudenberg and
    Tirole 1991, sec. 2.1; Osborne and Rubinstein 1994, sec. 2.9), and no support system is solved
    there.  The candidate is verified with every other one.  The remaining points go through
    :func:`_support_chunk`.  Up to 3x3x2, where every support is in closed form, the elimination
    runs only when it solves at least :data:`DOMINANCE_WORTH` of a probe of :data:`PROBE` points
    spread over the chunk outright (shipped games often; random games rarely).

    References
    ----------
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, sec. 2.1.
    Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*. MIT Press, sec. 2.9.
    """
    B, sa, sb, sc = U.shape[0], U.shape[2], U.shape[3], U.shape[4]
    if sc < 2:
        return _support_chunk(U, None, suspect_unsure)
    if max(sa, sb) <= MAX_CLOSED_SIDE and B > PROBE:
        # Every support in closed form (up to 3x3x2): dominance only prunes the general loop, which
        # runs at suspect points alone, and saves the closed forms at the points it solves.  Worth
        # its cost only if it solves many: decided on a probe of points spread over the chunk.
        sample = U[np.linspace(0, B - 1, PROBE).astype(np.intp)]
        probe = _undominated(sample, ConditionalDominance(sample, MARGIN))
        if np.mean(np.logical_and.reduce([al.sum(axis=1) == 1 for al in probe])) < DOMINANCE_WORTH:
            return _support_chunk(U, None)
    alive = _undominated(U, ConditionalDominance(U, MARGIN))
    solved = np.logical_and.reduce([al.sum(axis=1) == 1 for al in alive])
    if not solved.any():
        return _support_chunk(U, alive)
    cands = Candidates()
    done = np.flatnonzero(solved)
    cands.add(done, *(al[done].astype(float) for al in alive))
    unsure = np.zeros(B, bool)
    rest = np.flatnonzero(~solved)
    if rest.size:
        sub, sub_unsure = _support_chunk(U[rest], [al[rest] for al in alive])
        unsure[rest[sub_unsure]] = True
        for r, x, y, z in zip(sub.rows, sub.x, sub.y, sub.z, strict=True):
            cands.add(rest[r], x, y, z)
    return cands, unsure


def _support_chunk(U: np.ndarray, alive: list[np.ndarray] | None,
                   suspect_unsure: bool = False) -> tuple[Candidates, np.ndarray]:
    """Support enumeration for a chunk (``alive``: the strategies surviving iterated strict dominance,
    when already known; ``suspect_unsure``: see :func:`fast_chunk`).

    While ``c`` plays a pure strategy the game is a two-player game between ``a`` and ``b``: for
    sides up to :data:`~bargain.solvers.batch.closed.MAX_SIDE` its equal-size supports are solved in
    closed form for the whole chunk (:func:`~bargain.solvers.batch.closed.two_player_candidates`),
    and only the points it calls suspect (degenerate or nearly so) go through the general support
    loop below.  In that loop each support profile is solved only for the games in which none of
    its strategies is iteratively strictly dominated.
    """
    B, _, sa, sb, sc = U.shape
    if not closed_form_supported(sa, sb):
        return _general_chunk(U, np.ones(B, bool), alive)
    cands = Candidates()
    suspect = np.zeros(B, bool)
    found = []
    for k in range(sc):
        rows, x, y, sus = two_player_candidates(U[:, 0, :, :, k], np.swapaxes(U[:, 1, :, :, k], 1, 2))
        if sc > 1:                          # drop the candidates c leaves: verification rejects them
            keep = _c_stays(U, rows, x, y, k)
            rows, x, y = rows[keep], x[keep], y[keep]
        z = np.zeros((rows.size, sc))
        z[:, k] = 1.0
        found.append((rows, x, y, z))
        suspect |= sus
    for rows, x, y, z in found:
        cands.add_unless(rows, x, y, z, suspect)
    if sc == 1:
        if suspect_unsure:
            return cands, suspect
        return _general_on(U, cands, suspect, np.ones(B, bool), None, alive)
    # c mixes: the small supports in closed form for every point, the rest in the general loop.
    rows, x, y, z, mixed_suspect = mixed_candidates(U)
    cands.add_unless(rows, x, y, z, mixed_suspect)
    if max(sa, sb) <= MAX_CLOSED_SIDE:     # every support in closed form: the general loop at suspect points only
        return _general_on(U, cands, suspect | mixed_suspect, suspect, mixed_suspect, alive)
    rest, unsure = _general_chunk(U, suspect, alive, mixed_suspect)
    for r, x, y, z in zip(rest.rows, rest.x, rest.y, rest.z, strict=True):
        cands.add(r, x, y, z)
    return cands, unsure


def _c_stays(U: np.ndarray, rows: np.ndarray, x: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Per candidate ``(x, y)`` with ``c`` on its pure strategy ``k``: is ``c``'s regret at most ``MARGIN``?

    ``c``'s payoffs against ``x, y`` are summed exactly as :func:`_payoff_vectors` sums them, so a
    candidate dropped here is one :func:`verify_candidates` would give status 0 (its regret is the
    largest of the three players').  Most candidates of the pure layers fail here, and this test
    costs a fraction of the full verification.
    """
    K = rows.size
    vc = np.zeros((U.shape[4], K))
    pay, w, term = np.empty(K), np.empty(K), np.empty(K)
    xt, yt = np.ascontiguousarray(x.T), np.ascontiguousarray(y.T)
    for i in range(U.shape[2]):
        for j in range(U.shape[3]):
            np.multiply(xt[i], yt[j], out=w)
            for kk in range(U.shape[4]):
                np.take(U[:, 2, i, j, kk], rows, out=pay, mode="clip")
                vc[kk] += np.multiply(pay, w, out=term)
    return ~(vc.max(axis=0) - vc[k] > MARGIN)           # (NaN stays: verification decides)


def _general_on(U: np.ndarray, cands: Candidates, need: np.ndarray, pure_rows: np.ndarray,
                closed_rows: np.ndarray | None, alive: list[np.ndarray] | None) -> tuple[Candidates, np.ndarray]:
    """Run :func:`_general_chunk` on the points in ``need`` only and merge its candidates into ``cands``."""
    B = U.shape[0]
    unsure = np.zeros(B, bool)
    sub_rows = np.flatnonzero(need)
    if sub_rows.size == 0:
        return cands, unsure
    sub, sub_unsure = _general_chunk(U[sub_rows], pure_rows[sub_rows], None if alive is None else
                                     [al[sub_rows] for al in alive],
                                     None if closed_rows is None else closed_rows[sub_rows])
    unsure[sub_rows[sub_unsure]] = True
    for r, x, y, z in zip(sub.rows, sub.x, sub.y, sub.z, strict=True):
        cands.add(sub_rows[r], x, y, z)
    return cands, unsure


def _general_chunk(U: np.ndarray, pure_rows: np.ndarray, alive: list[np.ndarray] | None = None,
                   closed_rows: np.ndarray | None = None,
                   skip_one_mixer: bool = False, skip_mixers: bool = False,
                   defer: list | None = None) -> tuple[Candidates, np.ndarray]:
    """The general support loop; the supports where ``c`` is pure only for the games in ``pure_rows``
    (``alive``: the strategies surviving iterated strict dominance, computed here when not given);
    when ``closed_rows`` is given, the supports of :data:`~bargain.solvers.batch.mixed_closed.CLOSED_SIZES`
    where ``c`` mixes only for the games in ``closed_rows`` (the others have them in closed form).
    With ``skip_one_mixer`` the supports on which exactly one player mixes are left out (the caller
    has their equilibria from :func:`~bargain.solvers.batch.ties.one_mixer_sets`); with ``skip_mixers`` also
    those on which all three mix and those on which two mix over two strategies each (the caller has them
    from :func:`~bargain.solvers.batch.elimination.three_mixers` and
    :func:`~bargain.solvers.batch.two_mixers.two_mixer_sets`).  With a list ``defer``, a support on which
    exactly two players mix that is unsure at some games is appended to it as ``(games, (Si, Sj, Sc))`` (with
    none of its candidates there) instead of marking those games unsure: the caller solves it there."""
    B, _, sa, sb, sc = U.shape
    unsure = np.zeros(B, bool)
    cands = Candidates()
    cond = ConditionalDominance(U, MARGIN)
    alive_a, alive_b, alive_c = _undominated(U, cond) if alive is None else alive
    Ua, Ub, Uc = U[:, 0], U[:, 1], U[:, 2]
    # pure profiles that are equilibria up to MARGIN (the only pure candidates worth verifying)
    near_pure = ((Ua >= Ua.max(axis=1, keepdims=True) - MARGIN) & (Ub >= Ub.max(axis=2, keepdims=True) - MARGIN)
                 & (Uc >= Uc.max(axis=3, keepdims=True) - MARGIN))

    dead = [(~al) @ (1 << np.arange(al.shape[1], dtype=np.int64)) for al in (alive_a, alive_b, alive_c)]
    subs_a, subs_b = subsets(sa), subsets(sb)
    bits_b = np.array([_bitmask(S) for S in subs_b], np.int64)

    def active_pairs(Sc: tuple[int, ...], rows_ok: np.ndarray):
        """``(Si, Sj, rows)`` for every support pair of ``a`` and ``b`` (``c`` on ``Sc``) that some game in
        ``rows_ok`` can carry: no strategy in it is dead or conditionally dominated there.

        The tests of ``a`` (against each ``Sj``) and ``b`` (against each ``Si``) are array operations
        over all of ``b``'s supports at once, so a pair no game can carry costs no Python call; ``c``'s
        test, which depends on the pair, is made only for the pairs that pass the first two.  Games
        already found unsure are left out: the full solver re-solves them and keeps nothing of
        theirs from this loop (on a degenerate single game the loop stops at its first unsure pair).
        """
        if unsure[rows_ok].all():
            return
        cbits = _bitmask(Sc)
        # dom_a[:, j]: a's strategies dead or conditionally dominated against (Sj, Sc), per game
        dom_a = dead[0][:, None] | np.stack([cond.bits(0, (Sj, Sc)) for Sj in subs_b], axis=1)
        for Si in subs_a:
            if unsure[rows_ok].all():
                return
            ok = (dom_a & _bitmask(Si)) == 0
            ok &= ((dead[1] | cond.bits(1, (Si, Sc)))[:, None] & bits_b[None, :]) == 0
            ok &= (rows_ok & ~unsure)[:, None]
            for j in np.flatnonzero(ok.any(axis=0)):
                Sj = subs_b[j]
                rows = np.flatnonzero(ok[:, j])
                rows = rows[~unsure[rows]]
                mixing = [len(T) for T in (Si, Sj, Sc) if len(T) > 1]
                if skip_one_mixer and len(mixing) == 1:
                    continue
                if skip_mixers and (len(mixing) == 3 or mixing == [2, 2]):
                    continue
                if sc > 1:              # a lone strategy of c is never dominated
                    rows = rows[((dead[2][rows] | cond.bits(2, (Si, Sj))[rows]) & cbits) == 0]
                if rows.size:
                    yield Si, Sj, rows

    def merge(rows: np.ndarray, sub: Candidates, sub_unsure: np.ndarray, support: tuple = ((0, 0),)) -> None:
        if defer is not None and sum(len(T) > 1 for T in support) == 2 and sub_unsure.any():
            defer.append((rows[sub_unsure], support))
            drop = np.zeros(B, bool)
            drop[rows[sub_unsure]] = True
            for r, x, y, z in zip(sub.rows, sub.x, sub.y, sub.z, strict=True):
                cands.add_unless(rows[r], x, y, z, drop)
            return
        unsure[rows[sub_unsure]] = True
        for r, x, y, z in zip(sub.rows, sub.x, sub.y, sub.z, strict=True):
            cands.add(rows[r], x, y, z)

    # ---- c plays one pure strategy: a two-player game between a and b.
    for k in range(sc):
        for Si, Sj, rows in active_pairs((k,), pure_rows):
            if len(Si) == 1 and len(Sj) == 1:
                rows = rows[near_pure[rows, Si[0], Sj[0], k]]
                if rows.size == 0:
                    continue
            A = Ua[rows][..., k]                        # a's own rows x b's columns
            Bt = np.swapaxes(Ub[rows][..., k], 1, 2)   # b's own rows x a's columns
            sub, sub_unsure = Candidates(), np.zeros(rows.size, bool)
            pure_candidates(A, Bt, Si, Sj, k, sa, sb, sc, sub, sub_unsure, Uc[rows])
            merge(rows, sub, sub_unsure, (Si, Sj, (k,)))
    if sc == 1:
        return cands, unsure
    # ---- c mixes: z(t) = (1 - t, t).
    Dall = Uc[..., 1] - Uc[..., 0]          # c's gain from strategy 1, rows a, cols b
    for Si, Sj, rows in active_pairs((0, 1), np.ones(B, bool)):
        if closed_rows is not None and (len(Si), len(Sj)) in CLOSED_SIZES:
            rows = rows[closed_rows[rows]]
            if rows.size == 0:
                continue
        Ur = Ua[rows], Ub[rows]
        A0, A1 = Ur[0][..., 0], Ur[0][..., 1]
        B0, B1 = np.swapaxes(Ur[1][..., 0], 1, 2), np.swapaxes(Ur[1][..., 1], 1, 2)
        Dfull = Dall[rows]
        sub, sub_unsure = Candidates(), np.zeros(rows.size, bool)
        m, k = len(Si), len(Sj)
        if m == k:
            mixed_square(A0, A1, B0, B1, Dfull, Si, Sj, sa, sb, sub, sub_unsure)
        elif m == k + 1:
            mixed_offbyone(A0, A1, B0, B1, Dfull, Si, Sj, sa, sb, sub, sub_unsure, swap=False)
        elif k == m + 1:
            mixed_offbyone(B0, B1, A0, A1, np.swapaxes(Dfull, 1, 2), Sj, Si, sb, sa, sub, sub_unsure,
                           swap=True)
        else:
            mixed_overdetermined(A0, A1, B0, B1, Si, Sj, sub_unsure)
        merge(rows, sub, sub_unsure, (Si, Sj, (0, 1)))
    return cands, unsure


def tied_chunk(U: np.ndarray, extra: Candidates | None = None, defer: list | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every support on which two or more players mix, for games whose one-mixer sets are known.

    Parameters
    ----------
    U : ndarray, shape (B, 3, sa, sb, 2)
        Normalised three-player games with a binary third player, at points with payoff ties.
    extra : Candidates, optional
        The candidates of the supports on which all three players mix and of those on which two mix over
        two strategies each, computed by the caller: those supports are then left out of the loop.

    Returns
    -------
    rows, x, y, z, status, unsure
        As :func:`verify_candidates`, for the candidates of the general support loop run on every
        support profile but those on which one player alone mixes (whose equilibria
        :func:`~bargain.solvers.batch.ties.one_mixer_sets` gives) and those of ``extra``, with
        ``extra``'s, and the per-point unsure mask.
    defer : list, optional
        Where the supports on which two players mix are left to the caller at the games where they are unsure
        (see :func:`_general_chunk`).

    References
    ----------
    Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
    equilibrium. *Games and Economic Behavior* 63, 642-662.
    """
    cands, unsure = _general_chunk(U, np.ones(U.shape[0], bool), skip_one_mixer=True, skip_mixers=extra is not None,
                                   defer=defer)
    if extra is not None:
        for r, x, y, z in zip(extra.rows, extra.x, extra.y, extra.z, strict=True):
            cands.add(r, x, y, z)
    return (*verify_candidates(U, cands), unsure)


def _bitmask(S: tuple[int, ...]) -> int:
    """The strategies ``S`` as the bits of an integer."""
    return sum(1 << k for k in S)


# --------------------------------------------------------------------------- verification
def verify_candidates(U: np.ndarray,
                      c: Candidates) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised check of every candidate in one pass.

    Parameters
    ----------
    U : ndarray, shape (B, 3, sa, sb, sc)
        The normalised games (a two-player game has ``sc = 1`` and a dummy third player).
    c : Candidates
        The candidates: game rows and the three mixtures.

    Returns
    -------
    rows, x, y, z, status
        The candidates' games and mixtures (clipped and scaled to sum 1 - meaningful where the
        status is nonzero) and their status: 1 = an equilibrium robustly, 0 = not an equilibrium,
        -1 = too close to a threshold to call (a probability or a best-response slack within
        ``MARGIN`` of zero, or a regret above the verification tolerance but within ``MARGIN``).
    """
    sa, sb, sc = U.shape[2], U.shape[3], U.shape[4]
    if not c.rows:
        return np.zeros(0, int), np.zeros((0, sa)), np.zeros((0, sb)), np.zeros((0, sc)), np.zeros(0, int)
    rows = np.concatenate(c.rows)
    # Batch last throughout: every player's mixture stacked into one (sa + sb + sc, C) array, the
    # contractions are sums over short leading axes and the per-player maxima are folded over
    # its rows, each operation vectorised over the candidates (numpy's reductions over a short
    # *last* axis, and its stacks of tiny matrix products, are several times slower).  Every
    # candidate is checked (no compaction of the survivors between the stages: a boolean selection
    # of columns costs more than the arithmetic), and the per-strategy work is done row by row on
    # (C,) arrays, reusing buffers, so that no (S, C) float temporary is allocated per step.
    C = rows.size
    W = np.empty((sa + sb + sc, C))
    start = 0
    for x, y, z in zip(c.x, c.y, c.z, strict=True):          # each group written once, transposed
        stop = start + x.shape[0]
        W[:sa, start:stop] = x.T
        W[sa:sa + sb, start:stop] = y.T
        W[sa + sb:, start:stop] = z.T
        start = stop
    # A two-player game's dummy third player (sc = 1, payoff 0) can neither regret nor tie.
    blocks = ((0, sa), (sa, sa + sb)) + (((sa + sb, sa + sb + sc),) if sc > 1 else ())
    status = np.empty(C, int)
    for start in range(0, C, VERIFY_BLOCK):    # bounded working arrays (see closed.BLOCK)
        stop = min(C, start + VERIFY_BLOCK)
        status[start:stop] = _verify_block(U, rows[start:stop], W[:, start:stop], blocks)
    return rows, W[:sa].T, W[sa:sa + sb].T, W[sa + sb:].T, status


def _verify_block(U: np.ndarray, rows: np.ndarray, W: np.ndarray, blocks: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Statuses of the candidates ``W`` (S, C) at the games ``rows`` (see :func:`verify_candidates`);
    ``W`` is clipped and scaled to sum 1 per player in place."""
    sa, sb = U.shape[2], U.shape[3]
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        V = _payoff_vectors(U, rows, W[:sa], W[sa:sa + sb], W[sa + sb:])
    return candidate_statuses(V, W, blocks)


def _payoff_vectors(U: np.ndarray, rows: np.ndarray, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``(sa + sb + sc, K)``: each player's payoff of each own strategy against the others' mixtures.

    ``x, y, z`` (s_i, K) are the mixtures of the candidates at the games ``rows``.  Each payoff
    entry (a strided view of ``U`` over the batch, never copied) is gathered at the candidates'
    games into one reused buffer and added, weighted, to its row of the result - no
    ``(entries, K)`` array is ever built (fresh arrays of that size cost more in first-touch page
    faults than the arithmetic).  Each row sums its terms in the order of the opposing profiles.
    """
    sa, sb, sc = U.shape[2:]
    K = rows.size
    players = 2 if sc == 1 else 3          # a two-player game's dummy third player has payoff 0
    V = np.zeros((sa + sb + sc, K))
    pay, weight, term = np.empty(K), np.empty(K), np.empty(K)

    def add(row: int, entry: tuple[int, int, int, int], w: np.ndarray) -> None:
        np.take(U[(slice(None), *entry)], rows, out=pay, mode="clip")          # payoff entry at each game
        V[row] += np.multiply(pay, w, out=term)

    def pair(u: np.ndarray, v: np.ndarray | None) -> np.ndarray:
        return u if v is None else np.multiply(u, v, out=weight)

    zk = [None] if sc == 1 else list(z)    # c's lone strategy: z = 1, no product
    for j in range(sb):
        for k, zz in enumerate(zk):
            w = pair(y[j], zz)
            for i in range(sa):
                add(i, (0, i, j, k), w)
    for i in range(sa):
        for k, zz in enumerate(zk):
            w = pair(x[i], zz)
            for j in range(sb):
                add(sa + j, (1, i, j, k), w)
    if players == 3:
        for i in range(sa):
            for j in range(sb):
                w = pair(x[i], y[j])
                for k in range(sc):
                    add(sa + sb + k, (2, i, j, k), w)
    return V
