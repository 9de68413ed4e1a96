"""Renderers (table, JSON, CSV, LaTeX) and atomic file output."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from fractions import Fraction

import numpy as np
import pytest

from bargain.errors import GameError
from bargain.io.files import atomic_write, check_writable, read_text
from bargain.io.render import Mixture, Report, Table, latex_escape, render, to_jsonable

T = Table(["name", "value", "share"], [["a_b", Fraction(1, 3), 0.123456789], ["c & d", 2, None]],
          title="Title", notes=["a note"])
R = Report({"x": Fraction(2, 3), "y": np.float64(1.5), "z": np.arange(3), "w": float("inf")}, [T], ["pre"])


def test_table_aligns_numbers_right_and_shows_notes():
    text = render(R, "table")
    lines = text.splitlines()
    assert lines[0] == "pre" and lines[2] == "Title"
    assert "1/3" in text and "0.123457" in text and "note: a note" in text
    header, _rule, row1, row2 = lines[3:7]
    assert row1.index("1/3") + 3 == row2.index("2") + 1 == header.index("value") + 5
    assert render(R, "table", digits=3).count("0.123") == 1


def test_json_is_valid_and_exact():
    data = json.loads(render(R, "json"))
    assert data == {"x": "2/3", "y": 1.5, "z": [0, 1, 2], "w": "inf"}
    assert to_jsonable({"a": (np.int64(2), np.bool_(True))}) == {"a": [2, True]}


def test_csv_parses_back_with_full_precision():
    rows = list(csv.reader(io.StringIO(render(R, "csv"))))
    assert rows[0] == ["name", "value", "share"]
    assert rows[1] == ["a_b", "1/3", "0.123456789"]
    assert rows[2] == ["c & d", "2", ""]
    two = render(Report({}, [T, Table(["k"], [[1]], title="Second")]), "csv")
    assert "# Title" in two and "# Second" in two


def test_latex_is_a_complete_tabular():
    text = render(R, "latex")
    assert text.startswith("% Title\n\\begin{tabular}{lrr}")
    assert r"a\_b & $\frac{1}{3}$ & $0.123457$ \\" in text
    assert r"c \& d & $2$ &  \\" in text
    assert text.rstrip().endswith("% note: a note")
    assert text.count("\\begin{tabular}") == text.count("\\end{tabular}") == 1
    assert latex_escape("50% of $x_1 #2 {a} ~^\\") == (r"50\% of \$x\_1 \#2 \{a\} "
                                                      r"\textasciitilde{}\textasciicircum{}\textbackslash{}")
    neg = render(Report({}, [Table(["v"], [[Fraction(-3, 4)], [1.5e-12]])]), "latex")
    assert r"$-\frac{3}{4}$" in neg and r"$1.5 \times 10^{-12}$" in neg


def test_unknown_format():
    with pytest.raises(GameError, match="did you mean 'json'"):
        render(R, "jsn")


def test_atomic_write_replaces_whole_file(tmp_path):
    p = tmp_path / "out.txt"
    atomic_write(p, "first")
    atomic_write(p, "second")
    assert read_text(p) == "second"
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]     # no temporary files left behind
    atomic_write(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"


def test_unwritable_outputs(tmp_path):
    with pytest.raises(GameError, match="does not exist"):
        atomic_write(tmp_path / "no" / "x.txt", "x")
    with pytest.raises(GameError, match="is a directory"):
        check_writable(tmp_path)
    if os.geteuid() != 0:   # root ignores permissions
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        with pytest.raises(GameError, match="not writable"):
            atomic_write(ro / "x.txt", "x")
    assert not (tmp_path / "no").exists()


def test_failed_write_leaves_nothing(tmp_path, monkeypatch):
    p = tmp_path / "out.txt"
    p.write_text("old")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(GameError, match="disk is full"):
        atomic_write(p, "new")
    assert p.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]


def test_nonfinite_cells():
    t = render(Report({}, [Table(["v"], [[math.nan], [-math.inf]])]), "table")
    assert "nan" in t and "-inf" in t


def test_mixture_cells():
    mix = Mixture((("Hawk", Fraction(2, 3)), ("Dove", Fraction(1, 3))))
    pure = Mixture((("Hawk", Fraction(1)),))
    flt = Mixture((("Up", 0.25), ("Down", 0.75)))
    rep = Report({}, [Table(["a", "b", "c"], [[mix, pure, flt]])])
    assert "Hawk 2/3, Dove 1/3  Hawk  Up 0.25, Down 0.75" in render(rep, "table")
    assert r"Hawk $\frac{2}{3}$, Dove $\frac{1}{3}$ & Hawk & Up $0.25$, Down $0.75$ \\" in render(rep, "latex")
    rows = list(csv.reader(io.StringIO(render(Report({}, [Table(["m"], [[Mixture((("x", 1 / 3), ("y", 2 / 3)))]])]),
                                              "csv"))))
    assert rows[1] == ["x 1/3, y 2/3"]          # recognised fractions print as the exact ones do


def test_latex_rows_have_one_cell_per_column():
    import re

    t = Table(["a & b", "50%", "x_1"], [["p & q", 1.5, "#1"], ["{r}", Fraction(1, 3), None]], title="T")
    text = render(Report({}, [t]), "latex")
    rows = [ln for ln in text.splitlines() if ln.endswith(r"\\")]
    assert len(rows) == 3
    for ln in rows:
        assert len(re.findall(r"(?<!\\)&", ln)) == 2                 # unescaped separators only
    assert text.count("{") == text.count("}")


def test_latex_long_text_columns_wrap():
    t = Table(["name", "meaning", "source"], [["x", "a " * 40, "b " * 50], ["y", "short", "c"]])
    text = render(Report({}, [t]), "latex")
    spec = re.search(r"\\begin\{tabular\}\{(.*)\}", text).group(1)
    shares = [float(x) for x in re.findall(r"p\{([0-9.]+)\\linewidth\}", spec)]
    assert spec.startswith("l") and len(shares) == 2                 # the two long columns wrap, the short one not
    assert sum(shares) < 1 and shares[1] >= shares[0]                  # together they leave room for the rest


def test_latex_narrow_table_keeps_natural_widths_and_normal_type():
    text = render(Report({}, [Table(["a", "b"], [["x", 1.5]])]), "latex")
    assert r"\begin{tabular}{lr}" in text and r"\small" not in text and "tabcolsep" not in text


def test_latex_path_arrows_are_math_arrows():
    t = Table(["#", "path of play"], [[1, "US: Sanction -> China: Optics -> DPRK: Test"]])
    text = render(Report({}, [t]), "latex")
    assert r"US: Sanction $\to$ China: Optics $\to$ DPRK: Test" in text and "textgreater" not in text
    assert "->" in render(Report({}, [t]), "table")                   # plain text keeps the ASCII arrow
