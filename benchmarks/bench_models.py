"""Batched payoffs versus a Python loop: ``model.payoffs`` on 10,000 parameter values against
10,000 calls of ``model.game`` (what a sweep would do without batching), for every shipped game.

Also times a whole 10,000-point pure-equilibrium sweep (batched payoffs + one vectorised
best-response test).  Prints medians and the ratio loop / batch (above 1: batching is faster).
Run with ``python -m benchmarks models``.
"""

from __future__ import annotations

import numpy as np

import bargain as bg
from bargain.solvers.pure import pure_equilibrium_mask
from benchmarks.timing import median_time

N = 10_000


def _sweep_values(model: bg.Model) -> dict[str, np.ndarray]:
    """Every finite-bounded parameter drawn at random inside its bounds, N points (seeded)."""
    rng = np.random.default_rng(2017)
    return {k: rng.uniform(p.low, p.high, N) for k, p in model.parameters.items()
            if np.isfinite(p.low) and np.isfinite(p.high)}


def bench_game(name: str, repeat: int = 3) -> tuple[float, float, float]:
    """Median seconds of (batched payoffs, loop of game() calls, batched pure-equilibrium sweep)."""
    model = bg.load_game(name)
    values = _sweep_values(model)
    points = [{k: float(v[j]) for k, v in values.items()} for j in range(N)]
    batch = median_time(lambda: model.payoffs(**values), repeat=max(repeat, 5))
    loop = median_time(lambda: [model.game(**pt) for pt in points], repeat=repeat)
    sweep = median_time(lambda: pure_equilibrium_mask(model.payoffs(**values), tol=1e-9,
                                                             n_players=model.n_players), repeat=max(repeat, 5))
    # the two must agree, or the timing means nothing
    sample = np.random.default_rng(0).integers(0, N, 50)
    full = model.payoffs(**values)
    for j in sample:
        assert np.array_equal(full[j], model.game(**points[j]).payoffs)
    return batch, loop, sweep


def main() -> None:
    print(f"{N:,} parameter points per game; ratio = loop of model.game / batched model.payoffs")
    for name in bg.list_games():
        try:
            batch, loop, sweep = bench_game(name)
        except bg.GameError as exc:      # a game whose model cannot batch: say so, keep going
            print(f"{name}: skipped ({exc})")
            continue
        print(f"{name}: payoffs batch {batch * 1e3:.3g} ms | {N:,} x game() {loop:.3g} s "
              f"(x{loop / batch:.0f}) | pure-equilibrium sweep {sweep * 1e3:.3g} ms", flush=True)


if __name__ == "__main__":
    main()
