"""Assessments: a behaviour profile with beliefs at every information set, and their checks.

An *assessment* ``(b, μ)`` pairs a behaviour profile with a system of beliefs.  It is

* *sequentially rational* when at every information set ``h`` the mover's behaviour maximises
  their expected payoff given ``μ(h)`` and ``b`` afterwards.  For consistent assessments of
  perfect-recall trees it suffices that no single action at ``h`` does better than ``b(h)``
  (the one-shot deviation principle; Hendon, Jacobsen and Sloth 1996), which is what
  :func:`rationality_violations` checks;
* a *sequential equilibrium* when it is also consistent (Kreps and Wilson 1982;
  :func:`~bargain.solvers.sequential.beliefs.is_consistent});
* a *perfect Bayesian equilibrium* (in the sense of Fudenberg and Tirole 1991, sec. 8.2, and
  Gibbons 1992, ch. 4) when it is sequentially rational and beliefs follow Bayes' rule wherever
  possible: from the root on the path, and from the smallest subgame that reaches ``h``
  with positive probability inside each subgame; elsewhere beliefs are free.

:func:`assess` finds, for a behaviour profile, the beliefs that make it such an equilibrium: at
each set off the path it computes the polytope of admissible beliefs (allowed nodes, the ratios
consistency fixes, and the inequalities that make ``b(h)`` optimal), reports its vertices, and
checks that one choice of beliefs is jointly consistent.

References
----------
Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894.
Hendon, E., Jacobsen, H. J. and Sloth, B. (1996). The one-shot-deviation principle for sequential
rationality. *GEB* 12, 274-282.  Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8.
Gibbons, R. (1992). *Game Theory for Applied Economists*, ch. 4.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from bargain.errors import GameError
from bargain.model.extensive import BehaviourProfile, ExtensiveGame
from bargain.model.numbers import format_number
from bargain.solvers.sequential.beliefs import (
    bayes_beliefs,
    belief_constraints,
    is_consistent,
    tremble_structure,
)
from bargain.solvers.sequential.polytope import feasible_point, vertices
from bargain.solvers.spe_result import _values as node_values

__all__ = ["REFINEMENTS", "Assessment", "action_values", "assess", "rationality_violations"]

#: The refinements :func:`assess` decides.
REFINEMENTS = ("sequential", "pbe")


@dataclass(frozen=True, eq=False)
class Assessment:
    """A behaviour profile with beliefs at every information set, and what it satisfies.

    Parameters
    ----------
    game : ExtensiveGame
        the tree.
    behaviour : BehaviourProfile
        the behaviour profile.
    beliefs : dict[str, dict[str, Any] | None]
        ``{information set label: {node name: belief}}`` at every set (the chosen beliefs
        off the path), or None at a set where no admissible belief makes the behaviour optimal.
    on_path : tuple[str, ...]
        labels of the information sets reached with positive probability.
    belief_sets : dict[str, list[dict[str, Any]] | None]
        for each set off the path, the vertices of the admissible beliefs (each a dict
        ``{node name: belief}``), or None when there were too many to list.
    refinement : str
        ``"sequential"`` or ``"pbe"``: the notion the beliefs were chosen for.
    satisfied : bool
        True when ``(behaviour, beliefs)`` is an equilibrium of that notion.
    reasons : tuple[str, ...], default ()
        why not, one sentence per failing information set.
    exact : bool, default False
        True when beliefs are Fractions.
    """

    game: ExtensiveGame = field(repr=False)
    behaviour: BehaviourProfile
    beliefs: dict[str, dict[str, Any] | None]
    on_path: tuple[str, ...]
    belief_sets: dict[str, list[dict[str, Any]] | None]
    refinement: str
    satisfied: bool
    reasons: tuple[str, ...] = ()
    exact: bool = False

    def belief_range(self, infoset: str, node: str) -> tuple[Any, Any] | None:
        """The least and greatest admissible belief in ``node`` at an off-path set (None if unknown)."""
        verts = self.belief_sets.get(infoset)
        if not verts:
            return None
        vals = [v.get(node, 0) for v in verts]
        return min(vals), max(vals)

    def describe(self, digits: int = 6) -> str:
        """The behaviour, then the beliefs at every set with more than one node."""
        lines = [self.behaviour.describe(digits)]
        for h in self.game.infosets:
            if len(h.nodes) < 2:
                continue
            mu = self.beliefs.get(h.label)
            if mu is None:
                lines.append(f"beliefs at {h.label}: none make the behaviour optimal")
                continue
            shown = ", ".join(f"{k}={format_number(v, digits)}" for k, v in mu.items())
            tag = "Bayes" if h.label in self.on_path else "off path"
            line = f"beliefs at {h.label} ({tag}): {shown}"
            verts = self.belief_sets.get(h.label)
            if verts and len(verts) > 1:
                ranges = []
                for x in mu:
                    lo, hi = self.belief_range(h.label, x) or (None, None)
                    ranges.append(f"{x} in [{format_number(lo, digits)}, {format_number(hi, digits)}]")
                line += "; admissible: " + ", ".join(ranges)
            lines.append(line)
        verdict = "yes" if self.satisfied else "no: " + "; ".join(self.reasons)
        lines.append(f"{self.refinement}: {verdict}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: behaviour, beliefs (exact values as ``"p/q"``), belief sets and verdict."""
        def num(v: Any) -> Any:
            return format_number(v) if isinstance(v, Fraction) else float(v)

        return {
            "behaviour": self.behaviour.to_dict(),
            "beliefs": {h: (None if mu is None else {x: num(v) for x, v in mu.items()})
                        for h, mu in self.beliefs.items()},
            "on_path": list(self.on_path),
            "belief_sets": {h: (None if vs is None else [{x: num(v) for x, v in d.items()} for d in vs])
                            for h, vs in self.belief_sets.items()},
            "refinement": self.refinement,
            "satisfied": self.satisfied,
            "reasons": list(self.reasons),
        }


# --------------------------------------------------------------------------- rationality
def action_values(tree: ExtensiveGame, vals: list[Any], h: int, mu: Any) -> list[Any]:
    """Expected payoff to the mover of each action at set ``h`` under beliefs ``mu``, then ``b``.

    ``vals`` are the node values of the behaviour profile (bottom-up expectations).
    """
    hs = tree.infosets[h]
    i = hs.player
    return [sum((m * vals[tree.children(x)[a]][i] for x, m in zip(hs.nodes, mu, strict=True)), 0 * mu[0])
            for a in range(hs.num_actions)]


def rationality_violations(behaviour: BehaviourProfile, beliefs: Mapping[int, Any], *,
                           exact: bool = False, tol: float | None = None) -> list[str]:
    """Information sets where some action beats the behaviour given the beliefs (one sentence each).

    Parameters
    ----------
    behaviour: the behaviour profile.
    beliefs: ``{information set index: beliefs over its nodes}``; sets left out are skipped.
    exact: compare in Fractions.
    tol: float tolerance (default the tree's).

    Returns
    -------
    One sentence per violating set (empty when sequentially rational at every given set).
    """
    g = behaviour.game
    src = behaviour.exact_probabilities if exact else behaviour.probabilities
    vals = node_values(g, src, exact)
    t = 0 if exact else (g.tolerance if tol is None else tol)
    out = []
    for h in g.infosets:
        if h.index not in beliefs:
            continue
        q = action_values(g, vals, h.index, beliefs[h.index])
        best = max(q)
        for a, p in enumerate(src[h.index]):
            if p > 0 and best - q[a] > t:
                b = q.index(best)
                out.append(f"at {h.label}, {g.players[h.player]} plays {h.actions[a]} but {h.actions[b]} gains "
                           f"{format_number(best - q[a])} given the beliefs")
                break
    return out


# --------------------------------------------------------------------------- finding beliefs
def _subgame_bayes(behaviour: BehaviourProfile, exact: bool) -> dict[int, tuple[Any, ...]]:
    """Beliefs fixed by Bayes' rule from the smallest subgame reaching each set (for PBE)."""
    g = behaviour.game
    roots = sorted(g.subgame_roots(), reverse=True)          # deepest (largest preorder id) first
    out: dict[int, tuple[Any, ...]] = {}
    for r in roots:
        for k, mu in bayes_beliefs(behaviour, exact=exact, root=r).items():
            if k not in out and all(r <= x < g.subtree_end(r) for x in g.infosets[k].nodes):
                out[k] = mu
    return out


def _belief_polytope(tree: ExtensiveGame, vals: list[Any], h: int, src: Any, free: list[int],
                     ratios: list[tuple[int, int, Any, Any]], exact: bool) -> tuple[list, list, list, list, int]:
    """Rows of ``{μ on free nodes: Σμ = 1, fixed ratios, b(h)'s actions optimal}``."""
    hs = tree.infosets[h]
    i = hs.player
    n = len(free)
    pos = {f: k for k, f in enumerate(free)}
    one = Fraction(1) if exact else 1.0
    zero = Fraction(0) if exact else 0.0
    A_eq = [[one] * n]
    b_eq = [one]
    for a, b, ca, cb in ratios:
        row = [zero] * n
        row[pos[a]], row[pos[b]] = cb, -ca            # μ_a c_b - μ_b c_a = 0
        A_eq.append(row)
        b_eq.append(zero)
    used = [a for a, p in enumerate(src[h]) if p > 0]
    A_ub, b_ub = [], []
    u = [[vals[tree.children(f)[a]][i] for a in range(hs.num_actions)] for f in free]
    for a in used:
        for c in range(hs.num_actions):
            if c != a:
                A_ub.append([u[k][c] - u[k][a] for k in range(n)])    # value(c) - value(a) <= 0
                b_ub.append(zero)
    return A_eq, b_eq, A_ub, b_ub, n


def assess(behaviour: BehaviourProfile, refinement: str = "sequential", *, exact: bool | None = None) -> Assessment:
    """Beliefs at every information set for ``behaviour``, and whether it is an equilibrium of ``refinement``.

    Parameters
    ----------
    behaviour : BehaviourProfile
        a behaviour profile of a perfect-recall tree (typically a Nash equilibrium).
    refinement : str, default 'sequential'
        ``"sequential"`` (consistent beliefs, Kreps and Wilson 1982) or ``"pbe"`` (Bayes'
        rule wherever possible, including in subgames; free beliefs elsewhere).
    exact : bool | None, optional
        Fractions (default: when the tree and the profile are exact).

    Returns
    -------
    Assessment
        The :class:`Assessment`: Bayes beliefs on the path; off the path, the admissible beliefs
        (vertices) and a chosen point, consistent for ``"sequential"``.

    Raises
    ------
    GameError
        For an unknown refinement or a tree without perfect recall.

    References
    ----------
    Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894.
    Hendon, E., Jacobsen, H. J. and Sloth, B. (1996). The one-shot-deviation principle for sequential
    rationality. *GEB* 12, 274-282.  Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8.
    Gibbons, R. (1992). *Game Theory for Applied Economists*, ch. 4.
    """
    if refinement not in REFINEMENTS:
        raise GameError(f"unknown refinement {refinement!r}; choose one of {list(REFINEMENTS)}")
    g = behaviour.game
    g.check_perfect_recall("sequential rationality")
    if exact is None:
        exact = g.is_exact and behaviour.is_exact
    src = behaviour.exact_probabilities if exact else behaviour.probabilities
    vals = node_values(g, src, exact)
    onpath = bayes_beliefs(behaviour, exact=exact)
    fixed = dict(onpath) if refinement == "sequential" else _subgame_bayes(behaviour, exact)
    tremble = tremble_structure(behaviour, exact=exact)
    reasons = [*rationality_violations(behaviour, fixed, exact=exact)]
    options: dict[int, list[tuple[Any, ...]]] = {}
    sets: dict[str, list[dict[str, Any]] | None] = {}
    for h in g.infosets:
        if h.index in fixed:
            continue
        if refinement == "sequential":
            free, ratios = belief_constraints(tremble, h.nodes)
        else:
            free, ratios = list(range(len(h.nodes))), []
        rows = _belief_polytope(g, vals, h.index, src, [h.nodes[f] for f in free],
                                [(h.nodes[a], h.nodes[b], ca, cb) for a, b, ca, cb in ratios], exact)
        verts = vertices(*rows, exact=exact)
        if verts is None:
            pt = feasible_point(*rows)
            verts_full = None if pt is None else [tuple(float(v) for v in pt)]
            sets[h.label] = None
        else:
            verts_full = verts
        if not verts_full:
            sets[h.label] = []
            reasons.append(f"at {h.label} ({g.players[h.player]}, off the path) no admissible belief makes "
                           f"{_used(h, src)} optimal")
            continue
        zero = Fraction(0) if exact else 0.0
        full = []
        for v in verts_full:
            mu = [zero] * len(h.nodes)
            for f, val in zip(free, v, strict=True):
                mu[f] = val
            full.append(tuple(mu))
        options[h.index] = full
        if verts is not None:
            sets[h.label] = [{g.node_name(x): m for x, m in zip(h.nodes, mu, strict=True)} for mu in full]
    complete = all(h.index in fixed or h.index in options for h in g.infosets)
    chosen = _choose(behaviour, fixed, options, refinement, exact) if complete else None
    if chosen is None and complete and not reasons:
        reasons.append("no choice of admissible beliefs at the off-path sets is jointly consistent "
                       "(Kreps-Wilson Lemma A1)")
    beliefs = dict(fixed)
    if chosen is not None:
        beliefs.update(chosen)
    out_beliefs = {h.label: ({g.node_name(x): m for x, m in zip(h.nodes, beliefs[h.index], strict=True)}
                             if h.index in beliefs else None) for h in g.infosets}
    return Assessment(g, behaviour, out_beliefs, tuple(g.infosets[k].label for k in sorted(onpath)), sets,
                      refinement, not reasons, tuple(reasons), exact)


def _used(h: Any, src: Any) -> str:
    acts = [a for a, p in zip(h.actions, src[h.index], strict=True) if p > 0]
    return acts[0] if len(acts) == 1 else "the mixture of " + ", ".join(acts)


def _choose(behaviour: BehaviourProfile, fixed: dict[int, Any], options: dict[int, list[tuple[Any, ...]]],
            refinement: str, exact: bool, max_tries: int = 4096) -> dict[int, tuple[Any, ...]] | None:
    """Pick one admissible belief per off-path set; for ``"sequential"`` a jointly consistent one.

    Candidates at each set are its vertices and their barycentre (interior points are generated by
    more tremble sequences than vertices); combinations are tried up to ``max_tries``.
    """
    keys = sorted(options)
    cands = {}
    for k in keys:
        vs = options[k]
        bary = tuple(sum(col) / len(vs) for col in zip(*vs, strict=True))
        cands[k] = [bary, *[v for v in vs if v != bary]] if len(vs) > 1 else vs
    if refinement == "pbe":
        return {k: cands[k][0] for k in keys}
    for n, combo in enumerate(itertools.product(*(cands[k] for k in keys))):
        if n >= max_tries:
            return None
        trial = dict(fixed)
        trial.update(zip(keys, combo, strict=True))
        if is_consistent(behaviour, trial):
            return dict(zip(keys, combo, strict=True))
    return None
