"""Zero-sum two-player trees by the sequence-form linear program (HiGHS), exact where rational.

For a zero-sum tree with player 1's sequence-form matrix ``A``, player 1's optimal realisation
plans solve (Koller, Megiddo and von Stengel 1996, "Efficient computation of equilibria for
extensive two-person games", GEB 14, sec. 3; von Stengel 1996, GEB 14, sec. 4):

    maximise  f^T q = q_0   subject to   F^T q - A^T x <= 0,   E x = e,   x >= 0,   q free,

the dual of player 2's best response ``min_y x^T A y`` over ``F y = f, y >= 0`` written inside
player 1's maximisation.  Its dual is player 2's program, so the duals of the constraints
``F^T q - A^T x <= 0`` are player 2's optimal realisation plan ``y``, and ``q_0`` is the value of
the game.  The program has size linear in the tree and is solved by HiGHS with sparse matrices.

With rational payoffs, the HiGHS vertex is rebuilt exactly: on the float solution's support and
its binding constraints the optimality conditions are a square linear system, solved over the
rationals (:func:`bargain.model.numbers.solve_rational`) and verified on the tree in exact
arithmetic; if that fails the float solution is reported with a note.  A constant-sum tree
(``u_1 + u_2`` the same at every leaf) is treated as the zero-sum tree it is strategically.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from bargain.errors import GameError, VerificationError
from bargain.linalg.exact import solve_rational
from bargain.model.extensive import ExtensiveGame
from bargain.model.numbers import format_number
from bargain.solvers.result import Equilibria
from bargain.solvers.sequence_form.sequences import SequenceForm, sequence_form
from bargain.solvers.sequence_form.verify import make_behaviour_equilibrium

__all__ = ["sequence_form_lp", "is_constant_sum"]

METHOD = "seqform-lp"


def is_constant_sum(tree: ExtensiveGame) -> bool:
    """Whether ``u_1 + u_2`` is the same at every leaf (exactly for exact trees)."""
    if tree.n_players != 2 or not len(tree.leaves):
        return False
    if tree.is_exact:
        tot = {a + b for a, b in tree.exact_leaf_payoffs.tolist()}
        return len(tot) == 1
    s = tree.leaf_payoffs.sum(axis=1)
    return float(np.ptp(s)) <= tree.tolerance


def _maximin(sf: SequenceForm, own: int, A: Any) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
    """``max_x min_y x^T A y`` over realisation plans: ``(x, y, value, binding)``; ``A`` rows =
    ``own``'s sequences; ``binding`` marks the opponent's sequences whose constraint is tight."""
    E, e = sf.constraints(own)
    F, _ = sf.constraints(1 - own)
    m, rF = E.shape[1], F.shape[0]
    c = np.zeros(m + rF)
    c[m] = -1.0                                              # maximise q_0
    a_ub = sp.hstack([-sp.csr_matrix(A).T, F.T]).tocsr()     # F^T q - A^T x <= 0
    a_eq = sp.hstack([E, sp.csr_matrix((E.shape[0], rF))]).tocsr()
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(a_ub.shape[0]), A_eq=a_eq, b_eq=np.asarray(e, dtype=float),
                  bounds=[(0, None)] * m + [(None, None)] * rF, method="highs")
    if res.status != 0:        # cannot happen: the program is feasible and bounded
        raise VerificationError(f"HiGHS failed on the sequence-form LP: {res.message}")
    x = np.clip(res.x[:m], 0.0, None)
    y = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    scale = max(1.0, float(abs(a_ub).max()) if a_ub.nnz else 1.0)
    binding = np.abs(np.asarray(res.ineqlin.residual, dtype=float)) <= 1e-9 * scale
    return x, y, float(-res.fun), binding


def _exact_plan(sf: SequenceForm, own: int, Aq: np.ndarray, x: np.ndarray, binding: np.ndarray,
                ) -> list[Fraction] | None:
    """Rebuild ``own``'s optimal plan exactly on the float optimal vertex: ``E x = e``, ``x_j = 0``
    off the support of ``x``, ``(F^T q - A^T x)_k = 0`` where the constraint binds."""
    E, _ = sf.constraints(own, exact=True)
    F, _ = sf.constraints(1 - own, exact=True)
    m, rF = E.shape[1], F.shape[0]
    rows: list[list[Any]] = []
    rhs: list[Any] = []
    for r in range(E.shape[0]):
        rows.append([*E[r], *([0] * rF)])
        rhs.append(1 if r == 0 else 0)
    for j in np.flatnonzero(x <= 1e-9).tolist():
        row = [0] * (m + rF)
        row[j] = 1
        rows.append(row)
        rhs.append(0)
    for k in np.flatnonzero(binding).tolist():
        rows.append([*(-Aq[:, k]), *F[:, k]])
        rhs.append(0)
    sol = solve_rational(rows, rhs)
    if sol is None or any(v < 0 for v in sol[:m]):
        return None
    return sol[:m]


def sequence_form_lp(tree: ExtensiveGame, *, exact: bool | None = None, tol: float | None = None,
                     sf: SequenceForm | None = None) -> Equilibria:
    """One equilibrium (a pair of optimal behaviour strategies) of a zero-sum tree, and its value.

    Parameters
    ----------
    tree: a two-player zero-sum (or constant-sum) tree with perfect recall.
    exact: rebuild the solution in rationals (default: when the tree is rational).
    tol: regret tolerance of the float verification.
    sf: the sequence form, if already built.

    Returns
    -------
    :class:`~bargain.solvers.result.Equilibria` with one equilibrium; the value is in the notes.

    Raises
    ------
    GameError
        For a tree that is not two-player constant-sum.

    References
    ----------
    Koller, Megiddo and von Stengel (1996), GEB 14; von Stengel (1996), GEB 14; Huangfu and
    Hall (2018), "Parallelizing the dual revised simplex method", Math. Prog. Comp. 10 (HiGHS).
    """
    if not is_constant_sum(tree):
        raise GameError(f"{METHOD} needs a two-player zero-sum (or constant-sum) tree; u1 + u2 is not constant "
                        "over the leaves (use method='seqform-enum' or 'seqform-lcp')")
    sf = sf or sequence_form(tree)
    use_exact = (tree.is_exact if exact is None else bool(exact)) and tree.is_exact
    A, _ = sf.payoff_matrices()
    x, y, value, bind_x = _maximin(sf, 0, A)
    notes: list[str] = []
    eq = None
    if use_exact:
        Aq, _ = sf.payoff_matrices(exact=True)
        y2, _, _, bind_y = _maximin(sf, 1, -A.T)
        xq = _exact_plan(sf, 0, Aq, x, bind_x)
        yq = _exact_plan(sf, 1, -Aq.T, y2, bind_y)
        if xq is not None and yq is not None:
            try:
                eq = make_behaviour_equilibrium(sf, [xq, yq], METHOD, exact=True)
            except (VerificationError, GameError):
                eq = None
        if eq is None:
            notes.append("the LP vertex could not be rebuilt in exact arithmetic; the float solution is reported")
    if eq is None:
        eq = make_behaviour_equilibrium(sf, [x, y], METHOD, tol=tol)
    v = eq.exact_payoffs[0] if eq.exact_payoffs is not None else value
    notes.insert(0, f"value of the game (player 1's equilibrium payoff): "
                    f"{format_number(v) if isinstance(v, Fraction) else format(v, '.10g')}")
    notes.append("one pair of optimal behaviour strategies; every equilibrium of a zero-sum tree has this value")
    return Equilibria(tree, [eq], METHOD, complete=False, notes=notes)
