"""The solver registry: names, aliases, method choice and bad requests."""

import pytest

import bargain as bg
from bargain.errors import GameError
from bargain.model.extensive import Decision, Terminal

PD = bg.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def test_auto_uses_complete_methods():
    eqs = bg.solve(PD)
    assert eqs.method == "enumeration" and eqs.complete
    three = bg.solve(bg.Game([[[[1, 0], [0, 1]], [[0, 1], [1, 0]]]] * 3))
    # a complete method; this game has a curve of equilibria on its full support, which only the second
    # route backs, so the answer says the two routes agree instead of calling itself complete
    assert three.method == "polynomial" and not three.complete and three.evidence.agreed
    assert three.completeness == "not guaranteed complete: two routes agree"
    generic = bg.solve(bg.Game([[[[3, 0], [1, 2]], [[0, 4], [2, 1]]], [[[2, 1], [0, 3]], [[1, 0], [4, 2]]],
                                [[[1, 3], [2, 0]], [[4, 1], [0, 2]]]]))
    assert generic.method == "polynomial" and generic.complete and generic.evidence.kind in ("index", "enumeration")


def test_unknown_method_suggests_the_closest():
    with pytest.raises(GameError, match="did you mean 'enumeration'"):
        bg.solve(PD, method="enumeraton")


def test_wrong_player_count_and_missing_exact_mode():
    with pytest.raises(GameError, match="2-player games"):
        bg.solve(bg.Game([[[[1, 0], [0, 1]], [[0, 1], [1, 0]]]] * 3), method="lemke-howson")
    with pytest.raises(GameError, match="no exact mode"):
        bg.solve(PD, method="qre", exact=True)


def test_trees_and_models_get_a_pointer_to_the_right_call():
    tree = bg.ExtensiveGame(Decision("A", {"L": Terminal(1, 0), "R": Terminal(0, 1)}), players=("A", "B"))
    eqs = bg.solve(tree)            # a tree goes to the sequence form, and the note says so
    assert eqs.method == "seqform-enum" and eqs.notes[0].startswith("auto: two-player tree")
    assert [e.behaviour.action(0) for e in eqs] == ["L"]
    with pytest.raises(GameError, match="solves normal-form games"):
        bg.solve(tree, method="lemke-howson")
    with pytest.raises(GameError, match="solves game trees"):
        bg.solve(bg.Game.from_matrices([[1]], [[1]]), method="seqform-lcp")
    with pytest.raises(GameError, match=r"model\.game"):
        bg.solve(bg.load_game("buffer_state"))
    with pytest.raises(GameError, match=r"needs a bargain\.Game"):
        bg.solve([[1, 2], [3, 4]])


def test_method_choice_is_kept_per_shape_and_renewed_when_a_solver_registers():
    """auto's choice depends on the shape only: it is worked out once per shape, and again after a registration."""
    from bargain.solvers import registry

    game = bg.Game.from_matrices([[1.0, 2.0, 0.0]], [[0.0, 1.0, 3.0]])
    first = registry.method_choice(game)
    assert registry.method_choice(bg.Game.from_matrices([[5.0, 0.0, 1.0]], [[1.0, 1.0, 0.0]])) is first
    assert first == registry._choice_for_shape((1, 3))
    registry.register("enumeration", **{k: getattr(registry.get_solver("enumeration"), k) for k in (
        "players", "complete", "exact", "description", "aliases", "tree", "scale_free", "resolve", "resolve_route",
        "reports")})(registry.get_solver("enumeration").func)
    again = registry.method_choice(game)
    assert again is not first and again == first
