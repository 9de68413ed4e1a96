"""Polynomial support enumeration: every equilibrium of a small n-player game.

=================  =======================================================================
:mod:`.solver`     the registered solver, :func:`solve_support` and the 2x2x2 batch solver
:mod:`.support`    support profiles (Porter-Nudelman-Shoham order) and indifference systems
:mod:`.collector`  verification of candidate roots in the original game
:mod:`.low_dim`    one or two mixing players: linear systems and solution polytopes
:mod:`.multilinear`  three or more mixing players: routes to the algebra below
:mod:`.univariate`  hidden-variable elimination to one univariate polynomial
:mod:`.resultant`  Sylvester resultants of plane curves (3x3x3, 3x3x4, 3x4x4, 2x2x2x2)
:mod:`.homotopy`   multihomogeneous homotopy continuation
:mod:`.closed_2x2x2`  the vectorised closed form of 2x2x2 games
:mod:`.one_pass`   one float 2x2x2 game in scalars: solved, verified and certified in one pass
:mod:`.one_pass_2x2x2x2`  the same for one float 2x2x2x2 game (a degree-9 resultant when all four mix)
:mod:`.one_pass_3x3x3`  the same for one float 3x3x3 game (343 supports in a few stacked passes)
:mod:`.one_pass_333_shapes`  the stacked solvers of its support shapes (leading batch axes allowed)
:mod:`.one_pass_3x3x2`  the same for one float 3x2x2 or 3x3x2 game, any player order (mostly scalars)
:mod:`.one_pass_routes`  the one-pass routes registered as one dispatcher by game shape
:mod:`.decoupled`  supports whose equations decouple, solved one mixer at a time
=================  =======================================================================
"""

from bargain.solvers.polynomial.closed_2x2x2 import Batch2x2x2
from bargain.solvers.polynomial.collector import SupportSolution
from bargain.solvers.polynomial.one_pass_routes import one_pass_polynomial  # noqa: F401  (registers the fast routes)
from bargain.solvers.polynomial.solver import polynomial_solve, solve_2x2x2_batch, solve_support

__all__ = ["Batch2x2x2", "SupportSolution", "polynomial_solve", "solve_2x2x2_batch", "solve_support"]
