"""A 10,000-point sweep of ``sanctions_triangle`` (all equilibria at every point) vs a loop of pygambit.

bargain: :func:`bargain.analysis.sweep.sweep` end to end - payoffs for the whole grid in one array
operation, the batch solver (support enumeration solved for all points at once, full solver only
where the batch method is unsure), and branch tracking.  Median of 3 runs after a warm-up.

pygambit: ``Game.from_arrays`` + ``nash.enumpoly_solve`` per point, timed on an evenly spaced
subsample of 200 points and scaled to 10,000 (a full loop would take minutes; the per-point cost
does not depend on where the point is).  ``bargain.solve`` per point is timed the same way for
reference.  Everything runs in this one process, so the ratios are comparable even on a loaded
machine.  At the subsample points every equilibrium Gambit finds must be in our set.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks.timing import median_time, ratio_line

N_POINTS = 10_000
SUBSAMPLE = 200
SWEEPS = ("russia_substitution", "sanction_reach", "deterrent_value")


def _gambit_loop(P: np.ndarray) -> tuple[float, list[list[np.ndarray]]]:
    import pygambit as gbt

    out = []
    start = time.perf_counter()
    for b in range(P.shape[0]):
        g = gbt.Game.from_arrays(*[P[b, i] for i in range(P.shape[1])])
        res = gbt.nash.enumpoly_solve(g)
        out.append([np.array([float(eq[s]) for p in g.players for s in p.strategies]) for eq in res.equilibria])
    return time.perf_counter() - start, out


def _solve_loop(P: np.ndarray) -> float:
    import bargain as bg

    start = time.perf_counter()
    for b in range(P.shape[0]):
        bg.solve(bg.Game(P[b]), exact=False)
    return time.perf_counter() - start


def main() -> None:
    import bargain as bg
    from bargain.analysis.sweep import sweep

    model = bg.load_game("sanctions_triangle")
    sweep(model, SWEEPS[0], n=50)                       # warm-up: imports, the full solver's first call
    bg.solve(model.game())
    ratios = []
    for name in SWEEPS:
        lo, hi = model.parameters[name].bounds
        ours = median_time(lambda name=name: sweep(model, name, n=N_POINTS), repeat=3)
        s = sweep(model, name, n=N_POINTS)
        idx = np.linspace(0, N_POINTS - 1, SUBSAMPLE).round().astype(int)
        P = model.payoffs(**{name: s.axes[0][idx]})
        t_gambit, gambit_eqs = _gambit_loop(P)
        t_solve = _solve_loop(P[: SUBSAMPLE // 2]) * 2
        scale = N_POINTS / SUBSAMPLE
        missing = 0
        for k, i in enumerate(idx):
            mine = [np.concatenate(e) for e in s.result.equilibria_at(int(i))]
            missing += sum(not any(np.abs(g - m).max() < 1e-6 for m in mine) for g in gambit_eqs[k])
        ratio = t_gambit * scale / ours
        ratios.append(ratio)
        print(ratio_line(f"sweep {name} [{lo:g}, {hi:g}] x {N_POINTS}", ours,
                         {"pygambit enumpoly loop (scaled)": t_gambit * scale,
                          "bargain.solve loop (scaled)": t_solve * scale}))
        print(f"  {int(s.result.count.sum())} equilibria on {s.n_branches} branches; "
              f"{int(s.result.fallback.sum())} point(s) left to the full solver; "
              f"equilibria Gambit found that the sweep lacks: {missing}")
    xs = model.parameters["russia_substitution"].bounds
    ys = model.parameters["sanction_reach"].bounds
    ours2 = median_time(lambda: sweep(model, {"russia_substitution": np.linspace(*xs, 100),
                                              "sanction_reach": np.linspace(*ys, 100)}), repeat=3)
    print(f"2-D sweep russia_substitution x sanction_reach, 100 x 100: bargain {ours2 * 1e3:.3g} ms")
    print(f"median ratio vs pygambit over the 1-D sweeps: x{np.median(ratios):.3g} (target: at least x100)")


if __name__ == "__main__":
    main()
