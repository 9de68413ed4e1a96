"""Tornado ranking and regime maps on games with known comparative statics."""

from __future__ import annotations

import numpy as np
import pytest

from bargain.analysis.regimes import regimes
from bargain.analysis.tornado import tornado
from bargain.errors import GameError
from tests.examples import affine_model, coercion_game, inspection_game


def test_tornado_inspection_by_hand():
    m = inspection_game()
    t = tornado(m, ("Target", "Violate"), n=21)
    # P(Violate) = cost / harm: it moves with cost and harm only (Tsebelis: not with the penalty)
    assert t.parameters[:2] == ("cost", "harm")
    k = t.parameters.index("cost")
    assert t.at_low[k] == pytest.approx(0.1 / 4.0) and t.at_high[k] == pytest.approx(3.0 / 4.0)
    assert t.swing[k] == pytest.approx(2.9 / 4.0)
    h = t.parameters.index("harm")
    assert t.minimum[h] == pytest.approx(1 / 10) and t.maximum[h] == pytest.approx(1 / 3.5)
    # penalty and gain do not move it: below the noise floor, left out of the ranking and named
    assert t.parameters == ("cost", "harm") and t.negligible == ("penalty", "gain")
    assert any("left out: penalty, gain" in n for n in t.notes)
    assert t.base == pytest.approx(0.25)
    t2 = tornado(m, ("Inspector", "Inspect"), n=21)
    assert set(t2.parameters[:2]) == {"penalty", "gain"}   # gain / (gain + penalty)
    assert "tornado of P(Inspector plays Inspect)" in t2.table()
    assert t2.to_dict()["parameters"][0] in {"penalty", "gain"}


def test_tornado_tracked_branch_ends_and_reducers():
    m = coercion_game()
    t = tornado(m, ("Target", "Concede"), reduce="tracked", equilibrium=0, parameters=["expectation"], n=51)
    # the base point's first equilibrium (in sorted order) is followed until it vanishes at expectation = 2;
    # P(Concede) = 1 all along it, a flat bar: left out, and the note says where the equilibrium exists
    assert t.parameters == () and t.dropped == ("expectation",)
    assert "expectation (the followed equilibrium exists only on [0, 2])" in t.notes[0]
    moving = tornado(m, ("payoff", "Target"), reduce="tracked", equilibrium=0, parameters=["expectation"], n=51)
    lo, hi = moving.ends[0]                  # the target's payoff -stake (1 + expectation) moves along it
    assert moving.values[0][0] == lo < hi == pytest.approx(2.0)
    tmax = tornado(m, ("Target", "Concede"), reduce="max", parameters=["expectation"], n=51)
    # the coercive equilibrium (Target concedes) exists for expectation < 2
    curve = tmax.curves[0]
    grid = tmax.values[0]
    assert np.all(curve[grid < 1.99] == 1.0) and np.all(curve[grid > 2.01] == 0.0)
    tmin = tornado(m, ("payoff", "Sender"), reduce="min", n=11)
    assert np.all(np.diff(tmin.swing) <= 1e-12)         # sorted by swing


def test_tornado_progress_bar_counts_points_and_changes_nothing(capsys, monkeypatch):
    import tqdm.auto

    class Instant(tqdm.auto.tqdm):          # shows at once, whatever TQDM_DELAY was when tqdm was imported
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "delay": 0, "disable": False})

    monkeypatch.setattr(tqdm.auto, "tqdm", Instant)
    m = inspection_game()
    quiet = tornado(m, ("Target", "Violate"), n=21)
    assert capsys.readouterr().err == ""                   # no bar unless asked
    loud = tornado(m, ("Target", "Violate"), n=21, progress=True)
    err = capsys.readouterr()
    total = sum(len(np.union1d(np.linspace(*prm.bounds, 21), [prm.default]))   # every grid point of every
                for prm in m.parameters.values())                            # parameter, negligible ones too
    assert f"tornado {m.name}" in err.err and f"/{total}" in err.err and err.out == ""
    assert loud.to_dict() == quiet.to_dict()


def test_tornado_bad_input():
    m = inspection_game()
    with pytest.raises(GameError, match="reduce"):
        tornado(m, ("Target", "Violate"), reduce="median")
    with pytest.raises(GameError, match="no parameter"):
        tornado(m, ("Target", "Violate"), parameters=["penaltyy"])
    with pytest.raises(GameError, match="unknown player"):
        tornado(m, ("Targett", "Violate"))
    with pytest.raises(GameError, match="equilibrium=3"):
        tornado(m, ("Target", "Violate"), equilibrium=3)


def test_regimes_coercion_boundary_is_the_line():
    m = coercion_game()
    r = regimes(m, "expectation", "sanction", n=(41, 37))
    assert r.labels.shape == (41, 37) and len(r.names) == r.area.size
    assert r.area.sum() == pytest.approx(1.0)
    coercive = [k for k, name in enumerate(r.names) if "Sender:Threaten | Target:Concede" in name]
    e = r.x_values[:, None]
    s = r.y_values[None, :]
    inside = np.isin(r.labels, coercive)
    # off the line s = 1 + e (stake 1), the coercive equilibrium exists exactly below it
    away = np.abs(s - (1 + e)) > 1e-6
    assert np.array_equal(inside[away], (s > 1 + e)[away])
    assert r.region_at(0.5, 5.0) == r.names[r.labels[np.argmin(np.abs(r.x_values - 0.5)),
                                                      np.argmin(np.abs(r.y_values - 5.0))]]
    assert "regimes of coercion" in r.table() and r.to_dict()["x"] == "expectation"


def test_regimes_random_model_labels_match_signatures():
    m = affine_model((3, 3, 2), n_params=2, seed=3)
    r = regimes(m, "t0", "t1", n=15)
    sig = r.sweep.signatures()
    for k, name in enumerate(r.names):
        assert np.all(sig[r.labels == k] == name)
    assert np.all(np.diff(r.area) <= 0)



def test_tornado_drops_flat_bars_itself_even_where_the_equilibrium_ends():
    """The violator's payoff in the mixed inspection equilibrium is 0 whatever the parameters (Tsebelis
    1989); along cost the mixed equilibrium ends at cost = 5 (the inspector's harm), inside the range.
    The library's result has no flat bar, and every parameter left out is named, with where the
    equilibrium ends (before, only the command line dropped that bar)."""
    from pathlib import Path

    import bargain as bg

    m = bg.load_game(str(Path(__file__).resolve().parents[1] / "fixtures" / "inspection.py"))
    t = tornado(m, ("payoff", "Violator"), n=21)
    assert t.parameters == () and not len(t.swing)
    assert set(t.dropped) == set(t.negligible) == {"sanction", "gain", "cost"}
    (note,) = [n for n in t.notes if "left out" in n]
    assert "cost (the followed equilibrium exists only on [0, 5])" in note and note.endswith("moves it more")
    kept = tornado(m, ("Violator", "Violate"), n=21)          # P(Violate) = cost / 5: only the flat ones go
    assert kept.parameters == ("cost",) and all(sw > kept.noise_floor for sw in kept.swing)
    assert set(kept.dropped) == {"sanction", "gain"}
