"""Where a small single ``bg.solve`` spends its time: cProfile of repeated solves, top functions.

Not a ``bench_*`` module (``python -m benchmarks`` does not run it): it is the profile issue 23 asks
for when a target is not met.  Run ``python -m benchmarks.profile_solve [N]`` (N solves per shape,
default 200); it prints the mean time per solve and the functions with the largest cumulative time,
for seeded uniform random games of shapes 2x2, 3x3, 4x4, 2x2x2 and 3x3x3.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time

import numpy as np

import bargain as bg

SHAPES = ((2, 2), (3, 3), (4, 4), (2, 2, 2), (3, 3, 3))


def profile(shape: tuple[int, ...], n: int = 200, top: int = 15) -> str:
    """Mean time per ``bg.solve`` of one seeded game of ``shape`` and the ``top`` cumulative entries."""
    P = np.random.default_rng([2026, *shape]).random((len(shape), *shape))
    game = bg.Game(P)
    bg.solve(game)
    start = time.perf_counter()
    for _ in range(n):
        bg.solve(game)
    per = (time.perf_counter() - start) / n
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        bg.solve(game)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    text = out.getvalue()
    return f"{'x'.join(map(str, shape))}: {per * 1e6:.0f} us a solve\n{text[text.index('ncalls'):]}"


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 200
    for shape in SHAPES:
        print(profile(shape, n if np.prod(shape) <= 16 else max(1, n // 20)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
