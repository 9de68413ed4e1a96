"""Registry entries for the tree solvers, and the choice ``method="auto"`` makes on a tree.

``bargain.solve(tree)`` hands a perfect-recall tree to the sequence form, whose size is linear in
the tree, instead of the reduced normal form, which is exponential:

* two players: ``seqform-enum`` (every extreme equilibrium, complete) within a budget of
  :data:`AUTO_TIME_LIMIT` seconds and :data:`AUTO_MAX_BASES` bases per polyhedron.  Its cost is the
  number of lexicographic bases of the *lowest* vertices of the two polyhedra (linear-size
  polyhedra, but their vertex count can grow exponentially with the number of information sets:
  Gambit's 21-sequence trees need 10^4 - 4 * 10^4 bases each).  If the budget runs out, a
  constant-sum tree gets its value and one optimal pair by ``seqform-lp`` and any other tree
  ``seqform-lcp`` (Lemke from several starts); the note says the answer is incomplete and why;
* more players: ``tree-enumpoly`` (behaviour-support enumeration on the tree,
  :mod:`bargain.solvers.tree_polynomial`) when the tree has at most :data:`AUTO_MAX_SUPPORTS`
  admissible supports (counted first, which is cheap); otherwise, or for a tree without perfect
  recall (which has no sequence form), the reduced normal form is solved by the normal-form ``auto``.
  If the tree answer is not complete and the reduced normal form has at most
  :data:`AUTO_FALLBACK_CELLS` cells, that form is solved too and its answer returned if complete.
  A perfect-recall tree with too many supports *and* a reduced normal form past
  :data:`~bargain.model.scale.MAX_PAYOFF_ENTRIES` payoffs (Gambit's chain store ``cs.efg``: 134
  million profiles) has no practical complete route: ``agent-logit``, the limit of the agent logit
  QRE on the tree (McKelvey and Palfrey 1998), gives one equilibrium, and the note says
  that the answer is not complete and why.

References
----------
Koller, Megiddo and von Stengel (1996), GEB 14; von Stengel (1996), GEB 14.
"""

from __future__ import annotations

import math
from typing import Any

from bargain.errors import GameError, VerificationError
from bargain.model.extensive import ExtensiveGame
from bargain.model.scale import MAX_PAYOFF_ENTRIES
from bargain.solvers.registry import register
from bargain.solvers.result import Equilibria
from bargain.solvers.sequence_form.agent_qre import agent_qre
from bargain.solvers.sequence_form.enumeration import sequence_form_enumeration
from bargain.solvers.sequence_form.lemke import sequence_form_lcp
from bargain.solvers.sequence_form.sequences import sequence_form
from bargain.solvers.sequence_form.zero_sum import is_constant_sum, sequence_form_lp
from bargain.solvers.tree_polynomial.supports import count_supports

__all__ = ["choose_tree_method", "solve_tree_auto", "AUTO_MAX_BASES"]

#: Bases ``auto`` lets vertex enumeration visit in each polyhedron before it falls back to Lemke.
AUTO_MAX_BASES = 1_000_000
#: CPU seconds ``auto`` lets vertex enumeration run before it falls back to Lemke (or the LP of a
#: constant-sum tree): Gambit's largest two-player trees that it completes take under 10 s (palf2 9.5 s),
#: and a tree past the budget (tic-tac-toe, ttt.efg) still gets its incomplete answer within 20 s.
AUTO_TIME_LIMIT = 15.0
#: Admissible behaviour supports up to which ``auto`` enumerates them on an n-player tree (about 25 ms a
#: support with three mixing players on Gambit's trees, so a few hundred keep an answer within seconds).
AUTO_MAX_SUPPORTS = 1000
#: When the tree answer is not complete, a reduced normal form with at most this many cells is solved
#: instead (its solver may settle what the tree route could not, e.g. a bilinear set of free behaviour).
AUTO_FALLBACK_CELLS = 27


def _with_notes(eqs: Equilibria, first: list[str], complete: bool | None = None) -> Equilibria:
    out = Equilibria(eqs.game, list(eqs), eqs.method, eqs.complete if complete is None else complete,
                     components=eqs.components, continua=eqs.continua, notes=[*first, *eqs.notes])
    return out if eqs.evidence is None else out.with_evidence(eqs.evidence)


def choose_tree_method(tree: ExtensiveGame) -> tuple[str, str]:
    """The method ``auto`` uses for ``tree`` and why (one sentence)."""
    if not tree.has_perfect_recall:
        return "normal-form", ("the tree lacks perfect recall, so it has no sequence form: its reduced normal form "
                               "is solved")
    if tree.n_players == 2:
        return "seqform-enum", ("two-player tree: every extreme equilibrium by vertex enumeration of the "
                                "sequence-form polyhedra (size linear in the tree, unlike the reduced normal form; "
                                "the cost of a complete answer is the number of bases of their lowest vertices)")
    count = count_supports(sequence_form(tree), AUTO_MAX_SUPPORTS)
    if count is not None:
        return "tree-enumpoly", (f"{tree.n_players}-player tree: behaviour-support enumeration on the tree over its "
                                 f"{count} admissible supports (each support's system in the sequence probabilities "
                                 "is multilinear, solved by linear algebra or homotopy; the reduced normal form has "
                                 "exponentially many strategies)")
    shape = [len(tree.reduced_strategies(i)) for i in range(tree.n_players)]
    payoffs = math.prod(shape) * tree.n_players
    if payoffs > MAX_PAYOFF_ENTRIES:
        return "agent-logit", (f"{tree.n_players}-player tree with more than {AUTO_MAX_SUPPORTS} admissible behaviour "
                               "supports, too many to enumerate on the tree, and a reduced normal form of "
                               f"{' x '.join(map(str, shape))} strategies ({payoffs:,} payoffs, past the limit of "
                               f"{MAX_PAYOFF_ENTRIES:,}), too large to solve: no complete route is practical, so the "
                               "limit of the agent logit QRE on the tree gives one equilibrium (its notes say whether "
                               "it verified as sequential); the answer is NOT complete ('bargain solve FILE --spe' "
                               "lists subgame-perfect equilibria)")
    return "normal-form", (f"{tree.n_players}-player tree with more than {AUTO_MAX_SUPPORTS} admissible behaviour "
                           "supports, too many to enumerate on the tree, so its reduced normal form is solved")


@register("auto-tree", players="n", complete=True, exact=True, tree=True,
          description="what method='auto' does on a game tree: the sequence form where it applies, and why")
def solve_tree_auto(tree: ExtensiveGame, *, exact: bool | None = None, tol: float | None = None,
                    **options: Any) -> Equilibria:
    """``bargain.solve(tree)`` with ``method="auto"``: see the module docstring."""
    name, why = choose_tree_method(tree)
    if name == "normal-form":
        from bargain.solvers.registry import solve

        # exact=False forces floats; otherwise the normal-form auto decides (exact where its method has an
        # exact mode: a large 3-player form goes to 'qre', which has none)
        eqs = solve(tree.reduced_normal_form(), "auto", exact=False if exact is False else None, tol=tol)
        return _with_notes(eqs, [f"auto: {why}"])
    if name == "seqform-enum":
        eqs = sequence_form_enumeration(tree, exact=exact, tol=tol, max_bases=options.pop("max_bases", AUTO_MAX_BASES),
                                        time_limit=options.pop("time_limit", AUTO_TIME_LIMIT))
        if eqs.complete:
            return _with_notes(eqs, [f"auto: {why}"])
        why_not = (f"the sequence-form polyhedra needed more than {AUTO_TIME_LIMIT:g} CPU seconds or "
                   f"{AUTO_MAX_BASES} bases ({eqs.notes[0]}), so the answer is NOT complete; "
                   "method='seqform-enum' with a larger time_limit / max_bases enumerates all")
        if is_constant_sum(tree):
            lp = sequence_form_lp(tree, exact=exact, tol=tol)
            return _with_notes(lp, [f"auto: {why}; {why_not}; the tree is constant-sum, so its value and one pair of "
                                    "optimal behaviour strategies come from the sequence-form LP"])
        lcp = sequence_form_lcp(tree, exact=exact, tol=tol, **options)
        return _with_notes(lcp, [f"auto: {why}; {why_not}; Lemke's algorithm from several starting plans was used "
                                 "instead"])
    if name == "agent-logit":
        return _with_notes(agent_logit(tree, tol=tol), [f"auto: {why}"])
    from bargain.solvers.registry import get_solver, solve

    eqs = get_solver(name).func(tree, exact=exact, tol=tol, **options)
    if name == "tree-enumpoly" and not eqs.complete:
        shape = [len(tree.reduced_strategies(i)) for i in range(tree.n_players)]
        if math.prod(shape) <= AUTO_FALLBACK_CELLS:
            nf = solve(tree.reduced_normal_form(), "auto", exact=False if exact is False else None, tol=tol)
            if nf.complete:
                return _with_notes(_on_the_tree(tree, nf), [
                    f"auto: {why}; that answer was NOT complete, and the reduced normal form is small "
                    f"({'x'.join(map(str, shape))}), so it was solved there, completely, and its equilibria are "
                    "given in behaviour strategies (Kuhn's map; realisation-equivalent ones once)"])
    return _with_notes(eqs, [f"auto: {why}"])


def _on_the_tree(tree: ExtensiveGame, nf: Equilibria) -> Equilibria:
    """The equilibria of the reduced normal form as verified behaviour equilibria of ``tree``.

    Each mixed profile becomes its realisation plans (Kuhn 1953), verified on the tree by
    :func:`~bargain.solvers.sequence_form.verify.make_behaviour_equilibrium`; profiles with the same plans
    (realisation-equivalent) are listed once.

    Parameters
    ----------
    tree : ExtensiveGame
        The tree, with perfect recall.
    nf : Equilibria
        Equilibria of ``tree.reduced_normal_form()``.

    Returns
    -------
    Equilibria
        On ``tree``, with ``nf``'s completeness, method and notes.
    """
    from bargain.solvers.sequence_form.verify import make_behaviour_equilibrium

    sf = sequence_form(tree)
    out, seen = [], []
    for e in nf:
        exact = e.is_exact and tree.is_exact
        mixed = e.exact_profile if exact else e.profile
        plans = [sf.plan_from_mixed(i, mixed[i], exact=exact) for i in range(tree.n_players)]
        key = [float(v) for x in plans for v in x]
        if any(max(abs(a - b) for a, b in zip(key, k, strict=True)) <= 1e-9 for k in seen):
            continue
        seen.append(key)
        out.append(make_behaviour_equilibrium(sf, plans, nf.method, exact=exact))
    on_tree = Equilibria(tree, out, nf.method, nf.complete, notes=list(nf.notes))
    return on_tree if nf.evidence is None else on_tree.with_evidence(nf.evidence)


def _two_players(tree: Any, method: str) -> None:
    if not isinstance(tree, ExtensiveGame):
        raise GameError(f"method {method!r} solves game trees (bargain.ExtensiveGame); for a normal-form game use "
                        "method='enumeration' or 'lemke-howson'")


@register("seqform-lcp", players="2", complete=False, exact=True, tree=True, aliases=("lcp-tree",),
          description="two-player trees: Lemke's algorithm on the sequence-form LCP from several starting plans "
                      "(exact, lexicographic)")
def _lcp(tree: ExtensiveGame, *, exact: bool = False, tol: float | None = None, **options: Any) -> Equilibria:
    _two_players(tree, "seqform-lcp")
    return sequence_form_lcp(tree, exact=exact, tol=tol, **options)


@register("seqform-enum", players="2", complete=True, exact=True, tree=True, aliases=("enum-tree",),
          description="two-player trees: every extreme equilibrium by vertex enumeration of the sequence-form "
                      "polyhedra, with components (exact)")
def _enum(tree: ExtensiveGame, *, exact: bool = False, tol: float | None = None, **options: Any) -> Equilibria:
    _two_players(tree, "seqform-enum")
    return sequence_form_enumeration(tree, exact=exact, tol=tol, **options)


@register("seqform-lp", players="2", complete=False, exact=True, tree=True, aliases=("lp-tree",),
          description="two-player zero-sum trees: value and optimal behaviour strategies by the sequence-form LP "
                      "(HiGHS; exact rebuild)")
def _lp(tree: ExtensiveGame, *, exact: bool = False, tol: float | None = None, **options: Any) -> Equilibria:
    _two_players(tree, "seqform-lp")
    return sequence_form_lp(tree, exact=exact, tol=tol, **options)


@register("agent-qre", players="n", complete=False, exact=False, tree=True, aliases=("aqre",),
          description="game trees: the limit of the principal logit QRE branch of the agent normal form "
                      "(unconditional agent payoffs), verified as a Nash equilibrium on the tree")
def _agent_qre(tree: ExtensiveGame, *, exact: bool = False, tol: float | None = None, **options: Any) -> Equilibria:
    if not isinstance(tree, ExtensiveGame):
        raise GameError("method 'agent-qre' solves game trees (bargain.ExtensiveGame); for a normal-form game use "
                        "method='qre'")
    return agent_qre(tree, exact=exact, tol=tol, **options)


@register("agent-logit", players="n", complete=False, exact=False, tree=True,
          description="game trees: the limit of the agent logit QRE with values conditional on reaching each set "
                      "(McKelvey-Palfrey; Gambit's logit_solve on trees), a sequential equilibrium verified on the "
                      "tree")
def agent_logit(tree: ExtensiveGame, *, exact: bool = False, tol: float | None = None, **options: Any) -> Equilibria:
    """The limit of the agent logit QRE on ``tree`` as a verified Nash equilibrium (one, not complete).

    Parameters
    ----------
    tree : ExtensiveGame
        A tree with perfect recall (any number of players); the path is traced on the tree, so no
        normal form of any kind is built.
    exact : bool
        Ignored: the path is traced in floating point; the limit is read as fractions and verified
        exactly when it can be (:func:`~bargain.solvers.sequential.qre_limit.qre_limit`).
    tol : float, optional
        Regret tolerance of the float verification on the tree.
    **options
        ``max_regret``, ``max_steps`` of the tracer.

    Returns
    -------
    Equilibria
        The limit as a behaviour equilibrium verified on the tree (none, with a note, if it does not
        verify); ``complete=False``.

    References
    ----------
    McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for extensive form games.
    *Experimental Economics* 1, 9-41.  Turocy, T. L. (2005). *GEB* 51, 243-263.
    """
    from bargain.solvers.sequence_form.verify import behaviour_equilibrium
    from bargain.solvers.sequential.qre_limit import qre_limit

    if not isinstance(tree, ExtensiveGame):
        raise GameError("method 'agent-logit' solves game trees (bargain.ExtensiveGame); for a normal-form game use "
                        "method='qre'")
    limit = qre_limit(tree, max_regret=options.pop("max_regret", None), max_steps=options.pop("max_steps", 10_000))
    notes = list(limit.notes)
    b = limit.behaviour
    try:
        found = [behaviour_equilibrium(sequence_form(tree), b, "agent-logit", exact=b.is_exact, tol=tol)]
        notes.append("the limit is verified as a Nash equilibrium of the tree" + (" in exact arithmetic" if b.is_exact
                                                                                   else ""))
    except VerificationError as exc:
        found = []
        notes.append(f"the limit does not verify as a Nash equilibrium of the tree ({exc}); nothing is reported")
    return Equilibria(tree, found, "agent-logit", complete=False, notes=notes)
