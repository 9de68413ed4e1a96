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

import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from bargain.errors import GameError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.numbers import format_number
from bargain.solvers.sequential.assessment import REFINEMENTS, Assessment, assess

#: Refinements decided from the normal form and the perturbed sequence form.
PERFECTIONS = ("perfect", "quasi-perfect")

__all__ = ["PERFECTIONS", "Assessments", "nash_candidates", "sequential_equilibria"]

#: Largest number of pure completions tried at sets a player's own plan rules out.
MAX_COMPLETIONS = 256


@dataclass(frozen=True, eq=False)
class Assessments(Sequence[Assessment]):
    """The equilibria that pass a refinement, and the Nash equilibria it rejects.

    Attributes
    ----------
    game: the tree.
    refinement: ``"sequential"``, ``"pbe"`` or ``None`` (every Nash equilibrium, assessed).
    items: the assessments kept.
    rejected: Nash equilibria that fail the refinement, assessed (their ``reasons`` say why).
    notes: how the candidates were found, and what is not covered.
    """

    game: ExtensiveGame = field(repr=False)
    refinement: str | None
    items: tuple[Assessment, ...]
    rejected: tuple[Assessment, ...] = ()
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Assessment]:
        return iter(self.items)

    def __getitem__(self, index):  # type: ignore[override]
        return self.items[index]

    def table(self, digits: int = 6) -> str:
        """Each assessment described, then the rejected equilibria with their reasons."""
        kind = self.refinement or "Nash"
        head = f"{len(self.items)} {kind} equilibri{'um' if len(self.items) == 1 else 'a'} of " \
               f"{self.game.title or 'the tree'}"
        blocks = [head]
        for k, a in enumerate(self.items, 1):
            blocks.append(f"#{k}\n" + a.describe(digits))
        for k, a in enumerate(self.rejected, 1):
            blocks.append(f"rejected #{k} (Nash, not {kind})\n" + a.describe(digits))
        blocks += [f"note: {n}" for n in self.notes]
        return "\n\n".join(blocks)

    def to_dict(self) -> dict[str, Any]:
        return {"refinement": self.refinement, "equilibria": [a.to_dict() for a in self.items],
                "rejected": [a.to_dict() for a in self.rejected], "notes": list(self.notes)}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def __repr__(self) -> str:
        return self.table()


def _completions(behaviour: BehaviourProfile, exact: bool) -> list[BehaviourProfile]:
    """``behaviour`` with every pure choice at the sets listed in ``behaviour.undetermined``."""
    g = behaviour.game
    open_sets = sorted(getattr(behaviour, "undetermined", ()) or ())
    if not open_sets:
        return [behaviour]
    src = behaviour.exact_probabilities if exact else behaviour.probabilities
    out = []
    for n, choice in enumerate(itertools.product(*(range(g.infosets[k].num_actions) for k in open_sets))):
        if n >= MAX_COMPLETIONS:
            break
        probs = [list(v) for v in src]
        for k, a in zip(open_sets, choice, strict=True):
            probs[k] = [int(j == a) for j in range(g.infosets[k].num_actions)]
        out.append(BehaviourProfile.build(g, probs, exact=exact))
    return out


def _key(b: BehaviourProfile) -> tuple[Any, ...]:
    src = b.exact_probabilities if b.is_exact else tuple(tuple(round(float(x), 9) for x in v) for v in b.probabilities)
    return tuple(tuple(v) for v in src)


def nash_candidates(tree: ExtensiveGame, exact: bool, method: str = "auto") -> tuple[Any, list[Any]]:
    """The Nash equilibria of ``tree``'s reduced normal form, and their mixed profiles (plus
    exactly-Nash rational samples of any continua), as candidates for a refinement."""
    from bargain.solvers.registry import solve

    nf = tree.reduced_normal_form(exact=exact)
    eqs = solve(nf, method, exact=exact)
    profiles = [e.exact_profile if exact and e.exact_profile is not None else e.profile for e in eqs]
    for c in getattr(eqs, "continua", ()) or ():
        for smp in c.samples:
            prof = smp.exact_profile if exact and smp.exact_profile is not None else smp.profile
            if exact and smp.exact_profile is None:
                # a float sample of a continuum: keep its small-denominator rational if that is exactly Nash
                prof = tuple(tuple(Fraction(float(v)).limit_denominator(10_000) for v in x) for x in prof)
                if any(sum(x) != 1 for x in prof) or nf.regret(prof, exact=True) != 0:
                    continue
            profiles.append(prof)
    return eqs, profiles


def sequential_equilibria(tree: ExtensiveGame, refinement: str | None = "sequential", *,
                          exact: bool | None = None, method: str = "auto") -> Assessments:
    """The Nash equilibria of ``tree`` that are sequential (or perfect Bayesian), with their beliefs.

    Parameters
    ----------
    tree: a perfect-recall game tree.
    refinement: ``"sequential"`` (Kreps and Wilson 1982), ``"pbe"``, ``"perfect"`` (normal-form
        perfect, Selten 1975), ``"quasi-perfect"`` (van Damme 1984; two-player trees), or None to
        keep every Nash equilibrium (each still assessed for sequentiality, so the failing ones
        are flagged).  The last two are handled by
        :func:`~bargain.solvers.sequential.perfect_equilibria.perfect_equilibria`.
    exact: exact arithmetic (default: when the tree is exact).
    method: the normal-form method passed to :func:`bargain.solve`.

    Returns
    -------
    :class:`Assessments`: kept equilibria first, rejected ones in ``rejected``.

    Raises
    ------
    GameError
        For an unknown refinement or a tree without perfect recall.
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
