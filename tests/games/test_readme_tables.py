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
