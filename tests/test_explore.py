"""bargain.explore driven through its Python API, as a seminar leader's sliders would drive it."""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.io.display import report
from bargain.testing import assert_equilibria_equal
from tests.examples import inspection_game


def _rows(eqs) -> list[str]:
    """The table rows as a reader sees them (order-free: the batch engine sorts its own way)."""
    from bargain.io.render import format_cell

    return sorted("|".join(format_cell(x) for x in row[1:]) for row in report(eqs).tables[0].rows)


@pytest.mark.parametrize("values", [{"penalty": 4.0}, {"penalty": 0.5, "gain": 3.0}, {"harm": 9.0, "cost": 2.5}])
def test_moving_a_slider_gives_the_table_bg_solve_gives(values):
    model = inspection_game()
    ex = bg.explore(model)
    before = ex.table_html
    ex.set(**values)
    ref = bg.solve(model.game(**{**model.defaults, **values}))
    assert_equilibria_equal(ex.equilibria, ref, tol=1e-9, game=ref.game)
    assert _rows(ex.equilibria) == _rows(ref)
    # Tsebelis (1989), by hand: P(inspect) = gain / (gain + penalty), P(violate) = cost / harm
    from fractions import Fraction

    from bargain.io.display import render_number

    p = {k: Fraction(str(v)) for k, v in {**model.defaults, **values}.items()}
    assert f"Inspect {render_number(p['gain'] / (p['gain'] + p['penalty']))}" in ex.table_html
    assert f"Violate {render_number(p['cost'] / p['harm'])}" in ex.table_html
    assert ex.table_html != before


def test_a_shipped_game_through_the_widgets():
    pytest.importorskip("ipywidgets")
    model = bg.load_game("russia_channel")
    ex = bg.explore(model)
    box = ex.widget()
    name = ex.sweep_parameter
    prm = model.parameter(name)
    slider = ex._widgets["sliders"][name]
    assert (slider.min, slider.max) == prm.bounds and prm.meaning in slider.tooltip
    slider.value = prm.low                       # as a student drags it: the observer recomputes
    assert ex.values[name] == prm.low
    ref = bg.solve(model.game(**ex.values))
    assert _rows(ex.equilibria) == _rows(ref)
    assert ex._widgets["table"].value == ex.table_html
    assert ex._widgets["sweep"].outputs
    assert not ex._widgets["response"].outputs   # 4x2 (DPRK's plans x Russia): no square or simplex to draw
    assert "application/vnd.jupyter.widget-view+json" in ex._repr_mimebundle_()
    assert box is ex.widget()


def test_a_two_by_two_game_gets_its_best_response_figure_in_the_widgets():
    pytest.importorskip("ipywidgets")
    ex = bg.explore(inspection_game())
    ex.widget()
    assert ex._widgets["response"].outputs and ex._widgets["sweep"].outputs
    outputs = ex._widgets["response"].outputs
    ex._widgets["sliders"]["penalty"].value = 0.5          # the figure is redrawn at the new values
    assert ex._widgets["response"].outputs and ex._widgets["response"].outputs != outputs


def test_static_display_without_widgets(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    ex = bg.explore(inspection_game(), sweep="penalty", points=11)
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert "<table" in bundle["text/html"] and "data:image/png;base64" in bundle["text/html"]
    assert ex.sweep_result.axes[0].size == 11


def test_sweep_marker_moves_without_a_new_sweep():
    ex = bg.explore(inspection_game(), sweep="penalty", points=11)
    s = ex.sweep_result
    ex.set(penalty=3.0)
    assert ex.sweep_result is s                   # the swept parameter moved: same sweep, marker moves
    ex.set(gain=2.0)
    assert ex.sweep_result is not s and ex.sweep_result.fixed["gain"] == 2.0


def test_best_response_square_marks_the_crossing():
    """2x2 inspection game: the two best-response lines cross at the mixed equilibrium only."""
    from bargain.plot_responses import _response_line, plot_responses

    g = inspection_game().game()
    eq = bg.solve(g)[0]
    assert plot_responses(g, [eq.profile]) is not None
    assert plot_responses(bg.load_game("sanctions_triangle").game()) is None
    # advantage -1 at t = 0 and +2 at t = 1: switches at t = 1/3
    line = _response_line(-1.0, 2.0)
    assert line[1][0] == pytest.approx(1 / 3) and line[0][1] == 0.0 and line[-1][1] == 1.0


def test_bad_input_is_one_clear_error():
    ex = bg.explore(inspection_game())
    with pytest.raises(bg.GameError, match="penalty"):
        ex.set(penalty=100.0)
    with pytest.raises(bg.GameError, match="no parameter 'penaltyy'"):
        ex.set(penaltyy=1.0)
    with pytest.raises(bg.GameError, match="cannot sweep"):
        bg.explore(inspection_game(), sweep="nope")
    with pytest.raises(bg.GameError, match="explore"):
        bg.explore(42)


def _moves(model, name: str) -> list[float]:
    """Slider positions of the sweep parameter: a quarter and the midpoint of its range, and its lower
    bound (an end point, where the games are often degenerate and the full solver answers)."""
    lo, hi = model.parameter(name).bounds
    return [lo + (hi - lo) / 4, (lo + hi) / 2, lo]


#: shipped games whose three moves and reference solves take over 4 s on a loaded machine
_SLOW_GAMES = {"regional", "secondary_sanctions"}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in _SLOW_GAMES else n
                                  for n in bg.list_games()])
def test_every_shipped_game_moves_to_the_equilibria_bg_solve_gives(name):
    """Issue 21: for every shipped game, moving the sweep slider gives the set ``bg.solve`` gives there."""
    model = bg.load_game(name)
    ex = bg.explore(model)
    prm = model.parameter(ex.sweep_parameter)
    for x in _moves(model, prm.name):
        ex.set(**{prm.name: x})
        ref = bg.solve(model.game(**{**model.defaults, prm.name: x}))
        assert len(ex.equilibria) >= 1
        assert_equilibria_equal(ex.equilibria, ref, tol=1e-7, game=ref.game)
        assert _rows(ex.equilibria) == _rows(ref)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["buffer_state", "linkage_bargain", "russia_channel", "sanctions_triangle",
                                  "sequential_crisis"])
def test_every_shipped_game_explores(name):
    model = bg.load_game(name)
    ex = bg.explore(model)
    prm = model.parameter(ex.sweep_parameter)
    ex.set(**{prm.name: float(np.mean(prm.bounds))})
    assert len(ex.equilibria) >= 1 and "<table" in ex.static_html()
