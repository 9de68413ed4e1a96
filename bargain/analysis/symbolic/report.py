"""Symbolic results and how they print: text for people, LaTeX for papers and notebooks, JSON.

An :class:`EquilibriumFormula` is one equilibrium in closed form (each probability and payoff as
an expression in the parameters) with its :class:`Regime` s, the parameter regions where it holds.
A :class:`SymbolicSolution` collects them for a game.  In LaTeX the parameters keep their names
(:func:`~.trace.latex_name`) and quotients are ``\\frac``; ``_repr_latex_`` renders them in a
notebook.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.algebra import isolate, pretty
from bargain.analysis.symbolic.supports import SupportSolution, Unsolved
from bargain.analysis.symbolic.trace import SymbolicGame

__all__ = ["EquilibriumFormula", "InequalityText", "Regime", "SymbolicSolution", "binding_text", "render_inequality",
           "support_text"]


def support_text(sg: SymbolicGame, support: Sequence[Sequence[int]]) -> str:
    """``"US:Sanction+Engage | China:Optics | DPRK:Test"`` (the label :func:`bargain.thresholds` uses)."""
    return " | ".join(f"{p}:{'+'.join(sg.strategies[i][k] for k in s)}"
                      for i, (p, s) in enumerate(zip(sg.players, support, strict=True)))


def _latex(sg: SymbolicGame, expr: Any) -> str:
    return sp.latex(expr, symbol_names=sg.latex_names)


@dataclass
class InequalityText:
    """One regime inequality ``lhs rel rhs`` (``rel`` one of ``> >= < <=``), with what binds at equality.

    ``expectation`` marks a best-response condition written as the expected gain of the support over the
    strategy off it (``sum P(a) P(b) (u(s, a, b) - u(k, a, b)) >= 0``), where its expansion is too long to read.
    """

    lhs: sp.Expr
    rel: str
    rhs: sp.Expr
    binding: str
    latex_names: dict[sp.Symbol, str] = field(repr=False, default_factory=dict)
    expectation: bool = False

    @property
    def relation(self) -> sp.Rel:
        """The inequality as a sympy relational."""
        return sp.Rel(self.lhs, self.rhs, self.rel)

    @property
    def text(self) -> str:
        return f"{sp.sstr(self.lhs)} {self.rel} {sp.sstr(self.rhs)}"

    @property
    def latex(self) -> str:
        rel = {">": ">", ">=": r"\geq", "<": "<", "<=": r"\leq"}[self.rel]
        return (f"{sp.latex(self.lhs, symbol_names=self.latex_names)} {rel} "
                f"{sp.latex(self.rhs, symbol_names=self.latex_names)}")

    def to_dict(self) -> dict[str, Any]:
        return {"inequality": self.text, "latex": self.latex, "binding": self.binding}


def binding_text(sg: SymbolicGame, condition: Any) -> str:
    """What happens where a condition binds, in the words :func:`bargain.thresholds` uses."""
    c = condition
    if c is None:
        return "a denominator vanishes"
    if c.kind == "real":
        return "fold: meets another equilibrium and both vanish"
    if c.kind == "branch":
        return f"the payoffs switch: {c.label}"
    if c.kind == "move":
        return c.label
    name = f"{sg.players[c.player]}:{sg.strategies[c.player][c.strategy]}"
    return f"P({name}) reaches 0" if c.kind == "prob" else f"{name} becomes a best response"


def render_inequality(sg: SymbolicGame, q: Any, sign: int, factors: list[Any], candidates: Any,
                      definite: Any) -> InequalityText | None:
    """``sign * prod(factors) > 0`` (or ``>= 0``) for people: solved for one parameter when it is linear
    in one with a coefficient of constant sign (``theta > bound``), else ``expression > 0``.
    None when no factor is left (the inequality holds on the whole box)."""
    if not factors:
        return None
    strict = q.strict
    binding = binding_text(sg, q.condition)
    if len(factors) == 1 and hasattr(factors[0], "ring"):
        solved = isolate(factors[0], sign, candidates, definite)
        if solved is not None:
            theta, rel, bound = solved
            return InequalityText(theta, rel if strict else rel + "=", bound, binding, sg.latex_names)
    exprs = [pretty(f, candidates) if hasattr(f, "ring") else sp.sympify(f) for f in factors]
    return InequalityText(sign * sp.Mul(*exprs), ">" if strict else ">=", sp.Integer(0), binding, sg.latex_names)


@dataclass
class Regime:
    """One parameter region where an equilibrium formula holds, and its numeric cross-check.

    Parameters
    ----------
    inequalities : list of InequalityText
        Their conjunction is the region (empty: the whole parameter box).
    fraction : float
        Share of the uniform sample inside the region.
    checked : int
        Points at which the formula was compared with :func:`bargain.solve`.
    max_error : float
        Largest difference found there.
    verified : bool
        ``checked > 0`` and ``max_error <= 1e-9``.
    region : object, optional
        The region in the form the regime finder uses (for further computation).
    """

    inequalities: list[InequalityText]
    fraction: float
    checked: int
    max_error: float
    verified: bool
    region: Any = field(repr=False, default=None)

    def to_dict(self) -> dict[str, Any]:
        return {"inequalities": [q.to_dict() for q in self.inequalities], "fraction_of_box": self.fraction,
                "checked_points": self.checked, "max_error": self.max_error, "verified": self.verified}


@dataclass
class EquilibriumFormula:
    """One equilibrium in closed form with the regimes where it holds.

    Parameters
    ----------
    probabilities : dict
        ``(player index, strategy index) -> expression`` for every strategy on the support.
    payoffs : list of sympy.Expr
        Each player's expected payoff.
    regimes : list of Regime
        The parameter regions (conjunctions of inequalities) where it is an equilibrium.
    verified : bool
        Every regime passed the numeric cross-check.
    game : SymbolicGame
        The traced game the formula belongs to.
    solution : SupportSolution
        The solved support system it comes from.
    """

    game: SymbolicGame = field(repr=False)
    solution: SupportSolution = field(repr=False)
    probabilities: dict[tuple[int, int], sp.Expr]
    payoffs: list[sp.Expr]
    regimes: list[Regime]
    verified: bool

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        return self.solution.support

    @property
    def label(self) -> str:
        return self.solution.moves_label or support_text(self.game, self.support)

    def probability(self, player: int | str, strategy: int | str) -> sp.Expr:
        """The probability of ``strategy`` (index or name) of ``player`` as an expression (0 off the support)."""
        i = player if isinstance(player, int) else self.game.players.index(player)
        k = strategy if isinstance(strategy, int) else self.game.strategies[i].index(strategy)
        return self.probabilities.get((i, k), sp.Integer(0))

    def payoff(self, player: int | str) -> sp.Expr:
        i = player if isinstance(player, int) else self.game.players.index(player)
        return self.payoffs[i]

    def evaluate(self, **values: float) -> tuple[np.ndarray, ...]:
        """The profile at parameter values (defaults for the rest), in floating point."""
        sub = {self.game.symbols[k]: self.game.parameters[k].default for k in self.game.symbols}
        sub.update({self.game.symbols[k]: v for k, v in values.items()})
        return tuple(np.array([float(sp.N(self.probability(i, k).xreplace(sub), 17)) for k in range(len(s))])
                     for i, s in enumerate(self.game.strategies))

    def _prob_lines(self) -> list[tuple[str, sp.Expr]]:
        out = []
        for (i, k), e in self.probabilities.items():
            if len(self.support[i]) > 1:
                out.append((f"P({self.game.players[i]}:{self.game.strategies[i][k]})", e))
        return out

    def text(self) -> str:
        lines = [self.label + ("" if self.verified else "  [UNVERIFIED]")]
        lines += [f"  {name} = {sp.sstr(e)}" for name, e in self._prob_lines()]
        lines += [f"  u({p}) = {sp.sstr(v)}" for p, v in zip(self.game.players, self.payoffs, strict=True)]
        for r, reg in enumerate(self.regimes):
            head = f"  regime {r + 1}" + (f" ({100 * reg.fraction:.1f}% of the box)" if self.game.symbols else "")
            lines.append(head + (":" if reg.inequalities else ": everywhere"))
            lines += [f"    {q.text}" for q in reg.inequalities]
        return "\n".join(lines)

    def latex(self) -> str:
        """An ``align*``-ready block: the probabilities, the payoffs, and each regime's inequalities."""
        g = self.game
        rows = [rf"&\text{{{_tex_text(self.label)}}}"]
        for name, e in self._prob_lines():
            rows.append(rf"\Pr(\text{{{_tex_text(name[2:-1])}}}) &= {_latex(g, e)}")
        rows += [rf"u_{{\text{{{_tex_text(p)}}}}} &= {_latex(g, v)}" for p, v in zip(g.players, self.payoffs,
                                                                                    strict=True)]
        for r, reg in enumerate(self.regimes):
            body = r",\; ".join(q.latex for q in reg.inequalities) or r"\text{all parameter values}"
            rows.append(rf"\text{{regime {r + 1}:}} &\quad {body}")
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "support": {p: [g.strategies[i][k] for k in s] for i, (p, s) in enumerate(zip(g.players, self.support,
                                                                                         strict=True))},
            "label": self.label,
            "method": self.solution.method,
            "probabilities": {name: sp.sstr(e) for name, e in self._prob_lines()},
            "probabilities_latex": {name: _latex(g, e) for name, e in self._prob_lines()},
            "payoffs": {p: sp.sstr(v) for p, v in zip(g.players, self.payoffs, strict=True)},
            "payoffs_latex": {p: _latex(g, v) for p, v in zip(g.players, self.payoffs, strict=True)},
            "regimes": [r.to_dict() for r in self.regimes],
            "verified": self.verified,
            **({"system": [sp.sstr(e) for e in self.solution.system],
                "groebner": [sp.sstr(e) for e in self.solution.groebner or []]}
               if self.solution.method == "polynomial" else {}),
        }

    def __repr__(self) -> str:
        return self.text()


def _tex_text(s: str) -> str:
    return s.replace("_", r"\_").replace("&", r"\&").replace("%", r"\%").replace("#", r"\#")


class SymbolicSolution(Sequence[EquilibriumFormula]):
    """Every equilibrium formula of a game, with its regimes (see :func:`~.solve.formulas`).

    Parameters
    ----------
    formulas : list of EquilibriumFormula
        The verified formulas (the sequence itself).
    unverified : list of EquilibriumFormula
        Formulas that failed the numeric cross-check (not shown by :meth:`text`).
    unsolved : list of Unsolved
        Supports whose equilibria have no closed form here, with the reason and their system.
    notes : list of str
        How the regimes were found.
    seconds : float
        Wall time of the symbolic solution.
    game : SymbolicGame
        The traced game.
    samples : object
        The parameter sample the regimes were measured and checked on.
    candidates : object
        The solved support systems, before the regimes were found.
    supports_tried : int
        How many support profiles were enumerated.
    """

    def __init__(self, game: SymbolicGame, formulas: list[EquilibriumFormula], unverified: list[EquilibriumFormula],
                 unsolved: list[Unsolved], notes: list[str], seconds: float, samples: Any, candidates: Any,
                 supports_tried: int = 0) -> None:
        self.supports_tried = supports_tried
        self.game = game
        self.formulas = formulas
        self.unverified = unverified
        self.unsolved = unsolved
        self.notes = notes
        self.seconds = seconds
        self.samples = samples
        self.candidates = candidates

    def __len__(self) -> int:
        return len(self.formulas)

    def __iter__(self) -> Iterator[EquilibriumFormula]:
        return iter(self.formulas)

    def __getitem__(self, i):  # type: ignore[override]
        return self.formulas[i]

    @property
    def n_regimes(self) -> int:
        return sum(len(f.regimes) for f in self.formulas)

    def find(self, label: str) -> EquilibriumFormula:
        """The formula whose support label (``"US:Sanction | China:Optics | DPRK:Test"``) is ``label``."""
        for f in self.formulas:
            if f.label == label:
                return f
        raise KeyError(f"no verified formula with support {label!r}; supports are {[f.label for f in self.formulas]}")

    def text(self) -> str:
        lines = [f"{len(self)} equilibrium formula(s) of {self.game.name}, {self.n_regimes} regime(s)"]
        for f in self.formulas:
            lines.append(f.text())
        if self.unverified:
            lines.append(f"{len(self.unverified)} formula(s) failed the numeric cross-check and are not shown: "
                         + "; ".join(f.label for f in self.unverified))
        for u in self.unsolved:
            lines.append(f"no closed form on {support_text(self.game, u.support)}: {u.reason}")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def latex(self) -> str:
        return "\n\n".join(f"\\[\n{f.latex()}\n\\]" for f in self.formulas)

    def _repr_latex_(self) -> str:
        return "$$" + r"\\[1em]".join(f.latex() for f in self.formulas) + "$$"

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": g.name,
            "players": list(g.players),
            "strategies": [list(s) for s in g.strategies],
            "parameters": {k: {"symbol": str(s), "latex": g.latex_names[s]} for k, s in g.symbols.items()},
            "formulas": [f.to_dict() for f in self.formulas],
            "unverified": [f.label for f in self.unverified],
            "unsolved": [{"support": support_text(g, u.support), "reason": u.reason,
                          "system": [sp.sstr(e) for e in u.system],
                          "groebner": [sp.sstr(e) for e in u.groebner or []]} for u in self.unsolved],
            "notes": list(self.notes),
            "seconds": self.seconds,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def __repr__(self) -> str:
        return self.text()
