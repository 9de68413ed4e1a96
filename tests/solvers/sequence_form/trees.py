"""Small game trees built in the tests themselves (so CI needs no external files)."""

from __future__ import annotations

from fractions import Fraction

from bargain.model.extensive import Chance, Decision, ExtensiveGame, Terminal

CARDS = ("J", "Q", "K")


def kuhn_poker() -> ExtensiveGame:
    """Kuhn (1950) poker: three cards, ante 1, one bet of 1; player 1 acts first.

    Information sets are named by the player's card and the visible history.
    """
    deals = {}
    for c1 in CARDS:
        for c2 in CARDS:
            if c1 == c2:
                continue
            win = 1 if CARDS.index(c1) > CARDS.index(c2) else -1

            def pay(v: int) -> Terminal:
                return Terminal(v, -v)

            p2_after_check = Decision("P2", {
                "Check": pay(win),
                "Bet": Decision("P1", {"Fold": pay(-1), "Call": pay(2 * win)}, infoset=f"1{c1}cb"),
            }, infoset=f"2{c2}c")
            p2_after_bet = Decision("P2", {"Fold": pay(1), "Call": pay(2 * win)}, infoset=f"2{c2}b")
            deals[f"{c1}{c2}"] = (Fraction(1, 6), Decision("P1", {"Check": p2_after_check, "Bet": p2_after_bet},
                                                          infoset=f"1{c1}"))
    return ExtensiveGame(Chance(deals), players=("P1", "P2"), title="Kuhn poker")
