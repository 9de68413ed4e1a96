"""Throttled progress reports from a solver's long loop.

A solver that accepts ``progress`` calls ``progress(done, total)`` as its work advances (the
command line shows it as ``done/total`` with an estimate of the time left).  :func:`ticker` wraps
such a callback so that a loop over ``total`` items can call it on every item and the callback
still runs at most about ``calls`` times, with ``done`` increasing and the last report
``(total, total)``.  With no callback it returns None, so a hot loop pays one ``is None`` test.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

__all__ = ["Progress", "progress_bar", "ticker"]

#: Seconds a library progress bar waits before it appears.  The command line sets it to one second
#: while a command runs (quick work shows no bar) and puts it back when the command ends.
BAR_DELAY = 0.0

#: A progress callback: ``progress(done, total)``.
Progress = Callable[[int, int], None]

#: Default largest number of reports per solve.
MAX_REPORTS = 100


def ticker(progress: Progress | None, total: int, calls: int = MAX_REPORTS) -> Callable[[int], None] | None:
    """A function ``tick(done)`` that forwards ``(done, total)`` to ``progress`` about ``calls`` times.

    Parameters
    ----------
    progress : callable or None
        The callback ``progress(done, total)``; None for no reports.
    total : int
        The number of steps of the work.
    calls : int, default 100
        The most reports forwarded (besides the final one).

    Returns
    -------
    callable or None
        ``tick(done)``: forwards ``(done, total)`` when ``done`` has passed the next of ``calls``
        evenly spaced marks or equals ``total``, and never a ``done`` lower than the last one
        forwarded; None when ``progress`` is None or ``total`` is not positive.
    """
    if progress is None or total <= 0:
        return None
    every = max(1, -(-total // max(1, calls)))
    last = [0]

    def tick(done: int) -> None:
        if done > last[0] and (done >= total or done - last[0] >= every):
            last[0] = min(done, total)
            progress(last[0], total)

    return tick


def progress_bar(total: int, desc: str, unit: str, *, leave: bool = True, disable: bool = False) -> Any:
    """A tqdm bar for a library loop: a widget in Jupyter, text on stderr elsewhere.

    It appears after :data:`BAR_DELAY` seconds, unless the user set ``TQDM_DELAY`` (tqdm reads its
    ``TQDM_*`` settings once, when it is first imported, so the delay is passed here instead).

    Parameters
    ----------
    total : int
        The number of steps.
    desc : str
        The bar's label.
    unit : str
        What one step is (``"pt"``, ``"draw"``).
    leave : bool, default True
        Keep the finished bar on screen.
    disable : bool, default False
        No bar (and no widget machinery).

    Returns
    -------
    tqdm.tqdm
        The bar, to use as a context manager.
    """
    if disable:
        from tqdm import tqdm
    else:
        from tqdm.auto import tqdm
    delay = {} if "TQDM_DELAY" in os.environ else {"delay": BAR_DELAY}
    return tqdm(total=total, desc=desc, unit=unit, leave=leave, disable=disable, dynamic_ncols=True, **delay)
