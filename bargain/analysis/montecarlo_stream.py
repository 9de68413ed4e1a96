"""Streaming Monte Carlo: parameter draws (:func:`draw_samples`); each chunk of draws is drawn, solved and
reduced to counters where it runs.

A chunk task gets the model (or, for a model that cannot be pickled for a process pool, the
chunk's payoffs) and its position ``k``; it draws its parameters from the random stream
``SeedSequence(entropy, spawn_key=(k,))`` (O'Neill 2015, the PCG seeding scheme numpy implements),
so the draws depend only on the seed and the chunk size, not on which worker solved them.  It
returns a :class:`Counts`: how many draws had each *equilibrium set* (the sorted support codes of
all equilibria), an equilibrium on each support, and each strategy played.  Counters add, so the
caller merges chunks in whatever order they finish and holds O(number of distinct sets) memory,
never the draws.  The same loop runs on a :class:`concurrent.futures.ProcessPoolExecutor`, inline,
or on a Dask cluster (``dask.distributed``), with a bounded number of chunks in flight.

References
----------
O'Neill, M. E. (2015). PCG: a family of simple fast space-efficient statistically good algorithms
for random number generation. Harvey Mudd College, HMC-CS-2014-0905.

Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*. Wiley, ch. 1 (Monte Carlo
estimates and their binomial standard errors).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain.analysis.sweep import support_codes
from bargain.errors import GameError
from bargain.solvers.batch import BatchEquilibria, solve_batch

__all__ = ["Counts", "ChunkPlan", "count_result", "draw_samples", "solve_chunk", "stream_chunks"]


@dataclass
class Counts:
    """Counters of one or more chunks of draws.

    Attributes
    ----------
    n: number of draws counted.
    sets: ``{support codes of all equilibria, largest first: draws}`` (``()``: no equilibrium).
    supports: ``{support code: draws with an equilibrium on that support}``.
    played: ``(S,)`` draws in which each strategy of the profile vector is used by some equilibrium.
    fallback: draws the batch engine sent to the full solver.
    """

    n: int = 0
    sets: dict[tuple[int, ...], int] = field(default_factory=dict)
    supports: dict[int, int] = field(default_factory=dict)
    played: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    fallback: int = 0

    def merge(self, other: Counts) -> Counts:
        """Add ``other``'s counts to these (in place) and return ``self``."""
        self.n += other.n
        self.fallback += other.fallback
        for key, c in other.sets.items():
            self.sets[key] = self.sets.get(key, 0) + c
        for code, c in other.supports.items():
            self.supports[code] = self.supports.get(code, 0) + c
        self.played = other.played.copy() if self.played.size == 0 else self.played + other.played
        return self


def count_result(res: BatchEquilibria) -> Counts:
    """Reduce the equilibria of a batch of draws to :class:`Counts` (vectorised over the draws).

    Parameters
    ----------
    res: the batch's equilibria.

    Returns
    -------
    Counts
    """
    codes = support_codes(res)
    B, S = codes.shape[0], res.profiles.shape[-1]
    uniq, cnt = _unique_rows(codes)
    sets = {tuple(int(c) for c in row if c >= 0): int(k) for row, k in zip(uniq, cnt, strict=True)}
    # Codes are sorted in each row, so a support repeated within a draw is adjacent: count it once.
    first = np.ones_like(codes, dtype=bool)
    first[:, 1:] = codes[:, 1:] != codes[:, :-1]
    sup, sup_cnt = np.unique(codes[first & (codes >= 0)], return_counts=True)
    used = np.bitwise_or.reduce(np.where(codes >= 0, codes, 0), axis=1)   # strategies used by some equilibrium
    played = ((used[:, None] >> np.arange(S, dtype=np.int64)) & 1).sum(axis=0).astype(np.int64)
    return Counts(n=B, sets=sets, supports={int(c): int(k) for c, k in zip(sup, sup_cnt, strict=True)},
                  played=played, fallback=int(np.count_nonzero(res.fallback)))


def _unique_rows(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of an ``(N, K)`` integer array and how often each occurs.

    Rows are ranked column by column: the pair (rank of the row's prefix, next entry) is encoded
    as one int64 and ranked again, so each step is a 1-d :func:`numpy.unique` (``np.unique(...,
    axis=0)`` sorts a structured view of the rows, several times slower).
    """
    N, K = codes.shape
    if N == 0 or K == 0:
        return np.unique(codes, axis=0, return_counts=True)
    lo = int(codes.min())
    span = int(codes.max()) - lo + 1
    if span >= (1 << 62) // max(N, 1):
        return np.unique(codes, axis=0, return_counts=True)
    rank = np.zeros(N, np.int64)
    for j in range(K):
        _, rank = np.unique(rank * span + (codes[:, j] - lo), return_inverse=True)
        rank = rank.reshape(-1).astype(np.int64)
    _, first, cnt = np.unique(rank, return_index=True, return_counts=True)
    return codes[first], cnt


def draw_samples(model: Any, n: int, *, distributions: Mapping[str, Any] | None = None,
                 fixed: Mapping[str, float] | None = None,
                 seed: int | np.random.Generator | np.random.SeedSequence | None = 0) -> dict[str, np.ndarray]:
    """``n`` independent draws of every non-fixed parameter.

    A distribution may be a ``(low, high)`` pair (uniform), a frozen ``scipy.stats`` distribution
    (anything with ``rvs(size=, random_state=)``), or a function ``f(rng, n) -> array``.  Parameters
    without one are uniform over their bounds.  Draws outside a parameter's bounds raise
    :class:`GameError` (truncate the distribution).
    """
    if int(n) < 1:
        raise GameError(f"the number of samples must be at least 1, got {n}")
    rng = np.random.default_rng(seed)
    distributions = dict(distributions or {})
    fixed = dict(fixed or {})
    for k in [*distributions, *fixed]:
        if k not in model.parameters:
            from bargain.errors import did_you_mean

            raise GameError(f"model {model.name!r} has no parameter {k!r}{did_you_mean(k, model.parameters)}")
    out: dict[str, np.ndarray] = {}
    for name, prm in model.parameters.items():
        if name in fixed:
            continue
        dist = distributions.get(name)
        if dist is None:
            if not (np.isfinite(prm.low) and np.isfinite(prm.high)):
                raise GameError(f"parameter {name!r} has unbounded range [{prm.low}, {prm.high}]: give it a "
                                "distribution, or fix it")
            vals = rng.uniform(prm.low, prm.high, size=int(n))
        elif isinstance(dist, tuple | list) and len(dist) == 2:
            vals = rng.uniform(float(dist[0]), float(dist[1]), size=int(n))
        elif hasattr(dist, "rvs"):
            vals = np.asarray(dist.rvs(size=int(n), random_state=rng), dtype=float)
        elif callable(dist):
            vals = np.asarray(dist(rng, int(n)), dtype=float)
        else:
            raise GameError(f"distribution for {name!r} must be (low, high), a scipy.stats distribution or a "
                            f"function f(rng, n); got {dist!r}")
        if vals.shape != (int(n),):
            raise GameError(f"distribution for {name!r} gave shape {vals.shape}, expected ({int(n)},)")
        bad = ~np.isfinite(vals) | (vals < prm.low) | (vals > prm.high)
        if bad.any():
            raise GameError(f"{int(bad.sum())} draw(s) of {name!r} fall outside its bounds [{prm.low:g}, "
                            f"{prm.high:g}] (e.g. {vals[bad][0]!r}); truncate the distribution to the bounds")
        out[name] = vals
    return out


@dataclass(frozen=True)
class ChunkPlan:
    """Everything a chunk task needs besides its position: shipped once to every worker.

    ``model`` is ``None`` when the caller draws and ships each chunk's payoffs instead.
    """

    model: Any
    n_samples: int
    chunk_size: int
    entropy: int
    distributions: Mapping[str, Any]
    fixed: Mapping[str, float]
    n_players: int
    method: str
    keep: bool = False

    def rows(self, k: int) -> int:
        """Number of draws in chunk ``k``."""
        return min(self.chunk_size, self.n_samples - k * self.chunk_size)

    def draws(self, k: int, model: Any = None) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Chunk ``k``'s parameter draws and the ``(rows, *shape)`` payoffs of their games."""
        model = self.model if model is None else model
        rng = np.random.default_rng(np.random.SeedSequence(self.entropy, spawn_key=(k,)))
        draws = draw_samples(model, self.rows(k), distributions=self.distributions, fixed=self.fixed, seed=rng)
        P = np.asarray(model.payoffs(**self.fixed, **draws), dtype=float)
        P = np.broadcast_to(P, (self.rows(k), *P.shape[P.ndim - model.n_players - 1:]))
        return draws, np.ascontiguousarray(P)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle a shipped game's model by its name: a worker reloads it from its own installation.

        The loader runs a shipped game under the private package ``bargain._games``, which exists only
        in the process that loaded it, so a fresh worker process (a Dask worker) could not unpickle
        the model's functions by reference.
        """
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        name = _shipped_name(self.model)
        if name is None:
            return (_rebuild_plan, (fields,))
        return (_rebuild_plan, ({**fields, "model": None}, name))


def _shipped_name(model: Any) -> str | None:
    """The name of the shipped game ``model`` was loaded as, or None (a model built in code, or none)."""
    if model is None:
        return None
    from bargain.model.loader import GAMES_PACKAGE, defining_module

    module = defining_module(model)
    if module is None or not module.__name__.startswith(GAMES_PACKAGE + "."):
        return None
    return module.__name__[len(GAMES_PACKAGE) + 1:]


def _rebuild_plan(fields: dict[str, Any], game: str | None = None) -> ChunkPlan:
    """Unpickle a :class:`ChunkPlan` (see :meth:`ChunkPlan.__reduce__`)."""
    if game is not None:
        from bargain.model.loader import load_game

        fields = {**fields, "model": load_game(game)}
    return ChunkPlan(**fields)


def solve_chunk(plan: ChunkPlan, k: int, payoffs: np.ndarray | None = None) -> tuple[Counts, Any]:
    """Draw (unless ``payoffs`` are given), solve and count chunk ``k``.

    Returns
    -------
    counts, kept
        The chunk's :class:`Counts`, and ``(draws, result)`` if ``plan.keep`` else ``None``.
    """
    draws: dict[str, np.ndarray] = {}
    if payoffs is None:
        draws, payoffs = plan.draws(k)
    res = solve_batch(payoffs, n_players=plan.n_players, method=plan.method)
    return count_result(res), ((draws, res) if plan.keep else None)


def _picklable(obj: Any) -> bool:
    try:
        pickle.dumps(obj)
    except Exception:  # any failure means "ship payoffs instead"
        return False
    return True


def stream_chunks(plan: ChunkPlan, model: Any, *, workers: int | None, scheduler: Any,
                  on_done: Callable[[int, int], None], timeout: float = 10.0,
                  window: int | None = None) -> tuple[Counts, dict[int, Any], str]:
    """Solve every chunk of ``plan`` and merge the counters as chunks finish.

    Parameters
    ----------
    plan: the run (its ``model`` is replaced by ``None`` and payoffs shipped when the model cannot
        be pickled for a process pool).
    model: the model (used in this process to draw chunks whose payoffs are shipped).
    workers: local processes (``None``: all cores; 1: inline).
    scheduler: a Dask scheduler address or ``distributed.Client`` (takes precedence over ``workers``).
    on_done: called with ``(k, rows)`` as each chunk finishes (the progress bar).
    timeout: seconds to wait for a scheduler given by address.
    window: chunks in flight at once (default: 4 per worker).

    Returns
    -------
    counts, kept, backend
        The merged :class:`Counts`; ``{k: (draws, result)}`` when ``plan.keep``; the backend's name.

    Raises
    ------
    GameError
        If ``workers`` < 1 or the scheduler cannot be reached.
    """
    n_chunks = -(-plan.n_samples // plan.chunk_size)
    total, kept = Counts(), {}

    def absorb(k: int, out: tuple[Counts, Any]) -> None:
        total.merge(out[0])
        if out[1] is not None:
            kept[k] = out[1]
        on_done(k, plan.rows(k))

    if scheduler is not None:
        return _dask_result(plan, n_chunks, scheduler, absorb, timeout, window, total, kept)
    nw = (os.cpu_count() or 1) if workers is None else int(workers)
    if nw < 1:
        raise GameError(f"workers must be at least 1, got {workers}")
    if nw == 1 or n_chunks == 1:
        for k in range(n_chunks):
            absorb(k, solve_chunk(plan, k))
        return total, kept, "inline"
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ship = _picklable(plan)
    local = plan if ship else ChunkPlan(**{**plan.__dict__, "model": None})
    pool = ProcessPoolExecutor(max_workers=nw, initializer=_ignore_interrupts)
    try:
        args = ((k,) if ship else (k, plan.draws(k, model)[1]) for k in range(n_chunks))
        _windowed(lambda a: pool.submit(solve_chunk, local, *a), args, lambda fs: wait(fs, return_when=FIRST_COMPLETED),
                  absorb, window or 4 * nw)
    except BaseException:
        _stop_pool(pool)          # Ctrl-C (or an error): do not wait for the chunks still running
        raise
    pool.shutdown(wait=True)
    return total, kept, f"processes ({nw})"


def _ignore_interrupts() -> None:
    """Worker initialiser: Ctrl-C goes to the whole process group; only the parent acts on it (it stops
    the workers), so the workers print no tracebacks of their own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop_pool(pool: Any) -> None:
    """Cancel the queued chunks and end the running workers now (``shutdown(wait=True)`` would wait
    for every chunk in progress, minutes for large ones)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # no public API ends running workers
    pool.shutdown(wait=False, cancel_futures=True)                    # (and shutdown forgets them)
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.terminate()
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.join(0.5)


def _windowed(submit: Callable[[tuple], Any], args: Iterator[tuple], wait_any: Callable[[set], Any],
              absorb: Callable[[int, Any], None], window: int, pending: dict[Any, int] | None = None) -> None:
    """Submit tasks from ``args`` keeping at most ``window`` in flight (``pending``: future -> chunk);
    absorb results as they finish."""
    pending = {} if pending is None else pending

    def drain() -> None:
        done, _ = wait_any(set(pending))
        for f in done:
            absorb(pending.pop(f), f.result())

    for a in args:
        pending[submit(a)] = a[0]
        if len(pending) >= window:
            drain()
    while pending:
        drain()


def _dask_result(plan: ChunkPlan, n_chunks: int, scheduler: Any, absorb: Callable[[int, Any], None], timeout: float,
                 window: int | None, total: Counts, kept: dict[int, Any]) -> tuple[Counts, dict[int, Any], str]:
    try:
        from distributed import Client, wait
    except ImportError:  # pragma: no cover - depends on the environment
        raise GameError("a Dask scheduler was given but dask.distributed is not installed: "
                        "pip install 'bargain[dask]'") from None
    own = isinstance(scheduler, str)
    try:
        client = Client(scheduler, timeout=timeout) if own else scheduler
    except (OSError, TimeoutError) as exc:
        raise GameError(f"could not connect to the Dask scheduler at {scheduler!r} ({exc}); check the address "
                        "(e.g. tcp://host:8786)") from None
    if not hasattr(client, "submit"):
        raise GameError(f"scheduler must be an address string or a dask.distributed.Client, got {scheduler!r}")
    pending: dict[Any, int] = {}
    try:
        # The plan (with the model) goes to every worker once; each task carries only its position.
        [shared] = client.scatter([plan], broadcast=True)
        nthreads = sum(client.nthreads().values()) or 1
        _windowed(lambda a: client.submit(solve_chunk, shared, a[0], pure=False), ((k,) for k in range(n_chunks)),
                  lambda fs: wait(list(fs), return_when="FIRST_COMPLETED"), absorb, window or 4 * nthreads, pending)
        return total, kept, "dask"
    except BaseException:
        with contextlib.suppress(Exception):      # Ctrl-C: the cluster stops this work too
            client.cancel(list(pending), force=True)
        raise
    finally:
        if own:
            with contextlib.suppress(Exception):
                client.close(timeout=1)
