"""``bargain list``, ``bargain show`` and ``bargain convert``: the games and their files."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import click

from bargain.cli._common import (
    complete_game,
    emit,
    game_argument,
    open_game,
    output_options,
    parameter_values,
    set_option,
)
from bargain.errors import GameError
from bargain.io.render import Report, Table


# --------------------------------------------------------------------------- list
@click.command("list")
@output_options
def list_cmd(fmt: str, output: str | None, digits: int, quiet: bool) -> None:
    """List the shipped games with a one-line description of each."""
    from bargain.model.loader import list_games, load_game

    rows, data = [], []
    for name in list_games():
        model = load_game(name)
        shape = "x".join(str(s) for s in model.shape)
        text = " ".join((model.description or model.title).split())
        desc = text.split(". ")[0].rstrip(".") + "." if text else ""      # the first sentence
        rows.append([name, ", ".join(model.players), shape, len(model.parameters), desc])
        data.append({"name": name, "title": model.title, "description": model.description,
                     "players": list(model.players), "strategies": [list(s) for s in model.strategies],
                     "parameters": list(model.parameters)})
    notes = [] if rows else ["no shipped games are installed"]
    emit(Report(data, [Table(["game", "players", "shape", "parameters", "description"], rows,
                             title="Shipped games (bargain show GAME for details)", notes=notes, wrap=100)]),
         fmt, output, quiet, digits)


# --------------------------------------------------------------------------- show
def _payoff_tables(game: Any) -> list[Table]:
    """The payoff table: a bimatrix for two players, else one row per pure profile."""
    import itertools

    src = game.exact_payoffs if game.is_exact else game.payoffs
    if game.n_players == 2:
        from bargain.model.numbers import format_number

        rows = []
        for r, rname in enumerate(game.strategies[0]):
            rows.append([rname] + [f"{format_number(src[0, r, c])}, {format_number(src[1, r, c])}"
                                   for c in range(game.shape[1])])
        p1, p2 = game.players
        return [Table([f"{p1} \\ {p2}", *game.strategies[1]], rows,
                      title=f"Payoffs ({p1}, {p2})")]
    rows = []
    for prof in itertools.product(*(range(s) for s in game.shape)):
        rows.append([game.strategies[i][k] for i, k in enumerate(prof)]
                    + [src[(i, *prof)] for i in range(game.n_players)])
    return [Table([*game.players, *(f"u({p})" for p in game.players)], rows, title="Payoffs")]


def _game_dict(game: Any) -> dict[str, Any]:
    src = game.exact_payoffs if game.is_exact else game.payoffs
    return {"players": list(game.players), "strategies": [list(s) for s in game.strategies],
            "exact": game.is_exact, "payoffs": src.tolist()}


@click.command()
@game_argument
@set_option
@click.option("--exact/--float", default=False, help="Evaluate a model's payoffs as exact rationals.")
@output_options
def show(game: str, assignments: tuple[str, ...], exact: bool, fmt: str, output: str | None, digits: int,
         quiet: bool) -> None:
    """Model card, players, strategies, parameters and the payoff table of GAME.

    A game module's docstring is its model card (timing, who pays what and when, the sentences each
    mechanism encodes, what the model leaves out) and is printed first.  Parameters are listed with
    their value, default, bounds, unit, meaning and source; the payoff table is at the --set values
    (defaults otherwise).

    \b
    GAME is a shipped game (see 'bargain list'), a .py file defining `model`,
    or a .nfg, .efg or .json game file.
    """
    src = open_game(game)
    values = parameter_values(src, assignments)
    g = src.game_at(values, exact=exact)
    tables = [Table(["player", "strategies"], [[p, ", ".join(s)] for p, s in zip(g.players, g.strategies,
                                                                                 strict=True)], title="Players")]
    params = []
    if src.is_model:
        for name, prm in src.parameters.items():
            val = values.get(name, prm.default)
            params.append({"name": name, "value": val, "default": prm.default, "low": prm.low, "high": prm.high,
                           "unit": prm.unit, "meaning": prm.meaning, "source": prm.source})
        tables.append(Table(["parameter", "value", "default", "low", "high", "unit", "meaning"],
                            [[p["name"], p["value"], p["default"], p["low"], p["high"], p["unit"], p["meaning"]]
                             for p in params], title="Parameters"))
        if any(p["source"] for p in params):
            tables.append(Table(["parameter", "source"], [[p["name"], p["source"]] for p in params],
                                title="Sources"))
    tables += _payoff_tables(g)
    preface = [f"{src.title or src.label}" + (f" ({src.label})" if src.title and src.title != src.label else "")]
    card = ""
    if src.is_model:
        from bargain.model.loader import model_card

        card = model_card(src.model)
    if card:
        preface += ["", *card.splitlines(), ""]          # the game module's model card, verbatim
    elif src.description:
        preface += textwrap.wrap(" ".join(src.description.split()), 100)
    if src.is_model and src.model.references:
        preface += textwrap.wrap("; ".join(src.model.references), 100, initial_indent="reference: ",
                                 subsequent_indent="  ")
    data = {"game": src.label, "title": src.title, "description": src.description, "card": card,
            "parameters": params, "values": {p["name"]: p["value"] for p in params}, **_game_dict(g)}
    tree = src.tree
    if tree is None and src.is_model and callable(getattr(src.model, "tree", None)):
        tree = src.model.tree(**values)            # a parametric game tree (ExtensiveModel)
    if tree is not None:
        data["tree"] = {"nodes": tree.num_nodes, "perfect_information": tree.has_perfect_information,
                        "perfect_recall": tree.has_perfect_recall}
        if tree.num_nodes <= MAX_TREE_LINES:
            preface += ["", "game tree (payoffs at the leaves; the strategies below are its reduced normal form):"]
            preface += ["  " + line for line in tree.describe(digits).splitlines()[1:]]
        else:
            preface.append(f"game tree: {tree.num_nodes} nodes (too many to print); its reduced normal form follows")
    emit(Report(data, tables, preface), fmt, output, quiet, digits)


#: Largest game tree ``show`` prints node by node.
MAX_TREE_LINES = 200


# --------------------------------------------------------------------------- convert
@click.command()
@click.argument("source", shell_complete=complete_game)
@click.argument("target", type=click.Path(dir_okay=False))
@set_option
@click.option("--outcomes", is_flag=True, help="Write the outcome version of .nfg (each distinct payoff vector once).")
@click.option("--title", default=None, help="Title written into the file (default: the source's title).")
@output_options
def convert(source: str, target: str, assignments: tuple[str, ...], outcomes: bool, title: str | None, fmt: str,
            output: str | None, digits: int, quiet: bool) -> None:
    """Convert SOURCE to TARGET; the formats follow the suffixes (.nfg, .efg, .json).

    SOURCE may also be a shipped game or .py model, written at the --set values (exact
    rationals where the model allows, so a .nfg file keeps 1/3 as 1/3).  An .efg tree converts to
    .nfg/.json as its normal form.
    """
    from bargain.io import write_game
    from bargain.io.files import check_writable

    suffix = Path(target).suffix.lower()
    if suffix not in (".nfg", ".efg", ".json"):
        raise GameError(f"cannot tell the format of output {target!r} from its suffix {suffix or '(none)'!r}: use "
                        ".nfg, .efg or .json")
    check_writable(target)
    src = open_game(source)
    values = parameter_values(src, assignments)
    if suffix == ".efg":
        if src.tree is not None:
            obj: Any = src.tree
        elif src.is_model and hasattr(src.model, "tree"):
            try:
                obj = src.model.tree(exact=True, **values)      # rational leaves and probabilities where possible
            except (GameError, TypeError):
                obj = src.model.tree(**values)
        else:
            raise GameError(f"{source!r} is a normal-form game; only a game tree can be written as .efg "
                            "(write .nfg or .json instead)")
    elif src.is_model:
        try:
            obj = src.game_at(values, exact=True)
        except GameError:
            obj = src.game_at(values)
    else:
        obj = src.normal_form()
    if outcomes and suffix != ".nfg":
        raise GameError("--outcomes applies to .nfg output only")
    write_game(obj, target, title if title is not None else (src.title or ""), src.description or "",
               **({"outcomes": True} if outcomes else {}))
    g = obj.reduced_normal_form() if suffix == ".efg" else obj
    info = {"source": source, "target": target, "format": suffix[1:], "players": list(g.players),
            "shape": list(g.shape), "exact": g.is_exact}
    emit(Report(info, [Table(["source", "target", "players", "shape"],
                             [[source, target, ", ".join(g.players), "x".join(map(str, g.shape))]],
                             title="Converted")]), fmt, output, quiet, digits)
