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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bargain.errors import GameError, did_you_mean
from bargain.model.game import Game
from bargain.solvers.result import Equilibria

__all__ = ["SolverInfo", "register", "get_solver", "available_solvers", "solve"]

#: Solver modules imported on first use of the registry (each registers itself).
SOLVER_MODULES = (
    "bargain.solvers.pure",
    "bargain.solvers.enumeration",
    "bargain.solvers.lemke_howson",
    "bargain.solvers.lp",
    "bargain.solvers.polynomial",
    "bargain.solvers.qre",
    "bargain.solvers.sequence_form.methods",
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

    def accepts(self, game: Game) -> bool:
        return self.players == "n" or game.n_players == int(self.players)


_REGISTRY: dict[str, SolverInfo] = {}
_ALIASES: dict[str, str] = {}
_LOADED = False


def register(name: str, *, players: str, complete: bool, exact: bool, description: str,
             aliases: tuple[str, ...] = (), tree: bool = False,
             ) -> Callable[[Callable[..., Equilibria]], Callable[..., Equilibria]]:
    """Decorator: register ``func`` as solver ``name`` (``tree=True``: it takes an ExtensiveGame)."""

    def deco(func: Callable[..., Equilibria]) -> Callable[..., Equilibria]:
        info = SolverInfo(name, func, players, complete, exact, description, tuple(aliases), tree)
        _REGISTRY[name] = info
        for a in aliases:
            _ALIASES[a] = name
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
    """All registered solvers by name."""
    _load()
    return dict(_REGISTRY)


def get_solver(name: str) -> SolverInfo:
    """The solver registered as ``name`` (or an alias); GameError with a suggestion if unknown."""
    _load()
    key = _ALIASES.get(name, name)
    if key not in _REGISTRY:
        names = sorted([*_REGISTRY, *_ALIASES])
        raise GameError(f"unknown method {name!r}{did_you_mean(name, names)}; available: auto, {', '.join(names)}")
    return _REGISTRY[key]


#: Largest n-player game (product of strategy counts) that "auto" hands to the complete
#: polynomial method; larger games fall back to an incomplete method and say so.
AUTO_POLYNOMIAL_MAX_PROFILES = 64
#: Largest two-player game (rows + columns) that "auto" hands to vertex enumeration.
AUTO_ENUMERATION_MAX_STRATEGIES = 32


def choose_method(game: Game) -> str:
    """The method ``auto`` uses for ``game`` (a complete one wherever one is practical)."""
    _load()
    if all(s == 1 for s in game.shape):
        return "pure"
    if game.n_players == 1:
        return "pure"
    if game.n_players == 2:
        if sum(game.shape) <= AUTO_ENUMERATION_MAX_STRATEGIES and "enumeration" in _REGISTRY:
            return "enumeration"
        return "lemke-howson" if "lemke-howson" in _REGISTRY else "pure"
    if game.num_profiles <= AUTO_POLYNOMIAL_MAX_PROFILES and "polynomial" in _REGISTRY:
        return "polynomial"
    return "qre" if "qre" in _REGISTRY else "pure"


def solve(game: Game, method: str = "auto", *, exact: bool | None = None, tol: float | None = None,
          **options: Any) -> Equilibria:
    """Equilibria of ``game`` by ``method`` (``"auto"`` picks a complete method where one applies).

    ``exact=None`` means exact arithmetic when the game's payoffs are rational; ``exact=True``
    converts float payoffs to rationals by their decimal repr first; ``exact=False`` forces floats.
    ``tol`` is the regret tolerance for float verification (default ``game.tolerance``).
    Every returned equilibrium has been verified.
    """
    if any(c.__name__ == "ExtensiveGame" for c in type(game).__mro__):     # trees, signalling games included
        return _solve_tree(game, method, exact=exact, tol=tol, **options)
    if not isinstance(game, Game):
        if hasattr(game, "parameters") and hasattr(game, "game"):
            raise GameError("solve() takes a Game, not a Model: solve model.game(name=value, ...) instead")
        raise GameError(f"solve() needs a bargain.Game, got {type(game).__name__}; build one with "
                        "bargain.Game(payoffs) or model.game(...)")
    name = choose_method(game) if method == "auto" else method
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
    return info.func(g, exact=use_exact, tol=tol, **options)


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
    if info.name == "auto-tree":
        return info.func(tree, exact=use_exact, tol=tol, **options)
    if info.players != "n" and tree.n_players != int(info.players):
        raise GameError(f"method {info.name!r} solves {info.players}-player trees; this tree has "
                        f"{tree.n_players} players (use method='auto')")
    tree.check_perfect_recall(f"method {info.name!r}")
    return info.func(tree, exact=use_exact, tol=tol, **options)
