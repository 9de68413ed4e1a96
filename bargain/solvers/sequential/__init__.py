"""Sequential rationality, beliefs and refinements of equilibria in game trees.

One module per job: :mod:`.beliefs` (Bayes' rule, the tremble structure and the Kreps–Wilson
consistency test), :mod:`.polytope` (vertices of small belief polytopes), :mod:`.assessment`
(assessments, sequential rationality, finding beliefs), :mod:`.candidates` (the Nash candidates
and the result container), :mod:`.equilibria` (sequential and perfect Bayesian equilibria of a
tree from its Nash equilibria), :mod:`.perfection` (exact certificates of normal-form perfection),
:mod:`.perfect_equilibria` (normal-form perfect and quasi-perfect equilibria), :mod:`.signalling` (the exact
route for signalling games), :mod:`.criteria` (the intuitive criterion and D1), :mod:`.qre_limit` (the
limit of the agent logit QRE, McKelvey and Palfrey 1998) and :mod:`.selection` (which refinements each
equilibrium meets, with the QRE limit as the selection).

References
----------
Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894.
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria. *QJE* 102, 179-221.
"""

from bargain.solvers.sequential.assessment import Assessment, assess
from bargain.solvers.sequential.equilibria import Assessments, sequential_equilibria

__all__ = ["Assessment", "Assessments", "assess", "sequential_equilibria"]
