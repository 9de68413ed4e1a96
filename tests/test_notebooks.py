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
    "02_why_china_wont_help": Expected(4, (
        ("game = model.game(exact=True)", "Sanction:1 Optics:1 Test:1 -105861/12500 -426/125 -33217/31250"),
        # China's margins against US sanctions, by hand in the notebook: -0.952 and 0.512
        ("china = game.exact_payoffs[1]", "Enforce - Optics: -119/125 Optics - Lax: 64/125"),
        # half of China's Optics-vs-Lax margin
        ("report = stability(game, eq)", "strict, regular, index +1, asymptotically stable, radius 0.256"),
        ("# Exercise 1", "C* = 161/75"),
        ("# Exercise 2", "China is pivotal for L in (9.5238, 14.4928)"),     # 4 / 0.42 and 4 / 0.276
    )),
    "03_buffer_state_and_collapse": Expected(1, (
        ("(spe,) = bg.subgame_perfect_equilibria(tree)", "China at root: Optics"),
        ("(spe,) = bg.subgame_perfect_equilibria(tree)", "DPRK at Squeeze/Holds: Restrain"),
        # V - r cut_s C = 3 - 0.2975 * 16 and gamma V - r cut_o C = 1.8 - 0.07 * 16
        ("china = {}", "{'Squeeze': -1.76, 'Optics': 0.68, 'Sustain': 0.0}"),
        ("rows = credibility(model)", "Optics | Restrain/Provoke/Provoke subgame perfect"),
        ("# Exercise 2", "r* = 45/56"),
    )),
    "04_linkage_bargain": Expected(2, (
        ("game = model.game(exact=True)", "Pressure:1 Optics:1 -105861/12500 -426/125"),
        ("for a, s in", "arms 0, sanctions 1: China gains +0.560 by enforcing fully -> carries out 1.0"),
        ("r = bb.rubinstein(Fraction(9, 10), Fraction(9, 10))", "agreement P1=10/19, P2=9/19"),
        ("threat = bb.variable_threat(game)", "threat point: US=-105861/12500, China=-426/125"),
        ("# Exercise 3", "C* = 425/18"),
    )),
    "05_sequential_crisis": Expected(5, (
        ("spes = bg.subgame_perfect_equilibria(tree)", "US at root: Sanction -> China at Sanction: Optics"),
        ("hand = {", "{'Enforce': (-4.36, -4.36), 'Optics': (-3.408, -3.408), 'Lax': (-3.92, -3.92)}"),
        ("rows = credibility(model)", "32 pure Nash equilibria; 1 subgame perfect"),
        ("def path_value", "closed form b* = 1.6584"),
    )),
    "06_uncertainty": Expected(2, (
        ("DEFAULT_SET = ", "Sanction:1 Optics:1 Test:1 -105861/12500 -426/125 -33217/31250"),
        # the claims check and the Monte Carlo run agree within sampling error (the notebook asserts it)
        ("report = check_claims", "claims check: 0.1825 ± 0.0086;"),
    )),
    "11_regional": Expected(1, (
        ("(spe,) = bg.subgame_perfect_equilibria(tree)", "path: US at root: Talk -> DPRK at Talk: Freeze"),
        # -W - (1 - pi)(I + H N_U) = -3 - 0.4 * 15 and -N_U; Seoul: -X - (1 - pi) H N_S and -H N_S
        ("hand = {", "'Strike if consented': (Fraction(-9, 1), Fraction(-9, 1))"),
        ("hand = {", "ROK: {'Consent': Fraction(-11, 1), 'Veto': Fraction(-5, 2)}"),
        ("# Exercise 1", "H* = 19139/107750"),
        ("# Exercise 2", "N_S* = 100/3"),            # X / (pi H) = 10 / 0.3
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
