"""``bargain solve GAME --symbolic`` and ``bargain thresholds GAME --symbolic``: answers as formulas.

Both call :mod:`bargain.analysis.symbolic` and render what it returns: a table (or CSV) of the
formulas and of each regime's inequalities, the whole result as JSON, or ``--format latex``:
``\\[ \\begin{aligned} ... \\end{aligned} \\]`` blocks with ``\\frac`` and the parameters' names,
ready to paste into a paper.
"""

from __future__ import annotations

from typing import Any

from bargain.cli import _common as common
from bargain.cli._common import emit, emit_text, float_values
from bargain.errors import GameError
from bargain.io.render import Report, Table

__all__ = ["solve_symbolic", "thresholds_symbolic"]


def _model(src: Any, command: str) -> Any:
    if not src.is_model:
        raise GameError(f"{command} --symbolic needs a parametric model (a shipped game or a .py file), not a "
                        f"{src.file_format} file: a fixed game has no parameters to write formulas in")
    return src.model


def solve_symbolic(src: Any, values: dict[str, Any], fmt: str, output: str | None, digits: int, quiet: bool) -> None:
    """Every equilibrium of a model in closed form, with its regimes (``--set`` fixes parameters)."""
    import sympy as sp

    from bargain.analysis.symbolic import formulas

    model = _model(src, "solve")
    with common.Status(f"solving {src.label} symbolically", quiet):
        sol = formulas(model, fixed=float_values(values) or None)
    if fmt == "latex":
        emit_text(sol.latex() + "\n", output, quiet)
        return
    rows, regimes = [], []
    for k, f in enumerate(sol):
        for (i, s), e in f.probabilities.items():
            if len(f.support[i]) > 1:
                rows.append([k + 1, f.label, f"P({f.game.players[i]}:{f.game.strategies[i][s]})", sp.sstr(e)])
        rows += [[k + 1, f.label, f"u({p})", sp.sstr(v)] for p, v in zip(f.game.players, f.payoffs, strict=True)]
        for r, reg in enumerate(f.regimes):
            lines = reg.inequalities or [None]
            regimes += [[k + 1, r + 1, "everywhere" if q is None else q.text, "" if q is None else q.binding,
                         reg.fraction] for q in lines]
    notes = [f"{len(sol.unverified)} formula(s) failed the numeric cross-check and are not shown: "
             + "; ".join(f.label for f in sol.unverified)] if sol.unverified else []
    notes += [f"no closed form on {u.support}: {u.reason}" for u in sol.unsolved] + list(sol.notes)
    at = ", ".join(f"{k} = {v}" for k, v in values.items())
    title = f"{len(sol)} equilibrium formula(s) of {src.title or src.label}" + (f" at {at}" if at else "")
    data = {"game": src.label, **common.record(src, values, "solve --symbolic", "symbolic", seed=0),
            **sol.to_dict()}
    emit(Report(data, [Table(["#", "equilibrium", "quantity", "formula"], rows, title=title),
                       Table(["#", "regime", "inequality", "binds when", "share of box"], regimes,
                             title="Regimes: where each formula is an equilibrium", notes=notes)]),
         fmt, output, quiet, digits)


def thresholds_symbolic(src: Any, names: list[str], values: dict[str, Any], fmt: str, output: str | None,
                        digits: int, quiet: bool, in_terms_of: str | None = None) -> None:
    """Thresholds as expressions in the other parameters, with their values at the point (``--set``); with
    ``in_terms_of``, each as a function of that parameter with the interval where it holds."""
    import sympy as sp

    from bargain.analysis.symbolic import thresholds_with_notes

    model = _model(src, "thresholds")
    with common.Status(f"solving {src.label} symbolically", quiet):
        items, notes = thresholds_with_notes(model, names, at=float_values(values) or None, in_terms_of=in_terms_of)
    if in_terms_of is not None and in_terms_of != "all":
        _curves(src, items, notes, values, in_terms_of, fmt, output, digits, quiet)
        return
    if fmt == "latex":
        body = " \\\\\n".join(t.latex.replace(" = ", " &= ", 1) + f" && \\text{{{t.binding}}}" for t in items)
        emit_text("\\[\n\\begin{aligned}\n" + body + "\n\\end{aligned}\n\\]\n", output, quiet)
        return
    rows = [[t.parameter, sp.sstr(t.expression), t.value, None if t.exact is None else sp.sstr(t.exact), t.support,
             t.binding] for t in items]
    at = ", ".join(f"{k}={v}" for k, v in values.items())
    prov = common.record(src, values, "thresholds --symbolic", "symbolic", parameters=names, seed=0)
    emit(Report({"game": src.label, **prov, "thresholds": [t.to_dict() for t in items]},
                [Table(["parameter", "threshold", "value", "exact", "equilibrium", "what happens"], rows,
                       title=f"Thresholds of {src.title or src.label} as formulas"
                       + (f" (values at {at})" if at else " (values at the defaults)"),
                       notes=notes)]),
         fmt, output, quiet, digits)


def _curves(src: Any, items: list[Any], notes: list[str], values: dict[str, Any], in_terms_of: str, fmt: str,
            output: str | None, digits: int, quiet: bool) -> None:
    """Render thresholds as functions of one parameter (:class:`~bargain.analysis.symbolic.ThresholdCurve`)."""
    import sympy as sp

    if fmt == "latex":
        body = " \\\\\n".join(c.latex.replace(" = ", " &= ", 1) for c in items)
        emit_text("\\[\n\\begin{aligned}\n" + body + "\n\\end{aligned}\n\\]\n", output, quiet)
        return
    rows = []
    for c in items:
        located = sum(n is not None for _q, _f, n in c.checks)
        rows.append([c.parameter, sp.sstr(c.expression), f"{c.low.text} < {c.in_terms_of} < {c.high.text}",
                     f"{c.low.why}; {c.high.why}", c.value, None if c.exact is None else sp.sstr(c.exact),
                     f"{located} to 1e-9, {len(c.checks) - located} bracketed", c.binding])
    at = ", ".join(f"{k}={v}" for k, v in values.items())
    prov = common.record(src, values, "thresholds --symbolic", "symbolic", parameters=[c.parameter for c in items],
                         seed=0)
    title = (f"Thresholds of {src.title or src.label} in terms of {in_terms_of}, the other parameters "
             + (f"at {at} or their defaults" if at else "at their defaults") + " (value at the point)")
    emit(Report({"game": src.label, **prov, "in_terms_of": in_terms_of, "thresholds": [c.to_dict() for c in items]},
                [Table(["parameter", "threshold", "holds for", "ends", "value", "exact", "numeric check",
                        "what happens"], rows, title=title, notes=notes)]),
         fmt, output, quiet, digits)
