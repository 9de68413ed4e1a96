"""How stable is an equilibrium?  Strictness, robustness radius, regularity, index, dynamics, refinements.

For an equilibrium ``x`` of a finite game with support ``S = (S_1, ..., S_n)``:

* **Strict** (Harsanyi 1973): pure, and every player's strategy is their unique best response.
* **Robustness radius**: the smallest max-norm payoff perturbation ``|delta|_inf`` that destroys
  the equilibrium.  For a pure equilibrium ``a`` it is exact: the worst perturbation lowers
  ``u_i(a)`` and raises ``u_i(k, a_-i)`` by ``eps`` each, so
  ``r = min_i min_{k != a_i} (u_i(a) - u_i(k, a_-i)) / 2`` (zero for a non-strict equilibrium).
  A mixed equilibrium is destroyed, as a point, by almost every perturbation, so for it the radius
  is that of its *support*: the smallest perturbation after which no equilibrium with support
  ``S`` remains near ``x``.  Method (stated in the result): by the implicit function theorem the
  support's equilibrium moves as ``dy/du = -J^{-1} dF/du`` (``F`` the indifference system below);
  each constraint ``g`` (a probability on the support, or the payoff gap of an unused strategy)
  then reaches zero at ``eps = g / |dg/du|_1`` to first order, and the radius estimate is the
  minimum of these.  The estimate is checked by re-solving the support system (Newton) along the
  worst direction ``-sign(dg/du)``: ``radius_upper`` is the smallest size found there that
  destroys the support equilibrium (an upper bound on the true radius).
* **Regular** (van Damme 1991, def. 2.5.1): quasi-strict (every unused strategy earns strictly
  less) and the Jacobian ``J`` of the indifference system
  ``F_i,k(y) = v_i(k; x_-i) - v_i(k_i0; x_-i) = 0 (k in S_i \\ k_i0),  sum_{k in S_i} x_ik = 1``
  is nonsingular.  Regular equilibria are isolated, persist under small perturbations, and move
  smoothly with payoffs.
* **Index** (Shapley 1974; Ritzberger 1994): for a regular equilibrium, the sign of
  ``det(-J_R)``, where ``J_R`` is the Jacobian of the multi-population replicator field
  ``f_ik = x_ik (v_i(k; x_-i) - u_i(x))`` restricted to the tangent space of the product of
  simplices.  Strict equilibria have index +1; the indices of a generic game's equilibria sum to +1.
* **Dynamic stability**: the eigenvalues of ``J_R``.  Under the multi-population replicator
  dynamics an equilibrium is asymptotically stable iff it is strict (Ritzberger and Weibull 1995;
  Hofbauer and Sigmund 1998, sec. 10.4); the eigenvalues are reported alongside.
* **Trembling-hand perfect** (two players; van Damme 1991, thm. 3.2.2): iff neither player's
  strategy is weakly dominated by a mixed strategy.
* **ESS** (symmetric two-player games; Maynard Smith and Price 1973): ``(x, x)`` is an equilibrium
  and ``x.Ay > y.Ay`` for every other best reply ``y``.  Decided exactly by Haigh's (1975)
  reduction: with ``E`` the strategies earning the equilibrium payoff, the quadratic form
  ``z^T A z`` must be negative on the cone of feasible directions ``{sum z = 0, z_k >= 0 on
  E \\ S, 0 off E}``; after eliminating the free directions on ``S`` this is strict copositivity
  of a small matrix, checked by Kaplan's (2000) eigenvector criterion on its principal submatrices.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.derivatives import _layout, margins, newton_support, pack, support_jacobian
from bargain.errors import GameError
from bargain.model.game import Game
from bargain.model.rich import RichDisplay
from bargain.solvers.dynamics import tangent_eigenvalues
from bargain.solvers.result import Equilibrium

__all__ = [
    "StabilityReport",
    "stability",
    "is_strict",
    "robustness_radius",
    "is_regular",
    "index",
    "replicator_eigenvalues",
    "is_perfect",
    "is_ess",
]


@dataclass(frozen=True)
class StabilityReport(RichDisplay):
    """Everything :func:`stability` knows about one equilibrium."""

    strict: bool
    quasi_strict: bool
    robustness_radius: float
    radius_method: str
    radius_upper: float | None
    regular: bool
    index: int | None
    eigenvalues: np.ndarray
    asymptotically_stable: bool
    perfect: bool | None
    ess: bool | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "strict": self.strict,
            "quasi_strict": self.quasi_strict,
            "robustness_radius": float(self.robustness_radius),
            "radius_method": self.radius_method,
            "radius_upper": None if self.radius_upper is None else float(self.radius_upper),
            "regular": self.regular,
            "index": self.index,
            "eigenvalues_real": [float(e.real) for e in self.eigenvalues],
            "eigenvalues_imag": [float(e.imag) for e in self.eigenvalues],
            "asymptotically_stable": self.asymptotically_stable,
            "perfect": self.perfect,
            "ess": self.ess,
        }

    def flags(self) -> str:
        """A short text summary, e.g. ``strict, regular, index +1, stable, r=0.5``."""
        parts = ["strict" if self.strict else "not strict",
                 "regular" if self.regular else "irregular"]
        if self.index is not None:
            parts.append(f"index {self.index:+d}")
        parts.append("asymptotically stable" if self.asymptotically_stable else "not asymptotically stable")
        if self.perfect is not None:
            parts.append("perfect" if self.perfect else "not perfect")
        if self.ess is not None:
            parts.append("ESS" if self.ess else "not ESS")
        parts.append(f"radius {self.robustness_radius:.4g}")
        return ", ".join(parts)


def _profile(game: Game, eq: Equilibrium | Any) -> tuple[np.ndarray, ...]:
    if isinstance(eq, Equilibrium):
        return eq.profile
    return game.check_profile(eq)


def _support(profile: tuple[np.ndarray, ...], tol: float = 1e-9) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(int(k) for k in np.flatnonzero(x > tol)) for x in profile)


def _check_equilibrium(game: Game, profile: tuple[np.ndarray, ...]) -> None:
    regret = float(game.regret(profile))
    if regret > max(game.tolerance * 1e3, 1e-7):
        raise GameError(f"the profile is not an equilibrium of this game (regret {regret:.3g}); pass an "
                        "equilibrium returned by bargain.solve(game)")


# ------------------------------------------------------------------------------------- strictness
def is_strict(game: Game, eq: Equilibrium | Any, tol: float | None = None) -> bool:
    """A pure equilibrium where each player's strategy is their unique best response."""
    prof = _profile(game, eq)
    t = game.tolerance if tol is None else tol
    sup = _support(prof)
    if any(len(s) != 1 for s in sup):
        return False
    for i in range(game.n_players):
        v = game.deviation_payoffs(prof, i)
        k = sup[i][0]
        if np.any(np.delete(v, k) >= v[k] - t):
            return False
    return True


def _quasi_strict(game: Game, prof: tuple[np.ndarray, ...], sup, t: float) -> bool:
    for i in range(game.n_players):
        v = game.deviation_payoffs(prof, i)
        best = v.max()
        unused = [k for k in range(game.shape[i]) if k not in sup[i]]
        if any(v[k] >= best - t for k in unused):
            return False
    return True


# ------------------------------------------------------------------------------------- support system
def _support_unknowns(game: Game, prof, sup) -> np.ndarray:
    """The indifference system's unknowns at ``prof``: probabilities on the support and each value."""
    values = [float(game.deviation_payoffs(prof, i) @ prof[i]) for i in range(game.n_players)]
    return pack(prof, values, sup)


def is_regular(game: Game, eq: Equilibrium | Any, tol: float | None = None) -> bool:
    """Quasi-strict with a nonsingular Jacobian of the support's indifference system (van Damme 1991)."""
    prof = _profile(game, eq)
    t = game.tolerance if tol is None else tol
    sup = _support(prof)
    if not _quasi_strict(game, prof, sup, t):
        return False
    J = support_jacobian(game.payoffs, sup, _support_unknowns(game, prof, sup))
    return bool(np.linalg.cond(J) < 1e10)


# ------------------------------------------------------------------------------------- replicator
def replicator_eigenvalues(game: Game, eq: Equilibrium | Any) -> np.ndarray:
    """Eigenvalues of the replicator Jacobian on the tangent space of the strategy space."""
    return tangent_eigenvalues(game, _profile(game, eq))


def index(game: Game, eq: Equilibrium | Any) -> int | None:
    """Index (+1 or -1) of a regular equilibrium: ``sign det(-J_R)``; None if not regular.

    ``det(-J_R)`` is the product of the negated tangent eigenvalues (complex ones come in conjugate
    pairs, so the product is real).
    """
    prof = _profile(game, eq)
    if not is_regular(game, prof):
        return None
    lam = tangent_eigenvalues(game, prof)
    if lam.size == 0:
        return 1
    scale = max(1.0, float(np.abs(lam).max()))
    if np.abs(lam).min() <= 1e-10 * scale:
        return None
    d = np.prod(-lam).real
    return 1 if d > 0 else -1


# ------------------------------------------------------------------------------------- robustness
def _pure_radius(game: Game, sup) -> Any:
    a = tuple(s[0] for s in sup)
    src = game.exact_payoffs if game.is_exact else game.payoffs
    gaps = []
    for i in range(game.n_players):
        own = src[(i, *a)]
        for k in range(game.shape[i]):
            if k != a[i]:
                dev = list(a)
                dev[i] = k
                gaps.append(own - src[(i, *dev)])
    if not gaps:
        return float("inf")
    m = min(gaps)
    if m <= 0:
        return Fraction(0) if game.is_exact else 0.0
    return m / 2 if game.is_exact else float(m) / 2.0


def _payoff_gradients(game: Game, prof, sup) -> list[tuple[str, float, np.ndarray]]:
    """Each constraint of the support equilibrium: its name, its value and its gradient in the payoffs.

    The support system ``F(w, u) = 0`` (:mod:`bargain.analysis.derivatives`: ``v_i(k) - v_i = 0`` on
    ``S_i``, probabilities summing to one) moves as ``dw/du = -J^{-1} dF/du``, where
    ``dv_i(k)/du_i(k, a_-i) = prod_{j != i} x_j(a_j)``.  The constraints are the probabilities on
    the support and the gaps ``v_i - v_i(k)`` of the unused strategies.
    """
    n, P = game.n_players, game.num_profiles
    w = _support_unknowns(game, prof, sup)
    lay = _layout(sup)
    J = support_jacobian(game.payoffs, sup, w)
    def weight(i: int, k: int) -> np.ndarray:
        e = np.zeros(game.shape[i])
        e[k] = 1.0
        factors = [e if j == i else prof[j] for j in range(n)]
        out = factors[0]
        for f in factors[1:]:
            out = np.multiply.outer(out, f)
        return out.ravel()          # d v_i(k) / d u_i: the others' mixtures, on row k

    dFdu = np.zeros((len(w), n * P))
    for i in range(n):
        for r, k in zip(lay[i][0], sup[i], strict=True):
            dFdu[r, i * P:(i + 1) * P] = weight(i, k)
    dwdu = -np.linalg.solve(J, dFdu)
    constraints: list[tuple[str, float, np.ndarray]] = []
    for i in range(n):
        for r, k in zip(lay[i][0], sup[i], strict=True):
            constraints.append((f"probability of {game.players[i]}:{game.strategies[i][k]}",
                                float(prof[i][k]), dwdu[r]))
    for i in range(n):
        v = game.deviation_payoffs(prof, i)
        value_row = dwdu[lay[i][1]]
        for k in range(game.shape[i]):
            if k in sup[i]:
                continue
            # g = v_i - v_i(k): v_i(k) moves with u_i(k, .) directly and with the others' mixtures
            grad = value_row.copy()
            grad[i * P:(i + 1) * P] -= weight(i, k)
            for j in range(n):
                if j != i:
                    M = game.pairwise_payoffs(prof, i, j)
                    grad -= M[k, list(sup[j])] @ dwdu[lay[j][0]]
            constraints.append((f"payoff gap of unused {game.players[i]}:{game.strategies[i][k]}",
                                float(w[lay[i][1]] - v[k]), grad))
    return constraints


def _support_equilibrium_survives(game: Game, prof, sup, delta: np.ndarray) -> bool:
    """Does the payoff array perturbed by ``delta`` keep an equilibrium on ``sup`` near ``prof``?

    Newton from the unperturbed solution on the raw perturbed array (no Game is built), then every
    probability and every unused strategy's gap must stay positive.
    """
    U = game.payoffs + delta.reshape(game.payoffs.shape)
    w = newton_support(U, sup, _support_unknowns(game, prof, sup))
    return w is not None and margins(U, sup, w)[0] > 0


def robustness_radius(game: Game, eq: Equilibrium | Any) -> tuple[float, str, float | None]:
    """``(radius, method, upper_bound)``: the smallest max-norm payoff change that destroys ``eq``.

    Exact for pure equilibria (``upper_bound`` is then the same number).  For mixed equilibria the
    first-order estimate and a verified upper bound found along the worst direction (module doc).
    """
    prof = _profile(game, eq)
    sup = _support(prof)
    if all(len(s) == 1 for s in sup):
        r = _pure_radius(game, sup)
        return r, "exact (pure equilibrium: half the smallest deviation loss)", r
    if not is_regular(game, prof):
        return 0.0, "zero: the equilibrium is not regular, so arbitrarily small perturbations change it", 0.0
    constraints = _payoff_gradients(game, prof, sup)
    best = (np.inf, None)
    for _name, value, grad in constraints:
        norm = float(np.abs(grad).sum())
        if norm > 0 and value / norm < best[0]:
            best = (value / norm, grad)
    r1, grad = best
    if grad is None:
        return float("inf"), "first-order estimate (no constraint depends on the payoffs)", None
    direction = -np.sign(grad)
    lo, hi = 0.0, None
    eps = r1
    for _ in range(8):           # find a destroying size along the worst direction
        if not _support_equilibrium_survives(game, prof, sup, eps * direction):
            hi = eps
            break
        lo, eps = eps, eps * 2
    if hi is not None:
        for _ in range(40):
            mid = 0.5 * (lo + hi)
            if _support_equilibrium_survives(game, prof, sup, mid * direction):
                lo = mid
            else:
                hi = mid
    return r1, ("first-order estimate by the implicit function theorem on the support's indifference "
                "system; upper bound by re-solving along the worst direction"), hi


# ------------------------------------------------------------------------------------- refinements
def _weakly_dominated_mixture(M: np.ndarray, x: np.ndarray, tol: float) -> bool:
    """Whether the mixed row strategy ``x`` of payoff matrix ``M`` (rows = own strategies) is weakly dominated."""
    from scipy.optimize import linprog

    k = M.shape[0]
    target = x @ M
    # maximise sum(z @ M - target) s.t. z @ M >= target, z in the simplex
    res = linprog(-M.sum(axis=1), A_ub=-M.T, b_ub=-target, A_eq=np.ones((1, k)), b_eq=[1.0],
                  bounds=[(0, None)] * k, method="highs")
    return bool(res.status == 0 and (-res.fun - target.sum()) > tol)


def is_perfect(game: Game, eq: Equilibrium | Any, tol: float | None = None) -> bool:
    """Trembling-hand perfection of a two-player equilibrium: neither strategy weakly dominated.

    For bimatrix games an equilibrium is perfect iff both strategies are undominated
    (van Damme 1991, thm. 3.2.2).
    """
    if game.n_players != 2:
        raise GameError("is_perfect() decides perfection for two-player games only "
                        f"(this game has {game.n_players} players)")
    prof = _profile(game, eq)
    t = game.tolerance if tol is None else tol
    A, B = game.matrices()
    return not (_weakly_dominated_mixture(A, prof[0], t) or _weakly_dominated_mixture(B.T, prof[1], t))


def _strictly_copositive(C: np.ndarray, tol: float) -> bool:
    """Kaplan (2000): symmetric C is strictly copositive iff no principal submatrix has a positive
    eigenvector with a non-positive eigenvalue."""
    m = C.shape[0]
    for size in range(1, m + 1):
        for idx in itertools.combinations(range(m), size):
            sub = C[np.ix_(idx, idx)]
            w, V = np.linalg.eigh(sub)
            for lam, vec in zip(w, V.T, strict=True):
                if lam <= tol and (np.all(vec > tol) or np.all(vec < -tol)):
                    return False
    return True


def is_ess(game: Game, eq: Equilibrium | Any, tol: float | None = None) -> bool:
    """Whether ``x`` (both players' common strategy) is an evolutionarily stable strategy.

    Needs a symmetric two-player game and a symmetric equilibrium ``(x, x)``.
    """
    if game.n_players != 2 or not game.is_symmetric(tol=1e-12):
        raise GameError("ESS is defined for symmetric two-player games (A = B^T); this game is not one")
    prof = _profile(game, eq)
    if not np.allclose(prof[0], prof[1], atol=1e-9):
        return False
    t = game.tolerance if tol is None else tol
    A = game.matrices()[0]
    x = prof[0]
    Ax = A @ x
    best = x @ Ax
    if Ax.max() > best + t:
        return False
    S = [k for k in range(len(x)) if x[k] > 1e-9]
    E = [k for k in range(len(x)) if Ax[k] >= best - t]
    extra = [k for k in E if k not in S]
    # Directions: u on S with sum 0 (free), w >= 0 on E \ S compensated on s0 = S[0].
    s0 = S[0]
    cols_u, cols_w = [], []
    for k in S[1:]:
        z = np.zeros(len(x))
        z[k], z[s0] = 1.0, -1.0
        cols_u.append(z)
    for k in extra:
        z = np.zeros(len(x))
        z[k], z[s0] = 1.0, -1.0
        cols_w.append(z)
    Asym = 0.5 * (A + A.T)
    U = np.array(cols_u).T if cols_u else np.zeros((len(x), 0))
    W = np.array(cols_w).T if cols_w else np.zeros((len(x), 0))
    Huu = U.T @ Asym @ U
    if Huu.size and np.linalg.eigvalsh(Huu).max() >= -t:
        return False
    if W.shape[1] == 0:
        return True
    Hww = W.T @ Asym @ W
    Hwu = W.T @ Asym @ U
    C = Hww - (Hwu @ np.linalg.solve(Huu, Hwu.T) if Huu.size else 0.0)
    # need w^T C w < 0 for w >= 0, w != 0  <=>  -C strictly copositive
    return _strictly_copositive(-C, t)


# ------------------------------------------------------------------------------------- report
def stability(game: Game, eq: Equilibrium | Any) -> StabilityReport:
    """The full :class:`StabilityReport` of one equilibrium of ``game``.

    Parameters
    ----------
    game : Game
        The game.
    eq : Equilibrium or profile
        One of its equilibria (an :class:`~bargain.solvers.result.Equilibrium` or a profile).

    Returns
    -------
    StabilityReport
        The equilibrium's refinements and stability: regularity and index, perfection and
        properness, evolutionary stability, and the stability of the learning dynamics at it.

    Raises
    ------
    GameError
        If ``eq`` is not an equilibrium of ``game``, or the numerical analysis breaks down (payoffs
        so large that the linear algebra overflows); the equilibrium itself stands.

    References
    ----------
    Harsanyi, J. C. (1973). Oddness of the number of equilibrium points. *IJGT* 2, 235-250.
    Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Math. Programming Study* 1, 175-189.
    van Damme, E. (1991). *Stability and Perfection of Nash Equilibria*, 2nd ed. Springer.
    Ritzberger, K. and Weibull, J. W. (1995). Evolutionary selection in normal-form games.
    *Econometrica* 63(6), 1371-1399.
    Hofbauer, J. and Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*. Cambridge.
    Maynard Smith, J. and Price, G. R. (1973). The logic of animal conflict. *Nature* 246, 15-18.
    """
    try:
        with np.errstate(over="ignore", invalid="ignore"):      # overflow surfaces as the error below
            return _stability(game, eq)
    except GameError:
        raise
    except (np.linalg.LinAlgError, FloatingPointError, OverflowError, ValueError) as exc:
        raise GameError(f"the stability analysis broke down numerically ({type(exc).__name__}: {exc}); payoffs this "
                        "large or ill-conditioned need rescaling") from None


def _stability(game: Game, eq: Equilibrium | Any) -> StabilityReport:
    prof = _profile(game, eq)
    _check_equilibrium(game, prof)
    sup = _support(prof)
    strict = is_strict(game, prof)
    radius, method, upper = robustness_radius(game, prof)
    perfect = is_perfect(game, prof) if game.n_players == 2 else None
    symmetric = game.n_players == 2 and game.is_symmetric(tol=1e-12)
    return StabilityReport(
        strict=strict,
        quasi_strict=_quasi_strict(game, prof, sup, game.tolerance),
        robustness_radius=float(radius),
        radius_method=method,
        radius_upper=None if upper is None else float(upper),
        regular=is_regular(game, prof),
        index=index(game, prof),
        eigenvalues=replicator_eigenvalues(game, prof),
        asymptotically_stable=strict,
        perfect=perfect,
        ess=is_ess(game, prof) if symmetric and np.allclose(prof[0], prof[1], atol=1e-9) else None,
    )
