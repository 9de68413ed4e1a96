"""Sequential equilibria of signalling games: pooling, separating and semi-separating, exactly.

In a signalling game every sender information set (a type) is reached, and the receiver's set
after a message ``m`` has one node per type, each reached through a different sender set; so
any belief at an unsent message is consistent (trembles of different types are independent),
and the sequential equilibria are the perfect Bayesian ones (Fudenberg and Tirole 1991,
sec. 8.2; Kreps and Wilson 1982).  An equilibrium is ``(σ, ρ, μ)``: each type's message mixture,
the receiver's response mixture after each message, and beliefs, with

* ``μ(t | m) ∝ p(t) σ(m | t)`` at every message sent with positive probability;
* ``ρ(m)`` a best response to ``μ(m)`` (at unsent messages, to *some* belief);
* every message a type sends maximises ``Σ_r ρ(r | m) u_S(t, m, r)``.

Two enumerations, both exact:

1. **Pure sender strategies** (pooling, separating, partial pooling) with pure responses: for
   every pure receiver strategy, each type's best messages follow; the receiver's responses must
   then be best replies to the Bayes beliefs where the message is sent and to some belief where
   it is not (a small LP per ``(m, r)``, computed once).  Off the path, the whole polytope of
   supporting beliefs is returned.
2. **Semi-separating** (some type mixes, the receiver mixes): for every support of each type and
   of the responses at each sent message, the indifference conditions are two square linear
   systems (the receiver's in ``σ``, the sender's in ``ρ``), solved exactly, then the
   inequalities are checked (the support-enumeration method of Dickhaut and Kaplan 1991 applied
   to the agent form).  Only nondegenerate supports (unique solutions) are reported; this runs
   while the number of support systems is within :data:`MAX_SUPPORT_SYSTEMS`.

References
----------
Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 8.2.  Cho, I.-K. and Kreps, D. M. (1987).
Signaling games and stable equilibria. *QJE* 102, 179-221.  Dickhaut, J. and Kaplan, T. (1991).
A program for finding Nash equilibria. *The Mathematica Journal* 1, 87-93.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.errors import VerificationError
from bargain.linalg.exact import solve_rational
from bargain.model.bayesian import TypePartition, type_partition
from bargain.model.extensive import BehaviourProfile
from bargain.model.numbers import format_number
from bargain.model.signalling import SignallingGame
from bargain.solvers.item_sequence import ItemSequence
from bargain.solvers.sequential.polytope import feasible_point, simplex_cut_vertices, vertices

__all__ = ["MAX_SUPPORT_SYSTEMS", "SignallingEquilibria", "SignallingEquilibrium", "best_response_beliefs",
           "solve_signalling"]

#: Largest number of support systems the semi-separating enumeration solves.
MAX_SUPPORT_SYSTEMS = 200_000
#: In floating point, a probability at most this is zero: a support whose solution puts no more on
#: one of its messages or responses is a pure strategy's rounding, not a semi-separating equilibrium.
_FLOAT_ZERO = 1e-12
#: Largest number of pure receiver strategies the pure enumeration visits.
MAX_RECEIVER_STRATEGIES = 2_000_000


@dataclass(frozen=True, eq=False)
class SignallingEquilibrium:
    """A sequential equilibrium of a signalling game, with its beliefs.

    Attributes
    ----------
    game: the signalling game.
    sender: ``sender[t][m]``, the probability type ``t`` sends ``m``.
    receiver: ``receiver[m][r]``, the probability of response ``r`` after ``m``.
    beliefs: ``beliefs[m][t]``; Bayes where ``m`` is sent, else a point of ``belief_sets[m]``.
    on_path: ``on_path[m]``: some type sends ``m``.
    belief_sets: for each unsent message, the vertices of the beliefs under which some sustaining
        response is a best response (the union over the sustaining responses).
    sustaining: for each unsent message, the pure responses that keep every type from sending it
        and are best for some belief (any of them gives an equilibrium; ``receiver`` uses the first).
    sender_payoffs: the equilibrium payoff of each type; ``receiver_payoff`` the receiver's.
    exact: True when every number is a Fraction.
    """

    game: SignallingGame = field(repr=False)
    sender: tuple[tuple[Any, ...], ...]
    receiver: tuple[tuple[Any, ...], ...]
    beliefs: tuple[tuple[Any, ...], ...]
    on_path: tuple[bool, ...]
    belief_sets: dict[str, list[tuple[Any, ...]] | None]
    sender_payoffs: tuple[Any, ...]
    receiver_payoff: Any
    exact: bool
    sustaining: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def partition(self) -> TypePartition:
        """Which types pool, separate or semi-separate."""
        return type_partition(dict(zip(self.game.sender_types, self.sender, strict=True)))

    @property
    def kind(self) -> str:
        """``"pooling"``, ``"separating"``, ``"semi-separating"`` (a type mixes) or ``"hybrid"``."""
        if any(sum(1 for p in s if p != 0) > 1 for s in self.sender):
            return "semi-separating"
        return self.partition.kind

    def message(self, type_: str) -> str:
        """The message a type sends (pure sender strategies only)."""
        s = self.sender[self.game.sender_types.index(type_)]
        used = [m for m, p in zip(self.game.messages, s, strict=True) if p != 0]
        return used[0] if len(used) == 1 else "+".join(used)

    def response(self, message: str) -> str:
        """The receiver's response to a message (``"r1+r2"`` when it mixes)."""
        r = self.receiver[self.game.messages.index(message)]
        return "+".join(x for x, p in zip(self.game.responses, r, strict=True) if p != 0)

    def belief_range(self, message: str, type_: str) -> tuple[Any, Any]:
        """Least and greatest admissible belief in ``type_`` after ``message`` (a point on the path)."""
        j, t = self.game.messages.index(message), self.game.sender_types.index(type_)
        verts = self.belief_sets.get(message)
        if not verts:
            return self.beliefs[j][t], self.beliefs[j][t]
        vals = [v[t] for v in verts]
        return min(vals), max(vals)

    def behaviour(self) -> BehaviourProfile:
        """The equilibrium as a behaviour profile of the game tree."""
        g = self.game
        spec: dict[str, Any] = {g.sender_infoset(t).label: list(s) for t, s in zip(g.sender_types, self.sender,
                                                                                     strict=True)}
        for m, r in zip(g.messages, self.receiver, strict=True):
            spec[g.receiver_infoset(m).label] = [r[g.responses.index(x)] for x in g.responses_to(m)]
        return g.behaviour(spec)

    def describe(self, digits: int = 6) -> str:
        g = self.game
        fmt = (lambda v: format_number(v, digits))  # noqa: E731
        lines = [f"{self.kind}: " + "; ".join(f"{t} -> {self._mix(s, g.messages)}"
                                             for t, s in zip(g.sender_types, self.sender, strict=True))]
        for j, m in enumerate(g.messages):
            mu = ", ".join(f"{t}={fmt(v)}" for t, v in zip(g.sender_types, self.beliefs[j], strict=True))
            line = f"  after {m}: {self._mix(self.receiver[j], g.responses)}; beliefs {mu}"
            if not self.on_path[j]:
                rng = ", ".join(f"{t} in [{fmt(lo)}, {fmt(hi)}]"
                                for t in g.sender_types for lo, hi in [self.belief_range(m, t)])
                line += (f" (off path; sustained by {', '.join(self.sustaining.get(m, ()))}; "
                         f"supporting beliefs {rng})")
            lines.append(line)
        pays = ", ".join(f"{t}={fmt(v)}" for t, v in zip(g.sender_types, self.sender_payoffs, strict=True))
        lines.append(f"  payoffs: sender {pays}; receiver {fmt(self.receiver_payoff)}")
        return "\n".join(lines)

    @staticmethod
    def _mix(vec: Sequence[Any], labels: Sequence[str]) -> str:
        used = [(x, p) for x, p in zip(labels, vec, strict=True) if p != 0]
        return used[0][0] if len(used) == 1 else ", ".join(f"{x}={format_number(p)}" for x, p in used)

    def to_dict(self) -> dict[str, Any]:
        g = self.game

        def num(v: Any) -> Any:
            return format_number(v) if isinstance(v, Fraction) else float(v)

        return {
            "kind": self.kind,
            "partition": self.partition.describe(),
            "sender": {t: {m: num(p) for m, p in zip(g.messages, s, strict=True)}
                       for t, s in zip(g.sender_types, self.sender, strict=True)},
            "receiver": {m: {r: num(p) for r, p in zip(g.responses, x, strict=True)}
                         for m, x in zip(g.messages, self.receiver, strict=True)},
            "beliefs": {m: {t: num(v) for t, v in zip(g.sender_types, b, strict=True)}
                        for m, b in zip(g.messages, self.beliefs, strict=True)},
            "on_path": [m for m, on in zip(g.messages, self.on_path, strict=True) if on],
            "belief_sets": {m: (None if vs is None else [{t: num(v) for t, v in zip(g.sender_types, vert, strict=True)}
                                                         for vert in vs]) for m, vs in self.belief_sets.items()},
            "sustaining": {m: list(rs) for m, rs in self.sustaining.items()},
            "sender_payoffs": {t: num(v) for t, v in zip(g.sender_types, self.sender_payoffs, strict=True)},
            "receiver_payoff": num(self.receiver_payoff),
        }


@dataclass(frozen=True, eq=False)
class SignallingEquilibria(ItemSequence[SignallingEquilibrium]):
    """The sequential equilibria of a signalling game, with notes on how far the search went."""

    _items_field = "items"

    game: SignallingGame = field(repr=False)
    items: tuple[SignallingEquilibrium, ...]
    notes: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> list[SignallingEquilibrium]:
        return [e for e in self.items if e.kind == kind]

    def table(self, digits: int = 6) -> str:
        head = f"{len(self.items)} sequential equilibri{'um' if len(self.items) == 1 else 'a'} of " \
               f"{self.game.title or 'the signalling game'}"
        body = [f"#{k} {e.describe(digits)}" for k, e in enumerate(self.items, 1)]
        return "\n".join([head, *body, *(f"note: {n}" for n in self.notes)])

    def to_dict(self) -> dict[str, Any]:
        return {"equilibria": [e.to_dict() for e in self.items], "notes": list(self.notes)}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def __repr__(self) -> str:
        return self.table()


# --------------------------------------------------------------------------- beliefs
def best_response_beliefs(uR: np.ndarray, m: int, responses: Sequence[int], types: Sequence[int], *,
                          exact: bool, want_vertices: bool = True) -> list[tuple[Any, ...]] | None:
    """Beliefs on ``types`` (a distribution over all types, zero elsewhere) making every response in
    ``responses`` a best response after message ``m``.

    Returns the vertices (exact when ``exact``) of that polytope, ``[]`` when it is empty, or one
    float point when there are too many vertices to list (or ``want_vertices`` is False).
    """
    T, R = uR.shape[0], uR.shape[2]
    n = len(types)
    zero = Fraction(0) if exact else 0.0
    one = Fraction(1) if exact else 1.0
    r0 = responses[0]
    A_eq, b_eq = [[one] * n], [one]
    A_ub, b_ub = [], []
    for r in range(R):
        if r == r0:
            continue
        row = [uR[t, m, r] - uR[t, m, r0] for t in types]
        if r in responses:
            A_eq.append(row)
            b_eq.append(zero)
        else:
            A_ub.append(row)                  # E[u(r)] - E[u(r0)] <= 0
            b_ub.append(zero)
    if want_vertices and len(A_eq) == 1 and len(A_ub) == 1:
        verts = simplex_cut_vertices(A_ub[0], exact=exact)
    elif want_vertices and len(A_eq) == 1 and not A_ub:
        verts = simplex_cut_vertices([zero] * n, exact=exact)
    else:
        verts = vertices(A_eq, b_eq, A_ub, b_ub, n, exact=exact) if want_vertices and len(A_eq) == 1 else None
    if verts is None:
        pt = feasible_point(A_eq, b_eq, A_ub, b_ub, n)
        verts = [] if pt is None else [tuple(float(v) for v in pt)]
    out = []
    for v in verts:
        full = [zero] * T
        for t, x in zip(types, v, strict=True):
            full[t] = x
        out.append(tuple(full))
    return out


def _barycentre(verts: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    return tuple(sum(c) / len(verts) for c in zip(*verts, strict=True))


# --------------------------------------------------------------------------- the solver
def solve_signalling(game: SignallingGame, *, exact: bool | None = None, semi_separating: bool = True,
                     max_support_systems: int = MAX_SUPPORT_SYSTEMS) -> SignallingEquilibria:
    """Every sequential equilibrium of a signalling game with a pure sender strategy, and the
    nondegenerate semi-separating ones (see the module docstring).

    Parameters
    ----------
    game : SignallingGame
        the signalling game.
    exact : bool | None, optional
        Fractions (default: when payoffs and prior are rational).
    semi_separating : bool, default True
        also enumerate supports where types and the receiver mix.
    max_support_systems : int, default 200000
        the budget of support systems for that enumeration.

    Returns
    -------
    SignallingEquilibria
        :class:`SignallingEquilibria`, each equilibrium verified on the tree (no type and no receiver
        set has a profitable one-shot deviation given the beliefs).

    Raises
    ------
    VerificationError
        If an equilibrium fails verification (a bug).

    References
    ----------
    Kreps, D. M. and Wilson, R. (1982). Sequential equilibria. *Econometrica* 50, 863-894.
    Fudenberg, D. and Tirole, J. (1991). *Game Theory*, sec. 8.2.  Cho, I.-K. and Kreps, D. M. (1987).
    Signaling games and stable equilibria. *QJE* 102, 179-221.  Dickhaut, J. and Kaplan, T. (1991).
    A program for finding Nash equilibria. *The Mathematica Journal* 1, 87-93.
    """
    ex = game.is_exact if exact is None else bool(exact)
    uS, uR = game.payoff_arrays(exact=ex)
    prior = game.prior_vector(exact=ex)
    mask = game.response_mask
    T, M, _ = uS.shape
    avail = [tuple(int(r) for r in np.flatnonzero(mask[m])) for m in range(M)]
    table = _BeliefTable(uR, avail, ex)
    found: dict[tuple[Any, ...], SignallingEquilibrium] = {}
    tried: set[tuple[Any, ...]] = set()
    notes = []
    n_rho = int(np.prod([len(a) for a in avail], dtype=float))
    if n_rho > MAX_RECEIVER_STRATEGIES:
        notes.append(f"pure equilibria not enumerated: {n_rho} pure receiver strategies exceed the budget "
                     f"{MAX_RECEIVER_STRATEGIES}")
    else:
        cmp, tol = _comparable(uS, ex)
        cols = np.arange(M)
        for rho in itertools.product(*avail):
            U = cmp[:, cols, list(rho)]                          # (types, messages): payoff of each message
            top = (U - U.max(axis=1, keepdims=True)) >= -tol
            best = [np.flatnonzero(row).tolist() for row in top]
            for s in itertools.product(*best):
                key = (s, tuple(rho[m] if m in s else -1 for m in range(M)))
                if key in tried:
                    continue
                tried.add(key)
                eq = _pure_candidate(game, uS, uR, prior, s, rho, avail, table, ex)
                if eq is not None:
                    found.setdefault(_key(eq), eq)
        notes.append(f"pure sender strategies: every pure receiver strategy ({n_rho}) and each type's best messages")
    if semi_separating:
        n_sys = _count_supports(T, M, avail)
        if n_sys > max_support_systems:
            notes.append(f"semi-separating equilibria not searched: {n_sys} support systems exceed the budget "
                         f"{max_support_systems}")
        else:
            for eq in _semi_separating(game, uS, uR, prior, avail, table, ex):
                found.setdefault(_key(eq), eq)
            notes.append(f"semi-separating: {n_sys} support systems; degenerate supports (no unique solution) skipped")
    items = sorted(found.values(), key=lambda e: (not all(sum(1 for p in s if p) == 1 for s in e.sender),
                                                  [tuple(float(p) for p in s) for s in e.sender]))
    for e in items:
        _verify(e)
    return SignallingEquilibria(game, tuple(items), tuple(notes))


def _comparable(u: np.ndarray, ex: bool) -> tuple[np.ndarray, float]:
    """Payoffs as a numeric array for fast comparisons: exact Fractions scaled by their common
    denominator to Python-int-exact int64 (tolerance 0) when they fit, else floats (tolerance 1e-12
    times the range)."""
    if ex:
        den = math.lcm(*(int(v.denominator) for v in u.ravel()))
        ints = [int(v * den) for v in u.ravel()]
        if max((abs(v) for v in ints), default=0) < 2 ** 62:
            return np.array(ints, dtype=np.int64).reshape(u.shape), 0
    f = np.asarray(u, dtype=float)
    return f, 1e-12 * max(float(np.ptp(f)), 1.0)


def _key(e: SignallingEquilibrium) -> tuple[Any, ...]:
    def r(v: Any) -> Any:
        return v if isinstance(v, Fraction) else round(float(v), 9)
    return tuple(tuple(r(p) for p in s) for s in e.sender) + tuple(tuple(r(p) for p in x) for x in e.receiver)


def _build(game: SignallingGame, uS: np.ndarray, uR: np.ndarray, prior: Sequence[Any], sigma: list[list[Any]],
           rho: list[list[Any]], avail: Sequence[Sequence[int]], table: _BeliefTable,
           ex: bool) -> SignallingEquilibrium | None:
    """Complete an equilibrium from the sender's mixture and the responses at sent messages.

    At each unsent message the *sustaining* responses are the pure ones that are best for some
    belief and leave every type at most its equilibrium payoff (messages deter independently);
    the first is used, and the belief set reported is the union over all of them.  None if some
    unsent message has no sustaining response.
    """
    T, M, R = uS.shape
    zero, one = (Fraction(0), Fraction(1)) if ex else (0.0, 1.0)
    sent = [any(sigma[t][m] != 0 for t in range(T)) for m in range(M)]
    pays = tuple(sum((sigma[t][m] * rho[m][r] * uS[t, m, r] for m in range(M) if sent[m] for r in range(R)), zero)
                 for t in range(T))
    tol = 0 if ex else 1e-9
    beliefs, sets, sustain = [], {}, {}
    rho = [list(x) for x in rho]
    for m in range(M):
        if sent[m]:
            w = [prior[t] * sigma[t][m] for t in range(T)]
            tot = sum(w)
            beliefs.append(tuple(v / tot for v in w))
            continue
        ok = [r for r in avail[m] if table.some[(m, r)] and all(uS[t, m, r] <= pays[t] + tol for t in range(T))]
        if not ok:
            return None
        per = {r: table.vertices(m, r) for r in ok}
        rho[m] = [one if r == ok[0] else zero for r in range(R)]
        beliefs.append(_barycentre(per[ok[0]]))
        sets[game.messages[m]] = [v for r in ok for v in per[r]]
        sustain[game.messages[m]] = tuple(game.responses[r] for r in ok)
    recv = sum((prior[t] * sigma[t][m] * rho[m][r] * uR[t, m, r] for t in range(T) for m in range(M)
                for r in range(R)), zero)
    return SignallingEquilibrium(game, tuple(map(tuple, sigma)), tuple(map(tuple, rho)), tuple(beliefs),
                                 tuple(sent), sets, pays, recv, ex, sustain)


class _BeliefTable:
    """Per ``(message, response)``: whether some belief makes the response best, and the vertices of
    those beliefs (computed once per solve; they do not depend on the equilibrium)."""

    def __init__(self, uR: np.ndarray, avail: Sequence[Sequence[int]], ex: bool) -> None:
        self.uR, self.ex, self.T = uR, ex, uR.shape[0]
        self.some = {(m, r): bool(best_response_beliefs(uR, m, [r], list(range(self.T)), exact=ex,
                                                        want_vertices=False))
                     for m in range(len(avail)) for r in avail[m]}
        self._verts: dict[tuple[int, int], list[tuple[Any, ...]]] = {}

    def vertices(self, m: int, r: int) -> list[tuple[Any, ...]]:
        if (m, r) not in self._verts:
            self._verts[(m, r)] = best_response_beliefs(self.uR, m, [r], list(range(self.T)), exact=self.ex)
        return self._verts[(m, r)]


def _pure_candidate(game: SignallingGame, uS: np.ndarray, uR: np.ndarray, prior: Sequence[Any], s: Sequence[int],
                    rho: Sequence[int], avail: Sequence[Sequence[int]], table: _BeliefTable,
                    ex: bool) -> SignallingEquilibrium | None:
    T, M, R = uS.shape
    one, zero = (Fraction(1), Fraction(0)) if ex else (1.0, 0.0)
    mask = game.response_mask
    for m in set(s):
        senders = [t for t in range(T) if s[t] == m]
        val = [sum((prior[t] * uR[t, m, r] for t in senders), zero) for r in range(R)]
        if any(mask[m, r] and val[r] > val[rho[m]] + (0 if ex else 1e-12) for r in range(R)):
            return None
    sigma = [[one if m == s[t] else zero for m in range(M)] for t in range(T)]
    rmix = [[one if r == rho[m] else zero for r in range(R)] for m in range(M)]
    return _build(game, uS, uR, prior, sigma, rmix, avail, table, ex)


def _nonempty_subsets(items: Sequence[int]) -> list[tuple[int, ...]]:
    return [c for k in range(1, len(items) + 1) for c in itertools.combinations(items, k)]


def _count_supports(T: int, M: int, avail: Sequence[Sequence[int]]) -> int:
    per_type = 2 ** M - 1
    per_msg = max((2 ** len(a) - 1 for a in avail), default=1)
    return per_type ** T * per_msg ** M


def _semi_separating(game: SignallingGame, uS: np.ndarray, uR: np.ndarray, prior: Sequence[Any],
                     avail: Sequence[Sequence[int]], table: _BeliefTable,
                     ex: bool) -> Iterator[SignallingEquilibrium]:
    """Support enumeration in the agent form: indifference systems solved exactly (see module docstring)."""
    T, M, _ = uS.shape
    zero, one = (Fraction(0), Fraction(1)) if ex else (0.0, 1.0)
    msg_subsets = _nonempty_subsets(range(M))
    for S in itertools.product(msg_subsets, repeat=T):
        if all(len(x) == 1 for x in S):
            continue                                    # pure sender strategies: enumerated above
        used = sorted(set().union(*S))
        for Rsup in itertools.product(*(_nonempty_subsets(avail[m]) for m in used)):
            rsup = dict(zip(used, Rsup, strict=True))
            # receiver indifference -> sigma (unknowns: sigma[t][m] for m in S[t])
            var_s = [(t, m) for t in range(T) for m in S[t]]
            rows, rhs = [], []
            for t in range(T):
                rows.append([one if vt == t else zero for vt, _ in var_s])
                rhs.append(one)
            for m in used:
                r0 = rsup[m][0]
                for r in rsup[m][1:]:
                    rows.append([prior[vt] * (uR[vt, vm, r] - uR[vt, vm, r0]) if vm == m else zero
                                 for vt, vm in var_s])
                    rhs.append(zero)
            sig = _solve(rows, rhs, len(var_s), ex)
            if sig is None or any(v <= (0 if ex else _FLOAT_ZERO) for v in sig):   # a support is used
                continue
            sigma = [[zero] * M for _ in range(T)]
            for (t, m), v in zip(var_s, sig, strict=True):
                sigma[t][m] = v
            # receiver optimality at sent messages given Bayes beliefs
            if not all(_receiver_ok(uR, prior, sigma, m, rsup[m], avail[m], ex) for m in used):
                continue
            eq = _sender_side(game, uS, uR, prior, S, used, rsup, avail, table, sigma, ex)
            if eq is not None:
                yield eq


def _solve(rows: list[list[Any]], rhs: list[Any], n: int, ex: bool) -> list[Any] | None:
    if len(rows) < n:
        return None
    if ex:
        return solve_rational(rows, rhs)
    A, b = np.array(rows, dtype=float), np.array(rhs, dtype=float)
    if np.linalg.matrix_rank(A) < n:
        return None
    x, *_ = np.linalg.lstsq(A, b, rcond=None)
    return None if np.max(np.abs(A @ x - b)) > 1e-9 else [float(v) for v in x]


def _receiver_ok(uR: np.ndarray, prior: Sequence[Any], sigma: list[list[Any]], m: int, sup: Sequence[int],
                 avail: Sequence[int], ex: bool) -> bool:
    T = uR.shape[0]
    val = {r: sum(prior[t] * sigma[t][m] * uR[t, m, r] for t in range(T)) for r in avail}
    best = max(val.values())
    tol = 0 if ex else 1e-9
    return all(best - val[r] <= tol for r in sup)


def _sender_side(game: SignallingGame, uS: np.ndarray, uR: np.ndarray, prior: Sequence[Any],
                 S: Sequence[Sequence[int]], used: Sequence[int], rsup: dict[int, Sequence[int]],
                 avail: Sequence[Sequence[int]], table: _BeliefTable, sigma: list[list[Any]],
                 ex: bool) -> SignallingEquilibrium | None:
    """Sender indifference -> the receiver's mixtures at sent messages; then every inequality."""
    T, M, R = uS.shape
    zero, one = (Fraction(0), Fraction(1)) if ex else (0.0, 1.0)
    var_r = [(m, r) for m in used for r in rsup[m]]
    nv = len(var_r) + T                                     # the rho's, then each type's value v_t
    rows, rhs = [], []
    for m in used:
        rows.append([one if vm == m else zero for vm, _ in var_r] + [zero] * T)
        rhs.append(one)
    for t in range(T):
        for m in S[t]:
            rows.append([uS[t, m, r] if vm == m else zero for vm, r in var_r]
                        + [-one if k == t else zero for k in range(T)])
            rhs.append(zero)
    sol = _solve(rows, rhs, nv, ex)
    if sol is None or any(v <= (0 if ex else _FLOAT_ZERO) for v in sol[:len(var_r)]):
        return None
    rho = [[zero] * R for _ in range(M)]
    for (m, r), v in zip(var_r, sol[:len(var_r)], strict=True):
        rho[m][r] = v
    value = sol[len(var_r):]
    tol = 0 if ex else 1e-9
    for t in range(T):
        for m in used:
            if m not in S[t] and sum(rho[m][r] * uS[t, m, r] for r in range(R)) > value[t] + tol:
                return None
    return _build(game, uS, uR, prior, sigma, rho, avail, table, ex)


def _verify(e: SignallingEquilibrium) -> None:
    """No type gains by another message; the receiver best-responds to the beliefs at every message."""
    g = e.game
    uS, uR = g.payoff_arrays(exact=e.exact)
    T, M, R = uS.shape
    tol = 0 if e.exact else g.tolerance
    for t in range(T):
        vals = [sum(e.receiver[m][r] * uS[t, m, r] for r in range(R)) for m in range(M)]
        if max(vals) - e.sender_payoffs[t] > tol:
            raise VerificationError(f"signalling solver: type {g.sender_types[t]} gains by deviating")
    for m in range(M):
        vals = [sum(e.beliefs[m][t] * uR[t, m, r] for t in range(T)) for r in range(R) if g.response_mask[m, r]]
        got = sum(e.beliefs[m][t] * e.receiver[m][r] * uR[t, m, r] for t in range(T) for r in range(R))
        if max(vals) - got > tol:
            raise VerificationError(f"signalling solver: the receiver gains by deviating after {g.messages[m]}")
