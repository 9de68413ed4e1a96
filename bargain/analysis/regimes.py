"""Regime maps: which equilibria hold where, over two parameters.

A *regime* is a set of equilibrium supports: two parameter points are in the same regime when
their games have equilibria on exactly the same supports (so the same qualitative prediction -
"China enforces, DPRK freezes" - with probabilities that move continuously inside the region).
:func:`regimes` solves a 2-D grid in one batch and labels each cell with an integer region id;
``names[id]`` says which equilibria the region has.  The output is plain arrays for a filled
contour or image plot (``labels[i, j]`` at ``(x_values[i], y_values[j])``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from bargain.analysis.sweep import Sweep, sweep

__all__ = ["RegimeMap", "regimes"]


@dataclass
class RegimeMap:
    """Integer region labels over a 2-D parameter grid.

    Attributes
    ----------
    x, y: the two parameter names; ``x_values`` (``Nx``), ``y_values`` (``Ny``) their grids.
    labels: ``(Nx, Ny)`` region id of each grid point (``indexing="ij"``).
    names: ``names[id]``: the equilibrium supports of the region, ``"; "``-separated.
    counts: ``(Nx, Ny)`` number of equilibria at each point.
    area: fraction of grid points in each region (regions are numbered by decreasing area).
    fixed: values of the other parameters.
    """

    model: str
    x: str
    y: str
    x_values: np.ndarray
    y_values: np.ndarray
    labels: np.ndarray
    names: list[str]
    counts: np.ndarray
    area: np.ndarray
    fixed: dict[str, float]
    sweep: Sweep

    def region_at(self, x: float, y: float) -> str:
        """The regime at the grid point nearest to ``(x, y)``."""
        i = int(np.argmin(np.abs(self.x_values - x)))
        j = int(np.argmin(np.abs(self.y_values - y)))
        return self.names[int(self.labels[i, j])]

    def table(self) -> str:
        lines = [f"regimes of {self.model} over {self.x} x {self.y} "
                 f"({len(self.x_values)} x {len(self.y_values)} grid)"]
        for k, name in enumerate(self.names):
            lines.append(f"{k:3d}  {100 * self.area[k]:5.1f}%  {name}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "x": self.x, "y": self.y, "x_values": self.x_values.tolist(),
                "y_values": self.y_values.tolist(), "labels": self.labels.tolist(), "names": list(self.names),
                "counts": self.counts.tolist(), "area": self.area.tolist(), "fixed": dict(self.fixed)}


def regimes(
    model: Any,
    x: str,
    y: str,
    *,
    n: int | tuple[int, int] = 101,
    x_values: Any = None,
    y_values: Any = None,
    fixed: Mapping[str, float] | None = None,
    method: str = "auto",
    progress: bool = False,
) -> RegimeMap:
    """The regime map of ``model`` over parameters ``x`` and ``y`` (``n`` points each across their bounds,
    or the given value grids); other parameters at ``fixed`` or their defaults.

    Parameters
    ----------
    model : Model
        A :class:`bargain.Model` (a game with named parameters).
    x, y : str
        The two parameters of the map's axes.
    n : int or tuple of two ints, default 101
        Grid points per axis (one number for both) when the value grids are not given.
    x_values, y_values : array_like, optional
        The values of ``x`` and of ``y`` (default ``n`` points across each one's bounds).
    fixed : mapping of str to float, optional
        Values of the other parameters (the rest take their defaults).
    method : str, default 'auto'
        The full solver (a :func:`bargain.solve` method) for the points the batch engine leaves to it.
    progress : bool, default False
        Show a progress bar.

    Returns
    -------
    RegimeMap
        The regime (the set of equilibrium supports) at every grid point, with a label per regime.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, 87-142.
    Harsanyi, J. C. (1973). Oddness of the number of equilibrium points. *IJGT* 2, 235-250.
    """
    ns = (n, n) if isinstance(n, int) else tuple(n)
    grid = {x: x_values, y: y_values}
    s = sweep(model, grid, n=ns, fixed=fixed, method=method, track_branches=False, progress=progress)
    sig = s.signatures()
    uniq, inverse, counts = np.unique(sig.ravel(), return_inverse=True, return_counts=True)
    order = np.lexsort((uniq, -counts))           # biggest region first, ties by name
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    labels = rank[inverse.reshape(-1)].reshape(sig.shape)
    return RegimeMap(
        model=model.name, x=x, y=y, x_values=s.axes[0], y_values=s.axes[1], labels=labels,
        names=[str(uniq[i]) for i in order], counts=s.result.count, area=counts[order] / sig.size,
        fixed=dict(s.fixed), sweep=s,
    )
