"""Zero-sum (and constant-sum) two-player games by linear programming.

For a zero-sum game with row-player matrix ``A`` (the column player gets ``-A``), von Neumann's
minimax theorem (1928) says

    max_x min_j (x^T A)_j  =  min_y max_i (A y)_i  =  v,

the *value* of the game, and a profile ``(x, y)`` is a Nash equilibrium iff ``x`` attains the
maximum and ``y`` the minimum (optimal strategies).  Each side is a linear program (Dantzig 1951;
see von Stengel 2022, *Game Theory Basics*, ch. 8, or Osborne and Rubinstein 1994, sec. 2.5):

    row player:     maximise v   s.t.  A^T x >= v 1,  1^T x = 1,  x >= 0
    column player:  minimise w   s.t.  A y   <= w 1,  1^T y = 1,  y >= 0

The two programs are dual to each other, so one HiGHS solve (SciPy's ``linprog``) gives both: ``x``
from the primal solution and ``y`` from the duals of the constraints ``A^T x >= v 1``.

A constant-sum game (``u_1 + u_2 = c`` everywhere) is strategically the zero-sum game with matrix
``A`` (the constant only shifts player 2's payoff), so it is accepted; any other game is refused
with a :class:`~bargain.errors.GameError`.

With rational payoffs (exact mode) the HiGHS vertex is recomputed in rationals: on the support
of the float optimum and its binding constraints the optimality conditions are a linear system with
a unique solution at a vertex, solved by Gauss–Jordan elimination over ``Fraction`` and verified
exactly; if that fails the float solution is reported with a note.

The set of equilibria of a zero-sum game is the product of the two (convex polyhedral) sets of
optimal strategies; the LP returns one vertex of it, so the method is not complete for degenerate
games, but the *value* it reports is the unique equilibrium payoff.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

from bargain.errors import GameError, VerificationError
from bargain.linalg.exact import solve_rational
from bargain.model.game import Game
from bargain.model.numbers import format_number
from bargain.solvers.registry import register
from bargain.solvers.result import Equilibria, make_equilibrium

__all__ = ["ZeroSumSolution", "lp_solve", "zero_sum_solution"]


@dataclass(frozen=True)
class ZeroSumSolution:
    """Value and one pair of optimal (minimax) strategies of a zero-sum game, in player 1's payoffs."""

    value: float
    row_strategy: np.ndarray
    column_strategy: np.ndarray


def _zero_sum_matrix(game: Game) -> np.ndarray:
    """Player 1's matrix of a two-player zero- or constant-sum game; GameError otherwise."""
    if game.n_players != 2:
        raise GameError(f"the lp method solves two-player zero-sum games; this game has {game.n_players} players "
                        "(use method='auto' or 'qre')")
    A, B = game.matrices()
    total = A + B
    spread = float(np.ptp(total))
    if spread > game.tolerance:
        i, j = (int(t) for t in np.unravel_index(np.argmax(np.abs(total - total.flat[0])), total.shape))
        raise GameError(
            "the lp method needs a zero-sum (or constant-sum) game, but u1 + u2 is not constant: it is "
            f"{total.flat[0]:.6g} at ({game.strategies[0][0]}, {game.strategies[1][0]}) and {total[i, j]:.6g} at "
            f"({game.strategies[0][i]}, {game.strategies[1][j]}); use method='lemke-howson' or 'enumeration' "
            "for general two-player games")
    return A


def _maximin(M: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """``max_x min_j (x^T M)_j`` over the simplex: the value, a maximiser ``x`` and a minimiser ``y``.

    One HiGHS solve: ``y`` is the dual solution of the constraints ``v <= (x^T M)_j`` (LP duality
    is the minimax theorem: the duals of an optimal basis are an optimal strategy of the opponent).
    """
    m, n = M.shape
    # variables (x_1..x_m, v); minimise -v
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-M.T, np.ones((n, 1))])          # v - (x^T M)_j <= 0
    a_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(n), A_eq=a_eq, b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)], method="highs")
    if res.status != 0:   # cannot happen for a finite matrix: the LP is feasible and bounded
        raise VerificationError(f"HiGHS failed on a zero-sum LP: {res.message}")
    x = np.clip(res.x[:m], 0.0, None)
    y = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    return float(-res.fun), x / x.sum(), y / y.sum()


def zero_sum_solution(game: Game) -> ZeroSumSolution:
    """The value of a two-player zero-sum (or constant-sum) game and a pair of optimal strategies.

    The value is player 1's equilibrium payoff in the zero-sum part ``A`` (for a constant-sum game
    with ``u_1 + u_2 = c``, player 2's payoff is ``c - value``).
    """
    A = _zero_sum_matrix(game)
    value, x, y = _maximin(A)
    return ZeroSumSolution(value=value, row_strategy=x, column_strategy=y)


def _exact_optimal(M: np.ndarray, Mf: np.ndarray, x: np.ndarray, value: float) -> list[Fraction] | None:
    """Rational maximin strategy for rational ``M`` on the support and binding columns of the float ``x``.

    Solves ``sum_{i in S} x_i M[i, j] = v`` for the binding columns ``j`` and ``sum x = 1`` exactly.
    """
    scale = max(1.0, float(np.ptp(Mf)))
    S = [int(i) for i in np.flatnonzero(x > 1e-9)]
    J = [int(j) for j in np.flatnonzero(x @ Mf <= value + 1e-7 * scale)]
    rows = [[M[i, j] for i in S] + [Fraction(-1)] for j in J] + [[Fraction(1)] * len(S) + [Fraction(0)]]
    rhs = [Fraction(0)] * len(J) + [Fraction(1)]
    sol = solve_rational(rows, rhs)
    if sol is None or any(p < 0 for p in sol[:-1]):
        return None
    out = [Fraction(0)] * M.shape[0]
    for i, p in zip(S, sol[:-1], strict=True):
        out[i] = p
    return out


@register("lp", players="2", complete=False, exact=True, scale_free=False,
          description="zero-sum (constant-sum) two-player games: value and optimal strategies by linear programming")
def lp_solve(game: Game, *, exact: bool = False, tol: float | None = None) -> Equilibria:
    """One equilibrium (a pair of optimal strategies) of a zero-sum game, with the value in the notes.

    In exact mode the HiGHS vertex is recomputed in rationals from its support and binding
    constraints (a square, nonsingular system at a vertex) and verified exactly.
    """
    sol = zero_sum_solution(game)
    notes = []
    eq = None
    if exact:
        A = game.exact_matrices()[0]
        Af = game.matrices()[0]
        x = _exact_optimal(A, Af, sol.row_strategy, sol.value)
        y = _exact_optimal(-A.T, -Af.T, sol.column_strategy, -sol.value)
        if x is not None and y is not None:
            try:
                eq = make_equilibrium(game, (x, y), "lp", exact=True)
            except VerificationError:
                eq = None
        if eq is None:
            notes.append("the LP vertex could not be recovered in exact arithmetic; float solution reported")
    if eq is None:
        # HiGHS returns a basic (vertex) solution computed by LU factorisation: its regret is at
        # rounding level, far inside the default tolerance of 1e-9 x payoff range.
        eq = make_equilibrium(game, (sol.row_strategy, sol.column_strategy), "lp", tol=tol)
    value = eq.exact_payoffs[0] if eq.exact_payoffs is not None else sol.value
    notes.insert(0, f"value of the game (player 1's equilibrium payoff): "
                    f"{format_number(value) if eq.is_exact else format(value, '.10g')}")
    notes.append("one pair of optimal strategies; every equilibrium of a zero-sum game has this value, and the set "
                 "of equilibria is the product of the two players' (convex) sets of optimal strategies")
    return Equilibria(game, [eq], "lp", complete=False, notes=notes)
