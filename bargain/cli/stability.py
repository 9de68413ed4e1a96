"""``bargain stability``: how stable each equilibrium is (strictness, regularity, index, radius)."""

from __future__ import annotations

from typing import Any

import click

from bargain.cli import _common as common
from bargain.cli._common import (
    emit,
    game_argument,
    open_game,
    output_options,
    parameter_values,
    profile_cell,
    set_option,
)
from bargain.errors import GameError
from bargain.io.render import Report, Table


def stability_reports(game: Any, eqs: Any, quiet: bool = True) -> list[Any]:
    """:func:`bargain.analysis.stability.stability` of each equilibrium (None where it does not apply)."""
    from bargain.analysis.stability import stability

    out = []
    with common.progress(len(eqs), "stability", quiet) as bar:
        for eq in eqs:
            try:
                out.append(stability(game, eq))
            except GameError:
                out.append(None)
            bar.update(1)
    return out


# --------------------------------------------------------------------------- stability
@click.command("stability")
@game_argument
@set_option
@click.option("--exact", is_flag=True, help="Solve with exact rational arithmetic first.")
@output_options
def stability_cmd(game: str, assignments: tuple[str, ...], exact: bool, fmt: str, output: str | None, digits: int,
                  quiet: bool) -> None:
    """How stable each equilibrium of GAME is.

    For every equilibrium: strict (unique best replies), quasi-strict, regular (isolated, moves
    smoothly with payoffs), its index, the eigenvalues of the replicator dynamics (asymptotic
    stability), trembling-hand perfection (two players), ESS (symmetric games) and the robustness
    radius: the smallest payoff perturbation (max-norm) that destroys it.
    """
    from bargain.analysis.noise import payoff_scale
    from bargain.solvers.registry import solve as solve_game

    src = open_game(game)
    values = parameter_values(src, assignments)
    g = src.game_at(values, exact=exact)
    with common.Status(f"solving {src.label} ({'x'.join(map(str, g.shape))})", quiet):
        eqs = solve_game(g, exact=True if exact else None)
    reports = stability_reports(g, eqs, quiet)
    rows, data = [], []
    for k, (eq, rep) in enumerate(zip(eqs, reports, strict=True)):
        cells = [k + 1, "; ".join(f"{p}: {profile_cell(g, eq, i, digits).text(digits)}"
                                  for i, p in enumerate(g.players))]
        if rep is None:
            rows.append([*cells] + [None] * 9)
            data.append({"equilibrium": eq.to_dict(), "stability": None})
            continue
        eig = max((e.real for e in rep.eigenvalues), default=float("nan"))
        rows.append([*cells, rep.strict, rep.quasi_strict, rep.regular, rep.index, rep.asymptotically_stable,
                     rep.perfect, rep.ess, rep.robustness_radius, float(eig)])
        data.append({"equilibrium": eq.to_dict(), "stability": rep.to_dict()})
    notes = ["radius: smallest max-norm payoff change that destroys the equilibrium (for a mixed one, its support)",
             "max Re(eig): largest real part of the replicator Jacobian's eigenvalues (< 0: asymptotically stable)"]
    notes += [f"#{k + 1}: {r.radius_method}" for k, r in enumerate(reports) if r is not None and not eqs[k].is_pure]
    prov = common.record(src, values, "stability", eqs.method, exact=exact, tol=float(g.tolerance), seed=None)
    emit(Report({"game": src.label, **prov, "method": eqs.method, "complete": eqs.complete,
                 "equilibria": data},
                [Table(["#", "equilibrium", "strict", "quasi-strict", "regular", "index", "stable", "perfect", "ESS",
                        "radius", "max Re(eig)"], rows,
                       title=f"Stability of the equilibria of {src.title or src.label} (method {eqs.method})",
                       notes=notes, scale=payoff_scale(g.payoffs))]),
         fmt, output, quiet, digits)
