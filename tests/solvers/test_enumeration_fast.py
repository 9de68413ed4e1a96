"""The one-pass float route of ``bg.solve`` on two-player games gives the general route's answer.

The general route is :func:`enumeration_solve` on :meth:`Game.normalised`, :func:`transfer` back to the
game and :func:`certify_result`; the one-pass route (:mod:`bargain.solvers.enumeration_fast`) must
return the same equilibria in the same order, with the same components, notes, completeness claim and
evidence -- on generic games and on games full of ties (degenerate games, which it hands to the
general route's component and Nash-subset code).  Independent oracles: quantecon's vertex
enumeration on generic games and the replicator Jacobian's block formula on random profiles.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import bargain as bg
from bargain.model.scale import normalise_per_player, player_tolerances
from bargain.solvers import dynamics
from bargain.solvers.completeness import equilibrium_index
from bargain.solvers.enumeration import enumeration_solve, reduced_positive
from bargain.solvers.enumeration_fast import _prepared, equilibrium_indices, one_pass_enumeration, simple_pairs
from bargain.solvers.registry import certify_result, get_solver
from bargain.solvers.result import transfer


def general_route(game: bg.Game) -> bg.Equilibria:
    """What ``bg.solve(game, method='enumeration', exact=False)`` returned before the one-pass route."""
    found = transfer(enumeration_solve(game.normalised(), exact=False), game)
    return certify_result(get_solver("enumeration"), game, found, False, None)


def assert_same(fast: bg.Equilibria, slow: bg.Equilibria) -> None:
    assert len(fast) == len(slow)
    for e, f in zip(fast, slow, strict=True):
        for x, y in zip(e.profile, f.profile, strict=True):
            np.testing.assert_allclose(x, y, rtol=0, atol=1e-12)
        assert e.support == f.support
        assert e.component == f.component
        np.testing.assert_allclose(e.payoffs, f.payoffs, rtol=1e-12, atol=0)
    assert fast.components == slow.components
    assert fast.notes == slow.notes
    assert fast.complete == slow.complete
    assert fast.evidence == slow.evidence


def random_games(seed: int, count: int):
    """Random games of shapes 2x2 to 6x6 (and 1xn): generic (0..10000) and tied (0..2, 0..3) payoffs."""
    rng = np.random.default_rng(seed)
    for t in range(count):
        m, n = (int(v) for v in rng.integers(1, 7, size=2))
        if m == n == 1:
            continue
        hi = (2, 3, 10, 10_000)[t % 4]
        A = rng.integers(0, hi + 1, size=(m, n)).astype(float)
        B = rng.integers(0, hi + 1, size=(m, n)).astype(float)
        if t % 5 == 0:
            A = A * 1e6 - 3.0          # a player with large payoffs: tolerances are per player
        if t % 7 == 0:
            B[:, 0] = B[:, -1]         # equal payoff columns: degenerate vertices
        yield bg.Game.from_matrices(A, B)


@pytest.mark.parametrize("seed", [1, 2])
def test_one_pass_route_equals_general_route(seed):
    degenerate = 0
    for game in random_games(seed, 160):
        fast = certify_result(get_solver("enumeration"), game, one_pass_enumeration(game), False, None)
        slow = general_route(game)
        assert_same(fast, slow)
        degenerate += slow.components_nonisolated()
        assert bg.solve(game, exact=False).notes[1:] == slow.notes      # the registry takes the one-pass route
    assert degenerate > 0       # the tied games did exercise the degenerate hand-over


def test_simple_pairs_refuses_degenerate_polytope():
    # The column player is indifferent between her columns: P has a vertex with an extra label.
    A = np.array([[1.0, 2.0], [2.0, 1.0]])
    B = np.array([[1.0, 1.0], [2.0, 2.0]])
    assert simple_pairs(A, B) is None
    found = simple_pairs(np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([[1.0, 2.0], [2.0, 1.0]]))
    assert found is not None and len(found[0]) == 1        # matching pennies: one mixed equilibrium


@pytest.mark.slow                     # quantecon's numba compilation takes seconds
def test_one_pass_route_agrees_with_quantecon():
    qgt = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(23)
    for size in (2, 3, 4, 5, 6, 7, 8):
        A = rng.integers(0, 10_001, size=(size, size)).astype(float)
        B = rng.integers(0, 10_001, size=(size, size)).astype(float)
        ours = bg.solve(bg.Game.from_matrices(A, B), exact=False)
        theirs = qgt.vertex_enumeration(qgt.NormalFormGame((qgt.Player(A), qgt.Player(B.T))))
        assert len(ours) == len(theirs)
        for x, y in theirs:
            assert any(np.allclose(e.profile[0], x, atol=1e-9) and np.allclose(e.profile[1], y, atol=1e-9)
                       for e in ours)


def test_bimatrix_jacobian_matches_block_formula():
    """The bimatrix Jacobian against the replicator field's derivative by central differences."""
    rng = np.random.default_rng(5)
    A, B = rng.random((3, 4)), rng.random((3, 4))
    game = bg.Game.from_matrices(A, B)
    x, y = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(4))
    J = dynamics._jacobians(game, (x[None, :], y[None, :]))[0]

    def field(z):
        xx, yy = z[:3], z[3:]
        v, w = A @ yy, xx @ B
        return np.concatenate([xx * (v - xx @ v), yy * (w - yy @ w)])

    z, h = np.concatenate([x, y]), 1e-6
    numeric = np.column_stack([(field(z + h * e) - field(z - h * e)) / (2 * h) for e in np.eye(7)])
    np.testing.assert_allclose(J, numeric, atol=1e-8)


def test_options_and_tol_take_the_general_route():
    """With solver options or an explicit tol, bg.solve runs enumeration_solve itself; the answers agree."""
    rng = np.random.default_rng(11)
    game = bg.Game.from_matrices(rng.integers(0, 100, size=(4, 5)).astype(float),
                                 rng.integers(0, 100, size=(4, 5)).astype(float))
    fast = bg.solve(game, exact=False)
    for other in (bg.solve(game, exact=False, tol=1e-6), bg.solve(game, exact=False, vertex_method="hull")):
        assert len(other) == len(fast)
        for e, f in zip(fast, other, strict=True):
            for x, y in zip(e.profile, f.profile, strict=True):
                np.testing.assert_allclose(x, y, atol=1e-12)
        assert other.evidence == fast.evidence


def _gaps(game: bg.Game, Z: np.ndarray) -> np.ndarray:
    """Each strategy's payoff minus its player's at the profiles ``Z = (x, y)``, from the payoffs directly."""
    A, B = game.payoffs
    m = A.shape[0]
    x, y = Z[:, :m], Z[:, m:]
    v, w = y @ A.T, x @ B
    return np.concatenate([v - (x * v).sum(1, keepdims=True), w - (y * w).sum(1, keepdims=True)], axis=1)


def _shapley_index(game: bg.Game, support) -> int:
    """Shapley's (1974) index of a nondegenerate equilibrium: ``(-1)^(k+1) sign(det A_IJ det B_IJ)`` for
    positive payoff matrices (von Stengel 2002, sec. 3.6); supports of equal size ``k``."""
    rows, cols = support
    A, B = (u - u.min() + 1.0 for u in game.payoffs)
    k = len(rows)
    ix = np.ix_(rows, cols)
    return (-1) ** (k + 1) * int(np.sign(np.linalg.det(A[ix]) * np.linalg.det(B[ix])))


@pytest.mark.parametrize("seed", [3, 4])
def test_closed_form_index_equals_eigenvalue_index(seed):
    """equilibrium_indices (gaps, the 2x2 support block in closed form) against the eigenvalue index of
    completeness.equilibrium_index on every equilibrium of random generic and tied games, and against
    Shapley's determinant formula where the game is nondegenerate."""
    rng = np.random.default_rng(seed)
    counts = {"pure": 0, "two": 0, "three": 0, "larger": 0, "irregular": 0, "several": 0}
    games = []
    for t in range(200):
        m, n = (int(v) for v in rng.integers(1, 7, size=2))
        if m == n == 1:
            continue
        hi = (2, 3, 10_000, 10_000)[t % 4]
        games.append((hi, bg.Game.from_matrices(rng.integers(0, hi + 1, size=(m, n)) * (1e4 if t % 3 else 1.0),
                                                rng.integers(0, hi + 1, size=(m, n)).astype(float))))
    for s in (4, 5):    # perturbed coordination games: an equilibrium on every support, up to s x s
        games.append((10_000, bg.Game.from_matrices(10 * np.eye(s) + rng.random((s, s)),
                                                    10 * np.eye(s) + rng.random((s, s)))))
    for hi, game in games:
        eqs = bg.solve(game, method="enumeration", exact=False)
        if not eqs.components or eqs.components_nonisolated():
            continue
        Z = np.array([np.concatenate(e.profile) for e in eqs])
        ours = equilibrium_indices(game, [e.support for e in eqs], Z, _gaps(game, Z))
        theirs = [equilibrium_index(game, e.profile) for e in eqs]
        assert ours == theirs
        counts["several"] += len(eqs) > 1
        for e, k in zip(eqs, ours, strict=True):
            if k is None:
                counts["irregular"] += 1
                continue
            size = len(e.support[0])
            counts[{1: "pure", 2: "two", 3: "three"}.get(size, "larger")] += 1
            if hi > 3 and len(e.support[0]) == len(e.support[1]):
                assert k == _shapley_index(game, e.support)
        if None not in ours and hi > 3:
            assert sum(ours) == 1           # the index theorem on nondegenerate games
    assert min(counts.values()) > 0, counts     # every branch was exercised


@pytest.mark.parametrize("seed", [5, 6])
def test_prepared_matches_normalise_and_reduce(seed):
    """The one-pass route's normalisation and dominance (few array calls, plain Python on small games)
    give bit for bit what normalise_per_player and reduced_positive give."""
    rng = np.random.default_rng(seed)
    removed = 0
    for t in range(300):
        m, n = (int(v) for v in rng.integers(1, 11, size=2))
        hi = (1, 2, 5, 10_000)[t % 4]
        P = rng.integers(-hi, hi + 1, size=(2, m, n)).astype(float) * (1e300 if t % 9 == 0 else 1.0)
        if t % 11 == 0:
            P[1] = 7.0                                  # a player indifferent everywhere
        game = bg.Game(P)
        sc, rows, cols, A, B = _prepared(game)
        spread, tol_n = np.array(sc.spread), sc.tol_n
        norm, _, spread0 = normalise_per_player(game.payoffs, 2)
        unit = (spread0 > 0).astype(float)
        tol0 = float(np.max(player_tolerances(unit, unit)))
        rows0, cols0, A0, B0 = reduced_positive(norm[0], norm[1], tol0)
        assert tol_n == tol0
        assert np.array_equal(spread, spread0)
        assert np.array_equal(rows, rows0) and np.array_equal(cols, cols0)
        assert np.array_equal(A, A0) and np.array_equal(B, B0)
        removed += len(rows) < m or len(cols) < n
    assert removed > 50


@pytest.mark.parametrize("shape", [(9, 7), (7, 9), (8, 5)])
def test_one_pass_route_on_larger_rectangular_games(shape):
    """Games past the basis-enumeration size, with more rows than columns too (the transposed game is
    enumerated): the one-pass route keeps them (no hand-over) and gives the general route's answer."""
    rng = np.random.default_rng(sum(shape))
    for _ in range(3):
        game = bg.Game.from_matrices(rng.integers(0, 10_001, size=shape).astype(float),
                                     rng.integers(0, 10_001, size=shape).astype(float))
        fast = one_pass_enumeration(game)
        assert fast.evidence is not None and fast.evidence.kind == "index"   # certified in the one pass
        assert_same(certify_result(get_solver("enumeration"), game, fast, False, None), general_route(game))


def test_vertex_enumeration_of_large_games_runs_blas_on_one_thread(monkeypatch):
    """Qhull's route on games larger than 8x8 runs with one BLAS thread, restored afterwards: products over
    thousands of vertices split over threads that then spin, doubling the CPU time (up to 8x8 it does not
    set the limit: the products are too small to be split)."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from bargain.solvers import enumeration_fast

    def blas_threads():
        return [d["num_threads"] for d in threadpoolctl.threadpool_info() if d["user_api"] == "blas"]

    seen = []
    real = enumeration_fast.hull_pairs

    def spy(A, B):
        seen.append(blas_threads())
        return real(A, B)

    monkeypatch.setattr(enumeration_fast, "hull_pairs", spy)
    rng = np.random.default_rng(11)
    game = bg.Game.from_matrices(rng.random((9, 9)), rng.random((9, 9)))
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):    # as on a machine with 2 cores or more
        before = blas_threads()
        bg.solve(game)
        assert blas_threads() == before
    assert seen and all(n == 1 for n in seen[0])


@pytest.mark.parametrize("k", [3, 4])
def test_support_blocks_of_size_three_and_four_in_python_floats_match_arrays(k):
    """The scalar ``det(P Q)`` of a 3 x 3 or 4 x 4 support (small games) equals the stacked array computation,
    and is None exactly where that is (an eigenvalue within the zero threshold) or at rounding level."""
    from bargain.solvers.enumeration_index import _block_square_3, _block_square_4, _support_block_squares

    scalar = {3: _block_square_3, 4: _block_square_4}[k]
    rng = np.random.default_rng(31 + k)
    checked = irregular = 0
    for t in range(200):
        m, n = (int(v) for v in rng.integers(k, k + 3, size=2))
        P = rng.integers(0, 4, size=(2, m, n)).astype(float) if t % 3 == 0 else rng.random((2, m, n))
        game = bg.Game(P)
        rows = tuple(sorted(rng.choice(m, k, replace=False).tolist()))
        cols = tuple(sorted(rng.choice(n, k, replace=False).tolist()))
        z = np.zeros(m + n)
        z[list(rows)] = rng.dirichlet(np.ones(k))
        z[[m + j for j in cols]] = rng.dirichlet(np.ones(k))
        zero = 1e-3 if t % 4 == 0 else 1e-12
        want = _support_block_squares(game, z[None, :], [(rows, cols)], [0], k, zero)[0]
        got = scalar(*P.tolist(), z.tolist(), m, rows, cols, zero)
        if got is None:       # irregular, or det(P Q) at rounding level (left to certify(): never less strict)
            irregular += 1
            assert want is None or abs(want) < 1e-10
        else:
            assert want is not None and got == pytest.approx(want, rel=1e-9)
        checked += 1
    assert irregular > 5 and checked - irregular > 100


def _four_kinds(rng: np.random.Generator, shape: tuple[int, int], count: int):
    """``count`` seeded ``(kind, game)`` of four kinds in turn: uniform (0), normal with each player's scale in
    1e-6..1e6 (1), small integers with ties (2), and degenerate games with an equal payoff column and row (3)."""
    for t in range(count):
        kind = t % 4
        if kind == 0:
            A, B = rng.random(shape), rng.random(shape)
        elif kind == 1:
            s = 10.0 ** rng.uniform(-6, 6, size=2)
            A, B = rng.normal(size=shape) * s[0], rng.normal(size=shape) * s[1]
        else:
            A = rng.integers(0, 4 if kind == 2 else 10, size=shape).astype(float)
            B = rng.integers(0, 4 if kind == 2 else 10, size=shape).astype(float)
            if kind == 3:
                B[:, 0], A[0] = B[:, -1], A[-1]
        yield kind, bg.Game.from_matrices(A, B)


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (4, 4), (2, 5), (5, 3), (5, 5)])
def test_scalar_route_equals_general_route_on_every_kind_of_game(shape):
    """Seeded games of one shape: uniform, normal with each player's scale in 1e-6..1e6, small integers
    (ties) and degenerate (equal payoff columns and rows): the one-pass route (Python floats up to 4x4)
    gives the general route's equilibria, order, components, notes, claim and evidence."""
    for _, game in _four_kinds(np.random.default_rng([23, *shape]), shape, 48):
        fast = bg.solve(game)
        slow = general_route(game)
        assert fast.notes[1:] == slow.notes
        assert_same(fast.replace(notes=fast.notes[1:]), slow)


@pytest.mark.parametrize("shape", [(6, 6), (7, 7), (8, 8), (5, 8), (6, 9), (9, 7)])
def test_hull_route_equals_general_route_on_every_kind_of_game(shape):
    """Games past the basis-enumeration size (Qhull's vertices of ``P``, partners by :func:`hull_pairs`), seeded:
    uniform, normal with each player's scale in 1e-6..1e6, small integers (ties) and degenerate (equal payoff
    columns and rows, which :func:`hull_pairs` hands back): the general route's equilibria, order, components,
    notes, claim and evidence; and the hand-over happened on the degenerate games only."""
    from bargain.solvers import enumeration_fast
    from bargain.solvers.simple_pairs import hull_pairs

    refused = []
    for kind, game in _four_kinds(np.random.default_rng([29, *shape]), shape, 16):
        Ar, Br = enumeration_fast._prepared(game)[3:]
        if Ar.shape[0] > Ar.shape[1]:
            Ar, Br = Br.T, Ar.T
        if min(Ar.shape) > 1 and math.comb(sum(Ar.shape), Ar.shape[0]) > enumeration_fast.SIMPLE_PAIRS_MAX:
            refused.append((kind, hull_pairs(Ar, Br) is None))
        fast = bg.solve(game)
        slow = general_route(game)
        assert fast.notes[1:] == slow.notes
        assert_same(fast.replace(notes=fast.notes[1:]), slow)
    assert any(k == 0 and not r for k, r in refused)           # the generic games did take the hull route
    assert all(r for k, r in refused if k == 3)                  # the degenerate ones were handed back


def test_hull_route_builds_no_table_of_bases(monkeypatch):
    """Games past the basis-enumeration size never list every basis (16x16: 6e8 of them, memory the machine
    does not have): the Qhull route's partner systems are gathered without those tables."""
    from bargain.solvers import _polytope
    from bargain.solvers import simple_pairs as sp

    def refuse(d, k):
        raise AssertionError(f"a table of all {math.comb(d + k, d)} bases of a {d}x{k} game")

    monkeypatch.setattr(_polytope, "basis_subsets", refuse)
    monkeypatch.setattr(sp, "basis_subsets", refuse)
    sp._label_bases.cache_clear()
    rng = np.random.default_rng(5)
    game = bg.Game.from_matrices(rng.random((9, 9)), rng.random((9, 9)))
    assert len(bg.solve(game)) == len(general_route(game))
    sp._label_bases.cache_clear()
