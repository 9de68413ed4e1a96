"""The single-solve profiler (``python -m benchmarks.profile_solve``) names the stages it times."""

import pytest

from benchmarks import profile_solve


def test_two_player_profile_names_its_stages_and_times_quantecon_on_the_same_game():
    pytest.importorskip("quantecon")
    text = profile_solve.profile((4, 4), n=3, top=3)
    head = text.splitlines()[0]
    assert head.startswith("4x4: ") and "; quantecon vertex_enumeration " in head
    assert "two players: candidates verified" in text
    assert "two players: index evidence" in text


def test_three_player_profile_has_no_two_player_reference():
    text = profile_solve.profile((2, 2, 2), n=3, top=3)
    assert text.startswith("2x2x2: ") and "quantecon" not in text.splitlines()[0]
    assert "two players:" not in text


def test_integer_profile_names_the_exact_stages():
    text = profile_solve.profile_integer((2, 2, 2), n=1, top=3)
    assert text.startswith("2x2x2 (9 integer games, exact): ")
    assert "candidate verification (collector.add, add_continuum)" in text
    assert "completeness evidence (index, second route)" in text


@pytest.mark.parametrize("argv", [["--help"], ["0"], ["5", "6"], ["x"]])
def test_bad_arguments_get_one_usage_line_and_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        profile_solve.main(argv)
    assert exc.value.code == 2
    assert capsys.readouterr().err.strip() == profile_solve.USAGE
