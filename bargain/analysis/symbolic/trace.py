"""Payoffs as expressions: a :class:`~bargain.model.parameters.Model` traced with sympy symbols.

A model's payoff function is plain arithmetic on its parameters (``p.cost / 2``, ``p.a * (1 - p.b)``),
so calling it with sympy symbols in place of numbers gives each payoff as an expression in the
parameters (tracing, as in automatic differentiation by operator overloading: Griewank and Walther
2008, *Evaluating Derivatives*, ch. 1).  Float constants in the function are read by their
decimal repr (``0.1`` -> ``1/10``), as :meth:`Model.game` does with ``exact=True``, so the
expressions are exact.

A parametric game tree (:class:`~bargain.model.extensive.ExtensiveModel`) is traced the same way:
its tree function is called with symbols, and each payoff of the reduced normal form is the sum,
over the leaves the profile reaches, of the leaf payoff times the product of the chance
probabilities on the leaf's path (Kuhn 1953, "Extensive games and the problem of information",
*Contributions to the Theory of Games* II; :meth:`ExtensiveModel.normal_form_expressions`).  Each
chance node's probabilities must sum to 1 identically in the parameters.

A payoff function that branches on a parameter (``np.where``, ``np.maximum``, ``if p.x > 0``) or
calls a transcendental numpy function cannot be traced: the comparison of a symbol has no truth
value.  A 0/1 comparison that returns ``Piecewise((1, x <= y), (0, True))`` on symbols (the
shipped games' ``indicator``) is traced, and split into its sides by :mod:`.branches`.  Anything
else raises :class:`~bargain.errors.GameError` naming the model, the operation and the line of the
model's code where it failed; every numeric tool still works on such a model.
"""

from __future__ import annotations

import keyword
import os
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from bargain.errors import GameError
from bargain.model.extensive.parametric import ExtensiveModel
from bargain.model.game import Game
from bargain.model.parameters import Model, Parameter, Values

__all__ = ["SymbolicGame", "latex_name", "parameter_symbol", "rationalize", "symbolic_game"]

_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
          "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"}


def latex_name(name: str) -> str:
    """The LaTeX name of a parameter: ``g`` -> ``g``, ``delta`` -> ``\\delta``, ``k_0`` -> ``k_{0}``,
    ``refugee_risk`` -> ``\\mathit{refugee\\_risk}`` (a word stays a word, in math italics).

    Parameters
    ----------
    name : str
        The parameter's Python name.

    Returns
    -------
    str
        LaTeX source for the symbol (math mode).
    """
    head, _, tail = name.partition("_")
    base = f"\\{head}" if head.lower() in _GREEK else head
    if len(head) == 1 or head.lower() in _GREEK:
        if not tail:
            return base
        if "_" not in tail and (len(tail) == 1 or tail.isdigit() or tail.lower() in _GREEK):
            sub = f"\\{tail}" if tail.lower() in _GREEK else tail
            return f"{base}_{{{sub}}}"
    return "\\mathit{" + name.replace("_", "\\_") + "}"


def parameter_symbol(prm: Parameter) -> sp.Symbol:
    """A real sympy symbol named after ``prm``; nonnegative (positive) when its lower bound is >= 0 (> 0).

    Parameters
    ----------
    prm : Parameter
        The model parameter.

    Returns
    -------
    sympy.Symbol
        The symbol, with the sign assumptions its bounds allow.
    """
    assumptions: dict[str, bool] = {"real": True}
    if prm.low > 0:
        assumptions["positive"] = True
    elif prm.low >= 0:
        assumptions["nonnegative"] = True
    name = prm.name if not keyword.iskeyword(prm.name) else prm.name + "_"
    return sp.Symbol(name, **assumptions)


@dataclass(frozen=True)
class SymbolicGame:
    """A game whose payoffs are sympy expressions in named parameters.

    Parameters
    ----------
    name : str
        The model's name (or ``"game"`` for a plain :class:`Game`).
    players, strategies : tuple[str, ...]
        tuple
        As in :class:`Game`.
    payoffs : numpy.ndarray
        Object array of shape ``(n, s_1, ..., s_n)`` of sympy expressions.
    symbols : dict
        Parameter name -> sympy symbol, in the model's order.
    parameters : dict
        Parameter name -> :class:`Parameter` (empty for a plain game).
    model : Model or None
        The traced model (None for a plain game).
    """

    name: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray
    symbols: dict[str, sp.Symbol]
    parameters: dict[str, Parameter]
    model: Model | None = None

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(s) for s in self.strategies)

    @property
    def latex_names(self) -> dict[sp.Symbol, str]:
        """Symbol -> LaTeX name, for ``sympy.latex(..., symbol_names=...)``."""
        return {sym: latex_name(name) for name, sym in self.symbols.items()}

    def numeric_game(self, values: Mapping[str, float]) -> Game:
        """The numeric :class:`Game` at ``values`` (through the model, so bounds are checked)."""
        if self.model is not None:
            return self.model.game(**values)
        return Game(np.array(self.payoffs, dtype=float), self.players, self.strategies)


def rationalize(expr: Any) -> sp.Expr:
    """``expr`` as an exact sympy expression: floats by their decimal repr (0.1 -> 1/10).

    Parameters
    ----------
    expr : object
        A number or sympy expression.

    Returns
    -------
    sympy.Expr
        The same value with every float replaced by the rational its repr spells.
    """
    e = sp.sympify(expr)
    floats = e.atoms(sp.Float)
    if floats:
        e = e.xreplace({f: sp.Rational(repr(float(f))) for f in floats})
    return e


def symbolic_game(source: Model | Game) -> SymbolicGame:
    """Trace a model's payoff function with sympy symbols (or read a plain game's payoffs exactly).

    Parameters
    ----------
    source : Model or Game
        A parametric model (payoffs traced in its parameters; for an ``ExtensiveModel``, the
        payoffs of its reduced normal form) or a plain game (no parameters; its payoffs become
        rationals by their decimal repr).

    Returns
    -------
    SymbolicGame
        Payoff expressions, one per player and pure profile.

    Raises
    ------
    GameError
        If the payoff (or tree) function cannot be evaluated on symbols (it branches on a parameter
        or uses a numpy function other than arithmetic), a tree's chance probabilities do not sum
        to 1 identically, or a payoff is not a finite expression.

    References
    ----------
    Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. *Journal of the Society for
    Industrial and Applied Mathematics* 12(4), 778-780.
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed. Springer.
    Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
    of Games* II, 193-216.
    """
    if isinstance(source, Game):
        exact = source.exact_payoffs if source.exact_payoffs is not None else source.payoffs
        arr = np.empty(exact.shape, dtype=object)
        for idx, v in np.ndenumerate(exact):
            arr[idx] = rationalize(v if not isinstance(v, float) else repr(v))
        return SymbolicGame("game", source.players, source.strategies, arr, {}, {}, None)
    if not isinstance(source, Model):
        raise GameError(f"symbolic analysis takes a Model or a Game, got {type(source).__name__}")
    model = source
    symbols = {name: parameter_symbol(prm) for name, prm in model.parameters.items()}
    try:
        if isinstance(model, ExtensiveModel):
            result, chance = model.normal_form_expressions(Values(symbols, ()))
            _check_chance(model, chance)
        else:
            result = model.compute(Values(symbols, ()))
    except (TypeError, AttributeError, ValueError, NotImplementedError) as exc:
        kind = "tree" if isinstance(model, ExtensiveModel) else "payoff"
        raise GameError(
            f"model {model.name!r} cannot be traced symbolically ({type(exc).__name__}: {exc}{_where(exc)}): its "
            f"{kind} function must be arithmetic (+ - * / and powers) in the parameters, without np.where, "
            "np.maximum, bare comparisons or other numpy functions (a 0/1 comparison can be written as a "
            "sympy-aware indicator returning a Piecewise, as the shipped games' indicator does: its sides are "
            "solved separately). The numeric tools (solve, sweep, thresholds) still work on it"
        ) from None
    arr = _assemble(model, result)
    for idx, v in np.ndenumerate(arr):
        if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise GameError(f"model {model.name!r}: the payoff at {idx} is not finite as an expression ({v})")
    return SymbolicGame(model.name, model.players, model.strategies, arr, symbols, model.parameters, model)


def _where(exc: BaseException) -> str:
    """`` at file.py:line `source` ``: the innermost frame of the traceback in the model's own code
    (not in bargain, sympy or numpy), where the untraceable operation is; empty if there is none."""
    package = Path(__file__).resolve().parents[2]             # bargain/ (this is bargain/analysis/symbolic)
    dirs = (package, *(Path(m.__file__).resolve().parent for m in (sp, np) if m.__file__))
    skip = tuple(os.path.join(str(d), "") for d in dirs)                   # with the separator: whole folders
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not str(Path(f.filename).resolve()).startswith(skip)]
    if not frames:
        return ""
    f = frames[-1]
    line = f" `{f.line.strip()}`" if f.line else ""
    return f" at {Path(f.filename).name}:{f.lineno}{line}"


def _check_chance(model: ExtensiveModel, chance: list[list[Any]]) -> None:
    """Every chance node's probabilities sum to 1 identically in the parameters."""
    for node, probs in zip(model.reference_tree.chance_nodes, chance, strict=True):
        if sp.simplify(sum(rationalize(q) for q in probs) - 1) != 0:
            raise GameError(f"model {model.name!r}: at chance node {model.reference_tree.node_name(node)!r} the "
                            "probabilities do not sum to 1 identically in the parameters")


def _assemble(model: Model, result: Any) -> np.ndarray:
    """An object array ``(n, s_1, ..., s_n)`` of sympy expressions from a payoff table or array."""
    full = (model.n_players, *model.shape)
    out = np.empty(full, dtype=object)
    if isinstance(result, Mapping):
        seen = np.zeros(model.shape, dtype=bool)
        for key, entry in result.items():
            idx = model._profile_key(key)   # the model's own key parser: names or indices
            entry = tuple(entry)
            if len(entry) != model.n_players or seen[idx]:
                raise GameError(f"model {model.name!r}: bad payoff table entry at {key!r} (check it with "
                                "model.game(), which names the problem)")
            seen[idx] = True
            for i, val in enumerate(entry):
                out[(i, *idx)] = rationalize(val)
        if not seen.all():
            raise GameError(f"model {model.name!r}: the payoff table misses a profile (check it with model.game())")
        return out
    try:
        arr = np.broadcast_to(np.asarray(result, dtype=object), full)
    except ValueError:
        raise GameError(f"model {model.name!r}: the traced payoff array does not broadcast to {full}") from None
    for idx, v in np.ndenumerate(arr):
        out[idx] = rationalize(v)
    return out
