"""Offline completeness check of the n-player polynomial solver against pygambit's ``enumpoly``.

Draws seeded games of shapes 2x2x2, 2x2x2x2, 3x3x2 and 3x3x3 from two families and solves each
three ways: ``bargain.solve`` (elimination routes plus the index self-check), bargain's
independent route (the players reordered, each support system eliminated in that order and the
homotopy where elimination does not apply; the homotopy on every support for a symmetric game) and
Gambit's ``enumpoly_solve``.  Prints, per shape and family, how many games were drawn, how many have two
or more totally mixed equilibria, and how many equilibria each route missed relative to the
union of the verified answers (an equilibrium of Gambit's counts only if its regret in the game
is at most 1e-6).

Families:

* ``uniform``: integer payoffs uniform in ``[-9, 9]``;
* ``product``: player ``i``'s payoff advantage of strategy ``k`` over strategy 0 is a product
  ``(L_k . x_j)(M_k . x_l)`` of linear forms in two other players' mixtures (integer ``L``, ``M``),
  as in McKelvey and McLennan's 2x2x2 example (1997): the indifference equations factor, which
  creates the special fibres that elimination must handle.

Gambit's ``enumpoly`` can run without end on a degenerate game (a continuum on a support it
cannot split), so it runs in a worker process that is restarted when one game takes longer than
``--gambit-timeout`` seconds (default 20); such games are counted in the ``gambit-timeout``
column and compared between bargain's two routes only.  A point of the union that lies on the
support of one of ``solve``'s continua counts as found by every route (continua are sets, the
routes sample them differently).  Every game on which ``solve`` or the independent route misses
an equilibrium is printed with its payoffs, so that it can become a regression test.

Usage: ``python -m benchmarks.completeness_check [GAMES_PER_CELL] [--seed S] [--gambit-timeout T]
[--shapes 2x2x2 3x3x3 ...]``.

References
----------
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash
equilibria. *J. Econ. Theory* 72, 411-425.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from typing import Any

import numpy as np

import bargain as bg
from bargain.solvers.polynomial.solver import independent_route as _independent_route

SHAPES = ((2, 2, 2), (2, 2, 2, 2), (3, 3, 2), (3, 3, 3))
SAME = 1e-6


def uniform_game(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Integer payoffs uniform in [-9, 9]."""
    return rng.integers(-9, 10, size=(len(shape), *shape))


def product_game(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Payoffs whose indifference equations factor into linear forms (see the module docstring)."""
    n = len(shape)
    P = np.zeros((n, *shape), dtype=np.int64)
    for i in range(n):
        j, m = (i + 1) % n, (i + 2) % n
        for k in range(1, shape[i]):
            L = rng.integers(-4, 5, size=shape[j])
            M = rng.integers(-4, 5, size=shape[m])
            idx = [slice(None)] * n
            idx[i] = k
            view = P[(i, *idx)]
            # axes of view: the players other than i, in order
            others = [p for p in range(n) if p != i]
            shape_o = [1] * (n - 1)
            shape_o[others.index(j)] = shape[j]
            a = L.reshape(shape_o)
            shape_o = [1] * (n - 1)
            shape_o[others.index(m)] = shape[m]
            b = M.reshape(shape_o)
            view[...] = a * b
    return P


def interior(vecs: list[np.ndarray]) -> int:
    return sum(1 for v in vecs if np.all(v > 1e-9))


def vectors(res) -> list[np.ndarray]:
    return [np.concatenate(e.profile) for e in res]


def _gambit_worker(conn: Any) -> None:
    """Child process: solve each payoff array received with Gambit's ``enumpoly``."""
    import pygambit as gbt

    conn.send("ready")
    while True:
        P = conn.recv()
        g = gbt.Game.from_arrays(*[P[i].astype(int) for i in range(P.shape[0])])
        res = gbt.nash.enumpoly_solve(g)
        conn.send([[float(e[s]) for p in g.players for s in p.strategies] for e in res.equilibria])


class Gambit:
    """Gambit's ``enumpoly`` in a worker process that is restarted after a time-out."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.proc: Any = None
        self.conn: Any = None

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_gambit_worker, args=(child,), daemon=True)
        self.proc.start()
        self.conn.recv()    # start-up and import are not part of a game's time limit

    def solve(self, P: np.ndarray) -> list[list[float]] | None:
        """Gambit's equilibria as flat vectors, or None on a time-out."""
        if self.proc is None:
            self._start()
        self.conn.send(P)
        if self.conn.poll(self.timeout):
            return self.conn.recv()
        self.close()
        return None

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.join()
            self.proc = None


def gambit_vectors(raw: list[list[float]] | None, game: bg.Game) -> list[np.ndarray]:
    """Gambit's equilibria that verify in ``game`` (regret at most 1e-6)."""
    out = []
    offs = np.cumsum((0, *game.shape))
    for v in map(np.array, raw or []):
        if game.regret([v[offs[i]:offs[i + 1]] for i in range(game.n_players)]) <= 1e-6:
            out.append(v)
    return out


def on_continuum(v: np.ndarray, game: bg.Game, res: Any) -> bool:
    """Whether the support of ``v`` lies within the support of one of ``res``'s continua."""
    offs = np.cumsum((0, *game.shape))
    sup = [set(np.flatnonzero(v[offs[i]:offs[i + 1]] > 1e-9).tolist()) for i in range(game.n_players)]
    return any(all(a <= set(b) for a, b in zip(sup, c.support, strict=True)) for c in res.continua)


def missing(found: list[np.ndarray], union: list[np.ndarray]) -> int:
    return sum(1 for v in union if not any(np.max(np.abs(v - w)) <= 1e-5 for w in found))


def _row(shape: tuple[int, ...], family: str, stats: dict[str, int], seconds: float, tail: str) -> None:
    print(f"{'x'.join(map(str, shape)):8s} {family:8s} {stats['games']:5d} {stats['multi']:6d} "
          f"{stats['eqs']:8d}   {stats['miss_solve']:4d} / {stats['miss_ind']:4d} / {stats['miss_gbt']:4d}"
          f"   {stats['incomplete']:6d} {stats['fail']:6d} {stats['cont']:6d} {stats['gto']:6d}"
          f"  {seconds:7.1f}{tail}", flush=True)


def _flag(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and print the table (see the module docstring)."""
    argv = sys.argv[1:] if argv is None else argv
    per_cell = int(argv[0]) if argv and not argv[0].startswith("-") else 100
    seed = int(_flag(argv, "--seed", "0"))
    gambit = Gambit(float(_flag(argv, "--gambit-timeout", "20")))
    shapes = SHAPES
    if "--shapes" in argv:
        rest = argv[argv.index("--shapes") + 1:]
        names = [a for a in rest[:next((k for k, a in enumerate(rest) if a.startswith("-")), len(rest))]]
        shapes = tuple(tuple(int(x) for x in a.split("x")) for a in names)
    print("shape  family  games  >=2 interior  equilibria  missed: solve / independent / gambit  "
          "incomplete  index-fail  continua  gambit-timeout  seconds", flush=True)
    total = dict(games=0, miss_solve=0, miss_ind=0, miss_gbt=0)
    for shape in shapes:
        for family, draw in (("uniform", uniform_game), ("product", product_game)):
            rng = np.random.default_rng(seed + 1000 * len(shape) + sum(shape) + (7 if family == "product" else 0))
            stats = dict(games=0, multi=0, eqs=0, miss_solve=0, miss_ind=0, miss_gbt=0, incomplete=0, fail=0,
                         cont=0, gto=0)
            start = time.perf_counter()
            for _ in range(per_cell):
                P = draw(rng, shape)
                game = bg.Game(P)
                res = bg.solve(game, "polynomial", exact=False)
                ind = _independent_route(game, False, None)
                raw = gambit.solve(P)
                gv = gambit_vectors(raw, game)
                ours, other = vectors(res), vectors(ind)
                union: list[np.ndarray] = []
                for v in [*ours, *other, *gv]:
                    if not any(np.max(np.abs(v - w)) <= 1e-5 for w in union):
                        union.append(v)
                isolated = [v for v in union if not on_continuum(v, game, res)]
                m_solve, m_ind = missing(ours, isolated), missing(other, isolated)
                stats["games"] += 1
                stats["multi"] += interior(union) >= 2
                stats["eqs"] += len(union)
                stats["miss_solve"] += m_solve
                stats["miss_ind"] += m_ind
                stats["miss_gbt"] += missing(gv, isolated) if raw is not None else 0
                stats["gto"] += raw is None
                stats["cont"] += bool(res.continua)
                stats["incomplete"] += not res.complete
                stats["fail"] += res.evidence is not None and res.evidence.kind == "index" and not res.evidence.passed
                if m_solve or m_ind:
                    print(f"  MISS solve {m_solve} independent {m_ind} complete={res.complete}: {P.tolist()}",
                          flush=True)
                if stats["games"] % 10 == 0 and stats["games"] < per_cell:
                    _row(shape, family, stats, time.perf_counter() - start, " (so far)")
            for k in total:
                total[k] += stats[k]
            _row(shape, family, stats, time.perf_counter() - start, "")
    gambit.close()
    print(f"total: {total['games']} games; missed by solve {total['miss_solve']}, by the independent route "
          f"{total['miss_ind']}, by gambit {total['miss_gbt']}", flush=True)


if __name__ == "__main__":
    main()
