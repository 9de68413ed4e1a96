"""The container of refined equilibria and the Nash equilibria a refinement starts from.

:class:`Assessments` holds the assessments a refinement keeps and the Nash equilibria it rejects;
:func:`nash_candidates` gives the Nash equilibria of a tree's reduced normal form (the extreme or
isolated ones, and exactly-Nash rational samples of continua), and :func:`_completions` the pure
completions of a behaviour profile at the sets a player's own plan rules out (Kuhn's map leaves
them open).  Shared by :mod:`.equilibria` (sequential, PBE) and :mod:`.perfect_equilibria`.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
of Games* II, 193-216.  Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.solvers.sequential.assessment import Assessment

__all__ = ["Assessments", "nash_candidates"]

#: Largest number of pure completions tried at sets a player's own plan rules out.
MAX_COMPLETIONS = 256


@dataclass(frozen=True, eq=False)
class Assessments(Sequence[Assessment]):
    """The equilibria that pass a refinement, and the Nash equilibria it rejects.

    Parameters
    ----------
    game : ExtensiveGame
        the tree.
    refinement : str | None
        ``"sequential"``, ``"pbe"`` or ``None`` (every Nash equilibrium, assessed).
    items : tuple[Assessment, ...]
        the assessments kept.
    rejected : tuple[Assessment, ...], default ()
        Nash equilibria that fail the refinement, assessed (their ``reasons`` say why).
    notes : tuple[str, ...], default ()
        how the candidates were found, and what is not covered.
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
