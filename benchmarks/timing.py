"""Timing helpers shared by the benchmarks: medians of repeated runs, and ratio lines."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_time(func: Callable[[], Any], repeat: int = 5, min_time: float = 0.0,
                clock: Callable[[], float] = time.perf_counter) -> float:
    """Median time of ``func()`` over ``repeat`` runs (each run repeated until ``min_time``).

    ``clock`` is wall time by default; ``time.process_time`` gives CPU time, which a loaded
    machine does not inflate.
    """
    times = []
    for _ in range(repeat):
        calls, start = 0, clock()
        while True:
            func()
            calls += 1
            elapsed = clock() - start
            if elapsed >= min_time:
                break
        times.append(elapsed / calls)
    return statistics.median(times)


def cold(tree: Any) -> Any:
    """``tree`` (a :class:`bargain.ExtensiveGame`) without what it keeps between solves: its sequence
    form (and with it the admissible supports and dominance tables kept for that sequence form) and its
    reduced normal forms.  A timed solve of ``cold(tree)`` does all its work, as the reference library's
    solve of its own copy of the tree does."""
    tree._sequence_form = None
    tree._nf_cache.clear()
    return tree


def ratio_line(label: str, ours: float, theirs: dict[str, float]) -> str:
    """``label: bargain 1.2 ms | quantecon 7.0 ms (x5.8) | ...``; the factor is theirs / ours."""
    def fmt(t: float) -> str:
        return f"{t * 1e3:.3g} ms" if t < 1 else f"{t:.3g} s"
    parts = [f"bargain {fmt(ours)}"]
    parts += [f"{name} {fmt(t)} (x{t / ours:.3g})" for name, t in theirs.items()]
    return f"{label}: " + " | ".join(parts)
