"""The batch engine in microseconds per point: random parametric games and the shipped games.

Each line sweeps one game over 8,192 parameter values with :func:`bargain.solvers.batch.solve_batch`
(payoffs ``P0 + t P1`` with seeded normal ``P0, P1`` for the random games; the shipped games over
one parameter's whole range; ``sanctions_triangle`` also at 8,192 Monte Carlo draws of all its
parameters) and reports the median wall time and CPU time per point over 3 runs, the points left
to the full solver, and the ratio against a loop of pygambit on an evenly spaced
subsample of the same points (``enummixed`` for two players, ``enumpoly`` for more; scaled to the
sweep).  CPU time is the fairer absolute figure on a shared machine; the ratios are measured in one
process.  Each line also gives the median minor page faults of one sweep: fresh pages cost about
2 us each on a virtual machine, and the allocator returns freed memory between sweeps, so a sweep's
peak working set shows in its time (and the state the earlier lines leave the allocator in shows in
the later ones).  The 2x2x2x2 line also times a loop of :func:`bargain.solve` on the subsample (such
sweeps were solved point by point before they had a batched route), and so do the 3x3x3 lines (a
random sweep and one where the parameter enters one player's payoffs only, as in the shipped models).
Targets (issue 23): 3 us a point for two players up to 3x3 and for 2x2x2, 20 us for 3x3x2, 50 us for
3x3x3.
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np

N = 8192
#: Points of a shipped game's sweep when a trial shows it degenerate at most points (each such point
#: costs a full solve of milliseconds; the per-point figure is what matters).
N_DEGENERATE = 1024
SUBSAMPLE = 40
#: Random games with small integer payoffs (payoff ties at most points: one player's tied best replies,
#: connected sets of equilibria) and the points per sweep; many of them still go to the full solver.
TIED = (((2, 2, 2), 4), ((3, 3, 2), 10))
N_TIED = 256
SHAPES = ((2, 2), (3, 3), (2, 5), (4, 4), (2, 2, 2), (3, 2, 2), (3, 3, 2), (2, 2, 2, 2), (3, 3, 3))
#: Shapes whose line also times a loop of :func:`bargain.solve` over the subsample (what a sweep of
#: them cost before they had a batched route).
SOLVE_LOOP = ((2, 2, 2, 2), (3, 3, 3))
SHIPPED = (("buffer_state", "refugee_risk"), ("russia_channel", "china_enforcement"),
           ("linkage_bargain", "refugee_risk"), ("sanctions_triangle", "russia_substitution"))


def _random(shape: tuple[int, ...], seed: int = 2026) -> np.ndarray:
    rng = np.random.default_rng([seed, *shape])
    P0, P1 = rng.normal(size=(2, len(shape), *shape))
    t = np.linspace(0.0, 2.0, N).reshape(-1, *[1] * (len(shape) + 1))
    return P0 + t * P1


def _tied(shape: tuple[int, ...], high: int, seed: int = 2026) -> np.ndarray:
    """``N_TIED`` games of ``shape`` with independent integer payoffs in ``0 .. high - 1`` (as floats)."""
    rng = np.random.default_rng([seed, high, *shape])
    return rng.integers(0, high, size=(N_TIED, len(shape), *shape)).astype(float)


def _modelled_3x3x3(seed: int = 2026) -> np.ndarray:
    """A 3x3x3 sweep shaped like the shipped models' (no shipped game has this shape): one parameter in
    [0, 3] that raises one player's payoffs of one strategy against about half of the others' profiles,
    as a cost or a benefit of one country enters its own payoffs only."""
    rng = np.random.default_rng([seed, 3, 3, 3])
    P0 = rng.normal(size=(3, 3, 3, 3))
    P1 = np.zeros_like(P0)
    P1[0, 2] = rng.integers(0, 2, size=(3, 3))
    t = np.linspace(0.0, 3.0, N).reshape(-1, 1, 1, 1, 1)
    return P0 + t * P1


def _faults() -> int:
    """Minor page faults of this process so far (0 where ``resource`` is missing)."""
    try:
        import resource
    except ImportError:                      # not on POSIX
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def _times(P: np.ndarray, n: int, repeat: int = 3) -> tuple[float, float, int, object]:
    from bargain.solvers.batch import solve_batch

    walls, cpus, faults = [], [], []
    res = None
    for _ in range(repeat):
        f, c, w = _faults(), time.process_time(), time.perf_counter()
        res = solve_batch(P, n_players=n)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
        faults.append(_faults() - f)
    return (statistics.median(walls) / P.shape[0], statistics.median(cpus) / P.shape[0],
            int(statistics.median(faults)), res)


def _gambit(P: np.ndarray) -> float:
    import pygambit as gbt

    idx = np.linspace(0, P.shape[0] - 1, SUBSAMPLE).round().astype(int)
    start = time.perf_counter()
    for b in idx:
        g = gbt.Game.from_arrays(*[P[b, i] for i in range(P.shape[1])])
        if P.shape[1] == 2:
            gbt.nash.enummixed_solve(g, rational=False)
        else:
            gbt.nash.enumpoly_solve(g)
    return (time.perf_counter() - start) / idx.size


def _solve_loop(P: np.ndarray) -> float:
    """Wall time per point of :func:`bargain.solve` on an evenly spaced subsample (float route)."""
    import bargain as bg

    idx = np.linspace(0, P.shape[0] - 1, SUBSAMPLE).round().astype(int)
    start = time.perf_counter()
    for b in idx:
        bg.solve(bg.Game(P[b]), exact=False)
    return (time.perf_counter() - start) / idx.size


def _line(label: str, P: np.ndarray, n: int, loop: bool = False, gambit: bool = True) -> None:
    wall, cpu, faults, res = _times(P, n)
    ref = _gambit(P) if gambit else None
    extra = ""
    if loop:
        solo = _solve_loop(P)
        extra = f" | bargain.solve loop {solo * 1e6:9.0f} us/pt (x{solo / wall:.3g})"
    theirs = (f"pygambit loop {ref * 1e6:9.0f} us/pt (x{ref / wall:.3g})" if ref
              else "pygambit loop not run (its enumpoly stalls on some tied games)")
    print(f"{label:<34} {wall * 1e6:8.1f} us/pt wall {cpu * 1e6:8.1f} us/pt cpu {faults:6d} faults | full solver "
          f"at {int(res.fallback.sum()):4d} pts | {theirs}{extra}", flush=True)


def main() -> None:
    import bargain as bg
    from bargain.solvers.batch import solve_batch

    print(f"cores: {os.cpu_count()}; {N} points per sweep ({N_DEGENERATE} for a shipped game whose points are "
          f"mostly degenerate, {N_TIED} for the tied games); medians of 3 runs")
    solve_batch(_random((2, 2))[:10], n_players=2)                       # warm-up (imports)
    for shape in SHAPES:
        _line("random " + "x".join(map(str, shape)), _random(shape), len(shape), loop=shape in SOLVE_LOOP)
    for shape, high in TIED:
        _line("tied " + "x".join(map(str, shape)) + f" (0..{high - 1})", _tied(shape, high), len(shape), loop=True,
              gambit=False)
    for name, param in SHIPPED:
        model = bg.load_game(name)
        lo, hi = model.parameters[param].bounds
        P = np.asarray(model.payoffs(**{param: np.linspace(lo, hi, N)}), dtype=float)
        if solve_batch(P[::64], n_players=model.n_players, fallback=False).fallback.mean() > 0.5:
            P = P[::N // N_DEGENERATE]
        shape = "x".join(map(str, P.shape[2:]))
        _line(f"{name} ({shape}) over {param}", P, model.n_players)
    _line("modelled 3x3x3 over a payoff", _modelled_3x3x3(), 3, loop=True)
    from bargain.analysis.montecarlo_stream import draw_samples

    model = bg.load_game("sanctions_triangle")
    P = np.asarray(model.payoffs(**draw_samples(model, N, seed=2026)), dtype=float)
    _line("sanctions_triangle (3x3x2) uniform draws", P, model.n_players)


if __name__ == "__main__":
    main()
