"""Support systems as homotopy batches, four-player systems by elimination, and the second routes.

The systems of one shape go to :func:`~bargain.solvers.polynomial.homotopy.track_paths_many` as one
:class:`~bargain.solvers.polynomial.homotopy.MultilinearBatch`.  A claim of completeness that rests
on the homotopy (probability one) is re-checked by tracking the same systems from a second random
start system (:mod:`bargain.solvers.completeness`, "two-routes").  Here the second start system is
made by a random complex change of coordinates ``y_j = T_j y'_j`` in every block, drawn from its own
seed: the systems in ``y'`` keep their multilinear block structure (each coefficient tensor is
contracted with ``T_j`` along block ``j``'s axes), and the tracker's start system, a product of
random linear forms with random affine patches, becomes in the original coordinates another product
of random linear forms (``L T^{-1}``) with other patches (``c T^{-1}``): a start system drawn from
fresh randomness.  Because the tracker's cost is mostly per step, not per path, both routes are
tracked in one array (one pass), and each endpoint is mapped back by ``T_j``.

Four mixing players with one free variable each (block sizes ``(2, 2, 2, 2)``, Gambit's g3) need no
homotopy: :func:`eliminated` solves them by the normal form's resultant
(:func:`~bargain.solvers.polynomial.resultant.solve_2222`: two players' equations give the other
two players' kernels, the remaining two equations a resultant in one hidden variable), which accepts
a system only when Newton's method confirms exactly 9 distinct regular solutions: the multihomogeneous
Bezout number, the number of paths the homotopy tracks, so that every one of its paths would end at
one of them (Morgan and Sommese 1987) and the two methods' answers are the same.  Its second route is the same
elimination with the blocks in reverse order: the variables hidden in one are solved as kernels in
the other, so their spurious roots and special fibres differ.  A system either route does not accept,
or that the reversal leaves unchanged (the second route would repeat the first), goes to the homotopy.

References
----------
Morgan, A. and Sommese, A. (1987). A homotopy for solving general polynomial systems that respects
m-homogeneous structures. *Appl. Math. Comput.* 24.  Sommese, A. J. and Wampler, C. W. (2005). *The
Numerical Solution of Systems of Polynomials Arising in Engineering and Science*, ch. 8 (random
start systems and projective changes of coordinates).  Cox, D., Little, J. and O'Shea, D. (2005).
*Using Algebraic Geometry*, 2nd ed., ch. 3 (resultants).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from bargain.solvers.polynomial.homotopy import HomotopyResult, MultilinearBatch, permuted_batch, track_paths_many
from bargain.solvers.polynomial.resultant import solve_2222
from bargain.solvers.tree_polynomial.supports import SupportSystem

__all__ = ["REVERSED", "batch_of", "eliminated", "real_endpoints", "route_note", "track_routes", "turned", "unturned"]

#: The block order of the second elimination of a four-player system.
REVERSED = (3, 2, 1, 0)


def batch_of(group: list[SupportSystem]) -> MultilinearBatch:
    """The systems of one shape as a :class:`MultilinearBatch` (floating point).

    Parameters
    ----------
    group : list of SupportSystem
        Systems with the same mixing players and block sizes.

    Returns
    -------
    MultilinearBatch
        Their coefficient tensors stacked along a first axis.
    """
    sizes = group[0].sizes
    return MultilinearBatch(sizes, tuple(np.stack([np.asarray(s.coeffs[q], dtype=float) for s in group])
                                         for q in range(len(sizes))))


def turned(batch: MultilinearBatch, rng: np.random.Generator) -> tuple[MultilinearBatch, list[np.ndarray]]:
    """``batch`` in random complex coordinates ``y_j = T_j y'_j``, and the matrices ``T_j``.

    Parameters
    ----------
    batch : MultilinearBatch
        Systems of one shape.
    rng : numpy.random.Generator
        The randomness of the change of coordinates.

    Returns
    -------
    (MultilinearBatch, list of numpy.ndarray)
        The same systems in the new coordinates (complex coefficients), and ``T_j`` per block.

    References
    ----------
    Sommese and Wampler (2005), ch. 8.
    """
    sizes = batch.sizes
    turns = [rng.standard_normal((s, s)) + 1j * rng.standard_normal((s, s)) for s in sizes]
    coeffs = []
    for i, c in enumerate(batch.coeffs):
        out = c.astype(complex)
        for j in (j for j in range(len(sizes)) if j != i):
            # the first remaining block axis (position 2) contracted with T_j goes to the end: after
            # every other block the axes are back in their order
            out = np.tensordot(out, turns[j], axes=([2], [0]))
        coeffs.append(out)
    return MultilinearBatch(sizes, tuple(coeffs)), turns


def unturned(y: np.ndarray, turns: list[np.ndarray], sizes: tuple[int, ...]) -> np.ndarray:
    """Endpoints ``y'`` (shape ``(B, R, V)``) mapped back to the original coordinates ``y_j = T_j y'_j``.

    Parameters
    ----------
    y : numpy.ndarray
        Endpoints in the turned coordinates.
    turns : list of numpy.ndarray
        The matrices of :func:`turned`.
    sizes : tuple of int
        The block sizes.

    Returns
    -------
    numpy.ndarray
        The endpoints in the original coordinates, same shape.
    """
    offs = np.cumsum((0, *sizes))
    return np.concatenate([y[..., offs[j]:offs[j + 1]] @ turns[j].T for j in range(len(sizes))], axis=-1)


def track_routes(systems: list[SupportSystem], twice: bool, seed: int
                 ) -> Iterator[tuple[int, list[SupportSystem], HomotopyResult, np.ndarray]]:
    """The systems, grouped by mixing players and shape, tracked by the homotopy from the start system
    of ``seed`` and, when ``twice``, in coordinates :func:`turned` by randomness from ``seed + 1`` (the
    second route), all in one array.

    Parameters
    ----------
    systems : list of SupportSystem
        Systems on which three or more players mix.
    twice : bool
        Track the second route too.
    seed : int
        The first route's seed.

    Yields
    ------
    (int, list of SupportSystem, HomotopyResult, numpy.ndarray)
        The route (0 or 1), a group of systems, the tracker's result and its endpoints in the original
        coordinates (shape ``(B, R, V)``).

    References
    ----------
    Morgan and Sommese (1987); Sommese and Wampler (2005), ch. 8.
    """
    shapes: dict[tuple, list[SupportSystem]] = {}
    for s in systems:
        shapes.setdefault((s.mixing, s.sizes), []).append(s)
    groups = list(shapes.values())
    batches = [batch_of(group) for group in groups]
    routes: list[tuple[list[MultilinearBatch], list[list[np.ndarray]] | None]] = [(batches, None)]
    if twice:
        rng = np.random.default_rng(seed + 1)
        pairs = [turned(b, rng) for b in batches]
        routes.append(([p[0] for p in pairs], [p[1] for p in pairs]))
    results = iter(track_paths_many([b for bs, _ in routes for b in bs], seed=seed))
    for r, (bs, turns) in enumerate(routes):
        for q, batch in enumerate(bs):
            res = next(results)
            yield r, groups[q], res, (res.y if turns is None else unturned(res.y, turns[q], batch.sizes))


def real_endpoints(res: HomotopyResult, y: np.ndarray, b: int, sizes: tuple[int, ...]
                   ) -> list[tuple[list[np.ndarray], bool]]:
    """System ``b``'s real endpoints: each block divided by its first coordinate (where not zero), kept
    when every imaginary part is at most ``1e-7``.

    Parameters
    ----------
    res : HomotopyResult
        The tracker's result (for the regularity of each path).
    y : numpy.ndarray
        Endpoints, shape ``(B, R, V)``.
    b : int
        The system.
    sizes : tuple of int
        Block sizes.

    Returns
    -------
    list of (list of numpy.ndarray, bool)
        The real blocks of each real endpoint and whether the endpoint is regular.
    """
    offs = np.cumsum((0, *sizes))
    roots = []
    for r in range(res.paths):
        blocks = [y[b, r, offs[q]:offs[q + 1]] for q in range(len(sizes))]
        scale = [bl / bl[0] if abs(bl[0]) > 0 else bl for bl in blocks]
        if max(float(np.abs(bl.imag).max()) for bl in scale) > 1e-7:
            continue
        roots.append(([bl.real for bl in scale], bool(res.regular[b, r])))
    return roots


def eliminated(group: list[SupportSystem], twice: bool) -> tuple[list[int], list[list[tuple[int, list[np.ndarray]]]]]:
    """Systems of four players with one free variable each, by elimination (see the module docstring).

    Parameters
    ----------
    group : list of SupportSystem
        Systems with block sizes ``(2, 2, 2, 2)`` and the same mixing players.
    twice : bool
        Also solve them in the reverse block order (the second route of the evidence).

    Returns
    -------
    (list of int, list of list)
        The systems (indices into ``group``) left to the homotopy, and per route the real solutions
        of the others as ``(system index, blocks)`` with ``blocks[j]`` block ``j``'s homogeneous
        coordinates (summing to one, non-negative).

    References
    ----------
    Cox, Little and O'Shea (2005), ch. 3; McKelvey and McLennan (1996), sec. 6.
    """
    batch = batch_of(group)
    left = np.zeros(len(group), dtype=bool)
    orders = [(0, 1, 2, 3), REVERSED] if twice else [(0, 1, 2, 3)]
    if twice:       # a system the reversal leaves unchanged would be solved the same way twice
        turned_round = permuted_batch(batch, REVERSED)
        for a, b in zip(batch.coeffs, turned_round.coeffs, strict=True):
            scale = np.maximum(np.abs(a).reshape(len(group), -1).max(axis=1), 1e-300)
            left |= np.abs(a - b).reshape(len(group), -1).max(axis=1) <= 1e-12 * scale
    found = []
    for order in orders:
        system, blocks, fallback = solve_2222(permuted_batch(batch, order))
        left |= fallback
        back = np.argsort(order)
        found.append((system, [blocks[int(back[j])] for j in range(4)]))
    roots = [[(int(b), [bl[k] for bl in blocks]) for k, b in enumerate(system) if not left[b]]
             for system, blocks in found]
    return [int(b) for b in np.flatnonzero(left)], roots


def route_note(tracked: int, eliminated: int) -> str:
    """What the second route redid, for the evidence: ``tracked`` systems re-tracked by the homotopy,
    ``eliminated`` four-player systems eliminated again in the reverse order.

    Parameters
    ----------
    tracked : int
        Systems solved by the homotopy.
    eliminated : int
        Systems solved by :func:`eliminated`.

    Returns
    -------
    str
        One phrase.
    """
    parts = []
    if tracked:
        parts.append(f"the homotopy re-tracked on its {tracked} support system(s) from an independent random start "
                     "system (random coordinates per block, from seed + 1; both in one array)")
    if eliminated:
        parts.append(f"the elimination of its {eliminated} four-player support system(s) redone with the players in "
                     "reverse order (other hidden variables)")
    return " and ".join(parts)
