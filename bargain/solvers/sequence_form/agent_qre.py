"""A logit quantal response path on the agent normal form of a game tree, traced to its limit.

In the *agent form* of a tree every information set is a separate agent that chooses its action
and receives the payoff of the player who owns the set (Selten 1975, "Reexamination of the
perfectness concept for equilibrium points in extensive games", IJGT 4).  This module traces the
logit QRE of the *agent normal form*: every agent plays each action with probability proportional
to ``exp(lambda * v)``, ``v`` the owner's *unconditional* expected payoff of the action (the value
at the set times the probability of reaching it).  McKelvey and Palfrey's agent QRE (1998,
"Quantal response equilibria for extensive form games", Experimental Economics 1), which Gambit's
``logit_solve`` traces on trees, uses the *conditional* value at the set instead: the two paths
agree on sets reached with probability one and are otherwise different paths, which may end at
different equilibria.  Along this path every set is reached with positive probability, and its
limits as ``lambda -> infinity`` are Nash equilibria of the agent form; the limit is refined and
kept only if it verifies as a Nash equilibrium of the tree.

The agent normal form is built from the leaves (each leaf adds its chance-weighted payoff to the
cells that agree with the actions on its path) and its principal logit branch is traced by the
normal-form tracer (:func:`bargain.solvers.qre.qre_path`, Turocy 2005); the limit is refined
there, read as a behaviour profile, and verified as a Nash equilibrium on the tree
(:func:`.verify.make_behaviour_equilibrium`).  The agent normal form has ``prod_h |A(h)|`` cells,
so this route is for small trees (at most :data:`MAX_CELLS` cells).

References
----------
McKelvey and Palfrey (1998), Experimental Economics 1; McKelvey and Palfrey (1995), GEB 10;
Turocy (2005), GEB 51; Selten (1975), IJGT 4.
"""

from __future__ import annotations

import math

import numpy as np

from bargain.errors import GameError, VerificationError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.extensive.nodes import DECISION
from bargain.model.game import Game
from bargain.solvers.qre import limit_equilibrium, qre_path
from bargain.solvers.result import Equilibria
from bargain.solvers.sequence_form.sequences import sequence_form
from bargain.solvers.sequence_form.verify import make_behaviour_equilibrium

__all__ = ["agent_normal_form", "agent_qre", "MAX_CELLS"]

METHOD = "agent-qre"
#: Largest agent normal form (cells times agents) this route builds.
MAX_CELLS = 4_000_000


def agent_normal_form(tree: ExtensiveGame) -> Game:
    """The agent normal form: one player per information set (named ``"player:set"``), its
    actions as strategies, the owner's expected payoff as its payoff.

    Raises
    ------
    GameError
        If the table would have more than :data:`MAX_CELLS` entries.
    """
    sets = tree.infosets
    shape = tuple(h.num_actions for h in sets)
    cells = math.prod(shape) * max(1, len(sets))
    if cells > MAX_CELLS:
        raise GameError(f"the agent normal form of this tree has {cells:.3g} entries (limit {MAX_CELLS:.0e}); "
                        "agent-qre is for small trees")
    N = tree.num_nodes
    kind, parent, edge, infoset = tree._kind, tree._parent, tree._edge, tree._infoset
    weight = np.ones(N)
    for x in range(1, N):
        p = int(parent[x])
        weight[x] = weight[p] if kind[p] == DECISION else weight[p] * float(tree.chance_probabilities(p)[edge[x]])
    U = np.zeros((tree.n_players, *shape))
    for z, u in zip(tree.leaves.tolist(), tree.leaf_payoffs, strict=True):
        idx: list[object] = [slice(None)] * len(sets)
        x = z
        while x != 0:
            p = int(parent[x])
            if kind[p] == DECISION:
                idx[int(infoset[p])] = int(edge[x])
            x = p
        for i in range(tree.n_players):
            U[(i, *idx)] += weight[z] * u[i]
    agents = np.array([h.player for h in sets], dtype=np.int64)
    return Game(U[agents] if len(sets) else U[:0], players=[f"{tree.players[h.player]}:{h.label}" for h in sets],
                strategies=[list(h.actions) for h in sets])


def agent_qre(tree: ExtensiveGame, *, exact: bool = False, tol: float | None = None,
              lambda_max: float | None = None, max_regret: float | None = None, first_step: float = 0.03,
              max_steps: int = 10_000) -> Equilibria:
    """The Nash equilibrium at the limit of the principal logit branch of a tree's agent normal form.

    Parameters
    ----------
    tree: a tree with perfect recall (any number of players).
    exact: ignored (the path is traced in floating point).
    tol: regret tolerance of the verification on the tree.
    lambda_max, max_regret, first_step, max_steps: passed to :func:`bargain.solvers.qre.qre_path`.

    Returns
    -------
    :class:`~bargain.solvers.result.Equilibria` with the limit equilibrium in behaviour strategies
    (none, with a note, if the path does not reach a limit that verifies on the tree: the support
    refinement can land on an equilibrium of the agent form that a player beats by changing their
    moves at several sets at once); ``complete=False``.

    Raises
    ------
    GameError
        For a tree without perfect recall or with a too large agent normal form.

    References
    ----------
    McKelvey and Palfrey (1998), Experimental Economics 1; Turocy (2005), GEB 51.
    """
    if not isinstance(tree, ExtensiveGame):
        raise GameError(f"{METHOD} solves game trees (bargain.ExtensiveGame), got {type(tree).__name__}")
    sf = sequence_form(tree)
    if not tree.infosets:
        raise GameError(f"{METHOD}: the tree has no decision nodes")
    G = agent_normal_form(tree)
    path = qre_path(G, lambda_max, max_regret=max_regret, first_step=first_step, max_steps=max_steps)
    eq, why = limit_equilibrium(G, path, tol)
    notes = [f"logit QRE of the agent normal form (unconditional agent payoffs): traced {len(path)} points of its "
             f"principal branch ({len(tree.infosets)} agents) to lambda = {path.lam[-1]:.6g}", why, *path.notes]
    if eq is None:
        return Equilibria(tree, [], METHOD, complete=False, notes=notes)
    b = BehaviourProfile.build(tree, [np.asarray(p, dtype=float) for p in eq.profile], exact=False)
    plans = [sf.plan_from_behaviour(b, i) for i in range(tree.n_players)]
    try:
        found = make_behaviour_equilibrium(sf, plans, METHOD, tol=tol)
    except VerificationError as exc:    # an equilibrium of the agent form that is no Nash equilibrium of the tree
        return Equilibria(tree, [], METHOD, complete=False,
                          notes=[*notes, f"the refined limit is an equilibrium of the agent form but not of the tree "
                                         f"({exc}); nothing is reported"])
    return Equilibria(tree, [found], METHOD, complete=False,
                      notes=[*notes, "the limit is verified as a Nash equilibrium of the tree"])
