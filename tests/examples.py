"""Small textbook parametric games with known comparative statics (test fixtures of the analysis tests).

* :func:`inspection_game` - Tsebelis (1989), "The abuse of probability in political analysis: the
  Robinson Crusoe fallacy", APSR 83(1).  In the mixed equilibrium the target's probability of
  violating is ``cost / harm`` and does *not* depend on the penalty; only the inspector's
  probability of inspecting, ``gain / (gain + penalty)``, does.
* :func:`chicken` - Chicken with crash cost ``c > 1``: the mixed equilibrium plays Straight with
  probability ``1 / c``.
* :func:`battle_of_sexes` - BoS with intensity ``a``: the row player plays its favourite with
  probability ``a / (1 + a)``, the column player the row player's favourite with ``1 / (1 + a)``.
* :func:`coercion_game` - a Drezner-style coercion game (Drezner 1999, *The Sanctions
  Paradox*, ch. 2): the target concedes to a threat of sanctions of cost ``s`` only if conceding
  the stake ``d``, made dearer by conflict expectations ``e``, costs less: ``s > d (1 + e)``.  The
  coercive equilibrium exists exactly for ``e < s / d - 1``.
* :func:`affine_model` - a seeded random model whose payoffs are affine in each parameter, for
  cross-checks of the batch and threshold machinery.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bargain.model.parameters import Model, Parameter

__all__ = ["affine_model", "battle_of_sexes", "chicken", "coercion_game", "inspection_game"]


def inspection_game() -> Model:
    """Inspector (Inspect, Skip) vs Target (Violate, Comply); Tsebelis (1989)."""
    params = [
        Parameter("penalty", 2.0, (0.5, 10.0), unit="utils", meaning="penalty for a caught violation"),
        Parameter("cost", 1.0, (0.1, 3.0), unit="utils", meaning="inspector's cost of an inspection"),
        Parameter("harm", 4.0, (3.5, 10.0), unit="utils", meaning="inspector's loss from an unseen violation"),
        Parameter("gain", 1.0, (0.1, 5.0), unit="utils", meaning="target's gain from an unseen violation"),
    ]

    def payoffs(p):
        return {("Inspect", "Violate"): (-p.cost, -p.penalty),
                ("Inspect", "Comply"): (-p.cost, 0),
                ("Skip", "Violate"): (-p.harm, p.gain),
                ("Skip", "Comply"): (0, 0)}

    return Model("inspection", params, payoffs, players=("Inspector", "Target"),
                 strategies=(("Inspect", "Skip"), ("Violate", "Comply")),
                 title="Inspection game (Tsebelis 1989)")


def chicken() -> Model:
    """Chicken: Swerve/Straight, crash cost ``crash`` for both."""
    params = [Parameter("crash", 2.0, (0.5, 5.0), unit="utils", meaning="cost of a crash")]

    def payoffs(p):
        return {("Swerve", "Swerve"): (0, 0), ("Swerve", "Straight"): (-1, 1),
                ("Straight", "Swerve"): (1, -1), ("Straight", "Straight"): (-p.crash, -p.crash)}

    return Model("chicken", params, payoffs, players=("Row", "Column"),
                 strategies=(("Swerve", "Straight"), ("Swerve", "Straight")), title="Chicken")


def battle_of_sexes() -> Model:
    """Battle of the Sexes: each gets ``a`` at their favourite outcome and 1 at the other's."""
    params = [Parameter("a", 2.0, (1.0, 5.0), unit="utils", meaning="value of one's favourite outcome")]

    def payoffs(p):
        return {("Opera", "Opera"): (p.a, 1), ("Opera", "Football"): (0, 0),
                ("Football", "Opera"): (0, 0), ("Football", "Football"): (1, p.a)}

    return Model("bos", params, payoffs, players=("Row", "Column"),
                 strategies=(("Opera", "Football"), ("Opera", "Football")), title="Battle of the Sexes")


def coercion_game() -> Model:
    """Sender (Threaten, Acquiesce) vs Target (Concede, Resist), Drezner-style."""
    params = [
        Parameter("sanction", 3.0, (0.5, 6.0), unit="utils", meaning="target's cost of sanctions"),
        Parameter("stake", 1.0, (0.5, 2.0), unit="utils", meaning="value of the demanded concession"),
        Parameter("expectation", 0.5, (0.0, 5.0), unit="", meaning="target's expectation of future conflict"),
        Parameter("threat_cost", 1.0, (0.1, 2.0), unit="utils", meaning="sender's cost of carrying out sanctions"),
        Parameter("weakness", 0.5, (0.1, 1.0), unit="utils", meaning="sender's loss of face from acquiescing"),
    ]

    def payoffs(p):
        concede = -p.stake * (1 + p.expectation)
        return {("Threaten", "Concede"): (p.stake, concede),
                ("Threaten", "Resist"): (-p.threat_cost, -p.sanction),
                ("Acquiesce", "Concede"): (p.stake - p.weakness, concede),
                ("Acquiesce", "Resist"): (0, 0)}

    return Model("coercion", params, payoffs, players=("Sender", "Target"),
                 strategies=(("Threaten", "Acquiesce"), ("Concede", "Resist")),
                 title="Coercion with conflict expectations (after Drezner 1999)")


def affine_model(shape: Sequence[int], n_params: int = 2, seed: int = 0) -> Model:
    """A random game ``u(theta) = U_0 + sum_k theta_k U_k`` with ``theta_k`` in [0, 1] (default 0.5)."""
    rng = np.random.default_rng(seed)
    n = len(shape)
    base = rng.normal(size=(n, *shape))
    slopes = rng.normal(size=(n_params, n, *shape)) * 2.0
    params = [Parameter(f"t{k}", 0.5, (0.0, 1.0), meaning=f"random slope {k}") for k in range(n_params)]

    def payoffs(p):
        out = base
        for k in range(n_params):
            out = out + np.asarray(p[f"t{k}"])[..., None, *([None] * n)] * slopes[k]
        return out

    return Model(f"affine_{'x'.join(map(str, shape))}_{seed}", params, payoffs,
                 players=tuple(f"P{i + 1}" for i in range(n)),
                 strategies=tuple(tuple(f"s{k + 1}" for k in range(s)) for s in shape))


# --------------------------------------------------------------------------- repeated games
#: Abreu and Sannikov (2014), the example of their sec. 5: the stage game's payoff matrices.
AS_A = [[16, 3, 0], [21, 10, -1], [9, 5, -5]]
AS_B = [[9, 13, 3], [1, 4, 0], [0, -4, -15]]
#: Its SPE payoff polygon at delta = 0.3, as quantecon's test suite reports it (the paper's figure).
AS_VERTICES = np.array([[7.33770472e+00, 1.09826253e+01], [1.12568240e+00, 2.80000000e+00],
                        [7.33770472e+00, 0.0], [7.86308964e+00, 0.0],
                        [1.97917977e+01, 2.80000000e+00], [1.55630896e+01, 9.10000000e+00]])
