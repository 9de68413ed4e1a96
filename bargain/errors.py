"""Errors that users can cause.

Every mistake a user can make (a payoff array of the wrong shape, a NaN payoff, an unknown
parameter, a value out of bounds, a file that does not parse) raises :class:`GameError` with a
message that names the thing that is wrong and says how to fix it.  The command line prints that
message on one line and exits with status 2.

:class:`VerificationError` is different: it means a solver produced a profile that is not an
equilibrium.  That is a bug in *bargain*, never a result, and it is not caught by the CLI.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["GameError", "VerificationError", "did_you_mean"]


class GameError(ValueError):
    """Bad input from a user: the message names what is wrong and how to fix it."""


class VerificationError(RuntimeError):
    """A solver produced a profile that fails verification (a bug in the solver)."""


def did_you_mean(name: str, valid: Iterable[str], n: int = 3) -> str:
    """A ``" (did you mean 'x'?)"`` suffix naming the closest valid names, or ``""``."""
    valid = list(valid)
    close = difflib.get_close_matches(name, valid, n=n, cutoff=0.5)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"

