"""Three small degenerate or special n-player games: bargain's ``solve`` against Gambit's ``enumpoly``.

* McKelvey and McLennan's 2x2x2 example (9 equilibria, 2 totally mixed; its indifference
  equations factor, which is what elimination must handle), built from its payoffs in code;
* the 3x3x3 coordination game (everyone gets 1 when all three choose the same strategy; 13
  equilibria, a degenerate game), built in code;
* Gambit's ``condjury.efg`` (a 3-player jury tree with chance moves; 15 equilibria), from the copy
  kept with the tests (``tests/data/gambit_trees``) or from the folder given as the first argument.
  It is solved *on the tree* by both sides: bargain's ``solve`` (auto sends a tree to tree-enumpoly,
  whose completeness evidence is included) against Gambit's ``enumpoly_solve`` on behaviour
  supports (``use_strategic=False``).

Both sides are timed in this process in CPU seconds (median of a few runs; one for condjury, which
takes seconds; bargain's ``solve`` includes the completeness check: the index sum, and where the
index theorem does not apply the independent route on the supports no deterministic computation
solved, none for coord333) and the ratio is Gambit's time over
bargain's (above 1: bargain is faster).  CPU time rather than wall time, so that other work on the
machine does not tilt the ratio.
Run ``python -m benchmarks completeness`` or ``python -m benchmarks.bench_completeness [FOLDER]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

import bargain as bg
from benchmarks.timing import cold, median_time, ratio_line


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


#: Where the tests keep Gambit's condjury.efg.
TREES = Path(__file__).resolve().parents[1] / "tests" / "data" / "gambit_trees"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    import pygambit as gbt

    from bargain.io import read_game

    cases = []
    for name, P in (("2x2x2 McKelvey-McLennan", mckelvey_mclennan()), ("coord333", coordination_333())):
        cases.append((name, bg.Game(P), gbt.Game.from_arrays(*[P[i] for i in range(P.shape[0])]), {}, 3))
    folders = [Path(a) for a in argv if Path(a).is_dir()] + [TREES]
    path = next((f / "condjury.efg" for f in folders if (f / "condjury.efg").exists()), None)
    if path is not None:
        cases.append(("condjury (tree)", read_game(path), gbt.read_efg(str(path)), {"use_strategic": False}, 1))
    for name, game, ggame, opts, repeat in cases:
        ours = bg.solve(game)
        theirs = gbt.nash.enumpoly_solve(ggame, **opts)
        t_ours = median_time(lambda g=game: bg.solve(cold(g) if isinstance(g, bg.ExtensiveGame) else g), repeat=repeat,
                             clock=time.process_time)
        t_theirs = median_time(lambda g=ggame, o=opts: gbt.nash.enumpoly_solve(g, **o), repeat=repeat,
                               clock=time.process_time)
        print(ratio_line(name, t_ours, {"gambit enumpoly": t_theirs}))
        print(f"    equilibria: bargain {len(ours)} ({ours.completeness}, {len(ours.continua)} continua), "
              f"gambit {len(theirs.equilibria)}")


if __name__ == "__main__":
    main()
