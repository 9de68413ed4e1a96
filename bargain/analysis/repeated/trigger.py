"""Trigger strategies under imperfect public monitoring (Green and Porter 1984).

The players cannot see each other's actions, only a public signal ``y`` whose distribution
``π(y | a)`` depends on the action profile (observed trade through Dandong, say, given China's
hidden enforcement).  A *trigger strategy* cooperates (plays ``a^c``) until a signal in the trigger
set ``Y`` appears, then plays a stage equilibrium with payoffs ``n`` for ``T`` periods, then
cooperates again.  Punishments happen on the equilibrium path: cooperation breaks down with
probability ``p = π(Y | a^c)`` each period, and the pattern is one of cycles.

With ``x = 1 - δ^T`` (``x = 1`` for ``T = ∞``) the normalised value of a cooperative phase is

    V_i = n_i + (1 - δ)(u_i(a^c) - n_i) / (1 - δ + δ p x),

and the deviation of player ``i`` to ``b`` (stage gain ``g = u_i(b, a^c_-i) - u_i(a^c)``, trigger
probability ``q = π(Y | b, a^c_-i)``) does not pay iff

    g  <=  δ (q - p) x (u_i(a^c) - n_i) / (1 - δ + δ p x).

The right side grows with ``T`` while ``V`` falls with it, so the best policy punishes for the
shortest ``T`` that deters; that ``T`` rises with the deviation gain and with noise ``p`` and falls
with the informativeness ``q - p`` of the signal.  A cooperative phase lasts ``1 / p`` periods on
average, a cycle ``1 / p + T``.

References
----------
Green, E. J. and Porter, R. H. (1984). Noncooperative collusion under imperfect price
information. *Econometrica* 52, 87-100.
Tirole, J. (1988). *The Theory of Industrial Organization*. MIT Press, sec. 6.7.1.
Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*. Oxford UP, sec. 7.2.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from bargain.analysis.repeated._stage import Stage, as_game, check_delta, profile_index, stage
from bargain.analysis.repeated.grim import nash_punishments
from bargain.analysis.repeated.result import TriggerPolicy
from bargain.errors import GameError

__all__ = ["green_porter", "best_trigger", "check_signal"]

#: Grid on which the incentive margin is scanned for the critical δ (then refined by brentq).
_DELTA_GRID = np.linspace(1e-4, 1 - 1e-6, 2001)


def check_signal(game: Any, signal: Any) -> np.ndarray:
    """The signal distribution as a float array ``(*game.shape, S)`` whose last axis sums to 1.

    Raises
    ------
    GameError
        On a wrong shape, negative entries or rows not summing to 1.
    """
    try:
        s = np.asarray(signal, dtype=float)
    except (TypeError, ValueError):
        raise GameError("signal must be an array of probabilities of shape (*game.shape, n_signals)") from None
    if s.shape[:-1] != tuple(game.shape) or s.ndim != game.n_players + 1 or s.shape[-1] < 2:
        raise GameError(f"signal has shape {s.shape}; expected {(*game.shape, 'n_signals')} with at least two "
                        "signals: one distribution over signals per action profile")
    if np.any(s < 0) or not np.allclose(s.sum(axis=-1), 1.0, atol=1e-9):
        raise GameError("each action profile's signal distribution must be non-negative and sum to 1")
    return s


class _Setup:
    """The cooperative profile's payoffs, each deviation's gain and signal row, and the punishment."""

    def __init__(self, st: Stage, coop: tuple[int, ...], sig: np.ndarray, punishment: Any) -> None:
        self.u = np.array([float(st.u[(i, *coop)]) for i in range(st.n)])
        n_vals, self.pun_labels = nash_punishments(st, punishment)
        self.n = np.array([float(x) for x in n_vals])
        self.coop_row = sig[coop]
        dev = []                                   # (player, gain, signal row)
        for i in range(st.n):
            for b in range(st.shape[i]):
                if b == coop[i]:
                    continue
                prof = list(coop)
                prof[i] = b
                dev.append((i, float(st.u[(i, *prof)]) - self.u[i], sig[tuple(prof)]))
        self.dev = dev

    def margins(self, Y: np.ndarray, delta: np.ndarray, length: int | None) -> np.ndarray:
        """Incentive margins ``(n_dev, len(delta))`` of trigger set mask ``Y`` (>= 0: no deviation pays)."""
        p = float(self.coop_row[Y].sum())
        x = np.ones_like(delta) if length is None else 1 - delta ** length
        out = []
        for i, gain, row in self.dev:
            q = float(row[Y].sum())
            out.append(delta * (q - p) * x * (self.u[i] - self.n[i]) / (1 - delta + delta * p * x) - gain)
        return np.array(out).reshape(len(self.dev), -1)

    def value(self, Y: np.ndarray, delta: float, length: int | None) -> np.ndarray:
        p = float(self.coop_row[Y].sum())
        x = 1.0 if length is None else 1 - delta ** length
        return self.n + (1 - delta) * (self.u - self.n) / (1 - delta + delta * p * x)


def _critical(setup: _Setup, Y: np.ndarray, length: int | None) -> float | None:
    from scipy.optimize import brentq

    if not setup.dev:
        return 0.0
    m = setup.margins(Y, _DELTA_GRID, length).min(axis=0)
    if m[-1] < 0:
        return None
    bad = np.flatnonzero(m < 0)
    if len(bad) == 0:
        return 0.0
    k = int(bad[-1])
    lo, hi = _DELTA_GRID[k], _DELTA_GRID[k + 1]
    return float(brentq(lambda d: float(setup.margins(Y, np.array([d]), length).min()), lo, hi, xtol=1e-13))


def _policy(setup: _Setup, Y: np.ndarray, names: Sequence[str], delta: float, length: int | None) -> TriggerPolicy:
    p = float(setup.coop_row[Y].sum())
    ok = bool(setup.margins(Y, np.array([delta]), length).min() >= -1e-12) if setup.dev else True
    coop = float("inf") if p == 0 else 1 / p
    if length is None:
        cycle, share = float("inf"), (1.0 if p > 0 else 0.0)
    else:
        cycle, share = coop + length, (length * p / (1 + length * p))
    return TriggerPolicy(length, tuple(n for n, y in zip(names, Y, strict=True) if y),
                         tuple(float(v) for v in setup.value(Y, delta, length)), p, coop, cycle, share,
                         _critical(setup, Y, length), delta, ok)


def _prepare(game: Any, cooperate: Any, signal: Any, delta: Any, punishment: Any,
             signal_names: Sequence[str] | None, values: Mapping[str, Any] | None
             ) -> tuple[_Setup, list[str], float]:
    g = as_game(game, values)
    st = stage(g, False)
    sig = check_signal(g, signal)
    names = list(signal_names) if signal_names is not None else [f"y{k + 1}" for k in range(sig.shape[-1])]
    if len(names) != sig.shape[-1]:
        raise GameError(f"{len(names)} signal names for {sig.shape[-1]} signals")
    setup = _Setup(st, profile_index(g, cooperate), sig, punishment)
    return setup, names, float(check_delta(delta))


def _mask(trigger: Iterable[Any], names: Sequence[str]) -> np.ndarray:
    Y = np.zeros(len(names), dtype=bool)
    for t in trigger:
        k = names.index(t) if isinstance(t, str) and t in names else t
        if not isinstance(k, int | np.integer) or not 0 <= k < len(names):
            raise GameError(f"unknown trigger signal {t!r}; signals are {list(names)}")
        Y[k] = True
    if not Y.any() or Y.all():
        raise GameError("the trigger set must contain some signals but not all of them")
    return Y


def green_porter(game: Any, cooperate: Sequence[int | str], signal: Any, *, delta: Any, trigger: Iterable[Any],
                 length: int | None = None, punishment: Any = "worst", signal_names: Sequence[str] | None = None,
                 values: Mapping[str, Any] | None = None) -> TriggerPolicy:
    """One trigger strategy: its value, whether it is an equilibrium at ``delta``, its δ* and its cycles.

    Parameters
    ----------
    game : Any
        The stage game (a Game, or a Model at ``values``).
    cooperate : Sequence[int | str]
        The cooperative profile (names or indices).
    signal : Any
        Signal probabilities, shape ``(*game.shape, n_signals)``.
    delta : Any
        Discount factor in (0, 1).
    trigger : Iterable[Any]
        Signals (names or indices) that start a punishment.
    length : int | None, optional
        Punishment length T in periods; None for punishment for ever.
    punishment : Any, default 'worst'
        Stage equilibrium played in punishment (as in :func:`.grim.nash_punishments`).
    signal_names : sequence of str, optional
        Names of the signals (default their indices).
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).

    Returns
    -------
    TriggerPolicy
        The policy's value, whether it is an equilibrium at ``delta``, its δ* and its expected
        cycle lengths.

    Raises
    ------
    GameError
        For signal probabilities of the wrong shape or not distributions, signal names of the wrong
        number, or an unknown trigger signal.

    References
    ----------
    Green and Porter (1984); Tirole (1988), sec. 6.7.1.
    """
    setup, names, d = _prepare(game, cooperate, signal, delta, punishment, signal_names, values)
    if length is not None and (int(length) != length or length < 1):
        raise GameError(f"punishment length must be a whole number of periods >= 1 (or None), not {length!r}")
    return _policy(setup, _mask(trigger, names), names, d, None if length is None else int(length))


def best_trigger(game: Any, cooperate: Sequence[int | str], signal: Any, *, delta: Any, max_length: int = 100,
                 triggers: Iterable[Iterable[Any]] | None = None, punishment: Any = "worst",
                 signal_names: Sequence[str] | None = None, values: Mapping[str, Any] | None = None
                 ) -> TriggerPolicy | None:
    """The trigger strategy (trigger set and length T) with the highest joint value that is an equilibrium.

    Parameters
    ----------
    max_length : int, default 100
        Longest finite punishment tried (an infinite one is tried too).
    triggers : Iterable[Iterable[Any]] | None, optional
        Candidate trigger sets; default every nonempty proper subset of the signals (up to 12
        signals), else the sets of the ``k`` lowest-numbered signals.
    game : Game or Model
        The (stage) game: a :class:`Game`, or a :class:`Model` at ``values``.
    delta : number
        The common discount factor, in (0, 1).
    punishment : str, int or profile, default 'worst'
        The stage equilibrium reverted to: ``"worst"`` (each player's worst), an index into the
        stage equilibria, or a pure profile.
    signal_names : sequence of str, optional
        Names of the signals (default their indices).
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).
    cooperate : sequence of int or str
        The cooperative profile (names or indices).
    signal : array_like
        Signal probabilities, shape ``(*game.shape, n_signals)``.

    Returns
    -------
    TriggerPolicy or None
        None when no trigger strategy is an equilibrium at ``delta``.

    References
    ----------
    Green and Porter (1984); Abreu, Pearce and Stacchetti (1986) on optimal punishment lengths.
    """
    setup, names, d = _prepare(game, cooperate, signal, delta, punishment, signal_names, values)
    S = len(names)
    if triggers is None:
        if S <= 12:
            masks = [np.array(bits, dtype=bool) for bits in itertools.product((False, True), repeat=S)
                     if any(bits) and not all(bits)]
        else:
            masks = [np.arange(S) < k for k in range(1, S)]
    else:
        masks = [_mask(t, names) for t in triggers]
    lengths: list[int | None] = [*range(1, int(max_length) + 1), None]
    best, best_key = None, None
    darr = np.array([d])
    for Y in masks:
        for T in lengths:           # the shortest deterring T is best for this trigger set
            if setup.dev and setup.margins(Y, darr, T).min() < -1e-12:
                continue
            total = float(setup.value(Y, d, T).sum())
            key = (round(total, 12), -(T if T is not None else max_length + 1))
            if best_key is None or key > best_key:
                best, best_key = (Y, T), key
            break
    return None if best is None else _policy(setup, best[0], names, d, best[1])
