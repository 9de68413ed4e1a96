"""Every "complete" answer on a game tree carries evidence (issue 13): exhaustive enumeration, or the
homotopy's supports re-tracked from an independent start system; an unbacked claim is withdrawn.

Oracles: Gambit's published trees (``tests/data/gambit_trees``; their equilibrium counts are those of
pygambit 16.7's ``enumpoly_solve``, checked in ``test_tree_enumpoly.py``) and Kuhn poker (two
players, one equilibrium component, Kuhn 1950).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import bargain as bg
from bargain.cli import cli
from bargain.io.efg import read_efg
from bargain.solvers.completeness import certify_tree
from bargain.solvers.registry import _evidenced
from bargain.solvers.result import Equilibria

from .sequence_form.trees import kuhn_poker

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit_trees"


def test_sequence_form_enumeration_is_backed_by_enumeration() -> None:
    eqs = bg.solve(kuhn_poker(), "seqform-enum")
    assert eqs.complete and eqs.evidence.kind == "enumeration" and eqs.evidence.passed
    assert eqs.completeness == "complete: enumeration"


def test_incomplete_tree_methods_say_so() -> None:
    eqs = bg.solve(kuhn_poker(), "seqform-lcp")
    assert not eqs.complete and eqs.evidence.kind == "none" and not eqs.evidence.passed


def test_tree_enumpoly_without_homotopy_is_enumeration() -> None:
    # the 2x2x2 tree's supports are all solved by linear algebra or the three-player elimination
    eqs = bg.solve(read_efg(DATA / "2x2x2.efg"), "tree-enumpoly")
    assert len(eqs) == 9 and eqs.complete and eqs.evidence.kind == "enumeration"


def _homotopy_only(monkeypatch) -> None:
    """Send g3's four-player system to the homotopy (the elimination settles it otherwise)."""
    from bargain.solvers.tree_polynomial import solver

    monkeypatch.setattr(solver, "eliminated", lambda group, twice: (list(range(len(group))), [[]] * (1 + twice)))


def _no_index(monkeypatch) -> None:
    """Take the agent normal form's index check away (it settles g3's claim otherwise)."""
    from bargain.solvers.tree_polynomial import agent_index

    monkeypatch.setattr(agent_index, "reaches_every_set", lambda tree: False)


def test_tree_enumpoly_with_homotopy_is_rechecked_by_a_second_start_system(monkeypatch) -> None:
    # four players mix on g3's totally mixed supports: with the elimination off that system goes to the homotopy
    _homotopy_only(monkeypatch)
    _no_index(monkeypatch)
    eqs = bg.solve(read_efg(DATA / "g3.efg"), "tree-enumpoly")
    assert not eqs.complete and eqs.evidence.kind == "two-routes" and eqs.evidence.agreed
    assert "independent random start system" in eqs.evidence.detail


def test_tree_enumpoly_with_the_four_player_elimination_is_rechecked_in_reverse_order(monkeypatch) -> None:
    eqs = bg.solve(read_efg(DATA / "g3.efg"), "tree-enumpoly")
    assert eqs.complete and eqs.evidence.kind == "index" and eqs.evidence.passed     # agent normal form
    assert any("reverse order" in n and "finds no other" in n for n in eqs.notes)
    _no_index(monkeypatch)
    eqs = bg.solve(read_efg(DATA / "g3.efg"), "tree-enumpoly")
    assert not eqs.complete and eqs.evidence.kind == "two-routes" and eqs.evidence.agreed
    assert eqs.completeness == "not guaranteed complete: two routes agree"
    assert "reverse order" in eqs.evidence.detail and "random start" not in eqs.evidence.detail


def test_a_recheck_that_finds_more_marks_the_answer_incomplete() -> None:
    full = bg.solve(read_efg(DATA / "2x2x2.efg"), "tree-enumpoly")
    short = Equilibria(full.game, list(full)[1:], full.method, complete=True)
    out = certify_tree(short, "claimed", lambda: list(full), "a second route")
    assert not out.complete and out.evidence.kind == "two-routes" and not out.evidence.agreed
    assert len(out) == len(full) and "found 1 equilibrium the solver missed" in out.notes[-1]
    same = certify_tree(Equilibria(full.game, list(full), full.method, complete=True), "claimed",
                        lambda: list(full)[::-1], "a second route")
    # agreement is recorded, but only the index check or exact enumeration backs "complete"
    assert not same.complete and same.evidence.agreed and not same.evidence.passed and len(same) == len(full)
    assert same.notes[-1].startswith("not guaranteed complete: two independent routes agree on the 9 equilibria")


def test_an_unbacked_claim_is_withdrawn() -> None:
    full = bg.solve(kuhn_poker(), "seqform-enum")
    bare = Equilibria(full.game, list(full), full.method, complete=True)
    out = _evidenced(bare)
    assert not out.complete and out.evidence.kind == "none"
    assert "no evidence" in out.notes[-1]


def test_cli_title_names_the_evidence() -> None:
    res = CliRunner().invoke(cli, ["solve", str(DATA / "2x2x2.efg")])
    assert res.exit_code == 0, res.output
    assert "(complete: enumeration)" in res.output


def test_json_of_a_tree_result_carries_its_evidence() -> None:
    res = CliRunner().invoke(cli, ["solve", str(DATA / "2x2x2.efg"), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output[res.output.index("{"):])
    assert data["complete"] and data["evidence"]["kind"] == "enumeration" and data["evidence"]["passed"]


def test_turned_coordinates_keep_the_equations() -> None:
    # a system in the turned coordinates y' = T^-1 y takes the same values as the original at y
    # (independent evaluation by the homotopy module), and endpoints map back by T
    import numpy as np

    from bargain.solvers.polynomial.homotopy import MultilinearBatch, evaluate
    from bargain.solvers.tree_polynomial.tracking import turned, unturned

    rng = np.random.default_rng(5)
    sizes = (2, 3, 2)
    coeffs = tuple(rng.standard_normal((4, s - 1, *[sizes[j] for j in range(3) if j != i]))
                   for i, s in enumerate(sizes))
    batch = MultilinearBatch(sizes, coeffs)
    twin, turns = turned(batch, np.random.default_rng(6))
    y = [rng.standard_normal((4, s)) for s in sizes]
    y_turned = [np.linalg.solve(turns[j], y[j].T).T for j in range(3)]
    assert np.allclose(evaluate(twin.coeffs, y_turned), evaluate(batch.coeffs, y))
    back = unturned(np.concatenate(y_turned, axis=1)[:, None, :], turns, sizes)[:, 0, :]
    assert np.allclose(back, np.concatenate(y, axis=1))


def test_the_second_route_finds_the_homotopy_equilibria_on_its_own(monkeypatch) -> None:
    # g3's totally mixed support is tracked from both start systems in one array; the second route
    # finds equilibria without the first's help, and every one of them is among the listed ones
    # (which hold every equilibrium pygambit's enumpoly finds: test_tree_enumpoly.py)
    import numpy as np

    from bargain.solvers.tree_polynomial import solver

    runs = []
    original = solver._Run.endpoints

    def spy(self, group, sizes, res, y):
        original(self, group, sizes, res, y)
        runs.append(self)

    monkeypatch.setattr(solver._Run, "endpoints", spy)
    _homotopy_only(monkeypatch)
    eqs = solver.tree_enumpoly_solve(read_efg(DATA / "g3.efg"), exact=True)
    main, twin = runs
    assert main.twin is twin and twin.equilibria
    listed = [np.concatenate([np.asarray(x, dtype=float) for x in e.profile]) for e in eqs]
    for e in twin.equilibria:
        v = np.concatenate([np.asarray(x, dtype=float) for x in e.profile])
        assert any(np.abs(v - w).max() < 1e-9 for w in listed)
    assert eqs.evidence.kind == "index" and eqs.evidence.passed
    assert any("random start" in n and "finds no other" in n for n in eqs.notes)
