"""Where a small single ``bg.solve`` spends its time: cProfile of repeated solves, by stage and by function.

Not a ``bench_*`` module (``python -m benchmarks`` does not run it): it is the profile issue 23 asks
for when a target is not met.  Run ``python -m benchmarks.profile_solve [N]`` (N solves per shape,
default 200); for seeded uniform random (float) games of shapes 2x2, 3x3, 4x4, 2x2x2, 3x2x2, 3x3x3
and 2x2x2x2 it prints the mean time per solve, the share of the profiled time in each stage of the
solver (:data:`STAGES`: cumulative times, so a stage may contain another) and the functions with
the largest cumulative time.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time

import numpy as np

import bargain as bg

SHAPES = ((2, 2), (3, 3), (4, 4), (2, 2, 2), (3, 2, 2), (3, 3, 3), (2, 2, 2, 2))

#: Stages of a solve, each the cumulative time of the functions named (module file, function).
STAGES = {
    "one-pass routes (two players; float 2x2x2, 3x3x3 and 2x2x2x2)": (("enumeration_fast.py", "one_pass_enumeration"),
                                                                   ("one_pass.py", "one_pass_2x2x2"),
                                                                   ("one_pass_3x3x3.py", "one_pass_3x3x3"),
                                                                   ("one_pass_2x2x2x2.py", "one_pass_2x2x2x2")),
    "dominance and support lists": (("solver.py", "_prepare"), ("support.py", "support_profiles")),
    "supports with at most two mixers (linear)": (("low_dim.py", "linear_support"),),
    "three mixers, two strategies each (univariate)": (("univariate.py", "solve_three_block"),),
    "larger supports (resultants)": (("resultant.py", "solve_333"), ("resultant.py", "solve_2222")),
    "support systems built, roots polished (multilinear)": (("multilinear.py", "_batch_for"),
                                                            ("multilinear.py", "_polish")),
    "larger supports (homotopy)": (("homotopy.py", "track_paths_many"), ("homotopy.py", "track_paths")),
    "candidate verification (collector)": (("collector.py", "add"),),
    "completeness evidence (index, second route)": (("registry.py", "certify_result"),),
}


def _stage_shares(stats: pstats.Stats) -> list[tuple[str, float]]:
    total = max(v[3] for k, v in stats.stats.items() if k[2] == "solve" and k[0].endswith("registry.py"))
    out = []
    for stage, names in STAGES.items():
        t = sum(v[3] for k, v in stats.stats.items() for f, n in names if k[0].endswith(f) and k[2] == n)
        out.append((stage, t / total))
    return out


def profile(shape: tuple[int, ...], n: int = 200, top: int = 15) -> str:
    """Mean time per ``bg.solve`` of one seeded game of ``shape``, its stages and the ``top`` cumulative
    entries."""
    P = np.random.default_rng([2026, *shape]).random((len(shape), *shape))
    game = bg.Game(P)
    bg.solve(game)
    start = time.process_time()
    for _ in range(n):
        bg.solve(game)
    per = (time.process_time() - start) / n
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        bg.solve(game)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stages = "\n".join(f"  {share:6.1%}  {stage}" for stage, share in _stage_shares(stats) if share > 0)
    stats.sort_stats("cumulative").print_stats(top)
    text = out.getvalue()
    return (f"{'x'.join(map(str, shape))}: {per * 1e6:.0f} us a solve (CPU)\nshare of the profiled time by stage:\n"
            f"{stages}\n{text[text.index('ncalls'):]}")


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 200
    for shape in SHAPES:
        print(profile(shape, n if np.prod(shape) <= 16 else max(1, n // 20)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
