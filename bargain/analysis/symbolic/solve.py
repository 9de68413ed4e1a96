"""Every equilibrium of a parametric game in closed form, with its regimes, checked numerically.

:func:`formulas` traces the model's payoffs (:mod:`.trace`), solves every support profile in the
polynomial ring of the parameters (:mod:`.supports`), finds the parameter regions where each
solution is an equilibrium (:mod:`.regions`), and cross-checks each formula against the numeric
solver: at up to ``verify_points`` sample points inside each region (those farthest from its
boundary) the formula, evaluated in floating point, must match an equilibrium that the numeric
support enumeration of :func:`bargain.solve` finds at those parameter values, on the same support
(:func:`bargain.solvers.polynomial.solve_support`), to 1e-9.  A formula
that fails is not shown; it is reported as unverified.  Support enumeration over all support
profiles is the method of Mangasarian (1964) and, for n players, McKelvey and McLennan (1996,
"Computation of equilibria in finite games", Handbook of Computational Economics 1, sec. 6).
"""

from __future__ import annotations

import itertools
import math
import time
from typing import Any

import numpy as np
import sympy as sp

from bargain.analysis.symbolic.algebra import (
    Candidates,
    exact_quotient,
    make_ring,
    normalize,
    quotient,
    split_by_variable,
)
from bargain.analysis.symbolic.branches import split_branches
from bargain.analysis.symbolic.rational import clear_denominators
from bargain.analysis.symbolic.regions import Region, Samples, display_factors, find_regions
from bargain.analysis.symbolic.report import (
    EquilibriumFormula,
    InequalityText,
    Regime,
    SymbolicSolution,
    binding_text,
    render_inequality,
)
from bargain.analysis.symbolic.spe import spe_solutions, verify_spe
from bargain.analysis.symbolic.supports import SupportSolution, Unsolved, all_supports, solve_support
from bargain.analysis.symbolic.trace import SymbolicGame, symbolic_game
from bargain.errors import GameError
from bargain.model.extensive import ExtensiveModel
from bargain.model.game import Game
from bargain.model.parameters import Model

__all__ = ["MAX_SUPPORT_PROFILES", "VERIFY_TOLERANCE", "formulas"]

#: Largest difference allowed between a formula and the numeric solver at a check point.
VERIFY_TOLERANCE = 1e-9
#: Largest number of support profiles the symbolic solver enumerates (prod over players of 2**s_i - 1).
MAX_SUPPORT_PROFILES = 4_096
#: Largest expression (sympy operation count) given to ``sympy.simplify`` for display.
SIMPLIFY_OPS = 150
#: A payoff numerator with more terms than this is shown as an expectation over the support (its expansion is
#: long to build and to read).
LARGE_TERMS = 200


def formulas(source: Model | Game | str, *, samples: int = 3000, verify_points: int = 2, seed: int = 0,
             fixed: dict[str, float] | None = None) -> SymbolicSolution:
    """Closed-form equilibria of a parametric game, each with the parameter regions where it holds.

    Parameters
    ----------
    source : Model, Game or str
        A model (or the name of a shipped game), or a plain game (no parameters).
    samples : int
        Uniform sample points of the parameter box used to find and simplify the regions.
    verify_points : int
        Points per region at which each formula is compared with :func:`bargain.solve`.
    seed : int
        Seed of the sample (the result is reproducible).
    fixed : dict, optional
        Parameters held at given values (substituted before solving: fewer symbols, faster).

    Returns
    -------
    SymbolicSolution
        The verified formulas (and, separately, unverified ones and supports without a closed form).

    Raises
    ------
    GameError
        If the model's payoffs cannot be traced or are not polynomial in the parameters, or the game
        has more than :data:`MAX_SUPPORT_PROFILES` support profiles and is not a tree of perfect
        information (such a tree is solved for its subgame-perfect equilibria, :mod:`.spe`).

    References
    ----------
    Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. *Journal of the Society for
    Industrial and Applied Mathematics* 12(4), 778-780.
    McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite games.
    *Handbook of Computational Economics* 1, ch. 2, sec. 6.
    Cox, D., Little, J. and O'Shea, D. (2015). *Ideals, Varieties, and Algorithms*, 4th ed. Springer.
    """
    start = time.perf_counter()
    if isinstance(source, str):
        from bargain.model.loader import load_game

        source = load_game(source)
    stand_in = _stand_in(source)
    if fixed:
        if not isinstance(source, Model):
            raise GameError("fixed= needs a Model (a plain game has no parameters)")
        source = source.with_defaults(**fixed)
    try:
        sg = symbolic_game(source)
    except GameError as exc:
        if stand_in is None:
            raise
        stand, reason = stand_in
        extra = [prm for name, prm in stand.parameters.items() if name not in source.parameters]
        sol = formulas(stand, samples=samples, verify_points=verify_points, seed=seed, fixed=fixed)
        where = str(exc).split(" (", 1)[-1].split("): its ")[0]         # the operation and the line it failed at
        free = ", ".join(f"{p.name} ({p.meaning}; default {p.default:g}) a free symbol" for p in extra)
        sol.notes.insert(0, f"{source.name!r} cannot be traced symbolically: {reason} (the tracer stopped at "
                            f"{where}); solved instead as {stand.name!r}, with {free}")
        return sol
    if fixed:
        sg = _fix(sg, fixed)
    profiles = 1
    for s in sg.shape:
        profiles *= 2 ** s - 1
    if profiles > MAX_SUPPORT_PROFILES and _perfect_information(sg):
        return _subgame_perfect(sg, profiles, samples, verify_points, seed, start)
    if profiles > MAX_SUPPORT_PROFILES:
        raise GameError(f"{sg.name!r} has {'x'.join(map(str, sg.shape))} strategies: the symbolic solver would "
                        f"enumerate {profiles:.3g} support profiles (limit {MAX_SUPPORT_PROFILES}){_cost(sg)}; the "
                        "numeric tools (solve, sweep, thresholds, subgame perfection for a tree) still work on it")
    names = list(sg.symbols)
    R = make_ring(list(sg.symbols.values()))
    smp = _samples(sg, samples, seed)
    branches = split_branches(sg.payoffs, R, smp)
    cleared = [clear_denominators(br.payoffs, R, smp, sg.players) for br in branches]
    rings = [U for _, U, _ in cleared]
    cands = _candidates(rings)
    defaults = {sg.symbols[n]: float(sg.parameters[n].default) for n in names}
    shown, unverified, unsolved, empty = [], [], [], 0
    supports = all_supports(sg.shape)
    for br, (poly, U, scales) in zip(branches, cleared, strict=True):
        for support in supports:
            res = solve_support(U, support, poly, defaults)
            if res is None:
                continue
            if isinstance(res, Unsolved):
                unsolved.append(res)
                continue
            for sol in res:
                sol.conditions = sol.conditions + br.conditions     # the branch's side of each comparison
                # a player whose payoffs were multiplied through by L_i > 0: its payoff divided back
                sol.values = [(num, den * scale) if scale is not None and hasattr(den, "ring") else
                              (num, den * scale.as_expr()) if scale is not None else (num, den)
                              for (num, den), scale in zip(sol.values, scales, strict=True)]
                regions = find_regions(sol, smp, samples if names else 0)
                if not regions:
                    empty += 1
                    continue
                formula = _formula(sg, sol, regions, smp, cands, verify_points, br.payoffs)
                (shown if formula.verified else unverified).append(formula)
    notes = [f"regimes found and simplified on {smp.size} sample points of the parameter box "
             f"({samples} uniform, plus the one-parameter lines through the defaults)",
             f"{empty} solved support(s) hold nowhere on the sample"]
    scaled = sorted({sg.players[i] for *_, scales in cleared for i, c in enumerate(scales) if c is not None})
    if scaled:
        notes.append(f"the payoffs of {', '.join(scaled)} are rational in the parameters: solved with each player's "
                     "payoffs times a common positive denominator (same equilibria and regimes; the payoffs shown are "
                     "divided back)")
    if len(branches) > 1:
        notes.append(f"the payoffs compare parameters: solved on each of the {len(branches)} sides of the comparisons "
                     "found in the box, each regime with its side's inequalities")
    return SymbolicSolution(game=sg, formulas=shown, unverified=unverified, unsolved=unsolved, notes=notes,
                            seconds=time.perf_counter() - start, samples=smp, candidates=cands,
                            supports_tried=len(supports))


def _perfect_information(sg: SymbolicGame) -> bool:
    return isinstance(sg.model, ExtensiveModel) and sg.model.reference_tree.has_perfect_information


def _samples(sg: SymbolicGame, samples: int, seed: int) -> Samples:
    names = list(sg.symbols)
    prms = [sg.parameters[n] for n in names]
    return Samples(names, list(sg.symbols.values()), [p.low for p in prms], [p.high for p in prms],
                   [p.default for p in prms], n=samples if names else 0, seed=seed)


def _subgame_perfect(sg: SymbolicGame, profiles: int, samples: int, verify_points: int, seed: int,
                     start: float) -> SymbolicSolution:
    """A perfect-information tree too large for support enumeration: its subgame-perfect equilibria in closed
    form (:mod:`.spe`), each regime checked against numeric backward induction."""
    smp = _samples(sg, samples, seed)
    sols = spe_solutions(sg, smp)
    cands = factor_candidates([c.num for sol in sols for c in sol.conditions])
    shown, unverified, empty = [], [], 0
    for sol in sols:
        regions = find_regions(sol, smp, samples if sg.symbols else 0)
        if not regions:
            empty += 1
            continue
        formula = _formula(sg, sol, regions, smp, cands, verify_points, sg.payoffs, verify=verify_spe)
        (shown if formula.verified else unverified).append(formula)
    notes = [f"{sg.name!r} has {'x'.join(map(str, sg.shape))} reduced strategies ({profiles:.3g} support profiles, "
             f"more than the {MAX_SUPPORT_PROFILES} support enumeration takes): solved for its subgame-perfect "
             "equilibria by backward induction in the parameters (a tree of perfect information); Nash equilibria "
             "that rest on incredible threats are not listed",
             f"subgame-perfect profiles met on {smp.size} sample points of the parameter box ({samples} uniform, "
             "plus the one-parameter lines through the defaults), each regime the moves' gaps at every decision "
             "node, on the path and off it, checked against numeric backward induction",
             f"{empty} profile(s) hold only on a lower-dimensional set of the sample"]
    return SymbolicSolution(game=sg, formulas=shown, unverified=unverified, unsolved=[], notes=notes,
                            seconds=time.perf_counter() - start, samples=smp, candidates=cands,
                            supports_tried=len(sols))


def _cost(sg: SymbolicGame) -> str:
    """For two players, the cost of the supports that can carry a regime: pairs of equal size, each solved by
    Cramer's rule with determinants up to ``k x k`` in the payoff polynomials."""
    if sg.n_players != 2:
        return ""
    a, b = sg.shape
    pairs = sum(math.comb(a, k) * math.comb(b, k) for k in range(1, min(a, b) + 1))
    longest = max(len(sp.Add.make_args(sp.expand(e))) for e in sg.payoffs.flat)
    k = min(a, b)
    return (f"; of them {pairs} pairs of equal size, solved by Cramer's rule with determinants up to {k}x{k} in "
            f"payoffs of up to {longest} terms (up to {float(longest) ** k:.2g} products before cancellation "
            "each)")


def _stand_in(source: Any) -> tuple[Model, str] | None:
    """A shipped game's traceable stand-in, when its module gives one: ``SYMBOLIC`` (the model with the quantity
    that cannot be traced made a parameter of its own) and ``SYMBOLIC_REASON`` (why it cannot be traced)."""
    if not isinstance(source, Model):
        return None
    from bargain.model.loader import defining_module

    module = defining_module(source)
    stand = getattr(module, "SYMBOLIC", None) if module is not None else None
    if not isinstance(stand, Model):
        return None
    return stand, str(getattr(module, "SYMBOLIC_REASON", "a quantity in its payoffs is not an expression"))


def _fix(sg: SymbolicGame, fixed: dict[str, float]) -> SymbolicGame:
    sub = {sg.symbols[k]: sp.Rational(repr(float(v))) for k, v in fixed.items()}
    pay = np.vectorize(lambda e: sp.expand(e.xreplace(sub)), otypes=[object])(sg.payoffs)
    keep = {k: s for k, s in sg.symbols.items() if k not in fixed}
    return SymbolicGame(sg.name, sg.players, sg.strategies, pay, keep,
                        {k: p for k, p in sg.parameters.items() if k not in fixed}, sg.model)


def _candidates(games: list[np.ndarray]) -> Candidates:
    """Irreducible factors of every payoff difference ``u_i(k, a) - u_i(l, a)`` of each game (trial divisors)."""
    diffs: list[Any] = []
    for U, i in ((g, i) for g in games for i in range(g.shape[0])):
        m = np.moveaxis(U[i], i, 0)
        flat = m.reshape(m.shape[0], -1)
        diffs += [flat[k, a] - flat[k2, a] for k in range(flat.shape[0]) for k2 in range(k + 1, flat.shape[0])
                  for a in range(flat.shape[1])]
    return factor_candidates(diffs)


def factor_candidates(differences: list[Any]) -> Candidates:
    """Irreducible factors of the given differences of payoffs (ring elements), and of each one's coefficient of a
    parameter it is linear in: the trial divisors that make expressions readable."""
    diffs: set[Any] = set()
    for d in differences:
        if d != 0 and not d.is_ground:
            diffs.add(normalize(d)[1])
            # the coefficient of each parameter in the difference: where products such as
            # (1 - x)(1 - y)(1 - z) live when the difference itself is a longer sum
            for v, e in enumerate(d.degrees()):
                if e == 1:
                    q1 = split_by_variable(d, v)[0]
                    if not q1.is_ground:
                        diffs.add(normalize(q1)[1])
    seen: set[Any] = set()
    for d in sorted(diffs, key=lambda d: len(d.terms())):
        if len(d.terms()) == 1:     # a monomial: its variables
            seen.update(g for g, e in zip(d.ring.gens, d.degrees(), strict=True) if e)
            continue
        for f in seen:              # divide out what is known, factor the rest
            while (q := exact_quotient(d, f)) is not None:
                d = q
        if d.is_ground or len(d.terms()) > 8:     # long differences rarely factor: not worth Wang's algorithm
            continue
        for f, _ in d.factor_list()[1]:
            f = normalize(f)[1]
            if not f.is_ground:
                seen.add(f)
    return Candidates(sorted(seen, key=lambda f: (len(f.terms()), str(f))))


def quotient_expr(num: Any, den: Any, cands: list[Any]) -> sp.Expr:
    """``num / den`` as a sympy expression with common factors cancelled and factors shown (an expression
    with radicals is simplified only when short: sympy's ``simplify`` of a long one takes minutes)."""
    if not hasattr(num, "ring"):
        q = sp.sympify(num) / sp.sympify(den)
        return sp.simplify(q) if sp.count_ops(q) <= SIMPLIFY_OPS else q
    return quotient(num, den, cands)


def definite_sign(f: Any, smp: Samples) -> int:
    """+1 / -1 when ``f`` keeps one sign on the sample of the box (>= 0 everywhere, > 0 somewhere), else 0."""
    return smp.sign(f)


def _formula(sg: SymbolicGame, sol: SupportSolution, regions: list[Region], smp: Samples, cands: list[Any],
             verify_points: int, payoffs: np.ndarray, verify: Any = None) -> EquilibriumFormula:
    probs = {(i, k): quotient_expr(*sol.profile[i][k], cands) for i, s_i in enumerate(sol.support) for k in s_i}
    values = [quotient_expr(num, den, cands) if not _large(num) else expected_expr(payoffs, sol.support, probs, i)
              for i, (num, den) in enumerate(sol.values)]
    regimes = []
    verified = True
    for reg in regions:
        lines = []
        for q in reg.inequalities:
            c = q.condition
            if c is not None and c.kind == "br" and _large(q.poly):
                # no strategy off the support pays more, as an expectation (num / den is the expected gap)
                gap = expected_expr(payoffs, sol.support, probs, c.player, against=c.strategy)
                lines.append(InequalityText(gap, ">" if q.strict else ">=", sp.Integer(0), binding_text(sg, c),
                                            sg.latex_names, expectation=True))
                continue
            sign, factors = display_factors(q, smp, cands)
            line = render_inequality(sg, q, sign, factors, cands, lambda f: definite_sign(f, smp))
            if line is not None:
                lines.append(line)
        checked, err = (verify or _verify)(sg, sol, reg, smp, verify_points)
        ok = checked > 0 and err <= VERIFY_TOLERANCE
        verified &= ok
        regimes.append(Regime(inequalities=lines, fraction=reg.fraction, checked=checked, max_error=err,
                              verified=ok, region=reg))
    return EquilibriumFormula(game=sg, solution=sol, probabilities=probs, payoffs=values, regimes=regimes,
                              verified=verified)


def _large(p: Any) -> bool:
    """A numerator too long to read expanded (or to factor cheaply): shown as an expectation instead."""
    return hasattr(p, "ring") and len(p) > LARGE_TERMS


def expected_expr(payoffs: np.ndarray, support: tuple[tuple[int, ...], ...], probs: dict[tuple[int, int], sp.Expr],
                  i: int, against: int | None = None) -> sp.Expr:
    """Player ``i``'s equilibrium payoff as the expectation ``sum_a prod_j P(a_j) u_i(a)`` over the support's
    profiles, the others' probabilities as the formulas ``probs`` (``i`` itself plays its first strategy on
    the support: all of them pay the same); or, given ``against``, the expected gain of that first strategy
    over strategy ``against``.

    Parameters
    ----------
    payoffs : numpy.ndarray
        The payoff expressions, shape ``(n, s_1, ..., s_n)``.
    support : tuple of tuples
        The support profile.
    probs : dict
        ``(player, strategy) -> expression`` for every strategy on the support.
    i : int
        The player.
    against : int, optional
        A strategy of ``i`` (the result is then ``E u_i(first) - E u_i(against)``).

    Returns
    -------
    sympy.Expr
        The expectation, unexpanded (its expansion is the long polynomial it replaces).
    """
    own = [s if j != i else s[:1] for j, s in enumerate(support)]
    terms = []
    for prof in itertools.product(*own):
        weight = sp.Mul(*(probs[(j, a)] for j, a in enumerate(prof) if j != i and len(support[j]) > 1))
        u = payoffs[(i, *prof)]
        if against is not None:
            u = u - payoffs[(i, *prof[:i], against, *prof[i + 1:])]
        terms.append(weight * u)
    return sp.Add(*terms)


def _verify(sg: SymbolicGame, sol: SupportSolution, reg: Region, smp: Samples, k: int) -> tuple[int, float]:
    """Compare the formula with the numeric solver at the ``k`` region samples farthest from its boundary.

    The numeric equilibria on the formula's support come from
    :func:`bargain.solvers.polynomial.solve_support` (the support enumeration :func:`bargain.solve`
    runs on every support, here on this one alone, each root verified in the numeric game).
    """
    from bargain.solvers.polynomial import solve_support as numeric_support

    pick = reg.deepest(smp, k)
    worst, checked = 0.0, 0
    for idx in pick:
        formula = [np.array([smp(num)[idx] / smp(den)[idx] for num, den in vec]) for vec in sol.profile]
        if not all(np.all(np.isfinite(x)) for x in formula):
            return checked, float("inf")
        game = sg.numeric_game(smp.point(int(idx)))
        best = float("inf")
        for eq in numeric_support(game, sol.support).equilibria:
            if tuple(eq.support) == tuple(sol.support):
                best = min(best, max(float(np.max(np.abs(eq.profile[i] - formula[i]))) for i in range(len(formula))))
        worst = max(worst, best)
        checked += 1
    return checked, worst
