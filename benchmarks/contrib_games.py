"""Every .nfg/.efg game in a folder through bargain's CLI and through pygambit, side by side.

Usage::

    python -m benchmarks.contrib_games FOLDER [--timeout SECONDS] [--only NAME ...] [--markdown]
        [--output FILE]

``--output FILE`` also writes the table as Markdown to ``FILE`` (``benchmarks/CONTRIB.md`` is made
this way), with a header naming the versions and the time limit.

For each game file, ``bargain solve FILE --format json`` runs in a subprocess (bargain's real CLI
path: parsing, ``auto``, the completeness check) and so does pygambit in a second subprocess:
``enummixed_solve`` for two players (vertex enumeration of the reduced strategic form), and
``enumpoly_solve`` on the strategic form for more (McKelvey and McLennan 1996; Gambit's
``enumpoly``); a two-player game whose enumeration times out is retried with ``lcp_solve``.  Both
get the same time limit (a killed process counts as a time-out).

The table lists file, its form (``nfg``, or ``tree`` for an ``.efg``: trees belong to the
extensive-form solvers), bargain's time / method / completeness claim, Gambit's time / method, the
equilibrium counts and the *agreement*:

* ``ok``: every Gambit equilibrium appears among bargain's (same profile within 1e-6 and same
  payoffs) or lies in one of bargain's continua (it is an equilibrium of the game and its support
  lies within the continuum's), and every equilibrium of bargain's verifies (regret at most its
  tolerance, as reported);
* ``ok (payoffs)``: a tree, which bargain answers in behaviour strategies on the tree: every
  Gambit equilibrium (mixed, of the reduced strategic form) has the payoff vector of one of
  bargain's, and every equilibrium of bargain's verifies.  This is a weaker check than ``ok``;
* ``MISS k``: ``k`` Gambit equilibria are not in bargain's answer (``MISS k payoffs`` for a tree:
  ``k`` of Gambit's payoff vectors are not among bargain's);
* ``-``: one side has no answer (time-out or error).

Strategies are matched by position: both programs list the strategies of an ``.nfg`` in file
order and the reduced strategies of an ``.efg`` in the same lexicographic order of the
information sets.  This is a harness, not a test: it prints, it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

SAME = 1e-6


def _gambit_one(path: str, method: str) -> dict[str, Any]:
    """Solve one file with pygambit (runs inside the child process)."""
    import pygambit as gbt

    game = gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)
    start = time.perf_counter()
    if method == "enummixed":
        res = gbt.nash.enummixed_solve(game, rational=False)
    elif method == "lcp":
        res = gbt.nash.lcp_solve(game, rational=False, use_strategic=True)
    else:
        res = gbt.nash.enumpoly_solve(game, use_strategic=True)
    elapsed = time.perf_counter() - start
    eqs = []
    for e in res.equilibria:
        eqs.append({"profile": [[float(e[s]) for s in p.strategies] for p in game.players],
                    "payoffs": [float(e.payoff(p)) for p in game.players]})
    return {"method": method, "time": elapsed, "equilibria": eqs, "players": len(game.players)}


def _run(cmd: list[str], timeout: float) -> tuple[float, str | None, str]:
    start = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None, "timeout"
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        return elapsed, None, (out.stderr.strip().splitlines() or ["error"])[-1][:120]
    return elapsed, out.stdout, ""


def run_bargain(path: Path, timeout: float) -> dict[str, Any]:
    """bargain's CLI on one file: wall time, parsed JSON or an error string."""
    elapsed, out, err = _run([sys.executable, "-m", "bargain", "solve", str(path), "--format", "json",
                              "--no-stability", "--quiet"], timeout)
    if out is None:
        return {"time": elapsed, "error": err}
    data = json.loads(out)
    data["time"] = elapsed
    return data


def run_gambit(path: Path, players: int | None, timeout: float) -> dict[str, Any]:
    """pygambit on one file in a child process; two-player enumeration falls back to lcp on a time-out."""
    methods = ["enummixed", "lcp"] if players == 2 else ["enumpoly"]
    if players is None:
        methods = ["enumpoly"]
    last: dict[str, Any] = {}
    for method in methods:
        elapsed, out, err = _run([sys.executable, "-m", "benchmarks.contrib_games", "--gambit-one", str(path),
                                  method], timeout)
        if out is not None:
            data = json.loads(out)
            data["solve_time"], data["time"] = data["time"], elapsed    # wall time, as for bargain's CLI
            return data
        last = {"time": elapsed, "error": err, "method": method}
    return last


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


def _payoffs_seen(ours: dict[str, Any], theirs: dict[str, Any]) -> int:
    """How many of Gambit's equilibria have a payoff vector that none of bargain's has (trees)."""
    pays = [np.array([_num(e["payoffs"][p]) for p in ours["players"]]) for e in ours["equilibria"]]
    scale = SAME * max(1.0, _payoff_range(ours))
    return sum(1 for e in theirs["equilibria"]
               if not any(np.max(np.abs(np.array(e["payoffs"]) - q)) <= scale for q in pays))


def agreement(ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    """``ok``, ``ok (payoffs)``, ``MISS k`` or ``-`` (see the module docstring)."""
    if "error" in ours or "error" in theirs:
        return "-"
    bad = sum(1 for e in ours["equilibria"] if not e["regret"] <= 1e-6 * max(1.0, _payoff_range(ours)))
    if "strategies" not in ours:       # a tree answered in behaviour strategies: compare payoff vectors
        missed = _payoffs_seen(ours, theirs)
        if missed or bad:
            return (f"MISS {missed} payoffs" if missed else "") + (f" BAD {bad}" if bad else "")
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
    if argv and argv[0] == "--gambit-one":
        print(json.dumps(_gambit_one(argv[1], argv[2])))
        return
    ap = argparse.ArgumentParser(prog="python -m benchmarks.contrib_games")
    ap.add_argument("folder")
    ap.add_argument("--timeout", type=float, default=60.0)
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
    totals = {"ok": 0, "complete": 0, "n": 0}
    for path in files:
        ours = run_bargain(path, args.timeout)
        players = len(ours["players"]) if "players" in ours else None
        theirs = run_gambit(path, players, args.timeout)
        agree = agreement(ours, theirs)
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
             f"{platform.python_version()}); both sides run as subprocesses with a {timeout:g} s limit, "
             "wall times include start-up.  Gambit: `enummixed` for two players (`lcp` when enumeration "
             "times out), `enumpoly` on the strategic form for more.  `form` is `tree` for an `.efg` "
             "(the extensive-form solvers' games) and `nfg` for a normal form; `agreement` is defined in "
             "the script's docstring.", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines += ["", summary, ""]
    path.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
