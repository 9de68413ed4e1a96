"""Checks shared by the symbolic tests of the shipped games: random points of a parameter box, and that
every numeric equilibrium found there lies in the regime of a verified formula."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import bargain as bg


def random_points(model, k: int, seed: int, *, defaults: bool = True) -> list[dict[str, float]]:
    """The defaults (unless ``defaults`` is False) and ``k`` uniform points of the parameter box."""
    rng = np.random.default_rng(seed)
    prms = model.parameters
    pts = [{n: float(p.default) for n, p in prms.items()}] if defaults else []
    pts += [{n: float(p.low + (p.high - p.low) * rng.random()) for n, p in prms.items()} for _ in range(k)]
    return pts


def equilibria_in_their_regimes(model, sol, points, skip: Callable[[bg.Equilibrium], bool]) -> int:
    """Assert that each equilibrium ``bg.solve`` finds at ``points`` (but those ``skip`` names) has a verified
    formula on its support whose regime inequalities hold there; return how many were checked."""
    found = 0
    for point in points:
        for eq in bg.solve(model.game(**point)):
            if skip(eq):
                continue
            f = eq.formula(sol, **point)
            sub = {sol.game.symbols[n]: v for n, v in point.items()}
            assert any(all(bool(q.relation.xreplace(sub)) for q in reg.inequalities) for reg in f.regimes), f.label
            found += 1
    return found


def assert_regimes_verified_and_printed(sol) -> None:
    """Every shown formula is verified, has regimes, and each regime passed its numeric check (to 1e-9) and is
    printed in ``sol.text()`` as inequalities in the game's parameters."""
    assert len(sol) > 0 and not sol.unverified
    text = sol.text()
    for f in sol:
        assert f.verified and f.regimes
        for reg in f.regimes:
            assert reg.verified and reg.checked > 0 and reg.max_error <= 1e-9
            for q in reg.inequalities:
                assert q.rel in (">", ">=", "<", "<=") and q.text in text
                assert q.relation.free_symbols <= set(sol.game.symbols.values())
