"""Bargaining: the vectorised batch solver against a Python loop of the scalar (exact-capable) solvers.

No reference library computes bargaining solutions, so the comparison is internal: the Nash
bargain of the US-China package game (``games/linkage_bargain``, 27 packages) at N values of the
buffer value, solved in one batch (``sweep_bargain``) versus one ``nash_solution`` call per value.
Also times exact solutions on seeded random games.  Prints medians and the ratio loop / batch per
point (above 1: the batch is faster).  Run with ``python -m benchmarks bargaining``.
"""

from __future__ import annotations

import numpy as np

from bargain import Game
from bargain.analysis.bargaining import kalai_smorodinsky, nash_solution, sweep_bargain
from bargain.model.loader import game_module
from benchmarks.timing import median_time, ratio_line

lb = game_module("linkage_bargain")


def _points(**p):
    a, s, e = lb.package_grid(3)
    return np.stack(np.broadcast_arrays(lb.us_utility(a, s, e, **p), lb.china_utility(a, s, e, **p)), axis=-1)


def _disagreement(**p):
    return lb.disagreement_point(**p)


def main() -> None:
    n_batch, n_loop = 1000, 40
    values = np.linspace(0, 30, n_batch)
    batch = median_time(lambda: sweep_bargain(_points, _disagreement, "collapse_cost", values), repeat=3)
    loop_values = values[:: n_batch // n_loop]

    def loop() -> None:
        for v in loop_values:
            nash_solution(_points(collapse_cost=v), _disagreement(collapse_cost=v))

    looped = median_time(loop, repeat=3)
    per_batch, per_loop = batch / n_batch, looped / len(loop_values)
    print(ratio_line(f"linkage Nash bargain, per parameter value (batch of {n_batch})", per_batch,
                     {"scalar loop": per_loop}))
    rng = np.random.default_rng(0)
    for shape in [(4, 4), (10, 10), (3, 3, 3)]:
        games = [Game(rng.integers(0, 20, size=(len(shape), *shape))) for _ in range(5)]
        d = [0] * len(shape)
        t_nash = median_time(lambda gs=games, d=d: [nash_solution(g, d) for g in gs], repeat=3) / len(games)
        t_ks = median_time(lambda gs=games, d=d: [kalai_smorodinsky(g, d) for g in gs], repeat=3) / len(games)
        print(f"exact Nash on a random {'x'.join(map(str, shape))} game: {t_nash * 1e3:.3g} ms; "
              f"exact Kalai-Smorodinsky: {t_ks * 1e3:.3g} ms (median)")


if __name__ == "__main__":
    main()
