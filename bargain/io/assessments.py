"""Assessments (equilibria with beliefs at every information set) as a table, JSON, CSV or LaTeX.

:func:`assessments_report` turns the :class:`~bargain.solvers.sequential.equilibria.Assessments`
of :func:`bargain.sequential_equilibria` into a :class:`~bargain.io.render.Report`: one row per
kept equilibrium and per rejected Nash equilibrium, with its behaviour, its beliefs at the sets
with several nodes (Bayes on the path; off it the chosen belief and the admissible range) and the
verdict; the JSON data is the assessments' own ``to_dict``.  :func:`render_assessments` renders it
(``bargain solve TREE --refine ...`` prints the same).  The JSON of every refinement result
(assessments, signalling equilibria with the intuitive criterion or D1, the table of refinements
with the agent QRE limit) is described by the JSON Schema ``refine.schema.json`` beside this module
(:func:`refine_schema`).

References
----------
Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from bargain.io.render import Report, Table, render
from bargain.model.numbers import format_number

__all__ = ["assessments_report", "beliefs_cell", "refine_schema", "render_assessments"]


def refine_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of refined equilibria as ``bargain solve --refine ... -f json`` writes them."""
    return json.loads(resources.files("bargain.io").joinpath("refine.schema.json").read_text(encoding="utf-8"))


def beliefs_cell(a: Any, digits: int = 6) -> str:
    """The beliefs of one assessment at its multi-node sets, on one line (``-`` when there are none)."""
    parts = []
    for h, mu in a.beliefs.items():
        if mu is None or len(mu) < 2:
            continue
        cell = ", ".join(f"{x}={format_number(v, digits)}" for x, v in mu.items())
        if h not in a.on_path and a.belief_sets.get(h) and len(a.belief_sets[h]) > 1:
            first = next(iter(mu))
            lo, hi = a.belief_range(h, first)
            cell += f" ({first} in [{format_number(lo, digits)}, {format_number(hi, digits)}])"
        parts.append(f"{h}: {cell}")
    return "; ".join(parts) or "-"


def assessments_report(res: Any, label: str = "", data: dict[str, Any] | None = None, digits: int = 6) -> Report:
    """The :class:`~bargain.io.render.Report` of ``res`` (kept assessments first, then the rejected).

    Parameters
    ----------
    res: the :class:`~bargain.solvers.sequential.equilibria.Assessments`.
    label: the game's name for the title (default: the tree's title).
    data: extra JSON fields (e.g. the game and parameter values) put before the assessments.
    digits: significant digits of float cells.
    """
    kind = res.refinement or "Nash"
    rows = []
    for k, a in enumerate([*res, *res.rejected]):
        rows.append([k + 1, "; ".join(a.behaviour.describe(digits).splitlines()), beliefs_cell(a, digits),
                     "yes" if a.satisfied else "no: " + "; ".join(a.reasons)])
    title = f"{len(res)} {kind} equilibri{'um' if len(res) == 1 else 'a'} of {label or res.game.title or 'the tree'}"
    return Report({**(data or {}), **res.to_dict()},
                  [Table(["#", "behaviour", "beliefs", kind], rows, title=title, notes=list(res.notes))])


def render_assessments(res: Any, fmt: str = "table", digits: int = 6, label: str = "") -> str:
    """``res`` rendered as ``"table"``, ``"json"``, ``"csv"`` or ``"latex"`` (a ``tabular``).

    Parameters
    ----------
    res : Assessments or Assessment
        The result of :func:`bargain.sequential_equilibria`, :func:`bargain.perfect_equilibria` or
        :func:`bargain.assess`.
    fmt : str, default 'table'
        ``"table"``, ``"json"``, ``"csv"`` or ``"latex"``.
    digits : int, default 6
        Significant digits of floats.
    label : str, default ''
        A caption (the table title, or the LaTeX label).

    Returns
    -------
    str
        The rendered text.
    """
    return render(assessments_report(res, label, digits=digits), fmt, digits)
