"""Degenerate supports whose equilibria are a product of polytopes cut by multilinear conditions (issue 16: e09).

Oracles: two games whose cut sets are worked out by hand and checked point by point in exact
arithmetic, and Gambit's contrib tree ``e09.efg`` (binary voting without recall; Gambit refuses it)
checked on an exact grid of its 4x4x4 reduced normal form.  Every equilibrium on the grid must be a
listed equilibrium or lie in a listed set (its support inside the set's, every strategy of that
support a best response: the set's defining conditions), and every listed point must have exact
regret 0.

* ``two_mixer_cut``: P1 and P2 are indifferent while P3 plays S1; P3 keeps S1 iff
  ``x1 y1 - x1 y2 - x2 y1 - x2 y2 <= 0``, i.e. ``2 s u <= 1`` with ``s = P1(S1)``, ``u = P2(S1)``:
  the region under a hyperbola, connected (every point joins the edge ``s = 0``), two-dimensional,
  with the arc ``s u = 1/2`` of extreme points.
* ``three_mixer_cut``: the same cut with P3 free between two always-equivalent strategies and a
  third that pays ``2 s u - 1``: the three mixers' indifference equations vanish identically, the
  set is the region times P3's segment (three-dimensional).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np

import bargain as bg
from bargain.io import load_game
from bargain.solvers.polynomial import polynomial_solve

F = Fraction
DATA = Path(__file__).resolve().parents[1] / "data" / "gambit_trees"


def two_mixer_cut() -> bg.Game:
    P = np.zeros((3, 2, 2, 2), dtype=int)
    P[0, 0, :, 1] = 1                       # against P3's S2, P1 and P2 strictly prefer S1
    P[1, :, 0, 1] = 1
    P[2, :, :, 1] = [[1, -1], [-1, -1]]      # P3's gain from S2: 2 s u - 1
    return bg.Game(P)


def three_mixer_cut() -> bg.Game:
    P = np.zeros((3, 3, 3, 3), dtype=int)
    P[0, 2], P[1, :, 2] = -1, -1             # P1's and P2's third strategies are strictly dominated
    P[0, 0, :, 2], P[1, :, 0, 2] = 1, 1
    P[2, :2, :2, 2] = [[1, -1], [-1, -1]]    # P3's third strategy gains 2 s u - 1 over the other two
    return bg.Game(P)


def _payoffs(E: np.ndarray, prof: tuple, i: int) -> list[Fraction]:
    """Player ``i``'s exact payoff to each pure strategy against ``prof``."""
    others = [j for j in range(len(prof)) if j != i]
    out = []
    for a in range(E.shape[1 + i]):
        total = F(0)
        for combo in itertools.product(*(range(len(prof[j])) for j in others)):
            w = F(1)
            for j, k in zip(others, combo, strict=True):
                w *= prof[j][k]
            if w:
                idx = [0] * len(prof)
                idx[i] = a
                for j, k in zip(others, combo, strict=True):
                    idx[j] = k
                total += F(E[(i, *idx)]) * w
        out.append(total)
    return out


def _regret(E: np.ndarray, prof: tuple) -> Fraction:
    worst = F(0)
    for i in range(len(prof)):
        pay = _payoffs(E, prof, i)
        worst = max(worst, max(pay) - sum(p * v for p, v in zip(prof[i], pay, strict=True)))
    return worst


def _covered(E: np.ndarray, prof: tuple, res) -> bool:
    """``prof`` is a listed equilibrium or lies in a listed set (support inside, that support all best replies)."""
    if any(tuple(tuple(F(v) for v in x) for x in e.profile) == prof for e in res):
        return True
    support = [{k for k, v in enumerate(x) if v > 0} for x in prof]
    for c in res.continua:
        if all(s <= set(cs) for s, cs in zip(support, c.support, strict=True)):
            pays = [_payoffs(E, prof, i) for i in range(len(prof))]
            if all(pays[i][k] == max(pays[i]) for i, cs in enumerate(c.support) for k in cs):
                return True
    return False


def _simplex(n: int, den: int) -> list[tuple[Fraction, ...]]:
    return [tuple(F(k, den) for k in p) for p in itertools.product(range(den + 1), repeat=n) if sum(p) == den]


def _check_against_grid(game: bg.Game, res, den: int) -> int:
    E = game.exact_payoffs
    for e in res:
        assert _regret(E, tuple(tuple(F(v) for v in x) for x in e.profile)) == 0
    for c in res.continua:
        for e in c.samples:
            assert _regret(E, tuple(tuple(F(v) for v in x) for x in e.profile)) == 0
    found = 0
    for prof in itertools.product(*(_simplex(n, den) for n in game.shape)):
        if _regret(E, prof) == 0:
            found += 1
            assert _covered(E, prof, res), prof
    return found


def test_two_mixers_cut_by_a_hyperbola_are_one_connected_set_described_exactly() -> None:
    game = two_mixer_cut()
    res = polynomial_solve(game, exact=True)
    assert res.complete
    cut = [c for c in res.continua if c.support == ((0, 1), (0, 1), (0,))]
    assert len(cut) == 1 and cut[0].dimension == 2
    assert "x(P1:S1)*x(P2:S1) - x(P1:S1)*x(P2:S2) - x(P1:S2)*x(P2:S1) - x(P1:S2)*x(P2:S2) <= 0" in \
        cut[0].description and "while P3 plays S1" in cut[0].description
    E = game.exact_payoffs
    # the set is {2 s u <= 1}: on and just off the arc of extreme points, and on a grid with sixths
    for s in (F(1, 2), F(2, 3), F(3, 4), F(1)):
        on = ((s, 1 - s), (1 / (2 * s), 1 - 1 / (2 * s)), (F(1), F(0)))
        off = ((s, 1 - s), (1 / (2 * s) + F(1, 100), 1 - 1 / (2 * s) - F(1, 100)), (F(1), F(0)))
        assert _regret(E, on) == 0 and _covered(E, on, res)
        assert _regret(E, off) > 0
    assert _check_against_grid(game, res, 6) > 20
    bg_res = bg.solve(game)
    assert bg_res.complete and bg_res.evidence.kind == "enumeration"


def test_three_mixers_whose_equations_vanish_are_decided_exactly() -> None:
    game = three_mixer_cut()
    res = polynomial_solve(game, exact=True)
    assert res.complete and not any("could not" in n or "not computed" in n for n in res.notes)
    cut = [c for c in res.continua if c.support == ((0, 1), (0, 1), (0, 1))]
    assert len(cut) == 1 and cut[0].dimension == 3
    assert "x(P1:S1)*x(P2:S1) - x(P1:S1)*x(P2:S2) - x(P1:S2)*x(P2:S1) - x(P1:S2)*x(P2:S2) <= 0" in \
        cut[0].description
    assert _check_against_grid(game, res, 4) > 20
    assert bg.solve(game).evidence.kind == "enumeration"


def test_e09_is_complete_by_enumeration_with_its_sets_exact() -> None:
    res = bg.solve(load_game(DATA / "e09.efg"))
    assert res.complete and res.evidence.kind == "enumeration"
    text = " ".join(res.continuum_lines())
    assert "e-0" not in text and "1e-09" not in text       # no tolerance artefact in an exact answer
    assert any(c.dimension == 5 for c in res.continua)
    game = res.game
    assert game.shape == (4, 4, 4)
    assert _check_against_grid(game, res, 2) > 50
    # random exact profiles off the dyadic grid (half of them inside a listed set's support): every
    # equilibrium among them is covered
    rng = np.random.default_rng(5)
    E = game.exact_payoffs
    hits = 0
    for t in range(300):
        inside = res.continua[t % len(res.continua)].support if t % 2 else None
        prof = []
        for i, n in enumerate(game.shape):
            w = rng.integers(0, 7, size=n) * (rng.random(n) < 0.6)
            if inside is not None:
                w = w * np.isin(np.arange(n), inside[i])
            w = w if w.sum() else np.eye(n, dtype=int)[rng.choice(inside[i]) if inside else rng.integers(n)]
            prof.append(tuple(F(int(v), int(w.sum())) for v in w))
        prof = tuple(prof)
        if _regret(E, prof) == 0:
            hits += 1
            assert _covered(E, prof, res), prof
    assert hits > 30


def test_e09_sets_carry_no_tolerance_artefact() -> None:
    # the payoffs are the integers 1 to 3: no vertex of a polytope of mixtures is a tolerance-sized number
    res = bg.solve(load_game(DATA / "e09.efg"))
    assert "e-0" not in " ".join(res.continuum_lines())
    for c in res.continua:
        for e in c.samples:
            assert all(v == 0 or v > 1e-6 for x in e.profile for v in x)
