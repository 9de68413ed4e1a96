"""Repeated games: when cooperation sustains itself (``bg.repeated``).

Perfect monitoring, common discount factor δ:

* :mod:`.grim` -- critical δ* of a target path (pure, correlated, or a cycle) under Nash
  reversion (Friedman 1971), exact for rational payoffs;
* :mod:`.stick_carrot` -- δ* with one-period stick-and-carrot punishments (Abreu 1986);
* :mod:`.penal` -- δ* with the harshest punishments, optimal penal codes (Abreu 1988);
* :mod:`.punishments` -- each player's lowest SPE payoff for any number of players, bracketed
  by a certified bound and a verified simple penal code (Abreu 1988);
* :mod:`.abreu_sannikov` -- the two-player SPE payoff set as an exact polygon (Abreu and
  Sannikov 2014), with public correlation;
* :mod:`.algebraic` -- the same polygon with irrational vertices as exact algebraic numbers;
* :mod:`.no_correlation` -- an exact inner approximation without public correlation;
* :mod:`.no_correlation_outer` -- an outer bound without public correlation (grid cells), so the
  set is bracketed, with the Hausdorff gap to the inner set;
* :mod:`.jyc` -- outer and inner hyperplane approximations (Judd, Yeltekin and Conklin 2003);
* :mod:`.folk` -- minmax values, the feasible and individually rational set, the folk theorem;
* :mod:`.finite` -- finitely repeated games by backward induction (Benoit and Krishna 1985).

Imperfect public monitoring:

* :mod:`.trigger` -- trigger strategies with punishments of length T (Green and Porter 1984);
* :mod:`.sse` -- strongly symmetric equilibrium payoff bounds (Abreu, Pearce and Stacchetti 1986,
  1990).

Parameters: :mod:`.parametric` -- δ* along a parameter, batched over arrays of values, and the
parameter value where δ* crosses a given δ.
"""

from __future__ import annotations

from bargain._lazy import lazy_exports

_EXPORTS = {
    "grim_trigger": "grim",
    "nash_punishments": "grim",
    "stick_and_carrot": "stick_carrot",
    "optimal_penal_code": "penal",
    "lowest_spe_payoffs": "punishments",
    "spe_payoffs": "abreu_sannikov",
    "spe_payoffs_algebraic": "algebraic",
    "spe_payoffs_no_correlation": "no_correlation",
    "spe_payoffs_no_correlation_outer": "no_correlation_outer",
    "jyc_outer": "jyc",
    "jyc_inner": "jyc",
    "minmax": "folk",
    "feasible_ir_set": "folk",
    "folk_theorem_check": "folk",
    "finite_spe": "finite",
    "benoit_krishna": "finite",
    "green_porter": "trigger",
    "best_trigger": "trigger",
    "sse_bounds": "sse",
    "critical_delta_sweep": "parametric",
    "delta_threshold": "parametric",
    "CriticalDelta": "result",
    "PayoffSet": "result",
    "MinmaxValues": "result",
    "FolkCheck": "result",
    "FiniteSPE": "result",
    "EndgamePlan": "result",
    "TriggerPolicy": "result",
    "SSEBounds": "result",
    "DeltaCurve": "result",
    "PenalCode": "result",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, {name: f"{__name__}.{module}" for name, module in _EXPORTS.items()})
