"""``bargain.explore``: a model's equilibria under live parameter sliders, for seminars in Jupyter.

:func:`explore` returns an :class:`Explorer`.  In a notebook with ipywidgets it shows

* one slider per parameter, across its bounds, with its unit and meaning as the tooltip;
* the equilibria at the current values as a table (:mod:`bargain.io.display`);
* for 2x2 games the two best-response correspondences in the unit square, for 2x3 (and 3x2) games
  the three-strategy player's payoffs against the other's mixture and its simplex with the other
  player's indifference line, the equilibria marked in both;
* the sweep of a chosen parameter (:func:`bargain.sweep`) with the current value marked;
* the source's claims about the game (``CLAIMS`` in its module, checked by
  ``bargain.analysis.claims`` when that module exists) and whether each holds at the current values.

A move recomputes the equilibria at one point with the batch engine
(:func:`bargain.solvers.batch.solve_batch` on :meth:`Model.payoffs`, every profile verified by
:func:`~bargain.solvers.result.make_equilibrium`), or with :func:`bargain.solve` where the batch
engine does not cover the shape.  Without ipywidgets or without a widget front end (a static HTML
export, a terminal) the same content is shown as static HTML.  Tests and scripts drive it through
its Python API: ``ex = bg.explore(model); ex.set(refugee_risk=0.1); ex.equilibria``.

References
----------
Fudenberg, D. and Tirole, J. (1991). *Game Theory*, MIT Press, sec. 1.2 (best-response
correspondences; the equilibria of a 2x2 game are where they cross).  Project Jupyter (2015-).
*ipywidgets: interactive HTML widgets for Jupyter* (widget models, ``Output``, embedded state).
"""

from __future__ import annotations

import base64
import html as _html
import io
import math
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.io.display import html as html_of
from bargain.model.game import Game

__all__ = ["Explorer", "explore"]

#: Sweep points.
SWEEP_POINTS = 61


def explore(model_or_game: Any, *, sweep: str | None = None, points: int = SWEEP_POINTS) -> Explorer:
    """An interactive view of a model's equilibria (sliders, table, plots, sweep, claims).

    Parameters
    ----------
    model_or_game : Model, Game or str
        A parametric model, a shipped game's name (as :func:`bargain.load_game`), or a fixed
        :class:`~bargain.model.game.Game` (no sliders then).
    sweep : str, optional
        The parameter swept in the sweep panel (default: the first with a finite range).
    points : int
        Grid points of that sweep.

    Returns
    -------
    Explorer
        Displays itself in Jupyter; ``set``, ``values``, ``equilibria``, ``table_html``,
        ``claims`` and ``sweep_result`` drive and read it from code.

    Raises
    ------
    GameError
        For something that is neither a model nor a game, or an unknown sweep parameter.
    """
    return Explorer(model_or_game, sweep=sweep, points=points)


class Explorer:
    """The state behind :func:`explore`: current values, their equilibria, and the widgets if shown."""

    def __init__(self, target: Any, *, sweep: str | None = None, points: int = SWEEP_POINTS) -> None:
        if isinstance(target, str):
            from bargain.io import load_game

            target = load_game(target)
        if isinstance(target, Game):
            self.model, self._fixed_game = None, target
        elif hasattr(target, "parameters") and hasattr(target, "payoffs") and hasattr(target, "game"):
            self.model, self._fixed_game = target, None
        else:
            raise GameError(f"explore() needs a Model, a Game or a shipped game's name, not a {type(target).__name__}")
        self.values: dict[str, float] = dict(self.model.defaults) if self.model is not None else {}
        names = self._sweepable()
        if sweep is not None and sweep not in names:
            from bargain.errors import did_you_mean

            raise GameError(f"cannot sweep {sweep!r}{did_you_mean(sweep, names)}; choose from {names}")
        self.sweep_parameter = sweep or (names[0] if names else None)
        self.points = int(points)
        self._sweep = None
        self._widgets: dict[str, Any] | None = None
        self._update()
        # the sweep follows every move where the batch engine solves it (a few hundredths of a second)
        self.auto_sweep = self.model is not None and _batch_shape(self.game.shape)

    # ------------------------------------------------------------------ driving it from code
    def set(self, **values: float) -> Explorer:
        """Move sliders: set parameters to values (checked against their bounds) and recompute.

        Parameters
        ----------
        **values : float
            ``name=value`` for any parameters of the model.

        Returns
        -------
        Explorer
            ``self``, so calls chain.

        Raises
        ------
        GameError
            For an unknown parameter, a value outside its bounds, or a fixed game.
        """
        if self.model is None:
            raise GameError("this explorer shows a fixed Game; it has no parameters to set")
        self.model.validate(**values)
        others_moved = any(k != self.sweep_parameter and float(v) != self.values[k] for k, v in values.items())
        self.values.update({k: float(v) for k, v in values.items()})
        self._update(keep_sweep=not others_moved)     # moving the swept parameter only moves the marker
        if self._widgets is not None:
            for k, v in values.items():
                slider = self._widgets["sliders"][k]
                if slider.value != float(v):
                    slider.unobserve(self._on_slider, names="value")
                    slider.value = float(v)
                    slider.observe(self._on_slider, names="value")
            self._refresh_widgets()
        return self

    @property
    def game(self) -> Game:
        """The game at the current values."""
        return self._fixed_game if self.model is None else self.model.game(**self.values)

    @property
    def table_html(self) -> str:
        """The equilibrium table shown (HTML)."""
        return html_of(self.equilibria)

    def _update(self, keep_sweep: bool = False) -> None:
        self.equilibria = _solve_point(self.model, self.game, self.values)
        self.claims = _claims(self.model, self.values)
        if not keep_sweep:
            self._sweep = None

    # ------------------------------------------------------------------ the sweep
    def _sweepable(self) -> list[str]:
        if self.model is None:
            return []
        return [n for n, p in self.model.parameters.items() if math.isfinite(p.low) and math.isfinite(p.high)
                and p.low < p.high]

    @property
    def sweep_result(self) -> Any:
        """The sweep of :attr:`sweep_parameter` with the other parameters at their current values."""
        if self._sweep is None and self.sweep_parameter is not None:
            from bargain.analysis.sweep import sweep

            fixed = {k: v for k, v in self.values.items() if k != self.sweep_parameter}
            self._sweep = sweep(self.model, self.sweep_parameter, n=self.points, fixed=fixed)
        return self._sweep

    def sweep_png(self) -> bytes | None:
        """The sweep figure with the current value marked (PNG), or None without a sweep parameter."""
        if self.sweep_parameter is None:
            return None
        from bargain.plot import plot_sweep

        fig = plot_sweep(self.sweep_result, model=self.model)
        x = self.values[self.sweep_parameter]
        for ax in fig.axes:
            ax.axvline(x, color="crimson", linestyle="--", linewidth=1.4)
        fig.axes[0].annotate(f"now: {x:.4g}", (x, 1.0), xycoords=("data", "axes fraction"), color="crimson",
                             fontsize=8, ha="left", va="bottom")
        return _png(fig)

    def response_png(self) -> bytes | None:
        """The best-response (2x2) or simplex (2x3, 3x2) figure at the current values, else None."""
        from bargain.plot_responses import plot_responses

        fig = plot_responses(self.game, [eq.profile for eq in self.equilibria])
        return None if fig is None else _png(fig)

    # ------------------------------------------------------------------ display
    def static_html(self) -> str:
        """Everything the widgets show, as one static HTML page fragment (no front end needed)."""
        parts = ["<div class='bargain-explore'>"]
        if self.model is not None:
            parts.append(f"<h4>{_html.escape(getattr(self.model, 'title', '') or self.model.name)}</h4>")
            rows = "".join(f"<tr><td title='{_html.escape(_tooltip(p))}'>{_html.escape(n)}</td>"
                           f"<td style='text-align:right'>{self.values[n]:.6g}</td>"
                           f"<td>{_html.escape(p.unit)}</td><td>{_html.escape(p.meaning)}</td></tr>"
                           for n, p in self.model.parameters.items())
            parts.append(f"<table><thead><tr><th>parameter</th><th>value</th><th>unit</th><th>meaning</th></tr>"
                         f"</thead><tbody>{rows}</tbody></table>")
        parts.append(self.table_html)
        parts.append(_claims_html(self.claims))
        pngs = [self.response_png()]
        if self.auto_sweep:
            pngs.append(self.sweep_png())
        parts += [_img(p) for p in pngs if p is not None]
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.static_html()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        box = self.widget()
        data: dict[str, Any] = {"text/plain": repr(self), "text/html": self.static_html()}
        if box is not None:
            data.update(box._repr_mimebundle_(include=include, exclude=exclude) or {})
        return data

    def __repr__(self) -> str:
        name = self.model.name if self.model is not None else "game"
        return f"Explorer({name}; {len(self.equilibria)} equilibria at the current values)"

    # ------------------------------------------------------------------ widgets
    def widget(self) -> Any:
        """The ipywidgets box (built on first use), or None when ipywidgets is not installed."""
        if self._widgets is None:
            try:
                import ipywidgets  # noqa: F401
            except ImportError:
                return None
            self._build_widgets()
        return self._widgets["box"]

    def _build_widgets(self) -> None:
        import ipywidgets as w

        sliders = {}
        for n, p in (self.model.parameters.items() if self.model is not None else []):
            lo, hi = _slider_range(p)
            s = w.FloatSlider(value=self.values[n], min=lo, max=hi, step=(hi - lo) / 200 if hi > lo else 1.0,
                              description=n, tooltip=_tooltip(p), description_allow_html=False,
                              continuous_update=False, readout_format=".4g",
                              style={"description_width": "160px"}, layout=w.Layout(width="440px"))
            s.observe(self._on_slider, names="value")
            sliders[n] = s
        choose = w.Dropdown(options=self._sweepable(), value=self.sweep_parameter, description="sweep",
                            tooltip="the parameter swept in the lower right panel")
        choose.observe(self._on_sweep_choice, names="value")
        button = w.Button(description="update sweep", tooltip="recompute the sweep at the current values")
        button.on_click(lambda _: self._draw_sweep(force=True))
        table, claims = w.HTML(), w.HTML()
        response, sweep_out = w.Output(), w.Output()
        controls = [w.HTML("<b>parameters</b> (hover for unit and meaning)"), *sliders.values()]
        if self.model is not None:
            controls += [choose] + ([] if self.auto_sweep else [button])
        box = w.VBox([w.HBox([w.VBox(controls), w.VBox([table, claims])]), w.HBox([response, sweep_out])])
        self._widgets = {"box": box, "sliders": sliders, "table": table, "claims": claims, "response": response,
                         "sweep": sweep_out, "choose": choose}
        self._refresh_widgets()

    def _on_slider(self, change: dict[str, Any]) -> None:
        self.set(**{change["owner"].description: float(change["new"])})

    def _on_sweep_choice(self, change: dict[str, Any]) -> None:
        self.sweep_parameter = change["new"]
        self._sweep = None
        self._draw_sweep(force=True)

    def _refresh_widgets(self) -> None:
        wd = self._widgets
        wd["table"].value = self.table_html
        wd["claims"].value = _claims_html(self.claims)
        _show_png(wd["response"], self.response_png())
        self._draw_sweep(force=False)

    def _draw_sweep(self, force: bool) -> None:
        if self._widgets is not None and self.model is not None and (force or self.auto_sweep):
            _show_png(self._widgets["sweep"], self.sweep_png())


def _batch_shape(shape: tuple[int, ...]) -> bool:
    from bargain.solvers.batch import batch_supported

    return batch_supported(shape)


def _solve_point(model: Any, game: Game, values: dict[str, float]) -> Any:
    """The equilibria at one point: the batch engine where it applies, else :func:`bargain.solve`."""
    from bargain.solvers.batch import batch_supported, solve_batch
    from bargain.solvers.registry import solve
    from bargain.solvers.result import Equilibria, make_equilibrium

    if model is None or not batch_supported(game.shape):
        return solve(game)
    res = solve_batch(model.payoffs(**values)[None], n_players=game.n_players, players=game.players,
                      strategies=game.strategies)
    flt = game.to_float()
    eqs = [make_equilibrium(flt, prof, "batch") for prof in res.equilibria_at(0)]
    return Equilibria(flt, eqs, method="batch", complete=bool(res.complete[0]), notes=list(res.notes))


def _claims(model: Any, values: dict[str, float]) -> list[tuple[str, bool]]:
    """``(claim text, holds here)`` for each claim of the game's module; [] without claims support."""
    if model is None:
        return []
    try:
        from bargain.analysis.claims import Evidence, game_claims  # present once the claims work lands
    except ImportError:
        return []
    claims, tree = game_claims(model)
    evidence = Evidence(model, {k: np.asarray(v) for k, v in values.items()}, tree)
    return [(c.text, bool(np.all(c.predicate(evidence)))) for c in claims]


def _claims_html(claims: list[tuple[str, bool]]) -> str:
    if not claims:
        return ""
    items = "".join(f"<li style='color:{'#1a7f37' if ok else '#b42318'}'>{'holds' if ok else 'fails'}: "
                    f"{_html.escape(text)}</li>" for text, ok in claims)
    return f"<p><b>the source's claims at these values</b></p><ul>{items}</ul>"


def _tooltip(p: Any) -> str:
    unit = f" [{p.unit}]" if p.unit else ""
    return f"{p.name}{unit}: {p.meaning} (bounds {p.low:g} to {p.high:g}; default {p.default:g})"


def _slider_range(p: Any) -> tuple[float, float]:
    """The parameter's bounds, or a window of ten times the default's size around it where one is infinite."""
    span = 10.0 * max(1.0, abs(p.default))
    lo = p.low if math.isfinite(p.low) else p.default - span
    hi = p.high if math.isfinite(p.high) else p.default + span
    return float(lo), float(hi)


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    return buf.getvalue()


def _img(png: bytes) -> str:
    return f"<img src='data:image/png;base64,{base64.b64encode(png).decode()}'/>"


def _show_png(out: Any, png: bytes | None) -> None:
    """Put a PNG into an ``Output`` widget as its one display output (kept in the embedded widget state)."""
    out.outputs = () if png is None else ({"output_type": "display_data", "metadata": {},
                                           "data": {"image/png": base64.b64encode(png).decode(),
                                                    "text/plain": "<figure>"}},)
