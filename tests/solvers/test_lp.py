"""Zero-sum games by linear programming: value and optimal strategies, against nashpy and quantecon."""

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.solvers.lp import zero_sum_solution


def test_matching_pennies_value_and_strategies():
    g = bg.Game.from_matrices([[1, -1], [-1, 1]])
    eqs = bg.solve(g, method="lp")
    assert eqs.method == "lp" and len(eqs) == 1 and not eqs.complete
    eq = eqs[0]
    assert np.allclose(eq.profile[0], [0.5, 0.5]) and np.allclose(eq.profile[1], [0.5, 0.5])
    assert abs(eq.payoffs[0]) < 1e-12
    assert any("value" in n for n in eqs.notes)


def test_textbook_game_with_saddle_and_dominated_strategy():
    # Rows: (3, -1), (-2, 4), (-3, -2). Row 3 is dominated; value 1 at x = (3/5, 2/5), y = (1/2, 1/2).
    A = [[3, -1], [-2, 4], [-3, -2]]
    sol = zero_sum_solution(bg.Game.from_matrices(A))
    assert sol.value == pytest.approx(1.0, abs=1e-12)
    assert np.allclose(sol.row_strategy, [0.6, 0.4, 0.0])
    assert np.allclose(sol.column_strategy, [0.5, 0.5])


def test_pure_saddle_point():
    A = [[4, 2, 3], [1, 0, -1], [5, 1, 6]]    # saddle at (row 1, col 2): value 2
    sol = zero_sum_solution(bg.Game.from_matrices(A))
    assert sol.value == pytest.approx(2.0)
    assert np.allclose(sol.row_strategy, [1, 0, 0]) and np.allclose(sol.column_strategy, [0, 1, 0])


def test_constant_sum_game_accepted():
    A = np.array([[3.0, 1.0], [0.0, 2.0]])
    g = bg.Game.from_matrices(A, 5.0 - A)
    eqs = bg.solve(g, method="lp")
    assert eqs[0].payoffs[0] + eqs[0].payoffs[1] == pytest.approx(5.0)
    assert eqs[0].payoffs[0] == pytest.approx(1.5)   # value of [[3,1],[0,2]]: (3*2-1*0)/(3+2-1-0) = 1.5


def test_non_zero_sum_rejected_with_location():
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(GameError, match=r"zero-sum.*u1 \+ u2 is not constant.*lemke-howson"):
        bg.solve(g, method="lp")


def test_three_players_rejected():
    g = bg.Game(np.zeros((3, 2, 2, 2)))
    with pytest.raises(GameError, match="2-player"):
        bg.solve(g, method="lp")


def test_exact_game_gives_rational_value_and_strategies():
    g = bg.Game.from_matrices([[Fraction(1, 3), -1], [-1, 1]])
    eqs = bg.solve(g, method="lp")
    eq = eqs[0]
    # value = (ad - bc)/(a + d - b - c) = (1/3 - 1)/(1/3 + 1 + 2) = -1/5; x = y = (3/5, 2/5)
    assert eq.is_exact and eq.exact_payoffs[0] == Fraction(-1, 5)
    assert eq.exact_profile == ((Fraction(3, 5), Fraction(2, 5)), (Fraction(3, 5), Fraction(2, 5)))
    assert eqs.notes[0].endswith("-1/5")
    fl = bg.solve(g, method="lp", exact=False)[0]
    assert not fl.is_exact and fl.payoffs[0] == pytest.approx(-0.2, abs=1e-12)


def test_exact_mode_on_random_degenerate_integer_games():
    rng = np.random.default_rng(12)
    for _ in range(60):
        m, n = (int(k) for k in rng.integers(1, 7, size=2))
        A = rng.integers(-4, 5, size=(m, n))                 # many ties: degenerate LPs
        g = bg.Game.from_matrices(A)
        eq = bg.solve(g, method="lp")[0]
        assert eq.is_exact and eq.regret == 0
        assert float(eq.exact_payoffs[0]) == pytest.approx(zero_sum_solution(g).value, abs=1e-9)


def _random_zero_sum(rng, m, n):
    scale = rng.choice([1e-3, 1.0, 1e3])
    return rng.normal(size=(m, n)) * scale


def test_value_matches_quantecon_on_random_games():
    qe = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(20261129)
    for _ in range(40):
        m, n = (int(k) for k in rng.integers(1, 9, size=2))
        A = _random_zero_sum(rng, m, n)
        g = bg.Game.from_matrices(A)
        sol = zero_sum_solution(g)
        ref = qe.lemke_howson(qe.NormalFormGame([qe.Player(A), qe.Player(-A.T)]))  # (x, y) for a generic game
        v_ref = float(ref[0] @ A @ ref[1])
        assert sol.value == pytest.approx(v_ref, abs=1e-9 * max(1.0, np.ptp(A)))
        eq = bg.solve(g, method="lp")[0]
        assert eq.regret <= g.tolerance


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_value_matches_nashpy_on_random_games():
    nash = pytest.importorskip("nashpy")
    rng = np.random.default_rng(7)
    for _ in range(25):
        m, n = (int(k) for k in rng.integers(2, 6, size=2))
        A = np.round(rng.normal(size=(m, n)) * 10)      # integer payoffs: degenerate ties occur
        values = {round(float(x @ A @ y), 9) for x, y in nash.Game(A).support_enumeration()}
        sol = zero_sum_solution(bg.Game.from_matrices(A))
        assert len(values) <= 1 or max(values) - min(values) < 1e-7   # every equilibrium has one value
        if values:
            assert sol.value == pytest.approx(values.pop(), abs=1e-9 * max(1.0, np.ptp(A)))
        # optimal strategies guarantee the value against every pure reply
        assert (sol.row_strategy @ A).min() >= sol.value - 1e-9 * np.ptp(A)
        assert (A @ sol.column_strategy).max() <= sol.value + 1e-9 * np.ptp(A)
