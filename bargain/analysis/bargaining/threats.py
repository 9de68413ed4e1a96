"""Nash's variable-threat bargaining game (Nash 1953) for two players.

Each player first commits to a (mixed) *threat* ``x`` / ``y`` in the game ``(A, B)``; if they then
fail to agree they get ``d = (x A y, x B y)``, and the agreement is the Nash bargaining solution
``N(S, d)`` over ``S`` = the convex hull of the game's payoffs.  Nash showed the threat game is
strictly competitive (player 1 wants ``N_1`` high, player 2 low) and has optimal threats.

Solution on a polygonal frontier (Owen, *Game Theory*, 3rd ed. 1995, sec. VII.3; Luce and Raiffa
1957, sec. 6.6): on a Pareto edge with outward normal ``p > 0`` (line ``p . u = c``) the Nash point
for ``d`` is ``u_1 = (c + p_1 d_1 - p_2 d_2) / (2 p_1)``, so the players fight over the score
``p_1 d_1 - p_2 d_2 = x (p_1 A - p_2 B) y``: a zero-sum matrix game.  For a frontier point ``F``,
``{d : N_1(d) >= F_1}`` is the half-plane ``p . (d_1, -d_2) >= p . (F_1, -F_2)`` of the edge just
left of ``F``, and ``{d : N_1(d) <= F_1}`` that of the edge just right of it.  So with ``v_k``
the value of edge ``k``'s zero-sum game: if the point of edge ``k``'s line with score ``v_k`` lies
on the edge, it is the solution and the edge game's optimal strategies are the optimal threats;
otherwise the solution is the vertex where the left edge's point lies beyond it and the right
edge's point before it, player 1 threatening with the left edge's strategy and player 2 with
the right edge's.  Exact for rational payoffs (the edge games are exact linear programs).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.bargaining.feasible import Polytope
from bargain.analysis.bargaining.result import BargainingSolution, jsonable
from bargain.analysis.bargaining.solutions import nash_solution
from bargain.errors import GameError, VerificationError
from bargain.linalg.exact import linprog
from bargain.model.game import Game
from bargain.model.numbers import format_number

__all__ = ["ThreatSolution", "degenerate_agreement", "variable_threat", "zero_sum_value"]


@dataclass(frozen=True, eq=False)
class ThreatSolution:
    """Optimal threats and the resulting agreement of Nash's variable-threat game.

    Parameters
    ----------
    players : tuple of str
        The players' names.
    threats : tuple of two tuples
        Each player's optimal threat (a mixed strategy).
    threat_point : tuple
        The payoffs when both carry out their threats.
    agreement : BargainingSolution
        The Nash solution from the threat point.
    edge : int or None
        The frontier edge the agreement lies on.
    exact : bool
        Whether the values are exact (Fractions).
    strategies : tuple of tuple of str, default ()
        The players' strategy names.
    """

    players: tuple[str, ...]
    threats: tuple[tuple[Any, ...], tuple[Any, ...]]
    threat_point: tuple[Any, ...]
    agreement: BargainingSolution
    edge: int | None          # index of the frontier edge the solution lies on (None: a vertex)
    exact: bool
    strategies: tuple[tuple[str, ...], ...] = ()

    @property
    def payoffs(self) -> np.ndarray:
        return self.agreement.payoffs

    def to_dict(self) -> dict[str, Any]:
        return jsonable({
            "players": list(self.players),
            "threats": {p: (dict(zip(self.strategies[i], t, strict=True)) if self.strategies else list(t))
                        for i, (p, t) in enumerate(zip(self.players, self.threats, strict=True))},
            "threat_point": dict(zip(self.players, self.threat_point, strict=True)),
            "agreement": self.agreement.to_dict(),
            "edge": self.edge,
            "exact": self.exact,
        })

    def __repr__(self) -> str:
        lines = ["Nash variable-threat solution: " + ", ".join(
            f"{p}={v}" for p, v in zip(self.players, self.agreement._fmt(self.agreement.exact_payoffs,
                                                                          self.agreement.payoffs), strict=True))]
        for i, (p, t) in enumerate(zip(self.players, self.threats, strict=True)):
            label = self.strategies[i] if self.strategies else [f"s{k + 1}" for k in range(len(t))]
            lines.append(f"  {p} threatens: " + ", ".join(f"{s}={format_number(q)}"
                                                          for s, q in zip(label, t, strict=True) if q != 0))
        lines.append("  threat point: " + ", ".join(f"{p}={format_number(v)}"
                                                    for p, v in zip(self.players, self.threat_point, strict=True)))
        if self.agreement.lottery:
            lines.append("  agreement lottery: " + " + ".join(f"{format_number(q)} x {k}"
                                                              for k, q in self.agreement.lottery.items()))
        return "\n".join(lines)


def zero_sum_value(M: Any, exact: bool) -> tuple[Any, list[Any], list[Any]]:
    """Value and optimal strategies ``(v, x, y)`` of the zero-sum game ``M`` (row player maximises)."""
    M = [list(r) for r in M]
    m, n = len(M), len(M[0])
    one = Fraction(1) if exact else 1.0
    zero = Fraction(0) if exact else 0.0
    # row: max v  s.t. v - sum_i x_i M[i][j] <= 0 for every column j
    A_ub = [[*(-M[i][j] for i in range(m)), one] for j in range(n)]
    rx = linprog([zero] * m + [one], A_ub, [zero] * n, [[one] * m + [zero]], [one], [m], exact=exact)
    # column: max -w  s.t. sum_j M[i][j] y_j - w <= 0 for every row i
    A_ub = [[*(M[i][j] for j in range(n)), -one] for i in range(m)]
    ry = linprog([zero] * n + [-one], A_ub, [zero] * m, [[one] * n + [zero]], [one], [n], exact=exact)
    v = rx.x[m]
    if exact and v != -ry.value:  # pragma: no cover - LP duality
        raise VerificationError("zero-sum value mismatch between the two linear programs")
    return v, list(rx.x[:m]), list(ry.x[:n])


def degenerate_agreement(S: Polytope, d: tuple) -> tuple[tuple, dict[str, Any]]:
    """For ``d`` with no strictly improving point: the Pareto point dominating ``d`` (largest total)."""
    from bargain.analysis.bargaining.solutions import _lottery_from, _point

    rows = S.payoff_rows()
    total = [sum(col) for col in zip(*rows, strict=True)]
    res = S.lp(total, [[-x for x in r] for r in rows], [-x for x in d])
    return _point(S, res.x), _lottery_from(S, res.x)


def variable_threat(game: Game, exact: bool | None = None) -> ThreatSolution:
    """Optimal threats and agreement of Nash's (1953) variable-threat game for a 2-player game.

    Parameters
    ----------
    game : Game
        A two-player game.
    exact : bool, optional
        Exact (Fraction) arithmetic; default when every input is rational.

    Returns
    -------
    ThreatSolution
        The optimal threats, the threat point and the agreement.

    Raises
    ------
    GameError
        For something that is not a two-player Game, or a game with a single Pareto optimal
        outcome that everyone prefers.

    References
    ----------
    Nash, J. F. (1953). Two-person cooperative games. *Econometrica* 21(1), 128-140.
    Owen, G. (1995). *Game Theory*, 3rd ed. Academic Press, sec. VII.3.
    Luce, R. D. and Raiffa, H. (1957). *Games and Decisions*. Wiley, ch. 6.
    """
    if not isinstance(game, Game):
        raise GameError(f"variable_threat() needs a bargain.Game, got {type(game).__name__}")
    if game.n_players != 2:
        raise GameError(f"the variable-threat game is for 2 players; this game has {game.n_players}")
    use_exact = game.is_exact if exact is None else bool(exact)
    g = game.to_exact() if use_exact else game.to_float()
    S = Polytope.from_game(g, exact=use_exact)
    if use_exact:
        A, B = g.exact_matrices()
    else:
        A, B = g.matrices()
    verts = S.frontier()
    if len(verts) < 2:
        raise GameError("the game has a single Pareto optimal outcome that everyone prefers: threats cannot change "
                        "the agreement and there is nothing to bargain over")
    edges = []
    for k in range(1, len(verts)):
        L, R = verts[k - 1], verts[k]
        p1, p2 = L[1] - R[1], R[0] - L[0]            # outward normal of the edge (both > 0)
        c = p1 * R[0] + p2 * R[1]
        M = [[p1 * A[i, j] - p2 * B[i, j] for j in range(A.shape[1])] for i in range(A.shape[0])]
        v, x, y = zero_sum_value(M, use_exact)
        G1 = (c + v) / (2 * p1)
        edges.append((L, R, p1, p2, c, v, x, y, G1))
    choice = None
    for k, (L, R, _p1, _p2, _c, _v, x, y, G1) in enumerate(edges):
        if L[0] <= G1 <= R[0]:
            choice = (k, x, y)
            break
    if choice is None:
        # vertex j between edge j-1 (left) and edge j (right)
        for j in range(len(verts)):
            left_ok = j == 0 or edges[j - 1][8] >= verts[j][0]
            right_ok = j == len(edges) or edges[j][8] <= verts[j][0]
            if left_ok and right_ok:
                x = edges[j - 1][6] if j > 0 else edges[0][6]
                y = edges[j][7] if j < len(edges) else edges[-1][7]
                choice = (None, x, y)
                break
    if choice is None:  # pragma: no cover - monotonicity guarantees a vertex
        raise VerificationError("no optimal threat found along the frontier")
    edge, x, y = choice
    xa, ya = np.array(x, dtype=object if use_exact else float), np.array(y, dtype=object if use_exact else float)
    d = (xa @ A @ ya, xa @ B @ ya)
    rule = "optimal threats (Nash 1953)"
    if S.improvement(d)[0] > 0:
        agreement = nash_solution(S, d)
        object.__setattr__(agreement, "rule", rule)
    else:   # no point improves on the threat point for both: the limit of N is the Pareto point above it
        dd = S.convert(d)
        u, lottery = degenerate_agreement(S, dd)
        agreement = BargainingSolution(
            "nash", game.players, np.array([float(v) for v in u]), np.array([float(v) for v in dd]),
            exact_payoffs=u if use_exact else None, exact_disagreement=dd if use_exact else None,
            weights=None, lottery=lottery, rule=rule,
            notes=("no agreement improves on the threat point for both players; the agreement is the Pareto "
                   "optimal point dominating it (the limit of the Nash solution)",), feasible=S)
    return ThreatSolution(game.players, (tuple(x), tuple(y)), tuple(d), agreement, edge, use_exact,
                          game.strategies)
