"""The README's game tables are produced by the code: the block between the markers is exactly what
``python -m bargain.analysis.claims --markdown`` prints, and the shares the text quotes are in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bargain.analysis.claims_markdown import BEGIN, END, readme_tables

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.slow
def test_the_readme_game_tables_are_generated_by_the_code():
    text = README.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    block = text[text.index(BEGIN) + len(BEGIN) + 1:text.index(END)]
    generated = readme_tables()
    assert block == generated, "README game tables are stale: paste `python -m bargain.analysis.claims --markdown`"
    # the shares the prose quotes come from the generated claims table
    prose = text[text.index("**The model finds the article's headline fragile.**"):text.index(BEGIN)]
    for share in re.findall(r"\b0\.\d\d\b", prose):
        assert f"| {share} ± " in generated, f"the README quotes {share}, which no claim's robustness gives"


def test_a_tree_row_gives_the_order_of_moves_after_each_first_move():
    """regional's movers differ by the US's first move (ROK answers only a strike), so the table says
    so per move; sequential_crisis has one order of movers."""
    import bargain as bg
    from bargain.analysis.claims_markdown import _timing

    regional = _timing(bg.load_game("regional").reference_tree)
    assert regional.startswith("a tree: **US** moves first; then ")
    assert "after Strike, **ROK** → **DPRK**" in regional and "after Talk, **DPRK**;" in regional
    assert _timing(bg.load_game("sequential_crisis").reference_tree) == "a tree: **US** → **China** → **DPRK**"
