"""``bargain repeated``: when cooperation in the repeated stage game sustains itself."""

from __future__ import annotations

import itertools
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
    set_option,
)
from bargain.errors import GameError
from bargain.io.render import Report, Table


def _parse_delta(text: str) -> Fraction:
    """``0.9`` or ``9/10`` as an exact Fraction in (0, 1); a GameError naming the option otherwise."""
    try:
        delta = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise GameError(f"--delta {text!r}: not a number; give a discount factor such as 0.9 or 9/10") from None
    if not 0 < delta < 1:
        raise GameError(f"--delta {text!r}: a discount factor must lie strictly between 0 and 1")
    return delta


def _parse_target(text: str, game: Any) -> tuple[str, ...]:
    """``Enforce,Reward`` -> one strategy name per player, checked against the game."""
    names = tuple(part.strip() for part in text.split(","))
    if len(names) != game.n_players:
        raise GameError(f"--target {text!r}: give one strategy per player ({', '.join(game.players)}), "
                        "separated by commas")
    for player, name, strategies in zip(game.players, names, game.strategies, strict=True):
        if name not in strategies:
            raise GameError(f"--target {text!r}: {player} has no strategy {name!r}; "
                            f"its strategies are {', '.join(strategies)}")
    return names


@click.command("repeated")
@game_argument
@set_option
@click.option("--delta", "delta_text", default="0.9", show_default=True,
              help="Common discount factor, e.g. 0.9 or 9/10 (read exactly).")
@click.option("--target", "target_text", default=None, metavar="S1,S2,...",
              help="One pure profile to test (default: every pure profile of the stage game).")
@output_options
def repeated_cmd(game: str, assignments: tuple[str, ...], delta_text: str, target_text: str | None, fmt: str,
                 output: str | None, digits: int, quiet: bool) -> None:
    """Which outcomes of GAME, played again and again, sustain themselves at discount factor DELTA.

    \b
    For every pure profile of the stage game (or --target): its payoffs, the least discount factor
    at which Nash-reversion (grim trigger) sustains it, and whether it is sustained at --delta.
    Each player's minmax value and lowest subgame-perfect payoff (a certified bound and a verified
    simple penal code, Abreu 1988); for two players, the extreme points of the set of
    subgame-perfect payoffs with public correlation (Abreu and Sannikov 2014), exact where it can
    be certified.
    """
    from bargain.analysis.repeated import grim_trigger, lowest_spe_payoffs, minmax, spe_payoffs

    delta = _parse_delta(delta_text)
    src = open_game(game)
    values = parameter_values(src, assignments)
    g = src.game_at(values, exact=True)
    targets = ([_parse_target(target_text, g)] if target_text
               else list(itertools.product(*g.strategies)))
    rows, data = [], []
    for target in targets:
        crit = grim_trigger(g, target)
        cell = tuple(s.index(t) for s, t in zip(g.strategies, target, strict=True))
        table = g.exact_payoffs if g.is_exact else g.payoffs
        payoffs = [table[(i, *cell)] for i in range(g.n_players)]
        sustained = crit.delta is not None and delta >= crit.delta
        rows.append([", ".join(target), *payoffs, crit.delta if crit.delta is not None else "never", sustained])
        data.append({"target": list(target), "payoffs": list(payoffs), "critical_delta": crit.delta,
                     "exact": crit.exact, "sustained": sustained, "binding": crit.binding})
    tables = [Table(["profile", *(f"u({p})" for p in g.players), "grim-trigger δ*", f"sustained at δ={delta}"],
                    rows, title=f"Repeated {src.title or src.label}: Nash reversion to each player's worst stage "
                                f"equilibrium",
                    notes=["δ*: the least discount factor at which the profile, played every period, is a "
                           "subgame-perfect outcome under grim trigger (Friedman 1971)"])]
    mm = minmax(g)
    tables.append(Table(["player", "pure minmax", "mixed minmax"],
                        [[p, a, b] for p, a, b in zip(g.players, mm.pure, mm.mixed, strict=True)],
                        title="Minmax values: the least payoff the others can hold each player to"))
    try:
        pc = lowest_spe_payoffs(g, delta)
    except GameError as exc:               # too many punishment paths to search: say so, keep the rest
        pc, pc_note = None, str(exc)
    if pc is not None and pc.lower:
        up = pc.upper if pc.upper is not None else ("none",) * g.n_players
        tables.append(Table(["player", "lowest SPE payoff at least", "penal code value", "punishment path"],
                            [[p, lo, u, path] for p, lo, u, path in
                             zip(g.players, pc.lower, up, pc.paths or ("",) * g.n_players, strict=True)],
                            title=f"Harshest punishments at δ={delta}: each player's lowest pure subgame-perfect "
                                  f"payoff (no public correlation){' (optimal penal code)' if pc.optimal else ''}",
                            notes=["simple penal codes (Abreu 1988): the bound is certified; the code, verified "
                                   "subgame perfect, attains its value", *pc.notes]))
    elif pc is None:
        tables.append(Table(["note"], [[pc_note]], title="Harshest punishments: not computed"))
    prov = common.record(src, values, "repeated", "grim trigger; Abreu-Sannikov" if g.n_players == 2 else
                         "grim trigger", delta=delta, target=target_text, exact=True, seed=None)
    report: dict[str, Any] = {"game": src.label, **prov, "delta": delta, "profiles": data,
                              "minmax": mm.to_dict(), "lowest_payoffs": None if pc is None else pc.to_dict()}
    if g.n_players == 2:
        spe = spe_payoffs(g, delta)
        tables.append(Table([f"u({p})" for p in g.players], [list(v) for v in spe.vertices],
                            title=f"Extreme points of the subgame-perfect payoff set at δ={delta} "
                                  f"(public correlation; {'exact' if spe.exact else 'floating point'})",
                            notes=[f"Abreu–Sannikov (2014) algorithm, {spe.iterations} iterations"
                                   + ("" if spe.exact else f", distance to the last outer iterate {spe.gap:.2g}"),
                                   *spe.notes]))
        report["spe_payoffs"] = spe.to_dict()
    emit(Report(report, tables), fmt, output, quiet, digits)
