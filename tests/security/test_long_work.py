"""Issue item 16: a long tree or a big game says at once what is affordable, and long work shows a
fraction and an estimate of the time left."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import bargain.model.scale as scale_module
from bargain.cli import cli
from bargain.cli._common import Status
from bargain.io.nfg import format_nfg
from bargain.model.game import Game


def _centipede(moves: int) -> str:
    lines = ['EFG 2 R "centipede" { "1" "2" }', '""']
    for k in range(moves):
        pl = k % 2 + 1
        lines.append(f'p "" {pl} {k // 2 + 1} "" {{ "T" "C" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k + 2}, {k} }}' if pl == 1 else f't "" {k + 1} "" {{ {k}, {k + 3} }}')
    lines.append(f't "" {moves + 1} "" {{ {moves + 1}, {moves + 1} }}')
    return "\n".join(lines) + "\n"


def test_long_tree_is_refused_at_once_before_enumerating_plans(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "centipede.efg"
    f.write_text(_centipede(300))                    # 151 plans each: 45,602 payoffs
    monkeypatch.setattr(scale_module, "MAX_PAYOFF_ENTRIES", 10_000)
    from bargain.model.extensive import ExtensiveGame

    def never(*_: object) -> None:
        raise AssertionError("the plans were enumerated before the size was checked")

    monkeypatch.setattr(ExtensiveGame, "_enumerate_plans", never)
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["show", str(f)])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert "151 x 151" in line and "--spe" in line and len(line.splitlines()) == 1
    assert time.perf_counter() - start < 10
    spe = CliRunner().invoke(cli, ["solve", str(f), "--spe", "--format", "json"])
    assert spe.exit_code == 0, spe.stderr         # the tree itself is still solved


def test_big_game_says_no_complete_answer_is_affordable(tmp_path: Path) -> None:
    # beyond auto's vertex-enumeration limit (48 strategies and 1e5 McMullen vertices on the smaller
    # side; a 20x20 is within it since the completeness work and is enumerated)
    rng = np.random.default_rng(16)
    g = Game.from_matrices(rng.integers(0, 100, (25, 25)), rng.integers(0, 100, (25, 25)))
    f = tmp_path / "big.nfg"
    f.write_text(format_nfg(g))
    result = CliRunner().invoke(cli, ["solve", str(f), "--no-stability", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("note: no complete method is affordable for this 25x25 game")
    assert "--method" in first and "lemke-howson" in first
    quiet = CliRunner().invoke(cli, ["solve", str(f), "--no-stability", "-q"])
    assert quiet.stderr == ""


def test_status_line_shows_a_fraction_and_the_time_left() -> None:
    status = Status("solving x", quiet=False)
    status._start, status._file = time.time() - 10, None
    status.advance(5, 20)
    line = status._line()
    assert "5/20" in line and "left" in line


# ------------------------------------------------------------------ progress from every long solver

def _record() -> tuple[list[tuple[int, int]], object]:
    calls: list[tuple[int, int]] = []
    return calls, lambda done, total: calls.append((done, total))


def _check_reports(calls: list[tuple[int, int]]) -> None:
    """Increasing ``done`` up to one fixed ``total``, the last report complete, at most ~100 reports."""
    assert calls, "the solver never reported progress"
    totals = {t for _, t in calls}
    assert len(totals) == 1
    total = totals.pop()
    done = [d for d, _ in calls]
    assert all(0 < a < b for a, b in itertools.pairwise(done)) and done[0] > 0
    assert done[-1] == total
    assert len(calls) <= 102


def _same(a, b) -> None:
    assert len(a) == len(b) and a.complete == b.complete
    for x, y in zip(a, b, strict=True):
        assert [list(p) for p in x.profile] == [list(p) for p in y.profile]


def test_ticker_throttles_and_ends_at_the_total() -> None:
    from bargain.solvers.progress import ticker

    assert ticker(None, 10) is None and ticker(lambda d, t: None, 0) is None
    calls, cb = _record()
    tick = ticker(cb, 100_000)
    for k in range(1, 100_001):
        tick(k)
    tick(100_000)                                    # a repeat is not reported again
    _check_reports(calls)
    assert 90 <= len(calls) <= 101
    calls, cb = _record()
    tick = ticker(cb, 7)
    for k in (3, 2, 7):                              # never backwards
        tick(k)
    assert calls == [(3, 7), (7, 7)]


@pytest.mark.parametrize("exact", [False, True])
def test_vertex_enumeration_reports_progress_and_the_same_answer(exact: bool) -> None:
    from bargain.solvers.enumeration import enumeration_solve

    rng = np.random.default_rng(14)
    g = Game.from_matrices(rng.integers(0, 100, (8, 8)), rng.integers(0, 100, (8, 8)))
    g = g.to_exact() if exact else g
    calls, cb = _record()
    with_progress = enumeration_solve(g, exact=exact, progress=cb)
    _check_reports(calls)
    _same(with_progress, enumeration_solve(g, exact=exact))
    # the equilibria themselves, from an outside oracle: Gambit's vertex enumeration of this
    # nondegenerate game finds as many
    import pygambit as gbt

    A, B = (np.asarray(M, dtype=float) for M in g.matrices())
    oracle = gbt.nash.enummixed_solve(gbt.Game.from_arrays(A, B), rational=False).equilibria
    assert len(with_progress) == len(oracle)


def test_polynomial_support_enumeration_reports_progress_and_the_same_answer() -> None:
    from bargain.solvers.polynomial import polynomial_solve

    rng = np.random.default_rng(16)
    g = Game(rng.integers(0, 20, (3, 3, 3, 2)).tolist())
    calls, cb = _record()
    with_progress = polynomial_solve(g, exact=True, progress=cb)
    _check_reports(calls)
    assert calls[-1][1] > 1                          # one step per support profile
    _same(with_progress, polynomial_solve(g, exact=True))


def test_tree_support_enumeration_reports_progress_and_the_same_answer() -> None:
    from bargain.io.efg import read_efg
    from bargain.solvers.sequence_form import sequence_form
    from bargain.solvers.tree_polynomial import tree_enumpoly_solve
    from bargain.solvers.tree_polynomial.supports import behaviour_supports

    tree = read_efg(Path(__file__).resolve().parents[1] / "data" / "gambit_trees" / "my_3-4.efg")
    calls, cb = _record()
    with_progress = tree_enumpoly_solve(tree, exact=True, progress=cb)
    _check_reports(calls)
    # total: every admissible behaviour support, plus the final batch of 3+-mixer systems
    assert calls[-1][1] == sum(1 for _ in behaviour_supports(sequence_form(tree))) + 1
    _same(with_progress, tree_enumpoly_solve(tree, exact=True))


def test_cli_status_line_shows_fraction_and_time_left_for_enumeration(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import bargain.cli._common as common

    lines: list[str] = []

    class Recording(Status):
        def advance(self, done: int, total: int) -> None:
            super().advance(done, total)
            lines.append(self._line())

    monkeypatch.setattr(common, "Status", Recording)
    rng = np.random.default_rng(15)
    g = Game.from_matrices(rng.integers(0, 100, (12, 12)), rng.integers(0, 100, (12, 12)))
    f = tmp_path / "g12.nfg"
    f.write_text(format_nfg(g))
    result = CliRunner().invoke(cli, ["solve", str(f), "--method", "enumeration", "--no-stability", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert lines and all("/100" in s and "left" in s for s in lines)
    assert "100/100" in lines[-1]
    lines.clear()
    quiet = CliRunner().invoke(cli, ["solve", str(f), "--method", "enumeration", "--no-stability", "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and lines == []     # quiet: no callback at all


def test_cli_passes_progress_to_the_tree_method_auto_chooses(monkeypatch: pytest.MonkeyPatch) -> None:
    import bargain.cli._common as common

    seen: list[tuple[int, int]] = []

    class Recording(Status):
        def advance(self, done: int, total: int) -> None:
            super().advance(done, total)
            seen.append((done, total))

    monkeypatch.setattr(common, "Status", Recording)
    path = Path(__file__).resolve().parents[1] / "data" / "gambit_trees" / "g1.efg"
    result = CliRunner().invoke(cli, ["solve", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    _check_reports(seen)
