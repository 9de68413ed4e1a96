"""The symbolic solution of each shipped normal-form game, timed beside the numeric thresholds.

bargain.symbolic: :func:`bargain.analysis.symbolic.formulas` end to end - trace the payoffs, solve
every support profile in the parameter ring, find and simplify the regimes on the sample of the box,
and cross-check every formula against ``bargain.solve`` at two points per regime.  One run per game
after a warm-up on ``buffer_state`` (imports, the solvers' first calls); a run takes seconds, and
the regime count does not depend on the run.

Beside it, in the same process: :func:`bargain.analysis.thresholds.all_thresholds` (the numeric
thresholds of every parameter at the defaults, 201 grid points each), the nearest numeric
counterpart of what the symbolic solution gives for every parameter at once.  The ratio is
numeric / symbolic (above 1: the formulas come faster than the numeric thresholds).
``sequential_crisis`` is a game tree whose reduced normal form is 2 x 9 x 16: its payoffs are
products of chance probabilities, and support enumeration over it symbolically is out of reach.
"""

from __future__ import annotations

import time

GAMES = ("buffer_state", "russia_channel", "linkage_bargain", "sanctions_triangle")


def main() -> None:
    import bargain as bg
    from bargain.analysis.thresholds import all_thresholds
    from benchmarks.timing import ratio_line

    bg.symbolic.formulas("buffer_state")                    # warm-up
    for name in GAMES:
        model = bg.load_game(name)
        start = time.perf_counter()
        sol = bg.symbolic.formulas(model)
        ours = time.perf_counter() - start
        start = time.perf_counter()
        numeric = all_thresholds(model)
        t_num = time.perf_counter() - start
        n_num = sum(len(t) for t in numeric.values())
        print(ratio_line(f"symbolic solution of {name} ({len(model.parameters)} parameters)", ours,
                         {"numeric thresholds of every parameter": t_num}))
        print(f"  {len(sol)} formulas, {sol.n_regimes} regimes, {len(sol.unverified)} unverified, "
              f"{len(sol.unsolved)} supports without a closed form; {n_num} numeric thresholds; "
              f"under 10 s: {'yes' if ours < 10 else 'NO'}")


if __name__ == "__main__":
    main()
