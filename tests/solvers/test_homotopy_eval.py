"""The homotopy's evaluation: H, H_y and H_t of the tracker against finite differences.

The tracker evaluates ``H(y, t) = gamma (1 - t) G(y) + t F(y)`` with the patch rows ``c_j . y_j - 1``
several times per step; the outputs are assembled in place, on the dense route (symmetric forms) and
on the block route.  Oracle: central finite differences of ``H`` itself, and the start system's
known solutions (``H = 0`` at ``t = 0``).
"""

from __future__ import annotations

import numpy as np
import pytest

from bargain.solvers.polynomial.homotopy import _homotopy, _StartSystem, dense_form


@pytest.mark.parametrize("sizes", [(3, 3, 3), (2, 3, 3), (2, 2, 2, 2)])
@pytest.mark.parametrize("dense", [True, False])
def test_homotopy_derivatives_match_finite_differences(sizes, dense):
    rng = np.random.default_rng(len(sizes) + sum(sizes))
    m = len(sizes)
    coeffs = tuple(rng.standard_normal((1, sizes[i] - 1, *[sizes[j] for j in range(m) if j != i])) + 0j
                   for i in range(m))
    start = _StartSystem(sizes, np.random.default_rng(3))
    P = start.starts.shape[0]
    per_path = dense_form(coeffs, sizes)[np.zeros(P, dtype=int)] if dense else tuple(c[np.zeros(P, dtype=int)]
                                                                                     for c in coeffs)
    H0, _, _ = _homotopy(per_path, start, start.starts.astype(complex), np.zeros(P))
    assert np.abs(H0).max() < 1e-9                       # the start points solve the start system
    y = start.starts + 0.3 * (rng.standard_normal(start.starts.shape) + 1j * rng.standard_normal(start.starts.shape))
    t = rng.random(P)
    H, Hy, Ht = _homotopy(per_path, start, y, t)
    none, Hy2, Ht2 = _homotopy(per_path, start, y, t, values=False)
    assert none is None and np.array_equal(Hy, Hy2) and np.array_equal(Ht, Ht2)
    assert np.allclose(H[:, -m:], y @ start.patch_t - 1.0)       # the patch rows, last
    eps = 1e-6
    dt = (_homotopy(per_path, start, y, t + eps)[0] - _homotopy(per_path, start, y, t - eps)[0]) / (2 * eps)
    assert np.abs(dt - Ht).max() < 1e-6 * max(1.0, np.abs(Ht).max())
    for v in range(y.shape[1]):
        step = np.zeros_like(y)
        step[:, v] = eps
        dv = (_homotopy(per_path, start, y + step, t)[0] - _homotopy(per_path, start, y - step, t)[0]) / (2 * eps)
        assert np.abs(dv - Hy[:, :, v]).max() < 1e-6 * max(1.0, np.abs(Hy).max())
