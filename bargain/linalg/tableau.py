"""An exact simplex tableau with integer pivoting, free variables and the lexicographic rule.

The system ``M z = b`` (integer ``M``, ``b``) is kept as the integer tableau
``T = det(B) B^{-1} [M | b]`` of its current basis ``B`` (integer pivoting: each pivot on entry
``p`` replaces every other row ``i`` by ``(p T_i - T_{i,e} T_r) / det``, an exact division, and sets
``det = p``; Bareiss 1968, "Sylvester's identity and multistep integer-preserving Gaussian
elimination", Math. Comp. 22; Avis's lrs uses the same scheme).  The value of a basic variable is
``T_{i,-1} / det``.  The sign is normalised so that ``det > 0``.

*Free* variables (unrestricted in sign) are brought into the basis once and never leave: their
rows take no part in ratio tests.  Ratio ties are broken lexicographically against the columns
of the initial basis, i.e. the right-hand side is perturbed to ``b + B_0 (ε, ε², ...)``, which
makes every basis visited nondegenerate in the perturbed system and rules out cycling (Dantzig,
Orden and Wolfe 1955; von Stengel 2002, "Computing equilibria for two-person games", Handbook of
Game Theory 3, sec. 3.5).  The tableau starts as ``[M | b]`` with an artificial identity basis and
the chosen initial basis is pivoted in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction

import numpy as np

from bargain.errors import GameError

__all__ = ["IntegerTableau"]


class IntegerTableau:
    """The integer tableau of ``M z = b`` for a basis (see the module docstring).

    Parameters
    ----------
    M: integer matrix (rows x variables), any array-like of Python ints.
    b: integer right-hand side.
    basis: the initial basic variables (one per row, in any order); their columns are the
        lexicographic keys.
    free: variables that are unrestricted in sign (must be in ``basis``).

    Raises
    ------
    GameError
        If ``basis`` is not a basis (its columns are linearly dependent).
    """

    def __init__(self, M: Sequence[Sequence[int]], b: Sequence[int], basis: Sequence[int],
                 free: Iterable[int] = ()) -> None:
        rows = len(b)
        T = np.empty((rows, len(M[0]) + 1), dtype=object)
        T[:, :-1] = np.asarray(M, dtype=object)
        T[:, -1] = list(b)
        self.T = T
        self.det = 1
        self.basis: list[int] = [-1] * rows
        self.free = frozenset(free)
        for v in basis:
            r = next((i for i in range(rows) if self.basis[i] < 0 and T[i, v] != 0), None)
            if r is None:
                raise GameError("internal: the initial columns of the sequence-form tableau are not a basis")
            self.pivot(r, v)
            T = self.T
        self.keys = (-1, *basis)
        self.bounded = np.array([v not in self.free for v in self.basis], dtype=bool)

    def copy(self) -> IntegerTableau:
        out = object.__new__(IntegerTableau)
        out.__dict__.update(self.__dict__)
        out.T = self.T.copy()
        out.basis = list(self.basis)
        out.bounded = self.bounded.copy()
        return out

    def pivot(self, r: int, e: int) -> int:
        """Make ``e`` basic in row ``r``; return the variable that leaves (-1 for an artificial)."""
        T = self.T
        p = T[r, e]
        col = T[:, e].copy()
        col[r] = 0
        new = (T * p - np.outer(col, T[r])) // self.det
        new[r] = T[r]
        det = p
        if det < 0:
            new, det = -new, -det
        self.T, self.det = new, det
        leaving = self.basis[r]
        self.basis[r] = e
        if hasattr(self, "bounded"):
            self.bounded[r] = e not in self.free
        return leaving

    def lex_min_ratio(self, e: int, sign: int = 1) -> int | None:
        """The row of the lexicographic minimum ratio ``T_i / (sign T_{i,e})`` over bounded rows
        with ``sign T_{i,e} > 0``; None when there is none (an unbounded direction).

        A float pass keeps only the rows whose right-hand-side ratio is within rounding of the
        minimum; the exact comparison (cross-multiplied integers) decides among those."""
        T = self.T
        col = T[:, e] if sign > 0 else -T[:, e]
        rows = np.flatnonzero(self.bounded & (col > 0))
        if rows.size == 0:
            return None
        if rows.size > 1:
            ratio = T[rows, -1].astype(float) / col[rows].astype(float)
            low = ratio.min()
            rows = rows[ratio <= low + 1e-9 * max(1.0, abs(low))]
        rows = rows.tolist()
        for key in self.keys:
            if len(rows) == 1:
                break
            best_a, best_b = T[rows[0], key], col[rows[0]]
            keep = [rows[0]]
            for i in rows[1:]:
                a, bb = T[i, key], col[i]
                lhs, rhs = a * best_b, best_a * bb          # compare a/bb with best_a/best_b (bb, best_b > 0)
                if lhs < rhs:
                    best_a, best_b, keep = a, bb, [i]
                elif lhs == rhs:
                    keep.append(i)
            rows = keep
        return rows[0]

    def zero_basic(self) -> set[int]:
        """The basic variables whose value is zero (degenerate)."""
        rhs = self.T[:, -1]
        return {self.basis[i] for i in np.flatnonzero(rhs == 0).tolist()}

    def value(self, v: int) -> Fraction:
        """The value of variable ``v`` (0 when nonbasic)."""
        try:
            r = self.basis.index(v)
        except ValueError:
            return Fraction(0)
        return Fraction(int(self.T[r, -1]), int(self.det))

    def values(self, variables: Sequence[int]) -> list[Fraction]:
        where = {v: r for r, v in enumerate(self.basis)}
        d = int(self.det)
        return [Fraction(int(self.T[where[v], -1]), d) if v in where else Fraction(0) for v in variables]

    def feasible(self) -> bool:
        """Whether every bounded basic variable is non-negative."""
        return all(x >= 0 for x in self.T[self.bounded, -1])

    def complementary_path(self, z0: int, complement: Callable[[int], int], max_pivots: int,
                           what: str = "the LCP") -> tuple[bool, int]:
        """Lemke's complementary pivoting from an almost-complementary start, by the lexicographic rule.

        The artificial variable ``z0`` enters (the ratio test on the negative column picks the most
        infeasible row); then the complement of each leaving variable enters, until ``z0`` leaves
        (a complementary basis) or a column has no ratio (a secondary ray).

        Parameters
        ----------
        z0 : int
            The artificial variable (column) that starts the path.
        complement : callable
            Maps a variable to its complementary variable.
        max_pivots : int
            The most pivots allowed.
        what : str, default "the LCP"
            What the path solves, for the error message.

        Returns
        -------
        ended : bool
            True when ``z0`` left the basis, False at a secondary ray.
        pivots : int
            The pivots made.

        Raises
        ------
        GameError
            When ``z0`` cannot enter or the path is longer than ``max_pivots``.

        References
        ----------
        Lemke, C. E. (1965). Bimatrix equilibrium points and mathematical programming.
        *Management Science* 11(7), 681-689.
        von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory*
        3, ch. 45, sec. 3.5 and 4.
        """
        r = self.lex_min_ratio(z0, sign=-1)
        if r is None:
            raise GameError(f"internal: Lemke's algorithm on {what} has no start")
        leaving = self.pivot(r, z0)
        pivots = 1
        while leaving != z0:
            entering = complement(leaving)
            r = self.lex_min_ratio(entering)
            if r is None:
                return False, pivots
            leaving = self.pivot(r, entering)
            pivots += 1
            if pivots > max_pivots:
                raise GameError(f"Lemke's algorithm on {what} did not end within {max_pivots} pivots; "
                                "raise max_pivots")
        return True, pivots
