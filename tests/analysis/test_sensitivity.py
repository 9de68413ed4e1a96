"""The sensitivity facade: every result is a plain dataclass whose to_dict() is JSON."""

from __future__ import annotations

import json

import numpy as np

import bargain as bg
from bargain.analysis import sensitivity as sens
from tests.examples import coercion_game


def test_every_result_serialises_to_json():
    m = coercion_game()
    eq = bg.solve(m.game())[0]
    results = [
        sens.sweep(m, "expectation", n=11),
        sens.sweep(m, ("expectation", "sanction"), n=5),
        sens.thresholds(m, "expectation", n=21),
        sens.tornado(m, ("Target", "Concede"), n=5),
        sens.regimes(m, "expectation", "sanction", n=5),
        sens.monte_carlo(m, 50, progress=False, workers=1),
        sens.derivatives(m, eq),
        sens.solve_batch(m.payoffs(expectation=np.linspace(0, 5, 4)), n_players=2),
    ]
    for r in results:
        back = json.loads(json.dumps(r.to_dict()))
        assert isinstance(back, dict) and back
    assert set(sens.__all__) >= {"sweep", "thresholds", "derivatives", "tornado", "regimes", "monte_carlo"}
