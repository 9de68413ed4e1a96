"""Parametric game trees: an :class:`ExtensiveModel` is a model whose game is a tree.

Its payoffs and chance probabilities are numpy expressions of named parameters; the reduced
normal form of a whole batch of parameter values is computed in one array operation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError
from bargain.model.extensive.game import ExtensiveGame
from bargain.model.extensive.nodes import Chance, Node, Terminal, walk_tree
from bargain.model.numbers import to_fraction
from bargain.model.parameters import Model, Values

__all__ = ["ExtensiveModel"]


# --------------------------------------------------------------------------- parametric trees
def _raw_numbers(root: Any) -> tuple[list[tuple[int, ...]], list[Any], list[list[Any]], list[tuple[str, ...]]]:
    """Structure and raw numbers of a builder tree: per node its child ids, the leaf payoff
    tuples and the chance probability lists (arrays allowed), and the paths."""
    walk, _ = walk_tree(root)
    kids: list[list[int]] = [[] for _ in walk]
    leaves, chance = [], []
    chance_of: dict[int, list[Any]] = {}
    paths = []
    for nid, (node, par, _k, path, prob) in enumerate(walk):
        paths.append(path)
        if par >= 0:
            kids[par].append(nid)
            if par in chance_of:
                chance_of[par].append(prob)
        if isinstance(node, Terminal):
            leaves.append(node.payoffs)
        elif isinstance(node, Chance):
            chance_of[nid] = []
            chance.append(chance_of[nid])
    return [tuple(k) for k in kids], leaves, chance, paths


class ExtensiveModel(Model):
    """A parametric game tree: a :class:`~bargain.model.parameters.Model` whose normal form is the
    reduced normal form of a tree whose payoffs and chance probabilities are parameters.

    ``model.tree(**values)`` is the :class:`ExtensiveGame`; ``model.game(**values)`` its reduced
    normal form; ``model.payoffs(**values)`` the batch of reduced normal forms, computed in one
    array operation: the reduced normal form is linear in the leaf payoffs with weights that are
    products of chance probabilities, ``U[k, s] = sum_z M[s, z] w(z) u_k(z)``
    (:meth:`ExtensiveGame.normal_form_map`), and ``M`` is computed once.

    Parameters
    ----------
    name, parameters, players, title, description, references : str
        as for ``Model``.
    tree_function : Callable[[Any], Node]
        ``f(p) -> root node`` building the tree from parameter values ``p`` (``p.name``)
        with :class:`Decision`, :class:`Chance` and :class:`Terminal`, using numpy arithmetic only,
        so the same function builds one tree (scalars) or a batch of trees (arrays).  The tree's
        shape (nodes, players, information sets, actions) must not depend on the values.
    """

    def __init__(self, name: str, parameters: Sequence[Any], tree_function: Callable[[Any], Node], *,
                 players: Sequence[str], title: str = "", description: str = "",
                 references: Sequence[str] = ()) -> None:
        self._tree_function = tree_function
        self._tree_players = tuple(str(p) for p in players)
        defaults = {prm.name: np.asarray(float(prm.default)) for prm in parameters}
        reference = ExtensiveGame(tree_function(Values(defaults)), self._tree_players, title or name)
        super().__init__(name, parameters, players=players, strategies=reference.strategy_labels(),
                         title=title, description=description, references=references)
        self._reference = reference
        self._map_t = np.ascontiguousarray(reference.normal_form_map().astype(float).T)
        # leaf -> chance edges on its path, as (chance node position, outcome index), padded
        pos = {c: k for k, c in enumerate(reference.chance_nodes)}
        offsets = np.cumsum([0] + [len(reference.children(c)) for c in reference.chance_nodes])
        edges = []
        for z in reference.leaves:
            e, cur = [], int(z)
            while cur > 0:
                par = reference.parent(cur)
                if reference.node_kind(par) == "chance":
                    e.append(int(offsets[pos[par]]) + reference.children(par).index(cur))
                cur = par
            edges.append(e)
        depth = max((len(e) for e in edges), default=0)
        one = int(offsets[-1])            # index of an extra column of ones
        self._edge_index = np.array([e + [one] * (depth - len(e)) for e in edges], dtype=np.int64).reshape(
            len(edges), depth)

    @property
    def reference_tree(self) -> ExtensiveGame:
        """The tree at the default parameter values."""
        return self._reference

    def tree(self, *, exact: bool = False, **values: Any) -> ExtensiveGame:
        """The game tree at one parameter point (unspecified parameters take their defaults).

        With ``exact=True`` the tree is built from Fractions (read by their decimal repr), so a
        tree function made of ``+ - * /`` gives an exact tree with rational equilibria.
        """
        tree = ExtensiveGame(self._tree_function(self._point(exact, values)), self._tree_players, self.title)
        self._check_structure(tree)
        return tree

    def _point(self, exact: bool, values: dict[str, Any]) -> Values:
        """The parameter values of one tree: one value each (defaults for the others), Fractions if ``exact``."""
        checked = self.validate(**values)
        for k, v in checked.items():
            if v.size != 1:
                raise GameError(f"tree() takes one value per parameter but {k!r} has shape {v.shape}")
        if exact:
            # a given Fraction stays exact (a threshold such as 19139/107750); floats by their decimal repr
            return Values({k: to_fraction(values[k] if isinstance(values.get(k), Fraction) else float(v))
                           for k, v in checked.items()}, (), exact=True)
        return Values({k: v.reshape(()) for k, v in checked.items()})

    def _check_structure(self, tree: ExtensiveGame) -> None:
        ref = self._reference
        if tree.num_nodes != ref.num_nodes or any(tree.node_path(x) != ref.node_path(x) for x in range(ref.num_nodes)):
            raise GameError(f"model {self.name!r}: the tree's shape changes with the parameter values; a tree "
                            "model must keep the same nodes and actions and let only payoffs and probabilities vary")

    def leaf_values(self, **values: Any) -> tuple[np.ndarray, list[np.ndarray]]:
        """Leaf payoffs and chance probabilities of a batch of trees, as arrays.

        Returns ``(u, probs)``: ``u`` of shape ``batch_shape + (num_leaves, n_players)`` (leaves in
        the preorder of :attr:`reference_tree`), and for each chance node of the reference tree
        (in preorder) an array ``batch_shape + (num_outcomes,)``.  Vectorised solvers (e.g.
        :func:`bargain.solvers.backward_induction.backward_induction_batch`) start from these.
        """
        checked = self.validate(**values)
        batch = self._broadcast_shape(checked)
        p = Values({k: np.broadcast_to(v, batch) for k, v in checked.items()}, batch)
        u, P = self._leaf_arrays(p)
        probs, start = [], 0
        for c in self._reference.chance_nodes:
            k = len(self._reference.children(c))
            probs.append(P[..., start:start + k])
            start += k
        return u, probs

    def _tree_numbers(self, p: Any) -> tuple[list[list[Any]], list[list[Any]]]:
        """The raw numbers of the tree at ``p``, as the tree function returns them: per leaf (preorder of
        :attr:`reference_tree`) one payoff per player, and per chance node its probabilities; the
        tree's shape is checked against the reference tree."""
        ref = self._reference
        _kids, leaves, chance, paths = _raw_numbers(self._tree_function(p))
        if len(paths) != ref.num_nodes or any(paths[x] != ref.node_path(x) for x in range(ref.num_nodes)):
            raise GameError(f"model {self.name!r}: the tree's shape changes with the parameter values")
        pays = [[pay[pl] for pl in self._tree_players] if isinstance(pay, Mapping) else list(pay) for pay in leaves]
        return pays, chance

    def normal_form_expressions(self, p: Any) -> tuple[np.ndarray, list[list[Any]]]:
        """The reduced normal form at ``p`` by plain arithmetic on what the tree function returns.

        The values in ``p`` may be any numbers or expressions closed under ``+`` and ``*`` (sympy
        symbols, Fractions): nothing is converted to float.  Each payoff is the sum over the
        leaves a profile reaches of the product of the chance probabilities on the leaf's path and
        the leaf payoff, ``U[k, s] = sum_z M[s, z] w(z) u_k(z)`` with the 0/1 map ``M`` of
        :meth:`ExtensiveGame.normal_form_map` (the same map and chance edges :meth:`compute`
        uses).  The chance probabilities are returned unchecked, for the caller to check in its
        own arithmetic.

        Parameters
        ----------
        p : Values
            One value (number or expression) per parameter.

        Returns
        -------
        payoffs : numpy.ndarray
            Object array ``(n_players, s_1, ..., s_n)``.
        chance : list of list
            Per chance node of :attr:`reference_tree` (preorder), its outcome probabilities.

        Raises
        ------
        GameError
            If the tree's shape at ``p`` differs from the reference tree's.

        References
        ----------
        Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the
        Theory of Games* II, 193-216 (the reduced normal form; expected payoffs over chance).
        """
        leaves, chance = self._tree_numbers(p)
        cols: list[Any] = [q for probs in chance for q in probs] + [1]      # the padding column is 1
        weights = []
        for edges in self._edge_index:
            w: Any = 1
            for e in edges:
                if int(e) != len(cols) - 1:
                    w = w * cols[int(e)]
            weights.append(w)
        weighted = np.array([[w * u for u in pay] for w, pay in zip(weights, leaves, strict=True)], dtype=object)
        reach = (self._map_t.T > 0).astype(np.int64).astype(object)         # (profiles, leaves), 0/1 ints
        out = (reach @ weighted).T                                          # (players, profiles)
        return out.reshape(self.n_players, *self.shape), chance

    def _leaf_arrays(self, p: Any) -> tuple[np.ndarray, np.ndarray]:
        """``u`` (batch, leaves, players) and every chance probability as columns of ``P`` (plus a
        last column of ones), checked: probabilities non-negative and summing to 1 per node."""
        ref = self._reference
        batch = p.batch_shape
        leaves, chance = self._tree_numbers(p)
        n = self.n_players
        Z = len(leaves)
        u = np.empty((*batch, Z, n), dtype=float)
        for z, vals in enumerate(leaves):
            for i, v in enumerate(vals):
                u[..., z, i] = v
        cols = [np.broadcast_to(np.asarray(q, dtype=float), batch) for probs in chance for q in probs]
        P = np.stack([*cols, np.ones(batch)], axis=-1) if cols else np.ones((*batch, 1))
        start = 0
        for c, probs in zip(ref.chance_nodes, chance, strict=True):
            block = P[..., start:start + len(probs)]
            start += len(probs)
            if np.any(block < 0) or np.any(np.abs(block.sum(axis=-1) - 1.0) > 1e-9 * len(probs)):
                raise GameError(f"model {self.name!r}: at chance node {ref.node_name(c)!r} the probabilities are "
                                "negative or do not sum to 1 for some parameter values; check the probability "
                                "formulas")
        return u, P

    def compute(self, p: Any) -> Any:
        if p.exact:
            tree = ExtensiveGame(self._tree_function(p), self._tree_players, self.title)
            self._check_structure(tree)
            return tree.reduced_normal_form(exact=tree.is_exact).exact_payoffs \
                if tree.is_exact else tree.reduced_normal_form().payoffs
        u, P = self._leaf_arrays(p)
        batch, n, Z = p.batch_shape, self.n_players, u.shape[-2]
        w = np.prod(P[..., self._edge_index], axis=-1) if self._edge_index.shape[1] else np.ones((*batch, Z))
        flat = np.swapaxes(w[..., None] * u, -1, -2) @ self._map_t     # (..., n, Z) @ (Z, profiles)
        return flat.reshape(*batch, n, *self.shape)
