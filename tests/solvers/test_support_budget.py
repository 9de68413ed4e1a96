"""Counting behaviour supports for ``auto`` stops after a bounded search (Gambit's chain-store tree
``cs.efg`` has an exponential number of supports, nearly all rejected by dominance: counting them
to the end took minutes before ``auto`` could say the tree is too large)."""

from __future__ import annotations

from pathlib import Path

import pytest

import bargain.solvers.tree_polynomial.supports as supports
from bargain.io.efg import read_efg
from bargain.solvers.sequence_form import sequence_form

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit_trees"


def test_search_budget_stops_the_enumeration() -> None:
    sf = sequence_form(read_efg(DATA / "2x2x2.efg"))
    everything = list(supports.behaviour_supports(sf, prune=False))
    assert len(everything) > 3
    with pytest.raises(supports.SupportBudgetError):
        list(supports.behaviour_supports(sf, prune=False, budget=3))
    assert len(list(supports.behaviour_supports(sf, prune=False, budget=len(everything)))) == len(everything)


def test_count_gives_up_when_the_search_outgrows_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    sf = sequence_form(read_efg(DATA / "2x2x2.efg"))
    admissible = supports.count_supports(sf, 1000)
    assert admissible == len(list(supports.behaviour_supports(sf)))
    monkeypatch.setattr(supports, "COUNT_BUDGET_FACTOR", 0)
    assert supports.count_supports(sf, 1000) is None
