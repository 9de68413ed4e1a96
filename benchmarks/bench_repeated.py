"""Repeated games: the SPE payoff polygon (Abreu-Sannikov) against quantecon's ``RepeatedGame``.

Both compute the pure-strategy SPE payoffs with public correlation of a two-player repeated game
by the Abreu-Sannikov operator.  quantecon iterates it (numba) until successive sets agree to
1e-12; bargain iterates it (numpy, vectorised over profiles and edges) until the vertex count
settles, then solves the fixed-point equations of that structure by Newton's method (and, in
exact mode, certifies the polygon in rational arithmetic).  The two are timed in CPU time (both
run single-threaded) in alternating rounds (nine of at least 20 ms each) and compared by their
medians, so a change of machine load hits both alike.  Accuracy: the Hausdorff distance between
each float answer's vertex set and the exact polygon's where bargain certifies one, else between
the two float answers.  Prints medians and ratios (quantecon / bargain; above 1 means bargain is
faster); the exact route (float polygon, then rational certification) is timed alongside.  Run with
``python -m benchmarks repeated``.
"""

from __future__ import annotations

import statistics
import time
from fractions import Fraction

import numpy as np

from bargain import Game
from bargain.analysis.repeated import spe_payoffs
from benchmarks.timing import median_time, ratio_line

AS_EXAMPLE = ([[16, 3, 0], [21, 10, -1], [9, 5, -5]], [[9, 13, 3], [1, 4, 0], [0, -4, -15]])
PD = ([[9, 1], [10, 3]], [[9, 10], [1, 3]])


def _cases() -> list[tuple[str, np.ndarray, np.ndarray, Fraction]]:
    out = [(f"Abreu-Sannikov example, delta={d}", *map(np.array, AS_EXAMPLE), d)
           for d in (Fraction(3, 10), Fraction(3, 5), Fraction(9, 10))]
    out.append(("prisoner's dilemma, delta=9/10", *map(np.array, PD), Fraction(9, 10)))
    rng = np.random.default_rng(7)
    for k in range(12):
        m = 3 if k < 6 else 4
        out.append((f"random {m}x{m} #{k}", rng.integers(-9, 10, size=(m, m)), rng.integers(-9, 10, size=(m, m)),
                    Fraction(int(rng.integers(5, 10)), 10)))
    return out


def _vertex_distance(P: np.ndarray, Q: np.ndarray) -> float:
    """Hausdorff distance between the vertex sets (a vertex missing from one set shows up in full)."""
    d = np.linalg.norm(P[:, None, :] - Q[None, :, :], axis=2)
    return float(max(d.min(axis=1).max(), d.min(axis=0).max()))


def main() -> None:
    try:
        from quantecon.game_theory import NormalFormGame, RepeatedGame
    except ImportError:
        print("quantecon is not installed: nothing to compare against")
        return

    def qe(A, B, d):
        h = RepeatedGame(NormalFormGame(np.stack([A, B], axis=-1).astype(float)), float(d)).equilibrium_payoffs()
        return h.points[h.vertices]

    qe(*map(np.array, PD), 0.9)          # compile quantecon's numba kernels outside the timings
    ratios, worst_qe, worst_ours = [], 0.0, 0.0
    for label, A, B, d in _cases():
        g = Game.from_matrices(A, B)
        try:
            theirs = qe(A, B, d)
        except Exception as exc:  # quantecon fails on empty or flat sets (ValueError, QhullError): skip those
            print(f"{label}: quantecon fails ({type(exc).__name__}); skipped")
            continue
        exact = spe_payoffs(g, d)
        ours = spe_payoffs(g, d, exact=False)
        ref = exact.array                   # the certified exact polygon, else bargain's float one
        err_ours, err_qe = _vertex_distance(ours.array, ref), _vertex_distance(theirs, ref)
        if exact.exact:
            worst_ours, worst_qe = max(worst_ours, err_ours), max(worst_qe, err_qe)
        # CPU time (both run single-threaded), in rounds interleaved (bargain, quantecon, bargain, ...)
        # so that both medians see the same load
        rounds = [(median_time(lambda g=g, d=d: spe_payoffs(g, d, exact=False), 1, 0.02, time.process_time),
                   median_time(lambda A=A, B=B, d=d: qe(A, B, d), 1, 0.02, time.process_time)) for _ in range(9)]
        t_ours, t_qe = (statistics.median(t) for t in zip(*rounds, strict=True))
        t_exact = median_time(lambda g=g, d=d: spe_payoffs(g, d), repeat=3, min_time=0.02)
        ratios.append(t_qe / t_ours)
        print(ratio_line(f"{label} ({ours.n_vertices} vertices{', exact' if exact.exact else ''})", t_ours,
                         {"quantecon": t_qe}) + f" | bargain exact+certified {t_exact * 1e3:.3g} ms"
              + (f" | error vs exact: bargain {err_ours:.1e}, quantecon {err_qe:.1e}" if exact.exact
                 else f" | quantecon - bargain {err_qe:.1e} (no exact polygon)"))
    if ratios:
        print(f"median ratio quantecon / bargain (float): x{statistics.median(ratios):.3g} over {len(ratios)} games "
              f"(min x{min(ratios):.3g}); worst vertex error against the exact polygons: bargain {worst_ours:.1e}, "
              f"quantecon {worst_qe:.1e}")


if __name__ == "__main__":
    main()
