"""Conditional dominance (Porter, Nudelman and Shoham 2008): the batched masks against the definition."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bargain.model.dominance import ConditionalDominance


def _subsets(n):
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def _by_definition(U, i, others, tol, strict):
    """Strategy k is dominated if some k' beats it at every pure profile of the others' supports."""
    shape = U.shape[1:]
    out = np.zeros(shape[i], bool)
    for k in range(shape[i]):
        for kp in range(shape[i]):
            diffs = []
            for prof in itertools.product(*others):
                full = [*prof[:i], None, *prof[i:]]
                full[i] = kp
                a = U[i][tuple(full)]
                full[i] = k
                diffs.append(a - U[i][tuple(full)])
            d = np.array(diffs)
            beats = np.all(d > tol) if strict else (np.all(d >= -tol) and np.any(d > tol))
            out[k] |= bool(beats)
    return out


@pytest.mark.parametrize("shape", [(2, 3), (3, 2, 2), (2, 2, 2, 2)])
@pytest.mark.parametrize("strict", [True, False])
def test_masks_and_bits_match_the_definition(shape, strict):
    rng = np.random.default_rng(len(shape) * 10 + sum(shape))
    # integer payoffs in a small range: many ties, so strict and weak dominance differ
    games = rng.integers(0, 3, size=(4, len(shape), *shape)).astype(float)
    cd = ConditionalDominance(games, 1e-9, strict=strict)
    for i in range(len(shape)):
        for others in itertools.product(*[_subsets(s) for j, s in enumerate(shape) if j != i]):
            mask = cd.mask(i, others)
            bits = cd.bits(i, others)
            for b in range(games.shape[0]):
                want = _by_definition(games[b], i, others, 1e-9, strict)
                assert mask[b].tolist() == want.tolist()
                assert bits[b] == sum(1 << k for k in np.flatnonzero(want))


def test_weak_and_strict_differ_on_a_tie():
    # Row player: row 0 ties row 1 against column 0 and beats it against column 1.
    A = np.array([[1.0, 3.0], [1.0, 2.0]])
    U = np.stack([A, np.zeros_like(A)])[None]
    assert ConditionalDominance(U, 1e-9, strict=False).mask(0, ((0, 1),)).tolist() == [[False, True]]
    assert ConditionalDominance(U, 1e-9, strict=True).mask(0, ((0, 1),)).tolist() == [[False, False]]
    # against column 1 alone row 0 beats row 1 strictly
    assert ConditionalDominance(U, 1e-9, strict=True).mask(0, ((1,),)).tolist() == [[False, True]]


def test_the_packed_relation_needs_strict_dominance():
    U = np.zeros((1, 2, 2, 2))
    with pytest.raises(ValueError):
        ConditionalDominance(U, 1e-9, strict=False).not_beating(0)
    rel = ConditionalDominance(U, 1e-9).not_beating(0)
    assert rel.shape == (1, 2, 2) and np.all(rel == 0b11)          # nothing beats anything in a zero game
