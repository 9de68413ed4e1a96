"""Support systems as homotopy batches, and the second route that re-checks them.

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

References
----------
Morgan, A. and Sommese, A. (1987). A homotopy for solving general polynomial systems that respects
m-homogeneous structures. *Appl. Math. Comput.* 24.  Sommese, A. J. and Wampler, C. W. (2005). *The
Numerical Solution of Systems of Polynomials Arising in Engineering and Science*, ch. 8 (random
start systems and projective changes of coordinates).
"""

from __future__ import annotations

import numpy as np

from bargain.solvers.polynomial.homotopy import MultilinearBatch
from bargain.solvers.tree_polynomial.supports import SupportSystem

__all__ = ["batch_of", "turned", "unturned"]


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
