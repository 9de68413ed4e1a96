"""Bargaining: what the players could agree, and how the disagreement point shapes the deal.

* :mod:`~bargain.analysis.bargaining.feasible` -- feasible sets: :class:`Polytope` (convex hull
  of payoff vectors, exact for rational data; ``Polytope.from_game``) and :class:`Frontier`
  (a smooth Pareto frontier).
* :mod:`~bargain.analysis.bargaining.disagreement` -- disagreement points from a game's
  equilibria (by index, worst/best for a player, risk-dominant), the minmax point, or numbers.
* :mod:`~bargain.analysis.bargaining.solutions` -- Nash (symmetric and asymmetric),
  Kalai–Smorodinsky, egalitarian and utilitarian solutions with the lottery achieving them.
* :mod:`~bargain.analysis.bargaining.alternating` -- alternating offers: closed form, finite
  horizon, breakdown risk, outside options, the Nash limit, n players.
* :mod:`~bargain.analysis.bargaining.threats` -- Nash's variable-threat game.
* :mod:`~bargain.analysis.bargaining.linkage` -- issue linkage: package deals over several issues.
* :mod:`~bargain.analysis.bargaining.sweep` -- the bargain as a parameter moves.
"""

from __future__ import annotations

from bargain._lazy import lazy_exports

_EXPORTS = {
    "FeasibleSet": "feasible",
    "Polytope": "feasible",
    "Frontier": "frontier",
    "as_feasible_set": "feasible",
    "DisagreementPoint": "disagreement",
    "disagreement_point": "disagreement",
    "minmax_values": "disagreement",
    "risk_dominant": "disagreement",
    "BargainingSolution": "result",
    "bargain": "solutions",
    "nash_solution": "solutions",
    "kalai_smorodinsky": "solutions",
    "egalitarian": "solutions",
    "utilitarian": "solutions",
    "SOLUTIONS": "solutions",
    "AlternatingOffers": "alternating",
    "rubinstein": "alternating",
    "finite_horizon": "alternating",
    "nash_weights_limit": "alternating",
    "n_player_stationary": "alternating",
    "ThreatSolution": "threats",
    "variable_threat": "threats",
    "Issue": "linkage",
    "PackageDeal": "linkage",
    "LinkageResult": "linkage",
    "link_issues": "linkage",
    "required_concession": "linkage",
    "BargainSweep": "sweep",
    "sweep_bargain": "sweep",
    "bargain_sensitivity": "sweep",
    "batch_solution": "sweep",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, {name: f"{__name__}.{module}" for name, module in _EXPORTS.items()})
