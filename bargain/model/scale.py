"""How large a game may be, and each player's payoff scale.

Two kinds of limits protect every reader and solver from tiny hostile inputs: a game has at most
:data:`MAX_PLAYERS` players and :data:`MAX_PAYOFF_ENTRIES` payoffs, checked in exact integer
arithmetic *before* anything is allocated (:func:`check_game_size`).

Verification is player by player: each player's regret is compared with ``1e-9`` times that
player's own payoff range (:func:`player_tolerances`), never with a tolerance scaled to the whole
game, where one player's large payoffs would hide another's regret.  :func:`normalise_per_player`
maps each player's payoffs onto [0, 1] without overflow (Nash equilibria are invariant under a
positive affine map of one player's payoffs: von Neumann and Morgenstern 1944; Osborne and
Rubinstein 1994, sec. 2.2), which the solvers and the batch engine use.

References
----------
Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*. MIT Press.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from bargain.errors import GameError

__all__ = ["MAX_PAYOFF_ENTRIES", "MAX_PLAYERS", "RELATIVE_TOLERANCE", "ROUNDING_ALLOWANCE", "check_game_size",
           "normalise_exact", "normalise_per_player", "player_tolerances"]

#: Relative tolerance for probabilities and regrets; each player's absolute regret tolerance is this
#: times that player's own payoff range (see :func:`player_tolerances`).
RELATIVE_TOLERANCE = 1e-9
#: Rounding allowance, relative to a player's largest absolute payoff, added to the tolerance: a
#: float computation cannot resolve payoff differences finer than this.
ROUNDING_ALLOWANCE = 64 * float(np.finfo(float).eps)


def normalise_per_player(payoffs: np.ndarray, n_players: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each player's payoffs mapped affinely onto [0, 1], without overflow, for a batch of games.

    Nash equilibria are unchanged by a positive affine map of any one player's payoffs, so solvers
    may work on the mapped game, whose every player has payoff range 1.

    Parameters
    ----------
    payoffs:
        Float array of shape ``batch + (n, s_1, ..., s_n)``.
    n_players:
        ``n``.

    Returns
    -------
    normalised, magnitude, spread:
        ``normalised`` has the shape of ``payoffs``; ``magnitude`` (shape ``batch + (n,)``) is each
        player's largest absolute payoff and ``spread`` their payoff range divided by it (in
        ``[0, 2]``; 0 for a player whose payoffs are all equal, whose normalised payoffs are 0).
        The range itself is ``magnitude * spread``, which may exceed the float range (±1e308 payoffs).
    """
    u = np.asarray(payoffs, dtype=float)
    lead = u.shape[:u.ndim - n_players]
    k = math.prod(u.shape[u.ndim - n_players:])
    # Each (game, player)'s payoffs down one column of a (k, N) array: the reductions then run across
    # contiguous rows (numpy's reductions over a short last axis are several times slower), and
    # every step after the first copy is in place.  Max and min are exact, so the result is the
    # same to the bit as the reductions over the trailing axes.
    if u.size == 0:
        return u.copy(), np.zeros(lead), np.zeros(lead)
    w = np.array(u.reshape(-1, k).T, order="C")                 # always a copy: scaled in place below
    mag = np.abs(w).max(axis=0)
    w /= np.where(mag > 0, mag, 1.0)
    lo = w.min(axis=0)
    spread = w.max(axis=0)
    spread -= lo
    w -= lo
    w /= np.where(spread > 0, spread, 1.0)
    w[:, spread == 0] = 0.0
    out = np.ascontiguousarray(w.T).reshape(u.shape)
    return out, mag.reshape(lead), spread.reshape(lead)


#: Most players a game may have (numpy arrays have at most 32 or 64 axes; the solvers need room for more).
MAX_PLAYERS = 30
#: Most payoff entries (players x pure profiles) a game may have: 4 million floats are 32 MB, and the
#: exact copy of a game read from a file several times that.
MAX_PAYOFF_ENTRIES = 4_000_000


def check_game_size(shape: Sequence[int], what: str = "the game") -> None:
    """Refuse a game whose payoff array would be too large, before anything is allocated.

    Parameters
    ----------
    shape:
        The number of strategies of each player (Python ints of any size: the product is exact).
    what:
        How the game is named in the message (e.g. the file it comes from).

    Raises
    ------
    GameError
        If there are more than :data:`MAX_PLAYERS` players, or more than :data:`MAX_PAYOFF_ENTRIES`
        payoffs; the message names the limit.
    """
    n = len(shape)
    if n > MAX_PLAYERS:
        raise GameError(f"{what} has {n} players; bargain handles at most {MAX_PLAYERS} (MAX_PLAYERS)")
    profiles = math.prod(int(s) for s in shape)
    entries = n * profiles
    if entries > MAX_PAYOFF_ENTRIES:
        def big(x: int) -> str:
            return f"{x:,}" if x < 10**15 else f"about 10^{len(str(x)) - 1}"

        shown = [str(int(s)) for s in shape] if n <= 6 else [*(str(int(s)) for s in shape[:4]), "..."]
        dims = " x ".join(shown)
        raise GameError(f"{what} is too large: {big(profiles)} profiles ({dims}) x {n} players = {big(entries)} "
                        f"payoffs; bargain handles at most {MAX_PAYOFF_ENTRIES:,} (MAX_PAYOFF_ENTRIES)")


def normalise_exact(payoffs: np.ndarray) -> np.ndarray:
    """:func:`normalise_per_player` in exact arithmetic, for an object array of Fractions ``(n, s_1, ..., s_n)``.

    Each player's payoffs are scaled to integers by their common denominator, so the map
    ``(u - lo) / (hi - lo)`` is one reduced fraction of integers an entry.

    Returns
    -------
    np.ndarray
        Each player's payoffs mapped exactly onto [0, 1] (all 0 for a player whose payoffs are equal).
    """
    out = np.empty(payoffs.shape, dtype=object)
    for i in range(payoffs.shape[0]):
        u = [x if type(x) is Fraction else Fraction(x) for x in payoffs[i].flat]
        den = math.lcm(*(x.denominator for x in u))
        ints = [x.numerator * (den // x.denominator) for x in u]
        lo, hi = min(ints), max(ints)
        span = hi - lo
        vals = [Fraction(v - lo, span) for v in ints] if span else [Fraction(0)] * len(ints)
        out[i] = np.array(vals, dtype=object).reshape(payoffs.shape[1:])
    return out


def player_tolerances(magnitude: np.ndarray, spread: np.ndarray) -> np.ndarray:
    """Each player's absolute regret tolerance from :func:`normalise_per_player`'s scales.

    ``1e-9`` times the player's payoff range plus a rounding allowance of ``64 eps`` times their
    largest absolute payoff (what float arithmetic can resolve); ``1e-9`` for a player whose
    payoffs are all zero.

    Parameters
    ----------
    magnitude, spread:
        As returned by :func:`normalise_per_player` (the range is ``magnitude * spread``).

    Returns
    -------
    np.ndarray
        One tolerance per player (never overflowing, even for payoffs near ±1e308).
    """
    tol = magnitude * (RELATIVE_TOLERANCE * spread + ROUNDING_ALLOWANCE)
    return np.where(magnitude > 0, tol, RELATIVE_TOLERANCE)
