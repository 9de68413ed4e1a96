"""will_or_capacity (a signalling game, 9x8 ex-ante normal form): every numeric threshold in closed form.

The symbolic support solver refuses the game (too many support profiles); its thresholds are closed
from the extreme equilibria on either side instead (:mod:`bargain.analysis.symbolic.vertex_thresholds`).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import bargain as bg
from bargain.analysis.symbolic.vertex_thresholds import MATCH, locate_events, vertex_threshold_formulas
from bargain.analysis.symbolic.vertices import ParametricPayoffs, VertexRegimes
from bargain.analysis.thresholds import thresholds
from bargain.cli import cli

pytestmark = pytest.mark.slow


MODEL = bg.load_game("will_or_capacity")
PARAMETERS = list(MODEL.parameters)


@pytest.fixture(scope="module")
def payoffs():
    return ParametricPayoffs(MODEL)


@pytest.mark.parametrize("name", PARAMETERS)
def test_every_threshold_has_its_closed_form(name, payoffs):
    """Each event ``thresholds`` reports with a value is matched to 1e-12 (relative to max(1, |value|)): capture =
    7566/471901, collapse_cost and border_trade at quadratic surds included, which the root finder missed by 2e-12
    to 1e-11 while it followed the equilibrium with unpolished Newton solutions.  Each "not located" event has
    exactly one exact root in its bracket where the numeric sets change (the brackets that repeated a located
    change, and the one near prior_unable = 1 where only the solver's tolerance changed the sets, are no
    longer reported)."""
    events = list(thresholds(MODEL, name))
    vr = VertexRegimes(MODEL, name, payoffs=payoffs)
    for le in locate_events(MODEL, name, events, regimes=vr):
        if le.located:
            assert le.formula is not None, f"{name} = {le.event.value!r}: {le.reason}"
            scale = max(1.0, abs(le.event.value))
            assert le.offset == abs(le.formula.value - le.event.value)
            assert le.offset <= MATCH * scale, le.reason
            continue
        lo, hi = le.event.bracket
        assert le.formula is not None, le.reason
        assert le.candidates == 1
        assert lo < le.formula.value < hi


def test_prior_unable_thresholds_match_the_game_module(payoffs):
    """The game module's mu_try (110966/225681) is the first closed form along the prior."""
    found, notes = vertex_threshold_formulas(MODEL, "prior_unable")
    assert str(found[0].expression) == "110966/225681"
    assert not notes


def test_cli_prints_the_thresholds_as_formulas():
    result = CliRunner().invoke(cli, ["thresholds", "will_or_capacity", "--param", "capture", "--symbolic",
                                      "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    exact = {t["exact"] for t in data["thresholds"]}
    assert "7566/471901" in exact
    assert all(t["parameter"] == "capture" for t in data["thresholds"])
