"""The solver registry and :func:`solve`.

Each solver module registers one function ``f(game, *, exact, tol, **options) -> Equilibria``
under a name with :func:`register`; the function is named ``<method>_solve`` (``pure_solve``,
``enumeration_solve``, ``lemke_howson_solve``, ``lp_solve``, ``polynomial_solve``, ``qre_solve``)
while the registered name (``"enumeration"``, ``"lemke-howson"`` ...) is what users pass to
``solve(game, method=...)``.  :func:`solve` looks the name up, converts the game to exact
arithmetic when asked, and returns the solver's verified :class:`~bargain.solvers.result.Equilibria`.

``method="auto"`` picks a *complete* method whenever one applies to the game:
pure-strategy games (every player has one strategy) are trivial; two-player games use support /
vertex enumeration; games with more players use polynomial support enumeration when small enough.
The result's ``method`` and ``complete`` attributes say what ran.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain.errors import GameError, did_you_mean
from bargain.model.game import Game
from bargain.solvers.result import Equilibria, transfer

__all__ = ["SolverInfo", "MethodChoice", "register", "register_one_pass", "get_solver", "available_solvers",
           "method_choice", "choose_method", "solve"]

#: Solver modules imported on first use of the registry (each registers itself).
SOLVER_MODULES = (
    "bargain.solvers.pure",
    "bargain.solvers.enumeration",
    "bargain.solvers.enumeration_fast",
    "bargain.solvers.lemke_howson",
    "bargain.solvers.lp",
    "bargain.solvers.polynomial",
    "bargain.solvers.qre",
    "bargain.solvers.sequence_form.methods",
    "bargain.solvers.sequence_form.perturbed",
    "bargain.solvers.tree_polynomial",
)


@dataclass(frozen=True)
class SolverInfo:
    """What a registered solver is and can do."""

    name: str
    func: Callable[..., Equilibria]
    players: str            # "2" for two-player only, "n" for any number of players
    complete: bool          # finds every equilibrium (every extreme one, if degenerate)
    exact: bool             # supports exact rational arithmetic
    description: str
    aliases: tuple[str, ...] = field(default=())
    tree: bool = False      # solves game trees (ExtensiveGame) rather than normal-form games
    #: The answer is unchanged when any one player's payoffs are mapped by a positive affine map, so
    #: :func:`solve` runs the solver on :meth:`Game.normalised` (every player's payoffs in [0, 1]).
    scale_free: bool = True
    #: ``f(game, exact, tol) -> list[Equilibrium]``: an independent route used when the index
    #: check of a complete answer fails (see :mod:`bargain.solvers.completeness`); called as
    #: ``f(game, exact, tol, supports=result.recheck)`` when the answer names what to redo.
    resolve: Callable[..., Any] | None = None
    #: What ``resolve`` does, in words, or ``f(game) -> str`` when that depends on the game.
    resolve_route: str | Callable[[Game], str] = ""
    #: ``func`` takes ``report=game``: it verifies its equilibria once, on the user's game, and reports
    #: them for it (instead of :func:`solve` verifying them again with :func:`transfer`).
    reports: bool = False

    def accepts(self, game: Game) -> bool:
        return self.players == "n" or game.n_players == int(self.players)


_REGISTRY: dict[str, SolverInfo] = {}
_ALIASES: dict[str, str] = {}
#: :func:`method_choice` by game shape (it depends on nothing else); emptied when a solver registers.
_CHOICES: dict[tuple[int, ...], MethodChoice] = {}
_LOADED = False


def register(name: str, *, players: str, complete: bool, exact: bool, description: str,
             aliases: tuple[str, ...] = (), tree: bool = False, scale_free: bool = True,
             resolve: Callable[..., Any] | None = None, resolve_route: str | Callable[[Game], str] = "",
             reports: bool = False,
             ) -> Callable[[Callable[..., Equilibria]], Callable[..., Equilibria]]:
    """Decorator: register ``func`` as solver ``name``.

    ``tree=True``: it takes an ExtensiveGame; ``scale_free``: see :class:`SolverInfo`.
    ``resolve(game, exact, tol)`` (optional) re-solves by an independent route; it is run when the
    index check of a complete answer fails (with ``supports=`` the answer's
    :attr:`~bargain.solvers.result.Equilibria.recheck` when that is not None), and ``resolve_route``
    says in words what it does;
    ``reports``: ``func`` accepts ``report=game`` (see :class:`SolverInfo`).
    """

    def deco(func: Callable[..., Equilibria]) -> Callable[..., Equilibria]:
        info = SolverInfo(name, func, players, complete, exact, description, tuple(aliases), tree=tree,
                          scale_free=scale_free, resolve=resolve, resolve_route=resolve_route, reports=reports)
        _REGISTRY[name] = info
        for a in aliases:
            _ALIASES[a] = name
        _CHOICES.clear()
        return func

    return deco


#: Float routes by solver name: ``f(game)`` returns what :func:`solve` would get from
#: ``transfer(solver(game.normalised()), game)`` with default options, in one pass, or None where
#: it cannot (the general route then answers).
_ONE_PASS: dict[str, Callable[[Game], Equilibria | None]] = {}


def register_one_pass(name: str) -> Callable[[Callable[[Game], Equilibria | None]],
                                             Callable[[Game], Equilibria | None]]:
    """Decorator: ``func(game)`` is solver ``name``'s one-pass float route (see :func:`solve`).

    The route may return its answer already certified (with the evidence and note
    :func:`~bargain.solvers.completeness.certify` would give); :func:`certify_result` then keeps it.
    It returns None for a game it does not handle (the general route then answers).

    Parameters
    ----------
    name : str
        The registered solver's name.

    Returns
    -------
    callable
        The decorator; it records ``func`` and returns it unchanged.
    """

    def deco(func: Callable[[Game], Equilibria | None]) -> Callable[[Game], Equilibria | None]:
        _ONE_PASS[name] = func
        return func

    return deco


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for mod in SOLVER_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:   # a real import error inside a solver module must surface
                raise
    _LOADED = True


def available_solvers() -> dict[str, SolverInfo]:
    """All registered solvers by name.

    Returns
    -------
    dict of str to SolverInfo
        Each solver's name and what it is: the games it applies to and whether it is complete.
    """
    _load()
    return dict(_REGISTRY)


def get_solver(name: str) -> SolverInfo:
    """The solver registered as ``name`` (or an alias); GameError with a suggestion if unknown.

    Parameters
    ----------
    name : str
        A registered solver's name or alias.

    Returns
    -------
    SolverInfo
        The solver function and what it applies to.

    Raises
    ------
    GameError
        For an unknown name (with a suggestion).
    """
    _load()
    key = _ALIASES.get(name, name)
    if key not in _REGISTRY:
        names = sorted([*_REGISTRY, *_ALIASES])
        raise GameError(f"unknown method {name!r}{did_you_mean(name, names)}; available: auto, {', '.join(names)}")
    return _REGISTRY[key]


#: Largest number of support profiles (prod_i (2^s_i - 1)) that "auto" hands to the complete
#: polynomial method; larger n-player games fall back to an incomplete method and say so.
AUTO_POLYNOMIAL_MAX_SUPPORTS = 2 ** 16
#: Two-player games with at most this many rows + columns go to vertex enumeration ...
AUTO_ENUMERATION_MAX_STRATEGIES = 48
#: ... and so do those whose smaller best-response polytope has at most this many vertices (McMullen).
AUTO_ENUMERATION_MAX_VERTICES = 10 ** 5
def vertex_bound(dimension: int, facets: int) -> int:
    """McMullen's upper bound on the number of vertices of a ``dimension``-polytope with ``facets`` facets.

    Parameters
    ----------
    dimension, facets : int
        Dimension ``d`` and number of facets ``k`` of the polytope.

    Returns
    -------
    int
        ``C(k - ceil(d/2), floor(d/2)) + C(k - floor(d/2) - 1, ceil(d/2) - 1)``.

    References
    ----------
    McMullen, P. (1970). The maximum numbers of faces of a convex polytope. *Mathematika* 17, 179-184;
    von Stengel (1999), "New maximal numbers of equilibria in bimatrix games", *Discrete Comput.
    Geom.* 21, uses it for the best-response polytopes.
    """
    from math import comb

    d, k = dimension, facets
    lo, hi = d // 2, (d + 1) // 2
    return comb(k - hi, lo) + (comb(k - lo - 1, hi - 1) if hi >= 1 else 0)


@dataclass(frozen=True)
class MethodChoice:
    """What ``auto`` runs for a game, and one sentence saying why and what completeness would cost."""

    name: str
    reason: str


def method_choice(game: Game) -> MethodChoice:
    """The method ``auto`` uses for ``game`` and why (a complete one wherever one is practical).

    Parameters
    ----------
    game : Game
        The normal form (a game tree is routed to the sequence form before this, by :func:`solve`).

    Returns
    -------
    MethodChoice
    """
    _load()
    choice = _CHOICES.get(game.shape)
    if choice is None:
        choice = _CHOICES[game.shape] = _choice_for_shape(game.shape)
    return choice


def _choice_for_shape(dims: tuple[int, ...]) -> MethodChoice:
    """:func:`method_choice` for a game of shape ``dims``."""
    shape = "x".join(map(str, dims))
    if all(s == 1 for s in dims) or len(dims) == 1:
        return MethodChoice("pure", "every player has a single strategy or there is one player: the pure "
                                    "profiles are all the equilibria")
    if len(dims) == 2:
        m, n = dims
        small = vertex_bound(min(m, n), m + n)          # vertices of the smaller best-response polytope
        if "enumeration" in _REGISTRY and (m + n <= AUTO_ENUMERATION_MAX_STRATEGIES
                                           or small <= AUTO_ENUMERATION_MAX_VERTICES):
            return MethodChoice("enumeration", f"two players, {shape}: vertex enumeration of the best-response "
                                               f"polytopes (at most {small:.3g} vertices on the smaller side), "
                                               "complete")
        cost = vertex_bound(n, m + n) * vertex_bound(m, m + n)
        return MethodChoice("lemke-howson", f"{shape} normal form: vertex enumeration bounded by {cost:.3g} vertex "
                                            "pairs (McMullen), too many to promise; Lemke-Howson from every "
                                            "starting label finds some equilibria, not all; use --method "
                                            "enumeration to force the complete method")
    supports = 1
    for s in dims:
        supports *= 2 ** s - 1
    if supports <= AUTO_POLYNOMIAL_MAX_SUPPORTS and "polynomial" in _REGISTRY:
        return MethodChoice("polynomial", f"{len(dims)} players, {shape}: polynomial support enumeration over "
                                          f"at most {supports} support profiles, complete for isolated equilibria")
    return MethodChoice("qre", f"{len(dims)} players, {shape}: {supports:.3g} support profiles, too many for "
                               "support enumeration; the logit QRE path gives one equilibrium; use --method "
                               "polynomial to force the complete method")


def choose_method(game: Game) -> str:
    """The name of the method ``auto`` uses for ``game`` (see :func:`method_choice`)."""
    return method_choice(game).name


def solve(game: Game, method: str = "auto", *, exact: bool | None = None, tol: float | None = None,
          **options: Any) -> Equilibria:
    """Equilibria of ``game`` by ``method`` (``"auto"`` picks a complete method where one applies).

    ``exact=None`` means exact arithmetic when the game's payoffs are rational; ``exact=True``
    converts float payoffs to rationals by their decimal repr first; ``exact=False`` forces floats.
    ``tol`` bounds every player's regret in float verification; by default each player's regret is
    bounded by ``1e-9`` times that player's own payoff range (:attr:`Game.tolerances`).
    Every returned equilibrium has been verified, player by player, on ``game`` itself, and a
    ``complete`` answer carries the evidence (:attr:`Equilibria.evidence`;
    :mod:`bargain.solvers.completeness`).  A game tree (an ExtensiveGame) is solved on the tree.

    Solvers whose answer does not depend on the units of each player's payoffs (all but ``qre`` and
    ``lp``) run on :meth:`Game.normalised`, where every player's payoffs span [0, 1]: one player's
    huge payoffs (or payoffs near the float limit, ±1e308) then neither hide another player's
    regret nor overflow, and the equilibria are verified again on the game as given.

    Parameters
    ----------
    game : Game or ExtensiveGame
        The game (a tree is solved on the tree).
    method : str, default 'auto'
        A registered solver's name (:func:`available_solvers`); ``"auto"`` picks a complete one.
    exact : bool, optional
        Exact (Fraction) arithmetic: default when the payoffs are rational.
    tol : float, optional
        The regret bound of float verification (default each player's :attr:`Game.tolerances`).
    **options
        Options of the chosen solver.

    Returns
    -------
    Equilibria
        The verified equilibria, whether the list is complete (with its evidence), components,
        continua and notes.

    Raises
    ------
    GameError
        For a method name that is not a string or not registered, a game the method cannot solve,
        or a ``tol`` that is not a positive finite number.

    References
    ----------
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, 87-142.
    von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game Theory* 3,
    ch. 45, 1723-1759.
    """
    from bargain.model.extensive import ExtensiveGame

    if isinstance(game, ExtensiveGame):             # Bayesian and signalling games are trees too
        return _solve_tree(game, method, exact=exact, tol=tol, **options)
    if not isinstance(game, Game):
        if hasattr(game, "parameters") and hasattr(game, "game"):
            raise GameError("solve() takes a Game, not a Model: solve model.game(name=value, ...) instead")
        raise GameError(f"solve() needs a bargain.Game, got {type(game).__name__}; build one with "
                        "bargain.Game(payoffs) or model.game(...)")
    if not isinstance(method, str):
        raise GameError(f"method must be a name such as 'auto' or 'enumeration', not {method!r}")
    if tol is not None:
        try:
            tol_ok = isinstance(tol, int | float | np.integer | np.floating) and not isinstance(tol, bool) \
                and math.isfinite(float(tol)) and float(tol) > 0
        except (TypeError, ValueError):
            tol_ok = False
        if not tol_ok:
            raise GameError(f"tol must be a positive finite number (an absolute bound on every player's regret), "
                            f"not {tol!r}; leave it out for 1e-9 times each player's payoff range")
        tol = float(tol)
    choice = method_choice(game) if method == "auto" else None
    name = choice.name if choice is not None else method
    info = get_solver(name)
    if info.tree:
        raise GameError(f"method {info.name!r} solves game trees; this is a normal-form game (use method='auto')")
    if not info.accepts(game):
        raise GameError(f"method {info.name!r} solves {info.players}-player games; this game has "
                        f"{game.n_players} players (use method='auto')")
    use_exact = game.is_exact if exact is None else bool(exact)
    if use_exact and not info.exact:
        if exact:
            raise GameError(f"method {info.name!r} has no exact mode; use exact=False or a method with exact "
                            f"arithmetic ({', '.join(n for n, i in _REGISTRY.items() if i.exact)})")
        use_exact = False
    g = game.to_exact() if use_exact else game
    one_pass = _ONE_PASS.get(info.name) if not use_exact and tol is None and not options else None
    # the one-pass route builds each equilibrium once; it returns None where the route below must answer
    result = one_pass(g) if one_pass is not None else None
    if result is None:
        if not info.scale_free or tol is not None:
            result = info.func(g, exact=use_exact, tol=tol, **options)
        elif info.reports:                   # verified once, on g itself
            result = info.func(g.normalised(), exact=use_exact, tol=None, report=g, **options)
        else:
            result = transfer(info.func(g.normalised(), exact=use_exact, tol=None, **options), g)
    result = certify_result(info, g, result, use_exact, tol)
    if choice is not None:
        result = result.replace(notes=[f"auto: {choice.reason}", *result.notes])
    return result


def _solve_tree(tree: Any, method: str, *, exact: bool | None, tol: float | None, **options: Any) -> Equilibria:
    """Nash equilibria of a game tree, in behaviour strategies (see :mod:`bargain.solvers.sequence_form`)."""
    _load()
    use_exact = tree.is_exact if exact is None else bool(exact)
    if use_exact and not tree.is_exact:
        raise GameError("exact=True needs an exact tree (int or Fraction payoffs and chance probabilities)")
    info = get_solver("auto-tree" if method == "auto" else method)
    if not info.tree:
        trees = ", ".join(n for n, i in _REGISTRY.items() if i.tree)
        raise GameError(f"method {info.name!r} solves normal-form games; for a tree use method='auto' or one of "
                        f"{trees}, or solve tree.reduced_normal_form() with {info.name!r}")
    if info.name != "auto-tree":
        if info.players != "n" and tree.n_players != int(info.players):
            raise GameError(f"method {info.name!r} solves {info.players}-player trees; this tree has "
                            f"{tree.n_players} players (use method='auto')")
        tree.check_perfect_recall(f"method {info.name!r}")
    return _evidenced(info.func(tree, exact=use_exact, tol=tol, **options))


def _evidenced(result: Equilibria) -> Equilibria:
    """``result`` with evidence for its completeness claim: a claim the solver did not back
    (:func:`~bargain.solvers.completeness.certify_tree`) is withdrawn, never printed unbacked."""
    from bargain.solvers.completeness import Evidence, uncertified

    if result.evidence is not None:
        return result
    if result.complete:
        why = "not complete: the solver gave no evidence for its claim"
        return result.replace(complete=False, notes=[*result.notes, why]).with_evidence(
            Evidence("none", False, None, 0, why))
    return uncertified(result)


def certify_result(info: SolverInfo, game: Game, result: Equilibria, exact: bool, tol: float | None) -> Equilibria:
    """``result`` with its completeness claim checked (:func:`~bargain.solvers.completeness.certify`).

    A result that already carries evidence (a one-pass route that ran the same check on the arrays
    it had, :func:`register_one_pass`) is returned unchanged.
    """
    from bargain.solvers.completeness import certify

    if result.evidence is not None:
        return result
    if not (info.complete and result.complete):
        return certify(result)
    resolve = repair = None
    if info.resolve is not None:
        def repair() -> list:                # every support: run when the index check fails
            return list(info.resolve(game, exact, tol))

        def resolve() -> list:               # the supports the solver did not settle deterministically
            if result.recheck is None:
                return repair()
            return list(info.resolve(game, exact, tol, supports=result.recheck))
    named = info.resolve_route
    if callable(named):                      # worked out only if the route runs
        return certify(result, resolve, lambda: named(game), repair=repair)
    return certify(result, resolve, named or "another route", repair=repair)
