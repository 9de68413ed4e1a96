"""Completeness of the n-player solver: invariance properties, the index self-check, fixed hard cases.

Oracles: McKelvey and McLennan's 2x2x2 example (9 equilibria, 2 totally mixed, values computed by
hand from its payoffs: the indifference conditions factor as (4r - 1)(2q - 1), (3r - 1)(2p - 1)
and 26pq - 8p - 8q + 2), pygambit's enumpoly, and properties that hold for every game: the
equilibrium set does not depend on the order of the players or of the strategies, nor on a
positive affine change of a player's payoffs.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bargain as bg
from bargain.solvers.completeness import certify, equilibrium_index, permute_players
from bargain.solvers.polynomial.collector import exact_form
from bargain.solvers.polynomial.solver import independent_route, polynomial_solve
from bargain.solvers.registry import method_choice, solve
from bargain.solvers.result import Equilibria


def mckelvey_mclennan() -> bg.Game:
    """The 2x2x2 example of McKelvey and McLennan (1997), typed from its payoff table."""
    P = np.zeros((3, 2, 2, 2), dtype=int)
    P[:, 0, 0, 0] = (9, 8, 12)
    P[:, 1, 1, 0] = (9, 8, 2)
    P[:, 1, 0, 1] = (3, 4, 6)
    P[:, 0, 1, 1] = (3, 4, 6)
    return bg.Game(P)


def coordination_333() -> bg.Game:
    """Three players, three strategies; everyone gets 1 when all choose the same strategy."""
    P = np.zeros((3, 3, 3, 3), dtype=int)
    for k in range(3):
        P[:, k, k, k] = 1
    return bg.Game(P)


def vectors(eqs) -> list[np.ndarray]:
    return [np.concatenate(e.profile) for e in eqs]


def same_set(a: list[np.ndarray], b: list[np.ndarray], tol: float = 1e-6) -> bool:
    return len(a) == len(b) and all(any(np.max(np.abs(x - y)) <= tol for y in b) for x in a)


# ----------------------------------------------------------------------------- the reported miss
MISSED = ((Fraction(1, 2), Fraction(1, 2)), (Fraction(2, 5), Fraction(3, 5)), (Fraction(1, 4), Fraction(3, 4)))


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_mckelvey_mclennan_nine_equilibria_in_every_player_order(order):
    game = permute_players(mckelvey_mclennan(), order)
    res = solve(game, exact=True)
    assert len(res) == 9 and res.complete
    assert res.evidence.kind == "index" and res.evidence.index_sum == 1
    missed = tuple(MISSED[k] for k in order)
    assert missed in {e.exact_profile for e in res}
    # two totally mixed equilibria (McKelvey-McLennan's bound for 2x2x2 games)
    assert sum(all(len(s) == 2 for s in e.support) for e in res) == 2


def test_mckelvey_mclennan_general_route_without_closed_form():
    res = polynomial_solve(mckelvey_mclennan(), closed_form=False)
    assert len(res) == 9


def test_index_check_recovers_a_dropped_equilibrium():
    game = mckelvey_mclennan()
    full = solve(game, exact=True)
    dropped = full.replace([e for e in full if e.exact_profile != MISSED])
    assert len(dropped) == 8
    # without an independent route the failed check is reported, never "complete"
    bad = certify(dropped.replace(complete=True))
    assert not bad.complete and bad.evidence.index_sum == 2
    assert any("index check failed" in n for n in bad.notes)
    assert "complete" not in bad.completeness.replace("not guaranteed complete", "")
    # with the independent route the ninth is found again and the sum is +1
    good = certify(dropped.replace(complete=True), lambda: independent_route(game, False, None), "homotopy")
    assert good.complete and len(good) == 9 and good.evidence.index_sum == 1


def test_independent_route_is_complete_on_mckelvey_mclennan_and_exact_after_conversion():
    # the route searches and verifies in floats; what it adds to an answer is made exact by exact_form
    game = mckelvey_mclennan()
    eqs = independent_route(game, True, None)
    assert len(eqs) == 9 and all(game.regret(e.profile) <= 1e-9 for e in eqs)
    assert MISSED in {exact_form(game, e).exact_profile for e in eqs}


def test_indices_are_plus_one_for_strict_and_sum_to_one():
    game = mckelvey_mclennan()
    res = solve(game)
    idx = [equilibrium_index(game, e.profile) for e in res]
    assert all(k == 1 for k, e in zip(idx, res, strict=True) if e.is_pure)
    assert sum(idx) == 1


# ----------------------------------------------------------------------------- degenerate n-player path
def test_coordination_333_no_phantom_continua():
    game = coordination_333()
    res = solve(game, exact=True)
    assert len(res) == 13 and not res.continua
    assert res.complete
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.from_arrays(*[game.payoffs[i] for i in range(3)])
    theirs = [np.array([float(e[s]) for p in g.players for s in p.strategies])
              for e in gbt.nash.enumpoly_solve(g).equilibria]
    assert same_set(vectors(res), theirs)


def test_claimed_continua_verify_at_corners_and_inside():
    # a pure player's best response cuts a product of polytopes: no continuum may be claimed there
    game = coordination_333()
    for cont in solve(game).continua:      # none expected, but any that appears must verify inside
        pts = [s.profile for s in cont.samples]
        mid = [np.mean([p[i] for p in pts], axis=0) for i in range(3)]
        assert game.regret(mid) <= game.tolerance


# ----------------------------------------------------------------------------- properties
def _int_game(shape):
    n = len(shape)
    return st.lists(st.integers(-6, 6), min_size=n * int(np.prod(shape)), max_size=n * int(np.prod(shape))).map(
        lambda xs: np.array(xs).reshape((n, *shape)))


def _check_invariance(P: np.ndarray, data) -> None:
    game = bg.Game(P)
    base = vectors(solve(game, "polynomial", exact=False))
    n = game.n_players
    order = data.draw(st.permutations(range(n)))
    perms = [data.draw(st.permutations(range(s))) for s in game.shape]
    scale = [data.draw(st.integers(1, 5)) for _ in range(n)]
    shift = [data.draw(st.integers(-5, 5)) for _ in range(n)]
    Q = np.array([scale[i] * P[i] + shift[i] for i in range(n)])
    moved = permute_players(bg.Game(Q).permute(perms), order)
    res = solve(moved, "polynomial", exact=False)
    inv = np.argsort(order)
    back = []
    for e in res:
        prof = [e.profile[k] for k in inv]                         # undo the player order
        prof = [np.array([x[list(perms[i]).index(k)] for k in range(len(x))]) for i, x in enumerate(prof)]
        back.append(np.concatenate(prof))
    assert same_set(base, back), f"{len(base)} equilibria before, {len(back)} after"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(P=_int_game((2, 2, 2)), data=st.data())
def test_equilibria_invariant_2x2x2(P, data):
    _check_invariance(P, data)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(P=_int_game((3, 3, 2)), data=st.data())
def test_equilibria_invariant_3x3x2(P, data):
    _check_invariance(P, data)


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(P=_int_game((3, 3, 3)), data=st.data())
def test_equilibria_invariant_3x3x3(P, data):
    _check_invariance(P, data)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(P=_int_game((2, 2, 2, 2)), data=st.data())
def test_equilibria_invariant_2x2x2x2(P, data):
    _check_invariance(P, data)


def test_fixed_game_with_two_totally_mixed_equilibria_matches_gambit():
    """Integer 2x2x2 game (drawn once and stored) on which enumpoly finds two interior equilibria."""
    gbt = pytest.importorskip("pygambit")
    P = np.random.default_rng(29).integers(-9, 10, size=(3, 2, 2, 2))
    game = bg.Game(P)
    g = gbt.Game.from_arrays(*[P[i] for i in range(3)])
    theirs = [np.array([float(e[s]) for p in g.players for s in p.strategies])
              for e in gbt.nash.enumpoly_solve(g).equilibria]
    assert sum(np.all(v > 1e-9) for v in theirs) == 2
    res = solve(game)
    ours = vectors(res)
    # the game has a payoff tie: bargain also lists the extreme point of a segment of equilibria
    assert res.complete and all(any(np.max(np.abs(v - w)) <= 1e-6 for w in ours) for v in theirs)
    assert all(game.regret(e.profile) <= game.tolerance for e in res)


# ----------------------------------------------------------------------------- auto explains itself
def test_auto_says_which_route_and_why():
    res = solve(mckelvey_mclennan())
    assert sum(n.startswith("auto:") for n in res.notes) == 1
    rng = np.random.default_rng(3)
    big = bg.Game.from_matrices(rng.random((40, 40)), rng.random((40, 40)))
    choice = method_choice(big)
    assert choice.name == "lemke-howson" and "--method enumeration" in choice.reason
    res = solve(big)
    assert not res.complete and res.completeness == "not guaranteed complete"
    assert not any("dropping label" in n for n in res.notes)


# ----------------------------------------------------------------------------- every way to claim "complete"
def test_two_routes_never_claim_completeness_on_a_degenerate_game():
    # coord333 has 6 irregular equilibria, so the index theorem says nothing; every support system was solved
    # by a deterministic computation, so the claim is enumeration.  A claim that does not say which supports
    # need a second route (recheck None) is backed by the independent route on all of them
    game = coordination_333()
    res = solve(game, exact=True)
    assert res.complete and res.evidence.kind == "enumeration" and res.evidence.passed and res.recheck == ()
    assert res.evidence.irregular > 0 and "enumeration" in res.completeness
    unnamed = Equilibria(res.game, list(res), res.method, complete=True)
    assert unnamed.recheck is None
    again = certify(unnamed, lambda: independent_route(game, True, None), "the homotopy")
    # two routes that agree are no proof: the answer says what was checked and is not called complete
    assert not again.complete and again.evidence.kind == "two-routes" and again.evidence.agreed
    assert not again.evidence.passed and again.completeness == "not guaranteed complete: two routes agree"
    assert again.evidence.detail.startswith("not guaranteed complete: two independent routes agree on the 13 ")
    assert "neither the index check nor exact enumeration applies" in again.notes[-1]
    assert "complete" not in again.table().splitlines()[0].replace("not guaranteed complete", "")
    # the same claim with one equilibrium dropped: the second route finds it, the answer is not complete
    centre = (Fraction(1, 3),) * 3
    dropped = Equilibria(res.game, [e for e in res if e.exact_profile[0] != centre], res.method, complete=True)
    assert len(dropped) == 12
    resolve = lambda: independent_route(game, True, None)     # noqa: E731
    bad = certify(dropped, resolve, "the homotopy")
    assert not bad.complete and bad.evidence.kind == "two-routes" and not bad.evidence.passed
    assert not bad.evidence.agreed and bad.completeness == "not guaranteed complete"
    assert len(bad) == 13 and any(e.exact_profile[0] == centre for e in bad)
    assert any("found 1 equilibrium the solver missed" in n for n in bad.notes)


def test_enumeration_claim_of_two_player_vertex_enumeration_matches_gambit():
    # a degenerate bimatrix game (a tie makes a segment of equilibria): the index theorem does not apply,
    # the claim rests on exact vertex enumeration, whose extreme equilibria must be Gambit's
    gbt = pytest.importorskip("pygambit")
    A = np.array([[3, 3, 0], [2, 2, 4], [0, 1, 1]])
    B = np.array([[2, 2, 1], [0, 3, 3], [4, 0, 2]])
    res = solve(bg.Game(np.stack([A, B])), "enumeration", exact=True)
    assert res.complete and res.evidence.kind in ("enumeration", "index")
    g = gbt.Game.from_arrays(A, B)
    theirs = [np.array([float(e[s]) for p in g.players for s in p.strategies])
              for e in gbt.nash.enummixed_solve(g, rational=True).equilibria]
    assert theirs and all(any(np.max(np.abs(t - v)) <= 1e-9 for v in vectors(res)) for t in theirs)


def test_support_whose_equalities_fix_the_point_no_crash():
    # drawn by the offline completeness check (uniform 3x3x3, seed 1): a degenerate two-mixer support whose
    # equality constraints leave no free direction used to crash the polytope-vertex enumeration
    P = np.array([[[[-5, -8, 7], [-3, 2, 2], [-3, -9, 5]], [[6, -9, 8], [4, -6, 8], [1, 6, -1]],
                   [[4, 4, -9], [1, -3, 2], [1, 3, -7]]],
                  [[[-5, 5, 8], [2, -2, 9], [7, 4, -2]], [[8, 8, 6], [0, 8, 6], [-7, 8, 4]],
                   [[5, 2, -4], [-9, 9, 9], [8, 3, 2]]],
                  [[[-4, 8, -3], [0, -5, -2], [1, -5, -1]], [[2, -6, -3], [-4, 8, 0], [-7, -6, -8]],
                   [[5, 6, 0], [1, -3, -5], [3, -1, 5]]]])
    game = bg.Game(P)
    res = solve(game, "polynomial")
    assert all(game.regret(e.profile) <= game.tolerance for e in res)
    # pure equilibria by brute force (Gambit's enumpoly does not finish on this degenerate game)
    pure = [prof for prof in itertools.product(range(3), repeat=3)
            if all(P[i][prof] >= max(P[i][(*prof[:i], k, *prof[i + 1:])] for k in range(3)) for i in range(3))]
    found = {tuple(int(np.argmax(x)) for x in e.profile) for e in res if e.is_pure}
    assert set(pure) == found
    # the homotopy on every support (players reversed) finds nothing the answer lacks
    others = independent_route(game, False, None)
    assert all(any(np.max(np.abs(np.concatenate(o.profile) - v)) <= 1e-6 for v in vectors(res)) for o in others)


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 3)])
def test_batch_kernel_complete_claims_pass_the_index_check(shape):
    # the batch kernels mark a game complete without running certify(); where every equilibrium they list
    # is regular, the indices must sum to +1 (Shapley; Gul-Pearce-Stacchetti), else one is missing
    from bargain.solvers.batch import solve_batch

    rng = np.random.default_rng(5)
    P = rng.integers(-5, 6, size=(60, len(shape), *shape))
    out = solve_batch(P, n_players=len(shape))
    checked = 0
    for b in range(len(P)):
        if not out.complete[b] or out.continuum[b]:
            continue
        game = bg.Game(P[b])
        offs = np.cumsum((0, *shape))
        idx = [equilibrium_index(game, [v[offs[i]:offs[i + 1]] for i in range(len(shape))])
               for v in out.profiles[b, : out.count[b]]]
        if all(k is not None for k in idx):
            assert sum(idx) == 1, (b, P[b].tolist())
            checked += 1
    assert checked >= 20
