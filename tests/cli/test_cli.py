"""The command line: every command through CliRunner, bad input, and the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli
from bargain.io.efg import read_efg
from bargain.io.jsonfmt import format_json_game
from bargain.io.nfg import format_nfg, read_nfg

HAWK_DOVE = '''
from bargain import Model, Parameter

cost = Parameter("cost", 1.0, (0.0, 4.0), unit="utils", meaning="cost of fighting",
                 source="Osborne (2004), Example 18.1")


def payoffs(p):
    return {("Hawk", "Hawk"): ((2 - p.cost) / 2, (2 - p.cost) / 2), ("Hawk", "Dove"): (2, 0),
            ("Dove", "Hawk"): (0, 2), ("Dove", "Dove"): (1, 1)}


model = Model("hawk_dove", [cost], payoffs, players=("Row", "Column"),
              strategies=(("Hawk", "Dove"), ("Hawk", "Dove")), title="Hawk-Dove",
              description="Two animals contest a prize of 2.")
'''


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def hawk(tmp_path) -> str:
    path = tmp_path / "hawk_dove.py"
    path.write_text(HAWK_DOVE)
    return str(path)


@pytest.fixture
def bos_nfg(tmp_path) -> str:
    g = bg.Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("Her", "Him"),
                              strategies=(("Opera", "Football"), ("Opera", "Football")))
    path = tmp_path / "bos.nfg"
    path.write_text(format_nfg(g, "Battle of the Sexes"))
    return str(path)


def run(runner, *args):
    result = runner.invoke(cli, [str(a) for a in args])
    return result


def ok(runner, *args) -> str:
    result = run(runner, *args)
    assert result.exit_code == 0, (result.output, result.stderr if hasattr(result, "stderr") else "")
    return result.stdout


def bad(runner, *args, match: str) -> str:
    result = run(runner, *args)
    assert result.exit_code == 2, result.output
    err = result.stderr
    assert err.startswith("error: ") and err.count("\n") == 1, err     # one line, no traceback
    assert "Traceback" not in result.output
    assert match in err, err
    assert result.stdout == ""
    return err


# ----------------------------------------------------------------- help, version, completion
def test_help_and_version(runner):
    out = ok(runner, "--help")
    for cmd in ("list", "show", "solve", "convert", "completion"):
        assert cmd in out
    assert ok(runner, "--version").startswith("bargain ")
    assert "Usage" in run(runner).stdout          # no arguments prints the help


def test_completion_scripts(runner):
    for shell in ("bash", "zsh", "fish"):
        assert "_BARGAIN_COMPLETE" in ok(runner, "completion", shell)


def test_shell_completion_of_games_and_parameters(hawk, monkeypatch):
    from click.shell_completion import ShellComplete

    comp = ShellComplete(cli, {}, "bargain", "_BARGAIN_COMPLETE")
    names = [c.value for c in comp.get_completions(["solve"], "")]
    assert set(bg.list_games()) <= set(names)
    # the shell passes the whole command line in COMP_WORDS (bash, zsh and fish alike)
    monkeypatch.setenv("COMP_WORDS", f"bargain solve --method enumeration {hawk} --set c")
    params = [c.value for c in comp.get_completions(["solve", "--method", "enumeration", hawk, "--set"], "c")]
    assert params == ["cost="]


# ----------------------------------------------------------------- list / show
def test_list(runner):
    data = json.loads(ok(runner, "list", "-f", "json"))
    assert [d["name"] for d in data] == bg.list_games()
    text = ok(runner, "list")
    for name in bg.list_games():
        assert name in text


def test_show_model(runner, hawk):
    text = ok(runner, "show", hawk, "--set", "cost=3")
    assert "cost of fighting" in text and "Osborne (2004)" in text
    assert "-0.5, -0.5" in text             # payoff table at cost = 3
    data = json.loads(ok(runner, "show", hawk, "--set", "cost=3", "-f", "json"))
    assert data["values"] == {"cost": "3"}
    assert data["parameters"][0]["low"] == 0 and data["parameters"][0]["high"] == 4
    assert data["payoffs"][0][0][0] == -0.5
    exact = json.loads(ok(runner, "show", hawk, "--set", "cost=1/3", "--exact", "-f", "json"))
    assert exact["payoffs"][0][0][0] == "5/6"


def test_show_file(runner, bos_nfg):
    text = ok(runner, "show", bos_nfg)
    assert "Battle of the Sexes" in text and "Her \\ Him" in text and "2, 1" in text


@pytest.mark.parametrize("name", bg.list_games())
def test_show_and_solve_every_shipped_game(runner, name):
    data = json.loads(ok(runner, "show", name, "-f", "json"))
    assert data["parameters"] and all(p["meaning"] for p in data["parameters"])
    sol = json.loads(ok(runner, "solve", name, "-f", "json", "--no-stability"))
    model = bg.load_game(name)
    from bargain.solvers.sequence_form.methods import choose_tree_method

    tree = model.tree() if hasattr(model, "tree") else None
    # the CLI solves a tree in the sequence form where that applies (two players), else its normal form
    on_tree = tree is not None and choose_tree_method(tree)[0] != "normal-form"
    ref = bg.solve(tree) if on_tree else bg.solve(model.game())
    assert len(sol["equilibria"]) == len(ref) and sol["method"] == ref.method


@pytest.mark.parametrize("name", bg.list_games())
def test_shipped_games_convert_to_files_gambit_reads(runner, name, tmp_path):
    gbt = pytest.importorskip("pygambit")
    path = tmp_path / f"{name}.nfg"
    ok(runner, "convert", name, path, "--outcomes")
    g = read_nfg(path)
    model = bg.load_game(name)
    assert np.allclose(g.payoffs, model.game().payoffs, rtol=0, atol=1e-12)
    gg = gbt.read_nfg(str(path))
    assert [p.label for p in gg.players] == list(model.players)
    for prof in gg.contingencies:
        outcome = gg[prof]
        for i, p in enumerate(gg.players):
            assert Fraction(str(outcome[p])) == g.exact_payoffs[(i, *prof)]
    if hasattr(model, "tree"):                    # a tree model: its tree goes to .efg, which Gambit reads too
        efg = tmp_path / f"{name}.efg"
        ok(runner, "convert", name, efg)
        tree = model.tree()
        gt = gbt.read_efg(str(efg))
        assert len(list(gt.nodes)) == tree.num_nodes
        leaves = sorted(tuple(float(Fraction(str(n.outcome[p]))) for p in gt.players)
                        for n in gt.nodes if n.is_terminal)
        assert np.allclose(leaves, sorted(map(tuple, tree.leaf_payoffs)))
        back, ref = read_efg(efg).reduced_normal_form(), tree.reduced_normal_form()
        assert back.strategies == ref.strategies and np.allclose(back.payoffs, ref.payoffs, rtol=0, atol=1e-12)


# ----------------------------------------------------------------- solve
def test_solve_matches_library(runner, hawk):
    data = json.loads(ok(runner, "solve", hawk, "--set", "cost=3", "-f", "json"))
    ref = bg.solve(bg.load_game(hawk).game(cost=3))
    assert data["method"] == ref.method and data["complete"] is True
    assert len(data["equilibria"]) == len(ref) == 3
    for got, want in zip(data["equilibria"], ref, strict=True):
        for i, p in enumerate(ref.game.players):
            assert np.allclose(list(got["profile"][p].values()), want.profile[i])
        assert "strict" in got["stability"]
    mixed = [e for e in data["equilibria"] if not e["stability"]["strict"]]
    assert len(mixed) == 1 and mixed[0]["stability"]["index"] == -1


def test_solve_exact_gives_fractions(runner, hawk):
    data = json.loads(ok(runner, "solve", hawk, "--set", "cost=3", "--exact", "-f", "json"))
    mixed = next(e for e in data["equilibria"] if len(e["support"]["Row"]) == 2)
    assert mixed["exact_profile"]["Row"] == {"Hawk": "2/3", "Dove": "1/3"}
    assert mixed["exact_payoffs"]["Row"] == "1/3"


def test_solve_file_and_formats(runner, bos_nfg, tmp_path):
    text = ok(runner, "solve", bos_nfg)
    assert "3 equilibria" in text and "Opera 2/3, Football 1/3" in text
    rows = list(csv.reader(io.StringIO(ok(runner, "solve", bos_nfg, "-f", "csv"))))
    assert rows[0][:5] == ["#", "Her", "Him", "u(Her)", "u(Him)"] and len(rows) == 4
    latex = ok(runner, "solve", bos_nfg, "-f", "latex")
    assert latex.count(r"\begin{tabular}") == 1 and r"$\frac{2}{3}$" in latex
    out = tmp_path / "eq.json"
    result = run(runner, "solve", bos_nfg, "-f", "json", "-o", out)
    assert result.exit_code == 0 and result.stdout == "" and f"wrote {out}" in result.stderr
    assert len(json.loads(out.read_text())["equilibria"]) == 3
    quiet = run(runner, "solve", bos_nfg, "-o", tmp_path / "q.txt", "-q")
    assert quiet.exit_code == 0 and quiet.output == ""


@pytest.mark.slow
def test_solve_qre_with_path_figure(runner, bos_nfg, tmp_path):
    fig = tmp_path / "qre.png"
    data = json.loads(ok(runner, "solve", bos_nfg, "--method", "qre", "--plot", fig, "-f", "json"))
    assert data["method"] == "qre" and len(data["equilibria"]) == 1
    assert fig.read_bytes().startswith(PNG)
    lam = data["qre_path"]["lambda"]
    assert lam[0] == 0 and lam[-1] > 0
    bad(runner, "solve", bos_nfg, "--plot", tmp_path / "x.png", match="use it with --method qre")


def test_game_from_standard_input(runner, bos_nfg):
    result = runner.invoke(cli, ["solve", "-", "-f", "json"], input=Path(bos_nfg).read_text())
    assert result.exit_code == 0 and len(json.loads(result.stdout)["equilibria"]) == 3
    js = format_json_game(read_nfg(bos_nfg))
    assert json.loads(runner.invoke(cli, ["show", "-", "-f", "json"], input=js).stdout)["players"] == ["Her", "Him"]
    result = runner.invoke(cli, ["solve", "-"], input="hello")
    assert result.exit_code == 2 and "<stdin> is not a game file" in result.stderr


def test_solve_methods_list(runner):
    data = json.loads(ok(runner, "solve", "--methods", "x", "-f", "json"))
    assert {"pure", "enumeration"} <= {d["name"] for d in data}
    # no GAME needed to list the solvers; without either, one clear line and exit 2
    assert {d["name"] for d in json.loads(ok(runner, "solve", "--methods", "-f", "json"))} == {d["name"] for d in data}
    result = runner.invoke(cli, ["solve"])
    assert result.exit_code == 2 and "missing argument GAME" in result.stderr


# ----------------------------------------------------------------- convert
def test_convert_round_trips(runner, bos_nfg, tmp_path):
    js = tmp_path / "bos.json"
    ok(runner, "convert", bos_nfg, js)
    nfg2 = tmp_path / "bos2.nfg"
    ok(runner, "convert", js, nfg2, "--outcomes")
    assert read_nfg(nfg2) == read_nfg(bos_nfg)
    assert "{ {" not in nfg2.read_text().splitlines()[-1]


def test_convert_model_keeps_exact_values(runner, hawk, tmp_path):
    out = tmp_path / "hd.nfg"
    ok(runner, "convert", hawk, out, "--set", "cost=1/3")
    g = read_nfg(out)
    assert g.exact_payoffs[0, 0, 0] == Fraction(5, 6)


ENTRY = """EFG 2 R "Entry deterrence" { "Entrant" "Incumbent" }
""
p "" 1 1 "" { "Out" "In" } 0
t "" 1 "out" { 0, 2 }
p "" 2 1 "" { "Fight" "Accommodate" } 0
t "" 2 "fight" { -1, -1 }
t "" 3 "share" { 1, 1 }
"""


def test_efg_files(runner, tmp_path):
    path = tmp_path / "entry.efg"
    path.write_text(ENTRY)
    text = ok(runner, "show", path)
    assert "Entry deterrence" in text and "Out" in text and "Accommodate" in text
    assert "    Fight: Entrant=-1, Incumbent=-1" in text           # the tree, node by node
    assert json.loads(ok(runner, "show", path, "-f", "json"))["tree"]["nodes"] == 5
    data = json.loads(ok(runner, "solve", path, "-f", "json"))    # a tree: the sequence form, in behaviour
    ref = bg.solve(read_efg(path).reduced_normal_form())             # the reduced form has as many extreme eqs
    assert len(data["equilibria"]) == len(ref) and data["method"] == "seqform-enum"
    assert any(e["path"][-1]["choices"] == {"Accommodate": "1"} for e in data["equilibria"])
    nf = json.loads(ok(runner, "solve", path, "-f", "json", "-m", "enumeration"))   # the reduced form on request
    assert nf["method"] == ref.method
    assert any(e["support"] == {"Entrant": ["In"], "Incumbent": ["Accommodate"]} for e in nf["equilibria"])
    nfg = tmp_path / "entry.nfg"
    ok(runner, "convert", path, nfg)
    assert read_nfg(nfg) == read_efg(path).reduced_normal_form()
    again = tmp_path / "again.efg"
    ok(runner, "convert", path, again)
    assert read_efg(again).reduced_normal_form() == read_efg(path).reduced_normal_form()


# ----------------------------------------------------------------- analysis commands
PNG = b"\x89PNG\r\n\x1a\n"


def test_sensitivity(runner, hawk, tmp_path):
    from bargain.analysis.thresholds import thresholds

    fig = tmp_path / "cost.png"
    data = json.loads(ok(runner, "sensitivity", hawk, "--param", "cost", "--range", "0:4:41", "-f", "json",
                         "--plot", fig))
    ref = thresholds(bg.load_game(hawk), "cost", np.linspace(0, 4, 41))
    assert data["thresholds"]["values"] == pytest.approx(ref.values)
    assert ref.values == pytest.approx([2.0])
    assert len(data["branches"]) == ref.sweep.n_branches
    assert fig.read_bytes().startswith(PNG)
    text = ok(runner, "sensitivity", hawk, "-p", "cost", "-r", "0:4:41", "--grid")
    assert "Thresholds of cost" in text and "Row:Dove becomes a best response" in text
    assert "Equilibria at each grid point" in text
    # at the default cost 1 the unique equilibrium is (Hawk, Hawk) paying (2 - cost)/2: slope -1/2
    assert "How each equilibrium moves at cost = 1" in text
    rates = text.split("How each equilibrium moves")[1].split("Equilibria at each grid point")[0]
    assert [ln.split()[-3:] for ln in rates.splitlines() if "u(Row)" in ln] == [["0.5", "-0.5", "-1"]]
    rows = list(csv.reader(io.StringIO(ok(runner, "sensitivity", hawk, "-p", "cost", "-r", "1:3:5", "-f", "csv"))))
    assert ["# Thresholds of cost"] in rows


def test_thresholds_and_regimes(runner, hawk, tmp_path):
    data = json.loads(ok(runner, "thresholds", hawk, "-n", "41", "-f", "json"))
    assert list(data["thresholds"]) == ["cost"]
    assert data["thresholds"]["cost"]["values"] == pytest.approx([2.0])
    latex = ok(runner, "thresholds", hawk, "-n", "41", "-f", "latex")
    assert r"\begin{tabular}" in latex and "$2$" in latex


def test_regimes_command(runner, tmp_path):
    path = tmp_path / "two.py"
    path.write_text(TWO_PARAMETERS)
    fig = tmp_path / "map.svg"
    data = json.loads(ok(runner, "regimes", path, "--x", "a", "--y", "b", "--x-range", "-1:1:21",
                         "--y-range", "-1:1:21", "--plot", fig, "-f", "json"))
    grid = np.array(data["regimes"])
    assert grid.shape == (21, 21)
    # (Up, Left) is the equilibrium exactly where a > 0 and b > 0
    xs, ys = np.array(data["x_values"]), np.array(data["y_values"])
    both = (xs[:, None] > 0) & (ys[None, :] > 0)
    assert all("R:Up | C:Left" in str(c) for c in grid[both])
    assert not any("R:Up | C:Left" in str(c) for c in grid[(xs[:, None] < 0) & (ys[None, :] < 0)])
    assert fig.read_text().lstrip().startswith(("<?xml", "<svg"))


TWO_PARAMETERS = '''
from bargain import Model, Parameter

a = Parameter("a", 0.5, (-1, 1), unit="utils", meaning="row's premium for Up")
b = Parameter("b", 0.5, (-1, 1), unit="utils", meaning="column's premium for Left")


def payoffs(p):
    return {("Up", "Left"): (p.a, p.b), ("Up", "Right"): (0, 0), ("Down", "Left"): (0, 0),
            ("Down", "Right"): (-p.a, -p.b)}


model = Model("two", [a, b], payoffs, players=("R", "C"), strategies=(("Up", "Down"), ("Left", "Right")))
'''


def test_stability_command(runner, hawk):
    from bargain.analysis.stability import stability

    data = json.loads(ok(runner, "stability", hawk, "--set", "cost=3", "-f", "json"))
    g = bg.load_game(hawk).game(cost=3)
    eqs = bg.solve(g)
    assert len(data["equilibria"]) == len(eqs) == 3
    for got, eq in zip(data["equilibria"], eqs, strict=True):
        ref = stability(g, eq).to_dict()
        assert got["stability"]["strict"] == ref["strict"] and got["stability"]["index"] == ref["index"]
        assert got["stability"]["robustness_radius"] == pytest.approx(ref["robustness_radius"])
    text = ok(runner, "stability", hawk, "--set", "cost=3")
    assert "quasi-strict" in text and "radius" in text


def test_analysis_bad_input(runner, hawk, bos_nfg, tmp_path):
    bad(runner, "sensitivity", hawk, "--param", "cots", match="did you mean 'cost'")
    bad(runner, "sensitivity", hawk, "--param", "cost", "--range", "1", match="write lo:hi")
    bad(runner, "sensitivity", hawk, "--param", "cost", "--range", "3:1", match="below the high end")
    bad(runner, "sensitivity", hawk, "--param", "cost", "--range", "0:9", match="outside its bounds")
    bad(runner, "sensitivity", hawk, "--param", "cost", "--range", "0:1:x", match="not an integer")
    bad(runner, "sensitivity", hawk, "--param", "cost", "--set", "cost=1", match="cannot be fixed")
    bad(runner, "sensitivity", bos_nfg, "--param", "cost", match="needs a game with named parameters")
    bad(runner, "sensitivity", hawk, "--param", "cost", "--plot", tmp_path / "x.gif",
        match="must end in .png, .svg, .pdf")
    bad(runner, "regimes", hawk, "--x", "cost", "--y", "cost", match="two different parameters")
    bad(runner, "sensitivity", hawk, match="Missing option '--param'")
    assert not (tmp_path / "x.gif").exists()


SPLIT = '''
import numpy as np
from bargain import Model, Parameter

size = Parameter("size", 1.0, (0.5, 2.0), unit="utils", meaning="size of the pie")


def payoffs(p):
    return {("Grab", "Grab"): (0, 0), ("Grab", "Yield"): (p.size, 0), ("Yield", "Grab"): (0, p.size),
            ("Yield", "Yield"): (p.size / 2, p.size / 2)}


model = Model("split", [size], payoffs, players=("A", "B"), strategies=(("Grab", "Yield"), ("Grab", "Yield")))


def utility_possibility_set(size=1.0, **values):
    t = np.linspace(0, 1, 101)
    return np.stack([size * t, size * np.sqrt(1 - t)], axis=-1)     # concave frontier u_B = sqrt(size (size - u_A))


def disagreement_point(size=1.0, **values):
    return np.array([0.0, 0.0])
'''


def test_bargain_on_a_games_outcomes(runner, bos_nfg, tmp_path):
    from bargain.analysis.bargaining import Polytope, bargain, disagreement_point

    g = read_nfg(bos_nfg)
    data = json.loads(ok(runner, "bargain", bos_nfg, "-d", "minmax", "-S", "nash", "-S", "ks", "-f", "json"))
    d = disagreement_point(g, "minmax")
    assert data["disagreement"] == ["2/3", "2/3"] and [Fraction(x) for x in data["disagreement"]] == list(d.values)
    for got, name in zip(data["solutions"], ["nash", "ks"], strict=True):
        ref = bargain(Polytope.from_game(g), name, disagreement=list(d.values))
        assert got["exact_payoffs"] == {p: str(v) for p, v in zip(g.players, ref.exact_payoffs, strict=True)}
    # Battle of the Sexes from the minmax point (2/3, 2/3): Nash splits the segment (2,1)-(1,2) at (3/2, 3/2)
    assert data["solutions"][0]["exact_payoffs"] == {"Her": "3/2", "Him": "3/2"}
    fig = tmp_path / "bos.pdf"
    text = ok(runner, "bargain", bos_nfg, "-d", "1/2,1/2", "-S", "egalitarian", "--plot", fig)
    assert "lottery over outcomes" in text and fig.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_bargain_with_a_module_possibility_set(runner, tmp_path):
    path = tmp_path / "split.py"
    path.write_text(SPLIT)
    data = json.loads(ok(runner, "bargain", path, "-S", "nash", "-S", "rubinstein", "--delta", "0.999",
                         "--set", "size=2", "-f", "json"))
    assert "utility_possibility_set" in data["feasible"]
    nash = data["solutions"][0]["payoffs"]
    # max u_A * sqrt(2 (2 - u_A)) -> u_A = 4/3 (up to the 101-point polygon)
    assert nash["A"] == pytest.approx(4 / 3, abs=5e-3)
    rub = data["solutions"][1]["agreement"]
    assert float(rub["A"]) == pytest.approx(nash["A"], abs=2e-2)         # Rubinstein -> Nash as delta -> 1


def test_bargain_bad_input(runner, bos_nfg, tmp_path):
    bad(runner, "bargain", bos_nfg, match="3 equilibria, so the disagreement point is ambiguous")
    bad(runner, "bargain", bos_nfg, "-d", "1,2,3", match="gives 3 number(s); give 2")
    bad(runner, "bargain", bos_nfg, "-d", "worst:Hre", match="unknown player 'Hre'")
    bad(runner, "bargain", bos_nfg, "-d", "minmax", "-S", "rubinstein", match="needs discount factors")
    bad(runner, "bargain", bos_nfg, "-d", "minmax", "-S", "rubinstein", "--delta", "1.5", match="strictly between")
    bad(runner, "bargain", bos_nfg, "-S", "nsh", match="'nsh' is not one of")


def test_montecarlo_on_a_dask_scheduler(runner, hawk):
    distributed = pytest.importorskip("distributed")
    inline = json.loads(ok(runner, "montecarlo", hawk, "-N", "300", "--workers", "1", "-f", "json"))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        data = json.loads(ok(runner, "montecarlo", hawk, "-N", "300", "--scheduler", cluster.scheduler_address,
                             "-f", "json", "-q"))
    assert data["backend"] == "dask"
    assert data["outcomes"] == inline["outcomes"] and data["probability"] == inline["probability"]


def test_tornado_command(runner, hawk, tmp_path):
    from bargain.analysis.tornado import tornado

    fig = tmp_path / "t.png"
    data = json.loads(ok(runner, "tornado", hawk, "--outcome", "payoff:Row", "-n", "21", "--reduce", "max",
                         "--plot", fig, "-f", "json"))
    ref = tornado(bg.load_game(hawk), ("payoff", "Row"), n=21, reduce="max")
    assert data["parameters"] == list(ref.parameters) == ["cost"]
    assert data["swing"] == pytest.approx(ref.swing.tolist())
    # the best equilibrium for Row pays (2 - cost)/2 below cost 2 (only (Hawk, Hawk)), and 2 from cost 2 on
    # ((Hawk, Dove) exists): on the grid 0, 0.2, ..., 4 the range is [(2 - 1.8)/2, 2]
    assert data["minimum"][0] == pytest.approx(0.1) and data["maximum"][0] == pytest.approx(2.0)
    assert fig.read_bytes().startswith(PNG)
    bad(runner, "tornado", hawk, "--outcome", "Row", match="write PLAYER:STRATEGY")
    bad(runner, "tornado", hawk, "--outcome", "Rwo:Hawk", match="did you mean 'Row'")
    bad(runner, "tornado", hawk, "--outcome", "Row:Hwak", match="did you mean 'Hawk'")


def test_montecarlo_command(runner, hawk):
    from bargain.analysis.montecarlo import monte_carlo

    data = json.loads(ok(runner, "montecarlo", hawk, "--samples", "400", "--seed", "3", "--workers", "1",
                         "--vary", "cost=1:3", "--outcome", "Row:Hawk", "-f", "json"))
    ref = monte_carlo(bg.load_game(hawk), 400, distributions={"cost": (1.0, 3.0)}, seed=3, workers=1,
                      progress=False)
    assert data["outcomes"] == ref.outcomes and data["probability"] == pytest.approx(ref.probability.tolist())
    # cost ~ U(1, 3): three equilibria exactly when cost > 2, half the time
    three = sum(p for o, p in zip(data["outcomes"], data["probability"], strict=True) if o.count(";") == 2)
    assert three == pytest.approx(0.5, abs=0.08)
    assert data["outcome"]["name"] == "P(Row plays Hawk)"
    text = ok(runner, "montecarlo", hawk, "-N", "50", "--workers", "1", "--top", "1")
    assert "less likely equilibrium sets" in text
    bad(runner, "montecarlo", hawk, "--vary", "cost", match="write --vary NAME=LO:HI")
    bad(runner, "montecarlo", hawk, "--vary", "cost=0:9", match="outside its bounds")
    bad(runner, "montecarlo", hawk, "--vary", "cots=0:1", match="did you mean 'cost'")


ENTRY_MODEL = '''
from bargain import Parameter
from bargain.model.extensive import Decision, ExtensiveModel, Terminal

fight = Parameter("fight_cost", 1.0, (0.0, 5.0), unit="utils", meaning="cost of a price war")


def tree(p):
    return Decision("Entrant", {"Out": Terminal(0, 2),
                                "In": Decision("Incumbent", {"Fight": Terminal(-p.fight_cost, -p.fight_cost),
                                                             "Accommodate": Terminal(1, 1)})})


model = ExtensiveModel("entry", [fight], tree, players=("Entrant", "Incumbent"), title="Entry deterrence")
'''


def test_parametric_tree_show_and_convert(runner, tmp_path):
    path = tmp_path / "entry_model.py"
    path.write_text(ENTRY_MODEL)
    text = ok(runner, "show", path, "--set", "fight_cost=2")
    assert "      Fight: Entrant=-2, Incumbent=-2" in text
    out = tmp_path / "entry.efg"
    ok(runner, "convert", path, out, "--set", "fight_cost=2")
    tree = read_efg(out)
    assert tree.reduced_normal_form() == bg.load_game(str(path)).tree(fight_cost=2).reduced_normal_form()


def test_subgame_perfect_equilibria(runner, tmp_path):
    from bargain.solvers.spe import subgame_perfect_equilibria

    path = tmp_path / "entry.efg"
    path.write_text(ENTRY)
    data = json.loads(ok(runner, "solve", path, "--spe", "-f", "json"))
    assert len(data["equilibria"]) == 1
    assert data["equilibria"][0]["payoffs"] == {"Entrant": "1", "Incumbent": "1"}
    text = ok(runner, "solve", path, "--spe")
    assert "Entrant at root: In -> Incumbent at In: Accommodate" in text
    for name in bg.list_games():
        model = bg.load_game(name)
        if not hasattr(model, "tree"):
            continue
        got = json.loads(ok(runner, "solve", name, "--spe", "-f", "json"))
        ref = subgame_perfect_equilibria(model.tree())
        assert got["method"] == ref.method and len(got["equilibria"]) == len(ref)
        for e, r in zip(got["equilibria"], ref, strict=True):
            assert [float(v) for v in e["payoffs"].values()] == pytest.approx(list(r.payoffs))
    bad(runner, "solve", _normal_form_file(tmp_path), "--spe", match="needs a game tree")


def _normal_form_file(tmp_path):
    g = tmp_path / "g.json"
    g.write_text(format_json_game(bg.Game.from_matrices([[1, 0], [0, 1]])))
    return g


# ----------------------------------------------------------------- bad input
def test_bad_input_one_line_exit_2(runner, hawk, bos_nfg, tmp_path):
    bad(runner, "solve", "sanctions_triangel", match="did you mean 'sanctions_triangle'")
    bad(runner, "show", hawk, "--set", "cots=1", match="did you mean 'cost'")
    bad(runner, "solve", hawk, "--set", "cost", match="malformed")
    bad(runner, "solve", hawk, "--set", "cost=abc", match="'abc' is not a number")
    bad(runner, "solve", hawk, "--set", "cost=", match="has no value")
    bad(runner, "solve", hawk, "--set", "cost=9", match="outside its bounds [0, 4]")
    bad(runner, "solve", bos_nfg, "--set", "cost=1", match="fixed game")
    bad(runner, "solve", hawk, "--method", "enumeraton", match="did you mean 'enumeration'")
    bad(runner, "solve", hawk, "-f", "xml", match="'xml' is not one of")
    bad(runner, "solve", tmp_path / "missing.nfg", match="does not exist")
    bad(runner, "solve", tmp_path / "missing.py", match="no such file")
    bad(runner, "solve", tmp_path / "game.txt", match="cannot tell the format of")
    trunc = tmp_path / "trunc.nfg"
    trunc.write_text('NFG 1 R "t" { "A" "B" } { 2 2 } 1 2 3')
    bad(runner, "solve", trunc, match="truncated")
    counts = tmp_path / "counts.nfg"
    counts.write_text('NFG 1 R "t" { "A" "B" } { 2 } 1 2')
    bad(runner, "show", counts, match="one count per player")
    nonnum = tmp_path / "nonnum.nfg"
    nonnum.write_text('NFG 1 R "t" { "A" "B" } { 1 1 } 1 zwei')
    bad(runner, "solve", nonnum, match="'zwei' is not a number")
    badjson = tmp_path / "bad.json"
    badjson.write_text('{"format": "bargain.game"')
    bad(runner, "solve", badjson, match="not valid JSON")
    bad(runner, "solve", hawk, "-o", tmp_path / "nodir" / "x.txt", match="does not exist")
    bad(runner, "convert", bos_nfg, tmp_path / "x.txt", match="suffix")
    bad(runner, "convert", bos_nfg, tmp_path / "x.efg", match="only a game tree")
    bad(runner, "solve", match="missing argument GAME")
    assert not (tmp_path / "nodir").exists() and not (tmp_path / "x.efg").exists()


def test_no_partial_output_on_error(runner, tmp_path):
    trunc = tmp_path / "trunc.nfg"
    trunc.write_text('NFG 1 R "t" { "A" "B" } { 2 2 } 1 2 3')
    out = tmp_path / "out.json"
    bad(runner, "solve", trunc, "-o", out, match="truncated")
    bad(runner, "convert", trunc, tmp_path / "t.json", match="truncated")
    assert sorted(os.listdir(tmp_path)) == ["trunc.nfg"]


def test_json_game_file_runs_no_code(runner, tmp_path):
    g = bg.Game.from_matrices([[1, 0], [0, 1]])
    path = tmp_path / "g.json"
    path.write_text(format_json_game(g, title="__import__('os').system('false')"))
    assert "equilibri" in ok(runner, "solve", path)


# ----------------------------------------------------------------- the installed entry point
def _bin(name: str) -> Path:
    return Path(sys.executable).parent / name


@pytest.mark.slow
@pytest.mark.skipif(not _bin("bargain").exists(), reason="bargain is not installed in this environment")
def test_installed_entry_point(bos_nfg):
    done = subprocess.run([str(_bin("bargain")), "solve", bos_nfg, "-f", "json"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["equilibria"]) == 3
    bad_run = subprocess.run([str(_bin("bargain")), "solve", "no_such_game"], capture_output=True, text=True,
                             timeout=120)
    assert bad_run.returncode == 2 and bad_run.stdout == ""
    assert bad_run.stderr.startswith("error: unknown game 'no_such_game'") and bad_run.stderr.count("\n") == 1


def test_python_dash_m(bos_nfg):
    done = subprocess.run([sys.executable, "-m", "bargain", "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("bargain ")


# ----------------------------------------------------------------- progress on stderr, never on stdout
@pytest.fixture
def instant_progress(monkeypatch):
    """Progress bars and status lines appear at once (not after a second), so a test sees them.

    tqdm reads ``TQDM_DELAY`` when it is imported, so the bars are patched, not the environment;
    a status line is made to show before its work starts (deterministic, no timing).
    """
    import tqdm.auto

    import bargain.cli._common as cli_module

    class Instant(tqdm.auto.tqdm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "delay": 0})

    class Shown(cli_module.Status):
        def __enter__(self):
            super().__enter__()
            if not self.quiet:
                assert self.shown.wait(30), "the status line never appeared"
            return self

    monkeypatch.setattr(tqdm.auto, "tqdm", Instant)
    monkeypatch.setattr(cli_module, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(cli_module, "Status", Shown)


def _progress_commands(hawk: str) -> list[tuple[list[str], str]]:
    """Every command whose work can take over a second, and what its bar or status line says."""
    return [
        (["solve", hawk], "solving"),
        (["solve", hawk, "--method", "qre", "--no-stability"], "solving"),
        (["stability", hawk], "solving"),
        (["sensitivity", hawk, "-p", "cost", "--range", "0:4:21"], "sensitivity"),
        (["tornado", hawk, "-n", "5"], "tornado hawk_dove"),
        (["thresholds", hawk, "-n", "11"], "thresholds"),
        (["regimes", "buffer_state", "--x", "collapse_cost", "--y", "refugee_risk", "--x-range", "::5",
          "--y-range", "::4"], "sweep"),
        (["bargain", hawk, "-d", "minmax"], "bargaining"),
    ]


def test_progress_goes_to_stderr_and_json_stdout_still_parses(runner, hawk, instant_progress):
    for args, desc in _progress_commands(hawk):
        result = run(runner, *args, "-f", "json")
        assert result.exit_code == 0, (args, result.output)
        assert desc in result.stderr, (args, result.stderr)              # the bar or status line was shown ...
        assert "\r" not in result.stdout                                 # ... on stderr only
        data = json.loads(result.stdout)
        assert isinstance(data, dict) and data, args


def test_quiet_prints_nothing_on_stderr(runner, hawk, instant_progress):
    for args, _ in _progress_commands(hawk):
        result = run(runner, *args, "-f", "json", "--quiet")
        assert result.exit_code == 0, (args, result.output)
        assert result.stderr == "", (args, result.stderr)
        json.loads(result.stdout)


def test_status_line_shows_after_the_delay_and_is_cleared(capsys, monkeypatch):
    import bargain.cli._common as cli_module
    from bargain.cli._common import Status

    with Status("quick work", quiet=False):        # done well within the 1 s delay: nothing printed
        pass
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(cli_module, "PROGRESS_DELAY", 0.0)
    with pytest.raises(ValueError, match="boom"), Status("slow work", quiet=False) as st:
        assert st.shown.wait(30)
        raise ValueError("boom")                    # a failure clears the line too
    assert st._thread is not None and not st._thread.is_alive()
    captured = capsys.readouterr()
    assert "slow work ... 00:0" in captured.err and captured.out == ""
    assert captured.err.endswith("\r")              # the line is wiped (leave=False), not left behind
    with Status("silent work", quiet=True) as st:
        pass
    assert st._thread is None and capsys.readouterr().err == ""
    with Status("a very long description " * 10, quiet=False) as st:   # cut to one line (80 columns off a tty)
        assert st.shown.wait(30)
    lines = [x for x in capsys.readouterr().err.split("\r") if x.strip()]
    assert lines and all(len(x) < 80 and x.startswith("a very long") and "... ... 00:0" in x for x in lines)


def test_the_commands_progress_delay_does_not_outlive_the_command(capsys):
    """The CLI delays progress bars by a second while a command runs; a library call made afterwards
    in the same process (a test, a notebook) gets its bar at once.  (The CLI used to set TQDM_DELAY,
    which tqdm reads once on import: a first import inside a command kept the delay for good.)"""
    from click.testing import CliRunner

    from bargain.cli import cli as group
    from bargain.solvers import progress as library_progress
    from tests.examples import affine_model

    assert CliRunner().invoke(group, ["list"]).exit_code == 0
    assert library_progress.BAR_DELAY == 0
    capsys.readouterr()
    sweep = __import__("bargain").sweep
    sweep(affine_model((2, 2), n_params=1, seed=0), "t0", n=3, progress=True)
    assert "sweep affine" in capsys.readouterr().err
