"""The package's shape: modules stay small, imports form no cycle, and no layer imports a higher one.

Layers (see ``bargain/__init__.py``): ``errors`` < ``model``, ``linalg`` < ``solvers`` <
``analysis`` < ``io``, ``cli``, ``plot``, ``explore``, ``testing``.  Imports inside
``if TYPE_CHECKING:`` and ``if __name__ == "__main__":`` blocks do not run on import and are
ignored.  The only upward imports allowed are
those listed in :data:`DEFERRED`, each made inside a function body (so it runs on demand, after both
layers are loaded) and never at module level; a test checks that.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bargain"
MAX_LINES = 600
# (importer, imported): why a lower layer may reach up, on demand only.  The two that stay are
# methods of the result objects themselves (eq.formula(), game._repr_html_()), part of the public
# surface: moving them up a layer would remove them from the objects, and a renderer registered by
# the higher layer when it loads would make them fail until something imported that layer first.
# (print(sweep) no longer imports io itself: it goes through the RichDisplay mixin's text table.)
DEFERRED = {
    ("bargain.solvers.result", "bargain.analysis.symbolic"):
        "Equilibrium.formula() / Equilibria.formulas() hand the equilibrium to the symbolic package",
    ("bargain.model.rich", "bargain.io.display"):
        "the rich display mixin (_repr_html_, _repr_latex_, to_frame) hands a result to the io renderer",
}
LAYERS = {"errors": 0, "model": 1, "linalg": 1, "solvers": 2, "analysis": 3,
          "io": 4, "cli": 4, "plot": 4, "explore": 4, "testing": 4}


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


def _runtime_nodes(tree: ast.AST):
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and ("TYPE_CHECKING" in ast.unparse(child.test)
                                          or "__main__" in ast.unparse(child.test)):
            continue
        yield child
        yield from _runtime_nodes(child)


def _module_level_nodes(tree: ast.AST):
    """The runtime nodes outside function bodies: what runs when the module is imported."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and ("TYPE_CHECKING" in ast.unparse(child.test)
                                          or "__main__" in ast.unparse(child.test)):
            continue
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        yield child
        yield from _module_level_nodes(child)


def _imports(mods: dict[str, Path], nodes=_runtime_nodes, deferred: bool = False) -> dict[str, set[str]]:
    """Each module's imports of other bargain modules (including those inside functions).

    ``nodes`` picks which nodes count (all runtime nodes, or the module-level ones); the edges in
    :data:`DEFERRED` are left out unless ``deferred``.
    """

    def owner(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        deps: set[str | None] = set()
        for node in nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps |= {owner(a.name) for a in node.names if a.name.startswith("bargain")}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    head = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(head + ([base] if base else []))
                if base.startswith("bargain"):
                    deps |= {f"{base}.{a.name}" if f"{base}.{a.name}" in mods else owner(base) for a in node.names}
        deps.discard(None)
        deps.discard(mod)
        graph[mod] = {d for d in deps if d is not None and (deferred or (mod, d) not in DEFERRED)}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan 1972)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _layer(mod: str) -> int | None:
    parts = mod.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_no_module_is_over_600_lines():
    long = {str(p.relative_to(PACKAGE.parent)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_import_graph_has_no_cycle():
    assert _cycles(_imports(_modules())) == []


@pytest.mark.slow
def test_no_module_imports_a_higher_layer():
    upward = [(m, d) for m, deps in _imports(_modules()).items() for d in deps
              if _layer(m) is not None and _layer(d) is not None and _layer(d) > _layer(m)]
    assert upward == []


@pytest.mark.slow
def test_deferred_upward_imports_happen_only_inside_functions():
    every = _imports(_modules(), deferred=True)
    at_import = _imports(_modules(), nodes=_module_level_nodes, deferred=True)
    for importer, imported in DEFERRED:
        assert imported in every[importer], f"{importer} no longer imports {imported}: drop it from DEFERRED"
        assert imported not in at_import[importer], f"{importer} imports {imported} at module level"


def test_the_checks_can_fail():
    """The cycle and layer detectors flag a cycle and an upward import they are shown."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _layer("bargain.model.game") < _layer("bargain.solvers.lp") < _layer("bargain.analysis.sweep")
    assert _layer("bargain.analysis.sweep") < _layer("bargain.cli._common")


@pytest.mark.parametrize("name", ["solve_2x2x2_batch", "solve_support"])
def test_internals_are_not_public(name):
    import bargain

    assert name not in bargain.__all__


def test_every_public_name_resolves():
    import bargain

    for name in bargain.__all__:
        assert getattr(bargain, name) is not None, name
