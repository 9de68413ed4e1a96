"""Solver results: verified equilibria, their components, and continua.

Every :class:`Equilibrium` is built by :func:`make_equilibrium`, which checks that no player can
gain more than the tolerance by deviating (exactly zero for an exact equilibrium) and raises
:class:`~bargain.errors.VerificationError` otherwise.  A solver cannot return an unverified
profile: a bug in a solver is caught here, never reported as a result.

Degenerate two-player games can have infinitely many equilibria.  Their set is a finite union of
*maximal Nash subsets*, each a product ``X_k x Y_k`` of polytopes whose vertices are extreme
equilibrium strategies; overlapping subsets form connected *components* (Avis, Rosenberg, Savani
and von Stengel 2010, "Enumeration of Nash equilibria for two-player games", Econ. Theory 42).
:class:`Component` records them.  Games with more players can have positive-dimensional sets of
equilibria that are not polytopes; :class:`Continuum` records one with its support and sample
points.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from bargain.errors import VerificationError
from bargain.model.game import Game
from bargain.model.numbers import format_number
from bargain.model.rich import RichDisplay
from bargain.solvers.item_sequence import ItemSequence
from bargain.solvers.regret import others_product, payoff_matrices, regret_checker

if TYPE_CHECKING:
    from bargain.model.extensive import ExtensiveGame

__all__ = ["Equilibrium", "Equilibria", "Component", "Continuum", "make_equilibrium", "support_of", "transfer"]

#: Probabilities at or below this are outside the support of a float equilibrium.
SUPPORT_TOLERANCE = 1e-9


def support_of(profile: Sequence[np.ndarray], tol: float = SUPPORT_TOLERANCE) -> tuple[tuple[int, ...], ...]:
    """Indices of the strategies each player uses with probability above ``tol``."""
    return tuple(tuple(np.flatnonzero(np.asarray(x, dtype=float) > tol).tolist()) for x in profile)


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """A verified Nash equilibrium.

    Parameters
    ----------
    profile : tuple[np.ndarray, ...]
        one probability vector (float array) per player.
    payoffs : np.ndarray
        expected payoff of each player (float array).
    support : tuple[tuple[int, ...], ...]
        indices of the strategies each player uses.
    regret : float
        the largest gain any player has from deviating (each player's is at most their own
        tolerance, :attr:`Game.tolerances`; 0 when exact).
    method : str
        the solver that found it.
    component : int | None, optional
        index into ``Equilibria.components`` for two-player enumeration, else None.
    exact_profile, exact_payoffs : tuple[tuple[Fraction, ...], ...] | None, optional
        tuples of Fractions when the equilibrium is exact, else None.
    algebraic : dict[str, Any] | None, optional
        for irrational equilibria, optional closed forms or minimal polynomials by player.
    behaviour : Any, optional
        for an equilibrium of a game tree (``game`` is then an
        :class:`~bargain.model.extensive.ExtensiveGame`), the behaviour profile: a distribution
        over actions at every information set.  ``profile`` then holds each player's
        *realisation plan* (the probability of each of their sequences, in the order of
        :mod:`bargain.solvers.sequence_form`), ``support`` the sequences played, and
        :attr:`path` the nodes reached.
    game : Game or ExtensiveGame
        The game it is an equilibrium of.
    """

    game: Game | ExtensiveGame = field(repr=False)
    profile: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    support: tuple[tuple[int, ...], ...]
    regret: float
    method: str
    component: int | None = None
    exact_profile: tuple[tuple[Fraction, ...], ...] | None = None
    exact_payoffs: tuple[Fraction, ...] | None = None
    algebraic: dict[str, Any] | None = None
    behaviour: Any = None

    @property
    def is_exact(self) -> bool:
        return self.exact_profile is not None

    @property
    def is_behaviour(self) -> bool:
        """True for an equilibrium of a game tree, given in behaviour strategies."""
        return self.behaviour is not None

    @property
    def path(self) -> tuple[Any, ...]:
        """Tree equilibria: the nodes reached with positive probability and what happens there."""
        from bargain.solvers.tree_path import path_of_play

        if self.behaviour is None:
            raise AttributeError("path is defined for equilibria of game trees only")
        return path_of_play(self.game, self.behaviour, exact=self.is_exact)

    @property
    def is_pure(self) -> bool:
        if self.behaviour is not None:
            return self.behaviour.is_pure
        return all(len(s) == 1 for s in self.support)

    def strategy(self, player: int | str) -> np.ndarray:
        """The mixed strategy of one player (by index or name)."""
        return self.profile[self.game.player_index(player)]

    def probability(self, player: int | str, strategy: int | str) -> float:
        """The probability that ``player`` plays ``strategy`` (indices or names)."""
        i = self.game.player_index(player)
        return float(self.profile[i][self.game.strategy_index(i, strategy)])

    def formatted_profile(self, digits: int = 6) -> tuple[tuple[str, ...], ...]:
        """Probabilities as strings: ``3/5`` when exact, else ``digits`` significant figures."""
        src = self.exact_profile if self.exact_profile is not None else self.profile
        return tuple(tuple(format_number(p, digits) for p in x) for x in src)

    def formatted_payoffs(self, digits: int = 6) -> tuple[str, ...]:
        src = self.exact_payoffs if self.exact_payoffs is not None else self.payoffs
        return tuple(format_number(p, digits) for p in src)

    def describe(self, digits: int = 6) -> str:
        """One line per player: the strategies used with their probabilities, and the payoff.

        For a tree: the path of play, the move at every information set, and the payoffs."""
        if self.behaviour is not None:
            pays = self.formatted_payoffs(digits)
            path = " -> ".join(str(s) for s in self.path) or "(no moves)"
            lines = [f"path: {path}", "moves:"]
            lines += [f"  {line}" + ("  (not reached by their own plan)" if h.index in self.behaviour.undetermined
                                     else "")
                      for line, h in zip(self.behaviour.describe(digits).splitlines(), self.game.infosets,
                                         strict=True)]
            lines.append("payoffs: " + ", ".join(f"{p}={v}" for p, v in zip(self.game.players, pays, strict=True)))
            return "\n".join(lines)
        lines = []
        probs = self.formatted_profile(digits)
        pays = self.formatted_payoffs(digits)
        for i, player in enumerate(self.game.players):
            used = ", ".join(f"{self.game.strategies[i][k]}={probs[i][k]}" for k in self.support[i])
            lines.append(f"{player}: {used}  (payoff {pays[i]})")
        return "\n".join(lines)

    def formula(self, model: Any, **values: float) -> Any:
        """This equilibrium in closed form in ``model``'s parameters, with its regimes.

        ``model`` is the model the game came from and ``values`` the parameters it was built with
        (defaults for the rest).  Needs sympy; the work is done by the analysis layer
        (:func:`bargain.analysis.symbolic.formula_for`), imported only when this is called.
        """
        from bargain.analysis.symbolic import formula_for  # lazy: solvers never import analysis at import

        return formula_for(self, model, **values)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: strategies by name, exact values as ``"p/q"`` strings (for a tree:
        the behaviour at every information set and the path of play)."""
        g = self.game
        if self.behaviour is not None:
            pays = self.exact_payoffs if self.exact_payoffs is not None else self.payoffs
            from bargain.solvers.tree_path import play_dict

            return {
                **play_dict(self.behaviour, self.path, g.players, pays),
                "regret": float(self.regret), "method": self.method, "component": self.component,
                "exact": self.is_exact,
            }
        out: dict[str, Any] = {
            "profile": {p: {s: float(x) for s, x in zip(g.strategies[i], self.profile[i], strict=True)}
                        for i, p in enumerate(g.players)},
            "payoffs": {p: float(v) for p, v in zip(g.players, self.payoffs, strict=True)},
            "support": {p: [g.strategies[i][k] for k in self.support[i]] for i, p in enumerate(g.players)},
            "regret": float(self.regret),
            "method": self.method,
            "component": self.component,
            "exact": self.is_exact,
        }
        if self.exact_profile is not None:
            out["exact_profile"] = {p: {s: format_number(x) for s, x in zip(g.strategies[i], self.exact_profile[i],
                                                                          strict=True)}
                                    for i, p in enumerate(g.players)}
            out["exact_payoffs"] = {p: format_number(v) for p, v in zip(g.players, self.exact_payoffs or (),
                                                                        strict=True)}
        if self.algebraic:
            out["algebraic"] = self.algebraic
        return out

    def __repr__(self) -> str:
        if self.behaviour is not None:
            path = "; ".join(str(s) for s in self.path)
            return f"Equilibrium({path}; payoffs=({', '.join(self.formatted_payoffs())}))"
        probs = self.formatted_profile()
        body = "; ".join(f"{p}=({', '.join(x)})" for p, x in zip(self.game.players, probs, strict=True))
        return f"Equilibrium({body}; payoffs=({', '.join(self.formatted_payoffs())}))"


@dataclass(frozen=True)
class Component:
    """A connected component of the equilibrium set of a two-player game.

    ``equilibria`` are indices (into the :class:`Equilibria` list) of its extreme equilibria.
    ``nash_subsets`` lists its maximal Nash subsets, each as a tuple of equilibrium indices whose
    strategies span it: the subset is ``conv{x of those} x conv{y of those}``.  A component with
    one extreme equilibrium is an isolated equilibrium.

    Parameters
    ----------
    index : int
        The component's number.
    equilibria : tuple of int
        Indices into the :class:`Equilibria` list of its extreme equilibria.
    nash_subsets : tuple of tuple of int
        Its maximal Nash subsets, each the equilibrium indices whose strategies span it.
    """

    index: int
    equilibria: tuple[int, ...]
    nash_subsets: tuple[tuple[int, ...], ...]

    @property
    def is_isolated(self) -> bool:
        return len(self.equilibria) == 1


@dataclass(frozen=True, eq=False)
class Continuum:
    """A positive-dimensional set of equilibria of an n-player game, with the support it lives on.

    ``samples`` are verified equilibria in the set (``samples[0]`` and ``samples[-1]`` are the
    ends of a traced segment where that applies); ``dimension`` is the local dimension of the
    solution set of the support's indifference equations; ``description`` says in words what the
    set is, e.g. "P1 mixes between ... for any x in [a, b]".

    Parameters
    ----------
    support : tuple of tuple of int
        The support the set lives on.
    dimension : int
        The local dimension of the solution set of the support's indifference equations.
    samples : tuple of Equilibrium
        Verified equilibria in the set (the ends of a traced segment first and last).
    description : str, default ''
        What the set is, in words.
    """

    support: tuple[tuple[int, ...], ...]
    dimension: int
    samples: tuple[Equilibrium, ...]
    description: str = ""


#: Support profiles (per player, the indices of the strategies used) for a second route to re-solve.
Recheck = tuple[tuple[tuple[int, ...], ...], ...]


class Equilibria(RichDisplay, ItemSequence[Equilibrium]):
    """The equilibria a solver found: a sequence of :class:`Equilibrium` plus what is known about the set.

    ``method`` names the solver; ``complete`` says whether the method guarantees that every
    equilibrium (every extreme equilibrium, for degenerate two-player games) is in the list;
    ``components`` groups two-player equilibria into connected sets; ``continua`` reports
    positive-dimensional sets found by n-player methods; ``notes`` carries any caveat.

    Parameters
    ----------
    game : Game or ExtensiveGame
        The game solved.
    equilibria : sequence of Equilibrium
        The equilibria found, each verified.
    method : str
        The solver's name.
    complete : bool
        Whether the method guarantees that every equilibrium (every extreme one, for degenerate
        two-player games) is listed.
    components : sequence of Component, default ()
        The connected sets of two-player equilibria.
    continua : sequence of Continuum, default ()
        Positive-dimensional sets found by n-player methods.
    notes : sequence of str, default ()
        Caveats.
    evidence : Completeness, optional
        Why a complete answer is complete (:mod:`bargain.solvers.completeness`).
    recheck : tuple of support profiles, or a function returning one, optional
        What an independent second route must redo to back a claim of completeness: the support
        profiles (per player, the indices of the strategies used) whose systems the solver did not
        solve by a deterministic computation that finds all their solutions; ``()`` when it solved
        every one that way; None (default) when the solver does not say (everything is redone).  A
        function is called on first use (the proof behind it is needed only when the index check is not).
    """

    def __init__(
        self,
        game: Game,
        equilibria: Sequence[Equilibrium],
        method: str,
        complete: bool,
        components: Sequence[Component] = (),
        continua: Sequence[Continuum] = (),
        notes: Sequence[str] = (),
        evidence: Any = None,
        recheck: Recheck | Callable[[], Recheck] | None = None,
    ) -> None:
        self.game = game
        self._items = tuple(equilibria)
        self.method = method
        self.complete = complete
        self.components = tuple(components)
        self.continua = tuple(continua)
        self.notes = tuple(notes)
        #: :class:`~bargain.solvers.completeness.Evidence` behind ``complete`` (None: not checked).
        self.evidence = evidence
        self._recheck = recheck

    def replace(self, equilibria: Sequence[Equilibrium] | None = None, *, complete: bool | None = None,
                notes: Sequence[str] | None = None) -> Equilibria:
        """A copy with some fields replaced (components are kept only if the equilibria are)."""
        same = equilibria is None
        return Equilibria(self.game, self._items if same else equilibria, self.method,
                          self.complete if complete is None else complete,
                          self.components if same else (), self.continua,
                          self.notes if notes is None else notes, self.evidence, self._recheck)

    @property
    def recheck(self) -> Recheck | None:
        """The support profiles a second route must re-solve (None: all of them; see the class docstring)."""
        if callable(self._recheck):
            self._recheck = tuple(self._recheck())
        return self._recheck

    def with_evidence(self, evidence: Any) -> Equilibria:
        """A copy carrying ``evidence`` (its ``passed`` flag also sets ``complete``)."""
        out = self.replace(complete=bool(self.complete and evidence.passed))
        out.evidence = evidence
        return out

    def components_nonisolated(self) -> bool:
        """Whether some two-player component has more than one extreme equilibrium."""
        return any(not c.is_isolated for c in self.components)

    @property
    def completeness(self) -> str:
        """``"complete: <evidence>"`` or ``"not guaranteed complete"``, as printed in titles.

        Only the index check and an exact enumeration back the word "complete"; an answer on which two
        independent routes agree is ``"not guaranteed complete: two routes agree"``."""
        kind = getattr(self.evidence, "kind", None)
        if not self.complete:
            agreed = kind == "two-routes" and getattr(self.evidence, "agreed", False)
            return "not guaranteed complete: two routes agree" if agreed else "not guaranteed complete"
        return {"index": "complete: index sum +1", "enumeration": "complete: enumeration"}.get(kind, "complete")

    @property
    def pure(self) -> list[Equilibrium]:
        return [e for e in self._items if e.is_pure]

    def table(self, digits: int = 6) -> str:
        """A text table: one row per equilibrium, the probability of each used strategy, payoffs.

        For a tree: one block per equilibrium with its path of play, the move at every
        information set, and the payoffs."""
        g = self.game
        if (self._items and self._items[0].behaviour is not None) or not hasattr(g, "strategies"):
            return self._tree_table(digits)
        lines = [f"{len(self)} equilibri{'um' if len(self) == 1 else 'a'} of {g!r}; method={self.method}"
                 f" ({'complete' if self.complete else 'not guaranteed complete'})"]
        header = ["#", *g.players, *(f"u({p})" for p in g.players)]
        rows = []
        for k, eq in enumerate(self._items):
            probs = eq.formatted_profile(digits)
            shared = eq.component is not None and any(
                c.index == eq.component and not c.is_isolated for c in self.components)
            cells = [f"{k + 1} (c{eq.component + 1})" if shared else str(k + 1)]
            for i in range(g.n_players):
                cells.append(" ".join(f"{g.strategies[i][s]}:{probs[i][s]}" for s in eq.support[i]))
            cells += list(eq.formatted_payoffs(digits))
            rows.append(cells)
        widths = [max(len(h), *(len(r[c]) for r in rows)) if rows else len(h) for c, h in enumerate(header)]
        lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        lines += ["  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)) for r in rows]
        for comp in self.components:
            if not comp.is_isolated:
                members = ", ".join(str(k + 1) for k in comp.equilibria)
                lines.append(f"component c{comp.index + 1}: a connected set of equilibria spanned by #{members}")
        lines += self.continuum_lines()
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def _tree_table(self, digits: int) -> str:
        n = len(self)
        lines = [f"{n} equilibri{'um' if n == 1 else 'a'} of {self.game!r}; method={self.method}"
                 f" ({'complete' if self.complete else 'not guaranteed complete'})"]
        for k, eq in enumerate(self._items):
            shared = eq.component is not None and any(
                c.index == eq.component and not c.is_isolated for c in self.components)
            lines.append(f"#{k + 1}" + (f" (component c{eq.component + 1})" if shared else ""))
            lines += ["  " + line for line in eq.describe(digits).splitlines()]
        for comp in self.components:
            if not comp.is_isolated:
                members = ", ".join(str(k + 1) for k in comp.equilibria)
                lines.append(f"component c{comp.index + 1}: a connected set of equilibria spanned by #{members}")
        lines += self.continuum_lines()
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)

    def _members(self, cont: Continuum) -> list[int]:
        """The positions of a continuum's sample equilibria in this list."""
        return [k for k, e in enumerate(self._items) if any(e is x for x in cont.samples)]

    def continuum_lines(self) -> list[str]:
        """One sentence per continuum, as tables and the CLI print it: its dimension, where it lies (a normal
        form's support; on a tree, the listed equilibria spanning it) and its description.

        Returns
        -------
        list of str
        """
        tree = not hasattr(self.game, "strategies")
        def where(c: Continuum) -> str:
            if not tree:
                return f"on support {c.support}"
            return "spanned by " + ", ".join(f"#{k + 1}" for k in self._members(c))
        return [f"continuum (dimension {c.dimension}) {where(c)}: {c.description}" for c in self.continua]

    def to_dict(self) -> dict[str, Any]:
        if not hasattr(self.game, "strategies"):
            return {"players": list(self.game.players), "method": self.method, "complete": self.complete,
                    "equilibria": [e.to_dict() for e in self._items],
                    "components": [{"index": c.index, "equilibria": list(c.equilibria),
                                    "nash_subsets": [list(s) for s in c.nash_subsets]} for c in self.components],
                    "continua": [{"dimension": c.dimension, "description": c.description,
                                  "equilibria": self._members(c)} for c in self.continua],
                    "notes": list(self.notes),
                    "evidence": None if self.evidence is None else self.evidence.to_dict()}
        return {
            "players": list(self.game.players),
            "strategies": [list(s) for s in self.game.strategies],
            "method": self.method,
            "complete": self.complete,
            "equilibria": [e.to_dict() for e in self._items],
            "components": [{"index": c.index, "equilibria": list(c.equilibria),
                            "nash_subsets": [list(s) for s in c.nash_subsets]} for c in self.components],
            "continua": [{"support": [list(s) for s in c.support], "dimension": c.dimension,
                          "description": c.description,
                          "samples": [e.to_dict()["profile"] for e in c.samples]} for c in self.continua],
            "notes": list(self.notes),
            "evidence": None if self.evidence is None else self.evidence.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def formulas(self, model: Any, **values: float) -> list[Any]:
        """Every equilibrium in closed form (see :meth:`Equilibrium.formula`), in this list's order."""
        return [eq.formula(model, **values) for eq in self._items]

    def __repr__(self) -> str:
        return self.table()


def make_equilibrium(
    game: Game,
    profile: Sequence[Any],
    method: str,
    *,
    exact: bool = False,
    tol: float | np.ndarray | None = None,
    component: int | None = None,
    algebraic: dict[str, Any] | None = None,
) -> Equilibrium:
    """Verify ``profile`` and wrap it as an :class:`Equilibrium`.

    With ``exact=True`` the profile must be rational, the game exact, and the regret exactly 0.
    Otherwise each player's float regret must be at most that player's own tolerance
    (:attr:`Game.tolerances`: 1e-9 times the player's payoff range), or at most ``tol`` when a number
    (or one number per player) is given.  Checking player by player means one player's large payoffs never hide another
    player's regret.  Regrets are computed on each player's payoffs divided by their largest
    absolute payoff, so payoffs near the float limit (±1e308) cannot overflow.
    Raises :class:`VerificationError` if the profile is not an equilibrium.
    """
    if exact:
        try:
            prof_q = game.check_exact_profile(profile)
        except Exception as exc:  # a malformed profile from a solver is a solver bug
            raise VerificationError(f"{method} produced an invalid exact profile: {exc}") from None
        # exact rational arithmetic, run on integers (the payoffs and each player's mixture scaled by
        # their common denominators; see RegretChecker)
        regrets, pays_q = regret_checker(game).exact_regrets(prof_q)
        if any(r != 0 for r in regrets):
            raise VerificationError(f"{method} produced a non-equilibrium: exact regrets "
                                    f"{[format_number(r) for r in regrets]} at "
                                    f"{[[format_number(p) for p in x] for x in prof_q]}")
        prof = tuple(np.array([float(p) for p in x]) for x in prof_q)
        return Equilibrium(
            game=game, profile=prof, payoffs=np.array([float(v) for v in pays_q]),
            support=tuple(tuple(k for k, p in enumerate(x) if p != 0) for x in prof_q),
            regret=0.0, method=method, component=component,
            exact_profile=tuple(tuple(x) for x in prof_q), exact_payoffs=tuple(pays_q), algebraic=algebraic,
        )
    prof = _clean_float_profile(game, profile, method)
    mag = game.payoff_magnitudes
    scale = np.where(mag > 0, mag, 1.0)
    scaled_devs = _deviations(game, scale, prof)
    scaled_pay = np.array([d @ x for d, x in zip(scaled_devs, prof, strict=True)])
    payoffs = scaled_pay * scale
    regrets = np.array([float(d.max() - u) for d, u in zip(scaled_devs, scaled_pay, strict=True)]) * scale
    t = game.tolerances if tol is None else np.broadcast_to(np.asarray(tol, dtype=float), (game.n_players,))
    bad = np.flatnonzero(~(regrets <= t))
    if bad.size:
        i = int(bad[0])
        raise VerificationError(f"{method} produced a non-equilibrium: {game.players[i]}'s regret {regrets[i]:.3g} > "
                                f"their tolerance {t[i]:.3g} at {[np.round(x, 12).tolist() for x in prof]}")
    regret = float(np.max(regrets))
    # Rounding noise (1e-16 where the payoff is 0) is shown as 0.
    payoffs[np.abs(payoffs) <= 1e-12 * mag] = 0.0        # each player against their own payoff scale
    return Equilibrium(
        game=game, profile=prof, payoffs=payoffs, support=support_of(prof),
        regret=regret, method=method, component=component, algebraic=algebraic,
    )


def transfer(found: Equilibria, game: Game) -> Equilibria:
    """The equilibria ``found`` for an equivalent game (same strategies, each player's payoffs mapped by a
    positive affine map, e.g. :meth:`Game.normalised`), verified again and reported for ``game``.

    Parameters
    ----------
    found:
        The solver's result on the equivalent game.
    game:
        The game the user gave; payoffs of the equilibria are recomputed in its units.

    Returns
    -------
    Equilibria
        The same profiles, components, continua and notes, each equilibrium verified on ``game``
        player by player, with twice :attr:`Game.tolerances` (the affine map itself rounds).

    Raises
    ------
    VerificationError
        If a profile is not an equilibrium of ``game`` (the two games were not equivalent).
    """

    def move(eq: Equilibrium) -> Equilibrium:
        if eq.exact_profile is not None:
            profile: Sequence[Any] = [np.array(x, dtype=object) for x in eq.exact_profile]
            return make_equilibrium(game, profile, eq.method, exact=True, component=eq.component,
                                    algebraic=eq.algebraic)
        return make_equilibrium(game, eq.profile, eq.method, tol=slack, component=eq.component,
                                algebraic=eq.algebraic)

    slack = 2 * game.tolerances
    continua = [Continuum(c.support, c.dimension, tuple(move(e) for e in c.samples), c.description)
                for c in found.continua]
    return Equilibria(game, [move(e) for e in found], found.method, found.complete, found.components, continua,
                      found.notes)


def _deviations(game: Game, scale: np.ndarray, prof: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Each player's payoff to every pure strategy against the others' mixtures, on each player's payoffs
    divided by ``scale`` (``A y`` and ``x B`` for two players; for more, the per-player matrices of
    :func:`~bargain.solvers.regret.payoff_matrices`, kept with the game)."""
    scaled = game.memo("scaled_payoffs", lambda: game.payoffs / scale.reshape((-1,) + (1,) * game.n_players))
    if len(prof) == 2:
        return [scaled[0] @ prof[1], prof[0] @ scaled[1]]
    mats = game.memo("scaled_payoff_matrices", lambda: payoff_matrices(scaled))
    return [m @ others_product(prof, i) for i, m in enumerate(mats)]


def _clean_float_profile(game: Game, profile: Sequence[Any], method: str) -> tuple[np.ndarray, ...]:
    """The solver's profile as float vectors on the simplices; probabilities within 1e-9 of 0 become 0.

    Rounding noise (-1e-17) is not an error; anything else malformed is a solver bug.
    """
    if len(profile) != game.n_players:
        raise VerificationError(f"{method} produced a profile for {len(profile)} players; the game has "
                                f"{game.n_players}")
    out = []
    for i, (x, s) in enumerate(zip(profile, game.shape, strict=True)):
        v = np.array(x, dtype=float).ravel()
        total = float(v.sum()) if v.size == s else float("nan")   # nan/inf in v make the sum non-finite
        if not (abs(total - 1.0) <= 1e-7 * s and float(v.min()) >= -1e-7):
            raise VerificationError(f"{method} produced an invalid strategy for {game.players[i]}: {v.tolist()}")
        v[v <= SUPPORT_TOLERANCE] = 0.0
        out.append(v / v.sum())
    return tuple(out)
