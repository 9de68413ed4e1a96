"""``bargain solve GAME --refine sequential|pbe|perfect|quasi-perfect|intuitive|d1``: refined equilibria.

``sequential``, ``pbe`` and ``perfect`` take any perfect-recall tree; ``quasi-perfect`` two-player
trees (normal-form perfect and quasi-perfect equilibria need rational payoffs: they are decided
exactly, see :mod:`bargain.solvers.sequential.perfect_equilibria`).  Each takes an ``.efg`` file
or a tree model and prints the Nash equilibria that pass, each with its beliefs at every
information set (Bayes on the path, the admissible range off it), and the Nash equilibria the
refinement rejects, with the reason.
``intuitive`` and ``d1`` apply to signalling games (:class:`bargain.SignallingGame`).
``qre-limit`` lists every equilibrium with the refinements it meets and marks the limit of the
agent logit QRE, the selection (:mod:`bargain.solvers.sequential.selection`).

References
----------
Kreps and Wilson (1982), Econometrica 50; Cho and Kreps (1987), QJE 102; Selten (1975), IJGT 4;
van Damme (1984), IJGT 13; Miltersen and Sørensen (2010), Economic Theory 42; McKelvey and
Palfrey (1998), Experimental Economics 1.
"""

from __future__ import annotations

from typing import Any

from bargain.cli import _common as common
from bargain.cli._common import emit
from bargain.errors import GameError
from bargain.io.assessments import assessments_report
from bargain.io.render import Report, Table

__all__ = ["REFINE_CHOICES", "solve_refined"]

REFINE_CHOICES = ("sequential", "pbe", "perfect", "quasi-perfect", "intuitive", "d1", "qre-limit")


def _tree_of(src: Any, values: dict[str, Any], exact: bool) -> Any:
    tree = src.tree
    if tree is None and src.is_model and callable(getattr(src.model, "tree", None)):
        tree = src.model.tree(exact=exact, **values) if exact else src.model.tree(**values)
    if tree is None:
        raise GameError(f"--refine needs a game tree, but {src.label!r} is a normal-form game: give an .efg file or a "
                        "tree model")
    return tree


def solve_refined(src: Any, values: dict[str, Any], exact: bool, refine: str, fmt: str, output: str | None,
                  digits: int, quiet: bool) -> None:
    """Print the equilibria of ``src`` that pass ``refine`` (see the module docstring)."""
    from bargain.model.signalling import SignallingGame

    tree = _tree_of(src, values, exact or refine in ("perfect", "quasi-perfect", "qre-limit"))
    if refine == "qre-limit":
        _selection(src, tree, values, fmt, output, digits, quiet)
        return
    if refine in ("intuitive", "d1"):
        if not isinstance(tree, SignallingGame):
            raise GameError(f"--refine {refine} applies to signalling games (bargain.SignallingGame); for any tree "
                            "use --refine sequential or --refine pbe")
        _signalling(src, tree, values, refine, exact, fmt, output, digits, quiet)
        return
    from bargain.solvers.sequential import sequential_equilibria

    with common.Status(f"finding the {refine} equilibria of {src.label} ({tree.num_nodes} nodes)", quiet):
        perfection = refine in ("perfect", "quasi-perfect")
        res = sequential_equilibria(tree, refine, exact=True if exact or perfection else None)
    prov = common.record(src, values, "solve --refine", refine, refine=refine, exact=exact, seed=None)
    emit(assessments_report(res, src.title or src.label, {"game": src.label, **prov}, digits),
         fmt, output, quiet, digits)


def _signalling(src: Any, game: Any, values: dict[str, Any], refine: str, exact: bool, fmt: str, output: str | None,
                digits: int, quiet: bool) -> None:
    from bargain.solvers.sequential.criteria import d1, intuitive_criterion
    from bargain.solvers.sequential.signalling import solve_signalling

    test = intuitive_criterion if refine == "intuitive" else d1
    with common.Status(f"solving the signalling game {src.label}", quiet):
        eqs = solve_signalling(game)
    rows, data = [], []
    for k, e in enumerate(eqs):
        verdict = test(e)
        rows.append([k + 1, e.kind, "; ".join(e.describe(digits).splitlines()[1:-1]),
                     "yes" if verdict else "no: " + "; ".join(verdict.reasons)])
        data.append({**e.to_dict(), refine: verdict.passed, "reasons": list(verdict.reasons)})
    n = sum(r[-1] == "yes" for r in rows)
    title = f"{n} of {len(eqs)} sequential equilibria of {src.title or src.label} pass the {refine} test"
    prov = common.record(src, values, "solve --refine", "signalling", refine=refine, exact=exact, seed=None)
    emit(Report({"game": src.label, **prov, "equilibria": data, "notes": list(eqs.notes)},
                [Table(["#", "kind", "responses and beliefs", refine], rows, title=title, notes=list(eqs.notes))]),
         fmt, output, quiet, digits)


def _selection(src: Any, tree: Any, values: dict[str, Any], fmt: str, output: str | None, digits: int,
               quiet: bool) -> None:
    from bargain.io.assessments import beliefs_cell
    from bargain.solvers.sequential.selection import REFINEMENT_COLUMNS, refinement_table

    with common.Status(f"tracing the agent QRE of {src.label} and deciding the refinements", quiet):
        table = refinement_table(tree)
    mark = {True: "yes", False: "no", None: "?"}
    rows = [[k + 1, "; ".join(r.assessment.behaviour.describe(digits).splitlines()),
             beliefs_cell(r.assessment, digits), *(mark[r.meets[c]] for c in REFINEMENT_COLUMNS)]
            for k, r in enumerate(table)]
    title = (f"{len(table)} equilibria of {src.title or src.label} and the refinements each meets "
             f"(qre-limit: the limit of the agent logit QRE, lambda = {table.selected.lam:.4g})")
    emit(Report({"game": src.label, "values": values, **table.to_dict()},
                [Table(["#", "behaviour", "beliefs", *REFINEMENT_COLUMNS], rows, title=title,
                       notes=list(table.notes))]), fmt, output, quiet, digits)
