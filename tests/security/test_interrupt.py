"""Issue item 17: Ctrl-C in ``montecarlo`` stops the worker pool and exits within a second, once;
a second Ctrl-C prints no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bargain

ROOT = Path(bargain.__file__).resolve().parent.parent


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _as_a_terminal_job() -> None:
    """Start the command with Ctrl-C at its default, as a terminal's foreground job has it.  A test run
    launched in the background of a non-interactive shell inherits SIGINT ignored, and Python then
    never raises KeyboardInterrupt: the command would rightly keep running."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
def test_ctrl_c_in_montecarlo_exits_at_once_and_stops_the_workers() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TQDM_DISABLE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "bargain", "montecarlo", "sanctions_triangle", "--samples",
                             "2000000", "--workers", "2", "--vary", "refugee_risk=0:1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_as_a_terminal_job)
    time.sleep(6)                                   # the pool is busy with chunks by now
    assert proc.poll() is None, proc.communicate()
    sent = time.perf_counter()
    os.killpg(proc.pid, signal.SIGINT)              # what the terminal does: the whole foreground group
    time.sleep(0.2)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)          # an impatient second Ctrl-C
    try:
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    elapsed = time.perf_counter() - sent
    text = err.decode(errors="replace")
    assert proc.returncode == 130, text
    assert "aborted" in text and "Traceback" not in text, text
    assert elapsed < 2.0, f"took {elapsed:.2f} s to exit after Ctrl-C"
    deadline = time.time() + 2.0
    while _group_alive(proc.pid) and time.time() < deadline:
        time.sleep(0.05)
    assert not _group_alive(proc.pid), "worker processes outlived the command"
