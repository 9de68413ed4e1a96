"""Support systems on which four players mix with one free variable each, solved by elimination.

Oracle: the multihomogeneous homotopy (:func:`~bargain.solvers.polynomial.homotopy.track_paths`), on
Gambit's g3 (its totally mixed support) and on random and tie-ridden four-binary-player systems.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bargain.io.efg import read_efg
from bargain.solvers.polynomial.homotopy import permuted_batch, track_paths
from bargain.solvers.tree_polynomial import solver, tracking
from bargain.solvers.tree_polynomial.supports import SupportSystem
from bargain.solvers.tree_polynomial.tracking import REVERSED, batch_of, eliminated, real_endpoints

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit_trees"


def _systems(coeffs: list[np.ndarray]) -> list[SupportSystem]:
    """Bare systems (no tree behind them) with the given coefficient tensors, four blocks of size two."""
    return [SupportSystem((), (), (1, 1, 1, 1), (0, 1, 2, 3), tuple(c[q] for q in range(4)), False)
            for c in coeffs]


def _ratios(blocks: list[np.ndarray]) -> np.ndarray:
    """The free probabilities ``v_j = y_j[1] / y_j[0]`` of a root in homogeneous coordinates."""
    return np.array([bl[1] / bl[0] for bl in blocks])


def _in_region(group: list[SupportSystem], roots) -> list[list[np.ndarray]]:
    """Per system, the roots with every ``y_j[0] > 0`` and ``v_j >= 0`` (the support's region)."""
    out: list[list[np.ndarray]] = [[] for _ in group]
    for b, blocks in roots:
        if all(bl[0] > 1e-9 for bl in blocks) and _ratios(blocks).min() >= -1e-9:
            out[b].append(_ratios(blocks))
    return out


def _by_homotopy(group: list[SupportSystem]) -> tuple[list[list[np.ndarray]], np.ndarray]:
    """Per system, the regular real roots in the region the homotopy finds, and whether all its paths
    (as many as the Bezout number, 9) ended at regular points."""
    res = track_paths(batch_of(group), seed=3)
    roots = []
    for b in range(len(group)):
        roots += [(b, blocks) for blocks, regular in real_endpoints(res, res.y, b, (2, 2, 2, 2)) if regular]
    return _in_region(group, roots), res.ok.all(axis=1) & res.regular.all(axis=1)


def _same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(any(np.abs(x - y).max() < 1e-7 for y in b) for x in a)


def _g3_system() -> list[SupportSystem]:
    found = []
    original = solver.eliminated

    def spy(group, twice):
        found.extend(group)
        return original(group, twice)

    mp = pytest.MonkeyPatch()
    mp.setattr(solver, "eliminated", spy)
    try:
        solver.tree_enumpoly_solve(read_efg(DATA / "g3.efg"))
    finally:
        mp.undo()
    return found


def test_g3s_system_is_eliminated_with_the_homotopys_solutions() -> None:
    group = _g3_system()
    assert len(group) == 1 and group[0].sizes == (2, 2, 2, 2)
    left, (first, second) = eliminated(group, True)
    assert left == []
    ours, (theirs, _) = _in_region(group, first), _by_homotopy(group)
    assert len(ours[0]) == 1 and _same(ours[0], theirs[0]) and _same(_in_region(group, second)[0], ours[0])


def test_g3_uses_the_elimination_and_lists_what_the_homotopy_lists(monkeypatch) -> None:
    tree = read_efg(DATA / "g3.efg")
    calls = []
    original = solver.track_routes

    def spy(*args):
        calls.append(args)
        yield from original(*args)

    monkeypatch.setattr(solver, "track_routes", spy)
    fast = solver.tree_enumpoly_solve(tree, exact=True)
    assert calls == [] and "reverse order" in fast.evidence.detail
    assert not fast.complete and fast.evidence.kind == "two-routes" and fast.evidence.agreed
    monkeypatch.setattr(solver, "eliminated", lambda group, twice: (list(range(len(group))), [[]] * (1 + twice)))
    slow = solver.tree_enumpoly_solve(tree, exact=True)
    assert len(calls) == 1 and "independent random start system" in slow.evidence.detail

    def keys(res):
        return sorted(tuple(np.round(np.concatenate(e.profile), 9)) for e in res)

    assert keys(fast) == keys(slow) and fast.complete == slow.complete
    assert [e.exact_profile is None for e in fast] == [e.exact_profile is None for e in slow]


def test_random_systems_agree_with_the_homotopy() -> None:
    rng = np.random.default_rng(11)
    group = _systems([rng.standard_normal((4, 1, 2, 2, 2)) for _ in range(60)])
    left, (first, second) = eliminated(group, True)
    assert len(left) <= 3          # random systems are regular: nearly all are accepted
    ours, again, (theirs, _) = _in_region(group, first), _in_region(group, second), _by_homotopy(group)
    assert sum(len(r) >= 2 for r in theirs) >= 3          # several solutions in the region, in some systems
    for b in set(range(len(group))) - set(left):
        assert _same(ours[b], theirs[b]) and _same(again[b], theirs[b])


def test_ties_are_left_to_the_homotopy_or_agree_with_it() -> None:
    # coefficients in {-1, 0, 1}: many systems have solutions at infinity, repeated or dependent ones
    rng = np.random.default_rng(12)
    group = _systems([rng.integers(-1, 2, (4, 1, 2, 2, 2)).astype(float) for _ in range(80)])
    left, (first, _) = eliminated(group, True)
    assert 0 < len(left) < len(group)
    ours, (theirs, regular) = _in_region(group, first), _by_homotopy(group)
    for b in set(range(len(group))) - set(left):
        # a system with all 9 solutions regular: every homotopy path ends at one of them
        assert regular[b] and _same(ours[b], theirs[b])


def test_a_system_the_reversal_leaves_unchanged_goes_to_the_homotopy() -> None:
    # a system symmetric under the reversal would be eliminated the same way twice: no second route
    rng = np.random.default_rng(13)
    base = _systems([rng.standard_normal((4, 1, 2, 2, 2))])
    sym = permuted_batch(batch_of(base), REVERSED)
    half = [(a + b) / 2 for a, b in zip(batch_of(base).coeffs, sym.coeffs, strict=True)]
    group = _systems([np.stack([h[0] for h in half])])
    assert np.allclose(permuted_batch(batch_of(group), REVERSED).coeffs[0], batch_of(group).coeffs[0])
    assert eliminated(group, True)[0] == [0]
    assert eliminated(group, False)[0] == []        # one route alone needs no second computation


def test_route_note_names_each_route() -> None:
    assert "re-tracked on its 2" in tracking.route_note(2, 0)
    assert "reverse order" in tracking.route_note(0, 1) and "homotopy" not in tracking.route_note(0, 1)
    assert " and " in tracking.route_note(1, 1)
