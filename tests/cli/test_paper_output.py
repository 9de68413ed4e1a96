"""Output a theorist can paste into a paper: one row per threshold event, no noise, exact values,
booktabs LaTeX, reproducible JSON, consistent numbering.

The inspection game (``tests/fixtures/inspection.py``, Tsebelis 1989) is solved by hand: the
inspector inspects with probability gain / (gain + sanction) = 1/3 at the defaults, the violator
violates with probability cost / 5 = 2/5, the violator's payoff is 0 whatever the parameters, and
at cost = 5 the mixed equilibrium turns into (Violate, Skip).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli

INSPECTION = str(Path(__file__).resolve().parent.parent / "fixtures" / "inspection.py")
MIXED = "Violator:Violate+Comply | Inspector:Inspect+Skip"
PURE = "Violator:Violate | Inspector:Skip"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def ok(runner: CliRunner, *args: object) -> str:
    result = runner.invoke(cli, [str(a) for a in args] + ["--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def body_rows(text: str) -> list[str]:
    """Data lines of a text table (after the dashes, before the notes), continuation lines excluded."""
    lines = text.splitlines()
    start = next(k for k, ln in enumerate(lines) if set(ln.replace(" ", "")) == {"-"}) + 1
    return [ln for ln in lines[start:] if ln and not ln.startswith("note:") and not ln.startswith(" ")]


# ----------------------------------------------------------------- 1 thresholds are events
def test_inspection_thresholds_one_row_per_event_exact(runner):
    text = ok(runner, "thresholds", INSPECTION)
    rows = body_rows(text)
    assert len(rows) == 1 and rows[0].split()[:3] == ["cost", "5", "5"]          # one event, exact value
    assert MIXED in rows[0] and PURE in rows[0]
    assert "fold" not in text                                                     # no spurious fold row
    # the end-of-range artefacts are not rows, and are said to be dropped
    assert "cost = 0 is an end of the range" in text and "no threshold in range: sanction, gain" in text
    data = json.loads(ok(runner, "thresholds", INSPECTION, "-f", "json"))
    (ev,) = data["thresholds"]["cost"]["thresholds"]
    assert ev["exact"] == "5" and ev["disappears"] == [MIXED] and ev["appears"] == [PURE]
    assert ev["why"][0] == "P(Violator:Comply) reaches 0"                         # by hand: cost / 5 reaches 1
    assert data["thresholds"]["cost"]["exact_values"] == ["5"]


def test_thresholds_values_are_exact_fractions():
    m = bg.load_game(INSPECTION)
    values = bg.thresholds(m, "cost").values
    assert values == [Fraction(5)] and isinstance(values[0], Fraction)
    tri = bg.thresholds(bg.load_game("sanctions_triangle"), "taiwan_linkage").values
    assert tri == [Fraction(139, 75), Fraction(25, 6)]             # China's optics-lax indifference, by hand
    assert repr(tri) == "[139/75, 25/6]" and f"{tri[0]:.4f}" == "1.8533"


def test_exact_threshold_in_table_and_latex(runner):
    text = ok(runner, "thresholds", "sanctions_triangle", "--param", "taiwan_linkage")
    assert "139/75" in text and "25/6" in text and len(body_rows(text)) == 2
    latex = ok(runner, "thresholds", "sanctions_triangle", "--param", "taiwan_linkage", "-f", "latex")
    assert r"$\frac{139}{75}$" in latex and r"$\frac{25}{6}$" in latex
    rows = list(csv.reader(io.StringIO(ok(runner, "thresholds", "sanctions_triangle", "--param", "taiwan_linkage",
                                          "-f", "csv"))))
    assert rows[1][:2] == ["taiwan_linkage", "139/75"] and float(rows[1][2]) == 139 / 75


# ----------------------------------------------------------------- 2 noise floor in tornado
def test_tornado_default_outcome_varies_and_noise_is_not_ranked(runner):
    data = json.loads(ok(runner, "tornado", INSPECTION, "-f", "json"))
    # the violator's payoff is 0 whatever the parameters: not measured, and said so
    assert data["outcome"] != "payoff of Violator"
    assert any("payoff of Violator does not vary" in n for n in data["notes"])
    floor = data["noise_floor"]
    assert all(s > floor for s in data["swing"]) and data["swing"]
    assert set(data["negligible"]) | set(data["parameters"]) == {"sanction", "gain", "cost"}
    text = ok(runner, "tornado", INSPECTION, "-O", "payoff:Violator")
    # sanction, gain and cost leave it at 0: no rows; the note names them all, and where the equilibrium ends
    assert body_rows(text) == []
    assert ("3 parameter(s) move payoff of Violator by no more than the noise floor 2.0e-08 and are left out: "
            "sanction, gain, cost (the followed equilibrium exists only on [0, 5]); no parameter moves it more") in text
    assert text.count("left out") == 1 and "e-1" not in text


# ----------------------------------------------------------------- 3 clean numbers
def test_derivatives_and_payoffs_print_clean(runner):
    text = ok(runner, "sensitivity", INSPECTION, "-p", "cost")
    rates = text.split("How each equilibrium moves")[1]
    assert "e-1" not in rates and "-0 " not in rates and "nan" not in rates
    (u_violator,) = [ln.split() for ln in rates.splitlines() if "u(Violator)" in ln]
    assert u_violator[-2:] == ["0", "0"]                         # value 0, derivative 0, elasticity blank
    (p_violate,) = [ln.split() for ln in rates.splitlines() if "P(Violator:Violate)" in ln]
    assert p_violate[-3:] == ["0.4", "0.2", "1"]                 # cost/5, 1/5, elasticity 1 (by hand)


def test_json_keeps_floats_and_adds_the_shown_strings(runner):
    data = json.loads(ok(runner, "solve", INSPECTION, "-f", "json"))
    (eq,) = data["equilibria"]
    assert eq["profile"]["Inspector"]["Inspect"] == pytest.approx(1 / 3)          # the float, as computed
    assert eq["shown"]["profile"] == ["Violate 0.4, Comply 0.6", "Inspect 1/3, Skip 2/3"]
    assert eq["shown"]["payoffs"] == ["0", "-2"]


# ----------------------------------------------------------------- 4 LaTeX a journal accepts
def test_latex_booktabs_escaped_symbols_and_optional_float(runner):
    latex = ok(runner, "thresholds", INSPECTION, "-f", "latex")
    assert r"\toprule" in latex and r"\midrule" in latex and r"\bottomrule" in latex and r"\hline" not in latex
    body = "\n".join(ln for ln in latex.splitlines() if not ln.startswith("%"))
    assert "|" not in re.sub(r"\\textbar\{\}", "", body.split(r"\begin{tabular}")[1].split("}", 1)[1])
    assert r"$\mathit{cost}$" in latex and r"\begin{table}" not in latex
    wrapped = ok(runner, "solve", INSPECTION, "-f", "latex", "--caption", "Inspection & 50% off", "--label",
                 "tab:insp")
    assert wrapped.startswith("\\begin{table}[htbp]\n\\centering\n\\caption{Inspection \\& 50\\% off}\n"
                              "\\label{tab:insp}\n")
    assert r"$\frac{1}{3}$" in wrapped and wrapped.rstrip().endswith(r"\end{table}")
    assert r"\begin{table}" in ok(runner, "solve", INSPECTION, "-f", "latex", "--table")


# ----------------------------------------------------------------- 5 reproducible JSON
def test_json_carries_game_hash_all_values_method_version(runner, tmp_path):
    game = tmp_path / "insp.py"
    game.write_text(Path(INSPECTION).read_text())
    out = tmp_path / "r.json"
    ok(runner, "solve", game, "--set", "cost=3", "-f", "json", "-o", out)
    data = json.loads(out.read_text())
    prov = data["provenance"]
    assert data["values"] == {"sanction": 4, "gain": 2, "cost": "3"}              # every parameter, not just --set
    assert prov["game"]["sha256"] == hashlib.sha256(game.read_bytes()).hexdigest()
    assert prov["bargain"] == bg.__version__ and prov["method"] == "enumeration" and prov["set"] == ["cost"]
    assert prov["options"]["tol"] > 0 and "seed" in prov["options"]
    again = tmp_path / "again.json"
    ok(runner, "solve", "--from", out, "-f", "json", "-o", again)
    assert json.loads(again.read_text()) == data                                  # reproduced exactly
    for cmd in (["thresholds", game, "-p", "cost", "-n", "21"], ["tornado", game, "-n", "5"]):
        d = json.loads(ok(runner, *cmd, "-f", "json"))
        assert set(d["values"]) == {"sanction", "gain", "cost"} and d["provenance"]["game"]["sha256"]
    game.write_text(game.read_text() + "\n# edited\n")
    result = runner.invoke(cli, ["solve", "--from", str(out)])
    assert result.exit_code == 2 and "has changed since the result was written" in result.output


# ----------------------------------------------------------------- 6 numbering
def test_bargain_numbers_equilibria_like_solve(runner):
    text = ok(runner, "bargain", "linkage_bargain", "-d", "equilibrium")
    assert "equilibrium #1" in text and "#0" not in text
    assert "equilibrium #1" in ok(runner, "bargain", "linkage_bargain", "-d", "equilibrium:1")
    from bargain.analysis.bargaining import disagreement_point

    g = bg.Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert disagreement_point(g, "equilibrium:1").values == disagreement_point(g, index=0).values
    assert disagreement_point(g, "equilibrium:1").rule.startswith("equilibrium #1")
    result = runner.invoke(cli, ["bargain", "linkage_bargain", "-d", "equilibrium:0"])
    assert result.exit_code == 2 and "numbered from 1" in result.output


# ----------------------------------------------------------------- 7 README agrees with the tool
def test_readme_agrees_with_the_tool(tmp_path):
    from bargain.solvers.registry import available_solvers

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = {r[0].strip("` "): r for r in (ln.split("|")[1:-1] for ln in readme.splitlines()
                                           if ln.startswith("| `")) if len(r) == 5}
    solvers = available_solvers()
    assert {"enumeration", "polynomial", "lemke-howson", "lp", "qre", "pure"} <= set(table)
    for name, row in table.items():
        if name in solvers:                    # the methods table: its "exact" column is the registry's
            assert row[3].strip().startswith("no") is (not solvers[name].exact), (name, row)
    assert "exact_profile" in readme and "exact_payoffs" in readme
    assert 'load_game("game.nfg")' in readme
    path = tmp_path / "game.nfg"
    path.write_text('NFG 1 R "x" { "A" "B" } { 2 2 }\n1 1 0 0 0 0 1 1\n')
    assert bg.solve(bg.load_game(str(path)))[0].exact_profile is not None


# ----------------------------------------------------------------- pdflatex accepts the LaTeX
PDFLATEX = __import__("shutil").which("pdflatex")


def _compile(tmp_path, preamble: str, body: str) -> str:
    """Compile ``body`` (\\input of the commands' LaTeX) in a plain article with booktabs and longtable
    (and ``preamble``) by pdflatex; assert that it compiled; return its log."""
    import subprocess

    (tmp_path / "paper.tex").write_text("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs}\n"
                                        "\\usepackage{longtable}\n" + preamble + "\\begin{document}\n" + body
                                        + "\\end{document}\n")
    run = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    log = (tmp_path / "paper.log").read_text(errors="replace")
    assert run.returncode == 0, log[-3000:]
    return log


@pytest.mark.slow
@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
def test_pdflatex_compiles_solve_thresholds_tornado_stability(runner, tmp_path):
    """The LaTeX of four commands on a shipped game, \\input into a minimal article, compiles cleanly."""

    game = "buffer_state"
    parts = {
        "solve": ["solve", game, "--caption", "Equilibria of the buffer-state game", "--label", "tab:solve"],
        "thresholds": ["thresholds", game, "-p", "collapse_cost", "-p", "lifeline_value", "-n", "41", "--table"],
        "tornado": ["tornado", game, "-O", "payoff:China", "-n", "9"],
        "stability": ["stability", game],
    }
    for name, args in parts.items():
        (tmp_path / f"{name}.tex").write_text(ok(runner, *args, "-f", "latex"))
    log = _compile(tmp_path, "\\usepackage[margin=1.5cm,landscape]{geometry}\n",
                   "".join(f"\\section*{{{name}}}\n\\input{{{name}.tex}}\n" for name in parts))
    assert (tmp_path / "paper.pdf").read_bytes().startswith(b"%PDF")
    assert "Undefined control sequence" not in log and "Missing $ inserted" not in log


# ----------------------------------------------------------------- every shipped game: one row per event
def _support_sets(model, name, value):
    from bargain.solvers.result import support_of

    g = model.game(**{name: value})
    labels = []
    for eq in bg.solve(g):
        labels.append(" | ".join(f"{p}:{'+'.join(g.strategies[i][k] for k in sup)}"
                                 for i, (p, sup) in enumerate(zip(g.players, support_of(eq.profile), strict=True))))
    return sorted(labels)


def _spe_sets(model, name, value):
    """Every subgame-perfect path (moves in order, chance skipped) and every SPE move ``player@node:action``
    of the tree at ``value``, by single-tree backward induction (not the batched pass the thresholds use)."""
    paths, moves = set(), set()
    for eq in bg.subgame_perfect_equilibria(model.tree(**{name: value})):
        paths.add(", ".join(f"{s.mover}:{'/'.join(s.choices)}" for s in eq.path if s.mover != "chance"))
        moves |= {f"{h}:{eq.behaviour.action(h)}" for h in (i.label for i in model.reference_tree.infosets)}
    return paths, moves


@pytest.mark.slow
@pytest.mark.parametrize("game", ["sanctions_triangle", "buffer_state", "russia_channel", "linkage_bargain",
                                  "sequential_crisis", "regional"])
def test_shipped_game_thresholds_are_events_checked_by_solve(runner, game):
    """Every row is one event: distinct values per parameter, each a real change of bargain.solve's set
    on either side (an independent solver path: what disappears is there only below, what appears only
    above), and exact wherever it was found in closed form.  A tree's events are switches of its
    subgame-perfect equilibrium, checked the same way against bargain.subgame_perfect_equilibria (paths,
    or for a switch off the path the moves); buffer_state and russia_channel are trees whose reduced
    normal forms are small, and their Nash events (--concept nash) are checked against bargain.solve too."""
    model = bg.load_game(game)
    tree = hasattr(model, "tree")
    budget = "60" if game == "sanctions_triangle" else "0"          # exact expressions where not rational
    data = json.loads(ok(runner, "thresholds", game, "-f", "json", "--exact-budget", budget))["thresholds"]
    text = ok(runner, "thresholds", game, "--exact-budget", "0")
    if tree and game in ("buffer_state", "russia_channel"):
        _nash_events_checked_by_solve(runner, model, game)
    assert len(body_rows(text)) == sum(len(d["thresholds"]) for d in data.values())
    n_events = 0
    for name, d in data.items():
        values = [e["value"] for e in d["thresholds"]]
        assert values == sorted(values) and len(set(values)) == len(values), (name, values)
        lo, hi = model.parameters[name].bounds
        for ev in d["thresholds"]:
            n_events += 1
            assert ev["appears"] or ev["disappears"]
            assert lo < ev["value"] < hi                              # no bound artefacts
            v, delta = (Fraction(ev["exact"]) if ev["exact"] else ev["value"]), 1e-6 * (hi - lo)
            assert float(v) == ev["value"]
            if ev["method"] == "closed form":                         # affine and pure: proven exactly
                assert ev["exact"] is not None, (name, ev)
            if "expression" in ev:                                    # from the symbolic engine, where no Fraction
                import sympy as sp

                assert ev["exact"] is None and float(sp.sympify(ev["expression"])) == pytest.approx(ev["value"],
                                                                                                  rel=1e-9)
            if tree:
                (paths_b, moves_b), (paths_a, moves_a) = (_spe_sets(model, name, float(v) + d) for d in (-delta, delta))
                below, above = paths_b | moves_b, paths_a | moves_a
                assert ev["before"] == sorted(paths_b) and ev["after"] == sorted(paths_a), (name, v)
            else:
                below = _support_sets(model, name, float(v) - delta)
                above = _support_sets(model, name, float(v) + delta)
            assert below != above, (name, v)
            assert all(x in below and x not in above for x in ev["disappears"]), (name, v, below, above)
            assert all(x in above and x not in below for x in ev["appears"]), (name, v, below, above)
    assert n_events


def _nash_events_checked_by_solve(runner, model, game):
    """A tree's Nash thresholds (--concept nash): each event a change of bargain.solve's set on the reduced
    normal form."""
    data = json.loads(ok(runner, "thresholds", game, "--concept", "nash", "-f", "json", "--exact-budget", "0"))
    assert data["provenance"]["options"]["concept"] == "nash"
    for name, d in data["thresholds"].items():
        lo, hi = model.parameters[name].bounds
        for ev in d["thresholds"]:
            v, delta = (Fraction(ev["exact"]) if ev["exact"] else ev["value"]), 1e-6 * (hi - lo)
            below = _support_sets(model, name, float(v) - delta)
            above = _support_sets(model, name, float(v) + delta)
            assert all(x in below and x not in above for x in ev["disappears"]), (name, v, below, above)
            assert all(x in above and x not in below for x in ev["appears"]), (name, v, below, above)


@pytest.mark.parametrize(("game", "param", "exact"), [("sequential_crisis", "refugee_risk", ["25/288", "25/48"]),
                                                      ("regional", "breakout_hazard", ["19139/107750"])])
def test_tree_thresholds_follow_the_subgame_perfect_path(runner, game, param, exact):
    """A tree's thresholds are where its subgame-perfect moves switch, on the tree (its reduced normal
    form, 2 x 9 x 64 or 3 x 3 x 64 x 2, is not needed): a table, exit 0, exact values in every format."""
    text = ok(runner, "thresholds", game, "-p", param)
    assert text.startswith("Subgame-perfect thresholds of") and len(body_rows(text)) == len(exact)
    assert all(e in text for e in exact) and "(on the path)" in text
    data = json.loads(ok(runner, "thresholds", game, "-p", param, "-f", "json"))
    assert data["thresholds"][param]["exact_values"] == exact and data["thresholds"][param]["concept"] == \
        "subgame-perfect"
    assert data["provenance"]["method"] == "backward-induction"
    num, den = exact[0].split("/")
    assert rf"\frac{{{num}}}{{{den}}}" in ok(runner, "thresholds", game, "-p", param, "-f", "latex")
    rows = list(csv.reader(io.StringIO(ok(runner, "thresholds", game, "-p", param, "-f", "csv"))))
    assert [r[1] for r in rows[1:]] == exact


def test_sequential_crisis_nash_thresholds_refused_on_one_line(runner):
    """The tree's reduced normal form has 75 strategies, more than the batch solver's support codes hold
    (62): Nash thresholds (--concept nash) are refused with one clear line, not a traceback."""
    result = runner.invoke(cli, ["thresholds", "sequential_crisis", "-p", "refugee_risk", "-n", "5", "-q",
                                 "--concept", "nash"])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "62 strategies" in result.output


@pytest.mark.slow
@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
def test_long_tables_fit_a_plain_article(runner, tmp_path):
    """Behaviour paths (sequential_crisis's subgame-perfect path, buffer_state's tree equilibria) and a
    thresholds table with long support lists, \\input into the default article (no geometry package:
    the narrowest usual text width), leave no box more than 20pt too wide or too high (a table taller than
    a page is a longtable); paths are set with arrows."""

    parts = {
        "spe": ["solve", "sequential_crisis", "--spe"],
        "tree": ["solve", "buffer_state"],
        "thresholds": ["thresholds", "buffer_state", "-p", "lifeline_value", "-n", "41", "--exact-budget", "0"],
    }
    for name, args in parts.items():
        (tmp_path / f"{name}.tex").write_text(ok(runner, *args, "-f", "latex"))
    spe = (tmp_path / "spe.tex").read_text()
    assert r"$\to$" in spe and "textgreater" not in spe
    tree = (tmp_path / "tree.tex").read_text()
    assert r"\begin{longtable}" in tree and r"\endhead" in tree       # taller than a page: it breaks, header repeated
    log = _compile(tmp_path, "", "".join(f"\\begin{{center}}\\input{{{name}.tex}}\\end{{center}}\\clearpage\n"
                                         for name in parts))
    over = [float(x) for x in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log)]
    assert all(x <= 20 for x in over), over
    tall = [float(x) for x in re.findall(r"Overfull \\vbox \(([0-9.]+)pt too high\)", log)]
    assert all(x <= 20 for x in tall), tall                          # no table runs off the bottom of a page


# ----------------------------------------------------------------- tornado ranks no noise, on every shipped game
@pytest.mark.slow
@pytest.mark.parametrize("game", ["sanctions_triangle", "buffer_state", "russia_channel", "linkage_bargain",
                                  "will_or_capacity", "secondary_sanctions"])
def test_tornado_rows_all_move_the_outcome_and_the_rest_are_named(runner, game):
    """No row's swing is within the noise floor (on every shipped game with a normal form the batch solver
    takes; sequential_crisis's 75-strategy reduced form is left out for time); every parameter is either a
    row or named in the note that says it was left out, so nothing disappears silently."""
    model = bg.load_game(game)
    data = json.loads(ok(runner, "tornado", game, "-n", "5", "-f", "json"))
    floor = data["noise_floor"]
    assert data["parameters"] and all(sw > floor for sw in data["swing"]), list(zip(data["parameters"],
                                                                                   data["swing"], strict=True))
    varied = {n for n, p in model.parameters.items() if p.low < p.high}
    assert set(data["parameters"]) | set(data["negligible"]) == varied
    assert not set(data["parameters"]) & set(data["negligible"])
    text = ok(runner, "tornado", game, "-n", "5")
    if data["negligible"]:
        notes = " ".join(ln for ln in text.splitlines() if ln.startswith("note:") and "are left out:" in ln)
        assert all(re.search(rf"\b{p}\b", notes) for p in data["negligible"]), (data["negligible"], notes)
    assert len(body_rows(text)) == len(data["parameters"])
