"""Sweeps: batch payoffs, all equilibria per point, branch tracking, against per-point solves."""

from __future__ import annotations

import numpy as np
import pytest

from bargain import solve
from bargain.analysis.sweep import sweep
from bargain.errors import GameError
from bargain.testing import assert_equilibria_equal
from tests.examples import affine_model, battle_of_sexes, chicken, inspection_game


def test_inspection_sweep_known_values():
    s = sweep(inspection_game(), "penalty", n=21)
    assert s.n_branches == 1 and s.result.count.tolist() == [1] * 21
    # Tsebelis: the target's violation probability does not move with the penalty ...
    assert np.allclose(s.probability("Target", "Violate")[0], 0.25, atol=1e-12)
    # ... only the inspection probability does: gain / (gain + penalty)
    pen = s.axes[0]
    assert np.allclose(s.probability("Inspector", "Inspect")[0], 1.0 / (1.0 + pen), atol=1e-12)


def test_chicken_branches():
    s = sweep(chicken(), "crash", values=np.linspace(1.2, 5.0, 39))
    assert s.result.count.tolist() == [3] * 39
    assert s.n_branches == 3           # two pure branches and the mixed one, as continuous lines
    mixed = [b for b, lab in enumerate(s.branch_labels()) if "+" in lab]
    assert len(mixed) == 1
    assert np.allclose(s.probability("Column", "Straight")[mixed[0]], 1.0 / s.axes[0], atol=1e-12)


def test_bos_two_dimensional_grid_and_shapes():
    s = sweep(battle_of_sexes(), {"a": np.linspace(1.5, 4.0, 6)})
    assert s.tracks is not None and s.values.shape == (6,)
    m = affine_model((2, 2), n_params=2, seed=4)
    s2 = sweep(m, ("t0", "t1"), n=(7, 5))
    assert s2.result.count.shape == (7, 5) and s2.grid_shape == (7, 5) and s2.tracks is None
    assert s2.values.shape == (7, 5, 2)
    labels = s2.signatures()
    assert labels.shape == (7, 5) and all(isinstance(x, str) for x in labels.ravel())
    d = s2.to_dict()
    assert d["parameters"] == ["t0", "t1"] and len(d["axes"][1]) == 5


@pytest.mark.parametrize("shape, seed", [((3, 3), 1), ((2, 2, 2), 2), ((3, 3, 2), 3), ((2, 3, 2), 5)])
def test_sweep_equals_per_point_solve(shape, seed):
    """At every point of a sweep, the same equilibrium set as bargain.solve on model.game."""
    m = affine_model(shape, n_params=2, seed=seed)
    s = sweep(m, "t0", n=12, fixed={"t1": 0.3})
    for i, t in enumerate(s.axes[0]):
        ref = solve(m.game(t0=t, t1=0.3), exact=False)
        assert ref.complete, ref.method          # a complete reference, so set equality is the right check
        assert_equilibria_equal(s.result.equilibria_at(i), ref, tol=1e-7, game=ref.game)


@pytest.mark.parametrize("name, parameter", [("russia_channel", "china_enforcement"), ("buffer_state", "refugee_risk"),
                                             ("buffer_state", "collapse_cost")])
def test_structurally_degenerate_shipped_games_sweep_in_batch(name, parameter):
    """Every point of these games is degenerate (ties from the tree's reduced normal form): the batch
    method enumerates the extreme equilibria itself, and they are bargain.solve's at every point."""
    import bargain as bg

    m = bg.load_game(name)
    s = sweep(m, parameter, n=41)
    assert s.result.continuum.all() and not s.result.fallback.any()
    for i, v in enumerate(s.axes[0]):
        ref = solve(m.game(**{parameter: v}), exact=False)
        assert ref.complete, ref.method
        assert_equilibria_equal(s.result.equilibria_at(i), ref, tol=1e-7, game=ref.game)
        assert s.result.continuum[i] == any(not c.is_isolated for c in ref.components)


def _split(game, flat):
    return tuple(np.split(flat, np.cumsum(game.shape)[:-1]))


def test_tracks_are_continuous():
    m = affine_model((3, 3, 2), n_params=1, seed=1)
    s = sweep(m, "t0", n=200)
    for b in range(s.n_branches):
        tr = s.tracks[b]
        alive = ~np.isnan(tr[:, 0])
        idx = np.flatnonzero(alive)
        # a branch is alive on one interval of the grid, and it moves by small steps
        assert np.all(np.diff(idx) == 1)
        assert np.all(np.abs(np.diff(tr[idx], axis=0)).max(axis=1) <= 0.25)
    # the branches alive at a point are, one to one, the equilibria bargain.solve finds there
    for i in range(0, 200, 5):
        g = m.game(t0=s.axes[0][i])
        alive = [_split(g, s.tracks[b, i]) for b in range(s.n_branches) if not np.isnan(s.tracks[b, i, 0])]
        assert_equilibria_equal(alive, solve(g, exact=False), tol=1e-7, game=g)


def test_bad_requests():
    m = inspection_game()
    with pytest.raises(GameError, match=r"no parameter 'penalti'.*did you mean 'penalty'"):
        sweep(m, "penalti")
    with pytest.raises(GameError, match="outside its bounds"):
        sweep(m, "penalty", values=[0.0, 1.0])
    with pytest.raises(GameError, match="both swept and fixed"):
        sweep(m, "penalty", fixed={"penalty": 1.0})
    with pytest.raises(GameError, match="one or two"):
        sweep(m, ("penalty", "cost", "harm"))
    with pytest.raises(GameError, match="at least 2"):
        sweep(m, "penalty", n=1)
    with pytest.raises(GameError, match="unknown player"):
        sweep(m, "penalty", n=3).probability("Inspektor", "Inspect")


def test_progress_bar_and_unsupported_shape(capsys):
    # a 3x3x4 game (no player with two strategies, not 3x3x3) is outside the batch method: every point goes to the
    # full solver
    m = affine_model((3, 3, 4), n_params=1, seed=0)
    s = sweep(m, "t0", n=4, progress=True)
    assert s.result.fallback.all() and s.result.count.shape == (4,)
    for i, t in enumerate(s.axes[0]):
        ref = solve(m.game(t0=t), exact=False)
        assert s.result.count[i] == len(ref)
    assert "sweep affine" in capsys.readouterr().err


def _optics_model():
    """US (Press, Ease) vs China (Optics, Lax); China mixes Optics 1/(1 + credit), Lax the rest.

    By hand: the US is indifferent when ``credit * q = 1 - q`` (``q`` = P(Optics)), so
    ``q = 1 / (1 + credit)``; China is indifferent when the US presses with probability 1/2.  At
    ``credit = 0`` the branch ends on China's pure Optics (a degenerate point with a continuum).
    """
    from bargain.model.parameters import Model, Parameter

    params = [Parameter("credit", 1.0, (0.0, 2.0), unit="utils", meaning="US value of pressing an Optics China")]

    def payoffs(p):
        return {("Press", "Optics"): (p.credit, 0), ("Press", "Lax"): (0, 1),
                ("Ease", "Optics"): (0, 1), ("Ease", "Lax"): (1, 0)}

    return Model("optics", params, payoffs, players=("US", "China"), strategies=(("Press", "Ease"), ("Optics", "Lax")))


def test_branches_are_labelled_by_their_interior_support():
    """China mixes Optics and Lax on (0, 2]; the branch starts on its degenerate end point, pure Optics."""
    s = sweep(_optics_model(), "credit", n=21)
    xs = s.axes[0]
    main = int(np.argmax([hi - lo for lo, hi in s.branch_extent()]))
    assert s.branch_extent()[main] == (0.0, 2.0)
    q = s.probability("China", "Optics")[main]
    assert q[0] == pytest.approx(1.0) and np.allclose(q[1:], 1.0 / (1.0 + xs[1:]), atol=1e-12)
    assert s.branch_labels()[main] == "US:Press+Ease | China:Optics+Lax"


def test_sensitivity_plot_legend_names_the_interior_support():
    from bargain.plot import plot_sweep

    s = sweep(_optics_model(), "credit", n=21)
    fig = plot_sweep(s)
    texts = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert "US:Press+Ease | China:Optics+Lax" in texts
    assert "US:Press+Ease | China:Optics" not in texts
