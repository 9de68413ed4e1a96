"""The options of the logit path tracers, checked once for the normal-form and the agent (tree) tracer.

References
----------
McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10, 6-38 (the logit path and its parameter lambda).
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51, 243-263 (tracing it by arc length).
"""

from __future__ import annotations

import numpy as np

from bargain.errors import GameError

__all__ = ["DEFAULT_MAX_REGRET", "check_trace_options"]

#: Default stopping rule: regret at most this times the payoff range (Gambit's default too).
DEFAULT_MAX_REGRET = 1e-8


def check_trace_options(lambda_max: float | None, max_regret: float | None, first_step: float,
                        max_step: float | None, max_steps: int) -> float | None:
    """Check the options of a logit path tracer and return the stopping regret to use.

    Parameters
    ----------
    lambda_max : float, optional
        Where to stop tracing (positive, finite), if given.
    max_regret : float, optional
        Stop once every player's regret is below it (positive); :data:`DEFAULT_MAX_REGRET` when
        neither it nor ``lambda_max`` is given.
    first_step, max_step : float
        The first and the largest arc-length step (positive; ``max_step`` may be None).
    max_steps : int
        The cap on the number of steps (at least 1).

    Returns
    -------
    float or None
        The stopping regret.

    Raises
    ------
    GameError
        For an option out of its range.
    """
    if lambda_max is not None and not (np.isfinite(lambda_max) and lambda_max > 0):
        raise GameError(f"lambda_max must be a positive finite number, got {lambda_max}")
    if max_regret is None and lambda_max is None:
        max_regret = DEFAULT_MAX_REGRET
    if max_regret is not None and not max_regret > 0:
        raise GameError(f"max_regret must be positive, got {max_regret}")
    if not (np.isfinite(first_step) and first_step > 0):
        raise GameError(f"first_step must be a positive arc length, got {first_step}")
    if max_step is not None and not (max_step > 0):
        raise GameError(f"max_step must be a positive arc length, got {max_step}")
    if int(max_steps) < 1:
        raise GameError(f"max_steps must be a positive integer, got {max_steps}")
    return max_regret
