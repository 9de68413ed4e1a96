"""The README's game tables, generated from the shipped games and their claims.

``python -m bargain.analysis.claims --markdown`` prints them; the README pastes the output between
``<!-- games:begin -->`` and ``<!-- games:end -->``, and a test checks that the pasted text is what
this module produces, so every number in those tables comes from the code:

* the games (players and strategies, number of parameters, the equilibrium or subgame-perfect path
  at the defaults), and how many of the equilibria at the defaults are subgame perfect in the tree
  with the same timing (the rest rest on incredible threats);
* the parameters (default, bounds, plausible range, unit, meaning, games);
* each game's claims (holds at the defaults, robustness over the plausible ranges, with its
  standard error; :func:`bargain.analysis.claims.check_claims`);
* where the article's headline breaks in ``sanctions_triangle``: the region of each parameter
  (others at their defaults) where it holds, and the equilibria just past each edge.

References
----------
Saltelli, A. et al. (2008). Global Sensitivity Analysis: The Primer. Wiley (one-at-a-time ranges
    and Monte Carlo shares, as reported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["BEGIN", "END", "SAMPLES", "main", "readme_tables"]

#: Markers around the generated block in the README.
BEGIN, END = "<!-- games:begin -->", "<!-- games:end -->"

#: Monte Carlo draws per game for the claims table (seed 0).
SAMPLES = 4000

#: The game and claim whose breaks are tabulated.
HEADLINE = ("sanctions_triangle", "headline")


def _num(x: float, exact: Fraction | None = None) -> str:
    if exact is not None and exact.denominator <= 500:
        return str(exact) if exact.denominator > 1 else str(exact.numerator)
    return f"{x:.3g}"


def _interval(iv: tuple[float, float], exact: dict[float, Fraction]) -> str:
    return f"[{_num(iv[0], exact.get(iv[0]))}, {_num(iv[1], exact.get(iv[1]))}]"


def _outcome(model: Any, **values: float) -> str:
    """The equilibrium set at a point (batch engine), as short labels."""
    from bargain.solvers.batch import solve_batch

    res = solve_batch(model.payoffs(**{k: [v] for k, v in values.items()}), n_players=model.n_players)
    out = []
    for eq in res.equilibria_at(0):
        parts = []
        for i, x in enumerate(eq):
            used = [model.strategies[i][k] for k in np.flatnonzero(x > 1e-9)]
            parts.append("/".join(used) if len(used) > 1 else used[0])
        out.append("(" + ", ".join(parts) + ")")
    return "; ".join(out) if out else "none"


def _signalling_paths(model: Any) -> str:
    """The distinct paths of the pure sequential equilibria of a signalling tree, one per type."""
    from bargain.solvers.sequential import sequential_equilibria
    from bargain.solvers.tree_path import path_of_play

    tree = model.tree()
    paths: list[str] = []
    for a in sequential_equilibria(tree):
        steps = [st for st in path_of_play(tree, a.behaviour) if st.mover != "chance"]
        if not a.satisfied or any(len(st.choices) > 1 for st in steps):
            continue
        by_type: dict[str, list[str]] = {}
        for st in steps:
            by_type.setdefault(st.node.split("/")[0], []).append(next(iter(st.choices)))
        text = "; ".join(f"{t}: {' → '.join(moves)}" for t, moves in by_type.items())
        if text not in paths:
            paths.append(text)
    return "pure sequential paths: " + " or ".join(f"({x})" for x in paths)


def _at_defaults(model: Any) -> str:
    import bargain as bg

    if hasattr(model, "leaf_values") and not model.tree().has_perfect_information:
        return _signalling_paths(model)
    if hasattr(model, "leaf_values"):
        (spe, *rest) = bg.subgame_perfect_equilibria(model.tree())
        path = " → ".join(max(st.choices, key=st.choices.get) for st in spe.path if st.mover != "chance")
        return f"SPE path: {path}" + (" (unique)" if not rest else "")
    eqs = bg.solve(model.game())
    labels = [", ".join(model.strategies[i][s[0]] for i, s in enumerate(eq.support)) for eq in eqs if eq.is_pure]
    return "; ".join(f"({x})" for x in labels) + (", unique" if len(eqs) == 1 else "")


def _movers(tree: Any, lo: int, hi: int) -> list[str]:
    """The players who move in nodes ``lo..hi-1`` (a subtree in preorder), in order of first move."""
    return list(dict.fromkeys(tree.players[tree.node_player(x)] for x in range(lo, hi)
                              if tree.node_kind(x) == "decision"))


def _timing(tree: Any) -> str:
    """Who moves when in a shipped tree, for the README's game table.

    A chance root (a signalling tree) names the types it draws; a decision root names its mover and
    then, when the order of movers differs by the root's move, the order after each move.
    """
    def chain(names: list[str]) -> str:
        return " → ".join(f"**{p}**" for p in names)

    if tree.node_kind(0) == "chance":
        types = [tree.action_label(int(c)) for c in tree.children(0)]
        return (f"a signalling tree: chance draws China's type ({', '.join(types)}), then "
                + chain(_movers(tree, 1, tree.num_nodes)))
    first = tree.players[tree.node_player(0)]
    after = [(tree.action_label(int(c)), _movers(tree, int(c), tree.subtree_end(int(c)))) for c in tree.children(0)]
    if all(names == after[0][1] for _, names in after):
        return "a tree: " + chain([first, *after[0][1]])
    return (f"a tree: **{first}** moves first; then " + "; ".join(
        f"after {move}, " + (chain(names) if names else "the game ends") for move, names in after))


def readme_tables(samples: int = SAMPLES, games: Sequence[str] | None = None) -> str:
    """The generated block of the README (between :data:`BEGIN` and :data:`END`, markers excluded)."""
    import bargain as bg
    from bargain.analysis.claims import check_claims, credibility

    names = list(games) if games is not None else bg.list_games()
    models = {n: bg.load_game(n) for n in names}
    lines = ["| game | players: strategies | parameters | at the defaults |", "|---|---|---|---|"]
    for n, m in models.items():
        if hasattr(m, "leaf_values"):
            who = _timing(m.reference_tree)
        else:
            who = "; ".join(f"**{p}**: {', '.join(s)}" for p, s in zip(m.players, m.strategies, strict=True))
        lines.append(f"| `{n}` | {who} | {len(m.parameters)} | {_at_defaults(m)} |")
    lines += ["", "| parameter | default | bounds | plausible range | unit | meaning | games |",
              "|---|---|---|---|---|---|---|"]
    seen: dict[str, Any] = {}
    used: dict[str, list[str]] = {}
    for n, m in models.items():
        for k, p in m.parameters.items():
            seen.setdefault(k, p)
            used.setdefault(k, []).append(n)
    for k, p in seen.items():
        lo, hi = p.plausible_range
        lines.append(f"| `{k}` | {p.default:g} | [{p.low:g}, {p.high:g}] | [{lo:g}, {hi:g}] | {p.unit} | "
                     f"{p.meaning} | {' '.join(sorted(used[k]))} |")
    lines += ["", "| game | equilibria at the defaults (pure, for a tree's reduced normal form) | "
                  "subgame perfect (sequential, for a signalling tree) |", "|---|---|---|"]
    for n, m in models.items():
        rows = credibility(m)
        good = [r["label"].replace(" | ", "; ") for r in rows if r["credible"]]
        if rows and all(r["credible"] is None for r in rows):     # no tree to refine with (a repeated game)
            lines.append(f"| `{n}` | {len(rows)} | — ({rows[0]['why']}) |")
            continue
        lines.append(f"| `{n}` | {len(rows)} | {len(good)}: {'; '.join(good)} |")
    lines += ["", "| game | claim | at the defaults | holds in (share of draws ± s.e.) |", "|---|---|---|---|"]
    headline = None
    for n, m in models.items():
        report = check_claims(m, samples=samples, seed=0, parameters=[],
                              regions_for=[HEADLINE[1]] if n == HEADLINE[0] else [])
        for r in report.results:
            lines.append(f"| `{n}` | {r.claim.text} | {'yes' if r.at_defaults else 'no'} | "
                         f"{r.robustness:.2f} ± {r.stderr:.3f} |")
        if n == HEADLINE[0]:
            headline = check_claims(m, samples=2, regions_for=[HEADLINE[1]])
    if headline is not None:
        model = models[HEADLINE[0]]
        (res,) = [r for r in headline.results if r.claim.id == HEADLINE[1]]
        lines += ["", "| parameter | the headline holds for | inside the plausible range? | just below the region | "
                      "just above the region |", "|---|---|---|---|---|"]
        for k, ivs in res.regions.items():
            p = model.parameter(k)
            ex = res.exact_edges.get(k, {})
            held = ", ".join(_interval(iv, ex) for iv in ivs) or "nowhere"
            eps = 1e-3 * (p.high - p.low)
            lo = min(iv[0] for iv in ivs) if ivs else p.low
            hi = max(iv[1] for iv in ivs) if ivs else p.high
            below = _outcome(model, **{k: lo - eps}) if lo > p.low else "—"
            above = _outcome(model, **{k: hi + eps}) if hi < p.high else "—"
            p_lo, p_hi = p.plausible_range
            inside = any(a <= p_lo and p_hi <= b for a, b in ivs)
            lines.append(f"| `{k}` | {held} | {'holds throughout' if inside else 'breaks'} | {below} | {above} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> int:
    """``python -m bargain.analysis.claims --markdown``: print the README's game tables."""
    if list(argv) != ["--markdown"]:
        print("usage: python -m bargain.analysis.claims --markdown")
        return 2
    print(readme_tables(), end="")
    return 0
