"""Where in the prior each pure equilibrium of a two-type signalling game holds, in closed form.

For a pure sender strategy ``s`` and pure responses ``ρ`` at the sent messages, three of the four equilibrium
conditions do not involve the prior: the types' incentive constraints, and the receiver's
best responses at unsent messages (any belief will do there).  The fourth, the receiver's best
response at a sent message ``m`` to the Bayes belief over the types pooling on ``m``, is
``Σ_{t: s(t)=m} p(t) [u_R(t, m, ρ(m)) - u_R(t, m, r)] >= 0`` for every ``r``: *linear* in the
prior.  With two types and ``μ = p(t_2)``, each such inequality is ``a μ + b (1 - μ) >= 0``, so
each equilibrium holds on a closed interval of ``μ``, whose ends are solved exactly; no grid of
priors is solved (Fudenberg and Tirole 1991, sec. 8.2; the linearity is the one Kohlberg and
Mertens 1986 use for the prior).  The interior ends are the *thresholds*: the μ at which a
pooling equilibrium breaks, or a separating one appears.

References
----------
Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 8.2.  Spence, M. (1973). Job market
signaling. *QJE* 87, 355-374.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.bayesian import type_partition
from bargain.model.numbers import format_number
from bargain.model.signalling import SignallingGame
from bargain.solvers.sequential.signalling import best_response_beliefs

__all__ = ["PriorRegion", "pure_equilibrium_mask", "prior_regions", "prior_thresholds"]


@dataclass(frozen=True)
class PriorRegion:
    """One pure equilibrium and the closed interval ``[low, high]`` of ``μ`` where it holds.

    Attributes
    ----------
    messages: the message each type sends.
    responses: the receiver's response to each sent message (``"-"`` at unsent ones, where any
        sustaining response will do; the prior does not matter there).
    kind: ``"pooling"``, ``"separating"`` or ``"hybrid"``.
    low, high: the interval of the prior probability of the second type.
    """

    messages: tuple[str, ...]
    responses: tuple[str, ...]
    kind: str
    low: Any
    high: Any

    def describe(self, types: tuple[str, ...], messages: tuple[str, ...]) -> str:
        s = ", ".join(f"{t} -> {m}" for t, m in zip(types, self.messages, strict=True))
        r = ", ".join(f"{m} -> {x}" for m, x in zip(messages, self.responses, strict=True))
        return f"{self.kind} ({s}; {r}) for mu in [{format_number(self.low)}, {format_number(self.high)}]"


def prior_regions(game: SignallingGame, *, exact: bool | None = None) -> list[PriorRegion]:
    """Every pure equilibrium of a two-type signalling game, with the interval of priors where it holds.

    Parameters
    ----------
    game : SignallingGame
        a signalling game with two sender types (its own prior is ignored).
    exact : bool | None, optional
        Fractions (default: when the payoffs are rational).

    Returns
    -------
    list of PriorRegion
        One :class:`PriorRegion` per pure equilibrium that holds for some ``μ = p(second type)`` in
        ``[0, 1]``, intervals closed.

    Raises
    ------
    GameError
        If the game does not have exactly two types.

    References
    ----------
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 8.2.  Spence, M. (1973). Job market
    signaling. *QJE* 87, 355-374.
    """
    if len(game.sender_types) != 2:
        raise GameError(f"prior regions are for two sender types; this game has {len(game.sender_types)}")
    ex = (game.is_exact and game._u_exact is not None) if exact is None else bool(exact)
    uS, uR = game.payoff_arrays(exact=ex)
    T, M, _ = uS.shape
    avail = [tuple(int(r) for r in np.flatnonzero(game.response_mask[m])) for m in range(M)]
    zero, one = (Fraction(0), Fraction(1)) if ex else (0.0, 1.0)
    some = {(m, r): bool(best_response_beliefs(uR, m, [r], [0, 1], exact=ex, want_vertices=False))
            for m in range(M) for r in avail[m]}
    out = []
    for s in itertools.product(range(M), repeat=T):
        used = sorted(set(s))
        for on in itertools.product(*(avail[m] for m in used)):
            rho = dict(zip(used, on, strict=True))
            pay = [uS[t, s[t], rho[s[t]]] for t in range(T)]
            if any(uS[t, m, rho[m]] > pay[t] for t in range(T) for m in used):
                continue                                   # a type prefers another sent message
            if any(not any(some[(m, r)] and all(uS[t, m, r] <= pay[t] for t in range(T)) for r in avail[m])
                   for m in range(M) if m not in rho):
                continue                                   # an unsent message cannot be deterred
            lo, hi = zero, one
            for m in used:
                pool = [t for t in range(T) if s[t] == m]
                for r in avail[m]:
                    # sum over pooled types of p(t) * d(t) >= 0 with p = (1 - mu, mu)
                    d = [uR[t, m, rho[m]] - uR[t, m, r] if t in pool else zero for t in range(T)]
                    a, b = d[1] - d[0], d[0]          # b + a mu >= 0
                    if a > 0:
                        lo = max(lo, -b / a)
                    elif a < 0:
                        hi = min(hi, -b / a)
                    elif b < 0:
                        lo, hi = one, zero
            if lo <= hi and hi > 0 and lo < 1:         # holds for some prior with both types possible
                kind = type_partition({t: tuple(int(m == s[t]) for m in range(M)) for t in range(T)}).kind
                out.append(PriorRegion(tuple(game.messages[m] for m in s),
                                       tuple(game.responses[rho[m]] if m in rho else "-" for m in range(M)),
                                       kind, lo, hi))
    return out


def prior_thresholds(game: SignallingGame, *, exact: bool | None = None) -> list[tuple[Any, str]]:
    """The priors strictly inside (0, 1) where a pure equilibrium appears or breaks, with what happens.

    Parameters
    ----------
    game : SignallingGame
        a two-type signalling game.
    exact : bool | None, optional
        Fractions (default: when the payoffs are rational).

    Returns
    -------
    list of (number, str)
        ``[(μ, sentence), ...]`` sorted by ``μ``, where ``μ`` is the prior of the second type.

    References
    ----------
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 8.2.  Spence, M. (1973). Job market
    signaling. *QJE* 87, 355-374.
    """
    out = []
    t = game.sender_types
    for reg in prior_regions(game, exact=exact):
        what = reg.describe(t, game.messages).split(" for mu")[0]
        if reg.low > 0:
            out.append((reg.low, f"{what} holds from here up"))
        if reg.high < 1:
            out.append((reg.high, f"{what} breaks above here"))
    return sorted(out, key=lambda x: float(x[0]))


def pure_equilibrium_mask(uS: np.ndarray, uR: np.ndarray, prior: np.ndarray, messages: Sequence[int],
                          responses: Mapping[int, int], *, tol: float = 1e-9) -> np.ndarray:
    """Where a pure profile is a sequential equilibrium, over a batch of signalling games with two responses.

    The conditions of :func:`prior_regions`, evaluated as array operations: each type's message
    is a best reply to the responses at the sent messages; the response to each sent message is
    a best reply to the Bayes belief on the types that send it; every unsent message is deterred
    by a response that is a best reply to some belief (with two responses, to a belief on one
    type: the receiver's payoff difference is linear in the belief) and gives no type more than
    its equilibrium payoff.

    Parameters
    ----------
    uS, uR: ``batch + (types, messages, 2)`` sender and receiver payoffs.
    prior: ``batch + (types,)``.
    messages: the message (index) each type sends.
    responses: ``{message index: response index}`` at every sent message.
    tol: slack for ties (ties count as best replies).

    Returns
    -------
    A boolean array of the batch shape.

    Raises
    ------
    GameError
        If there are not two responses, or ``responses`` does not cover exactly the sent messages.
    """
    uS, uR, prior = np.asarray(uS, dtype=float), np.asarray(uR, dtype=float), np.asarray(prior, dtype=float)
    T, M, R = uS.shape[-3:]
    if R != 2:
        raise GameError(f"pure_equilibrium_mask is for two responses; this game has {R}")
    sent = sorted(set(messages))
    if sorted(responses) != sent:
        raise GameError(f"give a response to each sent message {sent}, got {sorted(responses)}")
    pay = np.stack([uS[..., t, messages[t], responses[messages[t]]] for t in range(T)], axis=-1)
    ok = np.ones(uS.shape[:-3], dtype=bool)
    for m in sent:
        ok &= (uS[..., :, m, responses[m]] <= pay + tol).all(axis=-1)
        pool = np.array([messages[t] == m for t in range(T)])
        r = responses[m]
        gain = (prior[..., pool] * (uR[..., pool, m, r] - uR[..., pool, m, 1 - r])).sum(axis=-1)
        ok &= gain >= -tol
    for m in range(M):
        if m in sent:
            continue
        deterred = np.zeros_like(ok)
        for r in range(2):
            some_belief = (uR[..., :, m, r] >= uR[..., :, m, 1 - r] - tol).any(axis=-1)
            deterred |= some_belief & (uS[..., :, m, r] <= pay + tol).all(axis=-1)
        ok &= deterred
    return ok
