"""The index check for n-player trees, on the agent normal form, evaluated from the tree.

The agent normal form (ANF) of a tree has one player -- an *agent* -- per information set, whose
strategies are the set's actions and whose payoff is that of the set's owner (Selten 1975).  A
behaviour profile of the tree is a mixed profile of the ANF, and the ANF payoff is multilinear in
it: ``U_i(b) = sum_z w(z) u_i(z) prod_{(h, a) on the path to z} b_h(a)``, each set at most once on
a path under perfect recall.

When every information set is reached with positive probability under *every* profile, the Nash
equilibria of the tree in behaviour strategies are exactly those of its ANF: an equilibrium is
locally optimal at every set it reaches, and under perfect recall local optimality at every set a
profile reaches makes each player's behaviour a best response (Kuhn 1953; Selten 1975; van Damme
1991, sec. 6.1).  Then the index theorem of the ANF applies to the tree: when every equilibrium is
regular, their indices sum to +1 (Gül, Pearce and Stacchetti 1993).  The sufficient condition is
checked by one pass over the tree (:func:`reaches_every_set`): a node *must reach* a set if it lies
in it, or it is a chance node with a positive-probability child that must reach it, or a decision
node all of whose children must reach it.

The index of an equilibrium is ``sign det(-J_R)`` for the Jacobian ``J_R`` of the replicator field
of the ANF on the tangent space (:mod:`bargain.solvers.completeness`).  It needs only each agent's
action values ``V_h(a) = dU/db_h(a)`` and their derivatives ``dV_h(a)/db_g(c)``, computed here from
the leaves' paths (the ANF table, exponential in the number of sets, is never built).

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in extensive
games. *Int. J. Game Theory* 4, 25-55.  Kuhn, H. W. (1953). Extensive games and the problem of
information. *Contributions to the Theory of Games* II.  Gül, F., Pearce, D. and Stacchetti, E.
(1993). A bound on the proportion of pure strategy equilibria in generic games. *Math. Oper. Res.*
18, 548-552.  Ritzberger, K. (1994). The theory of normal form games from the differentiable
viewpoint. *Int. J. Game Theory* 23, 207-236.  van Damme, E. (1991). *Stability and Perfection of
Nash Equilibria*, 2nd ed., Springer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from bargain.model.extensive import ExtensiveGame
from bargain.model.extensive.nodes import CHANCE, DECISION
from bargain.solvers.completeness import Evidence, _index_sign, certify_tree, covered, index_passed, merge
from bargain.solvers.dynamics import _tangent_basis
from bargain.solvers.result import Equilibria, Equilibrium

__all__ = ["MAX_ACTIONS", "MAX_TERMS", "agent_index", "agent_index_evidence", "agent_index_sum",
           "certify_tree_by_index", "reaches_every_set"]

#: Largest number of actions over all information sets (the size of the ANF replicator Jacobian) for
#: which the check runs: a dense eigenvalue problem of this size per equilibrium.
MAX_ACTIONS = 400
#: Largest number of (leaf, pair of moves on its path) terms, times the equilibria, that the check
#: evaluates (the second derivatives of the payoffs); beyond it the check does not run.
MAX_TERMS = 5_000_000


def reaches_every_set(tree: ExtensiveGame) -> bool:
    """Whether every information set of ``tree`` is reached with positive probability under every profile.

    Parameters
    ----------
    tree : ExtensiveGame
        A game tree.

    Returns
    -------
    bool
        True when the root *must reach* every set (see the module docstring): then the tree's Nash
        equilibria in behaviour strategies are those of its agent normal form.  Conservative: a
        False does not mean some profile avoids a set.

    References
    ----------
    Selten (1975), sec. 3; van Damme (1991), sec. 6.1.
    """
    kind, infoset, children = tree._kind, tree._infoset, tree._children
    must = [0] * tree.num_nodes      # bit h set: the node must reach set h
    for x in range(tree.num_nodes - 1, -1, -1):
        kids = children[x]
        if kind[x] == DECISION:
            both = ~0
            for c in kids:
                both &= must[c]
            must[x] = both | (1 << int(infoset[x]))
        elif kind[x] == CHANCE:
            probs = tree.chance_probabilities(x)
            for c, p in zip(kids, probs, strict=True):
                if p > 0:
                    must[x] |= must[c]
    return must[0] == (1 << len(tree.infosets)) - 1


class _Leaves:
    """Each leaf's path as columns of the ANF's concatenated actions, its chance weight and payoffs.

    ``cols`` is ``(Z, L)``, padded with the column ``K`` (one past the last action); ``owner[c]`` is the
    player of column ``c``'s set; payoffs are mapped onto [0, 1] per player (an affine map of the
    leaves is one of the ANF, and changes no index; :func:`completeness.equilibrium_index`).
    """

    def __init__(self, tree: ExtensiveGame) -> None:
        sets = tree.infosets
        self.offsets = np.concatenate([[0], np.cumsum([h.num_actions for h in sets])]).astype(np.int64)
        self.K = int(self.offsets[-1])
        self.shape = tuple(h.num_actions for h in sets)
        self.owner = np.repeat([h.player for h in sets], self.shape)
        kind, parent, edge, infoset = tree._kind, tree._parent, tree._edge, tree._infoset
        paths: list[tuple[int, ...]] = [()] * tree.num_nodes
        for x in range(1, tree.num_nodes):
            p = int(parent[x])
            paths[x] = paths[p] + ((int(self.offsets[infoset[p]]) + int(edge[x]),) if kind[p] == DECISION else ())
        leaves = [paths[int(z)] for z in tree.leaves]
        L = max((len(p) for p in leaves), default=0)
        self.cols = np.full((len(leaves), L), self.K, dtype=np.int64)
        for z, p in enumerate(leaves):
            self.cols[z, :len(p)] = p
        from bargain.solvers.sequence_form.sequences import sequence_form

        u = np.asarray(tree.leaf_payoffs, dtype=float)
        lo, span = u.min(axis=0), np.ptp(u, axis=0)
        unit = (u - lo) / np.where(span > 0, span, 1.0)
        self.weighted = unit * sequence_form(tree).leaf_weight[:, None]      # (Z, n)

    def jacobians(self, B: np.ndarray) -> np.ndarray:
        """The ANF replicator Jacobians (``(E, K, K)``) at the concatenated behaviours ``B`` (``(E, K)``).

        ``V[c]`` is the payoff of column ``c``'s owner when its agent plays ``c``; ``H[c, d]`` its
        derivative in the probability of ``d`` (another set's action).  Then, as for any normal form
        (:mod:`bargain.solvers.dynamics`): ``J[ha, hc] = delta_ac (V_ha - u_h) - b_ha V_hc`` and
        ``J[ha, gc] = b_ha (H[ha, gc] - sum_a' b_ha' H[ha', gc])`` for ``g != h``.
        """
        K, cols = self.K, self.cols
        E, L = B.shape[0], cols.shape[1]
        P = np.concatenate([B, np.ones((E, 1))], axis=1)[:, cols]         # (E, Z, L), padding 1
        mine = np.append(self.owner, 0)[cols]       # the owner of each path column
        W = np.take_along_axis(self.weighted, mine, axis=1)     # (Z, L): its weighted payoff
        e = np.arange(E)[:, None]
        V = np.zeros((E, K + 1))
        H = np.zeros((E, K + 1, K + 1))
        for j in range(L):
            rest = P[:, :, [q for q in range(L) if q != j]].prod(axis=2)
            np.add.at(V, (e, cols[None, :, j]), W[:, j] * rest)
        for j, k in combinations(range(L), 2):
            rest = P[:, :, [q for q in range(L) if q not in (j, k)]].prod(axis=2)
            np.add.at(H, (e, cols[None, :, j], cols[None, :, k]), W[:, j] * rest)
            np.add.at(H, (e, cols[None, :, k], cols[None, :, j]), W[:, k] * rest)
        V, H = V[:, :K], H[:, :K, :K]
        block = np.repeat(np.arange(len(self.shape)), self.shape)
        same = block[:, None] == block[None, :]
        sets = (block[None, :] == np.arange(len(self.shape))[:, None]).astype(float)     # (sets, K)
        avg = sets @ (B[:, :, None] * H)            # sum_a' b_ha' H[ha', :] per set h
        u = (B * V) @ sets.T
        J = np.where(same, -B[:, :, None] * V[:, None, :], B[:, :, None] * (H - avg[:, block, :]))
        J[:, np.arange(K), np.arange(K)] += V - u[:, block]
        return J


def _signs(data: _Leaves, behaviours: Sequence[Sequence[Sequence[float]]]) -> list[int | None]:
    """The ANF index of each behaviour profile (None where not regular), in one stacked eigenvalue problem."""
    if not len(behaviours):
        return []
    B = np.array([np.concatenate([np.asarray(row, dtype=float) for row in b]) for b in behaviours])
    Q = _tangent_basis(data.shape)
    lam = np.linalg.eigvals(Q.T @ data.jacobians(B) @ Q)
    return [_index_sign(row, 1.0) for row in lam]


def agent_index(tree: ExtensiveGame, behaviour: Sequence[Sequence[float]]) -> int | None:
    """The index of the behaviour equilibrium ``behaviour`` in the agent normal form of ``tree``.

    Parameters
    ----------
    tree : ExtensiveGame
        A perfect-recall tree.
    behaviour : sequence of sequences of float
        The probabilities of each information set's actions (an equilibrium of the ANF).

    Returns
    -------
    int or None
        ``sign det(-J_R)`` (+1 or -1), or None when the equilibrium is not regular in the ANF.

    References
    ----------
    Ritzberger (1994), sec. 4; Gül, Pearce and Stacchetti (1993).
    """
    return _signs(_Leaves(tree), [behaviour])[0]


def agent_index_sum(tree: ExtensiveGame, equilibria: Sequence[Equilibrium]) -> tuple[int | None, int]:
    """``(sum of ANF indices, number of equilibria irregular in the ANF)``; the sum is None if any is.

    Parameters
    ----------
    tree : ExtensiveGame
        A perfect-recall tree.
    equilibria : sequence of Equilibrium
        Equilibria of ``tree`` in behaviour strategies.

    Returns
    -------
    tuple
        The index sum (None when some equilibrium is irregular) and the count of irregular ones.
    """
    signs = _signs(_Leaves(tree), [eq.behaviour.probabilities for eq in equilibria])
    irregular = sum(k is None for k in signs)
    return (None if irregular else sum(k for k in signs if k is not None)), irregular


def agent_index_evidence(result: Equilibria) -> Evidence | None:
    """The index check of a tree's answer on its agent normal form, or None where it does not apply.

    Parameters
    ----------
    result : Equilibria
        Equilibria of a perfect-recall tree in behaviour strategies.

    Returns
    -------
    Evidence or None
        None when some set may go unreached (the ANF may then have other equilibria), the tree has
        more than :data:`MAX_ACTIONS` actions or the check more than :data:`MAX_TERMS` terms, the answer
        lists continua, or some equilibrium is not regular in the ANF.  Otherwise kind ``"index"``,
        passed when the indices sum to +1, failed (some equilibria are missing) when they do not.
    """
    tree = result.game
    if (result.continua or not len(result) or sum(h.num_actions for h in tree.infosets) > MAX_ACTIONS
            or not reaches_every_set(tree)):
        return None
    depth = max((len(tree.node_path(int(z))) for z in tree.leaves), default=0)
    if len(tree.leaves) * depth * depth * len(result) > 2 * MAX_TERMS:
        return None
    total, _ = agent_index_sum(tree, list(result))
    if total is None:
        return None
    n = len(result)
    where = ("in the agent normal form, whose equilibria are the tree's: every information set is reached "
             "under every profile (Kuhn; Selten)")
    if total == 1:
        ev = index_passed(n)
        return dataclasses.replace(ev, detail=f"{ev.detail}, {where}")
    return Evidence("index", False, total, 0,
                    f"index check failed: the indices of the {n} regular equilibria sum to {total:+d}, not +1, "
                    f"{where}, so some equilibria are missing")


def certify_tree_by_index(result: Equilibria, detail: str, recheck: Callable[[], Sequence[Equilibrium]] | None = None,
                          route: str = "") -> Equilibria:
    """A tree solver's answer with its claim backed by the ANF index check where it applies.

    Where :func:`agent_index_evidence` does not apply, this is
    :func:`~bargain.solvers.completeness.certify_tree`.  Where it does, the equilibria ``recheck()``
    (the independent route, if any) finds outside the answer are merged in first; then indices summing
    to +1 make the evidence ``"index"``, and any other sum withdraws the claim, naming the failed check
    (an exhaustive enumeration that the theorem contradicts has missed something).

    Parameters
    ----------
    result : Equilibria
        A tree solver's answer.
    detail : str
        Why the solver calls it complete (one sentence, for the evidence when the check does not apply).
    recheck : callable, optional
        Returns the verified equilibria found by the independent route.
    route : str
        What ``recheck`` does, for the note.

    Returns
    -------
    Equilibria
        A new result object carrying ``evidence``.

    References
    ----------
    Gül, Pearce and Stacchetti (1993); Selten (1975).
    """
    ev = agent_index_evidence(result) if result.complete else None
    if ev is None or (ev.passed and recheck is None):
        return certify_tree(result, detail, recheck, route)
    notes = list(result.notes)
    eqs = list(result)
    if recheck is not None:
        new = [e for e in recheck() if not covered(e, result)]
        if new:
            eqs = merge(eqs, new)
            notes.append(f"{route} found {len(new)} equilibri{'um' if len(new) == 1 else 'a'} the solver missed "
                         "(now listed)")
            ev = agent_index_evidence(result.replace(eqs)) or ev
        else:
            notes.append(f"{route} finds no other equilibrium")
    if ev.passed:
        return result.replace(eqs, notes=[*notes, ev.detail]).with_evidence(ev)
    return result.replace(eqs, complete=False, notes=[*notes, "not complete: " + ev.detail]).with_evidence(ev)
