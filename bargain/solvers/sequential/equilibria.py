"""Sequential and perfect Bayesian equilibria of a game tree, from its Nash equilibria.

Every sequential equilibrium is a Nash equilibrium (Kreps and Wilson 1982), so the route is: the
Nash equilibria of the tree (every extreme equilibrium of its reduced normal form for two
players, every isolated one and samples of the continua for more, as :func:`bargain.solve`
reports them), translated to behaviour strategies by Kuhn's map; at the information sets a
player's own plan rules out, the plan says nothing, so every pure completion is tried; then
each is :func:`~bargain.solvers.sequential.assessment.assess`-ed.  The Nash equilibria that fail
are kept in ``rejected`` with the reason, so the one a refinement removes is named.

What this does not do: within a connected component of Nash equilibria the sequential ones can
form a strict subset that contains no extreme point; only extreme points, samples and the
completions are examined (the note says so).  Signalling games have an exact, complete route of
their own (:mod:`bargain.solvers.sequential.signalling`).

References
----------
Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894.
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
of Games* II, 193-216.
"""

from __future__ import annotations

from typing import Any

from bargain.errors import GameError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.numbers import format_number
from bargain.solvers.sequential.assessment import REFINEMENTS, Assessment, assess
from bargain.solvers.sequential.candidates import Assessments, _completions, nash_candidates

#: Refinements decided from the normal form and the perturbed sequence form.
PERFECTIONS = ("perfect", "quasi-perfect")

__all__ = ["PERFECTIONS", "Assessments", "nash_candidates", "sequential_equilibria"]


def _key(b: BehaviourProfile) -> tuple[Any, ...]:
    src = b.exact_probabilities if b.is_exact else tuple(tuple(round(float(x), 9) for x in v) for v in b.probabilities)
    return tuple(tuple(v) for v in src)


def sequential_equilibria(tree: ExtensiveGame, refinement: str | None = "sequential", *,
                          exact: bool | None = None, method: str = "auto") -> Assessments:
    """The Nash equilibria of ``tree`` that are sequential (or perfect Bayesian), with their beliefs.

    Parameters
    ----------
    tree : ExtensiveGame
        a perfect-recall game tree.
    refinement : str | None, default 'sequential'
        ``"sequential"`` (Kreps and Wilson 1982), ``"pbe"``, ``"perfect"`` (normal-form
        perfect, Selten 1975), ``"quasi-perfect"`` (van Damme 1984; two-player trees), or None to
        keep every Nash equilibrium (each still assessed for sequentiality, so the failing ones
        are flagged).  The last two are handled by
        :func:`~bargain.solvers.sequential.perfect_equilibria.perfect_equilibria`.
    exact : bool | None, optional
        exact arithmetic (default: when the tree is exact).
    method : str, default 'auto'
        the normal-form method passed to :func:`bargain.solve`.

    Returns
    -------
    Assessments
        :class:`Assessments`: kept equilibria first, rejected ones in ``rejected``.

    Raises
    ------
    GameError
        For an unknown refinement or a tree without perfect recall.

    References
    ----------
    Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894.
    Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
    of Games* II, 193-216.
    """
    if refinement in PERFECTIONS:
        from bargain.solvers.sequential.perfect_equilibria import perfect_equilibria

        return perfect_equilibria(tree, refinement, exact=exact, method=method)
    if refinement is not None and refinement not in REFINEMENTS:
        raise GameError(f"unknown refinement {refinement!r}; choose one of {[*REFINEMENTS, *PERFECTIONS]} or None")
    tree.check_perfect_recall("sequential equilibrium")
    ex = tree.is_exact if exact is None else bool(exact)
    eqs, profiles = nash_candidates(tree, ex, method)
    kept, rejected, seen = [], [], set()
    for prof in profiles:
        b0 = tree.behaviour_from_mixed(prof, exact=ex)
        for b in _completions(b0, ex):
            if _key(b) in seen:
                continue
            seen.add(_key(b))
            a = assess(b, refinement or "sequential", exact=ex)
            (kept if a.satisfied or refinement is None else rejected).append(a)
    notes = [f"candidates: the Nash equilibria found by {eqs.method} on the reduced normal form "
             f"({len(eqs)} extreme or isolated, plus samples of {len(getattr(eqs, 'continua', ()) or ())} continua), "
             "with every pure completion at sets a player's own plan rules out",
             "inside a component of Nash equilibria only those points are examined"]
    if refinement is None:
        bad = sum(not a.satisfied for a in kept)
        notes.append(f"{bad} of {len(kept)} are not sequential (see each verdict)")
    return Assessments(tree, refinement, tuple(kept), tuple(rejected), tuple(notes))


def describe_beliefs(a: Assessment, digits: int = 6) -> str:
    """Beliefs at the multi-node sets on one line (for tables)."""
    parts = []
    for h, mu in a.beliefs.items():
        if mu is None or len(mu) < 2:
            continue
        parts.append(f"{h}: " + ", ".join(f"{x}={format_number(v, digits)}" for x, v in mu.items()))
    return "; ".join(parts)
