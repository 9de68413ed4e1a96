"""The sequence form of game trees and the solvers built on it.

One module per job: :mod:`.sequences` (sequences, realisation plans, the constraint matrices and
the sparse payoff tensor, built in linear time), :mod:`bargain.linalg.tableau` (exact integer pivoting) below them,
:mod:`.lemke` (Lemke's algorithm on the two-player LCP), :mod:`.vertices` (the lowest vertices of
a best-response polyhedron, batched floating-point basis search), :mod:`.enumeration` (every
extreme equilibrium of a two-player tree), :mod:`.zero_sum` (the sequence-form LP),
:mod:`.agent_qre` (the logit path of the agent normal form), :mod:`.verify` (the verification
gate on the tree) and :mod:`.methods` (registry entries, and ``auto`` on trees).

References
----------
Koller, Megiddo and von Stengel (1996), "Efficient computation of equilibria for extensive
two-person games", GEB 14; von Stengel (1996), "Efficient computation of behavior strategies",
GEB 14.
"""

from bargain.solvers.sequence_form.sequences import SequenceForm, sequence_form

__all__ = ["SequenceForm", "sequence_form"]
