"""Per-player payoff normalisation (bargain.model.scale.normalise_per_player)."""

from __future__ import annotations

import numpy as np
import pytest

from bargain.model.scale import normalise_per_player


def _reference(u: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The definition, reduced over the trailing axes directly."""
    axes = tuple(range(u.ndim - n, u.ndim))
    mag = np.max(np.abs(u), axis=axes, keepdims=True)
    w = u / np.where(mag > 0, mag, 1.0)
    lo = w.min(axis=axes, keepdims=True)
    spread = w.max(axis=axes, keepdims=True) - lo
    out = (w - lo) / np.where(spread > 0, spread, 1.0)
    out[np.broadcast_to(spread == 0, out.shape)] = 0.0
    return out, mag.reshape(u.shape[:u.ndim - n]), spread.reshape(u.shape[:u.ndim - n])


@pytest.mark.parametrize("shape, n", [((50, 2, 3, 3), 2), ((40, 3, 2, 2, 2), 3), ((2, 4, 5), 2),
                                      ((6, 2, 1, 4), 2), ((3, 3, 1, 1, 1), 3), ((0, 2, 2, 2), 2)])
def test_bit_for_bit_the_definition_and_input_untouched(shape, n):
    rng = np.random.default_rng(len(shape) * 7 + shape[0])
    u = rng.normal(size=shape)
    if u.size:
        u *= 10.0 ** rng.integers(-300, 300, size=shape[:1] + (1,) * (len(shape) - 1))
        u[0] = 3.0                                            # constant players: spread 0, payoffs 0
    before = u.copy()
    got, want = normalise_per_player(u, n), _reference(u, n)
    for g, w in zip(got, want, strict=True):
        assert g.shape == w.shape and np.array_equal(g, w)
    assert got[0].flags.c_contiguous
    np.testing.assert_array_equal(u, before)


def test_single_block_is_copied_not_scaled_in_place():
    # one game of one player: the (k, 1) working array is contiguous already and must still be a copy
    u = np.array([[4.0, -2.0, 1.0]])
    u.flags.writeable = False
    out, mag, spread = normalise_per_player(u, 1)
    np.testing.assert_array_equal(out, [[1.0, 0.0, 0.5]])
    assert mag.tolist() == [4.0] and spread.tolist() == [1.5]
    np.testing.assert_array_equal(u, [[4.0, -2.0, 1.0]])
