"""Exact rational reconstruction of an extreme equilibrium strategy from its labels.

A vertex of a best-response polytope is a mixed strategy ``p`` of one player together with the
opponent's best-response value ``v``; its label set names the strategies ``p`` leaves unused and
the opponent's pure best responses.  Given a label set found in floating point, ``(p, v)`` solves

    sum_{i in S} M[i, j] p_i - v = 0      for every opponent strategy j labelled a best response,
    sum_{i in S} p_i = 1,                 p_i = 0 for i outside the support S,

where ``M`` holds the *opponent's* payoffs (rows: this player's strategies).  With rational
payoffs scaled to integers, this (possibly overdetermined) system is solved exactly by
fraction-free Gaussian elimination (Bareiss 1968, "Sylvester's identity and multistep
integer-preserving Gaussian elimination", Math. Comp. 22): every intermediate entry is a minor of
the integer matrix, so the integers stay as small as determinants allow and no gcd is taken until
back substitution.  The float labels are accepted only if the system is consistent with a unique
solution, ``p >= 0``, and no opponent strategy earns more than ``v`` -- exactly.  The exact label
set (a superset of the float one) is returned, so complete labelling is re-checked exactly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from bargain.linalg.exact import solve_exact

__all__ = ["exact_vertex", "rebuild", "resolve", "label_row", "ExactVertex"]


def exact_vertex(M: Sequence[Sequence[int]], support: Sequence[int],
                 tight: Sequence[int]) -> tuple[tuple[Fraction, ...], frozenset[int], frozenset[int]] | None:
    """Exact mixed strategy with the given ``support`` against which every ``tight`` column is a best response.

    ``M`` is the integer payoff matrix of the opponent (rows: this player's strategies, columns:
    the opponent's).  Returns ``(p, zeros, best)``: the strategy, the exact set of unused
    strategies and the exact set of the opponent's best responses; or None if the labels do not
    define a feasible vertex exactly.
    """
    rows_m = len(M)
    S = list(support)
    k = len(S)
    if k == 0:
        return None
    eqs = [[M[i][j] for i in S] + [-1, 0] for j in tight]
    eqs.insert(0, [1] * k + [0, 1])
    sol = solve_exact(eqs, k + 1)
    if sol is None or any(q < 0 for q in sol[:k]):
        return None
    p = [Fraction(0)] * rows_m
    for i, q in zip(S, sol[:k], strict=True):
        p[i] = q
    # Compare the opponent's payoffs with v in integers: scale everything by a common denominator.
    den = math.lcm(*(q.denominator for q in sol))
    num = [q.numerator * (den // q.denominator) for q in sol[:k]]
    v_num = sol[k].numerator * (den // sol[k].denominator)
    cols = len(M[0]) if rows_m else 0
    values = [sum(M[i][j] * c for i, c in zip(S, num, strict=True)) for j in range(cols)]
    if any(val > v_num for val in values):
        return None
    zeros = frozenset(i for i in range(rows_m) if p[i] == 0)
    best = frozenset(j for j in range(cols) if values[j] == v_num)
    return tuple(p), zeros, best


ExactVertex = tuple[tuple[Fraction, ...], frozenset[int], frozenset[int]]


def rebuild(M: Sequence[Sequence[int]], labels: np.ndarray, own: int) -> ExactVertex | None:
    """:func:`exact_vertex` from a label row ordered ``[own strategies unused, opponent best responses]``."""
    opp = len(labels) - own
    return exact_vertex(M, [i for i in range(own) if not labels[i]], [j for j in range(opp) if labels[own + j]])


def resolve(M: Sequence[Sequence[int]], labels: np.ndarray, own: int) -> tuple[list[ExactVertex], bool]:
    """The exact vertices hidden behind one floating-point vertex, and whether it was exact as found.

    If every float label is exactly tight the float vertex is an exact vertex (``True``).
    Otherwise near-ties (payoffs that differ by less than the float tolerance) merged several exact
    vertices into one float point: every exact vertex there has ``own`` linearly independent tight
    inequalities among the float labels, so solving every ``own``-subset exactly and keeping the
    feasible solutions recovers them all (``False``).
    """
    first = rebuild(M, labels, own)
    if first is not None:
        return [first], True
    found: dict[tuple[Fraction, ...], ExactVertex] = {}
    for sub in itertools.combinations(np.flatnonzero(labels).tolist(), own):
        row = np.zeros(len(labels), dtype=bool)
        row[list(sub)] = True
        if row[:own].all():
            continue                      # the origin
        v = rebuild(M, row, own)
        if v is not None:
            found.setdefault(v[0], v)
    return list(found.values()), False


def label_row(v: ExactVertex, own: int, opp: int) -> np.ndarray:
    """The exact label row ``[own strategies unused, opponent best responses]`` of an exact vertex."""
    row = np.zeros(own + opp, dtype=bool)
    row[list(v[1])] = True
    row[[own + j for j in v[2]]] = True
    return row
