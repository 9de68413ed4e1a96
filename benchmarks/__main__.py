"""Run every ``benchmarks/bench_*.py`` module's ``main()`` in one process and print its ratios.

Each benchmark times bargain and the reference libraries on the same seeded games, reports
medians, and prints ratios (reference time / bargain time; above 1 means bargain is faster).
Absolute times on a shared 2-core machine are noise; ratios measured in one process are not.
Run one benchmark with ``python -m benchmarks NAME`` (e.g. ``two_player``).

The output of each benchmark is also written to ``benchmarks/RESULTS.md``, one section per
benchmark headed by the machine's core count and the date; a run of some benchmarks replaces only
their sections (``make bench`` runs them all and so regenerates the whole file).
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import io
import os
import pkgutil
import re
import sys
from pathlib import Path


class _Tee(io.TextIOBase):
    """Write to the terminal and keep a copy."""

    def __init__(self, out: io.TextIOBase) -> None:
        self.out, self.buf = out, io.StringIO()

    def write(self, s: str) -> int:
        self.out.write(s)
        self.out.flush()
        return self.buf.write(s)


def _write_results(path: Path, sections: dict[str, str]) -> None:
    """Replace (or add) the ``## name`` sections of ``RESULTS.md``, keeping the others."""
    old = path.read_text() if path.exists() else ""
    parts = dict(re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", old, flags=re.S | re.M))
    parts.update(sections)
    head = ("# Benchmark results\n\nWritten by `make bench` (`python -m benchmarks`); each section by its last run. "
            "Ratios are reference time / bargain time, measured in one process (above 1: bargain is faster).\n\n")
    path.write_text(head + "".join(f"## {k}\n{parts[k].rstrip()}\n\n" for k in sorted(parts)))


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [a if a.startswith("bench_") else f"bench_{a}" for a in argv]
    unknown = [w for w in wanted if w not in names]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; available: {[n[6:] for n in names]}", file=sys.stderr)
        return 2
    stamp = f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores"
    failed = []
    for name in wanted or names:
        print(f"=== {name[6:]}", flush=True)
        tee = _Tee(sys.stdout)
        try:
            with contextlib.redirect_stdout(tee):
                importlib.import_module(f"benchmarks.{name}").main()
        except Exception as exc:      # one broken benchmark must not lose the others' results
            failed.append(name[6:])
            print(f"benchmark {name[6:]} failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            continue
        # each section is written as soon as its benchmark ends, so a long run keeps what it measured
        _write_results(here / "RESULTS.md", {name[6:]: f"({stamp})\n\n```text\n{tee.buf.getvalue().rstrip()}\n```\n"})
        print(flush=True)
    if failed:
        print(f"failed: {', '.join(failed)} (their sections in RESULTS.md are unchanged)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
