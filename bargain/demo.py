"""``make demo``: solve a shipped game and print its equilibria.

Until the shipped US-China-DPRK games land this solves two classic games: the Prisoner's
Dilemma (one pure equilibrium) and Battle of the Sexes (two pure and one mixed).
"""

from __future__ import annotations

import bargain as bg


def main() -> None:
    pd = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Col"),
                               strategies=(("Cooperate", "Defect"), ("Cooperate", "Defect")))
    bos = bg.Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("Her", "Him"),
                                strategies=(("Opera", "Football"), ("Opera", "Football")))
    for title, game in (("Prisoner's Dilemma", pd), ("Battle of the Sexes", bos)):
        print(f"== {title}")
        print(bg.solve(game).table())
        print()


if __name__ == "__main__":
    main()
