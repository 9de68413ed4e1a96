"""Layer 3, analysis: sensitivity, stability and bargaining; uses the solvers, never the CLI."""
