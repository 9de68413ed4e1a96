"""The support profiles the polynomial solver enumerates, and its fast exact and float regret checks.

Oracles: :class:`bargain.model.dominance.ConditionalDominance` queried profile by profile (the
pruning rule of Porter, Nudelman and Shoham 2008, sec. 3), hand-counted support lists, and
:meth:`bargain.Game.regrets` in exact arithmetic.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.model.dominance import ConditionalDominance
from bargain.solvers.polynomial.collector import RegretChecker
from bargain.solvers.polynomial.support import subsets, support_profiles

SHAPES = [(2, 2), (3, 2), (2, 2, 2), (3, 3, 3), (2, 2, 2, 2), (4, 3, 2), (2, 3, 2, 2), (1, 3, 2)]


def _by_loop(payoffs: np.ndarray, tol: float) -> list[tuple]:
    """Mixed support profiles kept by querying ConditionalDominance one profile at a time (unordered)."""
    dom = ConditionalDominance(payoffs[None], tol, strict=False)
    out = []
    for prof in itertools.product(*[subsets(s) for s in payoffs.shape[1:]]):
        if all(len(s) == 1 for s in prof):
            continue
        if not any(dom.mask(i, prof[:i] + prof[i + 1:])[0, list(prof[i])].any() for i in range(len(prof))):
            out.append(prof)
    return out


@pytest.mark.parametrize("shape", SHAPES)
def test_pruning_matches_conditional_dominance(shape):
    rng = np.random.default_rng(sum(shape) * 7 + len(shape))
    for trial in range(4):
        # integer payoffs in -2..2 have many ties, the case where weak dominance matters
        P = rng.integers(-2, 3, size=(len(shape), *shape)).astype(float) if trial % 2 else rng.random((len(shape),
                                                                                                    *shape))
        kept, pruned = support_profiles(P, 1e-9)
        expected = _by_loop(P, 1e-9)
        assert sorted(kept) == sorted(expected)
        total = int(np.prod([2 ** s - 1 for s in shape])) - int(np.prod(shape))
        assert pruned == total - len(expected)
        sizes = [(sum(map(len, p)), max(map(len, p)) - min(map(len, p))) for p in kept]
        assert sizes == sorted(sizes)                        # Porter-Nudelman-Shoham order
        everything, none_pruned = support_profiles(P, 1e-9, prune=False, include_pure=True)
        assert none_pruned == 0 and len(everything) == int(np.prod([2 ** s - 1 for s in shape]))


def test_hand_counted_prisoners_dilemma_for_three():
    # defecting (strategy 1) strictly dominates cooperating for everyone: every mixed support is pruned
    P = np.zeros((3, 2, 2, 2))
    for i in range(3):
        for prof in itertools.product(range(2), repeat=3):
            P[(i, *prof)] = 2 * sum(1 - p for p in prof) + prof[i]
    kept, pruned = support_profiles(P, 1e-9)
    assert kept == [] and pruned == 3 ** 3 - 8
    # with nothing to prune, the 19 mixed supports come smallest first
    kept, pruned = support_profiles(np.zeros((3, 2, 2, 2)), 1e-9)
    assert pruned == 0 and len(kept) == 19 and sum(map(len, kept[0])) == 4 and sum(map(len, kept[-1])) == 6


def test_regret_checker_against_game_regrets():
    rng = np.random.default_rng(11)
    for shape in [(2, 2, 2), (3, 2, 4), (2, 2, 2, 2)]:
        P = rng.integers(-9, 10, size=(len(shape), *shape))
        g = bg.Game(P).to_exact()
        checker = RegretChecker(g)
        for _ in range(30):
            prof = []
            for s in shape:
                w = rng.integers(0, 4, size=s)
                w[rng.integers(s)] += 1
                prof.append(tuple(Fraction(int(v), int(w.sum())) for v in w))
            exact = g.regrets(prof, exact=True)
            assert checker.exact_nash(prof) == all(r == 0 for r in exact)
            floats = [np.array([float(p) for p in x]) for x in prof]
            assert checker.max_regret(floats) == pytest.approx(float(max(exact)), abs=1e-12)
    # a rational equilibrium is recognised: matching pennies for three (player 3 indifferent)
    P = np.zeros((3, 2, 2, 2), dtype=int)
    for a, b, c in itertools.product(range(2), repeat=3):
        P[0, a, b, c] = 1 if a == b else -1
        P[1, a, b, c] = -1 if a == b else 1
    g = bg.Game(P).to_exact()
    half = (Fraction(1, 2), Fraction(1, 2))
    assert RegretChecker(g).exact_nash([half, half, (Fraction(1, 3), Fraction(2, 3))])
    assert not RegretChecker(g).exact_nash([(Fraction(1, 3), Fraction(2, 3)), half, half])


def test_regret_checker_large_numbers_use_python_integers():
    # payoffs near 2**62 overflow int64 products: the check must still be exact
    big = 2 ** 61 + 1
    P = np.array([[[big, 0], [0, big]], [[0, big], [big, 0]]], dtype=object)
    g = bg.Game(P).to_exact()
    half = (Fraction(1, 2), Fraction(1, 2))
    assert RegretChecker(g).exact_nash([half, half])
    eps = Fraction(1, 10 ** 9)
    assert not RegretChecker(g).exact_nash([(Fraction(1, 2) + eps, Fraction(1, 2) - eps), half])


def test_one_blas_thread_limits_and_restores():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from bargain.solvers.polynomial.homotopy import one_blas_thread

    def blas_threads():
        return [d["num_threads"] for d in threadpoolctl.threadpool_info() if d["user_api"] == "blas"]

    before = blas_threads()
    with one_blas_thread():
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before


def test_regret_checker_on_a_one_player_game() -> None:
    # no other player: each payoff matrix has one column (a rational-payoff symbolic test found this)
    import bargain as bg
    from bargain.solvers.polynomial.collector import RegretChecker

    checker = RegretChecker(bg.Game([[3, 5, 5]]))
    assert checker.max_regret([np.array([0.0, 1.0, 0.0])]) == 0.0
    assert checker.max_regret([np.array([1.0, 0.0, 0.0])]) == 2.0
    assert checker.exact_nash([(0, 0, 1)]) and not checker.exact_nash([(1, 0, 0)])
