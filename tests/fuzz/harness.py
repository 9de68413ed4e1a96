"""The fuzzers' harness: run one command line in process, with a time budget, and check the outcome.

Every outcome must be one of two: exit 0 with equilibria that verify (checked here with numpy, player
by player, not with bargain's own verifier), or exit 2 with exactly one line ``error: ...`` on
stderr.  No traceback, no other exit status, no run past the time budget, and an output file named
with ``--output`` is left exactly as it was when the command fails.

The example budget is ``BARGAIN_FUZZ_EXAMPLES`` (default 30 per fuzzer, derandomised so that
``make test`` is reproducible); ``make fuzz`` runs thousands of random ones.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

#: Examples per fuzzer: small and fixed in ``make test``, large in ``make fuzz``.
EXAMPLES = int(os.environ.get("BARGAIN_FUZZ_EXAMPLES", "30"))
#: Seconds one command may take before it counts as a hang.
TIME_BUDGET = float(os.environ.get("BARGAIN_FUZZ_SECONDS", "20"))

FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize="BARGAIN_FUZZ_EXAMPLES" not in os.environ,
                         suppress_health_check=list(HealthCheck), database=None)


class Hang(BaseException):
    """A command ran past :data:`TIME_BUDGET` (a BaseException, so no ``except Exception`` swallows it)."""


@contextlib.contextmanager
def time_budget(seconds: float = TIME_BUDGET) -> Iterator[None]:
    def expire(*_: Any) -> None:
        raise Hang(f"the command ran past its time budget of {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run(args: list[str], stdin: bytes | None = None) -> Result:
    """``bargain ARGS`` in process (as the console script runs it), within the time budget."""
    from bargain.cli import cli

    with time_budget():
        return CliRunner().invoke(cli, args, input=stdin, catch_exceptions=True)


def check_outcome(result: Result, what: str) -> Any:
    """Assert the outcome is exit 0 or a one-line exit 2; returns the parsed JSON stdout on exit 0."""
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{what}: {type(exc).__name__}: {exc}"
    assert result.exit_code in (0, 2), f"{what}: exit {result.exit_code}\n{result.stderr}"
    assert "Traceback" not in result.stderr, f"{what}: {result.stderr}"
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), f"{what}: {result.stderr!r}"
        return None
    return json.loads(result.stdout) if result.stdout.strip().startswith("{") else result.stdout


def regrets(payoffs: np.ndarray, profile: list[np.ndarray]) -> np.ndarray:
    """Each player's regret at ``profile``, by contracting the payoff tensor with numpy."""
    n = payoffs.shape[0]
    out = []
    for i in range(n):
        v = np.moveaxis(payoffs[i], i, 0)            # axes: i, then the others in order
        for j in reversed([j for j in range(n) if j != i]):
            v = v @ profile[j]                         # contracts the last remaining axis
        out.append(float(v.max() - v @ profile[i]))
    return np.array(out)


def assert_verified(payoffs: np.ndarray, report: dict[str, Any], what: str) -> None:
    """Every equilibrium in a ``solve --format json`` report has each player's regret within 1e-8 of
    that player's own payoff range (the payoffs divided by their largest magnitude first).

    An equilibrium of a game tree in behaviour strategies (``"behaviour"`` instead of ``"profile"``)
    is checked only through the regret the solver reports (a weaker check).
    """
    n = payoffs.shape[0]
    mag = np.abs(payoffs).reshape(n, -1).max(axis=1)
    u = payoffs / np.where(mag > 0, mag, 1.0).reshape((-1,) + (1,) * n)
    spread = np.array([np.ptp(u[i]) for i in range(n)])
    for eq in report["equilibria"]:
        if "profile" not in eq:
            # a game tree solved in behaviour strategies: only the solver's own regret figure is checked
            assert float(eq["regret"]) <= 1e-8 * float(np.max(mag) or 1.0), f"{what}: regret {eq['regret']}"
            continue
        profile = [np.array(list(eq["profile"][p].values()), dtype=float) for p in report["players"]]
        r = regrets(u, profile)
        assert np.all(r <= 1e-8 * spread + 1e-12), f"{what}: regrets {r * mag} at {profile}"


def untouched(path: Path, content: bytes) -> None:
    """The output file still holds ``content`` and nothing else appeared beside it."""
    assert path.read_bytes() == content
    assert [p.name for p in path.parent.iterdir()] == [path.name], list(path.parent.iterdir())
