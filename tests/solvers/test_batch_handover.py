"""Why ``solve_batch`` hands points to the full solver: one reason at every handed-over point, none elsewhere."""

from __future__ import annotations

import numpy as np
import pytest

from bargain.solvers.batch import solve_batch
from bargain.solvers.batch.handover import FIRST_PASS, NOT_COVERED, REASONS
from benchmarks.bench_batch import TIED, _tied


def _explained(P: np.ndarray, n: int):
    res = solve_batch(P, n_players=n, fallback=False, explain=True)
    plain = solve_batch(P, n_players=n, fallback=False)
    assert plain.handover is None
    for name in ("profiles", "count", "fallback", "continuum", "complete"):   # explaining changes no result
        np.testing.assert_array_equal(getattr(res, name), getattr(plain, name))
    assert res.handover.shape == res.fallback.shape
    assert np.array_equal(res.handover != "", res.fallback)
    assert set(res.handover.ravel().tolist()) <= set(REASONS)
    return res


@pytest.mark.parametrize(("shape", "high"), TIED)
def test_the_benchmarks_tied_rows_give_a_second_pass_reason_at_every_handed_over_point(shape, high):
    res = _explained(_tied(shape, high), len(shape))
    assert res.fallback.sum() > 10
    # every unsure point of a three-player game goes through the second pass, which names its reason
    assert REASONS[FIRST_PASS] not in res.handover


@pytest.mark.parametrize(("shape", "high"), [((3, 3), 3), ((2, 4), 2), ((2, 2, 2, 2), 2), ((3, 3, 3), 2),
                                             ((3, 2, 3), 4)])
def test_other_routes_give_a_reason_at_every_handed_over_point(shape, high):
    P = np.random.default_rng([3, *shape]).integers(0, high, size=(64, len(shape), *shape)).astype(float)
    P[0, 0] = 1.0                                                  # a player with constant payoffs
    res = _explained(P, len(shape))
    assert res.handover[0] == "constant payoffs of some player"


def test_a_shape_the_batch_does_not_cover_is_handed_over_whole():
    P = np.random.default_rng(1).normal(size=(3, 3, 3, 3, 4))
    res = solve_batch(P, n_players=3, fallback=False, explain=True)
    assert res.fallback.all() and (res.handover == REASONS[NOT_COVERED]).all()


def test_the_profile_counts_every_handed_over_point():
    from benchmarks import profile_batch

    P = _tied((2, 2, 2), 4)[:48]
    counts = profile_batch.reasons(P, 3)
    res = solve_batch(P, n_players=3, fallback=False)
    assert sum(counts.values()) == res.fallback.sum() > 0
    text = profile_batch.profile(P, 3, "tied 2x2x2", repeat=1)
    assert text.startswith("tied 2x2x2: ") and f"{res.fallback.sum()} of 48 points handed over" in text
    assert sum(int(line.split()[0]) for line in text.splitlines()[1:]) == res.fallback.sum()


@pytest.mark.parametrize("argv", [["--help"], ["0"], ["2", "3"]])
def test_the_profile_refuses_bad_arguments_with_one_usage_line(argv, capsys):
    from benchmarks import profile_batch

    with pytest.raises(SystemExit) as exc:
        profile_batch.main(argv)
    assert exc.value.code == 2 and capsys.readouterr().err.strip() == profile_batch.USAGE
