"""Stick and carrot: one period of a harsh profile, then back to the target (Abreu 1986).

A deviation by player ``i`` is punished by one period of the *stick* profile ``s^i`` followed by
a return to the target ``a`` (the *carrot*); a deviation from a stick restarts the deviator's own
punishment.  With ``u``, ``d`` the stage and best-deviation payoffs, the one-shot deviation
conditions reduce (after dividing by ``1 - δ``) to constraints linear in δ: for every player ``i``

    δ (u_i(a) - u_i(s^i))  >=  max( d_i(a) - u_i(a),  max_j [d_i(s^j) - u_i(s^j)] ),

so each choice of sticks has an exact rational threshold, and the best sticks minimise it.
Abreu (1986) shows that for symmetric Cournot oligopoly the optimal symmetric punishment has
exactly this form; in the linear duopoly ``P = 1 - Q`` with zero cost it sustains the monopoly
outputs for ``δ >= 9/32`` (against ``9/17`` by Nash reversion).

References
----------
Abreu, D. (1986). Extremal equilibria of oligopolistic supergames. *Journal of Economic Theory*
39, 191-225.
Abreu, D. (1988). On the theory of infinitely repeated games with discounting. *Econometrica* 56,
383-396.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bargain.analysis.repeated._stage import as_game, profile_index, stage
from bargain.analysis.repeated.grim import summarise
from bargain.analysis.repeated.result import CriticalDelta
from bargain.errors import GameError

__all__ = ["stick_and_carrot"]

#: Largest number of stick combinations searched for player-specific sticks.
MAX_COMBINATIONS = 4_000_000


def _candidates(st: Any, sticks: Any) -> list[tuple[int, ...]]:
    if isinstance(sticks, str):
        if sticks == "all":
            return st.profiles()
        if sticks == "diagonal":
            if len(set(st.shape)) != 1:
                raise GameError("sticks='diagonal' needs every player to have the same number of strategies")
            return [(k,) * st.n for k in range(st.shape[0])]
        raise GameError(f"unknown sticks {sticks!r}: use 'all', 'diagonal' or a list of profiles")
    out = [profile_index(st.game, s) for s in sticks]
    if not out:
        raise GameError("no stick profiles given")
    return out


def _threshold(R: np.ndarray, L: np.ndarray) -> np.ndarray:
    """Float δ thresholds of ``δ L >= R`` (R >= 0), inf where no δ in [0, 1) works."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(R <= 0, np.where(L >= 0, 0.0, np.inf), np.where(L > 0, R / np.where(L > 0, L, 1.0), np.inf))
    return np.where(t < 1, t, np.inf)


def stick_and_carrot(game: Any, target: Sequence[int | str], *, sticks: Any = "all", common: bool = False,
                     values: Mapping[str, Any] | None = None, exact: bool | None = None) -> CriticalDelta:
    """The least δ at which a pure ``target`` is sustained by the best stick-and-carrot punishments.

    Parameters
    ----------
    game : Any
        The stage game (a Game, or a Model at ``values``).
    target : Sequence[int | str]
        The pure profile to sustain, by names or indices.
    sticks : Any, default 'all'
        The stick profiles to search: ``"all"`` pure profiles, ``"diagonal"`` (everyone plays the
        same strategy index: the symmetric punishments of Abreu 1986), or a list of profiles.
    common : bool, default False
        One stick for every deviator (True) or one per player (False, the default).
    exact : bool | None, optional
        Rational arithmetic (default: when the payoffs are rational).
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    CriticalDelta
        Exact when the payoffs are rational; ``punishment`` names each player's stick.

    Raises
    ------
    GameError
        For a malformed target or stick list, or too many stick combinations to search.

    References
    ----------
    Abreu (1986), sec. 3-4; Abreu (1988).
    """
    g = as_game(game, values, exact=exact)
    st = stage(g, exact)
    a = profile_index(g, target)
    cands = _candidates(st, sticks)
    n = st.n
    uf = np.asarray(st.u, dtype=float)
    df = np.asarray(st.d, dtype=float)
    idx = tuple(np.array(c) for c in zip(*cands, strict=True))
    U = uf[(slice(None), *idx)]                 # (n, K) payoff of each candidate
    E = df[(slice(None), *idx)] - U             # (n, K) deviation gain at each candidate
    gain = np.array([df[(i, *a)] - uf[(i, *a)] for i in range(n)])
    Ua = np.array([uf[(i, *a)] for i in range(n)])
    K = len(cands)
    if common:
        R = np.maximum(gain[:, None], E)
        T = _threshold(R, Ua[:, None] - U).max(axis=0)              # (K,)
        combos = [(k,) * n for k in np.flatnonzero(T.min() + 1e-9 >= T)] if np.isfinite(T.min()) else []
    else:
        if K ** n > MAX_COMBINATIONS:
            raise GameError(f"{K}^{n} stick combinations is too many to search; restrict sticks or use common=True")
        T = np.zeros((K,) * n)
        for i in range(n):
            # player i's R over all combinations: gain, and the deviation gains at every player's stick
            R_i = np.maximum(gain[i], _max_over_players(E[i], n, K))
            shape = [1] * n
            shape[i] = K
            L_i = (Ua[i] - U[i]).reshape(shape)
            T = np.maximum(T, _threshold(R_i, np.broadcast_to(L_i, (K,) * n)))
        best = T.min()
        combos = [tuple(int(x) for x in c) for c in np.argwhere(best + 1e-9 >= T)][:64] if np.isfinite(best) else []
    if not combos:
        per = [None] * n
        return summarise("stick and carrot", st, st.label(a), per, st.exact, ("no stick sustains the target",))
    best_val, best_per, best_combo = None, None, None
    for combo in combos:
        s = [cands[k] for k in combo]
        per = _exact_thresholds(st, a, s)
        val = None if any(x is None for x in per) else max(per)
        if val is not None and (best_val is None or val < best_val):
            best_val, best_per, best_combo = val, per, s
    if best_per is None:   # pragma: no cover - the float search only keeps finite thresholds
        return summarise("stick and carrot", st, st.label(a), [None] * n, st.exact, ("no stick sustains the target",))
    pun = tuple(f"{p}: one period of {st.label(s)}, then back to {st.label(a)}"
                for p, s in zip(g.players, best_combo, strict=True))
    return summarise("stick and carrot", st, st.label(a), best_per, st.exact, pun)


def _max_over_players(E_i: np.ndarray, n: int, K: int) -> np.ndarray:
    """``max_j E_i[s^j]`` over an n-dimensional grid of stick combinations (one axis per punished player)."""
    out = None
    for j in range(n):
        shape = [1] * n
        shape[j] = K
        x = E_i.reshape(shape)
        out = x if out is None else np.maximum(out, x)
    return np.broadcast_to(out, (K,) * n)


def _exact_thresholds(st: Any, a: tuple[int, ...], sticks: Sequence[tuple[int, ...]]) -> list[Any]:
    """Each player's δ threshold for sticks ``sticks[i]`` in the stage's arithmetic (None: never)."""
    out = []
    for i in range(st.n):
        R = max([st.d[(i, *a)] - st.u[(i, *a)]] + [st.d[(i, *s)] - st.u[(i, *s)] for s in sticks])
        L = st.u[(i, *a)] - st.u[(i, *sticks[i])]
        if R <= 0:
            out.append(0 * R if L >= 0 else None)
        elif L > 0 and R < L:
            out.append(R / L)
        else:
            out.append(None)
    return out

