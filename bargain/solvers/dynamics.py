"""Learning dynamics for n-player games: replicator dynamics, its Jacobian, and fictitious play.

**Multi-population replicator dynamics** (Taylor and Jonker 1978; Hofbauer and Sigmund 1998,
*Evolutionary Games and Population Dynamics*, ch. 10; Weibull 1995, ch. 5): each player ``i`` is a
population whose share ``x_ik`` of strategy ``k`` grows at the rate by which that strategy's payoff
beats the population average,

    dx_ik/dt = F_ik(x) = x_ik (v_i(k; x_-i) - u_i(x)),      u_i(x) = sum_k x_ik v_i(k; x_-i).

The product of simplices is invariant, and every Nash equilibrium is a rest point.  Its Jacobian
(derived by differentiating ``F``; ``M_ij[k, l] = d v_i(k) / d x_jl`` is player ``i``'s payoff matrix
against player ``j`` with the other players' mixtures contracted in)

    dF_ik/dx_il = delta_kl (v_ik - u_i) - x_ik v_il
    dF_ik/dx_jl = x_ik (M_ij[k, l] - sum_k' x_ik' M_ij[k', l])          (j != i)

maps the tangent space ``T = {z : sum_k z_ik = 0 for every i}`` into itself at every profile of the
product of simplices; the
eigenvalues of its restriction to ``T`` decide linear stability of a rest point (all real parts
negative: asymptotically stable, by Lyapunov's indirect method; a Nash equilibrium that is
asymptotically stable under the multi-population dynamics is strict, Ritzberger and Weibull 1995;
Hofbauer and Sigmund 1998, sec. 10.4).

**Fictitious play** (Brown 1951; Robinson 1951; Fudenberg and Levine 1998, *The Theory of
Learning in Games*, ch. 2): each round every player best-responds to the empirical frequencies of
the others' past play; the empirical frequencies converge to equilibrium in two-player zero-sum
games (Robinson 1951), in potential games (Monderer and Shapley 1996) and in 2x2 games (Miyasawa
1961), and cycle
in Shapley's (1964) 3x3 example.

All payoff evaluations are array operations: :func:`deviation_payoffs` and :func:`replicator_field`
accept profiles with any leading batch shape.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.integrate import solve_ivp

from bargain.errors import GameError
from bargain.model.game import Game

__all__ = [
    "FictitiousPlay",
    "ReplicatorTrajectory",
    "cross_payoff_matrices",
    "deviation_payoffs",
    "fictitious_play",
    "replicator_batch",
    "replicator_field",
    "replicator_jacobian",
    "replicator_trajectory",
    "tangent_eigenvalues",
    "tangent_eigenvalues_batch",
]

_LETTERS = string.ascii_lowercase


def _einsum_contract(u: np.ndarray, profile: Sequence[np.ndarray], keep: Sequence[int]) -> np.ndarray:
    """Contract the strategy axes of ``u`` (shape ``s_1..s_n``) with every profile[j], j not in ``keep``.

    ``profile[j]`` may carry leading batch axes (the same for all players); the result has shape
    ``(*batch, s_keep[0], s_keep[1], ...)`` with the kept axes in the order given.
    """
    n = u.ndim
    if n > len(_LETTERS):
        raise GameError(f"games with more than {len(_LETTERS)} players are not supported")
    axes = _LETTERS[:n]
    operands: list[Any] = [u]
    terms = [axes]
    for j in range(n):
        if j not in keep:
            operands.append(profile[j])
            terms.append("..." + axes[j])
    spec = ",".join(terms) + "->..." + "".join(axes[k] for k in keep)
    # a contraction path pays off only on large tensors: finding one costs ~0.1 ms a call
    return np.einsum(spec, *operands, optimize=n > 3 and u.size > 4096)


class _Raw(tuple):
    """A tuple of arrays that :func:`_as_profile` passes through without simplex validation (internal)."""


def _as_profile(game: Game, profile: Any) -> tuple[np.ndarray, ...]:
    """A (possibly batched) profile as float arrays; an unbatched one is validated by ``check_profile``."""
    if isinstance(profile, _Raw):
        return profile
    try:
        items = [x if isinstance(x, int | str) else np.asarray(x, dtype=float) for x in profile]
    except (TypeError, ValueError):
        raise GameError(f"a profile must be a sequence of {game.n_players} probability vectors") from None
    if all(isinstance(x, int | str) or x.ndim == 1 for x in items):
        return game.check_profile(items)
    if len(items) != game.n_players:
        raise GameError(f"profile has {len(items)} entries but the game has {game.n_players} players")
    out = tuple(np.asarray(x, dtype=float) for x in items)
    for i, (x, s) in enumerate(zip(out, game.shape, strict=True)):
        if x.ndim == 0 or x.shape[-1] != s:
            raise GameError(f"strategy array of {game.players[i]} has shape {x.shape}; its last axis must have "
                            f"their {s} strategies")
    return out


def deviation_payoffs(game: Game, profile: Any) -> tuple[np.ndarray, ...]:
    """``v_i(k; x_-i)`` for every player ``i`` and strategy ``k``; profiles may be batched ``(..., s_i)``."""
    prof = _as_profile(game, profile)
    return tuple(_einsum_contract(game.payoffs[i], prof, [i]) for i in range(game.n_players))


def cross_payoff_matrices(game: Game, profile: Any) -> dict[tuple[int, int], np.ndarray]:
    """``M[i, j][k, l] = d v_i(k; x_-i) / d x_jl`` for ``i != j`` (unbatched profile).

    For two players ``M[0, 1] = A`` and ``M[1, 0] = B^T`` whatever the profile.
    """
    prof = _as_profile(game, profile)
    n = game.n_players
    return {(i, j): _einsum_contract(game.payoffs[i], prof, [i, j]) for i in range(n) for j in range(n) if i != j}


def replicator_field(game: Game, profile: Any) -> tuple[np.ndarray, ...]:
    """The replicator vector field ``F_ik = x_ik (v_ik - u_i)`` (batched like ``profile``)."""
    prof = _as_profile(game, profile)
    v = deviation_payoffs(game, prof)
    return tuple(x * (vi - np.sum(x * vi, axis=-1, keepdims=True)) for x, vi in zip(prof, v, strict=True))


def replicator_jacobian(game: Game, profile: Any) -> np.ndarray:
    """The Jacobian ``dF/dx`` of the replicator field at one profile, shape ``(N, N)``, ``N = sum s_i``.

    Rows and columns follow the concatenated strategies of players ``0..n-1``.
    """
    prof = game.check_profile(profile)
    return _jacobians(game, tuple(x[None, :] for x in prof))[0]


def _jacobians(game: Game, prof: Sequence[np.ndarray]) -> np.ndarray:
    """Replicator Jacobians at a batch of profiles (one ``(B, s_i)`` array per player): ``(B, N, N)``."""
    B = prof[0].shape[0]
    if game.n_players == 2:
        return _jacobians_two(game.payoffs[0], game.payoffs[1], prof[0], prof[1])
    v = [_einsum_contract(game.payoffs[i], prof, [i]) for i in range(game.n_players)]
    offsets = np.concatenate([[0], np.cumsum(game.shape)])
    N = int(offsets[-1])
    J = np.zeros((B, N, N))
    for i, (x, vi) in enumerate(zip(prof, v, strict=True)):
        ri = slice(offsets[i], offsets[i + 1])
        u = np.einsum("bk,bk->b", x, vi)
        J[:, ri, ri] = (vi - u[:, None])[:, :, None] * np.eye(len(x[0])) - x[:, :, None] * vi[:, None, :]
        for j in range(game.n_players):
            if j != i:
                rj = slice(offsets[j], offsets[j + 1])
                M = np.broadcast_to(_einsum_contract(game.payoffs[i], prof, [i, j]), (B, game.shape[i], game.shape[j]))
                J[:, ri, rj] = x[:, :, None] * (M - np.einsum("bk,bkl->bl", x, M)[:, None, :])
    return J


def _jacobians_two(A: np.ndarray, Bm: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """:func:`_jacobians` of a bimatrix game ``(A, Bm)`` at profiles ``x`` (``(B, m)``), ``y`` (``(B, n)``).

    The same matrix in a few stacked products.  With ``z = (x, y)`` and ``C = [[0, A], [Bm^T, 0]]``,
    ``z C^T = (A y, Bm^T x)`` are the payoffs ``v`` of the pure strategies and ``z C = (Bm y, x A)``;
    row ``r`` of the Jacobian is ``z_r (C_r - R_r)`` plus ``v_r - u`` on the diagonal, where ``R_r``
    takes ``v`` in the columns of ``r``'s own player and ``z C`` in the other's, and ``u`` is that
    player's payoff (Hofbauer and Sigmund 1998, *Evolutionary Games and Population Dynamics*, sec. 10.1).
    """
    m, n = A.shape
    own = _two_player_blocks(m, n)
    z = np.concatenate([x, y], axis=1)
    C = np.zeros((m + n, m + n))
    C[:m, m:], C[m:, :m] = A, Bm.T
    v = z @ C.T
    J = z[:, :, None] * (C - np.where(own > 0, v[:, None, :], (z @ C)[:, None, :]))
    u = (z * v) @ own                  # each strategy's player's payoff
    J += (v - u)[:, :, None] * np.eye(m + n)
    return J


@functools.lru_cache(maxsize=64)
def _two_player_blocks(m: int, n: int) -> np.ndarray:
    """``(m + n, m + n)`` 0/1 matrix: 1 where the row and column strategies belong to the same player."""
    side = np.arange(m + n) < m
    out = (side[:, None] == side[None, :]).astype(float)
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=64)
def _tangent_basis(shape: tuple[int, ...]) -> np.ndarray:
    """Orthonormal basis (columns) of ``{z : sum_k z_ik = 0 for each player i}``, block diagonal."""
    blocks = []
    for s in shape:
        # Orthonormal complement of the all-ones vector: QR of [1, e_1, ..., e_{s-1}].
        q, _ = np.linalg.qr(np.column_stack([np.ones(s), np.eye(s)[:, : s - 1]]))
        blocks.append(q[:, 1:s])
    N = sum(shape)
    V = np.zeros((N, N - len(shape)))
    r = c = 0
    for b in blocks:
        V[r : r + b.shape[0], c : c + b.shape[1]] = b
        r, c = r + b.shape[0], c + b.shape[1]
    V.setflags(write=False)
    return V


def tangent_eigenvalues(game: Game, profile: Any) -> np.ndarray:
    """Eigenvalues of the replicator Jacobian restricted to the tangent space of the product of simplices.

    ``sum_i (s_i - 1)`` complex numbers; at a rest point, all real parts < 0 means linearly
    (hence asymptotically) stable, any > 0 unstable.
    """
    prof = game.check_profile(profile)
    return tangent_eigenvalues_batch(game, [prof])[0]


def tangent_eigenvalues_batch(game: Game, profiles: Sequence[Sequence[np.ndarray]]) -> np.ndarray:
    """:func:`tangent_eigenvalues` at many profiles at once (one stacked eigenvalue problem).

    Parameters
    ----------
    game : Game
        The game.
    profiles : sequence of profiles
        Valid mixed profiles (one probability vector per player each); not re-validated.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(profiles), sum_i (s_i - 1))``, complex.
    """
    D = sum(game.shape) - game.n_players
    if not len(profiles) or D == 0:
        return np.zeros((len(profiles), D), dtype=complex)
    prof = tuple(np.array([np.asarray(p[i], dtype=float) for p in profiles]) for i in range(game.n_players))
    V = _tangent_basis(tuple(game.shape))
    return np.linalg.eigvals(V.T @ _jacobians(game, prof) @ V)


@dataclass(frozen=True)
class ReplicatorTrajectory:
    """A solution of the replicator ODE: times ``t`` (T,) and one ``(T, s_i)`` array per player."""

    t: np.ndarray
    profiles: tuple[np.ndarray, ...]

    @property
    def final(self) -> tuple[np.ndarray, ...]:
        return tuple(p[-1] for p in self.profiles)


def replicator_trajectory(game: Game, start: Any, t_max: float = 100.0, *, num: int = 201,
                          rtol: float = 1e-8, atol: float = 1e-10) -> ReplicatorTrajectory:
    """Integrate the replicator dynamics from ``start`` over ``[0, t_max]`` (scipy ``solve_ivp``, LSODA).

    Returns ``num`` evenly spaced samples, each renormalised onto the simplices (removing the
    integrator's drift, which is of order ``rtol``).
    """
    if not np.isfinite(t_max) or t_max <= 0:
        raise GameError(f"t_max must be a positive finite time, got {t_max}")
    if int(num) < 2:
        raise GameError(f"num must be at least 2 sample times, got {num}")
    prof = game.check_profile(start)
    offsets = np.concatenate([[0], np.cumsum(game.shape)])

    def split(z: np.ndarray) -> list[np.ndarray]:
        return [z[offsets[i]: offsets[i + 1]] for i in range(game.n_players)]

    def rhs(_t: float, z: np.ndarray) -> np.ndarray:
        return np.concatenate(replicator_field(game, _Raw(split(z))))

    def jac(_t: float, z: np.ndarray) -> np.ndarray:
        parts = [np.clip(x, 0.0, None) for x in split(z)]
        return replicator_jacobian(game, [x / x.sum() for x in parts])

    times = np.linspace(0.0, float(t_max), int(num))
    sol = solve_ivp(rhs, (0.0, float(t_max)), np.concatenate(prof), method="LSODA", t_eval=times,
                    rtol=rtol, atol=atol, jac=jac)
    if not sol.success:
        raise GameError(f"replicator integration failed ({sol.message}); try a smaller t_max")
    z = np.clip(sol.y.T, 0.0, None)
    profiles = []
    for i in range(game.n_players):
        block = z[:, offsets[i]: offsets[i + 1]]
        profiles.append(block / block.sum(axis=1, keepdims=True))
    return ReplicatorTrajectory(t=sol.t, profiles=tuple(profiles))


def replicator_batch(game: Game, starts: Sequence[Any], t_max: float = 50.0, *, steps: int = 2000,
                     record_every: int | None = None) -> tuple[np.ndarray, ...]:
    """Integrate the replicator dynamics from a whole batch of starting profiles at once.

    ``starts[i]`` is an array of shape ``(B, s_i)`` (``B`` profiles; rows are probability vectors).
    Classical fourth-order Runge–Kutta with ``steps`` fixed steps of size ``t_max / steps``, every
    stage one batched evaluation of the field (no loop over the batch).  Runge–Kutta methods
    preserve the linear invariants ``sum_k x_ik = 1`` up to rounding; after each step tiny negative
    shares are clipped and each row renormalised, so the batch stays on the product of simplices.
    Returns the final profiles ``(B, s_i)`` per player, or with ``record_every = k`` the trajectory
    ``(steps // k + 1, B, s_i)`` sampled every ``k`` steps (first row the start).
    """
    if len(starts) != game.n_players:
        raise GameError(f"starts has {len(starts)} arrays but the game has {game.n_players} players")
    x = []
    for i, (arr, s) in enumerate(zip(starts, game.shape, strict=True)):
        a = np.atleast_2d(np.asarray(arr, dtype=float))
        if a.ndim != 2 or a.shape[1] != s:
            raise GameError(f"starts for {game.players[i]} must have shape (B, {s}), got {a.shape}")
        if np.any(a < -1e-12) or not np.allclose(a.sum(axis=1), 1.0, atol=1e-9):
            raise GameError(f"starts for {game.players[i]} must be rows of probabilities summing to 1")
        x.append(np.clip(a, 0.0, None))
    if len({a.shape[0] for a in x}) != 1:
        raise GameError(f"every player needs the same number of starting rows, got {[a.shape[0] for a in x]}")
    if not np.isfinite(t_max) or t_max <= 0:
        raise GameError(f"t_max must be a positive finite time, got {t_max}")
    steps = int(steps)
    if steps < 1:
        raise GameError(f"steps must be a positive integer, got {steps}")
    if record_every is not None and int(record_every) < 1:
        raise GameError(f"record_every must be a positive integer, got {record_every}")
    dt = float(t_max) / steps

    def f(p: list[np.ndarray]) -> tuple[np.ndarray, ...]:
        return replicator_field(game, _Raw(p))

    record = [] if record_every is None else [[a.copy() for a in x]]
    for k in range(steps):
        k1 = f(x)
        k2 = f([a + 0.5 * dt * b for a, b in zip(x, k1, strict=True)])
        k3 = f([a + 0.5 * dt * b for a, b in zip(x, k2, strict=True)])
        k4 = f([a + dt * b for a, b in zip(x, k3, strict=True)])
        x = [a + dt / 6.0 * (b1 + 2 * b2 + 2 * b3 + b4) for a, b1, b2, b3, b4 in zip(x, k1, k2, k3, k4, strict=True)]
        x = [np.clip(a, 0.0, None) for a in x]
        x = [a / a.sum(axis=1, keepdims=True) for a in x]
        if record_every is not None and (k + 1) % int(record_every) == 0:
            record.append([a.copy() for a in x])
    if record_every is None:
        return tuple(x)
    return tuple(np.stack([r[i] for r in record]) for i in range(game.n_players))


@dataclass(frozen=True)
class FictitiousPlay:
    """A fictitious-play run: ``frequencies[i][t]`` is player ``i``'s empirical mixture over rounds ``0..t``
    (shape ``(rounds, s_i)``); ``actions[t]`` the pure strategies played in round ``t``."""

    frequencies: tuple[np.ndarray, ...]
    actions: np.ndarray

    @property
    def final(self) -> tuple[np.ndarray, ...]:
        return tuple(f[-1] for f in self.frequencies)


def fictitious_play(game: Game, rounds: int = 1000, *, start: Sequence[int | str] | None = None) -> FictitiousPlay:
    """Simultaneous discrete-time fictitious play for ``rounds`` rounds.

    Round 0 plays ``start`` (default: each player's first strategy); in round ``t >= 1`` every
    player plays a best response to the others' empirical frequencies over rounds ``0..t-1``
    (ties broken towards the lowest index).  Each round's best responses are one einsum per player.
    """
    rounds = int(rounds)
    if rounds < 1:
        raise GameError(f"rounds must be a positive integer, got {rounds}")
    n = game.n_players
    if start is None:
        current = [0] * n
    else:
        if isinstance(start, str) or len(start) != n:
            raise GameError(f"start must give one pure strategy per player ({n}), got {start!r}")
        current = [game.strategy_index(i, s) for i, s in enumerate(start)]
    counts = [np.zeros(s) for s in game.shape]
    freqs = [np.zeros((rounds, s)) for s in game.shape]
    actions = np.zeros((rounds, n), dtype=int)
    for t in range(rounds):
        actions[t] = current
        for i in range(n):
            counts[i][current[i]] += 1.0
            freqs[i][t] = counts[i] / (t + 1)
        beliefs = _Raw(f[t] for f in freqs)
        current = [int(np.argmax(_einsum_contract(game.payoffs[i], beliefs, [i]))) for i in range(n)]
    return FictitiousPlay(frequencies=tuple(freqs), actions=actions)
