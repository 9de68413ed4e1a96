"""The noise floor: one policy for when a computed number is zero, and how a float prints clean.

A float result of *bargain* is verified to ``RELATIVE_TOLERANCE`` (1e-9) times the payoff range
of its game (:attr:`bargain.model.game.Game.tolerance`); differences below that are rounding, not
game theory.  This module applies the same yardstick everywhere a number is judged or shown:

* :func:`noise_floor` - the absolute floor for quantities on a given scale (``1e-9 x scale``);
* :func:`is_noise` / :func:`denoise` - a payoff, swing or derivative at or below the floor of its
  scale is zero (and ``-0.0`` is ``0``);
* :func:`derivative_floor` - a derivative is zero when the change it implies over the parameter's
  whole range stays below the floor of the quantity's scale;
* :func:`snap` - a float within the floor of an integer or of a fraction ``p/q`` with a small
  denominator (``q <= MAX_DENOMINATOR``) *is* that number for display, found by the continued-
  fraction best approximation (Khinchin 1964, *Continued Fractions*, ch. 1; Python's
  ``Fraction.limit_denominator``);
* :func:`clean_text` - the text of a number as tables show it: an integer, a short decimal
  (``0.8``, never ``0.7999999999999999``), a fraction ``p/q`` whose decimal does not terminate, or
  ``digits`` significant figures.

References
----------
Higham, N. J. (2002). *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM, ch. 1-2
(relative error, rounding noise); Khinchin, A. Ya. (1964). *Continued Fractions*, Univ. of Chicago
Press, ch. 1 (best rational approximations).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.model.game import RELATIVE_TOLERANCE

__all__ = [
    "MAX_DENOMINATOR",
    "RELATIVE_TOLERANCE",
    "clean_text",
    "denoise",
    "derivative_floor",
    "is_noise",
    "noise_floor",
    "payoff_scale",
    "snap",
]

#: Largest denominator a float is recognised as (``1/3``, ``17/42``; not ``25/168``).
MAX_DENOMINATOR = 100


def payoff_scale(payoffs: Any) -> float:
    """The scale of a set of payoffs: their range, or their largest magnitude if they are all equal.

    Parameters
    ----------
    payoffs : array_like
        Payoff values (a game's tensor, a batch of them, an outcome along a sweep); NaN ignored.

    Returns
    -------
    float
        ``max - min`` of the finite entries; ``max |u|`` when that is 0; ``1.0`` for all zeros or none.
    """
    arr = np.asarray(payoffs, dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return 1.0
    rng = float(np.ptp(arr))
    if rng > 0:
        return rng
    top = float(np.max(np.abs(arr)))
    return top if top > 0 else 1.0


def noise_floor(scale: float = 1.0) -> float:
    """``RELATIVE_TOLERANCE x scale``: at or below this, a quantity on that scale is zero.

    Parameters
    ----------
    scale : float
        The scale of the quantity (a payoff range; 1 for probabilities). Non-positive or
        non-finite scales count as 1.

    Returns
    -------
    float
        The absolute noise floor.
    """
    s = float(scale)
    return RELATIVE_TOLERANCE * (s if math.isfinite(s) and s > 0 else 1.0)


def derivative_floor(scale: float, span: float) -> float:
    """The floor of ``dq/d theta``: a derivative moving ``q`` by less than its floor over ``span`` is 0.

    Parameters
    ----------
    scale : float
        The scale of the quantity ``q`` (payoff range, or 1 for a probability).
    span : float
        The parameter's range (``high - low``), or ``max(1, |theta|)`` when it is unbounded.

    Returns
    -------
    float
        ``noise_floor(scale) / span``.
    """
    s = float(span)
    return noise_floor(scale) / (s if math.isfinite(s) and s > 0 else 1.0)


def is_noise(x: Any, scale: float = 1.0) -> Any:
    """Whether ``|x|`` is at or below :func:`noise_floor` of ``scale`` (elementwise; NaN is not noise).

    Parameters
    ----------
    x : float or array_like
        The value(s).
    scale : float
        Their scale.

    Returns
    -------
    bool or numpy.ndarray
        True where the value is indistinguishable from zero.
    """
    with np.errstate(invalid="ignore"):
        out = np.abs(np.asarray(x, dtype=float)) <= noise_floor(scale)
    return bool(out) if out.ndim == 0 else out


def denoise(x: Any, scale: float = 1.0, floor: float | None = None) -> Any:
    """``x`` with every entry at or below the noise floor set to exactly ``0.0`` (no ``-0.0``).

    Parameters
    ----------
    x : float or array_like
        The value(s).
    scale : float
        Their scale (see :func:`noise_floor`).
    floor : float, optional
        An explicit absolute floor instead (e.g. :func:`derivative_floor`).

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar input, else a float array.
    """
    f = noise_floor(scale) if floor is None else float(floor)
    arr = np.array(x, dtype=float)
    with np.errstate(invalid="ignore"):
        arr[np.abs(arr) <= f] = 0.0
    arr = arr + 0.0          # -0.0 + 0.0 == +0.0
    return float(arr) if arr.ndim == 0 else arr


def snap(x: Any, scale: float | None = 1.0, max_denominator: int = MAX_DENOMINATOR) -> Any:
    """The clean value of a float: ``0``, an ``int``, a ``Fraction`` with a small denominator, or ``x``.

    ``x`` snaps to 0 when ``|x| <= noise_floor(scale)``, and to ``p/q`` (``q <= max_denominator``,
    the continued-fraction best approximation) when ``|x - p/q| <= noise_floor(max(scale, |x|))``.
    With ``scale=None`` (the scale is unknown) only the relative test ``|x - p/q| <= 1e-9 |x|``
    applies, so no small value is taken for zero.  Ints and Fractions are returned as they are
    (they are exact already); non-finite floats too.

    Parameters
    ----------
    x : float, int or Fraction
        The number.
    scale : float or None
        The scale of the quantity (payoff range; 1 for probabilities), or None if unknown.
    max_denominator : int
        The largest denominator recognised.

    Returns
    -------
    int, Fraction or float
        The recognised exact value, or the float itself (``0.0`` for ``-0.0``).
    """
    if isinstance(x, bool | np.bool_):
        return x
    if isinstance(x, Fraction | int | np.integer):
        return x
    xf = float(x)
    if not math.isfinite(xf):
        return xf
    if scale is None:
        tol = RELATIVE_TOLERANCE * abs(xf)
    else:
        if abs(xf) <= noise_floor(scale):
            return 0
        tol = noise_floor(max(float(scale) if math.isfinite(float(scale)) else 1.0, abs(xf)))
    nearest = round(xf)
    if abs(xf - nearest) <= tol:
        return int(nearest)
    frac = Fraction(xf).limit_denominator(max_denominator)
    if abs(xf - float(frac)) <= tol:
        return frac
    return xf + 0.0


def _terminates(q: int) -> bool:
    """Whether ``1/q`` has a finite decimal expansion (``q = 2^a 5^b``)."""
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


def clean_text(x: Any, digits: int = 6, scale: float | None = 1.0, exact: bool = False) -> str:
    """A number as tables show it, with rounding noise removed (see :func:`snap`).

    Parameters
    ----------
    x : float, int or Fraction
        The number.
    digits : int
        Significant figures of a float that is not recognised as a simple number.
    scale : float or None
        Its scale (see :func:`noise_floor`; None: unknown, see :func:`snap`).
    exact : bool
        Whether ``x`` is known exactly (a Fraction from exact arithmetic): then it always prints as
        ``p/q``; a recognised float prints as a decimal when that terminates within ``digits``
        figures (``0.8``, ``-8.48``) and as ``p/q`` otherwise (``1/3``).

    Returns
    -------
    str
        ``"0"``, ``"2"``, ``"0.8"``, ``"1/3"``, ``"0.148810"`` -> ``"0.14881"`` ...
    """
    if isinstance(x, Fraction) and exact:
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    v = snap(x, scale)
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        if not exact and _terminates(v.denominator):
            text = f"{float(v):.{digits}g}"
            if Fraction(text) == v:
                return text
        return f"{v.numerator}/{v.denominator}"
    vf = float(v)
    if math.isnan(vf):
        return "nan"
    if math.isinf(vf):
        return "inf" if vf > 0 else "-inf"
    return f"{vf:.{digits}g}"
