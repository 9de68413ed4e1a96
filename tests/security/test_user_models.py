"""Issue item 11: a user's ``.py`` model whose payoff function raises, or returns something that is
not a number, gives one GameError naming the file and line, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import bargain as bg

TEMPLATE = '''
from bargain import Model, Parameter

x = Parameter("x", 1.0, (0.0, 2.0), unit="u", meaning="m", source="s")


def payoffs(p):
    {body}


model = Model("broken", [x], payoffs, players=("A", "B"), strategies=(("a", "b"), ("a", "b")))
'''


@pytest.mark.parametrize(("body", "match"), [
    ("return 1 / (p.x - p.x)", r"ZeroDivisionError.*broken_model\.py, line 8"),
    ("raise KeyError('no such thing')", r"KeyError.*broken_model\.py, line 8"),
    ("return {k: ('one', 2) for k in [('a', 'a'), ('a', 'b'), ('b', 'a'), ('b', 'b')]}",
     r"payoff of A at \('a', 'a'\) is str 'one', not a real number"),
    ("return {k: (1j, 2) for k in [('a', 'a'), ('a', 'b'), ('b', 'a'), ('b', 'b')]}", "not a real number"),
    ("return 'nonsense'", "returned str 'nonsense'"),
    ("return [[[1j, 0], [0, 0]], [[0, 0], [0, 0]]]", "complex"),
    ("return [[object()]]", "not a payoff table or an array of numbers"),
])
def test_payoff_function_errors_are_one_message(tmp_path: Path, body: str, match: str) -> None:
    f = tmp_path / "broken_model.py"
    f.write_text(TEMPLATE.format(body=body))
    model = bg.load_game(f)
    with pytest.raises(bg.GameError, match=match):
        model.game()
    for call in (lambda: model.payoffs(x=[0.5, 1.0]), lambda: model.game(exact=True)):
        with pytest.raises(bg.GameError) as info:
            call()
        assert "\n" not in str(info.value)
