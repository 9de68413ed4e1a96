"""Maximal Nash subsets and connected components of the equilibrium set of a bimatrix game.

Let ``E`` be the finite set of extreme equilibria ``(x_k, y_l)`` of a two-player game: pairs of
vertices of the best-response polytopes that are completely labelled.  Draw the bipartite graph
whose left nodes are the distinct strategies ``x_k``, right nodes the distinct ``y_l``, and whose
edges are the extreme equilibria.  Then (Winkels 1979; Jansen 1981; Avis, Rosenberg, Savani and
von Stengel 2010, "Enumeration of Nash equilibria for two-player games", Econ. Theory 42, sec. 5):

* a *Nash subset* is a product ``conv(X) x conv(Y)`` in which every pair is an equilibrium; it is
  one iff every ``(x, y)`` in ``X x Y`` is an edge, i.e. ``(X, Y)`` is a *biclique*, because the
  equilibrium condition is linear in ``x`` for fixed ``y`` and vice versa;
* the *maximal* Nash subsets are the maximal bicliques, and the whole equilibrium set is their
  union;
* two maximal Nash subsets intersect iff they share an extreme equilibrium strategy (both are
  products of faces of the polytopes, and two faces meet iff they share a vertex), so the
  connected components of the equilibrium set are the connected components of the graph.

Maximal bicliques are found from the intersection-closed family of neighbourhoods: for every
nonempty ``Y = N(x_1) ∩ ... ∩ N(x_r)``, the left side ``X = {x : Y ⊆ N(x)}`` makes ``(X, Y)`` a
maximal biclique, and every maximal biclique arises this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

__all__ = ["connected_components", "intersection_closure", "maximal_bicliques"]

T = TypeVar("T")


def connected_components(edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Group edge indices into connected components of the bipartite graph (union-find).

    ``edges[e] = (left, right)``.  Components are listed in order of their smallest edge index,
    each as the sorted list of its edge indices.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(a: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for left, right in edges:
        ra, rb = find(("x", left)), find(("y", right))
        if ra != rb:
            parent[ra] = rb
    groups: dict[tuple[str, int], list[int]] = {}
    for e, (left, _) in enumerate(edges):
        groups.setdefault(find(("x", left)), []).append(e)
    return sorted(groups.values(), key=lambda g: g[0])


def intersection_closure(generators: Iterable[frozenset[T]]) -> set[frozenset[T]]:
    """Every nonempty intersection of one or more of ``generators`` (the family closed under ``&``).

    Each round intersects the sets found in the previous round with one generator more, so a set
    is produced once per round at most; it stops when a round finds nothing new.

    Parameters
    ----------
    generators : iterable of frozenset
        The sets to intersect.

    Returns
    -------
    set of frozenset
        The generators and all their nonempty intersections.
    """
    base = set(generators)
    family = set(base)
    frontier = set(base)
    while frontier:
        new = {f & g for f in frontier for g in base} - family - {frozenset()}
        family |= new
        frontier = new
    return family


def maximal_bicliques(edges: Sequence[tuple[int, int]]) -> list[tuple[int, ...]]:
    """Maximal bicliques of a bipartite graph, each as the sorted tuple of the edge indices inside it.

    Listed in order of their smallest edge index.  Exponential in the worst case (there can be
    exponentially many maximal Nash subsets), linear-ish for the small graphs games produce.
    """
    edge_index = {e: k for k, e in enumerate(edges)}
    nbrs: dict[int, frozenset[int]] = {}
    for left, right in edges:
        nbrs[left] = nbrs.get(left, frozenset()) | {right}
    family = intersection_closure(nbrs.values())
    out = []
    for ys in family:
        xs = [x for x, ny in nbrs.items() if ys <= ny]
        out.append(tuple(sorted(edge_index[(x, y)] for x in xs for y in ys)))
    return sorted(out)
