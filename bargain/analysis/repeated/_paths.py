"""Target paths and their incentive constraints against a fixed punishment value.

A *target* is what the players are to do on the equilibrium path:

* a pure profile, played every period;
* a correlated profile: a lottery over pure profiles, drawn each period by a public device;
* a cycle (an alternating path): pure profiles ``a^0, a^1, ..., a^{L-1}`` played in turn.

Against a punishment that gives player ``i`` the normalised value ``w_i`` after any deviation of
theirs (Nash reversion, or the harshest punishment of an optimal penal code), the one-shot
deviation principle (Fudenberg and Tirole 1991, Thm 4.2) says the path is subgame perfect iff at
every period ``k`` and for every player ``i``

    (1 - δ) u_i(a^k) + δ V_i^{k+1}  >=  (1 - δ) d_i(a^k) + δ w_i,

``V^{k+1}`` the normalised value of the path from period ``k + 1`` on and ``d_i`` the best
one-shot deviation payoff.  For a stationary (pure or correlated) target the constraint is
linear in δ and its threshold is the exact rational ``g / (g + V_i - w_i)``, ``g = d_i - u_i``;
for a cycle of length ``L`` it is, after multiplying by ``(1 - δ^L) / (1 - δ)``, the polynomial

    h(δ) = (u_i(a^k) - d_i(a^k)) (1 - δ^L) + sum_{t=0}^{L-1} δ^{t+1} (u_i(a^{k+1+t}) - w_i)  >=  0,

whose largest sign change in (0, 1) is found from its real roots and confirmed exactly.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic
Studies* 38, 1-12.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, sec. 5.1.
Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*. Oxford UP, sec. 2.4.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.repeated._geometry import rationalise
from bargain.analysis.repeated._stage import Stage, profile_index
from bargain.errors import GameError
from bargain.model.numbers import to_fraction

__all__ = ["Target", "parse_target", "path_thresholds", "threshold_of"]


@dataclass(frozen=True)
class Target:
    """A parsed target: ``kind`` is ``"pure"``, ``"correlated"`` or ``"cycle"``."""

    kind: str
    profiles: tuple[tuple[int, ...], ...]
    weights: tuple[Any, ...]          # lottery weights (correlated); ones for pure and cycle
    label: str

    def value(self, st: Stage) -> tuple[Any, ...]:
        """Normalised value of the target from its first period (the cycle's average at δ → 1 is separate)."""
        return tuple(sum(w * st.u[(i, *a)] for w, a in zip(self.weights, self.profiles, strict=True))
                     for i in range(st.n))


def parse_target(st: Stage, target: Any) -> Target:
    """Read a target: a profile (names or indices), a ``{profile: probability}`` dict, or a list of profiles.

    Raises
    ------
    GameError
        If a profile is malformed or the lottery's probabilities are not positive and summing to 1.
    """
    g = st.game
    if isinstance(target, Mapping):
        profs, ws = [], []
        for prof, p in target.items():
            profs.append(profile_index(g, prof))
            ws.append(st.num(p))
        if any(w <= 0 for w in ws) or abs(float(sum(ws)) - 1.0) > 1e-12 or (st.exact and sum(ws) != 1):
            raise GameError("a correlated target needs positive probabilities summing to 1; got "
                            f"{list(target.values())}")
        label = " + ".join(f"{to_fraction(w) if st.exact else w} {st.label(a)}" for a, w in zip(profs, ws, strict=True))
        return Target("correlated", tuple(profs), tuple(ws), label)
    if isinstance(target, Sequence) and not isinstance(target, str) and target and all(
            isinstance(x, Sequence) and not isinstance(x, str) for x in target):
        profs = [profile_index(g, p) for p in target]
        if len(profs) == 1:
            return Target("pure", (profs[0],), (st.num(1),), st.label(profs[0]))
        label = " -> ".join(st.label(a) for a in profs) + " (cycle)"
        return Target("cycle", tuple(profs), tuple(st.num(1) for _ in profs), label)
    a = profile_index(g, target)
    return Target("pure", (a,), (st.num(1),), st.label(a))


def threshold_of(gain: Any, surplus: Any) -> Any:
    """δ solving ``δ (gain + surplus) >= gain`` for all larger δ: 0, a number in (0, 1), or None (never)."""
    if gain <= 0:
        return 0 * gain if surplus >= 0 else None      # gain = d - u is never negative
    if surplus <= 0:
        return None
    return gain / (gain + surplus)


def path_thresholds(st: Stage, tgt: Target, w: Sequence[Any]) -> tuple[list[Any], bool]:
    """Each player's critical δ for ``tgt`` against punishment values ``w``, and whether all are exact.

    ``None`` for a player means no δ < 1 makes their constraints hold.
    """
    n = st.n
    if tgt.kind in ("pure", "correlated"):
        V = tgt.value(st)
        out = []
        for i in range(n):
            worst: Any = 0 * V[i]
            for a in tgt.profiles:
                t = threshold_of(st.d[(i, *a)] - st.u[(i, *a)], V[i] - w[i])
                if t is None:
                    worst = None
                    break
                worst = max(worst, t)
            out.append(worst)
        return out, st.exact
    out, exact = [], st.exact
    L = len(tgt.profiles)
    for i in range(n):
        worst = 0.0 if not st.exact else Fraction(0)
        for k in range(L):
            a = tgt.profiles[k]
            gain = st.d[(i, *a)] - st.u[(i, *a)]
            coeffs = [0 * gain] * (L + 1)              # ascending powers of δ
            coeffs[0] += -gain
            coeffs[L] += gain
            for t in range(L):
                coeffs[t + 1] += st.u[(i, *tgt.profiles[(k + 1 + t) % L])] - w[i]
            r, r_exact = _last_sign_change(coeffs)
            if r is None:
                worst = None
                break
            exact = exact and r_exact
            worst = max(worst, r)
        out.append(worst)
    return out, exact


def _poly(coeffs: Sequence[Any], x: Any) -> Any:
    acc = 0 * coeffs[0]
    for c in reversed(coeffs):
        acc = acc * x + c
    return acc


def _last_sign_change(coeffs: Sequence[Any]) -> tuple[Any, bool]:
    """The least δ0 in [0, 1) with h >= 0 on [δ0, 1), or (None, _) when h < 0 arbitrarily close to 1.

    Returns the value and whether it is exact (a rational root confirmed by exact evaluation).
    """
    exact_coeffs = all(isinstance(c, Fraction) for c in coeffs)
    cf = np.array([float(c) for c in coeffs])
    if not np.any(cf):
        return (Fraction(0) if exact_coeffs else 0.0), exact_coeffs
    near_one = 1 - 1e-12
    if _poly(coeffs, Fraction(1) if exact_coeffs else 1.0) < 0 or float(_poly(cf, near_one)) < 0:
        return None, False
    roots = np.roots(cf[::-1]) if len(cf) > 1 else np.array([])
    real = sorted(r.real for r in roots if abs(r.imag) < 1e-9 and 0 < r.real < 1)
    # walk down from 1: the last root below which h is negative
    for r in reversed(real):
        below = r - 1e-9
        if below > 0 and _poly(cf, below) < 0:
            if exact_coeffs:
                q = rationalise(r, 10**9, 1e-12)
                if q is not None and _poly(coeffs, q) == 0:
                    return q, True
            return float(r), False
    return (Fraction(0) if exact_coeffs else 0.0), exact_coeffs
