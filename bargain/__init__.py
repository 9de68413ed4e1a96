"""bargain: strategic and bargaining games with named-parameter payoffs.

The public API (see README and DESIGN): :class:`Game`, :func:`solve`, :class:`Equilibrium`,
:class:`Model`, :class:`Parameter`, :func:`load_game`, :func:`list_games`,
:class:`ExtensiveGame`.  Names are imported lazily so that ``import bargain`` stays fast and the
layers below never import the ones above.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Game": "bargain.model.game",
    "GameError": "bargain.errors",
    "Parameter": "bargain.model.parameters",
    "Model": "bargain.model.parameters",
    "load_game": "bargain.model.loader",
    "list_games": "bargain.model.loader",
    "ExtensiveGame": "bargain.model.extensive",
    "subgame_perfect_equilibria": "bargain.solvers.spe",
    "solve": "bargain.solvers.registry",
    "available_solvers": "bargain.solvers.registry",
    "qre_path": "bargain.solvers.qre",
    "solve_support": "bargain.solvers.polynomial", "solve_2x2x2_batch": "bargain.solvers.poly_2x2x2",
    "Equilibrium": "bargain.solvers.result",
    "Equilibria": "bargain.solvers.result",
    "Component": "bargain.solvers.result",
    "Continuum": "bargain.solvers.result",
    "repeated": "bargain.analysis.repeated",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'bargain' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
