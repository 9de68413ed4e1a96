"""The public surface's docstrings: numpydoc sections that match the signatures.

Every function and class named in ``bargain.__all__`` or in a subpackage's ``__all__`` has a
docstring that numpydoc parses with a summary; a Parameters section naming exactly the parameters
of the signature (a class: of its constructor); a Returns section (functions); a Raises section
where the body raises; and a References section where it implements an algorithm (every public
function of the solver and analysis layers, except the few listed in :data:`NOT_ALGORITHMS`).
No section is a placeholder.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import textwrap
from pathlib import Path

import pytest

numpydoc_validate = pytest.importorskip("numpydoc.validate")
docscrape = pytest.importorskip("numpydoc.docscrape")

PACKAGE = Path(__file__).resolve().parent.parent / "bargain"
# numpydoc.validate codes that are errors here: no docstring, no summary, a parameter of the
# signature left out, a documented parameter that the signature lacks, no Returns section
CODES = {"GL08", "SS01", "PR01", "PR02", "RT01"}
# public functions of the solver and analysis layers that are plumbing, not an algorithm
NOT_ALGORITHMS = {
    "bargain.solvers.registry.available_solvers": "lists the registered solvers",
    "bargain.solvers.registry.get_solver": "looks a solver up by name",
    "bargain.solvers.batch.engine.batch_supported": "says whether a shape is in the batch engine's range",
    "bargain.solvers.batch.engine.nan_to_none": "turns NaN entries into None for output",
    "bargain.solvers.sequence_form.sequences.sequence_form": "builds the sequence form (a representation)",
    "bargain.analysis.bargaining.feasible.as_feasible_set": "converts a user's input to a FeasibleSet",
    "bargain.analysis.symbolic.trace.latex_name": "writes a parameter name in LaTeX",
}
PLACEHOLDER = re.compile(r"\b(TODO|FIXME|XXX|TBD)\b")


def _packages() -> list[str]:
    return sorted(".".join(p.relative_to(PACKAGE.parent).parent.parts) for p in PACKAGE.rglob("__init__.py"))


def _public() -> dict[str, object]:
    """Every public function and class, by the dotted path where it is defined."""
    out: dict[str, object] = {}
    for pkg in _packages():
        module = importlib.import_module(pkg)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                out.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
    return out


PUBLIC = _public()


def _raises(obj: object) -> bool:
    """Whether the function (a class: its ``__init__`` or ``__post_init__``) has a ``raise`` of its own."""
    own = () if inspect.isfunction(obj) else (vars(obj).get("__init__"), vars(obj).get("__post_init__"))
    funcs = [obj] if inspect.isfunction(obj) else [f for f in own if inspect.isfunction(f)]
    for f in funcs:
        try:
            source = inspect.getsource(f)
        except OSError:                 # generated (a dataclass's __init__): it raises nothing of its own
            continue
        tree = ast.parse(textwrap.dedent(source))
        body = tree.body[0]
        stack = list(ast.iter_child_nodes(body))
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Raise):
                return True
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.extend(ast.iter_child_nodes(node))
    return False


def test_the_public_surface_is_found():
    names = {path.rpartition(".")[2] for path in PUBLIC}
    assert {"solve", "Game", "sweep", "nash_solution", "rubinstein", "sequential_equilibria"} <= names
    assert len(PUBLIC) > 100


@pytest.mark.parametrize("path", sorted(PUBLIC))
def test_numpydoc_sections(path):
    obj = PUBLIC[path]
    errors = [f"{code}: {msg}" for code, msg in numpydoc_validate.validate(path)["errors"] if code in CODES]
    if inspect.isclass(obj):
        errors = [e for e in errors if not e.startswith("RT01")]
    assert errors == []
    doc = (docscrape.ClassDoc if inspect.isclass(obj) else docscrape.FunctionDoc)(obj)
    if _raises(obj):
        assert doc["Raises"], f"{path} raises but has no Raises section"
    layer = path.split(".")[1]
    if inspect.isfunction(obj) and layer in ("solvers", "analysis") and path not in NOT_ALGORITHMS:
        assert doc["References"], f"{path} implements an algorithm but names no reference"
    text = inspect.getdoc(obj) or ""
    assert not PLACEHOLDER.search(text), f"{path}: placeholder text"
    for section in ("Parameters", "Returns", "Raises"):
        for entry in doc[section]:
            assert entry.desc and " ".join(entry.desc).strip() not in ("", "..."), f"{path}: empty {section} entry"


def test_the_checks_can_fail():
    """A function without Returns or with an undocumented parameter is flagged."""
    doc = docscrape.get_doc_object(_undocumented)            # this module need not be importable by name
    errors = {code for code, _ in numpydoc_validate.validate(doc)["errors"]}
    assert {"PR01", "RT01"} <= errors
    assert _raises(_undocumented) and not _raises(test_the_checks_can_fail)


def _undocumented(x: int) -> int:
    """Half of an even number."""
    if x % 2:
        raise ValueError("odd")
    return x // 2
