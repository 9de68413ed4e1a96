"""All Nash equilibria of a whole *batch* of small games at once (the engine of every sweep).

A sweep over 10,000 parameter values is 10,000 games of the same shape.  Solving them one by one
is what Gambit does; here every support profile's indifference system is solved for the *whole
batch* in one array operation, the candidates are verified in one array operation, and only the
points where this fast method is unsure are handed to the full solver (:func:`bargain.solve`).

Which games
-----------
* Two players, any (small) number of strategies: support enumeration (Nash 1951; Porter,
  Nudelman and Shoham 2008).  For supports ``Si, Sj`` of equal size ``m`` the mixture ``y`` of the
  column player solves the linear system ``[A_IJ, -1; 1^T, 0] [y; v] = e_{m+1}`` (the row player
  is indifferent on ``Si`` at value ``v``), and symmetrically for ``x``.
* Three players of whom one, ``c``, has two strategies (``2x2x2``, ``3x3x2``, ``4x3x2`` ...).
  Write ``c``'s mixture as ``z(t) = (1 - t, t)``.  Then every payoff matrix of ``a`` and ``b`` is
  affine in ``t``, and for supports with ``|Si| = |Sj| = m`` Cramer's rule gives ``x(t) = N_x(t) /
  d_x(t)`` and ``y(t) = N_y(t) / d_y(t)`` with polynomial numerators of degree at most ``m - 1``.
  ``c``'s indifference ``x^T (C_1 - C_0) y = 0`` becomes the univariate polynomial
  ``p(t) = N_x(t)^T D N_y(t)`` of degree at most ``2(m - 1)``, whose coefficients are fitted at
  Chebyshev nodes and whose roots are the eigenvalues of its companion matrix - for the whole
  batch at once.  For ``|Si| = |Sj| + 1`` the row player's equations over-determine ``(y, v)`` and
  ``t`` solves ``det[M_y(t) | e] = 0``; then ``x`` solves a square linear system.  (The
  elimination is the classical one for three-player games with a binary player; see McKelvey and
  McLennan 1996, "Computation of equilibria in finite games", Handbook of Computational
  Economics, sec. 6.)

Pruning
-------
Before any support is solved, each game's strategies are reduced by iterated elimination of
strictly dominated strategies, and a support profile is skipped for a game when one of its
strategies is *conditionally* dominated given the others' supports (Porter, Nudelman and Shoham
2008, "Simple search methods for finding a Nash equilibrium", GEB 63) - all as bit masks over the
batch, so that most support profiles are solved only for the few games where they can matter.

When it is unsure
-----------------
The method is exact for *nondegenerate* points.  A point is marked *unsure*, and re-solved by
:func:`bargain.solve`, when any of these happens there: a constant game; a singular support
system that is consistent; a support whose sizes make it over-determined (possible only in a
degenerate game) and that can actually carry an equilibrium (payoff ties that are best replies,
and, when the mixtures are then free along a line, a nonempty interval of it satisfying every
inequality - decided exactly); a univariate polynomial that vanishes identically; a double root;
a candidate whose probabilities or best-response slacks are within ``MARGIN`` of zero (a point at
or next to a threshold, where a tolerance decides); a candidate whose regret is small but above
the verification tolerance.  So the fast path answers only where the equilibrium set is robust,
and it gives the same set as the full solver there; the unsure points - in practice the
degenerate ones, where the full solver reports continua - get the full solver's answer; in
two-player games (smaller side up to 4, larger up to 8) that answer, every extreme equilibrium,
is computed in batch by vertex enumeration of both best-response polytopes
(:mod:`bargain.solvers.batch.vertices`), and only the points it cannot decide go to
:func:`bargain.solve` one by one.  Vertex enumeration is complete at nondegenerate points too,
so in those games the points the closed forms call suspect go straight to it (it costs less there
than the general support loop), and a chunk mostly degenerate at :data:`PROBE` points spread over
it (a game with structural ties, such as a tree's reduced normal form) skips support enumeration
and goes to it whole.

Payoff ties in games of three or four players are resolved in batch where they are the only doubt
(:mod:`bargain.solvers.batch.ties`): at an unsure point where some player has tied best replies
against a pure profile of the others, the set on which that player mixes while the others stay pure
(an interval for two tied strategies, a polygon for three) is computed exactly for every such point,
with its extreme points listed as the full solver lists them; every other support profile is
re-solved by the general support loop (or the shape's own route) with those one-mixer profiles left
out, and a candidate too close to a threshold is accepted only where it is one of those extreme
points (:mod:`bargain.solvers.batch.tie_pass`).  In three-player games the sets on which two players mix
over two strategies each while the third is pure (segments and rectangles of a degenerate 2x2 subgame:
:mod:`bargain.solvers.batch.two_mixers`) are computed the same way, and the supports on which all three
mix are solved by the full solver's own elimination, in batch (:mod:`bargain.solvers.batch.elimination`);
another two-mixer support the loop cannot decide is solved by the full solver's own routine at that point
(:mod:`bargain.solvers.batch.support_sets`).  A point stays with the full solver on a near tie, a set
cut by a bilinear condition, a support system on which all three mix that the full solver's elimination
leaves to a second route (in 2x2x2x2 and 3x3x3: a player indifferent on a whole interior slice,
:func:`~bargain.solvers.batch.ties.indifferent_slice`), or a finite set of equilibria whose index check
does not pass (:func:`~bargain.solvers.batch.tie_pass.index_fails`): there the full solver does not call
its answer complete.  Games it does not cover (three players none of whom has exactly two strategies,
other than 3x3x3, and four or more players other than 2x2x2x2) are solved point by point by the full solver.
Four binary players (2x2x2x2) have their own batched route over all 81 support profiles, up to a
degree-9 resultant for the totally mixed ones (:mod:`bargain.solvers.batch.four_binary`), and so do
three ternary players (3x3x3: the closed forms above with each player in turn as ``c``, and a degree-10
resultant certified by its count of ten solutions for the totally mixed profiles:
:mod:`bargain.solvers.batch.three_ternary`); their unsure
points go to the full solver.

The algebra is in :mod:`bargain.solvers.batch.supports` and :mod:`bargain.solvers.batch.systems`
(on top of the batched small linear algebra of :mod:`bargain.linalg.batched`).

The result, :class:`BatchEquilibria`, stores every point's equilibria in padded arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.scale import normalise_per_player
from bargain.solvers.batch import handover as why
from bargain.solvers.batch.common import Candidates, copies, near_copies
from bargain.solvers.batch.elimination import elimination_doubt, has_ties, three_mixers
from bargain.solvers.batch.four_binary import SHAPE as FOUR_BINARY
from bargain.solvers.batch.four_binary import four_binary_chunk, four_binary_tied
from bargain.solvers.batch.support_sets import deferred_sets
from bargain.solvers.batch.supports import MARGIN, fast_chunk, tied_chunk, verify_candidates
from bargain.solvers.batch.three_ternary import SHAPE as THREE_TERNARY
from bargain.solvers.batch.three_ternary import three_ternary_chunk
from bargain.solvers.batch.tie_pass import resolve_ties
from bargain.solvers.batch.ties import TieSets, indifferent_slice
from bargain.solvers.batch.two_mixers import two_mixer_sets
from bargain.solvers.batch.vertices import extreme_equilibria, vertices_supported

__all__ = ["CHUNK", "MARGIN", "BatchEquilibria", "batch_supported", "nan_to_none", "solve_batch"]


#: Points solved per array operation (bounds the memory of the support loop).
CHUNK = 8192
#: Two-player chunks mostly degenerate at ``PROBE`` points spread over them skip the support
#: enumeration and go to vertex enumeration whole (games with structural ties).
PROBE = 64


@dataclass
class BatchEquilibria:
    """The equilibria of every game in a batch, as padded arrays.

    Parameters
    ----------
    shape : tuple[int, ...]
        number of strategies of each player.
    profiles : np.ndarray
        ``batch_shape + (K, sum(shape))`` probabilities, player after player (NaN padding);
        ``K`` is the largest number of equilibria at any point.
    payoffs : np.ndarray
        ``batch_shape + (K, n)`` expected payoffs (NaN padding).
    supports : np.ndarray
        ``batch_shape + (K, sum(shape))`` booleans: strategy used (False padding).
    count : np.ndarray
        ``batch_shape`` number of equilibria at each point.
    fallback : np.ndarray
        ``batch_shape`` True where the point was solved by the full solver.
    continuum : np.ndarray
        ``batch_shape`` True where the full solver reported a connected set of
        equilibria (a continuum or a non-isolated component): ``profiles`` then holds its extreme
        or sample points.
    complete : np.ndarray
        ``batch_shape`` True where the method that answered is complete.
    method : str
        the fast method's name and the full solver's (``"batch+enumeration"`` ...).
    notes : list of str
        Caveats about points or the batch.
    handover : np.ndarray or None
        ``batch_shape`` strings, with ``solve_batch(..., explain=True)`` only: why each point was left to the
        full solver (the first reason of :data:`~bargain.solvers.batch.handover.REASONS` that fired; ``""``
        where the fast method answered).
    """

    shape: tuple[int, ...]
    profiles: np.ndarray
    payoffs: np.ndarray
    supports: np.ndarray
    count: np.ndarray
    fallback: np.ndarray
    continuum: np.ndarray
    complete: np.ndarray
    method: str
    notes: list[str] = field(default_factory=list)
    handover: np.ndarray | None = None

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return tuple(self.count.shape)

    @property
    def max_count(self) -> int:
        return int(self.profiles.shape[-2])

    def offsets(self) -> np.ndarray:
        """Start index of each player's block in the last axis of ``profiles``."""
        return np.concatenate([[0], np.cumsum(self.shape)[:-1]]).astype(int)

    def strategy(self, player: int) -> np.ndarray:
        """``batch_shape + (K, s_player)``: the mixed strategy of one player in every equilibrium."""
        o = self.offsets()[player]
        return self.profiles[..., o:o + self.shape[player]]

    def equilibria_at(self, index: int | tuple[int, ...]) -> list[tuple[np.ndarray, ...]]:
        """The equilibria at one batch point, each as a tuple of per-player arrays."""
        idx = index if isinstance(index, tuple) else (index,)
        k = int(self.count[idx])
        cuts = np.cumsum(self.shape)[:-1]
        return [tuple(np.split(self.profiles[(*idx, e)], cuts)) for e in range(k)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of lists (NaN padding becomes None)."""
        return {
            "shape": list(self.shape),
            "profiles": nan_to_none(self.profiles),
            "payoffs": nan_to_none(self.payoffs),
            "supports": self.supports.tolist(),
            "count": self.count.tolist(),
            "fallback": self.fallback.tolist(),
            "continuum": self.continuum.tolist(),
            "complete": self.complete.tolist(),
            "method": self.method,
            "notes": list(self.notes),
        }


def nan_to_none(a: np.ndarray) -> Any:
    """An array as nested lists with NaN entries replaced by None (for JSON output).

    Parameters
    ----------
    a : ndarray
        A float array.

    Returns
    -------
    list or object
        ``a.tolist()`` with None where ``a`` is NaN.
    """
    obj = a.astype(object)
    obj[np.isnan(a)] = None
    return obj.tolist()


# --------------------------------------------------------------------------- public entry
def batch_supported(shape: Sequence[int]) -> bool:
    """Whether the fast batch method covers games of this shape (else every point uses the full solver).

    Parameters
    ----------
    shape : sequence of int
        The number of strategies of each player.

    Returns
    -------
    bool
        True when the fast method applies.
    """
    shape = tuple(shape)
    if len(shape) == 2:
        return shape[0] * shape[1] >= 1 and max(shape) <= 8
    if len(shape) == 3:
        return (2 in shape and max(shape) <= 6) or shape == THREE_TERNARY
    return shape == FOUR_BINARY


def _infer_players(P: np.ndarray) -> int:
    for lead in range(P.ndim):
        if P.shape[lead] == P.ndim - lead - 1:
            return P.shape[lead]
    raise GameError(f"payoff array of shape {P.shape} has no (n, s_1, ..., s_n) tail; pass n_players=")


def solve_batch(
    payoffs: Any,
    *,
    n_players: int | None = None,
    method: str = "auto",
    fallback: bool = True,
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
    progress: Callable[[int], None] | None = None,
    explain: bool = False,
) -> BatchEquilibria:
    """All equilibria of every game in a batch of payoff tensors.

    Returns a :class:`BatchEquilibria`; at every point the equilibria are sorted in decreasing
    lexicographic order of their profile vectors (so the same set always prints the same way).

    Parameters
    ----------
    payoffs : Any
        array of shape ``batch_shape + (n, s_1, ..., s_n)``.
    n_players : int | None, optional
        ``n`` (inferred from the shape when omitted; give it when the batch shape could be
        mistaken for a game axis).
    method : str, default 'auto'
        the full solver (:func:`bargain.solve` ``method``) used where the fast method is
        unsure or does not apply.
    fallback : bool, default True
        if False, unsure points are left empty and marked in ``fallback`` - for tests.
    progress : Callable[[int], None] | None, optional
        optional callback receiving the number of points finished after each chunk.
    players : sequence of str, optional
        Player names, used by the full solver's games and in messages.
    strategies : sequence of sequence of str, optional
        Strategy names, likewise.
    explain : bool, default False
        Also record why each point is left to the full solver (``handover`` of the result; diagnostics).

    Returns
    -------
    BatchEquilibria
        Every point's equilibria as padded arrays, with where the full solver answered and whether
        each point's set is complete.

    Raises
    ------
    GameError
        For payoffs whose shape does not end in ``(n, s_1, ..., s_n)``, or that are not finite.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    Porter, R., Nudelman, E. and Shoham, Y. (2008). Simple search methods for finding a Nash
    equilibrium. *Games and Economic Behavior* 63(2), 642-662.
    """
    P = np.asarray(payoffs, dtype=float)
    n = _infer_players(P) if n_players is None else int(n_players)
    if P.ndim < n + 1 or P.shape[P.ndim - n - 1] != n:
        raise GameError(f"payoffs of shape {P.shape} do not end in (n={n}, s_1, ..., s_{n})")
    if not np.all(np.isfinite(P)):
        raise GameError("payoffs contain NaN or infinite values: every payoff must be a finite number")
    shape = tuple(P.shape[P.ndim - n:])
    batch_shape = P.shape[:P.ndim - n - 1]
    flat = P.reshape((-1, n, *shape))
    total = flat.shape[0]
    S = int(sum(shape))
    cand_rows: list[np.ndarray] = []
    cand_prof: list[np.ndarray] = []
    unsure_all = np.ones(total, bool)
    continuum = np.zeros(total, bool)
    fast = batch_supported(shape)
    reasons_all = np.full(total, 0 if fast else why.NOT_COVERED, np.int8) if explain else None
    if fast:
        for start in range(0, total, CHUNK):
            stop = min(total, start + CHUNK)
            Pn, scale_ok = _normalise(flat[start:stop])
            reasons = None if reasons_all is None else reasons_all[start:stop]
            why.mark(reasons, ~scale_ok, why.CONSTANT)
            if shape in (FOUR_BINARY, THREE_TERNARY):
                # Four binary players, three ternary ones: every support profile in closed form or by a
                # resultant, in batch.
                chunk = four_binary_chunk if shape == FOUR_BINARY else three_ternary_chunk
                rows, prof, status, unsure = chunk(Pn)
                unsure &= scale_ok
                good = status > 0
                tied = four_binary_tied if shape == FOUR_BINARY else (lambda V: three_ternary_chunk(V, True))
                t_rows, t_prof, t_sure, t_cont = resolve_ties(Pn, unsure, tied, reasons=reasons)
                good &= ~np.isin(rows, t_sure)
                unsure[t_sure] = False
                continuum[start + t_sure] = t_cont
                unsure |= ~scale_ok
                cand_rows += [start + rows[good], start + t_rows]
                cand_prof += [prof[good], t_prof]
                unsure_all[start:stop] = unsure
                why.settle(reasons, unsure)
                if progress is not None:
                    progress(stop - start)
                continue
            perm, U = _canonical(Pn, shape)
            vertices = n == 2 and vertices_supported(*shape)
            ties = has_ties(Pn) if n == 3 else None               # a player's payoff tie, per point
            if vertices and stop - start > PROBE and \
                    _mostly_degenerate(U[np.linspace(0, stop - start - 1, PROBE).astype(np.intp)]):
                # Structurally degenerate games (ties at every point): straight to vertex enumeration.
                unsure = np.ones(stop - start, bool)
                rows, x, y, z = np.zeros(0, np.intp), np.zeros((0, shape[0])), np.zeros((0, shape[1])), np.zeros((0, 1))
                good = np.zeros(0, bool)
            else:
                cands, unsure = fast_chunk(U, suspect_unsure=vertices)
                rows, x, y, z, status = verify_candidates(U, cands)
                unsure[rows[status < 0]] = True
                good = status > 0
                if n == 3:
                    # Payoff ties: the sets on which one player mixes against pure others in closed form,
                    # every other support by the general loop.
                    # the full solver's elimination fails where a player is indifferent on a slice: leave it those
                    doubt = elimination_doubt(Pn, ~unsure & scale_ok & ties, indifferent_slice)
                    why.mark(reasons, doubt, why.THREE_MIXERS)
                    unsure |= doubt
                    t_rows, t_prof, t_sure, t_cont = resolve_ties(
                        Pn, unsure & scale_ok, lambda V, p=perm: _tied_three(V, p, shape),
                        lambda V: np.zeros(V.shape[0], bool), reasons, untied=True)
                    good &= ~np.isin(rows, t_sure)
                    unsure[t_sure] = False
                    continuum[start + t_sure] = t_cont
                    cand_rows.append(start + t_rows)
                    cand_prof.append(t_prof)
            unsure |= ~scale_ok
            if vertices:
                # Degenerate points: every extreme equilibrium by vertex enumeration, in batch.
                deg = np.flatnonzero(unsure & scale_ok)
                if deg.size:
                    good &= ~np.isin(rows, deg)
                    d_rows, d_prof, d_cont, d_unsure = extreme_equilibria(Pn[deg])
                    cand_rows.append(start + deg[d_rows])
                    cand_prof.append(d_prof)
                    continuum[start + deg] = d_cont
                    unsure[deg] = d_unsure
                    why.mark(reasons, deg[d_unsure], why.VERTICES)
            prof = _original_order(x[good], y[good], z[good], perm, shape)
            # two candidates a rounding apart: one irregular equilibrium, computed to a few digits only (at points
            # with payoff ties; two players: degenerate points go to vertex enumeration, which is exact)
            near = np.zeros(stop - start, bool)
            if n == 3:
                tied = ties[rows[good]]
                near = near_copies(rows[good][tied], prof[tied], stop - start)
            unsure |= near
            why.mark(reasons, near, why.NEAR_COPIES)
            keep = ~near[rows[good]]
            cand_rows.append(start + rows[good][keep])
            cand_prof.append(prof[keep])
            unsure_all[start:stop] = unsure
            why.settle(reasons, unsure)
            if progress is not None:
                progress(stop - start)
    fb = unsure_all.copy()
    complete = np.ones(total, bool)
    from bargain.model.game import Game
    from bargain.solvers.registry import choose_method, solve

    full_name = choose_method(Game(flat[0])) if method == "auto" else method
    # Points the fast method is unsure of keep nothing from it.
    if cand_rows:
        keep = [~fb[r] for r in cand_rows]
        cand_rows = [r[k] for r, k in zip(cand_rows, keep, strict=True)]
        cand_prof = [q[k] for q, k in zip(cand_prof, keep, strict=True)]
    if fallback:
        for b in np.flatnonzero(fb):
            eqs = solve(Game(flat[b], players, strategies), method=method, exact=False)
            full_name = eqs.method
            if len(eqs):
                cand_rows.append(np.full(len(eqs), b))
                cand_prof.append(np.array([np.concatenate(e.profile) for e in eqs]))
            continuum[b] = bool(eqs.continua) or any(not c.is_isolated for c in eqs.components)
            complete[b] = bool(eqs.complete)
            if not fast and progress is not None:
                progress(1)
    else:
        complete[fb] = False
    profiles, count, filled = _assemble(cand_rows, cand_prof, total, S)
    K = profiles.shape[1]
    pay = _expected_payoffs(flat, *filled, K, shape)
    used = np.nan_to_num(profiles, nan=0.0) > 1e-9
    name = f"batch+{full_name}" if fast else full_name
    return BatchEquilibria(
        shape=shape,
        profiles=profiles.reshape((*batch_shape, K, S)),
        payoffs=pay.reshape((*batch_shape, K, n)),
        supports=used.reshape((*batch_shape, K, S)),
        count=count.reshape(batch_shape),
        fallback=fb.reshape(batch_shape),
        continuum=continuum.reshape(batch_shape),
        complete=complete.reshape(batch_shape),
        method=name,
        handover=None if reasons_all is None else why.names(reasons_all).reshape(batch_shape),
    )


def _tied_three(P: np.ndarray, perm: tuple[int, ...], shape: tuple[int, ...]) -> tuple[Any, ...]:
    """:func:`~bargain.solvers.batch.supports.tied_chunk` on normalised three-player games ``P`` in the
    players' own order, with the supports on which all three mix solved by the full solver's elimination
    and those on which two mix over two strategies each as :func:`two_mixer_sets` gives them; the profiles
    come back in that order, with those sets."""
    _, U = _canonical(P, shape)
    degenerate, e_rows, e_prof, edge = three_mixers(P, edges=True)
    sets, c_rows, c_prof = two_mixer_sets(P)
    extra = Candidates()
    cuts = np.cumsum(shape)[:-1]
    for r, q in ((e_rows, e_prof), (c_rows, c_prof)):
        blocks = np.split(q, cuts, axis=1)
        extra.add(r, *(blocks[i] for i in perm))
    rows, x, y, z, status, unsure = tied_chunk(U, extra, deferred := [])     # two-mixer supports left to us
    parts = [(why.THREE_MIXERS, degenerate), (why.TWO_MIXERS, sets.unsure)]       # for the reasons only
    sets.unsure = sets.unsure | degenerate
    d_rows, d_prof, d_cont, d_unsure = deferred_sets(P, perm, deferred, ~unsure & ~sets.unsure, edge,
                                                     (rows, _original_order(x, y, z, perm, shape)))
    sets = TieSets(np.concatenate([sets.rows, d_rows]), np.concatenate([sets.profiles, d_prof]), sets.tied,
                   sets.continuum | d_cont, sets.unsure | d_unsure)
    parts.append((why.SUPPORT_SOLVE, d_unsure))
    return rows, _original_order(x, y, z, perm, shape), status, unsure | sets.unsure, sets, parts


def _mostly_degenerate(U: np.ndarray) -> bool:
    """Whether the fast method is unsure at half or more of the points ``U`` (a probe of a chunk)."""
    cands, unsure = fast_chunk(U, suspect_unsure=True)
    rows, _, _, _, status = verify_candidates(U, cands)
    unsure[rows[status < 0]] = True
    return bool(unsure.mean() >= 0.5)


def _assemble(rows_list: list[np.ndarray], prof_list: list[np.ndarray], total: int,
              S: int) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Padded ``(total, K, S)`` profiles and counts from (row, profile) pairs, without a loop over points.

    At each point the equilibria are sorted in decreasing lexicographic order of their profiles
    (rounded to 1e-8, so that the two methods order the same set the same way) and copies
    (:func:`~bargain.solvers.batch.common.copies`) are dropped.  Also returns the filled slots as
    ``(rows, slots, profiles)`` with the profiles batch last, ``(S, C)``, for :func:`_expected_payoffs`.
    """
    rows = np.concatenate(rows_list) if rows_list else np.zeros(0, int)
    prof = np.concatenate(prof_list).reshape(-1, S) if prof_list else np.zeros((0, S))
    if rows.size == 0:
        none = np.zeros(0, np.intp)
        return np.full((total, 1, S), np.nan), np.zeros(total, int), (none, none, np.zeros((S, 0)))
    # Strategies down the rows of one (S, C) copy: the keys, the reordering and the duplicate test are
    # then operations across contiguous rows (numpy's reductions over a short last axis are slow).
    PT = np.ascontiguousarray(prof.T)
    keys = np.round(PT, 8)
    np.negative(keys, out=keys)
    order = np.lexsort((*keys[::-1], rows))                       # last column first: lexsort's minor key
    rows, PT = rows[order], np.take(PT, order, axis=1)
    dup = copies(rows, PT)
    if dup.any():
        keep = ~dup
        rows, PT = rows[keep], PT[:, keep]
    count = np.bincount(rows, minlength=total)
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    slot = np.arange(rows.size) - first[rows]
    K = max(int(count.max()), 1)
    out = np.full((total, K, S), np.nan)
    out[rows, slot] = PT.T
    return out, count, (rows, slot, PT)


def _canonical(P: np.ndarray, shape: tuple[int, ...]) -> tuple[tuple[int, ...], np.ndarray]:
    """Reorder players to ``(a, b, c)`` with ``c`` binary (two-player games get a dummy ``c``)."""
    if len(shape) == 2:
        U = np.zeros((P.shape[0], 3, shape[0], shape[1], 1))
        U[:, :2, :, :, 0] = P
        return (0, 1), U
    c = max(i for i, s in enumerate(shape) if s == 2)
    perm = tuple([i for i in range(3) if i != c] + [c])
    U = P[:, list(perm)]
    U = np.transpose(U, (0, 1, *(2 + p for p in perm)))
    return perm, U


def _normalise(U: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each player's payoffs scaled to [0, 1] in every game (equilibria are invariant), without overflow.

    Scaling player by player makes the fast method's margins and the verification tolerance apply to
    each player's own payoff range, as :meth:`Game.tolerances` does.  Games in which some player's
    payoffs are all equal are flagged (``ok`` False) and left to the full solver.
    """
    n = U.shape[1]
    out, _, spread = normalise_per_player(U, n)
    return out, np.all(spread > 0, axis=1)


def _original_order(x: np.ndarray, y: np.ndarray, z: np.ndarray, perm: tuple[int, ...],
                    shape: tuple[int, ...]) -> np.ndarray:
    if len(shape) == 2:
        return np.concatenate([x, y], axis=1)
    blocks = {perm[0]: x, perm[1]: y, perm[2]: z}
    return np.concatenate([blocks[i] for i in range(3)], axis=1)


def _expected_payoffs(P: np.ndarray, rows: np.ndarray, slots: np.ndarray, prof: np.ndarray, K: int,
                      shape: tuple[int, ...]) -> np.ndarray:
    """``(B, K, n)`` expected payoffs of the filled slots ``(rows, slots)`` whose profiles are the
    columns of ``prof`` ``(S, C)``: contract one player's axis at a time, the last first.

    Batch last, on ``(C,)`` arrays: each payoff entry is gathered at the equilibria's games into one
    reused buffer and folded into the running contraction of its level (one buffer per player), so
    that no ``(entries, C)`` array is built - fresh arrays of that size cost more in first-touch page
    faults than the arithmetic.  The sums run in the order of a contraction of whole axes.
    """
    n = len(shape)
    B = P.shape[0]
    out = np.full((B, K, n), np.nan)
    C = rows.size
    if C == 0:
        return out
    cuts = np.concatenate([[0], np.cumsum(shape)])
    weights = [np.ascontiguousarray(prof[cuts[j]:cuts[j + 1]]) for j in range(n)]
    entries = P.reshape(B, -1)                                   # (B, n * prod(shape)): one column per entry
    stride = [int(np.prod(shape[j + 1:])) for j in range(n)]
    acc = [np.empty(C) for _ in range(n)]
    pay, tmp = np.empty(C), np.empty(C)

    def value(j: int, base: int) -> np.ndarray:
        """Player-j-onwards contraction of the payoff entries below flat offset ``base``."""
        for k in range(shape[j]):
            offset = base + k * stride[j]
            last = j == n - 1                      # the entry itself, or the next players' contraction
            part = np.take(entries[:, offset], rows, out=pay, mode="clip") if last else value(j + 1, offset)
            if k == 0:
                np.multiply(part, weights[j][0], out=acc[j])
            else:
                acc[j] += np.multiply(part, weights[j][k], out=tmp)
        return acc[j]

    total = int(np.prod(shape))
    for i in range(n):
        out[rows, slots, i] = value(0, i * total)
    return out
