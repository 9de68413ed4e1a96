"""The shipped games: one module per game, each defining a parametric model (see README)."""
