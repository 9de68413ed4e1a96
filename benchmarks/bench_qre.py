"""Logit QRE tracing: bargain's ``qre`` solver against pygambit's ``logit_solve`` on the same games.

For each game class (seeded random games, 2 and 3 players) it times the limit computation
(``bargain.solve(g, method="qre")`` vs ``pygambit.nash.logit_solve``) and the points at fixed
precisions (``qre_at_lambda`` vs ``pygambit.qre.logit_solve_lambda``), prints medians over the
games and the ratio gambit / bargain (above 1: bargain is faster), and checks the answers: limits
must agree wherever Gambit's end point verifies as a Nash equilibrium, and the count of games where
Gambit's end point does not verify (its bifurcation stall, Gambit issue 492) is printed.
Run with ``python -m benchmarks qre``.
"""

from __future__ import annotations

import statistics

import numpy as np

import bargain as bg
from bargain.solvers.qre import qre_at_lambda
from benchmarks.timing import median_time

GAMES_PER_CLASS = 6
SHAPES = [(3, 3), (5, 5), (8, 8), (2, 2, 2), (3, 3, 3)]
LAMBDAS = [0.5, 1.0, 2.0]


def _profile(gg, p) -> list[np.ndarray]:
    out = [np.array([float(p[s]) for s in player.strategies]) for player in gg.players]
    return [x / x.sum() for x in out]


def bench_shape(gbt, shape: tuple[int, ...], seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    ours_limit, theirs_limit, ours_lam, theirs_lam = [], [], [], []
    agree = gambit_not_nash = ours_none = 0
    for _ in range(GAMES_PER_CLASS):
        g = bg.Game(rng.normal(size=(len(shape), *shape)) * 10)
        gg = bg_to_gambit(gbt, g)
        ours_limit.append(median_time(lambda g=g: bg.solve(g, method="qre"), repeat=3))
        theirs_limit.append(median_time(lambda gg=gg: gbt.nash.logit_solve(gg, use_strategic=True), repeat=3))
        ours_lam.append(median_time(lambda g=g: qre_at_lambda(g, LAMBDAS), repeat=3))
        theirs_lam.append(median_time(lambda gg=gg: gbt.qre.logit_solve_lambda(gg, LAMBDAS, use_strategic=True),
                                      repeat=3))
        eqs = bg.solve(g, method="qre")
        ref = _profile(gg, gbt.nash.logit_solve(gg, use_strategic=True).equilibria[0])
        if not eqs:
            ours_none += 1
        if g.regret(ref) > 1e-6 * np.ptp(g.payoffs):
            gambit_not_nash += 1
        elif eqs and all(np.allclose(a, b, atol=1e-5) for a, b in zip(eqs[0].profile, ref, strict=True)):
            agree += 1
    return {"ours_limit": statistics.median(ours_limit), "theirs_limit": statistics.median(theirs_limit),
            "ours_lam": statistics.median(ours_lam), "theirs_lam": statistics.median(theirs_lam),
            "agree": agree, "gambit_not_nash": gambit_not_nash, "ours_none": ours_none}


def bg_to_gambit(gbt, g: bg.Game):
    return gbt.Game.from_arrays(*g.payoffs)


def main() -> None:
    try:
        import pygambit as gbt
    except ImportError:
        print("pygambit is not installed: nothing to compare against")
        return
    print(f"{GAMES_PER_CLASS} seeded random games per shape; medians over games of the median of 3 runs; "
          "ratio = gambit / bargain")
    for k, shape in enumerate(SHAPES):
        r = bench_shape(gbt, shape, seed=100 + k)
        dims = "x".join(map(str, shape))
        print(f"{dims}: limit bargain {r['ours_limit'] * 1e3:.3g} ms | gambit {r['theirs_limit'] * 1e3:.3g} ms "
              f"(x{r['theirs_limit'] / r['ours_limit']:.2g}); at lambda={LAMBDAS} bargain "
              f"{r['ours_lam'] * 1e3:.3g} ms | gambit {r['theirs_lam'] * 1e3:.3g} ms "
              f"(x{r['theirs_lam'] / r['ours_lam']:.2g}); limits agree {r['agree']}/{GAMES_PER_CLASS}, "
              f"gambit end point not Nash {r['gambit_not_nash']}, bargain no equilibrium {r['ours_none']}",
              flush=True)
    bench_bifurcation(gbt)


def bench_bifurcation(gbt) -> None:
    """McKelvey–McLennan's 2x2x2 game (Gambit contrib/games/2x2x2.nfg), whose branch bifurcates near 0.597."""
    P = np.zeros((3, 2, 2, 2))
    for prof, pay in {(0, 0, 0): (9, 8, 12), (1, 1, 0): (9, 8, 2), (1, 0, 1): (3, 4, 6), (0, 1, 1): (3, 4, 6)}.items():
        for i in range(3):
            P[(i, *prof)] = pay[i]
    g = bg.Game(P)
    gg = bg_to_gambit(gbt, g)
    ours = median_time(lambda: bg.solve(g, method="qre"), repeat=5)
    theirs = median_time(lambda: gbt.nash.logit_solve(gg, use_strategic=True), repeat=5)
    eqs = bg.solve(g, method="qre")
    ref = _profile(gg, gbt.nash.logit_solve(gg, use_strategic=True).equilibria[0])
    print(f"2x2x2 McKelvey-McLennan (bifurcation): bargain {ours * 1e3:.3g} ms, regret "
          f"{eqs[0].regret if eqs else float('nan'):.3g} | gambit {theirs * 1e3:.3g} ms (x{theirs / ours:.2g}), "
          f"regret of its end point {g.regret(ref):.3g}")


if __name__ == "__main__":
    main()
