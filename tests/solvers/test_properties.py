"""Hypothesis properties of two-player enumeration (generic and degenerate games).

* every returned profile is a Nash equilibrium (exactly, for rational payoffs);
* relabelling strategies (``Game.permute``) permutes the answer, components included;
* adding a constant to, or positively scaling, one player's payoffs leaves the answer unchanged;
* swapping the players' roles transposes the answer;
* float and exact modes give the same set.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bargain as bg
from bargain.testing import assert_equilibria_equal

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def bimatrix(draw, max_size: int = 4, hi: int | None = None):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    top = draw(st.sampled_from([2, 3, 100])) if hi is None else hi
    vals = st.integers(0, top)
    A = np.array(draw(st.lists(vals, min_size=m * n, max_size=m * n)), dtype=object).reshape(m, n)
    B = np.array(draw(st.lists(vals, min_size=m * n, max_size=m * n)), dtype=object).reshape(m, n)
    return A, B


def solve(A, B, **kw):
    return bg.solve(bg.Game.from_matrices(A, B), method="enumeration", **kw)


def exact_set(eqs):
    return {tuple(tuple(x) for x in e.exact_profile) for e in eqs}


def component_shape(eqs):
    """Components as a set of frozensets of exact profiles (order-free)."""
    profs = [tuple(tuple(x) for x in e.exact_profile) for e in eqs]
    return {frozenset(profs[k] for k in c.equilibria) for c in eqs.components}


@SETTINGS
@given(bimatrix())
def test_every_profile_is_an_exact_equilibrium(game):
    A, B = game
    eqs = solve(A, B)
    g = eqs.game
    assert len(eqs) >= 1                                  # Nash's theorem
    for e in eqs:
        assert g.is_nash(e.exact_profile, exact=True)
        assert g.is_nash(e.profile)
    # every maximal Nash subset is a product of sets of equilibria: check its barycentre
    for c in eqs.components:
        for sub in c.nash_subsets:
            x = sum((eqs[k].exact_profile[0] for k in sub), start=np.zeros(g.shape[0], dtype=object)) / len(sub)
            y = sum((eqs[k].exact_profile[1] for k in sub), start=np.zeros(g.shape[1], dtype=object)) / len(sub)
            assert g.is_nash([x, y], exact=True)


@SETTINGS
@given(bimatrix(), st.randoms(use_true_random=False))
def test_permuting_strategies_permutes_the_answer(game, rnd):
    A, B = game
    m, n = A.shape
    pr, pc = list(range(m)), list(range(n))
    rnd.shuffle(pr)
    rnd.shuffle(pc)
    g = bg.Game.from_matrices(A, B)
    base = bg.solve(g, method="enumeration")
    perm = bg.solve(g.permute([pr, pc]), method="enumeration")

    def back(prof):
        x, y = prof
        return tuple(x[pr.index(k)] for k in range(m)), tuple(y[pc.index(k)] for k in range(n))

    assert {back(p) for p in exact_set(perm)} == exact_set(base)
    assert {frozenset(back(p) for p in comp) for comp in component_shape(perm)} == component_shape(base)


@SETTINGS
@given(bimatrix(), st.integers(-50, 50), st.fractions(min_value=Fraction(1, 7), max_value=9), st.booleans())
def test_positive_affine_change_of_one_player_changes_nothing(game, shift, scale, row_player):
    A, B = game
    base = solve(A, B)
    if row_player:
        A = A * scale + shift
    else:
        B = B * scale + shift
    other = solve(A, B)
    assert exact_set(other) == exact_set(base)
    assert component_shape(other) == component_shape(base)


@SETTINGS
@given(bimatrix())
def test_swapping_players_transposes_the_answer(game):
    A, B = game
    base = solve(A, B)
    swapped = solve(B.T, A.T)
    assert {(y, x) for x, y in exact_set(swapped)} == exact_set(base)


@SETTINGS
@given(bimatrix(max_size=5))
def test_float_mode_equals_exact_mode(game):
    A, B = game
    exact = solve(A, B)
    floats = solve(A.astype(float) / 3.0, B.astype(float) * 0.1)
    assert_equilibria_equal(floats, exact, tol=1e-9)
    assert [c.equilibria for c in floats.components] == [c.equilibria for c in exact.components]
