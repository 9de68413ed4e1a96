"""Small parametric textbook games for the symbolic tests (payoffs by hand from the cited sources)."""

from __future__ import annotations

import types

import pytest

from bargain import Model, Parameter


def inspection() -> Model:
    """Tsebelis (1989), "The abuse of probability in political analysis: the Robinson Crusoe fallacy",
    APSR 83: a violator's gain ``g`` and sanction ``S``; the inspector's cost ``k`` and the harm ``h`` of
    an unchecked violation.  Mixed equilibrium: P(Inspect) = g/(g+S), P(Violate) = k/h (for k < h)."""
    prms = [Parameter("g", 1.0, (0.1, 10.0)), Parameter("S", 2.0, (0.1, 10.0)),
            Parameter("k", 1.0, (0.1, 10.0)), Parameter("h", 3.0, (0.1, 10.0))]

    def payoffs(p):
        return {("Inspect", "Violate"): (-p.k, -p.S), ("Inspect", "Comply"): (-p.k, 0),
                ("Not", "Violate"): (-p.h, p.g), ("Not", "Comply"): (0, 0)}

    return Model("inspection", prms, payoffs, players=("Inspector", "Violator"),
                 strategies=(("Inspect", "Not"), ("Violate", "Comply")))


def matching_pennies() -> Model:
    """Matching pennies where a match on Heads pays ``a`` (on Tails 1): both play Heads with 1/(1+a)."""
    def payoffs(p):
        return {("H", "H"): (p.a, -p.a), ("H", "T"): (0, 0), ("T", "H"): (0, 0), ("T", "T"): (1, -1)}

    return Model("pennies", [Parameter("a", 2.0, (0.5, 4.0))], payoffs, players=("Row", "Column"),
                 strategies=(("H", "T"), ("H", "T")))


def hawk_dove() -> Model:
    """Maynard Smith and Price (1973); Osborne (2004), ex. 386.1: value V, cost of a fight C; P(Hawk) = V/C."""
    prms = [Parameter("V", 2.0, (0.5, 10.0)), Parameter("C", 4.0, (0.5, 10.0))]

    def payoffs(p):
        return {("Hawk", "Hawk"): ((p.V - p.C) / 2, (p.V - p.C) / 2), ("Hawk", "Dove"): (p.V, 0),
                ("Dove", "Hawk"): (0, p.V), ("Dove", "Dove"): (p.V / 2, p.V / 2)}

    return Model("hawk_dove", prms, payoffs, players=("Row", "Column"),
                 strategies=(("Hawk", "Dove"), ("Hawk", "Dove")))


def battle_of_sexes() -> Model:
    """Osborne (2004), sec. 2.7.2, with the coordination payoffs as parameters: (Opera, Opera) pays
    (a, 1), (Fight, Fight) pays (1, b), a mismatch 0.  By hand: (O, O) iff a >= 0; (F, F) iff b >= 0;
    the mixed one (P_row(O) = b/(1+b), P_col(O) = 1/(1+a)) iff a > 0 and b > 0; (F, O) iff a <= 0 and b <= 0."""
    prms = [Parameter("a", 2.0, (-2.0, 4.0)), Parameter("b", 2.0, (-2.0, 4.0))]

    def payoffs(p):
        return {("Opera", "Opera"): (p.a, 1), ("Opera", "Fight"): (0, 0),
                ("Fight", "Opera"): (0, 0), ("Fight", "Fight"): (1, p.b)}

    return Model("bos", prms, payoffs, players=("Row", "Column"),
                 strategies=(("Opera", "Fight"), ("Opera", "Fight")))


def chicken() -> Model:
    """Chicken with crash cost c: P(Dare) = 1/c in the mixed equilibrium (c > 1); (Dare, Dare) for c < 1."""
    def payoffs(p):
        return {("Swerve", "Swerve"): (0, 0), ("Swerve", "Dare"): (-1, 1),
                ("Dare", "Swerve"): (1, -1), ("Dare", "Dare"): (-p.c, -p.c)}

    return Model("chicken", [Parameter("c", 2.0, (0.5, 5.0))], payoffs, players=("Row", "Column"),
                 strategies=(("Swerve", "Dare"), ("Swerve", "Dare")))


def three_player() -> Model:
    """A 2x2x2 game built so that, with x, y, z the probabilities of each player's first strategy,
    player 1 is indifferent iff y = z, player 2 iff x z = t, player 3 iff x + y = 1.  The totally mixed
    equilibria solve z^2 - z + t = 0: two of them for 0 < t < 1/4, x = 1 - z, y = z."""
    def payoffs(p):
        table = {}
        for a1 in (0, 1):
            for a2 in (0, 1):
                for a3 in (0, 1):
                    u1 = (int(a2 == 0) - int(a3 == 0)) if a1 == 0 else 0
                    u2 = (int(a1 == 0) * int(a3 == 0) - p.t) if a2 == 0 else 0
                    u3 = (int(a1 == 0) + int(a2 == 0) - 1) if a3 == 0 else 0
                    table[(a1, a2, a3)] = (u1, u2, u3)
        return table

    return Model("quadratic", [Parameter("t", 0.2, (0.0, 1.0))], payoffs, players=("P1", "P2", "P3"),
                 strategies=(("A", "B"), ("A", "B"), ("A", "B")))


@pytest.fixture(scope="session")
def textbook() -> types.SimpleNamespace:
    """The model factories above, by name."""
    return types.SimpleNamespace(inspection=inspection, matching_pennies=matching_pennies, hawk_dove=hawk_dove,
                                 battle_of_sexes=battle_of_sexes, chicken=chicken, three_player=three_player)
