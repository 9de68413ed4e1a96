"""Why the batch method hands a point to the full solver: one reason code per point, for diagnostics.

:func:`bargain.solvers.batch.solve_batch` with ``explain=True`` records, for every point it leaves to the
full solver, the first reason that fired in its pipeline (:data:`REASONS`); ``benchmarks.profile_batch``
prints the counts.  Without ``explain`` no reason array exists and :func:`mark` does nothing.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CONSTANT", "FIRST_PASS", "INDEX", "LOOP", "NEAR_COPIES", "NOT_COVERED", "NO_TIE", "ONE_MIXER", "REASONS",
           "SLICE", "SUPPORT_SOLVE", "THREE_MIXERS", "THRESHOLD", "TWO_MIXERS", "VERTICES", "mark", "names", "settle"]

#: Reason codes (0: answered in batch) and their names, in the order of the pipeline's tests.
REASONS = (
    "",
    "constant payoffs of some player",
    "three-mixer elimination degenerate",
    "player indifferent on an interior slice",
    "first pass unsure without a one-mixer tie",
    "one-mixer tie set unsure (near tie or three-way tie)",
    "two-mixer set unsure (cut set or near tie)",
    "two-mixer support solved at the point: undecided, or next to an irregular root",
    "support loop unsure (second pass)",
    "candidate near a threshold",
    "near copies (irregular equilibrium)",
    "index check fails",
    "vertex enumeration unsure",
    "first pass unsure (no second pass for it)",
    "shape not covered",
)
(CONSTANT, THREE_MIXERS, SLICE, NO_TIE, ONE_MIXER, TWO_MIXERS, SUPPORT_SOLVE, LOOP, THRESHOLD, NEAR_COPIES, INDEX,
 VERTICES, FIRST_PASS, NOT_COVERED) = range(1, len(REASONS))


def mark(reasons: np.ndarray | None, points: np.ndarray, code: int) -> None:
    """Give ``code`` to the ``points`` (a mask or indices into ``reasons``) that have no reason yet.

    Parameters
    ----------
    reasons : ndarray of int, or None
        The reason codes so far (updated in place); None when not explaining (then nothing happens).
    points : ndarray
        Bool mask or integer indices of the points just found unsure.
    code : int
        One of the codes of :data:`REASONS`.
    """
    if reasons is None:
        return
    idx = np.flatnonzero(points) if points.dtype == bool else np.asarray(points, np.intp)
    idx = idx[reasons[idx] == 0]
    reasons[idx] = code


def names(reasons: np.ndarray) -> np.ndarray:
    """The reason codes as their names (an array of str, ``""`` where the batch answered)."""
    return np.asarray(REASONS, dtype=object)[reasons].astype(str)


def settle(reasons: np.ndarray | None, unsure: np.ndarray) -> None:
    """A chunk's final reasons: :data:`FIRST_PASS` where no other fired, none where the batch answered.

    Parameters
    ----------
    reasons : ndarray of int, or None
        The chunk's reason codes (updated in place); None when not explaining.
    unsure : ndarray of bool
        The chunk's points left to the full solver.
    """
    if reasons is not None:
        mark(reasons, unsure, FIRST_PASS)
        reasons[~unsure] = 0
