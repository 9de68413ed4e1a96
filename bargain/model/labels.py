"""Labels a user gives (player names, action and type names), checked against the valid ones.

Each check names what is wrong, the nearest valid labels and all of them, in one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bargain.errors import GameError, did_you_mean

__all__ = ["check_labels", "player_position"]


def player_position(players: Sequence[str], player: int | str) -> int:
    """The index of ``player`` (a name or an index) among ``players``.

    Parameters
    ----------
    players : sequence of str
        The players' names, in order.
    player : int or str
        A name, or an index into ``players``.

    Returns
    -------
    int
        The player's index.

    Raises
    ------
    GameError
        For an unknown name (with the nearest names) or an index out of range.
    """
    if isinstance(player, str):
        if player not in players:
            raise GameError(f"unknown player {player!r}; players are {list(players)}"
                            f"{did_you_mean(player, players)}")
        return list(players).index(player)
    p = int(player)
    if not 0 <= p < len(players):
        raise GameError(f"player index {p} out of range 0..{len(players) - 1}")
    return p


def check_labels(keys: Iterable[object], labels: Iterable[str], owner: str, noun: str) -> None:
    """Raise :class:`GameError` for the first of ``keys`` that is not one of ``labels``.

    Parameters
    ----------
    keys : iterable
        The labels a user gave (keys of a mapping, or a single choice in a list).
    labels : iterable of str
        The valid labels, in order.
    owner : str
        What the labels belong to, as the message's subject (``"information set 'S'"``).
    noun : str
        What one label is (``"action"``, ``"type"``).

    Returns
    -------
    None
        When every key is a valid label.

    Raises
    ------
    GameError
        ``"<owner> has no <noun> 'k' (did you mean ...?); its <noun>s are [...]"``.
    """
    labels = list(labels)
    for key in keys:
        if key not in labels:
            raise GameError(f"{owner} has no {noun} {key!r}{did_you_mean(str(key), labels)}; "
                            f"its {noun}s are {labels}")
