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

__all__ = ["GameError", "VerificationError", "check_labels", "did_you_mean"]


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


def check_labels(keys: Iterable[object], labels: Iterable[str], owner: str, noun: str) -> None:
    """Raise :class:`GameError` for the first of ``keys`` that is not one of ``labels``.

    Parameters
    ----------
    keys : iterable
        The labels a user gave (keys of a mapping, or a single choice in a list).
    labels : iterable of str
        The valid labels, in order.
    owner : str
        What the labels belong to, as the message's subject (``"information set 'S'"``).
    noun : str
        What one label is (``"action"``, ``"type"``).

    Returns
    -------
    None
        When every key is a valid label.

    Raises
    ------
    GameError
        ``"<owner> has no <noun> 'k' (did you mean ...?); its <noun>s are [...]"``.
    """
    labels = list(labels)
    for key in keys:
        if key not in labels:
            raise GameError(f"{owner} has no {noun} {key!r}{did_you_mean(str(key), labels)}; "
                            f"its {noun}s are {labels}")
