"""Disagreement points: what the players get if bargaining fails.

The disagreement (threat) point ``d`` of a bargaining problem derived from a game is the payoff
of the non-cooperative outcome (Nash 1950, 1953; Binmore, Rubinstein and Wolinsky 1986 on which
``d`` to use).  Rules offered:

* ``"equilibrium"`` -- a Nash equilibrium of the game (``index=k`` among ``bargain.solve``'s
  list, from 0; the string ``"equilibrium:k"`` names #k as ``bargain solve`` numbers them, from 1;
  with neither the equilibrium must be unique);
* ``"worst"`` / ``"best"`` -- the equilibrium worst (best) for ``player``;
* ``"risk-dominant"`` -- the pure equilibrium that risk-dominates every other strict pure
  equilibrium (Harsanyi and Selten 1988, sec. 3.9: the larger product of unilateral deviation
  losses; for n players the same Nash-product criterion);
* ``"minmax"`` -- each player's minmax value, the least payoff the others can hold them to
  (Fudenberg and Tirole 1991, sec. 5.1.1).  Two players: the mixed minmax, by a linear program.
  More players: the others punish with a *correlated* mixture (a linear program; this can be
  below the independent-mixing minmax, and says so in the rule);
* explicit numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.linalg.exact import frac, linprog
from bargain.model.game import Game
from bargain.model.numbers import format_number

__all__ = ["DisagreementPoint", "disagreement_point", "minmax_values", "risk_dominant"]

RULES = ("equilibrium", "worst", "best", "risk-dominant", "minmax")


@dataclass(frozen=True, eq=False)
class DisagreementPoint:
    """A disagreement point: ``values`` (Fractions when exact), the rule that chose it, its source.

    Parameters
    ----------
    values : tuple
        Each player's payoff (Fractions when exact).
    rule : str
        The rule that chose it.
    players : tuple of str
        The players' names.
    equilibrium : Equilibrium, optional
        The equilibrium it comes from, when a rule chose one.
    """

    values: tuple[Any, ...]
    rule: str
    players: tuple[str, ...]
    equilibrium: Any = None      # the Equilibrium it came from, if any

    @property
    def exact(self) -> bool:
        return all(isinstance(v, Fraction) for v in self.values)

    def __iter__(self):
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule,
                "values": {p: format_number(v) if isinstance(v, Fraction) else float(v)
                           for p, v in zip(self.players, self.values, strict=True)}}

    def __repr__(self) -> str:
        vals = ", ".join(f"{p}={format_number(v)}" for p, v in zip(self.players, self.values, strict=True))
        return f"DisagreementPoint({vals}; {self.rule})"


def _parse(rule: str) -> tuple[str, str | None]:
    if ":" in rule:
        head, _, arg = rule.partition(":")
        return head.strip().lower(), arg.strip()
    return rule.strip().lower(), None


def disagreement_point(game: Game, rule: Any = "equilibrium", *, index: int | None = None,
                       player: int | str | None = None, exact: bool | None = None) -> DisagreementPoint:
    """The disagreement point of ``game`` under ``rule`` (see the module docstring).

    ``rule`` may also be ``"worst:US"`` (the player after a colon), an int (equilibrium index), a
    sequence of numbers, or a :class:`DisagreementPoint` (returned unchanged).

    Parameters
    ----------
    game : Game
        The game bargained over.
    rule : str, int, sequence of numbers or DisagreementPoint, default 'equilibrium'
        A rule name (see the module docstring; ``"worst:US"`` names the player after a colon), an
        equilibrium number, the numbers themselves, or a point (returned unchanged).
    index : int, optional
        Which equilibrium, when the game has several.
    player : int or str, optional
        The player a player-specific rule refers to.
    exact : bool, optional
        Exact (Fraction) arithmetic; default when every input is rational.

    Returns
    -------
    DisagreementPoint
        The values, the rule and the equilibrium used.

    Raises
    ------
    GameError
        For an unknown rule, an equilibrium that does not exist or is ambiguous, a missing
        player, or numbers of the wrong count.

    References
    ----------
    Harsanyi, J. C. and Selten, R. (1988). *A General Theory of Equilibrium Selection in Games*. MIT Press.
    Thomson, W. (1994). Cooperative models of bargaining. *Handbook of Game Theory* 2, ch. 35,
    1237-1284.
    """
    if isinstance(rule, DisagreementPoint):
        return rule
    use_exact = game.is_exact if exact is None else bool(exact)
    if isinstance(rule, int | np.integer) and not isinstance(rule, bool):
        rule, index = "equilibrium", int(rule)
    if not isinstance(rule, str):
        vals = _numbers(rule, game.n_players, use_exact)
        return DisagreementPoint(vals, "explicit", game.players)
    name, arg = _parse(rule)
    if arg is not None:
        if name == "equilibrium":
            # "equilibrium:k" names #k as bargain solve numbers them (from 1); index= counts from 0
            try:
                number = int(arg.lstrip("#"))
            except ValueError:
                raise GameError(f"equilibrium number {arg!r} is not an integer") from None
            if number < 1:
                raise GameError(f"equilibrium number {arg!r}: equilibria are numbered from 1, as "
                                "'bargain solve' lists them (equilibrium:1 is #1)")
            index = number - 1
        else:
            player = arg
    if name not in RULES:
        from bargain.errors import did_you_mean

        raise GameError(f"unknown disagreement rule {rule!r}{did_you_mean(name, RULES)}; use one of "
                        f"{', '.join(RULES)}, or give the numbers")
    if name == "minmax":
        vals = minmax_values(game, exact=use_exact)
        how = "minmax (threat) point" + ("" if game.n_players == 2 else " with correlated punishment")
        return DisagreementPoint(vals, how, game.players)
    if name == "risk-dominant":
        eq = risk_dominant(game, exact=use_exact)
        return DisagreementPoint(_eq_values(eq, use_exact), "risk-dominant equilibrium", game.players, eq)
    from bargain.solvers.registry import solve

    eqs = solve(game, exact=use_exact)
    if len(eqs) == 0:
        raise GameError("the solver found no equilibrium to use as disagreement point; give the numbers")
    if name == "equilibrium":
        if index is None:
            if len(eqs) > 1:
                listing = "; ".join(f"#{k + 1}: payoffs ({', '.join(e.formatted_payoffs())})"
                                    for k, e in enumerate(eqs))
                raise GameError(f"the game has {len(eqs)} equilibria ({listing}): choose one with index=k, or a rule "
                                "'worst:<player>', 'best:<player>', 'risk-dominant' or 'minmax'")
            index = 0
        if not 0 <= index < len(eqs):
            raise GameError(f"equilibrium #{index + 1} does not exist: the game has {len(eqs)} equilibri"
                            f"{'um' if len(eqs) == 1 else 'a'} (#1..#{len(eqs)}; index {index} out of range "
                            f"0..{len(eqs) - 1})")
        eq = eqs[index]
        return DisagreementPoint(_eq_values(eq, use_exact), f"equilibrium #{index + 1} ({eqs.method})", game.players,
                                 eq)
    if player is None:
        raise GameError(f"rule {name!r} needs a player: e.g. '{name}:{game.players[0]}' or player=...")
    i = game.player_index(player)
    key = [e.exact_payoffs[i] if (use_exact and e.exact_payoffs is not None) else e.payoffs[i] for e in eqs]
    k = int(np.argmin(key)) if name == "worst" else int(np.argmax(key))
    eq = eqs[k]
    return DisagreementPoint(_eq_values(eq, use_exact), f"equilibrium #{k + 1}, the {name} for {game.players[i]}",
                             game.players, eq)


def _numbers(values: Any, n: int, exact: bool) -> tuple[Any, ...]:
    try:
        seq = list(values)
    except TypeError:
        raise GameError(f"disagreement point must be a rule name or {n} numbers, got {values!r}") from None
    if len(seq) != n:
        raise GameError(f"disagreement point has {len(seq)} numbers but there are {n} players")
    try:
        out = tuple(frac(x) for x in seq) if exact else tuple(float(x) for x in seq)
    except (TypeError, ValueError):
        raise GameError(f"disagreement point must contain finite numbers, got {seq!r}") from None
    if not exact and not all(np.isfinite(out)):
        raise GameError(f"disagreement point must contain finite numbers, got {seq!r}")
    return out


def _eq_values(eq: Any, exact: bool) -> tuple[Any, ...]:
    if exact and eq.exact_payoffs is not None:
        return tuple(eq.exact_payoffs)
    return tuple(float(v) for v in eq.payoffs)


def minmax_values(game: Game, exact: bool | None = None) -> tuple[Any, ...]:
    """Each player's minmax value ``min_{x_-i} max_{s_i} u_i(s_i, x_-i)`` by linear programming.

    For two players the opponent mixes (the usual mixed minmax, exact for rational payoffs).  For
    more players the opponents' punishment is a correlated mixture over their joint profiles.

    Parameters
    ----------
    game : Game
        The game.
    exact : bool, optional
        Exact (Fraction) arithmetic; default when every input is rational.

    Returns
    -------
    tuple
        Each player's minmax value.

    References
    ----------
    von Neumann, J. (1928). Zur Theorie der Gesellschaftsspiele. *Mathematische Annalen* 100, 295-320.
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, sec. 5.1.1.
    """
    use_exact = game.is_exact if exact is None else bool(exact)
    src = game.exact_payoffs if (use_exact and game.is_exact) else (game.to_exact().exact_payoffs if use_exact
                                                                   else game.payoffs)
    out = []
    for i in range(game.n_players):
        m = np.moveaxis(src[i], i, 0).reshape(game.shape[i], -1)    # own strategies x opponents' profiles
        k = m.shape[1]
        one = Fraction(1) if use_exact else 1.0
        zero = Fraction(0) if use_exact else 0.0
        # maximise -v s.t. m y - v <= 0, sum y = 1, y >= 0, v free
        A_ub = [[*list(m[r]), -one] for r in range(m.shape[0])]
        res = linprog([zero] * k + [-one], A_ub, [zero] * m.shape[0], [[one] * k + [zero]], [one], [k],
                      exact=use_exact)
        out.append(-res.value if use_exact else float(-res.value))
    return tuple(out)


def risk_dominant(game: Game, exact: bool | None = None) -> Any:
    """The pure equilibrium that risk-dominates every other strict pure equilibrium (Harsanyi–Selten).

    Equilibrium ``a`` risk-dominates ``b`` when the product over players of the loss from
    deviating unilaterally from ``a_i`` to ``b_i`` (others at ``a``) exceeds the same product at
    ``b``.  Raises :class:`GameError` if there is no pure equilibrium or none dominates all others.

    Parameters
    ----------
    game : Game
        The game.
    exact : bool, optional
        Exact (Fraction) arithmetic; default when every input is rational.

    Returns
    -------
    Equilibrium
        The risk-dominant pure equilibrium.

    Raises
    ------
    GameError
        If there is no pure equilibrium, or none risk-dominates all others.

    References
    ----------
    Harsanyi, J. C. and Selten, R. (1988). *A General Theory of Equilibrium Selection in Games*. MIT Press.
    """
    from bargain.solvers.pure import pure_solve

    use_exact = game.is_exact if exact is None else bool(exact)
    g = game.to_exact() if use_exact else game
    eqs = list(pure_solve(g, exact=use_exact))
    if not eqs:
        raise GameError("the game has no pure equilibrium, so no risk-dominant one; choose another rule")
    src = g.exact_payoffs if use_exact else g.payoffs
    profiles = [tuple(s[0] for s in e.support) for e in eqs]

    def loss_product(a: tuple[int, ...], b: tuple[int, ...]) -> Any:
        prod: Any = Fraction(1) if use_exact else 1.0
        for i in range(g.n_players):
            dev = list(a)
            dev[i] = b[i]
            prod *= src[(i, *a)] - src[(i, *dev)]
        return prod

    for k, a in enumerate(profiles):
        if all(loss_product(a, b) > loss_product(b, a) for j, b in enumerate(profiles) if j != k):
            return eqs[k]
    raise GameError(f"no pure equilibrium risk-dominates all {len(eqs)} others (risk dominance is not transitive "
                    "here, or two equilibria tie); choose an equilibrium by index")
