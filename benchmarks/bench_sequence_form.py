"""Game trees through the sequence form: ratios against pygambit, and linear size at scale.

1. Two-player trees (Kuhn poker and dealt-card poker built here, and Gambit's published trees
   when the environment variable ``GAMBIT_GAMES`` names their folder): bargain's Lemke on the
   sequence form (one start, as Gambit) against pygambit's ``lcp_solve`` on the same tree (read
   from the same .efg), both in exact arithmetic; and bargain's complete vertex enumeration on
   Kuhn poker.
2. Zero-sum "dealt card" trees with ``k`` private types and two betting rounds, from about 10^2
   to 10^5 nodes: time and memory (tracemalloc peak) per node of building the sequence form, and
   the time of the sequence-form LP (HiGHS, sparse) -- next to the number of reduced strategies
   of the first player, which the reduced normal form would need (it grows as ``c^k``).

3. Complete answers (``GAMBIT_GAMES`` trees): ``bargain.solve`` (``auto``) against pygambit's
   ``lcp_solve`` and ``enummixed`` (two players) and ``enumpoly`` (more players).

Run with ``python -m benchmarks sequence_form``.
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
import tracemalloc
from fractions import Fraction

import numpy as np

from bargain.model.extensive import Chance, Decision, ExtensiveGame, Terminal
from bargain.solvers.sequence_form import sequence_form
from bargain.solvers.sequence_form.enumeration import sequence_form_enumeration
from bargain.solvers.sequence_form.lemke import sequence_form_lcp
from bargain.solvers.sequence_form.zero_sum import sequence_form_lp
from benchmarks.timing import cold, median_time, ratio_line

CORPUS = os.environ.get("GAMBIT_GAMES", "")


def dealt_cards(k: int, seed: int = 0) -> ExtensiveGame:
    """Chance deals each player one of ``k`` cards; player 1 bets or checks, player 2 calls, folds
    or raises, player 1 answers a raise: zero-sum, one information set per (card, history)."""
    rng = np.random.default_rng(seed)
    strength = rng.permutation(k)
    deals = {}
    p = Fraction(1, k * k)
    for a in range(k):
        for b in range(k):
            win = int(np.sign(strength[a] - strength[b]))

            def t(v: int) -> Terminal:
                return Terminal(v, -v)
            raise_node = Decision("P1", {"fold": t(-2), "call": t(4 * win)}, infoset=f"1:{a}:br")
            after_bet = Decision("P2", {"fold": t(1), "call": t(2 * win), "raise": raise_node}, infoset=f"2:{b}:b")
            after_check = Decision("P2", {"check": t(win), "bet": Decision("P1", {"fold": t(-1), "call": t(2 * win)},
                                                                           infoset=f"1:{a}:cb")}, infoset=f"2:{b}:c")
            deals[f"{a}-{b}"] = (p, Decision("P1", {"check": after_check, "bet": after_bet}, infoset=f"1:{a}"))
    return ExtensiveGame(Chance(deals), players=("P1", "P2"), title=f"dealt cards k={k}")


def kuhn() -> ExtensiveGame:
    """Kuhn poker: dealt cards with k = 3 and no raise."""
    cards = (0, 1, 2)
    deals = {}
    for a in cards:
        for b in cards:
            if a == b:
                continue
            win = 1 if a > b else -1
            after_check = Decision("P2", {"check": Terminal(win, -win), "bet": Decision(
                "P1", {"fold": Terminal(-1, 1), "call": Terminal(2 * win, -2 * win)}, infoset=f"1:{a}:cb")},
                infoset=f"2:{b}:c")
            after_bet = Decision("P2", {"fold": Terminal(1, -1), "call": Terminal(2 * win, -2 * win)},
                                 infoset=f"2:{b}:b")
            deals[f"{a}-{b}"] = (Fraction(1, 6), Decision("P1", {"check": after_check, "bet": after_bet},
                                                           infoset=f"1:{a}"))
    return ExtensiveGame(Chance(deals), players=("P1", "P2"), title="Kuhn poker")


def _gambit_lcp(path: str):
    import pygambit as gbt

    g = gbt.read_efg(path)
    return lambda: gbt.nash.lcp_solve(g, rational=True)


def two_player_ratios() -> None:
    try:
        import pygambit  # noqa: F401
    except ImportError:
        print("pygambit not installed: ratios skipped")
        return
    from bargain.io.efg import read_efg, write_efg

    files = sorted(glob.glob(os.path.join(CORPUS, "*.efg"))) if CORPUS else []
    built = []
    trees = (("Kuhn poker", kuhn()), ("dealt cards k=3", dealt_cards(3)), ("dealt cards k=6", dealt_cards(6)))
    for name, tree in trees:
        path = os.path.join(tempfile.mkdtemp(), "tree.efg")
        write_efg(tree, path)
        built.append((name, path))
    for name, path in [*built, *((os.path.basename(f), f) for f in files)]:
        tree = read_efg(path)
        if tree.n_players != 2 or not tree.has_perfect_recall:
            continue
        ours = median_time(lambda t=tree: sequence_form_lcp(t, starts=1), repeat=3)
        theirs = median_time(_gambit_lcp(path), repeat=3)
        print(ratio_line(f"{name} lcp", ours, {"pygambit lcp_solve": theirs}), flush=True)


def _gambit(path: str, which: str):
    import pygambit as gbt

    g = gbt.read_efg(path)
    if which == "enumpoly":
        return lambda: gbt.nash.enumpoly_solve(g)
    if which == "enummixed":
        return lambda: gbt.nash.enummixed_solve(g, rational=True)
    return lambda: gbt.nash.lcp_solve(g, rational=True)


def complete_ratios(max_seconds: float = 30.0) -> None:
    """Complete answers against Gambit's on its published trees: two players, our every-extreme-
    equilibrium enumeration against ``lcp_solve`` (all equilibria its complementary pivoting
    reaches) and, where it ends within ``max_seconds`` once, ``enummixed`` on the reduced normal
    form; n players, our ``auto`` against ``enumpoly`` on the tree."""
    try:
        import pygambit as gbt
    except ImportError:
        print("pygambit not installed: ratios skipped")
        return
    import bargain as bg
    from bargain.io.efg import read_efg

    for path in sorted(glob.glob(os.path.join(CORPUS, "*.efg"))) if CORPUS else []:
        name = os.path.basename(path)
        tree = read_efg(path)
        try:
            gbt.read_efg(path)
        except ValueError:      # pygambit 16.7 refuses a few of its own files (duplicate node labels)
            continue
        t0 = time.perf_counter()
        first = bg.solve(tree)
        if time.perf_counter() - t0 > max_seconds:
            print(f"{name}: ours took {time.perf_counter() - t0:.1f} s once; not repeated", flush=True)
            continue
        ours = median_time(lambda t=tree: bg.solve(cold(t)), repeat=3)
        label = f"{name} {first.method} ({'complete' if first.complete else 'INCOMPLETE'}, {len(first)} eq.)"
        if tree.n_players == 2:
            theirs = {"pygambit lcp_solve": median_time(_gambit(path, "lcp"), repeat=3)}
            t1 = time.perf_counter()
            _gambit(path, "enummixed")()           # once, to see whether it ends in reasonable time
            if time.perf_counter() - t1 <= max_seconds:
                theirs["pygambit enummixed"] = median_time(_gambit(path, "enummixed"), repeat=3)
        else:
            t1 = time.perf_counter()
            _gambit(path, "enumpoly")()
            if time.perf_counter() - t1 > max_seconds:
                print(f"{label}: enumpoly took {time.perf_counter() - t1:.1f} s once; not repeated", flush=True)
                continue
            theirs = {"pygambit enumpoly": median_time(_gambit(path, "enumpoly"), repeat=3)}
        print(ratio_line(label, ours, theirs), flush=True)


def scaling() -> None:
    print("k   nodes   build s   build us/node   peak KB/node   LP s   plans of P1 (reduced form)")
    for k in (3, 10, 30, 60, 95):
        tree = dealt_cards(k)
        t0 = time.perf_counter()
        tracemalloc.start()
        sf = sequence_form(tree)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        build = time.perf_counter() - t0
        t1 = time.perf_counter()
        eqs = sequence_form_lp(tree, exact=False, sf=sf)
        lp = time.perf_counter() - t1
        plans = tree._count_plans(0)
        print(f"{k:<3} {tree.num_nodes:>7} {build:8.3f} {1e6 * build / tree.num_nodes:12.2f} "
              f"{peak / 1024 / tree.num_nodes:12.3f} {lp:7.3f}   {float(plans):.3g}  value {eqs[0].payoffs[0]:.5f}",
              flush=True)


def enumeration_small() -> None:
    tree = kuhn()
    ours = median_time(lambda: sequence_form_enumeration(tree), repeat=1)
    print(f"all extreme equilibria of Kuhn poker ({tree.num_nodes} nodes): {ours:.3g} s")


def main() -> None:
    complete_ratios()
    two_player_ratios()
    enumeration_small()
    scaling()


if __name__ == "__main__":
    main()
