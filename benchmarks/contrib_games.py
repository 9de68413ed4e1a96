"""Every .nfg/.efg game in a folder through bargain's CLI and through pygambit, side by side.

Usage::

    python -m benchmarks.contrib_games FOLDER [--timeout SECONDS] [--only NAME ...] [--markdown]
        [--output FILE]

``--output FILE`` also writes the table as Markdown to ``FILE`` (``benchmarks/CONTRIB.md`` is made
this way), with a header naming the versions and the time limit.

For each game file, ``bargain solve FILE --format json`` runs through bargain's real CLI path
(parsing, ``auto``, the completeness check) in a worker process, and pygambit runs in a second
one: ``enummixed_solve`` for two players (vertex enumeration of the reduced strategic form), and
``enumpoly_solve`` on the strategic form for more (McKelvey and McLennan 1996; Gambit's
``enumpoly``); a game whose Gambit solve times out is retried with ``lcp_solve`` (two players).
Both sides get the same limit of CPU time per game (``--timeout``, default 20 s; enforced by
``RLIMIT_CPU``, a worker past it is ended and restarted) and the times reported are CPU seconds,
so that a loaded machine changes neither the times nor which games time out.

The table lists file, its form (``nfg``, or ``tree`` for an ``.efg``: trees belong to the
extensive-form solvers), bargain's time / method / completeness claim, Gambit's time / method, the
equilibrium counts and the *agreement*:

* ``ok``: every Gambit equilibrium appears among bargain's (same profile within 1e-6 and same
  payoffs) or lies in one of bargain's continua (it is an equilibrium of the game and its support
  lies within the continuum's), and every equilibrium of bargain's verifies (regret at most its
  tolerance, as reported);
* ``ok (plans)``: a tree with perfect recall, which bargain answers in behaviour strategies: every
  Gambit equilibrium (mixed, of the reduced strategic form) has the realisation plans (von Stengel
  1996) of one of bargain's (``ok (plans, k in Nash subsets)``: ``k`` of them instead lie in one of
  the maximal Nash subsets bargain lists for a two-player tree), and every equilibrium of bargain's
  verifies (:func:`tree_plans_unmatched`);
* ``ok (payoffs)``: a tree whose plans cannot be compared (imperfect recall): every Gambit
  equilibrium has the payoff vector of one of bargain's.  A weaker check;
* ``MISS k``: ``k`` Gambit equilibria are not in bargain's answer (``MISS k plans`` /
  ``MISS k payoffs`` for a tree);
* ``-``: one side has no answer (time-out or error).

Strategies are matched by position: both programs list the strategies of an ``.nfg`` in file
order and the reduced strategies of an ``.efg`` in the same lexicographic order of the
information sets.  This is a harness, not a test: it prints, it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

SAME = 1e-6
#: A worker that has not answered after this many times its CPU limit (plus a minute) of wall time
#: is ended too (a machine so loaded that CPU time hardly advances).
WALL_FACTOR = 20


def _gambit_one(path: str, method: str) -> dict[str, Any]:
    """Solve one file with pygambit (runs inside a worker process); ``method="auto"`` picks
    ``enummixed`` for two players and ``enumpoly`` for more."""
    import pygambit as gbt

    game = gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)
    if method == "auto":
        method = "enummixed" if len(game.players) == 2 else "enumpoly"
    if method == "enummixed":
        res = gbt.nash.enummixed_solve(game, rational=False)
    elif method == "lcp":
        res = gbt.nash.lcp_solve(game, rational=False, use_strategic=True)
    else:
        res = gbt.nash.enumpoly_solve(game, use_strategic=True)
    eqs = []
    for e in res.equilibria:
        eqs.append({"profile": [[float(e[s]) for s in p.strategies] for p in game.players],
                    "payoffs": [float(e.payoff(p)) for p in game.players]})
    return {"method": method, "equilibria": eqs, "players": len(game.players)}


def _bargain_one(path: str, method: str) -> dict[str, Any]:
    """bargain's CLI, ``bargain solve FILE --format json``, in this (worker) process."""
    from click.testing import CliRunner

    from bargain.cli import cli

    out = CliRunner().invoke(cli, ["solve", path, "--format", "json", "--no-stability", "--quiet"])
    if out.exit_code != 0:
        text = (out.stderr or out.output or "").strip().splitlines() or [repr(out.exception)]
        return {"error": text[-1][:120]}
    return json.loads(out.stdout)


def _worker(conn: Any, side: str) -> None:
    """Worker process: solve each ``(path, method, cpu_seconds)`` received, under a CPU-time limit.

    The limit is ``RLIMIT_CPU``: past it the kernel ends the process (the parent sees a time-out).
    CPU time, unlike wall time, does not depend on what else the machine runs.
    """
    import resource

    one = _bargain_one if side == "bargain" else _gambit_one
    if side == "bargain":      # imports and first-call set-up are not part of any game's time
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            warm = Path(tmp) / "warm.nfg"
            warm.write_text('NFG 1 R "warm-up" { "1" "2" } { 2 2 }\n\n1 1 0 0 0 0 1 1\n')
            _bargain_one(str(warm), "auto")
    else:
        import pygambit  # noqa: F401
    conn.send("ready")
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    while True:
        path, method, limit = conn.recv()
        use = resource.getrusage(resource.RUSAGE_SELF)
        resource.setrlimit(resource.RLIMIT_CPU, (int(use.ru_utime + use.ru_stime + limit) + 1, hard))
        start = time.process_time()
        try:
            data = one(path, method)
        except Exception as exc:      # a harness: any failure is a row of the table
            data = {"error": f"{type(exc).__name__}: {exc}"[:120]}
        data["time"] = time.process_time() - start
        resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, hard))
        conn.send(data)


class Worker:
    """One side's worker process, restarted after a time-out (see :func:`_worker`)."""

    def __init__(self, side: str, limit: float) -> None:
        self.side, self.limit = side, limit
        self.proc: Any = None
        self.conn: Any = None

    def run(self, path: Path, method: str) -> dict[str, Any]:
        """The worker's answer for one file, or ``{"error": "timeout"}``."""
        if self.proc is None:
            ctx = mp.get_context("spawn")
            self.conn, child = ctx.Pipe()
            self.proc = ctx.Process(target=_worker, args=(child, self.side), daemon=True)
            self.proc.start()
            self.conn.recv()
        self.conn.send((str(path), method, self.limit))
        try:
            if self.conn.poll(WALL_FACTOR * self.limit + 60):
                return self.conn.recv()
        except EOFError:
            pass
        self.close()
        return {"time": self.limit, "error": "timeout"}

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.join()
            self.proc = None


def run_gambit(gambit: Worker, path: Path) -> dict[str, Any]:
    """pygambit on one file; two-player enumeration falls back to lcp on a time-out."""
    data = gambit.run(path, "auto")
    if data.get("error") == "timeout":
        again = gambit.run(path, "lcp")
        if "error" not in again and again.get("players") == 2:
            again["method"] = "lcp (enummixed timeout)"
            return again
        data.setdefault("method", "enummixed/enumpoly")
    return data


def _num(x: Any) -> float:
    """A number of the JSON output (a float, or an exact value written as a string like "3/4")."""
    return float(Fraction(x)) if isinstance(x, str) else float(x)


def _ours(data: dict[str, Any]) -> tuple[list[np.ndarray], list[np.ndarray], list[list[set[int]]]]:
    players = data["players"]
    strategies = data["strategies"]
    vecs, pays = [], []
    for e in data["equilibria"]:
        vecs.append(np.concatenate([[e["profile"][p][s] for s in strategies[i]] for i, p in enumerate(players)]))
        pays.append(np.array([_num(e["payoffs"][p]) for p in players]))
    conts = [[set(s) for s in c["support"]] for c in data.get("continua", [])]
    return vecs, pays, conts


def _payoffs_unseen(ours: dict[str, Any], theirs: dict[str, Any]) -> list[dict[str, Any]]:
    """Gambit's equilibria whose payoff vector none of bargain's has (trees)."""
    pays = [np.array([_num(e["payoffs"][p]) for p in ours["players"]]) for e in ours["equilibria"]]
    scale = SAME * max(1.0, _payoff_range(ours))
    return [e for e in theirs["equilibria"]
            if not any(np.max(np.abs(np.array(e["payoffs"]) - q)) <= scale for q in pays)]


def _plans_of(sf: Any, behaviour: dict[str, Any]) -> list[np.ndarray] | None:
    """Each player's realisation plan of an equilibrium printed in behaviour strategies (JSON), or
    None when an information set of the tree is not named in it."""
    tree = sf.game
    plans = []
    for p in range(len(sf.num_sequences)):
        x = np.zeros(sf.num_sequences[p])
        x[0] = 1.0
        for h in sf.player_infosets[p]:
            info = tree.infosets[h]
            moves = behaviour.get(info.label, {}).get("probabilities")
            if moves is None or any(a not in moves for a in info.actions):
                return None
            first, parent = int(sf.infoset_first[h]), int(sf.infoset_parent[h])
            for k, a in enumerate(info.actions):
                x[first + k] = x[parent] * _num(moves[a])
        plans.append(x)
    return plans


def _in_hull(point: np.ndarray, vertices: list[np.ndarray]) -> bool:
    """Whether ``point`` is a convex combination of ``vertices`` (non-negative least squares with
    the weights' sum appended as a row; residual at most 1e-7)."""
    from scipy.optimize import nnls

    M = np.vstack([np.array(vertices).T, np.ones(len(vertices))])
    _, residual = nnls(M, np.append(point, 1.0))
    return residual <= 1e-7


def tree_plans_unmatched(path: str, ours: dict[str, Any], theirs: list[dict[str, Any]]
                         ) -> tuple[list[dict[str, Any]], int] | None:
    """Gambit's equilibria of the tree at ``path`` whose realisation plans (von Stengel 1996) match
    none of bargain's, and how many of the matched ones only lie in a maximal Nash subset.

    Realisation plans are what a behaviour profile and a mixed profile of the reduced strategic form
    share (Kuhn 1953): Gambit's mixed profile, over the reduced strategies listed in the same order
    as bargain's, is mapped by ``plan_from_mixed``, and bargain's behaviour by ``x(h a) = x(σ(h))
    b(h)(a)``.  A plan profile that is not one of bargain's equilibria (within 1e-6) still matches when
    it lies in one of the maximal Nash subsets bargain lists for a two-player tree, conv(x's) x
    conv(y's) of the subset's extreme equilibria.  None when plans cannot be compared (a tree without
    perfect recall, or an information set bargain's answer does not name).
    """
    from bargain.errors import GameError
    from bargain.io import read_game
    from bargain.solvers.sequence_form.sequences import sequence_form

    try:
        sf = sequence_form(read_game(path))
    except GameError:
        return None
    plans = [_plans_of(sf, e.get("behaviour", {})) for e in ours["equilibria"]]
    if any(p is None for p in plans):
        return None
    n = len(sf.num_sequences)
    subsets = [s for c in ours.get("components", []) for s in c.get("nash_subsets", [])] if n == 2 else []
    unmatched, in_subsets = [], 0
    for e in theirs:
        mine = [sf.plan_from_mixed(p, e["profile"][p]) for p in range(n)]
        if any(all(np.max(np.abs(mine[p] - q[p])) <= SAME for p in range(n)) for q in plans):
            continue
        if any(all(_in_hull(mine[p], [plans[i][p] for i in s]) for p in range(2)) for s in subsets):
            in_subsets += 1
            continue
        unmatched.append(e)
    return unmatched, in_subsets


def agreement(ours: dict[str, Any], theirs: dict[str, Any], path: str | None = None) -> str:
    """``ok``, ``ok (plans)``, ``ok (payoffs)``, ``MISS k`` or ``-`` (see the module docstring);
    ``path`` is the game's file (a tree's plans are compared only when it is given)."""
    if "error" in ours or "error" in theirs:
        return "-"
    bad = sum(1 for e in ours["equilibria"] if not e["regret"] <= 1e-6 * max(1.0, _payoff_range(ours)))
    tail = f" BAD {bad}" if bad else ""
    if "strategies" not in ours:       # a tree answered in behaviour strategies
        compared = tree_plans_unmatched(path, ours, theirs["equilibria"]) if path is not None else None
        if compared is not None:
            unmatched, in_subsets = compared
            if unmatched:
                return f"MISS {len(unmatched)} plans{tail}"
            return ("ok (plans" + (f", {in_subsets} in Nash subsets)" if in_subsets else ")") + tail)
        unseen = _payoffs_unseen(ours, theirs)
        if unseen or bad:
            return (f"MISS {len(unseen)} payoffs" if unseen else "") + tail
        return "ok (payoffs)"
    vecs, pays, conts = _ours(ours)
    shape = [len(s) for s in ours["strategies"]]
    missed = 0
    for e in theirs["equilibria"]:
        if [len(x) for x in e["profile"]] != shape:
            return "shape differs"
        v = np.concatenate(e["profile"])
        u = np.array(e["payoffs"])
        if any(np.max(np.abs(v - w)) <= SAME and np.max(np.abs(u - q)) <= SAME * max(1.0, np.abs(u).max())
               for w, q in zip(vecs, pays, strict=True)):
            continue
        sup = [set(np.flatnonzero(np.array(x) > 1e-9).tolist()) for x in e["profile"]]
        if any(all(a <= b for a, b in zip(sup, c, strict=True)) for c in conts):
            continue
        missed += 1
    if missed or bad:
        return (f"MISS {missed}" if missed else "") + (f" BAD {bad}" if bad else "")
    return "ok"


def _payoff_range(data: dict[str, Any]) -> float:
    vals = [_num(v) for e in data["equilibria"] for v in e["payoffs"].values()]
    return float(np.ptp(vals)) if vals else 1.0


def _fmt_time(t: float) -> str:
    return f"{t:.2f}"


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and print the table (see the module docstring)."""
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(prog="python -m benchmarks.contrib_games")
    ap.add_argument("folder")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--output", default=None)
    args = ap.parse_args(argv)
    files = sorted(p for p in Path(args.folder).iterdir() if p.suffix in (".nfg", ".efg"))
    if args.only:
        files = [p for p in files if p.name in args.only or p.stem in args.only]
    sep = " | " if args.markdown else "  "
    header = ["file", "form", "bargain s", "bargain method", "gambit s", "gambit method", "ours", "gambit", "agreement"]
    print(sep.join(header), flush=True)
    rows: list[list[str]] = []
    bargain, gambit = Worker("bargain", args.timeout), Worker("gambit", args.timeout)
    totals = {"ok": 0, "complete": 0, "n": 0}
    for path in files:
        ours = bargain.run(path, "auto")
        theirs = run_gambit(gambit, path)
        agree = agreement(ours, theirs, str(path))
        if "error" in ours:
            method = f"({ours['error']})"
        else:
            claim = ours.get("evidence") or {}
            kind = claim.get("kind") if ours["complete"] else None
            method = ours["method"] + (f" complete/{kind}" if ours["complete"] else " incomplete")
        g_method = theirs.get("method", "?") + (f" ({theirs['error']})" if "error" in theirs else "")
        form = "tree" if path.suffix == ".efg" else "nfg"
        row = [path.name, form, _fmt_time(ours["time"]), method, _fmt_time(theirs.get("time", float("nan"))), g_method,
               str(len(ours.get("equilibria", []))) + (f"+{len(ours['continua'])}c" if ours.get("continua") else "")
               if "error" not in ours else "-",
               str(len(theirs["equilibria"])) if "error" not in theirs else "-", agree]
        totals["n"] += 1
        totals["ok"] += agree.startswith("ok")
        totals["complete"] += bool(ours.get("complete"))
        rows.append(row)
        print(sep.join(row), flush=True)
        if args.output:     # after every row, so that an interrupted run leaves the rows it has
            write_markdown(Path(args.output), header, rows, f"{totals['n']} of {len(files)} games so far",
                           args.timeout)
    bargain.close()
    gambit.close()
    summary = f"{totals['n']} games: {totals['ok']} agree with Gambit, {totals['complete']} claimed complete"
    print(summary)
    if args.output:
        write_markdown(Path(args.output), header, rows, summary, args.timeout)


def write_markdown(path: Path, header: list[str], rows: list[list[str]], summary: str, timeout: float) -> None:
    """Write the table as Markdown, with the versions and the time limit it was made with."""
    import platform

    import pygambit

    import bargain

    lines = ["# Gambit's contrib games: bargain against Gambit", "",
             f"Made by `python -m benchmarks.contrib_games FOLDER --output {path.name}` (bargain "
             f"{getattr(bargain, '__version__', '?')}, pygambit {pygambit.__version__}, Python "
             f"{platform.python_version()}); each side runs in its own worker process with a limit of "
             f"{timeout:g} s of CPU time per game, and the times are CPU seconds of the solve (bargain: its "
             "CLI, parsing and JSON output included; start-up excluded), so they do not depend on the "
             "machine's load.  Gambit: `enummixed` for two players (`lcp` when enumeration times out), "
             "`enumpoly` on the strategic form for more.  `form` is `tree` for an `.efg` "
             "(the extensive-form solvers' games) and `nfg` for a normal form; `agreement` is defined in "
             "the script's docstring.", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines += ["", summary, ""]
    path.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
