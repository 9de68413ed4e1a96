"""Sensitivity analysis of parametric games: one import for the whole toolbox.

For a :class:`bargain.Model` (a game whose payoffs are numpy expressions of named parameters):

=====================  =========================================================================
:func:`sweep`          all equilibria on a 1-D or 2-D grid, in one batch, followed as branches
:func:`thresholds`     exact parameter values where the equilibrium set changes (to ~1e-12)
:func:`derivatives`    d(equilibrium)/d(parameter) and elasticities (implicit function theorem)
:func:`tornado`        parameters ranked by how far they move an outcome across their bounds
:func:`regimes`        which equilibria hold where over two parameters (labelled regions)
:func:`monte_carlo`    probabilities of equilibrium outcomes under parameter uncertainty
:func:`solve_batch`    the engine: all equilibria of a batch of payoff tensors at once
=====================  =========================================================================

Every result is a plain dataclass of numpy arrays with ``to_dict()`` (JSON-ready) and, where it
reads as one, ``table()``.  Example::

    import bargain as bg
    from bargain.analysis.sensitivity import sweep, thresholds, tornado

    model = bg.load_game("sanctions_triangle")
    s = sweep(model, "russia_substitution", n=501)
    s.probability("China", "Enforce")          # (n_branches, 501), NaN where a branch is absent
    thresholds(model, "russia_substitution").values
    tornado(model, ("China", "Enforce"), reduce="max").table()
"""

from __future__ import annotations

from bargain.analysis.derivatives import Derivatives, derivatives
from bargain.analysis.montecarlo import MonteCarlo, draw_samples, monte_carlo
from bargain.analysis.regimes import RegimeMap, regimes
from bargain.analysis.sweep import Sweep, outcome_values, support_label, sweep, track
from bargain.analysis.thresholds import Threshold, Thresholds, all_thresholds, thresholds
from bargain.analysis.tornado import Tornado, tornado
from bargain.solvers.batch import BatchEquilibria, solve_batch

__all__ = [
    "BatchEquilibria",
    "Derivatives",
    "MonteCarlo",
    "RegimeMap",
    "Sweep",
    "Threshold",
    "Thresholds",
    "Tornado",
    "all_thresholds",
    "derivatives",
    "draw_samples",
    "monte_carlo",
    "outcome_values",
    "regimes",
    "solve_batch",
    "support_label",
    "sweep",
    "thresholds",
    "tornado",
    "track",
]
