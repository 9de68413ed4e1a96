"""Why ``solve_batch`` hands points to the full solver, and what those handovers cost: the ``batch`` benchmark's
tied rows.

Not a ``bench_*`` module (``python -m benchmarks`` does not run it).  Run ``python -m benchmarks.profile_batch
[REPEAT]``: for each tied row of :mod:`benchmarks.bench_batch` (the same seeded games,
:data:`~benchmarks.bench_batch.TIED`) it prints the CPU time a point of the whole sweep (median of ``REPEAT``
runs, default 3) and of the batch part alone (``fallback=False``), the points handed to the full solver with
the first reason that fired at each (``solve_batch(..., explain=True)``,
:data:`bargain.solvers.batch.handover.REASONS`), and the share of the sweep's time spent in those handovers:
each handed-over point's :func:`bargain.solve` timed alone (CPU), summed per reason.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter, defaultdict

import numpy as np

import bargain as bg
from bargain.solvers.batch import solve_batch
from benchmarks.bench_batch import TIED, _tied


def _cpu(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times)


def reasons(P: np.ndarray, n: int) -> Counter:
    """The handed-over points of the sweep ``P`` counted by the first reason that fired at each."""
    res = solve_batch(P, n_players=n, fallback=False, explain=True)
    return Counter(res.handover[res.fallback].tolist())


def profile(P: np.ndarray, n: int, label: str, repeat: int = 3) -> str:
    """The report of one sweep: times a point, handovers by reason and their share of the sweep's time."""
    res = solve_batch(P, n_players=n, fallback=False, explain=True)
    whole = _cpu(lambda: solve_batch(P, n_players=n), repeat)
    batch = _cpu(lambda: solve_batch(P, n_players=n, fallback=False), repeat)
    spent: dict[str, float] = defaultdict(float)
    count: Counter = Counter()
    for b in np.flatnonzero(res.fallback.reshape(-1)):
        why = str(res.handover.reshape(-1)[b])
        game = bg.Game(P.reshape(-1, *P.shape[-n - 1:])[b])
        spent[why] += _cpu(lambda g=game: bg.solve(g, exact=False), 1)
        count[why] += 1
    points = int(np.prod(res.count.shape))
    handed = sum(spent.values())
    lines = [f"{label}: {whole / points * 1e6:.0f} us a point (CPU; batch part alone {batch / points * 1e6:.1f} us), "
             f"{sum(count.values())} of {points} points handed over, {handed / whole:.0%} of the sweep's time "
             f"in handovers"]
    for why, k in count.most_common():
        lines.append(f"  {k:5d} pts  {spent[why] / whole:6.1%} of the time  {spent[why] / k * 1e3:6.2f} ms each  {why}")
    return "\n".join(lines)


USAGE = "usage: python -m benchmarks.profile_batch [REPEAT]  (REPEAT: timed runs per sweep, a positive integer)"


def main(argv: list[str]) -> None:
    if len(argv) > 1 or (argv and not (argv[0].isdigit() and int(argv[0]) > 0)):
        print(USAGE, file=sys.stderr)
        raise SystemExit(2)
    repeat = int(argv[0]) if argv else 3
    solve_batch(_tied((2, 2, 2), 4)[:4], n_players=3)                 # warm-up (imports)
    for shape, high in TIED:
        label = "tied " + "x".join(map(str, shape)) + f" (0..{high - 1})"
        print(profile(_tied(shape, high), len(shape), label, repeat), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
