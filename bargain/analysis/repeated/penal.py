"""Optimal penal codes: the critical δ* of a target under the harshest punishments (Abreu 1988).

Abreu (1988) shows that every subgame-perfect outcome path can be supported by *simple*
strategy profiles: after a deviation by player ``i``, switch to ``i``'s punishment path, whose
value to ``i`` is the lowest SPE payoff ``v_i^-(δ)``.  So a target path is an SPE outcome at δ
iff it passes the one-shot deviation test with punishment values ``w = v^-(δ)`` (see
:mod:`._paths`).  For two players ``v^-(δ)`` is the threat point of the Abreu–Sannikov polygon
(pure actions, public correlation).  With public correlation the SPE payoff set grows with δ
(APS 1990, Theorem 6), so "sustained at δ" is monotone and δ* is found by bisection; each step
solves the SPE polygon at a rational δ.

For three or more players (pure strategies, no correlation) :mod:`.punishments` brackets
``v^-(δ)`` exactly: a certified lower bound and the values of a verified simple penal code.  The
target passing against the lower bound is necessary (and monotone in δ), passing against the
code's values sufficient; two exact bisections, each ending on the threshold the one-shot
deviation test gives at the bracket's end, give δ* bracketed, and exactly when the ends meet.

References
----------
Abreu, D. (1988). On the theory of infinitely repeated games with discounting. *Econometrica*
56, 383-396.
Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted repeated games
with imperfect monitoring. *Econometrica* 58, 1041-1063, Theorem 6.
Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games with perfect
monitoring. *Theoretical Economics* 9, 313-338.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from bargain.analysis.repeated._paths import parse_target, path_thresholds
from bargain.analysis.repeated._stage import as_game, stage
from bargain.analysis.repeated.grim import grim_trigger, summarise
from bargain.analysis.repeated.punishments import box_bounds, lowest_spe_payoffs
from bargain.analysis.repeated.result import CriticalDelta

__all__ = ["optimal_penal_code", "harshest_punishments"]


def harshest_punishments(game: Any, delta: Any) -> tuple[Any, ...] | None:
    """Each player's lowest pure-strategy SPE payoff at ``delta`` (two players), or None if there is no SPE."""
    from bargain.analysis.repeated.abreu_sannikov import spe_payoffs

    s = spe_payoffs(game, delta, exact=False)
    return None if s.empty else tuple(float(x) for x in s.threat)


def optimal_penal_code(game: Any, target: Any, *, tol: float = 1e-9, values: Mapping[str, Any] | None = None,
                       max_stick: int = 2) -> CriticalDelta:
    """The least δ at which ``target`` is sustained with the harshest (optimal penal code) punishments.

    Parameters
    ----------
    game : Any
        Stage game (a Game, or a Model at ``values``).  Two players: with public correlation, the
        punishments from the Abreu-Sannikov polygon; more: pure strategies, :mod:`.punishments`.
    target : Any
        A pure profile, a ``{profile: probability}`` lottery, or a list of profiles (a cycle).
    tol : float, default 1e-09
        Width of the final bisection bracket.
    values : mapping of str to number, optional
        Parameter values when the game is a Model (the others take their defaults).
    max_stick : int, default 2
        For three or more players: the longest stick phase of the punishment paths searched.

    Returns
    -------
    CriticalDelta
        ``delta`` is the upper end of ``bracket``.  Two players: a float, never above the
        grim-trigger or stick-and-carrot δ*.  More players: a Fraction (rational payoffs) at which
        a verified simple penal code sustains the target, while below ``bracket[0]`` no SPE
        does; ``exact`` when the two meet.

    References
    ----------
    Abreu (1988); Abreu and Sannikov (2014) for the two-player punishment values.
    """
    g = as_game(game, values)
    if g.n_players != 2:
        return _n_player(g, target, tol, max_stick)
    st = stage(g, False)
    tgt = parse_target(st, target)
    grim = grim_trigger(g, target, exact=False)
    upper = [grim.delta]
    if tgt.kind == "pure" and st.shape[0] * st.shape[1] <= 400:
        from bargain.analysis.repeated.stick_carrot import stick_and_carrot

        upper.append(stick_and_carrot(g, tgt.profiles[0], exact=False).delta)   # simple codes: an upper bound
    finite = [float(x) for x in upper if x is not None]

    def sustained(d: Fraction) -> bool:
        w = harshest_punishments(g, d)
        if w is None:
            return False
        per, _ = path_thresholds(st, tgt, w)
        return all(x is not None and x <= float(d) + 1e-12 for x in per)

    hi = Fraction(min(finite)).limit_denominator(10**12) if finite else Fraction(1) - Fraction(1, 10**6)
    if finite and min(finite) == 0:
        return summarise("optimal penal code", st, tgt.label, [0.0] * st.n, False,
                         ("no one gains by deviating: no punishment needed",))
    if not sustained(hi):
        return summarise("optimal penal code", st, tgt.label, [None] * st.n, False,
                         ("not sustained even at delta close to 1",))
    lo = Fraction(0)
    while hi - lo > tol:
        mid = (lo + hi) / 2
        mid = mid.limit_denominator(max(10, int(4 / tol)))
        if not lo < mid < hi:
            break
        if sustained(mid):
            hi = mid
        else:
            lo = mid
    w = harshest_punishments(g, hi)
    per, _ = path_thresholds(st, tgt, w)
    pun = tuple(f"{p}: switch to the SPE worst for {p} (value {x:.6g} at delta*)" for p, x in zip(g.players, w,
                                                                                                    strict=True))
    out = summarise("optimal penal code", st, tgt.label, [float(hi)] * st.n, False, pun, (float(lo), float(hi)),
                    ("delta* by bisection on the Abreu-Sannikov threat point",))
    binding = g.players[max(range(st.n), key=lambda i: per[i] if per[i] is not None else 2.0)]
    return CriticalDelta(out.method, out.target, out.delta, False, tuple(per), out.players, out.punishment, binding,
                         out.bracket, out.notes)


def _bisect(ok: Any, lo: Fraction, hi: Fraction, tol: float) -> tuple[Fraction, Fraction]:
    """Shrink ``(lo, hi)`` (``ok(hi)`` true, ``ok(lo)`` false or lo = 0) to width ``tol`` in Fractions."""
    while hi - lo > tol:
        mid = ((lo + hi) / 2).limit_denominator(max(10, int(4 / tol)))
        if not lo < mid < hi:
            break
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return lo, hi


def _n_player(g: Any, target: Any, tol: float, max_stick: int) -> CriticalDelta:
    """δ* bracketed for three or more players: necessary (lower bounds) and sufficient (a verified code)."""
    st = stage(g)
    tgt = parse_target(st, target)

    def values(d: Fraction, bound: str) -> Any:
        if bound == "lower":
            box = box_bounds(st, d if st.exact else float(d))
            return None if box is None else tuple(box[0])
        return lowest_spe_payoffs(g, d, max_stick=max_stick).upper

    def passes(d: Fraction, w: Any) -> bool:
        if not w:
            return False
        per, _ = path_thresholds(st, tgt, w)
        return all(x is not None and x <= d for x in per)

    def threshold(w: Any) -> Fraction | None:
        per, _ = path_thresholds(st, tgt, w) if w else ([None], False)
        return None if any(x is None for x in per) else Fraction(max(per))

    def snap(hi: Fraction, bound: str) -> Fraction:
        """``hi`` moved down to the exact threshold of the deviation test at ``hi``'s punishment values."""
        ts = (threshold(values(hi, b)) for b in ("lower", bound))
        cands = sorted({t for t in ts if t is not None and 0 < t < hi})
        return next((t for t in cands if passes(t, values(t, bound))), hi)

    grim = grim_trigger(g, target, exact=st.exact)
    if grim.delta == 0:
        return summarise("optimal penal code", st, tgt.label, [grim.delta] * st.n, st.exact,
                         ("no one gains by deviating: no punishment needed",))
    top = Fraction(1) - Fraction(1, 10**6)
    if not passes(top, values(top, "lower")):
        return summarise("optimal penal code", st, tgt.label, [None] * st.n, st.exact,
                         ("not sustained even at delta close to 1: it fails against every SPE punishment",))
    # necessary: the target passes against the certified lower bounds (monotone in delta)
    _, lo = _bisect(lambda d: passes(d, values(d, "lower")), Fraction(0), top, tol)
    lo = snap(lo, "lower")
    # sufficient: a verified simple penal code sustains it
    starts = [lo] + ([Fraction(grim.delta)] if grim.delta is not None else []) + [top]
    hi = next((d for d in starts if passes(d, values(d, "upper"))), None)
    if hi is None:
        return summarise("optimal penal code", st, tgt.label, [None] * st.n, False,
                         ("no simple penal code of the searched family sustains it for delta < 1",), (lo, None))
    if hi > lo:
        hi = snap(_bisect(lambda d: passes(d, values(d, "upper")), lo, hi, tol)[1], "upper")
    pc = lowest_spe_payoffs(g, hi, max_stick=max_stick)
    per, _ = path_thresholds(st, tgt, pc.upper)
    pun = tuple(f"{p} (value {x} at delta*)" for p, x in zip(pc.paths, pc.upper, strict=True))
    notes = ("sustained at delta by a verified simple penal code; no SPE sustains it below bracket[0]",)
    binding = g.players[max(range(st.n), key=lambda i: per[i])]
    return CriticalDelta("optimal penal code", tgt.label, hi, st.exact and lo == hi, tuple(per), g.players, pun,
                         binding, (lo, hi), notes)
