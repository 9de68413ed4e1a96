"""Signalling games: an informed sender, a message, an uninformed receiver's response.

Chance draws the sender's type ``t`` from the prior ``p``; the sender, knowing ``t``, sends a
message ``m``; the receiver sees ``m`` (not ``t``) and responds with ``r``; payoffs
``u_S(t, m, r)`` and ``u_R(t, m, r)``.  As a tree, the sender has one information set per type
(``"Sender:t"``) and the receiver one per message (``"Receiver:m"``), whose nodes are the types
(Spence 1973; Cho and Kreps 1987; Fudenberg and Tirole 1991, sec. 8.2).

:class:`SignallingGame` is that tree with the arrays ``u_S[t, m, r]`` and ``u_R[t, m, r]`` kept
for the signalling solver (:mod:`bargain.solvers.sequential.signalling`).  Responses may depend
on the message (``responses={message: [response, ...]}``); the arrays then have one column per
response label of the union and ``response_mask[m, r]`` marks the ones available.
:class:`SignallingModel` is the parametric variant (prior and payoffs from named parameters),
whose ``tree(**values)`` is a :class:`SignallingGame`.

References
----------
Spence, M. (1973). Job market signaling. *QJE* 87, 355-374.  Cho, I.-K. and Kreps, D. M. (1987).
Signaling games and stable equilibria. *QJE* 102, 179-221.  Fudenberg, D. and Tirole, J. (1991).
*Game Theory*, sec. 8.2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from bargain.errors import GameError, did_you_mean
from bargain.model.extensive import Chance, Decision, ExtensiveGame, ExtensiveModel, Terminal
from bargain.model.labels import check_labels
from bargain.model.numbers import is_rational_scalar, to_fraction

__all__ = ["SignallingGame", "SignallingModel", "signalling_root"]


def _labels(what: str, seq: Any) -> tuple[str, ...]:
    out = tuple(str(x) for x in seq)
    if not out or len(set(out)) != len(out):
        raise GameError(f"{what} must be a non-empty list of distinct labels, got {list(out)}")
    return out


def signalling_root(types: Sequence[str], prior: Sequence[Any], messages: Sequence[str],
                    responses: Mapping[str, Sequence[str]], payoffs: Callable[[str, str, str], Any],
                    players: Sequence[str]) -> Chance:
    """The signalling tree: chance draws a type (probability ``prior[i]``), the sender moves at
    ``"<sender>:<type>"``, the receiver at ``"<receiver>:<message>"``; ``payoffs(t, m, r)`` gives
    ``(u_sender, u_receiver)`` (numbers or arrays).

    Parameters
    ----------
    types, prior, messages: labels and the prior in type order.
    responses: ``{message: [response, ...]}``.
    payoffs: ``f(type, message, response) -> (u_sender, u_receiver)``.
    players: ``(sender, receiver)``.

    Returns
    -------
    The root :class:`Chance` node.
    """
    return Chance({t: (prior[i], Decision(players[0], {
        m: Decision(players[1], {r: Terminal(tuple(payoffs(t, m, r))) for r in responses[m]},
                    infoset=f"{players[1]}:{m}")
        for m in messages}, infoset=f"{players[0]}:{t}"))
        for i, t in enumerate(types)})


class SignallingGame(ExtensiveGame):
    """A sender–receiver signalling game, built as a tree with a chance move over the sender's types.

    Parameters
    ----------
    sender_types : Sequence[str]
        the type labels.
    prior : Mapping[str, Any] | Sequence[Any]
        ``{type: probability}`` or a sequence in type order.
    messages : Sequence[str]
        the message labels.
    responses : Sequence[str] | Mapping[str, Sequence[str]]
        the receiver's response labels, or ``{message: [response, ...]}``.
    payoffs : Callable[[str, str, str], Any] | Mapping[tuple[str, str, str], Any]
        ``f(type, message, response) -> (u_sender, u_receiver)``, or a table
        ``{(type, message, response): (u_sender, u_receiver)}``.
    players : Sequence[str], default ('Sender', 'Receiver')
        the names of the two players (default ``("Sender", "Receiver")``).
    title : str, default ''
        a human-readable name.

    Raises
    ------
    GameError
        For a prior that is not a distribution, an unknown label, or a payoff pair of the wrong length.
    """

    def __init__(self, sender_types: Sequence[str], prior: Mapping[str, Any] | Sequence[Any],
                 messages: Sequence[str], responses: Sequence[str] | Mapping[str, Sequence[str]],
                 payoffs: Callable[[str, str, str], Any] | Mapping[tuple[str, str, str], Any], *,
                 players: Sequence[str] = ("Sender", "Receiver"), title: str = "") -> None:
        self._types = _labels("sender_types", sender_types)
        self._messages = _labels("messages", messages)
        if isinstance(responses, Mapping):
            unknown = [m for m in responses if m not in self._messages]
            if unknown:
                raise GameError(f"responses: no message {unknown[0]!r}{did_you_mean(str(unknown[0]), self._messages)}")
            per = {m: _labels(f"responses to {m!r}", responses.get(m, ())) for m in self._messages}
        else:
            r = _labels("responses", responses)
            per = dict.fromkeys(self._messages, r)
        self._per_message = per
        union: list[str] = []
        for m in self._messages:
            union += [r for r in per[m] if r not in union]
        self._responses = tuple(union)
        if isinstance(prior, Mapping):
            check_labels(prior, self._types, "prior", "type")
            q = [prior.get(t, 0) for t in self._types]
        else:
            q = list(prior)
            if len(q) != len(self._types):
                raise GameError(f"prior has {len(q)} probabilities for {len(self._types)} types")
        self._prior = tuple(q)
        fn = payoffs if callable(payoffs) else (lambda t, m, r: payoffs[(t, m, r)])
        T, M, R = len(self._types), len(self._messages), len(self._responses)
        raw = np.empty((T, M, R, 2), dtype=object)
        raw[:] = 0
        mask = np.zeros((M, R), dtype=bool)
        for j, m in enumerate(self._messages):
            for r in per[m]:
                mask[j, self._responses.index(r)] = True
        for i, t in enumerate(self._types):
            for j, m in enumerate(self._messages):
                for r in per[m]:
                    try:
                        v = fn(t, m, r)
                    except KeyError:
                        raise GameError(f"payoff table has no entry for ({t!r}, {m!r}, {r!r})") from None
                    v = tuple(v) if isinstance(v, Sequence | np.ndarray) else (v,)
                    if len(v) != 2:
                        raise GameError(f"payoffs at ({t!r}, {m!r}, {r!r}): give (sender, receiver), got {v}")
                    raw[i, j, self._responses.index(r)] = v
        self._mask = mask
        R = self._responses
        root = signalling_root(self._types, self._prior, self._messages, per,
                               lambda t, m, r: tuple(raw[self._types.index(t), self._messages.index(m), R.index(r)]),
                               players)
        super().__init__(root, players, title)
        self._u_float = np.array(raw.tolist(), dtype=float) * mask[None, :, :, None]
        exact = self.is_exact and all(is_rational_scalar(x) for x in raw.ravel())
        self._u_exact = np.vectorize(to_fraction, otypes=[object])(raw) if exact else None
        self._prior_exact = tuple(to_fraction(x) for x in self._prior) if exact else None

    # ----------------------------------------------------------------- structure
    @property
    def sender_types(self) -> tuple[str, ...]:
        return self._types

    @property
    def messages(self) -> tuple[str, ...]:
        return self._messages

    @property
    def responses(self) -> tuple[str, ...]:
        """Every response label (the union over messages)."""
        return self._responses

    def responses_to(self, message: str) -> tuple[str, ...]:
        return self._per_message[message]

    @property
    def response_mask(self) -> np.ndarray:
        """``mask[m, r]``: response ``r`` is available after message ``m``."""
        return self._mask

    def prior_vector(self, *, exact: bool = False) -> tuple[Any, ...]:
        """The prior in type order (Fractions with ``exact``)."""
        if exact:
            if self._prior_exact is None:
                raise GameError("exact=True needs rational payoffs and prior")
            return self._prior_exact
        return tuple(float(x) for x in self._prior)

    def payoff_arrays(self, *, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """``(u_S, u_R)``, each of shape ``(types, messages, responses)`` (object Fractions with ``exact``).

        Entries for responses unavailable after a message are 0 (see :attr:`response_mask`).
        """
        if exact:
            if self._u_exact is None:
                raise GameError("exact=True needs rational payoffs and prior")
            return self._u_exact[..., 0], self._u_exact[..., 1]
        return self._u_float[..., 0], self._u_float[..., 1]

    def sender_infoset(self, type_: str) -> Any:
        return self.infoset(f"{self.players[0]}:{type_}")

    def receiver_infoset(self, message: str) -> Any:
        return self.infoset(f"{self.players[1]}:{message}")

    def with_prior(self, prior: Mapping[str, Any] | Sequence[Any]) -> SignallingGame:
        """The same game with another prior (for sweeps and thresholds in the prior)."""
        src = self._u_exact if self._u_exact is not None else self._u_float
        R = self._responses
        return SignallingGame(self._types, prior, self._messages, self._per_message,
                              lambda t, m, r: tuple(src[self._types.index(t), self._messages.index(m), R.index(r)]),
                              players=self.players, title=self.title)



class SignallingModel(ExtensiveModel):
    """A parametric signalling game: prior and payoffs are numpy expressions of named parameters.

    ``model.tree(**values)`` is the :class:`SignallingGame` at those values (so the signalling
    solver, the intuitive criterion and D1 apply); ``model.game`` and ``model.payoffs`` its reduced
    normal form, batched over parameter arrays, as for every
    :class:`~bargain.model.extensive.ExtensiveModel`.

    Parameters
    ----------
    name, parameters, title, description, references : str
        as for :class:`~bargain.model.parameters.Model`.
    sender_types, messages, responses : Sequence[str]
        as for :class:`SignallingGame` (they do not depend on the
        parameters; ``responses`` a list, or ``{message: [response, ...]}``).
    prior : Any
        ``f(p)`` returning the prior in type order (or a fixed sequence).
    payoffs : Callable[[Any, str, str, str], Any]
        ``f(p, type, message, response)`` returning ``(u_sender, u_receiver)``.
    players : Sequence[str], default ('Sender', 'Receiver')
        ``(sender, receiver)``.
    """

    def __init__(self, name: str, parameters: Sequence[Any], *, sender_types: Sequence[str], messages: Sequence[str],
                 responses: Sequence[str] | Mapping[str, Sequence[str]], prior: Any,
                 payoffs: Callable[[Any, str, str, str], Any], players: Sequence[str] = ("Sender", "Receiver"),
                 title: str = "", description: str = "", references: Sequence[str] = ()) -> None:
        self._types = _labels("sender_types", sender_types)
        self._messages = _labels("messages", messages)
        if isinstance(responses, Mapping):
            self._per = {m: _labels(f"responses to {m!r}", responses[m]) for m in self._messages}
        else:
            self._per = dict.fromkeys(self._messages, _labels("responses", responses))
        self._prior_spec = prior
        self._payoff_fn = payoffs
        self._players = tuple(str(x) for x in players)

        def tree_function(p: Any) -> Any:
            return signalling_root(self._types, self._prior_at(p), self._messages, self._per,
                                   lambda t, m, r: self._payoff_fn(p, t, m, r), self._players)

        super().__init__(name, parameters, tree_function, players=self._players, title=title,
                         description=description, references=references)

    def _prior_at(self, p: Any) -> tuple[Any, ...]:
        return tuple(self._prior_spec(p) if callable(self._prior_spec) else self._prior_spec)

    def tree(self, *, exact: bool = False, **values: Any) -> SignallingGame:
        """The :class:`SignallingGame` at one parameter point (defaults for the others)."""
        super().tree(exact=exact, **values)          # validates values and the tree's shape
        p = self._point(exact, values)
        return SignallingGame(self._types, self._prior_at(p), self._messages, self._per,
                              lambda t, m, r: self._payoff_fn(p, t, m, r), players=self._players, title=self.title)

    def payoff_arrays(self, **values: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(u_S, u_R, prior)`` over a batch of parameter values, in one array operation.

        Returns arrays of shapes ``batch + (types, messages, responses)`` (twice) and
        ``batch + (types,)``, with the label order of :attr:`reference_tree` (responses: their
        order after each message; the same number after every message is required).
        """
        counts = {len(v) for v in self._per.values()}
        if len(counts) != 1:
            raise GameError("payoff_arrays needs the same number of responses after every message")
        u, probs = self.leaf_values(**values)
        shape = (*u.shape[:-2], len(self._types), len(self._messages), counts.pop())
        return u[..., 0].reshape(shape), u[..., 1].reshape(shape), probs[0]
