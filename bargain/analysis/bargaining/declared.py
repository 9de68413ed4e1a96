"""The bargaining problem a game module declares for itself.

A game module may define, beside its ``model``, the players' *utility possibility set* and their
*disagreement point* as functions of the model's parameters::

    def utility_possibility_set(**values) -> np.ndarray     # (m, n): m outcomes, n players
    def disagreement_point(**values) -> np.ndarray          # (n,)

(``games/linkage_bargain.py`` does).  :func:`declared_problem` finds them through the module the
model was loaded from (:func:`bargain.model.loader.defining_module`) and returns the feasible set
as a :class:`~bargain.analysis.bargaining.feasible.Polytope` spanned by the hull of those points.

References
----------
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162 (the problem as a
feasible set and a disagreement point).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.analysis.bargaining.feasible import Polytope
from bargain.model.loader import defining_module
from bargain.model.parameters import Model

__all__ = ["DeclaredProblem", "declared_problem", "hull_indices"]


def hull_indices(points: np.ndarray) -> np.ndarray:
    """Indices of the points that span the convex hull of ``points``.

    Parameters
    ----------
    points : numpy.ndarray
        Shape ``(m, n)``: ``m`` points in ``n`` dimensions.

    Returns
    -------
    numpy.ndarray
        Sorted indices of the hull's vertices; all indices when the hull is degenerate (lower
        dimensional, or too few points for Qhull).

    References
    ----------
    Barber, C. B., Dobkin, D. P. and Huhdanpaa, H. (1996). The Quickhull algorithm for convex
    hulls. *ACM Trans. Math. Software* 22(4), 469-483.
    """
    from scipy.spatial import ConvexHull, QhullError

    if len(points) <= points.shape[1] + 1:
        return np.arange(len(points))
    try:
        return np.sort(ConvexHull(points).vertices)
    except (QhullError, ValueError):
        return np.arange(len(points))


@dataclass(frozen=True)
class DeclaredProblem:
    """A bargaining problem declared by a game module.

    Attributes
    ----------
    feasible : Polytope
        The convex hull of the module's utility possibility set (labels ``o<k>`` name the
        original outcomes on the hull).
    n_outcomes : int
        How many points the module returned (``feasible`` keeps those on the hull).
    disagreement : tuple of float or None
        The module's disagreement point, or None if it defines none.
    """

    feasible: Polytope
    n_outcomes: int
    disagreement: tuple[float, ...] | None


def declared_problem(model: Model, values: Mapping[str, Any], players: Sequence[str]) -> DeclaredProblem | None:
    """The bargaining problem the game module of ``model`` declares at ``values``, if any.

    Parameters
    ----------
    model : Model
        A model loaded with :func:`bargain.load_game`.
    values : mapping
        Parameter values (floats) passed to the module's functions.
    players : sequence of str
        Player names of the feasible set.

    Returns
    -------
    DeclaredProblem or None
        None when the model was not loaded from a module, or its module defines no
        ``utility_possibility_set``.
    """
    module = defining_module(model)
    upset = getattr(module, "utility_possibility_set", None) if module is not None else None
    if not callable(upset):
        return None
    floats = {k: float(v) for k, v in values.items()}
    pts = np.asarray(upset(**floats), dtype=float)
    keep = hull_indices(pts)
    feasible = Polytope(pts[keep], players=players, labels=[f"o{k + 1}" for k in keep])
    dfun = getattr(module, "disagreement_point", None)
    d = tuple(float(x) for x in np.asarray(dfun(**floats), dtype=float)) if callable(dfun) else None
    return DeclaredProblem(feasible, len(pts), d)
