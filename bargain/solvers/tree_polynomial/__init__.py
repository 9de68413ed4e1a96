"""Behaviour-support enumeration on n-player game trees (Gambit's ``enumpoly`` on trees).

=================  =======================================================================
:mod:`.supports`   admissible behaviour supports and the multilinear system of each
:mod:`.dominance`  conditional dominance: supports on which no equilibrium lives
:mod:`.subgames`   proper subgames solved first, as a filter on supports
:mod:`.algebraic`  saturated Groebner bases for systems the homotopy cannot settle
:mod:`.extension`  behaviour a solution leaves free (off the path, on a face): its polytope's vertices
:mod:`.bilinear`   a point in each component of a plane set cut by bilinear conditions
:mod:`.plans`      plans of behaviour rows, unreached sets, a floating-point regret
:mod:`.solver`     the registered solver ``tree-enumpoly``
=================  =======================================================================
"""

from bargain.solvers.tree_polynomial.solver import tree_enumpoly_solve

__all__ = ["tree_enumpoly_solve"]
