"""Monte Carlo over uncertain parameters: how likely is each equilibrium outcome?

Parameters are drawn independently - uniformly over their bounds by default, or from
distributions the user gives - and every draw's game is solved (Saltelli et al. 2008, ch. 1; for
games, the "probabilistic comparative statics" of e.g. Bueno de Mesquita 2009, *The Predictioneer's
Game*, style forecasts).  The result is the probability of each *equilibrium set* (the set of
supports of all equilibria: the qualitative prediction), the probability that an equilibrium with a
given support exists, and their binomial standard errors ``sqrt(p (1 - p) / N)``.

Draws are made, solved and counted chunk by chunk where the chunk runs
(:mod:`bargain.analysis.montecarlo_stream`): inline, on all local cores
(:class:`concurrent.futures.ProcessPoolExecutor`), or on a Dask cluster (``dask.distributed``,
imported only when a scheduler is given).  Workers return counters, not draws, so memory does not
grow with the number of draws; ``keep_draws=True`` also brings every draw and its equilibria back
(for :meth:`MonteCarlo.expected` and per-draw labels).  Chunks are seeded by position, not by
worker, so the result does not depend on how the work was spread.

References
----------
Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*. Wiley, ch. 1.

Bueno de Mesquita, B. (2009). *The Predictioneer's Game*. Random House.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain.analysis.montecarlo_stream import ChunkPlan, Counts, draw_samples, stream_chunks
from bargain.analysis.sweep import equilibrium_set_labels, outcome_values, set_label, support_label
from bargain.errors import GameError
from bargain.solvers.batch import BatchEquilibria, solve_batch

__all__ = ["MonteCarlo", "monte_carlo", "draw_samples"]


@dataclass
class MonteCarlo:
    """Outcome probabilities from parameter draws.

    Attributes
    ----------
    samples: ``{name: (N,) values}`` of every varied parameter (only with ``keep_draws``; else empty).
    outcomes: the distinct equilibrium sets (support labels joined by ``"; "``), most likely first.
    probability, stderr: ``(len(outcomes),)`` their probabilities and standard errors.
    supports: the distinct supports of single equilibria; ``support_probability`` the fraction of
        draws with an equilibrium on each.
    counts: the merged counters the probabilities come from.
    labels: ``(N,)`` index into ``outcomes`` of each draw (only with ``keep_draws``).
    result: the equilibria of every draw (:class:`~bargain.solvers.batch.BatchEquilibria`; only with
        ``keep_draws``).
    """

    model: str
    n_samples: int
    samples: dict[str, np.ndarray]
    fixed: dict[str, float]
    outcomes: list[str]
    probability: np.ndarray
    stderr: np.ndarray
    supports: list[str]
    support_probability: np.ndarray
    counts: Counts = field(repr=False)
    labels: np.ndarray | None = None
    result: BatchEquilibria | None = field(default=None, repr=False)
    players: tuple[str, ...] = ()
    strategies: tuple[tuple[str, ...], ...] = ()
    backend: str = "inline"
    #: The equilibrium set at the fixed values and the parameters' defaults (for the shipped games:
    #: the article's outcome), whose probability the summary reports.
    reference: str | None = None

    def expected(self, outcome: Any, reduce: str = "mean") -> dict[str, float]:
        """Mean, standard error and quantiles over draws of an outcome (reduced over equilibria per draw).

        ``outcome`` as in :func:`~bargain.analysis.sweep.outcome_values`; ``reduce`` is ``"mean"``,
        ``"min"`` or ``"max"`` over the equilibria of each draw.  Needs the draws
        (``monte_carlo(..., keep_draws=True)``).
        """
        if self.result is None:
            raise GameError("expected() needs every draw's equilibria: run monte_carlo(..., keep_draws=True)")
        vals = outcome_values(self.result, self.players, self.strategies, outcome)
        funcs = {"mean": np.nanmean, "min": np.nanmin, "max": np.nanmax}
        if reduce not in funcs:
            raise GameError(f"reduce={reduce!r} is not one of {list(funcs)}")
        with np.errstate(all="ignore"):
            per = funcs[reduce](vals, axis=1)
        per = per[np.isfinite(per)]
        if per.size == 0:
            return {"mean": float("nan"), "stderr": float("nan"), "q05": float("nan"), "median": float("nan"),
                    "q95": float("nan")}
        return {"mean": float(per.mean()), "stderr": float(per.std(ddof=1) / np.sqrt(per.size)) if per.size > 1
                else float("nan"), "q05": float(np.quantile(per, 0.05)), "median": float(np.median(per)),
                "q95": float(np.quantile(per, 0.95))}

    def strategy_probability(self) -> list[tuple[str, str, float, float]]:
        """``(player, strategy, probability, stderr)``: how often each strategy is played.

        The probability over the draws that the strategy has positive probability in some
        equilibrium of the draw, with its binomial standard error.
        """
        p = self.counts.played / self.n_samples
        se = np.sqrt(p * (1 - p) / self.n_samples)
        names = [(pl, st) for pl, strat in zip(self.players, self.strategies, strict=True) for st in strat]
        return [(pl, st, float(p[k]), float(se[k])) for k, (pl, st) in enumerate(names)]

    def reference_probability(self, support: str) -> tuple[float, float, float, float]:
        """For one support label (e.g. the article's outcome): the probability that an equilibrium
        with that support exists, and that it is the only equilibrium; each with its standard error."""
        exists = float(self.support_probability[self.supports.index(support)]) if support in self.supports else 0.0
        only = float(self.probability[self.outcomes.index(support)]) if support in self.outcomes else 0.0
        n = self.n_samples
        return (exists, float(np.sqrt(exists * (1 - exists) / n)), only, float(np.sqrt(only * (1 - only) / n)))

    def summary_rows(self, top: int = 5) -> list[tuple[float, float, str]]:
        """The ``top`` most likely equilibrium sets and one ``other`` row for the rest (``top=0``: all)."""
        keep = len(self.outcomes) if top <= 0 else min(top, len(self.outcomes))
        rows = [(float(p), float(se), name) for name, p, se in
                zip(self.outcomes[:keep], self.probability[:keep], self.stderr[:keep], strict=True)]
        if keep < len(self.outcomes):
            rest = float(self.probability[keep:].sum())
            rows.append((rest, float(np.sqrt(rest * (1 - rest) / self.n_samples)),
                         f"other ({len(self.outcomes) - keep} sets)"))
        return rows

    def table(self, digits: int = 4, *, top: int = 5, full: bool = False, reference: str | None = None) -> str:
        """The summary people read: each strategy's probability of being played, the reference
        outcome's (if given), then the ``top`` equilibrium sets and an ``other`` row; ``full=True``
        lists every set."""
        lines = [f"Monte Carlo over {self.n_samples} draws of {self.model} ({self.backend})",
                 "P(played)    stderr    player: strategy"]
        for pl, st, p, se in self.strategy_probability():
            lines.append(f"{p:<11.{digits}f}  {se:<8.{digits}f}  {pl}: {st}")
        reference = self.reference if reference is None else reference
        if reference is not None:
            ex, sex, only, seo = self.reference_probability(reference)
            lines += [f"{ex:<11.{digits}f}  {sex:<8.{digits}f}  an equilibrium {reference}",
                      f"{only:<11.{digits}f}  {seo:<8.{digits}f}  the only equilibrium {reference}"]
        lines.append("probability  stderr    equilibrium set")
        for p, se, name in self.summary_rows(0 if full else top):
            lines.append(f"{p:<11.{digits}f}  {se:<8.{digits}f}  {name}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "n_samples": self.n_samples, "fixed": dict(self.fixed),
                "outcomes": list(self.outcomes), "probability": self.probability.tolist(),
                "stderr": self.stderr.tolist(), "supports": list(self.supports),
                "support_probability": self.support_probability.tolist(), "backend": self.backend,
                "reference": self.reference,
                "strategy_probability": [{"player": pl, "strategy": st, "probability": p, "stderr": se}
                                         for pl, st, p, se in self.strategy_probability()],
                **({} if self.labels is None else {"samples": {k: v.tolist() for k, v in self.samples.items()},
                                                   "labels": self.labels.tolist()})}


def _concat(parts: Sequence[BatchEquilibria]) -> BatchEquilibria:
    K = max(p.profiles.shape[1] for p in parts)

    def pad(a: np.ndarray, fill: Any) -> np.ndarray:
        if a.shape[1] == K:
            return a
        extra = np.full((a.shape[0], K - a.shape[1], *a.shape[2:]), fill, dtype=a.dtype)
        return np.concatenate([a, extra], axis=1)

    methods = sorted({p.method for p in parts})
    return BatchEquilibria(
        shape=parts[0].shape,
        profiles=np.concatenate([pad(p.profiles, np.nan) for p in parts]),
        payoffs=np.concatenate([pad(p.payoffs, np.nan) for p in parts]),
        supports=np.concatenate([pad(p.supports, False) for p in parts]),
        count=np.concatenate([p.count for p in parts]),
        fallback=np.concatenate([p.fallback for p in parts]),
        continuum=np.concatenate([p.continuum for p in parts]),
        complete=np.concatenate([p.complete for p in parts]),
        method="+".join(methods) if len(methods) > 1 else methods[0],
    )


def monte_carlo(
    model: Any,
    samples: int = 10_000,
    *,
    distributions: Mapping[str, Any] | None = None,
    fixed: Mapping[str, float] | None = None,
    seed: int | None = 0,
    workers: int | None = None,
    scheduler: Any = None,
    chunk_size: int = 5_000,
    progress: bool = True,
    method: str = "auto",
    timeout: float = 10.0,
    keep_draws: bool = False,
) -> MonteCarlo:
    """Probabilities of the equilibrium outcomes of ``model`` under parameter uncertainty.

    Parameters
    ----------
    samples : int, default 10000
        number of draws.
    distributions : Mapping[str, Any] | None, optional
        per-parameter distributions (see :func:`draw_samples`); others uniform.
    fixed : Mapping[str, float] | None, optional
        parameters held at a value (not drawn).
    seed : int | None, default 0
        seed of the draws (``numpy.random.default_rng``).
    workers : int | None, optional
        local processes (default: all cores; 1 = in this process).  Small runs (one chunk)
        are solved in this process.
    scheduler : Any, optional
        a Dask scheduler address (``"tcp://host:8786"``) or a ``distributed.Client``:
        the chunks are solved on that cluster instead.
    chunk_size : int, default 5000
        draws per task (the result depends on it, through the per-chunk random streams;
        memory per worker grows with it).
    progress : bool, default True
        show a tqdm progress bar.
    timeout : float, default 10.0
        seconds to wait for a Dask scheduler given by address.
    keep_draws : bool, default False
        also return every draw and its equilibria (``samples``, ``labels``, ``result``);
        memory then grows with ``samples``.
    model : Model
        A :class:`bargain.Model` (a game with named parameters).
    method : str, default 'auto'
        The full solver (a :func:`bargain.solve` method) for the points the batch engine
        leaves to it.

    Returns
    -------
    MonteCarlo
        The share of draws in which each equilibrium outcome occurs, with its sampling error, and
        the draws themselves with ``keep_draws``.

    Raises
    ------
    GameError
        On bad arguments, draws outside a parameter's bounds, or an unreachable scheduler.

    References
    ----------
    Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*. Wiley, ch. 1.

    Bueno de Mesquita, B. (2009). *The Predictioneer's Game*. Random House.
    """
    fixed = dict(fixed or {})
    n = int(samples)
    if n < 1:
        raise GameError(f"the number of samples must be at least 1, got {samples}")
    draw_samples(model, 1, distributions=distributions, fixed=fixed, seed=seed)  # argument errors, here
    if int(chunk_size) < 1:
        raise GameError(f"chunk_size must be at least 1, got {chunk_size}")
    entropy = np.random.SeedSequence(seed).entropy
    plan = ChunkPlan(model=model, n_samples=n, chunk_size=int(chunk_size), entropy=int(entropy),
                     distributions=dict(distributions or {}), fixed=fixed, n_players=model.n_players, method=method,
                     keep=bool(keep_draws))
    from bargain.solvers.progress import progress_bar

    with progress_bar(n, f"montecarlo {model.name}", "draw", disable=not progress) as bar:
        counts, kept, backend = stream_chunks(plan, model, workers=workers, scheduler=scheduler,
                                              on_done=lambda k, rows: bar.update(rows), timeout=timeout)
    S = sum(len(s) for s in model.strategies)
    names = [set_label(key, model.players, model.strategies) for key in counts.sets]
    freq = np.array(list(counts.sets.values()), dtype=float)
    order = np.lexsort((np.array(names, dtype=object), -freq))
    p = freq[order] / n
    sup_codes = sorted(counts.supports, key=lambda c: -counts.supports[c])
    sup_names = [support_label(((c >> np.arange(S)) & 1).astype(float), model.players, model.strategies)
                 for c in sup_codes]
    checked = model.validate(**fixed)
    base = solve_batch(np.asarray(model.payoffs(**fixed), dtype=float)[None], n_players=model.n_players, method=method)
    reference = str(equilibrium_set_labels(base, model.players, model.strategies)[0])
    outcomes = [names[i] for i in order]
    samples_kept: dict[str, np.ndarray] = {}
    labels = res = None
    if keep_draws:
        parts = [kept[k] for k in sorted(kept)]
        samples_kept = {name: np.concatenate([d[name] for d, _ in parts]) for name in parts[0][0]}
        res = _concat([r for _, r in parts])
        rank = {name: i for i, name in enumerate(outcomes)}
        labels = np.array([rank[str(x)] for x in equilibrium_set_labels(res, model.players, model.strategies)])
    return MonteCarlo(
        model=model.name, n_samples=n, samples=samples_kept,
        fixed={k: float(v) for k, v in checked.items() if k not in model.parameters or k in fixed},
        outcomes=outcomes, probability=p, stderr=np.sqrt(p * (1 - p) / n),
        supports=sup_names, support_probability=np.array([counts.supports[c] / n for c in sup_codes]),
        counts=counts, labels=labels, result=res,
        players=tuple(model.players), strategies=tuple(tuple(s) for s in model.strategies), backend=backend,
        reference=reference,
    )
