"""The polynomial solver's one-pass float routes, registered as one dispatcher by game shape.

:func:`bargain.solve` tries a solver's registered one-pass route first (only without options or a
tolerance); each route answers a float game of its shape in one pass with the general route's answer, or
returns None, and then the general route (:func:`~bargain.solvers.polynomial.solver.polynomial_solve`)
answers.
"""

from __future__ import annotations

from bargain.model.game import Game
from bargain.solvers.polynomial.collector import METHOD
from bargain.solvers.polynomial.one_pass import one_pass_2x2x2
from bargain.solvers.polynomial.one_pass_2x2x2x2 import one_pass_2x2x2x2
from bargain.solvers.polynomial.one_pass_3x3x2 import one_pass_small
from bargain.solvers.polynomial.one_pass_3x3x3 import one_pass_3x3x3
from bargain.solvers.registry import register_one_pass
from bargain.solvers.result import Equilibria

__all__ = ["one_pass_polynomial"]


@register_one_pass(METHOD)
def one_pass_polynomial(game: Game) -> Equilibria | None:
    """The polynomial solver's one-pass float routes: 2x2x2, 2x2x2x2, 3x3x3 and the other three-player games
    with two or three strategies a player (3x2x2, 3x3x2 in any order of the players), else None.

    Parameters
    ----------
    game : Game
        A float game (``bargain.solve`` calls this only without options or a tolerance).

    Returns
    -------
    Equilibria or None
        The certified answer, or None when the general route must answer.
    """
    if game.shape == (2, 2, 2):
        return one_pass_2x2x2(game)
    if game.shape == (2, 2, 2, 2):
        return one_pass_2x2x2x2(game)
    if game.shape == (3, 3, 3):
        return one_pass_3x3x3(game)
    return one_pass_small(game)
