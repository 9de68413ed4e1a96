"""Subgame-perfect equilibria of a perfect-information game tree in closed form, each with its regime.

In a finite tree of perfect information (chance moves allowed) backward induction gives a pure
subgame-perfect equilibrium, unique where no mover is indifferent (Kuhn 1953; Selten 1965).  Fix
the move at every information set: every node's continuation value is then a polynomial in the
parameters (the leaf payoffs times the chance probabilities on the way), and the profile is subgame
perfect exactly where, at every decision node -- on the equilibrium path or off it -- the mover's
value of the chosen action is at least that of each other action.  That conjunction of polynomial
inequalities is the profile's regime; where one binds, two moves tie and the equilibrium switches
(the thresholds :mod:`.switches` solves for).

:func:`spe_solutions` finds the profiles that are subgame perfect at some point of the sample of the
parameter box (backward induction vectorised over the whole sample,
:func:`~bargain.solvers.backward_induction.backward_induction_batch`) and writes each as a
:class:`~.supports.SupportSolution` (the reduced pure strategies it plays, its payoffs and its gap
conditions, in the parameter ring); :func:`verify_spe` cross-checks a regime against numeric backward
induction on the tree (same move at every information set, payoffs to 1e-9) at the sample points
farthest inside it.  No support of the reduced normal form is enumerated, so the route serves trees
whose reduced normal form is too large for support enumeration (:func:`~.solve.formulas`); it gives the
subgame-perfect equilibria, not the Nash equilibria that rest on incredible threats.

References
----------
Kuhn, H. W. (1953). "Extensive games and the problem of information", *Contributions to the Theory
of Games* II, 193-216.
Selten, R. (1965). "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
*Zeitschrift für die gesamte Staatswissenschaft* 121, 301-324.
Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, MIT Press, ch. 6.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bargain.analysis.symbolic.records import Condition, SupportSolution
from bargain.analysis.symbolic.regions import Region, Samples
from bargain.analysis.symbolic.switches import node_values, traced_numbers
from bargain.analysis.symbolic.trace import SymbolicGame
from bargain.solvers.backward_induction import backward_induction_batch

__all__ = ["METHOD", "spe_solutions", "verify_spe"]

#: The ``method`` of a :class:`SupportSolution` built here.
METHOD = "backward induction"


def _batch(sg: SymbolicGame, points: np.ndarray) -> Any:
    """Numeric backward induction on the tree at each row of ``points`` (the parameters of ``sg``; the model's
    other parameters at their defaults)."""
    names = list(sg.symbols)
    return backward_induction_batch(sg.model, **{n: points[:, v] for v, n in enumerate(names)})


def spe_solutions(sg: SymbolicGame, samples: Samples) -> list[SupportSolution]:
    """The pure subgame-perfect profiles met on the sample, each with its payoffs and regime conditions.

    Parameters
    ----------
    sg : SymbolicGame
        A traced perfect-information :class:`~bargain.model.extensive.ExtensiveModel`.
    samples : Samples
        The sample of the parameter box (points where a mover ties are skipped).

    Returns
    -------
    list of SupportSolution
        ``method`` is :data:`METHOD`; ``support`` the reduced pure strategy of each player that the
        profile plays; ``moves`` the action index at every information set (by label); ``conditions``
        one ``gap >= 0`` per decision node and other action (kind ``"move"``), duplicates and
        constant non-negative gaps dropped.
    """
    tree = sg.model.reference_tree
    leaves, chance = traced_numbers(sg)
    batch = _batch(sg, samples.points)
    labels = [h.label for h in tree.infosets]
    acts = np.stack([np.broadcast_to(batch.actions[h], (samples.size,)) for h in labels], axis=-1)
    ok = ~np.broadcast_to(batch.ties, (samples.size,))
    R = next(iter(leaves.values()))[0].ring
    out = []
    for row in np.unique(acts[ok], axis=0):
        moves = dict(zip(labels, (int(a) for a in row), strict=True))
        vals = node_values(tree, leaves, chance, moves)
        conds: list[Condition] = []
        seen: set[Any] = set()
        for x in range(tree.num_nodes):
            if tree.node_kind(x) != "decision":
                continue
            i, h = tree.node_player(x), tree.node_infoset(x)
            kids = tree.children(x)
            b = moves[h.label]
            for a in range(len(kids)):
                gap = vals[kids[b]][i] - vals[kids[a]][i]
                if a == b or gap in seen or (gap.is_ground and gap >= 0):
                    continue
                seen.add(gap)
                conds.append(Condition(gap, R.one, False, "move", i, a,
                                       f"{tree.players[i]} at {tree.node_name(x)}: {h.actions[a]} as good as "
                                       f"{h.actions[b]}"))
        support = tuple((_reduced_index(tree, i, moves),) for i in range(tree.n_players))
        profile = [[(R.one, R.one) if k == s[0] else (R.zero, R.one) for k in range(len(sg.strategies[i]))]
                   for i, s in enumerate(support)]
        out.append(SupportSolution(support, profile, [(v, R.one) for v in vals[0]], conds, METHOD,
                                   moves=moves, moves_label=moves_text(tree, moves)))
    return out


def moves_text(tree: Any, moves: dict[str, int]) -> str:
    """``"US:Sanction/Engage | China:Optics/Lax/Lax"``: each player's action at every one of their
    information sets, in order (off the path too: a subgame-perfect profile says what it does there)."""
    plan = {h.index: moves[h.label] for h in tree.infosets}
    return " | ".join(f"{player}:{tree.plan_label(i, plan)}" for i, player in enumerate(tree.players))


def _reduced_index(tree: Any, i: int, moves: dict[str, int]) -> int:
    """The index of the reduced strategy of player ``i`` that agrees with ``moves`` wherever it is defined."""
    by_index = {h.index: moves[h.label] for h in tree.infosets}
    for k, plan in enumerate(tree.reduced_strategies(i)):
        if all(by_index[h] == a for h, a in plan.items()):
            return k
    raise AssertionError("every full plan restricts to one reduced plan")       # pragma: no cover


def verify_spe(sg: SymbolicGame, sol: SupportSolution, reg: Region, smp: Samples, k: int) -> tuple[int, float]:
    """Compare a subgame-perfect formula with numeric backward induction at the ``k`` region samples farthest
    from its boundary.

    Parameters
    ----------
    sg : SymbolicGame
        The traced tree.
    sol : SupportSolution
        A solution from :func:`spe_solutions`.
    reg : Region
        One of its regions.
    smp : Samples
        The sample the region is measured on.
    k : int
        How many points to check.

    Returns
    -------
    tuple of (int, float)
        Points checked and the largest payoff difference (infinite where backward induction, with no
        mover indifferent, takes another move at some information set).
    """
    pick = reg.deepest(smp, k)
    if pick.size == 0:
        return 0, float("inf")
    batch = _batch(sg, smp.points[pick])
    ties = np.broadcast_to(batch.ties, (pick.size,))
    acts = {h: np.broadcast_to(a, (pick.size,)) for h, a in batch.actions.items()}
    payoffs = np.broadcast_to(batch.payoffs, (pick.size, len(sol.values)))
    worst = 0.0
    for row, idx in enumerate(pick):
        if ties[row]:
            continue
        if any(int(acts[h][row]) != a for h, a in sol.moves.items()):
            return int(pick.size), float("inf")
        formula = np.array([smp(num)[idx] / smp(den)[idx] for num, den in sol.values])
        worst = max(worst, float(np.max(np.abs(payoffs[row] - formula))))
    return int(pick.size), worst
