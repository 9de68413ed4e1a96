"""Rich display of results in Jupyter: HTML and LaTeX tables, pandas frames, clean numbers.

Every result class that a notebook shows (:class:`~bargain.model.game.Game`,
:class:`~bargain.solvers.result.Equilibria`, :class:`~bargain.analysis.thresholds.Thresholds`,
:class:`~bargain.analysis.sweep.Sweep`, :class:`~bargain.analysis.stability.StabilityReport`,
:class:`~bargain.analysis.bargaining.result.BargainingSolution` and
:class:`~bargain.analysis.bargaining.alternating.AlternatingOffers`) has ``_repr_html_``,
``_repr_latex_`` and ``to_frame`` methods that call :func:`html`, :func:`latex` and
:func:`to_frame` here.  :func:`report` builds one :class:`~bargain.io.render.Report` per object,
and the text comes from the same renderer as the command line's ``--format html|latex``, so a
result reads the same in a notebook, a terminal and a paper.

Numbers are cleaned before they reach a table (:func:`clean`): a float within the noise floor of
an integer or of a fraction with a small denominator *is* that number (``1/3``, ``2``), rounding
noise such as ``-2.66e-16`` is ``0`` and ``-0`` never prints (the policy of
:mod:`bargain.analysis.noise`).

References
----------
Pérez, F. and Granger, B. E. (2007). IPython: a system for interactive scientific computing.
*Computing in Science & Engineering* 9(3), 21-29 (the ``_repr_*_`` rich display protocol).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.noise import payoff_scale, snap
from bargain.errors import GameError
from bargain.io.render import Mixture, Report, Table, render

__all__ = ["clean", "html", "latex", "report", "to_frame"]


def clean(x: Any, scale: float | None = 1.0) -> Any:
    """A number ready for a table: exact values kept, floats snapped to a recognised simple number.

    Parameters
    ----------
    x : float, int or Fraction
        The number.
    scale : float or None
        The scale of the quantity (1 for probabilities, the payoff range for payoffs).

    Returns
    -------
    int, Fraction or float
        ``0`` for noise, an ``int`` or a small-denominator ``Fraction`` when ``x`` is within the noise
        floor of one, else the float (never ``-0.0``).
    """
    if x is None or isinstance(x, str | bool | np.bool_):
        return x
    v = snap(x, scale)
    if isinstance(v, Fraction) and v.denominator != 1 and _terminates(v.denominator):
        text = f"{float(v):.6g}"
        if Fraction(text) == v:         # a short decimal reads better than 299/50: -5.98
            return float(text)
    return v


def _terminates(q: int) -> bool:
    """Whether ``1/q`` has a finite decimal expansion (``q = 2^a 5^b``)."""
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


def _mixture(game: Any, eq: Any, i: int) -> Mixture:
    exact = eq.exact_profile is not None
    src = eq.exact_profile if exact else eq.profile
    return Mixture(tuple((game.strategies[i][k], clean(src[i][k] if exact else float(src[i][k])))
                         for k in eq.support[i]))


def _game_report(g: Any) -> Report:
    scale = payoff_scale(g.payoffs)
    pay = g.exact_payoffs if g.is_exact else g.payoffs
    title = f"{' vs '.join(g.players)}: {' x '.join(map(str, g.shape))} game"
    if g.n_players == 2:
        rows = [[g.strategies[0][r], *(", ".join(str(c) for c in (render_number(pay[0][r, k], scale),
                                                                   render_number(pay[1][r, k], scale)))
                                       for k in range(g.shape[1]))] for r in range(g.shape[0])]
        table = Table([f"{g.players[0]} \\ {g.players[1]}", *g.strategies[1]], rows, title=title,
                      notes=[f"cells: ({g.players[0]}, {g.players[1]}) payoffs"])
    else:
        rows = []
        for idx in np.ndindex(*g.shape):
            rows.append([g.strategies[i][k] for i, k in enumerate(idx)]
                        + [clean(pay[(i, *idx)], scale) for i in range(g.n_players)])
        table = Table([*g.players, *(f"u({p})" for p in g.players)], rows, title=title)
    return Report({"players": list(g.players), "strategies": [list(s) for s in g.strategies]}, [table])


def render_number(x: Any, scale: float | None = 1.0, digits: int = 6) -> str:
    """The text of one cleaned number, as a table cell shows it."""
    from bargain.io.render import format_cell

    return format_cell(clean(x, scale), digits)


def _equilibria_report(eqs: Any) -> Report:
    g = eqs.game
    if not hasattr(g, "strategies") or (len(eqs) and eqs[0].behaviour is not None):
        rows = [[k + 1, eq.describe().replace("\n", "; ")] for k, eq in enumerate(eqs)]
        return Report(eqs.to_dict(), [Table(["#", "equilibrium"], rows, title=_eq_title(eqs, g),
                                            notes=list(eqs.notes))])
    scale = payoff_scale(g.payoffs)
    rows = []
    for k, eq in enumerate(eqs):
        shared = eq.component is not None and any(c.index == eq.component and not c.is_isolated
                                                  for c in eqs.components)
        pays = [clean(v, scale) for v in (eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs)]
        rows.append([f"{k + 1} (c{eq.component + 1})" if shared else k + 1,
                     *(_mixture(g, eq, i) for i in range(g.n_players)), *pays])
    notes = [f"component c{c.index + 1} is a connected set of equilibria spanned by "
             + ", ".join(f"#{k + 1}" for k in c.equilibria) for c in eqs.components if not c.is_isolated]
    notes += eqs.continuum_lines()
    notes += list(eqs.notes)
    return Report(eqs.to_dict(), [Table(["#", *g.players, *(f"u({p})" for p in g.players)], rows,
                                        title=_eq_title(eqs, g), notes=notes)])


def _eq_title(eqs: Any, g: Any) -> str:
    n = len(eqs)
    return (f"{n} equilibri{'um' if n == 1 else 'a'} of {' vs '.join(g.players)}; method {eqs.method} "
            f"({'complete' if eqs.complete else 'not guaranteed complete'})")


def _thresholds_report(thr: Any) -> Report:
    rows = [[t.best, "; ".join(t.disappears) or "-", "; ".join(t.appears) or "-", t.binding, t.method] for t in thr]
    notes = ([] if len(thr) else [f"no threshold of {thr.parameter} in the swept range"]) + list(thr.dropped)
    at = ", ".join(f"{k} = {render_number(v, None)}" for k, v in thr.fixed.items())
    return Report(thr.to_dict(), [Table(["value", "disappears", "appears", "why", "method"], rows,
                                        title=f"Thresholds of {thr.parameter} in {thr.model}", notes=notes)],
                  [f"other parameters at {at}"] if at else [])


def sweep_summary(sw: Any) -> Report:
    """A sweep in a few lines: what was swept over which range, and its branches (not its arrays).

    Parameters
    ----------
    sw : Sweep
        A :class:`~bargain.analysis.sweep.Sweep`.

    Returns
    -------
    Report
        One table: the branches of a 1-D sweep with their intervals, or the regimes of a 2-D one.
    """
    ranges = "; ".join(f"{p} from {render_number(a[0], None)} to {render_number(a[-1], None)} ({len(a)} points)"
                       for p, a in zip(sw.parameters, sw.axes, strict=True))
    preface = [f"Sweep of {sw.model}: {ranges}"]
    if sw.tracks is not None:
        rows = [[b + 1, clean(lo, None), clean(hi, None), lab]
                for b, (lab, (lo, hi)) in enumerate(zip(sw.branch_labels(), sw.branch_extent(), strict=True))]
        table = Table(["branch", "from", "to", "equilibrium (support inside the interval)"], rows,
                      title=f"{sw.n_branches} equilibrium branch{'es' if sw.n_branches != 1 else ''}",
                      notes=list(sw.notes))
    else:
        names, counts = np.unique(sw.signatures().astype(str), return_counts=True)
        order = np.argsort(-counts, kind="stable")
        rows = [[str(names[k]), clean(100.0 * counts[k] / counts.sum(), None)] for k in order]
        table = Table(["equilibria (supports)", "% of grid"], rows, title="regimes", notes=list(sw.notes))
    return Report({"model": sw.model, "parameters": list(sw.parameters)}, [table], preface)


def _stability_report(rep: Any) -> Report:
    rows = [["strict", rep.strict], ["quasi-strict", rep.quasi_strict], ["regular", rep.regular],
            ["index", rep.index], ["asymptotically stable", rep.asymptotically_stable],
            ["perfect", rep.perfect], ["ESS", rep.ess],
            ["robustness radius", clean(float(rep.robustness_radius))],
            ["max Re(eigenvalue)", clean(max((float(e.real) for e in rep.eigenvalues), default=float("nan")))]]
    return Report(rep.to_dict(), [Table(["property", "value"], rows, title="Stability of the equilibrium",
                                        notes=[f"radius: {rep.radius_method}"])])


def _bargaining_report(sol: Any) -> Report:
    pays = sol.exact_payoffs if sol.exact_payoffs is not None else sol.payoffs
    dis = sol.exact_disagreement if sol.exact_disagreement is not None else sol.disagreement
    rows = [[p, clean(u, None), clean(d, None), clean(u - d, None)]
            for p, u, d in zip(sol.players, pays, dis, strict=True)]
    notes = [f"disagreement point: {sol.rule}"]
    if sol.lottery:
        notes.append("reached by the lottery " + ", ".join(f"{k}: {render_number(v)}" for k, v in sol.lottery.items()))
    notes += list(sol.notes)
    return Report(sol.to_dict(), [Table(["player", "payoff", "disagreement", "gain"], rows,
                                        title=f"{sol.solution} bargaining solution", notes=notes)])


def _alternating_report(res: Any) -> Report:
    rows = [[p, clean(a, None), clean(d, None), clean(o, None)]
            for p, a, d, o in zip(res.players, res.agreement, res.discount, res.outside_options, strict=True)]
    return Report(res.to_dict(), [Table(["player", "agreement", "discount factor", "outside option"], rows,
                                        title="Alternating offers (stationary subgame-perfect equilibrium)",
                                        notes=[f"breakdown probability {render_number(res.breakdown, None)}",
                                               *res.notes])])


_BUILDERS = {
    "Game": _game_report,
    "Equilibria": _equilibria_report,
    "Thresholds": _thresholds_report,
    "Sweep": sweep_summary,
    "StabilityReport": _stability_report,
    "BargainingSolution": _bargaining_report,
    "AlternatingOffers": _alternating_report,
}


def report(obj: Any) -> Report:
    """The :class:`~bargain.io.render.Report` of a result (see the module docstring for the classes).

    Parameters
    ----------
    obj : Any
        A result object.

    Returns
    -------
    Report
        Its tables.

    Raises
    ------
    GameError
        For an object of another class.
    """
    for cls in type(obj).__mro__:
        if cls.__name__ in _BUILDERS:
            return _BUILDERS[cls.__name__](obj)
    raise GameError(f"no rich display for a {type(obj).__name__}; display one of {', '.join(_BUILDERS)}")


def html(obj: Any) -> str:
    """The HTML of a result (Jupyter's ``_repr_html_``)."""
    return render(report(obj), "html")


def latex(obj: Any) -> str:
    """The LaTeX ``tabular`` of a result (Jupyter's ``_repr_latex_``, used by LaTeX and PDF export)."""
    return render(report(obj), "latex")


def text(obj: Any) -> str:
    """The plain-text table of a result (what ``repr`` shows for results that print as a table).

    Parameters
    ----------
    obj : Any
        A result object.

    Returns
    -------
    str
        Its tables as aligned text, without a trailing newline.
    """
    return render(report(obj), "table").rstrip("\n")


def to_frame(obj: Any) -> Any:
    """The first table of a result as a :class:`pandas.DataFrame` (pandas is an optional dependency).

    Parameters
    ----------
    obj : Any
        A result object.

    Returns
    -------
    pandas.DataFrame
        One column per table column; exact values as Fractions, mixtures as text.

    Raises
    ------
    ImportError
        When pandas is not installed.
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("to_frame() needs pandas, which is not installed: pip install pandas") from None
    t = report(obj).tables[0]
    rows = [[x.text() if isinstance(x, Mixture) else x for x in row] for row in t.rows]
    return pd.DataFrame(rows, columns=list(t.columns))
