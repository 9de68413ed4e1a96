"""The Lemke–Howson algorithm for two-player games, from every missing label, lexicographically.

Lemke and Howson (1964) follow a path of *almost completely labelled* vertex pairs of two
polytopes from the artificial equilibrium ``(0, 0)`` to a Nash equilibrium.  With the payoff
matrices shifted so that ``A, B > 0`` (this does not change the equilibria), the polytopes are
(von Stengel 2002, "Computing equilibria for two-person games", Handbook of Game Theory 3, ch. 45,
sec. 3; also Nisan et al. 2007, *Algorithmic Game Theory*, ch. 3):

    P = {x in R^m : x >= 0,  B^T x <= 1}        Q = {y in R^n : A y <= 1,  y >= 0}

written with slacks as ``B^T x + s = 1`` and ``A y + r = 1``.  Labels ``0..m-1`` belong to the
row player's strategies and ``m..m+n-1`` to the column player's: a point of ``P`` has label ``i``
if ``x_i = 0`` and label ``m + j`` if ``s_j = 0``; a point of ``Q`` has label ``i`` if ``r_i = 0``
and label ``m + j`` if ``y_j = 0``.  A pair ``(x, y) != (0, 0)`` with every label is, rescaled to
probabilities, a Nash equilibrium.  Dropping one label ``k`` from ``(0, 0)`` and alternately
pivoting the complementary variable into the other polytope's tableau traces a path whose other
end is an equilibrium (complementary pivoting).

Degenerate games have ties in the minimum-ratio test; the *lexicographic* rule breaks them by
comparing the rows of ``[b, B^{-1}]`` divided by the pivot column, which is equivalent to a
symbolic perturbation of the right-hand side and guarantees termination (von Stengel 2002,
sec. 3.5).  In exact mode the payoffs are scaled to integers and the tableaux pivoted in integer
arithmetic (integer pivoting), so the equilibria are exact rationals; in float mode each end point
is recomputed from its final basis with a linear solve on the original data, and every
equilibrium is verified by :func:`~bargain.solvers.result.make_equilibrium`.

Running from all ``m + n`` labels gives up to ``m + n`` equilibria (duplicates removed).  With
``from_equilibria=True`` paths are also started from every equilibrium found (dropping each label
of a completely labelled pair), which reaches every equilibrium in the component of the LH graph
that contains the artificial one (Shapley 1974).  Neither is guaranteed to be every equilibrium,
so the solver reports ``complete=False``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError, VerificationError
from bargain.model.game import Game
from bargain.solvers.registry import register
from bargain.solvers.result import Equilibria, Equilibrium, make_equilibrium

__all__ = ["LemkeHowsonRun", "lemke_howson_path", "lemke_howson_solve"]

#: Default cap on the number of pivots of one path (paths can be exponentially long, Savani and
#: von Stengel 2006, but never this long in a game small enough to write down by hand).
DEFAULT_MAX_PIVOTS = 100_000


@dataclass(frozen=True)
class LemkeHowsonRun:
    """The end of one Lemke–Howson path: the missing label it started from, the profile, and the pivot count.

    ``profile`` holds Fractions (object arrays) in exact mode, floats otherwise.
    """

    label: int
    profile: tuple[np.ndarray, np.ndarray]
    pivots: int


class _Tableau:
    """A dictionary ``M z = 1`` with one basic variable per row; columns ``slack`` start as the basis.

    Float mode keeps the tableau ``B^{-1} [M | 1]``.  Exact mode keeps it in integers, scaled by
    the determinant ``det`` of the current basis (integer pivoting, Bareiss 1968; as in Avis's lrs
    and von Stengel 2002, sec. 3.4): a pivot on entry ``p = T[r, e]`` replaces every other row by
    ``(p T[i] - T[i, e] T[r]) / det``, an exact integer division, and sets ``det = p``.  Basic
    values are ``T[r, -1] / det``; ratio tests are unaffected by the common positive factor.
    """

    def __init__(self, coefficients: np.ndarray, slack: Sequence[int], exact: bool, tol: float) -> None:
        rows = coefficients.shape[0]
        self.exact = exact
        self.tol = tol
        rhs = np.full((rows, 1), 1 if exact else 1.0, dtype=object if exact else float)
        self.T = np.hstack([coefficients, rhs])
        self.det = 1
        self.slack = list(slack)
        self.basis = list(slack)          # basis[row] = index of the basic variable of that row

    def _leaving_row(self, entering: int) -> int:
        col = self.T[:, entering]
        positive = (col > 0) if self.exact else (col > self.tol)
        rows = np.flatnonzero(np.asarray(positive, dtype=bool))
        if rows.size == 0:
            raise VerificationError("Lemke–Howson: unbounded pivot column (payoffs were not made positive)")
        # Lexicographic minimum ratio over (rhs, B^{-1} columns) / pivot entry, one column at a time.
        for key in (-1, *self.slack):
            if self.exact:
                ratios = [Fraction(int(a), int(b)) for a, b in zip(self.T[rows, key], col[rows], strict=True)]
                best = min(ratios)
                keep = np.array([q == best for q in ratios], dtype=bool)
            else:
                ratios = self.T[rows, key] / col[rows]
                best = ratios.min()
                keep = ratios <= best + self.tol * max(1.0, abs(best))
            rows = rows[keep]
            if rows.size == 1:
                return int(rows[0])
        return int(rows[0])   # only reachable if B^{-1} were singular (float round-off)

    def pivot(self, entering: int) -> int:
        """Bring ``entering`` into the basis; return the variable that leaves."""
        r = self._leaving_row(entering)
        T = self.T
        if self.exact:
            p = T[r, entering]
            col = T[:, entering].copy()
            col[r] = 0
            new = (T * p - np.outer(col, T[r])) // self.det
            new[r] = T[r]
            self.T = new
            self.det = p
        else:
            T[r] = T[r] / T[r, entering]
            col = T[:, entering].copy()
            col[r] = 0
            T -= np.outer(col, T[r])
        leaving = self.basis[r]
        self.basis[r] = entering
        return leaving

    def values(self, variables: range) -> dict[int, Any]:
        """Values of the basic variables among ``variables`` (Fractions in exact mode)."""
        if self.exact:
            return {v: Fraction(int(self.T[row, -1]), int(self.det))
                    for row, v in enumerate(self.basis) if v in variables}
        return {v: self.T[row, -1] for row, v in enumerate(self.basis) if v in variables}


def _positive(M: np.ndarray, exact: bool) -> np.ndarray:
    """``M`` shifted so its smallest entry is 1 (equilibria are invariant to adding constants).

    In exact mode the result is also scaled by the common denominator of its entries, giving an
    object array of Python ints (equilibria are invariant to positive scaling too).
    """
    low = min(M.flat)
    if not exact:
        return (M - low + 1.0).astype(float)
    shifted = [Fraction(x) - low + 1 for x in M.flat]
    lcm = 1
    for q in shifted:
        lcm = lcm * q.denominator // math.gcd(lcm, q.denominator)
    return np.array([int(q * lcm) for q in shifted], dtype=object).reshape(M.shape)


class _Pair:
    """The two tableaux of a vertex pair ``(x, y)`` of ``P x Q``; starts at the artificial equilibrium."""

    def __init__(self, game: Game, exact: bool) -> None:
        m, n = game.shape
        A, B = game.exact_matrices() if exact else game.matrices()
        A, B = _positive(A, exact), _positive(B, exact)
        dtype = object if exact else float
        one = 1 if exact else 1.0
        eye_n = np.diag([one] * n).astype(dtype)
        eye_m = np.diag([one] * m).astype(dtype)
        self.m, self.n, self.exact = m, n, exact
        self.A, self.B = A, B
        # P: variables x_0..x_{m-1} (labels 0..m-1), s_0..s_{n-1} (labels m..m+n-1); rows B^T x + s = 1.
        self.P = _Tableau(np.hstack([B.T.astype(dtype), eye_n]), range(m, m + n), exact, 1e-12)
        # Q: variables r_0..r_{m-1} (labels 0..m-1), y_0..y_{n-1} (labels m..m+n-1); rows r + A y = 1.
        self.Q = _Tableau(np.hstack([eye_m, A.astype(dtype)]), range(m), exact, 1e-12)

    def copy(self) -> _Pair:
        out = object.__new__(_Pair)
        out.__dict__.update(self.__dict__)
        for name in ("P", "Q"):
            t = getattr(self, name)
            c = object.__new__(_Tableau)
            c.__dict__.update(t.__dict__)
            c.T, c.basis = t.T.copy(), list(t.basis)
            setattr(out, name, c)
        return out

    @property
    def is_artificial(self) -> bool:
        """Whether this is the artificial equilibrium ``(0, 0)`` (no x or y variable basic)."""
        return all(v >= self.m for v in self.P.basis)

    def drop(self, label: int, max_pivots: int) -> int:
        """Drop ``label`` from this completely labelled pair and pivot to the other end of its path.

        Of the two variables carrying ``label`` (one per tableau) exactly one is nonbasic; it
        enters, and each leaving variable's complement (same label, other tableau) enters next,
        until a variable with ``label`` leaves.  Returns the number of pivots.
        """
        tableau, other = (self.Q, self.P) if label in self.P.basis else (self.P, self.Q)
        entering = label
        pivots = 0
        while True:
            if pivots >= max_pivots:
                raise GameError(f"Lemke–Howson from missing label {label} did not end within {max_pivots} pivots; "
                                "raise max_pivots or use method='enumeration'")
            leaving = tableau.pivot(entering)
            pivots += 1
            if leaving == label:
                return pivots
            entering = leaving
            tableau, other = other, tableau

    def profile(self) -> tuple[np.ndarray, np.ndarray]:
        m, n = self.m, self.n
        if self.exact:
            xs = self.P.values(range(m))
            ys = self.Q.values(range(m, m + n))
            x = np.array([xs.get(i, Fraction(0)) for i in range(m)], dtype=object)
            y = np.array([ys.get(m + j, Fraction(0)) for j in range(n)], dtype=object)
            return x / sum(x), y / sum(y)
        x = _resolve(np.hstack([self.B.T, np.eye(n)]), self.P.basis)[:m]
        y = _resolve(np.hstack([np.eye(m), self.A]), self.Q.basis)[m:]
        x, y = np.clip(x, 0.0, None), np.clip(y, 0.0, None)
        return x / x.sum(), y / y.sum()


def _check_label(game: Game, label: int) -> int:
    m, n = game.shape
    if not 0 <= int(label) < m + n:
        raise GameError(f"missing label {label} out of range: labels are 0..{m + n - 1} "
                        f"(0..{m - 1} for {game.players[0]}'s strategies, {m}..{m + n - 1} for {game.players[1]}'s)")
    return int(label)


def lemke_howson_path(game: Game, label: int, *, exact: bool = False,
                      max_pivots: int = DEFAULT_MAX_PIVOTS) -> LemkeHowsonRun:
    """Follow the Lemke–Howson path that drops ``label`` (``0..m-1`` row strategies, ``m..m+n-1`` columns).

    Raises :class:`GameError` for a label out of range or when the path exceeds ``max_pivots``.
    """
    if game.n_players != 2:
        raise GameError(f"Lemke–Howson solves two-player games; this game has {game.n_players} players")
    label = _check_label(game, label)
    pair = _Pair(game, exact)
    pivots = pair.drop(label, max_pivots)
    return LemkeHowsonRun(label=label, profile=pair.profile(), pivots=pivots)


def _resolve(M: np.ndarray, basis: Sequence[int]) -> np.ndarray:
    """The basic solution of ``M z = 1`` for ``basis``, solved afresh on the original matrix (no drift)."""
    z = np.zeros(M.shape[1])
    z[list(basis)] = np.linalg.solve(M[:, list(basis)], np.ones(M.shape[0]))
    return z


@register("lemke-howson", players="2", complete=False, exact=True, aliases=("lh",),
          description="Lemke–Howson complementary pivoting from every missing label (lexicographic, exact or float)")
def lemke_howson_solve(game: Game, *, exact: bool = False, tol: float | None = None,
                 labels: Sequence[int] | None = None, from_equilibria: bool = False,
                 max_pivots: int = DEFAULT_MAX_PIVOTS, verbose: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> Equilibria:
    """Equilibria reached by Lemke–Howson from each missing label in ``labels`` (default: all ``m + n``).

    With ``from_equilibria=True`` the paths are also followed from every equilibrium found, for
    every label, until no new equilibrium appears: this finds every equilibrium joined to the
    artificial one by Lemke–Howson paths (the component of the LH graph, Shapley 1974), which can
    be more than the paths from ``(0, 0)`` reach.  Distinct end points are returned in order of
    discovery; a path that exceeds ``max_pivots`` is reported in the notes instead of looping.
    ``progress(done, total)`` is called after each path (paths followed, paths known so far).
    ``verbose`` lists, per equilibrium, the dropped labels that reach it (otherwise one count).
    """
    if game.n_players != 2:
        raise GameError(f"Lemke–Howson solves two-player games; this game has {game.n_players} players")
    m, n = game.shape
    chosen = list(range(m + n)) if labels is None else [_check_label(game, k) for k in labels]
    if not chosen:
        raise GameError("labels is empty: give at least one missing label (0..m+n-1), or omit it for all")
    found: list[Equilibrium] = []
    keys: list[Any] = []
    reached: dict[int, list[str]] = {}
    notes: list[str] = []
    start = _Pair(game, exact)
    queue: list[tuple[str, _Pair, list[int]]] = [("the artificial equilibrium", start, chosen)]
    done, total = 0, len(chosen)
    while queue:
        origin, pair0, labs = queue.pop(0)
        for label in labs:
            if progress is not None:
                progress(done, total)
            done += 1
            pair = pair0.copy()
            try:
                pair.drop(label, max_pivots)
            except GameError as exc:
                if "did not end" not in str(exc):
                    raise
                notes.append(f"from {origin}: {exc}")
                continue
            if pair.is_artificial:
                continue
            profile = pair.profile()
            key = (tuple(tuple(v) for v in profile) if exact
                   else tuple(np.round(np.concatenate(profile), 9).tolist()))
            if key not in keys:
                keys.append(key)
                found.append(make_equilibrium(game, profile, "lemke-howson", exact=exact, tol=tol))
                if from_equilibria:
                    queue.append((f"equilibrium {len(found)}", pair, list(range(m + n))))
                    total += m + n
            where = "" if origin.startswith("the artificial") else f" of {origin}"
            reached.setdefault(keys.index(key), []).append(f"{label}{where}")
    if verbose:
        for k, labs in reached.items():
            notes.append(f"equilibrium {k + 1} reached by dropping label(s) {', '.join(labs)}")
    else:
        paths = sum(len(v) for v in reached.values())
        notes.append(f"{paths} Lemke–Howson paths ended at {len(found)} distinct equilibria (labels: verbose=True)")
    notes.append("Lemke–Howson need not find every equilibrium (use 'enumeration' for all)")
    return Equilibria(game, found, "lemke-howson", complete=False, notes=notes)
