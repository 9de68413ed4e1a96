"""Degenerate supports of exact games: their polytopes of mixtures are exact (issue 16: e09).

Oracle: Gambit's contrib tree ``e09.efg`` (binary voting without recall; Gambit refuses it), whose
payoffs are the integers 1 to 3: every vertex of a polytope of mixtures is rational with a small
denominator, so no listed probability may be a tolerance-sized number.
"""

from __future__ import annotations

from pathlib import Path

import bargain as bg
from bargain.io import load_game

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit_trees"


def test_e09_sets_carry_no_tolerance_artefact() -> None:
    res = bg.solve(load_game(DATA / "e09.efg"))
    assert "e-0" not in " ".join(res.continuum_lines())
    for c in res.continua:
        for e in c.samples:
            assert all(v == 0 or v > 1e-6 for x in e.profile for v in x)
