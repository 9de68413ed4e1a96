"""Why the penal-code bracket of :func:`lowest_spe_payoffs` can stay open: the optimal punishment path
may be aperiodic, so no "stick for T periods, then carrot" path attains it, while the certified lower
bound is already exact.  Worked by hand on one of the two-player games whose bracket stays open.

Game (row player 1, column player 2), delta = 4/5:

    u1 = [[1, 0], [-3, 2]],  u2 = [[3, 2], [-1, -5]].

(0, 0) = (1, 3) is the stage Nash equilibrium and player 1's minmax, so w1 = 1.  Player 2's minmax is
-1 (row 1, column 0), the lower bound.  Player 1 best-responds at (1, 1) (u1 = d1 = 2) and at (0, 0)
(u1 = d1 = 1), so on paths of these two profiles only player 2's constraints matter:

* at the stick (1, 1): u2 = -5, d2 = -1, so the continuation target x must satisfy x >= -1;
* at the carrot (0, 0): u2 = d2 = 3, so x >= (1/5) 3 + (4/5)(-1) = -1/5.

A target x is met by playing the stick and then x' = (x + 1) 5/4, or the carrot and then
x' = (x - 3/5) 5/4.  The stick is allowed on [-1, 7/5] and maps it onto [0, 3]; the carrot on
[-1/5, 3] and maps it onto [-1, 3]: [-1, 3] is invariant, so every target in it is met by an infinite
path satisfying every one-shot deviation constraint.  Player 2's punishment target -1 (binding) is met:
v2^- = -1 exactly.  The targets' denominators grow as powers of 4, so no target repeats and the path
never becomes periodic.  A stick of T periods followed by the carrot for ever is worth
-5 + 8 (4/5)^T, which passes against its own value only for T <= 3, the best being -113/125 > -1.
So the bracket's gap here comes from the search family (eventually stationary paths), not from the
lower bound; :mod:`bargain.analysis.repeated.punishments` says so in its notes.
"""

from fractions import Fraction

import pytest

import bargain as bg

rp = bg.repeated
A = [[1, 0], [-3, 2]]
B = [[3, 2], [-1, -5]]
DELTA = Fraction(4, 5)


def test_stick_carrot_bracket_stays_open_above_the_exact_lower_bound():
    g = bg.Game.from_matrices(A, B)
    uppers = []
    for T in range(7):
        pc = rp.lowest_spe_payoffs(g, DELTA, max_stick=T)
        assert pc.lower == (1, -1) and pc.upper[0] == 1
        uppers.append(pc.upper[1])
    assert uppers[3:] == [Fraction(-113, 125)] * 4               # longer sticks fail player 2's constraint
    assert all(u > -1 for u in uppers) and uppers == sorted(uppers, reverse=True)
    # with public correlation the Abreu-Sannikov threat point reaches the bound
    assert rp.spe_payoffs(g, DELTA).threat[1] == -1


@pytest.mark.parametrize("periods", [40, 120])
def test_an_aperiodic_path_holds_player_2_to_the_lower_bound(periods):
    u = {(0, 0): (1, 3), (0, 1): (0, 2), (1, 0): (-3, -1), (1, 1): (2, -5)}

    def best(i, a):                                  # best one-shot deviation payoff, from the raw table
        return max(u[(b, a[1]) if i == 0 else (a[0], b)][i] for b in (0, 1))

    x, path, targets = Fraction(-1), [], []
    for _ in range(periods):
        a = (1, 1) if x <= Fraction(7, 5) else (0, 0)        # stick while the target allows it
        targets.append(x)
        path.append(a)
        x = (x - (1 - DELTA) * u[a][1]) / DELTA             # the continuation target
        assert -1 <= x <= 3                                 # stays in the invariant interval
    # every period: player 1 best-responds, and player 2 gets at least her deviation payoff followed
    # by her punishment -1 (binding in the first period)
    for a, t in zip(path, targets, strict=True):
        assert u[a][0] == best(0, a)
        assert t >= (1 - DELTA) * best(1, a) + DELTA * -1
    assert targets[0] == (1 - DELTA) * best(1, path[0]) + DELTA * -1
    # the path's discounted payoff to player 2 converges to -1 (tail bounded by the payoff range)
    value = sum((1 - DELTA) * DELTA ** t * u[a][1] for t, a in enumerate(path))
    assert abs(value - -1) <= 8 * DELTA ** periods
    # never periodic: the reduced targets' denominators grow as powers of 4, so no target repeats
    assert len(set(targets)) == periods
    assert all(t.denominator & (t.denominator - 1) == 0 for t in targets)    # powers of 2
