"""Every seminar notebook in notebooks/ runs top to bottom (outputs are not stored in git), draws its
figures, and prints the results its story rests on.

A notebook whose cell raises already fails in ``NotebookClient.execute``; what this test adds is a
check of what the reader sees: for each notebook, its figures, and for a few cells the key numbers
and equilibria in their output, values worked out by hand (closed forms in the notebooks' own
derivations, the index theorem, Rubinstein's formula) or stated in the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


@dataclass(frozen=True)
class Expected:
    """``figures``: PNG images the notebook shows; ``outputs``: (text of a cell's source, text its
    output must contain), compared with runs of spaces collapsed to one."""

    figures: int
    outputs: tuple[tuple[str, str], ...]


EXPECTED = {
    "01_quickstart": Expected(1, (
        # p = 1/3 makes China indifferent (2p = 1 - p); q = 1/2 makes the US indifferent (4(1-q) = 3q + 1 - q)
        ("eqs = bg.solve(game)\nprint(eqs.table())", "Press:1/3 Engage:2/3 Enforce:1/2 Lax:1/2"),
        ('print("matches the algebra")', "matches the algebra"),
        ('bargain_cli("solve", "buffer_state", "--set", "refugee_rsk=0.8")',
         "error: --set 'refugee_rsk=0.8': no parameter 'refugee_rsk' (did you mean 'refugee_risk'"),
        ("# Exercise 1", "P2=(3/8, 5/8)"),
    )),
    "02_why_china_wont_help": Expected(6, (
        ("game = model.game(exact=True)", "Sanction:1 Optics:1 Test:1 -212/25 -427/125 248/125"),
        # half of China's Optics-vs-Lax margin, 0.264 = 33/125
        ("report = stability(game, eq)", "strict, regular, index +1, asymptotically stable, radius 0.132"),
        ("torn_f = tornado", "['russia_substitution', 'illicit_leakage', 'lifeline_value', 'deterrent_value']"),
        ("# Exercise 1", "r* = 25/168"),
        ("# Exercise 3", "Enforce:3/28 Optics:25/28"),
    )),
    "03_buffer_state_and_collapse": Expected(4, (
        ("eqs = bg.solve(game)", "Sustain:1 Provoke:1"),
        # R* = (V - b s) / (r cut) - B = 1.8 / 0.126 - 6 = 58/7
        ("closed form R*", "closed form R* = 8.2857142857; bargain: 8.2857142857"),
        ("sum of indices", "sum of indices: 1"),          # the index theorem
    )),
    "04_linkage_bargain": Expected(5, (
        ("game = model.game(exact=True)", "Pressure:1 Optics:1 -299/50 -427/125"),
        ("solutions = {name: bb.bargain(S, name, d)", "Nash solution: US=-23967/5900, China=-20283/9250"),
        ("solutions = {name: bb.bargain(S, name, d)", "20283/21830 x Grand bargain/Enforce"),
        ("r = bb.rubinstein(Fraction(9, 10), Fraction(9, 10))", "agreement P1=10/19, P2=9/19"),
        ("threat = bb.variable_threat(game)", "Nash variable-threat solution: US=-8127/1930, China=-411/200"),
        ("threat = bb.variable_threat(game)", "threat point: US=-32/5, China=-92/25"),
    )),
    "05_sequential_crisis": Expected(7, (
        ("spes = bg.subgame_perfect_equilibria(tree)", "US at root: Sanction -> China at Sanction: Optics"),
        ("rows = pure_nash_report(tree)", "12 pure Nash equilibria"),
        ("v_star = gain / delta_w", "V* = 18.571429"),                     # 0.6 / 0.021 - 10 = 130/7
        ("at_switch = ", "2 SPE at V*: ['Optics', 'Lax']"),
    )),
    "06_uncertainty": Expected(5, (
        ("DEFAULT_SET = ", "Sanction:1 Optics:1 Test:1 -212/25 -427/125 248/125"),
        ("for j in rng.choice(wide.n_samples, 40", "40 draws re-solved with bg.solve"),
        # Freeze is strictly dominated whenever D > L (1 - rho)(1 - lambda): 4 > 3.36
        ("# Exercise 2", "P(North Korea may freeze) = 0.0"),
    )),
}


def _squash(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)


def _printed(cell: nbformat.NotebookNode) -> str:
    """Everything a code cell shows as text: its streams and the plain-text form of its results."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "text/plain" in out.get("data", {}):
            parts.append(out.data["text/plain"])
    return "".join(parts)


def _figures(nb: nbformat.NotebookNode) -> int:
    return sum("image/png" in out.get("data", {}) for c in nb.cells if c.cell_type == "code" for out in c.outputs)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 1
    assert {p.stem for p in NOTEBOOKS} == set(EXPECTED), "every notebook needs its expected outputs listed here"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_shows_its_results(path, monkeypatch):
    # the kernel's default (inline) backend, as a reader's Jupyter has it: figures become PNG outputs
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert not cell.get("outputs"), f"{path.name} is stored with outputs; clear them before committing"
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    expected = EXPECTED[path.stem]
    shown = _figures(nb)
    assert shown == expected.figures, f"{path.name} shows {shown} figures, not {expected.figures}"
    for marker, text in expected.outputs:
        cell = next((c for c in code if marker in c.source), None)
        assert cell is not None, f"{path.name}: no cell contains {marker!r}"
        assert _squash(text) in _squash(_printed(cell)), f"{path.name}: the cell with {marker!r} printed\n" \
            + _printed(cell)
