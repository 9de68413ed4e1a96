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
        ("# Exercise 1", "V* = 161/75"),
        ("# Exercise 2", "China is pivotal for L in (9.5238, 14.4928)"),     # 4 / 0.42 and 4 / 0.276
    )),
    "03_buffer_state_and_collapse": Expected(1, (
        ("(spe,) = bg.subgame_perfect_equilibria(tree)", "China at root: Optics"),
        ("(spe,) = bg.subgame_perfect_equilibria(tree)", "DPRK at Squeeze/Holds: Restrain"),
        # V - r cut_s C = 3 - 0.2975 * 16 and gamma V - r cut_o C = 1.8 - 0.07 * 16
        ("china = {}", "{'Squeeze': -1.76, 'Optics': 0.68, 'Sustain': 0.0}"),
        ("rows = credibility(model)", "Optics | Restrain/Provoke/Provoke subgame perfect"),
        ("# Exercise 2", "rho* = 45/56"),
    )),
    "04_linkage_bargain": Expected(2, (
        ("game = model.game(exact=True)", "Pressure:1 Optics:1 -105861/12500 -426/125"),
        ("for a, s in", "arms 0, sanctions 1: China gains +0.560 by enforcing fully -> carries out 1.0"),
        ("r = bb.rubinstein(Fraction(9, 10), Fraction(9, 10))", "agreement P1=10/19, P2=9/19"),
        ("threat = bb.variable_threat(game)", "threat point: US=-105861/12500, China=-426/125"),
        ("# Exercise 3", "K_C* = 425/18"),
    )),
    "05_sequential_crisis": Expected(5, (
        ("spes = bg.subgame_perfect_equilibria(tree)", "US at root: Sanction -> China at Sanction: Optics"),
        ("hand = {", "{'Enforce': (-4.36, -4.36), 'Optics': (-3.408, -3.408), 'Lax': (-3.92, -3.92)}"),
        ("rows = credibility(model)", "32 pure Nash equilibria; 1 subgame perfect"),
        ("def path_value", "closed form beta* = 1.6584"),
    )),
    "06_uncertainty": Expected(2, (
        ("DEFAULT_SET = ", "Sanction:1 Optics:1 Test:1 -105861/12500 -426/125 -33217/31250"),
        # the claims check and the Monte Carlo run agree within sampling error (the notebook asserts it)
        ("report = check_claims", "claims check: 0.1825 ± 0.0086;"),
    )),
    "07_formulas": Expected(2, (
        # Tsebelis (1989): P(Designate) = B/(B+S), P(Lax) = beta/I, asserted in the notebook with sympy
        ("mixed = sol.find(", "matches the algebra"),
        # 25 V/144 - 125/288 at V = 3, and the numeric root-finder's value
        ("(rho_star,) = ", "closed form 25/288 = numeric 0.086805555556"),
        ("# Exercise 2", "V* = 269/50"),                 # 1/2 = 25 V/144 - 125/288 by hand
    )),
    "08_will_or_capacity": Expected(3, (
        # Bayes' rule on the semi-separating sender strategy gives the US's indifference belief
        ("pooling, semi = eqs.of_kind", "mu(Unable | Optics) = 110966/225681 = mu0*"),
        ("lax_pool = next(", "intuitive criterion: pass | D1: FAIL"),
        ("# Exercise 2", "S* = 1777/800"),
    )),
    "10_credible_threats": Expected(3, (
        ("a_star = path_value(", "A* = 96796/78125"),
        ("# Exercise 1", "A* at bank_blowback = 4: 253046/78125"),   # A* + 2: the blowback enters with weight one
        ("# Exercise 2", "tau* = 3069/1250"),
    )),
    "11_regional": Expected(1, (
        ("(spe,) = bg.subgame_perfect_equilibria(tree)", "path: US at root: Talk -> DPRK at Talk: Freeze"),
        # -W - (1 - pi)(I + H N_U) = -3 - 0.4 * 15 and -N_U; Seoul: -X - (1 - pi) H N_S and -H N_S
        ("hand = {", "'Strike if consented': (Fraction(-9, 1), Fraction(-9, 1))"),
        ("hand = {", "ROK: {'Consent': Fraction(-11, 1), 'Veto': Fraction(-5, 2)}"),
        ("# Exercise 1", "H* = 19139/107750"),
        ("# Exercise 2", "N_S* = 100/3"),            # X / (pi H) = 10 / 0.3
    )),
    "09_enforcement_cycles": Expected(1, (
        ("t = ec.thresholds()", "Always punish:1 Ease:1 -7.908 -3.92"),
        ("report = check_claims", "patience_would_help: defaults yes"),
        # eps = 0: g = 5/2 + 84/25 - (11/4)(3/5) = 421/100, u - n = 281/100, delta* = g / (g + (3/5)(u - n))
        ("# Exercise 1", "delta* = 2105/2948 = 0.7140"),
        ("# Exercise 2", "alpha* = 2.967"),
        ("# Exercise 3", "eps = 0.05: T = 19, 49% in punishment; eps = 0.1: T = 32, 76%"),
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


#: rounding noise a reader should never see: a float of magnitude 1e-15 to 1e-17 in exponent form
#: (``-2.66454e-16``), or a bare negative zero (``-0``, ``-0.0``) standing as a number of its own
_NOISE = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d*)?[eE]-1[5-7](?![\d])|(?<![\w.])-0(?:\.0*)?(?![\w.])")


def rounding_noise(text: str) -> list[str]:
    """The rounding noise in a notebook's text output (empty when it prints clean numbers)."""
    return [m.group(0) for m in _NOISE.finditer(text)]


def test_the_noise_check_can_fail():
    """Issue 21: ``-2.66454e-16`` and ``-0`` are noise; ordinary numbers, scores and exponents are not."""
    assert rounding_noise("payoff -2.66454e-16, 3.1e-17 and 1E-15; value -0 and -0.0 here") == \
        ["-2.66454e-16", "3.1e-17", "1E-15", "-0", "-0.0"]
    assert rounding_noise("tol 1e-09, 2.5e-150, x-0, score 1-0, -0.25, -05, [-0.5, 0], 1e-5") == []


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
    for cell in code:
        noise = rounding_noise(_printed(cell))
        assert not noise, f"{path.name}: a cell prints rounding noise {noise}:\n{cell.source[:200]}"


# -- one notation: every notebook declares its symbols, as notebooks/NOTATION.md defines them --------------------

NOTATION = Path(__file__).resolve().parent.parent / "notebooks" / "NOTATION.md"
_ROW = re.compile(r"^\|(.+)\|\s*$")
_SYMBOL = re.compile(r"\$([^$]+)\$")
#: a symbol in a formula, read left to right: a LaTeX command or one letter (``HN_S`` is ``H`` times
#: ``N_S``), with its subscript
_TOKEN = re.compile(r"(\\[A-Za-z]+|[A-Za-z])'*(_(?:\{[^}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))?")
#: LaTeX that is text, not symbols
_TEXT = re.compile(r"\\(?:text|mathrm|operatorname|mathbf|mathcal|mathit|textbf|begin|end)\{[^}]*\}")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _ROW.match(line).group(1).split("|")]


def notation() -> dict[str, tuple[str, str]]:
    """``{symbol: (parameter or '—', meaning)}`` from NOTATION.md's two tables (symbols without ``$``)."""
    out: dict[str, tuple[str, str]] = {}
    for line in NOTATION.read_text(encoding="utf-8").splitlines():
        if not _ROW.match(line) or line.startswith("|---") or line.startswith("| symbol"):
            continue
        cells = _cells(line)
        param, meaning = (cells[1], cells[3]) if len(cells) == 5 else ("—", cells[1])
        for sym in _SYMBOL.findall(cells[0]):
            out[sym] = (param, meaning)
    return out


def declared(nb: nbformat.NotebookNode) -> dict[str, tuple[str, str]]:
    """The Notation table of a notebook's first cell: ``{symbol: (parameter or '—', meaning)}``."""
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "**Notation**" in first.source, "the first cell names the symbols"
    lines = first.source[first.source.index("**Notation**"):].splitlines()
    rows = [line for line in lines if _ROW.match(line) and not line.startswith(("|---", "| symbol"))]
    out = {}
    for line in rows:
        syms, param, meaning = _cells(line)
        for sym in _SYMBOL.findall(syms):
            out[sym] = (param, meaning)
    return out


def _normal(token: str) -> str:
    return token.replace("{", "").replace("}", "")


def used_symbols(text: str, known: set[str]) -> set[str]:
    """The symbols of ``known`` that the formulas of ``text`` use (``V^*`` uses ``V``; ``u_{US}`` uses
    ``u_i``; ``\\sigma_{China}`` uses ``\\sigma_i``)."""
    generic = {k.split("_")[0]: k for k in known if k.endswith("_i")}
    bases = {k.split("^")[0]: k for k in known if "^" in k}          # x^*: x is any parameter
    out = set()
    for math in re.findall(r"\$\$(.+?)\$\$|\$([^$]+)\$", text, flags=re.S):
        body = _TEXT.sub(" ", math[0] or math[1])
        for head, sub in _TOKEN.findall(body):
            token = _normal(head + sub)
            if token in known:
                out.add(token)
            elif head in generic and sub:
                out.add(generic[head])
            elif head in known:
                out.add(head)
            elif head in bases and head not in known:
                out.add(bases[head])
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_declares_its_symbols_as_notation_defines_them(path):
    table = notation()
    nb = nbformat.read(path, as_version=4)
    mine = declared(nb)
    assert mine, f"{path.name} declares no symbols"
    for sym, (param, meaning) in mine.items():
        assert sym in table, f"{path.name} declares ${sym}$, which NOTATION.md does not define"
        assert (param, meaning) == table[sym], f"{path.name}: ${sym}$ is {param} ({meaning}) there, " \
            f"{table[sym][0]} ({table[sym][1]}) in NOTATION.md"
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    missing = used_symbols(text, set(table)) - set(mine)
    assert not missing, f"{path.name} uses {sorted(missing)} without declaring them in its first cell"


def test_notation_has_one_symbol_per_parameter():
    table = notation()
    params = [p for p, _ in table.values() if p != "—"]
    assert len(params) == len(set(params)), "a parameter has two symbols"
    assert len(params) > 20


def test_the_symbol_check_catches_an_undeclared_symbol():
    """The check can fail: a formula using rho and a starred V needs both declared; text does not count."""
    known = set(notation())
    assert used_symbols(r"where $\rho \ge V^* / 2$ and $\text{B}$, $u_{US}$", known) == {r"\rho", "V", "u_i"}
    assert used_symbols(r"$\beta_b > S_b$ but not $\theta_1$", known) == {r"\beta_b", "S_b"}
    assert used_symbols(r"$-X - (1-\pi)HN_S$ and $u_{\text{Squeeze}}$", known) == {"X", r"\pi", "H", "N_S", "u_i"}
    assert used_symbols(r"$$\begin{aligned} u'_{US} &= 2 \end{aligned}$$", known) == {"u_i"}
