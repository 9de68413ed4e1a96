"""Run every ``benchmarks/bench_*.py`` module's ``main()`` in one process and print its ratios.

Each benchmark times bargain and the reference libraries on the same seeded games, reports
medians, and prints ratios (reference time / bargain time; above 1 means bargain is faster).
Absolute times on a shared 2-core machine are noise; ratios measured in one process are not.
Run one benchmark with ``python -m benchmarks NAME`` (e.g. ``two_player``).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [a if a.startswith("bench_") else f"bench_{a}" for a in argv]
    unknown = [w for w in wanted if w not in names]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; available: {[n[6:] for n in names]}", file=sys.stderr)
        return 2
    for name in wanted or names:
        print(f"=== {name[6:]}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
