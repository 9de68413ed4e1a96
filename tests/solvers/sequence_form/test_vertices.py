"""The lowest-vertex search against brute force: every basis of a small polyhedron solved directly."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bargain.model.extensive import Decision, ExtensiveGame, Terminal
from bargain.solvers.sequence_form import sequence_form
from bargain.solvers.sequence_form.vertices import lowest_vertices


def small_tree(seed: int) -> ExtensiveGame:
    """P1 moves (L/R; after L again l/r), P2 answers without seeing P1's moves (a/b/c); payoffs
    from {0, 1, 2} so that the polyhedra are degenerate."""
    rng = np.random.default_rng(seed)

    def leaf() -> Terminal:
        return Terminal(*(int(v) for v in rng.integers(0, 3, 2)))

    def p2() -> Decision:
        return Decision("P2", {"a": leaf(), "b": leaf(), "c": leaf()}, infoset="2")

    inner = Decision("P1", {"l": p2(), "r": p2()}, infoset="1L")
    return ExtensiveGame(Decision("P1", {"L": inner, "R": p2()}, infoset="1"), players=("P1", "P2"))


def brute_force_lowest(sf, own: int, C: np.ndarray) -> set[tuple[bool, ...]]:
    """Tight sets of the vertices of ``{x >= 0, E x = e, w = F^T q - C^T x >= 0}`` whose every
    opponent row has a tight sequence, from every square subsystem."""
    E = sf.constraints(own)[0].toarray().astype(float)
    F = sf.constraints(1 - own)[0].toarray().astype(float)
    s, t, rF = E.shape[1], F.shape[1], F.shape[0]
    # equalities E x = e; w = F^T q - C^T x; unknowns (x, q); tight choices fix x_j = 0 or w_k = 0
    nvar = s + rF
    out = set()
    for tight in itertools.combinations(range(s + t), nvar - E.shape[0]):
        rows = [np.concatenate([E[r], np.zeros(rF)]) for r in range(E.shape[0])]
        rhs = [1.0] + [0.0] * (E.shape[0] - 1)
        for v in tight:
            row = np.zeros(nvar)
            if v < s:
                row[v] = 1.0
            else:
                row[:s], row[s:] = -C[:, v - s], F[:, v - s]
            rows.append(row)
            rhs.append(0.0)
        Msys = np.array(rows)
        if abs(np.linalg.det(Msys)) < 1e-9:
            continue
        z = np.linalg.solve(Msys, rhs)
        x, q = z[:s], z[s:]
        w = F.T @ q - C.T @ x
        if x.min() < -1e-9 or w.min() < -1e-9:
            continue
        wt = np.abs(w) <= 1e-9
        if all(wt[F[g] > 0].any() for g in range(rF)):
            out.add(tuple(np.concatenate([np.abs(x) <= 1e-9, wt]).tolist()))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_lowest_vertices_equal_brute_force(seed):
    sf = sequence_form(small_tree(seed))
    A, B = (M.toarray() for M in sf.payoff_matrices())
    for own, C in ((0, B), (1, A.T)):
        found = lowest_vertices(sf, own, C)
        assert found.finished and len(found.tight) >= 3
        assert {tuple(row.tolist()) for row in found.tight} == brute_force_lowest(sf, own, C), (seed, own)
