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
    assert supports.count_supports(sf, 1000) == admissible         # counted once: known
    fresh = sequence_form(read_efg(DATA / "2x2x2.efg"))             # another tree: counted again, within the budget
    assert supports.count_supports(fresh, 1000) is None
    assert fresh not in supports._ADMISSIBLE


def _enumerated(sf, **kw):
    return [(s, m.tolist()) for s, m in supports.behaviour_supports(sf, **kw)]


@pytest.mark.parametrize("name", ["2x2x2.efg", "e08.efg", "2s2x2x2.efg", "g3.efg"])
def test_counted_supports_are_the_search_s_own(name: str) -> None:
    """After a count, the enumeration replays the counted supports: the same supports and reached nodes
    in the same order as a fresh search, with and without a filter; the replayed masks are copies."""
    counted = sequence_form(read_efg(DATA / name))
    assert supports.count_supports(counted, 1000) is not None and counted in supports._ADMISSIBLE
    searched = sequence_form(read_efg(DATA / name))
    assert searched not in supports._ADMISSIBLE
    assert _enumerated(counted) == _enumerated(searched)

    def admit(support, reached):  # any deterministic filter of complete supports
        return sum(len(a) for a in support) % 2 == 0

    assert _enumerated(counted, admit=admit) == _enumerated(searched, admit=admit)
    assert _enumerated(counted, prune=False) == _enumerated(searched, prune=False)
    _, mask = next(iter(supports.behaviour_supports(counted)))
    mask[:] = ~mask
    assert _enumerated(counted) == _enumerated(searched)


def test_a_tree_builds_its_sequence_form_once() -> None:
    tree = read_efg(DATA / "2x2x2.efg")
    sf = sequence_form(tree)
    assert sequence_form(tree) is sf
    assert not sf.leaf_weight.flags.writeable and not sf.infoset_first.flags.writeable
