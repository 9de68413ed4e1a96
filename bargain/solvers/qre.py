"""The logit quantal response equilibrium (QRE) path, traced by predictor–corrector continuation.

A *logit QRE* at precision ``lambda >= 0`` (McKelvey and Palfrey 1995, "Quantal response equilibria
for normal form games", GEB 10) is a profile in which every player plays each strategy with
probability proportional to ``exp(lambda * v_i(k; x_-i))``.  At ``lambda = 0`` it is the centroid;
the *principal branch* of the QRE correspondence starting there is (generically) a smooth curve
that, as ``lambda -> infinity``, converges to a Nash equilibrium: the logit (tracing) selection
(McKelvey and Palfrey 1995, thm. 2; Turocy 2005, "A dynamic homotopy interpretation of the
logistic quantal response equilibrium correspondence", GEB 51).

Following Turocy (2005), the branch is traced in log-probabilities ``w_ik = ln x_ik``.  With one
reference strategy ``r_i`` per player (the currently most likely one) the QRE conditions are the
``N = sum_i s_i`` equations in the ``N + 1`` unknowns ``z = (w, lambda)``

    H_ik(z) = w_ik - w_ir_i - lambda (v_ik - v_ir_i) = 0      (k != r_i)
    H_ir_i(z) = sum_k exp(w_ik) - 1 = 0,

whose zero set is a union of curves.  The curve through the centroid is followed in arc length
by an Euler predictor along the unit tangent ``t`` (the kernel of the Jacobian ``DH``) and a Newton
corrector on ``[DH; t^T] dz = [-H; 0]`` (pseudo-arclength; Allgower and Georg 1990, *Numerical
Continuation Methods*, ch. 2 and 6), with the step adapted to the corrector's first step,
contraction rate and the angle between successive tangents.  Because the parameter is arc length,
not ``lambda``, the tracer passes *turning points* (folds, where ``d lambda / ds`` changes sign).

Two events are detected along the path (Allgower and Georg 1990, sec. 8.1):

- a **turning point** between two accepted points where the ``lambda`` component of the tangent
  (oriented by continuity, ``t_k . t_{k-1} > 0``) changes sign;
- a **bifurcation** where the sign of ``det [DH; t^T]`` changes with the tangent so oriented: the
  orientation of a regular curve is invariant, so a sign change means the path crossed a singular
  point where another branch meets it.

Payoffs are divided by their range before tracing (``lambda`` reported in the game's own units) so
that step sizes do not depend on the payoff scale.  The tracer stops when the profile's regret falls
below ``max_regret`` times the payoff range (as Gambit's ``logit_solve`` does), or at
``lambda_max``.  The end point is then *not* reported as a Nash equilibrium on its own: the
solver guesses the support from it, solves the support's indifference conditions by Newton's
method from that point, and hands the result to
:func:`~bargain.solvers.result.make_equilibrium`.  If that does not verify, no equilibrium is
returned and the notes say why (the failure that Gambit issue 492 reports, where a stalled tracer's
end point was returned as Nash, cannot happen here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from bargain.errors import GameError, VerificationError
from bargain.model.game import Game
from bargain.model.scale import normalise_per_player
from bargain.solvers.dynamics import _einsum_contract, _Raw
from bargain.solvers.qre_options import check_trace_options
from bargain.solvers.registry import register
from bargain.solvers.result import Equilibria, Equilibrium, make_equilibrium

__all__ = ["QREPath", "limit_equilibrium", "qre_at_lambda", "qre_path", "qre_solve", "refine_equilibrium"]

#: A step that changes the path's orientation is accepted (as crossing a bifurcation) only when it
#: is at most this long; longer ones are retried shorter, since they may have jumped branches.
BIFURCATION_STEP = 1e-3
#: The end point is refined into an equilibrium only if its regret is at most this times the payoff
#: range (and the path converged): a point far from the limit could refine to another equilibrium.
NEAR_LIMIT_REGRET = 1e-3


@dataclass(frozen=True, eq=False)
class QREPath:
    """The traced principal branch of the logit QRE correspondence.

    Attributes
    ----------
    lam: ``(K,)`` precision of each accepted point (game payoff units), starting at 0; it decreases
        between a pair of turning points, where the branch folds back.
    profiles: one ``(K, s_i)`` array per player: the QRE at each point.
    turning_points: indices ``k`` such that ``d lambda/ds`` changed sign between points ``k-1`` and ``k``.
    bifurcations: indices ``k`` such that ``det [DH; t^T]`` changed sign between points ``k-1`` and ``k``.
    converged: whether the stopping rule (regret or ``lambda_max``) was met.
    notes: what happened, in words (stalls, step limits, events with their ``lambda``).
    """

    game: Game = field(repr=False)
    lam: np.ndarray
    profiles: tuple[np.ndarray, ...]
    turning_points: tuple[int, ...]
    bifurcations: tuple[int, ...]
    converged: bool
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.lam)

    @property
    def final(self) -> tuple[np.ndarray, ...]:
        """The last traced profile (a QRE, not necessarily a Nash equilibrium)."""
        return tuple(p[-1] for p in self.profiles)

    def profile(self, k: int) -> tuple[np.ndarray, ...]:
        """The QRE at path point ``k``."""
        return tuple(p[k] for p in self.profiles)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict: lambdas, each strategy's probability along the path, and the events."""
        g = self.game
        return {
            "players": list(g.players),
            "lambda": self.lam.tolist(),
            "profiles": {p: {s: self.profiles[i][:, k].tolist() for k, s in enumerate(g.strategies[i])}
                         for i, p in enumerate(g.players)},
            "turning_points": [{"index": k, "lambda": float(self.lam[k])} for k in self.turning_points],
            "bifurcations": [{"index": k, "lambda": float(self.lam[k])} for k in self.bifurcations],
            "converged": self.converged,
            "notes": list(self.notes),
        }


class _System:
    """The QRE equations ``H(w, mu)`` of a game with payoffs scaled to unit range, and their Jacobian.

    Player ``i``'s payoff matrices against each other player ``j`` (``M_ij``, the others' mixtures
    contracted in) give both the Jacobian blocks and the deviation payoffs ``v_i = M_ij x_j``; for
    two players they are the constant matrices ``A`` and ``B^T``, computed once.
    """

    def __init__(self, game: Game) -> None:
        self.game = game
        self.scale = float(np.ptp(game.payoffs)) or 1.0
        self.u = game.payoffs / self.scale
        self.n = game.n_players
        self.shape = game.shape
        self.off = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.N = int(self.off[-1])
        self.refs = [0] * self.n
        self._eye = [np.eye(s) for s in self.shape]
        self._const = {(0, 1): self.u[0], (1, 0): self.u[1].T} if self.n == 2 else None
        # einsum specifications of M_ij = u_i contracted with every x_k, k not in {i, j}
        letters = "abcdefghijklmnopqrstuvwxyz"[: self.n]
        self._specs = {}
        for i in range(self.n):
            for j in range(self.n):
                if i != j:
                    others = [k for k in range(self.n) if k not in (i, j)]
                    spec = ",".join([letters, *(letters[k] for k in others)]) + "->" + letters[i] + letters[j]
                    self._specs[i, j] = (spec, others)

    def split(self, w: np.ndarray) -> list[np.ndarray]:
        return [w[self.off[i]: self.off[i + 1]] for i in range(self.n)]

    def probabilities(self, w: np.ndarray) -> list[np.ndarray]:
        return [np.exp(x) for x in self.split(w)]

    def cross(self, x: Sequence[np.ndarray]) -> dict[tuple[int, int], np.ndarray]:
        if self._const is not None:
            return self._const
        return {(i, j): np.einsum(spec, self.u[i], *(x[k] for k in others))
                for (i, j), (spec, others) in self._specs.items()}

    def payoffs(self, x: Sequence[np.ndarray], M: dict[tuple[int, int], np.ndarray] | None = None) -> list[np.ndarray]:
        if self.n == 1:
            return [self.u[0]]
        M = self.cross(x) if M is None else M
        return [M[i, (i + 1) % self.n] @ x[(i + 1) % self.n] for i in range(self.n)]

    def regret(self, x: Sequence[np.ndarray]) -> float:
        """Max regret in scaled payoffs (probabilities renormalised)."""
        xs = [p / p.sum() for p in x]
        v = self.payoffs(xs)
        return max(float(vi.max() - p @ vi) for p, vi in zip(xs, v, strict=True))

    def evaluate(self, z: np.ndarray, jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        w, mu = z[:-1], z[-1]
        x = self.probabilities(w)
        M = self.cross(x) if self.n > 1 else {}
        v = self.payoffs(x, M)
        H = np.empty(self.N)
        D = np.zeros((self.N, self.N + 1)) if jacobian else None
        for i in range(self.n):
            o, s, r = self.off[i], self.shape[i], self.refs[i]
            wi = w[o: o + s]
            H[o: o + s] = wi - wi[r] - mu * (v[i] - v[i][r])
            H[o + r] = x[i].sum() - 1.0
            if D is None:
                continue
            rows = slice(o, o + s)
            D[rows, o: o + s] = self._eye[i]
            D[rows, o + r] -= 1.0
            D[rows, -1] = -(v[i] - v[i][r])
            for j in range(self.n):
                if j != i:
                    Mij = M[i, j]
                    D[rows, self.off[j]: self.off[j + 1]] = -mu * (Mij - Mij[r]) * x[j]
            # the normalisation row
            D[o + r, :] = 0.0
            D[o + r, o: o + s] = x[i]
        return H, D

    def choose_refs(self, w: np.ndarray) -> bool:
        """Use each player's most likely strategy as reference; True if any changed."""
        new = [int(np.argmax(x)) for x in self.split(w)]
        changed = new != self.refs
        self.refs = new
        return changed


def _tangent(D: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    """Unit kernel vector of the ``N x (N+1)`` Jacobian, oriented along ``previous`` (or increasing lambda)."""
    q, _ = np.linalg.qr(D.T, mode="complete")
    t = q[:, -1]
    ref = previous if previous is not None else np.eye(len(t))[-1]
    return -t if t @ ref < 0 else t


def _orientation(D: np.ndarray, t: np.ndarray) -> float:
    sign, _ = np.linalg.slogdet(np.vstack([D, t]))
    return float(sign)


def _newton_fixed_lambda(system: _System, w: np.ndarray, mu: float, iters: int = 30) -> np.ndarray | None:
    """Solve ``H(w, mu) = 0`` in ``w`` by Newton's method; None if it does not converge."""
    z = np.append(w, mu)
    for _ in range(iters):
        H, D = system.evaluate(z)
        try:
            dw = np.linalg.solve(D[:, :-1], -H)
        except np.linalg.LinAlgError:
            return None
        z[:-1] += dw
        size = max(1.0, float(np.max(np.abs(z))))
        if np.max(np.abs(dw)) <= 1e-12 * size:
            H, _ = system.evaluate(z, jacobian=False)
            return z[:-1] if np.max(np.abs(H)) <= 1e-10 * size else None
    return None


def qre_path(game: Game, lambda_max: float | None = None, *, max_regret: float | None = None,
             first_step: float = 0.03, max_step: float | None = None, max_steps: int = 10_000,
             targets: Sequence[float] = ()) -> QREPath:
    """Trace the principal branch of the logit QRE correspondence from the centroid.

    Parameters
    ----------
    lambda_max : float | None, optional
        Stop at this precision (in the game's payoff units; the last point is exactly there).
    max_regret : float | None, optional
        Stop once the regret is at most this times the payoff range.  Default: 1e-8 when
        ``lambda_max`` is not given, otherwise no regret stop.
    first_step : float, default 0.03
        Arc length of the first step (in log-probability and unit-range-lambda coordinates).
    max_step : float | None, optional
        Longest arc-length step (default unbounded: steps grow geometrically as the path straightens
        towards its limit).  A small value, e.g. 0.1, gives a densely sampled path for plotting.
    max_steps : int, default 10000
        Cap on accepted plus rejected steps; reaching it ends the trace with a note.
    targets : Sequence[float], default ()
        Precisions at which the path point is computed exactly and inserted into the path (its
        first crossing of each), e.g. to compare with Gambit's ``logit_solve_lambda``.
    game : Game
        The normal-form game.

    Returns
    -------
    QREPath
        The traced points (precision ``lambda``, profile, regret) in order, the limit equilibrium
        approached, and notes on how the trace ended.

    Raises
    ------
    GameError
        For a game that is not a :class:`Game`, or an invalid stopping rule or step size.

    References
    ----------
    McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
    *Games and Economic Behavior* 10(1), 6-38.
    Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
    equilibrium correspondence. *Games and Economic Behavior* 51(2), 243-263.
    Allgower, E. L. and Georg, K. (1990). *Numerical Continuation Methods*. Springer.
    """
    if not isinstance(game, Game):
        raise GameError(f"qre_path needs a bargain.Game, got {type(game).__name__}")
    max_regret = check_trace_options(lambda_max, max_regret, first_step, max_step, max_steps)
    tg = sorted(float(t) for t in targets)
    if any(not (np.isfinite(t) and t >= 0) for t in tg):
        raise GameError(f"targets must be finite precisions >= 0, got {list(targets)}")

    system = _System(game)
    if float(np.ptp(game.payoffs)) == 0.0:
        z0 = np.append(np.concatenate([np.full(s, -np.log(s)) for s in system.shape]), 0.0)
        return _finish(game, system, [z0], [], [], True,
                       ["constant payoffs: the QRE is the centroid at every lambda"])
    zs, turning, bifurc, converged, notes = trace_branch(system, lambda_max, max_regret=max_regret,
                                                         first_step=first_step, max_step=max_step,
                                                         max_steps=max_steps, targets=tg)
    return _finish(game, system, zs, turning, bifurc, converged, notes)


def trace_branch(system: _System, lambda_max: float | None, *, max_regret: float | None, first_step: float,
                 max_step: float | None, max_steps: int, targets: Sequence[float] = ()
                 ) -> tuple[list[np.ndarray], list[int], list[int], bool, list[str]]:
    """Follow the branch of ``H(w, mu) = 0`` through the centroid (arguments checked by :func:`qre_path`).

    ``system`` is any object with the interface of :class:`_System` (``scale``, ``shape``,
    ``evaluate``, ``choose_refs``, ``regret``, ``probabilities``): the normal-form equations here, or
    the agent equations of a tree (:mod:`bargain.solvers.sequential.qre_limit`).

    Returns
    -------
    The accepted points ``z = (w, mu)`` (``mu = lambda * scale``), the turning-point and bifurcation
    indices, whether the stopping rule was met, and notes.

    References
    ----------
    Allgower and Georg (1990), *Numerical Continuation Methods*, ch. 2, 6 and 8; Turocy (2005), GEB 51.
    """
    S = system.scale
    tg = sorted(float(t) for t in targets)
    mu_max = None if lambda_max is None else float(lambda_max) * S
    pending = [t * S for t in tg if mu_max is None or t * S <= mu_max]

    w0 = np.concatenate([np.full(s, -np.log(s)) for s in system.shape])
    z = np.append(w0, 0.0)
    _, D = system.evaluate(z)
    t = _tangent(D, None)
    orient = _orientation(D, t)

    zs: list[np.ndarray] = [z.copy()]
    turning: list[int] = []
    bifurc: list[int] = []
    notes: list[str] = []
    while pending and pending[0] <= 0.0:
        pending.pop(0)

    h = float(first_step) if max_step is None else min(float(first_step), float(max_step))
    h_min = 1e-12
    converged = False
    steps = 0
    while steps < int(max_steps):
        steps += 1
        zp = z + h * t
        result = _correct(system, zp, t)
        if result is None:
            h *= 0.5
            if h < h_min:
                notes.append(f"tracing stalled at lambda = {z[-1] / S:.6g} (step below {h_min:g}); the end point "
                             "is not an equilibrium unless it verifies")
                break
            continue
        zn, Dn, d1, kappa = result
        # A target precision (or lambda_max) crossed by this step: land exactly on it instead.
        hit = None
        if pending and zn[-1] >= pending[0] > z[-1]:
            hit = pending[0]
        if mu_max is not None and zn[-1] >= mu_max > z[-1] and (hit is None or mu_max < hit):
            hit = mu_max
        if hit is not None:
            frac = (hit - z[-1]) / (zn[-1] - z[-1])
            w_hit = _newton_fixed_lambda(system, z[:-1] + frac * (zn[:-1] - z[:-1]), hit)
            if w_hit is None:
                h *= 0.5
                if h < h_min:
                    notes.append(f"could not solve the QRE equations at lambda = {hit / S:.6g}")
                    break
                continue
            zn = np.append(w_hit, hit)
            _, Dn = system.evaluate(zn)
        tn = _tangent(Dn, t)
        cos = float(np.clip(tn @ t, -1.0, 1.0))
        alpha = float(np.arccos(cos))
        if alpha > 0.5 and h > 10 * h_min:   # too sharp a bend for this step: retry shorter
            h *= 0.5
            continue
        on = _orientation(Dn, tn)
        if on != orient and h > BIFURCATION_STEP:
            # Either the step jumped to another branch (whose orientation is opposite) or it crossed
            # a bifurcation point; only a short step may cross, so retry shorter first.
            h *= 0.25
            continue
        if tn[-1] * t[-1] < 0:
            turning.append(len(zs))
        if on != orient:
            bifurc.append(len(zs))
        zs.append(zn)
        z, t, orient = zn, tn, on
        if hit is not None:
            if pending and hit == pending[0]:
                pending.pop(0)
            if mu_max is not None and hit >= mu_max:
                converged = True
                break
        if system.choose_refs(z[:-1]):
            # new equations, same curve: recompute the orientation baseline with them
            _, D = system.evaluate(z)
            t = _tangent(D, t)
            orient = _orientation(D, t)
        if max_regret is not None and system.regret(system.probabilities(z[:-1])) <= max_regret:
            converged = True
            break
        factor = max(np.sqrt(d1 / 0.3), np.sqrt(kappa / 0.4), alpha / 0.3, 0.5)
        h = h / min(factor, 2.0)
        if max_step is not None:
            h = min(h, float(max_step))
    else:
        notes.append(f"stopped after max_steps={max_steps} steps at lambda = {z[-1] / S:.6g}")
    for k in turning:
        notes.append(f"turning point (lambda reverses direction) near lambda = {zs[k][-1] / S:.6g}")
    for k in bifurc:
        notes.append(f"bifurcation (orientation of the path changes) near lambda = "
                     f"{0.5 * (zs[k - 1][-1] + zs[k][-1]) / S:.6g}")
    return zs, turning, bifurc, converged, notes


def _correct(system: _System, zp: np.ndarray, t: np.ndarray,
             iters: int = 8) -> tuple[np.ndarray, np.ndarray, float, float] | None:
    """Pseudo-arclength Newton corrector from the predicted point ``zp``.

    Returns (point, Jacobian there, length of the first Newton step, worst contraction ratio), or
    None when Newton diverges, contracts too slowly, or does not converge in ``iters`` steps.
    """
    z = zp.copy()
    d1 = kappa = 0.0
    prev = None
    for it in range(iters + 1):
        H, D = system.evaluate(z)
        size = max(1.0, float(np.max(np.abs(z))))
        # residuals carry rounding of order eps * |w| and eps * lambda: judge them relative to z
        if prev is not None and prev <= 1e-9 * size and np.max(np.abs(H)) <= 1e-10 * size:
            return z, D, d1, kappa
        if it == iters:
            break
        try:
            dz = np.linalg.solve(np.vstack([D, t]), np.append(-H, 0.0))
        except np.linalg.LinAlgError:
            return None
        step = float(np.linalg.norm(dz))
        if not np.isfinite(step):
            return None
        if it == 0:
            d1 = step
            if d1 > 1.0:
                return None
        elif prev is not None and prev > 0:
            kappa = max(kappa, step / prev)
            if kappa > 0.7:
                return None
        z = z + dz
        prev = step
    return None


def _finish(game: Game, system: _System, zs: list[np.ndarray], turning: list[int], bifurc: list[int],
            converged: bool, notes: list[str]) -> QREPath:
    Z = np.array(zs)
    profiles = []
    for i in range(system.n):
        p = np.exp(Z[:, system.off[i]: system.off[i + 1]])
        profiles.append(p / p.sum(axis=1, keepdims=True))
    return QREPath(game=game, lam=Z[:, -1] / system.scale, profiles=tuple(profiles),
                   turning_points=tuple(turning), bifurcations=tuple(bifurc), converged=converged,
                   notes=tuple(notes))


def qre_at_lambda(game: Game, lam: float | Sequence[float], **options) -> list[tuple[np.ndarray, ...]]:
    """The principal-branch QRE at each precision in ``lam`` (first crossing along the path)."""
    lams = [float(lam)] if np.isscalar(lam) else [float(x) for x in lam]
    if not lams:
        raise GameError("lam is empty: give at least one precision")
    path = qre_path(game, lambda_max=max(max(lams), 1e-12), targets=lams, **options)
    out = []
    for target in lams:
        idx = np.flatnonzero(np.isclose(path.lam, target, rtol=1e-12, atol=1e-15))
        if idx.size == 0:
            raise GameError(f"the logit path did not reach lambda = {target:g}: {'; '.join(path.notes)}")
        out.append(path.profile(int(idx[0])))
    return out


# --------------------------------------------------------------------------- the limit as lambda grows
def refine_equilibrium(game: Game, profile: Sequence[np.ndarray], support: Sequence[Sequence[int]],
                       iters: int = 50) -> tuple[np.ndarray, ...] | None:
    """Newton's method on the equilibrium conditions of ``support``, started at ``profile``.

    Unknowns: the probabilities on the support.  Equations: each player's probabilities sum to 1,
    and each supported strategy earns the same as the first supported one (Gauss–Newton with
    least-squares steps, so non-square systems of degenerate games are handled).  Returns the
    refined profile, or None if Newton does not converge to a point with nonnegative probabilities.
    """
    u, _, _ = normalise_per_player(game.payoffs, game.n_players)   # each player's equations on their own scale
    n = game.n_players
    sup = [list(s) for s in support]
    if any(len(s) == 0 for s in sup):
        return None
    sizes = [len(s) for s in sup]
    off = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    p = np.concatenate([np.asarray(profile[i], dtype=float)[sup[i]] for i in range(n)])
    p = np.concatenate([p[off[i]: off[i + 1]] / p[off[i]: off[i + 1]].sum() for i in range(n)])

    def full(p: np.ndarray) -> list[np.ndarray]:
        out = []
        for i in range(n):
            x = np.zeros(game.shape[i])
            x[sup[i]] = p[off[i]: off[i + 1]]
            out.append(x)
        return out

    for _ in range(iters):
        x = full(p)
        rows, jac = [], []
        for i in range(n):
            vi = _einsum_contract(u[i], _Raw(x), [i])
            s0 = sup[i][0]
            rows.append(np.append(vi[sup[i][1:]] - vi[s0], p[off[i]: off[i + 1]].sum() - 1.0))
            block = np.zeros((sizes[i], len(p)))
            for j in range(n):
                if j == i:
                    continue
                Mij = _einsum_contract(u[i], _Raw(x), [i, j])
                block[:-1, off[j]: off[j + 1]] = (Mij[sup[i][1:]] - Mij[s0])[:, sup[j]]
            block[-1, off[i]: off[i + 1]] = 1.0
            jac.append(block)
        F = np.concatenate(rows)
        J = np.vstack(jac)
        dp = np.linalg.lstsq(J, -F, rcond=None)[0]
        p = p + dp
        if np.max(np.abs(dp)) < 1e-15 and np.max(np.abs(F)) < 1e-13:
            break
    if np.any(p < -1e-9) or not np.all(np.isfinite(p)):
        return None
    p = np.clip(p, 0.0, None)
    return tuple(full(p))


def _candidate_supports(profile: Sequence[np.ndarray]) -> list[tuple[tuple[int, ...], ...]]:
    """Supports suggested by a QRE near the limit: strategies above a few relative thresholds."""
    out: list[tuple[tuple[int, ...], ...]] = []
    for thr in (1e-6, 1e-9, 1e-4, 1e-12, 1e-3):
        sup = tuple(tuple(int(k) for k in np.flatnonzero(x >= thr * x.max())) for x in profile)
        if sup not in out:
            out.append(sup)
    return out


def limit_equilibrium(game: Game, path: QREPath, tol: float | None = None) -> tuple[Equilibrium | None, str]:
    """The verified Nash equilibrium the path converges to, or None with the reason."""
    end = path.final
    regret = float(game.regret(end))
    scale = float(np.ptp(game.payoffs)) or 1.0
    if not path.converged or regret > NEAR_LIMIT_REGRET * scale:
        return None, (f"the logit path ended at lambda = {path.lam[-1]:.6g} with regret {regret:.3g}, not near its "
                      "limit; no equilibrium is reported (raise lambda_max or max_steps)")
    for sup in _candidate_supports(end):
        refined = refine_equilibrium(game, end, sup)
        if refined is None or max(float(np.max(np.abs(a - b))) for a, b in zip(refined, end, strict=True)) > 1e-2:
            continue
        try:
            return make_equilibrium(game, refined, "qre", tol=tol), f"support {sup} refined by Newton's method"
        except VerificationError:
            continue
    try:   # a pure end point (or one already within tolerance) needs no refinement
        return make_equilibrium(game, end, "qre", tol=tol), "end point verified as it is"
    except VerificationError:
        pass
    return None, (f"the logit path's end point at lambda = {path.lam[-1]:.6g} has regret {regret:.3g} and no support "
                  "refinement of it verifies as a Nash equilibrium; nothing is reported")


@register("qre", players="n", complete=False, exact=False, scale_free=False,
          description="limit of the principal branch of the logit QRE path (Newton-refined and verified)")
def qre_solve(game: Game, *, exact: bool = False, tol: float | None = None, lambda_max: float | None = None,
              max_regret: float | None = None, first_step: float = 0.03, max_steps: int = 10_000) -> Equilibria:
    """The Nash equilibrium selected by the logit tracing procedure (one equilibrium, or none with a note)."""
    path = qre_path(game, lambda_max, max_regret=max_regret, first_step=first_step, max_steps=max_steps)
    eq, why = limit_equilibrium(game, path, tol)
    notes = [f"traced {len(path)} points of the principal logit branch to lambda = {path.lam[-1]:.6g}", why,
             *path.notes]
    return Equilibria(game, [eq] if eq is not None else [], "qre", complete=False, notes=notes)
