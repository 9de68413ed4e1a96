"""The symbolic solution of each shipped normal-form game and game tree, timed beside the numeric thresholds.

bargain.symbolic: :func:`bargain.analysis.symbolic.formulas` end to end - trace the payoffs, solve
every support profile in the parameter ring, find and simplify the regimes on the sample of the box,
and cross-check every formula against the numeric support enumeration at two points per regime.
One run per game after a warm-up on a small textbook game (imports, the solvers' first calls); a
run takes seconds, and the regime count does not depend on the run.  Per game it prints the wall
and CPU seconds (CPU time is what a loaded shared machine does not inflate), the support profiles
tried, the formulas and regimes found, and whether the run took under 10 s of CPU time (the wall
time of a run on a 2-core machine shared with other jobs is several times that).

Every shipped game whose model is a plain normal form, a parametric game tree or a two-player signalling
game (its ex-ante normal form) is listed; a tree is traced into its reduced normal form, chance probabilities
multiplying leaf payoffs.  A payoff that compares parameters through a 0/1 indicator
(``linkage_bargain``: North Korea tests iff the cut is within its resolve) is solved on each side of
the comparisons (the count of sides is printed).  ``enforcement_cycle``'s punishment length is an
integer ceiling of a logarithm, which no expression gives: its module supplies a stand-in with
``x = 1 - delta^T`` a parameter of its own, solved instead (its payoffs are rational in the
parameters: each player's are multiplied through by a positive common denominator); the run says so.
Trees of perfect information whose reduced normal form has too many support profiles for
enumeration (``secondary_sanctions``, ``sequential_crisis``, ``regional``) are solved for their
subgame-perfect equilibria instead (backward induction in the parameters, :mod:`bargain.analysis.symbolic.spe`):
the count printed is then of the subgame-perfect profiles met on the sample, one regime each.  A
two-player game refused for its number of support profiles (``will_or_capacity``, a signalling game
whose 9x8 ex-ante form is degenerate) gets the closed form of each numeric threshold from its extreme equilibria instead
(:func:`bargain.analysis.symbolic.vertex_thresholds.vertex_threshold_formulas`, the numeric thresholds
given): its CPU time, and the events matched to 1e-12 (a value) or located at one exact root (a
bracket, "not located") out of all, are printed.  For it, the thresholds of ``capture`` and ``refugee_risk``
are then also written as functions of each other (:func:`bargain.analysis.symbolic.vertex_curves.threshold_curves`,
with the interval each holds on) and those of ``capture`` in every parameter
(:mod:`bargain.analysis.symbolic.vertex_general`): CPU time, formulas, exact ends, numeric cross-checks.  Another
game refused is timed and printed with its count.

Then the closed-form thresholds (:func:`bargain.symbolic.thresholds`, for a tree with its
subgame-perfect switches on and off the path) are timed, and each numeric threshold is looked up
among them: the count matched to 1e-12 (relative to ``max(1, |value|)``) is printed.

Beside it, in the same process: :func:`bargain.analysis.thresholds.all_thresholds` (the numeric
thresholds of every parameter at the defaults, 201 grid points each), the nearest numeric
counterpart of what the symbolic solution gives for every parameter at once.  The ratio is
numeric / symbolic (above 1: the formulas come faster than the numeric thresholds).
"""

from __future__ import annotations

import time


def traceable_games() -> list[str]:
    """The shipped games whose model is a plain normal form (:class:`bargain.Model` itself), a
    parametric game tree (:class:`~bargain.model.extensive.ExtensiveModel`) or a two-player
    signalling game (:class:`~bargain.model.signalling.SignallingModel`)."""
    import bargain as bg
    from bargain.model.extensive import ExtensiveModel
    from bargain.model.loader import list_games
    from bargain.model.signalling import SignallingModel

    def traced(m: object) -> bool:
        return type(m) in (bg.Model, ExtensiveModel) or (type(m) is SignallingModel and m.n_players == 2)

    return [name for name in list_games() if traced(bg.load_game(name))]


def vertex_route(name: str, model: object, shape: str, refusal: str) -> None:
    """A two-player game the support solver refuses: each numeric threshold closed from its extreme equilibria."""
    from bargain.analysis.symbolic.vertex_thresholds import MATCH, locate_events
    from bargain.analysis.symbolic.vertices import ParametricPayoffs, VertexRegimes
    from bargain.analysis.thresholds import all_thresholds

    start = time.perf_counter()
    numeric = all_thresholds(model)
    t_num = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    pp = ParametricPayoffs(model)
    scanners = {p: VertexRegimes(model, p, payoffs=pp) for p in numeric}
    by_parameter = {p: locate_events(model, p, list(thr), regimes=scanners[p]) for p, thr in numeric.items()}
    located = [le for les in by_parameter.values() for le in les]
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    valued = [le for le in located if le.located]
    matched = sum(le.formula is not None and le.offset <= MATCH * max(1.0, abs(le.event.value)) for le in valued)
    off = sum(le.formula is not None and le.offset > MATCH * max(1.0, abs(le.event.value)) for le in valued)
    brackets = [le for le in located if not le.located]
    one = sum(le.formula is not None for le in brackets)
    distinct = len({(le.formula.parameter, le.formula.expression) for le in located if le.formula is not None})
    print(f"symbolic thresholds of {name} ({shape}, {len(model.parameters)} parameters) from its extreme equilibria "
          f"(the support solver refuses it: {refusal}): {ours:.3g} s wall, {ours_cpu:.3g} s CPU "
          f"(numeric thresholds of every parameter: {t_num:.3g} s wall); under 10 s of CPU: "
          f"{'yes' if ours_cpu < 10 else 'NO'}")
    print(f"  events with a value matched to 1e-12: {matched} of {len(valued)} ({off} more within 1e-10, the exact "
          f"extreme equilibria changing within 1e-13 of the closed form); bracketed events located at one exact "
          f"root: {one} of {len(brackets)}; {distinct} distinct closed forms; not closed: "
          f"{len(located) - sum(le.formula is not None for le in located)} of {len(located)}")
    for p, q in CURVES.get(name, ()):
        curve_route(model, p, q, by_parameter[p], scanners[p], pp)


#: Thresholds written as functions of a second parameter, per game (the route from the extreme equilibria).
CURVES = {"will_or_capacity": [("capture", "refugee_risk"), ("refugee_risk", "capture"), ("capture", "all")]}


def curve_route(model: object, p: str, q: str, located: list, scanner: object, pp: object) -> None:
    """The closed thresholds of ``p`` as functions of ``q`` (:func:`~bargain.analysis.symbolic.vertex_curves.
    threshold_curves`), the events already located: CPU time, formulas, ends exact or bracketed, and the numeric
    cross-checks (the numeric finder run at each random ``q``, which the time includes).  ``q = "all"``: in every
    parameter (:func:`~bargain.analysis.symbolic.vertex_general.general_threshold`)."""
    from bargain.analysis.symbolic.vertex_curves import threshold_curves
    from bargain.analysis.symbolic.vertex_general import general_threshold

    start, cpu = time.perf_counter(), time.process_time()
    if q == "all":
        found = [general_threshold(model, pp, scanner, le, seed=j) for j, le in enumerate(located)
                 if le.formula is not None]
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        print(f"  {p} in every parameter: {sum(f is not None for f, _ in found)} formulas of {len(found)} closed "
              f"events in {wall:.3g} s wall, {used:.3g} s CPU (each checked exactly and numerically at 3 random "
              f"points around the defaults); not given: {'; '.join(w for f, w in found if f is None) or 'none'}")
        return
    curves, notes = threshold_curves(model, p, q, located, scanner, pp)
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    ends = [e for c in curves for e in (c.low, c.high)]
    checks = [n for c in curves for _q, _f, n in c.checks]
    print(f"  {p} in terms of {q}: {len(curves)} formulas of {sum(le.formula is not None for le in located)} closed "
          f"events in {wall:.3g} s wall, {used:.3g} s CPU; interval ends exact: {sum(e.bracket is None for e in ends)} "
          f"of {len(ends)}; numeric cross-checks within 1e-9: {sum(n is not None for n in checks)}, bracketed: "
          f"{sum(n is None for n in checks)}; dropped: {len(notes)}")


def main(names: list[str] | None = None) -> None:
    """Time every traceable shipped game (or only ``names``)."""
    import bargain as bg
    from bargain.analysis.thresholds import all_thresholds
    from benchmarks.timing import ratio_line

    warm = bg.Model("warm", [bg.Parameter("a", 2.0, (0.5, 4.0))],
                    lambda p: {("H", "H"): (p.a, -p.a), ("H", "T"): (0, 0), ("T", "H"): (0, 0), ("T", "T"): (1, -1)},
                    players=("Row", "Column"), strategies=(("H", "T"), ("H", "T")))
    bg.symbolic.formulas(warm)                              # warm-up: imports, the solvers' first calls
    for name in names or traceable_games():
        model = bg.load_game(name)
        shape = "x".join(str(len(s)) for s in model.strategies)
        start, cpu = time.perf_counter(), time.process_time()
        try:
            sol = bg.symbolic.formulas(model)
        except bg.GameError as exc:
            ours = time.perf_counter() - start
            if model.n_players == 2:
                vertex_route(name, model, shape, str(exc).split(": the symbolic solver would ")[-1].split(" (")[0])
                continue
            print(f"symbolic solution of {name} ({shape}, {len(model.parameters)} parameters): refused in "
                  f"{ours * 1e3:.3g} ms ({str(exc).split('; the numeric tools')[0]})")
            continue
        ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        numeric = all_thresholds(model)
        t_num = time.perf_counter() - start
        n_num = sum(len(t) for t in numeric.values())
        start = time.perf_counter()
        closed = bg.symbolic.thresholds(sol)
        t_closed = time.perf_counter() - start
        matched = sum(any(c.parameter == p and abs(c.value - t.value) <= 1e-12 * max(1.0, abs(t.value))
                          for c in closed) for p, thr in numeric.items() for t in thr)
        sides = next((n.split(" of the ")[1].split(" sides")[0] for n in sol.notes if "sides of the" in n), "1")
        spe = any(f.solution.moves is not None for f in sol)
        tried = (f"{sol.supports_tried} subgame-perfect profiles (backward induction in the parameters; the reduced "
                 "normal form is too large for support enumeration)" if spe else
                 f"{sides} side(s) of the payoffs' comparisons; {sol.supports_tried} support profiles tried per side")
        print(ratio_line(f"symbolic solution of {name} ({shape}, {len(model.parameters)} parameters)", ours,
                         {"numeric thresholds of every parameter": t_num}))
        print(f"  {ours_cpu:.3g} s CPU; {tried}; {len(sol)} formulas, {sol.n_regimes} regimes, {len(sol.unverified)} "
              f"unverified, {len(sol.unsolved)} supports without a closed form; under 10 s of CPU: "
              f"{'yes' if ours_cpu < 10 else 'NO'}")
        for note in sol.notes:
            if "solved instead as" in note:
                print(f"  {note}")
        print(f"  closed-form thresholds in {t_closed:.3g} s: {len(closed)}; numeric thresholds matched to 1e-12: "
              f"{matched} of {n_num}")


if __name__ == "__main__":
    main()
