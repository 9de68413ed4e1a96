"""bargain: strategic and bargaining games with named-parameter payoffs.

The layers, each importing only those above it in this list:
1. ``model`` (games, trees, parameters) and ``linalg`` (exact and batched linear algebra);
2. ``solvers``: one module or package per algorithm, registered by name (``solve``);
3. ``analysis``: sensitivity, stability and bargaining, built on the solvers;
4. ``io``, ``cli``, ``plot``, ``testing``: files, the command line, figures, pytest assertions.

``import bargain as bg`` gives every name in ``__all__``; each is imported on first use, so that
``import bargain`` stays fast.
"""

from __future__ import annotations

from bargain._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    # the model
    "Game": "bargain.model.game",
    "ExtensiveGame": "bargain.model.extensive",
    "ExtensiveModel": "bargain.model.extensive",
    "Decision": "bargain.model.extensive",
    "Chance": "bargain.model.extensive",
    "Terminal": "bargain.model.extensive",
    "BayesianGame": "bargain.model.bayesian",
    "BayesianModel": "bargain.model.bayesian",
    "SignallingGame": "bargain.model.signalling",
    "SignallingModel": "bargain.model.signalling",
    "Model": "bargain.model.parameters",
    "Parameter": "bargain.model.parameters",
    "load_game": "bargain.io",
    "list_games": "bargain.model.loader",
    "read_game": "bargain.io",
    "write_game": "bargain.io",
    "render_assessments": "bargain.io.assessments",
    # errors users can cause, and the one they cannot
    "GameError": "bargain.errors",
    "VerificationError": "bargain.errors",
    # solving
    "solve": "bargain.solvers.registry",
    "available_solvers": "bargain.solvers.registry",
    "subgame_perfect_equilibria": "bargain.solvers.spe",
    "qre_path": "bargain.solvers.qre",
    "assess": "bargain.solvers.sequential",
    "sequential_equilibria": "bargain.solvers.sequential",
    "perfect_equilibria": "bargain.solvers.sequential.perfect_equilibria",
    "solve_signalling": "bargain.solvers.sequential.signalling",
    "intuitive_criterion": "bargain.solvers.sequential.criteria",
    "d1": "bargain.solvers.sequential.criteria",
    "qre_limit": "bargain.solvers.sequential.qre_limit",
    "refinement_table": "bargain.solvers.sequential.selection",
    "prior_regions": "bargain.analysis.signalling_regions",
    "prior_thresholds": "bargain.analysis.signalling_regions",
    "Equilibrium": "bargain.solvers.result",
    "Equilibria": "bargain.solvers.result",
    "Component": "bargain.solvers.result",
    "Continuum": "bargain.solvers.result",
    # analysis
    "sweep": "bargain.analysis.sweep",
    "thresholds": "bargain.analysis.thresholds",
    "derivatives": "bargain.analysis.derivatives",
    "tornado": "bargain.analysis.tornado",
    "regimes": "bargain.analysis.regimes",
    "monte_carlo": "bargain.analysis.montecarlo",
    "stability": "bargain.analysis.stability",
    # bargaining
    "nash_solution": "bargain.analysis.bargaining.solutions",
    "kalai_smorodinsky": "bargain.analysis.bargaining.solutions",
    "egalitarian": "bargain.analysis.bargaining.solutions",
    "utilitarian": "bargain.analysis.bargaining.solutions",
    "rubinstein": "bargain.analysis.bargaining.alternating",
    # notebooks
    "explore": "bargain.explore",
}
# public modules, also imported on first use: name -> module
_MODULES = {"plot": "bargain.plot", "testing": "bargain.testing", "repeated": "bargain.analysis.repeated",
            "symbolic": "bargain.analysis.symbolic"}

__all__ = ["__version__", *_EXPORTS, *_MODULES]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, _MODULES, also=["__version__"])
