"""Seconds per slider move of :func:`bargain.explore` on every shipped game (issue 21: well under 1 s).

For each shipped game the explorer is built once (after a warm-up that pays the imports), then its
sweep parameter is moved to ``MOVES`` evenly spaced values across its bounds, end points included
(where the games are often degenerate and the full solver answers); each move is timed with
:meth:`Explorer.set` (equilibria and claims; no widget front end, no figure).  Printed per game: the
median and the slowest move, and beside them, in the same process, the median of
``bargain.solve(model.game(**values))`` at the same values (the exact solve an explorer without the
batch engine would make), as a ratio.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

#: Slider positions per game.
MOVES = 9


def _move_times(ex, name: str, xs: np.ndarray) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each move (CPU time is the fairer absolute figure on a shared machine)."""
    walls, cpus = [], []
    for x in xs:
        start, cpu = time.perf_counter(), time.process_time()
        ex.set(**{name: float(x)})
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def _solve_times(model, name: str, xs: np.ndarray) -> list[float]:
    import bargain as bg

    out = []
    for x in xs:
        start = time.perf_counter()
        bg.solve(model.game(**{**model.defaults, name: float(x)}))
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    import bargain as bg

    bg.explore(bg.load_game("buffer_state"))               # warm-up: imports, the solvers' first calls
    medians = []
    for game in bg.list_games():
        model = bg.load_game(game)
        start = time.perf_counter()
        ex = bg.explore(model)
        build = time.perf_counter() - start
        name = ex.sweep_parameter
        xs = np.linspace(*model.parameter(name).bounds, MOVES)
        moves, cpus = _move_times(ex, name, xs)
        solves = _solve_times(model, name, xs)
        med, ref = statistics.median(moves), statistics.median(solves)
        medians.append(med)
        print(f"{game} {model.game().shape}, {name} x {MOVES}: move median {med * 1e3:.3g} ms, "
              f"slowest {max(moves) * 1e3:.3g} ms, CPU median {statistics.median(cpus) * 1e3:.3g} ms "
              f"(build {build * 1e3:.3g} ms; "
              f"{ex.equilibria.method}) | bargain.solve at the same values {ref * 1e3:.3g} ms (x{ref / med:.3g})")
    print(f"slowest per-game median move: {max(medians) * 1e3:.3g} ms (target: well under 1000 ms)")


if __name__ == "__main__":
    main()
