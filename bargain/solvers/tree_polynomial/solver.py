"""Every Nash equilibrium of an n-player game tree by behaviour-support enumeration.

Method
------
For every admissible behaviour support (:func:`.supports.behaviour_supports`: an information set
has support actions exactly when the support reaches it; supports with a conditionally dominated
action, :mod:`.dominance`, and supports whose restriction to a reached proper subgame holds none of
its equilibria, :mod:`.subgames`, are skipped; where the subgame's equilibria there are isolated, its
behaviour is fixed at each in turn, :mod:`.reduction`) the equilibria with that support solve
its indifference system (:func:`.supports.support_system`), multilinear in the players' free
sequence probabilities -- Gambit's ``enumpoly`` on trees, after McKelvey and McLennan (1996).
Each system is solved completely by the algebra of :mod:`bargain.solvers.polynomial`:

* no player mixes: the support is a pure profile on the reached part;
* one player mixes: the equations are constants; all zero means the player is indifferent on a
  whole face, a positive-dimensional set, handled as free behaviour (below);
* two players mix: each player's equations are linear in the other's plan; a one-dimensional
  null space gives the unique solution (exact in rationals for exact trees), a larger one a
  positive-dimensional set, handled as free behaviour (below) with both players' equations as
  equalities;
* three players mix and one of them has a single free variable: hidden-variable elimination to
  one univariate polynomial per support, every support of one shape in one batched eigenvalue
  computation (:func:`~bargain.solvers.polynomial.univariate.solve_three_block`);
* four players mix, each with a single free variable: the normal form's resultant, accepted only
  with all 9 regular solutions (:func:`.tracking.eliminated`);
* other supports on which three or more players mix, and those the elimination finds
  degenerate: multihomogeneous homotopy continuation
  (:func:`~bargain.solvers.polynomial.homotopy.track_paths_many`, every support of one shape as one
  array), which finds every isolated solution with probability one (Morgan and Sommese 1987); a
  second random start system is tracked in the same array as the evidence's second route
  (:mod:`.tracking`).
  A support on which a path fails or ends at a singular real point in the support's region, or
  whose equations are linearly dependent, is decided exactly instead by a Gröbner basis of its
  ideal saturated by the support sequences' probabilities (:mod:`.algebraic`, exact trees); a
  continuum of solutions off the boundary that remains makes the answer not complete.

Free behaviour
--------------
A solution fixes the plans on the reached part.  The behaviour at sets the support does not reach
(its owner's plan may: it deters the others' deviations) and, on a face, the mixing players' plans
are left free; the choices of them that keep the profile an equilibrium are enumerated exactly as
the vertices of a polytope (:mod:`.extension`), each one verified on the tree
(:func:`~bargain.solvers.sequence_form.verify.make_behaviour_equilibrium`), with exact rational
arithmetic when the tree and the solution are rational (floating-point roots are rationalised and
kept exact only if they verify with zero regret).  Gambit's ``enumpoly`` reaches the same
behaviour by enumerating supports at every set, reached or not.

What ``complete`` means
-----------------------
Every support system had finitely many solutions or a face of them, all found (the homotopy: with
probability one; the saturated Gröbner basis: exactly), and the free behaviour of each was
enumerated as a polytope or a product of polytopes: every extreme equilibrium is listed, and every
convex combination of the vertices of one solution's polytope (in realisation plans) is an
equilibrium of the same connected component.  Where conditions bilinear in two players' free
behaviour cut the product of their polytopes the set is not a polytope (in general not convex, with
no finite list of extreme points); it counts as complete when the listed equilibria provably meet each of its
connected components (:mod:`.extension`, :mod:`.bilinear`), and the set is reported as a
``Continuum`` saying so.  Otherwise, or where a polytope is too large to enumerate, the points
found are listed, the reason is named in ``notes``, and the answer is not complete.  Evidence: the
index check on the agent normal form where it applies (:mod:`.agent_index`), else the enumeration,
with a second route for the systems the homotopy or the four-player elimination settled.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games. *Handbook of
Computational Economics* I, sec. 6.  von Stengel, B. (1996). Efficient computation of behavior
strategies. *Games Econ. Behav.* 14.  Morgan, A. and Sommese, A. (1987). A homotopy for solving
general polynomial systems that respects m-homogeneous structures. *Appl. Math. Comput.* 24.
Kuhn, H. W. (1953). Extensive games and the problem of information. *Contributions to the Theory
of Games* II.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError, VerificationError
from bargain.model.extensive import ExtensiveGame
from bargain.solvers.polynomial.collector import SEED
from bargain.solvers.polynomial.homotopy import bezout_number
from bargain.solvers.polynomial.univariate import hidden_block, solve_three_block
from bargain.solvers.progress import Progress, ticker
from bargain.solvers.registry import register
from bargain.solvers.result import Continuum, Equilibria, Equilibrium
from bargain.solvers.sequence_form.sequences import SequenceForm, sequence_form
from bargain.solvers.sequence_form.verify import behaviour_equilibrium, make_behaviour_equilibrium
from bargain.solvers.tree_polynomial.agent_index import certify_tree_by_index
from bargain.solvers.tree_polynomial.algebraic import saturated_solutions
from bargain.solvers.tree_polynomial.extension import extension_vertices
from bargain.solvers.tree_polynomial.plans import (
    face_data,
    face_free,
    payoff_scale,
    plans_of_rows,
    rationalised,
    regret,
    unreached,
)
from bargain.solvers.tree_polynomial.reduction import reduced_systems, subgame_points
from bargain.solvers.tree_polynomial.subgames import SubgameAnswer, SubgameFilter, admitted, subgame_filters
from bargain.solvers.tree_polynomial.supports import (
    BehaviourSupport,
    SupportSystem,
    behaviour_supports,
    count_supports,
    dependent,
    linear_solution,
    mixing_players,
    support_system,
)
from bargain.solvers.tree_polynomial.tracking import batch_of, eliminated, real_endpoints, route_note, track_routes

__all__ = ["tree_enumpoly_solve", "MAX_SUPPORTS"]

METHOD = "tree-enumpoly"
_ZERO, _ONE = Fraction(0), Fraction(1)
#: Supports the solver enumerates before it stops (the answer is then not complete).
MAX_SUPPORTS = 200_000


class _Run:
    """State of one solve: verified equilibria, their keys, and why the answer may be incomplete."""

    def __init__(self, sf: SequenceForm, exact: bool, tol: float) -> None:
        self.sf = sf
        self.tree = sf.game
        self.exact = exact
        self.tol = tol
        self.equilibria: list[Equilibrium] = []
        self.keys: list[np.ndarray] = []
        self.gaps: dict[str, int] = defaultdict(int)
        #: polytopes of equilibria with more than one vertex (free behaviour off the path or on a face)
        self.continua: list[Continuum] = []
        #: how many of them are cut by bilinear conditions (listed by a point in each component)
        self.curved = 0
        #: supports on which an equilibrium was found (for :mod:`.subgames`)
        self.alive: set[BehaviourSupport] = set()
        #: systems settled by the homotopy (probability one; not those decided exactly) and four-player systems
        #: eliminated: redone for the evidence
        self.tracked: list[SupportSystem] = []
        self.eliminated = 0
        self.rebuild: Any = None
        #: per support, the equilibria kept on it; the supports holding a continuum (for :mod:`.reduction`);
        #: supports with fixed subgame behaviour decided exactly as a whole; the second route's run
        self.points: dict[BehaviourSupport, list[Equilibrium]] = defaultdict(list)
        self.flat: set[BehaviourSupport] = set()
        self.decided: set[BehaviourSupport] = set()
        self.twin: _Run | None = None

    # ------------------------------------------------------------------ candidates
    def candidate(self, system: SupportSystem, plans: list[np.ndarray]) -> None:
        """Turn the plans of one solution of ``system`` into verified equilibria (if any)."""
        sf, tree = self.sf, self.tree
        exact_plans = bool(plans) and plans[0].dtype == object
        eps = 0 if exact_plans else 1e-9
        probs: list[Any] = [None] * len(tree.infosets)
        for h, acts in enumerate(system.support):
            if not acts:
                continue
            i = tree.infosets[h].player
            k = tree.infosets[h].num_actions
            par = plans[i][int(sf.infoset_parent[h])]
            first = int(sf.infoset_first[h])
            vals = [plans[i][first + a] for a in acts]
            if any(v < -eps for v in vals) or not ((par > 0) if exact_plans else float(par) > 1e-9):
                return
            row = [_ZERO if exact_plans else 0.0] * k
            par = Fraction(par) if exact_plans else float(par)     # then v / par is a Fraction for ints too
            for a, v in zip(acts, vals, strict=True):
                row[a] = (v / par) if exact_plans else max(float(v), 0.0) / par
            if not exact_plans:
                s = sum(row)
                row = [v / s for v in row]
            probs[h] = row
        free = unreached(sf, system)
        whole = not any(f.any() for f in free)     # nothing free: exact rows are verified as they are
        if exact_plans and whole:
            self._keep(system.support, [self._add(plans, True, probs)])     # ``plans`` are those of ``probs``
            return
        if not exact_plans and self.exact:
            rational = rationalised(probs)
            if rational is not None and self.extend(system.support, plans_of_rows(sf, rational, True), free, True,
                                                    record=False, rows=rational if whole else None):
                return
        self.extend(system.support, plans_of_rows(sf, probs, exact_plans), free, exact_plans)

    def extend(self, support: BehaviourSupport, base: list[np.ndarray], free: list[np.ndarray], exact: bool,
               record: bool = True, screened: bool = False, rows: list[Any] | None = None, **extra: Any) -> bool:
        """Keep every vertex of the set of equilibria that agree with ``base`` off ``free``
        (:func:`.extension.extension_vertices`); whether there is one.  A set whose vertices could not
        all be enumerated is recorded as a gap (when ``record``), a polytope with several vertices as
        a :class:`~bargain.solvers.result.Continuum` on ``support``.  Exact runs first try the set in
        floating point (unless ``screened``: already done) and stop if it is empty.  ``rows``: see :meth:`_add`."""
        if not extra and not any(f.any() for f in free):      # nothing free: the verification decides
            return bool(self._keep(support, [self._add(base, exact and base[0].dtype == object, rows)]))
        if exact and not screened:        # a floating-point pass first: most candidate sets are empty
            ref = {i: np.asarray(r, dtype=float) for i, r in extra.get("reference", {}).items()}
            eqs = [(j, seqs, [float(c) for c in row]) for j, seqs, row in extra.get("equations", ())]
            rough = {**extra, "reference": ref, "equations": eqs}
            screen = extension_vertices(self.sf, [np.asarray(b, dtype=float) for b in base], free,
                                        exact=False, tol=self.tol, **rough)
            if not screen.vertices and screen.reason is None:
                return False
        ext = extension_vertices(self.sf, base, free, exact=exact, tol=self.tol, **extra)
        found, why, checked = ext.vertices, ext.reason, ext.checked
        if why is not None and record:
            self.gaps[why] += 1
        added = [self._add(plans, exact and plans[0].dtype == object) for plans in found]
        if record and checked and any(eq is None for eq in added):
            # a vertex of the set is an equilibrium: only rounding can reject one
            self.gaps["a vertex of a polytope of free behaviour failed verification (rounding)"] += \
                sum(eq is None for eq in added)
        kept = self._keep(support, added)
        if len(kept) > 1 and why is None:
            self.continuum(support, free, kept, ext.curved, ext.conditions)
        return bool(kept)

    def _keep(self, support: BehaviourSupport, added: list[Equilibrium | None]) -> list[Equilibrium]:
        """The distinct verified equilibria among ``added``, recorded as living on ``support``."""
        kept: list[Equilibrium] = []
        for eq in added:
            if eq is not None and all(eq is not k for k in kept):
                kept.append(eq)
        if kept:
            self.alive.add(support)
            self.points[support].extend(kept)
        return kept

    def continuum(self, support: BehaviourSupport, free: list[np.ndarray], kept: list[Equilibrium],
                  curved: bool = False, conditions: str | None = None) -> None:
        """Record the polytope spanned by the extreme equilibria ``kept`` (its dimension from their plans),
        or, when ``curved``, the set cut by bilinear conditions that the points ``kept`` meet in each of
        its connected components (``conditions``: that set written out)."""
        tree = self.tree
        self.flat.add(support)
        vecs = np.array([np.concatenate([np.asarray(p, dtype=float) for p in e.profile]) for e in kept])
        dim = int(np.linalg.matrix_rank(vecs[1:] - vecs[0], tol=1e-9))
        sets = sorted({tree.infosets[h].label for h in range(len(tree.infosets))
                       if free[tree.infosets[h].player][int(self.sf.infoset_first[h])]})
        if curved:
            self.curved += 1
            text = (f"behaviour free at {', '.join(sets)}, cut by conditions bilinear in two players' free "
                    f"behaviour (another player's deviations): not a polytope; these {len(kept)} equilibria include "
                    "one in each connected component" + (f"; the set is {conditions}" if conditions else ""))
        else:
            text = (f"behaviour free at {', '.join(sets)}: a polytope (in realisation plans) of equilibria whose "
                    f"{len(kept)} vertices are these extreme equilibria")
        self.continua.append(Continuum(support, dim, tuple(kept), text))

    def _add(self, plans: list[np.ndarray], exact: bool, rows: list[Any] | None = None) -> Equilibrium | None:
        """Verify a plan profile on the tree and keep it unless already known; the equilibrium (the
        known one for a repeat), or None if it is not one.  ``rows``: the exact behaviour of ``plans`` at
        every set, when the caller has it (verified as it is, not recomputed from the plans)."""
        rough = [np.asarray(p, dtype=float) for p in plans]
        key = np.concatenate(rough)
        if self.keys:
            near = np.flatnonzero(np.abs(np.array(self.keys) - key).max(axis=1) <= 1e-7)
            if near.size:
                return self.equilibria[int(near[0])]
        if not exact and regret(self.sf, rough) > 100 * self.tol:
            # a cheap floating-point filter before the verification on the tree in floats (the real check);
            # exact plans go straight to the exact one, in integers and about as cheap as this filter
            return None
        try:
            eq = (make_behaviour_equilibrium(self.sf, plans, METHOD, exact=exact, tol=self.tol) if rows is None else
                  behaviour_equilibrium(self.sf, self.sf.behaviour_of_rows(rows), METHOD, exact=True))
        except VerificationError:
            return None
        self.keys.append(np.concatenate([np.asarray(p, dtype=float) for p in eq.profile]))
        self.equilibria.append(eq)
        return eq

    # ------------------------------------------------------------------ low-dimensional systems
    def linear(self, system: SupportSystem, exact_system: Any = None) -> None:
        """Supports on which at most two players mix: constants or two linear systems.

        ``system`` is in floating point; ``exact_system()`` (exact runs) rebuilds it in Fractions.  Two
        mixing players in an exact run are solved in Fractions at once: the supports that reach this
        point (past the dominance tests) nearly all have a solution in their region, so a floating-point
        solve first would seldom save the exact one.
        """
        mix = system.mixing
        if not mix:          # a pure profile on the reached part: its plans are 0 and 1, exact as they are
            plans = system.plans({})
            if exact_system is not None and system.fixed:      # fixed subgame behaviour: rational rows
                plans = [np.array([Fraction(v) for v in p], dtype=object) for p in exact_system().plans({})]
            elif exact_system is not None:
                plans = [np.array([_ONE if v > 0.5 else _ZERO for v in p], dtype=object) for p in plans]
            self.candidate(system, plans)
            return
        if len(mix) == 1:
            c = np.asarray(system.coeffs[0], dtype=float)
            if float(np.abs(c).max()) <= 1e-10 * payoff_scale(self.tree):
                self.face(system, exact_system)
            return
        solved = system if exact_system is None else exact_system()
        free = linear_solution(solved, exact=solved.exact)
        if free is None:
            return
        if free == "degenerate":
            self.face(system, exact_system if exact_system is None else (lambda: solved))
            return
        plans = solved.plans(free)
        if all(np.all(p >= (0 if solved.exact else -1e-7)) for p in plans):
            self.candidate(solved, plans)

    def face(self, system: SupportSystem, exact_system: Any = None) -> None:
        """A support whose solutions form a whole face: the mixing players' support sequences at the
        reached sets are left free with the unreached sets, and the polytope of equilibria in the
        face's closure is enumerated (its vertices are equilibria with this support or a smaller one).
        ``system`` is in floating point; ``exact_system()`` rebuilds it in Fractions when the
        floating-point set is not empty."""
        free = face_free(self.sf, system)
        base, options = face_data(self.sf, system, False)
        rough = extension_vertices(self.sf, base, free, exact=False, tol=self.tol, **options)
        if not rough.vertices and rough.reason is None:
            return
        if exact_system is not None:
            system = exact_system()
            base, options = face_data(self.sf, system, True)
        self.extend(system.support, base, free, system.exact, screened=True, **options)

    # ------------------------------------------------------------------ three or more mixing players
    def many(self, systems: list[SupportSystem], seed: int, rebuild: Any = None) -> None:
        """Every isolated solution of each system on which three or more players mix.

        Three mixing players, one with a single free variable: one univariate polynomial per system, a
        shape's systems in one batched eigenvalue computation
        (:func:`~bargain.solvers.polynomial.univariate.solve_three_block`); four players with one free
        variable each: :func:`.tracking.eliminated`.  Both return the real solutions with every
        homogeneous coordinate non-negative, which holds on the support's region (``y = (1, v)``, ``v``
        sequence probabilities).  Systems they do not settle, and other shapes: the homotopy
        (:meth:`homotopy`).  Systems with dependent equations, and those on which a path fails or ends
        at a singular point in the region, are decided exactly (``rebuild(system)`` gives the system in
        Fractions): :meth:`exactly`.
        """
        self.rebuild = rebuild
        if self.twin is not None:
            self.twin.rebuild = rebuild
        groups: dict[tuple, list[SupportSystem]] = defaultdict(list)
        for s in systems:
            if bezout_number(tuple(d - 1 for d in s.sizes)) == 0:
                continue
            if dependent(s):
                self.exactly(s, "positive-dimensional solution sets (dependent equations, three or more mixing "
                                "players)")
                continue
            groups[(s.mixing, s.sizes)].append(s)
        rest: list[SupportSystem] = []
        for (_, sizes), group in groups.items():
            if len(sizes) == 3 and hidden_block(tuple(d - 1 for d in sizes)) is not None:
                res = solve_three_block(batch_of(group))
                for k, b in enumerate(res.system):
                    if res.degenerate[b]:
                        continue
                    self._root(group[int(b)], [res.blocks[q][k] for q in range(3)])
                rest.extend(group[int(b)] for b in np.flatnonzero(res.degenerate))
            elif sizes == (2, 2, 2, 2):      # eliminated, and again in reverse order into the twin
                left, roots = eliminated(group, self.twin is not None)
                for run, found in zip((self, self.twin), roots, strict=False):
                    for b, blocks in found:
                        run._root(group[b], blocks)
                self.eliminated += len(group) - len(left)
                rest.extend(group[b] for b in left)
            else:
                rest.extend(group)
        if rest:
            self.homotopy(rest, seed)

    def exactly(self, system: SupportSystem, why: str) -> None:
        """Decide ``system`` by the saturated Gröbner basis (:func:`.algebraic.saturated_solutions`):
        its solutions off the support's boundary become candidates; a gap named ``why`` is recorded
        when the tree is not exact or the saturated system has a continuum of solutions.  A system with
        fixed subgame behaviour is decided as the support's whole system (once per support)."""
        if system.fixed:
            if system.support in self.decided:
                return
            self.decided.add(system.support)
        exact = self.rebuild(system) if self.rebuild is not None else None
        found = saturated_solutions(exact) if exact is not None else None
        if found is None:
            if exact is None:
                why += " (exact=True decides such systems exactly)"
            elif importlib.util.find_spec("sympy") is None:
                why += " (installing sympy, the 'symbolic' extra, lets them be decided exactly)"
            self.gaps[why] += 1
            return
        for free in found:
            rational = all(isinstance(v, Fraction) for vals in free.values() for v in vals)
            plans = exact.plans(free, exact=rational)
            if all(np.all(np.asarray(p, dtype=float) >= -1e-9) for p in plans):
                self.candidate(exact, plans)

    def _root(self, system: SupportSystem, blocks: list[np.ndarray], regular: bool = True) -> bool:
        """A real root (homogeneous coordinates) to plans, a candidate if in the region; False if singular there."""
        if any(abs(bl[0]) < 1e-12 * max(1.0, float(np.abs(bl).max())) for bl in blocks):
            return True      # a solution at infinity (a free probability would be infinite)
        free = {i: np.real(bl[1:] / bl[0]) for i, bl in zip(system.mixing, blocks, strict=True)}
        plans = system.plans(free, exact=False)
        if not all(np.all(p >= -1e-9) for p in plans):
            return True
        if not regular:
            return False
        self.candidate(system, plans)
        return True

    def homotopy(self, systems: list[SupportSystem], seed: int) -> None:
        """Every isolated solution of each system, by the multihomogeneous homotopy; a system with a
        failed path or a singular root in its region is decided exactly instead (:meth:`exactly`).
        With a :attr:`twin` run, the same systems are also tracked from a second random start system
        (:func:`.tracking.turned`, seed ``seed + 1``) in the same array, into the twin."""
        for route, group, res, y in track_routes(systems, self.twin is not None, seed):
            (self.twin if route else self).endpoints(group, group[0].sizes, res, y)

    def endpoints(self, group: list[SupportSystem], sizes: tuple[int, ...], res: Any, y: np.ndarray) -> None:
        """The homotopy's endpoints ``y`` (shape ``(B, R, V)``) of each system of ``group``: real ones in
        the support's region become candidates; failed paths or singular roots there send the system
        to :meth:`exactly`; the others are recorded in :attr:`tracked` (settled with probability one)."""
        for b, system in enumerate(group):
            if not res.ok[b].all():
                self.exactly(system, "homotopy paths that failed")
                continue
            roots = real_endpoints(res, y, b, sizes)
            if any(not regular and not self._root(system, blocks, False) for blocks, regular in roots):
                self.exactly(system, "singular solutions (a possible continuum) with three or more mixing "
                                     "players")
                continue
            self.tracked.append(system)
            for blocks, regular in roots:
                if regular:
                    self._root(system, blocks)


def _check(tree: Any, tol: float | None) -> float:
    if not isinstance(tree, ExtensiveGame):
        raise GameError(f"method {METHOD!r} solves game trees (bargain.ExtensiveGame); for a normal-form game use "
                        "method='polynomial'")
    t = tree.tolerance if tol is None else float(tol)
    if not t > 0:
        raise GameError(f"tol must be a positive number, got {tol!r}")
    return t


def _search(sf: SequenceForm, run: _Run, seed: int, max_supports: int, progress: Progress | None,
            filters: list[SubgameFilter]) -> tuple[int, bool, int]:
    """Enumerate the supports into ``run``: ``(supports counted, stopped at max_supports, three-mixer
    systems)``."""
    exact = run.exact
    many: list[SupportSystem] = []
    reached_of: dict[BehaviourSupport, np.ndarray] = {}
    count = 0
    cut = False
    tick = None
    if progress is not None:
        known = count_supports(sf, max_supports)
        tick = ticker(progress, (max_supports if known is None else known) + 1)
    admit = (lambda s, r: admitted(filters, s, r)) if filters else None
    for support, reached in behaviour_supports(sf, admit=admit):
        count += 1
        if count > max_supports:
            cut = True
            break
        if tick is not None:
            tick(count - 1)
        if exact and len(mixing_players(sf, support)) == 2:      # solved in Fractions only (see _Run.linear)
            system = support_system(sf, support, reached, exact=True)
            run.linear(system, lambda s=system: s)
            continue
        system = support_system(sf, support, reached)
        if len(system.mixing) <= 2:
            rebuild = (lambda s=support, r=reached: support_system(sf, s, r, exact=True)) if exact else None
            run.linear(system, rebuild)
            continue
        reached_of[support] = reached
        fixings = subgame_points(filters, support, reached) if filters else []
        parts = reduced_systems(sf, support, reached, fixings, exact, payoff_scale(sf.game)) if fixings else None
        if parts is None:
            many.append(system)
            continue
        for part, build in parts:      # the subgames' behaviour fixed at each of their equilibria
            if len(part.mixing) <= 2:
                run.linear(part, build)
            else:
                many.append(part)
    run.many(many, seed, (lambda s: support_system(sf, s.support, reached_of[s.support], exact=True)) if exact
             else None)
    if tick is not None:
        tick(min(count, max_supports) + 1)
    return count, cut, len(many)


def _alive(tree: ExtensiveGame, exact: bool, tol: float, seed: int, max_supports: int) -> SubgameAnswer | None:
    """The supports of ``tree`` (a subgame) on which it has an equilibrium, the equilibria's behaviour
    on each and the supports holding a continuum, or None if its enumeration is not complete."""
    sf = sequence_form(tree)
    run = _Run(sf, exact, tol)
    filters = subgame_filters(tree, lambda sub: _alive(sub, exact, tol, seed, max_supports))
    _, cut, _ = _search(sf, run, seed, max_supports, None, filters)
    if cut or run.gaps:
        return None
    points: dict[BehaviourSupport, list[dict[int, Any]]] = {}
    for support, eqs in run.points.items():
        rows: list[dict[int, Any]] = []
        for eq in eqs:
            b = eq.behaviour
            src = b.exact_probabilities if b.exact_probabilities is not None else b.probabilities
            row = {h: tuple(src[h]) for h, acts in enumerate(support) if acts}
            if all(row != r for r in rows):
                rows.append(row)
        points[support] = rows
    return SubgameAnswer(run.alive, points, run.flat)


@register(METHOD, players="n", complete=True, exact=True, tree=True, aliases=("enumpoly-tree",),
          description="n-player trees: every equilibrium by behaviour-support enumeration on the tree, each "
                      "support's multilinear system solved by linear algebra or homotopy (as Gambit's enumpoly), "
                      "behaviour left free off the path or on a face enumerated as a polytope; complete for "
                      "extreme equilibria where it says so")
def tree_enumpoly_solve(tree: ExtensiveGame, *, exact: bool = False, tol: float | None = None,
                        seed: int = SEED, max_supports: int = MAX_SUPPORTS,
                        progress: Progress | None = None) -> Equilibria:
    """Every Nash equilibrium of a perfect-recall tree by behaviour-support enumeration.

    Parameters
    ----------
    tree : ExtensiveGame
        A game tree with perfect recall, any number of players.
    exact : bool
        Rational arithmetic (needs an exact tree): rational equilibria are returned exactly.
    tol : float, optional
        Regret tolerance in floating point (default ``tree.tolerance``).
    seed : int
        Seed of the homotopy's random start systems.
    max_supports : int
        Stop after this many supports (the answer is then not complete).
    progress : callable, optional
        Called as ``progress(done, total)`` (at most about 100 times): ``total`` is the number of
        supports (counted first, only when ``progress`` is given) plus one for the final batch of
        supports on which three or more players mix.

    Returns
    -------
    Equilibria
        Verified equilibria in behaviour strategies (``profile`` holds realisation plans,
        ``behaviour`` the behaviour profile).  ``complete`` is True only when every support system
        had finitely many solutions or a face of them, all found, and the behaviour each leaves free
        (off the path, on a face) was enumerated exactly: then every extreme equilibrium is listed.

    Raises
    ------
    GameError
        If ``tree`` is not a tree, lacks perfect recall, or ``exact`` is asked of an inexact tree.

    References
    ----------
    McKelvey and McLennan (1996), *Handbook of Computational Economics* I, sec. 6; von Stengel
    (1996), GEB 14; Morgan and Sommese (1987), Appl. Math. Comput. 24.
    """
    t = _check(tree, tol)
    if exact and not tree.is_exact:
        raise GameError("exact=True needs an exact tree (int or Fraction payoffs and chance probabilities)")
    sf = sequence_form(tree)
    run, run.twin = _Run(sf, exact, t), _Run(sf, exact, t)
    filters = subgame_filters(tree, lambda sub: _alive(sub, exact, t, seed, max_supports))
    count, cut, n_many = _search(sf, run, seed, max_supports, progress, filters)
    complete = not cut and not run.gaps
    notes = [f"behaviour-support enumeration over {min(count, max_supports)} supports "
             f"({n_many} with three or more mixing players, solved by elimination or homotopy)"]
    if filters:
        notes.append(f"{len(filters)} proper subgame(s) solved first: supports whose restriction to a subgame they "
                     "reach holds none of its equilibria were skipped, and its isolated equilibria fixed there")
    notes += [f"stopped after max_supports={max_supports} supports: NOT complete"] if cut else []
    notes += [f"{k} support solution(s) left out: {why}; the answer is NOT complete" for why, k in run.gaps.items()]
    flat = len(run.continua) - run.curved
    if flat:
        notes.append(f"{flat} solution(s) leave behaviour free (at information sets the play does not "
                     "reach, or a player indifferent on a face) over a polytope with several vertices: each vertex "
                     "is listed, and every convex combination of one polytope's vertices (in realisation plans) is "
                     "an equilibrium too, in the same connected component")
    if run.curved:
        notes.append(f"{run.curved} solution(s) leave behaviour free over a set cut by conditions bilinear in two "
                     "players' free behaviour (not a polytope, no finite list of extreme points): the listed "
                     "equilibria include one in each of its connected components, and every point of the set is an "
                     "equilibrium (see continua)")
    eqs = sorted(run.equilibria, key=lambda e: tuple(-float(p) for x in e.profile for p in x))
    result = Equilibria(tree, eqs, METHOD, complete=complete, continua=run.continua, notes=notes)
    detail = ("complete: every support system had finitely many solutions or a polytope of them, all found by "
              f"linear algebra, eigenvalues or an exact Groebner basis{' or homotopy' if run.tracked else ''}, "
              "and the behaviour each leaves free (off the path, or on an indifference face) was enumerated "
              "exactly: every extreme equilibrium of each polytope is listed, and a point in every connected "
              "component of each set cut by bilinear conditions")
    twin = run.twin.equilibria if run.tracked or run.eliminated else None      # the second route's, if it counts
    return certify_tree_by_index(result, detail, None if twin is None else (lambda: twin),
                                 route_note(len(run.tracked), run.eliminated))
