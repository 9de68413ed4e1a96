"""Claims as data: statements about a model's equilibria, checked at the defaults, along each
parameter, and over Monte Carlo draws.

A game module declares the claims of its source it encodes (``CLAIMS``, a sequence of
:class:`Claim`): "at the defaults China does not enforce", "if China enforced fully, North Korea
would freeze".  A claim's ``predicate`` maps an :class:`Evidence` -- the model solved at a batch
of parameter points -- to a boolean array, one entry per point, so that every check is one
vectorised evaluation:

* **at the defaults** -- the predicate at the default point;
* **region** -- for each parameter (the others at their defaults), the intervals of its bounds
  where the claim holds.  The predicate is evaluated on a grid, each change of its truth value is
  bracketed and bisected, and an edge that coincides with a threshold of the equilibrium set
  (:func:`bargain.analysis.thresholds.thresholds`, normal-form models) takes the threshold's value
  (exact where the threshold is rational);
* **robustness** -- the share of ``N`` independent draws of all parameters (uniform over their
  plausible ranges, :attr:`~bargain.model.parameters.Parameter.plausible_range`, by
  :func:`bargain.analysis.montecarlo.draw_samples`) where the claim holds, with its binomial
  standard error ``sqrt(p (1 - p) / N)`` (Saltelli et al. 2008, ch. 1);
* **credibility** -- each equilibrium at the defaults is compared with the subgame-perfect
  equilibria (Selten 1965) of the game tree with the same timing (the model itself if it is a tree,
  else the module's ``TREE``): an equilibrium that is not subgame perfect, or whose path is not the
  path of a subgame-perfect equilibrium, rests on a move that would not be made once the earlier
  moves are seen -- an incredible threat.

Evidence is computed lazily and in batch: payoff tensors by ``model.payoffs``, pure equilibria by
:func:`bargain.solvers.pure.pure_equilibrium_mask`, every equilibrium by
:func:`bargain.solvers.batch.solve_batch`, subgame-perfect plans of perfect-information trees by
:func:`bargain.solvers.backward_induction.backward_induction_batch`.

References
----------
Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit Nachfragetraegheit.
    Zeitschrift fuer die gesamte Staatswissenschaft 121.
Saltelli, A. et al. (2008). Global Sensitivity Analysis: The Primer. Wiley.
Brent, R. P. (1973). Algorithms for Minimization without Derivatives (bisection bracketing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import GameError

__all__ = ["Claim", "ClaimResult", "ClaimsReport", "Evidence", "check_claims", "credibility", "game_claims"]

#: Bisection steps refining each edge of a region (the bracket shrinks by 2**-BISECTIONS).
BISECTIONS = 45


@dataclass(frozen=True)
class Claim:
    """One claim of the source, as a checkable statement about a model's equilibria.

    Parameters
    ----------
    id: short identifier (``"china_does_not_enforce"``).
    text: the claim in words.
    quote: the sentence of the source it encodes.
    predicate: ``f(evidence) -> bool array`` of ``evidence.batch_shape`` (see :class:`Evidence`).
    """

    id: str
    text: str
    quote: str
    predicate: Callable[[Evidence], Any]


class Evidence:
    """A model solved at a batch of parameter points, computed lazily.

    Parameters
    ----------
    model: a :class:`~bargain.model.parameters.Model` (or a tree model).
    values: ``{name: array}`` parameter values (broadcast together; the rest at their defaults).
    tree: the perfect-information tree model with the same timing, for :meth:`spe_action` (the
        model itself when it is a tree model).
    """

    def __init__(self, model: Any, values: Mapping[str, Any] | None = None, tree: Any = None) -> None:
        self.model = model
        self.values = {k: np.asarray(v, dtype=float) for k, v in (values or {}).items()}
        self.tree = tree if tree is not None else (model if hasattr(model, "leaf_values") else None)
        self.batch_shape = model.batch_shape(**self.values)
        self._cache: dict[str, Any] = {}

    def at(self, **overrides: Any) -> Evidence:
        """The same batch with some parameters set to other values (a counterfactual)."""
        return Evidence(self.model, {**self.values, **overrides}, self.tree)

    def value(self, name: str) -> np.ndarray:
        """The values of parameter ``name`` over the batch."""
        prm = self.model.parameter(name)
        return np.broadcast_to(self.values.get(name, np.asarray(prm.default)), self.batch_shape)

    @property
    def payoffs(self) -> np.ndarray:
        """``batch_shape + (n_players, s_1, ..., s_n)`` payoff tensors."""
        if "payoffs" not in self._cache:
            self._cache["payoffs"] = self.model.payoffs(**self.values)
        return self._cache["payoffs"]

    def _index(self, names: Sequence[str]) -> tuple[int, ...]:
        if len(names) != self.model.n_players:
            raise GameError(f"a profile of {self.model.name!r} names one strategy per player "
                            f"({self.model.n_players}), got {tuple(names)}")
        out = []
        for i, name in enumerate(names):
            if name not in self.model.strategies[i]:
                raise GameError(f"{self.model.players[i]} has no strategy {name!r} in {self.model.name!r}; "
                                f"its strategies are {list(self.model.strategies[i])}")
            out.append(self.model.strategies[i].index(name))
        return tuple(out)

    @property
    def pure_mask(self) -> np.ndarray:
        """``batch_shape + shape`` booleans: pure profiles that are Nash equilibria."""
        if "pure" not in self._cache:
            from bargain.solvers.pure import pure_equilibrium_mask

            self._cache["pure"] = pure_equilibrium_mask(self.payoffs, tol=1e-9, n_players=self.model.n_players)
        return self._cache["pure"]

    def is_equilibrium(self, *names: str) -> np.ndarray:
        """Where the pure profile ``names`` is a Nash equilibrium."""
        return self.pure_mask[(Ellipsis, *self._index(names))]

    def pure_count(self) -> np.ndarray:
        """Number of pure equilibria at each point."""
        axes = tuple(range(-self.model.n_players, 0))
        return np.count_nonzero(self.pure_mask, axis=axes)

    @property
    def equilibria(self) -> Any:
        """Every equilibrium at every point (:class:`~bargain.solvers.batch.BatchEquilibria`)."""
        if "all" not in self._cache:
            from bargain.solvers.batch import solve_batch

            m = self.model
            self._cache["all"] = solve_batch(self.payoffs, n_players=m.n_players, players=m.players,
                                             strategies=m.strategies)
        return self._cache["all"]

    def unique(self, *names: str) -> np.ndarray:
        """Where the pure profile ``names`` is the only equilibrium, mixed ones included."""
        return self.is_equilibrium(*names) & (self.equilibria.count == 1)

    def best_response(self, player: str, action: str, against: Mapping[str, str]) -> np.ndarray:
        """Where ``action`` is a strict best response of ``player`` to the others' pure ``against``."""
        m = self.model
        i = m.players.index(player)
        idx: list[Any] = []
        for j, pl in enumerate(m.players):
            idx.append(slice(None) if j == i else m.strategies[j].index(against[pl]))
        u = self.payoffs[(Ellipsis, i, *idx)]
        k = m.strategies[i].index(action)
        others = np.delete(u, k, axis=-1)
        return u[..., k] > others.max(axis=-1) + 1e-12

    @property
    def spe(self) -> Any:
        """Backward induction over the batch on the tree (first optimal action; ``ties`` flagged)."""
        if "spe" not in self._cache:
            if self.tree is None:
                raise GameError(f"{self.model.name!r} has no game tree for subgame perfection: give the module a "
                                "TREE (an ExtensiveModel with the same timing)")
            from bargain.solvers.backward_induction import backward_induction_batch

            vals = {k: v for k, v in self.values.items() if k in self.tree.parameters}
            vals = {k: np.broadcast_to(v, self.batch_shape) for k, v in vals.items()} or {
                next(iter(self.tree.parameters)): np.broadcast_to(
                    np.asarray(next(iter(self.tree.parameters.values())).default), self.batch_shape)}
            self._cache["spe"] = backward_induction_batch(self.tree, **vals)
        return self._cache["spe"]

    def spe_action(self, infoset: str) -> np.ndarray:
        """The subgame-perfect action at information set ``infoset`` (labels) over the batch."""
        return np.asarray(self.spe.action(infoset))

    def spe_path(self, *steps: tuple[str, str]) -> np.ndarray:
        """Where the subgame-perfect plan takes each ``(infoset, action)`` of ``steps``."""
        ok = np.ones(self.batch_shape, dtype=bool)
        for infoset, action in steps:
            ok &= self.spe_action(infoset) == action
        return ok & ~np.asarray(self.spe.ties)


def game_claims(model: Any) -> tuple[tuple[Claim, ...], Any]:
    """The ``CLAIMS`` and the matching tree (``TREE``, or the model if it is a tree) of a game module."""
    import sys

    from bargain.model.loader import GAMES_PACKAGE, defining_module

    module = defining_module(model)
    if module is None:             # a shipped game's model imported directly rather than through load_game
        shipped = sys.modules.get(f"{GAMES_PACKAGE}.{model.name}")
        module = shipped if getattr(shipped, "model", None) is model else None
    claims = tuple(getattr(module, "CLAIMS", ())) if module is not None else ()
    tree = model if hasattr(model, "leaf_values") else getattr(module, "TREE", None)
    return claims, tree


def _evaluate(claim: Claim, evidence: Evidence) -> np.ndarray:
    out = np.asarray(claim.predicate(evidence), dtype=bool)
    if out.shape != evidence.batch_shape:
        out = np.broadcast_to(out, evidence.batch_shape)
    return out


@dataclass
class ClaimResult:
    """One claim checked: at the defaults, its region along each parameter, and its robustness.

    Attributes
    ----------
    claim: the :class:`Claim`.
    at_defaults: whether it holds at the defaults.
    regions: ``{parameter: [(low, high), ...]}`` the intervals of each parameter (others at their
        defaults) where it holds; an edge that is a threshold of the equilibrium set is exact.
    exact_edges: ``{parameter: {edge value: Fraction}}`` edges proven rational.
    robustness, stderr: share of Monte Carlo draws where it holds, and its standard error.
    samples: number of draws.
    """

    claim: Claim
    at_defaults: bool
    regions: dict[str, list[tuple[float, float]]]
    exact_edges: dict[str, dict[float, Fraction]]
    robustness: float
    stderr: float
    samples: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.claim.id, "text": self.claim.text, "quote": self.claim.quote,
                "at_defaults": self.at_defaults, "robustness": self.robustness, "stderr": self.stderr,
                "samples": self.samples,
                "regions": {k: [list(iv) for iv in v] for k, v in self.regions.items()},
                "exact_edges": {k: {repr(x): str(f) for x, f in v.items()} for k, v in self.exact_edges.items()}}


@dataclass
class ClaimsReport:
    """Every claim of a model checked, and the credibility of its equilibria at the defaults."""

    model: str
    results: list[ClaimResult]
    equilibria: list[dict[str, Any]] = field(default_factory=list)

    def table(self) -> str:
        lines = [f"claims of {self.model}"]
        for r in self.results:
            lines.append(f"  {r.claim.id}: defaults {'yes' if r.at_defaults else 'no'}, robustness "
                         f"{r.robustness:.3f} +- {r.stderr:.3f}  ({r.claim.text})")
        for e in self.equilibria:
            lines.append(f"  equilibrium {e['label']}: {'subgame perfect' if e['credible'] else e['why']}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "claims": [r.to_dict() for r in self.results], "equilibria": self.equilibria}


def _edges(holds: Callable[[str, np.ndarray], np.ndarray], name: str, grid: np.ndarray) -> list[tuple[float, float]]:
    """Intervals of ``grid``'s range where ``holds`` is True, each edge bisected to ~1e-13."""
    h = holds(name, grid)
    change = np.flatnonzero(h[1:] != h[:-1])
    lo, hi = grid[change].astype(float), grid[change + 1].astype(float)
    left = h[change]
    for _ in range(BISECTIONS if change.size else 0):
        mid = (lo + hi) / 2
        hm = holds(name, mid)
        same = hm == left
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
    cuts = (lo + hi) / 2
    bounds = [float(grid[0]), *cuts.tolist(), float(grid[-1])]
    states = [bool(h[0]), *[not bool(x) for x in left]]
    return [(bounds[k], bounds[k + 1]) for k, s in enumerate(states) if s]


def _snap(model: Any, name: str, regions: list[tuple[float, float]], cache: dict[str, Any], tol: float = 1e-7
          ) -> tuple[list[tuple[float, float]], dict[float, Fraction]]:
    """Replace each inner edge by a threshold of the equilibrium set within ``tol`` (exact if rational);
    ``cache`` keeps the parameter's thresholds between claims."""
    from bargain.analysis.thresholds import thresholds

    prm = model.parameter(name)
    inner = [x for iv in regions for x in iv if prm.low < x < prm.high]
    if not inner:
        return regions, {}
    if "table" not in cache:
        try:
            cache["table"] = [(t.value, t.exact) for t in thresholds(model, name)]
        except GameError:
            cache["table"] = []
    exact: dict[float, Fraction] = {}
    table = cache["table"]

    def snap(x: float) -> float:
        for v, ex in table:
            if abs(v - x) <= tol * max(1.0, abs(x)):
                if ex is not None:
                    exact[float(ex)] = ex
                return float(ex) if ex is not None else v
        return x

    return [(snap(a), snap(b)) for a, b in regions], exact


def credibility(model: Any, tree: Any = None) -> list[dict[str, Any]]:
    """Each equilibrium of ``model`` at the defaults, marked subgame perfect (in ``tree``) or not.

    For a tree model, a pure equilibrium of its reduced normal form is credible iff it is the normal
    form of a subgame-perfect equilibrium; for a normal-form model with a matching ``tree`` (same
    players, each normal-form strategy an action of the tree), iff it is pure and every player's
    strategy is the action the subgame-perfect path takes.  Mixed equilibria of a normal form whose
    tree has a pure subgame-perfect path are not credible paths.
    """
    import bargain as bg
    from bargain.solvers.backward_induction import backward_induction

    is_tree = hasattr(model, "leaf_values")
    tree = model if is_tree else (tree if tree is not None else game_claims(model)[1])
    game = model.game()
    eqs = bg.solve(game, method="pure") if is_tree else bg.solve(game)
    concrete = tree.tree() if tree is not None else None
    sequential = concrete is not None and is_tree and not concrete.has_perfect_information
    if sequential:            # signalling trees: the only proper subgame is the whole game; refine by sequential eq.
        from bargain.solvers.sequential import sequential_equilibria
        spes = []
        refined = [concrete.mixed_from_behaviour(a.behaviour) for a in sequential_equilibria(concrete) if a.satisfied]
    else:
        spes = list(backward_induction(concrete)) if concrete is not None else []
        refined = [s.normal_form_equilibrium().profile for s in spes] if is_tree else []
    out = []
    for eq in eqs:
        label = " | ".join(", ".join(f"{game.strategies[i][k]}" + ("" if eq.is_pure else f" {eq.profile[i][k]:.3g}")
                                     for k in eq.support[i]) for i in range(game.n_players))
        row: dict[str, Any] = {"label": label, "pure": bool(eq.is_pure), "credible": None, "why": ""}
        if tree is None:
            row["why"] = "no game tree to compare with"
        elif is_tree:
            row["credible"] = any(np.allclose(np.concatenate(eq.profile), np.concatenate(s), atol=1e-9)
                                  for s in refined)
            row["why"] = "" if row["credible"] else (
                "not sequential: no beliefs make its off-path moves best replies" if sequential
                else "not subgame perfect: rests on an incredible threat off the path")
        else:
            names = tuple(game.strategies[i][eq.support[i][0]] for i in range(game.n_players)) if eq.is_pure else None
            paths = [{st.mover: max(st.choices, key=st.choices.get) for st in s.path if st.mover != "chance"}
                     for s in spes]
            row["credible"] = bool(names) and any(
                all(path.get(pl, nm) == nm for pl, nm in zip(game.players, names, strict=True)) for path in paths)
            row["why"] = "" if row["credible"] else (
                "not the path of the tree's subgame-perfect equilibrium: once the earlier moves are seen, "
                "a move it rests on would not be made (an incredible threat)")
        out.append(row)
    return out


def check_claims(model: Any, claims: Sequence[Claim] | None = None, *, tree: Any = None, samples: int = 4000,
                 seed: int = 0, n: int = 201, parameters: Sequence[str] | None = None,
                 exact_edges: bool = True, regions_for: Sequence[str] | None = None) -> ClaimsReport:
    """Check every claim of ``model`` (its module's ``CLAIMS`` unless given).

    Parameters
    ----------
    model: a game model (or a shipped game name).
    claims: the claims; default the module's ``CLAIMS``.
    tree: the tree with the same timing; default the module's ``TREE`` (or the model, if a tree).
    samples, seed: Monte Carlo draws over the parameters' plausible ranges, and their seed.
    n: grid points per parameter before the edges are bisected.
    parameters: the parameters to scan for regions (default: all with finite, distinct bounds).
    exact_edges: snap region edges to thresholds of the equilibrium set (normal-form models).
    regions_for: ids of the claims whose regions are computed (default: all).

    Returns
    -------
    ClaimsReport
        One :class:`ClaimResult` per claim, and the equilibria at the defaults marked by
        :func:`credibility`.

    Raises
    ------
    GameError
        If the model declares no claims and none are given, or ``samples`` < 2.
    """
    from bargain.analysis.montecarlo import draw_samples
    from bargain.model.loader import load_game

    model = load_game(model)
    found, found_tree = game_claims(model)
    claims = tuple(claims) if claims is not None else found
    tree = tree if tree is not None else found_tree
    if not claims:
        raise GameError(f"{model.name!r} declares no CLAIMS: give claims=[Claim(...), ...]")
    if int(samples) < 2:
        raise GameError(f"samples must be at least 2, got {samples}")
    base = Evidence(model, {}, tree)
    at_defaults = [bool(_evaluate(c, base)) for c in claims]
    names = [k for k, p in model.parameters.items() if np.isfinite(p.low) and np.isfinite(p.high) and p.low < p.high]
    if parameters is not None:
        names = [k for k in names if k in set(parameters)]
    regions: list[dict[str, list[tuple[float, float]]]] = [{} for _ in claims]
    exact: list[dict[str, dict[float, Fraction]]] = [{} for _ in claims]
    snap = exact_edges and not hasattr(model, "leaf_values")
    for name in names:
        prm = model.parameter(name)
        grid = np.linspace(prm.low, prm.high, int(n))
        on_grid = Evidence(model, {name: grid}, tree)
        for j, c in enumerate(claims):
            if regions_for is not None and c.id not in regions_for:
                continue

            def holds(k: str, x: np.ndarray, c: Claim = c, grid: np.ndarray = grid, on_grid: Evidence = on_grid
                      ) -> np.ndarray:
                return _evaluate(c, on_grid if x is grid else Evidence(model, {k: x}, tree))
            regions[j][name] = _edges(holds, name, grid)
        if snap:
            cache: dict[str, Any] = {}
            for j in range(len(claims)):
                if name not in regions[j]:
                    continue
                regions[j][name], ex = _snap(model, name, regions[j][name], cache)
                if ex:
                    exact[j][name] = ex
    ranges = {k: p.plausible_range for k, p in model.parameters.items()}
    draws = draw_samples(model, int(samples), distributions=ranges, seed=seed)
    sample = Evidence(model, draws, tree)
    results = []
    for j, c in enumerate(claims):
        ok = _evaluate(c, sample)
        p = float(ok.mean())
        results.append(ClaimResult(c, at_defaults[j], regions[j], exact[j], p,
                                   float(np.sqrt(p * (1 - p) / ok.size)), int(ok.size)))
    return ClaimsReport(model.name, results, credibility(model, tree))


if __name__ == "__main__":  # pragma: no cover - ``python -m bargain.analysis.claims --markdown``
    import sys

    from bargain.analysis.claims_markdown import main

    sys.exit(main(sys.argv[1:]))
