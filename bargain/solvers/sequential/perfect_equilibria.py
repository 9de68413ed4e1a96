"""Normal-form perfect and quasi-perfect equilibria of a tree, with the Nash equilibria they reject.

``refinement="perfect"``: every Nash equilibrium of the reduced normal form (the candidates of
:func:`~bargain.solvers.sequential.equilibria.nash_candidates`) is decided by the exact
certificates of :mod:`.perfection` (a dominating mixture: not perfect; a completely mixed belief
for two players, or uniform trembles for any number: perfect); for two-player trees the limits of
the perturbed sequence form (:mod:`bargain.solvers.sequence_form.perturbed`) are added, so at
least one perfect equilibrium is always reported.

``refinement="quasi-perfect"`` (two-player trees): the quasi-perfect equilibria are the limits of
the sequence form perturbed as in Miltersen and Sørensen (2010), each with its behaviour and its
consistent beliefs at every information set.  A Nash equilibrium is rejected when it is not
normal-form perfect or has no sequential assessment (a quasi-perfect equilibrium is both; van
Damme 1984); one that passes both tests but is not reached by the perturbed paths is listed in
the notes as undecided.

References
----------
Selten, R. (1975). *IJGT* 4, 25-55.  van Damme, E. (1984). *IJGT* 13, 1-13.  Miltersen, P. B.
and Sørensen, T. B. (2010). *Economic Theory* 42, 175-192.  von Stengel, B., van den Elzen, A.
and Talman, D. (2002). *Econometrica* 70, 693-715.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

from bargain.errors import GameError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.solvers.sequential.assessment import Assessment, assess
from bargain.solvers.sequential.candidates import Assessments, _completions, nash_candidates
from bargain.solvers.sequential.perfection import normal_form_perfection

__all__ = ["perfect_equilibria"]


def _mixed_key(tree: ExtensiveGame, b: BehaviourProfile) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(tuple(Fraction(v) for v in x) for x in tree.mixed_from_behaviour(b, exact=True))


def _best_completion(b0: BehaviourProfile) -> Assessment:
    """The first completion (at sets the own plan rules out) with a sequential assessment, else the first."""
    first = None
    for b in _completions(b0, True):
        a = assess(b, "sequential", exact=True)
        if a.satisfied:
            return a
        first = first or a
    assert first is not None
    return first


def _as(a: Assessment, refinement: str, ok: bool, reason: str = "") -> Assessment:
    return dataclasses.replace(a, refinement=refinement, satisfied=ok, reasons=() if ok else (reason,))


def perfect_equilibria(tree: ExtensiveGame, refinement: str = "perfect", *, exact: bool | None = None,
                       method: str = "auto", starts: int = 4) -> Assessments:
    """Normal-form perfect (``"perfect"``) or quasi-perfect (``"quasi-perfect"``) equilibria of ``tree``.

    Parameters
    ----------
    tree : ExtensiveGame
        a perfect-recall tree with rational payoffs; two players for ``"quasi-perfect"``.
    refinement : str, default 'perfect'
        ``"perfect"`` or ``"quasi-perfect"``.
    exact : bool | None, optional
        must be True or None (the certificates are exact).
    method : str, default 'auto'
        the normal-form method that finds the Nash candidates.
    starts : int, default 4
        starting plan pairs for the perturbed sequence form (two-player trees).

    Returns
    -------
    Assessments
        :class:`~bargain.solvers.sequential.equilibria.Assessments`: the equilibria that pass, each an
        assessment (beliefs at every information set), the Nash equilibria rejected with the reason,
        and notes (how each was decided, and what is undecided).

    Raises
    ------
    GameError
        For an unknown refinement, a tree without perfect recall or rational payoffs, or
        ``"quasi-perfect"`` on a tree without two players.

    References
    ----------
    Selten, R. (1975). *IJGT* 4, 25-55.  van Damme, E. (1984). *IJGT* 13, 1-13.  Miltersen, P. B.
    and Sørensen, T. B. (2010). *Economic Theory* 42, 175-192.  von Stengel, B., van den Elzen, A.
    and Talman, D. (2002). *Econometrica* 70, 693-715.
    """
    if refinement not in ("perfect", "quasi-perfect"):
        raise GameError(f"unknown refinement {refinement!r}; choose 'perfect' or 'quasi-perfect'")
    tree.check_perfect_recall(f"{refinement} equilibrium")
    if exact is False or not tree.is_exact:
        raise GameError(f"{refinement} equilibria are decided in exact arithmetic: give the tree rational payoffs "
                        "(ints or Fractions; for a model, model.tree(exact=True))")
    two = tree.n_players == 2
    if refinement == "quasi-perfect" and not two:
        raise GameError(f"quasi-perfect equilibria are computed for two-player trees; this tree has {tree.n_players} "
                        "players (refinement='perfect' or 'sequential' applies to any tree)")
    nf = tree.reduced_normal_form(exact=True)
    eqs, profiles = nash_candidates(tree, True, method)
    kept: list[Assessment] = []
    rejected: list[Assessment] = []
    undecided: list[str] = []
    seen: set[Any] = set()
    notes = [f"candidates: the Nash equilibria found by {eqs.method} on the reduced normal form ({len(profiles)}); "
             "inside a component of Nash equilibria only those points are examined"]
    if two:
        from bargain.solvers.sequence_form.perturbed import perturbed_assessments

        pairs, ray_notes = perturbed_assessments(tree, refinement, starts=starts)
        notes += ray_notes
        for eq, beliefs in pairs:
            key = _mixed_key(tree, eq.behaviour)
            if key in seen:
                continue
            seen.add(key)
            a = _best_completion(eq.behaviour) if refinement == "perfect" else assess(eq.behaviour, "sequential",
                                                                                     exact=True)
            if refinement == "quasi-perfect":
                named = {h.label: {tree.node_name(x): m for x, m in zip(h.nodes, beliefs[h.index], strict=True)}
                         for h in tree.infosets}
                a = dataclasses.replace(a, beliefs=named)
            kept.append(_as(a, refinement, True))
        notes.append(f"{len(kept)} {refinement} equilibri{'um' if len(kept) == 1 else 'a'} from the perturbed sequence "
                     f"form (ε symbolic, Lemke from {starts} starting plan pairs)"
                     + ("; behaviour and beliefs everywhere are the limits along the perturbation x(σ) >= ε^|σ|"
                        if refinement == "quasi-perfect" else ""))
    for prof in profiles:
        prof = tuple(tuple(Fraction(v) for v in x) for x in prof)
        if prof in seen:
            continue
        seen.add(prof)
        b0 = tree.behaviour_from_mixed(prof, exact=True)
        verdict = normal_form_perfection(nf, prof)
        a = _best_completion(b0)
        if verdict.perfect is False:
            why = f"not normal-form perfect: {verdict.reason}"
            if refinement == "quasi-perfect":
                why += " (every quasi-perfect equilibrium is normal-form perfect)"
            rejected.append(_as(a, refinement, False, why))
        elif refinement == "quasi-perfect" and not a.satisfied:
            rejected.append(_as(a, refinement, False, "no sequential assessment (every quasi-perfect equilibrium is "
                                                      "sequential): " + "; ".join(a.reasons)))
        elif refinement == "perfect" and verdict.perfect:
            kept.append(_as(a, refinement, True))
        else:
            what = verdict.reason if verdict.perfect is None else "normal-form perfect and sequential"
            undecided.append(f"undecided ({what}): " + "; ".join(a.behaviour.describe().splitlines()))
    notes += undecided
    return Assessments(tree, refinement, tuple(kept), tuple(rejected), tuple(notes))
