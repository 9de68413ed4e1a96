"""Payoffs that are rational functions of the parameters: each player's payoffs over a common positive denominator.

A repeated game's discounted values (``(1 - delta) u / (1 - delta + delta pi x)``), a hazard in odds, or any
payoff divided by a parameter expression is a quotient of polynomials.  Multiplying all of one player's payoffs
by the same positive function ``L_i(theta)`` changes none of that player's best responses, so the game with
payoffs ``L_i u_i`` has the same equilibria, the same supports and the same regimes (each best-response
condition is multiplied by ``L_i > 0``); only player ``i``'s equilibrium payoff is ``L_i`` times the original
(von Neumann and Morgenstern 1944, sec. 3.5: utilities are defined up to a positive affine map, here one per
parameter point).  :func:`clear_denominators` takes ``L_i`` to be the product of the distinct irreducible
factors of the payoffs' denominators, each to its highest power, oriented to be positive; a factor that
takes both signs on the sample of the parameter box (a payoff with a pole inside the box) is refused.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.algebra import as_expr, exact_quotient, to_ring
from bargain.errors import GameError

__all__ = ["clear_denominators"]


def _is_polynomial(e: sp.Expr) -> bool:
    return not any(a.exp.is_negative for a in e.atoms(sp.Pow))


def clear_denominators(payoffs: np.ndarray, R: Any, samples: Any, players: tuple[str, ...]
                       ) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """Each player's payoffs times a common positive denominator, so that every payoff is a polynomial.

    Parameters
    ----------
    payoffs : numpy.ndarray
        Object array ``(n, s_1, ..., s_n)`` of sympy expressions in the parameters.
    R : PolyRing
        The ring of the parameters.
    samples : Samples
        The sample of the parameter box (the denominators' signs are read on it).
    players : tuple of str
        The players' names (for messages).

    Returns
    -------
    tuple
        The polynomial payoffs as sympy expressions and as ring elements (object arrays shaped like
        ``payoffs``) and, per player, the factor ``L_i`` they were multiplied by as a ring element (None where
        the payoffs were polynomials already).

    Raises
    ------
    GameError
        If a payoff is not a quotient of polynomials, or a denominator changes sign (or vanishes) on the sample
        of the parameter box.

    References
    ----------
    von Neumann, J. and Morgenstern, O. (1944). *Theory of Games and Economic Behavior*. Princeton University
    Press, sec. 3.5.
    """
    exprs = payoffs.copy()
    ring = np.empty(payoffs.shape, dtype=object)
    scales: list[Any] = []
    for i in range(payoffs.shape[0]):
        cells = list(np.ndindex(payoffs.shape[1:]))
        where = {a: f"the payoff of {players[i]} at {a}" for a in cells}
        if all(_is_polynomial(payoffs[(i, *a)]) for a in cells):
            for a in cells:
                ring[(i, *a)] = to_ring(R, payoffs[(i, *a)], where[a])
            scales.append(None)
            continue
        parts = {a: sp.fraction(sp.together(payoffs[(i, *a)])) for a in cells}
        powers: dict[sp.Expr, int] = {}
        for _, den in parts.values():
            for f, e in sp.factor_list(den)[1]:
                if f.free_symbols:
                    powers[f] = max(powers.get(f, 0), e)
        scale = R.one
        for f, e in powers.items():
            fr = to_ring(R, sp.expand(f), f"a denominator of {players[i]}'s payoffs")
            s = samples.sign(fr)
            if s == 0:
                raise GameError(f"a denominator of {players[i]}'s payoffs, {f}, takes both signs (or vanishes) in the "
                                "parameter box: the payoffs have a pole there, and the symbolic solver needs them "
                                "finite (narrow the parameter bounds, or use the numeric tools)")
            scale = scale * (s * fr) ** e
        for a, (num, den) in parts.items():
            q = exact_quotient(scale, to_ring(R, sp.expand(den), where[a]))
            if q is None:               # cannot happen: den is a product of the factors of scale, up to a constant
                raise GameError(f"{where[a]}: its denominator does not divide the common one")
            ring[(i, *a)] = to_ring(R, sp.expand(num), where[a]) * q
            exprs[(i, *a)] = as_expr(ring[(i, *a)])
        scales.append(scale)
    return exprs, ring, scales
