"""Which refinements each equilibrium of a tree meets, with the agent QRE limit as the selection.

For a perfect-recall tree, :func:`refinement_table` lists the Nash equilibria that
:func:`~bargain.solvers.sequential.equilibria.sequential_equilibria` examines (with every pure
completion at sets a player's own plan rules out), adds the perfect and quasi-perfect equilibria
the perturbed sequence form finds and the limit of the agent logit QRE
(:func:`~bargain.solvers.sequential.qre_limit.qre_limit`), and for each reports:

* ``sequential``: has a consistent, sequentially rational assessment (Kreps and Wilson 1982);
* ``perfect``: normal-form perfect (Selten 1975), decided exactly (trees with rational payoffs);
* ``quasi-perfect``: quasi-perfect (van Damme 1984; two-player trees);
* ``intuitive``: passes the Cho–Kreps intuitive criterion (signalling games only; the test depends
  on the outcome alone, so an equilibrium gets the verdict of the exact signalling solver's
  equilibrium with the same behaviour wherever play reaches);
* ``qre-limit``: is the limit of the principal branch of the agent logit QRE (McKelvey and
  Palfrey 1998), the selection.

A verdict is True, False, or None when it is undecided or does not apply (the notes say which).
Normal-form notions (perfect, quasi-perfect) and the QRE limit are compared through the
realisation-equivalent mixed profile of the reduced normal form (Kuhn 1953), so completions at
unreached sets of one's own plan share them; ``sequential`` is a property of the behaviour.

References
----------
McKelvey, R. D. and Palfrey, T. R. (1998). *Experimental Economics* 1, 9-41.  Kreps, D. M. and
Wilson, R. (1982). *Econometrica* 50, 863-894.  Selten, R. (1975). *IJGT* 4, 25-55.  van Damme, E.
(1984). *IJGT* 13, 1-13.  Cho, I.-K. and Kreps, D. M. (1987). *QJE* 102, 179-221.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from bargain.errors import GameError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.signalling import SignallingGame
from bargain.solvers.item_sequence import ItemSequence
from bargain.solvers.sequential.assessment import Assessment, assess
from bargain.solvers.sequential.equilibria import sequential_equilibria
from bargain.solvers.sequential.perfect_equilibria import perfect_equilibria
from bargain.solvers.sequential.qre_limit import QRELimit, qre_limit

__all__ = ["REFINEMENT_COLUMNS", "RefinementRow", "RefinementTable", "refinement_table"]

#: The refinements reported for every equilibrium, in column order.
REFINEMENT_COLUMNS = ("sequential", "perfect", "quasi-perfect", "intuitive", "qre-limit")


@dataclass(frozen=True, eq=False)
class RefinementRow:
    """One equilibrium: its assessment and, per refinement, True, False or None (undecided / not applicable)."""

    assessment: Assessment
    meets: dict[str, bool | None]

    def to_dict(self) -> dict[str, Any]:
        return {**self.assessment.to_dict(), "meets": dict(self.meets)}


@dataclass(frozen=True, eq=False)
class RefinementTable(ItemSequence[RefinementRow]):
    """The equilibria of a tree with the refinements each meets; ``selected`` is the agent QRE limit."""

    _items_field = "rows"

    game: ExtensiveGame = field(repr=False)
    rows: tuple[RefinementRow, ...]
    selected: QRELimit
    notes: tuple[str, ...] = ()

    def meeting(self, refinement: str) -> list[RefinementRow]:
        """The rows that meet ``refinement`` (one of :data:`REFINEMENT_COLUMNS`)."""
        if refinement not in REFINEMENT_COLUMNS:
            raise GameError(f"unknown refinement {refinement!r}; choose one of {list(REFINEMENT_COLUMNS)}")
        return [r for r in self.rows if r.meets[refinement]]

    def table(self, digits: int = 6) -> str:
        """One line per equilibrium: its behaviour and a yes / no / ? per refinement."""
        mark = {True: "yes", False: "no", None: "?"}
        lines = []
        for k, r in enumerate(self.rows, 1):
            flags = ", ".join(f"{c}: {mark[r.meets[c]]}" for c in REFINEMENT_COLUMNS)
            lines.append(f"{k}. " + "; ".join(r.assessment.behaviour.describe(digits).splitlines()) + f"  [{flags}]")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"refinements": list(REFINEMENT_COLUMNS), "equilibria": [r.to_dict() for r in self.rows],
                "selected": self.selected.to_dict(), "notes": list(self.notes)}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def __repr__(self) -> str:
        return f"<RefinementTable: {len(self.rows)} equilibria of {self.game.title or 'a tree'}>"


def _mixed_key(tree: ExtensiveGame, b: BehaviourProfile) -> tuple[tuple[Fraction, ...], ...]:
    """The realisation-equivalent mixed profile, rounded to 1e-6 when the behaviour is in floating point."""
    mixed = tree.mixed_from_behaviour(b, exact=b.is_exact)
    if b.is_exact:
        return tuple(tuple(Fraction(v) for v in x) for x in mixed)
    return tuple(tuple(Fraction(round(float(v) * 10**6), 10**6) for v in x) for x in mixed)


def _outcome_key(tree: ExtensiveGame, b: BehaviourProfile) -> tuple[Any, ...]:
    """The behaviour at the information sets ``b`` reaches: what the intuitive criterion depends on."""
    reach = b.reach_probabilities(exact=b.is_exact)
    src = b.exact_probabilities if b.is_exact else b.probabilities
    return tuple((h.index, tuple(Fraction(v) for v in src[h.index])) for h in tree.infosets
                 if any(reach[x] > 0 for x in h.nodes))


def _verdicts(tree: ExtensiveGame, refinement: str, notes: list[str]) -> tuple[dict[Any, bool], list[Assessment]]:
    """``{mixed key: passes}`` for the equilibria the refinement decides, and the ones it keeps."""
    res = perfect_equilibria(tree, refinement)
    out = {_mixed_key(tree, a.behaviour): False for a in res.rejected}
    out.update({_mixed_key(tree, a.behaviour): True for a in res})
    notes.extend(f"{refinement}: {n}" for n in res.notes if n.startswith("undecided"))
    return out, list(res)


def refinement_table(tree: ExtensiveGame, *, method: str = "auto") -> RefinementTable:
    """The equilibria of ``tree`` with the refinements each meets (see the module docstring).

    Parameters
    ----------
    tree : ExtensiveGame
        A perfect-recall game tree (a :class:`~bargain.SignallingGame` also gets the intuitive
        criterion).
    method : str
        The normal-form method that finds the Nash candidates.

    Returns
    -------
    RefinementTable
        One row per equilibrium with its verdicts; the agent QRE limit as ``selected``, marked in its row.

    Raises
    ------
    GameError
        For a tree without perfect recall.

    References
    ----------
    McKelvey and Palfrey (1998), Experimental Economics 1; Kreps and Wilson (1982); Selten (1975);
    van Damme (1984); Cho and Kreps (1987).
    """
    tree.check_perfect_recall("the refinements of an equilibrium")
    notes: list[str] = []
    assessed = sequential_equilibria(tree, None, method=method)
    rows: list[Assessment] = list(assessed)
    notes.extend(assessed.notes)
    perfect: dict[Any, bool] = {}
    quasi: dict[Any, bool] = {}
    if tree.is_exact:
        perfect, extra = _verdicts(tree, "perfect", notes)
        rows += extra
        if tree.n_players == 2:
            quasi, extra = _verdicts(tree, "quasi-perfect", notes)
            rows += extra
        else:
            notes.append("quasi-perfect: computed for two-player trees only")
    else:
        notes.append("perfect, quasi-perfect: decided for trees with rational payoffs only")
    selected = qre_limit(tree)
    notes.extend(f"qre-limit: {n}" for n in selected.notes)
    rows.append(selected.assessment)
    intuitive: dict[Any, bool] = {}
    if isinstance(tree, SignallingGame):
        from bargain.solvers.sequential.criteria import intuitive_criterion
        from bargain.solvers.sequential.signalling import solve_signalling

        for e in solve_signalling(tree):
            intuitive[_outcome_key(tree, e.behaviour())] = intuitive_criterion(e).passed
    else:
        notes.append("intuitive: applies to signalling games (bargain.SignallingGame) only")
    sel_key = _mixed_key(tree, selected.behaviour)
    out: list[RefinementRow] = []
    seen: dict[Any, int] = {}
    def bkey(a: Assessment) -> tuple[Any, ...]:
        return tuple(tuple(v) for v in (a.behaviour.exact_probabilities or a.behaviour.probabilities))

    sel_bkey = bkey(selected.assessment)
    for a in rows:
        k = bkey(a)
        if k in seen:
            continue
        seen[k] = len(out)
        if k == sel_bkey:                              # the selection's row shows the QRE's limit beliefs
            a = selected.assessment
        key = _mixed_key(tree, a.behaviour)
        if a.refinement != "sequential":               # rows of the perfection routes: assess sequentiality
            a = assess(a.behaviour, "sequential")
        meets: dict[str, bool | None] = {
            "sequential": a.satisfied,
            "perfect": perfect.get(key),
            "quasi-perfect": quasi.get(key),
            "intuitive": intuitive.get(_outcome_key(tree, a.behaviour)),
            "qre-limit": key == sel_key,
        }
        out.append(RefinementRow(a, meets))
    return RefinementTable(tree, tuple(out), selected, tuple(notes))
