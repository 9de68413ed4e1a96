"""Behaviour-support enumeration on n-player game trees (Gambit's ``enumpoly`` on trees).

=================  =======================================================================
:mod:`.supports`   admissible behaviour supports and the multilinear system of each
:mod:`.faces`     one-mixer supports with a whole face of solutions: an LP decides if one is Nash
:mod:`.solver`     the registered solver ``tree-enumpoly``
=================  =======================================================================
"""

from bargain.solvers.tree_polynomial.solver import tree_enumpoly_solve

__all__ = ["tree_enumpoly_solve"]
