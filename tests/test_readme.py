"""The README's examples run: every ```python block (in order, in one namespace) and every command of
its ```text command-line sessions, whose printed output must be what the README shows."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXIT_STATUS = re.compile(r"^\(exit status (\d+)\)$")


def blocks(language: str) -> list[tuple[int, str]]:
    """``(line number, body)`` of every fenced block of ``language`` in the README, in order."""
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group(2)) for m in FENCE.finditer(text) if m.group(1) == language]


def sessions() -> list[tuple[str, str, int]]:
    """``(command line, expected output, expected exit status)`` for each ``$ bargain ...`` in the text blocks."""
    out = []
    for _, body in blocks("text"):
        lines = body.splitlines()
        starts = [k for k, line in enumerate(lines) if line.startswith("$ ")]
        for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
            shown = [line.rstrip() for line in lines[a + 1:b]]
            while shown and not shown[-1]:
                shown.pop()
            status = 0
            if shown and (m := EXIT_STATUS.match(shown[-1])):
                status = int(m.group(1))
                shown.pop()
            out.append((lines[a][2:], "\n".join(shown), status))
    return out


def as_on_a_terminal(text: str) -> str:
    """What a terminal shows for ``text``: a carriage return moves back to the start of the line and
    what follows overwrites it (so transient progress lines, erased with blanks, vanish); trailing
    whitespace is dropped."""
    shown = []
    for line in text.split("\n"):
        cells: list[str] = []
        for piece in line.split("\r"):
            cells[:len(piece)] = piece
        shown.append("".join(cells).rstrip())
    return "\n".join(shown).strip("\n")


PYTHON_BLOCKS = blocks("python")
SESSIONS = sessions()


def test_the_readme_has_examples() -> None:
    assert len(PYTHON_BLOCKS) >= 5 and len(SESSIONS) >= 5
    assert all(cmd.startswith("bargain ") for cmd, _, _ in SESSIONS)


@pytest.mark.slow
def test_python_blocks_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python block runs, in order, in one namespace (later blocks use earlier names, like ``bg``),
    from an empty working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": "readme"}
    for line, body in PYTHON_BLOCKS:
        code = compile(body, f"README.md, block at line {line}", "exec")
        exec(code, namespace)                # the README's own examples


@pytest.mark.parametrize(("command", "expected", "status"), SESSIONS, ids=[c for c, _, _ in SESSIONS])
def test_cli_session_prints_what_the_readme_shows(command: str, expected: str, status: int) -> None:
    """Run the command (``python -m bargain``, the same entry point as the ``bargain`` script) and
    compare its output (stdout and stderr as a terminal interleaves them) with the README's."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200", "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "bargain", *shlex.split(command)[1:]], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300, cwd=README.parent)
    printed = as_on_a_terminal(proc.stdout.decode("utf-8"))   # bytes: text mode would turn "\r" into "\n"
    assert proc.returncode == status, printed
    assert printed == expected
