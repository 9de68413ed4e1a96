"""Degenerate supports on which one or two players mix: is there an equilibrium in the face?

When only player ``i`` mixes on a behaviour support and ``i``'s indifference equations vanish
identically, every plan in the support's face solves them: the support's solution set is the
whole (relatively open) face, positive-dimensional.  The equilibria in it are the plans ``x_i`` of
the face against which no other player has a better plan -- for each other player ``j`` a
condition linear in ``x_i``, because ``j``'s best-response value is the optimum of the
sequence-form LP ``min { e'q : E_j' q >= A_j x_i }`` (Koller, Megiddo and von Stengel 1996; von
Stengel 1996) -- and against which ``i`` has no better plan outside the face.  One linear program
(maximise the smallest support-sequence probability ``t`` over those conditions) decides whether
that set meets the open face: if ``t <= 0``, the support holds no equilibrium and the solver need
not flag it.  With two mixers ``i, j`` whose linear systems have lower rank, ``i``'s equations
and ``i``'s deviations constrain only ``j``'s plan (and vice versa): two such LPs.  Supports with
unreached sets that some owner's own plan reaches are not decided here (their behaviour is not
fixed).

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


def _open_sets(sf: SequenceForm, system: SupportSystem) -> bool:
    """Whether some set the support does not reach is reached by its owner's own plan somewhere
    in the face (its behaviour then matters and is not fixed by the support)."""
    tree = sf.game
    for h, acts in enumerate(system.support):
        if acts:
            continue
        owner = tree.infosets[h].player
        if np.any(np.asarray(system.maps[owner], dtype=float)[int(sf.infoset_parent[h])] != 0):
            return True
    return False


def _no_deterring_point(sf: SequenceForm, system: SupportSystem, p: int, checked: list[int],
                        equations: np.ndarray | None, tol: float) -> bool:
    """One LP: no ``v_p`` in player ``p``'s open face (and on ``equations @ (1, v_p) = 0``) leaves every
    player in ``checked`` without a better plan, the other players at their base plans ``maps[k][:, 0]``.

    Each checked player ``k``'s best-response value is the sequence-form LP optimum
    ``min { e'q : E_k' q >= A_k (1, v_p) }``, so ``BR_k <= U_k`` is linear in ``(v_p, q_k)``.
    """
    tree = sf.game
    n = tree.n_players
    seqs, w = sf.leaf_sequences, sf.leaf_weight
    pay = np.asarray(tree.leaf_payoffs, dtype=float)
    Mp = np.asarray(system.maps[p], dtype=float)
    base = _fixed_plans(sf, system)
    reach = np.stack([base[k][seqs[:, k]] for k in range(n)])
    d = Mp.shape[1] - 1
    sizes = [1 + len(sf.player_infosets[k]) for k in checked]
    nv = d + 1 + sum(sizes)                       # v_p (d), t, q_k for each checked player
    A_ub: list[np.ndarray] = []
    b_ub: list[float] = []
    for s in np.flatnonzero(np.any(Mp != 0, axis=1)):    # t <= every support-sequence probability
        row = np.zeros(nv)
        row[:d] = -Mp[s, 1:]
        row[d] = 1.0
        A_ub.append(row)
        b_ub.append(float(Mp[s, 0]))
    row = np.zeros(nv)
    row[d] = 1.0
    A_ub.append(row)
    b_ub.append(1.0)
    xp = Mp[seqs[:, p]]                           # (L, d + 1): x_p at each leaf, as (1, v_p)
    off = d + 1
    for k, size in zip(checked, sizes, strict=True):
        fixed = np.prod(np.delete(reach, [p, k], axis=0), axis=0)
        A = np.zeros((sf.num_sequences[k], d + 1))
        np.add.at(A, seqs[:, k], (w * pay[:, k] * fixed)[:, None] * xp)
        E = np.asarray(sf.constraints(k)[0].toarray(), dtype=float)
        for s in range(sf.num_sequences[k]):       # E_k' q >= A_k (1, v)
            row = np.zeros(nv)
            row[:d] = A[s, 1:]
            row[off:off + size] = -E[:, s]
            A_ub.append(row)
            b_ub.append(-float(A[s, 0]))
        row = np.zeros(nv)                          # e' q <= x_k' A_k (1, v)
        row[:d] = -(base[k] @ A[:, 1:])
        row[off] = 1.0
        A_ub.append(row)
        b_ub.append(float(base[k] @ A[:, 0]) + tol)
        off += size
    A_eq, b_eq = [], []
    if equations is not None:
        for r in np.asarray(equations, dtype=float):
            row = np.zeros(nv)
            row[:d] = r[1:]
            A_eq.append(row)
            b_eq.append(-float(r[0]))
    cost = np.zeros(nv)
    cost[d] = 1.0
    res = linprog(cost, A_ub, b_ub, A_eq, b_eq, free=[d, *range(d + 1, nv)], exact=False)
    if res.status == "infeasible":
        return True
    return res.ok and float(res.value) <= 1e-9


def face_has_no_equilibrium(sf: SequenceForm, system: SupportSystem, tol: float) -> bool:
    """Whether a degenerate support on which one or two players mix provably holds no equilibrium
    with exactly its support.

    One mixer ``i`` (equations identically zero): ``i``'s own deviations (``i``'s payoff is constant
    on the face) and one LP over ``v_i`` with every other player checked.  Two mixers ``i, j``
    (linear equations of lower rank): each one's equations and deviations constrain only the other's
    free variables, so two LPs (over ``v_j`` with ``i`` checked, over ``v_i`` with ``j`` checked); the
    other players' conditions are bilinear and left out, so only emptiness is concluded.

    Parameters
    ----------
    sf : SequenceForm
        The tree's sequence form.
    system : SupportSystem
        A support on which one or two players mix, with a positive-dimensional solution set.
    tol : float
        Payoff tolerance.

    Returns
    -------
    bool
        True only when proved empty; False when the set may be nonempty or the support has
        unreached sets whose behaviour matters.
    """
    if _open_sets(sf, system) or len(system.mixing) not in (1, 2):
        return False
    tree = sf.game
    if len(system.mixing) == 2:
        i, j = system.mixing
        return (_no_deterring_point(sf, system, j, [i], system.coeffs[0], tol)
                or _no_deterring_point(sf, system, i, [j], system.coeffs[1], tol))
    (i,) = system.mixing
    plans = _fixed_plans(sf, system)
    seqs = sf.leaf_sequences
    reach = np.stack([plans[k][seqs[:, k]] for k in range(tree.n_players)])
    others = np.prod(np.delete(reach, i, axis=0), axis=0)
    c = np.zeros(sf.num_sequences[i])
    np.add.at(c, seqs[:, i], sf.leaf_weight * np.asarray(tree.leaf_payoffs, dtype=float)[:, i] * others)
    if sf.best_response(i, c)[0] - float(c @ plans[i]) > 10 * tol:
        return True                                 # the mixer's payoff is constant on the face
    return _no_deterring_point(sf, system, i, [k for k in range(tree.n_players) if k != i], None, tol)
