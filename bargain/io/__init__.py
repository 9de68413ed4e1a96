"""Layer 4, file formats and renderers: Gambit .nfg/.efg, JSON, LaTeX and CSV."""
