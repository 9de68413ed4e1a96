"""Gambit .nfg files: both versions, labels, exact numbers, errors, and round trips with pygambit."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.io.lexer import line_column, normalize_labels, tokenize
from bargain.io.nfg import format_nfg, parse_nfg, read_nfg, read_nfg_file, write_nfg

# The Gambit manual's example (Selten 1975, fig. 2) in both versions.
SELTEN_PAYOFF = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""
SELTEN_OUTCOME = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""


def test_payoff_version_order_player_one_fastest():
    g = parse_nfg(SELTEN_PAYOFF).game
    assert g.shape == (3, 2) and g.players == ("Player 1", "Player 2")
    assert g.strategies == (("1", "2", "3"), ("1", "2"))
    A, B = g.exact_matrices()
    # profiles (1,1) (2,1) (3,1) (1,2) (2,2) (3,2) -> 1 1, 0 2, 0 2, 1 1, 0 3, 2 0
    assert A.tolist() == [[1, 1], [0, 0], [0, 2]]
    assert B.tolist() == [[1, 1], [2, 3], [2, 0]]
    assert g.is_exact


def test_outcome_version_equals_payoff_version():
    f = parse_nfg(SELTEN_OUTCOME)
    assert f.version == "outcome"
    assert f.game == parse_nfg(SELTEN_PAYOFF).game
    assert f.outcome_labels == ("_1", "_2", "_3", "_4", "_5", "_6")   # empty labels renamed as Gambit does


def test_quoted_labels_comment_outcome_references_and_exact_numbers():
    text = r'''NFG 1 R "The \"chicken\" game" { "Row \"R\"" "Col" }
{ { "Swerve" "Straight" } { "Swerve" "Straight" } }
"a comment with { braces } and numbers 1 2 3"
{ { "tie" 0, 0 } { "lose" -1, 1 } { "win" 1 -1 } { "crash" -10 -1e1 } }
1 3 2 4
'''
    f = parse_nfg(text)
    g = f.game
    assert f.title == 'The "chicken" game'
    assert f.comment == "a comment with { braces } and numbers 1 2 3"
    assert g.players == ('Row "R"', "Col")
    A, B = g.exact_matrices()
    assert A.tolist() == [[0, -1], [1, -10]]
    assert B.tolist() == [[0, 1], [-1, -10]]
    assert f.outcome_labels == ("tie", "lose", "win", "crash")


def test_null_outcome_and_repeated_outcomes():
    text = 'NFG 1 R "" { "A" "B" } { { "x" "y" } { "u" } } "" { { "o" 2 3 } } 0 1'
    g = parse_nfg(text).game
    assert g.exact_payoffs[:, 0, 0].tolist() == [0, 0]
    assert g.exact_payoffs[:, 1, 0].tolist() == [2, 3]


def test_decimals_and_rationals_are_exact():
    g = parse_nfg('NFG 1 R "" { "A" "B" } { 1 2 } 0.1 1/3 -.5 2.5e-1').game
    assert g.exact_payoffs.ravel().tolist() == [Fraction(1, 10), Fraction(-1, 2), Fraction(1, 3), Fraction(1, 4)]


def test_label_normalization_matches_gambit():
    assert normalize_labels(["", "x", "x", "y"]) == ["_1", "x_1", "x_2", "y"]
    assert normalize_labels(["a", "a", "a_1"]) == ["a_2", "a_3", "a_1"]
    g = parse_nfg('NFG 1 R "" { "" "" } { { "s" "s" } { "" "t" } } 1 2 3 4 5 6 7 8').game
    assert g.players == ("_1", "_2")
    assert g.strategies == (("s_1", "s_2"), ("_1", "t"))


def test_tokenizer_keeps_positions():
    text = 'NFG 1\n  "a b" {'
    toks = tokenize(text)
    newlines = [k for k, c in enumerate(text) if c == "\n"]
    assert [(t.kind, t.text, *line_column(newlines, t.pos)) for t in toks[:4]] == [
        ("symbol", "NFG", 1, 1), ("number", "1", 1, 5), ("text", "a b", 2, 3), ("{", "{", 2, 9)]


def _random_game(rng, shape, exact=True):
    n = len(shape)
    if exact:
        num = rng.integers(-20, 21, size=(n, *shape))
        den = rng.integers(1, 7, size=(n, *shape))
        pay = np.empty((n, *shape), dtype=object)
        for idx in np.ndindex(*pay.shape):
            pay[idx] = Fraction(int(num[idx]), int(den[idx]))
    else:
        pay = rng.normal(size=(n, *shape)) * 10
    players = [f'P "{i}"' if i == 0 else f"Player {i}" for i in range(n)]
    strategies = [[f"s{i}{k}" if k else f'q"{i}\\x' for k in range(s)] for i, s in enumerate(shape)]
    return bg.Game(pay, players, strategies)


SHAPES = [(2, 2), (3, 2), (1, 4), (2, 3, 2), (2, 2, 2, 2), (4, 1, 3)]


@pytest.mark.parametrize("outcomes", [False, True])
@pytest.mark.parametrize("exact", [True, False])
def test_round_trip_ours(outcomes, exact):
    rng = np.random.default_rng(7)
    for shape in SHAPES:
        g = _random_game(rng, shape, exact)
        text = format_nfg(g, "t", "c", outcomes=outcomes)
        back = parse_nfg(text)
        assert back.title == "t" and back.comment == "c"
        assert back.game.players == g.players and back.game.strategies == g.strategies
        if exact:
            assert back.game == g
        else:   # floats are written by their shortest repr and read back as exact decimals
            assert np.array_equal(back.game.payoffs, g.payoffs)


def test_write_and_read_file(tmp_path):
    g = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Col"))
    path = tmp_path / "pd.nfg"
    write_nfg(g, path, title="PD", comment="prisoners")
    assert read_nfg(path) == g
    assert read_nfg_file(path).title == "PD"


BAD = [
    ("", "the file is empty"),
    ("EFG 2 R \"x\" { }", "not a Gambit strategic-form"),
    ('NFG 2 R "x" { "a" } { 1 } 1', "version"),
    ('NFG 1 R "x" { "a" "b" } { 2 2 } 1 2 3', "ends after 3 of 8 payoffs"),
    ('NFG 1 R "x" { "a" "b" } { 2 2 } 1 2 3 4 5 6 7 8 9', "too many entries"),
    ('NFG 1 R "x" { "a" "b" } { 2 2 } 1 2 x 4 5 6 7 8', "'x' is not a number"),
    ('NFG 1 R "x" { "a" "b" } { 2 2 } 1 2 3 4 5 6 7 1/0', "divides by zero"),
    ('NFG 1 R "x" { "a" "b" } { 2 } 1 2', "give one count per player"),
    ('NFG 1 R "x" { "a" "b" } { 2 0 } ', "must be an integer >= 1"),
    ('NFG 1 R "x { "a" } { 1 } 1', "quoted label never ends"),
    ('NFG 1 R "x" { "a" "b" } { { "s" } { "t" } } "" { { "o" 1 } } 1', "has 1 payoff(s)"),
    ('NFG 1 R "x" { "a" "b" } { { "s" } { "t" } } "" { { "o" 1 2 3 } } 1', "more than 2 payoffs"),
    ('NFG 1 R "x" { "a" "b" } { { "s" } { "t" } } "" { { "o" 1 2 } } 2', "outcome number 2 does not exist"),
    ('NFG 1 R "x" { "a" "b" } { { "s" "u" } { "t" } } "" { { "o" 1 2 } } 1', "ends after 1 of 2 outcome"),
    ('NFG 1 R "x" { } { } ', "no players"),
    ('NFG 1 R "x" { "a" "b" } { { "s" } { } } 1 2', "has no strategies"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_malformed_files_raise_game_error(text, message):
    with pytest.raises(GameError, match="line") as info:
        parse_nfg(text, "bad.nfg")
    assert message in str(info.value)
    assert str(info.value).startswith("bad.nfg: line ")


def test_unreadable_files(tmp_path):
    with pytest.raises(GameError, match="does not exist"):
        read_nfg(tmp_path / "missing.nfg")
    with pytest.raises(GameError, match="is a directory"):
        read_nfg(tmp_path)
    binary = tmp_path / "bin.nfg"
    binary.write_bytes(b"NFG 1 R \xff\xfe\x00")
    with pytest.raises(GameError, match="not UTF-8"):
        read_nfg(binary)


# ----------------------------------------------------------------- pygambit cross-checks
@pytest.fixture
def gbt():
    """pygambit, the reference implementation (only these cross-checks skip without it)."""
    return pytest.importorskip("pygambit")


def _gambit_payoffs(gg) -> np.ndarray:
    """Exact payoffs of a pygambit table, shape (n, s_1, ..., s_n); null outcomes pay 0."""
    shape = tuple(len(p.strategies) for p in gg.players)
    out = np.empty((len(shape), *shape), dtype=object)
    for prof in gg.contingencies:
        outcome = gg[prof]
        for i, p in enumerate(gg.players):
            out[(i, *prof)] = Fraction(str(outcome[p])) if outcome is not None else Fraction(0)
    return out


@pytest.mark.parametrize("outcomes", [False, True])
def test_pygambit_reads_what_we_write(tmp_path, outcomes, gbt):
    rng = np.random.default_rng(11)
    for k in range(12):
        shape = SHAPES[k % len(SHAPES)]
        g = _random_game(rng, shape, exact=k % 3 != 2)
        path = tmp_path / f"g{k}.nfg"
        write_nfg(g, path, title=f'game "{k}"', comment="c", outcomes=outcomes)
        gg = gbt.read_nfg(str(path))
        assert [p.label for p in gg.players] == list(g.players)
        assert [[s.label for s in p.strategies] for p in gg.players] == [list(s) for s in g.strategies]
        assert gg.title == f'game "{k}"'
        ours = g.exact_payoffs if g.is_exact else g.to_exact().exact_payoffs
        assert np.array_equal(_gambit_payoffs(gg), ours)


def test_we_read_what_pygambit_writes(tmp_path, gbt):
    rng = np.random.default_rng(5)
    for k, shape in enumerate(SHAPES * 2):
        arrays = [rng.integers(-9, 10, size=shape) for _ in shape]
        gg = gbt.Game.from_arrays(*arrays, title=f"random {k}")
        for i, p in enumerate(gg.players):
            p.label = f'Pl"ayer {i}' if i == 0 else f"Player {i}"
        if k % 2:   # a quoted outcome label, and a deleted outcome (profiles fall back to the null outcome)
            next(iter(gg.outcomes)).label = 'the "first" outcome'
            gg.delete_outcome(list(gg.outcomes)[-1])
        text = gg.to_nfg()
        path = tmp_path / f"p{k}.nfg"
        path.write_text(text)
        f = read_nfg_file(path)
        assert f.version == "outcome"
        assert f.title == f"random {k}"
        assert f.game.players == tuple(p.label for p in gg.players)
        assert f.game.strategies == tuple(tuple(s.label for s in p.strategies) for p in gg.players)
        assert np.array_equal(f.game.exact_payoffs, _gambit_payoffs(gg))
        # and the round trip through our writer gives pygambit the same game again
        write_nfg(f.game, tmp_path / "x.nfg")
        back = gbt.read_nfg(str(tmp_path / "x.nfg"))
        assert np.array_equal(_gambit_payoffs(back), _gambit_payoffs(gg))


def test_pygambit_reads_shared_outcomes_and_null(tmp_path, gbt):
    text = 'NFG 1 R "t" { "A" "B" } { { "x" "y" } { "u" "v" } } "" { { "o" 1/2, 3 } { "p" 0.25, -1 } } 1 0 2 1'
    path = tmp_path / "t.nfg"
    path.write_text(text)
    ours = read_nfg(path)
    theirs = gbt.read_nfg(str(path))
    assert np.array_equal(ours.exact_payoffs, _gambit_payoffs(theirs))


# ----------------------------------------------------------------- property: any labels and numbers survive
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_label = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(players=st.lists(_label, min_size=1, max_size=3, unique=True), data=st.data())
def test_round_trip_any_labels_and_rationals(players, data):
    shape = [data.draw(st.integers(1, 3)) for _ in players]
    strategies = [data.draw(st.lists(_label, min_size=s, max_size=s, unique=True)) for s in shape]
    n = len(players)
    cells = data.draw(st.lists(st.fractions(max_denominator=50).filter(lambda q: abs(q) < 10**6),
                               min_size=n * int(np.prod(shape)), max_size=n * int(np.prod(shape))))
    pay = np.empty(n * int(np.prod(shape)), dtype=object)
    pay[:] = cells
    g = bg.Game(pay.reshape((n, *shape)), players, strategies)
    title = data.draw(_label)
    for outcomes in (False, True):
        back = parse_nfg(format_nfg(g, title, outcomes=outcomes))
        assert back.game == g and back.title == title
