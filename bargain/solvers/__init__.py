"""Layer 2, the solvers: one module per algorithm, registered by name (see :mod:`.registry`)."""

from bargain.solvers.registry import available_solvers, get_solver, solve

__all__ = ["solve", "available_solvers", "get_solver"]
