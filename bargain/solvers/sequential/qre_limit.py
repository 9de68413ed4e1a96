"""The limit of the agent logit QRE of a game tree (McKelvey and Palfrey 1998) as a selected equilibrium.

In an *agent quantal response equilibrium* every information set ``h`` is an agent that plays
each action ``a`` with probability proportional to ``exp(lambda * v(h, a))``, where ``v(h, a)``
is the owner's expected payoff of ``a`` *conditional on reaching* ``h``: beliefs over the nodes
of ``h`` follow Bayes' rule, which is always defined because every action has positive
probability (McKelvey and Palfrey 1998, "Quantal response equilibria for extensive form games",
Experimental Economics 1, 9-41).  This is the path Gambit's ``logit_solve`` traces on trees.
(:mod:`bargain.solvers.sequence_form.agent_qre` traces the logit path of the agent *normal*
form, with unconditional payoffs: a different path that can end elsewhere.)

The principal branch from the centroid (``lambda = 0``) is traced in log-probabilities by the
predictor–corrector of :func:`bargain.solvers.qre.trace_branch` (Turocy 2005), with the
equations ``w(h, a) - w(h, r_h) - lambda (v(h, a) - v(h, r_h)) = 0`` and
``sum_a exp(w(h, a)) = 1`` per set; their Jacobian is computed exactly by complex-step
differentiation of the tree evaluation (Squire and Trapp 1998), so any tree with perfect recall
is handled without an agent normal form.  The tracer stops when the conditional regret of every
agent is at most ``max_regret`` times the payoff range.

Limit points of agent QRE as ``lambda -> infinity``, with the limit of their Bayes beliefs, are
sequential equilibria: the beliefs are consistent because they are limits of beliefs of
totally mixed profiles, and sequential rationality is the limit of the logit responses
(McKelvey and Palfrey 1998).  The end point is read as a rational profile (each
probability the simplest fraction within :data:`ROUND_TOL`, then within each looser distance of
:data:`ROUND_LADDER`: a mixed limit converges like ``1/lambda``) and kept only if it verifies exactly,
with :func:`~bargain.solvers.sequential.assessment.assess`, as a sequential equilibrium; otherwise
the floating-point limit is assessed and the notes say so.

References
----------
McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive form
games. *Experimental Economics* 1, 9-41.  Turocy, T. L. (2005). A dynamic homotopy
interpretation of the logistic quantal response equilibrium correspondence. *GEB* 51, 243-263.
Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894.
Squire, W. and Trapp, G. (1998). Using complex variables to estimate derivatives of real
functions. *SIAM Review* 40, 110-112.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.extensive.nodes import DECISION, TERMINAL
from bargain.solvers.qre import trace_branch
from bargain.solvers.qre_options import check_trace_options
from bargain.solvers.sequential.assessment import Assessment, assess, rationality_violations
from bargain.solvers.sequential.beliefs import is_consistent

__all__ = ["AgentLogitPath", "QRELimit", "ROUND_LADDER", "ROUND_TOL", "agent_logit_path", "qre_limit"]

#: A limit probability is read as the simplest fraction within this distance (then verified exactly).
ROUND_TOL = 1e-6
#: The distances tried in turn when reading the limit as fractions; each reading is verified exactly.
ROUND_LADDER = (ROUND_TOL, 1e-5, 1e-4)
#: Largest denominator tried when reading the limit as fractions.
MAX_DENOMINATOR = 1000
#: Step of the complex-step derivative (exact to rounding for analytic functions).
_CSTEP = 1e-30


class _AgentSystem:
    """The agent logit QRE equations of a tree, in the interface of :class:`bargain.solvers.qre._System`.

    Unknowns: one log-probability per (information set, action), sets in the tree's order, then
    ``mu = lambda * scale``.  Payoffs are divided by the range of the leaf payoffs (``scale``).
    """

    def __init__(self, tree: ExtensiveGame) -> None:
        self.tree = tree
        sets = tree.infosets
        self.shape = tuple(h.num_actions for h in sets)
        self.n = len(sets)
        self.off = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.N = int(self.off[-1])
        self.refs = [0] * self.n
        pay = np.asarray(tree.leaf_payoffs, dtype=float)
        self.scale = float(np.ptp(pay)) or 1.0
        M = tree.num_nodes
        kind, parent, edge, infoset = tree._kind, tree._parent, tree._edge, tree._infoset
        # every node's incoming edge as a column of [action probabilities | chance probabilities | 1]
        chance_cols: list[float] = []
        col = np.full(M, -1, dtype=np.int64)
        depth = np.zeros(M, dtype=np.int64)
        for x in range(1, M):
            p = int(parent[x])
            depth[x] = depth[p] + 1
            if kind[p] == DECISION:
                col[x] = self.off[int(infoset[p])] + int(edge[x])
            else:
                col[x] = self.N + len(chance_cols)
                chance_cols.append(float(tree.chance_probabilities(p)[edge[x]]))
        self._chance = np.array(chance_cols)
        self._col, self._parent = col, np.asarray(parent, dtype=np.int64)
        self._levels = [np.flatnonzero(depth == d) for d in range(1, int(depth.max(initial=0)) + 1)]
        # in preorder, the nodes of one depth are grouped by parent: sum each group with reduceat
        self._groups = []
        for level in self._levels:
            par = self._parent[level]
            starts = np.flatnonzero(np.r_[True, par[1:] != par[:-1]])
            self._groups.append((par[starts], starts))
        self._leaf_values = np.zeros((M, tree.n_players))
        self._leaf_values[np.asarray(tree.leaves, dtype=np.int64)] = pay / self.scale
        self._is_leaf = np.asarray(kind) == TERMINAL
        # (node of h, child after action a, column of (h, a), owner of h) for every member node
        rows = [(x, tree.children(x)[a], self.off[h.index] + a, h.player)
                for h in sets for a in range(h.num_actions) for x in h.nodes]
        self._m_node, self._m_child, self._m_col, self._m_owner = (np.array([r[k] for r in rows], dtype=np.int64)
                                                                   for k in range(4))
        self._m_starts = np.flatnonzero(np.r_[True, self._m_col[1:] != self._m_col[:-1]])   # one group per column
        self._eye = [np.eye(s) for s in self.shape]

    # -- the interface the tracer uses ------------------------------------------------------------
    def split(self, w: np.ndarray) -> list[np.ndarray]:
        return [w[self.off[i]: self.off[i + 1]] for i in range(self.n)]

    def probabilities(self, w: np.ndarray) -> list[np.ndarray]:
        return [np.exp(x) for x in self.split(w)]

    def reach_and_values(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Reach probabilities ``(nodes, B)`` and conditional action values ``(N, B)`` of a batch of
        action-probability vectors ``x`` (``(N, B)``, real or complex)."""
        B = x.shape[1]
        edges = np.concatenate([x, np.repeat(self._chance[:, None], B, axis=1).astype(x.dtype)])
        P = np.zeros((self.tree.num_nodes, B), dtype=x.dtype)
        P[0] = 1.0
        for level in self._levels:
            P[level] = P[self._parent[level]] * edges[self._col[level]]
        V = np.zeros((self.tree.num_nodes, B, self.tree.n_players), dtype=x.dtype)
        V[self._is_leaf] = self._leaf_values[self._is_leaf][:, None, :]
        for level, (parents, starts) in zip(reversed(self._levels), reversed(self._groups), strict=True):
            V[parents] = np.add.reduceat(edges[self._col[level]][:, :, None] * V[level], starts, axis=0)
        reach = P[self._m_node]
        num = np.add.reduceat(reach * V[self._m_child, :, self._m_owner], self._m_starts, axis=0)
        den = np.add.reduceat(reach, self._m_starts, axis=0)
        return P, num / den

    def log_reach(self, log_x: np.ndarray) -> np.ndarray:
        """Log reach probability of every node for log action probabilities ``log_x`` (``(N,)``)."""
        with np.errstate(divide="ignore"):
            edges = np.concatenate([log_x, np.log(self._chance)])
        LP = np.zeros(self.tree.num_nodes)
        for level in self._levels:
            LP[level] = LP[self._parent[level]] + edges[self._col[level]]
        return LP

    def _residual(self, Z: np.ndarray) -> np.ndarray:
        """``H`` for a batch of points ``Z`` (``(N + 1, B)``)."""
        w, mu = Z[:-1], Z[-1]
        x = np.exp(w)
        _, v = self.reach_and_values(x)
        H = np.empty_like(w)
        for i in range(self.n):
            o, s, r = self.off[i], self.shape[i], self.refs[i]
            H[o: o + s] = w[o: o + s] - w[o + r] - mu * (v[o: o + s] - v[o + r])
            H[o + r] = x[o: o + s].sum(axis=0) - 1.0
        return H

    def evaluate(self, z: np.ndarray, jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        if not jacobian:
            return self._residual(z[:, None]).real[:, 0], None
        Z = z[:, None] + 1j * _CSTEP * np.eye(self.N + 1)       # one complex-step column per unknown
        H = self._residual(Z)
        return H[:, 0].real, H.imag / _CSTEP

    def choose_refs(self, w: np.ndarray) -> bool:
        new = [int(np.argmax(x)) for x in self.split(w)]
        changed = new != self.refs
        self.refs = new
        return changed

    def regret(self, x: Sequence[np.ndarray]) -> float:
        """Largest conditional regret of an agent (scaled payoffs)."""
        xs = np.concatenate([p / p.sum() for p in x])[:, None]
        _, v = self.reach_and_values(xs)
        v = v[:, 0]
        return max(float(vh.max() - ph @ vh) for ph, vh in zip(self.split(xs[:, 0]), self.split(v), strict=True))


@dataclass(frozen=True, eq=False)
class AgentLogitPath:
    """The traced principal branch of a tree's agent logit QRE correspondence.

    Attributes
    ----------
    game: the tree.
    lam: ``(K,)`` precisions (payoff units) of the accepted points.
    behaviour: ``(K, N)`` action probabilities, information sets in the tree's order.
    log_behaviour: ``(K, N)`` their logarithms as traced (no underflow far along the path).
    converged: whether the stopping rule was met.
    turning_points, bifurcations: indices of the events the tracer detected.
    notes: what happened, in words.
    """

    game: ExtensiveGame = field(repr=False)
    lam: np.ndarray
    behaviour: np.ndarray
    converged: bool
    turning_points: tuple[int, ...] = ()
    bifurcations: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    log_behaviour: np.ndarray | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.lam)

    def profile(self, k: int = -1) -> BehaviourProfile:
        """The agent QRE at path point ``k`` as a behaviour profile."""
        off = np.concatenate([[0], np.cumsum([h.num_actions for h in self.game.infosets])]).astype(int)
        row = self.behaviour[k]
        return BehaviourProfile.build(self.game, [row[off[i]: off[i + 1]] for i in range(len(off) - 1)], exact=False)


def agent_logit_path(tree: ExtensiveGame, lambda_max: float | None = None, *, max_regret: float | None = None,
                     first_step: float = 0.03, max_steps: int = 10_000) -> AgentLogitPath:
    """Trace the principal branch of the agent logit QRE (conditional values) from the centroid.

    Parameters
    ----------
    tree: a game tree with perfect recall and at least one decision node.
    lambda_max: stop at this precision (payoff units).
    max_regret: stop once every agent's conditional regret is at most this times the payoff range
        (default 1e-8 when ``lambda_max`` is not given, as Gambit's ``logit_solve``).
    first_step, max_steps: arc length of the first step and cap on the steps of the tracer.

    Returns
    -------
    :class:`AgentLogitPath`.

    Raises
    ------
    GameError
        For a tree without perfect recall or decision nodes, or bad tracer options.

    References
    ----------
    McKelvey and Palfrey (1998), Experimental Economics 1; Turocy (2005), GEB 51.
    """
    if not isinstance(tree, ExtensiveGame):
        raise GameError("the agent logit QRE is traced on game trees (bargain.ExtensiveGame), "
                        f"got {type(tree).__name__}")
    tree.check_perfect_recall("the agent logit QRE")
    if not tree.infosets:
        raise GameError("the agent logit QRE: the tree has no decision nodes")
    max_regret = check_trace_options(lambda_max, max_regret, first_step, None, max_steps)
    system = _AgentSystem(tree)
    zs, turning, bifurc, converged, notes = trace_branch(system, lambda_max, max_regret=max_regret,
                                                         first_step=first_step, max_step=None, max_steps=max_steps)
    Z = np.array(zs)
    W = Z[:, :-1].copy()
    for i in range(system.n):                       # normalise each set's log-probabilities
        block = W[:, system.off[i]: system.off[i + 1]]
        top = block.max(axis=1, keepdims=True)
        block -= top + np.log(np.exp(block - top).sum(axis=1, keepdims=True))
    return AgentLogitPath(tree, Z[:, -1] / system.scale, np.exp(W), converged, tuple(turning), tuple(bifurc),
                          tuple(notes), W)


@dataclass(frozen=True, eq=False)
class QRELimit:
    """The selected equilibrium: the limit of the agent logit QRE, with its beliefs and checks.

    Attributes
    ----------
    game: the tree.
    assessment: the limit behaviour with beliefs at every set, assessed as a sequential equilibrium
        (exact when the rational reading verified).
    path_beliefs: the Bayes beliefs of the last traced QRE at every information set
        (``{set label: {node name: float}}``): the limit beliefs the path selects.
    lam: the precision reached.
    converged: whether the tracer met its stopping rule.
    notes: how the limit was found and verified.
    """

    game: ExtensiveGame = field(repr=False)
    assessment: Assessment
    path_beliefs: dict[str, dict[str, float]]
    lam: float
    converged: bool
    notes: tuple[str, ...] = ()

    @property
    def behaviour(self) -> BehaviourProfile:
        return self.assessment.behaviour

    @property
    def exact(self) -> bool:
        return self.assessment.exact

    def describe(self, digits: int = 6) -> str:
        """The limit behaviour and beliefs, as :meth:`Assessment.describe`, and the precision reached."""
        return f"agent QRE limit (lambda = {self.lam:.4g})\n" + self.assessment.describe(digits)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the assessment, the path's limit beliefs, lambda, convergence and notes."""
        return {"assessment": self.assessment.to_dict(), "path_beliefs": self.path_beliefs, "lambda": self.lam,
                "converged": self.converged, "notes": list(self.notes)}


def _rational(v: float, tol: float = ROUND_TOL) -> Fraction | None:
    f = Fraction(v).limit_denominator(MAX_DENOMINATOR)
    return f if abs(float(f) - v) <= tol else None


def _rational_profile(tree: ExtensiveGame, b: BehaviourProfile, tol: float) -> BehaviourProfile | None:
    out = []
    for v in b.probabilities:
        fr = [_rational(float(p), tol) for p in v]
        if any(f is None for f in fr) or sum(fr) != 1:      # type: ignore[arg-type]
            return None
        out.append(fr)
    return BehaviourProfile.build(tree, out, exact=True)


def _cleaned(tree: ExtensiveGame, b: BehaviourProfile) -> BehaviourProfile:
    """``b`` with probabilities below :data:`ROUND_TOL` set to 0 (the limit's support), renormalised."""
    out = []
    for v in b.probabilities:
        w = np.where(np.asarray(v, dtype=float) < ROUND_TOL, 0.0, v)
        out.append(w / w.sum())
    return BehaviourProfile.build(tree, out, exact=False)


def qre_limit(tree: ExtensiveGame, *, max_regret: float | None = None, max_steps: int = 10_000) -> QRELimit:
    """The limit of the agent logit QRE of ``tree``: a selected sequential equilibrium, with its beliefs.

    Parameters
    ----------
    tree : ExtensiveGame
        A game tree with perfect recall.
    max_regret : float, optional
        Stopping rule of the tracer (see :func:`agent_logit_path`).
    max_steps : int
        Cap on the tracer's steps.

    Returns
    -------
    QRELimit
        Its ``assessment`` is exact (Fractions) when the limit read as fractions verifies as a
        sequential equilibrium; otherwise the floating-point end point (probabilities below
        :data:`ROUND_TOL` set to 0), assessed in floating point, and a note saying so.

    Raises
    ------
    GameError
        For a tree without perfect recall or decision nodes.

    References
    ----------
    McKelvey and Palfrey (1998), Experimental Economics 1 (limits of agent QRE are sequential
    equilibria); Kreps and Wilson (1982), Econometrica 50.
    """
    path = agent_logit_path(tree, max_regret=max_regret, max_steps=max_steps)
    end = path.profile(-1)
    log_reach = _AgentSystem(tree).log_reach(path.log_behaviour[-1])
    beliefs = {}
    for h in tree.infosets:                         # Bayes' rule in logs: exp(log P(x) - log P(h))
        lp = np.array([log_reach[x] for x in h.nodes])
        weights = np.exp(lp - lp.max())
        beliefs[h.label] = {tree.node_name(x): float(m) for x, m in zip(h.nodes, weights / weights.sum(), strict=True)}
    lam = float(path.lam[-1])
    notes = [f"agent logit QRE (conditional values, McKelvey and Palfrey 1998): {len(path)} points of the principal "
             f"branch traced to lambda = {lam:.6g}", *path.notes]
    a = None
    tried = False
    for tol in ROUND_LADDER if tree.is_exact else ():
        exact_b = _rational_profile(tree, end, tol)
        if exact_b is None:
            continue
        tried = True
        cand = assess(exact_b, "sequential", exact=True)
        if cand.satisfied:
            notes.append(f"the limit, read as fractions (each within {tol:g} of the path's end), is verified exactly "
                         "as a sequential equilibrium")
            a = _with_path_beliefs(cand, beliefs, notes, tol)
            break
    if a is None:
        a = assess(_cleaned(tree, end), "sequential", exact=False)
        notes.append(("no reading of the limit as fractions verifies as a sequential equilibrium" if tried else
                      "the limit is not read as fractions") + "; the floating-point end point is assessed instead"
                     + ("" if a.satisfied else " (at a finite lambda the indifferences hold only to about 1/lambda)"))
    return QRELimit(tree, a, beliefs, lam, path.converged, tuple(notes))


def _with_path_beliefs(a: Assessment, beliefs: dict[str, dict[str, float]], notes: list[str],
                       tol: float = ROUND_TOL) -> Assessment:
    """``a`` with the path's limit beliefs (as fractions) at every set, if they verify as consistent and
    sequentially rational; else ``a`` unchanged (a note says which)."""
    g = a.game
    mu: dict[int, tuple[Fraction, ...]] = {}
    for h in g.infosets:
        fr = [_rational(beliefs[h.label][g.node_name(x)], tol) for x in h.nodes]
        if any(f is None for f in fr) or sum(fr) != 1:       # type: ignore[arg-type]
            notes.append(f"the path's limit beliefs at {h.label} are not read as fractions; the assessment's own "
                         "admissible beliefs are shown")
            return a
        mu[h.index] = tuple(fr)                               # type: ignore[arg-type]
    if rationality_violations(a.behaviour, mu, exact=True) or not is_consistent(a.behaviour, mu):
        notes.append("the path's limit beliefs do not verify as a consistent, sequentially rational system; the "
                     "assessment's own admissible beliefs are shown")
        return a
    notes.append("beliefs at every set are the limits of the path's Bayes beliefs, verified exactly as consistent "
                 "and sequentially rational")
    named = {h.label: {g.node_name(x): m for x, m in zip(h.nodes, mu[h.index], strict=True)} for h in g.infosets}
    return dataclasses.replace(a, beliefs=named)

