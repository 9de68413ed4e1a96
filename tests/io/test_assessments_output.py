"""Assessments in every output format: the table, JSON and a LaTeX tabular that pdflatex compiles."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

import bargain as bg
from bargain.model.extensive import Decision, Terminal


def horse() -> bg.ExtensiveGame:
    return bg.ExtensiveGame(
        Decision("1", {"C": Decision("2", {"c": Terminal(1, 1, 1),
                                           "d": Decision("3", {"L": Terminal(4, 4, 0), "R": Terminal(1, 1, 1)},
                                                         infoset="I3")}),
                       "D": Decision("3", {"L": Terminal(3, 3, 2), "R": Terminal(0, 0, 0)}, infoset="I3")}),
        players=("1", "2", "3"), title="Selten's horse")


@pytest.fixture(scope="module")
def res():
    return bg.sequential_equilibria(horse())


def test_table_and_json_carry_beliefs_and_verdicts(res):
    text = bg.render_assessments(res, "table")
    assert "3 sequential equilibria of Selten's horse" in text
    assert "I3: C/d=" in text and "(C/d in [2/3, 1])" in text       # the admissible range off the path
    assert "no: at 2@C" in text                                      # the rejected (D, c, L)
    data = json.loads(bg.render_assessments(res, "json"))
    assert len(data["equilibria"]) == 3 and len(data["rejected"]) == 3
    assert all("beliefs" in e and "belief_sets" in e for e in data["equilibria"])


def test_latex_has_the_assessments(res):
    tex = bg.render_assessments(res, "latex")
    assert tex.count(r"\begin{tabular}") == 1 and r"\toprule" in tex and r"\bottomrule" in tex     # booktabs
    plain = tex.replace(r"\allowbreak{}", "")                            # break points of paragraph cells
    assert "I3: C/d=" in plain and "no: at 2@C" in plain


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles(res, tmp_path):
    perfect = bg.sequential_equilibria(horse(), refinement="perfect")
    entry = bg.ExtensiveGame(Decision("E", {"Out": Terminal(0, 2), "In": Decision("I", {"Fight": Terminal(-1, -1),
                                                                                          "Acc": Terminal(1, 1)})}),
                             players=("E", "I"))
    qp = bg.sequential_equilibria(entry, refinement="quasi-perfect")     # its notes hold ε and σ
    body = "\n".join(bg.render_assessments(r, "latex") for r in (res, perfect, qp))
    doc = tmp_path / "a.tex"
    doc.write_text("\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n"
                   "\\usepackage{booktabs}\n\\usepackage{longtable}\n"
                   "\\begin{document}\n" + body + "\n\\end{document}\n", encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", doc.name], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "a.pdf").stat().st_size > 1000
