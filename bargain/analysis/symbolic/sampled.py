"""Expressions known by their values on the parameter sample, written out in sympy only when shown.

The regimes of a closed form are found on a sample of the parameter box (:mod:`.regions`).  Where a
closed form has radicals and long polynomials (three mixers' quadratic formula in many parameters,
:mod:`.three_binary`), building each regime condition as one sympy expression and compiling it
(``lambdify``) takes minutes, while its values at the sample points are a few array operations on
the values of the polynomials it is made of.  A :class:`SampledExpression` holds both: the values,
computed on demand from the sample, and the expression, built on demand (for display, or where sympy
must reason on it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy as sp

__all__ = ["SampledExpression"]


class SampledExpression:
    """An expression in the parameters given by its values on a sample and, lazily, as sympy.

    Parameters
    ----------
    values : callable
        ``values(samples) -> numpy.ndarray``: the float value at every sample point (``nan`` where it is
        not real).
    build : callable
        ``build() -> sympy.Expr``: the same expression in the parameters' symbols.
    """

    def __init__(self, values: Callable[[Any], np.ndarray], build: Callable[[], sp.Expr]) -> None:
        self._values = values
        self._build = build
        self._expr: sp.Expr | None = None

    def values(self, samples: Any) -> np.ndarray:
        """The values at every point of ``samples`` (a :class:`~.regions.Samples`)."""
        return np.asarray(self._values(samples), dtype=float)

    def as_expr(self) -> sp.Expr:
        """The sympy expression (built once)."""
        if self._expr is None:
            self._expr = self._build()
        return self._expr

    def _sympy_(self) -> sp.Expr:
        return self.as_expr()

    def __repr__(self) -> str:
        return f"SampledExpression({sp.sstr(self.as_expr())[:80]})"
