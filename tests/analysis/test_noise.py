"""The noise floor and clean numbers (bargain.analysis.noise), against hand values."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from bargain.analysis.noise import clean_text, denoise, derivative_floor, is_noise, noise_floor, payoff_scale, snap


def test_floor_is_the_verification_tolerance_times_the_scale():
    assert noise_floor(1.0) == 1e-9 and noise_floor(20.0) == 2e-8 and noise_floor(0.0) == 1e-9
    assert payoff_scale([[-5, 0], [0, 4]]) == 9 and payoff_scale([3, 3]) == 3 and payoff_scale([0.0]) == 1.0
    assert derivative_floor(20.0, 10.0) == 2e-9                     # moves u by < 2e-8 over the range
    assert is_noise(-2.66454e-16) and not is_noise(1e-8) and not is_noise(math.nan)
    out = denoise(np.array([-0.0, -1e-16, 0.25, math.nan]))
    assert out[0] == 0 and math.copysign(1, out[0]) == 1 and out[1] == 0 and out[2] == 0.25 and math.isnan(out[3])


def test_snap_recognises_integers_and_small_fractions_only():
    assert snap(0.7999999999999999) == Fraction(4, 5) and snap(2.0000000000000004) == 2
    assert snap(1 / 3) == Fraction(1, 3) and snap(17 / 42) == Fraction(17, 42)
    assert isinstance(snap(25 / 168), float)                         # denominator above 100: left alone
    assert isinstance(snap(0.132), float)                            # 33/250: prints as the decimal
    assert snap(0.1234567) == 0.1234567 and snap(-1e-16) == 0 and snap(-1e-16, scale=None) == -1e-16
    assert snap(1.5e-12, scale=None) == 1.5e-12                     # with no scale, nothing small is zero


def test_clean_text():
    assert clean_text(0.7999999999999999) == "0.8" and clean_text(-8.48) == "-8.48"
    assert clean_text(-2.66454e-16) == "0" and clean_text(-0.0) == "0" and clean_text(-0.0, scale=None) == "0"
    assert clean_text(1 / 3) == "1/3" and clean_text(2 / 3 * 10) == "20/3"
    assert clean_text(25 / 168) == "0.14881" and clean_text(Fraction(4, 5), exact=True) == "4/5"
    assert clean_text(math.nan) == "nan" and clean_text(-math.inf) == "-inf"
