"""``bargain claims``: the source's claims a game encodes, checked at the defaults, along each
parameter, and over draws from the plausible ranges (:func:`bargain.analysis.claims.check_claims`)."""

from __future__ import annotations

import click

from bargain.cli._common import Status, complete_param, emit, game_argument, open_game, output_options
from bargain.io.render import Report, Table


@click.command("claims")
@game_argument
@click.option("--samples", "-N", default=4000, show_default=True, type=click.IntRange(2, None),
              help="Monte Carlo draws over the parameters' plausible ranges.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the draws (same seed, same answer).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME", shell_complete=complete_param,
              help="Compute regions along these parameters only (repeatable; default: all).")
@click.option("--points", "-n", default=201, show_default=True, type=click.IntRange(3, 100_000),
              help="Grid points per parameter before each edge of a region is bisected.")
@output_options
def claims_cmd(game: str, samples: int, seed: int, params: tuple[str, ...], points: int, fmt: str,
               output: str | None, digits: int, quiet: bool) -> None:
    """The article's claims GAME encodes, checked.

    For each claim: whether it holds at the defaults, the intervals of each parameter (others at
    their defaults) where it holds, and its robustness, the share of draws over every parameter's
    plausible range where it holds, with its standard error.  The equilibria at the defaults are
    marked subgame perfect, or resting on an incredible threat, against the game tree with the
    same timing.

    \b
    Example:
      bargain claims sanctions_triangle --param taiwan_linkage --samples 2000
    """
    from bargain.analysis.claims import check_claims

    src = open_game(game)
    model = src.require_model("claims")
    for name in params:
        model.parameter(name)                      # an unknown name: one clear error
    with Status(f"checking the claims of {src.label}", quiet):
        report = check_claims(model, samples=samples, seed=seed, n=points,
                              parameters=list(params) if params else None)

    def region(ivs: list[tuple[float, float]]) -> str:
        return ", ".join(f"[{a:.{digits}g}, {b:.{digits}g}]" for a, b in ivs) or "nowhere"

    tables = [
        Table(["claim", "holds at defaults", "robustness", "std. error", "statement"],
              [[r.claim.id, "yes" if r.at_defaults else "no", r.robustness, r.stderr, r.claim.text]
               for r in report.results],
              title=f"Claims of {src.title or src.label} ({samples} draws over the plausible ranges, seed {seed})"),
        Table(["claim", "parameter", "holds for (others at defaults)"],
              [[r.claim.id, name, region(ivs)] for r in report.results for name, ivs in r.regions.items()],
              title="Where each claim holds, one parameter at a time"),
        Table(["equilibrium at the defaults", "subgame perfect", "note"],
              [[e["label"], {True: "yes", False: "no", None: "?"}[e["credible"]], e["why"]]
               for e in report.equilibria], title="Equilibria against the game tree with the same timing"),
        Table(["claim", "quote"], [[r.claim.id, r.claim.quote] for r in report.results], title="Sources"),
    ]
    emit(Report({"game": src.label, "samples": samples, "seed": seed, **report.to_dict()}, tables), fmt, output,
         quiet, digits)
