"""The sequence form of a game tree: sequences, realisation plans, constraints and payoffs.

With perfect recall, a player's *sequence* is the list of their own moves on the path to a
node, and it is determined by its last move ``(h, a)`` (information set ``h``, action ``a``) or
is the empty sequence ``∅``.  Player ``i`` has ``1 + sum_h |A(h)|`` sequences.  A *realisation
plan* ``x`` gives each sequence the probability that the player's own moves follow it; ``x`` is
a realisation plan iff

    x >= 0,   x(∅) = 1,   sum_a x(h a) = x(σ(h))   for every information set h of the player,

where ``σ(h)`` is the sequence leading to ``h``: ``E x = e`` with ``E`` of shape
``(1 + #sets, #sequences)`` and ``e`` the first unit vector (Koller, Megiddo and von Stengel
1996, "Efficient computation of equilibria for extensive two-person games", GEB 14, sec. 3;
von Stengel 1996, "Efficient computation of behavior strategies", GEB 14).  The expected payoff
of a profile of plans is multilinear in them:

    U_k(x_1, ..., x_n) = sum over leaves z of  w(z) u_k(z) prod_i x_i(s_i(z)),

where ``s_i(z)`` is player ``i``'s sequence at ``z`` and ``w(z)`` the product of chance
probabilities on its path.  So the *sequence-form payoff tensor* is sparse: one entry per leaf,
summed where leaves share a sequence profile; for two players it is the pair of matrices
``A, B`` of shape ``(#sequences_1, #sequences_2)``.  Everything here is built in one preorder
pass over the tree, in time and memory linear in its size (the reduced normal form is
exponential).

Realisation plans and behaviour strategies are two views of one thing: ``x(h a) = x(σ(h)) b(h)(a)``
and ``b(h)(a) = x(h a) / x(σ(h))`` where ``x(σ(h)) > 0`` (Kuhn 1953; von Stengel 1996, sec. 3).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import scipy.sparse as sp

from bargain.errors import GameError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.extensive.nodes import DECISION

__all__ = ["SequenceForm", "sequence_form"]


@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a perfect-recall tree (build it with :func:`sequence_form`).

    Parameters
    ----------
    game : ExtensiveGame
        the tree.
    num_sequences : tuple[int, ...]
        number of sequences of each player (the empty sequence is number 0).
    infoset_first : np.ndarray
        for every information set (by index), the number of the sequence ``(h, 0)``
        in its owner's list; ``(h, a)`` is ``infoset_first[h] + a``.
    infoset_parent : np.ndarray
        for every information set, the owner's sequence ``σ(h)`` that leads to it.
    player_infosets : tuple[tuple[int, ...], ...]
        the indices of each player's information sets, in preorder.
    leaf_sequences : np.ndarray
        ``(num_leaves, n_players)`` int array, each player's sequence at each leaf.
    leaf_weight : np.ndarray
        float chance weight ``w(z)`` of each leaf; ``exact_leaf_weight`` Fractions or None.
    exact_leaf_weight : tuple of Fraction or None
        The leaf weights as Fractions, when the chance probabilities are rational.
    """

    game: ExtensiveGame
    num_sequences: tuple[int, ...]
    infoset_first: np.ndarray
    infoset_parent: np.ndarray
    player_infosets: tuple[tuple[int, ...], ...]
    leaf_sequences: np.ndarray
    leaf_weight: np.ndarray
    exact_leaf_weight: tuple[Fraction, ...] | None

    # ----------------------------------------------------------------- labels
    def sequence(self, player: int, s: int) -> tuple[int, int] | None:
        """Sequence ``s`` of ``player`` as ``(information set index, action index)``; None for ∅."""
        if s == 0:
            return None
        sets = self.player_infosets[player]
        firsts = self.infoset_first[list(sets)]
        k = int(np.searchsorted(firsts, s, side="right")) - 1
        h = sets[k]
        return h, s - int(self.infoset_first[h])

    def sequence_label(self, player: int, s: int) -> str:
        """``"∅"`` or ``"action@set"``."""
        seq = self.sequence(player, s)
        if seq is None:
            return "∅"
        h = self.game.infosets[seq[0]]
        return f"{h.actions[seq[1]]}@{h.label}"

    # ----------------------------------------------------------------- constraints
    def constraints(self, player: int, *, exact: bool = False) -> tuple[Any, np.ndarray]:
        """``(E, e)``: realisation plans of ``player`` are ``{x >= 0 : E x = e}``.

        ``E`` is a ``scipy.sparse.csr_matrix`` of integers (rows: ∅, then the player's sets in
        preorder); with ``exact`` it is a dense object array of Python ints instead.
        """
        sets = self.player_infosets[player]
        rows, cols, vals = [0], [0], [1]
        for r, h in enumerate(sets, start=1):
            rows.append(r)
            cols.append(int(self.infoset_parent[h]))
            vals.append(-1)
            first = int(self.infoset_first[h])
            for a in range(self.game.infosets[h].num_actions):
                rows.append(r)
                cols.append(first + a)
                vals.append(1)
        shape = (1 + len(sets), self.num_sequences[player])
        E = sp.csr_matrix((np.array(vals, dtype=np.int64), (rows, cols)), shape=shape)
        e = np.zeros(shape[0], dtype=object if exact else float)
        e[0] = 1
        if exact:
            dense = np.zeros(shape, dtype=object)
            dense[:] = 0
            for r, c, v in zip(rows, cols, vals, strict=True):
                dense[r, c] = v
            return dense, e
        return E, e

    # ----------------------------------------------------------------- payoffs
    def payoff_tensor(self, *, exact: bool = False, shift: Any = 0) -> dict[tuple[int, ...], np.ndarray]:
        """The sparse sequence-form payoff tensor ``{sequence profile: payoff vector}``.

        Each leaf adds ``w(z) (u(z) - shift)``; profiles reached by no leaf are absent (zero).
        ``shift`` (a number) lowers every leaf payoff, which shifts every expected payoff by the
        same constant and leaves the equilibria unchanged.
        """
        g = self.game
        if exact:
            if self.exact_leaf_weight is None or g.exact_leaf_payoffs is None:
                raise GameError("exact sequence-form payoffs need an exact tree")
            pay, w = g.exact_leaf_payoffs, self.exact_leaf_weight
        else:
            pay, w = g.leaf_payoffs, self.leaf_weight
        out: dict[tuple[int, ...], np.ndarray] = {}
        for z, key in enumerate(map(tuple, self.leaf_sequences.tolist())):
            v = (pay[z] - shift) * w[z]
            if key in out:
                out[key] = out[key] + v
            else:
                out[key] = v
        return out

    def payoff_matrices(self, *, exact: bool = False, shift: Any = 0) -> tuple[Any, Any]:
        """Two players: the sequence-form matrices ``(A, B)``, ``A[s1, s2]`` the payoff of player 1.

        Float: ``scipy.sparse.csr_matrix``; exact: dense object arrays of Fractions.
        """
        if self.game.n_players != 2:
            raise GameError(f"payoff matrices are for two-player trees; this tree has {self.game.n_players} players")
        m, n = self.num_sequences
        tensor = self.payoff_tensor(exact=exact, shift=shift)
        keys = list(tensor)
        if exact:
            A = np.full((m, n), Fraction(0), dtype=object)
            B = np.full((m, n), Fraction(0), dtype=object)
            for (i, j), v in tensor.items():
                A[i, j], B[i, j] = v[0], v[1]
            return A, B
        r = np.array([k[0] for k in keys], dtype=np.int64)
        c = np.array([k[1] for k in keys], dtype=np.int64)
        vals = np.array([tensor[k] for k in keys], dtype=float).reshape(len(keys), 2)
        return (sp.csr_matrix((vals[:, 0], (r, c)), shape=(m, n)),
                sp.csr_matrix((vals[:, 1], (r, c)), shape=(m, n)))

    # ----------------------------------------------------------------- plans and behaviour
    def plan_from_behaviour(self, behaviour: BehaviourProfile, player: int, *, exact: bool = False) -> np.ndarray:
        """Player ``player``'s realisation plan of a behaviour profile: ``x(h a) = x(σ(h)) b(h)(a)``."""
        src = behaviour.exact_probabilities if exact else behaviour.probabilities
        if src is None:
            raise GameError("exact=True needs an exact behaviour profile")
        x = np.zeros(self.num_sequences[player], dtype=object if exact else float)
        x[0] = Fraction(1) if exact else 1.0
        for h in self.player_infosets[player]:      # preorder: σ(h) is set before h's sequences
            first, par = int(self.infoset_first[h]), int(self.infoset_parent[h])
            for a, p in enumerate(src[h]):
                x[first + a] = x[par] * p
        return x

    def behaviour_from_plans(self, plans: Sequence[Sequence[Any]], *, exact: bool = False) -> BehaviourProfile:
        """The behaviour profile of a profile of realisation plans (one per player).

        ``b(h)(a) = x(h a) / x(σ(h))``; where ``x(σ(h)) = 0`` the player's own plan never reaches
        ``h`` and the behaviour there is a placeholder (uniform), listed in ``undetermined``.
        """
        g = self.game
        probs: list[Any] = [None] * len(g.infosets)
        undetermined = set()
        for i in range(g.n_players):
            x = plans[i]
            if len(x) != self.num_sequences[i]:
                raise GameError(f"the realisation plan of {g.players[i]} has {len(x)} entries; "
                                f"{g.players[i]} has {self.num_sequences[i]} sequences")
            for h in self.player_infosets[i]:
                k = g.infosets[h].num_actions
                first, par = int(self.infoset_first[h]), int(self.infoset_parent[h])
                block = [x[first + a] for a in range(k)]
                tot = sum(block)
                if (tot == 0) if exact else (float(tot) <= 1e-15):
                    undetermined.add(h)
                    probs[h] = tuple(Fraction(1, k) if exact else 1.0 / k for _ in range(k))
                else:      # the block sums to x(σ(h)) for a plan; divide by the sum to absorb rounding
                    if exact:        # Fraction / Fraction (no new Fraction for entries that are one already)
                        tot = Fraction(tot)
                        block = [v if isinstance(v, int | Fraction) else Fraction(v) for v in block]
                    probs[h] = tuple(v / tot for v in block)
                    if exact and (tot != x[par] or any(v < 0 for v in block)):
                        raise GameError(f"not a realisation plan of {g.players[i]}: at information set "
                                        f"{g.infosets[h].label!r} the actions are {block}, summing to {tot}, "
                                        f"not {x[par]}, or one is negative")
        if exact:       # rows of non-negative Fractions summing to 1 exactly: nothing left to validate
            return self._exact_profile(probs, frozenset(undetermined))
        b = BehaviourProfile.build(g, probs, exact=exact)
        b.undetermined = frozenset(undetermined)
        return b

    def behaviour_of_rows(self, rows: Sequence[Sequence[Fraction]]) -> BehaviourProfile:
        """The exact behaviour profile of rows of Fractions, one per information set (every set).

        Parameters
        ----------
        rows : sequence of sequences of Fraction
            The probabilities of each set's actions: non-negative, summing to 1.

        Returns
        -------
        BehaviourProfile
            The profile (nothing undetermined).

        Raises
        ------
        GameError
            If a row is missing, negative somewhere or does not sum to 1.
        """
        g = self.game
        for h, row in enumerate(rows):      # in integers: over the row's common denominator (a Fraction's is positive)
            den = math.lcm(*(p.denominator for p in row)) if row else 0
            if (row is None or len(row) != g.infosets[h].num_actions or any(p.numerator < 0 for p in row)
                    or sum(p.numerator * (den // p.denominator) for p in row) != den):
                raise GameError(f"behaviour at information set {g.infosets[h].label!r} is {row}: probabilities must "
                                "be non-negative and sum to 1")
        return self._exact_profile([tuple(row) for row in rows], frozenset())

    def _exact_profile(self, probs: list[Any], undetermined: frozenset[int]) -> BehaviourProfile:
        """A :class:`BehaviourProfile` of validated Fraction rows (their float views made here)."""
        rows = []
        for row in probs:
            v = np.array([p.numerator / p.denominator for p in row])
            v.flags.writeable = False
            rows.append(v)
        return BehaviourProfile(self.game, tuple(rows), tuple(probs), undetermined)

    def plan_from_mixed(self, player: int, mixed: Sequence[Any], *, exact: bool = False) -> np.ndarray:
        """The realisation plan of a mixed strategy of the reduced normal form (``x = sum_s μ(s) x_s``)."""
        g = self.game
        plans = g.reduced_strategies(player)
        if len(mixed) != len(plans):
            raise GameError(f"{g.players[player]} has {len(plans)} reduced strategies, got {len(mixed)} probabilities")
        x = np.zeros(self.num_sequences[player], dtype=object if exact else float)
        if exact:
            x[:] = Fraction(0)
        for plan, mu in zip(plans, mixed, strict=True):
            if mu == 0:
                continue
            x[0] += mu
            for h, a in plan.items():
                x[int(self.infoset_first[h]) + a] += mu
        return x

    def mixed_from_plans(self, plans: Sequence[Sequence[Any]], *, exact: bool = False) -> tuple[np.ndarray, ...]:
        """A realisation-equivalent mixed profile of the reduced normal form (Kuhn 1953), via behaviour."""
        b = self.behaviour_from_plans(plans, exact=exact)
        return self.game.mixed_from_behaviour(b, exact=exact)

    def best_response(self, player: int, c: Sequence[Any]) -> tuple[Any, list[int]]:
        """Best-response value and a pure best-response plan against the sequence payoffs ``c``.

        ``c[s]`` is what sequence ``s`` of ``player`` earns (e.g. ``A y`` for player 1).  By
        backward induction over the player's information sets (perfect recall makes them a
        forest): ``V(h) = max_a [c(h a) + sum of V(h') over the sets h' that follow h a]``.
        Returns the value ``c(∅) + sum of V over the first sets`` and the best plan as the list
        of its sequences (∅ and one best action at every set, reached or not).
        """
        sets = self.player_infosets[player]
        follow: dict[int, list[int]] = {}
        for h in sets:
            follow.setdefault(int(self.infoset_parent[h]), []).append(h)
        value: dict[int, Any] = {}
        best: dict[int, int] = {}
        for h in reversed(sets):
            first = int(self.infoset_first[h])
            vals = [c[first + a] + sum((value[j] for j in follow.get(first + a, ())), 0 * c[0])
                    for a in range(self.game.infosets[h].num_actions)]
            top = max(vals)
            best[h] = vals.index(top)
            value[h] = top
        total = c[0] + sum((value[j] for j in follow.get(0, ())), 0 * c[0])
        return total, [0] + [int(self.infoset_first[h]) + best[h] for h in sets]


def sequence_form(game: ExtensiveGame) -> SequenceForm:
    """Build the sequence form of ``game`` in one preorder pass (linear in the number of nodes).

    Parameters
    ----------
    game : ExtensiveGame
        A tree with perfect recall.

    Returns
    -------
    SequenceForm
        The sequences, their constraints and the leaves' sequences and weights.

    Raises
    ------
    GameError
        If the tree lacks perfect recall (sequences are then not well defined).

    References
    ----------
    Koller, Megiddo and von Stengel (1996), GEB 14, sec. 3; von Stengel (1996), GEB 14.
    """
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"the sequence form needs a bargain.ExtensiveGame, got {type(game).__name__}")
    cached = getattr(game, "_sequence_form", None)
    if cached is not None:          # a tree does not change once built: its sequence form is built once
        return cached
    game.check_perfect_recall("the sequence form")
    n = game.n_players
    sets = game.infosets
    counts = [1] * n
    first = np.zeros(len(sets), dtype=np.int64)
    player_sets: list[list[int]] = [[] for _ in range(n)]
    for h in sets:
        first[h.index] = counts[h.player]
        counts[h.player] += h.num_actions
        player_sets[h.player].append(h.index)
    parent_seq = np.full(len(sets), -1, dtype=np.int64)
    N = game.num_nodes
    kind, parent, edge, infoset, owner = game._kind, game._parent, game._edge, game._infoset, game._player
    # cur[x, i]: player i's sequence at node x; set from the parent in preorder.
    cur = np.zeros((N, n), dtype=np.int64)
    exact = game.is_exact
    wf = np.ones(N)
    wq: list[Any] | None = [Fraction(1)] * N if exact else None
    par_l, edge_l, kind_l = parent.tolist(), edge.tolist(), kind.tolist()
    infoset_l, owner_l = infoset.tolist(), owner.tolist()
    chance_f = {c: game.chance_probabilities(c).tolist() for c in game.chance_nodes}
    chance_q = {c: game.chance_probabilities(c, exact=True) for c in game.chance_nodes} if exact else {}
    for x in range(1, N):
        p = par_l[x]
        if kind_l[p] == DECISION:
            cur[x] = cur[p]
            cur[x, owner_l[p]] = first[infoset_l[p]] + edge_l[x]
            wf[x] = wf[p]
            if wq is not None:
                wq[x] = wq[p]
        else:   # chance
            cur[x] = cur[p]
            wf[x] = wf[p] * chance_f[p][edge_l[x]]
            if wq is not None:
                wq[x] = wq[p] * chance_q[p][edge_l[x]]
    for h in sets:
        parent_seq[h.index] = cur[h.nodes[0], h.player]
    leaves = game.leaves
    sf = SequenceForm(
        game=game, num_sequences=tuple(counts), infoset_first=first, infoset_parent=parent_seq,
        player_infosets=tuple(tuple(s) for s in player_sets), leaf_sequences=cur[leaves],
        leaf_weight=wf[leaves], exact_leaf_weight=tuple(wq[int(z)] for z in leaves) if wq is not None else None,
    )
    for a in (first, parent_seq, sf.leaf_sequences, sf.leaf_weight):
        a.flags.writeable = False       # shared by every later caller
    game._sequence_form = sf
    return sf
