"""The lowest subgame-perfect payoffs of an n-player repeated game, by simple penal codes (Abreu 1988).

Abreu (1988) shows that every pure-strategy SPE outcome is supported by a *simple penal code*:
``n`` punishment paths ``Q^1..Q^n``, and whoever deviates from any path (``j``) starts ``Q^j``.
The code is subgame perfect iff every path passes the one-shot deviation test against the
punishment values ``w_j = V_j(Q^j)``; the optimal code has ``w = v^-``, each player's lowest SPE
payoff.  With finitely many actions this module brackets ``v^-(δ)`` in the stage game's
arithmetic (Fractions for rational payoffs and δ):

* **From below** (:func:`box_bounds`): a profile ``a`` can open an SPE path only if some
  continuation in the box ``[L, M]`` of SPE payoffs meets its incentive constraints,
  ``L_j + (1 - δ)/δ (d_j(a) - u_j(a)) <= M_j``; on such profiles ``v_j^- >= min d_j(a)`` and
  ``v_j^+ <= max u_j(a)``.  Shrinking the admissible profiles until they repeat gives a certified
  ``L <= v^-`` (at worst the pure minmax values).
* **From above** (:func:`lowest_spe_payoffs`): the family of paths "stick ``a`` for ``T <= max_stick``
  periods, then carrot ``b`` for ever" (stationary paths are ``T = 0``).  Each path passes the
  deviation test against ``w`` iff ``w <= cap(path)`` componentwise, so ``W_i(w)``, the lowest
  value to ``i`` of a path passing against ``w``, is monotone in ``w``.  Iterating
  ``w <- max(w, W(w))`` from ``L`` is a finite search (``w`` only takes path values) that stops
  when ``W(w) <= w``; then the paths attaining ``W(w)`` pass against their own values: a simple
  penal code, verified exactly, and the least one of the family.  When its values meet ``L``
  it is optimal.

When the bracket stays open the gap can lie in the family rather than in ``L``: the optimal
punishment path may never become stationary.  In the 2x2 game ``u1 = [[1, 0], [-3, 2]]``,
``u2 = [[3, 2], [-1, -5]]`` at δ = 4/5, player 2's lowest SPE payoff is her minmax -1 (``= L_2``),
attained only by an aperiodic sequence of the profiles (1, 1) and (0, 0) (each continuation target
``x`` is met by the stick, ``x -> (x + 1) 5/4``, or the carrot, ``x -> (x - 3/5) 5/4``, keeping
``[-1, 3]`` invariant), while the best stick-and-carrot code gives -113/125 for every
``max_stick >= 3`` (tests/analysis/repeated/test_penal_open_bracket.py works it through).

References
----------
Abreu, D. (1986). Extremal equilibria of oligopolistic supergames. *Journal of Economic Theory*
39, 191-225 (stick and carrot paths).
Abreu, D. (1988). On the theory of infinitely repeated games with discounting. *Econometrica* 56,
383-396 (simple penal codes, Propositions 2 and 5).
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, sec. 5.1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.repeated._stage import Stage, as_game, check_delta, stage
from bargain.analysis.repeated.result import PenalCode
from bargain.errors import GameError

__all__ = ["lowest_spe_payoffs", "box_bounds", "passes"]

#: Most candidate punishment paths searched (stick-carrot pairs times stick lengths).
MAX_PATHS = 400_000


def _flat(st: Stage) -> tuple[np.ndarray, np.ndarray, list[tuple[int, ...]]]:
    """Payoffs and best deviations as ``(n, P)`` arrays over the P pure profiles, and the profiles."""
    profs = st.profiles()
    U = np.stack([st.u[i].reshape(-1) for i in range(st.n)])
    D = np.stack([st.d[i].reshape(-1) for i in range(st.n)])
    return U, D, profs


def box_bounds(st: Stage, delta: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Certified bounds ``L <= v^- `` and ``v^+ <= M`` on the pure SPE payoffs, and the admissible profiles.

    Parameters
    ----------
    st : Stage
        The stage game's arrays.
    delta : number
        Discount factor in the stage's arithmetic.

    Returns
    -------
    tuple or None
        ``(L, M, admissible)``: per-player lower bounds on the lowest and upper bounds on the highest
        SPE payoff, and a boolean mask over the profiles (flattened, C order) that can open an SPE
        path; None when no profile can (no pure-strategy SPE).

    References
    ----------
    Abreu (1988); Abreu, Pearce and Stacchetti (1990), the operator ``B`` applied to a box.
    """
    U, D, _ = _flat(st)
    G = (1 - delta) / delta * (D - U)
    adm = np.ones(U.shape[1], dtype=bool)
    while adm.any():
        L = np.array([min(D[i, adm]) for i in range(st.n)], dtype=object)
        M = np.array([max(U[i, adm]) for i in range(st.n)], dtype=object)
        new = adm & np.all(np.stack([L[i] + G[i] <= M[i] for i in range(st.n)]), axis=0)
        if (new == adm).all():
            return L, M, adm
        adm = new
    return None


def _scale(st: Stage, delta: Any, max_stick: int) -> tuple[Any, int, int]:
    """``(K, p, q)``: every path value and cap times ``K`` is an integer (exact stages; else ``(1, δ, 1)``).

    With ``δ = p/q`` and payoffs over the common denominator ``D0``, ``K = D0 p q^max_stick`` clears
    the denominators of ``(1 - δ^T) u(a) + δ^T u(b)`` and of the caps below, so the search runs on
    Python integers (a hundred times faster than Fractions) and stays exact.
    """
    if not st.exact:
        return 1, delta, 1
    d0 = math.lcm(*(x.denominator for x in st.u.reshape(-1)))
    return d0 * delta.numerator * delta.denominator ** max_stick, delta.numerator, delta.denominator


def _family(st: Stage, delta: Any, max_stick: int, K: Any) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int, int]]]:
    """Values ``(n, K)`` and caps ``(n, K)`` times the scale ``K``, and ``(stick, T, carrot)`` of every path.

    A path passes the one-shot deviation test against punishment values ``w`` iff ``w_j <= cap_j``;
    ``cap`` is the least over the path's periods of ``(V_j - (1 - δ) d_j(a)) / δ``.
    """
    U, D, _ = _flat(st)
    P = U.shape[1]
    if P + P * (P - 1) * max_stick > MAX_PATHS:
        raise GameError(f"{P} profiles and sticks up to {max_stick} periods give too many punishment paths "
                        f"to search; use max_stick=1 or 0")
    if st.exact:
        p, q = delta.numerator, delta.denominator
        U, D = (np.array([[int(x * K) for x in row] for row in A], dtype=object) for A in (U, D))

        def div(x: np.ndarray, y: int) -> np.ndarray:
            return x // y
    else:
        p, q = delta, 1.0

        def div(x: np.ndarray, y: Any) -> np.ndarray:
            return x / y
    dev = (q - p) * D                                           # q (1-δ) d(a), scaled
    cap_b = div(q * U - dev, p)                                 # the carrot b played for ever
    vals, caps, codes = [U.copy()], [cap_b.copy()], [(b, 0, b) for b in range(P)]
    ia, ib = np.nonzero(~np.eye(P, dtype=bool))
    cap = cap_b[:, ib]
    for T in range(1, max_stick + 1):
        V = div((q ** T - p ** T) * U[:, ia] + p ** T * U[:, ib], q ** T)   # value with T sticks left
        c = div(q * V - dev[:, ia], p)
        cap = np.where(cap <= c, cap, c)
        vals.append(V)
        caps.append(cap)
        codes.extend((int(a), T, int(b)) for a, b in zip(ia, ib, strict=True))
    return np.concatenate(vals, axis=1), np.concatenate(caps, axis=1), codes


def passes(st: Stage, delta: Any, code: tuple[tuple[int, ...], int, tuple[int, ...]], w: Any) -> bool:
    """True when the path ``(stick, T, carrot)`` passes the one-shot deviation test against values ``w``.

    Parameters
    ----------
    st : Stage
        The stage game's arrays.
    delta : number
        Discount factor.
    code : tuple
        ``(stick profile, T, carrot profile)``: the stick for ``T`` periods, then the carrot for ever.
    w : sequence
        Each player's punishment value.

    Returns
    -------
    bool
        Whether no player gains by a one-shot deviation at any period of the path.

    References
    ----------
    Fudenberg and Tirole (1991), Theorem 4.2 (the one-shot deviation principle).
    """
    a, T, b = code
    for s in range(T + 1):
        prof = a if s else b
        for j in range(st.n):
            v = (1 - delta ** s) * st.u[(j, *a)] + delta ** s * st.u[(j, *b)]
            if v < (1 - delta) * st.d[(j, *prof)] + delta * w[j]:
                return False
    return True


def lowest_spe_payoffs(game: Any, delta: Any, *, max_stick: int = 2, values: Mapping[str, Any] | None = None,
                       exact: bool | None = None) -> PenalCode:
    """Each player's lowest pure-strategy SPE payoff, bracketed, with a verified simple penal code.

    Parameters
    ----------
    game : Any
        Stage game with any number of players (a Game, or a Model at ``values``).
    delta : Any
        Discount factor in (0, 1); rational δ and payoffs keep everything exact.
    max_stick : int, default 2
        Longest stick phase of the punishment paths searched (0: stationary paths only).
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).
    exact : bool, optional
        Exact (Fraction) arithmetic; default when the payoffs are rational.

    Returns
    -------
    PenalCode
        ``lower`` certified, ``upper`` the values of the least simple penal code of the family (each
        path re-verified against them); ``optimal`` when the two meet.  ``upper`` is None when the
        family holds no code (for example, no pure stage equilibrium and no self-enforcing path).

    Raises
    ------
    GameError
        For a discount factor outside (0, 1), a negative ``max_stick``, or too many paths to search.

    References
    ----------
    Abreu (1988), Propositions 2 and 5; Abreu (1986) for stick-and-carrot paths.
    """
    g = as_game(game, values)
    dq = check_delta(delta)
    if not isinstance(max_stick, int) or max_stick < 0:
        raise GameError(f"max_stick must be a non-negative integer, got {max_stick!r}")
    st = stage(g, exact)
    d = dq if st.exact else float(dq)
    box = box_bounds(st, d)
    if box is None:
        return PenalCode(dq, (), None, (), None, st.exact, g.players, 0, ("no profile can open a pure SPE path: "
                                                                           "the game has no pure-strategy SPE",))
    K, _, _ = _scale(st, d, max_stick)
    L = box[0] * K
    V, C, codes = _family(st, d, max_stick, K)
    profs = st.profiles()
    w, it = L.copy(), 0
    while True:
        it += 1
        ok = np.all(np.stack([C[j] >= w[j] for j in range(st.n)]), axis=0)
        if not ok.any():
            return PenalCode(dq, tuple(box[0]), None, (), None, st.exact, g.players, it,
                             ("no simple penal code of the family is subgame perfect; only the lower bound holds",))
        idx = np.flatnonzero(ok)
        pick = [int(idx[np.argmin(V[i, idx])]) for i in range(st.n)]
        W = np.array([V[i, pick[i]] for i in range(st.n)], dtype=object)
        if all(W[i] <= w[i] for i in range(st.n)):
            break
        w = np.array([max(w[i], W[i]) for i in range(st.n)], dtype=object)
    W = np.array([Fraction(x, K) if st.exact else x for x in W], dtype=object)
    chosen = tuple((profs[codes[k][0]], codes[k][1], profs[codes[k][2]]) for k in pick)
    if not all(passes(st, d, c, W) for c in chosen):      # pragma: no cover - the caps are exact
        raise GameError("internal check failed: a punishment path does not pass against the code's values")
    words = tuple(f"{p}: " + (f"{st.label(c[0])} for {c[1]} period{'s' * (c[1] > 1)}, then " if c[1] else "")
                  + f"{st.label(c[2])} for ever" for p, c in zip(g.players, chosen, strict=True))
    notes: tuple[str, ...] = (f"searched {V.shape[1]} paths (sticks of up to {max_stick} periods)",)
    if any(W[i] != box[0][i] for i in range(st.n)):
        notes += ("bracket open: the lower bound may still be exact; the optimal punishment can need a longer "
                  "stick or a path that never becomes stationary (an aperiodic mix of profiles), which no "
                  "code of this family is",)
    return PenalCode(dq, tuple(box[0]), tuple(W), words, chosen, st.exact, g.players, it, notes)
