"""``bargain bargain``: what the players could agree (Nash, Kalai-Smorodinsky, ..., Rubinstein)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import click

from bargain.cli import _common as common
from bargain.cli._common import (
    emit,
    game_argument,
    open_game,
    output_options,
    parameter_values,
    plot_option,
    save_plot,
    set_option,
)
from bargain.errors import GameError
from bargain.io.render import Report, Table

# --------------------------------------------------------------------------- bargain
BARGAIN_SOLUTIONS = ("nash", "ks", "egalitarian", "utilitarian", "rubinstein")


def _parse_numbers(text: str, n: int, what: str) -> list[Any]:
    from bargain.io.sources import parse_value

    parts = [t for t in text.replace(";", ",").split(",") if t.strip()]
    if len(parts) != n:
        raise GameError(f"{what} {text!r} gives {len(parts)} number(s); give {n}, one per player, separated by commas")
    return [parse_value(t, what) for t in parts]


@click.command("bargain")
@game_argument
@click.option("--solution", "-S", "solutions", multiple=True, type=click.Choice(BARGAIN_SOLUTIONS),
              help="Bargaining solution (repeatable; default nash): Nash, Kalai-Smorodinsky (ks), egalitarian, "
                   "utilitarian, or rubinstein alternating offers (needs --delta).")
@click.option("--disagreement", "-d", metavar="RULE|NUMBERS",
              help="The disagreement point: numbers (e.g. -5,-2), or a rule: equilibrium[:k] (#k as 'bargain "
                   "solve' numbers them, from 1), worst:PLAYER, best:PLAYER, minmax, risk-dominant.  "
                   "Default: the game's own disagreement point if it "
                   "defines one, else its (unique) equilibrium.")
@click.option("--weights", "-w", metavar="W1,W2,...", help="Bargaining weights (asymmetric Nash) or utility weights.")
@click.option("--delta", metavar="D1[,D2]", help="Discount factors for rubinstein (e.g. 0.9 or 0.9,0.8).")
@set_option
@plot_option
@output_options
def bargain_cmd(game: str, solutions: tuple[str, ...], disagreement: str | None, weights: str | None,
                delta: str | None, assignments: tuple[str, ...], plot_path: str | None, fmt: str,
                output: str | None, digits: int, quiet: bool) -> None:
    """What the players of GAME could agree instead of playing it.

    The feasible set is the game's own utility possibility set when its module defines
    `utility_possibility_set` (e.g. linkage_bargain), else every lottery over the game's outcomes
    (the convex hull of its payoff vectors).

    \b
    Examples:
      bargain bargain linkage_bargain --solution nash --solution ks --plot deal.png
      bargain bargain game.nfg --solution rubinstein --delta 0.9 --disagreement minmax
    """
    from bargain.analysis.bargaining import Polytope, bargain, disagreement_point, rubinstein
    from bargain.analysis.bargaining.declared import declared_problem
    from bargain.analysis.noise import payoff_scale

    src = open_game(game)
    values = parameter_values(src, assignments)
    g = src.game_at(values)
    chosen = list(dict.fromkeys(solutions or ("nash",)))
    with common.Status(f"bargaining over {src.label}", quiet):
        declared = declared_problem(src.model, values, g.players) if src.is_model else None
        from_module = declared is not None
        if declared is not None:
            feasible = declared.feasible
            origin = (f"utility_possibility_set of {src.label} ({declared.n_outcomes} outcomes, "
                      f"{len(feasible.points)} on the hull)")
        else:
            feasible = Polytope.from_game(g)
            origin = f"lotteries over the {g.num_profiles} pure outcomes of the game"
        if disagreement is not None and any(c.isalpha() for c in disagreement.split(":")[0]):
            dp = disagreement_point(g, disagreement)
            d_values, rule = list(dp.values), dp.rule
        elif disagreement is not None:
            d_values, rule = _parse_numbers(disagreement, g.n_players, "--disagreement"), "given"
        elif declared is not None and declared.disagreement is not None:
            d_values, rule = list(declared.disagreement), f"disagreement_point of {src.label}"
        else:
            d_values, rule = _default_disagreement(g, src.label, digits)
        w = _parse_numbers(weights, g.n_players, "--weights") if weights else None
        results: list[tuple[str, Any]] = []
        for name in chosen:
            if name == "rubinstein":
                if delta is None:
                    raise GameError("--solution rubinstein needs discount factors: --delta 0.9 (or --delta 0.9,0.8)")
                ds = [t for t in delta.split(",") if t.strip()]
                if len(ds) not in (1, 2):
                    raise GameError(f"--delta {delta!r}: give one discount factor or two separated by a comma")
                from bargain.io.sources import parse_value

                pair = [parse_value(t, "--delta") for t in ds]
                if any(not 0 < float(x) < 1 for x in pair):
                    raise GameError(f"--delta {delta!r}: discount factors must lie strictly between 0 and 1")
                results.append((name, rubinstein(pair[0], pair[-1], feasible=feasible, disagreement=d_values,
                                                 players=g.players)))
            else:
                results.append((name, bargain(feasible, name, disagreement=d_values, weights=w)))
    rows, data = [], []
    for name, r in results:
        agreed = list(r.agreement) if name == "rubinstein" else list(r.exact_payoffs or r.payoffs)
        gains = [a - d if isinstance(a, Fraction) and isinstance(d, Fraction) else float(a) - float(d)
                 for a, d in zip(agreed, d_values, strict=True)]
        lottery = ""
        if not from_module and getattr(r, "lottery", None):
            top = sorted(r.lottery.items(), key=lambda kv: -float(kv[1]))[:3]
            from bargain.model.numbers import format_number

            lottery = ", ".join(f"{k} {format_number(v, digits)}" for k, v in top)
        rows.append([name, *agreed, *gains] + ([lottery] if not from_module else []))
        data.append({"solution": name, **r.to_dict()})
    columns = ["solution", *(f"u({p})" for p in g.players), *(f"gain({p})" for p in g.players)]
    if not from_module:
        columns.append("lottery over outcomes")
    preface = [f"feasible set: {origin}",
               "disagreement point: " + ", ".join(f"{p} = {float(v):.{digits}g}" for p, v in
                                                  zip(g.players, d_values, strict=True)) + f" ({rule})"]
    if plot_path:
        from bargain.plot import plot_bargaining

        save_plot(plot_bargaining(feasible, [r for _, r in results], disagreement=d_values, model=src.model,
                                   names=[n for n, _ in results], title=f"{src.title or src.label}: bargaining"),
                   plot_path, quiet)
    prov = common.record(src, values, "bargain", ",".join(chosen), disagreement=rule, weights=weights, delta=delta,
                         seed=None)
    emit(Report({"game": src.label, **prov, "feasible": origin, "disagreement": d_values,
                 "disagreement_rule": rule, "solutions": data},
                [Table(columns, rows, title="Agreements", scale=payoff_scale(g.payoffs))], preface),
         fmt, output, quiet, digits)




def _default_disagreement(g: Any, label: str, digits: int) -> tuple[list[Any], str]:
    """The game's unique equilibrium as the disagreement point; several equilibria are an error."""
    from bargain.analysis.bargaining import disagreement_point
    from bargain.solvers.registry import solve as solve_game

    eqs = solve_game(g)
    if len(eqs) > 1:
        listing = "; ".join(f"equilibrium:{k + 1} pays ({', '.join(e.formatted_payoffs(digits))})"
                            for k, e in enumerate(eqs))
        raise GameError(f"{label!r} has {len(eqs)} equilibria, so the disagreement point is ambiguous: "
                        f"choose one with --disagreement ({listing}), or worst:PLAYER, best:PLAYER, "
                        "risk-dominant, minmax, or the numbers")
    dp = disagreement_point(g, "equilibrium")
    return list(dp.values), dp.rule
