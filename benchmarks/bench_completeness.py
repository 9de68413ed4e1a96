"""Three small degenerate or special n-player games: bargain's ``solve`` against Gambit's ``enumpoly``.

* McKelvey and McLennan's 2x2x2 example (9 equilibria, 2 totally mixed; its indifference
  equations factor, which is what elimination must handle), built from its payoffs in code;
* the 3x3x3 coordination game (everyone gets 1 when all three choose the same strategy; 13
  equilibria, a degenerate game), built in code;
* Gambit's ``condjury.efg`` (a 3-player jury tree, 4x4x4 reduced normal form), read from the
  folder given as the first argument when present (the file is not shipped with bargain).

Both sides are timed in this process in CPU seconds (median of a few runs; bargain's ``solve``
includes the completeness check: the index sum, and the independent route where the index
theorem does not apply) and the ratio is Gambit's time over bargain's (above 1: bargain is
faster).  CPU time rather than wall time, so that other work on the machine does not tilt the
ratio.
Run ``python -m benchmarks.bench_completeness [FOLDER]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

import bargain as bg
from benchmarks.timing import median_time, ratio_line


def mckelvey_mclennan() -> np.ndarray:
    P = np.zeros((3, 2, 2, 2), dtype=int)
    P[:, 0, 0, 0] = (9, 8, 12)
    P[:, 1, 1, 0] = (9, 8, 2)
    P[:, 1, 0, 1] = (3, 4, 6)
    P[:, 0, 1, 1] = (3, 4, 6)
    return P


def coordination_333() -> np.ndarray:
    P = np.zeros((3, 3, 3, 3), dtype=int)
    for k in range(3):
        P[:, k, k, k] = 1
    return P


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    import pygambit as gbt

    from bargain.io import read_game

    cases = []
    for name, P in (("2x2x2 McKelvey-McLennan", mckelvey_mclennan()), ("coord333", coordination_333())):
        cases.append((name, bg.Game(P), gbt.Game.from_arrays(*[P[i] for i in range(P.shape[0])])))
    if argv:
        path = Path(argv[0]) / "condjury.efg"
        if path.exists():
            cases.append(("condjury", read_game(path).reduced_normal_form(), gbt.read_efg(str(path))))
    for name, game, ggame in cases:
        ours = bg.solve(game)
        theirs = gbt.nash.enumpoly_solve(ggame)
        t_ours = median_time(lambda g=game: bg.solve(g), repeat=3, clock=time.process_time)
        t_theirs = median_time(lambda g=ggame: gbt.nash.enumpoly_solve(g), repeat=3, clock=time.process_time)
        print(ratio_line(name, t_ours, {"gambit enumpoly": t_theirs}))
        print(f"    equilibria: bargain {len(ours)} ({ours.completeness}, {len(ours.continua)} continua), "
              f"gambit {len(theirs.equilibria)}")


if __name__ == "__main__":
    main()
