"""Offline completeness check of the n-player polynomial solver against pygambit's ``enumpoly``.

Draws seeded games of shapes 2x2x2, 2x2x2x2, 3x3x2 and 3x3x3 from two families and solves each
three ways: ``bargain.solve`` (elimination routes plus the index self-check), bargain's
independent route (homotopy on every support, players in reverse order) and Gambit's
``enumpoly_solve``.  Prints, per shape and family, how many games were drawn, how many have two
or more totally mixed equilibria, and how many equilibria each route missed relative to the
union of the verified answers (an equilibrium of Gambit's counts only if its regret in the game
is at most 1e-6).

Families:

* ``uniform``: integer payoffs uniform in ``[-9, 9]``;
* ``product``: player ``i``'s payoff advantage of strategy ``k`` over strategy 0 is a product
  ``(L_k . x_j)(M_k . x_l)`` of linear forms in two other players' mixtures (integer ``L``, ``M``),
  as in McKelvey and McLennan's 2x2x2 example (1997): the indifference equations factor, which
  creates the special fibres that elimination must handle.

Usage: ``python -m benchmarks.completeness_check [GAMES_PER_CELL] [--seed S]``.

References
----------
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular totally mixed Nash
equilibria. *J. Econ. Theory* 72, 411-425.
"""

from __future__ import annotations

import sys
import time

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


def gambit_vectors(P: np.ndarray, game: bg.Game, gbt) -> list[np.ndarray]:
    g = gbt.Game.from_arrays(*[P[i].astype(int) for i in range(P.shape[0])])
    res = gbt.nash.enumpoly_solve(g)
    out = []
    offs = np.cumsum((0, *game.shape))
    for e in res.equilibria:
        v = np.array([float(e[s]) for p in g.players for s in p.strategies])
        if game.regret([v[offs[i]:offs[i + 1]] for i in range(game.n_players)]) <= 1e-6:
            out.append(v)
    return out


def missing(found: list[np.ndarray], union: list[np.ndarray]) -> int:
    return sum(1 for v in union if not any(np.max(np.abs(v - w)) <= 1e-5 for w in found))


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    per_cell = int(argv[0]) if argv and not argv[0].startswith("-") else 100
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
    import pygambit as gbt

    print("shape  family  games  >=2 interior  equilibria  missed: solve / independent / gambit  "
          "incomplete  index-fail  seconds")
    for shape in SHAPES:
        for family, draw in (("uniform", uniform_game), ("product", product_game)):
            rng = np.random.default_rng(seed + 1000 * len(shape) + sum(shape) + (7 if family == "product" else 0))
            stats = dict(games=0, multi=0, eqs=0, miss_solve=0, miss_ind=0, miss_gbt=0, incomplete=0, fail=0)
            start = time.perf_counter()
            for _ in range(per_cell):
                P = draw(rng, shape)
                game = bg.Game(P)
                res = bg.solve(game, "polynomial", exact=False)
                ind = _independent_route(game, False, None)
                gv = gambit_vectors(P, game, gbt)
                ours, other = vectors(res), vectors(ind)
                union: list[np.ndarray] = []
                for v in [*ours, *other, *gv]:
                    if not any(np.max(np.abs(v - w)) <= 1e-5 for w in union):
                        union.append(v)
                stats["games"] += 1
                stats["multi"] += interior(union) >= 2
                stats["eqs"] += len(union)
                stats["miss_solve"] += missing(ours, union)
                stats["miss_ind"] += missing(other, union)
                stats["miss_gbt"] += missing(gv, union)
                stats["incomplete"] += not res.complete
                stats["fail"] += res.evidence is not None and res.evidence.kind == "index" and not res.evidence.passed
            print(f"{'x'.join(map(str, shape)):8s} {family:8s} {stats['games']:5d} {stats['multi']:6d} "
                  f"{stats['eqs']:8d}   {stats['miss_solve']:4d} / {stats['miss_ind']:4d} / {stats['miss_gbt']:4d}"
                  f"   {stats['incomplete']:6d} {stats['fail']:6d}  {time.perf_counter() - start:7.1f}", flush=True)


if __name__ == "__main__":
    main()
