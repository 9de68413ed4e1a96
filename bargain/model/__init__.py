"""Layer 1, the model: games as pure data with validation; no solving."""
