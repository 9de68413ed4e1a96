"""Monte Carlo: probabilities against closed forms; inline, process pool and Dask give the same answer."""

from __future__ import annotations

import numpy as np
import pytest

from bargain.analysis.montecarlo import draw_samples, monte_carlo
from bargain.errors import GameError
from tests.examples import coercion_game, inspection_game


def test_coercion_probability_matches_closed_form():
    m = coercion_game()
    # expectation ~ U(0, 5), sanction ~ U(0.5, 6), stake = 1: coercion works iff sanction > 1 + expectation
    mc = monte_carlo(m, 4000, fixed={"stake": 1.0, "threat_cost": 1.0, "weakness": 0.5}, workers=1,
                     progress=False, seed=1, keep_draws=True)
    coercive = sum(p for name, p in zip(mc.supports, mc.support_probability, strict=True)
                   if name == "Sender:Threaten | Target:Concede")
    # P(s > 1 + e) for s ~ U(0.5, 6), e ~ U(0, 5): the area above the line in the rectangle
    e = np.linspace(0, 5, 200001)
    exact = np.mean(np.clip((6 - (1 + e)) / 5.5, 0, 1))
    assert coercive == pytest.approx(exact, abs=4 * np.sqrt(exact * (1 - exact) / 4000))
    # the empirical frequency from the draws themselves agrees exactly
    s, ex = mc.samples["sanction"], mc.samples["expectation"]
    assert coercive == pytest.approx(np.mean(s > 1 + ex), abs=1e-12)
    assert mc.probability.sum() == pytest.approx(1.0)
    assert np.all(np.diff(mc.probability) <= 0)
    assert "Monte Carlo over 4000 draws" in mc.table()


def test_expected_outcome_and_distributions():
    from scipy import stats

    m = inspection_game()
    mc = monte_carlo(m, 500, distributions={"cost": stats.uniform(0.5, 1.0), "harm": (4.0, 6.0)},
                     workers=1, progress=False, keep_draws=True)
    # unique equilibrium with P(Violate) = cost / harm
    v = mc.expected(("Target", "Violate"))
    direct = np.mean(mc.samples["cost"] / mc.samples["harm"])
    assert v["mean"] == pytest.approx(direct, abs=1e-12)
    assert mc.outcomes == ["Inspector:Inspect+Skip | Target:Violate+Comply"]
    d = mc.to_dict()
    assert d["n_samples"] == 500 and len(d["samples"]["cost"]) == 500


def _set_counts_by_hand(mc) -> dict[str, int]:
    """Equilibrium sets counted from every kept draw with a plain loop (no counters)."""
    from collections import Counter

    from bargain.analysis.sweep import support_label

    res, out = mc.result, Counter()
    for b in range(mc.n_samples):
        sups = sorted({support_label(res.profiles[b, e], mc.players, mc.strategies) for e in range(res.count[b])})
        out[tuple(sups)] += 1
    return out


@pytest.mark.slow
def test_streamed_counters_equal_a_direct_count():
    import bargain as bg
    from bargain.solvers.batch import solve_batch

    m = bg.load_game("buffer_state")
    mc = monte_carlo(m, 1200, workers=1, chunk_size=250, progress=False, seed=11, keep_draws=True)
    # the counters (merged over 5 chunks) against one solve of all kept draws, counted by hand
    direct = solve_batch(m.payoffs(**mc.samples), n_players=2)
    assert np.array_equal(direct.count, mc.result.count)
    by_hand = _set_counts_by_hand(mc)
    from_counters = {tuple(sorted(name.split("; "))) if name != "none" else (): round(p * mc.n_samples)
                     for name, p in zip(mc.outcomes, mc.probability, strict=True)}
    assert from_counters == dict(by_hand) and sum(from_counters.values()) == 1200
    played = np.zeros(mc.result.profiles.shape[-1], int)
    for b in range(mc.n_samples):
        played += (mc.result.profiles[b, :mc.result.count[b]] > 1e-9).any(axis=0)
    assert np.array_equal(played, mc.counts.played)
    # without keep_draws nothing per draw comes back, and the counts are the same
    lean = monte_carlo(m, 1200, workers=1, chunk_size=250, progress=False, seed=11)
    assert lean.result is None and lean.labels is None and lean.samples == {}
    assert lean.counts.sets == mc.counts.sets and lean.counts.supports == mc.counts.supports
    with pytest.raises(GameError, match="keep_draws"):
        lean.expected(("China", "Sustain"))


def test_backends_agree():
    m = coercion_game()  # a local function: not picklable, so the pool is sent payoffs
    inline = monte_carlo(m, 900, workers=1, chunk_size=300, progress=False, seed=7, keep_draws=True)
    procs = monte_carlo(m, 900, workers=2, chunk_size=300, progress=False, seed=7, keep_draws=True)
    assert procs.backend.startswith("processes")
    assert np.array_equal(inline.labels, procs.labels) and inline.outcomes == procs.outcomes
    assert inline.counts.sets == procs.counts.sets
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        dask = monte_carlo(m, 900, chunk_size=300, scheduler=cluster.scheduler_address, progress=False, seed=7)
        with distributed.Client(cluster) as client:
            dask2 = monte_carlo(m, 900, chunk_size=300, scheduler=client, progress=False, seed=7, keep_draws=True)
    assert dask.backend == "dask" and dask2.backend == "dask"
    assert dask.counts.sets == inline.counts.sets and dask.counts.supports == inline.counts.supports
    assert np.array_equal(dask.counts.played, inline.counts.played)
    assert np.array_equal(inline.labels, dask2.labels)


def test_bad_input():
    m = inspection_game()
    with pytest.raises(GameError, match="outside its bounds"):
        draw_samples(m, 100, distributions={"cost": (0.0, 5.0)})
    with pytest.raises(GameError, match="no parameter"):
        draw_samples(m, 10, distributions={"kost": (0.2, 0.3)})
    with pytest.raises(GameError, match="at least 1"):
        monte_carlo(m, 0, progress=False)
    with pytest.raises(GameError, match="must be"):
        draw_samples(m, 10, distributions={"cost": "uniform"})
    with pytest.raises(GameError, match="Dask scheduler"):
        monte_carlo(m, 10, scheduler="tcp://127.0.0.1:1", progress=False, timeout=1)


def test_summary_strategy_probabilities_reference_and_other_row():
    import bargain as bg

    m = bg.load_game("sanctions_triangle")
    mc = bg.monte_carlo(m, 800, workers=1, progress=False, seed=3, keep_draws=True)
    # P(played) counted by hand from every draw's equilibria
    S = mc.result.profiles.shape[-1]
    for k, (_, _, p, se) in enumerate(mc.strategy_probability()):
        by_hand = np.mean([any(prof[k] > 1e-9 for prof in (mc.result.profiles[b, e] for e in range(mc.result.count[b])))
                           for b in range(mc.n_samples)])
        assert p == pytest.approx(by_hand) and se == pytest.approx(np.sqrt(p * (1 - p) / mc.n_samples))
    assert len(mc.strategy_probability()) == S
    # the reference is the equilibrium set at the defaults: (Sanction, Optics, Test), unique
    assert mc.reference == "US:Sanction | China:Optics | DPRK:Test"
    ex, _, only, _ = mc.reference_probability(mc.reference)
    assert only <= ex and ex == pytest.approx(mc.support_probability[mc.supports.index(mc.reference)])
    rows = mc.summary_rows(1)
    if len(mc.outcomes) > 1:
        assert rows[-1][2].startswith("other") and sum(r[0] for r in rows) == pytest.approx(1.0)
    assert len(mc.summary_rows(0)) == len(mc.outcomes)
    text = mc.table(top=1)
    assert "P(played)" in text and "the only equilibrium US:Sanction | China:Optics | DPRK:Test" in text


def test_counters_of_a_three_player_batch_equal_a_plain_count():
    """count_result on sanctions_triangle draws (several equilibria at some draws) against a loop over
    the draws; its row ranking against numpy's unique rows, with padding and wide codes."""
    from collections import Counter

    import bargain as bg
    from bargain.analysis.montecarlo_stream import _unique_rows, count_result
    from bargain.solvers.batch import solve_batch

    m = bg.load_game("sanctions_triangle")
    draws = draw_samples(m, 600, seed=3)
    res = solve_batch(m.payoffs(**draws), n_players=3)
    counts = count_result(res)
    sets, sups, played = Counter(), Counter(), np.zeros(res.profiles.shape[-1], int)
    for b in range(600):
        used = res.profiles[b, :res.count[b]] > 1e-9
        codes = sorted({int(sum(1 << k for k in np.flatnonzero(u))) for u in used}, reverse=True)
        sets[tuple(codes)] += 1
        sups.update(codes)
        played += used.any(axis=0)
    assert counts.sets == dict(sets) and counts.supports == dict(sups) and np.array_equal(counts.played, played)
    assert counts.n == 600 and max(res.count) > 1
    rng = np.random.default_rng(0)
    for high in (4, 300, 2**40, 2**60):       # the last: too wide to encode, numpy's own unique rows
        rows = -np.sort(-rng.integers(-1, high, size=(500, 4)), axis=1)
        rows[rng.random(500) < 0.5, 2:] = -1
        uniq, cnt = _unique_rows(rows)
        ref, ref_cnt = np.unique(rows, axis=0, return_counts=True)
        assert sorted(zip(map(tuple, uniq), cnt, strict=True)) == sorted(zip(map(tuple, ref), ref_cnt, strict=True))


def test_a_shipped_game_plan_unpickles_in_a_fresh_process():
    """A Dask worker is a fresh process: the plan of a shipped game must unpickle there (by the game's
    name), and draw the same payoffs; a plan without a model (payoffs shipped per chunk) is unchanged."""
    import pickle
    import subprocess
    import sys

    import bargain as bg
    from bargain.analysis.montecarlo_stream import ChunkPlan

    m = bg.load_game("sanctions_triangle")
    plan = ChunkPlan(model=m, n_samples=10, chunk_size=5, entropy=1, distributions={}, fixed={}, n_players=3,
                     method="auto")
    code = "import pickle, sys; p = pickle.loads(sys.stdin.buffer.read()); print(repr(float(p.draws(1)[1].sum())))"
    out = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(plan), capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()[-400:]
    assert float(out.stdout.decode()) == float(plan.draws(1)[1].sum())
    bare = ChunkPlan(**{**plan.__dict__, "model": None})
    assert pickle.loads(pickle.dumps(bare)) == bare
