"""Two-player enumeration of all equilibria: bargain vs quantecon, Gambit (float and exact) and nashpy.

Same seeded random games (payoffs 0..10000, square, ``GAMES`` per size) for every library, timed in
one process; each line gives medians over the games and ratios (reference time / bargain time,
above 1 means bargain is faster).  bargain and quantecon are timed in CPU time, each run repeating
the solve for :data:`MIN_TIME` (up to 10x10); the slow references once, in wall time.  bargain
float is compared with the float references, bargain exact (rational payoffs, rational equilibria
verified exactly) with Gambit's rational enummixed.
References that would take minutes are skipped above a size, and the output says so.  Every
reference's answer is checked against ours (same number of equilibria, same points within 1e-6)
and disagreements are printed.  A last block runs degenerate games (payoffs 0..2), where
quantecon's nondegenerate-only vertex enumeration is not comparable and Gambit's exact
enumeration is the reference.

Run: ``python -m benchmarks two_player`` (or ``python benchmarks/bench_two_player.py [sizes...]``).
While developing, ``python -m benchmarks.bench_two_player --quick [sizes...]`` times only bargain float
against quantecon on the generic games up to 12x12 (no exact solves, no slow references, no degenerate
block) and writes nothing; ``python -m benchmarks two_player`` runs everything and rewrites its
RESULTS.md section.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

import bargain as bg
from benchmarks.timing import median_time, ratio_line

SIZES = (2, 3, 4, 5, 8, 10, 12, 15)
GAMES = 3
SEED = 2026
#: Each timed run of bargain and quantecon repeats the solve for at least this many CPU seconds (sizes up to 10).
MIN_TIME = 0.05
#: Largest size each slow reference is run at (the issue's measurements: nashpy 94 s at 10x10,
#: Gambit float 13 minutes at 15x15, Gambit exact 8-12 s at 10x10).
LIMITS = {"nashpy support_enumeration": 8, "gambit enummixed float": 12, "gambit enummixed exact": 10}


def games(size: int, hi: int = 10_000, count: int = GAMES, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng([seed, size, hi])
    return [(rng.integers(0, hi + 1, size=(size, size)), rng.integers(0, hi + 1, size=(size, size)))
            for _ in range(count)]


def once(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = func()
    return time.perf_counter() - start, out


def _flat(profiles) -> list[np.ndarray]:
    return [np.concatenate([np.asarray(x, dtype=float) for x in p]) for p in profiles]


def distinct(profiles: list[np.ndarray], tol: float = 1e-6) -> list[np.ndarray]:
    """The profiles without repeats (Gambit lists some extreme equilibria of degenerate games twice)."""
    out: list[np.ndarray] = []
    for p in profiles:
        if not any(np.max(np.abs(p - q)) <= tol for q in out):
            out.append(p)
    return out


def agree(ours: list[np.ndarray], theirs: list[np.ndarray], tol: float = 1e-6) -> bool:
    """Same set of equilibria (within ``tol``), ignoring repeats in the reference's list."""
    theirs = distinct(theirs, tol)
    if len(ours) != len(theirs):
        return False
    left = list(theirs)
    for p in ours:
        k = next((i for i, t in enumerate(left) if np.max(np.abs(p - t)) <= tol), None)
        if k is None:
            return False
        left.pop(k)
    return True


def references(A: np.ndarray, B: np.ndarray) -> dict[str, Callable[[], list[np.ndarray]]]:
    """Callables returning each reference's equilibria as flattened float profiles."""
    out: dict[str, Callable[[], list[np.ndarray]]] = {}
    try:
        from quantecon.game_theory import NormalFormGame, Player, vertex_enumeration

        qg = NormalFormGame((Player(A.astype(float)), Player(B.T.astype(float))))
        out["quantecon vertex_enumeration"] = lambda: _flat(vertex_enumeration(qg))
    except ImportError:
        pass
    try:
        import pygambit

        gg = pygambit.Game.from_arrays(A.tolist(), B.tolist())

        def gambit(rational: bool) -> list[np.ndarray]:
            res = pygambit.nash.enummixed_solve(gg, rational=rational)
            return _flat([[[float(e[s]) for s in p.strategies] for p in gg.players] for e in res.equilibria])

        out["gambit enummixed float"] = lambda: gambit(False)
        out["gambit enummixed exact"] = lambda: gambit(True)
    except ImportError:
        pass
    try:
        import nashpy

        ng = nashpy.Game(A.astype(float), B.astype(float))

        def nash_support() -> list[np.ndarray]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return _flat(ng.support_enumeration())

        out["nashpy support_enumeration"] = nash_support
    except ImportError:
        pass
    return out


def bench_size(size: int, hi: int = 10_000, skip_slow: bool = True, quick: bool = False) -> None:
    ours_f, ours_e, n_eq = [], [], []
    theirs: dict[str, list[float]] = {}
    skipped: set[str] = set()
    problems: list[str] = []
    repeat = 5 if size <= 10 else 3
    # CPU time, each run repeated for MIN_TIME: sub-millisecond solves on a shared machine are otherwise noise
    timed = {"repeat": repeat, "min_time": MIN_TIME if size <= 10 else 0.0, "clock": time.process_time}
    for A, B in games(size, hi):
        g = bg.Game.from_matrices(A, B)
        gf = g.to_float()
        eqs = bg.solve(gf)
        n_eq.append(len(eqs))
        mine = [np.concatenate(e.profile) for e in eqs]
        ours_f.append(median_time(lambda gf=gf: bg.solve(gf), **timed))
        if not quick:
            ours_e.append(median_time(lambda g=g: bg.solve(g), **timed))
        for name, func in references(A, B).items():
            if quick and not name.startswith("quantecon"):
                continue
            if skip_slow and size > LIMITS.get(name, 10**9):
                skipped.add(name)
                continue
            if name.startswith("quantecon"):
                func()                                   # numba compilation
                t, got = median_time(func, **timed), func()
            else:
                t, got = once(func)
            theirs.setdefault(name, []).append(t)
            if hi <= 2 and name.startswith("quantecon"):
                continue                                 # nondegenerate-only method on a degenerate game
            if hi <= 2 and name.startswith("nashpy"):
                continue
            if not agree(mine, got):
                problems.append(f"{name} found {len(got)} equilibria, bargain {len(mine)}")
    med = statistics.median
    kind = "generic" if hi > 2 else "degenerate (payoffs 0..2)"
    label = f"{size}x{size} {kind}, {len(n_eq)} games, {min(n_eq)}-{max(n_eq)} equilibria"
    print(ratio_line(f"{label}\n  float", med(ours_f),
                     {k: med(v) for k, v in theirs.items() if "exact" not in k}), flush=True)
    exact_refs = {k: med(v) for k, v in theirs.items() if "exact" in k}
    if ours_e:
        print(ratio_line("  exact", med(ours_e), exact_refs), flush=True)
    if skipped:
        print(f"  skipped at this size (minutes per game): {', '.join(sorted(skipped))}", flush=True)
    if hi <= 2:
        print("  quantecon and nashpy assume nondegenerate games: their answers here are not compared "
              "(quantecon's time is for an incomplete answer); Gambit's are", flush=True)
    for p in problems:
        print(f"  DISAGREEMENT: {p}", flush=True)


def main(sizes: tuple[int, ...] = SIZES, quick: bool = False) -> None:
    print(f"median time over {GAMES} seeded games per size (CPU time for bargain and quantecon, wall time for the "
          "others); (xR) = reference time / bargain time")
    for size in sizes:
        if not quick or size <= 12:
            bench_size(size, quick=quick)
    if not quick:
        for size in (6, 8):
            bench_size(size, hi=2)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--quick"]
    main(tuple(int(a) for a in args) or SIZES, quick="--quick" in sys.argv[1:])
