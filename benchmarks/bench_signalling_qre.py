"""The agent logit QRE limit of signalling games: bargain's tracer against pygambit's ``logit_solve``.

Both trace the principal branch of the agent QRE (McKelvey and Palfrey 1998, conditional action
values) on the same tree, written to and read from one ``.efg`` file, to the same stopping rule
(conditional regret at most 1e-8 of the payoff range); bargain then reads the limit as fractions
and verifies it exactly as a sequential equilibrium, which pygambit does not do.  The games are
the seeded Spence-like job markets of :mod:`benchmarks.bench_bayesian`.  Each line gives both
medians, the ratio (pygambit time / bargain time) and the largest gap between the two limits.

Run: ``OPENBLAS_NUM_THREADS=1 python -m benchmarks signalling_qre``.  On a loaded machine a
multithreaded BLAS makes each small QR factorisation of the tracer's Jacobian tens of times slower
(measured: 0.44 s against 6 ms for 122 x 121 at load 11 on 2 cores), while pygambit does not use
BLAS; one thread is the fair setting.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import bargain as bg
from bargain.solvers.sequential.qre_limit import qre_limit
from benchmarks.bench_bayesian import job_market
from benchmarks.timing import median_time, ratio_line

SIZES = ((2, 2), (3, 3), (5, 5), (10, 10))


def main() -> None:
    import pygambit as gbt

    with tempfile.TemporaryDirectory() as tmp:
        for T, M in SIZES:
            g = job_market(T, M)
            path = Path(tmp) / f"jm{T}x{M}.efg"
            bg.write_game(g, path)
            gg = gbt.read_efg(str(path))
            repeat = 3 if T * M <= 25 else 1
            ours = median_time(lambda g=g: qre_limit(g), repeat=repeat)
            theirs = median_time(lambda gg=gg: gbt.nash.logit_solve(gg), repeat=repeat)
            lim = qre_limit(g)
            eq = gbt.nash.logit_solve(gg).equilibria[0]
            gap = max(abs(lim.behaviour.action_probabilities(h.label)[a.label] - float(eq[a]))
                      for h in gg.infosets for a in h.actions)
            print(ratio_line(f"{T} types x {M} messages x 2 responses (limit {lim.assessment.refinement} "
                             f"{'verified exactly' if lim.exact and lim.assessment.satisfied else 'in floats'}, "
                             f"gap {gap:.1e})", ours, {"pygambit logit_solve": theirs}))


if __name__ == "__main__":
    main()
