"""The batch engine: every equilibrium of a whole batch of small games of one shape at once.

:mod:`.engine` holds the entry point :func:`solve_batch` and its result :class:`BatchEquilibria`;
:mod:`.supports` prunes support profiles and verifies candidates for a chunk of games;
:mod:`.systems` solves each support profile's indifference system for the whole chunk;
:mod:`.four_binary` solves every support profile of 2x2x2x2 games (four binary players);
:mod:`.three_ternary` every one of 3x3x3 games, with the totally mixed ones in :mod:`.ternary_resultant`;
:mod:`.tie_pass` re-solves the points with payoff ties, with the sets of :mod:`.ties` (one player mixing) and
:mod:`.two_mixers` (two players mixing) and the full solver's elimination of three-mixer supports (:mod:`.elimination`);
:mod:`.common` holds the tolerances and the candidate list they share.
"""

from bargain.solvers.batch.engine import CHUNK, MARGIN, BatchEquilibria, batch_supported, nan_to_none, solve_batch

__all__ = ["CHUNK", "MARGIN", "BatchEquilibria", "batch_supported", "nan_to_none", "solve_batch"]
