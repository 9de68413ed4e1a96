"""n-player trees: bargain's behaviour-support enumeration against pygambit's ``enumpoly_solve``.

Both run on the same trees, read from the same ``.efg`` files, in one process: bargain's
``tree-enumpoly`` (exact where the tree is rational) and pygambit 16.7's ``enumpoly_solve`` on the
tree (``use_strategic=False``: behaviour supports, as bargain).  The trees are Gambit's published
3- and 4-player games kept in ``tests/data/gambit_trees`` (``condjury`` and ``jury_un`` among them)
and, when the environment variable ``GAMBIT_GAMES`` names Gambit's folder, its ``jury_mr`` too.
Both sides do more than the other in places: bargain enumerates the behaviour a solution leaves
free (off the path, on a face) exactly and says whether its list is complete; Gambit lists
isolated solutions of supports over every set.  Times are CPU time (a loaded machine inflates
them less than wall time), medians of a few runs taken in turn (bargain, Gambit, bargain, ...),
each run repeated for at least 0.2 s; the factor is Gambit's time over bargain's (above 1:
bargain is faster), and each line says how many
equilibria each side found and what backs bargain's claim of completeness ("index": every set is
always reached and the indices of the regular equilibria sum to +1 in the agent normal form;
"enumeration": no support was settled by the homotopy or the four-player elimination;
"two-routes": those systems were also solved by a second route).

Run with ``python -m benchmarks tree_enumpoly``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from bargain.io.efg import read_efg
from bargain.solvers.tree_polynomial import tree_enumpoly_solve
from benchmarks.timing import cold, median_time, ratio_line

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "gambit_trees"
SMALL = ["2x2x2", "e05", "e06", "e08", "g1", "g2", "g3", "my_3-4", "2s2x2x2", "condjury", "jury_un"]
LARGE = ["jury_mr"]


def _files() -> list[tuple[Path, int]]:
    out = [(DATA / f"{n}.efg", 5) for n in SMALL]
    corpus = os.environ.get("GAMBIT_GAMES", "")
    if corpus and Path(corpus).is_dir():
        out += [(Path(corpus) / f"{n}.efg", 1) for n in LARGE if (Path(corpus) / f"{n}.efg").exists()]
    return out


def main(argv: list[str] | None = None) -> None:
    """Print one ratio line per tree."""
    try:
        import pygambit as gbt
    except ImportError:
        print("pygambit is not installed: nothing to compare against")
        return
    for path, repeat in _files():
        tree = read_efg(path)
        ggame = gbt.read_efg(str(path))
        ours = tree_enumpoly_solve(tree, exact=tree.is_exact)
        theirs = gbt.nash.enumpoly_solve(ggame, use_strategic=False).equilibria
        ours_t, theirs_t = [], []
        for _ in range(repeat):        # interleaved, so that a burst of load hits both sides alike
            ours_t.append(median_time(lambda tree=tree: tree_enumpoly_solve(cold(tree), exact=tree.is_exact), repeat=1,
                                      min_time=0.2, clock=time.process_time))
            theirs_t.append(median_time(lambda g=ggame: gbt.nash.enumpoly_solve(g, use_strategic=False), repeat=1,
                                        min_time=0.2, clock=time.process_time))
        t_ours, t_theirs = statistics.median(ours_t), statistics.median(theirs_t)
        claim = f"complete: {ours.evidence.kind}" if ours.complete else "not complete"
        label = (f"{path.stem} ({tree.n_players} players, {tree.num_nodes} nodes; bargain {len(ours)} equilibria, "
                 f"{claim}; gambit {len(theirs)})")
        print(ratio_line(label, t_ours, {"gambit enumpoly": t_theirs}))


if __name__ == "__main__":
    main(sys.argv[1:])
