"""Exact values of threshold events that have no Fraction: algebraic numbers from the symbolic engine.

:func:`bargain.analysis.thresholds.thresholds` proves a critical value exactly when it is rational
(a Fraction).  Where the binding condition is a polynomial of higher degree in the parameter - a
mixed equilibrium of three players, say - the value is algebraic but not rational, and the numeric
route gives a float only.  :func:`exact_expressions` asks the symbolic engine
(:mod:`bargain.analysis.symbolic`) for it: with every *other* parameter fixed at its exact value,
the regimes of every support are solved in one unknown, and where a regime ends is a root in
radicals, such as ``(279 - sqrt(67841))/120`` (Cox, Little and O'Shea 2015, ch. 1 sec. 5 on
eliminating all variables but one).  An expression is kept only when its numeric value agrees with
the event's float to ``AGREEMENT`` (relative); it is shown beside the float, never instead of it.

The symbolic route can be slow (seconds per parameter on a 3-player game, minutes on a large one),
so each parameter is solved in a child process that is stopped when the command's budget
(``--exact-budget`` seconds) is spent; the events left without an expression are named in a note.

References
----------
Cox, D. A., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed.,
Springer, ch. 1 sec. 5 and ch. 3 (elimination).
McKelvey, R. D. and McLennan, A. (1996). "Computation of equilibria in finite games", *Handbook of
Computational Economics* 1, sec. 6 (support enumeration; the polynomial system of a support).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bargain.io.render import Expression

__all__ = ["AGREEMENT", "DEFAULT_BUDGET", "ExactExpressions", "exact_expressions"]

#: Largest relative difference between an expression's value and the event's float.
AGREEMENT = 1e-9
#: Seconds the symbolic route may take in one command, by default.
DEFAULT_BUDGET = 60.0


@dataclass
class ExactExpressions:
    """What :func:`exact_expressions` found.

    Attributes
    ----------
    found : dict
        ``{(parameter, index of the event): Expression}``.
    notes : list of str
        Events left without an exact value, and why.
    """

    found: dict[tuple[str, int], Expression] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _roots_in_child(label: str, parameter: str, point: dict[str, float], events: list[Any], conn: Any) -> None:
    """Child process: every threshold of ``parameter`` with the others at ``point``, as (value, text, latex).

    The symbolic solve in ``parameter`` alone; for a two-player model too large for it, each of the
    ``events`` closed from the extreme equilibria on either side
    (:func:`~bargain.analysis.symbolic.thresholds_with_notes`)."""
    try:
        import sympy as sp

        from bargain.analysis.symbolic import thresholds_with_notes
        from bargain.io.sources import open_source

        model = open_source(label).model
        others = {k: v for k, v in point.items() if k != parameter}
        found, _ = thresholds_with_notes(model, [parameter], at=others, fixed=others, events={parameter: events})
        out = []
        for t in found:
            expr = sp.together(sp.radsimp(t.expression)) if t.expression.is_number else None
            if expr is None or not (expr.is_real and expr.is_finite):
                continue
            out.append((float(expr), sp.sstr(expr), sp.latex(expr)))
        conn.send(("ok", out))
    except Exception as exc:        # reported as a note by the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _run(label: str, parameter: str, point: dict[str, float], events: list[Any], seconds: float
         ) -> tuple[str, Any]:
    """Run :func:`_roots_in_child` for at most ``seconds``; ``("timeout", None)`` if it takes longer."""
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_roots_in_child, args=(label, parameter, point, events, send), daemon=True)
    proc.start()
    send.close()
    try:
        if recv.poll(max(seconds, 0.0)):
            return recv.recv()
        return ("timeout", None)
    except EOFError:
        return ("error", "the symbolic process ended without an answer")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5.0)
        recv.close()


def exact_expressions(label: str, events: Mapping[str, Sequence[Any]], point: Mapping[str, float],
                      budget: float = DEFAULT_BUDGET) -> ExactExpressions:
    """Exact expressions of the events that have a float value only.

    Parameters
    ----------
    label : str
        The GAME argument (a shipped game or a ``.py`` model), opened again in the child process.
    events : mapping
        ``{parameter: events}`` (:class:`~bargain.analysis.threshold_events.Event`, in table order).
    point : mapping
        Every parameter's value (the ``--set`` values and the defaults); each parameter is varied
        with the others held here.
    budget : float
        Seconds the symbolic route may take in all; ``0`` skips it.

    Returns
    -------
    ExactExpressions
        Each expression found (checked against the event's float to :data:`AGREEMENT`), and a
        note for every event left without one.
    """
    result = ExactExpressions()
    todo = {p: [(k, e) for k, e in enumerate(evs) if e.exact is None] for p, evs in events.items()}
    todo = {p: items for p, items in todo.items() if items}
    if not todo:
        return result
    if budget <= 0:
        result.notes.append("no exact expression sought for " + _names(todo) + " (--exact-budget 0)")
        return result
    try:
        import sympy  # noqa: F401
    except ImportError:
        result.notes.append("no exact expression for " + _names(todo) + ": the symbolic route needs sympy "
                            "(pip install 'bargain[symbolic]')")
        return result
    deadline = time.monotonic() + budget
    floats = {k: float(v) for k, v in point.items()}
    for p, items in todo.items():
        left = deadline - time.monotonic()
        status, roots = _run(label, p, floats, list(events[p]), left) if left > 0 else ("timeout", None)
        if status == "timeout":
            result.notes.append(f"no exact expression for {_names({p: items})}: the symbolic route took longer "
                                f"than the budget of {budget:g} s (--exact-budget)")
            continue
        if status == "error":
            result.notes.append(f"no exact expression for {_names({p: items})}: {roots}")
            continue
        for k, e in items:
            match = next(((text, tex) for value, text, tex in roots
                          if abs(value - e.value) <= AGREEMENT * max(1.0, abs(e.value))), None)
            if match is None:
                result.notes.append(f"no exact expression for {p} = {e.value:.6g}: no regime of the symbolic "
                                    "solution ends there")
            else:
                result.found[(p, k)] = Expression(*match)
    return result


def _names(todo: Mapping[str, Sequence[tuple[int, Any]]]) -> str:
    return ", ".join(f"{p} = {e.value:.6g}" for p, items in todo.items() for _, e in items)
