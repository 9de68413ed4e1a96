"""Issue items 3, 4, 5 and 10 (the library side): LaTeX injection, terminal escapes, and what
``--output`` may do to devices, pipes, links and impossible paths."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from bargain import GameError
from bargain.io.files import atomic_write, read_text
from bargain.io.render import Mixture, Report, Table, latex_escape, render, visible

HOSTILE_TITLE = "T\n\\input{/etc/passwd}\n"
HOSTILE_LABEL = "a\n\\write18{touch x}"
ESCAPE = "\x1b]0;owned\x07red\x1b[31m\x9b2J\r"


def _report() -> Report:
    rows = [[HOSTILE_LABEL, Mixture(((HOSTILE_LABEL, 0.5), ("b", 0.5))), 1.5],
            [ESCAPE, Mixture(((ESCAPE, 1.0),)), 2]]
    return Report({"title": ESCAPE}, [Table(["name", "mix", ESCAPE], rows, title=HOSTILE_TITLE + ESCAPE,
                                            notes=[HOSTILE_LABEL, ESCAPE])], [HOSTILE_TITLE, ESCAPE])


# ------------------------------------------------------------------ item 3
def test_latex_strings_never_become_live_latex() -> None:
    out = render(_report(), "latex")
    for line in out.splitlines():
        if line.startswith("%"):
            continue                                       # a whole comment line is inert
        assert "\\input" not in line and "\\write18" not in line, line
    assert "\\input{" not in out and "\\write18{" not in out
    assert "\x1b" not in out and "\x07" not in out
    assert latex_escape("a\nb\r%c") == "a b \\%c"


# ------------------------------------------------------------------ item 4
@pytest.mark.parametrize("fmt", ["table", "csv", "json", "latex"])
def test_no_control_characters_reach_the_terminal(fmt: str) -> None:
    out = render(_report(), fmt)
    bad = [c for c in out if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f]
    assert not bad, [hex(ord(c)) for c in bad]
    if fmt == "table":
        assert "\\x1b]0;owned\\x07" in out          # shown, not acted on


def test_visible() -> None:
    assert visible("plain ünïcode") == "plain ünïcode"
    assert visible("a\x1bb\nc\x9b") == "a\\x1bb\\x0ac\\x9b"


# ------------------------------------------------------------------ item 5
def test_character_device_is_written_through_not_replaced() -> None:
    before = os.stat("/dev/null")
    atomic_write("/dev/null", "x" * 100)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_full_device_is_one_error_and_stays_a_device() -> None:
    with pytest.raises(GameError, match="disk is full"):
        atomic_write("/dev/full", "x")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    ready = threading.Event()

    def reader() -> None:
        with open(fifo, "rb") as f:
            ready.set()
            got.append(f.read())

    t = threading.Thread(target=reader)
    t.start()
    ready.wait(0.2)          # open() for reading blocks until the writer opens; give it a moment
    for _ in range(50):
        try:
            atomic_write(fifo, "through the pipe")
            break
        except GameError:    # the reader has not opened the pipe yet
            threading.Event().wait(0.02)
    t.join(5)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_fifo_without_reader_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(GameError, match="nothing is reading"):
        atomic_write(fifo, "x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic_write(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "created.txt")
    atomic_write(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "created.txt").read_text() == "made"


def test_regular_file_is_replaced_atomically_and_keeps_its_mode(tmp_path: Path) -> None:
    f = tmp_path / "out.txt"
    f.write_text("old")
    f.chmod(0o640)
    atomic_write(f, "new")
    assert f.read_text() == "new" and stat.S_IMODE(f.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]          # no temporary file left


# ------------------------------------------------------------------ item 10 (paths)
@pytest.mark.parametrize("path", ["/proc/bargain_output.txt", "/proc/self/status", "/sys/bargain.txt",
                                  "/sys/kernel/bargain.txt"])
def test_proc_and_sys_are_one_error(path: str) -> None:
    if not os.path.isdir("/" + path.split("/")[1]):
        pytest.skip("no such file system here")
    with pytest.raises(GameError, match="cannot write"):
        atomic_write(path, "x")


def test_long_names_and_paths_are_one_error(tmp_path: Path) -> None:
    with pytest.raises(GameError, match="too long"):
        atomic_write(tmp_path / ("n" * 300 + ".json"), "x")
    with pytest.raises(GameError):
        atomic_write("/" + "d" * 6000 + "/x.json", "x")
    with pytest.raises(GameError):
        read_text("/" + "d" * 6000 + ".nfg")
    ok = tmp_path / ("n" * 240 + ".json")                 # long, but within the file system's 255 bytes
    atomic_write(ok, "x")
    assert ok.read_text() == "x"


def test_failure_leaves_the_target_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "keep.txt"
    f.write_text("precious")

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(GameError, match="disk is full"):
        atomic_write(f, "new")
    assert f.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
