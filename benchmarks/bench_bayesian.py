"""Signalling games: the direct signalling solver against the reduced-normal-form route.

The reduced normal form of a signalling game with ``T`` types and ``M`` messages gives the
sender ``M^T`` strategies, so the normal-form route (every Nash equilibrium of the reduced
normal form, then beliefs and sequential rationality checked on each) is measured on small games
where it runs at all; the signalling solver (every pure receiver strategy, each type's best
messages, supporting beliefs by exact LP) is measured on the same games and then alone on
10 types x 10 messages, where the normal form would have 10^10 sender strategies.

Run: ``python -m benchmarks.bench_bayesian``.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

import bargain as bg
from benchmarks.timing import median_time, ratio_line


def job_market(T: int, M: int, R: int = 2, seed: int = 0) -> bg.SignallingGame:
    """A Spence-like game: type k has productivity k, message e costs e / (k + 1); the receiver picks
    one of R wage levels and loses the squared gap to productivity; small integer noise keeps it generic."""
    rng = np.random.default_rng(seed)
    noise = rng.integers(0, 3, size=(T, M, R))
    wages = [Fraction(k * (T - 1), max(R - 1, 1)) for k in range(R)]

    def pay(t: str, m: str, r: str) -> tuple[Fraction, Fraction]:
        k, e, j = int(t[1:]), int(m[1:]), int(r[1:])
        return wages[j] - Fraction(e, k + 1) + Fraction(int(noise[k, e, j]), 10), -(wages[j] - k) ** 2

    prior = {f"t{k}": Fraction(1, T) for k in range(T)}
    return bg.SignallingGame([f"t{k}" for k in range(T)], prior, [f"e{e}" for e in range(M)],
                             [f"w{j}" for j in range(R)], pay, title=f"job market {T}x{M}x{R}")


def main() -> None:
    for T, M in ((2, 2), (3, 2), (2, 3), (3, 3)):
        g = job_market(T, M)
        ours = median_time(lambda g=g: bg.solve_signalling(g, semi_separating=False), repeat=3)
        theirs = median_time(lambda g=g: bg.sequential_equilibria(g), repeat=1)
        n_ours = len(bg.solve_signalling(g, semi_separating=False))
        print(ratio_line(f"{T} types x {M} messages ({n_ours} pure sequential equilibria)", ours,
                         {"reduced normal form route": theirs}))
    g = job_market(10, 10)
    start = time.perf_counter()
    eqs = bg.solve_signalling(g, semi_separating=False)
    took = time.perf_counter() - start
    kinds = {}
    for e in eqs:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    print(f"10 types x 10 messages x 2 responses: {len(eqs)} pure sequential equilibria {kinds} in {took:.2f} s "
          "(the reduced normal form would have 10^10 x 2^10 cells)")


if __name__ == "__main__":
    main()
