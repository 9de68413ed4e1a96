"""n-player all-equilibria: bargain's polynomial solver against pygambit's enumpoly_solve.

The first table times ``polynomial_solve`` (the general route: support enumeration on the game as given,
without the one-pass routes ``bg.solve`` takes on small float games) and Gambit on the same seeded random
games (uniform payoffs), in CPU seconds (median of three runs
per game, one for 4x4x4; CPU rather than wall time, so that other work on a shared machine does
not tilt the ratio), and prints the median over games and the ratio (Gambit time / bargain time;
above 1 means bargain is faster).  It also counts, per size, the
equilibria each side finds: a "miss" is a true equilibrium (regret <= 1e-6 after Gambit's
answer is checked in our game) that the other side lacks.  A second table times the public
``bg.solve`` (dominance, support enumeration, the verification gate and the completeness check: the
index sum, and where the index theorem does not apply the independent route on the supports no
deterministic computation solved) on integer-payoff
games (payoffs in -9..9, so some have ties) and on uniform float games (2x2x2, 3x2x2, 3x3x2 -- the shape of
``sanctions_triangle`` -- 3x3x3 and 2x2x2x2), against
Gambit's ``enumpoly`` on the same games, in CPU seconds (median of three runs per game, then the
median over games).  Run with
``python -m benchmarks nplayer`` (``--quick`` in ``main(["--quick"])`` uses fewer games).
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import bargain as bg
from bargain.solvers.polynomial import polynomial_solve, solve_2x2x2_batch
from benchmarks.timing import median_time, ratio_line

SIZES = {(2, 2, 2): 20, (3, 3, 3): 7, (4, 4, 4): 3, (2, 2, 2, 2): 7}
#: Shapes (and games per shape) of the ``bg.solve`` table on integer games.
SOLVE_SIZES = {(2, 2, 2): 9, (3, 2, 2): 9, (3, 3, 2): 9, (3, 3, 3): 3, (2, 2, 2, 2): 5}
#: Shapes (and games per shape) of the ``bg.solve`` table on float games (uniform payoffs, no ties).
FLOAT_SOLVE_SIZES = {(2, 2, 2): 9, (3, 2, 2): 9, (3, 3, 2): 9, (3, 3, 3): 3, (2, 2, 2, 2): 5}
#: Seed offsets of shapes added after the first (the others keep theirs: 2000 or 3000 plus the sum of the shape).
_SEED_OFFSET = {(3, 2, 2): 100, (3, 3, 2): 200}


def solve_table_payoffs(shape: tuple[int, ...], games: int, integer: bool = True) -> list[np.ndarray]:
    """The seeded payoff tensors of the ``bg.solve`` table: integers in -9..9, or uniform floats."""
    # the games of the shapes measured before keep their seeds (2000 or 3000 + sum); later shapes have their own
    rng = np.random.default_rng((2000 if integer else 3000) + sum(shape) + _SEED_OFFSET.get(shape, 0))
    return [rng.integers(-9, 10, size=(len(shape), *shape)) if integer else rng.random((len(shape), *shape))
            for _ in range(games)]


def _solve_table(gbt, quick: bool, integer: bool = True) -> None:
    """``bg.solve`` on integer (or float) games against Gambit's enumpoly, CPU time (see the module docstring)."""
    for shape, games in (SOLVE_SIZES if integer else FLOAT_SOLVE_SIZES).items():
        games = max(1, games // 3) if quick else games
        ours_t, theirs_t, kinds = [], [], []
        for P in solve_table_payoffs(shape, games, integer):
            game = bg.Game(P)
            kinds.append(bg.solve(game).evidence.kind)
            ours_t.append(median_time(lambda g=game: bg.solve(g), repeat=3, clock=time.process_time))
            if gbt is not None:
                g = gbt.Game.from_arrays(*[P[i] for i in range(P.shape[0])])
                theirs_t.append(median_time(lambda g=g: gbt.nash.enumpoly_solve(g), repeat=3, clock=time.process_time))
        label = "bg.solve " + "x".join(map(str, shape)) + f" ({games} {'integer' if integer else 'float'} games, CPU)"
        med = statistics.median(ours_t)
        if gbt is None:
            print(f"{label}: bargain {med * 1e3:.3g} ms")
        else:
            print(ratio_line(label, med, {"gambit enumpoly": statistics.median(theirs_t)}))
        print("    completeness evidence: " + ", ".join(f"{k} {kinds.count(k)}" for k in sorted(set(kinds))))


def _gambit_vectors(P: np.ndarray, gbt, repeat: int) -> tuple[list[np.ndarray], float]:
    g = gbt.Game.from_arrays(*[P[i] for i in range(P.shape[0])])
    res = gbt.nash.enumpoly_solve(g)
    elapsed = median_time(lambda: gbt.nash.enumpoly_solve(g), repeat=repeat, clock=time.process_time)
    out = [np.array([float(e[s]) for p in g.players for s in p.strategies]) for e in res.equilibria]
    return out, elapsed


def _split(v: np.ndarray, shape) -> list[np.ndarray]:
    offs = np.cumsum((0, *shape))
    return [v[offs[i]:offs[i + 1]] for i in range(len(shape))]


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    quick = "--quick" in argv
    try:
        import pygambit as gbt
    except ImportError:  # pragma: no cover
        gbt = None
        print("pygambit not installed: timing bargain only")
    for shape, games in SIZES.items():
        if quick:
            games = max(1, games // 3)
        rng = np.random.default_rng(1000 + sum(shape))
        ours_t, theirs_t = [], []
        n_ours = n_theirs = missed_by_us = missed_by_gambit = approx = 0
        repeat = 1 if max(shape) >= 4 else 3          # a 4x4x4 game takes seconds on each side
        for _ in range(games):
            P = rng.random((len(shape), *shape))
            game = bg.Game(P)
            res = polynomial_solve(game)
            ours_t.append(median_time(lambda g=game: polynomial_solve(g), repeat=repeat, clock=time.process_time))
            ours = [np.concatenate(e.profile) for e in res]
            n_ours += len(ours)
            if gbt is None:
                continue
            theirs, t = _gambit_vectors(P, gbt, repeat)
            theirs_t.append(t)
            true_theirs = [v for v in theirs if game.regret(_split(v, shape)) <= 1e-6]
            approx += len(theirs) - len(true_theirs)
            n_theirs += len(true_theirs)
            missed_by_us += sum(not any(np.abs(v - o).max() < 1e-5 for o in ours) for v in true_theirs)
            missed_by_gambit += sum(not any(np.abs(v - o).max() < 1e-5 for o in true_theirs) for v in ours)
        label = "polynomial_solve " + "x".join(map(str, shape)) + f" ({games} games, CPU)"
        med = statistics.median(ours_t)
        if gbt is None:
            print(f"{label}: bargain {med * 1e3:.3g} ms")
            continue
        print(ratio_line(label, med, {"gambit enumpoly": statistics.median(theirs_t)}))
        print(f"    equilibria: bargain {n_ours}, gambit {n_theirs} (+{approx} with regret > 1e-6); "
              f"missed by bargain {missed_by_us}, missed by gambit {missed_by_gambit}")
    _solve_table(gbt, quick)
    _solve_table(gbt, quick, integer=False)
    # the batch closed form for sensitivity sweeps
    rng = np.random.default_rng(7)
    P = rng.random((10_000, 3, 2, 2, 2))
    start = time.perf_counter()
    out = solve_2x2x2_batch(P)
    t = time.perf_counter() - start
    print(f"2x2x2 batch closed form: 10,000 games in {t * 1e3:.3g} ms ({t / 1e4 * 1e6:.3g} us per game, "
          f"{int(out.count.sum())} equilibria)")


if __name__ == "__main__":
    main()
