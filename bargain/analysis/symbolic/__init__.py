"""Answers as formulas: equilibria, regimes, thresholds and comparative statics in closed form.

``bg.symbolic`` (this package; it needs sympy) turns a parametric :class:`~bargain.Model` into
formulas in its parameters::

    import bargain as bg
    sol = bg.symbolic.formulas("buffer_state")      # every equilibrium, with its regimes
    print(sol.text())                               # or sol.latex(), sol.to_json(); a notebook renders it
    bg.symbolic.thresholds(sol, "refugee_risk")     # refugee_risk = f(other parameters), and its value
    bg.symbolic.comparative_statics(sol, 0)         # sign of each derivative on each regime

* :func:`formulas` - trace the payoffs (:mod:`.trace`), solve every support (:mod:`.supports`),
  find and simplify the regimes (:mod:`.regions`), check every formula against
  :func:`bargain.solve` (:mod:`.solve`); payoffs that compare parameters are solved on each side
  of the comparisons (:mod:`.branches`); a tree of perfect information whose reduced normal form is
  too large for support enumeration is solved for its subgame-perfect equilibria instead, each
  regime the gaps of the moves at every node (:mod:`.spe`);
* :func:`thresholds` - where each regime ends, solved for a parameter (:mod:`.thresholds`; degree
  one or two in radicals, higher degree as an isolated real root, :mod:`.roots`); for a game tree
  also every subgame-perfect switch, on the path or off it (:mod:`.switches`);
  a two-player game too large for support enumeration (a signalling game's ex-ante normal form) gets
  the closed form of each numeric threshold from its extreme equilibria instead, each vertex solved
  from its tight constraints in the parameter, the others at their values (:mod:`.vertices`,
  :mod:`.vertex_thresholds`);
* :func:`comparative_statics` - signs of derivatives per regime (:mod:`.statics`);
* :func:`formula_for` - the closed form of one numeric equilibrium (what ``Equilibrium.formula``
  and ``Equilibria.formulas`` call).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.report import EquilibriumFormula, Regime, SymbolicSolution
from bargain.analysis.symbolic.solve import VERIFY_TOLERANCE, formulas
from bargain.analysis.symbolic.statics import Static, comparative_statics
from bargain.analysis.symbolic.thresholds import ThresholdFormula, threshold_formulas
from bargain.analysis.symbolic.trace import SymbolicGame, latex_name, symbolic_game
from bargain.analysis.symbolic.vertex_curves import ThresholdCurve, vertex_threshold_curves
from bargain.analysis.symbolic.vertex_general import vertex_threshold_formulas_general
from bargain.analysis.symbolic.vertex_thresholds import vertex_threshold_formulas
from bargain.errors import GameError

__all__ = ["EquilibriumFormula", "Regime", "Static", "SymbolicGame", "SymbolicSolution", "ThresholdCurve",
           "ThresholdFormula", "comparative_statics", "formula_for", "formulas", "latex_name", "symbolic_game",
           "thresholds", "thresholds_with_notes"]

def thresholds(source: Any, parameter: str | None = None, at: dict[str, float] | None = None,
               in_terms_of: str | None = None) -> list[ThresholdFormula] | list[ThresholdCurve]:
    """Thresholds as expressions (see :func:`~.thresholds.threshold_formulas`).

    Parameters
    ----------
    source : SymbolicSolution, Model or str
        A solution from :func:`formulas`, or what :func:`formulas` takes.
    parameter : str, optional
        Only this parameter.
    at : dict, optional
        Values of the other parameters (default: their defaults).
    in_terms_of : str, optional
        For a two-player model too large for support enumeration: each threshold as a function of this
        parameter, the others at ``at`` (:func:`~.vertex_curves.vertex_threshold_curves`), with the interval
        on which it holds; ``"all"``: in every parameter, where the algebra stays small
        (:func:`~.vertex_general.vertex_threshold_formulas_general`).

    Returns
    -------
    list of ThresholdFormula or of ThresholdCurve
        One formula per regime boundary where the parameter can be solved for.  For a two-player
        model too large for support enumeration: one per numeric threshold
        (:func:`bargain.analysis.thresholds.thresholds`), its value exact with the other parameters at
        ``at`` (:func:`~.vertex_thresholds.vertex_threshold_formulas`); a threshold not closed is
        named in a warning, with the reason.

    Raises
    ------
    GameError
        When :func:`formulas` refuses the model and it is not a two-player model (or its payoffs cannot be
        traced), or for an unknown parameter.

    References
    ----------
    Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. *Journal of the Society for
    Industrial and Applied Mathematics* 12(4), 778-780.
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed. Springer.
    """
    if isinstance(source, SymbolicSolution):
        if in_terms_of is not None:
            raise GameError(_IN_TERMS_OF.format(name=source.game.name))
        return threshold_formulas(source, parameter, at)
    if isinstance(source, str):
        from bargain.model.loader import load_game

        source = load_game(source)
    found, notes = thresholds_with_notes(source, [parameter], at, in_terms_of=in_terms_of)
    for note in notes:
        warnings.warn(note, stacklevel=2)
    return found


def thresholds_with_notes(model: Any, parameters: Sequence[str | None], at: dict[str, float] | None = None,
                          fixed: dict[str, float] | None = None, events: Mapping[str, Sequence[Any]] | None = None,
                          in_terms_of: str | None = None) -> tuple[list[Any], list[str]]:
    """The thresholds of ``parameters`` as expressions, and the notes that go with them.

    By the regimes of :func:`formulas` where it accepts the model; for a two-player model it refuses
    (too many support profiles), each numeric threshold is closed from the extreme equilibria on
    either side of it (:func:`~.vertex_thresholds.vertex_threshold_formulas`), with a note saying so
    and one per threshold not closed.

    Parameters
    ----------
    model : Model
        A parametric model.
    parameters : sequence of str or None
        The parameters (None: every parameter).
    at : dict, optional
        Values of the other parameters (default: their defaults).
    fixed : dict, optional
        Parameters fixed before the symbolic solve (:func:`formulas`'s ``fixed``: fewer symbols, faster).
    events : mapping, optional
        ``{parameter: events}`` the numeric route has already found (the closed-form route from the
        extreme equilibria starts from them instead of finding them again).
    in_terms_of : str, optional
        Each threshold as a function of this parameter (the route from the extreme equilibria:
        :func:`~.vertex_curves.vertex_threshold_curves`), or ``"all"``: each in every parameter, where the algebra
        stays small (:func:`~.vertex_general.vertex_threshold_formulas_general`, ThresholdFormula records); the
        support route's formulas are already in every parameter, and refuse it.

    Returns
    -------
    formulas : list of ThresholdFormula or of ThresholdCurve
        Parameter by parameter.
    notes : list of str
        The solution's notes; or the route's, and one per threshold not closed.

    Raises
    ------
    GameError
        When :func:`formulas` refuses a model that is not a two-player model, for an unknown parameter, or
        for ``in_terms_of`` on the support route, unknown, or among ``parameters``.

    References
    ----------
    Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. *Journal of the Society for
    Industrial and Applied Mathematics* 12(4), 778-780.
    """
    if in_terms_of is not None and in_terms_of != "all":
        model.parameter(in_terms_of)
        if in_terms_of in parameters:
            raise GameError(f"{in_terms_of!r} is both the parameter of the thresholds and the one they are written in")
    try:
        sol = formulas(model, fixed=fixed)
    except GameError as exc:
        if getattr(model, "n_players", 0) != 2 or not hasattr(model, "parameters"):
            raise
        # too many support profiles: the numeric thresholds, each closed from the extreme equilibria
        notes = [f"no formulas for the whole game ({str(exc).split('; the numeric')[0]}): each numeric threshold "
                 "is closed from the extreme equilibria on either side, the other parameters at their values"]
        found: list[Any] = []
        for name in parameters:
            items, missing = (vertex_threshold_formulas(model, name, at, events) if in_terms_of is None else
                              vertex_threshold_formulas_general(model, name, at, events) if in_terms_of == "all" else
                              vertex_threshold_curves(model, name, in_terms_of, at, events))
            found += items
            notes += missing
        return found, notes
    if in_terms_of is not None:
        raise GameError(_IN_TERMS_OF.format(name=sol.game.name))
    free = {k: v for k, v in (at or {}).items() if k not in (fixed or {})} or None     # fixed: no longer symbols
    return [t for name in parameters for t in threshold_formulas(sol, name, free)], list(sol.notes)


_IN_TERMS_OF = ("{name!r} is solved on every support: its thresholds are already formulas in every parameter "
                "(drop --in-terms-of / in_terms_of); writing a threshold in terms of one other parameter is for "
                "games closed from their extreme equilibria")


@lru_cache(maxsize=8)
def _cached(model: Any) -> SymbolicSolution:
    return formulas(model)


def formula_for(equilibrium: Any, model: Any, **values: float) -> EquilibriumFormula:
    """The closed form of a numeric equilibrium of ``model.game(**values)``.

    Parameters
    ----------
    equilibrium : Equilibrium
        An equilibrium :func:`bargain.solve` found.
    model : Model, str or SymbolicSolution
        The model the game came from (or its :func:`formulas`, to reuse them).
    **values : float
        The parameter values of that game (defaults for the rest).

    Returns
    -------
    EquilibriumFormula
        The verified formula on the equilibrium's support that reproduces it at ``values`` (to 1e-9).

    Raises
    ------
    GameError
        If no verified formula on that support matches the equilibrium there.

    References
    ----------
    Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. *Journal of the Society for
    Industrial and Applied Mathematics* 12(4), 778-780.
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed. Springer.
    """
    if isinstance(model, SymbolicSolution):
        sol, model = model, model.game.model if model.game.model is not None else model.game
    else:
        if isinstance(model, str):
            from bargain.model.loader import load_game

            model = load_game(model)
        sol = _cached(model)
    support = tuple(tuple(s) for s in equilibrium.support)
    matches = []
    for f in sol:
        if f.support != support:
            continue
        prof = f.evaluate(**values)
        if all(np.max(np.abs(a - np.asarray(b, dtype=float))) <= VERIFY_TOLERANCE
               for a, b in zip(prof, equilibrium.profile, strict=True)) and _same_payoffs(f, equilibrium, values):
            matches.append(f)
    if matches:
        # where the payoffs compare parameters, one formula can hold on several sides of a comparison: the one
        # whose regime holds at the values
        g = sol.game
        sub = {g.symbols[k]: float(values.get(k, g.parameters[k].default)) for k in g.symbols}
        return next((f for f in matches if any(all(bool(q.relation.xreplace(sub)) for q in reg.inequalities)
                                               for reg in f.regimes)), matches[0])
    where = values or "the defaults"
    raise GameError(f"no verified closed form of {model.name!r} reproduces this equilibrium at {where}"
                    " (is it an equilibrium of model.game(**values) with these values? supports with three or more "
                    "players mixing may have no closed form)")


def _same_payoffs(f: EquilibriumFormula, equilibrium: Any, values: dict[str, float]) -> bool:
    """Do the formula's payoffs give the equilibrium's at ``values`` (relative 1e-9)?  Where the payoffs compare
    parameters, one support carries a formula on each side of a comparison, with other payoffs."""
    g = f.game
    sub = {g.symbols[k]: sp.Rational(repr(float(values.get(k, g.parameters[k].default)))) for k in g.symbols}
    for expr, want in zip(f.payoffs, np.asarray(equilibrium.payoffs, dtype=float), strict=True):
        got = float(sp.sympify(expr).xreplace(sub))
        if abs(got - want) > VERIFY_TOLERANCE * max(1.0, abs(want)):
            return False
    return True
