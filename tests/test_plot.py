"""Figures: what they show (lines, thresholds, regions, labels) and how they are saved."""

from __future__ import annotations

import numpy as np
import pytest

import bargain as bg
from bargain.analysis.sweep import sweep
from bargain.analysis.thresholds import thresholds
from bargain.errors import GameError
from bargain.plot import plot_bargaining, plot_qre_path, plot_regimes, plot_sweep, plot_tornado, save_figure


def hawk_dove() -> bg.Model:
    cost = bg.Parameter("cost", 1.0, (0.0, 4.0), unit="utils", meaning="cost of fighting")

    def payoffs(p):
        return {("Hawk", "Hawk"): ((2 - p.cost) / 2, (2 - p.cost) / 2), ("Hawk", "Dove"): (2, 0),
                ("Dove", "Hawk"): (0, 2), ("Dove", "Dove"): (1, 1)}

    return bg.Model("hawk_dove", [cost], payoffs, players=("Row", "Column"),
                    strategies=(("Hawk", "Dove"), ("Hawk", "Dove")))


def coordination() -> bg.Model:
    a = bg.Parameter("a", 0.5, (-1, 1), unit="utils", meaning="row premium")
    b = bg.Parameter("b", 0.5, (-1, 1), unit="probability", meaning="column premium")

    def payoffs(p):
        return {("Up", "Left"): (p.a, p.b), ("Up", "Right"): (0, 0), ("Down", "Left"): (0, 0),
                ("Down", "Right"): (-p.a, -p.b)}

    return bg.Model("coord", [a, b], payoffs, players=("R", "C"), strategies=(("Up", "Down"), ("Left", "Right")))


def test_sweep_figure_shows_branches_thresholds_and_labels():
    m = hawk_dove()
    thr = thresholds(m, "cost", n=41)
    fig = plot_sweep(thr.sweep, thr, model=m)
    axes = fig.get_axes()
    assert len(axes) == 2                                     # one panel per player
    assert axes[-1].get_xlabel() == "cost (utils)"
    assert "hawk_dove" in fig._suptitle.get_text() and "cost" in fig._suptitle.get_text()
    # a dashed vertical line at the threshold cost = 2 in every panel
    for ax in axes:
        vlines = [ln for ln in ax.get_lines() if np.allclose(ln.get_xdata(), 2.0) and len(ln.get_xdata()) == 2]
        assert len(vlines) == 1
    # the mixed branch of Hawk-Dove: P(Hawk) = 2/cost for cost > 2
    data = [ln for ln in axes[0].get_lines() if ln.get_label() == "Hawk" or len(ln.get_xdata()) == 41]
    xs = thr.sweep.axes[0]
    mixed = [ln.get_ydata() for ln in data if np.nanmin(ln.get_ydata()) < 0.99 and np.nanmax(ln.get_ydata()) > 0.51]
    assert any(np.allclose(y[xs > 2.05], 2 / xs[xs > 2.05]) for y in mixed)
    assert axes[0].get_legend() is not None and fig.legends            # strategies, and branches
    pay = plot_sweep(thr.sweep, [2.0], model=m, what="payoffs")
    assert pay.get_axes()[0].get_ylabel() == "expected payoff (utils)"


def test_regime_map_colours_each_region():
    m = coordination()
    sw = sweep(m, ["a", "b"], n=(21, 21))
    fig = plot_regimes(sw, model=m)
    ax = fig.get_axes()[0]
    assert ax.get_xlabel() == "a (utils)" and ax.get_ylabel() == "b (probability)"
    mesh = ax.collections[0]
    codes = np.asarray(mesh.get_array()).reshape(21, 21).T        # back to (x, y)
    sig = sw.signatures()
    for code in np.unique(codes):
        assert len(set(sig[codes == code])) == 1                    # one colour, one equilibrium set
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(labels) == len(np.unique(sig)) and all("%" in t for t in labels)


@pytest.mark.parametrize("suffix,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_save_formats(tmp_path, suffix, magic):
    m = hawk_dove()
    fig = plot_sweep(sweep(m, "cost", n=11), model=m)
    path = tmp_path / f"f{suffix}"
    save_figure(fig, path)
    assert path.read_bytes().startswith(magic)


def test_bad_figure_requests(tmp_path):
    m = hawk_dove()
    fig = plot_sweep(sweep(m, "cost", n=11), model=m)
    with pytest.raises(GameError, match=r"ending in \.png, \.svg, \.pdf"):
        save_figure(fig, tmp_path / "f.gif")
    with pytest.raises(GameError, match="does not exist"):
        save_figure(fig, tmp_path / "missing" / "f.png")
    with pytest.raises(GameError, match="1-D sweep"):
        plot_sweep(sweep(coordination(), ["a", "b"], n=(3, 3)))
    with pytest.raises(GameError, match="2-D sweep"):
        plot_regimes(sweep(m, "cost", n=5))
    with pytest.raises(GameError, match="'probabilities' or 'payoffs'"):
        plot_sweep(sweep(m, "cost", n=5), what="both")


def test_bargaining_figure_marks_solutions():
    from bargain.analysis.bargaining import Polytope, bargain

    S = Polytope([[0, 0], [4, 0], [0, 2], [3, 1]], players=("US", "China"))
    sols = [bargain(S, "nash", disagreement=[0, 0]), bargain(S, "ks", disagreement=[0, 0])]
    fig = plot_bargaining(S, sols, disagreement=[0, 0], names=["nash", "ks"])
    ax = fig.get_axes()[0]
    assert ax.get_xlabel() == "payoff of US" and ax.get_ylabel() == "payoff of China"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("Nash: (") for t in labels) and any(t.startswith("Kalai-Smorodinsky: (") for t in labels)
    assert "disagreement point" in labels and "Pareto frontier" in labels and "ideal point" in labels
    offsets = [c.get_offsets() for c in ax.collections if len(c.get_offsets()) == 1]
    nash = np.array([float(x) for x in sols[0].payoffs])
    assert any(np.allclose(o[0], nash) for o in offsets)
    with pytest.raises(GameError, match="two-player"):
        plot_bargaining(Polytope([[0, 0, 0], [1, 1, 1]]), [])


def test_tornado_figure_orders_bars_by_swing():
    from bargain.analysis.tornado import tornado

    m = coordination()
    t = tornado(m, ("payoff", "R"), n=11, reduce="max")
    fig = plot_tornado(t, model=m)
    ax = fig.get_axes()[0]
    bars = sorted(ax.patches, key=lambda b: b.get_y())
    widths = [b.get_width() for b in bars]
    assert widths == sorted(widths)                          # largest swing on top
    assert [lab.get_text().split(" [")[0] for lab in ax.get_yticklabels()][::-1] == list(t.parameters)
    assert ax.get_xlabel() == t.outcome
    units = {lab.get_text().split(" [")[0]: lab.get_text().rsplit(" ", 1)[-1] for lab in ax.get_yticklabels()}
    assert units == {"a": "utils", "b": "probability"}


def test_qre_path_figure():
    from bargain.solvers.qre import qre_path

    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Col"),
                              strategies=(("Cooperate", "Defect"), ("Cooperate", "Defect")))
    path = qre_path(g.to_float())
    fig = plot_qre_path(path, name="Prisoner's Dilemma")
    axes = fig.get_axes()
    assert len(axes) == 2 and axes[-1].get_xscale() == "symlog"
    assert "Prisoner's Dilemma" in fig._suptitle.get_text()
    lines = {ln.get_label(): ln for ln in axes[0].get_lines()}
    assert np.allclose(lines["Defect"].get_xdata(), path.lam)
    assert lines["Defect"].get_ydata()[0] == pytest.approx(0.5) and lines["Defect"].get_ydata()[-1] > 0.999


def test_qre_path_figure_title_does_not_claim_nash_when_stopped_at_lambda_max():
    # regression: a path stopped by lambda_max (path.converged is True) was titled "converged to a Nash equilibrium"
    from bargain.solvers.qre import qre_path

    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    short = qre_path(g, lambda_max=0.5)
    assert short.converged and g.regret(short.final) > 0.1
    title = plot_qre_path(short)._suptitle.get_text()
    assert "Nash" not in title and "stopped at lambda = 0.5" in title
    assert "converged to a Nash equilibrium" in plot_qre_path(qre_path(g))._suptitle.get_text()
