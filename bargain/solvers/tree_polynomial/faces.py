"""Supports on which one player mixes and is indifferent over a whole face of plans.

When only player ``i`` mixes on a behaviour support and ``i``'s indifference equations vanish
identically, every plan in the support's face solves them: the support's solution set is the
whole (relatively open) face, positive-dimensional.  The equilibria in it are the plans ``x_i`` of
the face against which no other player has a better plan -- for each other player ``j`` a
condition linear in ``x_i``, because ``j``'s best-response value is the optimum of the
sequence-form LP ``min { e'q : E_j' q >= A_j x_i }`` (Koller, Megiddo and von Stengel 1996; von
Stengel 1996) -- and against which ``i`` has no better plan outside the face.  One linear program
(maximise the smallest support-sequence probability ``t`` over those conditions) decides whether
that set meets the open face: if ``t <= 0``, the support holds no equilibrium and the solver need
not flag it.  Supports with unreached sets that some owner's own plan reaches are not decided
here (their behaviour is not fixed).

References
----------
Koller, Megiddo and von Stengel (1996). Efficient computation of equilibria for extensive
two-person games. *Games Econ. Behav.* 14.  von Stengel, B. (1996). Efficient computation of
behavior strategies. *Games Econ. Behav.* 14.
"""

from __future__ import annotations

import numpy as np

from bargain.linalg.exact import linprog
from bargain.solvers.sequence_form.sequences import SequenceForm
from bargain.solvers.tree_polynomial.supports import SupportSystem

__all__ = ["face_has_no_equilibrium"]


def _fixed_plans(sf: SequenceForm, system: SupportSystem) -> list[np.ndarray]:
    return [np.asarray(M, dtype=float)[:, 0] for M in system.maps]


def face_has_no_equilibrium(sf: SequenceForm, system: SupportSystem, tol: float) -> bool:
    """Whether the one-mixer support ``system`` (equations identically zero) provably holds no
    equilibrium with exactly its support.

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    system : SupportSystem
        A support on which exactly one player mixes, with vanishing indifference equations.
    tol : float
        Payoff tolerance.

    Returns
    -------
    bool
        True only when proved empty (by the mixing player's own deviation or by the LP); False
        when the set may be nonempty or the support has unreached sets whose behaviour matters.
    """
    tree = sf.game
    (i,) = system.mixing
    Mi = np.asarray(system.maps[i], dtype=float)
    plans = _fixed_plans(sf, system)
    for h, acts in enumerate(system.support):
        if acts:
            continue
        owner = tree.infosets[h].player
        par = int(sf.infoset_parent[h])
        if (np.any(Mi[par] != 0) if owner == i else plans[owner][par] > 0):
            return False        # an unreached set its owner's plan reaches: behaviour there not fixed
    seqs, w = sf.leaf_sequences, sf.leaf_weight
    pay = np.asarray(tree.leaf_payoffs, dtype=float)
    n = tree.n_players
    reach = np.stack([plans[k][seqs[:, k]] for k in range(n)])

    # the mixing player's own deviations: their payoff is constant on the face
    others = np.prod(np.delete(reach, i, axis=0), axis=0)
    c = np.zeros(sf.num_sequences[i])
    np.add.at(c, seqs[:, i], w * pay[:, i] * others)
    if sf.best_response(i, c)[0] - float(c @ Mi[:, 0]) > 10 * tol:
        return True

    d = Mi.shape[1] - 1
    rest = [j for j in range(n) if j != i]
    sizes = [1 + len(sf.player_infosets[j]) for j in rest]
    nv = d + 1 + sum(sizes)                       # v (d), t, q_j for each other player
    A_ub: list[np.ndarray] = []
    b_ub: list[float] = []
    for s in np.flatnonzero(np.any(Mi != 0, axis=1)):
        row = np.zeros(nv)
        row[:d] = -Mi[s, 1:]
        row[d] = 1.0
        A_ub.append(row)
        b_ub.append(float(Mi[s, 0]))
    row = np.zeros(nv)
    row[d] = 1.0
    A_ub.append(row)
    b_ub.append(1.0)
    off = d + 1
    xi = Mi[seqs[:, i]]                            # (L, d + 1): x_i at each leaf, as (1, v)
    for j, size in zip(rest, sizes, strict=True):
        fixed = np.prod(np.delete(reach, [i, j], axis=0), axis=0) if n > 2 else np.ones(len(w))
        A = np.zeros((sf.num_sequences[j], d + 1))
        np.add.at(A, seqs[:, j], (w * pay[:, j] * fixed)[:, None] * xi)
        E = np.asarray(sf.constraints(j)[0].toarray(), dtype=float)
        for s in range(sf.num_sequences[j]):       # E_j' q >= A_j (1, v)
            row = np.zeros(nv)
            row[:d] = A[s, 1:]
            row[off:off + size] = -E[:, s]
            A_ub.append(row)
            b_ub.append(-float(A[s, 0]))
        row = np.zeros(nv)                          # e' q <= p_j' A_j (1, v)
        row[:d] = -(plans[j] @ A[:, 1:])
        row[off] = 1.0
        A_ub.append(row)
        b_ub.append(float(plans[j] @ A[:, 0]) + tol)
        off += size
    cost = np.zeros(nv)
    cost[d] = 1.0
    res = linprog(cost, A_ub, b_ub, free=[d, *range(d + 1, nv)], exact=False)
    if res.status == "infeasible":
        return True
    return res.ok and float(res.value) <= 1e-9
