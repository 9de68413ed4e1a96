"""Assertions for pytest suites that check equilibria (ours and our users').

Each function raises ``AssertionError`` with a message a person can act on: which player gains by
deviating and how much, which equilibrium is missing from which list, or at which parameter value
an equilibrium breaks.

>>> import bargain as bg
>>> from bargain.testing import assert_equilibrium
>>> pd = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> assert_equilibrium(pd, (1, 1))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.game import Game
from bargain.model.numbers import format_number
from bargain.model.parameters import Model
from bargain.solvers.batch import solve_batch
from bargain.solvers.pure import pure_equilibrium_mask
from bargain.solvers.registry import solve
from bargain.solvers.result import Equilibrium, support_of

__all__ = [
    "assert_equilibrium",
    "assert_not_equilibrium",
    "assert_equilibria_equal",
    "assert_equilibria_contain",
    "assert_stable",
    "assert_unique_equilibrium",
]


def _profile_of(game: Game, item: Any) -> tuple[np.ndarray, ...]:
    if isinstance(item, Equilibrium):
        return item.profile
    return game.check_profile(item)


def _fmt_profile(game: Game, prof: Sequence[np.ndarray]) -> str:
    parts = []
    for i, x in enumerate(prof):
        used = ", ".join(f"{game.strategies[i][k]}={format_number(x[k], 6)}" for k in np.flatnonzero(x > 1e-9))
        parts.append(f"{game.players[i]}: {used}")
    return "(" + "; ".join(parts) + ")"


def assert_equilibrium(game: Game, profile: Any, tol: float | None = None) -> None:
    """Fail unless ``profile`` is a Nash equilibrium of ``game`` (regret <= ``tol``, default ``game.tolerance``)."""
    prof = _profile_of(game, profile)
    t = game.tolerance if tol is None else tol
    regrets = game.regrets(prof)
    if regrets.max() > t:
        i = int(np.argmax(regrets))
        v = game.deviation_payoffs(prof, i)
        k = int(np.argmax(v))
        raise AssertionError(
            f"{_fmt_profile(game, prof)} is not an equilibrium: {game.players[i]} gains "
            f"{regrets[i]:.6g} (> tolerance {t:.3g}) by switching to {game.strategies[i][k]}")


def assert_not_equilibrium(game: Game, profile: Any, tol: float | None = None) -> None:
    """Fail if ``profile`` is a Nash equilibrium of ``game``."""
    prof = _profile_of(game, profile)
    if game.is_nash(prof, tol):
        raise AssertionError(f"{_fmt_profile(game, prof)} is an equilibrium (regret {game.regret(prof):.3g})")


def _as_profiles(items: Any, game: Game | None) -> list[tuple[np.ndarray, ...]]:
    out = []
    for it in items:
        if isinstance(it, Equilibrium):
            out.append(it.profile)
        elif game is not None:
            out.append(game.check_profile(it))
        else:
            out.append(tuple(np.asarray(x, dtype=float) for x in it))
    return out


def _distance(p: Sequence[np.ndarray], q: Sequence[np.ndarray]) -> float:
    if len(p) != len(q) or any(a.shape != b.shape for a, b in zip(p, q, strict=True)):
        return float("inf")
    return max(float(np.abs(a - b).max()) for a, b in zip(p, q, strict=True))


def _game_of(*lists: Any) -> Game | None:
    for lst in lists:
        g = getattr(lst, "game", None)
        if isinstance(g, Game):
            return g
        for it in lst:
            if isinstance(it, Equilibrium):
                return it.game
    return None


def _unmatched(a: list, b: list, tol: float) -> tuple[list[int], list[int]]:
    """Greedy one-to-one matching of profiles within ``tol``; indices left unmatched in a and b."""
    used = set()
    missing_a = []
    for i, p in enumerate(a):
        j = next((j for j, q in enumerate(b) if j not in used and _distance(p, q) <= tol), None)
        if j is None:
            missing_a.append(i)
        else:
            used.add(j)
    return missing_a, [j for j in range(len(b)) if j not in used]


def assert_equilibria_equal(actual: Any, expected: Any, tol: float = 1e-9, game: Game | None = None) -> None:
    """Fail unless the two collections hold the same equilibria (as multisets, within ``tol`` in max norm).

    Items may be :class:`Equilibrium` objects or profiles (sequences of probability vectors).
    """
    g = game or _game_of(actual, expected)
    a, b = _as_profiles(actual, g), _as_profiles(expected, g)
    extra, missing = _unmatched(a, b, tol)
    if extra or missing:
        def show(p: Sequence[np.ndarray]) -> str:
            return _fmt_profile(g, p) if g is not None else str([np.round(x, 9).tolist() for x in p])
        lines = [f"equilibrium sets differ (tolerance {tol:g}): {len(a)} found, {len(b)} expected"]
        lines += [f"  missing: {show(b[j])}" for j in missing]
        lines += [f"  unexpected: {show(a[i])}" for i in extra]
        raise AssertionError("\n".join(lines))


def assert_equilibria_contain(actual: Any, expected: Any, tol: float = 1e-9, game: Game | None = None) -> None:
    """Fail unless every equilibrium in ``expected`` is (within ``tol``) in ``actual``."""
    g = game or _game_of(actual, expected)
    a, b = _as_profiles(actual, g), _as_profiles(expected, g)
    _, missing = _unmatched(a, b, tol)
    if missing:
        shown = "\n".join(f"  missing: {_fmt_profile(g, b[j]) if g else b[j]}" for j in missing)
        raise AssertionError(f"{len(missing)} expected equilibri{'um' if len(missing) == 1 else 'a'} not found:\n"
                             + shown)


def assert_unique_equilibrium(game: Game, expected: Any | None = None, tol: float = 1e-9, **solve_options: Any) -> None:
    """Fail unless ``bargain.solve(game)`` finds exactly one equilibrium (equal to ``expected`` if given)."""
    eqs = solve(game, **solve_options)
    if len(eqs) != 1:
        listed = "\n".join(f"  {_fmt_profile(game, e.profile)}" for e in eqs)
        raise AssertionError(f"expected a unique equilibrium, found {len(eqs)}:\n{listed}")
    if expected is not None:
        assert_equilibria_equal(eqs, [expected], tol, game)


def _support_key(game: Game, prof: Sequence[np.ndarray]) -> tuple[tuple[int, ...], ...]:
    return support_of(prof, tol=1e-7)


def assert_stable(
    model: Model,
    equilibrium: Any,
    over: Mapping[str, tuple[float, float]],
    at: Mapping[str, float] | None = None,
    points: int = 41,
    xtol: float = 1e-10,
    **solve_options: Any,
) -> None:
    """Fail if the equilibrium stops existing anywhere in the given parameter ranges.

    ``equilibrium`` is an :class:`Equilibrium` of ``model.game(**at)`` (or a profile, or a tuple of
    pure strategy names); it is identified along the way by its *support* (which strategies each
    player uses), so a mixed equilibrium whose probabilities move but whose support holds counts
    as the same equilibrium.  Each parameter in ``over`` is moved alone across its range
    (``points`` grid values, both ends included), the others held at ``at`` (default: the model's
    defaults); the whole grid is solved as one batch (:func:`bargain.solvers.batch.solve_batch`).
    On failure the break is located by bisection to ``xtol`` and the message names the
    parameter and the value where the equilibrium breaks (8 significant digits: the solvers'
    regret tolerance blurs the last few), and what the equilibria are just past it.
    """
    base = dict(at or {})
    game0 = model.game(**base)
    prof0 = _profile_of(game0, equilibrium) if not _is_name_tuple(equilibrium) else game0.pure_profile(equilibrium)
    if not game0.is_nash(prof0, max(game0.tolerance, 1e-7)):
        raise GameError(f"{_fmt_profile(game0, prof0)} is not an equilibrium of {model.name} at "
                        f"{base or 'its defaults'}; pass an equilibrium of model.game(**at)")
    key = _support_key(game0, prof0)

    def holds(name: str, value: float) -> tuple[bool, Any]:
        g = model.game(**{**base, name: value})
        eqs = solve(g, **solve_options)
        return any(_support_key(g, e.profile) == key for e in eqs), eqs

    key_mask = np.zeros(sum(game0.shape), dtype=bool)
    offsets = np.concatenate([[0], np.cumsum(game0.shape)[:-1]])
    for i, sup in enumerate(key):
        key_mask[offsets[i] + np.array(sup, dtype=int)] = True
    method = solve_options.get("method", "auto")

    def holds_on_grid(name: str, values: np.ndarray) -> np.ndarray:
        """``holds`` at every grid value at once: one batch of payoff tensors, solved as a batch."""
        P = model.payoffs(**{**base, name: values})
        if method == "pure":
            if any(len(sup) != 1 for sup in key):
                return np.zeros(len(values), dtype=bool)
            mask = pure_equilibrium_mask(P, game0.tolerance, n_players=model.n_players)
            return mask[(slice(None), *(sup[0] for sup in key))]
        res = solve_batch(P, n_players=model.n_players, method=method)
        used = np.nan_to_num(res.profiles, nan=0.0) > 1e-7
        valid = np.arange(res.max_count) < res.count[..., None]
        return ((used == key_mask).all(axis=-1) & valid).any(axis=-1)

    for name, (lo, hi) in over.items():
        param = model.parameter(name)
        if not (param.low <= lo <= hi <= param.high):
            raise GameError(f"range ({lo}, {hi}) for {name} must lie inside its bounds "
                            f"[{param.low}, {param.high}] with low <= high")
        grid = np.linspace(lo, hi, max(points, 2))
        start = base.get(name, param.default)
        start = float(np.clip(start, lo, hi))
        # Walk outward from the base value so the reported break is the nearest one.
        ok_grid = holds_on_grid(name, grid)
        up, down = np.flatnonzero(grid >= start), np.flatnonzero(grid <= start)[::-1]
        for direction in (up, down):
            good = start
            for g_index in direction:
                v, ok = grid[g_index], ok_grid[g_index]
                if ok:
                    good = float(v)
                    continue
                bad = float(v)
                while abs(bad - good) > xtol:
                    mid = 0.5 * (good + bad)
                    if holds(name, mid)[0]:
                        good = mid
                    else:
                        bad = mid
                _, eqs_bad = holds(name, bad)
                after = "; ".join(_fmt_profile(e.game, e.profile) for e in eqs_bad) or "none"
                raise AssertionError(
                    f"equilibrium {_fmt_profile(game0, prof0)} of {model.name} breaks at {name} = "
                    f"{0.5 * (good + bad):.8g} (asked to hold over [{lo:g}, {hi:g}]); just past it, at {name} = "
                    f"{bad:.10g}, the equilibria are: {after}")


def _is_name_tuple(x: Any) -> bool:
    return isinstance(x, tuple | list) and len(x) > 0 and all(isinstance(s, str) for s in x)
