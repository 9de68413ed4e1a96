"""Where a small single ``bg.solve`` spends its time: cProfile of repeated solves, by stage and by function.

Not a ``bench_*`` module (``python -m benchmarks`` does not run it): it is the profile issue 23 asks
for when a target is not met.  Run ``python -m benchmarks.profile_solve [N]`` (N solves per shape,
default 200); for seeded uniform random (float) games of shapes 2x2 to 8x8, 2x2x2, 3x2x2, 3x3x3
and 2x2x2x2 it prints the mean time per solve, the share of the profiled time in each stage of the
solver (:data:`STAGES`: cumulative times, so a stage may contain another) and the functions with
the largest cumulative time.

``python -m benchmarks.profile_solve --integer [N]`` profiles the *exact* solves instead: the
integer-payoff games of the ``bg.solve`` table of :mod:`benchmarks.bench_nplayer` (payoffs in
-9..9, the same seeds, shapes 2x2x2, 3x2x2, 3x3x2, 3x3x3 and 2x2x2x2), each solved N times (default
20), with the stages of an exact solve (:data:`EXACT_STAGES`).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable

import numpy as np

import bargain as bg
from benchmarks.bench_two_player import games

SHAPES = ((2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (2, 2, 2), (3, 2, 2), (3, 3, 3), (2, 2, 2, 2))

#: Stages of a solve, each the cumulative time of the functions named (module file, function).
STAGES = {
    "one-pass routes (two players; float 2x2x2, 3x3x3 and 2x2x2x2)": (("enumeration_fast.py", "one_pass_enumeration"),
                                                                   ("one_pass.py", "one_pass_2x2x2"),
                                                                   ("one_pass_3x3x3.py", "one_pass_3x3x3"),
                                                                   ("one_pass_2x2x2x2.py", "one_pass_2x2x2x2")),
    "two players: payoffs prepared, dominated strategies removed": (("enumeration_fast.py", "_prepared"),),
    "two players: support pairs screened by cofactors and solved": (("simple_pairs.py", "simple_pairs"),),
    "two players: vertex pairs of the best-response polytopes (Qhull)": (("simple_pairs.py", "hull_pairs"),),
    "two players: candidates verified": (("enumeration_fast.py", "_verified_scalar"),
                                         ("enumeration_fast.py", "_verified")),
    "two players: index evidence": (("enumeration_index.py", "index_evidence"),),
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

#: Stages of an exact solve (integer or rational payoffs), as :data:`STAGES`.
EXACT_STAGES = {
    "exact normalised game (solve and index check)": (("game.py", "normalised"),),
    "2x2x2 closed form (nondegenerate games)": (("solver.py", "_closed_form_2x2x2"),),
    "dominance (exact) and support lists": (("solver.py", "_prepare"), ("support.py", "support_profiles")),
    "pure equilibria": (("pure.py", "pure_equilibrium_mask"),),
    "supports with at most two mixers (linear)": (("low_dim.py", "linear_support"),),
    "  of which degenerate (polytopes, cut sets)": (("low_dim.py", "_polytope_support"),),
    "three or more mixers (elimination, resultants, homotopy)": (("multilinear.py", "polynomial_group"),
                                                                 ("multilinear.py", "homotopy_groups")),
    "candidate verification (collector.add, add_continuum)": (("collector.py", "add"),
                                                             ("collector.py", "add_continuum")),
    "  of which rational rounding (_rationalize)": (("collector.py", "_rationalize"),),
    "  of which the exact gate (make_equilibrium)": (("result.py", "make_equilibrium"),),
    "exact regret checks (integer arithmetic)": (("regret.py", "integer_terms"),),
    "completeness evidence (index, second route)": (("registry.py", "certify_result"),),
    "  of which index sum": (("completeness.py", "index_sum"),),
    "  of which finiteness proofs": (("collector.py", "recheck"),),
    "  of which second route": (("solver.py", "independent_route"),),
}


def _stage_shares(stats: pstats.Stats, stages: dict[str, tuple[tuple[str, str], ...]] = STAGES
                  ) -> list[tuple[str, float]]:
    total = max(v[3] for k, v in stats.stats.items() if k[2] == "solve" and k[0].endswith("registry.py"))
    out = []
    for stage, names in stages.items():
        t = sum(v[3] for k, v in stats.stats.items() for f, n in names if k[0].endswith(f) and k[2] == n)
        out.append((stage, t / total))
    return out


def _mean_time(func: Callable[[], object], n: int) -> float:
    start = time.process_time()
    for _ in range(n):
        func()
    return (time.process_time() - start) / n


def _quantecon_time(A: np.ndarray, B: np.ndarray, n: int) -> str:
    """``"; quantecon vertex_enumeration T us"`` on the same game (after numba's compilation), or ``""``."""
    try:
        from quantecon.game_theory import NormalFormGame, Player, vertex_enumeration
    except ImportError:
        return ""
    qg = NormalFormGame((Player(A.astype(float)), Player(B.T.astype(float))))
    vertex_enumeration(qg)
    return f"; quantecon vertex_enumeration {_mean_time(lambda: vertex_enumeration(qg), n) * 1e6:.0f} us"


def _report(label: str, games: list[bg.Game], n: int, top: int, stages: dict[str, tuple[tuple[str, str], ...]],
            reference: str = "") -> str:
    """Mean CPU time per solve of ``games`` (each solved ``n`` times), stage shares and the ``top`` functions."""
    for game in games:
        bg.solve(game)
    per = _mean_time(lambda: [bg.solve(game) for game in games], n) / len(games)
    prof = cProfile.Profile()
    prof.enable()
    for game in games:
        for _ in range(n):
            bg.solve(game)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    shares = "\n".join(f"  {share:6.1%}  {stage}" for stage, share in _stage_shares(stats, stages) if share > 0)
    stats.sort_stats("cumulative").print_stats(top)
    text = out.getvalue()
    return (f"{label}: {per * 1e6:.0f} us a solve (CPU){reference}\n"
            f"share of the profiled time by stage:\n{shares}\n{text[text.index('ncalls'):]}")


def profile(shape: tuple[int, ...], n: int = 200, top: int = 15) -> str:
    """Mean time per ``bg.solve`` of one seeded game of ``shape``, its stages and the ``top`` cumulative
    entries.

    A square two-player shape takes the first game of the ``two_player`` benchmark (payoffs 0..10000,
    solved in floats) and also times quantecon's ``vertex_enumeration`` on it when quantecon is
    installed; other shapes take seeded uniform random payoffs.
    """
    reference = ""
    if len(shape) == 2 and shape[0] == shape[1]:
        A, B = games(shape[0], count=1)[0]
        game = bg.Game.from_matrices(A, B).to_float()
        reference = _quantecon_time(A, B, n)
    else:
        game = bg.Game(np.random.default_rng([2026, *shape]).random((len(shape), *shape)))
    return _report("x".join(map(str, shape)), [game], n, top, STAGES, reference)


def integer_games(shape: tuple[int, ...]) -> list[bg.Game]:
    """The integer games of shape ``shape`` that :mod:`benchmarks.bench_nplayer` times ``bg.solve`` on."""
    from benchmarks.bench_nplayer import SOLVE_SIZES, solve_table_payoffs

    return [bg.Game(P) for P in solve_table_payoffs(shape, SOLVE_SIZES[shape])]


def profile_integer(shape: tuple[int, ...], n: int = 20, top: int = 25) -> str:
    """As :func:`profile`, for the exact solves of the benchmark's integer games of ``shape`` (each ``n`` times)."""
    games_ = integer_games(shape)
    return _report(f"{'x'.join(map(str, shape))} ({len(games_)} integer games, exact)", games_, n, top, EXACT_STAGES)


USAGE = "usage: python -m benchmarks.profile_solve [--integer] [N]  (N: solves per shape, a positive integer)"


def main(argv: list[str]) -> None:
    integer = "--integer" in argv
    rest = [a for a in argv if a != "--integer"]
    if len(rest) > 1 or (rest and not (rest[0].isdigit() and int(rest[0]) > 0)):
        print(USAGE, file=sys.stderr)
        raise SystemExit(2)
    if integer:
        from benchmarks.bench_nplayer import SOLVE_SIZES

        n = int(rest[0]) if rest else 20
        for shape in SOLVE_SIZES:
            print(profile_integer(shape, n if np.prod(shape) <= 12 else max(1, n // 4)), flush=True)
        return
    n = int(rest[0]) if rest else 200
    for shape in SHAPES:
        print(profile(shape, n if np.prod(shape) <= 16 else max(1, n // 20)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
