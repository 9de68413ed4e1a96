"""The vertices of a sequence-form best-response polyhedron that can belong to an equilibrium.

Player ``own``'s polyhedron (von Stengel 1996, "Efficient computation of behavior strategies",
GEB 14, sec. 4; Koller, Megiddo and von Stengel 1996, GEB 14) is

    P = {(x, q) : x >= 0,  E x = e,  w = F^T q - C^T x >= 0},

``x`` the player's realisation plan, ``q`` the opponent's values at their information sets (free)
and ``C`` the opponent's sequence-form payoffs (rows: ``own``'s sequences).  For a given ``x``
the least ``q`` is the opponent's backward-induction value ``V(x)``, and ``q = V(x)`` exactly when
the root row and every information set of the opponent has a tight action (``w_k = 0``): bottom
up, ``q_h = c_{ha} + sum q_{h'}`` for a tight ``a`` is at most, and so equal to, the best value.
Only such *lowest* vertices matter for equilibria: in a completely labelled pair the opponent's
sequences that carry no label of ``y`` are tight, and lowering ``q`` to ``V(x)`` keeps them tight
(bottom up along the opponent's own path of play) while every other label is ``y``'s.  The lowest
points form the graph of the convex piecewise-linear function ``V`` over the polytope of plans, a
union of faces of ``P`` homeomorphic to a ball, so its vertices are connected by edges of ``P``.
The other vertices -- ``q`` pushed above ``V(x)`` where the opponent's own moves avoid a set --
are typically two thirds of all (28013 vertices, 9162 of them lowest, on Gambit's ``artist2``).

The search below visits every lexicographically feasible basis (symbolic perturbation of the
right-hand side by the initial basis, which makes the polyhedron simple; Dantzig, Orden and Wolfe
1955) whose vertex is lowest, by pivots (Avis and Fukuda 1992, here a breadth-first search over
bases, in batches).  It runs in floating point on whole levels of the search at once: each basis's tableau
is recomputed from its basis matrix by one batched solve (no drift along pivot chains), and the
lexicographic ratio test runs on all entering variables of all bases together.  Labels (tight
inequalities) are read with a tolerance; callers rebuild the vertices they use exactly and
re-check their labels in rational arithmetic.

References
----------
von Stengel (1996), GEB 14; Koller, Megiddo and von Stengel (1996), GEB 14; Avis and Fukuda
(1992), "A pivoting algorithm for convex hulls and vertex enumeration of arrangements and
polyhedra", Discrete Comput. Geom. 8; Dantzig, Orden and Wolfe (1955), Pacific J. Math. 5.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

import numpy as np

from bargain.solvers.sequence_form.sequences import SequenceForm

__all__ = ["LowestVertices", "lowest_vertices"]

#: Tolerance on values and ratios (payoffs are scaled to at most 1 in absolute value).
TOL = 1e-9


@dataclass
class LowestVertices:
    """The lowest vertices of one polyhedron.

    Attributes
    ----------
    plans: ``(V, s)`` float realisation plans of ``own``.
    tight: ``(V, s + t)`` bool: ``x_j = 0`` (first ``s``) and ``w_k = 0`` (last ``t``) at each vertex.
    bases: number of lexicographic bases visited.
    finished: False when the search stopped at its cap or deadline.
    stopped: why it stopped early: ``"cap"``, ``"deadline"`` or ``""``.
    """

    plans: np.ndarray
    tight: np.ndarray
    bases: int
    finished: bool
    stopped: str = ""


def _system(sf: SequenceForm, own: int, C: np.ndarray) -> tuple[np.ndarray, int, int, int]:
    """``[M | b]`` with columns ``x`` (s), ``w`` (t), ``q`` (rF), right-hand side; and ``s, t, rF``."""
    other = 1 - own
    s, t = sf.num_sequences[own], sf.num_sequences[other]
    E = sf.constraints(own)[0].toarray().astype(float)
    F = sf.constraints(other)[0].toarray().astype(float)
    rE, rF = E.shape[0], F.shape[0]
    M = np.zeros((rE + t, s + t + rF + 1))
    M[:rE, :s] = E
    M[rE:, :s] = C.T
    M[rE:, s:s + t] = np.eye(t)
    M[rE:, s + t:s + t + rF] = -F.T
    M[0, -1] = 1.0
    return M, s, t, rF


def _start_basis(sf: SequenceForm, own: int, C: np.ndarray, s: int) -> list[int]:
    """A pure plan of ``own`` (first action everywhere) and the slacks of the opponent's sequences
    that are not in the opponent's backward-induction best response to it (a lowest vertex)."""
    xbar = np.zeros(s)
    xbar[0] = 1.0
    plan = [0]
    for h in sf.player_infosets[own]:
        seq = int(sf.infoset_first[h])
        plan.append(seq)
        xbar[seq] = xbar[int(sf.infoset_parent[h])]
    _, best = sf.best_response(1 - own, (C.T @ xbar).tolist())
    tight = set(best)
    return plan + [s + k for k in range(C.shape[1]) if k not in tight]


def _lex_leaving(T: np.ndarray, nonbasic: np.ndarray, keys: np.ndarray, nb: int,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lexicographic minimum-ratio rows for every (basis, nonbasic entering variable).

    ``T``: ``(F, R, nb + 1)`` tableaux (last column: basic values); ``nonbasic``: ``(F, nb)``;
    ``keys``: the initial basic variables in order (the perturbation).  Returns ``(f, e, row)``
    for every pivot that exists (the entering direction is bounded)."""
    Fb, R = T.shape[:2]
    K = nb - R
    enter = np.nonzero(nonbasic)[1].reshape(Fb, K)                           # (F, K)
    col = np.take_along_axis(T, enter[:, None, :], axis=2).transpose(0, 2, 1)   # (F, K, R)
    pos = col > TOL
    safe = np.where(pos, col, 1.0)
    ratio = np.where(pos, T[:, None, :, -1] / safe, np.inf)
    low = ratio.min(axis=2)                                                  # (F, K)
    cand = pos & (ratio <= (low + TOL * (1.0 + np.abs(low)))[:, :, None])
    fi, ji = np.nonzero(cand.sum(axis=2) > 1)
    if fi.size:       # ties: compare the perturbation columns, in the order of the initial basis
        sub, den = cand[fi, ji], safe[fi, ji]
        live = np.arange(fi.size)
        for k in keys:
            kv = np.where(sub[live], T[fi[live], :, k] / den[live], np.inf)
            mn = kv.min(axis=1)
            sub[live] &= kv <= (mn + TOL * (1.0 + np.abs(mn)))[:, None]
            live = live[sub[live].sum(axis=1) > 1]
            if not live.size:
                break
        cand[fi, ji] = sub
    f, j = np.nonzero(np.isfinite(low))
    return f, enter[f, j], np.argmax(cand[f, j], axis=1)


def _tableaux(M: np.ndarray, basis: np.ndarray, qcols: np.ndarray, R: int) -> np.ndarray:
    """``B^{-1} [M | b]`` for each basis (bounded basic variables + all of ``q``), bounded rows only."""
    Fb, rF = len(basis), len(qcols)
    cols = np.concatenate([basis, np.broadcast_to(qcols, (Fb, rF))], axis=1)
    T = np.linalg.solve(M[:, cols].transpose(1, 0, 2), np.broadcast_to(M, (Fb, *M.shape)))[:, :R]
    return np.delete(T, qcols, axis=2)


#: Tableau entries in one batch of bases (about 80 MB).
_CHUNK_FLOATS = 10_000_000
#: Tableau entries the queue of pending batches may hold; past it new batches keep only their bases
#: and their tableaux are solved afresh when they are reached (about 400 MB).
_MAX_HELD_FLOATS = 50_000_000
#: Pivots between fresh tableaux (pivot updates in between; Gambit's trees need 10-40 levels).
_REFRESH = 24


def lowest_vertices(sf: SequenceForm, own: int, C: np.ndarray, *, max_bases: int = 2_000_000,
                    deadline: float | None = None) -> LowestVertices:
    """Every lowest vertex of player ``own``'s polyhedron (see the module docstring).

    Parameters
    ----------
    sf: the sequence form of a two-player tree.
    own: the player whose plans span the polyhedron.
    C: the opponent's sequence-form payoffs, rows = ``own``'s sequences (any scale).
    max_bases: cap on the bases visited.
    deadline: a ``time.process_time()`` value (CPU seconds) after which the search stops.

    Returns
    -------
    :class:`LowestVertices` (``finished`` False if the cap or the deadline stopped the search).
    Memory stays bounded: bases are processed in batches of about :data:`_CHUNK_FLOATS` tableau
    entries, and at most :data:`_MAX_HELD_FLOATS` entries wait in the queue.
    """
    C = np.asarray(C, dtype=float)
    C = C / max(1.0, float(np.abs(C).max(initial=0.0)))
    M, s, t, rF = _system(sf, own, C)
    nb = s + t
    R = M.shape[0] - rF
    qcols = np.arange(nb, nb + rF)
    # group[k]: the opponent's F-row of sequence k (0 for ∅, else its information set's row)
    group = np.argmax(sf.constraints(1 - own)[0].toarray() > 0, axis=0)
    member = np.zeros((t, rF), dtype=np.int64)
    member[np.arange(t), group] = 1
    start = _start_basis(sf, own, C, s)
    keys = np.array(start)
    W = (nb + 63) // 64                       # a basis is a bit set of its variables, in W words
    bit = np.zeros((nb, W), dtype=np.uint64)
    bit[np.arange(nb), np.arange(nb) // 64] = np.uint64(1) << (np.arange(nb) % 64).astype(np.uint64)
    keyw = np.bitwise_xor.reduce(bit[start], axis=0)[None, :]
    seen = {keyw[0].tobytes()}
    per_chunk = max(1, _CHUNK_FLOATS // (R * (nb + 1)))
    # pending chunks of bases: (bases, their keys, tableaux or None to recompute, pivots since a solve)
    queue: deque[tuple[np.ndarray, np.ndarray, np.ndarray | None, int]] = deque(
        [(np.array([start], dtype=np.int64), keyw, None, 0)])
    held = 0                                   # tableau entries held in the queue
    plans: list[np.ndarray] = []
    tights: list[np.ndarray] = []
    found: set[bytes] = set()
    visited = 0
    stopped = ""
    while queue:
        if deadline is not None and time.process_time() > deadline:
            stopped = "deadline"
            break
        if len(seen) > max_bases:
            stopped = "cap"
            break
        basis, keyw, T, age = queue.popleft()
        if T is None or age >= _REFRESH:
            T = _tableaux(M, basis, qcols, R)
            age = 0
        else:
            held -= T.size
        visited += len(basis)
        Fb = len(basis)
        z = np.zeros((Fb, nb))
        np.put_along_axis(z, basis, T[:, :, -1], axis=1)
        tight = np.abs(z) <= TOL
        packed = np.packbits(tight, axis=1)
        _, first = np.unique(packed.view(np.dtype((np.void, packed.shape[1]))).ravel(), return_index=True)
        for k in first.tolist():
            key = packed[k].tobytes()
            if key not in found:
                found.add(key)
                plans.append(np.where(tight[k, :s], 0.0, z[k, :s]))
                tights.append(tight[k])
        nonbasic = np.ones((Fb, nb), dtype=bool)
        np.put_along_axis(nonbasic, basis, False, axis=1)
        f, e, row = _lex_leaving(T, nonbasic, keys, nb)
        leave = basis[f, row]
        # stay on lowest vertices: an entering slack must leave its set another tight action
        # (the leaving variable, if it is a slack of the same set)
        cnt = nonbasic[:, s:].astype(np.int64) @ member                      # (F, rF) tight actions per set
        ge = group[np.clip(e - s, 0, t - 1)]
        same = (leave >= s) & (group[np.clip(leave - s, 0, t - 1)] == ge)
        ok = (e < s) | (cnt[f, ge] - 1 + same >= 1)
        f, e, row, leave = f[ok], e[ok], row[ok], leave[ok]
        child = keyw[f] ^ bit[leave] ^ bit[e]
        _, first = np.unique(np.ascontiguousarray(child).view(np.dtype((np.void, 8 * W))).ravel(),
                             return_index=True)
        new = [c for c in first.tolist() if child[c].tobytes() not in seen]
        seen.update(child[c].tobytes() for c in new)
        for c0 in range(0, len(new), per_chunk):
            part = new[c0:c0 + per_chunk]
            pf, pe, prow_ = f[part], e[part], row[part]
            nbasis = basis[pf].copy()
            n = np.arange(len(pf))
            nbasis[n, prow_] = pe
            size = len(pf) * R * (nb + 1)
            if age + 1 >= _REFRESH or held + size > _MAX_HELD_FLOATS:
                queue.append((nbasis, child[part], None, 0))
                continue
            P = T[pf]                                                   # pivot each parent on (row, e)
            col = P[n, :, pe]
            pr = P[n, prow_, :] / col[n, prow_][:, None]
            NT = P - col[:, :, None] * pr[:, None, :]
            NT[n, prow_, :] = pr
            held += NT.size
            queue.append((nbasis, child[part], NT, age + 1))
    V = len(plans)
    return LowestVertices(np.array(plans).reshape(V, s), np.array(tights, dtype=bool).reshape(V, nb),
                          visited, not stopped, stopped)
